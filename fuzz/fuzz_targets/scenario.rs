//! Fuzz target: any bytes as a scenario file. Parsing and validation must
//! report problems, never panic; for a valid scenario every metric, the
//! conversion-free `show` figures, sampling and the break-even solver must
//! finish without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(scenario) = costcalc::load::parse(&text) else {
        return;
    };
    let Ok(metrics) = costcalc::analysis::metrics::compute(&scenario) else {
        return;
    };
    for line in &scenario.costs {
        let _ = costcalc::analysis::metrics::contribution(
            &scenario,
            line,
            metrics.removals.map(|r| r.count),
        );
    }
    // Every metric as a ratio of parts, as breakeven and tornado use them.
    for metric in costcalc::analysis::breakeven::Metric::ALL {
        let _ = metric.parts(&metrics);
    }
    // A few draws of the Monte Carlo model, when the scenario has one.
    if let Ok(model) = costcalc::analysis::simulate::Model::new(&scenario, None) {
        let request = costcalc::analysis::simulate::Request {
            samples: 64,
            seed: 1,
            thresholds: vec![1.0],
        };
        let _ = costcalc::analysis::simulate::run(&model, &request, &|_| {});
    }
});
