/*!
The metrics of a deal, as pure functions of a validated [`Scenario`].

Sums and products are exact: [`add`] and [`multiply`] (in
[`crate::money::arithmetic`]) return an [`Overflow`]
error when a result is too large or would need more digits than a decimal holds
(`rust_decimal` would otherwise round it silently), never a panic or a wrapped
number. A metric that is not defined (no removals, so no cost per removal) is
`None`, shown as `n/a`; nothing here can produce infinity or NaN.

Divisions are rounded. The metrics that are quotients (cost per removal, the
ratios) keep the 28 significant digits `rust_decimal` holds. Quotients that feed
further sums (a per-year cost over a duration from dates, a converted amount) are
rounded half away from zero to
[`QUOTIENT_DECIMALS`](crate::money::arithmetic::QUOTIENT_DECIMALS) places, a millionth of a
currency unit, so the sums after them stay exact. Rounding for display happens
only in [`crate::render::export`].
*/

use rust_decimal::Decimal;

use crate::money::arithmetic::{Overflow, add, checked, multiply, per_year_total, subtract};

use crate::model::{Basis, CostLine, LegalOutcome, Outcomes, Scenario};

/// Every metric of one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Sum of `fixed` amounts plus each `per_year` amount times its years.
    pub fixed_cost: Decimal,
    /// Sum of the `per_removal` amounts: what one more removal costs.
    pub per_removal_cost: Decimal,
    pub total_cost: Option<Decimal>,
    pub removals: Option<Removals>,
    pub cost_per_removal: Option<Decimal>,
    pub planned: Option<u64>,
    pub utilization: Option<Decimal>,
    pub attempted: Option<u64>,
    pub blocked: Option<u64>,
    pub block_rate: Option<Decimal>,
    pub legal_blocks: u64,
    pub baseline_cost_per_person: Option<Decimal>,
    pub cost_ratio_to_baseline: Option<Decimal>,
    pub break_even_removals: BreakEven,
}

/// The metrics of a deal that commands can be asked about by name (`breakeven
/// --target`, `tornado --metric`, `chart ... --metric`, `simulate`): the names
/// of `compare`'s CSV columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    TotalCost,
    Removals,
    CostPerRemoval,
    Utilization,
    BlockRate,
    LegalBlocks,
    CostRatioToBaseline,
}

impl Metric {
    pub const ALL: [Metric; 7] = [
        Metric::TotalCost,
        Metric::Removals,
        Metric::CostPerRemoval,
        Metric::Utilization,
        Metric::BlockRate,
        Metric::LegalBlocks,
        Metric::CostRatioToBaseline,
    ];

    /// The metric named `name` (as [`Metric::name`] writes it), if any.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|metric| metric.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::TotalCost => "total_cost",
            Metric::Removals => "removals",
            Metric::CostPerRemoval => "cost_per_removal",
            Metric::Utilization => "utilization",
            Metric::BlockRate => "block_rate",
            Metric::LegalBlocks => "legal_blocks",
            Metric::CostRatioToBaseline => "cost_ratio_to_baseline",
        }
    }

    /// Whether the metric is money in the scenario's currency.
    pub fn is_money(self) -> bool {
        matches!(self, Metric::TotalCost | Metric::CostPerRemoval)
    }

    /// Whether less is better: the target is met at or below it.
    pub fn lower_is_better(self) -> bool {
        !matches!(self, Metric::Removals | Metric::Utilization)
    }

    /// (numerator, denominator) of the metric, or `None` where it has no parts
    /// (no removals figure, no baseline...). The denominator may be 0.
    pub fn parts(self, m: &Metrics) -> Option<(Decimal, Decimal)> {
        let removals = m.removals.map(|r| r.count);
        let whole = |v: Option<u64>| v.map(Decimal::from);
        match self {
            Metric::TotalCost => Some((m.total_cost?, Decimal::ONE)),
            Metric::Removals => Some((removals?, Decimal::ONE)),
            Metric::CostPerRemoval => Some((m.total_cost?, removals?)),
            Metric::Utilization => Some((removals?, whole(m.planned)?)),
            Metric::BlockRate => Some((whole(m.blocked)?, whole(m.attempted)?)),
            Metric::LegalBlocks => Some((Decimal::from(m.legal_blocks), Decimal::ONE)),
            Metric::CostRatioToBaseline => Some((
                m.total_cost?,
                removals?.checked_mul(m.baseline_cost_per_person?)?,
            )),
        }
    }
}

/// The number of removals the metrics use, and whether it was observed or projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removals {
    pub count: Decimal,
    pub basis: RemovalsBasis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovalsBasis {
    /// `outcomes.removals`: people actually removed.
    Observed,
    /// `planned × (1 − block_probability)`: a projection, possibly fractional.
    Expected,
}

impl RemovalsBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalsBasis::Observed => "observed",
            RemovalsBasis::Expected => "expected",
        }
    }
}

/// The smallest whole number of removals at which cost per removal falls to the
/// baseline cost per person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakEven {
    /// No baseline to compare with.
    NoBaseline,
    /// Each removal alone costs at least the baseline, so no number of removals
    /// brings the cost per removal down to it.
    Never,
    At(Decimal),
}

/// What one cost line adds to the total cost: the amount for a fixed line, the
/// amount times its years for a per-year line, the amount times removals for a
/// per-removal line (`None` when removals is unknown). `show` prints these.
pub fn contribution(
    scenario: &Scenario,
    line: &CostLine,
    removals: Option<Decimal>,
) -> Result<Option<Decimal>, Overflow> {
    match line.basis {
        Basis::Fixed => Ok(Some(line.amount)),
        Basis::PerYear => match scenario.years_for(line) {
            Some(duration) => per_year_total(line.amount, duration).map(Some),
            // Validation guarantees a duration for every per_year line.
            None => Ok(None),
        },
        Basis::PerRemoval => removals
            .map(|removals| multiply(line.amount, removals, "total cost"))
            .transpose(),
    }
}

/// Computes every metric of a scenario.
pub fn compute(scenario: &Scenario) -> Result<Metrics, Overflow> {
    from_totals(scenario, &totals(scenario)?)
}

/// What the metrics take from every cost line and legal event: `tornado`
/// updates these for one line changed rather than adding up every line again.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub fixed_cost: Decimal,
    pub per_removal_cost: Decimal,
    pub has_per_removal_lines: bool,
    pub legal_blocks: u64,
}

pub fn totals(scenario: &Scenario) -> Result<Totals, Overflow> {
    Ok(Totals {
        fixed_cost: fixed_cost(scenario)?,
        per_removal_cost: per_removal_cost(scenario)?,
        has_per_removal_lines: scenario.costs.iter().any(|c| c.basis == Basis::PerRemoval),
        legal_blocks: legal_blocks(scenario),
    })
}

/// Every metric from the [`Totals`] and the rest of the scenario (its
/// outcomes and baseline), without going through the cost lines.
pub fn from_totals(scenario: &Scenario, totals: &Totals) -> Result<Metrics, Overflow> {
    let Totals {
        fixed_cost,
        per_removal_cost,
        has_per_removal_lines,
        legal_blocks,
    } = *totals;
    let removals = removals(&scenario.outcomes)?;
    let total_cost = total_cost(
        fixed_cost,
        per_removal_cost,
        has_per_removal_lines,
        removals.map(|r| r.count),
    )?;
    let removal_count = removals.map(|r| r.count);
    let cost_per_removal = ratio(total_cost, removal_count, "cost per removal")?;
    let outcomes = &scenario.outcomes;
    let utilization = ratio(
        removal_count,
        outcomes.planned.map(Decimal::from),
        "utilization",
    )?;
    let block_rate = ratio(
        outcomes.blocked.map(Decimal::from),
        outcomes.attempted.map(Decimal::from),
        "block rate",
    )?;
    let baseline = scenario.baseline.as_ref().map(|b| b.cost_per_person);
    Ok(Metrics {
        fixed_cost,
        per_removal_cost,
        total_cost,
        removals,
        cost_per_removal,
        planned: outcomes.planned,
        utilization,
        attempted: outcomes.attempted,
        blocked: outcomes.blocked,
        block_rate,
        legal_blocks,
        baseline_cost_per_person: baseline,
        cost_ratio_to_baseline: ratio(
            cost_per_removal,
            baseline,
            "ratio of cost per removal to the baseline",
        )?,
        break_even_removals: break_even_removals(fixed_cost, per_removal_cost, baseline)?,
    })
}

/// Sum of `fixed` amounts plus each `per_year` amount times its years.
pub fn fixed_cost(scenario: &Scenario) -> Result<Decimal, Overflow> {
    let mut sum = Decimal::ZERO;
    for line in scenario
        .costs
        .iter()
        .filter(|l| l.basis != Basis::PerRemoval)
    {
        if let Some(contribution) = contribution(scenario, line, None)? {
            sum = add(sum, contribution, "fixed cost")?;
        }
    }
    Ok(sum)
}

/// Sum of the `per_removal` amounts.
pub fn per_removal_cost(scenario: &Scenario) -> Result<Decimal, Overflow> {
    scenario
        .costs
        .iter()
        .filter(|line| line.basis == Basis::PerRemoval)
        .try_fold(Decimal::ZERO, |sum, line| {
            add(sum, line.amount, "per-removal cost")
        })
}

/// Observed removals when given; otherwise `planned × (1 − block_probability)`;
/// `None` when neither is given.
pub fn removals(outcomes: &Outcomes) -> Result<Option<Removals>, Overflow> {
    if let Some(observed) = outcomes.removals {
        return Ok(Some(Removals {
            count: Decimal::from(observed),
            basis: RemovalsBasis::Observed,
        }));
    }
    let Some(planned) = outcomes.planned else {
        return Ok(None);
    };
    let block_probability = outcomes.block_probability.unwrap_or(Decimal::ZERO);
    let share_through = subtract(Decimal::ONE, block_probability, "expected removals")?;
    let expected = multiply(Decimal::from(planned), share_through, "expected removals")?;
    Ok(Some(Removals {
        count: expected.normalize(),
        basis: RemovalsBasis::Expected,
    }))
}

/// Fixed cost plus per-removal cost times removals. Without a number of removals
/// the total is only known when nothing is paid per removal.
pub fn total_cost(
    fixed_cost: Decimal,
    per_removal_cost: Decimal,
    has_per_removal_lines: bool,
    removals: Option<Decimal>,
) -> Result<Option<Decimal>, Overflow> {
    let Some(removals) = removals else {
        return Ok((!has_per_removal_lines).then_some(fixed_cost));
    };
    let variable = multiply(per_removal_cost, removals, "total cost")?;
    Ok(Some(add(fixed_cost, variable, "total cost")?))
}

/// `numerator / denominator`, or `None` when either is missing or the denominator
/// is zero.
pub fn ratio(
    numerator: Option<Decimal>,
    denominator: Option<Decimal>,
    quantity: &'static str,
) -> Result<Option<Decimal>, Overflow> {
    match (numerator, denominator) {
        (Some(n), Some(d)) if !d.is_zero() => Ok(Some(checked(n.checked_div(d), quantity)?)),
        _ => Ok(None),
    }
}

/// The number of `[[legal]]` events whose outcome is "blocked".
pub fn legal_blocks(scenario: &Scenario) -> u64 {
    scenario
        .legal
        .iter()
        .filter(|event| event.outcome == LegalOutcome::Blocked)
        .count() as u64
}

/// The smallest whole number of removals `n ≥ 1` with
/// `(fixed + per_removal × n) / n ≤ baseline`, i.e. `fixed ≤ (baseline − per_removal) × n`,
/// so `n = ceil(fixed / (baseline − per_removal))`, and at least 1 because cost per
/// removal is not defined at 0 removals.
pub fn break_even_removals(
    fixed_cost: Decimal,
    per_removal_cost: Decimal,
    baseline: Option<Decimal>,
) -> Result<BreakEven, Overflow> {
    let Some(baseline) = baseline else {
        return Ok(BreakEven::NoBaseline);
    };
    let margin = subtract(baseline, per_removal_cost, "break-even removals")?;
    if margin <= Decimal::ZERO {
        return Ok(BreakEven::Never);
    }
    let quotient = checked(fixed_cost.checked_div(margin), "break-even removals")?;
    let mut n = quotient.ceil().max(Decimal::ONE);
    // The division is rounded to 28 significant digits, so a quotient a hair above
    // a whole number can come out as that whole number. Settle n with exact
    // multiplications instead of trusting the rounded quotient.
    let meets = |n: Decimal| {
        multiply(margin, n, "break-even removals").map(|covered| covered >= fixed_cost)
    };
    if !meets(n)? {
        n = add(n, Decimal::ONE, "break-even removals")?;
    } else if n > Decimal::ONE && meets(n - Decimal::ONE)? {
        n -= Decimal::ONE;
    }
    Ok(BreakEven::At(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Baseline, LegalEvent};

    /// An exact decimal from its text, as a scenario file would give it.
    use crate::test_support::dec;

    fn line(item: &str, amount: &str, basis: Basis, years: Option<&str>) -> CostLine {
        CostLine {
            item: item.into(),
            amount: dec(amount),
            basis,
            years: years.map(dec),
            price_year: None,
            year: None,
            start_year: None,
            source: None,
            note: None,
        }
    }

    fn scenario(costs: Vec<CostLine>, outcomes: Outcomes) -> Scenario {
        Scenario {
            costs,
            outcomes,
            ..Scenario::new("test", "GBP")
        }
    }

    #[test]
    fn fixed_cost_adds_fixed_lines_and_per_year_lines_times_their_years() {
        let mut s = scenario(
            vec![
                line("fund", "370000000", Basis::Fixed, None),
                line("running", "1000000", Basis::PerYear, Some("3")),
                line("running, scenario years", "250000.50", Basis::PerYear, None),
                line("per person", "20000", Basis::PerRemoval, None),
            ],
            Outcomes::default(),
        );
        s.years = Some(dec("2"));
        // 370,000,000 + 1,000,000 × 3 + 250,000.50 × 2 = 370,000,000 + 3,000,000 + 500,001.00
        //   = 373,500,001.00; the per_removal line is not part of the fixed cost.
        assert_eq!(fixed_cost(&s).unwrap(), dec("373500001.00"));
    }

    #[test]
    fn per_year_years_can_come_from_start_and_end() {
        let mut s = scenario(
            vec![line("running", "100", Basis::PerYear, None)],
            Outcomes::default(),
        );
        s.start = crate::model::Date::new(2022, 4, 14);
        s.end = crate::model::Date::new(2024, 7, 22);
        // 830 days = 830 / 365.25 years (shown as 2.27, not rounded to that in the sum):
        // 100 × 830 × 4 / 1461 = 332,000 / 1461 = 227.2416153319... → 227.241615 (6 places).
        assert_eq!(fixed_cost(&s).unwrap(), dec("227.241615"));
    }

    #[test]
    fn a_duration_from_dates_adds_to_large_fixed_costs_exactly() {
        // 700,000,000 fixed + 100 a year over 830 days (227.241615 after rounding
        // the quotient to 6 places) = 700,000,227.241615, with no digits lost.
        let mut s = scenario(
            vec![
                line("fixed", "700000000", Basis::Fixed, None),
                line("running", "100", Basis::PerYear, None),
            ],
            Outcomes::default(),
        );
        s.start = crate::model::Date::new(2022, 4, 14);
        s.end = crate::model::Date::new(2024, 7, 22);
        assert_eq!(fixed_cost(&s).unwrap(), dec("700000227.241615"));
    }

    #[test]
    fn removals_are_observed_when_given_else_expected_from_planned() {
        let observed = Outcomes {
            removals: Some(7),
            planned: Some(250),
            ..Outcomes::default()
        };
        assert_eq!(
            removals(&observed).unwrap(),
            Some(Removals {
                count: dec("7"),
                basis: RemovalsBasis::Observed
            })
        );
        // 300 × (1 − 0.4) = 300 × 0.6 = 180
        let projected = Outcomes {
            planned: Some(300),
            block_probability: Some(dec("0.4")),
            ..Outcomes::default()
        };
        assert_eq!(
            removals(&projected).unwrap(),
            Some(Removals {
                count: dec("180"),
                basis: RemovalsBasis::Expected
            })
        );
        // 7 × (1 − 0.25) = 5.25: expected removals may be fractional.
        let fractional = Outcomes {
            planned: Some(7),
            block_probability: Some(dec("0.25")),
            ..Outcomes::default()
        };
        assert_eq!(removals(&fractional).unwrap().unwrap().count, dec("5.25"));
        // planned alone: block probability defaults to 0, so 5700 × 1 = 5700.
        let planned_only = Outcomes {
            planned: Some(5700),
            ..Outcomes::default()
        };
        assert_eq!(removals(&planned_only).unwrap().unwrap().count, dec("5700"));
        assert_eq!(removals(&Outcomes::default()).unwrap(), None);
    }

    #[test]
    fn a_zero_product_or_sum_is_exact_whatever_its_scale() {
        // rust_decimal may return 0 × 55.714308 with a scale other than 6; the
        // product is still exactly 0, never an overflow.
        assert_eq!(multiply(dec("0"), dec("55.714308"), "x").unwrap(), dec("0"));
        assert_eq!(add(dec("1.5"), dec("-1.5"), "x").unwrap(), dec("0"));
        // A zero written with decimals (amount = 0.00) adds exactly, in either order.
        assert_eq!(add(dec("100"), dec("0.00"), "x").unwrap(), dec("100"));
        assert_eq!(add(dec("0.00"), dec("100"), "x").unwrap(), dec("100"));
    }

    #[test]
    fn total_cost_is_fixed_plus_per_removal_times_removals() {
        // 370,000,000 + (20,000 + 150,874) × 300 = 370,000,000 + 51,262,200 = 421,262,200
        assert_eq!(
            total_cost(dec("370000000"), dec("170874"), true, Some(dec("300"))).unwrap(),
            Some(dec("421262200"))
        );
        // No removals known: the total is the fixed cost only if nothing is per removal.
        assert_eq!(
            total_cost(dec("5"), dec("0"), false, None).unwrap(),
            Some(dec("5"))
        );
        assert_eq!(total_cost(dec("5"), dec("1"), true, None).unwrap(), None);
    }

    #[test]
    fn cost_per_removal_is_n_a_for_zero_removals() {
        // UK–Rwanda: £700m and no removals under the partnership: undefined, not infinite.
        let s = scenario(
            vec![line("total", "700000000", Basis::Fixed, None)],
            Outcomes {
                removals: Some(0),
                planned: Some(5700),
                attempted: Some(7),
                blocked: Some(7),
                ..Outcomes::default()
            },
        );
        let m = compute(&s).unwrap();
        assert_eq!(m.total_cost, Some(dec("700000000")));
        assert_eq!(m.cost_per_removal, None);
        // 0 / 5700 = 0: no capacity used.
        assert_eq!(m.utilization, Some(dec("0")));
        // 7 / 7 = 1: every scheduled person was blocked.
        assert_eq!(m.block_rate, Some(dec("1")));
    }

    #[test]
    fn all_metrics_of_an_observed_deal() {
        // US–Rwanda-like: $7,500,000 fixed, 7 removed of 250 planned, baseline $10,854.
        let mut s = scenario(
            vec![line("payment", "7500000", Basis::Fixed, None)],
            Outcomes {
                removals: Some(7),
                planned: Some(250),
                attempted: Some(10),
                blocked: Some(3),
                ..Outcomes::default()
            },
        );
        s.baseline = Some(Baseline {
            label: None,
            cost_per_person: dec("10854"),
            price_year: None,
            source: None,
            note: None,
        });
        s.legal = vec![
            event(LegalOutcome::Blocked),
            event(LegalOutcome::Allowed),
            event(LegalOutcome::Blocked),
        ];
        let m = compute(&s).unwrap();
        assert_eq!(m.total_cost, Some(dec("7500000")));
        // 7,500,000 / 7 = 1,071,428.571428571428571428571... (28 significant digits)
        assert_eq!(
            m.cost_per_removal,
            Some(dec("1071428.5714285714285714285714"))
        );
        // 7 / 250 = 0.028
        assert_eq!(m.utilization, Some(dec("0.028")));
        // 3 / 10 = 0.3
        assert_eq!(m.block_rate, Some(dec("0.3")));
        assert_eq!(m.legal_blocks, 2);
        // 1,071,428.571428... / 10,854 = 98.7127851... (10,854 × 98.7127851 = 1,071,428.57)
        let ratio = m.cost_ratio_to_baseline.unwrap();
        assert_eq!(ratio.round_dp(6), dec("98.712785"));
        // ceil(7,500,000 / (10,854 − 0)) = ceil(690.99...) = 691
        assert_eq!(m.break_even_removals, BreakEven::At(dec("691")));
    }

    fn event(outcome: LegalOutcome) -> LegalEvent {
        LegalEvent {
            date: crate::model::Date::new(2024, 1, 1).unwrap(),
            court: "court".into(),
            outcome,
            people: None,
            summary: None,
            source: None,
        }
    }

    #[test]
    fn ratios_are_n_a_when_the_denominator_is_zero_or_missing() {
        assert_eq!(ratio(Some(dec("1")), Some(dec("0")), "x").unwrap(), None);
        assert_eq!(ratio(Some(dec("1")), None, "x").unwrap(), None);
        assert_eq!(ratio(None, Some(dec("2")), "x").unwrap(), None);
        assert_eq!(
            ratio(Some(dec("1")), Some(dec("4")), "x").unwrap(),
            Some(dec("0.25"))
        );
    }

    #[test]
    fn break_even_is_the_first_whole_number_meeting_the_baseline() {
        // ceil(370,000,000 / (106,000 − 20,000)) = ceil(4302.3255...) = 4303.
        // Check: 4303 × 86,000 = 370,058,000 ≥ 370,000,000; 4302 × 86,000 = 369,972,000 < it.
        assert_eq!(
            break_even_removals(dec("370000000"), dec("20000"), Some(dec("106000"))).unwrap(),
            BreakEven::At(dec("4303"))
        );
        // Exactly divisible: 1000 / (30 − 10) = 50, and at 50 removals cost per removal
        // is (1000 + 500) / 50 = 30 = baseline, which counts as reaching it.
        assert_eq!(
            break_even_removals(dec("1000"), dec("10"), Some(dec("30"))).unwrap(),
            BreakEven::At(dec("50"))
        );
        // Per-removal cost alone (170,874) above the baseline (106,000): never.
        assert_eq!(
            break_even_removals(dec("370000000"), dec("170874"), Some(dec("106000"))).unwrap(),
            BreakEven::Never
        );
        // Per-removal cost equal to the baseline: cost per removal is 5 + 1/n > 5 for
        // every n, so never.
        assert_eq!(
            break_even_removals(dec("1"), dec("5"), Some(dec("5"))).unwrap(),
            BreakEven::Never
        );
        // No fixed cost: one removal already costs less than the baseline. The formula
        // gives ceil(0) = 0, but cost per removal is undefined at 0 removals, so 1.
        assert_eq!(
            break_even_removals(dec("0"), dec("5"), Some(dec("10"))).unwrap(),
            BreakEven::At(dec("1"))
        );
        assert_eq!(
            break_even_removals(dec("1"), dec("0"), None).unwrap(),
            BreakEven::NoBaseline
        );
    }

    #[test]
    fn break_even_is_exact_where_the_rounded_quotient_is_not() {
        // fixed = 3 × 10^27 + 1, margin 3: the exact quotient is 10^27 + 1/3, which
        // needs more than 28 digits and rounds to 10^27 exactly; its ceil would be
        // 10^27, one short. The answer is 10^27 + 1. With fixed = 3 × 10^27 it is 10^27.
        let fixed = dec("3000000000000000000000000001");
        assert_eq!(
            break_even_removals(fixed, dec("0"), Some(dec("3"))).unwrap(),
            BreakEven::At(dec("1000000000000000000000000001"))
        );
        let fixed = dec("3000000000000000000000000000");
        assert_eq!(
            break_even_removals(fixed, dec("0"), Some(dec("3"))).unwrap(),
            BreakEven::At(dec("1000000000000000000000000000"))
        );
    }

    #[test]
    fn digits_that_would_be_rounded_away_are_an_error() {
        // 10^28 + 0.4 needs 30 significant digits: rust_decimal would round it to
        // 10^28 silently.
        assert_eq!(
            add(
                dec("10000000000000000000000000000"),
                dec("0.4"),
                "total cost"
            ),
            Err(Overflow {
                quantity: "total cost"
            })
        );
        assert_eq!(
            add(dec("0.10"), dec("0.20"), "x").unwrap().to_string(),
            "0.30"
        );
        // 1234567890123456.123456789 × 1234567.1234567 needs 16 decimal places and
        // 39 significant digits.
        assert!(
            multiply(
                dec("1234567890123456.123456789"),
                dec("1234567.1234567"),
                "x"
            )
            .is_err()
        );
        assert_eq!(
            multiply(dec("100"), dec("0.50"), "x").unwrap().to_string(),
            "50.00"
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let s = scenario(
            vec![
                line("a", "79228162514264337593543950335", Basis::Fixed, None),
                line("b", "1", Basis::Fixed, None),
            ],
            Outcomes::default(),
        );
        assert_eq!(
            compute(&s).unwrap_err(),
            Overflow {
                quantity: "fixed cost"
            }
        );
        let s = scenario(
            vec![line(
                "a",
                "79228162514264337593543950335",
                Basis::PerRemoval,
                None,
            )],
            Outcomes {
                removals: Some(2),
                ..Outcomes::default()
            },
        );
        assert_eq!(
            compute(&s).unwrap_err(),
            Overflow {
                quantity: "total cost"
            }
        );
    }
}
