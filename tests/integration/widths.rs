//! Tables that fit the width they are given (`COLUMNS`, or the terminal's),
//! down to 80 columns, by leaving out columns rather than wrapping rows; no
//! wrapping at all when nothing limits the width; `short_name` in tables.

use super::{
    Run, UNCONVERTIBLE, UNCONVERTIBLE_NAME, costcalc, left_out_line, run, shipped, write_scenario,
};

/// What `costcalc ARGS` prints with `COLUMNS=width` (stdout is a pipe here).
fn at_width(width: u16, args: &[&str]) -> String {
    let output = costcalc()
        .env("COLUMNS", width.to_string())
        .args(args)
        .output()
        .expect("costcalc runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// [`at_width`] for a command that puts every shipped scenario in 2024 US
/// dollars: all but [`UNCONVERTIBLE`] are shown, a note under the table names
/// it, and the run fails (exit 1) with its reason.
fn at_width_leaving_out(width: u16, args: &[&str]) -> String {
    let output = costcalc()
        .env("COLUMNS", width.to_string())
        .args(args)
        .output()
        .expect("costcalc runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&left_out_line()), "{stderr}");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(stdout.contains(UNCONVERTIBLE_NAME), "{stdout}");
    stdout
}

/// Asserts that no line is wider than `width` characters on screen.
#[track_caller]
fn fits(text: &str, width: u16) {
    for line in text.lines() {
        let shown = unicode_width::UnicodeWidthStr::width(line);
        assert!(
            shown <= usize::from(width),
            "{shown} > {width} columns: {line:?}\n{text}"
        );
    }
}

fn compare_args(files: &[String]) -> Vec<&str> {
    std::iter::once("compare")
        .chain(files.iter().map(String::as_str))
        .collect()
}

#[test]
fn compare_fits_80_100_and_160_columns() {
    let files = shipped();
    for width in [80, 100, 160] {
        let text = at_width(width, &compare_args(&files));
        fits(&text, width);
        insta::assert_snapshot!(format!("compare_at_{width}"), text);
    }
}

#[test]
fn at_80_columns_compare_keeps_the_name_cost_per_removal_and_says_what_it_left_out() {
    let text = at_width(80, &compare_args(&shipped()));
    // The natural widths (widest cell or header line + 2 of padding), with a
    // column between each two: Scenario ("Hyp. US third country") 21+2, Total
    // cost 18+2, Removals ("180.55 (exp.)") 13+2, Cost per removal ("GBP
    // 175,000,000") 15+2, Capacity used 8+2, Court-blocked 7+2, Court blocks
    // 6+2, vs baseline 8+2, Break-even removals 10+2, Facts as of 10+2: 136 + 9
    // = 145. Leaving out Break-even (132), Court blocks (123), Capacity used
    // (112), Court-blocked (102), Total cost (81), Facts as of (68) fits 80;
    // put back, latest first, only Court-blocked fits (78).
    let rule = text.lines().next().unwrap();
    assert_eq!(rule.chars().count(), 78, "{text}");
    let header = text.lines().nth(1).unwrap();
    assert!(header.contains("Court-"), "{text}");
    assert!(!header.contains("Total cost"), "{text}");
    assert!(text.contains(" UK–Rwanda "), "{text}");
    assert!(text.contains("Cost per"), "{text}");
    assert!(
        text.contains("left out to fit 80 columns: Total cost, Capacity used"),
        "{text}"
    );
    // No scenario's label is split over two lines.
    for label in ["Hyp. UK–Rwanda 300", "Hyp. US third country", "Nauru/Manus"] {
        assert!(text.contains(label), "{label} whole in:\n{text}");
    }
}

#[test]
fn without_a_terminal_or_columns_no_row_is_wrapped_and_every_column_is_shown() {
    let text = run(compare_args(&shipped())).succeeds();
    // One line per scenario: each label's line also holds its cost per removal.
    for (label, cost) in [
        ("Nauru/Manus", "AUD 2,868,754"),
        ("Hyp. UK–Rwanda 300", "GBP 2,536,260"),
        ("US–Eswatini", "USD 340,000"),
    ] {
        let line = text.lines().find(|l| l.contains(label)).unwrap();
        assert!(line.contains(cost), "{line}");
    }
    assert!(text.contains("Break-even"), "{text}");
    assert!(!text.contains("left out"), "{text}");
}

#[test]
fn tornado_fits_80_100_and_160_columns() {
    for width in [80, 100, 160] {
        let text = at_width(
            width,
            &[
                "tornado",
                "scenarios/hypothetical-us-third-country-uncertain.toml",
            ],
        );
        fits(&text, width);
        insta::assert_snapshot!(format!("tornado_at_{width}"), text);
    }
}

#[test]
fn mixed_currencies_are_grouped_under_a_heading_each_and_ranked_within_it() {
    let text = at_width(160, &compare_args(&shipped()));
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(needle))
            .unwrap_or_else(|| panic!("{needle} in\n{text}"))
    };
    // Headings in currency-code order, each before its own rows only.
    let (aud, eur, gbp, usd) = (
        at("── AUD ──"),
        at("── EUR ──"),
        at("── GBP ──"),
        at("── USD ──"),
    );
    assert!(aud < at("Nauru/Manus") && at("Nauru/Manus") < eur, "{text}");
    assert!(
        eur < at("Italy–Albania") && at("Italy–Albania") < gbp,
        "{text}"
    );
    // Within GBP by cost per removal: 2,536,260 first, the n/a of UK–Rwanda last.
    assert!(gbp < at("Hyp. UK–Rwanda 300") && at("Hyp. UK–Rwanda 300") < at("UK–Rwanda "));
    assert!(at("UK–Rwanda ") < usd, "{text}");
    // Within USD: 20,000 < 30,000 < 33,411 < 340,000 < 1,071,429.
    let usd_order = [
        "US–El Salvador",
        "Hyp. US–Rwanda 250",
        "Hyp. US third country",
        "US–Eswatini",
        "US–Rwanda ",
    ];
    let places: Vec<usize> = usd_order.iter().map(|n| at(n)).collect();
    assert!(usd < places[0] && places.is_sorted(), "{text}");
    assert!(
        text.contains("add --currency USD --price-year 2024"),
        "{text}"
    );
}

#[test]
fn one_currency_has_no_headings() {
    let text = at_width_leaving_out(
        160,
        &[
            "compare",
            "scenarios/",
            "--currency",
            "USD",
            "--price-year",
            "2024",
        ],
    );
    assert!(!text.contains("── USD ──"), "{text}");
    assert!(!text.contains("add --currency"), "{text}");
}

#[test]
fn short_name_is_used_in_tables_and_the_full_name_in_csv_and_show() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "long.toml",
        "name = \"A very long name for a deal that would wrap in any table\"\n\
         short_name = \"Long deal\"\ncurrency = \"USD\"\n",
    );
    let table = at_width(100, &["compare", &file]);
    assert!(table.contains("Long deal"), "{table}");
    assert!(!table.contains("A very long name"), "{table}");
    let csv = run(["compare", &file, "--format", "csv"]).succeeds();
    assert!(csv.contains("A very long name for a deal that would wrap in any table"));
    let show = run(["show", &file]).succeeds();
    assert!(show.contains("A very long name for a deal that would wrap in any table"));
}

#[test]
fn a_short_name_too_long_or_empty_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    // "UK–Rwanda partnership 2022" is 26 characters (the dash is one).
    let long = write_scenario(
        dir.path(),
        "long.toml",
        "name = \"x\"\nshort_name = \"UK–Rwanda partnership 2022\"\ncurrency = \"GBP\"\n",
    );
    run(["check", &long])
        .fails_with("long.toml:2:14: `short_name` has 26 characters, more than 24")
        .fails_with("shorten it to 24 characters or fewer");
    let empty = write_scenario(
        dir.path(),
        "empty.toml",
        "name = \"x\"\nshort_name = \" \"\ncurrency = \"GBP\"\n",
    );
    let Run { code, stderr, .. } = run(["check", &empty]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("`short_name` is empty"), "{stderr}");
}

/// Asserts that no line is wider than `width` but a line that is only a URL,
/// which is never broken so that it can be copied.
#[track_caller]
fn fits_but_urls(text: &str, width: u16) {
    let without_urls: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("http"))
        .map(|line| format!("{line}\n"))
        .collect();
    fits(&without_urls, width);
}

#[test]
fn show_fits_80_100_and_160_columns() {
    for width in [80, 100, 160] {
        let text = at_width(width, &["show", "scenarios/uk-rwanda.toml"]);
        fits_but_urls(&text, width);
        insta::assert_snapshot!(format!("show_at_{width}"), text);
    }
    // Every shipped scenario, converted too (longer amounts and a Conversion
    // section), but the one the rates table cannot convert, which `show`
    // refuses (diff::a_deal_that_cannot_be_converted_names_the_missing_index).
    for file in shipped() {
        for width in [80, 100, 160] {
            fits_but_urls(&at_width(width, &["show", &file]), width);
            if file == UNCONVERTIBLE {
                continue;
            }
            fits_but_urls(
                &at_width(
                    width,
                    &["show", &file, "--currency", "USD", "--price-year", "2024"],
                ),
                width,
            );
        }
    }
}

#[test]
fn show_wraps_prose_between_words_and_moves_a_cost_lines_source_beside_its_item_when_narrow() {
    let text = at_width(80, &["show", "scenarios/uk-rwanda.toml"]);
    // The summary's first line stops before the word that would pass 80
    // columns: "  Forced … spent" is 79 columns, and " by" would make 82.
    assert!(
        text.contains("\n  Forced relocations of asylum seekers from the UK to Rwanda. About £700m spent\n  by July 2024"),
        "{text}"
    );
    // The Source column (20 wide, for "standard-2024-cooper") does not fit
    // 78 columns beside the money, so the id follows the item, whole.
    assert!(!text.contains(" Source"), "{text}");
    assert!(text.contains("\n   [standard-2024-cooper]\n"), "{text}");
    // At 160 columns it has its column.
    let wide = at_width(160, &["show", "scenarios/uk-rwanda.toml"]);
    assert!(wide.contains(" Source"), "{wide}");
    assert!(!wide.contains("\n   [standard-2024-cooper]\n"), "{wide}");
}

#[test]
fn show_without_a_terminal_or_columns_wraps_nothing() {
    let text = run(["show", "scenarios/uk-rwanda.toml"]).succeeds();
    // The summary is one line, from its first word to its last.
    assert!(
        text.lines()
            .any(|line| line.starts_with("  Forced relocations")
                && line.ends_with("it would make no further payments.")),
        "{text}"
    );
}

/// `frontier` of every shipped scenario, in one currency (mixed ones are refused).
fn frontier_args(files: &[String]) -> Vec<&str> {
    std::iter::once("frontier")
        .chain(files.iter().map(String::as_str))
        .chain(["--currency", "USD", "--price-year", "2024"])
        .collect()
}

#[test]
fn frontier_fits_80_100_and_160_columns() {
    let files = shipped();
    for width in [80, 100, 160] {
        let text = at_width_leaving_out(width, &frontier_args(&files));
        fits(&text, width);
        insta::assert_snapshot!(format!("frontier_at_{width}"), text);
    }
}

#[test]
fn at_80_columns_frontier_keeps_the_status_and_calls_deals_by_short_name() {
    let text = at_width_leaving_out(80, &frontier_args(&shipped()));
    // Natural widths (widest cell or header + 2 of padding), a column between
    // each two: Scenario ("Hyp. US third country") 21+2, Total cost ("USD
    // 9,455,700,000") 17+2, Removals 8+2, ICER ("USD 17,371") 10+2, Status
    // ("extendedly dominated") 20+2, and the two increments. Leaving out
    // Incremental removals, Incremental cost and Total cost gives
    // 23+10+12+22+3 = 70; putting Total cost back would make 90, more than 80.
    let rule = text.lines().next().unwrap();
    assert_eq!(rule.chars().count(), 70, "{text}");
    let header = text.lines().nth(1).unwrap();
    assert!(header.contains("Status"), "{text}");
    assert!(!header.contains("Total cost"), "{text}");
    assert!(
        text.contains("left out to fit 80 columns: Total cost, Incremental cost"),
        "{text}"
    );
    // Each deal on one line under its label, never its full name. Israel's
    // ICER against US–El Salvador: (13,896,617.12 − 4,637,962.74) ÷ (3,000 −
    // 238) = 9,258,654.38 ÷ 2,762 = USD 3,352.
    let line = text
        .lines()
        .find(|l| l.contains("Israel–Rwanda/Uganda"))
        .unwrap();
    assert!(
        line.contains("USD 3,352") && line.contains("frontier"),
        "{line}"
    );
    assert!(!text.contains("offshore processing"), "{text}");
}

#[test]
fn frontier_csv_and_markdown_keep_the_full_name() {
    let files = shipped();
    let mut csv = frontier_args(&files);
    // CSV without the unconvertible deal is written only with --keep-going.
    csv.extend(["--format", "csv", "--keep-going"]);
    let Run {
        code, stdout: csv, ..
    } = run(csv);
    assert_eq!(code, Some(1));
    assert!(
        csv.contains("Australia: offshore processing on Nauru and Manus Island (PNG)"),
        "{csv}"
    );
    let mut markdown = frontier_args(&files);
    markdown.extend(["--format", "markdown"]);
    let Run {
        code,
        stdout: markdown,
        ..
    } = run(markdown);
    assert_eq!(code, Some(1));
    assert!(
        markdown
            .lines()
            .any(|l| l
                .starts_with("| Australia: offshore processing on Nauru and Manus Island (PNG), FY2012-13 to FY2019-20 ")),
        "{markdown}"
    );
}

const SIMULATE: [&str; 6] = [
    "simulate",
    "scenarios/hypothetical-us-third-country-uncertain.toml",
    "--seed",
    "1",
    "-n",
    "2000",
];

#[test]
fn simulate_fits_80_100_and_160_columns() {
    for width in [80, 100, 160] {
        let text = at_width(width, &SIMULATE);
        fits(&text, width);
        insta::assert_snapshot!(format!("simulate_at_{width}"), text);
    }
    // Every shipped scenario, each under its label.
    let files = shipped();
    let args: Vec<&str> = std::iter::once("simulate")
        .chain(files.iter().map(String::as_str))
        .chain(["--seed", "1", "-n", "200"])
        .collect();
    for width in [80, 100, 160] {
        let text = at_width(width, &args);
        fits(&text, width);
        assert!(
            text.lines()
                .any(|l| l == "Nauru/Manus 2012–20 (scenarios/australia-nauru.toml), money in AUD"),
            "{text}"
        );
    }
}

#[test]
fn at_80_columns_simulate_keeps_the_mean_and_the_90_percent_interval() {
    let text = at_width(80, &SIMULATE);
    let header = text.lines().find(|l| l.contains("Metric")).unwrap();
    for kept in ["Mean", "p5", "p95"] {
        assert!(header.contains(kept), "{text}");
    }
    // p50 is left out first, then SD (the interval says more than the spread);
    // here SD fits again once p50 is out.
    assert!(text.contains("left out to fit 80 columns: "), "{text}");
    assert!(!header.contains("p50"), "{text}");
}

const SWEEP: [&str; 4] = [
    "sweep",
    "scenarios/us-rwanda.toml",
    "--vary",
    "outcomes.removals=0:250:50",
];

#[test]
fn sweep_fits_80_100_and_160_columns() {
    for width in [80, 100, 160] {
        let text = at_width(width, &SWEEP);
        fits(&text, width);
        insta::assert_snapshot!(format!("sweep_at_{width}"), text);
        // One line per value: 0, 50, … 250 each begin a row with its total cost.
        for removals in ["0", "50", "100", "150", "200", "250"] {
            assert!(
                text.lines()
                    .any(|l| l.trim_start().starts_with(&format!("{removals} "))
                        && l.contains("USD 7,500,000")),
                "{removals} in\n{text}"
            );
        }
    }
}
