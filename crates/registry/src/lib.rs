//! The model catalog: every published model with its lifecycle, replacement, platform IDs and limits.
//!
//! The data lives in `registry/<provider>.toml` (Anthropic, OpenAI, Google), one file per provider,
//! embedded at compile time and loaded into one catalog. Users can merge their own files over it
//! ([`Registry::load`]). Status is evaluated at an `as_of` date; replacements are
//! followed until a model that is live at that date ([`Registry::resolve`]).

mod data;
mod forms;

pub use data::{Companion, HistoryEntry, Invalid, Library, Model, Platform, Source};
pub use forms::{Form, Match};

use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

/// The embedded catalog, as shipped: Anthropic's file (whose `[platform]` holds the grammar of
/// Claude names and the Bedrock and Vertex facts).
pub const EMBEDDED: &str = include_str!("../../../registry/anthropic.toml");

/// The other providers' files, in the order they are loaded after Anthropic's.
pub const EMBEDDED_PROVIDERS: &[(&str, &str)] = &[
    (
        "registry/openai.toml",
        include_str!("../../../registry/openai.toml"),
    ),
    (
        "registry/google.toml",
        include_str!("../../../registry/google.toml"),
    ),
];

/// A needle shorter than four bytes (the bare ID `o1`) would stop a literal search at almost every
/// line of text; it is searched as a whole value instead: quoted, or after `: ` or `=`.
fn delimited(needle: String) -> Vec<String> {
    if needle.len() >= 4 {
        return vec![needle];
    }
    ["\"{}\"", "'{}'", "`{}`", ": {}", "={}"]
        .iter()
        .map(|f| f.replace("{}", &needle))
        .collect()
}

/// A model's lifecycle state at a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Active,
    Legacy,
    Deprecated,
    Retired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Legacy => "legacy",
            Status::Deprecated => "deprecated",
            Status::Retired => "retired",
        }
    }

    /// Live models can be called: active and legacy ones.
    pub fn is_live(self) -> bool {
        matches!(self, Status::Active | Status::Legacy)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which replacement a fix points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// The official replacement, followed until a live model.
    #[default]
    Official,
    /// The newest live model of the same tier as the official replacement.
    Latest,
}

/// Errors loading or validating registry data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("unknown provider `{name}`: the registry has {known}")]
    UnknownProvider { name: String, known: String },
    /// The OS error is the source, not part of the message, so that a reporter printing the chain
    /// shows it once.
    #[error("{path}: cannot read")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Why a model could not be resolved to a live replacement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("{0} is not a known model")]
    Unknown(String),
    #[error("{0} has no replacement that is live at this date")]
    DeadEnd(String),
    #[error("the replacement chain from {0} loops")]
    Cycle(String),
}

/// The loaded, validated catalog with its lookup index.
#[derive(Debug, Clone)]
pub struct Registry {
    compiled: Option<Date>,
    models: Vec<Model>,
    invalid: Vec<Invalid>,
    companions: Vec<Companion>,
    libraries: Vec<Library>,
    platform: Platform,
    /// Every provider's `[platform]`, Anthropic's first.
    platforms: Vec<Platform>,
    sources: std::collections::BTreeMap<String, Source>,
    by_id: HashMap<String, usize>,
    index: HashMap<String, (usize, Form)>,
    openrouter: HashMap<String, usize>,
    gateway: HashMap<String, usize>,
    spellings: HashMap<String, (usize, bool)>,
    known: Vec<String>,
}

impl Registry {
    /// The embedded catalog.
    pub fn embedded() -> Result<Registry, Error> {
        Registry::load(&[])
    }

    /// The embedded catalog with the given user files merged over it, in order.
    ///
    /// An error names the file at fault: for a problem found after merging, the file that last set
    /// the offending value (and, for one that involves several models, the files of each).
    pub fn load(overlays: &[PathBuf]) -> Result<Registry, Error> {
        Registry::load_providers(overlays, None)
    }

    /// Like [`Registry::load`], keeping only the models and companions of the given providers
    /// (`anthropic`, `openai`, `google`); `None` keeps all. An unknown name is an error.
    pub fn load_providers(
        overlays: &[PathBuf],
        keep: Option<&[String]>,
    ) -> Result<Registry, Error> {
        let embedded = Path::new("registry/anthropic.toml");
        let mut doc = data::parse_doc(embedded, EMBEDDED)?;
        let Some(first) = doc.get("provider").and_then(toml::Value::as_str) else {
            return Err(Error::Invalid {
                path: embedded.to_path_buf(),
                message: "`provider` must be given as a string".into(),
            });
        };
        let first = first.to_string();
        for key in ["model", "companion"] {
            if let Some(toml::Value::Array(items)) = doc.get_mut(key) {
                for t in items.iter_mut().filter_map(toml::Value::as_table_mut) {
                    t.entry("provider")
                        .or_insert_with(|| toml::Value::String(first.clone()));
                }
            }
        }
        let mut origins = data::Origins::new(embedded);
        let mut others = Vec::new();
        for (path, text) in EMBEDDED_PROVIDERS {
            let path = Path::new(path);
            let other = data::parse_doc(path, text)?;
            others.push(data::append_embedded(
                &mut doc,
                &mut origins,
                path,
                text,
                other,
            )?);
        }
        let providers: Vec<String> = std::iter::once(first.clone())
            .chain(others.iter().map(|p| p.provider.clone()))
            .collect();
        if let Some(unknown) = keep.into_iter().flatten().find(|k| !providers.contains(k)) {
            return Err(Error::UnknownProvider {
                name: unknown.clone(),
                known: providers.join(", "),
            });
        }
        for path in overlays {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let overlay = data::parse_doc(path, &text)?;
            data::merge_checked(&mut doc, &mut origins, path, &text, overlay, &providers)?;
        }
        let mut file = data::into_file(embedded, doc)?;
        file.platform.provider = first;
        file.platforms = std::iter::once(file.platform.clone())
            .chain(others)
            .collect();
        if let Some(keep) = keep {
            file.model.retain(|m| keep.contains(&m.provider));
            file.companion.retain(|c| keep.contains(&c.provider));
            let ids: std::collections::HashSet<&str> =
                file.model.iter().map(|m| m.id.as_str()).collect();
            file.invalid.retain(|i| ids.contains(i.likely.as_str()));
            let comps: std::collections::HashSet<&str> =
                file.companion.iter().map(|c| c.id.as_str()).collect();
            file.library
                .retain(|l| l.sends.iter().all(|c| comps.contains(c.as_str())));
            // A kept model's replacement is of its own provider, so chains stay whole.
        }
        Registry::build(&origins, file)
    }

    fn build(origins: &data::Origins, file: data::File) -> Result<Registry, Error> {
        let mut by_id = HashMap::new();
        for (i, m) in file.model.iter().enumerate() {
            if by_id.insert(m.id.clone(), i).is_some() {
                // User files cannot repeat an ID (merging catches it), so this is the embedded file.
                return Err(Error::Invalid {
                    path: origins
                        .path(origins.field("model", &m.id, "id"))
                        .to_path_buf(),
                    message: format!("model `{}` is listed twice", m.id),
                });
            }
        }
        let mut reg = Registry {
            compiled: file.compiled,
            models: file.model,
            invalid: file.invalid,
            companions: file.companion,
            libraries: file.library,
            platform: file.platform,
            platforms: file.platforms,
            sources: file.sources,
            by_id,
            index: HashMap::new(),
            openrouter: HashMap::new(),
            gateway: HashMap::new(),
            spellings: HashMap::new(),
            known: Vec::new(),
        };
        reg.validate()
            .and_then(|()| reg.check_cycles())
            .map_err(|p| p.into_error(origins))?;
        reg.index = forms::build_index(&reg).map_err(|p| p.into_error(origins))?;
        reg.openrouter = forms::build_openrouter(&reg);
        reg.gateway = forms::build_gateway(&reg);
        reg.spellings = forms::build_spellings(&reg);
        reg.known = forms::known_strings(&reg);
        Ok(reg)
    }

    fn validate(&self) -> Result<(), Problem> {
        for m in &self.models {
            let fail = |fields: &[&'static str], message: String| {
                Err(Problem::one("model", &m.id, fields, message))
            };
            let mut refs: Vec<(&'static str, &str)> =
                vec![("lifecycle_source", &m.lifecycle_source)];
            let optional = [
                ("replacement_source", &m.replacement_source),
                ("aliases_source", &m.aliases_source),
                ("bedrock_source", &m.bedrock_source),
                ("vertex_source", &m.vertex_source),
                ("vertex_lifecycle_source", &m.vertex_lifecycle_source),
                ("openrouter_source", &m.openrouter_source),
                ("gateway_source", &m.gateway_source),
                ("limits_source", &m.limits_source),
                ("price_source", &m.price_source),
            ];
            refs.extend(
                optional
                    .iter()
                    .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
            );
            refs.extend(
                m.replacement_history
                    .iter()
                    .map(|h| ("replacement_history", h.source.as_str())),
            );
            for (key, source) in refs {
                if !self.sources.contains_key(source) {
                    return fail(
                        &[key],
                        format!(
                            "model `{}`: {key} names source `{source}`, which is not in [sources]",
                            m.id
                        ),
                    );
                }
            }
            let needs: [(bool, bool, &[&'static str], &str, &str); 8] = [
                (
                    m.replacement.is_some(),
                    m.replacement_source.is_some(),
                    &["replacement"],
                    "replacement",
                    "replacement_source",
                ),
                (
                    !m.aliases.is_empty(),
                    m.aliases_source.is_some(),
                    &["aliases"],
                    "aliases",
                    "aliases_source",
                ),
                (
                    !m.bedrock.is_empty() || m.bedrock_messages.is_some(),
                    m.bedrock_source.is_some(),
                    &["bedrock", "bedrock_messages"],
                    "bedrock",
                    "bedrock_source",
                ),
                (
                    m.vertex.is_some() || !m.vertex_aliases.is_empty(),
                    m.vertex_source.is_some(),
                    &["vertex", "vertex_aliases"],
                    "vertex",
                    "vertex_source",
                ),
                (
                    m.vertex_deprecated.is_some() || m.vertex_retires.is_some(),
                    m.vertex_lifecycle_source.is_some(),
                    &["vertex_deprecated", "vertex_retires"],
                    "a Vertex AI lifecycle date",
                    "vertex_lifecycle_source",
                ),
                (
                    m.gateway.is_some() || !m.gateway_history.is_empty(),
                    m.gateway_source.is_some(),
                    &["gateway", "gateway_history"],
                    "gateway",
                    "gateway_source",
                ),
                (
                    m.context_window.is_some() || m.max_output.is_some(),
                    m.limits_source.is_some(),
                    &["context_window", "max_output"],
                    "limits",
                    "limits_source",
                ),
                (
                    m.price_input.is_some() || m.price_output.is_some(),
                    m.price_source.is_some(),
                    &["price_input", "price_output"],
                    "price",
                    "price_source",
                ),
            ];
            for (has, sourced, fields, what, key) in needs {
                if has && !sourced {
                    return fail(
                        fields,
                        format!("model `{}`: {what} is given without {key}", m.id),
                    );
                }
            }
            if let Some(c) = m.lifecycle_confidence.as_deref() {
                if c != "reported" {
                    return fail(
                        &["lifecycle_confidence"],
                        format!(
                            "model `{}`: lifecycle_confidence `{c}` is not `reported`",
                            m.id
                        ),
                    );
                }
            }
            const PREFIXES: &[&str] = &["global", "us", "eu", "apac", "jp", "au"];
            if let Some(p) = m
                .bedrock_prefixes
                .iter()
                .chain(&m.bedrock_prefixes_reported)
                .find(|p| !PREFIXES.contains(&p.as_str()))
            {
                return fail(
                    &["bedrock_prefixes"],
                    format!(
                        "model `{}`: Bedrock prefix `{p}` is not one of {}",
                        m.id,
                        PREFIXES.join(", ")
                    ),
                );
            }
            if let Some(c) = m.replacement_confidence.as_deref() {
                if c != "reported" && c != "unstated" {
                    return fail(
                        &["replacement_confidence"],
                        format!(
                            "model `{}`: replacement_confidence `{c}` is neither `reported` nor `unstated`",
                            m.id
                        ),
                    );
                }
            }
            if let Some(r) = &m.replacement {
                if !self.by_id.contains_key(r) {
                    return fail(
                        &["replacement"],
                        format!("model `{}`: replacement `{r}` is not a known model", m.id),
                    );
                }
                if r == &m.id {
                    return fail(
                        &["replacement"],
                        format!("model `{}` names itself as its replacement", m.id),
                    );
                }
            }
            if (m.deprecated.is_some() || m.retires.is_some()) && m.replacement.is_none() {
                return fail(
                    &["deprecated", "retires"],
                    format!(
                        "model `{}` is deprecated or retires but has no replacement",
                        m.id
                    ),
                );
            }
            if let (Some(d), Some(r)) = (m.deprecated, m.retires) {
                if d >= r {
                    return Err(Problem::fields(
                        "model",
                        &m.id,
                        &["deprecated", "retires"],
                        format!(
                            "model `{}`: deprecated ({d}) is not earlier than retires ({r})",
                            m.id
                        ),
                    ));
                }
            }
            if let Some(rel) = m.released {
                for (key, date) in [("deprecated", m.deprecated), ("retires", m.retires)] {
                    if let Some(date) = date.filter(|&date| date < rel) {
                        return Err(Problem::fields(
                            "model",
                            &m.id,
                            &["released", key],
                            format!(
                                "model `{}`: {key} ({date}) is earlier than released ({rel})",
                                m.id
                            ),
                        ));
                    }
                }
            }
        }
        for c in &self.companions {
            let fail = |field: &'static str, message: String| {
                Err(Problem::one("companion", &c.id, &[field], message))
            };
            if !matches!(
                c.kind.as_str(),
                "tool" | "beta" | "parameter" | "api" | "response"
            ) {
                return fail(
                    "kind",
                    format!(
                        "companion `{}`: kind `{}` is not one of tool, beta, parameter, api, response",
                        c.id, c.kind
                    ),
                );
            }
            if !self.sources.contains_key(&c.source) {
                return fail(
                    "source",
                    format!(
                        "companion `{}` names source `{}`, which is not in [sources]",
                        c.id, c.source
                    ),
                );
            }
            if let Some(m) = c
                .accepted_by
                .iter()
                .find(|m| self.get(m).is_none_or(|model| model.provider != c.provider))
            {
                return fail(
                    "accepted_by",
                    format!(
                        "companion `{}`: accepted_by names `{m}`, which is not a known model of {}",
                        c.id, c.provider
                    ),
                );
            }
        }
        for p in &self.platforms {
            let fail = |field: &'static str, message: String| {
                Err(Problem::one("platform", "platform", &[field], message))
            };
            if let Some(s) = p.sources.iter().find(|s| !self.sources.contains_key(*s)) {
                return fail(
                    "sources",
                    format!(
                        "[platform] of `{}` names source `{s}`, which is not in [sources]",
                        p.provider
                    ),
                );
            }
            if p.fixes != "safe" && p.fixes != "review" {
                return fail(
                    "fixes",
                    format!(
                        "[platform] of `{}`: fixes `{}` is neither `safe` nor `review`",
                        p.provider, p.fixes
                    ),
                );
            }
            let own = |id: &str| {
                self.models.iter().any(|m| {
                    m.provider == p.provider && (m.id == id || m.aliases.iter().any(|a| a == id))
                })
            };
            let listed = p.generic_ids.iter().chain(&p.unscanned);
            if let Some(id) = listed.into_iter().find(|id| !own(id)) {
                if self.models.iter().any(|m| m.provider == p.provider) {
                    return fail(
                        "generic_ids",
                        format!(
                            "[platform] of `{}` lists `{id}`, which is not an ID or alias of its models",
                            p.provider
                        ),
                    );
                }
            }
        }
        for m in &self.models {
            if let Some(r) = m.replacement.as_deref().and_then(|r| self.get(r)) {
                if r.provider != m.provider {
                    return Err(Problem::one(
                        "model",
                        &m.id,
                        &["replacement"],
                        format!(
                            "model `{}` ({}): replacement `{}` is a model of {}",
                            m.id, m.provider, r.id, r.provider
                        ),
                    ));
                }
            }
        }
        for l in &self.libraries {
            let fail = |field: &'static str, message: String| {
                Err(Problem::one("library", &l.id, &[field], message))
            };
            if l.ecosystem != "npm" {
                return fail(
                    "ecosystem",
                    format!(
                        "library `{}`: ecosystem `{}` is not `npm`",
                        l.id, l.ecosystem
                    ),
                );
            }
            if parse_version(&l.versions_below).is_none() {
                return fail(
                    "versions_below",
                    format!(
                        "library `{}`: versions_below `{}` is not a version (`1.0.0`)",
                        l.id, l.versions_below
                    ),
                );
            }
            if !self.sources.contains_key(&l.source) {
                return fail(
                    "source",
                    format!(
                        "library `{}` names source `{}`, which is not in [sources]",
                        l.id, l.source
                    ),
                );
            }
            if let Some(c) = l.sends.iter().find(|c| self.companion(c).is_none()) {
                return fail(
                    "sends",
                    format!("library `{}`: sends `{c}`, which is not a companion", l.id),
                );
            }
        }
        for inv in &self.invalid {
            let fail = |field: &'static str, message: String| {
                Err(Problem::one("invalid", &inv.id, &[field], message))
            };
            if !self.by_id.contains_key(&inv.likely) {
                return fail(
                    "likely",
                    format!(
                        "invalid ID `{}`: likely `{}` is not a known model",
                        inv.id, inv.likely
                    ),
                );
            }
            if !self.sources.contains_key(&inv.source) {
                return fail(
                    "source",
                    format!(
                        "invalid ID `{}` names source `{}`, which is not in [sources]",
                        inv.id, inv.source
                    ),
                );
            }
        }
        Ok(())
    }

    /// Rejects replacements that lead back to a model already on the chain. Runs after
    /// [`Registry::validate`], so every replacement names a known model other than itself.
    fn check_cycles(&self) -> Result<(), Problem> {
        // 0: not visited, 1: on the chain being followed, 2: known to end.
        let mut state = vec![0u8; self.models.len()];
        for start in 0..self.models.len() {
            let mut chain = Vec::new();
            let mut cur = Some(start);
            while let Some(i) = cur {
                match state[i] {
                    2 => break,
                    1 => {
                        let from = chain.iter().position(|&j| j == i).unwrap_or(0);
                        return Err(self.cycle(&chain[from..]));
                    }
                    _ => {}
                }
                state[i] = 1;
                chain.push(i);
                cur = self.models[i]
                    .replacement
                    .as_deref()
                    .and_then(|r| self.by_id.get(r).copied());
            }
            for j in chain {
                state[j] = 2;
            }
        }
        Ok(())
    }

    fn cycle(&self, members: &[usize]) -> Problem {
        let ids: Vec<&str> = members
            .iter()
            .map(|&i| self.models[i].id.as_str())
            .collect();
        let names: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        Problem {
            parts: ids
                .iter()
                .map(|id| Part {
                    section: "model",
                    id: id.to_string(),
                    fields: vec!["replacement"],
                    label: format!("`{id}`"),
                })
                .collect(),
            message: Box::new(move |lead: &str| {
                let lead = format!("`{lead}`");
                let mut path = rotate(&names, &lead);
                path.push(lead.clone());
                format!(
                    "model {lead}: replacements form a cycle: {}",
                    path.join(" -> ")
                )
            }),
            detail: "the replacement of",
        }
    }

    /// The day the data was last checked against its sources (the newest file's `compiled`).
    pub fn compiled(&self) -> Option<Date> {
        self.compiled
    }

    pub fn models(&self) -> &[Model] {
        &self.models
    }

    pub fn invalid_ids(&self) -> &[Invalid] {
        &self.invalid
    }

    /// Tool versions, beta headers and APIs that only some models accept.
    pub fn companions(&self) -> &[Companion] {
        &self.companions
    }

    /// How the provider's IDs are written (`[platform]`).
    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    /// Client libraries that send companions of their own (`[[library]]`).
    pub fn libraries(&self) -> &[Library] {
        &self.libraries
    }

    /// The companion with this ID (the first provider's that lists it).
    pub fn companion(&self, id: &str) -> Option<&Companion> {
        self.companions.iter().find(|c| c.id == id)
    }

    /// The companion with this ID that the given provider lists: what its models accept.
    pub fn companion_of(&self, id: &str, provider: &str) -> Option<&Companion> {
        self.companions
            .iter()
            .find(|c| c.id == id && c.provider == provider)
    }

    /// Every provider's `[platform]`, Anthropic's first.
    pub fn platforms(&self) -> &[Platform] {
        &self.platforms
    }

    /// The `[platform]` of a provider (Anthropic's for one the registry does not have).
    pub fn platform_of(&self, provider: &str) -> &Platform {
        self.platforms
            .iter()
            .find(|p| p.provider == provider)
            .unwrap_or(&self.platform)
    }

    /// The providers in the catalog, in load order.
    pub fn providers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.platforms {
            if self.models.iter().any(|m| m.provider == p.provider) {
                out.push(&p.provider);
            }
        }
        out
    }

    /// Whether `text` (without a wrapper) is one of its provider's generic IDs (`gpt-4`): a
    /// common name in prose and tables, rewritten only where a key names it as the model.
    pub fn is_generic(&self, text: &str) -> bool {
        let Some(m) = self.lookup(text) else {
            return false;
        };
        // A wrapped ID (`openai:gpt-4o`) names the model for sure.
        m.wrapper.is_empty() && m.platform.generic_ids.iter().any(|g| g == text)
    }

    pub fn sources(&self) -> &std::collections::BTreeMap<String, Source> {
        &self.sources
    }

    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }

    /// The model with this canonical ID.
    pub fn get(&self, id: &str) -> Option<&Model> {
        self.by_id.get(id).map(|&i| &self.models[i])
    }

    /// Every string a search should look for: canonical IDs, aliases, platform IDs, invalid IDs, and
    /// `anthropic/` + OpenRouter slugs and API IDs (so that `anthropic/claude-opus-4-8` is found
    /// whole rather than as the slug `anthropic/claude-opus-4` with a suffix). Sorted.
    pub fn known_strings(&self) -> impl Iterator<Item = &str> {
        self.known.iter().map(String::as_str)
    }

    /// Substrings that every known form contains, for a cheap prefilter before parsing. When the forms
    /// share a long enough common substring (normally `claude`), that one needle; otherwise every form.
    ///
    /// With several providers, the union of each provider's: its `[platform] needles` when the
    /// data gives them, else the substring its forms share. A form that no needle covers (a user
    /// file's new ID) is a needle itself, so the prefilter never hides a known string; one shorter
    /// than four bytes (`o1`) is searched as a whole value (`"o1"`, `: o1`, `=o1`).
    pub fn needles(&self) -> Vec<String> {
        self.needles_for(None)
    }

    /// The needles that cover the forms of the given models only (canonical IDs; all when
    /// `None`): a file that names only other models (live ones) has nothing to report, so the
    /// prefilter needs fewer literals.
    pub fn needles_for(&self, models: Option<&std::collections::HashSet<String>>) -> Vec<String> {
        let mut out: Vec<String> = self
            .needles_by_provider(models)
            .into_iter()
            .flat_map(|(_, n)| n)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Each provider's needles (as [`Registry::needles_for`] gives them), with the provider.
    pub fn needles_by_provider(
        &self,
        models: Option<&std::collections::HashSet<String>>,
    ) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        let mut by_provider: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut orphans: Vec<&str> = Vec::new();
        for k in self.known_strings() {
            match self.lookup(k) {
                Some(m) if models.is_none_or(|set| set.contains(&m.model.id)) => {
                    by_provider.entry(&m.model.provider).or_default().push(k)
                }
                Some(_) => {}
                None => orphans.push(k),
            }
        }
        for p in &self.platforms {
            let Some(keys) = by_provider.get(p.provider.as_str()) else {
                continue;
            };
            let mut needles = if p.needles.is_empty() {
                forms::common_needles(keys)
            } else {
                p.needles
                    .iter()
                    .filter(|n| keys.iter().any(|k| forms::covers(n, k)))
                    .cloned()
                    .collect()
            };
            let mut own: Vec<String> = Vec::new();
            for k in keys.iter().chain(&orphans) {
                if !needles.iter().chain(&own).any(|n| forms::covers(n, k)) {
                    own.push(k.to_string());
                }
            }
            needles.extend(own.into_iter().flat_map(delimited));
            needles.sort();
            needles.dedup();
            out.push((p.provider.clone(), needles));
        }
        out
    }

    /// Follows the replacement chain of `id` until a model live at `as_of`.
    pub fn resolve(&self, id: &str, as_of: Date, target: Target) -> Result<&Model, ResolveError> {
        let start = self
            .get(id)
            .ok_or_else(|| ResolveError::Unknown(id.to_string()))?;
        let mut seen = BTreeSet::new();
        let mut cur = start;
        while !cur.status(as_of).is_live() {
            if !seen.insert(cur.id.as_str()) {
                return Err(ResolveError::Cycle(id.to_string()));
            }
            let next = cur
                .replacement
                .as_deref()
                .and_then(|r| self.get(r))
                .ok_or_else(|| ResolveError::DeadEnd(id.to_string()))?;
            cur = next;
        }
        if cur.id == start.id {
            // A live model needs no replacement.
            return Ok(cur);
        }
        match target {
            Target::Official => Ok(cur),
            Target::Latest => Ok(self.latest_of_tier(&cur.tier, as_of).unwrap_or(cur)),
        }
    }

    /// The newest model of a tier that is live at `as_of`, by release date.
    pub fn latest_of_tier(&self, tier: &str, as_of: Date) -> Option<&Model> {
        self.models
            .iter()
            .filter(|m| m.tier == tier && m.status(as_of).is_live() && !m.invite_only)
            .max_by(|a, b| a.released.cmp(&b.released).then_with(|| a.id.cmp(&b.id)))
    }

    /// Looks up a whole string (a literal's content) as a model ID in any known form.
    pub fn lookup(&self, text: &str) -> Option<Match<'_>> {
        forms::lookup(self, text)
    }

    /// The IDs closest to `text`, for "did you mean" suggestions.
    pub fn suggest(&self, text: &str, n: usize) -> Vec<&str> {
        let mut scored: Vec<(usize, &str)> = self
            .by_id
            .keys()
            .map(|k| (forms::edit_distance(text, k), k.as_str()))
            .collect();
        scored.sort();
        scored.into_iter().take(n).map(|(_, k)| k).collect()
    }

    pub(crate) fn index_entry(&self, key: &str) -> Option<&(usize, Form)> {
        self.index.get(key)
    }

    pub(crate) fn index_keys(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    pub(crate) fn openrouter_slugs(&self) -> impl Iterator<Item = &str> {
        self.openrouter.keys().map(String::as_str)
    }

    /// Whether OpenRouter writes this slug (after `anthropic/`) too, by its pattern or the registry.
    pub fn is_openrouter_slug(&self, slug: &str) -> bool {
        self.openrouter.contains_key(slug)
    }

    pub(crate) fn gateway_slugs(&self) -> impl Iterator<Item = &str> {
        self.gateway.keys().map(String::as_str)
    }

    pub(crate) fn gateway_entry(&self, slug: &str) -> Option<&usize> {
        self.gateway.get(slug)
    }

    pub(crate) fn spelling_keys(&self) -> impl Iterator<Item = &str> {
        self.spellings.keys().map(String::as_str)
    }

    pub(crate) fn spelling_entry(&self, text: &str) -> Option<&(usize, bool)> {
        self.spellings.get(text)
    }

    pub(crate) fn openrouter_entry(&self, slug: &str) -> Option<&usize> {
        self.openrouter.get(slug)
    }

    pub(crate) fn model_at(&self, i: usize) -> &Model {
        &self.models[i]
    }
}

impl Model {
    /// The lifecycle state at `as_of`: retired from the retirement date on, deprecated from the
    /// deprecation date on, otherwise legacy or active.
    pub fn status(&self, as_of: Date) -> Status {
        if self.retires.is_some_and(|r| as_of >= r) {
            Status::Retired
        } else if self.deprecated.is_some_and(|d| as_of >= d) {
            Status::Deprecated
        } else if self.legacy {
            Status::Legacy
        } else {
            Status::Active
        }
    }
}

/// A validation error, with the values that caused it, to be blamed on the files that set them.
pub(crate) struct Problem {
    /// The values involved, in the order the message names them.
    parts: Vec<Part>,
    /// The message, given the id of the entry whose file is blamed.
    message: Box<dyn Fn(&str) -> String>,
    /// What precedes the list of files when the values come from several: "the replacement of" in
    /// "(the replacement of `a` in a.toml, `b` in b.toml)".
    detail: &'static str,
}

/// Some fields of one entry, and how to name them in a list of files.
pub(crate) struct Part {
    /// `model`, `invalid` or `companion`.
    pub section: &'static str,
    pub id: String,
    pub fields: Vec<&'static str>,
    pub label: String,
}

impl Problem {
    pub(crate) fn one(
        section: &'static str,
        id: &str,
        fields: &[&'static str],
        message: String,
    ) -> Problem {
        Problem::between(
            "",
            vec![Part {
                section,
                id: id.to_string(),
                fields: fields.to_vec(),
                label: String::new(),
            }],
            message,
        )
    }

    /// A problem between two or more fields of one entry, such as dates out of order.
    pub(crate) fn fields(
        section: &'static str,
        id: &str,
        fields: &[&'static str],
        message: String,
    ) -> Problem {
        let parts = fields
            .iter()
            .map(|&f| Part {
                section,
                id: id.to_string(),
                fields: vec![f],
                label: format!("`{f}`"),
            })
            .collect();
        Problem::between("", parts, message)
    }

    /// A problem between several entries, such as a string claimed by two models.
    pub(crate) fn between(detail: &'static str, parts: Vec<Part>, message: String) -> Problem {
        Problem {
            parts,
            message: Box::new(move |_| message.clone()),
            detail,
        }
    }

    /// Blames the latest file that set one of the values involved. When the values come from
    /// different files, the message lists each.
    fn into_error(self, origins: &data::Origins) -> Error {
        let files: Vec<usize> = self
            .parts
            .iter()
            .map(|p| origins.last(p.section, &p.id, &p.fields))
            .collect();
        // The first of the latest: the file that completed the problem.
        let lead = (0..files.len())
            .max_by(|&a, &b| files[a].cmp(&files[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        let mut message = (self.message)(&self.parts[lead].id);
        if files.iter().any(|&f| f != files[lead]) {
            let order = rotate(&(0..files.len()).collect::<Vec<_>>(), &lead);
            let list: Vec<String> = order
                .iter()
                .map(|&i| {
                    format!(
                        "{} in {}",
                        self.parts[i].label,
                        origins.path(files[i]).display()
                    )
                })
                .collect();
            let detail = if self.detail.is_empty() {
                String::new()
            } else {
                format!("{} ", self.detail)
            };
            message.push_str(&format!(" ({detail}{})", list.join(", ")));
        }
        Error::Invalid {
            path: origins.path(files[lead]).to_path_buf(),
            message,
        }
    }
}

/// `items` rotated to start at the first element equal to `first` (unchanged if there is none).
fn rotate<T: Clone + PartialEq>(items: &[T], first: &T) -> Vec<T> {
    let at = items.iter().position(|x| x == first).unwrap_or(0);
    items[at..].iter().chain(&items[..at]).cloned().collect()
}

/// Today's date in UTC.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// A version `MAJOR.MINOR.PATCH` (missing parts are 0; a pre-release or build tail is dropped).
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let core = text.trim().trim_start_matches('v');
    let core = core.split(['-', '+']).next()?;
    let mut parts = core.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    let patch = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    Some((major, minor, patch))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("`{s}` is not a date in YYYY-MM-DD form: {e}"))
}

#[cfg(test)]
mod tests;
