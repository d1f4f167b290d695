//! The role of a literal whose whole content is a model ID, read from the syntax tree around it:
//! what receives the value (an argument, a variable, a key, a comparison) and whether it is one of
//! several models listed together.

use crate::code::children;
use crate::context::Context;
use crate::names::{is_lifecycle_name, is_model_name, looks_like_other_model, words};
use crate::{Fix, Lang, Scanner};
use tree_sitter::Node;

/// A context and the name of the rule that gave it (see `rules.rs`).
type Decided = (Context, &'static str);

/// The context of a literal whose whole content is a model ID, and the node (if any) that lists it
/// with other values: a list, tuple, argument list or alias map. A container naming two or more
/// distinct models makes its members a collection.
pub(crate) fn classify<'t>(
    scanner: &Scanner,
    lang: Lang,
    lit: Node<'t>,
    src: &[u8],
) -> (Context, &'static str, Option<Node<'t>>) {
    // A recorded response stays a record inside an assertion too (`assert r == {"model": ...}`).
    if in_response(lit, src) {
        return (Context::Recording, "in-response", None);
    }
    if in_assertion(lit, src) {
        return (Context::Assertion, "in-assertion", None);
    }
    if lang == Lang::Python
        && lit
            .parent()
            .is_some_and(|p| p.kind() == "concatenated_string")
    {
        return (Context::Concatenated, "concatenated", None);
    }
    if lang == Lang::Toml && matches!(lit.kind(), "quoted_key" | "bare_key") {
        return (Context::DictKey, "toml-key", None);
    }
    let holders = holder_names(lit, src);
    if holders.iter().any(|n| is_lifecycle_name(n)) {
        return (Context::Lifecycle, "lifecycle-holder", None);
    }
    if holders.iter().any(|n| QUERY_KEYS.contains(&n.as_str())) || in_query_call(lit, src) {
        return (Context::Comparison, "query-holder", None);
    }
    let (context, rule) = role(lang, lit, src);
    let container = match context {
        Context::DictKey | Context::Recording | Context::Alias => None,
        c if c.fix() == Fix::None => None,
        _ => container(scanner, lit, src),
    };
    (context, rule, container)
}

/// Whether a scalar is (inside) a value of a mapping that records a response, a log entry or a
/// result row: the mapping of the nearest pair above it.
pub(crate) fn in_record(node: Node, src: &[u8]) -> bool {
    let mut n = node;
    while let Some(p) = n.parent() {
        if is_pair(p.kind()) {
            return !is_key_of(p, n) && p.parent().is_some_and(|m| looks_like_response(m, src));
        }
        n = p;
    }
    false
}

/// Whether the literal is a value in a mapping that records an API response.
fn in_response(lit: Node, src: &[u8]) -> bool {
    let (n, parent) = climb(lit);
    parent.is_some_and(|p| {
        is_pair(p.kind())
            && !is_key_of(p, n)
            && p.parent().is_some_and(|m| looks_like_response(m, src))
    })
}

fn text<'s>(node: Node, src: &'s [u8]) -> &'s str {
    std::str::from_utf8(&src[node.byte_range()]).unwrap_or("")
}

/// A key's name without quotes.
fn key_name(node: Node, src: &[u8]) -> String {
    text(node, src)
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .to_string()
}

fn is_field(parent: Node, field: &str, child: Node) -> bool {
    parent
        .child_by_field_name(field)
        .is_some_and(|c| c.id() == child.id())
}

fn is_call(kind: &str) -> bool {
    matches!(kind, "call" | "call_expression" | "new_expression")
}

fn is_pair(kind: &str) -> bool {
    matches!(kind, "pair" | "block_mapping_pair" | "flow_pair")
}

fn is_list(kind: &str) -> bool {
    matches!(
        kind,
        "list" | "tuple" | "set" | "array" | "flow_sequence" | "expression_list"
    )
}

/// Nodes a value passes through unchanged on its way to where it is used.
pub(crate) fn is_transparent(kind: &str) -> bool {
    matches!(
        kind,
        "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "type_assertion"
            | "jsx_expression"
            | "conditional_expression"
            | "ternary_expression"
            | "flow_node"
            | "block_node"
            | "await"
            | "await_expression"
    )
}

fn is_config(lang: Lang) -> bool {
    matches!(lang, Lang::Yaml | Lang::Json | Lang::Toml | Lang::Notebook)
}

/// The node's nearest ancestor that is not transparent, and the child of it on the way.
fn climb(mut n: Node) -> (Node, Option<Node>) {
    while let Some(p) = n.parent().filter(|p| is_transparent(p.kind())) {
        n = p;
    }
    let parent = n.parent();
    (n, parent)
}

/// The key of a pair, without quotes.
fn pair_key(pair: Node, src: &[u8]) -> String {
    pair.child_by_field_name("key")
        .or_else(|| pair.named_child(0))
        .map(|k| key_name(k, src))
        .unwrap_or_default()
}

/// Whether `n` is the key of `pair` (TOML pairs have no field names: the key comes first).
fn is_key_of(pair: Node, n: Node) -> bool {
    is_field(pair, "key", n)
        || (pair.child_by_field_name("key").is_none()
            && pair.named_child(0).is_some_and(|k| k.id() == n.id()))
}

/// The name of the function a call node calls: the last segment, and the whole callee text.
fn callee<'s>(call: Node, src: &'s [u8]) -> (&'s str, &'s str) {
    let Some(f) = call
        .child_by_field_name("function")
        .or_else(|| call.child_by_field_name("constructor"))
    else {
        return ("", "");
    };
    let whole = text(f, src);
    let last = f
        .child_by_field_name("attribute")
        .or_else(|| f.child_by_field_name("property"))
        .map_or(whole, |a| text(a, src));
    (last, whole)
}

fn is_assertion_callee(last: &str, whole: &str) -> bool {
    let l = whole.to_ascii_lowercase();
    l.starts_with("assert")
        || l.contains(".assert")
        || l.starts_with("expect")
        || l.contains("expect(")
        || (last.starts_with("to") && last.chars().nth(2).is_some_and(|c| c.is_ascii_uppercase()))
}

/// Calls that test their arguments against a value: `startswith`, `includes`, and queries
/// (`filter(model="<id>")`, `where("model", "<id>")`, `findMany`).
const COMPARISON_CALLS: &[&str] = &[
    "filter",
    "filter_by",
    "exclude",
    "where",
    "orWhere",
    "find_one",
    "findOne",
    "findMany",
    "findFirst",
    "findUnique",
    "get_or_create",
    "update_or_create",
    "exists",
    "startswith",
    "endswith",
    "startsWith",
    "endsWith",
    "includes",
    "indexOf",
    "index",
    "count",
    "find",
    "has",
    "contains",
    "__contains__",
    "match",
    "test",
    "__eq__",
];
/// Calls whose first argument is a key into a table.
const LOOKUP_CALLS: &[&str] = &[
    "get",
    "pop",
    "setdefault",
    "__getitem__",
    "getItem",
    "at",
    "delete",
    "getattr",
];
/// Calls that work on text rather than choose a model: the literal is a pattern or a message.
const TEXT_CALLS: &[&str] = &[
    "replace",
    "replaceAll",
    "sub",
    "subn",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "removeprefix",
    "removesuffix",
    "search",
    "fullmatch",
    "compile",
    "format",
    "join",
    "partition",
    "print",
    "log",
    "debug",
    "info",
    "warn",
    "warning",
    "error",
    "echo",
    "write",
];
/// First words of a function name that asks a question of its argument (`is_legacy`, `supportsVision`).
const PREDICATE_WORDS: &[&str] = &[
    "is", "has", "supports", "support", "can", "should", "check", "validate", "requires", "allows",
    "accepts", "matches",
];
/// Words of a function name that looks something up by model (`get_price`, `contextLimit`).
const LOOKUP_WORDS: &[&str] = &[
    "price",
    "prices",
    "pricing",
    "cost",
    "costs",
    "limit",
    "limits",
    "info",
    "lookup",
    "capabilities",
    "capability",
    "register",
    "registry",
    "tokenizer",
    "encoding",
];

fn is_env_lookup(whole: &str) -> bool {
    whole.contains("getenv")
        || whole.contains("environ")
        || whole.contains("process.env")
        || whole.ends_with("env.get")
        || whole == "env"
}

/// The context of a positional argument.
fn positional(call: Node, args: Node, n: Node, src: &[u8]) -> Decided {
    let (last, whole) = callee(call, src);
    let index = children(args)
        .filter(|c| c.is_named() && c.kind() != "comment")
        .position(|c| c.id() == n.id())
        .unwrap_or(0);
    let name_words = words(last);
    if is_env_lookup(whole) {
        return if index == 0 {
            (Context::Lookup, "env-lookup-key")
        } else {
            (Context::EnvDefault, "env-lookup-fallback")
        };
    }
    if COMPARISON_CALLS.contains(&last)
        || name_words
            .first()
            .is_some_and(|w| PREDICATE_WORDS.contains(&w.as_str()))
    {
        return (Context::Comparison, "comparing-call");
    }
    if LOOKUP_CALLS.contains(&last) {
        // `config.get("model", "<id>")`: the fallback after the key; `getattr` has two before it.
        let key_args = if last == "getattr" { 2 } else { 1 };
        return if index >= key_args {
            (Context::Default, "lookup-call-fallback")
        } else {
            (Context::Lookup, "lookup-call-key")
        };
    }
    if TEXT_CALLS.contains(&last) || whole == "console.log" {
        return (Context::Value, "text-call");
    }
    if names_lookup(last) || in_lookup_call(call, src) {
        return (Context::Lookup, "lookup-named-call");
    }
    (Context::Argument, "positional-argument")
}

/// Whether a function or element name says it looks something up by model (`get_price`,
/// `contextLimit`, `register`).
fn names_lookup(name: &str) -> bool {
    words(name)
        .iter()
        .any(|w| LOOKUP_WORDS.contains(&w.as_str()))
}

/// Whether a callee is a class that stands for a Claude model (`Claude`, `AnthropicChat`,
/// `AwsBedrockClaude`, `VertexAIClaude`): its `id` argument is the model.
fn names_model_class(name: &str) -> bool {
    let last = name.rsplit(['.', ':']).next().unwrap_or(name);
    last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && ["Claude", "Anthropic"].iter().any(|w| last.contains(w))
}

/// Whether a call is itself an argument of a call that looks up or registers by model:
/// `register(Claude("<id>"), aliases=(...))`.
fn in_lookup_call(call: Node, src: &[u8]) -> bool {
    let (_, parent) = climb(call);
    let args = match parent {
        Some(p) if p.kind() == "keyword_argument" => p.parent(),
        p => p,
    };
    args.filter(|a| matches!(a.kind(), "argument_list" | "arguments"))
        .and_then(|a| a.parent())
        .filter(|c| is_call(c.kind()))
        .is_some_and(|c| names_lookup(callee(c, src).0))
}

/// Whether a pair is LiteLLM's `model_name` next to `litellm_params`: the name the proxy serves
/// the deployment under, which clients ask for.
fn is_router_alias(pair: Node, key: &str, src: &[u8]) -> bool {
    key == "model_name"
        && pair.parent().is_some_and(|m| {
            children(m).any(|c| is_pair(c.kind()) && pair_key(c, src) == "litellm_params")
        })
}

/// What receives the value of node `n`.
fn role(lang: Lang, n: Node, src: &[u8]) -> Decided {
    let (n, parent) = climb(n);
    let Some(p) = parent else {
        return (Context::ConfigValue, "top-level-value");
    };
    match p.kind() {
        "keyword_argument" => {
            let name = p
                .child_by_field_name("name")
                .map(|k| key_name(k, src))
                .unwrap_or_default();
            let args = p.parent();
            let call = args.and_then(|a| a.parent());
            if call.is_some_and(|c| is_call(c.kind()) && is_env_lookup(callee(c, src).1)) {
                (Context::EnvDefault, "env-lookup-keyword")
            } else if args.is_some_and(|a| looks_like_response(a, src)) {
                (Context::Recording, "response-arguments")
            } else if call.is_some_and(|c| is_call(c.kind()) && names_lookup(callee(c, src).0)) {
                // `get_price(model="<id>")`, `ModelPricing(model_id="<id>", ...)`: a key into a table.
                (Context::Lookup, "lookup-named-call-keyword")
            } else if is_model_name(&name) {
                (Context::ModelArgument, "model-keyword")
            } else if name == "id"
                && call.is_some_and(|c| is_call(c.kind()) && names_model_class(callee(c, src).0))
            {
                // `Claude(id="<id>")`, `AwsBedrock(id="<id>")`: a model class takes the model as `id`.
                (Context::ModelArgument, "model-class-id")
            } else {
                (Context::OtherArgument, "other-keyword")
            }
        }
        "argument_list" | "arguments" => match p.parent().filter(|c| is_call(c.kind())) {
            Some(call) => positional(call, p, n, src),
            None => (Context::Argument, "positional-argument"),
        },
        "assignment"
        | "augmented_assignment"
        | "assignment_expression"
        | "variable_declarator"
        | "public_field_definition"
        | "field_definition" => {
            if !["right", "value"].iter().any(|f| is_field(p, f, n)) {
                (Context::Value, "assignment-target")
            } else if in_enum_class(p, src) {
                (Context::Collection, "enum-member")
            } else {
                (Context::Assignment, "assignment")
            }
        }
        "default_parameter"
        | "typed_default_parameter"
        | "assignment_pattern"
        | "object_assignment_pattern"
        | "required_parameter"
        | "optional_parameter" => (Context::Default, "parameter-default"),
        k if is_pair(k) => {
            let key = pair_key(p, src);
            if is_key_of(p, n) {
                (Context::DictKey, "mapping-key")
            } else if is_router_alias(p, &key, src) {
                (Context::Alias, "router-alias")
            } else if is_config(lang)
                && RECORD_NAME_KEYS.contains(&key.as_str())
                && !under_model_key(p, src)
                && (key.contains("display") || names_its_model_twice(p, n, src))
            {
                // `display_name: <id>`: the entry's own name, by which users and files refer
                // to it (a leaderboard row, `--model <name>`); its other fields go with it.
                (Context::DictKey, "record-name")
            } else {
                property(lang, p, &key, src)
            }
        }
        "computed_property_name" => (Context::DictKey, "computed-key"),
        "jsx_attribute" => {
            let name = p
                .named_child(0)
                .map(|k| key_name(k, src))
                .unwrap_or_default();
            // `<PriceCalculator model="<id>" />`: the element looks the model up.
            let element = p
                .parent()
                .and_then(|e| e.child_by_field_name("name"))
                .map_or("", |e| text(e, src));
            if names_lookup(element) {
                (Context::Lookup, "lookup-named-element")
            } else if is_model_name(&name) {
                (Context::ModelArgument, "model-attribute")
            } else {
                (Context::OtherArgument, "other-attribute")
            }
        }
        "comparison_operator"
        | "case_pattern"
        | "case_clause"
        | "switch_case"
        | "union_pattern" => (Context::Comparison, "comparison-operand"),
        "binary_expression" | "boolean_operator" => {
            let op = p
                .child_by_field_name("operator")
                .map(|o| text(o, src))
                .unwrap_or("");
            match op {
                "==" | "!=" | "===" | "!==" | "in" | "not in" => {
                    (Context::Comparison, "comparison-operand")
                }
                "??" | "||" | "or" => {
                    let left = p
                        .child_by_field_name("left")
                        .map(|l| text(l, src))
                        .unwrap_or("");
                    if is_env_lookup(left) {
                        (Context::EnvDefault, "env-lookup-fallback-operator")
                    } else {
                        (Context::Default, "fallback-operand")
                    }
                }
                _ => (Context::Value, "other-operator"),
            }
        }
        k if is_list(k) => element(lang, p, src),
        "block_sequence_item" => match p.parent() {
            Some(seq) => element(lang, seq, src),
            None => (Context::ConfigValue, "top-level-value"),
        },
        "enum_assignment" => (Context::Collection, "enum-member"),
        "return_statement" | "arrow_function" | "lambda" => (Context::Return, "return-value"),
        "expression_statement" => (Context::Docstring, "bare-string"),
        "subscript" => {
            // `Literal["<id>", ...]` is a type; any other subscript looks a key up.
            let value = p.child_by_field_name("value").map(|v| text(v, src));
            if value.is_some_and(|v| v == "Literal" || v.ends_with(".Literal")) {
                (Context::TypeLiteral, "literal-type")
            } else {
                (Context::Lookup, "subscript-key")
            }
        }
        "subscript_expression" => (Context::Lookup, "subscript-key"),
        // `["<id>"].includes(model)`: the receiver of a comparing method.
        "member_expression" | "attribute" => {
            let call = p.parent().filter(|c| is_call(c.kind()));
            if is_field(p, "object", n)
                && call.is_some_and(|c| COMPARISON_CALLS.contains(&callee(c, src).0))
            {
                (Context::Comparison, "comparing-call-receiver")
            } else {
                (Context::Value, "member-object")
            }
        }
        "literal_type" | "type" => (Context::TypeLiteral, "literal-type"),
        "document" | "stream" | "table" | "table_array_element" => {
            (Context::ConfigValue, "config-value")
        }
        _ => (Context::Value, "no-role"),
    }
}

/// The context of a member of `list`: that of the list itself when it is compared, looked up or
/// asserted (`model in ["<id>"]`), otherwise an element.
fn element(lang: Lang, list: Node, src: &[u8]) -> Decided {
    // `[...] as const`: a list the type checker reads as a union of its members.
    if list.parent().is_some_and(|p| {
        p.kind() == "as_expression" && text(p, src).trim_end().ends_with("as const")
    }) {
        return (Context::Collection, "const-list-member");
    }
    let outer = role(lang, list, src);
    if outer.0.fix() != Fix::Safe {
        outer
    } else if is_config(lang) {
        (Context::ConfigValue, "config-list-item")
    } else {
        (Context::Element, "list-element")
    }
}

/// Whether a pair is a member of a mapping that is itself the value of a model-named key
/// (`model: {name: <id>}`): there the name is the model's ID.
fn under_model_key(pair: Node, src: &[u8]) -> bool {
    let mut n = pair;
    for _ in 0..4 {
        let Some(p) = n.parent() else { return false };
        if is_pair(p.kind()) {
            return is_model_name(&pair_key(p, src));
        }
        n = p;
    }
    false
}

/// Whether the mapping around a pair holds the value's text again elsewhere (`name: <id>` next
/// to `api_name: {anthropic: <id>}`): a record named by its own model.
fn names_its_model_twice(pair: Node, value: Node, src: &[u8]) -> bool {
    let Some(mapping) = pair.parent() else {
        return false;
    };
    let text = text(value, src)
        .trim()
        .trim_matches(|c| c == '"' || c == '\'');
    if text.is_empty() {
        return false;
    }
    let outer = &src[mapping.byte_range()];
    memchr::memmem::find_iter(outer, text.as_bytes()).count() >= 2
}

/// Keys whose value is the name of the entry they are in.
const RECORD_NAME_KEYS: &[&str] = &[
    "display_name",
    "displayName",
    "display-name",
    "name",
    "title",
    "label",
];

/// The context of a mapping or object value under `key`.
fn property(lang: Lang, pair: Node, key: &str, src: &[u8]) -> Decided {
    if is_telemetry_key(key) {
        (Context::Recording, "telemetry-attribute")
    } else if pair.parent().is_some_and(|m| looks_like_response(m, src)) {
        (Context::Recording, "response-mapping")
    } else if is_config(lang) {
        (Context::ConfigValue, "config-value")
    } else if is_model_name(key) {
        (Context::ModelArgument, "model-property")
    } else {
        (Context::OtherArgument, "other-property")
    }
}

/// Attribute names under which tracing records the model a request named or a response
/// reported (OpenTelemetry's GenAI conventions, OpenInference, the AI SDK's telemetry): what a
/// span observed, never a setting that chooses a model.
const TELEMETRY_KEYS: &[&str] = &[
    "gen_ai.request.model",
    "gen_ai.response.model",
    "llm.model_name",
    "llm.request.model",
    "llm.response.model",
    "ai.model.id",
    "ai.response.model",
];

pub(crate) fn is_telemetry_key(key: &str) -> bool {
    TELEMETRY_KEYS.contains(&key)
}

/// Whether a YAML block scalar is the text of a conversation turn: the value of a message key
/// (`content: |`, `prompt: |`) or of any key of a mapping that has a `role`. What it holds is
/// what was said, not settings.
pub(crate) fn is_message_text(scalar: Node, src: &[u8]) -> bool {
    const MESSAGE_KEYS: &[&str] = &[
        "content",
        "text",
        "message",
        "prompt",
        "completion",
        "response",
        "output",
        "system",
        "user",
        "assistant",
    ];
    let mut n = scalar;
    for _ in 0..3 {
        let Some(p) = n.parent() else { return false };
        if is_pair(p.kind()) {
            if MESSAGE_KEYS.contains(&pair_key(p, src).as_str()) {
                return true;
            }
            let Some(mapping) = p.parent() else {
                return false;
            };
            let mut c = mapping.walk();
            let has_role = mapping
                .named_children(&mut c)
                .any(|q| is_pair(q.kind()) && pair_key(q, src) == "role");
            return has_role;
        }
        n = p;
    }
    false
}

/// Keys that a recorded API response has next to its `model`, and a request never has.
const RESPONSE_KEYS: &[&str] = &[
    "usage",
    "stop_reason",
    "stop_sequence",
    "finish_reason",
    "input_tokens",
    "output_tokens",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "response_metadata",
    "usage_metadata",
];

/// Keys that a log entry or a result row has next to its `model`, and a setting does not have.
/// Only data mappings are judged by these: as keyword arguments they are common options.
const RECORD_KEYS: &[&str] = &[
    "completion",
    "response",
    "answer",
    "prediction",
    "generated_text",
    "output_text",
    "score",
    "scores",
    "accuracy",
    "latency",
    "latency_ms",
    "duration_ms",
    "elapsed",
    "timestamp",
    "created_at",
    "created",
    "total_cost",
];

/// A mapping, object or argument list that records what happened rather than chooses: an API
/// response (`usage`, `stop_reason`, a `msg_` id, `"role": "assistant"`), a log entry or a result
/// row (`timestamp`, `score`, `completion`).
fn looks_like_response(mapping: Node, src: &[u8]) -> bool {
    // Memoized per node for the file being scanned: every literal of a large mapping asks the
    // same question of it.
    let key = (mapping.id(), mapping.start_byte());
    if let Some(hit) = RESPONSE_MEMO.with(|m| m.borrow().get(&key).copied()) {
        return hit;
    }
    let answer = reads_like_response(mapping, src);
    RESPONSE_MEMO.with(|m| m.borrow_mut().insert(key, answer));
    answer
}

thread_local! {
    /// `looks_like_response` answers for the tree being classified; cleared for each file.
    static RESPONSE_MEMO: std::cell::RefCell<std::collections::HashMap<(usize, usize), bool>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
    /// `is_table` answers likewise.
    static TABLE_MEMO: std::cell::RefCell<std::collections::HashMap<(usize, usize), bool>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Forgets the memoized answers: called before each file's classification.
pub(crate) fn reset_memo() {
    RESPONSE_MEMO.with(|m| m.borrow_mut().clear());
    TABLE_MEMO.with(|m| m.borrow_mut().clear());
}

fn reads_like_response(mapping: Node, src: &[u8]) -> bool {
    let mut stack = vec![mapping];
    while let Some(m) = stack.pop() {
        for c in children(m) {
            let data = is_pair(c.kind());
            match c.kind() {
                k if data || k == "keyword_argument" => {
                    let key = c
                        .child_by_field_name("key")
                        .or_else(|| c.child_by_field_name("name"))
                        .map(|k| key_name(k, src))
                        .unwrap_or_default();
                    let value = c
                        .child_by_field_name("value")
                        .map(|v| key_name(v, src))
                        .unwrap_or_default();
                    if RESPONSE_KEYS.contains(&key.as_str())
                        || (data && RECORD_KEYS.contains(&key.as_str()))
                        || (key == "role" && value == "assistant")
                        || (key == "id" && value.starts_with("msg_"))
                    {
                        return true;
                    }
                }
                "shorthand_property_identifier" if RESPONSE_KEYS.contains(&text(c, src)) => {
                    return true;
                }
                "block_node" | "block_mapping" | "flow_node" | "flow_mapping" => stack.push(c),
                _ => {}
            }
        }
    }
    false
}

/// The node that lists the literal with other values, if any:
/// - a list, tuple, set or array, or the arguments of one call;
/// - a mapping that gives it under a key not named like a model (an alias map, a registry entry);
/// - for a value under a model-named key (`model: <id>`), the list its mapping is a member of
///   (`[{model: a}, {model: b}]`); a mapping of settings on its own lists nothing.
///
/// The search goes outwards through nested lists, so that a table of tuples or of records counts
/// as one container, and stops at the key that holds a container: the sections of a config file
/// are not one list.
fn container<'t>(scanner: &Scanner, lit: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    let mut found: Option<Node> = None;
    let mut n = lit;
    while let Some(p) = n.parent() {
        let k = p.kind();
        if is_transparent(k) {
            n = p;
        } else if is_list(k) {
            found = Some(p);
            n = p;
        } else if k == "block_sequence_item" {
            let seq = p.parent()?;
            found = Some(seq);
            n = seq;
        } else if k == "argument_list" || k == "arguments" {
            // The arguments of one call list their values together; a call that is itself a
            // list member (`[Model(id="a"), Model(id="b")]`) leads on to the list.
            found = Some(p);
            match p.parent().filter(|call| is_list_member(*call)) {
                Some(call) => n = call,
                None => break,
            }
        } else if k == "keyword_argument" && found.is_none() {
            // Like a pair: a model-named argument lists nothing unless its call is a list member.
            let name = p
                .child_by_field_name("name")
                .map(|c| key_name(c, src))
                .unwrap_or_default();
            let call = p.parent().and_then(|args| args.parent());
            if is_model_name(&name) && !call.is_some_and(is_list_member) {
                break;
            }
            n = p;
        } else if is_pair(k) && !is_key_of(p, n) && found.is_none() {
            let mapping = p.parent()?;
            if !is_model_name(&pair_key(p, src)) {
                found = Some(mapping);
            } else if pair_key(p, src).eq_ignore_ascii_case("default")
                && is_table(scanner, mapping, src)
            {
                // `{"fast": <id>, "default": <id>}`: a `default` among tiers is one of them.
                found = Some(mapping);
            } else if !is_list_member(mapping) {
                break;
            }
            n = mapping;
        } else {
            break;
        }
    }
    found
}

/// Whether a mapping gives a model under a key not named like a model setting (`fast`,
/// `powerful`, `anthropic`): a table of models rather than the settings of one call.
fn is_table(scanner: &Scanner, mapping: Node, src: &[u8]) -> bool {
    let key = (mapping.id(), mapping.start_byte());
    if let Some(hit) = TABLE_MEMO.with(|m| m.borrow().get(&key).copied()) {
        return hit;
    }
    let answer = lists_models(scanner, mapping, src);
    TABLE_MEMO.with(|m| m.borrow_mut().insert(key, answer));
    answer
}

fn lists_models(scanner: &Scanner, mapping: Node, src: &[u8]) -> bool {
    children(mapping).any(|c| {
        is_pair(c.kind())
            && !is_model_name(&pair_key(c, src))
            && c.child_by_field_name("value")
                .or_else(|| c.named_child(1))
                .is_some_and(|v| names_a_model(scanner, v, src))
    })
}

/// Whether a node is a scalar that names a model: one the registry knows or another vendor's.
pub(crate) fn names_a_model(scanner: &Scanner, node: Node, src: &[u8]) -> bool {
    let mut v = node;
    while matches!(v.kind(), "flow_node" | "block_node") && v.named_child_count() == 1 {
        match v.named_child(0) {
            Some(c) => v = c,
            None => break,
        }
    }
    if !matches!(
        v.kind(),
        "string"
            | "plain_scalar"
            | "double_quote_scalar"
            | "single_quote_scalar"
            | "template_string"
    ) {
        return false;
    }
    let t = key_name(v, src);
    scanner.is_id(t.as_bytes()) || looks_like_other_model(&t)
}

/// Whether a mapping is directly a member of a list.
fn is_list_member(mapping: Node) -> bool {
    let (_, parent) = climb(mapping);
    parent.is_some_and(|p| is_list(p.kind()) || p.kind() == "block_sequence_item")
}

/// Keys under which a value is matched rather than chosen: query filters.
const QUERY_KEYS: &[&str] = &[
    "where",
    "filter",
    "filters",
    "query",
    "$match",
    "$eq",
    "$ne",
    "$in",
    "$nin",
    "conditions",
    "criteria",
    "selector",
];

/// The names that hold a literal, innermost first: the keys, keyword arguments and variables it
/// is given under, directly or through lists and maps (`DEPRECATED_MODELS = [...]`,
/// `where: {model: <id>}`). The climb stops at anything else: a call, a statement.
fn holder_names(lit: Node, src: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut n = lit;
    while let Some(p) = n.parent() {
        let k = p.kind();
        let name = match k {
            _ if is_pair(k) => (!is_key_of(p, n)).then(|| pair_key(p, src)),
            "keyword_argument" => p.child_by_field_name("name").map(|c| key_name(c, src)),
            "assignment" | "augmented_assignment" | "assignment_expression" => p
                .child_by_field_name("left")
                .map(|c| text(c, src).to_string()),
            "variable_declarator" | "public_field_definition" | "field_definition" => p
                .child_by_field_name("name")
                .or_else(|| p.child_by_field_name("property"))
                .map(|c| text(c, src).to_string()),
            _ if is_transparent(k)
                || is_list(k)
                || matches!(
                    k,
                    "block_sequence_item"
                        | "block_sequence"
                        | "block_mapping"
                        | "flow_mapping"
                        | "object"
                        | "dictionary"
                        | "expression_statement"
                        | "lexical_declaration"
                        | "variable_declaration"
                ) =>
            {
                None
            }
            _ => break,
        };
        names.extend(name);
        n = p;
    }
    names
}

/// Whether the literal is a keyword argument of a query (`Run.objects.filter(model="<id>")`).
fn in_query_call(lit: Node, src: &[u8]) -> bool {
    let (_, parent) = climb(lit);
    let call = parent
        .filter(|p| p.kind() == "keyword_argument")
        .and_then(|kw| kw.parent())
        .and_then(|args| args.parent())
        .filter(|c| is_call(c.kind()));
    call.is_some_and(|c| {
        let last = callee(c, src).0;
        last == "get" || COMPARISON_CALLS.contains(&last)
    })
}

/// Whether an assignment is a member of an enum class (`class Model(str, Enum): OPUS = "<id>"`).
fn in_enum_class(assignment: Node, src: &[u8]) -> bool {
    let mut cur = assignment.parent();
    while let Some(n) = cur {
        match n.kind() {
            "expression_statement" | "block" => cur = n.parent(),
            "class_definition" => {
                return n
                    .child_by_field_name("superclasses")
                    .is_some_and(|s| text(s, src).contains("Enum"))
            }
            _ => return false,
        }
    }
    false
}

/// Inside a test assertion: an `assert` statement or the arguments of `assertEqual`, `expect(...)`.
fn in_assertion(node: Node, src: &[u8]) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        match n.kind() {
            "assert_statement" => return true,
            k if is_call(k) => {
                let (last, whole) = callee(n, src);
                if is_assertion_callee(last, whole) {
                    return true;
                }
            }
            "function_definition"
            | "class_definition"
            | "module"
            | "program"
            | "statement_block"
            | "block"
            | "function_declaration"
            | "arrow_function"
            | "method_definition" => return false,
            _ => {}
        }
        cur = n.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::{Lang, Scanner};
    use remodel_registry::Registry;

    /// `(text, context)` of each finding of `src`.
    fn contexts(lang: Lang, src: &str) -> Vec<(String, &'static str)> {
        let registry = Registry::embedded().expect("embedded registry");
        let scanner = Scanner::new(&registry);
        scanner
            .scan(lang, src.as_bytes())
            .expect("scan")
            .into_iter()
            .map(|f| (f.text, f.context.as_str()))
            .collect()
    }

    fn kinds(lang: Lang, src: &str) -> Vec<&'static str> {
        contexts(lang, src).into_iter().map(|(_, c)| c).collect()
    }

    const A: &str = "claude-3-opus-20240229";
    const B: &str = "claude-3-haiku-20240307";

    #[test]
    fn tables_of_tuples_and_records_are_one_collection() {
        let src = format!("T = [(\"{A}\", 1), (\"{B}\", 2)]\n");
        assert_eq!(kinds(Lang::Python, &src), ["collection", "collection"]);
        let src = format!("R = [Info(id=\"{A}\"), Info(id=\"{B}\")]\n");
        assert_eq!(kinds(Lang::Python, &src), ["collection", "collection"]);
        let src = format!("[{{\"model\": \"{A}\"}}, {{\"model\": \"{B}\"}}]");
        assert_eq!(kinds(Lang::Json, &src), ["collection", "collection"]);
    }

    #[test]
    fn settings_in_separate_sections_are_not_a_collection() {
        let src = format!("chat:\n  model: {A}\nsummary:\n  model: {B}\n");
        assert_eq!(kinds(Lang::Yaml, &src), ["config-value", "config-value"]);
        // A LiteLLM deployment's model sits under `litellm_params`, not in the list itself.
        let src = format!(
            "model_list:\n  - model_name: a\n    litellm_params:\n      model: {A}\n  - model_name: b\n    litellm_params:\n      model: {B}\n"
        );
        assert_eq!(kinds(Lang::Yaml, &src), ["config-value", "config-value"]);
        let src = format!("create(model=\"{A}\", fallback_model=\"{B}\")\n");
        assert_eq!(
            kinds(Lang::Python, &src),
            ["model-argument", "model-argument"]
        );
    }

    #[test]
    fn one_model_repeated_in_a_list_is_data() {
        let rows: Vec<String> = (0..10)
            .map(|i| format!("{{\"q\": {i}, \"model\": \"{A}\"}}"))
            .collect();
        let src = format!("[{}]", rows.join(","));
        assert!(kinds(Lang::Json, &src).iter().all(|c| *c == "recording"));
    }

    #[test]
    fn a_model_the_file_also_compares_is_linked() {
        let src = format!("M = \"{A}\"\nif m == \"{A}\":\n    pass\nN = \"{B}\"\n");
        assert_eq!(
            kinds(Lang::Python, &src),
            ["linked", "comparison", "assignment"]
        );
    }

    #[test]
    fn lifecycle_and_query_holders() {
        let src = format!("DEPRECATED = {{\"{A}\": \"2026-01-05\"}}\nold_model = \"{B}\"\n");
        assert_eq!(kinds(Lang::Python, &src), ["lifecycle", "lifecycle"]);
        let src = format!("rows = Run.objects.filter(model=\"{A}\")\n");
        assert_eq!(kinds(Lang::Python, &src), ["comparison"]);
        let src = format!("db.run.findMany({{ where: {{ model: \"{A}\" }} }});\n");
        assert_eq!(kinds(Lang::JavaScript, &src), ["comparison"]);
    }

    #[test]
    fn recorded_responses_in_code() {
        let src = format!("m = Message(model=\"{A}\", usage=Usage(input_tokens=1))\n");
        assert_eq!(kinds(Lang::Python, &src), ["recording"]);
        // `choices=` is an ordinary option of argparse, not a response field.
        let src = format!("p.add_argument(\"--m\", choices=[\"{A}\", \"{B}\"])\n");
        assert_eq!(kinds(Lang::Python, &src), ["collection", "collection"]);
    }

    #[test]
    fn positional_arguments_by_callee() {
        for (call, context) in [
            ("anthropic", "argument"),
            ("supports_vision", "comparison"),
            ("get_price", "lookup"),
            ("s.replace", "value"),
            ("print", "value"),
        ] {
            let src = format!("x = {call}(\"{A}\")\n");
            assert_eq!(kinds(Lang::Python, &src), [context], "{call}");
        }
        let src = format!("x = cfg.get(\"model\", \"{A}\")\n");
        assert_eq!(kinds(Lang::Python, &src), ["default"]);
    }
}
