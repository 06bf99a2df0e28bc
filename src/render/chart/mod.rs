/*!
SVG charts for reports: bar, tornado, histogram, frontier, acceptability and
waterfall ([`waterfall`]).

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
pub mod png;
pub mod svg;
pub mod waterfall;

use svg::{CHAR_WIDTH, FONT_SIZE, GRID, INK, Look, PALETTE, Svg, wrap_words};

/// What the values on a chart's axis are, in the reader's words: "Cost per
/// removal" in "GBP", "Capacity used" in percent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueAxis {
    pub name: String,
    /// The currency, or `None` for counts and shares.
    pub currency: Option<String>,
    /// A share (0 to 1) labelled in percent: 0%, 20%, … 100%.
    pub percent: bool,
}

impl ValueAxis {
    /// "Cost per removal (GBP, logarithmic scale)", "Capacity used (%)", "Removals".
    pub fn title(&self, log: bool) -> String {
        let parts: Vec<&str> = [
            self.currency.as_deref(),
            self.percent.then_some("%"),
            log.then_some("logarithmic scale"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, parts.join(", "))
        }
    }

    /// A tick's label: `2.5M`, or `40%` on a percent axis.
    fn tick(&self, value: f64) -> String {
        if self.percent {
            format!("{}%", compact(value * 100.0))
        } else {
            compact(value)
        }
    }
}

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
    /// Drawn hatched, with a key: not a deal that exists.
    pub hypothetical: bool,
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

/// Vertical grid lines at the axis's ticks, labelled below the plot, and the
/// axis's title below them.
fn vertical_grid(svg: &mut Svg, axis: &Axis, values: &ValueAxis, left: f64, top: f64, height: f64) {
    for tick in axis.ticks() {
        let x = left + axis.position(tick);
        svg.line(x, top, x, top + height, GRID, "");
        svg.text(
            x,
            top + height + 16.0,
            "middle",
            &values.tick(tick),
            " font-size=\"11\"",
        );
    }
    svg.text(
        left + axis.length / 2.0,
        top + height + AXIS_TITLE_GAP,
        "middle",
        &values.title(axis.log),
        "",
    );
}

/// From the bottom of a plot to the baseline of its axis title.
const AXIS_TITLE_GAP: f64 = 34.0;

/// A small line of text under a chart: what was set, the seed.
fn caption(svg: &mut Svg, y: f64, text: &str) {
    svg.text(MARGIN, y, "start", text, " font-size=\"11\"");
}

/// The key of a chart with hypotheticals: a solid swatch for reported deals,
/// a hatched one for hypotheticals, at `y`.
fn hypothetical_key(svg: &mut Svg, x: f64, y: f64, colour: &str) {
    svg.shape(
        x,
        y - 10.0,
        12.0,
        12.0,
        Look::Solid(colour),
        "reported deal",
    );
    svg.text(x + 18.0, y, "start", "reported deal", " font-size=\"11\"");
    svg.shape(
        x + 130.0,
        y - 10.0,
        12.0,
        12.0,
        Look::Hatched(colour),
        "hypothetical",
    );
    svg.text(
        x + 148.0,
        y,
        "start",
        "hypothetical (not a real deal)",
        " font-size=\"11\"",
    );
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
    /// A logarithmic axis with a place for 0 at its start, set apart by a
    /// gap (a deal that removed nobody is drawn at 0, not at the lowest decade).
    zero: bool,
}

/// The share of a logarithmic axis's length before its lowest decade, where 0 is.
const ZERO_GAP: f64 = 0.08;

impl Axis {
    fn position(&self, value: f64) -> f64 {
        if self.log && self.zero {
            if value <= 0.0 {
                return 0.0;
            }
            let gap = ZERO_GAP * self.length;
            let rest = Axis {
                zero: false,
                length: self.length - gap,
                ..*self
            };
            return gap + rest.position(value);
        }
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
            let mut ticks = if self.zero { vec![0.0] } else { Vec::new() };
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
            zero: false,
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
        zero: false,
    }
}

/// A horizontal bar chart: one bar per item, in the order given; a percent
/// axis runs from 0% to at least 100%.
pub fn bar(title: &str, values: &ValueAxis, items: &[BarItem], scale: Scale, note: &str) -> String {
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
    let mut extent = if drawn.is_empty() { vec![1.0] } else { drawn };
    if values.percent && !log {
        extent.push(1.0);
    }
    let axis = axis_for(&extent, log, plot_width, true);

    let axis_title = values.title(log);
    // The axis title is under the plot; the subtitle says what is drawn how.
    let heading = Heading::new(
        title,
        "One bar per scenario, in the order compare ranks them",
        width,
    );
    let header = heading.height();
    let rows = row_heights(&wrapped);
    let plot_height: f64 = rows.iter().sum();
    let hypotheticals = items.iter().any(|i| i.hypothetical);
    let key_height = if hypotheticals { 22.0 } else { 0.0 };
    let note_lines = wrap_words(note, ((width - 2.0 * MARGIN) / 6.6) as usize);
    // Two lines of note fit the footer; a longer one (deals left out) grows it.
    let footer = 82.0 + key_height + note_lines.len().saturating_sub(2) as f64 * 14.0;
    let height = header + plot_height + footer;
    let description = format!(
        "Horizontal bar chart of {axis_title} for {} scenarios{}: {}",
        items.len(),
        if hypotheticals {
            " (hatched bars are hypothetical)"
        } else {
            ""
        },
        listing(items.iter().map(|i| (i.label.as_str(), i.shown.as_str())))
    );
    let mut svg = Svg::new(width, height, title, &description);
    heading.draw(&mut svg);
    vertical_grid(&mut svg, &axis, values, plot_left, header, plot_height);
    let mut y = header;
    for ((item, lines), row) in items.iter().zip(&wrapped).zip(&rows) {
        row_label(&mut svg, lines, plot_left - 8.0, y, *row);
        let middle = y + row / 2.0;
        match item.value {
            Some(value) => {
                let length = axis.position(value).max(1.0);
                svg.shape(
                    plot_left,
                    middle - 9.0,
                    length,
                    18.0,
                    Look::of(PALETTE[0], item.hypothetical),
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
    let below = header + plot_height + AXIS_TITLE_GAP + 22.0;
    if hypotheticals {
        hypothetical_key(&mut svg, MARGIN, below, PALETTE[0]);
    }
    for (k, line) in note_lines.iter().enumerate() {
        caption(&mut svg, below + key_height + k as f64 * 14.0, line);
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
    values: &ValueAxis,
    base: Option<f64>,
    base_shown: &str,
    items: &[TornadoItem],
    ends: &str,
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
    let extent: Vec<f64> = items
        .iter()
        .flat_map(|i| [i.at_low, i.at_high])
        .chain([base])
        .flatten()
        .collect();
    let axis = axis_for(
        if extent.is_empty() {
            &[0.0, 1.0]
        } else {
            &extent
        },
        false,
        plot_width,
        false,
    );
    let heading = Heading::new(
        title,
        &format!("{}: {ends} (base case {base_shown})", values.title(false)),
        width,
    );
    let header = heading.height() + 4.0;
    let rows = row_heights(&wrapped);
    let plot_height: f64 = rows.iter().sum();
    let height = header + plot_height + 76.0;
    let description = format!(
        "Tornado chart of {}: base case {base_shown}; {}",
        values.title(false),
        listing(items.iter().map(|i| (i.label.as_str(), i.shown.as_str())))
    );
    let mut svg = Svg::new(width, height, title, &description);
    heading.draw(&mut svg);
    vertical_grid(&mut svg, &axis, values, plot_left, header, plot_height);
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
    let key_y = header + plot_height + AXIS_TITLE_GAP + 22.0;
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
/// 99.5th percentile of the draws shown rounded out to the axis's ticks (so
/// one extreme draw does not flatten the rest), and two more for the draws
/// below and above that range, drawn apart and labelled with their counts
/// (lumped into the end bins they would read as a second peak). Given the
/// range, the draws are counted by [`HistogramBins::bin_of`] as they are drawn.
#[derive(Debug, Clone, Copy)]
pub struct HistogramBins {
    axis: Axis,
    log: bool,
}

impl HistogramBins {
    /// The bins inside the range.
    pub const COUNT: usize = 40;
    /// The bin of the draws below the range.
    pub const BELOW: usize = Self::COUNT;
    /// The bin of the draws above the range.
    pub const ABOVE: usize = Self::COUNT + 1;
    /// Every bin a draw can be counted in.
    pub const ALL: usize = Self::COUNT + 2;

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

    /// The bin of a draw ([`Self::BELOW`] or [`Self::ABOVE`] outside the
    /// range), or `None` when it is not shown.
    pub fn bin_of(&self, x: f64) -> Option<usize> {
        if !HistogramBins::shows(self.log, x) {
            return None;
        }
        if x < self.axis.low {
            return Some(Self::BELOW);
        }
        if x > self.axis.high {
            return Some(Self::ABOVE);
        }
        let bin =
            ((self.axis.position(x) / HISTOGRAM_PLOT_WIDTH) * Self::COUNT as f64).floor() as usize;
        Some(bin.min(Self::COUNT - 1))
    }
}

/// Room beside the plot for a bin of the draws outside the range.
const OVERFLOW_ROOM: f64 = 34.0;
const HISTOGRAM_PLOT_LEFT: f64 = MARGIN + 40.0 + OVERFLOW_ROOM;
const HISTOGRAM_PLOT_WIDTH: f64 = WIDTH - HISTOGRAM_PLOT_LEFT - MARGIN - 8.0 - OVERFLOW_ROOM;
/// The colour of the bins outside the range: apart from the others.
const OVERFLOW: &str = "#8c8c8c";

/// A histogram of `draws` draws counted in `bins` (`counts`, one per bin of
/// [`HistogramBins::ALL`]), with the 5th, 50th and 95th percentiles marked and
/// `note` (the seed) under it.
pub fn histogram(
    title: &str,
    values: &ValueAxis,
    draws: u64,
    bins: &HistogramBins,
    counts: &[u64],
    percentiles: [(f64, String); 3],
    note: &str,
) -> String {
    const BINS: usize = HistogramBins::COUNT;
    let log = bins.log;
    let width = WIDTH;
    let plot_left = HISTOGRAM_PLOT_LEFT;
    let plot_width = HISTOGRAM_PLOT_WIDTH;
    let axis_title = values.title(log);
    let count = |n: u64| crate::money::rounding::grouped(rust_decimal::Decimal::from(n), 0);
    let heading = Heading::new(
        title,
        &format!("{axis_title}: {} draws", count(draws)),
        width,
    );
    // Below the heading, three rows for the percentile labels.
    let labels_top = heading.height() + 4.0;
    let header = labels_top + 3.0 * 14.0 + 8.0;
    let plot_height = 260.0;
    let height = header + plot_height + AXIS_TITLE_GAP + 40.0;
    let axis = bins.axis;
    let bin_count = |i: usize| counts.get(i).copied().unwrap_or(0);
    let (below, above) = (
        bin_count(HistogramBins::BELOW),
        bin_count(HistogramBins::ABOVE),
    );
    let shown: u64 = counts.iter().sum();
    let tallest = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let below_label = format!("< {}: {} draws", values.tick(axis.low), count(below));
    let above_label = format!("> {}: {} draws", values.tick(axis.high), count(above));
    let outside: Vec<&str> = [(below, &below_label), (above, &above_label)]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, label)| label.as_str())
        .collect();
    let description = format!(
        "Histogram of {} draws of {axis_title}: 5th percentile {}, median {}, 95th percentile {}{}",
        count(shown),
        percentiles[0].1,
        percentiles[1].1,
        percentiles[2].1,
        if outside.is_empty() {
            String::new()
        } else {
            format!("; outside the axis: {}", outside.join(", "))
        }
    );
    let mut svg = Svg::new(width, height, title, &description);
    heading.draw(&mut svg);
    vertical_grid(&mut svg, &axis, values, plot_left, header, plot_height);
    let bin_width = plot_width / BINS as f64;
    let bar = |svg: &mut Svg, x: f64, count: u64, colour: &str| {
        let h = count as f64 / tallest * plot_height;
        svg.rect(
            x + 0.5,
            header + plot_height - h,
            bin_width - 1.0,
            h,
            colour,
            &format!("{count} draws"),
        );
    };
    for (i, count) in counts.iter().take(BINS).enumerate() {
        bar(
            &mut svg,
            plot_left + i as f64 * bin_width,
            *count,
            PALETTE[4],
        );
    }
    // The draws outside the range, apart from it, each labelled below the axis.
    let baseline = header + plot_height;
    if below > 0 {
        let x = plot_left - OVERFLOW_ROOM + 4.0;
        bar(&mut svg, x, below, OVERFLOW);
        svg.text(
            MARGIN,
            baseline + AXIS_TITLE_GAP,
            "start",
            &below_label,
            " font-size=\"11\"",
        );
    }
    if above > 0 {
        let x = plot_left + plot_width + OVERFLOW_ROOM - bin_width - 4.0;
        bar(&mut svg, x, above, OVERFLOW);
        svg.text(
            WIDTH - MARGIN,
            baseline + AXIS_TITLE_GAP,
            "end",
            &above_label,
            " font-size=\"11\"",
        );
    }
    svg.line(
        plot_left - OVERFLOW_ROOM,
        baseline,
        plot_left + plot_width + OVERFLOW_ROOM,
        baseline,
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
    if !note.is_empty() {
        caption(&mut svg, baseline + AXIS_TITLE_GAP + 24.0, note);
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
    /// Drawn hatched, with a key: not a deal that exists.
    pub hypothetical: bool,
}

/// Where the number of each point goes: beside it, on the first side where it
/// overlaps no point and no number already placed (so a cluster of deals
/// near zero stays legible). Returns (x, y, anchor) of each label.
fn place_labels(points: &[(f64, f64)], labels: &[String]) -> Vec<(f64, f64, &'static str)> {
    type Box4 = (f64, f64, f64, f64);
    let overlaps = |a: &Box4, b: &Box4| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
    let text_box = |x: f64, y: f64, anchor: &str, text: &str| -> Box4 {
        let width = text.chars().count() as f64 * CHAR_WIDTH;
        let left = match anchor {
            "end" => x - width,
            "middle" => x - width / 2.0,
            _ => x,
        };
        (left, y - 11.0, left + width, y + 3.0)
    };
    let mut taken: Vec<Box4> = points
        .iter()
        .map(|(x, y)| (x - 7.0, y - 7.0, x + 7.0, y + 7.0))
        .collect();
    let mut placed = Vec::new();
    for ((x, y), label) in points.iter().zip(labels) {
        // Up-right first, as before; then the other corners, then further out.
        let mut candidates: Vec<(f64, f64, &'static str)> = Vec::new();
        for step in 0..6 {
            let out = step as f64 * 14.0;
            candidates.extend([
                (x + 9.0, y - 7.0 - out, "start"),
                (x + 9.0, y + 15.0 + out, "start"),
                (x - 9.0, y - 7.0 - out, "end"),
                (x - 9.0, y + 15.0 + out, "end"),
            ]);
        }
        let chosen = candidates
            .iter()
            .copied()
            .find(|(cx, cy, anchor)| {
                let candidate = text_box(*cx, *cy, anchor, label);
                !taken.iter().any(|t| overlaps(t, &candidate))
            })
            .unwrap_or(candidates[0]);
        taken.push(text_box(chosen.0, chosen.1, chosen.2, label));
        placed.push(chosen);
    }
    placed
}

/// Total cost against removals, the frontier drawn through its options (in the
/// order given: frontier first, by removals), dominated options hollow,
/// hypotheticals hatched. Points are numbered, the numbers kept apart; the key
/// below names them. Both axes are logarithmic when the options span more than
/// 100× (one large deal would otherwise squeeze the others into a corner).
/// `note`, when not empty, goes under the key.
pub fn frontier(title: &str, currency: &str, points: &[FrontierPoint], note: &str) -> String {
    let plot_left = MARGIN + 70.0;
    let plot_width = WIDTH - plot_left - MARGIN - 10.0;
    let removals: Vec<f64> = points.iter().map(|p| p.removals).collect();
    let costs: Vec<f64> = points.iter().map(|p| p.total_cost).collect();
    let spans = |values: &[f64]| {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(0.0, f64::max);
        min > 0.0 && max / min > 100.0
    };
    let positive =
        |values: &[f64]| -> Vec<f64> { values.iter().copied().filter(|v| *v > 0.0).collect() };
    let log = spans(&positive(&removals)) || spans(&positive(&costs));
    // On a logarithmic axis 0 has a place of its own at the start.
    let axis = |values: &[f64], length: f64| {
        let shown = if log {
            positive(values)
        } else {
            values.to_vec()
        };
        let mut axis = axis_for(
            if shown.is_empty() { &[1.0] } else { &shown },
            log,
            length,
            true,
        );
        axis.zero = log && values.iter().any(|v| *v <= 0.0);
        axis
    };
    let x_values = ValueAxis {
        name: "Removals".into(),
        currency: None,
        percent: false,
    };
    let y_values = ValueAxis {
        name: "Total cost".into(),
        currency: Some(currency.to_string()),
        percent: false,
    };
    let heading = Heading::new(
        title,
        &format!(
            "{} against {}{}; the line is the efficiency frontier, hollow points are dominated",
            y_values.title(false),
            x_values.title(false).to_lowercase(),
            if log {
                ", both on logarithmic scales"
            } else {
                ""
            }
        ),
        WIDTH,
    );
    // Room above the plot for the vertical axis's title.
    let header = heading.height() + 22.0;
    let plot_height = 320.0;
    let key_lines: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}  {} — {}{} ({})",
                i + 1,
                p.label,
                p.status.replace('_', " "),
                if p.hypothetical { ", hypothetical" } else { "" },
                p.shown
            )
        })
        .collect();
    let hypotheticals = points.iter().any(|p| p.hypothetical);
    let key_top =
        header + plot_height + AXIS_TITLE_GAP + 26.0 + if hypotheticals { 22.0 } else { 0.0 };
    let note_lines = wrap_words(note, ((WIDTH - 2.0 * MARGIN) / 6.6) as usize);
    let note_top = key_top + key_lines.len() as f64 * LINE_HEIGHT + 6.0;
    let height =
        key_top + key_lines.len() as f64 * LINE_HEIGHT + 16.0 + note_lines.len() as f64 * 14.0;
    let x_axis = axis(&removals, plot_width);
    let y_axis = axis(&costs, plot_height);
    let description = format!(
        "Cost-effectiveness plane: {} against {}{} for {} options; {}",
        y_values.title(false),
        x_values.title(false).to_lowercase(),
        if log { " (logarithmic scales)" } else { "" },
        points.len(),
        key_lines.join("; ")
    );
    let mut svg = Svg::new(WIDTH, height, title, &description);
    heading.draw(&mut svg);
    let to_x = |v: f64| plot_left + x_axis.position(v);
    let to_y = |v: f64| header + plot_height - y_axis.position(v);
    vertical_grid(&mut svg, &x_axis, &x_values, plot_left, header, plot_height);
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
            &y_values.tick(tick),
            " font-size=\"11\"",
        );
    }
    svg.text(MARGIN, header - 10.0, "start", &y_values.title(log), "");
    let line: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.status == "frontier")
        .map(|p| (to_x(p.removals), to_y(p.total_cost)))
        .collect();
    if line.len() > 1 {
        svg.polyline(&line, PALETTE[0], " stroke-width=\"2\"");
    }
    let at: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (to_x(p.removals), to_y(p.total_cost)))
        .collect();
    let numbers: Vec<String> = (1..=points.len()).map(|i| i.to_string()).collect();
    let labels = place_labels(&at, &numbers);
    for (i, p) in points.iter().enumerate() {
        let (x, y) = at[i];
        let colour = if p.status == "frontier" {
            PALETTE[0]
        } else {
            PALETTE[5]
        };
        let fill = match (p.hypothetical, p.status == "frontier") {
            (true, _) => svg.hatched(colour),
            (false, true) => colour.to_string(),
            (false, false) => "#ffffff".to_string(),
        };
        svg.circle(x, y, 6.0, &fill, colour, &key_lines[i]);
        let (lx, ly, anchor) = labels[i];
        svg.text(
            lx,
            ly,
            anchor,
            &numbers[i],
            " font-size=\"11\" font-weight=\"bold\"",
        );
    }
    if hypotheticals {
        hypothetical_key(
            &mut svg,
            MARGIN,
            header + plot_height + AXIS_TITLE_GAP + 26.0,
            PALETTE[0],
        );
    }
    for (k, line) in key_lines.iter().enumerate() {
        svg.text(
            MARGIN,
            key_top + k as f64 * LINE_HEIGHT,
            "start",
            line,
            " font-size=\"12\"",
        );
    }
    for (k, line) in note_lines.iter().enumerate() {
        caption(&mut svg, note_top + k as f64 * 14.0, line);
    }
    svg.finish()
}

/// The acceptability curve: P(cost per removal ≤ threshold) against the threshold.
/// `note` (the seed) goes under it.
pub fn acceptability(
    title: &str,
    currency: &str,
    curve: &[(f64, f64)],
    log: bool,
    note: &str,
) -> String {
    let x_values = ValueAxis {
        name: "Threshold: cost per removal".into(),
        currency: Some(currency.to_string()),
        percent: false,
    };
    let plot_left = MARGIN + 48.0;
    let plot_width = WIDTH - plot_left - MARGIN - 10.0;
    let heading = Heading::new(
        title,
        "Probability that the cost per removal is at or below each threshold",
        WIDTH,
    );
    let header = heading.height() + 4.0;
    let plot_height = 300.0;
    let height = header + plot_height + AXIS_TITLE_GAP + 34.0;
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
    vertical_grid(&mut svg, &x_axis, &x_values, plot_left, header, plot_height);
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
    if !note.is_empty() {
        caption(&mut svg, header + plot_height + AXIS_TITLE_GAP + 22.0, note);
    }
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

    #[test]
    fn axis_titles_say_the_unit_and_the_scale() {
        let money = ValueAxis {
            name: "Cost per removal".into(),
            currency: Some("GBP".into()),
            percent: false,
        };
        assert_eq!(money.title(false), "Cost per removal (GBP)");
        assert_eq!(
            money.title(true),
            "Cost per removal (GBP, logarithmic scale)"
        );
        let share = ValueAxis {
            name: "Capacity used".into(),
            currency: None,
            percent: true,
        };
        assert_eq!(share.title(false), "Capacity used (%)");
        // A share of 0.57 is the tick 57%.
        assert_eq!(share.tick(0.57), "57%");
        assert_eq!(share.tick(1.0), "100%");
        let count = ValueAxis {
            name: "Removals".into(),
            currency: None,
            percent: false,
        };
        assert_eq!(count.title(false), "Removals");
    }

    #[test]
    fn draws_outside_the_range_have_bins_of_their_own() {
        // From 0 to 100 (ticks of 20): 40 bins of 2.5 each.
        let bins = HistogramBins::new(0.0, 100.0, false);
        assert_eq!(bins.bin_of(0.0), Some(0));
        assert_eq!(bins.bin_of(2.5), Some(1));
        assert_eq!(bins.bin_of(100.0), Some(HistogramBins::COUNT - 1));
        assert_eq!(bins.bin_of(100.5), Some(HistogramBins::ABOVE));
        assert_eq!(bins.bin_of(-0.5), Some(HistogramBins::BELOW));
        assert_eq!(bins.bin_of(f64::NAN), None);
    }

    #[test]
    fn a_log_axis_keeps_a_place_for_zero() {
        let mut axis = axis_for(&[10.0, 1000.0], true, 100.0, true);
        axis.zero = true;
        // 0 at the start, then 8% of the length before the decades 10 to 1000.
        assert_eq!(axis.position(0.0), 0.0);
        assert_eq!(axis.position(10.0), 8.0);
        assert_eq!(axis.position(1000.0), 100.0);
        assert_eq!(axis.position(100.0), 54.0); // 8 + 92 / 2
        assert_eq!(axis.ticks(), [0.0, 10.0, 100.0, 1000.0]);
    }

    #[test]
    fn point_numbers_move_aside_rather_than_overlap() {
        // Three points on top of each other: the first number goes up-right,
        // the second down-right, the third up-left.
        let at = [(100.0, 100.0); 3];
        let labels = ["1".to_string(), "2".to_string(), "3".to_string()];
        let placed = place_labels(&at, &labels);
        assert_eq!(
            placed,
            [
                (109.0, 93.0, "start"),
                (109.0, 115.0, "start"),
                (91.0, 93.0, "end")
            ]
        );
    }
}
