/*!
costcalc: the cost-effectiveness of migration deals, computed exactly.

The engine behind the `costcalc` command line, in layers laid out in the order
data flows. Each layer imports only the layers above it in this list and the
top-level helpers; `load`, which reads rate files into `money`'s table, and
`model`, which uses `money`'s one rounding rule, are the two exceptions.
`tests/integration/layers.rs` holds them to it.

- [`model`]: the types of a scenario (costs, outcomes, dates, currencies,
  distributions), with no way in from text;
- [`load`]: text → model, every problem a [`diagnostic`]; the only code that
  reads scenario TOML, including `extends`, `--set` and the typed setter
  behind `--vary`;
- [`money`]: exact checked arithmetic on amounts: rounding, rates,
  conversion to one currency and price year, discounting;
- [`analysis`]: evaluating a scenario (metrics, breakeven, frontier,
  Monte Carlo); values or typed errors, never printing;
- [`render`]: computed values → bytes (table, CSV, JSON, Markdown, SVG,
  `show`'s text);
- [`commands`]: one module per subcommand: arguments → load → analysis →
  render → [`output`];
- [`cli`]: the command-line definition and [`cli::run`], which `main` calls.

Beside them: [`diagnostic`] (problems in a file, and how they are shown),
[`files`] (the files a run reads and writes, by identity, so no output lands
on an input) and [`output`] (writing results atomically, never over an input).
*/

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod files;
pub mod load;
pub mod model;
pub mod money;
pub mod output;
pub mod render;
#[cfg(test)]
mod test_support;
