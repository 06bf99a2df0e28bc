/*!
costcalc describing itself: `schema` (the JSON Schema of the scenario format,
for editors), `completions` (shell completion scripts) and `man` (a roff man
page). The last two come from the clap definition, so they never drift from
the real options.
*/

use std::process::ExitCode;

use clap::CommandFactory;

use super::{FAILURE, SUCCESS, exit, print_error};
use crate::cli::Cli;
use crate::load::spec;
use crate::output;

pub fn schema() -> ExitCode {
    finish(output::write_stdout(spec::schema_text().as_bytes()))
}

pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = Cli::command();
    let mut bytes = Vec::new();
    clap_complete::generate(shell, &mut command, "costcalc", &mut bytes);
    finish(output::write_stdout(&bytes))
}

pub fn man() -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(error) = clap_mangen::Man::new(Cli::command()).render(&mut bytes) {
        print_error(&format!("cannot render the man page: {error}"));
        return exit(FAILURE);
    }
    finish(output::write_stdout(&bytes))
}

fn finish(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => exit(SUCCESS),
        Err(error) => {
            print_error(&format!("cannot write the output: {error}"));
            exit(FAILURE)
        }
    }
}
