//! Walking the tree in parallel, the cheap prefilter, scanning, and judging each finding against
//! the registry at the as-of date.

use aho_corasick::AhoCorasick;
use jiff::civil::Date;
use remodel_parser::{Context, Finding, Fix, Scanner};
use remodel_registry::{Registry, Status, Target};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Files larger than this are skipped with a note.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// What a finding means at the as-of date.
#[derive(Debug, Clone)]
pub struct Item {
    pub finding: Finding,
    /// Canonical ID of the model the text names (for an invalid ID: the model it likely means).
    pub model: String,
    /// The provider of the model (`anthropic`, `openai`, `google`).
    pub provider: String,
    /// `deprecated`, `retired` or `invalid`.
    pub status: &'static str,
    pub deprecated: Option<Date>,
    pub retires: Option<Date>,
    /// The text to write instead, when there is one.
    pub replacement: Option<String>,
    /// The canonical ID of the replacement model.
    pub replacement_model: Option<String>,
    pub fix: Fix,
    /// Why the fix level is lower than the context alone gives.
    pub reason: Option<String>,
    /// A short label for a safe context lowered to review by the registry's facts.
    pub review: Option<&'static str>,
}

/// One file with findings.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The path as shown: relative to the current directory where possible, with `/`.
    pub display: String,
    pub lang: remodel_parser::Lang,
    /// The bytes as read (kept for fixing).
    pub bytes: Vec<u8>,
    /// Its owners in CODEOWNERS, when the work tree has that file.
    pub owners: Vec<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub files: Vec<FileReport>,
    /// Problems that make the run exit 2 (unreadable files, missing paths).
    pub errors: Vec<String>,
    /// Notes that do not change the exit status (skipped large files).
    pub notes: Vec<String>,
    pub scanned: usize,
    /// Temporary files of an interrupted `fix` (`.remodel-XXXXXX.tmp`): not scanned; `fix`
    /// removes them.
    pub leftovers: Vec<PathBuf>,
    /// Files that were not scanned, with the reason.
    pub skipped: Vec<Skipped>,
    /// Binary files (a NUL byte): not scanned, only counted.
    pub binary: usize,
    /// Code files that set sampling or thinking parameters: where a model constant set in
    /// another file may be used with them (`link_constants`).
    pub param_files: Vec<PathBuf>,
}

/// A file that was not scanned.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
    /// Whether the skip may hide findings (the file could hold a model ID and the user did not
    /// choose to skip it): `check` then exits 2.
    pub hides: bool,
}

/// How large a file is read.
#[derive(Debug, Clone, Copy)]
struct Limit {
    bytes: u64,
    /// Set by `--max-file-size`: skipping larger files is the user's choice.
    chosen: bool,
}

pub struct Judge<'r> {
    pub registry: &'r Registry,
    pub as_of: Date,
    pub target: Target,
    /// The cross-region inference profile (`us`, `eu`, `global`...) to give bare Bedrock IDs.
    pub bedrock_profile: Option<String>,
    /// The configuration file's excludes, ignores and per-path levels.
    pub config: &'r crate::config::Config,
    /// Versions of client libraries the files' projects resolve (`[[library]]`).
    pub libraries: crate::libraries::Libraries,
    /// The README of each folder whose code files have fixes.
    pub readmes: Readmes,
}

impl Judge<'_> {
    /// The models a finding can be reported for: deprecated or retired at the as-of date, and those
    /// that never-valid IDs stand for.
    pub fn relevant_models(&self) -> std::collections::HashSet<String> {
        let mut set: std::collections::HashSet<String> = self
            .registry
            .models()
            .iter()
            .filter(|m| !m.status(self.as_of).is_live())
            .map(|m| m.id.clone())
            .collect();
        set.extend(self.registry.invalid_ids().iter().map(|i| i.likely.clone()));
        set
    }

    /// The item for a finding, or `None` when the model is live and the ID valid. Each lowering
    /// by the registry's facts is recorded in the finding's demotions.
    pub fn judge(&self, mut finding: Finding, lang: remodel_parser::Lang) -> Option<Item> {
        let code_lang = finding.code_lang.unwrap_or(lang);
        let m = self.registry.lookup(&finding.text)?;
        let invalid = matches!(
            m.form,
            remodel_registry::Form::Invalid | remodel_registry::Form::Spelling { dated: true, .. }
        );
        let status = m.model.status(self.as_of);
        if status.is_live() && !invalid {
            return None;
        }
        let status_str = if invalid {
            "invalid"
        } else if status == Status::Retired {
            "retired"
        } else {
            "deprecated"
        };
        let mut reason = None;
        let mut review = None;
        if let Some(d) = finding
            .demotions
            .iter()
            .find(|d| d.rule == "third-party-host")
        {
            review = Some("third-party host");
            reason = Some(d.reason.clone());
        }
        // A provider whose code the rules were not measured well enough on: its fixes are offered
        // for review (`[platform] fixes = "review"`), with the platform's reason.
        if finding.fix == Fix::Safe && m.platform.fixes == "review" {
            let why = m.platform.fixes_note.clone().unwrap_or_else(|| {
                format!(
                    "fixes of {} models are offered for review",
                    m.model.provider
                )
            });
            finding.demote_fix("provider-review", Fix::Unsafe, why.clone());
            reason = Some(why);
            review = Some("provider fixes for review");
        }
        // An embedding model: what was stored with it would have to be embedded again.
        if finding.fix != Fix::None && m.model.tier.starts_with("embedding") {
            let why = format!(
                "{} is an embedding model: vectors stored with it must be re-embedded with the replacement, and their dimensions may differ",
                m.model.id
            );
            finding.demote_fix("embedding-model", Fix::None, why.clone());
            reason = Some(why);
            review = None;
        }
        // A lifecycle known from third-party material only: the fix is offered, not made.
        if !invalid && finding.fix == Fix::Safe && m.model.lifecycle_confidence.is_some() {
            let source = self
                .registry
                .source(&m.model.lifecycle_source)
                .and_then(|s| s.title.clone())
                .unwrap_or_else(|| m.model.lifecycle_source.clone());
            let why = format!(
                "the deprecation of {} is reported by a third party only, not confirmed officially ({source})",
                m.model.id
            );
            finding.demote_fix("reported-lifecycle", Fix::Unsafe, why.clone());
            reason = Some(why);
            review = Some("unconfirmed deprecation");
        }
        if invalid && finding.fix == Fix::Safe {
            review = Some("invalid ID");
            let why = if m.form == remodel_registry::Form::Invalid {
                format!("not a valid model ID; likely means {}", m.model.id)
            } else {
                format!(
                    "not a valid model ID: {} was never released with that date; likely means {}",
                    m.model.name, m.model.id
                )
            };
            finding.demote_fix("invalid-id", Fix::Unsafe, why.clone());
            reason = Some(why);
        }
        if let remodel_registry::Form::Spelling { dated: false, .. } = m.form {
            if finding.fix == Fix::Safe {
                review = Some("unofficial spelling");
                let why = format!(
                    "`{}` is not an ID any Anthropic platform documents; other tools (OpenRouter, GitHub Copilot, CLI aliases) write it for {}: the replacement is written in the same style",
                    finding.text.trim_start_matches(m.wrapper.as_str()),
                    m.model.id
                );
                finding.demote_fix("unofficial-spelling", Fix::Unsafe, why.clone());
                reason = Some(why);
            }
        }
        if let Some(c) = m.model.replacement_confidence.as_deref() {
            if finding.fix == Fix::Safe {
                review = Some("unconfirmed replacement");
                let why = if c == "unstated" {
                    format!(
                        "the newest official source no longer names a replacement for {}; an older one named {}",
                        m.model.id,
                        m.model.replacement.as_deref().unwrap_or("one")
                    )
                } else {
                    format!(
                        "only third-party material names the replacement of {}",
                        m.model.id
                    )
                };
                finding.demote_fix("replacement-unstated", Fix::Unsafe, why.clone());
                reason = Some(why);
            }
        }
        let (replacement, replacement_model) = match self.registry.resolve(
            &m.model.id,
            self.as_of,
            self.target,
        ) {
            Ok(target) if target.id != m.model.id || invalid => {
                match invalid_platform(&m, &finding.text).rewrite_to(target) {
                    Ok(text) => {
                        // A bare Bedrock model ID works on demand for old models; newer ones are
                        // invoked through a cross-region inference profile (`us.`, `global.`),
                        // which the user has to choose.
                        let mut text = text;
                        if finding.fix == Fix::Safe && bare_bedrock(&m) {
                            // With `--bedrock-profile`, the user has chosen the profile: the base ID
                            // becomes `<profile>.anthropic.<replacement>` where the registry records
                            // that profile for the replacement.
                            let profiled = self
                                .bedrock_profile
                                .as_ref()
                                .filter(|_| !m.wrapper.contains("arn:"))
                                .map(|p| {
                                    let mut with = m.clone();
                                    with.form = match &m.form {
                                        remodel_registry::Form::BedrockMessages { .. } => {
                                            remodel_registry::Form::BedrockMessages {
                                                region: Some(p.clone()),
                                            }
                                        }
                                        _ => remodel_registry::Form::Bedrock {
                                            region: Some(p.clone()),
                                        },
                                    };
                                    with.rewrite_to(target)
                                });
                            match profiled {
                                Some(Ok(with_profile)) => text = with_profile,
                                other => {
                                    review = Some("bare Bedrock ID");
                                    let why = match other {
                                    Some(Err(e)) => format!("--bedrock-profile: {e}"),
                                    _ => format!(
                                        "on Bedrock, {} may need a cross-region inference profile (us., eu., global.): choose one with --bedrock-profile",
                                        target.id
                                    ),
                                };
                                    finding.demote_fix("bare-bedrock", Fix::Unsafe, why.clone());
                                    reason = Some(why);
                                }
                            }
                        }
                        // A cross-region profile the registry knows from third-party material only.
                        if finding.fix == Fix::Safe {
                            let bare = text.trim_start_matches(m.wrapper.as_str());
                            if let Some(p) = target
                                .bedrock_prefixes_reported
                                .iter()
                                .find(|p| bare.starts_with(&format!("{p}.")))
                            {
                                review = Some("unconfirmed Bedrock profile");
                                let why = format!(
                                "`{p}.` profiles of {} are known from third-party material only",
                                target.id
                            );
                                finding.demote_fix("reported-profile", Fix::Unsafe, why.clone());
                                reason = Some(why);
                            }
                        }
                        // `anthropic/<slug>` is also how OpenRouter, Continue Hub and other catalogs
                        // name models, each in its own spelling: the gateway's slug is offered for
                        // review, unless the registry records the same slug for OpenRouter.
                        if finding.fix == Fix::Safe
                            && m.form == remodel_registry::Form::Gateway
                            && (target.openrouter.is_none() || target.openrouter != target.gateway)
                        {
                            review = Some("gateway slug");
                            let also = if self.registry.is_openrouter_slug(
                                finding.text.trim_start_matches(m.wrapper.as_str()),
                            ) {
                                "OpenRouter writes the same form"
                            } else {
                                "other catalogs write `anthropic/` slugs in their own spelling"
                            };
                            let why = format!(
                            "`{text}` is the AI Gateway's slug; {also}, and the registry has no other source for it"
                        );
                            finding.demote_fix("gateway-slug", Fix::Unsafe, why.clone());
                            reason = Some(why);
                        }
                        // In JavaScript and TypeScript (and docs that show them), `anthropic/<id>` is
                        // the AI SDK's gateway model string, which spells IDs its own way; LiteLLM's
                        // `anthropic/<api id>` lives in Python and its YAML config.
                        if finding.fix == Fix::Safe
                            && m.wrapper == "anthropic/"
                            && matches!(
                                m.form,
                                remodel_registry::Form::Api | remodel_registry::Form::Alias
                            )
                            && matches!(
                                code_lang,
                                remodel_parser::Lang::JavaScript
                                    | remodel_parser::Lang::TypeScript
                                    | remodel_parser::Lang::Tsx
                            )
                        {
                            review = Some("gateway slug");
                            let why = format!(
                            "in {} code `{}` is most likely an AI Gateway model string, whose slugs are spelled differently (`anthropic/claude-sonnet-4.6`)",
                            code_lang.name(),
                            finding.text
                        );
                            finding.demote_fix("gateway-slug", Fix::Unsafe, why.clone());
                            reason = Some(why);
                        }
                        // A model of the Text Completions era (the registry lists it as accepting
                        // that API): code written for it may call the API, and names it by a fixed
                        // list (`MODEL_LIMITS["claude-2"]`); the replacement serves neither.
                        if finding.fix == Fix::Safe {
                            if let Some(tc) = self
                                .registry
                                .companion_of("text-completions", &target.provider)
                            {
                                // The major-version spellings (`claude-2`, `claude-instant-1`,
                                // `claude-v1`) belong to that API's days (S21); a dated ID such as
                                // `claude-2.1` was served by the Messages API too.
                                let bare = finding.text.trim_start_matches(m.wrapper.as_str());
                                let major = self.registry.platform().is_major_alias(bare);
                                if major && leaves_api(tc, &m.model.id, &target.id) {
                                    review = Some("Text Completions model");
                                    let why = format!(
                                    "{} dates from the Text Completions API, which {} does not serve; code written for it may call that API",
                                    m.model.id, target.id
                                );
                                    finding.demote_fix(
                                        "text-completions-era",
                                        Fix::Unsafe,
                                        why.clone(),
                                    );
                                    reason = Some(why);
                                }
                            }
                        }
                        // A model of a provider's completions endpoint (its `text-completions`
                        // companion accepts it) moved to one that endpoint does not serve: the
                        // client that calls it (`OpenAI(...)`, `completions.create`) must change.
                        if finding.fix != Fix::None {
                            if let Some(tc) = self
                                .registry
                                .companion_of("text-completions", &m.model.provider)
                                .filter(|c| {
                                    m.model.provider != self.registry.platform().provider
                                        && c.kind == "api"
                                })
                            {
                                if leaves_api(tc, &m.model.id, &target.id) {
                                    review = Some("completions model");
                                    let why = format!(
                                        "{} is a model of the completions endpoint, which {} is not; the client that calls it must change too",
                                        m.model.id, target.id
                                    );
                                    finding.demote_fix(
                                        "completions-model",
                                        Fix::Unsafe,
                                        why.clone(),
                                    );
                                    reason = Some(why);
                                }
                            }
                        }
                        if finding.fix != Fix::None {
                            let mut companions = finding.companions.clone();
                            if m.wrapper.contains(":completion:") {
                                companions.push(remodel_parser::Companion {
                                    id: "text-completions".into(),
                                    text: m.wrapper.clone(),
                                    value: None,
                                    line: finding.line,
                                });
                            }
                            for why in rejected(self.registry, &companions, target) {
                                review = Some("parameter of the old model");
                                if finding.fix == Fix::Safe {
                                    finding.demote("companion", Context::Companion, why.clone());
                                } else {
                                    finding.demote_fix("companion", Fix::Unsafe, why.clone());
                                }
                                reason = Some(why);
                            }
                        }
                        (Some(text), Some(target.id.clone()))
                    }
                    Err(why) => {
                        finding.demote_fix("no-platform-form", Fix::None, why.clone());
                        reason = Some(why);
                        (None, Some(target.id.clone()))
                    }
                }
            }
            Ok(_) => (None, None),
            Err(e) => {
                finding.demote_fix("no-platform-form", Fix::None, e.to_string());
                reason = Some(e.to_string());
                (None, None)
            }
        };
        Some(Item {
            model: m.model.id.clone(),
            provider: m.model.provider.clone(),
            status: status_str,
            deprecated: m.model.deprecated,
            retires: m.model.retires,
            replacement,
            replacement_model,
            fix: finding.fix,
            reason,
            review,
            finding,
        })
    }
}

/// Whether a rewrite moves a model the API companion `api` serves to one it does not.
fn leaves_api(api: &remodel_registry::Companion, from: &str, to: &str) -> bool {
    let serves = |id: &str| api.accepted_by.iter().any(|a| a == id);
    serves(from) && !serves(to)
}

/// Why each companion next to a finding would be rejected by `target`: a parameter, tool version,
/// beta header or API that the registry does not list the target as accepting, or a `max_tokens`
/// above the target's maximum output.
fn rejected(
    registry: &Registry,
    companions: &[remodel_parser::Companion],
    target: &remodel_registry::Model,
) -> Vec<String> {
    let mut out = Vec::new();
    // Both sampling parameters in one request: newer models take only one of them.
    let temp = companions.iter().find(|c| c.id == "temperature");
    let top_p = companions.iter().find(|c| c.id == "top_p");
    if let (Some(t), Some(p)) = (temp, top_p) {
        if let Some(pair) = registry.companion_of("temperature-and-top_p", &target.provider) {
            if !pair.accepted_by.iter().any(|m| m == &target.id) {
                out.push(format!(
                    "`{}` (line {}) and `{}` (line {}): the registry does not list {} as accepting both in one request",
                    t.text, t.line, p.text, p.line, target.id
                ));
            }
        }
    }
    for c in companions {
        let at = format!("`{}` (line {})", c.text, c.line);
        if let Some(lib) = registry
            .libraries()
            .iter()
            .find(|l| c.text.starts_with(&format!("{} ", l.id)) && l.sends.contains(&c.id))
        {
            let accepted = registry
                .companion_of(&c.id, &target.provider)
                .is_none_or(|k| k.accepted_by.iter().any(|m| m == &target.id));
            if !accepted {
                out.push(format!(
                    "`{}` (imported on line {}) sends `{}` with every request, which the registry does not list {} as accepting (library `{}`)",
                    c.text, c.line, c.id, target.id, lib.id
                ));
            }
            continue;
        }
        if c.id == "max_tokens" {
            if let (Some(v), Some(max)) = (c.value, target.max_output) {
                if v > max as f64 {
                    out.push(format!(
                        "{at} is above the {max} output tokens of {}",
                        target.id
                    ));
                    continue;
                }
            }
            // A provider whose newer models refuse the parameter itself (OpenAI's reasoning
            // models want `max_completion_tokens`) lists it as a companion.
            if let Some(known) = registry.companion_of(&c.id, &target.provider) {
                if !known.accepted_by.iter().any(|m| m == &target.id) {
                    out.push(format!(
                        "{at}: the registry does not list {} as accepting `{}`",
                        target.id, known.id
                    ));
                }
            }
            continue;
        }
        // What the target's own provider says of it: another provider's facts do not apply.
        let Some(known) = registry.companion_of(&c.id, &target.provider) else {
            continue;
        };
        if known.default.is_some() && c.value == known.default {
            continue;
        }
        if !known.accepted_by.iter().any(|m| m == &target.id) {
            if known.kind == "response" {
                out.push(format!(
                    "{at} reads the first content block as text, and {} may answer with a thinking block first (the registry does not list it as answering with text first)",
                    target.id
                ));
            } else {
                out.push(format!(
                    "{at}: the registry does not list {} as accepting `{}`",
                    target.id, known.id
                ));
            }
        }
    }
    out
}

/// The README next to a code file (`README.md`, `readme.md`, `README.rst`, `README`), at most
/// 256 KiB: its name and text.
fn folder_readme(path: &Path, cache: &Readmes) -> Option<Arc<(String, Vec<u8>)>> {
    let dir = path.parent()?;
    if let Some(hit) = cache.lock().ok()?.get(dir) {
        return hit.clone();
    }
    let found = read_readme(dir).map(Arc::new);
    if let Ok(mut c) = cache.lock() {
        c.insert(dir.to_path_buf(), found.clone());
    }
    found
}

/// The READMEs read so far, per folder (every code file of a folder with fixes asks).
pub type Readmes = Mutex<std::collections::HashMap<PathBuf, Option<Arc<(String, Vec<u8>)>>>>;

fn read_readme(dir: &Path) -> Option<(String, Vec<u8>)> {
    for name in [
        "README.md",
        "readme.md",
        "Readme.md",
        "README.rst",
        "README.txt",
        "README",
    ] {
        let p = dir.join(name);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_file() && m.len() <= 256 * 1024 => {
                if let Ok(text) = std::fs::read(&p) {
                    return Some((name.to_string(), text));
                }
            }
            _ => {}
        }
    }
    None
}

/// An invalid ID written in a platform's style (`anthropic.claude-sonnet-4-6-v1` is a Bedrock
/// spelling) is rewritten in that platform's form.
fn invalid_platform<'r>(
    m: &remodel_registry::Match<'r>,
    text: &str,
) -> remodel_registry::Match<'r> {
    let mut m = m.clone();
    if m.form == remodel_registry::Form::Invalid
        && text
            .trim_start_matches(m.wrapper.as_str())
            .starts_with("anthropic.")
    {
        m.form = remodel_registry::Form::Bedrock { region: None };
    }
    m
}

/// A Bedrock ID with no cross-region prefix and no inference-profile ARN around it.
fn bare_bedrock(m: &remodel_registry::Match) -> bool {
    use remodel_registry::Form;
    matches!(
        &m.form,
        Form::Bedrock { region: None } | Form::BedrockMessages { region: None }
    ) && !m.wrapper.contains("inference-profile/")
}

/// The path as the user sees it: relative to the current directory, `./` dropped, `/` separators.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// Walks `paths` in parallel (respecting .gitignore, skipping `.git`), reads each file, and scans
/// those the prefilter passes. Results are sorted by path whatever the thread timing.
pub fn scan(args: &crate::args::ScanArgs, judge: &Judge, keep_bytes: bool) -> Outcome {
    let paths = &args.paths;
    let limit = Limit {
        bytes: args
            .max_file_size
            .map_or(MAX_FILE_SIZE, |m| m.saturating_mul(1024 * 1024)),
        chosen: args.max_file_size.is_some(),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut outcome = Outcome::default();
    let mut roots = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            outcome.errors.push(
                "-: reading standard input is not supported yet; pass files or directories"
                    .to_string(),
            );
            continue;
        }
        match std::fs::symlink_metadata(p) {
            Ok(_) if first_link(p).is_some() => match link_target(p, &cwd) {
                Ok(target) => roots.push(target),
                Err(why) => outcome.errors.push(format!("{}: {why}", p.display())),
            },
            // A FIFO, a device, `/dev/stdin`: reading it could block or never end.
            Ok(_) if !std::fs::metadata(p).is_ok_and(|m| m.is_file() || m.is_dir()) => {
                outcome.skipped.push(Skipped {
                    path: display_path(p, &cwd),
                    reason: "not a regular file or a directory".to_string(),
                    hides: true,
                })
            }
            // Named files honor `exclude` too (pre-commit passes file names).
            Ok(m) if judge.config.excluded(p, m.is_dir()) => {}
            Ok(_) => roots.push(p.clone()),
            Err(e) => outcome
                .errors
                .push(format!("{}: {}", p.display(), io_reason(&e))),
        }
    }
    if roots.is_empty() {
        return outcome;
    }
    let relevant = judge.relevant_models();
    let needles = judge.registry.needles_for(Some(&relevant));
    // Leftmost-first lets the automaton use its packed SIMD searcher (Teddy) for a handful of
    // needles; the standard semantics would fall back to a byte-at-a-time prefilter.
    let prefilter = AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(&needles)
        .expect("needles build an automaton");
    let scanner = Scanner::new(judge.registry)
        .only_for(relevant)
        .as_of(judge.as_of);
    let bases: Vec<Base> = roots.iter().map(|r| Base::of(r, &cwd)).collect();
    let mut builder = ignore::WalkBuilder::new(&roots[0]);
    for r in &roots[1..] {
        builder.add(r);
    }
    builder
        // `.gitignore` is honored outside a git repository too (a copied tree, an export).
        .require_git(false)
        .hidden(false)
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .filter_entry({
            let excluded = judge.config.exclude_matcher();
            move |e| {
                let dir = e.file_type().is_some_and(|t| t.is_dir());
                let vcs = dir
                    && matches!(
                        e.file_name().to_str(),
                        Some(".git" | ".hg" | ".svn" | ".jj")
                    );
                let out = e.depth() > 0 && excluded(e.path(), dir);
                !vcs && !out
            }
        });
    let shared = Mutex::new(Outcome::default());
    let progress = Progress::start();
    let counter = &progress.count;
    builder.build_parallel().run(|| {
        let mut worker = Worker {
            buf: Vec::with_capacity(64 * 1024),
            local: Outcome::default(),
            shared: &shared,
        };
        let (prefilter, scanner, cwd, bases) = (&prefilter, &scanner, &cwd, &bases);
        let limit = &limit;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    worker.local.errors.push(e.to_string());
                    return ignore::WalkState::Continue;
                }
            };
            if entry.file_type().is_some_and(|t| t.is_file()) {
                if remodel_rewriter::is_temp_name(entry.file_name()) {
                    worker.local.leftovers.push(entry.path().to_path_buf());
                    return ignore::WalkState::Continue;
                }
                worker.local.scanned += 1;
                counter.fetch_add(1, Ordering::Relaxed);
                let w = &mut worker;
                let within = Base::within(bases, entry.path(), entry.depth());
                if let Some(report) = scan_file(
                    entry.path(),
                    &within,
                    &mut w.buf,
                    prefilter,
                    scanner,
                    judge,
                    cwd,
                    keep_bytes,
                    *limit,
                    &mut w.local,
                ) {
                    w.local.files.push(report);
                }
            }
            ignore::WalkState::Continue
        })
    });
    progress.finish();
    let gathered = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    outcome.scanned = gathered.scanned;
    outcome.errors.extend(gathered.errors);
    outcome.notes.extend(gathered.notes);
    outcome.leftovers = gathered.leftovers;
    outcome.skipped.extend(gathered.skipped);
    outcome.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    outcome.binary = gathered.binary;
    let param_files = gathered.param_files;
    outcome.leftovers.sort();
    outcome.errors.sort();
    outcome.notes.sort();
    // Each file once, even when the given paths overlap or name it twice (one root never does:
    // the walk does not follow links).
    let mut files = gathered.files;
    files.sort_by(|a, b| a.display.cmp(&b.display));
    if roots.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        files.retain(|f| {
            seen.insert(std::fs::canonicalize(&f.path).unwrap_or_else(|_| f.path.clone()))
        });
    }
    if let Some(owners) = crate::codeowners::Owners::find(&cwd) {
        for f in &mut files {
            f.owners = owners.of(&f.path);
        }
    }
    link_types(&mut files);
    link_constants(&mut files, &param_files, judge);
    outcome.files = files;
    outcome
}

/// Where a symbolic link named on the command line leads, when that is inside the tree the
/// link stands in (its git work tree, else the current directory): the target is scanned and
/// written in its place, so the link stays a link and `check`, `fix --dry-run` and `fix` see the
/// same file. A target outside the tree is refused: nothing is read or written through it.
fn link_target(path: &Path, cwd: &Path) -> Result<PathBuf, String> {
    let target = std::fs::canonicalize(path).map_err(|e| {
        format!(
            "a symbolic link that cannot be followed ({}); not scanned",
            io_reason(&e)
        )
    })?;
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    // The folder the (first) link itself is in, without following the link.
    let link = first_link(path).unwrap_or_else(|| path.to_path_buf());
    let parent = match link.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => std::fs::canonicalize(p).unwrap_or_else(|_| cwd.join(p)),
        None => cwd.clone(),
    };
    let tree = parent
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .or_else(|| parent.starts_with(&cwd).then(|| cwd.clone()))
        .unwrap_or(parent);
    if !target.starts_with(&tree) {
        return Err(format!(
            "a symbolic link to {}, outside {}; not scanned (name the target itself to scan it)",
            target.display(),
            tree.display()
        ));
    }
    // Shown, and written in diffs, relative to the current directory like any other path.
    Ok(match target.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => target,
    })
}

/// The first part of `path` (`dir`, then `dir/sub`, ...) that is a symbolic link, if any.
fn first_link(path: &Path) -> Option<PathBuf> {
    let mut prefix = PathBuf::new();
    for c in path.components() {
        prefix.push(c);
        if matches!(c, std::path::Component::Normal(_))
            && std::fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Some(prefix);
        }
    }
    None
}

/// Words of the parameters some models reject, to find files worth reading in `link_constants`.
/// Leftmost-first, so that the packed SIMD searcher runs over every code file, not a byte-wise one.
static PARAM_WORDS: std::sync::LazyLock<AhoCorasick> = std::sync::LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build([
            "temperature",
            "top_p",
            "topP",
            "top_k",
            "topK",
            "budget_tokens",
            "budgetTokens",
            "max_tokens",
            "maxTokens",
            "THINKING_TOKENS",
            "thinking_budget",
        ])
        .expect("parameter words build an automaton")
});

/// Whether a name is a constant's: upper case with an underscore (`ANTHROPIC_MODEL`), the kind
/// a settings module exports and other modules import. A local `model` is not followed.
fn constant_name(name: &str) -> bool {
    name.len() >= 4
        && name.contains('_')
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && name.bytes().any(|b| b.is_ascii_uppercase())
}

/// Whether a line of `src` assigns `name` (`NAME = `, `NAME: str = `, `const NAME = `,
/// `export const NAME`).
fn assigns(src: &[u8], name: &str) -> bool {
    src.split(|b| *b == b'\n').any(|line| {
        let t = line.trim_ascii_start();
        let t = ["export ", "const ", "let ", "var ", "final "]
            .iter()
            .fold(t, |t, p| t.strip_prefix(p.as_bytes()).unwrap_or(t));
        t.strip_prefix(name.as_bytes()).is_some_and(|rest| {
            let rest = rest.trim_ascii_start();
            (rest.starts_with(b"=") && !rest.starts_with(b"==")) || rest.starts_with(b":")
        })
    })
}

/// A model constant set in one file (`ANTHROPIC_MODEL = "claude-..."`, or `ANTHROPIC_MODEL=` in
/// `.env`) and passed as the model in another file of the package, in a call that sets a
/// parameter the replacement rejects (`create(model=ANTHROPIC_MODEL, temperature=0)`): the fix
/// of the constant needs the call changed too. Only files that mention a constant are parsed.
fn link_constants(files: &mut [FileReport], param_files: &[PathBuf], judge: &Judge) {
    let mut names: Vec<String> = files
        .iter()
        .flat_map(|f| &f.items)
        .filter(|i| i.fix == Fix::Safe)
        .filter_map(|i| i.finding.target.as_ref().map(|(n, _)| n.clone()))
        .filter(|n| constant_name(n))
        .collect();
    names.sort();
    names.dedup();
    if names.is_empty() || param_files.is_empty() {
        return;
    }
    // Only files of a package that has one of the constants are read: a constant is followed
    // within its package.
    let mut cache = std::collections::HashMap::new();
    let mut packages: std::collections::HashSet<Option<PathBuf>> = std::collections::HashSet::new();
    for f in files.iter() {
        let has = f.items.iter().any(|i| {
            i.fix == Fix::Safe
                && i.finding
                    .target
                    .as_ref()
                    .is_some_and(|(n, _)| constant_name(n))
        });
        if has {
            packages.insert(package_of(&f.path, &mut cache));
        }
    }
    let candidates: Vec<&PathBuf> = param_files
        .iter()
        .filter(|p| packages.contains(&package_of(p, &mut cache)))
        .collect();
    if candidates.is_empty() {
        return;
    }
    let Ok(ac) = AhoCorasick::new(&names) else {
        return;
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    // name -> uses elsewhere: (path, shown, line, companions)
    type Uses = Vec<(PathBuf, String, usize, Vec<remodel_parser::Companion>)>;
    type Found = Vec<(String, PathBuf, usize, Vec<remodel_parser::Companion>)>;
    let read_uses = |path: &PathBuf| -> Found {
        let Ok(src) = std::fs::read(path) else {
            return Vec::new();
        };
        // A generated bundle (minified, or larger than any hand-written module) passes no
        // constant of its package on to a call.
        if src.len() > LINK_MAX_BYTES || longest_line(&src) > LINK_MAX_LINE {
            return Vec::new();
        }
        // A file that sets the name itself uses its own constant, not the other file's.
        let mut present: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for m in ac.find_iter(&src) {
            present.insert(names[m.pattern().as_usize()].as_str());
        }
        present.retain(|n| !assigns(&src, n));
        if present.is_empty() {
            return Vec::new();
        }
        let lang = remodel_parser::Lang::from_path(path);
        let Ok(found) = remodel_parser::named_model_uses(lang, &src, &present) else {
            return Vec::new();
        };
        found
            .into_iter()
            .map(|(name, line, companions)| (name, path.clone(), line, companions))
            .collect()
    };
    // The candidate files are read and parsed on every core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = candidates.len().div_ceil(threads).max(1);
    let found: Found = std::thread::scope(|s| {
        let handles: Vec<_> = candidates
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().flat_map(|p| read_uses(p)).collect::<Found>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut uses: std::collections::HashMap<&str, Uses> = std::collections::HashMap::new();
    for (name, path, line, companions) in found {
        if let Some(n) = names.iter().find(|n| **n == name) {
            let shown = display_path(&path, &cwd);
            uses.entry(n.as_str())
                .or_default()
                .push((path, shown, line, companions));
        }
    }
    if uses.is_empty() {
        return;
    }
    for u in uses.values_mut() {
        u.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    }
    for f in files.iter_mut() {
        let package = package_of(&f.path, &mut cache);
        for item in f.items.iter_mut().filter(|i| i.fix == Fix::Safe) {
            let Some((name, _)) = item.finding.target.as_ref() else {
                continue;
            };
            let Some(found) = uses.get(name.as_str()) else {
                continue;
            };
            let Some(target) = item
                .replacement_model
                .as_deref()
                .and_then(|r| judge.registry.get(r))
            else {
                continue;
            };
            for (path, shown, line, companions) in found {
                if package_of(path, &mut cache) != package {
                    continue;
                }
                if let Some(why) = rejected(judge.registry, companions, target).first() {
                    let why =
                        format!("`{name}` is the model of the call at {shown}:{line}, where {why}");
                    item.finding
                        .demote("companion", Context::Companion, why.clone());
                    item.fix = item.finding.fix;
                    item.reason = Some(why);
                    item.review = Some("parameter of the old model");
                    break;
                }
            }
        }
    }
}

/// Files larger than this, or with a line longer than `LINK_MAX_LINE`, are bundles, not modules.
const LINK_MAX_BYTES: usize = 512 * 1024;
const LINK_MAX_LINE: usize = 4096;

/// The length of the longest line.
fn longest_line(src: &[u8]) -> usize {
    let mut longest = 0;
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', src) {
        longest = longest.max(nl - start);
        start = nl + 1;
    }
    longest.max(src.len() - start)
}

/// Rules whose finding makes a model a member of a type (a union of literal types, `Literal[...]`,
/// an enum, an `as const` array): a value of that type in another file of the package fails the
/// type check when it alone changes.
const TYPE_RULES: &[(&str, &str)] = &[
    ("literal-type", "also listed in the type at"),
    ("enum-member", "also listed in the enum at"),
    ("const-list-member", "also listed in the `as const` list at"),
];

/// The package a file belongs to: the nearest folder above it with a package manifest, which
/// is where a type checker's imports usually end (`None` outside any package).
fn package_of(
    path: &Path,
    cache: &mut std::collections::HashMap<PathBuf, Option<PathBuf>>,
) -> Option<PathBuf> {
    const MANIFESTS: &[&str] = &[
        "package.json",
        "tsconfig.json",
        "deno.json",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
    ];
    let dir = path.parent()?.to_path_buf();
    if let Some(hit) = cache.get(&dir) {
        return hit.clone();
    }
    let found = dir
        .ancestors()
        .find(|d| MANIFESTS.iter().any(|m| d.join(m).is_file()))
        .map(Path::to_path_buf);
    cache.insert(dir, found.clone());
    found
}

/// The languages whose type checker reads a type from another file of the same family.
fn type_family(lang: remodel_parser::Lang) -> Option<&'static str> {
    use remodel_parser::Lang;
    match lang {
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript => Some("ts"),
        Lang::Python => Some("python"),
        _ => None,
    }
}

/// Whether a file's name says it holds prices (`_calculate_cost.py`, `pricing.ts`, `prices.json`).
fn price_file(display: &str) -> bool {
    let stem = Path::new(display)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    stem.contains("cost") || stem.contains("pric")
}

/// Whether a file (its path below the walk root) is in a folder of standalone programs:
/// `examples/`, `samples/`, `cookbook/`, `tutorials/`, `notebooks/`, `demos/`.
fn standalone(display: &str) -> bool {
    const DIRS: &[&str] = &[
        "examples",
        "example",
        "samples",
        "sample",
        "cookbook",
        "cookbooks",
        "tutorials",
        "tutorial",
        "notebooks",
        "demos",
        "demo",
    ];
    let path = Path::new(display);
    path.parent().is_some_and(|p| {
        p.components().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|c| DIRS.contains(&c.to_ascii_lowercase().as_str()))
        })
    })
}

/// Lowers to review the safe fixes of a model that a type in another file of the same package
/// lists, unless the type also lists the replacement or is open (`string & {}`): changing the
/// value alone would fail the type check (`id: "<id>"` typed by a union declared in `types.ts`).
/// One pass over the findings; no file is parsed again.
fn link_types(files: &mut [FileReport]) {
    use std::collections::HashMap;
    type Site = (
        usize,
        String,
        usize,
        &'static str,
        Option<std::ops::Range<usize>>,
    );
    let mut types: HashMap<(String, &'static str), Site> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        // A data file keyed by model (a locale's labels, a price list) is loaded by the code of
        // either family; it has no types of its own.
        let data = matches!(
            f.lang,
            remodel_parser::Lang::Json | remodel_parser::Lang::Yaml | remodel_parser::Lang::Toml
        );
        if data && !remodel_parser::is_test_path(Path::new(&f.display)) && !standalone(&f.display) {
            for item in &f.items {
                if matches!(item.finding.rule, "mapping-key" | "toml-key") {
                    for family in ["ts", "python"] {
                        types
                            .entry((format!("model:{}", item.model), family))
                            .or_insert((
                                i,
                                f.display.clone(),
                                item.finding.line,
                                "a key of the table at",
                                item.finding.group.clone(),
                            ));
                    }
                }
            }
            continue;
        }
        let Some(family) = type_family(f.lang) else {
            continue;
        };
        // Examples, samples and tutorials are programs on their own: a type or table in one is
        // not what another one is checked against.
        if standalone(&f.display) {
            continue;
        }
        for item in &f.items {
            if let Some((_, how)) = TYPE_RULES.iter().find(|(r, _)| *r == item.finding.rule) {
                types.entry((item.finding.text.clone(), family)).or_insert((
                    i,
                    f.display.clone(),
                    item.finding.line,
                    how,
                    item.finding.group.clone(),
                ));
            }
            // A table keyed by model (capabilities, limits, prices) in another file: code that
            // looks the model up there (exactly or by prefix) finds no row for the replacement.
            // A test elsewhere in the package that asserts the model (`assert gen.model ==
            // "<id>"`) fails when only the default it checks changes.
            if item.finding.context == Context::Assertion
                && remodel_parser::is_test_path(Path::new(&f.display))
            {
                types
                    .entry((format!("model:{}", item.model), family))
                    .or_insert((
                        i,
                        f.display.clone(),
                        item.finding.line,
                        "asserted by the test at",
                        None,
                    ));
            }
            // A table in a record of runs (a benchmark's adapter) is nobody's lookup.
            // A table in a test describes the test's cases, not what the package looks up.
            // A price table is looked up for a cost, which a missing row leaves unknown; it is
            // a capability or limit table whose missing row changes what the code does.
            if matches!(item.finding.rule, "mapping-key" | "computed-key")
                && item.fix != Fix::None
                && !remodel_parser::is_test_path(Path::new(&f.display))
                && !price_file(&f.display)
            {
                types
                    .entry((format!("model:{}", item.model), family))
                    .or_insert((
                        i,
                        f.display.clone(),
                        item.finding.line,
                        "a key of the table at",
                        item.finding.group.clone(),
                    ));
            }
        }
    }
    if types.is_empty() {
        return;
    }
    // A type or table that already names the replacement, or an open union (`string & {}`),
    // accepts the rewritten value: read each such file once to see.
    let mut texts: HashMap<usize, Vec<u8>> = HashMap::new();
    for (at, ..) in types.values() {
        texts.entry(*at).or_insert_with(|| {
            if files[*at].bytes.is_empty() {
                std::fs::read(&files[*at].path).unwrap_or_default()
            } else {
                files[*at].bytes.clone()
            }
        });
    }
    let accepts = |at: usize, group: &Option<std::ops::Range<usize>>, replacement: &str| {
        let whole = &texts[&at];
        let text = group
            .as_ref()
            .and_then(|g| whole.get(g.clone()))
            .unwrap_or(whole);
        let quoted = |q: u8| {
            let mut needle = vec![q];
            needle.extend_from_slice(replacement.as_bytes());
            needle.push(q);
            memchr::memmem::find(text, &needle).is_some()
        };
        quoted(b'"')
            || quoted(b'\'')
            || quoted(b'`')
            || memchr::memmem::find(text, b"string & {}").is_some()
            || memchr::memmem::find(text, b"| string").is_some()
    };
    let mut packages = HashMap::new();
    let type_packages: HashMap<usize, Option<PathBuf>> = types
        .values()
        .map(|(at, ..)| (*at, package_of(&files[*at].path, &mut packages)))
        .collect();
    for (i, f) in files.iter_mut().enumerate() {
        let Some(family) = type_family(f.lang) else {
            continue;
        };
        if !f.items.iter().any(|it| it.fix == Fix::Safe) {
            continue;
        }
        let package = package_of(&f.path, &mut packages);
        for item in f.items.iter_mut().filter(|it| it.fix == Fix::Safe) {
            let site = types
                .get(&(item.finding.text.clone(), family))
                .or_else(|| types.get(&(format!("model:{}", item.model), family)));
            // A test's assertion checks a default, not each call that passes the model.
            let site = site.filter(|(_, _, _, how, _)| {
                *how != "asserted by the test at"
                    || (matches!(
                        item.finding.context,
                        Context::Default | Context::Assignment | Context::EnvDefault
                    ) && !remodel_parser::is_test_path(Path::new(&f.display)))
            });
            if let Some((at, path, line, how, group)) = site {
                let listed = item
                    .replacement
                    .as_deref()
                    .is_some_and(|r| accepts(*at, group, r));
                if *at != i && !listed && type_packages[at] == package {
                    let why = format!("{how} {path}:{line}");
                    item.finding
                        .demote("typed-list", Context::TypedList, why.clone());
                    item.fix = item.finding.fix;
                    item.reason = Some(why);
                    item.review = match *how {
                        "a key of the table at" => {
                            Some("a table elsewhere without the replacement")
                        }
                        "asserted by the test at" => Some("asserted by a test elsewhere"),
                        _ => None,
                    };
                }
            }
        }
    }
}

/// A file counter on stderr, shown only on a terminal and only once the walk has taken a second.
struct Progress {
    count: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Progress {
        use std::io::IsTerminal;
        let count = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let ticker = std::io::stderr().is_terminal().then(|| {
            let (count, done) = (count.clone(), done.clone());
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let mut bar: Option<indicatif::ProgressBar> = None;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    if started.elapsed() < Duration::from_secs(1) {
                        continue;
                    }
                    let b = bar.get_or_insert_with(|| {
                        let b = indicatif::ProgressBar::new_spinner();
                        b.set_style(
                            indicatif::ProgressStyle::with_template(
                                "{spinner} scanned {pos} files ({elapsed})",
                            )
                            .expect("valid template"),
                        );
                        b
                    });
                    b.set_position(count.load(Ordering::Relaxed) as u64);
                    b.tick();
                }
                if let Some(b) = bar {
                    b.finish_and_clear();
                }
            })
        });
        Progress {
            count,
            done,
            ticker,
        }
    }

    fn finish(self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.ticker {
            let _ = t.join();
        }
    }
}

/// A walker thread's state; what it gathered is handed over when the walk drops it.
struct Worker<'a> {
    buf: Vec<u8>,
    local: Outcome,
    shared: &'a Mutex<Outcome>,
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        let mut s = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        s.scanned += self.local.scanned;
        s.files.append(&mut self.local.files);
        s.errors.append(&mut self.local.errors);
        s.notes.append(&mut self.local.notes);
        s.leftovers.append(&mut self.local.leftovers);
        s.skipped.append(&mut self.local.skipped);
        s.binary += self.local.binary;
        s.param_files.append(&mut self.local.param_files);
    }
}

/// Reads one file and scans it. `None` when it has nothing to report.
#[allow(clippy::too_many_arguments)]
fn scan_file(
    path: &Path,
    within: &Path,
    buf: &mut Vec<u8>,
    prefilter: &AhoCorasick,
    scanner: &Scanner,
    judge: &Judge,
    cwd: &Path,
    keep_bytes: bool,
    limit: Limit,
    out: &mut Outcome,
) -> Option<FileReport> {
    let shown = || display_path(path, cwd);
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.errors.push(format!("{}: {}", shown(), io_reason(&e)));
            return None;
        }
    };
    // Plain reads into the thread's buffer, at most one byte past the limit: `File::read_to_end`
    // would ask the file's size first (statx and lseek on every file).
    buf.clear();
    if let Err(e) = (&mut file)
        .take(limit.bytes.saturating_add(1))
        .read_to_end(buf)
    {
        out.errors.push(format!("{}: {}", shown(), io_reason(&e)));
        return None;
    }
    // UTF-16 text (a BOM): not scanned yet, and said so when it holds what looks like an ID.
    if let Some(text) = utf16_text(buf) {
        if prefilter.is_match(text.as_bytes()) {
            out.skipped.push(Skipped {
                path: shown(),
                reason: "UTF-16 text is not scanned (convert it to UTF-8 to have it checked)"
                    .to_string(),
                hides: true,
            });
        }
        return None;
    }
    if memchr::memchr(0, buf).is_some() {
        out.binary += 1; // binary files are counted, whatever their size
        return None;
    }
    if buf.len() as u64 > limit.bytes {
        let len = file.metadata().map_or(buf.len() as u64, |m| m.len());
        out.skipped.push(Skipped {
            path: shown(),
            reason: format!(
                "{:.1} MiB is over the {} MiB limit (--max-file-size)",
                len as f64 / (1024.0 * 1024.0),
                limit.bytes / (1024 * 1024)
            ),
            hides: !limit.chosen && prefilter.is_match(buf.as_slice()),
        });
        return None;
    }
    let lang = remodel_parser::Lang::from_path(path);
    if matches!(
        lang,
        remodel_parser::Lang::Python
            | remodel_parser::Lang::JavaScript
            | remodel_parser::Lang::TypeScript
            | remodel_parser::Lang::Tsx
    ) && PARAM_WORDS.is_match(buf.as_slice())
    {
        out.param_files.push(path.to_path_buf());
    }
    // `remodel: ignore` on a line that names no model any more suppresses nothing: say so, so
    // that stale suppressions are cleaned up (`ignore-file` is about the file, not a line).
    // Documentation that explains the comment is not a suppression.
    if !matches!(
        lang,
        remodel_parser::Lang::Markdown | remodel_parser::Lang::Text
    ) && memchr::memmem::find(buf, b"remodel: ignore").is_some()
    {
        let mut line_no = 0;
        for line in buf.split(|b| *b == b'\n') {
            line_no += 1;
            if let Some(at) = memchr::memmem::find(line, b"remodel: ignore") {
                if !line[at..].starts_with(b"remodel: ignore-file") && !prefilter.is_match(line) {
                    out.notes.push(format!(
                        "{}:{line_no}: `remodel: ignore` no longer matches a model ID on its line",
                        shown()
                    ));
                }
            }
        }
    }
    if !prefilter.is_match(buf.as_slice()) {
        return None;
    }
    // Path rules (test directories, cassettes, fixtures) see the path below the repository.
    let findings = match scanner.scan_path(within, buf) {
        Ok(f) => f,
        Err(e) => {
            out.errors.push(format!("{}: {e}", shown()));
            return None;
        }
    };
    let per_path = judge.config.per_path(path);
    // What an imported client library sends with every request goes with every fix in the file.
    let sent = if findings.iter().any(|f| f.fix == Fix::Safe) {
        judge.libraries.companions(judge.registry, path, buf, lang)
    } else {
        Vec::new()
    };
    // The README of the code's own folder describes what it runs ("tested with Claude 3 Opus").
    let readme = if findings.iter().any(|f| f.fix == Fix::Safe)
        && matches!(
            lang,
            remodel_parser::Lang::Python
                | remodel_parser::Lang::JavaScript
                | remodel_parser::Lang::TypeScript
                | remodel_parser::Lang::Tsx
                | remodel_parser::Lang::Notebook
        ) {
        folder_readme(path, &judge.readmes)
    } else {
        None
    };
    let items: Vec<Item> = findings
        .into_iter()
        .map(|mut f| {
            f.companions.extend(sent.iter().cloned());
            if let Some((name, text)) = readme.as_deref() {
                if f.fix == Fix::Safe {
                    if let Some((phrase, line)) = scanner.prose_names_model(text, &f.text) {
                        f.demote(
                            "name-encodes-model",
                            Context::NamedModel,
                            format!(
                                "the folder's {name} names the model on line {line} (\"{phrase}\")"
                            ),
                        );
                    }
                }
            }
            f
        })
        .filter_map(|f| judge.judge(f, lang))
        .filter(|i| !judge.config.ignored(path, &i.model, &i.finding.text))
        .map(|mut i| {
            if let Some((level, patterns)) = per_path {
                let (fix, what) = match level {
                    crate::config::PerPathFix::Review => (Fix::Unsafe, "review"),
                    crate::config::PerPathFix::None => (Fix::None, "report only"),
                };
                if i.fix < fix {
                    let file = judge
                        .config
                        .source
                        .as_ref()
                        .and_then(|p| p.file_name())
                        .map_or("the configuration".into(), |n| n.to_string_lossy());
                    let why = format!("{file} asks {what} for `{patterns}`");
                    i.finding.demote_fix("config-per-path", fix, why.clone());
                    i.fix = i.finding.fix;
                    i.reason.get_or_insert(why);
                    i.review.get_or_insert("configured for review");
                }
            }
            i
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(FileReport {
        path: path.to_path_buf(),
        display: shown(),
        lang,
        bytes: if keep_bytes { buf.clone() } else { Vec::new() },
        owners: Vec::new(),
        items,
    })
}

/// The text of a file that starts with a UTF-16 byte order mark, decoded (lossily).
fn utf16_text(buf: &[u8]) -> Option<String> {
    let le = match buf {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = buf[2..].chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// Where a walked root stands below its base: the git work tree that holds it, or else the
/// current directory when the root is inside it, or else the root itself. Path rules (test
/// folders, records) read the path below the base, so that `check .`, `check tests` and
/// `check tests/x.py` judge a file alike.
struct Base {
    given: PathBuf,
    below: PathBuf,
}

impl Base {
    fn of(root: &Path, cwd: &Path) -> Base {
        let canon = std::fs::canonicalize(root).unwrap_or_else(|_| cwd.join(root));
        let dir = if canon.is_dir() {
            canon.as_path()
        } else {
            canon.parent().unwrap_or(&canon)
        };
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let base = dir
            .ancestors()
            .find(|d| d.join(".git").exists())
            .or_else(|| canon.starts_with(&cwd).then_some(cwd.as_path()))
            .unwrap_or(dir);
        Base {
            given: root.to_path_buf(),
            below: canon
                .strip_prefix(base)
                .unwrap_or(Path::new(""))
                .to_path_buf(),
        }
    }

    /// The path of a walked file below its base: the root's part, then the file's last `depth`
    /// components (the part the walk added).
    fn within(bases: &[Base], path: &Path, depth: usize) -> PathBuf {
        let base = bases
            .iter()
            .filter(|b| path.starts_with(&b.given))
            .max_by_key(|b| b.given.components().count());
        let parts: Vec<_> = path.components().collect();
        let keep = depth.min(parts.len());
        let walked: PathBuf = parts[parts.len() - keep..].iter().collect();
        match base {
            Some(b) if b.below.as_os_str().is_empty() => walked,
            Some(b) => b.below.join(walked),
            None => walked,
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Where a finding goes in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Applied by `fix`.
    Fixable,
    /// Applied with `--unsafe-fixes` or an interactive yes.
    Review,
    /// In use where a fix would apply, but the registry has no replacement in that form: a person
    /// has to migrate it.
    Manual,
    /// Comments, prose, recordings: reported only.
    Left,
}

impl Item {
    pub fn group(&self) -> Group {
        // The second part is the level the context alone gives, before any lowering.
        match (self.fix, self.finding.context.fix()) {
            (Fix::Safe, _) => Group::Fixable,
            (Fix::Unsafe, _) => Group::Review,
            // A quoted ID in Go, Java, Rust...: in use, though nothing here rewrites it.
            (Fix::None, Fix::None) if self.finding.context == Context::UnparsedString => {
                Group::Manual
            }
            (Fix::None, Fix::None) => Group::Left,
            (Fix::None, _) => Group::Manual,
        }
    }

    /// Whether the model is in use here: anything but a mention that is reported only.
    pub fn in_use(&self) -> bool {
        self.group() != Group::Left
    }
}

/// Counts for the closing summary.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub findings: usize,
    pub safe: usize,
    pub unsafe_: usize,
    pub manual: usize,
    pub none: usize,
    /// Context descriptions of findings that need review, with counts.
    pub review: Vec<(&'static str, usize)>,
    /// Context descriptions of findings left alone, with counts.
    pub left: Vec<(&'static str, usize)>,
}

impl Tally {
    pub fn of(files: &[FileReport]) -> Tally {
        let mut t = Tally {
            files: files.len(),
            ..Tally::default()
        };
        for item in files.iter().flat_map(|f| &f.items) {
            t.findings += 1;
            match item.group() {
                Group::Fixable => t.safe += 1,
                Group::Review => {
                    t.unsafe_ += 1;
                    bump(&mut t.review, review_label(item));
                }
                Group::Manual => t.manual += 1,
                Group::Left => {
                    t.none += 1;
                    bump(&mut t.left, item.finding.context.describe());
                }
            }
        }
        t
    }
}

fn bump(v: &mut Vec<(&'static str, usize)>, key: &'static str) {
    match v.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => v.push((key, 1)),
    }
}

pub fn review_label(item: &Item) -> &'static str {
    item.review
        .unwrap_or_else(|| item.finding.context.describe())
}
