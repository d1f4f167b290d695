//! Where a model ID stands, and how safe it is to rewrite it there.

use std::fmt;

/// The syntactic context of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// A keyword argument, property or attribute named like a model (`model=`, `modelId:`).
    ModelArgument,
    /// A positional call argument.
    Argument,
    /// A keyword argument, property or attribute with another name.
    OtherArgument,
    /// The value assigned to a variable, constant or class field.
    Assignment,
    /// A function parameter default.
    Default,
    /// The fallback of an environment lookup (`os.getenv("X", "...")`, `process.env.X ?? "..."`).
    EnvDefault,
    /// A returned value.
    Return,
    /// A member of a list, array, set or tuple that names no other model.
    Element,
    /// A YAML, JSON or TOML mapping value.
    ConfigValue,
    /// A `KEY=value` in a `.env` file.
    EnvValue,
    /// The whole value of a `--model` flag in a command line.
    CommandFlag,
    /// A key of a dict, object or mapping.
    DictKey,
    /// The key of a lookup (`table["..."]`, `.get("...")`).
    Lookup,
    /// An operand of a comparison, `in`, `switch`/`case`, `match`, `startswith`...
    Comparison,
    /// A member of a list, array, set, tuple, enum, union type or mapping naming several models.
    Collection,
    /// A literal type (`type M = "..."`).
    TypeLiteral,
    /// The public name a router serves a deployment under (LiteLLM's `model_name`): clients ask
    /// for it, so renaming it breaks them even where the model behind it changes.
    Alias,
    /// Inside a test assertion.
    Assertion,
    /// In a test file: what tests check is tied to the IDs they use.
    TestCode,
    /// A model that the same file also compares, lists or looks up: the places change together.
    Linked,
    /// A value with no recognized role.
    Value,
    /// A comment.
    Comment,
    /// A docstring or a bare string statement.
    Docstring,
    /// Markdown prose or a notebook's markdown cell.
    Prose,
    /// A YAML block scalar (`|` or `>`).
    BlockScalar,
    /// Held by a name that records old models on purpose (`DEPRECATED_MODELS`, `legacy_model`).
    Lifecycle,
    /// Part of longer text: a sentence, URL, path or slug.
    Embedded,
    /// A variant that is not the public ID (`...-fast`, `...[1m]`, `...-200k`).
    Suffixed,
    /// An interpolated string (f-string, template literal with substitutions).
    Interpolated,
    /// Part of an implicitly concatenated string.
    Concatenated,
    /// A file that records rather than chooses: a cassette, snapshot, golden file, API response.
    Recording,
    /// A lockfile or changelog.
    Record,
    /// A file kind that is not parsed.
    Text,
    /// A whole quoted string in source code of a language that is not parsed (Go, Java, Rust,
    /// Ruby, ...): most likely a model in use, but never rewritten.
    UnparsedString,
    /// A file that records a run (a benchmark submission, results, a dated run config).
    RunRecord,
    /// A name or label next to the ID says which model it is (`sonnet35`, `HAIKU_3`): after a
    /// rewrite the name would lie, and a router may serve nothing under the new name.
    NamedModel,
    /// A member of a union type, enum or typed list somewhere in the run: the type changes with it.
    TypedList,
    /// Parameters next to it belong to the old model (tool versions, `max_tokens`, Text Completions).
    Companion,
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::ModelArgument => "model-argument",
            Context::Argument => "argument",
            Context::OtherArgument => "other-argument",
            Context::Assignment => "assignment",
            Context::Default => "default",
            Context::EnvDefault => "env-default",
            Context::Return => "return",
            Context::Element => "element",
            Context::ConfigValue => "config-value",
            Context::EnvValue => "env-value",
            Context::CommandFlag => "command-flag",
            Context::DictKey => "dict-key",
            Context::Lookup => "lookup",
            Context::Comparison => "comparison",
            Context::Collection => "collection",
            Context::TypeLiteral => "type-literal",
            Context::Alias => "alias",
            Context::Assertion => "assertion",
            Context::TestCode => "test-code",
            Context::Linked => "linked",
            Context::Value => "value",
            Context::Comment => "comment",
            Context::Docstring => "docstring",
            Context::Prose => "prose",
            Context::BlockScalar => "block-scalar",
            Context::Lifecycle => "lifecycle",
            Context::Embedded => "embedded",
            Context::Suffixed => "suffixed",
            Context::Interpolated => "interpolated",
            Context::Concatenated => "concatenated",
            Context::Recording => "recording",
            Context::Record => "lockfile-or-changelog",
            Context::Text => "text",
            Context::UnparsedString => "unparsed-string",
            Context::RunRecord => "run-record",
            Context::NamedModel => "named-model",
            Context::TypedList => "typed-list",
            Context::Companion => "companion",
        }
    }

    /// A short phrase for reports: why a finding needs review or is left alone.
    pub fn describe(self) -> &'static str {
        match self {
            Context::OtherArgument => "argument not named like a model",
            Context::DictKey => "dict key",
            Context::Lookup => "lookup key",
            Context::Comparison => "comparison",
            Context::Collection => "list of several models",
            Context::TypeLiteral => "type literal",
            Context::Alias => "public alias of a deployment",
            Context::Assertion => "test assertion",
            Context::TestCode => "test code",
            Context::Linked => "also compared or listed in the file",
            Context::Value => "value of unknown role",
            Context::Comment => "comment",
            Context::Docstring => "docstring",
            Context::Prose => "prose",
            Context::BlockScalar => "YAML block scalar",
            Context::Lifecycle => "kept old on purpose",
            Context::Embedded => "inside longer text",
            Context::Suffixed => "suffixed variant",
            Context::Interpolated => "interpolated string",
            Context::Concatenated => "concatenated string",
            Context::Recording => "recorded data",
            Context::Record => "lockfile or changelog",
            Context::Text => "file kind not parsed",
            Context::UnparsedString => "string in a language not parsed",
            Context::RunRecord => "record of a run",
            Context::NamedModel => "name of the old model nearby",
            Context::TypedList => "member of a type",
            Context::Companion => "parameter of the old model",
            _ => "code",
        }
    }

    /// The fix level that goes with this context.
    pub const fn fix(self) -> Fix {
        match self {
            Context::ModelArgument
            | Context::Argument
            | Context::Assignment
            | Context::Default
            | Context::EnvDefault
            | Context::Return
            | Context::Element
            | Context::ConfigValue
            | Context::EnvValue
            | Context::CommandFlag => Fix::Safe,
            Context::OtherArgument
            | Context::DictKey
            | Context::Lookup
            | Context::Comparison
            | Context::Collection
            | Context::TypeLiteral
            | Context::Alias
            | Context::Assertion
            | Context::TestCode
            | Context::Linked
            | Context::Value
            | Context::NamedModel
            | Context::TypedList
            | Context::Companion => Fix::Unsafe,
            _ => Fix::None,
        }
    }
}

impl Context {
    /// Whether a model in this context ties the file's other uses of it: a table keyed by it, a
    /// list or type naming it, a comparison against it. Rewriting one use alone would break the tie.
    pub(crate) fn binds(self) -> bool {
        matches!(
            self,
            Context::DictKey
                | Context::Lookup
                | Context::Comparison
                | Context::Collection
                | Context::TypeLiteral
                | Context::Assertion
        )
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule that lowered a finding's fix after the rule that decided its context, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demotion {
    pub rule: &'static str,
    pub reason: String,
}

/// Lowers `fix` to at most `to` and records the rule that did it, with its reason: the one way a
/// finding's fix is lowered, for findings before and after their lines are known.
pub(crate) fn lower(
    fix: &mut Fix,
    demotions: &mut Vec<Demotion>,
    rule: &'static str,
    to: Fix,
    reason: String,
) {
    *fix = (*fix).max(to);
    demotions.push(Demotion { rule, reason });
}

/// Something next to a finding that only some models accept: a parameter of the same call or
/// mapping (`temperature=0.2`, `max_tokens=100000`, `max_tokens_to_sample`), a Text Completions
/// call, or a tool version or beta header in the same file. The judge compares it with the
/// replacement's facts in the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Companion {
    /// The registry's companion ID (`temperature`, `computer_20241022`, `text-completions`), or
    /// `max_tokens`.
    pub id: String,
    /// The text as written, shortened.
    pub text: String,
    /// A literal number given to it.
    pub value: Option<f64>,
    /// 1-based line.
    pub line: usize,
}

/// How a finding may be fixed (ruff's applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fix {
    /// Applied by `fix`.
    Safe,
    /// Applied only with `--unsafe-fixes` or an interactive yes.
    Unsafe,
    /// Reported only.
    None,
}

impl Fix {
    pub fn as_str(self) -> &'static str {
        match self {
            Fix::Safe => "safe",
            Fix::Unsafe => "unsafe",
            Fix::None => "none",
        }
    }
}

impl fmt::Display for Fix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
