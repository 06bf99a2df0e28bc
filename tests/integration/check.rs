//! `costcalc check` end to end.

use std::fs;

use super::{Run, run};

#[test]
fn the_shipped_scenarios_are_valid() {
    // Valid: exit 0 and no problems. They may warn (odd figures, and since
    // issue 20 facts without `as_of` or a source), which does not fail the
    // check; every diagnostic printed must be a warning.
    let Run { code, stderr, .. } = run(["check", "scenarios"]);
    assert_eq!(code, Some(0), "{stderr}");
    let located = |line: &&str| line.starts_with("scenarios/");
    for line in stderr.lines().filter(located) {
        assert!(
            line.contains(": warning: "),
            "not a warning: {line}\n{stderr}"
        );
    }
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .contains("files checked: no problems"),
        "{stderr}"
    );
}

/// A deal that removed 125 people of 120 attempted and 100 planned: both odd.
/// `removals = 125` is line 9; its value starts at column 12 (after
/// `removals = `, 11 characters). Hypothetical, so that it needs no `as_of`
/// or sources (see `review_*` below for those warnings).
const OVER_CAPACITY: &str = "name = \"Over capacity\"\ncurrency = \"USD\"\nstatus = \"hypothetical\"\n[[cost]]\n\
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
        "name = \"x\"\ncurrency = \"USD\"\nstatus = \"hypothetical\"\n[outcomes]\nremovals = 50\nplanned = 100\n",
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
    // Three problems in one file (lines 2, 6 and 9) and one in another; the
    // third file is valid but warns that it has no `as_of`.
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

// ---- issue 20: dates and sources ---------------------------------------------

/// 2026-12-03 00:00 UTC as SOURCE_DATE_EPOCH: 20,790 days × 86,400 s after
/// 1970-01-01 (56 years, 14 of them leap: 56 × 365 + 14 = 20,454 days to
/// 2026-01-01, plus 336 to 3 December).
const TODAY: &str = "1796256000";

/// `check` of `text` on [`TODAY`], with `args` after the file.
fn review(text: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let file = super::write_scenario(dir.path(), "deal.toml", text);
    let output = super::costcalc()
        .env("SOURCE_DATE_EPOCH", TODAY)
        .arg("check")
        .arg(&file)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).replace(&file, "deal.toml"),
    }
}

/// A real deal with every figure sourced; `top` goes on line 3, before the
/// tables.
fn sourced(top: &str) -> String {
    format!(
        "name = \"Sourced deal\"\ncurrency = \"USD\"\n{top}\n\
         [[cost]]\nitem = \"Payment\"\namount = 1000\nsource = \"s\"\n\
         [outcomes]\nremovals = 10\nsource = \"s\"\n\
         [[legal]]\ndate = 2025-03-15\ncourt = \"District Court\"\noutcome = \"allowed\"\nsource = \"s\"\n\
         [baseline]\ncost_per_person = 500\nsource = \"s\"\n\
         [[source]]\nid = \"s\"\ntitle = \"Annual report\"\n"
    )
}

const CLEAN: &str = "note: 1 file checked: no problems\n";

/// The one warning of a run, and that the check passed with it.
#[track_caller]
fn one_warning(run: Run) -> String {
    let Run { code, stderr, .. } = run;
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.ends_with(
            "note: 1 file checked: no problems (1 warning in 1 file: worth a look, not errors)\n"
        ),
        "{stderr}"
    );
    stderr
}

#[track_caller]
fn no_warning(run: Run) {
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, CLEAN);
}

#[test]
fn review_a_real_deal_without_as_of_warns_at_its_name() {
    let stderr = one_warning(review(&sourced(""), &[]));
    assert!(
        stderr.starts_with(
            "deal.toml:1:8: warning: the scenario does not say when its facts were checked\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("add `as_of = YYYY-MM-DD`"), "{stderr}");
    // A hypothetical has no facts to date.
    no_warning(review(&sourced("status = \"hypothetical\""), &[]));
    no_warning(review(&sourced("as_of = 2026-11-30"), &[]));
}

#[test]
fn review_as_of_older_than_stale_after_warns() {
    // 2025-12-02 + 12 months = 2026-12-02, before today (2026-12-03): stale.
    let stderr = one_warning(review(&sourced("as_of = 2025-12-02"), &[]));
    assert!(
        stderr.starts_with(
            "deal.toml:3:9: warning: the facts were last checked on 2025-12-02, more than \
             12 months before today (2026-12-03): they may be out of date\n\
             \x20 |\n\
             3 | as_of = 2025-12-02\n\
             \x20 |         ^^^^^^^^^^\n"
        ),
        "{stderr}"
    );
    // 2025-12-03 + 12 months is today itself: not older than 12 months.
    no_warning(review(&sourced("as_of = 2025-12-03"), &[]));
    // The threshold as the user writes it: 18 months, 2 years, 90 days.
    no_warning(review(
        &sourced("as_of = 2025-12-02"),
        &["--stale-after", "18 months"],
    ));
    no_warning(review(
        &sourced("as_of = 2025-01-01"),
        &["--stale-after", "2y"],
    ));
    // 2026-09-03 + 90 days = 2026-12-02 (27 left in Sept + 31 + 30 + 2): stale;
    // from 2026-09-04 the 90 days end today.
    let stderr = one_warning(review(
        &sourced("as_of = 2026-09-03"),
        &["--stale-after", "90d"],
    ));
    assert!(
        stderr.contains("more than 90 days before today"),
        "{stderr}"
    );
    no_warning(review(
        &sourced("as_of = 2026-09-04"),
        &["--stale-after", "90d"],
    ));
    // A hypothetical's `as_of` ages like any other.
    one_warning(review(
        &sourced("as_of = 2020-01-01\nstatus = \"hypothetical\""),
        &[],
    ));
}

#[test]
fn review_as_of_after_today_warns() {
    let stderr = one_warning(review(&sourced("as_of = 2027-01-01"), &[]));
    assert!(
        stderr.contains("warning: `as_of` (2027-01-01) is after today (2026-12-03)"),
        "{stderr}"
    );
}

#[test]
fn review_stale_after_must_be_a_duration() {
    for bad in ["12", "soon", "12 weeks"] {
        let Run { code, stderr, .. } = review(&sourced(""), &["--stale-after", bad]);
        assert_eq!(code, Some(2), "{bad}: {stderr}");
        assert!(stderr.contains("--stale-after <DURATION>"), "{stderr}");
    }
}

#[test]
fn review_each_figure_without_a_source_warns_unless_hypothetical() {
    // Every `source = "s"` taken out: the cost line (amount on line 6), the
    // outcomes (removals, line 8), the court event (date, line 10) and the
    // baseline (cost_per_person, line 14) each warn at their figure.
    let unsourced = sourced("as_of = 2026-11-30").replace("source = \"s\"\n", "");
    let Run { code, stderr, .. } = review(&unsourced, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("deal.toml:"))
        .collect();
    assert_eq!(
        warnings,
        [
            "deal.toml:6:10: warning: no source is given for the cost line \"Payment\"",
            "deal.toml:8:12: warning: no source is given for the figures in [outcomes]",
            "deal.toml:10:8: warning: no source is given for the court event of 2025-03-15 \
             (District Court)",
            "deal.toml:14:19: warning: no source is given for the baseline",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("add `source = \"ID\"`"), "{stderr}");
    assert!(stderr.ends_with("(4 warnings in 1 file: worth a look, not errors)\n"));
    let hypothetical = unsourced.replace(
        "as_of = 2026-11-30",
        "as_of = 2026-11-30\nstatus = \"hypothetical\"",
    );
    no_warning(review(&hypothetical, &[]));
}

#[test]
fn review_an_active_deal_whose_costs_end_two_years_before_as_of_warns() {
    // No `end` and no year paid: the costs end with the price year, on
    // 2020-12-31; two years later is 2022-12-31, so an `as_of` from that day
    // warns and one a day earlier does not. (Today is later than both and
    // --stale-after 10y keeps staleness out of it.)
    let deal = |as_of: &str, status: &str| {
        sourced(&format!(
            "price_year = 2020\nas_of = {as_of}\nstatus = \"{status}\""
        ))
    };
    let wide = ["--stale-after", "10y"];
    let stderr = one_warning(review(&deal("2022-12-31", "active"), &wide));
    assert!(
        stderr.starts_with(
            "deal.toml:5:10: warning: the deal is active, but its costs end on 2020-12-31 \
             (no `end` and no year paid: the latest price year), two years or more before \
             `as_of` (2022-12-31)\n"
        ),
        "{stderr}"
    );
    no_warning(review(&deal("2022-12-30", "active"), &wide));
    no_warning(review(&deal("2024-01-01", "ended"), &wide));
    // A cost line paid in 2023 moves the end of the costs to 2023-12-31.
    let paid_later =
        deal("2024-01-01", "active").replace("amount = 1000\n", "amount = 1000\nyear = 2023\n");
    no_warning(review(&paid_later, &wide));
}
