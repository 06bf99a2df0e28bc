//! Drawing from the distributions of `crate::model::distribution`, with
//! their parameters worked out once per input rather than once per draw.
//!
//! Two choices here are for speed, each measured by `benches/simulate_parts.rs`
//! (see benches/README.md): a beta with whole-number shapes is an order
//! statistic of uniforms ([`BetaMethod::OrderStatistic`]), and a lognormal's
//! exponential is taken four draws at a time ([`exp_each`]).

use super::rng::Rng;
use crate::model::distribution::Distribution;

/// A distribution ready to draw from.
#[derive(Debug, Clone, Copy)]
pub enum Sampler {
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Normal {
        mu: f64,
        sigma: f64,
    },
    Uniform {
        min: f64,
        range: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
        split: f64,
    },
    /// `min + range × Beta(alpha, beta)`: beta (range 1) and PERT.
    Beta {
        min: f64,
        range: f64,
        method: BetaMethod,
    },
}

/// How a beta is drawn.
#[derive(Debug, Clone, Copy)]
pub enum BetaMethod {
    /// X / (X + Y) of gammas X ~ Γ(alpha) and Y ~ Γ(beta): any shapes.
    Gammas { alpha: Gamma, beta: Gamma },
    /// Whole-number shapes a and b: the a-th smallest of a + b − 1
    /// uniforms is exactly Beta(a, b) (the k-th order statistic of n
    /// uniforms is Beta(k, n + 1 − k); Devroye, *Non-Uniform Random Variate
    /// Generation*, 1986). A few random words and comparisons, with no
    /// rejection, logarithm or division: half the time of the gamma pair
    /// for beta(2, 5) (`benches/simulate_parts.rs`). When b < a it takes the
    /// b-th smallest and returns 1 minus it (1 − U is uniform too), so
    /// `rank` is at most (uniforms + 1) / 2: 3 at most.
    OrderStatistic {
        uniforms: u32,
        rank: u32,
        from_top: bool,
    },
}

/// The most uniforms [`BetaMethod::OrderStatistic`] draws: it takes every
/// PERT whose mode is at an end, a quarter, half or three quarters of its
/// range (shapes adding to 6) and small whole-number betas. At 8 uniforms
/// (beta(4, 5)) it was slower than the gammas (`benches/simulate_parts.rs`).
const MOST_UNIFORMS: u32 = 6;
// `BetaMethod::draw` takes ranks up to 3, which is all 6 uniforms allow.
const _: () = assert!(MOST_UNIFORMS <= 6);

impl BetaMethod {
    pub fn new(alpha: f64, beta: f64) -> BetaMethod {
        let whole = |x: f64| x.fract() == 0.0 && (1.0..=f64::from(MOST_UNIFORMS)).contains(&x);
        if whole(alpha) && whole(beta) && alpha + beta - 1.0 <= f64::from(MOST_UNIFORMS) {
            let (a, b) = (alpha as u32, beta as u32);
            return BetaMethod::OrderStatistic {
                uniforms: a + b - 1,
                rank: a.min(b),
                from_top: b < a,
            };
        }
        BetaMethod::gammas(alpha, beta)
    }

    /// The gamma pair for any shapes (`benches/simulate_parts.rs` compares it).
    pub fn gammas(alpha: f64, beta: f64) -> BetaMethod {
        BetaMethod::Gammas {
            alpha: Gamma::new(alpha),
            beta: Gamma::new(beta),
        }
    }

    #[inline]
    fn draw(&self, rng: &mut Rng) -> f64 {
        match *self {
            BetaMethod::Gammas { alpha, beta } => {
                let x = alpha.draw(rng);
                let y = beta.draw(rng);
                x / (x + y)
            }
            BetaMethod::OrderStatistic {
                uniforms,
                rank,
                from_top,
            } => {
                // rank ≤ (MOST_UNIFORMS + 1) / 2 = 3, see `new`.
                let x = match rank {
                    1 => smallest::<1>(uniforms, rng),
                    2 => smallest::<2>(uniforms, rng),
                    3 => smallest::<3>(uniforms, rng),
                    _ => unreachable!("`BetaMethod::new` keeps rank ≤ 3"),
                };
                if from_top { 1.0 - x } else { x }
            }
        }
    }
}

/// The `K`-th smallest of `n` uniforms on (0, 1): the `K` smallest are kept
/// in order, each new uniform sinking to its place with no branch.
#[inline]
fn smallest<const K: usize>(n: u32, rng: &mut Rng) -> f64 {
    let mut kept = [f64::INFINITY; K];
    for _ in 0..n {
        let mut carry = rng.open_uniform();
        for slot in &mut kept {
            // Plain comparisons, not `f64::min`, whose care for NaN (never
            // drawn here) costs more than the rest of the draw.
            (*slot, carry) = if carry < *slot {
                (carry, *slot)
            } else {
                (*slot, carry)
            };
        }
    }
    kept[K - 1]
}

/// Below this size e^x is taken four at a time; beyond it, one at a time
/// with the standard library, which gives +∞ on overflow as it should.
const FOUR_LANE_EXP_LIMIT: f64 = 700.0;

/// e^x of every value, in place: four values at a time by `wide`'s
/// exponential (within 1 ulp of the standard library's), a lognormal's
/// last step. Half the time of one at a time (`benches/simulate_parts.rs`).
/// Every lognormal draw comes here or to [`exp_one`] (a copula's, one at a
/// time), which agree, so a value's exponential never depends on the path.
pub fn exp_each(values: &mut [f64]) {
    use wide::{CmpLt, f64x4};
    let limit = f64x4::splat(FOUR_LANE_EXP_LIMIT);
    let mut blocks = values.chunks_exact_mut(4);
    for block in &mut blocks {
        let x = f64x4::from([block[0], block[1], block[2], block[3]]);
        if x.abs().cmp_lt(limit).all() {
            block.copy_from_slice(&x.exp().to_array());
        } else {
            block.iter_mut().for_each(|v| *v = exp_one(*v));
        }
    }
    blocks
        .into_remainder()
        .iter_mut()
        .for_each(|v| *v = exp_one(*v));
}

/// e^x as a lane of [`exp_each`] gives it.
pub fn exp_one(x: f64) -> f64 {
    if x.abs() < FOUR_LANE_EXP_LIMIT {
        wide::f64x4::splat(x).exp().to_array()[0]
    } else {
        x.exp()
    }
}

/// Marsaglia and Tsang's gamma sampler for shape `shape` (a boost handles
/// shapes below 1).
#[derive(Debug, Clone, Copy)]
pub struct Gamma {
    d: f64,
    c: f64,
    /// 1 / shape when shape < 1 (Γ(a) = Γ(a + 1) × U^(1/a)), else 0.
    boost: f64,
}

impl Gamma {
    fn new(shape: f64) -> Gamma {
        let (effective, boost) = if shape < 1.0 {
            (shape + 1.0, 1.0 / shape)
        } else {
            (shape, 0.0)
        };
        let d = effective - 1.0 / 3.0;
        Gamma {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            boost,
        }
    }

    fn draw(&self, rng: &mut Rng) -> f64 {
        let value = loop {
            let x = rng.normal();
            let v = 1.0 + self.c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = rng.open_uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + self.d * (1.0 - v + v.ln()) {
                break self.d * v;
            }
        };
        if self.boost > 0.0 {
            value * rng.open_uniform().powf(self.boost)
        } else {
            value
        }
    }
}

impl Sampler {
    pub fn new(distribution: &Distribution) -> Sampler {
        match *distribution {
            Distribution::LogNormal { low, high } => {
                let (mu, sigma) = Distribution::normal_parameters(low.ln(), high.ln());
                Sampler::LogNormal { mu, sigma }
            }
            Distribution::Normal { low, high } => {
                let (mu, sigma) = Distribution::normal_parameters(low, high);
                Sampler::Normal { mu, sigma }
            }
            Distribution::Uniform { min, max } => Sampler::Uniform {
                min,
                range: max - min,
            },
            Distribution::Triangular { min, mode, max } => Sampler::Triangular {
                min,
                mode,
                max,
                split: (mode - min) / (max - min),
            },
            Distribution::Pert { min, mode, max } => {
                let (alpha, beta) = Distribution::pert_shape(min, mode, max);
                Sampler::Beta {
                    min,
                    range: max - min,
                    method: BetaMethod::new(alpha, beta),
                }
            }
            Distribution::Beta { alpha, beta } => Sampler::Beta {
                min: 0.0,
                range: 1.0,
                method: BetaMethod::new(alpha, beta),
            },
        }
    }

    /// One draw (never below 0, see [`Sampler::draw_column`]).
    pub fn draw(&self, rng: &mut Rng) -> f64 {
        let mut draw = [self.draw_unfinished(rng)];
        self.finish(&mut draw);
        draw[0]
    }

    /// A draw but for its last step, [`Sampler::finish`], which takes no
    /// random numbers (a lognormal's exponential): a column's draws are
    /// finished together afterwards, four at a time ([`exp_each`]).
    #[inline]
    fn draw_unfinished(&self, rng: &mut Rng) -> f64 {
        match *self {
            Sampler::LogNormal { mu, sigma } => mu + sigma * rng.normal(),
            Sampler::Normal { mu, sigma } => mu + sigma * rng.normal(),
            Sampler::Uniform { min, range } => min + range * rng.uniform(),
            Sampler::Triangular {
                min,
                mode,
                max,
                split,
            } => {
                let u = rng.uniform();
                if u < split {
                    min + (u * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
                }
            }
            Sampler::Beta { min, range, method } => min + range * method.draw(rng),
        }
    }

    /// `len` draws onto `column`: every draw but for its last step in one
    /// loop, then the last steps together. The common distributions have a
    /// loop of their own, which asks the distribution once rather than once
    /// a draw: a loop over `draw_unfinished` alone took 15% more
    /// time at 10⁸ draws of the reference model (benches/README.md).
    pub fn draw_column(&self, rng: &mut Rng, column: &mut Vec<f64>, len: usize) {
        let start = column.len();
        let draws = 0..len;
        match *self {
            Sampler::LogNormal { mu, sigma } | Sampler::Normal { mu, sigma } => {
                column.extend(draws.map(|_| mu + sigma * rng.normal()));
            }
            Sampler::Beta { min, range, method } => {
                column.extend(draws.map(|_| min + range * method.draw(rng)));
            }
            _ => column.extend(draws.map(|_| self.draw_unfinished(rng))),
        }
        self.finish(&mut column[start..]);
    }

    /// The last steps of the draws of [`Sampler::draw_unfinished`] in
    /// `column`, in place: a lognormal's exponential, and 0 for a rare draw
    /// below 0 (the inputs are quantities that cannot be negative).
    fn finish(&self, column: &mut [f64]) {
        if let Sampler::LogNormal { .. } = self {
            exp_each(column);
        }
        for x in column.iter_mut() {
            *x = x.max(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mean of 400,000 draws, against the distribution's exact mean.
    fn sample_mean(distribution: Distribution) -> (f64, f64) {
        let sampler = Sampler::new(&distribution);
        let mut rng = Rng::for_chunk(2026, 0);
        let n = 400_000;
        let sum: f64 = (0..n).map(|_| sampler.draw(&mut rng)).sum();
        (sum / f64::from(n), distribution.mean())
    }

    #[test]
    fn sample_means_match_exact_means() {
        // Tolerances are over 6 standard errors (sd/√400,000), so these never
        // flake; the seed is fixed besides.
        // Lognormal 500 to 900: mean 681.614 (see distribution.rs), sd ≈ 123 → se 0.19.
        let (got, want) = sample_mean(Distribution::LogNormal {
            low: 500.0,
            high: 900.0,
        });
        assert!((got - want).abs() < 1.5, "{got} vs {want}");
        // Beta(2, 5): mean 2/7, sd 0.16 → se 0.00025.
        let (got, want) = sample_mean(Distribution::Beta {
            alpha: 2.0,
            beta: 5.0,
        });
        assert!((got - want).abs() < 0.002, "{got} vs {want}");
        // Beta(0.5, 0.5) exercises the boost for shapes below 1: mean 0.5, sd 0.35.
        let (got, want) = sample_mean(Distribution::Beta {
            alpha: 0.5,
            beta: 0.5,
        });
        assert!((got - want).abs() < 0.004, "{got} vs {want}");
        // PERT(0, 3, 12): mean 4, sd ≈ 2.3 → se 0.0036.
        let (got, want) = sample_mean(Distribution::Pert {
            min: 0.0,
            mode: 3.0,
            max: 12.0,
        });
        assert!((got - want).abs() < 0.03, "{got} vs {want}");
        // Triangular(0, 3, 12): mean 5, sd ≈ 2.5.
        let (got, want) = sample_mean(Distribution::Triangular {
            min: 0.0,
            mode: 3.0,
            max: 12.0,
        });
        assert!((got - want).abs() < 0.03, "{got} vs {want}");
        // Uniform(2, 4): mean 3. Normal 10 to 20: mean 15, sd 3.04.
        let (got, want) = sample_mean(Distribution::Uniform { min: 2.0, max: 4.0 });
        assert!((got - want).abs() < 0.005, "{got} vs {want}");
        let (got, want) = sample_mean(Distribution::Normal {
            low: 10.0,
            high: 20.0,
        });
        assert!((got - want).abs() < 0.03, "{got} vs {want}");
    }

    #[test]
    fn whole_number_betas_are_order_statistics_and_the_rest_gammas() {
        let order = |alpha, beta| match BetaMethod::new(alpha, beta) {
            BetaMethod::OrderStatistic {
                uniforms,
                rank,
                from_top,
            } => Some((uniforms, rank, from_top)),
            BetaMethod::Gammas { .. } => None,
        };
        // Beta(2, 5): the 2nd smallest of 6; Beta(5, 2): 1 − the 2nd smallest of 6.
        assert_eq!(order(2.0, 5.0), Some((6, 2, false)));
        assert_eq!(order(5.0, 2.0), Some((6, 2, true)));
        assert_eq!(order(3.0, 3.0), Some((5, 3, false)));
        assert_eq!(order(1.0, 1.0), Some((1, 1, false)));
        // Not whole, or more than 6 uniforms (4 + 4 − 1 = 7), or below 1.
        assert_eq!(order(2.5, 5.0), None);
        assert_eq!(order(4.0, 4.0), None);
        assert_eq!(order(0.5, 0.5), None);
    }

    #[test]
    fn order_statistic_betas_have_the_exact_distribution() {
        // For whole-number a and b, P(Beta(a, b) ≤ x) = P(at least a of
        // a + b − 1 uniforms are ≤ x), a binomial tail:
        //   Beta(2, 5) at 0.2: 1 − 0.8⁶ − 6 × 0.2 × 0.8⁵ = 1 − 0.262144 − 0.393216 = 0.344640
        //   Beta(5, 2) at 0.8: P(at least 5 of 6 ≤ 0.8) = 0.8⁶ + 6 × 0.8⁵ × 0.2 = 0.655360
        //   Beta(3, 3) at 0.3: P(at least 3 of 5 ≤ 0.3)
        //     = 10 × 0.3³ × 0.7² + 5 × 0.3⁴ × 0.7 + 0.3⁵ = 0.1323 + 0.02835 + 0.00243 = 0.163080
        // and the means a / (a + b): 2/7, 5/7, 1/2. With 400,000 draws the
        // standard error of a share is at most 0.00076 and of a mean 0.0003;
        // the tolerances are over 5 of them (and the seed is fixed).
        for (alpha, beta, x, below, mean) in [
            (2.0, 5.0, 0.2, 0.344_640, 2.0 / 7.0),
            (5.0, 2.0, 0.8, 0.655_360, 5.0 / 7.0),
            (3.0, 3.0, 0.3, 0.163_080, 0.5),
        ] {
            let sampler = Sampler::new(&Distribution::Beta { alpha, beta });
            assert!(matches!(
                sampler,
                Sampler::Beta {
                    method: BetaMethod::OrderStatistic { .. },
                    ..
                }
            ));
            let mut rng = Rng::for_chunk(2026, 1);
            let n = 400_000;
            let draws: Vec<f64> = (0..n).map(|_| sampler.draw(&mut rng)).collect();
            assert!(draws.iter().all(|d| *d > 0.0 && *d < 1.0));
            let share = draws.iter().filter(|d| **d <= x).count() as f64 / f64::from(n);
            let average = draws.iter().sum::<f64>() / f64::from(n);
            assert!(
                (share - below).abs() < 0.004,
                "Beta({alpha}, {beta}): {share}"
            );
            assert!(
                (average - mean).abs() < 0.002,
                "Beta({alpha}, {beta}): {average}"
            );
        }
    }

    #[test]
    fn four_lane_exponentials_agree_with_the_standard_library_everywhere() {
        // Within 1 ulp of std's across the range a lognormal's argument
        // takes, and the same value whatever a value's place in a column
        // (a block of four or the remainder) or one at a time.
        let arguments: Vec<f64> = (0..100_003)
            .map(|i| -699.0 + 0.013_98 * f64::from(i))
            .collect();
        let mut column = arguments.clone();
        exp_each(&mut column);
        for (x, e) in arguments.iter().zip(&column) {
            let ulps = (x.exp().to_bits() as i64 - e.to_bits() as i64).abs();
            assert!(ulps <= 1, "exp({x}): {e} against {}", x.exp());
            assert_eq!(e.to_bits(), exp_one(*x).to_bits(), "exp({x})");
        }
        // Beyond the lanes' limit, and the values that are not numbers, as std gives them.
        let mut edges = [
            710.0,
            -750.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1.0,
        ];
        exp_each(&mut edges);
        assert_eq!(edges[..4], [f64::INFINITY, 0.0, f64::INFINITY, 0.0]);
        assert!(edges[4].is_nan());
        assert!((edges[5] - std::f64::consts::E).abs() <= f64::EPSILON * 3.0);
    }

    #[test]
    fn a_product_of_lognormals_is_lognormal() {
        // X = 500 to 900 and Y = 2 to 300, independent: ln(XY) is normal with
        // μ = μx + μy and σ² = σx² + σy², so the median of XY is
        // √(500 × 900) × √(2 × 300) = 670.82 × 24.495 = 16,431.7, and its 95th
        // percentile is exp(μ + 1.644854 × σ) with σx = 0.178674, σy = 1.523125:
        // σ = √(σx² + σy²) = 1.533569, μ = ln 16,431.7 = 9.706966
        // → exp(9.706966 + 2.522503) = 204,733.
        let x = Sampler::new(&Distribution::LogNormal {
            low: 500.0,
            high: 900.0,
        });
        let y = Sampler::new(&Distribution::LogNormal {
            low: 2.0,
            high: 300.0,
        });
        let mut rng = Rng::for_chunk(1, 0);
        let mut products: Vec<f64> = (0..200_001)
            .map(|_| x.draw(&mut rng) * y.draw(&mut rng))
            .collect();
        products.sort_by(f64::total_cmp);
        let median = products[100_000];
        let p95 = products[190_000];
        // The sample median's relative se here is about 1.25 σ / √n ≈ 0.0043.
        assert!((median / 16_431.7 - 1.0).abs() < 0.03, "{median}");
        assert!((p95 / 204_733.0 - 1.0).abs() < 0.05, "{p95}");
    }
}
