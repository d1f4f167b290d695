//! Output of `check`: text grouped by fix level, JSON, and GitHub annotations.

use crate::scan::{FileReport, Group, Item, Outcome, Tally};
use crate::style::Style;
use jiff::civil::Date;
use serde_json::json;
use std::io::{self, Write};

/// `(retired 2026-01-05)`, `(deprecated, retires 2026-11-30)`, `(invalid ID)`.
pub fn status_phrase(item: &Item) -> String {
    match item.status {
        "retired" => match item.retires {
            Some(d) => format!("retired {d}"),
            None => "retired".to_string(),
        },
        "deprecated" => match item.retires {
            Some(d) => format!("deprecated, retires {d}"),
            None => "deprecated".to_string(),
        },
        _ => "invalid ID".to_string(),
    }
}

/// One finding as a line: `path:line:col: text (status) -> replacement [why]`, and with
/// `show_rule` the rule that decided it and each lowering with its reason.
pub fn line(file: &FileReport, item: &Item, st: &Style, show_rule: bool) -> String {
    let f = &item.finding;
    let mut s = format!(
        "{}:{}:{}: {}",
        st.bold(&file.display),
        f.line,
        f.column,
        message(item, st, !show_rule)
    );
    if show_rule {
        s.push_str(&st.dim(&format!(" {}", rule_chain(item))));
    }
    s
}

/// Lowerings whose label alone does not say what to check: their reason is shown with the label.
const EXPLAINED: &[&str] = &[
    "third-party-host",
    "text-completions-era",
    "companion",
    "name-encodes-model",
    "typed-list",
    "gateway-slug",
];

/// `(rule model-keyword; lowered by test-file: under `tests/`)`.
pub fn rule_chain(item: &Item) -> String {
    let f = &item.finding;
    let mut s = format!("(rule {}", f.rule);
    for d in &f.demotions {
        s.push_str(&format!("; lowered by {}: {}", d.rule, d.reason));
    }
    s.push(')');
    s
}

/// A finding without its location: `text (status) -> replacement [why]`; with `detail`, the
/// reason of a lowering whose label alone does not say what to check.
pub fn message(item: &Item, st: &Style, detail: bool) -> String {
    let f = &item.finding;
    let status = status_phrase(item);
    let status = if item.status == "deprecated" {
        st.yellow(&status)
    } else {
        st.red(&status)
    };
    let mut s = format!("{} ({status})", f.text);
    if let Some(r) = &item.replacement {
        s.push_str(&format!(" -> {}", st.green(r)));
    }
    match item.group() {
        Group::Fixable => {}
        Group::Review => {
            // Lowerings whose label alone does not say what to check carry their reason.
            let detail = f
                .demotions
                .iter()
                .rev()
                .find(|d| detail && EXPLAINED.contains(&d.rule))
                .map(|d| format!(": {}", d.reason));
            s.push_str(&st.dim(&format!(
                " [needs review: {}{}]",
                crate::scan::review_label(item),
                detail.unwrap_or_default()
            )))
        }
        Group::Manual => {
            let why = item
                .reason
                .as_deref()
                .unwrap_or_else(|| f.context.describe());
            s.push_str(&st.dim(&format!(" [migrate by hand: {why}]")));
        }
        Group::Left => s.push_str(&st.dim(&format!(" [left alone: {}]", f.context.describe()))),
    }
    s
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The plural of a context label: `dict key` -> `dict keys`, `list of several models` -> `lists of ...`.
fn plural_label(label: &str, n: usize) -> String {
    if n == 1 {
        return label.to_string();
    }
    const UNCOUNTED: &[&str] = &["prose", "recorded data", "inside longer text", "code"];
    if UNCOUNTED.contains(&label) || label.starts_with("no ") {
        return label.to_string();
    }
    // Pluralize the head noun: the last word, or the word before ` of`/` or`/` not`.
    let head_end = [" of ", " or ", " not "]
        .iter()
        .filter_map(|sep| label.find(sep))
        .min()
        .unwrap_or(label.len());
    let (head, rest) = label.split_at(head_end);
    let (head, rest) = match rest.strip_prefix(" or ") {
        Some(r) => (head.to_string(), format!(" or {}", plural_label(r, n))),
        None => (head.to_string(), rest.to_string()),
    };
    format!(
        "{head}{}{rest}",
        if head.ends_with('s') { "es" } else { "s" }
    )
}

fn counts(v: &[(impl AsRef<str>, usize)]) -> String {
    v.iter()
        .map(|(k, n)| format!("{n} {}", plural_label(k.as_ref(), *n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `40 files scanned, 2 skipped (1 binary, 1 UTF-16 text); 7 findings in 3 files, 4 fixable; 2 need
/// review (1 dict key, 1 comparison); 1 left alone (1 comment)`.
pub fn summary(t: &Tally, o: &Outcome) -> String {
    let skipped = o.binary + o.skipped.len();
    let mut s = plural(o.scanned.saturating_sub(skipped), "file", "files") + " scanned";
    if skipped > 0 {
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        if o.binary > 0 {
            kinds.push(("binary", o.binary));
        }
        for k in &o.skipped {
            let kind = if k.reason.starts_with("UTF-16") {
                "UTF-16 text"
            } else if k.reason.contains("limit") {
                "over the size limit"
            } else {
                "not a regular file"
            };
            match kinds.iter_mut().find(|(n, _)| *n == kind) {
                Some((_, c)) => *c += 1,
                None => kinds.push((kind, 1)),
            }
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        s.push_str(&format!(", {skipped} skipped ({})", kinds.join(", ")));
    }
    if t.findings == 0 {
        s.push_str("; 0 findings");
        return s;
    }
    s.push_str(&format!(
        "; {} in {}, {} fixable",
        plural(t.findings, "finding", "findings"),
        plural(t.files, "file", "files"),
        t.safe
    ));
    if t.unsafe_ > 0 {
        s.push_str(&format!(
            "; {} need{} review ({})",
            t.unsafe_,
            if t.unsafe_ == 1 { "s" } else { "" },
            counts(&t.review)
        ));
    }
    if t.manual > 0 {
        s.push_str(&format!("; {} to migrate by hand", t.manual));
    }
    if t.none > 0 {
        s.push_str(&format!("; {} left alone ({})", t.none, counts(&t.left)));
    }
    s
}

/// One line per model, most places first: `claude-3-opus-20240229  12 places in 4 files  retired
/// 2026-01-05  -> claude-opus-4-8  (7 fixable, 3 need review, 2 left alone)`.
pub fn statistics(out: &mut impl Write, o: &Outcome) -> io::Result<()> {
    #[derive(Default)]
    struct Row<'a> {
        places: usize,
        files: std::collections::BTreeSet<&'a str>,
        status: String,
        replacement: Option<&'a str>,
        by_group: [usize; 4],
    }
    let mut rows: std::collections::BTreeMap<&str, Row> = std::collections::BTreeMap::new();
    for f in &o.files {
        for i in &f.items {
            let r = rows.entry(i.model.as_str()).or_default();
            r.places += 1;
            r.files.insert(f.display.as_str());
            r.status = status_phrase(i);
            r.replacement = r.replacement.or(i.replacement_model.as_deref());
            r.by_group[match i.group() {
                Group::Fixable => 0,
                Group::Review => 1,
                Group::Manual => 2,
                Group::Left => 3,
            }] += 1;
        }
    }
    let mut rows: Vec<(&str, Row)> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1.places.cmp(&a.1.places).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(m, _)| m.len()).max().unwrap_or(0);
    for (model, r) in &rows {
        let parts: Vec<String> = ["fixable", "need review", "to migrate by hand", "left alone"]
            .iter()
            .zip(r.by_group)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        writeln!(
            out,
            "{model:width$}  {:>5} {:<6} in {:>4} {:<5}  {}  -> {}  ({})",
            r.places,
            if r.places == 1 { "place" } else { "places" },
            r.files.len(),
            if r.files.len() == 1 { "file" } else { "files" },
            r.status,
            r.replacement.unwrap_or("no replacement"),
            parts.join(", ")
        )?;
    }
    if !rows.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(&Tally::of(&o.files), o))
}

pub fn text(out: &mut impl Write, o: &Outcome, st: &Style, show_rule: bool) -> io::Result<()> {
    let files = &o.files;
    let groups = [
        (Group::Fixable, "Fixable:"),
        (Group::Review, "Needs review (applied with --unsafe-fixes):"),
        (Group::Manual, "Migrate by hand (no automatic fix):"),
        (Group::Left, "Left alone:"),
    ];
    let mut first = true;
    for (level, title) in groups {
        let lines: Vec<String> = files
            .iter()
            .flat_map(|f| {
                f.items
                    .iter()
                    .filter(move |i| i.group() == level)
                    .map(move |i| line(f, i, st, show_rule))
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        writeln!(out, "{}", st.bold(title))?;
        for l in lines {
            writeln!(out, "{l}")?;
        }
    }
    if !first {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(&Tally::of(files), o))
}

fn date(d: Option<Date>) -> serde_json::Value {
    d.map_or(serde_json::Value::Null, |d| json!(d.to_string()))
}

pub fn item_json(file: &FileReport, item: &Item) -> serde_json::Value {
    let f = &item.finding;
    json!({
        "path": file.display,
        "line": f.line,
        "column": f.column,
        "end_column": f.column + f.text.chars().count(),
        "text": f.text,
        "model": item.model,
        "provider": item.provider,
        "status": item.status,
        "deprecated": date(item.deprecated),
        "retires": date(item.retires),
        "replacement": item.replacement,
        "replacement_model": item.replacement_model,
        "context": f.context.as_str(),
        "fix": item.fix.as_str(),
        "reason": item.reason,
        "rule": f.rule,
        "demotions": demotions_json(item),
        "owners": file.owners,
    })
}

fn demotions_json(item: &Item) -> serde_json::Value {
    item.finding
        .demotions
        .iter()
        .map(|d| json!({ "rule": d.rule, "reason": d.reason }))
        .collect()
}

pub fn json(out: &mut impl Write, o: &Outcome, as_of: Date) -> io::Result<()> {
    let (files, errors) = (&o.files, &o.errors);
    let t = Tally::of(files);
    let findings: Vec<_> = files
        .iter()
        .flat_map(|f| f.items.iter().map(move |i| item_json(f, i)))
        .collect();
    let doc = json!({
        "as_of": as_of.to_string(),
        "findings": findings,
        "summary": {
            "files": t.files,
            "findings": t.findings,
            "safe": t.safe,
            "unsafe": t.unsafe_,
            "manual": t.manual,
            "none": t.none,
            "scanned": o.scanned.saturating_sub(o.binary + o.skipped.len()),
            "binary": o.binary,
        },
        "skipped": skipped_json(o),
        "errors": errors,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// How loud a finding is in CI formats: an error for retired and invalid IDs, a warning for
/// deprecated ones, `quiet` (each format's own word) for mentions that are left alone.
fn severity<'a>(item: &Item, quiet: &'a str) -> &'a str {
    match (item.group(), item.status) {
        (Group::Left, _) => quiet,
        (_, "deprecated") => "warning",
        _ => "error",
    }
}

/// A workflow command's message: `%`, CR and LF escaped, so that text cannot end the command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (a file name): also `:` and `,`, which would end the
/// value or start the message.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: errors for retired and invalid IDs, warnings for deprecated
/// ones, notices for mentions that are left alone.
pub fn github(out: &mut impl Write, o: &Outcome) -> io::Result<()> {
    let files = &o.files;
    let plain = Style::plain();
    for f in files {
        for i in &f.items {
            let level = severity(i, "notice");
            let msg = message(i, &plain, true);
            writeln!(
                out,
                "::{level} file={},line={},col={},title=remodel::{}",
                escape_property(&f.display),
                i.finding.line,
                i.finding.column,
                escape_data(&msg)
            )?;
        }
    }
    writeln!(out, "{}", summary(&Tally::of(files), o))
}

/// SARIF 2.1.0: one rule per status; errors for retired and invalid IDs, warnings for deprecated
/// ones, notes for mentions that are left alone.
fn skipped_json(o: &Outcome) -> Vec<serde_json::Value> {
    o.skipped
        .iter()
        .map(|k| json!({ "path": k.path, "reason": k.reason, "hides_findings": k.hides }))
        .collect()
}

/// A relative path as a URI reference (RFC 3986): `/` kept, everything but unreserved
/// characters percent-encoded (`my file.py` -> `my%20file.py`).
fn uri(path: &str) -> String {
    let mut s = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        s.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

pub fn sarif(out: &mut impl Write, o: &Outcome) -> io::Result<()> {
    let files = &o.files;
    let plain = Style::plain();
    let results: Vec<_> = files
        .iter()
        .flat_map(|f| f.items.iter().map(move |i| (f, i)))
        .map(|(f, i)| {
            let level = severity(i, "note");
            let msg = message(i, &plain, true);
            json!({
                "ruleId": format!("{}-model", i.status),
                "level": level,
                "message": { "text": msg },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.display) },
                        "region": {
                            "startLine": i.finding.line,
                            "startColumn": i.finding.column,
                            "endColumn": i.finding.column + i.finding.text.chars().count(),
                        }
                    }
                }],
                "properties": {
                    "model": i.model,
                    "provider": i.provider,
                    "replacement": i.replacement,
                    "context": i.finding.context.as_str(),
                    "fix": i.fix.as_str(),
                    "rule": i.finding.rule,
                    "demotions": demotions_json(i),
                },
            })
        })
        .collect();
    // Scan errors and skipped files, so that a dashboard does not show a clean run.
    let mut notifications: Vec<serde_json::Value> = o
        .errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e } }))
        .collect();
    notifications.extend(o.skipped.iter().map(|k| {
        json!({
            "level": if k.hides { "warning" } else { "note" },
            "message": { "text": format!("{}: skipped: {}", k.path, k.reason) },
            "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&k.path) } } }],
        })
    }));
    let rule = |id: &str, text: &str| json!({ "id": id, "shortDescription": { "text": text } });
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "remodel",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": [
                    rule("retired-model", "A retired model ID: the API answers 404 not_found_error"),
                    rule("deprecated-model", "A deprecated model ID: it stops working on its retirement date"),
                    rule("invalid-model", "A model ID that was never valid"),
                ],
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": o.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::plural_label;

    #[test]
    fn labels_pluralize() {
        assert_eq!(plural_label("dict key", 2), "dict keys");
        assert_eq!(plural_label("dict key", 1), "dict key");
        assert_eq!(
            plural_label("list of several models", 3),
            "lists of several models"
        );
        assert_eq!(
            plural_label("lockfile or changelog", 2),
            "lockfiles or changelogs"
        );
        assert_eq!(
            plural_label("argument not named like a model", 2),
            "arguments not named like a model"
        );
        assert_eq!(plural_label("prose", 4), "prose");
        assert_eq!(plural_label("comparison", 2), "comparisons");
    }
}
