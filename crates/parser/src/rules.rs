//! The rules that decide a finding, as a table a reviewer can read as a spec: one line a rule, its
//! name, the context (and so the fix level) it gives, and what it matches. Every finding carries
//! the name of the rule that decided it (`Finding::rule`); rules that lower a fix afterwards are
//! recorded with their reason (`Finding::demotions`). Rules are tried in the order below within
//! each group; `docs/rules.md` is this table, and a test keeps the two in step.

use crate::context::{Context, Fix};

/// A rule: its name, the context it gives, and what it matches.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    /// The context it gives; `None` for a rule that lowers the fix and keeps the context.
    pub context: Option<Context>,
    pub fix: Fix,
    pub matches: &'static str,
    /// Whether this rule decides a finding's context (`false`: it only lowers one afterwards).
    pub decides: bool,
}

const fn r(name: &'static str, context: Context, matches: &'static str) -> Rule {
    Rule {
        name,
        context: Some(context),
        fix: context.fix(),
        matches,
        decides: true,
    }
}

const fn lower(name: &'static str, context: Context, matches: &'static str) -> Rule {
    Rule {
        name,
        context: Some(context),
        fix: context.fix(),
        matches,
        decides: false,
    }
}

/// A rule that lowers the fix to `fix` and keeps the context.
const fn lower_fix(name: &'static str, fix: Fix, matches: &'static str) -> Rule {
    Rule {
        name,
        context: None,
        fix,
        matches,
        decides: false,
    }
}

use Context as C;

/// Every rule, in the order they are tried.
pub static RULES: &[Rule] = &[
    // Where the hit stands, before its role is read.
    r("comment", C::Comment, "a comment"),
    r("block-scalar", C::BlockScalar, "a YAML block scalar (`|`, `>`) that sets no `--model` flag or `MODEL=` variable"),
    r("rendered-text", C::Embedded, "JSX text: rendered prose"),
    r("interpolated", C::Interpolated, "an f-string or a template literal with substitutions"),
    r("docstring", C::Docstring, "a Python docstring"),
    r("embedded", C::Embedded, "part of a longer string in code or config: a message, a pattern, a URL (never rewritten there)"),
    r("suffixed", C::Suffixed, "followed by a variant suffix (`-fast`, `[1m]`, `:thinking`) that is not the public ID"),
    r("prose", C::Prose, "Markdown prose, a notebook's markdown cell outside fences"),
    r("text", C::Text, "a file kind that is not parsed, or a fence in a language that is not parsed"),
    // A whole literal: what holds it.
    r("in-response", C::Recording, "a value in a mapping that records an API response (`usage`, `stop_reason`, a `msg_` id)"),
    r("in-assertion", C::Assertion, "inside `assert`, `assertEqual(...)`, `expect(...)`"),
    r("concatenated", C::Concatenated, "a part of an implicitly concatenated Python string"),
    r("toml-key", C::DictKey, "a TOML key"),
    r("lifecycle-holder", C::Lifecycle, "held by a name that records old models (`DEPRECATED_MODELS`, `legacy_model`, `migrations`)"),
    r("query-holder", C::Comparison, "held by a query key (`where`, `filter`, `$eq`) or a keyword of a query call (`filter(model=...)`)"),
    // A whole literal: what receives it.
    r("top-level-value", C::ConfigValue, "the whole document, or a top-level sequence item"),
    r("model-keyword", C::ModelArgument, "a keyword argument named like a model (`model=`, `model_name=`, `llm=`)"),
    r("model-class-id", C::ModelArgument, "the `id` keyword of a class named for Claude (`Claude(id=...)`, `AwsBedrockClaude(id=...)`), which takes the model as its id"),
    r("other-keyword", C::OtherArgument, "a keyword argument with another name"),
    r("env-lookup-keyword", C::EnvDefault, "a keyword argument of an environment lookup (`os.getenv(..., default=...)`)"),
    r("response-arguments", C::Recording, "a keyword argument of a call that builds a response (`usage=`, `stop_reason=`)"),
    r("lookup-named-call-keyword", C::Lookup, "a keyword argument of a call named like a lookup (`get_price(model=...)`)"),
    r("env-lookup-key", C::Lookup, "the name given to an environment lookup"),
    r("env-lookup-fallback", C::EnvDefault, "the fallback of an environment lookup (`os.getenv(\"X\", ...)`, `process.env.X ?? ...`)"),
    r("comparing-call", C::Comparison, "an argument of a call that compares (`startswith`, `includes`, `is_*`, `supports*`)"),
    r("lookup-call-key", C::Lookup, "the key of `get`, `pop`, `getattr`..."),
    r("lookup-call-fallback", C::Default, "the fallback after the key (`config.get(\"model\", ...)`)"),
    r("text-call", C::Value, "an argument of a call that works on text (`replace`, `split`, `print`, `log`)"),
    r("lookup-named-call", C::Lookup, "an argument of a call named like a lookup (`get_price`, `register`, `tokenizer`)"),
    r("positional-argument", C::Argument, "any other positional argument"),
    r("assignment-target", C::Value, "the left side of an assignment"),
    r("enum-member", C::Collection, "a member of an enum (`class M(str, Enum)`, TypeScript `enum`)"),
    r("assignment", C::Assignment, "the value assigned to a variable, constant or field"),
    r("parameter-default", C::Default, "a function parameter default"),
    r("mapping-key", C::DictKey, "a key of a dict, object or mapping"),
    r("router-alias", C::Alias, "LiteLLM `model_name` next to `litellm_params`: the public name clients ask for"),
    r("record-name", C::DictKey, "in a config file, the value of a name key (`display_name:`, `name:`, `title:`) of an entry: the entry's own name, by which it is referred to; the entry's other uses of the ID are linked to it"),
    r("computed-key", C::DictKey, "a computed property name (`[\"...\"]: ...`)"),
    r("lookup-named-element", C::Lookup, "an attribute of a JSX element named like a lookup (`<PriceTable model=...>`)"),
    r("model-attribute", C::ModelArgument, "a JSX attribute named like a model"),
    r("other-attribute", C::OtherArgument, "a JSX attribute with another name"),
    r("comparison-operand", C::Comparison, "an operand of `==`, `!=`, `in`, `case`, `match`"),
    r("env-lookup-fallback-operator", C::EnvDefault, "the right side of `process.env.X ?? ...` or `os.environ.get(...) or ...`"),
    r("fallback-operand", C::Default, "the right side of `??`, `||`, `or`"),
    r("other-operator", C::Value, "an operand of another operator"),
    r("const-list-member", C::Collection, "a member of an `as const` array: a type lists it"),
    r("list-element", C::Element, "a member of a list or array in code"),
    r("config-list-item", C::ConfigValue, "a member of a list in a config file"),
    r("return-value", C::Return, "a returned value"),
    r("bare-string", C::Docstring, "a string statement on its own"),
    r("literal-type", C::TypeLiteral, "a literal type (`type M = \"...\"`, `Literal[...]`)"),
    r("subscript-key", C::Lookup, "a subscript (`table[\"...\"]`)"),
    r("comparing-call-receiver", C::Comparison, "the receiver of a comparing method (`[\"...\"].includes(m)`)"),
    r("member-object", C::Value, "the object of another member access"),
    r("config-value", C::ConfigValue, "a YAML, JSON or TOML mapping value, a TOML table value"),
    r("response-mapping", C::Recording, "a value in a mapping with response or result keys (`usage`, `score`, `timestamp`)"),
    r("model-property", C::ModelArgument, "an object property in code named like a model"),
    r("other-property", C::OtherArgument, "an object property in code with another name"),
    r("no-role", C::Value, "a literal whose role is not recognized"),
    // Text that no grammar parses: shell-like settings.
    r("env-value", C::EnvValue, "the whole value of `KEY=value` in a `.env` file"),
    r("command-flag", C::CommandFlag, "the whole value of a `--model` flag in a command line (shell-like text only)"),
    r("shell-assignment", C::Assignment, "`MODEL=<id>` in shell-like text"),
    r("shell-key", C::ConfigValue, "`model: <id>` or `\"model\": \"<id>\"` in shell-like text"),
    r("shell-fallback", C::EnvDefault, "`${MODEL:-<id>}` in shell-like text"),
    r("actions-fallback", C::EnvDefault, "the literal fallback of a GitHub Actions expression (`${{ vars.MODEL || '<id>' }}`)"),
    r("command-in-record", C::Recording, "a command line in a mapping that records a run (next to `pass_rate`, `total_cost`, `timestamp`)"),
    r("telemetry-attribute", C::Recording, "the value of a tracing attribute (`gen_ai.request.model`, `llm.model_name`, `ai.model.id`): what a span recorded"),
    r("conversation-text", C::Recording, "a YAML block scalar that is a conversation turn's text (`content: |`, a key next to `role:`)"),
    r("heredoc-program", C::Embedded, "a line of a program fed to an interpreter by a heredoc (`python3 <<'PY'`): code, where an ID inside a longer string is never rewritten"),
    r("shell-response", C::Recording, "a setting on a line or next to text that prints a response"),
    r("lifecycle-setting", C::Lifecycle, "a setting named like a record of old models (`LEGACY_MODEL=`)"),
    r("notebook-output", C::Recording, "a notebook's outputs and metadata: what a run printed"),
    r("unparsed-string", C::UnparsedString, "a whole quoted ID in a language that is not parsed (Go, Java, Rust...)"),
    // Rules that lower a fix after the context is known.
    lower("collection-several-models", C::Collection, "the list or table names two or more distinct models"),
    lower("collection-other-vendor", C::Collection, "the list or table also names another vendor's model"),
    lower("data-rows", C::Recording, "the list names one model ten times or more: rows of data"),
    lower("linked", C::Linked, "the same file also compares, lists or keys a table by this model, or names an entry with the ID and a suffix (`<id>-thinking-16k:`)"),
    lower("record-file", C::Record, "a lockfile, a changelog or a release note (a page under `release-notes/`, `changelog/`, `releases/`)"),
    lower("recording-file", C::Recording, "a cassette, snapshot, golden file, API spec, fixture data or a dataset (data under `datasets/`)"),
    lower("run-record", C::RunRecord, "a file that records a run: a results, benchmark, leaderboard, submissions or runs folder, a dated file name, a documentation page under a `blog/` or `posts/` folder (a post records what was current when it was published), or a header that says it reproduces a run"),
    lower("test-file", C::TestCode, "a mock, fixture or story file, or a test file that replays or pins recorded output (a cassette, snapshot, HTTP mock)"),
    lower("name-encodes-model", C::NamedModel, "a name, a label, a comment, the function's or the module's documentation, or the README of its folder says which model it is (`sonnet35`, `HAIKU_3`, `# Claude 3 Haiku`, \"tested with Claude 3 Opus\"), or a comment at the end of its line states a limit of it (`# 1024 tokens`)"),
    lower_fix("cost-file", Fix::Unsafe, "a file named for cost, pricing or billing (`verify_cost.py`, `pricing.ts`): its constants pick rows of price data (a request's model argument is still a request)"),
    lower("documented-id", C::NamedModel, "a comment or docstring of the same file quotes the same ID (`(default: <id>)`), which would still name the old model"),
    lower("typed-list", C::TypedList, "the ID is a member of a union type, enum, `as const` list or `Literal[...]` in the run"),
    lower("companion", C::Companion, "the call, mapping or file carries a parameter the replacement rejects"),
    lower_fix("escaped", Fix::None, "written with an escape inside the ID (`anthropic\\/claude-...` in a notebook's JSON)"),
    lower_fix("generated", Fix::None, "build output (under `dist/`, a source map, a minified bundle): regenerated from its source, so read as text and never edited"),
    lower_fix("provider-review", Fix::Unsafe, "the model's provider has `fixes = \"review\"` in its `[platform]`: the rules were not yet shown safe on its code (see docs/precision.md), so its fixes are offered for review"),
    lower_fix("embedding-model", Fix::None, "an embedding model: vectors stored with it would have to be embedded again with the replacement"),
    lower_fix("completions-model", Fix::Unsafe, "a model of a provider's completions endpoint (its `text-completions` companion) whose replacement that endpoint does not serve: the client must change too"),
    lower_fix("generic-id", Fix::None, "a provider's short or generic ID (`gpt-4`, `gemini-pro`) that is not the value of a key named like a model: reported only (and not reported in prose, comments or longer text)"),
    lower_fix("reported-lifecycle", Fix::Unsafe, "the model's deprecation is known from third-party material only"),
    lower_fix("invalid-id", Fix::Unsafe, "an ID that was never valid: the model it likely means is a guess"),
    lower_fix("unofficial-spelling", Fix::Unsafe, "a spelling no Anthropic platform documents (`claude-3.5-sonnet`, `claude-3-opus`, `claude-4-sonnet-latest`) that other tools write: which platform reads it is unknown, so the replacement, written in the same style, is for review"),
    lower_fix("replacement-unstated", Fix::Unsafe, "the newest official source no longer names the replacement (an older one did), or only third-party material names it"),
    lower_fix("reported-profile", Fix::Unsafe, "the replacement's Bedrock cross-region profile (`global.`) is known from third-party material only"),
    lower_fix("platform-flag", Fix::Unsafe, "the same command line chooses a platform that spells IDs its own way (`--provider bedrock`), and the ID is in the API's form"),
    lower_fix("bare-bedrock", Fix::Unsafe, "a Bedrock ID without a cross-region profile, whose replacement may need one"),
    lower_fix("gateway-slug", Fix::Unsafe, "an AI Gateway slug (`anthropic/claude-sonnet-4.6`): OpenRouter and other catalogs write `anthropic/` slugs too, and the registry has only the gateway's"),
    lower_fix("third-party-host", Fix::Unsafe, "the call or statement names a host that serves Claude under its own model names (OpenRouter, the Vercel AI Gateway, Heroku, Together...)"),
    lower_fix("text-completions-era", Fix::Unsafe, "a major-version alias of the Text Completions days (`claude-2`, `claude-instant-1`, `claude-v1`): code written for it may call that API, which the replacement does not serve"),
    lower_fix("expired-ignore", Fix::Safe, "a `remodel: ignore until=DATE` comment whose date has passed: the finding is reported again at its own level"),
    lower_fix("config-per-path", Fix::Unsafe, "a `[[per-path]]` entry of the configuration file asks review (or report only) for the path"),
    lower_fix("no-platform-form", Fix::None, "the replacement has no ID in the same platform form, or no live replacement"),
];

/// The rule with this name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// The table as Markdown, as `docs/rules.md` holds it.
#[cfg(test)]
fn markdown() -> String {
    let mut s = String::from(
        "# Rules\n\nGenerated from `crates/parser/src/rules.rs` (a test keeps them equal). Each finding names the rule\nthat decided it (`rule` in `check --format json`, `--show-rule` in text); rules in the second table\nlower a fix afterwards and are listed with their reasons (`demotions`).\n\n## Rules that decide\n\n| rule | context | fix | matches |\n|---|---|---|---|\n",
    );
    let row = |s: &mut String, r: &Rule| {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.name,
            r.context.map_or("(kept)", Context::as_str),
            r.fix,
            r.matches.replace('|', "\\|")
        ));
    };
    for r in RULES.iter().filter(|r| r.decides) {
        row(&mut s, r);
    }
    s.push_str(
        "\n## Rules that lower a fix\n\n| rule | context | fix | matches |\n|---|---|---|---|\n",
    );
    for r in RULES.iter().filter(|r| !r.decides) {
        row(&mut s, r);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }

    #[test]
    fn docs_rules_md_is_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
        let want = markdown();
        if std::env::var_os("UPDATE_RULES").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let got = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(got, want, "docs/rules.md is stale: run with UPDATE_RULES=1");
    }
}
