//! One book's outputs: render every requested format (EPUB alongside layout → PDF, the model
//! dumps), or take them from the build cache, then write all the files atomically.

use super::cache::{Cache, Rendered};
use super::{BookOutcome, BuildError, OutputFile, Timings, write_all_atomic};
use crate::config::{Config, Format};
use crate::diag::{Diagnostic, Warned, catch_panic};
use crate::layout::StreamedBook;
use crate::model::{Book, PrintPages};
use crate::{epub, font, layout, model, pdf};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The EPUB writer `render_and_write` calls (a parameter so a test can make it fail).
pub(super) type EpubWriter =
    fn(&Book, &epub::EpubOptions, Option<&PrintPages>) -> Result<Warned<Vec<u8>>, epub::EpubError>;

/// Where one book's files go and what may be reused.
pub(super) struct Target<'a> {
    /// The note this book was made from (`--each`).
    pub note: Option<&'a str>,
    /// Output file name without extension.
    pub stem: &'a str,
    /// The build cache, with `--cache`.
    pub cache: Option<&'a Cache>,
}

/// Renders one book in every requested format (or takes it from the cache), then writes all
/// its files.
pub(super) fn render_and_write(
    config: &Config,
    book: &Book,
    target: &Target<'_>,
    fonts: Option<&font::FontBook>,
) -> Result<(BookOutcome, Vec<Diagnostic>), BuildError> {
    render_and_write_with(config, book, target, fonts, epub::write_epub)
}

/// [`render_and_write`] with a given EPUB writer. A writer that fails is an error diagnostic
/// (`epub-failed`, `pdf-failed`) and writes no file for its format; the other formats are
/// still written, all of them atomically.
pub(super) fn render_and_write_with(
    config: &Config,
    book: &Book,
    target: &Target<'_>,
    fonts: Option<&font::FontBook>,
    write_epub: EpubWriter,
) -> Result<(BookOutcome, Vec<Diagnostic>), BuildError> {
    let mut timings = Timings::default();
    let key = target
        .cache
        .and_then(|cache| timings.time("cache", || cache.key(config, book, fonts)));
    let cached = target
        .cache
        .zip(key)
        .and_then(|(cache, key)| timings.time("cache", || cache.get(key)));
    let from_cache = cached.is_some();
    let rendered = match cached {
        Some(hit) => hit,
        None => {
            let rendered = render(config, book, fonts, write_epub, &mut timings);
            // Only complete results are kept: a writer that failed (a panic caught, a
            // resource limit) is tried again next time.
            let complete = rendered
                .diagnostics
                .iter()
                .all(|d| d.severity != crate::diag::Severity::Error);
            if let (Some(cache), Some(key), true) = (target.cache, key, complete) {
                timings.time("cache", || cache.put(key, &rendered));
            }
            rendered
        }
    };
    let outputs = timings.time("write", || write(config, target.stem, rendered.files))?;
    Ok((
        BookOutcome {
            note: target.note.map(str::to_string),
            chapters: book.chapters.len(),
            outputs,
            links_flattened: 0,
            cached: from_cache,
            timings,
        },
        rendered.diagnostics,
    ))
}

/// Runs the writers of every requested format.
fn render(
    config: &Config,
    book: &Book,
    fonts: Option<&font::FontBook>,
    write_epub: EpubWriter,
    timings: &mut Timings,
) -> Rendered {
    let mut diagnostics = Vec::new();
    let want = |f: Format| config.formats.contains(&f);

    let epub_chain = |print_pages: Option<&PrintPages>| {
        want(Format::Epub).then(|| {
            let start = Instant::now();
            let w = catch_panic(None, "writing the EPUB", || {
                write_epub(book, &config.epub_options(), print_pages)
            })
            .and_then(|w| {
                w.map_err(|e| {
                    Diagnostic::error("epub-failed", None, format!("cannot write the EPUB: {e}"))
                })
            });
            (w, start.elapsed())
        })
    };
    // Layout measures the book (its second pass, for big books, runs inside the PDF writer as
    // it takes the pages: `layout::stream`).
    let lay_out = |fonts| {
        let start = Instant::now();
        let laid = catch_panic(None, "laying out the PDF", || {
            layout::layout_book_streamed(book, fonts, &config.layout_options())
        });
        (laid, start.elapsed())
    };
    let write_pdf = |laid: Result<Warned<StreamedBook<'_>>, Diagnostic>, fonts| {
        let start = Instant::now();
        let written = laid.and_then(|laid| {
            let pages = laid.value.document.page_count;
            let written = catch_panic(None, "writing the PDF", || {
                let StreamedBook { document, pages } = laid.value;
                pdf::write_pdf_pages(document, pages, fonts, &config.pdf_options())
            })?;
            written
                .map(|bytes| (bytes, pages, laid.diagnostics))
                .map_err(|e| {
                    Diagnostic::error("pdf-failed", None, format!("cannot write the PDF: {e}"))
                })
        });
        (written, start.elapsed())
    };
    let fonts = fonts.filter(|_| config.lays_out());
    let (epub, pdf) = match fonts {
        // The EPUB's page numbers come from the layout: lay out first, then write both books.
        Some(fonts) if config.epub_page_list() => {
            let (mut laid, layout_time) = lay_out(fonts);
            let print_pages = laid
                .as_mut()
                .ok()
                .map(|l| std::mem::take(&mut l.value.document.print_pages));
            let pdf_chain = || {
                want(Format::Pdf).then(|| {
                    let (written, pdf_time) = write_pdf(laid, fonts);
                    (written, layout_time, pdf_time)
                })
            };
            join_unless_each(config, || epub_chain(print_pages.as_ref()), pdf_chain)
        }
        fonts => {
            let pdf_chain = || {
                let fonts = fonts.filter(|_| want(Format::Pdf))?;
                let (laid, layout_time) = lay_out(fonts);
                let (written, pdf_time) = write_pdf(laid, fonts);
                Some((written, layout_time, pdf_time))
            };
            join_unless_each(config, || epub_chain(None), pdf_chain)
        }
    };
    // A writer that failed is an error diagnostic and its file is not written; the other
    // book still is (nothing fatal but an output that cannot be written).
    let mut files: Vec<(Format, Vec<u8>, Option<usize>)> = Vec::new();
    if let Some((w, time)) = epub {
        timings.add("epub", time);
        match w {
            Ok(w) => {
                diagnostics.extend(w.diagnostics);
                files.push((Format::Epub, w.value, None));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if let Some((written, layout_time, pdf_time)) = pdf {
        timings.add("layout", layout_time);
        timings.add("pdf", pdf_time);
        match written {
            Ok((bytes, pages, diags)) => {
                diagnostics.extend(diags);
                files.push((Format::Pdf, bytes, Some(pages)));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if want(Format::Model) {
        let text = timings.time("model", || model::dump::dump_book(book));
        files.push((Format::Model, text.into_bytes(), None));
    }
    if want(Format::Json) {
        match timings.time("json", || model::json::json_book(book)) {
            Ok(text) => files.push((Format::Json, text.into_bytes(), None)),
            Err(e) => diagnostics.push(Diagnostic::error(
                "json-failed",
                None,
                format!("could not write the JSON model: {e}"),
            )),
        }
    }
    Rendered { files, diagnostics }
}

/// Runs `a` and `b`: alongside for one book; one after the other with `--each`, whose books
/// are already parallel (nesting joins there only deepens worker stacks).
fn join_unless_each<A: Send, B: Send>(
    config: &Config,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if config.each {
        (a(), b())
    } else {
        rayon::join(a, b)
    }
}

/// Whether the file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Writes every file of one book atomically (all or none) as `OUT_DIR/STEM.EXT`.
fn write(
    config: &Config,
    stem: &str,
    files: Vec<(Format, Vec<u8>, Option<usize>)>,
) -> Result<Vec<OutputFile>, BuildError> {
    let files: Vec<(Format, PathBuf, Vec<u8>, Option<usize>)> = files
        .into_iter()
        .map(|(format, bytes, pages)| {
            let path = config
                .out_dir
                .join(format!("{stem}.{}", format.extension()));
            (format, path, bytes, pages)
        })
        .collect();
    // A file that already holds these bytes (a book from the cache, an unchanged note) is left
    // alone: comparing is much cheaper than a fsynced rewrite, and the set stays consistent.
    let staged: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|(_, p, b, _)| (p.as_path(), b.as_slice()))
        .filter(|(p, b)| !holds(p, b))
        .collect();
    write_all_atomic(&staged).map_err(|(p, e)| BuildError::Write(p, e))?;
    Ok(files
        .into_iter()
        .map(|(format, path, bytes, pages)| OutputFile {
            format,
            path,
            bytes: bytes.len() as u64,
            pages,
        })
        .collect())
}
