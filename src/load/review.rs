/*!
What `check` says about a valid scenario besides its problems and odd figures:
whether its facts are dated, recent and sourced. Readers cite costcalc's
numbers, so a figure nobody can trace, or one checked years ago, deserves a
word, though not a refusal (these are warnings: `check` still exits 0).

The reader (`parse.rs`) notes where the facts are written (a [`Review`]);
[`Review::warnings`] turns them into warnings against a given day, so that
`check` passes today's date and tests pass the date they need.
*/

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;

use super::document::{Origin, Span};
use crate::diagnostic::Diagnostic;
use crate::model::{Basis, Date, Scenario, Status};

/// Where something was written, in the text of an origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub(super) span: Span,
    pub(super) origin: Origin,
}

/// Where a scenario's dates and unsourced figures are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub(super) name: Option<Spot>,
    pub(super) as_of: Option<Spot>,
    pub(super) status: Option<Spot>,
    /// Each figure that cites no `[[source]]`, and what it is ("the cost line
    /// \"Flights\"").
    pub(super) unsourced: Vec<(Spot, String)>,
}

/// How old `as_of` may be before `check` says the facts may be out of date
/// (`--stale-after`): `12m`, `18 months`, `2y`, `90d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleAfter {
    Days(u32),
    Months(u32),
    Years(u32),
}

impl Default for StaleAfter {
    fn default() -> StaleAfter {
        StaleAfter::Months(12)
    }
}

impl StaleAfter {
    /// The day `self` after `date`; `None` when it would be past any date.
    fn after(self, date: Date) -> Option<Date> {
        match self {
            StaleAfter::Days(days) => date.plus_days(days),
            StaleAfter::Months(months) => date.plus_months(months),
            StaleAfter::Years(years) => date.plus_months(years.checked_mul(12)?),
        }
    }
}

impl fmt::Display for StaleAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            StaleAfter::Days(n) => (n, "day"),
            StaleAfter::Months(n) => (n, "month"),
            StaleAfter::Years(n) => (n, "year"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

impl FromStr for StaleAfter {
    type Err = String;

    /// A whole number and a unit, with or without a space: `12m`, `18 months`,
    /// `2y`, `1 year`, `90d`.
    fn from_str(text: &str) -> Result<StaleAfter, String> {
        let text = text.trim();
        let digits = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(digits);
        let help = "write a number and a unit, such as 12m, 18 months, 2y or 90d";
        let number: u32 = number
            .parse()
            .map_err(|_| format!("`{text}` is not a duration: {help}"))?;
        match unit.trim().to_lowercase().as_str() {
            "d" | "day" | "days" => Ok(StaleAfter::Days(number)),
            "m" | "mo" | "month" | "months" => Ok(StaleAfter::Months(number)),
            "y" | "yr" | "year" | "years" => Ok(StaleAfter::Years(number)),
            "" => Err(format!(
                "`{text}` has no unit: write {number}m for months, {number}y for years or \
                 {number}d for days"
            )),
            other => Err(format!("`{other}` is not a unit of time: {help}")),
        }
    }
}

/// The day and threshold `check` reviews scenarios against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reviewing {
    pub today: Date,
    pub stale_after: StaleAfter,
}

/// How long before `as_of` an active deal's costs may end without a warning:
/// a deal still running has costs since then that the file does not count.
const ACTIVE_COSTS_MONTHS: u32 = 24;

impl Review {
    /// The warnings about `scenario` (the one this review was read with) on
    /// the day `today`: `as_of` missing, in the future or older than
    /// `stale_after`; figures without a source (unless the scenario is
    /// hypothetical); an active deal whose costs end two years or more
    /// before `as_of`.
    pub fn warnings(&self, scenario: &Scenario, on: Reviewing) -> Vec<Diagnostic> {
        let Reviewing { today, stale_after } = on;
        let mut warnings = Vec::new();
        let hypothetical = scenario.is_hypothetical();
        match (scenario.as_of, &self.as_of) {
            (None, _) if !hypothetical => warnings.push(
                at(
                    self.name.as_ref(),
                    "the scenario does not say when its facts were checked",
                )
                .with_help(
                    "add `as_of = YYYY-MM-DD` at the top of the file: the day you last \
                         checked its figures against their sources",
                ),
            ),
            (Some(as_of), spot) if as_of > today => warnings.push(
                at(
                    spot.as_ref(),
                    format!("`as_of` ({as_of}) is after today ({today})"),
                )
                .with_help("write the day the facts were last checked, not a later one"),
            ),
            (Some(as_of), spot) if stale_after.after(as_of).is_some_and(|due| due < today) => {
                warnings.push(
                    at(
                        spot.as_ref(),
                        format!(
                            "the facts were last checked on {as_of}, more than {stale_after} \
                             before today ({today}): they may be out of date"
                        ),
                    )
                    .with_help(
                        "check each figure against its source (and look for newer ones), then \
                         set `as_of` to that day; --stale-after sets how old is too old",
                    ),
                )
            }
            _ => {}
        }
        if !hypothetical {
            for (spot, what) in &self.unsourced {
                warnings.push(
                    at(Some(spot), format!("no source is given for {what}")).with_help(
                        "add `source = \"ID\"` naming a [[source]] of the file; a scenario \
                             that is not a real deal says status = \"hypothetical\"",
                    ),
                );
            }
        }
        if scenario.status == Some(Status::Active)
            && let (Some(as_of), Some((end, why))) = (scenario.as_of, costs_end(scenario))
            && end
                .plus_months(ACTIVE_COSTS_MONTHS)
                .is_some_and(|limit| limit <= as_of)
        {
            warnings.push(
                at(
                    self.status.as_ref(),
                    format!(
                        "the deal is active, but its costs end on {end} ({why}), two years or \
                         more before `as_of` ({as_of})"
                    ),
                )
                .with_help(
                    "add the costs since then (a [[cost]] line for each later year, or a \
                     per_year line that runs to now); if the deal has ended, give its `end` \
                     and status = \"ended\"",
                ),
            );
        }
        warnings
    }
}

/// A warning at `spot`, or about the whole file when there is none.
fn at(spot: Option<&Spot>, message: impl Into<String>) -> Diagnostic {
    let diagnostic = match spot {
        Some(spot) => Diagnostic::at(spot.span.clone(), message).in_origin(spot.origin),
        None => Diagnostic::whole_file(message),
    };
    diagnostic.as_warning()
}

/// The last day a scenario's costs cover, and how that was found: its `end`;
/// else the last year a cost line is paid (`year`, or a per_year line's
/// first year and its years); else the latest price year, the last year
/// whose money the file counts.
fn costs_end(scenario: &Scenario) -> Option<(Date, &'static str)> {
    if let Some(end) = scenario.end {
        return Some((end, "its `end`"));
    }
    let start_year = scenario.start.map(|start| start.year);
    let paid = scenario
        .costs
        .iter()
        .filter_map(|line| match line.basis {
            Basis::PerYear => {
                let first = line.start_year.or(start_year)?;
                let years = scenario.years_for(line)?.years;
                // Paid once a year from the first: 2.5 years are paid in 3.
                let count = years.ceil().to_u16()?;
                first.checked_add(count.max(1) - 1)
            }
            _ => line.year,
        })
        .max();
    let (year, why) = match paid {
        Some(year) => (year, "the last year a cost line is paid"),
        None => {
            let years = scenario.costs.iter().filter_map(|line| line.price_year);
            let latest = scenario.price_year.into_iter().chain(years).max()?;
            (latest, "no `end` and no year paid: the latest price year")
        }
    };
    Some((Date::new(year, 12, 31)?, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn durations_read_as_written() {
        assert_eq!("12m".parse(), Ok(StaleAfter::Months(12)));
        assert_eq!("18 months".parse(), Ok(StaleAfter::Months(18)));
        assert_eq!("2y".parse(), Ok(StaleAfter::Years(2)));
        assert_eq!("90d".parse(), Ok(StaleAfter::Days(90)));
        assert_eq!("1 Year".parse(), Ok(StaleAfter::Years(1)));
        assert!("12".parse::<StaleAfter>().unwrap_err().contains("no unit"));
        assert!(
            "12 weeks"
                .parse::<StaleAfter>()
                .unwrap_err()
                .contains("weeks")
        );
        assert!("soon".parse::<StaleAfter>().is_err());
        assert_eq!(StaleAfter::default().to_string(), "12 months");
        assert_eq!(StaleAfter::Years(1).to_string(), "1 year");
    }

    #[test]
    fn a_duration_later_is_counted_in_its_unit() {
        let as_of = date(2025, 12, 3);
        assert_eq!(StaleAfter::Months(12).after(as_of), Some(date(2026, 12, 3)));
        assert_eq!(StaleAfter::Years(2).after(as_of), Some(date(2027, 12, 3)));
        assert_eq!(StaleAfter::Days(90).after(as_of), Some(date(2026, 3, 3)));
        assert_eq!(StaleAfter::Years(u32::MAX).after(as_of), None);
    }

    #[test]
    fn costs_end_at_the_end_else_the_last_year_paid_else_the_price_year() {
        let mut s = Scenario::new("Deal", "AUD");
        s.price_year = Some(2020);
        assert_eq!(costs_end(&s).map(|(d, _)| d), Some(date(2020, 12, 31)));
        s.costs.push(crate::model::CostLine {
            item: "Running costs".into(),
            amount: 1.into(),
            basis: Basis::PerYear,
            years: Some(rust_decimal::Decimal::new(25, 1)),
            price_year: None,
            year: None,
            start_year: Some(2019),
            source: None,
            note: None,
        });
        // 2.5 years from 2019 are paid in 2019, 2020 and 2021.
        assert_eq!(costs_end(&s).map(|(d, _)| d), Some(date(2021, 12, 31)));
        s.end = Some(date(2024, 7, 22));
        assert_eq!(costs_end(&s).map(|(d, _)| d), Some(date(2024, 7, 22)));
    }
}
