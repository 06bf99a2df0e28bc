//! Tests of [`parse`](super::parse): the tree it builds from toml's, with
//! number literals as written and spans that count a byte-order mark, and its
//! errors, every one of them, with spans a diagnostic can point at.

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::{Kind, Origin, Table, parse};

/// Not the file's own origin, so a value left with the wrong one shows.
const ORIGIN: Origin = Origin(3);

fn integer(literal: &str, radix: u32) -> Kind<'static> {
    Kind::Integer {
        literal: literal.to_string().into(),
        radix,
    }
}

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
    assert_eq!(table.get("count").unwrap().kind, integer("0x1f", 16));
}

#[test]
fn number_literals_are_kept_digit_for_digit_even_beyond_i64_and_f64() {
    // toml's own text of a number drops underscores and a radix prefix, and
    // an f64 would round these: the reader needs the digits as written.
    let text = "big = 123456789012345678901234567890\n\
                cents = 12345678901234567.89\n\
                tiny = 0.000000000000000000000000000001\n\
                signed = [-0, +5, -1_000]\n\
                exponent = 4.76e6\n\
                infinite = -inf\n";
    let (table, errors) = parse(text, ORIGIN);
    assert!(errors.is_empty(), "{errors:?}");
    let kind = |key: &str| table.get(key).unwrap().kind.clone();
    assert_eq!(kind("big"), integer("123456789012345678901234567890", 10));
    assert_eq!(kind("cents"), Kind::Float("12345678901234567.89".into()));
    assert_eq!(
        kind("tiny"),
        Kind::Float("0.000000000000000000000000000001".into())
    );
    let Kind::Array(signed) = kind("signed") else {
        panic!("signed is a list");
    };
    let signed: Vec<Kind<'_>> = signed.into_iter().map(|value| value.kind).collect();
    assert_eq!(
        signed,
        [integer("-0", 10), integer("+5", 10), integer("-1_000", 10)]
    );
    assert_eq!(kind("exponent"), Kind::Float("4.76e6".into()));
    assert_eq!(kind("infinite"), Kind::Float("-inf".into()));
}

#[test]
fn tables_and_arrays_of_tables_nest() {
    let text = "[outcomes]\nremovals = 3\n[[cost]]\nitem = \"a\"\n[[cost]]\nitem = \"b\"\n";
    let (table, errors) = parse(text, Origin::FILE);
    assert!(errors.is_empty());
    let Some(Kind::Table(outcomes)) = table.get("outcomes").map(|v| &v.kind) else {
        panic!("outcomes is a table");
    };
    assert_eq!(outcomes.get("removals").unwrap().kind, integer("3", 10));
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

#[test]
fn every_value_has_the_origin_it_was_parsed_with() {
    let text = "a = 1\n[b]\nc = [{ d = \"x\" }]\n";
    let (table, _) = parse(text, ORIGIN);
    let b = table.get("b").unwrap();
    assert_eq!(b.origin, ORIGIN);
    let Kind::Table(b) = &b.kind else {
        panic!("b is a table")
    };
    let c = b.get("c").unwrap();
    let Kind::Array(c) = &c.kind else {
        panic!("c is a list")
    };
    let Kind::Table(first) = &c[0].kind else {
        panic!("c[0] is a table")
    };
    assert_eq!(first.get("d").unwrap().origin, ORIGIN);
    assert_eq!(table.get("a").unwrap().origin, ORIGIN);
}

#[test]
fn strings_borrow_the_text_unless_an_escape_was_decoded() {
    let text = "plain = \"no escapes\"\nescaped = \"tab\\t\"\nliteral = 'a\\b'\n\"k\\u0065y\" = 1";
    let (table, errors) = parse(text, ORIGIN);
    assert!(errors.is_empty());
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
    let (table, errors) = parse(text, ORIGIN);
    assert!(errors.is_empty());
    let a = table.entry("a").unwrap();
    assert_eq!((a.key_span.clone(), a.value.span.clone()), (2..3, 0..5));
    let b = table.entry("b").unwrap();
    assert_eq!((b.key_span.clone(), b.value.span.clone()), (13..14, 13..14));
}

#[test]
fn every_syntax_error_is_reported_and_the_rest_is_kept() {
    // Two broken lines among good ones: both are errors (so `check` reports
    // them together), and the good lines are in the tree. With the 3-byte BOM,
    // line 2 (`b = `) starts at byte 3 + 6 = 9 and line 3 (`c = 01`) at 14.
    let text = "\u{feff}a = 1\nb = \nc = 01\nd = 4\n";
    let (table, errors) = parse(text, ORIGIN);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!((9..14).contains(&errors[0].span.start), "{errors:?}");
    assert!((14..21).contains(&errors[1].span.start), "{errors:?}");
    assert!(errors.iter().all(|error| !error.message.is_empty()));
    assert!(table.get("a").is_some() && table.get("d").is_some());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // toml refuses nesting past its limit (80 levels) before the converter,
    // which recurses, ever sees it.
    let arrays = |depth| format!("a = {}1{}", "[".repeat(depth), "]".repeat(depth));
    let tables = |depth: usize| format!("a = {}{{}}{}", "{ b = ".repeat(depth), "}".repeat(depth));
    assert!(parse(&arrays(80), ORIGIN).1.is_empty());
    for text in [arrays(81), arrays(100_000), tables(100_000)] {
        assert!(!parse(&text, ORIGIN).1.is_empty());
    }
}

fn repo_path(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The `.toml` files of a directory of the repository, with their text.
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

/// Whether every span of the tree and the errors lies on character
/// boundaries of `text`: a diagnostic slices the text at them.
fn spans_fit(text: &str, table: &Table<'_>, errors: &[super::SyntaxError]) -> bool {
    fn fits(text: &str, span: &super::Span) -> bool {
        span.start <= span.end && text.get(span.clone()).is_some()
    }
    fn table_fits(text: &str, table: &Table<'_>) -> bool {
        table
            .entries
            .iter()
            .all(|entry| fits(text, &entry.key_span) && value_fits(text, &entry.value))
    }
    fn value_fits(text: &str, value: &super::Value<'_>) -> bool {
        fits(text, &value.span)
            && match &value.kind {
                Kind::Array(values) => values.iter().all(|v| value_fits(text, v)),
                Kind::Table(table) => table_fits(text, table),
                _ => true,
            }
    }
    table_fits(text, table) && errors.iter().all(|error| fits(text, &error.span))
}

#[test]
fn every_shipped_scenario_parses_without_errors() {
    assert!(shipped_scenarios().len() >= 7);
    for (path, text) in shipped_scenarios() {
        let (table, errors) = parse(text, ORIGIN);
        assert!(errors.is_empty(), "{path}: {errors:?}");
        assert!(table.get("name").is_some(), "{path}");
        assert!(spans_fit(text, &table, &errors), "{path}");
    }
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn a_mutated_scenario_parses_with_spans_a_diagnostic_can_show(
        index in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
        bom in any::<bool>(),
    ) {
        let (_, text) = &shipped_scenarios()[index.index(shipped_scenarios().len())];
        let text = apply(text, &edits);
        let text = if bom { format!("\u{feff}{text}") } else { text };
        let (table, errors) = parse(&text, ORIGIN);
        prop_assert!(spans_fit(&text, &table, &errors));
    }

    #[test]
    fn any_text_parses_with_spans_a_diagnostic_can_show(text in any::<String>()) {
        let (table, errors) = parse(&text, ORIGIN);
        prop_assert!(spans_fit(&text, &table, &errors));
    }
}
