//! Names that say which model they hold: `sonnet35`, `HAIKU_3_DEFAULT`, `claude37`, `opus3_settings`,
//! a label `"Claude 3.5 Sonnet"` written as `claude-3-5-sonnet`, a file `claude_3_7_sonnet.ipynb`.
//! After a rewrite such a name would lie, and a router or a table may have nothing under the new
//! name: the fix needs review.

use remodel_registry::Model;

/// The marks of a model's family and version, normalized (lower case, letters and digits only):
/// `Claude Sonnet 3.5` -> `sonnet35`, `35sonnet`, `claude35`. Empty for a model without a version
/// in its name.
pub(crate) fn marks(model: &Model) -> Vec<String> {
    let words: Vec<String> = model
        .name
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    // A brand that carries its version (`GPT-4`, `GPT-3.5 Turbo`): `gpt4`, `gpt35`, and a name
    // with the brand or the provider and the version as a number of its own (`OpenAIAPI35Bot`,
    // `Gpt4Client`), written `brand+version`.
    let head = words
        .first()
        .map(|w| normalize(w.as_bytes()))
        .unwrap_or_default();
    if head.bytes().any(|b| b.is_ascii_digit()) && head.bytes().any(|b| b.is_ascii_alphabetic()) {
        let at = head
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(head.len());
        let (brand, version) = head.split_at(at);
        let mut out = vec![head.clone(), format!("{brand}+{version}")];
        if !model.provider.is_empty() && model.provider != brand {
            out.push(format!("{}+{version}", model.provider));
        }
        return out;
    }
    let Some(version) = words
        .iter()
        .find(|w| {
            w.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && w.bytes().any(|b| b.is_ascii_digit())
        })
        .map(|w| w.replace('.', ""))
    else {
        return Vec::new();
    };
    // The brand is the name's first word (`Claude`, `Gemini`).
    let brand = if head.is_empty() {
        "claude".to_string()
    } else {
        head
    };
    // `ClaudeAPI21Bot`: the brand, and the version as a number of its own.
    let mut out = vec![format!("{brand}{version}"), format!("{brand}+{version}")];
    if let Some(tier) = words
        .iter()
        .skip(1)
        .find(|w| **w != brand && w.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        out.push(format!("{tier}{version}"));
        out.push(format!("{version}{tier}"));
    }
    out
}

/// A word of source text, normalized like the marks.
pub(crate) fn normalize(word: &[u8]) -> String {
    word.iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

/// Whether a normalized word carries one of the marks where a version ends: `sonnet35` and
/// `sonnet35default` carry `sonnet35`, `claude3` does not carry `claude35`'s mark, but `claude35`
/// carries `claude3` (a name for 3.5 still names a Claude 3 model), which is the cautious reading.
pub(crate) fn carries(word: &str, marks: &[String]) -> Option<String> {
    marks
        .iter()
        .find(|m| {
            if let Some((brand, version)) = m.split_once('+') {
                return word.contains(brand) && number_runs(word).any(|n| n == version);
            }
            word.match_indices(m.as_str()).any(|(i, _)| {
                // The mark is not the tail of a longer number (`opus13` does not carry `opus3`... but
                // `claude` marks start with letters, so only a digit before a version-first mark counts).
                let before = word[..i].bytes().last();
                !(m.as_bytes()[0].is_ascii_digit() && before.is_some_and(|b| b.is_ascii_digit()))
            })
        })
        .cloned()
}

/// The runs of digits in a normalized word (`openaiapi35bot` -> `35`).
fn number_runs(word: &str) -> impl Iterator<Item = &str> {
    word.split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
}

/// The words of `text` (runs of letters, digits, `_`, `-`, `.`), with their offsets.
pub(crate) fn words(text: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let is_word = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() && !is_word(&text[i]) {
            i += 1;
        }
        if i >= text.len() {
            return None;
        }
        let start = i;
        while i < text.len() && is_word(&text[i]) {
            i += 1;
        }
        Some((start, &text[start..i]))
    })
}

/// A phrase of two or three words in prose that names a model by its marks: `Claude 3.7 Sonnet`,
/// `Sonnet 3.5`, `3 Haiku`. Words for which `skip` holds (IDs) are not read. The phrase, as written.
pub(crate) fn phrase_naming(
    text: &[u8],
    marks: &[String],
    skip: impl Fn(&[u8]) -> bool,
) -> Option<String> {
    let words: Vec<&[u8]> = words(text)
        .map(|(_, w)| w.trim_ascii())
        .map(|w| w.strip_suffix(b".").unwrap_or(w))
        .collect();
    // The shortest phrase first: `Claude 3.7`, not `to Claude 3.7`.
    for n in 1..=3 {
        for window in words.windows(n) {
            if window.iter().any(|w| skip(w)) {
                continue;
            }
            let norm: String = window.iter().map(|w| normalize(w)).collect();
            if carries(&norm, marks).is_some() {
                let phrase: Vec<String> = window
                    .iter()
                    .map(|w| String::from_utf8_lossy(w).into_owned())
                    .collect();
                return Some(phrase.join(" "));
            }
        }
    }
    None
}

/// Prose next to code that names the model of `finding` in words (a heading "Building an agent
/// with Claude 3.5 Sonnet", the sentence before a code block): the phrase, for the reason.
pub(crate) fn prose_names(
    scanner: &crate::Scanner,
    marks: &mut crate::code::Marks,
    prose: &[u8],
    finding: &[u8],
) -> Option<String> {
    let m = crate::code::prose_marks(scanner, marks, finding);
    if m.is_empty() {
        return None;
    }
    phrase_naming(prose, &m, |w| scanner.names_an_id(w))
}

/// Whether the words right before an ID in prose say it is the past: `(was <id>)`,
/// `previously <id>`, `instead of <id>`. Such a note stays true after a migration.
pub(crate) fn history_before(before: &[u8]) -> bool {
    let line = before
        .rsplit(|b| *b == b'\n')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut last = line
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .rev();
    let (w1, w2) = (
        last.next().unwrap_or_default(),
        last.next().unwrap_or_default(),
    );
    const PAST: &[&[u8]] = &[
        b"was",
        b"were",
        b"previously",
        b"formerly",
        b"replaced",
        b"replaces",
        b"replacing",
        b"from",
        b"off",
        b"old",
    ];
    PAST.contains(&w1) || (w1 == b"of" && w2 == b"instead")
}

/// The contents of short quoted strings in `text` (one line, at most 120 bytes), with offsets.
pub(crate) fn quoted(text: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let q = text[i];
        if matches!(q, b'"' | b'\'' | b'`') {
            let rest = &text[i + 1..];
            let end = rest.iter().take(121).position(|b| *b == q || *b == b'\n');
            if let Some(e) = end.filter(|&e| rest[e] == q) {
                out.push((i + 1, &rest[..e]));
                i += e + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use remodel_registry::Registry;

    fn marks_of(id: &str) -> Vec<String> {
        let reg = Registry::embedded().unwrap();
        marks(reg.get(id).unwrap())
    }

    #[test]
    fn marks_of_models() {
        assert_eq!(
            marks_of("claude-3-5-sonnet-20241022"),
            ["claude35", "claude+35", "sonnet35", "35sonnet"]
        );
        assert_eq!(marks_of("claude-2.1"), ["claude21", "claude+21"]);
        assert_eq!(
            marks_of("claude-3-haiku-20240307"),
            ["claude3", "claude+3", "haiku3", "3haiku"]
        );
        assert!(carries("claudeapi21bot", &marks_of("claude-2.1")).is_some());
    }

    #[test]
    fn labels_in_strings() {
        let got: Vec<&[u8]> = quoted(b"{ name: \"Claude 3.7 Sonnet\", id: 'x' }")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(got, [&b"Claude 3.7 Sonnet"[..], b"x"]);
        let m = marks_of("claude-3-7-sonnet-20250219");
        assert!(carries(&normalize(b"Claude 3.7 Sonnet"), &m).is_some());
    }

    #[test]
    fn notes_of_the_past() {
        assert!(history_before(b"# Model settings (was "));
        assert!(history_before(b"// moved off "));
        assert!(history_before(b"# use this instead of "));
        assert!(!history_before(b"# Default: "));
        assert!(!history_before(b"# was it?\n# "));
    }

    #[test]
    fn phrases_in_comments() {
        let m = marks_of("claude-3-7-sonnet-20250219");
        let never = |_: &[u8]| false;
        let got = |t: &str| phrase_naming(t.as_bytes(), &m, never);
        assert_eq!(
            got("// uses a Claude\n * 3.7 Sonnet block").as_deref(),
            Some("Claude 3.7")
        );
        assert_eq!(got("# Sonnet 3.7, for now.").as_deref(), Some("Sonnet 3.7"));
        assert_eq!(got("# 3.7 sonnet").as_deref(), Some("3.7 sonnet"));
        assert_eq!(got("# claude-3-7 only").as_deref(), Some("claude-3-7"));
        assert_eq!(got("# any Sonnet, version 3 or 7"), None);
        assert_eq!(got("# Claude Sonnet 4"), None);
        // Words that are IDs are judged on their own.
        let ids = |w: &[u8]| w.starts_with(b"claude-3-7-sonnet-2");
        assert_eq!(
            phrase_naming(b"# was claude-3-7-sonnet-20250219", &m, ids),
            None
        );
    }

    #[test]
    fn words_that_carry_a_mark() {
        let m = marks_of("claude-3-5-sonnet-20241022");
        for w in [
            "sonnet35",
            "SONNET_3_5",
            "claude35_arm",
            "model_3_5_sonnet",
            "claude-3-5-sonnet",
        ] {
            assert!(carries(&normalize(w.as_bytes()), &m).is_some(), "{w}");
        }
        for w in ["sonnet", "model", "claude", "sonnet4", "v35"] {
            assert!(carries(&normalize(w.as_bytes()), &m).is_none(), "{w}");
        }
        let h = marks_of("claude-3-haiku-20240307");
        assert!(carries("haiku3default", &h).is_some());
        assert!(carries("13haiku", &h).is_none());
    }

    #[test]
    fn other_providers_names_carry_their_version() {
        let g = marks_of("gpt-3.5-turbo-0613");
        for w in ["GPT35_MODEL", "OpenAIAPI35Bot", "gpt_35_turbo"] {
            assert!(carries(&normalize(w.as_bytes()), &g).is_some(), "{w}");
        }
        for w in ["OpenAIAPI4Bot", "gpt4", "openai_client", "v35"] {
            assert!(carries(&normalize(w.as_bytes()), &g).is_none(), "{w}");
        }
        let four = marks_of("gpt-4-0314");
        assert!(carries("openaiapi4bot", &four).is_some());
        assert!(carries("openaiapi4128kbot", &four).is_none());
        let gem = marks_of("gemini-1.5-pro-002");
        assert!(carries("gemini15pro", &gem).is_some());
        assert!(carries("gemini2flash", &gem).is_none());
    }
}
