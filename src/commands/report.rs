/*!
`costcalc report`: the scenarios evaluated, sorted by cost per removal, and
written as one self-contained HTML page (see [`crate::render::report::html`])
or, with `--format markdown`, as Markdown for pasting into documents (without
the charts). For the HTML, the figures it draws (each uncertain scenario's
simulation and tornado, and the frontier) are computed here first.

Deals that cannot be converted leave the report unwritten, or with
`--keep-going` are left out of it and named, with the reason, under the
comparison ([`super::Partial`]).

The date is today's, or `SOURCE_DATE_EPOCH` (seconds since 1970) when set, the
reproducible-builds convention, so a report can be rebuilt byte for byte.
*/

use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    FAILURE, MoneyOptions, Partial, evaluate_converted, exit, finished, print_error, print_note,
    write_output,
};
use crate::analysis::evaluate::{Entry, Unconverted, currencies};
use crate::analysis::metrics::Metric;
use crate::analysis::simulate::Request;
use crate::load::Override;
use crate::render::export::human::plural;
use crate::render::report::html::{self, Figures, Settings, SimulatedCost, Uncertainty};
use crate::render::report::{Byline, DEFAULT_TITLE, markdown};

/// The formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file
    Html,
    /// GitHub-flavoured Markdown (tables and text; no charts)
    Markdown,
}

pub struct ReportOptions {
    pub paths: Vec<PathBuf>,
    pub output: PathBuf,
    pub format: ReportFormat,
    pub seed: u64,
    pub draws: u64,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
    /// `--title`, or the default title when `None`, and `--author`.
    pub title: Option<String>,
    pub author: Option<String>,
    /// `--keep-going`: write the report without the deals that cannot be converted.
    pub keep_going: bool,
}

pub fn run(options: ReportOptions) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    // A report is a file read apart from the run's messages: without the
    // deals that cannot be converted only with --keep-going, and then saying so.
    let rule = Partial {
        outcome: "no report",
        read_apart: true,
        keep_going: options.keep_going,
    };
    let (mut entries, left_out) =
        match evaluate_converted(&options.paths, &options.overrides, &adjustments, rule) {
            Ok(found) => found,
            Err(code) => return code,
        };
    let codes = currencies(&entries);
    crate::analysis::sort::sort(
        &mut entries,
        crate::analysis::sort::SortKey::CostPerRemoval,
        false,
        &codes,
    );
    let mut adjustment_notes: Vec<String> = left_out_notes(&left_out);
    adjustment_notes.extend(super::override_note(&options.overrides));
    adjustment_notes.extend(crate::render::export::human::adjustment_notes(&adjustments));
    let date = match super::today() {
        Ok(date) => date.to_string(),
        Err(message) => {
            print_error(&message);
            return exit(FAILURE);
        }
    };
    let byline = Byline {
        title: options.title.as_deref().unwrap_or(DEFAULT_TITLE),
        author: options.author.as_deref(),
        date: &date,
    };
    let text = match options.format {
        ReportFormat::Markdown => markdown::render(&entries, &adjustment_notes, &byline),
        ReportFormat::Html => {
            let figures = figures(&entries, &options);
            let settings = Settings {
                byline,
                adjustment_notes: &adjustment_notes,
                draws: options.draws,
                seed: options.seed,
                currency: options.money.currency.as_deref(),
                price_year: options.money.price_year,
            };
            html::render(&entries, &figures, &settings)
        }
    };
    let written = write_output(Some(&options.output), text.as_bytes());
    if let Ok(Some(destination)) = &written {
        print_note(&format!(
            "wrote a report on {} to {}",
            plural(entries.len(), "scenario"),
            destination.display()
        ));
    }
    finished(written.is_ok(), &left_out)
}

/// One note under the comparison for each deal left out, with its reason:
/// the report is read without the run's messages, so it says itself what it
/// does not show, and why.
fn left_out_notes(left_out: &[Unconverted]) -> Vec<String> {
    left_out
        .iter()
        .map(|u| {
            format!(
                "left out of this report, as its money cannot be converted: {} ({}): {}",
                u.label,
                u.file,
                u.reason()
            )
        })
        .collect()
}

/// The figures the HTML report on `entries` draws, each computed as
/// `frontier`, `simulate` and `tornado` compute it. One that cannot be is left
/// out of the page (its problems are printed) and the report is still written.
fn figures(entries: &[Entry], options: &ReportOptions) -> Figures {
    let frontier_drawn = currencies(entries).len() == 1
        && entries
            .iter()
            .all(|e| e.metrics.removals.is_some() && e.metrics.total_cost.is_some())
        && entries.len() > 1;
    // The entries already evaluated, not the files read again.
    let frontier = if frontier_drawn {
        crate::analysis::frontier::of_entries(entries.to_vec(), None)
            .map_err(|unplaced| print_error(&unplaced.to_string()))
            .ok()
    } else {
        None
    };
    let uncertainty = entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| !entry.scenario.uncertain.is_empty())
        .filter_map(|(index, entry)| uncertainty(index, entry, options))
        .collect();
    Figures {
        frontier,
        uncertainty,
    }
}

/// The simulated figures of `entry`, the `index`th scenario, read again from
/// its own file or the built-in scenario it is; `None` when that cannot be read.
fn uncertainty(index: usize, entry: &Entry, options: &ReportOptions) -> Option<Uncertainty> {
    let (paths, file) = match &entry.on_disk {
        Some(on_disk) => (
            vec![on_disk.path.clone()],
            crate::load::paths::read(&on_disk.path).ok(),
        ),
        None => (
            Vec::new(),
            crate::load::paths::builtin()
                .into_iter()
                .find(|f| f.display == entry.file),
        ),
    };
    let file = file?;
    let mut figures = Uncertainty {
        scenario: index,
        cost_per_removal: None,
        tornado: None,
    };
    // The entry was converted already, so its model can be.
    let rule = Partial {
        outcome: "no simulation",
        read_apart: false,
        keep_going: true,
    };
    let Ok(((_, models), _)) = super::models_of(&paths, &options.money, &options.overrides, rule)
    else {
        return Some(figures);
    };
    let Some((_, model)) = models
        .into_iter()
        .find(|(display, _)| *display == entry.file)
    else {
        return Some(figures);
    };
    if model.metrics().contains(&Metric::CostPerRemoval) {
        let request = Request {
            samples: options.draws,
            seed: options.seed,
            thresholds: Vec::new(),
        };
        figures.cost_per_removal = Some(SimulatedCost {
            histogram: super::simulated_histogram(&model, &request, Metric::CostPerRemoval),
            acceptability: super::acceptability_curve(&model, &request),
            model,
        });
    }
    figures.tornado = super::tornado_of(
        file,
        Metric::CostPerRemoval,
        &options.money,
        &options.overrides,
        None,
    )
    .ok();
    Some(figures)
}
