/*!
`costcalc frontier`: incremental cost-effectiveness across deals or deal designs,
with strictly and extendedly dominated options marked (see [`crate::analysis::frontier`]
for the method), and with `--wtp` the net benefit of each.
*/

use crate::analysis::evaluate::Entry;
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;

use super::{
    FAILURE, MoneyOptions, SUCCESS, evaluate_every, exit, override_note, plural, print_error,
    print_note, write_output,
};
use crate::analysis::frontier::{self, Analysis, FrontierError, Status};
use crate::diagnostic::closest;
use crate::load::Override;
use crate::money::rounding::grouped;
use crate::render::export::human::{NOT_AVAILABLE, currencies};
use crate::render::export::number::{human_count, human_money, machine_count, machine_money};
use crate::render::export::records::{self, Record, RecordColumn, Records};
use crate::render::export::{Format, TableOptions};

pub struct FrontierOptions {
    pub paths: Vec<PathBuf>,
    pub reference: Option<String>,
    pub wtp: Option<Decimal>,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub table: TableOptions,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

/// The columns, in order (a published contract: add new ones at the end). The
/// terminal table leaves out the increments (the ICER is their ratio) to fit
/// 100 columns.
const COLUMNS: [RecordColumn; 8] = [
    RecordColumn::new("name", "Scenario", false),
    RecordColumn::new("total_cost", "Total cost", true),
    RecordColumn::new("removals", "Removals", true),
    RecordColumn::new("incremental_cost", "Incremental cost", true).wide_only(),
    RecordColumn::new("incremental_removals", "Incremental removals", true).wide_only(),
    RecordColumn::new("icer", "ICER (cost per extra removal)", true).terminal("ICER"),
    RecordColumn::new("status", "Status", false),
    RecordColumn::new("net_benefit", "Net benefit", true).terminal("Net\nbenefit"),
];

/// The options and their analysis (problems are printed).
pub struct Frontier {
    pub entries: Vec<Entry>,
    pub options: Vec<frontier::Option>,
    pub analysis: Analysis,
    pub reference: Option<usize>,
    pub currency: String,
}

/// Loads `paths` and runs the frontier analysis.
pub fn compute(
    paths: &[PathBuf],
    reference: Option<&str>,
    money: &MoneyOptions,
    overrides: &[Override],
) -> Result<Frontier, ExitCode> {
    let adjustments = money.adjustments()?;
    let entries = evaluate_every(paths, overrides, &adjustments, "no frontier")?;
    let currencies = currencies(&entries);
    if currencies.len() > 1 {
        print_error(&format!(
            "the options are in different currencies ({}), so their costs cannot be compared: \
             add --currency USD --price-year 2024",
            currencies.join(", ")
        ));
        return Err(exit(FAILURE));
    }
    let currency = currencies.first().cloned().unwrap_or_default();
    let mut options_list = Vec::with_capacity(entries.len());
    for entry in &entries {
        match (entry.metrics.total_cost, entry.metrics.removals) {
            (Some(total_cost), Some(removals)) => options_list.push(frontier::Option {
                total_cost,
                removals: removals.count,
            }),
            _ => {
                print_error(&format!(
                    "{} ({}) has no removals figure, so it has no place on the frontier: \
                     add outcomes.removals, or planned with block_probability",
                    entry.scenario.name, entry.file
                ));
                return Err(exit(FAILURE));
            }
        }
    }
    let reference = match reference {
        None => None,
        Some(name) => Some(find_reference(&entries, name).map_err(|message| {
            print_error(&message);
            exit(FAILURE)
        })?),
    };
    let analysis = match frontier::analyse(&options_list, reference) {
        Ok(analysis) => analysis,
        Err(FrontierError::ReferenceDominated { by }) => {
            print_error(&format!(
                "the reference \"{}\" is dominated by \"{}\", which costs no more and removes no \
                 fewer: it cannot be the status quo the others are measured from",
                entries[reference.unwrap_or(0)].scenario.name,
                entries[by].scenario.name
            ));
            return Err(exit(FAILURE));
        }
        Err(FrontierError::Overflow) => {
            print_error(
                "the incremental costs cannot be computed exactly: the numbers are too large",
            );
            return Err(exit(FAILURE));
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

pub fn run(options: FrontierOptions) -> ExitCode {
    let Frontier {
        entries,
        options: options_list,
        analysis,
        reference,
        currency,
    } = match compute(
        &options.paths,
        options.reference.as_deref(),
        &options.money,
        &options.overrides,
    ) {
        Ok(frontier) => frontier,
        Err(code) => return code,
    };
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let records = records_of(
        &entries,
        &options_list,
        &analysis,
        &currency,
        options.wtp,
        reference,
    );
    let mut records = records;
    records.notes.extend(override_note(&options.overrides));
    records
        .notes
        .extend(crate::render::export::human::adjustment_notes(&adjustments));
    if matches!(options.format, Format::Csv | Format::Json) {
        for note in records.notes.iter().filter(|n| {
            // What is not in the rows: the best option, the reference, and
            // the options left out below it.
            n.starts_with("highest net benefit")
                || n.starts_with("reference")
                || n.starts_with("left out")
        }) {
            print_note(note);
        }
    }
    let bytes = records::render(options.format, &records, &options.table);
    match write_output(options.output.as_deref(), &bytes) {
        Ok(Some(destination)) => {
            print_note(&format!(
                "wrote {} to {}",
                plural(entries.len(), "option"),
                destination.display()
            ));
            exit(SUCCESS)
        }
        Ok(None) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
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

fn records_of(
    entries: &[Entry],
    options: &[frontier::Option],
    analysis: &Analysis,
    currency: &str,
    wtp: Option<Decimal>,
    reference: Option<usize>,
) -> Records {
    let money = |v: Option<Decimal>| match v {
        Some(v) => Record::number(machine_money(v), human_money(currency, v)),
        None => Record::empty(NOT_AVAILABLE),
    };
    let count = |v: Option<Decimal>| match v {
        Some(v) => Record::number(machine_count(v), human_count(v)),
        None => Record::empty(NOT_AVAILABLE),
    };
    let columns = if wtp.is_some() { 8 } else { 7 };
    let rows = analysis
        .rows
        .iter()
        .map(|row| {
            let option = options[row.index];
            let mut cells = vec![
                Record::text(&entries[row.index].scenario.name),
                money(Some(option.total_cost)),
                count(Some(option.removals)),
                money(row.incremental_cost),
                count(row.incremental_removals),
                money(row.icer),
                Record {
                    machine: records::Machine::Text(row.status.as_str().to_string()),
                    human: match row.status {
                        Status::ExtendedlyDominated => "ext. dominated".to_string(),
                        status => status.as_str().to_string(),
                    },
                },
            ];
            if let Some(wtp) = wtp {
                cells.push(money(frontier::net_benefit(option, wtp)));
            }
            cells
        })
        .collect();
    let mut notes = vec![
        "ICER: incremental cost ÷ incremental removals, against the previous option on the \
         frontier (in order of removals)"
            .to_string(),
    ];
    if analysis.rows.iter().any(|r| r.status != Status::Frontier) {
        notes.push(
            "dominated: another option costs no more and removes no fewer; \
             extendedly_dominated: its ICER is higher than that of a more effective option"
                .into(),
        );
    }
    if let Some(reference) = reference {
        notes.push(format!(
            "reference (status quo): {}",
            entries[reference].scenario.name
        ));
    }
    for &index in &analysis.below_reference {
        notes.push(format!(
            "left out: {} (fewer removals than the reference, so not an alternative to it)",
            entries[index].scenario.name
        ));
    }
    if let Some(wtp) = wtp {
        let best = analysis
            .rows
            .iter()
            .filter_map(|row| Some((row, frontier::net_benefit(options[row.index], wtp)?)))
            .fold(
                None,
                |best: Option<(&frontier::Row, Decimal)>, (row, nb)| match best {
                    Some((_, top)) if top >= nb => best,
                    _ => Some((row, nb)),
                },
            );
        if let Some((row, nb)) = best {
            notes.push(format!(
                "highest net benefit at {} per removal: {} ({}); net benefit = {} × removals − total cost",
                human_money(currency, wtp),
                entries[row.index].scenario.name,
                human_money(currency, nb),
                grouped(wtp, wtp.scale()),
            ));
        }
    }
    Records {
        columns: COLUMNS[..columns].to_vec(),
        rows,
        notes,
    }
}
