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
    /// Shell scripts: only the value of a `--model` flag is rewritten.
    Shell,
    /// Any other text file: hits are reported, never fixed.
    Text,
}

impl Lang {
    /// The kind of a file, from its name.
    pub fn from_path(path: &Path) -> Lang {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
            return Lang::Env;
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
            "md" | "markdown" | "mdx" => Lang::Markdown,
            "sh" | "bash" | "zsh" => Lang::Shell,
            _ => Lang::Text,
        }
    }

    /// The language of a Markdown fence's info string or a notebook's kernel language.
    pub fn from_name(name: &str) -> Option<Lang> {
        let name = name.trim().to_ascii_lowercase();
        let first = name
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
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
            "sh" | "bash" | "shell" | "console" | "zsh" | "shellsession" => Lang::Shell,
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

/// Files that record rather than choose a model: their findings are reported, never fixed.
pub(crate) fn record_kind(path: &Path) -> Option<crate::Context> {
    use crate::Context;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
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
    if LOCKFILES.contains(&name.as_str()) || LOGS.contains(&stem) {
        return Some(Context::Record);
    }
    if name.ends_with(".snap") || name.ends_with(".ambr") {
        return Some(Context::Recording);
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
    ];
    let data = matches!(
        Lang::from_path(path),
        Lang::Json | Lang::Yaml | Lang::Text | Lang::Toml
    );
    let in_dir = path
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .filter_map(|c| c.as_os_str().to_str())
        .any(|c| RECORDING_DIRS.contains(&c.to_ascii_lowercase().as_str()));
    (in_dir && data).then_some(Context::Recording)
}
