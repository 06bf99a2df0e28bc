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
  `show`'s text, the HTML and Markdown reports);
- [`commands`]: one module per subcommand: arguments → load → analysis →
  render → [`output`];
- [`cli`]: the command-line definition and [`cli::run`], which `main` calls.

# Using the engine

The public path is: load a scenario (from a string with [`load::parse`], from
files with [`load::paths::load`], which follows `extends`), evaluate it
([`analysis::evaluate::evaluate`], or [`analysis::evaluate::metrics_with`] to
change some inputs first, by the `PATH`s of `--set`), run an analysis on it
([`analysis::sweep`], [`analysis::breakeven`], [`analysis::tornado`],
[`analysis::frontier`], [`analysis::simulate`]) and read a metric from the
result. A sweep of one input, by hand:

```
use costcalc::analysis::evaluate::{Adjustments, metrics_with};
use costcalc::analysis::sweep::Vary;
use costcalc::load::{Address, parse};
use rust_decimal::Decimal;

// A fund of 1,000,000 plus a fee of 20,000 for each person removed.
let mut scenario = parse(
    r#"
name = "A fund and a fee"
currency = "GBP"
[[cost]]
item = "Fund"
amount = 1_000_000
[[cost]]
item = "Fee"
amount = 20_000
basis = "per_removal"
[outcomes]
removals = 100
"#,
)
.expect("a valid scenario");

// Read once; each value of the sweep is set on the typed scenario under the
// rules a value in the file obeys (a negative count would be refused).
let removals = Address::parse("outcomes.removals").expect("a path");
let values = Vary::parse("outcomes.removals=50:200:50").unwrap().values().unwrap();
let mut cost_per_removal = Vec::new();
for value in values {
    let metrics = metrics_with(&mut scenario, &[(&removals, value)], &Adjustments::default())
        .expect("metrics");
    cost_per_removal.push(metrics.cost_per_removal.unwrap());
}
// (1,000,000 + 20,000 × n) ÷ n for n = 50, 100, 150, 200:
// 40,000; 30,000; 26,666.67 (to the cent); 25,000.
assert_eq!(cost_per_removal[0], Decimal::from(40_000));
assert_eq!(cost_per_removal[1], Decimal::from(30_000));
assert_eq!(cost_per_removal[2].round_dp(2), Decimal::new(2_666_667, 2));
assert_eq!(cost_per_removal[3], Decimal::from(25_000));
```

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
