//! `models`, `explain`, and user registry files, through the binary.

use crate::support::*;
use std::fs;

#[test]
fn models_all_json_snapshot() {
    let t = tree(&[]);
    // The snapshot is Anthropic's catalog; the other providers are checked by their data tests.
    let o = run(
        t.path(),
        &[
            "models",
            "--all",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--provider",
            "anthropic",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for m in v["models"].as_array().unwrap() {
        for key in [
            "id",
            "status",
            "deprecated",
            "retires",
            "replacement",
            "resolved_replacement",
            "aliases",
            "bedrock",
            "vertex",
            "source",
        ] {
            assert!(m.get(key).is_some(), "{} lacks {key}", m["id"]);
        }
    }
    assert!(v["models"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["provider"] == "anthropic"));
    insta::assert_snapshot!("models_all_json", stdout(&o));
}

#[test]
fn every_provider_is_listed_and_can_be_chosen() {
    let t = tree(&[]);
    let all = stdout(&run(t.path(), &["models", "--all", "--as-of", AS_OF]));
    for (id, provider) in [
        ("claude-3-opus-20240229", "anthropic"),
        ("gpt-4-0314", "openai"),
        ("gemini-1.0-pro-002", "google"),
    ] {
        assert!(
            all.lines()
                .any(|l| l.split_whitespace().take(2).eq([id, provider])),
            "{id} ({provider}) not listed:\n{all}"
        );
    }
    let only = stdout(&run(
        t.path(),
        &[
            "models",
            "--all",
            "--as-of",
            AS_OF,
            "--provider",
            "openai,google",
        ],
    ));
    assert!(!only.contains("claude-"), "{only}");
    assert!(only.contains("gpt-4-0314") && only.contains("gemini-1.0-pro-002"));
    let o = run(t.path(), &["models", "--provider", "acme"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("unknown provider `acme`: the registry has anthropic, openai, google"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn models_lists_live_and_deprecated_by_default() {
    let t = tree(&[]);
    let o = run(t.path(), &["models", "--as-of", AS_OF]);
    let out = stdout(&o);
    assert!(out.starts_with("ID"), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("claude-sonnet-4-5-20250929 "))
        .expect("deprecated model listed");
    assert!(
        line.split_whitespace().eq([
            "claude-sonnet-4-5-20250929",
            "anthropic",
            "deprecated",
            "2026-11-30",
            "claude-sonnet-5-5"
        ]),
        "{line}"
    );
    assert!(
        !out.contains("claude-3-opus-20240229"),
        "retired models only with --all"
    );
    let all = stdout(&run(t.path(), &["models", "--all", "--as-of", AS_OF]));
    assert!(
        all.lines().any(|l| l.split_whitespace().eq([
            "claude-3-opus-20240229",
            "anthropic",
            "retired",
            "2026-01-05",
            "claude-opus-4-8"
        ])),
        "{all}"
    );
}

fn explain(args: &[&str]) -> (i32, String) {
    let t = tree(&[]);
    let mut a = vec!["explain", "--as-of", AS_OF];
    a.extend_from_slice(args);
    let o = run(t.path(), &a);
    (code(&o), stdout(&o))
}

#[test]
fn explain_reads_openai_and_google_error_bodies() {
    let (c, out) = explain(&[
        r#"{"error":{"message":"The model `gpt-4-32k` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#,
    ]);
    assert_eq!(c, 0, "{out}");
    assert!(out.starts_with("gpt-4-32k "), "{out}");
    assert!(out.contains("status:      retired"), "{out}");
    assert!(out.contains("migrate to:  "), "{out}");
    let (c, out) = explain(&[
        r#"{"error":{"code":404,"message":"models/gemini-1.0-pro is not found for API version v1beta, or is not supported for generateContent.","status":"NOT_FOUND"}}"#,
    ]);
    assert_eq!(c, 0, "{out}");
    assert!(out.contains("written as:  models/gemini-1.0-pro"), "{out}");
    assert!(out.contains("migrate to:  models/gemini-"), "{out}");
}

#[test]
fn explain_takes_every_input_shape() {
    let (c, out) = explain(&["claude-3-opus-20240229"]);
    assert_eq!(c, 0);
    assert!(
        out.starts_with("claude-3-opus-20240229 (Claude Opus 3)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "status:      retired (deprecated 2025-06-30, retired 2026-01-05) as of 2026-11-23"
        ),
        "{out}"
    );
    assert!(out.contains("migrate to:  claude-opus-4-8"), "{out}");
    assert!(
        out.contains("sources:     lifecycle S1, replacement S1"),
        "{out}"
    );
    assert!(out.contains("\n    S1:        https://"), "{out}");

    let (_, out) = explain(&["claude-3-5-sonnet-latest"]);
    assert!(out.starts_with("claude-3-5-sonnet-20241022 "), "{out}");
    assert!(
        out.contains("written as:  claude-3-5-sonnet-latest (alias form)"),
        "{out}"
    );

    let (_, out) = explain(&["us.anthropic.claude-3-haiku-20240307-v1:0"]);
    assert!(
        out.contains(
            "migrate to:  us.anthropic.claude-haiku-4-5-20251001-v1:0 (claude-haiku-4-5-20251001)"
        ),
        "{out}"
    );

    let (_, out) = explain(&[
        r#"{"type":"error","error":{"type":"not_found_error","message":"model: claude-2.1"}}"#,
    ]);
    assert!(out.starts_with("claude-2.1 (Claude 2.1)"), "{out}");
    assert!(out.contains("migrate to:  claude-opus-4-8"), "{out}");

    let (_, out) = explain(&["model 'claude-opus-4-20250514' has been retired"]);
    assert!(out.starts_with("claude-opus-4-20250514 "), "{out}");

    let (_, out) = explain(&["Invalid model name: claude-4-opus"]);
    assert!(
        out.contains(
            "claude-4-opus is not a valid model ID; it likely means claude-opus-4-20250514"
        ),
        "{out}"
    );

    let (c, out) = explain(&["claude-3-opus-2024029"]);
    assert_eq!(c, 1);
    assert!(
        out.starts_with("claude-3-opus-2024029: not a known model ID\n"),
        "{out}"
    );
    assert!(
        out.contains("did you mean: claude-3-opus-20240229"),
        "{out}"
    );
}

#[test]
fn a_user_registry_changes_what_fix_writes() {
    let t = tree(&[
        (
            "app.py",
            b"MODEL = \"claude-3-opus-20240229\"\nINTERNAL = \"acme-llm-v1\"\n",
        ),
        (
            "policy.toml",
            br#"[sources.POLICY]
title = "Our model policy"

[[model]]
id = "claude-3-opus-20240229"
replacement = "claude-opus-5-5"
replacement_stated = "2026-11-01"
replacement_source = "POLICY"

[[model]]
id = "acme-llm-v1"
name = "ACME v1"
tier = "acme"
deprecated = "2026-01-01"
retires = "2026-02-01"
lifecycle_source = "POLICY"
replacement = "claude-sonnet-4-6"
replacement_stated = "2026-01-01"
replacement_source = "POLICY"
"#,
        ),
    ]);
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
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(t.path().join("app.py")).unwrap(),
        "MODEL = \"claude-opus-5-5\"\nINTERNAL = \"claude-sonnet-4-6\"\n"
    );
}

#[test]
fn a_broken_registry_file_exits_2_with_its_location() {
    let t = tree(&[
        ("app.py", b"x = 1\n"),
        (
            "bad.toml",
            b"[[model]]\nid = \"claude-3-opus-20240229\"\nretires = 2026-01-05x\n",
        ),
    ]);
    let o = run(
        t.path(),
        &["check", "--registry", "bad.toml", "--as-of", AS_OF],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.toml:3:"), "{}", stderr(&o));
    let o = run(
        t.path(),
        &["check", "--registry", "missing.toml", "--as-of", AS_OF],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing.toml"), "{}", stderr(&o));
}

#[test]
fn target_latest_picks_the_newest_of_the_tier() {
    let t = tree(&[("app.py", b"MODEL = \"claude-3-opus-20240229\"\n")]);
    let o = run(
        t.path(),
        &["fix", "--yes", "--target", "latest", "--as-of", AS_OF],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(t.path().join("app.py")).unwrap(),
        "MODEL = \"claude-opus-5-5\"\n"
    );
}
