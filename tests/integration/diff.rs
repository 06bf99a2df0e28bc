//! `costcalc diff` and `chart waterfall` (issue 21, point 1): which inputs
//! cause the difference between two scenarios, by the Shapley decomposition,
//! with parts that sum exactly to B − A.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::charts::{assert_no_overlap, chart, check_svg};
use super::{Run, run, write_scenario};

/// A scenario with one fixed cost line and observed removals.
fn deal(name: &str, fund: &str, removals: u64) -> String {
    format!(
        "name = \"{name}\"\ncurrency = \"GBP\"\nprice_year = 2024\n\n\
         [[cost]]\nitem = \"Fund\"\namount = {fund}\nbasis = \"fixed\"\n\n\
         [outcomes]\nremovals = {removals}\n"
    )
}

/// The CSV rows as (metric, input) → (value_a, value_b, contribution).
fn rows(csv: &str) -> BTreeMap<(String, String), (String, String, String)> {
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("metric,input,value_a,value_b,contribution")
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 5, "{line}");
            (
                (cells[0].to_string(), cells[1].to_string()),
                (
                    cells[2].to_string(),
                    cells[3].to_string(),
                    cells[4].to_string(),
                ),
            )
        })
        .collect()
}

/// The hand-worked case of the issue: cost per removal = cost / removals
/// with both changed, where the interaction makes one-at-a-time changes
/// disagree with the whole.
///
/// A: fund 1,000, 10 removals → 100 a removal. B: fund 3,000, 20 removals
/// → 150. B − A = +50.
/// Fund alone (from A): 3,000/10 = 300, +200. Removals alone: 1,000/20 = 50,
/// −50. One at a time the parts sum to +150, not +50.
/// Shapley (two orders, each ½):
///   fund     = ½(300 − 100) + ½(150 − 50)  = +150
///   removals = ½(50 − 100)  + ½(150 − 300) = −100
/// and +150 − 100 = +50 exactly.
#[test]
fn the_shapley_split_of_an_interaction_differs_from_one_at_a_time_changes() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &deal("A", "1000", 10));
    let b = write_scenario(dir.path(), "b.toml", &deal("B", "3000", 20));
    let csv = run(["diff", &a, &b, "--format", "csv"]).succeeds();
    let rows = rows(&csv);
    let row = |metric: &str, input: &str| rows[&(metric.to_string(), input.to_string())].clone();
    let cell = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        row("cost_per_removal", "cost[1].amount"),
        cell("1000", "3000", "150")
    );
    assert_eq!(
        row("cost_per_removal", "outcomes.removals"),
        cell("10", "20", "-100")
    );
    assert_eq!(row("cost_per_removal", "total"), cell("100", "150", "50"));
    // One at a time, from A: --set of one input each.
    let one = |set: &str| {
        let csv = run(["diff", &a, "--set", set, "--format", "csv"]).succeeds();
        rows_total(&csv, "cost_per_removal")
    };
    assert_eq!(one("cost[1].amount=3000"), "200");
    assert_eq!(one("outcomes.removals=20"), "-50");
    // The waterfall: 100, +150 (running 250), −100 (running 150), 150.
    let table = run(["diff", &a, &b]).succeeds();
    let lines: Vec<&str> = table.lines().collect();
    let block: Vec<String> = lines
        .iter()
        .skip_while(|l| !l.contains("cost_per_removal, A"))
        .take(4)
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        block,
        [
            "cost_per_removal, A: A GBP 100.00 GBP 100.00",
            "cost[1].amount: Fund GBP 1,000 GBP 3,000 +GBP 150.00 GBP 250.00",
            "outcomes.removals: Removals 10 20 −GBP 100.00 GBP 150.00",
            "cost_per_removal, B: B GBP 100.00 GBP 150.00 +GBP 50.00 GBP 150.00",
        ],
        "{table}"
    );
    // Total cost is the fund's alone.
    assert_eq!(
        row("total_cost", "cost[1].amount"),
        cell("1000", "3000", "2000")
    );
    assert_eq!(
        row("total_cost", "outcomes.removals"),
        cell("10", "20", "0")
    );
}

fn rows_total(csv: &str, metric: &str) -> String {
    rows(csv)[&(metric.to_string(), "total".to_string())]
        .2
        .clone()
}

/// For two shipped deals in one currency: every metric's parts add up to its
/// `total` row to the digit, and the total is B − A.
#[test]
fn the_parts_sum_exactly_to_the_difference_between_two_shipped_deals() {
    let csv = run([
        "diff",
        "italy-albania",
        "us-rwanda",
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--format",
        "csv",
    ])
    .succeeds();
    let mut sums: BTreeMap<String, Option<Decimal>> = BTreeMap::new();
    let mut totals = BTreeMap::new();
    for ((metric, input), (a, b, contribution)) in rows(&csv) {
        let number = |text: &str| Decimal::from_str(text).ok();
        if input == "total" {
            if let (Some(a), Some(b)) = (number(&a), number(&b)) {
                assert_eq!(number(&contribution), Some(b - a), "{metric}: B − A");
            }
            totals.insert(metric, number(&contribution));
        } else {
            let sum = sums.entry(metric).or_insert(Some(Decimal::ZERO));
            *sum = sum.zip(number(&contribution)).map(|(s, c)| s + c);
        }
    }
    assert!(totals.contains_key("cost_per_removal"));
    for (metric, total) in totals {
        match sums[&metric] {
            // Attributed: the parts make the total exactly.
            Some(sum) => assert_eq!(Some(sum), total, "{metric}"),
            // n/a contributions, never 0 in their place.
            None => assert!(csv.contains(&format!("{metric},cost[1].amount,"))),
        }
    }
}

/// Every pair of shipped scenarios, in one currency: each metric's parts
/// add up to the total, and nothing is refused as an input missed (the mix
/// of every input of B must be B).
#[test]
fn every_pair_of_shipped_scenarios_is_explained_exactly() {
    let files = super::shipped();
    for (i, a) in files.iter().enumerate() {
        for b in &files[i + 1..] {
            let Run {
                code,
                stdout,
                stderr,
            } = run([
                "diff",
                a,
                b,
                "--currency",
                "USD",
                "--price-year",
                "2024",
                "--format",
                "csv",
            ]);
            // The deal in 2025 Australian dollars cannot be converted (the
            // table has no Australian CPI for 2025): a diff needs both sides,
            // so it stops, naming the missing index and the ways round it.
            if [a, b].contains(&&super::UNCONVERTIBLE.to_string()) {
                assert_eq!(code, Some(1), "{a} {b}: {stderr}");
                for words in [
                    "no consumer price index for AUD in 2025",
                    &format!(
                        "error: no diff: {} ({}) cannot be converted (the reason is above); \
                         supply the missing rate or index with --rates FILE, or choose another \
                         --price-year",
                        super::UNCONVERTIBLE_NAME,
                        super::UNCONVERTIBLE
                    ),
                ] {
                    assert!(stderr.contains(words), "{a} {b}: {stderr}");
                }
                assert!(stdout.is_empty(), "{stdout}");
                continue;
            }
            assert_eq!(code, Some(0), "{a} {b}: {stderr}");
            let mut sums: BTreeMap<String, Option<Decimal>> = BTreeMap::new();
            let mut totals = BTreeMap::new();
            for ((metric, input), (_, _, contribution)) in rows(&stdout) {
                let number = Decimal::from_str(&contribution).ok();
                if input == "total" {
                    totals.insert(metric, number);
                } else {
                    let sum = sums.entry(metric).or_insert(Some(Decimal::ZERO));
                    *sum = sum.zip(number).map(|(s, c)| s + c);
                }
            }
            for (metric, sum) in sums {
                if let Some(sum) = sum {
                    assert_eq!(Some(sum), totals[&metric], "{a} {b} {metric}");
                }
            }
        }
    }
}

/// A cost line and a baseline in B only are one input each, named by the
/// line and the table.
#[test]
fn a_line_or_a_baseline_in_one_scenario_only_is_one_input() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &deal("A", "1000", 10));
    let b_text = deal("B", "1000", 10)
        + "\n[[cost]]\nitem = \"Flights\"\namount = 50\nbasis = \"per_removal\"\n\n\
           [baseline]\ncost_per_person = 200\n";
    // [[cost]] after [outcomes] is still a cost line; the order of tables is free.
    let b = write_scenario(dir.path(), "b.toml", &b_text);
    let csv = run(["diff", &a, &b, "--format", "csv"]).succeeds();
    let rows = rows(&csv);
    let inputs: Vec<&str> = rows
        .keys()
        .filter(|(metric, _)| metric == "total_cost")
        .map(|(_, input)| input.as_str())
        .collect();
    assert_eq!(inputs, ["baseline", "cost[2]", "total"]);
    // Total cost 1,000 → 1,000 + 50 × 10 = 1,500: all of it the flights'.
    let flights = &rows[&("total_cost".to_string(), "cost[2]".to_string())];
    assert_eq!(
        flights,
        &(String::new(), "per_removal 50".into(), "500".into())
    );
    // The ratio to the baseline is n/a without a baseline: n/a, not 0.
    let ratio = &rows[&("cost_ratio_to_baseline".to_string(), "baseline".to_string())];
    assert_eq!(ratio.2, "");
}

/// `diff A --set ...`: B is A with the values set; worked by hand on a
/// scenario of the test's own (shipped figures change).
///
/// A: fund 7,500,000, 7 removals → 1,071,428.571428… a removal, attributed
/// rounded to 6 places: 1,071,428.571429. B: fund 10,000,000, 250 removals
/// → 40,000. Mixes: fund only 10,000,000/7 = 1,428,571.428571; removals
/// only 7,500,000/250 = 30,000.
///   fund     = ½(1,428,571.428571 − 1,071,428.571429) + ½(40,000 − 30,000)
///            = 178,571.428571 + 5,000 = 183,571.428571
///   removals = ½(30,000 − 1,071,428.571429) + ½(40,000 − 1,428,571.428571)
///            = −520,714.2857145 − 694,285.7142855 = −1,215,000
///   sum      = −1,031,428.571429 = 40,000 − 1,071,428.571429.
#[test]
fn set_values_make_b_from_a() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &deal("A", "7500000", 7));
    let csv = run([
        "diff",
        &a,
        "--set",
        "outcomes.removals=250",
        "--set",
        "cost[1].amount=10000000",
        "--format",
        "csv",
    ])
    .succeeds();
    let expected = "\
cost_per_removal,cost[1].amount,7500000,10000000,183571.428571
cost_per_removal,outcomes.removals,7,250,-1215000
cost_per_removal,total,1071428.571429,40000,-1031428.571429
";
    assert!(csv.contains(expected), "{csv}");
    // The table names B as A with the values set.
    let table = run(["diff", &a, "--set", "outcomes.removals=250"]).succeeds();
    assert!(
        table.contains("with --set outcomes.removals=250"),
        "{table}"
    );
    assert!(table.contains("+243"), "{table}");
}

#[test]
fn json_has_the_same_columns_with_exact_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &deal("A", "1000", 10));
    let json = run([
        "diff",
        &a,
        "--set",
        "outcomes.removals=30",
        "--format",
        "json",
    ])
    .succeeds();
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = rows[0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["metric", "input", "value_a", "value_b", "contribution"]
    );
    // Cost per removal 1,000/10 = 100 → 1,000/30 = 33.333333 (6 places):
    // all of −66.666667 is the removals'.
    let cpr = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == "cost_per_removal" && r["input"] == "total")
        .unwrap();
    assert_eq!(cpr["contribution"].to_string(), "-66.666667");
}

#[test]
fn one_scenario_without_set_is_a_usage_error() {
    let Run { code, stderr, .. } = run(["diff", "us-rwanda"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--set PATH=VALUE"), "{stderr}");
    let Run { code, .. } = run(["chart", "waterfall", "us-rwanda", "-o", "-"]);
    assert_eq!(code, Some(2));
}

/// Money in two currencies is never subtracted as if comparable.
#[test]
fn different_currencies_need_a_conversion() {
    let Run { code, stderr, .. } = run(["diff", "italy-albania", "us-rwanda"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("EUR"), "{stderr}");
    assert!(stderr.contains("--currency"), "{stderr}");
}

#[test]
fn a_waterfall_chart_runs_from_a_to_b() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_scenario(dir.path(), "a.toml", &deal("Deal A", "1000", 10));
    let b = write_scenario(dir.path(), "b.toml", &deal("Deal B", "3000", 20));
    let svg = chart(&["waterfall", &a, &b]);
    let (texts, description) = check_svg(&svg);
    assert_no_overlap(&texts);
    // A, the fund's +150, the removals' −100, B.
    for shown in ["GBP 100.00", "+GBP 150.00", "−GBP 100.00", "GBP 150.00"] {
        assert!(description.contains(shown), "{shown} in {description}");
    }
    assert!(description.contains("A: Deal A"), "{description}");
    // The same input draws the same bytes.
    assert_eq!(svg, chart(&["waterfall", &a, &b]));
    // A metric with nothing to split is refused, saying why.
    let Run { code, stderr, .. } = run([
        "chart",
        "waterfall",
        &a,
        &b,
        "--metric",
        "block_rate",
        "-o",
        &dir.path().join("x.svg").display().to_string(),
    ]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("block_rate is n/a"), "{stderr}");
}

/// Thirteen differing inputs (8,192 mixes) are grouped by section, and the
/// output says so.
#[test]
fn more_than_twelve_differing_inputs_are_grouped_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let lines = |amount: u32| {
        (1..=12)
            .map(|k| {
                format!(
                    "[[cost]]\nitem = \"Line {k}\"\namount = {}\nbasis = \"fixed\"\n",
                    amount * k
                )
            })
            .collect::<String>()
    };
    let scenario = |name: &str, amount: u32, removals: u32| {
        format!(
            "name = \"{name}\"\ncurrency = \"GBP\"\n{}[outcomes]\nremovals = {removals}\n",
            lines(amount)
        )
    };
    let a = write_scenario(dir.path(), "a.toml", &scenario("A", 1, 10));
    let b = write_scenario(dir.path(), "b.toml", &scenario("B", 2, 20));
    let table = run(["diff", &a, &b]).succeeds();
    assert!(table.contains("13 inputs differ, more than 12"), "{table}");
    let csv = run(["diff", &a, &b, "--format", "csv"]).succeeds();
    // Total cost 78 → 156: all of it the cost section's.
    assert!(csv.contains("total_cost,cost,,,78\n"), "{csv}");
    assert!(csv.contains("total_cost,outcomes,,,0\n"), "{csv}");
    // PNG, like every chart.
    let png = dir.path().join("waterfall.png");
    let Run { code, stderr, .. } = run([
        "chart",
        "waterfall",
        &a,
        &b,
        "-o",
        &png.display().to_string(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("one bar per section"), "{stderr}");
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

/// A baseline of its own price year, the same number in A and B: £100,000 of
/// 2016 prices in A, of 2024 prices in B. Subtracted as they stand the two
/// are equal and no input differs, yet they are not the same money, so diff
/// warns as `compare` does (and with --price-year 2024 the baseline is an
/// input that differs, as the CPI moves A's).
#[test]
fn a_baseline_in_another_year_s_prices_is_not_passed_over_in_silence() {
    let dir = tempfile::tempdir().unwrap();
    let with_baseline = |name: &str, year: u16| {
        format!(
            "{}\n[baseline]\ncost_per_person = 100000\nprice_year = {year}\n",
            deal(name, "1000000", 10)
        )
    };
    let a = write_scenario(dir.path(), "a.toml", &with_baseline("A", 2016));
    let b = write_scenario(dir.path(), "b.toml", &with_baseline("B", 2024));
    let warning = "mixed price years (2016, 2024)";
    // Under the table, as compare's note.
    let table = run(["diff", &a, &b]).succeeds();
    assert!(table.contains(warning), "{table}");
    // On stderr beside CSV, whose rows stay machine-readable.
    let csv = run(["diff", &a, &b, "--format", "csv"]);
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    assert!(csv.stderr.contains(warning), "{}", csv.stderr);
    assert!(!csv.stdout.contains(warning), "{}", csv.stdout);
    // And beside the chart.
    let svg = dir.path().join("w.svg");
    let chart = run(["chart", "waterfall", &a, &b, "-o", svg.to_str().unwrap()]);
    assert_eq!(chart.code, Some(0), "{}", chart.stderr);
    assert!(chart.stderr.contains(warning), "{}", chart.stderr);
    // In one year's prices there is nothing to warn of, and the baseline differs.
    let converted = run(["diff", &a, &b, "--price-year", "2024", "--format", "csv"]);
    assert_eq!(converted.code, Some(0), "{}", converted.stderr);
    assert!(
        !converted.stderr.contains("mixed price years"),
        "{}",
        converted.stderr
    );
    assert!(
        rows(&converted.stdout).contains_key(&(
            "cost_ratio_to_baseline".to_string(),
            "baseline.cost_per_person".to_string()
        )),
        "{}",
        converted.stdout
    );
}
