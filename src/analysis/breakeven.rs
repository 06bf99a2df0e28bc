/*!
Switching values: the value of one input at which a metric reaches a target.

Every metric of `compare` is a ratio of two quantities, `numerator ÷
denominator` (cost per removal is total cost ÷ removals; utilization is removals
÷ planned; total cost is total cost ÷ 1). For most inputs both are linear in
the input: total cost is linear in an amount, in removals and in the block
probability; removals are linear in planned and in the block probability. Then
`metric(x) = target` is `n₀ + n₁x = target × (d₀ + d₁x)`, solved exactly:
`x = (target × d₀ − n₀) ÷ (n₁ − target × d₁)`.

[`solve`] does not assume this: it evaluates the metric's parts at four equally
spaced values and checks, in exact decimal arithmetic, that both lie on
straight lines. If they do not (a discounted stream whose length varies, say),
it falls back to bisection and says so, with its tolerance.

The engine is pure: the caller supplies `evaluate`, which computes the
metric's parts for a value of the input (by setting it like `--set` would).
*/

use crate::money::rounding::round_half_away;
use rust_decimal::Decimal;

pub use crate::analysis::metrics::Metric;
use crate::money::arithmetic::{multiply, subtract};

/// The values an input may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Domain {
    pub min: Decimal,
    /// Whether `min` itself is allowed (0 removals yes; 0 years no).
    pub min_included: bool,
    pub max: Option<Decimal>,
    pub whole: bool,
}

impl Domain {
    /// The domain of the input at `path`, from its key (the last part).
    pub fn of(path: &str) -> Domain {
        let key = path.rsplit('.').next().unwrap_or(path);
        let any = Domain {
            min: Decimal::ZERO,
            min_included: true,
            max: None,
            whole: false,
        };
        match key {
            "block_probability" => Domain {
                max: Some(Decimal::ONE),
                ..any
            },
            "cost_per_person" | "years" => Domain {
                min_included: false,
                ..any
            },
            "removals"
            | "planned"
            | "attempted"
            | "blocked"
            | "people"
            | "voluntary_departures"
            | "offshore_transfers" => Domain { whole: true, ..any },
            _ => any,
        }
    }

    pub fn contains(&self, x: Decimal) -> bool {
        let above = if self.min_included {
            x >= self.min
        } else {
            x > self.min
        };
        above && self.max.is_none_or(|max| x <= max) && (!self.whole || x.fract().is_zero())
    }

    /// "0 or more", "from 0 to 1", "more than 0", for messages.
    pub fn describe(&self) -> String {
        let range = match (self.min_included, self.max) {
            (true, Some(max)) => format!("from {} to {max}", self.min),
            (true, None) => format!("{} or more", self.min),
            (false, _) => format!("more than {}", self.min),
        };
        if self.whole {
            format!("a whole number, {range}")
        } else {
            range
        }
    }

    /// Four equally spaced values in the domain, and their spacing.
    fn samples(&self) -> ([Decimal; 4], Decimal) {
        let (start, step) = match self.max {
            Some(max) => (self.min, (max - self.min) / Decimal::from(4)),
            None if self.min_included => (self.min, Decimal::ONE),
            None => (self.min + Decimal::ONE, Decimal::ONE),
        };
        let at = |i: i64| start + step * Decimal::from(i);
        ([at(0), at(1), at(2), at(3)], step)
    }
}

/// The answer to "at what value of the input does the metric reach the target?"
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Solution {
    /// Solved in closed form: the metric's parts are linear in the input.
    Exact {
        crossing: Crossing,
        /// For whole-number inputs: the nearest whole number that meets the target.
        whole: Option<Decimal>,
    },
    /// Found by bisection, to within `tolerance`.
    Numerical {
        crossing: Decimal,
        tolerance: Decimal,
        whole: Option<Decimal>,
    },
    /// No value in the domain reaches the target, and why.
    Never(String),
    /// The metric equals the target whatever the value.
    Always,
}

/// An exact crossing: `numerator ÷ denominator`, and that quotient as a
/// decimal (rounded to 28 significant digits when it does not terminate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossing {
    pub value: Decimal,
    pub rounded: bool,
    /// The exact value as a fraction in lowest terms, when it is not a terminating decimal.
    pub fraction: Option<(i128, i128)>,
}

/// Why a solve could not finish: evaluating the input failed, or arithmetic overflowed.
#[derive(Debug)]
pub enum SolveError<E> {
    Evaluate(E),
    /// The metric has no value at this input (e.g. no removals figure).
    Undefined(Decimal),
    Overflow,
}

impl<E> From<E> for SolveError<E> {
    fn from(error: E) -> Self {
        SolveError::Evaluate(error)
    }
}

/// Bisection stops when the interval is this narrow (absolute), or after
/// `MAX_BISECTIONS` (200) halvings.
pub const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 9);
const MAX_BISECTIONS: usize = 200;
/// How far bisection looks for a crossing in an unbounded domain.
pub const SEARCH_LIMIT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x38D7E, 0, false, 0); // 1e15

/// The value of the input at which `metric` reaches `target`. `evaluate(x)`
/// returns the metric's (numerator, denominator) with the input set to `x`.
pub fn solve<E>(
    metric: Metric,
    target: Decimal,
    domain: Domain,
    evaluate: impl Fn(Decimal) -> Result<Option<(Decimal, Decimal)>, E>,
) -> Result<Solution, SolveError<E>> {
    let parts = |x: Decimal| -> Result<(Decimal, Decimal), SolveError<E>> {
        evaluate(x)?.ok_or(SolveError::Undefined(x))
    };
    // Four equally spaced values the scenario accepts: from the bottom of the
    // domain, or, if a value there is invalid (`attempted` below `blocked`,
    // say), from 10, 100, ... above it.
    let (first, step) = domain.samples();
    let shifts: &[i64] = if domain.max.is_some() {
        &[0]
    } else {
        &[0, 10, 100, 1_000, 10_000, 1_000_000]
    };
    let mut found = None;
    let mut first_error = None;
    for shift in shifts {
        let xs = first.map(|x| x + Decimal::from(*shift));
        match xs.iter().map(|x| parts(*x)).collect::<Result<Vec<_>, _>>() {
            Ok(samples) => {
                found = Some((xs, samples));
                break;
            }
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    let Some((xs, samples)) = found else {
        return Err(first_error.expect("at least one start was tried"));
    };
    let linear = |f: &dyn Fn(&(Decimal, Decimal)) -> Decimal| {
        let v: Vec<Decimal> = samples.iter().map(f).collect();
        let d = v[1].checked_sub(v[0]);
        d.is_some() && d == v[2].checked_sub(v[1]) && d == v[3].checked_sub(v[2])
    };
    if linear(&|p| p.0) && linear(&|p| p.1) {
        return solve_linear(metric, target, domain, xs[0], step, &samples, &parts);
    }
    bisect(metric, target, domain, &parts)
}

fn solve_linear<E>(
    metric: Metric,
    target: Decimal,
    domain: Domain,
    start: Decimal,
    step: Decimal,
    samples: &[(Decimal, Decimal)],
    parts: &impl Fn(Decimal) -> Result<(Decimal, Decimal), SolveError<E>>,
) -> Result<Solution, SolveError<E>> {
    // Exact arithmetic throughout: a rounded intermediate would give a wrong
    // crossing that looks exact. The spacing is 1 or 1/4, so dividing by it is exact.
    let exact = |r: Result<Decimal, crate::money::arithmetic::Overflow>| {
        r.map_err(|_| SolveError::Overflow)
    };
    let per_step = |d: Decimal| {
        d.checked_div(step)
            .filter(|q| q.checked_mul(step) == Some(d))
            .ok_or(SolveError::Overflow)
    };
    // n(x) = n0 + n1·x and d(x) = d0 + d1·x.
    let n1 = per_step(exact(subtract(samples[1].0, samples[0].0, "slope"))?)?;
    let d1 = per_step(exact(subtract(samples[1].1, samples[0].1, "slope"))?)?;
    let n0 = exact(subtract(
        samples[0].0,
        exact(multiply(n1, start, "line"))?,
        "line",
    ))?;
    let d0 = exact(subtract(
        samples[0].1,
        exact(multiply(d1, start, "line"))?,
        "line",
    ))?;
    // n0 + n1·x = target·(d0 + d1·x)  ⇔  x·(n1 − target·d1) = target·d0 − n0
    let slope = exact(subtract(n1, exact(multiply(target, d1, "slope"))?, "slope"))?;
    let offset = exact(subtract(exact(multiply(target, d0, "line"))?, n0, "line"))?;
    // n(x) ∝ d(x): the metric is the same wherever it is defined (each removal
    // costing 10 gives a cost per removal of 10 for any number of removals).
    let cross = |a: Decimal, b: Decimal| exact(multiply(a, b, "check"));
    if cross(n1, d0)? == cross(n0, d1)? && !(d0.is_zero() && d1.is_zero()) {
        let constant = if d1.is_zero() {
            n0.checked_div(d0)
        } else {
            n1.checked_div(d1)
        }
        .ok_or(SolveError::Overflow)?;
        return Ok(if constant == target {
            Solution::Always
        } else {
            Solution::Never(format!(
                "{} is {} whatever the value of the input",
                metric.name(),
                round_half_away(constant, 6).normalize()
            ))
        });
    }
    if slope.is_zero() {
        return Ok(if offset.is_zero() {
            Solution::Always
        } else {
            Solution::Never(format!(
                "{} does not reach the target at any value: it changes with the input in step \
                 with the target, or not at all",
                metric.name()
            ))
        });
    }
    let value = offset.checked_div(slope).ok_or(SolveError::Overflow)?;
    // Exact when multiplying back gives the offset without rounding.
    let rounded = multiply(slope, value, "check").ok() != Some(offset);
    let crossing = Crossing {
        value,
        rounded,
        fraction: if rounded {
            fraction(offset, slope)
        } else {
            None
        },
    };
    let in_domain = {
        let unrounded_ok = Domain {
            whole: false,
            ..domain
        };
        unrounded_ok.contains(value)
    };
    if !in_domain {
        return Ok(Solution::Never(format!(
            "the target would need the input to be {}, but it must be {}",
            round_half_away(value, 6).normalize(),
            domain.describe()
        )));
    }
    // At the crossing the metric must be defined (a denominator of 0 would make
    // it n/a there, however the lines meet).
    let denominator = d1
        .checked_mul(value)
        .and_then(|v| v.checked_add(d0))
        .ok_or(SolveError::Overflow)?;
    if denominator <= Decimal::ZERO {
        return Ok(Solution::Never(format!(
            "{} is not defined where it would reach the target (the input at {})",
            metric.name(),
            value.normalize()
        )));
    }
    let whole = if domain.whole {
        nearest_whole_meeting(metric, target, domain, value, parts)?
    } else {
        None
    };
    Ok(Solution::Exact { crossing, whole })
}

/// Whether the metric, with these parts, meets the target.
fn meets(metric: Metric, target: Decimal, (numerator, denominator): (Decimal, Decimal)) -> bool {
    if denominator <= Decimal::ZERO {
        return false;
    }
    let Some(bar) = target.checked_mul(denominator) else {
        return false;
    };
    if metric.lower_is_better() {
        numerator <= bar
    } else {
        numerator >= bar
    }
}

/// Of the whole numbers either side of `crossing`, the one that meets the
/// target (the crossing itself when it is whole).
fn nearest_whole_meeting<E>(
    metric: Metric,
    target: Decimal,
    domain: Domain,
    crossing: Decimal,
    parts: &impl Fn(Decimal) -> Result<(Decimal, Decimal), SolveError<E>>,
) -> Result<Option<Decimal>, SolveError<E>> {
    let mut candidates = vec![crossing.floor(), crossing.ceil()];
    candidates.dedup();
    for candidate in candidates {
        if domain.contains(candidate) && meets(metric, target, parts(candidate)?) {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

/// `numerator ÷ denominator` in lowest terms, if both fit in 128-bit integers
/// once brought to the same scale.
fn fraction(numerator: Decimal, denominator: Decimal) -> Option<(i128, i128)> {
    let scale = numerator.scale().max(denominator.scale());
    let integer = |d: Decimal| -> Option<i128> {
        let factor = 10i128.checked_pow(scale - d.scale())?;
        d.mantissa().checked_mul(factor)
    };
    let (mut n, mut d) = (integer(numerator)?, integer(denominator)?);
    if d < 0 {
        n = n.checked_neg()?;
        d = d.checked_neg()?;
    }
    let divisor = gcd(n.unsigned_abs(), d.unsigned_abs());
    let divisor = i128::try_from(divisor).ok()?;
    Some((n / divisor, d / divisor))
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// `numerator − target × denominator`: its sign says which side of the target
/// the metric is on (where the denominator is positive).
fn gap<E>(
    target: Decimal,
    (numerator, denominator): (Decimal, Decimal),
) -> Result<Decimal, SolveError<E>> {
    target
        .checked_mul(denominator)
        .and_then(|v| numerator.checked_sub(v))
        .ok_or(SolveError::Overflow)
}

/// A crossing by bisection on `numerator − target × denominator`, for inputs
/// on which the metric is not a ratio of linear terms.
fn bisect<E>(
    metric: Metric,
    target: Decimal,
    domain: Domain,
    parts: &impl Fn(Decimal) -> Result<(Decimal, Decimal), SolveError<E>>,
) -> Result<Solution, SolveError<E>> {
    let low_end = if domain.min_included {
        domain.min
    } else {
        domain.min
            + if domain.whole {
                Decimal::ONE
            } else {
                TOLERANCE
            }
    };
    let mut low = low_end;
    let mut low_gap = gap(target, parts(low)?)?;
    if low_gap.is_zero() {
        return Ok(numerical(low, domain));
    }
    // Find a value on the other side of the target: the domain's top, or
    // (unbounded) 1, 10, 100, ... up to the search limit.
    let mut high = domain.max.unwrap_or(if low < Decimal::ONE {
        Decimal::ONE
    } else {
        low * Decimal::TEN
    });
    loop {
        // An input so large that the metric cannot be computed exactly (a
        // discount factor over centuries, say) is past any sensible answer.
        let high_gap = match parts(high).and_then(|p| gap(target, p)) {
            Ok(gap) => gap,
            Err(SolveError::Overflow | SolveError::Evaluate(_)) if domain.max.is_none() => {
                return Ok(Solution::Never(format!(
                    "{} does not reach the target for any value up to {} (searched \
                     numerically; at {} it can no longer be computed exactly)",
                    metric.name(),
                    low.normalize(),
                    high.normalize()
                )));
            }
            Err(error) => return Err(error),
        };
        if high_gap.is_zero() {
            return Ok(numerical(high, domain));
        }
        if high_gap.is_sign_negative() != low_gap.is_sign_negative() {
            break;
        }
        if domain.max.is_some() || high >= SEARCH_LIMIT {
            return Ok(Solution::Never(format!(
                "{} stays on one side of the target for every value from {} to {} \
                 (searched numerically)",
                metric.name(),
                low_end.normalize(),
                high.normalize()
            )));
        }
        low = high;
        low_gap = high_gap;
        high = high.checked_mul(Decimal::TEN).ok_or(SolveError::Overflow)?;
    }
    let tolerance = if domain.whole {
        Decimal::ONE
    } else {
        TOLERANCE
    };
    for _ in 0..MAX_BISECTIONS {
        if high - low <= tolerance {
            break;
        }
        // Midpoints rounded to 12 places: halving adds a decimal place each
        // time, and a 28-place input could not be multiplied exactly.
        let mut middle = ((low + high) / Decimal::TWO).round_dp(12);
        if domain.whole {
            middle = middle.floor();
        }
        let middle_gap = gap(target, parts(middle)?)?;
        if middle_gap.is_zero() {
            return Ok(numerical(middle, domain));
        }
        if middle_gap.is_sign_negative() == low_gap.is_sign_negative() {
            low = middle;
            low_gap = middle_gap;
        } else {
            high = middle;
        }
    }
    let crossing = (low + high) / Decimal::TWO;
    let whole = if domain.whole {
        [low, high]
            .into_iter()
            .find(|x| parts(*x).is_ok_and(|p| meets(metric, target, p)))
    } else {
        None
    };
    Ok(Solution::Numerical {
        crossing,
        tolerance,
        whole,
    })
}

/// A bisection that hit the target exactly at `x` (as exactly as the metric
/// is computed, so the tolerance is still stated).
fn numerical(x: Decimal, domain: Domain) -> Solution {
    Solution::Numerical {
        crossing: x,
        tolerance: if domain.whole {
            Decimal::ONE
        } else {
            TOLERANCE
        },
        whole: domain.whole.then_some(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    type Parts = Result<Option<(Decimal, Decimal)>, ()>;

    #[test]
    fn removals_needed_for_cost_per_removal_to_fall_to_a_target() {
        // Total cost 700,000,000 fixed, no per-removal cost; cost per removal
        // = 700,000,000 / x. Target 106,000: x = 700,000,000 / 106,000
        // = 350,000 / 53 = 6,603.77...: not a whole number and not a
        // terminating decimal. The first whole number at which cost per
        // removal is at or below 106,000 is 6,604 (700,000,000 / 6,604
        // = 105,996.37 ≤ 106,000, while / 6,603 = 106,012.42 > 106,000).
        let solution = solve(
            Metric::CostPerRemoval,
            d("106000"),
            Domain::of("outcomes.removals"),
            |x| -> Parts { Ok(Some((d("700000000"), x))) },
        )
        .unwrap();
        let Solution::Exact { crossing, whole } = solution else {
            panic!("{solution:?}");
        };
        assert!(crossing.rounded);
        assert_eq!(crossing.fraction, Some((350_000, 53)));
        assert_eq!(crossing.value.round_dp(6), d("6603.773585"));
        assert_eq!(whole, Some(d("6604")));
    }

    #[test]
    fn block_probability_at_which_cost_per_removal_reaches_a_target() {
        // Fixed 402,600,000 + 181,874 per removal; removals = 300 × (1 − p).
        // cost per removal = (402,600,000 + 181,874 × 300(1 − p)) / (300(1 − p)).
        // Set to 2,000,000: 402,600,000 = (2,000,000 − 181,874) × 300(1 − p)
        // ⇒ 1 − p = 402,600,000 / (1,818,126 × 300) = 402,600,000 / 545,437,800
        // ⇒ p = 142,837,800 / 545,437,800 = 238,063 / 909,063 ≈ 0.26188 (both
        // divided by 600; the two are then coprime, by Euclid's algorithm).
        let evaluate = |p: Decimal| -> Parts {
            let removals = d("300") * (Decimal::ONE - p);
            Ok(Some((d("402600000") + d("181874") * removals, removals)))
        };
        let solution = solve(
            Metric::CostPerRemoval,
            d("2000000"),
            Domain::of("outcomes.block_probability"),
            evaluate,
        )
        .unwrap();
        let Solution::Exact { crossing, whole } = solution else {
            panic!("{solution:?}");
        };
        assert_eq!(crossing.fraction, Some((238_063, 909_063)));
        assert_eq!(crossing.value.round_dp(5), d("0.26188"));
        assert_eq!(whole, None);
    }

    #[test]
    fn a_terminating_crossing_is_exact_and_whole() {
        // total = 1,000 + 10x; target total_cost 1,500 ⇒ x = 50 exactly.
        let solution = solve(
            Metric::TotalCost,
            d("1500"),
            Domain::of("outcomes.removals"),
            |x| -> Parts { Ok(Some((d("1000") + d("10") * x, Decimal::ONE))) },
        )
        .unwrap();
        assert_eq!(
            solution,
            Solution::Exact {
                crossing: Crossing {
                    value: d("50"),
                    rounded: false,
                    fraction: None
                },
                whole: Some(d("50"))
            }
        );
    }

    #[test]
    fn never_when_the_crossing_is_outside_the_domain_or_the_metric_is_flat() {
        // Each removal alone costs 181,874 > 106,000: cost per removal
        // (F + 181,874x)/x never falls to 106,000; the crossing would be
        // x = −F / 75,874 < 0.
        let never = solve(
            Metric::CostPerRemoval,
            d("106000"),
            Domain::of("outcomes.removals"),
            |x| -> Parts { Ok(Some((d("402600000") + d("181874") * x, x))) },
        )
        .unwrap();
        assert!(
            matches!(never, Solution::Never(ref why) if why.contains("0 or more")),
            "{never:?}"
        );
        // A metric that does not depend on the input: never, or always.
        let flat = |x: Decimal| -> Parts { Ok(Some((d("5") + x * Decimal::ZERO, Decimal::ONE))) };
        let never = solve(
            Metric::TotalCost,
            d("6"),
            Domain::of("cost[1].amount"),
            flat,
        )
        .unwrap();
        assert!(matches!(never, Solution::Never(_)));
        let always = solve(
            Metric::TotalCost,
            d("5"),
            Domain::of("cost[1].amount"),
            flat,
        )
        .unwrap();
        assert_eq!(always, Solution::Always);
    }

    #[test]
    fn bisection_when_the_metric_is_not_a_ratio_of_lines() {
        // total = x² (not linear): total 2 at x = √2 = 1.41421356...
        let solution = solve(
            Metric::TotalCost,
            d("2"),
            Domain::of("cost[1].amount"),
            |x| -> Parts { Ok(Some((x * x, Decimal::ONE))) },
        )
        .unwrap();
        let Solution::Numerical {
            crossing,
            tolerance,
            ..
        } = solution
        else {
            panic!("{solution:?}");
        };
        assert_eq!(tolerance, TOLERANCE);
        assert!(
            (crossing - d("1.414213562")).abs() <= TOLERANCE,
            "{crossing}"
        );
    }

    #[test]
    fn the_search_limit_is_one_quadrillion() {
        assert_eq!(SEARCH_LIMIT, d("1000000000000000"));
        assert_eq!(TOLERANCE, d("0.000000001"));
    }

    #[test]
    fn domains_follow_the_key() {
        assert!(Domain::of("outcomes.block_probability").contains(Decimal::ONE));
        assert!(!Domain::of("outcomes.block_probability").contains(d("1.01")));
        assert!(!Domain::of("baseline.cost_per_person").contains(Decimal::ZERO));
        assert!(!Domain::of("outcomes.removals").contains(d("2.5")));
        assert!(Domain::of("cost[2].amount").contains(d("2.5")));
    }
}
