/*!
`costcalc report`: one self-contained HTML file (CSS and SVG inline, no
network requests, no scripts, and a Content-Security-Policy that forbids both)
with the comparison, the charts, every scenario's details and sources, and the
method; it prints cleanly. `--format markdown` gives the same text for pasting
into documents (without the charts). A scenario's text is escaped in both, and
only web addresses become links.

The date is today's, or `SOURCE_DATE_EPOCH` (seconds since 1970) when set, the
reproducible-builds convention, so a report can be rebuilt byte for byte.
*/

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    FAILURE, MoneyOptions, SUCCESS, evaluate_every, exit, plural, print_error, print_note,
    write_output,
};
use crate::chart::svg::escape;
use crate::chart::{self, Scale};
use crate::export::human::{COLUMNS, currencies, notes};
use crate::export::markdown::{escape as md, link as md_link};
use crate::export::number::{grouped, human_count, human_money_exact};
use crate::export::{self, Entry, ExportOptions, Format};
use crate::metrics;
use crate::metrics::Metric;
use crate::scenario::{Basis, Override, is_web_address};
use crate::simulate::{self, Request};

/// The formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file
    Html,
    /// GitHub-flavoured Markdown (tables and text; no charts)
    Markdown,
}

pub struct ReportOptions {
    pub paths: Vec<PathBuf>,
    pub output: PathBuf,
    pub format: ReportFormat,
    pub seed: u64,
    pub draws: u64,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

/// What the page may load or run: nothing but its own inline CSS (the charts
/// are inline SVG and draw nothing from elsewhere). Should a scenario's text
/// ever get past the escaping, a browser still runs no script, loads nothing
/// from the network, and submits no form.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
  color: #222; background: #fff; max-width: 72rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 2rem; }
.meta { color: #555; margin-top: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
#comparison td:first-child { min-width: 14rem; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f5f8; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.notes { color: #444; font-size: 0.88rem; }
figure { margin: 1.2rem 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
figcaption { color: #555; font-size: 0.88rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
a { color: #0060a0; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: auto; }
  figure, table, tr { break-inside: avoid; }
  a { color: #222; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: #555; word-break: break-all; }
}
"#;

pub fn run(options: ReportOptions) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let mut entries = match evaluate_every(
        &options.paths,
        &options.overrides,
        &adjustments,
        "no report",
    ) {
        Ok(entries) => entries,
        Err(code) => return code,
    };
    let codes = currencies(&entries);
    super::compare::sort(
        &mut entries,
        super::compare::SortKey::CostPerRemoval,
        false,
        &codes,
    );
    let mut adjustment_notes: Vec<String> = super::compare::override_note(&options.overrides)
        .into_iter()
        .collect();
    adjustment_notes.extend(adjustments.notes());
    let date = match report_date(std::env::var_os("SOURCE_DATE_EPOCH")) {
        Ok(date) => date,
        Err(message) => {
            print_error(&message);
            return exit(FAILURE);
        }
    };
    let text = render(&entries, &options, &adjustment_notes, &date);
    match write_output(Some(&options.output), text.as_bytes()) {
        Ok(Some(destination)) => {
            print_note(&format!(
                "wrote a report on {} to {}",
                plural(entries.len(), "scenario"),
                destination.display()
            ));
            exit(SUCCESS)
        }
        Ok(None) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}

/// The report on `entries` (in the order shown) in `options.format`, dated
/// `date`; the simulated charts only for scenarios read from a file or built
/// in. Public for the fuzz target of the exporters.
pub fn render(
    entries: &[Entry],
    options: &ReportOptions,
    adjustment_notes: &[String],
    date: &str,
) -> String {
    match options.format {
        ReportFormat::Html => html(entries, options, adjustment_notes, date),
        ReportFormat::Markdown => markdown(entries, adjustment_notes, date),
    }
}

/// The last second `SOURCE_DATE_EPOCH` may name: 9999-12-31 23:59:59 UTC.
const LAST_EPOCH_SECOND: i64 = 253_402_300_799;

/// Today, or the day of `SOURCE_DATE_EPOCH` (the value of the variable, if
/// set). A value that is not a time is an error rather than today's date: a
/// reproducible build that silently is not would be worse than a failed one.
fn report_date(epoch: Option<std::ffi::OsString>) -> Result<String, String> {
    let seconds = match epoch {
        Some(text) => text
            .to_str()
            .and_then(|t| t.trim().parse::<i64>().ok())
            .filter(|s| (0..=LAST_EPOCH_SECOND).contains(s))
            .ok_or_else(|| {
                format!(
                    "SOURCE_DATE_EPOCH={} is not a time: it must be a whole number of seconds \
                     since 1970-01-01 00:00 UTC, from 0 to {LAST_EPOCH_SECOND} (such as \
                     1735689600 for 2025-01-01); unset it for today's date",
                    text.to_string_lossy()
                )
            })?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(crate::scenario::Date::from_unix_days(seconds.div_euclid(86_400)).to_string())
}

fn html(
    entries: &[Entry],
    options: &ReportOptions,
    adjustment_notes: &[String],
    date: &str,
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Cost-effectiveness of migration deals — costcalc report</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n<header>\n<h1>Cost-effectiveness of migration deals</h1>\n\
         <p class=\"meta\">A report by costcalc {} on {date}, from {}.</p>\n</header>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&plural(entries.len(), "scenario"))
    );
    // The comparison.
    out.push_str("<main>\n<section id=\"comparison\">\n<h2>Comparison</h2>\n");
    comparison_table(&mut out, entries);
    out.push_str("<div class=\"notes\">\n");
    for note in notes(entries, adjustment_notes) {
        let _ = writeln!(out, "<p>{}</p>", escape(&note));
    }
    out.push_str("</div>\n</section>\n");

    // Charts.
    out.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
    let single_currency = currencies(entries).len() == 1;
    let mut sorted = entries.to_vec();
    if single_currency {
        let items = super::chart::bar_items(&mut sorted, Metric::CostPerRemoval);
        figure(
            &mut out,
            &chart::bar(
                "Cost per removal by scenario",
                "cost_per_removal",
                &items,
                Scale::Auto,
                "",
            ),
            "Cost per removal: total cost ÷ people removed. Scenarios that removed nobody are listed, not drawn.",
        );
    } else {
        let items = super::chart::bar_items(&mut sorted, Metric::CostRatioToBaseline);
        figure(
            &mut out,
            &chart::bar(
                "Cost per removal relative to the domestic alternative",
                "cost_ratio_to_baseline",
                &items,
                Scale::Auto,
                "",
            ),
            "The scenarios are in several currencies, so this chart compares each with its own domestic \
             baseline; run with --currency USD --price-year 2024 for cost per removal in one currency.",
        );
    }
    let items = super::chart::bar_items(&mut sorted, Metric::Utilization);
    figure(
        &mut out,
        &chart::bar(
            "Use of planned capacity",
            "utilization",
            &items,
            Scale::Linear,
            "",
        ),
        "Capacity used: removals ÷ planned removals.",
    );
    if single_currency
        && entries
            .iter()
            .all(|e| e.metrics.removals.is_some() && e.metrics.total_cost.is_some())
        && entries.len() > 1
        && let Ok(computed) =
            super::frontier::compute(&options.paths, None, &options.money, &options.overrides)
    {
        figure(
            &mut out,
            &super::chart::frontier_svg(&computed),
            "Total cost against removals. The line is the efficiency frontier; hollow points are dominated.",
        );
    }
    out.push_str("</section>\n");

    // Uncertainty, for scenarios with uncertain inputs.
    let uncertain: Vec<&Entry> = entries
        .iter()
        .filter(|e| !e.scenario.uncertain.is_empty())
        .collect();
    if !uncertain.is_empty() {
        out.push_str("<section id=\"uncertainty\">\n<h2>Uncertainty</h2>\n");
        let _ = writeln!(
            out,
            "<p>Monte Carlo over the uncertain inputs: {} draws, seed {} (rerun with <code>costcalc simulate --seed {}</code> for the same numbers).</p>",
            grouped(rust_decimal::Decimal::from(options.draws), 0),
            options.seed,
            options.seed
        );
        for entry in uncertain {
            uncertainty(&mut out, entry, options);
        }
        out.push_str("</section>\n");
    }

    // Each scenario.
    out.push_str("<section id=\"scenarios\">\n<h2>The scenarios</h2>\n");
    for (index, entry) in entries.iter().enumerate() {
        scenario_details(&mut out, entry, index);
    }
    out.push_str("</section>\n");

    method(&mut out, options, date);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn figure(out: &mut String, svg: &str, caption: &str) {
    let _ = write!(
        out,
        "<figure>\n{svg}<figcaption>{}</figcaption>\n</figure>\n",
        escape(caption)
    );
}

/// The comparison table, every human column.
fn comparison_table(out: &mut String, entries: &[Entry]) {
    out.push_str("<div class=\"table-wrap\">\n<table>\n<thead><tr>");
    for column in &COLUMNS {
        let class = if column.numeric {
            " class=\"number\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<th{class} scope=\"col\">{}</th>",
            escape(column.header)
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (index, entry) in entries.iter().enumerate() {
        out.push_str("<tr>");
        for (i, column) in COLUMNS.iter().enumerate() {
            let cell = escape(&(column.cell)(entry));
            if i == 0 {
                let _ = write!(out, "<td><a href=\"#scenario-{index}\">{cell}</a></td>");
            } else if column.numeric {
                let _ = write!(out, "<td class=\"number\">{cell}</td>");
            } else {
                let _ = write!(out, "<td>{cell}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// A scenario's simulated histogram, acceptability and tornado.
fn uncertainty(out: &mut String, entry: &Entry, options: &ReportOptions) {
    // The scenario's own file, or the built-in scenario it is.
    let (paths, file) = match &entry.on_disk {
        Some(on_disk) => (
            vec![on_disk.path.clone()],
            crate::input::read(&on_disk.path).ok(),
        ),
        None => (
            Vec::new(),
            crate::input::builtin()
                .into_iter()
                .find(|f| f.display == entry.file),
        ),
    };
    let Some(file) = file else {
        return;
    };
    let _ = writeln!(out, "<h3>{}</h3>", escape(&entry.scenario.name));
    let Ok((_, models)) = super::simulate::models(&paths, &options.money, &options.overrides)
    else {
        return;
    };
    let Some((_, model)) = models.iter().find(|(display, _)| *display == entry.file) else {
        return;
    };
    let request = Request {
        samples: options.draws,
        seed: options.seed,
        thresholds: Vec::new(),
    };
    if model.metrics().contains(&Metric::CostPerRemoval) {
        let draws = simulate::draws(model, &request, Metric::CostPerRemoval);
        figure(
            out,
            &super::chart::histogram_svg(model, Metric::CostPerRemoval, &draws, options.seed),
            "Simulated cost per removal, with its 5th, 50th and 95th percentiles.",
        );
        figure(
            out,
            &super::chart::acceptability_svg(model, draws, options.seed),
            "The probability that cost per removal is at or below each threshold.",
        );
    }
    if let Ok(tornado) = super::tornado::compute_file(
        file,
        Metric::CostPerRemoval,
        &options.money,
        &options.overrides,
    ) {
        figure(
            out,
            &super::chart::tornado_svg(&tornado, Metric::CostPerRemoval),
            "Each uncertain input at its 5th and 95th percentile, the others at their means.",
        );
    }
}

/// One scenario in full: facts, cost lines, outcomes, legal timeline, baseline, sources.
fn scenario_details(out: &mut String, entry: &Entry, index: usize) {
    let s = &entry.scenario;
    let money = |v| human_money_exact(&s.currency, v);
    let _ = writeln!(
        out,
        "<article id=\"scenario-{index}\">\n<h3>{}</h3>",
        escape(&s.name)
    );
    out.push_str("<dl class=\"facts\">\n");
    let mut fact = |label: &str, value: String| {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(&value));
    };
    fact("file", entry.file.clone());
    if let Some(status) = s.status {
        fact("status", status.as_str().to_string());
    }
    match (&s.sending, &s.receiving) {
        (Some(a), Some(b)) => fact("countries", format!("{a} → {b}")),
        (Some(a), None) => fact("countries", format!("from {a}")),
        (None, Some(b)) => fact("countries", format!("to {b}")),
        (None, None) => {}
    }
    if let (Some(start), Some(end)) = (s.start, s.end) {
        fact("dates", format!("{start} to {end}"));
    }
    fact(
        "currency",
        format!(
            "{}, {}",
            s.currency,
            s.price_year
                .map_or("price year not stated".to_string(), |y| format!(
                    "{y} prices"
                ))
        ),
    );
    out.push_str("</dl>\n");
    if let Some(summary) = &s.summary {
        let _ = writeln!(out, "<p>{}</p>", escape(summary));
    }
    // Cost lines.
    let _ = writeln!(out, "<h4>Costs</h4>");
    if s.costs.is_empty() {
        out.push_str("<p>No cost lines.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Basis</th><th class=\"number\" scope=\"col\">Amount</th><th class=\"number\" scope=\"col\">Contribution</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
        let removals = entry.metrics.removals.map(|r| r.count);
        for line in &s.costs {
            let contribution = metrics::contribution(s, line, removals).ok().flatten();
            let basis = match line.basis {
                Basis::Fixed => "fixed",
                Basis::PerRemoval => "per removal",
                Basis::PerYear => "per year",
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{basis}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td>{}</td></tr>",
                escape(&line.item),
                escape(&money(line.amount)),
                escape(&contribution.map_or("n/a".into(), money)),
                source_link(s, line.source.as_deref()),
            );
        }
        out.push_str("</tbody>\n</table>\n");
        for line in s.costs.iter().filter(|l| l.note.is_some()) {
            let _ = writeln!(
                out,
                "<p class=\"notes\"><strong>{}:</strong> {}</p>",
                escape(&line.item),
                escape(line.note.as_deref().unwrap_or(""))
            );
        }
    }
    // Outcomes.
    let o = &s.outcomes;
    let _ = writeln!(out, "<h4>Outcomes</h4>\n<dl class=\"facts\">");
    let count = |v: Option<u64>| {
        v.map_or("not given".to_string(), |v| {
            human_count(rust_decimal::Decimal::from(v))
        })
    };
    for (label, value) in [
        ("removals", count(o.removals)),
        ("planned", count(o.planned)),
        (
            "block probability",
            o.block_probability
                .map_or("not given".into(), |p| p.normalize().to_string()),
        ),
        ("attempted", count(o.attempted)),
        ("blocked", count(o.blocked)),
    ] {
        let _ = writeln!(out, "<dt>{label}</dt><dd>{}</dd>", escape(&value));
    }
    out.push_str("</dl>\n");
    if let Some(note) = &o.note {
        let _ = writeln!(
            out,
            "<p class=\"notes\">{} {}</p>",
            escape(note),
            source_link(s, o.source.as_deref())
        );
    }
    if !s.uncertain.is_empty() {
        out.push_str("<p class=\"notes\">Uncertain inputs (the figures above use their means): ");
        let list: Vec<String> = s
            .uncertain
            .iter()
            .map(|u| {
                format!(
                    "{}: {}",
                    escape(&u.path),
                    escape(&u.distribution.describe())
                )
            })
            .collect();
        out.push_str(&list.join("; "));
        out.push_str(".</p>\n");
    }
    // Legal timeline.
    let _ = writeln!(out, "<h4>Legal timeline</h4>");
    if s.legal.is_empty() {
        out.push_str("<p>No court events.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Court</th><th scope=\"col\">Outcome</th><th class=\"number\" scope=\"col\">People</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
        let mut events: Vec<_> = s.legal.iter().collect();
        events.sort_by_key(|e| e.date);
        for event in events {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}{}</td><td>{}</td><td class=\"number\">{}</td><td>{}</td></tr>",
                event.date,
                escape(&event.court),
                event
                    .summary
                    .as_ref()
                    .map_or(String::new(), |summary| format!(
                        "<br><span class=\"notes\">{}</span>",
                        escape(summary)
                    )),
                event.outcome.as_str(),
                event.people.map_or(String::new(), |p| p.to_string()),
                source_link(s, event.source.as_deref()),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    // Baseline.
    if let Some(baseline) = &s.baseline {
        let _ = writeln!(
            out,
            "<h4>Baseline</h4>\n<p>{}: {} per person {}</p>",
            escape(baseline.label.as_deref().unwrap_or("Domestic alternative")),
            escape(&money(baseline.cost_per_person)),
            source_link(s, baseline.source.as_deref())
        );
        if let Some(note) = &baseline.note {
            let _ = writeln!(out, "<p class=\"notes\">{}</p>", escape(note));
        }
    }
    // Sources.
    let _ = writeln!(out, "<h4>Sources</h4>");
    if s.sources.is_empty() {
        out.push_str("<p>No sources listed.</p>\n");
    } else {
        out.push_str("<ol>\n");
        for source in &s.sources {
            let title = escape(&source.title);
            let linked = match source.url.as_deref().filter(|url| is_web_address(url)) {
                Some(url) => format!("<a href=\"{}\">{title}</a>", escape(url)),
                None => title,
            };
            let publisher = source
                .publisher
                .as_ref()
                .map_or(String::new(), |p| format!(", {}", escape(p)));
            let date = source.date.map_or(String::new(), |d| format!(", {d}"));
            let _ = writeln!(
                out,
                "<li id=\"scenario-{index}-source-{}\">[{}] {linked}{publisher}{date}</li>",
                escape(&source.id),
                escape(&source.id)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</article>\n");
}

/// `[id]` linking to the source's URL, or nothing.
fn source_link(s: &crate::scenario::Scenario, id: Option<&str>) -> String {
    let Some(id) = id else {
        return String::new();
    };
    let url = s.source(id).and_then(|source| source.url.as_deref());
    match url.filter(|url| is_web_address(url)) {
        Some(url) => format!("<a href=\"{}\">[{}]</a>", escape(url), escape(id)),
        None => format!("[{}]", escape(id)),
    }
}

/// Metric definitions, how money was handled, the seed, the version and date.
fn method(out: &mut String, options: &ReportOptions, date: &str) {
    out.push_str("<section id=\"method\">\n<h2>Method</h2>\n<table>\n<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">Definition</th></tr></thead>\n<tbody>\n");
    for (metric, definition) in METRICS {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            escape(metric),
            escape(definition)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let money = match (&options.money.currency, options.money.price_year) {
        (Some(currency), Some(year)) => format!(
            "Every amount was moved to {currency} at {year} prices: first inflated with its own \
             currency's consumer price index to {year}, then converted at {year}'s average \
             exchange rate (the sources are listed by `costcalc rates`)."
        ),
        (None, Some(year)) => {
            format!("Every amount was inflated to {year} prices in its own currency.")
        }
        _ => "Amounts are in each scenario's own currency and price year, as written in its file; \
              money is ranked only within a currency."
            .to_string(),
    };
    let _ = writeln!(out, "<p>{}</p>", escape(&money));
    let _ = writeln!(
        out,
        "<p>All accounting is in exact decimal arithmetic: amounts are read exactly as written. \
         Simulated figures use {} draws with seed {}. Generated by costcalc {} on {date}.</p>\n</section>",
        grouped(rust_decimal::Decimal::from(options.draws), 0),
        options.seed,
        env!("CARGO_PKG_VERSION")
    );
}

/// The metrics, as the README defines them.
const METRICS: [(&str, &str); 8] = [
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
fn markdown(entries: &[Entry], adjustment_notes: &[String], date: &str) -> String {
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
