/*!
Uncertain inputs: the probability distributions a scenario may give instead of
a number (`amount = { low = 5_000_000, high = 9_000_000 }`).

This module defines the distributions and their exact properties (mean,
quantiles), used for the base case of deterministic commands and for
`tornado`; `simulate` draws from them (`crate::analysis::simulate::sample`). Parameters
are `f64` for sampling; a scenario's inputs also keep each parameter as
written ([`Written`]), to echo it and to compute the base case exactly
([`Distribution::exact_mean`]).

`low`/`high` are a 90% interval, as in Squiggle and squigglepy (`500 to 900`):
the 5th and 95th percentiles.
*/

use std::f64::consts::PI;

use rust_decimal::Decimal;

use crate::money::rounding::round_half_away;
use crate::money::rounding::{COMPUTED_DIGITS, NotDecimal, significant_to};

/// The z-score of the 95th percentile of a standard normal: a 90% interval is
/// μ ± 1.6448536269514722 σ.
pub const Z95: f64 = 1.644_853_626_951_472_2;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// Lognormal with 5th and 95th percentiles `low` and `high` (both > 0).
    LogNormal {
        low: f64,
        high: f64,
    },
    /// Normal with 5th and 95th percentiles `low` and `high`.
    Normal {
        low: f64,
        high: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Beta-PERT on [min, max] with the given mode (shape 4).
    Pert {
        min: f64,
        mode: f64,
        max: f64,
    },
    Beta {
        alpha: f64,
        beta: f64,
    },
}

/// The `f64` nearest to an exact decimal, as the number's text reads in
/// floating point: `1e-28` stays `1e-28` (`rust_decimal`'s own conversion is
/// off by a unit in the last place, which shows once echoed).
pub fn nearest_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(f64::NAN)
}

/// An input given in floating point, as its shortest text that reads back as
/// the same number: `1e-28`, `0.43`, `4760000`, `7e28`. Plain digits from
/// 10^-5 to 10^16, where they are short; scientific notation outside.
pub fn shortest(value: f64) -> String {
    let size = value.abs();
    if value == 0.0 || (1e-5..1e16).contains(&size) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

/// Which input of a scenario a distribution is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// `cost[i].amount`, `i` from 0.
    CostAmount(usize),
    /// `cost[i].years`.
    CostYears(usize),
    Removals,
    Planned,
    BlockProbability,
    Attempted,
    Blocked,
    BaselineCostPerPerson,
}

/// A distribution's parameter as the file gives it: its text, and the exact
/// decimal it reads as (the `f64` in [`Distribution`] is the nearest to it).
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub text: String,
    pub exact: Decimal,
}

/// An uncertain input: where it is, how it is distributed, and the base case
/// the deterministic commands use in its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    /// As in `--set`: `cost[1].amount`, `outcomes.planned`.
    pub path: String,
    pub input: Input,
    pub distribution: Distribution,
    /// The parameters as written, in the order the family takes them.
    pub written: Vec<Written>,
}

impl Uncertain {
    /// [`Distribution::describe`] with the parameters as the file writes them.
    pub fn describe(&self) -> String {
        self.distribution.describe_as(&self.written)
    }
}

impl Distribution {
    /// The name of the family, as written after `dist =`.
    pub fn family(&self) -> &'static str {
        match self {
            Distribution::LogNormal { .. } => "lognormal",
            Distribution::Normal { .. } => "normal",
            Distribution::Uniform { .. } => "uniform",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Pert { .. } => "pert",
            Distribution::Beta { .. } => "beta",
        }
    }

    /// The parameters, in the order the family takes them (as after `dist =`).
    fn parameters(&self) -> Vec<f64> {
        match *self {
            Distribution::LogNormal { low, high } | Distribution::Normal { low, high } => {
                vec![low, high]
            }
            Distribution::Uniform { min, max } => vec![min, max],
            Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max } => {
                vec![min, mode, max]
            }
            Distribution::Beta { alpha, beta } => vec![alpha, beta],
        }
    }

    /// "lognormal, 90% interval 500 to 900", for notes and `show`: each
    /// parameter in its shortest form (`1e-28`, not 28 zeros).
    pub fn describe(&self) -> String {
        self.describe_as(&[])
    }

    /// [`Self::describe`] with the parameters as `written` (none: shortest).
    pub fn describe_as(&self, written: &[Written]) -> String {
        let n: Vec<String> = self
            .parameters()
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                written
                    .get(i)
                    .map_or_else(|| shortest(value), |w| w.text.clone())
            })
            .collect();
        match self {
            Distribution::LogNormal { .. } => {
                format!("lognormal, 90% interval {} to {}", n[0], n[1])
            }
            Distribution::Normal { .. } => format!("normal, 90% interval {} to {}", n[0], n[1]),
            Distribution::Uniform { .. } => format!("uniform from {} to {}", n[0], n[1]),
            Distribution::Triangular { .. } => {
                format!("triangular from {} to {}, mode {}", n[0], n[2], n[1])
            }
            Distribution::Pert { .. } => format!("PERT from {} to {}, mode {}", n[0], n[2], n[1]),
            Distribution::Beta { .. } => format!("beta({}, {})", n[0], n[1]),
        }
    }

    /// The mean as an exact decimal, rounded to `decimals` places (at most
    /// 13): from the parameters as `written` wherever the mean is rational in
    /// them; a lognormal's (an exponential) from floating point, to the 15
    /// significant digits it carries. `TooLarge` if it overflows a decimal.
    pub fn exact_mean(&self, written: &[Written], decimals: u32) -> Result<Decimal, NotDecimal> {
        if written.len() != self.parameters().len() {
            return significant_to(self.mean(), COMPUTED_DIGITS, decimals);
        }
        let x: Vec<Decimal> = written.iter().map(|w| w.exact).collect();
        let mean = match self {
            Distribution::LogNormal { .. } => {
                return significant_to(self.mean(), COMPUTED_DIGITS, decimals);
            }
            Distribution::Normal { .. } | Distribution::Uniform { .. } => {
                weighted_mean(&[(1, x[0]), (1, x[1])], 2)
            }
            Distribution::Triangular { .. } => weighted_mean(&[(1, x[0]), (1, x[1]), (1, x[2])], 3),
            Distribution::Pert { .. } => weighted_mean(&[(1, x[0]), (4, x[1]), (1, x[2])], 6),
            Distribution::Beta { .. } => {
                let two = Decimal::TWO;
                // Halved when α + β overflows: the ratio is the same.
                (x[0].checked_add(x[1]).and_then(|sum| x[0].checked_div(sum))).or_else(|| {
                    let (a, b) = (x[0].checked_div(two)?, x[1].checked_div(two)?);
                    a.checked_div(a.checked_add(b)?)
                })
            }
        };
        let mean = mean.ok_or(NotDecimal::TooLarge)?;
        Ok(round_half_away(mean, decimals).normalize())
    }

    /// (μ, σ) of the underlying normal of a lognormal, or of a normal.
    pub fn normal_parameters(low: f64, high: f64) -> (f64, f64) {
        ((low + high) / 2.0, (high - low) / (2.0 * Z95))
    }

    /// (α, β) of the beta distribution behind a PERT on [min, max].
    pub fn pert_shape(min: f64, mode: f64, max: f64) -> (f64, f64) {
        let range = max - min;
        (
            1.0 + 4.0 * (mode - min) / range,
            1.0 + 4.0 * (max - mode) / range,
        )
    }

    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::LogNormal { low, high } => {
                let (mu, sigma) = Self::normal_parameters(low.ln(), high.ln());
                (mu + sigma * sigma / 2.0).exp()
            }
            Distribution::Normal { low, high } => (low + high) / 2.0,
            Distribution::Uniform { min, max } => (min + max) / 2.0,
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
            Distribution::Beta { alpha, beta } => alpha / (alpha + beta),
        }
    }

    /// The value below which a share `p` (0 < p < 1) of draws fall.
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            // The 5th and 95th percentiles are the parameters themselves.
            Distribution::LogNormal { low, .. } | Distribution::Normal { low, .. } if p == 0.05 => {
                low
            }
            Distribution::LogNormal { high, .. } | Distribution::Normal { high, .. }
                if p == 0.95 =>
            {
                high
            }
            Distribution::LogNormal { low, high } => {
                let (mu, sigma) = Self::normal_parameters(low.ln(), high.ln());
                (mu + sigma * normal_quantile(p)).exp()
            }
            Distribution::Normal { low, high } => {
                let (mu, sigma) = Self::normal_parameters(low, high);
                mu + sigma * normal_quantile(p)
            }
            Distribution::Uniform { min, max } => min + p * (max - min),
            Distribution::Triangular { min, mode, max } => {
                let split = (mode - min) / (max - min);
                if p < split {
                    min + (p * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - p) * (max - min) * (max - mode)).sqrt()
                }
            }
            Distribution::Pert { min, mode, max } => {
                let (alpha, beta) = Self::pert_shape(min, mode, max);
                min + (max - min) * beta_quantile(p, alpha, beta)
            }
            Distribution::Beta { alpha, beta } => beta_quantile(p, alpha, beta),
        }
    }
}

/// Σ weight × value / divisor (the weights sum to `divisor`), checked. When
/// the sum overflows (values near the largest decimal), it is taken as the
/// first value plus the weighted mean of the others' distances from it, which
/// is the same number and fits whenever the mean does.
fn weighted_mean(terms: &[(u32, Decimal)], divisor: u32) -> Option<Decimal> {
    let divisor = Decimal::from(divisor);
    let mean_from = |origin: Decimal| {
        terms
            .iter()
            .try_fold(Decimal::ZERO, |sum, &(weight, value)| {
                sum.checked_add(
                    value
                        .checked_sub(origin)?
                        .checked_mul(Decimal::from(weight))?,
                )
            })?
            .checked_div(divisor)?
            .checked_add(origin)
    };
    mean_from(Decimal::ZERO).or_else(|| mean_from(terms.first()?.1))
}

/// What values an input can take, for checking its distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// 0 or more: amounts.
    Amount,
    /// More than 0: years, the baseline's cost per person.
    Positive,
    /// 0 or more, whole in the file (a distribution may be continuous).
    Count,
    /// From 0 to 1.
    Probability,
}

/// What is wrong with a distribution for a quantity: (index of the parameter
/// to point at, message, help). Parameters are quoted as `written` (none:
/// their shortest form), and an order is checked on the exact decimals
/// written, so that two values floating point cannot tell apart are named as
/// such rather than as equal.
pub fn distribution_problem(
    distribution: &Distribution,
    quantity: Quantity,
    written: &[Written],
) -> Option<(Option<usize>, String, String)> {
    let bad = |i: usize, message: String, help: &str| Some((Some(i), message, help.to_string()));
    let values = distribution.parameters();
    let t = |i: usize| {
        written
            .get(i)
            .map_or_else(|| shortest(values[i]), |w| w.text.clone())
    };
    // `lower` is below `upper` as written, yet not once in floating point.
    let apart = |lower: usize, upper: usize| {
        written
            .get(lower)
            .zip(written.get(upper))
            .is_some_and(|(l, u)| l.exact < u.exact)
    };
    let unordered = |lower: (usize, &str), upper: (usize, &str), help: &str| {
        let (l, u) = (lower.0, upper.0);
        if apart(l, u) {
            return bad(
                u,
                format!(
                    "`{}` ({}) and `{}` ({}) differ only beyond the 15 to 17 significant digits \
                     that sampling (in floating point) can tell apart",
                    upper.1,
                    t(u),
                    lower.1,
                    t(l)
                ),
                "widen the range, or give the value as a plain number if it is this certain",
            );
        }
        bad(
            u,
            format!(
                "`{}` ({}) must be more than `{}` ({})",
                upper.1,
                t(u),
                lower.1,
                t(l)
            ),
            help,
        )
    };
    let min_max_help = "write the smallest value as `min` and the largest as `max`";
    match *distribution {
        Distribution::LogNormal { low, high } | Distribution::Normal { low, high } => {
            let lognormal = matches!(distribution, Distribution::LogNormal { .. });
            if low >= high {
                return unordered(
                    (0, "low"),
                    (1, "high"),
                    "write the 5th percentile as `low` and the 95th as `high`",
                );
            }
            if quantity == Quantity::Probability {
                return Some((None, format!("a {} distribution can fall outside 0 to 1, so it cannot describe a probability", distribution.family()), "use dist = \"beta\" (alpha, beta), or \"uniform\", \"triangular\" or \"pert\" between 0 and 1".into()));
            }
            if lognormal && low <= 0.0 {
                return bad(
                    0,
                    format!("a lognormal's `low` must be more than 0, found {}", t(0)),
                    "a lognormal is positive; for a range that starts at 0 use dist = \"uniform\", \"triangular\" or \"pert\"",
                );
            }
            if !lognormal && low < 0.0 {
                return bad(
                    0,
                    format!(
                        "the 90% interval goes below 0 (low = {}), which this value cannot",
                        t(0)
                    ),
                    "raise `low` to 0 or more, or use a lognormal",
                );
            }
        }
        Distribution::Uniform { min, max } => {
            if min >= max {
                return unordered((0, "min"), (1, "max"), min_max_help);
            }
        }
        Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max } => {
            if min >= max {
                return unordered((0, "min"), (2, "max"), min_max_help);
            }
            if mode < min || mode > max {
                return bad(
                    1,
                    format!(
                        "`mode` ({}) must be between `min` ({}) and `max` ({})",
                        t(1),
                        t(0),
                        t(2)
                    ),
                    "the mode is the most likely value, within the range",
                );
            }
        }
        Distribution::Beta { alpha, beta } => {
            if alpha <= 0.0 {
                return bad(
                    0,
                    format!("`alpha` must be more than 0, found {}", t(0)),
                    "beta(alpha, beta) has mean alpha / (alpha + beta); beta(2, 5) has mean 2/7",
                );
            }
            if beta <= 0.0 {
                return bad(
                    1,
                    format!("`beta` must be more than 0, found {}", t(1)),
                    "beta(alpha, beta) has mean alpha / (alpha + beta); beta(2, 5) has mean 2/7",
                );
            }
        }
    }
    let (min, max, max_at) = match *distribution {
        Distribution::Uniform { min, max } => (min, max, 1),
        Distribution::Triangular { min, max, .. } | Distribution::Pert { min, max, .. } => {
            (min, max, 2)
        }
        _ => return None,
    };
    match quantity {
        Quantity::Probability if min < 0.0 || max > 1.0 => Some((
            None,
            format!(
                "a probability must stay between 0 and 1, but this range is {} to {}",
                t(0),
                t(max_at)
            ),
            "give `min` and `max` between 0 and 1".into(),
        )),
        Quantity::Positive if min <= 0.0 => bad(
            0,
            format!("`min` must be more than 0, found {}", t(0)),
            "this value cannot be 0 or less",
        ),
        Quantity::Amount | Quantity::Count if min < 0.0 => bad(
            0,
            format!("`min` must be 0 or more, found {}", t(0)),
            "this value cannot be negative",
        ),
        _ => None,
    }
}

/// A distribution from its family (`None`: a lognormal, given `low` and
/// `high`) and named parameters, checked for `quantity`; the error says what
/// is wrong. (The scenario reader has its own, which points at each parameter.)
pub fn build(
    family: Option<&str>,
    parameters: &[(&str, f64)],
    quantity: Quantity,
) -> Result<Distribution, String> {
    let family = family.unwrap_or("lognormal");
    let names: &[&str] = match family {
        "lognormal" | "normal" => &["low", "high"],
        "uniform" => &["min", "max"],
        "triangular" | "pert" => &["min", "mode", "max"],
        "beta" => &["alpha", "beta"],
        other => {
            return Err(format!(
                "unknown distribution \"{other}\" (use lognormal, normal, uniform, triangular, pert or beta)"
            ));
        }
    };
    if let Some((extra, _)) = parameters.iter().find(|(name, _)| !names.contains(name)) {
        return Err(format!(
            "a {family} distribution has no `{extra}`; it takes {}",
            names.join(", ")
        ));
    }
    let get = |name: &str| {
        parameters
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| format!("the {family} distribution needs `{name}`"))
    };
    let distribution = match family {
        "lognormal" => Distribution::LogNormal {
            low: get("low")?,
            high: get("high")?,
        },
        "normal" => Distribution::Normal {
            low: get("low")?,
            high: get("high")?,
        },
        "uniform" => Distribution::Uniform {
            min: get("min")?,
            max: get("max")?,
        },
        "triangular" => Distribution::Triangular {
            min: get("min")?,
            mode: get("mode")?,
            max: get("max")?,
        },
        "pert" => Distribution::Pert {
            min: get("min")?,
            mode: get("mode")?,
            max: get("max")?,
        },
        _ => Distribution::Beta {
            alpha: get("alpha")?,
            beta: get("beta")?,
        },
    };
    match distribution_problem(&distribution, quantity, &[]) {
        Some((_, message, help)) => Err(format!("{message} ({help})")),
        None => Ok(distribution),
    }
}

/// The standard normal's quantile (Acklam's rational approximation, relative
/// error below 1.15e-9: ample for a tornado's bars and a show's summary).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    if p < 0.02425 {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - 0.02425 {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms).
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = G[0];
    for (i, g) in G.iter().enumerate().skip(1) {
        sum += g / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularized incomplete beta function I_x(a, b) (continued fraction,
/// modified Lentz, as in Numerical Recipes).
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = f64::from(m);
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        for numerator in [
            even,
            -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0)),
        ] {
            d = 1.0 + numerator * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + numerator / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The beta distribution's quantile, by bisection on its CDF (to 1e-12).
pub fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let (mut low, mut high) = (0.0, 1.0);
    for _ in 0..60 {
        let middle = (low + high) / 2.0;
        if beta_cdf(middle, a, b) < p {
            low = middle;
        } else {
            high = middle;
        }
    }
    (low + high) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_given_in_floating_point_are_echoed_in_their_shortest_form() {
        assert_eq!(shortest(1e-28), "1e-28");
        assert_eq!(shortest(2e-22), "2e-22");
        assert_eq!(shortest(7e28), "7e28");
        assert_eq!(shortest(0.43), "0.43");
        assert_eq!(shortest(4_760_000.0), "4760000");
        assert_eq!(shortest(0.0), "0");
        assert_eq!(shortest(-1.5), "-1.5");
    }

    #[test]
    fn a_parameter_is_the_nearest_f64_to_its_decimal() {
        // rust_decimal's own conversion gives 1.0000000000000001e-28, which
        // `show` echoed as 0.00000000000000000000000000010000000000000001.
        let written = Decimal::from_scientific("1e-28").unwrap();
        assert_eq!(nearest_f64(written), 1e-28);
        assert_eq!(shortest(nearest_f64(written)), "1e-28");
        assert_eq!(nearest_f64(Decimal::new(43, 2)), 0.43);
    }

    /// Parameters as a file writes them.
    fn written(texts: &[&str]) -> Vec<Written> {
        texts
            .iter()
            .map(|t| Written {
                text: t.to_string(),
                exact: Decimal::from_scientific(t).or_else(|_| t.parse()).unwrap(),
            })
            .collect()
    }

    fn exact_mean(distribution: Distribution, texts: &[&str], decimals: u32) -> String {
        distribution
            .exact_mean(&written(texts), decimals)
            .unwrap()
            .to_string()
    }

    #[test]
    fn a_rational_mean_is_exact_in_the_parameters_written() {
        // Uniform: (7e28 + 7.000001e28) / 2 = 7.0000005e28 (f64: ...4999999993932131860480).
        let uniform = Distribution::Uniform {
            min: 7e28,
            max: 7.000_001e28,
        };
        assert_eq!(
            exact_mean(uniform, &["7e28", "7.000001e28"], 6),
            "70000005000000000000000000000"
        );
        // PERT(0, 3, 12): (0 + 4 × 3 + 12) / 6 = 4.
        let pert = Distribution::Pert {
            min: 0.0,
            mode: 3.0,
            max: 12.0,
        };
        assert_eq!(exact_mean(pert, &["0", "3", "12"], 6), "4");
        // Triangular(0.1, 0.2, 0.4): 0.7 / 3 = 0.2333… → 0.233333 at 6 places.
        let triangular = Distribution::Triangular {
            min: 0.1,
            mode: 0.2,
            max: 0.4,
        };
        assert_eq!(
            exact_mean(triangular, &["0.1", "0.2", "0.4"], 6),
            "0.233333"
        );
        // Beta(2, 5): 2/7 = 0.2857142… → 0.285714; beta(7e28, 7e28), whose
        // α + β overflows: 1/2.
        let beta = Distribution::Beta {
            alpha: 2.0,
            beta: 5.0,
        };
        assert_eq!(exact_mean(beta, &["2", "5"], 6), "0.285714");
        let beta = Distribution::Beta {
            alpha: 7e28,
            beta: 7e28,
        };
        assert_eq!(exact_mean(beta, &["7e28", "7e28"], 6), "0.5");
        // A normal's mean at 0 places (a count): (1 + 2) / 2 = 1.5 → 2.
        let normal = Distribution::Normal {
            low: 1.0,
            high: 2.0,
        };
        assert_eq!(exact_mean(normal, &["1", "2"], 0), "2");
        // PERT(7e28, 7.9e28, 7.9e28): 4 × 7.9e28 overflows on the way; the
        // mean, 7e28 + (4 × 0.9e28 + 0.9e28) / 6 = 7.75e28, does not.
        let pert = Distribution::Pert {
            min: 7e28,
            mode: 7.9e28,
            max: 7.9e28,
        };
        assert_eq!(
            exact_mean(pert, &["7e28", "7.9e28", "7.9e28"], 6),
            "77500000000000000000000000000"
        );
    }

    #[test]
    fn parameters_are_described_as_written() {
        let d = Distribution::Triangular {
            min: 1000.0,
            mode: 1500.0,
            max: 2000.0,
        };
        assert_eq!(
            d.describe_as(&written(&["1e3", "1_500", "2E3"])),
            "triangular from 1e3 to 2E3, mode 1_500"
        );
        assert_eq!(d.describe(), "triangular from 1000 to 2000, mode 1500");
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(1.0)
    }

    #[test]
    fn a_lognormal_has_its_90_percent_interval_and_the_textbook_mean() {
        // 500 to 900: μ = (ln 500 + ln 900) / 2 = ln √450,000 = ln 670.82,
        // σ = (ln 900 − ln 500) / (2 × 1.644854) = 0.587787 / 3.289707 = 0.178675;
        // mean = exp(μ + σ²/2) = 670.820 × exp(0.015962) = 681.614.
        let d = Distribution::LogNormal {
            low: 500.0,
            high: 900.0,
        };
        assert!(close(d.quantile(0.05), 500.0, 1e-9), "{}", d.quantile(0.05));
        assert!(close(d.quantile(0.95), 900.0, 1e-9), "{}", d.quantile(0.95));
        assert!(close(d.mean(), 681.614, 1e-5), "{}", d.mean());
    }

    #[test]
    fn means_of_the_other_families() {
        // Beta(2, 5): 2 / 7. PERT(0, 3, 12): (0 + 12 + 12) / 6 = 4.
        // Triangular(0, 3, 12): 15 / 3 = 5. Uniform(2, 4): 3. Normal 10 to 20: 15.
        assert!(close(
            Distribution::Beta {
                alpha: 2.0,
                beta: 5.0
            }
            .mean(),
            2.0 / 7.0,
            1e-15
        ));
        let pert = Distribution::Pert {
            min: 0.0,
            mode: 3.0,
            max: 12.0,
        };
        assert!(close(pert.mean(), 4.0, 1e-15));
        let triangular = Distribution::Triangular {
            min: 0.0,
            mode: 3.0,
            max: 12.0,
        };
        assert!(close(triangular.mean(), 5.0, 1e-15));
        assert!(close(
            Distribution::Uniform { min: 2.0, max: 4.0 }.mean(),
            3.0,
            1e-15
        ));
        assert!(close(
            Distribution::Normal {
                low: 10.0,
                high: 20.0
            }
            .mean(),
            15.0,
            1e-15
        ));
    }

    #[test]
    fn quantiles_invert_the_distribution_functions() {
        // Φ⁻¹(0.975) = 1.959964; Φ⁻¹(0.05) = −1.644854 (Acklam: 1.15e-9 relative).
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_054, 1e-8));
        assert!(close(normal_quantile(0.05), -Z95, 1e-8));
        // A lognormal's median is the geometric mean of its 90% interval: √(500 × 900).
        let d = Distribution::LogNormal {
            low: 500.0,
            high: 900.0,
        };
        assert!(close(d.quantile(0.5), 450_000f64.sqrt(), 1e-8));
        // Beta(2, 5): I_x(2, 5) = 1 − (1 − x)^5 (1 + 5x) [the CDF of a beta(2, 5)
        // in closed form]; at x = 0.2: 1 − 0.32768 × 2 = 0.34464.
        assert!(close(beta_cdf(0.2, 2.0, 5.0), 0.344_64, 1e-12));
        assert!(close(beta_quantile(0.344_64, 2.0, 5.0), 0.2, 1e-9));
        // Beta(1, 1) is uniform: its median is 0.5.
        assert!(close(beta_quantile(0.5, 1.0, 1.0), 0.5, 1e-9));
        // Triangular(0, 0, 1): F(x) = 1 − (1 − x)², so the median is 1 − √0.5.
        let triangular = Distribution::Triangular {
            min: 0.0,
            mode: 0.0,
            max: 1.0,
        };
        assert!(close(triangular.quantile(0.5), 1.0 - 0.5f64.sqrt(), 1e-12));
    }
}
