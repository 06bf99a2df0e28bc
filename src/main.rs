//! The `costcalc` binary: everything lives in the library; see `costcalc::cli`.

fn main() -> std::process::ExitCode {
    costcalc::cli::run()
}
