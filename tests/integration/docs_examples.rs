//! The worked examples in `docs/*.md` are what costcalc prints: each
//! ```console block whose first line is `$ costcalc ARGS` is run (from the
//! repository root, arguments split at spaces, single quotes taken off) and
//! its stdout compared with the rest of the block.
//!
//! The shipped scenarios change, and the examples with them: run
//! `COSTCALC_UPDATE_DOCS=1 cargo test --test integration docs_examples` to
//! rewrite every such block with what costcalc prints now, then read the diff.

use std::fs;
use std::path::PathBuf;

use super::{Run, run};

const FENCE: &str = "```console\n";
const END: &str = "```";

/// The Markdown files of docs/, in name order.
fn documents() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/docs");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// What `$ costcalc ARGS` prints, or why it failed.
fn output_of(command: &str) -> Result<String, String> {
    let args = command
        .strip_prefix("$ costcalc ")
        .expect("a costcalc command");
    let Run {
        code,
        stdout,
        stderr,
    } = run(args.split_whitespace().map(|arg| arg.trim_matches('\'')));
    if code == Some(0) {
        Ok(stdout)
    } else {
        Err(format!("`{command}` exited with {code:?}:\n{stderr}"))
    }
}

/// `text` with each example block's output checked (or, when `update`,
/// replaced): the new text and the problems found.
fn examples(text: &str, update: bool) -> (String, Vec<String>, usize) {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut rest = text;
    while let Some(start) = rest.find(FENCE) {
        let body_start = start + FENCE.len();
        out.push_str(&rest[..body_start]);
        let Some(length) = rest[body_start..].find(END) else {
            rest = &rest[body_start..];
            break;
        };
        let body = &rest[body_start..body_start + length];
        rest = &rest[body_start + length..];
        let (command, shown) = body.split_once('\n').unwrap_or((body, ""));
        if !command.starts_with("$ costcalc ") {
            out.push_str(body);
            continue;
        }
        checked += 1;
        match output_of(command) {
            Ok(printed) if update => {
                out.push_str(command);
                out.push('\n');
                out.push_str(&printed);
            }
            Ok(printed) => {
                if printed != shown {
                    problems.push(format!(
                        "`{command}` prints:\n{printed}\nbut the example shows:\n{shown}"
                    ));
                }
                out.push_str(body);
            }
            Err(why) => {
                problems.push(why);
                out.push_str(body);
            }
        }
    }
    out.push_str(rest);
    (out, problems, checked)
}

#[test]
fn every_example_in_the_docs_prints_what_it_shows() {
    let update = std::env::var_os("COSTCALC_UPDATE_DOCS").is_some_and(|v| v == "1");
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in documents() {
        let text = fs::read_to_string(&file).unwrap();
        let (new, found, count) = examples(&text, update);
        checked += count;
        if update && new != text {
            fs::write(&file, new).unwrap();
        }
        problems.extend(
            found
                .into_iter()
                .map(|p| format!("{}: {p}", file.display())),
        );
    }
    assert!(
        problems.is_empty(),
        "{}\n\nrun COSTCALC_UPDATE_DOCS=1 cargo test --test integration docs_examples to \
         rewrite the examples, then check the diff",
        problems.join("\n\n")
    );
    assert!(checked >= 4, "only {checked} examples found in docs/");
}

#[test]
fn a_block_is_rewritten_with_what_costcalc_prints() {
    let text = "Before.\n\n```console\n$ costcalc diff scenarios/us-rwanda.toml --set outcomes.removals=250 --format csv\nold output\n```\n\nAfter.\n";
    let (checked, problems, count) = examples(text, false);
    assert_eq!(count, 1);
    assert_eq!(checked, text, "checking leaves the text as it is");
    assert_eq!(problems.len(), 1, "the old output is reported");
    let (updated, problems, _) = examples(text, true);
    assert!(problems.is_empty());
    assert!(updated.starts_with("Before.\n\n```console\n$ costcalc diff"));
    assert!(updated.contains("\nmetric,input,value_a,value_b,contribution\n"));
    assert!(!updated.contains("old output"));
    assert!(updated.ends_with("```\n\nAfter.\n"));
    // Blocks of other commands are left alone.
    let other = "```console\n$ ls\nREADME.md\n```\n";
    assert_eq!(examples(other, true), (other.to_string(), Vec::new(), 0));
}
