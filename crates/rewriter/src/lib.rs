//! Edits on byte buffers, git-style unified diffs, and atomic in-place writes.
//!
//! An [`Edit`] replaces one byte range; [`apply`] sorts edits and refuses overlapping ones, so every
//! byte outside the edited ranges is kept exactly (line endings, BOM, invalid UTF-8 included).
//!
//! [`unified_diff`] shows the change as a patch that `git apply` accepts, for any bytes: lines end
//! at `\n` only, as in git, and paths are quoted as git quotes them.
//!
//! [`write_atomic`] replaces a file only if it still holds the bytes it was read with. On Linux the
//! new file is swapped in with `renameat2(RENAME_EXCHANGE)` and the swapped-out file is compared
//! afterwards (and swapped back if it changed), so a change that another process completed before
//! the swap is never lost; elsewhere, or where the filesystem lacks the exchange, the file is
//! compared just before a plain rename, which leaves a short window. It keeps the file's mode, owner, group and (on Linux) extended
//! attributes, and refuses ([`WriteError::Refused`]) symbolic links, files with several hard links,
//! files the user could not write in place, and files whose owner or attributes it cannot keep.
//! Its temporary files are named `.remodel-*.tmp` ([`is_temp_name`]); [`remove_stale_temps`]
//! removes those an interrupted run left behind.

mod diff;
mod write;

pub use diff::unified_diff;
pub use write::{is_temp_name, remove_stale_temps, write_atomic, WriteError, TEST_WRITE_DELAY_ENV};
#[doc(hidden)]
pub use write::{write_atomic_with_hook, HookPoint};

use std::ops::Range;

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
}
