/*!
Correlated inputs in `simulate`: a Gaussian copula over each group of
`[[correlation]]` inputs (`crate::model::correlation`).

Why a copula rather than Iman–Conover: Iman–Conover reorders a whole sample
in memory, but `simulate` streams its draws in chunks and passes over them
more than once, regenerating each chunk from its seed (`super::select`). The
copula needs nothing but the draw at hand: per draw, independent standard
normals `z`, correlated as `L z` (`L` the Cholesky factor of the copula's
matrix), each taken to a uniform by Φ and then to its input by the input's
own quantile function, so every input keeps its distribution exactly and the
pair has the requested Spearman correlation.

The normals come from the chunk's own stream after the uncorrelated inputs
of the draw, so a seed still gives the same draws on any number of threads;
a scenario without correlations draws exactly as before. `voi` draws each
group from a stream of its own through the same [`Copula::draw_group`].
*/

use super::rng::Rng;
use crate::model::Scenario;
use crate::model::correlation::{cholesky, groups};
use crate::model::distribution::{Distribution, Uncertain};

/// The standard normal's distribution function, Φ(z) = erfc(−z/√2) / 2.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// One group of inputs drawn together.
#[derive(Debug, Clone)]
struct Group {
    /// Each input's slot among the model's drawn inputs, and its distribution.
    inputs: Vec<(usize, Distribution)>,
    /// Lower-triangular Cholesky factor of the copula's matrix.
    factor: Vec<Vec<f64>>,
}

/// The correlated groups of a scenario's model.
#[derive(Debug, Clone)]
pub struct Copula {
    groups: Vec<Group>,
    /// Whether each of the model's drawn inputs is drawn here.
    correlated: Vec<bool>,
}

impl Copula {
    /// The copula of `scenario`'s correlations, over the model's drawn inputs
    /// (named by path, in slot order); `None` without correlations.
    pub fn new<'a>(
        scenario: &Scenario,
        slots: impl Iterator<Item = &'a str> + Clone,
    ) -> Option<Copula> {
        if scenario.correlations.is_empty() {
            return None;
        }
        let count = slots.clone().count();
        let mut correlated = vec![false; count];
        let mut built = Vec::new();
        for group in groups(&scenario.correlations) {
            let mut inputs = Vec::new();
            for path in &group.inputs {
                // The reader checked every path is an uncertain input.
                let slot = slots.clone().position(|s| s == path)?;
                let Uncertain { distribution, .. } =
                    scenario.uncertain.iter().find(|u| u.path == *path)?;
                correlated[slot] = true;
                inputs.push((slot, *distribution));
            }
            built.push(Group {
                inputs,
                factor: cholesky(&group.matrix),
            });
        }
        Some(Copula {
            groups: built,
            correlated,
        })
    }

    /// Whether input `slot` is drawn by the copula.
    pub fn draws(&self, slot: usize) -> bool {
        self.correlated.get(slot).copied().unwrap_or(false)
    }

    /// Draws every correlated input into its slot of `draws`.
    pub fn draw(&self, rng: &mut Rng, draws: &mut [f64]) {
        for (g, group) in self.groups.iter().enumerate() {
            self.draw_group(g, rng, |i, x| draws[group.inputs[i].0] = x);
        }
    }

    /// How many groups of inputs are drawn together.
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// The slots of group `g`'s inputs, in the order [`Copula::draw_group`]
    /// gives them.
    pub fn slots(&self, g: usize) -> Vec<usize> {
        self.groups.get(g).map_or_else(Vec::new, |group| {
            group.inputs.iter().map(|(s, _)| *s).collect()
        })
    }

    /// What group `g`'s joint draws depend on besides its inputs'
    /// distributions (its copula's factor), as text for a stream key.
    pub fn describe_group(&self, g: usize) -> String {
        self.groups
            .get(g)
            .map_or_else(String::new, |group| format!("{:?}", group.factor))
    }

    /// One joint draw of group `g` from `rng`: `put(i, value)` for its `i`th
    /// input. The one place correlated inputs are drawn, for `simulate`
    /// (through [`Copula::draw`]) and `voi` (which keeps each group's draws
    /// in a stream of their own).
    pub fn draw_group(&self, g: usize, rng: &mut Rng, mut put: impl FnMut(usize, f64)) {
        let Some(group) = self.groups.get(g) else {
            return;
        };
        // The normals of a group: on the stack for the usual few inputs, so
        // a draw allocates nothing.
        let mut stack = [0.0; 8];
        let mut heap;
        let n = group.inputs.len();
        let z: &mut [f64] = if n <= stack.len() {
            &mut stack[..n]
        } else {
            heap = vec![0.0; n];
            &mut heap
        };
        z.iter_mut().for_each(|z| *z = rng.normal());
        for (i, (_, distribution)) in group.inputs.iter().enumerate() {
            let row = &group.factor[i];
            let x: f64 = (0..=i).map(|k| row[k] * z[k]).sum();
            // Quantities that cannot be negative, as for independent draws.
            put(i, marginal(distribution, x).max(0.0));
        }
    }
}

/// The value of `distribution` at the standard normal `x`: its quantile at
/// Φ(x), taken straight from `x` for the normal and lognormal (no round trip
/// through Φ, exact in the tails).
fn marginal(distribution: &Distribution, x: f64) -> f64 {
    match *distribution {
        Distribution::Normal { low, high } => {
            let (mu, sigma) = Distribution::normal_parameters(low, high);
            mu + sigma * x
        }
        Distribution::LogNormal { low, high } => {
            let (mu, sigma) = Distribution::normal_parameters(low.ln(), high.ln());
            super::sample::exp_one(mu + sigma * x)
        }
        _ => distribution.quantile(normal_cdf(x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_normal_cdf_has_its_textbook_values() {
        // Φ(0) = 1/2; Φ(1.959964) = 0.975; Φ(−1.644854) = 0.05.
        assert_eq!(normal_cdf(0.0), 0.5);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-15);
        assert!((normal_cdf(-1.644_853_626_951_472_2) - 0.05).abs() < 1e-15);
    }

    #[test]
    fn each_marginal_is_its_distribution_at_the_normals_quantile() {
        // At x = Φ⁻¹(p), every family gives its own p-quantile.
        let families = [
            Distribution::LogNormal {
                low: 500.0,
                high: 900.0,
            },
            Distribution::Normal {
                low: 10.0,
                high: 20.0,
            },
            Distribution::Uniform { min: 2.0, max: 4.0 },
            Distribution::Triangular {
                min: 0.0,
                mode: 3.0,
                max: 12.0,
            },
            Distribution::Pert {
                min: 0.0,
                mode: 3.0,
                max: 12.0,
            },
            Distribution::Beta {
                alpha: 2.0,
                beta: 5.0,
            },
        ];
        for d in families {
            for p in [0.05, 0.3, 0.5, 0.9] {
                let x = crate::model::distribution::normal_quantile(p);
                let got = marginal(&d, x);
                let want = d.quantile(p);
                assert!(
                    (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                    "{d:?} {p}: {got} vs {want}"
                );
            }
        }
    }
}
