//! The examples of the README and of the guide it leads to (docs/guide.md) are
//! true: their scenarios are valid and their sample outputs are what costcalc
//! prints (the guide's `$ costcalc` walkthrough is run with every other docs
//! example, in `docs_examples`).

use std::fs;

use super::{Run, run, shipped};

/// The README, then the guide: the order their examples are read in.
fn readme() -> String {
    ["README.md", "docs/guide.md"]
        .map(|file| fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .join("\n")
}

/// The bodies of the README's and the guide's fenced blocks of one language.
fn blocks(language: &str) -> Vec<String> {
    let fence = format!("```{language}\n");
    readme()
        .split(&fence)
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap().to_string())
        .collect()
}

#[test]
fn every_scenario_in_the_readme_is_valid() {
    let scenarios = blocks("toml");
    assert!(scenarios.len() >= 2);
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in scenarios.iter().enumerate() {
        let path = dir.path().join(format!("readme-{i}.toml"));
        fs::write(&path, text).unwrap();
        let Run { code, stderr, .. } = run(["check".as_ref(), path.as_os_str()]);
        assert_eq!(code, Some(0), "README scenario {i}:\n{text}\n{stderr}");
    }
}

/// The README shows the table as an 80-column terminal prints it.
#[test]
fn the_readme_table_is_what_compare_prints() {
    let output = super::costcalc()
        .env("COLUMNS", "80")
        .arg("compare")
        .args(shipped())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let sample = blocks("text").into_iter().next().unwrap();
    assert_eq!(sample, stdout, "update the sample table in README.md");
}

#[test]
fn the_readme_conversion_example_is_what_compare_prints() {
    let mut args = vec!["compare".to_string()];
    args.extend(shipped());
    args.extend(["--currency", "USD", "--price-year", "2024"].map(String::from));
    // Every deal but the one in 2025 Australian dollars, which the rates table
    // cannot convert: the guide says so under the table, as costcalc does.
    let Run {
        code,
        stdout,
        stderr,
    } = run(args);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&super::left_out_line()), "{stderr}");
    let sample = blocks("console").into_iter().next().unwrap();
    assert_eq!(sample, stdout, "update the conversion example in README.md");
}

/// The chart in the README is what `costcalc chart bar` draws today.
#[test]
fn the_readme_chart_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    let mut args = vec!["chart".to_string(), "bar".to_string()];
    args.extend(shipped());
    args.extend(
        [
            "--metric",
            "cost_per_removal",
            "--currency",
            "USD",
            "--price-year",
            "2024",
            "--keep-going",
            "-o",
        ]
        .map(String::from),
    );
    args.push(path.display().to_string());
    // As the guide's command: drawn without the deal in 2025 Australian
    // dollars (exit 1, named on stderr and in the chart's note).
    let Run { code, stderr, .. } = run(args);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&super::left_out_line()), "{stderr}");
    let committed = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/cost-per-removal.svg"
    ))
    .unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        committed,
        "regenerate docs/cost-per-removal.svg with the command in the README"
    );
}

/// A path with `[N]` is a glob to zsh (the macOS shell), which answers an
/// unquoted `--set cost[1].amount=...` with "no matches found": every one in
/// the README and docs/ is in single quotes.
#[test]
fn every_path_with_brackets_in_a_command_is_quoted() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/docs");
    let mut files = vec![format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))];
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path.display().to_string());
        }
    }
    let mut checked = 0;
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            for pair in words.windows(2) {
                if matches!(pair[0].trim_matches('`'), "--set" | "--vary") && pair[1].contains('[')
                {
                    checked += 1;
                    assert!(
                        pair[1].starts_with('\''),
                        "{file}: quote `{}` in: {line}",
                        pair[1]
                    );
                }
            }
        }
    }
    assert!(
        checked >= 1,
        "no --set with a line number found in the docs"
    );
}
