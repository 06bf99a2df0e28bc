/*!
Exchange rates and consumer price indices: the table that moves money between
currencies and price years.

The default table is `data/rates.toml`, compiled into the binary; `--rates FILE`
adds series or overrides values in the same format. Every series carries its
source (title, URL, retrieval date) and marks derived or partial values, so
`costcalc rates` can show where each number comes from. Values are exact
decimals, read as written (strings or numbers).

A missing value is an error that names the currency, year and series and says
how to supply it: never a silent 1.0 and never the nearest year.
*/

use crate::money::rounding::round_half_away;
use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::load::document::{self, Kind as Toml, Origin, Table, Value};
use crate::load::exact_decimal;
use crate::model::distribution::{Distribution, Quantity, build};

/// The table shipped with costcalc.
pub const DEFAULT_TABLE: &str = include_str!("../../data/rates.toml");
/// How the default table is named in messages.
pub const DEFAULT_TABLE_NAME: &str = "builtin:data/rates.toml";

/// What a series measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A consumer price index: only ratios between years matter.
    Cpi,
    /// An annual average exchange rate, in US dollars per unit of the currency.
    Fx,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cpi => "cpi",
            Kind::Fx => "fx",
        }
    }

    /// For messages: "consumer price index", "exchange rate".
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Cpi => "consumer price index",
            Kind::Fx => "exchange rate (US dollars per unit)",
        }
    }
}

/// One series of annual values and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub kind: Kind,
    pub currency: String,
    pub name: String,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub retrieved: Option<String>,
    pub note: Option<String>,
    /// Years whose values are derived or partial (see `note`).
    pub derived: Vec<u16>,
    pub values: BTreeMap<u16, Decimal>,
    /// Years given as a distribution (an uncertain rate): `values` holds its
    /// mean, used by every deterministic command; `simulate` draws from it.
    pub uncertain: BTreeMap<u16, Distribution>,
    /// The file the series was read from.
    pub file: String,
}

/// All series in use: the default table, then any `--rates` files, later
/// values overriding earlier ones for the same kind, currency and year.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    pub series: Vec<Series>,
}

/// A value the table does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRate {
    pub kind: Kind,
    pub currency: String,
    pub year: u16,
    /// The years the table has for this kind and currency.
    pub available: Vec<u16>,
    /// The base the table's series of this kind and currency states, which a
    /// value supplied for it must share.
    pub unit: Option<String>,
}

impl fmt::Display for MissingRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no {} for {} in {}",
            self.kind.describe(),
            self.currency,
            self.year
        )?;
        match year_ranges(&self.available) {
            Some(ranges) => write!(
                f,
                " (the table has {} {} for {ranges})",
                self.currency,
                self.kind.as_str()
            ),
            None => write!(
                f,
                " (the table has no {} series for {})",
                self.kind.as_str(),
                self.currency
            ),
        }
    }
}

/// Sorted years as runs, so that a gap shows: `2010–2022, 2024–2025`.
fn year_ranges(years: &[u16]) -> Option<String> {
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for &year in years {
        match runs.last_mut() {
            Some((_, last)) if year == *last + 1 => *last = year,
            _ => runs.push((year, year)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .map(|&(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            }
        })
        .collect();
    (!shown.is_empty()).then(|| shown.join(", "))
}

impl MissingRate {
    /// How to supply the value.
    pub fn help(&self) -> String {
        let base = match &self.unit {
            // A price index's value means something only next to values on
            // the same base.
            Some(unit) if self.kind == Kind::Cpi => format!(
                " on the table's base, unit = \"{unit}\" (a value on another base needs the \
                 other years on that base too)"
            ),
            _ => String::new(),
        };
        format!(
            "add it in a rates file and pass --rates FILE: a [[series]] with kind = \"{}\", \
             currency = \"{}\" and a value for \"{}\"{base} (`costcalc rates` shows the format \
             and the table in use)",
            self.kind.as_str(),
            self.currency,
            self.year
        )
    }
}

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

    /// The value for a kind, currency and year, and the series it comes from:
    /// the last series that has it.
    pub fn value(
        &self,
        kind: Kind,
        currency: &str,
        year: u16,
    ) -> Result<(Decimal, &Series), MissingRate> {
        if kind == Kind::Fx && currency == "USD" {
            // Not a table entry: a dollar is a dollar. Callers show no FX step for it.
            return Err(MissingRate {
                kind,
                currency: currency.into(),
                year,
                available: Vec::new(),
                unit: None,
            });
        }
        self.series
            .iter()
            .rev()
            .filter(|s| s.kind == kind && s.currency == currency)
            .find_map(|s| s.values.get(&year).map(|v| (*v, s)))
            .ok_or_else(|| MissingRate {
                kind,
                currency: currency.into(),
                year,
                available: self.years(kind, currency),
                unit: self
                    .series
                    .iter()
                    .rev()
                    .filter(|s| s.kind == kind && s.currency == currency)
                    .find_map(|s| s.unit.clone()),
            })
    }

    /// The distribution of an uncertain value, from the series [`Rates::value`]
    /// takes the value from; `None` when that value is a plain number.
    pub fn distribution(&self, kind: Kind, currency: &str, year: u16) -> Option<Distribution> {
        let (_, series) = self.value(kind, currency, year).ok()?;
        series.uncertain.get(&year).copied()
    }

    /// Every year with a value for a kind and currency, in order.
    pub fn years(&self, kind: Kind, currency: &str) -> Vec<u16> {
        let mut years: Vec<u16> = self
            .series
            .iter()
            .filter(|s| s.kind == kind && s.currency == currency)
            .flat_map(|s| s.values.keys().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_is_valid_and_cites_every_series() {
        let rates = Rates::builtin().expect("data/rates.toml parses");
        assert!(!rates.series.is_empty());
        for series in &rates.series {
            assert!(
                series.url.is_some(),
                "{} {} has no URL",
                series.currency,
                series.name
            );
        }
        // A gap in a series shows in what the table is said to have.
        assert_eq!(
            year_ranges(&[2010, 2011, 2012, 2024, 2025, 2030]).as_deref(),
            Some("2010–2012, 2024–2025, 2030")
        );
        assert_eq!(year_ranges(&[]), None);
        // USD needs no exchange rate, and a missing value says what the table has.
        let missing = rates.value(Kind::Cpi, "USD", 1900).unwrap_err();
        assert_eq!(missing.available.first(), Some(&2010));
    }

    #[test]
    fn the_built_in_table_covers_2010_to_2025_but_for_its_listed_gap() {
        // Issue 3 asks for CPI in USD, GBP, EUR and AUD and FX against USD for
        // every year 2010–2025. The one year no source gives is listed in the
        // file's `missing` (the ABS re-referenced its quarterly CPI in 2025).
        let rates = Rates::builtin().unwrap();
        let mut gaps = Vec::new();
        for currency in ["USD", "GBP", "EUR", "AUD"] {
            for year in 2010..=2025 {
                let kinds: &[Kind] = if currency == "USD" {
                    &[Kind::Cpi]
                } else {
                    &[Kind::Cpi, Kind::Fx]
                };
                for &kind in kinds {
                    if rates.value(kind, currency, year).is_err() {
                        gaps.push(format!("{currency} {} {year}", kind.as_str()));
                    }
                }
            }
        }
        assert_eq!(gaps, ["AUD cpi 2025"]);
        let listed: toml::Table = toml::from_str(DEFAULT_TABLE).unwrap();
        assert_eq!(listed["missing"], toml::Value::from(vec!["AUD cpi 2025"]));
    }

    #[test]
    fn uk_cpi_comes_from_the_ons_annual_rows_where_the_ons_file_has_them() {
        // The ONS CSV (release of 14 Feb 2024) gives 2023 = 130.5, the mean of
        // its twelve monthly values (130.54); the third-party series stored
        // 132.2, December's index. It ends in 2023, so 2024 is the other series'.
        let rates = Rates::builtin().unwrap();
        let (value, series) = rates.value(Kind::Cpi, "GBP", 2023).unwrap();
        assert_eq!(value, Decimal::new(1305, 1));
        assert!(
            series.name.contains("as published by the ONS"),
            "{}",
            series.name
        );
        let (value, series) = rates.value(Kind::Cpi, "GBP", 2024).unwrap();
        assert_eq!(value, Decimal::new(133853, 3));
        assert!(series.name.contains("krifle/worth-then"), "{}", series.name);
    }

    #[test]
    fn a_rate_can_be_a_distribution_with_its_mean_as_the_value() {
        let text = "[[series]]\nkind = \"fx\"\ncurrency = \"GBP\"\nname = \"t\"\n[series.values]\n\
                    \"2023\" = \"1.20 to 1.30\"\n\"2024\" = { dist = \"uniform\", min = \"1.2\", max = \"1.3\" }\n\
                    \"2025\" = \"1.3\"\n";
        let mut rates = Rates::default();
        rates.add_file("t.toml", text).unwrap();
        // Uniform 1.2..1.3: mean 1.25 exactly.
        assert_eq!(
            rates.value(Kind::Fx, "GBP", 2024).unwrap().0,
            Decimal::new(125, 2)
        );
        assert!(rates.distribution(Kind::Fx, "GBP", 2024).is_some());
        // "1.20 to 1.30": a lognormal with that 90% interval; its mean is
        // √(1.2 × 1.3) × exp(σ²/2), σ = ln(1.3/1.2) ÷ 3.289707 = 0.024331:
        // 1.2489996 × 1.0002960 = 1.2493694, to 6 places 1.249369.
        assert_eq!(
            rates.value(Kind::Fx, "GBP", 2023).unwrap().0,
            Decimal::new(1_249_369, 6)
        );
        // A plain value has no distribution.
        assert!(rates.distribution(Kind::Fx, "GBP", 2025).is_none());
        // An impossible distribution is an error at the value.
        let bad = "[[series]]\nkind = \"fx\"\ncurrency = \"GBP\"\nname = \"t\"\n[series.values]\n\
                   \"2024\" = { low = \"1.3\", high = \"1.2\" }\n";
        let problems = Rates::default().add_file("bad.toml", bad).unwrap_err();
        assert!(
            problems[0]
                .message
                .contains("the distribution for 2024 is not valid"),
            "{problems:?}"
        );
    }
}
