/*!
Output formats for a comparison: one exporter per format behind [`Exporter`].

Every exporter turns the same compared [`Entry`] list into bytes, so each is easy
to test and the command decides where the bytes go. Two column models serve them:

- [`columns`]: the machine columns (`name, file, currency, total_cost, ...`), exact
  names in a fixed order, shared by CSV and JSON;
- [`human`]: the columns people read, with thousands separators, currency codes
  and percentages, shared by the terminal table and Markdown.

Text from scenario files passes through [`escape::visible`] in every format, so
that no name can act on the terminal, spreadsheet or page that shows it.
*/

pub mod columns;
pub mod csv;
pub mod escape;
pub mod human;
mod json;
pub mod markdown;
pub mod number;
pub mod records;
mod table;

use crate::money::convert::Target;

pub use table::{STYLE as TABLE_STYLE, TableOptions};

use crate::analysis::evaluate::Entry;

/// The names of the varied inputs of the entries (all rows vary the same ones).
pub fn varied_paths(entries: &[Entry]) -> Vec<&str> {
    entries
        .first()
        .map(|e| e.varied.iter().map(|v| v.path.as_str()).collect())
        .unwrap_or_default()
}

/// Turns compared entries into the bytes of one output format.
pub trait Exporter {
    fn export(&self, entries: &[Entry]) -> Vec<u8>;
}

/// The formats of `--format` (named and described for `--help` in `cli.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for the terminal.
    Table,
    /// Comma-separated values: one header row, one row per scenario.
    Csv,
    /// A JSON array of objects, numbers with their exact decimal digits.
    Json,
    /// A GitHub-flavoured Markdown table, for pasting into reports.
    Markdown,
}

/// What every exporter needs to know besides the entries.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub table: TableOptions,
    /// The currency and price year every amount was converted to, if any.
    pub converted: Option<Target>,
    /// Lines saying what was done to the money (conversion, discounting),
    /// printed under tables.
    pub adjustment_notes: Vec<String>,
    /// The `--set` assignments every entry was computed with, as typed: the
    /// `overrides` column of CSV and JSON.
    pub overrides: Vec<String>,
}

/// The exporter for a format.
pub fn exporter(format: Format, options: ExportOptions) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter { options }),
        Format::Csv => Box::new(csv::CsvExporter { options }),
        Format::Json => Box::new(json::JsonExporter { options }),
        Format::Markdown => Box::new(markdown::MarkdownExporter { options }),
    }
}
