/*!
A scenario's document tree → [`Scenario`], or every problem found on the way.

The text is first parsed into costcalc's own tree (`document.rs`: each value
with its span and origin, number literals kept as written), possibly merged
with the files it extends and `--set` overrides (`compose.rs`). This module
reads that tree rather than going through serde, for two reasons:

- **Exact amounts.** toml's serde path turns float literals into `f64` before any
  `Decimal` sees them, so `12345678901234567.89` would silently become
  `12345678901234568`. The tree keeps each number's source text, which is
  parsed straight into a [`Decimal`] (and refused if it cannot be held exactly).
- **Every problem at once.** serde stops at the first error; walking the tree lets
  `check` report every unknown key, wrong type and broken rule in the file, each
  with its span.
*/

use rust_decimal::Decimal;
use std::hash::BuildHasher;

use super::document::{Kind, Origin, Span, SyntaxError, Table, Value};
use super::review::{Review, Spot};
use super::rules::{self, Broken};
use super::spec::Section;
use crate::model::correlation::Correlation;
use crate::model::distribution::{
    Distribution, Input, Quantity, Uncertain, Written, distribution_problem, nearest_f64,
};

use crate::diagnostic::{Diagnostic, closest};
use crate::model::{
    Baseline, Basis, CostLine, Date, LegalEvent, LegalOutcome, Outcomes, SHORT_NAME_LIMIT,
    Scenario, Source, Status, is_known_currency,
};

/// Where something was written: a span in the text of an origin.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    span: Span,
    origin: Origin,
}

impl Value<'_> {
    fn place(&self) -> Place {
        Place {
            span: self.span.clone(),
            origin: self.origin,
        }
    }
}

impl From<Place> for Spot {
    fn from(place: Place) -> Spot {
        Spot {
            span: place.span,
            origin: place.origin,
        }
    }
}

/// A problem at a place.
fn at(place: Place, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at(place.span, message).in_origin(place.origin)
}

/// A broken [`rules`] rule at a place.
fn broke(place: Place, broken: Broken) -> Diagnostic {
    at(place, broken.message).with_help(broken.help)
}

/// Parses and validates one scenario's text, on its own: without a file
/// location, `extends` cannot be followed (see [`super::compose()`]).
pub fn parse(text: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let no_files = |_: &std::path::Path| Err("the scenario is not in a file".into());
    super::compose(text, None, &[], &no_files)
        .map(|composed| composed.scenario)
        .map_err(|problems| problems.diagnostics)
}

/// Where values came from when they were not written in the scenario file
/// itself: (path such as `outcomes.removals` or `cost[2].amount`, origin).
pub type Provenance = Vec<(String, Origin)>;

/// Validates a document tree. `texts` are the texts its values came from,
/// indexed by [`Origin`] (the file itself first); `syntax` the syntax errors
/// already found in them; `incomplete` says that part of the document is known
/// to be missing for another reason (an `extends` that could not be followed);
/// origins from `arguments_from` on are `--set` arguments, not files.
/// A valid scenario comes with its warnings (odd figures, see
/// [`rules::removals_beyond`]); an invalid one's errors alone are returned.
pub fn read(
    document: &Table,
    texts: &[&str],
    syntax: Vec<Diagnostic>,
    incomplete: bool,
    arguments_from: Origin,
) -> Result<(Scenario, Provenance, Vec<Diagnostic>, Review), Vec<Diagnostic>> {
    let text = texts.first().copied().unwrap_or("");
    let mut reader = Reader {
        diagnostics: Vec::new(),
        warnings: Vec::new(),
        review: Review::default(),
        // After a syntax error the parser's best guess at the document is still
        // checked, so `check` lists every problem; but keys on broken lines may
        // be missing from it, so "missing" and source-reference errors, which
        // could be knock-on effects, are left out (and likewise when a file it
        // extends could not be read).
        partial: incomplete || !syntax.is_empty(),
        provenance: Vec::new(),
        noted: std::collections::HashMap::new(),
        noted_hasher: std::collections::hash_map::RandomState::new(),
        uncertain: Vec::new(),
        arguments_from,
    };
    let top = Fields::new(
        document,
        Place {
            span: 0..text.len().min(first_line_len(text)),
            origin: Origin::FILE,
        },
        Section::Top,
        Prefix::Top,
    );
    let scenario = reader.scenario(&top);
    if syntax.is_empty() {
        return match scenario {
            Some(mut scenario) if reader.diagnostics.is_empty() => {
                scenario.uncertain = reader.uncertain;
                Ok((scenario, reader.provenance, reader.warnings, reader.review))
            }
            _ => Err(reader.diagnostics),
        };
    }
    let broken_lines: Vec<(Origin, usize)> = syntax.iter().map(|d| line_of(texts, d)).collect();
    let mut diagnostics = syntax;
    diagnostics.extend(
        reader
            .diagnostics
            .into_iter()
            .filter(|d| !broken_lines.contains(&line_of(texts, d))),
    );
    Err(diagnostics)
}

/// The text and line a diagnostic points at.
fn line_of(texts: &[&str], diagnostic: &Diagnostic) -> (Origin, usize) {
    let text = texts
        .get(usize::from(diagnostic.origin.0))
        .copied()
        .unwrap_or("");
    let line = diagnostic
        .span
        .as_ref()
        .map_or(0, |span| crate::diagnostic::line_col(text, span.start).0);
    (diagnostic.origin, line)
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

/// TOML syntax errors. After the first error on a line the parser's recovery
/// often reports knock-on errors on the same line; one per line is what helps.
pub fn syntax_diagnostics(text: &str, origin: Origin, errors: Vec<SyntaxError>) -> Vec<Diagnostic> {
    let mut seen_lines = Vec::new();
    let mut diagnostics = Vec::new();
    for SyntaxError { span, message } in errors {
        let line = crate::diagnostic::line_col(text, span.start).0;
        if seen_lines.contains(&line) {
            continue;
        }
        seen_lines.push(line);
        let source_line = text.lines().nth(line - 1).unwrap_or("");
        diagnostics.push(
            Diagnostic::at(span, format!("invalid TOML: {message}"))
                .in_origin(origin)
                .with_help(syntax_help(source_line, &message)),
        );
    }
    diagnostics
}

/// Keys whose values are numbers.
const NUMBER_KEYS: [&str; 12] = [
    "amount",
    "cost_per_person",
    "years",
    "removals",
    "voluntary_departures",
    "offshore_transfers",
    "planned",
    "attempted",
    "blocked",
    "people",
    "price_year",
    "block_probability",
];

/// A hint for a TOML syntax error, from the line it is on: the mistakes people
/// make writing scenarios by hand, and how to write them instead.
fn syntax_help(line: &str, message: &str) -> String {
    let trimmed = line.trim();
    let (key, value) = match trimmed.split_once('=') {
        Some((key, value)) => (key.trim(), value.split('#').next().unwrap_or("").trim()),
        None => ("", ""),
    };
    if message.contains("duplicate key") {
        if trimmed.starts_with('[') {
            let name = trimmed.trim_matches(['[', ']', ' ']);
            return format!(
                "[{name}] is already defined above; a scenario has several cost lines, \
                 court events and sources, each starting with [[{name}]] (double brackets)"
            );
        }
        return format!(
            "`{key}` is already set in this table; each key appears once per table \
             (to describe another cost line, court event or source, start a new [[...]] table)"
        );
    }
    if NUMBER_KEYS.contains(&key)
        && let Some(hint) = plain_number_hint(key, value, false)
    {
        return hint;
    }
    if message.contains("must be quoted") && !key.is_empty() && !NUMBER_KEYS.contains(&key) {
        return format!("put text in double quotes: {key} = \"{value}\"");
    }
    "see `costcalc help format` for the scenario format; text needs \"quotes\", numbers are \
     plain digits (1_000_000), dates are written bare (2024-07-22)"
        .into()
}

/// How to write a number typed as in a report (`£700m`, `1,000,000`, `60%`)
/// as `key = value` in a file: the hint of [`misread`](super::number::misread),
/// shared with the command line, with the number in TOML's grouping
/// (`amount = 700_000_000`).
fn plain_number_hint(key: &str, value: &str, quoted: bool) -> Option<String> {
    let misread = super::number::misread(value)?;
    let plain = misread.plain;
    let written = crate::money::rounding::grouped(plain, plain.scale()).replace(',', "_");
    Some(misread.hint(quoted, &format!("{key} = {written}")))
}

impl Section {
    /// Where a key is, for messages: "in [[cost]]", "at the top of the file".
    pub(super) fn location(self) -> String {
        match self {
            Section::Top => self.title().to_string(),
            _ => format!("in {}", self.title()),
        }
    }

    fn title(self) -> &'static str {
        match self {
            Section::Top => "at the top of the file",
            Section::Cost => "[[cost]]",
            Section::Outcomes => "[outcomes]",
            Section::Legal => "[[legal]]",
            Section::Baseline => "[baseline]",
            Section::Source => "[[source]]",
            Section::Correlation => "[[correlation]]",
        }
    }
}

/// A table being read, with the place to point at when one of its keys is missing.
struct Fields<'a, 't> {
    table: &'a Table<'t>,
    /// The table's keys and values, gathered once: every key of a section is
    /// looked up, and scanning a short list of `&str` beats comparing `Cow`s.
    entries: Vec<(&'a str, &'a Value<'t>)>,
    span: Place,
    section: Section,
    prefix: Prefix,
}

/// Where a table is in the scenario, to name its values (`cost[2].amount`).
#[derive(Debug, Clone, Copy)]
enum Prefix {
    Top,
    Table(&'static str),
    /// An element of an array of tables, numbered from 1.
    Element(&'static str, usize),
}

impl Prefix {
    fn path(self, key: &str) -> String {
        match self {
            Prefix::Top => key.to_string(),
            Prefix::Table(table) => format!("{table}.{key}"),
            Prefix::Element(table, number) => format!("{table}[{number}].{key}"),
        }
    }
}

impl<'a, 't> Fields<'a, 't> {
    fn new(table: &'a Table<'t>, span: Place, section: Section, prefix: Prefix) -> Self {
        let entries = table
            .entries
            .iter()
            .map(|entry| (entry.key.as_ref(), &entry.value))
            .collect();
        Fields {
            table,
            entries,
            span,
            section,
            prefix,
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value<'t>> {
        self.entries
            .iter()
            .find(|(k, _)| k.len() == key.len() && *k == key)
            .map(|(_, v)| *v)
    }
}

/// A value and where it was written, for checks that involve several keys.
#[derive(Debug, Clone)]
struct Located<T> {
    value: T,
    span: Place,
}

struct Reader {
    diagnostics: Vec<Diagnostic>,
    /// Figures that are odd but not wrong: shown, and the scenario still used.
    warnings: Vec<Diagnostic>,
    /// The first origin that is a command-line argument (`--set`): those
    /// before it are the file and the files it extends.
    arguments_from: Origin,
    /// Where the facts `check` reviews (dates, sources) are written.
    review: Review,
    /// The document is the parser's recovery from syntax errors.
    partial: bool,
    provenance: Provenance,
    /// Where in `provenance` each path is, by the path's hash, to look each up
    /// at once (a child of a parent with 100,000 cost lines notes 200,000)
    /// without a second copy of every path.
    noted: std::collections::HashMap<u64, usize>,
    noted_hasher: std::collections::hash_map::RandomState,
    /// The inputs given as distributions, in the order read.
    uncertain: Vec<Uncertain>,
}

impl Reader {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The value of `key`, noting where it came from when that is not the file.
    fn value<'a, 't>(&mut self, fields: &Fields<'a, 't>, key: &str) -> Option<&'a Value<'t>> {
        let value = fields.get(key)?;
        if value.origin != Origin::FILE {
            let path = fields.prefix.path(key);
            let hash = self.noted_hasher.hash_one(&path);
            let noted = match self.noted.get(&hash) {
                None => false,
                Some(&first) if self.provenance[first].0 == path => true,
                // Two paths with one hash: as good as never, so a search will do.
                Some(_) => self.provenance.iter().any(|(p, _)| *p == path),
            };
            if !noted {
                self.noted.entry(hash).or_insert(self.provenance.len());
                self.provenance.push((path, value.origin));
            }
        }
        Some(value)
    }

    fn scenario(&mut self, top: &Fields) -> Option<Scenario> {
        self.unknown_keys(top);
        let name = self.required_text(top, "name", "\"UK–Rwanda partnership\"");
        self.review.name = name.as_ref().map(|n| n.span.clone().into());
        let short_name = self.short_name(top);
        let currency = self.currency(top);
        let price_year = self.year(top, "price_year");
        let as_of = self.date(top, "as_of");
        self.review.as_of = as_of.as_ref().map(|d| d.span.clone().into());
        let status = self.choice(top, "status", &Status::ALL);
        self.review.status = status.as_ref().map(|s| s.span.clone().into());
        let sending = self.text(top, "sending");
        let receiving = self.text(top, "receiving");
        let start = self.date(top, "start");
        let end = self.date(top, "end");
        if let (Some(start), Some(end)) = (&start, &end)
            && end.value < start.value
        {
            self.report(
                at(
                    end.span.clone(),
                    format!("`end` ({}) is before `start` ({})", end.value, start.value),
                )
                .with_help("check the two dates; `end` is the day the deal ended or will end"),
            );
        }
        let years = self.positive_years(top, None);
        let summary = self.text(top, "summary");

        let (sources, source_ids) = self.sources(top);
        let mut refs = SourceRefs {
            ids: source_ids,
            uses: Vec::new(),
        };

        // The duration `per_year` lines without their own `years` are paid for.
        let duration = match (&years, &start, &end) {
            (Some(_), _, _) => DealDuration::Years,
            (None, Some(start), Some(end)) if end.value > start.value => DealDuration::Years,
            (None, Some(_), Some(_)) => DealDuration::ZeroDays,
            _ => DealDuration::None,
        };
        let costs = self.costs(top, duration, &mut refs);
        let outcomes = self.outcomes(top, &mut refs);
        let legal = self.legal(top, &mut refs);
        let baseline = self.baseline(top, &mut refs);
        self.check_source_refs(refs);
        let correlations = self.correlations(top);

        Some(Scenario {
            name: name?.value,
            short_name: short_name.map(|s| s.value),
            currency: currency?,
            price_year,
            as_of: as_of.map(|d| d.value),
            status: status.map(|s| s.value),
            sending: sending.map(|s| s.value),
            receiving: receiving.map(|s| s.value),
            start: start.map(|d| d.value),
            end: end.map(|d| d.value),
            years: years.map(|y| y.value),
            summary: summary.map(|s| s.value),
            costs: costs?,
            outcomes: outcomes?,
            legal: legal?,
            baseline: baseline?,
            sources,
            uncertain: Vec::new(),
            correlations,
        })
    }

    /// `short_name`: like `name`, not empty, and short enough for a table column.
    fn short_name(&mut self, top: &Fields) -> Option<Located<String>> {
        let text = self.text(top, "short_name")?;
        let length = text.value.trim().chars().count();
        if length == 0 {
            self.report(at(text.span, "`short_name` is empty").with_help(
                "write a label for tables, e.g. short_name = \"UK–Rwanda\", or remove the line",
            ));
            return None;
        }
        if length > SHORT_NAME_LIMIT {
            self.report(
                at(
                    text.span,
                    format!("`short_name` has {length} characters, more than {SHORT_NAME_LIMIT}"),
                )
                .with_help(format!(
                    "shorten it to {SHORT_NAME_LIMIT} characters or fewer, e.g. \"UK–Rwanda\"; \
                     the full `name` is still shown by `show`, CSV, JSON and the report"
                )),
            );
            return None;
        }
        Some(text)
    }

    fn currency(&mut self, top: &Fields) -> Option<String> {
        let code = self.required_text(top, "currency", "\"GBP\"")?;
        if is_known_currency(&code.value) {
            return Some(code.value);
        }
        let upper = code.value.trim().to_uppercase();
        let help = if is_known_currency(&upper) {
            format!("write the code in capitals: currency = \"{upper}\"")
        } else if let Some(near) = crate::model::currency::nearest(&upper) {
            format!("did you mean \"{near}\"? Use the three-letter ISO 4217 code")
        } else {
            "use the three-letter ISO 4217 code, such as \"GBP\", \"EUR\", \"USD\" or \"AUD\""
                .into()
        };
        self.report(
            at(
                code.span,
                format!("unknown currency code \"{}\"", code.value),
            )
            .with_help(help),
        );
        None
    }

    /// A calendar year: `price_year`, `year`, `start_year`.
    fn year(&mut self, fields: &Fields, key: &str) -> Option<u16> {
        let year = self.whole(fields, key)?;
        rules::year(key, year.value)
            .map_err(|broken| self.report(broke(year.span, broken)))
            .ok()
    }

    /// `years` > 0; on a cost line (`input`) it may be uncertain.
    fn positive_years(
        &mut self,
        fields: &Fields,
        input: Option<Input>,
    ) -> Option<Located<Decimal>> {
        let years = match input {
            Some(input) => self.uncertain_decimal(fields, "years", Quantity::Positive, input)?,
            None => self.decimal(fields, "years")?,
        };
        if let Some(broken) = rules::years(years.value) {
            self.report(broke(years.span, broken));
            return None;
        }
        Some(years)
    }

    fn costs(
        &mut self,
        top: &Fields,
        duration: DealDuration,
        refs: &mut SourceRefs,
    ) -> Option<Vec<CostLine>> {
        let tables = self.array_of_tables(top, "cost", Section::Cost)?;
        // Kept for the whole run, once per file: no spare capacity (ten thousand
        // one-line files would otherwise hold 5 MB of empty slots).
        let mut lines = Vec::with_capacity(tables.len());
        let mut ok = true;
        // A set: a file may have thousands of lines. A single line (most files
        // of a generated batch) cannot repeat a name, and skips the hashing.
        let mut items: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (index, fields) in tables.iter().enumerate() {
            self.unknown_keys(fields);
            let item = self.required_text(fields, "item", "\"Payments to the receiving country\"");
            if let Some(item) = &item
                && tables.len() > 1
                && !items.insert(item.value.clone())
            {
                self.report(
                    at(item.span.clone(), format!("two [[cost]] lines are both called \"{}\"", item.value))
                        .with_help("give each cost line its own `item` name (later versions use it to override a line)"),
                );
                ok = false;
            }
            let amount = self.required(fields, "amount", "1_000_000", |reader, fields, key| {
                reader.uncertain_decimal(fields, key, Quantity::Amount, Input::CostAmount(index))
            });
            if let Some(amount) = &amount
                && let Some(broken) = rules::amount(amount.value)
            {
                self.report(broke(amount.span.clone(), broken));
                ok = false;
            }
            let basis = self.choice(fields, "basis", &Basis::ALL);
            let basis_value = basis.as_ref().map_or(Basis::Fixed, |b| b.value);
            let years = if fields.get("years").is_some()
                && let Some(broken) = rules::years_on_basis(basis_value)
            {
                self.report(broke(key_span(fields, "years"), broken));
                ok = false;
                None
            } else {
                self.positive_years(fields, Some(Input::CostYears(index)))
            };
            if basis_value == Basis::PerYear
                && years.is_none()
                && duration != DealDuration::Years
                && fields.get("years").is_none()
            {
                let span = basis
                    .as_ref()
                    .map_or(fields.span.clone(), |b| b.span.clone());
                let message = if duration == DealDuration::ZeroDays {
                    "this per_year cost would count for nothing: the deal's `start` and `end` are the same day (0 years)"
                } else {
                    "this per_year cost has no number of years to multiply by"
                };
                self.report(
                    at(span, message)
                        .with_help("add `years = N` to this [[cost]] line, or give the scenario `years = N` or both `start` and `end`"),
                );
                ok = false;
            }
            let source = self.source_ref(fields, refs);
            let note = self.text(fields, "note");
            let price_year = self.year(fields, "price_year");
            let year = self.year(fields, "year");
            let start_year = if fields.get("start_year").is_some()
                && let Some(broken) = rules::start_year_on_basis(basis_value)
            {
                self.report(broke(key_span(fields, "start_year"), broken));
                ok = false;
                None
            } else {
                self.year(fields, "start_year")
            };
            if fields.get("year").is_some()
                && let Some(broken) = rules::year_on_basis(basis_value)
            {
                self.report(broke(key_span(fields, "year"), broken));
                ok = false;
            }
            if let (Some(item), Some(amount)) = (item, amount) {
                if source.is_none() {
                    self.review.unsourced.push((
                        amount.span.into(),
                        format!("the cost line \"{}\"", item.value),
                    ));
                }
                lines.push(CostLine {
                    item: item.value,
                    amount: amount.value,
                    basis: basis_value,
                    years: years.map(|y| y.value),
                    price_year,
                    year,
                    start_year,
                    source,
                    note: note.map(|n| n.value),
                });
            } else {
                ok = false;
            }
        }
        ok.then_some(lines)
    }

    fn outcomes(&mut self, top: &Fields, refs: &mut SourceRefs) -> Option<Outcomes> {
        let Some(fields) = self.table(top, "outcomes", Section::Outcomes) else {
            return top.get("outcomes").is_none().then(Outcomes::default);
        };
        self.unknown_keys(&fields);
        let removals = self.uncertain_whole(&fields, "removals", Input::Removals);
        let planned = self.uncertain_whole(&fields, "planned", Input::Planned);
        let block_probability = self.uncertain_decimal(
            &fields,
            "block_probability",
            Quantity::Probability,
            Input::BlockProbability,
        );
        let attempted = self.uncertain_whole(&fields, "attempted", Input::Attempted);
        let blocked = self.uncertain_whole(&fields, "blocked", Input::Blocked);
        let voluntary_departures = self.whole(&fields, "voluntary_departures");
        let offshore_transfers = self.whole(&fields, "offshore_transfers");
        let source = self.source_ref(&fields, refs);
        let note = self.text(&fields, "note");
        let before = self.diagnostics.len();

        // The one key that holds figures to point at when none has a source.
        let first_figure = [
            &removals,
            &planned,
            &attempted,
            &blocked,
            &voluntary_departures,
            &offshore_transfers,
        ]
        .into_iter()
        .find_map(|count| count.as_ref().map(|c| c.span.clone()))
        .or_else(|| block_probability.as_ref().map(|p| p.span.clone()));
        if source.is_none()
            && let Some(figure) = first_figure
        {
            self.review
                .unsourced
                .push((figure.into(), "the figures in [outcomes]".into()));
        }

        if let Some(p) = &block_probability {
            let problems = [
                rules::block_probability(p.value),
                rules::block_probability_needs(removals.is_some(), planned.is_some()),
            ];
            for broken in problems.into_iter().flatten() {
                self.report(broke(p.span.clone(), broken));
            }
        }
        // A count that could not be read is not missing: its own problem is reported.
        if let Some(blocked) = &blocked
            && (attempted.is_some() || fields.get("attempted").is_none())
            && let Some(broken) = rules::blocked(blocked.value, attempted.as_ref().map(|a| a.value))
        {
            self.report(broke(blocked.span.clone(), broken));
        }
        let mut capped_from = None;
        let mut voluntary_value = voluntary_departures.as_ref().map(|v| v.value);
        if let Some(voluntary) = &voluntary_departures
            && (removals.is_some() || fields.get("removals").is_none())
        {
            let argument = |place: &Place| place.origin.0 >= self.arguments_from.0;
            let only_removals_changed =
                removals.as_ref().is_some_and(|r| argument(&r.span)) && !argument(&voluntary.span);
            let removals_value = removals.as_ref().map(|r| r.value);
            match rules::voluntary_departures_within(
                voluntary.value,
                removals_value,
                only_removals_changed,
            ) {
                Ok(None) => {}
                Ok(Some(capped)) => {
                    capped_from = Some(voluntary.value);
                    voluntary_value = Some(capped);
                    if let Some(removals) = &removals {
                        self.warnings.push(
                            broke(
                                removals.span.clone(),
                                rules::voluntary_departures_capped(voluntary.value, capped),
                            )
                            .as_warning(),
                        );
                    }
                }
                Err(broken) => self.report(broke(voluntary.span.clone(), broken)),
            }
        }
        if self.diagnostics.len() != before {
            return None;
        }
        let written = |key: &str| !fields.get(key).is_some_and(is_distribution);
        if let Some(removals) = removals.as_ref().filter(|_| written("removals")) {
            let exact = |count: &Option<Located<u64>>, key: &str| {
                count.as_ref().filter(|_| written(key)).map(|c| c.value)
            };
            for odd in rules::removals_beyond(
                removals.value,
                exact(&attempted, "attempted"),
                exact(&planned, "planned"),
            ) {
                self.warnings
                    .push(broke(removals.span.clone(), odd).as_warning());
            }
        }
        let has_value = |key: &str| fields.get(key).is_some();
        let all_read = [
            "removals",
            "planned",
            "block_probability",
            "attempted",
            "blocked",
            "voluntary_departures",
            "offshore_transfers",
        ]
        .iter()
        .zip([
            removals.is_some(),
            planned.is_some(),
            block_probability.is_some(),
            attempted.is_some(),
            blocked.is_some(),
            voluntary_departures.is_some(),
            offshore_transfers.is_some(),
        ])
        .all(|(key, read)| read || !has_value(key));
        all_read.then(|| Outcomes {
            removals: removals.map(|v| v.value),
            planned: planned.map(|v| v.value),
            block_probability: block_probability.map(|v| v.value),
            attempted: attempted.map(|v| v.value),
            blocked: blocked.map(|v| v.value),
            voluntary_departures: voluntary_value,
            voluntary_departures_capped_from: capped_from,
            offshore_transfers: offshore_transfers.map(|v| v.value),
            source,
            note: note.map(|n| n.value),
        })
    }

    fn legal(&mut self, top: &Fields, refs: &mut SourceRefs) -> Option<Vec<LegalEvent>> {
        let tables = self.array_of_tables(top, "legal", Section::Legal)?;
        let mut events = Vec::with_capacity(tables.len());
        let mut ok = true;
        for fields in &tables {
            self.unknown_keys(fields);
            let date = self.required(fields, "date", "2022-06-14", Self::date);
            let court = self.required_text(fields, "court", "\"European Court of Human Rights\"");
            let outcome = self.required(fields, "outcome", "\"blocked\"", |reader, fields, key| {
                reader.choice(fields, key, &LegalOutcome::ALL)
            });
            let people = self.whole(fields, "people");
            let summary = self.text(fields, "summary");
            let source = self.source_ref(fields, refs);
            match (date, court, outcome) {
                (Some(date), Some(court), Some(outcome))
                    if people.is_some() || fields.get("people").is_none() =>
                {
                    if source.is_none() {
                        self.review.unsourced.push((
                            date.span.into(),
                            format!("the court event of {} ({})", date.value, court.value),
                        ));
                    }
                    events.push(LegalEvent {
                        date: date.value,
                        court: court.value,
                        outcome: outcome.value,
                        people: people.map(|p| p.value),
                        summary: summary.map(|s| s.value),
                        source,
                    })
                }
                _ => ok = false,
            }
        }
        ok.then_some(events)
    }

    fn baseline(&mut self, top: &Fields, refs: &mut SourceRefs) -> Option<Option<Baseline>> {
        let Some(fields) = self.table(top, "baseline", Section::Baseline) else {
            return top.get("baseline").is_none().then_some(None);
        };
        self.unknown_keys(&fields);
        let label = self.text(&fields, "label");
        let cost = self.required(
            &fields,
            "cost_per_person",
            "106_000",
            |reader, fields, key| {
                reader.uncertain_decimal(
                    fields,
                    key,
                    Quantity::Positive,
                    Input::BaselineCostPerPerson,
                )
            },
        );
        let price_year = self.year(&fields, "price_year");
        let source = self.source_ref(&fields, refs);
        let note = self.text(&fields, "note");
        let cost = cost?;
        if let Some(broken) = rules::cost_per_person(cost.value) {
            self.report(broke(cost.span, broken));
            return None;
        }
        if fields.get("price_year").is_some() && price_year.is_none() {
            return None;
        }
        if source.is_none() {
            self.review
                .unsourced
                .push((cost.span.into(), "the baseline".into()));
        }
        Some(Some(Baseline {
            label: label.map(|l| l.value),
            cost_per_person: cost.value,
            price_year,
            source,
            note: note.map(|n| n.value),
        }))
    }

    /// The valid sources, and the ids of all of them: a source with a problem of
    /// its own still counts as cited, so one typo is reported once.
    fn sources(&mut self, top: &Fields) -> (Vec<Source>, Vec<String>) {
        let Some(tables) = self.array_of_tables(top, "source", Section::Source) else {
            return (Vec::new(), Vec::new());
        };
        let mut sources: Vec<Source> = Vec::with_capacity(tables.len());
        let mut ids: Vec<String> = Vec::with_capacity(tables.len());
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for fields in &tables {
            self.unknown_keys(fields);
            let id = self.required_text(fields, "id", "\"nao-2024\"");
            let title = self.required_text(
                fields,
                "title",
                "\"The costs of the UK-Rwanda Partnership\"",
            );
            let url = self.text(fields, "url");
            let publisher = self.text(fields, "publisher");
            let date = self.date(fields, "date");
            let accessed = self.date(fields, "accessed");
            if let Some(url) = &url
                && !crate::model::is_web_address(&url.value)
            {
                self.report(
                    at(
                        url.span.clone(),
                        format!("`url` \"{}\" is not a web address", url.value),
                    )
                    .with_help("write the full address, starting with https:// or http://"),
                );
            }
            if let Some(id) = &id
                && seen.contains(id.value.as_str())
            {
                self.report(
                    at(
                        id.span.clone(),
                        format!("two [[source]] tables have the id \"{}\"", id.value),
                    )
                    .with_help("give each source its own id"),
                );
            }
            if let Some(id) = &id {
                ids.push(id.value.clone());
                seen.insert(id.value.clone());
            }
            if let (Some(id), Some(title)) = (id, title) {
                sources.push(Source {
                    id: id.value,
                    title: title.value,
                    url: url.map(|u| u.value),
                    publisher: publisher.map(|p| p.value),
                    date: date.map(|d| d.value),
                    accessed: accessed.map(|d| d.value),
                });
            }
        }
        (sources, ids)
    }

    /// `[[correlation]]` tables, read after every input so their paths can be
    /// checked against the uncertain ones; then each group of linked inputs
    /// must have a correlation matrix that some inputs could have.
    fn correlations(&mut self, top: &Fields) -> Vec<Correlation> {
        let Some(tables) = self.array_of_tables(top, "correlation", Section::Correlation) else {
            return Vec::new();
        };
        let mut correlations = Vec::new();
        let mut places = Vec::new();
        for fields in &tables {
            self.unknown_keys(fields);
            let inputs = self.required(
                fields,
                "inputs",
                "[\"outcomes.planned\", \"outcomes.block_probability\"]",
                |reader, fields, key| reader.correlated_inputs(fields, key, top),
            );
            let rank = self.required(fields, "rank", "-0.5", Self::decimal);
            let rank = rank.and_then(|rank| {
                if rank.value.abs() <= Decimal::ONE {
                    return Some(rank);
                }
                self.report(
                    at(
                        rank.span.clone(),
                        format!("`rank` is {}, outside -1 to 1", rank.value),
                    )
                    .with_help(
                        "a rank correlation is from -1 (one input's order reverses the \
                         other's) to 1 (the same order); 0 is none",
                    ),
                );
                None
            });
            let (Some(inputs), Some(rank)) = (inputs, rank) else {
                continue;
            };
            if inputs.value.len() < 2 {
                // Fixed by `--set` or a child file: nothing left to correlate.
                continue;
            }
            for earlier in &correlations {
                let earlier: &Correlation = earlier;
                let shared: Vec<&String> = inputs
                    .value
                    .iter()
                    .filter(|i| earlier.inputs.contains(i))
                    .collect();
                if let [first, second, ..] = shared[..] {
                    self.report(
                        at(
                            inputs.span.clone(),
                            format!(
                                "`{first}` and `{second}` are correlated by two [[correlation]] tables"
                            ),
                        )
                        .with_help(
                            "give each pair of inputs one rank correlation: remove it from one table",
                        ),
                    );
                }
            }
            places.push(fields.span.clone());
            correlations.push(Correlation {
                inputs: inputs.value,
                rank: nearest_f64(rank.value),
                rank_text: rank.value.to_string(),
            });
        }
        for group in crate::model::correlation::groups(&correlations) {
            let smallest = crate::model::correlation::smallest_eigenvalue(&group.matrix);
            if smallest >= -crate::model::correlation::EIGENVALUE_TOLERANCE {
                continue;
            }
            let last = group.tables.last().copied().unwrap_or(0);
            self.report(
                at(
                    places[last].clone(),
                    format!(
                        "the rank correlations among {} are impossible together: their \
                         correlation matrix is not positive semi-definite (its smallest \
                         eigenvalue is {:.4}, and must be at least 0)",
                        group.inputs.join(", "),
                        smallest
                    ),
                )
                .with_help(
                    "weaken the strongest correlations: for example, if A and B, and B and C, \
                     both have rank 0.9, A and C cannot have a negative rank",
                ),
            );
            return Vec::new();
        }
        correlations
    }

    /// `inputs` of a `[[correlation]]`: two or more paths of distinct
    /// uncertain inputs. An input that a `--set` or a file extending this
    /// one fixed to a number (its value comes from another text than the
    /// table) is left out: a fixed number has no rank to correlate, and a
    /// what-if on one input should not need the table edited.
    fn correlated_inputs(
        &mut self,
        fields: &Fields,
        key: &str,
        top: &Fields,
    ) -> Option<Located<Vec<String>>> {
        let value = self.value(fields, key)?;
        let span = value.place();
        let Kind::Array(elements) = &value.kind else {
            self.report(wrong_type(key, "a list of input paths", value).with_help(
                "write inputs = [\"outcomes.planned\", \"outcomes.block_probability\"]",
            ));
            return None;
        };
        let mut paths: Vec<String> = Vec::new();
        let mut fixed = 0;
        let mut ok = true;
        for element in elements {
            let Kind::String(path) = &element.kind else {
                self.report(
                    wrong_type(key, "a list of input paths", element)
                        .with_help("write each input's path in quotes: \"outcomes.planned\""),
                );
                ok = false;
                continue;
            };
            let path = path.trim().to_string();
            if paths.contains(&path) {
                self.report(
                    at(
                        element.place(),
                        format!("`{path}` is listed twice in `inputs`"),
                    )
                    .with_help(
                        "list each input once; an input is always fully correlated with itself",
                    ),
                );
                ok = false;
                continue;
            }
            if !self.uncertain.iter().any(|u| u.path == path)
                && value_at(top, &path).is_some_and(|v| v.origin != element.origin)
            {
                fixed += 1;
                continue;
            }
            if !self.uncertain.iter().any(|u| u.path == path) {
                let known: Vec<&str> = self.uncertain.iter().map(|u| u.path.as_str()).collect();
                let help = if known.is_empty() {
                    "only inputs given as distributions can be correlated, and this scenario \
                     has none: give each a distribution, e.g. planned = { low = 100, high = 300 }"
                        .to_string()
                } else if let Some(near) = closest(&path, known.iter().copied()) {
                    format!(
                        "did you mean \"{near}\"? The uncertain inputs are {}",
                        known.join(", ")
                    )
                } else {
                    format!(
                        "only inputs given as distributions can be correlated; this scenario's are {}",
                        known.join(", ")
                    )
                };
                self.report(
                    at(
                        element.place(),
                        format!("`{path}` is not an uncertain input of this scenario"),
                    )
                    .with_help(help),
                );
                ok = false;
                continue;
            }
            paths.push(path);
        }
        if ok && paths.len() + fixed < 2 {
            self.report(
                at(
                    span.clone(),
                    format!("`{key}` lists {} input, fewer than 2", paths.len()),
                )
                .with_help("a correlation is between two or more inputs: list at least two paths"),
            );
            return None;
        }
        ok.then_some(Located { value: paths, span })
    }

    fn source_ref(&mut self, fields: &Fields, refs: &mut SourceRefs) -> Option<String> {
        let id = self.text(fields, "source")?;
        refs.uses.push(id.clone());
        Some(id.value)
    }

    /// Every `source = "id"` must name a `[[source]]` in the file. Checked once all
    /// sources are read, so a source may be listed after the lines that cite it.
    fn check_source_refs(&mut self, refs: SourceRefs) {
        if self.partial {
            return;
        }
        let known: std::collections::HashSet<&str> = refs.ids.iter().map(String::as_str).collect();
        // Lowercased once, and one hint per distinct unknown id: a file citing
        // thousands of unknown ids would otherwise lowercase and compare every
        // known id thousands of times over.
        let known_ids = KnownIds::new(&refs.ids);
        let mut hints: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for used in refs.uses {
            if known.contains(used.value.as_str()) {
                continue;
            }
            let help = hints
                .entry(used.value.clone())
                .or_insert_with(|| unknown_source_help(&used.value, &known_ids))
                .clone();
            self.report(
                at(
                    used.span,
                    format!("no [[source]] has the id \"{}\"", used.value),
                )
                .with_help(help),
            );
        }
    }

    // ---- uncertain values ------------------------------------------------------

    /// A number that may be given as a distribution; for a distribution, its
    /// mean (rounded to 6 decimal places), computed exactly from the
    /// parameters as written, is the base case.
    fn uncertain_decimal(
        &mut self,
        fields: &Fields,
        key: &str,
        quantity: Quantity,
        input: Input,
    ) -> Option<Located<Decimal>> {
        if !fields.get(key).is_some_and(is_distribution) {
            return self.decimal(fields, key);
        }
        let (uncertain, span) = self.uncertain(fields, key, quantity, input)?;
        match uncertain.distribution.exact_mean(&uncertain.written, 6) {
            Ok(value) => Some(Located { value, span }),
            Err(_) => {
                self.report(
                    at(
                        span,
                        format!(
                            "the mean of `{key}`'s distribution ({}) is too large for a decimal",
                            uncertain.describe()
                        ),
                    )
                    .with_help("the largest number is 79,228,162,514,264,337,593,543,950,335"),
                );
                None
            }
        }
    }

    /// A whole number that may be given as a distribution; for a distribution,
    /// its mean rounded to the nearest whole number is the base case.
    fn uncertain_whole(
        &mut self,
        fields: &Fields,
        key: &str,
        input: Input,
    ) -> Option<Located<u64>> {
        if !fields.get(key).is_some_and(is_distribution) {
            return self.whole(fields, key);
        }
        let (uncertain, span) = self.uncertain(fields, key, Quantity::Count, input)?;
        let mean = uncertain.distribution.exact_mean(&uncertain.written, 0);
        let Some(value) = mean.ok().and_then(|m| u64::try_from(m).ok()) else {
            self.report(at(
                span,
                format!(
                    "the mean of `{key}`'s distribution ({}) is out of range",
                    uncertain.describe()
                ),
            ));
            return None;
        };
        Some(Located { value, span })
    }

    /// Reads and checks the distribution of `key`, and records it.
    fn uncertain(
        &mut self,
        fields: &Fields,
        key: &str,
        quantity: Quantity,
        input: Input,
    ) -> Option<(Uncertain, Place)> {
        let value = self.value(fields, key)?;
        let (distribution, written) = self.distribution(key, value, quantity)?;
        let uncertain = Uncertain {
            path: fields.prefix.path(key),
            input,
            distribution,
            written,
        };
        self.uncertain.push(uncertain.clone());
        Some((uncertain, value.place()))
    }

    fn distribution(
        &mut self,
        key: &str,
        value: &Value,
        quantity: Quantity,
    ) -> Option<(Distribution, Vec<Written>)> {
        let place = value.place();
        let table = match &value.kind {
            Kind::String(text) => return self.range_shorthand(key, text, place, quantity),
            Kind::Table(table) => table,
            _ => return None,
        };
        const PARAMETERS: [&str; 8] =
            ["dist", "low", "high", "min", "max", "mode", "alpha", "beta"];
        for entry in &table.entries {
            if !PARAMETERS.contains(&entry.key.as_ref()) {
                let help = match closest(&entry.key, PARAMETERS) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("a distribution takes: {}", PARAMETERS.join(", ")),
                };
                self.report(
                    at(
                        Place {
                            span: entry.key_span.clone(),
                            origin: entry.value.origin,
                        },
                        format!("unknown key `{}` in the distribution of `{key}`", entry.key),
                    )
                    .with_help(help),
                );
                return None;
            }
        }
        let family = match table.get("dist") {
            None if table.get("low").is_some() || table.get("high").is_some() => {
                "lognormal".to_string()
            }
            None => {
                self.report(at(place, format!("say which distribution `{key}` has")).with_help(
                    "write { low = A, high = B } for a lognormal with that 90% interval, or give \
                     dist = \"normal\", \"uniform\", \"triangular\", \"pert\" or \"beta\"",
                ));
                return None;
            }
            Some(Value {
                kind: Kind::String(name),
                ..
            }) => name.to_string(),
            Some(other) => {
                self.report(wrong_type("dist", "text in quotes", other));
                return None;
            }
        };
        let dist_place = table.get("dist").map_or(place.clone(), Value::place);
        let parameters: &[&str] = match family.as_str() {
            "lognormal" | "normal" => &["low", "high"],
            "uniform" => &["min", "max"],
            "triangular" | "pert" => &["min", "mode", "max"],
            "beta" => &["alpha", "beta"],
            unknown => {
                let families = [
                    "lognormal",
                    "normal",
                    "uniform",
                    "triangular",
                    "pert",
                    "beta",
                ];
                let help = match closest(unknown, families) {
                    Some(near) => {
                        format!("did you mean \"{near}\"? (one of: {})", families.join(", "))
                    }
                    None => format!("use one of: {}", families.join(", ")),
                };
                self.report(
                    at(dist_place, format!("unknown distribution \"{unknown}\"")).with_help(help),
                );
                return None;
            }
        };
        // Every parameter the family takes, and none it does not.
        let mut numbers = Vec::with_capacity(parameters.len());
        for entry in table.entries.iter().filter(|e| e.key != "dist") {
            if !parameters.contains(&entry.key.as_ref()) {
                self.report(
                    at(
                        entry.value.place(),
                        format!("a {family} distribution has no `{}`", entry.key),
                    )
                    .with_help(format!(
                        "a {family} distribution takes {}",
                        parameters.join(", ")
                    )),
                );
                return None;
            }
        }
        for parameter in parameters {
            let Some(number) = table.get(parameter) else {
                self.report(
                    at(
                        place,
                        format!("the {family} distribution of `{key}` needs `{parameter}`"),
                    )
                    .with_help(format!(
                        "a {family} distribution takes {}",
                        parameters.join(", ")
                    )),
                );
                return None;
            };
            let (literal, parsed) = match &number.kind {
                Kind::Integer { literal, radix: 10 } | Kind::Float(literal) => {
                    (literal, exact_decimal(literal))
                }
                _ => {
                    self.report(wrong_type(parameter, "a number", number));
                    return None;
                }
            };
            match parsed {
                Ok(exact) => numbers.push((
                    Written {
                        text: literal.to_string(),
                        exact,
                    },
                    number.place(),
                )),
                Err(why) => {
                    self.report(
                        at(
                            number.place(),
                            format!("`{parameter}` cannot be read as an exact number"),
                        )
                        .with_help(why),
                    );
                    return None;
                }
            }
        }
        let n = |i: usize| nearest_f64(numbers[i].0.exact);
        let distribution = match family.as_str() {
            "lognormal" => Distribution::LogNormal {
                low: n(0),
                high: n(1),
            },
            "normal" => Distribution::Normal {
                low: n(0),
                high: n(1),
            },
            "uniform" => Distribution::Uniform {
                min: n(0),
                max: n(1),
            },
            "triangular" => Distribution::Triangular {
                min: n(0),
                mode: n(1),
                max: n(2),
            },
            "pert" => Distribution::Pert {
                min: n(0),
                mode: n(1),
                max: n(2),
            },
            _ => Distribution::Beta {
                alpha: n(0),
                beta: n(1),
            },
        };
        let written: Vec<Written> = numbers.iter().map(|(w, _)| w.clone()).collect();
        let problem = distribution_problem(&distribution, quantity, &written);
        match problem {
            None => Some((distribution, written)),
            Some((index, message, help)) => {
                let place = index.map_or(place, |i| numbers[i].1.clone());
                self.report(at(place, format!("`{key}`: {message}")).with_help(help));
                None
            }
        }
    }

    /// `"A to B"`: a lognormal with that 90% interval, as in Squiggle.
    fn range_shorthand(
        &mut self,
        key: &str,
        text: &str,
        place: Place,
        quantity: Quantity,
    ) -> Option<(Distribution, Vec<Written>)> {
        let parsed = text.split_once(" to ").and_then(|(low, high)| {
            let number = |t: &str| {
                let exact = exact_decimal(t.trim()).ok()?;
                Some(Written {
                    text: t.trim().to_string(),
                    exact,
                })
            };
            Some(vec![number(low)?, number(high)?])
        });
        let Some(written) = parsed else {
            self.report(
                at(place, format!("`{key}` = \"{text}\" is not a range"))
                    .with_help("write \"A to B\" with plain numbers (a lognormal with that 90% interval), such as \"500 to 900\""),
            );
            return None;
        };
        let distribution = Distribution::LogNormal {
            low: nearest_f64(written[0].exact),
            high: nearest_f64(written[1].exact),
        };
        if let Some((_, message, help)) = distribution_problem(&distribution, quantity, &written) {
            self.report(at(place, format!("`{key}`: {message}")).with_help(help));
            return None;
        }
        Some((distribution, written))
    }

    // ---- reading single values -------------------------------------------------

    fn unknown_keys(&mut self, fields: &Fields) {
        for entry in &fields.table.entries {
            let key_name = entry.key.as_ref();
            if fields.section.has_key(key_name) {
                continue;
            }
            self.report(
                at(
                    Place {
                        span: entry.key_span.clone(),
                        origin: entry.value.origin,
                    },
                    format!("unknown key `{key_name}` {}", fields.section.location()),
                )
                .with_help(key_suggestion(fields.section, key_name)),
            );
        }
    }

    /// Reads a key that must be present, reporting it as missing otherwise.
    fn required<T>(
        &mut self,
        fields: &Fields,
        key: &str,
        example: &str,
        read: impl FnOnce(&mut Self, &Fields, &str) -> Option<Located<T>>,
    ) -> Option<Located<T>> {
        if fields.get(key).is_none() {
            // A misspelt key (`ammount`) is already reported with this key as
            // its suggestion; saying the key is missing too would say it twice.
            let misspelt = fields.table.entries.iter().any(|entry| {
                let other = entry.key.as_ref();
                !fields.section.has_key(other) && closest(other, fields.section.keys()) == Some(key)
            });
            if misspelt || self.partial {
                return None;
            }
            self.report(
                at(
                    fields.span.clone(),
                    format!("missing `{key}` {}", fields.section.location()),
                )
                .with_help(format!("add `{key} = {example}`")),
            );
            return None;
        }
        read(self, fields, key)
    }

    fn required_text(
        &mut self,
        fields: &Fields,
        key: &str,
        example: &str,
    ) -> Option<Located<String>> {
        let text = self.required(fields, key, example, Self::text)?;
        if text.value.trim().is_empty() {
            self.report(
                at(text.span, format!("`{key}` is empty"))
                    .with_help(format!("write it out, e.g. {key} = {example}")),
            );
            return None;
        }
        Some(text)
    }

    fn text(&mut self, fields: &Fields, key: &str) -> Option<Located<String>> {
        let value = self.value(fields, key)?;
        match &value.kind {
            Kind::String(s) => Some(Located {
                value: s.to_string(),
                span: value.place(),
            }),
            _ => {
                self.report(
                    wrong_type(key, "text in quotes", value)
                        .with_help(format!("put the value in quotes: {key} = \"...\"")),
                );
                None
            }
        }
    }

    fn decimal(&mut self, fields: &Fields, key: &str) -> Option<Located<Decimal>> {
        let value = self.value(fields, key)?;
        let span = value.place();
        let parsed = match &value.kind {
            Kind::Integer { literal, radix: 10 } => exact_decimal(literal),
            Kind::Integer { .. } => {
                Err("write it in decimal digits (not hexadecimal, octal or binary)".into())
            }
            Kind::Float(literal) => exact_decimal(literal),
            Kind::String(s) if exact_decimal(s.trim()).is_ok() => {
                self.report(
                    wrong_type(key, "a number", value)
                        .with_help(format!("remove the quotes: {key} = {}", s.trim())),
                );
                return None;
            }
            Kind::String(s) if let Some(hint) = number_hint(key, s, value) => {
                self.report(wrong_type(key, "a number", value).with_help(hint));
                return None;
            }
            _ => {
                self.report(wrong_type(key, "a number", value));
                return None;
            }
        };
        match parsed {
            Ok(value) => Some(Located { value, span }),
            Err(why) => {
                self.report(
                    at(span, format!("`{key}` cannot be read as an exact number")).with_help(why),
                );
                None
            }
        }
    }

    fn whole(&mut self, fields: &Fields, key: &str) -> Option<Located<u64>> {
        let value = self.value(fields, key)?;
        let span = value.place();
        match &value.kind {
            Kind::Integer { literal, radix } if *radix != 10 => {
                self.report(
                    at(
                        span,
                        format!("`{key}` must be written in decimal digits, found {literal}"),
                    )
                    .with_help("write the number as you would say it, without 0x, 0o or 0b"),
                );
                None
            }
            Kind::Integer { literal, .. } => {
                match rules::whole(key, without_underscores(literal).as_ref()) {
                    Ok(value) => Some(Located { value, span }),
                    Err(broken) => {
                        self.report(broke(span, broken));
                        None
                    }
                }
            }
            Kind::Float(literal) => {
                self.report(broke(span, rules::not_whole(key, literal)));
                None
            }
            Kind::String(s) if s.trim().parse::<u64>().is_ok() => {
                self.report(
                    wrong_type(key, "a whole number", value)
                        .with_help(format!("remove the quotes: {key} = {}", s.trim())),
                );
                None
            }
            Kind::String(s) if let Some(hint) = number_hint(key, s, value) => {
                self.report(wrong_type(key, "a whole number", value).with_help(hint));
                None
            }
            _ => {
                self.report(wrong_type(key, "a whole number", value));
                None
            }
        }
    }

    fn date(&mut self, fields: &Fields, key: &str) -> Option<Located<Date>> {
        let value = self.value(fields, key)?;
        let span = value.place();
        let help = format!("write a date without quotes, as year-month-day: {key} = 2024-07-22");
        match &value.kind {
            Kind::Datetime(datetime) => {
                let date = match (datetime.date, datetime.time, datetime.offset) {
                    (Some(date), None, None) => Date::new(date.year, date.month, date.day),
                    _ => None,
                };
                if date.is_none() {
                    self.report(
                        at(
                            span.clone(),
                            format!("`{key}` must be a calendar date, found {datetime}"),
                        )
                        .with_help(help),
                    );
                }
                date.map(|value| Located { value, span })
            }
            _ => {
                self.report(wrong_type(key, "a date", value).with_help(help));
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        fields: &Fields,
        key: &str,
        options: &[(T, &'static str)],
    ) -> Option<Located<T>> {
        let text = self.text(fields, key)?;
        if let Some((value, _)) = options.iter().find(|(_, name)| *name == text.value) {
            return Some(Located {
                value: *value,
                span: text.span,
            });
        }
        let names: Vec<&str> = options.iter().map(|(_, name)| *name).collect();
        let normalised = text.value.trim().to_lowercase().replace(['-', ' '], "_");
        let help = match names
            .iter()
            .find(|n| **n == normalised)
            .copied()
            .or_else(|| closest(&normalised, names.iter().copied()))
        {
            Some(near) => format!("did you mean \"{near}\"? (one of: {})", names.join(", ")),
            None => format!("use one of: {}", names.join(", ")),
        };
        self.report(at(text.span, format!("`{key}` cannot be \"{}\"", text.value)).with_help(help));
        None
    }

    fn table<'a, 't>(
        &mut self,
        fields: &Fields<'a, 't>,
        key: &'static str,
        section: Section,
    ) -> Option<Fields<'a, 't>> {
        let value = fields.get(key)?;
        match &value.kind {
            Kind::Table(table) => Some(Fields::new(
                table,
                key_span(fields, key),
                section,
                Prefix::Table(key),
            )),
            Kind::Array(_) => {
                self.report(
                    at(
                        key_span(fields, key),
                        format!("`{key}` must be a single table: write [{key}], not [[{key}]]"),
                    )
                    .with_help(format!("a scenario has one {}", section.title())),
                );
                None
            }
            _ => {
                self.report(
                    wrong_type(key, "a table", value)
                        .with_help(format!("write it as a [{key}] section")),
                );
                None
            }
        }
    }

    /// Reads `[[key]]` tables. A missing key is an empty list; `None` means
    /// something was wrong with it.
    fn array_of_tables<'a, 't>(
        &mut self,
        fields: &Fields<'a, 't>,
        key: &'static str,
        section: Section,
    ) -> Option<Vec<Fields<'a, 't>>> {
        let Some(value) = fields.get(key) else {
            return Some(Vec::new());
        };
        let Kind::Array(array) = &value.kind else {
            let help = if matches!(value.kind, Kind::Table(_)) {
                format!("write [[{key}]] with double brackets: a scenario can have several")
            } else {
                format!("write each one as a [[{key}]] section")
            };
            self.report(
                at(
                    key_span(fields, key),
                    format!("`{key}` must be a list of [[{key}]] tables"),
                )
                .with_help(help),
            );
            return None;
        };
        let mut tables = Vec::with_capacity(array.len());
        for (index, element) in array.iter().enumerate() {
            match &element.kind {
                Kind::Table(table) => tables.push(Fields::new(
                    table,
                    element.place(),
                    section,
                    Prefix::Element(key, index + 1),
                )),
                _ => {
                    self.report(
                        wrong_type(key, "a table", element)
                            .with_help(format!("write each one as a [[{key}]] section")),
                    );
                    return None;
                }
            }
        }
        Some(tables)
    }
}

/// The value at an input's path (`outcomes.planned`, `cost[2].amount`) in
/// the document, if it has one.
fn value_at<'a, 't>(top: &Fields<'a, 't>, path: &str) -> Option<&'a Value<'t>> {
    let (section, key) = path.split_once('.')?;
    let (name, number) = match section.split_once('[') {
        Some((name, rest)) => (name, Some(rest.strip_suffix(']')?.parse::<usize>().ok()?)),
        None => (section, None),
    };
    let value = top.get(name)?;
    let table = match (&value.kind, number) {
        (Kind::Table(table), None) => table,
        (Kind::Array(lines), Some(number)) => match &lines.get(number.checked_sub(1)?)?.kind {
            Kind::Table(table) => table,
            _ => return None,
        },
        _ => return None,
    };
    table.get(key)
}

/// Metrics costcalc computes, which users sometimes try to write in.
const METRIC_NAMES: [&str; 8] = [
    "total_cost",
    "cost_per_removal",
    "utilization",
    "block_rate",
    "legal_blocks",
    "cost_ratio_to_baseline",
    "break_even_removals",
    "removals_basis",
];

/// The top-level keys that are tables, not values.
const TABLE_KEYS: [&str; 6] = [
    "cost",
    "outcomes",
    "legal",
    "baseline",
    "source",
    "correlation",
];

/// How many known ids a hint for an unknown one lists at most.
const NEAREST_IDS: usize = 3;

/// The `[[source]]` ids of a file, ready to find the nearest to an unknown one.
struct KnownIds<'i> {
    ids: &'i [String],
    /// `ids` lowercased, as `closest` compares them.
    lowercase: Vec<String>,
    /// For a file of many ids: the ids' places in order of their lowercased
    /// text, and of that text reversed.
    by_start: Vec<usize>,
    by_end: Vec<(String, usize)>,
}

/// Up to this many known ids, every one is scored against an unknown id; a
/// file with more has hints from candidates (see [`KnownIds::candidates`]),
/// so thousands of unknown ids against thousands of known ones take time in
/// proportion to n log n, not n² (benches/linear_bench.py, hints).
const SCORE_EVERY_ID_UP_TO: usize = 64;

/// How many neighbours on each side, in each order, are candidates.
const NEIGHBOURS: usize = 8;

impl<'i> KnownIds<'i> {
    fn new(ids: &'i [String]) -> KnownIds<'i> {
        let lowercase: Vec<String> = ids.iter().map(|id| id.to_lowercase()).collect();
        let (mut by_start, mut by_end) = (Vec::new(), Vec::new());
        if ids.len() > SCORE_EVERY_ID_UP_TO {
            by_start = (0..ids.len()).collect();
            by_start.sort_by(|&a, &b| lowercase[a].cmp(&lowercase[b]));
            by_end = lowercase
                .iter()
                .enumerate()
                .map(|(i, lower)| (lower.chars().rev().collect(), i))
                .collect();
            by_end.sort();
        }
        KnownIds {
            ids,
            lowercase,
            by_start,
            by_end,
        }
    }

    /// The ids worth scoring against `word` (lowercased): all of a short list;
    /// of a long one, those that sort next to it by their start or by their
    /// end, which is where a typo's intended id is (a typo keeps most of the
    /// id's start or most of its end).
    fn candidates(&self, word: &str) -> Vec<usize> {
        if self.by_start.is_empty() {
            return (0..self.ids.len()).collect();
        }
        let around =
            |at: usize, len: usize| at.saturating_sub(NEIGHBOURS)..(at + NEIGHBOURS).min(len);
        let at = self
            .by_start
            .partition_point(|&i| self.lowercase[i].as_str() < word);
        let mut found: Vec<usize> = self.by_start[around(at, self.by_start.len())].to_vec();
        let reversed: String = word.chars().rev().collect();
        let at = self
            .by_end
            .partition_point(|(text, _)| text.as_str() < reversed.as_str());
        found.extend(
            self.by_end[around(at, self.by_end.len())]
                .iter()
                .map(|(_, i)| *i),
        );
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The hint for `source = "unknown"`: the close id if there is one, else
/// the few nearest (never every id: a file may have thousands).
fn unknown_source_help(unknown: &str, known: &KnownIds) -> String {
    let (ids, lowercase) = (known.ids, &known.lowercase);
    let word = unknown.to_lowercase();
    let mut scored: Vec<(f64, usize)> = known
        .candidates(&word)
        .into_iter()
        .map(|i| (strsim::jaro_winkler(&word, &lowercase[i]), i))
        .collect();
    // Most similar first; of equals, the last listed, as `closest` picks.
    let better = |a: &(f64, usize), b: &(f64, usize)| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1));
    if scored.len() > NEAREST_IDS {
        scored.select_nth_unstable_by(NEAREST_IDS - 1, better);
        scored.truncate(NEAREST_IDS);
    }
    scored.sort_by(better);
    let scored: Vec<(f64, &str)> = scored.iter().map(|&(s, i)| (s, ids[i].as_str())).collect();
    match scored.first() {
        // The same rule as `closest`: similar enough to be a typo.
        Some(&(score, near)) if score >= 0.8 => format!("did you mean \"{near}\"?"),
        None => format!("add a [[source]] table with id = \"{unknown}\" and its title and url"),
        Some(_) => {
            let nearest: Vec<String> = scored
                .iter()
                .take(NEAREST_IDS)
                .map(|(_, id)| format!("\"{id}\""))
                .collect();
            let which = if ids.len() > NEAREST_IDS {
                "the nearest ids"
            } else {
                "one of"
            };
            format!(
                "add a [[source]] table with this id, or use {which}: {}",
                nearest.join(", ")
            )
        }
    }
}

/// What to say about a key that `section` does not allow: the nearest key there,
/// or where the key belongs, or the nearest key anywhere.
pub(super) fn key_suggestion(section: Section, key: &str) -> String {
    let value_keys = |s: Section| -> Vec<&'static str> {
        s.keys()
            .iter()
            .copied()
            .filter(|k| s != Section::Top || !TABLE_KEYS.contains(k))
            .collect()
    };
    if METRIC_NAMES.contains(&key) {
        return format!(
            "`{key}` is a metric that costcalc computes from the cost lines and outcomes; \
             it is not written in a scenario"
        );
    }
    // The key exists, but elsewhere. At the top level above all: in TOML, a key
    // written after a [section] header belongs to that section.
    if section != Section::Top && value_keys(Section::Top).contains(&key) {
        return format!(
            "`{key}` belongs at the top of the file: move it above the first [section] header \
             (a key written after a header belongs to that table)"
        );
    }
    let homes: Vec<&str> = Section::ALL
        .into_iter()
        .filter(|s| *s != section && value_keys(*s).contains(&key))
        .map(Section::title)
        .collect();
    // A table's name one letter off (`[outcome]`, `[[costs]]`) is a slip in
    // the name, even when the word is a key elsewhere (`outcome` of [[legal]]).
    let table = Section::ALL.into_iter().find(|s| {
        *s != Section::Top && strsim::levenshtein(&key.to_lowercase(), table_key(*s)) == 1
    });
    if section == Section::Top
        && let Some(table) = table
    {
        let elsewhere = match homes.is_empty() {
            true => String::new(),
            false => format!(" (`{key}` is a key of {})", homes.join(" or ")),
        };
        return format!("did you mean the {} table?{elsewhere}", table.title());
    }
    if !homes.is_empty() {
        return format!("`{key}` belongs in {}", homes.join(" or "));
    }
    if let Some(near) = closest(key, section.keys()) {
        return if section == Section::Top && TABLE_KEYS.contains(&near) {
            let title = Section::ALL.into_iter().find(|s| table_key(*s) == near);
            format!(
                "did you mean the {} table?",
                title.map_or(near, Section::title)
            )
        } else {
            format!("did you mean `{near}`?")
        };
    }
    let everywhere = Section::ALL
        .into_iter()
        .flat_map(|s| value_keys(s).into_iter().map(move |k| (s, k)));
    let all_keys: Vec<(Section, &str)> = everywhere.collect();
    if let Some(near) = closest(key, all_keys.iter().map(|(_, k)| *k))
        && let Some((home, _)) = all_keys.iter().find(|(_, k)| *k == near)
    {
        return if *home == Section::Top {
            format!("did you mean `{near}`? It belongs at the top of the file")
        } else {
            format!("did you mean `{near}`? It belongs in {}", home.title())
        };
    }
    format!("the keys allowed here are: {}", section.keys().join(", "))
}

/// The top-level key of a section's table (`cost` for [[cost]]).
fn table_key(section: Section) -> &'static str {
    match section {
        Section::Top => "",
        Section::Cost => "cost",
        Section::Outcomes => "outcomes",
        Section::Legal => "legal",
        Section::Baseline => "baseline",
        Section::Source => "source",
        Section::Correlation => "correlation",
    }
}

/// Whether the scenario has a duration for `per_year` lines without their own years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DealDuration {
    /// `years`, or `start` and `end` at least a day apart.
    Years,
    /// `start` and `end` on the same day: 0 years.
    ZeroDays,
    None,
}

/// The `source = "..."` values seen while reading, checked once all sources are known.
struct SourceRefs {
    ids: Vec<String>,
    uses: Vec<Located<String>>,
}

/// A value written as a distribution rather than a number.
fn is_distribution(value: &Value) -> bool {
    match &value.kind {
        Kind::Table(_) => true,
        Kind::String(text) => text.contains(" to "),
        _ => false,
    }
}

fn key_span(fields: &Fields, key: &str) -> Place {
    fields
        .table
        .entry(key)
        .map_or(fields.span.clone(), |entry| Place {
            span: entry.key_span.clone(),
            origin: entry.value.origin,
        })
}

/// The hint for a number given as text the way people type it: `"14,559"`
/// in quotes, as in a file, or bare, as `--set outcomes.removals=14,559` takes
/// a value that is not TOML, each answered in its own syntax.
fn number_hint(key: &str, text: &str, value: &Value) -> Option<String> {
    let quoted = value.span.len() != text.len();
    if key != "block_probability" && super::number::misread(text)?.is_percent() {
        return Some(super::number::NOT_A_SHARE.into());
    }
    if quoted {
        return plain_number_hint(key, text, true);
    }
    let misread = super::number::misread(text)?;
    Some(misread.hint(false, &misread.plain.to_string()))
}

fn wrong_type(key: &str, expected: &str, found: &Value) -> Diagnostic {
    at(
        found.place(),
        format!("`{key}` must be {expected}, found {}", found.describe()),
    )
}

/// A number literal without its `_` digit separators.
fn without_underscores(literal: &str) -> std::borrow::Cow<'_, str> {
    if literal.contains('_') {
        literal.replace('_', "").into()
    } else {
        literal.into()
    }
}

/// A number literal's text → the exact decimal it denotes, or why it cannot be one.
/// Never rounds: a literal that a decimal cannot hold exactly is refused.
pub fn exact_decimal(literal: &str) -> Result<Decimal, String> {
    // Most literals are plain digits with at most a sign and a point: those
    // need no lowercasing, exponent or infinity checks (and no allocation).
    if literal
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
        && let Ok(value) = Decimal::from_str_exact(literal)
    {
        return Ok(if value.is_zero() { value.abs() } else { value });
    }
    let lower = without_underscores(literal).to_ascii_lowercase();
    if lower.contains("inf") || lower.contains("nan") {
        return Err("infinity and NaN are not amounts; write a finite number".into());
    }
    if !is_decimal_syntax(&lower) {
        return Err(format!(
            "`{literal}` is not a number: write digits, with an optional sign, decimal point \
             and exponent, such as 1250, -0.035 or 4.76e6"
        ));
    }
    let too_many_digits = || {
        format!(
            "{literal} cannot be held exactly: a decimal holds at most 28 decimal places \
             and values up to {}",
            Decimal::MAX
        )
    };
    let (mantissa, exponent) = match lower.split_once('e') {
        Some((mantissa, exponent)) => (
            mantissa,
            exponent.parse::<i64>().map_err(|_| too_many_digits())?,
        ),
        None => (lower.as_str(), 0),
    };
    let mantissa = Decimal::from_str_exact(mantissa).map_err(|_| too_many_digits())?;
    // `Decimal::from_scientific` rounds a long mantissa; scaling by hand does not.
    let mut value = scale_by_power_of_ten(mantissa, exponent)
        .or_else(|| scale_by_power_of_ten(mantissa.normalize(), exponent))
        .ok_or_else(too_many_digits)?;
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Ok(value)
}

/// Whether `text` (lowercase, without `_`) is written as a decimal number:
/// `[+-]digits[.digits][e[+-]digits]`, with digits on at least one side of
/// the point. Anything else is not a number at all, rather than one that
/// cannot be held exactly.
fn is_decimal_syntax(text: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    fn unsigned(t: &str) -> &str {
        t.strip_prefix(['+', '-']).unwrap_or(t)
    }
    let (mantissa, exponent) = match text.split_once('e') {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    let mantissa_ok = match unsigned(mantissa).split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(unsigned(mantissa)),
    };
    mantissa_ok && exponent.is_none_or(|e| digits(unsigned(e)))
}

/// `mantissa × 10^exponent`, exactly, if a decimal can hold it.
pub(super) fn scale_by_power_of_ten(mantissa: Decimal, exponent: i64) -> Option<Decimal> {
    let scale = i64::from(mantissa.scale()).checked_sub(exponent)?;
    if scale >= 0 {
        return Decimal::try_from_i128_with_scale(mantissa.mantissa(), u32::try_from(scale).ok()?)
            .ok();
    }
    let factor = 10i128.checked_pow(u32::try_from(-scale).ok()?)?;
    Decimal::try_from_i128_with_scale(mantissa.mantissa().checked_mul(factor)?, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Jaro-Winkler by hand against "abzz" (match window 1): "abcd" matches
    /// a, b and "azyy" matches a, z (m = 2, no transpositions), so both have
    /// Jaro (2/4 + 2/4 + 1) / 3 = 0.667, too low for strsim's prefix boost
    /// (only above 0.7). "qqqq", "wwww", "rrrr" match nothing: 0. Of equals the
    /// later listed comes first (as `closest` picks), so: azyy, abcd, rrrr.
    /// None reaches 0.8, so no "did you mean".
    #[test]
    fn a_hint_for_an_unknown_source_lists_at_most_the_three_nearest_ids() {
        let ids: Vec<String> = ["qqqq", "abcd", "wwww", "azyy", "rrrr"]
            .map(String::from)
            .to_vec();
        let known = KnownIds::new(&ids);
        assert_eq!(
            unknown_source_help("abzz", &known),
            "add a [[source]] table with this id, or use the nearest ids: \"azyy\", \"abcd\", \"rrrr\""
        );
        // Three ids or fewer are all listed; a close one is suggested alone.
        assert_eq!(
            unknown_source_help("abzz", &KnownIds::new(&ids[..2])),
            "add a [[source]] table with this id, or use one of: \"abcd\", \"qqqq\""
        );
        assert_eq!(
            unknown_source_help("abce", &known),
            "did you mean \"abcd\"?"
        );
    }

    #[test]
    fn among_many_ids_a_typo_still_finds_its_id() {
        // 1,000 ids: only neighbours in sorted order are scored. A typo at
        // the end ("archive-0421x") sorts next to "archive-0421"; one at the
        // start ("xrchive-0421") shares its end with it.
        let ids: Vec<String> = (0..1000).map(|i| format!("archive-{i:04}")).collect();
        let known = KnownIds::new(&ids);
        assert!(known.candidates("archive-0421x").len() <= 4 * NEIGHBOURS);
        assert_eq!(
            unknown_source_help("archive-0421x", &known),
            "did you mean \"archive-0421\"?"
        );
        assert_eq!(
            unknown_source_help("Xrchive-0421", &known),
            "did you mean \"archive-0421\"?"
        );
    }

    #[test]
    fn decimals_keep_every_written_digit() {
        assert_eq!(
            exact_decimal("12345678901234567.89").unwrap().to_string(),
            "12345678901234567.89"
        );
        assert_eq!(exact_decimal("1.50").unwrap().to_string(), "1.50");
        assert_eq!(exact_decimal("+5").unwrap(), Decimal::from(5));
        assert_eq!(exact_decimal("4.76e6").unwrap(), Decimal::from(4_760_000));
        assert_eq!(exact_decimal("-0.0").unwrap().to_string(), "0.0");
        assert!(exact_decimal("inf").is_err());
        assert!(exact_decimal("nan").is_err());
        // 30 significant digits cannot be held without rounding.
        assert!(exact_decimal("1.23456789012345678901234567890").is_err());
        assert!(exact_decimal("1e40").is_err());
        // Exponent forms are exact too, never rounded: 30 significant digits with
        // an exponent are refused just like without one.
        assert!(exact_decimal("1.99999999999999999999999999999e0").is_err());
        assert!(exact_decimal("12345678901234567890123456789.5e0").is_err());
        assert!(exact_decimal("7.92281625142643375935439503351e28").is_err());
        assert_eq!(exact_decimal("1.5e-3").unwrap().to_string(), "0.0015");
        assert_eq!(
            exact_decimal("1e-28").unwrap().to_string(),
            "0.0000000000000000000000000001"
        );
        assert!(exact_decimal("1e-29").is_err());
        // Trailing zeros of the mantissa make room: 1.50e-27 is 0.0000...15 (28 places).
        assert_eq!(
            exact_decimal("1.50e-27").unwrap(),
            exact_decimal("0.0000000000000000000000000015").unwrap()
        );
        assert_eq!(
            exact_decimal("7.9228162514264337593543950335e28").unwrap(),
            Decimal::MAX
        );
    }

    #[test]
    fn as_of_the_new_counts_and_the_baseline_price_year_are_read() {
        let scenario = parse(
            "name = \"Italy–Albania\"\ncurrency = \"EUR\"\nas_of = 2026-12-03\n\
             [outcomes]\nremovals = 37\nvoluntary_departures = 0\noffshore_transfers = 213\n\
             [baseline]\ncost_per_person = 10_854\nprice_year = 2016\n",
        )
        .unwrap();
        assert_eq!(scenario.as_of, Date::new(2026, 12, 3));
        // Transfers to a centre Italy runs are not removals: 213 beside 37.
        assert_eq!(scenario.outcomes.removals, Some(37));
        assert_eq!(scenario.outcomes.voluntary_departures, Some(0));
        assert_eq!(scenario.outcomes.offshore_transfers, Some(213));
        assert_eq!(scenario.baseline.unwrap().price_year, Some(2016));
        // All equal is allowed: everyone removed left voluntarily.
        assert!(
            parse("name = \"x\"\ncurrency = \"ILS\"\n[outcomes]\nremovals = 4\nvoluntary_departures = 4\n")
                .is_ok()
        );
    }

    #[test]
    fn as_of_is_a_bare_date() {
        let problems =
            parse("name = \"x\"\ncurrency = \"USD\"\nas_of = \"2026-12-03\"\n").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("`as_of`"), "{problems:?}");
    }

    #[test]
    fn a_table_name_one_letter_off_is_suggested_before_a_key_elsewhere() {
        // `outcome` is a key of [[legal]], but `[outcome]` at the top is a
        // slip for [outcomes].
        assert_eq!(
            key_suggestion(Section::Top, "outcome"),
            "did you mean the [outcomes] table? (`outcome` is a key of [[legal]])"
        );
        assert_eq!(
            key_suggestion(Section::Top, "costs"),
            "did you mean the [[cost]] table?"
        );
        // A key of another table that is no table's near miss still goes home.
        assert_eq!(
            key_suggestion(Section::Top, "court"),
            "`court` belongs in [[legal]]"
        );
    }
}
