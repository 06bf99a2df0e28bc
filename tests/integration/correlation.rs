//! `[[correlation]]` end to end: the exported draws (`simulate --samples`)
//! have the requested rank correlations, every input keeps its distribution,
//! and the draws are the same on any number of threads. Seeds are fixed and
//! tolerances are four standard errors, so these never flake.

use std::collections::BTreeMap;

use super::{costcalc, run, write_scenario};

/// Three uncertain inputs in one group: planned with block_probability at
/// rank −0.5, and the payment with planned at 0.3 (the payment and
/// block_probability are in no table together, so uncorrelated).
const CORRELATED: &str = r#"
name = "Correlated test deal"
currency = "USD"
[[cost]]
item = "Payment"
amount = { low = 4_760_000, high = 7_500_000 }
[outcomes]
planned = { dist = "uniform", min = 160, max = 300 }
block_probability = { dist = "uniform", min = 0, max = 0.43 }
[[correlation]]
inputs = ["outcomes.planned", "outcomes.block_probability"]
rank = -0.5
[[correlation]]
inputs = ["cost[1].amount", "outcomes.planned"]
rank = 0.3
"#;

const DRAWS: usize = 20_000;

/// The draws of each input in `--samples` CSV (scenario, sample, input, value), by input.
fn draws_by_input(csv: &str) -> BTreeMap<String, Vec<f64>> {
    let mut by_input: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.rsplitn(3, ',').collect();
        let (value, input) = (cells[0], cells[1]);
        by_input
            .entry(input.to_string())
            .or_default()
            .push(value.parse().unwrap());
    }
    by_input
}

/// The ranks 0..n of `values` (the draws are continuous, so without ties).
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i] = rank as f64;
    }
    ranks
}

/// Spearman's ρ: the Pearson correlation of the ranks.
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let mean = (a.len() as f64 - 1.0) / 2.0;
    let covariance: f64 = ra
        .iter()
        .zip(&rb)
        .map(|(x, y)| (x - mean) * (y - mean))
        .sum();
    let variance: f64 = ra.iter().map(|x| (x - mean) * (x - mean)).sum();
    covariance / variance
}

/// Four standard errors of Spearman's ρ estimated from n draws: about
/// (1 − ρ²) / √(n − 1) as for Pearson's r, times √1.06 for ranks (Fieller,
/// Hartley and Pearson 1957). For n = 20,000: ρ = −0.5 → 4 × 1.03 × 0.75 /
/// 141.4 = 0.022; ρ = 0.3 → 0.027; ρ = 0 → 0.029.
fn four_standard_errors(rho: f64, n: usize) -> f64 {
    4.0 * 1.06f64.sqrt() * (1.0 - rho * rho) / ((n - 1) as f64).sqrt()
}

fn exported_draws(dir: &std::path::Path, threads: &str) -> Vec<u8> {
    let file = write_scenario(dir, "correlated.toml", CORRELATED);
    let samples = dir.join(format!("samples-{threads}.csv"));
    let output = costcalc()
        .env("RAYON_NUM_THREADS", threads)
        .args(["simulate", &file, "-n", &DRAWS.to_string(), "--seed", "7"])
        .arg("--samples")
        .arg(&samples)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(samples).unwrap()
}

#[test]
fn exported_draws_have_the_requested_rank_correlations() {
    let dir = tempfile::tempdir().unwrap();
    let csv = String::from_utf8(exported_draws(dir.path(), "2")).unwrap();
    let draws = draws_by_input(&csv);
    let planned = &draws["outcomes.planned"];
    let blocked = &draws["outcomes.block_probability"];
    let payment = &draws["cost[1].amount"];
    assert_eq!(planned.len(), DRAWS);
    for (a, b, wanted) in [
        (planned, blocked, -0.5),
        (payment, planned, 0.3),
        (payment, blocked, 0.0),
    ] {
        let got = spearman(a, b);
        let tolerance = four_standard_errors(wanted, DRAWS);
        assert!(
            (got - wanted).abs() < tolerance,
            "rank correlation {got}, wanted {wanted} ± {tolerance}"
        );
    }
}

#[test]
fn correlated_inputs_keep_their_distributions() {
    let dir = tempfile::tempdir().unwrap();
    let csv = String::from_utf8(exported_draws(dir.path(), "2")).unwrap();
    let draws = draws_by_input(&csv);
    // The share of draws at or below each input's exact p-quantile is p,
    // within four standard errors √(p(1 − p)/n): 0.0062 at p = 0.05 and 0.95,
    // 0.0141 at p = 0.5. Quantiles by hand:
    // - uniform 160 to 300: 160 + 140p → 167, 230, 293;
    // - uniform 0 to 0.43: 0.43p → 0.0215, 0.215, 0.4085;
    // - lognormal 4,760,000 to 7,500,000: its 5th and 95th percentiles are
    //   the parameters; its median √(4.76e6 × 7.5e6) = √3.57e13 = 5,974,948.
    let cases: [(&str, [f64; 3]); 3] = [
        ("outcomes.planned", [167.0, 230.0, 293.0]),
        ("outcomes.block_probability", [0.0215, 0.215, 0.4085]),
        ("cost[1].amount", [4_760_000.0, 5_974_948.0, 7_500_000.0]),
    ];
    for (input, quantiles) in cases {
        let values = &draws[input];
        for (p, q) in [0.05, 0.5, 0.95].into_iter().zip(quantiles) {
            let share = values.iter().filter(|v| **v <= q).count() as f64 / values.len() as f64;
            let tolerance = 4.0 * (p * (1.0 - p) / values.len() as f64).sqrt();
            assert!(
                (share - p).abs() < tolerance,
                "{input}: {share} of draws at or below {q}, wanted {p} ± {tolerance}"
            );
        }
    }
}

#[test]
fn correlated_draws_are_the_same_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let one = exported_draws(dir.path(), "1");
    let three = exported_draws(dir.path(), "3");
    assert!(one == three, "the draws differ between 1 and 3 threads");
}

#[test]
fn a_perfect_rank_correlation_gives_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    // Only the first table, at rank 1 (with the second, the payment would
    // need rank 0.3 with block_probability too, and the reader refuses it).
    let text = CORRELATED
        .replace("rank = -0.5", "rank = 1")
        .split("[[correlation]]\ninputs = [\"cost")
        .next()
        .unwrap()
        .to_string();
    let file = write_scenario(dir.path(), "perfect.toml", &text);
    let samples = dir.path().join("samples.csv");
    run([
        "simulate",
        &file,
        "-n",
        "2000",
        "--seed",
        "3",
        "--samples",
        samples.to_str().unwrap(),
    ])
    .succeeds();
    let draws = draws_by_input(&std::fs::read_to_string(samples).unwrap());
    // Both from one normal: the ranks agree exactly, ρ = 1.
    let rho = spearman(
        &draws["outcomes.planned"],
        &draws["outcomes.block_probability"],
    );
    assert!((rho - 1.0).abs() < 1e-12, "{rho}");
}

#[test]
fn show_lists_the_correlations() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "correlated.toml", CORRELATED);
    let shown = run(["show", &file]).succeeds();
    assert!(
        shown.contains("Correlated inputs (simulate draws them together, by a Gaussian copula)")
    );
    assert!(
        shown.contains("outcomes.planned and outcomes.block_probability: rank correlation -0.5")
    );
    assert!(shown.contains("cost[1].amount and outcomes.planned: rank correlation 0.3"));
}

#[test]
fn an_input_fixed_by_set_leaves_its_correlation() {
    // `--set outcomes.planned=200` makes planned a number: its table then
    // correlates nothing and is dropped, rather than the what-if refused;
    // the other table (payment with planned) goes the same way. Every draw
    // then has 200 planned.
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "correlated.toml", CORRELATED);
    let samples = dir.path().join("samples.csv");
    run([
        "simulate",
        &file,
        "-n",
        "100",
        "--seed",
        "1",
        "--set",
        "outcomes.planned=200",
        "--samples",
        samples.to_str().unwrap(),
    ])
    .succeeds();
    let draws = draws_by_input(&std::fs::read_to_string(samples).unwrap());
    assert!(!draws.contains_key("outcomes.planned"));
    assert_eq!(draws["outcomes.block_probability"].len(), 100);
    let shown = run(["show", &file, "--set", "outcomes.planned=200"]).succeeds();
    assert!(!shown.contains("Correlated inputs"), "{shown}");
}

#[test]
fn the_report_lists_the_correlations() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "correlated.toml", CORRELATED);
    for format in ["html", "markdown"] {
        let report = run(["report", &file, "--format", format, "-o", "-"]).succeeds();
        assert!(
            report.contains("Correlated inputs") && report.contains("rank correlation -0.5"),
            "{format}:\n{report}"
        );
    }
}

#[test]
fn chart_histogram_draws_correlated_inputs_as_simulate_does() {
    // Charts draw through simulate's own draws, copula included: the
    // histogram of removals marks the percentiles docs/correlation.md shows
    // for `simulate docs/examples/correlated.toml -n 50000 --seed 1` (p5
    // 105.8, p95 274.9), not the uncorrelated deal's (115.8 and 258.7).
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("removals.svg");
    let chart = |file: &str| {
        run([
            "chart",
            "histogram",
            file,
            "--metric",
            "removals",
            "-n",
            "50000",
            "--seed",
            "1",
            "-o",
            svg.to_str().unwrap(),
        ])
        .succeeds();
        std::fs::read_to_string(&svg).unwrap()
    };
    let correlated = chart("docs/examples/correlated.toml");
    assert!(correlated.contains("p5 105.8") && correlated.contains("p95 274.9"));
    let independent = chart("scenarios/hypothetical-us-third-country-uncertain.toml");
    assert!(independent.contains("p5 115.8") && independent.contains("p95 258.7"));
}

#[test]
fn inputs_in_no_table_draw_as_they_would_without_one() {
    // Each input draws from a stream keyed by its PATH; a `[[correlation]]`
    // table draws its own inputs jointly from another. So docs/examples/
    // correlated.toml (planned and block probability correlated) and the
    // shipped deal it extends export the very same draws of the payment,
    // cost[1].amount, and different ones of the two correlated inputs.
    let dir = tempfile::tempdir().unwrap();
    let draws = |file: &str| {
        let samples = dir.path().join("samples.csv");
        run([
            "simulate",
            file,
            "-n",
            "5000",
            "--seed",
            "3",
            "--samples",
            samples.to_str().unwrap(),
        ])
        .succeeds();
        draws_by_input(&std::fs::read_to_string(&samples).unwrap())
    };
    let correlated = draws("docs/examples/correlated.toml");
    let independent = draws("scenarios/hypothetical-us-third-country-uncertain.toml");
    assert_eq!(correlated["cost[1].amount"].len(), 5000);
    assert_eq!(correlated["cost[1].amount"], independent["cost[1].amount"]);
    assert_ne!(
        correlated["outcomes.planned"],
        independent["outcomes.planned"]
    );
    assert_ne!(
        correlated["outcomes.block_probability"],
        independent["outcomes.block_probability"]
    );
}
