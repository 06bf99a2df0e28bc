//! `costcalc check` end to end.

use std::fs;

use super::{Run, run};

#[test]
fn the_shipped_scenarios_are_valid() {
    // Valid, with one warning: Italy–Albania counts 213 removals (73 in the
    // asylum phase + 140 later, as its note works out) against the 73
    // `attempted` of the asylum phase alone. Its figures are sourced, so the
    // warning stands until they are looked at; it does not fail the check.
    let Run { code, stderr, .. } = run(["check", "scenarios"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr,
        "scenarios/italy-albania.toml:73:12: warning: removals (213) is more than attempted (73)\n\
         \x20  |\n\
         73 | removals = 213\n\
         \x20  |            ^^^\n\
         \x20  = help: `attempted` counts the people scheduled for transfer, of whom `removals` \
         were removed; check both figures against their sources\n\
         note: 9 files checked: no problems (1 warning in 1 file: worth a look, not errors)\n"
    );
}

/// A deal that removed 125 people of 120 attempted and 100 planned: both odd.
/// `removals = 125` is line 9; its value starts at column 12 (after
/// `removals = `, 11 characters).
const OVER_CAPACITY: &str = "name = \"Over capacity\"\ncurrency = \"USD\"\n\n[[cost]]\n\
    item = \"Transfers\"\namount = 1000\n\n[outcomes]\nremovals = 125\nplanned = 100\n\
    attempted = 120\n";

/// The two warnings of [`OVER_CAPACITY`] as `path` shows them: 125 ÷ 100 is
/// 125% of planned capacity.
fn over_capacity_warnings(path: &str) -> String {
    format!(
        "{path}:9:12: warning: removals (125) is more than attempted (120)\n\
         \x20 |\n\
         9 | removals = 125\n\
         \x20 |            ^^^\n\
         \x20 = help: `attempted` counts the people scheduled for transfer, of whom `removals` \
         were removed; check both figures against their sources\n\
         {path}:9:12: warning: removals (125) is more than planned (100): capacity used is 125%\n\
         \x20 |\n\
         9 | removals = 125\n\
         \x20 |            ^^^\n\
         \x20 = help: `planned` is the capacity the deal provided for; check both figures \
         against their sources\n"
    )
}

#[test]
fn removals_above_attempted_and_planned_are_warnings_and_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(dir.path(), "over.toml", OVER_CAPACITY);
    let Run { code, stderr, .. } = run(["check", &file]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "{}note: 1 file checked: no problems (2 warnings in 1 file: worth a look, not errors)\n",
            over_capacity_warnings(&file)
        )
    );
}

#[test]
fn warnings_are_listed_with_the_errors_of_other_files() {
    // over.toml warns; wrong.toml has one error (`amount` below 0): exit 1,
    // the warnings first, then the error, and both counted in the summary.
    let dir = tempfile::tempdir().unwrap();
    let over = super::write_scenario(dir.path(), "over.toml", OVER_CAPACITY);
    super::write_scenario(
        dir.path(),
        "wrong.toml",
        "name = \"x\"\ncurrency = \"USD\"\n[[cost]]\nitem = \"x\"\namount = -5\n",
    );
    let Run { code, stderr, .. } = run(["check".as_ref(), dir.path().as_os_str()]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&over_capacity_warnings(&over)),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "error: 1 problem in 1 file (2 files checked) (2 warnings in 1 file: worth a look, \
             not errors)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn a_set_value_above_planned_warns_in_the_argument() {
    // --set outcomes.removals=200: 200 ÷ 100 = 200%; the caret is under `200`,
    // after `--set outcomes.removals=` (24 characters).
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(
        dir.path(),
        "set.toml",
        "name = \"x\"\ncurrency = \"USD\"\n[outcomes]\nremovals = 50\nplanned = 100\n",
    );
    let Run { code, stderr, .. } = run(["check", &file, "--set", "outcomes.removals=200"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "{file}: --set outcomes.removals=200: warning: removals (200) is more than planned \
             (100): capacity used is 200%\n\
             \x20 |\n\
             \x20 | --set outcomes.removals=200\n\
             \x20 |                         ^^^\n\
             \x20 = help: `planned` is the capacity the deal provided for; check both figures \
             against their sources\n\
             note: 1 file checked: no problems (1 warning in 1 file: worth a look, not errors)\n"
        )
    );
}

#[test]
fn every_command_that_loads_warns_once_per_file() {
    // Once however often the command reads the file: sweep reads it once for
    // four points (removals 100, 110, 120, 130), report reads it for the
    // table, the frontier, the simulation and the tornado.
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(dir.path(), "over.toml", OVER_CAPACITY);
    let report = dir.path().join("report.html").display().to_string();
    let csv = ["--format", "csv"];
    let runs: Vec<Vec<&str>> = vec![
        [&["compare", &file][..], &csv].concat(),
        vec!["show", &file],
        [
            &["sweep", &file, "--vary", "outcomes.removals=100:130:10"][..],
            &csv,
        ]
        .concat(),
        vec![
            "breakeven",
            &file,
            "--vary",
            "outcomes.removals",
            "--target",
            "cost_per_removal=5",
        ],
        [&["frontier", &file][..], &csv].concat(),
        vec!["report", &file, "-n", "100", "-o", &report],
    ];
    for args in runs {
        let Run { code, stderr, .. } = run(&args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&over_capacity_warnings(&file)),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            stderr.matches("warning: removals (125)").count(),
            2,
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn reports_every_problem_in_every_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    // Three problems in one file (lines 2, 6 and 9) and one in another.
    fs::write(
        dir.path().join("a.toml"),
        "name = \"Several mistakes\"\ncurrency = \"GPB\"\n\n[[cost]]\nitem = \"x\"\namount = -5\n\n[outcomes]\nremovls = 3\n",
    )
    .unwrap();
    fs::write(dir.path().join("b.toml"), "currency = \"USD\"\n").unwrap();
    fs::write(
        dir.path().join("c.toml"),
        "name = \"Fine\"\ncurrency = \"USD\"\n",
    )
    .unwrap();

    let Run { code, stderr, .. } = run(["check".as_ref(), dir.path().as_os_str()]);
    assert_eq!(code, Some(1));
    let stderr = stderr.replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_misspelt_table_name_is_suggested_before_a_key_of_the_same_name() {
    // `[outcome]` at the top: `outcome` is also a key of [[legal]], but the
    // slip is in the table's name.
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(
        dir.path(),
        "outcome.toml",
        "name = \"x\"\ncurrency = \"USD\"\n[outcome]\nremovals = 3\n",
    );
    super::run(["check", &file]).fails_with(
        "outcome.toml:3:2: unknown key `outcome` at the top of the file\n  |\n3 | [outcome]\n  \
         |  ^^^^^^^\n  = help: did you mean the [outcomes] table? (`outcome` is a key of [[legal]])",
    );
}

/// Over a folder, `compare` shows the warnings of the first 10 files and
/// counts the rest; `check` lists every one.
#[test]
fn compare_shows_the_warnings_of_ten_files_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        super::write_scenario(
            dir.path(),
            &format!("over-{i:02}.toml"),
            &OVER_CAPACITY.replace("Over capacity", &format!("Over capacity {i}")),
        );
    }
    let folder = dir.path().display().to_string();
    let Run { code, stderr, .. } = run(["compare", &folder, "--format", "csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    // Two warnings a file (above attempted, above planned): 10 files shown.
    assert_eq!(
        stderr.matches("warning: removals (125)").count(),
        20,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "note: the warnings of 2 more files are not shown; \
             `costcalc check` with the same paths lists them all"
        ),
        "{stderr}"
    );
    let Run { code, stderr, .. } = run(["check", &folder]);
    assert_eq!(code, Some(0), "{stderr}");
    // 12 files × 2 warnings.
    assert_eq!(
        stderr.matches("warning: removals (125)").count(),
        24,
        "{stderr}"
    );
}
