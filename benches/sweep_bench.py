#!/usr/bin/env python3
"""Benchmark `sweep` against the plain-Python peer, and time `breakeven` and `tornado`.

Usage:  python3 benches/sweep_bench.py [--binary target/release/costcalc] [--runs 3]
            [--removals 1000] [--funds 1000]

sweep:     `costcalc sweep benches/sweep-deal.toml --vary outcomes.removals=1:NR:1
           --vary cost[1].amount=1000000:NF*1000000:1000000 --format csv -o OUT.csv`
           (a fund + per-person fee deal, NR x NF rows) side by side with
           `python3 ../shared/bench/python_sweep.py NR NF OUT.csv`, runs
           alternating, each in its own process. Reports the median wall time of
           each, the ratio, and the peak resident memory of each (the child's
           ru_maxrss). Targets (issue 17): costcalc >= 5x faster, <= 64 MiB.
breakeven/tornado: one-off commands on a shipped scenario, start-up included:
           median wall time of RUNS runs. Target: a few milliseconds.

costcalc writes all 18 columns of `compare` per row (about 100 bytes), the peer
4 (about 40 bytes): the comparison is of the same grid, not of the same bytes.
Absolute times on a shared machine are noisy: read the ratios. Record results
in benches/README.md.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER = os.path.join(os.path.dirname(ROOT), "shared", "bench", "python_sweep.py")


def timed(argv):
    """(wall seconds, peak RSS in MiB) of one run of argv in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{stderr[-2000:]}")
    # ru_maxrss is in KiB on Linux.
    return wall, usage.ru_maxrss / 1024


def rows_of(path):
    with open(path, "rb") as fh:
        return sum(1 for _ in fh) - 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "costcalc"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--removals", type=int, default=1000)
    parser.add_argument("--funds", type=int, default=1000)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"no {args.binary}: run `cargo build --release` first")
    nr, nf = args.removals, args.funds
    deal = os.path.join(ROOT, "benches", "sweep-deal.toml")
    with tempfile.TemporaryDirectory() as tmp:
        ours_out = os.path.join(tmp, "costcalc.csv")
        peer_out = os.path.join(tmp, "python.csv")
        ours = [args.binary, "sweep", deal,
                "--vary", f"outcomes.removals=1:{nr}:1",
                "--vary", f"cost[1].amount=1000000:{nf * 1_000_000}:1000000",
                "--format", "csv", "-o", ours_out]
        peer = [sys.executable, PEER, str(nr), str(nf), peer_out]
        times = {"costcalc": [], "python": []}
        memory = {"costcalc": [], "python": []}
        for _ in range(args.runs):
            for name, argv in (("costcalc", ours), ("python", peer)):
                wall, rss = timed(argv)
                times[name].append(wall)
                memory[name].append(rss)
        rows = rows_of(ours_out)
        if rows != nr * nf or rows_of(peer_out) != nr * nf:
            sys.exit(f"expected {nr * nf} rows, costcalc wrote {rows}")
        size = os.path.getsize(ours_out) / 2**20
        c, p = statistics.median(times["costcalc"]), statistics.median(times["python"])
        print(f"sweep {nr:,} x {nf:,} = {rows:,} rows (median of {args.runs}, alternating)")
        print(f"  costcalc {c:7.3f} s  peak {max(memory['costcalc']):6.1f} MiB  "
              f"({size:.0f} MiB of CSV)")
        print(f"  python   {p:7.3f} s  peak {max(memory['python']):6.1f} MiB")
        print(f"  python / costcalc = {p / c:5.2f}x  (target >= 5x; memory target <= 64 MiB)")

    one_offs = [
        ("breakeven", [args.binary, "breakeven", os.path.join(ROOT, "scenarios", "uk-rwanda.toml"),
                       "--vary", "outcomes.removals", "--target", "cost_per_removal=106000"]),
        ("tornado", [args.binary, "tornado",
                     os.path.join(ROOT, "scenarios", "hypothetical-us-third-country-uncertain.toml"),
                     "--format", "csv"]),
    ]
    runs = max(args.runs, 5)
    for name, argv in one_offs:
        timed(argv)  # warm-up
        walls = [timed(argv)[0] for _ in range(runs)]
        print(f"{name:9} {statistics.median(walls) * 1000:6.1f} ms (median of {runs}, start-up included)")


if __name__ == "__main__":
    main()
