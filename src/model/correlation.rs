/*!
Correlated inputs: a scenario's `[[correlation]]` tables, and the matrices
`simulate` draws them with.

A table gives the Spearman rank correlation of two or more uncertain inputs
(`inputs = ["outcomes.planned", "outcomes.block_probability"]`, `rank = -0.5`).
`simulate` imposes it with a Gaussian copula (see
`crate::analysis::simulate::correlate`): correlated standard normals, each
turned into its input by the input's own quantile function, so every input
keeps its distribution exactly. For a Gaussian copula the normals' Pearson
correlation `r` and the inputs' Spearman `ρs` are tied exactly by
`r = 2 sin(π ρs / 6)`, whatever the marginals.

Inputs linked through any chain of tables form one [`Group`], drawn together
from one matrix; pairs no table names are uncorrelated within it.
*/

use std::f64::consts::PI;

/// One `[[correlation]]` table: every pair of its inputs has rank correlation `rank`.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    /// Paths as in `--set` (`outcomes.planned`, `cost[1].amount`), all uncertain.
    pub inputs: Vec<String>,
    /// Spearman's ρ, from −1 to 1.
    pub rank: f64,
    /// `rank` as the file writes it, to echo.
    pub rank_text: String,
}

impl Correlation {
    /// "outcomes.planned and outcomes.block_probability: rank correlation -0.5",
    /// for `show` and the report.
    pub fn describe(&self) -> String {
        let names = match self.inputs.as_slice() {
            [a, b] => format!("{a} and {b}"),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => String::new(),
        };
        format!("{names}: rank correlation {}", self.rank_text)
    }
}

/// The Pearson correlation of the Gaussian copula's normals that gives the
/// rank correlation `rank` (Spearman's ρ) between any two continuous inputs.
pub fn copula_pearson(rank: f64) -> f64 {
    2.0 * (PI * rank / 6.0).sin()
}

/// Inputs drawn together, and the copula's correlation matrix among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub inputs: Vec<String>,
    /// `matrix[i][j]`: the copula's Pearson correlation of inputs `i` and `j`.
    pub matrix: Vec<Vec<f64>>,
    /// The tables (indices into the scenario's correlations) that built it.
    pub tables: Vec<usize>,
}

/// Groups the inputs of `correlations` into connected sets, each with its
/// matrix; groups in order of their first table, inputs in order of mention.
pub fn groups(correlations: &[Correlation]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (table, correlation) in correlations.iter().enumerate() {
        // Every group that shares an input with this table merges into the first.
        let touching: Vec<usize> = (0..groups.len())
            .filter(|&g| {
                correlation
                    .inputs
                    .iter()
                    .any(|i| groups[g].inputs.contains(i))
            })
            .collect();
        let mut group = Group {
            inputs: Vec::new(),
            matrix: Vec::new(),
            tables: Vec::new(),
        };
        for &g in touching.iter().rev() {
            let old = groups.remove(g);
            group.tables.extend(old.tables);
        }
        group.tables.push(table);
        group.tables.sort_unstable();
        for &t in &group.tables {
            for input in &correlations[t].inputs {
                if !group.inputs.contains(input) {
                    group.inputs.push(input.clone());
                }
            }
        }
        let n = group.inputs.len();
        group.matrix = vec![vec![0.0; n]; n];
        for (i, row) in group.matrix.iter_mut().enumerate() {
            row[i] = 1.0;
        }
        for &t in &group.tables {
            let c = &correlations[t];
            let r = copula_pearson(c.rank);
            for a in &c.inputs {
                for b in &c.inputs {
                    let i = group.inputs.iter().position(|x| x == a).unwrap_or(0);
                    let j = group.inputs.iter().position(|x| x == b).unwrap_or(0);
                    if i != j {
                        group.matrix[i][j] = r;
                    }
                }
            }
        }
        let at = touching.first().copied().unwrap_or(groups.len());
        groups.insert(at.min(groups.len()), group);
    }
    groups
}

/// The smallest eigenvalue of a symmetric matrix (cyclic Jacobi rotations;
/// matrices here are a handful of inputs wide).
pub fn smallest_eigenvalue(matrix: &[Vec<f64>]) -> f64 {
    let n = matrix.len();
    let mut a: Vec<Vec<f64>> = matrix.to_vec();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q].abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // A ← Jᵀ A J: columns p and q, then rows p and q.
                for row in a.iter_mut() {
                    let (akp, akq) = (row[p], row[q]);
                    row[p] = c * akp - s * akq;
                    row[q] = s * akp + c * akq;
                }
                let (row_p, row_q) = (a[p].clone(), a[q].clone());
                let pairs = || row_p.iter().zip(&row_q);
                a[p] = pairs().map(|(x, y)| c * x - s * y).collect();
                a[q] = pairs().map(|(x, y)| s * x + c * y).collect();
            }
        }
    }
    (0..n).map(|i| a[i][i]).fold(f64::INFINITY, f64::min)
}

/// How far below zero an eigenvalue may be and still count as zero: rounding
/// in the sine and the rotations, far below any correlation a user writes.
pub const EIGENVALUE_TOLERANCE: f64 = 1e-10;

/// The lower-triangular `L` with `L Lᵀ = matrix`, for a positive
/// semi-definite matrix (a zero pivot, as with `rank = 1`, gives a zero
/// column: the input is then a copy of earlier ones).
pub fn cholesky(matrix: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = matrix.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                l[i][i] = (matrix[i][i] - sum).max(0.0).sqrt();
            } else if l[j][j] > 1e-12 {
                l[i][j] = (matrix[i][j] - sum) / l[j][j];
            }
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(inputs: &[&str], rank: f64) -> Correlation {
        Correlation {
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
            rank,
            rank_text: rank.to_string(),
        }
    }

    #[test]
    fn a_correlation_is_described_with_its_rank_as_written() {
        let mut c = table(&["outcomes.planned", "outcomes.block_probability"], -0.5);
        c.rank_text = "-0.50".into();
        assert_eq!(
            c.describe(),
            "outcomes.planned and outcomes.block_probability: rank correlation -0.50"
        );
        let c = table(&["a", "b", "c"], 0.3);
        assert_eq!(c.describe(), "a, b and c: rank correlation 0.3");
    }

    #[test]
    fn spearman_becomes_the_copulas_pearson() {
        // 2 sin(π × 0.5 / 6) = 2 sin(π/12) = 2 × 0.258819 = 0.517638.
        assert!((copula_pearson(0.5) - 0.517_638_090_205_041_5).abs() < 1e-12);
        assert!((copula_pearson(-0.5) + 0.517_638_090_205_041_5).abs() < 1e-12);
        // ±1 and 0 are fixed points: 2 sin(π/6) = 1.
        assert!((copula_pearson(1.0) - 1.0).abs() < 1e-12);
        assert_eq!(copula_pearson(0.0), 0.0);
    }

    #[test]
    fn tables_sharing_an_input_form_one_matrix() {
        let groups = groups(&[
            table(&["a", "b"], 0.5),
            table(&["c", "d"], 0.3),
            table(&["b", "e"], -0.5),
        ]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].inputs, ["a", "b", "e"]);
        assert_eq!(groups[0].tables, [0, 2]);
        let r = copula_pearson(0.5);
        assert_eq!(groups[0].matrix[0][1], r);
        assert_eq!(groups[0].matrix[1][2], -r);
        // a and e: no table names them, so uncorrelated.
        assert_eq!(groups[0].matrix[0][2], 0.0);
        assert_eq!(groups[1].inputs, ["c", "d"]);
    }

    #[test]
    fn the_smallest_eigenvalue_of_known_matrices() {
        // [[1, r], [r, 1]] has eigenvalues 1 ± r.
        let m = vec![vec![1.0, 0.6], vec![0.6, 1.0]];
        assert!((smallest_eigenvalue(&m) - 0.4).abs() < 1e-12);
        // Three inputs each correlated −0.9 with the others: eigenvalues
        // 1 + 2(−0.9) = −0.8 (once) and 1 + 0.9 = 1.9 (twice).
        let m = vec![
            vec![1.0, -0.9, -0.9],
            vec![-0.9, 1.0, -0.9],
            vec![-0.9, -0.9, 1.0],
        ];
        assert!((smallest_eigenvalue(&m) + 0.8).abs() < 1e-12);
    }

    #[test]
    fn cholesky_reproduces_its_matrix() {
        let m = vec![
            vec![1.0, 0.5, 0.2],
            vec![0.5, 1.0, -0.3],
            vec![0.2, -0.3, 1.0],
        ];
        let l = cholesky(&m);
        for i in 0..3 {
            for j in 0..3 {
                let product: f64 = (0..3).map(|k| l[i][k] * l[j][k]).sum();
                assert!((product - m[i][j]).abs() < 1e-12, "{i},{j}");
            }
        }
        // A perfect correlation: the second normal copies the first.
        let l = cholesky(&[vec![1.0, 1.0], vec![1.0, 1.0]]);
        assert_eq!(l, vec![vec![1.0, 0.0], vec![1.0, 0.0]]);
    }
}
