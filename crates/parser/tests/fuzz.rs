//! Random inputs for every file kind: no panic, and every finding's range lies inside the file,
//! on character boundaries, and holds the finding's text. Runs a fixed number of cases; set
//! `FUZZ_SECONDS` (e.g. 600) for a long run. The generator is seeded, so a failure prints the
//! seed and the input that gave it. `FUZZ_SLOW=1` prints every case over half a second (no
//! assertion on time); `FUZZ_SEED=<seed> FUZZ_DUMP=<file>` writes that case's input to a file.

use remodel_parser::Scanner;
use remodel_registry::Registry;
use std::path::Path;
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Pieces real files are made of: IDs bare and wrapped, quotes, brackets, comment and string
/// markers of every language, keys, escapes, non-ASCII text, line endings.
const PIECES: &[&str] = &[
    "claude-3-opus-20240229",
    "claude-3-5-sonnet-20241022",
    "claude-3-haiku-20240307",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "claude-3-5-sonnet-v2@20241022",
    "anthropic/claude-3-opus-20240229",
    "claude-2",
    "claude-sonnet-4-5",
    "claude-3-7-sonnet-latest",
    "model",
    "model=",
    "model: ",
    "\"model\": ",
    "--model ",
    "-m ",
    "MODEL=",
    "temperature=0.2",
    "top_k: 5",
    "budget_tokens",
    "\"",
    "'",
    "`",
    "\"\"\"",
    "'''",
    "${",
    "}",
    "{",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    "=",
    ";",
    "#",
    "//",
    "/*",
    "*/",
    "<!--",
    "-->",
    "```",
    "```python\n",
    "```yaml\n",
    "~~~",
    "::\n",
    ".. code-block:: python\n",
    "[source,js]\n----\n",
    "%%bash\n",
    "!",
    "\\",
    "\\n",
    "\\\"",
    "\\/",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "é",
    "日本",
    "🙂",
    "\u{feff}",
    "def f():\n    ",
    "const x = ",
    "export ",
    "import ",
    "- ",
    "---\n",
    "key: |\n  ",
    "[tool.x]\n",
    "x = ",
    "run: ",
    "{\"cells\": [",
    "{\"cell_type\": \"code\", \"source\": [",
    "]}",
    "test(",
    "assert ",
    "expect(",
    ").toBe(",
    "# Claude 3 Opus\n",
    "remodel: ignore",
    "remodel: ignore until=2026-01-01",
];

const NAMES: &[&str] = &[
    "a.py",
    "a.ts",
    "a.tsx",
    "a.js",
    "a.yaml",
    "a.json",
    "a.toml",
    ".env",
    "a.ipynb",
    "a.md",
    "a.rst",
    "a.adoc",
    "run.sh",
    "Dockerfile",
    "a.go",
    "notes.txt",
    "tests/test_a.py",
    "results/run.yaml",
];

fn check_one(scanner: &Scanner, name: &str, src: &[u8], seed: u64) {
    let found = match scanner.scan_path(Path::new(name), src) {
        Ok(f) => f,
        Err(_) => return, // an input the parser refuses is reported as an error, not a panic
    };
    let text = String::from_utf8_lossy(src);
    for f in found {
        assert!(
            f.range.start <= f.range.end && f.range.end <= src.len(),
            "seed {seed}, {name}: range {:?} outside {} bytes\n{text:?}",
            f.range,
            src.len()
        );
        let got = String::from_utf8_lossy(&src[f.range.clone()]);
        assert_eq!(got, f.text, "seed {seed}, {name}: text differs\n{text:?}");
        if let Ok(s) = std::str::from_utf8(src) {
            assert!(
                s.is_char_boundary(f.range.start) && s.is_char_boundary(f.range.end),
                "seed {seed}, {name}: range {:?} not on char boundaries\n{text:?}",
                f.range
            );
        }
        assert!(f.line >= 1 && f.column >= 1, "seed {seed}, {name}");
    }
}

#[test]
fn random_files_of_every_kind_give_valid_findings() {
    let registry = Registry::embedded().unwrap();
    let scanner = Scanner::new(&registry).as_of("2026-12-01");
    let budget = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let start = Instant::now();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut cases = 0u64;
    loop {
        if let Some(b) = budget {
            if start.elapsed() > b {
                break;
            }
        } else if cases >= 3000 {
            break;
        }
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut rng = Rng(seed | 1);
        let name = rng.pick(NAMES);
        let n = 1 + rng.next() % 60;
        let mut src = String::new();
        for _ in 0..n {
            src.push_str(rng.pick(PIECES));
        }
        let mut bytes = src.into_bytes();
        // Now and then, bytes that are not UTF-8.
        if rng.next() % 7 == 0 {
            let at = (rng.next() as usize) % (bytes.len() + 1);
            bytes.insert(at, 0xff);
        }
        if let Some(dump) = std::env::var_os("FUZZ_DUMP") {
            if std::env::var("FUZZ_SEED")
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                == Some(seed)
            {
                std::fs::write(dump, &bytes).unwrap();
                return;
            }
            cases += 1;
            continue;
        }
        let t = Instant::now();
        check_one(&scanner, name, &bytes, seed);
        if std::env::var_os("FUZZ_SLOW").is_some() && t.elapsed() > Duration::from_millis(500) {
            eprintln!(
                "slow: seed {seed} {name} {:?} {} bytes: {:?}",
                t.elapsed(),
                bytes.len(),
                String::from_utf8_lossy(&bytes)
            );
        }
        cases += 1;
    }
    eprintln!("{cases} random files checked");
}
