/*!
`costcalc chart`: SVG charts of what the other commands compute — bar
(`compare`), tornado (`tornado`), histogram and acceptability (`simulate`),
frontier (`frontier`). The numbers come from those commands' own code; the
drawing is in [`crate::render::chart`].
*/

use crate::analysis::evaluate::Entry;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rust_decimal::Decimal;

use super::{
    FAILURE, MoneyOptions, SUCCESS, evaluate_every, exit, print_error, print_note, write_output,
};
use crate::analysis::metrics::Metric;
use crate::analysis::simulate::{self, Request};
use crate::analysis::sort::{SortKey, sort};
use crate::load::Override;
use crate::render::chart::{self, BarItem, FrontierPoint, Scale, TornadoItem};

use crate::analysis::evaluate::currencies;
use crate::render::export::number::{
    NotDecimal, human_count, human_money, human_money_scaled, human_multiple, human_percent,
    human_sampled, sampled,
};

/// What every chart needs besides its own inputs.
pub struct ChartOptions {
    pub output: PathBuf,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

/// The seed of simulated charts when none is given: fixed, so the same input
/// draws the same chart.
pub const DEFAULT_SEED: u64 = 42;

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
    let m = &entry.metrics;
    match metric {
        Metric::TotalCost => m.total_cost,
        Metric::Removals => m.removals.map(|r| r.count),
        Metric::CostPerRemoval => m.cost_per_removal,
        Metric::Utilization => m.utilization,
        Metric::BlockRate => m.block_rate,
        Metric::LegalBlocks => Some(Decimal::from(m.legal_blocks)),
        Metric::CostRatioToBaseline => m.cost_ratio_to_baseline,
    }
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
pub fn bar_items(entries: &mut [Entry], metric: Metric) -> Vec<BarItem> {
    let key = sort_key(metric);
    sort(entries, key, false, &[]);
    entries
        .iter()
        .map(|entry| {
            let value = value_of(metric, entry);
            BarItem {
                label: entry.scenario.name.clone(),
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

/// The note under a chart: the currency and price year, and what was set.
pub fn money_note(money: &MoneyOptions, overrides: &[Override]) -> String {
    let mut parts = Vec::new();
    if let Some(year) = money.price_year {
        parts.push(match &money.currency {
            Some(currency) => format!("amounts in {currency} at {year} prices (CPI, then FX)"),
            None => format!("amounts at {year} prices"),
        });
    }
    if !overrides.is_empty() {
        let list: Vec<&str> = overrides.iter().map(|o| o.argument.as_str()).collect();
        parts.push(format!("hypothetical: --set {}", list.join(", ")));
    }
    parts.join("; ")
}

/// `costcalc chart bar`.
pub fn bar(paths: &[PathBuf], metric: Metric, scale: Scale, options: &ChartOptions) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let mut entries = match evaluate_every(paths, &options.overrides, &adjustments, "no chart") {
        Ok(entries) => entries,
        Err(code) => return code,
    };
    let codes = currencies(&entries);
    if metric.is_money() && codes.len() > 1 {
        print_error(&format!(
            "{} is money, and the scenarios are in different currencies ({}): bars in \
             different currencies cannot share an axis; add --currency USD --price-year 2024",
            metric.name(),
            codes.join(", ")
        ));
        return exit(FAILURE);
    }
    let items = bar_items(&mut entries, metric);
    let title = format!("{} by scenario", label(metric));
    let svg = chart::bar(
        &title,
        metric.name(),
        &items,
        scale,
        &money_note(&options.money, &options.overrides),
    );
    write(&options.output, svg)
}

/// "Cost per removal", for titles.
pub fn label(metric: Metric) -> String {
    let name = metric.name().replace('_', " ");
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// `costcalc chart tornado`.
pub fn tornado(file: &Path, metric: Metric, options: &ChartOptions) -> ExitCode {
    let computed = match crate::load::paths::read(file)
        .map_err(super::reported)
        .and_then(|file| super::tornado_of(file, metric, &options.money, &options.overrides))
    {
        Ok(computed) => computed,
        Err(code) => return code,
    };
    let svg = tornado_svg(&computed, metric);
    write(&options.output, svg)
}

/// The tornado of a computed [`crate::analysis::tornado::Tornado`].
pub fn tornado_svg(computed: &crate::analysis::tornado::Tornado, metric: Metric) -> String {
    let currency = &computed.base.scenario.currency;
    let show = |v| super::tornado::shown(metric, currency, v);
    let items: Vec<TornadoItem> = computed
        .bars
        .iter()
        .map(|bar| TornadoItem {
            label: bar.path.clone(),
            at_low: bar.at_low.and_then(|v| f64::try_from(v).ok()),
            at_high: bar.at_high.and_then(|v| f64::try_from(v).ok()),
            shown: format!("{} → {}", show(bar.at_low), show(bar.at_high)),
        })
        .collect();
    chart::tornado(
        &format!(
            "What drives {}: {}",
            metric.name().replace('_', " "),
            computed.base.scenario.name
        ),
        metric.name(),
        computed.base_value.and_then(|v| f64::try_from(v).ok()),
        &show(computed.base_value),
        &items,
    )
}

/// Draws of one metric of one scenario, for the simulated charts.
struct Drawn {
    model: simulate::Model,
    draws: Vec<f64>,
    /// Said on stderr: why the chart may look odd.
    note: Option<&'static str>,
}

fn draws_of(
    file: &Path,
    metric: Metric,
    samples: u64,
    seed: u64,
    options: &ChartOptions,
) -> Result<Drawn, ExitCode> {
    let (_, mut models) =
        super::models_of(&[file.to_path_buf()], &options.money, &options.overrides)?;
    let (_, model) = models.remove(0);
    if !model.metrics().contains(&metric) {
        print_error(&format!(
            "{} has no {} to draw: it needs removals (and a baseline for cost_ratio_to_baseline)",
            file.display(),
            metric.name()
        ));
        return Err(exit(FAILURE));
    }
    let request = Request {
        samples,
        seed,
        thresholds: Vec::new(),
    };
    let draws = simulate::draws(&model, &request, metric);
    let note = model
        .inputs
        .is_empty()
        .then_some("no input is uncertain: every draw is the same");
    Ok(Drawn { model, draws, note })
}

/// `costcalc chart histogram`.
pub fn histogram(
    file: &Path,
    metric: Metric,
    samples: u64,
    seed: u64,
    options: &ChartOptions,
) -> ExitCode {
    let Drawn { model, draws, note } = match draws_of(file, metric, samples, seed, options) {
        Ok(found) => found,
        Err(code) => return code,
    };
    if let Some(note) = note {
        print_note(note);
    }
    let svg = histogram_svg(&model, metric, &draws, seed);
    write(&options.output, svg)
}

/// The histogram of draws, with p5, p50 and p95 marked.
pub fn histogram_svg(model: &simulate::Model, metric: Metric, draws: &[f64], seed: u64) -> String {
    let p = simulate::stats::percentiles(draws.to_vec(), &[0.05, 0.5, 0.95]);
    let show = |v: f64| -> String {
        // Too large for a decimal, money is in scientific notation too.
        match sampled(v) {
            Ok(d) if metric.is_money() => human_money_scaled(&model.currency, d),
            Err(NotDecimal::TooLarge) if metric.is_money() => {
                format!("{} {}", model.currency, human_sampled(v, 4))
            }
            _ => human_sampled(v, 4),
        }
    };
    let finite: Vec<f64> = draws
        .iter()
        .copied()
        .filter(|x| x.is_finite() && *x > 0.0)
        .collect();
    let log = finite.len() == draws.len() && p[0] > 0.0 && p[2] / p[0] > 100.0;
    chart::histogram(
        &format!(
            "{}: {} (seed {seed})",
            model.name,
            metric.name().replace('_', " ")
        ),
        metric.name(),
        draws,
        [(p[0], show(p[0])), (p[1], show(p[1])), (p[2], show(p[2]))],
        log,
    )
}

/// `costcalc chart acceptability`.
pub fn acceptability(file: &Path, samples: u64, seed: u64, options: &ChartOptions) -> ExitCode {
    let Drawn { model, draws, .. } =
        match draws_of(file, Metric::CostPerRemoval, samples, seed, options) {
            Ok(found) => found,
            Err(code) => return code,
        };
    let svg = acceptability_svg(&model, draws, seed);
    write(&options.output, svg)
}

/// P(cost per removal ≤ t) over the range of the draws: the empirical
/// distribution function at 200 evenly spaced ranks from the 1st to the 99th
/// percentile.
pub fn acceptability_svg(model: &simulate::Model, mut draws: Vec<f64>, seed: u64) -> String {
    draws.sort_by(|a, b| {
        let key = |x: &f64| if x.is_nan() { f64::INFINITY } else { *x };
        key(a).total_cmp(&key(b))
    });
    let n = draws.len();
    let curve: Vec<(f64, f64)> = (0..=200)
        .map(|k| {
            let q = 0.01 + 0.98 * f64::from(k) / 200.0;
            let index = ((n.saturating_sub(1)) as f64 * q).round() as usize;
            let threshold = draws.get(index).copied().unwrap_or(0.0);
            // The share of draws at or below the threshold.
            let at_or_below = draws.partition_point(|x| *x <= threshold);
            (threshold, at_or_below as f64 / n.max(1) as f64)
        })
        .filter(|(t, _)| t.is_finite())
        .collect();
    let (first, last) = (
        curve.first().map_or(0.0, |c| c.0),
        curve.last().map_or(0.0, |c| c.0),
    );
    let log = first > 0.0 && last / first > 100.0;
    chart::acceptability(
        &format!(
            "{}: acceptability of the cost per removal (seed {seed})",
            model.name
        ),
        &model.currency,
        &curve,
        log,
    )
}

/// `costcalc chart frontier`.
pub fn frontier(paths: &[PathBuf], reference: Option<&str>, options: &ChartOptions) -> ExitCode {
    let computed = match super::frontier_of(paths, reference, &options.money, &options.overrides) {
        Ok(computed) => computed,
        Err(code) => return code,
    };
    let svg = frontier_svg(&computed);
    write(&options.output, svg)
}

/// The cost-effectiveness plane of a computed frontier.
pub fn frontier_svg(computed: &crate::analysis::frontier::Frontier) -> String {
    let points: Vec<FrontierPoint> = computed
        .analysis
        .rows
        .iter()
        .map(|row| {
            let option = computed.options[row.index];
            FrontierPoint {
                label: computed.entries[row.index].scenario.name.clone(),
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
    chart::frontier("Cost-effectiveness frontier", &computed.currency, &points)
}

/// Writes a chart (atomically, never over an input), saying where.
fn write(output: &Path, svg: String) -> ExitCode {
    match write_output(Some(output), svg.as_bytes()) {
        Ok(Some(destination)) => {
            print_note(&format!("wrote {}", destination.display()));
            exit(SUCCESS)
        }
        Ok(None) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}
