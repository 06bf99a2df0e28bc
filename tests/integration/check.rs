//! `costcalc check` end to end.

use std::fs;

use super::{Run, run};

#[test]
fn the_shipped_scenarios_are_valid() {
    let Run { code, stderr, .. } = run(["check", "scenarios"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "note: 9 files checked: no problems\n");
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
