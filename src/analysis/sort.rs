/*!
Sorting evaluated scenarios by a column (`compare --sort`, the order of a
bar chart): undefined values last, ties by name and file, money never ranked
across currencies.
*/

use std::cmp::Ordering;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::analysis::evaluate::Entry;
use crate::analysis::metrics::BreakEven;

/// What `--sort` can order by: every CSV column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl SortKey {
    /// Every key, in the order of the CSV columns.
    pub const ALL: [SortKey; 15] = [
        SortKey::Name,
        SortKey::File,
        SortKey::Currency,
        SortKey::TotalCost,
        SortKey::Removals,
        SortKey::CostPerRemoval,
        SortKey::Planned,
        SortKey::Utilization,
        SortKey::Attempted,
        SortKey::Blocked,
        SortKey::BlockRate,
        SortKey::LegalBlocks,
        SortKey::BaselineCostPerPerson,
        SortKey::CostRatioToBaseline,
        SortKey::BreakEvenRemovals,
    ];

    /// The key's name: its CSV column's.
    pub fn name(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::File => "file",
            SortKey::Currency => "currency",
            SortKey::TotalCost => "total_cost",
            SortKey::Removals => "removals",
            SortKey::CostPerRemoval => "cost_per_removal",
            SortKey::Planned => "planned",
            SortKey::Utilization => "utilization",
            SortKey::Attempted => "attempted",
            SortKey::Blocked => "blocked",
            SortKey::BlockRate => "block_rate",
            SortKey::LegalBlocks => "legal_blocks",
            SortKey::BaselineCostPerPerson => "baseline_cost_per_person",
            SortKey::CostRatioToBaseline => "cost_ratio_to_baseline",
            SortKey::BreakEvenRemovals => "break_even_removals",
        }
    }

    /// The key named `name` (as [`SortKey::name`] writes it), if any.
    pub fn from_name(name: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|key| key.name() == name)
    }

    /// Columns in money, which cannot be ranked across currencies.
    fn is_money(self) -> bool {
        matches!(
            self,
            SortKey::TotalCost | SortKey::CostPerRemoval | SortKey::BaselineCostPerPerson
        )
    }
}

/// A value to sort by. Undefined values always come last, whatever the direction:
/// a reader scanning the top of the list wants figures, not gaps.
#[derive(Debug, PartialEq)]
enum SortValue<'a> {
    Text(&'a str),
    /// The whole part (as an integer, cheap to compare) and the exact value,
    /// compared only when the whole parts are equal. Truncation never reverses
    /// an order, so this is the exact order of the decimals.
    Number(i128, Decimal),
    /// Break-even never reached: after every number, before n/a.
    Never,
    Missing,
}

fn sort_value(entry: &Entry, key: SortKey) -> SortValue<'_> {
    let m = &entry.metrics;
    let number = |value: Option<Decimal>| value.map_or(SortValue::Missing, SortValue::number);
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
            BreakEven::At(n) => SortValue::number(n),
            BreakEven::Never => SortValue::Never,
            BreakEven::NoBaseline => SortValue::Missing,
        },
    }
}

impl SortValue<'_> {
    fn number(value: Decimal) -> Self {
        // A Decimal's whole part is below 2^96, so it always fits an i128.
        let whole = value.trunc();
        let whole = whole.mantissa() / 10i128.pow(whole.scale());
        SortValue::Number(whole, value)
    }
}

fn rank(value: &SortValue) -> u8 {
    match value {
        SortValue::Text(_) | SortValue::Number(..) => 0,
        SortValue::Never => 1,
        SortValue::Missing => 2,
    }
}

/// Sorts by `key` (ascending, or descending with `reverse`), undefined values
/// last, ties by name and then file so the order never depends on input order.
/// When the entries have more than one currency (`currencies`, from
/// `render::export::human::currencies`), money columns are ranked within each currency, in
/// currency-code order, never across.
///
/// Keys are computed once into a compact vector that is sorted on its own,
/// then the entries are moved into place once: entries are large, and a
/// comparison sort that reached into them would move each of them many times
/// and miss the cache on every comparison.
pub fn sort(entries: &mut Vec<Entry>, key: SortKey, reverse: bool, currencies: &[String]) {
    // Amounts in different currencies are ranked within each currency: each
    // currency code becomes its place in code order.
    let codes = if currencies.len() > 1 && key.is_money() {
        currencies
    } else {
        &[]
    };
    let mut keys: Vec<SortKeyOf> = entries
        .par_iter()
        .enumerate()
        .map(|(index, entry)| {
            let value = sort_value(entry, key);
            SortKeyOf {
                rank: rank(&value),
                currency: codes.binary_search(&entry.scenario.currency).unwrap_or(0),
                value,
                index,
            }
        })
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        let by_value = match (&a.value, &b.value) {
            (SortValue::Text(x), SortValue::Text(y)) => x.cmp(y),
            (SortValue::Number(x_whole, x), SortValue::Number(y_whole, y)) => {
                x_whole.cmp(y_whole).then_with(|| x.cmp(y))
            }
            _ => Ordering::Equal,
        };
        let by_value = if reverse {
            by_value.reverse()
        } else {
            by_value
        };
        a.rank
            .cmp(&b.rank)
            .then(a.currency.cmp(&b.currency))
            .then(by_value)
            .then_with(|| {
                let (ea, eb) = (&entries[a.index], &entries[b.index]);
                ea.scenario
                    .name
                    .cmp(&eb.scenario.name)
                    .then_with(|| ea.file.cmp(&eb.file))
            })
    });
    let order: Vec<usize> = keys.iter().map(|k| k.index).collect();
    drop(keys);
    // `order` lists every index once, so every slot is taken exactly once.
    let mut slots: Vec<Option<Entry>> = entries.drain(..).map(Some).collect();
    entries.extend(order.iter().filter_map(|&index| slots[index].take()));
}

/// One entry's place in the sort: everything a comparison needs up to the
/// tie-breaks by name and file, which are rare and read the entry itself.
struct SortKeyOf<'a> {
    rank: u8,
    /// The currency's place in code order, when ranking within currencies.
    currency: usize,
    value: SortValue<'a>,
    index: usize,
}

#[cfg(test)]
mod tests {
    use super::SortKey;

    #[test]
    fn every_key_is_found_by_its_name_and_no_other() {
        for key in SortKey::ALL {
            assert_eq!(SortKey::from_name(key.name()), Some(key));
        }
        assert_eq!(
            SortKey::from_name("cost_per_removal"),
            Some(SortKey::CostPerRemoval)
        );
        assert_eq!(SortKey::from_name("CostPerRemoval"), None);
    }
}
