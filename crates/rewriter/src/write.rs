//! Replacing a file's contents in place without losing a concurrent change.

use std::ffi::OsStr;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Temporary files are named `.remodel-` + [`TEMP_RANDOM_LEN`] ASCII letters and digits + `.tmp`.
const TEMP_PREFIX: &str = ".remodel-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM_LEN: usize = 10;
/// Fewest random characters [`is_temp_name`] accepts.
const TEMP_RANDOM_MIN: usize = 6;

/// Name of the environment variable that makes [`write_atomic`] sleep this many milliseconds
/// after writing the temporary file and before swapping it in, so that tests can change the file
/// in that window.
pub const TEST_WRITE_DELAY_ENV: &str = "REMODEL_TEST_WRITE_DELAY_MS";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file's bytes are no longer the ones it was read with; it is left as it is on disk
    /// (including a change made while it was being written).
    #[error("{0}: changed on disk since it was read; not written")]
    Changed(PathBuf),
    /// The file was left untouched because rewriting it would lose or change something about it;
    /// `reason` says what, e.g. `is a symbolic link`.
    #[error("{path}: {reason}; not rewritten")]
    Refused { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Where [`write_atomic_with_hook`] calls its hook.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum HookPoint<'a> {
    /// The temporary file (this path) holds the new bytes and still has its own mode (0600),
    /// owner and extended attributes; the target has not been touched.
    TempWritten(&'a Path),
    /// The swap has happened: the target holds the new file and this path the previous one,
    /// which has not yet been compared with the expected bytes.
    Exchanged(&'a Path),
}

/// Replaces the contents of the regular file at `path` with `new`, if and only if its contents
/// are `expected`.
///
/// Protocol:
///
/// 1. Refuse ([`WriteError::Refused`]) a `path` that is a symbolic link (the caller resolves
///    links first; replacing one would turn it into a regular file), is not a regular file, has
///    more than one hard link (a rename would split them: the other names would keep the old
///    contents), or that the user could not write in place (`access(W_OK)` fails: being able to
///    write to the directory must not be a way to replace a read-only file).
/// 2. Open the file without following links and read it: if the bytes differ from `expected`,
///    return [`WriteError::Changed`] without writing anything.
/// 3. Write `new` to a temporary file in the same directory, named `.remodel-XXXXXXXXXX.tmp` (see
///    [`is_temp_name`]) and created with mode 0600 so that nobody else can read it meanwhile.
/// 4. Give it the original's owner and group (refused if that is not permitted, rather than
///    changing the file's ownership), then on Linux the original's extended attributes
///    (including ACLs; refused if one cannot be copied, and attributes that the new file got and
///    the original lacks are removed), then the original's mode, and sync it to disk.
/// 5. On Linux, atomically exchange the temporary file and `path` (`renameat2` with
///    `RENAME_EXCHANGE`), then check that the file swapped out is the same inode that was read
///    and still holds exactly `expected`. If it does, remove it (its name is now the temporary
///    one) and sync the directory. If not (the file was appended to, rewritten, or replaced
///    after it was read), exchange back, so that the other change stays at `path`, remove the
///    temporary file and return [`WriteError::Changed`].
/// 6. Where the exchange is not available (other systems, or a filesystem that rejects it with
///    `EINVAL`, `ENOSYS` or `EOPNOTSUPP`), read the file once more, compare it (inode and bytes)
///    and rename the temporary file over it. A change made between that comparison and the
///    rename is lost; the exchange closes that window.
///
/// Guarantees: `path` always names either the old or the new contents, never a partial file.
/// On an error or a refusal the temporary file is removed and `path` keeps what it had, with
/// one exception: if swapping back after a detected change fails, the error names the
/// temporary file that holds the changed version. With the exchange, a change by another
/// process that completes before the exchange is never overwritten. Not covered: a process
/// that keeps the file open and writes to it after the comparison of step 5 writes to the old,
/// now unlinked, inode, as with any replace-by-rename; between the two exchanges of a detected
/// change, readers may briefly see the new contents; and a hard link made while the file is
/// being written is split. If the run is killed after step 3 and before step 5 ends, a
/// `.remodel-*.tmp` file is left behind, for [`remove_stale_temps`].
///
/// On other Unix systems extended attributes are not copied; on non-Unix systems only the
/// read-only flag is checked and kept.
///
/// For tests, the environment variable `REMODEL_TEST_WRITE_DELAY_MS` (see
/// [`TEST_WRITE_DELAY_ENV`]) makes it sleep that many milliseconds after writing the temporary
/// file, before the swap.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    write_atomic_with_hook(path, expected, new, &mut |_| {})
}

/// [`write_atomic`] that calls `hook` at the [`HookPoint`]s, for tests that change the file while
/// it is being written.
#[doc(hidden)]
pub fn write_atomic_with_hook(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    hook: &mut dyn FnMut(HookPoint<'_>),
) -> Result<(), WriteError> {
    write_impl(path, expected, new, hook, true)
}

/// Whether `name` is that of a temporary file of [`write_atomic`]: `.remodel-`, then at least six
/// ASCII letters or digits, then `.tmp`.
pub fn is_temp_name(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.strip_prefix(TEMP_PREFIX.as_bytes())
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX.as_bytes()))
        .is_some_and(|mid| {
            mid.len() >= TEMP_RANDOM_MIN && mid.iter().all(u8::is_ascii_alphanumeric)
        })
}

/// Removes the temporary files that an interrupted [`write_atomic`] left in `dir` (not in its
/// subdirectories): regular files whose name passes [`is_temp_name`]; symbolic links and
/// directories with such names are left alone. Returns the paths removed. A leftover holds the
/// new contents that were never swapped in, or, if the run stopped right after the swap, the
/// file's previous contents. Must not run while another `write_atomic` works in `dir`, whose
/// temporary file it would remove (that write then fails and leaves its file as it was).
pub fn remove_stale_temps(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if !is_temp_name(&entry.file_name()) || !entry.file_type()?.is_file() {
            continue;
        }
        let path = entry.path();
        match fs::remove_file(&path) {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

fn io_err(path: &Path, source: io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn refused(path: &Path, reason: impl Into<String>) -> WriteError {
    WriteError::Refused {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// A temporary file, removed on drop unless disarmed.
struct Temp {
    path: PathBuf,
    armed: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Creates a new temporary file in `dir`, mode 0600 on Unix.
fn create_temp(dir: &Path) -> io::Result<(File, Temp)> {
    let mut last = None;
    for attempt in 0..100u32 {
        let path = dir.join(format!(
            "{TEMP_PREFIX}{}{TEMP_SUFFIX}",
            random_name(attempt)
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => return Ok((file, Temp { path, armed: true })),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)))
}

fn random_name(attempt: u32) -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(attempt);
    h.write_u32(std::process::id());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    let mut x = h.finish();
    (0..TEMP_RANDOM_LEN)
        .map(|_| {
            let c = ALPHABET[(x % 62) as usize] as char;
            x /= 62;
            c
        })
        .collect()
}

/// Opens the file at `path` for reading without following a symbolic link (and without
/// blocking on a FIFO), refusing anything but a regular file.
fn open_regular(path: &Path) -> Result<(File, Metadata), WriteError> {
    let file = sys::open_nofollow(path).map_err(|e| {
        if sys::is_symlink_error(&e) {
            refused(path, "is a symbolic link")
        } else {
            io_err(path, e)
        }
    })?;
    let meta = file.metadata().map_err(|e| io_err(path, e))?;
    if !meta.is_file() {
        return Err(refused(path, "is not a regular file"));
    }
    Ok((file, meta))
}

/// Whether `file` (the same inode as `original`) holds exactly `expected`.
fn holds(
    file: &mut File,
    meta: &Metadata,
    original: &Metadata,
    expected: &[u8],
) -> io::Result<bool> {
    if !meta.is_file() || sys::file_id(meta) != sys::file_id(original) {
        return Ok(false);
    }
    let mut bytes = Vec::with_capacity(expected.len() + 1);
    file.take(expected.len() as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes == expected)
}

pub(crate) fn write_impl(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    hook: &mut dyn FnMut(HookPoint<'_>),
    try_exchange: bool,
) -> Result<(), WriteError> {
    let link_meta = fs::symlink_metadata(path).map_err(|e| io_err(path, e))?;
    if link_meta.file_type().is_symlink() {
        return Err(refused(path, "is a symbolic link"));
    }
    if !link_meta.is_file() {
        return Err(refused(path, "is not a regular file"));
    }
    let (mut original, meta) = open_regular(path)?;
    let links = sys::hard_links(&meta);
    if links > 1 {
        return Err(refused(
            path,
            format!("has {links} hard links; a rewrite would split them"),
        ));
    }
    if !sys::writable(path, &meta).map_err(|e| io_err(path, e))? {
        return Err(refused(path, "is read-only for you"));
    }
    if !holds(&mut original, &meta, &meta, expected).map_err(|e| io_err(path, e))? {
        return Err(WriteError::Changed(path.to_path_buf()));
    }

    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (mut file, mut temp) = create_temp(dir).map_err(|e| io_err(path, e))?;
    file.write_all(new).map_err(|e| io_err(path, e))?;
    hook(HookPoint::TempWritten(&temp.path));
    if let Some(ms) = std::env::var(TEST_WRITE_DELAY_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    sys::keep_owner(path, &file, &meta)?;
    sys::copy_xattrs(path, &original, &file)?;
    file.set_permissions(meta.permissions())
        .map_err(|e| io_err(path, e))?;
    file.sync_all().map_err(|e| io_err(path, e))?;
    drop(file);
    drop(original);

    if try_exchange && sys::exchange(&temp.path, path).map_err(|e| io_err(path, e))? {
        hook(HookPoint::Exchanged(&temp.path));
        let verdict = sys::open_nofollow(&temp.path).and_then(|mut old| {
            let old_meta = old.metadata()?;
            holds(&mut old, &old_meta, &meta, expected)
        });
        let verdict = match verdict {
            Err(e) if sys::is_symlink_error(&e) => Ok(false),
            v => v,
        };
        if let Ok(true) = verdict {
            // The temporary name now holds the previous contents.
            let _ = fs::remove_file(&temp.path);
            temp.armed = false;
            sys::sync_dir(dir);
            return Ok(());
        }
        if let Err(e) = sys::exchange(&temp.path, path).and_then(|swapped| {
            if swapped {
                Ok(())
            } else {
                Err(io::Error::from(io::ErrorKind::Unsupported))
            }
        }) {
            temp.armed = false;
            return Err(io_err(
                path,
                io::Error::other(format!(
                    "it changed while it was written, and putting the changed version back \
                     failed ({e}); that version was left at {}",
                    temp.path.display()
                )),
            ));
        }
        return match verdict {
            Ok(_) => Err(WriteError::Changed(path.to_path_buf())),
            Err(e) => Err(io_err(path, e)),
        };
    }

    let (mut current, current_meta) = open_regular(path)?;
    if !holds(&mut current, &current_meta, &meta, expected).map_err(|e| io_err(path, e))? {
        return Err(WriteError::Changed(path.to_path_buf()));
    }
    drop(current);
    fs::rename(&temp.path, path).map_err(|e| io_err(path, e))?;
    temp.armed = false;
    sys::sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
mod sys {
    use super::{io_err, refused, WriteError};
    use rustix::io::Errno;
    use std::fs::{File, Metadata};
    use std::io;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    pub fn open_nofollow(path: &Path) -> io::Result<File> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
    }

    pub fn is_symlink_error(e: &io::Error) -> bool {
        e.raw_os_error() == Some(Errno::LOOP.raw_os_error())
    }

    pub fn file_id(meta: &Metadata) -> (u64, u64) {
        (meta.dev(), meta.ino())
    }

    pub fn hard_links(meta: &Metadata) -> u64 {
        meta.nlink()
    }

    /// Whether the user may write the file itself (not only its directory).
    pub fn writable(path: &Path, _meta: &Metadata) -> io::Result<bool> {
        match rustix::fs::access(path, rustix::fs::Access::WRITE_OK) {
            Ok(()) => Ok(true),
            Err(e) if e == Errno::ACCESS || e == Errno::PERM || e == Errno::ROFS => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Gives `tmp` the owner and group of the original, refusing if that is not permitted.
    pub fn keep_owner(path: &Path, tmp: &File, original: &Metadata) -> Result<(), WriteError> {
        use rustix::fs::{Gid, Uid};
        let got = tmp.metadata().map_err(|e| io_err(path, e))?;
        let (uid, gid) = (original.uid(), original.gid());
        if got.uid() == uid && got.gid() == gid {
            return Ok(());
        }
        let owner = (got.uid() != uid).then(|| Uid::from_raw(uid));
        let group = (got.gid() != gid).then(|| Gid::from_raw(gid));
        match rustix::fs::fchown(tmp, owner, group) {
            Ok(()) => Ok(()),
            Err(e) if e == Errno::PERM || e == Errno::INVAL => {
                Err(refused(path, format!("cannot keep its owner {uid}:{gid}")))
            }
            Err(e) => Err(io_err(path, e.into())),
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn copy_xattrs(path: &Path, from: &File, to: &File) -> Result<(), WriteError> {
        use rustix::fs::{fremovexattr, fsetxattr, XattrFlags};
        let unsupported = |e: Errno| e == Errno::OPNOTSUPP;
        let names = match list_xattrs(from) {
            Ok(names) => names,
            Err(e) if unsupported(e) => return Ok(()),
            Err(e) => return Err(io_err(path, e.into())),
        };
        let cannot = |what: &str, name: &[u8], e: Errno| {
            refused(
                path,
                format!(
                    "cannot {what} its extended attribute {} ({})",
                    String::from_utf8_lossy(name),
                    io::Error::from(e)
                ),
            )
        };
        for name in &names {
            let value = match get_xattr(from, name) {
                Ok(v) => v,
                Err(e) if e == Errno::NODATA => continue,
                Err(e) => return Err(cannot("read", name, e)),
            };
            if get_xattr(to, name).is_ok_and(|v| v == value) {
                continue;
            }
            fsetxattr(to, &name[..], &value, XattrFlags::empty())
                .map_err(|e| cannot("copy", name, e))?;
        }
        let extra = match list_xattrs(to) {
            Ok(got) => got,
            Err(e) if unsupported(e) => Vec::new(),
            Err(e) => return Err(io_err(path, e.into())),
        };
        for name in extra.iter().filter(|n| !names.contains(n)) {
            match fremovexattr(to, &name[..]) {
                Ok(()) => {}
                Err(e) if e == Errno::NODATA => {}
                Err(e) => {
                    return Err(refused(
                        path,
                        format!(
                            "cannot leave out the extended attribute {} that a new file in its \
                             directory gets ({})",
                            String::from_utf8_lossy(name),
                            io::Error::from(e)
                        ),
                    ))
                }
            }
        }
        Ok(())
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    pub fn copy_xattrs(_path: &Path, _from: &File, _to: &File) -> Result<(), WriteError> {
        Ok(())
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn list_xattrs(file: &File) -> rustix::io::Result<Vec<Vec<u8>>> {
        loop {
            let size = rustix::fs::flistxattr_query(file)?;
            if size == 0 {
                return Ok(Vec::new());
            }
            let mut buf = vec![0u8; size];
            match rustix::fs::flistxattr(file, &mut buf[..]) {
                Ok(n) => {
                    buf.truncate(n);
                    return Ok(buf
                        .split(|&b| b == 0)
                        .filter(|n| !n.is_empty())
                        .map(<[u8]>::to_vec)
                        .collect());
                }
                Err(e) if e == Errno::RANGE => continue,
                Err(e) => return Err(e),
            }
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn get_xattr(file: &File, name: &[u8]) -> rustix::io::Result<Vec<u8>> {
        loop {
            let size = rustix::fs::fgetxattr_query(file, name)?;
            if size == 0 {
                return Ok(Vec::new());
            }
            let mut buf = vec![0u8; size];
            match rustix::fs::fgetxattr(file, name, &mut buf[..]) {
                Ok(n) => {
                    buf.truncate(n);
                    return Ok(buf);
                }
                Err(e) if e == Errno::RANGE => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Exchanges the two names atomically. `Ok(false)` when the system or filesystem cannot.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
        Ok(false)
    }

    /// Makes a rename or removal in `dir` durable; not every filesystem can, so errors are
    /// ignored.
    pub fn sync_dir(dir: &Path) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(not(unix))]
mod sys {
    use super::WriteError;
    use std::fs::{File, Metadata};
    use std::io;
    use std::path::Path;

    pub fn open_nofollow(path: &Path) -> io::Result<File> {
        File::open(path)
    }

    pub fn is_symlink_error(_e: &io::Error) -> bool {
        false
    }

    pub fn file_id(_meta: &Metadata) -> (u64, u64) {
        (0, 0)
    }

    pub fn hard_links(_meta: &Metadata) -> u64 {
        1
    }

    pub fn writable(_path: &Path, meta: &Metadata) -> io::Result<bool> {
        Ok(!meta.permissions().readonly())
    }

    pub fn keep_owner(_path: &Path, _tmp: &File, _original: &Metadata) -> Result<(), WriteError> {
        Ok(())
    }

    pub fn copy_xattrs(_path: &Path, _from: &File, _to: &File) -> Result<(), WriteError> {
        Ok(())
    }

    pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
        Ok(false)
    }

    pub fn sync_dir(_dir: &Path) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        for ok in [".remodel-abc123.tmp", ".remodel-AbC123xyZ0.tmp"] {
            assert!(is_temp_name(OsStr::new(ok)), "{ok}");
        }
        for bad in [
            ".remodel-abc12.tmp",
            ".remodel-abc123.tmp.bak",
            "remodel-abc123.tmp",
            ".remodel-abc_123.tmp",
            ".remodel-abc123",
            ".remodel-.tmp",
            "x.py",
        ] {
            assert!(!is_temp_name(OsStr::new(bad)), "{bad}");
        }
        let dir = tempfile::tempdir().unwrap();
        let (_file, temp) = create_temp(dir.path()).unwrap();
        assert!(is_temp_name(temp.path.file_name().unwrap()));
    }

    #[test]
    fn rename_fallback_writes_and_detects_change() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.txt");
        fs::write(&p, "one\n").unwrap();
        write_impl(&p, b"one\n", b"two\n", &mut |_| {}, false).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two\n");

        let mut reached_exchange = false;
        let err = write_impl(
            &p,
            b"two\n",
            b"three\n",
            &mut |point| match point {
                HookPoint::TempWritten(_) => {
                    let mut f = OpenOptions::new().append(true).open(&p).unwrap();
                    f.write_all(b"appended\n").unwrap();
                }
                HookPoint::Exchanged(_) => reached_exchange = true,
            },
            false,
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::Changed(_)), "{err}");
        assert!(!reached_exchange);
        assert_eq!(fs::read(&p).unwrap(), b"two\nappended\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refusal_messages_name_the_file() {
        let e = refused(
            Path::new("src/a.py"),
            "has 2 hard links; a rewrite would split them",
        );
        assert_eq!(
            e.to_string(),
            "src/a.py: has 2 hard links; a rewrite would split them; not rewritten"
        );
    }
}
