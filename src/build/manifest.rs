//! `--each` output ownership: `OUT_DIR/.hanji-each.json` lists every file an `--each` run wrote
//! and the note it came from, so a later run can remove the books of notes that are gone
//! (deleted, renamed, now drafts or excluded). Only files listed there are ever removed: a file
//! hanji did not write is never touched.

use crate::config::Format;
use crate::diag::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// The manifest's file name inside the output folder.
pub(super) const MANIFEST: &str = ".hanji-each.json";

/// Schema of the manifest.
const SCHEMA: &str = "hanji-each/1";

/// What one `--each` run knows when it sweeps the output folder.
pub(super) struct Sweep<'a> {
    /// The output folder.
    pub(super) out_dir: &'a Path,
    /// Every note of the book (all shards).
    pub(super) notes: BTreeSet<String>,
    /// The notes this run exported.
    pub(super) exported: BTreeSet<String>,
    /// Files this run wrote: path relative to `out_dir` (`/`-separated) → note.
    pub(super) written: BTreeMap<String, String>,
    /// Formats this run wrote.
    pub(super) formats: &'a [Format],
}

/// Removes the files earlier runs wrote for notes that are gone (or that this run exported
/// again under another name), then records what is owned now. Returns the removed paths.
pub(super) fn sweep(s: &Sweep<'_>) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let manifest = s.out_dir.join(MANIFEST);
    let mut owned = read_manifest(&manifest);
    let mut removed = Vec::new();
    let mut diagnostics = Vec::new();
    owned.retain(|path, note| {
        if s.written.contains_key(path) || !stale(s, path, note) {
            return true;
        }
        let Some(file) = safe_join(s.out_dir, path) else {
            return false;
        };
        match std::fs::remove_file(&file) {
            Ok(()) => {
                remove_empty_parents(s.out_dir, &file);
                removed.push(file);
                false
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => {
                diagnostics.push(Diagnostic::warning(
                    "output-stale",
                    None,
                    format!("cannot remove {} (its note is gone): {e}", file.display()),
                ));
                true
            }
        }
    });
    owned.extend(s.written.iter().map(|(p, n)| (p.clone(), n.clone())));
    if let Err(e) = crate::write_atomic(&manifest, manifest_text(&owned).as_bytes()) {
        diagnostics.push(Diagnostic::warning(
            "output-stale",
            None,
            format!("cannot write {}: {e}", manifest.display()),
        ));
    }
    removed.sort();
    (removed, diagnostics)
}

/// Whether an owned file is stale: its note is gone, or this run exported the note in that
/// format and wrote it elsewhere.
fn stale(s: &Sweep<'_>, path: &str, note: &str) -> bool {
    if !s.notes.contains(note) {
        return true;
    }
    s.exported.contains(note)
        && s.formats
            .iter()
            .any(|f| path.ends_with(&format!(".{}", f.extension())))
}

/// `out_dir/path` when `path` is relative and stays inside `out_dir` (a hand-edited manifest
/// cannot make hanji remove anything outside its output folder).
fn safe_join(out_dir: &Path, path: &str) -> Option<PathBuf> {
    let rel = Path::new(path);
    let inside = !path.is_empty()
        && rel.components().all(|c| matches!(c, Component::Normal(_)))
        && path != MANIFEST;
    inside.then(|| out_dir.join(rel))
}

/// Removes the folders `--each` made for a removed file, up to the output folder, while empty.
fn remove_empty_parents(out_dir: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out_dir || !d.starts_with(out_dir) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The owned files of the manifest at `path` (none when it is missing or unreadable).
fn read_manifest(path: &Path) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return BTreeMap::new();
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
        return BTreeMap::new();
    };
    if value["schema"] != SCHEMA {
        return BTreeMap::new();
    }
    let files = value["files"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    files
        .iter()
        .filter_map(|f| {
            Some((
                f["path"].as_str()?.to_string(),
                f["note"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// The manifest as JSON, sorted (deterministic bytes).
fn manifest_text(owned: &BTreeMap<String, String>) -> String {
    let files: Vec<serde_json::Value> = owned
        .iter()
        .map(|(p, n)| serde_json::json!({ "path": p, "note": n }))
        .collect();
    let value = serde_json::json!({ "schema": SCHEMA, "files": files });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_owned_files_of_gone_notes_are_removed() {
        let dir = crate::load::fresh_test_dir("build-manifest");
        let out = dir.join("out");
        std::fs::create_dir_all(out.join("sub")).expect("mkdir");
        for f in ["a.pdf", "gone.pdf", "sub/old.pdf", "mine.pdf"] {
            std::fs::write(out.join(f), b"x").expect("write");
        }
        let run = |notes: &[&str], written: &[(&str, &str)]| {
            let s = Sweep {
                out_dir: &out,
                notes: notes.iter().map(|n| n.to_string()).collect(),
                exported: written.iter().map(|(_, n)| n.to_string()).collect(),
                written: written
                    .iter()
                    .map(|(p, n)| (p.to_string(), n.to_string()))
                    .collect(),
                formats: &[Format::Pdf],
            };
            sweep(&s)
        };
        let all = ["a.md", "gone.md", "sub/old.md"];
        let (removed, _) = run(
            &all,
            &[
                ("a.pdf", "a.md"),
                ("gone.pdf", "gone.md"),
                ("sub/old.pdf", "sub/old.md"),
            ],
        );
        assert!(removed.is_empty());
        // Two notes are gone: their files go (and the emptied folder); `mine.pdf`, which
        // hanji never wrote, stays.
        let (removed, diags) = run(&["a.md"], &[("a.pdf", "a.md")]);
        assert_eq!(removed, [out.join("gone.pdf"), out.join("sub/old.pdf")]);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(out.join("a.pdf").is_file() && out.join("mine.pdf").is_file());
        assert!(!out.join("sub").exists());
        // A manifest that names a path outside the output folder removes nothing there.
        std::fs::write(dir.join("victim"), b"x").expect("write");
        let evil = r#"{"schema":"hanji-each/1","files":[{"path":"../victim","note":"x.md"}]}"#;
        std::fs::write(out.join(MANIFEST), evil).expect("write");
        let (removed, _) = run(&["a.md"], &[("a.pdf", "a.md")]);
        assert!(removed.is_empty() && dir.join("victim").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
