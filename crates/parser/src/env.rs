//! `.env` files: `[export] KEY=value` lines, values bare or quoted, `#` comments.

use crate::context::Context;
use crate::names::is_lifecycle_name;
use crate::shell::{self, Syntax};
use crate::{Fix, Hit, RawFinding, Scanner};
use std::ops::Range;

/// The parts of one `.env` line, as byte ranges into the file.
#[derive(Default)]
struct Line {
    key: Range<usize>,
    value: Option<Range<usize>>,
    comment: Option<usize>,
}

fn parse_line(src: &[u8], start: usize, end: usize) -> Line {
    let line = &src[start..end];
    let mut i = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if line.get(i) == Some(&b'#') {
        return Line {
            comment: Some(start + i),
            ..Line::default()
        };
    }
    if line[i..].starts_with(b"export ") {
        i += 7;
    }
    let Some(eq) = line[i..].iter().position(|&b| b == b'=').map(|p| i + p) else {
        return Line::default();
    };
    let key = start + i..start + eq;
    let mut v = eq + 1;
    while line.get(v).is_some_and(|b| *b == b' ' || *b == b'\t') {
        v += 1;
    }
    match line.get(v) {
        Some(&q @ (b'"' | b'\'')) => {
            let close = line[v + 1..]
                .iter()
                .position(|&b| b == q)
                .map(|p| v + 1 + p);
            match close {
                Some(c) => {
                    let comment = line[c..]
                        .iter()
                        .position(|&b| b == b'#')
                        .map(|p| start + c + p);
                    Line {
                        key,
                        value: Some(start + v + 1..start + c),
                        comment,
                    }
                }
                None => Line::default(),
            }
        }
        _ => {
            // A bare value ends at ` #` (a comment) or the end of the line, trailing blanks excluded.
            let rest = &line[v..];
            let cut = rest
                .windows(2)
                .position(|w| (w[0] == b' ' || w[0] == b'\t') && w[1] == b'#');
            let mut e = cut.map_or(rest.len(), |c| c);
            while e > 0 && rest[e - 1].is_ascii_whitespace() {
                e -= 1;
            }
            Line {
                key,
                value: Some(start + v..start + v + e),
                comment: cut.map(|c| start + v + c + 1),
            }
        }
    }
}

pub(crate) fn scan(scanner: &Scanner, src: &[u8], hits: &[Hit]) -> Vec<RawFinding> {
    let mut out = Vec::new();
    for hit in hits {
        let start = memchr::memrchr(b'\n', &src[..hit.range.start]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &src[hit.range.start..])
            .map_or(src.len(), |i| hit.range.start + i);
        let line = parse_line(src, start, end);
        if line.comment.is_some_and(|c| hit.range.start > c) {
            out.push(RawFinding::new(
                hit.range.clone(),
                Context::Comment,
                Fix::None,
            ));
            continue;
        }
        match line.value {
            Some(v) if v.contains(&hit.range.start) && scanner.is_id(&src[v.clone()]) => {
                let key = std::str::from_utf8(&src[line.key]).unwrap_or("").trim();
                out.push(if is_lifecycle_name(key) {
                    RawFinding::new(v, Context::Lifecycle, Fix::None).by("lifecycle-setting")
                } else {
                    let mut f = RawFinding::new(v, Context::EnvValue, Fix::Safe);
                    f.companions = shell::text_companions(src, start);
                    // The variable, for uses of the same name in code (`ANTHROPIC_MODEL`).
                    let name = key.strip_prefix("export ").unwrap_or(key).trim();
                    f.target = Some((name.to_string(), 0..src.len()));
                    f
                });
            }
            _ => out.push(shell::finding(
                scanner,
                src,
                hit,
                Syntax::Inline,
                Context::Embedded,
            )),
        }
    }
    out
}
