/*!
Exact order statistics of more draws than memory holds, by bracketing.

Every draw of a metric is an [`order_key`] (a `u64` in the draws' order). A
[`Bracket`] is a range of keys: it knows how many draws are below it and how
many inside, and which wanted ranks fall inside. Each pass over the draws
either counts the draws of a bracket in up to 2^k bins of equal width (a
histogram), after which each wanted rank is in one bin with exactly known
counts, or keeps every key inside a bracket, after which the ranks are
selected exactly among them.

Runs small enough to keep every draw of every metric are selected in the
first pass. Larger runs start from a pilot ([`Selection::guess`]): a
histogram of a few evenly spread chunks (2^22 bins by sign, exponent and 10
bits of mantissa: bins about 0.1% wide) places each wanted rank, give or
take [`SIGMAS`] binomial standard deviations, in a *guessed* bracket. One
pass over every draw then counts the draws below each guessed bracket and
keeps those inside: usually every rank is then selected, so a run costs one
pass and the pilot's few percent. A guess that missed (a rank below or above
its bracket) or that held more than its share of the budget leaves a bracket
whose counts are exact, refined by the passes that follow: slower, never
approximate. Without a pilot the first pass counts every draw in the 2^22
bins, and brackets are kept when they fit [`KEPT_BUDGET`] or counted again,
16 bits finer; a bracket narrowed to one key (a point mass) needs no pass.

Counts and the multiset of kept keys do not depend on which thread saw which
draw, so neither do the results.
*/

use rayon::prelude::*;

use super::stats::{from_order_key, order_key, select_ranks};

/// Keys kept at once over all brackets (8 bytes each: 32 MiB).
pub const KEPT_BUDGET: u64 = 1 << 22;
/// Bits of the key the first histogram counts by.
const FIRST_BITS: u32 = 22;
/// Bits each later histogram refines by.
const REFINE_BITS: u32 = 16;
/// Bins of a histogram page, allocated when first counted in.
const PAGE_BITS: u32 = 12;
/// How many binomial standard deviations of the pilot's rank a guessed
/// bracket reaches either side: a miss (a further pass, not a wrong number)
/// then has a chance of about 10⁻⁹.
pub const SIGMAS: f64 = 6.0;

/// An order statistic: its value, and how many draws are at or below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub value: f64,
    pub at_or_below: u64,
}

/// The keys `lo..=hi` of the metric at `metric` in a draw's metrics.
#[derive(Debug, Clone)]
pub struct Bracket {
    pub metric: usize,
    lo: u64,
    hi: u64,
    /// Draws of the metric with a smaller key (unknown for a guess).
    below: u64,
    /// Draws inside (for a guess, its pilot's estimate).
    count: u64,
    /// Guessed from a pilot: `below` and `count` are still to be counted.
    guessed: bool,
    /// (rank among all draws, the answer's slot), ranks ascending.
    ranks: Vec<(u64, usize)>,
}

impl Bracket {
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        self.lo <= key && key <= self.hi
    }

    /// Bits the next histogram of this bracket counts by.
    fn bits(&self) -> u32 {
        if self.lo == 0 && self.hi == u64::MAX {
            FIRST_BITS
        } else {
            REFINE_BITS
        }
    }

    /// How far a key's offset from `lo` is shifted to give its bin: bins of
    /// 2^shift keys, at most 2^bits of them (the first histogram's bins are
    /// the keys' top 22 bits).
    fn shift(&self) -> u32 {
        let span_bits = 64 - (self.hi - self.lo).leading_zeros();
        span_bits.saturating_sub(self.bits())
    }
}

/// What one pass does with a bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Count its draws by bin.
    Count,
    /// Keep its keys.
    Keep,
    /// Count the draws below a guessed bracket, and keep its keys up to
    /// `cap` a worker.
    Guess { cap: u64 },
}

/// Counts by bin, in pages allocated as they are first counted in (a
/// metric's draws span a few binades of the 2048, so a few pages).
#[derive(Debug, Clone)]
pub struct Histogram {
    pages: Vec<Option<Box<[u64]>>>,
}

impl Histogram {
    fn new(bits: u32) -> Histogram {
        Histogram {
            pages: vec![None; 1 << bits.saturating_sub(PAGE_BITS)],
        }
    }

    #[inline]
    fn add(&mut self, bin: usize) {
        let page = self.pages[bin >> PAGE_BITS]
            .get_or_insert_with(|| vec![0; 1 << PAGE_BITS].into_boxed_slice());
        page[bin & ((1 << PAGE_BITS) - 1)] += 1;
    }

    fn merge(&mut self, other: Histogram) {
        for (mine, theirs) in self.pages.iter_mut().zip(other.pages) {
            match (mine, theirs) {
                (Some(mine), Some(theirs)) => {
                    for (a, b) in mine.iter_mut().zip(theirs.iter()) {
                        *a += b;
                    }
                }
                (mine @ None, theirs) => *mine = theirs,
                (Some(_), None) => {}
            }
        }
    }

    /// (bin, count) of every bin counted in, in order.
    fn counted(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.pages.iter().enumerate().flat_map(|(p, page)| {
            page.iter().flat_map(move |page| {
                page.iter()
                    .enumerate()
                    .filter(|(_, count)| **count > 0)
                    .map(move |(i, count)| (((p as u64) << PAGE_BITS) | i as u64, *count))
            })
        })
    }
}

/// What one worker gathered for each open bracket in a pass.
#[derive(Debug, Clone)]
pub enum Gathered {
    Counts(Histogram),
    Kept(Vec<u64>),
    /// For a guess: draws below it, draws inside, and the keys inside
    /// (`None` once more than the cap came).
    Guessed {
        below: u64,
        inside: u64,
        keys: Option<Vec<u64>>,
        cap: u64,
    },
}

/// One worker's share of a pass: [`Gather::see_columns`] each chunk's draws.
#[derive(Debug, Clone)]
pub struct Gather {
    parts: Vec<Gathered>,
    /// The guessed brackets by metric: (metric, the brackets' indices).
    guesses: Vec<(usize, Vec<usize>)>,
    /// A chunk's draws inside a guessed bracket of one metric: (the
    /// bracket's place in its metric's list, key), in the draws' order.
    inside: Vec<(usize, u64)>,
}

impl Gather {
    pub fn new(open: &[Bracket], plan: &[Task]) -> Gather {
        let parts = open
            .iter()
            .zip(plan)
            .map(|(bracket, task)| match task {
                Task::Count => Gathered::Counts(Histogram::new(bracket.bits())),
                Task::Keep => Gathered::Kept(Vec::new()),
                Task::Guess { cap } => Gathered::Guessed {
                    below: 0,
                    inside: 0,
                    keys: Some(Vec::new()),
                    cap: *cap,
                },
            })
            .collect();
        let mut guesses: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, (bracket, task)) in open.iter().zip(plan).enumerate() {
            if !matches!(task, Task::Guess { .. }) {
                continue;
            }
            match guesses.iter_mut().find(|(m, _)| *m == bracket.metric) {
                Some((_, brackets)) => brackets.push(i),
                None => guesses.push((bracket.metric, vec![i])),
            }
        }
        Gather {
            parts,
            guesses,
            inside: Vec::new(),
        }
    }

    /// The guessed brackets of one metric over a chunk's draws of it, in
    /// one scan: a draw's key is worked out once whatever the number of
    /// brackets (a metric's p5, p50 and p95 have one each).
    fn see_guesses(&mut self, open: &[Bracket], column: &[f64], brackets: &[usize]) {
        let bounds: Vec<(u64, u64)> = brackets
            .iter()
            .map(|&b| (open[b].lo, open[b].hi - open[b].lo))
            .collect();
        self.inside.clear();
        let mut below = Vec::with_capacity(bounds.len());
        // Up to four brackets a scan, their counts in registers.
        for (group, bounds) in bounds.chunks(4).enumerate() {
            let (first, inside) = (4 * group, &mut self.inside);
            match *bounds {
                [a] => below.extend(scan(column, [a], first, inside)),
                [a, b] => below.extend(scan(column, [a, b], first, inside)),
                [a, b, c] => below.extend(scan(column, [a, b, c], first, inside)),
                [a, b, c, d] => below.extend(scan(column, [a, b, c, d], first, inside)),
                _ => unreachable!("chunks of one to four"),
            }
        }
        for (j, &b) in brackets.iter().enumerate() {
            let Gathered::Guessed {
                below: bracket_below,
                inside,
                keys,
                cap,
            } = &mut self.parts[b]
            else {
                continue;
            };
            *bracket_below += below[j];
            // In the draws' order, as a draw at a time would keep them.
            for &(_, key) in self.inside.iter().filter(|(k, _)| *k == j) {
                *inside += 1;
                if let Some(list) = keys {
                    if *inside > *cap {
                        *keys = None;
                    } else {
                        list.push(key);
                    }
                }
            }
        }
    }

    /// Sees a chunk of draws: `columns[m]` holds the draws of the metric at
    /// `m` (every open bracket's metric among them), in order.
    pub fn see_columns(&mut self, open: &[Bracket], columns: &[Vec<f64>; 7]) {
        let guesses = std::mem::take(&mut self.guesses);
        for (metric, brackets) in &guesses {
            self.see_guesses(open, &columns[*metric], brackets);
        }
        self.guesses = guesses;
        for (bracket, part) in open.iter().zip(&mut self.parts) {
            let keys = columns[bracket.metric].iter().map(|x| order_key(*x));
            let (lo, width) = (bracket.lo, bracket.hi - bracket.lo);
            match part {
                Gathered::Guessed { .. } => {}
                Gathered::Counts(histogram) => {
                    let shift = bracket.shift();
                    for key in keys.filter(|key| key.wrapping_sub(lo) <= width) {
                        histogram.add(((key - lo) >> shift) as usize);
                    }
                }
                Gathered::Kept(list) => {
                    list.extend(keys.filter(|key| key.wrapping_sub(lo) <= width));
                }
            }
        }
    }

    /// `self` and `other` together (counts add, kept keys join).
    pub fn merge(&mut self, other: Gather) {
        for (mine, theirs) in self.parts.iter_mut().zip(other.parts) {
            match (mine, theirs) {
                (Gathered::Counts(mine), Gathered::Counts(theirs)) => mine.merge(theirs),
                (Gathered::Kept(mine), Gathered::Kept(theirs)) => mine.extend(theirs),
                (
                    Gathered::Guessed {
                        below,
                        inside,
                        keys,
                        ..
                    },
                    Gathered::Guessed {
                        below: their_below,
                        inside: their_inside,
                        keys: their_keys,
                        ..
                    },
                ) => {
                    *below += their_below;
                    *inside += their_inside;
                    match (keys.as_mut(), their_keys) {
                        (Some(mine), Some(theirs)) => mine.extend(theirs),
                        _ => *keys = None,
                    }
                }
                _ => {}
            }
        }
    }
}

/// Counts the draws of `column` below each of the brackets `bounds` (lo,
/// hi − lo), and lists those inside as (`first` + the bracket's place,
/// key) in `inside`, in the draws' order.
///
/// Four draws at a time are compared as numbers (`at_most` turns each
/// bound into one): a block with no draw inside a bracket and no NaN only
/// adds to the counts, and any other block goes to [`scan_by_key`]. Public
/// for `benches/simulate_parts.rs`, which measures the two against each other.
#[inline]
pub fn scan<const N: usize>(
    column: &[f64],
    bounds: [(u64, u64); N],
    first: usize,
    inside: &mut Vec<(usize, u64)>,
) -> [u64; N] {
    use wide::{CmpLe, f64x4};
    let mut below = [0u64; N];
    let mut by_key = |draws: &[f64], below: &mut [u64; N]| {
        let counts = scan_by_key(draws, bounds, first, inside);
        below.iter_mut().zip(counts).for_each(|(b, c)| *b += c);
    };
    // For every draw that is not NaN: key < lo exactly when x ≤ under, and
    // key ≤ hi exactly when x ≤ over.
    let limits = bounds.map(|(lo, width)| {
        let under = lo.checked_sub(1).map_or(f64::NAN, at_most);
        // lo + width is a bracket's hi; saturated for a caller's odd bounds.
        (
            f64x4::splat(under),
            f64x4::splat(at_most(lo.saturating_add(width))),
        )
    });
    let (one, zero) = (f64x4::splat(1.0), f64x4::splat(0.0));
    let mut counted = [zero; N];
    let mut blocks = column.chunks_exact(4);
    for block in &mut blocks {
        let x = f64x4::from([block[0], block[1], block[2], block[3]]);
        let mut unusual = x.is_nan();
        let under = limits.map(|(under, over)| {
            let under = x.cmp_le(under);
            unusual |= x.cmp_le(over) & !under;
            under
        });
        if unusual.any() {
            by_key(block, &mut below);
        } else {
            for (count, under) in counted.iter_mut().zip(under) {
                *count += under.blend(one, zero);
            }
        }
    }
    by_key(blocks.remainder(), &mut below);
    for (below, counted) in below.iter_mut().zip(counted) {
        // Whole numbers below 2⁵³: the lanes' sums are exact.
        *below += counted.reduce_add() as u64;
    }
    below
}

/// [`scan`] a draw at a time, by the draws' keys: for the blocks `scan`
/// cannot compare as numbers.
#[inline]
pub fn scan_by_key<const N: usize>(
    column: &[f64],
    bounds: [(u64, u64); N],
    first: usize,
    inside: &mut Vec<(usize, u64)>,
) -> [u64; N] {
    let mut below = [0u64; N];
    for &x in column {
        let key = order_key(x);
        for (j, &(lo, width)) in bounds.iter().enumerate() {
            // Which side of a median's bracket a draw falls is a coin toss:
            // counted without a branch to mispredict (the pass took 1.17 s
            // of CPU at 10⁷ draws with the branch, 0.91 s without; see
            // benches/README.md). Inside, rarely, branches.
            below[j] += u64::from(key < lo);
            if key.wrapping_sub(lo) <= width {
                inside.push((first + j, key));
            }
        }
    }
    below
}

/// The largest number `u` such that a draw `x` that is not NaN has
/// `order_key(x) ≤ key` exactly when `x ≤ u`: NaN when no such draw
/// exists (a key below −∞'s), +∞ when every one does.
fn at_most(key: u64) -> f64 {
    if key >= order_key(f64::INFINITY) {
        return f64::INFINITY;
    }
    let value = from_order_key(key);
    if value == 0.0 && value.is_sign_negative() {
        // The key just below 0's, which no draw has (−0 is 0): every
        // negative number is at most it, and 0 is not.
        -f64::from_bits(1)
    } else {
        value
    }
}

/// The brackets still open and the order statistics found so far.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Draws in the run (of every metric).
    draws: u64,
    /// Keys a pass may keep, over all brackets.
    budget: u64,
    open: Vec<Bracket>,
    found: Vec<Option<Found>>,
}

/// Wanted ranks, each with its answer's slot: (rank, slot).
type Ranks = Vec<(u64, usize)>;

/// Ranks with their answers' slots, metric by metric, ranks ascending; and
/// the number of slots.
fn slotted(wanted: &[(usize, Vec<u64>)]) -> (Vec<(usize, Ranks)>, usize) {
    let mut slot = 0;
    let slotted = wanted
        .iter()
        .map(|(metric, ranks)| {
            let mut ranks: Vec<(u64, usize)> = ranks
                .iter()
                .map(|rank| {
                    slot += 1;
                    (*rank, slot - 1)
                })
                .collect();
            ranks.sort_unstable();
            (*metric, ranks)
        })
        .collect();
    (slotted, slot)
}

impl Selection {
    /// For `draws` draws, the order statistics at `ranks` (0-based, each
    /// below `draws`) of the metric at each index: answers come back in the
    /// order asked, metric by metric.
    pub fn new(draws: u64, wanted: &[(usize, Vec<u64>)], budget: u64) -> Selection {
        let (wanted, slots) = slotted(wanted);
        let open = wanted
            .into_iter()
            .filter(|(_, ranks)| !ranks.is_empty())
            .map(|(metric, ranks)| Bracket {
                metric,
                lo: 0,
                hi: u64::MAX,
                below: 0,
                count: draws,
                guessed: false,
                ranks,
            })
            .collect();
        Selection {
            draws,
            budget,
            open,
            found: vec![None; slots],
        }
    }

    /// Draws a pilot of a run of `draws` draws should have for its guessed
    /// brackets of `wanted` to keep, together, about half the budget (the
    /// width of a bracket in draws falls as the square root of the
    /// pilot's); `None` when keeping every draw takes an eighth of the
    /// budget or less (one pass anyway, in a few MiB).
    pub fn pilot_size(draws: u64, wanted: &[(usize, Vec<u64>)], budget: u64) -> Option<u64> {
        let all: u64 = wanted.iter().map(|(_, r)| u64::from(!r.is_empty())).sum();
        if draws.saturating_mul(all) <= budget / 8 {
            return None;
        }
        // Each rank's bracket is 2 × SIGMAS × √(q(1 − q)/m) of the draws
        // wide (q its quantile, m the pilot's draws); ranks next to each
        // other share one.
        let spread: f64 = wanted
            .iter()
            .flat_map(|(_, ranks)| {
                let mut ranks = ranks.clone();
                ranks.sort_unstable();
                ranks.dedup_by(|a, b| a.abs_diff(*b) <= 1);
                ranks
            })
            .map(|rank| {
                let q = rank as f64 / draws as f64;
                (q * (1.0 - q)).sqrt().max(1.0 / draws as f64)
            })
            .sum();
        let per_draw = 2.0 * SIGMAS * spread / (budget as f64 / 2.0);
        Some(((per_draw * draws as f64).powi(2).ceil() as u64).max(1))
    }

    /// The order statistics of [`Selection::new`], guessed from a pilot:
    /// `gathered` by a [`Selection::new`] of the same `wanted` counting
    /// ([`Task::Count`]) every bracket over `pilot_draws` of the run's draws,
    /// each rank's bracket reaching `sigmas` standard deviations ([`SIGMAS`];
    /// tests make guesses miss with 0).
    pub fn guess(
        draws: u64,
        wanted: &[(usize, Vec<u64>)],
        budget: u64,
        pilot_draws: u64,
        gathered: Gather,
        sigmas: f64,
    ) -> Selection {
        let (wanted, slots) = slotted(wanted);
        let mut open = Vec::new();
        let m = pilot_draws as f64;
        for ((metric, ranks), part) in wanted
            .into_iter()
            .filter(|(_, ranks)| !ranks.is_empty())
            .zip(gathered.parts)
        {
            let Gathered::Counts(histogram) = part else {
                continue;
            };
            // The pilot's bins are the keys' top FIRST_BITS bits.
            let shift = 64 - FIRST_BITS;
            let bins: Vec<(u64, u64)> = histogram.counted().collect();
            // The pilot's ranks each wanted rank may be at, within `sigmas`
            // standard deviations (and a draw either side); ranks whose
            // reaches overlap share one bracket.
            let mut reaches: Vec<(f64, f64, Ranks)> = Vec::new();
            for (rank, slot) in ranks {
                let q = (rank as f64 + 0.5) / draws as f64;
                let spread = sigmas * (m * q * (1.0 - q)).sqrt() + 1.0;
                let (from, to) = (q * m - spread, q * m + spread);
                match reaches.last_mut() {
                    Some(last) if from <= last.1 => {
                        last.1 = to;
                        last.2.push((rank, slot));
                    }
                    _ => reaches.push((from, to, vec![(rank, slot)])),
                }
            }
            for (from, to, ranks) in reaches {
                // The bins holding the pilot's ranks `from` and `to`: before
                // the first or after the last draw, every key that way.
                let mut lo = 0;
                let mut hi = u64::MAX;
                let mut seen = 0.0;
                let mut inside = 0u64;
                for &(bin, count) in &bins {
                    let next = seen + count as f64;
                    if next <= from {
                        lo = (bin + 1) << shift;
                    } else if seen <= to {
                        inside += count;
                    }
                    if seen <= to && next > to {
                        hi = ((bin + 1) << shift).wrapping_sub(1);
                    }
                    seen = next;
                }
                let estimate = (inside as f64 / m * draws as f64).ceil() as u64;
                open.push(Bracket {
                    metric,
                    lo,
                    hi,
                    below: 0,
                    count: estimate,
                    guessed: true,
                    ranks,
                });
            }
        }
        Selection {
            draws,
            budget,
            open,
            found: vec![None; slots],
        }
    }

    pub fn open(&self) -> &[Bracket] {
        &self.open
    }

    pub fn is_done(&self) -> bool {
        self.open.is_empty()
    }

    /// What the next pass does with each open bracket: a guess keeps up to
    /// twice its estimate (the estimates being about half the budget in
    /// all), split among `workers`, and never more than its share of the
    /// budget by estimate (a point mass overflows it and is refined); of
    /// the others, keep the
    /// smallest while their keys fit the budget together, count the others
    /// finer.
    pub fn plan(&self, workers: usize) -> Vec<Task> {
        let workers = workers.max(1) as u64;
        let guessed: u64 = self
            .open
            .iter()
            .filter(|b| b.guessed)
            .map(|b| b.count)
            .sum();
        let mut by_size: Vec<usize> = (0..self.open.len()).collect();
        by_size.sort_by_key(|&i| self.open[i].count);
        let mut plan = vec![Task::Count; self.open.len()];
        let mut kept = 0;
        for i in by_size {
            let bracket = &self.open[i];
            if bracket.guessed {
                // Its share of the budget, by its estimate: the caps of all
                // workers add up to the budget at most.
                let share =
                    (self.budget as f64 * bracket.count as f64 / guessed.max(1) as f64) as u64;
                plan[i] = Task::Guess {
                    cap: (2 * bracket.count + 1024 * workers).min(share) / workers,
                };
                continue;
            }
            kept += bracket.count;
            if kept > self.budget {
                break;
            }
            plan[i] = Task::Keep;
        }
        plan
    }

    /// Takes in what a pass gathered for the open brackets, planned as `plan`.
    pub fn advance(&mut self, gathered: Gather) {
        let open = std::mem::take(&mut self.open);
        let mut kept = Vec::new();
        for (bracket, part) in open.into_iter().zip(gathered.parts) {
            match part {
                Gathered::Counts(histogram) => self.split(&bracket, &histogram),
                Gathered::Kept(keys) => kept.push((bracket, keys)),
                Gathered::Guessed {
                    below,
                    inside,
                    keys,
                    ..
                } => {
                    if let Some(bracket) = self.check(bracket, below, inside, keys.is_some()) {
                        kept.push((bracket, keys.unwrap_or_default()));
                    }
                }
            }
        }
        // Each bracket's selection is independent: in parallel.
        let found: Vec<Vec<(usize, Found)>> = kept
            .into_par_iter()
            .map(|(bracket, keys)| select_kept(&bracket, keys))
            .collect();
        for (slot, found) in found.into_iter().flatten() {
            self.found[slot] = Some(found);
        }
    }

    /// A guessed bracket counted (`below` it, `inside` it): its ranks inside
    /// are selected from its keys when all were `kept` (the bracket is
    /// returned for that); ranks below or above it, or inside when the keys
    /// were too many, open exactly counted brackets for the next passes.
    fn check(&mut self, guess: Bracket, below: u64, inside: u64, kept: bool) -> Option<Bracket> {
        let above = below + inside;
        let part = |from: u64, to: u64| -> Vec<(u64, usize)> {
            guess
                .ranks
                .iter()
                .copied()
                .filter(|(rank, _)| (from..to).contains(rank))
                .collect()
        };
        let (under, within, over) = (part(0, below), part(below, above), part(above, u64::MAX));
        if !under.is_empty() {
            self.open_exact(guess.metric, 0, guess.lo - 1, 0, below, under);
        }
        if !over.is_empty() {
            let count = self.draws - above;
            self.open_exact(guess.metric, guess.hi + 1, u64::MAX, above, count, over);
        }
        if within.is_empty() {
            return None;
        }
        if kept {
            return Some(Bracket {
                below,
                count: inside,
                guessed: false,
                ranks: within,
                ..guess
            });
        }
        self.open_exact(guess.metric, guess.lo, guess.hi, below, inside, within);
        None
    }

    /// Opens the bracket `lo..=hi` with `below` draws below and `count`
    /// inside for `ranks`, or finds them when it is one key.
    fn open_exact(
        &mut self,
        metric: usize,
        lo: u64,
        hi: u64,
        below: u64,
        count: u64,
        ranks: Vec<(u64, usize)>,
    ) {
        if lo == hi {
            for (_, slot) in ranks {
                self.found[slot] = Some(Found {
                    value: from_order_key(lo),
                    at_or_below: below + count,
                });
            }
        } else {
            self.open.push(Bracket {
                metric,
                lo,
                hi,
                below,
                count,
                guessed: false,
                ranks,
            });
        }
    }

    /// The sub-brackets of `bracket` that hold its ranks, from its histogram;
    /// one narrowed to a single key is found without another pass.
    fn split(&mut self, bracket: &Bracket, histogram: &Histogram) {
        let shift = bracket.shift();
        let mut below = bracket.below;
        let mut ranks = bracket.ranks.iter().peekable();
        for (bin, count) in histogram.counted() {
            let mut inside = Vec::new();
            while let Some(&&(rank, slot)) = ranks.peek() {
                if rank >= below + count {
                    break;
                }
                inside.push((rank, slot));
                ranks.next();
            }
            if !inside.is_empty() {
                let lo = bracket.lo + (bin << shift);
                let hi = bracket.hi.min(lo + ((1 << shift) - 1));
                self.open_exact(bracket.metric, lo, hi, below, count, inside);
            }
            below += count;
        }
    }

    /// The order statistics, in the order asked (NaN for one never found,
    /// which only a rank beyond the draws can be).
    pub fn found(self) -> Vec<Found> {
        self.found
            .into_iter()
            .map(|found| {
                found.unwrap_or(Found {
                    value: f64::NAN,
                    at_or_below: 0,
                })
            })
            .collect()
    }
}
/// The ranks of `bracket` among its kept `keys`.
fn select_kept(bracket: &Bracket, mut keys: Vec<u64>) -> Vec<(usize, Found)> {
    let local: Vec<usize> = bracket
        .ranks
        .iter()
        .map(|(rank, _)| (rank - bracket.below) as usize)
        .filter(|rank| *rank < keys.len())
        .collect();
    let mut local = local;
    local.dedup();
    let selected = select_ranks(&mut keys, 0, &local, &|a: &u64, b: &u64| a.cmp(b));
    bracket
        .ranks
        .iter()
        .filter_map(|&(rank, slot)| {
            let local = (rank - bracket.below) as usize;
            let key = selected.iter().find(|(r, _)| *r == local)?.1;
            let at_or_below = bracket.below + keys.iter().filter(|k| **k <= key).count() as u64;
            Some((
                slot,
                Found {
                    value: from_order_key(key),
                    at_or_below,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`scan`] must give, a draw at a time by key.
    fn by_key<const N: usize>(
        column: &[f64],
        bounds: [(u64, u64); N],
    ) -> ([u64; N], Vec<(usize, u64)>) {
        let mut below = [0; N];
        let mut inside = Vec::new();
        for &x in column {
            let key = order_key(x);
            for (j, &(lo, width)) in bounds.iter().enumerate() {
                below[j] += u64::from(key < lo);
                if lo <= key && key <= lo + width {
                    inside.push((j, key));
                }
            }
        }
        (below, inside)
    }

    /// Draws that are hard to compare: both zeros, infinities, NaN, the
    /// smallest and largest numbers, and ordinary ones.
    fn awkward() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::NAN),
            Just(f64::from_bits(1)),
            Just(-f64::from_bits(1)),
            Just(f64::MAX),
            Just(f64::MIN),
            -1e3..1e3f64,
        ]
    }

    /// Bounds at the edges of the keys, and next to the draws' keys.
    fn bound() -> impl Strategy<Value = u64> {
        prop_oneof![
            Just(0),
            Just(u64::MAX),
            Just(order_key(f64::INFINITY)),
            Just(order_key(f64::INFINITY) + 1),
            Just(order_key(f64::NEG_INFINITY)),
            Just(order_key(0.0) - 1),
            Just(order_key(0.0)),
            awkward().prop_flat_map(|x| {
                (-2i64..=2).prop_map(move |d| order_key(x).wrapping_add_signed(d))
            }),
            any::<u64>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn four_at_a_time_counts_and_keeps_as_one_at_a_time(
            column in prop::collection::vec(awkward(), 0..40),
            ends in prop::collection::vec((bound(), bound()), 3),
        ) {
            let bounds: [(u64, u64); 3] = std::array::from_fn(|j| {
                let (a, b) = ends[j];
                (a.min(b), a.max(b) - a.min(b))
            });
            let mut inside = Vec::new();
            let below = scan(&column, bounds, 0, &mut inside);
            let (want_below, want_inside) = by_key(&column, bounds);
            prop_assert_eq!(below, want_below);
            prop_assert_eq!(inside, want_inside);
        }
    }

    #[test]
    fn the_number_at_most_a_key_is_at_the_edges_as_worked_out() {
        // Below −∞'s key no draw qualifies; from +∞'s up every one does;
        // the key just below 0's is every negative number and not 0.
        assert!(at_most(0).is_nan());
        assert_eq!(at_most(order_key(f64::NEG_INFINITY)), f64::NEG_INFINITY);
        assert_eq!(at_most(order_key(f64::INFINITY)), f64::INFINITY);
        assert_eq!(at_most(u64::MAX - 1), f64::INFINITY);
        assert_eq!(at_most(order_key(0.0) - 1), -f64::from_bits(1));
        assert_eq!(at_most(order_key(0.0)), 0.0);
        assert_eq!(at_most(order_key(2.5)), 2.5);
    }
}
