/*!
`costcalc show`'s text: one scenario in full, so a reader can check every
figure: each cost line with its basis and contribution to the total, the
outcomes, the legal timeline in date order, the baseline, every metric with
its formula in words and the numbers that went into it, and the sources.
*/

use std::fmt::Write as _;
use std::path::Path;

use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use crate::analysis::evaluate::Entry;
use crate::analysis::metrics::{self, BreakEven, RemovalsBasis};
use crate::diagnostic::{Origin, TextKind};
use crate::load::paths::Loaded;
use crate::model::{Basis, DurationSource, Scenario};
use crate::money::convert::Conversion;
use crate::money::discount::Discount;
use crate::money::rates::Kind;
use crate::money::rounding::{grouped, round_half_away};
use crate::render::export::TABLE_STYLE;
use crate::render::export::escape::visible;
use crate::render::export::human::wrap;
use crate::render::export::number::{
    human_count, human_money_exact, human_multiple, human_percent, human_sampled,
};

/// The whole of `show`'s output: the scenario as [`render`] describes it,
/// then how each amount was converted and discounted, when it was. Names,
/// notes and sources are the file's text: shown, never obeyed. Prose wraps
/// between words to `width` (the tables' rules: `COLUMNS`, else the terminal,
/// else no wrapping).
pub fn text(
    entry: &Entry,
    origins: &Origins,
    conversions: Option<&[Conversion]>,
    discount: Option<&Discount>,
    width: Option<u16>,
) -> String {
    let width = Width(width);
    let mut text = render(entry, origins, width);
    if let Some(conversions) = conversions {
        conversion_section(&mut text, conversions, width);
    }
    if let Some(discount) = discount {
        section(&mut text, "Discounting");
        wrap(
            &mut text,
            &format!("{discount}: every cost line above is its present value"),
            "  ",
            width.text(),
        );
    }
    visible(&text).into_owned()
}

/// How each amount was moved: `GBP 2023 → GBP 2024 ×1.0xx (CPI) → USD 2024 ×1.27xx (FX)`.
fn conversion_section(out: &mut String, conversions: &[Conversion], width: Width) {
    section(out, "Conversion");
    for conversion in conversions {
        let mut path = format!(
            "{} in {} prices",
            human_money_exact(&conversion.currency, conversion.amount),
            conversion.price_year
        );
        for step in conversion
            .inflation
            .iter()
            .chain(conversion.exchange.iter())
        {
            let factor = step.factor().map_or("n/a".into(), |f| {
                round_half_away(f, 4).normalize().to_string()
            });
            let (currency, label) = match step.kind {
                Kind::Cpi => (
                    &conversion.currency,
                    format!("CPI {} ÷ {}", step.to_value, step.from_value),
                ),
                Kind::Fx => (
                    &conversion.target_currency,
                    format!("FX {} ÷ {}", step.to_value, step.from_value),
                ),
            };
            let _ = write!(
                path,
                " → {currency} {} ×{factor} ({label}; {})",
                conversion.target_year, step.series
            );
        }
        let _ = write!(
            path,
            " = {}",
            human_money_exact(&conversion.target_currency, conversion.result)
        );
        wrap(
            out,
            &format!("{}: {path}", conversion.what),
            "  ",
            width.text(),
        );
    }
}

/// Where the values of a scenario came from, when not all from its file: the
/// files it extends and the `--set` overrides.
#[derive(Debug, Default)]
pub struct Origins {
    /// (path such as `cost[2].amount`, where it came from)
    values: Vec<(String, String)>,
}

impl Origins {
    pub fn of(loaded: &Loaded) -> Self {
        let name = |origin: Origin| {
            usize::from(origin.0)
                .checked_sub(1)
                .and_then(|i| loaded.related.get(i))
                .map_or_else(String::new, |related| match related.kind {
                    TextKind::Parent => related.name.clone(),
                    TextKind::Argument(flag) => format!("{flag} {}", related.name),
                })
        };
        Origins {
            values: loaded
                .provenance
                .iter()
                .map(|(path, origin)| (path.clone(), name(*origin)))
                .collect(),
        }
    }

    /// ` [from ORIGIN]` after a value not written in the file, or nothing.
    fn mark(&self, path: &str) -> String {
        self.values
            .iter()
            .find(|(p, _)| p == path)
            .map_or_else(String::new, |(_, from)| format!(" [{}]", short(from)))
    }

    /// The mark of a list line: any of its keys not from the file.
    fn mark_line(&self, line: &str) -> String {
        let prefix = format!("{line}.");
        self.values
            .iter()
            .find(|(p, _)| p.starts_with(&prefix))
            .map_or_else(String::new, |(_, from)| format!(" [{}]", short(from)))
    }
}

/// An origin as a mark: `--set` or the parent's file name.
fn short(from: &str) -> &str {
    if from.starts_with("--") {
        from.split(' ').next().unwrap_or(from)
    } else {
        Path::new(from)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(from)
    }
}

/// The width `show` fits: `None` when nothing limits it.
#[derive(Debug, Clone, Copy)]
pub struct Width(pub Option<u16>);

impl Width {
    /// The width prose wraps to (unlimited: never).
    fn text(self) -> usize {
        self.0.map_or(usize::MAX, usize::from)
    }
}

/// The full description of one scenario.
pub fn render(entry: &Entry, origins: &Origins, width: Width) -> String {
    let mut out = String::new();
    header(&mut out, entry, width);
    provenance(&mut out, origins, width);
    uncertain(&mut out, &entry.scenario, width);
    costs(&mut out, entry, origins, width);
    outcomes(&mut out, &entry.scenario, origins, width);
    legal(&mut out, &entry.scenario, width);
    baseline(&mut out, &entry.scenario, origins, width);
    metrics(&mut out, entry, width);
    sources(&mut out, &entry.scenario, width);
    out
}

fn money(entry: &Entry, value: Decimal) -> String {
    human_money_exact(&entry.scenario.currency, value)
}

fn cite(source: &Option<String>) -> String {
    source
        .as_ref()
        .map_or(String::new(), |id| format!(" [{id}]"))
}

fn header(out: &mut String, entry: &Entry, width: Width) {
    let s = &entry.scenario;
    wrap(out, &s.name, "", width.text());
    let mut facts: Vec<(&str, String)> = vec![("file", entry.file.clone())];
    if let Some(status) = s.status {
        facts.push(("status", status.as_str().to_string()));
    }
    let parties = match (&s.sending, &s.receiving) {
        (Some(from), Some(to)) => Some(format!("{from} → {to}")),
        (Some(from), None) => Some(format!("from {from}")),
        (None, Some(to)) => Some(format!("to {to}")),
        (None, None) => None,
    };
    if let Some(parties) = parties {
        facts.push(("countries", parties));
    }
    match (s.start, s.end) {
        (Some(start), Some(end)) => facts.push(("dates", format!("{start} to {end}"))),
        (Some(start), None) => facts.push(("dates", format!("from {start}"))),
        (None, Some(end)) => facts.push(("dates", format!("until {end}"))),
        (None, None) => {}
    }
    if let Some(duration) = s.duration() {
        let how = match duration.derivation {
            DurationSource::Dates { days } => format!(" ({days} days from start to end ÷ 365.25)"),
            _ => String::new(),
        };
        facts.push((
            "duration",
            format!("{} years{how}", duration.years.normalize()),
        ));
    }
    let prices = s
        .price_year
        .map_or(String::from("price year not stated"), |y| {
            format!("{y} prices")
        });
    facts.push(("currency", format!("{}, {prices}", s.currency)));
    if let Some(as_of) = s.as_of {
        facts.push((
            "as of",
            format!("{as_of} (when the facts were last checked)"),
        ));
    }
    for (label, value) in facts {
        wrap(out, &value, &format!("  {label:<10} "), width.text());
    }
    if let Some(summary) = &s.summary {
        out.push('\n');
        wrap(out, summary, "  ", width.text());
    }
}

/// Which values came from elsewhere, grouped by where.
fn provenance(out: &mut String, origins: &Origins, width: Width) {
    if origins.values.is_empty() {
        return;
    }
    section(out, "Values not from this file (marked [..] below)");
    let mut froms: Vec<&str> = Vec::new();
    for (_, from) in &origins.values {
        if !froms.contains(&from.as_str()) {
            froms.push(from);
        }
    }
    for from in froms {
        // A list line is named once (`cost[1]`), not key by key.
        let mut paths: Vec<&str> = Vec::new();
        for (path, _) in origins.values.iter().filter(|(_, f)| f == from) {
            let shown = match path.find("].") {
                Some(end) => &path[..=end],
                None => path.as_str(),
            };
            if !paths.contains(&shown) {
                paths.push(shown);
            }
        }
        let what = if from.starts_with("--") {
            from.to_string()
        } else {
            format!("from {from} (extends)")
        };
        wrap(
            out,
            &format!("{what}: {}", paths.join(", ")),
            "  ",
            width.text(),
        );
    }
}

/// The inputs given as distributions, and the base case used in their place.
fn uncertain(out: &mut String, s: &Scenario, width: Width) {
    if s.uncertain.is_empty() {
        return;
    }
    section(
        out,
        "Uncertain inputs (the figures below use their means; see `costcalc simulate`)",
    );
    for input in &s.uncertain {
        let d = &input.distribution;
        wrap(
            out,
            &format!(
                "{}: {}; mean {}, 90% of draws between {} and {}",
                input.path,
                input.describe(),
                human_sampled(d.mean(), 6),
                human_sampled(d.quantile(0.05), 6),
                human_sampled(d.quantile(0.95), 6),
            ),
            "  ",
            width.text(),
        );
    }
    if s.correlations.is_empty() {
        return;
    }
    section(
        out,
        "Correlated inputs (simulate draws them together, by a Gaussian copula)",
    );
    for correlation in &s.correlations {
        wrap(out, &correlation.describe(), "  ", width.text());
    }
}

fn section(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n");
}

fn costs(out: &mut String, entry: &Entry, origins: &Origins, width: Width) {
    let s = &entry.scenario;
    let m = &entry.metrics;
    section(out, "Costs");
    if s.costs.is_empty() {
        out.push_str("  (no cost lines)\n");
    }
    let removals = m.removals.map(|r| r.count);
    let mut rows: Vec<[String; 6]> = Vec::new();
    for (index, line) in s.costs.iter().enumerate() {
        let times = match line.basis {
            Basis::Fixed => "1".to_string(),
            Basis::PerYear => match s.years_for(line) {
                Some(duration) => match duration.derivation {
                    DurationSource::CostLine => format!("{} years", duration.years.normalize()),
                    DurationSource::Scenario => {
                        format!("{} years (deal)", duration.years.normalize())
                    }
                    DurationSource::Dates { days } => format!("{days} days ÷ 365.25"),
                },
                None => "n/a".to_string(),
            },
            Basis::PerRemoval => match removals {
                Some(count) => format!("{} removals", human_count(count)),
                None => "n/a removals".to_string(),
            },
        };
        // The same function the metrics use, so the column adds up to the total.
        let contribution = metrics::contribution(s, line, removals).ok().flatten();
        rows.push([
            format!(
                "{}{}",
                line.item,
                origins.mark_line(&format!("cost[{}]", index + 1))
            ),
            line.basis.as_str().to_string(),
            match line.price_year.filter(|&year| Some(year) != s.price_year) {
                // Added to amounts in other years' prices as written: say so.
                Some(year) => format!("{} ({year} prices)", money(entry, line.amount)),
                None => money(entry, line.amount),
            },
            times,
            contribution.map_or("n/a".into(), |c| money(entry, c)),
            line.source.clone().unwrap_or_default(),
        ]);
    }
    let mut header = vec!["Item", "Basis", "Amount", "Times", "Contribution", "Source"];
    // Indented by two.
    let table_width = width.0.map(|w| w.saturating_sub(2));
    if !source_column_fits(&header, &rows, table_width) {
        // A source id is one word that must not break: it goes after the item,
        // as `[id]`, which wraps between words with it.
        header.pop();
        for row in &mut rows {
            let source = std::mem::take(&mut row[5]);
            if !source.is_empty() {
                let _ = write!(row[0], " [{source}]");
            }
        }
    }
    let mut table = Table::new();
    table.load_style(TABLE_STYLE).force_no_tty();
    match table_width {
        Some(width) => table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    table.set_header(header.clone());
    for row in &rows {
        table.add_row(row.iter().take(header.len()).map(Cell::new));
    }
    if !s.costs.is_empty() {
        for index in 1..=4 {
            if let Some(column) = table.column_mut(index) {
                if index > 1 {
                    column.set_cell_alignment(CellAlignment::Right);
                }
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        if let Some(column) = table.column_mut(5) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
        for line in table.lines() {
            let _ = writeln!(out, "  {}", line.trim_end());
        }
        for line in s.costs.iter().filter(|l| l.note.is_some()) {
            if let Some(note) = &line.note {
                wrap(
                    out,
                    &format!("{}: {note}", line.item),
                    "  note: ",
                    width.text(),
                );
            }
        }
    }
}

/// Whether the cost table fits `width` with its Source column, the item
/// keeping [`MIN_ITEM_WIDTH`] (or its longest word): every other column is
/// shown whole, as numbers and ids must not break.
fn source_column_fits(header: &[&str], rows: &[[String; 6]], width: Option<u16>) -> bool {
    let Some(width) = width else {
        return true;
    };
    let column = |index: usize| {
        rows.iter()
            .map(|row| row[index].width())
            .chain(std::iter::once(header[index].width()))
            .max()
            .unwrap_or(0)
    };
    let longest_word = rows
        .iter()
        .flat_map(|row| row[0].split_whitespace().map(UnicodeWidthStr::width))
        .max()
        .unwrap_or(0);
    let item = column(0).min(MIN_ITEM_WIDTH).max(longest_word);
    // Each column has one space of padding either side, and one between.
    let needed = item + (1..6).map(column).sum::<usize>() + 6 * 2 + 5;
    needed <= usize::from(width)
}

/// The narrowest the Item column of the cost table gets, in characters.
const MIN_ITEM_WIDTH: usize = 24;

fn outcomes(out: &mut String, s: &Scenario, origins: &Origins, width: Width) {
    let o = &s.outcomes;
    section(out, &format!("Outcomes{}", cite(&o.source)));
    let count = |value: Option<u64>| {
        value.map_or("not given".to_string(), |v| grouped(Decimal::from(v), 0))
    };
    let mut rows = vec![
        (
            "removals",
            count(o.removals),
            "people actually removed under the deal",
        ),
        (
            "planned",
            count(o.planned),
            "planned removals over the same period",
        ),
        (
            "block_probability",
            o.block_probability
                .map_or("not given".into(), |p| p.normalize().to_string()),
            "for projections: chance a planned transfer is blocked",
        ),
        (
            "attempted",
            count(o.attempted),
            "people scheduled for transfer",
        ),
        ("blocked", count(o.blocked), "of those, stopped by a court"),
    ];
    let voluntary_meaning: String;
    // Shown when given: most deals count neither.
    if o.voluntary_departures.is_some() {
        voluntary_meaning = match o.voluntary_departures_capped_from {
            Some(written) => format!(
                "of the removals, people who left voluntarily: {} as given, capped at the \
                 changed removals",
                count(Some(written))
            ),
            None => "of the removals, people who left voluntarily".into(),
        };
        rows.insert(
            1,
            (
                "voluntary_departures",
                count(o.voluntary_departures),
                voluntary_meaning.as_str(),
            ),
        );
    }
    if o.offshore_transfers.is_some() {
        rows.push((
            "offshore_transfers",
            count(o.offshore_transfers),
            "moved to a facility abroad the sending state runs: not removals",
        ));
    }
    let key_width = rows
        .iter()
        .map(|(key, ..)| key.len())
        .max()
        .unwrap_or(0)
        .max(18);
    for (key, value, meaning) in rows {
        let mark = origins.mark(&format!("outcomes.{key}"));
        wrap(
            out,
            &format!("{meaning}{mark}"),
            &format!("  {key:<key_width$} {value:>12}   "),
            width.text(),
        );
    }
    if let Some(note) = &o.note {
        wrap(out, note, "  note: ", width.text());
    }
}

fn legal(out: &mut String, s: &Scenario, width: Width) {
    section(out, "Legal timeline");
    if s.legal.is_empty() {
        out.push_str("  (no court events)\n");
        return;
    }
    let mut events: Vec<_> = s.legal.iter().collect();
    events.sort_by_key(|e| e.date);
    for event in events {
        let people = event.people.map_or(String::new(), |p| {
            format!(", {} people", grouped(Decimal::from(p), 0))
        });
        wrap(
            out,
            &format!(
                "{}: {}{people}{}",
                event.court,
                event.outcome.as_str(),
                cite(&event.source)
            ),
            &format!("  {}  ", event.date),
            width.text(),
        );
        if let Some(summary) = &event.summary {
            wrap(out, summary, "              ", width.text());
        }
    }
}

fn baseline(out: &mut String, s: &Scenario, origins: &Origins, width: Width) {
    section(out, "Baseline");
    let Some(baseline) = &s.baseline else {
        out.push_str("  (none: cost vs baseline and break-even removals are n/a)\n");
        return;
    };
    let label = baseline.label.as_deref().unwrap_or("Domestic alternative");
    // The price year of the amount as shown (after any --price-year, the
    // target's), so the line never keeps a year the amount was converted from.
    let prices = s
        .baseline_price_year()
        .map_or(String::new(), |year| format!(" in {year} prices"));
    let line = format!(
        "{label}: {} per person{prices}{}{}",
        human_money_exact(&s.currency, baseline.cost_per_person),
        cite(&baseline.source),
        origins.mark("baseline.cost_per_person")
    );
    wrap(out, &line, "  ", width.text());
    // A baseline in other years' prices than the costs is set beside them as
    // it stands (as `compare` warns): said here, where the student reads it.
    if let (Some(own), Some(costs)) = (s.baseline_price_year(), s.price_year)
        && own != costs
    {
        let caveat = format!(
            "the costs are in {costs} prices; cost_ratio_to_baseline and break_even_removals \
             use this {own} amount as it stands: add --price-year {costs} to put it in {costs} \
             prices"
        );
        wrap(out, &caveat, "  prices: ", width.text());
    }
    if let Some(note) = &baseline.note {
        wrap(out, note, "  note: ", width.text());
    }
}

fn metrics(out: &mut String, entry: &Entry, width: Width) {
    let m = &entry.metrics;
    let na = || "n/a".to_string();
    section(out, "Metrics");
    let removals_text = m.removals.map_or(na(), |r| human_count(r.count));
    let planned_text = m.planned.map_or(na(), |p| grouped(Decimal::from(p), 0));
    let baseline_text = m.baseline_cost_per_person.map_or(na(), |b| money(entry, b));
    let rows: Vec<(&str, String, String)> = vec![
        (
            "total_cost",
            m.total_cost.map_or(na(), |v| money(entry, v)),
            format!(
                "fixed cost {} + per-removal cost {} × removals {}",
                money(entry, m.fixed_cost),
                money(entry, m.per_removal_cost),
                removals_text
            ),
        ),
        (
            "removals",
            removals_text.clone(),
            match m.removals.map(|r| r.basis) {
                Some(RemovalsBasis::Observed) => "observed: outcomes.removals".to_string(),
                Some(RemovalsBasis::Expected) => {
                    "expected: planned × (1 − block_probability)".to_string()
                }
                None => "neither removals nor planned is given".to_string(),
            },
        ),
        (
            "cost_per_removal",
            m.cost_per_removal.map_or(na(), |v| money(entry, v)),
            "total cost ÷ removals (n/a when removals is 0 or unknown)".to_string(),
        ),
        (
            "utilization",
            m.utilization.map_or(na(), human_percent),
            format!("removals {removals_text} ÷ planned {planned_text}"),
        ),
        (
            "block_rate",
            m.block_rate.map_or(na(), human_percent),
            format!(
                "blocked {} ÷ attempted {}",
                m.blocked.map_or(na(), |v| v.to_string()),
                m.attempted.map_or(na(), |v| v.to_string())
            ),
        ),
        (
            "legal_blocks",
            m.legal_blocks.to_string(),
            "court events whose outcome is \"blocked\"".to_string(),
        ),
        (
            "cost_ratio_to_baseline",
            m.cost_ratio_to_baseline.map_or(na(), human_multiple),
            format!("cost per removal ÷ baseline cost per person {baseline_text}"),
        ),
        (
            "break_even_removals",
            match m.break_even_removals {
                BreakEven::At(n) => human_count(n),
                BreakEven::Never => "never".into(),
                BreakEven::NoBaseline => na(),
            },
            match m.break_even_removals {
                BreakEven::NoBaseline => "needs a baseline".to_string(),
                BreakEven::Never => format!(
                    "the per-removal cost {} is not below the baseline {baseline_text}",
                    money(entry, m.per_removal_cost)
                ),
                BreakEven::At(_) => format!(
                    "smallest whole number with cost per removal ≤ baseline: \
                     ceil(fixed cost {} ÷ (baseline {baseline_text} − per-removal cost {}))",
                    money(entry, m.fixed_cost),
                    money(entry, m.per_removal_cost)
                ),
            },
        ),
    ];
    for (name, value, formula) in rows {
        let _ = writeln!(out, "  {name:<23} {value:>20}");
        wrap(out, &formula, &" ".repeat(27), width.text());
    }
}

fn sources(out: &mut String, s: &Scenario, width: Width) {
    section(out, "Sources");
    if s.sources.is_empty() {
        out.push_str("  (none)\n");
        return;
    }
    for source in &s.sources {
        let mut line = format!("[{}] {}", source.id, source.title);
        if let Some(publisher) = &source.publisher {
            let _ = write!(line, ", {publisher}");
        }
        if let Some(date) = source.date {
            let _ = write!(line, ", {date}");
        }
        if let Some(accessed) = source.accessed {
            let _ = write!(line, "; accessed {accessed}");
        }
        wrap(out, &line, "  ", width.text());
        if let Some(url) = &source.url {
            let _ = writeln!(out, "    {url}");
        }
    }
}
