#!/usr/bin/env python3
"""Benchmark the paths that were quadratic (issue 16): extends, tornado, frontier, hints.

Usage:  python3 benches/linear_bench.py [extends|tornado|frontier|hints ...]
            [--binary target/release/costcalc] [--runs 3] [--quick]

Each part generates its inputs into a temporary folder, runs the release
binary on them (output discarded, after one untimed warm-up at the smallest
size), and prints the median wall time of RUNS runs and the ratio its target
is stated in:

- extends:  a child that only `extends` a parent of N cost lines, against the
            parent alone (`compare FILE --format csv`), N = 10,000 and 100,000.
            Target: the child within 3x the parent.
- tornado:  `tornado FILE --format csv` on N uncertain cost lines, N = 1,000,
            3,000 and 10,000. Target: 10,000 lines in seconds.
- frontier: `frontier DIR` against `compare DIR` on N one-line files,
            N = 10,000 and 100,000. Target: within 5x compare.
- hints:    `check FILE` on 3,000 lines citing 3,000 unknown source ids (and
            3,000 known ones): bytes of stderr and time.

--quick runs only the smaller sizes. Absolute times on a shared machine are
noisy: read the ratios. Record results in benches/README.md.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(argv, expect=(0,)):
    """(wall seconds, bytes of stderr) of one run of argv; stdout discarded."""
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if result.returncode not in expect:
        sys.exit(f"{' '.join(argv)} exited with {result.returncode}:\n"
                 f"{result.stderr[-2000:].decode(errors='replace')}")
    return wall, len(result.stderr)


def median_time(argv, runs, expect=(0,)):
    return statistics.median(run(argv, expect)[0] for _ in range(runs))


def lines_file(path, count, uncertain=False):
    """A scenario of COUNT cost lines (amounts uncertain if asked)."""
    parts = ['name = "Many lines"\ncurrency = "USD"\n']
    for i in range(count):
        amount = (f"{{ low = {1000 + i}, high = {2000 + 3 * i} }}" if uncertain
                  else f"{1000 + i}.50")
        parts.append(f'[[cost]]\nitem = "Line {i}"\namount = {amount}\n')
    parts.append("[outcomes]\nremovals = 250\nplanned = 300\n")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("".join(parts))


def extends(binary, runs, sizes, tmp):
    print("extends: child that only extends a parent of N lines (compare --format csv)")
    for n in sizes:
        parent = os.path.join(tmp, f"parent-{n}.toml")
        child = os.path.join(tmp, f"child-{n}.toml")
        lines_file(parent, n)
        with open(child, "w", encoding="utf-8") as fh:
            fh.write(f'extends = "parent-{n}.toml"\nname = "Child"\n')
        argv = lambda f: [binary, "compare", f, "--format", "csv"]
        run(argv(parent))
        alone = median_time(argv(parent), runs)
        kid = median_time(argv(child), runs)
        print(f"  N = {n:>7,}: parent {alone:7.3f} s   child {kid:7.3f} s   "
              f"child/parent {kid / alone:5.2f}  (target <= 3)")


def tornado(binary, runs, sizes, tmp):
    print("tornado: N uncertain cost lines (tornado --format csv)")
    for n in sizes:
        path = os.path.join(tmp, f"tornado-{n}.toml")
        lines_file(path, n, uncertain=True)
        seconds = median_time([binary, "tornado", path, "--format", "csv"], runs)
        print(f"  N = {n:>7,}: {seconds:7.3f} s")


def frontier(binary, runs, sizes, tmp):
    print("frontier vs compare: N one-line files")
    rng = random.Random(16)
    for n in sizes:
        folder = os.path.join(tmp, f"options-{n}")
        os.makedirs(folder)
        for i in range(n):
            with open(os.path.join(folder, f"deal-{i:06}.toml"), "w", encoding="utf-8") as fh:
                fh.write(f'name = "Deal {i}"\ncurrency = "USD"\n'
                         f'[[cost]]\nitem = "Payment"\namount = {rng.randint(1, 10**9)}\n'
                         f"[outcomes]\nremovals = {rng.randint(0, 10**5)}\n")
        compare = [binary, "compare", folder, "--format", "csv"]
        front = [binary, "frontier", folder, "--format", "csv"]
        run(compare)
        c = median_time(compare, runs)
        f = median_time(front, runs)
        print(f"  N = {n:>7,}: compare {c:7.3f} s   frontier {f:7.3f} s   "
              f"frontier/compare {f / c:5.2f}  (target <= 5)")


def hints(binary, runs, sizes, tmp):
    print("hints: N lines citing unknown source ids, N known ids (check)")
    previous = None
    for n in sizes:
        path = os.path.join(tmp, f"hints-{n}.toml")
        parts = ['name = "Sources"\ncurrency = "USD"\n']
        for i in range(n):
            parts.append(f'[[cost]]\nitem = "Line {i}"\namount = 1\nsource = "unknown-{i}"\n'
                         f'[[source]]\nid = "archive-{i}"\ntitle = "Title {i}"\n')
        parts.append("[outcomes]\nremovals = 1\n")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("".join(parts))
        argv = [binary, "check", path]
        seconds = median_time(argv, runs, expect=(1,))
        _, stderr = run(argv, expect=(1,))
        growth = f"   x{seconds / previous[1]:.1f} for x{n / previous[0]:.0f} the size" if previous else ""
        print(f"  N = {n:>7,}: {stderr:,} bytes of stderr ({stderr / n:,.0f} a problem), "
              f"{seconds:.3f} s{growth}")
        previous = (n, seconds)


PARTS = {"extends": extends, "tornado": tornado, "frontier": frontier, "hints": hints}
SIZES = {
    "extends": ([10_000, 100_000], [10_000]),
    "tornado": ([1_000, 3_000, 10_000], [1_000, 3_000]),
    "frontier": ([10_000, 100_000], [10_000]),
    "hints": ([1_500, 3_000, 6_000, 12_000], [1_500, 3_000]),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help=", ".join(PARTS) + " (default: all)")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "costcalc"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="only the smaller sizes")
    args = parser.parse_args()
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part {unknown[0]!r}: choose from {', '.join(PARTS)}")
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.parts or list(PARTS):
            full, quick = SIZES[name]
            PARTS[name](args.binary, args.runs, quick if args.quick else full, tmp)


if __name__ == "__main__":
    main()
