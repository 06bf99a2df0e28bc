/*!
Why two scenarios differ (`costcalc diff`): the difference in each metric
between scenario A and scenario B, attributed to the inputs that differ, by
the Shapley decomposition.

An input is a number the metrics read, named by its `--set` path
(`cost[2].amount`, `outcomes.removals`); a difference of structure (a cost
line, a `[baseline]` or a court ruling present in one scenario only, or a
cost line whose basis differs) is one input, named by the line or table
(`cost[3]`, `baseline`). Lines are matched by position, as `cost[N]` names
them. Only what the metrics read counts: a cost line's amount, basis and
years, the deal's duration (only when a `per_year` line uses it), the
outcomes, whether each court ruling blocked, and the baseline's cost per
person. Texts, sources and dates that no metric reads are not inputs.

For a set S of the differing inputs, the *mix* v(S) is the metric of A with
B's values for the inputs in S (`mix`, the one function evaluated for every
set). A mix need not be a scenario a file could hold (A's observed removals
with B's block probability): it is only evaluated, never shown. The Shapley
value of input i is the average over every order of making the changes of
what adding i's change does:

  φᵢ = Σ over S ⊆ N∖{i} of |S|!·(n−|S|−1)!/n! · (v(S∪{i}) − v(S)).

Exactness. The values v are exact decimals: sums exactly as `compare`
computes them, quotients (cost per removal, the shares and ratio) rounded
half away from zero to [`QUOTIENT_DECIMALS`] places, as the sums built on
quotients are everywhere in costcalc, so every v has at most `d` decimal
places (`d` is the most any v has, and at least 6). In units of 10^-d each v is an integer, so with integer weights
c(s) = s!·(n−s−1)! the numerators Nᵢ = Σ c(|S|)·(V(S∪{i}) − V(S)) are exact
integers (checked `i128`), and Σᵢ Nᵢ = n!·(V(N) − V(∅)) exactly (the
efficiency of the Shapley value, an identity of the sums). Each part is
Nᵢ/n! units, which may not be a whole number of units: it is rounded by
largest remainders. Every part starts at ⌊Nᵢ/n!⌋, leaving remainders
rᵢ ∈ [0, n!) with Σ rᵢ = k·n! for a whole k < n; the k parts with the largest
remainders (the first such input on a tie) get one unit more. So the parts
sum *exactly* to V(N) − V(∅) = B − A, and each is within one unit of the last
decimal place of its exact Shapley value.

A metric that is undefined (cost per removal with no removals) in any mix
has every contribution n/a, since every mix enters every input's sum; the
total B − A is still given when both A and B have the metric, and n/a when
either has not. With more than [`MAX_INPUTS`] differing inputs (2^n mixes)
the inputs are grouped by section (`years`, `cost`, `outcomes`, `legal`,
`baseline`) and the groups are attributed instead; [`Diff::grouped`] says so.
*/

use std::fmt;

use rust_decimal::Decimal;

use crate::analysis::metrics::{self, Metric};
use crate::model::{Basis, CostLine, LegalEvent, LegalOutcome, Scenario};
use crate::money::arithmetic::{Overflow, QUOTIENT_DECIMALS, subtract};
use crate::money::rounding::round_half_away;

/// The most inputs attributed one by one: 2^12 = 4,096 mixes. Beyond it,
/// inputs are grouped by section.
pub const MAX_INPUTS: usize = 12;

/// The section of the scenario an input belongs to, for grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// The deal's duration (`years`, or `start` and `end`).
    Duration,
    Costs,
    Outcomes,
    Legal,
    Baseline,
}

impl Section {
    /// The path that names the whole section, as a grouped input.
    pub fn path(self) -> &'static str {
        match self {
            Section::Duration => "years",
            Section::Costs => "cost",
            Section::Outcomes => "outcomes",
            Section::Legal => "legal",
            Section::Baseline => "baseline",
        }
    }
}

/// What an input is, to take B's value of it. Lines count from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Duration,
    CostAmount(usize),
    CostYears(usize),
    /// A cost line in one scenario only, or with another basis.
    CostLine(usize),
    Removals,
    Planned,
    BlockProbability,
    Attempted,
    Blocked,
    /// A court ruling that blocks in one scenario and not in the other (or is
    /// in one only).
    Legal(usize),
    BaselineCostPerPerson,
    /// A baseline in one scenario only.
    Baseline,
}

/// An input's value in one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Number(Decimal),
    /// A court ruling's outcome: `blocked`, `allowed`.
    Text(String),
    /// A whole cost line.
    Line {
        basis: Basis,
        amount: Decimal,
        years: Option<Decimal>,
    },
}

impl Value {
    /// For machines: the number, the outcome, or the line as
    /// `per_removal 20000`, `per_year 1000000 for 3 years`.
    pub fn text(&self) -> String {
        match self {
            Value::Number(v) => v.normalize().to_string(),
            Value::Text(text) => text.clone(),
            Value::Line {
                basis,
                amount,
                years,
            } => {
                let mut text = format!("{} {}", basis.as_str(), amount.normalize());
                if let Some(years) = years {
                    text.push_str(&format!(" for {} years", years.normalize()));
                }
                text
            }
        }
    }
}

/// One input that differs between A and B (or, grouped, a section).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// As `--set` names it: `cost[2].amount`, `baseline`; a section's name
    /// when grouped.
    pub path: String,
    pub section: Section,
    /// `None`: not in that scenario (or a group, which has no one value).
    pub value_a: Option<Value>,
    pub value_b: Option<Value>,
    /// For a group, the paths of its inputs.
    pub members: Vec<String>,
}

/// One metric's difference and its attribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricDiff {
    pub metric: Metric,
    /// As attributed: quotients rounded to [`QUOTIENT_DECIMALS`] places.
    pub value_a: Option<Decimal>,
    pub value_b: Option<Decimal>,
    /// B − A, or `None` when either is n/a.
    pub total: Option<Decimal>,
    /// One per input, summing exactly to `total`; `None` when the metric is
    /// n/a in some mix of the two scenarios.
    pub contributions: Option<Vec<Decimal>>,
}

/// The difference between two scenarios, input by input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// What is attributed: the differing inputs, or their sections.
    pub inputs: Vec<Input>,
    /// How many inputs differ (more than `inputs.len()` when grouped).
    pub differing: usize,
    /// Whether `inputs` are sections, because more than [`MAX_INPUTS`] differ.
    pub grouped: bool,
    /// The metrics defined in A or in B, in the order of [`Metric::ALL`].
    pub metrics: Vec<MetricDiff>,
}

/// Why a difference could not be attributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffError {
    Overflow(Overflow),
    /// The mix with every input of B did not give B's metrics: an input the
    /// metrics read was missed. Never expected; a wrong number is worse.
    Incomplete(Metric),
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Overflow(overflow) => write!(f, "{overflow}"),
            DiffError::Incomplete(metric) => write!(
                f,
                "the inputs found to differ do not account for the whole difference in {} \
                 (a bug in costcalc: please report it with the two scenarios)",
                metric.name()
            ),
        }
    }
}

impl From<Overflow> for DiffError {
    fn from(overflow: Overflow) -> DiffError {
        DiffError::Overflow(overflow)
    }
}

/// The difference between `a` and `b` (already in one currency and price
/// year, converted and discounted alike), attributed to the inputs that
/// differ.
pub fn diff(a: &Scenario, b: &Scenario) -> Result<Diff, DiffError> {
    let found = differing(a, b);
    let differing = found.len();
    let (inputs, players): (Vec<Input>, Vec<Vec<usize>>) = if differing > MAX_INPUTS {
        group(&found)
    } else {
        let players = (0..found.len()).map(|i| vec![i]).collect();
        (
            found.iter().map(|(input, _)| input.clone()).collect(),
            players,
        )
    };
    let kinds: Vec<Kind> = found.iter().map(|(_, kind)| *kind).collect();
    let n = players.len();
    // Every mix, by the bit mask of the players whose changes it takes.
    let mut mixes = Vec::with_capacity(1 << n);
    for mask in 0..(1usize << n) {
        let chosen: Vec<Kind> = players
            .iter()
            .enumerate()
            .filter(|(p, _)| mask & (1 << p) != 0)
            .flat_map(|(_, members)| members.iter().map(|&i| kinds[i]))
            .collect();
        mixes.push(metrics::compute(&mix(a, b, &chosen))?);
    }
    let (metrics_a, metrics_b) = (metrics::compute(a)?, metrics::compute(b)?);
    let mut metric_diffs = Vec::new();
    for metric in Metric::ALL {
        let value = |m: &metrics::Metrics| attributed(metric, m);
        let (value_a, value_b) = (value(&metrics_a), value(&metrics_b));
        if value_a.is_none() && value_b.is_none() {
            continue;
        }
        let values: Vec<Option<Decimal>> = mixes.iter().map(value).collect();
        // The mixes with none and with every change are A and B themselves.
        if values[0] != value_a || values[values.len() - 1] != value_b {
            return Err(DiffError::Incomplete(metric));
        }
        let total = match (value_a, value_b) {
            (Some(a), Some(b)) => Some(subtract(b, a, "difference")?),
            _ => None,
        };
        let contributions = match values.iter().copied().collect::<Option<Vec<Decimal>>>() {
            Some(defined) => Some(shapley(&defined, n)?),
            None => None,
        };
        metric_diffs.push(MetricDiff {
            metric,
            value_a,
            value_b,
            total,
            contributions,
        });
    }
    Ok(Diff {
        inputs,
        differing,
        grouped: differing > MAX_INPUTS,
        metrics: metric_diffs,
    })
}

/// A metric's value as attributed: quotients rounded to [`QUOTIENT_DECIMALS`]
/// places (so that every value has a bounded number of decimals), sums exact.
fn attributed(metric: Metric, metrics: &metrics::Metrics) -> Option<Decimal> {
    let value = metric.value(metrics)?;
    Some(if metric.is_quotient() {
        round_half_away(value, QUOTIENT_DECIMALS).normalize()
    } else {
        value
    })
}

/// The inputs that differ, in the order of a scenario file, each with what
/// it is.
fn differing(a: &Scenario, b: &Scenario) -> Vec<(Input, Kind)> {
    let mut found = Vec::new();
    let mut add =
        |path: String, section: Section, kind: Kind, va: Option<Value>, vb: Option<Value>| {
            found.push((
                Input {
                    path,
                    section,
                    value_a: va,
                    value_b: vb,
                    members: Vec::new(),
                },
                kind,
            ));
        };
    let number = |v: Decimal| Some(Value::Number(v));
    let count = |v: Option<u64>| v.map(|v| Value::Number(Decimal::from(v)));

    // The deal's duration matters only to a per_year line without its own years.
    let uses_duration = a
        .costs
        .iter()
        .chain(&b.costs)
        .any(|line| line.basis == Basis::PerYear && line.years.is_none());
    let (duration_a, duration_b) = (a.duration(), b.duration());
    if uses_duration && duration_a != duration_b {
        let years = |d: Option<crate::model::Duration>| d.map(|d| Value::Number(d.years));
        add(
            "years".into(),
            Section::Duration,
            Kind::Duration,
            years(duration_a),
            years(duration_b),
        );
    }

    for i in 0..a.costs.len().max(b.costs.len()) {
        let path = |key: &str| format!("cost[{}]{key}", i + 1);
        match (a.costs.get(i), b.costs.get(i)) {
            (Some(la), Some(lb)) if la.basis == lb.basis => {
                if la.amount != lb.amount {
                    add(
                        path(".amount"),
                        Section::Costs,
                        Kind::CostAmount(i),
                        number(la.amount),
                        number(lb.amount),
                    );
                }
                if la.basis == Basis::PerYear && la.years != lb.years {
                    add(
                        path(".years"),
                        Section::Costs,
                        Kind::CostYears(i),
                        la.years.and_then(number),
                        lb.years.and_then(number),
                    );
                }
            }
            (la, lb) => add(
                path(""),
                Section::Costs,
                Kind::CostLine(i),
                la.map(describe_line),
                lb.map(describe_line),
            ),
        }
    }

    let (oa, ob) = (&a.outcomes, &b.outcomes);
    let outcomes: [(&str, Kind, Option<Value>, Option<Value>); 5] = [
        (
            "removals",
            Kind::Removals,
            count(oa.removals),
            count(ob.removals),
        ),
        (
            "planned",
            Kind::Planned,
            count(oa.planned),
            count(ob.planned),
        ),
        (
            "block_probability",
            Kind::BlockProbability,
            oa.block_probability.and_then(number),
            ob.block_probability.and_then(number),
        ),
        (
            "attempted",
            Kind::Attempted,
            count(oa.attempted),
            count(ob.attempted),
        ),
        (
            "blocked",
            Kind::Blocked,
            count(oa.blocked),
            count(ob.blocked),
        ),
    ];
    for (key, kind, va, vb) in outcomes {
        if va != vb {
            add(format!("outcomes.{key}"), Section::Outcomes, kind, va, vb);
        }
    }

    let blocks =
        |event: Option<&LegalEvent>| event.is_some_and(|e| e.outcome == LegalOutcome::Blocked);
    for i in 0..a.legal.len().max(b.legal.len()) {
        let (ea, eb) = (a.legal.get(i), b.legal.get(i));
        if blocks(ea) != blocks(eb) {
            let outcome =
                |e: Option<&LegalEvent>| e.map(|e| Value::Text(e.outcome.as_str().into()));
            add(
                format!("legal[{}]", i + 1),
                Section::Legal,
                Kind::Legal(i),
                outcome(ea),
                outcome(eb),
            );
        }
    }

    match (&a.baseline, &b.baseline) {
        (Some(ba), Some(bb)) => {
            if ba.cost_per_person != bb.cost_per_person {
                add(
                    "baseline.cost_per_person".into(),
                    Section::Baseline,
                    Kind::BaselineCostPerPerson,
                    number(ba.cost_per_person),
                    number(bb.cost_per_person),
                );
            }
        }
        (None, None) => {}
        (ba, bb) => add(
            "baseline".into(),
            Section::Baseline,
            Kind::Baseline,
            ba.as_ref().and_then(|b| number(b.cost_per_person)),
            bb.as_ref().and_then(|b| number(b.cost_per_person)),
        ),
    }
    found
}

/// A cost line as the value of a structural input.
fn describe_line(line: &CostLine) -> Value {
    Value::Line {
        basis: line.basis,
        amount: line.amount,
        years: line.years,
    }
}

/// The inputs grouped by section: one player per section, listing its inputs.
fn group(found: &[(Input, Kind)]) -> (Vec<Input>, Vec<Vec<usize>>) {
    let mut sections: Vec<Section> = found.iter().map(|(input, _)| input.section).collect();
    sections.sort();
    sections.dedup();
    sections
        .into_iter()
        .map(|section| {
            let members: Vec<usize> = (0..found.len())
                .filter(|&i| found[i].0.section == section)
                .collect();
            let input = Input {
                path: section.path().to_string(),
                section,
                value_a: None,
                value_b: None,
                members: members.iter().map(|&i| found[i].0.path.clone()).collect(),
            };
            (input, members)
        })
        .unzip()
}

/// A with B's values of the `chosen` inputs: the one scenario every mix is.
fn mix(a: &Scenario, b: &Scenario, chosen: &[Kind]) -> Scenario {
    let mut s = a.clone();
    // Lines by position, so a line B lacks can be taken out and one only B
    // has put in without renumbering the others.
    let mut costs: Vec<Option<CostLine>> = (0..a.costs.len().max(b.costs.len()))
        .map(|i| a.costs.get(i).cloned())
        .collect();
    let mut legal: Vec<Option<LegalEvent>> = (0..a.legal.len().max(b.legal.len()))
        .map(|i| a.legal.get(i).cloned())
        .collect();
    for kind in chosen {
        match *kind {
            Kind::Duration => {
                s.years = b.years;
                s.start = b.start;
                s.end = b.end;
            }
            Kind::CostAmount(i) => {
                if let (Some(Some(line)), Some(from)) = (costs.get_mut(i), b.costs.get(i)) {
                    line.amount = from.amount;
                }
            }
            Kind::CostYears(i) => {
                if let (Some(Some(line)), Some(from)) = (costs.get_mut(i), b.costs.get(i)) {
                    line.years = from.years;
                }
            }
            Kind::CostLine(i) => costs[i] = b.costs.get(i).cloned(),
            Kind::Removals => s.outcomes.removals = b.outcomes.removals,
            Kind::Planned => s.outcomes.planned = b.outcomes.planned,
            Kind::BlockProbability => {
                s.outcomes.block_probability = b.outcomes.block_probability;
            }
            Kind::Attempted => s.outcomes.attempted = b.outcomes.attempted,
            Kind::Blocked => s.outcomes.blocked = b.outcomes.blocked,
            Kind::Legal(i) => legal[i] = b.legal.get(i).cloned(),
            Kind::BaselineCostPerPerson => {
                if let (Some(to), Some(from)) = (&mut s.baseline, &b.baseline) {
                    to.cost_per_person = from.cost_per_person;
                }
            }
            Kind::Baseline => s.baseline.clone_from(&b.baseline),
        }
    }
    s.costs = costs.into_iter().flatten().collect();
    s.legal = legal.into_iter().flatten().collect();
    s
}

/// The Shapley value of each of `n` players from the value of every
/// coalition (`values[mask]`), summing exactly to `values[all] − values[0]`
/// (see the module's comment for why).
fn shapley(values: &[Decimal], n: usize) -> Result<Vec<Decimal>, Overflow> {
    let overflow = || Overflow {
        quantity: "attribution",
    };
    // At least a millionth: a count's parts are often halves or thirds.
    let decimals = values
        .iter()
        .map(Decimal::scale)
        .chain([QUOTIENT_DECIMALS])
        .max()
        .unwrap_or(QUOTIENT_DECIMALS);
    // Each value as a whole number of units of 10^-decimals.
    let units: Vec<i128> = values
        .iter()
        .map(|v| {
            10i128
                .checked_pow(decimals - v.scale())
                .and_then(|scale| v.mantissa().checked_mul(scale))
                .ok_or_else(overflow)
        })
        .collect::<Result<_, _>>()?;
    let factorial = |k: usize| (1..=k as i128).product::<i128>();
    let orders = factorial(n);
    // c(s) = s!·(n−s−1)!: the number of orders in which a player comes right
    // after a given set of s others.
    let weight: Vec<i128> = (0..n)
        .map(|s| factorial(s) * factorial(n - s - 1))
        .collect();
    let mut numerators = vec![0i128; n];
    for (i, numerator) in numerators.iter_mut().enumerate() {
        for mask in 0..values.len() {
            if mask & (1 << i) != 0 {
                continue;
            }
            let gain = units[mask | (1 << i)]
                .checked_sub(units[mask])
                .and_then(|gain| gain.checked_mul(weight[mask.count_ones() as usize]))
                .ok_or_else(overflow)?;
            *numerator = numerator.checked_add(gain).ok_or_else(overflow)?;
        }
    }
    let mut parts: Vec<i128> = numerators.iter().map(|n| n.div_euclid(orders)).collect();
    let remainders: Vec<i128> = numerators.iter().map(|n| n.rem_euclid(orders)).collect();
    let total = units[values.len() - 1] - units[0];
    // Σ numerators = n!·total, so the floors fall short by a whole number of
    // units, fewer than n: the largest remainders make it up.
    let short = total - parts.iter().sum::<i128>();
    let mut by_remainder: Vec<usize> = (0..n).collect();
    by_remainder.sort_by_key(|&i| std::cmp::Reverse(remainders[i]));
    for &i in by_remainder
        .iter()
        .take(usize::try_from(short).unwrap_or(0))
    {
        parts[i] += 1;
    }
    debug_assert_eq!(parts.iter().sum::<i128>(), total);
    parts
        .into_iter()
        .map(|units| Decimal::try_from_i128_with_scale(units, decimals).map_err(|_| overflow()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Baseline, Outcomes};
    use crate::test_support::dec;

    fn line(amount: &str, basis: Basis) -> CostLine {
        CostLine {
            item: "line".into(),
            amount: dec(amount),
            basis,
            years: None,
            price_year: None,
            year: None,
            start_year: None,
            source: None,
            note: None,
        }
    }

    fn deal(costs: Vec<CostLine>, removals: u64) -> Scenario {
        Scenario {
            costs,
            outcomes: Outcomes {
                removals: Some(removals),
                ..Outcomes::default()
            },
            ..Scenario::new("deal", "GBP")
        }
    }

    fn of(diff: &Diff, metric: Metric) -> &MetricDiff {
        diff.metrics.iter().find(|m| m.metric == metric).unwrap()
    }

    /// Cost per removal = cost / removals, with both changed: an interaction.
    ///
    /// A: cost 1,000, removals 10 → 100 a removal. B: cost 3,000, removals 20
    /// → 150. B − A = +50.
    /// Mixes: v(∅) = 100, v({cost}) = 3000/10 = 300, v({removals}) = 1000/20 = 50,
    /// v(both) = 150.
    /// One at a time from A: cost alone +200, removals alone −50; they sum to
    /// +150, not +50 (the interaction, −100, is in neither).
    /// Shapley, two players, each order with weight ½:
    ///   cost:     ½(300 − 100) + ½(150 − 50)  = 100 + 50 = +150
    ///   removals: ½(50 − 100)  + ½(150 − 300) = −25 − 75 = −100
    /// Sum +50 = B − A; the interaction is shared half and half.
    #[test]
    fn shapley_splits_an_interaction_that_one_at_a_time_changes_miss() {
        let a = deal(vec![line("1000", Basis::Fixed)], 10);
        let b = deal(vec![line("3000", Basis::Fixed)], 20);
        let diff = diff(&a, &b).unwrap();
        let paths: Vec<&str> = diff.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["cost[1].amount", "outcomes.removals"]);
        let cost_per_removal = of(&diff, Metric::CostPerRemoval);
        assert_eq!(cost_per_removal.total, Some(dec("50")));
        assert_eq!(
            cost_per_removal.contributions,
            Some(vec![dec("150"), dec("-100")])
        );
        // One at a time would say +200 and −50.
        let one_at_a_time = |kind| {
            let m = metrics::compute(&mix(&a, &b, &[kind])).unwrap();
            m.cost_per_removal.unwrap() - dec("100")
        };
        assert_eq!(one_at_a_time(Kind::CostAmount(0)), dec("200"));
        assert_eq!(one_at_a_time(Kind::Removals), dec("-50"));
        // Total cost depends on the cost alone: all of it is the cost's.
        let total = of(&diff, Metric::TotalCost);
        assert_eq!(total.contributions, Some(vec![dec("2000"), dec("0")]));
    }

    /// Three players whose exact shares are thirds: the parts are rounded to
    /// the values' decimals by largest remainders and still sum exactly.
    ///
    /// A: fixed 0 + per_removal 0, removals 3 → cost per removal 0.
    /// B: fixed 1, per_removal 1, removals 4: v(∅) = 0/3 = 0; the three
    /// inputs are cost[1].amount (fixed 0 → 1), cost[2].amount (0 → 1), and
    /// removals (3 → 4). Cost per removal of B = (1 + 4) / 4 = 1.25.
    /// Whatever the thirds, the rounded parts must add to 1.25 exactly.
    #[test]
    fn parts_sum_exactly_to_the_difference_even_when_shares_are_thirds() {
        let a = deal(
            vec![line("0", Basis::Fixed), line("0", Basis::PerRemoval)],
            3,
        );
        let b = deal(
            vec![line("1", Basis::Fixed), line("1", Basis::PerRemoval)],
            4,
        );
        let diff = diff(&a, &b).unwrap();
        assert_eq!(diff.inputs.len(), 3);
        for m in &diff.metrics {
            let parts = m.contributions.as_ref().unwrap();
            let sum: Decimal = parts.iter().sum();
            assert_eq!(Some(sum), m.total, "{}", m.metric.name());
        }
        // Cost per removal in each mix (f = fixed 0 → 1, p = per_removal
        // 0 → 1, r = removals 3 → 4), rounded to 6 places:
        //   v(∅) = 0/3 = 0, v(f) = 1/3 = 0.333333, v(p) = 3/3 = 1,
        //   v(f,p) = 4/3 = 1.333333, v(r) = 0/4 = 0, v(f,r) = 1/4 = 0.25,
        //   v(p,r) = 4/4 = 1, v(f,p,r) = 5/4 = 1.25.
        // Weights c(s) = s!(2−s)!: 2 for s = 0 or 2, 1 for s = 1; n! = 6.
        // f: [2(0.333333) + 1(1.333333 − 1) + 1(0.25 − 0) + 2(1.25 − 1)] / 6
        //    = 1.749999 / 6 = 0.2916665
        // p: [2(1) + 1(1) + 1(1) + 2(1)] / 6 = 1
        // r: [2(0) + 1(0.25 − 0.333333) + 1(1 − 1) + 2(1.25 − 1.333333)] / 6
        //    = −0.249999 / 6 = −0.0416665
        // In millionths, floors 291666, 1000000, −41667 sum to 1249999, one
        // short of 1250000; remainders 3, 0, 3 (of 6): the tie goes to the
        // first, f.
        let cpr = of(&diff, Metric::CostPerRemoval);
        assert_eq!(
            cpr.contributions,
            Some(vec![dec("0.291667"), dec("1.000000"), dec("-0.041667")])
        );
        assert_eq!(cpr.total, Some(dec("1.25")));
    }

    #[test]
    fn a_line_or_baseline_in_one_scenario_only_is_one_input() {
        let a = deal(vec![line("100", Basis::Fixed)], 10);
        let mut b = deal(
            vec![line("100", Basis::Fixed), line("5", Basis::PerRemoval)],
            10,
        );
        b.baseline = Some(Baseline {
            label: None,
            cost_per_person: dec("50"),
            price_year: None,
            source: None,
            note: None,
        });
        let diff = diff(&a, &b).unwrap();
        let paths: Vec<&str> = diff.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["cost[2]", "baseline"]);
        assert_eq!(diff.inputs[0].value_a, None);
        assert_eq!(
            diff.inputs[0].value_b.as_ref().map(Value::text),
            Some("per_removal 5".into())
        );
        // Total cost 100 → 100 + 5 × 10 = 150, all from the new line.
        let total = of(&diff, Metric::TotalCost);
        assert_eq!(total.contributions, Some(vec![dec("50"), dec("0")]));
        // The ratio to the baseline is n/a in A (no baseline), so only B − A
        // would be, and it is n/a too; its contributions are n/a.
        let ratio = of(&diff, Metric::CostRatioToBaseline);
        assert_eq!((ratio.total, ratio.contributions.clone()), (None, None));
    }

    /// Zero removals in a mix leaves cost per removal undefined there: its
    /// contributions are n/a, never 0 or infinite, while B − A stands.
    #[test]
    fn an_undefined_mix_makes_the_contributions_not_available() {
        let mut a = deal(vec![line("100", Basis::Fixed)], 10);
        a.outcomes = Outcomes {
            planned: Some(10),
            block_probability: Some(dec("1")),
            ..Outcomes::default()
        };
        // A removes 10 × (1 − 1) = 0: n/a. B: planned 20, block 0.5 → 10.
        let mut b = a.clone();
        b.outcomes.planned = Some(20);
        b.outcomes.block_probability = Some(dec("0.5"));
        let diff = diff(&a, &b).unwrap();
        let cpr = of(&diff, Metric::CostPerRemoval);
        assert_eq!(cpr.value_a, None);
        assert_eq!(cpr.value_b, Some(dec("10")));
        assert_eq!((cpr.total, cpr.contributions.clone()), (None, None));
        // Removals is defined in every mix: 0, 20·0 = 0, 10·0.5 = 5, 10.
        // planned: ½(0 − 0) + ½(10 − 5) = 2.5; block: ½(5 − 0) + ½(10 − 0) = 7.5.
        let removals = of(&diff, Metric::Removals);
        assert_eq!(removals.contributions, Some(vec![dec("2.5"), dec("7.5")]));
        assert_eq!(removals.total, Some(dec("10")));
    }

    #[test]
    fn more_than_twelve_inputs_are_grouped_by_section() {
        let lines = |amount: &str| (0..13).map(|_| line(amount, Basis::Fixed)).collect();
        let a = deal(lines("1"), 10);
        let b = deal(lines("2"), 20);
        let diff = diff(&a, &b).unwrap();
        assert!(diff.grouped);
        assert_eq!(diff.differing, 14);
        let paths: Vec<&str> = diff.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["cost", "outcomes"]);
        assert_eq!(diff.inputs[0].members.len(), 13);
        // Total cost 13 → 26, all the costs'.
        let total = of(&diff, Metric::TotalCost);
        assert_eq!(total.contributions, Some(vec![dec("13"), dec("0")]));
    }

    /// The question: how much of a difference in cost per removal
    /// comes from the fee and how much from court blocks.
    ///
    /// A: fee 1,000, 100 planned, half blocked → 50 removals, 20 each.
    /// B: fee 1,500, 100 planned, three quarters blocked → 25, 60 each.
    /// Mixes: fee only 1,500/50 = 30; blocks only 1,000/25 = 40.
    ///   fee    = ½(30 − 20) + ½(60 − 40) = 5 + 10  = 15
    ///   blocks = ½(40 − 20) + ½(60 − 30) = 10 + 15 = 25
    /// 15 + 25 = 40 = 60 − 20.
    #[test]
    fn a_fee_and_court_blocks_share_the_difference() {
        let mut a = deal(vec![line("1000", Basis::Fixed)], 0);
        a.outcomes = Outcomes {
            planned: Some(100),
            block_probability: Some(dec("0.5")),
            ..Outcomes::default()
        };
        let mut b = a.clone();
        b.costs[0].amount = dec("1500");
        b.outcomes.block_probability = Some(dec("0.75"));
        let diff = diff(&a, &b).unwrap();
        let paths: Vec<&str> = diff.inputs.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["cost[1].amount", "outcomes.block_probability"]);
        let cpr = of(&diff, Metric::CostPerRemoval);
        assert_eq!(cpr.contributions, Some(vec![dec("15"), dec("25")]));
        assert_eq!(cpr.total, Some(dec("40")));
    }

    /// A per_year line without its own years is paid over the deal's
    /// duration, which is then an input (`years`); with its own years, the
    /// deal's duration is no input at all.
    #[test]
    fn the_deal_s_duration_is_an_input_only_when_a_line_uses_it() {
        let mut a = deal(vec![line("10", Basis::PerYear)], 1);
        a.years = Some(dec("2"));
        let mut b = a.clone();
        b.years = Some(dec("3"));
        let diff = diff(&a, &b).unwrap();
        assert_eq!(diff.inputs[0].path, "years");
        // 10 × 2 = 20 → 10 × 3 = 30.
        let total = of(&diff, Metric::TotalCost);
        assert_eq!(total.contributions, Some(vec![dec("10")]));
        a.costs[0].years = Some(dec("2"));
        b.costs[0].years = Some(dec("2"));
        assert!(super::diff(&a, &b).unwrap().inputs.is_empty());
    }

    /// A part beyond a decimal's range is an error to report, never a panic
    /// or a wrapped number.
    #[test]
    fn an_attribution_too_large_for_a_decimal_is_an_overflow() {
        let values = [-Decimal::MAX, Decimal::MAX];
        assert_eq!(
            shapley(&values, 1),
            Err(Overflow {
                quantity: "attribution"
            })
        );
    }

    #[test]
    fn identical_scenarios_differ_in_nothing() {
        let a = deal(vec![line("100", Basis::Fixed)], 10);
        let diff = diff(&a, &a).unwrap();
        assert!(diff.inputs.is_empty());
        let cpr = of(&diff, Metric::CostPerRemoval);
        assert_eq!(cpr.total, Some(Decimal::ZERO));
        assert_eq!(cpr.contributions, Some(Vec::new()));
    }
}
