/*!
`costcalc check`: validates scenario files and reports every problem in every
file, each as `path:line:col: message` with the offending line and a hint.
*/

use std::path::PathBuf;
use std::process::ExitCode;

use crate::load::Override;

use super::{FAILURE, SUCCESS, exit, load_and_evaluate, print_error, print_note, print_reports};
use crate::render::export::human::plural;

pub fn run(paths: &[PathBuf], overrides: &[Override]) -> ExitCode {
    // Metrics are computed too: a scenario whose totals overflow is not usable.
    let (entries, problems) = load_and_evaluate(paths, overrides, &Default::default());
    let checked = entries.len() + problems.len();
    if problems.is_empty() {
        print_note(&format!("{} checked: no problems", plural(checked, "file")));
        return exit(SUCCESS);
    }
    print_reports(&problems);
    let count: usize = problems.iter().map(|p| p.diagnostics.len()).sum();
    print_error(&format!(
        "{} in {} ({} checked)",
        plural(count, "problem"),
        plural(problems.len(), "file"),
        plural(checked, "file")
    ));
    exit(FAILURE)
}
