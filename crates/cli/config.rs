//! The configuration file: `remodel.toml`, `.remodel.toml` or `[tool.remodel]` in
//! `pyproject.toml`, found by walking up from the first path. Flags override it.

use anyhow::Context as _;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The commented file `remodel init` writes.
pub const TEMPLATE: &str = r#"# remodel configuration. Flags given on the command line override these.

# Paths never scanned, in .gitignore syntax, relative to this file. Files named on the command line
# are excluded too (pre-commit passes file names).
exclude = []

# Registry files merged over the embedded catalog, relative to this file.
registry = []

# Which replacement fixes point to: "official" or "latest".
# target = "official"

# Also apply fixes that need review in `fix` and `pr`.
# unsafe-fixes = false

# Cross-region inference profile for bare Bedrock IDs: us, eu, apac, jp, au, global.
# bedrock-profile = "us"

# Only these providers' models: "anthropic", "openai", "google" (all when not given).
# provider = ["anthropic"]

# `check` fails only on models retired, or retiring within this many days.
# retiring-within = 30

# Skip files larger than this many MiB (a choice: such skips do not fail `check`).
# max-file-size = 10

# Findings to leave out, by model ID, by path (.gitignore syntax), or both.
# [[ignore]]
# id = "claude-3-haiku-20240307"
# path = "legacy/**"

# Paths whose fixes need review ("review") or are reported only ("none").
# [[per-path]]
# paths = ["tests/**"]
# fix = "review"
"#;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct File {
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub registry: Vec<PathBuf>,
    pub target: Option<Target>,
    pub unsafe_fixes: Option<bool>,
    pub bedrock_profile: Option<BedrockProfile>,
    /// The providers whose models are searched for (all when not given).
    pub provider: Option<Vec<String>>,
    pub retiring_within: Option<u32>,
    pub max_file_size: Option<u64>,
    #[serde(default)]
    pub ignore: Vec<Ignore>,
    #[serde(default)]
    pub per_path: Vec<PerPath>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Official,
    Latest,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BedrockProfile {
    Us,
    Eu,
    Apac,
    Jp,
    Au,
    Global,
    UsGov,
    Ca,
}

impl BedrockProfile {
    pub fn as_str(self) -> &'static str {
        match self {
            BedrockProfile::Us => "us",
            BedrockProfile::Eu => "eu",
            BedrockProfile::Apac => "apac",
            BedrockProfile::Jp => "jp",
            BedrockProfile::Au => "au",
            BedrockProfile::Global => "global",
            BedrockProfile::UsGov => "us-gov",
            BedrockProfile::Ca => "ca",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    pub id: Option<String>,
    pub path: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerPath {
    pub paths: Vec<String>,
    pub fix: PerPathFix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerPathFix {
    Review,
    None,
}

#[derive(Debug, Default, Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Debug, Default, Deserialize)]
struct Tool {
    remodel: Option<File>,
}

/// A loaded configuration, with its globs compiled against the folder it is in.
#[derive(Default)]
pub struct Config {
    /// The file it came from (`None`: no configuration).
    pub source: Option<PathBuf>,
    pub file: File,
    exclude: Option<std::sync::Arc<Gitignore>>,
    /// Per `ignore` entry: its ID and its path matcher.
    ignores: Vec<(Option<String>, Option<Gitignore>)>,
    per_path: Vec<(Gitignore, PerPathFix, String)>,
    /// The current directory, once: relative walked paths are read against it.
    cwd: PathBuf,
}

/// `path:line:column: message` for an error in a TOML document.
fn located(path: &Path, src: &str, e: &toml::de::Error) -> anyhow::Error {
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let before = &src[..span.start.min(src.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            anyhow::anyhow!("{}:{line}:{col}: {msg}", path.display())
        }
        None => anyhow::anyhow!("{}: {msg}", path.display()),
    }
}

fn globs(root: &Path, patterns: &[String], what: &str, file: &Path) -> anyhow::Result<Gitignore> {
    let mut b = GitignoreBuilder::new(root);
    for p in patterns {
        b.add_line(None, p)
            .with_context(|| format!("{}: {what} `{p}` is not a valid glob", file.display()))?;
    }
    b.build()
        .with_context(|| format!("{}: {what}", file.display()))
}

impl Config {
    /// The configuration for a run: `explicit` (`--config FILE`), or the first file found walking
    /// up from `start`, or none with `disabled` (`--no-config`).
    pub fn load(explicit: Option<&Path>, disabled: bool, start: &Path) -> anyhow::Result<Config> {
        if disabled {
            return Ok(Config::default());
        }
        let found = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find(start),
        };
        let Some(path) = found else {
            return Ok(Config::default());
        };
        let src = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let file = if is_pyproject {
            let p: Pyproject = toml::from_str(&src).map_err(|e| located(&path, &src, &e))?;
            p.tool.and_then(|t| t.remodel).unwrap_or_default()
        } else {
            toml::from_str(&src).map_err(|e| located(&path, &src, &e))?
        };
        let root = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let exclude = Some(std::sync::Arc::new(globs(
            &root,
            &file.exclude,
            "exclude",
            &path,
        )?));
        let mut ignores = Vec::new();
        for i in &file.ignore {
            if i.id.is_none() && i.path.is_none() {
                anyhow::bail!(
                    "{}: an [[ignore]] entry needs `id`, `path` or both",
                    path.display()
                );
            }
            let m = match &i.path {
                Some(p) => Some(globs(&root, std::slice::from_ref(p), "ignore path", &path)?),
                None => None,
            };
            ignores.push((i.id.clone(), m));
        }
        let mut per_path = Vec::new();
        for p in &file.per_path {
            per_path.push((
                globs(&root, &p.paths, "per-path paths", &path)?,
                p.fix,
                p.paths.join(", "),
            ));
        }
        let file = File {
            registry: file.registry.iter().map(|r| root.join(r)).collect(),
            ..file
        };
        Ok(Config {
            source: Some(path),
            file,
            exclude,
            ignores,
            per_path,
            cwd: std::env::current_dir().unwrap_or_default(),
        })
    }

    fn matches(g: &Gitignore, cwd: &Path, path: &Path, is_dir: bool) -> bool {
        // Lexically, without a system call per walked path: the current directory is the
        // canonical one the kernel reports.
        let joined = if path.is_absolute() {
            path.to_path_buf()
        } else {
            cwd.join(path)
        };
        let mut abs = PathBuf::new();
        for c in joined.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    abs.pop();
                }
                other => abs.push(other),
            }
        }
        abs.strip_prefix(g.path()).is_ok()
            && g.matched_path_or_any_parents(&abs, is_dir).is_ignore()
    }

    /// Whether `exclude` leaves this path out. The configuration file itself is never scanned:
    /// the IDs in it are settings of remodel's.
    pub fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        (self.exclude_matcher())(path, is_dir)
    }

    /// The `exclude` matcher, for the walk's filter (which outlives the borrow of the config).
    pub fn exclude_matcher(&self) -> impl Fn(&Path, bool) -> bool + Send + Sync + 'static {
        let g = self.exclude.clone();
        let cwd = self.cwd.clone();
        let own = self
            .source
            .as_ref()
            .map(|s| std::fs::canonicalize(s).unwrap_or_else(|_| s.clone()));
        move |path, is_dir| {
            g.as_ref()
                .is_some_and(|g| Config::matches(g, &cwd, path, is_dir))
                || (!is_dir
                    && own.as_ref().is_some_and(|own| {
                        path.file_name() == own.file_name()
                            && std::fs::canonicalize(path).is_ok_and(|p| &p == own)
                    }))
        }
    }

    /// Whether an `[[ignore]]` entry leaves out this finding.
    pub fn ignored(&self, path: &Path, model: &str, text: &str) -> bool {
        self.ignores.iter().any(|(id, m)| {
            id.as_deref().is_none_or(|id| id == model || id == text)
                && m.as_ref()
                    .is_none_or(|g| Config::matches(g, &self.cwd, path, false))
        })
    }

    /// The `[[per-path]]` level for this path, with the patterns that set it.
    pub fn per_path(&self, path: &Path) -> Option<(PerPathFix, &str)> {
        self.per_path
            .iter()
            .find(|(g, ..)| Config::matches(g, &self.cwd, path, false))
            .map(|(_, f, p)| (*f, p.as_str()))
    }
}

/// The first configuration file walking up from `start`.
fn find(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let dir = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    for d in dir.ancestors() {
        for name in ["remodel.toml", ".remodel.toml"] {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        let py = d.join("pyproject.toml");
        if py.is_file()
            && std::fs::read_to_string(&py).is_ok_and(|s| {
                s.lines()
                    .any(|l| l.trim_start().starts_with("[tool.remodel"))
            })
        {
            return Some(py);
        }
    }
    None
}

/// `remodel init`: writes the commented default file, never over an existing one.
pub fn init(dir: &Path) -> anyhow::Result<u8> {
    let path = dir.join("remodel.toml");
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} already exists; not overwritten", path.display());
            return Ok(2);
        }
        Err(e) => return Err(e).with_context(|| format!("{}: cannot create", path.display())),
    };
    std::io::Write::write_all(&mut f, TEMPLATE.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    eprintln!("Wrote {}", path.display());
    Ok(0)
}
