/*!
SVG charts for reports: bar, tornado, histogram, frontier and acceptability.

Each chart is a pure function from already-computed numbers to SVG text (the
commands compute the numbers with the same code as `compare`, `tornado`,
`simulate` and `frontier`). Layout rules that keep charts readable with many
scenarios and long names: labels wrap within a fixed column and set their
row's height; values sit in a reserved space that bars never reach; points on
a scatter are numbered, with the names in a key below, so no two labels can
collide. Colours are Okabe and Ito's colour-blind-safe palette, every chart has
a `<title>` and `<desc>`, and all text is text.
*/

pub mod figures;
pub mod svg;

use svg::{CHAR_WIDTH, FONT_SIZE, GRID, INK, PALETTE, Svg, wrap_words};

/// The horizontal axis of a bar chart (named and described for `--help` in
/// `cli.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Logarithmic when the values span more than 100×, linear otherwise.
    Auto,
    Linear,
    Log,
}

/// One bar: a scenario and its value (`None` for n/a, listed, never drawn as 0).
#[derive(Debug, Clone)]
pub struct BarItem {
    pub label: String,
    pub value: Option<f64>,
    /// The value as people read it: `GBP 2,536,260`, `57.0%`, `n/a`.
    pub shown: String,
}

const WIDTH: f64 = 900.0;
const MARGIN: f64 = 16.0;
const LINE_HEIGHT: f64 = 16.0;
/// The widest a label column gets, in characters; longer names wrap.
const LABEL_CHARS: usize = 30;

/// A chart's title and subtitle, wrapped to its width.
struct Heading {
    title: Vec<String>,
    subtitle: Vec<String>,
}

impl Heading {
    fn new(title: &str, subtitle: &str, width: f64) -> Heading {
        let room = width - 2.0 * MARGIN;
        Heading {
            title: wrap_words(title, (room / 9.6) as usize),
            subtitle: wrap_words(subtitle, (room / CHAR_WIDTH) as usize),
        }
    }

    /// Pixels from the top of the chart to below the heading.
    fn height(&self) -> f64 {
        8.0 + self.title.len() as f64 * 20.0 + self.subtitle.len() as f64 * 16.0 + 10.0
    }

    fn draw(&self, svg: &mut Svg) {
        let mut y = 24.0;
        for line in &self.title {
            svg.text(
                MARGIN,
                y,
                "start",
                line,
                " font-size=\"16\" font-weight=\"bold\"",
            );
            y += 20.0;
        }
        for line in &self.subtitle {
            svg.text(MARGIN, y, "start", line, "");
            y += 16.0;
        }
    }
}

/// The height of each row of a labelled chart: room for its wrapped label.
fn row_heights(wrapped: &[Vec<String>]) -> Vec<f64> {
    wrapped
        .iter()
        .map(|lines| (lines.len() as f64 * LINE_HEIGHT + 10.0).max(28.0))
        .collect()
}

/// Vertical grid lines at the axis's ticks, labelled below the plot.
fn vertical_grid(svg: &mut Svg, axis: &Axis, left: f64, top: f64, height: f64) {
    for tick in axis.ticks() {
        let x = left + axis.position(tick);
        svg.line(x, top, x, top + height, GRID, "");
        svg.text(
            x,
            top + height + 16.0,
            "middle",
            &compact(tick),
            " font-size=\"11\"",
        );
    }
}

/// A row's label, its lines centred on the row and ending at `right`.
fn row_label(svg: &mut Svg, lines: &[String], right: f64, top: f64, row: f64) {
    let first = top + (row - lines.len() as f64 * LINE_HEIGHT) / 2.0 + FONT_SIZE - 1.0;
    for (k, line) in lines.iter().enumerate() {
        svg.text(right, first + k as f64 * LINE_HEIGHT, "end", line, "");
    }
}

/// "label: shown; label: shown", for descriptions.
fn listing<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .map(|(label, shown)| format!("{label}: {shown}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Round numbers for an axis from `low` to `high`: about five of them.
fn linear_ticks(low: f64, high: f64) -> Vec<f64> {
    if high.is_nan() || high <= low {
        return vec![low];
    }
    let raw = (high - low) / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (low / step).ceil() * step;
    let mut ticks = Vec::new();
    let mut i = 0.0;
    while first + i * step <= high + step * 1e-9 {
        ticks.push(first + i * step);
        i += 1.0;
    }
    ticks
}

/// `1,500`, `2.5M`, `3bn`: short numbers for axes.
pub fn compact(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return "0".into();
    }
    // Three significant digits, then the suffix for the size.
    let rounded = {
        let magnitude = 10f64.powf(value.abs().log10().floor() - 2.0);
        (value / magnitude).round() * magnitude
    };
    let abs = rounded.abs();
    let (scaled, suffix) = if abs >= 1e9 {
        (rounded / 1e9, "bn")
    } else if abs >= 1e6 {
        (rounded / 1e6, "M")
    } else if abs >= 1e3 {
        (rounded / 1e3, "k")
    } else {
        (rounded, "")
    };
    // Enough decimals for three significant digits (0.005, 0.0125 → 0.0125).
    let decimals = if scaled.abs() >= 100.0 {
        0
    } else {
        (2.0 - scaled.abs().log10().floor()).clamp(0.0, 12.0) as usize
    };
    let text = format!("{scaled:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}{suffix}")
}

/// The columns of a chart with one labelled row per item: wrapped labels on
/// the left, the plot, and room on the right for each row's value as shown.
struct Columns {
    wrapped: Vec<Vec<String>>,
    plot_left: f64,
    plot_width: f64,
    width: f64,
}

impl Columns {
    /// From each row's (label, value as shown); the plot is at least
    /// `min_plot_width` wide, widening the chart when labels are long.
    fn new<'a>(
        rows: impl Iterator<Item = (&'a str, &'a str)> + Clone,
        min_plot_width: f64,
    ) -> Columns {
        let labels: Vec<&str> = rows.clone().map(|(label, _)| label).collect();
        let (wrapped, label_width) = label_column(&labels);
        let widest_value = rows
            .map(|(_, shown)| shown.chars().count())
            .max()
            .unwrap_or(0);
        let value_width = widest_value as f64 * CHAR_WIDTH + 12.0;
        let plot_left = MARGIN + label_width;
        let plot_width = (WIDTH - plot_left - value_width - MARGIN).max(min_plot_width);
        Columns {
            wrapped,
            plot_left,
            plot_width,
            width: plot_left + plot_width + value_width + MARGIN,
        }
    }
}

/// Labels wrapped to the label column, and the column's width in pixels.
fn label_column(labels: &[&str]) -> (Vec<Vec<String>>, f64) {
    let wrapped: Vec<Vec<String>> = labels.iter().map(|l| wrap_words(l, LABEL_CHARS)).collect();
    let widest = wrapped
        .iter()
        .flatten()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    (wrapped, widest as f64 * CHAR_WIDTH + 12.0)
}

/// Where a value falls on an axis from `low` to `high` drawn over `length` pixels.
#[derive(Debug, Clone, Copy)]
struct Axis {
    low: f64,
    high: f64,
    log: bool,
    length: f64,
}

impl Axis {
    fn position(&self, value: f64) -> f64 {
        let (v, low, high) = if self.log {
            (
                value.max(self.low).log10(),
                self.low.log10(),
                self.high.log10(),
            )
        } else {
            (value, self.low, self.high)
        };
        if high <= low {
            return 0.0;
        }
        ((v - low) / (high - low)).clamp(0.0, 1.0) * self.length
    }

    fn ticks(&self) -> Vec<f64> {
        if self.log {
            let mut ticks = Vec::new();
            let mut t = self.low;
            while t <= self.high * (1.0 + 1e-9) {
                ticks.push(t);
                t *= 10.0;
            }
            ticks
        } else {
            linear_ticks(self.low, self.high)
        }
    }
}

/// An axis covering `values` (all ≥ 0 for a log axis).
fn axis_for(values: &[f64], log: bool, length: f64, from_zero: bool) -> Axis {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if log {
        let low = 10f64.powf(min.max(f64::MIN_POSITIVE).log10().floor());
        let high = 10f64.powf(max.max(low).log10().ceil());
        let high = if high <= low { low * 10.0 } else { high };
        return Axis {
            low,
            high,
            log,
            length,
        };
    }
    let low = if from_zero { min.min(0.0) } else { min };
    let ticks = linear_ticks(low, if max > low { max } else { low + 1.0 });
    let step = if ticks.len() > 1 {
        ticks[1] - ticks[0]
    } else {
        1.0
    };
    let high = (max / step).ceil() * step;
    Axis {
        low,
        high: if high > low { high } else { low + step },
        log,
        length,
    }
}

/// A horizontal bar chart: one bar per item, in the order given.
pub fn bar(title: &str, metric: &str, items: &[BarItem], scale: Scale, note: &str) -> String {
    let drawn: Vec<f64> = items.iter().filter_map(|i| i.value).collect();
    let positive: Vec<f64> = drawn.iter().copied().filter(|v| *v > 0.0).collect();
    let spread = match (
        positive.iter().copied().fold(f64::INFINITY, f64::min),
        positive.iter().copied().fold(0.0, f64::max),
    ) {
        (min, max) if min.is_finite() && min > 0.0 => max / min,
        _ => 1.0,
    };
    let log = match scale {
        Scale::Log => !positive.is_empty(),
        Scale::Linear => false,
        Scale::Auto => spread > 100.0 && positive.len() == drawn.len(),
    };
    let Columns {
        wrapped,
        plot_left,
        plot_width,
        width,
    } = Columns::new(
        items.iter().map(|i| (i.label.as_str(), i.shown.as_str())),
        120.0,
    );
    let axis = axis_for(
        if drawn.is_empty() { &[1.0] } else { &drawn },
        log,
        plot_width,
        true,
    );

    let scale_name = if log {
        "logarithmic scale"
    } else {
        "linear scale"
    };
    let heading = Heading::new(title, &format!("{metric} ({scale_name})"), width);
    let header = heading.height();
    let rows = row_heights(&wrapped);
    let plot_height: f64 = rows.iter().sum();
    let footer = 64.0;
    let height = header + plot_height + footer;
    let description = format!(
        "Horizontal bar chart of {metric} for {} scenarios ({scale_name}): {}",
        items.len(),
        listing(items.iter().map(|i| (i.label.as_str(), i.shown.as_str())))
    );
    let mut svg = Svg::new(width, height, title, &description);
    heading.draw(&mut svg);
    // Grid and ticks.
    vertical_grid(&mut svg, &axis, plot_left, header, plot_height);
    let mut y = header;
    for ((item, lines), row) in items.iter().zip(&wrapped).zip(&rows) {
        row_label(&mut svg, lines, plot_left - 8.0, y, *row);
        let middle = y + row / 2.0;
        match item.value {
            Some(value) => {
                let length = axis.position(value).max(1.0);
                svg.rect(
                    plot_left,
                    middle - 9.0,
                    length,
                    18.0,
                    PALETTE[0],
                    &format!("{}: {}", item.label, item.shown),
                );
                svg.text(
                    plot_left + length + 6.0,
                    middle + 4.5,
                    "start",
                    &item.shown,
                    "",
                );
            }
            None => {
                svg.text(
                    plot_left + 6.0,
                    middle + 4.5,
                    "start",
                    &item.shown,
                    " font-style=\"italic\"",
                );
            }
        }
        y += row;
    }
    svg.line(plot_left, header, plot_left, header + plot_height, INK, "");
    if !note.is_empty() {
        for (k, line) in wrap_words(note, ((width - 2.0 * MARGIN) / 6.6) as usize)
            .iter()
            .take(2)
            .enumerate()
        {
            svg.text(
                MARGIN,
                header + plot_height + 38.0 + k as f64 * 14.0,
                "start",
                line,
                " font-size=\"11\"",
            );
        }
    }
    svg.finish()
}

/// One input of a tornado: the metric at the input's p5 and p95.
#[derive(Debug, Clone)]
pub struct TornadoItem {
    pub label: String,
    pub at_low: Option<f64>,
    pub at_high: Option<f64>,
    /// "USD 46,015 → USD 26,227 (input 167 → 293)".
    pub shown: String,
}

/// A tornado: one bar per input from the metric at its p5 to the metric at its
/// p95, widest first (as given), with the base case as a vertical line.
pub fn tornado(
    title: &str,
    metric: &str,
    base: Option<f64>,
    base_shown: &str,
    items: &[TornadoItem],
) -> String {
    let Columns {
        wrapped,
        plot_left,
        plot_width,
        width,
    } = Columns::new(
        items.iter().map(|i| (i.label.as_str(), i.shown.as_str())),
        160.0,
    );
    let values: Vec<f64> = items
        .iter()
        .flat_map(|i| [i.at_low, i.at_high])
        .chain([base])
        .flatten()
        .collect();
    let axis = axis_for(
        if values.is_empty() {
            &[0.0, 1.0]
        } else {
            &values
        },
        false,
        plot_width,
        false,
    );
    let heading = Heading::new(
        title,
        &format!(
            "{metric}: each input at its 5th and 95th percentile, the others at their means (base case {base_shown})"
        ),
        width,
    );
    let header = heading.height() + 4.0;
    let rows = row_heights(&wrapped);
    let plot_height: f64 = rows.iter().sum();
    let height = header + plot_height + 60.0;
    let description = format!(
        "Tornado chart of {metric}: base case {base_shown}; {}",
        listing(items.iter().map(|i| (i.label.as_str(), i.shown.as_str())))
    );
    let mut svg = Svg::new(width, height, title, &description);
    heading.draw(&mut svg);
    vertical_grid(&mut svg, &axis, plot_left, header, plot_height);
    let mut y = header;
    for ((item, lines), row) in items.iter().zip(&wrapped).zip(&rows) {
        row_label(&mut svg, lines, plot_left - 8.0, y, *row);
        let middle = y + row / 2.0;
        if let (Some(low), Some(high)) = (item.at_low, item.at_high) {
            let (a, b) = (axis.position(low.min(high)), axis.position(low.max(high)));
            // Orange where the input's p5 lands, blue where its p95 does.
            let split = base.map_or(a, |base| axis.position(base).clamp(a, b));
            let low_is_left = low <= high;
            let (left_colour, right_colour) = if low_is_left {
                (PALETTE[1], PALETTE[0])
            } else {
                (PALETTE[0], PALETTE[1])
            };
            svg.rect(
                plot_left + a,
                middle - 9.0,
                split - a,
                18.0,
                left_colour,
                &format!("{}: {}", item.label, item.shown),
            );
            svg.rect(
                plot_left + split,
                middle - 9.0,
                (b - split).max(1.0),
                18.0,
                right_colour,
                &format!("{}: {}", item.label, item.shown),
            );
        }
        svg.text(
            plot_left + plot_width + 8.0,
            middle + 4.5,
            "start",
            &item.shown,
            "",
        );
        y += row;
    }
    if let Some(base) = base {
        let x = plot_left + axis.position(base);
        svg.line(
            x,
            header - 4.0,
            x,
            header + plot_height,
            INK,
            " stroke-width=\"1.5\"",
        );
    }
    let key_y = header + plot_height + 40.0;
    svg.rect(
        MARGIN,
        key_y - 10.0,
        12.0,
        12.0,
        PALETTE[1],
        "input at its 5th percentile",
    );
    svg.text(
        MARGIN + 18.0,
        key_y,
        "start",
        "input at its 5th percentile",
        " font-size=\"11\"",
    );
    svg.rect(
        MARGIN + 200.0,
        key_y - 10.0,
        12.0,
        12.0,
        PALETTE[0],
        "input at its 95th percentile",
    );
    svg.text(
        MARGIN + 218.0,
        key_y,
        "start",
        "input at its 95th percentile",
        " font-size=\"11\"",
    );
    svg.text(
        MARGIN + 420.0,
        key_y,
        "start",
        "│ base case",
        " font-size=\"11\"",
    );
    svg.finish()
}

/// The bins of a histogram of draws: 40 over the range shown, the 0.5th to
/// 99.5th percentile of the draws shown (so one extreme draw does not flatten
/// the rest; draws beyond it are counted in the end bins). Given the range,
/// the draws are counted by [`HistogramBins::bin_of`] as they are drawn.
#[derive(Debug, Clone, Copy)]
pub struct HistogramBins {
    axis: Axis,
    log: bool,
}

impl HistogramBins {
    pub const COUNT: usize = 40;

    pub fn new(low: f64, high: f64, log: bool) -> HistogramBins {
        let axis = axis_for(
            &[
                low.max(if log { f64::MIN_POSITIVE } else { f64::MIN }),
                high,
            ],
            log,
            HISTOGRAM_PLOT_WIDTH,
            false,
        );
        HistogramBins { axis, log }
    }

    /// Whether a draw is shown: finite, and positive on a logarithmic scale.
    pub fn shows(log: bool, x: f64) -> bool {
        x.is_finite() && (!log || x > 0.0)
    }

    /// The bin of a draw, or `None` when it is not shown.
    pub fn bin_of(&self, x: f64) -> Option<usize> {
        if !HistogramBins::shows(self.log, x) {
            return None;
        }
        let bin =
            ((self.axis.position(x) / HISTOGRAM_PLOT_WIDTH) * Self::COUNT as f64).floor() as usize;
        Some(bin.min(Self::COUNT - 1))
    }
}

const HISTOGRAM_PLOT_LEFT: f64 = MARGIN + 56.0;
const HISTOGRAM_PLOT_WIDTH: f64 = WIDTH - HISTOGRAM_PLOT_LEFT - MARGIN - 8.0;

/// A histogram of `draws` draws counted in `bins` (`counts`, one per bin),
/// with the 5th, 50th and 95th percentiles marked.
pub fn histogram(
    title: &str,
    metric: &str,
    draws: u64,
    bins: &HistogramBins,
    counts: &[u64],
    percentiles: [(f64, String); 3],
) -> String {
    const BINS: usize = HistogramBins::COUNT;
    let log = bins.log;
    let width = WIDTH;
    let plot_left = HISTOGRAM_PLOT_LEFT;
    let plot_width = HISTOGRAM_PLOT_WIDTH;
    let heading = Heading::new(
        title,
        &format!(
            "{metric}: {} draws{}",
            crate::money::rounding::grouped(rust_decimal::Decimal::from(draws), 0),
            if log { " (logarithmic scale)" } else { "" }
        ),
        width,
    );
    // Below the heading, three rows for the percentile labels.
    let labels_top = heading.height() + 4.0;
    let header = labels_top + 3.0 * 14.0 + 8.0;
    let plot_height = 260.0;
    let height = header + plot_height + 60.0;
    let axis = bins.axis;
    let shown: u64 = counts.iter().sum();
    let tallest = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let description = format!(
        "Histogram of {} draws of {metric}: 5th percentile {}, median {}, 95th percentile {}",
        shown, percentiles[0].1, percentiles[1].1, percentiles[2].1
    );
    let mut svg = Svg::new(width, height, title, &description);
    heading.draw(&mut svg);
    vertical_grid(&mut svg, &axis, plot_left, header, plot_height);
    let bin_width = plot_width / BINS as f64;
    for (i, count) in counts.iter().enumerate() {
        let h = *count as f64 / tallest * plot_height;
        svg.rect(
            plot_left + i as f64 * bin_width + 0.5,
            header + plot_height - h,
            bin_width - 1.0,
            h,
            PALETTE[4],
            &format!("{count} draws"),
        );
    }
    svg.line(
        plot_left,
        header + plot_height,
        plot_left + plot_width,
        header + plot_height,
        INK,
        "",
    );
    // Percentile labels on three rows, so they never overlap however close.
    for (k, ((value, shown), name)) in percentiles.iter().zip(["p5", "p50", "p95"]).enumerate() {
        let x = plot_left + axis.position(*value);
        svg.line(
            x,
            header - 6.0 + 0.0,
            x,
            header + plot_height,
            PALETTE[5],
            " stroke-width=\"2\" stroke-dasharray=\"5 3\"",
        );
        let label_y = labels_top + 10.0 + k as f64 * 14.0;
        let anchor = if x > plot_left + plot_width * 0.75 {
            "end"
        } else {
            "start"
        };
        let dx = if anchor == "end" { -4.0 } else { 4.0 };
        svg.text(
            x + dx,
            label_y,
            anchor,
            &format!("{name} {shown}"),
            " font-size=\"12\"",
        );
    }
    svg.finish()
}

/// One option on the cost-effectiveness plane.
#[derive(Debug, Clone)]
pub struct FrontierPoint {
    pub label: String,
    pub removals: f64,
    pub total_cost: f64,
    /// `frontier`, `dominated` or `extendedly_dominated`.
    pub status: String,
    pub shown: String,
}

/// Total cost against removals, the frontier drawn through its options (in the
/// order given: frontier first, by removals), dominated options hollow. Points
/// are numbered; the key below names them.
pub fn frontier(title: &str, currency: &str, points: &[FrontierPoint]) -> String {
    let plot_left = MARGIN + 70.0;
    let plot_width = WIDTH - plot_left - MARGIN - 10.0;
    let heading = Heading::new(
        title,
        &format!(
            "total cost ({currency}) against removals; the line is the efficiency frontier, hollow points are dominated"
        ),
        WIDTH,
    );
    let header = heading.height() + 4.0;
    let plot_height = 320.0;
    let key_lines: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}  {} — {} ({})",
                i + 1,
                p.label,
                p.status.replace('_', " "),
                p.shown
            )
        })
        .collect();
    let height = header + plot_height + 50.0 + key_lines.len() as f64 * LINE_HEIGHT + 16.0;
    let removals: Vec<f64> = points.iter().map(|p| p.removals).collect();
    let costs: Vec<f64> = points.iter().map(|p| p.total_cost).collect();
    let x_axis = axis_for(
        if removals.is_empty() {
            &[1.0]
        } else {
            &removals
        },
        false,
        plot_width,
        true,
    );
    let y_axis = axis_for(
        if costs.is_empty() { &[1.0] } else { &costs },
        false,
        plot_height,
        true,
    );
    let description = format!(
        "Cost-effectiveness plane: total cost ({currency}) against removals for {} options; {}",
        points.len(),
        key_lines.join("; ")
    );
    let mut svg = Svg::new(WIDTH, height, title, &description);
    heading.draw(&mut svg);
    let to_x = |v: f64| plot_left + x_axis.position(v);
    let to_y = |v: f64| header + plot_height - y_axis.position(v);
    vertical_grid(&mut svg, &x_axis, plot_left, header, plot_height);
    for tick in y_axis.ticks() {
        svg.line(
            plot_left,
            to_y(tick),
            plot_left + plot_width,
            to_y(tick),
            GRID,
            "",
        );
        svg.text(
            plot_left - 6.0,
            to_y(tick) + 4.0,
            "end",
            &compact(tick),
            " font-size=\"11\"",
        );
    }
    svg.text(
        plot_left + plot_width / 2.0,
        header + plot_height + 34.0,
        "middle",
        "removals",
        "",
    );
    let line: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.status == "frontier")
        .map(|p| (to_x(p.removals), to_y(p.total_cost)))
        .collect();
    if line.len() > 1 {
        svg.polyline(&line, PALETTE[0], " stroke-width=\"2\"");
    }
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (to_x(p.removals), to_y(p.total_cost));
        let on_frontier = p.status == "frontier";
        let (fill, stroke) = if on_frontier {
            (PALETTE[0], PALETTE[0])
        } else {
            ("#ffffff", PALETTE[5])
        };
        svg.circle(x, y, 6.0, fill, stroke, &key_lines[i]);
        svg.text(
            x + 9.0,
            y - 7.0,
            "start",
            &(i + 1).to_string(),
            " font-size=\"11\" font-weight=\"bold\"",
        );
    }
    for (k, line) in key_lines.iter().enumerate() {
        svg.text(
            MARGIN,
            header + plot_height + 60.0 + k as f64 * LINE_HEIGHT,
            "start",
            line,
            " font-size=\"12\"",
        );
    }
    svg.finish()
}

/// The acceptability curve: P(cost per removal ≤ threshold) against the threshold.
pub fn acceptability(title: &str, currency: &str, curve: &[(f64, f64)], log: bool) -> String {
    let plot_left = MARGIN + 48.0;
    let plot_width = WIDTH - plot_left - MARGIN - 10.0;
    let heading = Heading::new(
        title,
        &format!("probability that cost per removal is at or below each threshold ({currency})"),
        WIDTH,
    );
    let header = heading.height() + 4.0;
    let plot_height = 300.0;
    let height = header + plot_height + 50.0;
    let thresholds: Vec<f64> = curve
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| !log || *t > 0.0)
        .collect();
    let x_axis = axis_for(
        if thresholds.is_empty() {
            &[1.0]
        } else {
            &thresholds
        },
        log,
        plot_width,
        !log,
    );
    let to_x = |v: f64| plot_left + x_axis.position(v);
    let to_y = |p: f64| header + plot_height - p.clamp(0.0, 1.0) * plot_height;
    let middle = curve
        .iter()
        .find(|(_, p)| *p >= 0.5)
        .map(|(t, _)| compact(*t))
        .unwrap_or_else(|| "n/a".into());
    let description = format!(
        "Acceptability curve: the probability that cost per removal is at or below each threshold ({currency}), \
         from {} to {}; it reaches 50% at about {middle}",
        curve.first().map_or("n/a".into(), |(t, _)| compact(*t)),
        curve.last().map_or("n/a".into(), |(t, _)| compact(*t)),
    );
    let mut svg = Svg::new(WIDTH, height, title, &description);
    heading.draw(&mut svg);
    vertical_grid(&mut svg, &x_axis, plot_left, header, plot_height);
    for p in [0.0, 0.25, 0.5, 0.75, 1.0] {
        svg.line(
            plot_left,
            to_y(p),
            plot_left + plot_width,
            to_y(p),
            GRID,
            "",
        );
        svg.text(
            plot_left - 6.0,
            to_y(p) + 4.0,
            "end",
            &format!("{}%", (p * 100.0).round()),
            " font-size=\"11\"",
        );
    }
    let points: Vec<(f64, f64)> = curve
        .iter()
        .filter(|(t, _)| !log || *t > 0.0)
        .map(|(t, p)| (to_x(*t), to_y(*p)))
        .collect();
    svg.polyline(&points, PALETTE[2], " stroke-width=\"2.5\"");
    svg.text(
        plot_left + plot_width / 2.0,
        header + plot_height + 34.0,
        "middle",
        &format!(
            "threshold: cost per removal ({currency}){}",
            if log { ", logarithmic scale" } else { "" }
        ),
        "",
    );
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(
            linear_ticks(0.0, 100.0),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(compact(2_500_000.0), "2.5M");
        assert_eq!(compact(12_000_000_000.0), "12bn");
        assert_eq!(compact(15_000.0), "15k");
        assert_eq!(compact(1_000.0), "1k");
        // Small ticks keep their digits; 999,950 rounds up to the next unit.
        assert_eq!(compact(0.001), "0.001");
        assert_eq!(compact(0.005), "0.005");
        assert_eq!(compact(999_950.0), "1M");
        assert_eq!(compact(12_345.0), "12.3k");
        assert_eq!(compact(0.25), "0.25");
    }
}
