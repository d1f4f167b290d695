//! Helpers shared by the integration tests.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date every test pins, so that results do not change as days pass.
pub const AS_OF: &str = "2026-11-23";

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_remodel"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs `remodel` in `dir` with `args` and no standard input.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run remodel")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file below `root`, as (relative path, bytes), sorted.
pub fn read_tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            if entry.file_type().unwrap().is_dir() {
                if entry.file_name() != ".git" {
                    stack.push(p);
                }
            } else {
                out.push((
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Writes files into a new temporary directory.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }
    dir
}

pub fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "core.autocrlf=false",
        ])
        .args(args)
        .output()
        .expect("run git")
}

/// `check --format json` findings as `path:line:col: context fix text` lines.
pub fn finding_lines(dir: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check", "--format", "json", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    args.push(".");
    let o = run(dir, &args);
    assert!(code(&o) != 2, "check failed: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            // The rule that decided, then each rule that lowered the fix.
            let mut rules = vec![f["rule"].as_str().unwrap().to_string()];
            rules.extend(
                f["demotions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["rule"].as_str().unwrap().to_string()),
            );
            format!(
                "{}:{}:{}: {} {} {} [{}]",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["context"].as_str().unwrap(),
                f["fix"].as_str().unwrap(),
                f["text"].as_str().unwrap(),
                rules.join(" > ")
            )
        })
        .collect()
}
