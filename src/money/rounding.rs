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

/// Significant digits kept of a figure computed in binary floating point. An
/// `f64` carries 15 to 17, and sampling error is far larger than the last of
/// them: a constant 7 × 10^28 summed over draws has a mean of
/// 70,000,000,000,000,008,076,954,435,584, whose last 15 digits are noise.
pub const SAMPLED_DIGITS: u32 = 10;

/// Why a floating-point figure has no decimal to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotDecimal {
    /// Infinite or not a number: undefined, written `n/a`.
    Undefined,
    /// Beyond ±79,228,162,514,264,337,593,543,950,335.
    TooLarge,
    /// Not zero, but its significant digits reach past the 28 decimal places
    /// a decimal holds (`1.45e-28`): written as 0 or `1e-28`, it would be a
    /// wrong number.
    TooSmall,
}

/// `value`, computed in floating point, as a decimal to [`SAMPLED_DIGITS`]
/// significant digits, rounded half away from zero like every other figure:
/// `7.000000000000000807e28` → `70000000000000000000000000000`, `0.1 + 0.2` →
/// `0.3`. A value whose digits need more than 28 decimal places is
/// [`NotDecimal::TooSmall`]. It starts from
/// the shortest text that reads back as `value` (at most 17 digits, exact),
/// and every step from there is checked.
pub fn sampled(value: f64) -> Result<Decimal, NotDecimal> {
    significant(value, SAMPLED_DIGITS)
}

/// Significant digits an `f64` carries through a closed formula (`DBL_DIG`):
/// a lognormal's mean, exp(μ + σ²/2), is good to a few units in the 16th.
pub const COMPUTED_DIGITS: u32 = 15;

/// [`sampled`] to `keep` significant digits (at most 17).
pub fn significant(value: f64, keep: u32) -> Result<Decimal, NotDecimal> {
    if !value.is_finite() {
        return Err(NotDecimal::Undefined);
    }
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').ok_or(NotDecimal::Undefined)?;
    let mantissa = mantissa.replace('.', "");
    let digits: i128 = mantissa.parse().map_err(|_| NotDecimal::Undefined)?;
    let count = mantissa.trim_start_matches('-').len() as i64;
    let exponent: i64 = exponent.parse().map_err(|_| NotDecimal::Undefined)?;
    // value = digits / 10^scale, with `count` significant digits.
    let mut scale = count - 1 - exponent;
    let mut digits = digits;
    let excess = count - i64::from(keep);
    if excess > 0 {
        digits = drop_digits(digits, excess);
        scale -= excess;
    }
    // Trailing zeros are not digits the value needs: 1.000e-28 fits.
    while digits != 0 && digits % 10 == 0 && scale > i64::from(MAX_SCALE) {
        digits /= 10;
        scale -= 1;
    }
    if digits != 0 && scale > i64::from(MAX_SCALE) {
        return Err(NotDecimal::TooSmall);
    }
    let decimal = if scale < 0 {
        u32::try_from(-scale)
            .ok()
            .and_then(|power| 10i128.checked_pow(power))
            .and_then(|factor| digits.checked_mul(factor))
            .and_then(|whole| Decimal::try_from_i128_with_scale(whole, 0).ok())
    } else {
        Decimal::try_from_i128_with_scale(digits, scale as u32).ok()
    };
    let mut decimal = decimal.ok_or(NotDecimal::TooLarge)?.normalize();
    if decimal.is_zero() {
        decimal.set_sign_positive(true);
    }
    Ok(decimal)
}

/// A floating-point figure to `digits` significant digits, then rounded to
/// `decimals` places: the base case of an input known only in floating
/// point, a tornado's percentile. Too small to hold its digits means its
/// `digits`-th digit lies past the 28th place, so below 10^(digits − 29) in
/// magnitude: 0 at `28 − digits` places or fewer, and an error beyond.
pub fn significant_to(value: f64, digits: u32, decimals: u32) -> Result<Decimal, NotDecimal> {
    match significant(value, digits) {
        Ok(decimal) => Ok(round_half_away(decimal, decimals).normalize()),
        Err(NotDecimal::TooSmall) if digits + decimals <= MAX_SCALE => Ok(Decimal::ZERO),
        Err(other) => Err(other),
    }
}

/// `digits` without its last `count` digits, rounded half away from zero.
fn drop_digits(digits: i128, count: i64) -> i128 {
    let Some(factor) = u32::try_from(count)
        .ok()
        .and_then(|count| 10i128.checked_pow(count))
    else {
        return 0;
    };
    let (quotient, remainder) = (digits / factor, digits % factor);
    // remainder < factor ≤ 10^38, so doubling it fits an u128.
    if remainder.unsigned_abs() * 2 >= factor.unsigned_abs() {
        quotient + digits.signum()
    } else {
        quotient
    }
}

/// The most decimal places a `Decimal` holds.
const MAX_SCALE: u32 = 28;

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
