//! A lexer state for every line start, in one pass over the file: whether the line begins outside
//! every string, comment, template literal and bracket. The windowed parse starts a window only
//! at such a line, so that a statement start is certain rather than guessed from counted quotes.
//! Where the lexer cannot be sure (a JavaScript regular expression literal that holds a quote), it
//! says so, and the file is parsed whole.

use crate::Lang;

/// The byte offsets of the line starts that begin at top level (outside strings, comments,
/// templates and brackets), ascending; `None` when the lexer cannot be sure of the state.
pub(crate) fn top_level_lines(lang: Lang, src: &[u8]) -> Option<Vec<usize>> {
    match lang {
        Lang::Python => Some(python(src)),
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => javascript(src),
        _ => None,
    }
}

fn python(src: &[u8]) -> Vec<usize> {
    let mut out = vec![0];
    let mut depth: usize = 0;
    let mut i = 0;
    let n = src.len();
    while i < n {
        let b = src[i];
        match b {
            b'\n' => {
                i += 1;
                // A backslash before the newline continues the line.
                let continued = i >= 2 && src[i - 2] == b'\\'
                    || (i >= 3 && src[i - 2] == b'\r' && src[i - 3] == b'\\');
                if depth == 0 && !continued {
                    out.push(i);
                }
                continue;
            }
            b'#' => {
                while i < n && src[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'"' | b'\'' => {
                let triple = src.get(i..i + 3).is_some_and(|t| t == [b, b, b]);
                i += if triple { 3 } else { 1 };
                loop {
                    if i >= n {
                        break;
                    }
                    let c = src[i];
                    if c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple {
                        if c == b && src.get(i..i + 3).is_some_and(|t| t == [b, b, b]) {
                            i += 3;
                            break;
                        }
                    } else if c == b {
                        i += 1;
                        break;
                    } else if c == b'\n' {
                        // An unterminated string ends at the line's end (a syntax error).
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn javascript(src: &[u8]) -> Option<Vec<usize>> {
    let mut out = vec![0];
    let n = src.len();
    // Bracket depth; for each open template substitution, the depth at which it closes.
    let mut depth: usize = 0;
    let mut templates: Vec<usize> = Vec::new();
    // The last byte of code that is not blank: decides whether `/` starts a regular expression.
    let mut last: u8 = b'\n';
    let mut i = 0;
    // Scans a template literal's text from `i` (after the backtick or a closing `}`); returns
    // true when it stopped at `${`.
    fn template_text(src: &[u8], i: &mut usize) -> bool {
        while *i < src.len() {
            match src[*i] {
                b'\\' => *i += 2,
                b'`' => {
                    *i += 1;
                    return false;
                }
                b'$' if src.get(*i + 1) == Some(&b'{') => {
                    *i += 2;
                    return true;
                }
                _ => *i += 1,
            }
        }
        false
    }
    while i < n {
        let b = src[i];
        match b {
            b'\n' => {
                i += 1;
                if depth == 0 && templates.is_empty() {
                    out.push(i);
                }
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < n && src[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < n && !(src[i] == b'*' && src.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'/' if regex_may_start(last) => {
                // A regular expression literal ends on its line; if none closes, it was a division.
                let start = i;
                let mut j = i + 1;
                let mut class = false;
                let mut closed = None;
                while j < n && src[j] != b'\n' {
                    match src[j] {
                        b'\\' => j += 1,
                        b'[' => class = true,
                        b']' => class = false,
                        b'/' if !class => {
                            closed = Some(j);
                            break;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if let Some(end) = closed {
                    if src[start..end]
                        .iter()
                        .any(|c| matches!(c, b'"' | b'\'' | b'`'))
                    {
                        return None;
                    }
                    i = end + 1;
                    last = b'a';
                    continue;
                }
            }
            b'"' | b'\'' => {
                i += 1;
                while i < n && src[i] != b && src[i] != b'\n' {
                    if src[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                last = b'a';
                continue;
            }
            b'`' => {
                i += 1;
                if template_text(src, &mut i) {
                    templates.push(depth);
                    depth += 1;
                }
                last = b'a';
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b'}' if templates.last() == Some(&(depth.saturating_sub(1))) => {
                templates.pop();
                depth -= 1;
                i += 1;
                if template_text(src, &mut i) {
                    templates.push(depth);
                    depth += 1;
                }
                last = b'a';
                continue;
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        last = b;
        i += 1;
    }
    Some(out)
}

/// Whether a `/` after this byte of code starts a regular expression rather than a division.
fn regex_may_start(last: u8) -> bool {
    matches!(
        last,
        b'\n'
            | b'('
            | b','
            | b'='
            | b':'
            | b'['
            | b'!'
            | b'&'
            | b'|'
            | b'?'
            | b'{'
            | b'}'
            | b';'
            | b'+'
            | b'-'
            | b'*'
            | b'%'
            | b'<'
            | b'>'
            | b'~'
            | b'^'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_at_top(lang: Lang, src: &str) -> Vec<usize> {
        let starts = top_level_lines(lang, src.as_bytes()).unwrap();
        let mut out = Vec::new();
        let mut pos = 0;
        for (n, line) in src.split_inclusive('\n').enumerate() {
            if starts.contains(&pos) {
                out.push(n + 1);
            }
            pos += line.len();
        }
        out
    }

    #[test]
    fn python_strings_comments_and_brackets() {
        let src =
            "QUOTE = '\"\"\"'\nX = \"\"\"\ndef fake():\n\"\"\"\nd = {\ndef\n}\n# '''\nend = 1\n";
        assert_eq!(lines_at_top(Lang::Python, src), [1, 2, 5, 8, 9]);
    }

    #[test]
    fn javascript_templates_comments_regexes() {
        let src = "const q = '`';\nconst t = `a ${ `b` }\nconst x = 1;\n`;\n/* `\n*/\nconst r = /[/`]/;\nend;\n";
        assert!(top_level_lines(Lang::TypeScript, src.as_bytes()).is_none());
        let src = "const q = '`';\nconst t = `a ${ `b` }\nconst x = 1;\n`;\n/* `\n*/\nconst d = a / b / c;\nend;\n";
        assert_eq!(lines_at_top(Lang::TypeScript, src), [1, 2, 5, 7, 8]);
    }
}
