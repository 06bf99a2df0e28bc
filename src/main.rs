//! The `costcalc` binary: everything lives in the library; see `costcalc::cli`.

// Parsing ten thousand scenarios on every core makes millions of small
// allocations; mimalloc's per-thread heaps make `compare` over a folder
// markedly faster than the system allocator (benches/compare_bench.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    costcalc::cli::run()
}
