/*!
costcalc: the cost-effectiveness of migration deals, computed exactly.

The engine behind the `costcalc` command line, laid out in the order data flows:

- [`scenario`]: the scenario file format (types, parsing, validation, and
  `extends` and `--set`);
- [`diagnostic`]: problems in a file, and how they are shown;
- [`metrics`]: cost per removal and the other metrics, as pure functions;
- [`rates`] and [`convert`]: exchange rates and price indices, and moving a
  scenario's money to one currency and price year;
- [`discount`]: present values of payments made in different years;
- [`breakeven`] and [`frontier`]: switching values and incremental
  cost-effectiveness, as pure functions;
- [`input`]: turning command-line paths (or the built-in scenarios) into files;
- [`export`]: one exporter per output format (table, CSV, JSON, Markdown);
- [`commands`]: `compare`, `show`, `check`, `sweep`, `breakeven`, `frontier`
  and `rates`;
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
pub mod frontier;
pub mod input;
pub mod metrics;
pub mod output;
pub mod rates;
pub mod scenario;
pub mod simulate;
