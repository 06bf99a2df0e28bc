//! `voluntary_departures` (a part of `removals`) against a changed
//! `removals`: a value the user gives above `removals` is an error; a change
//! to `removals` alone caps the file's `voluntary_departures` at the new
//! `removals`, since they enter no metric, and says so. One test per command.
//!
//! Israel–Rwanda/Uganda as shipped: removals 3,000, voluntary_departures
//! 3,000, one per-removal line of USD 3,500; so total_cost = 3,500 × removals
//! and cost_per_removal = 3,500 whatever the removals.

use super::{Run, run, write_scenario};

const ISRAEL: &str = "scenarios/israel-rwanda-uganda.toml";

/// Column `name` of each CSV row.
fn column(csv: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let i = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    reader
        .records()
        .map(|r| r.unwrap()[i].to_string())
        .collect()
}

/// Text with every run of white space made one space, so a check does not
/// depend on where a line wraps.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const CAPPED_WARNING: &str =
    "`voluntary_departures` (3000) is more than the new `removals` (2400), so it is taken as 2400";

#[test]
fn tornado_range_lowers_removals_below_the_voluntary_departures() {
    let stdout = run(["tornado", ISRAEL, "--range", "20%", "--format", "csv"]).succeeds();
    // Only what a metric reads is moved: not voluntary_departures.
    assert_eq!(
        column(&stdout, "input"),
        ["cost[1].amount", "outcomes.removals"]
    );
    // removals 3,000 ± 20% = 2,400 and 3,600; cost per removal 3,500 at both.
    assert_eq!(column(&stdout, "low")[1], "2400");
    assert_eq!(column(&stdout, "high")[1], "3600");
    assert_eq!(column(&stdout, "metric_at_low")[1], "3500");
    assert_eq!(column(&stdout, "metric_at_high")[1], "3500");
    // The table says what became of the voluntary departures at 2,400.
    let table = run(["tornado", ISRAEL, "--range", "20%"]).succeeds();
    assert!(
        words(&table).contains(
            "outcomes.removals at 2,400 is below the 3,000 voluntary departures, a part of the \
             removals: they were taken as 2,400 there (no metric uses them)"
        ),
        "{table}"
    );
}

#[test]
fn tornado_range_leaves_out_counts_no_metric_reads() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_scenario(
        dir.path(),
        "counted.toml",
        "name = \"Counted\"\ncurrency = \"EUR\"\n[[cost]]\nitem = \"Centre\"\namount = 3700\n\
         [outcomes]\nremovals = 37\nvoluntary_departures = 37\noffshore_transfers = 213\n",
    );
    let stdout = run(["tornado", &file, "--range", "20%", "--format", "csv"]).succeeds();
    // EUR 3,700 fixed ÷ 37 removals; 37 ± 20% = 29.6 and 44.4 → 30 and 44.
    assert_eq!(
        column(&stdout, "input"),
        ["cost[1].amount", "outcomes.removals"]
    );
    assert_eq!(column(&stdout, "low")[1], "30");
}

#[test]
fn set_removals_below_the_voluntary_departures_caps_them_and_show_says_so() {
    let Run {
        code,
        stdout,
        stderr,
    } = run(["show", ISRAEL, "--set", "outcomes.removals=2400"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains(CAPPED_WARNING), "{stderr}");
    assert!(
        words(&stdout).contains(
            "voluntary_departures 2,400 of the removals, people who left voluntarily: 3,000 as \
             given, capped at the changed removals"
        ),
        "{stdout}"
    );
    // 3,500 × 2,400 = 8,400,000.
    assert!(stdout.contains("USD 8,400,000"), "{stdout}");
}

#[test]
fn sweep_of_removals_caps_the_voluntary_departures_at_each_point_and_no_further() {
    let stdout = run([
        "sweep",
        ISRAEL,
        "--vary",
        "outcomes.removals=2000:4000:1000",
        "--format",
        "csv",
    ])
    .succeeds();
    // Capped at 2,000; the file's 3,000 again at 3,000 and 4,000.
    assert_eq!(
        column(&stdout, "voluntary_departures"),
        ["2000", "3000", "3000"]
    );
    assert_eq!(
        column(&stdout, "cost_per_removal"),
        ["3500.00", "3500.00", "3500.00"]
    );
    // The table says so; a sweep that stays at or above them says nothing.
    let note = "where outcomes.removals is below the 3,000 voluntary departures";
    let below = [
        "sweep",
        ISRAEL,
        "--vary",
        "outcomes.removals=2000:4000:1000",
    ];
    assert!(words(&run(below).succeeds()).contains(note));
    let above = [
        "sweep",
        ISRAEL,
        "--vary",
        "outcomes.removals=3000:4000:1000",
    ];
    assert!(!words(&run(above).succeeds()).contains(note));
}

#[test]
fn breakeven_of_removals_goes_below_the_voluntary_departures() {
    let stdout = run([
        "breakeven",
        ISRAEL,
        "--vary",
        "outcomes.removals",
        "--target",
        "total_cost=7000000",
    ])
    .succeeds();
    // 7,000,000 ÷ 3,500 = 2,000, below the 3,000 voluntary departures.
    assert!(
        stdout.contains("total_cost = USD 7,000,000 at outcomes.removals = 2,000 (exactly)"),
        "{stdout}"
    );
}

#[test]
fn diff_sets_and_mixes_removals_below_the_voluntary_departures() {
    let Run {
        code,
        stdout,
        stderr,
    } = run([
        "diff",
        ISRAEL,
        "--set",
        "outcomes.removals=2400",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains(CAPPED_WARNING), "{stderr}");
    // total_cost: 3,500 × (2,400 − 3,000) = −2,100,000, all from removals.
    let inputs = column(&stdout, "input");
    let contributions = column(&stdout, "contribution");
    let metrics = column(&stdout, "metric");
    let total_cost_removals = (0..inputs.len())
        .find(|&i| metrics[i] == "total_cost" && inputs[i] == "outcomes.removals")
        .unwrap();
    assert_eq!(
        contributions[total_cost_removals].parse::<f64>().unwrap(),
        -2_100_000.0
    );
    // Nothing is attributed to the voluntary departures, which no metric reads.
    assert!(!inputs.iter().any(|i| i.contains("voluntary")), "{stdout}");

    // Two files: A's voluntary departures with B's removals is one of the mixes.
    let dir = tempfile::tempdir().unwrap();
    let deal = |removals: u32| {
        format!(
            "name = \"Deal\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"Grant\"\nbasis = \
             \"per_removal\"\namount = 3500\n[outcomes]\nremovals = {removals}\n\
             voluntary_departures = {removals}\n"
        )
    };
    let a = write_scenario(dir.path(), "a.toml", &deal(3000));
    let b = write_scenario(dir.path(), "b.toml", &deal(2400));
    let stdout = run(["diff", &a, &b, "--format", "csv"]).succeeds();
    assert!(
        !column(&stdout, "input")
            .iter()
            .any(|i| i.contains("voluntary")),
        "{stdout}"
    );
}

#[test]
fn a_voluntary_departures_given_above_removals_stays_an_error() {
    // Its own --set.
    run([
        "show",
        ISRAEL,
        "--set",
        "outcomes.voluntary_departures=3001",
    ])
    .fails_with("`voluntary_departures` (3001) is more than `removals` (3000)");
    // Both set: the value given for it is the user's, not capped.
    run([
        "show",
        ISRAEL,
        "--set",
        "outcomes.removals=2400",
        "--set",
        "outcomes.voluntary_departures=3000",
    ])
    .fails_with("`voluntary_departures` (3000) is more than `removals` (2400)");
    // Varied itself.
    run([
        "sweep",
        ISRAEL,
        "--vary",
        "outcomes.voluntary_departures=3000:3001:1",
    ])
    .fails_with("`voluntary_departures` (3001) is more than `removals` (3000)");
    // A file that extends another and lowers removals is a file the user
    // wrote: it must say what it means by the voluntary departures.
    let dir = tempfile::tempdir().unwrap();
    write_scenario(
        dir.path(),
        "base.toml",
        "name = \"Base\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"Grant\"\namount = 35\n\
         [outcomes]\nremovals = 30\nvoluntary_departures = 30\n",
    );
    let child = write_scenario(
        dir.path(),
        "child.toml",
        "extends = \"base.toml\"\nname = \"Child\"\n[outcomes]\nremovals = 24\n",
    );
    run(["show", &child]).fails_with("`voluntary_departures` (30) is more than `removals` (24)");
}
