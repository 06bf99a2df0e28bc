/*!
Incremental cost-effectiveness across options: the efficiency frontier.

The method of the health-economics tools (dampack's `calculate_icers`, TreeAge,
the VA HERC guide), with removals as the effect:

1. Options are ordered by removals (then cost, then the order given).
2. **Strict dominance.** An option is `dominated` if another costs no more and
   removes no fewer people, and is better in one of the two. Tie rule: of
   options with the same total cost and the same removals, the first given
   stays and the later ones are `dominated` (they add nothing).
3. **Extended dominance.** Along the remaining options, in order of removals,
   ICER = Δ total cost ÷ Δ removals between neighbours. An option whose ICER is
   higher than the next option's is `extendedly_dominated` (a mix of its
   neighbours does better) and is taken out; the ICERs are recomputed and this
   repeats until they rise along the frontier. Equal ICERs are kept.
4. With a reference (the status quo), the frontier starts there: options with
   fewer removals than the reference are not alternatives to it and are left
   out of the analysis; the reference is always on the frontier.

All arithmetic is exact except the ICER itself, a quotient, which is rounded
to 28 significant digits.
*/

use rust_decimal::Decimal;

use crate::analysis::evaluate::{Entry, cost_price_years, currencies};
use crate::diagnostic::closest;

/// One option: a scenario's total cost and removals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Option {
    pub total_cost: Decimal,
    pub removals: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Frontier,
    Dominated,
    ExtendedlyDominated,
}

impl Status {
    /// As in the `status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Frontier => "frontier",
            Status::Dominated => "dominated",
            Status::ExtendedlyDominated => "extendedly_dominated",
        }
    }

    /// In the reader's words, as the table and its legend show it (CSV and
    /// JSON keep [`as_str`](Status::as_str)).
    pub fn words(self) -> &'static str {
        match self {
            Status::ExtendedlyDominated => "extendedly dominated",
            status => status.as_str(),
        }
    }
}

/// One row of the analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The option's position in the input.
    pub index: usize,
    pub status: Status,
    /// Against the previous option on the frontier; `None` for the first
    /// frontier option and for options off the frontier.
    pub incremental_cost: core::option::Option<Decimal>,
    pub incremental_removals: core::option::Option<Decimal>,
    pub icer: core::option::Option<Decimal>,
}

/// The analysis: frontier rows first in order of removals, then the others
/// in order of removals; and the options left out because they have fewer
/// removals than the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub rows: Vec<Row>,
    pub below_reference: Vec<usize>,
}

/// Why an analysis cannot be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrontierError {
    /// A difference or product does not fit an exact decimal.
    Overflow,
    /// The reference is strictly dominated by the option with this index, so it
    /// cannot be the status quo the others are measured from.
    ReferenceDominated { by: usize },
}

/// Runs the analysis on `options`, with `reference` (an index) as the status quo.
pub fn analyse(
    options: &[Option],
    reference: core::option::Option<usize>,
) -> Result<Analysis, FrontierError> {
    let (mut candidates, below_reference): (Vec<usize>, Vec<usize>) = match reference {
        None => ((0..options.len()).collect(), Vec::new()),
        Some(r) => {
            (0..options.len()).partition(|&i| i == r || options[i].removals >= options[r].removals)
        }
    };
    let order = |a: &usize, b: &usize| {
        let (x, y) = (&options[*a], &options[*b]);
        x.removals
            .cmp(&y.removals)
            .then(x.total_cost.cmp(&y.total_cost))
            .then(a.cmp(b))
    };
    candidates.sort_by(order);

    let dominated = strictly_dominated(options, &candidates, reference);
    let mut frontier: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| !dominated[i])
        .collect();
    if let Some(r) = reference {
        if let Some(&by) = candidates
            .iter()
            .find(|&&j| j != r && strictly_better(options[j], options[r]))
        {
            return Err(FrontierError::ReferenceDominated { by });
        }
        // The status quo starts the frontier.
        frontier.sort_by(|a, b| (*a != r).cmp(&(*b != r)).then(order(a, b)));
    }
    let (frontier, extended) = without_extendedly_dominated(options, &frontier)?;

    let mut rows = Vec::with_capacity(options.len());
    for (position, &index) in frontier.iter().enumerate() {
        let (incremental_cost, incremental_removals, icer) = match position {
            0 => (None, None, None),
            _ => {
                let (cost, removals, icer) = increments(options, frontier[position - 1], index)?;
                (Some(cost), Some(removals), Some(icer))
            }
        };
        rows.push(Row {
            index,
            status: Status::Frontier,
            incremental_cost,
            incremental_removals,
            icer,
        });
    }
    // In candidate order, which is the order of removals.
    let others = candidates
        .iter()
        .copied()
        .filter(|&i| dominated[i] || extended[i]);
    for index in others {
        rows.push(Row {
            index,
            status: if extended[index] {
                Status::ExtendedlyDominated
            } else {
                Status::Dominated
            },
            incremental_cost: None,
            incremental_removals: None,
            icer: None,
        });
    }
    Ok(Analysis {
        rows,
        below_reference,
    })
}

/// Which options (by index into `options`) are strictly dominated: another
/// candidate costs no more and removes no fewer, and is better in one; or is
/// identical and given earlier, or is the reference (the tie rule). The
/// reference itself is never marked.
///
/// `candidates` is in order of removals, then cost, then index. Rather than
/// compare every pair (a hundred thousand files would be 10¹⁰ comparisons),
/// one sweep from the most removals down keeps the cheapest cost seen among
/// options with more removals: an option is dominated if that is no dearer,
/// or if an option with the same removals costs less, or ties it and wins
/// the tie.
fn strictly_dominated(
    options: &[Option],
    candidates: &[usize],
    reference: core::option::Option<usize>,
) -> Vec<bool> {
    let mut dominated = vec![false; options.len()];
    // The cheapest cost among options with more removals than the group at hand.
    let mut cheapest_above: core::option::Option<Decimal> = None;
    let mut end = candidates.len();
    while end > 0 {
        let removals = options[candidates[end - 1]].removals;
        let start = candidates[..end]
            .iter()
            .rposition(|&i| options[i].removals != removals)
            .map_or(0, |p| p + 1);
        let group = &candidates[start..end];
        // Sorted by cost then index: the first is the cheapest, and of the
        // options tied with it the first given wins, unless the reference is
        // one of them.
        let cheapest = options[group[0]].total_cost;
        let tied = group
            .iter()
            .take_while(|&&i| options[i].total_cost == cheapest);
        let winner = tied
            .clone()
            .find(|&&i| Some(i) == reference)
            .or_else(|| tied.clone().next())
            .copied();
        for &i in group {
            let cost = options[i].total_cost;
            dominated[i] = Some(i) != reference
                && (cheapest_above.is_some_and(|above| above <= cost)
                    || cost > cheapest
                    || Some(i) != winner);
        }
        cheapest_above = Some(cheapest_above.map_or(cheapest, |above| above.min(cheapest)));
        end = start;
    }
    dominated
}

/// `frontier` without its extendedly dominated options, and which options
/// those are (by index into `options`).
///
/// The rule is "find the first ICER higher than the next one, take that
/// option out, recompute, repeat". Everything before the first violation
/// has rising ICERs and is not touched by a removal after it, so the same
/// removals, in the same order, come from one pass with a stack: each option
/// takes out the options before it whose ICER is higher than its own (the
/// usual convex-hull sweep), one ICER per pair that ever becomes adjacent.
fn without_extendedly_dominated(
    options: &[Option],
    frontier: &[usize],
) -> Result<(Vec<usize>, Vec<bool>), FrontierError> {
    // The rule computes every neighbour's ICER before the first removal, so an
    // overflow anywhere along the frontier is an error even if the option it
    // involves is later taken out.
    for pair in frontier.windows(2) {
        increments(options, pair[0], pair[1])?;
    }
    let mut extended = vec![false; options.len()];
    // kept[k] and the ICER from kept[k - 1] to it (None for the first).
    let mut kept: Vec<(usize, core::option::Option<Decimal>)> = Vec::with_capacity(frontier.len());
    for &next in frontier {
        loop {
            let Some(&(last, last_icer)) = kept.last() else {
                kept.push((next, None));
                break;
            };
            let (_, _, icer) = increments(options, last, next)?;
            if last_icer.is_some_and(|previous| previous > icer) {
                extended[last] = true;
                kept.pop();
            } else {
                kept.push((next, Some(icer)));
                break;
            }
        }
    }
    Ok((kept.into_iter().map(|(i, _)| i).collect(), extended))
}

/// Costs no more and removes no fewer, and is better in at least one.
fn strictly_better(a: Option, b: Option) -> bool {
    a.total_cost <= b.total_cost
        && a.removals >= b.removals
        && (a.total_cost < b.total_cost || a.removals > b.removals)
}

/// (Δ cost, Δ removals, ICER) from option `from` to option `to`.
fn increments(
    options: &[Option],
    from: usize,
    to: usize,
) -> Result<(Decimal, Decimal, Decimal), FrontierError> {
    let exact = |r: Result<Decimal, crate::money::arithmetic::Overflow>| {
        r.map_err(|_| FrontierError::Overflow)
    };
    let cost = exact(crate::money::arithmetic::subtract(
        options[to].total_cost,
        options[from].total_cost,
        "incremental cost",
    ))?;
    let removals = exact(crate::money::arithmetic::subtract(
        options[to].removals,
        options[from].removals,
        "incremental removals",
    ))?;
    // Frontier neighbours always differ in removals (equal removals at a
    // different cost would be dominated), so the division is defined.
    let icer = cost.checked_div(removals).ok_or(FrontierError::Overflow)?;
    Ok((cost, removals, icer))
}

/// Net benefit at a willingness to pay per removal: `wtp × removals − total cost`.
pub fn net_benefit(option: Option, wtp: Decimal) -> core::option::Option<Decimal> {
    wtp.checked_mul(option.removals)?
        .checked_sub(option.total_cost)
}

/// Evaluated scenarios as options on the cost-effectiveness frontier, and
/// their analysis.
pub struct Frontier {
    pub entries: Vec<Entry>,
    pub options: Vec<Option>,
    pub analysis: Analysis,
    pub reference: std::option::Option<usize>,
    pub currency: String,
}

/// The frontier of `entries`, measured from the one `reference` names
/// (its name, or its file's path or name) or from the cheapest.
pub fn of_entries(
    entries: Vec<Entry>,
    reference: std::option::Option<&str>,
) -> Result<Frontier, Unplaced> {
    let currencies = currencies(&entries);
    if currencies.len() > 1 {
        return Err(Unplaced(format!(
            "the options are in different currencies ({}), so their costs cannot be compared: \
             add --currency USD --price-year 2024",
            currencies.join(", ")
        )));
    }
    let years: Vec<Vec<u16>> = entries
        .iter()
        .map(|entry| cost_price_years(&entry.scenario))
        .collect();
    if years.iter().any(|of_one| *of_one != years[0]) {
        let mut all = years.concat();
        all.sort_unstable();
        all.dedup();
        let list: Vec<String> = all.iter().map(u16::to_string).collect();
        return Err(Unplaced(format!(
            "the options' costs are in different years' prices ({}), so they cannot be \
             compared as they stand: add --price-year {} to put them all in one year's prices",
            list.join(", "),
            all.last().copied().unwrap_or(2024)
        )));
    }
    let currency = currencies.first().cloned().unwrap_or_default();
    let mut options_list = Vec::with_capacity(entries.len());
    for entry in &entries {
        match (entry.metrics.total_cost, entry.metrics.removals) {
            (Some(total_cost), Some(removals)) => options_list.push(Option {
                total_cost,
                removals: removals.count,
            }),
            _ => {
                return Err(Unplaced(format!(
                    "{} ({}) has no removals figure, so it has no place on the frontier: \
                     add outcomes.removals, or planned with block_probability",
                    entry.scenario.name, entry.file
                )));
            }
        }
    }
    let reference = match reference {
        None => None,
        Some(name) => Some(find_reference(&entries, name).map_err(Unplaced)?),
    };
    let analysis = match analyse(&options_list, reference) {
        Ok(analysis) => analysis,
        Err(FrontierError::ReferenceDominated { by }) => {
            return Err(Unplaced(format!(
                "the reference \"{}\" is dominated by \"{}\", which costs no more and removes no \
                 fewer: it cannot be the status quo the others are measured from",
                entries[reference.unwrap_or(0)].scenario.name,
                entries[by].scenario.name
            )));
        }
        Err(FrontierError::Overflow) => {
            return Err(Unplaced(
                "the incremental costs cannot be computed exactly: the numbers are too large"
                    .to_string(),
            ));
        }
    };
    Ok(Frontier {
        entries,
        options: options_list,
        analysis,
        reference,
        currency,
    })
}

/// Why the options have no frontier, in words for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced(pub String);

impl std::fmt::Display for Unplaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The index of the scenario named `name` (its name, or its file's path or name).
fn find_reference(entries: &[Entry], name: &str) -> Result<usize, String> {
    let file_name = |e: &Entry| {
        std::path::Path::new(&e.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let matches: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            let e = &entries[i];
            e.scenario.name == name || e.file == name || file_name(e) == name
        })
        .collect();
    match matches[..] {
        [index] => Ok(index),
        [] => {
            let names: Vec<&str> = entries.iter().map(|e| e.scenario.name.as_str()).collect();
            let hint = match closest(name, names.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!(
                    "use a scenario's name or file: \"{}\"",
                    names.join("\", \"")
                ),
            };
            Err(format!(
                "--reference \"{name}\" is not one of the options; {hint}"
            ))
        }
        _ => Err(format!(
            "--reference \"{name}\" names {} options; use the file path to choose one",
            matches.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(list: &[(i64, &str)]) -> Vec<Option> {
        list.iter()
            .map(|(cost, removals)| Option {
                total_cost: Decimal::from(*cost),
                removals: removals.parse().unwrap(),
            })
            .collect()
    }

    fn statuses(analysis: &Analysis) -> Vec<(usize, &'static str)> {
        analysis
            .rows
            .iter()
            .map(|row| (row.index, row.status.as_str()))
            .collect()
    }

    /// The worked example of the VA Health Economics Resource Center (HERC),
    /// "Cost-Effectiveness Analysis"
    /// (https://www.herc.research.va.gov/include/page.asp?id=cost-effectiveness-analysis),
    /// also the test case of dampack's `calculate_icers`
    /// (DARTH-git/dampack, tests/testthat/test_calculate_icers.R). Six options
    /// (cost, effect): E (55,000, 5), D (35,000, 4), C (25,000, 3),
    /// B (10,000, 2), A (12,000, 1.5), UC (5,000, 1).
    ///
    /// By hand: A costs more than B and does less: dominated. Along UC, B, C, D,
    /// E the ICERs are 5,000 (B), 15,000 (C), 10,000 (D), 20,000 (E); C's
    /// 15,000 > D's 10,000, so C is extendedly dominated. Without C: B 5,000,
    /// D (35,000 − 10,000) ÷ (4 − 2) = 12,500, E 20,000: rising, done.
    #[test]
    fn the_herc_worked_example() {
        let list = options(&[
            (55_000, "5"),   // 0 E
            (35_000, "4"),   // 1 D
            (25_000, "3"),   // 2 C
            (10_000, "2"),   // 3 B
            (12_000, "1.5"), // 4 A
            (5_000, "1"),    // 5 UC
        ]);
        let analysis = analyse(&list, None).unwrap();
        assert_eq!(
            statuses(&analysis),
            [
                (5, "frontier"),
                (3, "frontier"),
                (1, "frontier"),
                (0, "frontier"),
                (4, "dominated"),
                (2, "extendedly_dominated"),
            ]
        );
        let icers: Vec<core::option::Option<Decimal>> =
            analysis.rows.iter().map(|r| r.icer).collect();
        let d = |v: i64| Some(Decimal::from(v));
        assert_eq!(icers, [None, d(5_000), d(12_500), d(20_000), None, None]);
        assert_eq!(analysis.rows[2].incremental_cost, d(25_000));
        assert_eq!(analysis.rows[2].incremental_removals, d(2));
    }

    #[test]
    fn ties_keep_the_first_given() {
        // Two identical options: the second is dominated by the tie rule.
        let list = options(&[(100, "10"), (50, "5"), (100, "10")]);
        let analysis = analyse(&list, None).unwrap();
        assert_eq!(
            statuses(&analysis),
            [(1, "frontier"), (0, "frontier"), (2, "dominated")]
        );
    }

    #[test]
    fn a_single_option_is_the_frontier() {
        let analysis = analyse(&options(&[(700, "0")]), None).unwrap();
        assert_eq!(statuses(&analysis), [(0, "frontier")]);
        assert_eq!(analysis.rows[0].icer, None);
    }

    #[test]
    fn zero_removals_at_a_cost_is_dominated_by_anything_cheaper() {
        // 700 for nobody vs 300 for 7: dominated. 0 for 0 stays (doing nothing).
        let list = options(&[(700, "0"), (300, "7"), (0, "0")]);
        let analysis = analyse(&list, None).unwrap();
        assert_eq!(
            statuses(&analysis),
            [(2, "frontier"), (1, "frontier"), (0, "dominated")]
        );
        // ICER of the second frontier option: (300 − 0) ÷ (7 − 0) = 42.857...
        assert_eq!(
            analysis.rows[1].icer.unwrap().round_dp(3),
            "42.857".parse().unwrap()
        );
    }

    #[test]
    fn a_reference_starts_the_frontier_and_leaves_out_options_below_it() {
        // Reference B (10 removals for 1,000). A removes fewer: left out. C: 20 for
        // 1,500 → ICER 500 ÷ 10 = 50.
        let list = options(&[(500, "5"), (1_000, "10"), (1_500, "20")]);
        let analysis = analyse(&list, Some(1)).unwrap();
        assert_eq!(statuses(&analysis), [(1, "frontier"), (2, "frontier")]);
        assert_eq!(analysis.below_reference, [0]);
        assert_eq!(analysis.rows[1].icer, Some(Decimal::from(50)));
        // A reference that another option beats on both counts is refused.
        let list = options(&[(900, "10"), (1_000, "10")]);
        assert_eq!(
            analyse(&list, Some(1)),
            Err(FrontierError::ReferenceDominated { by: 0 })
        );
        // A tie with the reference: the reference stays, the other is dominated.
        let list = options(&[(1_000, "10"), (1_000, "10")]);
        let analysis = analyse(&list, Some(1)).unwrap();
        assert_eq!(statuses(&analysis), [(1, "frontier"), (0, "dominated")]);
    }

    #[test]
    fn net_benefit_is_value_of_removals_less_cost() {
        // 20,000 × 7 − 100,000 = 40,000.
        let option = Option {
            total_cost: Decimal::from(100_000),
            removals: Decimal::from(7),
        };
        assert_eq!(
            net_benefit(option, Decimal::from(20_000)),
            Some(Decimal::from(40_000))
        );
    }

    /// One option can take out several before it. Options (cost, removals):
    /// O (0, 0), P (90, 1), Q (170, 2), R (240, 3), S (250, 10), T (5_000, 11).
    /// By hand, ICERs along O P Q R S T: P 90, Q 80, R 70, S 10/7 = 1.43, T 4,750.
    /// P's 90 > Q's 80: P out. O Q R S T: Q 85, R 70: Q out. O R S T: R 80,
    /// S 10/7: R out. O S T: S 25, T 4,750: rising, done. No option is
    /// strictly dominated (each costs more and removes more than the last).
    #[test]
    fn extended_dominance_takes_out_every_option_a_later_mix_beats() {
        let list = options(&[
            (0, "0"),
            (90, "1"),
            (170, "2"),
            (240, "3"),
            (250, "10"),
            (5_000, "11"),
        ]);
        let analysis = analyse(&list, None).unwrap();
        assert_eq!(
            statuses(&analysis),
            [
                (0, "frontier"),
                (4, "frontier"),
                (5, "frontier"),
                (1, "extendedly_dominated"),
                (2, "extendedly_dominated"),
                (3, "extendedly_dominated"),
            ]
        );
        let icers: Vec<_> = analysis.rows.iter().map(|r| r.icer).collect();
        // S: 250 ÷ 10 = 25; T: (5,000 − 250) ÷ (11 − 10) = 4,750.
        let d = |v: i64| Some(Decimal::from(v));
        assert_eq!(icers, [None, d(25), d(4_750), None, None, None]);
    }

    /// The rules exactly as the module comment states them, one pair at a
    /// time: the analysis must agree with this on any options.
    fn by_the_rules(
        options: &[Option],
        reference: core::option::Option<usize>,
    ) -> Result<Analysis, FrontierError> {
        let (mut candidates, below_reference): (Vec<usize>, Vec<usize>) = match reference {
            None => ((0..options.len()).collect(), Vec::new()),
            Some(r) => (0..options.len())
                .partition(|&i| i == r || options[i].removals >= options[r].removals),
        };
        let order = |a: &usize, b: &usize| {
            let (x, y) = (&options[*a], &options[*b]);
            (x.removals, x.total_cost, a).cmp(&(y.removals, y.total_cost, b))
        };
        candidates.sort_by(order);
        let dominated: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| {
                Some(i) != reference
                    && candidates.iter().any(|&j| {
                        let (me, other) = (options[i], options[j]);
                        j != i
                            && other.total_cost <= me.total_cost
                            && other.removals >= me.removals
                            && (strictly_better(other, me) || j < i || Some(j) == reference)
                    })
            })
            .collect();
        let mut frontier: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|i| !dominated.contains(i))
            .collect();
        if let Some(r) = reference {
            if let Some(&by) = candidates
                .iter()
                .find(|&&j| j != r && strictly_better(options[j], options[r]))
            {
                return Err(FrontierError::ReferenceDominated { by });
            }
            frontier.sort_by(|a, b| (*a != r).cmp(&(*b != r)).then(order(a, b)));
        }
        let mut extended = Vec::new();
        loop {
            let icers = frontier
                .windows(2)
                .map(|pair| increments(options, pair[0], pair[1]).map(|(_, _, icer)| icer))
                .collect::<Result<Vec<_>, _>>()?;
            let Some(k) = (0..icers.len().saturating_sub(1)).find(|&k| icers[k] > icers[k + 1])
            else {
                break;
            };
            extended.push(frontier.remove(k + 1));
        }
        let mut rows = Vec::new();
        for (position, &index) in frontier.iter().enumerate() {
            let step = match position {
                0 => None,
                _ => Some(increments(options, frontier[position - 1], index)?),
            };
            rows.push(Row {
                index,
                status: Status::Frontier,
                incremental_cost: step.map(|s| s.0),
                incremental_removals: step.map(|s| s.1),
                icer: step.map(|s| s.2),
            });
        }
        let mut others: Vec<usize> = dominated.iter().chain(&extended).copied().collect();
        others.sort_by(order);
        for index in others {
            let status = if extended.contains(&index) {
                Status::ExtendedlyDominated
            } else {
                Status::Dominated
            };
            rows.push(Row {
                index,
                status,
                incremental_cost: None,
                incremental_removals: None,
                icer: None,
            });
        }
        Ok(Analysis {
            rows,
            below_reference,
        })
    }

    proptest::proptest! {
        /// Small ranges, so ties, equal removals and equal ICERs are common;
        /// a scale on some values, so 5 and 5.0 meet.
        #[test]
        fn the_sweep_agrees_with_the_rules_pair_by_pair(
            list in proptest::collection::vec((0i64..12, 0i64..8, proptest::bool::ANY), 0..14),
            reference in proptest::option::of(0usize..14),
        ) {
            let options: Vec<Option> = list
                .iter()
                .map(|&(cost, removals, scaled)| Option {
                    total_cost: Decimal::new(cost * 10, u32::from(scaled)),
                    removals: Decimal::from(removals),
                })
                .collect();
            let reference = reference.filter(|&r| r < options.len());
            proptest::prop_assert_eq!(analyse(&options, reference), by_the_rules(&options, reference));
        }
    }
}
