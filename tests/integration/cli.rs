//! The CLI contract: exit codes, output formats, dry runs, confirmation, git safety, bad input.

use crate::support::*;
use std::fs;

const APP: &[u8] = b"from anthropic import Anthropic\n\nclient = Anthropic()\nreply = client.messages.create(model=\"claude-3-opus-20240229\", messages=[])\n";

#[test]
fn exit_codes_say_what_was_found() {
    let clean = tree(&[("app.py", b"model = \"claude-opus-4-8\"\n")]);
    let o = run(clean.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("1 file scanned; 0 findings"),
        "{}",
        stdout(&o)
    );

    let old = tree(&[("app.py", APP)]);
    let o = run(old.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stdout(&o),
        "Fixable:\napp.py:4:39: claude-3-opus-20240229 (retired 2026-01-05) -> claude-opus-4-8\n\n1 file scanned; 1 finding in 1 file, 1 fixable\n"
    );

    let o = run(old.path(), &["check", "--as-of", AS_OF, "no/such/dir"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no/such/dir: no such file or directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_comment_alone_is_reported_but_is_nothing_to_act_on() {
    let t = tree(&[(
        "app.py",
        b"# we moved off claude-3-opus-20240229\nmodel = \"claude-opus-4-8\"\n",
    )]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Left alone:\napp.py:1:16: claude-3-opus-20240229 (retired 2026-01-05) -> claude-opus-4-8 [left alone: comment]"), "{}", stdout(&o));
}

#[test]
fn as_of_decides_deprecated_or_retired() {
    let t = tree(&[("app.py", b"MODEL = \"claude-sonnet-4-5-20250929\"\n")]);
    let o = run(t.path(), &["check", "--as-of", "2026-11-23"]);
    assert!(
        stdout(&o).contains(
            "claude-sonnet-4-5-20250929 (deprecated, retires 2026-11-30) -> claude-sonnet-5-5"
        ),
        "{}",
        stdout(&o)
    );
    let o = run(t.path(), &["check", "--as-of", "2026-12-01"]);
    assert!(
        stdout(&o).contains("(retired 2026-11-30)"),
        "{}",
        stdout(&o)
    );
    let o = run(t.path(), &["check", "--as-of", "2026-09-01"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(t.path(), &["check", "--as-of", "2026-13-01"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("2026-13-01"), "{}", stderr(&o));
}

#[test]
fn json_findings_carry_the_contract_fields() {
    let t = tree(&[("src/app.py", APP)]);
    let o = run(t.path(), &["check", "--format", "json", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["path"], "src/app.py");
    assert_eq!(f["line"], 4);
    assert_eq!(f["column"], 39);
    assert_eq!(f["text"], "claude-3-opus-20240229");
    assert_eq!(f["model"], "claude-3-opus-20240229");
    assert_eq!(f["status"], "retired");
    assert_eq!(f["replacement"], "claude-opus-4-8");
    assert_eq!(f["context"], "model-argument");
    assert_eq!(f["fix"], "safe");
    assert_eq!(v["summary"]["findings"], 1);
}

#[test]
fn github_format_annotates() {
    let t = tree(&[("app.py", APP)]);
    let o = run(t.path(), &["check", "--format", "github", "--as-of", AS_OF]);
    assert!(stdout(&o).starts_with("::error file=app.py,line=4,col=39,title=remodel::claude-3-opus-20240229 (retired 2026-01-05) -> claude-opus-4-8"), "{}", stdout(&o));
}

#[test]
fn dry_run_writes_nothing_and_its_diff_applies_to_the_same_bytes_as_fix() {
    let files: &[(&str, &[u8])] = &[
        ("app.py", APP),
        (
            "web/client.ts",
            b"const model = 'claude-3-5-sonnet-20241022';\r\nexport default model;\r\n",
        ),
        (
            "conf/app.yaml",
            b"\xef\xbb\xbfllm:\n  model: claude-3-haiku-20240307\n  temperature: 0",
        ),
        ("conf/settings.json", b"{\n\t\"model\": \"claude-2.1\"\n}\n"),
    ];
    let dry = tree(files);
    let o = run(dry.path(), &["fix", "--dry-run", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Would fix 4 of 4 findings in 4 files"),
        "{}",
        stderr(&o)
    );
    for (name, bytes) in files {
        assert_eq!(
            &fs::read(dry.path().join(name)).unwrap(),
            bytes,
            "{name} changed by --dry-run"
        );
    }
    let diff = o.stdout.clone();
    assert!(String::from_utf8_lossy(&diff).contains("\\ No newline at end of file"));
    git(dry.path(), &["init", "-q"]);
    let patch = dry.path().join("../remodel-test.diff");
    fs::write(&patch, &diff).unwrap();
    let a = git(dry.path(), &["apply", patch.to_str().unwrap()]);
    fs::remove_file(&patch).unwrap();
    assert!(
        a.status.success(),
        "git apply: {}",
        String::from_utf8_lossy(&a.stderr)
    );

    let fixed = tree(files);
    let o = run(fixed.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Fixed 4 of 4 findings in 4 files"),
        "{}",
        stderr(&o)
    );
    assert_eq!(read_tree(dry.path()), read_tree(fixed.path()));
    assert_eq!(
        fs::read(fixed.path().join("web/client.ts")).unwrap(),
        b"const model = 'claude-sonnet-4-6';\r\nexport default model;\r\n"
    );
    assert_eq!(
        fs::read(fixed.path().join("conf/app.yaml")).unwrap(),
        b"\xef\xbb\xbfllm:\n  model: claude-haiku-4-5-20251001\n  temperature: 0"
    );
    // Nothing left: a second run is a no-op.
    let o = run(fixed.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0);
    assert!(
        stderr(&o).contains("Fixed 0 of 0 findings"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn fix_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let t = tree(&[("run.py", APP)]);
    let p = t.path().join("run.py");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o754)).unwrap();
    assert_eq!(code(&run(t.path(), &["fix", "--yes", "--as-of", AS_OF])), 0);
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o754
    );
    assert_eq!(
        fs::read_dir(t.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn without_a_terminal_fix_needs_yes() {
    let t = tree(&[("app.py", APP)]);
    let o = run(t.path(), &["fix", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    assert_eq!(fs::read(t.path().join("app.py")).unwrap(), APP);
}

#[test]
fn fix_refuses_files_with_uncommitted_changes() {
    let t = tree(&[("app.py", APP), ("other.py", b"x = 1\n")]);
    git(t.path(), &["init", "-q"]);
    git(t.path(), &["add", "."]);
    git(t.path(), &["commit", "-qm", "init"]);
    let mut edited = APP.to_vec();
    edited.extend_from_slice(b"# local edit\n");
    fs::write(t.path().join("app.py"), &edited).unwrap();
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("uncommitted changes") && stderr(&o).contains("app.py"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--allow-dirty"));
    assert_eq!(fs::read(t.path().join("app.py")).unwrap(), edited);

    let o = run(
        t.path(),
        &["fix", "--yes", "--allow-dirty", "--as-of", AS_OF],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        String::from_utf8(fs::read(t.path().join("app.py")).unwrap())
            .unwrap()
            .contains("claude-opus-4-8")
    );

    // A committed file is fixed without ceremony.
    git(t.path(), &["commit", "-qam", "fix"]);
    fs::write(t.path().join("app.py"), APP).unwrap();
    git(t.path(), &["commit", "-qam", "back"]);
    assert_eq!(code(&run(t.path(), &["fix", "--yes", "--as-of", AS_OF])), 0);
}

#[test]
fn unsafe_fixes_apply_only_when_asked() {
    let src: &[u8] =
        b"PRICES = {\"claude-3-opus-20240229\": 15}\nMODEL = \"claude-3-haiku-20240307\"\n";
    let t = tree(&[("p.py", src)]);
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1, "a finding that needs review remains");
    assert!(
        stderr(&o).contains("Fixed 1 of 2 findings in 1 file; 1 needs review (--unsafe-fixes)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read(t.path().join("p.py")).unwrap(),
        b"PRICES = {\"claude-3-opus-20240229\": 15}\nMODEL = \"claude-haiku-4-5-20251001\"\n"
    );
    let o = run(
        t.path(),
        &["fix", "--yes", "--unsafe-fixes", "--as-of", AS_OF],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        fs::read(t.path().join("p.py")).unwrap(),
        b"PRICES = {\"claude-opus-4-8\": 15}\nMODEL = \"claude-haiku-4-5-20251001\"\n"
    );
}

#[test]
fn bad_input_is_named_and_nothing_is_lost() {
    let mut big = b"model = \"claude-3-opus-20240229\"\n".to_vec();
    big.resize(11 * 1024 * 1024, b' ');
    let mut big_binary = vec![0u8; 16];
    big_binary.resize(11 * 1024 * 1024, b'x');
    let t = tree(&[
        ("bin.dat", b"\x00\x01claude-3-opus-20240229\x00"),
        ("big.bin", &big_binary),
        (
            "latin1.py",
            b"# caf\xe9\nmodel = \"claude-3-opus-20240229\"\n",
        ),
        ("big.py", &big),
    ]);
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: big.py: skipped: 11.0 MiB is over the 10 MiB limit (--max-file-size); it may hold model IDs"),
        "{}",
        stderr(&o)
    );
    // A skip that may hide findings fails `check`, unless the limit was chosen.
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("1 file scanned, 3 skipped (2 binary, 1 over the size limit); 0 findings"),
        "{}",
        stdout(&o)
    );
    let o = run(
        t.path(),
        &["check", "--as-of", AS_OF, "--max-file-size", "10"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: big.py: skipped: "),
        "{}",
        stderr(&o)
    );
    assert!(
        !stderr(&o).contains("bin.dat"),
        "binary files are counted, not listed"
    );
    assert_eq!(
        fs::read(t.path().join("latin1.py")).unwrap(),
        b"# caf\xe9\nmodel = \"claude-opus-4-8\"\n"
    );
    assert_eq!(
        fs::read(t.path().join("bin.dat")).unwrap(),
        b"\x00\x01claude-3-opus-20240229\x00"
    );
    assert_eq!(fs::read(t.path().join("big.py")).unwrap(), big);
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_is_scanned() {
    let t = tree(&[("open.py", APP)]);
    // Permissions do not stop root, but reading a process's memory at offset 0 fails for anyone.
    let o = run(
        t.path(),
        &["check", "--as-of", AS_OF, ".", "/proc/self/mem"],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("/proc/") && stderr(&o).contains("/mem: Input/output error"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("open.py:4:39"), "{}", stdout(&o));
}

#[test]
fn each_file_is_visited_once() {
    let t = tree(&[("src/app.py", APP)]);
    let o = run(
        t.path(),
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            ".",
            "src",
            "src/app.py",
            "./src/app.py",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "{}", stdout(&o));
}

#[test]
fn gitignored_files_are_skipped_and_hidden_ones_are_not() {
    let t = tree(&[
        (".gitignore", b"build/\n"),
        ("build/gen.py", APP),
        (".env", b"MODEL=claude-3-opus-20240229\n"),
        (
            ".github/workflows/ci.yml",
            b"env:\n  MODEL: claude-3-opus-20240229\n",
        ),
    ]);
    git(t.path(), &["init", "-q"]);
    let lines = finding_lines(t.path(), &[]);
    assert_eq!(
        lines,
        vec![
            ".env:1:7: env-value safe claude-3-opus-20240229 [env-value]",
            ".github/workflows/ci.yml:2:10: config-value safe claude-3-opus-20240229 [config-value]",
        ]
    );
}

#[test]
fn a_model_in_use_without_a_replacement_in_its_form_fails_check_and_is_not_rewritten() {
    let src: &[u8] = b"client.invoke_model(modelId=\"eu.anthropic.claude-3-opus-20240229-v1:0\")\n";
    let t = tree(&[("bedrock.py", src)]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("Migrate by hand (no automatic fix):\nbedrock.py:1:30: eu.anthropic.claude-3-opus-20240229-v1:0 (retired 2026-01-05) [migrate by hand: claude-opus-4-8 is not offered with the `eu.` cross-region prefix on Bedrock"), "{}", stdout(&o));
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("Fixed 0 of 0 findings in 0 files; 1 to migrate by hand"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(t.path().join("bedrock.py")).unwrap(), src);
}

#[test]
fn the_demo_has_a_fixable_id_in_every_file() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let o = run(&demo, &["check", "--format", "json", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fixable: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["fix"] == "safe")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let files: Vec<String> = read_tree(&demo)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    for f in &files {
        assert!(
            fixable.contains(f.as_str()),
            "{f} has no safe fix: {fixable:?}"
        );
    }
}

#[test]
fn an_edit_that_would_break_the_syntax_is_not_written() {
    // A user registry whose replacement ID holds a quote: written into a string, it would end it.
    let policy: &[u8] = br#"[sources.P]
title = "test policy"

[[model]]
id = "acme-old-1"
name = "Old"
tier = "acme"
deprecated = "2026-01-01"
retires = "2026-02-01"
lifecycle_source = "P"
replacement = 'acme-new"1'
replacement_stated = "2026-01-01"
replacement_source = "P"

[[model]]
id = 'acme-new"1'
name = "New"
tier = "acme"
lifecycle_source = "P"
"#;
    let src: &[u8] = b"M = \"acme-old-1\"\n";
    let t = tree(&[("app.py", src), ("policy.toml", policy)]);
    let o = run(
        t.path(),
        &[
            "fix",
            "--yes",
            "--registry",
            "policy.toml",
            "--as-of",
            AS_OF,
            "app.py",
        ],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("app.py: not written: the change would add syntax errors"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(t.path().join("app.py")).unwrap(), src);
}

#[test]
fn a_quoted_id_in_a_language_not_parsed_is_in_use_but_never_rewritten() {
    let go: &[u8] = b"package main\n\n// moved off claude-3-opus-20240229\nconst model = \"claude-3-opus-20240229\"\n";
    let t = tree(&[
        ("main.go", go),
        ("notes.txt", b"We used \"claude-3-opus-20240229\".\n"),
    ]);
    assert_eq!(
        finding_lines(t.path(), &[]),
        vec![
            "main.go:3:14: text none claude-3-opus-20240229 [text]",
            "main.go:4:16: unparsed-string none claude-3-opus-20240229 [unparsed-string]",
            "notes.txt:1:10: text none claude-3-opus-20240229 [text]",
        ]
    );
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1, "the Go constant is in use");
    assert!(
        stdout(&o).contains("Migrate by hand (no automatic fix):\nmain.go:4:16:"),
        "{}",
        stdout(&o)
    );
    let o = run(
        t.path(),
        &["fix", "--yes", "--unsafe-fixes", "--as-of", AS_OF],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(fs::read(t.path().join("main.go")).unwrap(), go);
}

#[test]
fn sarif_has_a_result_per_finding() {
    let t = tree(&[("app.py", APP)]);
    let o = run(t.path(), &["check", "--format", "sarif", "--as-of", AS_OF]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "retired-model");
    assert_eq!(r["level"], "error");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], 39);
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "app.py"
    );
    assert_eq!(r["properties"]["replacement"], "claude-opus-4-8");
}

/// Runs `remodel` on a pseudo-terminal (util-linux `script`), typing `answers`.
fn on_terminal(dir: &std::path::Path, args: &str, answers: &str) -> Option<(i32, String)> {
    use std::io::Write as _;
    let script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .ok()?;
    if !script.status.success() {
        return None;
    }
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_remodel"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(answers.as_bytes()).ok()?;
    let o = child.wait_with_output().ok()?;
    Some((code(&o), stdout(&o)))
}

#[test]
fn on_a_terminal_fix_asks_per_file_and_review_fixes_separately() {
    let t = tree(&[
        (
            "a.py",
            b"M = \"claude-3-haiku-20240307\"\nP = {\"claude-3-opus-20240229\": 1}\n",
        ),
        ("b.yaml", b"model: claude-3-haiku-20240307\n"),
    ]);
    // a.py: yes to the safe fix, no to the dict key; b.yaml: no.
    let Some((status, out)) = on_terminal(t.path(), "fix --as-of 2026-11-23", "y\nn\nn\n") else {
        return; // no `script` on this machine
    };
    assert!(out.contains("Apply? [y]es/[n]o/[a]ll/[q]uit"), "{out}");
    assert!(
        out.contains("Apply fix that needs review (dict key)?"),
        "{out}"
    );
    assert!(
        out.contains("Fixed 1 of 3 findings in 1 file; 1 needs review (--unsafe-fixes)"),
        "{out}"
    );
    assert_eq!(status, 1);
    assert_eq!(
        fs::read_to_string(t.path().join("a.py")).unwrap(),
        "M = \"claude-haiku-4-5-20251001\"\nP = {\"claude-3-opus-20240229\": 1}\n"
    );
    assert_eq!(
        fs::read_to_string(t.path().join("b.yaml")).unwrap(),
        "model: claude-3-haiku-20240307\n"
    );

    // `a` applies the rest; `q` stops at once.
    let t = tree(&[
        ("a.py", b"M = \"claude-2.1\"\n"),
        ("b.py", b"M = \"claude-2.1\"\n"),
    ]);
    let (status, _) = on_terminal(t.path(), "fix --as-of 2026-11-23", "a\n").unwrap();
    assert_eq!(status, 0);
    assert_eq!(
        fs::read_to_string(t.path().join("b.py")).unwrap(),
        "M = \"claude-opus-4-8\"\n"
    );
    let t = tree(&[("a.py", b"M = \"claude-2.1\"\n")]);
    let (_, out) = on_terminal(t.path(), "fix --as-of 2026-11-23", "q\n").unwrap();
    assert!(out.contains("Fixed 0 of 1 finding in 0 files"), "{out}");
    assert_eq!(
        fs::read_to_string(t.path().join("a.py")).unwrap(),
        "M = \"claude-2.1\"\n"
    );
}

#[test]
fn fix_fails_closed_when_git_cannot_say_what_is_committed() {
    let t = tree(&[("app.py", APP)]);
    git(t.path(), &["init", "-q"]);
    git(t.path(), &["add", "."]);
    git(t.path(), &["commit", "-qm", "init"]);
    // No git on PATH: refuse, say why, write nothing.
    let o = bin()
        .current_dir(t.path())
        .env("PATH", "/nonexistent")
        .args(["fix", "--yes", "--as-of", AS_OF])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("git is not on PATH"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--allow-dirty"), "{}", stderr(&o));
    assert_eq!(fs::read(t.path().join("app.py")).unwrap(), APP);
    // A broken repository (git exits non-zero) is refused the same way.
    fs::write(t.path().join(".git/index"), b"not an index").unwrap();
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("failed"), "{}", stderr(&o));
    assert_eq!(fs::read(t.path().join("app.py")).unwrap(), APP);
}

#[test]
fn fix_refuses_untracked_and_ignored_files_alike() {
    let env: &[u8] = b"MODEL=claude-3-opus-20240229\n";
    let t = tree(&[
        (".gitignore", b".env\n"),
        ("app.py", APP),
        ("new.py", APP),
        (".env", env),
    ]);
    git(t.path(), &["init", "-q"]);
    git(t.path(), &["add", ".gitignore", "app.py"]);
    git(t.path(), &["commit", "-qm", "init"]);
    for named in ["new.py", ".env"] {
        let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF, named]);
        assert_eq!(code(&o), 2, "{named}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not tracked by git") && stderr(&o).contains(named),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("uncommitted"), "{}", stderr(&o));
    }
    assert_eq!(fs::read(t.path().join(".env")).unwrap(), env);
    assert_eq!(fs::read(t.path().join("new.py")).unwrap(), APP);
    // The tracked, clean file is fixed.
    let o = run(t.path(), &["fix", "--yes", "--as-of", AS_OF, "app.py"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

/// A file's role comes from its path below the repository, however the path was given.
#[test]
fn path_rules_do_not_depend_on_how_the_path_is_spelled() {
    let t = tree(&[
        (
            "tests/test_chat.py",
            b"MODEL = \"claude-3-opus-20240229\"\nassert limit(MODEL) == 4096\n",
        ),
        ("results/run.yaml", b"model: claude-3-opus-20240229\n"),
    ]);
    git(t.path(), &["init", "-q"]);
    let abs = t.path().join("tests").display().to_string();
    let contexts = |dir: &std::path::Path, arg: &str| -> Vec<String> {
        let o = run(dir, &["check", "--format", "json", "--as-of", AS_OF, arg]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f["context"], f["fix"]))
            .collect()
    };
    let want = vec!["\"test-code\" \"unsafe\"".to_string()];
    for (dir, arg) in [
        (t.path().to_path_buf(), "."),
        (t.path().to_path_buf(), "tests"),
        (t.path().to_path_buf(), "tests/test_chat.py"),
        (t.path().to_path_buf(), "./tests/"),
        (t.path().join("tests"), "."),
        (t.path().join("tests"), "test_chat.py"),
        (t.path().to_path_buf(), abs.as_str()),
    ] {
        let got: Vec<String> = contexts(&dir, arg)
            .into_iter()
            .filter(|c| c.contains("test"))
            .collect();
        assert_eq!(got, want, "{} {arg}", dir.display());
    }
    for arg in [".", "results", "results/run.yaml"] {
        let got: Vec<String> = contexts(t.path(), arg)
            .into_iter()
            .filter(|c| !c.contains("test"))
            .collect();
        assert_eq!(got, vec!["\"run-record\" \"none\"".to_string()], "{arg}");
    }
    let o = run(
        t.path(),
        &["fix", "--yes", "--as-of", AS_OF, "--allow-dirty", "tests"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(
        fs::read(t.path().join("tests/test_chat.py")).unwrap(),
        b"MODEL = \"claude-3-opus-20240229\"\nassert limit(MODEL) == 4096\n"
    );
}

#[test]
fn a_reader_that_stops_early_keeps_the_exit_status() {
    let mut src = String::new();
    for i in 0..2000 {
        src.push_str(&format!("M{i} = \"claude-3-opus-20240229\"\n"));
    }
    let t = tree(&[("app.py", src.as_bytes())]);
    let mut child = bin()
        .current_dir(t.path())
        .args(["check", "--as-of", AS_OF])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `check | head -1` does.
    {
        use std::io::BufRead;
        let out = child.stdout.take().unwrap();
        let mut first = String::new();
        std::io::BufReader::new(out).read_line(&mut first).unwrap();
        assert!(first.starts_with("Fixable"), "{first}");
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn gitignore_is_honored_outside_a_git_repository() {
    let t = tree(&[
        (".gitignore", b"node_modules/\nbuild/\n"),
        (
            "node_modules/pkg/index.js",
            b"const m = \"claude-3-opus-20240229\";\n",
        ),
        ("build/out.py", APP),
        ("app.py", APP),
    ]);
    let lines = finding_lines(t.path(), &[]);
    assert!(lines.iter().all(|l| l.starts_with("app.py")), "{lines:?}");
    assert!(!lines.is_empty());
}

#[test]
fn check_notes_when_the_data_is_old_for_the_date() {
    let t = tree(&[("app.py", APP)]);
    let o = run(t.path(), &["check", "--as-of", "2027-03-01"]);
    assert!(
        stderr(&o).contains("the model data was compiled on") && stderr(&o).contains("--registry"),
        "{}",
        stderr(&o)
    );
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert!(!stderr(&o).contains("compiled on"), "{}", stderr(&o));
}

#[test]
fn github_annotations_escape_file_names() {
    let name = "a,b:c\n::error::injected.py";
    let t = tree(&[(name, APP)]);
    let o = run(t.path(), &["check", "--format", "github", "--as-of", AS_OF]);
    let out = stdout(&o);
    assert!(
        out.contains("file=a%2Cb%3Ac%0A%3A%3Aerror%3A%3Ainjected.py,line="),
        "{out}"
    );
    assert!(
        !out.lines().any(|l| l.starts_with("::error::injected")),
        "{out}"
    );
}

#[test]
fn a_dash_says_standard_input_is_not_read() {
    let t = tree(&[("app.py", APP)]);
    let o = run(t.path(), &["check", "-"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("standard input is not supported"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bedrock_profile_turns_bare_ids_into_the_replacements_profile() {
    let src: &[u8] = b"A = \"anthropic.claude-3-haiku-20240307-v1:0\"\nB = \"anthropic.claude-3-opus-20240229-v1:0\"\n";
    let t = tree(&[("bedrock.py", src)]);
    // Without the flag: for review, and the reason names the flag.
    let o = run(t.path(), &["check", "-v", "--as-of", AS_OF]);
    assert!(stdout(&o).contains("--bedrock-profile"), "{}", stdout(&o));
    let o = run(
        t.path(),
        &["fix", "--yes", "--as-of", AS_OF, "--bedrock-profile", "eu"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let after = String::from_utf8(fs::read(t.path().join("bedrock.py")).unwrap()).unwrap();
    // Haiku 4.5 has an eu. profile in the registry; Opus 4.8 has none recorded: left as it was.
    assert!(
        after.contains("\"eu.anthropic.claude-haiku-4-5-20251001-v1:0\""),
        "{after}"
    );
    assert!(
        after.contains("\"anthropic.claude-3-opus-20240229-v1:0\""),
        "{after}"
    );
}

#[test]
fn the_ci_window_fails_only_on_what_retires_soon() {
    let t = tree(&[
        ("a.py", b"MODEL = \"claude-sonnet-4-5-20250929\"\n"),
        ("b.py", b"JUDGE = \"claude-3-opus-20240229\"\n"),
    ]);
    // Sonnet 4.5 is deprecated on 2026-11-01 and retires on 2026-11-30.
    let o = run(
        t.path(),
        &[
            "check",
            "--as-of",
            "2026-11-01",
            "--retiring-within",
            "10",
            "a.py",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 finding of models retiring after 2026-11-11 does not fail the check (--retiring-within 10)"),
        "{}",
        stderr(&o)
    );
    let o = run(
        t.path(),
        &[
            "check",
            "--as-of",
            "2026-11-01",
            "--retiring-within",
            "30",
            "a.py",
        ],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    // A retired model always fails, whatever the window; --exit-zero is for audits.
    let o = run(
        t.path(),
        &["check", "--as-of", "2026-11-01", "--retiring-within", "10"],
    );
    assert_eq!(code(&o), 1);
    let o = run(t.path(), &["check", "--as-of", "2026-11-01", "--exit-zero"]);
    assert_eq!(code(&o), 0);
    let o = run(
        t.path(),
        &["check", "--as-of", "2026-11-01", "--exit-zero", "no/such"],
    );
    assert_eq!(code(&o), 2, "errors still fail");
}

#[test]
fn statistics_give_one_line_per_model() {
    let t = tree(&[
        ("a.py", b"A = \"claude-3-opus-20240229\"\nB = \"claude-3-opus-20240229\"\n# claude-3-haiku-20240307\n"),
        ("b.py", b"C = \"claude-3-opus-20240229\"\n"),
    ]);
    let o = run(t.path(), &["check", "--as-of", AS_OF, "--statistics"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stdout(&o),
        "claude-3-opus-20240229       3 places in    2 files  retired 2026-01-05  -> claude-opus-4-8  (3 fixable)\nclaude-3-haiku-20240307      1 place  in    1 file   retired 2026-04-20  -> claude-haiku-4-5-20251001  (1 left alone)\n\n2 files scanned; 4 findings in 2 files, 3 fixable; 1 left alone (1 comment)\n"
    );
}

#[test]
fn completions_and_the_manual_page_are_printed() {
    let t = tree(&[]);
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(t.path(), &["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}: {}", stderr(&o));
        assert!(stdout(&o).contains("remodel"), "{shell}");
        assert!(
            stdout(&o).contains("retiring-within"),
            "{shell}: flags are completed"
        );
    }
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_ok()
    {
        let o = run(t.path(), &["completions", "bash"]);
        let script = t.path().join("remodel.bash");
        fs::write(&script, &o.stdout).unwrap();
        let check = std::process::Command::new("bash")
            .arg("-n")
            .arg(&script)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    let o = run(t.path(), &["man"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with(".ie"), "{}", stdout(&o));
    assert!(stdout(&o).contains(".SH NAME"));
}

#[test]
fn a_baseline_hides_known_findings_and_survives_edits_above_them() {
    let t = tree(&[
        (
            "a.py",
            b"A = \"claude-3-opus-20240229\"\nB = \"claude-3-opus-20240229\"\n",
        ),
        ("b.py", b"C = \"claude-3-haiku-20240307\"\n"),
    ]);
    let p = t.path();
    let o = run(
        p,
        &["check", "--as-of", AS_OF, "--write-baseline", "base.json"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Wrote 3 findings to base.json"),
        "{}",
        stderr(&o)
    );
    let o = run(p, &["check", "--as-of", AS_OF, "--baseline", "base.json"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("3 findings in the baseline base.json not shown"),
        "{}",
        stderr(&o)
    );
    // Lines added above the known sites, and one new use: only the new one is reported.
    fs::write(
        p.join("a.py"),
        b"import os\n\n\nA = \"claude-3-opus-20240229\"\nB = \"claude-3-opus-20240229\"\nD = \"claude-3-opus-20240229\"\n",
    )
    .unwrap();
    let o = run(p, &["check", "--as-of", AS_OF, "--baseline", "base.json"]);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stdout(&o),
        "Fixable:\na.py:6:6: claude-3-opus-20240229 (retired 2026-01-05) -> claude-opus-4-8\n\n3 files scanned; 1 finding in 1 file, 1 fixable\n"
    );
    fs::write(p.join("bad.json"), b"[1]").unwrap();
    let o = run(p, &["check", "--as-of", AS_OF, "--baseline", "bad.json"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("bad.json: not a version 1 baseline"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_ignore_with_a_date_suppresses_until_then() {
    let t = tree(&[(
        "app.py",
        b"A = \"claude-3-opus-20240229\"  # remodel: ignore until=2026-12-31\nB = \"claude-3-opus-20240229\"  # remodel: ignore\n",
    )]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("0 findings"), "{}", stdout(&o));
    let o = run(t.path(), &["check", "--as-of", "2027-01-01", "-v"]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("app.py:1:6: claude-3-opus-20240229 (retired 2026-01-05) -> claude-opus-4-8 (rule assignment; lowered by expired-ignore: `remodel: ignore until=2026-12-31` has expired; the finding is reported again)"),
        "{}",
        stdout(&o)
    );
    assert!(
        !stdout(&o).contains("app.py:2:"),
        "an ignore without a date stays"
    );
    assert!(
        stderr(&o).contains("`remodel: ignore until=` has expired on app.py:1"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_ignore_that_no_longer_matches_is_noted() {
    let t = tree(&[
        ("a.py", b"A = \"claude-opus-4-8\"  # remodel: ignore\nB = \"claude-3-opus-20240229\"  # remodel: ignore\n"),
        ("b.py", b"x = 1  # remodel: ignore\n"),
    ]);
    let o = run(t.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("note: b.py:1: `remodel: ignore` no longer matches a model ID on its line"),
        "{err}"
    );
    assert!(!err.contains("a.py:"), "{err}");
}
