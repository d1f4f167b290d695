#!/usr/bin/env python3
"""Interleaved wall-clock timing for scripts/bench.sh. Standard library only.

  bench_run.py --runs N [--warmup W] [--prepare SHELL] [--json OUT] \\
      --cmd 'NAME|CODES|COMMAND' [--cmd ...]

Each round runs every command once, in turn; the order is reversed on odd rounds so neither
command always runs right after the other. Warmup rounds are run first and not counted. A command
runs without a shell (COMMAND is split like a shell would), stdout and stderr to /dev/null, and its
exit code must be one of CODES (comma-separated), or the run aborts: a timing of a failing command
means nothing. --prepare runs before every timed command (through sh, untimed). In COMMAND and
--prepare, {i} stands for the run's number (0, 1, ... counting warmup runs), e.g. to give each run
its own fresh copy of a tree that the command rewrites.

Prints one line per command: median, min and max wall time, the median CPU time (user + system, of
the command and its children: less sensitive than wall time to other load on the machine), and all
wall samples, in seconds; with --json, writes them.
"""

import argparse
import json
import resource
import shlex
import statistics
import subprocess
import sys
import time


def parse_cmd(spec):
    name, codes, cmd = spec.split("|", 2)
    return {"name": name, "codes": {int(c) for c in codes.split(",")}, "argv": shlex.split(cmd),
            "samples": [], "cpu": []}


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(c, prepare, i):
    if prepare:
        subprocess.run(prepare.replace("{i}", str(i)), shell=True, check=True)
    argv = [a.replace("{i}", str(i)) for a in c["argv"]]
    c0 = cpu()
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t0
    c["cpu"].append(cpu() - c0)
    if p.returncode not in c["codes"]:
        sys.exit("bench_run.py: %s exited %d (expected %s): %s" % (
            c["name"], p.returncode, ",".join(map(str, sorted(c["codes"]))), shlex.join(argv)))
    return dt


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--prepare")
    ap.add_argument("--json")
    ap.add_argument("--cmd", action="append", required=True, type=parse_cmd)
    a = ap.parse_args()
    cmds = a.cmd
    for i in range(a.warmup + a.runs):
        order = cmds if i % 2 == 0 else list(reversed(cmds))
        for c in order:
            dt = run_once(c, a.prepare, i)
            if i >= a.warmup:
                c["samples"].append(dt)
            else:
                c["cpu"].pop()
    out = {}
    for c in cmds:
        s, u = c["samples"], statistics.median(c["cpu"])
        out[c["name"]] = {"median": statistics.median(s), "min": min(s), "max": max(s),
                          "cpu_median": u, "samples": s, "cpu": c["cpu"]}
        print("%-16s median %.3f s  min %.3f  max %.3f  cpu %.3f  (%d runs: %s)" % (
            c["name"], statistics.median(s), min(s), max(s), u, len(s),
            " ".join("%.3f" % x for x in s)))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
