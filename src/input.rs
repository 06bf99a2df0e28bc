/*!
From command-line paths to parsed scenarios.

A path is a scenario file or a directory (every `*.toml` directly in it, in name
order). With no paths, commands use the real-world scenarios shipped with
costcalc, which are compiled into the binary so `costcalc compare` works from any
folder. Problems (a missing file, a file that is not UTF-8, an invalid scenario)
come back as [`FileReport`]s, all of them, never only the first.
*/

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, FileReport, line_col};
use crate::scenario::{self, Scenario};

/// The scenarios shipped in `scenarios/`, embedded at build time.
/// `tests` checks that this list matches the folder.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "australia-nauru.toml",
        include_str!("../scenarios/australia-nauru.toml"),
    ),
    (
        "hypothetical-uk-rwanda-300.toml",
        include_str!("../scenarios/hypothetical-uk-rwanda-300.toml"),
    ),
    (
        "italy-albania.toml",
        include_str!("../scenarios/italy-albania.toml"),
    ),
    (
        "uk-rwanda.toml",
        include_str!("../scenarios/uk-rwanda.toml"),
    ),
    (
        "us-el-salvador.toml",
        include_str!("../scenarios/us-el-salvador.toml"),
    ),
    (
        "us-eswatini.toml",
        include_str!("../scenarios/us-eswatini.toml"),
    ),
    (
        "us-rwanda.toml",
        include_str!("../scenarios/us-rwanda.toml"),
    ),
];

/// The prefix of the `file` shown for a built-in scenario.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// A scenario file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As the user wrote it, or `builtin:NAME`.
    pub display: String,
    /// The file on disk; `None` for built-in scenarios.
    pub path: Option<PathBuf>,
    pub text: String,
}

/// A valid scenario and the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: SourceFile,
    pub scenario: Scenario,
}

/// The built-in scenarios, in name order.
pub fn builtin() -> Vec<SourceFile> {
    BUILTIN
        .iter()
        .map(|(name, text)| SourceFile {
            display: format!("{BUILTIN_PREFIX}{name}"),
            path: None,
            text: (*text).to_string(),
        })
        .collect()
}

/// Expands directories into their `*.toml` files. Files named explicitly are
/// taken whatever their extension.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileReport>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        match toml_files_in(path) {
            Ok(found) if found.is_empty() => problems.push(report(
                path,
                Diagnostic::whole_file("is a directory with no .toml files in it").with_help(
                    "scenario files end in .toml; directories are not searched recursively",
                ),
            )),
            Ok(found) => files.extend(found),
            Err(error) => problems.push(report(
                path,
                Diagnostic::whole_file(format!("cannot list the directory: {}", io_reason(&error))),
            )),
        }
    }
    (files, problems)
}

fn toml_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads a scenario file as UTF-8 text.
pub fn read(path: &Path) -> Result<SourceFile, FileReport> {
    let bytes = fs::read(path).map_err(|error| {
        let diagnostic =
            Diagnostic::whole_file(format!("cannot read the file: {}", io_reason(&error)));
        let diagnostic = match error.kind() {
            std::io::ErrorKind::NotFound => diagnostic.with_help(
                "check the path; with no paths, `costcalc compare` uses the built-in scenarios",
            ),
            _ => diagnostic,
        };
        report(path, diagnostic)
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]);
        let (line, col) = line_col(&prefix, prefix.len());
        report(
            path,
            Diagnostic::whole_file(format!(
                "is not UTF-8 text: the byte at line {line}, column {col} is not valid UTF-8"
            ))
            .with_help(
                "save the file with the UTF-8 encoding (most editors offer it under \"Save as\")",
            ),
        )
    })?;
    Ok(SourceFile {
        display: path.display().to_string(),
        path: Some(path.to_path_buf()),
        text,
    })
}

/// Parses one file's text into a scenario.
pub fn parse(file: SourceFile) -> Result<Loaded, FileReport> {
    match scenario::parse(&file.text) {
        Ok(scenario) => Ok(Loaded { file, scenario }),
        Err(diagnostics) => Err(FileReport {
            path: file.display,
            text: file.text,
            diagnostics,
        }),
    }
}

/// Reads and parses every path (or the built-in scenarios when there are none),
/// returning the valid scenarios and a report for every file with problems.
pub fn load(paths: &[PathBuf]) -> (Vec<Loaded>, Vec<FileReport>) {
    let (sources, mut problems) = if paths.is_empty() {
        (
            builtin().into_iter().map(Ok).collect::<Vec<_>>(),
            Vec::new(),
        )
    } else {
        let (files, problems) = expand(paths);
        (files.iter().map(|path| read(path)).collect(), problems)
    };
    let mut loaded = Vec::with_capacity(sources.len());
    for source in sources {
        match source.and_then(parse) {
            Ok(scenario) => loaded.push(scenario),
            Err(problem) => problems.push(problem),
        }
    }
    (loaded, problems)
}

fn report(path: &Path, diagnostic: Diagnostic) -> FileReport {
    FileReport {
        path: path.display().to_string(),
        text: String::new(),
        diagnostics: vec![diagnostic],
    }
}

/// An I/O error's reason without Rust's "(os error 2)" suffix.
fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_lowercase(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_matches_the_scenarios_folder() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let on_disk: Vec<String> = toml_files_in(&folder)
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let embedded: Vec<String> = BUILTIN.iter().map(|(name, _)| name.to_string()).collect();
        assert_eq!(
            embedded, on_disk,
            "update input::BUILTIN to match scenarios/"
        );
    }

    #[test]
    fn every_builtin_scenario_is_valid() {
        for file in builtin() {
            let name = file.display.clone();
            if let Err(report) = parse(file) {
                panic!(
                    "{name}:\n{}",
                    report.render(&crate::diagnostic::Style::plain())
                );
            }
        }
    }
}
