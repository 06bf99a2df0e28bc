#!/usr/bin/env bash
# Fuzzes scenario parsing, validation, every metric and sampling with
# cargo-fuzz (libFuzzer), seeded with the shipped scenarios and the broken ones
# in tests/bad/.
#
#   scripts/fuzz.sh [SECONDS]      (default 600)
#
# Runs on the stable toolchain: cargo-fuzz needs nightly features, which
# RUSTC_BOOTSTRAP=1 unlocks. Installs cargo-fuzz if it is missing. A crash is
# written to fuzz/artifacts/scenario/; turn it into a regression test in
# tests/bad/ (or tests/integration/robustness.rs) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
corpus=fuzz/corpus/scenario
mkdir -p "$corpus"
cp scenarios/*.toml tests/bad/*.toml tests/fixtures/*.toml "$corpus"/
export RUSTC_BOOTSTRAP=1
cargo fuzz run scenario "$corpus" -- -max_total_time="$seconds" -max_len=65536 -timeout=10
