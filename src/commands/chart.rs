/*!
`costcalc chart`: SVG charts of what the other commands compute — bar
(`compare`), tornado (`tornado`), histogram and acceptability (`simulate`),
frontier (`frontier`), waterfall (`diff`). The numbers come from the analyses those commands
run; the drawing is in [`crate::render::chart`]. A chart of several deals
leaves out those that cannot be converted only with `--keep-going`, and its
note names them ([`super::Partial`]).
*/

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{
    FAILURE, MoneyOptions, Partial, SUCCESS, evaluate_converted, exit, left_out_caption,
    print_error, print_note, print_warning, write_output,
};
use crate::analysis::evaluate::Unconverted;
use crate::analysis::metrics::Metric;
use crate::analysis::simulate::{self, Request};
use crate::load::Override;
use crate::render::chart::figures::{
    acceptability_svg, bar_items, frontier_svg, histogram_svg, label, tornado_svg, value_axis,
};
use crate::render::chart::{self, Scale};

use crate::analysis::evaluate::currencies;

/// What every chart needs besides its own inputs.
pub struct ChartOptions {
    pub output: PathBuf,
    pub money: MoneyOptions,
    pub overrides: Vec<Override>,
}

/// The seed of simulated charts when none is given: fixed, so the same input
/// draws the same chart.
pub const DEFAULT_SEED: u64 = 42;

/// The note under a chart: the currency and price year, and what was set.
pub fn money_note(money: &MoneyOptions, overrides: &[Override]) -> String {
    let mut parts = Vec::new();
    if let Some(year) = money.price_year {
        parts.push(match &money.currency {
            Some(currency) => format!("amounts in {currency} at {year} prices (CPI, then FX)"),
            None => format!("amounts at {year} prices"),
        });
    }
    if !overrides.is_empty() {
        let list: Vec<&str> = overrides.iter().map(|o| o.argument.as_str()).collect();
        parts.push(format!("hypothetical: --set {}", list.join(", ")));
    }
    parts.join("; ")
}

/// What `chart bar` and `chart frontier` do with deals they cannot convert:
/// a chart is a file read apart from the run's messages, so it is drawn
/// without them only with `--keep-going`, and its note names them.
fn partial(keep_going: bool) -> Partial {
    Partial {
        outcome: "no chart",
        read_apart: true,
        keep_going,
    }
}

/// The note under a chart of several deals: [`money_note`] and the deals left out.
fn note_with(money: String, left_out: &[Unconverted]) -> String {
    [
        Some(money).filter(|m| !m.is_empty()),
        left_out_caption(left_out),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ")
}

/// `costcalc chart bar`.
pub fn bar(
    paths: &[PathBuf],
    metric: Metric,
    scale: Scale,
    keep_going: bool,
    options: &ChartOptions,
) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let (mut entries, left_out) =
        match evaluate_converted(paths, &options.overrides, &adjustments, partial(keep_going)) {
            Ok(found) => found,
            Err(code) => return code,
        };
    let codes = currencies(&entries);
    if metric.is_money() && codes.len() > 1 {
        print_error(&format!(
            "{} is money, and the scenarios are in different currencies ({}): bars in \
             different currencies cannot share an axis; add --currency USD --price-year 2024",
            metric.name(),
            codes.join(", ")
        ));
        return exit(FAILURE);
    }
    let items = bar_items(&mut entries, metric);
    let title = format!("{} by scenario", label(metric));
    let svg = chart::bar(
        &title,
        &value_axis(metric, codes.first().map_or("", String::as_str)),
        &items,
        scale,
        &note_with(money_note(&options.money, &options.overrides), &left_out),
    );
    written(write(&options.output, svg), &left_out)
}

/// The exit code of a chart drawn without the deals left out: 1, as it is
/// not the whole of what was asked.
fn written(code: ExitCode, left_out: &[Unconverted]) -> ExitCode {
    if left_out.is_empty() {
        code
    } else {
        exit(FAILURE)
    }
}

/// `costcalc chart tornado`.
pub fn tornado(
    file: &Path,
    metric: Metric,
    range: Option<rust_decimal::Decimal>,
    options: &ChartOptions,
) -> ExitCode {
    let computed = match crate::load::paths::read(file)
        .map_err(super::reported)
        .and_then(|file| super::tornado_of(file, metric, &options.money, &options.overrides, range))
    {
        Ok(computed) => computed,
        Err(code) => return code,
    };
    let svg = tornado_svg(&computed, metric);
    write(&options.output, svg)
}

/// The scenario of a simulated chart, compiled, and the request for its draws.
struct Drawn {
    model: simulate::Model,
    request: Request,
    /// Said on stderr: why the chart may look odd.
    note: Option<&'static str>,
}

fn draws_of(
    file: &Path,
    metric: Metric,
    samples: u64,
    seed: u64,
    options: &ChartOptions,
) -> Result<Drawn, ExitCode> {
    // One scenario: if it cannot be converted there is nothing to draw.
    let rule = Partial {
        outcome: "no chart",
        read_apart: true,
        keep_going: false,
    };
    let ((_, mut models), _) = super::models_of(
        &[file.to_path_buf()],
        &options.money,
        &options.overrides,
        rule,
    )?;
    let (_, model) = models.remove(0);
    if !model.metrics().contains(&metric) {
        print_error(&format!(
            "{} has no {} to draw: it needs removals (and a baseline for cost_ratio_to_baseline)",
            file.display(),
            metric.name()
        ));
        return Err(exit(FAILURE));
    }
    let request = Request {
        samples,
        seed,
        thresholds: Vec::new(),
    };
    let note = model
        .inputs
        .is_empty()
        .then_some("no input is uncertain: every draw is the same");
    Ok(Drawn {
        model,
        request,
        note,
    })
}

/// `costcalc chart histogram`.
pub fn histogram(
    file: &Path,
    metric: Metric,
    samples: u64,
    seed: u64,
    options: &ChartOptions,
) -> ExitCode {
    let Drawn {
        model,
        request,
        note,
    } = match draws_of(file, metric, samples, seed, options) {
        Ok(found) => found,
        Err(code) => return code,
    };
    if let Some(note) = note {
        print_note(note);
    }
    let histogram = super::simulated_histogram(&model, &request, metric);
    let svg = histogram_svg(&model, metric, &histogram, seed);
    write(&options.output, svg)
}

/// `costcalc chart acceptability`.
pub fn acceptability(file: &Path, samples: u64, seed: u64, options: &ChartOptions) -> ExitCode {
    let Drawn { model, request, .. } =
        match draws_of(file, Metric::CostPerRemoval, samples, seed, options) {
            Ok(found) => found,
            Err(code) => return code,
        };
    let curve = super::acceptability_curve(&model, &request);
    let svg = acceptability_svg(&model, &curve, seed);
    write(&options.output, svg)
}

/// `costcalc chart frontier`.
pub fn frontier(
    paths: &[PathBuf],
    reference: Option<&str>,
    keep_going: bool,
    options: &ChartOptions,
) -> ExitCode {
    let (computed, left_out) = match super::frontier_of(
        paths,
        reference,
        &options.money,
        &options.overrides,
        partial(keep_going),
    ) {
        Ok(computed) => computed,
        Err(code) => return code,
    };
    let svg = frontier_svg(&computed, &left_out_caption(&left_out).unwrap_or_default());
    written(write(&options.output, svg), &left_out)
}

/// `costcalc chart waterfall`: from A's value of `metric` to B's, input by input.
pub fn waterfall(a: &Path, b: Option<&Path>, metric: Metric, options: &ChartOptions) -> ExitCode {
    let compared = match super::compared_of(a, b, &options.money, &options.overrides) {
        Ok(compared) => compared,
        Err(code) => return code,
    };
    let sides = crate::render::diff::Sides {
        a: &compared.a.scenario,
        b: &compared.b.scenario,
        file_a: &compared.a.file,
        file_b: &compared.b.file,
    };
    if let Some(warning) = &compared.mixed_price_years {
        print_warning(warning);
    }
    let note = money_note(&options.money, &options.overrides);
    match crate::render::diff::waterfall_svg(&compared.diff, metric, &sides, &note) {
        Ok(svg) => {
            if compared.diff.grouped {
                print_note(&format!(
                    "{} inputs differ: the chart has one bar per section (years, cost, \
                 outcomes, legal, baseline); `costcalc diff` lists them",
                    compared.diff.differing
                ));
            }
            write(&options.output, svg)
        }
        Err(not_drawn) => {
            print_error(&not_drawn.to_string());
            exit(FAILURE)
        }
    }
}

/// What a chart is written as, from the extension of `-o`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    /// `.svg` (any case) and `-` (standard output) are SVG, `.png` PNG; any
    /// other name is neither.
    pub fn of(path: &Path) -> Option<ChartFormat> {
        if path.as_os_str() == "-" {
            return Some(ChartFormat::Svg);
        }
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "svg" => Some(ChartFormat::Svg),
            "png" => Some(ChartFormat::Png),
            _ => None,
        }
    }
}

/// Parses `-o`: a file named for one of the two formats. Refused on the
/// command line (exit 2, like any other invalid argument) before anything is
/// read or drawn, rather than writing SVG text into a file named `.jpg`.
pub fn output_path(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    match ChartFormat::of(&path) {
        Some(_) => Ok(path),
        None => Err(
            "a chart is written as SVG or PNG: name the file FILE.svg or FILE.png \
             (or - for SVG on standard output)"
                .to_string(),
        ),
    }
}

/// Writes a chart (atomically, never over an input) as its file's name says,
/// saying where.
fn write(output: &Path, svg: String) -> ExitCode {
    let bytes = match ChartFormat::of(output) {
        Some(ChartFormat::Png) => match crate::render::chart::png::png_of(&svg) {
            Ok(rendered) => {
                if rendered.without_text {
                    print_note(
                        "no fonts were found on this system, so the PNG has no text; \
                         install a font (Debian: fonts-dejavu-core) or write an .svg",
                    );
                }
                rendered.png
            }
            Err(error) => {
                print_error(&error);
                return exit(FAILURE);
            }
        },
        _ => svg.into_bytes(),
    };
    match write_output(Some(output), &bytes) {
        Ok(Some(destination)) => {
            print_note(&format!("wrote {}", destination.display()));
            exit(SUCCESS)
        }
        Ok(None) => exit(SUCCESS),
        Err(_) => exit(FAILURE),
    }
}
