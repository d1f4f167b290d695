#!/usr/bin/env bash
# Where `remodel check` spends its time on the benchmark tree: splits the tree that
# scripts/bench.sh generated into the files that contain "claude" (those the prefilter passes) and
# those that do not, and the former by file kind, then times `remodel check` and `rg -F -l claude`
# on each part (interleaved, as in bench.sh). Run scripts/bench.sh first.
#
#   scripts/bench_breakdown.sh
#
# Environment: BENCH_DIR [/tmp/remodel-bench], BENCH_RUNS [7], BENCH_WARMUP [2],
# BENCH_AS_OF [2026-11-23], REMODEL [target/release/remodel] (not rebuilt here).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/remodel-bench}
BENCH_RUNS=${BENCH_RUNS:-7}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_AS_OF=${BENCH_AS_OF:-2026-11-23}
REMODEL=${REMODEL:-${CARGO_TARGET_DIR:-$ROOT/target}/release/remodel}
TREE="$BENCH_DIR/tree"
PARTS="$BENCH_DIR/parts"
[ -d "$TREE" ] || { echo "bench_breakdown.sh: no tree at $TREE; run scripts/bench.sh first" >&2; exit 2; }

# The parts are hard links into the tree: no copying, and the page cache is shared.
rm -rf "$PARTS"
mkdir -p "$PARTS"
(
  cd "$TREE"
  rg -F -l claude . | sort > "$PARTS/hit.list"
  rg --files . | sort | comm -23 - "$PARTS/hit.list" > "$PARTS/nohit.list"
  link() { # link LIST DIR
    python3 -c '
import os, sys
lst, out = sys.argv[1:]
for f in open(lst).read().splitlines():
    d = os.path.join(out, os.path.dirname(f))
    os.makedirs(d, exist_ok=True)
    os.link(f, os.path.join(out, f))' "$1" "$2"
  }
  link "$PARTS/nohit.list" "$PARTS/nohit"
  link "$PARTS/hit.list" "$PARTS/hit"
  for k in py ts tsx js json yaml md; do
    grep "\.$k\$" "$PARTS/hit.list" > "$PARTS/hit-$k.list" || true
    link "$PARTS/hit-$k.list" "$PARTS/hit-$k"
  done
)

echo "== where check spends its time: $TREE split by the prefilter ($BENCH_RUNS interleaved runs)"
echo "$("$REMODEL" --version); $(cut -d' ' -f1-3 /proc/loadavg) load average; $(date -u '+%Y-%m-%d %H:%M UTC')"
for p in nohit hit hit-py hit-ts hit-tsx hit-js hit-json hit-yaml hit-md; do
  [ -d "$PARTS/$p" ] || continue
  n=$(wc -l < "$PARTS/$p.list")
  mb=$(cd "$TREE" && tr '\n' '\0' < "$PARTS/$p.list" | xargs -0 -r stat -c %s | awk '{s += $1} END {printf "%.1f", s / 1e6}')
  echo "-- $p: $n files, $mb MB"
  python3 "$ROOT/scripts/bench_run.py" --runs "$BENCH_RUNS" --warmup "$BENCH_WARMUP" \
    --cmd "remodel check|0,1|$REMODEL check --as-of $BENCH_AS_OF $PARTS/$p" \
    --cmd "rg -F -l claude|0,1|rg -F -l claude $PARTS/$p"
done
rm -rf "$PARTS"
