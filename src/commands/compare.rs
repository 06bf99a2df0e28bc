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
    MoneyOptions, Partial, evaluate_converted, finished, left_out_note, override_list,
    override_note, print_note, print_warning, write_output,
};
use crate::analysis::sort::{SortKey, sort};
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
    let rule = Partial {
        outcome: "nothing compared",
        read_apart: matches!(options.format, Format::Csv | Format::Json),
        keep_going: options.keep_going,
    };
    let (mut entries, unconverted) =
        match evaluate_converted(&options.paths, &options.overrides, &adjustments, rule) {
            Ok(found) => found,
            Err(code) => return code,
        };
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
    finished(written.is_ok(), &unconverted)
}
