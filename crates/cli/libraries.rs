//! Client libraries that send something of their own with every request (`[[library]]` in the
//! registry): a file that imports one, in a project that resolves a version below the listed one,
//! gets the library's companions on every fix in it.

use remodel_parser::{Companion, Lang};
use remodel_registry::{parse_version, Library, Registry};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

type Version = (u64, u64, u64);

/// Where a project's version of a package was read.
#[derive(Debug, Clone, PartialEq)]
struct Resolved {
    version: Version,
    /// `yarn.lock`, `package.json (^0.3.21)`: shown in the reason.
    from: String,
}

/// Versions resolved per (folder, package), shared by the walk's threads.
#[derive(Default)]
pub struct Libraries {
    cache: Mutex<HashMap<(PathBuf, String), Option<Resolved>>>,
    /// Whether a module file imports a package, per (file, package).
    imports: Mutex<HashMap<(PathBuf, String), bool>>,
}

const LOCKFILES: &[&str] = &["package-lock.json", "yarn.lock", "pnpm-lock.yaml"];

impl Libraries {
    /// The companions the libraries imported by this file send, at the versions its project
    /// resolves. `path` is the file on disk.
    pub fn companions(
        &self,
        registry: &Registry,
        path: &Path,
        src: &[u8],
        lang: Lang,
    ) -> Vec<Companion> {
        if !matches!(lang, Lang::JavaScript | Lang::TypeScript | Lang::Tsx) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for lib in registry.libraries() {
            // Imported here, or by a module of the project this file imports (`import ClaudeAPIBot
            // from "./ClaudeAPIBot"`, whose class the file extends): one step, not the graph.
            let Some((line, via)) = import_line(src, &lib.id)
                .map(|l| (l, None))
                .or_else(|| self.imported_via(path, src, &lib.id))
            else {
                continue;
            };
            let Some(dir) = path.parent() else { continue };
            let Some(found) = self.resolve(dir, &lib.id) else {
                continue;
            };
            if !below(&found.version, lib) {
                continue;
            }
            let (a, b, c) = found.version;
            let via = via.map_or(String::new(), |m: String| format!(", through {m}"));
            for id in &lib.sends {
                out.push(Companion {
                    id: id.clone(),
                    text: format!("{} {a}.{b}.{c} ({}{via})", lib.id, found.from),
                    value: None,
                    line,
                });
            }
        }
        out
    }

    /// The line of a relative import (`from "./base"`) whose module imports `package`, and that
    /// module's specifier.
    fn imported_via(
        &self,
        path: &Path,
        src: &[u8],
        package: &str,
    ) -> Option<(usize, Option<String>)> {
        let dir = path.parent()?;
        for (line, spec) in relative_imports(src) {
            let Some(file) = module_file(dir, &spec) else {
                continue;
            };
            let key = (file.clone(), package.to_string());
            let hit = {
                let cached = self.imports.lock().ok()?.get(&key).copied();
                match cached {
                    Some(hit) => hit,
                    None => {
                        let hit = std::fs::read(&file)
                            .ok()
                            .filter(|t| t.len() <= 1 << 20)
                            .is_some_and(|t| import_line(&t, package).is_some());
                        if let Ok(mut c) = self.imports.lock() {
                            c.insert(key, hit);
                        }
                        hit
                    }
                }
            };
            if hit {
                return Some((line, Some(spec)));
            }
        }
        None
    }

    fn resolve(&self, dir: &Path, package: &str) -> Option<Resolved> {
        let key = (dir.to_path_buf(), package.to_string());
        if let Some(hit) = self.cache.lock().ok()?.get(&key) {
            return hit.clone();
        }
        let found = resolve_uncached(dir, package);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, found.clone());
        }
        found
    }
}

fn below(v: &Version, lib: &Library) -> bool {
    parse_version(&lib.versions_below).is_some_and(|limit| *v < limit)
}

/// Relative module specifiers the file imports (`from "./base"`, `require('../x')`), with
/// their 1-based lines.
fn relative_imports(src: &[u8]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in src.split(|b| *b == b'\n').enumerate() {
        let t = line.trim_ascii_start();
        if !(t.starts_with(b"import ")
            || t.starts_with(b"export ")
            || memchr::memmem::find(t, b"require(").is_some())
        {
            continue;
        }
        for quote in [b'"', b'\''] {
            let mut rest = t;
            while let Some(at) = memchr::memchr(quote, rest) {
                let after = &rest[at + 1..];
                let Some(end) = memchr::memchr(quote, after) else {
                    break;
                };
                let spec = &after[..end];
                if spec.starts_with(b"./") || spec.starts_with(b"../") {
                    out.push((n + 1, String::from_utf8_lossy(spec).into_owned()));
                }
                rest = &after[end + 1..];
            }
        }
    }
    out
}

/// The file a relative specifier names: as written, or with a JS/TS extension, or its index.
fn module_file(dir: &Path, spec: &str) -> Option<PathBuf> {
    let base = dir.join(spec);
    let exts = ["js", "ts", "tsx", "jsx", "mjs", "cjs"];
    std::iter::once(base.clone())
        .chain(exts.iter().map(|e| {
            let mut p = base.clone().into_os_string();
            p.push(format!(".{e}"));
            PathBuf::from(p)
        }))
        .chain(exts.iter().map(|e| base.join(format!("index.{e}"))))
        .find(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
}

/// The 1-based line of `from "<package>"`, `require('<package>')` or an import of a subpath.
fn import_line(src: &[u8], package: &str) -> Option<usize> {
    for quote in [b'"', b'\''] {
        let mut needle = vec![quote];
        needle.extend_from_slice(package.as_bytes());
        for at in memchr::memmem::find_iter(src, &needle) {
            let next = src.get(at + needle.len()).copied();
            if next == Some(quote) || next == Some(b'/') {
                return Some(memchr::memchr_iter(b'\n', &src[..at]).count() + 1);
            }
        }
    }
    None
}

/// From the file's folder up to the repository root (a folder with `.git`): the first lockfile
/// that lists the package gives the version; without one, the nearest `package.json` that
/// depends on it gives the lower bound of its range.
fn resolve_uncached(dir: &Path, package: &str) -> Option<Resolved> {
    let mut manifest: Option<Resolved> = None;
    let mut here = Some(dir);
    let mut depth = 0;
    while let Some(d) = here {
        for name in LOCKFILES {
            let Ok(text) = std::fs::read_to_string(d.join(name)) else {
                continue;
            };
            if let Some(v) = locked_version(name, &text, package) {
                return Some(Resolved {
                    version: v,
                    from: name.to_string(),
                });
            }
        }
        if manifest.is_none() {
            if let Ok(text) = std::fs::read_to_string(d.join("package.json")) {
                manifest = manifest_range(&text, package).and_then(|range| {
                    lower_bound(&range).map(|v| Resolved {
                        version: v,
                        from: format!("package.json ({range})"),
                    })
                });
            }
        }
        depth += 1;
        if d.join(".git").exists() || depth > 32 {
            break;
        }
        here = d.parent();
    }
    manifest
}

/// The lowest version of `package` a lockfile resolves (a project may hold several).
fn locked_version(name: &str, text: &str, package: &str) -> Option<Version> {
    let mut versions: Vec<Version> = Vec::new();
    match name {
        "package-lock.json" => {
            let doc: serde_json::Value = serde_json::from_str(text).ok()?;
            let wanted = format!("node_modules/{package}");
            if let Some(pkgs) = doc.get("packages").and_then(|p| p.as_object()) {
                for (k, v) in pkgs {
                    if k == &wanted || k.ends_with(&format!("/{wanted}")) {
                        if let Some(v) = v.get("version").and_then(|v| v.as_str()) {
                            versions.extend(parse_version(v));
                        }
                    }
                }
            }
            // Lockfile version 1.
            if let Some(v) = doc
                .get("dependencies")
                .and_then(|d| d.get(package))
                .and_then(|d| d.get("version"))
                .and_then(|v| v.as_str())
            {
                versions.extend(parse_version(v));
            }
        }
        "yarn.lock" => {
            // `"@scope/pkg@^0.3.21", "@scope/pkg@^0.3.0":` then `  version "0.3.21"` (classic),
            // or `"@scope/pkg@npm:^0.3.21":` then `  version: 0.3.21` (berry).
            let mut inside = false;
            for line in text.lines() {
                if !line.starts_with(' ') && !line.is_empty() {
                    let head = line.trim_end_matches(':');
                    inside = head.split(", ").any(|spec| {
                        let spec = spec.trim_matches('"');
                        spec.strip_prefix(package)
                            .is_some_and(|rest| rest.starts_with('@'))
                    });
                    continue;
                }
                if inside {
                    let t = line.trim();
                    if let Some(v) = t
                        .strip_prefix("version ")
                        .or_else(|| t.strip_prefix("version: "))
                    {
                        versions.extend(parse_version(v.trim_matches('"')));
                        inside = false;
                    }
                }
            }
        }
        "pnpm-lock.yaml" => {
            // Keys `/@scope/pkg@0.3.21:` (v6), `'@scope/pkg@0.3.21':` (v9), `/@scope/pkg/0.3.21:` (v5).
            for line in text.lines() {
                let t = line.trim().trim_start_matches('/').trim_matches('\'');
                let t = t.trim_end_matches(':').trim_matches('\'');
                for sep in ['@', '/'] {
                    if let Some(rest) = t.strip_prefix(package).and_then(|r| r.strip_prefix(sep)) {
                        let v = rest.split(['(', '_']).next().unwrap_or(rest);
                        versions.extend(parse_version(v));
                    }
                }
            }
        }
        _ => {}
    }
    versions.into_iter().min()
}

/// The range `package.json` gives the package in any dependency list.
fn manifest_range(text: &str, package: &str) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_str(text).ok()?;
    for list in [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ] {
        if let Some(r) = doc
            .get(list)
            .and_then(|d| d.get(package))
            .and_then(|r| r.as_str())
        {
            return Some(r.to_string());
        }
    }
    None
}

/// The lowest version a range allows (`^0.3.21`, `~0.3`, `>=0.2.0 <0.4`, `0.3.x`), or `None` when it
/// names no version (`*`, `latest`, a path, a URL, a workspace).
fn lower_bound(range: &str) -> Option<Version> {
    let first = range.split("||").next()?.split_whitespace().next()?;
    let v = first.trim_start_matches(['^', '~', '>', '=', 'v']);
    let v = v.replace(".x", "").replace(".*", "");
    if v.is_empty() || v.contains(':') || v.contains('/') {
        return None;
    }
    parse_version(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockfiles_and_ranges() {
        let yarn = "# yarn lockfile v1\n\n\"@langchain/anthropic@^0.3.21\":\n  version \"0.3.21\"\n  resolved \"x\"\n\n\"@langchain/core@^0.3.0\":\n  version \"0.3.40\"\n";
        assert_eq!(
            locked_version("yarn.lock", yarn, "@langchain/anthropic"),
            Some((0, 3, 21))
        );
        let berry = "\"@langchain/anthropic@npm:^1.2.0\":\n  version: 1.2.3\n";
        assert_eq!(
            locked_version("yarn.lock", berry, "@langchain/anthropic"),
            Some((1, 2, 3))
        );
        let npm =
            r#"{"packages":{"":{},"node_modules/@langchain/anthropic":{"version":"0.3.34"}}}"#;
        assert_eq!(
            locked_version("package-lock.json", npm, "@langchain/anthropic"),
            Some((0, 3, 34))
        );
        let pnpm = "packages:\n\n  '@langchain/anthropic@0.3.30(@langchain/core@0.3.1)':\n    resolution: {}\n  /@langchain/anthropic@0.3.9:\n";
        assert_eq!(
            locked_version("pnpm-lock.yaml", pnpm, "@langchain/anthropic"),
            Some((0, 3, 9))
        );
        // Another package whose name starts the same is not it.
        let other = "\"@langchain/anthropic-extra@^0.1.0\":\n  version \"0.1.0\"\n";
        assert_eq!(
            locked_version("yarn.lock", other, "@langchain/anthropic"),
            None
        );
        assert_eq!(lower_bound("^0.3.21"), Some((0, 3, 21)));
        assert_eq!(lower_bound(">=0.2 <0.4"), Some((0, 2, 0)));
        assert_eq!(lower_bound("0.3.x"), Some((0, 3, 0)));
        assert_eq!(lower_bound("*"), None);
        assert_eq!(lower_bound("latest"), None);
        assert_eq!(lower_bound("workspace:*"), None);
        assert_eq!(
            import_line(
                b"import x from 'y';\nimport { ChatAnthropic } from \"@langchain/anthropic\";\n",
                "@langchain/anthropic"
            ),
            Some(2)
        );
        assert_eq!(
            import_line(b"from \"@langchain/anthropic-x\"", "@langchain/anthropic"),
            None
        );
    }
}
