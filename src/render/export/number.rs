/*!
How numbers are written, for machines (CSV, JSON) and for people (table, Markdown).

Rounding is [`crate::money::rounding`]'s one rule: half away from zero (2.345 → 2.35),
the rule of financial reports, rather than `rust_decimal`'s banker's rounding.

- Machine formats: money to exactly 2 decimals, ratios as fractions to exactly 6
  decimals, counts as they are; `.` as the decimal point, no separators.
- People: money to whole units with thousands separators and the currency code,
  shares as percentages to 1 decimal, multiples to 1 decimal (whole ones from 10×).
- Figures computed in binary floating point (the Monte Carlo's draws, a
  distribution's quantiles) keep [`SAMPLED_DIGITS`](crate::money::rounding::SAMPLED_DIGITS) significant digits, through
  [`sampled`]: the digits beyond would be noise that reads as exact. A closed
  formula in floating point (a lognormal's mean) keeps [`COMPUTED_DIGITS`](crate::money::rounding::COMPUTED_DIGITS).
  A value too small to hold those digits (`1.45e-28`) is an error, never 0.

Every step is checked: a value too large for a decimal is reported by the
caller (which knows the metric and the scenario), or, for a percentage too large
to write in digits, shown in scientific notation; never a panic.
*/

use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::rounding::{NotDecimal, grouped, round_half_away, sampled};

/// Decimals kept for money in CSV and JSON.
pub const MONEY_DECIMALS: u32 = 2;
/// Decimals kept for ratios in CSV and JSON.
pub const RATIO_DECIMALS: u32 = 6;

fn round(value: Decimal, decimals: u32) -> Decimal {
    let mut rounded = round_half_away(value, decimals);
    // Show every kept decimal, 700000000 -> 700000000.00, so columns line up.
    rounded.rescale(decimals);
    rounded
}

/// A number as machine formats write it: a value already rounded, and the
/// decimals to show. They differ only for values so large (above about 10^26)
/// that a decimal cannot carry every requested place; the text pads with zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    pub value: Decimal,
    pub decimals: u32,
}

impl Fixed {
    /// A value with the decimals it has: `2.50` stays `2.50`.
    pub fn as_written(value: Decimal) -> Fixed {
        Fixed {
            value,
            decimals: value.scale(),
        }
    }

    /// Appends the number's text: `1234.50`, `0.028000`, `180`.
    pub fn write_to(self, out: &mut String) {
        write_decimal(out, self.value);
        let shown = self.value.scale();
        if shown < self.decimals {
            if shown == 0 {
                out.push('.');
            }
            out.extend(std::iter::repeat_n('0', (self.decimals - shown) as usize));
        }
    }
}

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        self.write_to(&mut text);
        f.write_str(&text)
    }
}

/// `1234.5` → `1234.50`.
pub fn machine_money(value: Decimal) -> Fixed {
    Fixed {
        value: round_half_away(value, MONEY_DECIMALS),
        decimals: MONEY_DECIMALS,
    }
}

/// `0.028` → `0.028000`.
pub fn machine_ratio(value: Decimal) -> Fixed {
    Fixed {
        value: round_half_away(value, RATIO_DECIMALS),
        decimals: RATIO_DECIMALS,
    }
}

/// A count as it is, without trailing zeros: `180.0` → `180`, `5.25` → `5.25`.
pub fn machine_count(value: Decimal) -> Fixed {
    Fixed {
        value: value.normalize(),
        decimals: 0,
    }
}

/// Appends `value` exactly as its `Display` would write it (`-1234.50`), without
/// the general-purpose formatter. Measured with `benches/sweep_bench.py` (a
/// million rows, six numbers each), `Display` instead takes the sweep from 397
/// to 549 ms (3 December 2026): this function is kept for that benchmark.
fn write_decimal(out: &mut String, value: Decimal) {
    let mantissa = value.mantissa();
    let scale = value.scale() as usize;
    if mantissa < 0 {
        out.push('-');
    }
    let mut buffer = itoa::Buffer::new();
    // Most mantissas fit 64 bits, whose formatting is much quicker than 128-bit.
    let digits = match u64::try_from(mantissa.unsigned_abs()) {
        Ok(small) => buffer.format(small),
        Err(_) => buffer.format(mantissa.unsigned_abs()),
    };
    if scale == 0 {
        out.push_str(digits);
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else {
        // At least one digit before the point: 0.05, not .05.
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(digits);
    }
}

/// `("GBP", 700000000)` → `"GBP 700,000,000"`.
pub fn human_money(currency: &str, value: Decimal) -> String {
    format!("{currency} {}", grouped(value, 0))
}

/// Money for estimates and small sums: whole units from 1,000 up, cents
/// below (`"USD 12.16"`, `"USD 4,760"`), so small amounts keep their digits.
pub fn human_money_scaled(currency: &str, value: Decimal) -> String {
    let decimals = if value.abs() >= Decimal::ONE_THOUSAND {
        0
    } else {
        MONEY_DECIMALS
    };
    format!("{currency} {}", grouped(round(value, decimals), decimals))
}

/// Money to the cent, for `show`: `("GBP", 150874)` → `"GBP 150,874"`,
/// `("EUR", 127.3)` → `"EUR 127.30"`.
pub fn human_money_exact(currency: &str, value: Decimal) -> String {
    let cents = round(value, MONEY_DECIMALS);
    let decimals = if cents.fract().is_zero() {
        0
    } else {
        MONEY_DECIMALS
    };
    format!("{currency} {}", grouped(cents, decimals))
}

/// A share as a percentage: `0.028` → `"2.8%"`. A share that would round to
/// `0.0%` or `100.0%` without being exactly that shows as `"<0.1%"` or
/// `">99.9%"`: "none" and "all" are claims a reader may quote. A percentage
/// beyond a decimal's range (a share above 7.9 × 10^26) is written in
/// scientific notation to 4 significant digits, `"6.667e29%"`, `"7e29%"`.
pub fn human_percent(share: Decimal) -> String {
    let Some(percent) = share.checked_mul(Decimal::ONE_HUNDRED) else {
        let percent = f64::try_from(share).unwrap_or(f64::NAN) * 100.0;
        return format!("{}%", scientific(percent, 4));
    };
    let shown = round(percent, 1);
    if shown.is_zero() && !percent.is_zero() {
        return "<0.1%".into();
    }
    if shown == Decimal::ONE_HUNDRED && percent < Decimal::ONE_HUNDRED {
        return ">99.9%".into();
    }
    format!("{}%", grouped(percent, 1))
}

/// A multiple: `1.84` → `"1.8×"`, `1650.94` → `"1,651×"`, `0.012` → `"0.01×"`.
pub fn human_multiple(ratio: Decimal) -> String {
    let decimals = if ratio >= Decimal::TEN {
        0
    } else if ratio >= Decimal::ONE {
        1
    } else {
        2
    };
    format!("{}×", grouped(ratio, decimals))
}

/// A count of people with thousands separators, keeping up to 2 decimals of an
/// expected (fractional) count: `4183` → `"4,183"`, `2108.75` → `"2,108.75"`.
/// An expected count that would round to 0 without being 0 shows as `"<0.01"`:
/// "0 removals" beside a cost per removal would contradict it.
pub fn human_count(value: Decimal) -> String {
    let rounded = round_half_away(value, 2).normalize();
    if rounded.is_zero() && !value.is_zero() {
        return "<0.01".into();
    }
    grouped(rounded, rounded.scale())
}

/// A floating-point figure for people, to `digits` significant digits (at
/// most [`SAMPLED_DIGITS`](crate::money::rounding::SAMPLED_DIGITS)): with thousands separators from 10^-5 up to a
/// decimal's range, `5806297.43` to 4 → `"5,806,000"`; in scientific notation
/// outside it, where digits would be a row of zeros (`"1.5e-22"`, `"7e29"`);
/// `"n/a"` when undefined.
pub fn human_sampled(value: f64, digits: u32) -> String {
    match sampled(value) {
        Ok(decimal) if value == 0.0 || value.abs() >= 1e-5 => {
            let rounded = decimal
                .round_sf_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero)
                .unwrap_or(decimal)
                .normalize();
            grouped(rounded, rounded.scale())
        }
        Err(NotDecimal::Undefined) => super::human::NOT_AVAILABLE.to_string(),
        _ => scientific(value, digits),
    }
}

/// `value` to `digits` significant digits in scientific notation, without
/// trailing zeros: `6.6669e29` to 4 → `"6.667e29"`, `7e29` → `"7e29"`.
fn scientific(value: f64, digits: u32) -> String {
    let rounded = format!("{value:.*e}", digits.saturating_sub(1) as usize);
    // Read back and written in its shortest form, which drops the zeros.
    match rounded.parse::<f64>() {
        Ok(shorter) => format!("{shorter:e}"),
        Err(_) => rounded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::money::rounding::{COMPUTED_DIGITS, significant_to};
    use crate::test_support::dec;

    #[test]
    fn machine_formats_round_half_away_from_zero_to_fixed_decimals() {
        assert_eq!(machine_money(dec("700000000")).to_string(), "700000000.00");
        // 2.345 -> 2.35 (banker's rounding would give 2.34)
        assert_eq!(machine_money(dec("2.345")).to_string(), "2.35");
        assert_eq!(machine_money(dec("-2.345")).to_string(), "-2.35");
        // 1,071,428.5714285714... -> 1071428.57
        assert_eq!(
            machine_money(dec("1071428.5714285714285714285714")).to_string(),
            "1071428.57"
        );
        assert_eq!(machine_ratio(dec("0.028")).to_string(), "0.028000");
        // 98.71315384... -> 98.713154
        assert_eq!(
            machine_ratio(dec("98.7131537699374916133392")).to_string(),
            "98.713154"
        );
        assert_eq!(machine_ratio(dec("-0.0000001")).to_string(), "0.000000");
        assert_eq!(machine_count(dec("180.0")).to_string(), "180");
        assert_eq!(machine_count(dec("5.25")).to_string(), "5.25");
    }

    #[test]
    fn huge_money_still_has_two_decimals() {
        // 10^28 cannot carry 2 decimal places in a Decimal (29 + 2 digits), so
        // the text pads them.
        assert_eq!(
            machine_money(dec("10000000000000000000000000000")).to_string(),
            "10000000000000000000000000000.00"
        );
        assert_eq!(machine_ratio(dec("1.5")).to_string(), "1.500000");
    }

    #[test]
    fn write_decimal_matches_display() {
        let cases = [
            "0",
            "0.00",
            "7",
            "-7",
            "0.5",
            "-0.05",
            "1234.50",
            "0.028000",
            "98.713154",
            "12345678901234568.19",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "18446744073709551615",
            "18446744073709551616",
            "1844674407370955161.6",
        ];
        for case in cases {
            let value = dec(case);
            let mut out = String::new();
            write_decimal(&mut out, value);
            assert_eq!(out, value.to_string(), "{case}");
        }
    }

    #[test]
    fn people_formats_group_thousands() {
        assert_eq!(grouped(dec("1234567.891"), 2), "1,234,567.89");
        assert_eq!(grouped(dec("999"), 0), "999");
        assert_eq!(grouped(dec("-1000"), 0), "-1,000");
        assert_eq!(human_money("GBP", dec("700000000")), "GBP 700,000,000");
        // 1,071,428.57 rounds to whole units: 1,071,429
        assert_eq!(human_money("USD", dec("1071428.57")), "USD 1,071,429");
        assert_eq!(human_money_exact("GBP", dec("150874")), "GBP 150,874");
        assert_eq!(human_money_exact("EUR", dec("127.3")), "EUR 127.30");
        assert_eq!(human_percent(dec("0.028")), "2.8%");
        assert_eq!(human_percent(dec("1")), "100.0%");
        assert_eq!(human_percent(dec("0")), "0.0%");
        // 4 / 5700 = 0.0702% rounds to 0.1%; 1 / 5700 = 0.0175% would round to 0.0%,
        // which reads as none, so it is shown as <0.1%.
        assert_eq!(human_percent(dec("0.000702")), "0.1%");
        assert_eq!(human_percent(dec("0.000175")), "<0.1%");
        // 0.9996 = 99.96% would round to 100.0%, which reads as "all".
        assert_eq!(human_percent(dec("0.9996")), ">99.9%");
        // Above 100% (more removals than planned) rounds as usual.
        assert_eq!(human_percent(dec("1.0004")), "100.0%");
        assert_eq!(human_multiple(dec("1650.943")), "1,651×");
        assert_eq!(human_multiple(dec("1.84")), "1.8×");
        assert_eq!(human_multiple(dec("0.0123")), "0.01×");
        assert_eq!(human_count(dec("4183")), "4,183");
        assert_eq!(human_count(dec("2108.75")), "2,108.75");
        assert_eq!(human_count(dec("180.0")), "180");
        // 10,000 planned × (1 − 0.9999995) = 0.005 → 0.01; 0.0049 would show as
        // 0, beside a finite cost per removal, so it shows as <0.01.
        assert_eq!(human_count(dec("0.005")), "0.01");
        assert_eq!(human_count(dec("0.0049")), "<0.01");
        assert_eq!(human_count(dec("0")), "0");
    }

    #[test]
    fn a_percentage_too_large_for_a_decimal_is_written_in_scientific_notation() {
        // removals 1,000,000 ÷ planned 1.5e-22 = a share of 6.667e27; × 100 is
        // 6.667e29%, beyond 7.9e28: it used to overflow (a panic).
        let share = dec("6666666666666666666666666667");
        assert_eq!(human_percent(share), "6.667e29%");
        // 7e26 × 100 = 7e28 still fits: digits, grouped (too many for the
        // usual decimal place).
        assert_eq!(
            human_percent(dec("700000000000000000000000000")),
            "70,000,000,000,000,000,000,000,000,000%"
        );
    }

    #[test]
    fn a_figure_known_in_floating_point_rounds_to_the_places_asked() {
        // 1234.56789012345 → 10 digits 1234.567890 → 6 places 1234.56789.
        assert_eq!(
            significant_to(1_234.567_890_123_45, 10, 6)
                .unwrap()
                .to_string(),
            "1234.56789"
        );
        // A lognormal's mean, 6032284.004637954: to 10 digits 6032284.005,
        // which cents would round up to .01; to 15 digits 6032284.00463795,
        // which rounds to 6032284.004638 at 6 places, as it should.
        assert_eq!(
            significant_to(6_032_284.004_637_954, COMPUTED_DIGITS, 6)
                .unwrap()
                .to_string(),
            "6032284.004638"
        );
        // 1.45e-28 is below 10^-19, so 0 at 6 places, not an error; at 20
        // places its 10th digit would be needed, and a decimal cannot hold it.
        assert_eq!(significant_to(1.45e-28, 10, 6).unwrap(), Decimal::ZERO);
        assert_eq!(significant_to(1.45e-28, 10, 20), Err(NotDecimal::TooSmall));
        // 0.5e-6 → 0.000001 at 6 places (half away from zero).
        assert_eq!(significant_to(5e-7, 10, 6).unwrap().to_string(), "0.000001");
        assert_eq!(significant_to(8e28, 10, 0), Err(NotDecimal::TooLarge));
    }

    #[test]
    fn sampled_figures_keep_ten_significant_digits() {
        // A constant 7e28 summed over draws: 7.000000000000000807e28 in f64;
        // its 11th significant digit is noise, so it is cut.
        assert_eq!(
            sampled(7.000_000_000_000_001e28).unwrap().to_string(),
            "70000000000000000000000000000"
        );
        // 0.1 + 0.2 = 0.30000000000000004 in f64 → 0.3
        assert_eq!(sampled(0.1 + 0.2).unwrap().to_string(), "0.3");
        // 12345678905 is exact in f64; the 11th digit 5 is a midpoint and goes
        // away from zero: 1234567891 × 10.
        assert_eq!(
            sampled(12_345_678_905.0).unwrap().to_string(),
            "12345678910"
        );
        assert_eq!(
            sampled(-12_345_678_905.0).unwrap().to_string(),
            "-12345678910"
        );
        assert_eq!(sampled(1_234.5).unwrap().to_string(), "1234.5");
        assert_eq!(sampled(0.0).unwrap().to_string(), "0");
        assert_eq!(sampled(-0.0).unwrap().to_string(), "0");
        // 1e-28 is the last place a decimal holds; 1.5e-28 needs a 29th, and
        // 1e-40 a 40th: written as 2e-28 or 0 they would be wrong numbers.
        assert_eq!(
            sampled(1e-28).unwrap().to_string(),
            "0.0000000000000000000000000001"
        );
        assert_eq!(sampled(1.5e-28), Err(NotDecimal::TooSmall));
        assert_eq!(sampled(1e-40), Err(NotDecimal::TooSmall));
        // 1.234567891e-20 has its 10th digit at the 29th place.
        assert_eq!(sampled(1.234_567_891e-20), Err(NotDecimal::TooSmall));
        // 1.23456789e-20: 9 digits, the last at the 28th place.
        assert_eq!(
            sampled(1.234_567_89e-20).unwrap().to_string(),
            "0.0000000000000000000123456789"
        );
        // 7.9e28 fits (below 79,228,162,514,264,337,593,543,950,335); 8e28 does not.
        assert_eq!(
            sampled(7.9e28).unwrap().to_string(),
            "79000000000000000000000000000"
        );
        assert_eq!(sampled(8e28), Err(NotDecimal::TooLarge));
        assert_eq!(sampled(-1e300), Err(NotDecimal::TooLarge));
        assert_eq!(sampled(f64::NAN), Err(NotDecimal::Undefined));
        assert_eq!(sampled(f64::INFINITY), Err(NotDecimal::Undefined));
    }

    #[test]
    fn sampled_figures_for_people() {
        // 5,806,297.43 to 4 significant digits: 5,806,000
        assert_eq!(human_sampled(5_806_297.43, 4), "5,806,000");
        assert_eq!(human_sampled(0.012_345_6, 4), "0.01235");
        // 7.000000000000000807e28 to 6 digits, not its binary expansion's digits
        assert_eq!(
            human_sampled(7.000_000_000_000_001e28, 6),
            "70,000,000,000,000,000,000,000,000,000"
        );
        assert_eq!(human_sampled(7e29, 4), "7e29");
        assert_eq!(human_sampled(6.666_93e29, 4), "6.667e29");
        // Below 10^-5 a decimal would be a row of zeros (and from 10^-28, too
        // few digits): 1.5e-22, not 0.00000000000000000000015.
        assert_eq!(human_sampled(1.5e-22, 6), "1.5e-22");
        assert_eq!(human_sampled(1.456_789_1e-28, 6), "1.45679e-28");
        assert_eq!(human_sampled(0.000_012_345_67, 4), "0.00001235");
        assert_eq!(human_sampled(f64::NAN, 4), "n/a");
    }
}
