/*!
Money: exact, checked arithmetic on amounts.

[`arithmetic`] adds and multiplies without losing a digit, [`rounding`] is the one rounding rule, [`rates`] the exchange rates and price
indices, [`convert`] moves a scenario's amounts to one currency and price
year, and [`discount`] turns payments in different years into present values.
Overflow is an error, never a panic.

May import `model` and the top-level `diagnostic`; never `clap`, `render`,
`commands` or `cli`, and it never prints.
*/

pub mod arithmetic;
pub mod convert;
pub mod discount;
pub mod rates;
pub mod rounding;
