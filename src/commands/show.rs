/*!
`costcalc show`: one scenario in full, so a reader can check every figure
(the text is [`crate::render::show`]'s).
*/

use crate::analysis::evaluate::evaluate;
use std::path::Path;
use std::process::ExitCode;

use super::{FAILURE, MoneyOptions, SUCCESS, exit, print_error, print_reports};
use crate::load::Override;
use crate::load::paths;
use crate::money::convert;
use crate::output;
use crate::render::show;

/// `width`: what the text fits, as for tables (`None`: no wrapping).
pub fn run(
    path: &Path,
    money: &MoneyOptions,
    overrides: &[Override],
    width: Option<u16>,
) -> ExitCode {
    let adjustments = match money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let loaded = match paths::read(path).and_then(|file| paths::parse(file, overrides)) {
        Ok(loaded) => loaded,
        Err(problem) => return fail(problem),
    };
    super::print_warnings(loaded.warnings_report().as_slice());
    let origins = show::Origins::of(&loaded);
    // The conversion of each amount, to print; `evaluate` converts the same way.
    let conversions = adjustments.conversion.as_ref().and_then(|c| {
        convert::convert_scenario(&loaded.scenario, &c.target, &c.rates)
            .ok()
            .map(|converted| converted.conversions)
    });
    let entry = match evaluate(loaded, &adjustments) {
        Ok(entry) => entry,
        Err(problem) => return fail(problem),
    };
    let text = show::text(
        &entry,
        &origins,
        conversions.as_deref(),
        adjustments.discount.as_ref(),
        width,
    );
    match output::write_stdout(text.as_bytes()) {
        Ok(()) => exit(SUCCESS),
        Err(error) => {
            print_error(&format!("cannot write the output: {error}"));
            exit(FAILURE)
        }
    }
}

fn fail(problem: crate::diagnostic::FileReport) -> ExitCode {
    print_reports(&[problem]);
    print_error("nothing to show: the scenario has problems");
    exit(FAILURE)
}
