//! Output that cannot attack its reader: a scenario's text is shown, never run.
//! A name that is a spreadsheet formula, a terminal escape sequence, Markdown
//! or HTML, and a source address that would run a script, through every
//! output that shows them (issue 16).

use super::{Run, costcalc, run, write_scenario};

/// A deal whose every piece of text is an attack on some reader.
const HOSTILE: &str = r##"
name = "=HYPERLINK(\"http://x\",\"y\")"
currency = "GBP"
summary = "# Owned\n<script>alert(1)</script> [click](javascript:alert(1))"

[[cost]]
item = "- <img src=x onerror=alert(1)>"
amount = 1000
basis = "fixed"
source = "s"

[outcomes]
removals = 10

[[source]]
id = "s"
title = "[x](javascript:alert(1))"
url = "https://example.org/a) [y](javascript:alert(2)"
"##;

/// A deal whose name clears the screen, then sets the window's title (ended
/// by BEL), and whose summary and cost item carry escapes too.
const ESCAPES: &str = r#"
name = "Deal \u001b[2J\u001b]0;owned\u0007"
currency = "GBP"
summary = "Cheap\rDear \u202efdp.exe"

[[cost]]
item = "Flights \u001b[31m"
amount = 2000
basis = "fixed"

[outcomes]
removals = { dist = "uniform", min = 5, max = 15 }
"#;

/// The line of `csv` that starts with `start`.
fn line<'a>(csv: &'a str, start: &str) -> &'a str {
    csv.lines()
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in:\n{csv}"))
}

#[test]
fn a_csv_cell_a_spreadsheet_would_run_starts_with_an_apostrophe() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = write_scenario(dir.path(), "hostile.toml", HOSTILE);
    // The name is quoted (it holds commas and quotes, each doubled) and starts
    // with `'`; the numbers after it are numbers: 1000 / 10 = 100.00 per removal.
    let name = r#""'=HYPERLINK(""http://x"",""y"")""#;
    let csv = run(["compare", &hostile, "--format", "csv"]).succeeds();
    let row = line(&csv, name);
    assert!(
        row.contains(",GBP,1000.00,10,observed,100.00,"),
        "numbers are never guarded: {row}"
    );
    // The same in sweep, and in frontier (a table of the other kind).
    let csv = run([
        "sweep",
        &hostile,
        "--vary",
        "outcomes.removals=10:20:10",
        "--format",
        "csv",
    ])
    .succeeds();
    // 1000 / 20 = 50.00.
    assert!(line(&csv, "20,").contains(&format!(",{name},")), "{csv}");
    let other = write_scenario(
        dir.path(),
        "other.toml",
        "name = \"Other\"\ncurrency = \"GBP\"\n[[cost]]\nitem = \"x\"\namount = 5000\nbasis = \"fixed\"\n[outcomes]\nremovals = 20\n",
    );
    let csv = run(["frontier", &hostile, &other, "--format", "csv"]).succeeds();
    line(&csv, name);
}

#[test]
fn a_file_name_that_is_a_formula_is_guarded_in_every_draw() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(dir.path(), "=1+1.toml", ESCAPES);
    let output = costcalc()
        .current_dir(dir.path())
        .args(["simulate", "=1+1.toml", "-n", "3", "--seed", "1"])
        .args(["--samples", "draws.csv", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let draws = std::fs::read_to_string(dir.path().join("draws.csv")).unwrap();
    // A header, then 3 draws of the one input and of each metric, every line
    // of them starting with the guarded file name.
    let rows: Vec<&str> = draws.lines().skip(1).collect();
    assert!(rows.len() >= 6, "{draws}");
    for row in rows {
        assert!(row.starts_with("'=1+1.toml,"), "{row}");
    }
    // The summary shows the name's escapes.
    let summary = String::from_utf8(output.stdout).unwrap();
    line(&summary, "Deal \\u{1b}[2J\\u{1b}]0;owned\\u{7},total_cost,");
}

#[test]
fn terminal_escape_sequences_in_text_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let escapes = write_scenario(dir.path(), "escapes.toml", ESCAPES);
    // (The terminal table wraps the name after "Deal".)
    let shown = "\\u{1b}[2J\\u{1b}]0;owned\\u{7}";
    let table = run(["compare", &escapes]).succeeds();
    let show = run(["show", &escapes]).succeeds();
    let tornado = run(["tornado", &escapes]).succeeds();
    let simulate = run(["simulate", &escapes, "-n", "100", "--seed", "1"]).succeeds();
    let csv = run(["compare", &escapes, "--format", "csv"]).succeeds();
    for (what, out) in [
        ("compare", &table),
        ("show", &show),
        ("tornado", &tornado),
        ("simulate", &simulate),
        ("csv", &csv),
    ] {
        assert!(out.contains(shown), "{what} does not show the name:\n{out}");
        assert!(
            !out.contains(['\u{1b}', '\u{7}', '\r', '\u{202e}']),
            "{what} sent a control character:\n{out}"
        );
    }
    // `show` has the summary (a lone carriage return, a right-to-left
    // override) and the cost item.
    assert!(show.contains("Cheap\\u{d}Dear \\u{202e}fdp.exe"), "{show}");
    assert!(show.contains("Flights \\u{1b}[31m"), "{show}");
    // Messages on stderr quote names as well: --reference names no scenario.
    let Run { stderr, .. } = run(["frontier", &escapes, "--reference", "x\u{1b}[2J"])
        .fails_with("--reference \"x\\u{1b}[2J\"");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

#[test]
fn a_problem_quoting_an_escape_sequence_shows_it_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // The address holds ESC (written \u001b in TOML) and is not a web address.
    let file = write_scenario(
        dir.path(),
        "bad-url.toml",
        "name = \"x\"\ncurrency = \"GBP\"\n[[source]]\nid = \"s\"\ntitle = \"t\"\nurl = \"\\u001b[2J\"\n",
    );
    let Run { stderr, .. } =
        run(["check", &file]).fails_with("`url` \"\\u{1b}[2J\" is not a web address");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

#[test]
fn a_raw_escape_in_a_file_is_shown_escaped_under_its_caret() {
    let dir = tempfile::tempdir().unwrap();
    // TOML refuses a raw ESC in a string; the line is quoted in the message.
    let file = write_scenario(
        dir.path(),
        "raw.toml",
        "name = \"a\u{1b}[2Jb\"\ncurrency = \"GBP\"\n",
    );
    let Run { stderr, .. } = run(["check", &file]).fails_with("invalid TOML");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    // The caret is under the escape, all 6 characters of `\u{1b}`: column 10
    // is the ESC (after `name = "a`, 9 characters).
    assert!(stderr.contains(":1:10: "), "{stderr}");
    assert!(
        stderr.contains("1 | name = \"a\\u{1b}[2Jb\"\n  |          ^^^^^^\n"),
        "{stderr}"
    );
}

#[test]
fn the_markdown_report_is_text_with_no_markup_from_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = write_scenario(dir.path(), "hostile.toml", HOSTILE);
    let path = dir.path().join("report.md");
    run([
        "report".as_ref(),
        hostile.as_ref(),
        "--format".as_ref(),
        "markdown".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ])
    .succeeds();
    let markdown = std::fs::read_to_string(&path).unwrap();
    // As a reader sees it: rendered by a CommonMark parser with every
    // extension (GitHub's tables, strikethrough, footnotes, math...) but the
    // one that curls quotes.
    let options =
        pulldown_cmark::Options::all() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&markdown, options),
    );
    // No HTML from the file, no link but the source's address, no heading or
    // list made by the summary or the cost item.
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("javascript:alert(1)\""), "{html}");
    let links: Vec<&str> = html
        .match_indices("href=\"")
        .map(|(i, _)| &html[i..])
        .collect();
    // The source's, under the scenario and in the bibliography.
    assert_eq!(links.len(), 2, "{html}");
    // The address's `)` and space cannot end it: it is one link, to the whole
    // address (the space percent-encoded).
    for link in links {
        assert!(
            link.starts_with("href=\"https://example.org/a)%20%5By%5D(javascript:alert(2)\""),
            "{html}"
        );
    }
    // The texts are all there, as text.
    for text in [
        r#"<h3>=HYPERLINK("http://x","y")</h3>"#,
        "<p># Owned &lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(1))</p>",
        "<li>- &lt;img src=x onerror=alert(1)&gt;: GBP 1,000 (fixed)</li>",
        "[x](javascript:alert(1))",
    ] {
        assert!(html.contains(text), "no {text:?} in\n{html}");
    }
}

#[test]
fn the_html_report_forbids_scripts_and_remote_loads() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = write_scenario(dir.path(), "hostile.toml", HOSTILE);
    let path = dir.path().join("report.html");
    run([
        "report".as_ref(),
        hostile.as_ref(),
        "-n".as_ref(),
        "100".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ])
    .succeeds();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">"
    ));
    // It comes before anything the page draws.
    assert!(html.find("Content-Security-Policy") < html.find("<style>"));
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_rates_file_series_name_is_shown_not_obeyed() {
    // `costcalc rates` prints each series' name: an escape sequence in it
    // (clear the screen) is shown as \u{1b}, never sent raw to the terminal.
    let dir = tempfile::tempdir().unwrap();
    let rates = write_scenario(
        dir.path(),
        "rates.toml",
        "[[series]]\nkind = \"fx\"\ncurrency = \"GBP\"\nname = \"=N\\u001b[2J\"\nsource = \"s\"\n\
         [series.values]\n\"2024\" = \"1.28\"\n",
    );
    let stdout = run(["rates", "--rates", &rates]).succeeds();
    assert!(stdout.contains("GBP fx: =N\\u{1b}[2J"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
}
