/*!
Markdown: a GitHub-flavoured table with right-aligned number columns, every human
column included, and the notes under it as a paragraph, ready to paste into a
report.
*/

use super::escape::visible;
use super::human::{Grid, grid, notes};
use super::{Entry, ExportOptions, Exporter};
use crate::model::is_web_address;

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

/// Text as Markdown that shows it as it is, on one line, wherever it goes in a
/// line (a table cell, a heading, a list item, a paragraph): a scenario's text
/// is never markup, raw HTML or a link.
///
/// Every character that can start markup anywhere in a line is escaped with a
/// backslash, as CommonMark allows for any ASCII punctuation: `|` (a table
/// cell), `*` `_` `~` (emphasis), `` ` `` (code), `<` `>` (HTML, autolinks), `[`
/// `]` (links and images), `&` (entities), `#` (a heading's closing marks),
/// `\\` itself. At the start of the text, `- `, `+ `, `1. `, `1) `, `---` and
/// `===` would start a list, a rule or a heading, so they are escaped there too
/// (`-5.00` and `0.6%` are not). Line breaks become
/// spaces, and control characters are [`visible`].
pub fn escape(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len() + 8);
    // A list item (`- `, `+ `, `12. `, `3) `), a rule (`---`) or a heading's
    // underline (`===`) at the start: the `-`, `+`, `=`, `.` or `)` is escaped.
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let ends_marker = |at: usize| {
        bytes
            .get(at + 1)
            .is_none_or(|&next| next == b' ' || next == b'\t' || next == bytes[at])
    };
    let marker = match bytes.get(digits) {
        Some(b'.' | b')') if digits > 0 && ends_marker(digits) => Some(digits),
        Some(b'-' | b'+' | b'=') if digits == 0 && ends_marker(0) => Some(0),
        _ => None,
    };
    for (i, c) in text.char_indices() {
        if matches!(
            c,
            '|' | '*' | '_' | '~' | '\\' | '`' | '<' | '>' | '[' | ']' | '&' | '#'
        ) || marker == Some(i)
        {
            out.push('\\');
        }
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown link to `url` with `title` (already [`escape`]d) as its text, if
/// it is a web address, or else the title alone: a `javascript:` or `data:`
/// address in a file is never made clickable.
pub fn link(title: &str, url: &str) -> String {
    if !is_web_address(url) {
        return title.to_string();
    }
    // In a link destination a space or control character would end it, an
    // unbalanced parenthesis would end it or start another, and a backslash
    // would escape what follows.
    let mut destination = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' | ')' | '\\' | '<' | '>' => {
                destination.push('\\');
                destination.push(c);
            }
            c if c.is_whitespace() || c.is_control() => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    destination.push_str(&format!("%{byte:02X}"));
                }
            }
            c => destination.push(c),
        }
    }
    format!("[{title}]({destination})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_characters_that_would_break_the_table() {
        assert_eq!(escape("a|b *c* d_e"), "a\\|b \\*c\\* d\\_e");
        assert_eq!(escape("two\nlines"), "two lines");
    }

    #[test]
    fn text_never_becomes_markup() {
        // Raw HTML, a link, code, an entity and a heading's closing marks.
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(
            escape("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(escape("`a` &lt; b #"), "\\`a\\` \\&lt; b \\#");
        // List and heading markers count only at the start.
        assert_eq!(escape("- x"), "\\- x");
        assert_eq!(escape("+ x"), "\\+ x");
        assert_eq!(escape("==="), "\\===");
        assert_eq!(escape("12. x"), "12\\. x");
        assert_eq!(escape("3) x"), "3\\) x");
        assert_eq!(escape("UK-Rwanda 2.0"), "UK-Rwanda 2.0");
        assert_eq!(escape("2024 deal"), "2024 deal");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("-"), "\\-");
        assert_eq!(escape("-5.00"), "-5.00");
        assert_eq!(escape("0.6%"), "0.6%");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        // The escape's backslash is itself escaped: the page shows `a\u{1b}[2J`.
        assert_eq!(escape("a\u{1b}[2J"), "a\\\\u{1b}\\[2J");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(link("t", "https://x.org/a"), "[t](https://x.org/a)");
        assert_eq!(link("t", "javascript:alert(1)"), "t");
        assert_eq!(link("t", "data:text/html,<script>"), "t");
        // A space and a parenthesis cannot end the address and start a link.
        assert_eq!(
            link("t", "https://x.org/a) [y](javascript:alert(1)"),
            "[t](https://x.org/a\\)%20[y]\\(javascript:alert\\(1\\))"
        );
    }
}
