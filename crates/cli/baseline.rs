//! Baselines: `check --write-baseline FILE` records today's findings, `check --baseline FILE`
//! reports only those not in it, so a large repository can adopt the check before fixing
//! everything.
//!
//! A finding's fingerprint is its path, its text, the content of its line with whitespace
//! trimmed, and which occurrence of that line it is in the file: it does not depend on the line
//! number, so edits above the site leave it unchanged.

use crate::scan::{FileReport, Outcome};
use anyhow::Context as _;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// FNV-1a, 64 bits: stable across releases and platforms, unlike `std`'s hasher.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.iter().chain(std::iter::once(&0u8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The fingerprints of a file's findings, in item order.
fn fingerprints(f: &FileReport) -> Vec<String> {
    let mut seen: HashMap<(String, Vec<u8>), usize> = HashMap::new();
    f.items
        .iter()
        .map(|i| {
            let r = &i.finding.range;
            let start = f.bytes[..r.start.min(f.bytes.len())]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1);
            let end = f.bytes[r.end.min(f.bytes.len())..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(f.bytes.len(), |p| r.end + p);
            let line = f.bytes[start..end].trim_ascii().to_vec();
            let n = seen
                .entry((i.finding.text.clone(), line.clone()))
                .or_default();
            *n += 1;
            format!(
                "{:016x}",
                fnv(&[
                    f.display.as_bytes(),
                    i.finding.text.as_bytes(),
                    &line,
                    n.to_string().as_bytes()
                ])
            )
        })
        .collect()
}

/// Writes the findings that are in use to `path`.
pub fn write(outcome: &Outcome, path: &Path) -> anyhow::Result<usize> {
    let mut rows = Vec::new();
    for f in &outcome.files {
        for (i, fp) in f.items.iter().zip(fingerprints(f)) {
            if i.in_use() {
                rows.push(serde_json::json!({
                    "path": f.display,
                    "model": i.finding.text,
                    "fingerprint": fp,
                }));
            }
        }
    }
    let n = rows.len();
    let doc = serde_json::json!({ "version": 1, "findings": rows });
    let text = serde_json::to_string_pretty(&doc)? + "\n";
    std::fs::write(path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(n)
}

/// Removes from `outcome` the findings recorded in the baseline at `path`; returns how many.
pub fn apply(outcome: &mut Outcome, path: &Path) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let doc: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a baseline (JSON)", path.display()))?;
    if doc["version"] != 1 {
        anyhow::bail!("{}: not a version 1 baseline", path.display());
    }
    let known: HashSet<&str> = doc["findings"]
        .as_array()
        .with_context(|| format!("{}: no `findings` list", path.display()))?
        .iter()
        .filter_map(|f| f["fingerprint"].as_str())
        .collect();
    let mut hidden = 0;
    for f in &mut outcome.files {
        let fps = fingerprints(f);
        let mut keep = fps.iter().map(|fp| !known.contains(fp.as_str()));
        let before = f.items.len();
        f.items.retain(|_| keep.next().unwrap_or(true));
        hidden += before - f.items.len();
    }
    outcome.files.retain(|f| !f.items.is_empty());
    Ok(hidden)
}
