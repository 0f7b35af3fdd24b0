//! What a build reports: files written, per-note status, timings, and the fatal errors.

use crate::config::Format;
use crate::diag::{Diagnostic, Severity};
use crate::{font, load};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One file written by a build.
#[derive(Clone, Debug)]
pub struct OutputFile {
    /// Format of the file.
    pub format: Format,
    /// Where it was written.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
    /// Number of pages (PDF only).
    pub pages: Option<usize>,
}

/// One book produced by a build: the whole notes folder, or one note with `--each`.
#[derive(Clone, Debug, Default)]
pub struct BookOutcome {
    /// The note this book was made from (`--each`), `None` for the whole-folder book.
    pub note: Option<String>,
    /// Number of chapters in the book.
    pub chapters: usize,
    /// Files written.
    pub outputs: Vec<OutputFile>,
    /// Links to other notes turned into plain text (`--each` only).
    pub links_flattened: usize,
    /// Whether the files came from the build cache (`--cache`) instead of being rendered.
    pub cached: bool,
    /// Time per stage for this book.
    pub timings: Timings,
}

/// How one note fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteStatus {
    /// Exported without diagnostics.
    Ok,
    /// Exported, with warnings.
    Warnings,
    /// Not exported: an error made it unusable (e.g. invalid UTF-8).
    Failed,
}

impl NoteStatus {
    /// Stable lower-case name used in reports: `ok`, `warnings`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteStatus::Ok => "ok",
            NoteStatus::Warnings => "warnings",
            NoteStatus::Failed => "failed",
        }
    }
}

/// A note seen by the build.
#[derive(Clone, Debug)]
pub struct NoteOutcome {
    /// Path relative to the notes folder, `/`-separated.
    pub path: String,
    /// Whether it was exported and how cleanly.
    pub status: NoteStatus,
}

/// Wall time per stage, in pipeline order (a stage run for several books adds up).
#[derive(Clone, Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    /// Adds `time` to `stage`.
    pub fn add(&mut self, stage: &'static str, time: Duration) {
        match self.0.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += time,
            None => self.0.push((stage, time)),
        }
    }

    /// Adds every stage of `other`.
    pub fn merge(&mut self, other: &Timings) {
        for (s, t) in &other.0 {
            self.add(s, *t);
        }
    }

    /// Runs `f`, adding its wall time to `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.add(stage, start.elapsed());
        value
    }
}

/// The result of a build or check that ran to the end (warnings and failed notes included).
#[derive(Clone, Debug, Default)]
pub struct BuildOutcome {
    /// Books produced (empty for `check`).
    pub books: Vec<BookOutcome>,
    /// Every note found, in book order, then the ones that failed to load.
    pub notes: Vec<NoteOutcome>,
    /// Every diagnostic, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Time per stage, all books together.
    pub timings: Timings,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// `--each`: files earlier runs wrote for notes that are gone, removed by this run.
    pub removed: Vec<PathBuf>,
}

impl BuildOutcome {
    /// Number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Whether something failed (an error diagnostic: a note could not be exported).
    pub fn failed(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Why a build stopped without producing its books.
#[derive(Debug)]
pub enum BuildError {
    /// The notes folder cannot be read.
    Load(load::LoadError),
    /// The fonts cannot be loaded.
    Font(font::FontError),
    /// An output file cannot be written (nothing partial is left behind).
    Write(PathBuf, std::io::Error),
    /// The notes folder holds no note to export (a wrong path, or filters that leave nothing).
    NoNotes {
        /// The notes folder.
        dir: PathBuf,
        /// Notes that were found but could not be read.
        failed: usize,
        /// Whether drafts were included (`--drafts`).
        drafts: bool,
        /// Whether `include`/`exclude` globs were set.
        filtered: bool,
    },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Load(e) => write!(f, "{e}"),
            BuildError::Font(e) => write!(f, "cannot load fonts: {e}"),
            BuildError::Write(p, e) => write!(f, "cannot write {}: {e}", p.display()),
            BuildError::NoNotes {
                dir,
                failed,
                drafts,
                filtered,
            } => {
                write!(f, "no notes (.md, .mdx) to export in {}", dir.display())?;
                if *failed > 0 {
                    write!(f, "; {failed} could not be read (see above)")?;
                }
                if !drafts {
                    write!(f, "; notes with `draft: true` need --drafts")?;
                }
                if *filtered {
                    write!(f, "; hanji.yaml include/exclude apply")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// Status of every note: the loaded ones from their diagnostics, then those that failed.
pub(super) fn note_outcomes(notes: &[Arc<str>], diagnostics: &[Diagnostic]) -> Vec<NoteOutcome> {
    let mut worst: BTreeMap<&str, Severity> = BTreeMap::new();
    for d in diagnostics {
        if let Some(span) = &d.span {
            let e = worst.entry(&span.file).or_insert(d.severity);
            *e = (*e).max(d.severity);
        }
    }
    let mut out: Vec<NoteOutcome> = notes
        .iter()
        .map(|n| NoteOutcome {
            path: n.to_string(),
            status: match worst.get(&**n) {
                None => NoteStatus::Ok,
                // A loaded note with an error (e.g. in layout) was still exported, degraded.
                Some(_) => NoteStatus::Warnings,
            },
        })
        .collect();
    for d in diagnostics {
        // The codes of a note that load skipped (it is in no chapter).
        if matches!(d.code, "read-failed" | "note-too-large")
            && let Some(span) = &d.span
            && !out.iter().any(|n| n.path == *span.file)
        {
            out.push(NoteOutcome {
                path: span.file.to_string(),
                status: NoteStatus::Failed,
            });
        }
    }
    out
}
