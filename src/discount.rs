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
([`QUOTIENT_DECIMALS`](crate::metrics::QUOTIENT_DECIMALS)).
*/

use std::fmt;

use rust_decimal::Decimal;

use crate::metrics::{self, Overflow};
use crate::scenario::{Basis, Scenario};

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

    /// Π (1 + r) over the years between the base year and `year`: what a unit
    /// grows to (for a later year) or came from (for an earlier one).
    fn growth(&self, year: u16) -> Result<Decimal, Overflow> {
        let overflow = Overflow {
            quantity: "discount factor",
        };
        let t = i64::from(year) - i64::from(self.base_year);
        let mut growth = Decimal::ONE;
        for step in 1..=t.abs() {
            let rate = if t > 0 { self.rate(step) } else { self.rate(1) };
            // Rounded to 28 significant digits as it grows: (1.035)^30 alone has
            // 90 decimal places.
            growth = growth.checked_mul(Decimal::ONE + rate).ok_or(overflow)?;
        }
        Ok(growth)
    }

    /// The present value in the base year of `amount` paid in `year`.
    pub fn present_value(&self, amount: Decimal, year: u16) -> Result<Decimal, Overflow> {
        let growth = self.growth(year)?;
        if year >= self.base_year {
            metrics::amount_quotient(amount, growth, "present value")
        } else {
            metrics::amount_product(amount, growth, "present value")
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
            DiscountError::Overflow { .. } => {
                "check the amount for a typo, such as extra digits".into()
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
                    Some(duration) => match metrics::per_year_total(line.amount, duration) {
                        Ok(total) => total,
                        Err(e) => {
                            errors.push(overflow(e));
                            continue;
                        }
                    },
                    None => continue, // validation guarantees a duration
                };
                match stream_value(discount, line.amount, start, total) {
                    Ok(value) => {
                        line.amount = value;
                        line.basis = Basis::Fixed;
                        line.years = None;
                        line.year = None;
                    }
                    Err(e) => errors.push(overflow(e)),
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

/// The present value of `total` paid as `amount` a year from `start`: one
/// payment a year, the last one what is left (the fraction of a year's amount
/// that a fractional last year pays).
fn stream_value(
    discount: &Discount,
    amount: Decimal,
    start: u16,
    total: Decimal,
) -> Result<Decimal, Overflow> {
    let overflow = Overflow {
        quantity: "present value",
    };
    let mut present_value = Decimal::ZERO;
    let mut left = total;
    let mut year = start;
    while left > Decimal::ZERO {
        let payment = left.min(amount);
        present_value = metrics::add(
            present_value,
            discount.present_value(payment, year)?,
            "present value",
        )?;
        left -= payment;
        year = year.checked_add(1).ok_or(overflow)?;
    }
    Ok(present_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

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
            stream_value(&discount, dec("100"), 2024, dec("250")).unwrap(),
            dec("232.231405")
        );
    }
}
