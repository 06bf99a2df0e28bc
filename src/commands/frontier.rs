/*!
`costcalc frontier`: incremental cost-effectiveness across deals or deal designs,
with strictly and extendedly dominated options marked (see [`crate::analysis::frontier`]
for the method), and with `--wtp` the net benefit of each.
Deals that cannot be converted are left out as in `compare` ([`super::Partial`]).
*/

use crate::analysis::evaluate::Entry;
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;

use super::{
    MoneyOptions, Partial, finished, left_out_note, override_note, print_note, write_output,
};
use crate::analysis::frontier::{self, Analysis, Frontier, Status};
use crate::load::Override;
use crate::money::rounding::grouped;
use crate::render::export::human::NOT_AVAILABLE;
use crate::render::export::human::plural;
use crate::render::export::number::{human_count, human_money, machine_count, machine_money};
use crate::render::export::records::{self, ABOUT_COLUMNS, Record, RecordColumn, Records};
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
    /// `--keep-going`: write CSV and JSON without the deals that cannot be converted.
    pub keep_going: bool,
}

/// The columns, in order (a published contract: add new ones at the end). A
/// narrow terminal leaves out the increments (the ICER is their ratio), then
/// the total cost (in `compare` too), before the status that says which
/// options are worth having. `net_benefit` is written (empty) without `--wtp` too, so that
/// the columns after it keep their places; `status` here is the option's
/// place on the frontier, so the scenario's own is `scenario_status`.
const COLUMNS: [RecordColumn; 11] = [
    RecordColumn::new("name", "Scenario", false),
    RecordColumn::new("total_cost", "Total cost", true).wide_only(),
    RecordColumn::new("removals", "Removals", true),
    RecordColumn::new("incremental_cost", "Incremental cost", true).wide_only(),
    RecordColumn::new("incremental_removals", "Incremental removals", true).wide_only(),
    RecordColumn::new("icer", "ICER (cost per extra removal)", true).terminal("ICER"),
    RecordColumn::new("status", "Status", false),
    RecordColumn::new("net_benefit", "Net benefit", true).terminal("Net\nbenefit"),
    ABOUT_COLUMNS[0],
    RecordColumn {
        name: "scenario_status",
        ..ABOUT_COLUMNS[1]
    },
    ABOUT_COLUMNS[2],
];

pub fn run(options: FrontierOptions) -> ExitCode {
    let rule = Partial {
        outcome: "no frontier",
        read_apart: matches!(options.format, Format::Csv | Format::Json),
        keep_going: options.keep_going,
    };
    let (
        Frontier {
            entries,
            options: options_list,
            analysis,
            reference,
            currency,
        },
        left_out,
    ) = match super::frontier_of(
        &options.paths,
        options.reference.as_deref(),
        &options.money,
        &options.overrides,
        rule,
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
        &super::override_list(&options.overrides),
    );
    let mut records = records;
    records.notes.extend(override_note(&options.overrides));
    records.notes.extend(left_out_note(&left_out));
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
    let written = write_output(options.output.as_deref(), &bytes);
    if let Ok(Some(destination)) = &written {
        print_note(&format!(
            "wrote {} to {}",
            plural(entries.len(), "option"),
            destination.display()
        ));
    }
    finished(written.is_ok(), &left_out)
}

fn records_of(
    entries: &[Entry],
    options: &[frontier::Option],
    analysis: &Analysis,
    currency: &str,
    wtp: Option<Decimal>,
    reference: Option<usize>,
    overrides: &[String],
) -> Records {
    let money = |v: Option<Decimal>| match v {
        Some(v) => Record::number(machine_money(v), human_money(currency, v)),
        None => Record::empty(NOT_AVAILABLE),
    };
    let count = |v: Option<Decimal>| match v {
        Some(v) => Record::number(machine_count(v), human_count(v)),
        None => Record::empty(NOT_AVAILABLE),
    };
    let rows = analysis
        .rows
        .iter()
        .map(|row| {
            let option = options[row.index];
            let mut cells = vec![
                Record::scenario(&entries[row.index].scenario),
                money(Some(option.total_cost)),
                count(Some(option.removals)),
                money(row.incremental_cost),
                count(row.incremental_removals),
                money(row.icer),
                Record {
                    machine: records::Machine::Text(row.status.as_str().to_string()),
                    human: row.status.words().to_string(),
                    terminal: None,
                },
            ];
            cells.push(match wtp {
                Some(wtp) => money(frontier::net_benefit(option, wtp)),
                None => Record::empty(NOT_AVAILABLE),
            });
            let scenario = &entries[row.index].scenario;
            cells.extend(Record::about(
                scenario.price_year,
                scenario.status,
                overrides,
            ));
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
             extendedly dominated: its ICER is higher than that of a more effective option"
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
    let mut columns = COLUMNS.to_vec();
    if wtp.is_none() {
        columns[7].machine_only = true;
    }
    Records {
        columns,
        rows,
        notes,
    }
}
