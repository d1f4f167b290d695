//! CODEOWNERS: who owns each file with findings, for JSON findings and the pull-request body.
//! The file is looked for where GitHub looks (`.github/`, the root, `docs/`) in the work tree of
//! the current directory; as on GitHub, the last matching pattern wins.

use ignore::gitignore::GitignoreBuilder;
use std::path::{Path, PathBuf};

pub struct Owners {
    root: PathBuf,
    rules: Vec<(ignore::gitignore::Gitignore, Vec<String>)>,
}

impl Owners {
    /// The CODEOWNERS of the work tree that holds `dir`, if it has one.
    pub fn find(dir: &Path) -> Option<Owners> {
        let dir = std::fs::canonicalize(dir).ok()?;
        let root = dir
            .ancestors()
            .find(|d| d.join(".git").exists())?
            .to_path_buf();
        let file = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]
            .iter()
            .map(|f| root.join(f))
            .find(|p| p.is_file())?;
        let text = std::fs::read_to_string(file).ok()?;
        let mut rules = Vec::new();
        for line in text.lines() {
            let line = line.split(" #").next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(pattern) = parts.next() else {
                continue;
            };
            let owners: Vec<String> = parts.map(str::to_string).collect();
            let mut b = GitignoreBuilder::new(&root);
            if b.add_line(None, pattern).is_err() {
                continue;
            }
            if let Ok(g) = b.build() {
                rules.push((g, owners));
            }
        }
        Some(Owners { root, rules })
    }

    /// The owners of `path` (empty when no pattern matches, or the last match names nobody).
    pub fn of(&self, path: &Path) -> Vec<String> {
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if abs.strip_prefix(&self.root).is_err() {
            return Vec::new();
        }
        self.rules
            .iter()
            .rev()
            .find(|(g, _)| g.matched_path_or_any_parents(&abs, false).is_ignore())
            .map(|(_, o)| o.clone())
            .unwrap_or_default()
    }
}
