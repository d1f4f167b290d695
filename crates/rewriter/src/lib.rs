//! Edits on byte buffers, git-style unified diffs, and atomic in-place writes.
//!
//! An [`Edit`] replaces one byte range; [`apply`] sorts edits and refuses overlapping ones, so every
//! byte outside the edited ranges is kept exactly (line endings, BOM, invalid UTF-8 included).

use std::fs;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Replace the bytes in `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Ord for Edit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.range.start, self.range.end, &self.replacement).cmp(&(
            other.range.start,
            other.range.end,
            &other.replacement,
        ))
    }
}

impl PartialOrd for Edit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Edit {
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ApplyError {
    #[error("edits overlap at bytes {0:?} and {1:?}")]
    Overlap(Range<usize>, Range<usize>),
    #[error("edit at bytes {0:?} is outside the {1}-byte input")]
    OutOfBounds(Range<usize>, usize),
}

/// Applies `edits` to `src`. Edits are sorted by position; overlapping or out-of-bounds edits are
/// refused and nothing is applied. Identical duplicate edits are applied once.
pub fn apply(src: &[u8], edits: &[Edit]) -> Result<Vec<u8>, ApplyError> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut out = Vec::with_capacity(src.len() + 64);
    let mut pos = 0;
    let mut prev: Option<&Edit> = None;
    for e in sorted {
        if e.range.start > e.range.end || e.range.end > src.len() {
            return Err(ApplyError::OutOfBounds(e.range.clone(), src.len()));
        }
        if let Some(p) = prev {
            if e.range.start < p.range.end || (e.range.start == p.range.start) {
                return Err(ApplyError::Overlap(p.range.clone(), e.range.clone()));
            }
        }
        out.extend_from_slice(&src[pos..e.range.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        pos = e.range.end;
        prev = Some(e);
    }
    out.extend_from_slice(&src[pos..]);
    Ok(out)
}

/// A unified diff of `old` to `new` with git-style headers for `rel_path` (forward slashes), which
/// `git apply` and `patch -p1` accept. Empty when the contents are equal. Line endings are kept as
/// they are in the file, and a missing final newline gets `\ No newline at end of file`.
pub fn unified_diff(rel_path: &str, old: &[u8], new: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if old == new {
        return out;
    }
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old, new);
    let a = format!("a/{rel_path}");
    let b = format!("b/{rel_path}");
    let _ = writeln!(out, "diff --git {a} {b}");
    let _ = writeln!(out, "--- {a}");
    let _ = writeln!(out, "+++ {b}");
    // The lines' bytes are written as they are: no lossy conversion of invalid UTF-8.
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        let _ = writeln!(out, "{}", hunk.header());
        for change in hunk.iter_changes() {
            out.push(match change.tag() {
                similar::ChangeTag::Delete => b'-',
                similar::ChangeTag::Insert => b'+',
                similar::ChangeTag::Equal => b' ',
            });
            out.extend_from_slice(change.value());
            if change.missing_newline() {
                out.extend_from_slice(b"\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0}: changed on disk since it was read; not written")]
    Changed(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Replaces the file at `path` with `new`, atomically: a temporary file in the same directory is
/// written, given the original's permissions, synced, and renamed over the original. If the file's
/// bytes are no longer `expected` (someone changed it since it was read), nothing is written.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let io_err = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let current = fs::read(path).map_err(io_err)?;
    if current != expected {
        return Err(WriteError::Changed(path.to_path_buf()));
    }
    let meta = fs::metadata(path).map_err(io_err)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".remodel-")
        .tempfile_in(dir)
        .map_err(io_err)?;
    tmp.write_all(new).map_err(io_err)?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_keeps_other_bytes() {
        let src = b"a = \"x\"\r\nb = \"yy\"\r\n\xff";
        let out = apply(src, &[Edit::new(14..16, "zzz"), Edit::new(5..6, "w")]).unwrap();
        assert_eq!(out, b"a = \"w\"\r\nb = \"zzz\"\r\n\xff");
    }

    #[test]
    fn apply_refuses_overlap() {
        let err = apply(b"abcdef", &[Edit::new(1..3, "x"), Edit::new(2..4, "y")]).unwrap_err();
        assert_eq!(err, ApplyError::Overlap(1..3, 2..4));
        assert!(apply(b"abc", &[Edit::new(2..9, "x")]).is_err());
    }

    #[test]
    fn diff_marks_missing_newline_and_keeps_crlf() {
        let d = unified_diff("x.py", b"a\r\nm = \"old\"", b"a\r\nm = \"new\"");
        let s = String::from_utf8(d).unwrap();
        assert!(
            s.starts_with("diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n")
        );
        assert!(s.contains(" a\r\n-m = \"old\"\n\\ No newline at end of file\n+m = \"new\"\n\\ No newline at end of file\n"));
        assert!(unified_diff("x", b"same", b"same").is_empty());
    }

    #[test]
    fn diff_keeps_invalid_utf8() {
        let d = unified_diff("l.py", b"# caf\xe9\nm = 'a'\n", b"# caf\xe9\nm = 'b'\n");
        assert!(
            d.windows(8).any(|w| w == b" # caf\xe9\n"),
            "{}",
            String::from_utf8_lossy(&d)
        );
    }

    #[test]
    fn write_atomic_refuses_changed_file_and_keeps_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.txt");
        fs::write(&p, "one").unwrap();
        assert!(matches!(
            write_atomic(&p, b"other", b"two"),
            Err(WriteError::Changed(_))
        ));
        assert_eq!(fs::read(&p).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
        }
        write_atomic(&p, b"one", b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o755
            );
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
