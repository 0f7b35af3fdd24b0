//! hanji: a folder of Markdown notes → an EPUB 3 e-book and a paginated PDF, with Korean
//! typography, embedded fonts and working links.
//!
//! The pipeline, one module per stage:
//! 1. [`load`]: notes folder → `Vec<Note>` (walk, front matter, order).
//! 2. [`parse`]: notes → [`model::Book`] (IR 1; links resolved, raw HTML sanitised).
//! 3. [`text`]: shaping and line breaking (knows nothing of Markdown).
//! 4. [`layout`]: model → pages (IR 3).
//! 5. [`pdf`] writes pages as PDF; [`epub`] writes the model as EPUB.
//!
//! [`config`] turns the command line and `hanji.yaml` into each stage's options, [`build`] runs
//! the stages and writes the files atomically, and [`cli`] is the only place that prints.
//!
//! A small book built in memory, without touching the disk:
//!
//! ```
//! use hanji::{load, model, parse};
//! use std::sync::Arc;
//!
//! let text = "---\ntitle: 한지\n---\n# 첫 장\n\n[[없는 노트]]로 가는 링크.\n";
//! let note = load::note_from_bytes(Arc::from("first.md"), text.as_bytes()).unwrap().value;
//! assert_eq!(note.front.title.as_deref(), Some("한지"));
//! assert_eq!(note.body_line, 4);
//!
//! let options = parse::ParseOptions::default();
//! let book = parse::parse_book(&[note], &options);
//! assert_eq!(book.value.chapters.len(), 1);
//! assert_eq!(book.value.chapters[0].title, "한지");
//! // The dangling link is a warning at file:line:col, never a failure.
//! assert!(book.diagnostics.iter().any(|d| d.span.as_ref().is_some_and(|s| s.line == 6)));
//! let dump = model::dump::dump_book(&book.value);
//! assert!(dump.contains("없는 노트"));
//! ```

pub mod cli;
pub mod config;
pub mod diag;
pub mod epub;
pub mod font;
pub mod layout;
pub mod load;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod text;

use config::{Config, Format};
use diag::{Diagnostic, Severity};
use model::{Block, BlockKind, Book, ChapterId, Inline, InlineKind, LinkTarget};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// The PDF cannot be produced (a font cannot be embedded).
    Pdf(font::FontError),
    /// An output file cannot be written (nothing partial is left behind).
    Write(PathBuf, std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Load(e) => write!(f, "{e}"),
            BuildError::Font(e) => write!(f, "cannot load fonts: {e}"),
            BuildError::Pdf(e) => write!(f, "cannot write the PDF: {e}"),
            BuildError::Write(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for BuildError {}

/// Progress events for a front end (the CLI draws a bar from them; the library never prints).
#[derive(Clone, Copy, Debug)]
pub enum Progress<'a> {
    /// A stage of the whole run started.
    Stage(&'static str),
    /// `n` books are about to be rendered.
    Books(usize),
    /// One book is written (its note with `--each`).
    BookDone(Option<&'a str>),
}

/// Loads, parses and resolves everything; writes nothing (`hanji check`).
pub fn check(config: &Config) -> Result<BuildOutcome, BuildError> {
    let start = Instant::now();
    let mut timings = Timings::default();
    let (notes, mut diagnostics) = timings.time("load", || load_stage(config))?;
    let book = timings.time("parse", || {
        parse::parse_book(&notes, &config.parse_options())
    });
    diagnostics.extend(book.diagnostics);
    Ok(BuildOutcome {
        books: Vec::new(),
        notes: note_outcomes(&notes, &diagnostics),
        diagnostics,
        timings,
        elapsed: start.elapsed(),
    })
}

/// Runs the whole pipeline and writes every requested output (`hanji build`).
pub fn build(config: &Config) -> Result<BuildOutcome, BuildError> {
    build_with(config, &|_| {})
}

/// [`build`], reporting progress to `progress`.
///
/// Load → parse → for each book: EPUB (model → bytes) alongside layout → PDF, then every file
/// is written atomically. With `--each`, one book per note (in parallel), links to other notes
/// become plain text. A font or write failure is fatal; a bad note only a diagnostic.
pub fn build_with(
    config: &Config,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<BuildOutcome, BuildError> {
    let start = Instant::now();
    let mut timings = Timings::default();
    progress(Progress::Stage("load"));
    let (notes, mut diagnostics) = timings.time("load", || load_stage(config))?;
    progress(Progress::Stage("parse"));
    let parsed = timings.time("parse", || {
        parse::parse_book(&notes, &config.parse_options())
    });
    diagnostics.extend(parsed.diagnostics);
    let book = parsed.value;

    let fonts = if config.formats.contains(&Format::Pdf) {
        progress(Progress::Stage("fonts"));
        Some(
            timings
                .time("fonts", || font::FontBook::load(&config.font_options()))
                .map_err(BuildError::Font)?,
        )
    } else {
        None
    };

    // One job for the whole book, or one per note (`--each`, optionally one shard of them).
    let jobs: Vec<Option<usize>> = if config.each {
        each_order(&book, config.shard)
            .into_iter()
            .map(Some)
            .collect()
    } else {
        vec![None]
    };
    progress(Progress::Books(jobs.len()));
    let stems = stem_counts(&book);
    let results = run_jobs(&jobs, |job| {
        let (outcome, diags) = match *job {
            None => render_and_write(config, &book, None, "book", fonts.as_ref())?,
            Some(index) => {
                // Built per job, not up front: only the books in flight are in memory.
                let (sub, flattened) = single_chapter_book(&book, index);
                let note = book.chapters[index].source.as_str();
                let stem = each_stem(note, &stems);
                let (mut outcome, diags) =
                    render_and_write(config, &sub, Some(note), &stem, fonts.as_ref())?;
                outcome.links_flattened = flattened;
                (outcome, diags)
            }
        };
        progress(Progress::BookDone(outcome.note.as_deref()));
        Ok((outcome, diags))
    });
    let results = results?;
    let mut books = Vec::with_capacity(results.len());
    for (outcome, diags) in results {
        timings.merge(&outcome.timings);
        diagnostics.extend(diags);
        books.push(outcome);
    }
    Ok(BuildOutcome {
        books,
        notes: note_outcomes(&notes, &diagnostics),
        diagnostics,
        timings,
        elapsed: start.elapsed(),
    })
}

/// Runs `f` on every job and returns the results in job order, stopping at the first error.
///
/// Several jobs run on plain threads (as many as the rayon pool has), not as rayon tasks: a
/// thread that waits inside a stage's own parallel code then cannot steal another book's work,
/// so worker stacks stay shallow and per-stage timings measure only their own book.
fn run_jobs<J: Sync, T: Send>(
    jobs: &[J],
    f: impl Fn(&J) -> Result<T, BuildError> + Sync,
) -> Result<Vec<T>, BuildError> {
    if jobs.len() <= 1 {
        return jobs.iter().map(&f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let slots: Vec<std::sync::Mutex<Option<Result<T, BuildError>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let workers = rayon::current_num_threads().clamp(1, jobs.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let spawned = std::thread::Builder::new()
                .stack_size(16 << 20)
                .spawn_scoped(scope, || {
                    use std::sync::atomic::Ordering::Relaxed;
                    while !stop.load(Relaxed) {
                        let i = next.fetch_add(1, Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let result = f(job);
                        if result.is_err() {
                            stop.store(true, Relaxed);
                        }
                        if let Ok(mut slot) = slots[i].lock() {
                            *slot = Some(result);
                        }
                    }
                });
            // No thread: the other workers, or the caller below, run its jobs.
            drop(spawned);
        }
    });
    // The first error in job order wins; a job no thread ran (none could be spawned) runs here.
    let mut out = Vec::with_capacity(jobs.len());
    for (job, slot) in jobs.iter().zip(slots) {
        match slot.into_inner().ok().flatten() {
            Some(result) => out.push(result?),
            None => out.push(f(job)?),
        }
    }
    Ok(out)
}

/// ① Loads the notes with the config's options.
fn load_stage(config: &Config) -> Result<(Vec<load::Note>, Vec<Diagnostic>), BuildError> {
    let loaded = load::load_notes(&config.load_options()).map_err(BuildError::Load)?;
    Ok((loaded.value, loaded.diagnostics))
}

/// Renders one book in every requested format, then writes all its files. Nothing is written
/// unless every format was produced ("never half a book").
fn render_and_write(
    config: &Config,
    book: &Book,
    note: Option<&str>,
    stem: &str,
    fonts: Option<&font::FontBook>,
) -> Result<(BookOutcome, Vec<Diagnostic>), BuildError> {
    let mut timings = Timings::default();
    let mut diagnostics = Vec::new();
    let want = |f: Format| config.formats.contains(&f);

    let epub_chain = || {
        want(Format::Epub).then(|| {
            let start = Instant::now();
            let w = epub::write_epub(book, &config.epub_options());
            (w, start.elapsed())
        })
    };
    let pdf_chain = || -> Result<_, BuildError> {
        let Some(fonts) = fonts.filter(|_| want(Format::Pdf)) else {
            return Ok(None);
        };
        let start = Instant::now();
        let laid = layout::layout_book(book, fonts, &config.layout_options());
        let layout_time = start.elapsed();
        let pages = laid.value.pages.len();
        let start = Instant::now();
        let bytes =
            pdf::write_pdf(&laid.value, fonts, &config.pdf_options()).map_err(BuildError::Pdf)?;
        Ok(Some((
            bytes,
            pages,
            laid.diagnostics,
            layout_time,
            start.elapsed(),
        )))
    };
    // One book: EPUB needs no layout, so run it alongside the PDF chain. Many books (`--each`)
    // are already parallel across books; nesting joins there only deepens worker stacks.
    let (epub, pdf) = if note.is_none() {
        rayon::join(epub_chain, pdf_chain)
    } else {
        (epub_chain(), pdf_chain())
    };
    let mut files: Vec<(Format, Vec<u8>, Option<usize>)> = Vec::new();
    if let Some((w, time)) = epub {
        timings.add("epub", time);
        diagnostics.extend(w.diagnostics);
        files.push((Format::Epub, w.value, None));
    }
    if let Some((bytes, pages, diags, layout_time, pdf_time)) = pdf? {
        timings.add("layout", layout_time);
        timings.add("pdf", pdf_time);
        diagnostics.extend(diags);
        files.push((Format::Pdf, bytes, Some(pages)));
    }
    if want(Format::Model) {
        let text = timings.time("model", || model::dump::dump_book(book));
        files.push((Format::Model, text.into_bytes(), None));
    }

    let start = Instant::now();
    let files: Vec<(Format, PathBuf, Vec<u8>, Option<usize>)> = files
        .into_iter()
        .map(|(format, bytes, pages)| {
            let path = config
                .out_dir
                .join(format!("{stem}.{}", format.extension()));
            (format, path, bytes, pages)
        })
        .collect();
    let staged: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|(_, p, b, _)| (p.as_path(), b.as_slice()))
        .collect();
    write_all_atomic(&staged).map_err(|(p, e)| BuildError::Write(p, e))?;
    let outputs = files
        .into_iter()
        .map(|(format, path, bytes, pages)| OutputFile {
            format,
            path,
            bytes: bytes.len() as u64,
            pages,
        })
        .collect();
    timings.add("write", start.elapsed());
    Ok((
        BookOutcome {
            note: note.map(str::to_string),
            chapters: book.chapters.len(),
            outputs,
            links_flattened: 0,
            timings,
        },
        diagnostics,
    ))
}

/// How many chapters share each output stem (case-folded, as on case-insensitive disks).
fn stem_counts(book: &Book) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for c in &book.chapters {
        *counts
            .entry(strip_note_ext(&c.source).to_lowercase())
            .or_insert(0) += 1;
    }
    counts
}

/// Output path stem of a note with `--each`: `dir/note.md` → `dir/note`, or `dir/note.md`
/// when another note (`dir/note.mdx`, `dir/Note.md`) would write the same files.
fn each_stem(note: &str, counts: &BTreeMap<String, usize>) -> String {
    let stem = strip_note_ext(note);
    if counts.get(&stem.to_lowercase()).copied().unwrap_or(0) > 1 {
        note.to_string()
    } else {
        stem.to_string()
    }
}

/// `dir/note.md` → `dir/note`.
fn strip_note_ext(path: &str) -> &str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".mdx") {
        &path[..path.len() - 4]
    } else if lower.ends_with(".md") {
        &path[..path.len() - 3]
    } else {
        path
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename.
/// A failed or interrupted run never leaves a truncated file at `path` and never removes the
/// previous good one (POSIX rename(2) replaces atomically within one file system).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path, bytes)]).map_err(|(_, e)| e)
}

/// Writes several files as one unit ("never half a book"): every file is first written in full
/// to a temporary name next to its target and fsynced; only when all are staged are they
/// renamed into place. If staging fails nothing is replaced and the temporary files are removed.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let cleanup = |staged: &[(PathBuf, &Path)]| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        match stage_file(path, bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                cleanup(&staged);
                return Err((path.to_path_buf(), e));
            }
        }
    }
    // A folder in the way would fail the rename half-way: refuse before replacing anything.
    if let Some((_, path)) = staged.iter().find(|(_, p)| p.is_dir()) {
        let path = path.to_path_buf();
        cleanup(&staged);
        let e = std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder is in the way");
        return Err((path, e));
    }
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            cleanup(&staged[i..]);
            return Err((path.to_path_buf(), e));
        }
    }
    // Make the renames durable (best effort: not every platform can open a folder).
    let mut dirs: Vec<&Path> = staged.iter().map(|(_, p)| parent_dir(p)).collect();
    dirs.dedup();
    for dir in dirs {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Suffix of hanji's temporary files: `.<name>.<pid>-<n>.hanji-tmp`, dot-prefixed so notes
/// walks and most listings ignore them.
const TEMP_SUFFIX: &str = ".hanji-tmp";

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes `bytes` in full to a fresh temporary file next to `path` and fsyncs it.
fn stage_file(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir)?;
    remove_stale_temps(dir);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}-{n}{TEMP_SUFFIX}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Removes temporary files left in `dir` by a run that was killed mid-write (its process is
/// gone). Checked once per folder per run; only on systems with `/proc`.
fn remove_stale_temps(dir: &Path) {
    static SEEN: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut seen) = SEEN.lock() else { return };
    if seen.iter().any(|d| d == dir) {
        return;
    }
    seen.push(dir.to_path_buf());
    drop(seen);
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(TEMP_SUFFIX) else {
            continue;
        };
        let pid = stem
            .rsplit_once('.')
            .and_then(|(_, tail)| tail.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Status of every note: the loaded ones from their diagnostics, then those that failed.
fn note_outcomes(notes: &[load::Note], diagnostics: &[Diagnostic]) -> Vec<NoteOutcome> {
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
            path: n.path.to_string(),
            status: match worst.get(&*n.path) {
                None => NoteStatus::Ok,
                // A loaded note with an error (e.g. in layout) was still exported, degraded.
                Some(_) => NoteStatus::Warnings,
            },
        })
        .collect();
    for d in diagnostics {
        if matches!(d.code, "utf8-invalid" | "read-failed")
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

/// `--each`: the chapters to export as single-note books (optionally one shard of them), in
/// natural path order.
fn each_order(book: &Book, shard: Option<(usize, usize)>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..book.chapters.len()).collect();
    order.sort_by(|&a, &b| {
        load::natural_path_cmp(&book.chapters[a].source, &book.chapters[b].source)
    });
    order
        .into_iter()
        .enumerate()
        // Shard i/n (1-based) takes every n-th note of the sorted list: deterministic, disjoint,
        // and together the shards cover every note.
        .filter(|(k, _)| shard.is_none_or(|(i, n)| n == 0 || k % n == i.saturating_sub(1)))
        .map(|(_, c)| c)
        .collect()
}

/// The book made of chapter `index` alone, with its images and no cover. Links to other
/// chapters become their text (the other note is not in this book); their count is returned.
fn single_chapter_book(book: &Book, index: usize) -> (Book, usize) {
    let mut chapter = book.chapters[index].clone();
    let mut flattened = 0;
    let mut assets = AssetMap::default();
    localize_blocks(&mut chapter.blocks, index, &mut flattened, &mut assets);
    for f in &mut chapter.footnotes {
        localize_blocks(&mut f.blocks, index, &mut flattened, &mut assets);
    }
    let mut meta = book.meta.clone();
    meta.title = chapter.title.clone();
    if !chapter.meta.authors.is_empty() {
        meta.authors = chapter.meta.authors.clone();
    }
    if let Some(lang) = &chapter.lang {
        meta.language = lang.clone();
    }
    if chapter.meta.description.is_some() {
        meta.description = chapter.meta.description.clone();
    }
    if chapter.meta.date.is_some() {
        meta.date = chapter.meta.date.clone();
    }
    meta.cover = None;
    meta.identifier = None;
    let assets = assets
        .order
        .iter()
        .filter_map(|id| book.assets.get(id.0).cloned())
        .collect();
    (
        Book {
            meta,
            chapters: vec![chapter],
            assets,
        },
        flattened,
    )
}

/// Old → new asset ids for a single-chapter book.
#[derive(Default)]
struct AssetMap {
    new_ids: BTreeMap<model::AssetId, model::AssetId>,
    order: Vec<model::AssetId>,
}

impl AssetMap {
    fn map(&mut self, old: model::AssetId) -> model::AssetId {
        let next = model::AssetId(self.order.len());
        *self.new_ids.entry(old).or_insert_with(|| {
            self.order.push(old);
            next
        })
    }
}

fn localize_blocks(
    blocks: &mut [Block],
    keep: usize,
    flattened: &mut usize,
    assets: &mut AssetMap,
) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Paragraph(inlines) => localize_inlines(inlines, keep, flattened, assets),
            BlockKind::Heading { content, .. } => {
                localize_inlines(content, keep, flattened, assets)
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    localize_blocks(&mut item.blocks, keep, flattened, assets);
                }
            }
            BlockKind::Quote(b) => localize_blocks(b, keep, flattened, assets),
            BlockKind::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    localize_inlines(t, keep, flattened, assets);
                }
                localize_blocks(blocks, keep, flattened, assets);
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    localize_inlines(cell, keep, flattened, assets);
                }
            }
            BlockKind::Figure { image, caption } => {
                image.asset = image.asset.map(|a| assets.map(a));
                localize_inlines(caption, keep, flattened, assets);
            }
            BlockKind::Embed {
                chapter, blocks, ..
            } => {
                // The embedded note's text stays; its source is not in this book.
                *chapter = ChapterId(0);
                localize_blocks(blocks, keep, flattened, assets);
            }
            BlockKind::Code { .. } | BlockKind::Math(_) | BlockKind::Rule => {}
        }
    }
}

fn localize_inlines(
    inlines: &mut Vec<Inline>,
    keep: usize,
    flattened: &mut usize,
    assets: &mut AssetMap,
) {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in std::mem::take(inlines) {
        match &mut inline.kind {
            InlineKind::Link {
                target: LinkTarget::Internal { chapter, .. },
                content,
            } => {
                localize_inlines(content, keep, flattened, assets);
                if chapter.0 == keep {
                    *chapter = ChapterId(0);
                } else {
                    // The target note is not exported in this book: keep the label only.
                    *flattened += 1;
                    out.append(content);
                    continue;
                }
            }
            InlineKind::Link { content, .. } | InlineKind::Styled(_, content) => {
                localize_inlines(content, keep, flattened, assets);
            }
            InlineKind::Image(image) => image.asset = image.asset.map(|a| assets.map(a)),
            _ => {}
        }
        out.push(inline);
    }
    *inlines = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use diag::Span;
    use model::{Asset, Chapter, ChapterMeta, Image};
    use std::sync::Arc;

    fn span() -> Span {
        Span::new(Arc::from("a.md"), 1, 1)
    }

    fn text(s: &str) -> Inline {
        Inline {
            kind: InlineKind::Text(s.into()),
            span: span(),
        }
    }

    fn chapter(source: &str, blocks: Vec<Block>) -> Chapter {
        Chapter {
            id: source.into(),
            source: source.into(),
            title: source.into(),
            title_id: "t".into(),
            lang: None,
            meta: ChapterMeta::default(),
            blocks,
            footnotes: Vec::new(),
            span: span(),
        }
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("hanji-atomic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sub/book.epub");
        write_atomic(&path, b"one").expect("write");
        write_atomic(&path, b"two").expect("rewrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.join("sub"))
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // A folder in place of one file: nothing is replaced and no temp file is left.
        let blocked = dir.join("sub/blocked");
        std::fs::create_dir_all(blocked.join("x")).expect("mkdir");
        let r = write_all_atomic(&[(&path, b"three"), (&blocked, b"x")]);
        assert!(r.is_err_and(|(p, _)| p == blocked));
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert_eq!(std::fs::read_dir(dir.join("sub")).expect("list").count(), 2);
        // A temp file of a dead process is cleaned up by the next write in that folder.
        let stale = dir.join("stale/.book.pdf.999999999-0.hanji-tmp");
        std::fs::create_dir_all(dir.join("stale")).expect("mkdir");
        std::fs::write(&stale, b"partial").expect("write");
        write_atomic(&dir.join("stale/book.pdf"), b"ok").expect("write");
        assert!(!stale.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn each_book_flattens_foreign_links_and_remaps_assets() {
        let link = |c: usize| Inline {
            kind: InlineKind::Link {
                target: LinkTarget::Internal {
                    chapter: ChapterId(c),
                    anchor: None,
                },
                content: vec![text("label")],
            },
            span: span(),
        };
        let image = Inline {
            kind: InlineKind::Image(Image {
                asset: Some(model::AssetId(1)),
                src: "b.png".into(),
                alt: String::new(),
                width: None,
            }),
            span: span(),
        };
        let para = |inlines| Block {
            kind: BlockKind::Paragraph(inlines),
            span: span(),
        };
        let asset = |p: &str| Asset {
            path: p.into(),
            media_type: "image/png",
            data: Arc::from(&b"x"[..]),
        };
        let book = Book {
            meta: Default::default(),
            chapters: vec![
                chapter("10.md", vec![para(vec![link(1), link(0)])]),
                chapter("2.md", vec![para(vec![image])]),
            ],
            assets: vec![asset("a.png"), asset("b.png")],
        };
        assert_eq!(
            each_order(&book, None),
            [1, 0],
            "natural order: 2.md before 10.md"
        );
        let (ten, flattened) = single_chapter_book(&book, 0);
        assert_eq!(flattened, 1);
        let BlockKind::Paragraph(inl) = &ten.chapters[0].blocks[0].kind else {
            panic!("paragraph");
        };
        assert!(matches!(&inl[0].kind, InlineKind::Text(t) if t == "label"));
        assert!(matches!(
            &inl[1].kind,
            InlineKind::Link {
                target: LinkTarget::Internal {
                    chapter: ChapterId(0),
                    ..
                },
                ..
            }
        ));
        let (two, _) = single_chapter_book(&book, 1);
        assert_eq!(two.assets.len(), 1);
        assert_eq!(two.assets[0].path, "b.png");
        // Shards are disjoint and cover everything.
        assert_eq!(each_order(&book, Some((1, 2))), [1]);
        assert_eq!(each_order(&book, Some((2, 2))), [0]);
    }

    #[test]
    fn each_stems_avoid_collisions() {
        let mut counts = BTreeMap::new();
        counts.insert("a".to_string(), 2);
        counts.insert("dir/b".to_string(), 1);
        assert_eq!(each_stem("a.mdx", &counts), "a.mdx");
        assert_eq!(each_stem("dir/b.md", &counts), "dir/b");
        assert_eq!(strip_note_ext("x/Y.MD"), "x/Y");
    }

    #[test]
    fn jobs_keep_order_and_stop_at_errors() {
        let jobs: Vec<usize> = (0..50).collect();
        let out = run_jobs(&jobs, |&j| Ok(j * 2)).expect("all succeed");
        assert_eq!(out, (0..50).map(|j| j * 2).collect::<Vec<_>>());
        let err = run_jobs(&jobs, |&j| {
            if j == 7 {
                Err(BuildError::Write(
                    PathBuf::from("x"),
                    std::io::Error::other("boom"),
                ))
            } else {
                Ok(j)
            }
        });
        assert!(matches!(err, Err(BuildError::Write(..))));
    }

    #[test]
    fn note_status_from_diagnostics() {
        let n = |p: &str| load::Note {
            path: Arc::from(p),
            body: String::new(),
            body_line: 1,
            front: Default::default(),
            mdx: false,
        };
        let diags = vec![
            Diagnostic::warning("x", Some(Span::new(Arc::from("b.md"), 2, 1)), "w"),
            Diagnostic::error(
                "utf8-invalid",
                Some(Span::new(Arc::from("c.md"), 1, 1)),
                "e",
            ),
        ];
        let out = note_outcomes(&[n("a.md"), n("b.md")], &diags);
        let got: Vec<_> = out.iter().map(|o| (o.path.as_str(), o.status)).collect();
        assert_eq!(
            got,
            [
                ("a.md", NoteStatus::Ok),
                ("b.md", NoteStatus::Warnings),
                ("c.md", NoteStatus::Failed)
            ]
        );
    }
}
