/*!
costcalc: the cost-effectiveness of migration deals, computed exactly.

The engine behind the `costcalc` command line, laid out in the order data flows:

- [`scenario`]: the scenario file format (types, parsing, validation,
  distributions, `extends` and `--set`, and the key table behind `costcalc
  schema`);
- [`diagnostic`]: problems in a file, and how they are shown;
- [`rounding`]: the one rounding rule (half away from zero), below everything
  that rounds;
- [`metrics`]: cost per removal and the other metrics, as pure functions;
- [`rates`] and [`convert`]: exchange rates and price indices, and moving a
  scenario's money to one currency and price year;
- [`discount`]: present values of payments made in different years;
- [`breakeven`] and [`frontier`]: switching values and incremental
  cost-effectiveness, as pure functions;
- [`simulate`]: Monte Carlo over uncertain inputs (the one place `f64` is used);
- [`chart`]: SVG charts, as pure functions of computed numbers;
- [`input`]: turning command-line paths (or the built-in scenarios) into files;
- [`export`]: one exporter per output format (table, CSV, JSON, Markdown), and
  `records` for the other tables;
- [`files`]: the files a run reads and writes, by identity, so no output lands
  on an input;
- [`output`]: writing results atomically, never over an input;
- [`commands`]: one module per subcommand;
- [`cli`]: the command-line definition and [`cli::run`], which `main` calls.
*/

pub mod breakeven;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod convert;
pub mod diagnostic;
pub mod discount;
pub mod export;
pub mod files;
pub mod frontier;
pub mod input;
pub mod metrics;
pub mod output;
pub mod rates;
pub mod rounding;
pub mod scenario;
pub mod simulate;
#[cfg(test)]
mod test_support;
