//! `costcalc compare` end to end: every format on the shipped scenarios, sorting,
//! output files, and the failure modes a user meets first.

use std::fs;

use super::{Run, run, shipped};

/// `costcalc compare OPTIONS... scenarios/*.toml`, which must succeed.
fn compare_shipped(options: &[&str]) -> (String, String) {
    let mut args: Vec<String> = options.iter().map(|o| o.to_string()).collect();
    args.extend(shipped());
    compare(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `costcalc compare ARGS...`, which must succeed.
fn compare(args: &[&str]) -> (String, String) {
    let Run {
        code,
        stdout,
        stderr,
    } = run(["compare"].iter().chain(args));
    assert_eq!(code, Some(0), "stderr: {stderr}");
    (stdout, stderr)
}

#[test]
fn table_of_the_shipped_scenarios() {
    let (stdout, _) = compare_shipped(&[]);
    insta::assert_snapshot!(stdout);
}

#[test]
fn csv_of_the_shipped_scenarios() {
    let (stdout, stderr) = compare_shipped(&["--format", "csv"]);
    insta::assert_snapshot!(stdout);
    // The deals are in four currencies: the CSV cannot say so, stderr does.
    assert!(stderr.contains("warning: mixed currencies (AUD, EUR, GBP, USD), ranked within each"));
}

#[test]
fn json_of_the_shipped_scenarios() {
    let (stdout, _) = compare_shipped(&["--format", "json"]);
    insta::assert_snapshot!(stdout);
}

#[test]
fn markdown_of_the_shipped_scenarios() {
    let (stdout, _) = compare_shipped(&["--format", "markdown"]);
    insta::assert_snapshot!(stdout);
}

#[test]
fn csv_header_is_the_published_contract() {
    let (stdout, _) = compare(&["--format", "csv", "scenarios/us-rwanda.toml"]);
    assert_eq!(
        stdout.lines().next().unwrap(),
        "name,file,currency,total_cost,removals,removals_basis,cost_per_removal,planned,utilization,\
         attempted,blocked,block_rate,legal_blocks,baseline_cost_per_person,cost_ratio_to_baseline,\
         break_even_removals,price_year,status,overrides,voluntary_departures,offshore_transfers,\
         as_of,sources"
    );
}

#[test]
fn without_paths_the_builtin_scenarios_are_compared_and_said_so() {
    let (builtin, stderr) = compare(&["--format", "csv"]);
    assert!(
        stderr.contains("note: no paths given: comparing the 15 scenarios built into costcalc")
    );
    // Same rows as the files on disk, apart from the `file` column.
    let (on_disk, _) = compare_shipped(&["--format", "csv"]);
    assert_eq!(builtin.replace("builtin:", "scenarios/"), on_disk);
}

#[test]
fn a_directory_means_its_toml_files_in_name_order() {
    let (from_directory, _) = compare(&["--format", "csv", "--sort", "file", "scenarios"]);
    let (from_files, _) = compare_shipped(&["--format", "csv", "--sort", "file"]);
    assert_eq!(
        from_directory.replace("scenarios/", ""),
        from_files.replace("scenarios/", "")
    );
}

/// The `name` column of a CSV comparison, in order.
fn names(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(|line| {
            let name = if let Some(rest) = line.strip_prefix('"') {
                rest.split("\",").next().unwrap()
            } else {
                line.split(',').next().unwrap()
            };
            name.to_string()
        })
        .collect()
}

#[test]
fn sorts_money_within_each_currency_with_n_a_last_in_both_directions() {
    // Cost per removal (from the CSV snapshot), by currency in code order:
    // AUD: Australia 2,868,754.48 < Nauru NZYQ 81,600,000; EUR: Italy
    // 7,332,432.43; GBP: hypothetical 2,536,259.96 < UK–Rwanda 175,000,000;
    // USD: Israel 3,500 < ICE February 2024 and 2025, both 10,854 < El
    // Salvador 20,000 < hypothetical US–Rwanda at 250 (7,500,000 ÷ 250 =
    // 30,000) < hypothetical uncertain US deal at its means (6,032,284 ÷
    // 180.55 = 33,410.60) < Equatorial Guinea 258,620.69 < Eswatini 340,000 <
    // US–Rwanda 1,071,428.57. US–Palau has 0 removals, so n/a, last.
    let (ascending, _) = compare_shipped(&["--format", "csv"]);
    let ascending = names(&ascending);
    let expected = [
        "Australia:",
        "Australia–Nauru NZYQ",
        "Italy",
        "Hypothetical: UK",
        "UK–Rwanda",
        "Israel",
        "US: ICE removals",
        "US: ICE removals",
        "US–El Salvador",
        "Hypothetical: US–Rwanda",
        "Hypothetical: a US",
        "US–Equatorial Guinea",
        "US–Eswatini",
        "US–Rwanda",
        "US–Palau",
    ];
    assert_eq!(ascending.len(), expected.len());
    for (name, start) in ascending.iter().zip(expected) {
        assert!(name.starts_with(start), "{ascending:?}");
    }
    // Reversed: still grouped by currency, each group descending, n/a last.
    let (descending, _) = compare_shipped(&["--format", "csv", "--reverse"]);
    let descending = names(&descending);
    let expected = [
        "Australia–Nauru NZYQ",
        "Australia:",
        "Italy",
        "UK–Rwanda",
        "Hypothetical: UK",
        "US–Rwanda",
        "US–Eswatini",
        "US–Equatorial Guinea",
        "Hypothetical: a US",
        "Hypothetical: US–Rwanda",
        "US–El Salvador",
        "US: ICE removals",
        "US: ICE removals",
        "Israel",
        "US–Palau",
    ];
    assert_eq!(descending.len(), expected.len());
    for (name, start) in descending.iter().zip(expected) {
        assert!(name.starts_with(start), "{descending:?}");
    }
}

/// A column that is not money ranks across currencies.
#[test]
fn ratios_rank_across_currencies() {
    // cost_ratio_to_baseline (from the CSV snapshot): El Salvador 1.373721 <
    // hypothetical US–Rwanda at 250 (30,000 ÷ 14,559 = 2.060581) < hypothetical
    // uncertain US deal (33,410.60 ÷ 14,559 = 2.294842) < Eswatini 23.353252 <
    // hypothetical UK–Rwanda (GBP) 23.926981 < US–Rwanda 73.592182; the other
    // three have no baseline or no cost per removal (n/a).
    let (csv, _) = compare_shipped(&["--format", "csv", "--sort", "cost_ratio_to_baseline"]);
    let names = names(&csv);
    let expected = [
        "US–El Salvador",
        "Hypothetical: US–Rwanda",
        "Hypothetical: a US",
        "US–Eswatini",
        "Hypothetical: UK",
        "US–Rwanda",
    ];
    for (name, start) in names.iter().zip(expected) {
        assert!(name.starts_with(start), "{names:?}");
    }
}

#[test]
fn sorts_by_any_column_and_suggests_a_misspelt_one() {
    let (by_name, _) = compare_shipped(&["--format", "csv", "--sort", "name"]);
    let by_name = names(&by_name);
    let mut sorted = by_name.clone();
    sorted.sort();
    assert_eq!(by_name, sorted);

    let Run { code, stderr, .. } = run(["compare", "--sort", "cost_per_removl"]);
    assert_eq!(code, Some(2), "a usage error exits 2");
    assert!(stderr.contains("cost_per_removal"), "{stderr}");
}

#[test]
fn writes_the_output_file_atomically_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("deal.toml");
    fs::copy("scenarios/us-rwanda.toml", &scenario).unwrap();
    let destination = dir.path().join("out.csv");

    let Run { code, stdout, .. } = run([
        "compare".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--output".as_ref(),
        destination.as_os_str(),
        scenario.as_os_str(),
    ]);
    assert_eq!(code, Some(0));
    assert!(stdout.is_empty(), "with --output nothing goes to stdout");
    assert!(
        fs::read_to_string(&destination)
            .unwrap()
            .starts_with("name,file,")
    );

    let before = fs::read_to_string(&scenario).unwrap();
    run([
        "compare".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--output".as_ref(),
        scenario.as_os_str(),
        scenario.as_os_str(),
    ])
    .fails_with("it is also where this run writes its output");
    assert_eq!(
        fs::read_to_string(&scenario).unwrap(),
        before,
        "the input is untouched"
    );
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let Run {
        code,
        stdout,
        stderr,
    } = run(["compare", "no/such/deal.toml"]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("no/such/deal.toml: cannot read the file: no such file or directory"),
        "{stderr}"
    );
}

#[test]
fn one_invalid_file_stops_the_comparison_and_names_every_problem() {
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "compare",
        "scenarios/us-rwanda.toml",
        "tests/bad/unknown-key-in-cost.toml",
    ]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty(), "no partial comparison is printed");
    assert!(
        stderr
            .contains("tests/bad/unknown-key-in-cost.toml:8:1: unknown key `ammount` in [[cost]]")
    );
    assert!(stderr.contains("error: nothing compared: 1 file with problems"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // `costcalc compare | head -1`: the reader stops early; costcalc must not complain.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_costcalc"))
        .args(["compare", "--format", "csv"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // close the read end before costcalc writes
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("error") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn zero_removals_is_n_a_never_inf_nan_or_zero() {
    // US–Palau: $7.5m paid, nobody sent yet.
    let (csv, _) = compare(&["--format", "csv", "scenarios/us-palau.toml"]);
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[4], "0", "removals");
    assert_eq!(row[6], "", "cost_per_removal is empty (n/a), not 0");
    let (json, _) = compare(&["--format", "json", "scenarios/us-palau.toml"]);
    assert!(json.contains("\"cost_per_removal\": null"));
    let (table, _) = compare(&["scenarios/us-palau.toml"]);
    for bad in ["inf", "NaN", "nan"] {
        assert!(!table.contains(bad));
    }
    assert!(table.contains("n/a"));
}

#[test]
fn amounts_keep_every_digit_written() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("exact.toml");
    // 12345678901234567.89 has 19 significant digits: through f64 it would become
    // 12345678901234568. And 0.1 + 0.2 must be 0.3 exactly.
    fs::write(
        &scenario,
        "name = \"Exact\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"big\"\namount = 12345678901234567.89\n\
         [[cost]]\nitem = \"a\"\namount = 0.1\n\
         [[cost]]\nitem = \"b\"\namount = 0.2\n\
         [outcomes]\nremovals = 1\n",
    )
    .unwrap();
    let Run { stdout, .. } = run([
        "compare".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        scenario.as_os_str(),
    ]);
    // 12345678901234567.89 + 0.1 + 0.2 = 12345678901234568.19
    assert!(
        stdout.contains("\"total_cost\": 12345678901234568.19"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"cost_per_removal\": 12345678901234568.19"),
        "{stdout}"
    );
}

/// The cell of `column` in each row of `csv`, read as a spreadsheet would
/// (a name may be quoted and hold a comma).
fn cells_of(csv: &str, column: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no {column} column in\n{csv}"));
    reader
        .records()
        .map(|row| row.unwrap()[at].to_string())
        .collect()
}

#[test]
fn a_row_computed_with_set_says_so_in_csv_and_json() {
    // Issue 19: `--set outcomes.removals=300` gave a row `300,observed,...`
    // that looked like the file's own figures. UK–Rwanda: £700,000,000 over
    // 300 removals = 2,333,333.33 per removal; its file says status "ended"
    // and price_year 2024, written though no --currency was given.
    let (csv, _) = compare(&[
        "scenarios/uk-rwanda.toml",
        "--set",
        "outcomes.removals=300",
        "--format",
        "csv",
    ]);
    assert_eq!(cells_of(&csv, "removals"), ["300"]);
    assert_eq!(cells_of(&csv, "cost_per_removal"), ["2333333.33"]);
    assert_eq!(cells_of(&csv, "overrides"), ["outcomes.removals=300"]);
    assert_eq!(cells_of(&csv, "status"), ["ended"]);
    assert_eq!(cells_of(&csv, "price_year"), ["2024"]);
    // The new columns come after every old one: price_year 17th as before,
    // issue 20's after issue 19's.
    assert!(
        csv.starts_with("name,file,currency,")
            && csv.lines().next().unwrap().ends_with(
                ",break_even_removals,price_year,status,overrides,voluntary_departures,\
                 offshore_transfers,as_of,sources"
            ),
        "{csv}"
    );

    // Two --sets, in the order given: joined by "; " in CSV, an array in JSON.
    let sets = [
        "scenarios/uk-rwanda.toml",
        "--set",
        "outcomes.removals=300",
        "--set",
        "outcomes.planned=600",
    ];
    let (csv, _) = compare(&[&sets[..], &["--format", "csv"]].concat());
    assert_eq!(
        cells_of(&csv, "overrides"),
        ["outcomes.removals=300; outcomes.planned=600"]
    );
    let (json, _) = compare(&[&sets[..], &["--format", "json"]].concat());
    assert!(
        json.contains(
            "\"price_year\": 2024,\n    \"status\": \"ended\",\n    \"overrides\": [\n      \
             \"outcomes.removals=300\",\n      \"outcomes.planned=600\"\n    ],\n"
        ),
        "{json}"
    );

    // Without --set the cell is empty, and `[]` in JSON.
    let (csv, _) = compare(&["scenarios/uk-rwanda.toml", "--format", "csv"]);
    assert_eq!(cells_of(&csv, "overrides"), [""]);
    let (json, _) = compare(&["scenarios/uk-rwanda.toml", "--format", "json"]);
    assert!(json.contains("\"overrides\": [],\n"), "{json}");
}

#[test]
fn a_hypothetical_scenario_says_so_in_csv_and_json() {
    // Issue 19: a hypothetical was told apart only by its name. The file says
    // status = "hypothetical"; the real deal beside it says "ended".
    let args = [
        "scenarios/hypothetical-uk-rwanda-300.toml",
        "scenarios/uk-rwanda.toml",
        "--sort",
        "name",
    ];
    let (csv, _) = compare(&[&args[..], &["--format", "csv"]].concat());
    // Sorted by name: "Hypothetical: ..." before "UK–Rwanda ...".
    assert_eq!(cells_of(&csv, "status"), ["hypothetical", "ended"]);
    let (json, _) = compare(&[&args[..], &["--format", "json"]].concat());
    assert!(json.contains("\"status\": \"hypothetical\""), "{json}");
    // A scenario without price_year (HERC fixture A) has an empty cell, null
    // in JSON: the year is never guessed.
    let (csv, _) = compare(&["tests/fixtures/herc/a.toml", "--format", "csv"]);
    assert_eq!(cells_of(&csv, "price_year"), [""]);
    let (json, _) = compare(&["tests/fixtures/herc/a.toml", "--format", "json"]);
    assert!(json.contains("\"price_year\": null,"), "{json}");
}

#[test]
fn every_row_of_a_sweep_names_its_set() {
    // outcomes.removals at 4, 104 and 204 (not below UK–Rwanda's 4 voluntary
    // departures, which are counted among its removals): three rows, each with
    // the --set it was computed with (the varied value has its own first
    // column), the file's status and price year.
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "sweep",
        "scenarios/uk-rwanda.toml",
        "--vary",
        "outcomes.removals=4:204:100",
        "--set",
        "outcomes.planned=600",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(cells_of(&stdout, "outcomes.removals"), ["4", "104", "204"]);
    assert_eq!(cells_of(&stdout, "overrides"), ["outcomes.planned=600"; 3]);
    assert_eq!(cells_of(&stdout, "status"), ["ended"; 3]);
    assert_eq!(cells_of(&stdout, "price_year"), ["2024"; 3]);
}

#[test]
fn voluntary_departures_offshore_transfers_and_as_of_are_columns_of_csv_and_json() {
    // Issue 20: 37 removed, 5 of them voluntarily, 213 moved to a centre the
    // sending state runs abroad (not removals); facts checked on 2026-11-30.
    // A file that gives none of them has empty cells, null in JSON.
    let dir = tempfile::tempdir().unwrap();
    let counted = super::write_scenario(
        dir.path(),
        "a-counted.toml",
        "name = \"Counted\"\ncurrency = \"EUR\"\nas_of = 2026-11-30\n[[cost]]\nitem = \"x\"\n\
         amount = 370\n[outcomes]\nremovals = 37\nvoluntary_departures = 5\n\
         offshore_transfers = 213\n",
    );
    let silent = super::write_scenario(
        dir.path(),
        "b-silent.toml",
        "name = \"Silent\"\ncurrency = \"EUR\"\n[[cost]]\nitem = \"x\"\namount = 400\n\
         [outcomes]\nremovals = 4\n",
    );
    // Sorted by cost per removal: 370 / 37 = 10 (the 213 offshore transfers
    // are not removals, so not divided by), then 400 / 4 = 100.
    let (csv, _) = compare(&[&counted, &silent, "--format", "csv"]);
    assert_eq!(cells_of(&csv, "cost_per_removal"), ["10.00", "100.00"]);
    assert_eq!(cells_of(&csv, "voluntary_departures"), ["5", ""]);
    assert_eq!(cells_of(&csv, "offshore_transfers"), ["213", ""]);
    assert_eq!(cells_of(&csv, "as_of"), ["2026-11-30", ""]);
    let (json, _) = compare(&[&counted, &silent, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[0]["voluntary_departures"], 5);
    assert_eq!(rows[0]["offshore_transfers"], 213);
    assert_eq!(rows[0]["as_of"], "2026-11-30");
    for column in ["voluntary_departures", "offshore_transfers", "as_of"] {
        assert!(rows[1][column].is_null(), "{column}: {json}");
    }
}
