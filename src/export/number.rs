/*!
How numbers are written, for machines (CSV, JSON) and for people (table, Markdown).

Rounding is [`crate::rounding`]'s one rule: half away from zero (2.345 → 2.35),
the rule of financial reports, rather than `rust_decimal`'s banker's rounding.

- Machine formats: money to exactly 2 decimals, ratios as fractions to exactly 6
  decimals, counts as they are; `.` as the decimal point, no separators.
- People: money to whole units with thousands separators and the currency code,
  shares as percentages to 1 decimal, multiples to 1 decimal (whole ones from 10×).
*/

use rust_decimal::Decimal;

use crate::rounding::round_half_away;

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
/// the general-purpose formatter: CSV output writes tens of thousands of these.
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

/// `1234567.891` with 2 decimals → `"1,234,567.89"`.
pub fn grouped(value: Decimal, decimals: u32) -> String {
    let text = round(value, decimals).to_string();
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
/// `">99.9%"`: "none" and "all" are claims a reader may quote.
pub fn human_percent(share: Decimal) -> String {
    let percent = share * Decimal::ONE_HUNDRED;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
