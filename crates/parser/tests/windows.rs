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
