/*!
Moving a scenario's money to one currency and one year's prices.

Each amount goes from (its scenario's currency, its price year) to (the target
currency, the target year) in two steps, the order used by the standard cost
converters of health economics (such as the CCEMG–EPPI-Centre Cost Converter):

1. inflate in the source currency with that currency area's consumer price
   index: × CPI(year) ÷ CPI(price year), so the amount is in that year's prices
   where it was spent;
2. convert at the target year's annual average exchange rate: × (US dollars per
   unit of the source currency) ÷ (US dollars per unit of the target currency).

This is the order of the CCEMG–EPPI-Centre Cost Converter (Shemilt et al., 2010),
which health economists use to bring costs to one currency and price year: it
keeps each country's own inflation with its own money, where converting first
would apply the target country's inflation to money spent elsewhere.

The two steps are multiplied exactly and divided once, so each converted amount
is rounded only once: to a millionth of a unit
([`QUOTIENT_DECIMALS`](crate::money::arithmetic::QUOTIENT_DECIMALS)), so that the sums
built on it stay exact.

A converted [`Scenario`] is an ordinary scenario whose currency and price year are
the target's, so the metrics need know nothing about conversion.
*/

use std::fmt;

use rust_decimal::Decimal;

use crate::model::Scenario;
use crate::money::arithmetic::Overflow;
use crate::money::rates::{Kind, MissingRate, Rates, Series};

/// Where amounts are moved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `None` keeps each scenario's own currency (and only inflates).
    pub currency: Option<String>,
    pub price_year: u16,
}

/// One step of a conversion, for `show`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: Kind,
    /// The value the amount is divided by (CPI of the price year, or US dollars
    /// per unit of the target currency) and the one it is multiplied by.
    pub from_value: Decimal,
    pub to_value: Decimal,
    /// The series each value comes from (its name), for citing.
    pub series: String,
}

impl Step {
    /// The factor the amount is multiplied by, for display (rounded to 28
    /// significant digits; the conversion itself divides only once).
    pub fn factor(&self) -> Option<Decimal> {
        self.to_value.checked_div(self.from_value)
    }
}

/// How one amount was moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub what: String,
    pub amount: Decimal,
    pub currency: String,
    pub price_year: u16,
    pub inflation: Option<Step>,
    pub exchange: Option<Step>,
    pub result: Decimal,
    pub target_currency: String,
    pub target_year: u16,
}

/// Why a scenario could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConversionError {
    /// The amount has no price year to move from.
    NoPriceYear { what: String },
    Missing {
        what: String,
        missing: MissingRate,
        /// The year asked for with --price-year: when the missing value is
        /// that year's, another year is a way out; when it is the amount's own
        /// price year, it is not.
        target_year: u16,
    },
    Overflow {
        what: String,
        overflow: Overflow,
        /// The rates from `--rates` files that the conversion multiplied by,
        /// each with its series and file (`GBP fx 2024 = 1e25 (series "mine",
        /// my-rates.toml)`): the built-in table is sourced and checked, so
        /// when one of these is involved it is the likely typo.
        rates: Vec<String>,
    },
    /// The two years' price indices come from series with different units
    /// (index bases), so their ratio would be meaningless.
    DifferentBases { what: String, bases: DifferentBases },
}

/// What [`DifferentBases`] shows for a series without a `unit`.
const UNIT_NOT_STATED: &str = "no unit stated";

/// Two price-index values on different bases: (year, series name, unit) each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferentBases {
    pub currency: String,
    pub from: (u16, String, String),
    pub to: (u16, String, String),
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConversionError::NoPriceYear { what } => write!(
                f,
                "cannot move {what} to another year's prices: the scenario has no `price_year`"
            ),
            ConversionError::Missing { what, missing, .. } => {
                write!(f, "cannot convert {what}: {missing}")
            }
            ConversionError::Overflow { what, overflow, .. } => {
                write!(f, "cannot convert {what}: {overflow}")
            }
            ConversionError::DifferentBases { what, bases } => {
                let DifferentBases { currency, from, to } = bases;
                write!(
                    f,
                    "cannot convert {what}: the {currency} price indices for {} and {} are on \
                     different bases (\"{}\" in {}; \"{}\" in {})",
                    from.0, to.0, from.2, from.1, to.2, to.1
                )
            }
        }
    }
}

impl ConversionError {
    pub fn help(&self) -> String {
        match self {
            ConversionError::NoPriceYear { .. } => {
                "add `price_year = YEAR` at the top of the scenario \
                 (the year whose prices its amounts are in), or `price_year` on the cost line"
                    .into()
            }
            ConversionError::Missing {
                missing,
                target_year,
                ..
            } => {
                if missing.year == *target_year {
                    format!("{}, or choose another --price-year", missing.help())
                } else {
                    format!(
                        "{}, or use --price-year {} (the amount's own price year), which needs \
                         no {} price index",
                        missing.help(),
                        missing.year,
                        missing.currency
                    )
                }
            }
            ConversionError::Overflow { rates, .. } if !rates.is_empty() => format!(
                "the amount times the rates from --rates needs more digits than an exact \
                 decimal holds: check {} for a typo, such as extra digits",
                rates.join("; ")
            ),
            ConversionError::Overflow { .. } => {
                "check the amount for a typo, such as extra digits".into()
            }
            ConversionError::DifferentBases { bases, .. } => {
                let stated = [&bases.from.2, &bases.to.2]
                    .into_iter()
                    .find(|unit| *unit != UNIT_NOT_STATED);
                match stated {
                    Some(unit) => format!(
                        "give both years' values in one series of a rates file (--rates), on one \
                         base; if a series of yours is on the base \"{unit}\", say so with \
                         unit = \"{unit}\""
                    ),
                    None => "give both years' values in one series of a rates file (--rates), \
                             on one base, and state it with unit = \"...\""
                        .into(),
                }
            }
        }
    }
}

/// A scenario with every amount in the target currency and year, and how each
/// amount got there.
#[derive(Debug, Clone)]
pub struct Converted {
    pub scenario: Scenario,
    pub conversions: Vec<Conversion>,
    /// Every value of the rates table the conversions used, once each, in the
    /// order of [`RateUsed::key`].
    pub rates_used: Vec<RateUsed>,
}

/// One value of the rates table that a conversion multiplied or divided by,
/// with the series it was taken from and that series' citation: what a
/// report lists so a reader can check the conversion without costcalc.
#[derive(Debug, Clone, PartialEq)]
pub struct RateUsed {
    pub kind: Kind,
    pub currency: String,
    pub year: u16,
    pub value: Decimal,
    /// The series' name, and where it comes from (as in the rates file).
    pub series: String,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub retrieved: Option<String>,
    /// The rates file (`builtin:data/rates.toml`, or a `--rates` file).
    pub file: String,
}

impl RateUsed {
    fn new(kind: Kind, currency: &str, year: u16, value: Decimal, series: &Series) -> RateUsed {
        RateUsed {
            kind,
            currency: currency.to_string(),
            year,
            value,
            series: series.name.clone(),
            unit: series.unit.clone(),
            source: series.source.clone(),
            title: series.title.clone(),
            url: series.url.clone(),
            retrieved: series.retrieved.clone(),
            file: series.file.clone(),
        }
    }

    /// What identifies a value of the table: price indices before exchange
    /// rates, then by currency and year.
    pub fn key(&self) -> (Kind, &str, u16) {
        (self.kind, &self.currency, self.year)
    }
}

/// `used` with each value of the table once, in the order of [`RateUsed::key`].
pub fn distinct(mut used: Vec<RateUsed>) -> Vec<RateUsed> {
    used.sort_by(|a, b| a.key().cmp(&b.key()));
    used.dedup_by(|a, b| a.key() == b.key());
    used
}

/// Moves every amount of a scenario (cost lines and the baseline) to `target`,
/// or reports every amount that cannot be moved.
pub fn convert_scenario(
    scenario: &Scenario,
    target: &Target,
    rates: &Rates,
) -> Result<Converted, Vec<ConversionError>> {
    let target_currency = target
        .currency
        .clone()
        .unwrap_or_else(|| scenario.currency.clone());
    let mut converted = scenario.clone();
    let mut conversions = Vec::new();
    let mut rates_used = Vec::new();
    let mut errors = Vec::new();
    let mut convert = |what: String, amount: Decimal, year: Option<u16>| -> Option<Decimal> {
        let Some(year) = year else {
            errors.push(ConversionError::NoPriceYear { what });
            return None;
        };
        match convert_amount(
            amount,
            &scenario.currency,
            year,
            &target_currency,
            target.price_year,
            rates,
        ) {
            Ok((inflation, exchange, result, used)) => {
                rates_used.extend(used);
                conversions.push(Conversion {
                    what,
                    amount,
                    currency: scenario.currency.clone(),
                    price_year: year,
                    inflation,
                    exchange,
                    result,
                    target_currency: target_currency.clone(),
                    target_year: target.price_year,
                });
                Some(result)
            }
            Err(error) => {
                match error {
                    AmountError::Missing(missing) => {
                        errors.extend(missing.into_iter().map(|missing| ConversionError::Missing {
                            what: what.clone(),
                            missing,
                            target_year: target.price_year,
                        }))
                    }
                    AmountError::Overflow(overflow, rates) => {
                        errors.push(ConversionError::Overflow {
                            what,
                            overflow,
                            rates,
                        })
                    }
                    AmountError::DifferentBases(bases) => {
                        errors.push(ConversionError::DifferentBases {
                            what,
                            bases: *bases,
                        })
                    }
                }
                None
            }
        }
    };
    for line in &mut converted.costs {
        let year = line.price_year.or(scenario.price_year);
        if let Some(result) = convert(format!("cost line \"{}\"", line.item), line.amount, year) {
            line.amount = result;
            line.price_year = None;
        }
    }
    if let Some(baseline) = &mut converted.baseline
        && let Some(result) = convert(
            "the baseline cost per person".into(),
            baseline.cost_per_person,
            scenario.baseline_price_year(),
        )
    {
        baseline.cost_per_person = result;
        baseline.price_year = None;
    }
    if !errors.is_empty() {
        return Err(dedupe(errors));
    }
    converted.currency = target_currency;
    converted.price_year = Some(target.price_year);
    Ok(Converted {
        scenario: converted,
        conversions,
        rates_used: distinct(rates_used),
    })
}

/// One missing rate is reported once, not once per cost line that needs it.
fn dedupe(errors: Vec<ConversionError>) -> Vec<ConversionError> {
    let mut kept: Vec<ConversionError> = Vec::new();
    for error in errors {
        let repeat = kept.iter().any(|k| match (k, &error) {
            (
                ConversionError::Missing { missing: a, .. },
                ConversionError::Missing { missing: b, .. },
            ) => a == b,
            (ConversionError::NoPriceYear { .. }, ConversionError::NoPriceYear { .. }) => true,
            _ => false,
        });
        if !repeat {
            kept.push(error);
        }
    }
    kept
}

enum AmountError {
    Missing(Vec<MissingRate>),
    /// With the rates multiplied by (see [`ConversionError::Overflow`]).
    Overflow(Overflow, Vec<String>),
    DifferentBases(Box<DifferentBases>),
}

/// `amount` in (`currency`, `year`) prices → (`target_currency`, `target_year`):
/// amount × CPI(target year) × USD-per-source ÷ (CPI(year) × USD-per-target),
/// with the steps and the table's values it used (a dollar's 1 is none).
#[allow(clippy::type_complexity)]
fn convert_amount(
    amount: Decimal,
    currency: &str,
    year: u16,
    target_currency: &str,
    target_year: u16,
    rates: &Rates,
) -> Result<(Option<Step>, Option<Step>, Decimal, Vec<RateUsed>), AmountError> {
    // Every value the conversion needs is looked up before any is given up
    // on, so that one run names all that are missing, not one at a time.
    let indices = (year != target_year).then(|| {
        (
            rates.value(Kind::Cpi, currency, year),
            rates.value(Kind::Cpi, currency, target_year),
        )
    });
    // US dollars per unit of each currency (a dollar is a dollar).
    let usd_per = |code: &str| {
        if code == "USD" {
            Ok((Decimal::ONE, "US dollar".to_string()))
        } else {
            rates
                .value(Kind::Fx, code, target_year)
                .map(|(value, series)| (value, series.name.clone()))
        }
    };
    let exchange_rates =
        (currency != target_currency).then(|| (usd_per(currency), usd_per(target_currency)));
    let missing: Vec<MissingRate> = indices
        .iter()
        .flat_map(|(from, to)| [from.as_ref().err(), to.as_ref().err()])
        .chain(
            exchange_rates
                .iter()
                .flat_map(|(from, to)| [from.as_ref().err(), to.as_ref().err()]),
        )
        .flatten()
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(AmountError::Missing(missing));
    }

    let inflation = match indices {
        None => None,
        Some((Ok((from_value, series)), Ok((to_value, to_series)))) => {
            // Two series can be combined only when both state the same base:
            // a value on another base (or an unstated one) would make the ratio
            // meaningless without any sign of it.
            let same_base = match (&series.unit, &to_series.unit) {
                (Some(from_unit), Some(to_unit)) => from_unit == to_unit,
                _ => false,
            };
            if !std::ptr::eq(series, to_series) && !same_base {
                let stated = |unit: &Option<String>| {
                    unit.clone().unwrap_or_else(|| UNIT_NOT_STATED.to_string())
                };
                return Err(AmountError::DifferentBases(Box::new(DifferentBases {
                    currency: currency.to_string(),
                    from: (year, series.name.clone(), stated(&series.unit)),
                    to: (target_year, to_series.name.clone(), stated(&to_series.unit)),
                })));
            }
            // A value may come from a later series (a --rates file) than the other
            // year's: the path then names both.
            let series = if series.name == to_series.name {
                series.name.clone()
            } else {
                format!(
                    "{} ({year}); {} ({target_year})",
                    series.name, to_series.name
                )
            };
            Some(Step {
                kind: Kind::Cpi,
                from_value,
                to_value,
                series,
            })
        }
        // Returned above already; never a silent 1.0.
        Some((Err(missing), _) | (_, Err(missing))) => {
            return Err(AmountError::Missing(vec![missing]));
        }
    };
    let exchange = match exchange_rates {
        None => None,
        Some((Ok((to_value, from_series)), Ok((from_value, to_series)))) => {
            let series = match (currency, target_currency) {
                ("USD", _) => to_series,
                (_, "USD") => from_series,
                _ => format!("{from_series}; {to_series}"),
            };
            Some(Step {
                kind: Kind::Fx,
                from_value,
                to_value,
                series,
            })
        }
        Some((Err(missing), _) | (_, Err(missing))) => {
            return Err(AmountError::Missing(vec![missing]));
        }
    };
    let overflow = |overflow| {
        let described = lookups(currency, year, target_currency, target_year)
            .filter_map(|(kind, code, year)| {
                let (value, series) = rates.value(kind, code, year).ok()?;
                (series.file != crate::money::rates::DEFAULT_TABLE_NAME).then_some(())?;
                Some(format!(
                    "{code} {} {year} = {value} (series \"{}\", {})",
                    kind.as_str(),
                    series.name,
                    series.file
                ))
            })
            .collect();
        AmountError::Overflow(overflow, described)
    };
    let mut numerator = amount;
    let mut denominator = Decimal::ONE;
    for step in inflation.iter().chain(exchange.iter()) {
        numerator =
            crate::money::arithmetic::multiply(numerator, step.to_value, "converted amount")
                .map_err(overflow)?;
        denominator =
            crate::money::arithmetic::multiply(denominator, step.from_value, "converted amount")
                .map_err(overflow)?;
    }
    let result =
        crate::money::arithmetic::amount_quotient(numerator, denominator, "converted amount")
            .map_err(overflow)?;
    let used = lookups(currency, year, target_currency, target_year)
        .filter_map(|(kind, code, year)| {
            let (value, series) = rates.value(kind, code, year).ok()?;
            Some(RateUsed::new(kind, code, year, value, series))
        })
        .collect();
    Ok((inflation, exchange, result, used))
}

/// The table's values (kind, currency, year) that moving an amount from
/// (`currency`, `year`) to (`target_currency`, `target_year`) looks up. A
/// US dollar's exchange rate is no lookup: [`Rates::value`] has none.
fn lookups<'a>(
    currency: &'a str,
    year: u16,
    target_currency: &'a str,
    target_year: u16,
) -> impl Iterator<Item = (Kind, &'a str, u16)> {
    let inflate = year != target_year;
    let exchange = currency != target_currency;
    [
        inflate.then_some((Kind::Cpi, currency, year)),
        inflate.then_some((Kind::Cpi, currency, target_year)),
        exchange.then_some((Kind::Fx, currency, target_year)),
        exchange.then_some((Kind::Fx, target_currency, target_year)),
    ]
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Baseline, Basis, CostLine};

    use crate::test_support::dec;

    /// A small table with round numbers, so every expectation can be worked by hand.
    fn rates() -> Rates {
        let mut rates = Rates::default();
        rates
            .add_file(
                "test.toml",
                r#"
[[series]]
kind = "cpi"
currency = "GBP"
name = "test GBP CPI"
[series.values]
"2022" = "100"
"2024" = "110"

[[series]]
kind = "cpi"
currency = "USD"
name = "test USD CPI"
[series.values]
"2024" = "300"
"2025" = "309"

[[series]]
kind = "fx"
currency = "GBP"
name = "test GBP FX"
[series.values]
"2024" = "1.25"

[[series]]
kind = "fx"
currency = "EUR"
name = "test EUR FX"
[series.values]
"2024" = "1.08"
"#,
            )
            .unwrap();
        rates
    }

    fn scenario(
        currency: &str,
        price_year: Option<u16>,
        amounts: &[(&str, Option<u16>)],
    ) -> Scenario {
        let costs = amounts
            .iter()
            .enumerate()
            .map(|(i, (amount, year))| CostLine {
                item: format!("line {i}"),
                amount: dec(amount),
                basis: Basis::Fixed,
                years: None,
                price_year: *year,
                year: None,
                start_year: None,
                source: None,
                note: None,
            })
            .collect();
        Scenario {
            price_year,
            costs,
            ..Scenario::new("test", currency)
        }
    }

    fn target(currency: Option<&str>, year: u16) -> Target {
        Target {
            currency: currency.map(String::from),
            price_year: year,
        }
    }

    #[test]
    fn inflates_in_the_source_currency_then_converts() {
        // GBP 1,000 at 2022 prices → 2024 prices: × 110 / 100 = GBP 1,100;
        // → USD at 2024's rate: × 1.25 = USD 1,375.
        let s = scenario("GBP", Some(2022), &[("1000", None)]);
        let converted = convert_scenario(&s, &target(Some("USD"), 2024), &rates()).unwrap();
        assert_eq!(converted.scenario.costs[0].amount, dec("1375"));
        assert_eq!(converted.scenario.currency, "USD");
        assert_eq!(converted.scenario.price_year, Some(2024));
        let conversion = &converted.conversions[0];
        assert_eq!(
            conversion.inflation.as_ref().unwrap().factor(),
            Some(dec("1.1"))
        );
        assert_eq!(
            conversion.exchange.as_ref().unwrap().factor(),
            Some(dec("1.25"))
        );
    }

    #[test]
    fn converts_between_two_currencies_through_the_dollar() {
        // GBP 1,080 at 2024 prices → EUR: × 1.25 (USD per GBP) ÷ 1.08 (USD per EUR)
        //   = 1,350 ÷ 1.08 = EUR 1,250.
        let s = scenario("GBP", Some(2024), &[("1080", None)]);
        let converted = convert_scenario(&s, &target(Some("EUR"), 2024), &rates()).unwrap();
        assert_eq!(converted.scenario.costs[0].amount, dec("1250"));
        assert!(
            converted.conversions[0].inflation.is_none(),
            "same year: no CPI step"
        );
    }

    #[test]
    fn the_values_a_conversion_used_are_listed_once_each_with_their_series() {
        // Two GBP lines at 2022 prices and one at 2024 → EUR 2024 prices.
        // Lines 0 and 1 need GBP CPI 2022 (100) and 2024 (110); all three
        // need GBP FX 2024 (1.25) and EUR FX 2024 (1.08): four values, each
        // listed once, price indices first, then by currency and year.
        let s = scenario(
            "GBP",
            Some(2022),
            &[("1", None), ("2", None), ("3", Some(2024))],
        );
        let converted = convert_scenario(&s, &target(Some("EUR"), 2024), &rates()).unwrap();
        let listed: Vec<(Kind, &str, u16, Decimal, &str)> = converted
            .rates_used
            .iter()
            .map(|r| {
                (
                    r.kind,
                    r.currency.as_str(),
                    r.year,
                    r.value,
                    r.series.as_str(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                (Kind::Cpi, "GBP", 2022, dec("100"), "test GBP CPI"),
                (Kind::Cpi, "GBP", 2024, dec("110"), "test GBP CPI"),
                (Kind::Fx, "EUR", 2024, dec("1.08"), "test EUR FX"),
                (Kind::Fx, "GBP", 2024, dec("1.25"), "test GBP FX"),
            ]
        );
        assert!(converted.rates_used.iter().all(|r| r.file == "test.toml"));
        // To US dollars in the same year: a dollar needs no rate, so GBP's
        // exchange rate is the only value used.
        let s = scenario("GBP", Some(2024), &[("1", None)]);
        let converted = convert_scenario(&s, &target(Some("USD"), 2024), &rates()).unwrap();
        let keys: Vec<_> = converted.rates_used.iter().map(RateUsed::key).collect();
        assert_eq!(keys, [(Kind::Fx, "GBP", 2024)]);
        // Nothing to move: nothing used.
        let converted = convert_scenario(&s, &target(None, 2024), &rates()).unwrap();
        assert!(converted.rates_used.is_empty());
    }

    #[test]
    fn a_cost_line_can_carry_its_own_price_year() {
        // Line 0 uses the scenario's 2024; line 1 is in 2025 prices:
        // USD 309 at 2025 prices → 2024 prices: × 300 / 309 = USD 300.
        let s = scenario("USD", Some(2024), &[("100", None), ("309", Some(2025))]);
        let converted = convert_scenario(&s, &target(None, 2024), &rates()).unwrap();
        assert_eq!(converted.scenario.costs[0].amount, dec("100"));
        assert_eq!(converted.scenario.costs[1].amount, dec("300"));
    }

    #[test]
    fn the_baseline_is_converted_too() {
        // GBP 106,000 at 2024 prices → USD: × 1.25 = USD 132,500.
        let mut s = scenario("GBP", Some(2024), &[]);
        s.baseline = Some(Baseline {
            label: None,
            cost_per_person: dec("106000"),
            price_year: None,
            source: None,
            note: None,
        });
        let converted = convert_scenario(&s, &target(Some("USD"), 2024), &rates()).unwrap();
        assert_eq!(
            converted.scenario.baseline.unwrap().cost_per_person,
            dec("132500")
        );
    }

    #[test]
    fn price_indices_from_two_series_are_named_and_must_share_a_base() {
        // The test table's GBP CPI has 2022 and 2024; a file adds 2023 = 105.
        // On one stated base, GBP 2023 → GBP 2024 is 105 × 110 ÷ 105 = 110, and
        // the path names both series.
        let add = |unit: &str| {
            let mut rates = rates();
            let file = format!(
                "[[series]]\nkind = \"cpi\"\ncurrency = \"GBP\"\nname = \"mine\"\n{unit}\
                 [series.values]\n\"2023\" = \"105\"\n"
            );
            rates.add_file("mine.toml", &file).unwrap();
            rates
        };
        let s = scenario("GBP", Some(2023), &[("105", None)]);
        let same_base = |rates: Rates| {
            let mut rates = rates;
            rates.series[0].unit = Some("index, 2015 = 100".into());
            rates
        };
        let converted = convert_scenario(
            &s,
            &target(Some("GBP"), 2024),
            &same_base(add("unit = \"index, 2015 = 100\"\n")),
        )
        .unwrap();
        assert_eq!(converted.scenario.costs[0].amount, dec("110"));
        let step = converted.conversions[0].inflation.as_ref().unwrap();
        assert_eq!(step.series, "mine (2023); test GBP CPI (2024)");

        // A series that states no base cannot be joined to one that does (the
        // ABS re-based its CPI in 2025: a 2025 value on the new base joined to
        // the old series would be off by more than a quarter, with no sign of it).
        let errors =
            convert_scenario(&s, &target(Some("GBP"), 2024), &same_base(add(""))).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "cannot convert cost line \"line 0\": the GBP price indices for 2023 and 2024 are on \
             different bases (\"no unit stated\" in mine; \"index, 2015 = 100\" in test GBP CPI)"
        );

        // Two series that both state their unit must state the same one.
        let mut rates = add("unit = \"index, 2005 = 100\"\n");
        rates.series[0].unit = Some("index, 2015 = 100".into());
        let errors = convert_scenario(&s, &target(Some("GBP"), 2024), &rates).unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "cannot convert cost line \"line 0\": the GBP price indices for 2023 and 2024 are on \
             different bases (\"index, 2005 = 100\" in mine; \"index, 2015 = 100\" in test GBP CPI)"
        );
    }

    #[test]
    fn a_missing_rate_is_an_error_naming_what_is_missing() {
        // No GBP CPI for 2023 in the table, and no AUD series at all.
        let s = scenario("GBP", Some(2023), &[("1", None), ("2", None)]);
        let errors = convert_scenario(&s, &target(Some("USD"), 2024), &rates()).unwrap_err();
        assert_eq!(
            errors.len(),
            1,
            "one missing value is reported once: {errors:?}"
        );
        assert_eq!(
            errors[0].to_string(),
            "cannot convert cost line \"line 0\": no consumer price index for GBP in 2023 \
             (the table has GBP cpi for 2022, 2024)"
        );
        let s = scenario("AUD", Some(2024), &[("1", None)]);
        let errors = convert_scenario(&s, &target(Some("USD"), 2024), &rates()).unwrap_err();
        assert!(
            errors[0]
                .to_string()
                .contains("the table has no fx series for AUD"),
            "{}",
            errors[0]
        );
        assert!(errors[0].help().contains("--rates FILE"));
    }

    #[test]
    fn every_missing_value_of_a_conversion_is_named_at_once() {
        // GBP 2023 → USD 2025 with the test table (GBP CPI 2022 and 2024, GBP
        // FX 2024): the CPI for 2023 and for 2025 and the FX rate for 2025 are
        // all missing, and two lines needing them still make three errors.
        let s = scenario("GBP", Some(2023), &[("1", None), ("2", None)]);
        let errors = convert_scenario(&s, &target(Some("USD"), 2025), &rates()).unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "cannot convert cost line \"line 0\": no consumer price index for GBP in 2023 \
                 (the table has GBP cpi for 2022, 2024)",
                "cannot convert cost line \"line 0\": no consumer price index for GBP in 2025 \
                 (the table has GBP cpi for 2022, 2024)",
                "cannot convert cost line \"line 0\": no exchange rate (US dollars per unit) for \
                 GBP in 2025 (the table has GBP fx for 2024)",
            ]
        );
    }

    #[test]
    fn the_way_out_named_depends_on_which_year_is_missing() {
        // Test table: GBP CPI for 2022 and 2024 only.
        // Amounts in 2023 prices to 2024: the amount's own year is missing, and
        // only --price-year 2023 itself needs no index for it.
        let s = scenario("GBP", Some(2023), &[("1", None)]);
        let errors = convert_scenario(&s, &target(Some("GBP"), 2024), &rates()).unwrap_err();
        let help = errors[0].help();
        assert!(!help.contains("or choose another --price-year"), "{help}");
        assert!(
            help.ends_with(
                "or use --price-year 2023 (the amount's own price year), which needs no GBP \
                 price index"
            ),
            "{help}"
        );
        assert!(convert_scenario(&s, &target(Some("GBP"), 2023), &rates()).is_ok());
        // Amounts in 2022 prices to 2023: the target year is missing.
        let s = scenario("GBP", Some(2022), &[("1", None)]);
        let errors = convert_scenario(&s, &target(Some("GBP"), 2023), &rates()).unwrap_err();
        assert!(errors[0].help().ends_with("or choose another --price-year"));
    }

    #[test]
    fn without_a_price_year_nothing_can_be_moved() {
        let s = scenario("GBP", None, &[("1", None)]);
        let errors = convert_scenario(&s, &target(Some("USD"), 2024), &rates()).unwrap_err();
        assert_eq!(
            errors,
            vec![ConversionError::NoPriceYear {
                what: "cost line \"line 0\"".into()
            }]
        );
        assert!(errors[0].help().contains("price_year = YEAR"));
    }

    #[test]
    fn later_rates_override_earlier_ones() {
        let mut rates = rates();
        rates
            .add_file(
                "override.toml",
                "[[series]]\nkind = \"fx\"\ncurrency = \"GBP\"\nname = \"mine\"\n[series.values]\n\"2024\" = 1.5\n",
            )
            .unwrap();
        // GBP 100 × 1.5 = USD 150 with the override.
        let s = scenario("GBP", Some(2024), &[("100", None)]);
        let converted = convert_scenario(&s, &target(Some("USD"), 2024), &rates).unwrap();
        assert_eq!(converted.scenario.costs[0].amount, dec("150"));
        assert_eq!(
            converted.conversions[0].exchange.as_ref().unwrap().series,
            "mine"
        );
    }
}
