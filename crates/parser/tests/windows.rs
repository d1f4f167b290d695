//! The windowed parse must give exactly the findings of a whole-file parse. Every code file of the
//! fixtures is padded with unrelated statements (so that windows apply) and scanned both ways.

use remodel_parser::{Lang, Scanner};
use remodel_registry::Registry;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn padding(lang: Lang, tag: &str) -> String {
    (0..60)
        .map(|i| match lang {
            Lang::Python => format!("def {tag}{i}(x):\n    return x + {i}\n\n"),
            Lang::Yaml => format!("{tag}_{i}:\n  size: {i}\n"),
            Lang::Json => format!("  \"{tag}_{i}\": {{\n    \"size\": {i}\n  }},\n"),
            _ => format!("function {tag}{i}(x) {{\n  return x + {i};\n}}\n\n"),
        })
        .collect()
}

#[test]
fn windows_give_the_findings_of_a_whole_parse() {
    let registry = Registry::embedded().unwrap();
    let windowed = Scanner::new(&registry);
    let whole = Scanner::new(&registry).whole_files();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut all = Vec::new();
    files(&root, &mut all);
    let mut compared = 0;
    for path in all {
        let lang = Lang::from_path(&path);
        if !matches!(
            lang,
            Lang::Python
                | Lang::JavaScript
                | Lang::TypeScript
                | Lang::Tsx
                | Lang::Yaml
                | Lang::Json
        ) {
            continue;
        }
        let body = std::fs::read(&path).unwrap();
        if lang == Lang::Json {
            // Members go inside the top-level object, after its opening line.
            let Some(nl) = body.iter().position(|b| *b == b'\n') else {
                continue;
            };
            if body[..nl].trim_ascii() != b"{" {
                continue;
            }
            for pad in [padding(lang, "before"), String::new()] {
                let mut src = body[..=nl].to_vec();
                src.extend_from_slice(pad.as_bytes());
                src.extend_from_slice(&body[nl + 1..]);
                let a = windowed.scan(lang, &src).unwrap();
                let b = whole.scan(lang, &src).unwrap();
                assert_eq!(a, b, "{}", path.display());
                compared += 1;
            }
            continue;
        }
        for (head, tail) in [
            (padding(lang, "before"), padding(lang, "after")),
            (String::new(), padding(lang, "after")),
            (padding(lang, "before"), String::new()),
        ] {
            let mut src = head.into_bytes();
            src.extend_from_slice(&body);
            if !src.ends_with(b"\n") {
                src.push(b'\n');
            }
            src.extend_from_slice(tail.as_bytes());
            let a = windowed.scan(lang, &src).unwrap();
            let b = whole.scan(lang, &src).unwrap();
            assert_eq!(a, b, "{}", path.display());
            compared += 1;
        }
    }
    assert!(compared > 50, "only {compared} files compared");
}

/// A small deterministic generator (xorshift), so that the mutants are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Mutants of every padded code fixture: quotes, backticks, comment markers and brackets inserted
/// at random places. Wherever the mutant is still valid (the whole parse has no errors), the
/// windowed parse must give the same findings. `MUTANTS` sets how many per file (default 20).
#[test]
fn windows_agree_with_a_whole_parse_on_mutants() {
    const MARKS: &[&str] = &[
        "\"\"\"",
        "'''",
        "\"",
        "'",
        "`",
        "/*",
        "*/",
        "#",
        "//",
        "(",
        ")",
        "${",
        "}",
        "QUOTE = '\"\"\"'\n",
        "const t = `\n",
        "`;\n",
        "x = \"\"\"\n",
        "\"\"\"\n",
        "/* \n",
        " */\n",
        "s = '`'\n",
    ];
    let per_file: usize = std::env::var("MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let registry = Registry::embedded().unwrap();
    let windowed = Scanner::new(&registry);
    let whole = Scanner::new(&registry).whole_files();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut valid, mut tried) = (0, 0);
    for path in all {
        let lang = Lang::from_path(&path);
        if !matches!(
            lang,
            Lang::Python | Lang::JavaScript | Lang::TypeScript | Lang::Tsx
        ) {
            continue;
        }
        let body = std::fs::read(&path).unwrap();
        let mut base = padding(lang, "before").into_bytes();
        base.extend_from_slice(&body);
        base.extend_from_slice(b"\n");
        base.extend_from_slice(padding(lang, "after").as_bytes());
        for _ in 0..per_file {
            let mut src = base.clone();
            // Half the mutants wrap a run of whole lines (with statements in it) in a multi-line
            // string or template, after a line whose quotes would mislead a count.
            if rng.below(2) == 0 {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(
                        src.iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .filter(|&i| i < src.len())
                    .collect();
                let a = starts[rng.below(starts.len())];
                let b = starts[rng.below(starts.len())].max(a);
                let (open, close, decoy) = if lang == Lang::Python {
                    ("X = \"\"\"\n", "\"\"\"\n", "QUOTE = '\"\"\"'\n")
                } else {
                    ("const t = `\n", "`;\n", "const q = '`';\n")
                };
                src.splice(b..b, close.bytes());
                src.splice(a..a, open.bytes());
                src.splice(0..0, decoy.bytes());
            }
            for _ in 0..rng.below(2) {
                let mark = MARKS[rng.below(MARKS.len())];
                // At a line start or anywhere, on a character boundary.
                let mut at = rng.below(src.len() + 1);
                if rng.below(2) == 0 {
                    at = src[..at]
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map_or(0, |i| i + 1);
                }
                while at < src.len() && (src[at] & 0xC0) == 0x80 {
                    at += 1;
                }
                src.splice(at..at, mark.bytes());
            }
            tried += 1;
            if remodel_parser::error_count(lang, &src).unwrap() != 0 {
                continue;
            }
            valid += 1;
            let a = windowed.scan(lang, &src).unwrap();
            let b = whole.scan(lang, &src).unwrap();
            assert_eq!(
                a,
                b,
                "{}: a mutant gives other findings windowed than whole:\n{}",
                path.display(),
                String::from_utf8_lossy(&src)
            );
        }
    }
    assert!(valid > 100, "only {valid} of {tried} mutants were valid");
}
