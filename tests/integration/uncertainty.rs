//! `simulate` and `tornado` end to end: reproducibility, agreement with
//! analytic values and with squigglepy, the audit file, and conversions.
//! Tolerances are several standard errors wide and seeds are fixed, so these
//! never flake.

use super::{Run, costcalc, run, write_scenario};

const REFERENCE: &str = "benches/reference-model.toml";

/// The `mean, p5, p50, p95` cells of `metric`'s row in simulate's CSV.
fn row(csv: &str, metric: &str) -> [f64; 4] {
    let line = csv
        .lines()
        .find(|l| l.contains(&format!(",{metric},")))
        .unwrap_or_else(|| panic!("no {metric} row in\n{csv}"));
    let cells: Vec<&str> = line.split(',').collect();
    // scenario, metric, mean, sd, p5, p50, p95, threshold, samples, seed,
    // currency, price_year, status, overrides: counted from the end, as a
    // name may hold a comma.
    let at = |i: usize| {
        cells[cells.len() - 14 + i]
            .parse::<f64>()
            .unwrap_or(f64::NAN)
    };
    [at(2), at(4), at(5), at(6)]
}

fn simulate(args: &[&str]) -> String {
    let mut all = vec!["simulate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    run(all).succeeds()
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_number_of_threads() {
    let outputs: Vec<Vec<u8>> = ["1", "2", "3"]
        .iter()
        .map(|threads| {
            let output = costcalc()
                .env("RAYON_NUM_THREADS", threads)
                .args([
                    "simulate",
                    REFERENCE,
                    "-n",
                    "70000",
                    "--seed",
                    "9",
                    "--format",
                    "csv",
                    "--threshold",
                    "10:30:10",
                ])
                .output()
                .unwrap();
            assert!(output.status.success());
            output.stdout
        })
        .collect();
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    // And a different seed gives different draws.
    let other = simulate(&[
        REFERENCE,
        "-n",
        "70000",
        "--seed",
        "10",
        "--threshold",
        "10:30:10",
    ]);
    assert_ne!(String::from_utf8_lossy(&outputs[0]), other);
}

#[test]
fn the_seed_is_printed_when_not_given() {
    let Run { code, stderr, .. } = run(["simulate", REFERENCE, "-n", "1000", "--format", "csv"]);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("1,000 draws per scenario, seed ") && stderr.contains("rerun with --seed"),
        "{stderr}"
    );
}

#[test]
fn sampled_moments_match_analytic_values() {
    // The reference model's total cost is lognormal with 90% interval 500 to
    // 900: mean exp(μ + σ²/2) = 681.614 (μ = ln √450,000, σ = 0.178674), sd
    // 122.7, so over 200,000 draws the mean's standard error is 0.27; its 5th
    // and 95th percentiles are 500 and 900 by definition.
    let csv = simulate(&[REFERENCE, "-n", "200000", "--seed", "1"]);
    let [mean, p5, _, p95] = row(&csv, "total_cost");
    assert!((mean - 681.614).abs() < 2.0, "{mean}");
    assert!((p5 - 500.0).abs() < 5.0, "{p5}");
    assert!((p95 - 900.0).abs() < 9.0, "{p95}");
    // Utilization is removals ÷ planned = 1 − p with p ~ beta(2, 5): mean
    // 1 − 2/7 = 0.714286, sd 0.160 → standard error 0.00036.
    let [mean, ..] = row(&csv, "utilization");
    assert!((mean - 0.714_286).abs() < 0.003, "{mean}");
}

#[test]
fn the_reference_model_agrees_with_squigglepy() {
    // squigglepy 0.30, `python3 squigglepy_model.py 1000000 42` (shared/bench):
    // cost_per_removal p5=3.0772 p50=39.3822 p95=508.8206. With 200,000 draws
    // of ours, the sampling error of a percentile of this heavy-tailed ratio is
    // about 1% at the median and 2–3% at p5 and p95; the tolerances are wider.
    let csv = simulate(&[REFERENCE, "-n", "200000", "--seed", "42"]);
    let [_, p5, p50, p95] = row(&csv, "cost_per_removal");
    assert!((p5 / 3.0772 - 1.0).abs() < 0.08, "p5 {p5}");
    assert!((p50 / 39.3822 - 1.0).abs() < 0.05, "p50 {p50}");
    assert!((p95 / 508.8206 - 1.0).abs() < 0.10, "p95 {p95}");
}

#[test]
fn acceptability_is_a_share_of_draws_and_rises_with_the_threshold() {
    let csv = simulate(&[
        REFERENCE,
        "-n",
        "50000",
        "--seed",
        "3",
        "--threshold",
        "10:40:10",
    ]);
    let shares: Vec<f64> = csv
        .lines()
        .filter(|l| l.contains(",p_cost_per_removal_at_or_below,"))
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    assert_eq!(shares.len(), 4, "{csv}");
    assert!(shares.windows(2).all(|w| w[0] <= w[1]), "{shares:?}");
    assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)), "{shares:?}");
    // The threshold is in its own column, before the draws and the seed; then
    // the reference model's currency USD, no price year, status hypothetical
    // and no --set.
    assert!(
        csv.contains(",,,,,10,50000,3,USD,,hypothetical,\n"),
        "{csv}"
    );
}

#[test]
fn every_draw_can_be_written_for_audit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draws.csv");
    let Run { code, stderr, .. } = run([
        "simulate".as_ref(),
        REFERENCE.as_ref(),
        "-n".as_ref(),
        "1000".as_ref(),
        "--seed".as_ref(),
        "5".as_ref(),
        "--samples".as_ref(),
        path.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(&path).unwrap();
    // A header, then per draw: 3 inputs (amount, planned, block_probability)
    // and 4 metrics (total_cost, removals, cost_per_removal, utilization).
    assert_eq!(text.lines().count(), 1 + 1000 * 7);
    assert!(text.starts_with("scenario,sample,input,value\n"));
    assert!(text.contains(",999,cost_per_removal,"));
    // The first draw's total cost is its amount (one fixed line).
    let value = |name: &str| {
        text.lines()
            .find(|l| l.contains(&format!(",0,{name},")))
            .and_then(|l| l.rsplit(',').next())
            .unwrap()
            .to_string()
    };
    assert_eq!(value("cost[1].amount"), value("total_cost"));
}

#[test]
fn the_draws_can_go_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.csv");
    let stdout = run([
        "simulate".as_ref(),
        REFERENCE.as_ref(),
        "-n".as_ref(),
        "10".as_ref(),
        "--seed".as_ref(),
        "5".as_ref(),
        "--samples".as_ref(),
        "-".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
        "-o".as_ref(),
        summary.as_os_str(),
    ])
    .succeeds();
    // The header, then 7 rows a draw (3 inputs and 4 metrics, as above).
    assert!(
        stdout.starts_with("scenario,sample,input,value\n"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1 + 10 * 7);
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(summary.starts_with("scenario,metric,mean,"), "{summary}");
}

#[test]
fn a_number_given_to_samples_is_taken_for_the_number_of_draws_it_means() {
    // `--samples 100000` would write a file called 100000: a usage error
    // (exit 2) that points to --draws, and no file.
    let dir = tempfile::tempdir().unwrap();
    let output = super::costcalc()
        .current_dir(dir.path())
        .args(["simulate", "--samples", "100000"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "--samples takes the file to write every draw to, not a number: for \
             100000 draws, write --draws 100000"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_draws_and_the_summary_may_not_go_to_the_same_place() {
    let dir = tempfile::tempdir().unwrap();
    let draws = dir.path().join("draws.csv");
    std::fs::write(&draws, "the previous draws\n").unwrap();
    let same = dir.path().join(".").join("draws.csv");
    let simulate_to = |samples: &std::ffi::OsStr, output: Option<&std::ffi::OsStr>| {
        let mut args = vec![
            "simulate".as_ref(),
            REFERENCE.as_ref(),
            "-n".as_ref(),
            "1000".as_ref(),
            "--samples".as_ref(),
            samples,
        ];
        if let Some(output) = output {
            args.extend(["-o".as_ref(), output]);
        }
        run(args)
    };
    // One file under two spellings: refused before any draw.
    let Run { stderr, .. } = simulate_to(draws.as_os_str(), Some(same.as_os_str())).fails_with(
        "refusing to write the draws (--samples) and the summary (--output) to the same file",
    );
    assert!(!stderr.contains("draws per scenario"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&draws).unwrap(),
        "the previous draws\n"
    );
    // Both to standard output, by default or as `-`.
    for output in [None, Some("-".as_ref())] {
        simulate_to("-".as_ref(), output).fails_with(
            "refusing to write the draws (--samples) and the summary (standard output) together \
             to standard output",
        );
    }
    // Standard output sent by the shell to the file the draws would replace
    // (found by inode, so on unix).
    #[cfg(unix)]
    {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_costcalc"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["simulate", REFERENCE, "-n", "1000", "--samples"])
            .arg(&draws)
            .stdout(
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(&draws)
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("the summary (standard output) to the same file"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(&draws).unwrap(),
            "the previous draws\n"
        );
    }
}

#[test]
fn money_is_converted_before_it_is_summarised() {
    // GBP 2022 → USD 2024 with the round test rates: × 110/100 (CPI) × 1.25
    // (FX) = × 1.375. The payment is uniform on 1,000..3,000 (mean 2,000, sd
    // 577; over 100,000 draws the standard error is 1.8), so the total's mean
    // is 2,750 ± 2.5 and its 5th percentile 1,100 × 1.375 = 1,512.5.
    let csv = simulate(&[
        "tests/fixtures/uncertain-gbp.toml",
        "-n",
        "100000",
        "--seed",
        "4",
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        "tests/fixtures/round-rates.toml",
    ]);
    let [mean, p5, ..] = row(&csv, "total_cost");
    assert!((mean - 2750.0).abs() < 12.0, "{mean}");
    assert!((p5 - 1512.5).abs() < 12.0, "{p5}");
    run([
        "simulate",
        "tests/fixtures/uncertain-gbp.toml",
        "--discount-rate",
        "3.5",
        "--base-year",
        "2024",
    ])
    .fails_with("simulate does not discount");
}

#[test]
fn tornado_sets_each_input_to_its_p5_and_p95() {
    let stdout = run(["tornado", REFERENCE, "--format", "csv"]).succeeds();
    // Base case: amount 681.614134 (the mean), planned 78 (its mean 78.13,
    // rounded), p = 0.285714 (2/7 to 6 places). Planned at its p5 = 2:
    // removals 2 × 0.714286 = 1.428572 → 681.614134 ÷ 1.428572 = 477.129703;
    // at p95 = 300: removals 214.2858 → 3.180865. Amount at 500 and 900 with
    // removals 78 × 0.714286 = 55.714308: 8.974355 and 16.153840. Each row
    // ends with the model's price year (it gives none), its status
    // "hypothetical", no --set and no flag.
    assert_eq!(
        stdout,
        "input,low,high,metric_at_low,metric_at_high,swing,distribution,price_year,status,overrides,flag\n\
         outcomes.planned,2,300,477.129703,3.180865,473.948838,\"lognormal, 90% interval 2 to 300\",,hypothetical,,\n\
         outcomes.block_probability,0.06285,0.581803,9.3247,20.895996,11.571296,\"beta(2, 5)\",,hypothetical,,\n\
         cost[1].amount,500,900,8.974355,16.15384,7.179484,\"lognormal, 90% interval 500 to 900\",,hypothetical,,\n"
    );
    run(["tornado", "scenarios/us-rwanda.toml"]).fails_with("has no uncertain inputs");
}

#[test]
fn scenarios_sharing_a_name_keep_their_own_results() {
    // A child that does not set `name` inherits its parent's: the two tables
    // must still show each its own figures (utilization 5/10 and 5/20).
    let dir = tempfile::tempdir().unwrap();
    let parent = dir.path().join("s.toml");
    std::fs::write(
        &parent,
        "name = \"s\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"a\"\namount = { low = 100, high = 200 }\n\
         [outcomes]\nplanned = 10\nremovals = 5\n",
    )
    .unwrap();
    let child = dir.path().join("s-child.toml");
    std::fs::write(&child, "extends = \"s.toml\"\n[outcomes]\nplanned = 20\n").unwrap();
    let stdout = run([
        "simulate".as_ref(),
        parent.as_os_str(),
        child.as_os_str(),
        "-n".as_ref(),
        "1000".as_ref(),
        "--seed".as_ref(),
        "1".as_ref(),
    ])
    .succeeds();
    let child_part = stdout.split("s-child.toml").nth(1).unwrap();
    assert!(
        child_part.contains(" utilization ") && child_part.contains("25.0%"),
        "{stdout}"
    );
    let parent_part = stdout.split("s-child.toml").next().unwrap();
    assert!(
        parent_part.contains("50.0%") && !parent_part.contains("25.0%"),
        "{stdout}"
    );
}

#[test]
fn no_cost_per_removal_means_no_probabilities_about_it() {
    // An uncertain cost but no removals figure: no cost per removal, so no
    // P(above baseline) or acceptability rows, rather than a false 0%.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-removals.toml");
    std::fs::write(
        &path,
        "name = \"n\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"a\"\namount = { low = 100, high = 200 }\n\
         [baseline]\ncost_per_person = 50\n",
    )
    .unwrap();
    let stdout = run([
        "simulate".as_ref(),
        path.as_os_str(),
        "-n".as_ref(),
        "1000".as_ref(),
        "--seed".as_ref(),
        "1".as_ref(),
        "--threshold".as_ref(),
        "100".as_ref(),
        "--format".as_ref(),
        "csv".as_ref(),
    ])
    .succeeds();
    assert!(stdout.contains(",total_cost,"), "{stdout}");
    assert!(!stdout.contains("p_cost_per_removal"), "{stdout}");
}

#[test]
fn exchange_rates_can_be_uncertain() {
    let rates = [
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        "tests/fixtures/uncertain-rates.toml",
    ];
    // Deterministic commands use the rate's mean, 1.25: the same figures as the
    // round rates (total 1,402,500, see currencies.rs).
    let stdout = run(
        ["compare", "tests/fixtures/gbp-2022.toml", "--format", "csv"]
            .into_iter()
            .chain(rates),
    )
    .succeeds();
    assert!(stdout.contains(",USD,1402500.00,"), "{stdout}");
    // simulate draws the rate: the total in GBP at 2024 prices is
    // 1,402,500 ÷ 1.25 = 1,122,000, times a uniform rate on 1.20..1.30: mean
    // 1,402,500, sd 1,122,000 × 0.1 ÷ √12 = 32,389, 5th percentile
    // 1,122,000 × 1.205 = 1,352,010. Over 100,000 draws the mean's standard
    // error is about 100.
    let csv = simulate(
        &[
            "tests/fixtures/gbp-2022.toml",
            "-n",
            "100000",
            "--seed",
            "3",
        ]
        .into_iter()
        .chain(rates)
        .collect::<Vec<_>>(),
    );
    let line = csv.lines().find(|l| l.contains(",total_cost,")).unwrap();
    let cells: Vec<f64> = line
        .split(',')
        .skip(2)
        .take(5)
        .map(|c| c.parse().unwrap())
        .collect();
    let (mean, sd, p5) = (cells[0], cells[1], cells[2]);
    assert!((mean - 1_402_500.0).abs() < 800.0, "{mean}");
    assert!((sd - 32_389.0).abs() < 800.0, "{sd}");
    assert!((p5 - 1_352_010.0).abs() < 1_500.0, "{p5}");
    // The baseline is converted with the same draw, so the ratio does not vary.
    let ratio = csv
        .lines()
        .find(|l| l.contains(",cost_ratio_to_baseline,"))
        .unwrap();
    let cells: Vec<f64> = ratio
        .split(',')
        .skip(2)
        .take(5)
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(
        (cells[0], cells[2], cells[4]),
        (2.04, 2.04, 2.04),
        "{ratio}"
    );
    assert!(cells[1] < 1e-9, "{ratio}"); // sd: floating-point noise only
    // `costcalc rates` shows the distribution behind the mean.
    let Run { stdout, .. } = run(["rates", "--rates", "tests/fixtures/uncertain-rates.toml"]);
    assert!(
        stdout.contains("2024 1.25 (mean of uniform from 1.2 to 1.3)"),
        "{stdout}"
    );
}

#[test]
fn midpoints_round_half_away_from_zero_in_base_cases_and_tornado_bars() {
    // Beta(1, 127) has mean 1/128 = 0.0078125 exactly; to 6 decimals, half away
    // from zero, 0.007813 (half to even would give 0.007812). Removals expected
    // = 1,000,000 × (1 − 0.007813) = 992,187; utilization 0.992187.
    let dir = tempfile::tempdir().unwrap();
    let beta = write_scenario(
        dir.path(),
        "beta.toml",
        "name = \"B\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"f\"\namount = 100\n\
         [outcomes]\nplanned = 1000000\n\
         block_probability = { dist = \"beta\", alpha = 1, beta = 127 }\n",
    );
    let stdout = run(["compare", &beta, "--format", "csv"]).succeeds();
    assert!(
        stdout.contains(",992187,expected,0.00,1000000,0.992187,"),
        "{stdout}"
    );

    // Removals uniform on 0..50: p5 = 2.5 and p95 = 47.5, whole numbers 3 and
    // 48 (half away from zero). The fixed cost stays at its mean 150, plus 3
    // per removal: at 3 removals (150 + 9) / 3 = 53; at 48, (150 + 144) / 48
    // = 6.125; swing 46.875. The amount's bar: p5 105, p95 195 over the mean
    // 25 removals: (105 + 75) / 25 = 7.2 and (195 + 75) / 25 = 10.8. T has
    // no price year, no status, no --set and no flag: four empty cells at the end.
    let uniform = write_scenario(
        dir.path(),
        "uniform.toml",
        "name = \"T\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"fixed\"\namount = { dist = \"uniform\", min = 100, max = 200 }\n\
         [[cost]]\nitem = \"each\"\namount = 3\nbasis = \"per_removal\"\n\
         [outcomes]\nremovals = { dist = \"uniform\", min = 0, max = 50 }\n",
    );
    let stdout = run(["tornado", &uniform, "--format", "csv"]).succeeds();
    assert_eq!(
        stdout,
        "input,low,high,metric_at_low,metric_at_high,swing,distribution,price_year,status,overrides,flag\n\
         outcomes.removals,3,48,53,6.125,46.875,uniform from 0 to 50,,,,\n\
         cost[1].amount,105,195,7.2,10.8,3.6,uniform from 100 to 200,,,,\n"
    );
}

#[test]
fn every_simulated_row_says_its_currency() {
    // Issue 19: a directory of deals in several currencies gave rows with
    // nothing to tell them apart. Australia–Nauru is in AUD (price year 2020,
    // no status), the fixture in GBP (2022, hypothetical); each row ends with
    // currency, price_year, status, overrides (none here, then the --set).
    for (set, overrides) in [(None, ""), (Some("summary=Set"), "summary=Set")] {
        let mut args = vec![
            "scenarios/australia-nauru.toml",
            "tests/fixtures/uncertain-gbp.toml",
            "-n",
            "100",
            "--seed",
            "1",
        ];
        if let Some(set) = set {
            args.extend(["--set", set]);
        }
        let csv = simulate(&args);
        let mut lines = csv.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .ends_with(",seed,currency,price_year,status,overrides"),
            "{csv}"
        );
        let mut seen = [0, 0];
        // Read as CSV: a name may hold a comma (Australia's names its window,
        // "(PNG), FY2012-13 to FY2019-20"). The last four cells are the new ones.
        for record in csv::Reader::from_reader(csv.as_bytes()).records() {
            let record = record.expect("a well-formed CSV row");
            let cells: Vec<&str> = record.iter().collect();
            let end = &cells[cells.len() - 4..];
            let line = cells.join(",");
            // Australia's file leaves `status` unset: it models a window of a
            // program that is still running (see the file's header).
            if cells[0].starts_with("Australia") {
                assert_eq!(end, ["AUD", "2020", "", overrides], "{line}");
                seen[0] += 1;
            } else {
                assert_eq!(end, ["GBP", "2022", "hypothetical", overrides], "{line}");
                seen[1] += 1;
            }
        }
        assert!(seen[0] > 0 && seen[1] > 0, "{csv}");
    }
    // Converted, the rows are in the target currency and price year.
    let csv = simulate(&[
        "tests/fixtures/uncertain-gbp.toml",
        "-n",
        "100",
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        "tests/fixtures/round-rates.toml",
    ]);
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.ends_with(",USD,2024,hypothetical,")),
        "{csv}"
    );
}

/// `--draws` goes up to 10⁹ (issue 18); one more is a usage error (exit 2)
/// that says the range, for `simulate` and for the charts that draw.
#[test]
fn draws_above_a_billion_are_a_usage_error_that_gives_the_range() {
    for command in [
        &["simulate", "benches/reference-model.toml"][..],
        &["chart", "histogram", "benches/reference-model.toml"][..],
    ] {
        let mut args = command.to_vec();
        args.extend(["--draws", "1000000001"]);
        let Run { code, stderr, .. } = run(args);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains("1000000001 is not in 2..=1000000000"),
            "{stderr}"
        );
    }
}
