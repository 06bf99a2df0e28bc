#!/usr/bin/env python3
"""The CSV writers, two builds side by side: an older costcalc and this one.

Usage:  python3 benches/csv_bench.py --before /tmp/old-costcalc [--after target/release/costcalc]
                                     [--runs 11] [--count 10000] [--draws 1000000]
                                     [--shared ../shared] [CASE...]

CASE is compare, samples or sweep (all three by default).

Every CSV of costcalc goes through the `csv` crate since issue 17; this
measures what that costs where CSV is most of the work, with the peer of
../shared/bench in the same run where there is one:

- compare: COUNT one-line scenarios (compare_bench.py's files) to a CSV file,
  beside `python_compare.py` on the same deals;
- samples: `simulate benches/reference-model.toml -n DRAWS --samples FILE`,
  every draw of every input and metric streamed as a CSV row (about 8 rows a
  draw);
- sweep: a 100 x 100 grid of `scenarios/us-rwanda.toml` (10,000 rows) to a file.

The builds run alternately, RUNS times each after one untimed warm-up, and
their outputs are checked to be byte-identical (the draws too: same seed).
Prints median wall time, peak memory and the after/before ratio of each.
"""
import argparse
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_bench import ROOT, convert, run  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default=os.path.join(ROOT, "target", "release", "costcalc"))
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    parser.add_argument("cases", nargs="*", metavar="CASE")
    args = parser.parse_args()
    unknown = set(args.cases) - {"compare", "samples", "sweep"}
    if unknown:
        parser.error(f"unknown case {', '.join(sorted(unknown))}: compare, samples or sweep")
    bench = os.path.join(args.shared, "bench")

    with tempfile.TemporaryDirectory() as work:
        flat, ours = os.path.join(work, "flat"), os.path.join(work, "ours")
        subprocess.run(
            [sys.executable, os.path.join(bench, "gen_scenarios.py"), flat, str(args.count)],
            check=True, stdout=subprocess.DEVNULL,
        )
        convert(flat, ours)
        out = lambda name: os.path.join(work, name)  # noqa: E731
        model = os.path.join(ROOT, "benches", "reference-model.toml")
        sweep_file = os.path.join(ROOT, "scenarios", "us-rwanda.toml")
        cases = {
            "compare": lambda b, o: [b, "compare", ours, "--format", "csv", "--output", o],
            "samples": lambda b, o: [b, "simulate", model, "-n", str(args.draws), "--seed", "42",
                                     "--samples", o, "--output", os.devnull],
            "sweep": lambda b, o: [b, "sweep", sweep_file, "--vary", "outcomes.removals=1:100:1",
                                   "--vary", "cost[1].amount=1000000:100000000:1000000",
                                   "--format", "csv", "--output", o],
        }
        peers = {
            "compare": lambda o: [sys.executable, os.path.join(bench, "python_compare.py"), flat, o],
        }
        print(f"{'case':<8} {'build':<7} {'median s':>9} {'peak MiB':>9}")
        for case, argv in cases.items():
            if args.cases and case not in args.cases:
                continue
            builds = {"before": args.before, "after": args.after}
            times = {name: [] for name in builds}
            memory = {name: 0.0 for name in builds}
            if case in peers:
                times["python"], memory["python"] = [], 0.0
            for i in range(args.runs + 1):
                for name in times:
                    command = (
                        peers[case](out(f"{case}-{name}.csv"))
                        if name == "python"
                        else argv(builds[name], out(f"{case}-{name}.csv"))
                    )
                    wall, rss = run(command)
                    if i > 0:  # the first round warms the caches
                        times[name].append(wall)
                        memory[name] = max(memory[name], rss)
            same = filecmp.cmp(out(f"{case}-before.csv"), out(f"{case}-after.csv"), shallow=False)
            medians = {name: statistics.median(t) for name, t in times.items()}
            for name in times:
                print(f"{case:<8} {name:<7} {medians[name]:>9.3f} {memory[name]:>9.1f}")
            ratio = medians["after"] / medians["before"]
            line = f"{case:<8} after/before {ratio:.2f}, outputs {'identical' if same else 'DIFFER'}"
            if "python" in medians:
                line += f"; python/after {medians['python'] / medians['after']:.1f}x"
            print(line)


if __name__ == "__main__":
    main()
