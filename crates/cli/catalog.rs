//! `models` and `explain`: the catalog as a table or JSON, and one model (or API error) explained.

use crate::args::{ExplainArgs, ModelsArgs, ModelsFormat};
use crate::style::Style;
use jiff::civil::Date;
use remodel_registry::{Form, Model, Registry, Status, Target};
use serde_json::json;
use std::io::{self, Write};

fn source_json(reg: &Registry, key: Option<&str>) -> serde_json::Value {
    match key.and_then(|k| reg.source(k).map(|s| (k, s))) {
        Some((k, s)) => json!({
            "key": k,
            "url": s.url,
            "retrieved": s.retrieved.map(|d| d.to_string()),
            "title": s.title,
        }),
        None => serde_json::Value::Null,
    }
}

fn model_json(reg: &Registry, m: &Model, as_of: Date, target: Target) -> serde_json::Value {
    let status = m.status(as_of);
    let resolved = if status.is_live() {
        None
    } else {
        reg.resolve(&m.id, as_of, target).ok().map(|r| r.id.clone())
    };
    let d = |d: Option<Date>| d.map(|d| d.to_string());
    json!({
        "id": m.id,
        "provider": m.provider,
        "name": m.name,
        "tier": m.tier,
        "status": status.as_str(),
        "released": d(m.released),
        "deprecated": d(m.deprecated),
        "retires": d(m.retires),
        "retirement_floor": d(m.retirement_floor),
        "lifecycle_confidence": m.lifecycle_confidence,
        "replacement_confidence": m.replacement_confidence,
        "vertex_deprecated": d(m.vertex_deprecated),
        "vertex_retires": d(m.vertex_retires),
        "retirement_note": m.retirement_note,
        "replacement": m.replacement,
        "replacement_stated": d(m.replacement_stated),
        "resolved_replacement": resolved,
        "replacement_history": m.replacement_history.iter().map(|h| json!({
            "since": h.since.to_string(), "id": h.id, "source": h.source,
        })).collect::<Vec<_>>(),
        "aliases": m.aliases,
        "bedrock": m.bedrock,
        "bedrock_messages": m.bedrock_messages,
        "bedrock_prefixes": m.bedrock_prefixes,
        "bedrock_prefixes_reported": m.bedrock_prefixes_reported,
        "vertex": m.vertex,
        "context_window": m.context_window,
        "max_output": m.max_output,
        "price_input": m.price_input,
        "price_output": m.price_output,
        "invite_only": m.invite_only,
        "note": m.note,
        "source": source_json(reg, Some(&m.lifecycle_source)),
        "sources": {
            "lifecycle": m.lifecycle_source,
            "replacement": m.replacement_source,
            "aliases": m.aliases_source,
            "bedrock": m.bedrock_source,
            "vertex": m.vertex_source,
            "vertex_lifecycle": m.vertex_lifecycle_source,
            "gateway": m.gateway_source,
            "limits": m.limits_source,
            "price": m.price_source,
        },
    })
}

pub fn models(reg: &Registry, as_of: Date, target: Target, a: &ModelsArgs) -> anyhow::Result<u8> {
    let mut list: Vec<&Model> = reg
        .models()
        .iter()
        .filter(|m| a.all || m.status(as_of) != Status::Retired)
        .collect();
    list.sort_by(|x, y| y.released.cmp(&x.released).then_with(|| x.id.cmp(&y.id)));
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match a.format {
        ModelsFormat::Json => {
            let v: Vec<_> = list
                .iter()
                .map(|m| model_json(reg, m, as_of, target))
                .collect();
            serde_json::to_writer_pretty(
                &mut out,
                &json!({
                    "as_of": as_of.to_string(),
                    "compiled": reg.compiled().map(|d| d.to_string()),
                    "models": v,
                }),
            )?;
            writeln!(out)?;
        }
        ModelsFormat::Text => {
            let rows: Vec<[String; 5]> = list
                .iter()
                .map(|m| {
                    let status = m.status(as_of);
                    let retires = m
                        .retires
                        .map(|d| d.to_string())
                        .or_else(|| m.retirement_floor.map(|d| format!(">= {d}")))
                        .unwrap_or_else(|| "-".into());
                    let repl = if status.is_live() {
                        "-".to_string()
                    } else {
                        reg.resolve(&m.id, as_of, target)
                            .map(|r| r.id.clone())
                            .unwrap_or_else(|e| format!("({e})"))
                    };
                    [
                        m.id.clone(),
                        m.provider.clone(),
                        status.as_str().to_string(),
                        retires,
                        repl,
                    ]
                })
                .collect();
            let head = ["ID", "PROVIDER", "STATUS", "RETIRES", "REPLACEMENT"];
            let mut w = head.map(str::len);
            for r in &rows {
                for (i, c) in r.iter().enumerate() {
                    w[i] = w[i].max(c.len());
                }
            }
            let st = Style::stdout();
            let line = |c: [&str; 5]| {
                format!(
                    "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}",
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    c[4],
                    w0 = w[0],
                    w1 = w[1],
                    w2 = w[2],
                    w3 = w[3]
                )
            };
            writeln!(out, "{}", st.bold(line(head).trim_end()))?;
            for r in &rows {
                writeln!(
                    out,
                    "{}",
                    line([&r[0], &r[1], &r[2], &r[3], &r[4]]).trim_end()
                )?;
            }
            writeln!(
                out,
                "{} models as of {as_of}{}; data compiled {}",
                rows.len(),
                if a.all {
                    ""
                } else {
                    " (retired ones with --all)"
                },
                reg.compiled()
                    .map_or("(unknown)".to_string(), |d| d.to_string())
            )?;
        }
    }
    Ok(0)
}

/// The model ID an argument names: the argument itself, or the ID inside an API error (its JSON
/// body or its message).
fn candidates(input: &str) -> Vec<String> {
    let mut texts = vec![input.trim().to_string()];
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(input) {
        for ptr in ["/error/message", "/message", "/model"] {
            if let Some(s) = v.pointer(ptr).and_then(|m| m.as_str()) {
                texts.push(s.to_string());
            }
        }
    }
    let mut out = Vec::new();
    for t in texts {
        out.push(t.clone());
        for tok in t.split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '\'' | '"' | '`' | ',' | '(' | ')' | '{' | '}' | '“' | '”'
                )
        }) {
            let tok = tok.trim_end_matches(['.', ',', ';', ':', '!', '?']);
            let tok = tok.strip_prefix("model:").unwrap_or(tok);
            if !tok.is_empty() {
                out.push(tok.to_string());
            }
        }
    }
    out
}

pub fn explain(reg: &Registry, as_of: Date, target: Target, a: &ExplainArgs) -> anyhow::Result<u8> {
    let cands = candidates(&a.input);
    let found = cands
        .iter()
        .find_map(|c| reg.lookup(c).map(|m| (c.clone(), m)));
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let Some((text, m)) = found else {
        // The most model-like word: one with a provider's literal (`claude-`), else the last word.
        let needles = reg.needles();
        let guess = cands
            .iter()
            .skip(1)
            .find(|c| needles.iter().any(|n| c.contains(n.as_str())))
            .or(cands.last())
            .cloned()
            .unwrap_or_default();
        let suggestions = reg.suggest(&guess, 3);
        if a.format == ModelsFormat::Json {
            serde_json::to_writer_pretty(
                &mut out,
                &json!({ "input": guess, "known": false, "suggestions": suggestions }),
            )?;
            writeln!(out)?;
        } else {
            writeln!(out, "{guess}: not a known model ID")?;
            if !suggestions.is_empty() {
                writeln!(out, "did you mean: {}", suggestions.join(", "))?;
            }
        }
        return Ok(1);
    };
    let model = m.model;
    let status = model.status(as_of);
    let resolved = reg.resolve(&model.id, as_of, target).ok();
    let same_form = resolved
        .filter(|r| r.id != model.id || m.form == Form::Invalid)
        .map(|r| m.rewrite_to(r));
    if a.format == ModelsFormat::Json {
        let mut v = model_json(reg, model, as_of, target);
        v["input"] = json!(text);
        v["form"] = json!(m.form.as_str());
        v["known"] = json!(true);
        v["invalid"] = json!(matches!(
            m.form,
            Form::Invalid | Form::Spelling { dated: true, .. }
        ));
        v["rewrite"] = match &same_form {
            Some(Ok(s)) => json!(s),
            _ => serde_json::Value::Null,
        };
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        return Ok(0);
    }
    let st = Style::stdout();
    writeln!(out, "{} ({})", st.bold(&model.id), model.name)?;
    let field = |out: &mut io::StdoutLock, k: &str, v: String| {
        writeln!(out, "  {:<13}{v}", format!("{k}:"))
    };
    if text != model.id {
        let how = match &m.form {
            Form::Invalid => {
                let origin = reg
                    .invalid_ids()
                    .iter()
                    .find(|i| i.id == text.trim_start_matches(m.wrapper.as_str()))
                    .map(|i| i.origin.clone())
                    .unwrap_or_default();
                format!(
                    "{text} is not a valid model ID; it likely means {}. {origin}",
                    model.id
                )
            }
            Form::Spelling { dated: true, .. } => format!(
                "{text} is not a valid model ID: {} was never released with that date; it likely means {}",
                model.name, model.id
            ),
            Form::Spelling { .. } => format!(
                "{text} is not an ID any Anthropic platform documents; other tools (OpenRouter, GitHub Copilot, CLI aliases) write it for {}",
                model.id
            ),
            f => format!(
                "{text} ({} form{})",
                f.as_str(),
                if m.wrapper.is_empty() {
                    String::new()
                } else {
                    format!(", with `{}`", m.wrapper)
                }
            ),
        };
        field(&mut out, "written as", how)?;
    }
    let mut life = status.as_str().to_string();
    let mut parts = Vec::new();
    if let Some(d) = model.deprecated {
        parts.push(format!("deprecated {d}"));
    }
    match (
        model.retires,
        &model.retirement_note,
        model.retirement_floor,
    ) {
        (Some(r), _, _) => parts.push(format!(
            "{} {r}",
            if status == Status::Retired {
                "retired"
            } else {
                "retires"
            }
        )),
        (None, Some(n), _) => parts.push(format!("retirement: {n}")),
        (None, None, Some(f)) => parts.push(format!("not retired before {f}")),
        _ => {}
    }
    if !parts.is_empty() {
        life = format!("{life} ({})", parts.join(", "));
    }
    if model.lifecycle_confidence.is_some() {
        life.push_str(" [reported by a third party, not confirmed officially]");
    }
    field(&mut out, "status", format!("{life} as of {as_of}"))?;
    if model.vertex_deprecated.is_some() || model.vertex_retires.is_some() {
        let mut g = Vec::new();
        if let Some(d) = model.vertex_deprecated {
            g.push(format!("deprecated {d}"));
        }
        if let Some(d) = model.vertex_retires {
            g.push(format!("shut down {d}"));
        }
        field(
            &mut out,
            "vertex ai",
            format!("Google Cloud's own dates: {}", g.join(", ")),
        )?;
    }
    if let Some(r) = &model.replacement {
        let stated = model
            .replacement_stated
            .map(|d| format!(", stated {d}"))
            .unwrap_or_default();
        let kind = match model.replacement_confidence.as_deref() {
            Some("unstated") => "named by an older official source; the newest names none",
            Some(_) => "reported by a third party",
            None if model.lifecycle_confidence.is_some() => "reported",
            None => "official",
        };
        field(&mut out, "replacement", format!("{r} ({kind}{stated})"))?;
    }
    match (&resolved, &same_form) {
        (Some(r), Some(Ok(s))) => field(
            &mut out,
            "migrate to",
            if *s == r.id {
                s.clone()
            } else {
                format!("{s} ({})", r.id)
            },
        )?,
        (Some(r), Some(Err(why))) => field(&mut out, "migrate to", format!("{} ({why})", r.id))?,
        (None, _) if !status.is_live() => field(
            &mut out,
            "migrate to",
            "no live replacement in the registry".into(),
        )?,
        _ => {}
    }
    if !model.aliases.is_empty() {
        field(&mut out, "aliases", model.aliases.join(", "))?;
    }
    if !model.bedrock.is_empty() || model.bedrock_messages.is_some() {
        let mut b = model.bedrock.join(", ");
        if let Some(msg) = &model.bedrock_messages {
            if !b.is_empty() {
                b.push_str("; ");
            }
            b.push_str(&format!("{msg} (Messages API)"));
        }
        if !model.bedrock_prefixes.is_empty() {
            b.push_str(&format!(
                " [prefixes: {}]",
                model.bedrock_prefixes.join(", ")
            ));
        }
        if !model.bedrock_prefixes_reported.is_empty() {
            b.push_str(&format!(
                " [reported by a third party only: {}]",
                model.bedrock_prefixes_reported.join(", ")
            ));
        }
        field(&mut out, "bedrock", b)?;
    }
    if let Some(v) = &model.vertex {
        field(&mut out, "vertex", v.clone())?;
    }
    if model.context_window.is_some() || model.max_output.is_some() {
        let ctx = model.context_window.map_or("?".into(), |c| c.to_string());
        let max = model.max_output.map_or("?".into(), |c| c.to_string());
        field(
            &mut out,
            "limits",
            format!("context {ctx} tokens, max output {max}"),
        )?;
    }
    if let (Some(i), Some(o)) = (model.price_input, model.price_output) {
        field(
            &mut out,
            "price",
            format!("${i} / ${o} per million input / output tokens"),
        )?;
    }
    // Each fact's source, strongest first as the registry ranks them (S official, L a package
    // as published, P client-tool documentation, T third party).
    let facts: [(&str, Option<&String>); 9] = [
        ("lifecycle", Some(&model.lifecycle_source)),
        ("replacement", model.replacement_source.as_ref()),
        ("aliases", model.aliases_source.as_ref()),
        ("bedrock", model.bedrock_source.as_ref()),
        ("vertex", model.vertex_source.as_ref()),
        ("vertex dates", model.vertex_lifecycle_source.as_ref()),
        ("gateway", model.gateway_source.as_ref()),
        ("limits", model.limits_source.as_ref()),
        ("price", model.price_source.as_ref()),
    ];
    let mut keys: Vec<&String> = Vec::new();
    let mut by_fact = Vec::new();
    for (what, key) in facts {
        if let Some(k) = key {
            by_fact.push(format!("{what} {k}"));
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    field(&mut out, "sources", by_fact.join(", "))?;
    for k in keys {
        if let Some(s) = reg.source(k) {
            let url = s.url.clone().unwrap_or_default();
            let when = s
                .retrieved
                .map(|d| format!(" (retrieved {d})"))
                .unwrap_or_default();
            let weak = if k.starts_with('T') {
                " [third party]"
            } else {
                ""
            };
            field(&mut out, &format!("  {k}"), format!("{url}{when}{weak}"))?;
        }
    }
    if let Some(n) = &model.note {
        field(&mut out, "note", n.clone())?;
    }
    Ok(0)
}
