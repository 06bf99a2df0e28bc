/*!
One-way sensitivity (`costcalc tornado`). Each input is set to its low and
then its high value, the others staying at their base case, and the metric is
computed exactly as `compare` does; inputs are sorted by how far that moves
the metric (the swing).

The low and high values are each uncertain input's 5th and 95th percentile
(the others at their means), or, with a range (`--range 20%`), every numeric
input of the scenario ([`ranged_inputs`]) at its value ± that share, whether
or not it has a distribution (an uncertain one at its mean ± the share), so
that every bar moves its input by the same share.

A bar whose metric is undefined at one end but not at the base case (cost
per removal with no removals), or the other way round, or whose metric has a
different sign at an end than at the base case, is flagged ([`Flag`]): its
"swing" is not a width, and it is listed after the others rather than drawn.
*/

use std::fmt;

use rust_decimal::Decimal;

use crate::analysis::breakeven::{Domain, Metric};
use crate::analysis::evaluate::{Adjustments, Entry, Unevaluated, evaluate, metrics_with};
use crate::analysis::metrics::{self, Metrics, Totals};
use crate::diagnostic::FileReport;
use crate::load::input as input_rules;
use crate::load::paths;
use crate::load::{Address, Field};
use crate::model::{Basis, Scenario};
use crate::money::rounding::{SAMPLED_DIGITS, significant_to};

/// One bar of the tornado.
pub struct Bar {
    pub path: String,
    /// The input's distribution, or with a range its value ("700_000_000").
    pub distribution: String,
    pub low: Decimal,
    pub high: Decimal,
    pub at_low: Option<Decimal>,
    pub at_high: Option<Decimal>,
    pub flag: Option<Flag>,
}

/// Why a bar is not drawn as a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// The metric is defined at the base case and not at an end, or the
    /// other way round (cost per removal with no removals).
    Undefined,
    /// The metric's sign at an end differs from the base case's.
    SignChange,
}

impl Flag {
    /// As in the `flag` column of CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Undefined => "undefined",
            Flag::SignChange => "sign_change",
        }
    }

    /// For the table and chart.
    pub fn words(self) -> &'static str {
        match self {
            Flag::Undefined => "flagged: the metric is undefined at one end",
            Flag::SignChange => "flagged: the metric changes sign",
        }
    }

    /// The flag of a bar with the metric `at_low` and `at_high`, against `base`.
    pub fn of(
        base: Option<Decimal>,
        at_low: Option<Decimal>,
        at_high: Option<Decimal>,
    ) -> Option<Flag> {
        let ends = [at_low, at_high];
        if ends.iter().any(|end| end.is_some() != base.is_some()) {
            return Some(Flag::Undefined);
        }
        let sign = |v: Decimal| v.cmp(&Decimal::ZERO);
        let base = base?;
        ends.iter()
            .flatten()
            .any(|end| sign(*end) != sign(base))
            .then_some(Flag::SignChange)
    }
}

/// A tornado's bars (widest swing first) and what they are measured against.
pub struct Tornado {
    pub base: Entry,
    pub base_value: Option<Decimal>,
    pub bars: Vec<Bar>,
    /// The share each input was moved by (`--range`); `None` for p5 and p95.
    pub range: Option<Decimal>,
    /// When moving `removals` down capped `voluntary_departures` at it: the
    /// voluntary departures as given and the removals they were capped at.
    pub departures_capped: Option<(u64, u64)>,
}

impl Bar {
    /// How far the metric moves from one end to the other; `None` for a
    /// flagged bar, which has no meaningful width.
    pub fn swing(&self) -> Option<Decimal> {
        if self.flag.is_some() {
            return None;
        }
        Some((self.at_high? - self.at_low?).abs())
    }
}

/// One input to move: where, what it is, and its two ends.
struct Move {
    path: String,
    address: Address,
    description: String,
    low: Decimal,
    high: Decimal,
}

/// With `--range`: the inputs a ranged tornado moves, of the scenario as
/// read (`scenario`, with each uncertain input at its mean): every amount
/// (`cost[N].amount`), every written number of years (the deal's `years`,
/// `cost[N].years`), the outcomes (`removals`, `planned`,
/// `block_probability`, `attempted`, `blocked`) and
/// `baseline.cost_per_person`, each at value × (1 − share) and × (1 + share).
/// Calendar years (`price_year`, `year`, `start_year`), dates and the
/// counts no metric uses (`legal[N].people`, `voluntary_departures`,
/// `offshore_transfers`: a bar of zero width) are not moved. Counts are rounded
/// half away from zero to whole numbers (4 ± 20% → 3 and 5); a probability
/// stays within 0 to 1; `blocked` stays at most `attempted` and `attempted`
/// at least `blocked`, as the file's rules require.
pub fn ranged_inputs(
    scenario: &Scenario,
    share: Decimal,
) -> Result<Vec<(String, Decimal, Decimal, Decimal)>, String> {
    let mut values: Vec<(String, Decimal)> = Vec::new();
    if let Some(years) = scenario.years {
        values.push(("years".into(), years));
    }
    for (i, line) in scenario.costs.iter().enumerate() {
        values.push((format!("cost[{}].amount", i + 1), line.amount));
        if let Some(years) = line.years {
            values.push((format!("cost[{}].years", i + 1), years));
        }
    }
    let o = &scenario.outcomes;
    let counts = [
        ("outcomes.removals", o.removals),
        ("outcomes.planned", o.planned),
    ];
    for (path, value) in counts {
        if let Some(value) = value {
            values.push((path.into(), Decimal::from(value)));
        }
    }
    if let Some(p) = o.block_probability {
        values.push(("outcomes.block_probability".into(), p));
    }
    for (path, value) in [
        ("outcomes.attempted", o.attempted),
        ("outcomes.blocked", o.blocked),
    ] {
        if let Some(value) = value {
            values.push((path.into(), Decimal::from(value)));
        }
    }
    if let Some(baseline) = &scenario.baseline {
        values.push(("baseline.cost_per_person".into(), baseline.cost_per_person));
    }
    let too_large = |path: &str| format!("{path} × (1 + {share}) is too large to compute exactly");
    let mut moves = Vec::new();
    for (path, value) in values {
        let domain = Domain::of(&path);
        let scale = |factor: Decimal| -> Result<Decimal, String> {
            let moved = value.checked_mul(factor).ok_or_else(|| too_large(&path))?;
            let moved = if domain.whole {
                crate::money::rounding::round_half_away(moved, 0)
            } else {
                moved
            };
            // A count beyond a whole number's range would be refused as if
            // the user had typed it, in the words of a `--vary` never given.
            if domain.whole && moved > Decimal::from(u64::MAX) {
                return Err(format!(
                    "{path} × (1 + {share}) is {moved}, above the largest whole number \
                     costcalc accepts ({}): use a smaller --range",
                    u64::MAX
                ));
            }
            Ok(match domain.max {
                Some(max) => moved.clamp(Decimal::ZERO, max),
                None => moved.max(Decimal::ZERO),
            }
            .normalize())
        };
        let mut low = scale(Decimal::ONE - share)?;
        let mut high = scale(Decimal::ONE + share)?;
        let bound = |count: Option<u64>| count.map(Decimal::from);
        if path == "outcomes.blocked"
            && let Some(attempted) = bound(o.attempted)
        {
            high = high.min(attempted);
            low = low.min(attempted);
        }
        if path == "outcomes.attempted"
            && let Some(blocked) = bound(o.blocked)
        {
            low = low.max(blocked);
        }
        moves.push((path, value, low, high));
    }
    Ok(moves)
}

/// The tornado of `file`'s scenario, `loaded` from it with any `--set`
/// applied, for `metric`, with the money adjusted as asked.
pub fn compute(
    file: &paths::SourceFile,
    loaded: paths::Loaded,
    metric: Metric,
    adjustments: &Adjustments,
    range: Option<Decimal>,
) -> Result<Tornado, TornadoError> {
    // The scenario as read, to try each input's ends on, one input at a
    // time. Its distributions are left out: the bars hold them, and a value
    // set in their place need not look for its own among them.
    let original = loaded.scenario.clone();
    let mut scenario = (*loaded.scenario).clone();
    scenario.uncertain = Vec::new();
    let base = evaluate(loaded, adjustments).map_err(TornadoError::Problems)?;
    let moves = match range {
        Some(share) => ranged_inputs(&original, share)
            .map_err(|why| TornadoError::BeyondRange {
                file: file.display.clone(),
                why,
            })?
            .into_iter()
            .filter_map(|(path, value, low, high)| {
                Some(Move {
                    address: Address::parse(&path).ok()?,
                    description: format!(
                        "{}{} ± {}%",
                        crate::money::rounding::grouped(value, value.scale()),
                        if original.uncertain.iter().any(|u| u.path == path) {
                            " (its mean)"
                        } else {
                            ""
                        },
                        (share * Decimal::ONE_HUNDRED).normalize()
                    ),
                    path,
                    low,
                    high,
                })
            })
            .collect(),
        None => percentile_moves(file, &base)?,
    };
    if moves.is_empty() {
        return Err(TornadoError::NoUncertainInputs {
            file: file.display.clone(),
        });
    }
    let value_of = |metrics: &crate::analysis::metrics::Metrics| {
        metric.parts(metrics).and_then(|(n, d)| n.checked_div(d))
    };
    let base_value = value_of(&base.metrics);
    // Only for the scenario as written: converting or discounting is done on
    // the whole scenario for each try.
    let sums = (adjustments.conversion.is_none() && adjustments.discount.is_none())
        .then(|| LineSums::of(&scenario))
        .flatten();
    let mut bars = Vec::new();
    let mut departures_capped = None;
    for Move {
        path,
        address,
        description,
        low,
        high,
    } in moves
    {
        let mut at = |value: Decimal| -> Result<Option<Decimal>, TornadoError> {
            let metrics = metrics_at(&mut scenario, sums.as_ref(), &address, value, adjustments);
            let o = &scenario.outcomes;
            if let (Some(from), Some(to)) =
                (o.voluntary_departures_capped_from, o.voluntary_departures)
                && o.voluntary_departures != original.outcomes.voluntary_departures
            {
                departures_capped = Some((from, to));
            }
            // The file's value back, for the next input.
            input_rules::restore(&mut scenario, &original, address.field);
            match metrics {
                Ok(metrics) => Ok(value_of(&metrics)),
                // An end that --range made, not a value the user gave: say
                // which, rather than point at a `--vary` never typed.
                Err(crate::analysis::evaluate::Unevaluated::Money(diagnostics))
                    if let Some(share) = range =>
                {
                    let why: Vec<String> = diagnostics.into_iter().map(|d| d.message).collect();
                    Err(TornadoError::BeyondRange {
                        file: file.display.clone(),
                        why: format!(
                            "with {path} at {} (an end of --range {}%): {}; use a smaller --range",
                            crate::money::rounding::grouped(value, value.scale()),
                            (share * Decimal::ONE_HUNDRED).normalize(),
                            why.join("; ")
                        ),
                    })
                }
                Err(problem) => Err(TornadoError::Problems(problem.report(
                    file,
                    "--vary",
                    &[(&address, value)],
                ))),
            }
        };
        let (at_low, at_high) = (at(low)?, at(high)?);
        bars.push(Bar {
            path,
            distribution: description,
            low,
            high,
            at_low,
            at_high,
            flag: Flag::of(base_value, at_low, at_high),
        });
    }
    // Widest swing first; flagged and n/a last; ties by path.
    bars.sort_by(|a, b| match (a.swing(), b.swing()) {
        (Some(x), Some(y)) => y.cmp(&x).then(a.path.cmp(&b.path)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.path.cmp(&b.path),
    });
    Ok(Tornado {
        base,
        base_value,
        bars,
        range,
        departures_capped,
    })
}

/// Each uncertain input of `base` at its 5th and 95th percentile.
fn percentile_moves(file: &paths::SourceFile, base: &Entry) -> Result<Vec<Move>, TornadoError> {
    let mut moves = Vec::new();
    for uncertain in &base.scenario.uncertain {
        let domain = Domain::of(&uncertain.path);
        let point = |p: f64| -> Result<Decimal, TornadoError> {
            let quantile = uncertain.distribution.quantile(p);
            // Computed in floating point: its 10 significant digits, not its noise.
            let decimals = if domain.whole { 0 } else { 6 };
            let Ok(value) = significant_to(quantile, SAMPLED_DIGITS, decimals) else {
                return Err(TornadoError::BeyondExact {
                    file: file.display.clone(),
                    percentile: (p * 100.0).round(),
                    quantile,
                    path: uncertain.path.clone(),
                });
            };
            Ok(value)
        };
        moves.push(Move {
            path: uncertain.path.clone(),
            address: Address::of_input(&uncertain.path, uncertain.input),
            description: uncertain.describe(),
            low: point(0.05)?,
            high: point(0.95)?,
        });
    }
    Ok(moves)
}

/// The metrics with one input set to `value`: for a cost line's `amount`
/// or `years`, from the kept `sums` with that line's term swapped, when
/// there are sums (as written, neither converted nor discounted) and they
/// can take it; otherwise from the whole scenario (which a tornado of N
/// cost lines would add up N times, N² additions).
fn metrics_at(
    scenario: &mut Scenario,
    sums: Option<&LineSums>,
    address: &Address,
    value: Decimal,
    adjustments: &Adjustments,
) -> Result<Metrics, Unevaluated> {
    let line = match address.field {
        Field::CostAmount(i) | Field::CostYears(i) => Some(i),
        _ => None,
    };
    if let (Some(sums), Some(line)) = (sums, line) {
        input_rules::set(scenario, address, value).map_err(Unevaluated::Inputs)?;
        if let Some(metrics) = sums.with_line_changed(scenario, line) {
            return Ok(metrics);
        }
    }
    metrics_with(scenario, &[(address, value)], adjustments)
}

/// The sums the metrics add up over the cost lines, kept per line so that
/// the metrics with one line changed take a subtraction and an addition
/// rather than a pass over every line (N lines would make N² additions).
struct LineSums {
    totals: Totals,
    fixed: Sum,
    per_removal: Sum,
}

impl LineSums {
    /// `None` when the scenario's metrics cannot be computed (the slower
    /// paths then report why).
    fn of(scenario: &Scenario) -> Option<LineSums> {
        let totals = metrics::totals(scenario).ok()?;
        let mut fixed = Vec::with_capacity(scenario.costs.len());
        let mut per_removal = Vec::with_capacity(scenario.costs.len());
        for line in &scenario.costs {
            if line.basis == Basis::PerRemoval {
                fixed.push(None);
                per_removal.push(Some(line.amount));
            } else {
                fixed.push(metrics::contribution(scenario, line, None).ok()?);
                per_removal.push(None);
            }
        }
        Some(LineSums {
            fixed: Sum::new(totals.fixed_cost, fixed)?,
            per_removal: Sum::new(totals.per_removal_cost, per_removal)?,
            totals,
        })
    }

    /// The metrics of `scenario`, whose line `i` alone differs from the one
    /// these sums were taken of; `None` when they must be added up again.
    fn with_line_changed(&self, scenario: &Scenario, i: usize) -> Option<Metrics> {
        let line = scenario.costs.get(i)?;
        let mut totals = self.totals.clone();
        if line.basis == Basis::PerRemoval {
            totals.per_removal_cost = self.per_removal.with(i, Some(line.amount))?;
        } else {
            let term = metrics::contribution(scenario, line, None).ok()?;
            totals.fixed_cost = self.fixed.with(i, term)?;
        }
        metrics::from_totals(scenario, &totals).ok()
    }
}

/// A sum of terms as `metrics` adds them up: its [`crate::money::arithmetic::add`] is exact or
/// an error, so the value does not depend on the order, and its scale is the
/// largest scale of the nonzero terms (adding a zero leaves a sum as it is).
/// That is what lets one term be swapped without adding the others again,
/// to the same digits and the same scale (`1.50`, not `1.5`).
struct Sum {
    total: Decimal,
    /// Each line's term; `None` for a line not in this sum.
    terms: Vec<Option<Decimal>>,
    nonzero: usize,
    /// The largest scale of a nonzero term, how many terms have it, and the
    /// largest scale below it.
    top: u32,
    at_top: usize,
    below_top: Option<u32>,
}

impl Sum {
    fn new(total: Decimal, terms: Vec<Option<Decimal>>) -> Option<Sum> {
        let scales = || {
            terms
                .iter()
                .flatten()
                .filter(|t| !t.is_zero())
                .map(|t| t.scale())
        };
        let top = scales().max().unwrap_or(0);
        Some(Sum {
            total,
            nonzero: scales().count(),
            at_top: scales().filter(|&s| s == top).count(),
            below_top: scales().filter(|&s| s < top).max(),
            top,
            terms,
        })
    }

    /// The sum with term `i` replaced by `new`; `None` when that needs adding
    /// up again: every other term is zero (the sum is then whichever zero
    /// came last), or the arithmetic here does not fit where adding up
    /// would.
    fn with(&self, i: usize, new: Option<Decimal>) -> Option<Decimal> {
        let old = *self.terms.get(i)?;
        let (old, new) = match (old, new) {
            (None, None) => return Some(self.total),
            (Some(old), Some(new)) => (old, new),
            _ => return None,
        };
        let old_counts = !old.is_zero();
        let others = self.nonzero - usize::from(old_counts);
        if others == 0 {
            return None;
        }
        let others_top = if old_counts && old.scale() == self.top && self.at_top == 1 {
            self.below_top?
        } else {
            self.top
        };
        let scale = if new.is_zero() {
            others_top
        } else {
            others_top.max(new.scale())
        };
        let without = crate::money::arithmetic::subtract(self.total, old, "").ok()?;
        let mut sum = crate::money::arithmetic::add(without, new, "").ok()?;
        // Exact: the digits below `scale` are zeros.
        if sum.scale() < scale {
            return None;
        }
        sum.rescale(scale);
        Some(sum)
    }
}

/// Why a tornado could not be drawn.
#[derive(Debug)]
pub enum TornadoError {
    /// The scenario, or the scenario with one input at p5 or p95, cannot be
    /// evaluated: the problems, on its file.
    Problems(FileReport),
    NoUncertainInputs {
        file: String,
    },
    /// An input moved by `--range` beyond what an exact decimal holds.
    BeyondRange {
        file: String,
        why: String,
    },
    /// A percentile beyond what an exact decimal holds.
    BeyondExact {
        file: String,
        percentile: f64,
        quantile: f64,
        path: String,
    },
}

impl fmt::Display for TornadoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TornadoError::Problems(report) => write!(f, "{} has problems", report.path),
            TornadoError::NoUncertainInputs { file } => write!(
                f,
                "{file} has no uncertain inputs: write one as a distribution, such as \
                 amount = {{ low = 5_000_000, high = 9_000_000 }}, or move every input by a \
                 share with --range 20%"
            ),
            TornadoError::BeyondRange { file, why } => write!(f, "{file}: {why}"),
            TornadoError::BeyondExact {
                file,
                percentile,
                quantile,
                path,
            } => write!(
                f,
                "{file}: the {percentile}th percentile of {path} is about {quantile:.3e}, which \
                 costcalc cannot compute with exactly (the largest number is \
                 79,228,162,514,264,337,593,543,950,335): narrow its distribution"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::discount::{Discount, Schedule};
    use crate::test_support::dec;
    use crate::test_support::metrics_by_text;

    #[test]
    fn a_bar_is_flagged_when_its_metric_becomes_undefined_or_changes_sign() {
        let d = |v: &str| Some(dec(v));
        // Defined at both ends and the base, same sign: a bar.
        assert_eq!(Flag::of(d("10"), d("8"), d("12")), None);
        // Undefined at one end (no removals), or at the base and not an end.
        assert_eq!(Flag::of(d("10"), d("8"), None), Some(Flag::Undefined));
        assert_eq!(Flag::of(None, d("8"), None), Some(Flag::Undefined));
        // n/a everywhere (the metric does not apply): nothing to flag.
        assert_eq!(Flag::of(None, None, None), None);
        // Positive at the base, negative or zero at an end.
        assert_eq!(Flag::of(d("10"), d("-1"), d("12")), Some(Flag::SignChange));
        assert_eq!(Flag::of(d("10"), d("0"), d("12")), Some(Flag::SignChange));
    }

    #[test]
    fn a_count_moved_beyond_a_whole_number_s_range_is_refused_in_range_s_words() {
        // 18,446,744,073,709,551,615 removals × 1.5 = 27,670,116,110,564,327,422.5,
        // rounded half away to ...423: above u64::MAX, so no `--vary` of it.
        let mut scenario = Scenario::new("test", "USD");
        scenario.outcomes.removals = Some(u64::MAX);
        let why = ranged_inputs(&scenario, dec("0.5")).unwrap_err();
        assert!(
            why.starts_with("outcomes.removals × (1 + 0.5) is 27670116110564327423, above"),
            "{why}"
        );
        assert!(why.contains("use a smaller --range"), "{why}");
    }

    #[test]
    fn ranged_inputs_round_counts_and_keep_probabilities_within_one() {
        let mut s = Scenario::new("test", "USD");
        s.outcomes.planned = Some(7);
        s.outcomes.block_probability = Some(dec("0.9"));
        s.price_year = Some(2024);
        let moves = ranged_inputs(&s, dec("0.2")).unwrap();
        // 7 × 0.8 = 5.6 → 6, 7 × 1.2 = 8.4 → 8; 0.9 × 1.2 = 1.08 → 1; the
        // price year is a calendar year, not moved.
        assert_eq!(
            moves,
            [
                ("outcomes.planned".to_string(), dec("7"), dec("6"), dec("8")),
                (
                    "outcomes.block_probability".to_string(),
                    dec("0.9"),
                    dec("0.72"),
                    dec("1")
                ),
            ]
        );
    }

    /// Uncertain amounts on each basis, an uncertain `years`, a duration from
    /// dates (a quotient rounded to 6 places), and amounts with trailing zeros,
    /// so any difference in value or in scale would show.
    const LINES: &str = r#"
name = "Lines"
currency = "USD"
start = 2024-01-01
end = 2026-07-01
[[cost]]
item = "Fixed"
amount = { low = 1_000.50, high = 3_000.25 }
year = 2025
[[cost]]
item = "Yearly over the deal"
amount = { dist = "uniform", min = 10.10, max = 20.20 }
basis = "per_year"
[[cost]]
item = "Yearly for its own years"
amount = 7.00
basis = "per_year"
years = { dist = "triangular", min = 1, mode = 2.5, max = 4 }
[[cost]]
item = "Each removal"
amount = { low = 3, high = 9 }
basis = "per_removal"
year = 2026
[outcomes]
removals = 7
[baseline]
cost_per_person = 100
"#;

    /// Where the kept sums' scale bookkeeping matters: one line alone has the
    /// most decimal places (4), another is a zero with 3, and the only
    /// per-removal line is uncertain, so setting it to 0 leaves a sum of
    /// zeros. Uniform ranges, so the base cases are their midpoints: 15 and 1.5.
    const SCALES: &str = r#"
name = "Scales"
currency = "USD"
[[cost]]
item = "Most places"
amount = 1.2345
[[cost]]
item = "Zero"
amount = 0.000
[[cost]]
item = "Whole"
amount = { dist = "uniform", min = 10, max = 20 }
[[cost]]
item = "Each removal"
amount = { dist = "uniform", min = 1, max = 2 }
basis = "per_removal"
[outcomes]
removals = 3
"#;

    /// Each uncertain input set on the scenario already read gives the
    /// metrics `--vary` gives by reading the file again, to the last digit
    /// and the scale of every number (compared through `Debug`, which
    /// shows `1.50` and `1.5` apart): through the kept sums, by adding up
    /// every line again, and with discounting.
    #[test]
    fn an_input_set_in_place_gives_what_vary_gives() {
        let discounted = || Adjustments {
            conversion: None,
            discount: Some(Discount {
                schedule: Schedule::Constant(dec("0.035")),
                base_year: 2024,
            }),
        };
        // (text, adjustments, use the kept sums, tries expected): LINES has
        // three uncertain amounts, which take all five values, and one
        // uncertain `years`, which takes all but 0 (refused, as `--vary`
        // refuses it); SCALES two amounts, all five values.
        let cases = [
            (LINES, Adjustments::default(), true, 3 * 5 + 4),
            (LINES, Adjustments::default(), false, 3 * 5 + 4),
            (LINES, discounted(), false, 3 * 5 + 4),
            (SCALES, Adjustments::default(), true, 2 * 5),
        ];
        for (text, adjustments, kept, expected) in cases {
            let file = paths::SourceFile {
                display: "lines.toml".into(),
                on_disk: None,
                text: text.into(),
            };
            let loaded = paths::parse(file.clone(), &[]).unwrap();
            let mut scenario = (*loaded.scenario).clone();
            scenario.uncertain = Vec::new();
            let sums = if kept {
                Some(LineSums::of(&scenario).unwrap())
            } else {
                None
            };
            let mut compared = 0;
            for uncertain in &loaded.scenario.uncertain {
                let address = Address::of_input(&uncertain.path, uncertain.input);
                for value in ["0", "2.5", "1234.500000", "9", "0.00001"].map(dec) {
                    let fast =
                        metrics_at(&mut scenario, sums.as_ref(), &address, value, &adjustments);
                    input_rules::restore(&mut scenario, &loaded.scenario, address.field);
                    let slow = metrics_by_text(&file, &uncertain.path, value, &adjustments);
                    match (fast, slow) {
                        (Ok(fast), Ok(slow)) => {
                            assert_eq!(
                                format!("{fast:?}"),
                                format!("{slow:?}"),
                                "{} = {value}",
                                uncertain.path
                            );
                            compared += 1;
                        }
                        (Err(Unevaluated::Inputs(problems)), Err(why)) => {
                            assert_eq!(problems[0].message, why);
                        }
                        (fast, slow) => panic!("{fast:?} but {slow:?}"),
                    }
                }
                // Each try leaves the scenario as it was read.
                assert_eq!(
                    scenario,
                    Scenario {
                        uncertain: Vec::new(),
                        ..(*loaded.scenario).clone()
                    }
                );
            }
            assert_eq!(compared, expected);
        }
    }

    /// By hand for SCALES: fixed terms 1.2345, 0.000 and 15, total 16.2345.
    /// With "Most places" set to 2.5 the sum is 2.5 + 15 = 17.5, at scale 1
    /// (the largest of the nonzero terms now), not the 4 of the term it
    /// replaced. "Each removal" set to 0 leaves only zeros in its sum, which
    /// the kept sums leave to adding up again.
    #[test]
    fn the_kept_sums_take_the_scale_of_what_remains() {
        let scenario = crate::load::parse(SCALES).unwrap();
        let sums = LineSums::of(&scenario).unwrap();
        assert_eq!(
            sums.fixed.with(0, Some(dec("2.5"))).map(|d| d.to_string()),
            Some("17.5".to_string())
        );
        assert_eq!(sums.per_removal.with(3, Some(dec("0"))), None);
        // A line outside the sum leaves it as it is.
        assert_eq!(sums.per_removal.with(0, None), Some(sums.per_removal.total));
    }
}
