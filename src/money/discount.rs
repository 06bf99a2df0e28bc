/*!
Discounting: payments at different times to present values in one base year.

A payment of `amount` in `year` is worth `amount × factor(year)` in the base year,
where the factor is `1 / (1 + r)^(year − base year)` at a constant rate, or the
product of each year's factor under HM Treasury's Green Book schedule (3.5% a year
for years 0–30, then 3.0%, 2.5%, 2.0%, 1.5% and 1.0% from years 31, 76, 126, 201
and 301). A payment before the base year is compounded forward at the first rate.

Applied to a scenario, every cost line becomes its present value: a fixed or
per-removal amount is discounted from its `year`; a per-year line is spread as one
payment a year from its `start_year` (a fractional last year pays that fraction)
and becomes a fixed line worth the sum of their present values. Factors are carried
to 28 significant digits and present values rounded to a millionth
([`QUOTIENT_DECIMALS`](crate::money::arithmetic::QUOTIENT_DECIMALS)).
*/

use std::fmt;

use rust_decimal::Decimal;

use crate::model::{Basis, Scenario};
use crate::money::arithmetic::Overflow;

/// How future payments are weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// One rate every year, as a fraction (0.035 for 3.5%).
    Constant(Decimal),
    /// The Green Book's declining long-term schedule.
    GreenBook,
}

/// A schedule and the year present values are expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Discount {
    pub schedule: Schedule,
    pub base_year: u16,
}

impl fmt::Display for Discount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.schedule {
            Schedule::Constant(rate) => write!(
                f,
                "present values in {}, discounted at {}% a year",
                self.base_year,
                (rate * Decimal::ONE_HUNDRED).normalize()
            ),
            Schedule::GreenBook => write!(
                f,
                "present values in {}, discounted with the Green Book schedule (3.5% a year for \
                 years 0–30, 3.0% to 75, 2.5% to 125, 2.0% to 200, 1.5% to 300, 1.0% after)",
                self.base_year
            ),
        }
    }
}

/// The Green Book rate for the step into year `t` after the base year (t ≥ 1).
fn green_book_rate(t: i64) -> Decimal {
    let per_mille = match t {
        ..=30 => 35,
        31..=75 => 30,
        76..=125 => 25,
        126..=200 => 20,
        201..=300 => 15,
        _ => 10,
    };
    Decimal::new(per_mille, 3)
}

impl Discount {
    /// The rate for the step into year `t` after the base year.
    fn rate(&self, t: i64) -> Decimal {
        match self.schedule {
            Schedule::Constant(rate) => rate,
            Schedule::GreenBook => green_book_rate(t.max(1)),
        }
    }

    /// The present value in the base year of `amount` paid in `year`.
    pub fn present_value(&self, amount: Decimal, year: u16) -> Result<Decimal, Overflow> {
        Growth::new(self).present_value(amount, year)
    }
}

/// What an overflow of a [`Growth`] factor is called; its help differs from an
/// amount's overflow (the cause is the distance in years, not a typo).
const DISCOUNT_FACTOR: &str = "discount factor";

/// Π (1 + r) over the years between the base year and a payment's year: what a
/// unit grows to (for a later year) or came from (for an earlier one). Each
/// factor is computed once and kept, so a stream of N yearly payments costs N
/// multiplications rather than N²/2; the products are the same, in the same
/// order, as computing each year's factor from the base year.
struct Growth<'a> {
    discount: &'a Discount,
    /// `after[k]`: the factor k years after the base year.
    after: Vec<Decimal>,
    /// `before[k]`: the factor k years before it.
    before: Vec<Decimal>,
}

impl<'a> Growth<'a> {
    fn new(discount: &'a Discount) -> Self {
        Growth {
            discount,
            after: vec![Decimal::ONE],
            before: vec![Decimal::ONE],
        }
    }

    fn factor(&mut self, year: u16) -> Result<Decimal, Overflow> {
        let overflow = Overflow {
            quantity: DISCOUNT_FACTOR,
        };
        let t = i64::from(year) - i64::from(self.discount.base_year);
        let distance = t.unsigned_abs() as usize;
        let factors = if t >= 0 {
            &mut self.after
        } else {
            &mut self.before
        };
        while factors.len() <= distance {
            let step = factors.len() as i64;
            let rate = if t > 0 {
                self.discount.rate(step)
            } else {
                self.discount.rate(1)
            };
            // Rounded to 28 significant digits as it grows: (1.035)^30 alone has
            // 90 decimal places.
            let last = factors[factors.len() - 1];
            factors.push(last.checked_mul(Decimal::ONE + rate).ok_or(overflow)?);
        }
        Ok(factors[distance])
    }

    fn present_value(&mut self, amount: Decimal, year: u16) -> Result<Decimal, Overflow> {
        let growth = self.factor(year)?;
        if year >= self.discount.base_year {
            crate::money::arithmetic::amount_quotient(amount, growth, "present value")
        } else {
            crate::money::arithmetic::amount_product(amount, growth, "present value")
        }
    }
}

/// Why a scenario could not be discounted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscountError {
    /// A fixed or per-removal line without the year it is paid.
    NoYear {
        item: String,
    },
    /// A per-year line without a first year, on the line or as the deal's start.
    NoStartYear {
        item: String,
    },
    Overflow {
        item: String,
        overflow: Overflow,
    },
    /// A per-year line whose yearly payments would run past the last year a
    /// date can have.
    PastLastYear {
        item: String,
        start: u16,
    },
}

impl fmt::Display for DiscountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiscountError::NoYear { item } => write!(
                f,
                "cannot discount cost line \"{item}\": it has no `year` (the year it is paid)"
            ),
            DiscountError::NoStartYear { item } => write!(
                f,
                "cannot discount cost line \"{item}\": it has no `start_year` and the scenario no `start`"
            ),
            DiscountError::Overflow { item, overflow } => {
                write!(f, "cannot discount cost line \"{item}\": {overflow}")
            }
            DiscountError::PastLastYear { item, start } => write!(
                f,
                "cannot discount cost line \"{item}\": paid once a year from {start}, it would \
                 still be paying after the year {LAST_YEAR}"
            ),
        }
    }
}

impl DiscountError {
    pub fn help(&self) -> String {
        match self {
            DiscountError::NoYear { .. } => {
                "add `year = YYYY` to the [[cost]] line: the year the amount is paid".into()
            }
            DiscountError::NoStartYear { .. } => {
                "add `start_year = YYYY` to the [[cost]] line, or `start = YYYY-MM-DD` \
                 to the scenario: the first year it is paid"
                    .into()
            }
            DiscountError::Overflow { overflow, .. } if overflow.quantity == DISCOUNT_FACTOR => {
                "a payment that far from --base-year needs a factor with more digits than an \
                 exact decimal holds: check the line's `year` or `start_year` and `years`, or \
                 choose a --base-year nearer the payments"
                    .into()
            }
            DiscountError::Overflow { .. } => {
                "check the amount for a typo, such as extra digits".into()
            }
            DiscountError::PastLastYear { .. } => {
                "check the line's `years` (or the scenario's `years`, `start` and `end`) and \
                 `start_year`: the amount is paid once a year for that many years"
                    .into()
            }
        }
    }
}

/// The scenario with every cost line replaced by its present value.
pub fn discount_scenario(
    scenario: &Scenario,
    discount: &Discount,
) -> Result<Scenario, Vec<DiscountError>> {
    let mut discounted = scenario.clone();
    let mut errors = Vec::new();
    for (line, original) in discounted.costs.iter_mut().zip(&scenario.costs) {
        let item = line.item.clone();
        let overflow = |overflow| DiscountError::Overflow {
            item: item.clone(),
            overflow,
        };
        match line.basis {
            Basis::Fixed | Basis::PerRemoval => {
                let Some(year) = line.year else {
                    errors.push(DiscountError::NoYear { item: item.clone() });
                    continue;
                };
                match discount.present_value(line.amount, year) {
                    Ok(value) => line.amount = value,
                    Err(e) => errors.push(overflow(e)),
                }
            }
            Basis::PerYear => {
                let Some(start) = line.start_year.or(scenario.start.map(|d| d.year)) else {
                    errors.push(DiscountError::NoStartYear { item: item.clone() });
                    continue;
                };
                // What the line pays in all, exactly as the undiscounted total
                // counts it (a duration from dates is days ÷ 365.25 years),
                // so that a 0% rate changes nothing.
                let total = match scenario.years_for(original) {
                    Some(duration) => {
                        match crate::money::arithmetic::per_year_total(line.amount, duration) {
                            Ok(total) => total,
                            Err(e) => {
                                errors.push(overflow(e));
                                continue;
                            }
                        }
                    }
                    None => continue, // validation guarantees a duration
                };
                match stream_value(discount, line.amount, start, total) {
                    Ok(value) => {
                        line.amount = value;
                        line.basis = Basis::Fixed;
                        line.years = None;
                        line.year = None;
                    }
                    Err(StreamError::Overflow(e)) => errors.push(overflow(e)),
                    Err(StreamError::PastLastYear) => {
                        errors.push(DiscountError::PastLastYear { item, start })
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(discounted)
    } else {
        Err(errors)
    }
}

/// The last year a payment can be made in: the last a TOML date can name.
const LAST_YEAR: u16 = 9999;

enum StreamError {
    Overflow(Overflow),
    PastLastYear,
}

/// The present value of `total` paid as `amount` a year from `start`: one
/// payment a year, the last one what is left (the fraction of a year's amount
/// that a fractional last year pays).
///
/// Rates are never negative, so factors only grow after the base year: once a
/// year's payment is worth less than half a millionth today, every later one
/// rounds to zero too (present values are rounded to a millionth), and the sum
/// is complete. A long stream at a positive rate therefore ends there rather
/// than running into the year limit or an overflowing factor.
fn stream_value(
    discount: &Discount,
    amount: Decimal,
    start: u16,
    total: Decimal,
) -> Result<Decimal, StreamError> {
    let negligible = Decimal::new(5, crate::money::arithmetic::QUOTIENT_DECIMALS + 1);
    let mut growth = Growth::new(discount);
    let mut present_value = Decimal::ZERO;
    let mut left = total;
    let mut year = start;
    while left > Decimal::ZERO {
        if year > LAST_YEAR {
            return Err(StreamError::PastLastYear);
        }
        let payment = left.min(amount);
        let value = growth
            .present_value(payment, year)
            .map_err(StreamError::Overflow)?;
        present_value = crate::money::arithmetic::add(present_value, value, "present value")
            .map_err(StreamError::Overflow)?;
        left -= payment;
        if year > discount.base_year {
            let factor = growth.factor(year).map_err(StreamError::Overflow)?;
            // amount ÷ factor < 0.0000005, without dividing.
            if factor
                .checked_mul(negligible)
                .is_some_and(|bound| amount < bound)
            {
                break;
            }
        }
        year += 1;
    }
    Ok(present_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::dec;

    #[test]
    fn constant_rate_present_values() {
        let discount = Discount {
            schedule: Schedule::Constant(dec("0.1")),
            base_year: 2024,
        };
        // 121 paid in 2026 at 10%: 121 / 1.1^2 = 121 / 1.21 = 100.
        assert_eq!(
            discount.present_value(dec("121"), 2026).unwrap(),
            dec("100")
        );
        // Paid in the base year: unchanged.
        assert_eq!(discount.present_value(dec("50"), 2024).unwrap(), dec("50"));
        // Paid a year before the base year: compounded forward, 100 × 1.1 = 110.
        assert_eq!(
            discount.present_value(dec("100"), 2023).unwrap(),
            dec("110")
        );
    }

    #[test]
    fn green_book_rates_step_down_after_30_years() {
        assert_eq!(green_book_rate(1), dec("0.035"));
        assert_eq!(green_book_rate(30), dec("0.035"));
        assert_eq!(green_book_rate(31), dec("0.030"));
        assert_eq!(green_book_rate(75), dec("0.030"));
        assert_eq!(green_book_rate(76), dec("0.025"));
        assert_eq!(green_book_rate(126), dec("0.020"));
        assert_eq!(green_book_rate(201), dec("0.015"));
        assert_eq!(green_book_rate(301), dec("0.010"));
        let discount = Discount {
            schedule: Schedule::GreenBook,
            base_year: 2000,
        };
        // 1 paid in year 31: 1 / (1.035^30 × 1.03). 1.035^30 = 2.8067937047...
        // × 1.03 = 2.8909975158...; 1 / that = 0.3459013695... → 0.345901 (6 places).
        let value = discount.present_value(dec("1"), 2031).unwrap();
        assert_eq!(value, dec("0.345901"));
        // Year 1: 1.035 / 1.035 = 1.
        assert_eq!(
            discount.present_value(dec("1.035"), 2001).unwrap(),
            dec("1")
        );
    }

    #[test]
    fn a_per_year_stream_is_one_payment_a_year_with_a_fractional_last_year() {
        let discount = Discount {
            schedule: Schedule::Constant(dec("0.1")),
            base_year: 2024,
        };
        // 100 a year for 2.5 years from 2024, 250 in all: 100 (2024) + 100/1.1
        // (2025) + 50/1.21 (2026) = 100 + 90.909091 + 41.322314 = 232.231405
        // (each present value to 6 places).
        assert_eq!(
            stream_value(&discount, dec("100"), 2024, dec("250")).ok(),
            Some(dec("232.231405"))
        );
    }

    #[test]
    fn a_stream_past_the_year_9999_is_refused() {
        // 1 a year from 2024 for 8,000 years would pay until 10023. At 0% each
        // payment is worth 1, so a stream that stops at 9999 is 7,976.
        let discount = Discount {
            schedule: Schedule::Constant(Decimal::ZERO),
            base_year: 2024,
        };
        assert_eq!(
            stream_value(&discount, dec("1"), 2024, dec("7976")).ok(),
            Some(dec("7976"))
        );
        assert!(matches!(
            stream_value(&discount, dec("1"), 2024, dec("8000")),
            Err(StreamError::PastLastYear)
        ));
    }

    #[test]
    fn a_long_stream_at_a_positive_rate_ends_where_payments_round_to_zero() {
        // 1 a year at 100% from the base year: 1/2^k for k = 0, 1, 2, ..., each
        // rounded to a millionth, half away from zero: 1, .5, .25, .125, .0625,
        // .03125, .015625, .007813, .003906, .001953, .000977, .000488,
        // .000244, .000122, .000061, .000031, .000015, .000008, .000004,
        // .000002, .000001 (k = 20: 0.00000095...), then 0 from k = 21
        // (0.00000048...) on. Running sum: 1.984375 after k = 6, 1.992188,
        // 1.996094, 1.998047, 1.999024, 1.999512, 1.999756, 1.999878,
        // 1.999939, 1.999970, 1.999985, 1.999993, 1.999997, 1.999999 and
        // 2.000000 after k = 20.
        let discount = Discount {
            schedule: Schedule::Constant(Decimal::ONE),
            base_year: 2024,
        };
        // 9,000 years would pass 9999, and 2^9000 would overflow: it stops first.
        assert_eq!(
            stream_value(&discount, dec("1"), 2024, dec("9000")).ok(),
            Some(dec("2.000000"))
        );
    }

    /// The factor as the code before the cache computed it: a fresh product
    /// from the base year, for every year.
    fn factor_from_the_base_year(discount: &Discount, year: u16) -> Decimal {
        let t = i64::from(year) - i64::from(discount.base_year);
        let mut growth = Decimal::ONE;
        for step in 1..=t.abs() {
            let rate = if t > 0 {
                discount.rate(step)
            } else {
                discount.rate(1)
            };
            growth = growth.checked_mul(Decimal::ONE + rate).unwrap();
        }
        growth
    }

    #[test]
    fn kept_factors_equal_factors_computed_from_the_base_year() {
        let discount = Discount {
            schedule: Schedule::GreenBook,
            base_year: 2000,
        };
        let mut kept = Growth::new(&discount);
        for year in (1990..=2200).chain([1995, 2050]) {
            let expected = factor_from_the_base_year(&discount, year);
            assert_eq!(kept.factor(year).unwrap(), expected, "{year}");
        }
        // Against the schedule written out (to 9 places): 10 years before the
        // base, 1.035^10 = 1.410598761; 31 after, 1.035^30 × 1.03 =
        // 2.890997516; 76 after, 1.035^30 × 1.03^45 × 1.025 = 10.879513387.
        let mut growth = Growth::new(&discount);
        for (year, expected) in [
            (1990, "1.410598761"),
            (2031, "2.890997516"),
            (2076, "10.879513387"),
        ] {
            assert_eq!(
                growth.factor(year).unwrap().round_dp(9),
                dec(expected),
                "{year}"
            );
        }
    }

    #[test]
    fn a_stream_from_before_the_base_year_compounds_then_discounts() {
        // 100 a year for 5 years from 1998, base 2000, Green Book (3.5% in both
        // directions this close): 100 × 1.035² + 100 × 1.035 + 100 + 100 ÷ 1.035
        // + 100 ÷ 1.035² = 107.1225 + 103.5 + 100 + 96.618357 + 93.351070
        // (each to a millionth) = 500.591927.
        let discount = Discount {
            schedule: Schedule::GreenBook,
            base_year: 2000,
        };
        assert_eq!(
            stream_value(&discount, dec("100"), 1998, dec("500")).ok(),
            Some(dec("500.591927"))
        );
    }
}
