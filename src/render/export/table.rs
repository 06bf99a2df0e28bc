/*!
The terminal table (comfy-table): numbers right-aligned and never wrapped,
fitted to the width it is given by leaving out columns in a stated order (a
note says which) rather than wrapping rows into fragments, and not fitted at
all when nothing limits the width (a file or a pipe), with the notes that
explain it underneath. Every cell and note is [`visible`], so no name can send
the terminal a command.
*/

use comfy_table::{
    Attribute, Cell, CellAlignment, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle, Width,
};

/// The narrowest the scenario-name column gets, in characters.
const MIN_NAME_WIDTH: u16 = 18;

use unicode_width::UnicodeWidthStr;

use super::escape::visible;
use super::human::{Grid, grid, notes, wrap};
use super::{Entry, ExportOptions, Exporter};
use crate::analysis::evaluate::currencies;

/// Where the table will be shown.
/// The default, no limit and no styling, is what a file or a pipe gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableOptions {
    /// Total width to fit, in columns; `None` when nothing limits it (a file
    /// or a pipe without `COLUMNS`), so that no row is wrapped.
    pub width: Option<u16>,
    /// Bold headers; off for NO_COLOR and when not writing to a terminal.
    pub styled: bool,
}

impl TableOptions {
    /// The width to wrap text to: unlimited when the table's is.
    pub fn text_width(&self) -> usize {
        self.width.map_or(usize::MAX, usize::from)
    }
}

/// Horizontal rules only: vertical lines would cost three columns each.
pub const STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

pub struct TableExporter {
    pub options: ExportOptions,
}

impl Exporter for TableExporter {
    fn export(&self, entries: &[Entry]) -> Vec<u8> {
        let currencies = currencies(entries);
        let notes = notes(entries, &self.options.adjustment_notes);
        if currencies.len() < 2 {
            return render(&grid(entries, true), &notes, &self.options.table).into_bytes();
        }
        // Money in several currencies is ranked within each, so one list
        // would read as a ranking that it is not: each currency gets its own
        // group under a heading, in the order the rows came.
        let mut grouped: Vec<Entry> = Vec::with_capacity(entries.len());
        let mut starts = Vec::new();
        for currency in &currencies {
            starts.push((grouped.len(), currency));
            grouped.extend(
                entries
                    .iter()
                    .filter(|e| e.scenario.currency == *currency)
                    .cloned(),
            );
        }
        let mut grid = grid(&grouped, true);
        for (start, currency) in starts.into_iter().rev() {
            let mut heading = vec![String::new(); grid.headers.len()];
            heading[0] = currency_heading(currency);
            grid.rows.insert(start, heading);
        }
        render(&grid, &notes, &self.options.table).into_bytes()
    }
}

/// The line over one currency's rows: `── AUD ──`.
fn currency_heading(currency: &str) -> String {
    format!("── {currency} ──")
}

/// A grid of human cells as an aligned terminal table, with notes under it.
/// Shared by the comparison and the other tables (`frontier`). Columns that do
/// not fit the width are left out in the grid's drop order, and a note says
/// which, so that no row wraps into fragments; only a name longer than its
/// column wraps, between words.
pub fn render(grid: &Grid, notes: &[String], options: &TableOptions) -> String {
    let shown = fitting_columns(grid, options.width);
    let mut table = Table::new();
    table.load_style(STYLE);
    match options.width {
        Some(width) => table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    if options.styled {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(shown.iter().map(|&index| {
        let (header, _, numeric) = &grid.headers[index];
        let cell = Cell::new(visible(header));
        let cell = if options.styled {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        };
        if *numeric {
            cell.set_alignment(CellAlignment::Right)
        } else {
            cell
        }
    }));
    for row in &grid.rows {
        table.add_row(shown.iter().map(|&index| visible(&row[index])));
    }
    for (position, &index) in shown.iter().enumerate() {
        let numeric = grid.headers[index].2;
        if let Some(table_column) = table.column_mut(position) {
            if numeric {
                table_column.set_cell_alignment(CellAlignment::Right);
                table_column.set_constraint(ColumnConstraint::ContentWidth);
            } else if position > 0 {
                // Short labels (a status) after the name keep their width.
                table_column.set_constraint(ColumnConstraint::ContentWidth);
            } else {
                // A long name wraps between words, never to a letter a line.
                table_column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    name_floor(grid, index),
                )));
            }
        }
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let left_out: Vec<&str> = (0..grid.headers.len())
        .filter(|index| !shown.contains(index))
        .map(|index| grid.headers[index].1.as_str())
        .collect();
    let mut notes = notes.to_vec();
    if let (false, Some(width)) = (left_out.is_empty(), options.width) {
        notes.push(format!(
            "left out to fit {width} columns: {}; a wider terminal (or COLUMNS=160) or \
             --format csv shows them",
            left_out.join(", ")
        ));
    }
    for note in &notes {
        wrap(&mut out, note, "", options.text_width());
    }
    out
}

/// Padding either side of a cell.
const PADDING: usize = 2;

/// The columns (indexes into the grid) that fit `width` at their natural
/// widths: all of them when it is unlimited; otherwise the grid's drop order is
/// followed until the rest fit, and then any dropped column that still fits is
/// put back, the latest dropped first. When even the columns never dropped do
/// not fit, the name column wraps between words (comfy-table's `Dynamic`).
fn fitting_columns(grid: &Grid, width: Option<u16>) -> Vec<usize> {
    let all: Vec<usize> = (0..grid.headers.len()).collect();
    let Some(width) = width.map(usize::from) else {
        return all;
    };
    let needs: Vec<usize> = all
        .iter()
        .map(|&index| natural_width(grid, index) + PADDING)
        .collect();
    // Between two columns comfy-table keeps a column for a line, even undrawn.
    let total = |shown: &[bool]| -> usize {
        let (count, width) = shown
            .iter()
            .zip(&needs)
            .filter(|(shown, _)| **shown)
            .fold((0usize, 0usize), |(count, width), (_, need)| {
                (count + 1, width + need)
            });
        width + count.saturating_sub(1)
    };
    let mut shown = vec![true; all.len()];
    let mut dropped = Vec::new();
    for &index in &grid.drop_order {
        if total(&shown) <= width {
            break;
        }
        shown[index] = false;
        dropped.push(index);
    }
    for &index in dropped.iter().rev() {
        shown[index] = true;
        if total(&shown) > width {
            shown[index] = false;
        }
    }
    all.into_iter().filter(|&index| shown[index]).collect()
}

/// The width of a column's widest header line or cell, as the terminal shows it.
fn natural_width(grid: &Grid, index: usize) -> usize {
    let header = grid.headers[index].0.lines().map(UnicodeWidthStr::width);
    let cells = grid.rows.iter().map(|row| visible(&row[index]).width());
    header.chain(cells).max().unwrap_or(0)
}

/// The narrowest a name column gets: its natural width up to [`MIN_NAME_WIDTH`],
/// and never narrower than its longest word, so that no word breaks.
fn name_floor(grid: &Grid, index: usize) -> u16 {
    let longest_word = grid
        .rows
        .iter()
        .flat_map(|row| {
            visible(&row[index])
                .split_whitespace()
                .map(UnicodeWidthStr::width)
                .max()
        })
        .max()
        .unwrap_or(0);
    let floor = natural_width(grid, index)
        .min(usize::from(MIN_NAME_WIDTH))
        .max(longest_word);
    u16::try_from(floor).unwrap_or(u16::MAX)
}
