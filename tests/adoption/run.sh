#!/usr/bin/env bash
# Tries the files teams use to adopt remodel: .pre-commit-hooks.yaml with the real pre-commit,
# action.yml, and the snippets of docs/adoption.md. Prints one PASS, FAIL or SKIPPED line per
# check and a summary; exits 1 if anything failed.
#
#   tests/adoption/run.sh
#
# Environment:
#   REMODEL_BIN     a built remodel for the `repo: local` hooks and the multi-gitter scripts
#                   (default: target/debug/remodel of this tree)
#   ADOPTION_CACHE  a directory kept between runs for cargo's build output, so the builds that
#                   pre-commit and the action make reuse earlier ones
#                   (default: ${TMPDIR:-/tmp}/remodel-adoption-cache)
#   ADOPTION_BUILD  0: skip the checks that compile remodel (the `language: rust` hooks and the
#                   action's install step); they are reported SKIPPED
#   ADOPTION_KEEP   1: keep the temporary directory and print its path
#
# Network: `pip install pre-commit pyyaml` (PyPI) and, when pre-commit or the action builds
# remodel, crates.io. If pre-commit cannot be installed, everything is reported SKIPPED and the
# script exits 0.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REMODEL_BIN=${REMODEL_BIN:-$ROOT/target/debug/remodel}
CACHE=${ADOPTION_CACHE:-${TMPDIR:-/tmp}/remodel-adoption-cache}
BUILD=${ADOPTION_BUILD:-1}
AS_OF=2026-11-23
OLD=claude-3-opus-20240229
NEW=claude-opus-4-8

T=$(mktemp -d "${TMPDIR:-/tmp}/remodel-adoption.XXXXXX")
if [ "${ADOPTION_KEEP:-0}" = 1 ]; then
  echo "temporary directory: $T"
else
  trap 'rm -rf "$T"' EXIT
fi

PASSED=0
FAILED=0
SKIPPED=0
pass() { echo "PASS: $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
skip() { echo "SKIPPED: $*"; SKIPPED=$((SKIPPED + 1)); }
# The last lines of a log, indented, after a FAIL line.
show() { tail -n "${2:-25}" "$1" 2> /dev/null | sed 's/^/    | /'; }
summary() {
  echo
  echo "adoption: $PASSED passed, $FAILED failed, $SKIPPED skipped"
  [ "$FAILED" -eq 0 ]
}

# Git for the temporary repositories only: no user or system configuration, a fixed identity.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$T/gitconfig"
git config --file "$GIT_CONFIG_GLOBAL" user.name "remodel adoption test"
git config --file "$GIT_CONFIG_GLOBAL" user.email "adoption@example.invalid"
git config --file "$GIT_CONFIG_GLOBAL" init.defaultBranch main
git config --file "$GIT_CONFIG_GLOBAL" commit.gpgsign false
git config --file "$GIT_CONFIG_GLOBAL" advice.detachedHead false

# --- pre-commit, in a virtual environment of its own ---------------------------------------

if ! out=$(python3 -m venv "$T/venv" 2>&1); then
  echo "SKIPPED: pre-commit could not be installed: python3 -m venv failed: $(echo "$out" | tail -n 1)"
  exit 0
fi
if ! out=$("$T/venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit pyyaml 2>&1); then
  echo "SKIPPED: pre-commit could not be installed: $(echo "$out" | grep -v '^\s*$' | tail -n 1)"
  exit 0
fi
PY="$T/venv/bin/python"
PRE_COMMIT="$T/venv/bin/pre-commit"
export PRE_COMMIT_HOME="$T/pre-commit-home"
export PRE_COMMIT_COLOR=never
echo "pre-commit $("$PRE_COMMIT" --version | sed 's/^pre-commit //'), identify $("$PY" -c 'import importlib.metadata as m; print(m.version("identify"))')"

# --- static checks ------------------------------------------------------------------------

if "$PRE_COMMIT" validate-manifest "$ROOT/.pre-commit-hooks.yaml" > "$T/manifest.log" 2>&1; then
  pass ".pre-commit-hooks.yaml is a valid pre-commit manifest"
else
  fail ".pre-commit-hooks.yaml: pre-commit validate-manifest"
  show "$T/manifest.log"
fi

# action.yml: YAML, a composite action, `shell` on every run step, and no reference to an input
# or a step that does not exist.
if "$PY" - "$ROOT/action.yml" > "$T/action-static.log" 2>&1 <<'PY'
import re, sys, yaml
path = sys.argv[1]
text = open(path).read()
action = yaml.safe_load(text)
problems = []
for key in ("name", "description", "inputs", "runs"):
    if key not in action:
        problems.append(f"no `{key}`")
runs = action.get("runs", {})
if runs.get("using") != "composite":
    problems.append(f"runs.using is {runs.get('using')!r}, not 'composite'")
steps = runs.get("steps") or []
if not steps:
    problems.append("no steps")
ids = set()
for n, step in enumerate(steps, 1):
    label = step.get("name") or step.get("id") or f"step {n}"
    if ("run" in step) == ("uses" in step):
        problems.append(f"{label}: needs exactly one of `run` and `uses`")
    if "run" in step and not step.get("shell"):
        problems.append(f"{label}: a run step without `shell`")
    if "uses" in step and "shell" in step:
        problems.append(f"{label}: `shell` on a uses step")
    if "uses" in step and not re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", step["uses"]):
        problems.append(f"{label}: `uses: {step['uses']}` names no ref")
    if "id" in step:
        ids.add(step["id"])
inputs = set(action.get("inputs") or {})
for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", text):
    if name not in inputs:
        problems.append(f"inputs.{name} is used but not declared")
for name in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.", text):
    if name not in ids:
        problems.append(f"steps.{name} is used but no step has that id")
for key, spec in (action.get("inputs") or {}).items():
    if "description" not in spec:
        problems.append(f"input {key} has no description")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(steps)} steps, inputs: {', '.join(sorted(inputs))}")
PY
then
  pass "action.yml is a composite action with shell on every run step ($(tail -n 1 "$T/action-static.log"))"
else
  fail "action.yml"
  show "$T/action-static.log"
fi

# docs/adoption.md: every YAML block parses; the pre-commit configurations validate and name
# hooks of the manifest; the workflows give the action only inputs it declares. The shell
# scripts are saved for the multi-gitter checks below.
mkdir -p "$T/doc-scripts" "$T/doc-configs"
if "$PY" - "$ROOT/docs/adoption.md" "$ROOT/.pre-commit-hooks.yaml" "$ROOT/action.yml" "$T" > "$T/docs.log" 2>&1 <<'PY'
import os, re, sys, yaml
doc, manifest, action, tmp = sys.argv[1:]
text = open(doc).read()
hook_ids = {h["id"] for h in yaml.safe_load(open(manifest))}
inputs = set(yaml.safe_load(open(action))["inputs"])
problems = []
counts = {"yaml": 0, "pre-commit": 0, "workflow": 0, "script": 0}
for n, (lang, body) in enumerate(re.findall(r"^```(\w*)\n(.*?)^```", text, re.S | re.M)):
    if lang == "yaml":
        counts["yaml"] += 1
        try:
            data = yaml.safe_load(body)
        except yaml.YAMLError as e:
            problems.append(f"YAML block {n}: {e}")
            continue
        if body.startswith("# .pre-commit-config.yaml"):
            counts["pre-commit"] += 1
            with open(os.path.join(tmp, "doc-configs", f"config-{n}.yaml"), "w") as f:
                f.write(body)
            for repo in data["repos"]:
                for hook in repo["hooks"]:
                    if hook["id"] not in hook_ids:
                        problems.append(f"block {n}: hook {hook['id']} is not in the manifest")
        if isinstance(data, dict) and "jobs" in data:
            counts["workflow"] += 1
            for job in data["jobs"].values():
                for step in job.get("steps", []):
                    uses = step.get("uses", "")
                    if uses.startswith("<owner>/remodel@"):
                        extra = set(step.get("with") or {}) - inputs
                        if extra:
                            problems.append(f"block {n}: the action has no input {sorted(extra)}")
    elif lang == "sh" and body.startswith("#!/bin/sh\n"):
        m = re.match(r"#!/bin/sh\n# ([\w.-]+\.sh):", body)
        if m:
            counts["script"] += 1
            path = os.path.join(tmp, "doc-scripts", m.group(1))
            with open(path, "w") as f:
                f.write(body)
            os.chmod(path, 0o755)
if problems:
    print("\n".join(problems))
    sys.exit(1)
print(", ".join(f"{v} {k}" for k, v in counts.items()))
PY
then
  pass "docs/adoption.md snippets: $(tail -n 1 "$T/docs.log")"
else
  fail "docs/adoption.md snippets"
  show "$T/docs.log"
fi
for config in "$T"/doc-configs/*.yaml; do
  [ -e "$config" ] || continue
  if "$PRE_COMMIT" validate-config "$config" > "$T/validate-config.log" 2>&1; then
    pass "docs/adoption.md: $(basename "$config" .yaml) passes pre-commit validate-config"
  else
    fail "docs/adoption.md: $(basename "$config" .yaml): pre-commit validate-config"
    show "$T/validate-config.log"
  fi
done

# --- a committed copy of this tree: the hook repository and the action's checkout ---------

# pre-commit clones hook repositories with git, and `try-repo` adds only tracked changes, so an
# uncommitted .pre-commit-hooks.yaml would not be seen. A copy of the work tree, committed in a
# repository of its own, stands for the published repository. The project's own git state is
# not touched.
SRC="$T/remodel-src"
mkdir -p "$SRC"
tar -C "$ROOT" --exclude=./target --exclude=./.git -cf - . | tar -C "$SRC" -xf -
git -C "$SRC" init --quiet
git -C "$SRC" add -A
git -C "$SRC" commit --quiet --no-verify -m "remodel source"
SRC_REV=$(git -C "$SRC" rev-parse HEAD)

# --- the pre-commit hooks, on a temporary repository --------------------------------------

# app.py: the old ID on line 3, and room below it for an unstaged edit that the patch pre-commit
# stashes can restore next to the hook's rewrite.
write_app() {
  cat > "$1" <<EOF
"""Settings."""

MODEL = "$OLD"


def answer():
    return 42


def question():
    return "six by nine"
EOF
}

# scenario LABEL CONFIG: a repository with CONFIG as .pre-commit-config.yaml, through a staged
# old ID, the check hook, the fix hook, a second run, and commits with the hooks installed.
scenario() {
  local label=$1 config=$2 repo="$T/repo-$1" log="$T/$1.log" rc
  mkdir -p "$repo"
  git -C "$repo" init --quiet
  cp "$config" "$repo/.pre-commit-config.yaml"
  echo "# demo" > "$repo/README.md"
  git -C "$repo" add .pre-commit-config.yaml README.md
  git -C "$repo" commit --quiet --no-verify -m "start"
  write_app "$repo/app.py"
  git -C "$repo" add app.py
  echo "# an unstaged note" >> "$repo/app.py"

  (cd "$repo" && "$PRE_COMMIT" run remodel-check) > "$log.check" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ] && grep -q "$OLD" "$log.check" && grep -q "^MODEL = \"$OLD\"" "$repo/app.py"; then
    pass "[$label] remodel-check fails on a staged $OLD (exit $rc)"
  else
    fail "[$label] remodel-check on a staged $OLD: exit $rc, expected non-zero and the ID in its output"
    show "$log.check"
  fi
  if [ "$rc" -gt 1 ] && grep -q "An unexpected error has occurred\|Executable .* not found" "$log.check"; then
    return # the hook did not run at all: the rest would only repeat that
  fi

  (cd "$repo" && "$PRE_COMMIT" run remodel-fix) > "$log.fix" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ] && grep -q "files were modified by this hook" "$log.fix" \
    && grep -q "^MODEL = \"$NEW\"" "$repo/app.py"; then
    pass "[$label] remodel-fix rewrites it to $NEW and fails the run (files modified, exit $rc)"
  else
    fail "[$label] remodel-fix: exit $rc, expected non-zero, \"files were modified\" and $NEW in app.py"
    show "$log.fix"
    sed 's/^/    app.py: /' "$repo/app.py"
  fi
  if grep -q "^# an unstaged note" "$repo/app.py" && git -C "$repo" show :app.py | grep -q "^MODEL = \"$OLD\""; then
    pass "[$label] the unstaged edit is kept next to the fix, and the index still holds the staged version"
  else
    fail "[$label] after remodel-fix: the unstaged edit or the staged version was lost"
    sed 's/^/    app.py: /' "$repo/app.py"
  fi

  git -C "$repo" add app.py
  (cd "$repo" && "$PRE_COMMIT" run remodel-fix && "$PRE_COMMIT" run remodel-check) > "$log.again" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    pass "[$label] after git add, remodel-fix and remodel-check pass"
  else
    fail "[$label] second run: exit $rc, expected 0"
    show "$log.again"
  fi

  (cd "$repo" && "$PRE_COMMIT" install && git commit --quiet -m "Use $NEW") > "$log.commit" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] && git -C "$repo" show HEAD:app.py | grep -q "^MODEL = \"$NEW\""; then
    pass "[$label] git commit with the hooks installed goes through"
  else
    fail "[$label] git commit with the hooks installed: exit $rc"
    show "$log.commit"
  fi
  local head
  head=$(git -C "$repo" rev-parse HEAD)
  printf 'WORKER_MODEL = "claude-3-haiku-20240307"\n' > "$repo/worker.py"
  git -C "$repo" add worker.py
  (cd "$repo" && git commit --quiet -m "Add a worker") > "$log.blocked" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ] && [ "$(git -C "$repo" rev-parse HEAD)" = "$head" ]; then
    pass "[$label] git commit of a new file with a retired ID is refused (exit $rc)"
  else
    fail "[$label] git commit of a retired ID: exit $rc, expected a refused commit"
    show "$log.blocked"
  fi
}

# 1. `repo: local`: the manifest's hooks with `language: system` and a prebuilt binary.
if [ ! -x "$REMODEL_BIN" ]; then
  skip "[local] hooks: no remodel binary at $REMODEL_BIN (set REMODEL_BIN)"
else
  "$PY" - "$ROOT/.pre-commit-hooks.yaml" "$REMODEL_BIN" "$AS_OF" > "$T/local-config.yaml" <<'PY'
import sys, yaml
manifest, binary, as_of = sys.argv[1:]
hooks = []
for hook in yaml.safe_load(open(manifest)):
    entry = hook["entry"].split()
    assert entry[0] == "remodel", hook["entry"]
    local = {k: v for k, v in hook.items() if k not in ("entry", "language")}
    local["entry"] = " ".join([binary] + entry[1:])
    local["language"] = "system"
    local["args"] = ["--as-of", as_of]
    hooks.append(local)
print("# .pre-commit-config.yaml: the hooks of .pre-commit-hooks.yaml, as repo: local")
print(yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False))
PY
  scenario local "$T/local-config.yaml"
fi

# 2. The real manifest: `repo:` is the committed copy, so pre-commit reads its
#    .pre-commit-hooks.yaml and builds remodel with `cargo install --path .` (language: rust).
if [ "$BUILD" = 0 ]; then
  skip "[rust] hooks: ADOPTION_BUILD=0"
elif ! command -v cargo > /dev/null 2>&1; then
  skip "[rust] hooks: cargo is not installed"
else
  mkdir -p "$CACHE"
  cat > "$T/rust-config.yaml" <<EOF
# .pre-commit-config.yaml: the published hooks, from a committed copy of this tree
repos:
  - repo: $SRC
    rev: $SRC_REV
    hooks:
      - id: remodel-check
        args: [--as-of, "$AS_OF"]
      - id: remodel-fix
        args: [--as-of, "$AS_OF"]
EOF
  # The build: cargo install honours CARGO_TARGET_DIR, so a kept directory spares later runs
  # the dependencies (the workspace's own crates are rebuilt: pre-commit's clone moves).
  repo="$T/repo-build"
  mkdir -p "$repo"
  git -C "$repo" init --quiet
  cp "$T/rust-config.yaml" "$repo/.pre-commit-config.yaml"
  started=$(date +%s)
  (cd "$repo" && CARGO_TARGET_DIR="$CACHE/cargo-target" "$PRE_COMMIT" install-hooks) > "$T/install-hooks.log" 2>&1
  rc=$?
  took=$(($(date +%s) - started))
  if [ "$rc" -eq 0 ]; then
    pass "[rust] pre-commit built the hook with language: rust in ${took}s"
    scenario rust "$T/rust-config.yaml"
  else
    fail "[rust] pre-commit install-hooks: exit $rc after ${took}s"
    show "$T/install-hooks.log" 40
    find "$PRE_COMMIT_HOME" -name 'pre-commit.log' -exec tail -n 40 {} \; 2>/dev/null | sed 's/^/    | /'
  fi
fi

# --- the action's run steps, executed by bash as a runner would ---------------------------

# The `run` steps of action.yml run in order with `bash --noprofile --norc -eo pipefail`, the
# `${{ }}` expressions they use substituted, GITHUB_OUTPUT and GITHUB_PATH files, and each
# step's `if:` evaluated. The `uses:` steps are not run: actions/cache is stood in for by a
# directory per key for the binary and the kept build directory; upload-sarif is left out.
cat > "$T/action_sim.py" <<'PY'
import json, os, re, shutil, subprocess, sys, yaml

action_yml, spec_file = sys.argv[1:]
action = yaml.safe_load(open(action_yml))
spec = json.load(open(spec_file))
inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
inputs.update(spec["inputs"])
ctx = {
    "github": {"action_path": spec["action_path"], "action_repository": "",
               "server_url": "https://github.com", "workspace": spec["workspace"]},
    "runner": {"os": "Linux", "arch": "X64", "temp": spec["temp"]},
    "inputs": inputs,
    "steps": {},
}

def lookup(name):
    value = ctx
    for part in name.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value if isinstance(value, str) else ""

TOKEN = re.compile(r"\s*(&&|\|\||==|!=|!|\(|\)|'[^']*'|[A-Za-z_][\w.-]*(?:\(\))?)")

def evaluate(expr, failed):
    out, pos, status = [], 0, False
    while pos < len(expr.strip()):
        m = TOKEN.match(expr, pos)
        if not m:
            raise SystemExit(f"cannot evaluate: {expr!r}")
        tok, pos = m.group(1), m.end()
        if tok == "&&": out.append(" and ")
        elif tok == "||": out.append(" or ")
        elif tok == "!": out.append(" not ")
        elif tok in ("==", "!=", "(", ")"): out.append(f" {tok} ")
        elif tok.startswith("'"): out.append(repr(tok[1:-1]))
        elif tok in ("always()", "cancelled()", "success()", "failure()"):
            status = True
            out.append(repr({"always()": True, "cancelled()": False,
                             "success()": not failed, "failure()": failed}[tok]))
        else: out.append(repr(lookup(tok)))
    result = bool(eval("".join(out), {"__builtins__": {}}))
    return result if status else (result and not failed)

def substitute(value):
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: lookup(m.group(1)), str(value))

def condition(step, failed):
    cond = str(step.get("if", "success()")).strip()
    m = re.fullmatch(r"\$\{\{\s*(.*?)\s*\}\}", cond, re.S)
    return evaluate(m.group(1) if m else cond, failed)

home = spec["home"]
store = spec["cache_store"]
results, failed = [], False
base_env = dict(os.environ, HOME=home, RUNNER_TEMP=spec["temp"], GITHUB_WORKSPACE=spec["workspace"],
                GITHUB_ACTIONS="true", RUNNER_OS="Linux")
for n, step in enumerate(action["runs"]["steps"]):
    sid = step.get("id", f"_{n}")
    label = step.get("name", sid)
    record = {"id": sid, "name": label, "outputs": {}}
    ctx["steps"][sid] = record
    if spec.get("only") and sid not in spec["only"]:
        record.update(outcome="skipped", note="not asked for"); results.append(record); continue
    if not condition(step, failed):
        record.update(outcome="skipped", note="if: false"); results.append(record); continue
    if "uses" in step:
        uses = step["uses"].split("@")[0]
        with_ = {k: substitute(v) for k, v in (step.get("with") or {}).items()}
        paths = [p.strip().replace("~", home, 1) for p in with_.get("path", "").splitlines() if p.strip()]
        key_dir = os.path.join(store, with_.get("key", ""))
        if uses == "actions/cache/restore" and "restore-keys" not in with_:
            # The binary: an exact key in a directory per key.
            hit = os.path.isdir(key_dir)
            if hit:
                for p in paths:
                    shutil.copytree(os.path.join(key_dir, os.path.basename(p)), p, symlinks=True)
            record["outputs"]["cache-hit"] = "true" if hit else ""
            record.update(outcome="success", note=f"{uses} stood in for: {'hit' if hit else 'miss'}")
        elif uses == "actions/cache/restore":
            # The build: restore-keys always find the kept build directory.
            for p in paths:
                if p.endswith("/target"):
                    os.makedirs(os.path.dirname(p), exist_ok=True)
                    os.makedirs(spec["build_dir"], exist_ok=True)
                    os.symlink(spec["build_dir"], p)
            record["outputs"]["cache-hit"] = "false"
            record.update(outcome="success", note=f"{uses} stood in for: the kept build directory")
        elif uses == "actions/cache/save":
            for p in paths:
                if os.path.isdir(p) and not os.path.islink(p) and p.startswith(home + "/.cache/"):
                    shutil.copytree(p, os.path.join(key_dir, os.path.basename(p)), symlinks=True, dirs_exist_ok=True)
            record.update(outcome="success", note=f"{uses} stood in for")
        else:
            record.update(outcome="skipped", note=f"{uses} is not run here", inputs=with_)
        results.append(record)
        continue
    env = dict(base_env)
    env.update({k: substitute(v) for k, v in (step.get("env") or {}).items()})
    output = os.path.join(spec["temp"], f"output-{n}")
    open(output, "w").close()
    env["GITHUB_OUTPUT"] = output
    env["GITHUB_PATH"] = os.path.join(spec["temp"], "path")
    workdir = substitute(step.get("working-directory", ".") or ".")
    cwd = os.path.normpath(os.path.join(spec["workspace"], workdir))
    script = os.path.join(spec["temp"], f"step-{n}.sh")
    with open(script, "w") as f:
        f.write(substitute(step["run"]))
    log = os.path.join(spec["temp"], f"step-{n}.log")
    with open(log, "w") as f:
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                             cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    for line in open(output):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            record["outputs"][k] = v
    record.update(outcome="success" if rc == 0 else "failure", exit=rc, log=log)
    failed = failed or rc != 0
    results.append(record)
json.dump(results, sys.stdout, indent=1)
PY

# sim NAME WORKSPACE INPUTS-JSON [ONLY-IDS-JSON]: runs the action; the step records go to $T/NAME.json.
sim() {
  local name=$1 workspace=$2 inputs=$3 only=${4:-null} dir="$T/sim-$1"
  mkdir -p "$dir/home" "$dir/temp"
  cat > "$dir/spec.json" <<EOF
{"inputs": $inputs, "only": $only, "action_path": "$SRC", "workspace": "$workspace",
 "temp": "$dir/temp", "home": "$dir/home", "cache_store": "$CACHE/action-cache",
 "build_dir": "$CACHE/cargo-target"}
EOF
  # cargo and rustup stay where they are when HOME moves.
  CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} \
    "$PY" "$T/action_sim.py" "$ROOT/action.yml" "$dir/spec.json" > "$T/$name.json" 2> "$T/$name.err"
}

# field NAME PYTHON-EXPRESSION: evaluates over `steps` (step records by id) of a sim run.
field() {
  "$PY" -c 'import json, sys
steps = {s["id"]: s for s in json.load(open(sys.argv[1]))}
def log(i): return open(steps[i]["log"]).read() if steps[i].get("log") else ""
print(eval(sys.argv[2]))' "$T/$1.json" "$2"
}

WS="$T/workspace"
mkdir -p "$WS/svc"
git -C "$WS" init --quiet
write_app "$WS/app.py"
write_app "$WS/svc/app.py"
git -C "$WS" add -A
git -C "$WS" commit --quiet -m "start"

# The source step alone: the action's own path, and `ref` fetched from a git URL, give the
# same source hash, so the same cache key.
if sim source "$WS" '{}' '["source"]' && sim source-ref "$WS" "{\"ref\": \"$SRC_REV\", \"repository\": \"file://$SRC\"}" '["source"]'; then
  a=$(field source 'steps["source"]["outputs"].get("hash", "")')
  b=$(field source-ref 'steps["source"]["outputs"].get("hash", "")')
  if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$(field source-ref 'steps["source"]["outcome"]')" = success ]; then
    pass "action: the source hash ($a) is the same for the action path and for ref=$SRC_REV fetched from a git URL"
  else
    fail "action: source hash '$a' (action path) and '$b' (ref)"
    cat "$T"/sim-source*/temp/step-0.log 2> /dev/null | sed 's/^/    | /'
  fi
else
  fail "action: the simulation of the source step did not run"
  show "$T/source.err"
fi

if [ "$BUILD" = 0 ]; then
  skip "action: install and run steps: ADOPTION_BUILD=0"
elif ! command -v cargo > /dev/null 2>&1; then
  skip "action: install and run steps: cargo is not installed"
else
  started=$(date +%s)
  sim run "$WS" "{\"args\": \"check --format github --as-of $AS_OF .\", \"sarif\": \"results/remodel.sarif\"}"
  took=$(($(date +%s) - started))
  if [ "$(field run 'steps["install"]["outcome"]')" = success ]; then
    pass "action: the install step gave a remodel binary in ${took}s ($(field run 'log("install").strip().splitlines()[-1]'))"
  else
    fail "action: the install step"
    show "$(field run 'steps["install"].get("log", "/dev/null")')" 40
    show "$T/run.err"
  fi
  if [ "$(field run 'steps["run"]["outcome"]')" = failure ] \
    && [ "$(field run '"::error file=app.py,line=3" in log("run")')" = True ]; then
    pass "action: the args run fails on the old ID with a ::error annotation (exit $(field run 'steps["run"].get("exit")'))"
  else
    fail "action: the args run: expected a failure and ::error file=app.py,line=3"
    show "$(field run 'steps["run"].get("log", "/dev/null")')"
  fi
  sarif=$(field run 'steps["sarif"]["outputs"].get("path", "")')
  if [ "$(field run 'steps["sarif"]["outcome"]')" = success ] && [ -s "$sarif" ] \
    && "$PY" - "$sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
uris = {l["physicalLocation"]["artifactLocation"]["uri"] for r in d["runs"][0]["results"] for l in r["locations"]}
assert d["version"] == "2.1.0", d["version"]
assert uris == {"app.py", "svc/app.py"}, uris
PY
  then
    pass "action: after the failed run, the SARIF step wrote valid SARIF 2.1.0 with repository-relative paths"
  else
    fail "action: the SARIF step (outcome $(field run 'steps["sarif"]["outcome"]'), file '$sarif')"
    show "$(field run 'steps["sarif"].get("log", "/dev/null")')"
  fi

  # Again, with working-directory: the binary comes from the stand-in cache, the args run
  # passes with --exit-zero, and the SARIF paths stay relative to the repository root.
  sim subdir "$WS" "{\"args\": \"check --exit-zero --as-of $AS_OF .\", \"working-directory\": \"svc\", \"sarif\": \"remodel.sarif\"}"
  if [ "$(field subdir 'steps["cache-bin"]["outputs"].get("cache-hit")')" = true ] \
    && [ "$(field subdir '"restored from the cache" in log("install")')" = True ] \
    && [ "$(field subdir 'steps["run"]["outcome"]')" = success ] \
    && "$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
uris = {l["physicalLocation"]["artifactLocation"]["uri"] for r in d["runs"][0]["results"] for l in r["locations"]}
assert uris == {"svc/app.py"}, uris' "$WS/remodel.sarif"; then
    pass "action: a second run restores the binary from the cache; working-directory svc gives SARIF paths svc/app.py"
  else
    fail "action: second run with working-directory svc"
    "$PY" -c 'import json, sys; [print("    |", s["id"], s["outcome"], s.get("outputs"), s.get("note", "")) for s in json.load(open(sys.argv[1]))]' "$T/subdir.json"
    show "$T/subdir.err"
  fi
fi

# --- the multi-gitter scripts of docs/adoption.md -----------------------------------------

# multi-gitter runs a command in the root of a fresh clone with REPOSITORY set; so do these.
if [ ! -x "$REMODEL_BIN" ]; then
  skip "multi-gitter scripts: no remodel binary at $REMODEL_BIN"
elif [ ! -x "$T/doc-scripts/remodel-fix.sh" ] || [ ! -x "$T/doc-scripts/remodel-audit.sh" ]; then
  fail "multi-gitter scripts: remodel-fix.sh or remodel-audit.sh not found in docs/adoption.md"
elif ! command -v jq > /dev/null 2>&1; then
  skip "multi-gitter scripts: remodel-audit.sh needs jq, which is not installed"
else
  mkdir -p "$T/bin"
  ln -s "$REMODEL_BIN" "$T/bin/remodel"
  git clone --quiet "$WS" "$T/clone"
  printf 'PRICES = {"claude-3-haiku-20240307": 1.25}\n' > "$T/clone/prices.py"
  git -C "$T/clone" add prices.py
  git -C "$T/clone" commit --quiet -m "prices"
  git clone --quiet "$T/clone" "$T/clone-fix"
  (cd "$T/clone-fix" && PATH="$T/bin:$PATH" REPOSITORY=my-org/demo "$T/doc-scripts/remodel-fix.sh" --as-of "$AS_OF") > "$T/mg-fix.log" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] && grep -q "^MODEL = \"$NEW\"" "$T/clone-fix/app.py" \
    && grep -q "claude-3-haiku-20240307" "$T/clone-fix/prices.py" && grep -q "needs review" "$T/mg-fix.log"; then
    pass "multi-gitter: remodel-fix.sh exits 0 with the safe fixes made while a finding needing review remains"
  else
    fail "multi-gitter: remodel-fix.sh: exit $rc"
    show "$T/mg-fix.log"
  fi
  (cd "$T/clone" && PATH="$T/bin:$PATH" REPOSITORY=my-org/demo "$T/doc-scripts/remodel-audit.sh") > "$T/audit.jsonl" 2> "$T/mg-audit.err"
  rc=$?
  if [ "$rc" -eq 0 ] && "$PY" -c 'import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
d = json.loads(lines[0])
assert d["repository"] == "my-org/demo" and d["summary"]["findings"] >= 3, d["summary"]' "$T/audit.jsonl"; then
    pass "multi-gitter: remodel-audit.sh prints one JSON line with repository and summary"
  else
    fail "multi-gitter: remodel-audit.sh: exit $rc"
    show "$T/mg-audit.err"
    show "$T/audit.jsonl"
  fi
fi

summary
