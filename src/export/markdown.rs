/*!
Markdown: a GitHub-flavoured table with right-aligned number columns, every human
column included, and the notes under it as a paragraph, ready to paste into a
report.
*/

use super::human::{Grid, grid, notes};
use super::{Entry, ExportOptions, Exporter};

pub struct MarkdownExporter {
    pub options: ExportOptions,
}

impl Exporter for MarkdownExporter {
    fn export(&self, entries: &[Entry]) -> Vec<u8> {
        let grid = grid(entries, false);
        let notes = notes(entries, &self.options.adjustment_notes);
        render(&grid, &notes).into_bytes()
    }
}

/// A grid of human cells as a Markdown table, with the notes under it as lines
/// of one paragraph. Shared by the comparison and the other tables.
pub fn render(grid: &Grid, notes: &[String]) -> String {
    let header: Vec<String> = grid.headers.iter().map(|(_, h, _)| escape(h)).collect();
    let numeric: Vec<bool> = grid.headers.iter().map(|(_, _, n)| *n).collect();
    let rows: Vec<Vec<String>> = grid
        .rows
        .iter()
        .map(|row| row.iter().map(|cell| escape(cell)).collect())
        .collect();
    // Pad each column to its widest cell so the source reads as a table too.
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|row| row[i].chars().count())
                .chain([header[i].chars().count(), 3])
                .max()
                .unwrap_or(3)
        })
        .collect();
    let mut out = String::new();
    push_row(&mut out, &header, &widths, &numeric);
    let rule: Vec<String> = numeric
        .iter()
        .zip(&widths)
        .map(|(numeric, width)| {
            if *numeric {
                format!("{}:", "-".repeat(width - 1))
            } else {
                "-".repeat(*width)
            }
        })
        .collect();
    push_row(&mut out, &rule, &widths, &numeric);
    for row in &rows {
        push_row(&mut out, row, &widths, &numeric);
    }
    out.push('\n');
    for note in notes {
        out.push_str(&escape(note));
        out.push_str("  \n");
    }
    out
}

fn push_row(out: &mut String, cells: &[String], widths: &[usize], numeric: &[bool]) {
    out.push('|');
    for ((cell, width), numeric) in cells.iter().zip(widths).zip(numeric) {
        let pad = width - cell.chars().count();
        out.push(' ');
        if *numeric {
            out.push_str(&" ".repeat(pad));
            out.push_str(cell);
        } else {
            out.push_str(cell);
            out.push_str(&" ".repeat(pad));
        }
        out.push_str(" |");
    }
    out.push('\n');
}

/// Keeps text from being read as Markdown: `|` would end a cell, `*` and `_`
/// would start emphasis.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '|' | '*' | '_' | '\\' | '`' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_characters_that_would_break_the_table() {
        assert_eq!(escape("a|b *c* d_e"), "a\\|b \\*c\\* d\\_e");
        assert_eq!(escape("two\nlines"), "two lines");
    }
}
