//! How a model ID is written: the Anthropic API ID, an alias, a Bedrock or Vertex ID, and the
//! wrappers other tools put around those (LiteLLM, promptfoo, ARNs, Vertex resource paths).

use crate::{Model, Part, Platform, Problem, Registry};
use std::collections::HashMap;

/// The form in which a model ID is written, without any wrapper.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Form {
    /// The canonical Anthropic API ID.
    Api,
    /// An alias that pointed to the model.
    Alias,
    /// A Bedrock InvokeModel ID, with its cross-region prefix (`us`, `eu`, ...) if any.
    Bedrock { region: Option<String> },
    /// A Bedrock Messages-API ID, with its cross-region prefix if any.
    BedrockMessages { region: Option<String> },
    /// A Vertex AI ID (`claude-3-opus@20240229`).
    Vertex,
    /// An OpenRouter slug after `anthropic/` (`anthropic/claude-3.5-sonnet`), with `:beta` or
    /// `:thinking` kept in `suffix`.
    OpenRouter,
    /// A Vercel AI Gateway slug after `anthropic/` (`anthropic/claude-sonnet-4.6`, or a slug the
    /// gateway used before, such as `anthropic/claude-4-sonnet-20250514`). OpenRouter writes the
    /// same dotted slugs.
    Gateway,
    /// An ID that circulates but was never valid; the model is the one it likely means.
    Invalid,
    /// A spelling that no Anthropic platform documents but other tools write, derived from the
    /// API ID by the grammar of Claude names: undated (`claude-3-opus`), dotted (`claude-3.5-sonnet`,
    /// `claude-sonnet-4.5`), in the other word order (`claude-4-sonnet`), or with `-latest`.
    /// A date the family never had (`claude-3-5-haiku-20241120`) is `Invalid` with `dated`.
    Spelling { dotted: bool, dated: bool },
}

impl Form {
    pub fn as_str(&self) -> &'static str {
        match self {
            Form::Api => "api",
            Form::Alias => "alias",
            Form::Bedrock { .. } => "bedrock",
            Form::BedrockMessages { .. } => "bedrock-messages",
            Form::Vertex => "vertex",
            Form::OpenRouter => "openrouter",
            Form::Gateway => "gateway",
            Form::Invalid => "invalid",
            Form::Spelling { .. } => "spelling",
        }
    }
}

/// A string recognized as a model ID.
#[derive(Debug, Clone)]
pub struct Match<'r> {
    pub model: &'r Model,
    /// How the provider writes its IDs, for writing the replacement in the same style.
    pub platform: &'r Platform,
    pub form: Form,
    /// Text before the ID proper that is kept as is (`bedrock/`, `anthropic:messages:`, an ARN head).
    pub wrapper: String,
    /// Text after the ID proper that is kept as is (OpenRouter's `:beta`).
    pub suffix: String,
    /// Why the text cannot be placed in one platform with certainty (a string that is both a
    /// LiteLLM `anthropic/<alias>` and a historic gateway slug): no rewrite is written.
    pub ambiguous: Option<String>,
}

impl Match<'_> {
    /// The ID written in the same form and wrapper for `target`, or why that is not possible.
    pub fn rewrite_to(&self, target: &Model) -> Result<String, String> {
        if let Some(why) = &self.ambiguous {
            return Err(why.clone());
        }
        let core = match &self.form {
            Form::Api | Form::Alias | Form::Invalid => target.id.clone(),
            // The same style for the replacement: dotted for dotted, undated for undated.
            Form::Spelling { dotted: true, .. } => dotted_name(self.platform, &target.id)
                .ok_or_else(|| format!("{} has no dotted spelling", target.id))?,
            Form::Spelling {
                dotted: false,
                dated: true,
            } => target.id.clone(),
            Form::Spelling { dotted: false, .. } => undated_name(self.platform, target),
            Form::Vertex => target
                .vertex
                .clone()
                .ok_or_else(|| format!("{} has no Vertex AI ID in the registry", target.id))?,
            // Found only after `anthropic/` (or `openrouter/anthropic/`), which the wrapper keeps.
            Form::OpenRouter => target
                .openrouter
                .as_deref()
                .map(|slug| {
                    slug.trim_start_matches(self.platform.slug_prefix.as_str())
                        .to_string()
                })
                .ok_or_else(|| {
                    format!(
                        "the OpenRouter slug of {} is not in the registry",
                        target.id
                    )
                })?,
            // Found only after `anthropic/`, which the wrapper keeps.
            Form::Gateway => target
                .gateway
                .as_deref()
                .map(|slug| {
                    slug.trim_start_matches(self.platform.slug_prefix.as_str())
                        .to_string()
                })
                .ok_or_else(|| {
                    format!(
                        "the AI Gateway slug of {} is not in the registry",
                        target.id
                    )
                })?,
            Form::Bedrock { region } => {
                let id = target
                    .bedrock
                    .first()
                    .ok_or_else(|| match &target.bedrock_messages {
                        Some(m) => format!(
                            "{} is on Bedrock only through the Messages API ({m}), not InvokeModel",
                            target.id
                        ),
                        None => format!("{} has no Bedrock ID in the registry", target.id),
                    })?;
                with_region(target, region, id)?
            }
            Form::BedrockMessages { region } => {
                let id = target
                    .bedrock_messages
                    .as_ref()
                    .or(target.bedrock.first())
                    .ok_or_else(|| format!("{} has no Bedrock ID in the registry", target.id))?;
                with_region(target, region, id)?
            }
        };
        Ok(format!("{}{}{}", self.wrapper, core, self.suffix))
    }
}

fn with_region(target: &Model, region: &Option<String>, id: &str) -> Result<String, String> {
    match region {
        None => Ok(id.to_string()),
        Some(r)
            if target
                .bedrock_prefixes
                .iter()
                .chain(&target.bedrock_prefixes_reported)
                .any(|p| p == r) =>
        {
            Ok(format!("{r}.{id}"))
        }
        Some(r) => Err(format!(
            "{} is not offered with the `{r}.` cross-region prefix on Bedrock",
            target.id
        )),
    }
}

/// The dotted spelling of an API ID (`claude-sonnet-4-6` -> `claude-sonnet-4.6`,
/// `claude-haiku-4-5-20251001` -> `claude-haiku-4.5`), by the pattern OpenRouter uses.
fn dotted_name(p: &Platform, id: &str) -> Option<String> {
    openrouter_slugs(p, id).into_iter().next()
}

/// The replacement's undated API name: the ID itself when it has no date, else its undated alias.
fn undated_name(platform: &Platform, target: &Model) -> String {
    if name_parts(platform, &target.id).is_some_and(|p| p.date.is_none()) {
        return target.id.clone();
    }
    target
        .aliases
        .iter()
        .find(|a| name_parts(platform, a).is_some_and(|p| p.date.is_none() && !p.latest))
        .cloned()
        .unwrap_or_else(|| target.id.clone())
}

/// The parts of a Claude model name: `claude-3-5-sonnet-20241022` is version 3.5, tier sonnet,
/// the old word order, dated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameParts<'a> {
    pub major: &'a str,
    pub minor: Option<&'a str>,
    pub tier: &'a str,
    /// The version before the tier (`claude-3-opus`) rather than after (`claude-opus-4`).
    pub version_first: bool,
    pub date: Option<&'a str>,
    pub latest: bool,
}

/// Reads a hyphenated or dotted Claude name into its parts; `None` for anything else (the 1.x and
/// 2.x names, `claude-instant-1.2`, platform IDs).
pub(crate) fn name_parts<'t>(platform: &Platform, text: &'t str) -> Option<NameParts<'t>> {
    let rest = text.strip_prefix(platform.id_prefix.as_str())?;
    let (rest, latest) = match rest.strip_suffix("-latest") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let mut words: Vec<&str> = rest.split('-').collect();
    let is_date = |w: &str| w.len() == 8 && w.bytes().all(|b| b.is_ascii_digit());
    let date = match words.last() {
        Some(w) if is_date(w) && !latest => {
            let d = *w;
            words.pop();
            Some(d)
        }
        _ => None,
    };
    // A version is `3`, `3-5` or `3.5`.
    let tier_at = |i: usize| {
        words
            .get(i)
            .copied()
            .filter(|w| platform.name_tiers.iter().any(|t| t == w))
    };
    if let Some(tier) = tier_at(0) {
        let (n, major, minor) = name_version(&words[1..])?;
        if 1 + n != words.len() {
            return None;
        }
        return Some(NameParts {
            major,
            minor,
            tier,
            version_first: false,
            date,
            latest,
        });
    }
    let (n, major, minor) = name_version(&words)?;
    let tier = tier_at(n)?;
    if n + 1 != words.len() {
        return None;
    }
    Some(NameParts {
        major,
        minor,
        tier,
        version_first: true,
        date,
        latest,
    })
}

/// A version at the start of `words`: `3`, `3-5` or `3.5`, with the number of words it takes.
fn name_version<'a>(words: &[&'a str]) -> Option<(usize, &'a str, Option<&'a str>)> {
    let num = |w: &str| !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
    let first = *words.first()?;
    if let Some((a, b)) = first.split_once('.') {
        return (num(a) && num(b)).then_some((1, a, Some(b)));
    }
    if !num(first) {
        return None;
    }
    match words.get(1) {
        Some(w) if num(w) => Some((2, first, Some(*w))),
        _ => Some((1, first, None)),
    }
}

/// Every spelling the grammar gives an API ID, with whether it is dotted. The ID's own spelling is
/// left out.
fn spellings_of(platform: &Platform, id: &str) -> Vec<(String, bool)> {
    let Some(p) = name_parts(platform, id) else {
        return Vec::new();
    };
    let (hy, dot) = match p.minor {
        Some(m) => (format!("{}-{m}", p.major), format!("{}.{m}", p.major)),
        None => (p.major.to_string(), p.major.to_string()),
    };
    let t = p.tier;
    let mut out: Vec<(String, bool)> = Vec::new();
    for (v, dotted) in [(hy.as_str(), false), (dot.as_str(), p.minor.is_some())] {
        let pre = &platform.id_prefix;
        for name in [format!("{pre}{v}-{t}"), format!("{pre}{t}-{v}")] {
            out.push((format!("{name}-latest"), dotted));
            if let Some(d) = p.date {
                out.push((format!("{name}-{d}"), dotted));
            }
            out.push((name, dotted));
        }
    }
    out.retain(|(s, _)| s != id);
    out.sort();
    out.dedup();
    out
}

/// The grammar's spellings of every model, each to the model it names: where several models share
/// one (`claude-3-5-sonnet` for both 3.5 Sonnet releases), the newest. Spellings the registry
/// already knows in any form are left to that form.
pub(crate) fn build_spellings(reg: &Registry) -> HashMap<String, (usize, bool)> {
    let mut map: HashMap<String, (usize, bool)> = HashMap::new();
    for (i, m) in reg.models().iter().enumerate() {
        for (s, dotted) in spellings_of(reg.platform(), &m.id) {
            if reg.index_entry(&s).is_some() {
                continue;
            }
            match map.get(&s) {
                Some((j, _)) if reg.model_at(*j).released >= m.released => {}
                _ => {
                    map.insert(s, (i, dotted));
                }
            }
        }
    }
    map
}

/// The field of a model that gives a string in `form`, for blaming a clash on its file.
fn field_of(form: &Form) -> &'static str {
    match form {
        Form::Api => "id",
        Form::Alias => "aliases",
        Form::Bedrock { .. } => "bedrock",
        Form::BedrockMessages { .. } => "bedrock_messages",
        Form::Vertex => "vertex",
        _ => "id",
    }
}

fn part(section: &'static str, id: &str, field: &'static str) -> Part {
    let what = if section == "invalid" {
        "invalid ID"
    } else {
        section
    };
    Part {
        section,
        id: id.to_string(),
        fields: vec![field],
        label: format!("{what} `{id}`"),
    }
}

pub(crate) fn build_index(reg: &Registry) -> Result<HashMap<String, (usize, Form)>, Problem> {
    let mut index: HashMap<String, (usize, Form)> = HashMap::new();
    let mut add = |key: &str, i: usize, form: Form| -> Result<(), Problem> {
        if let Some((j, old)) = index.get(key) {
            if *j != i {
                let (a, b) = (&reg.models()[*j].id, &reg.models()[i].id);
                return Err(Problem::between(
                    "given by",
                    vec![
                        part("model", a, field_of(old)),
                        part("model", b, field_of(&form)),
                    ],
                    format!("`{key}` names both `{a}` and `{b}`"),
                ));
            }
            return Ok(());
        }
        index.insert(key.to_string(), (i, form));
        Ok(())
    };
    for (i, m) in reg.models().iter().enumerate() {
        add(&m.id, i, Form::Api)?;
        for a in &m.aliases {
            add(a, i, Form::Alias)?;
        }
        for b in &m.bedrock {
            add(b, i, Form::Bedrock { region: None })?;
        }
        if let Some(b) = &m.bedrock_messages {
            if !m.bedrock.contains(b) {
                add(b, i, Form::BedrockMessages { region: None })?;
            }
        }
        // A Vertex alias that is also a spelling other tools write for the API (`claude-3-haiku`
        // is an llm CLI alias too) is left to the grammar, whose fixes are for review.
        let generic = |v: &String| name_parts(reg.platform(), v).is_some();
        for v in m
            .vertex
            .iter()
            .chain(m.vertex_aliases.iter().filter(|v| !generic(v)))
        {
            if v != &m.id {
                add(v, i, Form::Vertex)?;
            }
        }
    }
    for inv in reg.invalid_ids() {
        let i = reg
            .models()
            .iter()
            .position(|m| m.id == inv.likely)
            .ok_or_else(|| {
                Problem::one(
                    "invalid",
                    &inv.id,
                    &["likely"],
                    format!("invalid ID `{}`: unknown likely model", inv.id),
                )
            })?;
        if let Some((j, form)) = index.get(&inv.id) {
            let m = &reg.models()[*j].id;
            return Err(Problem::between(
                "given by",
                vec![
                    part("model", m, field_of(form)),
                    part("invalid", &inv.id, "id"),
                ],
                format!(
                    "`{}` is listed as invalid but is also a known ID of `{m}`",
                    inv.id
                ),
            ));
        }
        index.insert(inv.id.clone(), (i, Form::Invalid));
    }
    Ok(index)
}

/// AI Gateway slugs (without `anthropic/`): each model's own and the ones it had before.
pub(crate) fn build_gateway(reg: &Registry) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, m) in reg.models().iter().enumerate() {
        for slug in m.gateway.iter().chain(&m.gateway_history) {
            map.insert(
                slug.trim_start_matches(reg.platform().slug_prefix.as_str())
                    .to_string(),
                i,
            );
        }
    }
    map
}

pub(crate) fn known_strings(reg: &Registry) -> Vec<String> {
    let mut keys: Vec<String> = reg.index_keys().map(str::to_string).collect();
    let slug = &reg.platform().slug_prefix;
    for s in reg.gateway_slugs() {
        keys.push(format!("{slug}{s}"));
    }
    for s in reg.openrouter_slugs() {
        keys.push(format!("{slug}{s}"));
    }
    keys.extend(reg.spelling_keys().map(str::to_string));
    // Ordinary words in the catalog (`ada`) are known to `explain`, not searched for.
    let unscanned: std::collections::HashSet<&str> = reg
        .platforms()
        .iter()
        .flat_map(|p| p.unscanned.iter().map(String::as_str))
        .collect();
    keys.retain(|k| !unscanned.contains(k.as_str()));
    // A provider whose `[platform] needles` are data is searched for what they cover: the forms
    // no needle covers (legacy IDs such as `text-ada-001`) are known to `explain` only.
    keys.retain(|k| {
        let Some(m) = lookup(reg, k) else {
            return true;
        };
        let p = reg.platform_of(&m.model.provider);
        p.needles.is_empty() || p.needles.iter().any(|n| covers(n, k))
    });
    // LiteLLM's `anthropic/<api id or alias>`, so that `anthropic/claude-sonnet-4-5` is found whole
    // rather than as the slug `anthropic/claude-sonnet-4` with a suffix.
    for m in reg
        .models()
        .iter()
        .filter(|m| m.provider == reg.platform().provider)
    {
        keys.push(format!("{slug}{}", m.id));
        for a in &m.aliases {
            keys.push(format!("{slug}{a}"));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Whether a prefilter needle finds `key`: it is part of the key, or it is the key written as a
/// whole quoted value (`"o1"` for `o1`).
pub(crate) fn covers(needle: &str, key: &str) -> bool {
    key.contains(needle)
        || needle.trim_matches(|c| c == '"' || c == '\'') == key
        || needle
            .strip_prefix(": ")
            .or_else(|| needle.strip_prefix('='))
            == Some(key)
}

/// OpenRouter slugs (without `anthropic/`): the registry's own, then those the ID's pattern gives.
pub(crate) fn build_openrouter(reg: &Registry) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (i, m) in reg.models().iter().enumerate() {
        if let Some(own) = &m.openrouter {
            map.insert(
                own.trim_start_matches(reg.platform().slug_prefix.as_str())
                    .to_string(),
                i,
            );
        }
    }
    for (i, m) in reg.models().iter().enumerate() {
        for slug in openrouter_slugs(reg.platform(), &m.id) {
            map.entry(slug).or_insert(i);
        }
    }
    map
}

/// The OpenRouter names an API ID had, by OpenRouter's pattern: the version dotted and the date
/// dropped (`claude-3-5-sonnet-20241022` -> `claude-3.5-sonnet`, `claude-opus-4-1-20250805` ->
/// `claude-opus-4.1`), plus the dated name for dated 3.x IDs.
fn openrouter_slugs(platform: &Platform, id: &str) -> Vec<String> {
    let parts: Vec<&str> = id.split('-').collect();
    let dated = parts
        .last()
        .is_some_and(|p| p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()));
    let body = if dated {
        &parts[..parts.len() - 1]
    } else {
        &parts[..]
    };
    let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let head = platform.id_prefix.trim_end_matches('-');
    if body.first() != Some(&head) {
        return Vec::new();
    }
    let slug = match &body[1..] {
        [maj, min, tier] if num(maj) && num(min) => format!("{head}-{maj}.{min}-{tier}"),
        [maj, tier] if num(maj) && !num(tier) => format!("{head}-{maj}-{tier}"),
        [tier, maj, min] if !num(tier) && num(maj) && num(min) => {
            format!("{head}-{tier}-{maj}.{min}")
        }
        [tier, maj] if !num(tier) && num(maj) => format!("{head}-{tier}-{maj}"),
        _ => return Vec::new(),
    };
    let mut out = vec![slug.clone()];
    if dated && body.len() == 4 && num(body[1]) {
        out.push(format!("{slug}-{}", parts[parts.len() - 1]));
    }
    out
}

fn lookup_core<'r>(reg: &'r Registry, core: &str, wrapper: &str) -> Option<Match<'r>> {
    // After `anthropic/` (not OpenRouter's own `openrouter/anthropic/`), a slug the AI Gateway
    // has or had. When the same text is also an API ID or alias, LiteLLM reads it as that: the
    // platform is uncertain and no rewrite is written.
    let p = reg.platform();
    let openrouter = format!("{}{}", p.openrouter_prefix, p.slug_prefix);
    if wrapper.ends_with(p.slug_prefix.as_str()) && !wrapper.ends_with(openrouter.as_str()) {
        if let Some(&i) = reg.gateway_entry(core) {
            let api = reg
                .index_entry(core)
                .is_some_and(|(_, f)| matches!(f, Form::Api | Form::Alias));
            return Some(Match {
                platform: reg.platform(),
                model: reg.model_at(i),
                form: Form::Gateway,
                wrapper: wrapper.to_string(),
                suffix: String::new(),
                ambiguous: api.then(|| {
                    format!(
                        "`{wrapper}{core}` is both an API alias (as LiteLLM reads it) and an AI Gateway slug, which are written differently for the replacement"
                    )
                }),
            });
        }
    }
    // After `anthropic/`, an OpenRouter slug (possibly with a variant suffix) wins: LiteLLM's
    // `anthropic/<api id>` never looks like one.
    if wrapper.ends_with(p.slug_prefix.as_str()) {
        for sfx in std::iter::once("").chain(p.openrouter_suffixes.iter().map(String::as_str)) {
            let Some(base) = core.strip_suffix(sfx) else {
                continue;
            };
            if let Some(&i) = reg.openrouter_entry(base) {
                if reg
                    .index_entry(base)
                    .is_some_and(|(_, f)| *f != Form::OpenRouter && *f != Form::Invalid)
                {
                    break;
                }
                return Some(Match {
                    platform: reg.platform(),
                    model: reg.model_at(i),
                    form: Form::OpenRouter,
                    wrapper: wrapper.to_string(),
                    suffix: sfx.to_string(),
                    ambiguous: None,
                });
            }
        }
    }
    if let Some((i, form)) = reg.index_entry(core) {
        return Some(Match {
            platform: reg.platform(),
            model: reg.model_at(*i),
            form: form.clone(),
            wrapper: wrapper.to_string(),
            suffix: String::new(),
            ambiguous: None,
        });
    }
    // After a Vertex wrapper, a Vertex alias that is also a generic spelling is Vertex's.
    if wrapper.starts_with("vertex") || wrapper.ends_with(reg.platform().vertex_resource.as_str()) {
        if let Some(i) = reg
            .models()
            .iter()
            .position(|m| m.vertex_aliases.iter().any(|a| a == core))
        {
            return Some(Match {
                platform: reg.platform(),
                model: reg.model_at(i),
                form: Form::Vertex,
                wrapper: wrapper.to_string(),
                suffix: String::new(),
                ambiguous: None,
            });
        }
    }
    if let Some(&(i, dotted)) = reg.spelling_entry(core) {
        return Some(Match {
            platform: reg.platform(),
            model: reg.model_at(i),
            form: Form::Spelling {
                dotted,
                dated: false,
            },
            wrapper: wrapper.to_string(),
            suffix: String::new(),
            ambiguous: None,
        });
    }
    // A date the family never had: `claude-3-5-haiku-20241120`, `claude-sonnet-4-5-20250514`.
    if let Some(p) = name_parts(reg.platform(), core).filter(|p| p.date.is_some()) {
        let family = core.trim_end_matches(p.date.unwrap_or_default());
        let family = family.trim_end_matches('-');
        let model = reg
            .index_entry(family)
            .map(|(i, _)| *i)
            .or_else(|| reg.spelling_entry(family).map(|(i, _)| *i));
        if let Some(i) = model {
            return Some(Match {
                platform: reg.platform(),
                model: reg.model_at(i),
                form: Form::Spelling {
                    dotted: p.minor.is_some() && family.contains('.'),
                    dated: true,
                },
                wrapper: wrapper.to_string(),
                suffix: String::new(),
                ambiguous: None,
            });
        }
    }
    // A cross-region prefix before a Bedrock ID: `us.anthropic.claude-...`.
    let (region, rest) = core.split_once('.')?;
    if !p.bedrock_regions.iter().any(|r| r == region) {
        return None;
    }
    let (i, form) = reg.index_entry(rest)?;
    let form = match form {
        Form::Bedrock { region: None } => Form::Bedrock {
            region: Some(region.to_string()),
        },
        Form::BedrockMessages { region: None } => Form::BedrockMessages {
            region: Some(region.to_string()),
        },
        _ => return None,
    };
    Some(Match {
        platform: reg.platform(),
        model: reg.model_at(*i),
        form,
        wrapper: wrapper.to_string(),
        suffix: String::new(),
        ambiguous: None,
    })
}

pub(crate) fn lookup<'r>(reg: &'r Registry, text: &str) -> Option<Match<'r>> {
    let mut m = lookup_any(reg, text)?;
    // Each model is written in its own provider's style.
    m.platform = reg.platform_of(&m.model.provider);
    Some(m)
}

fn lookup_any<'r>(reg: &'r Registry, text: &str) -> Option<Match<'r>> {
    if let Some(m) = lookup_core(reg, text, "") {
        return Some(m);
    }
    // A wrapper is one provider's (`openai:`, `gemini/`): what follows must be that provider's
    // model. Several providers may use the same wrapper (`vertex_ai/`).
    for p in reg.platforms() {
        for w in &p.wrappers {
            if let Some(core) = text.strip_prefix(w.as_str()) {
                if let Some(m) =
                    lookup_core(reg, core, w).filter(|m| m.model.provider == p.provider)
                {
                    return Some(m);
                }
            }
        }
    }
    // Bedrock ARNs: arn:aws:bedrock:<region>:<account>:foundation-model/<id> or inference-profile/<id>.
    if text.starts_with("arn:aws") && text.contains(":bedrock:") {
        for kind in ["foundation-model/", "inference-profile/"] {
            if let Some(pos) = text.find(kind) {
                let head = &text[..pos + kind.len()];
                return lookup_core(reg, &text[head.len()..], head);
            }
        }
    }
    // Vertex resource names: [projects/p/locations/l/]publishers/<publisher>/models/<id>.
    for p in reg.platforms() {
        let vertex_path = p.vertex_resource.as_str();
        if vertex_path.is_empty() {
            continue;
        }
        if let Some(pos) = text.find(vertex_path) {
            let head = &text[..pos + vertex_path.len()];
            if let Some(m) = lookup_core(reg, &text[head.len()..], head)
                .filter(|m| m.model.provider == p.provider)
            {
                return Some(m);
            }
        }
    }
    None
}

/// The needles for the prefilter: the longest substring common to every key when it has at least
/// four characters, otherwise every key.
pub(crate) fn common_needles(keys: &[&str]) -> Vec<String> {
    let Some(shortest) = keys.iter().min_by_key(|k| k.len()) else {
        return Vec::new();
    };
    for len in (4..=shortest.len()).rev() {
        for start in 0..=shortest.len() - len {
            let Some(cand) = shortest.get(start..start + len) else {
                continue;
            };
            if keys.iter().all(|k| k.contains(cand)) {
                return vec![cand.to_string()];
            }
        }
    }
    let mut all: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    all.sort();
    all
}

/// Levenshtein distance, for suggestions.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
