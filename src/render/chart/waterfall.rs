/*!
A waterfall (`costcalc chart waterfall`): one row per step from scenario A's
value of a metric to scenario B's, each input's contribution a bar from the
running total before it to the running total after it, A and B as whole bars
from zero. Laid out like the tornado: labels wrapped on the left, values in
a column on the right that bars never reach.
*/

use super::svg::{INK, PALETTE, Svg};
use super::{
    AXIS_TITLE_GAP, Columns, Heading, MARGIN, ValueAxis, axis_for, listing, row_heights, row_label,
    vertical_grid,
};

/// One row of a waterfall.
#[derive(Debug, Clone)]
pub struct Step {
    pub label: String,
    /// Where the bar starts and ends on the value axis.
    pub from: f64,
    pub to: f64,
    /// "+USD 1,234", "USD 14,559".
    pub shown: String,
    /// A and B: whole bars from zero, in grey-blue; the steps between are
    /// coloured by direction.
    pub total: bool,
}

/// Draws the steps in the order given.
pub fn waterfall(
    title: &str,
    subtitle: &str,
    values: &ValueAxis,
    steps: &[Step],
    note: &str,
) -> String {
    let Columns {
        wrapped,
        plot_left,
        plot_width,
        width,
    } = Columns::new(
        steps.iter().map(|s| (s.label.as_str(), s.shown.as_str())),
        200.0,
    );
    let mut extent: Vec<f64> = steps.iter().flat_map(|s| [s.from, s.to]).collect();
    extent.push(0.0);
    let axis = axis_for(&extent, false, plot_width, true);
    let heading = Heading::new(title, subtitle, width);
    let header = heading.height() + 4.0;
    let rows = row_heights(&wrapped);
    let plot_height: f64 = rows.iter().sum();
    let height = header + plot_height + 96.0;
    let description = format!(
        "Waterfall chart of {}: {}",
        values.title(false),
        listing(steps.iter().map(|s| (s.label.as_str(), s.shown.as_str())))
    );
    let mut svg = Svg::new(width, height, title, &description);
    heading.draw(&mut svg);
    vertical_grid(&mut svg, &axis, values, plot_left, header, plot_height);
    let mut y = header;
    let mut previous_end: Option<(f64, f64)> = None;
    for ((step, lines), row) in steps.iter().zip(&wrapped).zip(&rows) {
        row_label(&mut svg, lines, plot_left - 8.0, y, *row);
        let middle = y + row / 2.0;
        let (a, b) = (
            axis.position(step.from.min(step.to)),
            axis.position(step.from.max(step.to)),
        );
        let colour = if step.total {
            PALETTE[0]
        } else if step.to >= step.from {
            PALETTE[5]
        } else {
            PALETTE[2]
        };
        svg.rect(
            plot_left + a,
            middle - 9.0,
            (b - a).max(1.0),
            18.0,
            colour,
            &format!("{}: {}", step.label, step.shown),
        );
        // A thin line from the end of the previous bar to this one's start.
        if let Some((x, bottom)) = previous_end {
            svg.line(x, bottom, x, middle - 9.0, INK, " stroke-dasharray=\"2 2\"");
        }
        previous_end = Some((plot_left + axis.position(step.to), middle + 9.0));
        svg.text(
            plot_left + plot_width + 8.0,
            middle + 4.5,
            "start",
            &step.shown,
            "",
        );
        y += row;
    }
    let zero = plot_left + axis.position(0.0);
    svg.line(zero, header, zero, header + plot_height, INK, "");
    let key_y = header + plot_height + AXIS_TITLE_GAP + 22.0;
    let keys = [
        (PALETTE[0], "A and B"),
        (PALETTE[5], "raises the metric"),
        (PALETTE[2], "lowers the metric"),
    ];
    for (k, (colour, text)) in keys.into_iter().enumerate() {
        let x = MARGIN + 170.0 * k as f64;
        svg.rect(x, key_y - 10.0, 12.0, 12.0, colour, text);
        svg.text(x + 18.0, key_y, "start", text, " font-size=\"11\"");
    }
    for (k, line) in super::svg::wrap_words(note, ((width - 2.0 * MARGIN) / 6.6) as usize)
        .iter()
        .take(2)
        .enumerate()
    {
        super::caption(&mut svg, key_y + 20.0 + k as f64 * 14.0, line);
    }
    svg.finish()
}
