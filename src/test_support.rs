/*!
Helpers shared by the unit tests of several modules.
*/

use rust_decimal::Decimal;

/// A decimal written as text, exactly (`dec("0.1")`, never via `f64`).
pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}
