//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "remodel",
    version,
    about = "Find retired and deprecated LLM model IDs and rewrite them to their replacements",
    after_help = "Exit status: 0 nothing to act on, 1 a deprecated or retired model is in use, 2 an error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Debug, Args)]
pub struct Global {
    /// A registry file merged over the embedded catalog (repeatable; later files win)
    #[arg(long = "registry", value_name = "FILE", global = true)]
    pub registries: Vec<PathBuf>,
    /// Evaluate lifecycle states at this date (YYYY-MM-DD) instead of today (UTC)
    #[arg(long, value_name = "DATE", global = true, value_parser = parse_date)]
    pub as_of: Option<jiff::civil::Date>,
    /// Which replacement fixes point to [default: official]
    #[arg(long, value_enum, global = true)]
    pub target: Option<TargetArg>,
    /// Read this configuration file instead of looking for remodel.toml, .remodel.toml or
    /// [tool.remodel] in pyproject.toml from the first path up
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Read no configuration file
    #[arg(long, global = true)]
    pub no_config: bool,
    /// Rewrite bare Bedrock model IDs to this cross-region inference profile of the replacement
    /// (us, eu, apac, jp, au, global), where the registry records it
    #[arg(long, value_name = "PROFILE", global = true, value_parser = ["us", "eu", "apac", "jp", "au", "global", "us-gov", "ca"])]
    pub bedrock_profile: Option<String>,
    /// Only these providers' models (comma-separated: anthropic, openai, google) [default: all]
    #[arg(long, value_name = "LIST", global = true, value_delimiter = ',')]
    pub provider: Vec<String>,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    remodel_registry::parse_date(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// The official replacement, followed until a live model
    Official,
    /// The newest live model of the replacement's tier (opus, sonnet, haiku, ...)
    Latest,
}

const CHECK_EXIT: &str = "Exit status: 0 nothing to act on (or --exit-zero, or only models retiring after --retiring-within DAYS); 1 a deprecated or retired model is in use where a fix could apply; 2 an error, or a skipped file that may hold model IDs (unreadable, UTF-16, over --max-file-size by default, not a regular file).";

const FIX_EXIT: &str = "Exit status: 0 nothing left to act on; 1 findings remain (needing review, left unwritten, or --dry-run); 2 an error, or nothing written because of uncommitted changes or no --yes without a terminal; 130 interrupted (the file being written is finished, the rest are unchanged).";

const PR_EXIT: &str = "Exit status: 0 committed, or nothing new to commit; 2 an error (not a git repository, no commits yet, uncommitted changes without --allow-dirty, a failed commit, push or `gh pr create`).";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report deprecated and retired model IDs
    #[command(after_help = CHECK_EXIT)]
    Check(CheckArgs),
    /// Rewrite deprecated and retired model IDs to their replacements
    #[command(after_help = FIX_EXIT)]
    Fix(FixArgs),
    /// Make a branch with the fixes committed, and write a pull-request body
    #[command(after_help = PR_EXIT)]
    Pr(PrArgs),
    /// Ask the Models API which models ANTHROPIC_API_KEY can use, and report planned replacements
    /// and IDs in use that it cannot
    #[command(
        after_help = "Exit status: 0 every planned replacement is available to the key; 1 one is not; 2 an error (no key, a refused key, the API unreachable after retries)."
    )]
    Verify(VerifyArgs),
    /// Write a commented remodel.toml in the current directory
    Init,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `remodel man > remodel.1`
    Man,
    /// List the model catalog
    Models(ModelsArgs),
    /// Explain a model ID or an API error message
    Explain(ExplainArgs),
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Skip files larger than this many MiB [default: 10]. Without it, a skipped file that could
    /// hold a model ID makes `check` exit 2; with it, the skip is a choice and only noted
    #[arg(long, value_name = "MIB")]
    pub max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show the rule that decided each finding and every rule that lowered its fix, with reasons
    #[arg(long, short = 'v')]
    pub show_rule: bool,
    /// Fail only on models retired, never valid, or retiring within DAYS of the as-of date;
    /// deprecated models that retire later are reported and do not fail the check
    #[arg(long, value_name = "DAYS")]
    pub retiring_within: Option<u32>,
    /// Exit 0 even when models are in use (errors still exit 2): for audits
    #[arg(long)]
    pub exit_zero: bool,
    /// Print one line per model (places, files, retirement date, replacement) instead of each finding
    #[arg(long)]
    pub statistics: bool,
    /// Record the findings in use to FILE (a baseline) and exit 0
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings that are not in the baseline FILE
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// Print a unified diff to stdout and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Also apply fixes that need review (dict keys, comparisons, lists of models, assertions)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Change files that have uncommitted changes in git
    #[arg(long)]
    pub allow_dirty: bool,
}

#[derive(Debug, Args)]
pub struct PrArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// The branch to commit on [default: remodel/<as-of date>]; created from HEAD if it does not exist
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
    /// Also apply fixes that need review
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Go on even if tracked files have uncommitted changes
    #[arg(long)]
    pub allow_dirty: bool,
    /// Write the pull-request body here instead of to standard output
    #[arg(long, value_name = "PATH")]
    pub body_file: Option<PathBuf>,
    /// Push the branch
    #[arg(long)]
    pub push: bool,
    /// The remote to push to
    #[arg(long, default_value = "origin")]
    pub remote: String,
    /// Open the pull request with `gh pr create` (or print the command when gh is not on PATH)
    #[arg(long)]
    pub open: bool,
    /// Open it as a draft
    #[arg(long)]
    pub draft: bool,
    /// A label for the pull request (repeatable)
    #[arg(long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// The branch to merge into [default: the repository's default branch]
    #[arg(long, value_name = "BRANCH")]
    pub base: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub scan: ScanArgs,
    /// The API's address
    #[arg(long, value_name = "URL", default_value = "https://api.anthropic.com")]
    pub base_url: String,
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Include retired models
    #[arg(long)]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ModelsFormat::Text)]
    pub format: ModelsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModelsFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A model ID in any form, or an API error (its JSON body or its message)
    #[arg(value_name = "MODEL-ID|ERROR")]
    pub input: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ModelsFormat::Text)]
    pub format: ModelsFormat,
}
