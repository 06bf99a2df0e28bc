/*!
A scenario file as a tree of keys and values, each with where it was written.

Parsing happens in two steps: TOML text → [`Table`] (this module), then
[`Table`] → [`Scenario`](crate::model::Scenario) with every rule checked
(`parse.rs`). The tree in between is costcalc's own rather than toml's, because
a scenario is not always one file: `extends = "base.toml"` merges a parent's
tree under the child's, and `--set outcomes.removals=600` grafts a value from
the command line onto it (`compose.rs`). Every [`Value`] therefore carries an
[`Origin`] as well as its span, so a problem is reported in the text it was
written in, and `show` can say where each value came from.

Number literals are kept as written (`370_000_000`, `1.5e3`), never as `f64`, so
amounts stay exact (see `exact_decimal` in `parse.rs`).
*/

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
pub use toml::value::Datetime;

/// A byte range in the text of one [`Origin`].
pub type Span = Range<usize>;

pub use crate::diagnostic::Origin;

/// A TOML table: its keys in no particular order (the reader looks keys up; it
/// never depends on their order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table<'t> {
    pub entries: Vec<Entry<'t>>,
}

/// One `key = value` of a table. The key's span is in the value's origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'t> {
    pub key: Cow<'t, str>,
    pub key_span: Span,
    pub value: Value<'t>,
}

/// A value, where it was written, and in which text.
#[derive(Debug, Clone, PartialEq)]
pub struct Value<'t> {
    pub kind: Kind<'t>,
    pub span: Span,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'t> {
    String(Cow<'t, str>),
    /// An integer literal exactly as written, e.g. `-1_000` or `0xff`.
    Integer {
        literal: Cow<'t, str>,
        radix: u32,
    },
    /// A float literal exactly as written, e.g. `1_000.5`, `4.76e6`, `inf`.
    Float(Cow<'t, str>),
    Boolean(bool),
    Datetime(Datetime),
    Array(Vec<Value<'t>>),
    Table(Table<'t>),
}

impl<'t> Table<'t> {
    pub fn get(&self, key: &str) -> Option<&Value<'t>> {
        self.entry(key).map(|entry| &entry.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry<'t>> {
        self.entries.iter().find(|entry| entry.key == key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value<'t>> {
        self.entries
            .iter_mut()
            .find(|entry| entry.key == key)
            .map(|entry| &mut entry.value)
    }

    pub fn remove(&mut self, key: &str) -> Option<Entry<'t>> {
        let index = self.entries.iter().position(|entry| entry.key == key)?;
        Some(self.entries.remove(index))
    }

    /// Sets `key`, replacing any value it had.
    pub fn insert(&mut self, entry: Entry<'t>) {
        match self.entries.iter_mut().find(|e| e.key == entry.key) {
            Some(existing) => *existing = entry,
            None => self.entries.push(entry),
        }
    }

    /// The same tree, borrowing nothing (for files whose text does not outlive it).
    pub fn into_owned(self) -> Table<'static> {
        Table {
            entries: self
                .entries
                .into_iter()
                .map(|entry| Entry {
                    key: Cow::Owned(entry.key.into_owned()),
                    key_span: entry.key_span,
                    value: entry.value.into_owned(),
                })
                .collect(),
        }
    }
}

impl<'t> Value<'t> {
    pub fn into_owned(self) -> Value<'static> {
        let owned = |text: Cow<'t, str>| Cow::Owned(text.into_owned());
        let kind = match self.kind {
            Kind::String(text) => Kind::String(owned(text)),
            Kind::Integer { literal, radix } => Kind::Integer {
                literal: owned(literal),
                radix,
            },
            Kind::Float(literal) => Kind::Float(owned(literal)),
            Kind::Boolean(b) => Kind::Boolean(b),
            Kind::Datetime(d) => Kind::Datetime(d),
            Kind::Array(values) => Kind::Array(values.into_iter().map(Value::into_owned).collect()),
            Kind::Table(table) => Kind::Table(table.into_owned()),
        };
        Value {
            kind,
            span: self.span,
            origin: self.origin,
        }
    }

    /// Sets the origin of this value and everything in it.
    pub fn set_origin(&mut self, origin: Origin) {
        self.origin = origin;
        match &mut self.kind {
            Kind::Array(values) => values.iter_mut().for_each(|v| v.set_origin(origin)),
            Kind::Table(table) => table
                .entries
                .iter_mut()
                .for_each(|e| e.value.set_origin(origin)),
            _ => {}
        }
    }

    /// "the number 5", "the text \"x\"": what a value is, for messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::String(s) => format!("the text \"{s}\""),
            Kind::Integer { literal, .. } => format!("the number {literal}"),
            Kind::Float(literal) => format!("the number {literal}"),
            Kind::Boolean(b) => format!("{b}"),
            Kind::Datetime(d) => format!("the date {d}"),
            Kind::Array(_) => "a list".into(),
            Kind::Table(_) => "a table".into(),
        }
    }
}

/// Parses TOML text into a tree whose values all have `origin`, with toml's
/// best guess at the document and every syntax error it found, so that `check`
/// can report them all at once.
///
/// A byte-order mark is skipped; spans still count it, so they point into the
/// text as given.
pub fn parse(text: &str, origin: Origin) -> (Table<'_>, Vec<SyntaxError>) {
    let (bom, body) = split_bom(text);
    let (document, errors) = DeTable::parse_recoverable(body);
    let converter = Converter { body, bom, origin };
    let table = converter.table(document.into_inner());
    let errors = errors
        .into_iter()
        .map(|error| SyntaxError {
            span: converter.span(error.span().unwrap_or(0..0)),
            message: error.message().trim_end().to_string(),
        })
        .collect();
    (table, errors)
}

/// The length of `text`'s byte-order mark (0 if none), and the text after it.
fn split_bom(text: &str) -> (usize, &str) {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    (bom, &text[bom..])
}

/// A place where the text is not valid TOML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// toml's tree → ours. Strings and keys toml could borrow stay borrowed; number
/// literals are taken from the source text, so they keep their digits as written.
struct Converter<'t> {
    body: &'t str,
    bom: usize,
    origin: Origin,
}

impl<'t> Converter<'t> {
    fn span(&self, span: Span) -> Span {
        span.start + self.bom..span.end + self.bom
    }

    fn table(&self, table: DeTable<'t>) -> Table<'t> {
        Table {
            entries: table
                .into_iter()
                .map(|(key, value)| {
                    let key_span = self.span(key.span());
                    Entry {
                        key: key.into_inner(),
                        key_span,
                        value: self.value(value),
                    }
                })
                .collect(),
        }
    }

    fn value(&self, value: Spanned<DeValue<'t>>) -> Value<'t> {
        let raw_span = value.span();
        let literal = || -> Cow<'t, str> {
            Cow::Borrowed(self.body.get(raw_span.clone()).unwrap_or("").trim())
        };
        let kind = match value.into_inner() {
            DeValue::String(text) => Kind::String(text),
            DeValue::Integer(integer) => Kind::Integer {
                // toml's own text drops the radix prefix and underscores; the
                // source keeps what the user wrote, for messages.
                literal: match literal() {
                    text if !text.is_empty() => text,
                    _ => Cow::Owned(integer.to_string()),
                },
                radix: integer.radix(),
            },
            DeValue::Float(float) => Kind::Float(match literal() {
                text if !text.is_empty() => text,
                _ => Cow::Owned(float.as_str().to_string()),
            }),
            DeValue::Boolean(b) => Kind::Boolean(b),
            DeValue::Datetime(datetime) => Kind::Datetime(datetime),
            DeValue::Array(array) => {
                Kind::Array(array.into_iter().map(|v| self.value(v)).collect())
            }
            DeValue::Table(table) => Kind::Table(self.table(table)),
        };
        Value {
            kind,
            span: self.span(raw_span),
            origin: self.origin,
        }
    }
}

#[cfg(test)]
mod tests;
