//! `compare --price-year` when some deals cannot be converted (issue 20,
//! point 8): asking for 2025 prices used to blank the whole comparison
//! because one index (Australia's 2025 CPI) was missing. Now the table shows
//! the deals it can convert and names the others (exit 1); CSV and JSON are
//! written without them only with `--keep-going`. `frontier`, `simulate`,
//! `voi`, `report`, `chart bar` and `chart frontier` follow the same rule, and
//! `diff` names the deal and how to fix it.

use super::{Run, run, write_scenario};

/// A deal in `currency` at 2024 prices: 1,000,000 over 10 removals.
fn deal(name: &str, currency: &str) -> String {
    format!(
        "name = \"{name}\"\ncurrency = \"{currency}\"\nprice_year = 2024\n\n[[cost]]\n\
         item = \"Payment\"\namount = 1_000_000\nbasis = \"fixed\"\n\n[outcomes]\nremovals = 10\n"
    )
}

/// A folder with a US deal the table converts and a Swiss one it cannot
/// (the rates table has no CHF exchange rate), and the two paths.
fn two_deals(dir: &std::path::Path) -> (String, String) {
    (
        write_scenario(dir, "us.toml", &deal("US deal", "USD")),
        write_scenario(dir, "swiss.toml", &deal("Swiss deal", "CHF")),
    )
}

#[test]
fn the_table_shows_the_deals_it_can_convert_and_names_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (us, swiss) = two_deals(dir.path());
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "compare",
        &us,
        &swiss,
        "--currency",
        "USD",
        "--price-year",
        "2024",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    // USD 2024 to USD 2024 changes nothing: 1,000,000 / 10 = 100,000.
    assert!(stdout.contains("USD 100,000"), "{stdout}");
    // The Swiss deal is no row: its name is only in the note under the table.
    assert_eq!(stdout.matches("Swiss deal").count(), 1, "{stdout}");
    assert!(
        stdout
            .contains("left out, as their money cannot be converted (see the errors): Swiss deal"),
        "{stdout}"
    );
    // The reason, with the file, and the deal named.
    assert!(
        stderr.contains(&format!("{swiss}: cannot convert")),
        "{stderr}"
    );
    assert!(stderr.contains("CHF"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: 1 scenario left out, as it cannot be converted (the reasons are above): \
             Swiss deal ({swiss})"
        )),
        "{stderr}"
    );
}

#[test]
fn csv_and_json_are_not_written_with_rows_missing_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (us, swiss) = two_deals(dir.path());
    let out = dir.path().join("deals.csv");
    let out_arg = out.display().to_string();
    for format in ["csv", "json"] {
        let Run {
            code,
            stdout,
            stderr,
        } = run([
            "compare",
            &us,
            &swiss,
            "--currency",
            "USD",
            "--price-year",
            "2024",
            "--format",
            format,
            "-o",
            &out_arg,
        ]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(!out.exists(), "{format} written without --keep-going");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains(
                "nothing compared: 1 scenario cannot be converted (the reasons are above); \
                 --keep-going writes the 1 other that can be"
            ),
            "{stderr}"
        );
    }
    // To stdout as well: a script reading the CSV would not see the gap.
    let Run { code, stdout, .. } = run([
        "compare",
        &us,
        &swiss,
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--format",
        "json",
    ]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
}

#[test]
fn keep_going_writes_the_rows_it_can_and_lists_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (us, swiss) = two_deals(dir.path());
    let out = dir.path().join("deals.csv");
    let Run { code, stderr, .. } = run([
        "compare",
        &us,
        &swiss,
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--format",
        "csv",
        "--keep-going",
        "-o",
        &out.display().to_string(),
    ]);
    // Still a failure: the comparison is not whole.
    assert_eq!(code, Some(1), "{stderr}");
    let csv = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    // 1,000,000 / 10 = 100,000.00 per removal, at 2024 prices.
    assert!(
        rows[0].starts_with(&format!(
            "US deal,{us},USD,1000000.00,10,observed,100000.00,"
        )),
        "{csv}"
    );
    assert!(
        stderr.contains(&format!("Swiss deal ({swiss})")),
        "{stderr}"
    );
}

#[test]
fn a_file_with_problems_still_stops_the_comparison() {
    // --keep-going is for conversions only: a broken file is never skipped.
    let dir = tempfile::tempdir().unwrap();
    let (us, _) = two_deals(dir.path());
    let broken = write_scenario(dir.path(), "broken.toml", "name = \"B\"\n");
    run([
        "compare",
        &us,
        &broken,
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--format",
        "csv",
        "--keep-going",
    ])
    .fails_with("nothing compared: 1 file with problems");
}

// Every other command that converts several scenarios follows the same rule,
// through one function (`commands::converted`): what it prints for a person
// shows the deals it can convert and names the others (exit 1); what is read
// apart from the run's messages (CSV, JSON, --samples, a report, a chart) is
// written without them only with --keep-going, and still exit 1.

/// Two US deals and the Swiss one, and their paths: "US deal" (1,000,000 for
/// 10 removals) and "US deal B" (3,000,000 for 20).
fn three_deals(dir: &std::path::Path) -> [String; 3] {
    let (us, swiss) = two_deals(dir);
    let b = deal("US deal B", "USD")
        .replace("1_000_000", "3_000_000")
        .replace("removals = 10", "removals = 20");
    [us, write_scenario(dir, "us-b.toml", &b), swiss]
}

/// `costcalc COMMAND PATHS... --currency USD --price-year 2024 EXTRA...`.
fn in_usd(command: &[&str], paths: &[String], extra: &[&str]) -> Run {
    let mut args: Vec<String> = command.iter().map(|a| a.to_string()).collect();
    args.extend(paths.iter().cloned());
    args.extend(["--currency", "USD", "--price-year", "2024"].map(String::from));
    args.extend(extra.iter().map(|a| a.to_string()));
    run(args)
}

/// The line on stderr that names the Swiss deal as left out.
fn swiss_left_out(swiss: &str) -> String {
    format!(
        "error: 1 scenario left out, as it cannot be converted (the reasons are above): \
         Swiss deal ({swiss})"
    )
}

const NOTE: &str = "left out, as their money cannot be converted (see the errors): Swiss deal";

#[test]
fn frontier_shows_the_options_it_can_convert_and_writes_csv_only_with_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let deals = three_deals(dir.path());
    let swiss = &deals[2];
    let Run {
        code,
        stdout,
        stderr,
    } = in_usd(&["frontier"], &deals, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&swiss_left_out(swiss)), "{stderr}");
    assert!(stderr.contains("CHF"), "{stderr}");
    // Both US deals are on the frontier: B's ICER is (3,000,000 − 1,000,000)
    // ÷ (20 − 10) = 200,000 per extra removal.
    assert!(stdout.contains("USD 200,000"), "{stdout}");
    assert_eq!(stdout.matches("Swiss deal").count(), 1, "{stdout}");
    assert!(stdout.contains(NOTE), "{stdout}");

    let out = dir.path().join("frontier.csv");
    let out_arg = out.display().to_string();
    let Run { code, stderr, .. } =
        in_usd(&["frontier"], &deals, &["--format", "csv", "-o", &out_arg]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!out.exists(), "CSV written without --keep-going");
    assert!(
        stderr.contains(
            "no frontier: 1 scenario cannot be converted (the reasons are above); \
             --keep-going writes the 2 others that can be"
        ),
        "{stderr}"
    );
    let Run { code, stderr, .. } = in_usd(
        &["frontier"],
        &deals,
        &["--format", "csv", "--keep-going", "-o", &out_arg],
    );
    assert_eq!(code, Some(1), "{stderr}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2, "{csv}");
    assert!(!csv.contains("Swiss"), "{csv}");
    // name, total_cost, removals, incremental_cost, incremental_removals, icer, status.
    assert!(
        csv.contains("US deal B,3000000.00,20,2000000.00,10,200000.00,frontier,"),
        "{csv}"
    );
}

#[test]
fn a_report_is_written_only_with_keep_going_and_then_says_which_deal_it_left_out_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let deals = three_deals(dir.path());
    let swiss = &deals[2];
    for format in ["markdown", "html"] {
        let out = dir.path().join(format!("report.{format}"));
        let out_arg = out.display().to_string();
        let Run { code, stderr, .. } = in_usd(
            &["report"],
            &deals,
            &["--format", format, "-n", "100", "-o", &out_arg],
        );
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            !out.exists(),
            "a {format} report written without --keep-going"
        );
        assert!(
            stderr.contains(
                "no report: 1 scenario cannot be converted (the reasons are above); \
                 --keep-going writes the 2 others that can be"
            ),
            "{stderr}"
        );
        let Run { code, stderr, .. } = in_usd(
            &["report"],
            &deals,
            &[
                "--format",
                format,
                "-n",
                "100",
                "--keep-going",
                "-o",
                &out_arg,
            ],
        );
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains(&swiss_left_out(swiss)), "{stderr}");
        let report = std::fs::read_to_string(&out).unwrap();
        assert!(report.contains("from 2 scenarios."), "{report}");
        // The deal, its file and the reason, under the comparison.
        assert!(
            report.contains(&format!(
                "left out of this report, as its money cannot be converted: Swiss deal \
                 ({swiss}): cannot convert"
            )),
            "{report}"
        );
        assert!(
            report.contains("no exchange rate (US dollars per unit) for CHF in 2024"),
            "{report}"
        );
        assert!(report.contains("--rates FILE"), "{report}");
    }
}

#[test]
fn a_chart_of_several_deals_is_drawn_only_with_keep_going_and_its_note_names_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let deals = three_deals(dir.path());
    let swiss = &deals[2];
    for kind in ["bar", "frontier"] {
        let out = dir.path().join(format!("{kind}.svg"));
        let out_arg = out.display().to_string();
        let Run { code, stderr, .. } = in_usd(&["chart", kind], &deals, &["-o", &out_arg]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(!out.exists(), "chart {kind} drawn without --keep-going");
        assert!(
            stderr.contains(
                "no chart: 1 scenario cannot be converted (the reasons are above); \
                 --keep-going writes the 2 others that can be"
            ),
            "{stderr}"
        );
        let Run { code, stderr, .. } =
            in_usd(&["chart", kind], &deals, &["--keep-going", "-o", &out_arg]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains(&swiss_left_out(swiss)), "{stderr}");
        let svg = std::fs::read_to_string(&out).unwrap();
        let document = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        // Drawn: both US deals; named only in the note: the Swiss one.
        assert!(
            texts.iter().any(|t| t.contains("US deal B")),
            "{kind}: {texts:?}"
        );
        let swiss_texts: Vec<&&str> = texts.iter().filter(|t| t.contains("Swiss")).collect();
        assert_eq!(swiss_texts.len(), 1, "{kind}: {texts:?}");
        // Read without the run's errors, the chart does not point to them.
        assert!(
            swiss_texts[0].contains("left out, as their money cannot be converted: Swiss deal"),
            "{kind}: {texts:?}"
        );
    }
}

#[test]
fn simulate_summarises_the_deals_it_can_convert_and_writes_files_only_with_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let deals = three_deals(dir.path());
    let swiss = &deals[2];
    let draws = ["--seed", "1", "-n", "100"];
    let Run {
        code,
        stdout,
        stderr,
    } = in_usd(&["simulate"], &deals, &draws);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&swiss_left_out(swiss)), "{stderr}");
    // A table for each US deal, none for the Swiss one: nothing is uncertain,
    // so every draw of US deal B's cost per removal is 3,000,000 ÷ 20 = 150,000.
    assert!(stdout.contains("US deal B ("), "{stdout}");
    assert!(stdout.contains("150,000"), "{stdout}");
    assert_eq!(stdout.matches("Swiss deal").count(), 1, "{stdout}");
    assert!(stdout.contains(NOTE), "{stdout}");

    // CSV to stdout and the draws to a file: neither without --keep-going.
    let samples = dir.path().join("draws.csv");
    let samples_arg = samples.display().to_string();
    for extra in [&["--format", "csv"][..], &["--samples", &samples_arg][..]] {
        let mut args = draws.to_vec();
        args.extend(extra);
        let Run {
            code,
            stdout,
            stderr,
        } = in_usd(&["simulate"], &deals, &args);
        assert_eq!((code, stdout.as_str()), (Some(1), ""), "{stderr}");
        assert!(!samples.exists());
        assert!(
            stderr.contains("nothing simulated: 1 scenario cannot be converted"),
            "{stderr}"
        );
    }
    let mut args = draws.to_vec();
    args.extend(["--format", "csv", "--keep-going", "--samples", &samples_arg]);
    let Run {
        code,
        stdout,
        stderr,
    } = in_usd(&["simulate"], &deals, &args);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout.contains("\nUS deal B,cost_per_removal,150000"),
        "{stdout}"
    );
    assert!(!stdout.contains("Swiss"), "{stdout}");
    // The draws name each deal by its file.
    let written = std::fs::read_to_string(&samples).unwrap();
    assert!(written.contains(&deals[1]), "the draws of the US deals");
    assert!(
        !written.contains(swiss.as_str()),
        "no draws of the Swiss deal"
    );
}

#[test]
fn voi_chooses_between_the_deals_it_can_convert_and_needs_two_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let deals = three_deals(dir.path());
    let swiss = &deals[2];
    let args = ["--wtp", "200000", "-n", "100"];
    let Run {
        code,
        stdout,
        stderr,
    } = in_usd(&["voi"], &deals, &args);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&swiss_left_out(swiss)), "{stderr}");
    // Net benefit at 200,000 a removal: US deal 200,000 × 10 − 1,000,000 =
    // 1,000,000; US deal B 200,000 × 20 − 3,000,000 = 1,000,000 as well.
    assert!(stdout.contains("US deal B"), "{stdout}");
    assert!(stdout.contains("1,000,000"), "{stdout}");
    assert_eq!(stdout.matches("Swiss deal").count(), 1, "{stdout}");
    assert!(stdout.contains(NOTE), "{stdout}");
    // CSV: not without --keep-going.
    let mut csv = args.to_vec();
    csv.extend(["--format", "csv"]);
    let Run { code, stdout, .. } = in_usd(&["voi"], &deals, &csv);
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    csv.push("--keep-going");
    let Run { code, stdout, .. } = in_usd(&["voi"], &deals, &csv);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), 1 + 2, "{stdout}");
    assert!(!stdout.contains("Swiss"), "{stdout}");
    // One US deal and the Swiss one: nothing left to choose between.
    in_usd(&["voi"], &[deals[0].clone(), swiss.clone()], &args).fails_with(
        "no value of information: voi chooses between two or more scenarios, and only 1 (",
    );
}

#[test]
fn diff_names_the_deal_it_cannot_convert_and_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let (us, swiss) = two_deals(dir.path());
    let Run {
        code,
        stdout,
        stderr,
    } = in_usd(&["diff"], &[us.clone(), swiss.clone()], &[]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""), "{stderr}");
    assert!(
        stderr.contains("no exchange rate (US dollars per unit) for CHF in 2024"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: no diff: Swiss deal ({swiss}) cannot be converted (the reason is above); \
             supply the missing rate or index with --rates FILE, or choose another --price-year"
        )),
        "{stderr}"
    );
    // The first fix: a rate for 2024, 1.1 US dollars per franc. CHF 1,000,000
    // at 2024 prices is then USD 1,100,000, and its cost per removal USD
    // 110,000: 10,000 more than the US deal's, all of it the payment's.
    let rates = write_scenario(
        dir.path(),
        "franc.toml",
        "[[series]]\nkind = \"fx\"\ncurrency = \"CHF\"\nname = \"my franc\"\n\
         title = \"My franc\"\nurl = \"https://example.org/chf\"\nretrieved = 2026-01-02\n\
         [series.values]\n\"2024\" = \"1.1\"\n",
    );
    let csv = in_usd(
        &["diff"],
        &[us, swiss],
        &["--rates", &rates, "--format", "csv"],
    )
    .succeeds();
    assert!(
        csv.lines()
            .any(|l| l == "cost_per_removal,total,100000,110000,10000"),
        "{csv}"
    );
}
