/*!
The Markdown report: the comparison table, each scenario's facts, costs and
sources, the exchange rates and price indices used, and the method, without
charts. Every text (the title and author too) is escaped by
[`crate::render::export::markdown`].
*/

use std::fmt::Write as _;

use crate::analysis::evaluate::Entry;
use crate::render::export::human::{grid, notes, plural};
use crate::render::export::markdown::{self as table, escape as md, link as md_link};
use crate::render::export::number::human_money_exact;

use super::{
    Byline, METRICS, RATE_HEADERS, hypothetical_mark, rate_kind, rate_provenance, rate_series,
    rates_used,
};

/// The report as Markdown: the comparison, each scenario's facts and sources,
/// the rates used, and the method (no charts).
pub fn render(entries: &[Entry], adjustment_notes: &[String], byline: &Byline) -> String {
    let Byline {
        title,
        author,
        date,
    } = *byline;
    let mut out = format!("# {}\n\n", md(title));
    if let Some(author) = author {
        let _ = writeln!(out, "By {}.  ", md(author));
    }
    let _ = write!(
        out,
        "A report by costcalc {} on {date}, from {}.\n\n## Comparison\n\n",
        env!("CARGO_PKG_VERSION"),
        plural(entries.len(), "scenario")
    );
    // The export's Markdown table, with hypothetical scenarios marked.
    let mut comparison = grid(entries, false);
    for (row, entry) in comparison.rows.iter_mut().zip(entries) {
        if let Some(mark) = hypothetical_mark(entry) {
            row[0] = format!("{} {mark}", row[0]);
        }
    }
    out.push_str(&table::render(
        &comparison,
        &notes(entries, adjustment_notes),
    ));
    out.push_str("\n## The scenarios\n");
    for entry in entries {
        let s = &entry.scenario;
        let _ = write!(out, "\n### {}\n\n", md(&s.name));
        if let Some(summary) = &s.summary {
            let _ = write!(out, "{}\n\n", md(summary));
        }
        for line in &s.costs {
            let _ = writeln!(
                out,
                "- {}: {} ({})",
                md(&line.item),
                md(&human_money_exact(&s.currency, line.amount)),
                line.basis.as_str()
            );
        }
        if !s.correlations.is_empty() {
            out.push_str(
                "\nCorrelated inputs (simulate draws them together, by a Gaussian copula):\n\n",
            );
            for correlation in &s.correlations {
                let _ = writeln!(out, "- {}", md(&correlation.describe()));
            }
        }
        if !s.sources.is_empty() {
            out.push_str("\nSources:\n\n");
            for source in &s.sources {
                let title = md(&source.title);
                let linked = match &source.url {
                    Some(url) => md_link(&title, url),
                    None => title,
                };
                let _ = writeln!(out, "- \\[{}\\] {linked}", md(&source.id));
            }
        }
    }
    rates_table(&mut out, entries);
    bibliography(&mut out, entries);
    out.push_str("\n## Method\n\n");
    for (metric, definition) in METRICS {
        let _ = writeln!(out, "- **{metric}**: {definition}");
    }
    out
}

/// Every work the scenarios cite, once, under the key `costcalc sources`
/// gives it; nothing when they cite none.
fn bibliography(out: &mut String, entries: &[Entry]) {
    let works = super::bibliography(entries);
    if works.is_empty() {
        return;
    }
    out.push_str("\n## Bibliography\n\n");
    for (cited, key) in &works {
        let title = md(&cited.source.title);
        let linked = match &cited.source.url {
            Some(url) => md_link(&title, url),
            None => title,
        };
        let details = md(&super::cited_details(cited));
        let _ = writeln!(out, "- \\[{}\\] {linked}{details}", md(key));
    }
}

/// The exchange rates and price indices the conversion used, with their
/// sources; nothing when nothing was converted.
fn rates_table(out: &mut String, entries: &[Entry]) {
    let used = rates_used(entries);
    if used.is_empty() {
        return;
    }
    out.push_str("\n## Exchange rates and price indices used\n\n");
    let _ = writeln!(out, "| {} |", RATE_HEADERS.join(" | "));
    out.push_str("| --- | --- | ---: | ---: | --- | --- |\n");
    for rate in &used {
        let title = md(rate.title.as_deref().unwrap_or("source not stated"));
        let mut source = match &rate.url {
            Some(url) => md_link(&title, url),
            None => title,
        };
        for said in rate_provenance(rate) {
            let _ = write!(source, "; {}", md(&said));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {source} |",
            rate_kind(rate.kind),
            md(&rate.currency),
            rate.year,
            rate.value.normalize(),
            md(&rate_series(rate)),
        );
    }
}
