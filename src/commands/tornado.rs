/*!
`costcalc tornado`: the scenario's tornado ([`crate::analysis::tornado`], which
says how it is computed), as a table with bars, CSV, JSON or Markdown.
*/

use crate::money::rounding::round_half_away;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use rust_decimal::Decimal;

use super::{FAILURE, MoneyOptions, SUCCESS, exit, reported, tornado_of, write_output};
use crate::analysis::breakeven::Metric;
use crate::analysis::tornado::{Bar, Tornado};
use crate::load::Override;
use crate::load::paths;
use crate::money::rounding::grouped;
use crate::render::chart::figures::shown_scaled;
use crate::render::export::human::wrap;
use crate::render::export::number::Fixed;
use crate::render::export::records::{self, ABOUT_COLUMNS, Record, RecordColumn, Records};
use crate::render::export::{Format, TableOptions};

pub struct TornadoOptions {
    pub file: PathBuf,
    pub metric: Metric,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub table: TableOptions,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
    /// `--range`: move every numeric input by this share instead of p5 and p95.
    pub range: Option<Decimal>,
}

/// The columns of CSV and JSON (a published contract: add new ones at the end).
const COLUMNS: [RecordColumn; 11] = [
    RecordColumn::new("input", "Input", false),
    RecordColumn::new("low", "Input at p5", true),
    RecordColumn::new("high", "Input at p95", true),
    RecordColumn::new("metric_at_low", "Metric at p5", true),
    RecordColumn::new("metric_at_high", "Metric at p95", true),
    RecordColumn::new("swing", "Swing", true),
    RecordColumn::new("distribution", "Distribution", false),
    ABOUT_COLUMNS[0],
    ABOUT_COLUMNS[1],
    ABOUT_COLUMNS[2],
    // `undefined` or `sign_change` for a bar that is not a width (see
    // `crate::analysis::tornado::Flag`); empty otherwise.
    RecordColumn::new("flag", "Flag", false),
];

pub fn run(options: TornadoOptions) -> ExitCode {
    let metric = options.metric;
    let Tornado {
        base,
        base_value,
        bars,
        range,
        departures_capped,
    } = match paths::read(&options.file)
        .map_err(reported)
        .and_then(|file| {
            tornado_of(
                file,
                metric,
                &options.money,
                &options.overrides,
                options.range,
            )
        }) {
        Ok(tornado) => tornado,
        Err(code) => return code,
    };
    let currency = base.scenario.currency.clone();
    let show = |v: Option<Decimal>| shown_scaled(metric, &currency, v);
    let bytes = if options.format == Format::Table {
        let mut out = terminal(
            &bars,
            base_value,
            &show,
            &format!("{} ({})", base.scenario.label(), base.file),
            metric,
            range,
            options.table.width,
        );
        if let Some((given, capped)) = departures_capped {
            let mut note = String::new();
            wrap(
                &mut note,
                &format!(
                    "outcomes.removals at {} is below the {} voluntary departures, a part of the \
                     removals: they were taken as {} there (no metric uses them)",
                    grouped(Decimal::from(capped), 0),
                    grouped(Decimal::from(given), 0),
                    grouped(Decimal::from(capped), 0),
                ),
                "",
                options.table.width.map_or(usize::MAX, usize::from),
            );
            out.extend(note.into_bytes());
        }
        out
    } else {
        let number = |v: Decimal| {
            let v = v.normalize();
            Fixed {
                value: v,
                decimals: v.scale(),
            }
        };
        let cell = |v: Option<Decimal>| match v {
            Some(v) => Record::number(number(round_half_away(v, 6)), show(Some(v))),
            None => Record::empty("n/a"),
        };
        let about = Record::about(
            base.scenario.price_year,
            base.scenario.status,
            &super::override_list(&options.overrides),
        );
        let records = Records {
            columns: COLUMNS.to_vec(),
            rows: bars
                .iter()
                .map(|bar| {
                    vec![
                        Record::text(&bar.path),
                        Record::number(number(bar.low), grouped(bar.low, bar.low.scale())),
                        Record::number(number(bar.high), grouped(bar.high, bar.high.scale())),
                        cell(bar.at_low),
                        cell(bar.at_high),
                        cell(bar.swing()),
                        Record::text(&bar.distribution),
                    ]
                    .into_iter()
                    .chain(about.iter().cloned())
                    .chain([Record::text(bar.flag.map_or("", |f| f.name()))])
                    .collect()
                })
                .collect(),
            notes: vec![format!(
                "{}: base case (every uncertain input at its mean) {}; {}",
                metric.name(),
                show(base_value),
                how(range)
            )],
        };
        records::render(options.format, &records, &options.table)
    };
    match write_output(options.output.as_deref(), &bytes) {
        Ok(_) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}

/// How the ends of the bars were chosen, for notes.
fn how(range: Option<Decimal>) -> String {
    match range {
        None => "each input set to its 5th and 95th percentile, the others at their means".into(),
        Some(share) => format!(
            "each numeric input moved down and up by {}% of its value (counts rounded to whole \
             numbers, probabilities kept within 0 to 1), the others as written",
            (share * Decimal::ONE_HUNDRED).normalize()
        ),
    }
}

/// The tornado in the terminal: one line per input, its bar spanning the
/// metric from p5 to p95 on a shared scale, with the base case marked │.
/// The widest and narrowest a bar is drawn, in characters.
const BAR: usize = 30;
const MIN_BAR: usize = 10;

fn terminal(
    bars: &[Bar],
    base: Option<Decimal>,
    show: &dyn Fn(Option<Decimal>) -> String,
    title: &str,
    metric: Metric,
    range: Option<Decimal>,
    width: Option<u16>,
) -> Vec<u8> {
    let mut out = String::new();
    let limit = width.map(usize::from);
    let width = limit.unwrap_or(usize::MAX);
    wrap(&mut out, title, "", width);
    wrap(
        &mut out,
        &format!(
            "{}: base case {} (uncertain inputs at their means); bars span {}",
            metric.name(),
            show(base),
            match range {
                None => "p5 to p95 of each input".to_string(),
                Some(share) => format!(
                    "each input ± {}%",
                    (share * Decimal::ONE_HUNDRED).normalize()
                ),
            }
        ),
        "",
        width,
    );
    let values: Vec<Decimal> = bars
        .iter()
        .filter(|b| b.flag.is_none())
        .flat_map(|b| [b.at_low, b.at_high])
        .chain([base])
        .flatten()
        .collect();
    let (Some(min), Some(max)) = (values.iter().min(), values.iter().max()) else {
        out.push_str("(the metric is n/a at every end)\n");
        return out.into_bytes();
    };
    let label_width = bars
        .iter()
        .map(|b| b.path.chars().count())
        .max()
        .unwrap_or(5);
    let values = |bar: &Bar| match bar.flag {
        None => format!("{} → {}", show(bar.at_low), show(bar.at_high)),
        Some(flag) => format!(
            "{} → {} ({})",
            show(bar.at_low),
            show(bar.at_high),
            flag.words()
        ),
    };
    let inputs = |bar: &Bar| {
        format!(
            "(input {} → {})",
            grouped(bar.low, bar.low.scale()),
            grouped(bar.high, bar.high.scale())
        )
    };
    // To fit a narrow width the bar shortens (to 10 at the least), then the
    // inputs' range goes on a line of its own under the values.
    let widest = |text: &dyn Fn(&Bar) -> String| {
        bars.iter()
            .map(|b| text(b).chars().count())
            .max()
            .unwrap_or(0)
    };
    let one_line = widest(&|b: &Bar| format!("{} {}", values(b), inputs(b)));
    let fixed = 2 + label_width + 2 + 2;
    let room = |text: usize| limit.map_or(BAR, |limit| limit.saturating_sub(fixed + text));
    let inputs_below = room(one_line) < MIN_BAR;
    let bar_width = room(if inputs_below {
        widest(&values)
    } else {
        one_line
    })
    .clamp(MIN_BAR, BAR);
    let span = *max - *min;
    let column = |v: Decimal| -> usize {
        if span.is_zero() {
            return bar_width / 2;
        }
        let share = (v - *min) / span;
        (share * Decimal::from(bar_width - 1))
            .round()
            .try_into()
            .unwrap_or(0)
    };
    for bar in bars {
        let mut cells = vec![' '; bar_width];
        if let (Some(low), Some(high), None) = (bar.at_low, bar.at_high, bar.flag) {
            let (a, b) = (column(low.min(high)), column(low.max(high)));
            for cell in cells.iter_mut().take(b + 1).skip(a) {
                *cell = '█';
            }
        }
        if let Some(base) = base {
            let c = column(base);
            if cells[c] == ' ' {
                cells[c] = '│';
            }
        }
        let drawn: String = cells.into_iter().collect();
        let line = format!("  {:<label_width$}  {drawn}  {}", bar.path, values(bar));
        if inputs_below {
            let _ = writeln!(out, "{}", line.trim_end());
            let indent = 2 + label_width + 2;
            let _ = writeln!(out, "{:indent$}{}", "", inputs(bar));
        } else {
            let _ = writeln!(out, "{} {}", line.trim_end(), inputs(bar));
        }
    }
    let mut notes = String::new();
    wrap(
        &mut notes,
        "sorted by swing (the distance between the two ends); the scale runs from the lowest to \
         the highest value of the metric shown",
        "",
        width,
    );
    out.push_str(&notes);
    out.into_bytes()
}
