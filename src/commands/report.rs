/*!
`costcalc report`: one self-contained HTML file (CSS and SVG inline, no
network requests, no scripts, and a Content-Security-Policy that forbids both)
with the comparison, the charts, every scenario's details and sources, and the
method; it prints cleanly. `--format markdown` gives the same text for pasting
into documents (without the charts). A scenario's text is escaped in both, and
only web addresses become links: the HTML is a `maud` template, which escapes
every value it is given (only the styles and our own SVG charts go in as they
are), and the Markdown is escaped by [`crate::render::export::markdown`].

The date is today's, or `SOURCE_DATE_EPOCH` (seconds since 1970) when set, the
reproducible-builds convention, so a report can be rebuilt byte for byte.
*/

use crate::analysis::evaluate::{Entry, currencies};
use std::path::PathBuf;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::process::ExitCode;

use super::{
    FAILURE, MoneyOptions, SUCCESS, evaluate_every, exit, print_error, print_note, write_output,
};
use crate::analysis::metrics;
use crate::analysis::metrics::Metric;
use crate::analysis::simulate::{self, Request};
use crate::load::Override;
use crate::model::{Basis, is_web_address};
use crate::money::rounding::grouped;
use crate::render::chart::{self, Scale};
use crate::render::export::human::plural;
use crate::render::export::human::{COLUMNS, notes};
use crate::render::export::number::{human_count, human_money_exact};
use crate::render::report;

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
    crate::analysis::sort::sort(
        &mut entries,
        crate::analysis::sort::SortKey::CostPerRemoval,
        false,
        &codes,
    );
    let mut adjustment_notes: Vec<String> = super::override_note(&options.overrides)
        .into_iter()
        .collect();
    adjustment_notes.extend(crate::render::export::human::adjustment_notes(&adjustments));
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
        ReportFormat::Markdown => report::markdown::render(entries, adjustment_notes, date),
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
    Ok(crate::model::Date::from_unix_days(seconds.div_euclid(86_400)).to_string())
}

fn html(
    entries: &[Entry],
    options: &ReportOptions,
    adjustment_notes: &[String],
    date: &str,
) -> String {
    let uncertain: Vec<&Entry> = entries
        .iter()
        .filter(|e| !e.scenario.uncertain.is_empty())
        .collect();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Cost-effectiveness of migration deals — costcalc report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "Cost-effectiveness of migration deals" }
                    p.meta {
                        "A report by costcalc " (env!("CARGO_PKG_VERSION")) " on " (date)
                        ", from " (plural(entries.len(), "scenario")) "."
                    }
                }
                main {
                    section id="comparison" {
                        h2 { "Comparison" }
                        (comparison_table(entries))
                        div.notes {
                            @for note in notes(entries, adjustment_notes) {
                                p { (shown(&note)) }
                            }
                        }
                    }
                    section id="charts" {
                        h2 { "Charts" }
                        (charts(entries, options))
                    }
                    @if !uncertain.is_empty() {
                        section id="uncertainty" {
                            h2 { "Uncertainty" }
                            p {
                                "Monte Carlo over the uncertain inputs: "
                                (grouped(rust_decimal::Decimal::from(options.draws), 0))
                                " draws, seed " (options.seed) " (rerun with "
                                code { "costcalc simulate --seed " (options.seed) }
                                " for the same numbers)."
                            }
                            @for entry in uncertain {
                                (uncertainty(entry, options))
                            }
                        }
                    }
                    section id="scenarios" {
                        h2 { "The scenarios" }
                        @for (index, entry) in entries.iter().enumerate() {
                            (scenario_details(entry, index))
                        }
                    }
                    (method(options, date))
                }
            }
        }
    };
    page.into_string()
}

/// Text from a scenario on the page: its control characters
/// [`visible`](crate::render::export::escape::visible); the template escapes it.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    crate::render::export::escape::visible(text)
}

/// A chart (our own SVG, which escapes its own text) and its caption.
fn figure(svg: &str, caption: &str) -> Markup {
    html! {
        figure {
            (PreEscaped(svg))
            figcaption { (caption) }
        }
    }
}

/// The bar charts of every scenario, and the frontier when they share one
/// currency.
fn charts(entries: &[Entry], options: &ReportOptions) -> Markup {
    let single_currency = currencies(entries).len() == 1;
    let mut sorted = entries.to_vec();
    let cost = if single_currency {
        let items = crate::render::chart::figures::bar_items(&mut sorted, Metric::CostPerRemoval);
        figure(
            &chart::bar(
                "Cost per removal by scenario",
                "cost_per_removal",
                &items,
                Scale::Auto,
                "",
            ),
            "Cost per removal: total cost ÷ people removed. Scenarios that removed nobody are listed, not drawn.",
        )
    } else {
        let items =
            crate::render::chart::figures::bar_items(&mut sorted, Metric::CostRatioToBaseline);
        figure(
            &chart::bar(
                "Cost per removal relative to the domestic alternative",
                "cost_ratio_to_baseline",
                &items,
                Scale::Auto,
                "",
            ),
            "The scenarios are in several currencies, so this chart compares each with its own domestic \
             baseline; run with --currency USD --price-year 2024 for cost per removal in one currency.",
        )
    };
    let items = crate::render::chart::figures::bar_items(&mut sorted, Metric::Utilization);
    let utilization = figure(
        &chart::bar(
            "Use of planned capacity",
            "utilization",
            &items,
            Scale::Linear,
            "",
        ),
        "Capacity used: removals ÷ planned removals.",
    );
    let frontier = if single_currency
        && entries
            .iter()
            .all(|e| e.metrics.removals.is_some() && e.metrics.total_cost.is_some())
        && entries.len() > 1
        && let Ok(computed) =
            super::frontier_of(&options.paths, None, &options.money, &options.overrides)
    {
        Some(figure(
            &crate::render::chart::figures::frontier_svg(&computed),
            "Total cost against removals. The line is the efficiency frontier; hollow points are dominated.",
        ))
    } else {
        None
    };
    html! { (cost) (utilization) @if let Some(frontier) = frontier { (frontier) } }
}

/// The comparison table, every human column.
fn comparison_table(entries: &[Entry]) -> Markup {
    html! {
        div.table-wrap {
            table {
                thead {
                    tr {
                        @for column in &COLUMNS {
                            @if column.numeric {
                                th.number scope="col" { (column.header) }
                            } @else {
                                th scope="col" { (column.header) }
                            }
                        }
                    }
                }
                tbody {
                    @for (index, entry) in entries.iter().enumerate() {
                        tr {
                            @for (i, column) in COLUMNS.iter().enumerate() {
                                @let cell = (column.cell)(entry);
                                @if i == 0 {
                                    td { a href={ "#scenario-" (index) } { (shown(&cell)) } }
                                } @else if column.numeric {
                                    td.number { (shown(&cell)) }
                                } @else {
                                    td { (shown(&cell)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A scenario's simulated histogram, acceptability and tornado.
fn uncertainty(entry: &Entry, options: &ReportOptions) -> Markup {
    // The scenario's own file, or the built-in scenario it is.
    let (paths, file) = match &entry.on_disk {
        Some(on_disk) => (
            vec![on_disk.path.clone()],
            crate::load::paths::read(&on_disk.path).ok(),
        ),
        None => (
            Vec::new(),
            crate::load::paths::builtin()
                .into_iter()
                .find(|f| f.display == entry.file),
        ),
    };
    let Some(file) = file else {
        return html! {};
    };
    let heading = html! { h3 { (shown(&entry.scenario.name)) } };
    let Ok((_, models)) = super::models_of(&paths, &options.money, &options.overrides) else {
        return heading;
    };
    let Some((_, model)) = models.iter().find(|(display, _)| *display == entry.file) else {
        return heading;
    };
    let request = Request {
        samples: options.draws,
        seed: options.seed,
        thresholds: Vec::new(),
    };
    let mut figures = Vec::new();
    if model.metrics().contains(&Metric::CostPerRemoval) {
        let draws = simulate::draws(model, &request, Metric::CostPerRemoval);
        figures.push(figure(
            &crate::render::chart::figures::histogram_svg(
                model,
                Metric::CostPerRemoval,
                &draws,
                options.seed,
            ),
            "Simulated cost per removal, with its 5th, 50th and 95th percentiles.",
        ));
        figures.push(figure(
            &crate::render::chart::figures::acceptability_svg(model, draws, options.seed),
            "The probability that cost per removal is at or below each threshold.",
        ));
    }
    if let Ok(tornado) = super::tornado_of(
        file,
        Metric::CostPerRemoval,
        &options.money,
        &options.overrides,
    ) {
        figures.push(figure(
            &crate::render::chart::figures::tornado_svg(&tornado, Metric::CostPerRemoval),
            "Each uncertain input at its 5th and 95th percentile, the others at their means.",
        ));
    }
    html! { (heading) @for figure in figures { (figure) } }
}

/// One scenario in full: facts, cost lines, outcomes, legal timeline, baseline, sources.
fn scenario_details(entry: &Entry, index: usize) -> Markup {
    let s = &entry.scenario;
    let money = |v| human_money_exact(&s.currency, v);
    let mut facts = vec![("file", entry.file.clone())];
    if let Some(status) = s.status {
        facts.push(("status", status.as_str().to_string()));
    }
    match (&s.sending, &s.receiving) {
        (Some(a), Some(b)) => facts.push(("countries", format!("{a} → {b}"))),
        (Some(a), None) => facts.push(("countries", format!("from {a}"))),
        (None, Some(b)) => facts.push(("countries", format!("to {b}"))),
        (None, None) => {}
    }
    if let (Some(start), Some(end)) = (s.start, s.end) {
        facts.push(("dates", format!("{start} to {end}")));
    }
    let prices = s
        .price_year
        .map_or("price year not stated".to_string(), |y| {
            format!("{y} prices")
        });
    facts.push(("currency", format!("{}, {prices}", s.currency)));
    let o = &s.outcomes;
    let count = |v: Option<u64>| {
        v.map_or("not given".to_string(), |v| {
            human_count(rust_decimal::Decimal::from(v))
        })
    };
    let outcomes = [
        ("removals", count(o.removals)),
        ("planned", count(o.planned)),
        (
            "block probability",
            o.block_probability
                .map_or("not given".into(), |p| p.normalize().to_string()),
        ),
        ("attempted", count(o.attempted)),
        ("blocked", count(o.blocked)),
    ];
    let removals = entry.metrics.removals.map(|r| r.count);
    let mut events: Vec<_> = s.legal.iter().collect();
    events.sort_by_key(|e| e.date);
    html! {
        article id={ "scenario-" (index) } {
            h3 { (shown(&s.name)) }
            dl.facts {
                @for (label, value) in &facts {
                    dt { (label) } dd { (shown(value)) }
                }
            }
            @if let Some(summary) = &s.summary {
                p { (shown(summary)) }
            }
            h4 { "Costs" }
            @if s.costs.is_empty() {
                p { "No cost lines." }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { "Item" }
                            th scope="col" { "Basis" }
                            th.number scope="col" { "Amount" }
                            th.number scope="col" { "Contribution" }
                            th scope="col" { "Source" }
                        }
                    }
                    tbody {
                        @for line in &s.costs {
                            @let contribution = metrics::contribution(s, line, removals).ok().flatten();
                            tr {
                                td { (shown(&line.item)) }
                                td {
                                    (match line.basis {
                                        Basis::Fixed => "fixed",
                                        Basis::PerRemoval => "per removal",
                                        Basis::PerYear => "per year",
                                    })
                                }
                                td.number { (shown(&money(line.amount))) }
                                td.number { (shown(&contribution.map_or("n/a".into(), money))) }
                                td { (source_link(s, line.source.as_deref())) }
                            }
                        }
                    }
                }
                @for line in s.costs.iter().filter(|l| l.note.is_some()) {
                    p.notes {
                        strong { (shown(&line.item)) ":" }
                        " " (shown(line.note.as_deref().unwrap_or("")))
                    }
                }
            }
            h4 { "Outcomes" }
            dl.facts {
                @for (label, value) in &outcomes {
                    dt { (label) } dd { (shown(value)) }
                }
            }
            @if let Some(note) = &o.note {
                p.notes { (shown(note)) " " (source_link(s, o.source.as_deref())) }
            }
            @if !s.uncertain.is_empty() {
                p.notes {
                    "Uncertain inputs (the figures above use their means): "
                    @for (i, u) in s.uncertain.iter().enumerate() {
                        @if i > 0 { "; " }
                        (shown(&u.path)) ": " (shown(&u.describe()))
                    }
                    "."
                }
            }
            h4 { "Legal timeline" }
            @if events.is_empty() {
                p { "No court events." }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { "Date" }
                            th scope="col" { "Court" }
                            th scope="col" { "Outcome" }
                            th.number scope="col" { "People" }
                            th scope="col" { "Source" }
                        }
                    }
                    tbody {
                        @for event in events {
                            tr {
                                td { (event.date.to_string()) }
                                td {
                                    (shown(&event.court))
                                    @if let Some(summary) = &event.summary {
                                        br;
                                        span.notes { (shown(summary)) }
                                    }
                                }
                                td { (event.outcome.as_str()) }
                                td.number { @if let Some(people) = event.people { (people) } }
                                td { (source_link(s, event.source.as_deref())) }
                            }
                        }
                    }
                }
            }
            @if let Some(baseline) = &s.baseline {
                h4 { "Baseline" }
                p {
                    (shown(baseline.label.as_deref().unwrap_or("Domestic alternative")))
                    ": " (shown(&money(baseline.cost_per_person))) " per person "
                    (source_link(s, baseline.source.as_deref()))
                }
                @if let Some(note) = &baseline.note {
                    p.notes { (shown(note)) }
                }
            }
            h4 { "Sources" }
            @if s.sources.is_empty() {
                p { "No sources listed." }
            } @else {
                ol {
                    @for source in &s.sources {
                        li id={ "scenario-" (index) "-source-" (shown(&source.id)) } {
                            "[" (shown(&source.id)) "] "
                            @match source.url.as_deref().filter(|url| is_web_address(url)) {
                                Some(url) => { a href=(shown(url)) { (shown(&source.title)) } }
                                None => { (shown(&source.title)) }
                            }
                            @if let Some(publisher) = &source.publisher {
                                ", " (shown(publisher))
                            }
                            @if let Some(date) = source.date {
                                ", " (date.to_string())
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `[id]` linking to the source's URL when it is a web address, or nothing.
fn source_link(s: &crate::model::Scenario, id: Option<&str>) -> Markup {
    let Some(id) = id else {
        return html! {};
    };
    let url = s.source(id).and_then(|source| source.url.as_deref());
    html! {
        @match url.filter(|url| is_web_address(url)) {
            Some(url) => { a href=(shown(url)) { "[" (shown(id)) "]" } }
            None => { "[" (shown(id)) "]" }
        }
    }
}

/// Metric definitions, how money was handled, the seed, the version and date.
fn method(options: &ReportOptions, date: &str) -> Markup {
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
    html! {
        section id="method" {
            h2 { "Method" }
            table {
                thead { tr { th scope="col" { "Metric" } th scope="col" { "Definition" } } }
                tbody {
                    @for (metric, definition) in report::METRICS {
                        tr { td { (metric) } td { (definition) } }
                    }
                }
            }
            p { (shown(&money)) }
            p {
                "All accounting is in exact decimal arithmetic: amounts are read exactly as written. \
                 Simulated figures use " (grouped(rust_decimal::Decimal::from(options.draws), 0))
                " draws with seed " (options.seed) ". Generated by costcalc "
                (env!("CARGO_PKG_VERSION")) " on " (date) "."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_text_is_escaped_by_the_template_and_its_controls_shown() {
        let page = html! { p title=(shown("\"x\"")) { (shown("<b>A & B</b>\u{1b}[2J")) } };
        assert_eq!(
            page.into_string(),
            "<p title=\"&quot;x&quot;\">&lt;b&gt;A &amp; B&lt;/b&gt;\\u{1b}[2J</p>"
        );
    }

    #[test]
    fn only_a_web_address_becomes_a_link() {
        let mut scenario = crate::load::parse(
            "name = \"x\"\ncurrency = \"GBP\"\n[outcomes]\nremovals = 1\n\
             [[source]]\nid = \"web\"\ntitle = \"t\"\nurl = \"https://example.org/?a=1&b=\\\"2\\\"\"\n\
             [[source]]\nid = \"js\"\ntitle = \"t\"\nurl = \"https://example.org/\"\n",
        )
        .unwrap();
        // A file cannot give such an address (it is refused as not a web
        // address); the report does not rely on that.
        scenario.sources[1].url = Some("javascript:alert(1)".to_string());
        // The address's `&` and `"` are entities inside the attribute.
        assert_eq!(
            source_link(&scenario, Some("web")).into_string(),
            "<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">[web]</a>"
        );
        assert_eq!(source_link(&scenario, Some("js")).into_string(), "[js]");
        assert_eq!(source_link(&scenario, None).into_string(), "");
    }
}
