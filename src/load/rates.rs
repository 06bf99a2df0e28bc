/*!
The exchange rates and price indices: the table built into the binary plus
the `--rates` files, read with every problem in them.
*/

use std::path::PathBuf;

use crate::diagnostic::FileReport;
use crate::money::rates::{DEFAULT_TABLE, DEFAULT_TABLE_NAME, Rates};

/// The built-in table plus `files` (later ones adding to or overriding
/// earlier ones), or the problems of every file that has some.
pub fn table(files: &[PathBuf]) -> Result<Rates, Vec<FileReport>> {
    let mut problems = Vec::new();
    let mut rates = Rates::builtin().unwrap_or_else(|diagnostics| {
        problems.push(FileReport::new(
            DEFAULT_TABLE_NAME,
            DEFAULT_TABLE,
            diagnostics,
        ));
        Rates::default()
    });
    for file in files {
        let text = match super::paths::read(file) {
            Ok(source) => source.text,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let name = file.display().to_string();
        if let Err(diagnostics) = rates.add_file(&name, &text) {
            problems.push(FileReport::new(name, text, diagnostics));
        }
    }
    if problems.is_empty() {
        Ok(rates)
    } else {
        Err(problems)
    }
}
