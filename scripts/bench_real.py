#!/usr/bin/env python3
"""A real-world, ID-dense benchmark tree built from pinned registry releases. Standard library only.

  bench_real.py build --out DIR [--cache DIR] [--force]
  bench_real.py run   --tree DIR --remodel PATH [--runs N] [--warmup W] [--as-of DATE]
                      [--peers DIR [--peer NAME]...] [--peer-runs N] [--peer-timeout S]
                      [--json OUT]
  bench_real.py peers --venv DIR      # install the pinned peer scanners, one venv each
  bench_real.py split --tree DIR --out DIR2

build downloads the PyPI sdists and npm tarballs pinned in PACKAGES below (name, version, archive
name and the archive's sha256), checks each archive's sha256 against the pin (and against the
digest the registry publishes: sha256 on PyPI, the sha512 `integrity` on npm), and unpacks them
side by side: DIR/pypi/<name>-<version>/ and DIR/npm/<name>-<version>/ (an npm scope is a folder:
DIR/npm/@anthropic-ai/sdk-1.15.0/). The archive's single top folder (`litellm-1.110.2/`,
`package/`) is dropped. Only regular files and folders are unpacked (modes 0644, or 0755 when the
archive marks a file executable; mtimes from the archive); links and other entries are counted
and skipped, and a member whose path would leave its folder is an error. The archives are kept in
--cache (default DIR.archives, outside the tree) and reused when their sha256 still matches. At
the end, build prints a digest of the tree (sha256 over every file's path and sha256) and
compares it with TREE_DIGEST: a match means the tree is byte for byte the one measured in
docs/performance-real.md. The manifest (every file's path, size and sha256) is written to
DIR.manifest.json, outside the tree.

run times, on a warm page cache, in interleaved rounds (as scripts/bench_run.py does: each round
runs every command once, and odd rounds run them in reverse order):
  remodel check --as-of DATE DIR                 (text to /dev/null; exits 1 on findings)
  remodel check --as-of DATE --format json DIR   (exits 1 on findings)
  remodel fix --dry-run --as-of DATE DIR         (the diff to /dev/null; exits 1 on findings)
  rg -F -l claude DIR                            (exits 0 on a match; the issue's yardstick)
  rg -F -l --hidden --no-require-git claude DIR  (the files remodel walks: remodel reads hidden
                                                  files and honors .gitignore outside git)
Each run is started under GNU time (/usr/bin/time, for the peak RSS: its "Maximum resident set
size"; the package `time` is installed with apt-get when missing) and reaped with os.wait4, which
gives its wall time and CPU time (user + system). An exit code other than 0 or 1 (2 is remodel's
error) aborts the run; the table shows the codes seen (on the built tree, 1 for the three remodel
commands and 0 for rg). It prints a markdown table of medians with ratios to `rg -F -l claude`,
the tree's file count, size, files containing `claude` and files with findings, and the load
average before and after.

With --peers DIR (made by `bench_real.py peers --venv DIR`), the pinned peer scanners in PEERS
(or only those named with --peer) are timed on the same tree after remodel's rounds,
--peer-runs times each (default 1), each one
stopped after --peer-timeout seconds (default 600; the table then says so). They run in a scratch
folder (some write reports into the working folder) with HTTP(S)_PROXY pointed at a closed
loopback port, so that a tool that tries to fetch fresh data fails at once and uses its bundled
data, as most of them do when offline.

split writes two trees of hard links to the files of DIR: DIR2/hit (the files that contain
`claude`, as `rg -F -l --hidden --no-require-git` finds them, plus every package manifest and
.gitignore, so that package boundaries and ignores stay as they were) and DIR2/nohit (the
other files, with the same manifests and .gitignore files). Timing `run` on each part shows
what the files that pass the literal prefilter cost.

ripgrep is installed with apt-get when `rg` is missing (apt-get update once, then apt-get install
-y ripgrep; sudo when not root).
"""

import argparse
import base64
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request

# (registry, name, version, archive file name, sha256 of the archive)
PACKAGES = [
    ("pypi", "litellm", "1.110.2", "litellm-1.110.2.tar.gz",
     "a483c8d3078c1bd27a9fe9c831ac2ce09d41b728a7ea6e9a3ce48db276edeef5"),
    ("pypi", "anthropic", "2.15.0", "anthropic-2.15.0.tar.gz",
     "fb9ae93fe9ff88ae495189ebbe5097837823d95444178ef31535527051f76fb4"),
    ("pypi", "mirascope", "2.8.2", "mirascope-2.8.2.tar.gz",
     "743079786d5015a8953e4221d99333b54a59d24272ae365d8a9b4ffb89c8d7c9"),
    ("pypi", "crewai", "1.15.30", "crewai-1.15.30.tar.gz",
     "17de4b7cc3f2c207033e9f82be4f7d749e540b0e415a3885a8d97bb43a90a318"),
    ("pypi", "langchain-anthropic", "1.7.10", "langchain_anthropic-1.7.10.tar.gz",
     "72869686960b3d6665f99e7c91c9f6dd4a1d9ccf73d23edd8702eb603cc2e498"),
    ("pypi", "langchain-aws", "1.9.1", "langchain_aws-1.9.1.tar.gz",
     "e594476409f7fd41ae0989179866758338f7e5a9abbee93c0b2cff528aee2bb8"),
    ("pypi", "aider-chat", "0.86.2", "aider_chat-0.86.2.tar.gz",
     "f38a9d322f5609f0c13af82d50c6a11170185b3fdf26956e4a7e89ba19819159"),
    ("pypi", "pydantic-ai-slim", "2.68.0", "pydantic_ai_slim-2.68.0.tar.gz",
     "7e545ad147ee955d3ee83532ad793570a444a3e7c290328c4809b67a32c78a01"),
    ("pypi", "dspy", "3.4.1", "dspy-3.4.1.tar.gz",
     "6803449c11818efd10537da22e509a87af1bd30796053d1a6c82421f2afaa461"),
    ("pypi", "magentic", "0.41.1", "magentic-0.41.1.tar.gz",
     "91e9fde3455c53891d43301cc15ca6dfd5bb5670a1e9ebb173c0ec880187fbad"),
    ("pypi", "llama-index-llms-anthropic", "0.12.3", "llama_index_llms_anthropic-0.12.3.tar.gz",
     "3f4d389bd97ccd706c7064687ba425d6fe2b3a1d26b9b16c3cb879cc314e0276"),
    ("npm", "@anthropic-ai/sdk", "1.15.0", "sdk-1.15.0.tgz",
     "307c9bfe2fcd908ab1f696b000f2575b5691fd2cf07a388e549cc4d88856cb9f"),
    ("npm", "@anthropic-ai/bedrock-sdk", "1.1.4", "bedrock-sdk-1.1.4.tgz",
     "6a60dc667ecf860ebb98a5f165eb204e6372875cb551955e98855c4b26ae752f"),
    ("npm", "@ai-sdk/anthropic", "4.0.105", "anthropic-4.0.105.tgz",
     "8995c06d8ca2468c515d69ecc9c7827f2c9ae5c5d1bae20622d72e280ba3a580"),
    ("npm", "@ai-sdk/amazon-bedrock", "5.0.101", "amazon-bedrock-5.0.101.tgz",
     "f14db24fc5c55ec5328c197e1c99fd7561a80112a57c59b92649a7515ef4c49c"),
    ("npm", "@langchain/anthropic", "1.5.11", "anthropic-1.5.11.tgz",
     "2152f1872d0166646658184e113f9fa876951538b420055e686fd25dc965376d"),
    ("npm", "ai", "7.0.173", "ai-7.0.173.tgz",
     "9bb39977ac3471c0dfd2a541f3d03390eefd8a68140f07020d169d9d72667a2e"),
    ("npm", "promptfoo", "0.123.1", "promptfoo-0.123.1.tgz",
     "53471b239132b5e7a270fda458f78a1f1b920abb617ef4dc2b096608d480ee2f"),
    ("npm", "@mastra/core", "1.71.0", "core-1.71.0.tgz",
     "431e26991ad9388c03cf4c1201cf23cf088d93eeead4869ac584db8eabfeef55"),
]

# sha256 over "<path>\0<sha256 of the file>\n" for every file, sorted by path (see tree_digest).
TREE_DIGEST = "d7d3bbd9ca96493b303b2726160937daeedd5908995dc398781a440b08519af3"  # 22,810 files, 357.8 MB

# Peer scanners of deprecated model IDs that install from PyPI (none of those found on npm or
# crates.io could be installed here; docs/performance-real.md lists what was searched).
# name, version, the Python it needs, command ({tree} and {scratch} are substituted), exit codes
# that mean "ran" (findings or not).
PEERS = [
    {"name": "llm-sunset", "version": "0.3.1", "python": (3, 8),
     "cmd": "llm-sunset scan --offline --no-fail {tree}", "codes": [0, 1]},
    {"name": "bydtech-model-retire", "version": "0.1.1", "python": (3, 9),
     "cmd": "model-retire --today {as_of} {tree}", "codes": [0, 1]},
    {"name": "depdesk", "version": "0.3.0", "python": (3, 9),
     "cmd": "depdesk check --today {as_of} --no-github {tree}", "codes": [0, 1, 2]},
    {"name": "modelbump", "version": "0.2.0", "python": (3, 12),
     "cmd": "modelbump scan --today {as_of} {tree}", "codes": [0, 1]},
    {"name": "llm-model-deprecation", "version": "1.1.0", "python": (3, 10),
     "cmd": "llm-deprecation scan -q {tree}", "codes": [0, 1]},
    {"name": "lastorders", "version": "0.4.13", "python": (3, 10),
     "cmd": "lastorders scan --offline --out {scratch}/lastorders-out {tree}", "codes": [0, 1, 2]},
    # Its lifecycle data comes from `chowkidar sync` (the providers' pages, over the network);
    # offline it reports every ID as unknown. HOME is a scratch folder: it keeps a database there.
    {"name": "chowkidar", "version": "0.9.5", "python": (3, 10),
     "cmd": "chowkidar check {tree}", "codes": [0, 1], "home": True},
]

MANIFESTS = {"package.json", "tsconfig.json", "deno.json", "pyproject.toml", "setup.py",
             "setup.cfg", ".gitignore"}
UA = {"User-Agent": "remodel-bench-real/1 (python urllib)"}


def die(msg):
    sys.exit("bench_real.py: " + msg)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def get_json(url):
    req = urllib.request.Request(url, headers=dict(UA, Accept="application/json"))
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)


def download(url, dest):
    req = urllib.request.Request(url, headers=UA)
    tmp = dest + ".part"
    with urllib.request.urlopen(req, timeout=600) as r, open(tmp, "wb") as f:
        shutil.copyfileobj(r, f, 1 << 20)
    os.replace(tmp, dest)


# --- build ---------------------------------------------------------------------------------------

def source_of(pkg, pypi, npm):
    """The archive's URL and the digest check the registry itself publishes for it."""
    reg, name, version, fname, _ = pkg
    if reg == "pypi":
        # The project's JSON lists every release's files (some mirrors serve no per-version JSON).
        meta_url = "%s/pypi/%s/json" % (pypi.rstrip("/"), name)
        meta = get_json(meta_url)
        for u in meta["releases"].get(version, []):
            if u["filename"] == fname:
                want = u["digests"]["sha256"]
                return urllib.parse.urljoin(meta_url, u["url"]), ("sha256", want)
        die("%s==%s on PyPI has no file %s" % (name, version, fname))
    meta_url = "%s/%s/%s" % (npm.rstrip("/"), name.replace("/", "%2f"), version)
    meta = get_json(meta_url)
    dist = meta["dist"]
    integ = dist.get("integrity", "")
    check = ("sha512", base64.b64decode(integ[7:]).hex()) if integ.startswith("sha512-") else None
    return urllib.parse.urljoin(meta_url, dist["tarball"]), check


def fetch(pkg, cache, pypi, npm):
    reg, name, version, fname, sha = pkg
    dest = os.path.join(cache, reg, fname if reg == "pypi" else name.replace("/", "__") + "-" + fname)
    if os.path.exists(dest) and sha256_file(dest) == sha:
        return dest, False
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    url, check = source_of(pkg, pypi, npm)
    download(url, dest)
    got = sha256_file(dest)
    if got != sha:
        die("%s %s==%s: sha256 %s, pinned %s (%s); not used" % (reg, name, version, got, sha, url))
    if check:
        algo, want = check
        h = hashlib.new(algo)
        with open(dest, "rb") as f:
            h.update(f.read())
        if h.hexdigest() != want:
            die("%s %s==%s: %s differs from the registry's" % (reg, name, version, algo))
    return dest, True


def member_name(m):
    name = m.name
    while name.startswith("./"):
        name = name[2:]
    return name.rstrip("/")


def unpack(archive, dest):
    """Unpacks regular files and folders, dropping a single top folder. Returns (files, skipped)."""
    with tarfile.open(archive, "r:*") as tf:
        members = tf.getmembers()
        names = [member_name(m) for m in members]
        tops = {n.split("/", 1)[0] for n in names if n}
        strip = len(tops) == 1 and all("/" in n or m.isdir() for n, m in zip(names, members) if n)
        files = skipped = 0
        for m, rel in zip(members, names):
            if strip:
                rel = rel.split("/", 1)[1] if "/" in rel else ""
            if not rel:
                continue
            parts = rel.split("/")
            if rel.startswith("/") or ".." in parts or "\\" in rel:
                die("%s: member %r leaves its folder" % (archive, m.name))
            path = os.path.join(dest, *[p for p in parts if p])
            if m.isdir():
                os.makedirs(path, exist_ok=True)
            elif m.isreg():
                os.makedirs(os.path.dirname(path), exist_ok=True)
                if os.path.lexists(path):
                    os.remove(path)  # a repeated member: the last one wins, as with tar
                    files -= 1
                src = tf.extractfile(m)
                with open(path, "wb") as f:
                    shutil.copyfileobj(src, f, 1 << 20)
                os.chmod(path, 0o755 if m.mode & 0o111 else 0o644)
                os.utime(path, (m.mtime, m.mtime))
                files += 1
            else:
                skipped += 1
    return files, skipped


def pkg_dir(out, pkg):
    reg, name, version = pkg[:3]
    return os.path.join(out, reg, *(name + "-" + version).split("/"))


def walk_files(root):
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if os.path.isfile(p) and not os.path.islink(p):
                yield p


def tree_digest(root):
    h = hashlib.sha256()
    entries = []
    for p in walk_files(root):
        rel = os.path.relpath(p, root).replace(os.sep, "/")
        entries.append((rel, os.path.getsize(p), sha256_file(p)))
    entries.sort()
    for rel, _, digest in entries:
        h.update(("%s\0%s\n" % (rel, digest)).encode())
    return h.hexdigest(), entries


def cmd_build(a):
    out = os.path.abspath(a.out)
    cache = os.path.abspath(a.cache or out.rstrip("/") + ".archives")
    if os.path.exists(out) and os.listdir(out):
        if not a.force:
            die("%s exists and is not empty (--force replaces it)" % out)
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    print("| registry | package | version | archive | archive bytes | sha256 | files |")
    print("|---|---|---|---|---:|---|---:|")
    total_skipped = 0
    for pkg in PACKAGES:
        archive, fresh = fetch(pkg, cache, a.pypi, a.npm)
        dest = pkg_dir(out, pkg)
        os.makedirs(dest, exist_ok=True)
        n, skipped = unpack(archive, dest)
        total_skipped += skipped
        print("| %s | %s | %s | %s | %d | %s | %d |" % (pkg[0], pkg[1], pkg[2], pkg[3],
              os.path.getsize(archive), pkg[4][:16] + "…", n), flush=True)
    digest, entries = tree_digest(out)
    size = sum(e[1] for e in entries)
    with open(out.rstrip("/") + ".manifest.json", "w") as f:
        json.dump({"tree": out, "digest": digest, "files": len(entries), "bytes": size,
                   "packages": [dict(zip(("registry", "name", "version", "archive", "sha256"), p))
                                for p in PACKAGES],
                   "entries": entries}, f, indent=0)
    print()
    print("tree:     %s: %d files, %.1f MB (%d links or special entries skipped), in %.0f s"
          % (out, len(entries), size / 1e6, total_skipped, time.time() - t0))
    print("archives: %s" % cache)
    print("digest:   %s" % digest)
    if TREE_DIGEST is None:
        print("          (no TREE_DIGEST recorded in the script yet)")
    elif digest == TREE_DIGEST:
        print("          matches TREE_DIGEST: the tree of docs/performance-real.md, byte for byte")
    else:
        die("the tree's digest differs from TREE_DIGEST %s" % TREE_DIGEST)


# --- split ---------------------------------------------------------------------------------------

def rg_list(args, tree):
    p = subprocess.run(["rg"] + args + [tree], stdout=subprocess.PIPE, check=False)
    if p.returncode not in (0, 1):
        die("rg %s exited %d" % (" ".join(args), p.returncode))
    return [l for l in p.stdout.decode("utf-8", "surrogateescape").splitlines() if l]


def cmd_split(a):
    ensure_rg()
    tree, out = os.path.abspath(a.tree), os.path.abspath(a.out)
    if os.path.exists(out):
        die("%s exists" % out)
    hits = {os.path.abspath(p) for p in rg_list(["-F", "-l", "--hidden", "--no-require-git",
                                                 "claude"], tree)}
    counts = {"hit": [0, 0], "nohit": [0, 0]}
    for p in walk_files(tree):
        rel = os.path.relpath(p, tree)
        keep = os.path.basename(p) in MANIFESTS
        for part in ("hit", "nohit"):
            mine = (p in hits) == (part == "hit")
            if mine or keep:
                dst = os.path.join(out, part, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                os.link(p, dst)
                if mine:
                    counts[part][0] += 1
                    counts[part][1] += os.path.getsize(p)
    for part, (n, b) in counts.items():
        print("%s/%s: %d files, %.1f MB (plus the manifests and .gitignore files)"
              % (out, part, n, b / 1e6))


# --- peers ---------------------------------------------------------------------------------------

def python_version(exe):
    try:
        p = subprocess.run([exe, "-c", "import sys; print(*sys.version_info[:2])"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
        return tuple(int(x) for x in p.stdout.split()) if p.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def find_python(minimum):
    """A Python of at least `minimum`: this one, a pythonX.Y on PATH, or a pyenv version."""
    if sys.version_info[:2] >= minimum:
        return sys.executable
    candidates = [shutil.which("python3.%d" % m) for m in range(minimum[1], 20)]
    root = os.path.expanduser("~/.pyenv/versions")
    if os.path.isdir(root):
        candidates += [os.path.join(root, v, "bin", "python3") for v in sorted(os.listdir(root))]
    for exe in candidates:
        v = exe and python_version(exe)
        if v and v >= minimum:
            return exe
    return None


def cmd_peers(a):
    root = os.path.abspath(a.venv)
    for peer in PEERS:
        py = find_python(peer["python"])
        venv = os.path.join(root, peer["name"])
        if not py:
            print("%s==%s: needs Python %d.%d or newer; none found, skipped"
                  % ((peer["name"], peer["version"]) + peer["python"]))
            continue
        if not os.path.exists(os.path.join(venv, "bin", "python")):
            subprocess.run([py, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "python"), "-m", "pip", "install", "-q",
                        "%s==%s" % (peer["name"], peer["version"])], check=True)
        print("%s==%s installed in %s" % (peer["name"], peer["version"], venv))


# --- run -----------------------------------------------------------------------------------------

def ensure_rg():
    if shutil.which("rg"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("bench_real.py: installing ripgrep", file=sys.stderr)
    subprocess.run(sudo + ["apt-get", "update"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "ripgrep"], check=True)


GNU_TIME = "/usr/bin/time"


def ensure_time():
    if os.access(GNU_TIME, os.X_OK):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("bench_real.py: installing time (GNU time, for peak RSS)", file=sys.stderr)
    subprocess.run(sudo + ["apt-get", "update"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "time"], check=True)


def run_once(argv, env=None, cwd=None, timeout=None):
    """(wall s, cpu s, peak RSS KB, exit code or None when stopped at the timeout).

    Wall and CPU time come from os.wait4. Peak RSS comes from GNU time (`%M`, the "Maximum
    resident set size" of `time -v`): a child forked from this Python process starts with the
    parent's high-water mark, which exec keeps, so its own ru_maxrss can never read lower than
    this process's RSS. GNU time's child is forked from a small process instead."""
    fd, rss_file = tempfile.mkstemp(prefix="bench-real-rss-")
    os.close(fd)
    t0 = time.perf_counter()
    p = subprocess.Popen([GNU_TIME, "-f", "%M", "-o", rss_file] + argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd,
                         start_new_session=True)
    code = None
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG if timeout else 0)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() - t0 > timeout:
            os.killpg(p.pid, 9)
            _, status, ru = os.wait4(p.pid, 0)
            break
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    p.returncode = code if code is not None else -9  # reaped here, not by Popen
    try:
        with open(rss_file) as f:
            rss = int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        rss = 0  # stopped before GNU time could write it
    os.remove(rss_file)
    return wall, ru.ru_utime + ru.ru_stime, rss, code


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 1048576
    except OSError:
        mem = 0
    return "%d cores; %s; %.1f GiB RAM; %s %s" % (os.cpu_count() or 0, cpu, mem,
                                                 platform.system(), platform.release())


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def tree_stats(tree, remodel, as_of):
    files = size = 0
    for p in walk_files(tree):
        files += 1
        size += os.path.getsize(p)
    rg_files = len(rg_list(["--files"], tree))
    rg_all = len(rg_list(["--files", "--hidden", "--no-require-git"], tree))
    claude = len(rg_list(["-F", "-l", "claude"], tree))
    p = subprocess.run([remodel, "check", "--as-of", as_of, "--format", "json", tree],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        die("remodel check --format json exited %d: %s" % (p.returncode, p.stderr[-500:]))
    d = json.loads(p.stdout)
    s = d.get("summary", {})
    return {"files": files, "bytes": size, "rg_files": rg_files, "rg_files_all": rg_all,
            "claude_files": claude, "scanned": s.get("scanned"),
            "findings": len(d["findings"]), "finding_files": len({f["path"] for f in d["findings"]}),
            "check_exit": p.returncode, "skipped": len(d.get("skipped", [])),
            "errors": len(d.get("errors", []))}


def cmd_run(a):
    ensure_rg()
    ensure_time()
    tree = os.path.abspath(a.tree)
    remodel = os.path.abspath(a.remodel)
    if not os.path.isdir(tree):
        die("no tree at %s (make one with `bench_real.py build --out %s`)" % (tree, a.tree))
    inside = subprocess.run(["git", "-C", tree, "rev-parse", "--show-toplevel"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if inside.returncode == 0:
        print("note: %s is inside the git work tree %s; its .gitignore applies to both tools"
              % (tree, inside.stdout.decode().strip()))
    ver = subprocess.run([remodel, "--version"], stdout=subprocess.PIPE, check=True)
    rgver = subprocess.run(["rg", "--version"], stdout=subprocess.PIPE, check=True)
    header = [
        "date:     %s" % time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine:  %s" % machine(),
        "remodel:  %s, %s (sha256 %s)" % (ver.stdout.decode().strip(), remodel,
                                          sha256_file(remodel)[:16]),
        "rg:       %s" % rgver.stdout.decode().splitlines()[0],
        "load:     %s (1, 5, 15 min load average before the runs)" % loadavg(),
    ]
    print("\n".join(header), flush=True)
    st = tree_stats(tree, remodel, a.as_of)
    line = ("tree:     %s: %d files, %.1f MB; rg walks %d (%d with --hidden --no-require-git), "
            "remodel %s; %d contain `claude`; remodel finds %d findings in %d files "
            "(check exits %d, %d skipped, %d errors)"
            % (tree, st["files"], st["bytes"] / 1e6, st["rg_files"], st["rg_files_all"],
               st["scanned"], st["claude_files"], st["findings"], st["finding_files"],
               st["check_exit"], st["skipped"], st["errors"]))
    print(line, flush=True)
    header.append(line)

    cmds = [
        ("remodel check", [remodel, "check", "--as-of", a.as_of, tree], {0, 1}),
        ("remodel check --format json", [remodel, "check", "--as-of", a.as_of, "--format", "json",
                                         tree], {0, 1}),
        ("remodel fix --dry-run", [remodel, "fix", "--dry-run", "--as-of", a.as_of, tree], {0, 1}),
        ("rg -F -l claude", ["rg", "-F", "-l", "claude", tree], {0, 1}),
        ("rg -F -l --hidden --no-require-git claude",
         ["rg", "-F", "-l", "--hidden", "--no-require-git", "claude", tree], {0, 1}),
    ]
    res = {n: {"wall": [], "cpu": [], "rss": [], "codes": set()} for n, _, _ in cmds}
    for i in range(a.warmup + a.runs):
        order = cmds if i % 2 == 0 else cmds[::-1]
        for name, argv, ok in order:
            wall, cpu, rss, code = run_once(argv)
            if code not in ok:
                die("%s exited %s (expected %s): %s" % (name, code, sorted(ok), shlex.join(argv)))
            r = res[name]
            r["rss"].append(rss)
            r["codes"].add(code)
            if i >= a.warmup:
                r["wall"].append(wall)
                r["cpu"].append(cpu)
        print("round %d/%d done (%s)" % (i + 1, a.warmup + a.runs,
              "warmup" if i < a.warmup else "timed"), file=sys.stderr, flush=True)

    if a.peers:
        scratch = tempfile.mkdtemp(prefix="bench-real-peers-")
        os.makedirs(os.path.join(scratch, "home"))
        env = dict(os.environ, HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
                   http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",
                   NO_COLOR="1", LASTORDERS_OFFLINE="1")
        for peer in PEERS:
            if a.peer and peer["name"] not in a.peer:
                continue
            bindir = os.path.join(os.path.abspath(a.peers), peer["name"], "bin")
            argv = shlex.split(peer["cmd"].format(tree=tree, as_of=a.as_of, scratch=scratch))
            penv = dict(env, HOME=os.path.join(scratch, "home")) if peer.get("home") else env
            exe = os.path.join(bindir, argv[0])
            name = "%s %s" % (peer["name"], peer["version"])
            if not os.access(exe, os.X_OK):
                print("%s: not installed in %s, skipped" % (name, bindir), file=sys.stderr)
                continue
            r = res[name] = {"wall": [], "cpu": [], "rss": [], "codes": set(), "peer": True,
                             "cmd": peer["cmd"].format(tree="DIR", as_of=a.as_of,
                                                       scratch="SCRATCH")}
            for _ in range(a.peer_runs):
                wall, cpu, rss, code = run_once([exe] + argv[1:], env=penv, cwd=scratch,
                                                timeout=a.peer_timeout)
                r["wall"].append(wall)
                r["cpu"].append(cpu)
                r["rss"].append(rss)
                r["codes"].add("stopped" if code is None else code)
                if code is None:
                    break
                if code not in peer["codes"]:
                    print("%s exited %d" % (name, code), file=sys.stderr)
            print("%s done" % name, file=sys.stderr, flush=True)
        shutil.rmtree(scratch, ignore_errors=True)

    print()
    print("load:     %s (after the runs)" % loadavg())
    print()
    base = res["rg -F -l claude"]
    bw, bc = statistics.median(base["wall"]), statistics.median(base["cpu"])
    print("| command | exit | runs | median wall s | min–max s | median CPU s | peak RSS MB "
          "| × rg wall | × rg CPU |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in res.items():
        w, c = statistics.median(r["wall"]), statistics.median(r["cpu"])
        stopped = "stopped" in r["codes"]
        codes = ",".join(str(x) for x in sorted(r["codes"], key=str))
        more = "> " if stopped else ""
        print("| `%s` | %s | %d | %s%.3f | %.3f–%.3f | %s%s | %s | %s%.2f | %s |" % (
            r.get("cmd", name) if r.get("peer") else name, codes, len(r["wall"]), more, w,
            min(r["wall"]), max(r["wall"]), "" if stopped else more, "–" if stopped else "%.3f" % c,
            "–" if stopped else "%.1f" % (max(r["rss"]) / 1024), more, w / bw,
            "–" if stopped else "%.2f" % (c / bc)))
    chk = res["remodel check"]
    cw = statistics.median(chk["wall"])
    rss = max(chk["rss"]) / 1024
    print()
    print("check / rg wall: %.3f s / %.3f s = %.2f× (target ≤ 2.0×: %s); peak RSS of check "
          "%.1f MB (target ≤ 150 MB: %s)" % (cw, bw, cw / bw, "met" if cw / bw <= 2.0 else
                                             "MISSED", rss, "met" if rss <= 150 else "MISSED"))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"header": header, "tree": st,
                       "results": {n: dict(r, codes=sorted(r["codes"], key=str))
                                   for n, r in res.items()}}, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="download the pinned archives and unpack the tree")
    b.add_argument("--out", required=True)
    b.add_argument("--cache", help="where archives are kept [OUT.archives]")
    b.add_argument("--force", action="store_true", help="replace a non-empty OUT")
    b.add_argument("--pypi", default=os.environ.get("BENCH_PYPI", "https://pypi.org"))
    b.add_argument("--npm", default=os.environ.get("BENCH_NPM", "https://registry.npmjs.org"))
    r = sub.add_parser("run", help="time remodel, rg and the peers on the tree")
    r.add_argument("--tree", required=True)
    r.add_argument("--remodel", required=True)
    r.add_argument("--runs", type=int, default=5)
    r.add_argument("--warmup", type=int, default=1)
    r.add_argument("--as-of", default="2026-12-01")
    r.add_argument("--peers", help="the folder `bench_real.py peers --venv` installed into")
    r.add_argument("--peer", action="append", help="time only this peer (repeatable)")
    r.add_argument("--peer-runs", type=int, default=1)
    r.add_argument("--peer-timeout", type=float, default=600)
    r.add_argument("--json")
    p = sub.add_parser("peers", help="install the pinned peer scanners, one venv each")
    p.add_argument("--venv", required=True)
    s = sub.add_parser("split", help="hard-link the tree into its `claude` and other files")
    s.add_argument("--tree", required=True)
    s.add_argument("--out", required=True)
    a = ap.parse_args()
    {"build": cmd_build, "run": cmd_run, "peers": cmd_peers, "split": cmd_split}[a.cmd](a)


if __name__ == "__main__":
    main()
