/*!
The HTML report: one self-contained page (CSS and SVG inline, no network
requests, no scripts, and a Content-Security-Policy that forbids both) with the
comparison, the charts, every scenario's details and sources, the exchange
rates and price indices used, and the method. Its tables wrap rather than
scroll, so every column shows on a 1280-pixel screen and on an A4 or Letter
page; printed, a chart is never split across pages and a link's address is
spelled out. It is a `maud` template, which escapes every value it is
given (only the styles and our own SVG charts go in as they are), and a
scenario's control characters are shown as escapes. Only web addresses become
links.

Everything simulated or analysed is computed by the command first and given
here as [`Figures`]; this module only draws.
*/

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{
    Byline, METRICS, RATE_HEADERS, hypothetical_mark, rate_kind, rate_provenance, rate_series,
    rates_used,
};
use crate::analysis::evaluate::{Entry, currencies};
use crate::analysis::frontier::Frontier;
use crate::analysis::metrics::{self, Metric};
use crate::analysis::simulate::Model;
use crate::analysis::tornado::Tornado;
use crate::model::{Basis, is_web_address};
use crate::money::rounding::grouped;
use crate::render::chart::figures::SimulatedHistogram;
use crate::render::chart::{self, Scale};
use crate::render::export::human::{AS_OF_HEADER, COLUMNS, notes, plural};
use crate::render::export::number::{human_count, human_money_exact};

/// What the report draws beyond the evaluated scenarios, computed before it
/// is rendered.
#[derive(Default)]
pub struct Figures {
    /// The efficiency frontier of the scenarios, when it is drawn: they share
    /// one currency, each has removals and a total cost, and there are several.
    pub frontier: Option<Frontier>,
    /// The figures of the scenarios with uncertain inputs whose file could be
    /// read again; a scenario with uncertain inputs and none here is left out
    /// of the Uncertainty section.
    pub uncertainty: Vec<Uncertainty>,
}

/// A scenario's simulated cost per removal, as the report draws it.
pub struct SimulatedCost {
    /// The scenario compiled for sampling.
    pub model: Model,
    pub histogram: SimulatedHistogram,
    /// The acceptability curve: each threshold, and the share of draws at or
    /// below it.
    pub acceptability: Vec<(f64, f64)>,
}

/// The simulated figures of one scenario with uncertain inputs.
pub struct Uncertainty {
    /// The scenario's place in the entries given to [`render`].
    pub scenario: usize,
    /// Its simulated cost per removal, when it could be simulated and has
    /// that metric.
    pub cost_per_removal: Option<SimulatedCost>,
    /// Its tornado of cost per removal, when it could be computed.
    pub tornado: Option<Tornado>,
}

/// How the report was asked for, as it states it.
pub struct Settings<'a> {
    /// Its title, author and date.
    pub byline: Byline<'a>,
    /// What was changed before evaluating (`--set`, conversion, discounting),
    /// one note each.
    pub adjustment_notes: &'a [String],
    /// The Monte Carlo draws and seed.
    pub draws: u64,
    pub seed: u64,
    /// `--currency` and `--price-year`.
    pub currency: Option<&'a str>,
    pub price_year: Option<u16>,
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
/* Tables wrap instead of scrolling (a scrolled table prints cut off): headers
   and names wrap between words, numbers stay whole. */
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
#comparison table, #rates table { width: 100%; }
#comparison td:first-child { min-width: 11rem; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #f2f5f8; vertical-align: bottom; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
td.number { white-space: nowrap; overflow-wrap: normal; }
.status { color: #8a4b00; font-style: italic; white-space: nowrap; }
.notes { color: #444; font-size: 0.88rem; }
figure { margin: 1.2rem 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
figcaption { color: #555; font-size: 0.88rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
a { color: #0060a0; }
/* A narrow screen stacks the comparison: one block per scenario, each value
   under its header's words (from the cell's data-label). */
@media screen and (max-width: 40rem) {
  #comparison thead { display: none; }
  #comparison tr, #comparison td { display: block; }
  #comparison tr { border-bottom: 2px solid #d0d0d0; padding: 0.3rem 0; }
  #comparison td { border: 0; text-align: left; padding: 0.1rem 0.3rem; }
  #comparison td[data-label]::before { content: attr(data-label) ": "; color: #555; }
}
/* The page's size is the printer's (A4 or Letter); the margins are ours. */
@page { size: auto; margin: 14mm 12mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  h2 { break-before: page; break-after: avoid; }
  h2:first-of-type { break-before: auto; }
  h3, h4 { break-after: avoid; }
  /* Small enough that the nine columns of the comparison fit an A4 page's
     width; numbers may wrap after their currency code. */
  table { font-size: 7.5pt; }
  th, td { padding: 0.15rem 0.25rem; }
  #comparison td:first-child { min-width: 0; width: 22%; }
  td.number { white-space: normal; }
  figure, tr, dl.facts { break-inside: avoid; }
  figure svg { max-height: 24cm; }
  thead { display: table-header-group; }
  a { color: #222; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; color: #555; overflow-wrap: anywhere; }
}
"#;

/// The page on `entries`, in the order shown, with their `figures`.
pub fn render(entries: &[Entry], figures: &Figures, settings: &Settings) -> String {
    let Settings {
        byline,
        adjustment_notes,
        draws,
        seed,
        ..
    } = *settings;
    let Byline {
        title,
        author,
        date,
    } = byline;
    let uncertain: Vec<(usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.scenario.uncertain.is_empty())
        .collect();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(author) = author {
                    meta name="author" content=(shown(author));
                }
                title { (shown(title)) " — costcalc report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (shown(title)) }
                    @if let Some(author) = author {
                        p.meta.author { "By " (shown(author)) }
                    }
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
                        (charts(entries, figures.frontier.as_ref()))
                    }
                    @if !uncertain.is_empty() {
                        section id="uncertainty" {
                            h2 { "Uncertainty" }
                            p {
                                "Monte Carlo over the uncertain inputs: "
                                (grouped(rust_decimal::Decimal::from(draws), 0))
                                " draws, seed " (seed) " (rerun with "
                                code { "costcalc simulate --seed " (seed) }
                                " for the same numbers)."
                            }
                            @for (index, entry) in &uncertain {
                                @if let Some(figures) = figures.uncertainty.iter().find(|u| u.scenario == *index) {
                                    (uncertainty(entry, figures, seed))
                                }
                            }
                        }
                    }
                    section id="scenarios" {
                        h2 { "The scenarios" }
                        @for (index, entry) in entries.iter().enumerate() {
                            (scenario_details(entry, index))
                        }
                    }
                    (rates(entries))
                    (bibliography(entries))
                    (method(settings))
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

/// The bar charts of every scenario, and the `frontier` when there is one.
fn charts(entries: &[Entry], frontier: Option<&Frontier>) -> Markup {
    let single_currency = currencies(entries).len() == 1;
    let mut sorted = entries.to_vec();
    let cost = if single_currency {
        let items = chart::figures::bar_items(&mut sorted, Metric::CostPerRemoval);
        figure(
            &chart::bar(
                "Cost per removal by scenario",
                &chart::figures::value_axis(Metric::CostPerRemoval, &entries[0].scenario.currency),
                &items,
                Scale::Auto,
                "",
            ),
            "Cost per removal: total cost ÷ people removed. Scenarios that removed nobody are listed, not drawn.",
        )
    } else {
        let items = chart::figures::bar_items(&mut sorted, Metric::CostRatioToBaseline);
        figure(
            &chart::bar(
                "Cost per removal relative to the domestic alternative",
                &chart::figures::value_axis(Metric::CostRatioToBaseline, ""),
                &items,
                Scale::Auto,
                "",
            ),
            "The scenarios are in several currencies, so this chart compares each with its own domestic \
             baseline; run with --currency USD --price-year 2024 for cost per removal in one currency.",
        )
    };
    let items = chart::figures::bar_items(&mut sorted, Metric::Utilization);
    let utilization = figure(
        &chart::bar(
            "Use of planned capacity",
            &chart::figures::value_axis(Metric::Utilization, ""),
            &items,
            Scale::Linear,
            "",
        ),
        "Capacity used: removals ÷ planned removals.",
    );
    let frontier = frontier.map(|computed| {
        figure(
            &chart::figures::frontier_svg(computed, ""),
            "Total cost against removals. The line is the efficiency frontier; hollow points are dominated.",
        )
    });
    html! { (cost) (utilization) @if let Some(frontier) = frontier { (frontier) } }
}

/// The comparison table, every human column but `as_of`, which is under
/// each scenario's name.
fn comparison_table(entries: &[Entry]) -> Markup {
    let columns: Vec<_> = COLUMNS
        .iter()
        .filter(|c| c.header != AS_OF_HEADER)
        .collect();
    html! {
        table {
            thead {
                tr {
                    @for column in &columns {
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
                        @for (i, column) in columns.iter().enumerate() {
                            @let cell = (column.cell)(entry);
                            @if i == 0 {
                                td {
                                    a href={ "#scenario-" (index) } { (shown(&cell)) }
                                    @if let Some(mark) = hypothetical_mark(entry) {
                                        " " span.status { (mark) }
                                    }
                                    @if let Some(as_of) = entry.scenario.as_of {
                                        br; span.status { "facts as of " (as_of.to_string()) }
                                    }
                                }
                            } @else if column.numeric {
                                td.number data-label=(column.header) { (shown(&cell)) }
                            } @else {
                                td data-label=(column.header) { (shown(&cell)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A scenario's simulated histogram, acceptability and tornado, those of
/// them that were computed.
fn uncertainty(entry: &Entry, figures: &Uncertainty, seed: u64) -> Markup {
    let mut drawn = Vec::new();
    if let Some(SimulatedCost {
        model,
        histogram,
        acceptability: curve,
    }) = &figures.cost_per_removal
    {
        drawn.push(figure(
            &chart::figures::histogram_svg(model, Metric::CostPerRemoval, histogram, seed),
            "Simulated cost per removal, with its 5th, 50th and 95th percentiles.",
        ));
        drawn.push(figure(
            &chart::figures::acceptability_svg(model, curve, seed),
            "The probability that cost per removal is at or below each threshold.",
        ));
    }
    if let Some(tornado) = &figures.tornado {
        drawn.push(figure(
            &chart::figures::tornado_svg(tornado, Metric::CostPerRemoval),
            "Each uncertain input at its 5th and 95th percentile, the others at their means.",
        ));
    }
    let correlations = &entry.scenario.correlations;
    html! {
        h3 { (shown(&entry.scenario.name)) }
        @if !correlations.is_empty() {
            p { "Correlated inputs, drawn together by a Gaussian copula (each keeps its own distribution):" }
            ul { @for c in correlations { li { (shown(&c.describe())) } } }
        }
        @for figure in drawn { (figure) }
    }
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
    facts.push((
        "facts as of",
        s.as_of
            .map_or("not stated".to_string(), |date| date.to_string()),
    ));
    let o = &s.outcomes;
    let count = |v: Option<u64>| {
        v.map_or("not given".to_string(), |v| {
            human_count(rust_decimal::Decimal::from(v))
        })
    };
    let mut outcomes = vec![
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
    // Shown when given: most deals count neither.
    if o.voluntary_departures.is_some() {
        outcomes.push((
            "of the removals, voluntary departures",
            count(o.voluntary_departures),
        ));
    }
    if o.offshore_transfers.is_some() {
        outcomes.push((
            "offshore transfers (not removals)",
            count(o.offshore_transfers),
        ));
    }
    let removals = entry.metrics.removals.map(|r| r.count);
    let mut events: Vec<_> = s.legal.iter().collect();
    events.sort_by_key(|e| e.date);
    html! {
        article id={ "scenario-" (index) } {
            h3 {
                (shown(&s.name))
                @if let Some(mark) = hypothetical_mark(entry) {
                    " " span.status { (mark) }
                }
            }
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
                    @if let Some(year) = baseline.price_year.filter(|&y| Some(y) != s.price_year) {
                        "in " (year) " prices "
                    }
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

/// Every work the scenarios cite, once, under the key `costcalc sources`
/// gives it; nothing when they cite none.
fn bibliography(entries: &[Entry]) -> Markup {
    let works = super::bibliography(entries);
    if works.is_empty() {
        return html! {};
    }
    html! {
        section id="bibliography" {
            h2 { "Bibliography" }
            ul {
                @for (cited, key) in &works {
                    li id={ "source-" (shown(key)) } {
                        "[" (shown(key)) "] "
                        @match cited.source.url.as_deref().filter(|url| is_web_address(url)) {
                            Some(url) => { a href=(shown(url)) { (shown(&cited.source.title)) } }
                            None => { (shown(&cited.source.title)) }
                        }
                        (shown(&super::cited_details(cited)))
                    }
                }
            }
        }
    }
}

/// The exchange rates and price indices the conversion used, with their
/// sources; nothing when nothing was converted.
fn rates(entries: &[Entry]) -> Markup {
    let used = rates_used(entries);
    if used.is_empty() {
        return html! {};
    }
    html! {
        section id="rates" {
            h2 { "Exchange rates and price indices used" }
            p {
                "Each amount was multiplied by its price index for the target year and divided by \
                 the one for its own price year, then multiplied by its currency's exchange rate \
                 and divided by the target currency's (a US dollar is 1)."
            }
            table {
                thead {
                    tr {
                        @for (i, header) in RATE_HEADERS.iter().enumerate() {
                            @if i == 2 || i == 3 {
                                th.number scope="col" { (header) }
                            } @else {
                                th scope="col" { (header) }
                            }
                        }
                    }
                }
                tbody {
                    @for rate in &used {
                        @let title = rate.title.as_deref().unwrap_or("source not stated");
                        tr {
                            td { (rate_kind(rate.kind)) }
                            td { (shown(&rate.currency)) }
                            td.number { (rate.year) }
                            td.number { (rate.value.normalize().to_string()) }
                            td { (shown(&rate_series(rate))) }
                            td {
                                @match rate.url.as_deref().filter(|url| is_web_address(url)) {
                                    Some(url) => { a href=(shown(url)) { (shown(title)) } }
                                    None => { (shown(title)) }
                                }
                                @for said in rate_provenance(rate) {
                                    "; " (shown(&said))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Metric definitions, how money was handled, the seed, the version and date.
fn method(settings: &Settings) -> Markup {
    let Settings {
        byline: Byline { date, .. },
        draws,
        seed,
        ..
    } = *settings;
    let money = match (settings.currency, settings.price_year) {
        (Some(currency), Some(year)) => format!(
            "Every amount was moved to {currency} at {year} prices: first inflated with its own \
             currency's consumer price index to {year}, then converted at {year}'s average \
             exchange rate (the values used and their sources are listed under Exchange rates \
             and price indices used; `costcalc rates` shows the whole table)."
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
                    @for (metric, definition) in METRICS {
                        tr { td { (metric) } td { (definition) } }
                    }
                }
            }
            p { (shown(&money)) }
            p {
                "All accounting is in exact decimal arithmetic: amounts are read exactly as written. \
                 Simulated figures use " (grouped(rust_decimal::Decimal::from(draws), 0))
                " draws with seed " (seed) ". Generated by costcalc "
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

    /// The text of `page` from `start` to the end of its section.
    fn section<'a>(page: &'a str, start: &str) -> &'a str {
        let from = &page[page.find(start).expect(start)..];
        &from[..from.find("</section>").unwrap()]
    }

    #[test]
    fn the_page_draws_only_the_figures_it_is_given() {
        use crate::analysis::evaluate::{Adjustments, evaluate};
        use crate::load::paths;
        let entries: Vec<Entry> = paths::builtin()
            .into_iter()
            .map(|file| evaluate(paths::parse(file, &[]).unwrap(), &Adjustments::default()))
            .collect::<Result<_, _>>()
            .unwrap();
        let uncertain = entries
            .iter()
            .position(|e| !e.scenario.uncertain.is_empty())
            .expect("a built-in scenario with uncertain inputs");
        let settings = Settings {
            byline: Byline {
                title: super::super::DEFAULT_TITLE,
                author: None,
                date: "2025-12-03",
            },
            adjustment_notes: &[],
            draws: 1000,
            seed: 7,
            currency: None,
            price_year: None,
        };
        let heading = html! { h3 { (shown(&entries[uncertain].scenario.name)) } }.into_string();

        // Nothing computed: the two bar charts (no frontier), and an
        // Uncertainty section that says how it would simulate but names no
        // scenario it could not read again.
        let page = render(&entries, &Figures::default(), &settings);
        assert_eq!(
            section(&page, "<section id=\"charts\">")
                .matches("<svg")
                .count(),
            2
        );
        let alone = section(&page, "<section id=\"uncertainty\">");
        assert!(alone.contains("1,000 draws, seed 7"), "{alone}");
        assert!(
            !alone.contains("<h3>") && !alone.contains("<svg"),
            "{alone}"
        );

        // A scenario whose simulation and tornado failed: its heading alone.
        let failed = Figures {
            frontier: None,
            uncertainty: vec![Uncertainty {
                scenario: uncertain,
                cost_per_removal: None,
                tornado: None,
            }],
        };
        let page = render(&entries, &failed, &settings);
        let alone = section(&page, "<section id=\"uncertainty\">");
        assert_eq!(alone.matches("<h3>").count(), 1, "{alone}");
        assert!(
            alone.contains(&heading) && !alone.contains("<svg"),
            "{alone}"
        );
    }
}
