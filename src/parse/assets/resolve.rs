//! Step 1 of images: a reference → a file inside the notes root (nothing is read here).
//!
//! Lookup (issue 2 item 6): relative to the note, then relative to the notes root, then (for
//! Obsidian `![[name.png]]`) by file name anywhere in the root. A path that escapes the root
//! (`..`, symlinks, absolute filesystem paths) is refused with a warning; a leading `/` means
//! root-relative (Docusaurus static paths). Missing → `Image { asset: None }` + `image-missing`.

use super::super::links::{join_relative, nfc, percent_decode};
use crate::diag::{Diagnostic, Span};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Finds image files inside the notes root; reads nothing (the check in `check.rs` does).
#[derive(Debug, Default)]
pub(super) struct Resolver {
    root: PathBuf,
    /// Canonical root, when the root exists.
    canon_root: Option<PathBuf>,
    /// Root-relative path as written → canonical root-relative key (`None`: absent).
    by_path: HashMap<String, Option<String>>,
    /// File name → root-relative paths (built on first need).
    by_name: Option<HashMap<String, Vec<String>>>,
}

impl Resolver {
    /// A resolver for images under `root`.
    pub(super) fn new(root: &Path) -> Self {
        Resolver {
            root: root.to_path_buf(),
            canon_root: root.canonicalize().ok(),
            ..Default::default()
        }
    }

    /// The file a key names (keys are relative to the canonical root).
    pub(super) fn path_of(&self, key: &str) -> PathBuf {
        self.canon_root.as_ref().unwrap_or(&self.root).join(key)
    }

    /// Resolves `src` written in note `note_path` to the file's canonical root-relative path
    /// (its key: one file, one asset); warns and returns `None` when it cannot.
    pub(super) fn resolve(
        &mut self,
        src: &str,
        note_path: &str,
        wiki: bool,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let warn = |diags: &mut Vec<Diagnostic>, code, msg: String| {
            diags.push(Diagnostic::warning(code, Some(span.clone()), msg))
        };
        let src_clean = percent_decode(src.split(['?', '#']).next().unwrap_or(src).trim());
        let lower = src_clean.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
        {
            warn(
                diags,
                "image-remote",
                format!("remote image `{src}` is not downloaded"),
            );
            return None;
        }
        if src_clean.is_empty()
            || src_clean.contains('\\')
            || (src_clean.len() > 1 && src_clean.as_bytes()[1] == b':')
        {
            warn(
                diags,
                "image-outside-root",
                format!("image path `{src}` is absolute or invalid; refused"),
            );
            return None;
        }
        let mut candidates = Vec::new();
        if let Some(rel) = src_clean.strip_prefix('/') {
            candidates.push(Some(rel.to_string()));
        } else {
            candidates.push(join_relative(note_path, &src_clean));
            candidates.push(join_relative("", &src_clean));
        }
        let mut escaped = false;
        for cand in candidates {
            let Some(rel) = cand else {
                escaped = true;
                continue;
            };
            match self.try_path(&rel) {
                Ok(Some(id)) => return Some(id),
                Ok(None) => {}
                Err(()) => escaped = true,
            }
        }
        if wiki && !src_clean.contains('/') {
            let name = src_clean.clone();
            let name = nfc(&name).into_owned();
            let found = self.names().get(&name).and_then(|v| v.first().cloned());
            if let Some(rel) = found
                && let Ok(Some(id)) = self.try_path(&rel)
            {
                return Some(id);
            }
        }
        if escaped {
            warn(
                diags,
                "image-outside-root",
                format!("image `{src}` is outside the notes folder; refused"),
            );
        } else {
            warn(diags, "image-missing", format!("image `{src}` not found"));
        }
        None
    }

    /// `Ok(Some(key))` when `rel` (root-relative) is a file inside the root, `Ok(None)` when
    /// absent, `Err` when it resolves outside the root. Whether it is a usable image is decided
    /// later, once per file (`check.rs`), so a `.png` that is text is reported as what it is.
    fn try_path(&mut self, rel: &str) -> Result<Option<String>, ()> {
        if let Some(known) = self.by_path.get(rel) {
            return Ok(known.clone());
        }
        let Some(canon_root) = &self.canon_root else {
            return Ok(None);
        };
        let Ok(canon) = self.root.join(rel).canonicalize() else {
            return Ok(None);
        };
        // Never outside the root, even through symlinks.
        let Ok(inside) = canon.strip_prefix(canon_root) else {
            return Err(());
        };
        let key: String = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let found = canon.is_file().then(|| key.clone());
        self.by_path.insert(key, found.clone());
        self.by_path.insert(rel.to_string(), found.clone());
        Ok(found)
    }

    /// File name (in NFC: macOS writes names decomposed) → root-relative paths, for Obsidian
    /// lookups by name.
    fn names(&mut self) -> &HashMap<String, Vec<String>> {
        let root = self.root.clone();
        self.by_name.get_or_insert_with(|| {
            let mut map: HashMap<String, Vec<String>> = HashMap::new();
            let walker = walkdir::WalkDir::new(&root).into_iter().filter_entry(|e| {
                let n = e.file_name().to_string_lossy();
                e.depth() == 0 || !(n.starts_with('.') || n == "node_modules")
            });
            for entry in walker.flatten() {
                if entry.file_type().is_file()
                    && super::super::frames::has_image_extension(
                        &entry.file_name().to_string_lossy(),
                    )
                    && let Ok(rel) = entry.path().strip_prefix(&root)
                {
                    {
                        let rel: String = rel
                            .components()
                            .map(|c| c.as_os_str().to_string_lossy())
                            .collect::<Vec<_>>()
                            .join("/");
                        let name = entry.file_name().to_string_lossy();
                        map.entry(nfc(&name).into_owned()).or_default().push(rel);
                    }
                }
            }
            for v in map.values_mut() {
                v.sort();
            }
            map
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes_and_dedups() {
        let dir = std::env::temp_dir().join(format!("hanji-img-{}", std::process::id()));
        let root = dir.join("notes");
        std::fs::create_dir_all(root.join("sub")).ok();
        std::fs::write(root.join("sub/a.png"), b"\x89PNG\r\n\x1a\n0000").ok();
        std::fs::write(dir.join("secret.png"), b"\x89PNG\r\n\x1a\n0000").ok();
        let mut store = Resolver::new(&root);
        let span = Span::default();
        let mut d = Vec::new();
        let a = store.resolve("a.png", "sub/n.md", false, &span, &mut d);
        let b = store.resolve("sub/a.png", "n.md", false, &span, &mut d);
        let c = store.resolve("a.png", "other/n.md", true, &span, &mut d);
        assert!(a.is_some() && a == b && b == c, "{a:?} {b:?} {c:?} {d:?}");
        assert_eq!(a.as_deref(), Some("sub/a.png"));
        assert!(
            store
                .resolve("../secret.png", "n.md", false, &span, &mut d)
                .is_none()
        );
        assert_eq!(d.last().map(|x| x.code), Some("image-outside-root"));
        assert!(
            store
                .resolve("/etc/passwd", "n.md", false, &span, &mut d)
                .is_none()
        );
        assert!(
            store
                .resolve("missing.png", "n.md", false, &span, &mut d)
                .is_none()
        );
        assert_eq!(d.last().map(|x| x.code), Some("image-missing"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
