//! The registry file format: serde types, parsing with located errors, and merging of user files.

use crate::Error;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use toml::{Table, Value};

fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let s = String::deserialize(d)?;
    crate::parse_date(&s).map_err(serde::de::Error::custom)
}

fn opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    date(d).map(Some)
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "opt_date")]
    pub retrieved: Option<Date>,
    #[serde(default)]
    pub title: Option<String>,
}

/// An earlier official replacement, valid from `since`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    #[serde(deserialize_with = "date")]
    pub since: Date,
    pub id: String,
    pub source: String,
}

/// One published model. Field meanings are documented in `docs/registry.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    /// The provider whose file lists the model (`anthropic`, `openai`, `google`); set from the
    /// file's `provider` when not given.
    #[serde(default)]
    pub provider: String,
    pub name: String,
    pub tier: String,
    #[serde(default, deserialize_with = "opt_date")]
    pub released: Option<Date>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub aliases_source: Option<String>,
    #[serde(default)]
    pub legacy: bool,
    #[serde(default)]
    pub invite_only: bool,
    #[serde(default, deserialize_with = "opt_date")]
    pub deprecated: Option<Date>,
    #[serde(default, deserialize_with = "opt_date")]
    pub retires: Option<Date>,
    #[serde(default, deserialize_with = "opt_date")]
    pub retirement_floor: Option<Date>,
    #[serde(default)]
    pub retirement_note: Option<String>,
    pub lifecycle_source: String,
    /// `reported` when the lifecycle dates come from third-party material only.
    #[serde(default)]
    pub lifecycle_confidence: Option<String>,
    #[serde(default)]
    pub replacement: Option<String>,
    #[serde(default, deserialize_with = "opt_date")]
    pub replacement_stated: Option<Date>,
    #[serde(default)]
    pub replacement_source: Option<String>,
    #[serde(default)]
    pub replacement_history: Vec<HistoryEntry>,
    /// `unstated` when the newest official source no longer names the replacement (an older one
    /// did), `reported` when only third-party material names it. Fixes to it are for review.
    #[serde(default)]
    pub replacement_confidence: Option<String>,
    #[serde(default)]
    pub bedrock: Vec<String>,
    #[serde(default)]
    pub bedrock_messages: Option<String>,
    #[serde(default)]
    pub bedrock_prefixes: Vec<String>,
    /// Cross-region prefixes known from third-party material only: recognized, and rewritten to
    /// for review only.
    #[serde(default)]
    pub bedrock_prefixes_reported: Vec<String>,
    #[serde(default)]
    pub bedrock_source: Option<String>,
    #[serde(default)]
    pub vertex: Option<String>,
    #[serde(default)]
    pub vertex_source: Option<String>,
    /// Other IDs Vertex AI accepts for the model (`claude-3-haiku`), sourced by `vertex_source`.
    #[serde(default)]
    pub vertex_aliases: Vec<String>,
    /// Google Cloud's own lifecycle dates, where they differ from Anthropic's.
    #[serde(default, deserialize_with = "opt_date")]
    pub vertex_deprecated: Option<Date>,
    #[serde(default, deserialize_with = "opt_date")]
    pub vertex_retires: Option<Date>,
    #[serde(default)]
    pub vertex_lifecycle_source: Option<String>,
    #[serde(default)]
    pub openrouter: Option<String>,
    /// The Vercel AI Gateway slug (`anthropic/claude-sonnet-4.6`).
    #[serde(default)]
    pub gateway: Option<String>,
    /// Slugs the gateway used for this model before (`anthropic/claude-4-sonnet-20250514`).
    #[serde(default)]
    pub gateway_history: Vec<String>,
    #[serde(default)]
    pub gateway_source: Option<String>,
    #[serde(default)]
    pub openrouter_source: Option<String>,
    #[serde(default)]
    pub context_window: Option<u64>,
    #[serde(default)]
    pub max_output: Option<u64>,
    #[serde(default)]
    pub limits_source: Option<String>,
    #[serde(default)]
    pub price_input: Option<f64>,
    #[serde(default)]
    pub price_output: Option<f64>,
    #[serde(default)]
    pub price_source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An ID that circulates but was never a valid API ID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invalid {
    pub id: String,
    pub likely: String,
    pub origin: String,
    pub source: String,
}

/// Something a request sends with a model that only some models accept: a tool version
/// (`computer_20241022`), a beta header (`computer-use-2024-10-22`), or an API (`text-completions`).
/// A rewrite to a model not in `accepted_by` would make the API reject the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    pub id: String,
    /// The provider whose models it is judged against (a companion of one provider says nothing
    /// about another's models); set from the file's `provider` when not given.
    #[serde(default)]
    pub provider: String,
    /// `tool`, `beta`, `parameter` or `api`.
    pub kind: String,
    /// The models known to accept it (canonical IDs); any other model is treated as rejecting it.
    #[serde(default)]
    pub accepted_by: Vec<String>,
    /// For a parameter: a value every model accepts (the API's default).
    #[serde(default)]
    pub default: Option<f64>,
    /// Other ways code writes it, searched in the file of a fix like tool versions are: an SDK's
    /// name for a tool (`textEditor_20241022`), or what only that API uses (`max_tokens_to_sample`).
    #[serde(default)]
    pub spellings: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A client library whose versions send something of their own with every request (a default the
/// call site never writes): `sends` names companions, added to every fix in a file that imports the
/// library when the version the project resolves is below `versions_below`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// The package name (`@langchain/anthropic`).
    pub id: String,
    /// `npm`: the version is read from `package-lock.json`, `yarn.lock`, `pnpm-lock.yaml` or,
    /// without a lockfile, the lower bound of the `package.json` range.
    pub ecosystem: String,
    /// The versions that send it: every version below this one (`1.0.0`).
    pub versions_below: String,
    /// Companion IDs the library sends.
    pub sends: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// How a provider's IDs are written: the facts the forms code interprets (`[platform]`).
/// Only `sources` is required; the grammar, gateway, Bedrock and Vertex fields are Anthropic's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// The provider the table belongs to; set from the file's `provider`.
    #[serde(default, skip_deserializing)]
    pub provider: String,
    /// What every API ID of the provider starts with (`claude-`); the grammar of names reads
    /// what follows. Empty: the provider's names have no grammar here.
    #[serde(default)]
    pub id_prefix: String,
    /// The tier words of the provider's names (`opus`, `sonnet`), for the grammar.
    #[serde(default)]
    pub name_tiers: Vec<String>,
    /// The provider's slug prefix on gateways and in LiteLLM (`anthropic/`).
    #[serde(default)]
    pub slug_prefix: String,
    /// OpenRouter's own prefix before the slug prefix (`openrouter/`).
    #[serde(default)]
    pub openrouter_prefix: String,
    /// Variant suffixes OpenRouter writes after a slug (`:beta`), kept through a rewrite.
    #[serde(default)]
    pub openrouter_suffixes: Vec<String>,
    /// Wrappers client libraries put before an ID, longest first where one is a prefix of another.
    #[serde(default)]
    pub wrappers: Vec<String>,
    /// Cross-region inference-profile prefixes of Bedrock IDs that are recognized.
    #[serde(default)]
    pub bedrock_regions: Vec<String>,
    /// The Vertex AI resource path before a model ID (`publishers/anthropic/models/`).
    #[serde(default)]
    pub vertex_resource: String,
    /// What comes before the major version in an auto-upgrading alias of the Text Completions
    /// days (`claude-instant-` in `claude-instant-1`, `claude-v` in `claude-v1`).
    #[serde(default)]
    pub major_alias_prefixes: Vec<String>,
    /// Short literals at least one of which every searched ID of the provider contains (`gpt-`,
    /// `o1`), for the prefilter. Empty: the longest substring the provider's IDs share.
    #[serde(default)]
    pub needles: Vec<String>,
    /// IDs that are also common words or short names in prose, URLs and tables (`gpt-4`,
    /// `gemini-pro`): rewritten only as the value of a key named like a model, reported only in
    /// other code, and not reported in prose, comments or longer text.
    #[serde(default)]
    pub generic_ids: Vec<String>,
    /// IDs in the catalog (for `explain` and `models`) that are not searched for: ordinary words
    /// (`ada`, `davinci`) whose every use in text would be a false finding.
    #[serde(default)]
    pub unscanned: Vec<String>,
    /// `review`: every fix of the provider's models is offered for review (rule
    /// `provider-review`), where the rules were not yet shown safe on its code; `safe` (the
    /// default) leaves the fix level to the rules.
    #[serde(default = "safe")]
    pub fixes: String,
    /// Why fixes are for review, shown with each one.
    #[serde(default)]
    pub fixes_note: Option<String>,
    /// Sources of these facts.
    pub sources: Vec<String>,
}

fn safe() -> String {
    "safe".to_string()
}

impl Platform {
    /// Whether `text` is a major-version alias (`claude-2`, `claude-instant-1`, `claude-v1`).
    pub fn is_major_alias(&self, text: &str) -> bool {
        self.major_alias_prefixes.iter().any(|p| {
            text.strip_prefix(p.as_str())
                .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()))
        })
    }
}

#[derive(Debug)]
pub(crate) struct File {
    /// The day the data was last checked against its sources.
    pub compiled: Option<Date>,
    pub model: Vec<Model>,
    pub invalid: Vec<Invalid>,
    pub companion: Vec<Companion>,
    pub library: Vec<Library>,
    pub platform: Platform,
    /// Every provider's `[platform]`, the first file's first (filled by the loader).
    pub platforms: Vec<Platform>,
    pub sources: BTreeMap<String, Source>,
}

const TOP_KEYS: &[&str] = &[
    "provider",
    "compiled",
    "sources",
    "model",
    "invalid",
    "companion",
    "library",
    "platform",
];

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, col)
}

fn at(path: &Path, text: &str, offset: usize, message: String) -> Error {
    let (line, column) = line_col(text, offset);
    Error::Syntax {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

/// Where `id = "<id>"` stands in the text, for locating errors about one entry.
fn locate_id(text: &str, id: &str) -> usize {
    locate_nth_id(text, id, 0)
}

/// Where the `n`th (from 0) `id = "<id>"` line stands in the text; the last one found if there are
/// fewer, the start of the text if there is none.
fn locate_nth_id(text: &str, id: &str, n: usize) -> usize {
    let quoted = format!("\"{id}\"");
    let mut from = 0;
    let mut found = None;
    let mut seen = 0;
    while let Some(pos) = text[from..].find(&quoted) {
        let abs = from + pos;
        let line_start = text[..abs].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..abs].trim();
        if before.strip_prefix("id").map(str::trim) == Some("=") {
            found = Some(line_start);
            if seen == n {
                break;
            }
            seen += 1;
        }
        from = abs + quoted.len();
    }
    found.unwrap_or(0)
}

/// Which file last set each value of the merged document: index 0 is the embedded file, then the
/// user files in the order given. Errors found after merging are blamed with it.
#[derive(Debug)]
pub(crate) struct Origins {
    files: Vec<std::path::PathBuf>,
    /// Per (`model` | `invalid` | `companion`, id): the file that added the entry, and per field
    /// the file that last set it.
    entries: HashMap<(&'static str, String), Entry>,
}

#[derive(Debug)]
struct Entry {
    added: usize,
    fields: HashMap<String, usize>,
}

impl Origins {
    pub(crate) fn new(embedded: &Path) -> Origins {
        Origins {
            files: vec![embedded.to_path_buf()],
            entries: HashMap::new(),
        }
    }

    /// Starts recording a user file; returns its index.
    fn push(&mut self, path: &Path) -> usize {
        self.files.push(path.to_path_buf());
        self.files.len() - 1
    }

    pub(crate) fn path(&self, file: usize) -> &Path {
        &self.files[file]
    }

    /// The file that last set `field` of an entry: the one that added the entry if no later file
    /// gave the field.
    pub(crate) fn field(&self, section: &'static str, id: &str, field: &str) -> usize {
        self.entries
            .get(&(section, id.to_string()))
            .map_or(0, |e| e.fields.get(field).copied().unwrap_or(e.added))
    }

    /// The latest file that set any of `fields` of an entry.
    pub(crate) fn last(&self, section: &'static str, id: &str, fields: &[&str]) -> usize {
        fields
            .iter()
            .map(|f| self.field(section, id, f))
            .max()
            .unwrap_or_else(|| self.field(section, id, "id"))
    }
}

/// Parses TOML text, reporting syntax errors with line and column.
pub(crate) fn parse_doc(path: &Path, text: &str) -> Result<Table, Error> {
    let table: Table = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(path, text, offset, e.message().trim().to_string())
    })?;
    for key in table.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            let offset = text.find(key.as_str()).unwrap_or(0);
            return Err(at(
                path,
                text,
                offset,
                format!(
                    "unknown top-level key `{key}`, expected one of: {}",
                    TOP_KEYS.join(", ")
                ),
            ));
        }
    }
    Ok(table)
}

fn entries<'a>(
    path: &Path,
    text: &str,
    table: &'a Table,
    key: &str,
) -> Result<Vec<&'a Table>, Error> {
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_table().ok_or_else(|| {
                    at(
                        path,
                        text,
                        text.find(key).unwrap_or(0),
                        format!("`{key}` must be an array of tables ([[{key}]])"),
                    )
                })
            })
            .collect(),
        Some(_) => Err(at(
            path,
            text,
            text.find(key).unwrap_or(0),
            format!("`{key}` must be an array of tables ([[{key}]])"),
        )),
    }
}

fn entry_id(path: &Path, text: &str, entry: &Table, key: &str) -> Result<String, Error> {
    match entry.get("id") {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err(at(
            path,
            text,
            text.find(&format!("[[{key}]]")).unwrap_or(0),
            format!("every [[{key}]] needs an `id` string"),
        )),
    }
}

/// Merges `overlay` over `doc`: entries with the same `id` take the overlay's fields, new ones are
/// added; sources take the fields given. Each merged entry is checked and located in the overlay
/// text, and `origins` records which values the overlay set.
pub(crate) fn merge_checked(
    doc: &mut Table,
    origins: &mut Origins,
    path: &Path,
    text: &str,
    overlay: Table,
    providers: &[String],
) -> Result<(), Error> {
    let file = origins.push(path);
    let at_key =
        |needle: &str, message: String| at(path, text, text.find(needle).unwrap_or(0), message);
    if overlay.contains_key("platform") {
        return Err(at_key(
            "platform",
            "`[platform]` is set by the embedded registry only; a user file cannot change how IDs are written".into(),
        ));
    }
    // New entries belong to the file's provider (the first embedded one when it names none).
    let provider = match overlay.get("provider") {
        None => providers.first().cloned().unwrap_or_default(),
        Some(given) => match given.as_str() {
            Some(p) if providers.iter().any(|q| q == p) => p.to_string(),
            Some(p) => {
                return Err(at_key(
                    "provider",
                    format!(
                        "provider `{p}` is not one of the embedded registry's providers ({}); a user file can only extend one",
                        providers.join(", ")
                    ),
                ))
            }
            None => return Err(at_key("provider", "`provider` must be a string".into())),
        },
    };
    if let Some(given) = overlay.get("compiled") {
        let d = given
            .as_str()
            .ok_or_else(|| "must be a string `YYYY-MM-DD`".to_string())
            .and_then(crate::parse_date);
        if let Err(e) = d {
            return Err(at_key("compiled", format!("compiled: {e}")));
        }
        doc.insert("compiled".into(), given.clone());
    }
    if let Some(sources) = overlay.get("sources") {
        let src = sources
            .as_table()
            .ok_or_else(|| at_key("sources", "`sources` must be a table".into()))?;
        let dst = doc
            .entry("sources")
            .or_insert_with(|| Value::Table(Table::new()));
        let Value::Table(dst) = dst else {
            return Err(Error::Invalid {
                path: origins.path(0).to_path_buf(),
                message: "`sources` must be a table".into(),
            });
        };
        for (k, v) in src {
            let merged = match (dst.get(k), v) {
                (Some(Value::Table(old)), Value::Table(new)) => {
                    let mut t = old.clone();
                    t.extend(new.iter().map(|(k, v)| (k.clone(), v.clone())));
                    Value::Table(t)
                }
                _ => v.clone(),
            };
            Source::deserialize(merged.clone()).map_err(|e| {
                at_key(
                    &format!("sources.{k}"),
                    format!("source `{k}`: {}", e.message().trim()),
                )
            })?;
            dst.insert(k.clone(), merged);
        }
    }
    for key in ["model", "invalid", "companion", "library"] {
        let mut seen = HashSet::new();
        for entry in entries(path, text, &overlay, key)? {
            let id = entry_id(path, text, entry, key)?;
            if !seen.insert(id.clone()) {
                return Err(at(
                    path,
                    text,
                    locate_nth_id(text, &id, 1),
                    format!("{key} `{id}` is listed twice in this file"),
                ));
            }
            let mut entry = entry.clone();
            if matches!(key, "model" | "companion") && !entry.contains_key("provider") {
                entry.insert("provider".into(), Value::String(provider.clone()));
            }
            let entry = &entry;
            let list = doc.entry(key).or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(list) = list else { continue };
            // A companion is one provider's: the same parameter name may be listed for each.
            let same_provider =
                |t: &Table| key != "companion" || t.get("provider") == entry.get("provider");
            let existing = list.iter_mut().filter_map(Value::as_table_mut).find(|t| {
                t.get("id").and_then(Value::as_str) == Some(id.as_str()) && same_provider(t)
            });
            let record = origins
                .entries
                .entry((key, id.clone()))
                .or_insert_with(|| Entry {
                    added: 0,
                    fields: HashMap::new(),
                });
            let merged = match existing {
                Some(t) => {
                    for (k, v) in entry {
                        t.insert(k.clone(), v.clone());
                    }
                    t.clone()
                }
                None => {
                    list.push(Value::Table(entry.clone()));
                    record.added = file;
                    record.fields.clear();
                    entry.clone()
                }
            };
            for k in entry.keys().filter(|k| *k != "id") {
                record.fields.insert(k.clone(), file);
            }
            let result = match key {
                "model" => Model::deserialize(Value::Table(merged)).map(|_| ()),
                "invalid" => Invalid::deserialize(Value::Table(merged)).map(|_| ()),
                _ => Companion::deserialize(Value::Table(merged)).map(|_| ()),
            };
            result.map_err(|e| {
                at(
                    path,
                    text,
                    locate_id(text, &id),
                    format!("{key} `{id}`: {}", e.message().trim()),
                )
            })?;
        }
    }
    Ok(())
}

/// Adds another embedded provider's file to the document: its entries, tagged with its provider,
/// and its sources (whose keys must be its own). Returns its `[platform]`.
pub(crate) fn append_embedded(
    doc: &mut Table,
    origins: &mut Origins,
    path: &Path,
    text: &str,
    mut other: Table,
) -> Result<Platform, Error> {
    let file = origins.push(path);
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let provider = match other.remove("provider") {
        Some(Value::String(p)) => p,
        _ => return Err(invalid("`provider` must be given as a string".into())),
    };
    let mut platform = match other.remove("platform") {
        Some(v) => Platform::deserialize(v)
            .map_err(|e| invalid(format!("platform: {}", e.message().trim())))?,
        None => return Err(invalid("`[platform]` is missing".into())),
    };
    platform.provider = provider.clone();
    if let Some(Value::Table(src)) = other.remove("sources") {
        let dst = doc
            .entry("sources")
            .or_insert_with(|| Value::Table(Table::new()));
        if let Value::Table(dst) = dst {
            for (k, v) in src {
                if dst.contains_key(&k) {
                    return Err(at(
                        path,
                        text,
                        text.find(&format!("[sources.{k}]")).unwrap_or(0),
                        format!("source `{k}` is also a key of another embedded file"),
                    ));
                }
                dst.insert(k, v);
            }
        }
    }
    for key in ["model", "invalid", "companion", "library"] {
        for entry in entries(path, text, &other, key)? {
            let id = entry_id(path, text, entry, key)?;
            let mut entry = entry.clone();
            if matches!(key, "model" | "companion") {
                entry.insert("provider".into(), Value::String(provider.clone()));
            }
            origins.entries.insert(
                (key, id),
                Entry {
                    added: file,
                    fields: HashMap::new(),
                },
            );
            if let Value::Array(list) = doc.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
                list.push(Value::Table(entry));
            }
        }
    }
    Ok(platform)
}

/// Turns the merged document into typed data.
pub(crate) fn into_file(path: &Path, doc: Table) -> Result<File, Error> {
    let err = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut sources = BTreeMap::new();
    if let Some(Value::Table(t)) = doc.get("sources") {
        for (k, v) in t {
            let s = Source::deserialize(v.clone())
                .map_err(|e| err(format!("source `{k}`: {}", e.message().trim())))?;
            sources.insert(k.clone(), s);
        }
    }
    let mut model = Vec::new();
    let mut invalid = Vec::new();
    if let Some(Value::Array(items)) = doc.get("model") {
        for v in items {
            let m =
                Model::deserialize(v.clone()).map_err(|e| err(e.message().trim().to_string()))?;
            model.push(m);
        }
    }
    if let Some(Value::Array(items)) = doc.get("invalid") {
        for v in items {
            let i =
                Invalid::deserialize(v.clone()).map_err(|e| err(e.message().trim().to_string()))?;
            invalid.push(i);
        }
    }
    let mut companion = Vec::new();
    if let Some(Value::Array(items)) = doc.get("companion") {
        for v in items {
            let c = Companion::deserialize(v.clone())
                .map_err(|e| err(e.message().trim().to_string()))?;
            companion.push(c);
        }
    }
    let mut library = Vec::new();
    if let Some(Value::Array(items)) = doc.get("library") {
        for v in items {
            let l =
                Library::deserialize(v.clone()).map_err(|e| err(e.message().trim().to_string()))?;
            library.push(l);
        }
    }
    let platform = match doc.get("platform") {
        Some(v) => Platform::deserialize(v.clone())
            .map_err(|e| err(format!("platform: {}", e.message().trim())))?,
        None => return Err(err("`[platform]` is missing".into())),
    };
    let compiled = match doc.get("compiled") {
        Some(Value::String(d)) => {
            Some(crate::parse_date(d).map_err(|e| err(format!("compiled: {e}")))?)
        }
        _ => None,
    };
    Ok(File {
        compiled,
        model,
        invalid,
        companion,
        library,
        platform,
        platforms: Vec::new(),
        sources,
    })
}
