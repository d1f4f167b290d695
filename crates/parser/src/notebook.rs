//! Jupyter notebooks: the source of code cells is decoded from its JSON strings, scanned in the
//! notebook's language, and each finding is mapped back to the file's bytes. Outputs are records of
//! a run and are never rewritten; markdown cells are prose.

use crate::context::Context;
use crate::{code, Error, Fix, Hit, Lang, RawFinding, Scanner};
use tree_sitter::Node;

fn obj_get<'t>(obj: Node<'t>, key: &str, src: &[u8]) -> Option<Node<'t>> {
    let mut cursor = obj.walk();
    let found = obj.named_children(&mut cursor).find(|pair| {
        pair.kind() == "pair"
            && pair.child_by_field_name("key").is_some_and(|k| {
                src.get(k.start_byte() + 1..k.end_byte().saturating_sub(1)) == Some(key.as_bytes())
            })
    });
    found.and_then(|p| p.child_by_field_name("value"))
}

fn string_value(node: Node, src: &[u8]) -> Option<String> {
    (node.kind() == "string").then(|| {
        let (s, e) = (node.start_byte(), node.end_byte());
        String::from_utf8_lossy(&src[s + 1..e.saturating_sub(1).max(s + 1)]).into_owned()
    })
}

/// Decodes a JSON string's content, recording for each decoded byte the offset of the raw byte
/// it came from.
fn decode(src: &[u8], content: std::ops::Range<usize>, out: &mut Vec<u8>, map: &mut Vec<usize>) {
    let mut i = content.start;
    while i < content.end {
        let b = src[i];
        if b != b'\\' || i + 1 >= content.end {
            out.push(b);
            map.push(i);
            i += 1;
            continue;
        }
        let (decoded, len): (Vec<u8>, usize) = match src[i + 1] {
            b'n' => (vec![b'\n'], 2),
            b't' => (vec![b'\t'], 2),
            b'r' => (vec![b'\r'], 2),
            b'b' => (vec![8], 2),
            b'f' => (vec![12], 2),
            b'u' if i + 6 <= content.end => {
                let hex = std::str::from_utf8(&src[i + 2..i + 6]).ok();
                let c = hex
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                (c.encode_utf8(&mut buf).as_bytes().to_vec(), 6)
            }
            other => (vec![other], 2),
        };
        for d in decoded {
            out.push(d);
            map.push(i);
        }
        i += len;
    }
}

/// A cell's `source` decoded from its JSON string or strings, with the raw offset of each byte.
fn cell_text(src: &[u8], source: Node) -> (Vec<u8>, Vec<usize>) {
    let mut text = Vec::new();
    let mut map = Vec::new();
    let strings: Vec<Node> = if source.kind() == "array" {
        let mut c = source.walk();
        source
            .named_children(&mut c)
            .filter(|s| s.kind() == "string")
            .collect()
    } else {
        vec![source]
    };
    for s in strings {
        let (a, b) = (s.start_byte(), s.end_byte());
        if b >= a + 2 {
            decode(src, a + 1..b - 1, &mut text, &mut map);
        }
    }
    (text, map)
}

pub(crate) fn scan(scanner: &Scanner, src: &[u8], hits: &[Hit]) -> Result<Vec<RawFinding>, Error> {
    let tree = code::parse(Lang::Json, src)?;
    let root = tree.root_node();
    let Some(top) = root.named_child(0).filter(|n| n.kind() == "object") else {
        return Ok(Vec::new());
    };
    let lang = obj_get(top, "metadata", src)
        .and_then(|m| {
            obj_get(m, "kernelspec", src)
                .and_then(|k| obj_get(k, "language", src))
                .or_else(|| obj_get(m, "language_info", src).and_then(|l| obj_get(l, "name", src)))
        })
        .and_then(|n| string_value(n, src))
        .and_then(|name| Lang::from_name(&name))
        .unwrap_or(Lang::Python);
    let mut out = Vec::new();
    let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
    // The notebook's title cell (the first with a `#` heading) and the markdown cell last seen: prose that
    // says which model the code below it uses.
    let mut title: Option<(usize, Vec<u8>)> = None;
    let mut last_markdown: Option<(usize, Vec<u8>)> = None;
    let mut marks = crate::code::Marks::default();
    // The first code cell that prefills an assistant turn: a constant in another cell feeds it.
    let mut prefill: Option<usize> = None;
    if let Some(cells) = obj_get(top, "cells", src).filter(|c| c.kind() == "array") {
        let mut cursor = cells.walk();
        let all: Vec<tree_sitter::Node> = cells
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "object")
            .collect();
        for (index, &cell) in all.iter().enumerate() {
            let range = cell.byte_range();
            let has_hit = hits.iter().any(|h| range.contains(&h.range.start));
            let kind = obj_get(cell, "cell_type", src).and_then(|n| string_value(n, src));
            if kind.as_deref() == Some("markdown") {
                if let Some(source) = obj_get(cell, "source", src) {
                    let (text, _) = cell_text(src, source);
                    let line = memchr::memchr_iter(b'\n', &src[..source.start_byte()]).count() + 1;
                    // The whole first cell with a `#` heading: the title and the introduction
                    // under it ("This notebook uses Claude 3.5 Sonnet to ...").
                    if title.is_none() && text.split(|b| *b == b'\n').any(|l| l.starts_with(b"# "))
                    {
                        title = Some((line, text.clone()));
                    }
                    last_markdown = Some((line, text));
                }
            }
            // The markdown cell right above a code cell, and no further.
            let above = if kind.as_deref() == Some("code") {
                last_markdown.take()
            } else {
                None
            };
            // And the one right below it, which often says what the cell just set up
            // ("This course uses Claude 3 Haiku").
            let below = (kind.as_deref() == Some("code") && has_hit)
                .then(|| all.get(index + 1))
                .flatten()
                .filter(|next| {
                    obj_get(**next, "cell_type", src)
                        .and_then(|n| string_value(n, src))
                        .as_deref()
                        == Some("markdown")
                })
                .and_then(|next| obj_get(*next, "source", src))
                .map(|source| {
                    let (text, _) = cell_text(src, source);
                    let line = memchr::memchr_iter(b'\n', &src[..source.start_byte()]).count() + 1;
                    (line, text)
                });
            if !has_hit && memchr::memmem::find(&src[range.clone()], b"assistant").is_none() {
                continue;
            }
            let Some(source) = obj_get(cell, "source", src) else {
                continue;
            };
            if has_hit {
                covered.push(source.byte_range());
            }
            let in_source: Vec<&Hit> = hits
                .iter()
                .filter(|h| source.byte_range().contains(&h.range.start))
                .collect();
            // Markdown cells keep code in fences, like a Markdown file; raw cells are text.
            let markdown = kind.as_deref() == Some("markdown");
            let code = kind.as_deref() == Some("code");
            if in_source.is_empty() {
                // A cell without a model can still prefill the calls of one that has it.
                let raw = &src[source.byte_range()];
                if code && prefill.is_none() && memchr::memmem::find(raw, b"assistant").is_some() {
                    let (text, _) = cell_text(src, source);
                    if crate::prefill_line(&text).is_some() {
                        prefill = Some(
                            memchr::memchr_iter(b'\n', &src[..source.start_byte()]).count() + 1,
                        );
                    }
                }
                continue;
            }
            if kind.as_deref() != Some("code") && !markdown {
                out.extend(
                    in_source
                        .iter()
                        .map(|h| RawFinding::mention(h, Context::Prose)),
                );
                continue;
            }
            let (text, map) = cell_text(src, source);
            // A `%%bash` (or `%%sh`, `%%script bash`) cell is a shell script.
            let cell_lang = if markdown {
                Lang::Markdown
            } else if [&b"%%bash"[..], b"%%sh", b"%%script bash", b"%%script sh"]
                .iter()
                .any(|m| text.trim_ascii_start().starts_with(m))
            {
                Lang::Shell
            } else {
                lang
            };
            if !markdown && prefill.is_none() && crate::prefill_line(&text).is_some() {
                prefill = Some(memchr::memchr_iter(b'\n', &src[..source.start_byte()]).count() + 1);
            }
            // A companion's line in the cell's text, as a line of the notebook file.
            let text_lines: Vec<usize> = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', &text).map(|i| i + 1))
                .collect();
            let file_line = |line: usize| -> usize {
                let at = text_lines
                    .get(line.saturating_sub(1))
                    .copied()
                    .unwrap_or(0)
                    .min(map.len().saturating_sub(1));
                let off = map.get(at).copied().unwrap_or(0);
                memchr::memchr_iter(b'\n', &src[..off.min(src.len())]).count() + 1
            };
            for f in scanner.raw_scan(cell_lang, &text)? {
                let mut f = f;
                for c in &mut f.companions {
                    c.line = file_line(c.line);
                }
                if code && f.fix == Fix::Safe {
                    let id = &text[f.range.clone()];
                    let said = [
                        ("markdown cell above", &above),
                        ("markdown cell below", &below),
                        ("notebook's title cell", &title),
                    ]
                    .into_iter()
                    .find_map(|(what, prose)| {
                        let (line, prose) = prose.as_ref()?;
                        crate::naming::prose_names(scanner, &mut marks, prose, id)
                            .map(|p| format!("the {what} (line {line}) names the model (\"{p}\")"))
                    });
                    if let Some(why) = said {
                        f.demote("name-encodes-model", Context::NamedModel, why);
                    }
                }
                let start = map[f.range.start];
                let end = map[f.range.end - 1] + 1;
                // Map back only where the raw bytes are the decoded ones (no escape inside the ID).
                if src[start..end] == text[f.range.clone()] {
                    f.range = start..end;
                } else {
                    // `anthropic\/claude-...`: report the part after the last escape, which
                    // names the model as written, and rewrite nothing.
                    let tail = (start..end)
                        .find(|&s| scanner.is_id(&src[s..end]))
                        .unwrap_or(start);
                    f.range = tail..end;
                    f.demote_fix(
                        "escaped",
                        Fix::None,
                        "written with a JSON escape inside the ID".to_string(),
                    );
                }
                out.push(f);
            }
        }
    }
    // Hits anywhere else: outputs record what a run printed; metadata and the rest is data.
    for h in hits {
        if covered.iter().any(|c| c.contains(&h.range.start)) {
            continue;
        }
        out.push(
            RawFinding::new(h.range.clone(), Context::Recording, Fix::None).by("notebook-output"),
        );
    }
    if let Some(line) = prefill {
        for f in out.iter_mut().filter(|f| f.fix == Fix::Safe) {
            if !f
                .companions
                .iter()
                .any(|c| c.id == "prefill" || c.id == crate::code::MESSAGES_SEEN)
            {
                f.companions.push(crate::Companion {
                    id: "prefill".into(),
                    text: "an assistant turn last in a messages list, in a code cell".into(),
                    value: None,
                    line,
                });
            }
        }
    }
    Ok(out)
}
