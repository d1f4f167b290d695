//! Parsing only the top-level statements that hold hits.
//!
//! Most of a file that names a model is code around it; tree-sitter's cost is linear in what it
//! parses. For Python, JavaScript/TypeScript and YAML, the parser is given only the top-level statements
//! around the hits (`Parser::set_included_ranges`), so node offsets stay those of the file and
//! classification is unchanged. A statement starts on a line that begins, at column 0, with a
//! declaration keyword (`def`, `class`, `@`, `import`, `const`, `export`, ...) and that the lexer
//! (`lexer.rs`, one pass over the file) finds outside every string, comment, template and bracket.
//! Where the lexer cannot be sure, and where the windowed tree has errors, the whole file is
//! parsed.

use crate::{Hit, Lang};
use std::ops::Range;

/// Files smaller than this are parsed whole: windows would save too little.
const MIN_SIZE: usize = 2048;

/// Line starts that begin a top-level statement, per language.
fn starts_statement(lang: Lang, line: &[u8]) -> bool {
    const PYTHON: &[&[u8]] = &[
        b"def ",
        b"class ",
        b"async def ",
        b"@",
        b"import ",
        b"from ",
        b"if __name__",
    ];
    const JS: &[&[u8]] = &[
        b"export ",
        b"import ",
        b"const ",
        b"let ",
        b"var ",
        b"function ",
        b"async function ",
        b"class ",
        b"interface ",
        b"type ",
        b"enum ",
        b"module.exports",
        b"declare ",
        b"abstract class ",
    ];
    let keys = match lang {
        Lang::Python => PYTHON,
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => JS,
        // A top-level key (`name:`), a top-level list item, or a document marker.
        Lang::Yaml => {
            let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
            let key = line
                .first()
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                && (memchr::memmem::find(line, b": ").is_some()
                    || line.trim_ascii_end().ends_with(b":"));
            return key || line.starts_with(b"- ") || line.starts_with(b"---");
        }
        _ => return false,
    };
    keys.iter().any(|k| line.starts_with(k))
}

/// Where statements may start: line starts at top level by the lexer (Python, JavaScript and
/// TypeScript), or every line start (YAML: a line at column 0 is never inside a block scalar or a
/// nested node).
enum Starts {
    Top(Vec<usize>),
    Any,
}

impl Starts {
    fn at_top(&self, pos: usize) -> bool {
        match self {
            Starts::Top(v) => v.binary_search(&pos).is_ok(),
            Starts::Any => true,
        }
    }
}

/// The start of the line holding `pos`.
fn line_start(src: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &src[..pos]).map_or(0, |i| i + 1)
}

/// The nearest statement start at or before `pos`, or 0.
fn statement_before(lang: Lang, src: &[u8], starts: &Starts, pos: usize) -> usize {
    let mut start = line_start(src, pos);
    loop {
        if start == 0 || (starts.at_top(start) && starts_statement(lang, &src[start..])) {
            return start;
        }
        start = line_start(src, start - 1);
    }
}

/// The next statement start after `pos`, or the end of the file.
fn statement_after(lang: Lang, src: &[u8], starts: &Starts, pos: usize) -> usize {
    let mut at = pos;
    while let Some(nl) = memchr::memchr(b'\n', &src[at..]) {
        at += nl + 1;
        if starts.at_top(at) && starts_statement(lang, &src[at..]) {
            return at;
        }
    }
    src.len()
}

/// The byte ranges to parse for `hits`, or `None` to parse the whole file.
pub(crate) fn ranges(lang: Lang, src: &[u8], hits: &[Hit]) -> Option<Vec<Range<usize>>> {
    if lang == Lang::Json && src.len() >= MIN_SIZE {
        return json_ranges(src, hits);
    }
    if src.len() < MIN_SIZE
        || !matches!(
            lang,
            Lang::Python | Lang::JavaScript | Lang::TypeScript | Lang::Tsx | Lang::Yaml
        )
    {
        return None;
    }
    // A hit on a top-level YAML line belongs to the document's mapping, whose other keys (outside
    // any window) tell whether it records a response: parse those files whole.
    if lang == Lang::Yaml
        && hits
            .iter()
            .any(|h| !matches!(src.get(line_start(src, h.range.start)), Some(b' ' | b'\t')))
    {
        return None;
    }
    let starts = match lang {
        Lang::Yaml => Starts::Any,
        _ => Starts::Top(crate::lexer::top_level_lines(lang, src)?),
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for hit in hits {
        if out.last().is_some_and(|r| r.contains(&hit.range.start)) {
            continue;
        }
        let start = statement_before(lang, src, &starts, hit.range.start);
        let end = statement_after(lang, src, &starts, hit.range.end);
        let end = without_trailing_comments(lang, src, &starts, hit.range.end, end);
        match out.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    // Nothing saved: parse normally.
    let covered: usize = out.iter().map(|r| r.len()).sum();
    (covered * 10 < src.len() * 9).then_some(out)
}

/// `end` moved back over the blank and comment lines that close a window: a run of comments
/// is not a statement, and some grammars take quadratic time over a long one. Only lines that
/// the lexer finds at top level are dropped (never a line inside a string), and never the line
/// of the hit.
fn without_trailing_comments(
    lang: Lang,
    src: &[u8],
    starts: &Starts,
    hit_end: usize,
    end: usize,
) -> usize {
    let marker: &[u8] = match lang {
        Lang::Python | Lang::Yaml => b"#",
        _ => b"//",
    };
    let floor = memchr::memchr(b'\n', &src[hit_end..]).map_or(src.len(), |i| hit_end + i + 1);
    let mut end = end;
    while end > floor {
        let start = line_start(src, end - 1);
        if start < floor || !starts.at_top(start) {
            break;
        }
        let line = src[start..end].trim_ascii();
        if !(line.is_empty() || line.starts_with(marker)) {
            break;
        }
        end = start;
    }
    end
}

fn indent(line: &[u8]) -> usize {
    line.iter()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count()
}

/// Pretty-printed JSON whose top level is an object, reduced to its skeleton: every top-level
/// member stays (so a hit's siblings tell whether the object records an API response), but the
/// inside of a multi-line member without hits is left out, keeping its first and last lines
/// (`"key": {` and `},`), which leaves an empty, valid container.
fn json_ranges(src: &[u8], hits: &[Hit]) -> Option<Vec<Range<usize>>> {
    let first_nl = memchr::memchr(b'\n', src)?;
    if src[..first_nl].trim_ascii() != b"{" {
        return None;
    }
    let head = first_nl + 1;
    let level = indent(&src[head..]);
    let body_end = src.trim_ascii_end().len();
    let close = line_start(src, body_end.checked_sub(1)?);
    if level == 0 || src[close..body_end].trim_ascii() != b"}" || close <= head {
        return None;
    }
    let is_member = |at: usize| {
        let line = &src[at..];
        indent(line) == level && line.get(level) == Some(&b'"')
    };
    if !is_member(head) {
        return None;
    }
    // Member starts, in order.
    let mut starts = vec![head];
    let mut pos = head;
    while let Some(nl) = memchr::memchr(b'\n', &src[pos..close]) {
        pos += nl + 1;
        if pos < close && is_member(pos) {
            starts.push(pos);
        }
    }
    let mut out: Vec<Range<usize>> = Vec::with_capacity(starts.len() + 2);
    out.push(0..head);
    let mut push = |r: Range<usize>| match out.last_mut() {
        Some(last) if last.end == r.start => last.end = r.end,
        _ => out.push(r),
    };
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(close);
        let has_hit = hits.iter().any(|h| (start..end).contains(&h.range.start));
        let first_end = memchr::memchr(b'\n', &src[start..end]).map_or(end, |n| start + n + 1);
        if has_hit || first_end == end {
            push(start..end);
            continue;
        }
        // The member's last non-blank line closes it.
        let last = line_start(src, start + src[start..end].trim_ascii_end().len() - 1);
        push(start..first_end);
        if last >= first_end {
            push(last..end);
        }
    }
    push(close..src.len());
    if hits
        .iter()
        .any(|h| !out.iter().any(|r| r.contains(&h.range.start)))
    {
        return None;
    }
    let covered: usize = out.iter().map(|r| r.len()).sum();
    (covered * 10 < src.len() * 9).then_some(out)
}

/// tree-sitter ranges (with row and column) for byte ranges.
pub(crate) fn ts_ranges(src: &[u8], ranges: &[Range<usize>]) -> Vec<tree_sitter::Range> {
    let mut row = 0;
    let mut pos = 0;
    let mut point = |at: usize| {
        row += memchr::memchr_iter(b'\n', &src[pos..at]).count();
        pos = at;
        tree_sitter::Point {
            row,
            column: at - line_start(src, at),
        }
    };
    ranges
        .iter()
        .map(|r| {
            let start_point = point(r.start);
            let end_point = point(r.end);
            tree_sitter::Range {
                start_byte: r.start,
                end_byte: r.end,
                start_point,
                end_point,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(src: &[u8], needle: &str) -> Hit {
        let s = memchr::memmem::find(src, needle.as_bytes()).unwrap();
        Hit {
            range: s..s + needle.len(),
            suffixed: false,
        }
    }

    fn padded(body: &str) -> Vec<u8> {
        let mut s = String::from("import os\n\n");
        for i in 0..80 {
            s.push_str(&format!("def f{i}(x):\n    return x + {i}\n\n"));
        }
        s.push_str(body);
        for i in 0..80 {
            s.push_str(&format!("def g{i}(x):\n    return x * {i}\n\n"));
        }
        s.into_bytes()
    }

    #[test]
    fn a_window_is_the_statement_around_the_hit() {
        let src = padded("class C:\n    model = \"claude-3-opus-20240229\"\n\n");
        let r = ranges(Lang::Python, &src, &[hit(&src, "claude-3-opus-20240229")]).unwrap();
        assert_eq!(r.len(), 1);
        let text = std::str::from_utf8(&src[r[0].clone()]).unwrap();
        assert_eq!(text, "class C:\n    model = \"claude-3-opus-20240229\"\n");
    }

    /// A run of comments after the hit's statement is not part of its window.
    #[test]
    fn a_window_leaves_out_a_trailing_comment_run() {
        let mut src = String::from("model = \"claude-3-opus-20240229\"\n");
        src.push_str(&"# a comment\n".repeat(5000));
        let src = src.into_bytes();
        let r = ranges(Lang::Python, &src, &[hit(&src, "claude-3-opus-20240229")]).unwrap();
        assert_eq!(r, [0..33]);
    }

    /// The window around a hit inside a multi-line string starts at the statement that opens
    /// the string, not at a `def` line inside it, however the quotes before it are counted.
    #[test]
    fn no_window_starts_inside_an_open_string() {
        for body in [
            "X = \"\"\"\ndef fake():\n    model = \"claude-3-opus-20240229\"\n\"\"\"\n",
            "QUOTE = '\"\"\"'\nX = \"\"\"\ndef fake():\n    model = \"claude-3-opus-20240229\"\n\"\"\"\n",
        ] {
            let src = padded(body);
            let opening = memchr::memmem::find(&src, b"X = ").unwrap();
            let r = ranges(Lang::Python, &src, &[hit(&src, "claude-3-opus-20240229")]).unwrap();
            assert!(r.iter().any(|r| r.start <= opening && r.end > opening), "{body}");
        }
        let src = padded("")
            .iter()
            .copied()
            .chain(
                b"const q = '`';\nconst t = `\nconst m = \"claude-3-opus-20240229\";\n`;\n"
                    .iter()
                    .copied(),
            )
            .collect::<Vec<u8>>();
        let opening = memchr::memmem::find(&src, b"const t").unwrap();
        let r = ranges(
            Lang::TypeScript,
            &src,
            &[hit(&src, "claude-3-opus-20240229")],
        );
        assert!(r.is_none_or(|r| r.iter().any(|r| r.start <= opening && r.end > opening)));
    }

    #[test]
    fn json_windows_match_a_whole_parse() {
        let mut s = String::from("{\n");
        for i in 0..60 {
            s.push_str(&format!("  \"pad{i}\": {{\n    \"size\": {i}\n  }},\n"));
        }
        s.push_str("  \"llm\": {\n    \"model\": \"claude-3-opus-20240229\",\n    \"temperature\": 0\n  },\n");
        s.push_str("  \"pad_mid\": 1,\n");
        s.push_str("  \"replies\": [\n    {\"model\": \"claude-3-haiku-20240307\", \"usage\": {\"input_tokens\": 3}}\n  ],\n");
        s.push_str("  \"rows\": [\n    {\"id\": \"claude-2.1\"},\n    {\"id\": \"claude-3-opus-20240229\"}\n  ],\n");
        s.push_str("  \"last\": true\n}\n");
        let src = s.as_bytes();
        let registry = remodel_registry::Registry::embedded().unwrap();
        let scanner = crate::Scanner::new(&registry);
        let hits = scanner.hits(src);
        let r = ranges(Lang::Json, src, &hits).expect("windows apply");
        assert!(r.len() > 60, "{r:?}");
        let windowed = scanner.scan(Lang::Json, src).unwrap();
        let whole = crate::Scanner::new(&registry)
            .whole_files()
            .scan(Lang::Json, src)
            .unwrap();
        assert_eq!(windowed, whole);
        let contexts: Vec<_> = whole.iter().map(|f| f.context).collect();
        use crate::Context::*;
        assert_eq!(contexts, [Linked, Recording, Collection, Collection]);
    }

    #[test]
    fn a_top_level_response_keeps_its_siblings() {
        let mut s =
            String::from("{\n  \"id\": \"msg_01\",\n  \"model\": \"claude-3-opus-20240229\",\n");
        for i in 0..60 {
            s.push_str(&format!("  \"pad{i}\": [\n    {i},\n    {i}\n  ],\n"));
        }
        s.push_str("  \"usage\": {\n    \"input_tokens\": 10,\n    \"output_tokens\": 2\n  }\n}\n");
        let src = s.as_bytes();
        let registry = remodel_registry::Registry::embedded().unwrap();
        let scanner = crate::Scanner::new(&registry);
        assert!(ranges(Lang::Json, src, &scanner.hits(src)).is_some());
        let windowed = scanner.scan(Lang::Json, src).unwrap();
        let whole = crate::Scanner::new(&registry)
            .whole_files()
            .scan(Lang::Json, src)
            .unwrap();
        assert_eq!(windowed, whole);
        assert_eq!(whole[0].context, crate::Context::Recording);
    }

    #[test]
    fn small_files_and_config_are_parsed_whole() {
        let src = b"model = \"claude-3-opus-20240229\"\n";
        assert!(ranges(Lang::Python, src, &[hit(src, "claude-3-opus-20240229")]).is_none());
        let big = padded("M = \"claude-3-opus-20240229\"\n");
        assert!(ranges(Lang::Json, &big, &[hit(&big, "claude-3-opus-20240229")]).is_none());
    }
}
