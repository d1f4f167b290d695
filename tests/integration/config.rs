//! The configuration file: discovery, every key, flags over the file, and bad files.

use crate::support::*;
use std::fs;

const OLD: &[u8] = b"MODEL = \"claude-3-opus-20240229\"\n";
const NEW: &[u8] = b"MODEL = \"claude-opus-4-8\"\n";

#[test]
fn exclude_ignore_and_per_path_shape_what_is_fixed() {
    let t = tree(&[
        (
            "remodel.toml",
            b"exclude = [\"vendor/\", \"*.gen.py\"]\n\n[[ignore]]\nid = \"claude-3-haiku-20240307\"\n\n[[ignore]]\npath = \"legacy/**\"\n\n[[per-path]]\npaths = [\"scripts/**\"]\nfix = \"review\"\n",
        ),
        ("app.py", OLD),
        ("vendor/lib.py", OLD),
        ("api.gen.py", OLD),
        ("legacy/old.py", OLD),
        ("fast.py", b"FAST = \"claude-3-haiku-20240307\"\n"),
        ("scripts/run.py", OLD),
    ]);
    let p = t.path();
    let o = run(p, &["check", "--as-of", AS_OF, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut got: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["path"].as_str().unwrap(),
                f["fix"].as_str().unwrap(),
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        ["app.py safe assignment", "scripts/run.py unsafe assignment"]
    );
    let o = run(p, &["check", "--as-of", AS_OF, "-v", "scripts/run.py"]);
    assert!(
        stdout(&o)
            .contains("lowered by config-per-path: remodel.toml asks review for `scripts/**`"),
        "{}",
        stdout(&o)
    );
    // A file named on the command line honors `exclude` too (pre-commit passes names).
    let o = run(p, &["check", "--as-of", AS_OF, "vendor/lib.py", "app.py"]);
    assert!(stdout(&o).contains("1 finding in 1 file"), "{}", stdout(&o));
    // --no-config reads everything, remodel.toml included (with it, the file is never scanned).
    let o = run(
        p,
        &["check", "--as-of", AS_OF, "--no-config", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 7);
    let o = run(p, &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(fs::read(p.join("app.py")).unwrap(), NEW);
    assert_eq!(fs::read(p.join("vendor/lib.py")).unwrap(), OLD);
    assert_eq!(fs::read(p.join("scripts/run.py")).unwrap(), OLD);
}

#[test]
fn settings_come_from_the_file_and_flags_win() {
    let t = tree(&[
        ("pyproject.toml", b"[project]\nname = \"x\"\n\n[tool.remodel]\nunsafe-fixes = true\nretiring-within = 10\nregistry = [\"models/extra.toml\"]\n"),
        ("models/extra.toml", b"[[model]]\nid = \"claude-3-opus-20240229\"\nreplacement = \"claude-opus-4-6\"\n"),
        ("src/app.py", b"PRICES = {\"claude-3-opus-20240229\": 15}\n"),
        ("src/b.py", b"MODEL = \"claude-sonnet-4-5-20250929\"\n"),
    ]);
    let p = t.path();
    // Found from a path below; `retiring-within` keeps the deprecated model from failing.
    let o = run(p, &["check", "--as-of", "2026-11-01", "src/b.py"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let o = run(
        p,
        &[
            "check",
            "--as-of",
            "2026-11-01",
            "--retiring-within",
            "60",
            "src/b.py",
        ],
    );
    assert_eq!(code(&o), 1, "the flag wins");
    // `unsafe-fixes` applies the dict key; the extra registry file picks the replacement.
    let o = run(p, &["fix", "--yes", "--as-of", AS_OF, "src/app.py"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        fs::read(p.join("src/app.py")).unwrap(),
        b"PRICES = {\"claude-opus-4-6\": 15}\n"
    );
}

#[test]
fn a_bad_file_exits_2_with_its_place_and_the_key() {
    let t = tree(&[
        ("remodel.toml", b"exclude = []\nunsafe_fixes = true\n"),
        ("app.py", OLD),
    ]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("remodel.toml:2:1: unknown field `unsafe_fixes`"),
        "{err}"
    );
    let t = tree(&[("remodel.toml", b"target = \"newest\"\n"), ("app.py", OLD)]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("remodel.toml:1:10: unknown variant `newest`"),
        "{}",
        stderr(&o)
    );
    let o = run(
        t.path(),
        &["check", "--as-of", AS_OF, "--config", "nope.toml"],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("nope.toml: cannot read"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(t.path().join("app.py")).unwrap(), OLD);
}

#[test]
fn init_writes_a_file_that_loads_and_never_overwrites() {
    let t = tree(&[("app.py", OLD)]);
    let o = run(t.path(), &["init"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let written = fs::read_to_string(t.path().join("remodel.toml")).unwrap();
    assert!(written.contains("# [[per-path]]"));
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let o = run(t.path(), &["init"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("already exists; not overwritten"),
        "{}",
        stderr(&o)
    );
}
