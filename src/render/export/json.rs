/*!
JSON: an array of objects with the keys of the [`columns`], in order. Numbers are
JSON numbers written with their exact decimal digits (never through `f64`);
n/a and never are `null`; `overrides` and `sources` are arrays of strings (`[]`
when none).
*/

use std::str::FromStr;

use serde_json::{Map, Number, Value};

use super::columns::{COLUMNS, Cell, row};
use super::number::Fixed;
use super::{Entry, ExportOptions, Exporter};

pub struct JsonExporter {
    pub options: ExportOptions,
}

impl Exporter for JsonExporter {
    fn export(&self, entries: &[Entry]) -> Vec<u8> {
        let rows: Vec<Value> = entries
            .iter()
            .map(|entry| {
                let varied = entry.varied.iter().map(|varied| {
                    let number = Fixed {
                        value: varied.value,
                        decimals: varied.value.scale(),
                    };
                    (varied.path.clone(), value(Cell::Number(number)))
                });
                let object: Map<String, Value> = varied
                    .chain(
                        COLUMNS
                            .iter()
                            .zip(row(entry, &self.options.overrides))
                            .map(|(name, cell)| (name.to_string(), value(cell))),
                    )
                    .collect();
                Value::Object(object)
            })
            .collect();
        array_bytes(rows)
    }
}

/// The bytes of a JSON array of rows, pretty-printed, ending in a newline: the
/// one way every JSON output of costcalc is written.
pub(super) fn array_bytes(rows: Vec<Value>) -> Vec<u8> {
    let mut bytes =
        serde_json::to_vec_pretty(&Value::Array(rows)).unwrap_or_else(|_| b"[]".to_vec());
    bytes.push(b'\n');
    bytes
}

pub(super) fn value(cell: Cell) -> Value {
    match cell {
        Cell::Text(text) => Value::String(text.to_string()),
        // With serde_json's `arbitrary_precision`, a Number keeps these digits
        // exactly. Decimal digits are always a valid JSON number; the string is
        // only there so that an impossible failure still loses nothing.
        Cell::Number(number) => {
            let digits = number.to_string();
            Number::from_str(&digits).map_or(Value::String(digits), Value::Number)
        }
        Cell::Empty => Value::Null,
        Cell::Texts(texts) => Value::Array(texts.iter().cloned().map(Value::String).collect()),
        Cell::SourceIds(sources) => Value::Array(
            sources
                .iter()
                .map(|source| Value::String(source.id.clone()))
                .collect(),
        ),
    }
}
