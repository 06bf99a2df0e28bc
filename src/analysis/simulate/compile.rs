/*!
A loaded scenario compiled for sampling: its [`Model`], with the factors that
move its amounts to the currency and price year asked for (and the uncertain
rates those factors depend on).
*/

use std::fmt;

use rust_decimal::Decimal;

use super::{Factors, Model, RateTerm};
use crate::analysis::evaluate::Adjustments;
use crate::model::Scenario;
use crate::model::distribution::Distribution;
use crate::money::convert;
use crate::money::rates::Kind as RateKind;

/// Why a scenario cannot be sampled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsampled {
    /// Its money cannot be converted as asked: why, with how to fix it.
    Conversion(String),
    /// Its amounts do not fit the sampler's numbers.
    TooLarge,
}

impl fmt::Display for Unsampled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsampled::Conversion(message) => f.write_str(message),
            Unsampled::TooLarge => f.write_str("its amounts are too large to sample"),
        }
    }
}

/// `scenario` compiled for sampling, its money converted as `adjustments`
/// ask (discounting is not supported by the sampler).
pub fn model_of(scenario: &Scenario, adjustments: &Adjustments) -> Result<Model, Unsampled> {
    let factors = conversion_factors(scenario, adjustments).map_err(Unsampled::Conversion)?;
    let mut model = Model::new(scenario, factors.as_ref()).map_err(|_| Unsampled::TooLarge)?;
    if let Some(conversion) = &adjustments.conversion
        && let Some(currency) = &conversion.target.currency
    {
        model.currency = currency.clone();
    }
    Ok(model)
}

/// The factor that moves each cost line (and the baseline) to the target
/// currency and price year: the conversion of 10¹² of it, ÷ 10¹² (the same
/// CPI and FX path as `compare`, to 18 significant digits).
fn conversion_factors(
    scenario: &Scenario,
    adjustments: &Adjustments,
) -> Result<Option<Factors>, String> {
    let Some(conversion) = &adjustments.conversion else {
        return Ok(None);
    };
    let unit = Decimal::from(1_000_000_000_000u64);
    let mut units = scenario.clone();
    for line in &mut units.costs {
        line.amount = unit;
    }
    if let Some(baseline) = &mut units.baseline {
        baseline.cost_per_person = unit;
    }
    let converted = convert::convert_scenario(&units, &conversion.target, &conversion.rates)
        .map_err(|errors| {
            errors
                .iter()
                .map(|e| format!("{e} ({})", e.help()))
                .collect::<Vec<_>>()
                .join("; ")
        })?;
    let factor = |d: Decimal| f64::try_from(d / unit).unwrap_or(f64::NAN);
    // The uncertain rates each factor depends on: the CPI of the amount's
    // currency in the target and source years, and the exchange rates (US
    // dollars per unit) of its currency and the target's in the target year.
    let rates = &conversion.rates;
    let target_currency = conversion
        .target
        .currency
        .clone()
        .unwrap_or_else(|| scenario.currency.clone());
    let target_year = conversion.target.price_year;
    let mut uncertain: Vec<(String, Distribution)> = Vec::new();
    let mut terms_for = |year: Option<u16>| -> Vec<RateTerm> {
        let currency = scenario.currency.as_str();
        let mut keys: Vec<(RateKind, &str, u16, i32)> = Vec::new();
        if let Some(year) = year.filter(|y| *y != target_year) {
            keys.push((RateKind::Cpi, currency, target_year, 1));
            keys.push((RateKind::Cpi, currency, year, -1));
        }
        if currency != target_currency {
            keys.push((RateKind::Fx, currency, target_year, 1));
            keys.push((RateKind::Fx, target_currency.as_str(), target_year, -1));
        }
        let mut terms = Vec::new();
        for (kind, code, year, exponent) in keys {
            let Some(distribution) = rates.distribution(kind, code, year) else {
                continue;
            };
            let Ok((mean, _)) = rates.value(kind, code, year) else {
                continue;
            };
            let name = format!("{code} {} {year}", kind.as_str());
            let index = match uncertain.iter().position(|(n, _)| *n == name) {
                Some(index) => index,
                None => {
                    uncertain.push((name, distribution));
                    uncertain.len() - 1
                }
            };
            terms.push(RateTerm {
                rate: index,
                exponent,
                mean: f64::try_from(mean).unwrap_or(f64::NAN),
            });
        }
        terms
    };
    let line_rates = scenario
        .costs
        .iter()
        .map(|line| terms_for(line.price_year.or(scenario.price_year)))
        .collect();
    let baseline_rates = terms_for(scenario.baseline_price_year());
    Ok(Some(Factors {
        lines: converted
            .scenario
            .costs
            .iter()
            .map(|l| factor(l.amount))
            .collect(),
        baseline: converted
            .scenario
            .baseline
            .map_or(1.0, |b| factor(b.cost_per_person)),
        rates: uncertain,
        line_rates,
        baseline_rates,
    }))
}
