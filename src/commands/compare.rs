/*!
`costcalc compare`: the metrics of several deals side by side, sorted, in one of
the output formats.
*/

use std::cmp::Ordering;
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;

use super::{
    FAILURE, SUCCESS, evaluate, exit, plural, print_error, print_note, print_reports, print_warning,
};
use crate::export::{self, Entry, Format, TableOptions, human};
use crate::input::{self, BUILTIN};
use crate::metrics::BreakEven;
use crate::output;

pub struct CompareOptions {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    /// `None` or `-` for stdout.
    pub output: Option<PathBuf>,
    pub sort: SortKey,
    pub reverse: bool,
    pub table: TableOptions,
}

/// What `--sort` can order by: every CSV column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum SortKey {
    Name,
    File,
    Currency,
    TotalCost,
    Removals,
    CostPerRemoval,
    Planned,
    Utilization,
    Attempted,
    Blocked,
    BlockRate,
    LegalBlocks,
    BaselineCostPerPerson,
    CostRatioToBaseline,
    BreakEvenRemovals,
}

pub fn run(options: CompareOptions) -> ExitCode {
    if options.paths.is_empty() {
        print_note(&format!(
            "no paths given: comparing the {} real-world scenarios built into costcalc",
            BUILTIN.len()
        ));
    }
    let (loaded, mut problems) = input::load(&options.paths);
    let (mut entries, overflows) = evaluate(loaded);
    problems.extend(overflows);
    if !problems.is_empty() {
        print_reports(&problems);
        print_error(&format!(
            "nothing compared: {} with problems (`costcalc check` lists them the same way)",
            plural(problems.len(), "file")
        ));
        return exit(FAILURE);
    }

    sort(&mut entries, options.sort, options.reverse);
    let bytes = export::exporter(options.format, options.table).export(&entries);

    if matches!(options.format, Format::Csv | Format::Json) {
        let mut currencies: Vec<&str> = entries
            .iter()
            .map(|e| e.scenario.currency.as_str())
            .collect();
        currencies.sort_unstable();
        currencies.dedup();
        if currencies.len() > 1 {
            print_warning(&human::currency_warning(&currencies));
        }
    }

    match options.output.filter(|path| path.as_os_str() != "-") {
        Some(destination) => {
            let (inputs, _) = input::expand(&options.paths);
            if let Err(error) = output::write_file(&destination, &bytes, &inputs) {
                print_error(&error.to_string());
                return exit(FAILURE);
            }
            print_note(&format!(
                "wrote {} to {}",
                plural(entries.len(), "scenario"),
                destination.display()
            ));
        }
        None => {
            if let Err(error) = output::write_stdout(&bytes) {
                print_error(&format!("cannot write the output: {error}"));
                return exit(FAILURE);
            }
        }
    }
    exit(SUCCESS)
}

/// A value to sort by. Undefined values always come last, whatever the direction:
/// a reader scanning the top of the list wants figures, not gaps.
#[derive(Debug, PartialEq)]
enum SortValue<'a> {
    Text(&'a str),
    Number(Decimal),
    /// Break-even never reached: after every number, before n/a.
    Never,
    Missing,
}

fn sort_value(entry: &Entry, key: SortKey) -> SortValue<'_> {
    let m = &entry.metrics;
    let number = |value: Option<Decimal>| value.map_or(SortValue::Missing, SortValue::Number);
    let count = |value: Option<u64>| number(value.map(Decimal::from));
    match key {
        SortKey::Name => SortValue::Text(&entry.scenario.name),
        SortKey::File => SortValue::Text(&entry.file),
        SortKey::Currency => SortValue::Text(&entry.scenario.currency),
        SortKey::TotalCost => number(m.total_cost),
        SortKey::Removals => number(m.removals.map(|r| r.count)),
        SortKey::CostPerRemoval => number(m.cost_per_removal),
        SortKey::Planned => count(m.planned),
        SortKey::Utilization => number(m.utilization),
        SortKey::Attempted => count(m.attempted),
        SortKey::Blocked => count(m.blocked),
        SortKey::BlockRate => number(m.block_rate),
        SortKey::LegalBlocks => count(Some(m.legal_blocks)),
        SortKey::BaselineCostPerPerson => number(m.baseline_cost_per_person),
        SortKey::CostRatioToBaseline => number(m.cost_ratio_to_baseline),
        SortKey::BreakEvenRemovals => match m.break_even_removals {
            BreakEven::At(n) => SortValue::Number(n),
            BreakEven::Never => SortValue::Never,
            BreakEven::NoBaseline => SortValue::Missing,
        },
    }
}

fn rank(value: &SortValue) -> u8 {
    match value {
        SortValue::Text(_) | SortValue::Number(_) => 0,
        SortValue::Never => 1,
        SortValue::Missing => 2,
    }
}

/// Sorts by `key` (ascending, or descending with `reverse`), undefined values
/// last, ties by name and then file so the order never depends on input order.
pub fn sort(entries: &mut [Entry], key: SortKey, reverse: bool) {
    entries.sort_by(|a, b| {
        let (va, vb) = (sort_value(a, key), sort_value(b, key));
        let by_value = match (&va, &vb) {
            (SortValue::Text(x), SortValue::Text(y)) => x.cmp(y),
            (SortValue::Number(x), SortValue::Number(y)) => x.cmp(y),
            _ => Ordering::Equal,
        };
        let by_value = if reverse {
            by_value.reverse()
        } else {
            by_value
        };
        rank(&va)
            .cmp(&rank(&vb))
            .then(by_value)
            .then_with(|| a.scenario.name.cmp(&b.scenario.name))
            .then_with(|| a.file.cmp(&b.file))
    });
}
