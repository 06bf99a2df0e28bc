//! The `costcalc` binary: everything lives in the library; see `costcalc::cli`.

fn main() -> std::process::ExitCode {
    // Without it, Ctrl-C mid-write would leave a hidden temporary file; a
    // failure to install it costs only that, so it is not worth refusing to run.
    let _ = costcalc::output::remove_temporary_files_on_interruption();
    costcalc::cli::run()
}
