/*!
`costcalc compare`: the metrics of several deals side by side, sorted, in one of
the output formats.

With `--price-year`, a deal the rates table cannot convert (one missing
index) does not blank the comparison: the table and Markdown show the deals
that can be converted and name the others, with the reason on stderr, and
exit 1. CSV and JSON, which scripts read without looking at the exit code,
are written with rows missing only when `--keep-going` asks for it.
*/

use std::path::PathBuf;
use std::process::ExitCode;

use crate::load::Override;

use super::{
    FAILURE, MoneyOptions, SUCCESS, every, exit, override_list, override_note, print_error,
    print_note, print_reports, print_skipped, print_warning, write_output,
};
use crate::analysis::evaluate::{Unconverted, evaluate_converting};
use crate::analysis::sort::{SortKey, sort};
use crate::load::paths;
use crate::load::paths::BUILTIN;
use crate::render::export::human::plural;
use crate::render::export::{self, ExportOptions, Format, TableOptions, human};

pub struct CompareOptions {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    /// `None` or `-` for stdout.
    pub output: Option<PathBuf>,
    pub sort: SortKey,
    pub reverse: bool,
    pub table: TableOptions,
    pub money: MoneyOptions,
    /// `--set PATH=VALUE`, applied to every scenario.
    pub overrides: Vec<Override>,
    /// `--keep-going`: write CSV and JSON without the deals that cannot be converted.
    pub keep_going: bool,
}

pub fn run(options: CompareOptions) -> ExitCode {
    if options.paths.is_empty() {
        print_note(&format!(
            "no paths given: comparing the {} scenarios built into costcalc",
            BUILTIN.len()
        ));
    }
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let loading = paths::load_with(&options.paths, &options.overrides, |loaded| {
        evaluate_converting(loaded, &adjustments)
    });
    print_skipped(&loading.skipped);
    let evaluated = match every(loading, "nothing compared") {
        Ok(evaluated) => evaluated,
        Err(code) => return code,
    };
    let mut entries = Vec::with_capacity(evaluated.len());
    let mut unconverted: Vec<Unconverted> = Vec::new();
    for result in evaluated {
        match result {
            Ok(entry) => entries.push(entry),
            Err(left_out) => unconverted.push(left_out),
        }
    }
    if !unconverted.is_empty() {
        let reports: Vec<_> = unconverted.iter().map(|u| u.report.clone()).collect();
        print_reports(&reports);
        let machine = matches!(options.format, Format::Csv | Format::Json);
        let left_out = plural(unconverted.len(), "scenario");
        if entries.is_empty() || (machine && !options.keep_going) {
            let hint = if entries.is_empty() {
                String::new()
            } else {
                format!(
                    "; --keep-going writes the {} that can be",
                    plural(entries.len(), "other")
                )
            };
            print_error(&format!(
                "nothing compared: {left_out} cannot be converted (the reasons are above){hint}"
            ));
            return exit(FAILURE);
        }
        print_error(&format!(
            "{left_out} left out, as {} cannot be converted (the reasons are above): {}",
            if unconverted.len() == 1 { "it" } else { "they" },
            unconverted
                .iter()
                .map(|u| format!("{} ({})", u.label, u.file))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // Money in different currencies is never ranked as if comparable.
    let currencies = crate::analysis::evaluate::currencies(&entries);
    sort(&mut entries, options.sort, options.reverse, &currencies);
    let export_options = ExportOptions {
        table: options.table,
        adjustment_notes: [
            override_note(&options.overrides),
            left_out_note(&unconverted),
        ]
        .into_iter()
        .flatten()
        .chain(crate::render::export::human::adjustment_notes(&adjustments))
        .collect(),
        converted: adjustments.conversion.map(|c| c.target),
        overrides: override_list(&options.overrides),
    };
    let bytes = export::exporter(options.format, export_options).export(&entries);

    if matches!(options.format, Format::Csv | Format::Json)
        && let Some(warning) = human::mixed_money_warning(&entries, &currencies)
    {
        print_warning(&warning);
    }

    let written = write_output(options.output.as_deref(), &bytes);
    if let Ok(Some(destination)) = &written {
        print_note(&format!(
            "wrote {} to {}",
            plural(entries.len(), "scenario"),
            destination.display()
        ));
    }
    exit(if written.is_ok() && unconverted.is_empty() {
        SUCCESS
    } else {
        FAILURE
    })
}

/// The note under the table naming the deals left out, so that a table kept
/// without its stderr still says it is not the whole comparison.
fn left_out_note(unconverted: &[Unconverted]) -> Option<String> {
    (!unconverted.is_empty()).then(|| {
        let names: Vec<&str> = unconverted.iter().map(|u| u.label.as_str()).collect();
        format!(
            "left out, as their money cannot be converted (see the errors): {}",
            names.join(", ")
        )
    })
}
