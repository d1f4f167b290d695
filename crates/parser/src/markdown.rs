//! Markdown: fenced code blocks are scanned in the language their info string names, and YAML
//! front matter as YAML; everything else is prose and is reported only.

use crate::context::Context;
use crate::shell::{self, Syntax};
use crate::{Error, Hit, Lang, RawFinding, Scanner};
use std::ops::Range;

/// A fenced code block: its info string and the bytes between the fences.
pub(crate) struct Fence {
    pub info: String,
    pub body: Range<usize>,
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

/// The fenced code blocks of a CommonMark document (``` or ~~~, up to three spaces of indent).
pub(crate) fn fences(src: &[u8]) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<(u8, usize, String, usize)> = None; // fence char, length, info, body start
    let mut pos = 0;
    while pos < src.len() {
        let end = memchr::memchr(b'\n', &src[pos..]).map_or(src.len(), |i| pos + i);
        let next = (end + 1).min(src.len());
        let line = &src[pos..end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let rest = &line[indent.min(line.len())..];
        let ch = rest.first().copied();
        let run = rest.iter().take_while(|b| Some(**b) == ch).count();
        let is_fence = indent <= 3 && matches!(ch, Some(b'`' | b'~')) && run >= 3;
        match &open {
            None if is_fence => {
                let info = String::from_utf8_lossy(&rest[run..]).trim().to_string();
                if !(ch == Some(b'`') && info.contains('`')) {
                    open = Some((ch.unwrap_or(b'`'), run, info, next));
                }
            }
            Some((c, len, _, _))
                if is_fence
                    && ch == Some(*c)
                    && run >= *len
                    && rest[run..].iter().all(|b| b.is_ascii_whitespace()) =>
            {
                let (_, _, info, body_start) = open.take().expect("open fence");
                out.push(Fence {
                    info,
                    body: body_start..pos,
                });
            }
            _ => {}
        }
        pos = next;
    }
    if let Some((_, _, info, body_start)) = open {
        out.push(Fence {
            info,
            body: body_start..src.len(),
        });
    }
    out
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
        let body = &src[block.body.clone()];
        match Lang::from_name(&block.info) {
            Some(lang) if lang != Lang::Markdown => {
                let found = scanner.raw_scan(lang, body)?;
                out.extend(found.into_iter().map(|mut f| {
                    f.range = f.range.start + block.body.start..f.range.end + block.body.start;
                    f
                }));
            }
            _ => {
                // A block in a language we do not parse: only `--model` flags are rewritten.
                for h in scanner.hits(body) {
                    let mut f = shell::finding(scanner, body, &h, Syntax::Inline, Context::Text);
                    f.range = f.range.start + block.body.start..f.range.end + block.body.start;
                    out.push(f);
                }
            }
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
