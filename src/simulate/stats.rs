//! Summaries of samples: mean and standard deviation merged chunk by chunk in
//! a fixed order (so the result never depends on the number of threads), and
//! percentiles by linear interpolation between order statistics (numpy's default).

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

/// The `q`-quantiles (0 ≤ q ≤ 1) of `values`, by linear interpolation between
/// order statistics: position h = (n − 1)q, value x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎),
/// numpy's default. Reorders `values` (selection, not a full sort). Non-finite
/// values sort last (+∞).
pub fn percentiles(values: &mut [f64], qs: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 0 {
        return vec![f64::NAN; qs.len()];
    }
    let order = |a: &f64, b: &f64| {
        let key = |x: &f64| if x.is_nan() { f64::INFINITY } else { *x };
        key(a).total_cmp(&key(b))
    };
    // Select from the highest quantile down, each within the part left of the
    // last: every selection then works on a shrinking slice.
    let mut positions: Vec<(usize, f64)> = qs.iter().copied().enumerate().collect();
    positions.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut results = vec![f64::NAN; qs.len()];
    let mut end = n;
    // The last order statistic selected and the one after it, for quantiles
    // that fall between the same two.
    let mut last: Option<(usize, f64, f64)> = None;
    for (index, q) in positions {
        let h = (n - 1) as f64 * q;
        let low = (h.floor() as usize).min(n - 1);
        let fraction = h - low as f64;
        let (low_value, next) = match last {
            Some((previous, low_value, next)) if previous == low => (low_value, next),
            _ => {
                let (_, low_value, right) = values[..end].select_nth_unstable_by(low, order);
                let low_value = *low_value;
                // The next order statistic is the smallest of what lies right of
                // it in this slice (which ends at the previous selection).
                let next = right.iter().copied().min_by(order).unwrap_or(low_value);
                (low_value, next)
            }
        };
        results[index] = if fraction > 0.0 {
            if low_value.is_finite() && next.is_finite() {
                low_value + fraction * (next - low_value)
            } else {
                f64::INFINITY
            }
        } else {
            low_value
        };
        last = Some((low, low_value, next));
        end = low + 1;
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_like_numpy() {
        // numpy.percentile([1, 2, 3, 4], [5, 50, 95]): h = 3q → 0.15, 1.5, 2.85
        // → 1.15, 2.5, 3.85.
        let mut values = vec![4.0, 1.0, 3.0, 2.0];
        let p = percentiles(&mut values, &[0.05, 0.5, 0.95]);
        assert!(
            (p[0] - 1.15).abs() < 1e-12
                && (p[1] - 2.5).abs() < 1e-12
                && (p[2] - 3.85).abs() < 1e-12,
            "{p:?}"
        );
        // Infinite values sort last: the median of [1, 2, ∞] is 2, the 95th is ∞.
        let mut values = vec![f64::INFINITY, 2.0, 1.0];
        let p = percentiles(&mut values, &[0.5, 0.95]);
        assert_eq!(p, [2.0, f64::INFINITY]);
        // Two quantiles between the same order statistics: [10, 20], q = 0.25
        // and 0.75 → 12.5 and 17.5.
        let mut values = vec![20.0, 10.0];
        assert_eq!(percentiles(&mut values, &[0.25, 0.75]), [12.5, 17.5]);
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
    }
}
