//! `costcalc show` end to end.

use super::{Run, run};

#[test]
fn shows_every_part_of_a_scenario() {
    for name in ["uk-rwanda", "hypothetical-uk-rwanda-300", "us-rwanda"] {
        let stdout = run(["show", &format!("scenarios/{name}.toml")]).succeeds();
        insta::assert_snapshot!(name, stdout);
    }
}

#[test]
fn a_bad_file_is_reported_not_shown() {
    let Run {
        code,
        stdout,
        stderr,
    } = run(["show", "tests/bad/unknown-key-in-cost.toml"]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(stderr.contains("tests/bad/unknown-key-in-cost.toml:8:1:"));
}

#[test]
fn show_needs_a_file() {
    let Run { code, .. } = run(["show"]);
    assert_eq!(code, Some(2));
}

#[test]
fn the_baseline_line_says_the_price_year_of_the_amount_shown() {
    // Converted to 2024 prices, the baseline says 2024, not the file's year.
    for name in ["uk-rwanda", "us-rwanda"] {
        let stdout = run(["show", name, "--currency", "USD", "--price-year", "2024"]).succeeds();
        let baseline = stdout
            .lines()
            .skip_while(|line| *line != "Baseline")
            .nth(1)
            .expect("a baseline line");
        assert!(
            baseline.contains(" per person in 2024 prices"),
            "{baseline}"
        );
        assert!(!baseline.contains("2025"), "{baseline}");
    }
    // Unconverted, us-rwanda's baseline is in its own 2025 prices: $14,559.
    let stdout = run(["show", "us-rwanda"]).succeeds();
    assert!(
        stdout.contains(
            "ICE average cost per removal (FY2016, adjusted for inflation): USD 14,559 per \
             person in 2025 prices [ice-2016]"
        ),
        "{stdout}"
    );
}
