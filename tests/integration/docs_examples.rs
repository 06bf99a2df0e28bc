//! The worked examples in docs/*.md are what costcalc prints: each ```console
//! block that starts with `$ costcalc ARGS` is run (from the repository) and
//! its output compared with the block. That includes docs/guide.md's
//! walkthrough, the guide the README leads to.
//!
//! The shipped scenarios change, and with them the outputs: run
//! `COSTCALC_UPDATE_DOCS=1 cargo test --test integration docs_examples` to
//! rewrite every block with what costcalc prints now, then read the diff.

use std::fs;
use std::path::PathBuf;

use super::{Run, run};

const FENCE: &str = "```console\n";

/// The docs/*.md files this test keeps true, in name order.
fn documents() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/docs");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// `text` with each example's output replaced by `output(args)` (`None`
/// keeps it), and each example's (command, output as written).
fn examples(
    text: &str,
    mut output: impl FnMut(&str) -> Option<String>,
) -> (String, Vec<(String, String)>) {
    let mut rewritten = String::new();
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(FENCE) {
        let body_start = start + FENCE.len();
        rewritten.push_str(&rest[..body_start]);
        let body_len = rest[body_start..]
            .find("```")
            .unwrap_or(rest.len() - body_start);
        let body = &rest[body_start..body_start + body_len];
        match body.split_once('\n').and_then(|(command, expected)| {
            Some((command.strip_prefix("$ costcalc ")?, command, expected))
        }) {
            Some((args, command, expected)) => {
                found.push((command.to_string(), expected.to_string()));
                rewritten.push_str(command);
                rewritten.push('\n');
                rewritten.push_str(&output(args).unwrap_or_else(|| expected.to_string()));
            }
            None => rewritten.push_str(body),
        }
        rest = &rest[body_start + body_len..];
    }
    rewritten.push_str(rest);
    (rewritten, found)
}

/// What `costcalc ARGS` prints, split as a shell would split these
/// commands (words, single quotes around a word).
fn printed(args: &str) -> Run {
    run(args.split_whitespace().map(|arg| arg.trim_matches('\'')))
}

#[test]
fn docs_examples_print_what_the_docs_show() {
    let update = std::env::var_os("COSTCALC_UPDATE_DOCS").is_some_and(|v| v == "1");
    let mut checked = 0;
    for file in documents() {
        let text = fs::read_to_string(&file).unwrap();
        let (rewritten, found) = examples(&text, |args| {
            let Run {
                code,
                stdout,
                stderr,
            } = printed(args);
            assert_eq!(
                code,
                Some(0),
                "{}: costcalc {args}\n{stderr}",
                file.display()
            );
            Some(stdout)
        });
        checked += found.len();
        if file.ends_with("guide.md") {
            assert!(
                found.len() >= 5,
                "the guide's walkthrough has {} commands",
                found.len()
            );
        }
        if update {
            if rewritten != text {
                fs::write(&file, rewritten).unwrap();
            }
        } else {
            assert!(
                rewritten == text,
                "{}: an example's output is not what costcalc prints; rerun with \
                 COSTCALC_UPDATE_DOCS=1 to rewrite it, then read the diff",
                file.display()
            );
        }
    }
    assert!(checked >= 1, "no examples found in docs/");
}

#[test]
fn docs_examples_are_found_and_rewritten_in_place() {
    let text = "a\n```console\n$ costcalc x y\nold\n```\nb\n```console\n$ ls\nz\n```\n";
    let (rewritten, found) = examples(text, |args| Some(format!("new {args}\n")));
    assert_eq!(found, [("$ costcalc x y".to_string(), "old\n".to_string())]);
    assert_eq!(
        rewritten,
        "a\n```console\n$ costcalc x y\nnew x y\n```\nb\n```console\n$ ls\nz\n```\n"
    );
}
