/*!
`costcalc sweep`: one-way and two-way sensitivity. The metrics of one scenario
at each value of an input (`--vary outcomes.removals=0:600:50`), or at each pair
of values of two inputs (a grid, the first `--vary` outermost).

Each value is set exactly as `--set PATH=VALUE` would set it, so it is checked
like a value written in the file, and the metrics are those `compare` computes.
Values are exact decimals, `START + i × STEP`, never accumulated in floating
point: 0.1 steps from 0 reach 1.0 exactly.
*/

use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;
use rust_decimal::Decimal;

use super::compare::override_note;
use super::{
    FAILURE, MoneyOptions, SUCCESS, evaluate, exit, plural, print_error, print_note, print_reports,
    reported, write_output,
};
use crate::diagnostic::FileReport;
use crate::export::{self, Entry, ExportOptions, Format, TableOptions, Varied};
use crate::input::{self, SourceFile};
use crate::scenario::{Override, exact_decimal};

/// The most values one `--vary` may take.
pub const MAX_VALUES: usize = 10_000;
/// The most rows a sweep may have (a grid multiplies its axes).
pub const MAX_ROWS: usize = 100_000;

/// One `--vary PATH=START:END:STEP`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub path: String,
    pub start: Decimal,
    pub end: Decimal,
    pub step: Decimal,
}

impl Vary {
    /// Parses `PATH=START:END:STEP`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Vary, String> {
        let example = "such as outcomes.removals=0:600:50 or outcomes.block_probability=0:1:0.1";
        let (path, range) = text
            .split_once('=')
            .ok_or_else(|| format!("`{text}` has no `=`: write PATH=START:END:STEP, {example}"))?;
        let path = path.trim();
        // The path is checked by the same rules as --set.
        Override::parse(&format!("{path}=0"))?;
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let [start, end, step] = parts[..] else {
            return Err(format!(
                "`{range}` is not START:END:STEP (three numbers separated by colons), {example}"
            ));
        };
        let number = |what: &str, text: &str| {
            exact_decimal(text).map_err(|why| format!("the {what} of `{range}`: {why}"))
        };
        let vary = Vary {
            path: path.to_string(),
            start: number("start", start)?,
            end: number("end", end)?,
            step: number("step", step)?,
        };
        if vary.step <= Decimal::ZERO {
            return Err(format!("the step must be more than 0, found {step}"));
        }
        if vary.end < vary.start {
            return Err(format!(
                "the end ({end}) is below the start ({start}); write the smaller value first"
            ));
        }
        vary.values()?;
        Ok(vary)
    }

    /// START, START + STEP, ... up to END, each computed as START + i × STEP
    /// (no accumulated rounding), with the decimal places of START and STEP.
    pub fn values(&self) -> Result<Vec<Decimal>, String> {
        let scale = self.start.scale().max(self.step.scale());
        let mut values = Vec::new();
        for i in 0u64.. {
            let value = self
                .step
                .checked_mul(Decimal::from(i))
                .and_then(|offset| self.start.checked_add(offset))
                .ok_or_else(|| format!("{} is too large a range", self.path))?;
            if value > self.end {
                break;
            }
            if values.len() == MAX_VALUES {
                return Err(format!(
                    "{}: more than {MAX_VALUES} values from {} to {} in steps of {}; use a larger step",
                    self.path, self.start, self.end, self.step
                ));
            }
            let mut shown = value;
            shown.rescale(scale);
            values.push(shown);
        }
        Ok(values)
    }
}

pub struct SweepOptions {
    pub file: PathBuf,
    pub varies: Vec<Vary>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub table: TableOptions,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

pub fn run(options: SweepOptions) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let file = match input::read(&options.file) {
        Ok(file) => file,
        Err(problem) => return reported(problem),
    };
    let axes: Vec<Vec<Decimal>> = match options.varies.iter().map(Vary::values).collect() {
        Ok(axes) => axes,
        Err(why) => {
            print_error(&why);
            return exit(FAILURE);
        }
    };
    let rows: usize = axes.iter().map(Vec::len).product();
    if rows > MAX_ROWS {
        print_error(&format!(
            "the sweep would have {rows} rows, more than the {MAX_ROWS} allowed; use larger steps"
        ));
        return exit(FAILURE);
    }
    let points = grid(&axes);
    let results: Vec<Result<Entry, FileReport>> = points
        .par_iter()
        .map(|values| {
            let varied: Vec<Varied> = options
                .varies
                .iter()
                .zip(values)
                .map(|(vary, value)| Varied {
                    path: vary.path.clone(),
                    value: *value,
                })
                .collect();
            evaluate_at(&file, &options.overrides, &varied, &adjustments)
        })
        .collect();

    let failed: Vec<(&Vec<Decimal>, &FileReport)> = points
        .iter()
        .zip(&results)
        .filter_map(|(point, result)| result.as_ref().err().map(|report| (point, report)))
        .collect();
    if let Some((_, first)) = failed.first() {
        print_reports(&[(*first).clone()]);
        let values: Vec<String> = failed
            .iter()
            .take(5)
            .map(|(point, _)| describe_point(&options.varies, point))
            .collect();
        let more = if failed.len() > 5 { ", ..." } else { "" };
        print_error(&format!(
            "nothing swept: the scenario has problems at {} of {} ({}{more})",
            failed.len(),
            plural(points.len(), "value"),
            values.join("; ")
        ));
        return exit(FAILURE);
    }
    let entries: Vec<Entry> = results.into_iter().filter_map(Result::ok).collect();
    let export_options = ExportOptions {
        table: options.table,
        adjustment_notes: override_note(&options.overrides)
            .into_iter()
            .chain(adjustments.notes())
            .collect(),
        converted: adjustments.conversion.map(|c| c.target),
    };
    let bytes = export::exporter(options.format, export_options).export(&entries);
    match write_output(options.output.as_deref(), &bytes) {
        Ok(Some(destination)) => {
            print_note(&format!(
                "wrote {} to {}",
                plural(entries.len(), "row"),
                destination.display()
            ));
            exit(SUCCESS)
        }
        Ok(None) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}

/// The metrics of `file` with `overrides` and then the `varied` values set.
pub fn evaluate_at(
    file: &SourceFile,
    overrides: &[Override],
    varied: &[Varied],
    adjustments: &super::Adjustments,
) -> Result<Entry, FileReport> {
    let mut all = overrides.to_vec();
    for varied in varied {
        // Whole numbers are written without a decimal point, so a sweep of a
        // whole-number input such as removals from 0 in steps of 1.0 still reads
        // as whole numbers.
        let literal = varied.value.normalize().to_string();
        let set = Override::vary(&varied.path, &literal).map_err(|why| {
            FileReport::new(
                file.display.clone(),
                file.text.clone(),
                vec![crate::diagnostic::Diagnostic::whole_file(why)],
            )
        })?;
        all.push(set);
    }
    let loaded = input::parse(file.clone(), &all)?;
    let mut entry = evaluate(loaded, adjustments)?;
    entry.varied = varied.to_vec();
    Ok(entry)
}

/// Every combination of one value from each axis, the first axis outermost.
fn grid(axes: &[Vec<Decimal>]) -> Vec<Vec<Decimal>> {
    let mut points: Vec<Vec<Decimal>> = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|point| {
                axis.iter().map(move |value| {
                    let mut next = point.clone();
                    next.push(*value);
                    next
                })
            })
            .collect();
    }
    points
}

fn describe_point(varies: &[Vary], point: &[Decimal]) -> String {
    varies
        .iter()
        .zip(point)
        .map(|(vary, value)| format!("{} = {value}", vary.path))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        Vary::parse(text)
            .unwrap()
            .values()
            .unwrap()
            .iter()
            .map(Decimal::to_string)
            .collect()
    }

    #[test]
    fn tenth_steps_reach_one_exactly() {
        // 0 + 0.1 × i for i = 0..=10: eleven values, the last exactly 1.0 (in
        // binary floating point, adding 0.1 ten times gives 0.9999999999999999).
        assert_eq!(
            values("outcomes.block_probability=0:1:0.1"),
            [
                "0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"
            ]
        );
    }

    #[test]
    fn the_last_value_is_the_last_step_not_past_the_end() {
        // 0, 250, 500; 750 would pass 600.
        assert_eq!(values("outcomes.removals=0:600:250"), ["0", "250", "500"]);
        assert_eq!(values("cost[1].amount=5:5:1"), ["5"]);
    }

    #[test]
    fn grids_put_the_first_axis_outermost() {
        let axes = vec![
            vec![Decimal::from(1), Decimal::from(2)],
            vec![Decimal::from(10), Decimal::from(20)],
        ];
        let points = grid(&axes);
        let as_text: Vec<String> = points
            .iter()
            .map(|p| format!("{},{}", p[0], p[1]))
            .collect();
        assert_eq!(as_text, ["1,10", "1,20", "2,10", "2,20"]);
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        assert!(
            Vary::parse("outcomes.removals")
                .unwrap_err()
                .contains("has no `=`")
        );
        assert!(
            Vary::parse("outcomes.removals=0:10")
                .unwrap_err()
                .contains("START:END:STEP")
        );
        assert!(
            Vary::parse("outcomes.removals=0:10:0")
                .unwrap_err()
                .contains("more than 0")
        );
        assert!(
            Vary::parse("outcomes.removals=10:0:1")
                .unwrap_err()
                .contains("below the start")
        );
        assert!(
            Vary::parse("outcomes.removals=0:1e9:1")
                .unwrap_err()
                .contains("more than 10000 values")
        );
        assert!(Vary::parse("outcomes..removals=0:1:1").is_err());
        assert!(
            Vary::parse("outcomes.removals=a:1:1")
                .unwrap_err()
                .contains("the start of `a:1:1`: `a` is not a number")
        );
    }
}
