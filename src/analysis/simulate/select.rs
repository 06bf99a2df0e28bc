/*!
Exact order statistics of more draws than memory holds, by bracketing.

Every draw of a metric is an [`order_key`] (a `u64` in the draws' order). A
[`Bracket`] is the set of keys that share their top bits: it knows how many
draws are below it and how many inside, and which wanted ranks fall inside.
Each pass over the draws either counts the draws of a bracket in 2^k
sub-brackets (a histogram of the next k bits of the key), after which each
wanted rank is in one sub-bracket with exactly known counts, or keeps every
key inside a bracket, after which the ranks are selected exactly among them.

The first pass counts every metric in 2^22 bins (sign, exponent and 10 bits
of mantissa: bins about 0.1% wide), so the second pass keeps only the draws
within 0.1% of each wanted percentile: a few hundred thousand at 10⁹ draws
of a smooth distribution. A bracket that still holds more than
[`KEPT_BUDGET`] keys is counted again, 16 bits finer, instead; a bracket
narrowed to one key (a point mass) needs no pass at all. Runs small enough
to keep every draw of every metric are selected in the first pass.

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

/// An order statistic: its value, and how many draws are at or below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub value: f64,
    pub at_or_below: u64,
}

/// The keys whose top `64 − shift` bits are `prefix` (every key when `shift`
/// is 64), of the metric at `metric` in a draw's metrics.
#[derive(Debug, Clone)]
pub struct Bracket {
    pub metric: usize,
    prefix: u64,
    shift: u32,
    /// Draws of the metric with a smaller key.
    below: u64,
    /// Draws inside.
    count: u64,
    /// (rank among all draws, the answer's slot), ranks ascending.
    ranks: Vec<(u64, usize)>,
}

impl Bracket {
    #[inline]
    pub fn contains(&self, key: u64) -> bool {
        self.shift == 64 || key >> self.shift == self.prefix
    }

    /// Bits the next histogram of this bracket counts by.
    fn bits(&self) -> u32 {
        if self.shift == 64 {
            FIRST_BITS
        } else {
            REFINE_BITS.min(self.shift)
        }
    }
}

/// What one pass does with a bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Count its draws by the next bits of their keys.
    Count,
    /// Keep its keys.
    Keep,
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
}

/// One worker's share of a pass: [`Gather::see`] each draw's metrics.
#[derive(Debug, Clone)]
pub struct Gather {
    parts: Vec<Gathered>,
}

impl Gather {
    pub fn new(open: &[Bracket], plan: &[Task]) -> Gather {
        let parts = open
            .iter()
            .zip(plan)
            .map(|(bracket, task)| match task {
                Task::Count => Gathered::Counts(Histogram::new(bracket.bits())),
                Task::Keep => Gathered::Kept(Vec::new()),
            })
            .collect();
        Gather { parts }
    }

    #[inline]
    pub fn see(&mut self, open: &[Bracket], metrics: &[f64; 7]) {
        for (bracket, part) in open.iter().zip(&mut self.parts) {
            let key = order_key(metrics[bracket.metric]);
            if !bracket.contains(key) {
                continue;
            }
            match part {
                Gathered::Counts(histogram) => {
                    let bits = bracket.bits();
                    let bin = (key >> (bracket.shift - bits)) & ((1 << bits) - 1);
                    histogram.add(bin as usize);
                }
                Gathered::Kept(keys) => keys.push(key),
            }
        }
    }

    /// `self` and `other` together (counts add, kept keys join).
    pub fn merge(&mut self, other: Gather) {
        for (mine, theirs) in self.parts.iter_mut().zip(other.parts) {
            match (mine, theirs) {
                (Gathered::Counts(mine), Gathered::Counts(theirs)) => mine.merge(theirs),
                (Gathered::Kept(mine), Gathered::Kept(theirs)) => mine.extend(theirs),
                _ => {}
            }
        }
    }
}

/// The brackets still open and the order statistics found so far.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Keys a pass may keep, over all brackets.
    budget: u64,
    open: Vec<Bracket>,
    found: Vec<Option<Found>>,
}

impl Selection {
    /// For `draws` draws, the order statistics at `ranks` (0-based, each
    /// below `draws`) of the metric at each index: answers come back in the
    /// order asked, metric by metric.
    pub fn new(draws: u64, wanted: &[(usize, Vec<u64>)], budget: u64) -> Selection {
        let mut open = Vec::new();
        let mut slot = 0;
        for (metric, ranks) in wanted {
            let mut ranks: Vec<(u64, usize)> = ranks
                .iter()
                .map(|rank| {
                    slot += 1;
                    (*rank, slot - 1)
                })
                .collect();
            ranks.sort_unstable();
            if !ranks.is_empty() {
                open.push(Bracket {
                    metric: *metric,
                    prefix: 0,
                    shift: 64,
                    below: 0,
                    count: draws,
                    ranks,
                });
            }
        }
        Selection {
            budget,
            open,
            found: vec![None; slot],
        }
    }

    pub fn open(&self) -> &[Bracket] {
        &self.open
    }

    pub fn is_done(&self) -> bool {
        self.open.is_empty()
    }

    /// What the next pass does with each open bracket: keep the smallest
    /// while their keys fit the budget together, count the others finer.
    pub fn plan(&self) -> Vec<Task> {
        let mut by_size: Vec<usize> = (0..self.open.len()).collect();
        by_size.sort_by_key(|&i| self.open[i].count);
        let mut plan = vec![Task::Count; self.open.len()];
        let mut kept = 0;
        for i in by_size {
            kept += self.open[i].count;
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

    /// The sub-brackets of `bracket` that hold its ranks, from its histogram;
    /// one narrowed to a single key is found without another pass.
    fn split(&mut self, bracket: &Bracket, histogram: &Histogram) {
        let bits = bracket.bits();
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
                let shift = bracket.shift - bits;
                let prefix = if bracket.shift == 64 {
                    bin
                } else {
                    (bracket.prefix << bits) | bin
                };
                if shift == 0 {
                    for (_, slot) in inside {
                        self.found[slot] = Some(Found {
                            value: from_order_key(prefix),
                            at_or_below: below + count,
                        });
                    }
                } else {
                    self.open.push(Bracket {
                        metric: bracket.metric,
                        prefix,
                        shift,
                        below,
                        count,
                        ranks: inside,
                    });
                }
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
