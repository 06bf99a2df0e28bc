//! The bad-scenario corpus: every file in `tests/bad/` is a scenario with one
//! deliberate mistake, and says in its first lines what `costcalc check` must
//! report:
//!
//! ```toml
//! # expect-line: 7
//! # expect-message: unknown key `ammount` in [[cost]]
//! ```
//!
//! The check: exit code 1, and stderr names the file and that line
//! (`tests/bad/NAME.toml:7:`) and contains the message. `compare` must refuse
//! the file too, with the same exit code.

use std::fs;
use std::path::Path;

use super::{Run, run};

struct Expectation {
    line: usize,
    message: String,
}

fn expectation(path: &Path, text: &str) -> Expectation {
    let header = |key: &str| {
        text.lines()
            .find_map(|line| {
                line.trim_start_matches('\u{feff}')
                    .strip_prefix(&format!("# {key}: "))
            })
            .unwrap_or_else(|| panic!("{} has no `# {key}:` line", path.display()))
            .trim()
            .to_string()
    };
    Expectation {
        line: header("expect-line")
            .parse()
            .expect("expect-line is a number"),
        message: header("expect-message"),
    }
}

#[test]
fn every_bad_scenario_is_reported_with_its_file_and_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 25,
        "the corpus should hold at least 25 files, found {}",
        files.len()
    );

    let mut failures = Vec::new();
    for path in &files {
        let text = fs::read(path).unwrap();
        let expected = expectation(path, &String::from_utf8_lossy(&text));
        let relative = format!("tests/bad/{}", path.file_name().unwrap().to_string_lossy());
        for command in ["check", "compare"] {
            let Run { code, stderr, .. } = run([command, &relative]);
            let location = format!("{relative}:{}:", expected.line);
            if code != Some(1) || !stderr.contains(&location) || !stderr.contains(&expected.message)
            {
                failures.push(format!(
                    "`costcalc {command} {relative}`: expected exit 1 and `{location}` with `{}`; got exit {:?}:\n{stderr}",
                    expected.message,
                    code
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
