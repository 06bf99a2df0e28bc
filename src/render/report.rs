/*!
The parts of `costcalc report` that depend only on evaluated scenarios: the
Markdown report, and the definitions of the metrics both formats end with.
Scenario text is escaped by [`crate::render::export::markdown`].
*/

use std::fmt::Write as _;

use crate::analysis::evaluate::Entry;
use crate::render::export::human::plural;
use crate::render::export::markdown::{escape as md, link as md_link};
use crate::render::export::number::human_money_exact;
use crate::render::export::{self, ExportOptions, Format};

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

/// The report as Markdown: the comparison, each scenario's facts and sources,
/// and the method (no charts).
pub fn markdown(entries: &[Entry], adjustment_notes: &[String], date: &str) -> String {
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
