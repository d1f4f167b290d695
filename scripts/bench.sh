#!/usr/bin/env bash
# Rerunnable benchmark of remodel (issue 5). See docs/performance.md.
#
#   scripts/bench.sh                      # the issue's sizes: 30,000 files, ~200 MB, 10 runs
#   BENCH_FILES=3000 BENCH_SIZE_MB=20 BENCH_RUNS=5 scripts/bench.sh     # a quick run
#
# Environment (defaults in brackets):
#   BENCH_DIR          where trees and results go [/tmp/remodel-bench]
#   BENCH_FILES        files in the scan tree [30000]
#   BENCH_SIZE_MB      approximate size of the scan tree, MB [200]
#   BENCH_SEED         generator seed [5]
#   BENCH_RUNS         timed runs per command, interleaved [10]
#   BENCH_WARMUP       untimed warmup rounds [2]
#   BENCH_RSS_RUNS     runs under /usr/bin/time -v; the largest peak RSS is reported [3]
#   BENCH_FIX_FILES    files in the fix tree [1000]
#   BENCH_FIX_PER_FILE findings per file in the fix tree [10]
#   BENCH_AS_OF        --as-of date [2026-11-23]
#   BENCH_HYPERFINE    1: also time check vs rg with hyperfine, as a cross-check [1]
#   BENCH_BUILD        0: skip `cargo build --release` and use the existing binary [1]
#   REMODEL_SRC        the source tree to build and time, e.g. a copy of one commit made with
#                      `git archive` [this checkout]
#   REMODEL_REV        the revision to print when REMODEL_SRC is not a git checkout [unknown]
#   REMODEL            the binary to time [$REMODEL_SRC/target/release/remodel]
#
# Trees are generated deterministically (scripts/gen_tree.py) and reused across runs while the
# generator and its parameters are unchanged. Everything printed also goes to
# $BENCH_DIR/results-<UTC timestamp>.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/remodel-bench}
BENCH_FILES=${BENCH_FILES:-30000}
BENCH_SIZE_MB=${BENCH_SIZE_MB:-200}
BENCH_SEED=${BENCH_SEED:-5}
BENCH_RUNS=${BENCH_RUNS:-10}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_RSS_RUNS=${BENCH_RSS_RUNS:-3}
BENCH_FIX_FILES=${BENCH_FIX_FILES:-1000}
BENCH_FIX_PER_FILE=${BENCH_FIX_PER_FILE:-10}
BENCH_AS_OF=${BENCH_AS_OF:-2026-11-23}
BENCH_HYPERFINE=${BENCH_HYPERFINE:-1}
BENCH_BUILD=${BENCH_BUILD:-1}
SRC=$(cd "${REMODEL_SRC:-$ROOT}" && pwd)
REMODEL=${REMODEL:-${CARGO_TARGET_DIR:-$SRC/target}/release/remodel}
PY=${PYTHON:-python3}
GEN="$ROOT/scripts/gen_tree.py"
RUN="$PY $ROOT/scripts/bench_run.py"

if [ "$BENCH_RUNS" -lt 5 ]; then
  echo "bench.sh: note: BENCH_RUNS=$BENCH_RUNS; issue 5 asks for at least 5" >&2
fi

# --- tools ---------------------------------------------------------------------------------------
need=()
command -v rg >/dev/null || need+=(ripgrep)
[ "$BENCH_HYPERFINE" = 1 ] && ! command -v hyperfine >/dev/null && need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "bench.sh: installing ${need[*]}" >&2
  $SUDO apt-get update
  $SUDO apt-get install -y "${need[@]}"
fi
command -v "$PY" >/dev/null || { echo "bench.sh: python3 is required" >&2; exit 2; }

# --- build ---------------------------------------------------------------------------------------
if [ "$BENCH_BUILD" = 1 ]; then
  (cd "$SRC" && cargo build --release --quiet)
fi
[ -x "$REMODEL" ] || { echo "bench.sh: no binary at $REMODEL" >&2; exit 2; }

mkdir -p "$BENCH_DIR"
RESULTS="$BENCH_DIR/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec > >(tee "$RESULTS") 2>&1

# --- trees ---------------------------------------------------------------------------------------
gen_sum=$(sha256sum "$GEN" | cut -c1-16)
# ensure_tree DIR STAMP COMMAND...: (re)generates DIR with COMMAND unless DIR.stamp says it holds
# what COMMAND would make.
ensure_tree() {
  local dir=$1 stamp=$2
  shift 2
  if [ -d "$dir" ] && [ "$(cat "$dir.stamp" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  rm -rf "$dir" "$dir.stamp" "$dir.json"
  "$@" > "$dir.json"
  echo "$stamp" > "$dir.stamp"
}
TREE="$BENCH_DIR/tree"
DOUBLE="$BENCH_DIR/double"
FIXT="$BENCH_DIR/fix-template"
FIXW="$BENCH_DIR/fix-work"
scan_stamp="$gen_sum scan files=$BENCH_FILES size=$BENCH_SIZE_MB seed=$BENCH_SEED"
fix_stamp="$gen_sum fix files=$BENCH_FIX_FILES per=$BENCH_FIX_PER_FILE seed=$BENCH_SEED"
copy_double() { mkdir -p "$DOUBLE" && cp -r "$TREE" "$DOUBLE/a" && cp -r "$TREE" "$DOUBLE/b" \
  && cp "$TREE.json" /dev/stdout; }

t0=$(date +%s)
ensure_tree "$TREE" "$scan_stamp" \
  "$PY" "$GEN" scan "$TREE" --files "$BENCH_FILES" --size-mb "$BENCH_SIZE_MB" --seed "$BENCH_SEED"
ensure_tree "$DOUBLE" "$scan_stamp" copy_double
ensure_tree "$FIXT" "$fix_stamp" \
  "$PY" "$GEN" fix "$FIXT" --files "$BENCH_FIX_FILES" --per-file "$BENCH_FIX_PER_FILE" --seed "$BENCH_SEED"
gen_secs=$(( $(date +%s) - t0 ))

# --- machine -------------------------------------------------------------------------------------
echo "== remodel benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');" \
  "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo); $(uname -sr)"
rev=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo "${REMODEL_REV:-unknown}")
[ -n "$(git -C "$SRC" status --porcelain -- crates Cargo.toml Cargo.lock registry 2>/dev/null)" ] &&
  rev="$rev + uncommitted changes"
echo "remodel:  $("$REMODEL" --version), $REMODEL, built from $SRC at $rev"
echo "rg:       $(rg --version | sed -n 1p)"
echo "trees:    $BENCH_DIR (generated or reused in ${gen_secs}s)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average before the runs)"
"$PY" - "$TREE.json" "$FIXT.json" <<'EOF'
import json, sys
s, f = (json.load(open(p)) for p in sys.argv[1:])
kinds = ", ".join("%s %d" % (k, s["per_kind"][k]) for k in sorted(s["per_kind"]))
print("scan tree: %d files, %.1f MB (%s); %d files mention a model ID (%d mentions, %d of "
      "retired/deprecated models), %d more contain look-alikes (claude-code...); seed %d"
      % (s["files"], s["bytes"] / 1e6, kinds, s["files_with_ids"], s["id_mentions"],
         s["old_id_mentions"], s["files_with_lookalikes"], s["seed"]))
print("fix tree:  %d files, %.1f MB, %d planted fixable findings" % (f["files"], f["bytes"] / 1e6,
      f["planted_findings"]))
EOF

# --- sanity: both tools see the same files; remodel reports what was planted --------------------
rg_files=$(rg --files "$TREE" | wc -l)
rg_hits=$(rg -F -l claude "$TREE" | wc -l)
set +e
"$REMODEL" check --as-of "$BENCH_AS_OF" --format json "$TREE" > "$BENCH_DIR/check.json"
rc=$?
set -e
read -r n_find n_files < <("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d["findings"]), len({f["path"] for f in d["findings"]}))' "$BENCH_DIR/check.json")
echo "sanity:   rg sees $rg_files files, $rg_hits contain 'claude'; remodel check exits $rc with" \
  "$n_find findings in $n_files files"
[ "$rc" = 1 ] || { echo "bench.sh: expected remodel check to exit 1" >&2; exit 2; }

CHECK="$REMODEL check --as-of $BENCH_AS_OF"
echo
echo "== 1. check vs rg -F -l claude, $BENCH_RUNS interleaved runs after $BENCH_WARMUP warmup rounds (wall time)"
$RUN --runs "$BENCH_RUNS" --warmup "$BENCH_WARMUP" --json "$BENCH_DIR/t1.json" \
  --cmd "remodel check|1|$CHECK $TREE" \
  --cmd "rg -F -l claude|0|rg -F -l claude $TREE"

echo
echo "== peak RSS (/usr/bin/time -v, largest of $BENCH_RSS_RUNS runs)"
peak_rss() { # peak_rss OK_CODES CMD...: the largest "Maximum resident set size" in KB
  local codes=$1 max=0 kb rc
  shift
  for _ in $(seq "$BENCH_RSS_RUNS"); do
    set +e
    /usr/bin/time -v -o "$BENCH_DIR/time-v.txt" "$@" > /dev/null 2>&1
    rc=$?
    set -e
    [[ ",$codes," == *",$rc,"* ]] || { echo "bench.sh: $* exited $rc" >&2; exit 2; }
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$BENCH_DIR/time-v.txt")
    [ "$kb" -gt "$max" ] && max=$kb
  done
  echo "$max"
}
rss_remodel=$(peak_rss 1 $CHECK "$TREE")
rss_rg=$(peak_rss 0 rg -F -l claude "$TREE")
rss_double=$(peak_rss 1 $CHECK "$DOUBLE")
show_rss() { awk -v n="$1" -v kb="$2" 'BEGIN { printf "%-16s %8d KB (%.1f MB)\n", n, kb, kb / 1024 }'; }
show_rss "remodel check" "$rss_remodel"
show_rss "rg -F -l claude" "$rss_rg"
show_rss "check, doubled" "$rss_double"

if [ "$BENCH_HYPERFINE" = 1 ]; then
  echo
  echo "== 1b. cross-check with hyperfine (not interleaved: all runs of one command, then the other)"
  hyperfine --style basic --warmup "$BENCH_WARMUP" --runs "$BENCH_RUNS" -i -N \
    --export-json "$BENCH_DIR/hyperfine.json" \
    -n "remodel check" "$CHECK $TREE" -n "rg -F -l claude" "rg -F -l claude $TREE" 2>&1 |
    grep -Ev '^\s*$|Warning|non-zero exit|--ignore-failure'
fi

echo
echo "== 1c. every provider against Anthropic's alone (--provider anthropic), $BENCH_RUNS interleaved runs"
# The OpenAI and Google catalogs add needles to the prefilter: issue 14 allows them 10%.
$RUN --runs "$BENCH_RUNS" --warmup "$BENCH_WARMUP" --json "$BENCH_DIR/t1c.json" \
  --cmd "all providers|1|$CHECK $TREE" \
  --cmd "anthropic only|1|$REMODEL --provider anthropic check --as-of $BENCH_AS_OF $TREE"

echo
echo "== 2. scaling: the tree and a doubled tree (two copies), $BENCH_RUNS interleaved runs"
$RUN --runs "$BENCH_RUNS" --warmup "$BENCH_WARMUP" --json "$BENCH_DIR/t2.json" \
  --cmd "check single|1|$CHECK $TREE" \
  --cmd "check doubled|1|$CHECK $DOUBLE" \
  --cmd "rg single|0|rg -F -l claude $TREE" \
  --cmd "rg doubled|0|rg -F -l claude $DOUBLE"

echo
echo "== 3. fix --yes on $((BENCH_FIX_FILES * BENCH_FIX_PER_FILE)) findings in $BENCH_FIX_FILES files, a fresh copy for each run"
# All copies are made (and synced) before the first timed run, so that neither the copying nor
# the writeback of its dirty pages overlaps a timed run.
rm -rf "$FIXW" && mkdir -p "$FIXW"
for i in $(seq 0 "$BENCH_RUNS"); do cp -r "$FIXT" "$FIXW/$i"; done
sync
$RUN --runs "$BENCH_RUNS" --warmup 1 --json "$BENCH_DIR/t3.json" \
  --cmd "fix --yes|0|$REMODEL fix --yes --as-of $BENCH_AS_OF $FIXW/{i}"
fixed=$("$REMODEL" fix --yes --as-of "$BENCH_AS_OF" "$FIXT" --dry-run 2>&1 >/dev/null | tail -1) || true
set +e
left=$("$REMODEL" check --as-of "$BENCH_AS_OF" "$FIXW/$BENCH_RUNS" 2>&1 | tail -1)
set -e
echo "dry run on the template: $fixed; check after the last timed run: ${left:-(no output)}"
rm -rf "$FIXW"

# --- summary -------------------------------------------------------------------------------------
echo
echo "== summary (targets from issue 5)"
"$PY" - "$BENCH_DIR" "$rss_remodel" <<'EOF'
import json, os, sys
d, rss = sys.argv[1], int(sys.argv[2])
t1, t1c, t2, t3 = (json.load(open(os.path.join(d, n))) for n in ("t1.json", "t1c.json", "t2.json", "t3.json"))
rows = []
check, rg = t1["remodel check"]["median"], t1["rg -F -l claude"]["median"]
cc, rc = t1["remodel check"]["cpu_median"], t1["rg -F -l claude"]["cpu_median"]
rows.append(("check / rg wall time", "%.3f s / %.3f s = %.2fx  (cpu: %.2fx)" % (check, rg, check / rg, cc / rc),
             "<= 1.5x", check / rg <= 1.5))
rows.append(("peak RSS of check", "%.1f MB" % (rss / 1024), "<= 150 MB", rss / 1024 <= 150))
a, o = t1c["all providers"]["median"], t1c["anthropic only"]["median"]
rows.append(("all providers / anthropic", "%.3f s / %.3f s = %.2fx" % (a, o, a / o), "<= 1.1x", a / o <= 1.1))
s, dbl = t2["check single"]["median"], t2["check doubled"]["median"]
rs, rd = t2["rg single"]["median"], t2["rg doubled"]["median"]
rows.append(("doubled / single (check)", "%.3f s / %.3f s = %.2fx  (rg: %.2fx)" % (dbl, s, dbl / s, rd / rs),
             "<= 2.1x", dbl / s <= 2.1))
fx = t3["fix --yes"]["median"]
rows.append(("fix --yes, median", "%.3f s" % fx, "< 2 s", fx < 2))
for name, got, target, ok in rows:
    print("%-26s %-46s target %-9s %s" % (name, got, target, "MET" if ok else "MISSED"))
EOF
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(results saved in $RESULTS)"
