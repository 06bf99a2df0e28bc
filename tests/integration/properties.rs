//! Property tests: the metric identities hold exactly for generated scenarios,
//! and no scenario text, however broken, makes costcalc panic.

use proptest::prelude::*;
use rust_decimal::Decimal;

use costcalc::analysis::metrics::{self, BreakEven};
use costcalc::load;

/// Amounts as (mantissa, scale): `(12345, 2)` is 123.45.
type Amounts = Vec<(i128, u32)>;

/// Amounts are generated with at most 3 decimals, so in thousandths they are
/// whole numbers, and i128 arithmetic gives the exact expected sums and
/// products independently of the decimal arithmetic under test.
fn thousandths(mantissa: i128, scale: u32) -> i128 {
    mantissa * 10i128.pow(3 - scale)
}

/// A Decimal result in thousandths, if it is a whole number of them.
fn to_thousandths(value: Decimal) -> i128 {
    let value = value.normalize();
    assert!(value.scale() <= 3, "{value} has more than 3 decimals");
    value.mantissa() * 10i128.pow(3 - value.scale())
}

/// A generated valid scenario: its text and the values written into it.
#[derive(Debug, Clone)]
struct Generated {
    text: String,
    fixed: Amounts,
    per_removal: Amounts,
    removals: Option<u32>,
    planned: u32,
}

/// A valid scenario's text with generated amounts (below `largest`) and counts.
fn scenario_text(largest: i128) -> impl Strategy<Value = Generated> {
    (
        prop::collection::vec((0..largest, 0u32..4), 0..4), // fixed lines: mantissa, scale
        prop::collection::vec((0..largest / 10, 0u32..4), 0..3), // per-removal lines
        prop::option::of(0u32..100_000),                    // observed removals
        0u32..100_000,                                      // planned
    )
        .prop_map(|(fixed, per_removal, removals, planned)| {
            let mut text = String::from("name = \"generated\"\ncurrency = \"USD\"\n");
            for (i, (mantissa, scale)) in fixed.iter().enumerate() {
                text += &format!(
                    "[[cost]]\nitem = \"fixed {i}\"\namount = {}\n",
                    Decimal::from_i128_with_scale(*mantissa, *scale)
                );
            }
            for (i, (mantissa, scale)) in per_removal.iter().enumerate() {
                text += &format!(
                    "[[cost]]\nitem = \"per removal {i}\"\namount = {}\nbasis = \"per_removal\"\n",
                    Decimal::from_i128_with_scale(*mantissa, *scale)
                );
            }
            text += "[outcomes]\n";
            if let Some(removals) = removals {
                text += &format!("removals = {removals}\n");
            }
            text += &format!("planned = {planned}\n");
            text += "[baseline]\ncost_per_person = 106000\n";
            Generated {
                text,
                fixed,
                per_removal,
                removals,
                planned,
            }
        })
}

proptest! {
    #[test]
    fn metric_identities_hold_exactly(generated in scenario_text(10_000_000_000)) {
        let Generated { text, fixed, per_removal, removals, planned } = generated;
        let scenario = load::parse(&text).expect("generated scenarios are valid");
        let m = metrics::compute(&scenario).expect("no overflow at these sizes");
        let sum = |lines: &[(i128, u32)]| lines.iter().map(|(m, s)| thousandths(*m, *s)).sum::<i128>();
        let fixed_cost = sum(&fixed);
        let per_removal_cost = sum(&per_removal);
        prop_assert_eq!(to_thousandths(m.fixed_cost), fixed_cost);
        prop_assert_eq!(to_thousandths(m.per_removal_cost), per_removal_cost);

        let used_count = i128::from(removals.unwrap_or(planned));
        let used = Decimal::from(removals.unwrap_or(planned));
        prop_assert_eq!(m.removals.map(|r| r.count), Some(used));
        // total_cost = fixed cost + per-removal amounts × removals, exactly.
        let total = m.total_cost.unwrap();
        prop_assert_eq!(to_thousandths(total), fixed_cost + per_removal_cost * used_count);
        let fixed_cost = m.fixed_cost;
        let per_removal_cost = m.per_removal_cost;

        // cost_per_removal × removals = total_cost, up to the division's rounding:
        // the quotient is exact to its last digit, so the error is below
        // removals × one unit in that digit.
        match m.cost_per_removal {
            None => prop_assert!(used.is_zero()),
            Some(cost_per_removal) => {
                let unit = Decimal::new(1, cost_per_removal.scale());
                let error = (cost_per_removal * used - total).abs();
                prop_assert!(error <= used * unit, "error {} for {} × {}", error, cost_per_removal, used);
            }
        }

        // Break-even: the smallest whole n ≥ 1 with fixed + per_removal × n ≤ baseline × n.
        let baseline = Decimal::from(106_000);
        match m.break_even_removals {
            BreakEven::Never => prop_assert!(per_removal_cost >= baseline),
            BreakEven::At(n) => {
                prop_assert!(fixed_cost + per_removal_cost * n <= baseline * n);
                if n > Decimal::ONE {
                    let before = n - Decimal::ONE;
                    prop_assert!(fixed_cost + per_removal_cost * before > baseline * before);
                }
            }
            BreakEven::NoBaseline => prop_assert!(false, "the scenario has a baseline"),
        }
    }

    /// Amounts near the limit of exact decimals (up to 10^27, 3 decimals): the
    /// total is either exactly right or an error, never a rounded number.
    #[test]
    fn huge_amounts_are_exact_or_refused(generated in scenario_text(10i128.pow(27))) {
        let Generated { text, fixed, per_removal, removals, planned } = generated;
        let scenario = load::parse(&text).expect("generated scenarios are valid");
        if let Ok(m) = metrics::compute(&scenario) {
            let sum = |lines: &[(i128, u32)]| lines.iter().map(|(m, s)| thousandths(*m, *s)).sum::<i128>();
            let used = i128::from(removals.unwrap_or(planned));
            let exact = sum(&fixed) + sum(&per_removal) * used;
            prop_assert_eq!(to_thousandths(m.total_cost.unwrap()), exact);
        }
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        let _ = load::parse(&text);
    }

    #[test]
    fn mutated_scenarios_never_panic(cut in 0usize..2000, insert in "[\\[\\]=\"'.,0-9a-z_ \\n-]{0,12}") {
        let original = include_str!("../../scenarios/uk-rwanda.toml");
        let mut cut = cut.min(original.len());
        while !original.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = format!("{}{}{}", &original[..cut], insert, &original[cut..]);
        if let Ok(scenario) = load::parse(&text) {
            let _ = metrics::compute(&scenario);
        }
    }
}
