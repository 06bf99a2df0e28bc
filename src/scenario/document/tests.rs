//! Tests of [`parse`](super::parse), above all of its two fast paths against
//! toml's own parser: wherever `plain` or `fast` answers, its tree must be the one the fallback builds (spans, origins and
//! borrowed strings included), and wherever toml finds an error, both must
//! decline. Checked on every TOML file in the repository, on documents chosen
//! for being awkward, and on random and mutated ones.

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::fast::parse_valid;
use super::plain::parse_plain;
use super::{Kind, Origin, Table, Value, parse, parse_recoverable, split_bom};

/// Not the file's own origin, so a value left with the wrong one shows.
const ORIGIN: Origin = Origin(3);

#[test]
fn numbers_keep_their_literal_and_spans_count_a_byte_order_mark() {
    // The BOM is 3 bytes, so `amount` starts at byte 3 and `1_000.50` at 12.
    let text = "\u{feff}amount = 1_000.50\ncount = 0x1f\n";
    let (table, errors) = parse(text, Origin(2));
    assert!(errors.is_empty());
    let amount = table.entry("amount").unwrap();
    assert_eq!(amount.key_span, 3..9);
    assert_eq!(amount.value.span, 12..20);
    assert_eq!(amount.value.kind, Kind::Float("1_000.50".into()));
    assert_eq!(amount.value.origin, Origin(2));
    assert_eq!(
        table.get("count").unwrap().kind,
        Kind::Integer {
            literal: "0x1f".into(),
            radix: 16
        }
    );
}

#[test]
fn tables_and_arrays_of_tables_nest() {
    let text = "[outcomes]\nremovals = 3\n[[cost]]\nitem = \"a\"\n[[cost]]\nitem = \"b\"\n";
    let (table, errors) = parse(text, Origin::FILE);
    assert!(errors.is_empty());
    let Some(Kind::Table(outcomes)) = table.get("outcomes").map(|v| &v.kind) else {
        panic!("outcomes is a table");
    };
    assert_eq!(
        outcomes.get("removals").unwrap().kind,
        Kind::Integer {
            literal: "3".into(),
            radix: 10
        }
    );
    let Some(Kind::Array(costs)) = table.get("cost").map(|v| &v.kind) else {
        panic!("cost is an array");
    };
    let items: Vec<String> = costs
        .iter()
        .map(|cost| match &cost.kind {
            Kind::Table(t) => t.get("item").unwrap().describe(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(items, ["the text \"a\"", "the text \"b\""]);
}

/// Which fast paths answered for a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Answered {
    plain: bool,
    fast: bool,
}

/// Parses `text` every way. Where a fast path answers, asserts that the
/// fallback found no error and built the same tree; returns which answered.
fn agrees(text: &str) -> Answered {
    let (bom, body) = split_bom(text);
    let (slow, errors) = parse_recoverable(body, bom, ORIGIN);
    let slow = sorted(slow);
    let same_as_toml = |path: &str, tree: Option<Table<'_>>| {
        let Some(tree) = tree else {
            return false;
        };
        assert!(
            errors.is_empty(),
            "the {path} path accepted text toml refuses ({errors:?}):\n{text}"
        );
        let tree = sorted(tree);
        assert_eq!(
            tree, slow,
            "the {path} path built another tree for:\n{text}"
        );
        // `Cow`'s equality ignores whether it borrows; the tree should not.
        assert_eq!(borrowing(&tree), borrowing(&slow), "{path}: {text}");
        true
    };
    let answered = Answered {
        plain: same_as_toml("plain", parse_plain(body, bom, ORIGIN)),
        fast: same_as_toml("fast", parse_valid(body, bom, ORIGIN)),
    };
    // The plain path reads a few shapes of what the fast path reads.
    assert!(
        answered.fast || !answered.plain,
        "only the plain path answered:\n{text}"
    );
    answered
}

fn is_valid(text: &str) -> bool {
    let (bom, body) = split_bom(text);
    parse_recoverable(body, bom, ORIGIN).1.is_empty()
}

/// The same tree with every table's entries in key order (their order is
/// unspecified, and keys in a valid document are unique).
fn sorted(mut table: Table<'_>) -> Table<'_> {
    table.entries.sort_by(|a, b| a.key.cmp(&b.key));
    for entry in &mut table.entries {
        sort_value(&mut entry.value);
    }
    table
}

fn sort_value(value: &mut Value<'_>) {
    match &mut value.kind {
        Kind::Table(table) => *table = sorted(std::mem::take(table)),
        Kind::Array(values) => values.iter_mut().for_each(sort_value),
        _ => {}
    }
}

/// Whether each key, string and literal of a sorted tree borrows the text.
fn borrowing(table: &Table<'_>) -> Vec<bool> {
    #[expect(clippy::ptr_arg, reason = "whether the Cow borrows is the question")]
    fn borrows(text: &Cow<'_, str>) -> bool {
        matches!(text, Cow::Borrowed(_))
    }
    fn walk_table(table: &Table<'_>, out: &mut Vec<bool>) {
        for entry in &table.entries {
            out.push(borrows(&entry.key));
            walk_value(&entry.value, out);
        }
    }
    fn walk_value(value: &Value<'_>, out: &mut Vec<bool>) {
        match &value.kind {
            Kind::String(text) | Kind::Float(text) | Kind::Integer { literal: text, .. } => {
                out.push(borrows(text))
            }
            Kind::Array(values) => values.iter().for_each(|v| walk_value(v, out)),
            Kind::Table(table) => walk_table(table, out),
            Kind::Boolean(_) | Kind::Datetime(_) => {}
        }
    }
    let mut out = Vec::new();
    walk_table(table, &mut out);
    out
}

fn repo_path(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The `.toml` files of a directory (of the repository), with their text
/// (not-UTF-8 bytes replaced: the reader refuses such files before parsing,
/// but the text is still a good test).
fn toml_files(dir: &str) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(repo_path(dir))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            (path.display().to_string(), text)
        })
        .collect();
    files.sort();
    files
}

fn shipped_scenarios() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| toml_files("scenarios"))
}

#[test]
fn every_file_in_the_repository_parses_the_same_both_ways() {
    let mut files = toml_files("scenarios");
    files.extend(toml_files("tests/bad"));
    files.extend(toml_files("tests/fixtures"));
    let rates = "data/rates.toml";
    files.push((
        rates.into(),
        std::fs::read_to_string(repo_path(rates)).unwrap(),
    ));
    assert!(files.len() > 60, "{} files", files.len());
    let mut answered = 0;
    for (path, text) in &files {
        // Nothing in these files is beyond the fast path: it answers
        // exactly for the valid ones.
        assert_eq!(agrees(text).fast, is_valid(text), "{path}");
        answered += usize::from(is_valid(text));
    }
    assert!(answered > 40, "{answered} valid files");
}

#[test]
fn every_shipped_scenario_takes_the_fast_path() {
    assert!(shipped_scenarios().len() >= 7);
    for (path, text) in shipped_scenarios() {
        assert!(agrees(text).fast, "{path}");
    }
    let rates = std::fs::read_to_string(repo_path("data/rates.toml")).unwrap();
    assert!(agrees(&rates).fast);
}

/// Valid documents with something awkward in them.
const TRICKY: &[&str] = &[
    "",
    "\n\n  \n",
    "# only a comment",
    "a = 1",
    "a = 1 # no newline at the end",
    "a = 1\n# comment at the end without a newline",
    "\u{feff}a = 1\n[b]\nc = \"x\"\n",
    "\u{feff}",
    "a = 1\r\n[b]\r\nc = \"x\" # comment\r\n[[d]]\r\ne = [\r\n  1,\r\n  2,\r\n]\r\n",
    "s = \"tab\\there \\u00e9 \\U0001F600 \\\"q\\\" \\\\ \\b\\f\\n\\r \\e \\x41\"",
    "s = 'C:\\path\\no escapes'",
    "s = \"\"\"\nfirst\n  second \\\n    joined\"\"\"",
    "s = \"\"\"\r\ncrlf\r\nlines\"\"\"",
    "s = '''\nraw \\n\n'''",
    "s = \"\"\"quotes \"\" inside\"\"\"",
    "s = ''''quoted' '''",
    "s = \"\"\n t = ''",
    "\"k\\u0065y\" = 1\n'lit key' = 2\n\"\" = 3\n\"a.b\" = 4",
    "\"ключ\" = 1\n\"日本\" = \"語\"\n'é' = 'x'\n[\"ключ2\".'é']\n",
    "a.b.c = 1\na.b.d = 2\na . \"x y\" . z = 3\n'a'.e = 4",
    "[t]\nx.y = 1\nx.z = 2\n[t.w]\nv = 3",
    "[a.b.c]\nd = 1\n[a.b]\ne = 2\n[a]\nf = 3",
    "[x.y.z]\n[x]\ny.w = 1",
    "a.b = 1\n[a.c]\nd = 2",
    "[ a . b ]\n[ \"q\" . 'r' ]",
    "p = { x = 1, y.z = 2, y.w = 'v', w = { v = [1, { u = 1 }] } }\nq = {}",
    "p = {\n  x = 1, # TOML 1.1 allows newlines and comments here\n  y = 2,\n}",
    "m = [[1, 2], [3.5, \"a\"], [], [[[]]], [{}, {a = 1}]]\nn = [\n  1, # one\n  # nothing\n  2,\n]",
    "[[cost]]\nitem = \"a\"\n[[cost]]\nitem = \"b\"\n[[cost]]\n",
    "[[s]]\nkind = 1\n[s.values]\n2024 = \"1.5\"\n[[s]]\n[s.values]\n2025 = \"2\"",
    "[[a.b]]\nc = 1\n[[a.b]]\n[a]\nd = 2",
    "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[a.c]",
    "i = [0x1f, 0xab_CD, 0o17, 0b101, +5, -0, 1_000, 0, -17]",
    "f = [1.5e3, -1E-2, 6.02e+23, inf, +inf, -inf, nan, +nan, -nan, 0.0, -0.0, 1_0.0_1]",
    "d = [2024-07-22, 2024-07-22T10:00:00, 2024-07-22 10:00:00.5, 1979-05-27T07:32:00Z]",
    "d = 1979-05-27T00:32:00.999999-07:00\nt = 07:32:00\nu = 07:32",
    "b = [true, false]",
    "a=1\nb={c=[1,{d=2}]}\n[e]\nf=\"g\"",
    "a = 1\t# tab before the comment\n\t[b]\t\n",
];

#[test]
fn tricky_valid_documents_parse_the_same_both_ways() {
    for text in TRICKY {
        assert!(is_valid(text), "not valid TOML after all:\n{text}");
        assert!(agrees(text).fast, "the fast path declined:\n{text}");
    }
}

/// Documents toml refuses although every line parses: the fast path must
/// refuse them too, leaving the message to the fallback.
const REFUSED: &[&str] = &[
    "a = 1\na = 2",
    "a = 1\n\"a\" = 2",
    "[a]\n[a]",
    "[a]\nb = 1\n[a]\nc = 2",
    "a.b = 1\n[a]",
    "[a]\nb.c = 1\n[a.b]",
    "[a.b]\n[a]\nb = 1",
    "[a.b]\n[a]\nb.c = 1",
    "[x.y.z]\n[x]\ny.w = 1\n[x.y]",
    "a = 1\n[a]",
    "a = 1\na.b = 2",
    "a.b = 1\na = 2",
    "a = {}\na.b = 1",
    "a = { b = 1 }\n[a.c]",
    "a = [1]\n[a.b]",
    "[[a]]\n[a]",
    "[a]\n[[a]]",
    "a = []\n[[a]]",
    "x = { a = 1, a = 2 }",
    "x = { a.b = 1, a = 2 }",
    "x = { a = { b = 1 }, a.c = 2 }",
    "d = 2024-02-30",
    "s = \"\\q\"",
    "s = \"\\uD800\"",
    "n = 01",
    "n = 1__0",
    "\"\"\"key\"\"\" = 1",
    "ключ = 1",
    "a = 1\rb = 2",
    "a = 1 # \u{7f} is not allowed in a comment",
    "# \u{1} nor is this",
];

#[test]
fn documents_toml_refuses_are_left_to_it() {
    for text in REFUSED {
        assert!(!is_valid(text), "valid TOML after all:\n{text}");
        assert!(!agrees(text).fast, "{text}");
    }
}

#[test]
fn nesting_is_limited_where_toml_limits_it() {
    let arrays = |depth| format!("a = {}1{}", "[".repeat(depth), "]".repeat(depth));
    let tables = |depth: usize| {
        let depth = depth - 1;
        format!("a = {}{{}}{}", "{ b = ".repeat(depth), "}".repeat(depth))
    };
    let key = |parts| format!("{} = 1", vec!["k"; parts].join("."));
    let header = |parts| format!("[{}]", vec!["k"; parts].join("."));
    for text in [arrays(80), tables(80), key(80), header(80)] {
        assert!(is_valid(&text) && agrees(&text).fast, "{text}");
    }
    for text in [arrays(81), tables(81), key(81), header(81), arrays(1000)] {
        assert!(!is_valid(&text) && !agrees(&text).fast, "{text}");
    }
}

#[test]
fn valid_documents_it_does_not_handle_are_left_to_the_fallback() {
    let big_table: String = (0..300).map(|i| format!("k{i} = {i}\n")).collect();
    // toml lets this dotted key reach into the last [[a.x]] table.
    let through_array = "[[a.x]]\n[a]\nx.c.d = 1";
    for text in [big_table.as_str(), through_array] {
        assert!(is_valid(text), "{text}");
        assert!(!agrees(text).fast, "{text}");
    }
}

/// Documents in the shapes the plain path reads: it must answer for each.
const PLAIN: &[&str] = &[
    "",
    "\n\n  \n",
    "# only a comment",
    "a = 1 # no newline at the end",
    "a = 1\n# comment at the end without a newline",
    "\u{feff}a = 1\n[b]\nc = \"x\"\n",
    "a = 1\r\n[b]\r\nc = \"x\" # comment\r\n[[d]]\r\ne = 2\r\n[[d]]\r\n",
    // The shape of the files `benches/compare_bench.py` writes.
    "name = \"scenario-00001\"\ncurrency = \"EUR\"\n\n[[cost]]\nitem = \"Total cost\"\n\
     amount = 446396143.30\n\n[outcomes]\nremovals = 130\nplanned = 1150\nattempted = 66\n\
     blocked = 15\n",
    "a = 0\nb = 5700\nc = 370_000_000\nd = 0.5\ne = 1_0.0_1\nf = 0.0\ng = 1_2_3",
    // Beyond i64 and f64: toml keeps the digits, as the reader needs.
    "a = 123456789012345678901234567890\nb = 12345678901234567.89\nc = 0.000000000000000000000000000001",
    "t = true\nf = false\nd = 2024-02-29\ne = 1979-05-27\nz = 0001-01-01",
    "s = \"\"\nu = \"ünïcödé 日本 \t tab\"\nq = \"it's # not a comment\"\nx=\"\u{feff}\"",
    "a=1\n\tb\t=\t2\t#\ttabs and é in a comment\n[ c ]\n[[ d ]]\t# x\n",
    "key-with_dash-1 = 1\n1 = 2\n-_- = 3\n[A-b_2]\n",
    "[a]\n[b]\n[[c]]\nx = 1\n[[c]]\nx = 2\n[d]\nx = 3",
    "a = 1#comment right after a value\ns = \"x\"#and after a string\n[t]#and a header",
];

#[test]
fn plain_documents_take_the_plain_path() {
    for text in PLAIN {
        assert!(is_valid(text), "not valid TOML after all:\n{text}");
        assert!(agrees(text).plain, "the plain path declined:\n{text}");
    }
}

/// Valid documents with something in them the plain path does not read: it
/// must leave each to the fast path.
const NOT_PLAIN: &[&str] = &[
    "a = -1",
    "a = +1",
    "a = 1e3",
    "a = 1.5E-2",
    "a = inf",
    "a = nan",
    "a = 0x1f",
    "a.b = 1",
    "\"a\" = 1",
    "'a' = 1",
    "[a.b]",
    "[\"a\"]",
    "[[a.b]]",
    "s = \"tab\\t\"",
    "s = 'literal'",
    "s = \"\"\"\nml\"\"\"",
    "a = [1]",
    "a = { b = 1 }",
    "d = 2024-07-22T10:00:00",
    "d = 2024-07-22 10:00:00",
    "d = 1979-05-27T07:32:00Z",
    "t = 07:32:00",
    "[a]\nb.c = 1",
];

#[test]
fn valid_documents_beyond_the_plain_shapes_are_left_to_the_fast_path() {
    for text in NOT_PLAIN {
        assert!(is_valid(text), "not valid TOML after all:\n{text}");
        let expected = Answered {
            plain: false,
            fast: true,
        };
        assert_eq!(agrees(text), expected, "{text}");
    }
}

/// Invalid documents made only of plain shapes: the plain path must refuse
/// each (`agrees` checks that), leaving the message to toml.
const REFUSED_PLAIN: &[&str] = &[
    "a = 1\na = 2",
    "[a]\nb = 1\nb = 2",
    "[[a]]\nb = 1\nb = 2",
    "[a]\n[a]",
    "[a]\n[[a]]",
    "[[a]]\n[a]",
    "a = 1\n[a]",
    "a = 1\n[[a]]",
    "a = 01",
    "a = 00",
    "a = 0_0",
    "a = 1__0",
    "a = 1_",
    "a = _1",
    "a = 1.",
    "a = .5",
    "a = 1_.5",
    "a = 1._5",
    "a = 1.5_",
    "a = 1.5.5",
    "d = 2023-02-29",
    "d = 2024-13-01",
    "d = 2024-00-10",
    "d = 2024-1-01",
    "a = true1",
    "a = tru",
    "a =",
    "= 1",
    "a 1",
    "a = 1 2",
    "a = \"x\" y",
    "a = \"unterminated",
    "a = \"\u{7f}\"",
    "a = \"\u{1}\"",
    "[a",
    "[[a]",
    "[a]]",
    "[ [a]]",
    "[]",
    "a = 1\rb = 2",
    "a = 1\r",
    "# \u{7f} not in a comment",
    "a = 1 # nor \u{1b} here",
];

#[test]
fn invalid_plain_documents_are_left_to_toml() {
    for text in REFUSED_PLAIN {
        assert!(!is_valid(text), "valid TOML after all:\n{text}");
        assert_eq!(
            agrees(text),
            Answered {
                plain: false,
                fast: false
            },
            "{text}"
        );
    }
}

#[test]
fn strings_borrow_the_text_unless_an_escape_was_decoded() {
    let text = "plain = \"no escapes\"\nescaped = \"tab\\t\"\nliteral = 'a\\b'\n\"k\\u0065y\" = 1";
    let table = parse_valid(text, 0, ORIGIN).unwrap();
    let cow = |key: &str| match &table.get(key).unwrap().kind {
        Kind::String(text) => text.clone(),
        other => panic!("{other:?}"),
    };
    assert!(matches!(cow("plain"), Cow::Borrowed("no escapes")));
    assert!(matches!(cow("escaped"), Cow::Owned(s) if s == "tab\t"));
    assert!(matches!(cow("literal"), Cow::Borrowed("a\\b")));
    assert!(matches!(table.entry("key").unwrap().key, Cow::Owned(_)));
}

#[test]
fn headers_and_implicit_tables_have_the_spans_toml_gives_them() {
    // [[a]] spans its first header; `b`, made on the way to [b.c], spans its key.
    let text = "[[a]]\n[[a]]\n[b.c]\n";
    let table = parse_valid(text, 0, ORIGIN).unwrap();
    let a = table.entry("a").unwrap();
    assert_eq!((a.key_span.clone(), a.value.span.clone()), (2..3, 0..5));
    let b = table.entry("b").unwrap();
    assert_eq!((b.key_span.clone(), b.value.span.clone()), (13..14, 13..14));
    assert!(agrees(text).fast);
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(Vec<u8>),
    Replace(u8),
}

fn edit() -> impl Strategy<Value = (prop::sample::Index, Edit)> {
    let byte = prop_oneof![
        3 => prop::sample::select(b"[]{}=.,\"'#\\ \t\n\r_-+:0123456789eExobTZ".to_vec()),
        1 => any::<u8>(),
    ];
    let snippet = prop::sample::select(vec![
        "\n[outcomes]\n",
        "\n[[cost]]\n",
        "\n[cost]\n",
        "\nname = \"x\"\n",
        "outcomes.removals = 1\n",
        "a.b = 1\n",
        "= { x = 1 }",
        "\"\\u00e9\\t\"",
        "\u{feff}",
        "\r\n",
        "é",
    ]);
    let edit = prop_oneof![
        (1usize..8).prop_map(Edit::Delete),
        prop::collection::vec(byte.clone(), 1..4).prop_map(Edit::Insert),
        snippet.prop_map(|s| Edit::Insert(s.as_bytes().to_vec())),
        byte.prop_map(Edit::Replace),
    ];
    (any::<prop::sample::Index>(), edit)
}

fn apply(text: &str, edits: &[(prop::sample::Index, Edit)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (at, edit) in edits {
        let at = at.index(bytes.len() + 1);
        match edit {
            Edit::Delete(len) => {
                bytes.drain(at..(at + len).min(bytes.len()));
            }
            Edit::Insert(new) => {
                bytes.splice(at..at, new.iter().copied());
            }
            Edit::Replace(byte) => {
                if let Some(old) = bytes.get_mut(at) {
                    *old = *byte;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Few key names, so that keys and tables are often defined twice.
fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a",
        "b",
        "c",
        "\"a\"",
        "'b'",
        "\"c d\"",
        "\"\\u0061\"",
        "\"é\"",
        "é",
        "\"\"",
        "a.b",
        "b.a",
        "a.b.c",
        "c . a",
        "'a'.\"b\"",
        "1",
        "1.2",
        "a-1",
        "B_",
    ])
}

fn value() -> impl Strategy<Value = String> {
    let scalar = prop::sample::select(vec![
        "1",
        "-0",
        "+17",
        "1_000",
        "0x1F",
        "0o17",
        "0b101",
        "1.5",
        "-2e3",
        "1_0.5E-2",
        "inf",
        "-nan",
        "true",
        "false",
        "\"s\"",
        "\"e\\t\\u00e9\"",
        "'lit'",
        "\"\"\"\nml\\\n  x\"\"\"",
        "'''\nraw'''",
        "2024-07-22",
        "2024-07-22T10:00:00",
        "1979-05-27 07:32:00Z",
        "07:32:00",
        "0",
        "0.5",
        "1_2.3_4",
        "2024-02-29",
        // Not valid: the fast paths must leave these to the fallback.
        "2024-02-30",
        "2023-02-29",
        "00",
        "0_1",
        "1.",
        "1_.5",
        "1.5_",
        "01",
        "1__0",
        "\"\\q\"",
    ])
    .prop_map(String::from);
    scalar.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|values| format!("[{}]", values.join(", "))),
            prop::collection::vec((key(), inner), 0..4).prop_map(|pairs| {
                let pairs: Vec<_> = pairs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", pairs.join(", "))
            }),
        ]
    })
}

fn line() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => (key(), value()).prop_map(|(key, value)| format!("{key} = {value}")),
        2 => key().prop_map(|key| format!("[{key}]")),
        2 => key().prop_map(|key| format!("[[{key}]]")),
        1 => Just(String::new()),
    ];
    (line, any::<bool>()).prop_map(|(line, comment)| match comment {
        true => format!("{line} # comment"),
        false => line,
    })
}

fn document() -> impl Strategy<Value = String> {
    let lines = prop::collection::vec(line(), 0..10);
    (lines, any::<bool>(), any::<bool>()).prop_map(|(lines, crlf, bom)| {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        if bom { format!("\u{feff}{text}") } else { text }
    })
}

/// The random documents are only a test if many are valid (so the trees
/// are compared) and many are not (so refusing is tested) ...
#[test]
fn generated_documents_are_a_mix_of_valid_and_invalid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = document();
    let (mut answered, mut plain, total) = (0, 0, 1_000);
    for _ in 0..total {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let paths = agrees(&text);
        answered += usize::from(paths.fast);
        plain += usize::from(paths.plain);
    }
    assert!(
        (total / 5..total * 4 / 5).contains(&answered),
        "{answered} of {total}"
    );
    // ... and if the plain path reads a good share of the valid ones.
    assert!(plain >= total / 20, "{plain} of {total}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn mutated_scenarios_parse_the_same_or_are_left_to_the_fallback(
        index in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let (_, text) = &shipped_scenarios()[index.index(shipped_scenarios().len())];
        agrees(&apply(text, &edits));
    }

    #[test]
    fn generated_documents_parse_the_same_or_are_left_to_the_fallback(text in document()) {
        agrees(&text);
    }


    #[test]
    fn any_text_parses_the_same_or_is_left_to_the_fallback(text in any::<String>()) {
        agrees(&text);
    }
}
