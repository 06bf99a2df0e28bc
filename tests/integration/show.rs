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
