/*!
Value of information: what learning more about the uncertain inputs would be
worth to a choice between two or more scenarios (`costcalc voi`).

At a willingness to pay λ per removal, the net benefit of a scenario in one
draw is λ × removals − total cost (in `f64`, as every Monte Carlo figure).
From the same draws, for each λ:

- the expected net benefit of each scenario, and the probability that each is
  best (the acceptability frontier; a draw where k scenarios tie for best
  credits each with 1/k);
- EVPI = E\[max_s NB_s\] − max_s E\[NB_s\], what perfect information about every
  input would be worth;
- EVPPI of a set φ of inputs = E_φ\[max_s E(NB_s | φ)\] − max_s E\[NB_s\], by the
  binned estimator: the draws are split into cells by the values of φ's
  inputs (B bins of equal probability for one input, cut at the quantiles of
  a pilot of the input's own draws; for d inputs, about B^(1/d) bins each and
  at least 2), and EVPPI = Σ_cells (n_cell ÷ n) × max_s mean_cell(NB_s) −
  max_s E\[NB_s\]. B is n^(1/3) rounded, from 2 to 100. The sums per cell are
  kept, not the draws, so memory does not grow with the draws.

The estimator's bias: within a cell the decision is taken on the cell's mean,
so what φ's exact value would tell beyond its cell is lost (a downward bias,
small: of order 1/B² for an input whose effect is smooth); and each cell's
mean is itself noisy, and the maximum of noisy means is too high (an upward
bias of about sd(NB difference) × √(B/n) × 0.4 when the decision is close
in a cell). The upward part is measured: [`AtWtp::noise_floor`] is what the
estimator gives for a made-up input that carries no information (cells by the
draw's position), so an EVPPI near the floor is not distinguishable from 0.
Nothing is clamped: an estimate may even be a little below 0. Only a value
below the last of the 10 significant digits written of the largest expected
net benefit is written 0, as it is rounding in the sums (EVPI and EVPPI are
differences of means of net benefits and carry no digit below theirs).

Monte Carlo error: the draws are split into up to [`BATCHES`] batches of whole
chunks; the estimate of each batch gives the standard error by batch means,
sd(batch estimates) ÷ √batches (none with one batch).

Common random numbers: every uncertain input draws from a random stream of its
own, seeded from the run's seed and the input's key: the file it was declared
in (by name and text, not location) and its `PATH` (see [`stream_keys`]). An input that two scenarios share
through `extends` (declared in the parent, not overridden) has the same key in
both and so the same draws; an input each file declares for itself is drawn
independently even when the two declarations read the same. Uncertain
exchange rates and price indices, and inputs given with `--set`, are shared
by every scenario. A group of correlated inputs (`[[correlation]]`) is drawn
jointly by `simulate`'s copula
([`Copula::draw_group`](crate::analysis::simulate::correlate::Copula::draw_group))
from one stream, keyed by the text that declared the tables, its inputs' keys
and its copula: scenarios share it only if they inherit all three. These
streams are not `simulate`'s (which keys an input's stream by its `PATH`
alone, and draws in chunks of another size), so `voi` and `simulate` with
one seed draw different numbers.
*/

use std::fmt;

use rayon::prelude::*;

use crate::analysis::simulate::rng::{Rng, fnv1a};
use crate::analysis::simulate::sample::Sampler;
use crate::analysis::simulate::{Metric, Model};
use crate::diagnostic::TextKind;
use crate::load::paths::{BUILTIN_PREFIX, Loaded};

/// Draws per chunk: each chunk has its own random stream per input.
pub const CHUNK: usize = 1024;
/// The most batches the standard errors are computed over.
pub const BATCHES: usize = 20;
/// The draws of each input the bins are cut from.
pub const PILOT: u64 = 65_536;
/// The most cells an EVPPI estimate may use (its memory is a few sums per
/// cell and scenario, per batch).
pub const MAX_CELLS: usize = 4096;
/// Fewer draws than this per cell, on average, and the estimate is mostly
/// noise: such a request is refused.
pub const MIN_DRAWS_PER_CELL: u64 = 10;

/// A scenario of the choice: its model, the key of each of its uncertain
/// inputs (`streams[i]` for `model.inputs[i]`), which names the random stream
/// it draws from when it is drawn on its own, and the key of the text that
/// declared its `[[correlation]]` tables (empty without).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub model: Model,
    pub streams: Vec<String>,
    pub correlations: String,
}

impl Candidate {
    /// The candidate of `loaded`'s `model`, keyed as [`stream_keys`] says.
    pub fn new(loaded: &Loaded, model: Model) -> Candidate {
        Candidate {
            streams: stream_keys(loaded, &model),
            correlations: if model.copula().is_some() {
                declared_in(loaded, |path| path.starts_with("correlation["))
            } else {
                String::new()
            },
            model,
        }
    }
}

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub samples: u64,
    pub seed: u64,
    /// Willingness to pay per removal, in the scenarios' currency.
    pub wtp: Vec<f64>,
    /// The sets of inputs (by name, as [`input_names`] lists them) whose
    /// EVPPI is wanted.
    pub evppi: Vec<Vec<String>>,
}

/// A Monte Carlo estimate and its standard error (none from a single batch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub standard_error: Option<f64>,
}

/// The choice at one willingness to pay.
#[derive(Debug, Clone, PartialEq)]
pub struct AtWtp {
    pub wtp: f64,
    /// By scenario, in the order given.
    pub expected_net_benefit: Vec<f64>,
    pub probability_best: Vec<f64>,
    pub evpi: Estimate,
    /// The EVPPI estimate of an input that carries no information, with the
    /// bins of one input: the estimator's upward bias at these draws.
    pub noise_floor: f64,
}

/// The EVPPI of one set of inputs at one willingness to pay.
#[derive(Debug, Clone, PartialEq)]
pub struct Partial {
    pub wtp: f64,
    pub inputs: Vec<String>,
    pub evppi: Estimate,
    /// How many cells the draws were split into.
    pub cells: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub at_wtp: Vec<AtWtp>,
    /// By willingness to pay, then set, in the order asked.
    pub partial: Vec<Partial>,
    /// Bins of a single input.
    pub bins: usize,
    pub batches: usize,
}

/// Why the value of information cannot be computed as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiError {
    /// A scenario with no removals or no total cost has no net benefit.
    NoNetBenefit(String),
    /// Net benefits in different currencies cannot be compared.
    Currencies(Vec<String>),
    /// `--evppi` names no uncertain input of these scenarios.
    UnknownInput {
        input: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    /// `--evppi` names one input twice in a group (its bins would be counted
    /// twice, and the group would be labelled as two inputs).
    InputTwice(String),
    /// A set with too many inputs for the draws.
    TooManyCells {
        inputs: String,
        cells: usize,
        samples: u64,
    },
}

impl VoiError {
    /// A problem with the command line rather than with the scenarios.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            VoiError::UnknownInput { .. } | VoiError::InputTwice(_) | VoiError::TooManyCells { .. }
        )
    }
}

impl fmt::Display for VoiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VoiError::NoNetBenefit(name) => write!(
                f,
                "\"{name}\" has no removals (or no total cost), so it has no net benefit \
                 (wtp × removals − total cost): give it outcomes.removals or outcomes.planned"
            ),
            VoiError::Currencies(codes) => write!(
                f,
                "the scenarios are in different currencies ({}), so their net benefits cannot \
                 be compared: add --currency USD --price-year 2024 (wtp is then in US dollars)",
                codes.join(", ")
            ),
            VoiError::UnknownInput {
                input,
                known,
                suggestion,
            } => {
                write!(
                    f,
                    "--evppi: `{input}` is not an uncertain input of these scenarios"
                )?;
                if let Some(suggestion) = suggestion {
                    write!(f, "; did you mean `{suggestion}`?")?;
                }
                if known.is_empty() {
                    write!(f, " (none of their inputs is uncertain)")
                } else {
                    write!(f, " (the uncertain inputs are: {})", known.join(", "))
                }
            }
            VoiError::InputTwice(input) => write!(
                f,
                "--evppi: `{input}` is named twice in one group; name each input once \
                 (`--evppi {input}` alone for its own EVPPI)"
            ),
            VoiError::TooManyCells {
                inputs,
                cells,
                samples,
            } => write!(
                f,
                "--evppi {inputs}: {cells} cells (at least 2 bins per input) need at least {} \
                 draws and at most {MAX_CELLS} cells, and there are {samples}: use fewer inputs \
                 in a group or more draws (-n)",
                *cells as u64 * MIN_DRAWS_PER_CELL
            ),
        }
    }
}

/// The key of each uncertain input of `loaded`'s `model`, which names its
/// random stream: the text it was declared in and its `PATH` (and its
/// distribution, so that two different distributions never share draws).
/// An input inherited through `extends` was declared in the parent; an input
/// from `--set` in that argument (the same for every scenario); an uncertain
/// rate is the same rate in every scenario.
///
/// A file is known by its name and its text, not by where it is: the same
/// command gives the same numbers in any folder (a copy of the repository,
/// a colleague's machine), and two routes to one parent are one file.
pub fn stream_keys(loaded: &Loaded, model: &Model) -> Vec<String> {
    model
        .inputs
        .iter()
        .map(|(path, sampler)| {
            if path.starts_with("rates: ") {
                return format!("{path}\u{0}{sampler:?}");
            }
            let declared = declared_in(loaded, |p| p == path);
            format!("{declared}\u{0}{path}\u{0}{sampler:?}")
        })
        .collect()
}

/// The key of the text the first value of `loaded` whose path is `wanted`
/// came from: a file it extends, a `--set` argument, or else the file itself.
fn declared_in(loaded: &Loaded, wanted: impl Fn(&str) -> bool) -> String {
    let file = |name: &str, text: &str| {
        // A built-in scenario is its shipped file.
        let name = name.strip_prefix(BUILTIN_PREFIX).unwrap_or(name);
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        format!("file {base} {:016x}", fnv1a(text))
    };
    let origin = loaded
        .provenance
        .iter()
        .find(|(p, _)| wanted(p))
        .and_then(|(_, origin)| loaded.related.get(usize::from(origin.0).checked_sub(1)?));
    match origin {
        Some(text) if text.kind == TextKind::Parent => file(&text.name, &text.text),
        Some(text) => format!("argument {}", text.text),
        None => file(&loaded.file.display, &loaded.file.text),
    }
}

/// The names of the uncertain inputs (their `PATH`s, and `rates: …`), each
/// once, in the order the scenarios first have them.
pub fn input_names(candidates: &[Candidate]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for candidate in candidates {
        for (path, _) in &candidate.model.inputs {
            if !names.contains(path) {
                names.push(path.clone());
            }
        }
    }
    names
}

/// The bins of one input at `samples` draws: n^(1/3), from 2 to 100.
pub fn bins_for(samples: u64) -> usize {
    ((samples as f64).cbrt().round() as usize).clamp(2, 100)
}

/// A random stream of the run: distinct inputs, and distinct groups of
/// correlated inputs, have distinct keys.
#[derive(Debug)]
struct Stream {
    key: String,
    hash: u64,
    source: Source,
}

/// What a stream draws.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// One input on its own.
    Input(Sampler),
    /// The `group`th group of correlated inputs of scenario `candidate`,
    /// `width` inputs drawn jointly by its copula.
    Group {
        candidate: usize,
        group: usize,
        width: usize,
    },
}

impl Stream {
    /// The draws of chunk `chunk` (of `len` draws): a column per input the
    /// stream draws.
    fn draws(
        &self,
        candidates: &[Candidate],
        seed: u64,
        chunk: usize,
        len: usize,
    ) -> Vec<Vec<f64>> {
        let mut rng = Rng::for_chunk(seed ^ self.hash, chunk as u64);
        match self.source {
            Source::Input(sampler) => {
                vec![(0..len).map(|_| sampler.draw(&mut rng)).collect()]
            }
            Source::Group {
                candidate,
                group,
                width,
            } => {
                let mut columns = vec![Vec::with_capacity(len); width];
                // A group's stream is made only for a scenario with a copula.
                if let Some(copula) = candidates[candidate].model.copula() {
                    for _ in 0..len {
                        copula.draw_group(group, &mut rng, |i, x| columns[i].push(x));
                    }
                }
                columns
            }
        }
    }
}

/// The run's streams, and the columns of draws they give.
#[derive(Debug, Default)]
struct Streams {
    streams: Vec<Stream>,
    /// Each stream's first column.
    first: Vec<usize>,
    /// Each column's stream, and the input (by name) it is.
    columns: Vec<(usize, String)>,
}

impl Streams {
    /// The first column of the stream with `key`, added if new.
    fn column(&mut self, key: String, source: Source, names: Vec<String>) -> usize {
        if let Some(s) = self.streams.iter().position(|s| s.key == key) {
            return self.first[s];
        }
        let stream = self.streams.len();
        self.first.push(self.columns.len());
        self.columns
            .extend(names.into_iter().map(|name| (stream, name)));
        self.streams.push(Stream {
            hash: fnv1a(&key),
            key,
            source,
        });
        self.first[stream]
    }

    /// Every column's draws in chunk `chunk`.
    fn draws(
        &self,
        candidates: &[Candidate],
        seed: u64,
        chunk: usize,
        len: usize,
    ) -> Vec<Vec<f64>> {
        self.streams
            .iter()
            .flat_map(|s| s.draws(candidates, seed, chunk, len))
            .collect()
    }
}

/// How the draws of a set of inputs are split into cells.
#[derive(Debug)]
struct Cells {
    /// (column, the edges between its bins), one per input of the set.
    dimensions: Vec<(usize, Vec<f64>)>,
    /// Cells by the draw's position in its chunk: the noise floor's.
    by_position: Option<usize>,
    count: usize,
}

impl Cells {
    fn of(&self, columns: &[Vec<f64>], i: usize) -> usize {
        if let Some(count) = self.by_position {
            return i % count;
        }
        self.dimensions.iter().fold(0, |cell, (column, edges)| {
            let x = columns[*column][i];
            cell * (edges.len() + 1) + edges.partition_point(|e| *e <= x)
        })
    }
}

/// Sums over draws, from which every estimate is made.
#[derive(Debug, Clone)]
struct Sums {
    draws: f64,
    /// By scenario.
    removals: Vec<f64>,
    total_cost: Vec<f64>,
    /// By willingness to pay: Σ max_s NB_s.
    best_net_benefit: Vec<f64>,
    /// By willingness to pay × scenario: draws in which it is best.
    best: Vec<f64>,
    /// By set: per cell, per scenario, (Σ removals, Σ total cost).
    cells: Vec<Vec<f64>>,
}

impl Sums {
    fn new(scenarios: usize, wtps: usize, cells: &[Cells]) -> Sums {
        Sums {
            draws: 0.0,
            removals: vec![0.0; scenarios],
            total_cost: vec![0.0; scenarios],
            best_net_benefit: vec![0.0; wtps],
            best: vec![0.0; wtps * scenarios],
            cells: cells
                .iter()
                .map(|c| vec![0.0; c.count * scenarios * 2])
                .collect(),
        }
    }

    fn add(&mut self, other: &Sums) {
        fn add_all(a: &mut [f64], b: &[f64]) {
            a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        }
        self.draws += other.draws;
        add_all(&mut self.removals, &other.removals);
        add_all(&mut self.total_cost, &other.total_cost);
        add_all(&mut self.best_net_benefit, &other.best_net_benefit);
        add_all(&mut self.best, &other.best);
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            add_all(a, b);
        }
    }

    /// max_s (λ Σ removals_s − Σ total cost_s) over the pairs of `sums`.
    fn best_of(wtp: f64, sums: &[f64]) -> f64 {
        sums.chunks_exact(2)
            .map(|pair| wtp * pair[0] - pair[1])
            .fold(f64::NEG_INFINITY, f64::max)
    }

    fn expected(&self, wtp: f64) -> Vec<f64> {
        self.removals
            .iter()
            .zip(&self.total_cost)
            .map(|(r, c)| (wtp * r - c) / self.draws)
            .collect()
    }

    fn best_expected(&self, wtp: f64) -> f64 {
        self.expected(wtp)
            .into_iter()
            .fold(f64::NEG_INFINITY, f64::max)
    }

    fn evpi(&self, w: usize, wtp: f64) -> f64 {
        self.best_net_benefit[w] / self.draws - self.best_expected(wtp)
    }

    fn evppi(&self, set: usize, wtp: f64, scenarios: usize) -> f64 {
        let known: f64 = self.cells[set]
            .chunks_exact(2 * scenarios)
            // A cell with no draws has all sums 0 and adds 0.
            .map(|cell| Sums::best_of(wtp, cell))
            .sum();
        known / self.draws - self.best_expected(wtp)
    }
}

/// An estimate from the whole and its standard error from the batches.
fn estimate(total: &Sums, batches: &[Sums], of: impl Fn(&Sums) -> f64) -> Estimate {
    let value = of(total);
    let g = batches.len();
    let standard_error = (g >= 2).then(|| {
        let each: Vec<f64> = batches.iter().map(&of).collect();
        let mean = each.iter().sum::<f64>() / g as f64;
        let variance = each.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (g - 1) as f64;
        (variance / g as f64).sqrt()
    });
    Estimate {
        value,
        standard_error,
    }
}

/// The scenarios' common currency, or why there is none.
fn one_currency(candidates: &[Candidate]) -> Result<(), VoiError> {
    let mut codes: Vec<String> = candidates
        .iter()
        .map(|c| c.model.currency.clone())
        .collect();
    codes.sort();
    codes.dedup();
    if codes.len() > 1 {
        return Err(VoiError::Currencies(codes));
    }
    Ok(())
}

/// Checks that every scenario has a net benefit, that they share a currency
/// and that every input `request.evppi` names is uncertain; then runs.
pub fn run(candidates: &[Candidate], request: &Request) -> Result<Outcome, VoiError> {
    for candidate in candidates {
        let metrics = candidate.model.metrics();
        if !metrics.contains(&Metric::Removals) || !metrics.contains(&Metric::TotalCost) {
            return Err(VoiError::NoNetBenefit(candidate.model.name.clone()));
        }
    }
    one_currency(candidates)?;
    let names = input_names(candidates);
    let n = request.samples;

    // The streams, each key once, and each scenario's input → column. A
    // group of correlated inputs is drawn jointly from one stream, keyed by
    // the text that declared the correlations, its inputs' keys and its
    // copula, so scenarios that share all three share the draws.
    let mut streams = Streams::default();
    let mut column_of: Vec<Vec<usize>> = Vec::new();
    for (c, candidate) in candidates.iter().enumerate() {
        let copula = candidate.model.copula();
        let key = |slot: usize| candidate.streams.get(slot).map_or("", String::as_str);
        let mut of = vec![0; candidate.model.inputs.len()];
        for (slot, (path, sampler)) in candidate.model.inputs.iter().enumerate() {
            if copula.is_some_and(|copula| copula.draws(slot)) {
                continue;
            }
            of[slot] = streams.column(
                key(slot).to_string(),
                Source::Input(*sampler),
                vec![path.clone()],
            );
        }
        for group in 0..copula.map_or(0, |copula| copula.group_count()) {
            let Some(copula) = copula else { break };
            let slots = copula.slots(group);
            let keys: Vec<&str> = slots.iter().map(|&slot| key(slot)).collect();
            let first = streams.column(
                format!(
                    "correlation {}\u{0}{}\u{0}{}",
                    candidate.correlations,
                    keys.join("\u{0}"),
                    copula.describe_group(group)
                ),
                Source::Group {
                    candidate: c,
                    group,
                    width: slots.len(),
                },
                slots
                    .iter()
                    .map(|&slot| candidate.model.inputs[slot].0.clone())
                    .collect(),
            );
            for (i, slot) in slots.into_iter().enumerate() {
                of[slot] = first + i;
            }
        }
        column_of.push(of);
    }

    // The cells of each set asked for, after the noise floor's.
    let bins = bins_for(n);
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for set in &request.evppi {
        for (i, input) in set.iter().enumerate() {
            if set[..i].contains(input) {
                return Err(VoiError::InputTwice(input.clone()));
            }
            if !names.contains(input) {
                let suggestion =
                    crate::diagnostic::closest(input, names.iter().map(String::as_str))
                        .map(str::to_string);
                return Err(VoiError::UnknownInput {
                    input: input.clone(),
                    known: names.clone(),
                    suggestion,
                });
            }
        }
        let members: Vec<usize> = (0..streams.columns.len())
            .filter(|&c| set.contains(&streams.columns[c].1))
            .collect();
        let d = members.len();
        let per = ((bins as f64).powf(1.0 / d as f64).round() as usize).max(2);
        let cells = u32::try_from(d)
            .ok()
            .and_then(|d| per.checked_pow(d))
            .unwrap_or(usize::MAX);
        if cells > MAX_CELLS || (cells as u64).saturating_mul(MIN_DRAWS_PER_CELL) > n {
            return Err(VoiError::TooManyCells {
                inputs: set.join("+"),
                cells,
                samples: n,
            });
        }
        sets.push(members);
    }
    let pilot = n.min(PILOT);
    let mut cells = vec![Cells {
        dimensions: Vec::new(),
        by_position: Some(bins),
        count: bins,
    }];
    for members in &sets {
        let per = if members.is_empty() {
            1
        } else {
            ((bins as f64).powf(1.0 / members.len() as f64).round() as usize).max(2)
        };
        let dimensions: Vec<(usize, Vec<f64>)> = members
            .iter()
            .map(|&c| (c, edges(&streams, candidates, c, request.seed, pilot, per)))
            .collect();
        let count = dimensions.iter().map(|(_, e)| e.len() + 1).product();
        cells.push(Cells {
            dimensions,
            by_position: None,
            count,
        });
    }

    let scenarios = candidates.len();
    let chunks = n.div_ceil(CHUNK as u64) as usize;
    let batches = BATCHES.min(chunks).max(1);
    let empty = Sums::new(scenarios, request.wtp.len(), &cells);
    let mut batch_sums = vec![empty.clone(); batches];
    let chunk_sums = |chunk: usize| -> Sums {
        let len = (n - (chunk * CHUNK) as u64).min(CHUNK as u64) as usize;
        let columns = streams.draws(candidates, request.seed, chunk, len);
        let mut sums = empty.clone();
        let mut draws: Vec<Vec<f64>> = candidates
            .iter()
            .map(|c| vec![0.0; c.model.inputs.len()])
            .collect();
        let mut removals = vec![0.0; scenarios];
        let mut total_cost = vec![0.0; scenarios];
        let mut net_benefit = vec![0.0; scenarios];
        for i in 0..len {
            for (s, candidate) in candidates.iter().enumerate() {
                for (slot, column) in draws[s].iter_mut().zip(&column_of[s]) {
                    *slot = columns[*column][i];
                }
                (total_cost[s], removals[s]) = candidate.model.total_and_removals(&draws[s]);
                sums.removals[s] += removals[s];
                sums.total_cost[s] += total_cost[s];
            }
            for (w, wtp) in request.wtp.iter().enumerate() {
                for s in 0..scenarios {
                    net_benefit[s] = wtp * removals[s] - total_cost[s];
                }
                let best = net_benefit
                    .iter()
                    .copied()
                    .fold(f64::NEG_INFINITY, f64::max);
                let ties = net_benefit.iter().filter(|x| **x == best).count();
                sums.best_net_benefit[w] += best;
                let best_of_w = &mut sums.best[w * scenarios..(w + 1) * scenarios];
                for (count, nb) in best_of_w.iter_mut().zip(&net_benefit) {
                    if *nb == best {
                        *count += 1.0 / ties as f64;
                    }
                }
            }
            for (set, cell_sums) in cells.iter().zip(sums.cells.iter_mut()) {
                let at = set.of(&columns, i) * scenarios * 2;
                for s in 0..scenarios {
                    cell_sums[at + 2 * s] += removals[s];
                    cell_sums[at + 2 * s + 1] += total_cost[s];
                }
            }
        }
        sums.draws = len as f64;
        sums
    };
    // Chunks in parallel, a window at a time; added in chunk order, so a seed
    // gives the same numbers on any number of threads.
    let mut start = 0;
    while start < chunks {
        let end = (start + 256).min(chunks);
        let done: Vec<Sums> = (start..end).into_par_iter().map(chunk_sums).collect();
        for (chunk, sums) in (start..end).zip(done) {
            batch_sums[chunk * batches / chunks].add(&sums);
        }
        start = end;
    }
    let mut total = empty.clone();
    for batch in &batch_sums {
        total.add(batch);
    }
    let batch_sums: Vec<Sums> = batch_sums.into_iter().filter(|b| b.draws > 0.0).collect();

    let mut at_wtp = Vec::new();
    let mut partial = Vec::new();
    for (w, &wtp) in request.wtp.iter().enumerate() {
        let expected = total.expected(wtp);
        // EVPI and EVPPI are differences of means of net benefits: what is
        // below the net benefits' last digit is rounding in the sums.
        let scale = expected.iter().fold(0.0, |m: f64, x| m.max(x.abs()));
        let carried = |e: Estimate| Estimate {
            value: within_digits(e.value, scale),
            standard_error: e.standard_error.map(|se| within_digits(se, scale)),
        };
        at_wtp.push(AtWtp {
            wtp,
            probability_best: (0..scenarios)
                .map(|s| total.best[w * scenarios + s] / total.draws)
                .collect(),
            evpi: carried(estimate(&total, &batch_sums, |s| s.evpi(w, wtp))),
            noise_floor: within_digits(total.evppi(0, wtp, scenarios), scale),
            expected_net_benefit: expected,
        });
        for (j, set) in request.evppi.iter().enumerate() {
            let evppi = estimate(&total, &batch_sums, |s| s.evppi(j + 1, wtp, scenarios));
            partial.push(Partial {
                wtp,
                inputs: set.clone(),
                evppi: carried(evppi),
                cells: cells[j + 1].count,
            });
        }
    }
    Ok(Outcome {
        at_wtp,
        partial,
        bins,
        batches: batch_sums.len(),
    })
}

/// The significant digits of a sampled figure (as written: see
/// `crate::money::rounding::sampled`).
const DIGITS: i32 = 10;

/// `value`, or 0 when it is below the last of the [`DIGITS`] significant
/// digits of `scale` (the largest expected net benefit): a difference of two
/// means of net benefits carries no digit below theirs, and what is there is
/// rounding in the sums (`2.3e-10` for an EVPI that is 0 exactly).
fn within_digits(value: f64, scale: f64) -> f64 {
    if !(scale.is_finite() && scale > 0.0) {
        return value;
    }
    let last_digit = 10f64.powi(scale.log10().floor() as i32 + 1 - DIGITS);
    if value.abs() < last_digit / 2.0 {
        0.0
    } else {
        value
    }
}

/// The edges between `count` bins of equal probability of `column`'s draws,
/// from its first `pilot` draws (those of the first chunks, which the run
/// then draws again).
fn edges(
    streams: &Streams,
    candidates: &[Candidate],
    column: usize,
    seed: u64,
    pilot: u64,
    count: usize,
) -> Vec<f64> {
    let stream = streams.columns[column].0;
    let index = column - streams.first[stream];
    let mut values: Vec<f64> = (0..pilot.div_ceil(CHUNK as u64) as usize)
        .flat_map(|chunk| {
            let len = (pilot - (chunk * CHUNK) as u64).min(CHUNK as u64) as usize;
            streams.streams[stream]
                .draws(candidates, seed, chunk, len)
                .swap_remove(index)
        })
        .collect();
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        return Vec::new();
    }
    (1..count)
        .map(|k| values[k * values.len() / count])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario of 100 removals whose only cost is `cost` (fixed).
    fn candidate(name: &str, cost: &str, key: &str) -> Candidate {
        let text = format!(
            "name = \"{name}\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
             amount = {cost}\nbasis = \"fixed\"\n[outcomes]\nremovals = 100\n"
        );
        let model = Model::new(&crate::load::parse(&text).unwrap(), None).unwrap();
        let streams = model.inputs.iter().map(|_| key.to_string()).collect();
        Candidate {
            model,
            streams,
            correlations: String::new(),
        }
    }

    fn request(samples: u64, evppi: Vec<Vec<String>>) -> Request {
        Request {
            samples,
            seed: 7,
            wtp: vec![0.0, 20_000.0],
            evppi,
        }
    }

    /// Standard normal density and distribution function (Abramowitz and
    /// Stegun 26.2.17, error below 7.5e-8: ample for these tolerances).
    fn phi(x: f64) -> f64 {
        (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
    }
    fn big_phi(x: f64) -> f64 {
        let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
        let poly = t
            * (0.319_381_530
                + t * (-0.356_563_782
                    + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
        let upper = phi(x) * poly;
        if x >= 0.0 { 1.0 - upper } else { upper }
    }

    /// The normal-case EVPI, σφ(μ/σ) − |μ|Φ(−|μ|/σ).
    fn normal_evpi(mu: f64, sigma: f64) -> f64 {
        sigma * phi(mu / sigma) - mu.abs() * big_phi(-mu.abs() / sigma)
    }

    #[test]
    fn the_normal_formula_gives_the_worked_numbers() {
        // μ = 30,000, σ = 60,795.68 (below): μ/σ = 0.493456, φ = 0.353212,
        // Φ(−0.493456) = 0.310845: EVPI = 21,473.74 − 9,325.36 = 12,148.38.
        let sigma = 200_000.0 / (2.0 * 1.644_853_626_951_472);
        assert!((normal_evpi(30_000.0, sigma) - 12_148.38).abs() < 0.1);
        // μ = 0: σφ(0) = 0.398942 σ.
        assert!((normal_evpi(0.0, 1.0) - 0.398_942).abs() < 1e-6);
    }

    #[test]
    fn evpi_of_two_options_with_normal_net_benefits_is_the_formula() {
        // A costs N(1,000,000, σ²) with σ = 200,000 ÷ (2 × 1.6448536) =
        // 60,795.6 (a normal with 90% interval 900,000 to 1,100,000); B costs
        // 1,030,000 for certain; both remove 100, so at any wtp NB_A − NB_B =
        // 1,030,000 − cost_A ~ N(μ = 30,000, σ²), and EVPI = 12,148.38 (see
        // above). A draw below 0 would be set to 0, but 0 is 16 σ away.
        let a = candidate(
            "A",
            "{ dist = \"normal\", low = 900000, high = 1100000 }",
            "a",
        );
        let b = candidate("B", "1030000", "");
        let n = 400_000;
        let outcome = run(&[a, b], &request(n, vec![vec!["cost[1].amount".into()]])).unwrap();
        for at in &outcome.at_wtp {
            let se = at.evpi.standard_error.unwrap();
            // EVPI's se at n draws: sd(max(D, 0)) ÷ √n ≈ 45,000 ÷ 632 ≈ 70.
            assert!(se > 20.0 && se < 200.0, "{se}");
            assert!((at.evpi.value - 12_148.38).abs() < 5.0 * se, "{at:?}");
            // P(A best) = P(D > 0) = Φ(0.493456) = 0.689152; its se is
            // √(0.69 × 0.31 ÷ 400,000) = 0.00073.
            assert!((at.probability_best[0] - 0.689_152).abs() < 0.004, "{at:?}");
            assert!((at.probability_best[0] + at.probability_best[1] - 1.0).abs() < 1e-12);
            // E[NB_A] − E[NB_B] = μ.
            let difference = at.expected_net_benefit[0] - at.expected_net_benefit[1];
            assert!((difference - 30_000.0).abs() < 5.0 * 60_795.6 / (n as f64).sqrt());
        }
        // The only uncertain input: knowing it is knowing everything, so its
        // EVPPI is the EVPI up to the bins' loss: the one of 74 bins that
        // straddles D = 0 (about 0.0339σ × φ(0) ÷ φ(0.49) = 2,330 wide) is
        // decided on its mean, and at worst half of it, at a mean |D| of a
        // quarter of its width, wrongly: 2,330 ÷ (8 × 74) = 3.9.
        for (at, partial) in outcome.at_wtp.iter().zip(&outcome.partial) {
            assert!(partial.evppi.value <= at.evpi.value + 1e-6);
            assert!(
                (at.evpi.value - partial.evppi.value).abs() < 2.0,
                "{partial:?}"
            );
        }
    }

    #[test]
    fn an_input_shared_through_extends_draws_the_same_numbers() {
        // Both cost the same draw plus B's certain 30,000 more: A is best in
        // every draw, and nothing is worth knowing. With independent draws
        // the difference is N(−30,000, 2σ²) and the EVPI is far from 0.
        let cost = "{ dist = \"normal\", low = 900000, high = 1100000 }";
        let a = candidate("A", cost, "shared");
        let mut b = candidate("B", cost, "shared");
        b.model = {
            let text = format!(
                "name = \"B\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
                 amount = {cost}\nbasis = \"fixed\"\n[[cost]]\nitem = \"more\"\n\
                 amount = 30000\nbasis = \"fixed\"\n[outcomes]\nremovals = 100\n"
            );
            Model::new(&crate::load::parse(&text).unwrap(), None).unwrap()
        };
        let shared = run(&[a.clone(), b.clone()], &request(20_000, Vec::new())).unwrap();
        for at in &shared.at_wtp {
            assert_eq!(at.probability_best, vec![1.0, 0.0]);
            // Every draw's best is A, so E[max] = E[NB_A]; only rounding remains.
            assert!(at.evpi.value.abs() < 1e-6, "{at:?}");
        }
        b.streams = vec!["other".to_string()];
        let independent = run(&[a, b], &request(20_000, Vec::new())).unwrap();
        // σ√2 = 85,978.08, μ = −30,000: EVPI = 85,978.08 φ(0.348926) −
        // 30,000 Φ(−0.348926) = 32,278.9 − 10,911.5 = 21,367.4.
        let evpi = independent.at_wtp[0].evpi;
        assert!(
            (evpi.value - 21_367.4).abs() < 5.0 * evpi.standard_error.unwrap(),
            "{evpi:?}"
        );
    }

    #[test]
    fn an_input_that_does_not_change_the_decision_is_worth_about_nothing() {
        // Removals ~ uniform(50, 150) in both (shared): at wtp 20,000 it moves
        // both net benefits alike; the decision turns on A's cost alone.
        let scenario = |name: &str, cost: &str| {
            let text = format!(
                "name = \"{name}\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
                 amount = {cost}\nbasis = \"fixed\"\n[outcomes]\n\
                 removals = {{ dist = \"uniform\", min = 50, max = 150 }}\n"
            );
            let model = Model::new(&crate::load::parse(&text).unwrap(), None).unwrap();
            let streams = model
                .inputs
                .iter()
                .map(|(path, _)| format!("{name} {path}").replace("B outcomes", "A outcomes"))
                .collect();
            Candidate {
                model,
                streams,
                correlations: String::new(),
            }
        };
        let sets = vec![
            vec!["outcomes.removals".to_string()],
            vec!["cost[1].amount".to_string()],
            vec![
                "cost[1].amount".to_string(),
                "outcomes.removals".to_string(),
            ],
        ];
        // B's certain cost 1,030,000 (μ = 30,000, EVPI 12,148.38 as in the
        // normal case: the removals cancel) and 1,000,000 (μ = 0, EVPI =
        // σ φ(0) = 60,795.68 × 0.398942 = 24,254.0).
        for (cost_b, evpi) in [("1030000", 12_148.38), ("1000000", 24_254.0)] {
            let a = scenario("A", "{ dist = \"normal\", low = 900000, high = 1100000 }");
            let b = scenario("B", cost_b);
            let outcome = run(&[a, b], &request(200_000, sets.clone())).unwrap();
            for (w, at) in outcome.at_wtp.iter().enumerate() {
                let rows = &outcome.partial[3 * w..3 * w + 3];
                let (removals, cost, both) = (rows[0].evppi, rows[1].evppi, rows[2].evppi);
                let se = |e: Estimate| e.standard_error.unwrap();
                assert!((at.evpi.value - evpi).abs() < 5.0 * se(at.evpi), "{at:?}");
                // Removals: 0 in truth. The estimate is biased up by about the
                // noise floor: at μ = 30,000 no cell's mean difference is
                // near 0 (its noise is σ √(B/n) = 60,796 × √(58/200,000) =
                // 1,035), so both are 0 but for rounding; at μ = 0 every
                // cell's is, and both are about 0.4 × 1,035 = 413.
                let floor = at.noise_floor;
                assert!(removals.value < floor.max(0.0) + 5.0 * se(removals) + 1e-6);
                assert!(removals.value < 0.05 * evpi, "{removals:?}");
                if cost_b == "1000000" {
                    assert!(floor > 200.0 && floor < 800.0, "{floor}");
                } else {
                    assert!(floor.abs() < 1e-6 && removals.value.abs() < 1e-6, "{floor}");
                }
                // The cost alone: the EVPI, less a little lost to its 58
                // bins (at most 0.043σ × 1.13 ÷ (8 × 58) = 6.4, as above). With the removals too: 8 × 8 cells, so coarser bins
                // of the cost (a bin of 1/8 of the draws straddles D = 0 and
                // loses about E|D| over the part decided wrongly, ≈ 300).
                assert!(cost.value <= at.evpi.value + 1e-6);
                assert!(at.evpi.value - cost.value < 6.5, "{cost:?} {at:?}");
                assert!(
                    (both.value - at.evpi.value).abs() < 800.0,
                    "{both:?} {at:?}"
                );
                assert_eq!(rows[2].cells, 64);
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_numbers_on_any_number_of_threads() {
        let a = candidate("A", "{ low = 900000, high = 1100000 }", "a");
        let b = candidate("B", "{ low = 950000, high = 1050000 }", "b");
        // A scenario with correlated inputs, drawn jointly.
        let c = correlated("-0.5");
        let request = request(
            50_000,
            vec![
                vec!["cost[1].amount".into()],
                vec!["outcomes.planned".into()],
            ],
        );
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| run(&[a.clone(), b.clone(), c.clone()], &request).unwrap())
        };
        assert_eq!(format!("{:?}", on(1)), format!("{:?}", on(3)));
    }

    /// A deal planned uniform(100, 300) whose court blocks a uniform(0, 1)
    /// share, the two at rank `rank`; its one cost, 100,000, is certain.
    fn correlated(rank: &str) -> Candidate {
        let text = format!(
            "name = \"A\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
             amount = 100000\nbasis = \"fixed\"\n[outcomes]\n\
             planned = {{ dist = \"uniform\", min = 100, max = 300 }}\n\
             block_probability = {{ dist = \"uniform\", min = 0, max = 1 }}\n\
             [[correlation]]\ninputs = [\"outcomes.planned\", \"outcomes.block_probability\"]\n\
             rank = {rank}\n"
        );
        let model = Model::new(&crate::load::parse(&text).unwrap(), None).unwrap();
        let streams = model.inputs.iter().map(|(p, _)| p.clone()).collect();
        Candidate {
            model,
            streams,
            correlations: "A".to_string(),
        }
    }

    #[test]
    fn a_correlation_changes_the_value_of_information_as_worked_by_hand() {
        // With u uniform on (0, 1), planned = 100 + 200u, and removals =
        // planned × (1 − block_probability). Against B (100 removals for
        // 100,000) at wtp 1,000, D = NB_A − NB_B = 1,000 (removals − 100).
        //
        // Rank −1: block_probability = 1 − u, so removals = (100 + 200u) u:
        // a large deal is one courts let through, and the two push the same
        // way, spreading removals over 0 to 300. D = 100,000 (2u − 1)(u + 1),
        // E[D] = 1,000 (116.67 − 100) = 16,667, E[max(D, 0)] = 100,000 ×
        // ∫½¹ (2u² + u − 1) du = 100,000 × 11/24 = 45,833: EVPI = 29,167.
        //
        // Rank +1: block_probability = u, so removals = (100 + 200u)(1 − u):
        // a large deal is one courts block, the two offset each other and
        // removals stay within 75 to 112.5. D = 100,000 u (1 − 2u), E[D] =
        // −16,667 (B is chosen), E[max(D, 0)] = 100,000 × ∫₀½ (u − 2u²) du =
        // 100,000 / 24 = 4,167: EVPI = 4,167, seven times smaller, as the
        // uncertainty that could reverse the choice is smaller.
        //
        // Either way planned fixes block_probability, so knowing planned is
        // knowing everything: its EVPPI is the EVPI, less its 58 bins' loss
        // (the bin straddling D = 0, 1/58 of u, 2,600 of D wide at rank −1,
        // loses at most 2,600 ÷ (8 × 58) = 6).
        let b = candidate("B", "100000", "");
        let request = Request {
            samples: 200_000,
            seed: 7,
            wtp: vec![1_000.0],
            evppi: vec![vec!["outcomes.planned".into()]],
        };
        for (rank, evpi, mean_difference) in [("-1", 29_166.7, 16_666.7), ("1", 4_166.7, -16_666.7)]
        {
            let outcome = run(&[correlated(rank), b.clone()], &request).unwrap();
            let at = &outcome.at_wtp[0];
            let se = at.evpi.standard_error.unwrap();
            // sd(max(D, 0)) is below 60,000, so se below 60,000 ÷ √200,000 = 134.
            assert!(se < 134.0, "{at:?}");
            assert!(
                (at.evpi.value - evpi).abs() < 5.0 * se.max(1.0),
                "{rank}: {at:?}"
            );
            // E[D]'s se: sd(D) < 100,000 over √200,000: 224.
            let difference = at.expected_net_benefit[0] - at.expected_net_benefit[1];
            assert!(
                (difference - mean_difference).abs() < 5.0 * 224.0,
                "{rank}: {at:?}"
            );
            let planned = outcome.partial[0].evppi.value;
            assert!(planned <= at.evpi.value + 1e-6, "{rank}: {outcome:?}");
            assert!(at.evpi.value - planned < 10.0, "{rank}: {outcome:?}");
        }
    }

    #[test]
    fn correlated_inputs_draw_apart_from_the_same_inputs_uncorrelated() {
        // The same deal with its two inputs correlated and not: each draws
        // from a stream of its own, so they disagree in some draws and each
        // is best in some (drawn alike, they would tie in every draw).
        let mut independent = correlated("-1");
        independent.model = {
            let text = "name = \"A\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"fund\"\n\
                        amount = 100000\nbasis = \"fixed\"\n[outcomes]\n\
                        planned = { dist = \"uniform\", min = 100, max = 300 }\n\
                        block_probability = { dist = \"uniform\", min = 0, max = 1 }\n";
            Model::new(&crate::load::parse(text).unwrap(), None).unwrap()
        };
        independent.correlations = String::new();
        let request = request(20_000, Vec::new());
        let outcome = run(&[correlated("-1"), independent], &request).unwrap();
        let at = &outcome.at_wtp[1];
        assert!(
            at.probability_best[0] > 0.3 && at.probability_best[1] > 0.3,
            "{at:?}"
        );
        assert!(at.evpi.value > 1_000.0, "{at:?}");
        // Two scenarios with the same correlated inputs from the same table
        // share the joint draws: the same deal twice ties in every draw.
        let a = correlated("-0.5");
        let mut b = correlated("-0.5");
        b.model.name = "B".into();
        let outcome = run(&[a, b], &request).unwrap();
        assert_eq!(outcome.at_wtp[1].probability_best, vec![0.5, 0.5]);
        assert_eq!(outcome.at_wtp[1].evpi.value, 0.0);
    }

    #[test]
    fn what_is_below_the_net_benefits_last_digit_is_rounding() {
        // A net benefit of 1,000,535.356 is written to 10 significant
        // digits, the last 0.001: below half of it is 0, above is kept.
        assert_eq!(within_digits(2.3e-10, 1_000_535.356), 0.0);
        assert_eq!(within_digits(-0.0004, 1_000_535.356), 0.0);
        assert_eq!(within_digits(0.0006, 1_000_535.356), 0.0006);
        assert_eq!(within_digits(12_282.46, 1_000_535.356), 12_282.46);
        // With nothing to compare with, nothing changes.
        assert_eq!(within_digits(1e-12, 0.0), 1e-12);
    }

    #[test]
    fn problems_are_named() {
        let a = candidate("A", "{ low = 900000, high = 1100000 }", "a");
        let b = candidate("B", "1000", "");
        let unknown = run(
            &[a.clone(), b.clone()],
            &request(1000, vec![vec!["cost[1].amuont".into()]]),
        )
        .unwrap_err();
        assert!(unknown.is_usage());
        assert!(
            unknown
                .to_string()
                .contains("did you mean `cost[1].amount`"),
            "{unknown}"
        );
        // One input twice in a group: a usage error, not a group of two.
        let twice = run(
            &[a.clone(), b.clone()],
            &request(
                1000,
                vec![vec!["cost[1].amount".into(), "cost[1].amount".into()]],
            ),
        )
        .unwrap_err();
        assert_eq!(twice, VoiError::InputTwice("cost[1].amount".into()));
        assert!(twice.is_usage());
        // 10 draws: 2 bins need 20.
        let few = run(
            &[a.clone(), b.clone()],
            &request(10, vec![vec!["cost[1].amount".into()]]),
        );
        assert!(
            matches!(few, Err(VoiError::TooManyCells { cells: 2, .. })),
            "{few:?}"
        );
        let mut dollars = b.clone();
        dollars.model.currency = "USD".into();
        assert_eq!(
            run(&[a, dollars], &request(100, Vec::new())),
            Err(VoiError::Currencies(vec!["GBP".into(), "USD".into()]))
        );
    }
}
