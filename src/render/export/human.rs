/*!
The columns people read, shared by the terminal table and Markdown.

Money carries its currency code and thousands separators, shares are percentages,
the cost relative to the baseline is a multiple (`1,651×` reads better than
`165,094%`), and an undefined value is `n/a`. A narrow terminal table leaves
out columns in [`DROP_ORDER`], the `wide_only` ones first; Markdown, for
reports, has them all.
*/

use super::number::{human_count, human_money, human_multiple, human_percent};
use crate::analysis::evaluate::{Adjustments, Entry, cost_price_years, currencies};
use crate::analysis::metrics::{BreakEven, RemovalsBasis};
use crate::money::convert::Target;
use unicode_width::UnicodeWidthStr;

/// What is shown for an undefined metric.
pub const NOT_AVAILABLE: &str = "n/a";

/// Marks an expected (projected) number of removals, explained under the table.
pub const EXPECTED_MARK: &str = " (exp.)";

pub struct Column {
    /// Header in the terminal, where a line break keeps narrow columns narrow.
    pub terminal_header: &'static str,
    /// Header in Markdown, on one line.
    pub header: &'static str,
    /// Numbers are right-aligned and never wrapped.
    pub numeric: bool,
    /// The first to be left out of a narrow terminal table (see [`DROP_ORDER`]).
    pub wide_only: bool,
    pub cell: fn(&Entry) -> String,
}

/// The comparison's columns a narrow terminal leaves out, first to last (by
/// header): what is derived from the other columns or shown by `show` goes
/// before what a reader compares deals by. The name, removals, cost per
/// removal and the multiple of the baseline are always shown.
pub const DROP_ORDER: [&str; 6] = [
    AS_OF_HEADER,
    "Break-even removals",
    "Court rulings that blocked",
    "Capacity used",
    "Blocked by courts",
    "Total cost",
];

/// The header of the column of `as_of`, which the HTML report shows under
/// each name instead (a printed page has no room for another column).
pub const AS_OF_HEADER: &str = "Facts as of";

fn or_na(value: Option<String>) -> String {
    value.unwrap_or_else(|| NOT_AVAILABLE.to_string())
}

pub const COLUMNS: [Column; 10] = [
    Column {
        terminal_header: "Scenario",
        header: "Scenario",
        numeric: false,
        wide_only: false,
        cell: |e| e.scenario.name.clone(),
    },
    Column {
        terminal_header: "Total cost",
        header: "Total cost",
        numeric: true,
        wide_only: false,
        cell: |e| {
            or_na(
                e.metrics
                    .total_cost
                    .map(|v| human_money(&e.scenario.currency, v)),
            )
        },
    },
    Column {
        terminal_header: "Removals",
        header: "Removals",
        numeric: true,
        wide_only: false,
        cell: |e| {
            or_na(e.metrics.removals.map(|r| match r.basis {
                RemovalsBasis::Observed => human_count(r.count),
                RemovalsBasis::Expected => format!("{}{EXPECTED_MARK}", human_count(r.count)),
            }))
        },
    },
    Column {
        terminal_header: "Cost per\nremoval",
        header: "Cost per removal",
        numeric: true,
        wide_only: false,
        cell: |e| {
            or_na(
                e.metrics
                    .cost_per_removal
                    .map(|v| human_money(&e.scenario.currency, v)),
            )
        },
    },
    Column {
        terminal_header: "Capacity\nused",
        header: "Capacity used",
        numeric: true,
        wide_only: false,
        cell: |e| or_na(e.metrics.utilization.map(human_percent)),
    },
    Column {
        terminal_header: "Court-\nblocked",
        header: "Blocked by courts",
        numeric: true,
        wide_only: false,
        cell: |e| or_na(e.metrics.block_rate.map(human_percent)),
    },
    Column {
        terminal_header: "Court\nblocks",
        header: "Court rulings that blocked",
        numeric: true,
        wide_only: true,
        cell: |e| e.metrics.legal_blocks.to_string(),
    },
    Column {
        terminal_header: "vs\nbaseline",
        header: "Cost vs baseline",
        numeric: true,
        wide_only: false,
        cell: |e| or_na(e.metrics.cost_ratio_to_baseline.map(human_multiple)),
    },
    Column {
        terminal_header: "Break-even\nremovals",
        header: "Break-even removals",
        numeric: true,
        wide_only: true,
        cell: |e| match e.metrics.break_even_removals {
            BreakEven::At(n) => human_count(n),
            BreakEven::Never => "never".into(),
            BreakEven::NoBaseline => NOT_AVAILABLE.into(),
        },
    },
    // When the scenario's facts were last checked (`as_of`), so a reader
    // can tell current figures from old ones.
    Column {
        terminal_header: "Facts\nas of",
        header: AS_OF_HEADER,
        numeric: false,
        wide_only: true,
        cell: |e| {
            e.scenario
                .as_of
                .map_or_else(|| "not stated".to_string(), |date| date.to_string())
        },
    },
];

/// The headers and cells of the human columns of `entries`: with a sweep's
/// varied inputs first, in place of the scenario's name (the same in every
/// row, so it goes in a note instead). In the `terminal` a scenario goes by its
/// short name, and narrow widths leave columns out in [`DROP_ORDER`]; Markdown,
/// for reports, has the full name and every column.
pub fn grid(entries: &[Entry], terminal: bool) -> Grid {
    let varied = super::varied_paths(entries);
    let columns: Vec<&Column> = COLUMNS
        .iter()
        .filter(|c| varied.is_empty() || c.header != "Scenario")
        .collect();
    let drop_order = DROP_ORDER
        .iter()
        .filter_map(|header| columns.iter().position(|c| c.header == *header))
        .map(|index| index + varied.len())
        .collect();
    // In the terminal a long path breaks after its dots, keeping the column narrow.
    let mut headers: Vec<(String, String, bool)> = varied
        .iter()
        .map(|path| (path.replace('.', ".\n"), path.to_string(), true))
        .collect();
    headers.extend(columns.iter().map(|c| {
        (
            c.terminal_header.to_string(),
            c.header.to_string(),
            c.numeric,
        )
    }));
    let rows = entries
        .iter()
        .map(|entry| {
            entry
                .varied
                .iter()
                .map(|v| crate::money::rounding::grouped(v.value, v.value.scale()))
                .chain(columns.iter().map(|c| match c.header {
                    "Scenario" if terminal => entry.scenario.label().to_string(),
                    _ => (c.cell)(entry),
                }))
                .collect()
        })
        .collect();
    Grid {
        headers,
        rows,
        drop_order,
    }
}

/// Rows of cells under headers: (terminal header, Markdown header, numeric).
pub struct Grid {
    pub headers: Vec<(String, String, bool)>,
    pub rows: Vec<Vec<String>>,
    /// The columns (indexes) a terminal too narrow for them all leaves out,
    /// first to last; the others are always shown.
    pub drop_order: Vec<usize>,
}

/// Lines that explain the table, printed under it: what `(exp.)` and `n/a` mean,
/// and a warning when money in several currencies sits side by side.
pub fn notes(entries: &[Entry], adjustments: &[String]) -> Vec<String> {
    let mut notes = Vec::new();
    let expected = entries.iter().any(|e| {
        e.metrics
            .removals
            .is_some_and(|r| r.basis == RemovalsBasis::Expected)
    });
    if expected {
        notes.push(
            "(exp.) expected removals of a projection: planned × (1 − block_probability)"
                .to_string(),
        );
    }
    notes.push(
        "n/a: not defined, e.g. no cost per removal when nobody was removed; \
         vs baseline: cost per removal ÷ the domestic cost per person"
            .to_string(),
    );
    if let Some(first) = entries.first().filter(|e| !e.varied.is_empty()) {
        notes.insert(
            0,
            format!("scenario: {} ({})", first.scenario.name, first.file),
        );
    }
    if entries.iter().any(|e| !e.scenario.uncertain.is_empty()) {
        notes.push(
            "uncertain inputs (given as distributions) are at their means, the base case; \
             `costcalc simulate` gives the distribution of each metric"
                .to_string(),
        );
    }
    notes.extend(adjustments.iter().cloned());
    notes.extend(mixed_money_warning(entries, &currencies(entries)));
    notes
}

/// A warning when the entries' money cannot be compared as it stands: mixed
/// currencies, or else one currency in different years' prices. Under a table
/// it is a note; with CSV and JSON, `compare` prints it on stderr.
/// `currencies` are the entries' [`currencies`].
pub fn mixed_money_warning(entries: &[Entry], currencies: &[String]) -> Option<String> {
    if currencies.len() > 1 {
        Some(currency_warning(currencies))
    } else {
        price_year_warning(entries)
    }
}

/// Amounts in one currency but in different years' prices sit side by side.
fn price_year_warning(entries: &[Entry]) -> Option<String> {
    let mut years: Vec<u16> = entries
        .iter()
        .flat_map(|e| {
            let scenario = &e.scenario;
            let baseline = scenario.baseline.as_ref().and_then(|b| b.price_year);
            cost_price_years(scenario).into_iter().chain(baseline)
        })
        .collect();
    years.sort_unstable();
    years.dedup();
    (years.len() > 1).then(|| {
        let list: Vec<String> = years.iter().map(u16::to_string).collect();
        format!(
            "mixed price years ({}), each amount in its own year's prices: add --price-year {} \
             to put them all in one year's prices",
            list.join(", "),
            years[years.len() - 1]
        )
    })
}

/// What a conversion did, in one line.
pub fn conversion_note(target: &Target) -> String {
    match &target.currency {
        Some(currency) => format!(
            "amounts in {currency} at {year} prices: each inflated to {year} with its own \
             currency's consumer price index, then converted at {year}'s average exchange rate \
             (`costcalc rates` lists the rates and their sources)",
            year = target.price_year
        ),
        None => format!(
            "amounts at {year} prices, each in its own currency, inflated with that currency's \
             consumer price index (`costcalc rates` lists the indices and their sources)",
            year = target.price_year
        ),
    }
}

/// Money in different currencies (and price years) cannot be ranked as it stands.
fn currency_warning(currencies: &[String]) -> String {
    format!(
        "mixed currencies ({}), ranked within each: add --currency USD --price-year 2024",
        currencies.join(", ")
    )
}

/// Appends `text` wrapped at word boundaries to `width` columns, the first line
/// starting with `indent` and the rest with as many spaces; for the terminal,
/// so its control characters are [`visible`](super::escape::visible). A word
/// wider than `width` (a URL) is never broken, so it can still be copied.
pub fn wrap(out: &mut String, text: &str, indent: &str, width: usize) {
    let text = super::escape::visible(text);
    let continuation = " ".repeat(indent.width());
    let mut line = String::from(indent);
    let mut empty = true;
    for word in text.split_whitespace() {
        // Counted as the terminal shows them (`–` is one column, `£` too).
        if !empty && line.width() + 1 + word.width() > width {
            out.push_str(&line);
            out.push('\n');
            line.clone_from(&continuation);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty {
        out.push_str(&line);
        out.push('\n');
    }
}

/// Lines for the notes under a table, saying what was done to the money.
pub fn adjustment_notes(adjustments: &Adjustments) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(conversion) = &adjustments.conversion {
        notes.push(conversion_note(&conversion.target));
    }
    if let Some(discount) = &adjustments.discount {
        notes.push(discount.to_string());
    }
    notes
}

/// "1 file" / "2 files".
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}
