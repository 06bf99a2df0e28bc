/*!
Text from a scenario file shown so that it cannot act on its reader.

A name or note is data, but a terminal obeys the escape sequences in it
(`\u{1b}[2J` clears the screen, `\u{1b}]0;…\u{7}` retitles the window), a
carriage return lets later text overwrite earlier text on the same line, and the
Unicode bidirectional overrides (U+202A–U+202E, U+2066–U+2069) reorder what is
displayed, so one name can pass for another. [`visible`] writes each of these as
its Rust escape (`\u{1b}`), so the reader sees what is in the file. Line feeds
and tabs are kept, as the layout needs them; so is a carriage return right
before a line feed (a Windows line ending), which overwrites nothing.

Every writer of text uses it: the terminal tables and notes, `show`, the
messages on stderr, Markdown, CSV, and (through the HTML escaping) the HTML
report and the SVG charts.
*/

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character (other than a line feed, a tab, or a
/// carriage return ending a line) and every bidirectional override written as
/// `\u{…}`.
pub fn visible(text: &str) -> Cow<'_, str> {
    // Every character escaped is a byte below 0x20, 0x7f, or starts with 0xc2
    // (C1 controls) or 0xe2 (the overrides): text without these bytes, nearly
    // all of it, is returned as it is without decoding a character.
    if !text
        .bytes()
        .any(|byte| byte < 0x20 || byte == 0x7f || byte == 0xc2 || byte == 0xe2)
    {
        return Cow::Borrowed(text);
    }
    // A carriage return before a line feed ends a line and overwrites nothing.
    let hidden = |rest: &str, c: char| is_hidden(c) && !rest.starts_with("\r\n");
    let Some((start, _)) = text.char_indices().find(|&(i, c)| hidden(&text[i..], c)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..start]);
    for (i, c) in text[start..].char_indices() {
        if hidden(&text[start + i..], c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A character that acts on a terminal or on the order text is displayed in,
/// rather than showing as itself.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escape_sequences_are_written_out() {
        // Clear the screen; set the window title, ended by BEL.
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("\u{1b}]0;owned\u{7}"), "\\u{1b}]0;owned\\u{7}");
        // DEL and a C1 control (CSI, U+009B, an escape sequence on its own).
        assert_eq!(visible("\u{7f}\u{9b}2J"), "\\u{7f}\\u{9b}2J");
    }

    #[test]
    fn a_lone_carriage_return_is_escaped_but_a_line_ending_is_kept() {
        // "Good\rBad" would show as "Bad" over "Good" on a terminal.
        assert_eq!(visible("Good\rBad"), "Good\\u{d}Bad");
        assert_eq!(
            visible("one\r\ntwo\nthree\tfour"),
            "one\r\ntwo\nthree\tfour"
        );
    }

    #[test]
    fn bidirectional_overrides_are_escaped_but_right_to_left_text_is_not() {
        // U+202E (right-to-left override) would show "fdp.exe" as "exe.pdf".
        assert_eq!(visible("a\u{202e}fdp.exe"), "a\\u{202e}fdp.exe");
        assert_eq!(visible("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        // Hebrew, an en dash and a pound sign share the lead bytes 0xe2/0xc2
        // with escaped characters, and are shown as they are.
        assert_eq!(visible("שלום – £5"), "שלום – £5");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(visible("UK-Rwanda"), Cow::Borrowed(_)));
        // An en dash shares its lead byte with the overrides.
        assert!(matches!(visible("UK–Rwanda"), Cow::Borrowed(_)));
    }
}
