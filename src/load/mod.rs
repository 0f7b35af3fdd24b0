//! ① Loading: notes folder → `Vec<Note>`.
//!
//! Input: a notes root and `LoadOptions`. Output: notes in book order with their front matter
//! split off and typed. Walks the folder (skipping dot-folders, `node_modules`, the output folder),
//! reads `.md`/`.mdx`, strips a BOM, normalises CRLF, drops drafts unless asked.
//! Does not parse Markdown and does not resolve links.

use crate::diag::{Span, Warned};
use std::collections::BTreeMap;
use std::path::PathBuf;
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
    /// `lang` (BCP 47).
    pub lang: Option<String>,
    /// `slug`, e.g. `/AF2E5E` or `/r/AF2E5E`.
    pub slug: Option<String>,
    /// `aliases` (a list or one string).
    pub aliases: Vec<String>,
    /// `date` (a string or a YAML date), as text.
    pub date: Option<String>,
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
pub fn load_notes(options: &LoadOptions) -> Result<Warned<Vec<Note>>, LoadError> {
    let _ = options;
    todo!("load helper")
}
