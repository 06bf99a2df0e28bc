//! Testing a hypothetical end to end: `--set`, `extends`, `sweep`, `breakeven`
//! and `frontier`, on the shipped scenarios and on fixtures (tests/fixtures/),
//! every expected number worked by hand in the comment above it.

use super::{Run, run, write_scenario};

/// The CSV row of `stdout` after the header, split into cells (no quoted commas
/// in the rows these tests read).
fn csv_rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_string).collect())
        .collect()
}

// ---- --set -------------------------------------------------------------------

#[test]
fn set_changes_a_value_as_if_written_in_the_file() {
    let stdout = run([
        "compare",
        "scenarios/us-rwanda.toml",
        "--set",
        "outcomes.removals=600",
        "--format",
        "csv",
    ])
    .succeeds();
    let row = &csv_rows(&stdout)[0];
    // USD 7,500,000 ÷ 600 removals = 12,500; utilization 600 ÷ 250 planned = 2.4.
    assert_eq!(row[4], "600", "removals");
    assert_eq!(row[6], "12500.00", "cost_per_removal");
    assert_eq!(row[8], "2.400000", "utilization");
}

#[test]
fn set_reaches_cost_lines_by_number_and_the_table_says_what_was_set() {
    let stdout = run([
        "compare",
        "scenarios/us-rwanda.toml",
        "--set",
        "cost[1].amount=25000",
    ])
    .succeeds();
    // 25,000 ÷ 7 removals = 3,571.43.
    assert!(stdout.contains("USD 3,571"), "{stdout}");
    assert!(
        stdout
            .contains("hypothetical: values set on the command line (--set): cost[1].amount=25000"),
        "{stdout}"
    );
}

#[test]
fn set_values_are_checked_like_the_file_and_paths_get_suggestions() {
    let stderr = run([
        "check",
        "scenarios/us-rwanda.toml",
        "--set",
        "outcomes.removal=600",
        "--set",
        "baseline.cost_per_person=-1",
        "--set",
        "cost[2].amount=1",
    ])
    .fails_with(
        "scenarios/us-rwanda.toml: --set outcomes.removal=600: unknown key `removal` in [outcomes]",
    )
    .stderr;
    assert!(
        stderr.contains("= help: did you mean `removals`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`cost_per_person` must be more than 0, found -1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("there is no `cost[2]`")
            && stderr.contains("it has 1: cost[1] \"Payment to Rwanda\""),
        "{stderr}"
    );
    assert!(stderr.contains("error: 3 problems in 1 file"), "{stderr}");
}

#[test]
fn a_malformed_set_is_a_usage_error() {
    let Run { code, stderr, .. } = run(["compare", "--set", "outcomes.removals"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("has no `=`"), "{stderr}");
}

#[test]
fn show_marks_values_that_were_set() {
    let stdout = run([
        "show",
        "scenarios/us-rwanda.toml",
        "--set",
        "outcomes.removals=600",
    ])
    .succeeds();
    assert!(
        stdout.contains("Values not from this file (marked [..] below)\n  --set outcomes.removals=600: outcomes.removals\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  removals                    600   people actually removed under the deal [--set]"
        ),
        "{stdout}"
    );
}

// ---- extends -----------------------------------------------------------------

#[test]
fn a_child_scenario_inherits_and_overrides_its_parent() {
    let stdout = run([
        "compare",
        "tests/fixtures/extends/dearer-flights.toml",
        "--format",
        "csv",
    ])
    .succeeds();
    let row = &csv_rows(&stdout)[0];
    // Payments 1,000,000 (from base) + flights 20,000 (child's line replaces
    // the parent's 10,000) × 70 removals (child) = 2,400,000; ÷ 70 = 34,285.71;
    // utilization 70 ÷ 100 planned (base) = 0.7; vs baseline 40,000 (base):
    // 34,285.714… ÷ 40,000 = 0.857143; break-even 1,000,000 ÷ (40,000 − 20,000) = 50.
    assert_eq!(row[0], "Hypothetical: base deal with dearer flights");
    assert_eq!(row[2], "GBP", "currency from the parent");
    assert_eq!(row[3], "2400000.00", "total_cost");
    assert_eq!(row[6], "34285.71", "cost_per_removal");
    assert_eq!(row[8], "0.700000", "utilization");
    assert_eq!(row[14], "0.857143", "cost_ratio_to_baseline");
    assert_eq!(row[15], "50", "break_even_removals");
}

#[test]
fn show_says_where_inherited_values_came_from() {
    let stdout = run(["show", "tests/fixtures/extends/dearer-flights.toml"]).succeeds();
    assert!(
        stdout.contains("from tests/fixtures/extends/base.toml (extends):"),
        "{stdout}"
    );
    // The parent's payment line is marked; the child's flight line is not.
    assert!(
        stdout.contains("Payments to the receiving country [base.toml]   fixed"),
        "{stdout}"
    );
    assert!(stdout.contains(" Flight per person      "), "{stdout}");
    assert!(
        stdout.contains(
            "planned                     100   planned removals over the same period [base.toml]"
        ),
        "{stdout}"
    );
    assert!(
        !stdout.contains("Flight per person [base.toml]"),
        "{stdout}"
    );
}

#[test]
fn circles_and_missing_parents_are_errors_naming_the_chain() {
    run(["check", "tests/fixtures/extends/circle-a.toml"]).fails_with(
        "`extends` goes round in a circle: tests/fixtures/extends/circle-a.toml → \
             tests/fixtures/extends/circle-b.toml → tests/fixtures/extends/circle-a.toml",
    );
    run(["check", "tests/fixtures/extends/orphan.toml"]).fails_with(
        "tests/fixtures/extends/orphan.toml:1:11: cannot read \
             tests/fixtures/extends/no-such-parent.toml, which this scenario extends: \
             no such file or directory",
    );
}

// ---- sweep -------------------------------------------------------------------

#[test]
fn sweeping_block_probability_in_tenths_reaches_one_exactly() {
    let stdout = run([
        "sweep",
        "scenarios/hypothetical-uk-rwanda-300.toml",
        "--vary",
        "outcomes.block_probability=0:1:0.1",
        "--format",
        "csv",
    ])
    .succeeds();
    assert!(stdout.starts_with("outcomes.block_probability,name,file,currency,total_cost,"));
    let rows = csv_rows(&stdout);
    assert_eq!(rows.len(), 11);
    let probabilities: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        probabilities,
        [
            "0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"
        ]
    );
    // p = 0.4: removals 300 × 0.6 = 180; total 402,600,000 fixed + 181,874 per
    // removal × 180 = 435,337,320; per removal 435,337,320 ÷ 180 = 2,418,540.67.
    assert_eq!(rows[4][5], "435337320.00");
    assert_eq!(rows[4][6], "180");
    assert_eq!(rows[4][8], "2418540.67");
    // p = 1.0: nobody removed, so no cost per removal (empty, never 0 or inf).
    assert_eq!(rows[10][6], "0");
    assert_eq!(rows[10][8], "");
}

#[test]
fn two_varies_make_a_grid_first_outermost() {
    let stdout = run([
        "sweep",
        "scenarios/us-rwanda.toml",
        "--vary",
        "cost[1].amount=5000000:10000000:5000000",
        "--vary",
        "outcomes.removals=100:200:100",
        "--format",
        "csv",
    ])
    .succeeds();
    assert!(stdout.starts_with("cost[1].amount,outcomes.removals,name,"));
    let cells: Vec<(String, String, String)> = csv_rows(&stdout)
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[8].clone()))
        .collect();
    // cost per removal = amount ÷ removals.
    assert_eq!(
        cells,
        [
            ("5000000".into(), "100".into(), "50000.00".into()),
            ("5000000".into(), "200".into(), "25000.00".into()),
            ("10000000".into(), "100".into(), "100000.00".into()),
            ("10000000".into(), "200".into(), "50000.00".into()),
        ]
    );
}

#[test]
fn a_sweep_through_invalid_values_names_them() {
    // Removals are whole numbers: 0.5 and 1.5 are refused, as in a file.
    let Run { code, stderr, .. } = run([
        "sweep",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.removals=0:2:0.5",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stderr
            .contains("--vary outcomes.removals=0.5: `removals` must be a whole number, found 0.5"),
        "{stderr}"
    );
    assert!(
        stderr.contains("at 2 of 5 values (outcomes.removals = 0.5; outcomes.removals = 1.5)"),
        "{stderr}"
    );
    let Run { code, .. } = run([
        "sweep",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.removals=0:2:0",
    ]);
    assert_eq!(code, Some(2), "a zero step is a usage error");
}

/// More rows than the old cap of 100,000, streamed to a file: 101 removals
/// × 1,000 funds of the benchmark's deal (benches/sweep-deal.toml: fund +
/// 20,000 a removal).
#[test]
fn a_grid_over_the_old_cap_streams_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grid.csv");
    let Run { code, stderr, .. } = run([
        "sweep".as_ref(),
        "benches/sweep-deal.toml".as_ref(),
        "--vary".as_ref(),
        "outcomes.removals=1:101:1".as_ref(),
        "--vary".as_ref(),
        "cost[1].amount=1000000:1000000000:1000000".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("wrote 101000 rows"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 101_001);
    let rows = csv_rows(&text);
    // Row 0: 1 removal, fund 1,000,000: total 1,000,000 + 20,000 × 1 =
    // 1,020,000, which is also the cost per removal.
    assert_eq!(
        rows[0][..9],
        [
            "1",
            "1000000",
            "Fund and fee",
            "benches/sweep-deal.toml",
            "USD",
            "1020000.00",
            "1",
            "observed",
            "1020000.00"
        ]
    );
    // Row 1,001: the second removal value (2) with the second fund
    // (2,000,000): total 2,000,000 + 40,000 = 2,040,000; per removal 1,020,000.
    assert_eq!(rows[1001][..2], ["2", "2000000"]);
    assert_eq!(
        (rows[1001][5].as_str(), rows[1001][8].as_str()),
        ("2040000.00", "1020000.00")
    );
    // The last: 101 removals, fund 1,000,000,000: 1,002,020,000 in all,
    // 1,002,020,000 ÷ 101 = 9,920,990.099 → 9,920,990.10 each (101 × 9,920,990 =
    // 1,002,019,990, leaving 10 ÷ 101 = 0.099).
    let last = rows.last().unwrap();
    assert_eq!(last[..2], ["101", "1000000000"]);
    assert_eq!(
        (last[5].as_str(), last[8].as_str()),
        ("1002020000.00", "9920990.10")
    );
}

#[test]
fn a_vary_path_that_is_not_an_input_is_named_once() {
    let stderr = run([
        "sweep",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.remvals=0:10:1",
        "--format",
        "csv",
    ])
    .fails_with("--vary outcomes.remvals=0:10:1: unknown key `remvals` in [outcomes]")
    .stderr;
    assert!(stderr.contains("did you mean `removals`?"), "{stderr}");
    run([
        "breakeven",
        "scenarios/us-rwanda.toml",
        "--vary",
        "cost[3].amount",
        "--target",
        "cost_per_removal=1",
    ])
    .fails_with("--vary cost[3].amount: there is no `cost[3]`");
}

/// A value the scenario cannot hold in the middle of the grid: nothing is
/// written, not even the rows before it, on standard output or to a file. On
/// standard output the inputs are checked in a pass of their own before any
/// row; a file is not created at all (the first point with a problem stops
/// the sweep, then every point is checked for the report).
#[test]
fn a_sweep_through_an_invalid_value_writes_nothing_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grid.csv");
    for output in ["-", file.to_str().unwrap()] {
        let Run {
            code,
            stdout,
            stderr,
        } = run([
            "sweep",
            "scenarios/us-rwanda.toml",
            "--vary",
            "outcomes.removals=0:3:1",
            "--vary",
            "cost[1].amount=-1:1:1",
            "--format",
            "csv",
            "-o",
            output,
        ]);
        assert_eq!(code, Some(1), "{output}");
        assert_eq!(stdout, "", "{output}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(
            stderr.contains("--vary cost[1].amount=-1: `amount` must be 0 or more, found -1"),
            "{stderr}"
        );
        // 4 removals values × 3 amounts = 12 points; the 4 with amount -1 fail.
        assert!(
            stderr.contains("nothing swept: the scenario has problems at 4 of 12 values"),
            "{stderr}"
        );
    }
}

// ---- breakeven ---------------------------------------------------------------

#[test]
fn removals_uk_rwanda_needed_to_match_the_cost_of_a_person_in_the_uk() {
    let stdout = run([
        "breakeven",
        "scenarios/uk-rwanda.toml",
        "--vary",
        "outcomes.removals",
        "--target",
        "cost_per_removal=106000",
    ])
    .succeeds();
    // £700,000,000 ÷ x = £106,000 ⇒ x = 700,000,000 ÷ 106,000 = 350,000/53
    // = 6,603.773585...; 6,603 removals cost £106,012.42 each, 6,604 £105,996.37.
    assert!(
        stdout.contains("at outcomes.removals = 6,603.773585 (rounded; exactly 350000/53)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "outcomes.removals =\n  6,604 (where cost_per_removal = GBP 105,996.37; every larger value meets it too)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("method: solved exactly"), "{stdout}");
}

#[test]
fn an_amount_that_brings_cost_per_removal_to_the_us_baseline() {
    let stdout = run([
        "breakeven",
        "scenarios/us-rwanda.toml",
        "--vary",
        "cost[1].amount",
        "--target",
        "cost_per_removal=14559",
    ])
    .succeeds();
    // amount ÷ 7 removals = 14,559 ⇒ amount = 101,913, a terminating decimal.
    assert!(
        stdout.contains("cost_per_removal = USD 14,559 at cost[1].amount = 101,913 (exactly)"),
        "{stdout}"
    );
}

#[test]
fn never_when_no_block_probability_reaches_the_baseline() {
    let stdout = run([
        "breakeven",
        "scenarios/hypothetical-uk-rwanda-300.toml",
        "--vary",
        "outcomes.block_probability",
        "--target",
        "cost_ratio_to_baseline=1",
    ])
    .succeeds();
    // Even with no blocks (p = 0) the cost per removal is
    // 457,162,200 ÷ 300 = 1,523,874, 14.37617 times the £106,000 baseline.
    assert!(
        stdout.contains("never: no value of outcomes.block_probability (from 0 to 1)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("at outcomes.block_probability = 0: 14.37617"),
        "{stdout}"
    );
}

/// Regressions from review: inputs whose low values are invalid, metrics that
/// do not depend on the input, the side a whole-number answer lies on, and
/// bisection (a discounted stream whose length varies).
#[test]
fn breakeven_handles_awkward_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let deal = write_scenario(
        dir.path(),
        "deal.toml",
        "name = \"b1\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"a\"\namount = 1000\n\
         [outcomes]\nremovals = 7\nplanned = 20\nattempted = 10\nblocked = 5\n",
    );
    // blocked = 5, so attempted cannot be tried at 0..3; block rate 5 ÷ x = 0.3
    // at x = 50/3 = 16.67, and 17 is the nearest whole number at or below 0.3
    // (5/17 = 0.294118); so are all larger ones.
    let stdout = run([
        "breakeven",
        &deal,
        "--vary",
        "outcomes.attempted",
        "--target",
        "block_rate=0.3",
    ])
    .succeeds();
    assert!(stdout.contains("exactly 50/3"), "{stdout}");
    assert!(
        stdout.split_whitespace().collect::<Vec<_>>().join(" ").contains("outcomes.attempted = 17 (where block_rate = 0.294118; every larger value meets it too)"),
        "{stdout}"
    );
    // Utilization 7 ÷ planned ≥ 0.3 up to planned = 70/3 = 23.33: 23 and every
    // smaller value.
    let Run { stdout, .. } = run([
        "breakeven",
        &deal,
        "--vary",
        "outcomes.planned",
        "--target",
        "utilization=0.3",
    ]);
    assert!(
        stdout.split_whitespace().collect::<Vec<_>>().join(" ").contains("outcomes.planned = 23 (where utilization = 0.304348; every smaller value meets it too)"),
        "{stdout}"
    );
    // Each removal costs 10 and nothing else: cost per removal is 10 whatever
    // the number of removals, so 5 is never reached, for that reason.
    let per_person = write_scenario(
        dir.path(),
        "per-person.toml",
        "name = \"pr\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"p\"\namount = 10\nbasis = \"per_removal\"\n[outcomes]\nremovals = 7\n",
    );
    let Run { stdout, .. } = run([
        "breakeven",
        &per_person,
        "--vary",
        "outcomes.removals",
        "--target",
        "cost_per_removal=5",
    ]);
    assert!(
        stdout
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("cost_per_removal is 10 whatever the value of the input"),
        "{stdout}"
    );
    // 100 a year for `years` years from 2024, discounted at 10%: 100 + 90.909 in
    // the first two years; the third year's 82.645 must contribute 59.091, so
    // years = 2 + 59.091 ÷ 82.645 = 2.715 (found by bisection).
    let yearly = write_scenario(
        dir.path(),
        "yearly.toml",
        "name = \"y\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"yearly\"\namount = 100\nbasis = \"per_year\"\n\
         years = 5\nstart_year = 2024\n[outcomes]\nremovals = 7\n",
    );
    let args = ["--discount-rate", "10", "--base-year", "2024"];
    let stdout = run([
        "breakeven",
        &yearly,
        "--vary",
        "cost[1].years",
        "--target",
        "total_cost=250",
    ]
    .into_iter()
    .chain(args))
    .succeeds();
    assert!(stdout.contains("at cost[1].years ≈ 2.715"), "{stdout}");
    assert!(stdout.contains("method: bisection"), "{stdout}");
    // 5,000 is beyond the perpetuity (1,100): never.
    let Run { code, stdout, .. } = run([
        "breakeven",
        &yearly,
        "--vary",
        "cost[1].years",
        "--target",
        "total_cost=5000",
    ]
    .into_iter()
    .chain(args));
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("never: no value of cost[1].years"),
        "{stdout}"
    );
}

#[test]
fn breakeven_errors_say_what_to_change() {
    let Run { code, stderr, .. } = run([
        "breakeven",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.removals",
        "--target",
        "cost_per_remval=1",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("did you mean `cost_per_removal`?"),
        "{stderr}"
    );
    // Observed removals and a block probability cannot both be given.
    run([
        "breakeven",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.block_probability",
        "--target",
        "cost_per_removal=14559",
    ])
    .fails_with("`block_probability` is for projections");
}

// ---- frontier ----------------------------------------------------------------

#[test]
fn the_herc_worked_example_with_removals_doubled() {
    // The VA HERC example (see src/frontier.rs) with each effect doubled so it
    // is a whole number of removals: UC (5,000, 2), A (12,000, 3), B (10,000, 4),
    // C (25,000, 6), D (35,000, 8), E (55,000, 10). Doubling the effect halves
    // every ICER: B vs UC 5,000 ÷ 2 = 2,500; D vs B 25,000 ÷ 4 = 6,250; E vs D
    // 20,000 ÷ 2 = 10,000. A is dominated by B (costs more, removes fewer); C is
    // extendedly dominated (C vs B 7,500 > D vs C 5,000).
    let stdout = run(["frontier", "tests/fixtures/herc", "--format", "csv"]).succeeds();
    // Each row ends with no net benefit (no --wtp), no price year (the
    // fixtures give none), the fixtures' status "hypothetical", no --set.
    assert_eq!(
        stdout,
        "name,total_cost,removals,incremental_cost,incremental_removals,icer,status,net_benefit,\
         price_year,scenario_status,overrides\n\
         UC,5000.00,2,,,,frontier,,,hypothetical,\n\
         B,10000.00,4,5000.00,2,2500.00,frontier,,,hypothetical,\n\
         D,35000.00,8,25000.00,4,6250.00,frontier,,,hypothetical,\n\
         E,55000.00,10,20000.00,2,10000.00,frontier,,,hypothetical,\n\
         A,12000.00,3,,,,dominated,,,hypothetical,\n\
         C,25000.00,6,,,,extendedly_dominated,,,hypothetical,\n"
    );
}

#[test]
fn the_table_and_its_legend_spell_extendedly_dominated_alike() {
    // C of the HERC example is extendedly dominated (see above); the CSV keeps
    // the machine value `extendedly_dominated`, the table and its legend say
    // "extendedly dominated", and neither says the old "ext. dominated".
    let Run {
        code,
        stdout,
        stderr,
    } = run(["frontier", "tests/fixtures/herc"]);
    assert_eq!(code, Some(0), "{stderr}");
    let shown = format!("{stdout}{stderr}");
    let row = shown
        .lines()
        .find(|l| l.trim_start().starts_with("C "))
        .unwrap();
    assert!(row.contains("extendedly dominated"), "{shown}");
    // The legend wraps at 100 columns: compare its words, not its lines.
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "extendedly dominated: its ICER is higher than that of a more effective option"
        ),
        "{shown}"
    );
    assert!(!shown.contains("ext. dominated"), "{shown}");
    assert!(!shown.contains("extendedly_dominated"), "{shown}");
}

#[test]
fn willingness_to_pay_adds_net_benefit_and_names_the_best() {
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "frontier",
        "tests/fixtures/herc",
        "--wtp",
        "5000",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    // Net benefit = 5,000 × removals − cost: UC 5,000, B 10,000, D 5,000,
    // E −5,000, A 3,000, C 5,000. The highest is B's 10,000.
    assert!(
        stdout.contains("\"name\": \"B\",\n    \"total_cost\": 10000.00,"),
        "{stdout}"
    );
    assert!(stdout.contains("\"net_benefit\": 10000.00"), "{stdout}");
    assert!(stdout.contains("\"net_benefit\": -5000.00"), "{stdout}");
    assert!(
        stderr.contains("highest net benefit at USD 5,000 per removal: B (USD 10,000)"),
        "{stderr}"
    );
}

#[test]
fn a_reference_starts_the_frontier() {
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "frontier",
        "tests/fixtures/herc",
        "--reference",
        "C",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    // From C (25,000, 6): UC, A and B have fewer removals and are left out.
    // D vs C: 10,000 ÷ 2 = 5,000; E vs D: 20,000 ÷ 2 = 10,000.
    assert_eq!(
        stdout,
        "name,total_cost,removals,incremental_cost,incremental_removals,icer,status,net_benefit,\
         price_year,scenario_status,overrides\n\
         C,25000.00,6,,,,frontier,,,hypothetical,\n\
         D,35000.00,8,10000.00,2,5000.00,frontier,,,hypothetical,\n\
         E,55000.00,10,20000.00,2,10000.00,frontier,,,hypothetical,\n"
    );
    // What the rows leave out is said on stderr.
    let Run { stderr, .. } = run([
        "frontier",
        "tests/fixtures/herc",
        "--reference",
        "C",
        "--format",
        "csv",
    ]);
    assert!(
        stderr.contains("note: reference (status quo): C"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: left out: UC (fewer removals than the reference"),
        "{stderr}"
    );
    run(["frontier", "tests/fixtures/herc", "--reference", "F"])
        .fails_with("--reference \"F\" is not one of the options");
}

#[test]
fn zero_removals_and_single_options() {
    // US–Palau has moved nobody for $7.5m: alone, it is the frontier (there is
    // nothing to compare it with), with no ICER.
    let stdout = run(["frontier", "scenarios/us-palau.toml", "--format", "csv"]).succeeds();
    assert!(
        stdout.ends_with(",7500000.00,0,,,,frontier,,2025,active,\n"),
        "{stdout}"
    );
}

#[test]
fn mixed_currencies_need_a_conversion() {
    run([
        "frontier",
        "scenarios/uk-rwanda.toml",
        "scenarios/us-rwanda.toml",
    ])
    .fails_with("add --currency USD --price-year 2024");
}

#[test]
fn frontier_and_breakeven_errors_say_what_to_do() {
    // A reference that another option beats on both counts: B (10,000 for 4)
    // dominates A (12,000 for 3).
    run(["frontier", "tests/fixtures/herc", "--reference", "A"]).fails_with(
        "the reference \"A\" is dominated by \"B\", which costs no more and removes no fewer",
    );
    // An option without a removals figure has no place on the frontier.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-removals.toml");
    std::fs::write(&path, "name = \"X\"\ncurrency = \"USD\"\n").unwrap();
    let stderr = run(["frontier".as_ref(), path.as_os_str()])
        .fails_with("X (")
        .stderr;
    assert!(stderr.contains("has no removals figure"), "{stderr}");
    // A metric the scenario does not have: US–Rwanda has no court figures.
    run([
        "breakeven",
        "scenarios/us-rwanda.toml",
        "--vary",
        "cost[1].amount",
        "--target",
        "block_rate=0.5",
    ])
    .fails_with("block_rate is not defined for this scenario");
    // Too large a grid: 10,000 × 1,001 values.
    run([
        "sweep",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.removals=0:9999:1",
        "--vary",
        "cost[1].amount=0:1000:1",
        "--format",
        "csv",
    ])
    .fails_with("10010000 rows, more than the 10000000 allowed");
    // Too large a table (10,000 × 101 values): CSV and JSON are streamed, a
    // table is laid out once every row is known.
    run([
        "sweep",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.removals=0:9999:1",
        "--vary",
        "cost[1].amount=0:100:1",
    ])
    .fails_with("1010000 rows, too many for a table (at most 100000); write --format csv");
    // Three --vary: a usage error.
    let Run { code, .. } = run([
        "sweep",
        "scenarios/us-rwanda.toml",
        "--vary",
        "outcomes.removals=0:1:1",
        "--vary",
        "outcomes.planned=0:1:1",
        "--vary",
        "cost[1].amount=0:1:1",
    ]);
    assert_eq!(code, Some(2));
}

#[test]
fn breakeven_shows_the_current_value_rounded_like_compare() {
    // 4.69 / 2 removals = 2.345 → USD 2.35 (half away from zero, as compare
    // and show print it); 1 blocked of 128 attempted = 0.0078125 → 0.007813.
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "midpoint.toml",
        "name = \"R\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"f\"\namount = 4.69\n\
         [outcomes]\nremovals = 2\nattempted = 128\nblocked = 1\n",
    );
    let stdout = run([
        "breakeven",
        &file,
        "--vary",
        "outcomes.removals",
        "--target",
        "cost_per_removal=1",
    ])
    .succeeds();
    assert!(stdout.contains("cost_per_removal = USD 2.35\n"), "{stdout}");
    let stdout = run([
        "breakeven",
        &file,
        "--vary",
        "outcomes.blocked",
        "--target",
        "block_rate=0.5",
    ])
    .succeeds();
    assert!(stdout.contains("block_rate = 0.007813\n"), "{stdout}");
}

// ---- issue 20: voluntary departures and offshore transfers -------------------

/// 37 removed, 5 of them voluntarily; 213 taken to a centre the sending state
/// runs abroad; one fixed cost of 3,700.
const COUNTED: &str = "name = \"Counted\"\ncurrency = \"EUR\"\n[[cost]]\nitem = \"Centre\"\n\
    amount = 3700\n[outcomes]\nremovals = 37\nvoluntary_departures = 5\noffshore_transfers = 213\n";

#[test]
fn set_reaches_voluntary_departures_and_offshore_transfers() {
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(dir.path(), "counted.toml", COUNTED);
    let stdout = run([
        "compare",
        &file,
        "--set",
        "outcomes.voluntary_departures=37",
        "--set",
        "outcomes.offshore_transfers=0",
        "--format",
        "csv",
    ])
    .succeeds();
    let rows = csv_rows(&stdout);
    // Columns 19 and 20 (from 0): voluntary_departures, offshore_transfers.
    assert_eq!((rows[0][19].as_str(), rows[0][20].as_str()), ("37", "0"));
    // 3,700 / 37 = 100 per removal whatever the offshore transfers.
    assert_eq!(rows[0][6], "100.00");
    // More voluntary departures than removals is refused, in the argument.
    run([
        "compare",
        &file,
        "--set",
        "outcomes.voluntary_departures=38",
    ])
    .fails_with("`voluntary_departures` (38) is more than `removals` (37)");
    // Lowering removals alone below the file's voluntary departures caps
    // them at the new removals (they enter no metric), with a warning.
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "compare",
        &file,
        "--set",
        "outcomes.removals=4",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "`voluntary_departures` (5) is more than the new `removals` (4), so it is taken as 4"
        ),
        "{stderr}"
    );
    // 3,700 / 4 = 925 per removal; voluntary departures 5 capped at 4.
    let rows = csv_rows(&stdout);
    assert_eq!((rows[0][6].as_str(), rows[0][19].as_str()), ("925.00", "4"));
}

#[test]
fn vary_reaches_voluntary_departures_and_offshore_transfers() {
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(dir.path(), "counted.toml", COUNTED);
    let stdout = run([
        "sweep",
        &file,
        "--vary",
        "outcomes.offshore_transfers=0:400:200",
        "--format",
        "csv",
    ])
    .succeeds();
    let rows = csv_rows(&stdout);
    // 0, 200, 400 offshore transfers (first column; its own column is 21st
    // after the varied one); the cost per removal stays 3,700 / 37 = 100.
    let values: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[21].as_str(), r[7].as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("0", "0", "100.00"),
            ("200", "200", "100.00"),
            ("400", "400", "100.00")
        ]
    );
    // Voluntary departures up to removals; past them each point is refused.
    let Run { code, stderr, .. } = run([
        "sweep",
        &file,
        "--vary",
        "outcomes.voluntary_departures=30:40:10",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`voluntary_departures` (40) is more than `removals` (37)"),
        "{stderr}"
    );
}
