/*!
Analyses: what the numbers of a loaded scenario are.

[`evaluate`] turns a loaded scenario into an [`Entry`](evaluate::Entry), the
evaluated scenario; [`metrics`] computes cost per removal and the others, [`breakeven`] and
[`frontier`] switching values and incremental cost-effectiveness, and
[`simulate`] Monte Carlo over uncertain inputs (the one place `f64` is used),
[`sweep`] the metrics over a grid of input values, [`tornado`] one-way
sensitivity to each uncertain input, and [`sort`] orders
evaluated scenarios by a column.

May import `model`, `load`, `money` and the top-level `diagnostic`; never
`clap`, `render`, `commands` or `cli`. An analysis returns values or a typed
error: it never prints and never returns an exit code.
*/

pub mod bibliography;
pub mod breakeven;
pub mod evaluate;
pub mod frontier;
pub mod metrics;
pub mod simulate;
pub mod sort;
pub mod sweep;
pub mod tornado;
pub mod voi;
