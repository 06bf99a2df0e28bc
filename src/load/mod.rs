/*!
Loading: text → [`model`](crate::model), with every problem as a
[`Diagnostic`](crate::diagnostic::Diagnostic).

The only layer that reads scenario TOML: [`parse`] checks one file,
[`compose()`] follows `extends` and applies `--set`, [`input`] sets a typed
value by its `PATH` under the same rules as a value in a file, [`spec`] is
the key table behind `costcalc schema`, [`paths`] turns command-line paths
(or the built-in scenarios) into files, and [`rates`] reads the rate tables.

May import `model`, `money` and the top-level `diagnostic` and `files`; never
`clap`, `render`, `commands` or `cli`, and it never prints.
*/

pub mod compose;
pub mod document;
pub mod input;
pub mod number;
mod parse;
pub mod paths;
pub mod rates;
pub mod review;
mod rules;
pub mod spec;

pub use compose::{Composed, Override, compose};
pub use input::{Address, Field};
pub use parse::{Provenance, exact_decimal, parse};
