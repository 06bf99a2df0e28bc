/*!
`costcalc diff`: why two scenarios' metrics differ, input by input
([`crate::analysis::diff`] says how), as a waterfall table, CSV, JSON or
Markdown ([`crate::render::diff`]).
*/

use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    FAILURE, MoneyOptions, SUCCESS, compared_of, exit, override_note, print_note, print_warning,
    write_output,
};
use crate::load::Override;
use crate::render::diff::{Sides, machine, waterfall};
use crate::render::export::records;
use crate::render::export::{Format, TableOptions};

pub struct DiffOptions {
    pub a: PathBuf,
    /// `None`: B is A with the `--set`s.
    pub b: Option<PathBuf>,
    pub format: Format,
    /// `None` or `-` for stdout.
    pub output: Option<PathBuf>,
    pub table: TableOptions,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

pub fn run(options: DiffOptions) -> ExitCode {
    let compared = match compared_of(
        &options.a,
        options.b.as_deref(),
        &options.money,
        &options.overrides,
    ) {
        Ok(compared) => compared,
        Err(code) => return code,
    };
    let records = match options.format {
        Format::Csv | Format::Json => {
            if let Some(warning) = &compared.mixed_price_years {
                print_warning(warning);
            }
            machine(&compared.diff)
        }
        Format::Table | Format::Markdown => {
            let sides = Sides {
                a: &compared.a.scenario,
                b: &compared.b.scenario,
                file_a: &compared.a.file,
                file_b: &compared.b.file,
            };
            let extra = override_note(&options.overrides)
                .into_iter()
                .chain(crate::render::export::human::adjustment_notes(
                    &compared.adjustments,
                ))
                .chain(compared.mixed_price_years.clone())
                .collect();
            waterfall(&compared.diff, &sides, extra)
        }
    };
    let bytes = records::render(options.format, &records, &options.table);
    match write_output(options.output.as_deref(), &bytes) {
        Ok(Some(destination)) => {
            print_note(&format!("wrote {}", destination.display()));
            exit(SUCCESS)
        }
        Ok(None) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}
