/*!
costcalc's one rounding rule: half away from zero (2.345 → 2.35), the rule of
financial reports, where `rust_decimal`'s `round_dp` rounds half to even (2.34).

Every rounded figure goes through [`round_half_away`]: quotients that later sums
build on ([`crate::analysis::metrics`]), distribution means used as base cases, and every
number written for people or machines ([`crate::render::export::number`]). It sits below
all of them (the model too) so that the model does not depend on the output formats.
*/

use rust_decimal::{Decimal, RoundingStrategy};

/// `value` rounded half away from zero to `decimals` places when it has more;
/// as it is otherwise. A zero result is never negative (`-0.001` → `0.00`).
pub fn round_half_away(value: Decimal, decimals: u32) -> Decimal {
    let mut rounded = if value.scale() > decimals {
        round_mantissa(value, decimals)
    } else {
        value
    };
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    rounded
}

/// `1234567.891` with 2 decimals → `"1,234,567.89"` (rounded half away
/// from zero). Here rather than with the output formats because a
/// scenario's diagnostics show numbers this way too.
pub fn grouped(value: Decimal, decimals: u32) -> String {
    let mut rounded = round_half_away(value, decimals);
    // Every kept decimal shows, so columns line up: 7 with 2 decimals is 7.00.
    rounded.rescale(decimals);
    let text = rounded.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// `round_dp_with_strategy(decimals, MidpointAwayFromZero)` in one integer
/// division of the mantissa, several times faster for the 20-odd decimals of
/// a quotient (tested against it below). Needs `value.scale() > decimals`.
fn round_mantissa(value: Decimal, decimals: u32) -> Decimal {
    let mantissa = value.mantissa();
    // A scale is at most 28, so the factor fits an i128.
    let factor = 10i128.pow(value.scale() - decimals);
    let (quotient, remainder) = (mantissa / factor, mantissa % factor);
    let quotient = if remainder.abs() * 2 >= factor {
        quotient + mantissa.signum()
    } else {
        quotient
    };
    Decimal::try_from_i128_with_scale(quotient, decimals).unwrap_or_else(|_| {
        value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::dec;

    #[test]
    fn midpoints_go_away_from_zero_and_shorter_values_stay() {
        // 2.345 → 2.35 and −2.345 → −2.35 (half to even would give 2.34);
        // 2.3 has fewer decimals than kept, so it is unchanged (not 2.30).
        assert_eq!(round_half_away(dec("2.345"), 2).to_string(), "2.35");
        assert_eq!(round_half_away(dec("-2.345"), 2).to_string(), "-2.35");
        assert_eq!(round_half_away(dec("2.3"), 2).to_string(), "2.3");
        // −0.001 to 2 places is zero, written without a sign.
        assert_eq!(round_half_away(dec("-0.001"), 2).to_string(), "0.00");
    }

    #[test]
    fn fast_rounding_matches_rust_decimal() {
        let cases = [
            "2.345",
            "-2.345",
            "2.344999",
            "0.005",
            "-0.005",
            "0.0049999",
            "1071428.5714285714285714285714",
            "98.7127852799494590539366658770",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
            "0.0000000000000000000000000001",
            "123456789.123456789123456789",
            "0.5",
            "-0.5",
            "9.999999999",
        ];
        for case in cases {
            for decimals in [0, 2, 6] {
                let value = dec(case);
                if value.scale() <= decimals {
                    continue;
                }
                assert_eq!(
                    round_mantissa(value, decimals),
                    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero),
                    "{case} to {decimals}"
                );
            }
        }
    }
}
