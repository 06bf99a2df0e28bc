/*!
`costcalc chart`: SVG charts of what the other commands compute — bar
(`compare`), tornado (`tornado`), histogram and acceptability (`simulate`),
frontier (`frontier`). The numbers come from the analyses those commands
run; the drawing is in [`crate::render::chart`].
*/

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{
    FAILURE, MoneyOptions, SUCCESS, evaluate_every, exit, print_error, print_note, write_output,
};
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

/// `costcalc chart bar`.
pub fn bar(paths: &[PathBuf], metric: Metric, scale: Scale, options: &ChartOptions) -> ExitCode {
    let adjustments = match options.money.adjustments() {
        Ok(adjustments) => adjustments,
        Err(code) => return code,
    };
    let mut entries = match evaluate_every(paths, &options.overrides, &adjustments, "no chart") {
        Ok(entries) => entries,
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
        &money_note(&options.money, &options.overrides),
    );
    write(&options.output, svg)
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
    let (_, mut models) =
        super::models_of(&[file.to_path_buf()], &options.money, &options.overrides)?;
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
pub fn frontier(paths: &[PathBuf], reference: Option<&str>, options: &ChartOptions) -> ExitCode {
    let computed = match super::frontier_of(paths, reference, &options.money, &options.overrides) {
        Ok(computed) => computed,
        Err(code) => return code,
    };
    let svg = frontier_svg(&computed);
    write(&options.output, svg)
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
