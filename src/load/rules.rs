/*!
The rules a scenario's numbers follow, each as what is wrong and how to fix it.

The file reader (`parse.rs`) and inputs set on a scenario already read
(`input.rs`: `sweep`, `breakeven`, `tornado`) both check values through these
functions, so a value is held to the same rule, in the same words, however it
arrives.
*/

use rust_decimal::Decimal;

use crate::model::Basis;

/// A rule a value breaks: what is wrong (one sentence, no full stop) and how
/// to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub message: String,
    pub help: String,
}

fn broken(message: impl Into<String>, help: impl Into<String>) -> Broken {
    Broken {
        message: message.into(),
        help: help.into(),
    }
}

/// A cost line's `amount` is 0 or more.
pub fn amount(amount: Decimal) -> Option<Broken> {
    (amount < Decimal::ZERO).then(|| {
        broken(
            format!("`amount` must be 0 or more, found {amount}"),
            "write costs as positive amounts; savings are not part of format version 1",
        )
    })
}

/// `years`, of the deal or of a cost line, is more than 0.
pub fn years(years: Decimal) -> Option<Broken> {
    (years <= Decimal::ZERO).then(|| {
        broken(
            format!("`years` must be more than 0, found {years}"),
            "write the deal's duration in years, such as years = 5 or years = 2.5",
        )
    })
}

/// A cost line's own `years` is for `per_year` lines only.
pub fn years_on_basis(basis: Basis) -> Option<Broken> {
    (basis != Basis::PerYear).then(|| {
        broken(
            format!(
                "`years` only applies to per_year costs, but this line's basis is {}",
                basis.as_str()
            ),
            "remove `years`, or set basis = \"per_year\" if the amount is paid every year",
        )
    })
}

/// `start_year` is for `per_year` lines only.
pub fn start_year_on_basis(basis: Basis) -> Option<Broken> {
    (basis != Basis::PerYear).then(|| {
        broken(
            format!(
                "`start_year` only applies to per_year costs, but this line's basis is {}",
                basis.as_str()
            ),
            "use `year` for the year a fixed or per_removal amount is paid",
        )
    })
}

/// `year` (when a one-off amount is paid) is not for `per_year` lines.
pub fn year_on_basis(basis: Basis) -> Option<Broken> {
    (basis == Basis::PerYear).then(|| {
        broken(
            "a per_year cost is paid every year, so it has no single `year`",
            "use `start_year` for the first year it is paid",
        )
    })
}

/// A calendar year (`price_year`, `year`, `start_year`) from 1800 to 2200.
pub fn year(key: &str, year: u64) -> Result<u16, Broken> {
    const RANGE: std::ops::RangeInclusive<u64> = 1800..=2200;
    match u16::try_from(year) {
        Ok(plausible) if RANGE.contains(&year) => Ok(plausible),
        _ => Err(broken(
            format!("`{key}` {year} is not a plausible year"),
            "write a four-digit year, such as 2024",
        )),
    }
}

/// A count written as the decimal digits `digits` (underscores removed): 0
/// or more, and no larger than a `u64`.
pub fn whole(key: &str, digits: &str) -> Result<u64, Broken> {
    if digits.starts_with('-') && digits.trim_start_matches(['-', '0']).is_empty() {
        return Ok(0);
    }
    if digits.starts_with('-') {
        return Err(broken(
            format!("`{key}` must be 0 or more, found {digits}"),
            "counts of people and years cannot be negative",
        ));
    }
    digits.parse::<u64>().map_err(|_| {
        broken(
            format!("`{key}` is too large: {digits}"),
            format!("the largest whole number costcalc accepts is {}", u64::MAX),
        )
    })
}

/// A count written with a fractional part (`literal`, as written).
pub fn not_whole(key: &str, literal: &str) -> Broken {
    broken(
        format!("`{key}` must be a whole number, found {literal}"),
        "people are counted in whole numbers; for an expected, fractional number use `planned` \
         with `block_probability`",
    )
}

/// `block_probability` is from 0 to 1.
pub fn block_probability(p: Decimal) -> Option<Broken> {
    (p < Decimal::ZERO || p > Decimal::ONE).then(|| {
        broken(
            format!("`block_probability` must be between 0 and 1, found {p}"),
            "write a probability as a fraction: 0.4 means 40% of planned transfers are blocked",
        )
    })
}

/// `block_probability` projects removals from `planned`, so it needs
/// `planned` and no observed `removals`.
pub fn block_probability_needs(removals: bool, planned: bool) -> Option<Broken> {
    if removals {
        return Some(broken(
            "`block_probability` is for projections, but this scenario gives observed `removals`",
            "remove `block_probability`, or remove `removals` to project removals from `planned` \
             (on the command line: --set outcomes.removals=)",
        ));
    }
    (!planned).then(|| {
        broken(
            "`block_probability` applies to `planned` removals, but `planned` is missing",
            "add `planned = N` to [outcomes]",
        )
    })
}

/// `blocked` counts some of the `attempted` people.
pub fn blocked(blocked: u64, attempted: Option<u64>) -> Option<Broken> {
    match attempted {
        Some(attempted) if blocked > attempted => Some(broken(
            format!("`blocked` ({blocked}) is more than `attempted` ({attempted})"),
            "`blocked` counts those of the `attempted` people whom a court stopped, so it \
             cannot exceed `attempted`",
        )),
        Some(_) => None,
        None => Some(broken(
            "`blocked` is given without `attempted`",
            "add `attempted = N`: the number of people scheduled for transfer, of whom \
             `blocked` were stopped",
        )),
    }
}

/// `voluntary_departures` counts some of the `removals`: those who left
/// voluntarily are removals too (`removals` is everyone the deal moved out of
/// the sending country), so they cannot outnumber them.
///
/// The one rule for both the file reader and the analyses. A value the user
/// gave for `voluntary_departures` (in a file, or with its own `--set` or
/// `--vary`) above `removals` is an error. But when only `removals` was
/// changed (`--set`, `--vary`, `breakeven`, `tornado --range` lowering it),
/// the file's `voluntary_departures` is capped at the new `removals`: it
/// enters no metric, and a what-if about removals should not be refused for
/// a count it does not use. `Ok(Some(n))` is the capped value, `Ok(None)`
/// means the value stands.
pub fn voluntary_departures_within(
    voluntary: u64,
    removals: Option<u64>,
    only_removals_changed: bool,
) -> Result<Option<u64>, Broken> {
    match (removals, voluntary_departures(voluntary, removals)) {
        (_, None) => Ok(None),
        (Some(removals), Some(_)) if only_removals_changed => Ok(Some(removals)),
        (_, Some(broken)) => Err(broken),
    }
}

/// Says that `voluntary_departures` was capped at a changed `removals`.
pub fn voluntary_departures_capped(from: u64, to: u64) -> Broken {
    broken(
        format!(
            "`voluntary_departures` ({from}) is more than the new `removals` ({to}), so it is \
             taken as {to}"
        ),
        "`voluntary_departures` counts those of the `removals` who left voluntarily and enters \
         no metric; to give it another value, set `outcomes.voluntary_departures` too",
    )
}

fn voluntary_departures(voluntary: u64, removals: Option<u64>) -> Option<Broken> {
    match removals {
        Some(removals) if voluntary > removals => Some(broken(
            format!("`voluntary_departures` ({voluntary}) is more than `removals` ({removals})"),
            "`voluntary_departures` counts those of the `removals` who left voluntarily, so it \
             cannot exceed `removals`; if people were moved to a centre the sending state runs \
             abroad, count them in `offshore_transfers` instead",
        )),
        Some(_) => None,
        None => Some(broken(
            "`voluntary_departures` is given without `removals`",
            "add `removals = N`: everyone the deal moved out of the sending country, of whom \
             `voluntary_departures` left voluntarily",
        )),
    }
}

/// The baseline's `cost_per_person` is more than 0.
pub fn cost_per_person(cost: Decimal) -> Option<Broken> {
    (cost <= Decimal::ZERO).then(|| {
        broken(
            format!("`cost_per_person` must be more than 0, found {cost}"),
            "write what the domestic alternative costs per person, in the scenario's currency",
        )
    })
}

/// Odd, not wrong: `removals` above `attempted` (more people removed than were
/// scheduled for transfer) or above `planned` (capacity used above 100%) can
/// be true (a second agreement, a count from another date) but is far more
/// often a typo or two sources counting differently. Checked on figures as
/// written, not on distributions (whose draws may cross each other anyway).
pub fn removals_beyond(removals: u64, attempted: Option<u64>, planned: Option<u64>) -> Vec<Broken> {
    let mut odd = Vec::new();
    if let Some(attempted) = attempted.filter(|attempted| removals > *attempted) {
        odd.push(broken(
            format!("removals ({removals}) is more than attempted ({attempted})"),
            "`attempted` counts the people scheduled for transfer, of whom `removals` were \
             removed; check both figures against their sources",
        ));
    }
    if let Some(planned) = planned.filter(|planned| removals > *planned) {
        // Exact, to one decimal place; with planned = 0 there is no percentage.
        let used = Decimal::from(removals)
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|hundredfold| hundredfold.checked_div(Decimal::from(planned)))
            .map(|share| share.round_dp(1).normalize());
        let capacity = match used {
            Some(share) => format!(": capacity used is {share}%"),
            None => String::new(),
        };
        odd.push(broken(
            format!("removals ({removals}) is more than planned ({planned}){capacity}"),
            "`planned` is the capacity the deal provided for; check both figures against \
             their sources",
        ));
    }
    odd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removals_within_attempted_and_planned_are_not_odd() {
        assert_eq!(removals_beyond(100, Some(100), Some(100)), Vec::new());
        assert_eq!(removals_beyond(5, None, None), Vec::new());
    }

    #[test]
    fn removals_above_planned_give_the_capacity_used() {
        // 125 / 100 = 125%; 301 / 300 = 100.333…% → 100.3% to one place.
        let odd = removals_beyond(125, None, Some(100));
        assert_eq!(
            odd[0].message,
            "removals (125) is more than planned (100): capacity used is 125%"
        );
        assert_eq!(
            removals_beyond(301, None, Some(300))[0].message,
            "removals (301) is more than planned (300): capacity used is 100.3%"
        );
        // Nothing planned: no percentage, rather than a division by zero.
        assert_eq!(
            removals_beyond(5, None, Some(0))[0].message,
            "removals (5) is more than planned (0)"
        );
    }

    #[test]
    fn removals_above_attempted_and_planned_give_both() {
        let odd = removals_beyond(12, Some(10), Some(11));
        assert_eq!(odd.len(), 2);
        assert_eq!(odd[0].message, "removals (12) is more than attempted (10)");
    }

    #[test]
    fn voluntary_departures_above_removals_are_capped_only_when_removals_alone_changed() {
        // Within removals: stands, whoever changed what.
        assert_eq!(voluntary_departures_within(30, Some(30), false), Ok(None));
        assert_eq!(voluntary_departures_within(30, Some(40), true), Ok(None));
        // Removals lowered alone from 30 to 24: capped at 24.
        assert_eq!(
            voluntary_departures_within(30, Some(24), true),
            Ok(Some(24))
        );
        // Given above removals: an error.
        let broken = voluntary_departures_within(30, Some(24), false).unwrap_err();
        assert_eq!(
            broken.message,
            "`voluntary_departures` (30) is more than `removals` (24)"
        );
        // Removals taken away: nothing to cap at.
        assert!(voluntary_departures_within(30, None, true).is_err());
    }
}
