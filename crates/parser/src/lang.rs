//! File kinds, decided by name.

use std::path::Path;

/// A kind of file the scanner understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Python,
    TypeScript,
    Tsx,
    /// JavaScript, JSX included.
    JavaScript,
    Yaml,
    Json,
    Toml,
    /// `.env` and `.env.*` files.
    Env,
    /// Jupyter notebooks.
    Notebook,
    Markdown,
    /// Shell scripts, Dockerfiles, Makefiles: only the whole value of a model setting is rewritten
    /// (`--model <id>`, `MODEL=<id>`, `"model": "<id>"`).
    Shell,
    /// Any other text file: hits are reported, never fixed.
    Text,
}

impl Lang {
    /// The kind of a file, from its name.
    pub fn from_path(path: &Path) -> Lang {
        let name = lower_name(path);
        if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
            return Lang::Env;
        }
        // Files of shell command lines: build recipes and container images.
        const SHELL_NAMES: &[&str] = &[
            "dockerfile",
            "containerfile",
            "makefile",
            "gnumakefile",
            "justfile",
            ".envrc",
            "procfile",
        ];
        let stem = name.split('.').next().unwrap_or_default();
        if SHELL_NAMES.contains(&name.as_str())
            || matches!(stem, "dockerfile" | "containerfile")
            || name.ends_with(".dockerfile")
        {
            return Lang::Shell;
        }
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "py" | "pyi" => Lang::Python,
            "ts" | "mts" | "cts" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
            "yaml" | "yml" => Lang::Yaml,
            "json" | "jsonc" | "json5" => Lang::Json,
            "toml" => Lang::Toml,
            "ipynb" => Lang::Notebook,
            "md" | "markdown" | "mdx" | "qmd" | "rmd" | "rmarkdown" | "rst" | "rest" | "adoc"
            | "asciidoc" => Lang::Markdown,
            "sh" | "bash" | "zsh" | "mk" => Lang::Shell,
            _ => Lang::Text,
        }
    }

    /// The language of a Markdown fence's info string or a notebook's kernel language.
    pub fn from_name(name: &str) -> Option<Lang> {
        let name = name.trim().to_ascii_lowercase();
        // `python title="x.py"`, `{python}` (Quarto), `{.python}` (Pandoc), `py,linenos`.
        let first = name
            .trim_start_matches(['{', '.'])
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}'))
            .next()
            .unwrap_or_default();
        Some(match first {
            "python" | "py" | "python3" | "ipython" | "ipython3" => Lang::Python,
            "typescript" | "ts" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            "javascript" | "js" | "jsx" | "node" | "mjs" => Lang::JavaScript,
            "yaml" | "yml" => Lang::Yaml,
            "json" | "jsonc" => Lang::Json,
            "toml" => Lang::Toml,
            "env" | "dotenv" => Lang::Env,
            "sh" | "bash" | "shell" | "console" | "zsh" | "shellsession" | "dockerfile"
            | "docker" | "makefile" | "make" => Lang::Shell,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::TypeScript => "typescript",
            Lang::Tsx => "tsx",
            Lang::JavaScript => "javascript",
            Lang::Yaml => "yaml",
            Lang::Json => "json",
            Lang::Toml => "toml",
            Lang::Env => "env",
            Lang::Notebook => "notebook",
            Lang::Markdown => "markdown",
            Lang::Shell => "shell",
            Lang::Text => "text",
        }
    }
}

/// Files that record rather than choose a model: their findings are reported, never fixed. The
/// rule, the context and the reason, from the file's path below its repository.
/// Why a file is build output rather than source (`dist/`, a source map, a minified bundle):
/// such a file is regenerated, so it is read as text and never edited.
pub(crate) fn generated(path: &Path, src: &[u8]) -> Option<String> {
    let name = lower_name(path);
    const SUFFIXES: &[&str] = &[
        ".min.js",
        ".min.mjs",
        ".min.cjs",
        ".map",
        ".tsbuildinfo",
        ".bundle.js",
        ".chunk.js",
    ];
    if let Some(sfx) = SUFFIXES.iter().find(|s| name.ends_with(*s)) {
        return Some(format!("build output (`{sfx}`)"));
    }
    let in_dir = |d: &str| {
        path.parent()
            .is_some_and(|p| p.components().any(|c| c.as_os_str() == d))
    };
    if let Some(d) = ["dist", ".next", "node_modules"].iter().find(|d| in_dir(d)) {
        return Some(format!("build output (under `{d}/`)"));
    }
    // Minified: a long file whose lines run on for thousands of characters.
    let code = matches!(
        Lang::from_path(path),
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx
    );
    if code && src.len() > 100 * 1024 {
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', src).chain(std::iter::once(src.len())) {
            if nl - start > 10_000 {
                return Some("a minified bundle (a line of more than 10,000 characters)".into());
            }
            start = nl + 1;
        }
    }
    None
}

pub(crate) fn record_kind(path: &Path) -> Option<(&'static str, crate::Context, String)> {
    use crate::Context;
    let name = lower_name(path);
    const LOCKFILES: &[&str] = &[
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
        "poetry.lock",
        "pipfile.lock",
        "uv.lock",
        "pdm.lock",
        "cargo.lock",
        "composer.lock",
        "gemfile.lock",
        "go.sum",
    ];
    const LOGS: &[&str] = &[
        "changelog",
        "changes",
        "history",
        "release-notes",
        "release_notes",
        "releasenotes",
        "news",
    ];
    let stem = name.split('.').next().unwrap_or_default();
    if LOCKFILES.contains(&name.as_str()) {
        return Some(("record-file", Context::Record, "a lockfile".to_string()));
    }
    if LOGS.contains(&stem) {
        return Some(("record-file", Context::Record, "a changelog".to_string()));
    }
    if name.ends_with(".snap") || name.ends_with(".ambr") {
        return Some((
            "recording-file",
            Context::Recording,
            "a snapshot file".to_string(),
        ));
    }
    if let Some(dir) = dir_named(path, RUN_DIRS) {
        return Some((
            "run-record",
            Context::RunRecord,
            format!("under `{dir}/`, which records runs"),
        ));
    }
    if dated_name(&name) {
        return Some((
            "run-record",
            Context::RunRecord,
            "a dated file name records a run".to_string(),
        ));
    }
    // A release note tells what shipped in a past release, with that release's examples.
    const RELEASE_DIRS: &[&str] = &[
        "release-notes",
        "release_notes",
        "releasenotes",
        "changelog",
        "changelogs",
        "releases",
    ];
    if matches!(Lang::from_path(path), Lang::Markdown | Lang::Notebook) {
        if let Some(dir) = dir_named(path, RELEASE_DIRS) {
            return Some((
                "record-file",
                Context::Record,
                format!("a release note under `{dir}/`"),
            ));
        }
    }
    // A blog post tells what was current when it was published; its code shows that day's model.
    const POST_DIRS: &[&str] = &["blog", "blogs", "posts", "_posts"];
    if matches!(Lang::from_path(path), Lang::Markdown | Lang::Notebook) {
        if let Some(dir) = dir_named(path, POST_DIRS) {
            return Some((
                "run-record",
                Context::RunRecord,
                format!(
                    "a post under `{dir}/`, which records what was current when it was published"
                ),
            ));
        }
    }
    const RECORDING_DIRS: &[&str] = &[
        "cassettes",
        "cassette",
        "vcr_cassettes",
        "__snapshots__",
        "snapshots",
        "golden",
        "goldens",
        "recordings",
        "__recordings__",
        "fixtures",
        "__fixtures__",
        "testdata",
        "test_data",
        "datasets",
        "dataset",
    ];
    let data = matches!(
        Lang::from_path(path),
        Lang::Json | Lang::Yaml | Lang::Text | Lang::Toml
    );
    // API specs generated from a server's code.
    if data && matches!(stem, "openapi" | "swagger") {
        return Some((
            "recording-file",
            Context::Recording,
            "an API spec".to_string(),
        ));
    }
    match dir_named(path, RECORDING_DIRS) {
        Some(dir) if data => Some((
            "recording-file",
            Context::Recording,
            format!("data under `{dir}/`"),
        )),
        _ => None,
    }
}

/// Folders whose files record runs: what was run, with which model, for a published result.
const RUN_DIRS: &[&str] = &[
    "benchmarks",
    "benchmark",
    "results",
    "leaderboard",
    "leaderboards",
    "submissions",
    "submission",
    "runs",
];

/// The first folder of `path` (below its repository) whose lower-case name is in `names`.
fn dir_named(path: &Path, names: &[&str]) -> Option<String> {
    path.parent()
        .into_iter()
        .flat_map(|p| p.components())
        .filter_map(|c| c.as_os_str().to_str())
        .find(|c| names.contains(&c.to_ascii_lowercase().as_str()))
        .map(str::to_string)
}

/// A file name that begins with a date: `240601_run.yaml`, `20240601-x.json`, `2024-06-01-x.md`.
fn dated_name(name: &str) -> bool {
    let b = name.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let sep = |i: usize| matches!(b.get(i), Some(b'_' | b'-'));
    // A month and a day that exist.
    let plausible = |m: &[u8], d: &[u8]| {
        let num = |s: &[u8]| {
            std::str::from_utf8(s)
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
        };
        matches!((num(m), num(d)), (Some(1..=12), Some(1..=31)))
    };
    match digits {
        6 if sep(6) => plausible(&b[2..4], &b[4..6]),
        8 if sep(8) => b.starts_with(b"20") && plausible(&b[4..6], &b[6..8]),
        4 if b.len() > 11 && b[4] == b'-' && b[7] == b'-' && sep(10) => {
            b[5..7].iter().chain(&b[8..10]).all(u8::is_ascii_digit)
                && plausible(&b[5..7], &b[8..10])
        }
        _ => false,
    }
}

/// Whether a comment in the first lines of a file says that the file records a run: it
/// reproduces a submission, a leaderboard entry or a published result.
pub(crate) fn run_header(src: &[u8]) -> Option<String> {
    const MARKS: &[&str] = &[
        "reproduce",
        "reproduces",
        "reproducing",
        "reproduction",
        "submission",
        "leaderboard",
    ];
    let head = &src[..src.len().min(4096)];
    for line in head.split(|b| *b == b'\n').take(15) {
        let t = line.trim_ascii_start();
        let comment = [&b"#"[..], b"//", b"/*", b"*", b"<!--", b"--", b";"]
            .iter()
            .any(|m| t.starts_with(m));
        if !comment {
            continue;
        }
        let text = String::from_utf8_lossy(t).to_ascii_lowercase();
        if let Some(w) = crate::names::words(&text)
            .into_iter()
            .find(|w| MARKS.contains(&w.as_str()))
        {
            return Some(format!("a header comment says it records a run (`{w}`)"));
        }
    }
    None
}

/// What a test file is to the models it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TestKind {
    /// A test: its calls choose a model; only what it echoes (assertions, snapshots, cassettes)
    /// ties it to the ID.
    Test,
    /// A mock or fixture: it stands in for a response, so its IDs record rather than choose.
    Mock,
}

/// Test code: files under a test, mock or fixture directory, or named as tests or stories. The
/// kind and the reason, or `None`.
pub(crate) fn test_path(path: &Path) -> Option<(TestKind, String)> {
    const TEST_DIRS: &[&str] = &[
        "test",
        "tests",
        "__tests__",
        "__test__",
        "spec",
        "specs",
        "e2e",
        "testing",
    ];
    const MOCK_DIRS: &[&str] = &["__mocks__", "mocks", "fixtures", "__fixtures__"];
    let name = lower_name(path);
    let stem = name.split('.').next().unwrap_or_default();
    if let Some(d) = dir_named(path, MOCK_DIRS) {
        return Some((TestKind::Mock, format!("under `{d}/`")));
    }
    if name.contains(".stories.") {
        return Some((TestKind::Mock, "a story".to_string()));
    }
    let named = stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.ends_with("_spec")
        || stem == "conftest"
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.contains(".vitest.");
    if named {
        return Some((TestKind::Test, "named as a test".to_string()));
    }
    dir_named(path, TEST_DIRS).map(|d| (TestKind::Test, format!("under `{d}/`")))
}

/// What in a test file replays or pins recorded output (a cassette, a snapshot, a golden file,
/// an HTTP mock), so that a changed model in its requests no longer matches the recording.
pub(crate) fn echo_marker(src: &[u8]) -> Option<&'static str> {
    const MARKS: &[&str] = &[
        "cassette",
        "vcr",
        "snapshot",
        "Snapshot",
        // A golden file, not any word `golden` (an evaluation dataset's `Golden` cases).
        "golden_file",
        "golden file",
        "golden_output",
        "golden_path",
        ".golden",
        "/golden",
        "goldenFile",
        "update-golden",
        "UPDATE_GOLDEN",
        "betamax",
        "nock(",
        "recording",
        "replay",
        "respx",
        "responses.add",
        "httpretty",
        "Polly",
        "\"msw\"",
        "'msw'",
        "msw/",
        "mock_response",
        "mockResponse",
    ];
    // At the start of a word or a camel-case hump: `replay`, not `autoreplay`; `toMatchSnapshot`.
    // A golden marker also ends its word (`.golden`, not `dataset.goldens`).
    MARKS.iter().copied().find(|m| {
        let first = m.as_bytes()[0];
        let whole = m.contains("golden") || m.contains("GOLDEN");
        memchr::memmem::find_iter(src, m.as_bytes()).any(|at| {
            let starts =
                !first.is_ascii_lowercase() || at == 0 || !src[at - 1].is_ascii_alphanumeric();
            let ends = !whole
                || src
                    .get(at + m.len())
                    .is_none_or(|b| !b.is_ascii_alphanumeric());
            starts && ends
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_recorded_output() {
        assert_eq!(echo_marker(b"@pytest.mark.vcr\ndef t(): ..."), Some("vcr"));
        assert_eq!(
            echo_marker(b"expect(x).toMatchSnapshot()"),
            Some("Snapshot")
        );
        assert_eq!(
            echo_marker(b"with open('out.golden') as f:"),
            Some(".golden")
        );
        assert_eq!(echo_marker(b"import { http } from 'msw'"), Some("'msw'"));
        // Words that contain a marker, and a dataset's `Golden` test cases.
        assert_eq!(echo_marker(b"for golden in dataset.goldens: ..."), None);
        assert_eq!(echo_marker(b"autoreplay = True; gmsw = 1"), None);
    }

    #[test]
    fn kinds_by_name() {
        for (name, lang) in [
            ("Dockerfile", Lang::Shell),
            ("Dockerfile.dev", Lang::Shell),
            ("api.dockerfile", Lang::Shell),
            ("Makefile", Lang::Shell),
            ("rules.mk", Lang::Shell),
            (".env.local", Lang::Env),
            ("prod.env", Lang::Env),
            ("x.ipynb", Lang::Notebook),
            ("README.mdx", Lang::Markdown),
            ("notes.txt", Lang::Text),
        ] {
            assert_eq!(Lang::from_path(Path::new(name)), lang, "{name}");
        }
    }

    #[test]
    fn fence_info_strings() {
        for (info, lang) in [
            ("python", Some(Lang::Python)),
            ("py title=\"app.py\"", Some(Lang::Python)),
            ("{python}", Some(Lang::Python)),
            ("{.python .numberLines}", Some(Lang::Python)),
            ("ts,linenos", Some(Lang::TypeScript)),
            ("console", Some(Lang::Shell)),
            ("text", None),
            ("", None),
        ] {
            assert_eq!(Lang::from_name(info), lang, "{info}");
        }
    }

    #[test]
    fn dated_names() {
        for n in ["240601_run.yaml", "20240601-x.json", "2024-06-01-eval.md"] {
            assert!(dated_name(n), "{n}");
        }
        for n in [
            "2024.py",
            "123456.json",
            "999999_x.py",
            "12345678_x",
            "v2-app.ts",
            "1-intro.md",
        ] {
            assert!(!dated_name(n), "{n}");
        }
    }

    #[test]
    fn run_records() {
        for p in [
            "results/a.yaml",
            "x/benchmarks/cfg.py",
            "leaderboard/b.json",
            "240601_claude.yaml",
        ] {
            assert!(
                record_kind(Path::new(p)).is_some_and(|r| r.0 == "run-record"),
                "{p}"
            );
        }
        assert!(run_header(b"# Reproduces our SWE-bench submission\nmodel: x\n").is_some());
        assert!(run_header(b"model: x # reproduce\n").is_none());
        assert!(run_header(b"# A chat app\n").is_none());
    }

    #[test]
    fn test_paths() {
        for p in [
            "tests/app.py",
            "src/__tests__/a.ts",
            "pkg/test_client.py",
            "pkg/client_test.py",
            "web/a.test.tsx",
            "web/a.spec.ts",
            "web/a.vitest.ts",
            "conftest.py",
            "src/__mocks__/anthropic.ts",
            "ui/Chat.stories.tsx",
        ] {
            assert!(test_path(Path::new(p)).is_some(), "{p}");
        }
        for p in [
            "src/app.py",
            "latest/a.py",
            "contest.py",
            "src/testing_utils.py",
        ] {
            assert!(test_path(Path::new(p)).is_none(), "{p}");
        }
    }
}

/// Source code in languages that are not parsed: a whole quoted model ID there is most likely in use.
pub(crate) fn is_unparsed_code(path: &Path) -> bool {
    const EXTENSIONS: &[&str] = &[
        "go", "rs", "java", "kt", "kts", "scala", "groovy", "rb", "php", "cs", "fs", "swift", "c",
        "cc", "cpp", "h", "hpp", "m", "ex", "exs", "erl", "dart", "lua", "r", "jl", "clj", "tf",
        "hcl", "vue", "svelte", "astro",
    ];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The file's name in lower case (empty when it has none or it is not UTF-8).
fn lower_name(path: &Path) -> String {
    // A name that is not UTF-8 still has its extension (`caf\xe9.py` is Python).
    path.file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default()
        .to_ascii_lowercase()
}
