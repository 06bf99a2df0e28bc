/*!
costcalc describing itself: `schema` (the JSON Schema of the scenario format,
for editors), `completions` (shell completion scripts), `man` (a roff man
page) and `help` (a command's help, or the scenario format manual, built into
the binary so that an installed costcalc has it without the source). The last two come from the clap definition, so they never drift from
the real options.
*/

use std::process::ExitCode;

use clap::CommandFactory;

use super::{FAILURE, SUCCESS, exit, print_error};
use crate::cli::Cli;
use crate::load::spec;
use crate::output;

/// docs/scenario-format.md, the manual of the scenario format.
pub const FORMAT_MANUAL: &str = include_str!("../../docs/scenario-format.md");

/// `costcalc help [TOPIC...]`: the format manual for `format`, else the long
/// help of the command named (the program's with none), as `--help` gives it.
pub fn help(topic: &[String]) -> ExitCode {
    if let [only] = topic
        && only == "format"
    {
        return finish(output::write_stdout(FORMAT_MANUAL.as_bytes()));
    }
    let mut cli = Cli::command();
    cli.build();
    let mut command = &mut cli;
    for name in topic {
        let known: Vec<String> = command
            .get_subcommands()
            .map(|sub| sub.get_name().to_string())
            .collect();
        match command.find_subcommand_mut(name) {
            Some(sub) => command = sub,
            None => {
                print_error(&format!(
                    "no help topic `{name}`: the topics are format, {}",
                    known.join(", ")
                ));
                return ExitCode::from(2);
            }
        }
    }
    let help = command.render_long_help().to_string();
    finish(output::write_stdout(help.as_bytes()))
}

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
