//! `unified_diff` output checked against real git: `git apply` must turn the old bytes into the
//! new ones, and the headers must be the ones `git diff` writes. Skipped when git is missing.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use remodel_rewriter::unified_diff;

/// git with no system or user configuration, so that settings such as `core.autocrlf` or
/// `core.quotePath` on the machine cannot change the outcome.
fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("running git")
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn have_git() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: git is not on PATH");
    }
    found
}

struct Repo {
    dir: tempfile::TempDir,
    patches: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        ok(&git(dir.path(), &["init", "-q"]), "git init");
        Repo {
            dir,
            patches: tempfile::tempdir().unwrap(),
        }
    }

    /// Writes `old` at `name`, applies the diff to `new` with `git apply` (after `--check` when
    /// `check`), and returns the file's bytes afterwards.
    fn apply(&self, name: &str, old: &[u8], new: &[u8], check: bool) -> Vec<u8> {
        let file = self.dir.path().join(name);
        fs::write(&file, old).unwrap();
        let patch = unified_diff(name, old, new);
        let patch_file = self.patches.path().join("p.diff");
        fs::write(&patch_file, &patch).unwrap();
        let patch_arg = patch_file.to_str().unwrap();
        let show = || {
            format!(
                "name {name:?}, old {:?}, new {:?}, patch:\n{}",
                String::from_utf8_lossy(old),
                String::from_utf8_lossy(new),
                String::from_utf8_lossy(&patch).escape_debug()
            )
        };
        if check {
            let out = git(self.dir.path(), &["apply", "--check", patch_arg]);
            ok(&out, &format!("git apply --check ({})", show()));
        }
        let out = git(self.dir.path(), &["apply", patch_arg]);
        ok(&out, &format!("git apply ({})", show()));
        let got = fs::read(&file).unwrap();
        fs::remove_file(&file).unwrap();
        got
    }
}

#[test]
fn tricky_contents_apply() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let cases: &[(&str, &[u8], &[u8])] = &[
        ("cr only", b"a\rm = old\rc\r", b"a\rm = new\rc\r"),
        ("cr only, grows", b"a\rb\r", b"a\rb\rc\r"),
        ("lone trailing cr", b"a\nm = old\r", b"a\nm = new\r"),
        ("trailing cr removed", b"a\nb\r", b"a\nb"),
        ("trailing cr added", b"a\nb", b"a\nb\r"),
        ("crlf", b"a\r\nm = old\r\nc\r\n", b"a\r\nm = new\r\nc\r\n"),
        (
            "mixed",
            b"a\r\nb\rc\nm = old\r\n\rz",
            b"a\r\nb\rc\nm = new\r\n\rz",
        ),
        ("no final newline", b"a\nm = old", b"a\nm = new"),
        ("final newline added", b"a\nb", b"a\nb\n"),
        ("final newline removed", b"a\nb\n", b"a\nb"),
        (
            "invalid utf-8",
            b"# caf\xe9\nm = '\xff'\n",
            b"# caf\xe9\nm = '\xfe'\n",
        ),
        ("from empty", b"", b"x\n"),
        ("to empty", b"x\ny", b""),
        ("only newlines", b"\n\n\n", b"\n\n"),
        (
            "far apart",
            b"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n",
            b"1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\nY\n14\n",
        ),
    ];
    for (what, old, new) in cases {
        assert_eq!(
            &repo.apply("f.txt", old, new, true)[..],
            *new,
            "case {what}"
        );
    }
}

#[test]
fn tricky_names_apply() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    for name in [
        "with space.py",
        "tab\there.py",
        "quote\"d.py",
        "back\\slash.py",
        "new\nline.py",
        "caf\u{e9}.py",
        "\u{65e5}\u{672c} \u{8a9e}.txt",
        "cr\r.py",
        " lead and trail ",
    ] {
        assert_eq!(
            repo.apply(name, b"m = 'old'\n", b"m = 'new'\n", true),
            b"m = 'new'\n",
            "name {name:?}"
        );
    }
    fs::create_dir_all(repo.dir.path().join("sub dir")).unwrap();
    assert_eq!(
        repo.apply("sub dir/x.py", b"old\n", b"new\n", true),
        b"new\n"
    );
}

#[test]
fn headers_match_git_diff() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let d = repo.dir.path();
    for name in [
        "plain.py",
        "with space.py",
        "tab\there.py",
        "quote\"d.py",
        "back\\slash.py",
        "new\nline.py",
        "caf\u{e9}.py",
        "ctl\u{1}\u{7f}.py",
    ] {
        fs::write(d.join(name), "old\n").unwrap();
        ok(&git(d, &["add", "--", name]), "git add");
        fs::write(d.join(name), "new\n").unwrap();
        let out = git(d, &["diff", "--no-color", "--no-ext-diff", "--", name]);
        ok(&out, "git diff");
        // git's output has an `index` line that ours leaves out; the rest must be identical.
        let theirs: Vec<&[u8]> = out
            .stdout
            .split_inclusive(|&b| b == b'\n')
            .filter(|l| !l.starts_with(b"index "))
            .collect();
        let ours = unified_diff(name, b"old\n", b"new\n");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs.concat()),
            "name {name:?}"
        );
        ok(
            &git(d, &["rm", "-q", "-f", "--cached", "--", name]),
            "git rm",
        );
        fs::remove_file(d.join(name)).unwrap();
    }
}

#[test]
fn odd_relative_paths_still_apply() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let d = repo.dir.path();
    fs::create_dir(d.join("src")).unwrap();
    fs::write(d.join("src/x.py"), "old\n").unwrap();
    for given in ["./src/x.py", "src//x.py", "src/./x.py"] {
        let patch = unified_diff(given, b"old\n", b"new\n");
        assert!(
            patch.starts_with(b"diff --git a/src/x.py b/src/x.py\n"),
            "{given}"
        );
        let p = repo.patches.path().join("p.diff");
        fs::write(&p, &patch).unwrap();
        ok(
            &git(d, &["apply", "--check", p.to_str().unwrap()]),
            &format!("git apply --check for {given}"),
        );
    }
}

/// A small xorshift generator: deterministic, so a failure is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn text(&mut self, max_tokens: usize) -> Vec<u8> {
        const TOKENS: [&[u8]; 5] = [b"a", b"\r", b"\n", "\u{e9}".as_bytes(), b"\xff"];
        let n = self.below(max_tokens + 1);
        (0..n)
            .flat_map(|_| TOKENS[self.below(TOKENS.len())])
            .copied()
            .collect()
    }
}

#[test]
fn random_edits_round_trip_through_git_apply() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut cases = 0;
    while cases < 200 {
        let old = rng.text(40);
        let start = rng.below(old.len() + 1);
        let end = start + rng.below(old.len() - start + 1).min(6);
        let replacement = rng.text(4);
        let new = [&old[..start], &replacement, &old[end..]].concat();
        if new == old {
            continue;
        }
        cases += 1;
        assert_eq!(
            repo.apply("r.txt", &old, &new, false),
            new,
            "case {cases}: old {old:?}, new {new:?}"
        );
    }
}
