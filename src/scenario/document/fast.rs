/*!
A fast path from TOML text to [`Table`], for files that are valid TOML.

`compare` parses thousands of scenario files, and most of the time of parsing
one went into toml's own document tree (`DeTable`, a hash map per table), which
[`parse`](super::parse) then copied into ours. This builds our tree straight
from toml_parser's events, the same events toml builds its tree from.

It only answers for valid documents. On any syntax error, duplicate key, table
defined twice, or construct it does not handle, it returns `None`, and the
caller parses the text again through toml, which produces the error messages and
the best guess at a broken document. So where it does answer, its tree must be
the one the fallback would have built: the same values, spans, key spans and
borrowed strings (the order of a table's entries aside, which is unspecified).
`document/tests.rs` checks that on every file in the repository and on random
documents.

Which keys and tables may be defined where follows toml's own tree builder
(`toml::de::parser::document`), flag for flag, rather than the TOML
specification's wording: agreeing with the fallback is what matters, and where
this module is unsure it returns `None`, so the fallback decides.
*/

use std::borrow::Cow;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, ParseError, Raw, Source};

use super::{Datetime, Entry, Kind, Origin, Span, Table, Value};

/// toml's nesting limit (`LIMIT` in `toml::de::parser`) for arrays, inline
/// tables and the parts of a dotted key: anything deeper is an error there, so
/// it must not be accepted here.
const DEPTH_LIMIT: u32 = 80;

/// Keys are found in a table by a linear scan (here and in the `plain`
/// module), which is quick for the dozen keys of a scenario table but
/// quadratic in general; a larger table is left to the fallback, whose tables
/// are hash maps.
pub(super) const MAX_TABLE_LEN: usize = 256;

/// The tree of `body` (the text after any byte-order mark of `bom` bytes, which
/// spans still count), or `None` if the fallback must parse it: see the module
/// documentation.
pub(super) fn parse_valid(body: &str, bom: usize, origin: Origin) -> Option<Table<'_>> {
    let source = Source::new(body);
    let tokens = source.lex().into_vec();
    let mut builder = Builder {
        source,
        bom,
        origin,
        declined: false,
        document: Document::default(),
        path: Vec::new(),
        key: None,
        header: None,
        assigning: None,
        nested: Vec::new(),
    };
    let mut errors = Errors::default();
    toml_parser::parser::parse_document(&tokens, &mut builder, &mut errors);
    if errors.any {
        return None;
    }
    builder.finish()
}

/// Whether there was any error: the fallback will say what it was.
#[derive(Default)]
struct Errors {
    any: bool,
}

impl ErrorSink for Errors {
    fn report_error(&mut self, _error: ParseError) {
        self.any = true;
    }
}

/// One part of a key, decoded.
#[derive(Clone)]
struct Key<'t> {
    name: Cow<'t, str>,
    span: Span,
}

/// `[path.key]` or `[[path.key]]`.
struct Header<'t> {
    path: Vec<Key<'t>>,
    key: Key<'t>,
    span: Span,
    is_array: bool,
}

/// A table while the document is read: unlike [`Table`] it knows how it was
/// made, which decides whether later headers and dotted keys may add to it.
#[derive(Default)]
struct Open<'t> {
    entries: Vec<Slot<'t>>,
    /// Its header's span; for an implicit table, the span of the key that made it.
    span: Span,
    /// Made on the way to another table (`a` of `[a.b]` or of `a.b = 1`)
    /// rather than by its own header.
    implicit: bool,
    /// Made or extended by a dotted key (`a.b = 1`): a `[a]` header may then no
    /// longer define it.
    dotted: bool,
}

struct Slot<'t> {
    key: Cow<'t, str>,
    key_span: Span,
    node: Node<'t>,
}

enum Node<'t> {
    /// A value written in one piece (scalar, array, inline table): nothing can
    /// be added to it later.
    Value(Value<'t>),
    Table(Open<'t>),
    /// `[[key]]` tables, spanning the first such header.
    Tables {
        span: Span,
        tables: Vec<Open<'t>>,
    },
}

impl<'t> Open<'t> {
    fn implicit(key: &Key<'t>, dotted: bool) -> Self {
        Open {
            entries: Vec::new(),
            span: key.span.clone(),
            implicit: true,
            dotted,
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.entries.iter().position(|slot| slot.key == name)
    }

    /// Adds a new key; `None` if it is already there.
    fn insert(&mut self, key: Key<'t>, node: Node<'t>) -> Option<&mut Node<'t>> {
        if self.entries.len() >= MAX_TABLE_LEN || self.position(&key.name).is_some() {
            return None;
        }
        self.entries.push(Slot {
            key: key.name,
            key_span: key.span,
            node,
        });
        self.entries.last_mut().map(|slot| &mut slot.node)
    }

    /// The table `key` names inside this one, made if missing, for a dotted
    /// key's path (`a` and `b` of `a.b.c = 1`).
    fn dotted_child(&mut self, key: &Key<'t>) -> Option<&mut Open<'t>> {
        let node = match self.position(&key.name) {
            Some(index) => &mut self.entries[index].node,
            None => self.insert(key.clone(), Node::Table(Open::implicit(key, true)))?,
        };
        match node {
            // A table defined by a header cannot be extended with dotted keys.
            Node::Table(table) if table.implicit => {
                table.dotted = true;
                Some(table)
            }
            // toml lets a dotted key reach into the last [[table]] in some
            // cases; rare enough to leave to it.
            _ => None,
        }
    }

    /// The table `key` names inside this one, made if missing, for a header's
    /// path (`a` of `[a.b]`): for `[[a]]` tables, the last one.
    fn header_child(&mut self, key: &Key<'t>) -> Option<&mut Open<'t>> {
        let node = match self.position(&key.name) {
            Some(index) => &mut self.entries[index].node,
            None => self.insert(key.clone(), Node::Table(Open::implicit(key, false)))?,
        };
        match node {
            Node::Table(table) => Some(table),
            Node::Tables { tables, .. } => tables.last_mut(),
            Node::Value(_) => None,
        }
    }

    fn into_table(self, origin: Origin) -> Table<'t> {
        Table {
            entries: self
                .entries
                .into_iter()
                .map(|slot| Entry {
                    key: slot.key,
                    key_span: slot.key_span,
                    value: slot.node.into_value(origin),
                })
                .collect(),
        }
    }

    fn into_value(self, origin: Origin) -> Value<'t> {
        let span = self.span.clone();
        Value {
            kind: Kind::Table(self.into_table(origin)),
            span,
            origin,
        }
    }
}

impl<'t> Node<'t> {
    fn into_value(self, origin: Origin) -> Value<'t> {
        match self {
            Node::Value(value) => value,
            Node::Table(table) => table.into_value(origin),
            Node::Tables { span, tables } => Value {
                kind: Kind::Array(
                    tables
                        .into_iter()
                        .map(|table| table.into_value(origin))
                        .collect(),
                ),
                span,
                origin,
            },
        }
    }
}

/// Where the document has got to. As in toml, the table under the latest
/// header is kept apart from the root until the next header, and only then put
/// in its place: a `[a]` that comes after `[a.b]` takes over the implicit `a`
/// (keeping `b`), and is put back under its own key and span.
#[derive(Default)]
struct Document<'t> {
    root: Open<'t>,
    current: Open<'t>,
    header: Option<Header<'t>>,
}

impl<'t> Document<'t> {
    fn key_value(&mut self, path: &[Key<'t>], key: Key<'t>, value: Value<'t>) -> Option<()> {
        let mut table = &mut self.current;
        for part in path {
            table = table.dotted_child(part)?;
        }
        table.insert(key, Node::Value(value)).map(drop)
    }

    fn start_table(&mut self, header: Header<'t>) -> Option<()> {
        let mut table = Open::default();
        if !header.is_array {
            let parent = descend_header(&mut self.root, &header.path)?;
            if let Some(index) = parent.position(&header.key.name) {
                match parent.entries.swap_remove(index).node {
                    // Only a table no header or dotted key has defined yet.
                    Node::Table(existing) if existing.implicit && !existing.dotted => {
                        table = existing;
                    }
                    _ => return None,
                }
            }
        }
        table.implicit = false;
        table.dotted = false;
        self.current = table;
        self.header = Some(header);
        Some(())
    }

    fn finish_table(&mut self) -> Option<()> {
        let mut table = std::mem::take(&mut self.current);
        let Some(header) = self.header.take() else {
            // The keys before the first header are the root's.
            self.root = table;
            return Some(());
        };
        table.span = header.span.clone();
        let parent = descend_header(&mut self.root, &header.path)?;
        if !header.is_array {
            return parent.insert(header.key, Node::Table(table)).map(drop);
        }
        let node = match parent.position(&header.key.name) {
            Some(index) => &mut parent.entries[index].node,
            None => parent.insert(
                header.key,
                Node::Tables {
                    span: header.span,
                    tables: Vec::new(),
                },
            )?,
        };
        match node {
            Node::Tables { tables, .. } => {
                tables.push(table);
                Some(())
            }
            _ => None,
        }
    }
}

fn descend_header<'a, 't>(
    mut table: &'a mut Open<'t>,
    path: &[Key<'t>],
) -> Option<&'a mut Open<'t>> {
    for part in path {
        table = table.header_child(part)?;
    }
    Some(table)
}

/// `1*( ALPHA / DIGIT / "-" / "_" )`: a valid unquoted key.
fn is_bare_key(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_bare_key_byte)
}

/// `ALPHA / DIGIT / "-" / "_"`: a byte of an unquoted key (also for `plain`).
pub(super) fn is_bare_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// `basic-unescaped` in the TOML grammar: a byte a basic string may hold
/// without an escape (also for `plain`).
pub(super) fn is_basic_unescaped(b: u8) -> bool {
    matches!(b, b'\t' | b' ' | 0x21 | 0x23..=0x5B | 0x5D..=0x7E | 0x80..=0xFF)
}

/// What the decoder would make of the two forms most values take, a decimal
/// integer with no sign or underscores (`5700`) and a basic string with no
/// escapes (`"GBP"`), at a fraction of the cost; `None` for anything else,
/// valid or not.
fn plain_scalar(text: &str, encoding: Option<Encoding>) -> Option<Kind<'_>> {
    match encoding {
        None => {
            let bytes = text.as_bytes();
            let decimal =
                matches!(bytes, [b'0'] | [b'1'..=b'9', ..]) && bytes.iter().all(u8::is_ascii_digit);
            decimal.then_some(Kind::Integer {
                literal: Cow::Borrowed(text),
                radix: 10,
            })
        }
        Some(Encoding::BasicString) => {
            let inner = text.strip_prefix('"')?.strip_suffix('"')?;
            let unescaped = inner.bytes().all(is_basic_unescaped);
            unescaped.then_some(Kind::String(Cow::Borrowed(inner)))
        }
        _ => None,
    }
}

/// A key whose value is being read: its path and last part.
type Assigning<'t> = Option<(Vec<Key<'t>>, Key<'t>)>;

/// Builds the tree as the parser finds things, with no list of events in
/// between (toml collects one, then walks it).
///
/// It also does what toml's `ValidateWhitespace` and `RecursionGuard` do
/// between the parser and its tree, so as to refuse what they refuse. Events
/// it does not expect, which the parser only sends after reporting an error,
/// make it decline.
struct Builder<'t> {
    source: Source<'t>,
    bom: usize,
    origin: Origin,
    /// Set on anything unexpected or not handled; the rest is then ignored.
    declined: bool,
    document: Document<'t>,
    /// The key being read, part by part: the parts before the last, and the last.
    path: Vec<Key<'t>>,
    key: Option<Key<'t>>,
    /// Where the header being read starts, and whether it is `[[...]]`.
    header: Option<(usize, bool)>,
    /// The key of the top-level `key = value` whose value is being read.
    assigning: Assigning<'t>,
    /// The arrays and inline tables being read, innermost last.
    nested: Vec<Nested<'t>>,
}

enum Nested<'t> {
    Array {
        start: usize,
        values: Vec<Value<'t>>,
    },
    InlineTable {
        start: usize,
        table: Open<'t>,
        assigning: Assigning<'t>,
    },
}

impl<'t> Builder<'t> {
    fn finish(mut self) -> Option<Table<'t>> {
        let unfinished = self.header.is_some()
            || self.assigning.is_some()
            || self.key.is_some()
            || !self.nested.is_empty();
        if self.declined || unfinished {
            return None;
        }
        self.document.finish_table()?;
        Some(self.document.root.into_table(self.origin))
    }

    fn span(&self, start: usize, end: usize) -> Span {
        start + self.bom..end + self.bom
    }

    fn raw(&self, span: toml_parser::Span, encoding: Option<Encoding>) -> Option<Raw<'t>> {
        let text = self.source.input().get(span.start()..span.end())?;
        Some(Raw::new_unchecked(text, encoding, span))
    }

    /// Runs a step that returns `None` when the document is not one to
    /// answer for.
    fn attempt(&mut self, step: impl FnOnce(&mut Self) -> Option<()>) {
        if !self.declined && step(self).is_none() {
            self.declined = true;
        }
    }

    /// The key just read, dotted or not.
    fn take_key(&mut self) -> Option<(Vec<Key<'t>>, Key<'t>)> {
        let key = self.key.take()?;
        let path = std::mem::take(&mut self.path);
        if path.len() >= DEPTH_LIMIT as usize {
            return None;
        }
        Some((path, key))
    }

    fn read_key(
        &self,
        span: toml_parser::Span,
        encoding: Option<Encoding>,
        error: &mut dyn ErrorSink,
    ) -> Option<Key<'t>> {
        let raw = self.raw(span, encoding)?;
        let text = raw.as_str();
        let name = if encoding.is_none() && is_bare_key(text) {
            // What the decoder would give (the text, borrowed), at a fraction
            // of the cost: most keys are bare.
            Cow::Borrowed(text)
        } else {
            // Starts borrowed and stays so unless an escape had to be
            // decoded, exactly as in toml.
            let mut name = Cow::Borrowed("");
            raw.decode_key(&mut name, error);
            name
        };
        Some(Key {
            name,
            span: self.span(span.start(), span.end()),
        })
    }

    fn read_scalar(
        &self,
        span: toml_parser::Span,
        encoding: Option<Encoding>,
        error: &mut dyn ErrorSink,
    ) -> Option<Value<'t>> {
        let raw = self.raw(span, encoding)?;
        if let Some(kind) = plain_scalar(raw.as_str(), encoding) {
            return Some(Value {
                kind,
                span: self.span(span.start(), span.end()),
                origin: self.origin,
            });
        }
        let mut decoded = Cow::Borrowed("");
        // Numbers keep the text as written, not toml's normalised digits, for
        // messages and exact decimals (as the fallback's converter does).
        let as_written = || Some(raw.as_str().trim()).filter(|text| !text.is_empty());
        let kind = match raw.decode_scalar(&mut decoded, error) {
            ScalarKind::String => Kind::String(decoded),
            ScalarKind::Boolean(value) => Kind::Boolean(value),
            ScalarKind::DateTime => Kind::Datetime(decoded.parse::<Datetime>().ok()?),
            ScalarKind::Float => Kind::Float(Cow::Borrowed(as_written()?)),
            ScalarKind::Integer(radix) => Kind::Integer {
                literal: Cow::Borrowed(as_written()?),
                radix: radix.value(),
            },
        };
        Some(Value {
            kind,
            span: self.span(span.start(), span.end()),
            origin: self.origin,
        })
    }

    /// A complete value: into the array or inline table being read, or under
    /// the top-level key being assigned.
    fn add(&mut self, value: Value<'t>) -> Option<()> {
        match self.nested.last_mut() {
            Some(Nested::Array { values, .. }) => {
                values.push(value);
                Some(())
            }
            Some(Nested::InlineTable {
                table, assigning, ..
            }) => {
                let (path, key) = assigning.take()?;
                // Inside an inline table the only tables that can be
                // extended are those its own dotted keys made.
                let mut parent = table;
                for part in &path {
                    parent = parent.dotted_child(part)?;
                }
                parent.insert(key, Node::Value(value)).map(drop)
            }
            None => {
                let (path, key) = self.assigning.take()?;
                self.document.key_value(&path, key, value)
            }
        }
    }

    fn open_header(&mut self, span: toml_parser::Span, is_array: bool) -> Option<()> {
        if !self.nested.is_empty() || self.assigning.is_some() || self.header.is_some() {
            return None;
        }
        self.document.finish_table()?;
        self.header = Some((span.start(), is_array));
        Some(())
    }

    fn close_header(&mut self, span: toml_parser::Span, is_array: bool) -> Option<()> {
        let (start, opened_as_array) = self.header.take()?;
        if opened_as_array != is_array {
            return None;
        }
        let (path, key) = self.take_key()?;
        let span = self.span(start, span.end());
        self.document.start_table(Header {
            path,
            key,
            span,
            is_array,
        })
    }

    /// Starts an array or inline table, unless nested deeper than toml allows.
    fn open(&mut self, nested: Nested<'t>) -> bool {
        self.attempt(|builder| {
            (builder.nested.len() < DEPTH_LIMIT as usize).then(|| builder.nested.push(nested))
        });
        // Declining also spares the parser reading what is inside.
        !self.declined
    }
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.attempt(|builder| builder.open_header(span, false));
    }

    fn std_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.attempt(|builder| builder.close_header(span, false));
    }

    fn array_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.attempt(|builder| builder.open_header(span, true));
    }

    fn array_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.attempt(|builder| builder.close_header(span, true));
    }

    fn inline_table_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) -> bool {
        self.open(Nested::InlineTable {
            start: span.start(),
            table: Open::default(),
            assigning: None,
        })
    }

    fn inline_table_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.attempt(|builder| match builder.nested.pop()? {
            Nested::InlineTable {
                start,
                mut table,
                assigning: None,
            } => {
                table.span = builder.span(start, span.end());
                let value = table.into_value(builder.origin);
                builder.add(value)
            }
            _ => None,
        });
    }

    fn array_open(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) -> bool {
        self.open(Nested::Array {
            start: span.start(),
            values: Vec::new(),
        })
    }

    fn array_close(&mut self, span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.attempt(|builder| match builder.nested.pop()? {
            Nested::Array { start, values } => {
                let value = Value {
                    kind: Kind::Array(values),
                    span: builder.span(start, span.end()),
                    origin: builder.origin,
                };
                builder.add(value)
            }
            Nested::InlineTable { .. } => None,
        });
    }

    fn simple_key(
        &mut self,
        span: toml_parser::Span,
        encoding: Option<Encoding>,
        error: &mut dyn ErrorSink,
    ) {
        self.attempt(|builder| {
            let key = builder.read_key(span, encoding, error)?;
            // The parser has checked that a `.` came between the parts.
            if let Some(previous) = builder.key.replace(key) {
                builder.path.push(previous);
            }
            Some(())
        });
    }

    fn key_val_sep(&mut self, _span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.attempt(|builder| {
            let key = Some(builder.take_key()?);
            match builder.nested.last_mut() {
                None => builder.assigning = key,
                Some(Nested::InlineTable { assigning, .. }) => *assigning = key,
                Some(Nested::Array { .. }) => return None,
            }
            Some(())
        });
    }

    fn scalar(
        &mut self,
        span: toml_parser::Span,
        encoding: Option<Encoding>,
        error: &mut dyn ErrorSink,
    ) {
        self.attempt(|builder| {
            let value = builder.read_scalar(span, encoding, error)?;
            builder.add(value)
        });
    }

    // What toml's `ValidateWhitespace` checks (whitespace needs no check).
    fn comment(&mut self, span: toml_parser::Span, error: &mut dyn ErrorSink) {
        if let Some(raw) = self.raw(span, None) {
            raw.decode_comment(error);
        }
    }

    fn newline(&mut self, span: toml_parser::Span, error: &mut dyn ErrorSink) {
        if let Some(raw) = self.raw(span, None) {
            raw.decode_newline(error);
        }
    }

    fn error(&mut self, _span: toml_parser::Span, _error: &mut dyn ErrorSink) {
        self.declined = true;
    }
}

#[cfg(test)]
mod tests {
    //! The decoder shortcuts; whole documents are tested against toml in
    //! `document/tests.rs`.

    use proptest::prelude::*;
    use toml_parser::decoder::IntegerRadix;

    use super::*;

    proptest! {
        #[test]
        fn bare_keys_are_what_the_decoder_makes_of_them(text in "[a-zA-Z0-9_é. -]{0,6}") {
            let span = toml_parser::Span::new_unchecked(0, text.len());
            let raw = toml_parser::Raw::new_unchecked(&text, None, span);
            let mut decoded = Cow::Borrowed("");
            let mut errors = Errors::default();
            raw.decode_key(&mut decoded, &mut errors);
            if is_bare_key(&text) {
                prop_assert!(!errors.any);
                prop_assert!(matches!(decoded, Cow::Borrowed(key) if key == text));
            } else {
                prop_assert!(errors.any);
            }
        }

        #[test]
        fn plain_scalars_are_what_the_decoder_makes_of_them(
            text in prop_oneof![
                "[0-9]{0,5}",
                "[-+0-9_.ex]{0,5}",
                "\"[ -~\t\u{0}-\u{1f}\u{7f}é]{0,5}\"",
                "\"[a \t\u{0}\u{1}\u{8}\n\r\u{1f}\u{7f}!#\\[\\]~]{0,3}\"",
                "\"[a-z\"\\\\]{0,3}\"?",
                ".{0,5}",
            ],
        ) {
            let encoding = text.starts_with('"').then_some(Encoding::BasicString);
            let span = toml_parser::Span::new_unchecked(0, text.len());
            let raw = Raw::new_unchecked(&text, encoding, span);
            let mut decoded = Cow::Borrowed("");
            let mut errors = Errors::default();
            let decoded_kind = raw.decode_scalar(&mut decoded, &mut errors);
            match plain_scalar(&text, encoding) {
                Some(Kind::Integer { literal, radix: 10 }) => {
                    prop_assert!(!errors.any);
                    prop_assert_eq!(decoded_kind, ScalarKind::Integer(IntegerRadix::Dec));
                    prop_assert_eq!(literal, text.as_str());
                }
                Some(Kind::String(plain)) => {
                    prop_assert!(!errors.any);
                    prop_assert_eq!(decoded_kind, ScalarKind::String);
                    prop_assert!(matches!(decoded, Cow::Borrowed(d) if d == plain));
                }
                Some(other) => prop_assert!(false, "{:?}", other),
                // Anything else goes through the decoder, valid or not.
                None => {}
            }
        }
    }
}
