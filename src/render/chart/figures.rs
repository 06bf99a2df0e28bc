/*!
The charts of computed analyses: bars of evaluated scenarios, a tornado, a
histogram and an acceptability curve of draws, a frontier. Each turns what an
analysis returned into the items [`super`] draws, with labels as people read
them; `chart` and `report` share them.
*/

use rust_decimal::Decimal;

use super::{BarItem, FrontierPoint, TornadoItem, ValueAxis};
use crate::analysis::evaluate::Entry;
use crate::analysis::frontier::Frontier;
use crate::analysis::metrics::Metric;
use crate::analysis::simulate;
use crate::analysis::sort::{SortKey, sort};
use crate::analysis::tornado::Tornado;
use crate::load::input::{Address, Field};
use crate::model::Scenario;
use crate::money::rounding::{NotDecimal, sampled};
use crate::money::rounding::{grouped, round_half_away};
use crate::render::export::number::{
    human_count, human_money, human_money_scaled, human_multiple, human_percent, human_sampled,
};

/// A metric's value as people read it, for labels.
pub fn shown(metric: Metric, currency: &str, value: Option<Decimal>) -> String {
    let Some(value) = value else {
        return "n/a".into();
    };
    match metric {
        Metric::TotalCost | Metric::CostPerRemoval => human_money(currency, value),
        Metric::Utilization | Metric::BlockRate => human_percent(value),
        Metric::CostRatioToBaseline => human_multiple(value),
        Metric::Removals | Metric::LegalBlocks => human_count(value),
    }
}

/// The metric's value for an entry, as `compare` computes it.
fn value_of(metric: Metric, entry: &Entry) -> Option<Decimal> {
    metric.value(&entry.metrics)
}

/// Why a metric is n/a, in a few words.
fn why_not_available(metric: Metric, entry: &Entry) -> &'static str {
    let m = &entry.metrics;
    match metric {
        Metric::CostPerRemoval | Metric::CostRatioToBaseline
            if m.removals.is_some_and(|r| r.count.is_zero()) =>
        {
            "n/a: nobody removed"
        }
        Metric::CostRatioToBaseline if m.baseline_cost_per_person.is_none() => "n/a: no baseline",
        Metric::BlockRate => "n/a: no court figures",
        Metric::Utilization if m.planned.is_none() => "n/a: no planned figure",
        _ => "n/a",
    }
}

/// The bars of a bar chart of `metric`, sorted as `compare` sorts by it.
pub fn bar_items(entries: &mut Vec<Entry>, metric: Metric) -> Vec<BarItem> {
    let key = sort_key(metric);
    sort(entries, key, false, &[]);
    entries
        .iter()
        .map(|entry| {
            let value = value_of(metric, entry);
            BarItem {
                label: entry.scenario.label().to_string(),
                hypothetical: entry.scenario.is_hypothetical(),
                value: value.and_then(|v| f64::try_from(v).ok()),
                shown: match value {
                    Some(_) => shown(metric, &entry.scenario.currency, value),
                    None => why_not_available(metric, entry).to_string(),
                },
            }
        })
        .collect()
}

fn sort_key(metric: Metric) -> SortKey {
    match metric {
        Metric::TotalCost => SortKey::TotalCost,
        Metric::Removals => SortKey::Removals,
        Metric::CostPerRemoval => SortKey::CostPerRemoval,
        Metric::Utilization => SortKey::Utilization,
        Metric::BlockRate => SortKey::BlockRate,
        Metric::LegalBlocks => SortKey::LegalBlocks,
        Metric::CostRatioToBaseline => SortKey::CostRatioToBaseline,
    }
}

/// What a metric is called on charts, in the words of `compare`'s columns:
/// "Cost per removal", "Capacity used".
pub fn label(metric: Metric) -> String {
    match metric {
        Metric::TotalCost => "Total cost",
        Metric::Removals => "Removals",
        Metric::CostPerRemoval => "Cost per removal",
        Metric::Utilization => "Capacity used",
        Metric::BlockRate => "Transfers blocked by courts",
        Metric::LegalBlocks => "Court rulings that blocked",
        Metric::CostRatioToBaseline => "Cost per removal as a multiple of the baseline",
    }
    .to_string()
}

/// The axis of a metric: its name, the currency when it is money, and percent
/// when it is a share.
pub fn value_axis(metric: Metric, currency: &str) -> ValueAxis {
    ValueAxis {
        name: label(metric),
        currency: metric.is_money().then(|| currency.to_string()),
        percent: is_share(metric),
    }
}

/// A metric that is a share of a whole, shown in percent.
fn is_share(metric: Metric) -> bool {
    matches!(metric, Metric::Utilization | Metric::BlockRate)
}

/// What an uncertain input is, in the reader's words: the cost line's `item`
/// for its amount, "Planned removals" for `outcomes.planned`. One table for
/// every place that names inputs; an input it does not know keeps its path.
pub fn input_words(path: &str, scenario: &Scenario) -> String {
    // The path is read as `--set` reads it, so `cost[N]` counts from 1.
    let Ok(address) = Address::parse(path) else {
        return path.to_string();
    };
    let item = |i: usize| scenario.costs.get(i).map(|line| line.item.as_str());
    let words = match address.field {
        Field::Removals => "Removals",
        Field::Planned => "Planned removals",
        Field::Attempted => "Removals attempted",
        Field::Blocked => "Transfers blocked by courts",
        Field::BlockProbability => "Probability a transfer is blocked",
        Field::BaselineCostPerPerson => "Baseline cost per person",
        Field::Years => "Length of the deal (years)",
        Field::CostAmount(i) => match item(i) {
            Some(item) => item,
            None => path,
        },
        Field::CostYears(i) => match item(i) {
            Some(item) => return format!("{item}: years paid"),
            None => path,
        },
        _ => path,
    };
    words.to_string()
}

/// The tornado of a computed [`crate::analysis::tornado::Tornado`].
pub fn tornado_svg(computed: &Tornado, metric: Metric) -> String {
    let currency = &computed.base.scenario.currency;
    let show = |v: Option<Decimal>| match v {
        Some(v) if is_share(metric) => human_percent(v),
        _ => shown_scaled(metric, currency, v),
    };
    let items: Vec<TornadoItem> = computed
        .bars
        .iter()
        .map(|bar| {
            // A flagged bar has no width to draw: its values and why, without a bar.
            let drawn = |v: Option<Decimal>| {
                v.filter(|_| bar.flag.is_none())
                    .and_then(|v| f64::try_from(v).ok())
            };
            TornadoItem {
                label: input_words(&bar.path, &computed.base.scenario),
                at_low: drawn(bar.at_low),
                at_high: drawn(bar.at_high),
                shown: match bar.flag {
                    None => format!("{} → {}", show(bar.at_low), show(bar.at_high)),
                    Some(flag) => format!(
                        "{} → {} ({})",
                        show(bar.at_low),
                        show(bar.at_high),
                        flag.words()
                    ),
                },
            }
        })
        .collect();
    super::tornado(
        &format!(
            "What drives the {}: {}",
            label(metric).to_lowercase(),
            computed.base.scenario.label()
        ),
        &value_axis(metric, currency),
        computed.base_value.and_then(|v| f64::try_from(v).ok()),
        &show(computed.base_value),
        &items,
        &match computed.range {
            None => {
                "each input at its 5th and 95th percentile, the others at their means".to_string()
            }
            Some(share) => format!(
                "each input {}% down and up, the others as written",
                (share * Decimal::ONE_HUNDRED).normalize()
            ),
        },
    )
}

/// A histogram of simulated draws: how many, their 5th, 50th and 95th
/// percentiles, and their counts in `bins`.
#[derive(Debug, Clone)]
pub struct SimulatedHistogram {
    pub draws: u64,
    pub percentiles: [f64; 3],
    pub bins: super::HistogramBins,
    pub counts: Vec<u64>,
}

/// The histogram of draws, with p5, p50 and p95 marked.
pub fn histogram_svg(
    model: &simulate::Model,
    metric: Metric,
    histogram: &SimulatedHistogram,
    seed: u64,
) -> String {
    let show = |v: f64| -> String {
        // Too large for a decimal, money is in scientific notation too.
        match sampled(v) {
            Ok(d) if metric.is_money() => human_money_scaled(&model.currency, d),
            Ok(d) if is_share(metric) => human_percent(d),
            Err(NotDecimal::TooLarge) if metric.is_money() => {
                format!("{} {}", model.currency, human_sampled(v, 4))
            }
            _ => human_sampled(v, 4),
        }
    };
    let p = histogram.percentiles;
    super::histogram(
        &format!(
            "{}: simulated {}",
            model.label,
            label(metric).to_lowercase()
        ),
        &value_axis(metric, &model.currency),
        histogram.draws,
        &histogram.bins,
        &histogram.counts,
        [(p[0], show(p[0])), (p[1], show(p[1])), (p[2], show(p[2]))],
        &seed_note(seed),
    )
}

/// The caption of a simulated chart: how to draw the same chart again.
fn seed_note(seed: u64) -> String {
    format!("Simulated draws with seed {seed} (--seed {seed} draws this chart again).")
}

/// The ranks (0-based, of `draws` draws) the acceptability curve is drawn
/// at: 201 evenly spaced from the 1st to the 99th percentile, each rounded
/// to the nearest.
pub fn acceptability_ranks(draws: u64) -> Vec<u64> {
    (0..=200)
        .map(|k| {
            let q = 0.01 + 0.98 * f64::from(k) / 200.0;
            ((draws.saturating_sub(1)) as f64 * q).round() as u64
        })
        .collect()
}

/// P(cost per removal ≤ t) over the range of the draws: the empirical
/// distribution function at the draws of [`acceptability_ranks`], given as
/// (threshold, share of draws at or below it).
pub fn acceptability_svg(model: &simulate::Model, curve: &[(f64, f64)], seed: u64) -> String {
    let curve: Vec<(f64, f64)> = curve
        .iter()
        .copied()
        .filter(|(t, _)| t.is_finite())
        .collect();
    let (first, last) = (
        curve.first().map_or(0.0, |c| c.0),
        curve.last().map_or(0.0, |c| c.0),
    );
    let log = first > 0.0 && last / first > 100.0;
    super::acceptability(
        &format!("{}: acceptability of the cost per removal", model.label),
        &model.currency,
        &curve,
        log,
        &seed_note(seed),
    )
}

/// The cost-effectiveness plane of a computed frontier, `note` under its key.
pub fn frontier_svg(computed: &Frontier, note: &str) -> String {
    let points: Vec<FrontierPoint> = computed
        .analysis
        .rows
        .iter()
        .map(|row| {
            let option = computed.options[row.index];
            let scenario = &computed.entries[row.index].scenario;
            FrontierPoint {
                label: scenario.label().to_string(),
                hypothetical: scenario.is_hypothetical(),
                removals: f64::try_from(option.removals).unwrap_or(0.0),
                total_cost: f64::try_from(option.total_cost).unwrap_or(0.0),
                status: row.status.as_str().to_string(),
                shown: format!(
                    "{}, {} removals",
                    human_money(&computed.currency, option.total_cost),
                    human_count(option.removals)
                ),
            }
        })
        .collect();
    super::frontier(
        "Cost-effectiveness frontier",
        &computed.currency,
        &points,
        note,
    )
}

/// The metric as people read it: money with its currency, other values to 6 places.
pub fn shown_scaled(metric: Metric, currency: &str, value: Option<Decimal>) -> String {
    match value {
        None => "n/a".to_string(),
        Some(v) if metric.is_money() => human_money_scaled(currency, v),
        Some(v) => {
            let v = round_half_away(v, 6).normalize();
            grouped(v, v.scale())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, CostLine};

    #[test]
    fn inputs_are_named_as_a_reader_knows_them() {
        let mut scenario = Scenario::new("Test deal", "GBP");
        for item in ["Flights", "Fund"] {
            scenario.costs.push(CostLine {
                item: item.into(),
                amount: Decimal::ONE,
                basis: Basis::Fixed,
                years: None,
                price_year: None,
                year: None,
                start_year: None,
                source: None,
                note: None,
            });
        }
        let words = |path| input_words(path, &scenario);
        // cost[N] counts from 1: the second line is the fund.
        assert_eq!(words("cost[2].amount"), "Fund");
        assert_eq!(words("cost[1].years"), "Flights: years paid");
        assert_eq!(words("outcomes.planned"), "Planned removals");
        assert_eq!(
            words("outcomes.block_probability"),
            "Probability a transfer is blocked"
        );
        // A line that is not there, or a path not in the table, keeps its path.
        assert_eq!(words("cost[3].amount"), "cost[3].amount");
        assert_eq!(words("cost[0].amount"), "cost[0].amount");
        assert_eq!(words("rates: GBP"), "rates: GBP");
    }

    #[test]
    fn money_axes_carry_the_currency_and_shares_are_percent() {
        let cost = value_axis(Metric::CostPerRemoval, "GBP");
        assert_eq!(
            cost.title(true),
            "Cost per removal (GBP, logarithmic scale)"
        );
        let used = value_axis(Metric::Utilization, "GBP");
        assert_eq!(used.title(false), "Capacity used (%)");
        assert_eq!(value_axis(Metric::Removals, "GBP").title(false), "Removals");
    }
}
