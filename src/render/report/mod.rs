/*!
The report of `costcalc report`, as pure functions of values computed before:
[`markdown`] from the evaluated scenarios, and [`html`] from them and the
[`html::Figures`] the command computed (simulations, tornadoes, the frontier).
Both end with the definitions of the metrics in [`METRICS`].
*/

pub mod html;
pub mod markdown;

/// The metrics, as the README defines them.
pub const METRICS: [(&str, &str); 8] = [
    (
        "removals",
        "outcomes.removals when given (observed); otherwise planned × (1 − block_probability) (expected)",
    ),
    (
        "total cost",
        "fixed costs + each per-year cost × its years + the per-removal costs × removals",
    ),
    (
        "cost per removal",
        "total cost ÷ removals; n/a when removals is 0 or unknown",
    ),
    ("capacity used (utilization)", "removals ÷ planned"),
    ("blocked by courts (block_rate)", "blocked ÷ attempted"),
    (
        "court rulings that blocked (legal_blocks)",
        "the number of court events whose outcome is blocked",
    ),
    (
        "cost vs baseline (cost_ratio_to_baseline)",
        "cost per removal ÷ the baseline's cost per person",
    ),
    (
        "break-even removals",
        "the smallest whole number of removals at which cost per removal falls to the baseline",
    ),
];
