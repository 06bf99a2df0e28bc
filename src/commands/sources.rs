/*!
`costcalc sources`: every source the given scenarios cite, once each, as a
table to read or as a bibliography (BibTeX, CSL-JSON) for LaTeX, Zotero and
Pandoc.
*/

use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    FAILURE, SUCCESS, exit, print_error, print_note, print_reports, print_skipped, print_warning,
    write_output,
};
use crate::analysis::bibliography::Bibliography;
use crate::load::paths::{self, BUILTIN};
use crate::render::bibliography;
use crate::render::export::TableOptions;
use crate::render::export::human::plural;

/// The formats of `sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourcesFormat {
    /// A table to read: id, title, publisher, date, accessed, the scenarios citing it, url
    Table,
    /// biblatex @online entries (urldate is `accessed`), for LaTeX and most reference managers
    Bibtex,
    /// A CSL-JSON array, as Zotero and Pandoc (--bibliography) read it
    CslJson,
}

pub struct SourcesOptions {
    pub paths: Vec<PathBuf>,
    pub format: SourcesFormat,
    /// `None` or `-` for stdout.
    pub output: Option<PathBuf>,
    pub table: TableOptions,
}

pub fn run(options: SourcesOptions) -> ExitCode {
    if options.paths.is_empty() {
        print_note(&format!(
            "no paths given: the sources of the {} scenarios built into costcalc",
            BUILTIN.len()
        ));
    }
    let paths::Loading {
        done: loaded,
        problems,
        skipped,
        // Odd figures do not change what a scenario cites; `check` lists them.
        warnings: _,
    } = paths::load(&options.paths, &[]);
    print_skipped(&skipped);
    if !problems.is_empty() {
        print_reports(&problems);
        print_error(&format!(
            "no bibliography: {} with problems (`costcalc check` lists them the same way)",
            plural(problems.len(), "file")
        ));
        return exit(FAILURE);
    }
    let bibliography = Bibliography::of(loaded.iter().map(|l| l.scenario.as_ref()));
    for id in bibliography.clashes() {
        print_warning(&format!(
            "the source id \"{id}\" names different works in different scenarios (their title, \
             url, publisher or date differ): each is listed, the later ones with keys ending \
             -2, -3... in BibTeX and CSL-JSON; give them ids of their own to cite them by name"
        ));
    }
    let bytes = match options.format {
        SourcesFormat::Table => bibliography::table(&bibliography, &options.table).into_bytes(),
        SourcesFormat::Bibtex => bibliography::bibtex(&bibliography).into_bytes(),
        SourcesFormat::CslJson => bibliography::csl_json(&bibliography),
    };
    let written = write_output(options.output.as_deref(), &bytes);
    if let Ok(Some(destination)) = &written {
        print_note(&format!(
            "wrote {} to {}",
            plural(bibliography.entries.len(), "source"),
            destination.display()
        ));
    }
    exit(if written.is_ok() { SUCCESS } else { FAILURE })
}
