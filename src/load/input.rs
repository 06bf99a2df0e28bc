/*!
The numbers of a scenario that analyses change: `sweep`, `breakeven` and
`tornado` set them on a scenario already read, instead of reading its text
again for each value.

An input is named by the path users write with `--vary` and `--set`
(`outcomes.removals`, `cost[2].amount`, `baseline.cost_per_person`), parsed
once into an [`Address`]. [`set`] writes values at addresses and holds each to
the rules a value written in the file follows (the functions of `rules.rs`,
which the file reader uses too): its domain, and the rules it shares with
other fields, such as `blocked <= attempted`. A [`Problem`] says which of the
changes it is about, so the command can name the argument that gave it.
*/

use std::ops::Range;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::parse::key_suggestion;
use super::rules::{self, Broken};
use super::spec::Section;
use crate::diagnostic::{Diagnostic, Origin, closest};
use crate::model::distribution::Input;
use crate::model::{Baseline, Scenario};

/// A number of a scenario that can be set. Lines count from 0 here; paths
/// count from 1 (`cost[1]` is `CostAmount(0)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The deal's `years`.
    Years,
    PriceYear,
    CostAmount(usize),
    CostYears(usize),
    CostPriceYear(usize),
    CostYear(usize),
    CostStartYear(usize),
    Removals,
    Planned,
    BlockProbability,
    Attempted,
    Blocked,
    VoluntaryDepartures,
    OffshoreTransfers,
    LegalPeople(usize),
    BaselineCostPerPerson,
    BaselinePriceYear,
}

impl From<Input> for Field {
    fn from(input: Input) -> Field {
        match input {
            Input::CostAmount(i) => Field::CostAmount(i),
            Input::CostYears(i) => Field::CostYears(i),
            Input::Removals => Field::Removals,
            Input::Planned => Field::Planned,
            Input::BlockProbability => Field::BlockProbability,
            Input::Attempted => Field::Attempted,
            Input::Blocked => Field::Blocked,
            Input::BaselineCostPerPerson => Field::BaselineCostPerPerson,
        }
    }
}

impl Field {
    /// What a number for it is, which decides whether `60%` is read (as 0.6).
    pub fn unit(self) -> super::number::Unit {
        match self {
            Field::BlockProbability => super::number::Unit::Share,
            _ => super::number::Unit::Plain,
        }
    }
}

/// The keys that hold numbers, by section, for messages.
const NUMBERS: &str = "years, price_year, cost[N].amount, cost[N].years, cost[N].price_year, \
                       cost[N].year, cost[N].start_year, outcomes.removals, outcomes.planned, \
                       outcomes.block_probability, outcomes.attempted, outcomes.blocked, \
                       outcomes.voluntary_departures, outcomes.offshore_transfers, \
                       legal[N].people, baseline.cost_per_person, baseline.price_year";

/// An input, parsed from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// As the user wrote it (trimmed): `cost[2].amount`.
    pub path: String,
    pub field: Field,
    /// Where `[N]` is in `path`, for a line that turns out not to exist.
    line_span: Option<Range<usize>>,
    /// Where the key's name starts in `path` (after the last `.`).
    key_start: usize,
}

/// Where in an argument a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// Bytes of the path.
    Path(Range<usize>),
    /// The value.
    Value,
}

/// What is wrong with one of the changes asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Which change (their index in the list given to [`set_all`]; 0 for
    /// [`set`] and [`Address::parse`]).
    pub change: usize,
    pub at: At,
    pub message: String,
    pub help: String,
}

impl Problem {
    fn value(change: usize, broken: Broken) -> Problem {
        Problem {
            change,
            at: At::Value,
            message: broken.message,
            help: broken.help,
        }
    }

    /// The problem in `argument`, the `PATH=VALUE` (or `PATH=...`) that gave
    /// the change, which is the related text numbered `change + 1`.
    pub fn diagnostic(self, argument: &str) -> Diagnostic {
        let span = match self.at {
            At::Path(span) => span,
            At::Value => argument.find('=').map_or(0, |i| i + 1)..argument.len(),
        };
        let origin = Origin(u16::try_from(self.change + 1).unwrap_or(u16::MAX));
        Diagnostic::at(span, self.message)
            .in_origin(origin)
            .with_help(self.help)
    }

    fn path(span: Range<usize>, message: String, help: String) -> Problem {
        Problem {
            change: 0,
            at: At::Path(span),
            message,
            help,
        }
    }
}

impl Address {
    /// Parses a path as `--set` writes it; the problem points into `path`
    /// (trimmed).
    pub fn parse(path: &str) -> Result<Address, Problem> {
        use super::compose::{Override, Step};
        let path = path.trim();
        let whole = || 0..path.len();
        // The path syntax of `--set`, with a value that is never used.
        let steps = Override::parse(&format!("{path}=0"))
            .map_err(|why| Problem::path(whole(), why, format!("such as {}", example())))?
            .path;
        let key = |step: &Step| match step {
            Step::Key { name, span } => Some((name.clone(), span.clone())),
            Step::Element { .. } => None,
        };
        let (first, first_span) = key(&steps[0]).unwrap_or_default();
        let section = match first.as_str() {
            "cost" => Some(Section::Cost),
            "outcomes" => Some(Section::Outcomes),
            "legal" => Some(Section::Legal),
            "baseline" => Some(Section::Baseline),
            "source" => Some(Section::Source),
            _ => None,
        };
        let lists = matches!(
            section,
            Some(Section::Cost | Section::Legal | Section::Source)
        );
        let (line, line_span, rest) = match (&steps[1..], lists) {
            ([Step::Element { number, span }, rest @ ..], true) => {
                (Some(*number), Some(span.clone()), rest)
            }
            ([Step::Element { span, .. }, ..], false) => {
                return Err(Problem::path(
                    span.clone(),
                    format!("`{first}` is not a list, so it has no [N]"),
                    format!("set `{first}.KEY` instead"),
                ));
            }
            (_, true) => {
                return Err(Problem::path(
                    first_span,
                    format!("`{first}` is a list"),
                    format!("go through one line of it, numbered from 1: {first}[1]..."),
                ));
            }
            (rest, false) => (None, None, rest),
        };
        let (section, key, key_span) = match (section, rest) {
            (None, []) => (Section::Top, first, first_span),
            (Some(section), [step]) if key(step).is_some() => {
                let (name, span) = key(step).unwrap_or_default();
                (section, name, span)
            }
            (Some(_), []) => {
                return Err(Problem::path(
                    whole(),
                    format!("`{path}` is a table, not a number"),
                    format!("name one of its numbers, such as {}", example()),
                ));
            }
            _ => {
                return Err(Problem::path(
                    whole(),
                    format!("`{path}` is not one of the scenario's numbers"),
                    format!("the numbers that can be set are {NUMBERS}"),
                ));
            }
        };
        if !section.has_key(&key) {
            return Err(Problem::path(
                key_span,
                format!("unknown key `{key}` {}", section.location()),
                key_suggestion(section, &key),
            ));
        }
        let i = line.map_or(0, |n| n.wrapping_sub(1));
        let field = match (section, key.as_str()) {
            (Section::Top, "years") => Field::Years,
            (Section::Top, "price_year") => Field::PriceYear,
            (Section::Cost, "amount") => Field::CostAmount(i),
            (Section::Cost, "years") => Field::CostYears(i),
            (Section::Cost, "price_year") => Field::CostPriceYear(i),
            (Section::Cost, "year") => Field::CostYear(i),
            (Section::Cost, "start_year") => Field::CostStartYear(i),
            (Section::Outcomes, "removals") => Field::Removals,
            (Section::Outcomes, "planned") => Field::Planned,
            (Section::Outcomes, "block_probability") => Field::BlockProbability,
            (Section::Outcomes, "attempted") => Field::Attempted,
            (Section::Outcomes, "blocked") => Field::Blocked,
            (Section::Outcomes, "voluntary_departures") => Field::VoluntaryDepartures,
            (Section::Outcomes, "offshore_transfers") => Field::OffshoreTransfers,
            (Section::Legal, "people") => Field::LegalPeople(i),
            (Section::Baseline, "cost_per_person") => Field::BaselineCostPerPerson,
            (Section::Baseline, "price_year") => Field::BaselinePriceYear,
            _ => {
                let numbers = NUMBERS
                    .split(", ")
                    .map(|n| n.replace("[N]", ""))
                    .collect::<Vec<_>>();
                let help = match closest(
                    &key,
                    numbers.iter().map(|n| n.rsplit('.').next().unwrap_or(n)),
                ) {
                    Some(near) => format!(
                        "`{key}` is not a number; did you mean `{near}`? The numbers that can \
                         be set are {NUMBERS}"
                    ),
                    None => format!("the numbers that can be set are {NUMBERS}"),
                };
                return Err(Problem::path(
                    key_span,
                    format!("`{path}` is not a number, so it cannot be varied"),
                    help,
                ));
            }
        };
        Ok(Address {
            path: path.to_string(),
            field,
            line_span,
            key_start: key_start(path),
        })
    }

    /// The address of an uncertain input, whose path the reader wrote.
    pub fn of_input(path: &str, input: Input) -> Address {
        Address {
            path: path.to_string(),
            field: input.into(),
            line_span: None,
            key_start: key_start(path),
        }
    }

    /// Whether the scenario has this input's line (for `cost[N]`,
    /// `legal[N]`), or why not, listing the lines it has.
    pub fn locate(&self, scenario: &Scenario) -> Result<(), Problem> {
        let (list, labels): (&str, Vec<&str>) = match self.field {
            Field::CostAmount(_)
            | Field::CostYears(_)
            | Field::CostPriceYear(_)
            | Field::CostYear(_)
            | Field::CostStartYear(_) => (
                "cost",
                scenario.costs.iter().map(|l| l.item.as_str()).collect(),
            ),
            Field::LegalPeople(_) => (
                "legal",
                scenario.legal.iter().map(|e| e.court.as_str()).collect(),
            ),
            _ => return Ok(()),
        };
        let i = self.line().unwrap_or(usize::MAX);
        if i < labels.len() {
            return Ok(());
        }
        let number = i.wrapping_add(1);
        let listed = labels
            .iter()
            .enumerate()
            .map(|(i, label)| format!("{list}[{}] \"{label}\"", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match (labels.len(), number) {
            (0, _) => format!("the scenario has no `{list}` lines"),
            (_, 0) => format!("lines are numbered from 1: {listed}"),
            (count, _) => format!("it has {count}: {listed}"),
        };
        Err(Problem::path(
            self.line_span.clone().unwrap_or(0..self.path.len()),
            format!("there is no `{list}[{number}]`"),
            help,
        ))
    }

    fn line(&self) -> Option<usize> {
        match self.field {
            Field::CostAmount(i)
            | Field::CostYears(i)
            | Field::CostPriceYear(i)
            | Field::CostYear(i)
            | Field::CostStartYear(i)
            | Field::LegalPeople(i) => Some(i),
            _ => None,
        }
    }

    /// The key's name, as in a file and in messages: `amount`, `removals`.
    fn key(&self) -> &str {
        &self.path[self.key_start..]
    }
}

/// Where the key's name starts in `path`: after its last `.`, if any.
fn key_start(path: &str) -> usize {
    path.rfind('.').map_or(0, |dot| dot + 1)
}

fn example() -> &'static str {
    "outcomes.removals or cost[1].amount"
}

/// A value as the file reader would read it from the text `--set` writes:
/// trailing zeros dropped (`2.50` is written `2.5`) and zero without a sign.
pub fn as_written(value: Decimal) -> Decimal {
    let value = value.normalize();
    if value.is_zero() {
        Decimal::ZERO
    } else {
        value
    }
}

/// Sets one input; see [`set_all`].
pub fn set(scenario: &mut Scenario, address: &Address, value: Decimal) -> Result<(), Vec<Problem>> {
    set_all(scenario, &[(address, value)])
}

/// Sets each input to its value, then checks the rules between fields that
/// any of them touch, as the file reader would check the scenario with these
/// values written in it. A value given in the file as a distribution is a
/// number from now on (as with `--set`).
///
/// On a problem, the scenario may hold some of the values: set them all
/// again (as each point of a sweep does) or start from a copy.
pub fn set_all(
    scenario: &mut Scenario,
    changes: &[(&Address, Decimal)],
) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    for (change, (address, value)) in changes.iter().enumerate() {
        if let Err(mut problem) = write(scenario, address, as_written(*value)) {
            problem.change = change;
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    cap_departures(scenario, changes);
    for (change, broken) in shared_rules(scenario, changes) {
        problems.push(Problem::value(change, broken));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Puts back the value `field` has in `original`, the scenario `scenario` is
/// a copy of, after other values were tried (its distribution aside).
pub fn restore(scenario: &mut Scenario, original: &Scenario, field: Field) {
    let (to, from) = (&mut *scenario, original);
    let line = |i: usize| from.costs.get(i);
    match field {
        Field::Years => to.years = from.years,
        Field::PriceYear => to.price_year = from.price_year,
        Field::CostAmount(i)
        | Field::CostYears(i)
        | Field::CostPriceYear(i)
        | Field::CostYear(i)
        | Field::CostStartYear(i) => {
            if let (Some(to), Some(from)) = (to.costs.get_mut(i), line(i)) {
                match field {
                    Field::CostAmount(_) => to.amount = from.amount,
                    Field::CostYears(_) => to.years = from.years,
                    Field::CostPriceYear(_) => to.price_year = from.price_year,
                    Field::CostYear(_) => to.year = from.year,
                    _ => to.start_year = from.start_year,
                }
            }
        }
        Field::Removals => {
            // With the count it may have been capped at.
            to.outcomes.removals = from.outcomes.removals;
            to.outcomes.voluntary_departures = from.outcomes.voluntary_departures;
            to.outcomes.voluntary_departures_capped_from =
                from.outcomes.voluntary_departures_capped_from;
        }
        Field::Planned => to.outcomes.planned = from.outcomes.planned,
        Field::BlockProbability => {
            to.outcomes.block_probability = from.outcomes.block_probability;
        }
        Field::Attempted => to.outcomes.attempted = from.outcomes.attempted,
        Field::Blocked => to.outcomes.blocked = from.outcomes.blocked,
        Field::VoluntaryDepartures => {
            to.outcomes.voluntary_departures = from.outcomes.voluntary_departures;
            to.outcomes.voluntary_departures_capped_from =
                from.outcomes.voluntary_departures_capped_from;
        }
        Field::OffshoreTransfers => {
            to.outcomes.offshore_transfers = from.outcomes.offshore_transfers;
        }
        Field::LegalPeople(i) => {
            if let (Some(to), Some(from)) = (to.legal.get_mut(i), from.legal.get(i)) {
                to.people = from.people;
            }
        }
        Field::BaselineCostPerPerson | Field::BaselinePriceYear => {
            to.baseline.clone_from(&from.baseline);
        }
    }
}

/// Writes one value after checking it on its own.
fn write(scenario: &mut Scenario, address: &Address, value: Decimal) -> Result<(), Problem> {
    address.locate(scenario)?;
    let key = address.key();
    let broken = |broken: Broken| Problem::value(0, broken);
    let whole = || -> Result<u64, Problem> {
        if value.scale() > 0 {
            return Err(broken(rules::not_whole(key, &value.to_string())));
        }
        match value.to_u64() {
            Some(count) => Ok(count),
            None => rules::whole(key, &value.to_string()).map_err(broken),
        }
    };
    let year = || -> Result<u16, Problem> { rules::year(key, whole()?).map_err(broken) };
    let check = |rule: Option<Broken>| rule.map_or(Ok(()), |b| Err(broken(b)));
    // A key that does not belong on the line is pointed at, as in a file.
    let key_span = address.path.len() - key.len()..address.path.len();
    let misplaced = |rule: Option<Broken>| {
        rule.map_or(Ok(()), |b| {
            Err(Problem::path(key_span.clone(), b.message, b.help))
        })
    };
    let i = address.line().unwrap_or(0);
    match address.field {
        Field::Years => {
            check(rules::years(value))?;
            scenario.years = Some(value);
        }
        Field::PriceYear => scenario.price_year = Some(year()?),
        Field::CostAmount(_) => {
            check(rules::amount(value))?;
            scenario.costs[i].amount = value;
        }
        Field::CostYears(_) => {
            // As in a file: `years` on the wrong basis is that problem alone.
            misplaced(rules::years_on_basis(scenario.costs[i].basis))?;
            check(rules::years(value))?;
            scenario.costs[i].years = Some(value);
        }
        Field::CostPriceYear(_) => scenario.costs[i].price_year = Some(year()?),
        Field::CostYear(_) => {
            let year = year()?;
            misplaced(rules::year_on_basis(scenario.costs[i].basis))?;
            scenario.costs[i].year = Some(year);
        }
        Field::CostStartYear(_) => {
            misplaced(rules::start_year_on_basis(scenario.costs[i].basis))?;
            scenario.costs[i].start_year = Some(year()?);
        }
        Field::Removals => scenario.outcomes.removals = Some(whole()?),
        Field::Planned => scenario.outcomes.planned = Some(whole()?),
        Field::BlockProbability => {
            check(rules::block_probability(value))?;
            scenario.outcomes.block_probability = Some(value);
        }
        Field::Attempted => scenario.outcomes.attempted = Some(whole()?),
        Field::Blocked => scenario.outcomes.blocked = Some(whole()?),
        Field::VoluntaryDepartures => {
            // A value given for it is the user's own: never capped.
            scenario.outcomes.voluntary_departures = Some(whole()?);
            scenario.outcomes.voluntary_departures_capped_from = None;
        }
        Field::OffshoreTransfers => scenario.outcomes.offshore_transfers = Some(whole()?),
        Field::LegalPeople(_) => scenario.legal[i].people = Some(whole()?),
        Field::BaselineCostPerPerson => {
            check(rules::cost_per_person(value))?;
            match &mut scenario.baseline {
                Some(baseline) => baseline.cost_per_person = value,
                None => {
                    scenario.baseline = Some(Baseline {
                        label: None,
                        cost_per_person: value,
                        price_year: None,
                        source: None,
                        note: None,
                    });
                }
            }
        }
        Field::BaselinePriceYear => {
            let year = year()?;
            match &mut scenario.baseline {
                Some(baseline) => baseline.price_year = Some(year),
                // As in a file, where [baseline] needs its cost_per_person.
                None => {
                    return Err(Problem::path(
                        0..address.path.len(),
                        "the scenario has no [baseline] to give a price year".into(),
                        "set baseline.cost_per_person too, or give the file a [baseline]".into(),
                    ));
                }
            }
        }
    }
    if !scenario.uncertain.is_empty() {
        scenario
            .uncertain
            .retain(|u| Field::from(u.input) != address.field);
    }
    Ok(())
}

/// The rules between fields that the changes touch, each with the change to
/// blame: the field the file reader points at when it was changed (`blocked`
/// for `blocked <= attempted`), otherwise the changed field the rule is about.
fn shared_rules(scenario: &Scenario, changes: &[(&Address, Decimal)]) -> Vec<(usize, Broken)> {
    let changed = |fields: &[Field]| {
        fields
            .iter()
            .find_map(|f| changes.iter().position(|(a, _)| a.field == *f))
    };
    let outcomes = &scenario.outcomes;
    let mut broken = Vec::new();
    if outcomes.block_probability.is_some()
        && let Some(change) = changed(&[Field::BlockProbability, Field::Removals])
        && let Some(rule) =
            rules::block_probability_needs(outcomes.removals.is_some(), outcomes.planned.is_some())
    {
        broken.push((change, rule));
    }
    if let Some(blocked) = outcomes.blocked
        && let Some(change) = changed(&[Field::Blocked, Field::Attempted])
        && let Some(rule) = rules::blocked(blocked, outcomes.attempted)
    {
        broken.push((change, rule));
    }
    if let Some(voluntary) = outcomes.voluntary_departures
        && let Some(change) = changed(&[Field::VoluntaryDepartures, Field::Removals])
        && let Err(rule) = rules::voluntary_departures_within(voluntary, outcomes.removals, false)
    {
        broken.push((change, rule));
    }
    broken
}

/// When the changes set `removals` but not `voluntary_departures`, holds the
/// file's `voluntary_departures` to the new `removals` by the one rule
/// ([`rules::voluntary_departures_within`]): capped when it no longer fits,
/// and back to the file's value when a later change (the next point of a
/// sweep) makes room for it again.
fn cap_departures(scenario: &mut Scenario, changes: &[(&Address, Decimal)]) {
    let touches = |field: Field| changes.iter().any(|(a, _)| a.field == field);
    if !touches(Field::Removals) || touches(Field::VoluntaryDepartures) {
        return;
    }
    let outcomes = &mut scenario.outcomes;
    if let Some(written) = outcomes.voluntary_departures_capped_from.take() {
        outcomes.voluntary_departures = Some(written);
    }
    if let Some(voluntary) = outcomes.voluntary_departures
        && let Ok(Some(capped)) =
            rules::voluntary_departures_within(voluntary, outcomes.removals, true)
    {
        outcomes.voluntary_departures = Some(capped);
        outcomes.voluntary_departures_capped_from = Some(voluntary);
    }
}

#[cfg(test)]
mod tests;
