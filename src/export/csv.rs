/*!
CSV (RFC 4180): a header row of the [`columns`], one row per scenario, `.` as
the decimal point, no thousands separators, an empty cell for n/a or never.
*/

use rayon::prelude::*;

use super::columns::{Cell, columns, row};
use super::{Entry, ExportOptions, Exporter, varied_paths};

pub struct CsvExporter {
    pub options: ExportOptions,
}

impl Exporter for CsvExporter {
    fn export(&self, entries: &[Entry]) -> Vec<u8> {
        let columns = columns(self.options.converted.is_some());
        let varied = varied_paths(entries);
        // Rows are formatted in parallel chunks and joined in order.
        let chunks: Vec<String> = entries
            .par_chunks(512)
            .map(|chunk| {
                let mut out = String::with_capacity(160 * chunk.len());
                for entry in chunk {
                    push_row(&mut out, entry, columns.len());
                }
                out
            })
            .collect();
        let mut out = String::with_capacity(chunks.iter().map(String::len).sum::<usize>() + 256);
        for path in &varied {
            push_field(&mut out, path);
            out.push(',');
        }
        out.push_str(&columns.join(","));
        out.push('\n');
        for chunk in chunks {
            out.push_str(&chunk);
        }
        out.into_bytes()
    }
}

fn push_row(out: &mut String, entry: &Entry, width: usize) {
    for varied in &entry.varied {
        out.push_str(&varied.value.to_string());
        out.push(',');
    }
    for (i, cell) in row(entry).iter().take(width).enumerate() {
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
pub(super) fn push_field(out: &mut String, text: &str) {
    // A byte scan: these four are ASCII, so they never occur inside a
    // multi-byte character, and a scan of bytes is several times quicker than
    // a search for any of several chars (this runs for every text cell).
    if text
        .bytes()
        .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'))
    {
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
