#!/usr/bin/env python3
"""Deterministic synthetic source trees for scripts/bench.sh.

Two kinds of tree:

  gen_tree.py scan OUT [--files N] [--size-mb M] [--seed S] [--id-rate R] [--lookalike-rate R]
      A monorepo-like tree of py/ts/tsx/js/json/yaml/md files. About R (default 5%) of the files
      mention a model ID (retired, deprecated and live ones, in the usual places: a `model=`
      argument, a constant, a config value, a comment, Markdown prose); a few percent more contain
      the word "claude" in unrelated ways (`@anthropic-ai/claude-code`, `claude_desktop_config`),
      which pass a `claude` prefilter but name no model. The rest is plausible code without IDs.

  gen_tree.py fix OUT [--files N] [--per-file K] [--seed S]
      N files (default 1,000) with exactly K (default 10) fixable findings each: every mention is a
      retired model ID passed as `model=` / `model:` / a config value.

The same arguments always give byte-identical trees: the only randomness is random.Random(seed)
.random(), whose sequence Python guarantees across versions; every choice is derived from it here.
Prints a JSON summary (files, bytes, files per kind, planted mentions) on stdout.
Standard library only.
"""

import argparse
import json
import math
import os
import random
import sys

# ------------------------------------------------------------------------------------------------
# Randomness: only Random.random() is used, so the output does not depend on the Python version.
# ------------------------------------------------------------------------------------------------


class Rng:
    def __init__(self, seed):
        self._r = random.Random(seed)
        self.random = self._r.random

    def below(self, n):
        return min(int(self.random() * n), n - 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.random() * total
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        return pairs[-1][0]

    def chance(self, p):
        return self.random() < p

    def gauss(self):
        # Box-Muller on random() alone.
        u1 = max(self.random(), 1e-12)
        u2 = self.random()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


# ------------------------------------------------------------------------------------------------
# Vocabulary
# ------------------------------------------------------------------------------------------------

NOUNS = (
    "user account order invoice payment session token cache request response payload config "
    "record batch stream client server handler result buffer metric event queue worker job task "
    "schedule report message channel topic tenant project workspace document page index entry "
    "item product price cart customer address profile setting feature flag policy role permission "
    "audit log trace span counter gauge histogram snapshot backup region zone cluster node pod "
    "volume bucket object blob key secret credential certificate route endpoint gateway proxy"
).split()
VERBS = (
    "get set load save fetch update remove create build parse render format validate normalize "
    "compute resolve merge split filter map reduce sort group flush sync refresh retry schedule "
    "dispatch enqueue dequeue publish subscribe encode decode serialize hydrate prune archive"
).split()
ADJS = (
    "active pending stale primary secondary default current next previous remote local cached "
    "raw clean dirty partial full empty"
).split()
WORDS = (
    "the a an of to in for on with by from this that these those each every when while after "
    "before because so and or but not only also then thus here there service module request "
    "data system value field method test build release deploy change update support handle "
    "return error retry timeout limit page user team project file path version state cache"
).split()
PKGS_PY = ["os", "sys", "json", "logging", "typing", "dataclasses", "pathlib", "re", "time",
           "datetime", "functools", "itertools", "collections", "asyncio", "uuid", "hashlib"]
PKGS_JS = ["react", "lodash", "axios", "express", "zod", "dayjs", "uuid", "@tanstack/react-query",
           "next/router", "redux", "immer", "clsx", "date-fns", "pino", "yup", "ws"]
OTHER_MODELS = ["gpt-4o", "gpt-4o-mini", "o3-mini", "gemini-1.5-pro", "llama-3.1-70b",
                "mistral-large-latest", "text-embedding-3-small", "command-r-plus"]


def ident(r, parts=2):
    ws = [r.pick(VERBS)] + [r.pick(NOUNS) for _ in range(parts - 1)]
    return "_".join(ws)


def camel(r, parts=2):
    ws = [r.pick(VERBS)] + [r.pick(NOUNS) for _ in range(parts - 1)]
    return ws[0] + "".join(w.capitalize() for w in ws[1:])


def pascal(r, parts=2):
    return "".join(r.pick(NOUNS).capitalize() for _ in range(parts))


def sentence(r, lo=6, hi=18):
    n = lo + r.below(hi - lo + 1)
    s = " ".join(r.pick(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def literal(r):
    k = r.below(6)
    if k == 0:
        return str(r.below(10000))
    if k == 1:
        return '"%s"' % r.pick(NOUNS)
    if k == 2:
        return "%d.%d" % (r.below(100), r.below(100))
    if k == 3:
        return '"%s-%s"' % (r.pick(ADJS), r.pick(NOUNS))
    if k == 4:
        return "None"
    return "True" if r.chance(0.5) else "False"


def js_literal(r):
    v = literal(r)
    return {"None": "null", "True": "true", "False": "false"}.get(v, v)


# ------------------------------------------------------------------------------------------------
# Model IDs. Forms the registry knows: canonical IDs, aliases, Bedrock and Vertex IDs; as of
# 2026-11-23 most of these are retired, claude-sonnet-4-5-20250929 is deprecated, and the last
# group is live (parsed, not reported).
# ------------------------------------------------------------------------------------------------

OLD_IDS = [
    "claude-3-opus-20240229", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20240620",
    "claude-3-haiku-20240307", "claude-3-5-haiku-20241022", "claude-3-7-sonnet-20250219",
    "claude-3-sonnet-20240229", "claude-2.1", "claude-2.0", "claude-instant-1.2",
    "claude-3-5-sonnet-latest", "claude-3-opus-latest", "claude-3-7-sonnet-latest",
    "claude-sonnet-4-20250514", "claude-opus-4-20250514", "claude-opus-4-1-20250805",
    "claude-sonnet-4-5-20250929",
]
CLOUD_IDS = [
    "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "anthropic.claude-3-opus-20240229-v1:0", "claude-3-opus@20240229", "claude-3-haiku@20240307",
]
LIVE_IDS = ["claude-opus-4-8", "claude-sonnet-4-6", "claude-haiku-5-5", "claude-sonnet-5-5",
            "claude-opus-5-5"]
# Retired IDs whose fix is certain in a `model=` context (used by the fix tree).
FIX_IDS = [
    "claude-3-opus-20240229", "claude-3-5-sonnet-20241022", "claude-3-haiku-20240307",
    "claude-3-5-haiku-20241022", "claude-3-7-sonnet-20250219", "claude-3-sonnet-20240229",
    "claude-2.1", "claude-instant-1.2", "claude-sonnet-4-20250514", "claude-opus-4-20250514",
]

LOOKALIKES = [
    "@anthropic-ai/claude-code", "claude-code", "claude_desktop_config", "claude-dev",
    "claude-cli", "claudeClient", "use-claude-hook", "claude-sdk-wrapper", "claude_agent_tools",
    "docs/claude-integration",
]


def model_id(r):
    return r.weighted([(r.pick(OLD_IDS), 70), (r.pick(CLOUD_IDS), 10), (r.pick(LIVE_IDS), 20)])


# ------------------------------------------------------------------------------------------------
# Mentions: one snippet naming a model, per file kind.
# ------------------------------------------------------------------------------------------------


def mention(kind, r, mid):
    v = ident(r)
    if kind == "py":
        return r.weighted([
            ('    response = client.messages.create(model="%s", max_tokens=%d, messages=messages)\n'
             % (mid, 256 * (1 + r.below(16))), 40),
            ('%s_MODEL = "%s"\n' % (r.pick(NOUNS).upper(), mid), 25),
            ('    model: str = "%s"\n' % mid, 10),
            ('    # %s was tuned against %s\n' % (v, mid), 15),
            ('MODELS = {"default": "%s", "fallback": "%s"}\n' % (mid, r.pick(OTHER_MODELS)), 10),
        ])
    if kind in ("ts", "tsx", "js"):
        return r.weighted([
            ('  const %s = await anthropic.messages.create({ model: "%s", max_tokens: %d, messages });\n'
             % (camel(r), mid, 256 * (1 + r.below(16))), 40),
            ('export const %s_MODEL = "%s";\n' % (r.pick(NOUNS).upper(), mid), 30),
            ("  // %s was tuned against %s\n" % (camel(r), mid), 15),
            ('  model: "%s",\n' % mid, 15),
        ])
    if kind == "json":
        return '  "model": "%s",\n' % mid
    if kind == "yaml":
        return r.weighted([("  model: %s\n" % mid, 70), ("  model_id: \"%s\"\n" % mid, 20),
                           ("  # previously %s\n" % mid, 10)])
    # md
    return r.weighted([
        ("We call `%s` for %s. %s\n\n" % (mid, r.pick(NOUNS), sentence(r)), 50),
        ('```python\nclient.messages.create(model="%s", max_tokens=1024, messages=msgs)\n```\n\n'
         % mid, 50),
    ])


def lookalike(kind, r):
    w = r.pick(LOOKALIKES)
    if kind == "py":
        return "    # see %s for the %s flow\n" % (w, r.pick(NOUNS))
    if kind in ("ts", "tsx", "js"):
        return 'import { %s } from "%s";\n' % (camel(r), w)
    if kind == "json":
        return '  "%s": "^%d.%d.%d",\n' % (w, r.below(3), r.below(20), r.below(10))
    if kind == "yaml":
        return "  image: registry.example.com/%s:%d.%d\n" % (w.lstrip("@").replace("/", "-"),
                                                             r.below(5), r.below(30))
    return "See the %s notes in `%s`. %s\n\n" % (r.pick(NOUNS), w, sentence(r))


# ------------------------------------------------------------------------------------------------
# Filler blocks per kind: plausible code without any model ID and without the word "claude".
# ------------------------------------------------------------------------------------------------


def py_header(r):
    lines = ['"""%s"""\n\n' % sentence(r)]
    for p in sorted({r.pick(PKGS_PY) for _ in range(3 + r.below(5))}):
        lines.append("import %s\n" % p)
    lines.append("\nlogger = logging.getLogger(__name__)\n\n")
    return "".join(lines)


def py_block(r):
    k = r.below(4)
    if k == 0:
        name, args = ident(r), ", ".join(ident(r, 1) for _ in range(1 + r.below(3)))
        body = ['def %s(%s):\n    """%s"""\n' % (name, args, sentence(r))]
        for _ in range(2 + r.below(8)):
            body.append(r.pick([
                "    %s = %s\n" % (ident(r), literal(r)),
                "    if %s is None:\n        return %s\n" % (ident(r, 1), literal(r)),
                "    for %s in %s:\n        %s.append(%s)\n" % (r.pick(NOUNS), ident(r), ident(r, 1), r.pick(NOUNS)),
                '    logger.info("%s %%s", %s)\n' % (sentence(r, 3, 8), ident(r, 1)),
                "    %s = %s(%s, %s=%s)\n" % (ident(r), ident(r), ident(r, 1), r.pick(NOUNS), literal(r)),
            ]))
        body.append("    return %s\n\n\n" % ident(r, 1))
        return "".join(body)
    if k == 1:
        cls = pascal(r)
        out = ["class %s:\n    \"\"\"%s\"\"\"\n\n    def __init__(self, %s):\n" % (cls, sentence(r), ident(r, 1))]
        for _ in range(2 + r.below(4)):
            out.append("        self.%s = %s\n" % (r.pick(NOUNS), literal(r)))
        for _ in range(1 + r.below(3)):
            out.append("\n    def %s(self, %s=%s):\n" % (ident(r), ident(r, 1), literal(r)))
            for _ in range(1 + r.below(4)):
                out.append("        self.%s = %s\n" % (r.pick(NOUNS), ident(r, 1)))
            out.append("        return self.%s\n" % r.pick(NOUNS))
        out.append("\n\n")
        return "".join(out)
    if k == 2:
        items = ", ".join('"%s": %s' % (r.pick(NOUNS), literal(r)) for _ in range(3 + r.below(6)))
        return "%s = {%s}\n\n" % (ident(r).upper(), items)
    return "# %s\n%s = %s\n\n" % (sentence(r), ident(r).upper(), literal(r))


def js_header(r, kind):
    lines = []
    for p in sorted({r.pick(PKGS_JS) for _ in range(2 + r.below(5))}):
        if kind == "js" and r.chance(0.5):
            lines.append('const %s = require("%s");\n' % (camel(r, 1), p))
        else:
            lines.append('import { %s } from "%s";\n' % (camel(r), p))
    if kind == "tsx":
        lines.insert(0, 'import React, { useState, useEffect } from "react";\n')
    lines.append("\n")
    return "".join(lines)


def js_block(r, kind):
    typed = kind in ("ts", "tsx")
    k = r.below(5 if kind == "tsx" else 4)
    if k == 0:
        name = camel(r)
        params = ", ".join(
            "%s%s" % (r.pick(NOUNS), ": %s" % r.pick(["string", "number", "boolean", pascal(r)]) if typed else "")
            for _ in range(1 + r.below(3)))
        out = ["/** %s */\nexport %sfunction %s(%s)%s {\n" % (
            sentence(r), "async " if r.chance(0.3) else "", name, params, ": void" if typed and r.chance(0.3) else "")]
        for _ in range(2 + r.below(8)):
            out.append(r.pick([
                "  const %s = %s;\n" % (camel(r), js_literal(r)),
                "  if (!%s) {\n    return %s;\n  }\n" % (camel(r, 1), js_literal(r)),
                "  for (const %s of %s) {\n    %s.push(%s);\n  }\n" % (r.pick(NOUNS), camel(r), camel(r, 1), r.pick(NOUNS)),
                "  console.debug(`%s ${%s}`);\n" % (sentence(r, 3, 8), camel(r, 1)),
                "  let %s = %s(%s, { %s: %s });\n" % (camel(r), camel(r), camel(r, 1), r.pick(NOUNS), js_literal(r)),
            ]))
        out.append("  return %s;\n}\n\n" % camel(r, 1))
        return "".join(out)
    if k == 1 and typed:
        fields = "".join("  %s%s: %s;\n" % (r.pick(NOUNS), "?" if r.chance(0.3) else "",
                                            r.pick(["string", "number", "boolean", "Date", pascal(r) + "[]"]))
                         for _ in range(3 + r.below(6)))
        return "export interface %s {\n%s}\n\n" % (pascal(r), fields)
    if k == 1 or k == 2:
        items = "".join("  %s: %s,\n" % (r.pick(NOUNS), js_literal(r)) for _ in range(3 + r.below(6)))
        return "export const %s = {\n%s};\n\n" % (camel(r), items)
    if k == 3:
        return "// %s\nconst %s = (%s) => %s.%s(%s);\n\n" % (
            sentence(r), camel(r), r.pick(NOUNS), r.pick(NOUNS), camel(r), js_literal(r))
    comp = pascal(r)
    rows = "".join('      <li key="%s" className="%s">{%s.%s}</li>\n' % (r.pick(NOUNS), r.pick(ADJS), r.pick(NOUNS), r.pick(NOUNS))
                   for _ in range(2 + r.below(5)))
    return ("export function %s({ %s }: %sProps) {\n  const [%s, set%s] = useState(%s);\n"
            "  useEffect(() => {\n    set%s(%s);\n  }, [%s]);\n  return (\n    <ul>\n%s    </ul>\n  );\n}\n\n"
            % (comp, r.pick(NOUNS), comp, r.pick(NOUNS), comp, js_literal(r), comp, js_literal(r), r.pick(NOUNS), rows))


def json_value(r, depth):
    k = r.below(5 if depth < 3 else 3)
    if k == 0:
        return str(r.below(100000))
    if k == 1:
        return '"%s"' % " ".join(r.pick(WORDS) for _ in range(1 + r.below(5)))
    if k == 2:
        return r.pick(["true", "false", "null", '"%s"' % r.pick(NOUNS)])
    pad = "  " * (depth + 1)
    if k == 3:
        return "[%s]" % ", ".join(json_value(r, 3) for _ in range(1 + r.below(5)))
    items = ",\n".join('%s  "%s": %s' % (pad, r.pick(NOUNS) + str(i), json_value(r, depth + 1))
                       for i in range(2 + r.below(5)))
    return "{\n%s\n%s}" % (items, pad)


def json_entry(r, i):
    return '  "%s_%d": %s,\n' % (r.pick(NOUNS), i, json_value(r, 1))


def yaml_block(r):
    k = r.below(3)
    if k == 0:
        out = ["%s:\n" % r.pick(NOUNS)]
        for _ in range(2 + r.below(6)):
            out.append("  %s: %s\n" % (r.pick(NOUNS), js_literal(r).strip('"')))
        return "".join(out)
    if k == 1:
        out = ["%s_steps:\n  - name: %s\n    run: |\n" % (r.pick(VERBS), sentence(r, 2, 5))]
        for _ in range(1 + r.below(4)):
            out.append("      %s --%s=%s\n" % (r.pick(VERBS), r.pick(NOUNS), r.pick(ADJS)))
        return "".join(out)
    return "# %s\n%s_%s:\n  - %s\n  - %s\n" % (sentence(r), r.pick(ADJS), r.pick(NOUNS), r.pick(NOUNS), r.pick(NOUNS))


def md_block(r):
    k = r.below(4)
    if k == 0:
        return "## %s\n\n" % sentence(r, 2, 5).rstrip(".")
    if k == 1:
        return "".join("- %s\n" % sentence(r, 4, 10) for _ in range(2 + r.below(5))) + "\n"
    if k == 2:
        return "```bash\n%s --%s %s\n```\n\n" % (r.pick(VERBS), r.pick(NOUNS), r.pick(ADJS))
    return " ".join(sentence(r) for _ in range(2 + r.below(5))) + "\n\n"


# ------------------------------------------------------------------------------------------------
# Files
# ------------------------------------------------------------------------------------------------

KINDS = [("py", 30), ("ts", 20), ("tsx", 10), ("js", 15), ("json", 10), ("yaml", 8), ("md", 7)]


def build_file(kind, r, target, extras):
    """Filler of about `target` bytes with `extras` (snippets) spliced in at random block
    boundaries. Returns the text."""
    if kind == "py":
        head, block = py_header(r), py_block
    elif kind in ("ts", "tsx", "js"):
        head, block = js_header(r, kind), (lambda rr: js_block(rr, kind))
    elif kind == "yaml":
        head, block = "version: %d\n" % (1 + r.below(3)), yaml_block
    elif kind == "md":
        head, block = "# %s\n\n" % sentence(r, 2, 6).rstrip("."), md_block
    else:
        head, block = "{\n", None
    parts, size, i = [head], len(head), 0
    while size < target:
        if block is None:
            b = json_entry(r, i)
            i += 1
        else:
            b = block(r)
        parts.append(b)
        size += len(b)
    for ex in extras:
        # Never before the header: the snippet lands at a random boundary after it.
        at = 1 + r.below(len(parts))
        if ex.startswith("  ") and kind != "json":
            # Indented snippets go inside a wrapper so the file stays syntactically plausible.
            if kind == "py":
                ex = "def %s(messages):\n%s    return None\n\n\n" % (ident(r), ex)
            elif kind in ("ts", "tsx", "js"):
                ex = (("export async function %s(messages) {\n%s}\n\n" % (camel(r), ex))
                      if "await" in ex or "//" in ex else ("export const %s = {\n%s};\n\n" % (camel(r), ex)))
            elif kind == "yaml":
                ex = "%s:\n%s" % (r.pick(NOUNS), ex)
        parts.insert(at, ex)
    if kind == "json":
        parts.append('  "version": "%d.%d.%d"\n}\n' % (r.below(5), r.below(20), r.below(10)))
    return "".join(parts)


def file_size(r, avg):
    # Log-normal sizes (sigma 0.8), mean `avg`, clipped to [200 B, 40 x avg].
    f = math.exp(0.8 * r.gauss() - 0.32)
    return int(min(max(avg * f, 200), avg * 40))


def rel_path(r, idx, kind):
    # At most 4 x 25 x 11 x 3 = 3,300 leaf directories: some ten files each at the default size.
    top = r.pick(["packages", "services", "apps", "libs"])
    pkg = "%s-%s" % (NOUNS[r.below(25)], top[:3])
    sub = r.pick(["src", "lib", "api", "core", "utils", "components"])
    if kind == "md":
        sub = "docs"
    elif kind in ("yaml", "json"):
        sub = r.pick(["config", "deploy", "schemas", "src"])
    mod = r.pick(["common", "internal", "v1"])
    name = "%s_%05d.%s" % (ident(r), idx, kind)
    return os.path.join(top, pkg, sub, mod, name)


def write(root, rel, text):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def gen_scan(a):
    r = Rng(a.seed)
    avg = a.size_mb * 1_000_000 / a.files
    total, per_kind, id_files, mentions, look_files = 0, {}, 0, 0, 0
    old_mentions = 0
    for idx in range(a.files):
        kind = r.weighted(KINDS)
        extras = []
        roll = r.random()
        if roll < a.id_rate:
            id_files += 1
            for _ in range(1 + r.below(3)):
                mid = model_id(r)
                mentions += 1
                old_mentions += mid not in LIVE_IDS
                extras.append(mention(kind, r, mid))
        elif roll < a.id_rate + a.lookalike_rate:
            look_files += 1
            extras.append(lookalike(kind, r))
        text = build_file(kind, r, file_size(r, avg), extras)
        total += write(a.out, rel_path(r, idx, kind), text)
        per_kind[kind] = per_kind.get(kind, 0) + 1
    return {
        "kind": "scan", "seed": a.seed, "files": a.files, "bytes": total, "per_kind": per_kind,
        "files_with_ids": id_files, "id_mentions": mentions, "old_id_mentions": old_mentions,
        "files_with_lookalikes": look_files,
    }


def gen_fix(a):
    r = Rng(a.seed)
    total, per_kind = 0, {}
    kinds = [("py", 40), ("ts", 25), ("js", 15), ("yaml", 10), ("json", 10)]
    for idx in range(a.files):
        kind = r.weighted(kinds)
        if kind == "py":
            calls = "".join(
                '    r%d = client.messages.create(model="%s", max_tokens=1024, messages=messages)\n'
                % (i, r.pick(FIX_IDS)) for i in range(a.per_file))
            extras = ["def %s(client, messages):\n%s    return r0\n\n\n" % (ident(r), calls)]
        elif kind in ("ts", "js"):
            calls = "".join(
                '  const r%d = await anthropic.messages.create({ model: "%s", max_tokens: 1024, messages });\n'
                % (i, r.pick(FIX_IDS)) for i in range(a.per_file))
            extras = ["export async function %s(anthropic, messages) {\n%s  return r0;\n}\n\n" % (camel(r), calls)]
        elif kind == "yaml":
            extras = ["".join("%s_%d:\n  model: %s\n" % (r.pick(NOUNS), i, r.pick(FIX_IDS))
                              for i in range(a.per_file))]
        else:
            extras = ["".join('  "%s_%d": {"model": "%s"},\n' % (r.pick(NOUNS), i, r.pick(FIX_IDS))
                              for i in range(a.per_file))]
        text = build_file(kind, r, file_size(r, 7000), [])
        if kind == "json":
            text = "{\n" + extras[0] + text[2:]
        else:
            text = text + "\n" + extras[0]
        total += write(a.out, rel_path(r, idx, kind), text)
        per_kind[kind] = per_kind.get(kind, 0) + 1
    return {"kind": "fix", "seed": a.seed, "files": a.files, "bytes": total, "per_kind": per_kind,
            "planted_findings": a.files * a.per_file}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("scan")
    s.add_argument("out")
    s.add_argument("--files", type=int, default=30000)
    s.add_argument("--size-mb", type=float, default=200.0)
    s.add_argument("--seed", type=int, default=5)
    s.add_argument("--id-rate", type=float, default=0.05)
    s.add_argument("--lookalike-rate", type=float, default=0.03)
    f = sub.add_parser("fix")
    f.add_argument("out")
    f.add_argument("--files", type=int, default=1000)
    f.add_argument("--per-file", type=int, default=10)
    f.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    if os.path.exists(a.out) and os.listdir(a.out):
        sys.exit("gen_tree.py: %s exists and is not empty" % a.out)
    os.makedirs(a.out, exist_ok=True)
    summary = gen_scan(a) if a.mode == "scan" else gen_fix(a)
    json.dump(summary, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
