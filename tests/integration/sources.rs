//! `costcalc sources` (issue 20, point 7): every source the scenarios cite,
//! once, as a table, as BibTeX that a BibTeX parser reads back, and as
//! CSL-JSON; and the `sources` column of `compare`.

use biblatex::ChunksExt;
use serde_json::Value;

use super::{Run, run, write_scenario};

/// A deal citing `sources` (TOML `[[source]]` tables), each figure unsourced.
fn deal(name: &str, sources: &str) -> String {
    format!(
        "name = \"{name}\"\ncurrency = \"GBP\"\nprice_year = 2024\n\n[[cost]]\nitem = \"x\"\n\
         amount = 1000\nbasis = \"fixed\"\n\n[outcomes]\nremovals = 10\n\n{sources}"
    )
}

const NAO: &str = "[[source]]\nid = \"nao-2024\"\ntitle = \"Investigation into the costs of the UK-Rwanda partnership\"\n\
     url = \"https://www.nao.org.uk/reports/uk-rwanda/\"\npublisher = \"National Audit Office\"\n\
     date = 2024-03-01\n";

/// The work of `costcalc sources ARGS...`, which must succeed.
fn sources(args: &[&str]) -> String {
    run(["sources"].iter().chain(args)).succeeds()
}

#[test]
fn the_bibtex_of_the_shipped_scenarios_is_read_back_by_a_bibtex_parser() {
    let bibtex = sources(&["--format", "bibtex"]);
    let parsed = biblatex::Bibliography::parse(&bibtex)
        .unwrap_or_else(|e| panic!("not BibTeX ({e:?}):\n{bibtex}"));
    // One entry per work: as many as the CSL-JSON items and table rows, with
    // the same keys in the same order.
    let csl: Vec<Value> = serde_json::from_str(&sources(&["--format", "csl-json"])).unwrap();
    let keys: Vec<&str> = parsed.keys().collect();
    let ids: Vec<&str> = csl
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ids);
    assert!(keys.len() > 20, "{bibtex}");
    // Each entry read back says what the CSL-JSON item says (serde_json's
    // strings are exact): the TeX escaping loses nothing.
    for (entry, item) in parsed.iter().zip(&csl) {
        assert_eq!(entry.entry_type, biblatex::EntryType::Online);
        let field = |name: &str| entry.fields.get(name).map(|f| f.format_verbatim());
        assert_eq!(
            field("title").as_deref(),
            item["title"].as_str(),
            "{}",
            entry.key
        );
        assert_eq!(
            field("url").as_deref(),
            item["URL"].as_str(),
            "{}",
            entry.key
        );
        assert_eq!(
            field("organization").as_deref(),
            item["publisher"].as_str(),
            "{}",
            entry.key
        );
    }
}

#[test]
fn a_work_cited_twice_is_listed_once_and_two_works_under_one_id_both() {
    let dir = tempfile::tempdir().unwrap();
    let accessed = |day: &str| format!("{NAO}accessed = 2026-{day}\n");
    let a = write_scenario(dir.path(), "a.toml", &deal("Deal A", &accessed("01-15")));
    let b = write_scenario(dir.path(), "b.toml", &deal("Deal B", &accessed("11-30")));
    // The same id for another work (another title).
    let other = NAO.replace("Investigation into", "Update on");
    let c = write_scenario(dir.path(), "c.toml", &deal("Deal C", &other));

    let csl: Vec<Value> =
        serde_json::from_str(&sources(&[&a, &b, "--format", "csl-json"])).unwrap();
    // A and B cite one work: one item, accessed on the later of the two days.
    assert_eq!(csl.len(), 1, "{csl:?}");
    assert_eq!(
        csl[0]["accessed"]["date-parts"],
        serde_json::json!([[2026, 11, 30]])
    );
    let table = sources(&[&a, &b]);
    assert!(table.contains("Deal A; Deal B"), "{table}");

    let Run {
        code,
        stdout,
        stderr,
    } = run(["sources", &a, &c, "--format", "bibtex"]);
    assert_eq!(code, Some(0), "{stderr}");
    let parsed = biblatex::Bibliography::parse(&stdout).unwrap();
    // Both works, sorted by id and then in the order read, with unique keys.
    let titles: Vec<(String, String)> = parsed
        .iter()
        .map(|e| (e.key.clone(), e.fields["title"].format_verbatim()))
        .collect();
    assert_eq!(
        titles,
        [
            (
                "nao-2024".to_string(),
                "Investigation into the costs of the UK-Rwanda partnership".to_string()
            ),
            (
                "nao-2024-2".to_string(),
                "Update on the costs of the UK-Rwanda partnership".to_string()
            ),
        ]
    );
    assert!(
        stderr.contains("warning: the source id \"nao-2024\" names different works"),
        "{stderr}"
    );
}

#[test]
fn csl_json_has_the_csl_fields() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "a.toml",
        &deal("A", &format!("{NAO}accessed = 2026-12-03\n")),
    );
    let csl: Value = serde_json::from_str(&sources(&[&file, "--format", "csl-json"])).unwrap();
    assert_eq!(
        csl,
        serde_json::json!([{
            "id": "nao-2024",
            "type": "webpage",
            "title": "Investigation into the costs of the UK-Rwanda partnership",
            "publisher": "National Audit Office",
            "URL": "https://www.nao.org.uk/reports/uk-rwanda/",
            "issued": { "date-parts": [[2024, 3, 1]] },
            "accessed": { "date-parts": [[2026, 12, 3]] }
        }])
    );
    // And the same work in BibTeX: biblatex's @online, accessed as urldate.
    let bibtex = sources(&[&file, "--format", "bibtex"]);
    let parsed = biblatex::Bibliography::parse(&bibtex).unwrap();
    let entry = parsed.get("nao-2024").unwrap();
    assert_eq!(entry.fields["urldate"].format_verbatim(), "2026-12-03");
    assert_eq!(entry.fields["date"].format_verbatim(), "2024-03-01");
    assert_eq!(
        entry.fields["organization"].format_verbatim(),
        "National Audit Office"
    );
}

#[test]
fn a_hostile_title_is_text_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    // BibTeX specials, a spreadsheet formula, a terminal escape, non-ASCII.
    let title = r#"=HYPERLINK(\"http://x\") {50% & $1 #2 _3 ^4 ~5 \\ } Genève \u001b[2J"#;
    let file = write_scenario(
        dir.path(),
        "h.toml",
        &deal(
            "H",
            &format!(
                "[[source]]\nid = \"a b/ç\"\ntitle = \"{title}\"\n\
                 url = \"https://example.org/{{x}} y\"\n"
            ),
        ),
    );
    let bibtex = sources(&[&file, "--format", "bibtex"]);
    assert!(!bibtex.contains('\u{1b}'), "{bibtex}");
    let parsed = biblatex::Bibliography::parse(&bibtex)
        .unwrap_or_else(|e| panic!("not BibTeX ({e:?}):\n{bibtex}"));
    let entry = parsed.iter().next().unwrap();
    // The id made a key BibTeX accepts: space, `/` and `ç` become `-`.
    assert_eq!(entry.key, "a-b--");
    // Read back, the title is the text of the file, the escape shown as \u{1b}.
    assert_eq!(
        entry.fields["title"].format_verbatim(),
        "=HYPERLINK(\"http://x\") {50% & $1 #2 _3 ^4 ~5 \\ } Genève \\u{1b}[2J"
    );
    // The address keeps its meaning, its braces and space percent-encoded.
    assert_eq!(
        entry.fields["url"].format_verbatim(),
        "https://example.org/%7Bx%7D%20y"
    );
    // CSL-JSON: the exact text, the escape character escaped by JSON.
    let csl_text = sources(&[&file, "--format", "csl-json"]);
    assert!(!csl_text.contains('\u{1b}'), "{csl_text}");
    let csl: Value = serde_json::from_str(&csl_text).unwrap();
    assert_eq!(
        csl[0]["title"],
        "=HYPERLINK(\"http://x\") {50% & $1 #2 _3 ^4 ~5 \\ } Genève \u{1b}[2J"
    );
    // The table shows the escape instead of obeying it.
    let table = sources(&[&file]);
    assert!(table.contains(r"Genève \u{1b}[2J"), "{table}");
    assert!(!table.contains('\u{1b}'), "{table}");
}

#[test]
fn a_title_with_a_lone_brace_keeps_the_bibtex_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    // One `}` too many: written `\}`, BibTeX and biber (which count every
    // brace, backslash or not) would end the title there and read the rest,
    // `, note = {x`, as more of the entry.
    let file = write_scenario(
        dir.path(),
        "h.toml",
        &deal(
            "H",
            "[[source]]\nid = \"s\"\ntitle = \"Costs} , note = {x\"\n",
        ),
    );
    let bibtex = sources(&[&file, "--format", "bibtex"]);
    // Counted as BibTeX counts: never below 0 inside the entry, 0 at its end.
    let mut depth = 0i32;
    for c in bibtex.chars() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        assert!(depth >= 0, "a brace ends the entry early:\n{bibtex}");
    }
    assert_eq!(depth, 0, "{bibtex}");
    assert!(!bibtex.contains(r"\}"), "{bibtex}");
    let parsed = biblatex::Bibliography::parse(&bibtex)
        .unwrap_or_else(|e| panic!("not BibTeX ({e:?}):\n{bibtex}"));
    let entry = parsed.iter().next().unwrap();
    assert_eq!(entry.fields.len(), 1, "one field, the title: {bibtex}");
    assert_eq!(
        entry.fields["title"].format_verbatim(),
        "Costs} , note = {x"
    );
}

#[test]
fn sources_are_written_to_a_file_but_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "a.toml", &deal("A", NAO));
    let out = dir.path().join("deals.bib");
    let Run { code, stderr, .. } = run([
        "sources",
        &file,
        "--format",
        "bibtex",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("@online{nao-2024,\n"), "{written}");
    // The scenario itself as the output: refused, the file untouched.
    let before = std::fs::read_to_string(&file).unwrap();
    let Run { code, .. } = run(["sources", &file, "-o", &file]);
    assert_eq!(code, Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}

#[test]
fn compare_csv_and_json_list_the_ids_of_each_scenarios_sources() {
    let dir = tempfile::tempdir().unwrap();
    let two = format!("{NAO}\n[[source]]\nid = \"hansard\"\ntitle = \"Debate\"\n");
    let file = write_scenario(dir.path(), "a.toml", &deal("A", &two));
    let csv = run(["compare", &file, "--format", "csv"]).succeeds();
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",as_of,sources"), "{header}");
    // Joined as `overrides` is: "; " between, in the file's order.
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",,nao-2024; hansard"),
        "{csv}"
    );
    let json: Value =
        serde_json::from_str(&run(["compare", &file, "--format", "json"]).succeeds()).unwrap();
    assert_eq!(
        json[0]["sources"],
        serde_json::json!(["nao-2024", "hansard"])
    );
    // No sources: an empty cell, an empty array.
    let none = write_scenario(dir.path(), "b.toml", &deal("B", ""));
    let json: Value =
        serde_json::from_str(&run(["compare", &none, "--format", "json"]).succeeds()).unwrap();
    assert_eq!(json[0]["sources"], serde_json::json!([]));
}

#[test]
fn the_report_lists_every_work_once_in_a_bibliography() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &deal("Deal A", NAO));
    let b = write_scenario(dir.path(), "b.toml", &deal("Deal B", NAO));
    let out = dir.path().join("report.md");
    run([
        "report",
        &a,
        &b,
        "--format",
        "markdown",
        "-o",
        &out.display().to_string(),
    ])
    .succeeds();
    let report = std::fs::read_to_string(&out).unwrap();
    let bibliography = &report[report.find("## Bibliography").expect("a bibliography")..];
    let bibliography = &bibliography[..bibliography.find("## Method").unwrap()];
    // One line for the work both deals cite.
    assert_eq!(bibliography.matches("\n- ").count(), 1, "{bibliography}");
    assert!(
        bibliography.contains("National Audit Office, 2024-03-01; cited by Deal A, Deal B"),
        "{bibliography}"
    );
}
