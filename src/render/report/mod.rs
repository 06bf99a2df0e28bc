/*!
The report of `costcalc report`, as pure functions of values computed before:
[`markdown`] from the evaluated scenarios, and [`html`] from them and the
[`html::Figures`] the command computed (simulations, tornadoes, the frontier).
Both list the exchange rates and price indices the conversion used (carried by
each [`Entry`]), and end with the definitions of the metrics in [`METRICS`].
*/

pub mod html;
pub mod markdown;

use crate::analysis::evaluate::Entry;
use crate::model::Status;
use crate::money::convert::{self, RateUsed};
use crate::money::rates::{DEFAULT_TABLE_NAME, Kind};

/// The report's title when `--title` is not given.
pub const DEFAULT_TITLE: &str = "Cost-effectiveness of migration deals";

/// How the report is headed: `--title` (or [`DEFAULT_TITLE`]), `--author`, and
/// the day it is dated.
#[derive(Debug, Clone, Copy)]
pub struct Byline<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub date: &'a str,
}

/// What follows a scenario's name in the report's tables when its file says
/// `status = "hypothetical"`, so it is not read as a real deal's figures
/// (whatever its name says).
pub fn hypothetical_mark(entry: &Entry) -> Option<&'static str> {
    (entry.scenario.status == Some(Status::Hypothetical)).then_some("(hypothetical)")
}

/// Every value of the rates table that converting `entries` used, once each.
pub fn rates_used(entries: &[Entry]) -> Vec<RateUsed> {
    convert::distinct(
        entries
            .iter()
            .flat_map(|e| e.rates_used.iter().cloned())
            .collect(),
    )
}

/// The headers of the table of rates used, in both formats.
pub const RATE_HEADERS: [&str; 6] = ["Rate", "Currency", "Year", "Value", "Series", "Source"];

/// A rate's first cell: what it measures.
pub fn rate_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Cpi => "Consumer price index",
        Kind::Fx => "Exchange rate (US dollars per unit)",
    }
}

/// The series' name, and its unit when it states one.
pub fn rate_series(rate: &RateUsed) -> String {
    match &rate.unit {
        Some(unit) => format!("{} ({unit})", rate.series),
        None => rate.series.clone(),
    }
}

/// What is said of a rate's source besides its title and address: who
/// publishes it, when it was read, and the `--rates` file it came from.
pub fn rate_provenance(rate: &RateUsed) -> Vec<String> {
    let mut said = Vec::new();
    if let Some(source) = &rate.source {
        said.push(source.clone());
    }
    if let Some(retrieved) = &rate.retrieved {
        said.push(format!("retrieved {retrieved}"));
    }
    if rate.file != DEFAULT_TABLE_NAME {
        said.push(format!("from {}", rate.file));
    }
    said
}

/// The metrics, as the README defines them.
pub const METRICS: [(&str, &str); 8] = [
    (
        "removals",
        "outcomes.removals when given (observed); otherwise planned × (1 − block_probability) (expected)",
    ),
    (
        "total cost",
        "fixed costs + each per-year cost × its years + the per-removal costs × removals",
    ),
    (
        "cost per removal",
        "total cost ÷ removals; n/a when removals is 0 or unknown",
    ),
    ("capacity used (utilization)", "removals ÷ planned"),
    ("blocked by courts (block_rate)", "blocked ÷ attempted"),
    (
        "court rulings that blocked (legal_blocks)",
        "the number of court events whose outcome is blocked",
    ),
    (
        "cost vs baseline (cost_ratio_to_baseline)",
        "cost per removal ÷ the baseline's cost per person",
    ),
    (
        "break-even removals",
        "the smallest whole number of removals at which cost per removal falls to the baseline",
    ),
];

/// The works the report's scenarios cite, once each, with their BibTeX keys
/// (as `costcalc sources` gives them), for the bibliography section.
pub fn bibliography(entries: &[Entry]) -> Vec<(crate::analysis::bibliography::Cited, String)> {
    let bibliography = crate::analysis::bibliography::Bibliography::of(
        entries.iter().map(|entry| entry.scenario.as_ref()),
    );
    let keys = crate::render::bibliography::keys(&bibliography);
    bibliography.entries.into_iter().zip(keys).collect()
}

/// What follows a work's title in the bibliography: its publisher and date,
/// when it was checked, and which scenarios cite it.
pub fn cited_details(cited: &crate::analysis::bibliography::Cited) -> String {
    let s = &cited.source;
    let mut details = String::new();
    if let Some(publisher) = &s.publisher {
        details.push_str(", ");
        details.push_str(publisher);
    }
    if let Some(date) = s.date {
        details.push_str(&format!(", {date}"));
    }
    if let Some(accessed) = s.accessed {
        details.push_str(&format!("; accessed {accessed}"));
    }
    details.push_str("; cited by ");
    details.push_str(&cited.cited_by.join(", "));
    details
}
