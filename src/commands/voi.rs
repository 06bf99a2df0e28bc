/*!
`costcalc voi`: the value of information of a choice between two or more
scenarios (see [`crate::analysis::voi`] for the method): expected net
benefit, the probability each is best and EVPI at each willingness to pay, or
with `--evppi` the EVPPI of inputs and groups of inputs. Deals that cannot be
converted are left out of the choice as in `compare` ([`super::Partial`]).
*/

use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;

use super::{
    FAILURE, MoneyOptions, Partial, exit, finished, left_out_note, override_note, print_error,
    print_note, write_output,
};
use crate::analysis::voi::{self, Candidate, Estimate, Outcome, Request};
use crate::load::Override;
use crate::money::rounding::{NotDecimal, grouped};
use crate::render::export::number::{Fixed, human_money_scaled};
use crate::render::export::records::{self, Record, RecordColumn, Records, SampledKind};
use crate::render::export::{Format, TableOptions};

/// Exit code for a usage problem clap cannot see.
const USAGE: u8 = 2;

pub struct VoiOptions {
    pub paths: Vec<PathBuf>,
    pub wtp: Vec<Decimal>,
    pub samples: u64,
    pub seed: u64,
    /// Each `--evppi` value: its inputs (empty: every uncertain input, one
    /// row each). `None` without `--evppi`.
    pub evppi: Option<Vec<Vec<String>>>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub table: TableOptions,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
    /// `--keep-going`: write CSV and JSON without the deals that cannot be converted.
    pub keep_going: bool,
}

/// The columns of the choice (a published contract).
const CHOICE: [RecordColumn; 5] = [
    RecordColumn::new("wtp", "WTP", true),
    RecordColumn::new("scenario", "Scenario", false),
    RecordColumn::new("expected_net_benefit", "Expected net benefit", true).terminal("E[NB]"),
    RecordColumn::new("probability_best", "P(best)", true),
    RecordColumn::new("evpi", "EVPI", true),
];
/// The columns of `--evppi` (a published contract).
const PARTIAL: [RecordColumn; 3] = [
    RecordColumn::new("wtp", "WTP", true),
    RecordColumn::new("inputs", "Inputs", false),
    RecordColumn::new("evppi", "EVPPI", true),
];
/// The tables' last column: CSV and JSON keep the contract's columns and say
/// the largest standard error in a note.
const STANDARD_ERROR: RecordColumn = RecordColumn::new("standard_error", "± se", true);

pub fn run(options: VoiOptions) -> ExitCode {
    if options.money.discount.is_some() {
        print_error(
            "voi does not discount: present values of uncertain payment streams are not \
             supported yet; leave out --discount-rate and --discount",
        );
        return exit(FAILURE);
    }
    let rule = Partial {
        outcome: "no value of information",
        read_apart: matches!(options.format, Format::Csv | Format::Json),
        keep_going: options.keep_going,
    };
    let ((loaded, models), left_out) =
        match super::models_of(&options.paths, &options.money, &options.overrides, rule) {
            Ok(found) => found,
            Err(code) => return code,
        };
    if models.len() < 2 && !left_out.is_empty() {
        // Not a usage problem: the others were named, but could not be converted.
        print_error(&format!(
            "no value of information: voi chooses between two or more scenarios, and only {} \
             ({}) can be converted",
            models.len(),
            models
                .iter()
                .map(|(file, _)| file.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return exit(FAILURE);
    }
    if models.len() < 2 {
        let found = models
            .iter()
            .map(|(file, _)| file.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        print_error(&format!(
            "voi compares two or more scenarios and found {} ({}): name another scenario file \
             to choose between",
            models.len(),
            if found.is_empty() { "none" } else { &found }
        ));
        return exit(USAGE);
    }
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    if adjustments.conversion.is_none()
        && let Some(problem) = mixed_price_years(&loaded)
    {
        print_error(&problem);
        return exit(FAILURE);
    }
    let candidates: Vec<Candidate> = loaded
        .iter()
        .zip(&models)
        .map(|(loaded, (_, model))| Candidate::new(loaded, model.clone()))
        .collect();
    let names = voi::input_names(&candidates);
    let sets: Vec<Vec<String>> = match &options.evppi {
        None => Vec::new(),
        Some(groups) => groups
            .iter()
            .flat_map(|group| {
                if group.is_empty() {
                    names.iter().map(|name| vec![name.clone()]).collect()
                } else {
                    vec![group.clone()]
                }
            })
            .collect(),
    };
    let request = Request {
        samples: options.samples,
        seed: options.seed,
        wtp: options
            .wtp
            .iter()
            .map(|w| f64::try_from(*w).unwrap_or(f64::NAN))
            .collect(),
        evppi: sets,
    };
    if names.is_empty() {
        print_note(
            "no input of these scenarios is uncertain: every draw is the same, and EVPI is 0",
        );
    }
    let outcome = match voi::run(&candidates, &request) {
        Ok(outcome) => outcome,
        Err(error) => {
            print_error(&error.to_string());
            return exit(if error.is_usage() { USAGE } else { FAILURE });
        }
    };
    let currency = candidates[0].model.currency.clone();
    let table = options.format == Format::Table;
    let mut records = match records_of(&options, &loaded, &outcome, &currency, table) {
        Ok(records) => records,
        Err(message) => {
            print_error(&message);
            return exit(FAILURE);
        }
    };
    records.notes.extend(notes(&options, &outcome, &currency));
    if candidates.iter().any(|c| c.model.copula().is_some()) {
        records.notes.push(
            "correlated inputs ([[correlation]]) are drawn together, and share draws only with \
             scenarios that inherit both the inputs and the tables through `extends` \
             (docs/correlation.md)"
                .to_string(),
        );
    }
    records.notes.extend(override_note(&options.overrides));
    records.notes.extend(left_out_note(&left_out));
    records
        .notes
        .extend(crate::render::export::human::adjustment_notes(&adjustments));
    if !table {
        for note in &records.notes {
            print_note(note);
        }
    }
    let bytes = records::render(options.format, &records, &options.table);
    let written = write_output(options.output.as_deref(), &bytes);
    if let Ok(Some(destination)) = &written {
        print_note(&format!("wrote the table to {}", destination.display()));
    }
    finished(written.is_ok(), &left_out)
}

/// Why the scenarios' net benefits cannot be compared as they stand, when
/// their costs (in one currency) are in different years' prices: a choice
/// between 2016 and 2025 dollars would rank money of different worth, as
/// `diff` refuses to subtract it. Different currencies are `voi`'s own error.
fn mixed_price_years(loaded: &[crate::load::paths::Loaded]) -> Option<String> {
    let first = loaded.first()?;
    let same_currency = loaded
        .iter()
        .all(|l| l.scenario.currency == first.scenario.currency);
    let per_scenario: Vec<Vec<u16>> = loaded
        .iter()
        .map(|l| crate::analysis::evaluate::cost_price_years(&l.scenario))
        .collect();
    if !same_currency || per_scenario.iter().all(|years| *years == per_scenario[0]) {
        return None;
    }
    let mut all: Vec<u16> = per_scenario.concat();
    all.sort_unstable();
    all.dedup();
    let latest = *all.last()?;
    let list: Vec<String> = loaded
        .iter()
        .zip(&per_scenario)
        .map(|(l, years)| {
            let years: Vec<String> = years.iter().map(u16::to_string).collect();
            format!(
                "{} in {}",
                l.file.display,
                if years.is_empty() {
                    "no stated price year".to_string()
                } else {
                    format!("{} prices", years.join(" and "))
                }
            )
        })
        .collect();
    Some(format!(
        "the scenarios' costs are in different years' prices ({}), so their net benefits cannot \
         be compared as they stand: add --price-year {latest} to put them all in {latest} prices \
         (wtp is then in {latest} prices too)",
        list.join("; ")
    ))
}

/// The rows: one per willingness to pay and scenario, or with `--evppi` one
/// per willingness to pay and set of inputs; `table` adds the standard errors.
fn records_of(
    options: &VoiOptions,
    loaded: &[crate::load::paths::Loaded],
    outcome: &Outcome,
    currency: &str,
    table: bool,
) -> Result<Records, String> {
    let money = |value: f64, what: &dyn Fn() -> String| {
        Record::sampled(value, SampledKind::Money, currency)
            .map_err(|why| too_large(&what(), value, why))
    };
    let error = |estimate: Estimate, what: &dyn Fn() -> String| match estimate.standard_error {
        Some(se) => money(se, what).map(|mut record| {
            record.human = format!("± {}", record.human);
            record
        }),
        None => Ok(Record::empty(crate::render::export::human::NOT_AVAILABLE)),
    };
    let wtp_cell = |w: usize| {
        let value = options.wtp[w];
        Record::number(
            Fixed {
                value,
                decimals: value.scale(),
            },
            human_money_scaled(currency, value),
        )
    };
    let mut rows = Vec::new();
    let columns: Vec<RecordColumn> = if options.evppi.is_some() {
        let sets = outcome.partial.len() / outcome.at_wtp.len().max(1);
        for (i, partial) in outcome.partial.iter().enumerate() {
            let inputs = partial.inputs.join("+");
            let what = || format!("the EVPPI of {inputs}");
            let mut row = vec![
                wtp_cell(i / sets.max(1)),
                Record::text(&inputs),
                money(partial.evppi.value, &what)?,
            ];
            if table {
                row.push(error(partial.evppi, &what)?);
            }
            rows.push(row);
        }
        PARTIAL.to_vec()
    } else {
        for (w, at) in outcome.at_wtp.iter().enumerate() {
            for (s, entry) in loaded.iter().enumerate() {
                let name = &entry.scenario.name;
                let mut row = vec![
                    wtp_cell(w),
                    Record::scenario(&entry.scenario),
                    money(at.expected_net_benefit[s], &|| {
                        format!("the expected net benefit of \"{name}\"")
                    })?,
                    Record::sampled(at.probability_best[s], SampledKind::Share, currency)
                        .map_err(|why| too_large("a probability", at.probability_best[s], why))?,
                    money(at.evpi.value, &|| "the EVPI".into())?,
                ];
                if table {
                    row.push(error(at.evpi, &|| "the EVPI's standard error".into())?);
                }
                rows.push(row);
            }
        }
        CHOICE.to_vec()
    };
    let mut columns = columns;
    if table {
        columns.push(STANDARD_ERROR);
    }
    Ok(Records {
        columns,
        rows,
        notes: Vec::new(),
    })
}

/// What the numbers are and how good: the draws and seed, the estimator, its
/// bias and Monte Carlo error.
fn notes(options: &VoiOptions, outcome: &Outcome, currency: &str) -> Vec<String> {
    let mut notes = vec![format!(
        "net benefit = wtp × removals − total cost in each draw, in {currency}; {} draws, seed \
         {} (rerun with --seed {} for the same numbers); inputs that scenarios share through \
         `extends` (or --set) take the same draws in each",
        grouped(Decimal::from(options.samples), 0),
        options.seed,
        options.seed
    )];
    let shown = |value: f64| {
        crate::money::rounding::sampled(value).map_or_else(
            |_| format!("{value:.3e}"),
            |d| human_money_scaled(currency, d),
        )
    };
    let largest = |estimates: &mut dyn Iterator<Item = Estimate>| {
        estimates
            .filter_map(|e| e.standard_error)
            .fold(None, |most: Option<f64>, se| {
                Some(most.map_or(se, |m| m.max(se)))
            })
    };
    let (what, se) = if options.evppi.is_some() {
        (
            "EVPPI",
            largest(&mut outcome.partial.iter().map(|p| p.evppi)),
        )
    } else {
        ("EVPI", largest(&mut outcome.at_wtp.iter().map(|a| a.evpi)))
    };
    notes.push(match se {
        Some(se) => format!(
            "Monte Carlo error: the standard error of each {what} (± se) is by batch means over {} \
             batches of the draws; the largest is {}",
            outcome.batches,
            shown(se)
        ),
        // Nothing was estimated (--evppi with no uncertain input): the draws
        // are not what is missing.
        None if outcome.batches > 1 => format!(
            "no {what} to estimate: no input of these scenarios is uncertain, so the table is \
             empty"
        ),
        None => format!(
            "Monte Carlo error: n/a, as the draws make one batch; take at least {} draws (-n) for \
             a standard error",
            grouped(Decimal::from(2 * voi::CHUNK as u64), 0)
        ),
    });
    if options.evppi.is_some() {
        let floors: Vec<String> = outcome
            .at_wtp
            .iter()
            .map(|at| format!("{} at wtp {}", shown(at.noise_floor), shown(at.wtp)))
            .collect();
        notes.push(format!(
            "EVPPI by the binned estimator (docs/voi.md): {} bins of equal probability for one \
             input, fewer per input for a group; an input that carries no information would \
             show about {} (the estimator's upward bias at these draws): an EVPPI near that is \
             not distinguishable from 0",
            outcome.bins,
            floors.join(", ")
        ));
    }
    notes
}

/// Why a figure cannot be written.
fn too_large(what: &str, value: f64, why: NotDecimal) -> String {
    let size = match why {
        NotDecimal::TooSmall => "too small to write exactly",
        _ => "beyond the largest number costcalc writes exactly",
    };
    format!("{what} is about {value:.3e}, {size}: check the amounts, counts and wtp it comes from")
}
