//! `--currency`, `--price-year`, `--rates` and `costcalc rates` end to end, on a
//! test deal and round-number rates (tests/fixtures/), worked by hand.

use super::{Run, run, write_scenario};

const DEAL: &str = "tests/fixtures/gbp-2022.toml";
const RATES: &str = "tests/fixtures/round-rates.toml";

#[test]
fn converts_every_amount_and_adds_the_price_year_column() {
    let stdout = run([
        "compare",
        DEAL,
        "--format",
        "csv",
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        RATES,
    ])
    .succeeds();
    let mut lines = stdout.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",break_even_removals,price_year,status,overrides,voluntary_departures,offshore_transfers,as_of,sources")
    );
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    // Each GBP 2022 amount × 110/100 (CPI) × 1.25 (USD per GBP) = × 1.375:
    // payment 1,000,000 → 1,375,000; per person 2,000 → 2,750; baseline 50,000 → 68,750.
    // total = 1,375,000 + 2,750 × 10 = 1,402,500; per removal 140,250;
    // vs baseline 140,250 / 68,750 = 2.04; break-even ceil(1,375,000 / (68,750 − 2,750)) = ceil(20.83) = 21.
    assert_eq!(row[2], "USD", "currency");
    assert_eq!(row[3], "1402500.00", "total_cost");
    assert_eq!(row[6], "140250.00", "cost_per_removal");
    assert_eq!(row[13], "68750.00", "baseline_cost_per_person");
    assert_eq!(row[14], "2.040000", "cost_ratio_to_baseline");
    assert_eq!(row[15], "21", "break_even_removals");
    assert_eq!(row[16], "2024", "price_year");
}

#[test]
fn show_prints_the_path_of_each_amount() {
    let stdout = run([
        "show",
        DEAL,
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        RATES,
    ])
    .succeeds();
    // Lines are wrapped at 100 columns; compare the words.
    let words = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = "cost line \"Payment\": GBP 1,000,000 in 2022 prices → GBP 2024 ×1.1 (CPI 110 ÷ 100; \
                    test GBP CPI (not real)) → USD 2024 ×1.25 (FX 1.25 ÷ 1; test GBP FX (not real)) \
                    = USD 1,375,000";
    assert!(words.contains(expected), "{stdout}");
    assert!(stdout.contains("currency   USD, 2024 prices"), "{stdout}");
}

#[test]
fn a_missing_index_names_the_currency_and_year() {
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "compare",
        DEAL,
        "--currency",
        "USD",
        "--price-year",
        "1990",
        "--rates",
        RATES,
    ]);
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("no consumer price index for GBP in 1990"),
        "{stderr}"
    );
    assert!(stderr.contains("--rates FILE"), "{stderr}");
}

#[test]
fn currency_needs_a_price_year_and_a_real_code() {
    let Run { code, .. } = run(["compare", DEAL, "--currency", "USD"]);
    assert_eq!(code, Some(2));
    // A rates file is only read to move amounts to a price year: without one it
    // would be ignored (even a missing file), so it is a usage error.
    let Run { code, stderr, .. } = run(["compare", DEAL, "--rates", "no-such-rates.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--price-year <YEAR>"), "{stderr}");
    let Run { code, stderr, .. } = run([
        "compare",
        DEAL,
        "--currency",
        "DOLLARS",
        "--price-year",
        "2024",
    ]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not an ISO 4217 currency code"), "{stderr}");
}

#[test]
fn rates_lists_every_series_with_its_source() {
    let stdout = run(["rates", "--rates", RATES]).succeeds();
    assert!(
        stdout.contains("GBP fx: test GBP FX (not real)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("from tests/fixtures/round-rates.toml"),
        "{stdout}"
    );
    assert!(
        stdout.contains("federalreserve.gov"),
        "the built-in table cites its sources"
    );
}

#[test]
fn a_broken_rates_file_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rates.toml");
    std::fs::write(&path, "[[series]]\nkind = \"fx\"\ncurrency = \"GBP\"\nname = \"x\"\n[series.values]\n\"2024\" = \"abc\"\n").unwrap();
    run(["rates".as_ref(), "--rates".as_ref(), path.as_os_str()])
        .fails_with("rates.toml:6:10: the value for 2024 is not a number");
}

#[test]
fn discounts_to_present_values_at_a_constant_rate() {
    // At 10% from 2024: 121 paid in 2026 is 121 / 1.1² = 100; 100 a year for 2.5
    // years from 2024 is 100 + 100/1.1 + 50/1.21 = 100 + 90.909091 + 41.322314
    // = 232.231405. Total 332.231405 → 332.23.
    let stdout = run([
        "compare",
        "tests/fixtures/payments.toml",
        "--format",
        "csv",
        "--discount-rate",
        "10",
        "--base-year",
        "2024",
    ])
    .succeeds();
    let row: Vec<&str> = stdout.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[3], "332.23", "total_cost");
    // Without discounting: 121 + 100 × 2.5 = 371.
    let Run { stdout, .. } = run(["compare", "tests/fixtures/payments.toml", "--format", "csv"]);
    assert_eq!(
        stdout.lines().nth(1).unwrap().split(',').nth(3),
        Some("371.00")
    );
}

#[test]
fn discounting_needs_the_year_of_each_payment() {
    let stderr = run([
        "compare",
        DEAL,
        "--discount",
        "green-book",
        "--base-year",
        "2024",
    ])
    .fails_with("cannot discount cost line \"Payment\": it has no `year`")
    .stderr;
    assert!(stderr.contains("add `year = YYYY`"), "{stderr}");
    // A schedule needs a base year: a usage error.
    let Run { code, .. } = run(["compare", DEAL, "--discount-rate", "3.5"]);
    assert_eq!(code, Some(2));
}

/// `compare --format csv` of `file` with `flags`, and its total_cost column.
fn total_cost(file: &str, flags: &[&str]) -> String {
    let mut args = vec!["compare", file, "--format", "csv"];
    args.extend_from_slice(flags);
    let stdout = run(args).succeeds();
    let row = stdout.lines().nth(1).unwrap().to_string();
    row.split(',').nth(3).unwrap().to_string()
}

#[test]
fn a_payment_long_before_the_base_year_is_compounded_not_refused() {
    // 1,000 paid in 1991, in 2000's money at 3.5%: 1,000 × 1.035^9 =
    // 1,000 × 1.362897... = 1,362.90. The compounded factor has more digits
    // than a decimal holds, so the product is rounded, not refused.
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "past.toml",
        "name = \"Past\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"past\"\namount = 1000\nyear = 1991\n[outcomes]\nremovals = 1\n",
    );
    let flags = ["--discount-rate", "3.5", "--base-year", "2000"];
    assert_eq!(total_cost(&file, &flags), "1362.90");
}

#[test]
fn a_zero_rate_leaves_a_per_year_total_from_dates_unchanged() {
    // 2022-04-13 to 2024-07-22 is 831 days: 1e9 a year × 831 × 4 ÷ 1461 =
    // 2,275,154,004.106776... → 2,275,154,004.11, with or without a 0% rate.
    // At 3.5% from 2022: 1e9 + 1e9 ÷ 1.035 + 275,154,004.106776 ÷ 1.035²
    // = 1e9 + 966,183,574.879227 + 256,859,207.082337 = 2,223,042,781.96.
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "dates.toml",
        "name = \"Dates\"\ncurrency = \"USD\"\nstart = 2022-04-13\nend = 2024-07-22\n\
         [[cost]]\nitem = \"running\"\namount = 1_000_000_000\nbasis = \"per_year\"\n\
         [outcomes]\nremovals = 1\n",
    );
    assert_eq!(total_cost(&file, &[]), "2275154004.11");
    let at = |rate| total_cost(&file, &["--discount-rate", rate, "--base-year", "2022"]);
    assert_eq!(at("0"), "2275154004.11");
    assert_eq!(at("3.5"), "2223042781.96");
}

#[test]
fn amounts_in_different_price_years_are_flagged_not_silently_mixed() {
    // One currency, three price years: 2010 (Old), 2024 (New) and 2023 (New's
    // line "y"). The table notes it, CSV warns on stderr, show marks the line.
    let dir = tempfile::tempdir().unwrap();
    let old = write_scenario(
        dir.path(),
        "old.toml",
        "name = \"Old\"\ncurrency = \"USD\"\nprice_year = 2010\n\
         [[cost]]\nitem = \"x\"\namount = 100\n[outcomes]\nremovals = 2\n",
    );
    let new = write_scenario(
        dir.path(),
        "new.toml",
        "name = \"New\"\ncurrency = \"USD\"\nprice_year = 2024\n\
         [[cost]]\nitem = \"x\"\namount = 100\n\
         [[cost]]\nitem = \"y\"\namount = 5\nprice_year = 2023\n[outcomes]\nremovals = 2\n",
    );
    let warning = "mixed price years (2010, 2023, 2024), each amount in its own year's prices: \
                   add --price-year 2024 to put them all in one year's prices";
    let Run { code, stdout, .. } = run(["compare", &old, &new, "--format", "markdown"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains(warning), "{stdout}");
    let Run { code, stderr, .. } = run(["compare", &new, "--format", "csv"]);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("warning: mixed price years (2023, 2024)"),
        "{stderr}"
    );
    let Run { code, stdout, .. } = run(["show", &new]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("USD 5 (2023 prices)"), "{stdout}");
    // In one year's prices, nothing is mixed.
    let Run { stderr, .. } = run(["compare", &new, "--format", "csv", "--price-year", "2024"]);
    assert!(!stderr.contains("mixed price years"), "{stderr}");
}

#[test]
fn uk_amounts_in_2023_prices_move_with_the_built_in_ons_index() {
    // Built-in GBP CPI: 2023 = 130.5 (ONS annual row), 2024 = 133.853.
    // 1,000,000 × 133.853 / 130.5 = 1,025,693.4865… → 1,025,693.49;
    // per removal 1,025,693.4865… / 4 = 256,423.3716… → 256,423.37.
    let dir = tempfile::tempdir().unwrap();
    let deal = write_scenario(
        dir.path(),
        "uk-2023.toml",
        "name = \"UK 2023\"\ncurrency = \"GBP\"\nprice_year = 2023\n\
         [[cost]]\nitem = \"Payment\"\namount = 1_000_000\n[outcomes]\nremovals = 4\n",
    );
    let stdout = run([
        "compare",
        &deal,
        "--format",
        "csv",
        "--currency",
        "GBP",
        "--price-year",
        "2024",
    ])
    .succeeds();
    let row: Vec<&str> = stdout.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[3], "1025693.49", "total_cost");
    assert_eq!(row[6], "256423.37", "cost_per_removal");
}

#[test]
fn a_yearly_stream_past_the_year_9999_is_an_error_naming_the_line() {
    // 1,000 a year from 2024 for 100,000 years: at 0% no factor overflows, so
    // the stream itself must be refused (it used to run to year 65,535).
    let dir = tempfile::tempdir().unwrap();
    let deal = write_scenario(
        dir.path(),
        "long.toml",
        "name = \"Long\"\ncurrency = \"GBP\"\nyears = 100000\n\
         [[cost]]\nitem = \"Upkeep\"\namount = 1_000\nbasis = \"per_year\"\nstart_year = 2024\n\
         [outcomes]\nremovals = 4\n",
    );
    run([
        "compare",
        &deal,
        "--discount-rate",
        "0",
        "--base-year",
        "2024",
    ])
    .fails_with(
        "cannot discount cost line \"Upkeep\": paid once a year from 2024, it would still be \
         paying after the year 9999",
    )
    .fails_with("check the line's `years`");
}

/// A GBP deal in 2024 prices whose baseline is a 2022 figure, as a FY2016
/// cost in a later deal is: the baseline says its own price year.
const BASELINE_2022: &str = "name = \"Older baseline\"\ncurrency = \"GBP\"\nprice_year = 2024\n\
    [[cost]]\nitem = \"Payment\"\namount = 1_100_000\n[outcomes]\nremovals = 10\n\
    [baseline]\ncost_per_person = 50_000\nprice_year = 2022\n";

#[test]
fn the_baseline_is_moved_from_its_own_price_year() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "older-baseline.toml", BASELINE_2022);
    let row = |currency: &[&str]| {
        let stdout = run([
            &["compare", &file, "--format", "csv", "--price-year", "2024"][..],
            currency,
            &["--rates", RATES],
        ]
        .concat())
        .succeeds();
        let line = stdout.lines().nth(1).unwrap().to_string();
        line.split(',').map(String::from).collect::<Vec<_>>()
    };
    // In GBP: the 2022 baseline × CPI 110 / 100 = 50,000 × 1.1 = 55,000 in
    // 2024 prices; the payment is already in 2024 prices: 1,100,000 / 10 =
    // 110,000 per removal, 110,000 / 55,000 = 2 times the baseline. (Read as
    // 2024 prices, as before `price_year` in [baseline], it would be 2.2.)
    let gbp = row(&[]);
    assert_eq!(gbp[6], "110000.00", "cost_per_removal");
    assert_eq!(gbp[13], "55000.00", "baseline_cost_per_person");
    assert_eq!(gbp[14], "2.000000", "cost_ratio_to_baseline");
    // In USD at 1.25 per GBP: 55,000 × 1.25 = 68,750; 110,000 × 1.25 = 137,500.
    let usd = row(&["--currency", "USD"]);
    assert_eq!(usd[6], "137500.00", "cost_per_removal");
    assert_eq!(usd[13], "68750.00", "baseline_cost_per_person");
    assert_eq!(usd[14], "2.000000", "cost_ratio_to_baseline");
}

#[test]
fn simulate_moves_the_baseline_from_its_own_price_year_too() {
    // As compare: 1,100,000 / 10 = 110,000 per removal against the 2022
    // baseline in 2024 prices, 50,000 × 1.1 = 55,000: 2 in every draw.
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "older-baseline.toml", BASELINE_2022);
    let stdout = run([
        "simulate",
        &file,
        "--price-year",
        "2024",
        "--rates",
        RATES,
        "-n",
        "100",
        "--format",
        "csv",
    ])
    .succeeds();
    let ratio = stdout
        .lines()
        .find(|line| line.contains(",cost_ratio_to_baseline,"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        ratio.starts_with("Older baseline,cost_ratio_to_baseline,2,0,2,2,2,"),
        "{ratio}"
    );
}

#[test]
fn a_baseline_in_another_price_year_is_a_mixed_price_year_note() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "older-baseline.toml", BASELINE_2022);
    let stdout = run(["compare", &file]).succeeds();
    let words = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("mixed price years (2022, 2024)"), "{stdout}");
}

/// ICE's February 2025 removals (11,000 × $10,854 of FY2016 prices =
/// $119,394,000) beside US–Rwanda ($7,500,000 of 2025 prices, 7 removals):
/// as they stand the frontier would subtract 2016 dollars from 2025 dollars
/// (an ICER of (119,394,000 − 7,500,000) ÷ 10,993 = $10,179). It refuses,
/// as it does for two currencies, and with --price-year 2025 both are 2025
/// dollars: the per-removal $10,854 × 321.943 ÷ 240.007 (the built-in CPI-U
/// of 2025 and 2016) = 14,559.447524 to a millionth, × 11,000 =
/// 160,153,922.764 → 160,153,922.76, so (160,153,922.76 − 7,500,000) ÷ 10,993
/// = $13,886.47 an extra removal.
#[test]
fn the_frontier_refuses_costs_in_different_years_prices() {
    let mixed = run([
        "frontier",
        "scenarios/us-removals-2025-02.toml",
        "scenarios/us-rwanda.toml",
    ]);
    assert_eq!(mixed.code, Some(1), "{}", mixed.stderr);
    assert!(
        mixed.stderr.contains(
            "the options' costs are in different years' prices (2016, 2025), so they cannot be \
             compared as they stand: add --price-year 2025"
        ),
        "{}",
        mixed.stderr
    );
    let csv = run([
        "frontier",
        "scenarios/us-removals-2025-02.toml",
        "scenarios/us-rwanda.toml",
        "--price-year",
        "2025",
        "--format",
        "csv",
    ])
    .succeeds();
    assert!(
        csv.contains(",160153922.76,11000,152653922.76,10993,13886.47,"),
        "{csv}"
    );
    assert!(!csv.contains("119394000"), "{csv}");
}
