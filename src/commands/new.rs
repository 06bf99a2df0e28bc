/*!
`costcalc new`: starts a scenario file, from a commented template (every key
explained, status hypothetical) or as a copy of a shipped scenario to edit.
Never overwrites a file.
*/

use std::path::Path;
use std::process::ExitCode;

use super::{FAILURE, SUCCESS, exit, print_error, print_note};
use crate::diagnostic::closest;
use crate::load::paths::{builtin_named, builtin_names};
use crate::output;

/// The template: valid as it stands (a test checks), every key explained.
pub const STARTER: &str = include_str!("../../data/starter.toml");

pub fn run(file: &Path, from: Option<&str>) -> ExitCode {
    let text = match from {
        None => STARTER,
        Some(name) => {
            let wanted = name.trim_end_matches(".toml");
            match builtin_named(name) {
                Some((_, text)) => text,
                None => {
                    let names: Vec<&str> = builtin_names().collect();
                    let hint = match closest(wanted, names.iter().copied()) {
                        Some(near) => format!("did you mean {near}?"),
                        None => format!("the shipped scenarios are: {}", names.join(", ")),
                    };
                    print_error(&format!(
                        "there is no shipped scenario called {name}; {hint}"
                    ));
                    return exit(FAILURE);
                }
            }
        }
    };
    if let Err(error) = output::write_new_file(file, text.as_bytes()) {
        print_error(&error.to_string());
        return exit(FAILURE);
    }
    print_note(&format!(
        "wrote {}; edit it, then `costcalc check {}`",
        file.display(),
        file.display()
    ));
    if let Some(parent) = text.lines().find_map(|l| l.strip_prefix("extends = ")) {
        print_note(&format!(
            "it extends {parent}: copy that scenario next to it too (costcalc new FILE --from {})",
            parent.trim_matches('"').trim_end_matches(".toml")
        ));
    }
    exit(SUCCESS)
}
