/*!
Tables other than the comparison (`frontier`), in every `--format`.

A [`Records`] is named columns of cells; each cell has a machine form (exact
digits for CSV and JSON, empty for n/a) and a human form (currency codes,
thousands separators, `n/a` for the table and Markdown). The writing itself is
shared with the comparison's exporters, so the formats look the same
whichever command produced them.
*/

use serde_json::{Map, Value};

use super::columns::Cell;
use super::human::Grid;
use super::number::Fixed;
use super::{Format, TableOptions, csv, json, markdown, table};

/// Columns, rows and the notes printed under human tables.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub columns: Vec<RecordColumn>,
    pub rows: Vec<Vec<Record>>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
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
}

/// One cell, in both forms.
#[derive(Debug, Clone)]
pub struct Record {
    pub machine: Machine,
    pub human: String,
}

#[derive(Debug, Clone)]
pub enum Machine {
    Text(String),
    Number(Fixed),
    /// n/a: an empty CSV field, JSON null.
    Empty,
}

impl Record {
    pub fn text(text: &str) -> Record {
        Record {
            machine: Machine::Text(text.to_string()),
            human: text.to_string(),
        }
    }

    pub fn number(machine: Fixed, human: String) -> Record {
        Record {
            machine: Machine::Number(machine),
            human,
        }
    }

    pub fn empty(human: &str) -> Record {
        Record {
            machine: Machine::Empty,
            human: human.to_string(),
        }
    }

    fn cell(&self) -> Cell<'_> {
        match &self.machine {
            Machine::Text(text) => Cell::Text(text),
            Machine::Number(number) => Cell::Number(*number),
            Machine::Empty => Cell::Empty,
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
            let grid = Grid {
                drop_order: drop_order(&records.columns),
                headers: records
                    .columns
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
                    .map(|row| row.iter().map(|r| r.human.clone()).collect())
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
