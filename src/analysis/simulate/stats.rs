//! Summaries of samples: mean and standard deviation merged chunk by chunk in
//! a fixed order (so the result never depends on the number of threads), and
//! percentiles by linear interpolation between order statistics (numpy's default).

use wide::f64x4;

/// Count, mean and sum of squared deviations of the finite values seen
/// (Welford; Chan et al. to merge). Non-finite values (cost per removal with
/// no removals) are counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    pub count: u64,
    pub mean: f64,
    m2: f64,
    /// Values that were not finite (undefined metric).
    pub undefined: u64,
}

impl Moments {
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            self.undefined += 1;
            return;
        }
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// The moments of `values`, NaN skipped (a metric the scenario lacks):
    /// the mean first, then the squared deviations from it, so no draw
    /// costs a division (Welford's update does; see benches/README.md).
    /// Deviations are summed from the first finite value, so values all
    /// alike have exactly that mean and no spread.
    ///
    /// Each pass keeps eight running sums in two four-lane vectors
    /// (`Lanes`), added together in a fixed order at the end: one sum
    /// would make every addition wait for the one before (a chain of
    /// dependent additions), while eight overlap, four to an instruction
    /// (`benches/simulate_parts.rs`). The result depends only on the
    /// values, never on the threads.
    pub fn of(values: &[f64]) -> Moments {
        let Some(&origin) = values.iter().find(|x| x.is_finite()) else {
            let undefined = values.iter().filter(|x| x.is_infinite()).count();
            return Moments {
                undefined: undefined as u64,
                ..Moments::default()
            };
        };
        let zero = f64x4::splat(0.0);
        let one = f64x4::splat(1.0);
        let origin_lanes = f64x4::splat(origin);
        let (mut offsets, mut count, mut undefined) =
            (Lanes::default(), Lanes::default(), Lanes::default());
        for_each_block(values, |lane, x| {
            let finite = x.is_finite();
            // Counts as numbers: whole and below 2⁵³, so exact.
            count.0[lane] += finite.blend(one, zero);
            undefined.0[lane] += x.is_inf().blend(one, zero);
            offsets.0[lane] += finite.blend(x - origin_lanes, zero);
        });
        let count = count.total() as u64;
        let mean = origin + offsets.total() / count as f64;
        let mean_lanes = f64x4::splat(mean);
        let mut m2 = Lanes::default();
        for_each_block(values, |lane, x| {
            let deviation = x.is_finite().blend(x - mean_lanes, zero);
            m2.0[lane] += deviation * deviation;
        });
        Moments {
            count,
            mean,
            m2: m2.total(),
            undefined: undefined.total() as u64,
        }
    }

    /// `self` followed by `other`.
    pub fn merge(&mut self, other: &Moments) {
        if other.count == 0 {
            self.undefined += other.undefined;
            return;
        }
        let count = self.count + other.count;
        let delta = other.mean - self.mean;
        self.mean += delta * other.count as f64 / count as f64;
        self.m2 += other.m2 + delta * delta * self.count as f64 * other.count as f64 / count as f64;
        self.count = count;
        self.undefined += other.undefined;
    }

    /// Sample standard deviation (n − 1), as numpy's `std(ddof=1)` and R's `sd`.
    pub fn sd(&self) -> f64 {
        if self.count < 2 {
            return f64::NAN;
        }
        (self.m2 / (self.count - 1) as f64).sqrt()
    }
}

/// Running sums a pass over values keeps ([`Moments::of`]), four to a
/// vector.
#[derive(Default)]
struct Lanes([f64x4; 2]);

impl Lanes {
    /// The sums added together, pairwise, in a fixed order.
    fn total(&self) -> f64 {
        let [a, b, c, d] = self.0[0].to_array();
        let [e, f, g, h] = self.0[1].to_array();
        ((a + b) + (c + d)) + ((e + f) + (g + h))
    }
}

/// Calls `each(lane, four values)` for the values four at a time, the
/// lanes taking turns; the last few values are padded with NaN, which every
/// sum skips.
#[inline]
fn for_each_block(values: &[f64], mut each: impl FnMut(usize, f64x4)) {
    let blocks = values.chunks_exact(4);
    let rest = blocks.remainder();
    for (i, block) in blocks.enumerate() {
        each(i % 2, f64x4::from([block[0], block[1], block[2], block[3]]));
    }
    if !rest.is_empty() {
        let mut last = [f64::NAN; 4];
        last[..rest.len()].copy_from_slice(rest);
        each(0, f64x4::from(last));
    }
}

/// A total order on `f64` as unsigned integers: `key(a) < key(b)` exactly when
/// a sorts before b, with −0 taken as +0 and NaN last (after +∞). Percentiles
/// are order statistics of keys, so every path that selects them (sorting
/// everything here, bracketing in [`super::select`]) orders draws alike.
pub fn order_key(x: f64) -> u64 {
    if x.is_nan() {
        return u64::MAX;
    }
    let bits = (x + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The value of a key of [`order_key`] (NaN for NaN's).
pub fn from_order_key(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

/// Where the `q`-quantile of `n` values lies: position h = (n − 1)q, as the
/// rank ⌊h⌋ (0-based) and the fraction h − ⌊h⌋ towards the next rank.
pub fn position(n: u64, q: f64) -> (u64, f64) {
    let h = n.saturating_sub(1) as f64 * q;
    let low = (h.floor() as u64).min(n.saturating_sub(1));
    (low, h - low as f64)
}

/// The rank after `low` that the interpolation reads (the last rank itself).
pub fn next_rank(n: u64, low: u64) -> u64 {
    (low + 1).min(n.saturating_sub(1))
}

/// numpy's linear interpolation between the order statistics at a
/// [`position`]: x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎); +∞ when either is not finite.
pub fn interpolate(low: f64, next: f64, fraction: f64) -> f64 {
    if fraction == 0.0 {
        low
    } else if low.is_finite() && next.is_finite() {
        low + fraction * (next - low)
    } else {
        f64::INFINITY
    }
}

/// The `q`-quantiles (0 ≤ q ≤ 1) of `values`, by linear interpolation between
/// order statistics ([`position`], [`interpolate`]), numpy's default, in the
/// order of [`order_key`]. Consumes `values`: every value is kept, so this is
/// for samples that fit in memory (charts of few draws, and the reference the
/// bracketing of [`super::select`] is tested against).
///
/// Selection, not sorting: every order statistic needed is found by
/// `select_nth_unstable`, the middle one first and the others within the
/// parts left and right of it.
pub fn percentiles(values: Vec<f64>, qs: &[f64]) -> Vec<f64> {
    let n = values.len() as u64;
    if n == 0 {
        return vec![f64::NAN; qs.len()];
    }
    let positions: Vec<(u64, f64)> = qs.iter().map(|q| position(n, *q)).collect();
    let mut ranks: Vec<u64> = positions
        .iter()
        .flat_map(|&(low, _)| [low, next_rank(n, low)])
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let mut keys: Vec<u64> = values.into_iter().map(order_key).collect();
    let ranks: Vec<usize> = ranks.into_iter().map(|r| r as usize).collect();
    let order_statistics = select_ranks(&mut keys, 0, &ranks, &|a: &u64, b: &u64| a.cmp(b));
    let at = |rank: u64| {
        order_statistics
            .iter()
            .find(|(r, _)| *r as u64 == rank)
            .map_or(f64::NAN, |(_, key)| from_order_key(*key))
    };
    positions
        .iter()
        .map(|&(low, fraction)| interpolate(at(low), at(next_rank(n, low)), fraction))
        .collect()
}

/// The values at `ranks` (sorted, within `offset..offset + slice.len()`) of
/// `slice` as if sorted: the middle rank is selected first, then the ranks
/// left and right of it within those parts.
pub fn select_ranks<T: Copy>(
    slice: &mut [T],
    offset: usize,
    ranks: &[usize],
    order: &impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<(usize, T)> {
    if ranks.is_empty() {
        return Vec::new();
    }
    let middle = ranks.len() / 2;
    let rank = ranks[middle];
    let (left, value, right) = slice.select_nth_unstable_by(rank - offset, order);
    let value = *value;
    let mut found = select_ranks(left, offset, &ranks[..middle], order);
    found.push((rank, value));
    found.extend(select_ranks(right, rank + 1, &ranks[middle + 1..], order));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_like_numpy() {
        // numpy.percentile([1, 2, 3, 4], [5, 50, 95]): h = 3q → 0.15, 1.5, 2.85
        // → 1.15, 2.5, 3.85.
        let p = percentiles(vec![4.0, 1.0, 3.0, 2.0], &[0.05, 0.5, 0.95]);
        assert!(
            (p[0] - 1.15).abs() < 1e-12
                && (p[1] - 2.5).abs() < 1e-12
                && (p[2] - 3.85).abs() < 1e-12,
            "{p:?}"
        );
        // Infinite values sort last: the median of [1, 2, ∞] is 2, the 95th is ∞.
        let p = percentiles(vec![f64::INFINITY, 2.0, 1.0], &[0.5, 0.95]);
        assert_eq!(p, [2.0, f64::INFINITY]);
        // Two quantiles between the same order statistics: [10, 20], q = 0.25
        // and 0.75 → 12.5 and 17.5.
        assert_eq!(percentiles(vec![20.0, 10.0], &[0.25, 0.75]), [12.5, 17.5]);
        // Negative values take the general comparison: [−3, −1, −2] → median −2.
        assert_eq!(percentiles(vec![-3.0, -1.0, -2.0], &[0.5]), [-2.0]);
    }

    #[test]
    fn percentiles_agree_with_a_full_sort() {
        // 10,001 pseudo-random values: each percentile equals the numpy formula
        // applied to the sorted list.
        let mut state = 12345u64;
        let values: Vec<f64> = (0..10_001)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 11) as f64 / (1u64 << 53) as f64 * 1000.0
            })
            .collect();
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let qs = [0.05, 0.5, 0.95, 0.123];
        let expected: Vec<f64> = qs
            .iter()
            .map(|q| {
                let h: f64 = 10_000.0 * q;
                let low = h.floor() as usize;
                sorted[low] + (h - low as f64) * (sorted[(low + 1).min(10_000)] - sorted[low])
            })
            .collect();
        assert_eq!(percentiles(values, &qs), expected);
    }

    #[test]
    fn order_keys_sort_as_the_values_and_read_back() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            3.0,
            1e300,
            f64::INFINITY,
        ];
        for pair in values.windows(2) {
            assert!(order_key(pair[0]) <= order_key(pair[1]), "{pair:?}");
        }
        // −0 and +0 are one key; NaN is after +∞.
        assert_eq!(order_key(-0.0), order_key(0.0));
        assert!(order_key(f64::NAN) > order_key(f64::INFINITY));
        for x in values {
            assert_eq!(from_order_key(order_key(x)), x + 0.0);
        }
        assert!(from_order_key(order_key(f64::NAN)).is_nan());
    }

    #[test]
    fn merged_moments_equal_one_pass() {
        // 1..=10: mean 5.5, sample sd √(82.5 / 9) = 3.02765.
        let mut whole = Moments::default();
        (1..=10).for_each(|x| whole.push(f64::from(x)));
        let (mut a, mut b) = (Moments::default(), Moments::default());
        (1..=4).for_each(|x| a.push(f64::from(x)));
        (5..=10).for_each(|x| b.push(f64::from(x)));
        a.merge(&b);
        assert!((a.mean - 5.5).abs() < 1e-12 && (whole.mean - 5.5).abs() < 1e-12);
        assert!((a.sd() - (82.5f64 / 9.0).sqrt()).abs() < 1e-12);
        assert!((whole.sd() - a.sd()).abs() < 1e-12);
        // A chunk's column: the same 1..=10, with an undefined draw (+∞,
        // counted apart) and a metric the scenario lacks (NaN, skipped).
        let mut column: Vec<f64> = (1..=10).map(f64::from).collect();
        column.extend([f64::INFINITY, f64::NAN]);
        let chunk = Moments::of(&column);
        assert_eq!((chunk.count, chunk.undefined), (10, 1));
        assert!((chunk.mean - 5.5).abs() < 1e-12);
        assert!((chunk.sd() - (82.5f64 / 9.0).sqrt()).abs() < 1e-12);
        // 16,384 draws of 7e28 (a constant too large to add up exactly):
        // their mean is 7e28 and their sd 0, exactly.
        let constant = Moments::of(&vec![7e28; 16_384]);
        assert_eq!((constant.mean, constant.sd()), (7e28, 0.0));
    }
}
