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

/// The example lines of a help text: from `Examples:` to the first blank line.
fn example_lines(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| *line != "Examples:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// A shell's words of one example command, as far as costcalc sees them:
/// split on spaces, single quotes kept together and removed, and cut at a
/// comment, a pipe, a redirection or `&&` (what follows is the shell's).
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut in_word = false;
    for c in command.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                in_word = true;
            }
            ' ' if !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                }
                in_word = false;
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    assert!(!quoted, "an unclosed quote in `{command}`");
    if in_word {
        words.push(word);
    }
    let shell = |word: &String| word.starts_with('#') || ["|", ">", "&&"].contains(&word.as_str());
    words.into_iter().take_while(|word| !shell(word)).collect()
}

#[test]
fn help_examples_are_one_command_a_line_at_any_width_and_each_parses() {
    use clap::{CommandFactory, Parser};
    // Every command with its own help: `costcalc`, `costcalc compare`, ...,
    // `costcalc chart bar`.
    fn command_paths(command: &clap::Command, path: Vec<String>, into: &mut Vec<Vec<String>>) {
        into.push(path.clone());
        for sub in command.get_subcommands() {
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_string());
            command_paths(sub, sub_path, into);
        }
    }
    let mut paths = Vec::new();
    command_paths(&costcalc::cli::Cli::command(), Vec::new(), &mut paths);
    // 22 commands have examples, in -h and --help: `costcalc` itself, its 16
    // commands but `chart` (a group), and the 5 charts. Fewer would mean the
    // walk missed some.
    let mut with_examples = 0;
    for path in paths {
        for flag in ["-h", "--help"] {
            let help_at = |columns: &str| {
                let output = super::costcalc()
                    .args(&path)
                    .arg(flag)
                    .env("COLUMNS", columns)
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{path:?} {flag}");
                String::from_utf8(output.stdout).unwrap()
            };
            let at_80 = example_lines(&help_at("80"));
            assert_eq!(
                at_80,
                example_lines(&help_at("200")),
                "`costcalc {} {flag}`: examples re-wrapped at 80 columns",
                path.join(" ")
            );
            if at_80.is_empty() {
                continue;
            }
            with_examples += 1;
            // One command per line: a line is a new command or continues the
            // one before it (after a `\`, indented).
            let mut commands: Vec<String> = Vec::new();
            for line in &at_80 {
                assert!(line.chars().count() <= 78, "too wide to survive: {line}");
                let continues = commands.last().is_some_and(|c| c.ends_with('\\'));
                if continues {
                    assert!(line.starts_with("      "), "not indented: {line}");
                    let last = commands.last_mut().unwrap();
                    last.pop();
                    last.push_str(line.trim());
                } else {
                    assert!(line.starts_with("  costcalc "), "not a command: {line}");
                    commands.push(line.trim().to_string());
                }
            }
            for command in commands {
                for raw in command.split(' ').filter(|word| word.contains('[')) {
                    assert!(
                        raw.starts_with('\''),
                        "`{raw}` in `{command}`: quote it, as zsh reads [1] as a pattern"
                    );
                }
                let words = words(&command);
                if let Err(error) = costcalc::cli::Cli::try_parse_from(&words) {
                    panic!("`{command}` does not parse: {error}");
                }
            }
        }
    }
    assert_eq!(with_examples, 22 * 2);
}

#[test]
fn help_format_prints_the_scenario_format_manual_built_into_the_binary() {
    let manual = super::run(["help", "format"]).succeeds();
    // docs/scenario-format.md's first heading, and its troubleshooting table.
    assert!(
        manual.starts_with("# Scenario format, version 1\n"),
        "{manual}"
    );
    assert!(manual.contains("## Troubleshooting"), "{manual}");
    // `help COMMAND` is that command's --help; an unknown topic is a usage error.
    assert_eq!(
        super::run(["help", "compare"]).succeeds(),
        super::run(["compare", "--help"]).succeeds()
    );
    let unknown = super::run(["help", "formats"]);
    assert_eq!(unknown.code, Some(2), "{}", unknown.stderr);
    assert!(
        unknown
            .stderr
            .contains("the topics are format, compare, show,"),
        "{}",
        unknown.stderr
    );
    // --help points there, not to a file an installed user does not have.
    let help = super::run(["--help"]).succeeds();
    assert!(help.contains("costcalc help format"), "{help}");
    assert!(!help.contains("docs/scenario-format.md"), "{help}");
}
