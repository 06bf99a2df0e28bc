/*!
Sweeps: the metrics of one scenario at each value of an input, or at each
point of a grid of several (the first `--vary` outermost). The scenario is
read once; each value is set on it by its `PATH` under the rules of a value in
a file, and the metrics are those `compare` computes. Values are exact
decimals, `START + i × STEP`, never accumulated in floating point.

Rows are evaluated one chunk at a time and handed to the caller, so the
command can write them as they come.
*/

use std::borrow::Cow;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::analysis::evaluate::{
    Adjustments, Entry, Unevaluated, Varied, adjusted, metrics_of, metrics_with,
};
use crate::analysis::metrics::Metrics;
use crate::diagnostic::FileReport;
use crate::load::input as input_rules;
use crate::load::number::{Unit, typed};
use crate::load::paths::SourceFile;
use crate::load::{Address, Override};
use crate::model::Scenario;

/// The most values one `--vary` may take.
pub const MAX_VALUES: usize = 10_000;
/// The most rows a sweep may have (a grid multiplies its axes): CSV and JSON
/// are written as they are evaluated, so this bounds time and disk (about half
/// a second and 100–200 MB of CSV a million rows), not memory.
pub const MAX_ROWS: usize = 10_000_000;

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
        let unit = Address::parse(path).map_or(Unit::Plain, |address| address.field.unit());
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let [start, end, step] = parts[..] else {
            return Err(format!(
                "`{range}` is not START:END:STEP (three numbers separated by colons), {example}"
            ));
        };
        let number = |what: &str, text: &str| {
            typed(text, unit).map_err(|why| format!("the {what} of `{range}`: {why}"))
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

/// Rows evaluated together by one thread before they are written.
pub const CHUNK: usize = 2048;

/// The grid of a sweep: every combination of one value from each axis, the
/// first axis outermost, numbered from 0 without being listed.
pub struct Grid {
    pub axes: Vec<Vec<Decimal>>,
    pub rows: usize,
}

impl Grid {
    pub fn new(axes: Vec<Vec<Decimal>>) -> Grid {
        let rows = axes.iter().map(Vec::len).product();
        Grid { axes, rows }
    }

    /// The values of row `row`, into `point` (one per axis).
    pub fn point(&self, mut row: usize, point: &mut [Decimal]) {
        for (axis, value) in self.axes.iter().zip(point.iter_mut()).rev() {
            *value = axis[row % axis.len()];
            row /= axis.len();
        }
    }
}

/// What one sweep needs at each point: the scenario read once, where to set
/// its inputs, and what to do to its money.
pub struct Sweep<'a> {
    pub file: &'a SourceFile,
    pub scenario: &'a Scenario,
    pub addresses: Vec<Address>,
    pub varies: &'a [Vary],
    pub adjustments: &'a Adjustments,
    pub grid: Grid,
    /// Metrics for a row not evaluated yet (each row replaces them).
    pub placeholder: Metrics,
}

impl Sweep<'_> {
    /// The changes of one point, for `metrics_with` and for reports.
    pub fn changes<'s>(&'s self, point: &[Decimal]) -> Vec<(&'s Address, Decimal)> {
        self.addresses.iter().zip(point.iter().copied()).collect()
    }

    /// A row to evaluate into, with its own copy of the scenario.
    pub fn working_entry(&self) -> Entry {
        Entry {
            file: self.file.display.clone(),
            on_disk: self.file.on_disk.clone(),
            scenario: Box::new(self.scenario.clone()),
            metrics: self.placeholder.clone(),
            varied: self
                .varies
                .iter()
                .map(|vary| Varied {
                    path: vary.path.clone(),
                    value: Decimal::ZERO,
                })
                .collect(),
            rates_used: Vec::new(),
        }
    }

    /// The points whose values the scenario cannot hold (or, `evaluated`,
    /// that cannot be evaluated at all), in grid order, with the problems of
    /// the first. The inputs are checked before anything is written, so a
    /// sweep through invalid values writes nothing.
    pub fn failed_points(&self, evaluated: bool) -> (Vec<usize>, Option<FileReport>) {
        let chunks = self.grid.rows.div_ceil(CHUNK);
        let found: Vec<(Vec<usize>, Option<FileReport>)> = (0..chunks)
            .into_par_iter()
            .map(|chunk| {
                let mut scenario = self.scenario.clone();
                let mut point = vec![Decimal::ZERO; self.addresses.len()];
                let mut invalid = Vec::new();
                let mut first = None;
                for row in chunk * CHUNK..((chunk + 1) * CHUNK).min(self.grid.rows) {
                    self.grid.point(row, &mut point);
                    let changes = self.changes(&point);
                    let result = if evaluated {
                        metrics_with(&mut scenario, &changes, self.adjustments).map(drop)
                    } else {
                        input_rules::set_all(&mut scenario, &changes).map_err(Unevaluated::Inputs)
                    };
                    if let Err(problem) = result {
                        invalid.push(row);
                        first.get_or_insert_with(|| problem.report(self.file, "--vary", &changes));
                    }
                }
                (invalid, first)
            })
            .collect();
        let mut first = None;
        let mut invalid = Vec::new();
        for (rows, report) in found {
            invalid.extend(rows);
            if first.is_none() {
                first = report;
            }
        }
        (invalid, first)
    }

    /// Evaluates rows `rows` into `entry` one by one, handing each to `row`.
    pub fn evaluate(
        &self,
        entry: &mut Entry,
        rows: std::ops::Range<usize>,
        mut row: impl FnMut(&Entry),
    ) -> Result<(), (usize, FileReport)> {
        let mut point = vec![Decimal::ZERO; self.addresses.len()];
        for index in rows {
            self.grid.point(index, &mut point);
            let changes = self.changes(&point);
            let failed =
                |problem: Unevaluated| (index, problem.report(self.file, "--vary", &changes));
            input_rules::set_all(&mut entry.scenario, &changes)
                .map_err(|problems| failed(Unevaluated::Inputs(problems)))?;
            for (varied, value) in entry.varied.iter_mut().zip(&point) {
                varied.value = *value;
            }
            if self.adjustments.conversion.is_none() && self.adjustments.discount.is_none() {
                entry.metrics = metrics_of(&entry.scenario)
                    .map_err(|diagnostics| failed(Unevaluated::Money(diagnostics)))?;
                row(entry);
            } else {
                // The row shows the scenario as adjusted (its currency, say).
                let adjusted = adjusted(Cow::Borrowed(&*entry.scenario), self.adjustments)
                    .map_err(|diagnostics| failed(Unevaluated::Money(diagnostics)))?
                    .into_owned();
                let metrics = metrics_of(&adjusted)
                    .map_err(|diagnostics| failed(Unevaluated::Money(diagnostics)))?;
                let mut shown = Entry {
                    scenario: Box::new(adjusted),
                    metrics,
                    ..entry.clone()
                };
                shown.varied.clone_from(&entry.varied);
                row(&shown);
            }
        }
        Ok(())
    }

    /// The values of row `row`, as `PATH = VALUE, ...`.
    pub fn describe(&self, row: usize) -> String {
        let mut point = vec![Decimal::ZERO; self.addresses.len()];
        self.grid.point(row, &mut point);
        describe_point(self.varies, &point)
    }
}

/// `PATH = VALUE, ...` for one point of the grid.
pub fn describe_point(varies: &[Vary], point: &[Decimal]) -> String {
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
        let grid = Grid::new(vec![
            vec![Decimal::from(1), Decimal::from(2)],
            vec![Decimal::from(10), Decimal::from(20)],
        ]);
        let mut point = [Decimal::ZERO; 2];
        let as_text: Vec<String> = (0..grid.rows)
            .map(|row| {
                grid.point(row, &mut point);
                format!("{},{}", point[0], point[1])
            })
            .collect();
        assert_eq!(as_text, ["1,10", "1,20", "2,10", "2,20"]);
    }
}
