#!/usr/bin/env python3
"""Times remodel on the input shapes that were once super-linear, at two sizes each, and checks
that doubling an input at most about doubles the time (the ratio is printed; over 2.2 fails).

    scripts/cliffs.py [--remodel target/release/remodel] [--dir /tmp/remodel-cliffs] [--runs 3]

Shapes: one Python dict, TypeScript object, JSON object and YAML mapping whose values are model
IDs; one model line followed by a long comment run (Python); for each, `check` and
`fix --dry-run`. See docs/performance.md for the figures.
"""
import argparse
import os
import subprocess
import sys
import time

IDS = ["claude-3-opus-20240229", "claude-3-haiku-20240307", "claude-3-5-sonnet-20241022", "claude-2.1"]


def py_dict(n):
    return "M = {\n" + "".join(f'    "k{i}": "{IDS[i % 4]}",\n' for i in range(n)) + "}\n"


def ts_object(n):
    return "export const M = {\n" + "".join(f'  k{i}: "{IDS[i % 4]}",\n' for i in range(n)) + "};\n"


def json_object(n):
    return "{\n" + ",\n".join(f'  "k{i}": "{IDS[i % 4]}"' for i in range(n)) + "\n}\n"


def yaml_mapping(n):
    return "models:\n" + "".join(f"  k{i}: {IDS[i % 4]}\n" for i in range(n))


def comment_run(n):
    return 'model = "claude-3-opus-20240229"\n' + "# a comment line\n" * n


SHAPES = [
    ("python dict", "py", py_dict, 4000),
    ("ts object", "ts", ts_object, 4000),
    ("json object", "json", json_object, 4000),
    ("yaml mapping", "yaml", yaml_mapping, 4000),
    ("python comment run", "py", comment_run, 20000),
]


def timed(cmd, runs):
    best = None
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--remodel", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "remodel"))
    ap.add_argument("--dir", default="/tmp/remodel-cliffs")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    failed = False
    print(f"{'shape':<20} {'size':>7} {'check s':>8} {'fix s':>8} {'x2 check':>9} {'x2 fix':>7}")
    for name, ext, make, n in SHAPES:
        rows = []
        for size in (n, 2 * n):
            path = os.path.join(a.dir, f"{name.replace(' ', '_')}_{size}.{ext}")
            with open(path, "w") as f:
                f.write(make(size))
            base = [a.remodel, "--as-of", "2026-12-01"]
            c = timed(base[:1] + ["check"] + base[1:] + [path], a.runs)
            x = timed(base[:1] + ["fix", "--dry-run"] + base[1:] + [path], a.runs)
            rows.append((size, c, x))
        (s1, c1, x1), (s2, c2, x2) = rows
        # Below 20 ms the process start dominates: the ratio says nothing there.
        rc = c2 / c1 if c1 > 0.02 else 1.0
        rx = x2 / x1 if x1 > 0.02 else 1.0
        for size, c, x in rows:
            print(f"{name:<20} {size:>7} {c:>8.3f} {x:>8.3f}", end="")
            print(f" {rc:>9.2f} {rx:>7.2f}" if size == s2 else "")
        if max(rc, rx) > 2.2 or max(c2, x2) > 0.5:
            failed = True
            print(f"  ^ {name}: over 2.2x when doubled, or over 0.5 s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
