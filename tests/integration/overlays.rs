//! User registry files (`--registry FILE`, repeatable) that the merge or the validation rejects:
//! each exits 2 and names the file at fault and the model.

use crate::support::*;

/// A retired model `acme-<name>` replaced by `to`, with its source.
fn acme(name: &str, to: &str) -> String {
    format!(
        r#"
[sources.L]
title = "local policy"

[[model]]
id = "acme-{name}"
name = "ACME {name}"
tier = "acme"
deprecated = "2026-01-01"
retires = "2026-02-01"
lifecycle_source = "L"
replacement = "{to}"
replacement_stated = "2026-01-01"
replacement_source = "L"
"#
    )
}

/// Runs `remodel --registry F ...` with the files in order, then `args`; returns exit code and
/// stderr.
fn with_registries(files: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let mut contents: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    contents.push(("app.py", b"MODEL = \"claude-3-opus-20240229\"\n"));
    let t = tree(&contents);
    let mut a = Vec::new();
    for (n, _) in files {
        a.extend(["--registry", *n]);
    }
    a.extend_from_slice(args);
    let o = run(t.path(), &a);
    (code(&o), stderr(&o))
}

const FINE: &str = "compiled = \"2026-11-23\"\n";

#[test]
fn a_replacement_cycle_exits_2_naming_the_models_and_their_files() {
    let a = format!(
        "{}\n[[model]]\nid = \"acme-c\"\nname = \"C\"\ntier = \"acme\"\nlifecycle_source = \"L\"\nreplacement = \"acme-a\"\nreplacement_stated = \"2026-01-01\"\nreplacement_source = \"L\"\n",
        acme("a", "claude-sonnet-4-6")
    );
    let b = "[[model]]\nid = \"acme-a\"\nreplacement = \"acme-c\"\n";
    let (c, err) = with_registries(
        &[("a.toml", &a), ("b.toml", b), ("later.toml", FINE)],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains(
            "b.toml: model `acme-a`: replacements form a cycle: `acme-a` -> `acme-c` -> `acme-a` (the replacement of `acme-a` in b.toml, `acme-c` in a.toml)"
        ),
        "{err}"
    );
    assert!(!err.contains("later.toml"), "{err}");

    // Within one file, and a model naming itself.
    let both = format!(
        "{}{}",
        acme("x", "acme-y"),
        acme("y", "acme-x").replace("[sources.L]\ntitle = \"local policy\"\n", "")
    );
    let (c, err) = with_registries(&[("cycle.toml", &both)], &["check", "--as-of", AS_OF]);
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("cycle.toml: model `acme-x`: replacements form a cycle: `acme-x` -> `acme-y` -> `acme-x`"),
        "{err}"
    );
    let (c, err) = with_registries(
        &[("self.toml", &acme("s", "acme-s")), ("later.toml", FINE)],
        &["check", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("self.toml: model `acme-s` names itself as its replacement"),
        "{err}"
    );
}

#[test]
fn dates_out_of_order_exit_2_naming_the_model_and_the_files() {
    let dep = "[[model]]\nid = \"claude-3-opus-20240229\"\ndeprecated = \"2026-03-01\"\n";
    let (c, err) = with_registries(
        &[("dep.toml", dep), ("later.toml", FINE)],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("dep.toml: model `claude-3-opus-20240229`: deprecated (2026-03-01) is not earlier than retires (2026-01-05) (`deprecated` in dep.toml, `retires` in registry/anthropic.toml)"),
        "{err}"
    );
    let ret = "[[model]]\nid = \"claude-3-opus-20240229\"\nretires = \"2026-02-01\"\n";
    let (c, err) = with_registries(
        &[("dep.toml", dep), ("ret.toml", ret)],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("ret.toml: model `claude-3-opus-20240229`: deprecated (2026-03-01) is not earlier than retires (2026-02-01) (`retires` in ret.toml, `deprecated` in dep.toml)"),
        "{err}"
    );
    let early = acme("r", "claude-sonnet-4-6").replace(
        "deprecated = \"2026-01-01\"\n",
        "released = \"2026-06-01\"\n",
    );
    let (c, err) = with_registries(&[("early.toml", &early)], &["models", "--as-of", AS_OF]);
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("early.toml: model `acme-r`: retires (2026-02-01) is earlier than released (2026-06-01)"),
        "{err}"
    );
}

#[test]
fn another_provider_exits_2_with_its_location() {
    let (c, err) = with_registries(
        &[("ok.toml", FINE), ("foo.toml", "\nprovider = \"foo\"\n")],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains(
            "foo.toml:2:1: provider `foo` is not one of the embedded registry's providers (anthropic, openai, google)"
        ),
        "{err}"
    );
    let (c, err) = with_registries(
        &[("same.toml", "provider = \"anthropic\"\n")],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 0, "{err}");
}

#[test]
fn a_user_file_cannot_change_how_ids_are_written() {
    let (c, err) = with_registries(
        &[("plat.toml", "\n[platform]\nslug_prefix = \"acme/\"\n")],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("plat.toml:2:2: `[platform]` is set by the embedded registry only"),
        "{err}"
    );
}

#[test]
fn the_file_that_set_a_bad_value_is_named_not_the_last_one() {
    let bad = "[[model]]\nid = \"claude-3-opus-20240229\"\nreplacement = \"nope\"\n";
    let (c, err) = with_registries(
        &[("bad.toml", bad), ("good.toml", FINE)],
        &["check", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains(
            "bad.toml: model `claude-3-opus-20240229`: replacement `nope` is not a known model"
        ),
        "{err}"
    );
    assert!(!err.contains("good.toml"), "{err}");

    let nosrc = "[[model]]\nid = \"claude-3-opus-20240229\"\nlifecycle_source = \"NOPE\"\n";
    let (c, err) = with_registries(
        &[("nosrc.toml", nosrc), ("good.toml", FINE)],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains(
            "nosrc.toml: model `claude-3-opus-20240229`: lifecycle_source names source `NOPE`"
        ),
        "{err}"
    );

    let alias = "[sources.L]\ntitle = \"l\"\n[[model]]\nid = \"claude-opus-4-8\"\naliases = [\"claude-3-opus-latest\"]\naliases_source = \"L\"\n";
    let (c, err) = with_registries(
        &[("alias.toml", alias), ("good.toml", FINE)],
        &["models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("alias.toml: `claude-3-opus-latest` names both `claude-3-opus-20240229` and `claude-opus-4-8` (given by model `claude-opus-4-8` in alias.toml, model `claude-3-opus-20240229` in registry/anthropic.toml)"),
        "{err}"
    );
}

#[test]
fn a_repeated_id_or_a_bad_date_exits_2_with_file_line_and_model() {
    let dup = format!(
        "{}\n[[model]]\nid = \"acme-a\"\nname = \"again\"\n",
        acme("a", "claude-sonnet-4-6")
    );
    let (c, err) = with_registries(&[("dup.toml", &dup)], &["models", "--as-of", AS_OF]);
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("dup.toml:17:1: model `acme-a` is listed twice in this file"),
        "{err}"
    );
    let date = "[[model]]\nid = \"claude-3-opus-20240229\"\nretires = \"2026-13-45\"\n";
    let (c, err) = with_registries(
        &[
            ("good.toml", FINE),
            ("date.toml", date),
            ("last.toml", FINE),
        ],
        &["check", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    assert!(
        err.contains("date.toml:2:1: model `claude-3-opus-20240229`: `2026-13-45` is not a date in YYYY-MM-DD form"),
        "{err}"
    );
}

#[test]
fn a_missing_registry_file_prints_the_os_error_once() {
    let (c, err) = with_registries(
        &[("good.toml", FINE)],
        &["--registry", "missing.toml", "models", "--as-of", AS_OF],
    );
    assert_eq!(c, 2, "{err}");
    let os = std::io::Error::from_raw_os_error(2).to_string();
    assert!(
        err.contains(&format!(
            "loading the registry: missing.toml: cannot read: {os}"
        )),
        "{err}"
    );
    assert_eq!(err.matches(&os).count(), 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let t = tree(&[("dir/x", b"")]);
    let o = run(t.path(), &["--registry", "dir", "check", "--as-of", AS_OF]);
    assert_eq!(code(&o), 2);
    let os = std::io::Error::from_raw_os_error(21).to_string();
    let err = stderr(&o);
    assert!(err.contains("dir: cannot read"), "{err}");
    assert_eq!(err.matches(&os).count(), 1, "{err}");
}
