//! Model IDs inside longer text that no grammar parses: command lines in scripts, workflow steps
//! and code blocks, and text inside string literals. Only a value that a setting with a model-like
//! name gives whole is rewritten: `--model <id>`, `--model=<id>`, `MODEL=<id>`, and in shell-like
//! text also `model: <id>`, `"model": "<id>"` and `${MODEL:-<id>}`. Everything else is reported
//! only.

use crate::context::Context;
use crate::names::{is_lifecycle_name, is_model_name};
use crate::{Fix, Hit, RawFinding, Scanner};
use std::ops::Range;

/// How much syntax to recognize around a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// Text inside a string literal or a scalar: `--model <id>` flags and `MODEL=<id>`
    /// assignments (a command line, a compose file's `environment:` item).
    Inline,
    /// A shell script, a workflow `run:` step, a Dockerfile or Makefile: also `MODEL ?= <id>`,
    /// `model: <id>`, `"model": "<id>"`, `${MODEL:-<id>}`, exec-form `"--model", "<id>"`, and
    /// `#` comments.
    Shell,
}

/// The finding for a hit inside longer text, `otherwise` when no setting gives it whole.
pub(crate) fn finding(
    scanner: &Scanner,
    src: &[u8],
    hit: &Hit,
    syntax: Syntax,
    otherwise: Context,
) -> RawFinding {
    if hit.suffixed {
        return RawFinding::new(hit.range.clone(), Context::Suffixed, Fix::None);
    }
    let line_start = memchr::memrchr(b'\n', &src[..hit.range.start]).map_or(0, |i| i + 1);
    if syntax == Syntax::Shell && in_comment(&src[line_start..hit.range.start]) {
        return RawFinding::new(hit.range.clone(), Context::Comment, Fix::None);
    }
    // A program fed to an interpreter by a heredoc (`python3 <<'PY'`) is that language's
    // code, where an ID inside a longer string is never a setting (a needle, a message).
    if syntax == Syntax::Shell && heredoc_interpreter(src, line_start).is_some() {
        return RawFinding::new(hit.range.clone(), Context::Embedded, Fix::None)
            .by("heredoc-program");
    }
    let Some((value, setting)) = setting(scanner, src, line_start, hit, syntax) else {
        return RawFinding::new(hit.range.clone(), otherwise, Fix::None);
    };
    let (context, rule) = if is_lifecycle_name(setting.name) {
        (Context::Lifecycle, "lifecycle-setting")
    } else {
        match setting.kind {
            Kind::Flag => (Context::CommandFlag, "command-flag"),
            Kind::Assign if line_records_response(src, line_start, &value) => {
                (Context::Recording, "shell-response")
            }
            Kind::Assign => (Context::Assignment, "shell-assignment"),
            Kind::Fallback => (Context::EnvDefault, "shell-fallback"),
            Kind::Key if crate::classify::is_telemetry_key(setting.name) => {
                (Context::Recording, "telemetry-attribute")
            }
            Kind::Key if near_response(src, &value) => (Context::Recording, "shell-response"),
            Kind::Key => (Context::ConfigValue, "shell-key"),
        }
    };
    let mut f = RawFinding::new(value, context, context.fix()).by(rule);
    if f.fix == Fix::Safe {
        // The `#` comment right above the setting ("# Specify the Claude 3.7 Sonnet model").
        if let Some(comment) = comment_above(src, line_start) {
            let mut marks = crate::code::Marks::default();
            if let Some(phrase) =
                crate::naming::prose_names(scanner, &mut marks, comment, &src[f.range.clone()])
            {
                f.demote(
                    "name-encodes-model",
                    Context::NamedModel,
                    format!("the comment right above names the model (\"{phrase}\")"),
                );
            }
        }
    }
    if f.fix == Fix::Safe {
        f.companions = text_companions(src, line_start);
        if let Some(platform) = platform_flag(src, line_start, &f.range, scanner) {
            f.demote_fix(
                "platform-flag",
                Fix::Unsafe,
                format!(
                    "the command line names the platform (`{platform}`), which spells model IDs its own way"
                ),
            );
        }
    }
    f
}

/// Interpreters whose heredoc body is a program in another language.
const INTERPRETERS: &[&str] = &[
    "node",
    "nodejs",
    "deno",
    "bun",
    "tsx",
    "ts-node",
    "ruby",
    "perl",
    "php",
    "rscript",
    "julia",
    "lua",
    "osascript",
];

/// The interpreter that reads the line starting at `line_start` as part of a heredoc program
/// (`python3 - <<'EOF'` above it, its closing `EOF` not yet seen). Only the last heredoc within
/// 64 KiB before the line is looked at.
pub(crate) fn heredoc_interpreter(src: &[u8], line_start: usize) -> Option<String> {
    let from = line_start.saturating_sub(64 * 1024);
    let window = &src[from..line_start];
    for at in memchr::memmem::rfind_iter(window, b"<<").map(|i| i + from) {
        // `<<<` is a here-string; `x << 2` is a shift, and has no word after it.
        if src.get(at + 2) == Some(&b'<') || (at > 0 && src[at - 1] == b'<') {
            continue;
        }
        let mut i = at + 2;
        if src.get(i) == Some(&b'-') {
            i += 1;
        }
        while matches!(src.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let quote = matches!(src.get(i), Some(b'\'' | b'"'));
        if quote {
            i += 1;
        }
        let len = src[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if len == 0 {
            continue;
        }
        let delimiter = &src[i..i + len];
        let line_end = memchr::memchr(b'\n', &src[at..]).map_or(src.len(), |e| at + e);
        if line_end >= line_start {
            // The heredoc opens on this very line (or is not one).
            return None;
        }
        // Closed before the line: the line is not in it.
        let body = &src[line_end + 1..line_start];
        if body
            .split(|b| *b == b'\n')
            .any(|l| l.trim_ascii() == delimiter)
        {
            return None;
        }
        let open_line = memchr::memrchr(b'\n', &src[..at]).map_or(0, |p| p + 1);
        let command = &src[open_line..line_end];
        return command
            .split(|b| b.is_ascii_whitespace() || matches!(b, b'|' | b'(' | b';' | b'&'))
            .filter_map(|w| std::str::from_utf8(w).ok())
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_ascii_lowercase())
            .find(|w| w.starts_with("python") || INTERPRETERS.contains(&w.as_str()));
    }
    None
}

/// The `#` comment line right above the line starting at `line_start` (a blank line between
/// ends the search). The text may be a fence's or a cell's, so no line number is given.
fn comment_above(src: &[u8], line_start: usize) -> Option<&[u8]> {
    if line_start == 0 {
        return None;
    }
    let end = line_start - 1;
    let start = memchr::memrchr(b'\n', &src[..end]).map_or(0, |i| i + 1);
    let line = src[start..end].trim_ascii();
    if !line.starts_with(b"#") || line.starts_with(b"#!") {
        return None;
    }
    Some(line)
}

/// A flag of the same command line that chooses a platform with its own model IDs
/// (`--provider bedrock`, `--provider=vertex`), when the ID itself is not written in that
/// platform's form.
fn platform_flag(
    src: &[u8],
    line_start: usize,
    id: &Range<usize>,
    scanner: &Scanner,
) -> Option<String> {
    let end = memchr::memchr(b'\n', &src[line_start..]).map_or(src.len(), |i| line_start + i);
    let line = std::str::from_utf8(&src[line_start..end]).ok()?;
    let own = std::str::from_utf8(&src[id.clone()]).ok()?;
    let platform_form = scanner.registry().lookup(own).is_some_and(|m| {
        !matches!(
            m.form,
            remodel_registry::Form::Api
                | remodel_registry::Form::Alias
                | remodel_registry::Form::Spelling { .. }
                | remodel_registry::Form::Invalid
        )
    });
    if platform_form {
        return None;
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '=')
        .collect();
    for pair in words.windows(2) {
        let flag = pair[0].trim_start_matches('-');
        if pair[0].starts_with("--") && flag.ends_with("provider") {
            let value = pair[1].trim_matches(|c| c == '"' || c == '\'');
            if [
                "bedrock",
                "vertex",
                "vertex_ai",
                "vertexai",
                "azure",
                "openrouter",
            ]
            .contains(&value)
            {
                return Some(format!("{} {value}", pair[0]));
            }
        }
    }
    None
}

/// Sampling parameters given in text next to a setting: flags of the same command line (with its
/// `\` continuations: `--temperature 0.0`), and `*_TEMPERATURE=`-like variables in the same
/// script, `.env` file or code block.
pub(crate) fn text_companions(src: &[u8], line_start: usize) -> Vec<crate::Companion> {
    // The logical line: back over continued lines, forward while a line ends with `\`.
    let mut start = line_start;
    while start > 0 {
        let prev = memchr::memrchr(b'\n', &src[..start - 1]).map_or(0, |i| i + 1);
        if src[prev..start - 1].trim_ascii_end().ends_with(b"\\") {
            start = prev;
        } else {
            break;
        }
    }
    let mut end = line_start;
    loop {
        let e = memchr::memchr(b'\n', &src[end..]).map_or(src.len(), |i| end + i);
        let continued = src[end..e].trim_ascii_end().ends_with(b"\\");
        end = e;
        if !continued || end >= src.len() {
            break;
        }
        end += 1;
    }
    let line_of = |at: usize| memchr::memchr_iter(b'\n', &src[..at]).count() + 1;
    let mut out = Vec::new();
    let command = &src[start..end];
    const FLAGS: &[(&str, &str)] = &[
        ("--temperature", "temperature"),
        ("--top-p", "top_p"),
        ("--top_p", "top_p"),
        ("--top-k", "top_k"),
        ("--top_k", "top_k"),
        ("--max-tokens", "max_tokens"),
        ("--max_tokens", "max_tokens"),
    ];
    for (flag, id) in FLAGS {
        for at in memchr::memmem::find_iter(command, flag.as_bytes()) {
            let rest = &command[at + flag.len()..];
            if rest
                .first()
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
            {
                continue;
            }
            let value: String = rest
                .iter()
                .skip_while(|b| matches!(b, b' ' | b'=' | b'"' | b'\''))
                .take_while(|b| b.is_ascii_digit() || **b == b'.')
                .map(|b| *b as char)
                .collect();
            out.push(crate::Companion {
                id: (*id).to_string(),
                text: format!("{flag} {value}").trim().to_string(),
                value: value.parse().ok(),
                line: line_of(start + at),
            });
        }
    }
    // Variables of the same text: `INSPECT_EVAL_TEMPERATURE=0.0`, `export TOP_K=5` (in a script,
    // `.env` file or block of ordinary size; a larger text is read at the command line only).
    const VARIABLES_UP_TO: usize = 64 * 1024;
    let whole: &[u8] = if src.len() <= VARIABLES_UP_TO {
        src
    } else {
        &[]
    };
    for (n, line) in whole.split(|b| *b == b'\n').enumerate() {
        let t = line.trim_ascii_start();
        let t = t.strip_prefix(b"export ").unwrap_or(t);
        let Some(eq) = t.iter().position(|b| *b == b'=') else {
            continue;
        };
        let key = &t[..eq];
        if key.is_empty()
            || !key
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
        {
            continue;
        }
        let key = String::from_utf8_lossy(key);
        let id = if key.contains("TEMPERATURE") {
            "temperature"
        } else if key.contains("TOP_P") {
            "top_p"
        } else if key.contains("TOP_K") {
            "top_k"
        } else {
            continue;
        };
        let value = String::from_utf8_lossy(&t[eq + 1..]);
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        out.push(crate::Companion {
            id: id.to_string(),
            text: format!("{key}={value}"),
            value: value.parse().ok(),
            line: n + 1,
        });
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `--model <id>` or `--model=<id>`.
    Flag,
    /// `MODEL=<id>` (also Makefile `MODEL ?= <id>`).
    Assign,
    /// `model: <id>` or `"model": "<id>"`.
    Key,
    /// `${MODEL:-<id>}`.
    Fallback,
}

struct Setting<'s> {
    kind: Kind,
    name: &'s str,
}

/// Bytes that can make up a model ID with its wrapper (`bedrock/us.anthropic.claude-...-v1:0`).
fn is_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'/' | b'-' | b'_' | b'@')
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn trim_blanks_end(s: &[u8]) -> &[u8] {
    let n = s.iter().rev().take_while(|b| is_blank(**b)).count();
    &s[..s.len() - n]
}

/// A quote that ends `s` (`"`, `'` or the escaped `\"`), and `s` without it.
fn strip_quote_end(s: &[u8]) -> (&[u8], &'static [u8]) {
    if s.ends_with(b"\\\"") {
        (&s[..s.len() - 2], b"\\\"")
    } else if s.ends_with(b"\"") {
        (&s[..s.len() - 1], b"\"")
    } else if s.ends_with(b"'") {
        (&s[..s.len() - 1], b"'")
    } else {
        (s, b"")
    }
}

/// The name that ends `s`: letters, digits, `_`, `-` and `.`.
fn name_at_end(s: &[u8]) -> &str {
    let n = s
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        .count();
    std::str::from_utf8(&s[s.len() - n..]).unwrap_or("")
}

/// The setting whose whole value is the model ID at `hit`, and the value's bytes. The value may
/// carry a wrapper before the ID (`anthropic/`, `us.`), which is part of what is rewritten.
fn setting<'s>(
    scanner: &Scanner,
    src: &'s [u8],
    line_start: usize,
    hit: &Hit,
    syntax: Syntax,
) -> Option<(Range<usize>, Setting<'s>)> {
    // The value: the hit with the longest wrapper before it that still makes a known ID
    // (`anthropic:messages:<id>` after `${GRADER:-`), or the hit alone. Wrappers are short; the
    // search is bounded for long runs of such bytes (minified code, encoded data).
    const MAX_WRAPPER: usize = 200;
    let span = src[line_start..hit.range.start]
        .iter()
        .rev()
        .take(MAX_WRAPPER)
        .take_while(|b| is_id_byte(**b))
        .count();
    let wrapped =
        (hit.range.start - span..hit.range.start).find(|s| scanner.is_id(&src[*s..hit.range.end]));
    wrapped
        .into_iter()
        .chain([hit.range.start])
        .find_map(|start| {
            let value = start..hit.range.end;
            setting_before(&src[line_start..start], &src[value.end..], syntax).map(|s| (value, s))
        })
}

/// The setting that `before` opens and `after` closes around a value.
fn setting_before<'s>(before: &'s [u8], after: &[u8], syntax: Syntax) -> Option<Setting<'s>> {
    let shell = syntax == Syntax::Shell;
    let (b, quote) = strip_quote_end(before);
    // A bare value ends at a blank or a closing bracket; a comma would make it one of a list.
    let closed = if quote.is_empty() {
        after.first().is_none_or(|c| {
            matches!(
                c,
                b' ' | b'\t'
                    | b'\r'
                    | b'\n'
                    | b';'
                    | b'`'
                    | b')'
                    | b'}'
                    | b']'
                    | b'"'
                    | b'\''
                    | b'\\'
                    | b'&'
                    | b'|'
            )
        })
    } else {
        after.starts_with(quote)
    };
    if !closed {
        return None;
    }
    let t = trim_blanks_end(b);
    let spaced = t.len() < b.len();
    let setting = match t.last()? {
        b'=' => {
            let mut k = &t[..t.len() - 1];
            // `==`, `!=`, `<=`, `>=` compare rather than set.
            if matches!(k.last(), Some(b'=' | b'!' | b'<' | b'>')) {
                return None;
            }
            if shell && matches!(k.last(), Some(b'?' | b':' | b'+')) {
                k = &k[..k.len() - 1];
            }
            let k = if shell { trim_blanks_end(k) } else { k };
            let name = name_at_end(k);
            match name.strip_prefix("--") {
                Some(flag) if !flag.is_empty() => Setting {
                    kind: Kind::Flag,
                    name: flag,
                },
                _ if is_identifier(name) => Setting {
                    kind: Kind::Assign,
                    name,
                },
                _ => return None,
            }
        }
        // `${MODEL:-<id>}`: the fallback of a variable.
        b'-' if shell && after.first() == Some(&b'}') => {
            let k = t[..t.len() - 1]
                .strip_suffix(b":")
                .unwrap_or(&t[..t.len() - 1]);
            let name = name_at_end(k);
            if !is_identifier(name) || !k[..k.len() - name.len()].ends_with(b"${") {
                return None;
            }
            Setting {
                kind: Kind::Fallback,
                name,
            }
        }
        // `"--model", "<id>"`: a flag and its value as items of an exec-form list.
        b',' if shell && !quote.is_empty() => {
            let (k, q) = strip_quote_end(trim_blanks_end(&t[..t.len() - 1]));
            let flag = name_at_end(k).strip_prefix("--").filter(|f| !f.is_empty());
            match flag {
                Some(name) if !q.is_empty() => Setting {
                    kind: Kind::Flag,
                    name,
                },
                _ => return None,
            }
        }
        b':' if shell => {
            let (k, _) = strip_quote_end(&t[..t.len() - 1]);
            let name = name_at_end(k);
            if name.is_empty() || !starts_key(&k[..k.len() - name.len()]) {
                return None;
            }
            Setting {
                kind: Kind::Key,
                name,
            }
        }
        // `-m <id>`: the short form of `--model` in most CLIs (llm, deepeval, aider, inspect).
        // The value is a whole known ID, which no other `-m` (`python -m module`) takes.
        _ if spaced
            && name_at_end(t) == "-m"
            && t[..t.len() - 2].last().is_none_or(|b| is_blank(*b)) =>
        {
            Setting {
                kind: Kind::Flag,
                name: "model",
            }
        }
        _ if spaced => {
            let flag = name_at_end(t).strip_prefix("--")?;
            if flag.is_empty() {
                return None;
            }
            Setting {
                kind: Kind::Flag,
                name: flag,
            }
        }
        _ => return None,
    };
    is_model_name(setting.name).then_some(setting)
}

fn is_identifier(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether the text before a key ends where a key can start: the line's indentation, a list
/// dash, an opening quote, brace or comma.
fn starts_key(s: &[u8]) -> bool {
    let s = trim_blanks_end(s);
    let (s, _) = strip_quote_end(s);
    s.last()
        .is_none_or(|b| matches!(b, b'{' | b',' | b'-' | b'\'' | b'"' | b'\\'))
        || s.iter().all(|b| is_blank(*b))
}

/// Whether `before` (a line up to a hit) ends inside a `#` comment: a `#` at the start of a word,
/// outside quotes.
fn in_comment(before: &[u8]) -> bool {
    let mut quote: Option<u8> = None;
    let mut prev = b' ';
    for &b in before {
        match quote {
            Some(q) if b == q && prev != b'\\' => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && prev != b'\\' => quote = Some(b),
            None if b == b'#' && is_blank(prev) => return true,
            None => {}
        }
        prev = b;
    }
    false
}

/// Whether the line of a `name=<id>` value reads like the printed form of a response object:
/// `Message(id='msg_...', ..., model='<id>', role='assistant', stop_reason=...)`.
fn line_records_response(src: &[u8], line_start: usize, value: &Range<usize>) -> bool {
    let end = memchr::memchr(b'\n', &src[value.end..]).map_or(src.len(), |i| value.end + i);
    let line = &src[line_start..end];
    [
        &b"stop_reason"[..],
        b"finish_reason",
        b"role='assistant'",
        b"role=\"assistant\"",
        b"input_tokens",
        b"id='msg_",
        b"id=\"msg_",
    ]
    .iter()
    .any(|m| memchr::memmem::find(line, m).is_some())
}

/// Whether the text around a value reads like a recorded API response (`"usage"`,
/// `stop_reason`), in which case a `"model": ...` there records what a server said.
fn near_response(src: &[u8], value: &Range<usize>) -> bool {
    const WINDOW: usize = 2048;
    let start = value.start.saturating_sub(WINDOW);
    let end = (value.end + WINDOW).min(src.len());
    let around = &src[start..end];
    [
        &b"stop_reason"[..],
        b"\"usage\"",
        b"input_tokens",
        b"finish_reason",
    ]
    .iter()
    .any(|m| memchr::memmem::find(around, m).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(before: &str, after: &str, syntax: Syntax) -> Option<(Kind, String)> {
        setting_before(before.as_bytes(), after.as_bytes(), syntax)
            .map(|s| (s.kind, s.name.to_string()))
    }

    #[test]
    fn flags_and_assignments_in_any_text() {
        for (before, after) in [
            ("python run.py --model ", " --n 3"),
            ("python run.py --model=", ""),
            ("llm -m ", " 'hi'"),
            ("claude --model '", "' -p hi"),
            ("x.sh --judge-model \"", "\""),
        ] {
            assert_eq!(
                kind(before, after, Syntax::Inline).map(|k| k.0),
                Some(Kind::Flag),
                "{before}"
            );
        }
        // Not a flag: a sentence, a flag with another name, a value glued to more text.
        assert_eq!(kind("we use ", " now", Syntax::Inline), None);
        assert_eq!(kind("run --output ", "", Syntax::Inline), None);
        assert_eq!(kind("--model ", "/x", Syntax::Inline), None);
        assert_eq!(kind("--models ", ",claude-x", Syntax::Inline), None);
        assert_eq!(kind("git commit -am ", "", Syntax::Inline), None);
        assert_eq!(kind("run.sh x-m ", "", Syntax::Inline), None);
        // Keys and padded assignments only count in shell-like text.
        assert_eq!(
            kind("MODEL=", "", Syntax::Inline).map(|k| k.0),
            Some(Kind::Assign)
        );
        assert_eq!(kind("MODEL ?= ", "", Syntax::Inline), None);
        assert_eq!(kind("\"model\": \"", "\"", Syntax::Inline), None);
    }

    #[test]
    fn assignments_and_keys_in_shell_text() {
        let shell = |b, a| kind(b, a, Syntax::Shell).map(|k| k.0);
        assert_eq!(shell("export CLAUDE_MODEL=", ""), Some(Kind::Assign));
        assert_eq!(shell("MODEL ?= ", ""), Some(Kind::Assign));
        assert_eq!(shell("ENV ANTHROPIC_MODEL=\"", "\""), Some(Kind::Assign));
        assert_eq!(
            shell("  -d '{\"model\": \"", "\", \"max_tokens\": 9}'"),
            Some(Kind::Key)
        );
        assert_eq!(shell("    model: ", ""), Some(Kind::Key));
        assert_eq!(shell("M=\"${CLAUDE_MODEL:-", "}\""), Some(Kind::Fallback));
        assert_eq!(
            shell("CMD [\"python\", \"--model\", \"", "\"]"),
            Some(Kind::Flag)
        );
        assert_eq!(shell("{\\\"model\\\":\\\"", "\\\"}"), Some(Kind::Key));
        // Comparisons, other names, unmatched quotes.
        assert_eq!(shell("if [ \"$M\" == \"", "\" ]"), None);
        assert_eq!(shell("NAME=", ""), None);
        assert_eq!(shell("\"model\": \"", " x\""), None);
        assert_eq!(shell("see https://example.com/model:", ""), None);
        assert_eq!(shell("M=${NAME:-", "}"), None);
        assert_eq!(shell("M=$CLAUDE_MODEL-", ""), None);
        assert_eq!(shell("[\"python\", \"run.py\", \"", "\"]"), None);
    }

    #[test]
    fn comments() {
        assert!(in_comment(b"# run --model "));
        assert!(in_comment(b"  echo hi # --model "));
        assert!(!in_comment(b"echo \"#1\" --model "));
        assert!(!in_comment(b"curl http://x/#a --model "));
    }
}
