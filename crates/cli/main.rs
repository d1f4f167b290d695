//! `remodel`: find retired and deprecated LLM model IDs and rewrite them to their replacements.

mod args;
mod baseline;
mod catalog;
mod codeowners;
mod config;
mod fix;
mod git;
mod libraries;
mod pr;
mod report;
mod scan;
mod style;
mod verify;

use anyhow::Context as _;
use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A closed pipe (`remodel check | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("{}: {e:#}", style::Style::stderr().red("error"));
            ExitCode::from(2)
        }
    }
}

fn run(mut cli: args::Cli) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    match &cli.command {
        args::Command::Init => return config::init(&cwd),
        args::Command::Completions { shell } => {
            let mut cmd = <args::Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "remodel", &mut io::stdout());
            return Ok(0);
        }
        args::Command::Man => {
            let cmd = <args::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut io::stdout())?;
            return Ok(0);
        }
        _ => {}
    }
    // The configuration: from the first path up, unless --config or --no-config says otherwise.
    let first = match &cli.command {
        args::Command::Check(a) => a.scan.paths.first(),
        args::Command::Fix(a) => a.scan.paths.first(),
        args::Command::Pr(a) => a.scan.paths.first(),
        args::Command::Verify(a) => a.scan.paths.first(),
        _ => None,
    }
    .filter(|p| p.as_os_str() != "-")
    .map_or(cwd.clone(), |p| cwd.join(p));
    let config = config::Config::load(cli.global.config.as_deref(), cli.global.no_config, &first)
        .context("loading the configuration")?;
    let cf = &config.file;
    let mut registries = cf.registry.clone();
    registries.extend(cli.global.registries.iter().cloned());
    let providers = if cli.global.provider.is_empty() {
        cf.provider.clone()
    } else {
        Some(cli.global.provider.clone())
    };
    let registry = remodel_registry::Registry::load_providers(&registries, providers.as_deref())
        .context("loading the registry")?;
    let as_of = cli.global.as_of.unwrap_or_else(remodel_registry::today);
    let target = match (cli.global.target, cf.target) {
        (Some(args::TargetArg::Latest), _) | (None, Some(config::Target::Latest)) => {
            remodel_registry::Target::Latest
        }
        _ => remodel_registry::Target::Official,
    };
    let bedrock_profile = cli
        .global
        .bedrock_profile
        .clone()
        .or_else(|| cf.bedrock_profile.map(|p| p.as_str().to_string()));
    // Flags win over the file.
    match &mut cli.command {
        args::Command::Check(a) => {
            a.scan.max_file_size = a.scan.max_file_size.or(cf.max_file_size);
            a.retiring_within = a.retiring_within.or(cf.retiring_within);
        }
        args::Command::Fix(a) => {
            a.scan.max_file_size = a.scan.max_file_size.or(cf.max_file_size);
            a.unsafe_fixes |= cf.unsafe_fixes.unwrap_or(false);
        }
        args::Command::Pr(a) => {
            a.scan.max_file_size = a.scan.max_file_size.or(cf.max_file_size);
            a.unsafe_fixes |= cf.unsafe_fixes.unwrap_or(false);
        }
        _ => {}
    }
    let judge = scan::Judge {
        registry: &registry,
        as_of,
        target,
        bedrock_profile,
        config: &config,
        libraries: libraries::Libraries::default(),
        readmes: Default::default(),
    };
    match cli.command {
        args::Command::Check(a) => {
            stale_note(&registry, as_of);
            let keep = a.write_baseline.is_some() || a.baseline.is_some();
            let mut outcome = scan::scan(&a.scan, &judge, keep);
            // The baseline's own IDs are records, not uses.
            for b in [&a.write_baseline, &a.baseline].into_iter().flatten() {
                if let Ok(b) = std::fs::canonicalize(b) {
                    outcome
                        .files
                        .retain(|f| std::fs::canonicalize(&f.path).map_or(true, |p| p != b));
                }
            }
            print_problems(&outcome, true);
            let expired = outcome
                .files
                .iter()
                .flat_map(|f| f.items.iter().map(move |i| (f, i)))
                .filter(|(_, i)| {
                    i.finding
                        .demotions
                        .iter()
                        .any(|d| d.rule == "expired-ignore")
                })
                .map(|(f, i)| format!("{}:{}", f.display, i.finding.line))
                .collect::<Vec<_>>();
            if !expired.is_empty() {
                eprintln!(
                    "{}: `remodel: ignore until=` has expired on {}; those findings are reported again",
                    style::Style::stderr().yellow("warning"),
                    expired.join(", ")
                );
            }
            if let Some(path) = &a.write_baseline {
                let n = baseline::write(&outcome, path)?;
                eprintln!(
                    "Wrote {n} finding{} to {}",
                    if n == 1 { "" } else { "s" },
                    path.display()
                );
                return Ok(if outcome.errors.is_empty() { 0 } else { 2 });
            }
            if let Some(path) = &a.baseline {
                let hidden = baseline::apply(&mut outcome, path)?;
                if hidden > 0 {
                    eprintln!(
                        "{}: {hidden} finding{} in the baseline {} not shown",
                        style::Style::stderr().dim("note"),
                        if hidden == 1 { "" } else { "s" },
                        path.display()
                    );
                }
            }
            let stdout = io::stdout();
            let mut out = stdout.lock();
            let written = match a.format {
                args::Format::Text if a.statistics => report::statistics(&mut out, &outcome),
                args::Format::Text => {
                    report::text(&mut out, &outcome, &style::Style::stdout(), a.show_rule)
                }
                args::Format::Json => report::json(&mut out, &outcome, as_of),
                args::Format::Github => report::github(&mut out, &outcome),
                args::Format::Sarif => report::sarif(&mut out, &outcome),
            }
            .and_then(|()| out.flush());
            // A reader that stops early (`check | head -1`) does not change what the run found:
            // the exit status stays the one the findings give.
            match written {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
            // The CI window: a deprecated model retiring later than the window is a warning.
            let window = a
                .retiring_within
                .map(|d| as_of.saturating_add(jiff::Span::new().days(i64::from(d))));
            let fails = |i: &scan::Item| {
                i.in_use()
                    && match (window, i.status, i.retires) {
                        (Some(w), "deprecated", Some(r)) => r <= w,
                        _ => true,
                    }
            };
            let in_use: Vec<&scan::Item> = outcome
                .files
                .iter()
                .flat_map(|f| &f.items)
                .filter(|i| i.in_use())
                .collect();
            let later = in_use.iter().filter(|i| !fails(i)).count();
            if later > 0 {
                if let Some(w) = window {
                    eprintln!(
                        "{}: {later} finding{} of models retiring after {w} {} not fail the check (--retiring-within {})",
                        style::Style::stderr().yellow("warning"),
                        if later == 1 { "" } else { "s" },
                        if later == 1 { "does" } else { "do" },
                        a.retiring_within.unwrap_or_default()
                    );
                }
            }
            Ok(
                if !outcome.errors.is_empty() || outcome.skipped.iter().any(|s| s.hides) {
                    2
                } else if !a.exit_zero && in_use.iter().any(|i| fails(i)) {
                    1
                } else {
                    0
                },
            )
        }
        args::Command::Fix(a) => {
            let outcome = scan::scan(&a.scan, &judge, true);
            print_problems(&outcome, a.dry_run);
            Ok(fix::run(&outcome, &a)?)
        }
        args::Command::Pr(a) => pr::run(&judge, &a),
        args::Command::Verify(a) => {
            let outcome = scan::scan(&a.scan, &judge, false);
            print_problems(&outcome, false);
            Ok(verify::run(&judge, &outcome, &a))
        }
        args::Command::Models(a) => catalog::models(&registry, as_of, target, &a),
        args::Command::Explain(a) => catalog::explain(&registry, as_of, target, &a),
        args::Command::Init | args::Command::Completions { .. } | args::Command::Man => {
            unreachable!("handled before the registry is loaded")
        }
    }
}

/// Days after the data's compilation date from which `check` says the data may be behind.
const STALE_AFTER_DAYS: i32 = 45;

/// A note on stderr when the as-of date is well past the day the registry was compiled: models
/// deprecated since then are not known.
fn stale_note(registry: &remodel_registry::Registry, as_of: jiff::civil::Date) {
    let Some(compiled) = registry.compiled() else {
        return;
    };
    let days = (as_of - compiled).get_days();
    if days > STALE_AFTER_DAYS {
        let st = style::Style::stderr();
        eprintln!(
            "{}: the model data was compiled on {compiled}, {days} days before {as_of}; models deprecated since are not known. Merge newer data with --registry FILE, or use a newer release.",
            st.dim("note")
        );
    }
}

fn print_problems(outcome: &scan::Outcome, leftovers: bool) {
    let st = style::Style::stderr();
    if leftovers {
        let cwd = std::env::current_dir().unwrap_or_default();
        for p in &outcome.leftovers {
            eprintln!(
                "{}: {}: a temporary file left by an interrupted run; `remodel fix` removes it",
                st.dim("note"),
                scan::display_path(p, &cwd)
            );
        }
    }
    for n in &outcome.notes {
        eprintln!("{}: {n}", st.dim("note"));
    }
    for s in &outcome.skipped {
        let (label, hint) = if s.hides {
            (st.yellow("warning"), "; it may hold model IDs")
        } else {
            (st.dim("note"), "")
        };
        eprintln!("{label}: {}: skipped: {}{hint}", s.path, s.reason);
    }
    for e in &outcome.errors {
        eprintln!("{}: {e}", st.red("error"));
    }
}
