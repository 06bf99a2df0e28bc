/*!
Evaluating a scenario: its money converted and discounted as asked, then its
metrics, as one [`Entry`], the evaluated scenario every command and output
works on. Problems come back as diagnostics (or [`Unevaluated`]), never
printed.
*/

use std::borrow::Cow;

use rayon::prelude::*;

use rust_decimal::Decimal;

use crate::analysis::metrics::{self, Metrics};
use crate::diagnostic::{Diagnostic, FileReport, RelatedText, TextKind};
use crate::load::Address;
use crate::load::input as inputs;
use crate::load::paths::{self, Loaded, OnDisk};
use crate::model::Scenario;
use crate::money::convert::{self, Target};
use crate::money::discount::{self, Discount};
use crate::money::rates::Rates;

/// One compared scenario: what was read, and its metrics.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file as the user named it (or `builtin:NAME`).
    pub file: String,
    /// The scenario file, when it is one on disk: output is never written over it.
    pub on_disk: Option<OnDisk>,
    pub scenario: Box<Scenario>,
    pub metrics: Metrics,
    /// The inputs `sweep` set for this row, in the order of its `--vary`s;
    /// shown before the metric columns. Empty for `compare`.
    pub varied: Vec<Varied>,
    /// The exchange rates and price indices its conversion used (see
    /// [`convert::RateUsed`]), for a report to cite; empty when nothing was
    /// converted (and in `sweep`'s rows, which cite none).
    pub rates_used: Vec<convert::RateUsed>,
}

/// One input of a sweep and its value in a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Varied {
    /// As the user wrote it: `outcomes.removals`, `cost[1].amount`.
    pub path: String,
    /// With as many decimal places as the sweep's start and step.
    pub value: rust_decimal::Decimal,
}

/// What to do to a scenario's money before its metrics are computed: move it
/// to one currency and price year, then discount it to present values.
#[derive(Default)]
pub struct Adjustments {
    pub conversion: Option<Conversion>,
    pub discount: Option<Discount>,
}

/// Where to move amounts, and the table to do it with.
pub struct Conversion {
    pub target: Target,
    pub rates: Rates,
}

/// Converts and discounts a loaded scenario when asked, and computes its
/// metrics. A scenario that cannot be converted or discounted, or whose
/// arithmetic overflows, becomes a report rather than a wrong or missing number.
pub fn evaluate(loaded: Loaded, adjustments: &Adjustments) -> Result<Entry, FileReport> {
    evaluate_converting(loaded, adjustments)?.map_err(|unconverted| unconverted.report)
}

/// A scenario that the conversion asked for cannot be done on (a rate or
/// price index the table lacks, an amount without a price year), while the
/// file itself is sound: `compare` can show the others and list it.
#[derive(Debug)]
pub struct Unconverted {
    /// The file as the user named it.
    pub file: String,
    /// What tables call the scenario.
    pub label: String,
    /// Why, with how to fix it.
    pub report: FileReport,
}

impl Unconverted {
    /// The reasons in one line, for a report or a chart's note, where the
    /// file's full diagnostics (printed on stderr) do not fit.
    pub fn reason(&self) -> String {
        let reasons: Vec<String> = self
            .report
            .diagnostics
            .iter()
            .map(|d| match &d.help {
                Some(help) => format!("{} ({help})", d.message),
                None => d.message.clone(),
            })
            .collect();
        reasons.join("; ")
    }
}

/// Why `scenario`, read from `file`, cannot be converted as `adjustments`
/// ask, or `None` when it can: the check [`evaluate_converting`] makes, for
/// the commands that compile a scenario for sampling instead of evaluating it
/// (`simulate`, `voi`), so that they leave a deal out in the same words.
pub fn unconverted(
    file: &paths::SourceFile,
    scenario: &Scenario,
    adjustments: &Adjustments,
) -> Option<Unconverted> {
    let conversion = adjustments.conversion.as_ref()?;
    let errors =
        convert::convert_scenario(scenario, &conversion.target, &conversion.rates).err()?;
    Some(Unconverted {
        file: file.display.clone(),
        label: scenario.label().to_string(),
        report: FileReport::new(
            file.display.clone(),
            file.text.clone(),
            explain(&errors, |e| e.help()),
        ),
    })
}

/// [`evaluate`], telling a scenario that cannot be converted (the inner
/// error) from one with another problem (the outer).
pub fn evaluate_converting(
    Loaded { file, scenario, .. }: Loaded,
    adjustments: &Adjustments,
) -> Result<Result<Entry, Unconverted>, FileReport> {
    let report = |diagnostics: Vec<Diagnostic>| {
        FileReport::new(file.display.clone(), file.text.clone(), diagnostics)
    };
    let label = scenario.label().to_string();
    // An owned scenario comes back owned: `into_owned` moves it.
    let (scenario, rates_used) = match adjusted_citing(Cow::Owned(*scenario), adjustments) {
        Ok(adjusted) => adjusted,
        Err(NotAdjusted::Conversion(diagnostics)) => {
            return Ok(Err(Unconverted {
                file: file.display.clone(),
                label,
                report: report(diagnostics),
            }));
        }
        Err(NotAdjusted::Discount(diagnostics)) => return Err(report(diagnostics)),
    };
    let scenario = Box::new(scenario.into_owned());
    let metrics = metrics_of(&scenario).map_err(report)?;
    Ok(Ok(Entry {
        file: file.display,
        on_disk: file.on_disk,
        scenario,
        metrics,
        varied: Vec::new(),
        rates_used,
    }))
}

/// `scenario` in the currency and with the discounting asked for (itself
/// when neither is): borrowed, so `tornado` can try one value after another
/// on one scenario without copying it when there is nothing to adjust.
pub fn adjusted<'s>(
    scenario: Cow<'s, Scenario>,
    adjustments: &Adjustments,
) -> Result<Cow<'s, Scenario>, Vec<Diagnostic>> {
    adjusted_citing(scenario, adjustments)
        .map(|(scenario, _)| scenario)
        .map_err(|(NotAdjusted::Conversion(d) | NotAdjusted::Discount(d))| d)
}

/// Why a scenario's money could not be adjusted: which step failed, and how.
enum NotAdjusted {
    Conversion(Vec<Diagnostic>),
    Discount(Vec<Diagnostic>),
}

/// [`adjusted`], and the rates table's values its conversion used.
fn adjusted_citing<'s>(
    scenario: Cow<'s, Scenario>,
    adjustments: &Adjustments,
) -> Result<(Cow<'s, Scenario>, Vec<convert::RateUsed>), NotAdjusted> {
    let (scenario, rates_used) = match &adjustments.conversion {
        None => (scenario, Vec::new()),
        Some(conversion) => {
            match convert::convert_scenario(&scenario, &conversion.target, &conversion.rates) {
                Ok(converted) => (Cow::Owned(converted.scenario), converted.rates_used),
                Err(errors) => {
                    return Err(NotAdjusted::Conversion(explain(&errors, |e| e.help())));
                }
            }
        }
    };
    match &adjustments.discount {
        None => Ok((scenario, rates_used)),
        Some(discount) => match discount::discount_scenario(&scenario, discount) {
            Ok(discounted) => Ok((Cow::Owned(discounted), rates_used)),
            Err(errors) => Err(NotAdjusted::Discount(explain(&errors, |e| e.help()))),
        },
    }
}

/// Why a scenario could not be evaluated with some inputs changed: a value
/// it cannot hold, or a problem with its money (overflow, a missing rate).
#[derive(Debug)]
pub enum Unevaluated {
    Inputs(Vec<inputs::Problem>),
    Money(Vec<Diagnostic>),
}

/// The metrics of `scenario` with `changes` set on it (the scenario keeps
/// them), converted and discounted as asked: what `sweep`, `breakeven` and
/// `tornado` compute at each value they try, without reading text again.
pub fn metrics_with(
    scenario: &mut Scenario,
    changes: &[(&Address, Decimal)],
    adjustments: &Adjustments,
) -> Result<metrics::Metrics, Unevaluated> {
    inputs::set_all(scenario, changes).map_err(Unevaluated::Inputs)?;
    let adjusted = adjusted(Cow::Borrowed(scenario), adjustments).map_err(Unevaluated::Money)?;
    metrics_of(&adjusted).map_err(Unevaluated::Money)
}

impl Unevaluated {
    /// The problems as a report on `file`, each input problem pointing into
    /// the `flag PATH=VALUE` argument that gave the value.
    pub fn report(
        self,
        file: &paths::SourceFile,
        flag: &'static str,
        changes: &[(&Address, Decimal)],
    ) -> FileReport {
        let mut report = FileReport::new(file.display.clone(), file.text.clone(), Vec::new());
        match self {
            Unevaluated::Money(diagnostics) => report.diagnostics = diagnostics,
            Unevaluated::Inputs(problems) => {
                for (address, value) in changes {
                    let argument = format!("{}={}", address.path, inputs::as_written(*value));
                    report.related.push(RelatedText {
                        name: argument.clone(),
                        text: argument,
                        kind: TextKind::Argument(flag),
                    });
                }
                report.diagnostics = problems
                    .into_iter()
                    .map(|problem| {
                        let argument = &report.related[problem.change].text;
                        problem.diagnostic(argument)
                    })
                    .collect();
            }
        }
        report
    }
}

/// Every metric of an (adjusted) scenario, or why it cannot be computed.
pub fn metrics_of(scenario: &Scenario) -> Result<metrics::Metrics, Vec<Diagnostic>> {
    metrics::compute(scenario).map_err(|overflow| {
        vec![
            Diagnostic::whole_file(overflow.to_string())
                .with_help("check the amounts and counts for a typo, such as extra digits"),
        ]
    })
}

/// Problems that concern a scenario as a whole, each with how to fix it.
fn explain<E: std::fmt::Display>(errors: &[E], help: impl Fn(&E) -> String) -> Vec<Diagnostic> {
    errors
        .iter()
        .map(|e| Diagnostic::whole_file(e.to_string()).with_help(help(e)))
        .collect()
}

/// The years whose prices a scenario's costs are in (its `price_year` and
/// any cost line's own), sorted, each once. Two scenarios whose costs differ
/// in these hold money of different worth: their costs cannot be subtracted
/// or ranked (`frontier`, `voi`) until `--price-year` puts them in one year's.
pub fn cost_price_years(scenario: &Scenario) -> Vec<u16> {
    let mut years: Vec<u16> = scenario
        .price_year
        .into_iter()
        .chain(scenario.costs.iter().filter_map(|line| line.price_year))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The currencies of the entries, sorted, each once. Owned, so that a command
/// can work them out once and still reorder the entries.
pub fn currencies(entries: &[Entry]) -> Vec<String> {
    // A handful of currencies among thousands of entries: a short list beats
    // sorting every entry's code. Each code is two pointers away from its
    // entry, a cache miss or two each, so the entries are scanned in parallel.
    fn add<'a>(mut list: Vec<&'a str>, code: &'a str) -> Vec<&'a str> {
        if !list.contains(&code) {
            list.push(code);
        }
        list
    }
    let mut currencies: Vec<&str> = entries
        .par_iter()
        .with_min_len(1024)
        .fold(Vec::new, |list, entry| add(list, &entry.scenario.currency))
        .reduce(Vec::new, |list, other| other.into_iter().fold(list, add));
    currencies.sort_unstable();
    currencies.into_iter().map(String::from).collect()
}
