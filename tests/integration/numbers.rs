//! Numbers at the edges of what a decimal holds, and messages about numbers
//! that name the real problem (issue 16, points 2 and 7). Every case here was
//! an attack that panicked, printed noise as exact digits, or blamed the wrong
//! thing.

use super::{Run, run, write_scenario};

const UK: &str = "scenarios/uk-rwanda.toml";

/// A deal whose `planned` is a uniform draw between 1e-22 and 2e-22, with a
/// million removals: a utilization (removals ÷ planned) of 5e27 to 1e28, a
/// percentage of 5e29 to 1e30, beyond a decimal's 7.9e28. `check` passes it.
const TINY_PLAN: &str = "name = \"Tiny plan\"\ncurrency = \"USD\"\n\
    [[cost]]\nitem = \"x\"\namount = 1000\nbasis = \"fixed\"\n\
    [outcomes]\nremovals = 1000000\n\
    planned = { dist = \"uniform\", min = 1e-22, max = 2e-22 }\n";

#[test]
fn a_percentage_beyond_a_decimal_is_shown_not_a_panic_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "tiny.toml", TINY_PLAN);
    run(["check", &file]).succeeds();
    for format in ["table", "csv", "json", "markdown"] {
        let stdout = run(["simulate", &file, "--seed", "1", "--format", format]).succeeds();
        assert!(stdout.contains("utilization"), "{format}: {stdout}");
        assert!(!stdout.contains("n/a |"), "{format}: {stdout}");
    }
    // People see the percentage in scientific notation: the median planned
    // is 1.5e-22, so the median utilization is about 1e6 ÷ 1.5e-22 = 6.667e27,
    // 6.667e29%.
    let stdout = run(["simulate", &file, "--seed", "1"]).succeeds();
    let line = stdout.lines().find(|l| l.contains("utilization")).unwrap();
    assert!(line.contains("e29%"), "{line}");
}

#[test]
fn a_simulated_figure_beyond_a_decimal_is_an_error_naming_metric_and_scenario() {
    let dir = tempfile::tempdir().unwrap();
    // 7e28 fixed plus a lognormal from 1e27 to 7e28: the total cost's mean is
    // above 7.9e28, which no decimal holds.
    let file = write_scenario(
        dir.path(),
        "huge.toml",
        "name = \"Huge\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"a\"\namount = 7e28\nbasis = \"fixed\"\n\
         [[cost]]\nitem = \"b\"\namount = { low = 1e27, high = 7e28 }\nbasis = \"fixed\"\n\
         [outcomes]\nplanned = { dist = \"uniform\", min = 100, max = 200 }\n",
    );
    for format in ["table", "csv"] {
        run(["simulate", &file, "--seed", "1", "--format", format])
            .fails_with("huge.toml: the mean of total_cost of \"Huge\" is about");
    }
}

#[test]
fn a_constant_sampled_figure_keeps_only_the_digits_it_carries() {
    let dir = tempfile::tempdir().unwrap();
    // A constant 7e28 total: its mean over draws used to read
    // 69,999,999,999,999,999,280,861,413,376 (binary noise, outside p5–p95).
    let file = write_scenario(
        dir.path(),
        "big.toml",
        "name = \"Big\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"a\"\namount = 7e28\nbasis = \"fixed\"\n\
         [outcomes]\nplanned = { dist = \"uniform\", min = 100, max = 200 }\n",
    );
    let stdout = run(["simulate", &file, "--seed", "1", "--format", "csv"]).succeeds();
    let seven = "70000000000000000000000000000";
    assert!(
        stdout.contains(&format!(
            "Big,total_cost,{seven},0,{seven},{seven},{seven},"
        )),
        "{stdout}"
    );
    let table = run(["simulate", &file, "--seed", "1"]).succeeds();
    assert!(
        table.contains("70,000,000,000,000,000,000,000,000,000"),
        "{table}"
    );
}

#[test]
fn distribution_parameters_are_echoed_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(dir.path(), "tiny.toml", TINY_PLAN);
    let stdout = run(["show", &file]).succeeds();
    // Not 0.0000000000000000000001, nor 0.00000000000000000000010000000000000001.
    assert!(stdout.contains("uniform from 1e-22 to 2e-22"), "{stdout}");
    // The mean (1e-22 + 2e-22) / 2 = 1.5e-22, and the 90% range 1.05e-22 to
    // 1.95e-22, to the digits they carry.
    assert!(stdout.contains("mean 1.5e-22"), "{stdout}");
    let file = write_scenario(
        dir.path(),
        "low.toml",
        "name = \"Low\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"a\"\namount = { low = 1e-28, high = 2e-28 }\nbasis = \"fixed\"\n\
         [outcomes]\nremovals = 1\n",
    );
    let stdout = run(["show", &file]).succeeds();
    assert!(
        stdout.contains("lognormal, 90% interval 1e-28 to 2e-28"),
        "{stdout}"
    );
}

/// Runs costcalc expecting a usage error (exit 2) that says `message`.
fn usage_error(args: &[&str], message: &str) {
    let Run { code, stderr, .. } = run(args);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(message),
        "expected {message:?} in:\n{stderr}"
    );
}

#[test]
fn text_where_a_number_belongs_is_called_not_a_number() {
    // These used to say "a cannot be held exactly", as if it were a number too long.
    let not_a_number = "is not a number: write digits";
    usage_error(
        &["sweep", UK, "--vary", "outcomes.removals=a:b:c"],
        &format!("the start of `a:b:c`: `a` {not_a_number}"),
    );
    usage_error(
        &["simulate", UK, "--threshold", "abc"],
        &format!("`abc` {not_a_number}"),
    );
    usage_error(
        &[
            "breakeven",
            UK,
            "--vary",
            "outcomes.removals",
            "--target",
            "cost_per_removal=abc",
        ],
        &format!("the target of cost_per_removal: `abc` {not_a_number}"),
    );
    // A real number that is too long is still told apart.
    usage_error(
        &["sweep", UK, "--vary", "outcomes.removals=0:1e40:1"],
        "1e40 cannot be held exactly",
    );
}

#[test]
fn a_break_even_target_with_too_many_decimal_places_says_so() {
    // us-rwanda's payment times a 24-place target needs more than 28 digits;
    // 23 places fit, which the message works out and says.
    run([
        "breakeven",
        "scenarios/us-rwanda.toml",
        "--vary",
        "cost[1].amount",
        "--target",
        "cost_per_removal=33333.333333333333333333333333",
    ])
    .fails_with("the target 33333.333333333333333333333333 has 24 decimal places")
    .fails_with("give the target with at most 23");
}

#[test]
fn the_discount_rate_message_states_its_real_bound() {
    // 100 was refused as "a percentage from 0 to 100".
    usage_error(
        &[
            "compare",
            UK,
            "--discount-rate",
            "100",
            "--base-year",
            "2024",
        ],
        "a percentage of at least 0 and below 100",
    );
    // 99.9 is within the bound: the argument is taken (uk-rwanda then needs a
    // `year` on its lines to discount, which is a problem with the file, exit 1).
    let Run { code, stderr, .. } = run([
        "compare",
        UK,
        "--discount-rate",
        "99.9",
        "--base-year",
        "2024",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!stderr.contains("percentage"), "{stderr}");
}

#[test]
fn set_refuses_what_it_cannot_do_instead_of_doing_something_else() {
    // extends was silently ignored (the parent is read before any --set).
    usage_error(
        &["compare", UK, "--set", "extends=other.toml"],
        "`extends` cannot be set with --set",
    );
    // An empty line value used to delete the line.
    usage_error(
        &["compare", UK, "--set", "cost[1]="],
        "`cost[1]=` has no value",
    );
    // A second index was taken as the line number (cost[2]).
    usage_error(
        &["compare", UK, "--set", "cost[1][2].amount=5"],
        "`[2]` after `cost[1]` would be a second line number",
    );
    // An empty value for a key still removes the key, as documented.
    run(["compare", UK, "--set", "cost[1].note="]).succeeds();
}

#[test]
fn an_unreadable_source_date_epoch_is_an_error_not_today() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let out = out.to_str().unwrap();
    let refused = super::costcalc()
        .args(["report", UK, "-o", out])
        .env("SOURCE_DATE_EPOCH", "abc")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("SOURCE_DATE_EPOCH=abc is not a time") && stderr.contains("seconds"),
        "{stderr}"
    );
    assert!(!dir.path().join("report.html").exists());
    // 1735689600 = 20,089 days × 86,400 s: 2025-01-01.
    let made = super::costcalc()
        .args(["report", UK, "-o", out])
        .env("SOURCE_DATE_EPOCH", "1735689600")
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(0));
    assert!(std::fs::read_to_string(out).unwrap().contains("2025-01-01"));
}

#[test]
fn a_huge_rate_from_a_rates_file_is_blamed_not_the_amount() {
    let dir = tempfile::tempdir().unwrap();
    // 1e25 US dollars per pound (a typo for 1.25): uk-rwanda's £700m times it
    // is 7e33, beyond a decimal.
    let rates = write_scenario(
        dir.path(),
        "my-rates.toml",
        "[[series]]\nkind = \"fx\"\ncurrency = \"GBP\"\nname = \"my pound rates\"\n\
         values = { \"2024\" = \"1e25\" }\n",
    );
    let Run { stderr, .. } = run([
        "compare",
        UK,
        "--currency",
        "USD",
        "--price-year",
        "2024",
        "--rates",
        &rates,
    ])
    .fails_with("cannot convert cost line");
    assert!(
        stderr
            .contains("check GBP fx 2024 = 10000000000000000000000000 (series \"my pound rates\"")
            && stderr.contains("my-rates.toml)"),
        "{stderr}"
    );
    assert!(!stderr.contains("check the amount"), "{stderr}");
}

/// A scenario with one cost line whose amount is `amount` and one removal.
fn one_cost(dir: &std::path::Path, name: &str, amount: &str) -> String {
    write_scenario(
        dir,
        name,
        &format!(
            "name = \"T\"\ncurrency = \"USD\"\n\
             [[cost]]\nitem = \"x\"\namount = {amount}\nbasis = \"fixed\"\n\
             [outcomes]\nremovals = 1\n"
        ),
    )
}

#[test]
fn the_base_case_of_an_uncertain_input_is_its_exact_mean() {
    let dir = tempfile::tempdir().unwrap();
    // (7e28 + 7.000001e28) / 2 = 7.0000005e28 exactly; through f64 it read
    // 70000004999999993932131860480.
    let file = one_cost(
        dir.path(),
        "uniform.toml",
        "{ dist = \"uniform\", min = 7e28, max = 7.000001e28 }",
    );
    let stdout = run(["compare", &file, "--format", "csv"]).succeeds();
    assert!(
        stdout.contains(",70000005000000000000000000000.00,1,"),
        "{stdout}"
    );
    // A normal's 90% interval is symmetric about its mean:
    // (7e28 + 7.00000001e28) / 2 = 7.000000005e28 (was ...50000000282905280512).
    let file = one_cost(
        dir.path(),
        "normal.toml",
        "{ dist = \"normal\", low = 7e28, high = 7.00000001e28 }",
    );
    let stdout = run(["compare", &file, "--format", "csv"]).succeeds();
    assert!(
        stdout.contains(",70000000050000000000000000000.00,1,"),
        "{stdout}"
    );
    // (7e28 + 7.5e28 + 7.9e28) / 3 = 22.4e28 / 3 = 7.4666…e28, whose sum
    // overflows a decimal on the way: 74666666666666666666666666667 to the unit.
    let file = one_cost(
        dir.path(),
        "triangular.toml",
        "{ dist = \"triangular\", min = 7e28, mode = 7.5e28, max = 7.9e28 }",
    );
    let stdout = run(["compare", &file, "--format", "csv"]).succeeds();
    assert!(
        stdout.contains(",74666666666666666666666666667.00,1,"),
        "{stdout}"
    );
    // A lognormal's mean is exp(μ + σ²/2), known only in floating point: for
    // 4,760,000 to 7,500,000 it is 6,032,284.004637954, kept to 15 digits
    // (6032284.00463795), so 6032284.00 to the cent, not .01 from a 10-digit
    // 6032284.005 rounded again.
    let file = one_cost(
        dir.path(),
        "lognormal.toml",
        "{ low = 4_760_000, high = 7_500_000 }",
    );
    let stdout = run(["compare", &file, "--format", "csv"]).succeeds();
    assert!(stdout.contains(",6032284.00,1,"), "{stdout}");
}

#[test]
fn a_tornado_percentile_keeps_only_the_digits_it_carries() {
    let dir = tempfile::tempdir().unwrap();
    // Uniform from 7e28 to 7.000001e28: p5 = 7e28 + 0.05 × 1e22 =
    // 70000000500000000000000000000, p95 = 7e28 + 0.95 × 1e22 =
    // 70000009500000000000000000000 (f64 would add noise in the last 12 digits).
    let file = one_cost(
        dir.path(),
        "uniform.toml",
        "{ dist = \"uniform\", min = 7e28, max = 7.000001e28 }",
    );
    let stdout = run(["tornado", &file, "--format", "csv"]).succeeds();
    assert!(
        stdout.contains(
            "cost[1].amount,70000000500000000000000000000,70000009500000000000000000000,"
        ),
        "{stdout}"
    );
}

#[test]
fn show_echoes_every_parameter_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = one_cost(
        dir.path(),
        "max.toml",
        "{ dist = \"uniform\", min = 1e27, max = 79228162514264337593543950335 }",
    );
    let stdout = run(["show", &file]).succeeds();
    // Not 7.922816251426434e28.
    assert!(
        stdout.contains("uniform from 1e27 to 79228162514264337593543950335"),
        "{stdout}"
    );
    let file = one_cost(dir.path(), "range.toml", "\"1e3 to 2E3\"");
    let stdout = run(["show", &file]).succeeds();
    // Not "1000 to 2000".
    assert!(
        stdout.contains("lognormal, 90% interval 1e3 to 2E3"),
        "{stdout}"
    );
    let file = write_scenario(
        dir.path(),
        "beta.toml",
        "name = \"T\"\ncurrency = \"USD\"\n\
         [[cost]]\nitem = \"x\"\namount = 1000\nbasis = \"fixed\"\n\
         [outcomes]\nplanned = 10\n\
         block_probability = { dist = \"beta\", alpha = 0.1, beta = 1e10 }\n",
    );
    let stdout = run(["show", &file]).succeeds();
    // Not beta(0.1, 10000000000).
    assert!(stdout.contains("beta(0.1, 1e10)"), "{stdout}");
}

#[test]
fn a_parameter_a_decimal_cannot_hold_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    // Was "`low` must be a number, found the number 1e-29".
    let file = one_cost(dir.path(), "low.toml", "{ low = 1e-29, high = 1 }");
    let Run { stderr, .. } =
        run(["check", &file]).fails_with("`low` cannot be read as an exact number");
    assert!(stderr.contains("at most 28 decimal places"), "{stderr}");
}

#[test]
fn bounds_floating_point_cannot_tell_apart_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    // 0.1 and 0.10000000000000000001 are different decimals, but the same
    // f64: was "`max` (0.1) must be more than `min` (0.1)".
    let file = one_cost(
        dir.path(),
        "close.toml",
        "{ dist = \"uniform\", min = 0.1, max = 0.10000000000000000001 }",
    );
    run(["check", &file]).fails_with(
        "`max` (0.10000000000000000001) and `min` (0.1) differ only beyond the 15 to 17 \
         significant digits",
    );
    // 18 digits apart in the 19th: one f64 (123456789012345680) for both.
    let file = one_cost(
        dir.path(),
        "close2.toml",
        "{ dist = \"uniform\", min = 123456789012345678.1, max = 123456789012345678.3 }",
    );
    run(["check", &file]).fails_with(
        "`max` (123456789012345678.3) and `min` (123456789012345678.1) differ only beyond",
    );
    // Really in the wrong order: quoted as written, and said so.
    let file = one_cost(
        dir.path(),
        "order.toml",
        "{ dist = \"uniform\", min = 0.30, max = 0.1e0 }",
    );
    run(["check", &file]).fails_with("`max` (0.1e0) must be more than `min` (0.30)");
}

#[test]
fn a_simulated_figure_too_small_for_its_digits_is_an_error_not_a_wrong_number() {
    let dir = tempfile::tempdir().unwrap();
    // Lognormal from 1e-28 to 2e-28: mean ≈ exp(μ + σ²/2) ≈ 1.447e-28 (the
    // draws of seed 1 average 1.448e-28), which
    // CSV wrote as 0.0000000000000000000000000001 with sd 0.
    let file = one_cost(dir.path(), "tiny.toml", "{ low = 1e-28, high = 2e-28 }");
    for format in ["csv", "json"] {
        run(["simulate", &file, "--seed", "1", "--format", format]).fails_with(
            "tiny.toml: the mean of total_cost of \"T\" is about 1.448e-28, too small for its \
             significant digits to be written exactly",
        );
    }
}
