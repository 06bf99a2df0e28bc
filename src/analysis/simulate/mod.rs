/*!
Monte Carlo: the distribution of every metric when a scenario's inputs are
uncertain.

A scenario is compiled once into a [`Model`]: the certain parts of its costs
summed exactly and then taken as `f64`, and one [`sample::Sampler`] per
uncertain input. Each draw takes every uncertain input once, jointly, and
computes the metrics of `compare` with the same formulas as `crate::analysis::metrics`
(in `f64`: sampling is the one place floating point belongs).

Samples are drawn in chunks of [`CHUNK`]; in chunk `c` each uncertain input
has its own random stream, seeded from (seed, its `PATH`, c) (the inputs of
`[[correlation]]` tables one stream, from (seed, c)), and per-chunk summaries are
merged in chunk order, so a seed gives the same numbers, bit for bit, on any
number of threads.
Percentiles are exact order statistics without keeping the draws: a pilot
of a few evenly spread chunks places each wanted rank in a narrow bracket,
and one pass over every draw counts the draws below each bracket and keeps
those inside, among which the ranks are selected ([`select`]; a bracket that
missed is refined by further passes over the same draws, regenerated from
the same seeds). Memory is a few MiB whatever the number of draws.

A chunk is drawn in columns (`Model::draw_columns`): each input's column in
one loop over its own stream (no question of which distribution a draw,
the random state in registers: 11–20% less time than one stream taking the
inputs in turn, benches/README.md), finished in a loop of its own (a
lognormal's exponential), then the metrics; the moments and the brackets
go through each metric's column, a metric's brackets in one scan.
*/

pub mod compile;
pub mod correlate;
pub mod rng;
pub mod sample;
pub mod select;
pub mod stats;

use rayon::prelude::*;
use rust_decimal::Decimal;

pub use crate::analysis::metrics::Metric;
use crate::model::distribution::{Input, Uncertain};
use crate::model::{Basis, DurationSource, Scenario};
use rng::Rng;
use sample::Sampler;
use stats::Moments;

/// Draws per chunk (each input's stream is seeded afresh for each chunk).
pub const CHUNK: usize = 16_384;
/// The most draws a run takes: memory does not grow with the draws, time
/// does (about 60 ns of CPU a draw of the reference model; see
/// benches/README.md).
pub const MAX_SAMPLES: u64 = 1_000_000_000;

/// A number of the model: known, or the draw of uncertain input `i`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Term {
    Known(f64),
    Drawn(usize),
}

/// Input `i`'s value in the draw at hand.
trait Draw: Fn(usize) -> f64 + Copy {}
impl<D: Fn(usize) -> f64 + Copy> Draw for D {}

impl Term {
    #[inline]
    fn value(self, draws: impl Draw) -> f64 {
        match self {
            Term::Known(x) => x,
            Term::Drawn(i) => draws(i),
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
    /// What charts call it: its `short_name`, or else its name.
    pub label: String,
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
    /// The inputs drawn together (`[[correlation]]`), if any.
    copula: Option<correlate::Copula>,
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
#[inline]
fn scaled(factor: f64, terms: &[RateTerm], offset: usize, draws: impl Draw) -> f64 {
    terms.iter().fold(factor, |f, t| {
        f * (draws(offset + t.rate) / t.mean).powi(t.exponent)
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
        let copula = correlate::Copula::new(scenario, inputs.iter().map(|(p, _)| p.as_str()));
        Ok(Model {
            name: scenario.name.clone(),
            label: scenario.label().to_string(),
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
            copula,
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
    #[inline]
    fn evaluate(&self, draws: impl Draw) -> ([f64; 7], f64) {
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

    /// The draws of chunk `chunk` in `columns`: every uncertain input's
    /// column from its own stream (the inputs of `[[correlation]]` tables
    /// jointly, a sample at a time, from the chunk's), each finished in a
    /// loop of its own, then every metric's, draw by draw.
    fn draw_columns(&self, request: &Request, chunk: usize, columns: &mut Columns) {
        let len = chunk_len(request.samples, chunk);
        columns.inputs.resize_with(self.inputs.len(), Vec::new);
        for column in &mut columns.inputs {
            column.clear();
            column.reserve(len);
        }
        let correlated = |i: usize| self.copula.as_ref().is_some_and(|c| c.draws(i));
        // Each input in no `[[correlation]]` table from its own stream,
        // keyed by its PATH: a column is one loop over one distribution, and
        // its draws are the same whatever the scenario's other inputs.
        for (i, (column, (path, sampler))) in
            columns.inputs.iter_mut().zip(&self.inputs).enumerate()
        {
            if correlated(i) {
                continue;
            }
            let mut rng = Rng::for_chunk(request.seed ^ rng::fnv1a(path), chunk as u64);
            sampler.draw_column(&mut rng, column, len);
        }
        if let Some(copula) = &self.copula {
            // The copula needs a sample's correlated inputs together: they
            // are drawn a sample at a time from the chunk's own stream.
            let mut rng = Rng::for_chunk(request.seed, chunk as u64);
            let mut sample = vec![0.0; self.inputs.len()];
            for _ in 0..len {
                copula.draw(&mut rng, &mut sample);
                for (i, column) in columns.inputs.iter_mut().enumerate() {
                    if correlated(i) {
                        column.push(sample[i]);
                    }
                }
            }
        }
        for column in columns.metrics.iter_mut().chain([&mut columns.baseline]) {
            column.resize(len, 0.0);
        }
        let inputs = &columns.inputs;
        let [
            total,
            removals,
            per_removal,
            utilization,
            block_rate,
            legal,
            ratio,
        ] = columns.metrics.each_mut().map(|column| &mut column[..len]);
        let baselines = &mut columns.baseline[..len];
        for i in 0..len {
            let (metrics, baseline) = self.evaluate(|j: usize| inputs[j][i]);
            [
                total[i],
                removals[i],
                per_removal[i],
                utilization[i],
                block_rate[i],
                legal[i],
                ratio[i],
            ] = metrics;
            baselines[i] = baseline;
        }
    }

    /// The inputs drawn together (`[[correlation]]`), if any.
    pub fn copula(&self) -> Option<&correlate::Copula> {
        self.copula.as_ref()
    }

    /// Total cost and removals for given draws of the inputs (in the order
    /// of `inputs`): for analyses that draw the inputs themselves, as `voi`
    /// does to give an input shared by two scenarios the same draws.
    pub fn total_and_removals(&self, draws: &[f64]) -> (f64, f64) {
        let (metrics, _) = self.evaluate(|j: usize| draws[j]);
        (
            metrics[Metric::TotalCost as usize],
            metrics[Metric::Removals as usize],
        )
    }
}

/// A chunk's draws, a column each: every uncertain input's (in the order of
/// [`Model::inputs`]), every metric's (in [`Metric::ALL`] order, as
/// [`Model::evaluate`] gives them) and the baseline's.
#[derive(Debug, Default)]
struct Columns {
    inputs: Vec<Vec<f64>>,
    metrics: [Vec<f64>; 7],
    baseline: Vec<f64>,
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

/// The counts of a pass's first visit, which no order of the draws changes.
#[derive(Debug, Clone, Default)]
struct Counts {
    removals_below_one: u64,
    above_baseline: u64,
    /// Draws whose cost per removal is above `k` of the sorted thresholds
    /// (and at or below the rest), by `k`; NaN after every threshold.
    above_thresholds: Vec<u64>,
}

impl Counts {
    fn merge(&mut self, other: &Counts) {
        self.removals_below_one += other.removals_below_one;
        self.above_baseline += other.above_baseline;
        if self.above_thresholds.len() < other.above_thresholds.len() {
            self.above_thresholds
                .resize(other.above_thresholds.len(), 0);
        }
        for (a, b) in self
            .above_thresholds
            .iter_mut()
            .zip(&other.above_thresholds)
        {
            *a += b;
        }
    }
}

/// The number of chunks for `samples` draws.
fn chunk_count(samples: u64) -> usize {
    samples.div_ceil(CHUNK as u64) as usize
}

/// The draws of chunk `chunk`: [`CHUNK`], fewer in the last.
fn chunk_len(samples: u64, chunk: usize) -> usize {
    let start = chunk as u64 * CHUNK as u64;
    samples.saturating_sub(start).min(CHUNK as u64) as usize
}

/// The chunks a pass visits: `count` of them, `stride` apart from chunk 0.
#[derive(Debug, Clone, Copy)]
struct Chunks {
    count: usize,
    stride: usize,
}

/// Every chunk of a request.
fn every_chunk(request: &Request) -> Chunks {
    Chunks {
        count: chunk_count(request.samples),
        stride: 1,
    }
}

/// Draws chunk `c` and calls `each(index_in_chunk, metrics, baseline, draws)`
/// draw by draw.
fn draw_chunk(
    model: &Model,
    request: &Request,
    chunk: usize,
    mut each: impl FnMut(usize, &[f64; 7], f64, &[f64]),
) {
    let mut columns = Columns::default();
    model.draw_columns(request, chunk, &mut columns);
    let mut draws = vec![0.0; model.inputs.len()];
    for i in 0..chunk_len(request.samples, chunk) {
        for (draw, column) in draws.iter_mut().zip(&columns.inputs) {
            *draw = column[i];
        }
        let metrics = std::array::from_fn(|m| columns.metrics[m][i]);
        each(i, &metrics, columns.baseline[i], &draws);
    }
}

/// Chunks a worker takes per batch; a batch's per-chunk results are handed
/// on in chunk order before the next batch starts, so they never pile up.
const BATCH_PER_WORKER: usize = 64;

/// Runs `work(state, chunk)` on every chunk, in parallel over one state per
/// worker (each takes the next chunk not yet taken), and hands each chunk's
/// result to `in_order` in chunk order. Returns the states.
fn each_chunk<S: Send, T: Send>(
    chunks: usize,
    make: impl Fn() -> S,
    work: &(impl Fn(&mut S, usize) -> T + Sync),
    mut in_order: impl FnMut(T),
) -> Vec<S> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = rayon::current_num_threads().clamp(1, chunks.max(1));
    let mut states: Vec<S> = (0..workers).map(|_| make()).collect();
    let mut start = 0;
    while start < chunks {
        let end = (start + BATCH_PER_WORKER * workers).min(chunks);
        let next = AtomicUsize::new(start);
        let mut done: Vec<(usize, T)> = states
            .par_iter_mut()
            .flat_map_iter(|state| {
                let mut done = Vec::new();
                loop {
                    let chunk = next.fetch_add(1, Ordering::Relaxed);
                    if chunk >= end {
                        break done;
                    }
                    done.push((chunk, work(state, chunk)));
                }
            })
            .collect();
        done.sort_unstable_by_key(|(chunk, _)| *chunk);
        done.into_iter().for_each(|(_, result)| in_order(result));
        start = end;
    }
    states
}

/// One pass over the draws of `chunks`, gathering for the open brackets of
/// `selection` as `plan` says; with `first`, also the moments and counts of
/// [`Outcome`].
fn pass(
    model: &Model,
    request: &Request,
    selection: &select::Selection,
    plan: &[select::Task],
    first: Option<&Thresholds>,
    chunks: Chunks,
    progress: &(dyn Fn(u64) + Sync),
) -> (select::Gather, [Moments; 7], Counts) {
    let open = selection.open();
    let present = model.metrics();
    type State = (select::Gather, Counts, Columns);
    let work = |(gather, counts, columns): &mut State, visit: usize| {
        let chunk = visit * chunks.stride;
        model.draw_columns(request, chunk, columns);
        let metrics = &columns.metrics;
        let mut moments = [Moments::default(); 7];
        if let Some(thresholds) = first {
            let cpr = &metrics[Metric::CostPerRemoval as usize];
            let removals = &metrics[Metric::Removals as usize];
            counts.removals_below_one += removals.iter().map(|r| u64::from(*r < 1.0)).sum::<u64>();
            counts.above_baseline += cpr
                .iter()
                .zip(&columns.baseline)
                .map(|(c, b)| u64::from(c > b))
                .sum::<u64>();
            if !thresholds.sorted.is_empty() {
                for c in cpr {
                    counts.above_thresholds[thresholds.above(*c)] += 1;
                }
            }
            for &m in &present {
                moments[m as usize] = Moments::of(&metrics[m as usize]);
            }
        }
        gather.see_columns(open, metrics);
        progress(chunk_len(request.samples, chunk) as u64);
        moments
    };
    let mut moments = [Moments::default(); 7];
    let make = || {
        let counts = Counts {
            above_thresholds: vec![0; first.map_or(0, |t| t.sorted.len() + 1)],
            ..Counts::default()
        };
        (select::Gather::new(open, plan), counts, Columns::default())
    };
    let states = each_chunk(chunks.count, make, &work, |chunk| {
        for (total, part) in moments.iter_mut().zip(&chunk) {
            total.merge(part);
        }
    });
    let mut states = states.into_iter();
    let (mut gather, mut counts, _) = states.next().unwrap_or_else(make);
    for (other, other_counts, _) in states {
        gather.merge(other);
        counts.merge(&other_counts);
    }
    (gather, moments, counts)
}

/// The thresholds of a request in order, for counting each draw once.
struct Thresholds {
    sorted: Vec<f64>,
}

impl Thresholds {
    fn new(thresholds: &[f64]) -> Thresholds {
        let mut sorted: Vec<f64> = thresholds.iter().copied().filter(|t| !t.is_nan()).collect();
        sorted.sort_by(f64::total_cmp);
        Thresholds { sorted }
    }

    /// How many thresholds `value` is above (all of them when NaN).
    #[inline]
    fn above(&self, value: f64) -> usize {
        if value.is_nan() {
            self.sorted.len()
        } else {
            self.sorted.partition_point(|t| *t < value)
        }
    }

    /// P(value ≤ `threshold`) from the counts of [`Thresholds::above`].
    fn share_at_or_below(&self, threshold: f64, above: &[u64], draws: u64) -> f64 {
        if threshold.is_nan() {
            return 0.0;
        }
        // A draw is at or below the threshold exactly when it is above no
        // more of the thresholds than the threshold itself is.
        let below = self.sorted.partition_point(|t| *t < threshold);
        let at_or_below: u64 = above[..=below].iter().sum();
        at_or_below as f64 / draws.max(1) as f64
    }
}

/// Runs further passes until every order statistic of `selection` is found.
fn finish(
    model: &Model,
    request: &Request,
    mut selection: select::Selection,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<select::Found> {
    while !selection.is_done() {
        let plan = selection.plan(rayon::current_num_threads());
        let (gather, _, _) = pass(
            model,
            request,
            &selection,
            &plan,
            None,
            every_chunk(request),
            progress,
        );
        selection.advance(gather);
    }
    selection.found()
}

/// How a run brackets its order statistics: from a pilot of this many
/// evenly spread chunks, or (`None`) by counting every draw first.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pilot {
    /// As [`select::Selection::pilot_size`] says.
    Sized,
    /// Tests force a pilot of `chunks` chunks whose brackets reach
    /// `sigmas` standard deviations (0 makes them miss).
    #[cfg_attr(not(test), allow(dead_code))]
    Forced { chunks: usize, sigmas: f64 },
}

/// The chunks of a run's pilot, if it has one, and how many standard
/// deviations its guesses reach.
fn pilot_chunks(
    samples: u64,
    wanted: &[(usize, Vec<u64>)],
    budget: u64,
    pilot: Pilot,
) -> Option<(Chunks, f64)> {
    let chunks = chunk_count(samples);
    let (count, sigmas) = match pilot {
        Pilot::Forced {
            chunks: count,
            sigmas,
        } => (Some(count.clamp(1, chunks.max(1))), sigmas),
        Pilot::Sized => (
            select::Selection::pilot_size(samples, wanted, budget)
                .map(|draws| draws.div_ceil(CHUNK as u64) as usize)
                // More than half the draws: counting them all is as quick.
                .filter(|count| 2 * count <= chunks),
            select::SIGMAS,
        ),
    };
    let count = count.filter(|_| chunks > 0)?;
    let spread = Chunks {
        count,
        stride: chunks / count,
    };
    Some((spread, sigmas))
}

/// The draws of `chunks`.
fn draws_in(samples: u64, chunks: Chunks) -> u64 {
    (0..chunks.count)
        .map(|i| chunk_len(samples, i * chunks.stride) as u64)
        .sum()
}

/// The selection of `wanted` ready for its first pass over every draw:
/// guessed from a pilot over a few chunks when that is worth it, see
/// [`select`].
fn start(
    model: &Model,
    request: &Request,
    wanted: &[(usize, Vec<u64>)],
    budget: u64,
    pilot: Pilot,
    progress: &(dyn Fn(u64) + Sync),
) -> select::Selection {
    let n = request.samples;
    let Some((spread, sigmas)) = pilot_chunks(n, wanted, budget, pilot) else {
        return select::Selection::new(n, wanted, budget);
    };
    let counting = select::Selection::new(n, wanted, budget);
    let plan = vec![select::Task::Count; counting.open().len()];
    let (gather, _, _) = pass(model, request, &counting, &plan, None, spread, progress);
    select::Selection::guess(n, wanted, budget, draws_in(n, spread), gather, sigmas)
}

/// Ranks wanted of each metric, by its index.
type Wanted = Vec<(usize, Vec<u64>)>;

/// The order statistics [`run`] selects: the ranks of p5, p50 and p95
/// (each with the next, to interpolate) of every metric the model has; and
/// the percentiles' positions ([`stats::position`]).
fn wanted(model: &Model, n: u64) -> (Wanted, Vec<(u64, f64)>) {
    const QS: [f64; 3] = [0.05, 0.5, 0.95];
    let positions: Vec<(u64, f64)> = QS.iter().map(|q| stats::position(n, *q)).collect();
    let ranks: Vec<u64> = positions
        .iter()
        .flat_map(|&(low, _)| [low, stats::next_rank(n, low)])
        .collect();
    let wanted = if n == 0 {
        Vec::new()
    } else {
        model
            .metrics()
            .iter()
            .map(|m| (*m as usize, ranks.clone()))
            .collect()
    };
    (wanted, positions)
}

/// The draws [`run`] usually takes, for a progress bar: the pilot's and one
/// pass (a guess that misses costs more passes, about once in 10⁹).
pub fn planned_draws(model: &Model, request: &Request) -> u64 {
    let n = request.samples;
    let (wanted, _) = wanted(model, n);
    let pilot = pilot_chunks(n, &wanted, select::KEPT_BUDGET, Pilot::Sized);
    n + pilot.map_or(0, |(chunks, _)| draws_in(n, chunks))
}

/// Runs the simulation; `progress` is called with the number of draws done
/// in each pass (from any thread): a pilot over a few chunks and one pass
/// over the draws (only the pass when they are few), rarely more (see
/// [`select`]).
pub fn run(model: &Model, request: &Request, progress: &(dyn Fn(u64) + Sync)) -> Outcome {
    run_keeping(model, request, select::KEPT_BUDGET, Pilot::Sized, progress)
}

/// [`run`], keeping at most `budget` draws at once (tests force the
/// refining passes with a small one).
fn run_keeping(
    model: &Model,
    request: &Request,
    budget: u64,
    pilot: Pilot,
    progress: &(dyn Fn(u64) + Sync),
) -> Outcome {
    let present = model.metrics();
    let n = request.samples;
    let (wanted, positions) = wanted(model, n);
    let ranks = wanted.first().map(|(_, r)| r.clone()).unwrap_or_default();
    let mut selection = start(model, request, &wanted, budget, pilot, progress);
    let thresholds = Thresholds::new(&request.thresholds);
    let plan = selection.plan(rayon::current_num_threads());
    let (gather, moments, counts) = pass(
        model,
        request,
        &selection,
        &plan,
        Some(&thresholds),
        every_chunk(request),
        progress,
    );
    selection.advance(gather);
    let found = finish(model, request, selection, progress);
    let summaries = present
        .iter()
        .enumerate()
        .map(|(i, metric)| {
            let at = |j: usize| {
                found
                    .get(i * ranks.len() + j)
                    .map_or(f64::NAN, |found| found.value)
            };
            let p: Vec<f64> = positions
                .iter()
                .enumerate()
                .map(|(j, &(_, fraction))| stats::interpolate(at(2 * j), at(2 * j + 1), fraction))
                .collect();
            let moments = moments[*metric as usize];
            let defined = moments.undefined == 0;
            Summary {
                metric: *metric,
                mean: if defined { moments.mean } else { f64::INFINITY },
                sd: if defined { moments.sd() } else { f64::NAN },
                p5: p[0],
                p50: p[1],
                p95: p[2],
                undefined: moments.undefined,
            }
        })
        .collect();
    let share = |count: u64| count as f64 / n.max(1) as f64;
    let mean_of = |m: Metric| moments[m as usize].mean;
    Outcome {
        ratio_of_means: if present.contains(&Metric::CostPerRemoval) {
            mean_of(Metric::TotalCost) / mean_of(Metric::Removals)
        } else {
            f64::NAN
        },
        p_removals_below_one: share(counts.removals_below_one),
        p_above_baseline: model.baseline.map(|_| share(counts.above_baseline)),
        acceptability: request
            .thresholds
            .iter()
            .map(|t| {
                (
                    *t,
                    thresholds.share_at_or_below(*t, &counts.above_thresholds, n),
                )
            })
            .collect(),
        summaries,
    }
}

/// The order statistics of `metric` at `ranks` (0-based, each below the
/// number of draws; in the order of [`stats::order_key`], undefined draws
/// last): exact, in memory that does not grow with the draws.
pub fn order_statistics(
    model: &Model,
    request: &Request,
    metric: Metric,
    ranks: &[u64],
) -> Vec<select::Found> {
    order_statistics_keeping(
        model,
        request,
        metric,
        ranks,
        select::KEPT_BUDGET,
        Pilot::Sized,
    )
}

fn order_statistics_keeping(
    model: &Model,
    request: &Request,
    metric: Metric,
    ranks: &[u64],
    budget: u64,
    pilot: Pilot,
) -> Vec<select::Found> {
    let wanted = [(metric as usize, ranks.to_vec())];
    let selection = start(model, request, &wanted, budget, pilot, &|_| {});
    finish(model, request, selection, &|_| {})
}

/// How many draws of `metric` fall in each of `bins` bins, by `bin_of` (a
/// draw it gives no bin is not counted): one pass.
pub fn count_bins(
    model: &Model,
    request: &Request,
    metric: Metric,
    bins: usize,
    bin_of: &(dyn Fn(f64) -> Option<usize> + Sync),
) -> Vec<u64> {
    let work = |counts: &mut Vec<u64>, chunk: usize| {
        draw_chunk(model, request, chunk, |_, metrics, _, _| {
            if let Some(bin) = bin_of(metrics[metric as usize]).filter(|b| *b < bins) {
                counts[bin] += 1;
            }
        });
    };
    let states = each_chunk(
        chunk_count(request.samples),
        || vec![0; bins],
        &work,
        |()| {},
    );
    states.into_iter().fold(vec![0; bins], |mut total, counts| {
        for (a, b) in total.iter_mut().zip(counts) {
            *a += b;
        }
        total
    })
}

/// Every draw of one metric, in order: for tests that sort them all.
#[cfg(test)]
fn draws(model: &Model, request: &Request, metric: Metric) -> Vec<f64> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference model, and two scenarios made to be hard to bracket:
    /// one whose total cost is one value in every draw (a point mass), whose
    /// block rate is exactly 1 in about a third of the draws (blocked capped
    /// at attempted) and whose removals are 0 in about 5% (a normal's draws
    /// below 0), so cost per removal is +∞ there and its p95 is +∞; and one
    /// heavy-tailed (removals 0.01 to 1000, cost per removal over seven
    /// orders of magnitude).
    fn scenarios() -> Vec<Model> {
        let texts = [
            include_str!("../../../benches/reference-model.toml"),
            "name = \"point masses\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
             amount = 1000\nbasis = \"fixed\"\n[outcomes]\n\
             removals = { dist = \"normal\", low = 0, high = 8 }\n\
             attempted = { dist = \"uniform\", min = 60, max = 140 }\n\
             blocked = { dist = \"uniform\", min = 50, max = 100 }\n",
            "name = \"heavy tail\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
             amount = { dist = \"pert\", min = 100, mode = 300, max = 2000 }\n\
             basis = \"fixed\"\n[[cost]]\nitem = \"fee\"\n\
             amount = { dist = \"triangular\", min = 1, mode = 2, max = 9 }\n\
             basis = \"per_removal\"\n[outcomes]\nremovals = \"0.01 to 1000\"\n",
        ];
        texts
            .iter()
            .map(|text| Model::new(&crate::load::parse(text).unwrap(), None).unwrap())
            .collect()
    }

    fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(work)
    }

    #[test]
    fn an_inputs_draws_depend_on_its_path_and_the_seed_not_on_the_other_inputs() {
        // Each input draws from a stream of its own, keyed by its PATH: the
        // reference model's total cost is drawn alike whether or not its
        // planned removals and block probability are uncertain, so its
        // summary is the very same; a different seed draws it differently.
        let with_others = &scenarios()[0];
        let alone = Model::new(
            &crate::load::parse(
                "name = \"cost alone\"\ncurrency = \"USD\"\n[[cost]]\n\
                 item = \"Total cost (millions)\"\namount = \"500 to 900\"\n\
                 [outcomes]\nplanned = 100\n",
            )
            .unwrap(),
            None,
        )
        .unwrap();
        let total = |model: &Model, seed| {
            let request = Request {
                samples: 50_000,
                seed,
                thresholds: vec![],
            };
            run(model, &request, &|_| {}).summaries[0]
        };
        assert_eq!(total(with_others, 5), total(&alone, 5));
        assert_ne!(total(with_others, 5), total(&alone, 6));
    }

    #[test]
    fn bracketed_percentiles_equal_those_of_sorting_every_draw() {
        // Budgets: every draw kept in the first pass (one pass); 4,096 keys
        // (the first histogram's brackets are kept in the second); 16 keys
        // (brackets refined by further passes, down to single keys for the
        // point masses). Each must give the very numbers of sorting them all.
        for model in scenarios() {
            for seed in [1, 2, 3] {
                let request = Request {
                    samples: 20_011,
                    seed,
                    thresholds: vec![50.0, 200.0, 1000.0],
                };
                let expected: Vec<(Metric, Vec<f64>)> = model
                    .metrics()
                    .into_iter()
                    .map(|m| {
                        let sorted =
                            stats::percentiles(draws(&model, &request, m), &[0.05, 0.5, 0.95]);
                        (m, sorted)
                    })
                    .collect();
                let mut outcomes = Vec::new();
                for budget in [select::KEPT_BUDGET, 4096, 16] {
                    for threads in [1, 2] {
                        let outcome = on_threads(threads, || {
                            run_keeping(&model, &request, budget, Pilot::Sized, &|_| {})
                        });
                        for (summary, (metric, p)) in outcome.summaries.iter().zip(&expected) {
                            assert_eq!(summary.metric, *metric);
                            let got = [summary.p5, summary.p50, summary.p95];
                            // Equal as numbers, +∞ included (NaN never occurs here).
                            assert_eq!(
                                got.as_slice(),
                                p.as_slice(),
                                "{} {metric:?} seed {seed} budget {budget} threads {threads}",
                                model.name
                            );
                        }
                        outcomes.push(outcome);
                    }
                }
                // The whole outcome, means and shares too, bit for bit on 1
                // and 2 threads and whatever the budget (as printed: an
                // undefined sd is NaN, which equals nothing).
                let printed: Vec<String> = outcomes.iter().map(|o| format!("{o:?}")).collect();
                assert!(printed.windows(2).all(|w| w[0] == w[1]), "{}", model.name);
            }
        }
    }

    #[test]
    fn guessed_brackets_equal_sorting_whether_they_hold_or_miss() {
        // 100,003 draws (7 chunks) from a pilot of one chunk: brackets
        // reaching 6 standard deviations hold every rank of the reference
        // model, so the run is the pilot and one pass (116,387 draws seen);
        // brackets reaching none (0 σ: a bin or two around the pilot's rank)
        // miss, and the misses are refined by further passes; with a budget
        // of 64 keys the guesses overflow their caps and are refined too.
        // Every path must give the numbers of sorting every draw, on 1 and 2
        // threads.
        for (m, model) in scenarios().into_iter().enumerate() {
            for seed in [1, 2, 3] {
                let request = Request {
                    samples: 100_003,
                    seed,
                    thresholds: Vec::new(),
                };
                let expected: Vec<Vec<f64>> = model
                    .metrics()
                    .into_iter()
                    .map(|m| stats::percentiles(draws(&model, &request, m), &[0.05, 0.5, 0.95]))
                    .collect();
                for (sigmas, budget) in [
                    (6.0, select::KEPT_BUDGET),
                    (0.0, select::KEPT_BUDGET),
                    (6.0, 64),
                ] {
                    for threads in [1, 2] {
                        let seen = std::sync::atomic::AtomicU64::new(0);
                        let count = |done: u64| {
                            seen.fetch_add(done, std::sync::atomic::Ordering::Relaxed);
                        };
                        let pilot = Pilot::Forced { chunks: 1, sigmas };
                        let outcome = on_threads(threads, || {
                            run_keeping(&model, &request, budget, pilot, &count)
                        });
                        for (summary, p) in outcome.summaries.iter().zip(&expected) {
                            let got = [summary.p5, summary.p50, summary.p95];
                            assert_eq!(
                                got.as_slice(),
                                p.as_slice(),
                                "{} {:?} seed {seed} σ {sigmas} budget {budget} threads {threads}",
                                model.name,
                                summary.metric
                            );
                        }
                        let seen = seen.into_inner();
                        if m == 0 && sigmas == 6.0 && budget == select::KEPT_BUDGET {
                            assert_eq!(seen, 16_384 + 100_003, "one pass after the pilot");
                        }
                        if sigmas == 0.0 || budget == 64 {
                            assert!(seen > 16_384 + 100_003, "{} refined: {seen}", model.name);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn more_guessed_brackets_than_one_scan_takes_equal_sorting() {
        // Eleven ranks of cost per removal spread over 100,003 draws (7
        // chunks), guessed from a pilot of one chunk: eleven brackets of one
        // metric, scanned four at a time (4 + 4 + 3), must give the values
        // of sorting every draw, on 1 and 2 threads.
        for model in scenarios() {
            let request = Request {
                samples: 100_003,
                seed: 5,
                thresholds: Vec::new(),
            };
            let metric = Metric::CostPerRemoval;
            let mut sorted = draws(&model, &request, metric);
            sorted.sort_by_key(|x| stats::order_key(*x));
            let ranks: Vec<u64> = (0..=10).map(|k| k * 10_000).collect();
            let pilot = Pilot::Forced {
                chunks: 1,
                sigmas: select::SIGMAS,
            };
            for threads in [1, 2] {
                let found = on_threads(threads, || {
                    order_statistics_keeping(
                        &model,
                        &request,
                        metric,
                        &ranks,
                        select::KEPT_BUDGET,
                        pilot,
                    )
                });
                for (rank, found) in ranks.iter().zip(found) {
                    let value = sorted[*rank as usize] + 0.0;
                    assert_eq!(
                        found.value.to_bits(),
                        value.to_bits(),
                        "{} rank {rank}",
                        model.name
                    );
                }
            }
        }
    }

    #[test]
    fn order_statistics_and_the_acceptability_counts_equal_those_of_sorting() {
        // Every 1,000th rank of cost per removal, and how many draws are at or
        // below it: against the sorted draws, and against counting directly.
        for model in scenarios() {
            let request = Request {
                samples: 10_007,
                seed: 9,
                thresholds: vec![20.0, 100.0, 100.0, 5000.0],
            };
            let metric = Metric::CostPerRemoval;
            let mut sorted = draws(&model, &request, metric);
            sorted.sort_by_key(|x| stats::order_key(*x));
            let ranks: Vec<u64> = (0..=10).map(|k| k * 1000).collect();
            for budget in [select::KEPT_BUDGET, 8] {
                let found = on_threads(2, || {
                    order_statistics_keeping(&model, &request, metric, &ranks, budget, Pilot::Sized)
                });
                for (rank, found) in ranks.iter().zip(found) {
                    let value = sorted[*rank as usize];
                    assert_eq!(found.value.to_bits(), (value + 0.0).to_bits());
                    let at_or_below = sorted
                        .iter()
                        .filter(|x| stats::order_key(**x) <= stats::order_key(value))
                        .count() as u64;
                    assert_eq!(found.at_or_below, at_or_below, "{} rank {rank}", model.name);
                }
            }
            let outcome = run(&model, &request, &|_| {});
            for (threshold, share) in &outcome.acceptability {
                // A draw with no removals (+∞) is above every threshold.
                let count = sorted.iter().filter(|x| **x <= *threshold).count();
                assert_eq!(*share, count as f64 / 10_007.0, "{}", model.name);
            }
        }
    }

    #[test]
    fn the_reference_models_percentiles_agree_with_their_exact_values() {
        // benches/reference-model.toml: total T = 500 to 900 and planned
        // R = 2 to 300 (lognormals, 90% intervals), B ~ Beta(2, 5), cost per
        // removal C = T ÷ (R(1 − B)). Exactly (numerical integration of
        // P(C ≤ c) = E[Φ((ln c − ln T + ln(1 − B) − μR) / σR)] over T and B,
        // μR = ln √600 = 3.198673, σR = ln 150 ÷ 3.289707 = 1.523124, then
        // solving for c): p5 = 3.0682, p50 = 39.4489, p95 = 511.878. The mean
        // of T is exp(μT + σT²/2) = 670.820 × exp(0.178674²/2) = 681.614.
        //
        // Tolerances from the standard errors at n = 10⁶ draws: ln C has an
        // sd of about 1.55, so a sample quantile's relative se is
        // √(q(1 − q)/n) ÷ φ(z_q) × 1.55: 0.19% at the median and 0.33% at p5
        // and p95; the mean of T has se 123.4/1,000 = 0.12. The tolerances
        // (1% and 1.7%, 0.7) are over 5 standard errors: the test cannot flake
        // by chance (and the seed is fixed besides).
        let model = &scenarios()[0];
        let request = Request {
            samples: 1_000_000,
            seed: 7,
            thresholds: Vec::new(),
        };
        let outcome = run(model, &request, &|_| {});
        let of = |m: Metric| *outcome.summaries.iter().find(|s| s.metric == m).unwrap();
        let c = of(Metric::CostPerRemoval);
        let near = |got: f64, want: f64, tolerance: f64| {
            assert!((got / want - 1.0).abs() < tolerance, "{got} vs {want}");
        };
        near(c.p5, 3.0682, 0.017);
        near(c.p50, 39.4489, 0.01);
        near(c.p95, 511.878, 0.017);
        let total = of(Metric::TotalCost);
        assert!((total.mean - 681.614).abs() < 0.7, "{}", total.mean);
    }
}
