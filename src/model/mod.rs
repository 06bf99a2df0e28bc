/*!
The model layer: one migration deal as described in a TOML file (format
version 1, documented in `docs/scenario-format.md`), as types.

It holds types and their intrinsic methods only, and imports no other layer
(no `clap`, `load`, `render` or `commands`) but the one rounding rule,
[`round_half_away`](crate::money::rounding::round_half_away), which depends on
nothing. [`parse`](crate::load::parse)
turns a file's text into a validated [`Scenario`] or into every
[`Diagnostic`](crate::diagnostic::Diagnostic) it found. Everything after
parsing (metrics, commands, exporters) can rely on the invariants checked
there: amounts are non-negative exact decimals, `blocked <= attempted`, every `per_year` cost has a
duration, every `source` names a `[[source]]`, and so on.
*/

pub mod correlation;
pub mod currency;
mod date;
pub mod distribution;

pub use currency::is_known_currency;
pub use date::Date;

use rust_decimal::Decimal;

/// One deal: what it costs, what it achieved, what courts did, and where the
/// figures come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    /// A label of at most [`SHORT_NAME_LIMIT`] characters for tables and
    /// charts, where the full name would wrap; `name` is used without one.
    pub short_name: Option<String>,
    /// ISO 4217 code; every amount in the file is in this currency.
    pub currency: String,
    /// The year whose prices the amounts are in.
    pub price_year: Option<u16>,
    /// When the scenario's facts were last checked against their sources.
    pub as_of: Option<Date>,
    pub status: Option<Status>,
    pub sending: Option<String>,
    pub receiving: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// The deal's duration in years, as written in the file.
    pub years: Option<Decimal>,
    pub summary: Option<String>,
    pub costs: Vec<CostLine>,
    pub outcomes: Outcomes,
    pub legal: Vec<LegalEvent>,
    pub baseline: Option<Baseline>,
    pub sources: Vec<Source>,
    /// The inputs given as distributions. Their fields above hold the base
    /// case (the mean); `simulate` draws from these instead.
    pub uncertain: Vec<distribution::Uncertain>,
    /// `[[correlation]]` tables: rank correlations among uncertain inputs.
    pub correlations: Vec<correlation::Correlation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Proposed,
    Negotiating,
    Active,
    Suspended,
    Ended,
    Hypothetical,
}

impl Status {
    pub const ALL: [(Status, &'static str); 6] = [
        (Status::Proposed, "proposed"),
        (Status::Negotiating, "negotiating"),
        (Status::Active, "active"),
        (Status::Suspended, "suspended"),
        (Status::Ended, "ended"),
        (Status::Hypothetical, "hypothetical"),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(status, _)| *status == self)
            .map_or("", |(_, name)| name)
    }
}

/// One line of the deal's costs.
#[derive(Debug, Clone, PartialEq)]
pub struct CostLine {
    pub item: String,
    pub amount: Decimal,
    pub basis: Basis,
    /// `per_year` only: overrides the scenario's duration for this line.
    pub years: Option<Decimal>,
    /// The year whose prices this amount is in, when it differs from the
    /// scenario's `price_year`.
    pub price_year: Option<u16>,
    /// The year a `fixed` or `per_removal` amount is paid (for discounting).
    pub year: Option<u16>,
    /// The first year a `per_year` amount is paid (default: the scenario's
    /// start year); one payment a year follows for its years.
    pub start_year: Option<u16>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// How a cost line scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Paid whatever happens.
    Fixed,
    /// Paid for each person removed.
    PerRemoval,
    /// Paid every year the deal runs.
    PerYear,
}

impl Basis {
    pub const ALL: [(Basis, &'static str); 3] = [
        (Basis::Fixed, "fixed"),
        (Basis::PerRemoval, "per_removal"),
        (Basis::PerYear, "per_year"),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(basis, _)| *basis == self)
            .map_or("", |(_, name)| name)
    }
}

/// What the deal achieved (or, for a projection, was planned to achieve).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcomes {
    /// People actually removed under the deal: everyone it moved out of the
    /// sending country, forced or voluntary.
    pub removals: Option<u64>,
    /// Of `removals`, those who left voluntarily (a paid or assisted
    /// departure under the deal); never more than `removals`.
    pub voluntary_departures: Option<u64>,
    /// The file's `voluntary_departures` when a change to `removals` alone
    /// (`--set`, an analysis) lowered `removals` below it and it was capped
    /// at the new `removals` (see `load::rules::voluntary_departures_within`).
    pub voluntary_departures_capped_from: Option<u64>,
    /// People moved to a facility abroad that the sending state runs or
    /// controls (Italy's centres in Albania): not removed from the sending
    /// country, so not part of `removals`.
    pub offshore_transfers: Option<u64>,
    /// Planned removals over the same period.
    pub planned: Option<u64>,
    /// For projections only (never together with `removals`): the chance that a
    /// planned transfer is blocked by a court.
    pub block_probability: Option<Decimal>,
    /// People scheduled for transfer.
    pub attempted: Option<u64>,
    /// Of those, stopped by a court.
    pub blocked: Option<u64>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// A court event in the deal's legal timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct LegalEvent {
    pub date: Date,
    pub court: String,
    pub outcome: LegalOutcome,
    pub people: Option<u64>,
    pub summary: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegalOutcome {
    Blocked,
    Delayed,
    Allowed,
    Pending,
}

impl LegalOutcome {
    pub const ALL: [(LegalOutcome, &'static str); 4] = [
        (LegalOutcome::Blocked, "blocked"),
        (LegalOutcome::Delayed, "delayed"),
        (LegalOutcome::Allowed, "allowed"),
        (LegalOutcome::Pending, "pending"),
    ];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(outcome, _)| *outcome == self)
            .map_or("", |(_, name)| name)
    }
}

/// The domestic alternative the deal is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub label: Option<String>,
    /// In the scenario's currency, in the prices of [`Scenario::baseline_price_year`];
    /// always > 0.
    pub cost_per_person: Decimal,
    /// The year whose prices `cost_per_person` is in, when it differs from the
    /// scenario's `price_year` (a FY2016 cost in a 2024 scenario).
    pub price_year: Option<u16>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// Whether `url` is a web address (`https://` or `http://`), the only kind a
/// source may give. Reports link only these, so that an address such as
/// `javascript:…` or `data:…` is never made clickable, whatever path it took.
pub fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Where a figure comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<Date>,
    /// When it was last opened to check the figures it supports: a web page
    /// may change after it is cited.
    pub accessed: Option<Date>,
}

/// The duration that `per_year` costs are multiplied by, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// In years: exact when written; from dates, rounded to 2 decimals for
    /// display only (costs use the exact days, see `crate::money::arithmetic::per_year_total`).
    pub years: Decimal,
    pub derivation: DurationSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationSource {
    /// `years` on the cost line.
    CostLine,
    /// `years` at the top of the scenario.
    Scenario,
    /// Days from `start` to `end`, divided by 365.25 and rounded to 2 decimals.
    Dates { days: i64 },
}

/// The most characters a `short_name` may have: a table at 80 columns keeps
/// room for the cost per removal and its comparison beside it.
pub const SHORT_NAME_LIMIT: usize = 24;

impl Scenario {
    /// What tables and charts call the scenario: its short name, or else its name.
    pub fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// A scenario with a name and currency and nothing else, to build on.
    pub fn new(name: impl Into<String>, currency: impl Into<String>) -> Scenario {
        Scenario {
            name: name.into(),
            short_name: None,
            currency: currency.into(),
            price_year: None,
            as_of: None,
            status: None,
            sending: None,
            receiving: None,
            start: None,
            end: None,
            years: None,
            summary: None,
            costs: Vec::new(),
            outcomes: Outcomes::default(),
            legal: Vec::new(),
            baseline: None,
            sources: Vec::new(),
            uncertain: Vec::new(),
            correlations: Vec::new(),
        }
    }

    /// The deal's duration: `years` when written, otherwise derived from `start`
    /// and `end` when both are given.
    pub fn duration(&self) -> Option<Duration> {
        if let Some(years) = self.years {
            return Some(Duration {
                years,
                derivation: DurationSource::Scenario,
            });
        }
        let (start, end) = (self.start?, self.end?);
        let days = end.days_since(start);
        Some(Duration {
            years: date::years_from_days(days),
            derivation: DurationSource::Dates { days },
        })
    }

    /// How many years a `per_year` line is paid for (`None` for other bases).
    pub fn years_for(&self, line: &CostLine) -> Option<Duration> {
        if line.basis != Basis::PerYear {
            return None;
        }
        match line.years {
            Some(years) => Some(Duration {
                years,
                derivation: DurationSource::CostLine,
            }),
            None => self.duration(),
        }
    }

    /// Whether the scenario is not a real deal (`status = "hypothetical"`):
    /// charts hatch it, reports mark it, and `check` does not ask it for sources.
    pub fn is_hypothetical(&self) -> bool {
        self.status == Some(Status::Hypothetical)
    }

    /// The year whose prices the baseline's cost is in: its own `price_year`,
    /// else the scenario's.
    pub fn baseline_price_year(&self) -> Option<u16> {
        self.baseline
            .as_ref()
            .and_then(|b| b.price_year)
            .or(self.price_year)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}
