/*!
The machine-readable columns of a comparison, shared by CSV and JSON.

The names and their order are a published contract (users' scripts read them):
never rename or reorder them; add new columns at the end. `price_year` was
once written only with `--currency`; it keeps its place (the 17th) and is now
always written, so that a script finds every column in every output.
*/

use super::Entry;
use super::number::{Fixed, machine_count, machine_money, machine_ratio};
use rust_decimal::Decimal;

use crate::analysis::metrics::BreakEven;

/// Column names, in order.
pub const COLUMNS: [&str; 20] = [
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
    "status",
    "overrides",
    "sources",
];

/// One value of a machine row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    /// A number already rounded for output.
    Number(Fixed),
    /// n/a, or "never" for break-even removals.
    Empty,
    /// Several texts: a JSON array of strings; in CSV one field, joined by
    /// [`LIST_SEPARATOR`] (empty when there are none).
    Texts(&'a [String]),
    /// The ids of a scenario's `[[source]]` tables, written as [`Cell::Texts`].
    SourceIds(&'a [crate::model::Source]),
}

/// Between the texts of a [`Cell::Texts`] in CSV: `outcomes.removals=300;
/// price_year=2024`. A semicolon, as a comma would make every such field quoted.
pub const LIST_SEPARATOR: &str = "; ";

/// The `--set` assignments (`outcomes.removals=300`), as typed, that every row
/// of an output was computed with: the `overrides` column, which tells a
/// hypothetical row from one the files say (the table says it in a note).
pub type Overrides = [String];

/// The cells of one entry, in column order.
pub fn row<'a>(entry: &'a Entry, overrides: &'a Overrides) -> [Cell<'a>; 20] {
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
        price_year(entry.scenario.price_year),
        status(entry.scenario.status),
        Cell::Texts(overrides),
        Cell::SourceIds(&entry.scenario.sources),
    ]
}

/// The `price_year` cell: the year whose prices the amounts are in (the
/// target's after a conversion, else the file's), empty when the file does
/// not say; costcalc never guesses one.
pub fn price_year<'a>(year: Option<u16>) -> Cell<'a> {
    year.map_or(Cell::Empty, |year| {
        Cell::Number(machine_count(Decimal::from(year)))
    })
}

/// The `status` cell: the scenario's `status` as written, empty when it has none.
pub fn status<'a>(status: Option<crate::model::Status>) -> Cell<'a> {
    status.map_or(Cell::Empty, |status| Cell::Text(status.as_str()))
}
