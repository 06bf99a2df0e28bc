/*!
`costcalc breakeven`: the switching value of one input, the value at which a
metric reaches a target (`--vary outcomes.removals --target
cost_per_removal=106000`). The solving is in [`crate::analysis::breakeven`]; this command
reads the scenario once, sets each value it tries on a copy of it (held to the
rules of a value written in the file, see [`crate::load::input`]), and
prints the answer with how it was found.
*/

use crate::analysis::evaluate::{evaluate, metrics_with};
use crate::money::rounding::round_half_away;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;

use super::{
    FAILURE, MoneyOptions, SUCCESS, exit, print_error, print_reports, reported, write_output,
};
use crate::analysis::breakeven::{Domain, Metric, Solution, SolveError, solve};
use crate::diagnostic::{FileReport, closest};
use crate::load::number::{Unit, typed};
use crate::load::paths;
use crate::load::{Address, Override};
use crate::money::rounding::grouped;
use crate::render::export::human::wrap;
use crate::render::export::number::human_money_exact;
use std::cell::RefCell;

/// `--target METRIC=VALUE`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub metric: Metric,
    pub value: Decimal,
}

impl Target {
    /// Parses `METRIC=VALUE`; shares may be written as fractions or percentages.
    pub fn parse(text: &str) -> Result<Target, String> {
        let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
        let (name, value) = text.split_once('=').ok_or_else(|| {
            format!(
                "`{text}` has no `=`: write METRIC=VALUE, such as cost_per_removal=106000 \
                 (METRIC is one of {})",
                names.join(", ")
            )
        })?;
        let name = name.trim();
        let metric = Metric::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| match closest(name, names.iter().copied()) {
                Some(near) => format!("unknown metric `{name}`: did you mean `{near}`?"),
                None => format!("unknown metric `{name}`: use one of {}", names.join(", ")),
            })?;
        // Shares and ratios may be written as percentages; money and counts not.
        let unit = match metric {
            Metric::Utilization | Metric::BlockRate | Metric::CostRatioToBaseline => Unit::Share,
            _ => Unit::Plain,
        };
        let value = typed(value, unit).map_err(|why| format!("the target of {name}: {why}"))?;
        Ok(Target { metric, value })
    }
}

pub struct BreakevenOptions {
    pub file: PathBuf,
    pub vary: String,
    pub target: Target,
    pub output: Option<PathBuf>,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

pub fn run(options: BreakevenOptions) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let file = match paths::read(&options.file) {
        Ok(file) => file,
        Err(problem) => return reported(problem),
    };
    // Read, extended and `--set` once; each value tried is set on a copy.
    let loaded = match super::parsed(file.clone(), &options.overrides) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let original = loaded.scenario.clone();
    let address = match Address::parse(&options.vary).and_then(|address| {
        address.locate(&original)?;
        Ok(address)
    }) {
        Ok(address) => address,
        Err(problem) => {
            return reported(super::vary_problem(&file, options.vary.trim(), problem));
        }
    };
    let now = match evaluate(loaded, &adjustments) {
        Ok(entry) => entry,
        Err(problem) => return reported(problem),
    };
    let Target { metric, value } = options.target;
    let domain = Domain::of(&options.vary);
    let working = RefCell::new((*original).clone());
    let evaluate = |x: Decimal| -> Result<Option<(Decimal, Decimal)>, FileReport> {
        let changes = [(&address, x)];
        match metrics_with(&mut working.borrow_mut(), &changes, &adjustments) {
            Ok(metrics) => Ok(metric.parts(&metrics)),
            Err(problem) => Err(problem.report(&file, "--vary", &changes)),
        }
    };
    let solution = match solve(metric, value, domain, evaluate) {
        Ok(solution) => solution,
        Err(SolveError::Evaluate(problem)) => {
            print_reports(&[problem]);
            print_error(&format!(
                "cannot vary {}: the scenario is not valid at the values tried",
                options.vary
            ));
            return exit(FAILURE);
        }
        Err(SolveError::Undefined(x)) => {
            print_error(&format!(
                "{} is not defined for this scenario (at {} = {}), so it has no break-even",
                metric.name(),
                options.vary,
                x.normalize()
            ));
            return exit(FAILURE);
        }
        Err(SolveError::Overflow) => {
            // The usual cause is a target with many decimal places: its digits
            // and the scenario's together exceed what a decimal holds. Find
            // how many places do fit here, so the message can say.
            let fits = (0..value.scale()).rev().find(|&places| {
                let rounded = round_half_away(value, places);
                !matches!(
                    solve(metric, rounded, domain, evaluate),
                    Err(SolveError::Overflow)
                )
            });
            print_error(&overflow_message(value, fits));
            return exit(FAILURE);
        }
    };

    let currency = now.scenario.currency.clone();
    let show_metric = |v: Decimal| {
        if metric.is_money() {
            human_money_exact(&currency, round_half_away(v, 2))
        } else {
            let v = round_half_away(v, 6).normalize();
            grouped(v, v.scale())
        }
    };
    let metric_at = |x: Decimal| -> String {
        match evaluate(x).ok().flatten() {
            Some((n, d)) => n.checked_div(d).map_or("n/a".into(), show_metric),
            _ => "n/a".into(),
        }
    };
    let goal = format!("{} = {}", metric.name(), show_metric(value));
    let comparison = if metric.lower_is_better() {
        "≤"
    } else {
        "≥"
    };
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", now.scenario.name, now.file);
    let _ = writeln!(
        out,
        "  now (as in the file{}): {} = {}",
        if options.overrides.is_empty() {
            ""
        } else {
            ", with --set"
        },
        metric.name(),
        metric
            .parts(&now.metrics)
            .and_then(|(n, d)| n.checked_div(d))
            .map_or("n/a".into(), show_metric)
    );
    // With a conversion the metric is in the target currency, but the input
    // is set as in the file: say so, so the answer is read in the right units.
    if let Some(conversion) = &adjustments.conversion {
        let own = &original;
        let _ = writeln!(
            out,
            "  note: {} is set in the file's own terms ({}{}); {} is in {} at {} prices",
            options.vary,
            own.currency,
            own.price_year
                .map_or(String::new(), |y| format!(" at {y} prices")),
            metric.name(),
            conversion
                .target
                .currency
                .as_deref()
                .unwrap_or(&own.currency),
            conversion.target.price_year
        );
    }
    match &solution {
        Solution::Exact { crossing, whole } => {
            let exact = match (crossing.rounded, crossing.fraction) {
                (false, _) => "exactly".to_string(),
                (true, Some((n, d))) => format!("rounded; exactly {n}/{d}"),
                (true, None) => "rounded to 28 significant digits".to_string(),
            };
            let shown = if crossing.rounded {
                round_half_away(crossing.value, 6).normalize()
            } else {
                crossing.value.normalize()
            };
            let _ = writeln!(
                out,
                "  {goal} at {} = {} ({exact})",
                options.vary,
                grouped(shown, shown.scale())
            );
            whole_line(
                &mut out,
                *whole,
                crossing.value,
                &options.vary,
                &metric_at,
                metric,
                comparison,
                &goal,
            );
            let _ = writeln!(
                out,
                "  method: solved exactly; {} is a ratio of terms linear in {}",
                metric.name(),
                options.vary
            );
        }
        Solution::Numerical {
            crossing,
            tolerance,
            whole,
        } => {
            let shown = round_half_away(*crossing, 9).normalize();
            let _ = writeln!(
                out,
                "  {goal} at {} ≈ {} (bisection to within {} of where the metric, as computed, crosses it)",
                options.vary,
                grouped(shown, shown.scale()),
                tolerance.normalize()
            );
            whole_line(
                &mut out,
                *whole,
                *crossing,
                &options.vary,
                &metric_at,
                metric,
                comparison,
                &goal,
            );
            let _ = writeln!(
                out,
                "  method: bisection, because {} is not a ratio of terms linear in {} here",
                metric.name(),
                options.vary
            );
        }
        Solution::Never(why) => {
            let _ = writeln!(
                out,
                "  never: no value of {} ({}) gives {goal}; {why}",
                options.vary,
                domain.describe()
            );
            // The metric at the ends of the range shows how far off the target is.
            let ends: Vec<String> = [Some(domain.min), domain.max]
                .into_iter()
                .flatten()
                .filter(|x| domain.contains(*x))
                .map(|x| format!("at {} = {}: {}", options.vary, x, metric_at(x)))
                .collect();
            if !ends.is_empty() {
                let _ = writeln!(out, "  {}", ends.join("; "));
            }
        }
        Solution::Always => {
            let _ = writeln!(
                out,
                "  always: {goal} whatever the value of {}",
                options.vary
            );
        }
    }
    // Each line wrapped to 100 columns, continuing under its text.
    let mut wrapped = String::new();
    for line in out.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        wrap(&mut wrapped, line.trim_start(), indent, 100);
    }
    match write_output(options.output.as_deref(), wrapped.as_bytes()) {
        Ok(_) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}

/// For whole-number inputs: the nearest whole number that meets the target,
/// and on which side of it the others that meet it lie.
#[allow(clippy::too_many_arguments)]
fn whole_line(
    out: &mut String,
    whole: Option<Decimal>,
    crossing: Decimal,
    path: &str,
    metric_at: &dyn Fn(Decimal) -> String,
    metric: Metric,
    comparison: &str,
    goal: &str,
) {
    let Some(whole) = whole else {
        return;
    };
    let goal_value = goal.split(" = ").nth(1).unwrap_or("");
    // The metric moves one way through the crossing, so every whole number on
    // the same side meets the target too.
    let side = if whole > crossing {
        "; every larger value meets it too"
    } else if whole < crossing {
        "; every smaller value meets it too"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  nearest whole number that meets the target ({} {comparison} {goal_value}): {path} = {} \
         (where {} = {}{side})",
        metric.name(),
        grouped(whole, 0),
        metric.name(),
        metric_at(whole)
    );
}

/// Why a break-even cannot be computed exactly: the target's decimal places
/// when fewer of them (`fits`) would do, otherwise the size of the numbers.
fn overflow_message(target: Decimal, fits: Option<u32>) -> String {
    match fits {
        Some(places) => format!(
            "the break-even cannot be computed exactly: the target {target} has {} decimal \
             places, and with this scenario's figures that needs more digits than an exact \
             decimal holds (28 significant digits); give the target with at most {} (such as \
             {})",
            target.scale(),
            places,
            round_half_away(target, places).normalize()
        ),
        None => "the break-even cannot be computed exactly: the scenario's figures and the \
                 target together need more digits than an exact decimal holds (28 significant \
                 digits, values up to 79,228,162,514,264,337,593,543,950,335)"
            .into(),
    }
}
