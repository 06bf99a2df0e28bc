/*!
The machine-readable columns of a comparison, shared by CSV and JSON.

The names and their order are a published contract (users' scripts read them):
never rename or reorder them; add new columns at the end.
*/

use super::Entry;
use super::number::{Fixed, machine_count, machine_money, machine_ratio};
use rust_decimal::Decimal;

use crate::analysis::metrics::BreakEven;

/// Column names, in order; `price_year` only when amounts were converted.
const ALL_COLUMNS: [&str; 17] = [
    "name",
    "file",
    "currency",
    "total_cost",
    "removals",
    "removals_basis",
    "cost_per_removal",
    "planned",
    "utilization",
    "attempted",
    "blocked",
    "block_rate",
    "legal_blocks",
    "baseline_cost_per_person",
    "cost_ratio_to_baseline",
    "break_even_removals",
    "price_year",
];

/// The columns of an output: the 16 of every comparison, and `price_year` when
/// amounts were converted to one price year.
pub fn columns(converted: bool) -> &'static [&'static str] {
    if converted {
        &ALL_COLUMNS
    } else {
        &ALL_COLUMNS[..16]
    }
}

/// One value of a machine row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    /// A number already rounded for output.
    Number(Fixed),
    /// n/a, or "never" for break-even removals.
    Empty,
}

/// The cells of one entry, in column order (take as many as [`columns`] has).
pub fn row(entry: &Entry) -> [Cell<'_>; 17] {
    let m = &entry.metrics;
    let number = |value: Option<Fixed>| value.map_or(Cell::Empty, Cell::Number);
    let count = |value: Option<u64>| number(value.map(|v| machine_count(Decimal::from(v))));
    [
        Cell::Text(&entry.scenario.name),
        Cell::Text(&entry.file),
        Cell::Text(&entry.scenario.currency),
        number(m.total_cost.map(machine_money)),
        number(m.removals.map(|r| machine_count(r.count))),
        m.removals
            .map_or(Cell::Empty, |r| Cell::Text(r.basis.as_str())),
        number(m.cost_per_removal.map(machine_money)),
        count(m.planned),
        number(m.utilization.map(machine_ratio)),
        count(m.attempted),
        count(m.blocked),
        number(m.block_rate.map(machine_ratio)),
        count(Some(m.legal_blocks)),
        number(m.baseline_cost_per_person.map(machine_money)),
        number(m.cost_ratio_to_baseline.map(machine_ratio)),
        match m.break_even_removals {
            BreakEven::At(n) => Cell::Number(machine_count(n)),
            BreakEven::Never | BreakEven::NoBaseline => Cell::Empty,
        },
        count(entry.scenario.price_year.map(u64::from)),
    ]
}
