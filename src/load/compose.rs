/*!
A scenario from more than one text: `extends = "base.toml"` and `--set PATH=VALUE`.

[`compose`] parses a scenario file into its [`Table`], merges the chain of files
it extends beneath it (the child wins), grafts each `--set` override on top, and
only then hands the tree to the reader (`parse::read`), so a value from a parent
file or the command line is validated exactly like one written in the file, and
a problem with it is reported in the text it came from.

Merging rules (also in docs/scenario-format.md):
- a key in the child replaces the parent's; tables such as `[outcomes]` merge key
  by key;
- a child `[[cost]]` with the same `item` as a parent's line replaces that line,
  others are added after the parent's; the same for `[[legal]]` by `date` and
  `court`, and `[[source]]` by `id`.
*/

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::document::{self, Entry, Kind, Origin, Span, Table, Value};
use super::parse::{self, Provenance, syntax_diagnostics};
use crate::diagnostic::{Diagnostic, RelatedText, TextKind, closest};
use crate::model::Scenario;

/// How many files an `extends` chain may have: enough for any real layering,
/// and a clear error rather than a stack overflow for a runaway one.
pub const MAX_EXTENDS_DEPTH: usize = 32;

/// One `--set PATH=VALUE`, parsed once and applied to every scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The option it was given with, for messages: `--set`, or `--vary` for
    /// the values `sweep` and `breakeven` try.
    pub flag: &'static str,
    /// The argument as typed, `PATH=VALUE`; spans point into it.
    pub argument: String,
    pub path: Vec<Step>,
    /// The value, parsed as TOML (or taken as text when it is not TOML);
    /// `None` for an empty VALUE, which removes the key.
    pub value: Option<Value<'static>>,
}

/// One step of an override path: a key, or a 1-based element of a list.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key { name: String, span: Span },
    Element { number: usize, span: Span },
}

impl Override {
    /// Parses `PATH=VALUE`, where PATH is keys joined by dots with `[N]` for the
    /// Nth line of a list (`cost[1].amount`). The error says what is wrong.
    pub fn parse(argument: &str) -> Result<Override, String> {
        let Some((path_text, value_text)) = argument.split_once('=') else {
            return Err(format!(
                "`{argument}` has no `=`: write PATH=VALUE, such as outcomes.removals=600"
            ));
        };
        let path = parse_path(path_text)?;
        if let [Step::Key { name, .. }] = &path[..]
            && name == "extends"
        {
            // Overrides apply to the merged scenario, after `extends` is followed.
            return Err(
                "`extends` cannot be set with --set: a scenario's parent is read before \
                 any --set applies; edit the `extends` line in the file (or write a new file \
                 with `extends = \"...\"`; `costcalc new FILE --from NAME` copies a shipped \
                 scenario)"
                    .into(),
            );
        }
        if value_text.trim().is_empty()
            && let Some(Step::Element { number, .. }) = path.last()
        {
            let line = path_text.trim();
            return Err(format!(
                "`{argument}` has no value: give the whole line as a table, such as \
                 {line}={{item=\"Flights\",amount=25000,basis=\"fixed\"}}, or set one of its \
                 keys, such as {line}.amount=0; a line cannot be removed with --set (to \
                 leave line {number} out, delete it in a copy of the file)"
            ));
        }
        let value_start = path_text.len() + 1;
        // A share may be given as a percentage on the command line, as with
        // every option that takes one (`--target utilization=50%`): TOML has no
        // `%`, so the value becomes the fraction before it is read. Elsewhere
        // the `%` stays, and the reader explains it.
        let share = value_text.trim_end().ends_with('%')
            && super::Address::parse(path_text)
                .is_ok_and(|address| address.field.unit() == super::number::Unit::Share);
        let fraction = share
            .then(|| super::number::typed(value_text, super::number::Unit::Share).ok())
            .flatten();
        let value = (!value_text.trim().is_empty()).then(|| {
            let start = value_start + leading_spaces(value_text);
            match fraction {
                Some(fraction) => Value {
                    span: start..start + value_text.trim().len(),
                    ..parse_value(&fraction.to_string(), start)
                },
                None => parse_value(value_text.trim(), start),
            }
        });
        Ok(Override {
            flag: "--set",
            argument: argument.to_string(),
            path,
            value,
        })
    }

    /// An override of `path` with a value given as TOML text: `sweep` and
    /// `breakeven` make these for each value they try.
    pub fn vary(path: &str, value: &str) -> Result<Override, String> {
        let mut set = Override::parse(&format!("{path}={value}"))?;
        set.flag = "--vary";
        Ok(set)
    }

    /// The path as typed (`cost[1].amount`).
    pub fn path_text(&self) -> &str {
        self.argument
            .split_once('=')
            .map_or(self.argument.as_str(), |(path, _)| path.trim())
    }
}

fn leading_spaces(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

fn parse_path(text: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let bytes = text.as_bytes();
    let mut i = leading_spaces(text);
    let end = text.trim_end().len();
    let bad = |why: &str| {
        format!(
            "`{text}` is not a path: {why}; write keys joined by dots, with [N] for the Nth \
             line of a list, such as outcomes.removals or cost[1].amount"
        )
    };
    while i < end {
        let start = i;
        while i < end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
        {
            i += 1;
        }
        if i == start {
            return Err(bad("a key is missing"));
        }
        steps.push(Step::Key {
            name: text[start..i].to_string(),
            span: start..i,
        });
        while i < end && bytes[i] == b'[' {
            let open = i;
            let close = text[open..end]
                .find(']')
                .map(|offset| open + offset)
                .ok_or_else(|| bad("a `[` is not closed"))?;
            let number: usize = text[open + 1..close]
                .trim()
                .parse()
                .map_err(|_| bad("the line number in [..] is not a whole number"))?;
            steps.push(Step::Element {
                number,
                span: open..close + 1,
            });
            i = close + 1;
            if i < end && bytes[i] == b'[' {
                let name = &text[start..open];
                return Err(bad(&format!(
                    "`{}` after `{}` would be a second line number, but a line of `{name}` \
                     is a table, reached by its keys (`{}.amount`)",
                    &text[i..end]
                        .split(']')
                        .next()
                        .map_or(String::new(), |s| format!("{s}]")),
                    text[start..i].trim(),
                    text[start..i].trim()
                )));
            }
        }
        if i < end {
            if bytes[i] != b'.' {
                return Err(bad(&format!(
                    "unexpected `{}`",
                    &text[i..].chars().next().unwrap_or(' ')
                )));
            }
            i += 1;
            if i == end {
                return Err(bad("it ends with a dot"));
            }
        }
    }
    if steps.is_empty() {
        return Err(bad("it is empty"));
    }
    Ok(steps)
}

/// The value of an override as TOML (`600`, `0.4`, `"text"`, `2024-07-22`), or,
/// when it is not valid TOML, as text: shells strip quotes, so
/// `--set status=hypothetical` means the text "hypothetical".
fn parse_value(text: &str, offset: usize) -> Value<'static> {
    const KEY: &str = "v = ";
    let wrapped = format!("{KEY}{text}");
    let (mut table, errors) = document::parse(&wrapped, Origin::FILE);
    let parsed = match table.remove("v") {
        Some(entry) if errors.is_empty() && table.entries.is_empty() => Some(entry.value),
        _ => None,
    };
    match parsed {
        Some(value) => {
            let mut value = value.into_owned();
            shift(&mut value, offset as isize - KEY.len() as isize);
            value
        }
        None => Value {
            kind: Kind::String(Cow::Owned(text.to_string())),
            span: offset..offset + text.len(),
            origin: Origin::FILE,
        },
    }
}

fn shift(value: &mut Value, by: isize) {
    let moved = |at: usize| at.saturating_add_signed(by);
    value.span = moved(value.span.start)..moved(value.span.end);
    match &mut value.kind {
        Kind::Array(values) => values.iter_mut().for_each(|v| shift(v, by)),
        Kind::Table(table) => {
            for entry in &mut table.entries {
                entry.key_span = moved(entry.key_span.start)..moved(entry.key_span.end);
                shift(&mut entry.value, by);
            }
        }
        _ => {}
    }
}

/// A scenario read from a file, the files it extends and the overrides.
#[derive(Debug)]
pub struct Composed {
    pub scenario: Scenario,
    /// Values that did not come from the file itself.
    pub provenance: Provenance,
    /// The texts besides the file, numbered from [`Origin`] 1.
    pub related: Vec<RelatedText>,
    /// Odd figures, worth a look but no reason to refuse the scenario.
    pub warnings: Vec<Diagnostic>,
    /// Where its dates and unsourced figures are, for `check`.
    pub review: super::review::Review,
}

/// What went wrong, with the texts the diagnostics point into.
#[derive(Debug)]
pub struct Problems {
    pub diagnostics: Vec<Diagnostic>,
    pub related: Vec<RelatedText>,
}

/// Reads a file of the `extends` chain, at a path [`parent_location`] gave.
pub type ReadParent<'r> = &'r (dyn Fn(&Path) -> Result<String, Unreadable> + Sync);

/// Why a file of an `extends` chain was not read, for a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// Such as "no such file or directory".
    pub reason: String,
    /// What to do about it, when there is more to say than where `extends`
    /// paths start from.
    pub help: Option<String>,
}

impl From<&str> for Unreadable {
    fn from(reason: &str) -> Unreadable {
        Unreadable {
            reason: reason.to_string(),
            help: None,
        }
    }
}

/// How `extends` names a scenario shipped with costcalc, as the `file` column
/// shows one: `extends = "builtin:uk-rwanda.toml"`.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The path of the file that `extends = "NAME"` names, written in the file at
/// `from`, or what is wrong with NAME (the message and how to fix it).
///
/// A parent is a `.toml` file named relative to the folder of the file that
/// names it, or a built-in scenario (`builtin:NAME`, or a bare `NAME` when no
/// file of that name is beside this one: see `paths::names_a_builtin`); a built-in scenario's own `extends` names
/// other built-in ones. Whether a relative path stays inside the folders
/// costcalc may read is for the reader to say, once links are resolved.
pub fn parent_location(from: &Path, name: &str) -> Result<PathBuf, (String, String)> {
    let builtin_help = "a scenario shipped with costcalc is named by its name alone: \
                        extends = \"uk-rwanda\"";
    if name.starts_with(BUILTIN_PREFIX) {
        return Ok(PathBuf::from(name));
    }
    if from
        .as_os_str()
        .to_string_lossy()
        .starts_with(BUILTIN_PREFIX)
    {
        return Ok(PathBuf::from(format!("{BUILTIN_PREFIX}{name}")));
    }
    let written = Path::new(name);
    if written.is_absolute() || written.has_root() {
        return Err((
            format!(
                "`extends` must name a file relative to this one, not an absolute path: \"{name}\""
            ),
            format!(
                "copy the scenario next to this one and name it from here, such as \
                 extends = \"uk-rwanda.toml\" or \"../uk-rwanda.toml\"; {builtin_help}"
            ),
        ));
    }
    let beside = from.parent().unwrap_or(Path::new("")).join(name);
    // `extends = "uk-rwanda"`: a bare name that is no file beside this one.
    if crate::load::paths::names_a_builtin(name, |_| beside.exists()) {
        return Ok(PathBuf::from(format!("{BUILTIN_PREFIX}{name}")));
    }
    if written
        .extension()
        .is_none_or(|extension| extension != "toml")
    {
        return Err((
            format!("`extends` must name a scenario file ending in .toml, found \"{name}\""),
            format!(
                "name the scenario file this one builds on, such as extends = \"uk-rwanda.toml\"; {builtin_help}"
            ),
        ));
    }
    Ok(beside)
}

/// Parses `text` (the file at `path`, if it is on disk), merges the files it
/// extends, applies `overrides` in order, and validates the result.
pub fn compose(
    text: &str,
    path: Option<&Path>,
    overrides: &[Override],
    read_parent: ReadParent,
) -> Result<Composed, Problems> {
    let (mut table, errors) = document::parse(text, Origin::FILE);
    let mut syntax = syntax_diagnostics(text, Origin::FILE, errors);
    let mut related = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut diagnostics = Vec::new();

    if table.get("extends").is_some() {
        let mut chain = Chain {
            related: &mut related,
            texts: &mut texts,
            syntax: &mut syntax,
            diagnostics: &mut diagnostics,
            read_parent,
        };
        let files = vec![path.map_or_else(|| PathBuf::from("<builtin>"), Path::to_path_buf)];
        let parent = chain.parent_of(&mut table, Origin::FILE, path, files);
        if let Some(parent) = parent {
            table = merge(parent, table);
        }
    }

    let arguments_from = next_origin(&related);
    for set in overrides {
        let origin = next_origin(&related);
        related.push(RelatedText {
            name: set.argument.clone(),
            text: set.argument.clone(),
            kind: TextKind::Argument(set.flag),
        });
        texts.push(set.argument.clone());
        if let Err(diagnostic) = apply(&mut table, set, origin) {
            diagnostics.push(diagnostic.in_origin(origin));
        }
    }

    // Problems with `extends` or a path are reported with everything the reader
    // finds in the rest, so `check` still lists every problem at once.
    let all_texts: Vec<&str> = std::iter::once(text)
        .chain(texts.iter().map(String::as_str))
        .collect();
    // A chain that could not be followed leaves out whatever its files would
    // have given, so a key missing now may well be there: the reader is told
    // not to call it missing.
    let incomplete = !diagnostics.is_empty();
    match parse::read(&table, &all_texts, syntax, incomplete, arguments_from) {
        Ok((scenario, provenance, warnings, review)) if diagnostics.is_empty() => Ok(Composed {
            scenario,
            provenance,
            related,
            warnings,
            review,
        }),
        Ok(_) => Err(Problems {
            diagnostics,
            related,
        }),
        Err(more) => {
            diagnostics.extend(more);
            Err(Problems {
                diagnostics,
                related,
            })
        }
    }
}

fn next_origin(related: &[RelatedText]) -> Origin {
    Origin(u16::try_from(related.len() + 1).unwrap_or(u16::MAX))
}

/// The state of following an `extends` chain.
struct Chain<'c, 'r> {
    related: &'c mut Vec<RelatedText>,
    texts: &'c mut Vec<String>,
    syntax: &'c mut Vec<Diagnostic>,
    diagnostics: &'c mut Vec<Diagnostic>,
    read_parent: ReadParent<'r>,
}

impl Chain<'_, '_> {
    /// Takes `extends` out of `table` (written in `origin`, the file at `path`)
    /// and returns the merged tree of the files it names, or `None` after
    /// reporting why there is none. `files` is the chain so far, child first.
    fn parent_of(
        &mut self,
        table: &mut Table,
        origin: Origin,
        path: Option<&Path>,
        mut files: Vec<PathBuf>,
    ) -> Option<Table<'static>> {
        let entry = table.remove("extends")?;
        let place = entry.value.span.clone();
        let report = |message: String, help: String| {
            Diagnostic::at(place.clone(), message)
                .in_origin(origin)
                .with_help(help)
        };
        let Kind::String(name) = &entry.value.kind else {
            self.diagnostics.push(report(
                format!(
                    "`extends` must be text in quotes, found {}",
                    entry.value.describe()
                ),
                "name the scenario file this one builds on: extends = \"uk-rwanda.toml\"".into(),
            ));
            return None;
        };
        let Some(path) = path else {
            self.diagnostics.push(report(
                "`extends` can only be followed from a scenario read from a file".into(),
                "save the scenario to a file and read it from there".into(),
            ));
            return None;
        };
        // Relative to the file that says it, as a person reading it expects.
        let parent_path = match parent_location(path, name) {
            Ok(parent_path) => parent_path,
            Err((message, help)) => {
                self.diagnostics.push(report(message, help));
                return None;
            }
        };
        let chain_text = |files: &[PathBuf], last: &Path| {
            files
                .iter()
                .map(|f| f.display().to_string())
                .chain(std::iter::once(last.display().to_string()))
                .collect::<Vec<_>>()
                .join(" → ")
        };
        let same_file = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if files.iter().any(|f| same_file(f, &parent_path)) {
            self.diagnostics.push(report(
                format!(
                    "`extends` goes round in a circle: {}",
                    chain_text(&files, &parent_path)
                ),
                "a scenario cannot extend itself, directly or through other files; remove one \
                 `extends` from the circle"
                    .into(),
            ));
            return None;
        }
        if files.len() >= MAX_EXTENDS_DEPTH {
            self.diagnostics.push(report(
                format!(
                    "the `extends` chain is longer than {MAX_EXTENDS_DEPTH} files: {}",
                    chain_text(&files, &parent_path)
                ),
                "merge some of the files in the chain".into(),
            ));
            return None;
        }
        let text = match (self.read_parent)(&parent_path) {
            Ok(text) => text,
            Err(Unreadable { reason, help }) => {
                let help = help.unwrap_or_else(|| {
                    format!(
                        "`extends` is relative to the folder of the file it is in ({})",
                        path.parent()
                            .filter(|p| !p.as_os_str().is_empty())
                            .map_or(".".into(), |p| p.display().to_string()),
                    )
                });
                self.diagnostics.push(report(
                    format!(
                        "cannot read {}, which this scenario extends: {reason}",
                        parent_path.display()
                    ),
                    format!("{help}; chain: {}", chain_text(&files, &parent_path)),
                ));
                return None;
            }
        };
        let parent_origin = next_origin(self.related);
        self.related.push(RelatedText {
            name: parent_path.display().to_string(),
            text: text.clone(),
            kind: TextKind::Parent,
        });
        self.texts.push(text);
        let text = self.texts.last().map_or("", String::as_str);
        let (parent, errors) = document::parse(text, parent_origin);
        self.syntax
            .extend(syntax_diagnostics(text, parent_origin, errors));
        let mut parent = parent.into_owned();
        files.push(parent_path.clone());
        if parent.get("extends").is_some() {
            let grandparent = self.parent_of(&mut parent, parent_origin, Some(&parent_path), files);
            if let Some(grandparent) = grandparent {
                parent = merge(grandparent, parent);
            }
        }
        Some(parent)
    }
}

/// The keys that identify a line of each list, for merging.
const LIST_IDENTITY: [(&str, &[&str]); 3] = [
    ("cost", &["item"]),
    ("legal", &["date", "court"]),
    ("source", &["id"]),
];

/// `child` over `parent`.
///
/// Only the document's own tables (`[outcomes]`, `[baseline]`) merge key by
/// key; a table inside one of them (an inline distribution such as
/// `planned = { low = 150, high = 250 }`) replaces the parent's whole, or a
/// lognormal could silently inherit `dist = "normal"`.
///
/// A child that names itself without a `short_name` does not inherit its
/// parent's: the parent's short label in a table would pass the variant off
/// as the original deal.
fn merge<'t>(mut parent: Table<'t>, child: Table<'t>) -> Table<'t> {
    let has = |key: &str| child.entries.iter().any(|entry| entry.key == key);
    if has("name") && !has("short_name") {
        parent.remove("short_name");
    }
    merge_at(parent, child, true)
}

fn merge_at<'t>(parent: Table<'t>, child: Table<'t>, top: bool) -> Table<'t> {
    let mut merged = parent;
    for entry in child.entries {
        let Some(existing) = merged.get_mut(&entry.key) else {
            merged.entries.push(entry);
            continue;
        };
        let identity = LIST_IDENTITY
            .iter()
            .find(|(list, _)| *list == entry.key)
            .map(|(_, keys)| *keys);
        match (&mut existing.kind, entry.value.kind, identity) {
            (Kind::Table(base), Kind::Table(over), _) if top => {
                let base = std::mem::take(base);
                existing.kind = Kind::Table(merge_at(base, over, false));
            }
            (Kind::Array(base), Kind::Array(over), Some(keys)) => merge_lines(base, over, keys),
            (_, kind, _) => {
                merged.insert(Entry {
                    key: entry.key,
                    key_span: entry.key_span,
                    value: Value {
                        kind,
                        span: entry.value.span,
                        origin: entry.value.origin,
                    },
                });
            }
        }
    }
    merged
}

/// Each of `over` replaces the first line of `base` with the same identity
/// (`keys`), or is added at the end; a later line of `over` may so replace an
/// earlier one.
///
/// Lines are found through an index by identity rather than by searching
/// `base`: a child of a parent with 100,000 lines would otherwise compare
/// 10¹⁰ pairs.
fn merge_lines<'t>(base: &mut Vec<Value<'t>>, over: Vec<Value<'t>>, keys: &[&str]) {
    // Identity → the positions in `base` of lines that may have it, in order.
    // Lines equal by `same_line` have equal keys here; `same_line` still has
    // the last word.
    let mut index: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for (position, line) in base.iter().enumerate() {
        if let Some(identity) = identity(line, keys) {
            index.entry(identity).or_default().push(position);
        }
    }
    for line in over {
        let Some(identity) = identity(&line, keys) else {
            // Without every identity key a line matches nothing.
            base.push(line);
            continue;
        };
        let positions = index.entry(identity).or_default();
        match positions
            .iter()
            .find(|&&p| same_line(&base[p], &line, keys))
        {
            Some(&p) => base[p] = line,
            None => {
                positions.push(base.len());
                base.push(line);
            }
        }
    }
}

/// The values of a line's identity keys, as text to hash; `None` when the
/// line is not a table or lacks one of them.
fn identity(line: &Value, keys: &[&str]) -> Option<Vec<String>> {
    let Kind::Table(table) = &line.kind else {
        return None;
    };
    keys.iter()
        .map(|key| table.get(key).map(|value| format!("{:?}", value.kind)))
        .collect()
}

fn same_line(a: &Value, b: &Value, keys: &[&str]) -> bool {
    let (Kind::Table(a), Kind::Table(b)) = (&a.kind, &b.kind) else {
        return false;
    };
    keys.iter().all(|key| match (a.get(key), b.get(key)) {
        (Some(a), Some(b)) => a.kind == b.kind,
        _ => false,
    })
}

/// One step of a path as applied: a key, and the line of the list under it
/// when `[N]` follows.
struct Segment<'s> {
    name: &'s str,
    span: Span,
    element: Option<(usize, Span)>,
}

/// The path's steps grouped into segments (`cost[2]` is one segment).
fn segments(path: &[Step]) -> Vec<Segment<'_>> {
    let mut segments: Vec<Segment> = Vec::new();
    for step in path {
        match step {
            Step::Key { name, span } => segments.push(Segment {
                name,
                span: span.clone(),
                element: None,
            }),
            Step::Element { number, span } => {
                if let Some(last) = segments.last_mut() {
                    last.element = Some((*number, span.clone()));
                }
            }
        }
    }
    segments
}

/// Sets (or, for an empty value, removes) one override's value in the tree,
/// creating tables on the way; lists are only reached by line (`cost[2]`).
fn apply(table: &mut Table, set: &Override, origin: Origin) -> Result<(), Diagnostic> {
    let mut value = set.value.clone();
    if let Some(value) = &mut value {
        value.set_origin(origin);
    }
    let segments = segments(&set.path);
    let (last, walk) = segments.split_last().expect("a path has at least one step");
    let mut current = table;
    let mut walked = String::new();
    for segment in walk {
        let here = join(&walked, segment.name);
        match &segment.element {
            None => {
                if current.get(segment.name).is_none() {
                    if value.is_none() {
                        // Nothing to remove.
                        return Ok(());
                    }
                    current.entries.push(Entry {
                        key: Cow::Owned(segment.name.to_string()),
                        key_span: segment.span.clone(),
                        value: Value {
                            kind: Kind::Table(Table::default()),
                            span: segment.span.clone(),
                            origin,
                        },
                    });
                }
                let node = current
                    .get_mut(segment.name)
                    .expect("just found or inserted");
                current = table_of(node, &segment.span, &here)?;
                walked = here;
            }
            Some((number, element_span)) => {
                let node = list(current, segment, &here)?;
                let line = element(node, *number, element_span.clone(), &here)?;
                walked = format!("{here}[{number}]");
                current = table_of(line, &segment.span, &walked)?;
            }
        }
    }
    let here = join(&walked, last.name);
    match (&last.element, value) {
        (None, value) => {
            if let Some(Kind::Array(_)) = current.get(last.name).map(|v| &v.kind) {
                return Err(
                    Diagnostic::at(last.span.clone(), format!("`{here}` is a list")).with_help(
                        format!("set one line of it, numbered from 1: --set {here}[1]..."),
                    ),
                );
            }
            match value {
                Some(value) => current.insert(Entry {
                    key: Cow::Owned(last.name.to_string()),
                    key_span: last.span.clone(),
                    value,
                }),
                None => drop(current.remove(last.name)),
            }
        }
        // `cost[2]={...}` replaces the whole line; `cost[2]=` removes it.
        (Some((number, element_span)), value) => {
            let node = list(current, last, &here)?;
            let slot = element(node, *number, element_span.clone(), &here)?;
            match value {
                Some(value) => *slot = value,
                None => {
                    if let Kind::Array(lines) = &mut node.kind {
                        lines.remove(number - 1);
                    }
                }
            }
        }
    }
    Ok(())
}

fn join(walked: &str, name: &str) -> String {
    if walked.is_empty() {
        name.to_string()
    } else {
        format!("{walked}.{name}")
    }
}

/// The list a `name[N]` segment reaches into, or why there is none.
fn list<'v, 't>(
    current: &'v mut Table<'t>,
    segment: &Segment,
    here: &str,
) -> Result<&'v mut Value<'t>, Diagnostic> {
    let span = segment
        .element
        .as_ref()
        .map_or(segment.span.clone(), |(_, s)| s.clone());
    if current.get(segment.name).is_none() {
        let help = suggest_key(current, segment.name);
        return Err(
            Diagnostic::at(span, format!("the scenario has no `{here}` list")).with_help(help),
        );
    }
    Ok(current.get_mut(segment.name).expect("just found"))
}

/// The table inside `node`, or why a path cannot go through it.
fn table_of<'v, 't>(
    node: &'v mut Value<'t>,
    span: &Span,
    here: &str,
) -> Result<&'v mut Table<'t>, Diagnostic> {
    let problem = match &node.kind {
        Kind::Table(_) => None,
        Kind::Array(_) => Some((
            format!("`{here}` is a list"),
            format!("go through one line of it, numbered from 1: {here}[1]..."),
        )),
        _ => Some((
            format!("`{here}` is a value, not a table"),
            format!("set `{here}` itself: --set {here}=VALUE"),
        )),
    };
    if let Some((message, help)) = problem {
        return Err(Diagnostic::at(span.clone(), message).with_help(help));
    }
    match &mut node.kind {
        Kind::Table(table) => Ok(table),
        _ => unreachable!("checked above"),
    }
}

/// The `number`th (from 1) element of the list `node`, named `here`.
fn element<'v, 't>(
    node: &'v mut Value<'t>,
    number: usize,
    span: Span,
    here: &str,
) -> Result<&'v mut Value<'t>, Diagnostic> {
    let Kind::Array(lines) = &mut node.kind else {
        return Err(
            Diagnostic::at(span, format!("`{here}` is not a list, so it has no [N]"))
                .with_help(format!("set `{here}.KEY` instead")),
        );
    };
    let count = lines.len();
    let describe = |lines: &[Value]| -> String {
        lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let label = match &line.kind {
                    Kind::Table(t) => t
                        .get("item")
                        .or_else(|| t.get("court"))
                        .or_else(|| t.get("id"))
                        .map(|v| match &v.kind {
                            Kind::String(s) => format!(" \"{s}\""),
                            _ => String::new(),
                        })
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                format!("{here}[{}]{label}", i + 1)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if number == 0 {
        let help = if count == 0 {
            format!("the scenario has no `{here}` lines")
        } else {
            format!("lines are numbered from 1: {}", describe(lines))
        };
        return Err(Diagnostic::at(span, format!("there is no `{here}[0]`")).with_help(help));
    }
    if number > count {
        let help = match count {
            0 => format!("the scenario has no `{here}` lines"),
            _ => format!("it has {count}: {}", describe(lines)),
        };
        return Err(
            Diagnostic::at(span, format!("there is no `{here}[{number}]`")).with_help(help),
        );
    }
    Ok(&mut lines[number - 1])
}

fn suggest_key(table: &Table, name: &str) -> String {
    let keys: Vec<&str> = table.entries.iter().map(|e| e.key.as_ref()).collect();
    match closest(name, keys.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "use a list the scenario has, such as cost[1].amount".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{FileReport, Style};
    use rust_decimal::Decimal;

    /// A folder of scenario texts, for `read_parent`.
    fn folder(files: &[(&str, &str)]) -> impl Fn(&Path) -> Result<String, Unreadable> + Sync {
        let files: Vec<(PathBuf, String)> = files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect();
        move |path: &Path| {
            files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, t)| t.clone())
                .ok_or_else(|| "no such file".into())
        }
    }

    fn compose_file(
        files: &[(&str, &str)],
        path: &str,
        overrides: &[&str],
    ) -> Result<Composed, String> {
        let read = folder(files);
        let text = read(Path::new(path)).unwrap();
        let overrides: Vec<Override> = overrides
            .iter()
            .map(|o| Override::parse(o).unwrap())
            .collect();
        compose(&text, Some(Path::new(path)), &overrides, &read).map_err(|problems| {
            FileReport {
                related: problems.related,
                ..FileReport::new(path, text.clone(), problems.diagnostics)
            }
            .render(&Style::plain())
        })
    }

    const BASE: &str = r#"
name = "Base deal"
currency = "GBP"
status = "ended"
[[cost]]
item = "Payments"
amount = 100
[[cost]]
item = "Flights"
amount = 10
basis = "per_removal"
[outcomes]
removals = 5
planned = 50
[[source]]
id = "a"
title = "Old title"
"#;

    const CHILD: &str = r#"
extends = "base.toml"
name = "Hypothetical: base deal with dearer flights"
status = "hypothetical"
[[cost]]
item = "Flights"
amount = 20
basis = "per_removal"
[[cost]]
item = "Escorts"
amount = 1
[outcomes]
removals = 7
[[source]]
id = "a"
title = "New title"
"#;

    /// (item, amount) of each `[[cost]]` of a merged tree, in order; "-" for a
    /// line without an item.
    fn cost_lines(table: &Table) -> Vec<(String, String)> {
        let Some(Kind::Array(lines)) = table.get("cost").map(|v| &v.kind) else {
            panic!("no [[cost]] list");
        };
        let text = |line: &Value, key: &str| match line.kind {
            Kind::Table(ref t) => match t.get(key).map(|v| &v.kind) {
                Some(Kind::String(s)) => s.to_string(),
                Some(Kind::Integer { literal, .. }) => literal.to_string(),
                _ => "-".to_string(),
            },
            _ => "-".to_string(),
        };
        lines
            .iter()
            .map(|line| (text(line, "item"), text(line, "amount")))
            .collect()
    }

    #[test]
    fn merging_thousands_of_lines_keeps_their_order_and_replaces_the_first_with_the_name() {
        // Parent: L0 … L2999 with amount = their number, then "Dup" twice
        // (amounts 1 and 2).
        let mut parent = String::new();
        for i in 0..3000 {
            parent.push_str(&format!("[[cost]]\nitem = \"L{i}\"\namount = {i}\n"));
        }
        parent.push_str(
            "[[cost]]\nitem = \"Dup\"\namount = 1\n[[cost]]\nitem = \"Dup\"\namount = 2\n",
        );
        // Child: replaces L2500 and L3, then "Dup" (only the parent's first),
        // adds "New" twice (the second replaces the first it just added), and
        // a line with no item (matches nothing, so it is added).
        let child = "[[cost]]\nitem = \"L2500\"\namount = 7\n\
                     [[cost]]\nitem = \"L3\"\namount = 8\n\
                     [[cost]]\nitem = \"Dup\"\namount = 9\n\
                     [[cost]]\nitem = \"New\"\namount = 10\n\
                     [[cost]]\namount = 11\n\
                     [[cost]]\nitem = \"New\"\namount = 12\n";
        let (parent, _) = document::parse(&parent, Origin(1));
        let (child, _) = document::parse(child, Origin::FILE);
        let merged = cost_lines(&merge(parent, child));
        let line = |item: &str, amount: u32| (item.to_string(), amount.to_string());
        let mut expected: Vec<(String, String)> =
            (0..3000).map(|i| line(&format!("L{i}"), i)).collect();
        expected[3] = line("L3", 8);
        expected[2500] = line("L2500", 7);
        expected.extend([
            line("Dup", 9),
            line("Dup", 2),
            line("New", 12),
            line("-", 11),
        ]);
        assert_eq!(merged, expected);
    }

    #[test]
    fn a_child_with_its_own_name_does_not_inherit_the_short_name() {
        let parent = "name = \"UK–Rwanda partnership\"\nshort_name = \"UK–Rwanda\"\n\
                      currency = \"GBP\"\n[[cost]]\nitem = \"Fund\"\namount = 1\n";
        let renamed = "extends = \"base.toml\"\nname = \"UK–Rwanda at 300\"\n";
        let relabelled = "extends = \"base.toml\"\nname = \"UK–Rwanda at 300\"\n\
                          short_name = \"UK–Rwanda 300\"\n";
        let unnamed = "extends = \"base.toml\"\n[outcomes]\nremovals = 3\n";
        let short_name_of = |child: &str| {
            let files = [("d/base.toml", parent), ("d/child.toml", child)];
            compose_file(&files, "d/child.toml", &[])
                .unwrap()
                .scenario
                .short_name
        };
        // Renamed: the parent's label would call the variant "UK–Rwanda".
        assert_eq!(short_name_of(renamed), None);
        assert_eq!(short_name_of(relabelled).as_deref(), Some("UK–Rwanda 300"));
        // Same deal, same name: the label stays.
        assert_eq!(short_name_of(unnamed).as_deref(), Some("UK–Rwanda"));
    }

    #[test]
    fn a_child_overrides_keys_replaces_lines_by_identity_and_adds_the_rest() {
        let files = [("deals/base.toml", BASE), ("deals/child.toml", CHILD)];
        let composed = compose_file(&files, "deals/child.toml", &[]).unwrap();
        let s = &composed.scenario;
        assert_eq!(s.name, "Hypothetical: base deal with dearer flights");
        assert_eq!(s.currency, "GBP"); // inherited
        // Parent's lines in order, "Flights" replaced in place, "Escorts" added.
        let lines: Vec<(&str, Decimal)> = s
            .costs
            .iter()
            .map(|c| (c.item.as_str(), c.amount))
            .collect();
        assert_eq!(
            lines,
            [
                ("Payments", Decimal::from(100)),
                ("Flights", Decimal::from(20)),
                ("Escorts", Decimal::from(1))
            ]
        );
        // [outcomes] merges key by key: removals from the child, planned from the parent.
        assert_eq!(s.outcomes.removals, Some(7));
        assert_eq!(s.outcomes.planned, Some(50));
        // The source with the same id is replaced, not duplicated.
        assert_eq!(s.sources.len(), 1);
        assert_eq!(s.sources[0].title, "New title");
        // Values from base.toml are attributed to it (origin 1).
        let inherited: Vec<&str> = composed
            .provenance
            .iter()
            .filter(|(_, origin)| *origin == Origin(1))
            .map(|(path, _)| path.as_str())
            .collect();
        assert!(inherited.contains(&"currency"), "{inherited:?}");
        assert!(inherited.contains(&"cost[1].amount"), "{inherited:?}");
        assert!(inherited.contains(&"outcomes.planned"), "{inherited:?}");
        assert!(!inherited.contains(&"outcomes.removals"), "{inherited:?}");
        assert!(!inherited.contains(&"cost[2].amount"), "{inherited:?}");
        assert_eq!(composed.related[0].name, "deals/base.toml");
    }

    #[test]
    fn extends_chains_of_three_merge_grandparent_first() {
        let grandchild = "extends = \"child.toml\"\n[outcomes]\nplanned = 70\n";
        let files = [
            ("d/base.toml", BASE),
            ("d/child.toml", CHILD),
            ("d/grandchild.toml", grandchild),
        ];
        let s = compose_file(&files, "d/grandchild.toml", &[])
            .unwrap()
            .scenario;
        assert_eq!(s.outcomes.removals, Some(7)); // from child
        assert_eq!(s.outcomes.planned, Some(70)); // own
        assert_eq!(s.costs.len(), 3); // from base and child
    }

    #[test]
    fn cycles_and_missing_parents_name_the_chain() {
        let a = "extends = \"b.toml\"\nname = \"A\"\ncurrency = \"GBP\"\n";
        let b = "extends = \"a.toml\"\n";
        let error = compose_file(&[("x/a.toml", a), ("x/b.toml", b)], "x/a.toml", &[]).unwrap_err();
        assert!(
            error.contains("`extends` goes round in a circle: x/a.toml → x/b.toml → x/a.toml"),
            "{error}"
        );
        // The problem is in b.toml (line 1), where the circle closes.
        assert!(error.starts_with("x/b.toml:1:11:"), "{error}");

        let orphan = "extends = \"gone.toml\"\nname = \"A\"\ncurrency = \"GBP\"\n";
        let error = compose_file(&[("x/a.toml", orphan)], "x/a.toml", &[]).unwrap_err();
        assert!(
            error.contains(
                "x/a.toml:1:11: cannot read x/gone.toml, which this scenario extends: no such file"
            ),
            "{error}"
        );
        assert!(error.contains("chain: x/a.toml → x/gone.toml"), "{error}");
    }

    #[test]
    fn a_problem_in_a_parent_is_shown_in_the_parent() {
        let base = "name = \"B\"\ncurrency = \"GBP\"\n[outcomes]\nremovals = -1\n";
        let child = "extends = \"base.toml\"\n";
        let error = compose_file(
            &[("base.toml", base), ("child.toml", child)],
            "child.toml",
            &[],
        )
        .unwrap_err();
        assert!(
            error.starts_with("base.toml:4:12: `removals` must be 0 or more, found -1"),
            "{error}"
        );
        assert!(
            error.contains("= note: child.toml extends base.toml"),
            "{error}"
        );
    }

    #[test]
    fn overrides_set_values_anywhere_checked_like_the_file() {
        let files = [("base.toml", BASE)];
        let composed = compose_file(
            &files,
            "base.toml",
            &[
                "outcomes.removals=600",
                "cost[1].amount=25000",
                "baseline.cost_per_person=120000",
                "status=hypothetical",
            ],
        )
        .unwrap();
        let s = &composed.scenario;
        assert_eq!(s.outcomes.removals, Some(600));
        assert_eq!(s.costs[0].amount, Decimal::from(25000));
        assert_eq!(
            s.baseline.as_ref().map(|b| b.cost_per_person),
            Some(Decimal::from(120_000))
        );
        assert_eq!(s.status, Some(crate::model::Status::Hypothetical));
        // Each --set is its own origin, numbered in order from 1.
        assert!(
            composed
                .provenance
                .contains(&("cost[1].amount".to_string(), Origin(2)))
        );
        // An empty value removes the key: with removals gone, removals are
        // projected from planned, so block_probability is allowed.
        let s = compose_file(
            &files,
            "base.toml",
            &["outcomes.removals=", "outcomes.block_probability=0.4"],
        )
        .unwrap()
        .scenario;
        assert_eq!(s.outcomes.removals, None);
        assert_eq!(s.outcomes.block_probability, Some(Decimal::new(4, 1)));
    }

    #[test]
    fn override_problems_point_into_the_argument() {
        let error = compose_file(
            &[("base.toml", BASE)],
            "base.toml",
            &[
                "outcomes.removal=5",
                "cost[3].amount=1",
                "outcomes.planned=many",
            ],
        )
        .unwrap_err();
        assert!(
            error.contains(
                "base.toml: --set outcomes.removal=5: unknown key `removal` in [outcomes]\n  |\n  | --set outcomes.removal=5\n  |                ^^^^^^^\n  = help: did you mean `removals`?"
            ),
            "{error}"
        );
        assert!(
            error.contains("there is no `cost[3]`")
                && error.contains("it has 2: cost[1] \"Payments\", cost[2] \"Flights\""),
            "{error}"
        );
        assert!(
            error.contains("`planned` must be a whole number, found the text \"many\""),
            "{error}"
        );
    }

    #[test]
    fn a_child_distribution_replaces_the_parents_whole() {
        // The parent's planned is a normal; the child's { low, high } is a
        // lognormal and must not inherit dist = "normal".
        let parent = "name = \"P\"\ncurrency = \"USD\"\n[outcomes]\nplanned = { dist = \"normal\", low = 100, high = 300 }\n";
        let child = "extends = \"p.toml\"\n[outcomes]\nplanned = { low = 150, high = 250 }\n";
        let s = compose_file(&[("p.toml", parent), ("c.toml", child)], "c.toml", &[])
            .unwrap()
            .scenario;
        let planned = s
            .uncertain
            .iter()
            .find(|u| u.path == "outcomes.planned")
            .unwrap();
        assert_eq!(planned.distribution.family(), "lognormal");
        // The lognormal's mean: √(150 × 250) × exp(σ²/2) with σ = ln(250/150)
        // ÷ 3.289707 = 0.155279: 193.649 × 1.012128 = 195.998 → 196.
        assert_eq!(s.outcomes.planned, Some(196));
    }

    #[test]
    fn whole_lines_are_set_by_number_and_never_removed_by_an_empty_value() {
        let files = [("base.toml", BASE)];
        // cost[1]={...} replaces the first line; the second (Flights) stays.
        let s = compose_file(&files, "base.toml", &["cost[1]={item=\"Only\",amount=5}"])
            .unwrap()
            .scenario;
        let lines: Vec<&str> = s.costs.iter().map(|c| c.item.as_str()).collect();
        assert_eq!(lines, ["Only", "Flights"]);
        // cost[2]= used to delete the line without a word; it is refused.
        let error = Override::parse("cost[2]=").unwrap_err();
        assert!(
            error.contains("has no value") && error.contains("cannot be removed"),
            "{error}"
        );
        // A list the scenario does not have is an error, not a panic.
        let error = compose_file(&files, "base.toml", &["legal[1].outcome=x"]).unwrap_err();
        assert!(
            error.contains("the scenario has no `legal` list"),
            "{error}"
        );
        // A list cannot be walked through without a line number.
        let error = compose_file(&files, "base.toml", &["cost.amount=5"]).unwrap_err();
        assert!(
            error.contains("`cost` is a list") && error.contains("cost[1]"),
            "{error}"
        );
    }

    #[test]
    fn override_paths_are_checked_when_parsed() {
        assert!(
            Override::parse("outcomes.removals")
                .unwrap_err()
                .contains("has no `=`")
        );
        assert!(Override::parse("outcomes..removals=1").is_err());
        assert!(Override::parse("cost[x].amount=1").is_err());
        assert!(Override::parse("cost[1.amount=1").is_err());
        assert!(Override::parse("=1").is_err());
        let set = Override::parse("cost[2].amount = 0.1").unwrap();
        assert_eq!(
            set.path,
            [
                Step::Key {
                    name: "cost".into(),
                    span: 0..4
                },
                Step::Element {
                    number: 2,
                    span: 4..7
                },
                Step::Key {
                    name: "amount".into(),
                    span: 8..14
                },
            ]
        );
        // The literal is kept as written, so 0.1 stays exactly 0.1; its span
        // points at it in the argument.
        let value = set.value.unwrap();
        assert_eq!(value.kind, Kind::Float("0.1".into()));
        assert_eq!(&set.argument[value.span], "0.1");
    }
}
