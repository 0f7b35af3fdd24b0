//! ① Loading: notes folder → `Vec<Note>`.
//!
//! Input: a notes root and `LoadOptions`. Output: notes in book order with their front matter
//! split off and typed. Walks the folder (skipping dot-folders, `node_modules`, the output folder),
//! reads `.md`/`.mdx`, strips a BOM, normalises CRLF, drops drafts unless asked; an mdBook
//! `SUMMARY.md` gives the order when `hanji.yaml` does not (`summary.rs`), and Docusaurus
//! `sidebar_position` / `_category_.json` positions order notes and folders (`docusaurus.rs`).
//! Does not parse Markdown and does not resolve links.

mod decode;
mod docusaurus;
mod fields;
mod frontmatter;
mod order;
mod parts;
mod summary;
mod walk;

pub use decode::{Decoded, Fallback, InvalidUtf8, decode_note};
pub use frontmatter::{Split, parse_front_matter, split_front_matter, yaml_options};
pub use order::{natural_cmp, natural_path_cmp, order_notes};
pub use parts::PartsFrom;
pub use walk::is_note_file;

use crate::diag::{Diagnostic, Span, Warned};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One note read from disk.
#[derive(Clone, Debug)]
pub struct Note {
    /// Path relative to the notes root, `/`-separated (also the `Span::file` of its diagnostics).
    pub path: Arc<str>,
    /// Markdown body after the front matter, BOM stripped, line endings normalised to `\n`.
    pub body: String,
    /// 1-based line number in the file of the first line of `body` (front matter shifts it).
    pub body_line: u32,
    /// Typed front matter (defaults when absent or malformed).
    pub front: FrontMatter,
    /// Whether the file is MDX (`.mdx`): `import`/`export` lines and JSX components are expected.
    pub mdx: bool,
    /// Title of the part the note belongs to (`parts.rs`: its top-level folder, or a
    /// `SUMMARY.md` part title); set by [`load_notes`] once the notes are in book order.
    pub part: Option<String>,
}

impl Note {
    /// Span at line 1, column 1 of the note.
    pub fn span(&self) -> Span {
        Span::new(self.path.clone(), 1, 1)
    }
}

/// Front-matter keys hanji understands; unknown keys are kept in `extra`.
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `lang`: a well-formed BCP 47 tag, normalised (`KO-kr` → `ko-KR`, `한국어` → `ko`).
    pub lang: Option<crate::model::LangTag>,
    /// `slug`, e.g. `/AF2E5E` or `/r/AF2E5E`.
    pub slug: Option<String>,
    /// `aliases` (a list or one string).
    pub aliases: Vec<String>,
    /// `date`, typed (ISO 8601, YAML timestamps and Korean forms such as `2024년 5월 1일`).
    pub date: Option<crate::model::Date>,
    /// `authors` / `author` (a string or a list).
    pub authors: Vec<String>,
    /// `tags` (a list or one string).
    pub tags: Vec<String>,
    /// `description`.
    pub description: Option<String>,
    /// `draft: true` leaves the note out unless `--drafts`.
    pub draft: bool,
    /// `order`: explicit position among notes without a configured chapter list.
    pub order: Option<i64>,
    /// Any other keys, rendered as YAML-ish text values.
    pub extra: BTreeMap<String, String>,
}

/// What to load and in which order.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The notes root folder.
    pub root: PathBuf,
    /// Folders to skip while walking (e.g. the output folder when it lies inside the root).
    pub skip_dirs: Vec<PathBuf>,
    /// Include globs relative to the root (empty = everything).
    pub include: Vec<String>,
    /// Exclude globs relative to the root.
    pub exclude: Vec<String>,
    /// Explicit chapter order: note paths or names; notes not listed follow in natural order.
    pub chapter_order: Vec<String>,
    /// Keep notes with `draft: true`.
    pub drafts: bool,
    /// How notes without a chapter-list entry or front-matter `order` are sorted.
    pub sort: SortOrder,
    /// Where the book's parts come from.
    pub parts: PartsFrom,
    /// Titles that replace found part titles: by folder name (folder parts) or by the title
    /// found (SUMMARY.md parts, category labels).
    pub part_titles: BTreeMap<String, String>,
    /// `note_bytes` caps the size of a note file read.
    pub limits: crate::limits::Limits,
}

/// Order of the notes that neither the chapter list nor front-matter `order` place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Natural sort of paths: digit runs compare as numbers (`2` before `10`), case folded first.
    #[default]
    Natural,
    /// Plain code-point order of the relative path (what `ls`, git and most export scripts use).
    Path,
}

/// Why loading failed as a whole (a single bad note is only a diagnostic).
#[derive(Debug)]
pub enum LoadError {
    /// The notes root cannot be read.
    Root(PathBuf, std::io::Error),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Root(p, e) => write!(f, "cannot read notes folder {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads every note under `options.root` in book order.
///
/// Fatal only when the root itself cannot be read; an unreadable or over-large note is an error
/// diagnostic and is skipped; text that is not UTF-8 and malformed front matter are warnings and
/// the note is kept.
pub fn load_notes(options: &LoadOptions) -> Result<Warned<Vec<Note>>, LoadError> {
    let root = &options.root;
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(LoadError::Root(
                root.clone(),
                std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder"),
            ));
        }
        Err(e) => return Err(LoadError::Root(root.clone(), e)),
    }
    if let Err(e) = std::fs::read_dir(root) {
        return Err(LoadError::Root(root.clone(), e));
    }
    let (found, mut diagnostics) = walk::walk_notes(root, &options.skip_dirs);
    let (filter, glob_diags) = walk::Filter::new(&options.include, &options.exclude);
    diagnostics.extend(glob_diags);
    // mdBook: SUMMARY.md orders the book (unless hanji.yaml does) and is no chapter itself.
    let summary = options
        .chapter_order
        .is_empty()
        .then(|| summary::read_summary(root))
        .flatten();
    let found: Vec<walk::Found> = found
        .into_iter()
        .filter(|f| filter.accepts(&f.rel))
        .filter(|f| summary.is_none() || f.rel != summary::SUMMARY)
        .collect();

    // Reading and front matter are independent per note: do them on all cores, keep walk order.
    let results: Vec<(Option<Note>, Vec<Diagnostic>)> = found
        .par_iter()
        .map(|f| read_note(&f.rel, &f.abs, options.limits.note_bytes))
        .collect();
    let mut notes = Vec::with_capacity(results.len());
    for (note, diags) in results {
        diagnostics.extend(diags);
        if let Some(note) = note.filter(|n| options.drafts || !n.front.draft) {
            notes.push(note);
        }
    }
    let chapter_order = summary
        .as_ref()
        .map_or(options.chapter_order.as_slice(), |s| s.order.as_slice());
    let folders = docusaurus::folder_positions(root, &notes);
    let (notes, mut order_diags) =
        order::order_notes_in(notes, chapter_order, options.sort, &folders);
    if summary.is_some() {
        summary::point_at_summary(&mut order_diags);
    }
    let notes = parts::assign_parts(root, notes, options, summary.as_ref());
    diagnostics.extend(order_diags);
    if notes.is_empty() {
        diagnostics.push(Diagnostic::warning(
            "no-notes",
            None,
            format!(
                "no notes (.md, .mdx) to export in {}; the book is empty",
                root.display()
            ),
        ));
    }
    Ok(Warned {
        value: notes,
        diagnostics,
    })
}

/// Reads one note file; `None` (with an error diagnostic) when it cannot be used at all,
/// including a file larger than `max_bytes` (`limits.note_bytes`).
pub fn read_note(rel: &str, abs: &Path, max_bytes: u64) -> (Option<Note>, Vec<Diagnostic>) {
    let path: Arc<str> = Arc::from(rel);
    if let Ok(meta) = std::fs::metadata(abs)
        && meta.len() > max_bytes
    {
        let d = Diagnostic::error(
            "note-too-large",
            Some(Span::file_only(path)),
            format!(
                "note is {} bytes, over limits.note_bytes ({max_bytes}); note skipped",
                meta.len()
            ),
        );
        return (None, vec![d]);
    }
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(
                "read-failed",
                Some(Span::file_only(path)),
                format!("cannot read note: {e}; note skipped"),
            );
            return (None, vec![d]);
        }
    };
    match note_from_bytes(path, &bytes) {
        Ok(w) => (Some(w.value), w.diagnostics),
        Err(d) => (None, vec![d]),
    }
}

/// Builds a note from a file's bytes: decode, split and type the front matter.
/// Never fails on content (issue 8: nothing lost): text that is not UTF-8 is decoded anyway with a
/// warning (see [`decode_note`]) and malformed front matter is a warning. The `Result` stays for
/// callers written against the earlier API; it is always `Ok`.
pub fn note_from_bytes(path: Arc<str>, bytes: &[u8]) -> Result<Warned<Note>, Diagnostic> {
    let decoded = decode::decode_note(bytes);
    let mut diagnostics: Vec<Diagnostic> = decoding_warning(&path, decoded.fallback)
        .into_iter()
        .collect();
    let text = decoded.text;
    let mdx = path.to_ascii_lowercase().ends_with(".mdx");
    let split = frontmatter::split_front_matter(&text);
    let front = match split.yaml {
        Some(yaml) => {
            let w = frontmatter::parse_front_matter(yaml, &path, split.yaml_line);
            diagnostics.extend(w.diagnostics);
            w.value
        }
        None => FrontMatter::default(),
    };
    let body_line = split.body_line;
    let body = if split.yaml.is_some() {
        split.body.to_string()
    } else {
        text
    };
    Ok(Warned {
        value: Note {
            path,
            body,
            body_line,
            front,
            mdx,
            part: None,
        },
        diagnostics,
    })
}

/// The warning for a note that was not UTF-8 (`None` for UTF-8 and UTF-16 with a BOM).
fn decoding_warning(path: &Arc<str>, fallback: Option<Fallback>) -> Option<Diagnostic> {
    match fallback? {
        Fallback::Utf16 => None,
        Fallback::Legacy(name) => Some(Diagnostic::warning(
            "encoding-legacy",
            Some(Span::file_only(path.clone())),
            format!("note is not UTF-8; read as {name} (save it as UTF-8)"),
        )),
        Fallback::Lossy(at) => Some(Diagnostic::warning(
            "utf8-invalid",
            Some(Span::new(path.clone(), at.line, at.col)),
            format!(
                "invalid UTF-8 at byte offset {}; bad bytes shown as U+FFFD (save it as UTF-8)",
                at.offset
            ),
        )),
    }
}

/// A new, empty folder `hanji-<name>-<pid>` under the system temp folder, for unit tests.
#[cfg(test)]
pub(crate) fn fresh_test_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hanji-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use std::fs;

    fn tmp(name: &str) -> PathBuf {
        fresh_test_dir(&format!("load-{name}"))
    }

    fn write(root: &Path, rel: &str, bytes: &[u8]) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
    }

    #[test]
    fn summary_md_orders_the_book_unless_hanji_yaml_does() {
        let root = tmp("summary");
        for rel in ["a.md", "b.md", "c.md", "z.md"] {
            write(&root, rel, format!("# {rel}\n").as_bytes());
        }
        write(
            &root,
            "SUMMARY.md",
            b"# Summary\n\n- [C](./c.md)\n- [A](a.md)\n- [Gone](gone.md)\n",
        );
        let mut options = LoadOptions {
            root: root.clone(),
            ..LoadOptions::default()
        };
        let w = load_notes(&options).expect("root readable");
        let paths: Vec<&str> = w.value.iter().map(|n| &*n.path).collect();
        assert_eq!(
            paths,
            ["c.md", "a.md", "b.md", "z.md"],
            "SUMMARY.md is no chapter"
        );
        let missing: Vec<String> = w.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            missing,
            ["SUMMARY.md: warning: chapter `gone.md` in SUMMARY.md matches no note"]
        );
        // hanji.yaml `chapters` wins; SUMMARY.md is then an ordinary note.
        options.chapter_order = vec!["z".into()];
        let w = load_notes(&options).expect("root readable");
        let paths: Vec<&str> = w.value.iter().map(|n| &*n.path).collect();
        assert_eq!(paths, ["z.md", "a.md", "b.md", "c.md", "SUMMARY.md"]);
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn docusaurus_positions_order_notes_and_folders() {
        let root = tmp("docusaurus");
        write(&root, "a.md", b"# A\n");
        write(
            &root,
            "intro.md",
            b"---\nsidebar_position: 1\n---\n# Intro\n",
        );
        write(
            &root,
            "guide/_category_.json",
            br#"{"label": "Guide", "position": 2}"#,
        );
        write(&root, "guide/z.md", b"---\nsidebar_position: 1\n---\n# Z\n");
        write(&root, "guide/b.md", b"# B\n");
        write(&root, "zz/c.md", b"# C\n");
        let options = LoadOptions {
            root: root.clone(),
            ..LoadOptions::default()
        };
        let w = load_notes(&options).expect("root readable");
        let paths: Vec<&str> = w.value.iter().map(|n| &*n.path).collect();
        assert_eq!(
            paths,
            ["intro.md", "guide/z.md", "guide/b.md", "a.md", "zz/c.md"]
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn loads_orders_and_degrades() {
        let root = tmp("batch");
        for (rel, bytes) in [
            ("10.md", &b"# Ten\n"[..]),
            ("2.md", b"\xEF\xBB\xBF---\r\ntitle: Two\r\n---\r\nbody\r\n"),
            ("bad-utf8.md", b"ok\n\xC3\x28 broken"),
            ("bad-yaml.md", b"---\ntitle: [unclosed\n---\nstill here\n"),
            ("draft.md", b"---\ndraft: true\n---\nsecret\n"),
            ("first.mdx", b"---\norder: 1\n---\nimport X from 'x'\n"),
            (".obsidian/skip.md", b"no"),
        ] {
            write(&root, rel, bytes);
        }
        let options = LoadOptions {
            root: root.clone(),
            ..LoadOptions::default()
        };
        let w = load_notes(&options).expect("root readable");
        let paths: Vec<&str> = w.value.iter().map(|n| &*n.path).collect();
        assert_eq!(
            paths,
            ["first.mdx", "2.md", "10.md", "bad-utf8.md", "bad-yaml.md"]
        );
        let two = &w.value[1];
        assert_eq!(two.front.title.as_deref(), Some("Two"));
        assert_eq!(two.body, "body\n");
        assert_eq!(two.body_line, 4);
        assert!(w.value[0].mdx);
        assert_eq!(w.value[3].body, "ok\n\u{FFFD}( broken");
        let bad = &w.value[4];
        assert_eq!(bad.body, "still here\n");
        assert!(bad.front.title.is_none());

        let utf8 = w
            .diagnostics
            .iter()
            .find(|d| d.code == "utf8-invalid")
            .expect("utf8 diagnostic");
        assert_eq!(utf8.severity, Severity::Warning);
        assert!(utf8.message.contains("byte offset 3"), "{}", utf8.message);
        let span = utf8.span.clone().expect("span");
        assert_eq!((&*span.file, span.line, span.col), ("bad-utf8.md", 2, 1));
        let yaml = w
            .diagnostics
            .iter()
            .find(|d| d.code == "front-matter-invalid")
            .expect("yaml diagnostic");
        assert_eq!(yaml.severity, Severity::Warning);
        assert!(yaml.span.as_ref().is_some_and(|s| s.line >= 2));

        let with_drafts = load_notes(&LoadOptions {
            drafts: true,
            ..options.clone()
        })
        .expect("root readable");
        assert_eq!(with_drafts.value.len(), 6);
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn globs_and_chapter_list() {
        let root = tmp("globs");
        write(&root, "a.md", b"a");
        write(&root, "b.md", b"b");
        write(&root, "private/c.md", b"c");
        let w = load_notes(&LoadOptions {
            root: root.clone(),
            exclude: vec!["private/**".into()],
            chapter_order: vec!["b".into()],
            ..LoadOptions::default()
        })
        .expect("root readable");
        let paths: Vec<&str> = w.value.iter().map(|n| &*n.path).collect();
        assert_eq!(paths, ["b.md", "a.md"]);
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn empty_folder_warns() {
        let root = tmp("empty");
        let w = load_notes(&LoadOptions {
            root: root.clone(),
            ..LoadOptions::default()
        })
        .expect("root readable");
        assert!(w.value.is_empty());
        assert_eq!(w.diagnostics.len(), 1);
        assert_eq!(w.diagnostics[0].code, "no-notes");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn missing_root_is_fatal() {
        let r = load_notes(&LoadOptions {
            root: PathBuf::from("/nonexistent/hanji/notes"),
            ..LoadOptions::default()
        });
        assert!(matches!(r, Err(LoadError::Root(..))));
    }
}
