//! The tools around the calculator: `schema`, `new`, `completions`, `man`,
//! and the examples at the end of every command's help.

use std::fs;

use super::{Run, run};

#[test]
fn schema_prints_the_committed_schema() {
    let Run { code, stdout, .. } = run(["schema"]);
    assert_eq!(code, Some(0));
    let committed =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/costcalc.schema.json")).unwrap();
    assert_eq!(stdout, committed);
    let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
}

#[test]
fn every_shipped_scenario_points_at_the_schema() {
    for path in super::shipped() {
        let text = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_owned() + &path)
            .unwrap();
        assert!(
            text.starts_with("#:schema ../costcalc.schema.json\n"),
            "{path} does not start with #:schema ../costcalc.schema.json"
        );
    }
}

#[test]
fn new_writes_a_valid_template_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my-deal.toml");
    let Run { code, stderr, .. } = run(["new".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("status = \"hypothetical\""));
    // Every key of the format appears in the template, explained.
    for key in [
        "name",
        "currency",
        "price_year",
        "status",
        "sending",
        "receiving",
        "start",
        "end",
        "years",
        "summary",
        "item",
        "amount",
        "basis",
        "removals",
        "planned",
        "block_probability",
        "attempted",
        "blocked",
        "date",
        "court",
        "outcome",
        "people",
        "label",
        "cost_per_person",
        "id",
        "title",
        "url",
        "publisher",
    ] {
        assert!(
            text.contains(&format!("{key} = ")),
            "the template lacks {key}"
        );
    }
    let Run { code, stderr, .. } = run(["check".as_ref(), path.as_os_str()]);
    assert_eq!(code, Some(0), "the template is not valid: {stderr}");
    // A second `new` refuses, and leaves the file as it was.
    fs::write(&path, "edited").unwrap();
    run(["new".as_ref(), path.as_os_str()])
        .fails_with("already exists; costcalc new never overwrites a file");
    assert_eq!(fs::read_to_string(&path).unwrap(), "edited");
}

#[test]
fn new_copies_a_shipped_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("variant.toml");
    let Run { code, stderr, .. } = run([
        "new".as_ref(),
        path.as_os_str(),
        "--from".as_ref(),
        "uk-rwanda".as_ref(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let copy = fs::read_to_string(&path).unwrap();
    let original = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/uk-rwanda.toml"
    ))
    .unwrap();
    assert_eq!(copy, original);
    let other = dir.path().join("other.toml");
    run([
        "new".as_ref(),
        other.as_os_str(),
        "--from".as_ref(),
        "uk-rwnda".as_ref(),
    ])
    .fails_with("did you mean uk-rwanda?");
    assert!(!other.exists());
}

#[test]
fn completions_and_man_page_come_from_the_cli() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let Run { code, stdout, .. } = run(["completions", shell]);
        assert_eq!(code, Some(0), "{shell}");
        assert!(
            stdout.contains("costcalc") && stdout.contains("simulate"),
            "{shell} completions lack commands"
        );
    }
    let Run { code, stdout, .. } = run(["man"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.starts_with(".ie \\n(.g .ds Aq") || stdout.contains(".TH costcalc"),
        "{}",
        &stdout[..200.min(stdout.len())]
    );
    assert!(stdout.contains("compare"));
}

#[test]
fn every_command_help_ends_with_examples() {
    use clap::CommandFactory;
    fn check(command: &clap::Command, path: &str) {
        for sub in command.get_subcommands() {
            let name = format!("{path} {}", sub.get_name());
            if sub.has_subcommands() {
                check(sub, &name);
                continue;
            }
            let after = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                after.starts_with("Example"),
                "`{name} --help` has no examples"
            );
            let examples = after
                .lines()
                .skip(1)
                .take_while(|l| !l.trim().is_empty())
                .filter(|l| l.trim_start().starts_with("costcalc"))
                .count();
            assert!(
                (1..=3).contains(&examples),
                "`{name} --help` has {examples} examples"
            );
        }
    }
    check(&costcalc::cli::Cli::command(), "costcalc");
}
