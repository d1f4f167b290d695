//! Runs every case under `fixtures/<group>/<case>/` through the real binary.
//!
//! A case holds `in/` (the tree to scan), `findings.txt` (every finding of `check`, one
//! `path:line:col: context fix text [rule > lowering rule...]` line each), `out/` (the tree after `fix --yes`) and optionally
//! `out-unsafe/` (after `fix --yes --unsafe-fixes`; defaults to `out/`) and `args.txt` (extra
//! arguments, one a line, such as `--target` `latest`). Every case also checks that the diff of
//! `fix --dry-run` applied with `git apply` gives the same bytes as `fix --yes`, and that a second
//! `fix` changes nothing.

use crate::support::*;
use std::fs;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for group in fs::read_dir(&root).unwrap() {
        let group = group.unwrap().path();
        if !group.is_dir() {
            continue;
        }
        for case in fs::read_dir(&group).unwrap() {
            let case = case.unwrap().path();
            if case.join("in").is_dir() {
                out.push(case);
            }
        }
    }
    out.sort();
    out
}

fn extra_args(case: &Path) -> Vec<String> {
    fs::read_to_string(case.join("args.txt"))
        .map(|s| {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

fn fixed_tree(case: &Path, extra: &[&str], unsafe_fixes: bool) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&case.join("in"), dir.path());
    let mut args = vec!["fix", "--yes", "--as-of", AS_OF];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    args.extend_from_slice(extra);
    let o = run(dir.path(), &args);
    assert!(
        code(&o) != 2,
        "{}: fix failed: {}",
        case.display(),
        stderr(&o)
    );
    // A second run finds nothing more to change.
    let first = read_tree(dir.path());
    let again = run(dir.path(), &args);
    assert!(code(&again) != 2, "{}: second fix failed", case.display());
    assert_eq!(
        first,
        read_tree(dir.path()),
        "{}: a second fix changed files",
        case.display()
    );
    first
}

fn expected_tree(case: &Path, name: &str) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    let p = case.join(name);
    p.is_dir().then(|| read_tree(&p))
}

fn show(tree: &[(PathBuf, Vec<u8>)]) -> String {
    tree.iter()
        .map(|(p, b)| format!("== {}\n{}", p.display(), String::from_utf8_lossy(b)))
        .collect()
}

#[test]
fn fixture_cases() {
    let cases = cases();
    assert!(!cases.is_empty(), "no fixture cases found");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .display()
            .to_string();
        let extra = extra_args(case);
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();

        // Findings.
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&case.join("in"), dir.path());
        let mut got = finding_lines(dir.path(), &extra);
        got.sort();
        let mut want: Vec<String> = fs::read_to_string(case.join("findings.txt"))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        want.sort();
        if got != want {
            failures.push(format!(
                "{name}: findings differ\n  want:\n    {}\n  got:\n    {}",
                want.join("\n    "),
                got.join("\n    ")
            ));
            continue;
        }

        // fix --yes, and with --unsafe-fixes.
        let safe = fixed_tree(case, &extra, false);
        let want_safe = expected_tree(case, "out").unwrap_or_else(|| read_tree(&case.join("in")));
        if safe != want_safe {
            failures.push(format!(
                "{name}: fix --yes gives\n{}\nexpected\n{}",
                show(&safe),
                show(&want_safe)
            ));
            continue;
        }
        let unsafe_ = fixed_tree(case, &extra, true);
        let want_unsafe = expected_tree(case, "out-unsafe").unwrap_or(want_safe.clone());
        if unsafe_ != want_unsafe {
            failures.push(format!(
                "{name}: fix --yes --unsafe-fixes gives\n{}\nexpected\n{}",
                show(&unsafe_),
                show(&want_unsafe)
            ));
            continue;
        }

        // The dry-run diff, applied by git, gives the same bytes, and the dry run writes nothing.
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&case.join("in"), dir.path());
        let before = read_tree(dir.path());
        let mut args = vec!["fix", "--dry-run", "--as-of", AS_OF];
        args.extend_from_slice(&extra);
        let o = run(dir.path(), &args);
        assert!(code(&o) != 2, "{name}: dry run failed: {}", stderr(&o));
        assert_eq!(
            before,
            read_tree(dir.path()),
            "{name}: --dry-run wrote files"
        );
        if !o.stdout.is_empty() {
            let patch = dir.path().with_extension("diff");
            fs::write(&patch, &o.stdout).unwrap();
            git(dir.path(), &["init", "-q"]);
            let a = git(
                dir.path(),
                &["apply", "--whitespace=nowarn", patch.to_str().unwrap()],
            );
            let _ = fs::remove_file(&patch);
            if !a.status.success() {
                failures.push(format!(
                    "{name}: git apply refused the diff: {}\n{}",
                    String::from_utf8_lossy(&a.stderr),
                    stdout(&o)
                ));
                continue;
            }
        }
        if read_tree(dir.path()) != want_safe {
            failures.push(format!(
                "{name}: the applied dry-run diff differs from fix --yes"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
