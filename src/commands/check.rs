/*!
`costcalc check`: validates scenario files and reports every problem in every
file, each as `path:line:col: message` with the offending line and a hint.
Warnings (odd figures, such as removals above planned capacity; facts that
are undated, unsourced or older than `--stale-after`) are listed with the
problems but do not fail the check.
*/

use std::path::PathBuf;
use std::process::ExitCode;

use crate::diagnostic::FileReport;
use crate::load::Override;
use crate::load::paths::Loading;
use crate::load::review::{Reviewing, StaleAfter};

use super::{
    FAILURE, SUCCESS, exit, load_and_evaluate, print_error, print_note, print_reports,
    print_warnings,
};
use crate::render::export::human::plural;

pub fn run(paths: &[PathBuf], overrides: &[Override], stale_after: StaleAfter) -> ExitCode {
    let today = match super::today() {
        Ok(today) => today,
        Err(message) => {
            print_error(&message);
            return exit(FAILURE);
        }
    };
    let review = Reviewing { today, stale_after };
    // Metrics are computed too: a scenario whose totals overflow is not usable.
    let Loading {
        done: entries,
        problems,
        warnings,
        ..
    } = load_and_evaluate(paths, overrides, &Default::default(), Some(review));
    // A file whose metrics fail has a problem and may have warnings too.
    let checked = entries.len() + problems.len();
    print_warnings(&warnings);
    let warned = match count(&warnings) {
        0 => String::new(),
        n => format!(
            " ({} in {}: worth a look, not errors)",
            plural(n, "warning"),
            plural(warnings.len(), "file")
        ),
    };
    if problems.is_empty() {
        print_note(&format!(
            "{} checked: no problems{warned}",
            plural(checked, "file")
        ));
        return exit(SUCCESS);
    }
    print_reports(&problems);
    print_error(&format!(
        "{} in {} ({} checked){warned}",
        plural(count(&problems), "problem"),
        plural(problems.len(), "file"),
        plural(checked, "file")
    ));
    exit(FAILURE)
}

/// The diagnostics in `reports`.
fn count(reports: &[FileReport]) -> usize {
    reports.iter().map(|report| report.diagnostics.len()).sum()
}
