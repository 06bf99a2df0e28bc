//! `simulate`'s four speed choices in the work of a draw, each against what
//! it replaced, single-threaded (`cargo bench --bench simulate_parts`): a
//! beta with whole-number shapes as an order statistic of uniforms against
//! the gamma pair, a column's exponentials four at a time against one at a
//! time, a column's moments in eight running sums against one, and the
//! brackets' scan four draws at a time against a key a draw. Each
//! choice stays only while it is at least 10% quicker here (see
//! benches/README.md). Prints the best of 15 rounds in ns a draw.

use std::hint::black_box;
use std::time::Instant;

use costcalc::analysis::simulate::rng::Rng;
use costcalc::analysis::simulate::sample::{BetaMethod, Sampler, exp_each};
use costcalc::analysis::simulate::select::{scan, scan_by_key};
use costcalc::analysis::simulate::stats::{Moments, order_key};
use costcalc::model::distribution::Distribution;

/// Draws per round: one chunk of `simulate`.
const DRAWS: usize = 16_384;

/// The best time of `round` over 15 rounds of 20 calls, in ns a draw.
fn best_ns(mut round: impl FnMut()) -> f64 {
    (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..20 {
                round();
            }
            start.elapsed().as_secs_f64() / (20 * DRAWS) as f64 * 1e9
        })
        .fold(f64::INFINITY, f64::min)
}

fn compare(what: &str, new: f64, old: f64) {
    println!(
        "{what:<44} {new:>6.2} ns  against {old:>6.2} ns  ({:.0}% less time)",
        100.0 * (1.0 - new / old)
    );
}

fn main() {
    let mut column = vec![0.0; DRAWS];
    for (shape, alpha, beta) in [
        ("beta(2, 5)", 2.0, 5.0),
        ("PERT(0, 5, 10) = beta(3, 3)", 3.0, 3.0),
        ("beta(3, 4), the most uniforms", 3.0, 4.0),
    ] {
        let times = [
            BetaMethod::new(alpha, beta),
            BetaMethod::gammas(alpha, beta),
        ]
        .map(|method| {
            let sampler = Sampler::Beta {
                min: 0.0,
                range: 1.0,
                method,
            };
            let mut rng = Rng::for_chunk(7, 0);
            best_ns(|| {
                column.iter_mut().for_each(|x| *x = sampler.draw(&mut rng));
                black_box(&mut column);
            })
        });
        compare(
            &format!("{shape}: order statistic / gammas"),
            times[0],
            times[1],
        );
    }
    // Arguments of a lognormal 2 to 300 (μ ≈ 3.2, σ ≈ 1.5): 8 ± 4σ.
    let arguments: Vec<f64> = (0..DRAWS)
        .map(|i| -3.0 + 12.0 * i as f64 / DRAWS as f64)
        .collect();
    let four = best_ns(|| {
        column.copy_from_slice(&arguments);
        exp_each(&mut column);
        black_box(&mut column);
    });
    let one = best_ns(|| {
        column.copy_from_slice(&arguments);
        column.iter_mut().for_each(|x| *x = x.exp());
        black_box(&mut column);
    });
    compare("exp: four lanes / std, one at a time", four, one);

    // A metric with a long right tail, as cost per removal has: draws of a
    // lognormal 2 to 300 in random order, every 100th undefined (+∞).
    let tail = Sampler::new(&Distribution::LogNormal {
        low: 2.0,
        high: 300.0,
    });
    let mut rng = Rng::for_chunk(11, 0);
    let metric: Vec<f64> = (0..DRAWS)
        .map(|i| {
            let x = tail.draw(&mut rng);
            if i % 100 == 0 { f64::INFINITY } else { x }
        })
        .collect();
    let lanes = best_ns(|| {
        black_box(Moments::of(black_box(&metric)));
    });
    let single = best_ns(|| {
        black_box(one_running_sum(black_box(&metric)));
    });
    compare("moments of a column: 8 sums / 1", lanes, single);

    // The brackets a pilot guesses at 10⁷ draws: p5, p50 and p95, holding
    // about 1.2%, 2.8% and 1.2% of the draws (benches/README.md).
    let mut keys: Vec<u64> = metric.iter().map(|x| order_key(*x)).collect();
    keys.sort_unstable();
    let around = |q: f64, share: f64| {
        let at = |q: f64| keys[((q * DRAWS as f64) as usize).min(DRAWS - 1)];
        let (lo, hi) = (at(q - share / 2.0), at(q + share / 2.0));
        (lo, hi - lo)
    };
    let bounds = [around(0.05, 0.012), around(0.5, 0.028), around(0.95, 0.012)];
    let mut inside = Vec::new();
    let four_lanes = best_ns(|| {
        inside.clear();
        black_box(scan(black_box(&metric), bounds, 0, &mut inside));
    });
    let by_key = best_ns(|| {
        inside.clear();
        black_box(scan_by_key(black_box(&metric), bounds, 0, &mut inside));
    });
    compare(
        "brackets' scan: 4 draws at a time / by key",
        four_lanes,
        by_key,
    );
}

/// The mean and sum of squared deviations of the finite values as
/// `Moments::of` took them before it kept eight running sums: the same two
/// passes, each one chain of dependent additions.
fn one_running_sum(values: &[f64]) -> (f64, f64) {
    let origin = values
        .iter()
        .copied()
        .find(|x| x.is_finite())
        .unwrap_or(0.0);
    let (mut count, mut offsets) = (0u64, 0.0);
    for &x in values {
        if x.is_finite() {
            count += 1;
            offsets += x - origin;
        }
    }
    let mean = origin + offsets / count as f64;
    let m2 = values
        .iter()
        .filter(|x| x.is_finite())
        .map(|x| (x - mean) * (x - mean))
        .sum();
    (mean, m2)
}
