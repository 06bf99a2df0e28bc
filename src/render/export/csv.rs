/*!
CSV (RFC 4180): a header row of the [`columns`](super::columns), one row per scenario, `.` as
the decimal point, no thousands separators, an empty cell for n/a or never.

The `csv` crate writes every CSV of costcalc (this comparison, the
[`records`](super::records) tables, the draws of `simulate --samples`) through
[`writer`]; what this module adds is [`safe_text`], which every text cell
passes through first, and [`write_cell`] for the cells of a machine row.
*/

use std::borrow::Cow;
use std::io;

use rayon::prelude::*;

use super::columns::{COLUMNS, Cell, LIST_SEPARATOR, Overrides, row};
use super::escape::visible;
use super::number::Fixed;
use super::{Entry, ExportOptions, Exporter, varied_paths};

pub struct CsvExporter {
    pub options: ExportOptions,
}

impl Exporter for CsvExporter {
    fn export(&self, entries: &[Entry]) -> Vec<u8> {
        let varied = varied_paths(entries);
        let overrides = &self.options.overrides;
        // Rows are written in parallel chunks and joined in order.
        let chunks: Vec<Vec<u8>> = entries
            .par_chunks(512)
            .map(|chunk| {
                let mut rows = Rows::default();
                let mut out = Vec::with_capacity(160 * chunk.len());
                for entry in chunk {
                    rows.write(&mut out, entry, overrides);
                }
                out
            })
            .collect();
        let header = header(&varied, &COLUMNS);
        let mut out = Vec::with_capacity(header.len() + chunks.iter().map(Vec::len).sum::<usize>());
        out.extend_from_slice(&header);
        for chunk in chunks {
            out.extend_from_slice(&chunk);
        }
        out
    }
}

/// The header row: the paths a sweep varied (if any), then the `columns`.
pub fn header(varied: &[&str], columns: &[&str]) -> Vec<u8> {
    in_memory(256, |writer| {
        for path in varied {
            writer.write_field(safe_text(path).as_bytes())?;
        }
        writer.write_record(columns)
    })
}

/// Writes the rows of a comparison or a sweep: the sweep's varied values, then
/// the machine columns.
///
/// The csv crate writes every text cell, as [`write_cell`] would; a number
/// (digits, `-` and `.`, which never need quotes) is appended as it is. A text
/// cell is written once and its field reused while the column's text stays
/// the same, as the name, file and currency do on every row of a sweep. Kept
/// for `benches/sweep_bench.py` (a million rows of 18 columns): writing every
/// text field afresh takes the sweep from 329 to 540 ms (3 December 2026).
/// The `status` and `overrides` of issue 19 are text cells, the same on every
/// row of a sweep, so they go through the same cache; no `--set` (most
/// sweeps) writes nothing at all: going through the cache, that empty cell
/// took 15% of a sweep in `perf` (user time 0.42 → 0.52 s), and skipping it
/// puts the sweep back within noise of the 18-column one (3 December 2026).
#[derive(Default)]
pub struct Rows {
    /// Each column's last text cell, and its field as the csv crate wrote it.
    texts: Vec<Option<(String, Vec<u8>)>>,
    digits: String,
    /// A list cell's texts joined.
    joined: String,
}

impl Rows {
    /// Appends `entry`'s row, ended by `\n`, to `out`; `overrides` are the
    /// `--set` assignments it was computed with.
    pub fn write(&mut self, out: &mut Vec<u8>, entry: &Entry, overrides: &Overrides) {
        let varied = entry
            .varied
            .iter()
            .map(|v| Cell::Number(Fixed::as_written(v.value)));
        let cells = varied.chain(row(entry, overrides));
        for (column, cell) in cells.enumerate() {
            if column > 0 {
                out.push(b',');
            }
            match cell {
                Cell::Text(text) => out.extend_from_slice(self.text_field(column, text)),
                Cell::Number(number) => {
                    self.digits.clear();
                    number.write_to(&mut self.digits);
                    out.extend_from_slice(self.digits.as_bytes());
                }
                // No `--set`, as in most sweeps: an empty field.
                Cell::Texts([]) => {}
                Cell::Texts([text]) => out.extend_from_slice(self.text_field(column, text)),
                Cell::Texts(texts) => {
                    let mut joined = std::mem::take(&mut self.joined);
                    join(&mut joined, texts);
                    out.extend_from_slice(self.text_field(column, &joined));
                    self.joined = joined;
                }
                Cell::SourceIds([]) => {}
                Cell::SourceIds(sources) => {
                    let mut joined = std::mem::take(&mut self.joined);
                    join(&mut joined, sources.iter().map(|s| s.id.as_str()));
                    out.extend_from_slice(self.text_field(column, &joined));
                    self.joined = joined;
                }
                Cell::Empty => {}
            }
        }
        out.push(b'\n');
    }

    /// The field of text cell `text` in column `column`.
    fn text_field(&mut self, column: usize, text: &str) -> &[u8] {
        if self.texts.len() <= column {
            self.texts.resize_with(column + 1, || None);
        }
        let slot = &mut self.texts[column];
        if slot.as_ref().is_none_or(|(last, _)| last != text) {
            *slot = Some((text.to_string(), text_field(text)));
        }
        slot.as_ref().map_or(&[], |(_, field)| field)
    }
}

/// `texts` joined by [`LIST_SEPARATOR`] into `out`, which is cleared first.
fn join<'a>(
    out: &mut String,
    texts: impl IntoIterator<Item = &'a (impl AsRef<str> + ?Sized + 'a)>,
) {
    out.clear();
    for (i, text) in texts.into_iter().map(AsRef::as_ref).enumerate() {
        if i > 0 {
            out.push_str(LIST_SEPARATOR);
        }
        out.push_str(text);
    }
}

/// A text cell as one field, as the csv crate writes it in a row of several.
fn text_field(text: &str) -> Vec<u8> {
    if text.is_empty() {
        // Alone on a line, an empty field would be written `""`.
        return Vec::new();
    }
    let mut field = in_memory(text.len() + 2, |writer| {
        writer.write_field(safe_text(text).as_bytes())?;
        end_row(writer)
    });
    field.pop();
    field
}

/// The CSV dialect of every output: `,` between fields, `\n` after each row,
/// and `"` around a field only when it holds a comma, a quote or a line break
/// (a quote inside doubled). Rows may differ in length: the callers write
/// whole rows, and a check would only add a way to fail. It writes to `out`
/// in blocks of 64 KiB: `out` needs no buffer of its own.
pub fn writer<W: io::Write>(out: W) -> ::csv::Writer<W> {
    dialect().buffer_capacity(1 << 16).from_writer(out)
}

fn dialect() -> ::csv::WriterBuilder {
    let mut builder = ::csv::WriterBuilder::new();
    builder
        .delimiter(b',')
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Necessary)
        .double_quote(true)
        .flexible(true);
    builder
}

/// The bytes `write` writes with a [`writer`] into memory, which takes every
/// write: there is no error to report. `capacity` is a guess at their length.
pub fn in_memory(
    capacity: usize,
    write: impl FnOnce(&mut ::csv::Writer<&mut Vec<u8>>) -> ::csv::Result<()>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    // The writer's buffer is zeroed when made: one the size of a field, not
    // of a file, for the field of each new text of a comparison.
    let mut writer = dialect()
        .buffer_capacity(capacity.clamp(64, 1 << 16))
        .from_writer(&mut out);
    let _ = write(&mut writer);
    let _ = writer.flush();
    drop(writer);
    out
}

/// The I/O error under a CSV writer's error, its kind kept (a closed pipe
/// ends a run quietly; `csv` would make every error `Other`).
pub fn io_error(error: ::csv::Error) -> io::Error {
    match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        // Not written by a flexible writer of byte fields; kept as text.
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Ends the row being written field by field.
pub fn end_row<W: io::Write>(writer: &mut ::csv::Writer<W>) -> ::csv::Result<()> {
    writer.write_record(None::<&[u8]>)
}

/// One cell of a machine row: text made [`safe_text`], a number as it is
/// (`-5.00` stays a number), n/a as an empty field. `scratch` holds the
/// number's digits, so a row allocates nothing.
pub fn write_cell<W: io::Write>(
    writer: &mut ::csv::Writer<W>,
    cell: Cell<'_>,
    scratch: &mut String,
) -> ::csv::Result<()> {
    match cell {
        Cell::Text(text) => writer.write_field(safe_text(text).as_bytes()),
        Cell::Number(number) => {
            scratch.clear();
            number.write_to(scratch);
            writer.write_field(scratch.as_bytes())
        }
        Cell::Texts(texts) => {
            join(scratch, texts);
            writer.write_field(safe_text(scratch).as_bytes())
        }
        Cell::SourceIds(sources) => {
            join(scratch, sources.iter().map(|s| s.id.as_str()));
            writer.write_field(safe_text(scratch).as_bytes())
        }
        Cell::Empty => writer.write_field(b""),
    }
}

/// A text cell as a spreadsheet should show it: guarded against being run as
/// a formula, and its control characters [`visible`]. (The quoting is the
/// writer's.)
///
/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in
/// some, a tab or a carriage return before one) as a formula: a scenario named
/// `=HYPERLINK("http://x","y")` would be a link in the reader's sheet. As OWASP
/// recommends, such a cell starts with `'`, which makes a spreadsheet take it
/// as text. Numbers are never text cells, so `-5.00` stays a number.
pub fn safe_text(text: &str) -> Cow<'_, str> {
    // The guard looks at the text as written: `\r=1` is a formula even though
    // it is shown as `\u{d}=1`.
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = visible(text);
    if formula {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `texts` as one CSV row of text cells.
    fn row_of(texts: &[&str]) -> String {
        let bytes = in_memory(0, |writer| {
            for text in texts {
                write_cell(writer, Cell::Text(text), &mut String::new())?;
            }
            end_row(writer)
        });
        String::from_utf8(bytes).unwrap()
    }

    fn field(text: &str) -> String {
        let row = row_of(&[text]);
        row.strip_suffix('\n').unwrap().to_string()
    }

    #[test]
    fn quotes_only_fields_that_need_it() {
        // A comma, quotes (each doubled) and a line break need quotes.
        assert_eq!(
            row_of(&["plain", "a, \"b\"", "two\nlines"]),
            "plain,\"a, \"\"b\"\"\",\"two\nlines\"\n"
        );
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
    fn a_number_is_never_guarded_and_n_a_is_empty() {
        use super::super::number::Fixed;
        use rust_decimal::Decimal;
        // -500 hundredths to 2 decimals: -5.00, then an empty cell, then text.
        let bytes = in_memory(0, |writer| {
            let number = Fixed {
                value: Decimal::new(-500, 2),
                decimals: 2,
            };
            let mut scratch = String::new();
            write_cell(writer, Cell::Number(number), &mut scratch)?;
            write_cell(writer, Cell::Empty, &mut scratch)?;
            write_cell(writer, Cell::Text("-5.00"), &mut scratch)?;
            end_row(writer)
        });
        assert_eq!(String::from_utf8(bytes).unwrap(), "-5.00,,'-5.00\n");
    }

    #[test]
    fn a_text_field_is_what_the_csv_crate_writes_in_a_row() {
        let texts = [
            "",
            "plain",
            "a, b",
            "say \"no\"",
            "two\nlines",
            "\r",
            "=1+1",
            " spaced ",
            "#",
            "'",
            "UK–Rwanda",
            "\u{1b}[2J",
        ];
        for text in texts {
            // The field between two others, as a row of `write_cell`s has it.
            let by_crate = in_memory(0, |writer| {
                for cell in ["a", text, "b"] {
                    write_cell(writer, Cell::Text(cell), &mut String::new())?;
                }
                end_row(writer)
            });
            let field = text_field(text);
            let by_rows = [b"a,".as_slice(), &field, b",b\n"].concat();
            assert_eq!(by_rows, by_crate, "{text:?}");
        }
    }

    #[test]
    fn a_column_s_field_is_written_again_when_its_text_changes() {
        let mut rows = Rows::default();
        assert_eq!(rows.text_field(1, "a,b"), b"\"a,b\"");
        assert_eq!(rows.text_field(1, "a,b"), b"\"a,b\"");
        assert_eq!(rows.text_field(1, "-c"), b"'-c");
        // Another column keeps its own.
        assert_eq!(rows.text_field(0, "d"), b"d");
        assert_eq!(rows.text_field(1, "-c"), b"'-c");
    }

    #[test]
    fn a_list_cell_is_one_field_joined_by_semicolons() {
        let sets = |texts: &[&str]| texts.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let row_of_lists = |lists: &[Vec<String>]| {
            let bytes = in_memory(0, |writer| {
                for list in lists {
                    write_cell(writer, Cell::Texts(list), &mut String::new())?;
                }
                write_cell(writer, Cell::Text("end"), &mut String::new())?;
                end_row(writer)
            });
            String::from_utf8(bytes).unwrap()
        };
        // None: an empty field; two: joined by "; "; a value with a comma is
        // quoted, as any text is.
        assert_eq!(
            row_of_lists(&[
                sets(&[]),
                sets(&["outcomes.removals=300", "outcomes.planned=600"]),
                sets(&["name=a,b"]),
            ]),
            ",outcomes.removals=300; outcomes.planned=600,\"name=a,b\",end\n"
        );
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(field("a\u{1b}[2J"), "a\\u{1b}[2J");
    }
}
