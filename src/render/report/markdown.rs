/*!
The Markdown report: the comparison table, each scenario's facts, costs and
sources, and the method, without charts. Scenario text is escaped by
[`crate::render::export::markdown`].
*/

use std::fmt::Write as _;

use crate::analysis::evaluate::Entry;
use crate::render::export::human::plural;
use crate::render::export::markdown::{escape as md, link as md_link};
use crate::render::export::number::human_money_exact;
use crate::render::export::{self, ExportOptions, Format};

use super::METRICS;

/// The report as Markdown: the comparison, each scenario's facts and sources,
/// and the method (no charts).
pub fn render(entries: &[Entry], adjustment_notes: &[String], date: &str) -> String {
    let mut out = format!(
        "# Cost-effectiveness of migration deals\n\nA report by costcalc {} on {date}, from {}.\n\n## Comparison\n\n",
        env!("CARGO_PKG_VERSION"),
        plural(entries.len(), "scenario")
    );
    let table = export::exporter(
        Format::Markdown,
        ExportOptions {
            adjustment_notes: adjustment_notes.to_vec(),
            ..Default::default()
        },
    )
    .export(entries);
    out.push_str(&String::from_utf8_lossy(&table));
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
    out.push_str("\n## Method\n\n");
    for (metric, definition) in METRICS {
        let _ = writeln!(out, "- **{metric}**: {definition}");
    }
    out
}
