#!/usr/bin/env python3
"""Benchmark `costcalc compare` against the plain-Python baseline, side by side.

Usage:  python3 benches/compare_bench.py [--count 10000] [--runs 21] [--shared ../shared]
                                         [--binary PATH] [--also OLD_BINARY]

1. Generates COUNT flat scenarios with the baseline's own generator
   (shared/bench/gen_scenarios.py) and converts each into the same deal in
   costcalc's format, copying every number's text as written.
2. Runs `python3 python_compare.py DIR out.csv` and
   `costcalc compare DIR --format csv --output out.csv` alternately, RUNS times
   each (same work: read every file, compute, sort, write CSV), after one
   untimed warm-up of each. With --also, an older costcalc build takes its
   turn in the same alternation, for a before/after measured in one run.
3. Prints the median wall time and peak memory (max RSS) of each, the ratio, and
   whether the targets hold: costcalc at most 1/10 of the baseline's wall time,
   peak memory at most 50 MiB.

Absolute times on shared machines are noisy: read the ratio. Peak memory comes
from the kernel's accounting of each child process (wait4), not from sampling.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def convert(flat_dir, costcalc_dir):
    """Flat baseline files -> costcalc scenarios with the same numbers."""
    os.makedirs(costcalc_dir, exist_ok=True)
    for name in sorted(os.listdir(flat_dir)):
        if not name.endswith(".toml"):
            continue
        with open(os.path.join(flat_dir, name), encoding="utf-8") as fh:
            # Keep each value's source text: total_cost must not pass through a float.
            values = dict(re.findall(r"^(\w+) = (.*)$", fh.read(), re.M))
        text = (
            f"name = {values['name']}\n"
            f"currency = {values['currency']}\n"
            "\n[[cost]]\n"
            'item = "Total cost"\n'
            f"amount = {values['total_cost']}\n"
            "\n[outcomes]\n"
            f"removals = {values['removals_executed']}\n"
            f"planned = {values['planned_capacity']}\n"
            f"attempted = {values['flights_scheduled']}\n"
            f"blocked = {values['flights_blocked']}\n"
        )
        with open(os.path.join(costcalc_dir, name), "w", encoding="utf-8") as fh:
            fh.write(text)


def run(argv):
    """Wall seconds and peak RSS (MiB) of one run of argv, output discarded."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        process = subprocess.Popen(argv, stdout=devnull, stderr=devnull)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} exited with {code}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    # A costcalc run is ~50 ms on two cores, so a moment's pause on a shared
    # machine moves it far more than it moves Python's ~600 ms on one: with 7
    # or 11 runs the median of the short runs still jumps from run to run.
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "costcalc"))
    parser.add_argument("--also", metavar="OLD_BINARY",
                        help="another costcalc build (e.g. the commit before a change) to run alongside")
    args = parser.parse_args()

    bench = os.path.join(os.path.abspath(args.shared), "bench")
    if not os.path.isdir(bench):
        sys.exit(f"cannot find the peer benchmarks in {bench} (use --shared)")
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)

    work = tempfile.mkdtemp(prefix="costcalc-bench-")
    try:
        flat, ours = os.path.join(work, "flat"), os.path.join(work, "costcalc")
        subprocess.run([sys.executable, os.path.join(bench, "gen_scenarios.py"), flat, str(args.count)],
                       check=True, stdout=subprocess.DEVNULL)
        convert(flat, ours)
        baseline = [sys.executable, os.path.join(bench, "python_compare.py"), flat, os.path.join(work, "py.csv")]
        costcalc = [args.binary, "compare", ours, "--format", "csv", "--output", os.path.join(work, "rs.csv")]
        commands = [("python", baseline), ("costcalc", costcalc)]
        if args.also:
            also_csv = os.path.join(work, "also.csv")
            commands.append(("also", [args.also, "compare", ours, "--format", "csv", "--output", also_csv]))

        for _, argv in commands:
            run(argv)
        times = {label: [] for label, _ in commands}
        memory = {label: [] for label, _ in commands}
        for _ in range(args.runs):
            for label, argv in commands:
                wall, rss = run(argv)
                times[label].append(wall)
                memory[label].append(rss)

        with open(os.path.join(work, "rs.csv"), encoding="utf-8") as fh:
            rows = sum(1 for _ in fh) - 1
        if rows != args.count:
            sys.exit(f"costcalc wrote {rows} rows, expected {args.count}")

        py_time, rs_time = statistics.median(times["python"]), statistics.median(times["costcalc"])
        rs_peak = max(memory["costcalc"])
        ratio = rs_time / py_time
        print(f"compare over {args.count} scenario files, median of {args.runs} alternating runs")
        print(f"  python_compare.py  {py_time * 1000:8.1f} ms   peak {max(memory['python']):6.1f} MiB")
        print(f"  costcalc compare   {rs_time * 1000:8.1f} ms   peak {rs_peak:6.1f} MiB")
        print(f"  time ratio costcalc/python = {ratio:.3f} (1/{1 / ratio:.1f})   target <= 0.100: "
              f"{'met' if ratio <= 0.1 else 'NOT met'}")
        print(f"  peak memory {rs_peak:.1f} MiB   target <= 50 MiB: {'met' if rs_peak <= 50 else 'NOT met'}")
        # The machines are shared and noisy: the fastest runs show the spread.
        best = min(times["costcalc"]) / min(times["python"])
        print(f"  fastest runs: python {min(times['python']) * 1000:.1f} ms, costcalc "
              f"{min(times['costcalc']) * 1000:.1f} ms, ratio {best:.3f} (for information; the target uses medians)")
        if args.also:
            with open(os.path.join(work, "rs.csv"), "rb") as new, open(also_csv, "rb") as old:
                same = new.read() == old.read()
            also_time = statistics.median(times["also"])
            print(f"  {args.also}: {also_time * 1000:8.1f} ms   peak {max(memory['also']):6.1f} MiB   "
                  f"ratio to python {also_time / py_time:.3f}   costcalc/it {rs_time / also_time:.3f}   "
                  f"same CSV: {'yes' if same else 'NO'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
