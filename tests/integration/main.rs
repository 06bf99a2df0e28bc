//! End-to-end tests of the `costcalc` binary, in one test binary (links once).
//!
//! - `compare`, `show`, `check`: each command and format on the shipped scenarios,
//!   pinned as insta snapshots (review changes with `cargo insta review`);
//! - `bad_scenarios`: the corpus in `tests/bad/`, one broken scenario per file;
//! - `properties`: metric identities and no-panic checks on generated input.

mod bad_scenarios;
mod check;
mod compare;
mod currencies;
mod properties;
mod readme;
mod show;

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

/// stdout and stderr of a finished run, as text.
pub fn outputs(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
