//! Markdown: fenced code blocks are scanned in the language their info string names, and YAML
//! front matter as YAML; everything else is prose and is reported only.

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
    while pos < src.len() {
        let end = memchr::memchr(b'\n', &src[pos..]).map_or(src.len(), |i| pos + i);
        let next = (end + 1).min(src.len());
        let line = &src[pos..end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let rest = &line[indent.min(line.len())..];
        let ch = rest.first().copied();
        let run = rest.iter().take_while(|b| Some(**b) == ch).count();
        let is_fence = matches!(ch, Some(b'`' | b'~')) && run >= 3;
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

pub(crate) fn scan(scanner: &Scanner, src: &[u8], hits: &[Hit]) -> Result<Vec<RawFinding>, Error> {
    let blocks = blocks(src);
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
