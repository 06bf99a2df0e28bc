/*!
CSV (RFC 4180): a header row of [`COLUMNS`], one row per scenario, `.` as the
decimal point, no thousands separators, an empty cell for n/a or never.
*/

use rayon::prelude::*;

use super::columns::{COLUMNS, Cell, row};
use super::{Entry, Exporter};

pub struct CsvExporter;

impl Exporter for CsvExporter {
    fn export(&self, entries: &[Entry]) -> Vec<u8> {
        // Rows are formatted in parallel chunks and joined in order.
        let chunks: Vec<String> = entries
            .par_chunks(512)
            .map(|chunk| {
                let mut out = String::with_capacity(160 * chunk.len());
                for entry in chunk {
                    push_row(&mut out, entry);
                }
                out
            })
            .collect();
        let mut out = String::with_capacity(chunks.iter().map(String::len).sum::<usize>() + 256);
        out.push_str(&COLUMNS.join(","));
        out.push('\n');
        for chunk in chunks {
            out.push_str(&chunk);
        }
        out.into_bytes()
    }
}

fn push_row(out: &mut String, entry: &Entry) {
    for (i, cell) in row(entry).iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cell {
            Cell::Text(text) => push_field(out, text),
            Cell::Number(number) => number.write_to(out),
            Cell::Empty => {}
        }
    }
    out.push('\n');
}

/// A field, quoted when it holds a comma, a quote or a line break.
fn push_field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_fields_that_need_it() {
        let mut out = String::new();
        push_field(&mut out, "plain");
        out.push('|');
        push_field(&mut out, "a, \"b\"");
        assert_eq!(out, "plain|\"a, \"\"b\"\"\"");
    }
}
