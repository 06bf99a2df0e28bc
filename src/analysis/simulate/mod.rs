/*!
Monte Carlo: the distribution of every metric when a scenario's inputs are
uncertain.

A scenario is compiled once into a [`Model`]: the certain parts of its costs
summed exactly and then taken as `f64`, and one [`sample::Sampler`] per
uncertain input. Each draw takes every uncertain input once, jointly, and
computes the metrics of `compare` with the same formulas as `crate::analysis::metrics`
(in `f64`: sampling is the one place floating point belongs).

Samples are drawn in chunks of [`CHUNK`]; chunk `c` has its own random stream
seeded from (seed, c), and per-chunk summaries are merged in chunk order, so a
seed gives the same numbers, bit for bit, on any number of threads.
Percentiles need the samples themselves: each metric that varies keeps one
`f64` per draw. When that would exceed [`MEMORY_BUDGET`], the draws are
repeated (same seed, same numbers) and the metrics kept a few at a time.
*/

pub mod compile;
pub mod rng;
pub mod sample;
pub mod stats;

use rayon::prelude::*;
use rust_decimal::Decimal;

pub use crate::analysis::metrics::Metric;
use crate::model::distribution::{Input, Uncertain};
use crate::model::{Basis, DurationSource, Scenario};
use rng::Rng;
use sample::Sampler;
use stats::{Moments, percentiles};

/// Draws per chunk (each chunk one random stream).
pub const CHUNK: usize = 16_384;
/// Bytes of samples kept at once; beyond it metrics are kept in several passes.
pub const MEMORY_BUDGET: usize = 96 * 1024 * 1024;
/// The most draws `simulate` takes (each kept metric needs 8 bytes a draw).
pub const MAX_SAMPLES: u64 = 20_000_000;

/// A number of the model: known, or the draw of uncertain input `i`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Term {
    Known(f64),
    Drawn(usize),
}

impl Term {
    fn value(self, draws: &[f64]) -> f64 {
        match self {
            Term::Known(x) => x,
            Term::Drawn(i) => draws[i],
        }
    }
}

/// A cost line with an uncertain amount or number of years.
#[derive(Debug, Clone)]
struct UncertainLine {
    basis: Basis,
    amount: Term,
    /// Years for a per_year line (written or from dates); 1 otherwise.
    years: Term,
    /// Conversion factor to the target currency and price year (1 without),
    /// at the rates' means; `rates` scale it by each draw.
    factor: f64,
    rates: Vec<RateTerm>,
}

/// A scenario ready to sample.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub currency: String,
    /// One per uncertain input, in the order they are drawn.
    pub inputs: Vec<(String, Sampler)>,
    /// Fixed and per-year costs of lines with no uncertainty, converted.
    certain_fixed: f64,
    /// Per-removal costs of lines with no uncertainty, converted.
    certain_per_removal: f64,
    has_per_removal_lines: bool,
    lines: Vec<UncertainLine>,
    removals: Option<Term>,
    planned: Option<Term>,
    block_probability: Option<Term>,
    attempted: Option<Term>,
    blocked: Option<Term>,
    baseline: Option<Term>,
    /// Moves the baseline (known or drawn) to the target currency and price year.
    baseline_factor: f64,
    baseline_rates: Vec<RateTerm>,
    /// Where the draws of uncertain rates start among the inputs.
    rate_offset: usize,
}

/// Why a scenario cannot be simulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// Too large for `f64` arithmetic to mean anything.
    TooLarge(String),
}

/// Per-line factors that move amounts to a target currency and price year:
/// `factors[i]` for cost line `i`, and the baseline's.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors {
    pub lines: Vec<f64>,
    pub baseline: f64,
    /// Uncertain exchange rates and price indices behind the factors (named
    /// like `GBP fx 2024`): each is drawn once a draw, shared by every line.
    pub rates: Vec<(String, crate::model::distribution::Distribution)>,
    /// For each line, the uncertain rates in its factor: (index into `rates`,
    /// exponent +1 or −1, the rate's mean, which `lines` was computed with).
    pub line_rates: Vec<Vec<RateTerm>>,
    pub baseline_rates: Vec<RateTerm>,
}

/// An uncertain rate in a conversion factor: the factor is multiplied by
/// (draw ÷ mean)^exponent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateTerm {
    pub rate: usize,
    pub exponent: i32,
    pub mean: f64,
}

/// `factor × Π (draw ÷ mean)^exponent` over the terms, with draws at `offset`.
fn scaled(factor: f64, terms: &[RateTerm], offset: usize, draws: &[f64]) -> f64 {
    terms.iter().fold(factor, |f, t| {
        f * (draws[offset + t.rate] / t.mean).powi(t.exponent)
    })
}

impl Model {
    /// Compiles `scenario` (with `factors` from a conversion, if any).
    pub fn new(scenario: &Scenario, factors: Option<&Factors>) -> Result<Model, ModelError> {
        let mut inputs = Vec::new();
        let mut term_of = |input: Input, known: Option<f64>| -> Option<Term> {
            match scenario.uncertain.iter().find(|u| u.input == input) {
                Some(Uncertain {
                    path, distribution, ..
                }) => {
                    inputs.push((path.clone(), Sampler::new(distribution)));
                    Some(Term::Drawn(inputs.len() - 1))
                }
                None => known.map(Term::Known),
            }
        };
        let to_f64 = crate::model::distribution::nearest_f64;
        let factor = |i: usize| factors.map_or(1.0, |f| f.lines.get(i).copied().unwrap_or(1.0));
        let rates_of = |i: usize| -> Vec<RateTerm> {
            factors
                .and_then(|f| f.line_rates.get(i).cloned())
                .unwrap_or_default()
        };

        let mut certain_fixed = 0.0;
        let mut certain_per_removal = 0.0;
        let mut lines = Vec::new();
        for (i, line) in scenario.costs.iter().enumerate() {
            let duration = scenario.years_for(line);
            let amount_uncertain = scenario
                .uncertain
                .iter()
                .any(|u| u.input == Input::CostAmount(i));
            let years_uncertain = scenario
                .uncertain
                .iter()
                .any(|u| u.input == Input::CostYears(i));
            let years_known = duration.map(|d| match d.derivation {
                // days ÷ 365.25, as `crate::money::arithmetic::per_year_total` (exactly there).
                DurationSource::Dates { days } => days as f64 / 365.25,
                _ => to_f64(d.years),
            });
            if !amount_uncertain && !years_uncertain && rates_of(i).is_empty() {
                // The exact contribution, as `compare` computes it.
                let contribution =
                    crate::analysis::metrics::contribution(scenario, line, Some(Decimal::ONE))
                        .ok()
                        .flatten()
                        .map_or(f64::NAN, to_f64);
                match line.basis {
                    Basis::PerRemoval => certain_per_removal += to_f64(line.amount) * factor(i),
                    _ => certain_fixed += contribution * factor(i),
                }
                continue;
            }
            let amount = term_of(Input::CostAmount(i), Some(to_f64(line.amount)))
                .unwrap_or(Term::Known(0.0));
            let years = match line.basis {
                Basis::PerYear => {
                    term_of(Input::CostYears(i), years_known).unwrap_or(Term::Known(0.0))
                }
                _ => Term::Known(1.0),
            };
            lines.push(UncertainLine {
                basis: line.basis,
                amount,
                years,
                factor: factor(i),
                rates: rates_of(i),
            });
        }
        let o = &scenario.outcomes;
        let whole = |v: Option<u64>| v.map(|v| v as f64);
        let removals = term_of(Input::Removals, whole(o.removals));
        let planned = term_of(Input::Planned, whole(o.planned));
        let block_probability = term_of(Input::BlockProbability, o.block_probability.map(to_f64));
        let attempted = term_of(Input::Attempted, whole(o.attempted));
        let blocked = term_of(Input::Blocked, whole(o.blocked));
        let baseline = term_of(
            Input::BaselineCostPerPerson,
            scenario
                .baseline
                .as_ref()
                .map(|b| to_f64(b.cost_per_person)),
        );
        if !certain_fixed.is_finite() || !certain_per_removal.is_finite() {
            return Err(ModelError::TooLarge(scenario.name.clone()));
        }
        // Uncertain rates are drawn after the scenario's own inputs.
        let rate_offset = inputs.len();
        if let Some(factors) = factors {
            for (name, distribution) in &factors.rates {
                inputs.push((format!("rates: {name}"), Sampler::new(distribution)));
            }
        }
        Ok(Model {
            name: scenario.name.clone(),
            currency: scenario.currency.clone(),
            inputs,
            certain_fixed,
            certain_per_removal,
            has_per_removal_lines: scenario.costs.iter().any(|c| c.basis == Basis::PerRemoval),
            lines,
            removals,
            planned,
            block_probability,
            attempted,
            blocked,
            baseline,
            baseline_factor: factors.map_or(1.0, |f| f.baseline),
            baseline_rates: factors
                .map(|f| f.baseline_rates.clone())
                .unwrap_or_default(),
            rate_offset,
        })
    }

    /// Which metrics this scenario has (e.g. no block rate without `attempted`).
    pub fn metrics(&self) -> Vec<Metric> {
        let has_removals = self.removals.is_some() || self.planned.is_some();
        let has_total = has_removals || !self.has_per_removal_lines;
        Metric::ALL
            .into_iter()
            .filter(|m| match m {
                Metric::TotalCost => has_total,
                Metric::Removals => has_removals,
                Metric::CostPerRemoval => has_total && has_removals,
                Metric::Utilization => has_removals && self.planned.is_some(),
                Metric::BlockRate => self.attempted.is_some() && self.blocked.is_some(),
                // A count of court events: the same in every draw.
                Metric::LegalBlocks => false,
                Metric::CostRatioToBaseline => has_total && has_removals && self.baseline.is_some(),
            })
            .collect()
    }

    /// One draw of every metric, in [`Metric::ALL`] order (NaN where the
    /// scenario lacks it, +∞ where it is undefined in this draw, such as cost
    /// per removal with no removals), and the draw's baseline.
    fn evaluate(&self, draws: &[f64]) -> ([f64; 7], f64) {
        let mut fixed = self.certain_fixed;
        let mut per_removal = self.certain_per_removal;
        for line in &self.lines {
            let factor = scaled(line.factor, &line.rates, self.rate_offset, draws);
            let amount = line.amount.value(draws) * factor;
            match line.basis {
                Basis::PerRemoval => per_removal += amount,
                Basis::Fixed => fixed += amount,
                Basis::PerYear => fixed += amount * line.years.value(draws),
            }
        }
        let planned = self.planned.map(|t| t.value(draws));
        let removals = match (self.removals, planned) {
            (Some(removals), _) => Some(removals.value(draws)),
            (None, Some(planned)) => {
                let p = self.block_probability.map_or(0.0, |t| t.value(draws));
                Some(planned * (1.0 - p))
            }
            (None, None) => None,
        };
        let total = match removals {
            Some(r) => Some(fixed + per_removal * r),
            None if !self.has_per_removal_lines => Some(fixed),
            None => None,
        };
        let ratio = |n: Option<f64>, d: Option<f64>| match (n, d) {
            (Some(n), Some(d)) if d != 0.0 => n / d,
            (Some(_), Some(_)) => f64::INFINITY,
            _ => f64::NAN,
        };
        let cost_per_removal = ratio(total, removals);
        let attempted = self.attempted.map(|t| t.value(draws));
        // Drawn independently, blocked could exceed attempted; it cannot in fact.
        let blocked = self
            .blocked
            .map(|t| t.value(draws))
            .zip(attempted)
            .map(|(b, a)| b.min(a));
        let baseline_factor = scaled(
            self.baseline_factor,
            &self.baseline_rates,
            self.rate_offset,
            draws,
        );
        let baseline = self
            .baseline
            .map_or(f64::NAN, |t| t.value(draws) * baseline_factor);
        let cost_ratio = if cost_per_removal.is_nan() || baseline.is_nan() {
            f64::NAN
        } else {
            cost_per_removal / baseline
        };
        (
            [
                total.unwrap_or(f64::NAN),
                removals.unwrap_or(f64::NAN),
                cost_per_removal,
                ratio(removals, planned),
                ratio(blocked, attempted),
                f64::NAN,
                cost_ratio,
            ],
            baseline,
        )
    }

    /// Draws every uncertain input of one sample.
    fn draw(&self, rng: &mut Rng, draws: &mut [f64]) {
        for (slot, (_, sampler)) in draws.iter_mut().zip(&self.inputs) {
            // Quantities that cannot be negative: a normal's rare draw below 0 is 0.
            *slot = sampler.draw(rng).max(0.0);
        }
    }
}

/// What to compute besides each metric's summary.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub samples: u64,
    pub seed: u64,
    /// Thresholds for P(cost per removal ≤ t), the acceptability curve.
    pub thresholds: Vec<f64>,
}

/// mean, sd, p5, p50, p95 of one metric (NaN where undefined).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub metric: Metric,
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    /// Draws in which the metric was undefined (no removals, say).
    pub undefined: u64,
}

/// Everything `simulate` reports for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub summaries: Vec<Summary>,
    /// `E[total cost] ÷ E[removals]`: the headline, robust to near-zero removals.
    pub ratio_of_means: f64,
    /// P(removals < 1).
    pub p_removals_below_one: f64,
    /// P(cost per removal > baseline), with a baseline.
    pub p_above_baseline: Option<f64>,
    /// (threshold, P(cost per removal ≤ threshold)).
    pub acceptability: Vec<(f64, f64)>,
}

/// Counts and moments of one chunk, merged in chunk order.
#[derive(Debug, Clone, Default)]
struct ChunkTotals {
    moments: [Moments; 7],
    removals_below_one: u64,
    above_baseline: u64,
    at_or_below: Vec<u64>,
}

impl ChunkTotals {
    fn merge(&mut self, other: &ChunkTotals) {
        for (a, b) in self.moments.iter_mut().zip(&other.moments) {
            a.merge(b);
        }
        self.removals_below_one += other.removals_below_one;
        self.above_baseline += other.above_baseline;
        if self.at_or_below.len() < other.at_or_below.len() {
            self.at_or_below.resize(other.at_or_below.len(), 0);
        }
        for (a, b) in self.at_or_below.iter_mut().zip(&other.at_or_below) {
            *a += b;
        }
    }
}

/// The number of chunks for `samples` draws.
fn chunk_count(samples: u64) -> usize {
    samples.div_ceil(CHUNK as u64) as usize
}

/// Draws chunk `c` and calls `each(index_in_chunk, metrics, baseline, draws)`.
fn draw_chunk(
    model: &Model,
    request: &Request,
    chunk: usize,
    mut each: impl FnMut(usize, &[f64; 7], f64, &[f64]),
) {
    let start = chunk as u64 * CHUNK as u64;
    let len = (request.samples - start).min(CHUNK as u64) as usize;
    let mut rng = Rng::for_chunk(request.seed, chunk as u64);
    let mut draws = vec![0.0; model.inputs.len()];
    for i in 0..len {
        model.draw(&mut rng, &mut draws);
        let (metrics, baseline) = model.evaluate(&draws);
        each(i, &metrics, baseline, &draws);
    }
}

/// Runs the simulation; `progress` is called with the number of draws done
/// (from any thread).
pub fn run(model: &Model, request: &Request, progress: &(dyn Fn(u64) + Sync)) -> Outcome {
    let chunks = chunk_count(request.samples);
    let present = model.metrics();
    let n = request.samples as usize;
    // The metrics kept per pass, within the memory budget.
    let per_pass = (MEMORY_BUDGET / (8 * n.max(1))).clamp(1, present.len().max(1));
    let groups: Vec<Vec<Metric>> = present.chunks(per_pass).map(<[Metric]>::to_vec).collect();
    let mut totals = ChunkTotals::default();
    let mut summaries: Vec<Summary> = Vec::new();
    for (pass, group) in groups.iter().enumerate() {
        let mut kept: Vec<Vec<f64>> = group.iter().map(|_| vec![0.0; n]).collect();
        // Each chunk writes its slice of every kept vector.
        let mut slices: Vec<Vec<&mut [f64]>> = (0..chunks).map(|_| Vec::new()).collect();
        for column in kept.iter_mut() {
            for (c, slice) in column.chunks_mut(CHUNK).enumerate() {
                slices[c].push(slice);
            }
        }
        let chunk_totals: Vec<ChunkTotals> = slices
            .into_par_iter()
            .enumerate()
            .map(|(c, mut columns)| {
                let mut t = ChunkTotals {
                    at_or_below: vec![0; request.thresholds.len()],
                    ..Default::default()
                };
                draw_chunk(model, request, c, |i, metrics, baseline, _| {
                    for (column, metric) in columns.iter_mut().zip(group) {
                        column[i] = metrics[*metric as usize];
                    }
                    if pass == 0 {
                        for (moments, value) in t.moments.iter_mut().zip(metrics) {
                            if !value.is_nan() {
                                moments.push(*value);
                            }
                        }
                        let cpr = metrics[Metric::CostPerRemoval as usize];
                        if metrics[Metric::Removals as usize] < 1.0 {
                            t.removals_below_one += 1;
                        }
                        if cpr > baseline {
                            t.above_baseline += 1;
                        }
                        for (count, threshold) in t.at_or_below.iter_mut().zip(&request.thresholds)
                        {
                            if cpr <= *threshold {
                                *count += 1;
                            }
                        }
                    }
                });
                progress(((c + 1) * CHUNK).min(n) as u64 - (c * CHUNK) as u64);
                t
            })
            .collect();
        if pass == 0 {
            for t in &chunk_totals {
                totals.merge(t);
            }
        }
        // Each metric's percentiles are an independent selection: in parallel.
        let selected: Vec<Vec<f64>> = kept
            .into_par_iter()
            .map(|column| percentiles(column, &[0.05, 0.5, 0.95]))
            .collect();
        for (metric, p) in group.iter().zip(selected) {
            let moments = totals.moments[*metric as usize];
            let defined = moments.undefined == 0;
            summaries.push(Summary {
                metric: *metric,
                mean: if defined { moments.mean } else { f64::INFINITY },
                sd: if defined { moments.sd() } else { f64::NAN },
                p5: p[0],
                p50: p[1],
                p95: p[2],
                undefined: moments.undefined,
            });
        }
    }
    summaries.sort_by_key(|s| s.metric as usize);
    let share = |count: u64| count as f64 / request.samples.max(1) as f64;
    let mean_of = |m: Metric| totals.moments[m as usize].mean;
    Outcome {
        ratio_of_means: if present.contains(&Metric::CostPerRemoval) {
            mean_of(Metric::TotalCost) / mean_of(Metric::Removals)
        } else {
            f64::NAN
        },
        p_removals_below_one: share(totals.removals_below_one),
        p_above_baseline: model.baseline.map(|_| share(totals.above_baseline)),
        acceptability: request
            .thresholds
            .iter()
            .zip(&totals.at_or_below)
            .map(|(t, count)| (*t, share(*count)))
            .collect(),
        summaries,
    }
}

/// Every draw of one metric, in order (for charts): one pass, in parallel.
pub fn draws(model: &Model, request: &Request, metric: Metric) -> Vec<f64> {
    let mut values = vec![0.0; request.samples as usize];
    values
        .par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(c, slice)| {
            draw_chunk(model, request, c, |i, metrics, _, _| {
                slice[i] = metrics[metric as usize];
            });
        });
    values
}

/// Every draw of every input and metric, in order, for `--samples`:
/// calls `row(sample_index, draws, metrics)` sequentially.
pub fn each_sample(model: &Model, request: &Request, mut row: impl FnMut(u64, &[f64], &[f64; 7])) {
    for c in 0..chunk_count(request.samples) {
        let start = (c * CHUNK) as u64;
        draw_chunk(model, request, c, |i, metrics, _, draws| {
            row(start + i as u64, draws, metrics);
        });
    }
}
