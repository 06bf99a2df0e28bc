//! `tornado --range`: a one-way analysis of a scenario with point values,
//! every numeric input moved down and up by a share. Expected values by hand.

use super::{run, shipped, write_scenario};

/// The CSV rows of a tornado, each as (input, low, high, metric_at_low,
/// metric_at_high, swing, flag).
fn rows(csv: &str) -> Vec<[String; 7]> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |record: &csv::StringRecord, name: &str| {
        let i = headers.iter().position(|h| h == name).unwrap();
        record[i].to_string()
    };
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            [
                at(&r, "input"),
                at(&r, "low"),
                at(&r, "high"),
                at(&r, "metric_at_low"),
                at(&r, "metric_at_high"),
                at(&r, "swing"),
                at(&r, "flag"),
            ]
        })
        .collect()
}

fn row<'a>(rows: &'a [[String; 7]], input: &str) -> &'a [String; 7] {
    rows.iter()
        .find(|r| r[0] == input)
        .unwrap_or_else(|| panic!("no row for {input}"))
}

#[test]
fn range_works_on_every_shipped_scenario() {
    for file in shipped() {
        let table = run(["tornado", &file, "--range", "20%"]).succeeds();
        assert!(table.contains("each input ± 20%"), "{file}:\n{table}");
        let csv = run(["tornado", &file, "--range", "20%", "--format", "csv"]).succeeds();
        let rows = rows(&csv);
        assert!(!rows.is_empty(), "{file}: no inputs moved");
        for r in &rows {
            // Every input moved down, then up (or stayed, at 0 or at a bound).
            let (low, high): (f64, f64) = (r[1].parse().unwrap(), r[2].parse().unwrap());
            assert!(low <= high, "{file}: {r:?}");
        }
        run(["chart", "tornado", &file, "--range", "20%", "-o", "-"]).succeeds();
    }
}

#[test]
fn a_point_value_deal_moves_each_input_by_the_share() {
    // us-rwanda: USD 7,500,000 fixed, 7 removals: 1,071,428.571429 per removal.
    // Payment ± 20%: 6,000,000 / 7 = 857,142.857143 and 9,000,000 / 7 =
    // 1,285,714.285714. Removals 7 ± 20% = 5.6 and 8.4, rounded half away
    // from zero to 6 and 8: 7,500,000 / 6 = 1,250,000 and / 8 = 937,500.
    let csv = run([
        "tornado",
        "scenarios/us-rwanda.toml",
        "--range",
        "20%",
        "--format",
        "csv",
    ])
    .succeeds();
    let rows = rows(&csv);
    let payment = row(&rows, "cost[1].amount");
    assert_eq!(
        payment[1..6],
        [
            "6000000",
            "9000000",
            "857142.857143",
            "1285714.285714",
            "428571.428571"
        ]
    );
    let removals = row(&rows, "outcomes.removals");
    assert_eq!(removals[1..6], ["6", "8", "1250000", "937500", "312500"]);
    // `--range 0.2` is the same share.
    let same = run([
        "tornado",
        "scenarios/us-rwanda.toml",
        "--range",
        "0.2",
        "--format",
        "csv",
    ])
    .succeeds();
    assert_eq!(csv, same);
}

#[test]
fn a_probability_stays_within_one_and_an_undefined_end_is_flagged() {
    // The deal projected instead (no `removals`): 250 planned, block
    // probability 0.9: 25 removals, USD 7,500,000 / 25 =
    // 300,000. Probability − 20% = 0.72: 250 × 0.28 = 70 removals, 7,500,000
    // / 70 = 107,142.857143. + 20% = 1.08, kept at 1: no removals, so cost per
    // removal is undefined at that end: flagged, with no swing.
    let csv = run([
        "tornado",
        "scenarios/hypothetical-us-rwanda-250.toml",
        "--range",
        "20%",
        "--set",
        "outcomes.removals=",
        "--set",
        "outcomes.block_probability=0.9",
        "--format",
        "csv",
    ])
    .succeeds();
    let rows = rows(&csv);
    let p = row(&rows, "outcomes.block_probability");
    assert_eq!(p[1..7], ["0.72", "1", "107142.857143", "", "", "undefined"]);
    // Flagged bars come last; the others have no flag.
    assert_eq!(rows.last().unwrap()[0], "outcomes.block_probability");
    assert!(rows[..rows.len() - 1].iter().all(|r| r[6].is_empty()));
    // The table says so and draws no bar for it.
    let table = run([
        "tornado",
        "scenarios/hypothetical-us-rwanda-250.toml",
        "--range",
        "20%",
        "--set",
        "outcomes.removals=",
        "--set",
        "outcomes.block_probability=0.9",
    ])
    .succeeds();
    let line = table
        .lines()
        .find(|l| l.contains("outcomes.block_probability"))
        .unwrap();
    assert!(
        line.contains("flagged: the metric is undefined at one end"),
        "{line}"
    );
    assert!(!line.contains('█'), "{line}");
    // So does the chart.
    let svg = run([
        "chart",
        "tornado",
        "scenarios/hypothetical-us-rwanda-250.toml",
        "--range",
        "20%",
        "--set",
        "outcomes.removals=",
        "--set",
        "outcomes.block_probability=0.9",
        "-o",
        "-",
    ])
    .succeeds();
    assert!(svg.contains("flagged: the metric is undefined at one end"));
    assert!(svg.contains("each input 20% down and up"));
}

#[test]
fn counts_stay_whole_and_blocked_stays_within_attempted() {
    // 10 attempted, 9 blocked: block rate 0.9. Blocked ± 20% = 7.2 → 7 (rate
    // 0.7) and 10.8 → 11, kept at 10 attempted (rate 1). Attempted ± 20% = 8,
    // kept at 9 blocked (rate 1), and 12 (rate 9 / 12 = 0.75).
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "blocks.toml",
        r#"
name = "Blocks"
currency = "USD"
[[cost]]
item = "Payment"
amount = 1_000_000
[outcomes]
removals = 1
attempted = 10
blocked = 9
"#,
    );
    let csv = run([
        "tornado",
        &file,
        "--range",
        "20%",
        "--metric",
        "block_rate",
        "--format",
        "csv",
    ])
    .succeeds();
    let rows = rows(&csv);
    assert_eq!(
        row(&rows, "outcomes.blocked")[1..5],
        ["7", "10", "0.7", "1"]
    );
    assert_eq!(
        row(&rows, "outcomes.attempted")[1..5],
        ["9", "12", "1", "0.75"]
    );
}

#[test]
fn a_range_of_nothing_or_everything_is_refused() {
    for bad in ["0", "100%", "150%", "-20%"] {
        let r = run([
            "tornado",
            "scenarios/us-rwanda.toml",
            &format!("--range={bad}"),
        ]);
        assert_eq!(r.code, Some(2), "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("--range"), "{bad}: {}", r.stderr);
    }
}

#[test]
fn without_a_range_a_point_value_deal_suggests_one() {
    run(["tornado", "scenarios/us-rwanda.toml"])
        .fails_with("has no uncertain inputs")
        .fails_with("--range 20%");
}

#[test]
fn with_distributions_the_range_moves_each_input_around_its_mean() {
    // The uncertain deal's planned is uniform 160 to 300, mean 230: ± 20% is
    // 184 and 276, whatever its distribution's p5 and p95 (167 and 293).
    let csv = run([
        "tornado",
        "scenarios/hypothetical-us-third-country-uncertain.toml",
        "--range",
        "20%",
        "--format",
        "csv",
    ])
    .succeeds();
    let rows = rows(&csv);
    assert_eq!(row(&rows, "outcomes.planned")[1..3], ["184", "276"]);
}

/// 18,446,744,073,709,551,615 removals (the largest whole number) + 50% is
/// beyond a count's range: refused (exit 1) in the words of `--range`, not as
/// a `--vary` argument the user never typed.
#[test]
fn a_count_beyond_the_largest_whole_number_is_refused_in_range_s_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "big.toml",
        "name = \"Big\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"x\"\namount = 1\n\
         basis = \"fixed\"\n[outcomes]\nremovals = 18446744073709551615\n",
    );
    let refused = run(["tornado", &file, "--range", "50%"]);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "outcomes.removals × (1 + 0.5) is 27670116110564327423, above the largest whole \
             number costcalc accepts (18446744073709551615): use a smaller --range"
        ),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("--vary"), "{}", refused.stderr);
}

/// A total that only overflows at an end --range made: cost[1] 66e27 + 20%
/// = 79.2e27, plus cost[2]'s 5e27, is beyond the largest decimal (about
/// 79.2e27), while the file's own total (71e27) is not. The error names the
/// input and the end, since the file alone is fine.
#[test]
fn an_end_whose_total_overflows_names_the_input_and_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "ov.toml",
        "name = \"Ov\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"a\"\namount = 66000000000000000000000000000\nbasis = \"fixed\"\n\
         [[cost]]\nitem = \"b\"\namount = 5000000000000000000000000000\nbasis = \"fixed\"\n\
         [outcomes]\nremovals = 10\n",
    );
    run(["compare", &file]).succeeds();
    let refused = run(["tornado", &file, "--range", "20%"]);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains(
            "with cost[1].amount at 79,200,000,000,000,000,000,000,000,000 (an end of --range \
             20%): the fixed cost cannot be computed exactly"
        ),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("use a smaller --range"),
        "{}",
        refused.stderr
    );
}
