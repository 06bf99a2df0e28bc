/*!
`costcalc simulate`: Monte Carlo over the uncertain inputs of each scenario
(see [`crate::analysis::simulate`] for the method), summarised per metric, with the
acceptability curve and, on request, every draw written out for audit.
Deals that cannot be converted are left out as in `compare` ([`super::Partial`]).
*/

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use rust_decimal::Decimal;

use super::{
    FAILURE, MoneyOptions, Partial, exit, finished, left_out_note, override_note, print_error,
    print_note, write_output,
};
use crate::analysis::simulate::{self, Metric, Model, Outcome, Request};
use crate::load::Override;
use crate::money::rounding::NotDecimal;
use crate::money::rounding::grouped;
use crate::render::export::csv;
use crate::render::export::number::Fixed;
use crate::render::export::records::{
    self, ABOUT_COLUMNS, Record, RecordColumn, Records, SampledKind as Kind,
};
use crate::render::export::{Format, TableOptions};

pub struct SimulateOptions {
    pub paths: Vec<PathBuf>,
    pub samples: u64,
    pub seed: Option<u64>,
    pub thresholds: Vec<Decimal>,
    pub samples_file: Option<PathBuf>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub table: TableOptions,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
    /// `--keep-going`: write CSV, JSON and the draws without the deals that
    /// cannot be converted.
    pub keep_going: bool,
}

/// The columns of the long format (a published contract: add new ones at the end).
const COLUMNS: [RecordColumn; 14] = [
    RecordColumn::new("scenario", "Scenario", false),
    RecordColumn::new("metric", "Metric", false),
    RecordColumn::new("mean", "Mean", true),
    // A narrow terminal keeps the mean and the 90% interval (p5 to p95).
    RecordColumn::new("sd", "SD", true).wide_only(),
    RecordColumn::new("p5", "p5", true),
    RecordColumn::new("p50", "p50", true).wide_only(),
    RecordColumn::new("p95", "p95", true),
    RecordColumn::new("threshold", "Threshold", true),
    // The terminal shows the draws and the seed once, in a note.
    RecordColumn::new("samples", "Samples", true).wide_only(),
    RecordColumn::new("seed", "Seed", true).wide_only(),
    // The terminal says the currency in each table's title.
    RecordColumn::new("currency", "Currency", false).machine_only(),
    ABOUT_COLUMNS[0],
    ABOUT_COLUMNS[1],
    ABOUT_COLUMNS[2],
];

pub fn run(options: SimulateOptions) -> ExitCode {
    if let Some(samples) = &options.samples_file {
        let summary = match options.output.as_deref() {
            Some(path) if path.as_os_str() != "-" => "the summary (--output)",
            _ => "the summary (standard output)",
        };
        let outputs = [
            ("the draws (--samples)", Some(samples.as_path())),
            (summary, options.output.as_deref()),
        ];
        if let Err(error) = crate::output::refuse_same_place_twice(&outputs) {
            print_error(&error.to_string());
            return exit(FAILURE);
        }
    }
    let rule = Partial {
        outcome: "nothing simulated",
        read_apart: matches!(options.format, Format::Csv | Format::Json)
            || options.samples_file.is_some(),
        keep_going: options.keep_going,
    };
    let ((loaded, models), left_out) =
        match super::models_of(&options.paths, &options.money, &options.overrides, rule) {
            Ok(found) => found,
            Err(code) => return code,
        };
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let seed = options.seed.unwrap_or_else(fresh_seed);
    let request = Request {
        samples: options.samples,
        seed,
        thresholds: options
            .thresholds
            .iter()
            .map(|t| f64::try_from(*t).unwrap_or(f64::NAN))
            .collect(),
    };
    if models.iter().all(|(_, m)| m.inputs.is_empty()) {
        print_note("no input of these scenarios is uncertain: every draw is the same");
    }
    // A pilot of a few chunks and one pass over the draws (see analysis::simulate::select).
    let planned = models
        .iter()
        .map(|(_, model)| simulate::planned_draws(model, &request))
        .sum();
    let progress = Progress::new(planned);
    let outcomes: Vec<Outcome> = models
        .iter()
        .map(|(_, model)| simulate::run(model, &request, &|done| progress.advance(done)))
        .collect();
    progress.finish();

    // Before any file is written: a figure too large to write stops the run.
    let overrides = super::override_list(&options.overrides);
    let abouts: Vec<[Record; 3]> = loaded
        .iter()
        .map(|loaded| {
            // The model's money is in the target's price year when converted.
            let price_year = match &adjustments.conversion {
                Some(conversion) => Some(conversion.target.price_year),
                None => loaded.scenario.price_year,
            };
            Record::about(price_year, loaded.scenario.status, &overrides)
        })
        .collect();
    let (mut records, rows_per_model) = match records_of(&models, &outcomes, &request, &abouts) {
        Ok(found) => found,
        Err(message) => {
            print_error(&message);
            return exit(FAILURE);
        }
    };

    if let Some(path) = &options.samples_file {
        if let Err(message) = write_samples(path, &models, &request) {
            print_error(&message);
            return exit(FAILURE);
        }
        if path.as_os_str() != "-" {
            print_note(&format!("wrote every draw to {}", path.display()));
        }
    }

    records.notes.extend(override_note(&options.overrides));
    records.notes.extend(left_out_note(&left_out));
    records
        .notes
        .extend(crate::render::export::human::adjustment_notes(&adjustments));
    let bytes = if options.format == Format::Table {
        terminal_tables(&models, &rows_per_model, records, &options.table)
    } else {
        print_note(&format!(
            "{} draws per scenario, seed {seed} (rerun with --seed {seed} for the same numbers)",
            grouped(Decimal::from(options.samples), 0)
        ));
        records::render(options.format, &records, &options.table)
    };
    let written = write_output(options.output.as_deref(), &bytes);
    if let Ok(Some(destination)) = &written {
        print_note(&format!("wrote the summary to {}", destination.display()));
    }
    finished(written.is_ok(), &left_out)
}

/// The terminal: one table per scenario under its name, without the columns
/// that repeat (scenario, samples, seed), then the notes once.
fn terminal_tables(
    models: &[(String, Model)],
    rows_per_model: &[usize],
    records: Records,
    table: &TableOptions,
) -> Vec<u8> {
    let mut out = String::new();
    let keep = [1, 2, 3, 4, 5, 6];
    // Rows go with their model by position: two scenarios may share a name.
    let mut rows = records.rows.into_iter();
    for ((file, model), count) in models.iter().zip(rows_per_model) {
        let mut part = Records {
            columns: keep.iter().map(|&i| records.columns[i]).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        };
        // The currency goes in the title, not in every cell: narrower columns.
        let prefix = format!("{} ", model.currency);
        for row in rows.by_ref().take(*count) {
            let cells = keep.iter().map(|&i| {
                let mut cell = row[i].clone();
                if i > 1 {
                    cell.human = cell.human.replacen(&prefix, "", 1);
                }
                cell
            });
            part.rows.push(cells.collect());
        }
        // The label, as in every table: CSV and JSON have the full name.
        let title = format!("{} ({file}), money in {}", model.label, model.currency);
        crate::render::export::human::wrap(&mut out, &title, "", table.text_width());
        out.push_str(&String::from_utf8_lossy(&records::render(
            Format::Table,
            &part,
            table,
        )));
        out.push('\n');
    }
    for note in &records.notes {
        crate::render::export::human::wrap(&mut out, note, "", table.text_width());
    }
    out.into_bytes()
}

/// A seed from the clock, when none is given (it is printed, for reruns).
fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos % 1_000_000_000) as u64
}

/// Why a simulated figure cannot be written: the metric, the scenario, the
/// size, and where to look.
fn not_written(file: &str, model: &Model, what: &str, value: f64, why: NotDecimal) -> String {
    let limit = match why {
        NotDecimal::TooSmall => {
            "too small for its significant digits to be written exactly (a decimal has at most \
             28 decimal places)"
        }
        _ => {
            "beyond the largest number costcalc writes exactly \
             (79,228,162,514,264,337,593,543,950,335)"
        }
    };
    format!(
        "{file}: {what} of \"{}\" is about {value:.3e}, {limit}: check the amounts, counts and \
         distributions it comes from",
        model.name
    )
}

fn kind_of(metric: Metric) -> Kind {
    match metric {
        Metric::TotalCost | Metric::CostPerRemoval => Kind::Money,
        Metric::Utilization | Metric::BlockRate => Kind::Share,
        Metric::Removals | Metric::LegalBlocks | Metric::CostRatioToBaseline => Kind::Number,
    }
}

/// The long-format records, and how many rows each model has (in order); or,
/// when a figure is too large to write, what it is and where it comes from.
fn records_of(
    models: &[(String, Model)],
    outcomes: &[Outcome],
    request: &Request,
    abouts: &[[Record; 3]],
) -> Result<(Records, Vec<usize>), String> {
    let samples = Record::number(
        Fixed {
            value: Decimal::from(request.samples),
            decimals: 0,
        },
        grouped(Decimal::from(request.samples), 0),
    );
    let seed = Record::number(
        Fixed {
            value: Decimal::from(request.seed),
            decimals: 0,
        },
        request.seed.to_string(),
    );
    let empty = || Record::empty("");
    let mut rows = Vec::new();
    let mut rows_per_model = Vec::with_capacity(models.len());
    for (((file, model), outcome), about) in models.iter().zip(outcomes).zip(abouts) {
        let before = rows.len();
        // Every row ends with what its numbers are: currency, price year,
        // status and the `--set`s.
        let end = || std::iter::once(Record::text(&model.currency)).chain(about.iter().cloned());
        let has_cost_per_removal = outcome
            .summaries
            .iter()
            .any(|s| s.metric == Metric::CostPerRemoval);
        // `what`: "the mean of total_cost", for the error.
        let cell = |value: f64, kind: Kind, what: &dyn Fn() -> String| {
            Record::sampled(value, kind, &model.currency)
                .map_err(|why| not_written(file, model, &what(), value, why))
        };
        for s in &outcome.summaries {
            let kind = kind_of(s.metric);
            let stat = |value: f64, statistic: &str| {
                cell(value, kind, &|| {
                    format!("the {statistic} of {}", s.metric.name())
                })
            };
            rows.push(Vec::from_iter(
                [
                    Record::text(&model.name),
                    Record::text(s.metric.name()),
                    stat(s.mean, "mean")?,
                    stat(s.sd, "standard deviation")?,
                    stat(s.p5, "5th percentile")?,
                    stat(s.p50, "median")?,
                    stat(s.p95, "95th percentile")?,
                    empty(),
                    samples.clone(),
                    seed.clone(),
                ]
                .into_iter()
                .chain(end()),
            ));
        }
        // The extra summaries: one value each, in the `mean` column (a
        // probability is the mean of a 0/1 indicator).
        let mut single = |metric: &str,
                          label: String,
                          value: f64,
                          kind: Kind,
                          threshold: Option<Record>|
         -> Result<(), String> {
            rows.push(Vec::from_iter(
                [
                    Record::text(&model.name),
                    Record {
                        machine: records::Machine::Text(metric.to_string()),
                        human: label,
                        terminal: None,
                    },
                    cell(value, kind, &|| metric.replace('_', " "))?,
                    empty(),
                    empty(),
                    empty(),
                    empty(),
                    threshold.unwrap_or_else(empty),
                    samples.clone(),
                    seed.clone(),
                ]
                .into_iter()
                .chain(end()),
            ));
            Ok(())
        };
        if outcome.ratio_of_means.is_finite() {
            single(
                "expected_cost_per_removal",
                "E[total cost] ÷ E[removals]".into(),
                outcome.ratio_of_means,
                Kind::Money,
                None,
            )?;
        }
        if outcome
            .summaries
            .iter()
            .any(|s| s.metric == Metric::Removals)
        {
            single(
                "p_removals_below_1",
                "P(removals < 1)".into(),
                outcome.p_removals_below_one,
                Kind::Share,
                None,
            )?;
        }
        // Probabilities about cost per removal only where it exists.
        if let Some(p) = outcome.p_above_baseline.filter(|_| has_cost_per_removal) {
            single(
                "p_cost_per_removal_above_baseline",
                "P(cost per removal > baseline)".into(),
                p,
                Kind::Share,
                None,
            )?;
        }
        for (threshold, p) in outcome
            .acceptability
            .iter()
            .filter(|_| has_cost_per_removal)
        {
            let threshold = cell(*threshold, Kind::Money, &|| "a threshold".into())?;
            single(
                "p_cost_per_removal_at_or_below",
                format!("P(cost per removal ≤ {})", threshold.human),
                *p,
                Kind::Share,
                Some(threshold),
            )?;
        }
        rows_per_model.push(rows.len() - before);
    }
    let notes = vec![
        "mean, sd (n − 1), and the 5th, 50th and 95th percentiles of each metric over the draws \
         (percentiles by linear interpolation, as numpy); n/a where a metric is undefined in \
         some draws (no removals)"
            .to_string(),
        "E[total cost] ÷ E[removals] (expected_cost_per_removal in CSV) is the headline cost per \
         removal, robust to draws with almost no removals; probabilities are in the mean column, \
         and a draw with no removals counts as above the baseline and above every threshold"
            .to_string(),
        format!(
            "{} draws per scenario, seed {}",
            grouped(Decimal::from(request.samples), 0),
            request.seed
        ),
    ];
    Ok((
        Records {
            columns: COLUMNS.to_vec(),
            rows,
            notes,
        },
        rows_per_model,
    ))
}

/// Writes every draw of every input and metric as CSV to `path` (streamed to
/// a temporary file in its folder, then renamed into place), or to stdout
/// when it is `-`.
fn write_samples(
    path: &std::path::Path,
    models: &[(String, Model)],
    request: &Request,
) -> Result<(), String> {
    if path.as_os_str() == "-" {
        return crate::output::write_stdout_with(|out| samples_csv(out, models, request))
            .map_err(|error| format!("cannot write the draws: {error}"));
    }
    crate::output::write_file_with(path, |out| samples_csv(out, models, request))
        .map_err(|error| error.to_string())
}

/// The draws as CSV, long format: scenario, sample, input, value; each row
/// written as it is drawn.
fn samples_csv(
    out: &mut dyn Write,
    models: &[(String, Model)],
    request: &Request,
) -> std::io::Result<()> {
    let mut out = csv::writer(out);
    out.write_record(["scenario", "sample", "input", "value"])
        .map_err(csv::io_error)?;
    let mut value_text = String::new();
    for (file, model) in models {
        let file = csv::safe_text(file);
        let inputs: Vec<_> = model
            .inputs
            .iter()
            .map(|(name, _)| csv::safe_text(name))
            .collect();
        let metrics = model.metrics();
        let mut failure = None;
        simulate::each_sample(model, request, |index, draws, values| {
            if failure.is_some() {
                return;
            }
            let mut index_text = itoa::Buffer::new();
            let index = index_text.format(index);
            let names = inputs.iter().map(|name| name.as_ref());
            let rows = names
                .zip(draws.iter().copied())
                .chain(metrics.iter().map(|m| (m.name(), values[*m as usize])));
            for (name, value) in rows {
                value_text.clear();
                // An undefined value (cost per removal of no removals) is empty.
                if value.is_finite() {
                    let _ = write!(value_text, "{value}");
                }
                if let Err(error) = out.write_record([&file, index, name, &value_text]) {
                    failure = Some(error);
                    return;
                }
            }
        });
        if let Some(error) = failure {
            return Err(csv::io_error(error));
        }
    }
    out.flush()
}

/// A progress bar on stderr for long runs, shown only on a terminal and only
/// once a run has taken more than a second.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
}

impl Progress {
    fn new(total: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} sampling {bar:30} {percent}% ({eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    fn advance(&self, done: u64) {
        if let Some(bar) = &self.bar {
            if bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1) {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            bar.inc(done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_draw_is_a_csv_row_a_reader_reads_back_whole() {
        let scenario = crate::load::parse(
            "name = \"x\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"x\"\namount = 1000\n\
             basis = \"fixed\"\n[outcomes]\nremovals = { dist = \"uniform\", min = 5, max = 15 }\n",
        )
        .unwrap();
        let mut model = Model::new(&scenario, None).unwrap();
        // An input whose name holds a comma and a line break, in a file whose
        // name is a formula: each must stay one field.
        model.inputs[0].0 = "a,b\nc".to_string();
        let models = [("=x.toml".to_string(), model)];
        let request = Request {
            samples: 2,
            seed: 1,
            thresholds: Vec::new(),
        };
        let mut bytes = Vec::new();
        samples_csv(&mut bytes, &models, &request).unwrap();
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        // 2 draws × (the input + the metrics), every row 4 fields.
        let metrics = models[0].1.metrics().len();
        assert_eq!(rows.len(), 2 * (1 + metrics));
        assert!(rows.iter().all(|row| row.len() == 4));
        assert_eq!(&rows[0][0], "'=x.toml");
        assert_eq!(&rows[0][1], "0");
        assert_eq!(&rows[0][2], "a,b\nc");
        // 1000 ÷ removals (from 5 to 15) is a cost per removal from 66.7 to 200.
        let cost_per_removal = rows
            .iter()
            .find(|row| &row[2] == "cost_per_removal")
            .unwrap();
        let value: f64 = cost_per_removal[3].parse().unwrap();
        assert!((1000.0 / 15.0..=200.0).contains(&value), "{value}");
    }
}
