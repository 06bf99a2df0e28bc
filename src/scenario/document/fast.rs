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
The tests check that on every shipped file and on random documents.

Which keys and tables may be defined where follows toml's own tree builder
(`toml::de::parser::document`), flag for flag, rather than the TOML
specification's wording: agreeing with the fallback is what matters, and where
this module is unsure it returns `None`, so the fallback decides.
*/

use std::borrow::Cow;

use toml_parser::decoder::ScalarKind;
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Source};

use super::{Datetime, Entry, Kind, Origin, Span, Table, Value};

/// toml's nesting limit (`LIMIT` in `toml::de::parser`) for arrays, inline
/// tables and the parts of a dotted key: anything deeper is an error there, so
/// it must not be accepted here.
const DEPTH_LIMIT: u32 = 80;

/// Keys are found in a table by a linear scan, which is quick for the dozen
/// keys of a scenario table but quadratic in general; a larger table is left
/// to the fallback, whose tables are hash maps.
const MAX_TABLE_LEN: usize = 256;

/// The tree of `body` (the text after any byte-order mark of `bom` bytes, which
/// spans still count), or `None` if the fallback must parse it: see the module
/// documentation.
pub(super) fn parse_valid(body: &str, bom: usize, origin: Origin) -> Option<Table<'_>> {
    let source = Source::new(body);
    let tokens = source.lex().into_vec();
    let mut events = Vec::with_capacity(tokens.len());
    let mut errors = Errors::default();
    // The same receivers as toml's own parse, so the same documents are refused.
    let mut whitespace = ValidateWhitespace::new(&mut events, source);
    let mut guard = RecursionGuard::new(&mut whitespace, DEPTH_LIMIT);
    toml_parser::parser::parse_document(&tokens, &mut guard, &mut errors);
    if errors.any {
        return None;
    }
    let mut reader = Reader {
        source,
        events: events.iter(),
        bom,
        origin,
        errors,
    };
    let table = reader.document()?;
    // Keys and strings are decoded as they are read; an error in one is only
    // known at the end.
    (!reader.errors.any).then_some(table)
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

/// Reads the event stream of a document the parser found no error in, so
/// events come in the order the grammar allows.
struct Reader<'e, 't> {
    source: Source<'t>,
    events: std::slice::Iter<'e, Event>,
    bom: usize,
    origin: Origin,
    errors: Errors,
}

impl<'t> Reader<'_, 't> {
    /// The next event that is not whitespace, a comment or a newline (the
    /// parser has checked those are where they may be).
    fn next(&mut self) -> Option<Event> {
        self.events.by_ref().copied().find(|event| {
            !matches!(
                event.kind(),
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline
            )
        })
    }

    fn span(&self, span: toml_parser::Span) -> Span {
        span.start() + self.bom..span.end() + self.bom
    }

    fn document(&mut self) -> Option<Table<'t>> {
        let mut document = Document::default();
        while let Some(event) = self.next() {
            match event.kind() {
                EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                    document.finish_table()?;
                    let header = self.header(event)?;
                    document.start_table(header)?;
                }
                EventKind::SimpleKey => {
                    let (path, key, value) = self.key_value(event)?;
                    document.key_value(&path, key, value)?;
                }
                _ => return None,
            }
        }
        document.finish_table()?;
        Some(document.root.into_table(self.origin))
    }

    fn header(&mut self, open: Event) -> Option<Header<'t>> {
        let is_array = open.kind() == EventKind::ArrayTableOpen;
        let first = self.next()?;
        if first.kind() != EventKind::SimpleKey {
            return None;
        }
        let (path, key, close) = self.key(first)?;
        let expected = match is_array {
            true => EventKind::ArrayTableClose,
            false => EventKind::StdTableClose,
        };
        if close.kind() != expected {
            return None;
        }
        Some(Header {
            path,
            key,
            span: self.span(open.span().append(close.span())),
            is_array,
        })
    }

    /// `key = value`, from its first key event on.
    fn key_value(&mut self, first: Event) -> Option<(Vec<Key<'t>>, Key<'t>, Value<'t>)> {
        let (path, key, separator) = self.key(first)?;
        if separator.kind() != EventKind::KeyValSep {
            return None;
        }
        let event = self.next()?;
        let value = self.value(event)?;
        Some((path, key, value))
    }

    /// A key, dotted or not: its path, its last part, and the event after it.
    fn key(&mut self, first: Event) -> Option<(Vec<Key<'t>>, Key<'t>, Event)> {
        let mut path = Vec::new();
        let mut key = self.simple_key(first)?;
        loop {
            let event = self.next()?;
            if event.kind() != EventKind::KeySep {
                if path.len() >= DEPTH_LIMIT as usize {
                    return None;
                }
                return Some((path, key, event));
            }
            let part = self.next()?;
            if part.kind() != EventKind::SimpleKey {
                return None;
            }
            let part = self.simple_key(part)?;
            path.push(std::mem::replace(&mut key, part));
        }
    }

    fn simple_key(&mut self, event: Event) -> Option<Key<'t>> {
        let raw = self.source.get(event)?;
        // Starts borrowed and stays so unless an escape had to be decoded,
        // exactly as in toml.
        let mut name = Cow::Borrowed("");
        raw.decode_key(&mut name, &mut self.errors);
        Some(Key {
            name,
            span: self.span(event.span()),
        })
    }

    fn value(&mut self, event: Event) -> Option<Value<'t>> {
        match event.kind() {
            EventKind::Scalar => self.scalar(event),
            EventKind::ArrayOpen => self.array(event),
            EventKind::InlineTableOpen => self.inline_table(event),
            _ => None,
        }
    }

    fn scalar(&mut self, event: Event) -> Option<Value<'t>> {
        let raw = self.source.get(event)?;
        let mut decoded = Cow::Borrowed("");
        // Numbers keep the text as written, not toml's normalised digits, for
        // messages and exact decimals (as the fallback's converter does).
        let as_written = || Some(raw.as_str().trim()).filter(|text| !text.is_empty());
        let kind = match raw.decode_scalar(&mut decoded, &mut self.errors) {
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
            span: self.span(event.span()),
            origin: self.origin,
        })
    }

    fn array(&mut self, open: Event) -> Option<Value<'t>> {
        let mut values = Vec::new();
        loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::ArrayClose => {
                    return Some(Value {
                        kind: Kind::Array(values),
                        span: self.span(open.span().append(event.span())),
                        origin: self.origin,
                    });
                }
                EventKind::ValueSep => {}
                _ => values.push(self.value(event)?),
            }
        }
    }

    fn inline_table(&mut self, open: Event) -> Option<Value<'t>> {
        let mut table = Open::default();
        loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::InlineTableClose => {
                    table.span = self.span(open.span().append(event.span()));
                    return Some(table.into_value(self.origin));
                }
                EventKind::ValueSep => {}
                EventKind::SimpleKey => {
                    let (path, key, value) = self.key_value(event)?;
                    // Inside an inline table the only tables that can be
                    // extended are those its own dotted keys made.
                    let mut parent = &mut table;
                    for part in &path {
                        parent = parent.dotted_child(part)?;
                    }
                    parent.insert(key, Node::Value(value))?;
                }
                _ => return None,
            }
        }
    }
}
