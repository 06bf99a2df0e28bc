//! End-to-end tests of the `costcalc` binary, in one test binary (links once).
//!
//! - `compare`, `show`, `check`: each command and format on the shipped scenarios,
//!   pinned as insta snapshots (review changes with `cargo insta review`);
//! - `bad_scenarios`: the corpus in `tests/bad/`, one broken scenario per file;
//! - `properties`: metric identities and no-panic checks on generated input;
//! - `hypotheticals`: `--set`, `extends`, `sweep`, `breakeven`, `frontier`;
//! - `uncertainty`: `simulate` and `tornado`;
//! - `charts`: the SVG charts, the HTML report, and the report in headless Chromium;
//! - `report`: the report's title, author, rates used and hypothetical marks, and
//!   the report printed to PDF (A4 and Letter) with every column;
//! - `hostile_text`: names and sources that attack a spreadsheet, terminal or page;
//! - `interruption`: SIGINT, SIGTERM and SIGHUP mid-write;
//! - `shipped_figures`: every shipped scenario against its hand-checked row in
//!   `tests/shipped/NAME.expected`;
//! - `sources`: the bibliography (`costcalc sources`) read back by BibTeX and JSON parsers;
//! - `unconverted`: `compare --price-year` with deals it cannot convert (`--keep-going`).

mod bad_scenarios;
mod builtins;
mod charts;
mod check;
mod compare;
mod correlation;
mod currencies;
mod departures;
mod diff;
mod docs_examples;
mod files;
mod hostile_text;
mod hypotheticals;
mod interruption;
mod layers;
mod numbers;
mod paper_charts;
mod properties;
mod readme;
mod report;
mod robustness;
mod shipped_figures;
mod show;
mod sources;
mod tools;
mod tornado_range;
mod typed_numbers;
mod uncertainty;
mod unconverted;
mod voi;
mod widths;

use assert_cmd::Command;

/// The binary, run from the repository root with a fixed, colourless environment.
pub fn costcalc() -> Command {
    let mut command = Command::cargo_bin("costcalc").expect("the costcalc binary is built");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    command
}

/// What a run of the binary did.
pub struct Run {
    /// The exit code (`None` if a signal ended it).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts that costcalc succeeded (exit code 0) and returns what it printed.
    #[track_caller]
    pub fn succeeds(self) -> String {
        let Run {
            code,
            stdout,
            stderr,
        } = self;
        assert_eq!(code, Some(0), "expected exit code 0; stderr:\n{stderr}");
        stdout
    }

    /// Asserts that costcalc refused the input (exit code 1) and said `message`;
    /// returns the run for more checks.
    #[track_caller]
    pub fn fails_with(self, message: &str) -> Run {
        let Run { code, stderr, .. } = &self;
        assert_eq!(*code, Some(1), "expected exit code 1; stderr:\n{stderr}");
        assert!(
            stderr.contains(message),
            "expected {message:?} in stderr:\n{stderr}"
        );
        self
    }
}

/// Runs `costcalc ARGS...` from the repository root and collects what it did.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = costcalc().args(args).output().expect("costcalc runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The shipped scenario files, `scenarios/NAME.toml`, in name order.
pub fn shipped() -> Vec<String> {
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
            .expect("scenarios/ exists")
            .map(|entry| {
                format!(
                    "scenarios/{}",
                    entry
                        .expect("a readable entry")
                        .file_name()
                        .to_string_lossy()
                )
            })
            .collect();
    files.sort();
    files
}

/// The shipped scenario the built-in rates table cannot convert to 2024 US
/// dollars: it is priced in 2025 Australian dollars, and the table has no
/// Australian CPI for 2025 (deliberately; see the note at the top of
/// data/rates.toml). Commands that convert every shipped scenario leave it out.
pub const UNCONVERTIBLE: &str = "scenarios/australia-nauru-nzyq.toml";
/// Its `short_name`, as tables, notes and charts call it.
pub const UNCONVERTIBLE_NAME: &str = "Aus–Nauru NZYQ";

/// The line on stderr that names [`UNCONVERTIBLE`] as left out, when it is
/// the only deal a command converting to 2024 US dollars cannot convert.
pub fn left_out_line() -> String {
    format!(
        "error: 1 scenario left out, as it cannot be converted (the reasons are above): \
         {UNCONVERTIBLE_NAME} ({UNCONVERTIBLE})"
    )
}

/// [`shipped`] without [`UNCONVERTIBLE`]: for tests of something other than
/// conversion (drawing, widths, attribution) that put every deal in 2024 US dollars.
pub fn shipped_convertible() -> Vec<String> {
    shipped()
        .into_iter()
        .filter(|file| file != UNCONVERTIBLE)
        .collect()
}

/// The first of `names` found in a directory of `PATH`, for the external
/// tools some tests use.
pub fn on_path(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Writes `text` to `dir/name` and returns the path as a string, for
/// scenarios made up by a test.
pub fn write_scenario(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the temporary folder is writable");
    path.display().to_string()
}
