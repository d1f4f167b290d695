//! Finds model IDs in source files and says in what syntactic context each one stands.
//!
//! A [`Scanner`] holds an automaton over every string the registry knows. [`Scanner::scan`] runs it
//! over a file's bytes; only files with a hit are parsed. Each hit is placed in the syntax tree:
//! a string literal whose whole content is a model ID becomes a finding whose context decides the fix
//! level (`classify`); an ID inside longer text is rewritten only as the whole value of a setting
//! such as `--model <id>` (`shell`); comments, prose and other mentions are reported with no fix.
//! Then, per file: mentions of IDs that were never valid are dropped, and a model that the file
//! also compares, lists or keys a table by has its safe findings lowered to review (`Linked`).
//! [`Scanner::scan_path`] lowers findings further by what the file is: a record (lockfile,
//! changelog, cassette, snapshot) or test code.

mod classify;
mod code;
mod context;
mod env;
mod lang;
mod lexer;
mod markdown;
mod names;
mod naming;
mod notebook;
mod rules;
mod shell;
mod window;

pub use context::{Companion, Context, Demotion, Fix};
pub use lang::Lang;

/// Whether a path (below the repository) is a test, a mock or a fixture by its name or folder.
pub fn is_test_path(path: &std::path::Path) -> bool {
    lang::test_path(path).is_some()
}
pub use rules::{Rule, RULES};

use aho_corasick::{AhoCorasick, MatchKind};
use remodel_registry::Registry;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A model ID found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Bytes of the ID as written (for a whole literal: its content inside the quotes).
    pub range: Range<usize>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text in `range`.
    pub text: String,
    pub context: Context,
    pub fix: Fix,
    /// The name of the rule that gave the context (`rules::RULES`).
    pub rule: &'static str,
    /// Each later rule that lowered the fix, with its reason, in order.
    pub demotions: Vec<Demotion>,
    /// Parameters, tools and APIs next to it that only some models accept.
    pub companions: Vec<Companion>,
    /// For a member of a type, enum, `as const` list or a table key: the bytes of that type,
    /// enum, list or table, so that other files' uses can see what else it lists.
    pub group: Option<Range<usize>>,
    /// The variable that the literal's statement assigns (`MODEL`, `msg` in `msg = ask(<id>)`),
    /// and the bytes where it is in scope (its function, or the file), so that a test file can tell
    /// whether an assertion echoes it.
    pub target: Option<(String, Range<usize>)>,
    /// Inside a list or array literal (a table of cases, parametrized inputs).
    pub in_list: bool,
    /// The language the text around it was read as: the file's, or a fence's or cell's.
    pub code_lang: Option<Lang>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not load the {0} grammar: {1}")]
    Grammar(&'static str, String),
    #[error("the {0} parser gave up on this file")]
    Parse(&'static str),
    #[error("the {0} parser went over its step budget for the file's size (an input that would take it minutes); not scanned")]
    Budget(&'static str),
}

/// Searches files for the registry's model IDs.
pub struct Scanner<'r> {
    registry: &'r Registry,
    /// One automaton per provider over its known strings, each run only on text where one of
    /// that provider's needles stands (no gate with a single provider): the Claude automaton
    /// alone runs on a file that mentions only Claude.
    automata: Vec<(Option<AhoCorasick>, AhoCorasick)>,
    /// When set, files whose hits all name other models are not parsed at all.
    relevant: Option<HashSet<String>>,
    /// Parse only the statements around hits where that is safe (`window`).
    windows: bool,
    /// The registry's tool versions and beta headers, searched in files with a safe fix.
    file_companions: Option<(AhoCorasick, Vec<String>)>,
    /// The as-of date (`YYYY-MM-DD`): a `remodel: ignore until=DATE` before it has expired.
    as_of: Option<String>,
}

/// A raw hit of a known string in the bytes, before any parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub range: Range<usize>,
    /// Followed by `-x`, `[...]`, `:x`, `@x`: a variant that is not the ID itself.
    pub suffixed: bool,
}

impl<'r> Scanner<'r> {
    pub fn new(registry: &'r Registry) -> Scanner<'r> {
        let needles = registry.needles_by_provider(None);
        let mut groups: Vec<(String, Vec<String>)> = needles
            .iter()
            .map(|(p, _)| (p.clone(), Vec::new()))
            .collect();
        for k in registry.known_strings() {
            let provider = registry.lookup(k).map(|m| m.model.provider.as_str());
            let at = groups
                .iter()
                .position(|(p, _)| Some(p.as_str()) == provider)
                .unwrap_or(0);
            if let Some((_, keys)) = groups.get_mut(at) {
                keys.push(k.to_string());
            }
        }
        groups.retain(|(_, keys)| !keys.is_empty());
        let gated = groups.len() > 1;
        let automata = groups
            .into_iter()
            .map(|(provider, mut keys)| {
                keys.sort();
                let ac = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&keys)
                    .expect("registry strings build an automaton");
                let gate = gated.then(|| {
                    let own = needles
                        .iter()
                        .find(|(p, _)| *p == provider)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_default();
                    // A key no needle covers (a user file's ID) opens its own gate.
                    let mut pats = own;
                    for k in &keys {
                        let covered =
                            |n: &String| k.contains(n.as_str()) || n.trim_matches(['"', '\'']) == k;
                        if !pats.iter().any(covered) {
                            pats.push(k.clone());
                        }
                    }
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostFirst)
                        .build(&pats)
                        .expect("needles build an automaton")
                });
                (gate, ac)
            })
            .collect();
        // Searched in files: tool versions and betas by their IDs, and every companion by its
        // other spellings. The automaton's patterns map to the companion's ID.
        let mut patterns: Vec<String> = Vec::new();
        let mut ids: Vec<String> = Vec::new();
        for c in registry.companions() {
            if matches!(c.kind.as_str(), "tool" | "beta") {
                patterns.push(c.id.clone());
                ids.push(c.id.clone());
            }
            for sp in &c.spellings {
                patterns.push(sp.clone());
                ids.push(c.id.clone());
            }
        }
        let file_companions = (!patterns.is_empty()).then(|| {
            let ac = AhoCorasick::new(&patterns).expect("companion spellings build an automaton");
            (ac, ids)
        });
        Scanner {
            registry,
            automata,
            relevant: None,
            windows: true,
            file_companions,
            as_of: None,
        }
    }

    /// Always parse whole files (the reference the windowed parse is tested against).
    pub fn whole_files(mut self) -> Scanner<'r> {
        self.windows = false;
        self
    }

    pub(crate) fn windows(&self) -> bool {
        self.windows
    }

    /// Parse only files that mention one of these models (canonical IDs). A caller that reports
    /// only deprecated and retired models saves the parse of files that name live ones alone;
    /// findings are the same for every file that is parsed.
    /// The date at which `remodel: ignore until=DATE` comments are read (`YYYY-MM-DD`).
    pub fn as_of(mut self, date: impl std::fmt::Display) -> Scanner<'r> {
        self.as_of = Some(date.to_string());
        self
    }

    pub fn only_for(mut self, models: HashSet<String>) -> Scanner<'r> {
        self.relevant = Some(models);
        self
    }

    pub fn registry(&self) -> &'r Registry {
        self.registry
    }

    /// Every occurrence of a known ID in `src` that stands on its own: not glued to a longer word
    /// before it (`no-lint-claude-...`, `xclaude-...`) or after it (`...opus2`).
    pub(crate) fn hits(&self, src: &[u8]) -> Vec<Hit> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (gate, ac) in &self.automata {
            if gate.as_ref().is_some_and(|g| !g.is_match(src)) {
                continue;
            }
            found.extend(ac.find_iter(src).map(|m| (m.start(), m.end())));
        }
        if self.automata.len() > 1 {
            // Leftmost-longest across the providers' automata, as one automaton would give.
            found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let mut end = 0;
            found.retain(|&(s, e)| {
                let keep = s >= end;
                if keep {
                    end = e;
                }
                keep
            });
        }
        let mut out = Vec::new();
        for (s, e) in found {
            if glued_before(&src[..s]) {
                continue;
            }
            let next = src.get(e).copied();
            if next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
                continue;
            }
            let after = src.get(e + 1).copied();
            // `claude-2.5`, `claude-sonnet-4.5`: a dotted version goes on; another name.
            if next == Some(b'.') && after.is_some_and(|b| b.is_ascii_digit()) {
                continue;
            }
            // A file extension (`.json`) or a path (`/`) after the ID is longer text, not a variant.
            let suffixed = matches!(next, Some(b'-' | b':' | b'@' | b'['))
                && after.is_some_and(|b| b.is_ascii_alphanumeric());
            out.push(Hit {
                range: s..e,
                suffixed,
            });
        }
        out
    }

    /// Finds every known model ID in a file of kind `lang`, sorted by position.
    pub fn scan(&self, lang: Lang, src: &[u8]) -> Result<Vec<Finding>, Error> {
        let mut raw = self.raw_scan(lang, src)?;
        apply_ignores(src, &mut raw, self.as_of.as_deref());
        // An ID that was never valid (`claude-sonnet-4`) or a major-version alias (`claude-2`)
        // names a family in prose, URLs and slugs; it matters only where code or config chose it.
        self.generic_ids(src, &mut raw);
        raw.retain(|f| {
            let text = &src[f.range.clone()];
            f.fix != Fix::None
                || !(self.is_family_name(text)
                    || ((is_text_context(f.context) || f.context == Context::Recording)
                        && self.is_generic(text))
                    || (f.context == Context::Suffixed && self.is_other_provider(text)))
        });
        self.link(src, &mut raw);
        if matches!(
            lang,
            Lang::Python | Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Notebook
        ) {
            self.quoted_nearby(src, &mut raw);
        }
        Ok(finish(src, raw))
    }

    /// An assertion of the test file that checks a limit of the model (`toBe(8192)`, its max
    /// output): the test expects the old model's row of a table.
    fn asserted_limit(&self, id: &str, asserted: &[(usize, usize, &[u8])]) -> Option<String> {
        let m = self.registry.lookup(id)?.model;
        let limits: Vec<(u64, &str)> = [
            (m.max_output, "max output"),
            (m.context_window, "context window"),
        ]
        .into_iter()
        .filter_map(|(v, what)| v.map(|v| (v, what)))
        .collect();
        for (n, _, text) in asserted {
            for word in text.split(|b| !(b.is_ascii_digit() || *b == b'_')) {
                let digits: String = word
                    .iter()
                    .filter(|b| b.is_ascii_digit())
                    .map(|b| *b as char)
                    .collect();
                let Ok(v) = digits.parse::<u64>() else {
                    continue;
                };
                if let Some((_, what)) = limits.iter().find(|(l, _)| *l == v && v >= 1000) {
                    return Some(format!(
                        "a test file whose assertion on line {n} checks {v}, the {what} of {}",
                        m.id
                    ));
                }
            }
        }
        None
    }

    /// A message or help text right next to a fixed value that quotes the same model
    /// (`default="<id>", help="Defaults to '<id>'"`) would still name the old one: the fix is held.
    fn quoted_nearby(&self, src: &[u8], raw: &mut [RawFinding]) {
        const NEAR: usize = 3;
        if !raw.iter().any(|f| f.context == Context::Embedded) {
            return;
        }
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', src).collect();
        let line_of = |at: usize| newlines.partition_point(|&nl| nl < at) + 1;
        let quoted: Vec<(&str, usize)> = raw
            .iter()
            .filter(|f| f.context == Context::Embedded)
            .filter_map(|f| {
                self.model_of(&src[f.range.clone()])
                    .map(|m| (m, line_of(f.range.start)))
            })
            .collect();
        if quoted.is_empty() {
            return;
        }
        for f in raw.iter_mut().filter(|f| f.fix == Fix::Safe) {
            let Some(m) = self.model_of(&src[f.range.clone()]) else {
                continue;
            };
            let here = line_of(f.range.start);
            if let Some((_, line)) = quoted
                .iter()
                .find(|(q, line)| *q == m && line.abs_diff(here) <= NEAR)
            {
                f.demote(
                    "documented-id",
                    Context::NamedModel,
                    format!("the text on line {line} quotes it too and would still name it"),
                );
            }
        }
    }

    /// Tool versions and beta headers anywhere in the file go with every safe fix in it: a tool
    /// definition is often far from the model it is sent with.
    fn file_companions(&self, lang: Lang, src: &[u8], raw: &mut [RawFinding]) {
        let Some((ac, ids)) = &self.file_companions else {
            return;
        };
        if !raw.iter().any(|f| f.fix == Fix::Safe) {
            return;
        }
        let mut found: Vec<Companion> = Vec::new();
        for m in ac.find_iter(src) {
            let id = &ids[m.pattern().as_usize()];
            let glued = src
                .get(m.end())
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            if glued || found.iter().any(|c| &c.id == id) {
                continue;
            }
            found.push(Companion {
                id: id.clone(),
                text: String::from_utf8_lossy(&src[m.start()..m.end()]).into_owned(),
                value: None,
                line: memchr::memchr_iter(b'\n', &src[..m.start()]).count() + 1,
            });
        }
        // A YAML or TOML document is one run's settings: sampling parameters anywhere in it (a
        // sibling `generate_config:` section) go with its model.
        if matches!(lang, Lang::Yaml | Lang::Toml) {
            found.extend(config_sampling(src));
        }
        // A notebook's prefills are looked for in its code cells (`notebook.rs`), not in the
        // outputs that print a conversation.
        let prefill = if lang == Lang::Notebook {
            None
        } else {
            prefill_line(src)
        };
        // A forced tool choice or thinking turned off anywhere in the file: the model is often
        // bound to a variable far from the request that sends them.
        for (key, id) in [
            (&b"tool_choice"[..], "forced-tool-choice"),
            (b"toolChoice", "forced-tool-choice"),
            (b"thinking", "thinking-disabled"),
        ] {
            for at in memchr::memmem::find_iter(src, key) {
                let end = (at + key.len() + 100).min(src.len());
                let tail = String::from_utf8_lossy(&src[at + key.len()..end]);
                let setting = tail.trim_start_matches(['"', '\'', ' ']);
                if !setting.starts_with([':', '=']) {
                    continue;
                }
                let value: String = setting.chars().take_while(|c| *c != '\n').collect();
                if code::forced_setting(
                    std::str::from_utf8(key).unwrap_or_default(),
                    value.as_bytes(),
                ) == Some(id)
                    && !found.iter().any(|c| c.id == id)
                {
                    found.push(Companion {
                        id: id.into(),
                        text: format!(
                            "{}{}",
                            String::from_utf8_lossy(key),
                            value.chars().take(50).collect::<String>()
                        ),
                        value: None,
                        line: memchr::memchr_iter(b'\n', &src[..at]).count() + 1,
                    });
                }
            }
        }
        if let Some(line) = prefill {
            found.push(Companion {
                id: "prefill".into(),
                text: "an assistant turn last in a messages list".into(),
                value: None,
                line,
            });
        }
        if found.is_empty() {
            return;
        }
        // In a Markdown page, what goes together is a section (from one `#` or `##` heading to
        // the next): a long page documents unrelated features side by side.
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', src).collect();
        let line_of = |at: usize| newlines.partition_point(|&nl| nl < at) + 1;
        let sections = markdown_sections(lang, src);
        let section_of = |line: usize| sections.partition_point(|&h| h <= line);
        for f in raw.iter_mut().filter(|f| f.fix == Fix::Safe) {
            let here = section_of(line_of(f.range.start));
            for c in &found {
                let same_section = sections.is_empty() || section_of(c.line) == here;
                let own_messages = c.id == "prefill"
                    && f.companions
                        .iter()
                        .any(|have| have.id == code::MESSAGES_SEEN);
                if same_section && !own_messages && !f.companions.iter().any(|have| have.id == c.id)
                {
                    f.companions.push(c.clone());
                }
            }
        }
    }

    /// Like [`Scanner::scan`], for the file at `path`: the kind comes from its name, and files that
    /// record rather than choose (lockfiles, changelogs, cassettes, snapshots, fixture data) get no fix.
    pub fn scan_path(&self, path: &std::path::Path, src: &[u8]) -> Result<Vec<Finding>, Error> {
        // Build output is read as text: reported, never parsed or edited.
        if let Some(why) = lang::generated(path, src) {
            let mut found = self.scan(Lang::Text, src)?;
            for f in found.iter_mut() {
                f.demote_fix("generated", Fix::None, why.clone());
            }
            return Ok(found);
        }
        let mut found = self.scan(Lang::from_path(path), src)?;
        if lang::is_unparsed_code(path) {
            for f in found.iter_mut().filter(|f| f.context == Context::Text) {
                if quoted(src, &f.range) {
                    f.context = Context::UnparsedString;
                    f.rule = "unparsed-string";
                }
            }
        }
        let record = lang::record_kind(path)
            .or_else(|| lang::run_header(src).map(|why| ("run-record", Context::RunRecord, why)));
        if let Some((rule, ctx, why)) = record {
            for f in found.iter_mut().filter(|f| f.fix != Fix::None) {
                f.demote(rule, ctx, why.clone());
            }
        } else if let Some((kind, why)) = lang::test_path(path) {
            // A test's own call or constant is what a migrating team changes, unless the file
            // replays or pins recorded output; assertions that echo the ID are linked already.
            let marker = lang::echo_marker(src);
            let asserted = assertion_lines(src);
            for f in found.iter_mut().filter(|f| f.fix == Fix::Safe) {
                let reason = match (kind, marker) {
                    (lang::TestKind::Mock, _) => Some(why.clone()),
                    (_, Some(mark)) => Some(format!(
                        "{why}, and it replays or pins recorded output (`{mark}`)"
                    )),
                    // Test data: a parametrized list, a table of cases.
                    _ if f.in_list
                        || matches!(f.context, Context::Element | Context::ConfigValue) =>
                    {
                        Some(format!("{why}: a list of test inputs"))
                    }
                    // An argument passed to the code under test: what it returns is checked.
                    _ if f.context == Context::Argument => {
                        Some(format!("{why}: an input passed to the code under test"))
                    }
                    _ => f
                        .target
                        .as_ref()
                        .and_then(|(name, scope)| {
                            asserted
                                .iter()
                                .filter(|(_, at, _)| scope.contains(at))
                                .find(|(_, _, line)| mentions(line, name))
                                .map(|(n, ..)| {
                                    format!(
                                        "{why}: `{name}` is checked by the assertion on line {n}"
                                    )
                                })
                        })
                        .or_else(|| self.asserted_limit(&f.text, &asserted))
                        .or_else(|| capability_test(src, f.range.start)),
                };
                if let Some(reason) = reason {
                    f.demote("test-file", Context::TestCode, reason);
                }
            }
            // A test that keeps the model elsewhere in a form never rewritten (inside an
            // expected URL or message, an encoded ARN) would compare the new ID with the old one.
            // So would a response it records (`Message(model="<id>", ...)` fed to the code under
            // test), which is never rewritten either.
            let kept: Vec<(&'r str, usize, String, Context, Option<usize>)> = found
                .iter()
                .filter(|f| {
                    f.fix == Fix::None
                        && matches!(f.context, Context::Embedded | Context::Recording)
                })
                .filter_map(|f| {
                    self.model_of(f.text.as_bytes()).map(|m| {
                        (
                            m,
                            f.line,
                            f.text.clone(),
                            f.context,
                            test_start(src, f.range.start),
                        )
                    })
                })
                .collect();
            for f in found.iter_mut().filter(|f| f.fix == Fix::Safe) {
                let Some(m) = self.model_of(f.text.as_bytes()) else {
                    continue;
                };
                // Nearby: the same test (from its `def test_` or `it(` line), or, where no such
                // line is found, within as many lines as a test body rarely exceeds.
                const NEAR: usize = 30;
                let here = test_start(src, f.range.start);
                if let Some((_, line, text, ctx, _)) = kept.iter().find(|(k, line, _, ctx, at)| {
                    *k == m
                        && match (here, at) {
                            (Some(a), Some(b)) => a == *b,
                            _ => *ctx == Context::Embedded && line.abs_diff(f.line) <= NEAR,
                        }
                }) {
                    f.demote(
                        "test-file",
                        Context::TestCode,
                        format!(
                            "{why}: the test also has `{text}` on line {line} ({}), which is not rewritten",
                            ctx.describe()
                        ),
                    );
                }
            }
        }
        // A file named for the model it holds (`claude_3_7_sonnet_tools.ipynb`, `20-sonnet-3-7.mdx`).
        let stem = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let stem = stem.split('.').next().unwrap_or_default();
        let name = naming::normalize(stem.as_bytes());
        let mut marks = code::Marks::default();
        for f in found.iter_mut().filter(|f| f.fix == Fix::Safe) {
            let m = code::marks_for(self, &mut marks, f.text.as_bytes());
            if let Some(mark) = naming::carries(&name, m) {
                f.demote(
                    "name-encodes-model",
                    Context::NamedModel,
                    format!("the file name `{stem}` names the model (`{mark}`)"),
                );
            }
        }
        // A program about what models cost (`verify_cost.py`, `pricing.ts`): its constants pick
        // rows of price data and the figures it checks are that model's. A request's own model
        // argument is still a request.
        let lower = stem.to_ascii_lowercase();
        if let Some(word) = ["cost", "pricing", "price", "billing"]
            .into_iter()
            .find(|w| lower.contains(w))
        {
            for f in found
                .iter_mut()
                .filter(|f| f.fix == Fix::Safe && f.context != Context::ModelArgument)
            {
                f.demote_fix(
                    "cost-file",
                    Fix::Unsafe,
                    format!("the file name `{stem}` says it is about {word}: its figures are the old model's"),
                );
            }
        }
        // A comment or docstring of the same program that quotes the ID (`--model <id>
        // (default: <id>)` in a usage note): after the fix it would still name the old model.
        let prose = !matches!(
            Lang::from_path(path),
            Lang::Markdown | Lang::Notebook | Lang::Text
        );
        let quoted_at: Vec<(String, usize, &str)> = found
            .iter()
            .filter(|f| prose && matches!(f.context, Context::Comment | Context::Docstring))
            .filter(|f| !naming::history_before(&src[..f.range.start]))
            .map(|f| {
                let what = if f.context == Context::Docstring {
                    "docstring"
                } else {
                    "comment"
                };
                (f.text.clone(), f.line, what)
            })
            .collect();
        if !quoted_at.is_empty() {
            for f in found.iter_mut().filter(|f| f.fix == Fix::Safe) {
                if let Some((_, line, what)) = quoted_at.iter().find(|(t, ..)| *t == f.text) {
                    f.demote(
                        "documented-id",
                        Context::NamedModel,
                        format!(
                            "the {what} on line {line} quotes `{}` too and would still name it",
                            f.text
                        ),
                    );
                }
            }
        }
        Ok(found)
    }

    pub(crate) fn raw_scan(&self, lang: Lang, src: &[u8]) -> Result<Vec<RawFinding>, Error> {
        let hits = self.hits(src);
        if hits.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(relevant) = &self.relevant {
            let any = hits.iter().any(|h| {
                self.model_of(&src[h.range.clone()])
                    .is_some_and(|m| relevant.contains(m))
            });
            if !any {
                return Ok(Vec::new());
            }
        }
        let mut raw = match lang {
            Lang::Env => env::scan(self, src, &hits),
            Lang::Notebook => notebook::scan(self, src, &hits)?,
            Lang::Markdown => markdown::scan(self, src, &hits)?,
            Lang::Shell => hits
                .iter()
                .map(|h| shell::finding(self, src, h, shell::Syntax::Shell, Context::Embedded))
                .collect(),
            Lang::Text => hits
                .iter()
                .map(|h| RawFinding::mention(h, Context::Text))
                .collect(),
            _ => code::scan(self, lang, src, &hits)?,
        };
        for f in raw.iter_mut().filter(|f| f.code_lang.is_none()) {
            f.code_lang = Some(lang);
        }
        // Calls that send a variable or a body built before them, read in the code's own text
        // (a file, a fence, a notebook cell), before ranges are mapped back.
        if matches!(
            lang,
            Lang::Python | Lang::TypeScript | Lang::Tsx | Lang::JavaScript
        ) {
            self.fed_calls(src, &mut raw);
        }
        // Tool versions and betas go with every fix of the file (a notebook or a Markdown page
        // whole: a page often defines its tools in one fence and calls the model in another).
        self.file_companions(lang, src, &mut raw);
        Ok(raw)
    }

    /// Whether a model ID is known: the whole `text` in some form.
    pub(crate) fn is_id(&self, text: &[u8]) -> bool {
        std::str::from_utf8(text)
            .ok()
            .is_some_and(|t| self.registry.lookup(t).is_some())
    }

    /// Whether a whole text names a family rather than one model: an ID that was never valid, or a
    /// major-version alias (`claude-2`, `claude-instant-1`, `claude-v1`) that blog slugs, URLs and
    /// CSS classes spell the same way.
    /// Where prose (a folder's README) names the model of `id` in words ("tested with Claude 3
    /// Opus"): the phrase and its 1-based line.
    pub fn prose_names_model(&self, prose: &[u8], id: &str) -> Option<(String, usize)> {
        let mut marks = code::Marks::new();
        // File names and paths (a table of the folder's notebooks, a link target) name files,
        // not the model this code uses: they are blanked out, keeping the lines.
        let prose = blank_paths(prose);
        // Paragraph by paragraph, so that the line can be told.
        for (line, para) in (1..).zip(prose.split(|b| *b == b'\n')) {
            if let Some(phrase) = naming::prose_names(self, &mut marks, para, id.as_bytes()) {
                return Some((phrase, line));
            }
        }
        None
    }

    /// Whether the text is an unofficial spelling of a model (`claude-3.5-sonnet`), which reads
    /// as a name as much as an ID.
    pub(crate) fn is_spelling(&self, text: &[u8]) -> bool {
        std::str::from_utf8(text)
            .ok()
            .and_then(|t| self.registry.lookup(t))
            .is_some_and(|m| {
                matches!(
                    m.form,
                    remodel_registry::Form::Spelling { dated: false, .. }
                )
            })
    }

    /// Whether a word of prose or a name is, or holds, a model ID judged on its own; an
    /// unofficial spelling (`claude-3-sonnet`) reads as a name instead.
    pub(crate) fn names_an_id(&self, word: &[u8]) -> bool {
        (self.is_id(word) && !self.is_spelling(word))
            || self
                .hits(word)
                .iter()
                .any(|h| !self.is_spelling(&word[h.range.clone()]))
    }

    /// A variable or parameter default that holds the model is sent by a call in its scope
    /// (`model=model`, `model: MODEL`): that call's parameters go with the value too. Read from
    /// the text, so that windowed and whole parses agree; a bracket it misreads only loses a
    /// companion.
    fn fed_calls(&self, src: &[u8], raw: &mut [RawFinding]) {
        let keys: Vec<&str> = code::PARAMETERS.iter().map(|(k, _)| *k).collect();
        if !keys
            .iter()
            .any(|k| memchr::memmem::find(src, k.as_bytes()).is_some())
        {
            return;
        }
        let mut newlines: Option<Vec<usize>> = None;
        for f in raw.iter_mut().filter(|f| {
            f.fix == Fix::Safe
                && matches!(
                    f.context,
                    Context::Assignment | Context::Default | Context::EnvDefault
                )
        }) {
            let Some((name, scope)) = f.target.clone() else {
                continue;
            };
            let scope = scope.start.min(src.len())..scope.end.min(src.len());
            let finder = memchr::memmem::Finder::new(name.as_bytes());
            for at in finder
                .find_iter(&src[scope.clone()])
                .map(|i| i + scope.start)
            {
                let end = at + name.len();
                let word =
                    |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
                if word(src.get(end)) || (at > 0 && word(src.get(at - 1))) {
                    continue;
                }
                // Passed as the model: `model=name`, `model: name`, `"model": self.name`.
                let head = src[..at]
                    .iter()
                    .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'.' || *b == b'_'))
                    .map_or(0, |i| i + 1);
                if !model_key_before(src, head) {
                    continue;
                }
                let Some(call) = enclosing_brackets(src, at, 4096) else {
                    continue;
                };
                let nl = newlines.get_or_insert_with(|| memchr::memchr_iter(b'\n', src).collect());
                for c in call_parameters(&src[call.clone()], call.start, nl) {
                    if !f
                        .companions
                        .iter()
                        .any(|o| o.id == c.id && o.line == c.line)
                    {
                        f.companions.push(c);
                    }
                }
            }
        }
        // A request whose body or settings are built before the call and passed by name
        // (`body=request_body` after `request_body = json.dumps({... "temperature": 0.5 ...})`):
        // the mapping assigned to that name goes with the model too.
        // Each call is read once, however many models it holds.
        let mut seen: HashMap<usize, Vec<Companion>> = HashMap::new();
        for f in raw.iter_mut().filter(|f| {
            f.fix == Fix::Safe && matches!(f.context, Context::ModelArgument | Context::Argument)
        }) {
            let Some(call) = enclosing_brackets(src, f.range.start, 4096) else {
                continue;
            };
            let found = seen.entry(call.start).or_insert_with(|| {
                let mut out = Vec::new();
                for name in argument_names(&src[call.clone()]) {
                    let Some(built) = assigned_mapping(src, &name, call.start) else {
                        continue;
                    };
                    let nl =
                        newlines.get_or_insert_with(|| memchr::memchr_iter(b'\n', src).collect());
                    out.extend(call_parameters(&src[built.clone()], built.start, nl));
                }
                out
            });
            for c in found.iter() {
                if !f
                    .companions
                    .iter()
                    .any(|o| o.id == c.id && o.line == c.line)
                {
                    f.companions.push(c.clone());
                }
            }
        }
    }

    /// A model of a provider other than the first (Anthropic): its IDs have no grammar of
    /// variants here, so an ID with a suffix (`gpt-5.1-chat`, `gemini-2.5-pro-aistudio-x`) is
    /// most likely another model, not this one.
    fn is_other_provider(&self, text: &[u8]) -> bool {
        std::str::from_utf8(text)
            .ok()
            .and_then(|t| self.registry.lookup(t))
            .is_some_and(|m| m.model.provider != self.registry.platform().provider)
    }

    fn is_generic(&self, text: &[u8]) -> bool {
        std::str::from_utf8(text).is_ok_and(|t| self.registry.is_generic(t))
    }

    /// A provider's generic ID (`gpt-4`) is rewritten only as the value of a key named like a
    /// model: elsewhere in code it is as likely a table key, a label or a tokenizer name.
    fn generic_ids(&self, src: &[u8], raw: &mut [RawFinding]) {
        const MODEL_KEYS: &[&str] = &[
            "model-keyword",
            "model-attribute",
            "model-property",
            "command-flag",
            "shell-key",
        ];
        for f in raw.iter_mut() {
            if f.fix == Fix::None
                || MODEL_KEYS.contains(&f.rule)
                || model_key_before(src, f.range.start)
            {
                continue;
            }
            let text = &src[f.range.clone()];
            if self.is_generic(text) {
                f.demote_fix(
                    "generic-id",
                    Fix::None,
                    format!(
                        "`{}` is a short or generic name that is also written for other things; rewritten only as the value of a key named like a model",
                        String::from_utf8_lossy(text)
                    ),
                );
            }
        }
    }

    fn is_family_name(&self, text: &[u8]) -> bool {
        let Some(m) = std::str::from_utf8(text)
            .ok()
            .and_then(|t| self.registry.lookup(t))
        else {
            return false;
        };
        let major = |t: &[u8]| {
            std::str::from_utf8(t).is_ok_and(|t| self.registry.platform().is_major_alias(t))
        };
        matches!(
            m.form,
            remodel_registry::Form::Invalid | remodel_registry::Form::Spelling { dated: false, .. }
        ) || (m.form == remodel_registry::Form::Alias && major(text))
    }

    /// Lowers to review the safe findings of a model that the same file also compares, lists or
    /// looks up (a default that must stay in an options list, a table keyed by the model, a
    /// capability check): rewriting one of those places alone would break the others.
    fn link(&self, src: &[u8], raw: &mut [RawFinding]) {
        // Each bound model, with where and how it is first bound.
        let mut bound: HashMap<&str, (usize, Context)> = HashMap::new();
        // A name made of the ID and a suffix (`claude-3-7-sonnet-20250219-thinking-16k:` naming a
        // benchmark entry or an answer file) keeps the old model after a rewrite, too.
        for f in raw
            .iter()
            .filter(|f| f.context.binds() || f.context == Context::Suffixed)
        {
            if let Some(m) = self.model_of(&src[f.range.clone()]) {
                let e = bound.entry(m).or_insert((f.range.start, f.context));
                if f.range.start < e.0 {
                    *e = (f.range.start, f.context);
                }
            }
        }
        if bound.is_empty() {
            return;
        }
        for f in raw.iter_mut().filter(|f| f.fix == Fix::Safe) {
            let Some(m) = self.model_of(&src[f.range.clone()]) else {
                continue;
            };
            if let Some(&(at, how)) = bound.get(m) {
                let line = memchr::memchr_iter(b'\n', &src[..at]).count() + 1;
                f.demote(
                    "linked",
                    Context::Linked,
                    format!(
                        "the file also has it in a {} on line {line}",
                        how.describe()
                    ),
                );
            }
        }
    }

    /// The canonical ID of the model a whole text names, for counting distinct models.
    pub(crate) fn model_of(&self, text: &[u8]) -> Option<&'r str> {
        let t = std::str::from_utf8(text).ok()?;
        self.registry.lookup(t).map(|m| m.model.id.as_str())
    }
}

impl Finding {
    /// Lowers the finding to `context` by `rule`, recording why. The fix never rises.
    pub fn demote(&mut self, rule: &'static str, context: Context, reason: String) {
        self.context = context;
        context::lower(
            &mut self.fix,
            &mut self.demotions,
            rule,
            context.fix(),
            reason,
        );
    }

    /// Lowers the fix to `fix` by `rule` and keeps the context, recording why.
    pub fn demote_fix(&mut self, rule: &'static str, fix: Fix, reason: String) {
        context::lower(&mut self.fix, &mut self.demotions, rule, fix, reason);
    }
}

/// `temperature: 0.5`, `top_p = 0.9`, `top_k: 5` lines of a config document.
fn config_sampling(src: &[u8]) -> Vec<Companion> {
    let mut out: Vec<Companion> = Vec::new();
    for (n, line) in src.split(|b| *b == b'\n').enumerate() {
        let t = line.trim_ascii();
        for (key, id) in [
            (&b"temperature"[..], "temperature"),
            (b"top_p", "top_p"),
            (b"top_k", "top_k"),
        ] {
            let Some(rest) = t.strip_prefix(key) else {
                continue;
            };
            let rest = rest.trim_ascii_start();
            let Some(value) = rest.strip_prefix(b":").or_else(|| rest.strip_prefix(b"=")) else {
                continue;
            };
            let value = String::from_utf8_lossy(value.trim_ascii()).into_owned();
            if out.iter().any(|c| c.id == id) {
                continue;
            }
            out.push(Companion {
                id: id.to_string(),
                text: String::from_utf8_lossy(t).into_owned(),
                value: value.trim_matches(|c| c == '"' || c == '\'').parse().ok(),
                line: n + 1,
            });
        }
    }
    out
}

/// The 1-based lines of a Markdown page's `#` and `##` headings outside code blocks, ascending;
/// empty for other kinds of file.
fn markdown_sections(lang: Lang, src: &[u8]) -> Vec<usize> {
    if lang != Lang::Markdown {
        return Vec::new();
    }
    let fences = markdown::fences(src);
    let mut out = Vec::new();
    let mut start = 0;
    // Fences come in order: one pointer walks them as the lines go by.
    let mut next = 0;
    for (n, line) in src.split(|b| *b == b'\n').enumerate() {
        while next < fences.len() && fences[next].body.end <= start {
            next += 1;
        }
        let in_fence = fences.get(next).is_some_and(|f| f.body.contains(&start));
        if (line.starts_with(b"# ") || line.starts_with(b"## ")) && !in_fence {
            out.push(n + 1);
        }
        start += line.len() + 1;
    }
    out
}

/// The line of a prefill anywhere in the text: an assistant message closing a list of messages
/// (`{"role": "assistant", "content": "{"}]`), or appended last before a call
/// (`messages.append({"role": "assistant", ...})`), in code or in a notebook's JSON-escaped
/// source. A constant or default in the same file may feed that call.
pub(crate) fn prefill_line(src: &[u8]) -> Option<usize> {
    let noise = |b: u8| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'\\');
    let finder = memchr::memmem::Finder::new(b"assistant");
    for at in finder.find_iter(src) {
        // `role` as a mapping key right before: `"role": "assistant"` (not `role='assistant'`).
        let mut k = at;
        while k > 0 && noise(src[k - 1]) {
            k -= 1;
        }
        if k == 0 || src[k - 1] != b':' {
            continue;
        }
        k -= 1;
        while k > 0 && noise(src[k - 1]) {
            k -= 1;
        }
        if !src[..k].ends_with(b"role") {
            continue;
        }
        // The message's own braces.
        let escaped = src[..k].ends_with(b"\\\"role");
        // Scan back from before the key's opening quote, outside any string.
        let mut key_start = k - 4;
        while key_start > 0 && noise(src[key_start - 1]) {
            key_start -= 1;
        }
        let Some(open) = enclosing_brace(src, key_start, escaped) else {
            continue;
        };
        let Some(close) = matching_brace(src, open, escaped) else {
            continue;
        };
        let prev = src[..open].iter().rev().copied().find(|b| !noise(*b));
        let next = src[close + 1..]
            .iter()
            .copied()
            .find(|b| !noise(*b) && *b != b',');
        // Last of several messages (a list cannot begin with the assistant's turn).
        let listed_last = prev == Some(b',') && next == Some(b']');
        // Appended to the list: a prefill when the content is written out (`"{"`, `"<summary>"`);
        // an agent loop appends the model's own reply (`response.content`), which is not one.
        let appended = src[..open].trim_ascii_end().ends_with(b"append(")
            && (literal_content(&src[open..=close]) || sent_next(&src[close..]));
        if listed_last || appended {
            return Some(memchr::memchr_iter(b'\n', &src[..at]).count() + 1);
        }
    }
    None
}

/// Whether the text after an appended assistant message sends the request (`.create(`) before
/// any user turn is added: the appended turn is then the last one, a prefill.
fn sent_next(after: &[u8]) -> bool {
    let after = &after[..after.len().min(800)];
    let create = memchr::memmem::find(after, b".create(");
    let user = memchr::memmem::find(after, b"user");
    match (create, user) {
        (Some(c), Some(u)) => c < u,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Whether a message's `content` is a string literal: `"content": "{"`, `content: '<x>'`.
fn literal_content(message: &[u8]) -> bool {
    let Some(at) = memchr::memmem::find(message, b"content") else {
        return false;
    };
    let rest = &message[at + 7..];
    let rest = rest
        .iter()
        .position(|b| !matches!(b, b'"' | b'\'' | b'\\' | b' ' | b'\t'))
        .map_or(&rest[..0], |i| &rest[i..]);
    let Some(rest) = rest.strip_prefix(b":") else {
        return false;
    };
    let value = rest.trim_ascii_start();
    let value = value.strip_prefix(b"\\").unwrap_or(value);
    matches!(value.first(), Some(b'"' | b'\''))
}

/// Whether byte `i` of `src` delimits a string: a quote, or in escaped text (a notebook's JSON,
/// where code's quotes are written `\"`) an escaped quote only.
fn is_quote(src: &[u8], i: usize, escaped: bool) -> bool {
    let b = src[i];
    let backslashed = i > 0 && src[i - 1] == b'\\';
    match (escaped, b) {
        (true, b'"') => backslashed,
        (false, b'"' | b'\'') => !backslashed,
        _ => false,
    }
}

/// The unmatched `{` before `at`, within 512 bytes, outside strings.
fn enclosing_brace(src: &[u8], at: usize, escaped: bool) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    for i in (at.saturating_sub(512)..at).rev() {
        if is_quote(src, i, escaped) {
            in_string = !in_string;
            continue;
        }
        if in_string {
            continue;
        }
        match src[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => return Some(i),
            b'{' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The `}` that closes the `{` at `open`, within 4 KiB, outside strings.
fn matching_brace(src: &[u8], open: usize, escaped: bool) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    for i in open..src.len().min(open + 4096) {
        if is_quote(src, i, escaped) {
            in_string = !in_string;
            continue;
        }
        if in_string {
            continue;
        }
        match src[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The lines of a file that assert (`assert`, `expect(`, `assertEqual`, `.should`), with their
/// 1-based numbers and start offsets.
fn assertion_lines(src: &[u8]) -> Vec<(usize, usize, &[u8])> {
    let mut out = Vec::new();
    let lines: Vec<&[u8]> = src.split(|b| *b == b'\n').collect();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if [
            &b"assert"[..],
            b"expect(",
            b"Expect(",
            b".should",
            b"assert_",
        ]
        .iter()
        .any(|m| memchr::memmem::find(l, m).is_some())
        {
            // The whole statement: a call that goes on over the next lines
            // (`self.assertEqual(\n    get_model_id(...),\n    expected,\n)`) until its brackets close.
            let mut depth: i64 = 0;
            let (mut end, mut off) = (start, start);
            for next in lines[i..].iter().take(40) {
                end = off + next.len();
                off = end + 1;
                for b in next.iter() {
                    match b {
                        b'(' | b'[' | b'{' => depth += 1,
                        b')' | b']' | b'}' => depth -= 1,
                        _ => {}
                    }
                }
                if depth <= 0 {
                    break;
                }
            }
            out.push((i + 1, start, &src[start..end.min(src.len())]));
        }
        start += l.len() + 1;
    }
    out
}

/// The text with every word that is a path or a file name (`a/b`, `notebook.ipynb`) blanked.
fn blank_paths(text: &[u8]) -> Vec<u8> {
    const EXTENSIONS: &[&str] = &[
        "ipynb", "py", "md", "mdx", "js", "ts", "tsx", "json", "yaml", "yml", "txt", "html", "png",
        "jpg", "sh", "toml",
    ];
    let mut out = text.to_vec();
    let mut start = 0;
    for i in 0..=text.len() {
        let end = i == text.len() || text[i].is_ascii_whitespace();
        if !end {
            continue;
        }
        let word = &text[start..i];
        let trimmed = std::str::from_utf8(word)
            .unwrap_or_default()
            .trim_matches(|c: char| !c.is_alphanumeric());
        let file = trimmed.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        });
        if file || trimmed.contains('/') {
            out[start..i].fill(b' ');
        }
        start = i + 1;
    }
    out
}

/// The test a value is in, when its title is about what a model supports
/// (`it("should not show ThinkingBudget for models that don't support thinking")`,
/// `def test_model_without_vision_support`): a test of the old model's capabilities.
fn capability_test(src: &[u8], at: usize) -> Option<String> {
    let (start, line) = enclosing_test(src, at, 40)?;
    let t = line.trim_ascii_start();
    let lower = String::from_utf8_lossy(line).to_ascii_lowercase();
    // What the model supports, or where its limits are (a context window to overflow, a maximum
    // to exceed): the replacement's differ.
    let limits = [
        "overflow",
        "exceed",
        "context_limit",
        "context_window",
        "too_long",
    ];
    if !["support", "capabilit"]
        .iter()
        .chain(&limits)
        .any(|w| lower.contains(w))
    {
        return None;
    }
    let n = memchr::memchr_iter(b'\n', &src[..start]).count() + 1;
    Some(format!(
        "the test on line {n} is about what the model supports or where its limits are: `{}`",
        String::from_utf8_lossy(t)
            .chars()
            .take(80)
            .collect::<String>()
    ))
}

/// The test that holds `at` (its line's offset and text): the nearest definition above, within
/// `max` lines, that encloses it (less indented than every line between), when that definition
/// opens a test (`def test_`, `async def test_`, `it(`, `test(`, `it.each`). A fixture, a helper
/// or a class around it instead means no test holds it; a helper nested inside a test and
/// closed before the value does not count.
fn enclosing_test(src: &[u8], at: usize, max: usize) -> Option<(usize, &[u8])> {
    let indent = |l: &[u8]| l.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let mut end = at.min(src.len());
    let first = memchr::memrchr(b'\n', &src[..end]).map_or(0, |i| i + 1);
    let mut least = indent(&src[first..]);
    for _ in 0..max {
        let start = memchr::memrchr(b'\n', &src[..end]).map_or(0, |i| i + 1);
        let line = &src[start..end];
        let t = line.trim_ascii_start();
        if !t.is_empty() {
            let here = indent(line);
            if here < least {
                let opens = [
                    &b"it("[..],
                    b"test(",
                    b"it.each",
                    b"def test_",
                    b"async def test_",
                ]
                .iter()
                .any(|p| t.starts_with(p));
                if opens {
                    return Some((start, line));
                }
                if [&b"def "[..], b"async def ", b"class ", b"function "]
                    .iter()
                    .any(|p| t.starts_with(p))
                {
                    return None;
                }
                least = here;
            }
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
    None
}

/// The byte offset of the test that holds `at` (up to 400 lines above it; `enclosing_test`).
fn test_start(src: &[u8], at: usize) -> Option<usize> {
    enclosing_test(src, at, 400).map(|(start, _)| start)
}

/// Whether `line` names `name` as a whole word.
pub(crate) fn mentions(line: &[u8], name: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    memchr::memmem::find_iter(line, name.as_bytes()).any(|i| {
        let before = i.checked_sub(1).map(|j| line[j]);
        let after = line.get(i + name.len()).copied();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// Counts tree-sitter error and missing nodes, to check that an edit did not break the syntax.
/// Where one of `names` is passed as the model in a call or mapping that has companions
/// (parameters, prefills): `(name, line, companions)`. For a constant set in one file and used
/// in another (`CLAUDE_MODEL` in `config.py`, `temperature=0` in `services/chat.py`).
pub fn named_model_uses(
    lang: Lang,
    src: &[u8],
    names: &std::collections::HashSet<&str>,
) -> Result<Vec<(String, usize, Vec<Companion>)>, Error> {
    if !matches!(
        lang,
        Lang::Python | Lang::JavaScript | Lang::TypeScript | Lang::Tsx
    ) {
        return Ok(Vec::new());
    }
    code::named_model_uses(lang, src, names)
}

pub fn error_count(lang: Lang, src: &[u8]) -> Result<usize, Error> {
    match lang {
        Lang::Env | Lang::Markdown | Lang::Text | Lang::Shell => Ok(0),
        Lang::Notebook => code::error_count(Lang::Json, src),
        _ => code::error_count(lang, src),
    }
}

/// Like [`error_count`], counting only in the top-level statements around the byte ranges `at`
/// where the windowed parse applies (the whole file otherwise): the syntax check of an edit then
/// costs what the scan did, not a parse of the whole file.
pub fn error_count_near(lang: Lang, src: &[u8], at: &[Range<usize>]) -> Result<usize, Error> {
    let hits: Vec<Hit> = at
        .iter()
        .map(|r| Hit {
            range: r.clone(),
            suffixed: false,
        })
        .collect();
    match lang {
        Lang::Python
        | Lang::JavaScript
        | Lang::TypeScript
        | Lang::Tsx
        | Lang::Yaml
        | Lang::Json => match window::ranges(lang, src, &hits) {
            Some(ranges) => code::error_count_in(lang, src, &ranges),
            None => error_count(lang, src),
        },
        _ => error_count(lang, src),
    }
}

/// Whether text ending in `before` glues onto what follows as one word: a letter, digit or `_`,
/// or a `-` that continues a word (`no-lint-`), but not a `-` after punctuation (`${M:-`).
/// The bytes just around `range` are the same quote: the range is a whole string literal.
fn quoted(src: &[u8], range: &Range<usize>) -> bool {
    let before = range.start.checked_sub(1).and_then(|i| src.get(i));
    let after = src.get(range.end);
    matches!(before, Some(b'"' | b'\'' | b'`')) && before == after
}

fn glued_before(before: &[u8]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    match before {
        [] => false,
        [.., prev, b'-'] => word(*prev) || *prev == b'-',
        [b'-'] => true,
        [.., last] => word(*last),
    }
}

/// The bytes inside the brackets (`(...)`, `{...}`) around `at`, at most `max` bytes each way;
/// `None` when no bracket opens before it within that reach.
fn enclosing_brackets(src: &[u8], at: usize, max: usize) -> Option<Range<usize>> {
    let lo = at.saturating_sub(max);
    let mut depth = 0usize;
    let mut open = None;
    for i in (lo..at).rev() {
        match src[i] {
            b')' | b'}' | b']' => depth += 1,
            b'(' | b'{' | b'[' if depth > 0 => depth -= 1,
            b'(' | b'{' => {
                open = Some(i);
                break;
            }
            _ => {}
        }
    }
    let open = open?;
    let hi = (at + max).min(src.len());
    let mut depth = 0usize;
    for (i, &b) in src.iter().enumerate().take(hi).skip(open + 1) {
        match b {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' if depth == 0 => return Some(open + 1..i),
            b')' | b'}' | b']' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The names a call passes as values of its arguments (`body=request_body`, `config: opts`),
/// and the mappings it spreads (`**sampling`, `...sampling`).
fn argument_names(call: &[u8]) -> Vec<String> {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out: Vec<String> = Vec::new();
    for (i, &b) in call.iter().enumerate() {
        // A mapping spread into the call or object: `**sampling`, `...sampling`.
        let spread = (call[i..].starts_with(b"**") && (i == 0 || call[i - 1] != b'*'))
            || (call[i..].starts_with(b"...") && (i == 0 || call[i - 1] != b'.'));
        if spread {
            let rest = &call[i + if b == b'*' { 2 } else { 3 }..];
            let len = rest.iter().take_while(|c| ident(**c)).count();
            let after = rest[len..].iter().find(|c| !c.is_ascii_whitespace());
            if len > 0
                && !rest[0].is_ascii_digit()
                && matches!(after, None | Some(b',' | b')' | b'}'))
            {
                let name = String::from_utf8_lossy(&rest[..len]).into_owned();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            continue;
        }
        if b != b'=' && b != b':' {
            continue;
        }
        // Not `==`, `:=` or `=>`.
        if call.get(i + 1).is_some_and(|n| matches!(n, b'=' | b'>'))
            || (i > 0 && matches!(call[i - 1], b'=' | b'!' | b'<' | b'>' | b':'))
        {
            continue;
        }
        let rest = &call[i + 1..];
        let start = rest
            .iter()
            .position(|c| !c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let len = rest[start..].iter().take_while(|c| ident(**c)).count();
        if len == 0 || rest[start].is_ascii_digit() {
            continue;
        }
        let after = rest[start + len..]
            .iter()
            .find(|c| !c.is_ascii_whitespace());
        if !matches!(after, None | Some(b',' | b')' | b'}')) {
            continue;
        }
        let name = String::from_utf8_lossy(&rest[start..start + len]).into_owned();
        if !matches!(
            name.as_str(),
            "None" | "True" | "False" | "null" | "true" | "false" | "undefined"
        ) && !out.contains(&name)
        {
            out.push(name);
        }
    }
    out
}

/// The bytes of the mapping or call last assigned to `name` before `before`
/// (`name = json.dumps({...})`, `const name = {...}`), at most 4 KiB after the assignment.
fn assigned_mapping(src: &[u8], name: &str, before: usize) -> Option<Range<usize>> {
    let finder = memchr::memmem::Finder::new(name.as_bytes());
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let at = finder
        .find_iter(&src[..before.min(src.len())])
        .filter(|&at| !word(at.checked_sub(1).and_then(|i| src.get(i))))
        .filter(|&at| {
            let rest = &src[at + name.len()..];
            let rest = &rest[rest.iter().position(|c| *c != b' ').unwrap_or(rest.len())..];
            rest.first() == Some(&b'=') && rest.get(1) != Some(&b'=')
        })
        .last()?;
    // The first bracket that opens after the `=`, on the same line or the next.
    let from = at + name.len();
    let open = src[from..(from + 200).min(src.len())]
        .iter()
        .position(|b| matches!(b, b'(' | b'{'))?
        + from;
    // On the assignment's line or the next, not a later statement's.
    if memchr::memchr_iter(b'\n', &src[from..open]).count() > 1 {
        return None;
    }
    enclosing_brackets(src, open + 1, 4096)
}

/// The parameters a call's text sets (`temperature=0.2`, `"max_tokens": 4096`), as companions.
fn call_parameters(text: &[u8], offset: usize, newlines: &[usize]) -> Vec<Companion> {
    let mut out: Vec<Companion> = Vec::new();
    for (key, id) in code::PARAMETERS {
        let finder = memchr::memmem::Finder::new(key.as_bytes());
        for at in finder.find_iter(text) {
            let before = at.checked_sub(1).and_then(|i| text.get(i));
            let after = text.get(at + key.len());
            let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            if word(before) || word(after) {
                continue;
            }
            let rest = text[at + key.len()..]
                .iter()
                .position(|b| !matches!(b, b' ' | b'"' | b'\''))
                .map_or(&[][..], |i| &text[at + key.len() + i..]);
            let Some(value) = rest.strip_prefix(b"=").or_else(|| rest.strip_prefix(b":")) else {
                continue;
            };
            let value = value.trim_ascii_start();
            let digits = value
                .iter()
                .position(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')))
                .unwrap_or(value.len());
            let number = std::str::from_utf8(&value[..digits])
                .ok()
                .and_then(|t| t.replace('_', "").parse::<f64>().ok());
            let line = newlines.partition_point(|&nl| nl < offset + at) + 1;
            if out.iter().any(|c| c.id == *id) {
                continue;
            }
            let shown = format!(
                "{key}={}",
                String::from_utf8_lossy(&value[..digits.min(12)])
            );
            out.push(Companion {
                id: id.to_string(),
                text: shown,
                value: number,
                line,
            });
        }
    }
    out
}

/// Whether the text right before a value on its line sets a name that says "model"
/// (`DEFAULT_MODEL = "`, `model: `, `"model_name": "`, `llm_model=`): the value is the model.
fn model_key_before(src: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &src[..at]).map_or(0, |i| i + 1);
    let before = &src[line_start..at];
    let trim = |b: &[u8]| -> usize {
        b.iter()
            .rposition(|c| !matches!(c, b' ' | b'\t' | b'"' | b'\'' | b'`'))
            .map_or(0, |i| i + 1)
    };
    let end = trim(before);
    let Some(&op) = end.checked_sub(1).and_then(|i| before.get(i)) else {
        return false;
    };
    if !matches!(op, b':' | b'=' | b'(') {
        return false;
    }
    let key = &before[..trim(&before[..end - 1])];
    let start = key
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')))
        .map_or(0, |i| i + 1);
    let name = key[start..].to_ascii_lowercase();
    if op == b'(' {
        // The first argument of a call that makes a model (`GenerativeModel("<id>")`,
        // `init_chat_model("<id>")`), not one that looks something up for it
        // (`encoding_for_model("<id>")`).
        let callee = name.rsplit(|b| *b == b'.').next().unwrap_or_default();
        return callee.ends_with(b"model") && memchr::memmem::find(callee, b"for_model").is_none();
    }
    memchr::memmem::find(&name, b"model").is_some()
}

/// Contexts of text rather than code: prose, comments, docstrings, longer strings.
fn is_text_context(c: Context) -> bool {
    matches!(
        c,
        Context::Comment
            | Context::Docstring
            | Context::Prose
            | Context::BlockScalar
            | Context::Embedded
            | Context::Text
            | Context::Suffixed
            | Context::Interpolated
            | Context::Concatenated
    )
}

/// A finding before its line and column are computed.
#[derive(Debug, Clone)]
pub(crate) struct RawFinding {
    pub range: Range<usize>,
    pub context: Context,
    pub fix: Fix,
    pub rule: &'static str,
    pub demotions: Vec<Demotion>,
    pub companions: Vec<Companion>,
    pub group: Option<Range<usize>>,
    pub target: Option<(String, Range<usize>)>,
    pub in_list: bool,
    pub code_lang: Option<Lang>,
}

impl RawFinding {
    /// A finding decided by the base rule of `context` (the rule named like the context).
    pub fn new(range: Range<usize>, context: Context, fix: Fix) -> RawFinding {
        RawFinding {
            range,
            context,
            fix,
            rule: context.as_str(),
            demotions: Vec::new(),
            companions: Vec::new(),
            group: None,
            target: None,
            in_list: false,
            code_lang: None,
        }
    }

    /// The same finding, decided by the named rule.
    pub fn by(mut self, rule: &'static str) -> RawFinding {
        self.rule = rule;
        self
    }

    /// Lowers the finding to `context` by `rule`, recording why. The fix never rises.
    pub fn demote(&mut self, rule: &'static str, context: Context, reason: String) {
        self.context = context;
        context::lower(
            &mut self.fix,
            &mut self.demotions,
            rule,
            context.fix(),
            reason,
        );
    }

    /// Lowers the fix to `fix` by `rule` and keeps the context, recording why.
    pub fn demote_fix(&mut self, rule: &'static str, fix: Fix, reason: String) {
        context::lower(&mut self.fix, &mut self.demotions, rule, fix, reason);
    }

    /// A hit that is only mentioned: reported with `context`, or as a suffixed variant.
    pub fn mention(hit: &Hit, context: Context) -> RawFinding {
        let context = if hit.suffixed {
            Context::Suffixed
        } else {
            context
        };
        RawFinding::new(hit.range.clone(), context, Fix::None)
    }
}

/// Drops findings on lines holding `remodel: ignore`, and all of them when `remodel: ignore-file`
/// stands in the first lines of the file.
fn apply_ignores(src: &[u8], raw: &mut Vec<RawFinding>, as_of: Option<&str>) {
    const FILE_MARK: &[u8] = b"remodel: ignore-file";
    let head_end = src
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(9)
        .map_or(src.len(), |(i, _)| i);
    if memchr::memmem::find(&src[..head_end], FILE_MARK).is_some() {
        raw.clear();
        return;
    }
    raw.retain_mut(|f| {
        let start = memchr::memrchr(b'\n', &src[..f.range.start]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &src[f.range.end..]).map_or(src.len(), |i| f.range.end + i);
        let line = &src[start..end];
        match memchr::memmem::find(line, b"remodel: ignore") {
            None => true,
            Some(i) if line[i..].starts_with(FILE_MARK) => true,
            Some(i) => {
                // `remodel: ignore until=2027-01-31` suppresses until that day, then reports
                // the finding again and says so.
                let rest = &line[i + b"remodel: ignore".len()..];
                let until = rest
                    .trim_ascii_start()
                    .strip_prefix(b"until=")
                    .and_then(|d| d.get(..10))
                    .filter(|d| {
                        d.iter()
                            .enumerate()
                            .all(|(k, b)| if k == 4 || k == 7 { *b == b'-' } else { b.is_ascii_digit() })
                    })
                    .map(|d| String::from_utf8_lossy(d).into_owned());
                match (until, as_of) {
                    (Some(until), Some(today)) if today > until.as_str() => {
                        let fix = f.fix;
                        f.demote_fix(
                            "expired-ignore",
                            fix,
                            format!("`remodel: ignore until={until}` has expired; the finding is reported again"),
                        );
                        true
                    }
                    _ => false,
                }
            }
        }
    });
}

fn finish(src: &[u8], mut raw: Vec<RawFinding>) -> Vec<Finding> {
    raw.sort_by_key(|f| (f.range.start, f.range.end));
    raw.dedup_by(|a, b| a.range == b.range);
    let mut out = Vec::with_capacity(raw.len());
    let (mut line, mut line_start, mut pos) = (1, 0, 0);
    for f in raw {
        debug_assert!(rules::rule(f.rule).is_some(), "unknown rule {}", f.rule);
        for nl in memchr::memchr_iter(b'\n', &src[pos..f.range.start]) {
            line += 1;
            line_start = pos + nl + 1;
        }
        pos = f.range.start;
        let column = src[line_start..f.range.start]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count()
            + 1;
        out.push(Finding {
            text: String::from_utf8_lossy(&src[f.range.clone()]).into_owned(),
            range: f.range,
            line,
            column,
            context: f.context,
            fix: f.fix,
            rule: f.rule,
            demotions: f.demotions,
            companions: f.companions,
            group: f.group,
            target: f.target,
            in_list: f.in_list,
            code_lang: f.code_lang,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_for_skips_files_that_name_other_models_alone() {
        let reg = Registry::embedded().unwrap();
        let src = b"a = \"claude-opus-4-8\"\nb = \"claude-3-opus-20240229\"\n";
        let live_only = b"a = \"claude-opus-4-8\"\n";
        let set: HashSet<String> = ["claude-3-opus-20240229".to_string()].into();
        let scanner = Scanner::new(&reg).only_for(set);
        assert!(scanner.scan(Lang::Python, live_only).unwrap().is_empty());
        let found = scanner.scan(Lang::Python, src).unwrap();
        let all = Scanner::new(&reg).scan(Lang::Python, src).unwrap();
        assert_eq!(found, all, "a parsed file gives the same findings");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn word_glue_before_an_id() {
        for glued in [&b"no-lint-"[..], b"x", b"_", b"--", b"-"] {
            assert!(glued_before(glued), "{}", String::from_utf8_lossy(glued));
        }
        for free in [&b""[..], b" ", b"${M:-", b"/", b".", b"\"", b":"] {
            assert!(!glued_before(free), "{}", String::from_utf8_lossy(free));
        }
    }
}
