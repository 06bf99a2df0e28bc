//! Drawing from the distributions of `crate::model::distribution`, with
//! their parameters worked out once per input rather than once per draw.

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
        alpha: Gamma,
        beta: Gamma,
    },
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
                    alpha: Gamma::new(alpha),
                    beta: Gamma::new(beta),
                }
            }
            Distribution::Beta { alpha, beta } => Sampler::Beta {
                min: 0.0,
                range: 1.0,
                alpha: Gamma::new(alpha),
                beta: Gamma::new(beta),
            },
        }
    }

    pub fn draw(&self, rng: &mut Rng) -> f64 {
        self.finish(self.draw_unfinished(rng))
    }

    /// A draw but for its last step, [`Sampler::finish`], which takes no
    /// random numbers: a lognormal's logarithm. A chunk's draws are taken in
    /// the random stream's order and finished afterwards, input by input, so
    /// the loop that follows the stream does no exponentials.
    #[inline]
    pub fn draw_unfinished(&self, rng: &mut Rng) -> f64 {
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
            Sampler::Beta {
                min,
                range,
                alpha,
                beta,
            } => {
                let x = alpha.draw(rng);
                let y = beta.draw(rng);
                min + range * (x / (x + y))
            }
        }
    }

    /// The last step of a draw of [`Sampler::draw_unfinished`].
    #[inline]
    pub fn finish(&self, unfinished: f64) -> f64 {
        match self {
            Sampler::LogNormal { .. } => unfinished.exp(),
            _ => unfinished,
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
