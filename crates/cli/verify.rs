//! `remodel verify`: asks the Models API (`GET /v1/models`) which models this API key can use,
//! and reports every planned replacement, and every ID in use, that it cannot.
//!
//! The key is read from `ANTHROPIC_API_KEY` and never printed: not in output, not in errors
//! (which name the URL and the status only), not with `-v`.

use crate::args::VerifyArgs;
use crate::scan::{Judge, Outcome};
use crate::style::Style;
use remodel_registry::Form;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// Attempts per page for 429, 529 and 5xx answers.
const ATTEMPTS: u32 = 4;
/// The longest wait between attempts, whatever `retry-after` says.
const MAX_WAIT: Duration = Duration::from_secs(30);

/// The model IDs the key can use, following `has_more` / `last_id`.
fn list_models(base: &str, key: &str) -> Result<BTreeSet<String>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let url = format!("{}/v1/models", base.trim_end_matches('/'));
    let mut ids = BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let mut attempt = 0;
        let body = loop {
            attempt += 1;
            let mut req = agent
                .get(&url)
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")
                .query("limit", "1000");
            if let Some(a) = &after {
                req = req.query("after_id", a);
            }
            let mut resp = req
                .call()
                .map_err(|e| format!("GET {url}: {}", redact(&e.to_string(), key)))?;
            let status = resp.status().as_u16();
            if status == 200 {
                break resp
                    .body_mut()
                    .read_to_string()
                    .map_err(|e| format!("GET {url}: reading the answer: {e}"))?;
            }
            match status {
                401 | 403 => {
                    return Err(format!(
                        "GET {url}: {status}: the API key was refused; check ANTHROPIC_API_KEY"
                    ))
                }
                429 | 529 | 500..=599 if attempt < ATTEMPTS => {
                    let wait = resp
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<f64>().ok())
                        .map(Duration::from_secs_f64)
                        .unwrap_or(Duration::from_secs(1 << attempt))
                        .min(MAX_WAIT);
                    eprintln!(
                        "{}: GET {url}: {status}, retrying in {:.1} s",
                        Style::stderr().dim("note"),
                        wait.as_secs_f64()
                    );
                    std::thread::sleep(wait);
                }
                _ => {
                    return Err(format!(
                        "GET {url}: {status} after {attempt} attempt{}",
                        if attempt == 1 { "" } else { "s" }
                    ))
                }
            }
        };
        let page: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| format!("GET {url}: the answer is not JSON: {e}"))?;
        let data = page["data"]
            .as_array()
            .ok_or_else(|| format!("GET {url}: the answer has no `data` list"))?;
        for m in data {
            if let Some(id) = m["id"].as_str() {
                ids.insert(id.to_string());
            }
        }
        match (page["has_more"].as_bool(), page["last_id"].as_str()) {
            (Some(true), Some(last)) if after.as_deref() != Some(last) => {
                after = Some(last.to_string())
            }
            _ => break,
        }
    }
    Ok(ids)
}

/// A message with any copy of the key taken out.
fn redact(msg: &str, key: &str) -> String {
    if key.is_empty() {
        msg.to_string()
    } else {
        msg.replace(key, "<ANTHROPIC_API_KEY>")
    }
}

pub fn run(judge: &Judge, outcome: &Outcome, args: &VerifyArgs) -> u8 {
    let err = Style::stderr();
    let key = match std::env::var("ANTHROPIC_API_KEY") {
        Ok(k) if !k.trim().is_empty() => k,
        _ => {
            eprintln!(
                "{}: set ANTHROPIC_API_KEY to the key whose models to check",
                err.red("error")
            );
            return 2;
        }
    };
    let available = match list_models(&args.base_url, &key) {
        Ok(ids) => ids,
        Err(why) => {
            eprintln!("{}: {}", err.red("error"), redact(&why, &key));
            return 2;
        }
    };
    // The canonical model of a listed ID, so that an alias in the tree matches the dated ID
    // the API lists.
    let canonical = |text: &str| {
        judge
            .registry
            .lookup(text)
            .map(|m| m.model.id.clone())
            .unwrap_or_else(|| text.to_string())
    };
    let usable: BTreeSet<String> = available.iter().map(|id| canonical(id)).collect();
    // Replacements and IDs in use, in the API's own form only: Bedrock, Vertex and gateway IDs
    // are not served by this API, nor are other providers' models.
    let anthropic = judge.registry.platform().provider.as_str();
    let mut missing_targets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut missing_in_use: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut other_forms = 0;
    for f in &outcome.files {
        for i in f.items.iter().filter(|i| i.in_use()) {
            let api_form = judge
                .registry
                .lookup(&i.finding.text)
                .is_some_and(|m| matches!(m.form, Form::Api | Form::Alias) && m.wrapper.is_empty());
            let ours = judge
                .registry
                .get(&i.model)
                .is_some_and(|m| m.provider == anthropic);
            if !ours {
                continue;
            }
            if !api_form {
                other_forms += 1;
                continue;
            }
            let at = format!("{}:{}", f.display, i.finding.line);
            if !usable.contains(&i.model) {
                missing_in_use
                    .entry(i.finding.text.clone())
                    .or_default()
                    .push(at.clone());
            }
            if let Some(r) = &i.replacement_model {
                if !usable.contains(r) {
                    missing_targets.entry(r.clone()).or_default().push(at);
                }
            }
        }
    }
    let places = |v: &[String]| {
        let shown: Vec<&str> = v.iter().take(3).map(String::as_str).collect();
        let more = v.len().saturating_sub(3);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    println!(
        "The key can use {} model{}.",
        available.len(),
        if available.len() == 1 { "" } else { "s" }
    );
    for (model, at) in &missing_targets {
        println!(
            "replacement {model} is not available to this key; fix would point {} at it: {}",
            if at.len() == 1 {
                "1 place"
            } else {
                "these places"
            },
            places(at)
        );
    }
    for (text, at) in &missing_in_use {
        println!(
            "{text} is in use but not available to this key: {}",
            places(at)
        );
    }
    let unknown: Vec<&String> = available
        .iter()
        .filter(|id| judge.registry.lookup(id).is_none())
        .collect();
    if !unknown.is_empty() {
        let list: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        println!(
            "The key lists {} model{} the registry does not know, so the data may be behind: {}",
            unknown.len(),
            if unknown.len() == 1 { "" } else { "s" },
            list.join(", ")
        );
    }
    if other_forms > 0 {
        println!(
            "{other_forms} finding{} in Bedrock, Vertex or gateway form not checked: this API does not serve them.",
            if other_forms == 1 { "" } else { "s" }
        );
    }
    if !outcome.errors.is_empty() {
        2
    } else if missing_targets.is_empty() {
        0
    } else {
        1
    }
}
