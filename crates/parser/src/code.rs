//! tree-sitter parsing of code and config files, and the context of each hit in the tree.

use crate::classify::classify;
use crate::context::Context;
use crate::shell::{self, Syntax};
use crate::{window, Error, Fix, Hit, Lang, RawFinding, Scanner};

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
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
    with_parser(lang, |parser| budgeted(parser, src))?.ok_or(Error::Budget(lang.name()))
}

/// A parse that stops when it takes more steps than a linear budget allows. Tree-sitter's error
/// recovery can explode on some malformed inputs (a 571-byte TSX file of stray quotes and
/// comment markers took six minutes); the budget keeps every parse linear in the file's size
/// and deterministic (steps, not time). The parser reports progress every 100 or so steps.
fn budgeted(parser: &mut Parser, src: &[u8]) -> Option<Tree> {
    let limit = 256 + src.len();
    let mut checks = 0usize;
    let mut over = |_: &tree_sitter::ParseState| {
        checks += 1;
        checks > limit
    };
    let mut read = |at: usize, _: tree_sitter::Point| -> &[u8] { src.get(at..).unwrap_or(&[]) };
    let tree = parser.parse_with_options(
        &mut read,
        None,
        Some(tree_sitter::ParseOptions::new().progress_callback(&mut over)),
    );
    if tree.is_none() {
        // A stopped parse would be resumed by the next call.
        parser.reset();
    }
    tree
}

/// Runs `f` with this thread's parser for `lang`, made on first use.
fn with_parser<R>(lang: Lang, f: impl FnOnce(&mut Parser) -> R) -> Result<R, Error> {
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
        Ok(f(parser))
    })
}

/// Parses the top-level statements around `hits` when that is sure to give the same tree there
/// (see `window`), otherwise the whole file.
fn parse_around(scanner: &Scanner, lang: Lang, src: &[u8], hits: &[Hit]) -> Result<Tree, Error> {
    let Some(ranges) = scanner
        .windows()
        .then(|| window::ranges(lang, src, hits))
        .flatten()
    else {
        return parse(lang, src);
    };
    match parse_ranges(lang, src, &ranges)? {
        Some(t) if !t.root_node().has_error() => Ok(t),
        _ => parse(lang, src),
    }
}

/// Parses only `ranges` of `src` (tree-sitter included ranges, so offsets stay the file's).
fn parse_ranges(lang: Lang, src: &[u8], ranges: &[Range<usize>]) -> Result<Option<Tree>, Error> {
    let ranges = window::ts_ranges(src, ranges);
    with_parser(lang, |parser| {
        parser.set_included_ranges(&ranges).ok()?;
        let tree = budgeted(parser, src);
        // Back to whole files for the next parse, whatever happened.
        parser
            .set_included_ranges(&[])
            .expect("empty ranges are valid");
        tree
    })
}

/// Errors in a parse of only `ranges` of `src` (tree-sitter included ranges).
pub(crate) fn error_count_in(
    lang: Lang,
    src: &[u8],
    ranges: &[Range<usize>],
) -> Result<usize, Error> {
    let tree = parse_ranges(lang, src, ranges)?.ok_or(Error::Parse(lang.name()))?;
    Ok(count_errors(&tree))
}

pub(crate) fn error_count(lang: Lang, src: &[u8]) -> Result<usize, Error> {
    let tree = parse(lang, src)?;
    Ok(count_errors(&tree))
}

fn count_errors(tree: &Tree) -> usize {
    if !tree.root_node().has_error() {
        return 0;
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
    count
}

/// What kind of text a hit stands in.
enum Place<'t> {
    /// A string literal, scalar or key: the node, the bytes of its content, whether it interpolates.
    Literal {
        node: Node<'t>,
        content: Range<usize>,
        interpolated: bool,
    },
    Comment,
    BlockScalar,
    /// Text a page renders (JSX text): prose.
    Rendered,
    Other,
}

/// A literal whose content is its node's bytes less `delim` delimiter bytes at each end.
fn literal(node: Node, delim: usize, interpolated: bool) -> Place {
    let (s, e) = (node.start_byte(), node.end_byte());
    if e < s + 2 * delim {
        return Place::Other;
    }
    Place::Literal {
        node,
        content: s + delim..e - delim,
        interpolated,
    }
}

fn place<'t>(lang: Lang, mut node: Node<'t>, src: &[u8]) -> Place<'t> {
    loop {
        let kind = node.kind();
        match (lang, kind) {
            (_, "comment") => return Place::Comment,
            (Lang::Yaml, "block_scalar") => return Place::BlockScalar,
            (Lang::JavaScript | Lang::TypeScript | Lang::Tsx, "jsx_text") => {
                return Place::Rendered
            }
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
                return literal(node, 1, interpolated);
            }
            (Lang::Yaml, "double_quote_scalar" | "single_quote_scalar")
            | (Lang::Toml, "quoted_key") => return literal(node, 1, false),
            (Lang::Yaml, "plain_scalar") | (Lang::Toml, "bare_key") => {
                return literal(node, 0, false)
            }
            (Lang::Toml, "string") => {
                let text = &src[node.byte_range()];
                let triple = text.starts_with(b"\"\"\"") || text.starts_with(b"'''");
                return literal(node, if triple { 3 } else { 1 }, false);
            }
            _ => {}
        }
        match node.parent() {
            Some(p) => node = p,
            None => return Place::Other,
        }
    }
}

/// The children of a node, in order, walked with a cursor (`Node::child(i)` costs O(i) a call).
pub(crate) fn children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let mut cursor = node.walk();
    let mut started = false;
    std::iter::from_fn(move || {
        let moved = if started {
            cursor.goto_next_sibling()
        } else {
            started = true;
            cursor.goto_first_child()
        };
        moved.then(|| cursor.node())
    })
}

/// A list that names one model this many times or more holds rows of data, not settings.
const DATA_ROWS: usize = 10;

pub(crate) fn scan(
    scanner: &Scanner,
    lang: Lang,
    src: &[u8],
    hits: &[Hit],
) -> Result<Vec<RawFinding>, Error> {
    let tree = parse_around(scanner, lang, src, hits)?;
    crate::classify::reset_memo();
    let root = tree.root_node();
    let mut out = Vec::new();
    // Whole-literal findings that may belong to a collection: (index in out, container, model).
    let mut members: Vec<(usize, usize, &str)> = Vec::new();
    // The containers by id; a function whose returns are its members is not searched for other
    // vendors' models (its body names them for other reasons: comparisons, messages).
    let mut containers: HashMap<usize, (Node, bool)> = HashMap::new();
    let mut seen_literals: HashSet<(usize, usize)> = HashSet::new();
    let mut marks = Marks::default();
    let mut near: HashMap<usize, Vec<crate::Companion>> = HashMap::new();
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
            Place::BlockScalar if crate::classify::is_message_text(node, src) => {
                out.push(RawFinding::mention(hit, Context::Recording).by("conversation-text"))
            }
            Place::BlockScalar => out.push(shell::finding(
                scanner,
                src,
                hit,
                Syntax::Shell,
                Context::BlockScalar,
            )),
            Place::Rendered => out.push(RawFinding::mention(hit, Context::Embedded)),
            Place::Other => out.push(inside_text(scanner, lang, node, src, hit)),
            Place::Literal {
                node,
                content,
                interpolated,
            } => {
                let text = &src[content.clone()];
                if !interpolated && content.contains(&hit.range.start) && scanner.is_id(text) {
                    if !seen_literals.insert((content.start, content.end)) {
                        continue;
                    }
                    let (context, rule, container) = classify(scanner, lang, node, src);
                    let container = match container {
                        Some(c) => Some((c, true)),
                        // A function that returns several models is a table written as code:
                        // `if tier == "fast": return "<a>"` ... `return "<b>"`.
                        None if context == Context::Return => {
                            enclosing_function(node).map(|f| (f, false))
                        }
                        None => None,
                    };
                    if let Some((c, search)) = container {
                        if let Some(model) = scanner.model_of(text) {
                            members.push((out.len(), c.id(), model));
                            containers.entry(c.id()).or_insert((c, search));
                        }
                    }
                    let mut f = RawFinding::new(content, context, context.fix()).by(rule);
                    if f.fix != Fix::None {
                        f.companions = companions_near(node, src, &mut near);
                    }
                    f.group = group_of(node, rule);
                    f.target = assigned_name(node, src).map(|name| {
                        let scope =
                            enclosing_function(node).map_or(0..src.len(), |func| func.byte_range());
                        (name, scope)
                    });
                    f.in_list = in_list(node);
                    if f.fix == Fix::Safe {
                        if let Some(why) =
                            names_the_model(scanner, lang, &mut marks, node, &f.range, src)
                        {
                            f.demote("name-encodes-model", Context::NamedModel, why);
                        }
                    }
                    if f.fix == Fix::Safe {
                        if let Some(host) = third_party_host(node, src) {
                            f.demote_fix(
                                "third-party-host",
                                Fix::Unsafe,
                                format!("the call names {host}, which serves Claude under its own model names"),
                            );
                        }
                    }
                    out.push(f);
                } else if interpolated {
                    out.push(RawFinding::mention(hit, Context::Interpolated));
                } else if is_docstring(lang, node) {
                    out.push(RawFinding::mention(hit, Context::Docstring));
                } else {
                    out.push(inside_text(scanner, lang, node, src, hit));
                }
            }
        }
    }
    // A member of a container that names two or more distinct models is a collection; one that
    // names the same model over and over is rows of data (a dataset, a results dump).
    // Distinct models are counted per provider: a routing function that returns `gpt-4o` for
    // one vendor and a Claude model for another is not a table of Claude models.
    let provider_of = |m: &str| {
        scanner
            .registry()
            .get(m)
            .map_or("", |model| model.provider.as_str())
    };
    let mut distinct: HashMap<(usize, &str), (Vec<&str>, usize)> = HashMap::new();
    let mut providers_in: HashMap<usize, Vec<&str>> = HashMap::new();
    for (_, c, m) in &members {
        let p = provider_of(m);
        let (models, count) = distinct.entry((*c, p)).or_default();
        if !models.contains(m) {
            models.push(m);
        }
        *count += 1;
        let ps = providers_in.entry(*c).or_default();
        if !ps.contains(&p) {
            ps.push(p);
        }
    }
    // A list or table that names one of our models next to another vendor's (`[gpt-4o, <id>]`,
    // promptfoo providers comparing two vendors) lists several models too.
    let singles: std::collections::HashSet<usize> = distinct
        .iter()
        .filter(|(_, (m, _))| m.len() == 1)
        .map(|((c, _), _)| *c)
        .collect();
    let mut others: HashMap<usize, bool> = HashMap::new();
    for (c, (node, search)) in &containers {
        if *search && singles.contains(c) {
            let several = providers_in.get(c).is_some_and(|ps| ps.len() >= 2);
            others.insert(*c, several || names_other_model(scanner, *node, src));
        }
    }
    for (i, c, m) in members {
        let (models, count) = &distinct[&(c, provider_of(m))];
        let (rule, context, reason) = if models.len() >= 2 {
            (
                "collection-several-models",
                Context::Collection,
                format!("listed with {} other models", models.len() - 1),
            )
        } else if others.get(&c).copied().unwrap_or(false) {
            (
                "collection-other-vendor",
                Context::Collection,
                "listed with another vendor's model".to_string(),
            )
        } else if *count >= DATA_ROWS {
            (
                "data-rows",
                Context::Recording,
                format!("the same model {count} times in one list: rows of data"),
            )
        } else {
            continue;
        };
        out[i].demote(rule, context, reason);
    }
    Ok(out)
}

/// The naming marks of each model met in a file, by canonical ID.
pub(crate) type Marks = HashMap<String, Vec<String>>;

/// The marks of the model a whole text names, computed once per file and model.
pub(crate) fn marks_for<'m>(scanner: &Scanner, marks: &'m mut Marks, text: &[u8]) -> &'m [String] {
    let model = std::str::from_utf8(text)
        .ok()
        .and_then(|t| scanner.registry().lookup(t))
        .map(|m| m.model);
    let Some(model) = model else { return &[] };
    marks
        .entry(model.id.clone())
        .or_insert_with(|| crate::naming::marks(model))
}

/// The marks that prose naming the model would make false after the fix: a family name that
/// covers the replacement too (`Claude 4` for Sonnet 4 when the replacement is Sonnet 4.6) stays
/// true. Names and labels keep every mark: a picker entry titled "Claude Sonnet 4" means 4.0.
pub(crate) fn prose_marks(scanner: &Scanner, marks: &mut Marks, text: &[u8]) -> Vec<String> {
    let next: Vec<String> = std::str::from_utf8(text)
        .ok()
        .and_then(|t| scanner.registry().lookup(t))
        .and_then(|m| m.model.replacement.as_deref())
        .and_then(|r| scanner.registry().get(r))
        .map(crate::naming::marks)
        .unwrap_or_default();
    marks_for(scanner, marks, text)
        .iter()
        .filter(|m| !next.iter().any(|n| n != *m && n.starts_with(m.as_str())))
        .cloned()
        .collect()
}

/// Keys of parameters that only some models accept, with the companion each one is.
pub(crate) const PARAMETERS: &[(&str, &str)] = &[
    ("temperature", "temperature"),
    ("top_p", "top_p"),
    ("topP", "top_p"),
    ("top_k", "top_k"),
    ("topK", "top_k"),
    ("max_tokens", "max_tokens"),
    ("maxTokens", "max_tokens"),
    ("max_output_tokens", "max_tokens"),
    ("maxOutputTokens", "max_tokens"),
    ("max_tokens_to_sample", "text-completions"),
    ("maxTokensToSample", "text-completions"),
    ("budget_tokens", "budget_tokens"),
    ("budgetTokens", "budget_tokens"),
    // inspect_ai's `reasoning_tokens`: the thinking budget it sends to Claude.
    ("reasoning_tokens", "budget_tokens"),
    // A fixed thinking budget under other names: Claude Code's `MAX_THINKING_TOKENS`, SDK options.
    ("MAX_THINKING_TOKENS", "budget_tokens"),
    ("max_thinking_tokens", "budget_tokens"),
    ("maxThinkingTokens", "budget_tokens"),
    ("thinking_budget", "budget_tokens"),
    ("thinkingBudget", "budget_tokens"),
];

/// The parameters given with a model in the same call or mapping (`create(model=..., temperature=0)`,
/// `{model: ..., config: {max_tokens: 100000}}`), and a Text Completions call around it.
/// Memoized by the holding call or mapping, so that a mapping of many models is read once.
fn companions_near(
    lit: Node,
    src: &[u8],
    memo: &mut HashMap<usize, Vec<crate::Companion>>,
) -> Vec<crate::Companion> {
    let mut holder = None;
    let mut n = lit;
    while let Some(p) = n.parent() {
        match p.kind() {
            "argument_list" | "arguments" | "dictionary" | "object" | "block_mapping"
            | "flow_mapping" | "inline_table" => {
                holder = Some(p);
                break;
            }
            k if crate::classify::is_transparent(k)
                || matches!(
                    k,
                    "keyword_argument"
                        | "pair"
                        | "block_mapping_pair"
                        | "flow_pair"
                        | "flow_node"
                        | "block_node"
                ) => {}
            _ => break,
        }
        n = p;
    }
    let Some(holder) = holder else {
        return Vec::new();
    };
    memo.entry(holder.id())
        .or_insert_with(|| {
            let mut found = read_companions(holder, src);
            // A provider factory whose one argument is the model (`anthropic("<id>")`,
            // `anthropicText("<id>")`) as the value of a setting: the request's settings are
            // the members around it (`streamText({ model: anthropic("<id>"), providerOptions })`).
            if matches!(holder.kind(), "argument_list" | "arguments")
                && holder.named_child_count() == 1
            {
                if let Some(outer) = holder.parent().and_then(enclosing_settings) {
                    found.extend(read_companions(outer, src));
                }
            }
            found
        })
        .clone()
}

/// The object or argument list a call is the value of a member of (`model: <call>`,
/// `model=<call>`), if it is one.
fn enclosing_settings(call: Node) -> Option<Node> {
    if !matches!(call.kind(), "call" | "call_expression") {
        return None;
    }
    let mut n = call;
    let mut through_member = false;
    while let Some(p) = n.parent() {
        match p.kind() {
            "argument_list" | "arguments" | "dictionary" | "object" => {
                return through_member.then_some(p);
            }
            "keyword_argument" | "pair" => through_member = true,
            k if crate::classify::is_transparent(k) => {}
            _ => return None,
        }
        n = p;
    }
    None
}

/// The type, enum, `as const` list or table that a literal is a member or key of, for the rules
/// that make it one (the outermost of nested union types).
fn group_of(lit: Node, rule: &str) -> Option<Range<usize>> {
    let wanted: &[&str] = match rule {
        "literal-type" => &[
            "union_type",
            "subscript",
            "literal_type",
            "type_alias_declaration",
        ],
        "enum-member" => &["enum_body", "block"],
        "const-list-member" => &["array"],
        "mapping-key" | "computed-key" => &["dictionary", "object"],
        _ => return None,
    };
    let mut found = None;
    let mut n = lit;
    while let Some(p) = n.parent() {
        if wanted.contains(&p.kind()) {
            found = Some(p);
            // Only union types nest in one another; every other group is the nearest.
            if p.kind() != "union_type" && p.kind() != "literal_type" {
                break;
            }
        } else if found.is_some() {
            break;
        }
        n = p;
    }
    found.map(|g| g.byte_range())
}

/// Whether a literal stands inside a list or array literal within its statement.
fn in_list(lit: Node) -> bool {
    let mut n = lit;
    while let Some(p) = n.parent() {
        let k = p.kind();
        if matches!(
            k,
            "list" | "array" | "tuple" | "block_sequence" | "flow_sequence"
        ) {
            return true;
        }
        if k.ends_with("_statement") || is_body(k) || k == "lexical_declaration" {
            return false;
        }
        n = p;
    }
    false
}

/// The variable that the statement around a literal assigns: `MODEL = "<id>"`,
/// `const msg = await ask("<id>")`, `msg = client.create(model="<id>")`.
fn assigned_name(lit: Node, src: &[u8]) -> Option<String> {
    let mut n = lit;
    while let Some(p) = n.parent() {
        match p.kind() {
            "assignment" | "augmented_assignment" | "assignment_expression" => {
                let left = p.child_by_field_name("left")?;
                return matches!(
                    left.kind(),
                    "identifier" | "attribute" | "member_expression"
                )
                .then(|| String::from_utf8_lossy(&src[left.byte_range()]).into_owned());
            }
            "variable_declarator" => {
                let name = p.child_by_field_name("name")?;
                return (name.kind() == "identifier")
                    .then(|| String::from_utf8_lossy(&src[name.byte_range()]).into_owned());
            }
            // A parameter default: the parameter is the name (`def f(model="<id>")`,
            // `function f(model = "<id>")`, `(model: string = "<id>")`).
            "default_parameter" | "typed_default_parameter" => {
                let name = p.child_by_field_name("name")?;
                return (name.kind() == "identifier")
                    .then(|| String::from_utf8_lossy(&src[name.byte_range()]).into_owned());
            }
            "assignment_pattern" | "required_parameter" | "optional_parameter" => {
                let name = p
                    .child_by_field_name("left")
                    .or_else(|| p.child_by_field_name("pattern"))?;
                return (name.kind() == "identifier")
                    .then(|| String::from_utf8_lossy(&src[name.byte_range()]).into_owned());
            }
            k if k.ends_with("_statement") || is_body(k) || k == "function_definition" => {
                return None
            }
            _ => n = p,
        }
    }
    None
}

/// Whether a `messages` value is a list whose last message is the assistant's: a prefill.
fn ends_with_assistant_turn(value: Node, src: &[u8]) -> bool {
    let mut v = value;
    while matches!(v.kind(), "flow_node" | "block_node") {
        match v.named_child(0) {
            Some(inner) => v = inner,
            None => return false,
        }
    }
    if !matches!(
        v.kind(),
        "list" | "array" | "block_sequence" | "flow_sequence"
    ) {
        return false;
    }
    let mut c = v.walk();
    let Some(last) = v
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .last()
    else {
        return false;
    };
    let text = &src[last.byte_range()];
    let compact: Vec<u8> = text
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\''))
        .collect();
    memchr::memmem::find(&compact, b"role:assistant").is_some()
}

/// The companion a call's own `messages` leaves when they do not prefill: no registry entry has
/// this ID, so the judge passes over it, and a prefill found elsewhere in the file is not added.
pub(crate) const MESSAGES_SEEN: &str = "messages-without-prefill";

/// Keys under which a call or mapping nests more settings of the same request.
const SETTINGS_KEYS: &[&str] = &[
    "config",
    "params",
    "parameters",
    "settings",
    "model_settings",
    "modelSettings",
    "model_kwargs",
    "options",
    "generation_config",
    "generationConfig",
    "inference_config",
    "inferenceConfig",
    "thinking",
    "providerOptions",
    "provider_options",
    "modelOptions",
    "model_options",
    "anthropic",
    "extra_body",
    // Bedrock Converse's fields for the model (`thinking` for Claude), and what frameworks pass
    // through to the request (`extra_options` in eval configs, LangChain's `invocationKwargs`).
    "additionalModelRequestFields",
    "additional_model_request_fields",
    "extra_options",
    "extraOptions",
    "invocationKwargs",
    "invocation_kwargs",
    // The environment a client or an agent process is started with.
    "env",
];

/// Where a name is passed as the model (`create(model=CLAUDE_MODEL, temperature=0)`,
/// `{ model: settings.claudeModel, topK: 5 }`), with the companions of that call or mapping:
/// `(name, line, companions)` for each use of one of `names` that has companions. The file
/// is parsed whole; callers pass only files that mention a name and a parameter.
pub(crate) fn named_model_uses(
    lang: Lang,
    src: &[u8],
    names: &HashSet<&str>,
) -> Result<Vec<(String, usize, Vec<crate::Companion>)>, Error> {
    let tree = parse(lang, src)?;
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "keyword_argument" | "pair") {
            let key = node
                .child_by_field_name("name")
                .or_else(|| node.child_by_field_name("key"))
                .map(|k| String::from_utf8_lossy(&src[k.byte_range()]).into_owned());
            let value = node.child_by_field_name("value");
            if let (Some(key), Some(value)) = (key, value) {
                let key = key.trim_matches(|c| c == '"' || c == '\'' || c == '`');
                // The last part of `settings.CLAUDE_MODEL`, `config.model_name`.
                let named = matches!(
                    value.kind(),
                    "identifier" | "attribute" | "member_expression"
                )
                .then(|| String::from_utf8_lossy(&src[value.byte_range()]).into_owned())
                .and_then(|v| v.rsplit('.').next().map(str::to_string))
                .filter(|n| names.contains(n.as_str()));
                if let (true, Some(name), Some(holder)) =
                    (crate::names::is_model_name(key), named, node.parent())
                {
                    let companions: Vec<crate::Companion> = read_companions(holder, src)
                        .into_iter()
                        .filter(|c| c.id != MESSAGES_SEEN)
                        .collect();
                    if !companions.is_empty() {
                        let line =
                            memchr::memchr_iter(b'\n', &src[..node.start_byte()]).count() + 1;
                        out.push((name, line, companions));
                    }
                }
            }
        }
        cursor.reset(node);
        if cursor.goto_first_child() {
            loop {
                stack.push(cursor.node());
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
    }
    Ok(out)
}

fn read_companions(holder: Node, src: &[u8]) -> Vec<crate::Companion> {
    let line_of = |at: usize| memchr::memchr_iter(b'\n', &src[..at]).count() + 1;
    let mut out = Vec::new();
    // A Text Completions call: `client.completions.create(model=..., ...)`, not OpenAI's
    // `chat.completions.create`.
    if let Some(call) = holder
        .parent()
        .filter(|c| matches!(c.kind(), "call" | "call_expression"))
    {
        if let Some(f) = call.child_by_field_name("function") {
            let callee = String::from_utf8_lossy(&src[f.byte_range()]);
            if callee.ends_with("completions.create")
                && !callee.ends_with("chat.completions.create")
            {
                out.push(crate::Companion {
                    id: "text-completions".into(),
                    text: format!("{callee}(...)"),
                    value: None,
                    line: line_of(f.start_byte()),
                });
            }
        }
    }
    // The holder's own settings, and those nested under settings keys (`config: {...}`,
    // `thinking={...}`), three levels at most; other members (messages, other entries of a
    // table) are not this request's settings.
    let mut stack = vec![(holder, 0)];
    while let Some((node, depth)) = stack.pop() {
        let mut c = node.walk();
        for member in node.named_children(&mut c) {
            let member = if matches!(member.kind(), "flow_node" | "block_node") {
                match member.named_child(0) {
                    Some(m) => m,
                    None => continue,
                }
            } else {
                member
            };
            if !matches!(
                member.kind(),
                "keyword_argument" | "pair" | "block_mapping_pair" | "flow_pair"
            ) {
                if depth < 3 && matches!(member.kind(), "block_mapping" | "flow_mapping") {
                    stack.push((member, depth));
                }
                continue;
            }
            let key = member
                .child_by_field_name("key")
                .or_else(|| member.child_by_field_name("name"));
            let Some((k, v)) = key.zip(member.child_by_field_name("value")) else {
                continue;
            };
            let name = String::from_utf8_lossy(&src[k.byte_range()]);
            let name = name
                .trim()
                .trim_matches(|c| c == '"' || c == '\'' || c == '`');
            if let Some((_, id)) = PARAMETERS.iter().find(|(key, _)| *key == name) {
                let raw = String::from_utf8_lossy(&src[v.byte_range()]);
                let value = raw
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .replace('_', "")
                    .parse::<f64>()
                    .ok();
                out.push(crate::Companion {
                    id: (*id).to_string(),
                    text: shortened(&src[member.byte_range()]),
                    value,
                    line: line_of(member.start_byte()),
                });
            } else if let Some(id) = forced_setting(name, &src[v.byte_range()]) {
                // A forced tool choice or thinking turned off: settings some models reject.
                out.push(crate::Companion {
                    id: id.to_string(),
                    text: shortened(&src[member.byte_range()]),
                    value: None,
                    line: line_of(member.start_byte()),
                });
            } else if name == "messages" {
                // The request's own messages decide whether it prefills; a prefill elsewhere in
                // the file then does not go with this call.
                let prefill = ends_with_assistant_turn(v, src);
                // Only a list written out shows all the request's messages.
                let written = matches!(
                    v.kind(),
                    "list"
                        | "array"
                        | "flow_node"
                        | "block_node"
                        | "block_sequence"
                        | "flow_sequence"
                );
                if !prefill && !written {
                    continue;
                }
                out.push(crate::Companion {
                    id: if prefill { "prefill" } else { MESSAGES_SEEN }.into(),
                    text: "messages ending with an assistant turn".into(),
                    value: None,
                    line: line_of(v.end_byte()),
                });
            } else if depth < 3 && SETTINGS_KEYS.contains(&name) {
                let mut v = v;
                while matches!(v.kind(), "flow_node" | "block_node") {
                    match v.named_child(0) {
                        Some(inner) => v = inner,
                        None => break,
                    }
                }
                if matches!(
                    v.kind(),
                    "dictionary" | "object" | "block_mapping" | "flow_mapping" | "inline_table"
                ) {
                    stack.push((v, depth + 1));
                }
            }
        }
    }
    out
}

/// How far around a literal names are read: its statement, or the part of it within this many bytes.
const NAME_SCOPE: usize = 1024;

/// Whether a name or label next to a literal (in its statement, its keys, the condition of the
/// `if` it is under) says which model it holds: `if arm == "sonnet35": llm = route("<id>")`,
/// `HAIKU_3 = "<id>"`, `opus3_settings: {model: <id>}`. The reason, or `None`.
fn names_the_model(
    scanner: &Scanner,
    lang: Lang,
    marks: &mut Marks,
    lit: Node,
    content: &Range<usize>,
    src: &[u8],
) -> Option<String> {
    let cache = marks;
    let marks = marks_for(scanner, cache, &src[content.clone()]).to_vec();
    if marks.is_empty() {
        return None;
    }
    // The scope: outwards from the literal while small, up to its statement.
    let mut scope = lit;
    while let Some(p) = scope.parent() {
        if p.byte_range().len() > NAME_SCOPE || is_body(p.kind()) {
            break;
        }
        scope = p;
        if is_statement(p.kind()) {
            break;
        }
    }
    let mut ranges = vec![scope.byte_range()];
    // Keys and variables further out that hold it (`opus3: {...}` around a large mapping).
    let mut n = scope;
    while let Some(p) = n.parent() {
        if is_body(p.kind()) {
            // The condition of the `if`/`case` whose body this is.
            if let Some(cond) = p
                .parent()
                .and_then(|c| {
                    c.child_by_field_name("condition")
                        .or_else(|| c.child_by_field_name("value"))
                })
                .filter(|c| c.byte_range().len() <= NAME_SCOPE)
            {
                ranges.push(cond.byte_range());
            }
            break;
        }
        if let Some(key) = p
            .child_by_field_name("key")
            .or_else(|| p.child_by_field_name("name"))
            .or_else(|| p.child_by_field_name("left"))
            .filter(|k| k.id() != n.id() && k.byte_range().len() <= 256)
        {
            ranges.push(key.byte_range());
        }
        n = p;
    }
    // The name of the function around it (`def converse_claude_sonnet4_1m(...)`): a function
    // named for a model would still say the old one.
    if let Some(name) = enclosing_function(lit)
        .and_then(|f| f.child_by_field_name("name"))
        .filter(|k| k.byte_range().len() <= 256)
    {
        ranges.push(name.byte_range());
    }
    for r in ranges {
        // IDs in the scope, with what wraps them (`claude-3-5-sonnet-v2@20241022`): judged on
        // their own, never read as names, so that one fix does not unlock another on the next run.
        // An unofficial spelling (`claude-3-5-sonnet`) is a name too: its own fix is for review only.
        let ids: Vec<Range<usize>> = scanner
            .hits(&src[r.clone()])
            .iter()
            .map(|h| {
                let (mut a, mut b) = (r.start + h.range.start, r.start + h.range.end);
                while a > r.start && is_id_char(src[a - 1]) {
                    a -= 1;
                }
                while b < r.end && is_id_char(src[b]) {
                    b += 1;
                }
                a..b
            })
            .filter(|i| !scanner.is_spelling(&src[i.clone()]))
            .collect();
        let in_id =
            |start: usize, len: usize| ids.iter().any(|i| start < i.end && start + len > i.start);
        let has_id = |text: &[u8]| {
            scanner
                .hits(text)
                .iter()
                .any(|h| !scanner.is_spelling(&text[h.range.clone()]))
        };
        // A label in a string: `"Claude 3.5 Sonnet (new)"` says it as a phrase.
        for (at, label) in crate::naming::quoted(&src[r.clone()]) {
            let start = r.start + at;
            if start < content.end && start + label.len() > content.start {
                continue;
            }
            if has_id(label) || in_id(start, label.len()) {
                continue;
            }
            let norm = crate::naming::normalize(label);
            if let Some(mark) = crate::naming::carries(&norm, &marks) {
                let line = memchr::memchr_iter(b'\n', &src[..start]).count() + 1;
                return Some(format!(
                    "\"{}\" on line {line} names the model (`{mark}`)",
                    String::from_utf8_lossy(label)
                ));
            }
        }
        for (at, word) in crate::naming::words(&src[r.clone()]) {
            let start = r.start + at;
            if start < content.end && start + word.len() > content.start {
                continue; // the literal itself
            }
            if has_id(word)
                || (scanner.is_id(word) && !scanner.is_spelling(word))
                || in_id(start, word.len())
            {
                continue; // an ID, or text around one (`anthropic.<id>-v2`): judged on its own
            }
            let norm = crate::naming::normalize(word);
            if let Some(mark) = crate::naming::carries(&norm, &marks) {
                let line = memchr::memchr_iter(b'\n', &src[..start]).count() + 1;
                return Some(format!(
                    "`{}` on line {line} names the model (`{mark}`)",
                    String::from_utf8_lossy(word)
                ));
            }
        }
    }
    // The statements right after it that use what it was assigned to: a label given where the
    // variable is registered (`client = Client(model="<id>")` then `add(client, label="Claude 3.7")`).
    if let Some(name) = assigned_name(lit, src) {
        let name = name.rsplit('.').next().unwrap_or(&name).to_string();
        let from = memchr::memchr(b'\n', &src[scope.end_byte().min(src.len())..])
            .map_or(src.len(), |i| scope.end_byte() + i + 1);
        let mut lines = Vec::new();
        let mut at = from;
        for _ in 0..5 {
            if at >= src.len() {
                break;
            }
            let end = memchr::memchr(b'\n', &src[at..]).map_or(src.len(), |i| at + i);
            lines.push((at, end));
            at = end + 1;
        }
        if lines
            .iter()
            .any(|&(a, e)| crate::mentions(&src[a..e], &name))
        {
            for &(at, end) in &lines {
                for (_, label) in crate::naming::quoted(&src[at..end]) {
                    if scanner.names_an_id(label) {
                        continue;
                    }
                    let norm = crate::naming::normalize(label);
                    if let Some(mark) = crate::naming::carries(&norm, &marks) {
                        let n = memchr::memchr_iter(b'\n', &src[..at]).count() + 1;
                        return Some(format!(
                            "\"{}\" on line {n}, where `{name}` is used, names the model (`{mark}`)",
                            String::from_utf8_lossy(label)
                        ));
                    }
                }
            }
        }
    }
    comment_names_model(scanner, lang, cache, lit, content, src)
}

/// How many lines above a value or its statement are read for a comment that describes it.
const COMMENT_LINES: usize = 8;

/// Whether a comment next to the value names its model in words (`# Claude 3 Haiku is fast`,
/// `// assumes the assistant uses a Claude 3.7 Sonnet block`): the comment above the value's
/// line, the comment heading the value's statement and the lines of its paragraph, and a comment
/// at the end of the value's line. What the comment describes (a remote configuration, a
/// deployment, a reason for the choice) follows the old model, so the fix needs a reader.
fn comment_names_model(
    scanner: &Scanner,
    lang: Lang,
    marks: &mut Marks,
    lit: Node,
    content: &Range<usize>,
    src: &[u8],
) -> Option<String> {
    let markers: &[&[u8]] = match lang {
        Lang::Python | Lang::Yaml | Lang::Toml => &[b"#"],
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => &[b"//", b"/*", b"*"],
        _ => return None,
    };
    let mut stmt = lit;
    while let Some(p) = stmt.parent() {
        // A config's entry is its statement; in code, an object's pair is part of one.
        let entry = match lang {
            Lang::Yaml => stmt.kind() == "block_mapping_pair",
            Lang::Toml => stmt.kind() == "pair",
            _ => false,
        };
        if is_body(p.kind()) || is_statement(stmt.kind()) || entry {
            break;
        }
        stmt = p;
    }
    let line_start = |at: usize| memchr::memrchr(b'\n', &src[..at]).map_or(0, |i| i + 1);
    let mut comments: Vec<(usize, &[u8])> = Vec::new();
    for (from, through_code) in [
        (line_start(content.start), false),
        (line_start(stmt.start_byte().min(content.start)), true),
    ] {
        let indent = src[from..]
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        let mut end = from;
        for _ in 0..COMMENT_LINES {
            if end == 0 {
                break;
            }
            let start = line_start(end - 1);
            let line = &src[start..end - 1];
            let body = line.trim_ascii_start();
            end = start;
            if body.trim_ascii().is_empty() {
                break;
            }
            if markers.iter().any(|m| body.starts_with(m)) {
                comments.push((start, line));
            } else if !through_code || line.len() - body.len() < indent {
                break;
            }
        }
    }
    // A comment at the end of the value's line.
    let eol = memchr::memchr(b'\n', &src[content.end..]).map_or(src.len(), |i| content.end + i);
    let rest = &src[content.end..eol];
    if let Some(at) = markers
        .iter()
        .filter(|m| m.len() > 1 || m[0] == b'#')
        .filter_map(|m| memchr::memmem::find(rest, m))
        .min()
    {
        let comment = &rest[at..];
        if let Some(phrase) = states_limit(comment) {
            let line = memchr::memchr_iter(b'\n', &src[..content.end]).count() + 1;
            return Some(format!(
                "the comment at the end of line {line} states a limit of the model (\"{phrase}\"), which the replacement need not share"
            ));
        }
        comments.push((content.end + at, comment));
    }
    let mut texts: Vec<(&str, usize, &[u8])> = comments
        .into_iter()
        .map(|(at, t)| ("comment", at, t))
        .collect();
    // The documentation of the function the value is in: its docstring, or the comment
    // right above it.
    if let Some(doc) = enclosing_function(lit).and_then(|f| function_doc(lang, f, src)) {
        texts.push(("documentation of the function", doc.start, &src[doc]));
    }
    // The documentation of the module: what the whole file is set up to run.
    if let Some(doc) = module_doc(lang, src) {
        if !doc.contains(&content.start) {
            texts.push(("documentation of the module", doc.start, &src[doc]));
        }
    }
    let own = scanner.model_of(&src[content.clone()]);
    let prose = &prose_marks(scanner, marks, &src[content.clone()]);
    for (what, start, text) in texts {
        // An ID in the comment names its model outright: the same model counts, another
        // model's ID is about something else.
        let same = |w: &[u8]| {
            scanner
                .hits(w)
                .first()
                .and_then(|h| scanner.model_of(&w[h.range.clone()]))
                .is_some_and(|m| Some(m) == own)
        };
        // The module's documentation quoting the ID itself is the `documented-id` rule's.
        let quoting = what != "documentation of the module";
        let phrase = crate::naming::words(text)
            .find(|(at, w)| quoting && same(w) && !crate::naming::history_before(&text[..*at]))
            .map(|(_, w)| w)
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .or_else(|| crate::naming::phrase_naming(text, prose, |w| scanner.names_an_id(w)));
        if let Some(phrase) = phrase {
            let line = memchr::memchr_iter(b'\n', &src[..start]).count() + 1;
            return Some(format!(
                "the {what} on line {line} names the model (\"{phrase}\")"
            ));
        }
    }
    None
}

/// A number of tokens a comment gives (`min cacheable prefix: 1024 tokens`, `200k context`): a
/// limit of one model, as the words that state it.
fn states_limit(comment: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(comment);
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';' | '='))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let digits = w.trim_end_matches(['k', 'K', 'M']);
        let number = !digits.is_empty()
            && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'_' || b == b'.');
        if !number {
            continue;
        }
        let unit = words[i + 1..].iter().take(2).position(|u| {
            let u = u.trim_end_matches([':', '.']).to_ascii_lowercase();
            matches!(u.as_str(), "token" | "tokens" | "context" | "tok")
        });
        if let Some(u) = unit {
            let from = i.saturating_sub(3);
            return Some(words[from..=i + 1 + u].join(" "));
        }
    }
    None
}

/// A member as a reason shows it: whitespace runs made one space, at most 60 characters.
fn shortened(member: &[u8]) -> String {
    String::from_utf8_lossy(member)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(60)
        .collect()
}

/// `tool_choice={"type": "tool", ...}` / `"any"` / `toolChoice: "required"` forces a tool;
/// `thinking={"type": "disabled"}` turns thinking off: the companion each one is.
pub(crate) fn forced_setting(name: &str, value: &[u8]) -> Option<&'static str> {
    let v = String::from_utf8_lossy(value);
    let quoted = |w: &str| {
        ['"', '\'']
            .iter()
            .any(|q| v.contains(&format!("{q}{w}{q}")))
    };
    match name {
        "tool_choice" | "toolChoice" | "tool_config"
            if quoted("tool") || quoted("any") || quoted("required") =>
        {
            Some("forced-tool-choice")
        }
        "thinking" if quoted("disabled") => Some("thinking-disabled"),
        _ => None,
    }
}

/// The longest module documentation that is read (a page of prose at most).
const MODULE_DOC_MAX: usize = 4096;

/// The documentation at the top of a file, read from the text: a Python module docstring (after a
/// shebang, an encoding line and comments), or the block or line comments that open a JavaScript
/// or TypeScript file.
fn module_doc(lang: Lang, src: &[u8]) -> Option<Range<usize>> {
    let skip_line = |at: usize| memchr::memchr(b'\n', &src[at..]).map_or(src.len(), |i| at + i + 1);
    let skip_space = |at: usize| at + (src[at..].len() - src[at..].trim_ascii_start().len());
    let mut at = 0;
    match lang {
        Lang::Python => {
            loop {
                at = skip_space(at);
                if at >= src.len() {
                    return None;
                }
                if src[at] == b'#' {
                    at = skip_line(at);
                    continue;
                }
                break;
            }
            let body = &src[at..];
            let prefix = body
                .iter()
                .take_while(|b| matches!(b.to_ascii_lowercase(), b'r' | b'u'))
                .count();
            let quote: &[u8] = if body[prefix..].starts_with(b"\"\"\"") {
                b"\"\"\""
            } else if body[prefix..].starts_with(b"'''") {
                b"'''"
            } else {
                return None;
            };
            let open = at + prefix + 3;
            let close = memchr::memmem::find(&src[open..], quote)? + open;
            (close - open <= MODULE_DOC_MAX).then_some(open..close)
        }
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => {
            if src.starts_with(b"#!") {
                at = skip_line(0);
            }
            at = skip_space(at);
            if src[at..].starts_with(b"/*") {
                let close = memchr::memmem::find(&src[at..], b"*/")? + at + 2;
                return (close - at <= MODULE_DOC_MAX).then_some(at..close);
            }
            let start = at;
            while src[at..].starts_with(b"//") {
                at = skip_space(skip_line(at));
            }
            (at > start && at - start <= MODULE_DOC_MAX).then_some(start..at)
        }
        _ => None,
    }
}

/// The documentation of a function: a Python docstring (the first statement of its body, a
/// string), or the comment that ends on the line above it in JavaScript and TypeScript (JSDoc).
fn function_doc(lang: Lang, func: Node, src: &[u8]) -> Option<Range<usize>> {
    match lang {
        Lang::Python => {
            let body = func.child_by_field_name("body")?;
            let docstring = body
                .named_child(0)
                .filter(|first| first.kind() == "expression_statement")
                .and_then(|first| first.named_child(0))
                .filter(|n| n.kind() == "string")
                .map(|n| n.byte_range());
            // Otherwise the `#` comment lines right above the `def` (or its decorators), read
            // from the text.
            docstring.or_else(|| {
                let mut decl = func;
                if let Some(p) = decl.parent().filter(|p| p.kind() == "decorated_definition") {
                    decl = p;
                }
                let line_start =
                    |at: usize| memchr::memrchr(b'\n', &src[..at]).map_or(0, |i| i + 1);
                let top = line_start(decl.start_byte());
                let mut start = top;
                while start > 0 {
                    let above = line_start(start - 1);
                    if !src[above..start].trim_ascii().starts_with(b"#") {
                        break;
                    }
                    start = above;
                }
                (start < top).then(|| start..top - 1)
            })
        }
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => {
            // The declaration that holds it: `export function`, `const f = () => ...`.
            let mut decl = func;
            while let Some(p) = decl.parent() {
                if is_body(p.kind()) || p.start_position().row != decl.start_position().row {
                    break;
                }
                decl = p;
            }
            // Read from the text, not the tree: a windowed parse leaves comments between
            // statements out.
            let line_start = |at: usize| memchr::memrchr(b'\n', &src[..at]).map_or(0, |i| i + 1);
            let top = line_start(decl.start_byte());
            if top == 0 {
                return None;
            }
            let mut start = line_start(top - 1);
            let last = src[start..top].trim_ascii();
            if last.ends_with(b"*/") {
                // Up to the line that opens the block comment, at most 40 lines.
                for _ in 0..40 {
                    if memchr::memmem::find(&src[start..top], b"/*").is_some() || start == 0 {
                        break;
                    }
                    start = line_start(start - 1);
                }
                memchr::memmem::find(&src[start..top], b"/*").map(|_| start..top - 1)
            } else if last.starts_with(b"//") {
                while start > 0 {
                    let above = line_start(start - 1);
                    if !src[above..start].trim_ascii().starts_with(b"//") {
                        break;
                    }
                    start = above;
                }
                Some(start..top - 1)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Hosts that serve Claude under model names of their own (`anthropic/claude-sonnet-4.5` on
/// OpenRouter and the Vercel AI Gateway, `claude-4-5-sonnet` on Heroku): a call or statement that
/// names one of them (`OpenRouterModel(...)`, `provider=VercelProvider(...)`, a `base_url` on
/// their domain) does not take the API's IDs.
const HOSTS: &[(&str, &str)] = &[
    ("openrouter", "OpenRouter"),
    // Not `vercel` alone: the AI SDK's own examples link to github.com/vercel.
    ("vercelprovider", "the Vercel AI Gateway"),
    ("vercel_provider", "the Vercel AI Gateway"),
    ("ai-gateway", "the Vercel AI Gateway"),
    ("ai_gateway", "the Vercel AI Gateway"),
    ("heroku", "Heroku"),
    // Names that are also English words are matched only in their product spellings.
    ("togetherai", "Together AI"),
    ("together.ai", "Together AI"),
    ("together.xyz", "Together AI"),
    ("fireworks.ai", "Fireworks"),
    ("fireworks_ai", "Fireworks"),
    ("fireworksai", "Fireworks"),
    ("deepinfra", "DeepInfra"),
    ("models.github.ai", "GitHub Models"),
];

/// The host that the statement around a literal names, if any (within [`NAME_SCOPE`] bytes).
fn third_party_host(lit: Node, src: &[u8]) -> Option<&'static str> {
    let mut scope = lit;
    while let Some(p) = scope.parent() {
        if p.byte_range().len() > NAME_SCOPE || is_body(p.kind()) {
            break;
        }
        scope = p;
        if is_statement(p.kind()) {
            break;
        }
    }
    let text = src[scope.byte_range()].to_ascii_lowercase();
    HOSTS
        .iter()
        .find(|(marker, _)| {
            memchr::memmem::find_iter(&text, marker.as_bytes()).any(|at| {
                // A word or the start of one: `OpenRouterModel`, `openrouter.ai`, not `repoem`.
                at == 0 || !text[at - 1].is_ascii_alphabetic()
            })
        })
        .map(|(_, name)| *name)
}

/// Bytes of an ID and its platform wrapper (`us.anthropic.<id>-v1:0`, `<id>@20241022`).
fn is_id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'@' | b':' | b'_' | b'/')
}

/// Nodes that hold a sequence of statements: the scope of names stops there.
fn is_body(kind: &str) -> bool {
    matches!(
        kind,
        "module"
            | "program"
            | "block"
            | "statement_block"
            | "class_body"
            | "switch_body"
            | "document"
            | "stream"
            | "table"
            | "source_file"
    )
}

fn is_statement(kind: &str) -> bool {
    kind.ends_with("_statement")
        || matches!(
            kind,
            "lexical_declaration"
                | "variable_declaration"
                | "public_field_definition"
                | "field_definition"
        )
}

/// The function, method or lambda a node stands in.
fn enclosing_function(node: Node) -> Option<Node> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if matches!(
            n.kind(),
            "function_definition"
                | "function_declaration"
                | "function_expression"
                | "function"
                | "generator_function_declaration"
                | "method_definition"
                | "arrow_function"
                | "lambda"
        ) {
            return Some(n);
        }
        cur = n.parent();
    }
    None
}

/// Whether a container holds, as a value, a scalar naming a model the registry does not know
/// (another vendor's). Keys are not values: a price table keyed by `gpt-4o` is already a table.
fn names_other_model(scanner: &Scanner, container: Node, src: &[u8]) -> bool {
    // Bounded: a container of thousands of rows is data and already judged by its members.
    const LIMIT: usize = 5000;
    let mut stack = vec![container];
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > LIMIT {
            return false;
        }
        let is_key = n.parent().is_some_and(|p| {
            matches!(p.kind(), "pair" | "block_mapping_pair" | "flow_pair")
                && p.child_by_field_name("key")
                    .is_some_and(|k| k.id() == n.id())
        });
        if is_key {
            continue;
        }
        if n.named_child_count() == 0
            || matches!(
                n.kind(),
                "string"
                    | "template_string"
                    | "plain_scalar"
                    | "double_quote_scalar"
                    | "single_quote_scalar"
            )
        {
            let t = std::str::from_utf8(&src[n.byte_range()]).unwrap_or("");
            let t = t.trim().trim_matches(|c| c == '"' || c == '\'' || c == '`');
            if !scanner.is_id(t.as_bytes()) && crate::classify::names_a_model(scanner, n, src) {
                return true;
            }
            continue;
        }
        stack.extend(children(n).filter(|c| c.is_named()));
    }
    false
}

/// A hit inside longer text in code or config. Settings in text (`--model <id>`, `MODEL=<id>`)
/// are read only where the text is a command line or an environment: a YAML, JSON or TOML value
/// under a key such as `run`, `command`, `args`, `environment` or `scripts`. In a program's string
/// literal the text is a message, a pattern or a needle, and is never rewritten.
fn inside_text(scanner: &Scanner, lang: Lang, node: Node, src: &[u8], hit: &Hit) -> RawFinding {
    if lang == Lang::Yaml {
        if let Some(f) = actions_fallback(scanner, src, hit) {
            return f;
        }
    }
    if matches!(lang, Lang::Yaml | Lang::Json | Lang::Toml) && holds_commands(node, src) {
        let mut f = shell::finding(scanner, src, hit, Syntax::Inline, Context::Embedded);
        // The command of a results row (`command: aider --model <id>` next to `pass_rate`)
        // records what was run.
        if f.fix != Fix::None && crate::classify::in_record(node, src) {
            f = RawFinding::new(f.range, Context::Recording, Fix::None).by("command-in-record");
        }
        return f;
    }
    // An IPython shell escape (`!python run.py --model <id>`) is a command line.
    let line_start = memchr::memrchr(b'\n', &src[..hit.range.start]).map_or(0, |i| i + 1);
    if lang == Lang::Python && src[line_start..].trim_ascii_start().starts_with(b"!") {
        return shell::finding(scanner, src, hit, Syntax::Shell, Context::Embedded);
    }
    RawFinding::mention(hit, Context::Embedded)
}

/// The literal fallback of a GitHub Actions expression, `${{ vars.MODEL || 'claude-...' }}`:
/// the model used when the variable is unset, a default like `os.getenv("MODEL", "...")`.
fn actions_fallback(scanner: &Scanner, src: &[u8], hit: &Hit) -> Option<RawFinding> {
    if hit.suffixed {
        return None;
    }
    let line_start = memchr::memrchr(b'\n', &src[..hit.range.start]).map_or(0, |i| i + 1);
    let line_end =
        memchr::memchr(b'\n', &src[hit.range.end..]).map_or(src.len(), |i| hit.range.end + i);
    let before = &src[line_start..hit.range.start];
    let after = &src[hit.range.end..line_end];
    let open = memchr::memmem::rfind(before, b"${{")?;
    let quote = *before.last()?;
    if !matches!(quote, b'\'' | b'"') || after.first() != Some(&quote) {
        return None;
    }
    let inner = before[open + 3..before.len() - 1].trim_ascii_end();
    let closes = after[1..].trim_ascii_start().starts_with(b"}}");
    if !(inner.ends_with(b"||") && closes && scanner.is_id(&src[hit.range.clone()])) {
        return None;
    }
    Some(RawFinding::new(hit.range.clone(), Context::EnvDefault, Fix::Safe).by("actions-fallback"))
}

/// Words of a config key whose value is a command line or an environment.
const COMMAND_WORDS: &[&str] = &[
    "run",
    "command",
    "commands",
    "cmd",
    "script",
    "scripts",
    "entrypoint",
    "args",
    "argv",
    "exec",
    "environment",
    "env",
    "tasks",
];

/// Whether a config scalar is (an item of) the value of a command-like key, or of a member of
/// `scripts`/`tasks` (package.json scripts, task runners): the two nearest keys above it are read.
fn holds_commands(node: Node, src: &[u8]) -> bool {
    let mut n = node;
    let mut keys = 0;
    while let Some(p) = n.parent() {
        if matches!(p.kind(), "pair" | "block_mapping_pair" | "flow_pair") {
            let is_key = p
                .child_by_field_name("key")
                .or_else(|| p.named_child(0))
                .is_some_and(|k| k.id() == n.id());
            if is_key {
                return false;
            }
            let key = p
                .child_by_field_name("key")
                .or_else(|| p.named_child(0))
                .map(|k| String::from_utf8_lossy(&src[k.byte_range()]).into_owned())
                .unwrap_or_default();
            if crate::names::words(&key)
                .iter()
                .any(|w| COMMAND_WORDS.contains(&w.as_str()))
            {
                return true;
            }
            keys += 1;
            if keys == 2 {
                return false;
            }
        } else if p.kind() == "table" {
            // A TOML table header: `[tool.poe.tasks]`.
            return p.named_child(0).is_some_and(|h| {
                crate::names::words(&String::from_utf8_lossy(&src[h.byte_range()]))
                    .iter()
                    .any(|w| COMMAND_WORDS.contains(&w.as_str()))
            });
        } else if matches!(p.kind(), "document" | "stream" | "program") {
            return false;
        }
        n = p;
    }
    false
}

fn is_docstring(lang: Lang, node: Node) -> bool {
    lang == Lang::Python
        && node
            .parent()
            .is_some_and(|p| p.kind() == "expression_statement" && p.named_child_count() == 1)
}
