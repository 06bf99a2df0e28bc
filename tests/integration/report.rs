//! `costcalc report` as a student hands it in (issue 19, point 4): printed to
//! PDF by headless Chromium with every column of the comparison, titled and
//! signed with `--title` and `--author`, citing the exchange rates and price
//! indices its conversion used, and marking hypothetical scenarios.

use std::path::{Path, PathBuf};

use super::charts::find_chromium;
use super::{on_path, run, write_scenario};

/// The comparison's column headers, as the report prints them.
const HEADERS: [&str; 9] = [
    "Scenario",
    "Total cost",
    "Removals",
    "Cost per removal",
    "Capacity used",
    "Blocked by courts",
    "Court rulings that blocked",
    "Cost vs baseline",
    "Break-even removals",
];

/// The report of every shipped scenario in 2024 US dollars, 2,000 draws, with
/// `extra` arguments.
fn report(dir: &Path, extra: &[&str]) -> PathBuf {
    let args: Vec<&str> = ["-n", "2000"].iter().chain(extra).copied().collect();
    super::charts::shipped_report(dir, &args)
}

/// `html` printed to PDF by headless Chromium (the page size is the page's
/// `@page size`, else Chromium's default, Letter).
fn print_to_pdf(chromium: &Path, html: &Path, pdf: &Path) {
    let profile = html.with_extension("profile");
    let output = super::charts::headless(chromium, &profile)
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("Chromium runs");
    assert!(
        output.status.success() && pdf.is_file(),
        "Chromium did not print {}:\n{}",
        html.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The text of `pages` of `pdf` by `pdftotext`: in the order it is drawn
/// (`-raw`, so a header wrapped onto two lines reads as one), with every run
/// of white space one space; or with `-bbox`, the words and page sizes.
fn pdf_text(pdftotext: &Path, pdf: &Path, pages: (u32, u32), mode: &str) -> String {
    let output = std::process::Command::new(pdftotext)
        .args([mode, "-f", &pages.0.to_string(), "-l", &pages.1.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed on {pdf:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Chromium and pdftotext, or `None` (the test is skipped) when either is
/// missing, except where CI requires them with `COSTCALC_REQUIRE_BROWSER`.
fn browser_and_pdftotext(test: &str) -> Option<(PathBuf, PathBuf)> {
    let found = (find_chromium(), on_path(&["pdftotext"]));
    if let (Some(chromium), Some(pdftotext)) = found {
        return Some((chromium, pdftotext));
    }
    // CI installs both and sets COSTCALC_REQUIRE_BROWSER, so there this fails.
    assert!(
        std::env::var_os("COSTCALC_REQUIRE_BROWSER").is_none(),
        "COSTCALC_REQUIRE_BROWSER is set but Chromium or pdftotext was not found \
         (Chromium: {:?}, pdftotext: {:?})",
        found.0,
        found.1
    );
    eprintln!(
        "SKIPPED {test}: no Chromium or no pdftotext found (install Debian's chromium and \
         poppler-utils, or set CHROMIUM=/path/to/chromium)"
    );
    None
}

#[test]
fn the_printed_report_shows_every_column_on_letter_and_a4() {
    let Some((chromium, pdftotext)) =
        browser_and_pdftotext("the_printed_report_shows_every_column_on_letter_and_a4")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = report(
        dir.path(),
        &["--title", "Paying to remove", "--author", "A. Student"],
    );
    // Chromium prints on Letter unless the page names a size, and its size
    // cannot be chosen from the command line: the A4 copy names it, as a
    // reader's print dialog would choose it.
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("@page { size: auto;"), "the printer's size");
    let a4 = dir.path().join("report-a4.html");
    std::fs::write(&a4, page.replace("</style>", "@page { size: A4; }</style>")).unwrap();
    // Letter is 612 points wide; A4 210 mm = 595.28 points (Chromium rounds
    // it to whole pixels: 594.96).
    for (html, paper, width) in [(&html, "Letter", 612.0), (&a4, "A4", 595.28)] {
        let pdf = html.with_extension("pdf");
        print_to_pdf(&chromium, html, &pdf);
        let boxes = pdf_text(&pdftotext, &pdf, (1, 1), "-bbox");
        let printed: f64 = boxes
            .split("<page width=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|w| w.parse().ok())
            .expect("a page width");
        assert!(
            (printed - width).abs() < 1.0,
            "printed {printed} points wide, not on {paper}"
        );
        // The comparison is on the first page. A column cut off at the page's
        // edge (as `overflow-x: auto` did) is not drawn, so its header is
        // missing from the text: every header must be there, as must the
        // last column's values for two rows on that page (Break-even
        // removals: fixed cost ÷ the baseline's USD 14,185.74 a person, rounded
        // up: US–El Salvador's 4,637,962.74 ÷ 14,185.74 = 326.95, so 327; the
        // hypothetical US–Rwanda at 250's 7,307,714.41 ÷ 14,185.74 = 515.1, so
        // 516).
        let first = pdf_text(&pdftotext, &pdf, (1, 1), "-raw");
        // A header may wrap at its own hyphen ("Break-" over "even removals"
        // on A4): the text then reads "Break- even", and the column is whole.
        let joined = first.replace("- ", "-");
        for header in HEADERS {
            assert!(
                joined.contains(header),
                "{paper}: no {header:?} on page 1:\n{first}"
            );
        }
        for cell in [" 327", " 516", "(hypothetical)"] {
            assert!(first.contains(cell), "{paper}: no {cell:?}:\n{first}");
        }
        assert!(
            first.starts_with("Paying to remove By A. Student A report by costcalc"),
            "{paper}: {first}"
        );
        // On paper a link's address is spelled out, in the sources and in the
        // rates used (the BLS CPI's source is the datasets/cpi-us repository).
        let all = pdf_text(&pdftotext, &pdf, (1, 999), "-raw");
        assert!(
            all.contains("Exchange rates and price indices used"),
            "{paper}: no rates section"
        );
        assert!(
            all.contains("(https://github.com/datasets/cpi-us)"),
            "{paper}: the CPI's address is not spelled out"
        );
        eprintln!("{paper}, page 1 as text:\n{first}");
    }
}

#[test]
fn title_and_author_head_both_formats_escaped_as_all_text() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Deals <b>& \"costs\"</b>";
    let author = "# A. Student *et al.*";
    let html = dir.path().join("r.html");
    let markdown = dir.path().join("r.md");
    for (path, format) in [(&html, "html"), (&markdown, "markdown")] {
        let stderr = run([
            "report".as_ref(),
            "scenarios/uk-rwanda.toml".as_ref(),
            "--title".as_ref(),
            title.as_ref(),
            "--author".as_ref(),
            author.as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "-n".as_ref(),
            "200".as_ref(),
            "-o".as_ref(),
            path.as_os_str(),
        ])
        .stderr;
        assert!(path.is_file(), "{stderr}");
    }
    let html = std::fs::read_to_string(&html).unwrap();
    let escaped = "Deals &lt;b&gt;&amp; &quot;costs&quot;&lt;/b&gt;";
    assert!(html.contains(&format!("<h1>{escaped}</h1>")), "{html}");
    assert!(html.contains(&format!("<title>{escaped} — costcalc report</title>")));
    assert!(html.contains("<p class=\"meta author\">By # A. Student *et al.*</p>"));
    assert!(html.contains("<meta name=\"author\" content=\"# A. Student *et al.*\">"));
    // In Markdown the title is the heading, with its markup escaped, and the
    // author's `#` and `*` are text, not a heading or emphasis.
    let markdown = std::fs::read_to_string(&markdown).unwrap();
    assert!(
        markdown.starts_with(
            "# Deals \\<b\\>\\& \"costs\"\\</b\\>\n\nBy \\# A. Student \\*et al.\\*.  \n"
        ),
        "{markdown}"
    );
    // Without --title, the title it always had; without --author, no byline.
    let Some(default) = run([
        "report",
        "scenarios/uk-rwanda.toml",
        "-f",
        "markdown",
        "-o",
        "-",
    ])
    .succeeds()
    .lines()
    .next()
    .map(String::from) else {
        panic!("an empty report");
    };
    assert_eq!(default, "# Cost-effectiveness of migration deals");
}

#[test]
fn the_report_cites_each_rate_and_price_index_it_converted_with() {
    let dir = tempfile::tempdir().unwrap();
    // UK–Rwanda's costs are in GBP at 2024 prices, its baseline at 2023
    // prices: to USD at 2024 prices the costs need only the 2024 GBP exchange
    // rate (no price index: same year; a US dollar needs no rate), and the
    // baseline also GBP's price index for 2023 and 2024 (the ONS's 130.5, and
    // 133.853). The built-in table's rate is 1.2781 US dollars per pound.
    let converted = run([
        "report",
        "scenarios/uk-rwanda.toml",
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "-f",
        "markdown",
        "-o",
        "-",
    ])
    .succeeds();
    let section = converted
        .split("## Exchange rates and price indices used")
        .nth(1)
        .and_then(|rest| rest.split("## Method").next())
        .unwrap_or_else(|| panic!("no rates section:\n{converted}"));
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
        .collect();
    assert_eq!(rows.len(), 4, "a header and three rates:\n{section}");
    assert!(
        rows[1].starts_with("| Consumer price index | GBP | 2023 | 130.5 |"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].starts_with("| Consumer price index | GBP | 2024 | 133.853 |"),
        "{}",
        rows[2]
    );
    assert!(
        rows[3].starts_with("| Exchange rate (US dollars per unit) | GBP | 2024 | 1.2781 |")
            && rows[3].contains("(https://github.com/datasets/exchange-rates)")
            && rows[3].contains("retrieved 2026-11-28"),
        "{}",
        rows[3]
    );
    // To 2025 prices the costs also need GBP's price index for 2024 and 2025,
    // and the 2025 rate; a rate from the user's --rates file says which file.
    let mine = write_scenario(
        dir.path(),
        "my-rates.toml",
        "[[series]]\nkind = \"fx\"\ncurrency = \"GBP\"\nname = \"my pound\"\n\
         title = \"My <notes>\"\nurl = \"https://example.org/fx\"\nretrieved = 2026-01-02\n\
         [series.values]\n\"2025\" = \"1.3\"\n",
    );
    let html = dir.path().join("r.html");
    let stderr = run([
        "report".as_ref(),
        "scenarios/uk-rwanda.toml".as_ref(),
        "--currency".as_ref(),
        "USD".as_ref(),
        "--price-year".as_ref(),
        "2025".as_ref(),
        "--rates".as_ref(),
        mine.as_ref(),
        "-n".as_ref(),
        "200".as_ref(),
        "-o".as_ref(),
        html.as_os_str(),
    ])
    .stderr;
    let page = std::fs::read_to_string(&html).unwrap_or_else(|_| panic!("{stderr}"));
    let section = page
        .split("<section id=\"rates\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a rates section");
    let cells: Vec<&str> = section
        .split("<tr><td>")
        .skip(1)
        .map(|row| row.split("</td>").next().unwrap())
        .collect();
    // GBP's index for 2023 (the baseline's year), 2024 (the costs') and 2025.
    assert_eq!(
        cells,
        [
            "Consumer price index",
            "Consumer price index",
            "Consumer price index",
            "Exchange rate (US dollars per unit)"
        ],
        "{section}"
    );
    assert!(section.contains("<td class=\"number\">2025</td><td class=\"number\">1.3</td><td>my pound</td><td><a href=\"https://example.org/fx\">My &lt;notes&gt;</a>; retrieved 2026-01-02; from "), "{section}");
    // Nothing converted: no rates to cite.
    let unconverted = run([
        "report",
        "scenarios/uk-rwanda.toml",
        "-f",
        "markdown",
        "-o",
        "-",
    ])
    .succeeds();
    assert!(!unconverted.contains("## Exchange rates"), "{unconverted}");
}

#[test]
fn hypothetical_scenarios_are_marked_in_the_reports_tables() {
    // hypothetical-us-rwanda-250 has status = "hypothetical"; us-rwanda is
    // active. Only the first is marked, in both formats.
    let markdown = run([
        "report",
        "scenarios/us-rwanda.toml",
        "scenarios/hypothetical-us-rwanda-250.toml",
        "-f",
        "markdown",
        "-o",
        "-",
    ])
    .succeeds();
    let rows: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("Rwanda"))
        .collect();
    assert_eq!(rows.len(), 2, "{markdown}");
    assert!(
        rows.iter().any(|r| r.starts_with(
            "| Hypothetical: US–Rwanda if all 250 agreed places were used (hypothetical) |"
        )),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(
            |r| r.starts_with("| US–Rwanda third-country removal agreement ")
                && !r.contains("(hypothetical)")
        ),
        "{rows:?}"
    );
    let html = run([
        "report",
        "scenarios/us-rwanda.toml",
        "scenarios/hypothetical-us-rwanda-250.toml",
        "-n",
        "200",
        "-o",
        "-",
    ])
    .succeeds();
    assert_eq!(
        html.matches("<span class=\"status\">(hypothetical)</span>")
            .count(),
        2,
        "one hypothetical scenario, marked in the comparison and over its details"
    );
}

#[test]
fn both_reports_say_when_each_scenarios_facts_were_checked() {
    // Issue 20: one scenario checked on 2026-11-30, one that does not say.
    let dir = tempfile::tempdir().unwrap();
    let dated = super::write_scenario(
        dir.path(),
        "dated.toml",
        "name = \"Dated deal\"\ncurrency = \"USD\"\nas_of = 2026-11-30\n[[cost]]\nitem = \"x\"\n\
         amount = 100\n[outcomes]\nremovals = 4\n",
    );
    let undated = super::write_scenario(
        dir.path(),
        "undated.toml",
        "name = \"Undated deal\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"x\"\namount = 300\n\
         [outcomes]\nremovals = 4\n",
    );
    let markdown = run(["report", &dated, &undated, "-f", "markdown", "-o", "-"]).succeeds();
    // The comparison's last column, and a line under the dated one's heading.
    let last_cell = |name: &str| {
        let row = markdown
            .lines()
            .find(|l| l.starts_with(&format!("| {name} ")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{markdown}"));
        row.trim_end_matches('|')
            .rsplit('|')
            .next()
            .unwrap()
            .trim()
            .to_string()
    };
    assert_eq!(last_cell("Dated deal"), "2026-11-30", "{markdown}");
    assert_eq!(last_cell("Undated deal"), "not stated", "{markdown}");
    assert!(
        markdown.contains("### Dated deal\n\nFacts as of 2026-11-30.\n"),
        "{markdown}"
    );
    let html = run(["report", &dated, &undated, "-n", "100", "-o", "-"]).succeeds();
    // Under the name in the comparison, and among the scenario's facts.
    assert!(
        html.contains("<span class=\"status\">facts as of 2026-11-30</span>"),
        "{html}"
    );
    assert!(
        html.contains("<dt>facts as of</dt><dd>2026-11-30</dd>"),
        "{html}"
    );
    assert!(
        html.contains("<dt>facts as of</dt><dd>not stated</dd>"),
        "{html}"
    );
}
