//! `fix`: edits from findings, the syntax check, diffs, confirmation, and atomic writes.

use crate::args::FixArgs;
use crate::scan::{FileReport, Item, Outcome, Tally};
use crate::style::Style;
use remodel_parser::Fix;
use remodel_rewriter::{apply, unified_diff, write_atomic, Edit, WriteError};
use std::io::{self, BufRead, IsTerminal, Write};

/// A set of edits offered for one file: the safe ones, then (separately) those needing review.
struct Proposal {
    items: Vec<usize>,
    unsafe_: bool,
}

/// What happened to one file's bytes.
struct Plan<'a> {
    file: &'a FileReport,
    proposals: Vec<Proposal>,
}

fn edits(file: &FileReport, items: &[usize]) -> Vec<Edit> {
    items
        .iter()
        .filter_map(|&i| {
            let it: &Item = &file.items[i];
            it.replacement
                .as_ref()
                .map(|r| Edit::new(it.finding.range.clone(), r.clone()))
        })
        .collect()
}

/// Applies `items` to the file's original bytes and checks the result still parses as well as before.
fn build(file: &FileReport, items: &[usize]) -> Result<Vec<u8>, String> {
    let edits = edits(file, items);
    let new = apply(&file.bytes, &edits).map_err(|e| e.to_string())?;
    // The syntax check parses the statements around the edits, before and after.
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort();
    let old_at: Vec<std::ops::Range<usize>> = sorted.iter().map(|e| e.range.clone()).collect();
    let mut shift: isize = 0;
    let new_at: Vec<std::ops::Range<usize>> = sorted
        .iter()
        .map(|e| {
            let start = (e.range.start as isize + shift) as usize;
            shift += e.replacement.len() as isize - e.range.len() as isize;
            start..start + e.replacement.len()
        })
        .collect();
    let after =
        remodel_parser::error_count_near(file.lang, &new, &new_at).map_err(|e| e.to_string())?;
    if after > 0 {
        // Only a file that has errors after the edit needs the count from before it.
        let before = remodel_parser::error_count_near(file.lang, &file.bytes, &old_at)
            .map_err(|e| e.to_string())?;
        if after > before {
            return Err(format!(
                "the change would add syntax errors ({before} before, {after} after)"
            ));
        }
    }
    Ok(new)
}

/// Builds every plan's edits at once, spread over the cores (each build re-parses its file).
fn build_all(plans: &[Plan]) -> Vec<Result<Vec<u8>, String>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let items: Vec<Vec<usize>> = plans
        .iter()
        .map(|p| p.proposals.iter().flat_map(|q| q.items.clone()).collect())
        .collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut results: Vec<(usize, Result<Vec<u8>, String>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= plans.len() {
                            break done;
                        }
                        done.push((i, build(plans[i].file, &items[i])));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("build worker"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Each file's proposals: its safe fixes (with those needing review when `unsafe_fixes`), and,
/// when questions can be asked, those needing review as a second proposal.
fn plans(outcome: &Outcome, unsafe_fixes: bool, interactive: bool) -> Vec<Plan<'_>> {
    let mut plans: Vec<Plan> = Vec::new();
    for file in &outcome.files {
        let safe: Vec<usize> = (0..file.items.len())
            .filter(|&i| file.items[i].fix == Fix::Safe)
            .collect();
        let unsafe_: Vec<usize> = (0..file.items.len())
            .filter(|&i| file.items[i].fix == Fix::Unsafe)
            .collect();
        let mut proposals = Vec::new();
        if unsafe_fixes {
            let all: Vec<usize> = safe.iter().chain(&unsafe_).copied().collect();
            if !all.is_empty() {
                proposals.push(Proposal {
                    items: all,
                    unsafe_: false,
                });
            }
        } else {
            if !safe.is_empty() {
                proposals.push(Proposal {
                    items: safe,
                    unsafe_: false,
                });
            }
            if interactive && !unsafe_.is_empty() {
                proposals.push(Proposal {
                    items: unsafe_,
                    unsafe_: true,
                });
            }
        }
        if !proposals.is_empty() {
            plans.push(Plan { file, proposals });
        }
    }
    plans
}

/// What happened to one file in a non-interactive run ([`write_all`]).
pub struct Written<'a> {
    pub file: &'a FileReport,
    /// The items whose fix was applied (indexes into `file.items`), when the file was written.
    pub applied: Vec<usize>,
    /// Why the file was not written, when it was not.
    pub not_written: Option<String>,
}

/// Applies the safe fixes of every file (and those needing review, with `unsafe_fixes`) and
/// writes each file, without questions: what `remodel pr` commits. The git check is the
/// caller's.
pub fn write_all(outcome: &Outcome, unsafe_fixes: bool) -> Vec<Written<'_>> {
    let plans = plans(outcome, unsafe_fixes, false);
    let built = build_all(&plans);
    plans
        .iter()
        .zip(built)
        .map(|(plan, built)| {
            let items = plan.proposals[0].items.clone();
            let result = built.and_then(|new| {
                write_atomic(&plan.file.path, &plan.file.bytes, &new).map_err(|e| match e {
                    WriteError::Changed(_) => "changed on disk since it was read".to_string(),
                    WriteError::Refused { reason, .. } => reason,
                    other => other.to_string(),
                })
            });
            match result {
                Ok(()) => Written {
                    file: plan.file,
                    applied: items,
                    not_written: None,
                },
                Err(why) => Written {
                    file: plan.file,
                    applied: Vec::new(),
                    not_written: Some(why),
                },
            }
        })
        .collect()
}

#[derive(Default)]
struct Counts {
    fixed: usize,
    /// Of those, fixes that needed review (accepted interactively or with --unsafe-fixes).
    fixed_unsafe: usize,
    files: usize,
    /// Files that could not be written for an I/O error.
    errors: usize,
}

pub fn run(outcome: &Outcome, args: &FixArgs) -> io::Result<u8> {
    let err_style = Style::stderr();
    let interactive = !args.yes && !args.dry_run && io::stdin().is_terminal();
    let plans = plans(outcome, args.unsafe_fixes, interactive);

    let mut counts = Counts::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();

    // Refuse before any work when nothing may be written.
    if !args.dry_run {
        if plans.is_empty() {
            let t = Tally::of(&outcome.files);
            eprintln!("{}", closing("Fixed", &counts, &t, args.unsafe_fixes));
            return Ok(exit_after(outcome, &counts, &t));
        }
        if !args.yes && !interactive {
            eprintln!(
                "{}: not writing {} without confirmation: standard input is not a terminal. Pass --yes to apply, or --dry-run to see the diff.",
                err_style.red("error"),
                if plans.len() == 1 { "1 file".to_string() } else { format!("{} files", plans.len()) }
            );
            return Ok(2);
        }
        if !args.allow_dirty {
            let paths: Vec<&std::path::Path> =
                plans.iter().map(|p| p.file.path.as_path()).collect();
            let refused = match crate::git::unrestorable(&paths) {
                Ok(r) => r,
                Err(why) => {
                    eprintln!(
                        "{}: cannot tell whether git could undo the fix: {why}\nPass --allow-dirty to write anyway.",
                        err_style.red("error"),
                    );
                    return Ok(2);
                }
            };
            if !refused.is_empty() {
                let cwd = std::env::current_dir().unwrap_or_default();
                let list = |state: crate::git::State| -> Vec<String> {
                    refused
                        .iter()
                        .filter(|(_, s)| *s == state)
                        .map(|(p, _)| crate::scan::display_path(p, &cwd))
                        .collect()
                };
                let count = |names: &[String], one: &str, many: &str| {
                    if names.len() == 1 {
                        one.to_string()
                    } else {
                        format!("{} {many}", names.len())
                    }
                };
                let modified = list(crate::git::State::Modified);
                let untracked = list(crate::git::State::Untracked);
                if !modified.is_empty() {
                    eprintln!(
                        "{}: {} uncommitted changes, so `git checkout` could not undo the fix: {}",
                        err_style.red("error"),
                        count(&modified, "this file has", "files have"),
                        modified.join(", ")
                    );
                }
                if !untracked.is_empty() {
                    eprintln!(
                        "{}: {} not tracked by git (new or ignored), so git could not undo the fix: {}",
                        err_style.red("error"),
                        count(&untracked, "this file is", "files are"),
                        untracked.join(", ")
                    );
                }
                eprintln!("Commit or stash them first, or pass --allow-dirty.");
                return Ok(2);
            }
        }
    }

    // Without questions to ask, every file's edits are known up front: build them in parallel.
    let mut prebuilt = if interactive {
        Vec::new()
    } else {
        build_all(&plans)
    };
    if args.dry_run {
        for (plan, built) in plans.iter().zip(prebuilt.drain(..)) {
            let items: usize = plan.proposals.iter().map(|p| p.items.len()).sum();
            match built {
                Ok(new) => {
                    out.write_all(&unified_diff(&plan.file.display, &plan.file.bytes, &new))?;
                    counts.fixed += items;
                    counts.files += 1;
                }
                Err(why) => not_fixed(&plan.file.display, &why),
            }
        }
        out.flush()?;
        let t = Tally::of(&outcome.files);
        eprintln!("{}", closing("Would fix", &counts, &t, args.unsafe_fixes));
        // Like `check`: 1 while anything is left to act on, whether or not it would be fixed.
        return Ok(if !outcome.errors.is_empty() || counts.errors > 0 {
            2
        } else if t.safe + t.unsafe_ + t.manual > 0 {
            1
        } else {
            0
        });
    }

    remove_leftovers(outcome);
    let interrupt = Interrupt::install();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut all = !interactive;
    let mut quit = false;
    let out_style = Style::stdout();
    let mut prebuilt = prebuilt.into_iter();
    for plan in &plans {
        let mut ready = prebuilt.next();
        if quit {
            break;
        }
        if interrupt.requested() {
            let t = Tally::of(&outcome.files);
            eprintln!("{}", closing("Fixed", &counts, &t, args.unsafe_fixes));
            eprintln!(
                "{}: interrupted; {} and the files after it were not written",
                err_style.red("error"),
                plan.file.display
            );
            return Ok(130);
        }
        let mut accepted: Vec<usize> = Vec::new();
        let mut current = plan.file.bytes.clone();
        for proposal in &plan.proposals {
            // `a` accepts the safe fixes of every file; those needing review are still asked.
            let mut trial = accepted.clone();
            trial.extend(&proposal.items);
            let built = ready.take().unwrap_or_else(|| build(plan.file, &trial));
            let new = match built {
                Ok(n) => n,
                Err(why) => {
                    not_fixed(&plan.file.display, &why);
                    continue;
                }
            };
            let yes = if all && !proposal.unsafe_ {
                true
            } else {
                out.write_all(&colorize(
                    &unified_diff(&plan.file.display, &current, &new),
                    &out_style,
                ))?;
                out.flush()?;
                let question = if proposal.unsafe_ {
                    let why: Vec<&str> = proposal
                        .items
                        .iter()
                        .map(|&i| crate::scan::review_label(&plan.file.items[i]))
                        .collect();
                    format!(
                        "Apply fix that needs review ({})? [y]es/[n]o/[a]ll/[q]uit ",
                        why.join(", ")
                    )
                } else {
                    "Apply? [y]es/[n]o/[a]ll/[q]uit ".to_string()
                };
                interrupt.prompting(true);
                let answer = ask(&mut input, &question);
                interrupt.prompting(false);
                match answer? {
                    Answer::Yes => true,
                    Answer::No => false,
                    Answer::All => {
                        all = true;
                        true
                    }
                    Answer::Quit => {
                        quit = true;
                        false
                    }
                }
            };
            if yes {
                accepted = trial;
                current = new;
            }
            if quit {
                break;
            }
        }
        if accepted.is_empty() {
            continue;
        }
        match write_atomic(&plan.file.path, &plan.file.bytes, &current) {
            Ok(()) => {
                counts.fixed += accepted.len();
                counts.fixed_unsafe += accepted
                    .iter()
                    .filter(|&&i| plan.file.items[i].fix == Fix::Unsafe)
                    .count();
                counts.files += 1;
            }
            Err(WriteError::Changed(_)) => {
                not_fixed(&plan.file.display, "changed on disk since it was read");
            }
            Err(WriteError::Refused { reason, .. }) => not_fixed(&plan.file.display, &reason),
            Err(e) => {
                eprintln!("{}: {e}", err_style.red("error"));
                counts.errors += 1;
            }
        }
    }
    let t = Tally::of(&outcome.files);
    if interrupt.requested() {
        eprintln!("{}", closing("Fixed", &counts, &t, args.unsafe_fixes));
        eprintln!(
            "{}: interrupted after the last file",
            err_style.red("error")
        );
        return Ok(130);
    }
    eprintln!("{}", closing("Fixed", &counts, &t, args.unsafe_fixes));
    Ok(exit_after(outcome, &counts, &t))
}

/// Removes the temporary files an interrupted run left (`.remodel-XXXXXX.tmp`), which the walk
/// found and did not scan, and says so.
fn remove_leftovers(outcome: &Outcome) {
    for path in &outcome.leftovers {
        let shown = crate::scan::display_path(path, &std::env::current_dir().unwrap_or_default());
        match std::fs::remove_file(path) {
            Ok(()) => eprintln!(
                "{}: removed {shown}, a temporary file left by an interrupted run",
                Style::stderr().dim("note")
            ),
            Err(e) => eprintln!(
                "{}: {shown}: a temporary file left by an interrupted run could not be removed: {e}",
                Style::stderr().yellow("warning")
            ),
        }
    }
}

/// Ctrl-C and SIGTERM while `fix` writes: the file being written is finished, then the run
/// stops and says how far it got. At a question the process ends at once (nothing is being
/// written then).
struct Interrupt {
    prompting: std::sync::Arc<std::sync::atomic::AtomicBool>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Interrupt {
    fn install() -> Interrupt {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let prompting = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            let (p, s) = (prompting.clone(), stop.clone());
            // SAFETY: the action only touches atomics and calls `_exit`, which are
            // async-signal-safe.
            let registered = unsafe {
                signal_hook::low_level::register(signal, move || {
                    if p.load(Ordering::SeqCst) {
                        signal_hook::low_level::exit(130);
                    } else {
                        s.store(true, Ordering::SeqCst);
                    }
                })
            };
            if registered.is_err() {
                // Without the handler the default action stays: the write protocol keeps each
                // file whole, and the next run removes a leftover temporary file.
                continue;
            }
        }
        Interrupt { prompting, stop }
    }

    fn prompting(&self, on: bool) {
        self.prompting
            .store(on, std::sync::atomic::Ordering::SeqCst);
    }

    fn requested(&self) -> bool {
        self.stop.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A file left as it was for a reason that is not an error (its findings stay, so the exit
/// status is 1): the edit would break its syntax, or it changed since it was read.
fn not_fixed(display: &str, why: &str) {
    eprintln!(
        "{}: {display}: not written: {why}",
        Style::stderr().yellow("warning")
    );
}

/// `Fixed 6 of 7 findings in 3 files; 1 needs review (--unsafe-fixes)`.
fn closing(verb: &str, c: &Counts, t: &Tally, unsafe_fixes: bool) -> String {
    let actionable = t.safe + t.unsafe_;
    let mut s = format!(
        "{verb} {} of {} finding{} in {} file{}",
        c.fixed,
        actionable,
        if actionable == 1 { "" } else { "s" },
        c.files,
        if c.files == 1 { "" } else { "s" }
    );
    let review = t.unsafe_.saturating_sub(c.fixed_unsafe);
    if review > 0 && !unsafe_fixes {
        s.push_str(&format!(
            "; {review} need{} review (--unsafe-fixes)",
            if review == 1 { "s" } else { "" }
        ));
    }
    if t.manual > 0 {
        s.push_str(&format!("; {} to migrate by hand", t.manual));
    }
    if t.none > 0 {
        s.push_str(&format!("; {} left alone", t.none));
    }
    s
}

/// 2 on any error; 1 while fixable or reviewable findings remain; 0 when all were fixed.
fn exit_after(outcome: &Outcome, c: &Counts, t: &Tally) -> u8 {
    if !outcome.errors.is_empty() || c.errors > 0 {
        2
    } else if c.fixed < t.safe + t.unsafe_ || t.manual > 0 {
        1
    } else {
        0
    }
}

enum Answer {
    Yes,
    No,
    All,
    Quit,
}

fn ask(input: &mut impl BufRead, question: &str) -> io::Result<Answer> {
    loop {
        eprint!("{question}");
        io::stderr().flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(Answer::Quit);
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(Answer::Yes),
            "n" | "no" => return Ok(Answer::No),
            "a" | "all" => return Ok(Answer::All),
            "q" | "quit" => return Ok(Answer::Quit),
            _ => eprintln!("Please answer y, n, a or q."),
        }
    }
}

/// Colors a diff's added and removed lines for the terminal.
fn colorize(diff: &[u8], st: &Style) -> Vec<u8> {
    let mut out = Vec::with_capacity(diff.len());
    for line in diff.split_inclusive(|b| *b == b'\n') {
        let text = String::from_utf8_lossy(line);
        let body = text.trim_end_matches('\n');
        let painted =
            if body.starts_with("+++") || body.starts_with("---") || body.starts_with("diff ") {
                st.bold(body)
            } else if body.starts_with('+') {
                st.green(body)
            } else if body.starts_with('-') {
                st.red(body)
            } else {
                out.extend_from_slice(line);
                continue;
            };
        out.extend_from_slice(painted.as_bytes());
        if line.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}
