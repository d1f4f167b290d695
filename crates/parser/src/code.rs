//! tree-sitter parsing of code and config files, and the context of each hit in the tree.

use crate::context::Context;
use crate::{Error, Fix, Hit, Lang, RawFinding, Scanner};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use tree_sitter::{Node, Parser, Tree};

thread_local! {
    /// One parser per language per thread, reused across files.
    static PARSERS: RefCell<HashMap<Lang, Parser>> = RefCell::new(HashMap::new());
}

fn grammar(lang: Lang) -> tree_sitter::Language {
    match lang {
        Lang::Python => tree_sitter_python::LANGUAGE.into(),
        Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Lang::Yaml => tree_sitter_yaml::LANGUAGE.into(),
        Lang::Json | Lang::Notebook => tree_sitter_json::LANGUAGE.into(),
        Lang::Toml => tree_sitter_toml_ng::LANGUAGE.into(),
        Lang::Env | Lang::Markdown | Lang::Text | Lang::Shell => {
            unreachable!("{lang:?} has no tree-sitter grammar")
        }
    }
}

/// Parses `src` as `lang` with this thread's parser for it.
pub(crate) fn parse(lang: Lang, src: &[u8]) -> Result<Tree, Error> {
    PARSERS.with(|cell| {
        let mut map = cell.borrow_mut();
        let parser = match map.entry(lang) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let mut p = Parser::new();
                p.set_language(&grammar(lang))
                    .map_err(|e| Error::Grammar(lang.name(), e.to_string()))?;
                v.insert(p)
            }
        };
        parser.parse(src, None).ok_or(Error::Parse(lang.name()))
    })
}

pub(crate) fn error_count(lang: Lang, src: &[u8]) -> Result<usize, Error> {
    let tree = parse(lang, src)?;
    if !tree.root_node().has_error() {
        return Ok(0);
    }
    let mut count = 0;
    let mut cursor = tree.walk();
    'outer: loop {
        let n = cursor.node();
        if n.is_error() || n.is_missing() {
            count += 1;
        }
        if n.has_error() && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'outer;
            }
        }
    }
    Ok(count)
}

/// What kind of text a hit stands in.
enum Place<'t> {
    /// A string literal or scalar: the node, the bytes of its content, whether it interpolates.
    Literal {
        node: Node<'t>,
        content: Range<usize>,
        interpolated: bool,
    },
    Comment,
    BlockScalar,
    Other,
}

fn place<'t>(lang: Lang, mut node: Node<'t>, src: &[u8]) -> Place<'t> {
    loop {
        let kind = node.kind();
        match (lang, kind) {
            (_, "comment") => return Place::Comment,
            (Lang::Yaml, "block_scalar") => return Place::BlockScalar,
            (Lang::Python, "string") => {
                let start = node.child(0).filter(|c| c.kind() == "string_start");
                let end = node
                    .child(node.child_count().saturating_sub(1))
                    .filter(|c| c.kind() == "string_end");
                let interpolated = children(node).any(|c| c.kind() == "interpolation");
                if let (Some(s), Some(e)) = (start, end) {
                    return Place::Literal {
                        node,
                        content: s.end_byte()..e.start_byte(),
                        interpolated,
                    };
                }
                return Place::Other;
            }
            (Lang::JavaScript | Lang::TypeScript | Lang::Tsx | Lang::Json, "string")
            | (Lang::JavaScript | Lang::TypeScript | Lang::Tsx, "template_string") => {
                let interpolated = children(node).any(|c| c.kind() == "template_substitution");
                let (s, e) = (node.start_byte(), node.end_byte());
                if e >= s + 2 {
                    return Place::Literal {
                        node,
                        content: s + 1..e - 1,
                        interpolated,
                    };
                }
                return Place::Other;
            }
            (Lang::Yaml, "double_quote_scalar" | "single_quote_scalar") => {
                let (s, e) = (node.start_byte(), node.end_byte());
                if e >= s + 2 {
                    return Place::Literal {
                        node,
                        content: s + 1..e - 1,
                        interpolated: false,
                    };
                }
                return Place::Other;
            }
            (Lang::Yaml, "plain_scalar") => {
                return Place::Literal {
                    node,
                    content: node.byte_range(),
                    interpolated: false,
                };
            }
            (Lang::Toml, "string") => {
                let (s, e) = (node.start_byte(), node.end_byte());
                let text = &src[s..e];
                let q = if text.starts_with(b"\"\"\"") || text.starts_with(b"'''") {
                    3
                } else {
                    1
                };
                if e >= s + 2 * q {
                    return Place::Literal {
                        node,
                        content: s + q..e - q,
                        interpolated: false,
                    };
                }
                return Place::Other;
            }
            _ => {}
        }
        match node.parent() {
            Some(p) => node = p,
            None => return Place::Other,
        }
    }
}

fn children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    (0..node.child_count()).filter_map(move |i| node.child(i))
}

pub(crate) fn scan(
    scanner: &Scanner,
    lang: Lang,
    src: &[u8],
    hits: &[Hit],
) -> Result<Vec<RawFinding>, Error> {
    let tree = parse(lang, src)?;
    let root = tree.root_node();
    let mut out = Vec::new();
    // Whole-literal findings that may belong to a collection: (index in out, container, model).
    let mut members: Vec<(usize, usize, &str)> = Vec::new();
    let mut seen_literals: Vec<Range<usize>> = Vec::new();
    for hit in hits {
        let Some(node) = root.descendant_for_byte_range(hit.range.start, hit.range.end) else {
            continue;
        };
        match place(lang, node, src) {
            Place::Comment => out.push(RawFinding::new(
                hit.range.clone(),
                Context::Comment,
                Fix::None,
            )),
            Place::BlockScalar => out.push(embedded(src, hit, Context::BlockScalar)),
            Place::Other => out.push(embedded(src, hit, Context::Embedded)),
            Place::Literal {
                node,
                content,
                interpolated,
            } => {
                let text = &src[content.clone()];
                if !interpolated && content.contains(&hit.range.start) && scanner.is_id(text) {
                    if seen_literals.contains(&content) {
                        continue;
                    }
                    seen_literals.push(content.clone());
                    let (context, container) = classify(lang, node, src);
                    if let Some(c) = container {
                        if let Some(model) = scanner.model_of(text) {
                            members.push((out.len(), c, model));
                        }
                    }
                    out.push(RawFinding::new(content, context, context.fix()));
                } else if interpolated {
                    out.push(RawFinding::new(
                        hit.range.clone(),
                        if hit.suffixed {
                            Context::Suffixed
                        } else {
                            Context::Interpolated
                        },
                        Fix::None,
                    ));
                } else if is_docstring(lang, node) {
                    out.push(RawFinding::new(
                        hit.range.clone(),
                        Context::Docstring,
                        Fix::None,
                    ));
                } else {
                    out.push(embedded(src, hit, Context::Embedded));
                }
            }
        }
    }
    // A member of a container that names two or more distinct models is a collection.
    let mut distinct: HashMap<usize, Vec<&str>> = HashMap::new();
    for (_, c, m) in &members {
        let v = distinct.entry(*c).or_default();
        if !v.contains(m) {
            v.push(m);
        }
    }
    for (i, c, _) in members {
        if distinct[&c].len() >= 2 {
            out[i].context = Context::Collection;
            out[i].fix = Fix::Unsafe;
        }
    }
    Ok(out)
}

/// A hit inside longer text: the value of a `--model` flag is safe to rewrite; a suffixed variant
/// or other text is left alone.
pub(crate) fn embedded(src: &[u8], hit: &Hit, otherwise: Context) -> RawFinding {
    if hit.suffixed {
        return RawFinding::new(hit.range.clone(), Context::Suffixed, Fix::None);
    }
    if is_model_flag(src, hit) {
        return RawFinding::new(hit.range.clone(), Context::CommandFlag, Fix::Safe);
    }
    RawFinding::new(hit.range.clone(), otherwise, Fix::None)
}

/// `--model <id>` or `--model=<id>`, the ID followed by the end of the word.
fn is_model_flag(src: &[u8], hit: &Hit) -> bool {
    let before = &src[..hit.range.start];
    let flag = before.ends_with(b"--model ") || before.ends_with(b"--model=");
    let end_ok = src.get(hit.range.end).is_none_or(|b| {
        matches!(
            b,
            b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'\'' | b'\\' | b';' | b'`'
        )
    });
    flag && end_ok
}

fn is_docstring(lang: Lang, node: Node) -> bool {
    lang == Lang::Python
        && node
            .parent()
            .is_some_and(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
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

/// Named like a model: `model`, `model_id`, `modelName`, `llm`, `deployment`, `engine`, `default`...
pub(crate) fn is_model_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    n.contains("model")
        || n.contains("deployment")
        || n.contains("engine")
        || n.ends_with("llm")
        || n == "default"
        || n == "checkpoint"
}

fn is_field(parent: Node, field: &str, child: Node) -> bool {
    parent
        .child_by_field_name(field)
        .is_some_and(|c| c.id() == child.id())
}

/// The name of the function a call node calls: the last segment, and the whole callee text.
fn callee<'s>(call: Node, src: &'s [u8]) -> (&'s str, &'s str) {
    let Some(f) = call.child_by_field_name("function") else {
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

const COMPARISON_CALLS: &[&str] = &[
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
const LOOKUP_CALLS: &[&str] = &[
    "get",
    "pop",
    "setdefault",
    "__getitem__",
    "getItem",
    "at",
    "delete",
];

fn is_env_lookup(whole: &str) -> bool {
    whole.contains("getenv")
        || whole.contains("environ")
        || whole.contains("process.env")
        || whole.ends_with("env.get")
        || whole == "env"
}

fn is_call(kind: &str) -> bool {
    matches!(kind, "call" | "call_expression" | "new_expression")
}

/// Nodes a value passes through unchanged on its way to where it is used.
fn is_transparent(kind: &str) -> bool {
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

/// The context of a literal whose whole content is a model ID, and the node (if any) that lists it
/// with other models.
fn classify(lang: Lang, lit: Node, src: &[u8]) -> (Context, Option<usize>) {
    if in_assertion(lit, src) {
        return (Context::Assertion, None);
    }
    let mut n = lit;
    if lang == Lang::Python
        && n.parent()
            .is_some_and(|p| p.kind() == "concatenated_string")
    {
        return (Context::Concatenated, None);
    }
    while let Some(p) = n.parent().filter(|p| is_transparent(p.kind())) {
        n = p;
    }
    let Some(p) = n.parent() else {
        return (Context::ConfigValue, None);
    };
    match p.kind() {
        "keyword_argument" => {
            let name = p
                .child_by_field_name("name")
                .map(|k| key_name(k, src))
                .unwrap_or_default();
            let call = p.parent().and_then(|a| a.parent());
            if call.is_some_and(|c| is_call(c.kind()) && is_env_lookup(callee(c, src).1)) {
                return (Context::EnvDefault, None);
            }
            if is_model_name(&name) {
                (Context::ModelArgument, None)
            } else {
                (Context::OtherArgument, None)
            }
        }
        "argument_list" | "arguments" => {
            let Some(call) = p.parent().filter(|c| is_call(c.kind())) else {
                return (Context::Argument, None);
            };
            let (last, whole) = callee(call, src);
            let first = p.named_child(0).is_some_and(|c| c.id() == n.id());
            if is_env_lookup(whole) && !first {
                (Context::EnvDefault, None)
            } else if COMPARISON_CALLS.contains(&last) {
                (Context::Comparison, None)
            } else if LOOKUP_CALLS.contains(&last) || (is_env_lookup(whole) && first) {
                (Context::Lookup, None)
            } else {
                (Context::Argument, None)
            }
        }
        "assignment"
        | "augmented_assignment"
        | "assignment_expression"
        | "variable_declarator"
        | "public_field_definition"
        | "field_definition" => {
            let right = ["right", "value"].iter().any(|f| is_field(p, f, n));
            if right {
                (Context::Assignment, None)
            } else {
                (Context::Value, None)
            }
        }
        "default_parameter"
        | "typed_default_parameter"
        | "assignment_pattern"
        | "required_parameter"
        | "optional_parameter" => (Context::Default, None),
        "pair" | "block_mapping_pair" | "flow_pair" => {
            if is_field(p, "key", n)
                || p.named_child(0)
                    .is_some_and(|k| k.id() == n.id() && lang == Lang::Toml)
            {
                return (Context::DictKey, None);
            }
            let key = p
                .child_by_field_name("key")
                .or_else(|| p.named_child(0))
                .map(|k| key_name(k, src))
                .unwrap_or_default();
            property(lang, p, &key, src)
        }
        "jsx_attribute" => {
            let name = p
                .named_child(0)
                .map(|k| key_name(k, src))
                .unwrap_or_default();
            if is_model_name(&name) {
                (Context::ModelArgument, None)
            } else {
                (Context::OtherArgument, None)
            }
        }
        "comparison_operator" | "case_pattern" | "case_clause" | "switch_case" => {
            (Context::Comparison, None)
        }
        "binary_expression" | "boolean_operator" => {
            let op = p
                .child_by_field_name("operator")
                .map(|o| text(o, src))
                .unwrap_or("");
            match op {
                "==" | "!=" | "===" | "!==" | "in" | "not in" => (Context::Comparison, None),
                "??" | "||" | "or" => {
                    let left = p
                        .child_by_field_name("left")
                        .map(|l| text(l, src))
                        .unwrap_or("");
                    if is_env_lookup(left) {
                        (Context::EnvDefault, None)
                    } else {
                        (Context::Default, None)
                    }
                }
                _ => (Context::Value, None),
            }
        }
        "list" | "tuple" | "set" | "array" | "flow_sequence" | "expression_list" => {
            let ctx = if is_config(lang) {
                Context::ConfigValue
            } else {
                Context::Element
            };
            (ctx, Some(p.id()))
        }
        "block_sequence_item" => (Context::ConfigValue, p.parent().map(|s| s.id())),
        "enum_assignment" => (Context::Collection, None),
        "return_statement" | "arrow_function" | "lambda" => (Context::Return, None),
        "expression_statement" => (Context::Docstring, None),
        "subscript" | "subscript_expression" => (Context::Lookup, None),
        "literal_type" => (Context::TypeLiteral, None),
        "document" | "stream" | "table" | "table_array_element" => (Context::ConfigValue, None),
        _ => (Context::Value, None),
    }
}

/// The context of a mapping or object value under `key`.
fn property(lang: Lang, pair: Node, key: &str, src: &[u8]) -> (Context, Option<usize>) {
    let mapping = pair.parent();
    if let Some(m) = mapping {
        if is_model_name(key) && looks_like_response(m, src) {
            return (Context::Recording, None);
        }
    }
    // An object that is itself a member of a list: the list is the container (price tables,
    // provider lists); otherwise a mapping of non-model keys to models is an alias map.
    let container = mapping.and_then(|m| {
        let mut up = m.parent();
        while let Some(u) = up.filter(|u| {
            is_transparent(u.kind()) || u.kind() == "block_node" || u.kind() == "flow_node"
        }) {
            up = u.parent();
        }
        match up.map(|u| u.kind()) {
            Some("list" | "array" | "flow_sequence" | "tuple" | "set" | "block_sequence_item") => {
                up.map(|u| {
                    if u.kind() == "block_sequence_item" {
                        u.parent().map_or(u.id(), |s| s.id())
                    } else {
                        u.id()
                    }
                })
            }
            _ if !is_model_name(key) => Some(m.id()),
            _ => None,
        }
    });
    if is_config(lang) {
        (Context::ConfigValue, container)
    } else if is_model_name(key) {
        (Context::ModelArgument, container)
    } else {
        (Context::OtherArgument, container)
    }
}

/// A mapping that records an API response: it has `usage` or `stop_reason` next to `model`.
fn looks_like_response(mapping: Node, src: &[u8]) -> bool {
    let mut keys = Vec::new();
    let mut stack = vec![mapping];
    while let Some(m) = stack.pop() {
        for c in children(m) {
            match c.kind() {
                "pair" | "block_mapping_pair" | "flow_pair" => {
                    if let Some(k) = c.child_by_field_name("key") {
                        keys.push(key_name(k, src));
                    }
                }
                "block_node" | "block_mapping" | "flow_node" | "flow_mapping" => stack.push(c),
                _ => {}
            }
        }
    }
    keys.iter()
        .any(|k| k == "usage" || k == "stop_reason" || k == "stop_sequence")
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
