/*!
`costcalc rates`: the exchange rates and price indices in use, with their sources,
so every converted figure can be traced to a cited value.
*/

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{FAILURE, SUCCESS, exit, load_rates, print_error};
use crate::money::rates::{Kind, Rates};
use crate::output;
use crate::render::export::human::wrap;

pub fn run(files: &[PathBuf]) -> ExitCode {
    let rates = match load_rates(files) {
        Ok(rates) => rates,
        Err(code) => return code,
    };
    // Every field comes from a rates file: shown, never obeyed by the terminal.
    match output::write_stdout(crate::render::export::escape::visible(&render(&rates)).as_bytes()) {
        Ok(()) => exit(SUCCESS),
        Err(error) => {
            print_error(&format!("cannot write the output: {error}"));
            exit(FAILURE)
        }
    }
}

/// Every series: what it is, where it comes from, and its values by year
/// (`*` marks a derived or partial value).
pub fn render(rates: &Rates) -> String {
    let mut out = String::new();
    out.push_str(
        "Exchange rates (US dollars per unit) and consumer price indices used by --currency and\n\
         --price-year. Later series override earlier ones for the same currency and year.\n",
    );
    for kind in [Kind::Fx, Kind::Cpi] {
        for series in rates.series.iter().filter(|s| s.kind == kind) {
            let _ = write!(
                out,
                "\n{} {}: {}\n",
                series.currency,
                kind.as_str(),
                series.name
            );
            let mut facts = Vec::new();
            if let Some(unit) = &series.unit {
                facts.push(format!("unit: {unit}"));
            }
            if let Some(source) = &series.source {
                facts.push(format!("source: {source}"));
            }
            if let Some(title) = &series.title {
                facts.push(format!("\"{title}\""));
            }
            if let Some(retrieved) = &series.retrieved {
                facts.push(format!("retrieved {retrieved}"));
            }
            facts.push(format!("from {}", series.file));
            wrap(&mut out, &facts.join("; "), "  ", 100);
            if let Some(url) = &series.url {
                let _ = writeln!(out, "  {url}");
            }
            let values: Vec<String> = series
                .values
                .iter()
                .map(|(year, value)| {
                    let mark = if series.derived.contains(year) {
                        "*"
                    } else {
                        ""
                    };
                    match series.uncertain.get(year) {
                        // An uncertain rate: its mean, which deterministic
                        // commands use, and the distribution `simulate` draws from.
                        Some(distribution) => {
                            format!("{year} {value}{mark} (mean of {})", distribution.describe())
                        }
                        None => format!("{year} {value}{mark}"),
                    }
                })
                .collect();
            wrap(&mut out, &values.join("  "), "  ", 100);
            if let Some(note) = &series.note {
                wrap(&mut out, note, "  note: ", 100);
            }
        }
    }
    out.push_str("\n* derived or partial value (see the series note)\n");
    out
}
