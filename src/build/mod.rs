//! Build orchestration: config → load → parse → resolve → (EPUB ‖ layout → PDF) → atomic writes.
//!
//! Input: a [`Config`]. Output: the written books and a [`BuildOutcome`] (per-note status,
//! diagnostics, timings) for the CLI and the JSON report. Does not print, and does not parse,
//! lay out or encode anything itself: it calls the stages.
//!
//! Steps: this file runs the stages per book; `each.rs` makes one book per note (`--each`) and
//! scopes a shard to its own notes; `manifest.rs` removes the `--each` books of notes that are
//! gone (only files it wrote); `outcome.rs` is what a run reports; `atomic.rs` writes every file
//! of a book or none.

mod atomic;
mod cache;
mod each;
mod manifest;
mod outcome;
mod render;

pub use atomic::{write_all_atomic, write_atomic};
use cache::Cache;
pub use cache::DEFAULT_CACHE_BYTES;
#[cfg(test)]
use each::strip_note_ext;
use each::{
    about_other_shard, each_order, each_stem, other_shards_files, sibling_links, stem_counts,
};
use outcome::note_outcomes;
pub use outcome::{
    BookOutcome, BuildError, BuildOutcome, NoteOutcome, NoteStatus, OutputFile, Timings,
};
use render::{Target, render_and_write};

use crate::config::{Config, Format};
use crate::diag::{Diagnostic, Warned, catch_panic};
use crate::model::Book;
use crate::{font, layout, load, parse, resolve};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// The paths of loaded notes (for the per-note report).
fn note_paths(notes: &[load::Note]) -> Vec<Arc<str>> {
    notes.iter().map(|n| n.path.clone()).collect()
}

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

/// Loads, parses and resolves everything, with every check that does not need page geometry;
/// writes nothing (`hanji check`).
pub fn check(config: &Config) -> Result<BuildOutcome, BuildError> {
    check_with(config, false)
}

/// [`check`], and with `layout` the PDF laid out too (not written), so that what only layout
/// finds (characters no font has, a table too wide even when split) is reported as `build`
/// would report it (`hanji check --layout`): `--deny-warnings` then fails where `build` fails.
pub fn check_with(config: &Config, layout: bool) -> Result<BuildOutcome, BuildError> {
    let start = Instant::now();
    let mut timings = Timings::default();
    let (notes, mut diagnostics) = timings.time("load", || load_stage(config))?;
    let book = timings.time("parse", || {
        parse::parse_book(&notes, &config.parse_options())
    });
    diagnostics.extend(book.diagnostics);
    let book = timings.time("resolve", || resolve_stage(config, book.value));
    diagnostics.extend(book.diagnostics);
    if !config.title_given && book.value.meta.title == config.meta.title {
        let msg = format!(
            "the book is titled after its folder, `{}`: set `title:` in hanji.yaml, pass --title, or give an index note (index.md, README.md) a title",
            config.meta.title
        );
        // Said against the file where a title is set: the config file, or where it would be.
        let config = config
            .config_file
            .clone()
            .unwrap_or_else(|| config.notes_dir.join("hanji.yaml"));
        let span = crate::diag::Span::file_only(config.to_string_lossy().into());
        diagnostics.push(crate::diag::Diagnostic::warning(
            "title-default",
            Some(span),
            msg,
        ));
    }
    if layout {
        let fonts = timings
            .time("fonts", || font::FontBook::load(&config.font_options()))
            .map_err(BuildError::Font)?;
        diagnostics.extend(role_font_warnings(config, &fonts));
        // Measuring finds every layout problem; the pages themselves are not wanted.
        let laid = timings.time("layout", || {
            catch_panic(None, "laying out the PDF", || {
                let laid =
                    layout::layout_book_streamed(&book.value, &fonts, &config.layout_options());
                laid.diagnostics
            })
        });
        match laid {
            Ok(laid) => diagnostics.extend(laid),
            Err(d) => diagnostics.push(d),
        }
    } else if config.fonts.any() {
        // The `fonts:` families are a source problem `check` must see too.
        let fonts = font::FontBook::load(&config.font_options()).map_err(BuildError::Font)?;
        diagnostics.extend(role_font_warnings(config, &fonts));
    }
    Ok(BuildOutcome {
        books: Vec::new(),
        notes: note_outcomes(&note_paths(&notes), &diagnostics),
        diagnostics,
        timings,
        elapsed: start.elapsed(),
        removed: Vec::new(),
    })
}

/// Starts, in the background, what the writers will load anyway: the common faces (for the
/// layout and the EPUB's embedded fonts) and, when a note has fenced code, the grammars.
fn warm_up(config: &Config, notes: &[load::Note]) {
    let epub = config.formats.contains(&Format::Epub);
    if config.lays_out() || (epub && config.embed_fonts) {
        font::warm_up();
    }
    let highlights = config.lays_out() || epub;
    if highlights
        && notes
            .iter()
            .any(|n| n.body.contains("```") || n.body.contains("~~~"))
    {
        crate::syntax::warm_up();
    }
}

/// Runs the whole pipeline and writes every requested output (`hanji build`).
pub fn build(config: &Config) -> Result<BuildOutcome, BuildError> {
    build_with(config, &|_| {})
}

/// [`build`], reporting progress to `progress`.
///
/// Load → parse → resolve → for each book: EPUB (model → bytes) alongside layout → PDF, then
/// every file is written atomically. With `--each`, one book per note (in parallel), made by
/// `resolve::each` (links to other notes lead to their sibling books). A font or write
/// failure is fatal; a bad note only a diagnostic.
pub fn build_with(
    config: &Config,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<BuildOutcome, BuildError> {
    let start = Instant::now();
    let mut timings = Timings::default();
    progress(Progress::Stage("load"));
    let (notes, mut diagnostics) = timings.time("load", || load_stage(config))?;
    warm_up(config, &notes);
    progress(Progress::Stage("parse"));
    let parsed = timings.time("parse", || {
        parse::parse_book(&notes, &config.parse_options())
    });
    // The model holds everything the writers need: only the paths are still wanted (for the
    // per-note report), not the text (50 MB at 5,000 notes).
    let notes: Vec<Arc<str>> = notes.into_iter().map(|n| n.path).collect();
    diagnostics.extend(parsed.diagnostics);
    progress(Progress::Stage("resolve"));
    let resolved = timings.time("resolve", || resolve_stage(config, parsed.value));
    diagnostics.extend(resolved.diagnostics);
    let book = resolved.value;

    // Loaded for the layout, or to check the `fonts:` families the EPUB will embed.
    let fonts = if config.lays_out() || config.fonts.any() {
        progress(Progress::Stage("fonts"));
        let fonts = timings
            .time("fonts", || font::FontBook::load(&config.font_options()))
            .map_err(BuildError::Font)?;
        diagnostics.extend(role_font_warnings(config, &fonts));
        Some(fonts)
    } else {
        None
    };

    // One job for the whole book, or one per note (`--each`, optionally one shard of them).
    let order = if config.each {
        each_order(&book, config.shard, config.sort)
    } else {
        Vec::new()
    };
    let jobs: Vec<Option<usize>> = if config.each {
        order.iter().copied().map(Some).collect()
    } else {
        vec![None]
    };
    progress(Progress::Books(jobs.len()));
    let stems = stem_counts(&book);
    // With `--each` every note is exported (by this run or another shard), so every note's
    // book is a link target for its siblings.
    let siblings: Vec<Option<String>> = book
        .chapters
        .iter()
        .map(|c| Some(each_stem(&c.source, &stems)))
        .collect();
    let cache = config
        .cache
        .as_ref()
        .map(|dir| Cache::new(dir.clone(), config.cache_bytes));
    // Entries used from here on belong to this run (a hit marks its entry as used now).
    let run_start = std::time::SystemTime::now() - std::time::Duration::from_secs(2);
    let results = run_jobs(&jobs, |job| {
        let (outcome, diags) = match *job {
            None => {
                let target = Target {
                    note: None,
                    stem: &config.name,
                    cache: cache.as_ref(),
                };
                render_and_write(config, &book, &target, fonts.as_ref())?
            }
            Some(index) => {
                // Built per job, not up front: only the books in flight are in memory.
                let single = resolve::each::single_note_book(&book, index, &siblings);
                let note = book.chapters[index].source.as_str();
                let stem = each_stem(note, &stems);
                let target = Target {
                    note: Some(note),
                    stem: &stem,
                    cache: cache.as_ref(),
                };
                let (mut outcome, diags) =
                    render_and_write(config, &single.book, &target, fonts.as_ref())?;
                // Links to other notes that end as text: those to notes not exported, and in
                // the EPUB every sibling link (it may not leave its container).
                let in_epub = config.formats.contains(&Format::Epub).then(|| {
                    single
                        .book
                        .chapters
                        .iter()
                        .map(sibling_links)
                        .sum::<usize>()
                });
                outcome.links_flattened = single.links_flattened + in_epub.unwrap_or(0);
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
    if let Some(cache) = &cache
        && let Some(warning) = timings.time("cache", || cache.trim(run_start))
    {
        diagnostics.push(warning);
    }
    let removed = if config.each {
        let (removed, diags) = sweep_each(config, &book, &books);
        diagnostics.extend(diags);
        removed
    } else {
        Vec::new()
    };
    let mut notes = note_outcomes(&notes, &diagnostics);
    scope_to_shard(config, &book, &order, &mut notes, &mut diagnostics);
    Ok(BuildOutcome {
        books,
        notes,
        diagnostics,
        timings,
        elapsed: start.elapsed(),
        removed,
    })
}

/// A shard answers only for its own notes: the diagnostics and statuses of notes that other
/// shards export are theirs (what belongs to no note, such as hanji.yaml, stays).
fn scope_to_shard(
    config: &Config,
    book: &Book,
    order: &[usize],
    notes: &mut Vec<NoteOutcome>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if config.shard.is_none() {
        return;
    }
    let failed: Vec<String> = notes
        .iter()
        .filter(|n| n.status == NoteStatus::Failed)
        .map(|n| n.path.clone())
        .collect();
    let others = other_shards_files(book, order, &failed, config.shard, config.sort);
    diagnostics.retain(|d| !about_other_shard(d, &others));
    notes.retain(|n| !others.contains(&n.path));
}

/// `--each`: removes the files earlier runs wrote for notes that are gone (see `manifest.rs`).
fn sweep_each(
    config: &Config,
    book: &Book,
    books: &[BookOutcome],
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let rel = |p: &Path| {
        p.strip_prefix(&config.out_dir)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"))
    };
    let written = books
        .iter()
        .flat_map(|b| {
            let note = b.note.clone().unwrap_or_default();
            b.outputs
                .iter()
                .filter_map(move |f| Some((rel(&f.path)?, note.clone())))
        })
        .collect();
    manifest::sweep(&manifest::Sweep {
        out_dir: &config.out_dir,
        notes: book.chapters.iter().map(|c| c.source.clone()).collect(),
        exported: books.iter().filter_map(|b| b.note.clone()).collect(),
        written,
        formats: &config.formats,
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

/// A `fonts:` family that matched nothing (or has no bold), against the config file.
fn role_font_warnings(config: &Config, fonts: &font::FontBook) -> Vec<Diagnostic> {
    let file = config
        .config_file
        .as_ref()
        .map_or_else(|| "hanji.yaml".to_string(), |p| p.display().to_string());
    fonts
        .role_warnings()
        .iter()
        .map(|w| {
            let span = crate::diag::Span::file_only(Arc::from(file.as_str()));
            Diagnostic::warning("font-not-found", Some(span), w.clone())
        })
        .collect()
}

/// ① Loads the notes with the config's options. No note to export is a failed run, not an
/// empty book: a wrong path or a filter that leaves nothing should not pass in CI.
fn load_stage(config: &Config) -> Result<(Vec<load::Note>, Vec<Diagnostic>), BuildError> {
    let loaded = load::load_notes(&config.load_options()).map_err(BuildError::Load)?;
    if loaded.value.is_empty() {
        let failed = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count();
        return Err(BuildError::NoNotes {
            dir: config.notes_dir.clone(),
            failed,
            drafts: config.drafts,
            filtered: !config.include.is_empty() || !config.exclude.is_empty(),
        });
    }
    Ok((loaded.value, loaded.diagnostics))
}

/// ②b Whole-book passes and model-level checks: everything `check` and `build` both report.
fn resolve_stage(config: &Config, book: Book) -> Warned<Book> {
    let options = resolve::ResolveOptions {
        pdf: config.formats.contains(&Format::Pdf),
        alt_text_required: config.formats.contains(&Format::Pdf)
            && config.pdf_standard.needs_alt_text(),
    };
    resolve::resolve_book(book, &options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::epub;
    use crate::model::{Block, Chapter};
    use std::collections::BTreeMap;
    use std::sync::Arc;

    fn chapter(source: &str, blocks: Vec<Block>) -> Chapter {
        Chapter::new(source, source, blocks)
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
    fn each_order_is_natural_and_shards_are_disjoint() {
        let book = Book {
            meta: Default::default(),
            chapters: vec![chapter("10.md", vec![]), chapter("2.md", vec![])],
            assets: vec![],
            attachments: Vec::new(),
        };
        let natural = load::SortOrder::Natural;
        assert_eq!(
            each_order(&book, None, natural),
            [1, 0],
            "natural order: 2.md before 10.md"
        );
        // Shards are disjoint and cover everything.
        assert_eq!(each_order(&book, Some((1, 2)), natural), [1]);
        assert_eq!(each_order(&book, Some((2, 2)), natural), [0]);
        // `--sort path`: code-point order, so 10.md comes first and shard 1 takes it.
        let path = load::SortOrder::Path;
        assert_eq!(each_order(&book, None, path), [0, 1]);
        assert_eq!(each_order(&book, Some((1, 2)), path), [0]);
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
        let n = |p: &str| Arc::from(p);
        let diags = vec![
            Diagnostic::warning("x", Some(Span::new(Arc::from("b.md"), 2, 1)), "w"),
            Diagnostic::error("read-failed", Some(Span::new(Arc::from("c.md"), 1, 1)), "e"),
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

    #[test]
    fn a_failing_writer_writes_no_file_for_its_format_only() {
        let dir = load::fresh_test_dir("build-epub-fails");
        let args = crate::config::ConfigArgs {
            notes_dir: dir.clone(),
            out_dir: dir.join("out"),
            formats: vec![Format::Epub, Format::Model],
            ..Default::default()
        };
        let config = crate::config::load_config(&args).expect("config").value;
        let book = Book {
            meta: Default::default(),
            chapters: vec![chapter("a.md", vec![])],
            assets: vec![],
            attachments: Vec::new(),
        };
        let failing: render::EpubWriter = |_, _, _| {
            let io = std::io::Error::other("disk on fire");
            Err(epub::EpubError::Zip(zip::result::ZipError::Io(io)))
        };
        let cache = Cache::new(dir.join("cache"), DEFAULT_CACHE_BYTES);
        let target = Target {
            note: None,
            stem: "book",
            cache: Some(&cache),
        };
        let (outcome, diags) =
            render::render_and_write_with(&config, &book, &target, None, failing)
                .expect("no fatal");
        assert!(diags.iter().any(|d| d.code == "epub-failed"), "{diags:?}");
        assert!(!config.out_dir.join("book.epub").exists(), "no empty EPUB");
        assert!(config.out_dir.join("book.model.txt").is_file());
        assert_eq!(outcome.outputs.len(), 1);
        // The failure was not cached: the real writer on the same book does write it.
        render::render_and_write_with(&config, &book, &target, None, epub::write_epub).expect("ok");
        assert!(config.out_dir.join("book.epub").is_file());
        // And that complete result is reused even by a writer that would fail.
        let (again, diags) =
            render::render_and_write_with(&config, &book, &target, None, failing).expect("ok");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(again.outputs.len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
