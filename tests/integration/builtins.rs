//! Built-in scenarios reachable by name wherever a path is accepted: a name
//! with no `/` and no `.toml` that is not an existing file is the built-in
//! scenario of that name; an existing file always wins; an unknown name gets
//! the nearest built-in and the list of them.

use super::{costcalc, run, write_scenario};

#[test]
fn show_takes_a_builtin_scenarios_name() {
    let by_name = run(["show", "uk-rwanda"]).succeeds();
    let by_path = run(["show", "scenarios/uk-rwanda.toml"]).succeeds();
    assert!(
        by_name.contains("\n  file       builtin:uk-rwanda.toml\n"),
        "{by_name}"
    );
    // The same scenario, but for the line that says where it came from.
    assert_eq!(
        by_name.replace("builtin:uk-rwanda.toml", "scenarios/uk-rwanda.toml"),
        by_path
    );
}

#[test]
fn compare_takes_builtin_names_with_the_users_files_and_extends_takes_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let mine = write_scenario(
        dir.path(),
        "mine.toml",
        "extends = \"uk-rwanda\"\nname = \"Mine\"\nshort_name = \"Mine\"\n\
         status = \"hypothetical\"\n[outcomes]\nremovals = 100\nattempted = 100\n",
    );
    let csv = run(["compare", "uk-rwanda", &mine, "--format", "csv"]).succeeds();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(csv.contains("builtin:uk-rwanda.toml"), "{csv}");
    // Mine keeps UK–Rwanda's GBP 700,000,000 for 100 removals:
    // 700,000,000 ÷ 100 = 7,000,000 per removal.
    let row = rows
        .iter()
        .find(|row| row.contains("mine.toml"))
        .expect("a row for mine.toml");
    assert!(
        row.contains(",GBP,700000000.00,100,observed,7000000.00,"),
        "{row}"
    );
}

#[test]
fn an_existing_file_wins_over_a_builtin_of_the_same_name() {
    let dir = tempfile::tempdir().unwrap();
    write_scenario(
        dir.path(),
        "uk-rwanda",
        "name = \"My own file called uk-rwanda\"\ncurrency = \"EUR\"\n\
         [outcomes]\nremovals = 1\n",
    );
    let output = costcalc()
        .current_dir(dir.path())
        .args(["show", "uk-rwanda"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.starts_with("My own file called uk-rwanda\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n  file       uk-rwanda\n"), "{stdout}");
}

#[test]
fn an_unknown_name_lists_the_builtin_scenarios() {
    let failed = run(["show", "uk-rwnda"])
        .fails_with("uk-rwnda: there is no such file, and no built-in scenario of that name");
    assert!(
        failed.stderr.contains(
            "did you mean uk-rwanda? the built-in scenarios are australia-nauru-nzyq, \
             australia-nauru, hypothetical-uk-rwanda-300,"
        ),
        "{}",
        failed.stderr
    );
    // The same in compare, among files that load.
    run(["compare", "us-rwanda", "uk-rwnda"]).fails_with("did you mean uk-rwanda?");
    // And in `extends`.
    let dir = tempfile::tempdir().unwrap();
    let typo = write_scenario(dir.path(), "typo.toml", "extends = \"us-rwnda\"\n");
    run(["check", &typo]).fails_with("did you mean us-rwanda?");
}

#[test]
fn a_path_or_a_toml_name_is_never_taken_for_a_builtin() {
    // `uk-rwanda.toml` here (the project folder) is no file: it is reported
    // missing, not replaced by the built-in scenario.
    run(["show", "uk-rwanda.toml"]).fails_with("cannot read the file");
    run(["show", "nowhere/uk-rwanda"]).fails_with("cannot read the file");
}
