//! `remodel pr`: a branch with the safe fixes committed once, and a pull-request body that says
//! what changed, what needs review, what was left alone, and what to check before merging.

use crate::args::PrArgs;
use crate::fix::Written;
use crate::scan::{FileReport, Item, Judge, Outcome};
use crate::style::Style;
use remodel_parser::Fix;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Rows a table of the body shows before it says how many more there are.
const ROWS: usize = 50;

pub fn run(judge: &Judge, args: &PrArgs) -> anyhow::Result<u8> {
    let err = Style::stderr();
    let fail = |msg: String| -> anyhow::Result<u8> {
        eprintln!("{}: {msg}", err.red("error"));
        Ok(2)
    };
    let cwd = std::env::current_dir()?;
    let top = match crate::git::git(&cwd, &["rev-parse", "--show-toplevel"]) {
        Ok(out) => PathBuf::from(String::from_utf8_lossy(&out).trim()),
        Err(why) => return fail(format!("`remodel pr` works in a git repository: {why}")),
    };
    if crate::git::git(&top, &["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
        return fail(
            "the repository has no commits yet: commit first, then run `remodel pr`".into(),
        );
    }
    let dirty = match crate::git::git(&top, &["status", "--porcelain", "--untracked-files=no"]) {
        Ok(out) => String::from_utf8_lossy(&out).into_owned(),
        Err(why) => {
            return fail(format!(
                "cannot tell whether the work tree is clean: {why}\nPass --allow-dirty to go on anyway."
            ))
        }
    };
    if !dirty.trim().is_empty() && !args.allow_dirty {
        let files: Vec<&str> = dirty.lines().map(|l| l.get(3..).unwrap_or(l)).collect();
        return fail(format!(
            "the work tree has uncommitted changes ({}{}); commit or stash them, or pass --allow-dirty",
            files.iter().take(5).copied().collect::<Vec<_>>().join(", "),
            if files.len() > 5 {
                format!(" and {} more", files.len() - 5)
            } else {
                String::new()
            }
        ));
    }
    let branch = args
        .branch
        .clone()
        .unwrap_or_else(|| format!("remodel/{}", judge.as_of));
    let current = crate::git::git(&top, &["rev-parse", "--abbrev-ref", "HEAD"])
        .map(|o| String::from_utf8_lossy(&o).trim().to_string())
        .unwrap_or_default();
    if current != branch {
        let exists = crate::git::git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("refs/heads/{branch}"),
            ],
        )
        .is_ok();
        let switched = if exists {
            crate::git::git(&top, &["switch", "--quiet", &branch])
        } else {
            crate::git::git(&top, &["switch", "--quiet", "-c", &branch])
        };
        if let Err(why) = switched {
            return fail(format!("cannot switch to branch {branch}: {why}"));
        }
        eprintln!(
            "{} branch {branch}",
            if exists { "On existing" } else { "Created" }
        );
    }

    let outcome = crate::scan::scan(&args.scan, judge, true);
    crate::print_problems(&outcome, true);
    let written = crate::fix::write_all(&outcome, args.unsafe_fixes);
    for w in &written {
        if let Some(why) = &w.not_written {
            eprintln!(
                "{}: {}: not written: {why}",
                err.yellow("warning"),
                w.file.display
            );
        }
    }
    let changed: Vec<&Written> = written.iter().filter(|w| !w.applied.is_empty()).collect();
    if changed.is_empty() {
        eprintln!("Nothing new to change on {branch}: no commit made.");
        return Ok(if outcome.errors.is_empty() { 0 } else { 2 });
    }
    let rel: Vec<String> = changed
        .iter()
        .map(|w| {
            let abs =
                std::fs::canonicalize(&w.file.path).unwrap_or_else(|_| cwd.join(&w.file.path));
            let top = std::fs::canonicalize(&top).unwrap_or_else(|_| top.clone());
            abs.strip_prefix(&top)
                .unwrap_or(&abs)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut add = vec!["add", "--"];
    add.extend(rel.iter().map(String::as_str));
    if let Err(why) = crate::git::git(&top, &add) {
        return fail(format!("cannot stage the fixed files: {why}"));
    }
    let (subject, message) = commit_message(&changed);
    if let Err(why) = crate::git::git(&top, &["commit", "--quiet", "-m", &subject, "-m", &message])
    {
        return fail(format!(
            "cannot commit: {why}\nThe fixes are written and staged on {branch}."
        ));
    }
    let fixed: usize = changed.iter().map(|w| w.applied.len()).sum();
    eprintln!(
        "Committed {fixed} fix{} in {} file{} on {branch}",
        if fixed == 1 { "" } else { "es" },
        changed.len(),
        if changed.len() == 1 { "" } else { "s" }
    );

    let body = body(judge, &outcome, &written);
    let body_file = match &args.body_file {
        Some(p) => {
            std::fs::write(p, &body)?;
            Some(p.clone())
        }
        None => {
            io::stdout().write_all(body.as_bytes())?;
            None
        }
    };
    if args.push {
        if let Err(why) = crate::git::git(
            &top,
            &["push", "--quiet", "--set-upstream", &args.remote, &branch],
        ) {
            return fail(format!("cannot push {branch} to {}: {why}", args.remote));
        }
        eprintln!("Pushed {branch} to {}", args.remote);
    }
    if args.open {
        // gh reads the body from a file: the one given, or one in the git directory.
        let file = match body_file {
            Some(f) => f,
            None => {
                let git_dir = crate::git::git(&top, &["rev-parse", "--absolute-git-dir"])
                    .map(|o| PathBuf::from(String::from_utf8_lossy(&o).trim()))
                    .unwrap_or_else(|_| top.join(".git"));
                let f = git_dir.join("remodel-pr-body.md");
                std::fs::write(&f, &body)?;
                f
            }
        };
        let mut gh: Vec<String> = vec![
            "pr".into(),
            "create".into(),
            "--title".into(),
            subject.clone(),
            "--body-file".into(),
            file.to_string_lossy().into_owned(),
            "--head".into(),
            branch.clone(),
        ];
        if let Some(b) = &args.base {
            gh.extend(["--base".into(), b.clone()]);
        }
        if args.draft {
            gh.push("--draft".into());
        }
        for l in &args.label {
            gh.extend(["--label".into(), l.clone()]);
        }
        if on_path("gh") {
            let status = Command::new("gh").current_dir(&top).args(&gh).status()?;
            if !status.success() {
                return fail(format!("`gh pr create` failed ({status})"));
            }
        } else {
            let line: Vec<String> = std::iter::once("gh".to_string())
                .chain(gh.iter().map(|a| shell_quote(a)))
                .collect();
            eprintln!(
                "gh is not on PATH; to open the pull request, run:\n  {}",
                line.join(" ")
            );
        }
    }
    Ok(if outcome.errors.is_empty() { 0 } else { 2 })
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let p = d.join(program);
            p.is_file()
                && std::fs::metadata(&p).is_ok_and(|m| {
                    use std::os::unix::fs::PermissionsExt;
                    m.permissions().mode() & 0o111 != 0
                })
        })
    })
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The commit's subject, and a body with one line per model: `old -> new (retired YYYY-MM-DD)`.
fn commit_message(changed: &[&Written]) -> (String, String) {
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    for w in changed {
        for &i in &w.applied {
            let it = &w.file.items[i];
            let line = format!(
                "{} -> {} ({})",
                it.finding.text,
                it.replacement.as_deref().unwrap_or("?"),
                crate::report::status_phrase(it)
            );
            *lines.entry(line).or_default() += 1;
        }
    }
    let body: Vec<String> = lines
        .into_iter()
        .map(|(l, n)| {
            if n == 1 {
                l
            } else {
                format!("{l}, {n} places")
            }
        })
        .collect();
    (
        "Migrate off retired Claude models".to_string(),
        body.join("\n"),
    )
}

/// Text for a Markdown table cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'"))
}

/// Rows of a table, at most [`ROWS`], then a line with how many more there are.
fn table(out: &mut String, header: &str, rows: &[String]) {
    out.push_str(header);
    for r in rows.iter().take(ROWS) {
        out.push_str(r);
        out.push('\n');
    }
    if rows.len() > ROWS {
        let _ = writeln!(
            out,
            "\n…and {} more (`remodel check -v` lists them all).",
            rows.len() - ROWS
        );
    }
}

/// A collapsible section.
fn details(out: &mut String, summary: &str, inner: &str) {
    let _ = write!(
        out,
        "\n<details>\n<summary>{summary}</summary>\n\n{inner}\n</details>\n"
    );
}

fn reasons(it: &Item) -> String {
    let mut r: Vec<String> = it
        .finding
        .demotions
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.reason))
        .collect();
    if let Some(reason) = &it.reason {
        if !it.finding.demotions.iter().any(|d| &d.reason == reason) {
            r.push(reason.clone());
        }
    }
    if r.is_empty() {
        crate::scan::review_label(it).to_string()
    } else {
        r.join("; ")
    }
}

/// The pull-request body.
pub fn body(judge: &Judge, outcome: &Outcome, written: &[Written]) -> String {
    let applied: std::collections::HashSet<(&Path, usize)> = written
        .iter()
        .flat_map(|w| w.applied.iter().map(move |&i| (w.file.path.as_path(), i)))
        .collect();
    let is_applied = |f: &FileReport, i: usize| applied.contains(&(f.path.as_path(), i));
    let all: Vec<(&FileReport, usize, &Item)> = outcome
        .files
        .iter()
        .flat_map(|f| f.items.iter().enumerate().map(move |(i, it)| (f, i, it)))
        .collect();
    let changed: Vec<&(&FileReport, usize, &Item)> =
        all.iter().filter(|(f, i, _)| is_applied(f, *i)).collect();

    let mut out = String::new();
    out.push_str("## Migrate off retired Claude models\n\n");
    let _ = writeln!(
        out,
        "Model IDs that are retired or deprecated as of {}, replaced by `remodel` with each model's official replacement.\n",
        judge.as_of
    );
    // Per model: status, replacement, how many places, the source of the dates.
    let mut models: BTreeMap<(&str, &str), (String, usize, Option<String>)> = BTreeMap::new();
    for (_, _, it) in &changed {
        let m = judge.registry.get(&it.model);
        let source = m
            .and_then(|m| judge.registry.source(&m.lifecycle_source))
            .and_then(|s| s.url.clone());
        let e = models
            .entry((
                it.model.as_str(),
                it.replacement_model.as_deref().unwrap_or("?"),
            ))
            .or_insert((crate::report::status_phrase(it), 0, source));
        e.1 += 1;
    }
    let rows: Vec<String> = models
        .iter()
        .map(|((old, new), (status, n, source))| {
            format!(
                "| {} | {} | {} | {n} | {} |",
                code(old),
                cell(status),
                code(new),
                source
                    .as_ref()
                    .map_or("-".to_string(), |u| format!("[source]({u})"))
            )
        })
        .collect();
    table(
        &mut out,
        "| Model | Status | Replacement | Places | Dates from |\n|---|---|---|---:|---|\n",
        &rows,
    );

    let _ = writeln!(out, "\n### Changed ({})\n", changed.len());
    // An Owners column where CODEOWNERS names someone for a changed file.
    let owned = changed.iter().any(|(f, ..)| !f.owners.is_empty());
    let rows: Vec<String> = changed
        .iter()
        .map(|(f, _, it)| {
            let mut row = format!(
                "| {} | {} | {} | {} | {} |",
                cell(&f.display),
                it.finding.line,
                code(&it.finding.text),
                code(it.replacement.as_deref().unwrap_or("")),
                cell(it.finding.rule)
            );
            if owned {
                let _ = write!(row, " {} |", cell(&f.owners.join(" ")));
            }
            row
        })
        .collect();
    let header = if owned {
        "| File | Line | Was | Now | Why | Owners |\n|---|---:|---|---|---|---|\n"
    } else {
        "| File | Line | Was | Now | Why |\n|---|---:|---|---|---|\n"
    };
    table(&mut out, header, &rows);

    let review: Vec<&(&FileReport, usize, &Item)> = all
        .iter()
        .filter(|(f, i, it)| it.fix == Fix::Unsafe && !is_applied(f, *i))
        .collect();
    if !review.is_empty() {
        let rows: Vec<String> = review
            .iter()
            .map(|(f, _, it)| {
                format!(
                    "| {} | {} | {} | {} | {} | {} |",
                    cell(&f.display),
                    it.finding.line,
                    code(&it.finding.text),
                    it.replacement.as_deref().map_or("-".to_string(), code),
                    cell(it.finding.rule),
                    cell(&reasons(it))
                )
            })
            .collect();
        let mut inner = String::new();
        table(
            &mut inner,
            "| File | Line | ID | Suggested | Rule | Why it needs review |\n|---|---:|---|---|---|---|\n",
            &rows,
        );
        details(
            &mut out,
            &format!("Needs review ({})", review.len()),
            &inner,
        );
    }

    let left: Vec<&(&FileReport, usize, &Item)> = all
        .iter()
        .filter(|(_, _, it)| it.fix == Fix::None)
        .collect();
    if !left.is_empty() {
        let rows: Vec<String> = left
            .iter()
            .map(|(f, _, it)| {
                format!(
                    "| {} | {} | {} | {} |",
                    cell(&f.display),
                    it.finding.line,
                    code(&it.finding.text),
                    cell(&match &it.reason {
                        Some(r) => format!("{}: {r}", it.finding.context.describe()),
                        None => it.finding.context.describe().to_string(),
                    })
                )
            })
            .collect();
        let mut inner = String::new();
        table(
            &mut inner,
            "| File | Line | ID | Why |\n|---|---:|---|---|\n",
            &rows,
        );
        details(&mut out, &format!("Left alone ({})", left.len()), &inner);
    }

    // What a reviewer should look at: every place the change leaves an old ID that it rewrites
    // elsewhere (a test that expects it, a key, a comment that now lies), and companions of the
    // fixes applied for review.
    let mut checks: Vec<String> = Vec::new();
    let rewritten: std::collections::HashSet<&str> =
        changed.iter().map(|(_, _, it)| it.model.as_str()).collect();
    for (f, i, it) in &all {
        if is_applied(f, *i) || !rewritten.contains(it.model.as_str()) {
            continue;
        }
        let why = if it.fix == Fix::None {
            it.finding.context.describe().to_string()
        } else {
            reasons(it)
        };
        checks.push(format!(
            "{}:{} still has {}, which this change rewrites elsewhere ({why})",
            f.display,
            it.finding.line,
            code(&it.finding.text)
        ));
    }
    for (f, _, it) in &changed {
        for d in it
            .finding
            .demotions
            .iter()
            .filter(|d| d.rule == "companion")
        {
            checks.push(format!("{}:{}: {}", f.display, it.finding.line, d.reason));
        }
    }
    if !checks.is_empty() {
        let _ = writeln!(out, "\n### Check before merging\n");
        for c in checks.iter().take(ROWS) {
            let _ = writeln!(out, "- [ ] {c}");
        }
        if checks.len() > ROWS {
            let _ = writeln!(out, "- …and {} more", checks.len() - ROWS);
        }
    }
    out
}
