//! The layer rules of `src/` (see the module doc of `src/lib.rs`), read from
//! the code itself so that the next change keeps them:
//!
//! - `model`, `load`, `money` and `analysis` import neither `clap` nor
//!   `render`, `commands` or `cli`; `model` imports neither `load` nor
//!   `analysis` (and of `money` only its rounding rule), and `money` neither
//!   `load` nor `analysis`;
//! - `render` imports neither `clap` nor `commands` nor `cli` (the command
//!   line's names for its formats are given in `cli.rs`);
//! - no command imports another command;
//! - `model`, `load`, `money` and `analysis` never print and never return an
//!   exit code: their results are values or typed errors.
//!
//! A path counts wherever it appears in code (a `use` line or inline, such as
//! `crate::render::export::grouped(..)`); comments are left out, so a doc link
//! to a higher layer is fine.

use std::fs;
use std::path::{Path, PathBuf};

/// Paths a file of each layer must not name, with why.
fn forbidden_paths(layer: &str) -> &'static [&'static str] {
    const LOWER: &[&str] = &["clap::", "crate::render", "crate::commands", "crate::cli"];
    match layer {
        // The model uses money's one rounding rule, which depends on nothing.
        "model" => &[
            "clap::",
            "crate::render",
            "crate::commands",
            "crate::cli",
            "crate::load",
            "crate::analysis",
            "crate::money::arithmetic",
            "crate::money::convert",
            "crate::money::discount",
            "crate::money::rates",
        ],
        "money" => &[
            "clap::",
            "crate::render",
            "crate::commands",
            "crate::cli",
            "crate::load",
            "crate::analysis",
        ],
        "load" | "analysis" => LOWER,
        "render" => &["clap::", "crate::commands", "crate::cli"],
        _ => &[],
    }
}

/// What a lower layer must not do: print, or decide the process's exit code.
const PRINTING: &[&str] = &[
    "println!",
    "print!",
    "eprintln!",
    "eprint!",
    "print_error",
    "print_warning",
    "print_note",
    "print_reports",
    "ExitCode",
    "stdout()",
    "stderr()",
];

#[test]
fn every_layer_imports_only_what_its_rules_allow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let commands = command_names(&root.join("commands"));
    assert!(
        commands.len() > 5,
        "found only {commands:?} in src/commands: has the layout changed?"
    );
    let mut broken = Vec::new();
    for file in rust_files(&root) {
        let relative = file.strip_prefix(&root).unwrap().to_path_buf();
        let code = without_comments(&fs::read_to_string(&file).unwrap());
        broken.extend(violations(&relative, &code, &commands));
    }
    assert!(
        broken.is_empty(),
        "layer rules broken (see the module doc of src/lib.rs):\n{}",
        broken.join("\n")
    );
}

/// Each rule broken by `code`, the text of `src/{file}`, as one line naming
/// the file and what it must not use.
fn violations(file: &Path, code: &str, commands: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let layer = match file.components().count() {
        1 => "top",
        _ => file.iter().next().unwrap().to_str().unwrap(),
    };
    let shown = format!("src/{}", file.display());
    for forbidden in forbidden_paths(layer) {
        for path in paths_in(code) {
            if path.starts_with(forbidden) {
                found.push(format!("{shown}: the {layer} layer uses `{path}`"));
            }
        }
        if forbidden.starts_with("clap") && code.contains("use clap") {
            found.push(format!("{shown}: the {layer} layer uses clap"));
        }
    }
    if matches!(layer, "model" | "load" | "money" | "analysis") {
        for word in PRINTING {
            if code.contains(word) {
                found.push(format!(
                    "{shown}: the {layer} layer uses `{word}`: return a value or a typed error \
                     and let the command print"
                ));
            }
        }
    }
    if layer == "commands" {
        let this = file.file_stem().unwrap().to_str().unwrap();
        for path in paths_in(code) {
            let other = path
                .strip_prefix("crate::commands::")
                .or_else(|| path.strip_prefix("super::"))
                .and_then(|rest| rest.split("::").next());
            if let Some(other) = other
                && other != this
                && commands.iter().any(|c| c == other)
            {
                found.push(format!(
                    "{shown}: a command uses another command, `{path}`: move what they share \
                     into analysis or render"
                ));
            }
        }
    }
    found
}

/// Every path of two segments or more in `code`, with `{a, b}` groups spread
/// out: `use super::{tornado, plural}` gives `super::tornado` and
/// `super::plural`.
fn paths_in(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut start = 0;
    while start < bytes.len() {
        if !is_word(bytes[start])
            || (start > 0 && (is_word(bytes[start - 1]) || bytes[start - 1] == b':'))
        {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < bytes.len() && (is_word(bytes[end]) || code[end..].starts_with("::")) {
            end += if bytes[end] == b':' { 2 } else { 1 };
        }
        let path = &code[start..end];
        if code[end..].starts_with('{') && path.ends_with("::") {
            let close = code[end..].find('}').map_or(code.len(), |i| end + i);
            for item in code[end + 1..close].split(',') {
                let item = item.trim();
                match item {
                    "" => {}
                    "self" => paths.push(path.trim_end_matches("::").to_string()),
                    _ => paths.push(format!("{path}{item}")),
                }
            }
            start = close;
        } else {
            if path.contains("::") {
                paths.push(path.trim_end_matches("::").to_string());
            }
            start = end.max(start + 1);
        }
    }
    paths
}

/// `code` without its comments (`//…` to the end of the line and `/* … */`
/// blocks, doc comments included).
fn without_comments(code: &str) -> String {
    let mut kept = String::with_capacity(code.len());
    let mut rest = code;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |i| &after[i + 2..]);
        } else if rest.starts_with("//") && !kept.ends_with(':') {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
        } else {
            let c = rest.chars().next().unwrap();
            kept.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    kept
}

/// The subcommands: one file each in `src/commands/`.
fn command_names(directory: &Path) -> Vec<String> {
    fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| path.file_stem().unwrap().to_str().unwrap().to_string())
        .filter(|name| name != "mod")
        .collect()
}

fn rust_files(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(directory).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn the_rules_catch_what_they_are_for() {
    let commands = ["tornado".to_string(), "sweep".to_string()];
    let check = |file: &str, code: &str| violations(Path::new(file), code, &commands);
    // Each of these breaks one rule: worked out from the rules above.
    assert_eq!(check("analysis/x.rs", "use clap::ValueEnum;").len(), 2);
    assert_eq!(
        check("load/parse.rs", "crate::render::export::grouped(1)").len(),
        1
    );
    assert_eq!(
        check("money/x.rs", "use crate::commands::{print_error, plural};").len(),
        3
    );
    assert_eq!(check("model/x.rs", "use crate::load::parse;").len(), 1);
    assert_eq!(
        check("money/x.rs", "crate::load::document::parse(t)").len(),
        1
    );
    assert_eq!(
        check("model/x.rs", "use crate::money::rates::Rates;").len(),
        1
    );
    assert!(check("model/x.rs", "use crate::money::rounding::round_half_away;").is_empty());
    assert_eq!(
        check("analysis/x.rs", "fn f() -> ExitCode { todo!() }").len(),
        1
    );
    assert_eq!(
        check("commands/sweep.rs", "use super::{tornado, plural};").len(),
        1
    );
    assert_eq!(
        check("commands/sweep.rs", "crate::commands::tornado::compute()").len(),
        1
    );
    assert_eq!(
        check("render/x.rs", "use crate::commands::Printed;").len(),
        1
    );
    assert_eq!(check("render/x.rs", "#[derive(clap::ValueEnum)]").len(), 1);
    // And these break none.
    assert!(check("commands/sweep.rs", "use super::{sweep, plural};").is_empty());
    assert!(check("commands/sweep.rs", "use crate::analysis::sweep;").is_empty());
    assert!(check("cli.rs", "use crate::commands::tornado;").is_empty());
    let commented =
        without_comments("/*! [`x`](crate::render) */\n// crate::cli\nlet u = \"a://b\";");
    assert!(check("load/x.rs", &commented).is_empty(), "{commented}");
}
