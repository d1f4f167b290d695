//! `write_atomic`: the swap protocol, concurrent changes, and what it keeps or refuses.

use std::ffi::OsStr;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use remodel_rewriter::{
    is_temp_name, remove_stale_temps, write_atomic, write_atomic_with_hook, HookPoint, WriteError,
};

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn append(path: &Path, bytes: &[u8]) {
    let mut f = OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(bytes).unwrap();
}

fn refusal(r: Result<(), WriteError>) -> String {
    match r {
        Err(e @ WriteError::Refused { .. }) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Whether `renameat2(RENAME_EXCHANGE)` works in `dir`.
#[cfg(target_os = "linux")]
fn exchange_supported(dir: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    let (a, b) = (dir.join("probe-a"), dir.join("probe-b"));
    fs::write(&a, "a").unwrap();
    fs::write(&b, "b").unwrap();
    let ok = renameat_with(CWD, &a, CWD, &b, RenameFlags::EXCHANGE).is_ok();
    fs::remove_file(&a).unwrap();
    fs::remove_file(&b).unwrap();
    ok
}

#[test]
fn writes_refuses_stale_expectation_and_keeps_mode() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.txt");
    fs::write(&p, "one").unwrap();
    let err = write_atomic(&p, b"other", b"two").unwrap_err();
    assert!(matches!(err, WriteError::Changed(_)), "{err}");
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
            fs::metadata(&p).unwrap().permissions().mode() & 0o7777,
            0o755
        );
    }
    assert_eq!(names(dir.path()), ["f.txt"]);
}

#[test]
fn append_during_write_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.py");
    for i in 0..10 {
        let old = format!("model = \"old\"  # {i}\n");
        fs::write(&p, &old).unwrap();
        let mut calls = 0;
        let err = write_atomic_with_hook(&p, old.as_bytes(), b"model = \"new\"\n", &mut |point| {
            if let HookPoint::TempWritten(_) = point {
                calls += 1;
                append(&p, b"appended = 1\n");
            }
        })
        .unwrap_err();
        assert_eq!(calls, 1);
        assert!(
            matches!(err, WriteError::Changed(ref q) if q == &p),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(&p).unwrap(),
            format!("{old}appended = 1\n"),
            "repetition {i}"
        );
        assert_eq!(names(dir.path()), ["f.py"], "repetition {i}");
    }
}

#[test]
fn append_from_another_thread_during_delay_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.txt");
    for i in 0..10 {
        fs::write(&p, "old\n").unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let q = p.clone();
        let writer = std::thread::spawn(move || {
            rx.recv().unwrap();
            append(&q, b"other\n");
            done_tx.send(()).unwrap();
        });
        let err = write_atomic_with_hook(&p, b"old\n", b"new\n", &mut |point| {
            if let HookPoint::TempWritten(_) = point {
                tx.send(()).unwrap();
                done_rx.recv().unwrap();
            }
        })
        .unwrap_err();
        writer.join().unwrap();
        assert!(matches!(err, WriteError::Changed(_)), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"old\nother\n", "repetition {i}");
        assert_eq!(names(dir.path()), ["f.txt"]);
    }
}

#[test]
fn replacement_by_rename_during_write_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.txt");
    fs::write(&p, "old\n").unwrap();
    let saved = dir.path().join("editor-save");
    let err = write_atomic_with_hook(&p, b"old\n", b"new\n", &mut |point| {
        if let HookPoint::TempWritten(_) = point {
            // Same bytes, different file: an editor saved it with its own rename.
            fs::write(&saved, "old\n").unwrap();
            fs::rename(&saved, &p).unwrap();
        }
    })
    .unwrap_err();
    assert!(matches!(err, WriteError::Changed(_)), "{err}");
    assert_eq!(fs::read(&p).unwrap(), b"old\n");
    assert_eq!(names(dir.path()), ["f.txt"]);
}

/// A writer that opened the file before the swap and writes right after it reaches the
/// swapped-out file; the comparison after the exchange sees it and swaps back.
#[cfg(target_os = "linux")]
#[test]
fn write_to_swapped_out_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    if !exchange_supported(dir.path()) {
        eprintln!("skipped: RENAME_EXCHANGE is not supported here");
        return;
    }
    let p = dir.path().join("f.txt");
    for i in 0..10 {
        fs::write(&p, "old\n").unwrap();
        let mut held = OpenOptions::new().append(true).open(&p).unwrap();
        let mut exchanged = false;
        let err = write_atomic_with_hook(&p, b"old\n", b"new\n", &mut |point| {
            if let HookPoint::Exchanged(_) = point {
                exchanged = true;
                held.write_all(b"late\n").unwrap();
            }
        })
        .unwrap_err();
        assert!(exchanged, "the exchange was not used");
        assert!(matches!(err, WriteError::Changed(_)), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"old\nlate\n", "repetition {i}");
        assert_eq!(names(dir.path()), ["f.txt"]);
    }
}

#[cfg(target_os = "linux")]
#[test]
fn exchange_is_used_and_old_file_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    if !exchange_supported(dir.path()) {
        eprintln!("skipped: RENAME_EXCHANGE is not supported here");
        return;
    }
    let p = dir.path().join("f.txt");
    fs::write(&p, "old\n").unwrap();
    let mut swapped_out = None;
    write_atomic_with_hook(&p, b"old\n", b"new\n", &mut |point| {
        if let HookPoint::Exchanged(tmp) = point {
            swapped_out = Some(fs::read(tmp).unwrap());
        }
    })
    .unwrap();
    assert_eq!(swapped_out.as_deref(), Some(&b"old\n"[..]));
    assert_eq!(fs::read(&p).unwrap(), b"new\n");
    assert_eq!(names(dir.path()), ["f.txt"]);
}

#[cfg(unix)]
#[test]
fn temp_file_is_private_and_recognizable_until_swap() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.txt");
    fs::write(&p, "old").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
    let mut seen = None;
    write_atomic_with_hook(&p, b"old", b"new", &mut |point| {
        if let HookPoint::TempWritten(tmp) = point {
            let mode = fs::metadata(tmp).unwrap().permissions().mode() & 0o7777;
            seen = Some((tmp.to_path_buf(), mode, fs::read(tmp).unwrap()));
        }
    })
    .unwrap();
    let (tmp, mode, bytes) = seen.expect("hook not called");
    assert_eq!(mode, 0o600);
    assert_eq!(bytes, b"new");
    assert_eq!(tmp.parent(), Some(dir.path()));
    assert!(is_temp_name(tmp.file_name().unwrap()), "{}", tmp.display());
    assert!(!tmp.exists());
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o7777,
        0o644
    );
}

#[cfg(unix)]
#[test]
fn symlink_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.txt");
    let link = dir.path().join("link.txt");
    fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink("target.txt", &link).unwrap();
    let msg = refusal(write_atomic(&link, b"old", b"new"));
    assert_eq!(
        msg,
        format!("{}: is a symbolic link; not rewritten", link.display())
    );
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read(&target).unwrap(), b"old");
    assert_eq!(names(dir.path()), ["link.txt", "target.txt"]);
}

#[test]
fn directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let msg = refusal(write_atomic(dir.path(), b"", b"new"));
    assert!(
        msg.ends_with("is not a regular file; not rewritten"),
        "{msg}"
    );
}

#[cfg(unix)]
#[test]
fn hard_linked_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    let q = dir.path().join("b.txt");
    fs::write(&p, "old").unwrap();
    fs::hard_link(&p, &q).unwrap();
    let msg = refusal(write_atomic(&p, b"old", b"new"));
    assert_eq!(
        msg,
        format!(
            "{}: has 2 hard links; a rewrite would split them; not rewritten",
            p.display()
        )
    );
    assert_eq!(fs::read(&p).unwrap(), b"old");
    assert_eq!(fs::read(&q).unwrap(), b"old");
    assert_eq!(names(dir.path()), ["a.txt", "b.txt"]);
}

#[cfg(unix)]
#[test]
fn read_only_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    if is_root() {
        eprintln!("skipped: root may write any file (see runs_as_other_user)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ro.txt");
    fs::write(&p, "old").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let msg = refusal(write_atomic(&p, b"old", b"new"));
    assert_eq!(
        msg,
        format!("{}: is read-only for you; not rewritten", p.display())
    );
    assert_eq!(fs::read(&p).unwrap(), b"old");
}

/// Whether `user.*` extended attributes can be set on files in `dir`.
#[cfg(target_os = "linux")]
fn user_xattrs_supported(dir: &Path) -> bool {
    let probe = dir.join("xattr-probe");
    fs::write(&probe, "").unwrap();
    let ok =
        rustix::fs::setxattr(&probe, "user.probe", b"1", rustix::fs::XattrFlags::empty()).is_ok();
    fs::remove_file(&probe).unwrap();
    ok
}

#[cfg(target_os = "linux")]
#[test]
fn extended_attributes_are_kept() {
    use rustix::fs::{getxattr, setxattr, XattrFlags};
    let dir = tempfile::tempdir().unwrap();
    if !user_xattrs_supported(dir.path()) {
        eprintln!("skipped: this filesystem does not support user extended attributes");
        return;
    }
    let p = dir.path().join("f.txt");
    fs::write(&p, "old").unwrap();
    setxattr(&p, "user.test", b"kept value", XattrFlags::empty()).unwrap();
    setxattr(&p, "user.empty", b"", XattrFlags::empty()).unwrap();
    write_atomic(&p, b"old", b"new").unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"new");
    let mut buf = [0u8; 64];
    let n = getxattr(&p, "user.test", &mut buf[..]).unwrap();
    assert_eq!(&buf[..n], b"kept value");
    assert_eq!(getxattr(&p, "user.empty", &mut buf[..]).unwrap(), 0);
}

#[cfg(unix)]
#[test]
fn owner_and_group_are_kept() {
    use std::os::unix::fs::MetadataExt;
    if !is_root() {
        eprintln!("skipped: only root can give a file to another owner");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.txt");
    fs::write(&p, "old").unwrap();
    std::os::unix::fs::chown(&p, Some(1000), Some(1000)).unwrap();
    write_atomic(&p, b"old", b"new").unwrap();
    let m = fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid()), (1000, 1000));
    assert_eq!(fs::read(&p).unwrap(), b"new");
}

/// As root, runs `user_side_of_runs_as_other_user` as uid 1000 (via `setpriv`) on files made
/// for it: a read-only file in a writable directory, a file owned by someone else, and (where
/// the filesystem has them) a file with a `security.*` attribute that user may read but not set.
#[cfg(target_os = "linux")]
#[test]
fn runs_as_other_user() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    if !is_root() {
        eprintln!("skipped: needs root to switch users");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let as_user = |program: &OsStr| {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=1000", "--regid=1000", "--clear-groups"])
            .arg(program);
        c
    };
    match as_user(OsStr::new("test")).arg("-x").arg(&exe).status() {
        Ok(s) if s.success() => {}
        _ => {
            eprintln!("skipped: setpriv is missing or uid 1000 cannot run the test binary");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::chown(d, Some(1000), Some(1000)).unwrap();
    let mk = |name: &str, mode: u32, owner: u32| {
        let p = d.join(name);
        fs::write(&p, "old").unwrap();
        std::os::unix::fs::chown(&p, Some(owner), Some(owner)).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(mode)).unwrap();
        p
    };
    mk("ro.txt", 0o444, 1000);
    mk("other.txt", 0o666, 1001);
    let sec = mk("sec.txt", 0o644, 1000);
    let sec_set = rustix::fs::setxattr(
        &sec,
        "security.remodeltest",
        b"v",
        rustix::fs::XattrFlags::empty(),
    )
    .is_ok();
    if !sec_set {
        eprintln!("security.* attributes unsupported here; that case is skipped");
        fs::remove_file(&sec).unwrap();
    }
    let out = as_user(exe.as_os_str())
        .args([
            "--exact",
            "user_side_of_runs_as_other_user",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("REMODEL_REWRITER_USER_DIR", d)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"));
    for name in ["ro.txt", "other.txt", "sec.txt"] {
        if let Ok(bytes) = fs::read(d.join(name)) {
            assert_eq!(bytes, b"old", "{name}");
        }
    }
    let mut expected = vec!["other.txt", "ro.txt"];
    if sec_set {
        expected.push("sec.txt");
    }
    assert_eq!(names(d), expected);
}

/// The unprivileged half of `runs_as_other_user`; does nothing unless started by it.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "started by runs_as_other_user as another user"]
fn user_side_of_runs_as_other_user() {
    let Some(d) = std::env::var_os("REMODEL_REWRITER_USER_DIR") else {
        return;
    };
    let d = Path::new(&d);
    assert!(!is_root());
    let ro = d.join("ro.txt");
    assert_eq!(
        refusal(write_atomic(&ro, b"old", b"new")),
        format!("{}: is read-only for you; not rewritten", ro.display())
    );
    let other = d.join("other.txt");
    assert_eq!(
        refusal(write_atomic(&other, b"old", b"new")),
        format!(
            "{}: cannot keep its owner 1001:1001; not rewritten",
            other.display()
        )
    );
    let sec = d.join("sec.txt");
    if sec.exists() {
        let msg = refusal(write_atomic(&sec, b"old", b"new"));
        assert!(
            msg.starts_with(&format!(
                "{}: cannot copy its extended attribute security.remodeltest (",
                sec.display()
            )),
            "{msg}"
        );
    }
}

#[cfg(unix)]
#[test]
fn stale_temps_are_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in [
        ".remodel-abc123.tmp",
        ".remodel-Zz09yyXXqq.tmp",
        ".remodel-abc12.tmp",
        ".remodel-abc123.tmp.bak",
        ".remodel-abc-12.tmp",
        "x.remodel-abc123.tmp",
        "keep.py",
    ] {
        fs::write(d.join(name), "x").unwrap();
    }
    fs::create_dir(d.join(".remodel-dirdir.tmp")).unwrap();
    std::os::unix::fs::symlink("keep.py", d.join(".remodel-linkzz.tmp")).unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    fs::write(d.join("sub/.remodel-nested.tmp"), "x").unwrap();

    let mut removed = remove_stale_temps(d).unwrap();
    removed.sort();
    assert_eq!(
        removed,
        [
            d.join(".remodel-Zz09yyXXqq.tmp"),
            d.join(".remodel-abc123.tmp")
        ]
    );
    assert_eq!(
        names(d),
        [
            ".remodel-abc-12.tmp",
            ".remodel-abc12.tmp",
            ".remodel-abc123.tmp.bak",
            ".remodel-dirdir.tmp",
            ".remodel-linkzz.tmp",
            "keep.py",
            "sub",
            "x.remodel-abc123.tmp",
        ]
    );
    assert!(d.join("sub/.remodel-nested.tmp").exists());
    assert_eq!(remove_stale_temps(d).unwrap(), Vec::<PathBuf>::new());
}

#[test]
fn temp_name_pattern() {
    assert!(is_temp_name(OsStr::new(".remodel-a1B2c3.tmp")));
    assert!(!is_temp_name(OsStr::new(".remodel-a1B2c.tmp")));
    assert!(!is_temp_name(OsStr::new(".remodel-a1B2c3.tmpx")));
    assert!(!is_temp_name(OsStr::new("remodel-a1B2c3.tmp")));
}

/// `REMODEL_TEST_WRITE_DELAY_MS` holds the write open long enough for another process (here a
/// thread of a child process) to change the file, and the change is kept.
#[test]
fn delay_variable_opens_a_window_for_other_writers() {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "delayed_side_of_delay_variable_test",
            "--ignored",
            "--nocapture",
        ])
        .env(remodel_rewriter::TEST_WRITE_DELAY_ENV, "700")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The child half of `delay_variable_opens_a_window_for_other_writers`.
#[test]
#[ignore = "started by delay_variable_opens_a_window_for_other_writers"]
fn delayed_side_of_delay_variable_test() {
    if std::env::var_os(remodel_rewriter::TEST_WRITE_DELAY_ENV).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.txt");
    fs::write(&p, "old\n").unwrap();
    let q = p.clone();
    let other = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        append(&q, b"other\n");
    });
    let started = std::time::Instant::now();
    let err = write_atomic(&p, b"old\n", b"new\n").unwrap_err();
    assert!(started.elapsed() >= std::time::Duration::from_millis(700));
    other.join().unwrap();
    assert!(matches!(err, WriteError::Changed(_)), "{err}");
    assert_eq!(fs::read(&p).unwrap(), b"old\nother\n");
    assert_eq!(names(dir.path()), ["f.txt"]);
}
