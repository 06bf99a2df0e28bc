/*!
Tables other than the comparison (`frontier`), in every `--format`.

A [`Records`] is named columns of cells; each cell has a machine form (exact
digits for CSV and JSON, empty for n/a) and a human form (currency codes,
thousands separators, `n/a` for the table and Markdown). The writing itself is
shared with the comparison's exporters, so the formats look the same
whichever command produced them.
*/

use serde_json::{Map, Value};

use super::columns::{self, Cell};
use super::human::Grid;
use super::human::NOT_AVAILABLE;
use super::number::{Fixed, human_money_scaled, human_percent, human_sampled};
use super::{Format, TableOptions, csv, json, markdown, table};
use crate::model::Status;
use crate::money::rounding::{NotDecimal, sampled};

/// Columns, rows and the notes printed under human tables.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub columns: Vec<RecordColumn>,
    pub rows: Vec<Vec<Record>>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct RecordColumn {
    /// The CSV and JSON name (a published contract: never renamed).
    pub name: &'static str,
    /// Header in the terminal (a line break keeps narrow columns narrow).
    pub terminal_header: &'static str,
    /// Header in Markdown.
    pub header: &'static str,
    pub numeric: bool,
    /// The first left out of a narrow terminal table (Markdown always has it).
    pub wide_only: bool,
    /// Only in CSV and JSON: what the tables say once in a note (the
    /// `--set` assignments, the price year), or not at all.
    pub machine_only: bool,
}

impl RecordColumn {
    /// A column shown everywhere, with the same header in the terminal.
    pub const fn new(name: &'static str, header: &'static str, numeric: bool) -> RecordColumn {
        RecordColumn {
            name,
            terminal_header: header,
            header,
            numeric,
            wide_only: false,
            machine_only: false,
        }
    }

    /// A shorter header for the terminal (a line break keeps a column narrow).
    pub const fn terminal(mut self, header: &'static str) -> RecordColumn {
        self.terminal_header = header;
        self
    }

    /// The first left out of a narrow terminal table.
    pub const fn wide_only(mut self) -> RecordColumn {
        self.wide_only = true;
        self
    }

    /// Left out of the terminal table and Markdown.
    pub const fn machine_only(mut self) -> RecordColumn {
        self.machine_only = true;
        self
    }
}

/// The columns every table of CSV and JSON ends with (issue 19), saying what
/// its numbers are: the price year of the money, the scenario's status, and
/// the `--set` assignments they were computed with. See [`Record::about`].
pub const ABOUT_COLUMNS: [RecordColumn; 3] = [
    RecordColumn::new("price_year", "Price year", true).machine_only(),
    RecordColumn::new("status", "Status", false).machine_only(),
    RecordColumn::new("overrides", "Set on the command line", false).machine_only(),
];

/// What a sampled figure is, for how people read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampledKind {
    Money,
    Share,
    Number,
}

/// One cell, in both forms.
#[derive(Debug, Clone)]
pub struct Record {
    pub machine: Machine,
    pub human: String,
    /// What the terminal table shows instead of `human`, when it differs: a
    /// scenario's `short_name` (Markdown, for reports, keeps the full name).
    pub terminal: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Machine {
    Text(String),
    Number(Fixed),
    /// n/a: an empty CSV field, JSON null.
    Empty,
    /// A JSON array of strings; one CSV field, joined by `; `.
    Texts(Vec<String>),
}

impl Record {
    pub fn text(text: &str) -> Record {
        Record {
            machine: Machine::Text(text.to_string()),
            human: text.to_string(),
            terminal: None,
        }
    }

    /// A scenario's name: in full everywhere but the terminal table, which
    /// has its label (`short_name`, or else the name) so that rows fit.
    pub fn scenario(scenario: &crate::model::Scenario) -> Record {
        Record {
            terminal: Some(scenario.label().to_string()),
            ..Record::text(&scenario.name)
        }
    }

    pub fn number(machine: Fixed, human: String) -> Record {
        Record {
            machine: Machine::Number(machine),
            human,
            terminal: None,
        }
    }

    pub fn empty(human: &str) -> Record {
        Record {
            machine: Machine::Empty,
            human: human.to_string(),
            terminal: None,
        }
    }

    /// The cells of the [`ABOUT_COLUMNS`], as the comparison's `price_year`,
    /// `status` and `overrides` are written: the price year of the money (the
    /// target's after a conversion), the scenario's status, the `--set`s.
    pub fn about(
        price_year: Option<u16>,
        status: Option<Status>,
        overrides: &[String],
    ) -> [Record; 3] {
        let machine_only = |cell: Cell| Record {
            machine: match cell {
                Cell::Text(text) => Machine::Text(text.to_string()),
                Cell::Number(number) => Machine::Number(number),
                Cell::Empty => Machine::Empty,
                Cell::Texts(texts) => Machine::Texts(texts.to_vec()),
                Cell::SourceIds(sources) => {
                    Machine::Texts(sources.iter().map(|s| s.id.clone()).collect())
                }
            },
            human: String::new(),
            terminal: None,
        };
        [
            machine_only(columns::price_year(price_year)),
            machine_only(columns::status(status)),
            machine_only(Cell::Texts(overrides)),
        ]
    }

    /// A sampled figure in both forms: for machines, 10 significant digits
    /// (the draws are estimates; more digits would only be noise), empty when
    /// undefined; for people, money with its currency and no decimals at or
    /// above 1,000, shares as percentages, other numbers to 4 significant
    /// digits. A figure too large or too small for a decimal is `Err`, for
    /// the caller to name.
    pub fn sampled(value: f64, kind: SampledKind, currency: &str) -> Result<Record, NotDecimal> {
        let decimal = match sampled(value) {
            Ok(decimal) => decimal,
            Err(NotDecimal::Undefined) => return Ok(Record::empty(NOT_AVAILABLE)),
            Err(why) => return Err(why),
        };
        let human = match kind {
            SampledKind::Money => human_money_scaled(currency, decimal),
            SampledKind::Share => human_percent(decimal),
            SampledKind::Number => human_sampled(value, 4),
        };
        let fixed = Fixed {
            value: decimal,
            decimals: decimal.scale(),
        };
        Ok(Record::number(fixed, human))
    }

    fn cell(&self) -> Cell<'_> {
        match &self.machine {
            Machine::Text(text) => Cell::Text(text),
            Machine::Number(number) => Cell::Number(*number),
            Machine::Empty => Cell::Empty,
            Machine::Texts(texts) => Cell::Texts(texts),
        }
    }
}

/// The bytes of `records` in `format`.
pub fn render(format: Format, records: &Records, options: &TableOptions) -> Vec<u8> {
    match format {
        Format::Csv => {
            let names = records.columns.iter().map(|c| c.name);
            csv::in_memory(64 * (records.rows.len() + 1), |writer| {
                writer.write_record(names)?;
                let mut scratch = String::new();
                for row in &records.rows {
                    for record in row {
                        csv::write_cell(writer, record.cell(), &mut scratch)?;
                    }
                    csv::end_row(writer)?;
                }
                Ok(())
            })
        }
        Format::Json => {
            let rows: Vec<Value> = records
                .rows
                .iter()
                .map(|row| {
                    let object: Map<String, Value> = records
                        .columns
                        .iter()
                        .zip(row)
                        .map(|(column, record)| {
                            (column.name.to_string(), json::value(record.cell()))
                        })
                        .collect();
                    Value::Object(object)
                })
                .collect();
            json::array_bytes(rows)
        }
        Format::Table | Format::Markdown => {
            // Machine-only columns are for CSV and JSON; a narrow terminal
            // drops the others in `drop_order`.
            let columns: Vec<(usize, &RecordColumn)> = records
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.machine_only)
                .collect();
            let shown: Vec<RecordColumn> = columns.iter().map(|&(_, c)| *c).collect();
            let grid = Grid {
                drop_order: drop_order(&shown),
                headers: shown
                    .iter()
                    .map(|c| {
                        (
                            c.terminal_header.to_string(),
                            c.header.to_string(),
                            c.numeric,
                        )
                    })
                    .collect(),
                rows: records
                    .rows
                    .iter()
                    .map(|row| {
                        columns
                            .iter()
                            .filter_map(|&(i, _)| row.get(i))
                            .map(|r| match (&r.terminal, format) {
                                (Some(label), Format::Table) => label.clone(),
                                _ => r.human.clone(),
                            })
                            .collect()
                    })
                    .collect(),
            };
            if format == Format::Table {
                table::render(&grid, &records.notes, options).into_bytes()
            } else {
                markdown::render(&grid, &records.notes).into_bytes()
            }
        }
    }
}

/// The columns a narrow terminal leaves out, first to last: the `wide_only`
/// ones, then from the last back to the second (the first names the row).
fn drop_order(columns: &[RecordColumn]) -> Vec<usize> {
    let from_the_right = || (1..columns.len()).rev();
    from_the_right()
        .filter(|&i| columns[i].wide_only)
        .chain(from_the_right().filter(|&i| !columns[i].wide_only))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn csv_guards_text_that_looks_like_a_formula_but_never_a_number() {
        let records = Records {
            columns: vec![
                RecordColumn::new("name", "Name", false),
                RecordColumn::new("value", "Value", true),
            ],
            rows: vec![vec![
                Record::text("-5.00"),
                // -500 hundredths, to 2 decimals: -5.00.
                Record::number(
                    Fixed {
                        value: Decimal::new(-500, 2),
                        decimals: 2,
                    },
                    "-5.00".to_string(),
                ),
            ]],
            notes: Vec::new(),
        };
        let csv = render(Format::Csv, &records, &TableOptions::default());
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "name,value\n'-5.00,-5.00\n"
        );
    }
}
