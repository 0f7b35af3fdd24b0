//! Walking the notes folder: which files are notes, with include/exclude globs applied.

use crate::diag::{Diagnostic, Span};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A note file found by the walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Found {
    /// Path relative to the root, `/`-separated.
    pub rel: String,
    /// Path on disk.
    pub abs: PathBuf,
}

/// Folder names never walked into: tool state and dependencies, not notes.
const SKIPPED_NAMES: &[&str] = &["node_modules"];

/// Whether a file name is a note (`.md` / `.mdx`, any case).
pub fn is_note_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".mdx")
}

/// Lists every note file under `root` (not following symlinks), skipping dot-folders
/// (`.obsidian`, `.git`, `.trash`), `node_modules` and `skip_dirs`. Unreadable entries become
/// warnings; the walk goes on.
pub(super) fn walk_notes(root: &Path, skip_dirs: &[PathBuf]) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    // Compare canonical paths so `output` and `./notes/../output` are the same folder.
    let skip: Vec<PathBuf> = skip_dirs
        .iter()
        .filter_map(|d| d.canonicalize().ok())
        .collect();
    let root_canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(&root_canon)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 || !e.file_type().is_dir() {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            !(name.starts_with('.')
                || SKIPPED_NAMES.contains(&name.as_ref())
                || skip.iter().any(|s| s == e.path()))
        });
    let mut found = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(&root_canon).ok())
                    .map(rel_string)
                    .unwrap_or_default();
                diagnostics.push(Diagnostic::warning(
                    "walk-failed",
                    (!rel.is_empty()).then(|| Span::file_only(Arc::from(rel.as_str()))),
                    format!("cannot read folder entry: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if !is_note_file(&name) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&root_canon) else {
            continue;
        };
        found.push(Found {
            rel: rel_string(rel),
            abs: entry.path().to_path_buf(),
        });
    }
    (found, diagnostics)
}

/// A relative path as a `/`-separated string (lossy for non-UTF-8 names).
fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Include/exclude filters on relative paths.
pub(super) struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Filter {
    /// Builds the filter; an invalid glob is skipped with a warning.
    pub(super) fn new(include: &[String], exclude: &[String]) -> (Filter, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let include_set = build_set(include, &mut diagnostics);
        let exclude_set = build_set(exclude, &mut diagnostics);
        (
            Filter {
                include: include_set,
                exclude: exclude_set,
            },
            diagnostics,
        )
    }

    /// Whether the note at `rel` is exported.
    pub(super) fn accepts(&self, rel: &str) -> bool {
        self.include.as_ref().is_none_or(|s| s.is_match(rel))
            && !self.exclude.as_ref().is_some_and(|s| s.is_match(rel))
    }
}

fn build_set(globs: &[String], diagnostics: &mut Vec<Diagnostic>) -> Option<GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        match Glob::new(g) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => diagnostics.push(Diagnostic::warning(
                "glob-invalid",
                Some(Span::file_only(Arc::from("hanji.yaml"))),
                format!("invalid glob `{g}` ignored: {e}"),
            )),
        }
    }
    match builder.build() {
        Ok(set) => Some(set),
        Err(e) => {
            diagnostics.push(Diagnostic::warning(
                "glob-invalid",
                None,
                format!("globs ignored: {e}"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tmp(name: &str) -> PathBuf {
        super::super::fresh_test_dir(&format!("walk-{name}"))
    }

    #[test]
    fn skips_dot_folders_node_modules_and_output() {
        let root = tmp("skip");
        for p in [
            "a.md",
            "b.MDX",
            "c.txt",
            "sub/d.md",
            ".obsidian/x.md",
            ".git/y.md",
            "node_modules/z.md",
            "output/o.md",
        ] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(&path, "x").expect("write");
        }
        let (found, diags) = walk_notes(&root, &[root.join("output")]);
        let rels: Vec<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.md", "b.MDX", "sub/d.md"]);
        assert!(diags.is_empty());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn include_and_exclude() {
        let (f, d) = Filter::new(&["notes/**".into()], &["**/private/**".into()]);
        assert!(d.is_empty());
        assert!(f.accepts("notes/a.md"));
        assert!(!f.accepts("other/a.md"));
        assert!(!f.accepts("notes/private/a.md"));
        let (f, _) = Filter::new(&[], &["*.mdx".into()]);
        assert!(f.accepts("a.md"));
        assert!(!f.accepts("dir/a.mdx"));
    }

    #[test]
    fn invalid_glob_warns() {
        let (f, d) = Filter::new(&[], &["a[".into()]);
        assert_eq!(d.len(), 1);
        assert!(f.accepts("a.md"));
    }
}
