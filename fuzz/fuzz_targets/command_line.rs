//! Fuzz target: any text as a command line, one argument a line. The whole
//! line goes through clap and every value parser (`--set`, `--vary`,
//! `--target`, `--threshold`, `--discount-rate`, `--draws`, ...) without
//! running a command (nothing is written); then each argument is tried as a
//! `--set`, a `--vary` and a `--target`, and whatever parses is applied to a
//! real scenario and an uncertain one, as `compare`, `show`, `sweep` and
//! `breakeven` apply it. Parsing must refuse with a message, and applying
//! must give metrics or a report, never a panic.
#![no_main]

use clap::Parser as _;
use costcalc::analysis::breakeven::{Domain, solve};
use costcalc::analysis::evaluate::{Adjustments, Unevaluated, evaluate, metrics_with};
use costcalc::analysis::metrics::Metrics;
use costcalc::analysis::sweep::Vary;
use costcalc::commands::breakeven::Target;

use costcalc::load::paths::{self, SourceFile};
use costcalc::load::{Address, Override};
use libfuzzer_sys::fuzz_target;

/// A real deal (legal events, a baseline, per-year costs) and an uncertain one.
fn scenarios() -> [SourceFile; 2] {
    let file = |name: &str, text: &str| SourceFile {
        display: name.to_string(),
        on_disk: None,
        text: text.to_string(),
    };
    [
        file(
            "uk-rwanda.toml",
            include_str!("../../scenarios/uk-rwanda.toml"),
        ),
        file(
            "reference-model.toml",
            include_str!("../../benches/reference-model.toml"),
        ),
    ]
}

/// The metrics of `file` with the input at `path` set to `value` on the
/// scenario read once, as `sweep` and `breakeven` compute them; `None` when
/// the file or the path is refused before that.
fn metrics_at(
    file: &SourceFile,
    path: &str,
    value: rust_decimal::Decimal,
) -> Option<Result<Metrics, Unevaluated>> {
    let loaded = paths::parse(file.clone(), &[]).ok()?;
    let address = Address::parse(path).ok()?;
    let mut scenario = *loaded.scenario;
    Some(metrics_with(
        &mut scenario,
        &[(&address, value)],
        &Adjustments::default(),
    ))
}

/// `compare` and `show` with the overrides: metrics, and the full description.
fn apply(file: &SourceFile, overrides: &[Override]) {
    let Ok(loaded) = paths::parse(file.clone(), overrides) else {
        return;
    };
    let origins = costcalc::render::show::Origins::of(&loaded);
    let Ok(entry) = evaluate(loaded, &Adjustments::default()) else {
        return;
    };
    let _ =
        costcalc::render::show::render(&entry, &origins, costcalc::render::show::Width(Some(80)));
    if let Ok(model) = costcalc::analysis::simulate::Model::new(&entry.scenario, None) {
        let request = costcalc::analysis::simulate::Request {
            samples: 16,
            seed: 1,
            thresholds: vec![1.0],
        };
        let _ = costcalc::analysis::simulate::run(&model, &request, &|_| {});
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let args: Vec<&str> = text.split('\n').collect();
    let _ =
        costcalc::cli::Cli::try_parse_from(std::iter::once("costcalc").chain(args.iter().copied()));

    let files = scenarios();
    // Every path that `--vary` accepts, for the break-even solver below.
    let mut paths = Vec::new();
    let mut targets = Vec::new();
    for arg in &args {
        if let Ok(set) = Override::parse(arg) {
            for file in &files {
                apply(file, std::slice::from_ref(&set));
            }
        }
        if let Ok(vary) = Vary::parse(arg) {
            // The first and last values of the sweep (the rest are alike).
            let values = vary.values().unwrap_or_default();
            for value in values.first().into_iter().chain(values.last()) {
                for file in &files {
                    let _ = metrics_at(file, &vary.path, *value);
                }
            }
        }
        if Override::parse(&format!("{}=0", arg.trim())).is_ok() {
            paths.push(arg.trim().to_string());
        }
        if let Ok(target) = Target::parse(arg) {
            targets.push(target);
        }
    }
    // `breakeven --vary PATH --target METRIC=VALUE`, on the real deal (the
    // solver evaluates the scenario up to a few hundred times: one pair).
    if let (Some(path), Some(target)) = (paths.first(), targets.first()) {
        let file = &files[0];
        let _ = solve(
            target.metric,
            target.value,
            Domain::of(path),
            |x| match metrics_at(file, path, x) {
                Some(Ok(metrics)) => Ok(target.metric.parts(&metrics)),
                _ => Err(()),
            },
        );
    }
});
