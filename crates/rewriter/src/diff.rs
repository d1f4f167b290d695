//! Git-style unified diffs of byte buffers.

use std::ops::Range;

use similar::{Algorithm, DiffOp};

/// Lines of context around each change, as `git diff` and `diff -u` use by default.
const CONTEXT: usize = 3;

/// A unified diff of `old` to `new` with git-style headers, which `git apply` accepts (from the
/// directory the path is relative to, e.g. the repository root). Empty when the contents are equal.
///
/// Lines are split the way git splits them: only `\n` ends a line, so `\r` is an ordinary byte
/// (a file with CR-only line endings is one long line, and the `\r` of a CRLF ending belongs to
/// its line). Every byte is written as it is in the file, with no lossy conversion of invalid
/// UTF-8, and a last line without `\n` is followed by `\ No newline at end of file`.
///
/// `rel_path` is the file's path relative to where the patch is to be applied, with `/` between
/// components (on Windows `\` is taken as a separator too). Empty and `.` components are dropped
/// (git rejects them), and with them a leading `/`, so the header always names a relative path; `..`
/// components are kept. The path is quoted as git quotes it with its default `core.quotePath`:
/// a name with a control character, `"`, `\` or a byte of 0x80 or above is written in double
/// quotes with C-style escapes (`\t`, `\n`, `\"`, `\\`, octal such as `\303` for the rest), and the
/// `---`/`+++` lines of a name with a space end in a tab, as `git diff` writes them.
pub fn unified_diff(rel_path: &str, old: &[u8], new: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if old == new {
        return out;
    }
    let old_lines = split_lines(old);
    let new_lines = split_lines(new);
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines);

    let path = normalize_path(rel_path);
    debug_assert!(!path.is_empty(), "unified_diff needs a file path");
    let a = quote_path("a/", &path);
    let b = quote_path("b/", &path);
    let tab: &[u8] = if path.contains(' ') { b"\t" } else { b"" };
    let header: [&[u8]; 11] = [
        b"diff --git ",
        &a,
        b" ",
        &b,
        b"\n--- ",
        &a,
        tab,
        b"\n+++ ",
        &b,
        tab,
        b"\n",
    ];
    out.extend(header.concat());

    for hunk in similar::group_diff_ops(ops, CONTEXT) {
        let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.extend_from_slice(
            format!(
                "@@ -{} +{} @@\n",
                hunk_range(&old_range),
                hunk_range(&new_range)
            )
            .as_bytes(),
        );
        for op in &hunk {
            match *op {
                DiffOp::Equal { .. } => push_lines(&mut out, b' ', &old_lines[op.old_range()]),
                DiffOp::Delete { .. } => push_lines(&mut out, b'-', &old_lines[op.old_range()]),
                DiffOp::Insert { .. } => push_lines(&mut out, b'+', &new_lines[op.new_range()]),
                DiffOp::Replace { .. } => {
                    push_lines(&mut out, b'-', &old_lines[op.old_range()]);
                    push_lines(&mut out, b'+', &new_lines[op.new_range()]);
                }
            }
        }
    }
    out
}

/// The lines of `s`, each with its `\n` (the last one may have none).
fn split_lines(s: &[u8]) -> Vec<&[u8]> {
    s.split_inclusive(|&b| b == b'\n').collect()
}

fn push_lines(out: &mut Vec<u8>, tag: u8, lines: &[&[u8]]) {
    for line in lines {
        out.push(tag);
        out.extend_from_slice(line);
        if !line.ends_with(b"\n") {
            out.extend_from_slice(b"\n\\ No newline at end of file\n");
        }
    }
}

/// `start,len` of a hunk in unified-diff notation: 1-based, `,1` left out, and for an empty range
/// the number of the line before it.
fn hunk_range(r: &Range<usize>) -> String {
    match r.len() {
        0 => format!("{},0", r.start),
        1 => format!("{}", r.start + 1),
        n => format!("{},{n}", r.start + 1),
    }
}

fn normalize_path(rel_path: &str) -> String {
    #[cfg(windows)]
    let rel_path = &rel_path.replace('\\', "/");
    rel_path
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// `prefix` + `path` as git writes a path in a diff header with `core.quotePath` on (its
/// default): bare unless it has a byte that must be quoted, else in double quotes with C escapes.
fn quote_path(prefix: &str, path: &str) -> Vec<u8> {
    let full = format!("{prefix}{path}");
    let must_quote = |b: u8| !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\';
    if !full.bytes().any(must_quote) {
        return full.into_bytes();
    }
    let mut out = Vec::with_capacity(full.len() + 8);
    out.push(b'"');
    for b in full.bytes() {
        let escape = match b {
            0x07 => b'a',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0b => b'v',
            0x0c => b'f',
            b'\r' => b'r',
            b'"' | b'\\' => b,
            _ if must_quote(b) => {
                out.extend_from_slice(format!("\\{b:03o}").as_bytes());
                continue;
            }
            _ => {
                out.push(b);
                continue;
            }
        };
        out.extend_from_slice(&[b'\\', escape]);
    }
    out.push(b'"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_git() {
        assert_eq!(quote_path("a/", "src/x.py"), b"a/src/x.py");
        assert_eq!(quote_path("a/", "a b"), b"a/a b");
        assert_eq!(
            quote_path("a/", "t\tn\nq\"s\\"),
            b"\"a/t\\tn\\nq\\\"s\\\\\""
        );
        assert_eq!(quote_path("b/", "caf\u{e9}"), b"\"b/caf\\303\\251\"");
        assert_eq!(quote_path("a/", "x\u{1}\u{7f}"), b"\"a/x\\001\\177\"");
    }

    #[test]
    fn normalizes_path_components() {
        assert_eq!(normalize_path("./src//x.py"), "src/x.py");
        assert_eq!(normalize_path("/abs/x.py"), "abs/x.py");
        assert_eq!(normalize_path("../up/x.py"), "../up/x.py");
    }

    #[test]
    fn hunk_ranges() {
        assert_eq!(hunk_range(&(0..0)), "0,0");
        assert_eq!(hunk_range(&(4..4)), "4,0");
        assert_eq!(hunk_range(&(0..1)), "1");
        assert_eq!(hunk_range(&(2..5)), "3,3");
    }

    #[test]
    fn cr_is_not_a_line_end() {
        let d = unified_diff("m", b"a\rb\r", b"a\rc\r");
        assert_eq!(
            d,
            b"diff --git a/m b/m\n--- a/m\n+++ b/m\n@@ -1 +1 @@\n-a\rb\r\n\\ No newline at end of file\n+a\rc\r\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn space_in_name_gets_tab_after_file_lines() {
        let d = unified_diff("a b", b"x\n", b"y\n");
        assert!(d.starts_with(b"diff --git a/a b b/a b\n--- a/a b\t\n+++ b/a b\t\n@@ -1 +1 @@\n"));
    }
}
