/*!
The subcommands, one module each, and what they share.

Each takes its validated arguments, loads ([`crate::load`]), runs an analysis
([`crate::analysis`]), renders ([`crate::render`]), writes its results, and
returns the exit code. No command calls another: what two need (the printing
wrappers [`tornado_of`], [`frontier_of`], [`models_of`], [`evaluate_converted`],
and [`Partial`], what each does with deals it cannot convert)
is here, and the work itself is in the layers below.
Messages for people (problems, notes, warnings) go to stderr, results to stdout
or `--output`, so `costcalc compare --format csv > out.csv` holds only the CSV.
*/

pub mod breakeven;
pub mod chart;
pub mod check;
pub mod compare;
pub mod diff;
pub mod frontier;
pub mod meta;
pub mod new;
pub mod rates;
pub mod report;
pub mod show;
pub mod simulate;
pub mod sources;
pub mod sweep;
pub mod tornado;
pub mod voi;

use crate::analysis::evaluate::{
    Adjustments, Conversion, Entry, Unconverted, evaluate, evaluate_converting,
};
use crate::analysis::frontier::Frontier;
use crate::analysis::metrics::Metric;
use crate::analysis::simulate::compile::model_of;
use crate::analysis::simulate::{self as sampling, Model};
use crate::analysis::tornado::{Tornado, TornadoError};
use crate::render::chart::HistogramBins;
use crate::render::chart::figures::{SimulatedHistogram, acceptability_ranks};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::money::convert::Target;
use crate::money::discount::Discount;
use crate::money::rates::Rates;

use crate::diagnostic::{FileReport, Style};
use crate::load::Override;
use crate::load::paths::{self};
use crate::load::review::Reviewing;
use crate::output;
use crate::render::export::human::plural;

/// Exit code for success.
pub const SUCCESS: u8 = 0;
/// Exit code for invalid input, a missing file or an I/O error.
pub const FAILURE: u8 = 1;

pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}

/// Prints every problem of every file to stderr.
pub fn print_reports(reports: &[FileReport]) {
    let style = Style::coloured();
    let mut stderr = anstream::stderr().lock();
    for report in reports {
        let _ = write!(stderr, "{}", report.render(&style));
    }
}

/// The files whose warnings a command other than `check` prints.
const WARNED_FILES_SHOWN: usize = 10;

/// The warnings of the first `WARNED_FILES_SHOWN` (10) files, then how many more
/// files have some: over a folder of thousands of files, pages of warnings
/// would bury the output, and `check` lists them all.
pub fn print_some_warnings(reports: &[FileReport]) {
    print_warnings(&reports[..reports.len().min(WARNED_FILES_SHOWN)]);
    let more = reports.len().saturating_sub(WARNED_FILES_SHOWN);
    if more > 0 {
        print_note(&format!(
            "the warnings of {more} more {} are not shown; `costcalc check` with the same paths lists them all",
            if more == 1 { "file" } else { "files" }
        ));
    }
}

/// Prints the warnings of each file (odd figures; the files are still used),
/// each file's once per run however often a command reads it (`report` reads
/// its scenarios for the table, the frontier and the simulation).
pub fn print_warnings(reports: &[FileReport]) {
    // A set, not a list: a folder of ten thousand files may warn about each.
    static SHOWN: std::sync::Mutex<Option<std::collections::HashSet<String>>> =
        std::sync::Mutex::new(None);
    let Ok(mut shown) = SHOWN.lock() else {
        return print_reports(reports);
    };
    let shown = shown.get_or_insert_with(Default::default);
    let style = Style::coloured();
    let mut stderr = anstream::stderr().lock();
    for report in reports {
        let rendered = report.render(&style);
        if !shown.contains(&rendered) {
            let _ = write!(stderr, "{rendered}");
            shown.insert(rendered);
        }
    }
}

/// Reads, extends and `--set`s one scenario file: its problems are printed
/// (and the exit code returned), its warnings printed.
pub fn parsed(file: paths::SourceFile, overrides: &[Override]) -> Result<paths::Loaded, ExitCode> {
    let loaded = paths::parse(file, overrides).map_err(reported)?;
    print_warnings(loaded.warnings_report().as_slice());
    Ok(loaded)
}

/// `error: MESSAGE` on stderr, like cargo.
pub fn print_error(message: &str) {
    print_labelled("error", anstyle::AnsiColor::Red, message);
}

/// `warning: MESSAGE` on stderr.
pub fn print_warning(message: &str) {
    print_labelled("warning", anstyle::AnsiColor::Yellow, message);
}

/// `note: MESSAGE` on stderr.
pub fn print_note(message: &str) {
    print_labelled("note", anstyle::AnsiColor::Cyan, message);
}

/// The message's control characters are [`visible`](crate::render::export::escape::visible):
/// it may quote a scenario's name or a file's.
fn print_labelled(label: &str, colour: anstyle::AnsiColor, message: &str) {
    let style = colour.on_default().bold();
    let _ = writeln!(
        anstream::stderr().lock(),
        "{}{label}:{} {}",
        style.render(),
        style.render_reset(),
        crate::render::export::escape::visible(message)
    );
}

/// The money options of `compare` and `show`.
#[derive(Debug, Clone, Default)]
pub struct MoneyOptions {
    pub currency: Option<String>,
    pub price_year: Option<u16>,
    /// Rates files that add to or override the built-in table.
    pub rates: Vec<PathBuf>,
    pub discount: Option<Discount>,
}

impl MoneyOptions {
    /// The adjustments asked for, or the problems of the rates files, already
    /// printed.
    pub fn adjustments(&self) -> Result<Adjustments, ExitCode> {
        let conversion = match self.price_year {
            None => None,
            Some(price_year) => Some(Conversion {
                target: Target {
                    currency: self.currency.clone(),
                    price_year,
                },
                rates: load_rates(&self.rates)?,
            }),
        };
        Ok(Adjustments {
            conversion,
            discount: self.discount,
        })
    }
}

/// The built-in table plus `files`, or every problem in them, printed.
pub fn load_rates(files: &[PathBuf]) -> Result<Rates, ExitCode> {
    crate::load::rates::table(files).map_err(|problems| {
        print_reports(&problems);
        print_error("the exchange rates and price indices could not be read");
        exit(FAILURE)
    })
}

/// The last second `SOURCE_DATE_EPOCH` may name: 9999-12-31 23:59:59 UTC.
const LAST_EPOCH_SECOND: i64 = 253_402_300_799;

/// Today (UTC), or the day of `SOURCE_DATE_EPOCH` when it is set: the date
/// of a report, and the day `check` measures the age of `as_of` from, so
/// that both can be reproduced. A value that is not a time is an error
/// rather than today's date: a reproducible build that silently is not
/// would be worse than a failed one.
pub fn today() -> Result<crate::model::Date, String> {
    today_from(std::env::var_os("SOURCE_DATE_EPOCH"))
}

/// [`today`], given the variable's value.
fn today_from(epoch: Option<std::ffi::OsString>) -> Result<crate::model::Date, String> {
    let seconds = match epoch {
        Some(text) => text
            .to_str()
            .and_then(|t| t.trim().parse::<i64>().ok())
            .filter(|s| (0..=LAST_EPOCH_SECOND).contains(s))
            .ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH={} is not a time: it must be a whole number of seconds \
                     since 1970-01-01 00:00 UTC, from 0 to {LAST_EPOCH_SECOND} (such as \
                     1735689600 for 2025-01-01); unset it for today's date",
                    text.to_string_lossy()
                )
            })?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(crate::model::Date::from_unix_days(
        seconds.div_euclid(86_400),
    ))
}

/// Reads, parses, converts (when asked) and computes the metrics of every path
/// (or the built-in scenarios), returning the entries and every problem, both
/// in input order.
///
/// Directory entries that were skipped are reported here, as warnings; the
/// files' own warnings are returned, for the caller to print with the problems
/// (with `review`, `check`'s warnings about dates and sources too).
pub fn load_and_evaluate(
    paths: &[PathBuf],
    overrides: &[Override],
    adjustments: &Adjustments,
    review: Option<Reviewing>,
) -> paths::Loading<Entry> {
    let loading = paths::load_reviewed(paths, overrides, review, |loaded| {
        evaluate(loaded, adjustments)
    });
    print_skipped(&loading.skipped);
    loading
}

/// A warning for each directory entry that looked like a scenario but was not
/// read, with the reason.
pub fn print_skipped(skipped: &[paths::Skipped]) {
    for entry in skipped {
        print_warning(&entry.to_string());
    }
}

/// The results of a [`paths::Loading`], its warnings printed; or, when any
/// file has problems, every problem and then what was not produced
/// (`outcome`) printed, and the exit code.
pub fn every<T>(loading: paths::Loading<T>, outcome: &str) -> Result<Vec<T>, ExitCode> {
    let paths::Loading {
        done,
        problems,
        warnings,
        ..
    } = loading;
    print_some_warnings(&warnings);
    if problems.is_empty() {
        return Ok(done);
    }
    print_reports(&problems);
    print_error(&format!(
        "{outcome}: {} with problems (`costcalc check` lists them the same way)",
        plural(problems.len(), "file")
    ));
    Err(exit(FAILURE))
}

/// What a command that converts several scenarios does with those the rates
/// table cannot convert (a missing exchange rate or price index; issue 20):
/// it goes on with the others when what it makes says which are missing, and
/// stops when what it makes would be read as whole without a look at the exit
/// code, unless `--keep-going` asks for the rest. Either way the exit code is 1.
#[derive(Debug, Clone, Copy)]
pub struct Partial {
    /// What is not made when the command stops, such as "nothing compared".
    pub outcome: &'static str,
    /// Whether what the command makes is CSV, JSON or a file (a report, a
    /// chart) that is read apart from the run's messages.
    pub read_apart: bool,
    /// `--keep-going`.
    pub keep_going: bool,
}

/// The scenarios that could be converted, and those left out. Each left out
/// has its reason printed and one line names them all; when the command
/// cannot go on (none converted, or [`Partial::read_apart`] without
/// `--keep-going`) it says so and returns the exit code instead.
pub fn converted<T>(
    results: Vec<Result<T, Unconverted>>,
    rule: Partial,
) -> Result<(Vec<T>, Vec<Unconverted>), ExitCode> {
    let mut done = Vec::with_capacity(results.len());
    let mut left_out = Vec::new();
    for result in results {
        match result {
            Ok(item) => done.push(item),
            Err(unconverted) => left_out.push(unconverted),
        }
    }
    if left_out.is_empty() {
        return Ok((done, left_out));
    }
    let reports: Vec<_> = left_out.iter().map(|u| u.report.clone()).collect();
    print_reports(&reports);
    let count = plural(left_out.len(), "scenario");
    if done.is_empty() || (rule.read_apart && !rule.keep_going) {
        let hint = if done.is_empty() {
            String::new()
        } else {
            format!(
                "; --keep-going writes the {} that can be",
                plural(done.len(), "other")
            )
        };
        print_error(&format!(
            "{}: {count} cannot be converted (the reasons are above){hint}",
            rule.outcome
        ));
        return Err(exit(FAILURE));
    }
    print_error(&format!(
        "{count} left out, as {} cannot be converted (the reasons are above): {}",
        if left_out.len() == 1 { "it" } else { "they" },
        left_out
            .iter()
            .map(|u| format!("{} ({})", u.label, u.file))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Ok((done, left_out))
}

/// The note under a table naming the deals left out, so that one kept
/// without its stderr still says it is not the whole comparison.
pub fn left_out_note(left_out: &[Unconverted]) -> Option<String> {
    left_out_named(left_out, " (see the errors)")
}

/// [`left_out_note`] for a chart, which is read without the run's errors.
pub fn left_out_caption(left_out: &[Unconverted]) -> Option<String> {
    left_out_named(left_out, "")
}

fn left_out_named(left_out: &[Unconverted], pointer: &str) -> Option<String> {
    (!left_out.is_empty()).then(|| {
        let names: Vec<&str> = left_out.iter().map(|u| u.label.as_str()).collect();
        format!(
            "left out, as their money cannot be converted{pointer}: {}",
            names.join(", ")
        )
    })
}

/// The exit code of a command that made its output: 1 when it was written
/// without the deals left out, as it is not the whole of what was asked.
pub fn finished(written: bool, left_out: &[Unconverted]) -> ExitCode {
    exit(if written && left_out.is_empty() {
        SUCCESS
    } else {
        FAILURE
    })
}

/// Reads every path (or the built-in scenarios), converts and evaluates each:
/// a file with problems stops the command (`outcome` says what is not made),
/// a scenario the rates table cannot convert is left out as `rule` says.
pub fn evaluate_converted(
    paths: &[PathBuf],
    overrides: &[Override],
    adjustments: &Adjustments,
    rule: Partial,
) -> Result<(Vec<Entry>, Vec<Unconverted>), ExitCode> {
    let loading = paths::load_with(paths, overrides, |loaded| {
        evaluate_converting(loaded, adjustments)
    });
    print_skipped(&loading.skipped);
    converted(every(loading, rule.outcome)?, rule)
}

/// The tornado of `file` for `metric` (problems are printed): what
/// `tornado`, `chart tornado` and `report` draw.
pub fn tornado_of(
    file: paths::SourceFile,
    metric: Metric,
    money: &MoneyOptions,
    overrides: &[Override],
    range: Option<rust_decimal::Decimal>,
) -> Result<Tornado, ExitCode> {
    let adjustments = money.adjustments()?;
    let loaded = parsed(file.clone(), overrides)?;
    crate::analysis::tornado::compute(&file, loaded, metric, &adjustments, range).map_err(|error| {
        match error {
            TornadoError::Problems(report) => reported(report),
            other => {
                print_error(&other.to_string());
                exit(FAILURE)
            }
        }
    })
}

/// The frontier of the scenarios of `paths` that can be converted, and those
/// left out as `rule` says (problems are printed): what `frontier` and
/// `chart frontier` draw.
pub fn frontier_of(
    paths: &[PathBuf],
    reference: Option<&str>,
    money: &MoneyOptions,
    overrides: &[Override],
    rule: Partial,
) -> Result<(Frontier, Vec<Unconverted>), ExitCode> {
    let adjustments = money.adjustments()?;
    let (entries, left_out) = evaluate_converted(paths, overrides, &adjustments, rule)?;
    let frontier =
        crate::analysis::frontier::of_entries(entries, reference).map_err(|unplaced| {
            print_error(&unplaced.to_string());
            exit(FAILURE)
        })?;
    Ok((frontier, left_out))
}

/// Two scenarios and the attribution of their difference: what `diff` and
/// `chart waterfall` show.
pub struct Compared {
    pub a: crate::analysis::evaluate::Entry,
    pub b: crate::analysis::evaluate::Entry,
    pub diff: crate::analysis::diff::Diff,
    /// What was done to their money, for the notes.
    pub adjustments: Adjustments,
    /// `compare`'s warning when amounts of A and B are in different years'
    /// prices (a baseline or cost line of its own `price_year`): subtracted
    /// as they stand, such amounts differ in value where `diff` sees none.
    pub mixed_price_years: Option<String>,
}

/// Exit code of a usage problem found after reading (clap's code for its own).
pub const USAGE: u8 = 2;

/// Reads A and B (B is A with the `--set`s when not given; given, the
/// `--set`s apply to both, as to every scenario any command reads), adjusts
/// their money alike, and attributes their difference. Problems are printed.
pub fn compared_of(
    a: &Path,
    b: Option<&Path>,
    money: &MoneyOptions,
    overrides: &[Override],
) -> Result<Compared, ExitCode> {
    let adjustments = money.adjustments()?;
    let read = |path: &Path, overrides: &[Override]| {
        let file = paths::read(path).map_err(reported)?;
        let loaded = parsed(file, overrides)?;
        match evaluate_converting(loaded, &adjustments).map_err(reported)? {
            Ok(entry) => Ok(entry),
            // Two scenarios: without one there is nothing to attribute.
            Err(unconverted) => {
                print_reports(&[unconverted.report]);
                print_error(&format!(
                    "no diff: {} ({}) cannot be converted (the reason is above); supply the \
                     missing rate or index with --rates FILE, or choose another --price-year",
                    unconverted.label, unconverted.file
                ));
                Err(exit(FAILURE))
            }
        }
    };
    let (entry_a, entry_b) = match b {
        Some(b) => (read(a, overrides)?, read(b, overrides)?),
        None => {
            let mut b = read(a, overrides)?;
            let set: Vec<&str> = overrides.iter().map(|o| o.argument.as_str()).collect();
            b.file = format!("{} with --set {}", b.file, set.join(", "));
            (read(a, &[])?, b)
        }
    };
    let money_of = |entry: &Entry| {
        let scenario = &entry.scenario;
        match scenario.price_year {
            Some(year) => format!("{} at {year} prices", scenario.currency),
            None => format!("{} (no price year)", scenario.currency),
        }
    };
    let (sa, sb) = (&entry_a.scenario, &entry_b.scenario);
    if sa.currency != sb.currency || sa.price_year != sb.price_year {
        print_error(&format!(
            "A ({}) is in {} and B ({}) in {}: amounts in different currencies or price years \
             cannot be subtracted; put both in one with --currency and --price-year, such as \
             --currency {} --price-year {} (as compare converts them)",
            entry_a.file,
            money_of(&entry_a),
            entry_b.file,
            money_of(&entry_b),
            sb.currency,
            sa.price_year.max(sb.price_year).unwrap_or(2024),
        ));
        return Err(exit(USAGE));
    }
    let diff = crate::analysis::diff::diff(sa, sb).map_err(|error| {
        print_error(&format!("{} and {}: {error}", entry_a.file, entry_b.file));
        exit(FAILURE)
    })?;
    let both = [entry_a.clone(), entry_b.clone()];
    let mixed_price_years = crate::render::export::human::mixed_money_warning(
        &both,
        &crate::analysis::evaluate::currencies(&both),
    );
    Ok(Compared {
        a: entry_a,
        b: entry_b,
        diff,
        adjustments,
        mixed_price_years,
    })
}

/// The scenarios read, and each compiled for sampling with its file's name.
pub type Compiled = (Vec<paths::Loaded>, Vec<(String, Model)>);

/// The scenarios of `paths` compiled for sampling, each with its file's name
/// (problems are printed), and those left out, as `rule` says, because their
/// money cannot be converted.
pub fn models_of(
    paths: &[PathBuf],
    money: &MoneyOptions,
    overrides: &[Override],
    rule: Partial,
) -> Result<(Compiled, Vec<Unconverted>), ExitCode> {
    if money.discount.is_some() {
        print_error(
            "simulate does not discount: present values of uncertain payment streams are not \
             supported yet; leave out --discount-rate and --discount",
        );
        return Err(exit(FAILURE));
    }
    let adjustments = money.adjustments()?;
    let paths::Loading {
        done: loaded,
        problems,
        warnings,
        skipped,
    } = paths::load(paths, overrides);
    print_skipped(&skipped);
    print_some_warnings(&warnings);
    if !problems.is_empty() {
        print_reports(&problems);
        print_error(&format!(
            "nothing simulated: {} with problems (`costcalc check` lists them the same way)",
            plural(problems.len(), "file")
        ));
        return Err(exit(FAILURE));
    }
    let mut checked = Vec::with_capacity(loaded.len());
    for entry in loaded {
        let unconverted =
            crate::analysis::evaluate::unconverted(&entry.file, &entry.scenario, &adjustments);
        checked.push(match unconverted {
            Some(unconverted) => Err(unconverted),
            None => Ok(entry),
        });
    }
    let (loaded, left_out) = converted(checked, rule)?;
    let mut models = Vec::with_capacity(loaded.len());
    for entry in &loaded {
        let model = model_of(&entry.scenario, &adjustments).map_err(|unsampled| {
            print_error(&format!("{}: {unsampled}", entry.file.display));
            exit(FAILURE)
        })?;
        models.push((entry.file.display.clone(), model));
    }
    Ok(((loaded, models), left_out))
}

/// Prints one file's problems and returns the exit code for bad input.
pub fn reported(problem: FileReport) -> ExitCode {
    print_reports(&[problem]);
    exit(FAILURE)
}

/// A failure that has already been reported on stderr.
#[derive(Debug)]
pub struct Printed;

/// Writes a command's output to `destination` (atomically, never over a file
/// this run read), or to stdout when there is none or it is `-`. Returns where
/// it went; a failure is printed.
pub fn write_output(destination: Option<&Path>, bytes: &[u8]) -> Result<Option<PathBuf>, Printed> {
    match destination.filter(|path| path.as_os_str() != "-") {
        Some(destination) => match output::write_file(destination, bytes) {
            Ok(()) => Ok(Some(destination.to_path_buf())),
            Err(error) => {
                print_error(&error.to_string());
                Err(Printed)
            }
        },
        None => output::write_stdout(bytes).map(|()| None).map_err(|error| {
            print_error(&format!("cannot write the output: {error}"));
            Printed
        }),
    }
}

/// "values set with --set: ..." for the notes under a table.
pub fn override_note(overrides: &[Override]) -> Option<String> {
    (!overrides.is_empty()).then(|| {
        let list: Vec<&str> = overrides.iter().map(|o| o.argument.as_str()).collect();
        format!(
            "hypothetical: values set on the command line (--set): {}",
            list.join(", ")
        )
    })
}

/// The `--set` assignments as typed (`outcomes.removals=300`), for the
/// `overrides` column of CSV and JSON.
pub fn override_list(overrides: &[Override]) -> Vec<String> {
    overrides.iter().map(|o| o.argument.clone()).collect()
}

/// A problem with a `--vary` argument (`argument` as the user gave it), as a
/// report on `file` that points into the argument.
pub fn vary_problem(
    file: &crate::load::paths::SourceFile,
    argument: &str,
    problem: crate::load::input::Problem,
) -> FileReport {
    FileReport {
        related: vec![crate::diagnostic::RelatedText {
            name: argument.to_string(),
            text: argument.to_string(),
            kind: crate::diagnostic::TextKind::Argument("--vary"),
        }],
        ..FileReport::new(
            file.display.clone(),
            file.text.clone(),
            vec![problem.diagnostic(argument)],
        )
    }
}

/// The histogram of `metric`'s draws as `chart histogram` and the report
/// draw it, computed without keeping the draws: their extremes and
/// percentiles ([`sampling::order_statistics`]), then their counts by bin.
pub fn simulated_histogram(
    model: &Model,
    request: &sampling::Request,
    metric: Metric,
) -> SimulatedHistogram {
    use crate::analysis::simulate::stats::{interpolate, next_rank, position};
    let n = request.samples;
    let last = n.saturating_sub(1);
    let positions: Vec<(u64, f64)> = [0.05, 0.5, 0.95].map(|q| position(n, q)).to_vec();
    let mut ranks = vec![0, last];
    ranks.extend(
        positions
            .iter()
            .flat_map(|&(low, _)| [low, next_rank(n, low)]),
    );
    let found = sampling::order_statistics(model, request, metric, &ranks);
    let value = |i: usize| found.get(i).map_or(f64::NAN, |f| f.value);
    let p: Vec<f64> = (0..3)
        .map(|j| interpolate(value(2 + 2 * j), value(3 + 2 * j), positions[j].1))
        .collect();
    let (min, max) = (value(0), value(1));
    let log = max.is_finite() && min > 0.0 && p[0] > 0.0 && p[2] / p[0] > 100.0;
    // The draws shown are the finite ones, which sort first.
    let shown = if max.is_finite() {
        n
    } else {
        sampling::count_bins(model, request, metric, 1, &|x| x.is_finite().then_some(0))[0]
    };
    let (low, high) = if shown == 0 {
        (0.0, 0.0)
    } else {
        let at = |q: f64| ((shown - 1) as f64 * q) as u64;
        let range = sampling::order_statistics(model, request, metric, &[at(0.005), at(0.995)]);
        (range[0].value, range[1].value)
    };
    let bins = HistogramBins::new(low, high, log);
    let counts = sampling::count_bins(model, request, metric, HistogramBins::ALL, &|x| {
        bins.bin_of(x)
    });
    SimulatedHistogram {
        draws: n,
        percentiles: [p[0], p[1], p[2]],
        bins,
        counts,
    }
}

/// The acceptability curve of cost per removal as `chart acceptability` and
/// the report draw it: (threshold, share of draws at or below it) at the
/// draws of [`acceptability_ranks`], exact.
pub fn acceptability_curve(model: &Model, request: &sampling::Request) -> Vec<(f64, f64)> {
    let ranks = acceptability_ranks(request.samples);
    sampling::order_statistics(model, request, Metric::CostPerRemoval, &ranks)
        .into_iter()
        .map(|found| {
            (
                found.value,
                found.at_or_below as f64 / request.samples.max(1) as f64,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario that could not be converted, as `evaluate` reports one.
    fn left_out(label: &str) -> Unconverted {
        Unconverted {
            file: format!("{label}.toml"),
            label: label.to_string(),
            report: FileReport::new(
                format!("{label}.toml"),
                String::new(),
                vec![
                    crate::diagnostic::Diagnostic::whole_file("no exchange rate for CHF")
                        .with_help("pass --rates FILE"),
                ],
            ),
        }
    }

    #[test]
    fn a_command_goes_on_without_a_deal_it_cannot_convert_only_where_it_says_so() {
        let results = || vec![Ok(1), Err(left_out("Swiss")), Ok(2)];
        let rule = |read_apart, keep_going| Partial {
            outcome: "nothing compared",
            read_apart,
            keep_going,
        };
        // A table names the deal left out: it goes on, with the others.
        let (done, out) = converted(results(), rule(false, false)).unwrap();
        assert_eq!((done, out.len()), (vec![1, 2], 1));
        // A file read apart: only with --keep-going.
        assert!(converted(results(), rule(true, false)).is_err());
        assert!(converted(results(), rule(true, true)).is_ok());
        // Nothing converted: nothing to show, --keep-going or not.
        let none: Vec<Result<u8, _>> = vec![Err(left_out("Swiss"))];
        assert!(converted(none, rule(false, true)).is_err());
        // Nothing left out: nothing said.
        assert_eq!(left_out_note(&[]), None);
        assert_eq!(
            left_out_note(&[left_out("A"), left_out("B")]).unwrap(),
            "left out, as their money cannot be converted (see the errors): A, B"
        );
    }

    #[test]
    fn the_reason_of_a_deal_left_out_fits_one_line_with_its_fix() {
        assert_eq!(
            left_out("Swiss").reason(),
            "no exchange rate for CHF (pass --rates FILE)"
        );
    }

    #[test]
    fn source_date_epoch_names_the_day_of_its_second() {
        // 1,796,256,000 s = 20,790 days exactly: 2026-12-03 (see the check tests);
        // one second before is still 2 December.
        let day = |seconds: &str| today_from(Some(seconds.into()));
        assert_eq!(day("1796256000").unwrap().to_string(), "2026-12-03");
        assert_eq!(day("1796255999").unwrap().to_string(), "2026-12-02");
        assert!(day("yesterday").unwrap_err().contains("is not a time"));
        assert!(day("-1").is_err());
    }
}
