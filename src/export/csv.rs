/*!
CSV (RFC 4180): a header row of the [`columns`], one row per scenario, `.` as
the decimal point, no thousands separators, an empty cell for n/a or never.
*/

use rayon::prelude::*;

use super::columns::{Cell, columns, row};
use super::escape::visible;
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

/// A text field: guarded against being run as a formula, its control
/// characters [`visible`], and quoted when it holds a comma, a quote or a line
/// break.
///
/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in
/// some, a tab or a carriage return before one) as a formula: a scenario named
/// `=HYPERLINK("http://x","y")` would be a link in the reader's sheet. As OWASP
/// recommends, such a cell starts with `'`, which makes a spreadsheet take it
/// as text. Numbers are never text cells, so `-5.00` stays a number.
pub fn push_field(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = visible(text);
    // A byte scan: these four are ASCII, so they never occur inside a
    // multi-byte character, and a scan of bytes is several times quicker than
    // a search for any of several chars (this runs for every text cell).
    let quoted = text
        .bytes()
        .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'));
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&text);
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

    fn field(text: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, text);
        out
    }

    #[test]
    fn text_a_spreadsheet_would_run_starts_with_an_apostrophe() {
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+44 20"), "'+44 20");
        assert_eq!(field("-x"), "'-x");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        // The tab is kept (layout), the lone carriage return shown as `\u{d}`.
        assert_eq!(field("\t=1"), "'\t=1");
        assert_eq!(field("\r=1"), "'\\u{d}=1");
        // Quoted (a comma and quotes), the apostrophe inside the quotes.
        assert_eq!(
            field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        // Only the first character counts.
        assert_eq!(field("a=b"), "a=b");
        assert_eq!(field("UK-Rwanda"), "UK-Rwanda");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(field("a\u{1b}[2J"), "a\\u{1b}[2J");
    }
}
