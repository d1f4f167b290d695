//! Tests over the whole embedded data file, and over loading user files.

use super::*;
use std::io::Write;

fn reg() -> Registry {
    Registry::embedded().expect("embedded registry loads")
}

fn d(s: &str) -> Date {
    parse_date(s).unwrap()
}

const DATES: &[&str] = &[
    "2024-01-01",
    "2025-06-01",
    "2026-01-06",
    "2026-11-23",
    "2026-12-01",
    "2027-02-01",
    "2028-01-01",
];

#[test]
fn ids_are_unique_and_each_provider_file_is_sorted() {
    let r = reg();
    assert_eq!(r.providers(), ["anthropic", "openai", "google"]);
    let all: Vec<&str> = r.models().iter().map(|m| m.id.as_str()).collect();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        all.len(),
        unique.len(),
        "model IDs must be unique across providers"
    );
    let sorted = |what: &str, ids: Vec<&str>| {
        let mut want = ids.clone();
        want.sort();
        want.dedup();
        assert_eq!(ids, want, "{what} entries must be unique and sorted by id");
    };
    for p in r.providers() {
        sorted(
            &format!("[[model]] ({p})"),
            r.models()
                .iter()
                .filter(|m| m.provider == p)
                .map(|m| m.id.as_str())
                .collect(),
        );
        sorted(
            &format!("[[companion]] ({p})"),
            r.companions()
                .iter()
                .filter(|c| c.provider == p)
                .map(|c| c.id.as_str())
                .collect(),
        );
    }
    sorted(
        "[[invalid]]",
        r.invalid_ids().iter().map(|i| i.id.as_str()).collect(),
    );
}

#[test]
fn companions_name_models_that_exist_and_live_targets_are_judged() {
    let r = reg();
    assert!(!r.companions().is_empty());
    // The computer-use tool of Claude Sonnet 3.5 is accepted by no live model.
    let old = r.companion("computer_20241022").unwrap();
    let live: Vec<&str> = r
        .models()
        .iter()
        .filter(|m| m.status(crate::parse_date("2026-12-01").unwrap()).is_live())
        .map(|m| m.id.as_str())
        .collect();
    assert!(old.accepted_by.iter().all(|m| !live.contains(&m.as_str())));
    // Sampling parameters: Sonnet 4.6 accepts them, Opus 4.8 does not.
    let t = r.companion("temperature").unwrap();
    assert!(t.accepted_by.iter().any(|m| m == "claude-sonnet-4-6"));
    assert!(!t.accepted_by.iter().any(|m| m == "claude-opus-4-8"));
    assert_eq!(t.default, Some(1.0));
}

#[test]
fn every_fact_has_a_source() {
    let r = reg();
    for m in r.models() {
        assert!(r.source(&m.lifecycle_source).is_some(), "{}", m.id);
        for (has, key) in [
            (m.replacement.is_some(), &m.replacement_source),
            (!m.aliases.is_empty(), &m.aliases_source),
            (
                !m.bedrock.is_empty() || m.bedrock_messages.is_some(),
                &m.bedrock_source,
            ),
            (
                m.vertex.is_some() || !m.vertex_aliases.is_empty(),
                &m.vertex_source,
            ),
            // Every slug and profile has a source.
            (
                !m.bedrock_prefixes.is_empty() || !m.bedrock_prefixes_reported.is_empty(),
                &m.bedrock_source,
            ),
            (
                m.gateway.is_some() || !m.gateway_history.is_empty(),
                &m.gateway_source,
            ),
            (m.openrouter.is_some(), &m.openrouter_source),
            (
                m.vertex_deprecated.is_some() || m.vertex_retires.is_some(),
                &m.vertex_lifecycle_source,
            ),
            (
                m.context_window.is_some() || m.max_output.is_some(),
                &m.limits_source,
            ),
            (
                m.price_input.is_some() || m.price_output.is_some(),
                &m.price_source,
            ),
        ] {
            if has {
                let k = key
                    .as_deref()
                    .unwrap_or_else(|| panic!("{}: a fact without its source", m.id));
                assert!(r.source(k).is_some(), "{}: unknown source {k}", m.id);
            }
        }
        if m.replacement.is_some() {
            assert!(
                m.replacement_stated.is_some(),
                "{}: replacement without its date",
                m.id
            );
        }
    }
    for s in r.sources().values() {
        assert!(
            s.url.is_some() || s.title.is_some(),
            "a source names neither URL nor title"
        );
    }
}

#[test]
fn every_deprecated_or_retired_model_resolves_without_cycles_or_dead_ends() {
    let r = reg();
    for date in DATES {
        for m in r.models() {
            if m.status(d(date)).is_live() {
                continue;
            }
            for target in [Target::Official, Target::Latest] {
                let to = r
                    .resolve(&m.id, d(date), target)
                    .unwrap_or_else(|e| panic!("{} at {date}: {e}", m.id));
                assert!(
                    to.status(d(date)).is_live(),
                    "{} at {date} resolves to {}, not live",
                    m.id,
                    to.id
                );
            }
        }
    }
}

#[test]
fn every_invalid_id_points_to_a_model() {
    let r = reg();
    for i in r.invalid_ids() {
        let m = r.lookup(&i.id).unwrap();
        assert_eq!(m.form, Form::Invalid);
        assert_eq!(m.model.id, i.likely);
    }
}

#[test]
fn as_of_decides_the_status() {
    let r = reg();
    let s45 = r.get("claude-sonnet-4-5-20250929").unwrap();
    assert_eq!(s45.status(d("2026-11-23")), Status::Deprecated);
    assert_eq!(s45.status(d("2026-12-01")), Status::Retired);
    assert_eq!(s45.status(d("2026-09-01")), Status::Active);
    let opus3 = r.get("claude-3-opus-20240229").unwrap();
    assert_eq!(opus3.status(d("2026-01-01")), Status::Deprecated);
    assert_eq!(opus3.status(d("2026-01-06")), Status::Retired);
    assert_eq!(opus3.status(d("2025-01-01")), Status::Active);
    assert_eq!(
        r.get("claude-opus-4-8").unwrap().status(d("2026-11-23")),
        Status::Legacy
    );
}

#[test]
fn official_replacements_resolve_as_published() {
    let r = reg();
    let at = d("2026-11-23");
    let cases = [
        ("claude-2.1", "claude-opus-4-8"),
        ("claude-3-opus-20240229", "claude-opus-4-8"),
        ("claude-3-5-sonnet-20241022", "claude-sonnet-4-6"),
        ("claude-3-haiku-20240307", "claude-haiku-4-5-20251001"),
        ("claude-sonnet-4-5-20250929", "claude-sonnet-5-5"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4-6"),
        ("claude-instant-1.2", "claude-haiku-4-5-20251001"),
    ];
    for (from, to) in cases {
        assert_eq!(
            r.resolve(from, at, Target::Official).unwrap().id,
            to,
            "{from}"
        );
    }
    // A live model needs no replacement.
    assert_eq!(
        r.resolve("claude-opus-4-8", at, Target::Official)
            .unwrap()
            .id,
        "claude-opus-4-8"
    );
    // Latest: the newest live model of the replacement's tier.
    assert_eq!(
        r.resolve("claude-2.1", at, Target::Latest).unwrap().id,
        "claude-opus-5-5"
    );
    assert_eq!(
        r.resolve("claude-3-haiku-20240307", at, Target::Latest)
            .unwrap()
            .id,
        "claude-haiku-5-5"
    );
    assert!(matches!(
        r.resolve("claude-9", at, Target::Official),
        Err(ResolveError::Unknown(_))
    ));
}

#[test]
fn platform_forms_rewrite_in_the_same_form() {
    let r = reg();
    let at = d("2026-11-23");
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("claude-3-opus-20240229", Ok("claude-opus-4-8")),
        ("claude-3-opus-latest", Ok("claude-opus-4-8")),
        ("claude-sonnet-4-5", Ok("claude-sonnet-5-5")),
        ("anthropic/claude-3-5-sonnet-20241022", Ok("anthropic/claude-sonnet-4-6")),
        ("anthropic:messages:claude-3-5-sonnet-20241022", Ok("anthropic:messages:claude-sonnet-4-6")),
        ("anthropic:claude-3-5-sonnet-20241022", Ok("anthropic:claude-sonnet-4-6")),
        ("vertex_ai/claude-3-5-sonnet-v2@20241022", Ok("vertex_ai/claude-sonnet-4-6")),
        ("claude-3-haiku@20240307", Ok("claude-haiku-4-5@20251001")),
        ("anthropic.claude-3-haiku-20240307-v1:0", Ok("anthropic.claude-haiku-4-5-20251001-v1:0")),
        ("us.anthropic.claude-3-haiku-20240307-v1:0", Ok("us.anthropic.claude-haiku-4-5-20251001-v1:0")),
        ("bedrock/us.anthropic.claude-3-haiku-20240307-v1:0", Ok("bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0")),
        ("bedrock:anthropic.claude-3-haiku-20240307-v1:0", Ok("bedrock:anthropic.claude-haiku-4-5-20251001-v1:0")),
        ("apac.anthropic.claude-3-haiku-20240307-v1:0", Err("prefix")),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", Ok("anthropic.claude-sonnet-4-6")),
        ("eu.anthropic.claude-sonnet-4-20250514-v1:0", Ok("eu.anthropic.claude-sonnet-4-6")),
        (
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            Ok("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"),
        ),
        (
            "projects/p/locations/us-east5/publishers/anthropic/models/claude-3-haiku@20240307",
            Ok("projects/p/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001"),
        ),
        // Opus 4.8 is reachable through InvokeModel, with the us. profile (S7b).
        ("anthropic.claude-3-opus-20240229-v1:0", Ok("anthropic.claude-opus-4-8")),
        ("us.anthropic.claude-3-opus-20240229-v1:0", Ok("us.anthropic.claude-opus-4-8")),
        ("eu.anthropic.claude-3-opus-20240229-v1:0", Err("`eu.` cross-region prefix")),
        ("anthropic.claude-v2:1", Ok("anthropic.claude-opus-4-8")),
        ("claude-4-opus", Ok("claude-opus-4-8")),
        // The AI Gateway's slugs (S20) are written in the gateway's dotted form; OpenRouter's own
        // wrapper needs an OpenRouter slug.
        ("anthropic/claude-3.5-sonnet", Ok("anthropic/claude-sonnet-4.6")),
        ("anthropic/claude-opus-4.1", Ok("anthropic/claude-opus-4.8")),
        ("anthropic/claude-v3-opus", Ok("anthropic/claude-opus-4.8")),
        ("anthropic/claude-4-sonnet", Ok("anthropic/claude-sonnet-4.6")),
        ("anthropic/claude-4-sonnet-20250514", Err("both an API alias")),
        ("anthropic/claude-sonnet-4.5", Ok("anthropic/claude-sonnet-5.5")),
        ("openrouter/anthropic/claude-3.5-sonnet", Err("OpenRouter slug of claude-sonnet-4-6")),
        ("openrouter/anthropic/claude-3-opus:beta", Err("OpenRouter slug of claude-opus-4-8")),
        // LiteLLM's `anthropic/<api id>` stays in API form.
        ("anthropic/claude-3-5-sonnet-20241022", Ok("anthropic/claude-sonnet-4-6")),
    ];
    check_rewrites(&r, at, &cases);
    for not_an_id in [
        "claude-code",
        "claude-3",
        "claude-3-opus-code",
        "claude-3.5",
        "claude-sonnet",
        "anthropic/claude-code",
        "bedrock/claude",
    ] {
        assert!(r.lookup(not_an_id).is_none(), "{not_an_id}");
    }
}

#[test]
fn the_grammar_reads_other_tools_spellings() {
    let r = reg();
    let at = Date::constant(2026, 12, 1);
    // (spelling, model, form, replacement as written)
    let cases = [
        (
            "claude-3-opus",
            "claude-3-opus-20240229",
            false,
            false,
            "claude-opus-4-8",
        ),
        (
            "claude-3.5-sonnet",
            "claude-3-5-sonnet-20241022",
            true,
            false,
            "claude-sonnet-4.6",
        ),
        (
            "claude-3-5-sonnet",
            "claude-3-5-sonnet-20241022",
            false,
            false,
            "claude-sonnet-4-6",
        ),
        (
            "claude-3-7-sonnet",
            "claude-3-7-sonnet-20250219",
            false,
            false,
            "claude-sonnet-4-6",
        ),
        (
            "claude-sonnet-4.5",
            "claude-sonnet-4-5-20250929",
            true,
            false,
            "claude-sonnet-5.5",
        ),
        (
            "claude-opus-4.1",
            "claude-opus-4-1-20250805",
            true,
            false,
            "claude-opus-4.8",
        ),
        (
            "claude-4-sonnet-latest",
            "claude-sonnet-4-20250514",
            false,
            false,
            "claude-sonnet-4-6",
        ),
        (
            "claude-3-5-haiku",
            "claude-3-5-haiku-20241022",
            false,
            false,
            "claude-haiku-4-5",
        ),
        // A date the family never had is an invalid ID of that family's model.
        (
            "claude-3-5-haiku-20241120",
            "claude-3-5-haiku-20241022",
            false,
            true,
            "claude-haiku-4-5-20251001",
        ),
        (
            "claude-sonnet-4-5-20250514",
            "claude-sonnet-4-5-20250929",
            false,
            true,
            "claude-sonnet-5-5",
        ),
    ];
    for (text, model, dotted, dated, want) in cases {
        let m = r
            .lookup(text)
            .unwrap_or_else(|| panic!("{text} not recognized"));
        assert_eq!(m.model.id, model, "{text}");
        assert_eq!(m.form, Form::Spelling { dotted, dated }, "{text}");
        let to = r.resolve(&m.model.id, at, Target::Official).unwrap();
        assert_eq!(m.rewrite_to(to).unwrap(), want, "{text}");
    }
    // Official names keep their own forms.
    assert_eq!(r.lookup("claude-sonnet-4-5").unwrap().form, Form::Alias);
    assert_eq!(
        r.lookup("claude-3-5-sonnet-latest").unwrap().form,
        Form::Alias
    );
}

#[test]
fn the_mythos_preview_replacement_is_no_longer_stated() {
    let r = reg();
    let m = r.get("claude-mythos-preview").unwrap();
    assert_eq!(m.replacement.as_deref(), Some("claude-mythos-5"));
    // The note naming claude-mythos-5 is in the 2026-08-22 mirror (S1), not in the newer copy.
    assert_eq!(m.replacement_source.as_deref(), Some("S1"));
    assert_eq!(m.replacement_confidence.as_deref(), Some("unstated"));
    assert_eq!(
        m.bedrock_messages.as_deref(),
        Some("anthropic.claude-mythos-preview")
    );
}

#[test]
fn target_latest_picks_fable_5_2_and_never_an_invite_only_model() {
    let r = reg();
    let at = d("2026-12-02");
    assert_eq!(
        r.latest_of_tier("fable", at).map(|m| m.id.as_str()),
        Some("claude-fable-5-2")
    );
    // Every Mythos model is invite-only, so `--target latest` keeps the official replacement.
    assert!(r.latest_of_tier("mythos", at).is_none());
    let m = r.get("claude-mythos-5-2").unwrap();
    assert!(m.invite_only);
    assert_eq!((m.price_input, m.price_output), (Some(8.0), Some(40.0)));
}

#[test]
fn bedrock_ids_of_the_5_x_models_rewrite_with_their_sourced_profiles() {
    let r = reg();
    let at = d("2026-11-23");
    let cases: &[(&str, Result<&str, &str>)] = &[
        // Sonnet 5.5 has InvokeModel IDs with us. (Vercel ai) and global. profiles.
        (
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            Ok("us.anthropic.claude-sonnet-5-5"),
        ),
        (
            "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            Ok("global.anthropic.claude-sonnet-5-5"),
        ),
        // No source gives Sonnet 5.5 a jp. profile: nothing is written.
        (
            "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
            Err("`jp.` cross-region prefix"),
        ),
        (
            "anthropic.claude-v1",
            Ok("anthropic.claude-haiku-4-5-20251001-v1:0"),
        ),
    ];
    check_rewrites(&r, at, &cases);
    assert_eq!(
        r.lookup("anthropic.claude-v1").unwrap().model.id,
        "claude-1.3"
    );
    let v1 = r.lookup("anthropic.claude-sonnet-4-6-v1").unwrap();
    assert_eq!(v1.form, Form::Invalid);
    assert_eq!(v1.model.id, "claude-sonnet-4-6");
    let s37 = r.get("claude-3-7-sonnet-20250219").unwrap();
    assert_eq!(s37.bedrock_prefixes, ["us", "eu", "apac"]);
}

#[test]
fn google_cloud_dates_and_ids_are_kept_apart_from_anthropic_ones() {
    let r = reg();
    let h3 = r.get("claude-3-haiku-20240307").unwrap();
    assert_eq!(h3.vertex_aliases, ["claude-3-haiku"]);
    assert_eq!(h3.vertex_retires, Some(d("2026-08-23")));
    // Anthropic retired it earlier than Google Cloud did.
    assert!(h3.retires.unwrap() < h3.vertex_retires.unwrap());
    let m = r.lookup("vertex_ai/claude-3-haiku").unwrap();
    assert_eq!(m.model.id, "claude-3-haiku-20240307");
    assert_eq!(m.form, Form::Vertex);
    for id in [
        "claude-3-7-sonnet-20250219",
        "claude-3-5-haiku-20241022",
        "claude-3-haiku-20240307",
    ] {
        let m = r.get(id).unwrap();
        assert!(
            m.vertex_deprecated.is_some() && m.vertex_retires.is_some(),
            "{id}"
        );
        let k = m.vertex_lifecycle_source.as_deref().unwrap();
        assert!(r.source(k).is_some(), "{id}: {k}");
    }
}

#[test]
fn every_live_claude_model_has_a_sourced_max_output() {
    let r = reg();
    let at = r.compiled().expect("the embedded file has a compiled date");
    for m in r.models().iter().filter(|m| m.provider == "anthropic") {
        if m.status(at) == Status::Retired {
            continue;
        }
        assert!(
            m.max_output.is_some(),
            "{} is live at {at} but has no max_output",
            m.id
        );
        let k = m
            .limits_source
            .as_deref()
            .unwrap_or_else(|| panic!("{}: max_output without limits_source", m.id));
        assert!(r.source(k).is_some(), "{}: unknown source {k}", m.id);
    }
}

#[test]
fn positional_text_reads_are_accepted_only_by_models_that_do_not_think_by_default() {
    let r = reg();
    let c = r.companion("positional-text-read").unwrap();
    assert!(c.spellings.iter().any(|s| s == "content[0].text"));
    for thinks in [
        "claude-fable-5",
        "claude-fable-5-1",
        "claude-fable-5-2",
        "claude-mythos-preview",
        "claude-mythos-5",
        "claude-mythos-5-2",
        "claude-opus-5",
        "claude-opus-5-5",
        "claude-sonnet-5",
        "claude-sonnet-5-5",
        "claude-haiku-5-5",
    ] {
        assert!(!c.accepted_by.iter().any(|m| m == thinks), "{thinks}");
    }
    for plain in [
        "claude-opus-4-8",
        "claude-sonnet-4-6",
        "claude-haiku-4-5-20251001",
        "claude-3-haiku-20240307",
    ] {
        assert!(c.accepted_by.iter().any(|m| m == plain), "{plain}");
    }
}

/// Each text is recognized, and rewritten to its official replacement at `at` as given (`Ok`),
/// or refused with a reason that contains the given part (`Err`).
fn check_rewrites(r: &Registry, at: Date, cases: &[(&str, Result<&str, &str>)]) {
    for (from, want) in cases {
        let m = r
            .lookup(from)
            .unwrap_or_else(|| panic!("{from} not recognized"));
        let to = r.resolve(&m.model.id, at, Target::Official).unwrap();
        match (m.rewrite_to(to), want) {
            (Ok(got), Ok(want)) => assert_eq!(&got, want, "{from}"),
            (Err(why), Err(part)) => assert!(why.contains(part), "{from}: {why}"),
            (got, want) => panic!("{from}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn needles_come_from_the_data_and_cover_every_known_string() {
    let r = reg();
    let needles = r.needles();
    assert!(needles.contains(&"claude-".to_string()), "{needles:?}");
    for p in r.platforms().iter().skip(1) {
        for n in &p.needles {
            assert!(needles.contains(n), "{} needle {n} missing", p.provider);
        }
    }
    // A short list of literals, not the automaton of every form (docs/performance.md: twenty
    // literals of three bytes or more cost the packed SIMD search little).
    assert!(needles.len() <= 20, "{needles:?}");
    for k in r.known_strings() {
        assert!(
            needles
                .iter()
                .any(|n| k.contains(n.as_str()) || n.trim_matches(['"', '\'']) == k),
            "{k} contains no needle"
        );
    }
    assert!(needles.iter().all(|n| n.len() >= 3), "{needles:?}");
    // What the data's needles leave unsearched is known to `explain` only: legacy IDs.
    let searched: std::collections::HashSet<&str> = r.known_strings().collect();
    for id in [
        "text-ada-001",
        "code-cushman-001",
        "textembedding-gecko@003",
        "ada",
    ] {
        assert!(!searched.contains(id), "{id} is searched");
        assert!(r.lookup(id).is_some(), "{id} is not known");
    }
    for id in [
        "o1",
        "o3-mini",
        "gpt-4-0314",
        "text-davinci-003",
        "gemini-1.0-pro",
        "text-bison@001",
        "text-embedding-004",
    ] {
        assert!(searched.contains(id), "{id} is not searched");
    }
}

fn user_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn a_user_file_overrides_a_replacement_and_adds_models() {
    let f = user_file(
        r#"
[sources.ACME]
title = "ACME model policy"

[[model]]
id = "claude-3-opus-20240229"
replacement = "claude-opus-5-5"
replacement_stated = "2026-11-01"
replacement_source = "ACME"

[[model]]
id = "acme-llm-v1"
name = "ACME internal model"
tier = "acme"
deprecated = "2026-01-01"
retires = "2026-02-01"
lifecycle_source = "ACME"
replacement = "claude-sonnet-4-6"
replacement_stated = "2026-01-01"
replacement_source = "ACME"
"#,
    );
    let r = Registry::load(&[f.path().to_path_buf()]).unwrap();
    let at = d("2026-11-23");
    assert_eq!(
        r.resolve("claude-3-opus-20240229", at, Target::Official)
            .unwrap()
            .id,
        "claude-opus-5-5"
    );
    assert_eq!(
        r.get("claude-3-opus-20240229").unwrap().name,
        "Claude Opus 3"
    );
    assert_eq!(
        r.resolve("acme-llm-v1", at, Target::Official).unwrap().id,
        "claude-sonnet-4-6"
    );
    // An ID without `claude` widens the prefilter to every known string.
    assert!(r.needles().len() > 1);
}

#[test]
fn a_broken_user_file_names_file_line_and_column() {
    let cases = [
        ("[[model]]\nid = \"x\"\nname = \n", 3, "string"),
        (
            "[[model]]\nid = \"claude-3-opus-20240229\"\nretires = \"someday\"\n",
            2,
            "someday",
        ),
        (
            "[[model]]\nid = \"new-model\"\nname = \"N\"\n",
            2,
            "missing field",
        ),
        (
            "[[model]]\nid = \"claude-3-opus-20240229\"\ncolour = \"red\"\n",
            2,
            "colour",
        ),
        ("models = 3\n", 1, "unknown top-level key"),
        ("\n[sources.X]\nurl = 3\n", 2, "source `X`"),
    ];
    for (text, line, what) in cases {
        let f = user_file(text);
        let err = Registry::load(&[f.path().to_path_buf()])
            .unwrap_err()
            .to_string();
        let prefix = format!("{}:{line}:", f.path().display());
        assert!(
            err.starts_with(&prefix),
            "{err:?} should start with {prefix:?}"
        );
        assert!(err.contains(what), "{err:?} should mention {what:?}");
    }
    let f = user_file("[[model]]\nid = \"claude-3-opus-20240229\"\nreplacement = \"nope\"\n");
    let err = Registry::load(&[f.path().to_path_buf()])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("replacement `nope` is not a known model"),
        "{err}"
    );
    let err = Registry::load(&[PathBuf::from("/nonexistent/r.toml")])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("/nonexistent/r.toml:"), "{err}");
}

#[test]
fn suggestions_are_near() {
    let r = reg();
    assert_eq!(
        r.suggest("claude-3-opus-2024029", 1),
        vec!["claude-3-opus-20240229"]
    );
}

#[test]
fn an_openrouter_slug_in_the_registry_is_written_with_its_variant() {
    let f = user_file(
        "[sources.P]\ntitle = \"policy\"\n[[model]]\nid = \"claude-opus-4-8\"\nopenrouter = \"anthropic/claude-opus-4.8\"\nopenrouter_source = \"P\"\n",
    );
    let r = Registry::load(&[f.path().to_path_buf()]).unwrap();
    let m = r.lookup("openrouter/anthropic/claude-3-opus:beta").unwrap();
    let to = r
        .resolve(&m.model.id, d("2026-11-23"), Target::Official)
        .unwrap();
    assert_eq!(
        m.rewrite_to(to).unwrap(),
        "openrouter/anthropic/claude-opus-4.8:beta"
    );
    // A slug written without `anthropic/` in the registry keeps the one in the code.
    let f = user_file(
        "[sources.P]\ntitle = \"policy\"\n[[model]]\nid = \"claude-opus-4-8\"\nopenrouter = \"claude-opus-4.8\"\nopenrouter_source = \"P\"\n",
    );
    let r = Registry::load(&[f.path().to_path_buf()]).unwrap();
    let m = r.lookup("anthropic/claude-3-opus").unwrap();
    let to = r
        .resolve(&m.model.id, d("2026-11-23"), Target::Official)
        .unwrap();
    assert_eq!(m.rewrite_to(to).unwrap(), "anthropic/claude-opus-4.8");
}

/// A source and a retired model `acme-<name>` replaced by `to`, for the overlay tests below.
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

fn load_err(files: &[&tempfile::NamedTempFile]) -> String {
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path().to_path_buf()).collect();
    Registry::load(&paths).unwrap_err().to_string()
}

fn name(f: &tempfile::NamedTempFile) -> String {
    f.path().display().to_string()
}

#[test]
fn replacement_cycles_are_rejected() {
    // Two models of one file.
    let f = user_file(&format!(
        "{}{}",
        acme("a", "acme-b"),
        acme("b", "acme-a").replace("[sources.L]\ntitle = \"local policy\"\n", "")
    ));
    let err = load_err(&[&f]);
    assert_eq!(
        err,
        format!(
            "{}: model `acme-a`: replacements form a cycle: `acme-a` -> `acme-b` -> `acme-a`",
            name(&f)
        )
    );
    // Three embedded models, made into a loop.
    let f = user_file(
        r#"
[sources.L]
title = "local"
[[model]]
id = "claude-3-opus-20240229"
replacement = "claude-3-haiku-20240307"
replacement_source = "L"
[[model]]
id = "claude-3-haiku-20240307"
replacement = "claude-2.1"
replacement_source = "L"
[[model]]
id = "claude-2.1"
replacement = "claude-3-opus-20240229"
replacement_source = "L"
"#,
    );
    let err = load_err(&[&f]);
    assert!(err.starts_with(&format!("{}: model `", name(&f))), "{err}");
    assert!(err.contains("replacements form a cycle"), "{err}");
    for id in [
        "claude-2.1",
        "claude-3-opus-20240229",
        "claude-3-haiku-20240307",
    ] {
        assert!(err.contains(&format!("`{id}` ->")), "{err}");
    }
    // A live model pointed back at a model that already names it.
    let f = user_file(
        "[sources.L]\ntitle = \"l\"\n[[model]]\nid = \"claude-opus-4-8\"\nreplacement = \"claude-3-opus-20240229\"\nreplacement_stated = \"2026-01-01\"\nreplacement_source = \"L\"\n",
    );
    let err = load_err(&[&f]);
    assert_eq!(
        err,
        format!(
            "{}: model `claude-opus-4-8`: replacements form a cycle: `claude-opus-4-8` -> `claude-3-opus-20240229` -> `claude-opus-4-8` (the replacement of `claude-opus-4-8` in {}, `claude-3-opus-20240229` in registry/anthropic.toml)",
            name(&f),
            name(&f)
        )
    );
    // A model that replaces itself.
    let f = user_file(&acme("a", "acme-a"));
    assert_eq!(
        load_err(&[&f]),
        format!(
            "{}: model `acme-a` names itself as its replacement",
            name(&f)
        )
    );
}

#[test]
fn a_cycle_across_files_names_the_file_of_each_model() {
    let a = user_file(&format!(
        "{}\n[[model]]\nid = \"acme-c\"\nname = \"C\"\ntier = \"acme\"\nlifecycle_source = \"L\"\nreplacement = \"acme-a\"\nreplacement_stated = \"2026-01-01\"\nreplacement_source = \"L\"\n",
        acme("a", "claude-sonnet-4-6")
    ));
    let b = user_file("[[model]]\nid = \"acme-a\"\nreplacement = \"acme-c\"\n");
    let later = user_file("compiled = \"2026-11-23\"\n");
    let err = load_err(&[&a, &b, &later]);
    assert_eq!(
        err,
        format!(
            "{}: model `acme-a`: replacements form a cycle: `acme-a` -> `acme-c` -> `acme-a` (the replacement of `acme-a` in {}, `acme-c` in {})",
            name(&b),
            name(&b),
            name(&a)
        )
    );
}

#[test]
fn lifecycle_dates_out_of_order_are_rejected() {
    let cases = [
        // deprecated after retires
        (
            "deprecated = \"2026-03-01\"\nretires = \"2026-01-05\"\n",
            "model `claude-3-opus-20240229`: deprecated (2026-03-01) is not earlier than retires (2026-01-05)",
        ),
        // on the same day
        (
            "deprecated = \"2026-01-05\"\n",
            "model `claude-3-opus-20240229`: deprecated (2026-01-05) is not earlier than retires (2026-01-05) (`deprecated` in {f}, `retires` in registry/anthropic.toml)",
        ),
        // deprecated before release
        (
            "released = \"2025-07-01\"\n",
            "model `claude-3-opus-20240229`: deprecated (2025-06-30) is earlier than released (2025-07-01) (`released` in {f}, `deprecated` in registry/anthropic.toml)",
        ),
        // retired before release
        (
            "released = \"2026-02-01\"\ndeprecated = \"2025-06-30\"\nretires = \"2026-01-05\"\n",
            "model `claude-3-opus-20240229`: deprecated (2025-06-30) is earlier than released (2026-02-01)",
        ),
    ];
    for (fields, want) in cases {
        let f = user_file(&format!(
            "[[model]]\nid = \"claude-3-opus-20240229\"\n{fields}"
        ));
        let want = want.replace("{f}", &name(&f));
        assert_eq!(load_err(&[&f]), format!("{}: {want}", name(&f)));
    }
    // A model with `retires` only, before its release.
    let f = user_file(&acme("r", "claude-sonnet-4-6").replace(
        "deprecated = \"2026-01-01\"\n",
        "released = \"2026-06-01\"\n",
    ));
    assert_eq!(
        load_err(&[&f]),
        format!(
            "{}: model `acme-r`: retires (2026-02-01) is earlier than released (2026-06-01)",
            name(&f)
        )
    );
    // The dates were set by two files: the later one is blamed, and both are named.
    let dep =
        user_file("[[model]]\nid = \"claude-3-opus-20240229\"\ndeprecated = \"2026-03-01\"\n");
    let ret = user_file("[[model]]\nid = \"claude-3-opus-20240229\"\nretires = \"2026-02-01\"\n");
    assert_eq!(
        load_err(&[&dep, &ret]),
        format!(
            "{}: model `claude-3-opus-20240229`: deprecated (2026-03-01) is not earlier than retires (2026-02-01) (`retires` in {}, `deprecated` in {})",
            name(&ret),
            name(&ret),
            name(&dep)
        )
    );
}

#[test]
fn a_user_file_keeps_the_provider() {
    let f = user_file("compiled = \"2026-11-23\"\nprovider = \"foo\"\n");
    assert_eq!(
        load_err(&[&f]),
        format!(
            "{}:2:1: provider `foo` is not one of the embedded registry's providers (anthropic, openai, google); a user file can only extend one",
            name(&f)
        )
    );
    let f = user_file("provider = 3\n");
    assert_eq!(
        load_err(&[&f]),
        format!("{}:1:1: `provider` must be a string", name(&f))
    );
    let f = user_file("provider = \"anthropic\"\n");
    Registry::load(&[f.path().to_path_buf()]).unwrap();
}

#[test]
fn compiled_in_a_user_file_replaces_the_embedded_one() {
    let f = user_file("compiled = \"2027-01-02\"\n");
    let r = Registry::load(&[f.path().to_path_buf()]).unwrap();
    assert_eq!(r.compiled(), Some(d("2027-01-02")));
    let f = user_file("\ncompiled = \"soon\"\n");
    let err = load_err(&[&f]);
    assert!(
        err.starts_with(&format!("{}:2:1: compiled: `soon` is not a date", name(&f))),
        "{err}"
    );
}

#[test]
fn a_source_in_a_user_file_replaces_only_the_fields_given() {
    let f = user_file("[sources.S1]\nretrieved = \"2026-12-01\"\n");
    let r = Registry::load(&[f.path().to_path_buf()]).unwrap();
    let s = r.source("S1").unwrap();
    assert_eq!(s.retrieved, Some(d("2026-12-01")));
    assert_eq!(s.url, reg().source("S1").unwrap().url, "the URL is kept");
    assert!(s.title.is_some());
}

#[test]
fn an_id_listed_twice_in_one_file_is_rejected_at_the_second() {
    let f = user_file(&format!(
        "{}\n[[model]]\nid = \"acme-a\"\nname = \"again\"\n",
        acme("a", "claude-sonnet-4-6")
    ));
    assert_eq!(
        load_err(&[&f]),
        format!(
            "{}:17:1: model `acme-a` is listed twice in this file",
            name(&f)
        )
    );
    let f = user_file(
        "[[invalid]]\nid = \"claude-4-opus\"\nlikely = \"claude-opus-4-8\"\n\n[[invalid]]\nid = \"claude-4-opus\"\nlikely = \"claude-opus-4-8\"\n",
    );
    assert_eq!(
        load_err(&[&f]),
        format!(
            "{}:6:1: invalid `claude-4-opus` is listed twice in this file",
            name(&f)
        )
    );
    // The same ID in two files is a merge, not an error.
    let a = user_file(&acme("a", "claude-sonnet-4-6"));
    let b = user_file(&acme("a", "claude-opus-4-8"));
    let r = Registry::load(&[a.path().to_path_buf(), b.path().to_path_buf()]).unwrap();
    assert_eq!(
        r.get("acme-a").unwrap().replacement.as_deref(),
        Some("claude-opus-4-8")
    );
}

#[test]
fn an_unknown_replacement_or_a_bad_date_names_the_file_and_the_model() {
    let bad = user_file("[[model]]\nid = \"claude-3-opus-20240229\"\nreplacement = \"nope\"\n");
    let fine = user_file("compiled = \"2026-11-23\"\n");
    assert_eq!(
        load_err(&[&bad, &fine]),
        format!(
            "{}: model `claude-3-opus-20240229`: replacement `nope` is not a known model",
            name(&bad)
        )
    );
    let bad = user_file("[[model]]\nid = \"claude-3-opus-20240229\"\nretires = \"2026-13-45\"\n");
    let err = load_err(&[&fine, &bad, &fine]);
    assert!(
        err.starts_with(&format!(
            "{}:2:1: model `claude-3-opus-20240229`: `2026-13-45` is not a date in YYYY-MM-DD form",
            name(&bad)
        )),
        "{err}"
    );
}

#[test]
fn an_error_after_merging_names_the_file_that_set_the_value() {
    let bad =
        user_file("[[model]]\nid = \"claude-3-opus-20240229\"\nlifecycle_source = \"NOPE\"\n");
    let later = user_file(
        "[sources.L]\ntitle = \"l\"\n[[model]]\nid = \"claude-3-opus-20240229\"\nnote = \"checked\"\n",
    );
    assert_eq!(
        load_err(&[&bad, &later]),
        format!(
            "{}: model `claude-3-opus-20240229`: lifecycle_source names source `NOPE`, which is not in [sources]",
            name(&bad)
        )
    );
    // A new model missing its aliases source, then a file that changes something else of it.
    let added = user_file(&format!(
        "{}aliases = [\"acme-latest\"]\n",
        acme("a", "claude-sonnet-4-6")
    ));
    let other = user_file("[[model]]\nid = \"acme-a\"\nname = \"Renamed\"\n");
    assert_eq!(
        load_err(&[&added, &other]),
        format!(
            "{}: model `acme-a`: aliases is given without aliases_source",
            name(&added)
        )
    );
    // A string claimed by two models: both files are named.
    let alias = user_file(
        "[sources.L]\ntitle = \"l\"\n[[model]]\nid = \"claude-opus-4-8\"\naliases = [\"claude-3-opus-latest\"]\naliases_source = \"L\"\n",
    );
    assert_eq!(
        load_err(&[&alias, &fine_file()]),
        format!(
            "{}: `claude-3-opus-latest` names both `claude-3-opus-20240229` and `claude-opus-4-8` (given by model `claude-opus-4-8` in {}, model `claude-3-opus-20240229` in registry/anthropic.toml)",
            name(&alias),
            name(&alias)
        )
    );
}

fn fine_file() -> tempfile::NamedTempFile {
    user_file("compiled = \"2026-11-23\"\n")
}

#[test]
fn a_file_that_cannot_be_read_gives_the_os_error_once() {
    let err = Registry::load(&[PathBuf::from("/nonexistent/r.toml")]).unwrap_err();
    assert_eq!(err.to_string(), "/nonexistent/r.toml: cannot read");
    let source = std::error::Error::source(&err).expect("the OS error is the source");
    assert!(source.downcast_ref::<std::io::Error>().is_some());
    // What a reporter that prints the chain shows.
    let mut chain = err.to_string();
    let mut next = std::error::Error::source(&err);
    while let Some(e) = next {
        chain.push_str(&format!(": {e}"));
        next = e.source();
    }
    let os = std::io::Error::from_raw_os_error(2).to_string();
    assert_eq!(chain.matches(&os).count(), 1, "{chain}");
    assert_eq!(chain, format!("/nonexistent/r.toml: cannot read: {os}"));
}
