//! The `costcalc` binary: everything lives in the library; see `costcalc::cli`.

// Parsing ten thousand scenarios on every core makes millions of small
// allocations; mimalloc's per-thread heaps make `compare` over a folder
// markedly faster than the system allocator (benches/compare_bench.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Without it, Ctrl-C mid-write would leave a hidden temporary file; a
    // failure to install it costs only that, so it is not worth refusing to run.
    let _ = costcalc::output::remove_temporary_files_on_interruption();
    costcalc::cli::run()
}
