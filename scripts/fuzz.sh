#!/usr/bin/env bash
# Fuzzes costcalc with cargo-fuzz (libFuzzer), one target after another:
#
#   scenario      any bytes as a scenario file: parsing, validation, every
#                 metric, sampling and the break-even parts;
#   command_line  any text as a command line (one argument a line): clap and
#                 every value parser, then --set, --vary and --target applied
#                 to a real and an uncertain scenario, and the break-even solver;
#   exporters     any bytes as a scenario, rendered by every exporter, `show`
#                 and the HTML and Markdown reports, each checked for what its
#                 format promises (CSV and JSON parse back, no script in HTML).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   (default 600 seconds, every target)
#
# e.g. `scripts/fuzz.sh 60 exporters`. Each target runs for SECONDS, seeded
# with the shipped scenarios, the broken ones in tests/bad/ and the fixtures
# (command_line: command lines using every option that takes a value).
# Runs on the stable toolchain: cargo-fuzz needs nightly features, which
# RUSTC_BOOTSTRAP=1 unlocks. Installs cargo-fuzz from crates.io if it is
# missing. A crash is written to fuzz/artifacts/TARGET/; turn it into a
# regression test (tests/bad/ or tests/integration/robustness.rs) before
# fixing it, and replay it with `cargo fuzz run TARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario command_line exporters)
fi
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

seed_command_lines() {
  # One argument a line, as the target reads them.
  local corpus="$1" n=0 line
  while IFS= read -r line; do
    n=$((n + 1))
    tr ' ' '\n' <<<"$line" >"$corpus/example-$n"
  done <<'LINES'
compare scenarios/uk-rwanda.toml --set outcomes.removals=600 --set cost[1].amount=25000
compare --currency USD --price-year 2024 --discount-rate 3.5 --base-year 2024
compare --set baseline.cost_per_person=120000 --set outcomes.block_probability=0.4
compare --set cost[2]= --sort cost_per_removal --reverse --format csv
sweep scenarios/us-rwanda.toml --vary outcomes.removals=0:250:25
sweep x.toml --vary cost[1].amount=5000000:15000000:2500000 --vary outcomes.removals=50:250:50
sweep x.toml --vary outcomes.block_probability=0:1:0.1
breakeven x.toml --vary outcomes.removals --target cost_per_removal=106000
breakeven x.toml --vary outcomes.block_probability --target cost_ratio_to_baseline=1
breakeven x.toml --vary cost[1].amount --target utilization=50%
frontier x.toml --wtp 14559 --reference builtin:uk-rwanda.toml
simulate x.toml -n 1000 --seed 7 --threshold 0:50000:10000 --samples draws.csv
simulate x.toml --draws 20000000 --threshold 33333.333333333333333333333333
tornado x.toml --metric total_cost --format json
report x.toml --draws 1000 --seed 42 --format markdown -o r.md
chart histogram x.toml --draws 100 --seed 1 -o h.svg
LINES
}

for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    scenario | exporters)
      cp scenarios/*.toml tests/bad/*.toml tests/fixtures/*.toml benches/*.toml "$corpus"/
      ;;
    command_line)
      seed_command_lines "$corpus"
      ;;
    *)
      echo "unknown target $target: scenario, command_line or exporters" >&2
      exit 2
      ;;
  esac
  echo "== fuzzing $target for $seconds s"
  cargo fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -max_len=65536 -timeout=10
done
