//! Numbers typed on the command line as people write them (issue 19, point 6):
//! every option that takes a decimal answers `14,559`, `$14,559`, `£5`,
//! `USD 5`, `3,5` and `60%` with the hint a scenario file gets, from one parser
//! (`load::number`). Options that clap checks are usage errors (exit 2); a
//! `--set` value is read like a value in the file, so it is an input error
//! (exit 1) pointing into the argument.

use super::run;

const UK: &str = "scenarios/uk-rwanda.toml";
/// Projects removals from `planned` with a `block_probability`.
const PROJECTED: &str = "scenarios/hypothetical-uk-rwanda-300.toml";

/// (arguments, exit code, what stderr says).
type Case = (&'static [&'static str], i32, &'static str);

const CASES: &[Case] = &[
    // --set: read like a value in the file (exit 1), answered in the
    // argument's own syntax.
    (
        &["compare", UK, "--set", "outcomes.removals=14,559"],
        1,
        "help: write it without thousands separators: 14559",
    ),
    (
        &["compare", UK, "--set", "cost[1].amount=$14,559"],
        1,
        "help: write it without a currency sign or thousands separators: 14559",
    ),
    (
        &["compare", UK, "--set", "cost[1].amount=£5"],
        1,
        "help: write it without a currency sign: 5",
    ),
    (
        &["compare", UK, "--set", "cost[1].amount=USD 5"],
        1,
        "help: write it without a currency sign: 5",
    ),
    (
        &["compare", UK, "--set", "cost[1].amount=3,5"],
        1,
        "help: write decimals with a point: 3.5",
    ),
    (
        &["compare", UK, "--set", "cost[1].amount=60%"],
        1,
        "help: write the number itself (a `%` is read only for shares, probabilities and rates)",
    ),
    // --vary (sweep): clap's value error (exit 2).
    (
        &["sweep", UK, "--vary", "outcomes.removals=0:1,000:100"],
        2,
        "the end of `0:1,000:100`: write it without thousands separators: 1000",
    ),
    (
        &["sweep", UK, "--vary", "cost[1].amount=$0:10:5"],
        2,
        "the start of `$0:10:5`: write it without a currency sign: 0",
    ),
    (
        &["sweep", UK, "--vary", "outcomes.removals=0:100:10%"],
        2,
        "the step of `0:100:10%`: `10%` is a percentage: write the number itself",
    ),
    // --target (breakeven).
    (
        &[
            "breakeven",
            UK,
            "--vary",
            "outcomes.removals",
            "--target",
            "cost_per_removal=$14,559",
        ],
        2,
        "the target of cost_per_removal: write it without a currency sign or thousands separators: 14559",
    ),
    (
        &[
            "breakeven",
            UK,
            "--vary",
            "outcomes.removals",
            "--target",
            "cost_per_removal=14,559",
        ],
        2,
        "the target of cost_per_removal: write it without thousands separators: 14559",
    ),
    (
        &[
            "breakeven",
            UK,
            "--vary",
            "outcomes.removals",
            "--target",
            "cost_per_removal=50%",
        ],
        2,
        "the target of cost_per_removal: `50%` is a percentage: write the number itself",
    ),
    // --wtp (frontier).
    (
        &["frontier", "--wtp", "14,559"],
        2,
        "invalid value '14,559' for '--wtp <VALUE>': write it without thousands separators: 14559",
    ),
    (
        &["frontier", "--wtp", "£5"],
        2,
        "invalid value '£5' for '--wtp <VALUE>': write it without a currency sign: 5",
    ),
    (
        &["frontier", "--wtp", "60%"],
        2,
        "`60%` is a percentage: write the number itself",
    ),
    // --threshold (simulate), one value or a range.
    (
        &["simulate", UK, "--threshold", "$30000"],
        2,
        "invalid value '$30000' for '--threshold <VALUE>': write it without a currency sign: 30000",
    ),
    (
        &["simulate", UK, "--threshold", "USD 5"],
        2,
        "write it without a currency sign: 5",
    ),
    (
        &["simulate", UK, "--threshold", "0:30,000:10000"],
        2,
        "the end of `0:30,000:10000`: write it without thousands separators: 30000",
    ),
    // --discount-rate, in percent itself.
    (
        &[
            "compare",
            UK,
            "--discount-rate",
            "3,5",
            "--base-year",
            "2024",
        ],
        2,
        "invalid value '3,5' for '--discount-rate <PCT>': write decimals with a point: 3.5",
    ),
    (
        &[
            "compare",
            UK,
            "--discount-rate",
            "1,000",
            "--base-year",
            "2024",
        ],
        2,
        "write it without thousands separators: 1000",
    ),
];

#[test]
fn every_numeric_option_explains_a_number_typed_as_in_prose() {
    for (args, code, message) in CASES {
        let result = run(*args);
        assert_eq!(
            result.code,
            Some(*code),
            "{args:?}: exit code; stderr:\n{}",
            result.stderr
        );
        assert!(
            result.stderr.contains(message),
            "{args:?}: expected {message:?} in:\n{}",
            result.stderr
        );
        // The old explanation blamed the decimal's precision.
        assert!(
            !result.stderr.contains("cannot be held exactly"),
            "{args:?}"
        );
    }
}

#[test]
fn the_file_reader_gives_the_same_hint_in_its_own_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(
        dir.path(),
        "quoted.toml",
        "name = \"Quoted\"\ncurrency = \"GBP\"\n\
         [[cost]]\nitem = \"x\"\namount = \"$14,559\"\nbasis = \"fixed\"\n\
         [outcomes]\nplanned = 100\nblock_probability = \"60%\"\n",
    );
    let stderr = run(["check", &file]).fails_with("must be a number").stderr;
    assert!(
        stderr.contains(
            "help: write it without quotes, a currency sign or thousands separators: amount = 14_559"
        ),
        "{stderr}"
    );
    // TOML has no `%`: a file is told to write the share.
    assert!(
        stderr.contains("help: write a share as a fraction, without `%`, without quotes: block_probability = 0.6"),
        "{stderr}"
    );
}

#[test]
fn a_percentage_is_read_as_a_share_wherever_a_share_is_asked_for() {
    // 60% is 0.6: the same removals as writing 0.6 (300 planned × 0.4 = 120).
    let as_percent = run([
        "compare",
        PROJECTED,
        "--set",
        "outcomes.block_probability=60%",
        "--format",
        "csv",
    ])
    .succeeds();
    let as_fraction = run([
        "compare",
        PROJECTED,
        "--set",
        "outcomes.block_probability=0.6",
        "--format",
        "csv",
    ])
    .succeeds();
    // The same row but for `overrides`, the last column but `sources` (whose
    // ids hold no comma), which keeps the `--set` as it was typed.
    let without_overrides = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|line| {
                let mut ends = line.rsplitn(3, ',');
                let sources = ends.next().unwrap_or_default();
                let _overrides = ends.next();
                format!("{},{sources}", ends.next().unwrap_or(line))
            })
            .collect()
    };
    assert_eq!(
        without_overrides(&as_percent),
        without_overrides(&as_fraction)
    );
    assert!(
        as_percent.contains(",outcomes.block_probability=60%,"),
        "{as_percent}"
    );
    assert!(as_percent.contains(",120,expected,"), "{as_percent}");
    // --vary takes percentages for a share: 0%, 50%, 100% are 0, 0.5 and 1.
    let swept = run([
        "sweep",
        PROJECTED,
        "--vary",
        "outcomes.block_probability=0%:100%:50%",
        "--format",
        "csv",
    ])
    .succeeds();
    let values: Vec<&str> = swept
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    // Shown with the decimal places of the step (0.5).
    assert_eq!(values, ["0.0", "0.5", "1.0"], "{swept}");
    // --target of a share: 50% is 0.5, as it was before.
    let half = run([
        "breakeven",
        PROJECTED,
        "--vary",
        "outcomes.planned",
        "--target",
        "utilization=50%",
    ]);
    let fraction = run([
        "breakeven",
        PROJECTED,
        "--vary",
        "outcomes.planned",
        "--target",
        "utilization=0.5",
    ]);
    assert_eq!(half.code, fraction.code);
    assert_eq!(half.stdout, fraction.stdout);
    // Out of range after conversion: 150% is 1.5, pointed at as typed.
    let stderr = run([
        "compare",
        PROJECTED,
        "--set",
        "outcomes.block_probability=150%",
    ])
    .fails_with("`block_probability` must be between 0 and 1, found 1.5")
    .stderr;
    assert!(stderr.contains("^^^^"), "{stderr}");
}
