//! `compare --price-year` when some deals cannot be converted (issue 20,
//! point 8): asking for 2025 prices used to blank the whole comparison
//! because one index (Australia's 2025 CPI) was missing. Now the table shows
//! the deals it can convert and names the others (exit 1); CSV and JSON are
//! written without them only with `--keep-going`.

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
