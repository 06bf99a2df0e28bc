//! `costcalc show` end to end.

use super::{costcalc, outputs};

#[test]
fn shows_every_part_of_a_scenario() {
    for name in ["uk-rwanda", "hypothetical-uk-rwanda-300", "us-rwanda"] {
        let output = costcalc()
            .args(["show", &format!("scenarios/{name}.toml")])
            .output()
            .unwrap();
        let (stdout, stderr) = outputs(&output);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        insta::assert_snapshot!(name, stdout);
    }
}

#[test]
fn a_bad_file_is_reported_not_shown() {
    let output = costcalc()
        .args(["show", "tests/bad/unknown-key-in-cost.toml"])
        .output()
        .unwrap();
    let (stdout, stderr) = outputs(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout.is_empty());
    assert!(stderr.contains("tests/bad/unknown-key-in-cost.toml:8:1:"));
}

#[test]
fn show_needs_a_file() {
    let output = costcalc().arg("show").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
