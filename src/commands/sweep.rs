/*!
`costcalc sweep`: one-way and two-way sensitivity. The metrics of one scenario
at each value of an input (`--vary outcomes.removals=0:600:50`), or at each pair
of values of two inputs (a grid, the first `--vary` outermost).

Each value is set exactly as `--set PATH=VALUE` would set it, so it is checked
like a value written in the file, and the metrics are those `compare` computes.
Values are exact decimals, `START + i × STEP`, never accumulated in floating
point: 0.1 steps from 0 reach 1.0 exactly.
*/

use crate::analysis::evaluate::{Entry, metrics_of};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::{
    FAILURE, MoneyOptions, SUCCESS, exit, override_note, print_error, print_note, print_reports,
    reported, write_output,
};
use crate::analysis::sweep::{CHUNK, Grid, MAX_ROWS, Sweep, Vary};
use crate::diagnostic::FileReport;
use crate::load::paths;
use crate::load::{Address, Field, Override};
use crate::model::Scenario;
use crate::money::rounding::grouped;
use crate::render::export::columns::COLUMNS;
use crate::render::export::human::plural;
use crate::render::export::{self, ExportOptions, Format, TableOptions};

pub struct SweepOptions {
    pub file: PathBuf,
    pub varies: Vec<Vary>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub table: TableOptions,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

/// The most rows a table or Markdown sweep may have: they are for reading,
/// and are laid out once every row is known. CSV and JSON stream.
pub const MAX_TABLE_ROWS: usize = 100_000;
pub fn run(options: SweepOptions) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let file = match paths::read(&options.file) {
        Ok(file) => file,
        Err(problem) => return reported(problem),
    };
    let axes: Vec<Vec<Decimal>> = match options.varies.iter().map(Vary::values).collect() {
        Ok(axes) => axes,
        Err(why) => {
            print_error(&why);
            return exit(FAILURE);
        }
    };
    let grid = Grid::new(axes);
    if grid.rows > MAX_ROWS {
        print_error(&format!(
            "the sweep would have {} rows, more than the {MAX_ROWS} allowed; use larger steps",
            grid.rows
        ));
        return exit(FAILURE);
    }
    let streams = matches!(options.format, Format::Csv | Format::Json);
    if !streams && grid.rows > MAX_TABLE_ROWS {
        print_error(&format!(
            "the sweep would have {} rows, too many for a {} (at most {MAX_TABLE_ROWS}); \
             write --format csv (or json), which is written row by row",
            grid.rows,
            if options.format == Format::Table {
                "table"
            } else {
                "Markdown table"
            }
        ));
        return exit(FAILURE);
    }
    // The scenario is read, extended and `--set` once; each point sets the
    // varied inputs on a copy of it.
    let loaded = match super::parsed(file.clone(), &options.overrides) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut addresses = Vec::with_capacity(options.varies.len());
    for vary in &options.varies {
        match Address::parse(&vary.path).and_then(|address| {
            address.locate(&loaded.scenario)?;
            Ok(address)
        }) {
            Ok(address) => addresses.push(address),
            Err(problem) => {
                let argument = format!("{}={}:{}:{}", vary.path, vary.start, vary.end, vary.step);
                return reported(super::vary_problem(&file, &argument, problem));
            }
        }
    }
    let Ok(placeholder) = metrics_of(&Scenario::new("", "")) else {
        return exit(FAILURE);
    };
    let sweep = Sweep {
        placeholder,
        file: &file,
        scenario: &loaded.scenario,
        addresses,
        varies: &options.varies,
        adjustments: &adjustments,
        grid,
    };
    // A sweep through values the scenario cannot hold writes nothing. A file
    // is written whole or not at all, and a table after every row is
    // evaluated; standard output takes rows as they come, so only then are
    // the inputs checked in a pass of their own before anything is written.
    let destination = options.output.as_deref().filter(|p| p.as_os_str() != "-");
    if streams && destination.is_none() && sweep.failed_points(false).1.is_some() {
        return nothing_swept(&sweep);
    }
    let export_options = ExportOptions {
        table: options.table,
        adjustment_notes: override_note(&options.overrides)
            .into_iter()
            .chain(departures_note(
                &loaded.scenario,
                &sweep.addresses,
                &options.varies,
            ))
            .chain(crate::render::export::human::adjustment_notes(&adjustments))
            .collect(),
        converted: adjustments.conversion.as_ref().map(|c| c.target.clone()),
        overrides: super::override_list(&options.overrides),
    };
    if !streams {
        let mut entries = Vec::with_capacity(sweep.grid.rows);
        let mut entry = sweep.working_entry();
        if sweep
            .evaluate(&mut entry, 0..sweep.grid.rows, |e| entries.push(e.clone()))
            .is_err()
        {
            return nothing_swept(&sweep);
        }
        let bytes = export::exporter(options.format, export_options).export(&entries);
        return finish(
            write_output(options.output.as_deref(), &bytes),
            entries.len(),
        );
    }
    let mut failure = None;
    let mut write = |out: &mut dyn Write| {
        stream(&sweep, options.format, &export_options, out).map_err(|error| match error {
            Stopped::Io(error) => error,
            Stopped::Row { row, report, wrote } => {
                failure = Some((row, report, wrote));
                std::io::Error::other("the sweep stopped")
            }
        })
    };
    let written = match destination {
        Some(path) => crate::output::write_file_with(path, |file| write(file))
            .map(|()| Some(path.to_path_buf()))
            .map_err(|error| error.to_string()),
        None => crate::output::write_stdout_with(write)
            .map(|()| None)
            .map_err(|error| format!("cannot write the output: {error}")),
    };
    if let Some((row, report, wrote)) = failure {
        // A file is left as it was; standard output has what was written.
        if destination.is_some() || !wrote {
            return nothing_swept(&sweep);
        }
        print_reports(&[report]);
        print_error(&format!(
            "the sweep stopped at {}: the rows before it were written, the rest were not",
            sweep.describe(row)
        ));
        return exit(FAILURE);
    }
    match written {
        Ok(destination) => finish(Ok(destination), sweep.grid.rows),
        Err(why) => {
            print_error(&why);
            exit(FAILURE)
        }
    }
}

/// When the sweep takes `removals` alone below the file's voluntary
/// departures, which are then capped at it (see `load::input::set_all`).
fn departures_note(scenario: &Scenario, addresses: &[Address], varies: &[Vary]) -> Option<String> {
    let o = &scenario.outcomes;
    let given = o
        .voluntary_departures_capped_from
        .or(o.voluntary_departures)?;
    let varied = |field: Field| addresses.iter().position(|a| a.field == field);
    if varied(Field::VoluntaryDepartures).is_some() {
        return None;
    }
    let lowest = varies.get(varied(Field::Removals)?)?.start;
    (lowest < Decimal::from(given)).then(|| {
        format!(
            "where outcomes.removals is below the {} voluntary departures (a part of the \
             removals), they are taken as the removals; no metric uses them",
            grouped(Decimal::from(given), 0)
        )
    })
}

/// The exit code after writing `rows` rows, with a note saying where to.
fn finish(written: Result<Option<PathBuf>, super::Printed>, rows: usize) -> ExitCode {
    match written {
        Ok(Some(destination)) => {
            print_note(&format!(
                "wrote {} to {}",
                plural(rows, "row"),
                destination.display()
            ));
            exit(SUCCESS)
        }
        Ok(None) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}

/// The problems of the first point that has any, then "nothing swept", with
/// how many points had problems and the first five.
fn nothing_swept(sweep: &Sweep) -> ExitCode {
    let (invalid, first) = sweep.failed_points(true);
    print_reports(&Vec::from_iter(first));
    let values: Vec<String> = invalid
        .iter()
        .take(5)
        .map(|&row| sweep.describe(row))
        .collect();
    let more = if invalid.len() > 5 { ", ..." } else { "" };
    print_error(&format!(
        "nothing swept: the scenario has problems at {} of {} ({}{more})",
        invalid.len(),
        plural(sweep.grid.rows, "value"),
        values.join("; ")
    ));
    exit(FAILURE)
}

/// Why a streamed sweep stopped.
enum Stopped {
    Io(std::io::Error),
    /// A row could not be evaluated (its arithmetic overflowed, say).
    Row {
        row: usize,
        report: FileReport,
        /// Whether any of the output was written before it.
        wrote: bool,
    },
}

/// Writes the sweep as CSV or JSON, a few chunks of rows at a time: the
/// chunks are evaluated in parallel while the ones before them are written, in
/// order, so memory holds only a few chunks however large the grid.
fn stream(
    sweep: &Sweep,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), Stopped> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let json = format == Format::Json;
    let head = match json {
        true if sweep.grid.rows == 0 => b"[]\n".to_vec(),
        true => b"[\n".to_vec(),
        false => {
            let paths: Vec<&str> = sweep.varies.iter().map(|vary| vary.path.as_str()).collect();
            export::csv::header(&paths, &COLUMNS)
        }
    };
    // The head goes out with the first rows, so that a sweep that cannot
    // evaluate its first rows writes nothing.
    let mut head = Some(head);
    let evaluate_chunk = |chunk: usize| -> Result<Vec<u8>, (usize, FileReport)> {
        let rows = chunk * CHUNK..((chunk + 1) * CHUNK).min(sweep.grid.rows);
        let mut text = Vec::with_capacity(256 * rows.len());
        let mut entry = sweep.working_entry();
        if json {
            let json = export::exporter(Format::Json, options.clone());
            sweep.evaluate(&mut entry, rows, |entry| {
                if !text.is_empty() || chunk > 0 {
                    text.extend_from_slice(b",\n");
                }
                push_json_row(&mut text, json.as_ref(), entry);
            })?;
        } else {
            let mut csv_rows = export::csv::Rows::default();
            sweep.evaluate(&mut entry, rows, |entry| {
                csv_rows.write(&mut text, entry, &options.overrides)
            })?;
        }
        Ok(text)
    };
    let chunks = sweep.grid.rows.div_ceil(CHUNK);
    let at_once = 4 * rayon::current_num_threads().max(1);
    std::thread::scope(|scope| {
        // One batch waits while the one before it is written.
        let (batches, evaluated) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for first in (0..chunks).step_by(at_once) {
                let texts: Vec<_> = (first..(first + at_once).min(chunks))
                    .into_par_iter()
                    .map(evaluate_chunk)
                    .collect();
                // The writer has stopped (an I/O error, or a row that failed).
                if batches.send(texts).is_err() {
                    return;
                }
            }
        });
        for texts in evaluated {
            for text in texts {
                let text = text.map_err(|(row, report)| Stopped::Row {
                    row,
                    report,
                    wrote: head.is_none(),
                })?;
                if let Some(head) = head.take() {
                    out.write_all(&head).map_err(Stopped::Io)?;
                }
                out.write_all(&text).map_err(Stopped::Io)?;
            }
        }
        Ok(())
    })?;
    if let Some(head) = head.take() {
        out.write_all(&head).map_err(Stopped::Io)?;
    }
    if json && sweep.grid.rows > 0 {
        out.write_all(b"\n]\n").map_err(Stopped::Io)?;
    }
    out.flush().map_err(Stopped::Io)
}

/// One element of the JSON array, as the JSON exporter writes it: its
/// output for this row alone, without the array's brackets.
fn push_json_row(out: &mut Vec<u8>, json: &dyn export::Exporter, entry: &Entry) {
    let bytes = json.export(std::slice::from_ref(entry));
    // `[\n  {...}\n]\n`: the element is between the first line and the last.
    out.extend_from_slice(
        bytes
            .strip_prefix(b"[\n")
            .and_then(|t| t.strip_suffix(b"\n]\n"))
            .unwrap_or(&bytes),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::evaluate::{Adjustments, Unevaluated, metrics_with};

    fn shipped() -> Vec<paths::SourceFile> {
        paths::builtin()
    }

    /// Every numeric input of every shipped scenario, set on the scenario
    /// read once, gives the metrics (to the digit and the scale) and the
    /// problems that reading the file again with the value written in it
    /// gives.
    #[test]
    fn setting_an_input_gives_what_reading_it_from_the_text_gives() {
        let paths = [
            "outcomes.removals",
            "outcomes.planned",
            "outcomes.block_probability",
            "outcomes.attempted",
            "outcomes.blocked",
            "cost[1].amount",
            "cost[1].years",
            "cost[2].amount",
            "cost[1].year",
            "baseline.cost_per_person",
            "years",
            "price_year",
        ];
        let values = ["0", "1", "0.5", "2.50", "7", "250", "2024", "1234567.891"]
            .map(crate::test_support::dec);
        let adjustments = [
            Adjustments::default(),
            MoneyOptions {
                currency: Some("USD".into()),
                price_year: Some(2024),
                ..MoneyOptions::default()
            }
            .adjustments()
            .unwrap(),
        ];
        let mut compared = (0, 0);
        for file in shipped() {
            let loaded = paths::parse(file.clone(), &[]).unwrap();
            for path in paths {
                let address = Address::parse(path).unwrap();
                if address.locate(&loaded.scenario).is_err() {
                    continue;
                }
                for value in values {
                    for adjustments in &adjustments {
                        let mut scenario = (*loaded.scenario).clone();
                        let typed = metrics_with(&mut scenario, &[(&address, value)], adjustments)
                            .map_err(|problem| match problem {
                                Unevaluated::Inputs(p) => p[0].message.clone(),
                                Unevaluated::Money(d) => d[0].message.clone(),
                            });
                        let text =
                            crate::test_support::metrics_by_text(&file, path, value, adjustments);
                        assert_eq!(
                            format!("{typed:?}"),
                            format!("{text:?}"),
                            "{} {path} = {value}",
                            file.display
                        );
                        if typed.is_ok() {
                            compared.0 += 1;
                        } else {
                            compared.1 += 1;
                        }
                    }
                }
            }
        }
        // Both kinds are compared, many times over.
        assert!(compared.0 > 300 && compared.1 > 100, "{compared:?}");
    }

    /// A sweep written row by row is what the CSV and JSON exporters write
    /// for all its rows at once.
    #[test]
    fn a_streamed_sweep_is_what_the_exporters_write() {
        let file = shipped()
            .into_iter()
            .find(|f| f.display.ends_with("us-rwanda.toml"))
            .unwrap();
        let loaded = paths::parse(file.clone(), &[]).unwrap();
        let varies = vec![
            Vary::parse("cost[1].amount=0:1000000:333333.33").unwrap(),
            Vary::parse("outcomes.removals=0:3000:1").unwrap(),
        ];
        for adjustments in [
            Adjustments::default(),
            MoneyOptions {
                currency: Some("EUR".into()),
                price_year: Some(2020),
                ..MoneyOptions::default()
            }
            .adjustments()
            .unwrap(),
        ] {
            let sweep = Sweep {
                file: &file,
                scenario: &loaded.scenario,
                addresses: varies
                    .iter()
                    .map(|v| Address::parse(&v.path).unwrap())
                    .collect(),
                varies: &varies,
                adjustments: &adjustments,
                grid: Grid::new(varies.iter().map(|v| v.values().unwrap()).collect()),
                placeholder: metrics_of(&Scenario::new("", "")).unwrap(),
            };
            // More rows than a chunk, so chunks are joined.
            assert!(sweep.grid.rows > CHUNK);
            let mut entries = Vec::new();
            let mut entry = sweep.working_entry();
            sweep
                .evaluate(&mut entry, 0..sweep.grid.rows, |e| entries.push(e.clone()))
                .unwrap();
            let options = ExportOptions {
                converted: adjustments.conversion.as_ref().map(|c| c.target.clone()),
                ..ExportOptions::default()
            };
            for format in [Format::Csv, Format::Json] {
                let mut streamed = Vec::new();
                if stream(&sweep, format, &options, &mut streamed).is_err() {
                    panic!("the sweep stopped");
                }
                let at_once = export::exporter(format, options.clone()).export(&entries);
                assert_eq!(
                    String::from_utf8(streamed).unwrap(),
                    String::from_utf8(at_once).unwrap()
                );
            }
        }
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        assert!(
            Vary::parse("outcomes.removals")
                .unwrap_err()
                .contains("has no `=`")
        );
        assert!(
            Vary::parse("outcomes.removals=0:10")
                .unwrap_err()
                .contains("START:END:STEP")
        );
        assert!(
            Vary::parse("outcomes.removals=0:10:0")
                .unwrap_err()
                .contains("more than 0")
        );
        assert!(
            Vary::parse("outcomes.removals=10:0:1")
                .unwrap_err()
                .contains("below the start")
        );
        assert!(
            Vary::parse("outcomes.removals=0:1e9:1")
                .unwrap_err()
                .contains("more than 10000 values")
        );
        assert!(Vary::parse("outcomes..removals=0:1:1").is_err());
        assert!(
            Vary::parse("outcomes.removals=a:1:1")
                .unwrap_err()
                .contains("the start of `a:1:1`: `a` is not a number")
        );
    }
}
