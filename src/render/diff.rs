/*!
The tables of `costcalc diff`: for machines (CSV, JSON) the columns
`metric, input, value_a, value_b, contribution`, one row per metric and
differing input and a `total` row per metric; for people (the terminal,
Markdown) a waterfall, each metric starting from A's value, adding each
input's contribution to a running total and ending at B's.

Machine numbers are exact, as attributed (see [`crate::analysis::diff`]):
contributions to a millionth, so that they add up to the `total` row
digit for digit; the human forms round as every table does.
*/

use rust_decimal::Decimal;

use crate::analysis::diff::{Diff, Input, MetricDiff, Value};
use crate::analysis::metrics::Metric;
use crate::model::Scenario;
use crate::render::chart::figures::{input_words, label, shown_scaled, value_axis};
use crate::render::chart::waterfall::Step;
use crate::render::export::human::plural;
use crate::render::export::number::{Fixed, human_count, human_money_scaled, human_percent};
use crate::render::export::records::{Record, RecordColumn, Records};

/// The columns of CSV and JSON (a published contract: issue 21).
pub const COLUMNS: [RecordColumn; 5] = [
    RecordColumn::new("metric", "Metric", false),
    RecordColumn::new("input", "Input", false),
    RecordColumn::new("value_a", "A", true),
    RecordColumn::new("value_b", "B", true),
    RecordColumn::new("contribution", "Contribution", true),
];

/// The columns of the waterfall people read: each metric's rows start with
/// its name and A's value, and end with B's.
const WATERFALL: [RecordColumn; 5] = [
    RecordColumn::new("input", "Metric and input", false),
    RecordColumn::new("value_a", "In A", true),
    RecordColumn::new("value_b", "In B", true),
    RecordColumn::new("contribution", "Contribution", true),
    RecordColumn::new("running", "Running total", true).wide_only(),
];

/// The two scenarios compared (adjusted alike), as the tables name them.
pub struct Sides<'a> {
    pub a: &'a Scenario,
    pub b: &'a Scenario,
    pub file_a: &'a str,
    pub file_b: &'a str,
}

/// The rows for CSV and JSON.
pub fn machine(diff: &Diff) -> Records {
    let exact = |v: Decimal| Fixed::as_written(v.normalize());
    let number = |v: Option<Decimal>| match v {
        Some(v) => Record::number(exact(v), String::new()),
        None => Record::empty("n/a"),
    };
    let value = |v: &Option<Value>| match v {
        Some(Value::Number(v)) => Record::number(exact(*v), String::new()),
        Some(other) => Record::text(&other.text()),
        None => Record::empty("n/a"),
    };
    let mut rows = Vec::new();
    for m in &diff.metrics {
        for (k, input) in diff.inputs.iter().enumerate() {
            rows.push(vec![
                Record::text(m.metric.name()),
                Record::text(&input.path),
                value(&input.value_a),
                value(&input.value_b),
                number(m.contributions.as_ref().map(|parts| parts[k])),
            ]);
        }
        rows.push(vec![
            Record::text(m.metric.name()),
            Record::text("total"),
            number(m.value_a),
            number(m.value_b),
            number(m.total),
        ]);
    }
    Records {
        columns: COLUMNS.to_vec(),
        rows,
        notes: Vec::new(),
    }
}

/// The waterfall for the terminal and Markdown, with its notes (`extra`
/// first: what was converted or set).
pub fn waterfall(diff: &Diff, sides: &Sides, extra: Vec<String>) -> Records {
    let currency = &sides.a.currency;
    let mut rows = Vec::new();
    for m in &diff.metrics {
        let show = |v: Option<Decimal>| shown(m.metric, currency, v);
        rows.push(vec![
            Record::text(&format!("{}, A: {}", m.metric.name(), sides.a.label())),
            Record::text(&show(m.value_a)),
            Record::text(""),
            Record::text(""),
            Record::text(&show(m.value_a)),
        ]);
        let mut running = m.value_a;
        // Not split: every row would say n/a (the notes say why).
        let inputs = if m.contributions.is_some() {
            diff.inputs.as_slice()
        } else {
            &[]
        };
        for (k, input) in inputs.iter().enumerate() {
            let part = m.contributions.as_ref().map(|parts| parts[k]);
            if part.is_some_and(|part| part.is_zero()) {
                continue;
            }
            running = match (running, part) {
                (Some(r), Some(p)) => r.checked_add(p),
                _ => None,
            };
            rows.push(vec![
                Record::text(&format!("  {}", input_label(input, sides))),
                Record::text(&input_value(input, &input.value_a, currency)),
                Record::text(&input_value(input, &input.value_b, currency)),
                Record::text(&signed(m.metric, currency, part)),
                Record::text(&show(running)),
            ]);
        }
        rows.push(vec![
            Record::text(&format!("{}, B: {}", m.metric.name(), sides.b.label())),
            Record::text(&show(m.value_a)),
            Record::text(&show(m.value_b)),
            Record::text(&signed(m.metric, currency, m.total)),
            Record::text(&show(m.value_b)),
        ]);
    }
    Records {
        columns: WATERFALL.to_vec(),
        rows,
        notes: extra.into_iter().chain(notes(diff, sides)).collect(),
    }
}

/// What the tables and the chart say under the numbers.
pub fn notes(diff: &Diff, sides: &Sides) -> Vec<String> {
    let mut notes = vec![format!(
        "A is {} ({}), B is {} ({}); each contribution is the input's Shapley value: what \
         changing it from A's value to B's does to the metric, averaged over every order in \
         which the {} could be made. They add up exactly to B − A (in CSV and JSON to the \
         digit, at a millionth).",
        sides.a.name,
        sides.file_a,
        sides.b.name,
        sides.file_b,
        plural(diff.inputs.len(), "change"),
    )];
    if diff.grouped {
        let groups: Vec<String> = diff
            .inputs
            .iter()
            .map(|g| format!("{} ({})", g.path, g.members.join(", ")))
            .collect();
        notes.push(format!(
            "{} inputs differ, more than {} (2^{} mixes): they are grouped by section and each \
             section is attributed as one: {}",
            diff.differing,
            crate::analysis::diff::MAX_INPUTS,
            diff.differing,
            groups.join("; ")
        ));
    }
    if !diff.inputs.is_empty() {
        notes.push(
            "an input whose contribution to a metric is 0 is left out of that metric's rows \
             (CSV and JSON have every row)"
                .into(),
        );
    }
    if diff.inputs.is_empty() {
        notes.push("the two scenarios differ in no input that a metric reads".into());
    }
    let unattributed: Vec<&str> = diff
        .metrics
        .iter()
        .filter(|m| m.contributions.is_none())
        .map(|m| m.metric.name())
        .collect();
    if !unattributed.is_empty() {
        notes.push(format!(
            "not split ({}): the metric is not defined (no removals, no baseline...) with \
             some of A's inputs and some of B's, so its difference cannot be split among them \
             (the contributions are n/a in CSV and JSON); B − A is given when both A and B \
             have it",
            unattributed.join(", ")
        ));
    }
    let left_out: Vec<&str> = Metric::ALL
        .into_iter()
        .filter(|metric| !diff.metrics.iter().any(|m| m.metric == *metric))
        .map(Metric::name)
        .collect();
    if !left_out.is_empty() {
        notes.push(format!(
            "not shown, n/a in both scenarios: {}",
            left_out.join(", ")
        ));
    }
    if diff.metrics.iter().any(|m| m.metric.is_quotient()) {
        notes.push(
            "ratios (cost per removal, capacity used, block rate, cost ratio) are attributed \
             rounded to 6 decimal places"
                .into(),
        );
    }
    notes
}

/// A metric's value as people read it.
pub fn shown(metric: Metric, currency: &str, value: Option<Decimal>) -> String {
    match value {
        // The minus sign of the contributions, before the currency.
        Some(v) if v.is_sign_negative() && !v.is_zero() => {
            format!("−{}", shown(metric, currency, Some(-v)))
        }
        Some(v) if matches!(metric, Metric::Utilization | Metric::BlockRate) => human_percent(v),
        _ => shown_scaled(metric, currency, value),
    }
}

/// A contribution with its sign: `+USD 1,234`, `−5.0%`, `n/a`.
pub fn signed(metric: Metric, currency: &str, value: Option<Decimal>) -> String {
    match value {
        None => "n/a".into(),
        Some(v) if v.is_sign_negative() && !v.is_zero() => {
            format!("−{}", shown(metric, currency, Some(-v)))
        }
        Some(v) if v.is_zero() => shown(metric, currency, Some(Decimal::ZERO)),
        Some(v) => format!("+{}", shown(metric, currency, Some(v))),
    }
}

/// The input as people know it: its path, and the cost line's item or the
/// outcome's words (from A, or B for a line only B has).
pub fn input_label(input: &Input, sides: &Sides) -> String {
    if !input.members.is_empty() {
        return format!("{} ({})", input.path, plural(input.members.len(), "input"));
    }
    match reader_words(input, sides) {
        Some(words) => format!("{}: {}", input.path, shortened(&words, LABEL_WORDS)),
        None => input.path.clone(),
    }
}

/// The most characters of an input's words a table row shows: a cost line's
/// item can be a sentence.
const LABEL_WORDS: usize = 24;

/// `text`, cut to `limit` characters with `…` when longer.
fn shortened(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let kept: String = text.chars().take(limit - 1).collect();
    format!("{}…", kept.trim_end())
}

/// What the reader calls an input, from A (or from B, for a line only B
/// has), when there are words for it beyond its path.
fn reader_words(input: &Input, sides: &Sides) -> Option<String> {
    [sides.a, sides.b]
        .into_iter()
        .map(|scenario| words_for(&input.path, scenario))
        .find(|words| *words != input.path)
}

/// The reader's words for an input, a whole line (`cost[2]`) by its item.
pub fn words_for(path: &str, scenario: &Scenario) -> String {
    if let Some(number) = path
        .strip_prefix("cost[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|n| n.parse::<usize>().ok())
    {
        return number
            .checked_sub(1)
            .and_then(|i| scenario.costs.get(i))
            .map_or_else(|| path.to_string(), |line| line.item.clone());
    }
    input_words(path, scenario)
}

/// An input's value in one scenario, as people read it.
fn input_value(input: &Input, value: &Option<Value>, currency: &str) -> String {
    match value {
        None if !input.members.is_empty() => String::new(),
        None => "none".into(),
        Some(Value::Text(text)) => text.clone(),
        Some(Value::Line {
            basis,
            amount,
            years,
        }) => {
            let money = human_money_scaled(currency, *amount);
            match years {
                Some(years) => format!("{} {money} × {}", basis.as_str(), years.normalize()),
                None => format!("{} {money}", basis.as_str()),
            }
        }
        Some(Value::Number(v)) => {
            let path = input.path.as_str();
            if path.ends_with(".amount") || path.starts_with("baseline") {
                human_money_scaled(currency, *v)
            } else if path == "outcomes.block_probability" {
                human_percent(*v)
            } else {
                human_count(*v)
            }
        }
    }
}

/// Why a waterfall of a metric cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotDrawn {
    /// n/a in A or in B, or in some mix of them.
    NotAvailable(Metric),
}

impl std::fmt::Display for NotDrawn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotDrawn::NotAvailable(metric) => write!(
                f,
                "{} is n/a in one of the scenarios or in some mix of their inputs (no removals, \
                 no baseline...), so its difference cannot be split into steps; `costcalc diff` \
                 shows which, and --metric chooses another (such as total_cost)",
                metric.name()
            ),
        }
    }
}

/// The waterfall chart of `metric` from A to B.
pub fn waterfall_svg(
    diff: &Diff,
    metric: Metric,
    sides: &Sides,
    note: &str,
) -> Result<String, NotDrawn> {
    let not_drawn = || NotDrawn::NotAvailable(metric);
    let m: &MetricDiff = diff
        .metrics
        .iter()
        .find(|m| m.metric == metric)
        .ok_or_else(not_drawn)?;
    let (Some(start), Some(end), Some(parts)) = (m.value_a, m.value_b, &m.contributions) else {
        return Err(not_drawn());
    };
    let currency = &sides.a.currency;
    let float = |v: Decimal| f64::try_from(v).unwrap_or(0.0);
    let mut steps = vec![Step {
        label: format!("A: {}", sides.a.label()),
        from: 0.0,
        to: float(start),
        shown: shown(metric, currency, Some(start)),
        total: true,
    }];
    let mut running = start;
    // An input that does not move this metric would be a bar of no width.
    let unmoved = parts.iter().filter(|part| part.is_zero()).count();
    for (input, part) in diff.inputs.iter().zip(parts) {
        if part.is_zero() {
            continue;
        }
        let before = running;
        running = running.checked_add(*part).ok_or_else(not_drawn)?;
        steps.push(Step {
            label: chart_label(input, sides),
            from: float(before),
            to: float(running),
            shown: signed(metric, currency, Some(*part)),
            total: false,
        });
    }
    steps.push(Step {
        label: format!("B: {}", sides.b.label()),
        from: 0.0,
        to: float(end),
        shown: shown(metric, currency, Some(end)),
        total: true,
    });
    let subtitle = format!(
        "From {} to {}: each input's share of the difference ({} in all), averaged over every \
                 order of making the changes",
        shown(metric, currency, Some(start)),
        shown(metric, currency, Some(end)),
        signed(metric, currency, m.total),
    );
    let unmoved_note = format!(
        "{} that differ but do not change the {} are not drawn",
        plural(unmoved, "input"),
        label(metric).to_lowercase()
    );
    let note = match (unmoved, note.is_empty()) {
        (0, _) => note.to_string(),
        (_, true) => format!("{}.", capitalised(&unmoved_note)),
        (_, false) => format!("{note}; {unmoved_note}."),
    };
    Ok(crate::render::chart::waterfall::waterfall(
        &format!(
            "Why the {} differs: {} and {}",
            label(metric).to_lowercase(),
            sides.a.label(),
            sides.b.label()
        ),
        &subtitle,
        &value_axis(metric, currency),
        &steps,
        &note,
    ))
}

/// `text` with its first letter a capital.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// An input on a chart: in the reader's words, with its path.
fn chart_label(input: &Input, sides: &Sides) -> String {
    if !input.members.is_empty() {
        return input_label(input, sides);
    }
    match reader_words(input, sides) {
        Some(words) => format!("{words} ({})", input.path),
        None => input.path.clone(),
    }
}
