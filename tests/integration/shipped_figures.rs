//! Every shipped scenario against a row worked out by hand.
//!
//! `tests/shipped/NAME.expected` holds, for `scenarios/NAME.toml`, the hand
//! working of its figures in `#` comment lines, then `column = value` lines:
//! the values `costcalc compare --format csv` must print in those columns,
//! exactly as written (money to the cent, in the scenario's own currency and
//! price year). `n/a` stands for the empty cell of an undefined metric. Each
//! file must give at least `total_cost`, `removals` and `cost_per_removal`,
//! and there must be one file for every shipped scenario and no file for a
//! scenario that does not exist: a new deal cannot ship unchecked.

use super::run;
use std::collections::BTreeMap;
use std::path::Path;

/// The columns every expected row must give.
const REQUIRED: [&str; 3] = ["total_cost", "removals", "cost_per_removal"];

/// The `column = value` lines of an expected file, in file order.
fn expected_row(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut row: Vec<(String, String)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (column, value) = line.split_once('=').unwrap_or_else(|| {
            panic!(
                "{}:{}: expected `column = value` or a # comment, found {line:?}",
                path.display(),
                number + 1
            )
        });
        let column = column.trim().to_owned();
        assert!(
            row.iter().all(|(seen, _)| *seen != column),
            "{}:{}: `{column}` is given twice",
            path.display(),
            number + 1
        );
        row.push((column, value.trim().to_owned()));
    }
    for column in REQUIRED {
        assert!(
            row.iter().any(|(seen, _)| seen == column),
            "{}: gives no `{column}`; every expected row needs {REQUIRED:?}",
            path.display()
        );
    }
    row
}

/// The stems of the files in `dir` ending in `.extension`, in name order.
fn stems(dir: &Path, extension: &str) -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .map(|path| {
            path.file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    stems.sort();
    stems
}

/// The row `compare --format csv FILE` prints for one scenario, as a map of
/// column to cell; each file is run on its own, so that one broken scenario
/// is reported as itself and does not hide the others' figures.
fn compare_row(file: &str) -> Result<BTreeMap<String, String>, String> {
    let outcome = run(["compare", "--format", "csv", file]);
    if outcome.code != Some(0) {
        return Err(format!("compare failed:\n{}", outcome.stderr));
    }
    let mut reader = csv::Reader::from_reader(outcome.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| format!("no CSV header: {error}"))?
        .iter()
        .map(String::from)
        .collect();
    let mut records = reader.records();
    let record = match (records.next(), records.next()) {
        (Some(Ok(record)), None) => record,
        _ => return Err(format!("expected one CSV row:\n{}", outcome.stdout)),
    };
    Ok(header
        .into_iter()
        .zip(record.iter().map(String::from))
        .collect())
}

#[test]
fn every_shipped_scenario_has_an_expected_row_and_every_expected_row_a_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenarios = stems(&root.join("scenarios"), "toml");
    let expected = stems(&root.join("tests/shipped"), "expected");
    let unchecked: Vec<&String> = scenarios.iter().filter(|s| !expected.contains(s)).collect();
    let orphaned: Vec<&String> = expected.iter().filter(|e| !scenarios.contains(e)).collect();
    assert!(
        unchecked.is_empty(),
        "no tests/shipped/NAME.expected for these scenarios: {unchecked:?}"
    );
    assert!(
        orphaned.is_empty(),
        "tests/shipped has expected rows for scenarios that do not exist: {orphaned:?}"
    );
}

#[test]
fn every_shipped_scenario_computes_its_hand_checked_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    for stem in stems(&root.join("tests/shipped"), "expected") {
        let path = root.join("tests/shipped").join(format!("{stem}.expected"));
        let file = format!("scenarios/{stem}.toml");
        let row = match compare_row(&file) {
            Ok(row) => row,
            Err(why) => {
                wrong.push(format!("{file}: {why}"));
                continue;
            }
        };
        for (column, value) in expected_row(&path) {
            let want = if value == "n/a" { "" } else { value.as_str() };
            match row.get(&column) {
                None => wrong.push(format!("{file}: compare has no column `{column}`")),
                Some(got) if got != want => {
                    wrong.push(format!("{file}: {column} is {got:?}, expected {want:?}"))
                }
                Some(_) => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
