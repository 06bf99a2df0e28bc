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

#[test]
fn show_says_when_facts_were_checked_what_happened_to_people_and_the_baseline_year() {
    // Issue 20: 37 removed (5 of them voluntarily), 213 moved to a centre the
    // sending state runs abroad, which are not removals; a FY2016 baseline in
    // a deal of 2024 prices says its own year.
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(
        dir.path(),
        "deal.toml",
        "name = \"Deal\"\ncurrency = \"USD\"\nprice_year = 2024\nas_of = 2026-11-30\n\
         [outcomes]\nremovals = 37\nvoluntary_departures = 5\noffshore_transfers = 213\n\
         [baseline]\ncost_per_person = 10_854\nprice_year = 2016\n",
    );
    let stdout = run(["show", &file]).succeeds();
    assert!(
        stdout.contains("  as of      2026-11-30 (when the facts were last checked)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  voluntary_departures            5   of the removals, people who left voluntarily\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  offshore_transfers            213   moved to a facility abroad"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Domestic alternative: USD 10,854 per person in 2016 prices"),
        "{stdout}"
    );
    // Moved to 2024 prices it says the target's year, never the one it left.
    let moved = run(["show", &file, "--price-year", "2024"]).succeeds();
    assert!(moved.contains("per person in 2024 prices"), "{moved}");
    assert!(!moved.contains("per person in 2016 prices"), "{moved}");
}

#[test]
fn a_baseline_in_other_prices_than_the_costs_says_so_until_converted() {
    // uk-rwanda: costs in 2024 prices, the baseline's £106,000 in 2023 prices.
    let caveat = "prices: the costs are in 2024 prices;";
    let stdout = run(["show", "uk-rwanda"]).succeeds();
    assert!(stdout.contains(caveat), "{stdout}");
    // With --price-year 2024 it is converted (106,000 × 133.853 / 130.5 =
    // 108,723.51), and there is nothing to warn about.
    let stdout = run(["show", "uk-rwanda", "--price-year", "2024"]).succeeds();
    assert!(!stdout.contains(caveat), "{stdout}");
    assert!(
        stdout.contains("GBP 108,723.51 per person in 2024 prices"),
        "{stdout}"
    );
}
