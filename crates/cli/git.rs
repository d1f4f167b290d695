//! Which files have uncommitted changes in git, so that `fix` leaves the user a way back.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The work tree that holds `dir`: the nearest ancestor with a `.git` entry (a directory, or a
/// file for worktrees and submodules). Found without running git, so that files outside any
/// repository cost nothing.
fn toplevel(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Paths (canonical) that `git status` lists in the repository at `top`: modified, staged, untracked.
fn changed_in(top: &Path) -> HashSet<PathBuf> {
    let mut set = HashSet::new();
    let Ok(out) = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["status", "--porcelain=v1", "-z", "--untracked-files=all"])
        .output()
    else {
        return set;
    };
    let mut fields = out.stdout.split(|b| *b == 0);
    while let Some(entry) = fields.next() {
        if entry.len() < 4 {
            continue;
        }
        let renamed = matches!(entry[0], b'R' | b'C');
        let rel = String::from_utf8_lossy(&entry[3..]).into_owned();
        let p = top.join(rel);
        set.insert(std::fs::canonicalize(&p).unwrap_or(p));
        if renamed {
            fields.next();
        }
    }
    set
}

/// The given files that have uncommitted changes. Files outside a git repository are never dirty.
pub fn dirty(files: &[&Path]) -> Vec<PathBuf> {
    let mut tops: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut changed: HashMap<PathBuf, HashSet<PathBuf>> = HashMap::new();
    let mut out = Vec::new();
    for f in files {
        let canon = std::fs::canonicalize(f).unwrap_or_else(|_| f.to_path_buf());
        let dir = canon.parent().unwrap_or(Path::new("/")).to_path_buf();
        let top = tops
            .entry(dir.clone())
            .or_insert_with(|| toplevel(&dir))
            .clone();
        let Some(top) = top else { continue };
        let top = std::fs::canonicalize(&top).unwrap_or(top);
        let set = changed
            .entry(top.clone())
            .or_insert_with(|| changed_in(&top));
        if set.contains(&canon) {
            out.push(f.to_path_buf());
        }
    }
    out
}
