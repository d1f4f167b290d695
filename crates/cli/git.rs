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

/// Why a file may not be written without `--allow-dirty`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Tracked, with changes not yet committed.
    Modified,
    /// Not tracked by git (new or ignored): `git checkout` cannot bring it back.
    Untracked,
}

/// Runs git in `top` and returns its standard output, or why it could not be had.
pub(crate) fn git(top: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "git is not on PATH".to_string(),
            _ => format!("could not run git: {e}"),
        })?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        let first = msg.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!(
            "`git {}` failed in {}: {}",
            args[0],
            top.display(),
            first.trim()
        ));
    }
    Ok(out.stdout)
}

/// Canonical paths of a NUL-separated list of paths relative to `top`.
fn paths<'a>(top: &'a Path, list: &'a [u8]) -> impl Iterator<Item = PathBuf> + 'a {
    list.split(|b| *b == 0)
        .filter(|e| !e.is_empty())
        .map(move |rel| {
            let p = top.join(String::from_utf8_lossy(rel).as_ref());
            std::fs::canonicalize(&p).unwrap_or(p)
        })
}

/// The repository's tracked files, and those of them with uncommitted changes (canonical paths).
fn tracked_and_changed(top: &Path) -> Result<(HashSet<PathBuf>, HashSet<PathBuf>), String> {
    let tracked = paths(top, &git(top, &["ls-files", "-z"])?).collect();
    let status = git(
        top,
        &["status", "--porcelain=v1", "-z", "--untracked-files=no"],
    )?;
    let mut changed = HashSet::new();
    let mut fields = status.split(|b| *b == 0);
    while let Some(entry) = fields.next() {
        if entry.len() < 4 {
            continue;
        }
        let renamed = matches!(entry[0], b'R' | b'C');
        let p = top.join(String::from_utf8_lossy(&entry[3..]).as_ref());
        changed.insert(std::fs::canonicalize(&p).unwrap_or(p));
        if renamed {
            fields.next();
        }
    }
    Ok((tracked, changed))
}

/// The given files that git could not restore after a fix: modified ones and untracked (or
/// ignored) ones. Files outside a git repository are never refused. Fails closed: when git cannot
/// be run or fails, the error says why, and nothing is written.
pub fn unrestorable(files: &[&Path]) -> Result<Vec<(PathBuf, State)>, String> {
    type Sets = (HashSet<PathBuf>, HashSet<PathBuf>);
    let mut tops: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut repos: HashMap<PathBuf, Sets> = HashMap::new();
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
        if !repos.contains_key(&top) {
            let sets = tracked_and_changed(&top)?;
            repos.insert(top.clone(), sets);
        }
        let (tracked, changed) = &repos[&top];
        if !tracked.contains(&canon) {
            out.push((f.to_path_buf(), State::Untracked));
        } else if changed.contains(&canon) {
            out.push((f.to_path_buf(), State::Modified));
        }
    }
    Ok(out)
}
