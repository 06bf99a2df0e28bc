/*!
The quickest path from TOML text to [`Table`], for documents written the plain
way most scenario files are: one `key = value` or `[table]` per line.

`compare` over thousands of files spends most of its time parsing them, and
even the `fast` module's route (toml_parser's lexer, its event parser, then a
tree builder that must follow every rule of TOML's tables) costs several times
what reading lines of this one shape needs: on the benchmark's 10,000 files,
this path cut the instructions of a whole `compare` by a quarter. It reads the
text line by line and accepts only:

- blank lines, and `# comments` on their own or after a header or value;
- `[name]` and `[[name]]` headers whose name is one bare key;
- `key = value` with a bare key, where the value is a basic string without
  escapes (`"GBP"`), `true` or `false`, a decimal integer or a decimal number
  without an exponent or sign (`5700`, `370_000_000`, `446396143.30`), or a
  date (`2024-07-22`).

Anything else, valid or not (a dotted key, an array, an escape, a `"""`
string, a second `[outcomes]`), and it returns `None`; the caller then tries
the `fast` module and then toml itself. So this never decides that a
document is invalid, and reads only those it is sure are valid. Where it
answers, its tree must be the one toml would have built, spans and borrowed
strings included: `document/tests.rs` checks both fast paths against toml on
every file in the repository and on random documents.
*/

use std::borrow::Cow;

use super::fast::{MAX_TABLE_LEN, is_bare_key_byte, is_basic_unescaped};
use super::{Datetime, Entry, Kind, Origin, Span, Table, Value};

/// The tree of `body` (the text after any byte-order mark of `bom` bytes, which
/// spans still count), or `None` if it is not a plain document: see the module
/// documentation.
pub(super) fn parse_plain(body: &str, bom: usize, origin: Origin) -> Option<Table<'_>> {
    let mut builder = Builder {
        text: body,
        bom,
        origin,
        root: Vec::new(),
        current: None,
    };
    let mut start = 0;
    while start < body.len() {
        // A plain loop: lines are short, and `str::find`'s searcher costs
        // more to set up than this takes to run.
        let end = body.as_bytes()[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |at| start + at);
        // A `\r` may only end a line as part of `\r\n`.
        let line_end = match body[..end].strip_suffix('\r') {
            Some(_) if end < body.len() => end - 1,
            Some(_) => return None,
            None => end,
        };
        builder.line(start, line_end)?;
        start = end + 1;
    }
    Some(Table {
        entries: builder.root,
    })
}

/// The tree so far, built as the lines are read.
struct Builder<'t> {
    text: &'t str,
    bom: usize,
    origin: Origin,
    root: Vec<Entry<'t>>,
    /// The root entry whose table (or, for `[[name]]`, whose last table) the
    /// lines after the latest header go into; `None` before the first header.
    current: Option<usize>,
}

impl<'t> Builder<'t> {
    /// Reads the line in `text[start..end]` (without its line ending).
    fn line(&mut self, start: usize, end: usize) -> Option<()> {
        let bytes = &self.text.as_bytes()[..end];
        let mut at = skip_whitespace(bytes, start);
        match bytes.get(at) {
            None | Some(b'#') => {}
            Some(b'[') => at = self.header(bytes, at)?,
            Some(_) => at = self.key_value(bytes, at)?,
        }
        let at = skip_whitespace(bytes, at);
        match bytes.get(at) {
            None => Some(()),
            // `non-eol` in the TOML grammar: no control character but tab.
            Some(b'#') => bytes[at + 1..]
                .iter()
                .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80)
                .then_some(()),
            Some(_) => None,
        }
    }

    /// `[name]` or `[[name]]` starting at `at`; returns where it ends.
    fn header(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        let is_array = bytes.get(at + 1) == Some(&b'[');
        let brackets = if is_array { 2 } else { 1 };
        let (key, key_span, after_key) =
            self.bare_key(bytes, skip_whitespace(bytes, at + brackets))?;
        let close = skip_whitespace(bytes, after_key);
        let end = close + brackets;
        if bytes.get(close..end)? != &b"]]"[..brackets] {
            return None;
        }
        let span = self.span(at, end);
        let table = Value {
            kind: Kind::Table(Table::default()),
            span: span.clone(),
            origin: self.origin,
        };
        let existing = self.root.iter().position(|entry| entry.key == key);
        let index = match (existing, is_array) {
            (None, false) => self.push_root(key, key_span, table)?,
            (None, true) => {
                let tables = Value {
                    kind: Kind::Array(vec![table]),
                    span,
                    origin: self.origin,
                };
                self.push_root(key, key_span, tables)?
            }
            // Another `[[name]]`. Root arrays are always such tables, as this
            // reads no array values.
            (Some(index), true) => match &mut self.root[index].value.kind {
                Kind::Array(tables) => {
                    tables.push(table);
                    index
                }
                _ => return None,
            },
            // `[name]` twice, or after `name = ...` or `[[name]]`.
            (Some(_), false) => return None,
        };
        self.current = Some(index);
        Some(end)
    }

    fn push_root(&mut self, key: &'t str, key_span: Span, value: Value<'t>) -> Option<usize> {
        if self.root.len() >= MAX_TABLE_LEN {
            return None;
        }
        self.root.push(Entry {
            key: Cow::Borrowed(key),
            key_span,
            value,
        });
        Some(self.root.len() - 1)
    }

    /// `key = value` starting at `at`; returns where the value ends.
    fn key_value(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        let (key, key_span, after_key) = self.bare_key(bytes, at)?;
        let equals = skip_whitespace(bytes, after_key);
        if bytes.get(equals) != Some(&b'=') {
            return None;
        }
        let start = skip_whitespace(bytes, equals + 1);
        let (kind, end) = self.value(bytes, start)?;
        let entry = Entry {
            key: Cow::Borrowed(key),
            key_span,
            value: Value {
                kind,
                span: self.span(start, end),
                origin: self.origin,
            },
        };
        let table = match self.current {
            None => &mut self.root,
            Some(index) => match &mut self.root[index].value.kind {
                Kind::Table(table) => &mut table.entries,
                Kind::Array(tables) => match &mut tables.last_mut()?.kind {
                    Kind::Table(table) => &mut table.entries,
                    _ => return None,
                },
                _ => return None,
            },
        };
        if table.len() >= MAX_TABLE_LEN || table.iter().any(|e| e.key == entry.key) {
            return None;
        }
        table.push(entry);
        Some(end)
    }

    /// `1*( ALPHA / DIGIT / "-" / "_" )` at `at`: the key, its span, and where it ends.
    fn bare_key(&self, bytes: &[u8], at: usize) -> Option<(&'t str, Span, usize)> {
        let len = bytes[at..]
            .iter()
            .take_while(|&&b| is_bare_key_byte(b))
            .count();
        let end = at + len;
        (len > 0).then(|| (&self.text[at..end], self.span(at, end), end))
    }

    /// The value starting at `at`, and where it ends.
    fn value(&self, bytes: &[u8], at: usize) -> Option<(Kind<'t>, usize)> {
        if bytes.get(at) == Some(&b'"') {
            // Up to the closing quote, or an escape or other byte left to
            // the fast path.
            let len = bytes[at + 1..]
                .iter()
                .take_while(|&&b| is_basic_unescaped(b))
                .count();
            let close = at + 1 + len;
            return (bytes.get(close) == Some(&b'"')).then(|| {
                (
                    Kind::String(Cow::Borrowed(&self.text[at + 1..close])),
                    close + 1,
                )
            });
        }
        // A value ends at whitespace, a comment or the end of the line.
        let len = bytes[at..]
            .iter()
            .take_while(|&&b| !matches!(b, b' ' | b'\t' | b'#'))
            .count();
        let end = at + len;
        let word = &self.text[at..end];
        let kind = match word.as_bytes() {
            b"true" => Kind::Boolean(true),
            b"false" => Kind::Boolean(false),
            // `YYYY-MM-DD`; the same parser as toml's checks the digits and
            // that the day exists.
            [_, _, _, _, b'-', _, _, b'-', _, _] => Kind::Datetime(word.parse::<Datetime>().ok()?),
            _ => decimal(word)?,
        };
        Some((kind, end))
    }

    fn span(&self, start: usize, end: usize) -> Span {
        start + self.bom..end + self.bom
    }
}

fn skip_whitespace(bytes: &[u8], at: usize) -> usize {
    at + bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// `0`, `5700`, `370_000_000` (an integer) or `446396143.30`, `0.5` (a float):
/// digits with `_` only between two of them, no leading zero in the whole
/// part, no sign.
fn decimal(word: &str) -> Option<Kind<'_>> {
    let (whole, fraction) = match word.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (word, None),
    };
    let no_leading_zero = whole == "0" || !whole.starts_with('0');
    if !no_leading_zero || !is_digits(whole) || !fraction.is_none_or(is_digits) {
        return None;
    }
    let literal = Cow::Borrowed(word);
    Some(match fraction {
        None => Kind::Integer { literal, radix: 10 },
        Some(_) => Kind::Float(literal),
    })
}

/// One or more digits, any two adjacent digits may have one `_` between them.
fn is_digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut after_digit = false;
    for &b in bytes {
        after_digit = match b {
            b'0'..=b'9' => true,
            b'_' if after_digit => false,
            _ => return false,
        };
    }
    after_digit
}
