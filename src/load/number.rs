/*!
Numbers as people type them: `14,559`, `$14,559`, `£700m`, `USD 5`, `3,5`, `60%`.

The scenario reader and every numeric option of the command line (`--set`,
`--vary`, `--target`, `--wtp`, `--threshold`, `--discount-rate`) explain such a
number through [`misread`], so the same slip gets the same hint wherever it is
made. [`typed`] is the one parser of the command line's decimals.

The rule for percentages: on the command line `60%` means 0.6 wherever a share,
probability or ratio is asked for ([`Unit::Share`]), and 60 where the option is
itself in percent ([`Unit::Percent`], `--discount-rate`); it is refused, with a
hint, for money, counts and years. A scenario file is TOML, which has no `%`: it
is told to write the share (0.6).
*/

use rust_decimal::Decimal;

use super::parse::exact_decimal;

/// The hint for a `%` where no share is asked for.
pub const NOT_A_SHARE: &str =
    "write the number itself (a `%` is read only for shares, probabilities and rates)";

/// What a number on the command line is, which decides what `%` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Money, a count or a year: no `%`.
    Plain,
    /// A share, probability or ratio held as a fraction: `60%` is 0.6.
    Share,
    /// A rate the option takes in percent (`--discount-rate 3.5`): `3.5%` is 3.5.
    Percent,
}

/// A number written as in prose rather than as digits, and the plain number meant.
#[derive(Debug, Clone, PartialEq)]
pub struct Misread {
    /// The number meant: `14559` for `$14,559`, `0.6` for `60%`.
    pub plain: Decimal,
    slip: Slip,
}

#[derive(Debug, Clone, PartialEq)]
enum Slip {
    /// What to leave out: "a currency sign", "thousands separators", ...
    Without(Vec<&'static str>),
    /// `3,5`: a comma where the decimal point goes.
    DecimalComma,
    /// `60%`.
    Percent,
}

impl Misread {
    /// Whether the slip is a percent sign.
    pub fn is_percent(&self) -> bool {
        self.slip == Slip::Percent
    }

    /// How to write it, ending with `written`, the plain form in the place's
    /// syntax (`14559` on the command line, `amount = 14_559` in a file):
    /// "write it without thousands separators: 14559". `quoted` adds the
    /// quotes of a file's text value to what to leave out.
    pub fn hint(&self, quoted: bool, written: &str) -> String {
        let mut without = match &self.slip {
            Slip::Without(without) => without.clone(),
            Slip::DecimalComma => {
                let quotes = if quoted { ", without quotes" } else { "" };
                return format!("write decimals with a point{quotes}: {written}");
            }
            Slip::Percent => {
                let quotes = if quoted { ", without quotes" } else { "" };
                return format!("write a share as a fraction, without `%`{quotes}: {written}");
            }
        };
        if quoted {
            without.insert(0, "quotes");
        }
        let list = match without.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        format!("write it without {list}: {written}")
    }
}

/// The plain number meant by `text` when it is written as in prose, or `None`
/// when it is a plain number already or not a number at all.
pub fn misread(text: &str) -> Option<Misread> {
    let text = text.trim().trim_matches('"').trim();
    let mut without = Vec::new();
    let rest = without_currency(text);
    if rest.len() != text.len() {
        without.push("a currency sign");
    }
    if let Some(percent) = rest.strip_suffix('%') {
        let number = exact_decimal(percent.trim()).ok()?;
        return without.is_empty().then(|| Misread {
            plain: (number / Decimal::ONE_HUNDRED).normalize(),
            slip: Slip::Percent,
        });
    }
    let lower = rest.to_lowercase();
    let (digits, power) = [
        ("billion", 9),
        ("million", 6),
        ("bn", 9),
        ("b", 9),
        ("m", 6),
        ("k", 3),
    ]
    .iter()
    .find_map(|(suffix, power)| {
        lower
            .strip_suffix(suffix)
            .map(|digits| (digits.trim().to_string(), *power))
    })
    .unwrap_or((lower.clone(), 0));
    let mut digits = digits;
    if digits.contains(',') {
        if is_grouped(&digits) {
            without.push("thousands separators");
            digits = digits.replace(',', "");
        } else if without.is_empty() && power == 0 && digits.matches(',').count() == 1 {
            let plain = exact_decimal(&digits.replace(',', ".")).ok()?;
            return Some(Misread {
                plain,
                slip: Slip::DecimalComma,
            });
        } else {
            return None;
        }
    }
    if power > 0 {
        without.push("m/bn/k (write every digit)");
    }
    let number = exact_decimal(&digits).ok()?;
    let plain = super::parse::scale_by_power_of_ten(number, power)?.normalize();
    (!without.is_empty()).then_some(Misread {
        plain,
        slip: Slip::Without(without),
    })
}

/// `text` without a currency sign or ISO code before or after it:
/// `$14,559`, `£5`, `US$ 5`, `USD 5`, `5 EUR`, `5€`.
fn without_currency(text: &str) -> &str {
    const SIGNS: [char; 5] = ['£', '$', '€', '¥', '₹'];
    let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
    // A sign, perhaps after a country's letters (US$, A$, NZ$).
    let letters = text.len()
        - text
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .len();
    let after_letters = &text[letters..];
    if letters <= 2
        && let Some(rest) = after_letters.strip_prefix(SIGNS)
    {
        return rest.trim();
    }
    if let Some(rest) = text.strip_suffix(SIGNS) {
        return rest.trim();
    }
    if let Some((code, rest)) = text.split_once(' ')
        && is_code(code)
    {
        return rest.trim();
    }
    if let Some((rest, code)) = text.rsplit_once(' ')
        && is_code(code)
    {
        return rest.trim();
    }
    text
}

/// `1,000` or `-14,559.50`: digits grouped in threes by commas.
fn is_grouped(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let whole = unsigned.split('.').next().unwrap_or("");
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A decimal given on the command line, exactly as written; the error says how
/// to write one that was typed as in prose.
pub fn typed(text: &str, unit: Unit) -> Result<Decimal, String> {
    let text = text.trim();
    let exact = exact_decimal(text);
    if exact.is_ok() {
        return exact;
    }
    match misread(text) {
        Some(misread) if misread.is_percent() => match unit {
            Unit::Share => Ok(misread.plain),
            Unit::Percent => exact_decimal(text.trim_end_matches('%').trim()),
            Unit::Plain => Err(format!("`{text}` is a percentage: {NOT_A_SHARE}")),
        },
        Some(misread) => Err(misread.hint(false, &misread.plain.to_string())),
        None => exact,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(text: &str) -> Option<String> {
        misread(text).map(|m| m.hint(false, &m.plain.to_string()))
    }

    #[test]
    fn slips_are_explained_with_the_number_meant() {
        let cases = [
            ("14,559", "write it without thousands separators: 14559"),
            (
                "$14,559",
                "write it without a currency sign or thousands separators: 14559",
            ),
            ("£5", "write it without a currency sign: 5"),
            ("USD 5", "write it without a currency sign: 5"),
            ("5 EUR", "write it without a currency sign: 5"),
            ("US$5", "write it without a currency sign: 5"),
            (
                "1,000,000.5",
                "write it without thousands separators: 1000000.5",
            ),
            // 700 × 10^6.
            (
                "£700m",
                "write it without a currency sign or m/bn/k (write every digit): 700000000",
            ),
            ("3,5", "write decimals with a point: 3.5"),
            ("60%", "write a share as a fraction, without `%`: 0.6"),
        ];
        for (text, expected) in cases {
            assert_eq!(hint(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn plain_numbers_and_non_numbers_have_no_hint() {
        for text in ["14559", "0.6", "1e3", "abc", "1,2,3", "$", "60%%", "$60%"] {
            assert_eq!(hint(text), None, "{text}");
        }
    }

    #[test]
    fn a_percent_is_read_only_where_a_share_or_rate_is_asked_for() {
        assert_eq!(typed("60%", Unit::Share), Ok(Decimal::new(6, 1)));
        assert_eq!(typed("3.5%", Unit::Percent), Ok(Decimal::new(35, 1)));
        assert!(
            typed("60%", Unit::Plain)
                .unwrap_err()
                .contains("is a percentage")
        );
        assert_eq!(typed(" 0.6 ", Unit::Plain), Ok(Decimal::new(6, 1)));
    }
}
