//! What `fix` must never do: lose a concurrent edit, write through a link or outside the tree,
//! leave a temporary file, or stop halfway through a file.

use crate::support::*;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const OLD: &[u8] = b"model = \"claude-3-opus-20240229\"\n";
const NEW: &[u8] = b"model = \"claude-opus-4-8\"\n";

/// The write hook of `remodel-rewriter`: a pause after the temporary file is written and before
/// it is swapped in.
const DELAY: &str = "REMODEL_TEST_WRITE_DELAY_MS";

fn temp_files(dir: &std::path::Path) -> Vec<String> {
    read_tree(dir)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .filter(|p| {
            p.rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with(".remodel-"))
        })
        .collect()
}

#[test]
fn an_edit_made_while_fix_writes_is_kept_and_the_file_is_reported_not_written() {
    for _ in 0..3 {
        let t = tree(&[("app.py", OLD)]);
        let p = t.path().join("app.py");
        let child = bin()
            .current_dir(t.path())
            .env(DELAY, "800")
            .args(["fix", "--yes", "--as-of", AS_OF])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The scan takes milliseconds; the pause is in the write.
        std::thread::sleep(Duration::from_millis(300));
        let mut f = fs::OpenOptions::new().append(true).open(&p).unwrap();
        std::io::Write::write_all(&mut f, b"# edited meanwhile\n").unwrap();
        drop(f);
        let o = child.wait_with_output().unwrap();
        let mut want = OLD.to_vec();
        want.extend_from_slice(b"# edited meanwhile\n");
        assert_eq!(fs::read(&p).unwrap(), want, "the concurrent edit is kept");
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        assert!(
            stderr(&o).contains("app.py: not written: changed on disk since it was read"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("Fixed 0 of 1"), "{}", stderr(&o));
        assert!(temp_files(t.path()).is_empty());
    }
}

#[test]
fn a_link_named_on_the_command_line_is_written_through_and_stays_a_link() {
    let t = tree(&[("real.py", OLD)]);
    symlink("real.py", t.path().join("link.py")).unwrap();
    let o = run(
        t.path(),
        &["fix", "--yes", "--as-of", AS_OF, "real.py", "link.py"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(fs::read(t.path().join("real.py")).unwrap(), NEW);
    let link = t.path().join("link.py");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_link(&link).unwrap(),
        std::path::Path::new("real.py")
    );

    // The link alone: the target is fixed, under its own name in reports and diffs.
    fs::write(t.path().join("real.py"), OLD).unwrap();
    let o = run(t.path(), &["fix", "--dry-run", "--as-of", AS_OF, "link.py"]);
    assert!(
        stdout(&o).starts_with("diff --git a/real.py b/real.py\n"),
        "{}",
        stdout(&o)
    );
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF, "link.py"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(fs::read(t.path().join("real.py")).unwrap(), NEW);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_linked_root_outside_the_tree_is_refused_by_check_dry_run_and_fix_alike() {
    let top = tempfile::tempdir().unwrap();
    let inside = top.path().join("tree");
    let outside = top.path().join("outside");
    fs::create_dir_all(&inside).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("x.py"), OLD).unwrap();
    fs::write(inside.join("own.py"), OLD).unwrap();
    symlink("../outside", inside.join("outdir")).unwrap();
    symlink("../outside/x.py", inside.join("x.py")).unwrap();
    for args in [
        &["check", "--as-of", AS_OF][..],
        &["fix", "--dry-run", "--as-of", AS_OF],
        &["fix", "--yes", "--as-of", AS_OF],
    ] {
        for target in ["outdir", "x.py", "outdir/x.py"] {
            let mut a = args.to_vec();
            a.push(target);
            let o = run(&inside, &a);
            assert_eq!(code(&o), 2, "{a:?}: {}", stderr(&o));
            assert!(
                stderr(&o).contains(&format!("{target}: a symbolic link to "))
                    && stderr(&o).contains("outside"),
                "{a:?}: {}",
                stderr(&o)
            );
            assert!(
                stdout(&o).is_empty() || !stdout(&o).contains("x.py"),
                "{}",
                stdout(&o)
            );
        }
    }
    assert_eq!(fs::read(outside.join("x.py")).unwrap(), OLD);
    // A walk does not follow links inside the tree either: only the tree's own file is fixed.
    let o = run(&inside, &["fix", "--yes", "--as-of", AS_OF, "."]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(fs::read(inside.join("own.py")).unwrap(), NEW);
    assert_eq!(fs::read(outside.join("x.py")).unwrap(), OLD);
}

#[test]
fn hard_linked_files_are_left_with_a_reason() {
    let t = tree(&[("a.py", OLD), ("ok.py", OLD)]);
    fs::hard_link(t.path().join("a.py"), t.path().join("b.py")).unwrap();
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("a.py: not written: has 2 hard links; a rewrite would split them"),
        "{err}"
    );
    assert_eq!(fs::read(t.path().join("a.py")).unwrap(), OLD);
    assert_eq!(fs::read(t.path().join("b.py")).unwrap(), OLD);
    assert_eq!(fs::read(t.path().join("ok.py")).unwrap(), NEW);
}

#[test]
fn a_leftover_temporary_file_is_not_scanned_and_fix_removes_it() {
    let t = tree(&[("app.py", OLD), (".remodel-Ab12Cd34Ef.tmp", OLD)]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains(".remodel-Ab12Cd34Ef.tmp: a temporary file left by an interrupted run; `remodel fix` removes it"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("1 file scanned; 1 finding in 1 file"),
        "{}",
        stdout(&o)
    );
    let o = run(t.path(), &["fix", "--dry-run", "--as-of", AS_OF]);
    assert!(
        t.path().join(".remodel-Ab12Cd34Ef.tmp").exists(),
        "a dry run writes nothing"
    );
    assert!(!stdout(&o).contains(".remodel-"), "{}", stdout(&o));
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("removed .remodel-Ab12Cd34Ef.tmp"),
        "{}",
        stderr(&o)
    );
    assert!(temp_files(t.path()).is_empty());
}

fn many(n: usize) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    for i in 0..n {
        let d = t.path().join(format!("d{}", i % 20));
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join(format!("f{i}.py")), OLD).unwrap();
    }
    t
}

/// Every file of the tree wholly old or wholly new (temporary files aside).
fn each_whole(t: &std::path::Path) -> (usize, usize) {
    let (mut old, mut new) = (0, 0);
    for (p, bytes) in read_tree(t) {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(".remodel-"))
        {
            continue; // a killed run's temporary file: the next run removes it
        }
        if bytes == OLD {
            old += 1;
        } else if bytes == NEW {
            new += 1;
        } else {
            panic!(
                "{}: torn: {:?}",
                p.display(),
                String::from_utf8_lossy(&bytes)
            );
        }
    }
    (old, new)
}

#[test]
fn ctrl_c_finishes_the_file_being_written_and_says_how_far_it_got() {
    let t = many(40);
    let child = bin()
        .current_dir(t.path())
        .env(DELAY, "100")
        .args(["fix", "--yes", "--as-of", AS_OF])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 130, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("interrupted; ")
            && stderr(&o).contains(" and the files after it were not written"),
        "{}",
        stderr(&o)
    );
    let (old, new) = each_whole(t.path());
    assert!(new > 0 && old > 0, "{old} old, {new} new");
    assert!(
        stderr(&o).contains(&format!("Fixed {new} of 40 findings in {new} files")),
        "{}",
        stderr(&o)
    );
}

/// `KILL_RUNS` (default 10) runs of `fix --yes` over `KILL_FILES` (default 400) files, each
/// killed with SIGKILL at a random moment: every file stays wholly old or wholly new, and the
/// next run removes what a killed run left.
#[test]
fn sigkill_at_any_moment_leaves_each_file_whole() {
    let runs: usize = std::env::var("KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let files: usize = std::env::var("KILL_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    // How long a whole run takes here: the kills land anywhere in it.
    let whole = {
        let t = many(files);
        let start = Instant::now();
        assert_eq!(code(&run(t.path(), &["fix", "--yes", "--as-of", AS_OF])), 0);
        start.elapsed().as_micros() as u64
    };
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..runs {
        let t = many(files);
        let start = Instant::now();
        let mut child = bin()
            .current_dir(t.path())
            .args(["fix", "--yes", "--as-of", AS_OF])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % whole.max(1)));
        let _ = child.kill();
        let _ = child.wait();
        let (old, new) = each_whole(t.path());
        let left = temp_files(t.path());
        eprintln!(
            "killed after {:?}: {old} old, {new} new, {} temporary files left",
            start.elapsed(),
            left.len()
        );
        let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        for l in &left {
            let name = l.rsplit('/').next().unwrap();
            assert!(
                stderr(&o).contains(name),
                "{name} not reported: {}",
                stderr(&o)
            );
        }
        assert!(temp_files(t.path()).is_empty());
        let (old, _) = each_whole(t.path());
        assert_eq!(old, 0);
    }
}

#[test]
fn inputs_that_are_not_scanned_are_counted_listed_and_fail_check() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "model = \"claude-3-opus-20240229\"\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let mut late_nul = vec![b' '; 9000];
    late_nul.extend_from_slice(b"{\"model\": \"claude-3-opus-20240229\"}\x00");
    let t = tree(&[
        ("utf16.py", &utf16),
        ("late.json", &late_nul),
        ("my app.py", OLD),
    ]);
    // A name that is not UTF-8 keeps its extension.
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.py");
    fs::write(t.path().join(odd), OLD).unwrap();
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: utf16.py: skipped: UTF-16 text is not scanned"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("2 files scanned, 2 skipped (1 binary, 1 UTF-16 text); 2 findings in 2 files, 2 fixable"),
        "{}",
        stdout(&o)
    );
    let o = run(t.path(), &["check", "--as-of", AS_OF, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["scanned"], 2);
    assert_eq!(v["summary"]["binary"], 1);
    assert_eq!(v["skipped"][0]["path"], "utf16.py");
    assert_eq!(v["skipped"][0]["hides_findings"], true);
    let o = run(t.path(), &["check", "--as-of", AS_OF, "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run0 = &v["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let notes = run0["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes.iter().any(|n| n["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("utf16.py: skipped: UTF-16")),
        "{notes:?}"
    );
    let uris: Vec<&str> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"my%20app.py"), "{uris:?}");
    assert!(uris.contains(&"caf%EF%BF%BD.py"), "{uris:?}");
    // The non-UTF-8 name is Python, and `fix` writes it in place.
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(fs::read(t.path().join(odd)).unwrap(), NEW, "{}", stderr(&o));
    assert_eq!(fs::read(t.path().join("late.json")).unwrap(), late_nul);
    assert_eq!(fs::read(t.path().join("utf16.py")).unwrap(), utf16);
}

#[test]
fn a_fifo_named_on_the_command_line_is_skipped_not_read() {
    let t = tree(&[("app.py", OLD)]);
    let fifo = t.path().join("pipe.py");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = run(t.path(), &["check", "--as-of", AS_OF, "app.py", "pipe.py"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("pipe.py: skipped: not a regular file or a directory"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("app.py:1:10"), "{}", stdout(&o));
}

/// A 571-byte TSX file (found by `crates/parser/tests/fuzz.rs`) on which tree-sitter's error
/// recovery took six minutes: the parse now stops at a step budget linear in the file's size,
/// and the file is named as not scanned.
#[test]
fn an_input_that_makes_the_parser_explode_is_refused_not_waited_on() {
    let t = tree(&[
        ("a.tsx", include_bytes!("data/parser-blowup.tsx")),
        ("b.py", OLD),
    ]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("a.tsx: the tsx parser went over its step budget"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("b.py:1:10"), "{}", stdout(&o));
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(
        fs::read(t.path().join("a.tsx")).unwrap(),
        include_bytes!("data/parser-blowup.tsx")
    );
    assert_eq!(
        fs::read(t.path().join("b.py")).unwrap(),
        NEW,
        "{}",
        stderr(&o)
    );
}
