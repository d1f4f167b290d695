//! Documentation pages: the fenced code blocks of Markdown (MDX, Quarto, R Markdown), the code
//! directives and literal blocks of reStructuredText, and the source blocks of AsciiDoc are
//! scanned in the language they name, and YAML front matter as YAML; everything else is prose and
//! is reported only.

use crate::context::Context;
use crate::shell::{self, Syntax};
use crate::{Error, Hit, Lang, RawFinding, Scanner};
use std::ops::Range;

/// A fenced code block: its info string, the bytes between the fences, and the indentation of
/// its opening fence (a fence under a list item, an admonition or a tab is indented; its body
/// lines carry that indentation too).
pub(crate) struct Fence {
    pub info: String,
    pub body: Range<usize>,
    pub indent: usize,
}

/// YAML front matter: a first line `---`, up to the next `---` or `...` line.
fn front_matter(src: &[u8]) -> Option<Fence> {
    let first = memchr::memchr(b'\n', src)?;
    if trim_cr(&src[..first]) != b"---" {
        return None;
    }
    let body_start = first + 1;
    let mut pos = body_start;
    while pos < src.len() {
        let end = memchr::memchr(b'\n', &src[pos..]).map_or(src.len(), |i| pos + i);
        if matches!(trim_cr(&src[pos..end]), b"---" | b"...") {
            return Some(Fence {
                info: "yaml".to_string(),
                body: body_start..pos,
                indent: 0,
            });
        }
        pos = end + 1;
    }
    None
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The code blocks of a Markdown document: its front matter, then its fenced blocks.
fn blocks(src: &[u8]) -> Vec<Fence> {
    let front = front_matter(src);
    let rest = front.as_ref().map_or(0, |f| f.body.end);
    let mut out: Vec<Fence> = front.into_iter().collect();
    out.extend(fences(&src[rest..]).into_iter().map(|mut f| {
        f.body = f.body.start + rest..f.body.end + rest;
        f
    }));
    // A page is written in one markup; blocks of another inside a fence are its content.
    for b in rst_blocks(src).into_iter().chain(asciidoc_blocks(src)) {
        if !out
            .iter()
            .any(|o| o.body.start < b.body.end && b.body.start < o.body.end)
        {
            out.push(b);
        }
    }
    out
}

/// The lines of `src`: (start, end without the newline).
fn lines(src: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= src.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &src[pos..]).map_or(src.len(), |i| pos + i);
        let line = (pos, end);
        pos = end + 1;
        Some(line)
    })
}

fn indent_of(line: &[u8]) -> usize {
    line.iter().take_while(|b| **b == b' ').count()
}

/// reStructuredText code: `.. code-block:: python` (also `code::`, `sourcecode::`), its options
/// (`:linenos:`), then the block indented under it; and a literal block after a paragraph that
/// ends with `::`, whose language is sniffed.
fn rst_blocks(src: &[u8]) -> Vec<Fence> {
    let all: Vec<(usize, usize)> = lines(src).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let (s, e) = all[i];
        let line = trim_cr(&src[s..e]);
        let d = indent_of(line);
        let rest = &line[d..];
        let info = [&b".. code-block::"[..], b".. code::", b".. sourcecode::"]
            .iter()
            .find_map(|p| rest.strip_prefix(*p))
            .map(|l| String::from_utf8_lossy(l).trim().to_string())
            .or_else(|| {
                (rest.ends_with(b"::") && !rest.starts_with(b"..") && !rest.trim_ascii().is_empty())
                    .then(String::new)
            });
        let Some(info) = info else {
            i += 1;
            continue;
        };
        // Options right under the directive, then the indented body.
        let mut j = i + 1;
        while j < all.len() {
            let l = trim_cr(&src[all[j].0..all[j].1]);
            if indent_of(l) > d && l[indent_of(l)..].starts_with(b":") {
                j += 1;
            } else {
                break;
            }
        }
        let mut body: Option<(usize, usize, usize)> = None; // start, end, indent
        while j < all.len() {
            let l = trim_cr(&src[all[j].0..all[j].1]);
            if l.trim_ascii().is_empty() {
                j += 1;
                continue;
            }
            let n = indent_of(l);
            if n <= d {
                break;
            }
            body = Some(match body {
                None => (all[j].0, all[j].1, n),
                Some((start, _, ind)) => (start, all[j].1, ind.min(n)),
            });
            j += 1;
        }
        if let Some((start, end, indent)) = body {
            out.push(Fence {
                info,
                body: start..(end + 1).min(src.len()),
                indent,
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// AsciiDoc source blocks: `[source,python]` then a block delimited by `----` lines.
fn asciidoc_blocks(src: &[u8]) -> Vec<Fence> {
    let all: Vec<(usize, usize)> = lines(src).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < all.len() {
        let line = trim_cr(&src[all[i].0..all[i].1]).trim_ascii();
        let Some(attrs) = line
            .strip_prefix(b"[source")
            .and_then(|r| r.strip_suffix(b"]"))
        else {
            i += 1;
            continue;
        };
        let info = String::from_utf8_lossy(attrs.strip_prefix(b",").unwrap_or(attrs))
            .split(',')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let delim = trim_cr(&src[all[i + 1].0..all[i + 1].1]).trim_ascii_end();
        if delim.len() < 4 || !delim.iter().all(|b| *b == b'-') {
            i += 1;
            continue;
        }
        let close = (i + 2..all.len())
            .find(|&k| trim_cr(&src[all[k].0..all[k].1]).trim_ascii_end() == delim);
        let start = (all[i + 1].1 + 1).min(src.len());
        let end = close.map_or(src.len(), |k| all[k].0);
        out.push(Fence {
            info,
            body: start..end.max(start),
            indent: 0,
        });
        i = close.map_or(all.len(), |k| k + 1);
    }
    out
}

/// The fenced code blocks of a CommonMark document (``` or ~~~), at any indentation: fences
/// nested in list items, admonitions and tabs (`=== "Python"` then a fence indented four spaces)
/// are code too.
pub(crate) fn fences(src: &[u8]) -> Vec<Fence> {
    let mut out = Vec::new();
    // fence char, length, info, body start, indent
    let mut open: Option<(u8, usize, String, usize, usize)> = None;
    let mut pos = 0;
    let mut prev: &[u8] = b"";
    while pos < src.len() {
        let end = memchr::memchr(b'\n', &src[pos..]).map_or(src.len(), |i| pos + i);
        let next = (end + 1).min(src.len());
        let line = &src[pos..end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let rest = &line[indent.min(line.len())..];
        let ch = rest.first().copied();
        let run = rest.iter().take_while(|b| Some(**b) == ch).count();
        // A line of `~` under a title at least as long is a reStructuredText heading.
        let title = prev.trim_ascii();
        let underline = ch == Some(b'~')
            && trim_cr(rest).len() == run
            && !title.is_empty()
            && !title.starts_with(b"~")
            && !title.starts_with(b"`")
            && run >= title.len();
        let is_fence =
            matches!(ch, Some(b'`' | b'~')) && run >= 3 && !(open.is_none() && underline);
        prev = line;
        match &open {
            None if is_fence => {
                let info = String::from_utf8_lossy(&rest[run..]).trim().to_string();
                if !(ch == Some(b'`') && info.contains('`')) {
                    open = Some((ch.unwrap_or(b'`'), run, info, next, indent));
                }
            }
            Some((c, len, _, _, _))
                if is_fence
                    && ch == Some(*c)
                    && run >= *len
                    && rest[run..].iter().all(|b| b.is_ascii_whitespace()) =>
            {
                let (_, _, info, body_start, indent) = open.take().expect("open fence");
                out.push(Fence {
                    info,
                    body: body_start..pos,
                    indent,
                });
            }
            _ => {}
        }
        pos = next;
    }
    if let Some((_, _, info, body_start, indent)) = open {
        out.push(Fence {
            info,
            body: body_start..src.len(),
            indent,
        });
    }
    out
}

/// The language of a fence without an info string, from its lines: shell when they read as
/// commands (a `$ ` prompt, a first word such as `python`, `pip`, `curl`, `export`), else Python
/// or JavaScript when the block parses without errors in that language; `None` otherwise.
fn sniff(body: &[u8]) -> Option<Lang> {
    const COMMANDS: &[&str] = &[
        "python",
        "python3",
        "pip",
        "pip3",
        "uv",
        "uvx",
        "npm",
        "npx",
        "pnpm",
        "yarn",
        "node",
        "curl",
        "export",
        "claude",
        "aider",
        "llm",
        "docker",
        "bash",
        "sh",
        "git",
        "make",
        "poetry",
        "bun",
        "deno",
        "promptfoo",
        "litellm",
    ];
    let lines: Vec<&[u8]> = body
        .split(|b| *b == b'\n')
        .map(|l| l.trim_ascii())
        .filter(|l| !l.is_empty() && !l.starts_with(b"#"))
        .collect();
    if lines.is_empty() {
        return None;
    }
    let command = |l: &&[u8]| {
        let l = l.strip_prefix(b"$ ").unwrap_or(l);
        let first = l
            .split(|b| b.is_ascii_whitespace())
            .next()
            .unwrap_or_default();
        COMMANDS.iter().any(|c| c.as_bytes() == first)
    };
    if lines.iter().any(|l| l.starts_with(b"$ ")) || lines.iter().all(command) {
        return Some(Lang::Shell);
    }
    // Parsing is the test for code; text that is not code sends a parser into costly error
    // recovery, so only blocks of ordinary size are tried.
    const SNIFF_UP_TO: usize = 8 * 1024;
    if body.len() > SNIFF_UP_TO {
        return None;
    }
    [Lang::Python, Lang::JavaScript]
        .into_iter()
        .find(|&lang| crate::error_count(lang, body).is_ok_and(|n| n == 0))
}

/// Sampling and thinking parameters set anywhere in a code example: `temperature=0.2`,
/// `"top_k": 40`, `budget_tokens: 1024`, with their values and 1-based lines.
fn example_parameters(text: &[u8]) -> Vec<crate::Companion> {
    const KEYS: &[&str] = &["temperature", "top_p", "top_k", "budget_tokens"];
    let mut out: Vec<crate::Companion> = Vec::new();
    for (n, line) in text.split(|b| *b == b'\n').enumerate() {
        for key in KEYS {
            if out.iter().any(|c| c.id == *key) {
                continue;
            }
            for at in memchr::memmem::find_iter(line, key.as_bytes()) {
                let before = line[..at].last().copied();
                if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    continue;
                }
                let rest = &line[at + key.len()..];
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest)
                    .trim_ascii_start();
                let Some(value) = rest
                    .strip_prefix(b":")
                    .or_else(|| rest.strip_prefix(b"=").filter(|r| !r.starts_with(b"=")))
                else {
                    continue;
                };
                let value = value.trim_ascii_start();
                let num: String = value
                    .iter()
                    .take_while(|b| b.is_ascii_digit() || **b == b'.' || **b == b'_')
                    .filter(|b| **b != b'_')
                    .map(|b| *b as char)
                    .collect();
                let Ok(v) = num.parse::<f64>() else {
                    continue; // a variable or a type annotation, not a setting
                };
                out.push(crate::Companion {
                    id: key.to_string(),
                    text: String::from_utf8_lossy(line.trim_ascii()).into_owned(),
                    value: Some(v),
                    line: n + 1,
                });
                break;
            }
        }
    }
    out
}

/// The bytes of an indented block with `indent` leading spaces taken off each line, and for each
/// byte kept the offset it came from.
fn dedent(src: &[u8], body: Range<usize>, indent: usize) -> (Vec<u8>, Vec<usize>) {
    let mut text = Vec::with_capacity(body.len());
    let mut map = Vec::with_capacity(body.len());
    let mut at_line_start = true;
    let mut skipped = 0;
    for i in body {
        let b = src[i];
        if at_line_start && b == b' ' && skipped < indent {
            skipped += 1;
            continue;
        }
        at_line_start = false;
        text.push(b);
        map.push(i);
        if b == b'\n' {
            at_line_start = true;
            skipped = 0;
        }
    }
    (text, map)
}

/// The paragraph of prose right before a code block: up to 6 non-blank lines above its opening
/// line, stopping at a blank line, a heading or another block.
fn paragraph_before(src: &[u8], body_start: usize, floor: usize) -> Option<(usize, &[u8])> {
    // The opening fence or directive line, then the lines above it.
    let open = src[..body_start.saturating_sub(1)]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let mut end = open;
    let mut start = open;
    for _ in 0..6 {
        if start <= floor || start == 0 {
            break;
        }
        let s = src[..start - 1]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
            .max(floor);
        let line = src[s..start - 1].trim_ascii();
        if line.is_empty() {
            if start == end {
                end = s;
                start = s;
                continue; // blank lines right above the block
            }
            break;
        }
        if line.starts_with(b"#") {
            break;
        }
        start = s;
    }
    (start < end).then(|| (start, &src[start..end]))
}

/// The page's title: its first `# ` heading.
fn title<'s>(src: &'s [u8], blocks: &[Fence]) -> Option<(usize, &'s [u8])> {
    let mut pos = 0;
    for line in src.split(|b| *b == b'\n') {
        let here = pos;
        pos += line.len() + 1;
        if line.starts_with(b"# ") && !blocks.iter().any(|b| b.body.contains(&here)) {
            return Some((here, line));
        }
    }
    None
}

pub(crate) fn scan(scanner: &Scanner, src: &[u8], hits: &[Hit]) -> Result<Vec<RawFinding>, Error> {
    let blocks = blocks(src);
    let page_title = title(src, &blocks);
    let mut marks = crate::code::Marks::default();
    let mut out = Vec::new();
    let mut done = vec![false; blocks.len()];
    for hit in hits {
        let Some(b) = blocks
            .iter()
            .position(|b| b.body.contains(&hit.range.start))
        else {
            // Prose is never rewritten, not even a `--model` flag in inline code.
            out.push(RawFinding::mention(hit, Context::Prose));
            continue;
        };
        if done[b] {
            continue;
        }
        done[b] = true;
        let block = &blocks[b];
        // The block's code as its language sees it: without the fence's indentation.
        let (text, map) = if block.indent > 0 {
            dedent(src, block.body.clone(), block.indent)
        } else {
            (
                src[block.body.clone()].to_vec(),
                block.body.clone().collect(),
            )
        };
        let lang = if block.info.trim().is_empty() {
            sniff(&text)
        } else {
            Lang::from_name(&block.info)
        };
        let found = match lang {
            Some(lang) if lang != Lang::Markdown => scanner.raw_scan(lang, &text)?,
            _ => {
                // A block in a language we do not parse: only `--model` flags are rewritten.
                scanner
                    .hits(&text)
                    .iter()
                    .map(|h| shell::finding(scanner, &text, h, Syntax::Inline, Context::Text))
                    .collect()
            }
        };
        // An example is one unit: sampling and thinking settings anywhere in the block (a
        // settings object beside the model, `temperature=0.2` in another call) go with each of
        // its models.
        let mut found = found;
        let params = example_parameters(&text);
        for f in found.iter_mut().filter(|f| f.fix == crate::Fix::Safe) {
            for c in &params {
                if !f.companions.iter().any(|have| have.id == c.id) {
                    f.companions.push(c.clone());
                }
            }
        }
        // Prose that says which model the example uses: the paragraph above it, the title.
        let floor = blocks
            .iter()
            .filter(|o| o.body.end <= block.body.start)
            .map(|o| o.body.end)
            .max()
            .unwrap_or(0);
        let above = paragraph_before(src, block.body.start, floor);
        let line_at = |at: usize| memchr::memchr_iter(b'\n', &src[..at]).count() + 1;
        for f in found.iter_mut().filter(|f| f.fix == crate::Fix::Safe) {
            let id = text[f.range.clone()].to_vec();
            let said = [
                ("paragraph above the code", above),
                ("page's title", page_title),
            ]
            .into_iter()
            .find_map(|(what, prose)| {
                let (at, prose) = prose?;
                crate::naming::prose_names(scanner, &mut marks, prose, &id).map(|p| {
                    format!(
                        "the {what} (line {}) names the model (\"{p}\")",
                        line_at(at)
                    )
                })
            });
            if let Some(why) = said {
                f.demote("name-encodes-model", Context::NamedModel, why);
            }
        }
        let first_line = memchr::memchr_iter(b'\n', &src[..block.body.start]).count();
        for mut f in found {
            if f.range.is_empty() || f.range.end > map.len() {
                continue;
            }
            for c in &mut f.companions {
                c.line += first_line;
            }
            // Dedenting removes only leading spaces: a range inside a line maps back whole.
            f.range = map[f.range.start]..map[f.range.end - 1] + 1;
            out.push(f);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_of_an_example() {
        let got: Vec<(String, Option<f64>, usize)> = example_parameters(
            b"m = Model('x')\ns = Settings(temperature=0.2,\n  thinking={'type': 'enabled', 'budget_tokens': 1_024})\nif temperature == 1: pass\ntop_k: int = 3\n",
        )
        .into_iter()
        .map(|c| (c.id, c.value, c.line))
        .collect();
        assert_eq!(
            got,
            [
                ("temperature".to_string(), Some(0.2), 2),
                ("budget_tokens".to_string(), Some(1024.0), 3),
            ]
        );
    }

    #[test]
    fn rst_and_asciidoc_blocks() {
        let src = b"Intro::\n\n    claude --model x\n\nText.\n\n.. code-block:: python\n   :linenos:\n\n   a = 1\n\n     b = 2\n\nAfter.\n\n[source,js]\n----\nconst m = 1;\n----\n";
        let b = blocks(src);
        let got: Vec<(&str, &[u8], usize)> = b
            .iter()
            .map(|f| (f.info.as_str(), &src[f.body.clone()], f.indent))
            .collect();
        assert_eq!(
            got,
            [
                ("", &b"    claude --model x\n"[..], 4),
                ("python", b"   a = 1\n\n     b = 2\n", 3),
                ("js", b"const m = 1;\n", 0),
            ]
        );
        // A heading underlined with `~` opens no fence.
        let src = b"Setup\n~~~~~\n\n.. code-block:: toml\n\n    model = \"x\"\n\nMore\n~~~~\n";
        let b = blocks(src);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].info, "toml");
        // A directive of another kind, and `::` ending a line of a code block, are not blocks.
        assert!(blocks(b".. note::\n\n   see this\n").is_empty());
        assert!(blocks(b"```py\nx = {'a::': 1}\n```\n").len() == 1);
    }

    #[test]
    fn front_matter_then_fences() {
        let src = b"---\nmodel: x\n---\n# T\n```py\na = 1\n```\n";
        let b = blocks(src);
        assert_eq!(b.len(), 2);
        assert_eq!(
            (b[0].info.as_str(), &src[b[0].body.clone()]),
            ("yaml", &b"model: x\n"[..])
        );
        assert_eq!(
            (b[1].info.as_str(), &src[b[1].body.clone()]),
            ("py", &b"a = 1\n"[..])
        );
        // A rule further down is not front matter.
        assert_eq!(blocks(b"# T\n---\nmodel: x\n---\n").len(), 0);
    }
}
