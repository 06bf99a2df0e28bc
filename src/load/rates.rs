/*!
The exchange rates and price indices: the table built into the binary plus
the `--rates` files, read with every problem in them. The TOML is read as a
scenario's is ([`document::parse`]), so both have one reader.
*/

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

use super::document::{self, Kind as Toml, Origin, Table, Value};
use super::exact_decimal;
use crate::diagnostic::{Diagnostic, FileReport};
use crate::model::distribution::{Distribution, Quantity, build};
use crate::money::rates::{DEFAULT_TABLE, DEFAULT_TABLE_NAME, Kind, Rates, Series};
use crate::money::rounding::round_half_away;

/// The built-in table plus `files` (later ones adding to or overriding
/// earlier ones), or the problems of every file that has some.
pub fn table(files: &[PathBuf]) -> Result<Rates, Vec<FileReport>> {
    let mut problems = Vec::new();
    let mut rates = Rates::builtin().unwrap_or_else(|diagnostics| {
        problems.push(FileReport::new(
            DEFAULT_TABLE_NAME,
            DEFAULT_TABLE,
            diagnostics,
        ));
        Rates::default()
    });
    for file in files {
        let text = match super::paths::read(file) {
            Ok(source) => source.text,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let name = file.display().to_string();
        if let Err(diagnostics) = rates.add_file(&name, &text) {
            problems.push(FileReport::new(name, text, diagnostics));
        }
    }
    if problems.is_empty() {
        Ok(rates)
    } else {
        Err(problems)
    }
}

// Reading is loading: these live with the reader, not with the table.
impl Rates {
    /// The default table alone.
    pub fn builtin() -> Result<Rates, Vec<Diagnostic>> {
        let mut rates = Rates::default();
        rates.add_file(DEFAULT_TABLE_NAME, DEFAULT_TABLE)?;
        Ok(rates)
    }

    /// Adds the series of a rates file (after those already loaded, so its
    /// values win).
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), Vec<Diagnostic>> {
        let series = parse(name, text)?;
        self.series.extend(series);
        Ok(())
    }
}

/// Parses a rates file, reporting every problem with its position. The TOML
/// is read as a scenario's is ([`document::parse`]), so both have one reader.
pub fn parse(name: &str, text: &str) -> Result<Vec<Series>, Vec<Diagnostic>> {
    let (document, errors) = document::parse(text, Origin::FILE);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                Diagnostic::at(e.span, format!("invalid TOML: {}", e.message))
                    .with_help("see data/rates.toml for the format of a rates file")
            })
            .collect());
    }
    let mut problems = Vec::new();
    let mut series = Vec::new();
    for entry in &document.entries {
        let (key, value) = (&entry.key, &entry.value);
        match key.as_ref() {
            "series" => {}
            // An informational list of what the table lacks.
            "missing" => continue,
            other => {
                problems.push(
                    Diagnostic::at(
                        entry.key_span.clone(),
                        format!("unknown key `{other}` in a rates file"),
                    )
                    .with_help(
                        "a rates file holds [[series]] tables (and an optional `missing` list)",
                    ),
                );
                continue;
            }
        }
        let Toml::Array(tables) = &value.kind else {
            problems.push(Diagnostic::at(
                entry.key_span.clone(),
                "`series` must be a list of [[series]] tables",
            ));
            continue;
        };
        for table in tables {
            match &table.kind {
                Toml::Table(fields) => {
                    if let Some(s) = read_series(name, fields, table.span.clone(), &mut problems) {
                        series.push(s);
                    }
                }
                _ => problems.push(Diagnostic::at(
                    table.span.clone(),
                    "each [[series]] must be a table",
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(series)
    } else {
        Err(problems)
    }
}

const SERIES_KEYS: [&str; 12] = [
    "kind",
    "currency",
    "name",
    "unit",
    "source",
    "title",
    "url",
    "retrieved",
    "note",
    "derived",
    "values",
    "period",
];

fn read_series(
    file: &str,
    fields: &Table<'_>,
    span: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Series> {
    let before = problems.len();
    for entry in &fields.entries {
        if !SERIES_KEYS.contains(&entry.key.as_ref()) {
            problems.push(
                Diagnostic::at(
                    entry.key_span.clone(),
                    format!("unknown key `{}` in [[series]]", entry.key),
                )
                .with_help(format!(
                    "the keys of a series are: {}",
                    SERIES_KEYS.join(", ")
                )),
            );
        }
    }
    let text = |key: &str, problems: &mut Vec<Diagnostic>| -> Option<String> {
        let value = fields.get(key)?;
        match &value.kind {
            Toml::String(s) => Some(s.to_string()),
            Toml::Datetime(d) => Some(d.to_string()),
            _ => {
                problems.push(Diagnostic::at(
                    value.span.clone(),
                    format!("`{key}` must be text in quotes"),
                ));
                None
            }
        }
    };
    let kind = match text("kind", problems).as_deref() {
        Some("cpi") => Some(Kind::Cpi),
        Some("fx") => Some(Kind::Fx),
        Some(other) => {
            problems.push(
                Diagnostic::at(
                    fields.get("kind").map_or(span.clone(), |v| v.span.clone()),
                    format!("`kind` cannot be \"{other}\""),
                )
                .with_help("use \"cpi\" (a consumer price index) or \"fx\" (US dollars per unit)"),
            );
            None
        }
        None => {
            problems.push(
                Diagnostic::at(span.clone(), "missing `kind` in [[series]]")
                    .with_help("add kind = \"cpi\" or kind = \"fx\""),
            );
            None
        }
    };
    let currency = text("currency", problems);
    if currency.is_none() {
        problems.push(
            Diagnostic::at(span.clone(), "missing `currency` in [[series]]")
                .with_help("add currency = \"GBP\""),
        );
    }
    if let Some(code) = &currency
        && !crate::model::is_known_currency(code)
    {
        problems.push(Diagnostic::at(
            fields
                .get("currency")
                .map_or(span.clone(), |v| v.span.clone()),
            format!("unknown currency code \"{code}\""),
        ));
    }
    let mut derived = Vec::new();
    if let Some(list) = fields.get("derived") {
        match &list.kind {
            Toml::Array(items) => {
                for item in items {
                    match year_of(item) {
                        Some(year) => derived.push(year),
                        None => problems.push(Diagnostic::at(
                            item.span.clone(),
                            "`derived` lists years, such as \"2025\"",
                        )),
                    }
                }
            }
            _ => problems.push(Diagnostic::at(
                list.span.clone(),
                "`derived` must be a list of years",
            )),
        }
    }
    let mut values = BTreeMap::new();
    let mut uncertain = BTreeMap::new();
    match fields.get("values") {
        Some(table) => match &table.kind {
            Toml::Table(entries) => {
                for entry in &entries.entries {
                    let (year, value) = (&entry.key, &entry.value);
                    let Some(year_number) = year
                        .parse::<u16>()
                        .ok()
                        .filter(|y| (1800..=2200).contains(y))
                    else {
                        problems.push(Diagnostic::at(
                            entry.key_span.clone(),
                            format!("`{year}` is not a year"),
                        ));
                        continue;
                    };
                    // An uncertain rate: an inline distribution, or "A to B".
                    let distribution = match &value.kind {
                        Toml::Table(parameters) => Some(distribution_of(parameters)),
                        Toml::String(s) if s.contains(" to ") => Some(range_of(s)),
                        _ => None,
                    };
                    if let Some(distribution) = distribution {
                        let mean = distribution.and_then(|d| {
                            Decimal::try_from(d.mean())
                                .map(|m| (d, round_half_away(m, 6).normalize()))
                                .map_err(|_| "its mean is out of range".to_string())
                        });
                        match mean {
                            Ok((distribution, mean)) => {
                                values.insert(year_number, mean);
                                uncertain.insert(year_number, distribution);
                            }
                            Err(why) => problems.push(
                                Diagnostic::at(
                                    value.span.clone(),
                                    format!("the distribution for {year_number} is not valid: {why}"),
                                )
                                .with_help(
                                    "write { low = \"1.25\", high = \"1.31\" } for a lognormal \
                                     with that 90% interval, or dist = \"uniform\" with min and max",
                                ),
                            ),
                        }
                        continue;
                    }
                    match number_text(value).map(exact_decimal) {
                        Some(Ok(number)) if number > Decimal::ZERO => {
                            values.insert(year_number, number);
                        }
                        Some(Ok(_)) => problems.push(Diagnostic::at(
                            value.span.clone(),
                            "rates and indices must be more than 0",
                        )),
                        _ => problems.push(
                            Diagnostic::at(
                                value.span.clone(),
                                format!("the value for {year_number} is not a number"),
                            )
                            .with_help("write it as \"1.2781\" or 1.2781"),
                        ),
                    }
                }
            }
            _ => problems.push(Diagnostic::at(
                table.span.clone(),
                "`values` must be a table of year = value",
            )),
        },
        None => problems.push(
            Diagnostic::at(span, "missing `values` in [[series]]")
                .with_help("add a [series.values] table: \"2024\" = \"1.2781\""),
        ),
    }
    if problems.len() != before {
        return None;
    }
    Some(Series {
        kind: kind?,
        currency: currency?,
        name: text("name", problems).unwrap_or_default(),
        unit: text("unit", problems),
        source: text("source", problems),
        title: text("title", problems),
        url: text("url", problems),
        retrieved: text("retrieved", problems),
        note: text("note", problems),
        derived,
        values,
        uncertain,
        file: file.to_string(),
    })
}

/// A rate's distribution from an inline table: `dist` (default lognormal)
/// and number parameters, written as numbers or as exact decimal strings.
fn distribution_of(table: &Table<'_>) -> Result<Distribution, String> {
    let mut family = None;
    let mut parameters: Vec<(&str, f64)> = Vec::new();
    for entry in &table.entries {
        let (key, value) = (entry.key.as_ref(), &entry.value);
        if key == "dist" {
            match &value.kind {
                Toml::String(name) => family = Some(name.to_string()),
                _ => return Err("`dist` must be text in quotes".into()),
            }
            continue;
        }
        let number = number_text(value)
            .and_then(|literal| exact_decimal(literal).ok())
            .map(crate::model::distribution::nearest_f64)
            .ok_or_else(|| format!("`{key}` must be a number"))?;
        parameters.push((key, number));
    }
    build(family.as_deref(), &parameters, Quantity::Positive)
}

/// `"1.25 to 1.31"`: a lognormal with that 90% interval.
fn range_of(text: &str) -> Result<Distribution, String> {
    let (low, high) = text.split_once(" to ").unwrap_or((text, ""));
    let number = |t: &str| {
        exact_decimal(t.trim())
            .ok()
            .map(crate::model::distribution::nearest_f64)
            .ok_or_else(|| format!("\"{text}\" is not a range of two numbers"))
    };
    build(
        None,
        &[("low", number(low)?), ("high", number(high)?)],
        Quantity::Positive,
    )
}

/// The text of a number, written as one (in base 10) or in quotes: rates are
/// exact decimals, read as written.
fn number_text<'v>(value: &'v Value<'_>) -> Option<&'v str> {
    match &value.kind {
        Toml::String(text)
        | Toml::Float(text)
        | Toml::Integer {
            literal: text,
            radix: 10,
        } => Some(text),
        _ => None,
    }
}

/// A year in a list, as text ("2025") or a number (2025, 2_025).
fn year_of(value: &Value<'_>) -> Option<u16> {
    match &value.kind {
        Toml::String(text) => text.parse().ok(),
        Toml::Integer { literal, radix: 10 } => literal.replace('_', "").parse().ok(),
        _ => None,
    }
}
