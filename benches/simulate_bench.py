#!/usr/bin/env python3
"""Benchmark `costcalc simulate` against squigglepy and Squiggle, side by side.

Usage:  python3 benches/simulate_bench.py [--install] [--runs 5] [--samples 1000000]
                                          [--memory-samples 10000000] [--shared ../shared]

The reference model of shared/bench/README.md is benches/reference-model.toml.
Each round runs, one after the other, the whole process of:

    costcalc simulate benches/reference-model.toml -n N --seed 42 --format csv -o /dev/null
    python3 shared/bench/squigglepy_model.py N 42
    node shared/bench/squiggle_model.mjs N 42

and prints the median wall time and peak memory (max RSS, from the kernel's
accounting of each child, not sampling) of each, the ratios, and whether the
targets of issue 18 hold: at 1,000,000 draws costcalc at least 20x faster
than squigglepy and 30x faster than Squiggle; at 10,000,000 (--memory-samples)
at least 10x faster than squigglepy and at most 64 MiB; at 100,000,000
(--large-samples) at most 64 MiB, with the time. It also prints each tool's
cost per removal percentiles, which must agree within sampling error, and a
table of costcalc's time and memory from 10^5 to 10^8 draws (--table).

--install installs the peers first, into target/bench-peers/ (pip --target and
npm --prefix; nothing is installed system-wide). Without it, peers already
there (or importable) are used, and a missing peer is reported and skipped.

Absolute times on shared machines are noisy: read the ratios.
"""
import argparse
import csv as csv_module
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "target", "bench-peers")
PY_PEERS = os.path.join(PEERS, "python")
NODE_PEERS = os.path.join(PEERS, "node")
SQUIGGLE = os.path.join(NODE_PEERS, "node_modules", "@quri", "squiggle-lang", "dist", "index.js")
MODEL = os.path.join(ROOT, "benches", "reference-model.toml")


def install():
    os.makedirs(PY_PEERS, exist_ok=True)
    os.makedirs(NODE_PEERS, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", PY_PEERS,
                    "squigglepy"], check=True)
    subprocess.run(["npm", "install", "--silent", "--prefix", NODE_PEERS, "@quri/squiggle-lang"],
                   check=True)


def run_with_rusage(command, env=None):
    """(wall seconds, peak RSS MiB, stdout) measured with wait4."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=env, cwd=ROOT)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {status}")
    return wall, usage.ru_maxrss / 1024, out.decode(errors="replace")


def alternate(commands, runs, env):
    """Runs each of `commands` (name -> argv) in turn, `runs` rounds, so that
    the machine's load falls on all alike; returns (walls, peaks) by name."""
    walls = {name: [] for name in commands}
    peaks = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            wall, rss, _ = run_with_rusage(command, env)
            walls[name].append(wall)
            peaks[name].append(rss)
    return walls, peaks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--memory-samples", type=int, default=10_000_000)
    parser.add_argument("--large-samples", type=int, default=100_000_000)
    parser.add_argument("--memory-runs", type=int, default=3)
    parser.add_argument("--no-table", action="store_true")
    parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    args = parser.parse_args()
    if args.install:
        install()
    bench = os.path.join(args.shared, "bench")
    costcalc = os.path.join(ROOT, "target", "release", "costcalc")
    if not os.path.exists(costcalc):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)

    env = dict(os.environ)
    env["PYTHONPATH"] = PY_PEERS + os.pathsep + env.get("PYTHONPATH", "")
    env["SQUIGGLE_LANG"] = SQUIGGLE
    n = str(args.samples)
    tools = {
        "costcalc simulate": [costcalc, "simulate", MODEL, "-n", n, "--seed", "42",
                              "--format", "csv", "-o", "/dev/null"],
        "squigglepy": [sys.executable, os.path.join(bench, "squigglepy_model.py"), n, "42"],
        "Squiggle": ["node", os.path.join(bench, "squiggle_model.mjs"), n, "42"],
    }
    available = {}
    for name, command in tools.items():
        try:
            run_with_rusage(command[:3] + (["-n", "1000", "--seed", "1", "--format", "csv", "-o",
                                            "/dev/null"] if name.startswith("costcalc")
                                           else ["1000", "42"]), env)
            available[name] = command
        except Exception as error:  # a missing peer is skipped, not fatal
            print(f"skipping {name}: {error} (run with --install)", file=sys.stderr)
    times, memory = alternate(available, args.runs, env)

    print(f"reference model, {args.samples:,} samples, median of {args.runs} rounds "
          f"(whole process, tools alternating)")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name in available:
        print(f"  {name:<18} {medians[name] * 1000:8.1f} ms   peak {max(memory[name]):7.1f} MiB")
    ours = medians.get("costcalc simulate")
    targets = {"squigglepy": 20, "Squiggle": 30}
    for peer, target in targets.items():
        if ours and peer in medians:
            speedup = medians[peer] / ours
            verdict = "met" if speedup >= target else "NOT met"
            print(f"  costcalc is {speedup:5.1f}x faster than {peer}   target >= {target}x: {verdict}")

    # Agreement: cost per removal percentiles of each tool at N samples.
    print("cost per removal at the same N (seed 42; each tool its own generator):")
    csv = run_with_rusage(available["costcalc simulate"][:-2] + ["-o", "-"], env)[2] \
        if "costcalc simulate" in available else ""
    for row in csv_module.DictReader(csv.splitlines()):
        if row.get("metric") == "cost_per_removal":
            print(f"  costcalc    mean={float(row['mean']):.4f} p5={float(row['p5']):.4f} "
                  f"p50={float(row['p50']):.4f} p95={float(row['p95']):.4f}")
    for name in ("squigglepy", "Squiggle"):
        if name in available:
            out = run_with_rusage(available[name], env)[2]
            match = re.search(r"cost_per_removal (mean=.*)", out)
            print(f"  {name:<11} {match.group(1) if match else out.strip()}")

    def with_n(command, samples):
        command = list(command)
        if "-n" in command:
            command[command.index("-n") + 1] = str(samples)
        else:
            command[-2] = str(samples)
        return command

    # 10 million draws: costcalc against squigglepy (Squiggle runs out of
    # memory there), median of --memory-runs rounds; costcalc at most 64 MiB.
    if "costcalc simulate" in available:
        big = {name: with_n(available[name], args.memory_samples)
               for name in ("costcalc simulate", "squigglepy") if name in available}
        walls, peaks = alternate(big, args.memory_runs, env)
        print(f"reference model, {args.memory_samples:,} draws, median of {args.memory_runs}")
        for name in big:
            print(f"  {name:<18} {statistics.median(walls[name]):8.2f} s    "
                  f"peak {max(peaks[name]):7.1f} MiB")
        ours = statistics.median(walls["costcalc simulate"])
        rss = max(peaks["costcalc simulate"])
        if "squigglepy" in big:
            speedup = statistics.median(walls["squigglepy"]) / ours
            print(f"  costcalc is {speedup:5.1f}x faster than squigglepy   target >= 10x: "
                  f"{'met' if speedup >= 10 else 'NOT met'}")
        print(f"  costcalc peak {rss:.1f} MiB   target <= 64 MiB: "
              f"{'met' if rss <= 64 else 'NOT met'}")

        wall, rss, _ = run_with_rusage(with_n(available["costcalc simulate"],
                                              args.large_samples), env)
        print(f"costcalc at {args.large_samples:,} draws: {wall:.2f} s, peak {rss:.1f} MiB   "
              f"target <= 64 MiB: {'met' if rss <= 64 else 'NOT met'}")

        if not args.no_table:
            print("costcalc, time and memory against draws (one run each):")
            print("| draws | time | peak memory | ns a draw (wall) |")
            print("| --- | --- | --- | --- |")
            for exponent in range(5, 9):
                samples = 10 ** exponent
                wall, rss, _ = run_with_rusage(with_n(available["costcalc simulate"], samples),
                                               env)
                print(f"| 10^{exponent} | {wall:.3f} s | {rss:.1f} MiB | "
                      f"{wall / samples * 1e9:.0f} |")


if __name__ == "__main__":
    main()
