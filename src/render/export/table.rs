/*!
The terminal table (comfy-table): numbers right-aligned and never wrapped, long
scenario names wrapped instead, fitted to the terminal's width (100 columns when
the output is not a terminal), with the notes that explain it underneath. Every
cell and note is [`visible`], so no name can send the terminal a command.
*/

use comfy_table::{
    Attribute, Cell, CellAlignment, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle, Width,
};

/// The narrowest the scenario-name column gets, in characters.
const MIN_NAME_WIDTH: u16 = 18;

use super::escape::visible;
use super::human::{Grid, grid, notes, wrap};
use super::{Entry, ExportOptions, Exporter};

/// Where the table will be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOptions {
    /// Total width to fit, in columns.
    pub width: u16,
    /// Bold headers; off for NO_COLOR and when not writing to a terminal.
    pub styled: bool,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            width: 100,
            styled: false,
        }
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
        let grid = grid(entries, true);
        let notes = notes(entries, &self.options.adjustment_notes);
        render(&grid, &notes, &self.options.table).into_bytes()
    }
}

/// A grid of human cells as an aligned terminal table, with notes under it.
/// Shared by the comparison and the other tables (`frontier`).
pub fn render(grid: &Grid, notes: &[String], options: &TableOptions) -> String {
    let mut table = Table::new();
    table
        .load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(options.width);
    if options.styled {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(grid.headers.iter().map(|(header, _, numeric)| {
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
        table.add_row(row.iter().map(|cell| visible(cell)));
    }
    for (index, (_, _, numeric)) in grid.headers.iter().enumerate() {
        if let Some(table_column) = table.column_mut(index) {
            if *numeric {
                table_column.set_cell_alignment(CellAlignment::Right);
                table_column.set_constraint(ColumnConstraint::ContentWidth);
            } else if index > 0 {
                // Short labels (a status) after the name keep their width.
                table_column.set_constraint(ColumnConstraint::ContentWidth);
            } else {
                // On a narrow terminal the table grows past its edge rather
                // than squeezing names to a letter a line.
                table_column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    MIN_NAME_WIDTH,
                )));
            }
        }
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for note in notes {
        wrap(&mut out, note, "", usize::from(options.width));
    }
    out
}
