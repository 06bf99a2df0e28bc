/*!
Checked exact arithmetic on amounts: every sum and product either keeps all
its digits or is an [`Overflow`] error, never a panic or a silently rounded
number; quotients that later sums build on are rounded to
[`QUOTIENT_DECIMALS`] places.
*/

use std::fmt;

use rust_decimal::Decimal;

use crate::model::{Duration, DurationSource};
use crate::money::rounding::round_half_away;

/// A quantity that exact decimal arithmetic cannot hold: above about 7.9 × 10^28,
/// or needing more than 28 decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow {
    pub quantity: &'static str,
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} cannot be computed exactly: it needs more digits than an exact decimal \
             holds (values up to {}, at most 28 decimal places)",
            self.quantity,
            Decimal::MAX
        )
    }
}

impl std::error::Error for Overflow {}

/// `value`, or an [`Overflow`] of `quantity` when a checked operation gave none.
pub fn checked(value: Option<Decimal>, quantity: &'static str) -> Result<Decimal, Overflow> {
    value.ok_or(Overflow { quantity })
}

/// Decimal places kept of a quotient that later sums build on.
pub const QUOTIENT_DECIMALS: u32 = 6;

/// `numerator ÷ denominator` rounded half away from zero to [`QUOTIENT_DECIMALS`]
/// places: for amounts that are quotients (a share of a year, a converted
/// amount) and are then added up.
pub fn amount_quotient(
    numerator: Decimal,
    denominator: Decimal,
    quantity: &'static str,
) -> Result<Decimal, Overflow> {
    let quotient = checked(numerator.checked_div(denominator), quantity)?;
    Ok(round_half_away(quotient, QUOTIENT_DECIMALS))
}

/// `a × b` rounded to [`QUOTIENT_DECIMALS`] places, for a factor that is itself
/// rounded (a discount factor compounded over years), where demanding an exact
/// product would refuse ordinary amounts for no gain in accuracy.
pub fn amount_product(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal, Overflow> {
    let product = checked(a.checked_mul(b), quantity)?;
    Ok(round_half_away(product, QUOTIENT_DECIMALS))
}

/// `a + b`, exactly. `rust_decimal` keeps the larger scale of the two unless the
/// result does not fit, in which case it rounds and the scale drops: that drop
/// is the sign of a lost digit.
pub fn add(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal, Overflow> {
    let sum = checked(a.checked_add(b), quantity)?;
    // Adding a zero (of any scale: 0.00) returns the other number as it is,
    // and a zero sum may come back at any scale: both are exact.
    if !a.is_zero() && !b.is_zero() && !sum.is_zero() && sum.scale() != a.scale().max(b.scale()) {
        return Err(Overflow { quantity });
    }
    Ok(sum)
}

/// `a − b`, exactly (see [`add`]).
pub fn subtract(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal, Overflow> {
    add(a, -b, quantity)
}

/// `a × b`, exactly: the exact product has the two scales added, and
/// `rust_decimal` keeps that scale unless it rounds.
pub fn multiply(a: Decimal, b: Decimal, quantity: &'static str) -> Result<Decimal, Overflow> {
    let product = checked(a.checked_mul(b), quantity)?;
    // Zero is exact whatever scale it comes back with (0 × 55.714308 is 0).
    if !product.is_zero() && product.scale() != a.scale() + b.scale() {
        return Err(Overflow { quantity });
    }
    Ok(product)
}

/// A yearly amount over a duration. Written years multiply exactly; a duration
/// from dates is `days ÷ 365.25` years, so the total is `amount × days × 4 ÷ 1461`
/// with only the final division rounded, to [`QUOTIENT_DECIMALS`] places (not to
/// the 2-decimal years `show` prints).
pub fn per_year_total(amount: Decimal, duration: Duration) -> Result<Decimal, Overflow> {
    match duration.derivation {
        DurationSource::Dates { days } => {
            let quarter_days =
                multiply(amount, Decimal::from(days) * Decimal::from(4), "fixed cost")?;
            amount_quotient(quarter_days, Decimal::from(1461), "fixed cost")
        }
        DurationSource::CostLine | DurationSource::Scenario => {
            multiply(amount, duration.years, "fixed cost")
        }
    }
}
