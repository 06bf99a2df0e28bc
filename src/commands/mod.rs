/*!
The subcommands: `compare`, `show` and `check`.

Each takes its validated arguments, does its work through the engine
(`input` → `metrics` → `export`), writes its results, and returns the exit code.
Messages for people (problems, notes, warnings) go to stderr, results to stdout
or `--output`, so `costcalc compare --format csv > out.csv` holds only the CSV.
*/

pub mod check;
pub mod compare;
pub mod show;

use std::io::Write;
use std::process::ExitCode;

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, FileReport, Style};
use crate::export::Entry;
use crate::input::{self, Loaded};
use crate::metrics;

/// Exit code for success.
pub const SUCCESS: u8 = 0;
/// Exit code for invalid input, a missing file or an I/O error.
pub const FAILURE: u8 = 1;

pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}

/// Prints every problem of every file to stderr.
pub fn print_reports(reports: &[FileReport]) {
    let style = Style::coloured();
    let mut stderr = anstream::stderr().lock();
    for report in reports {
        let _ = write!(stderr, "{}", report.render(&style));
    }
}

/// `error: MESSAGE` on stderr, like cargo.
pub fn print_error(message: &str) {
    print_labelled("error", anstyle::AnsiColor::Red, message);
}

/// `warning: MESSAGE` on stderr.
pub fn print_warning(message: &str) {
    print_labelled("warning", anstyle::AnsiColor::Yellow, message);
}

/// `note: MESSAGE` on stderr.
pub fn print_note(message: &str) {
    print_labelled("note", anstyle::AnsiColor::Cyan, message);
}

fn print_labelled(label: &str, colour: anstyle::AnsiColor, message: &str) {
    let style = colour.on_default().bold();
    let _ = writeln!(
        anstream::stderr().lock(),
        "{}{label}:{} {message}",
        style.render(),
        style.render_reset()
    );
}

/// Reads, parses and computes the metrics of every path (or the built-in
/// scenarios), returning the entries and every problem, both in input order.
pub fn load_and_evaluate(paths: &[PathBuf]) -> (Vec<Entry>, Vec<FileReport>) {
    input::load_with(paths, evaluate)
}

/// Computes the metrics of a loaded scenario. A scenario whose arithmetic
/// overflows becomes a report rather than a wrong or missing number.
pub fn evaluate(Loaded { file, scenario }: Loaded) -> Result<Entry, FileReport> {
    match metrics::compute(&scenario) {
        Ok(metrics) => Ok(Entry {
            file: file.display,
            on_disk: file.on_disk,
            scenario,
            metrics,
        }),
        Err(overflow) => Err(FileReport {
            path: file.display,
            text: file.text,
            diagnostics: vec![
                Diagnostic::whole_file(overflow.to_string())
                    .with_help("check the amounts and counts for a typo, such as extra digits"),
            ],
        }),
    }
}

/// "1 file" / "2 files".
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}
