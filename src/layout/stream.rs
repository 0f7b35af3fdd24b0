//! Bounded memory for books of any size. Laid-out pages are most of a big book's memory (glyph
//! runs: ~50 KB a page), and the PDF cannot be written in one pass: the contents pages come
//! first but need the body's page numbers, and krilla writes pages in the order it is given
//! them. So the body is laid out twice when it is big:
//!
//! 1. [`measure`] lays chapters out in batches and paginates as it goes. Finished pages are
//!    kept until they reach `LayoutOptions::page_memory`; after that, at the next chapter
//!    boundary, the paginator's state is cloned (the page being filled, the footnotes still
//!    waiting) and every later page keeps only what the front matter, the destinations and the
//!    EPUB's page map need (destinations, links, where it begins).
//! 2. [`PageStream`] hands the pages to the PDF writer one at a time: the front matter, the kept
//!    pages, then — from the cloned state — the remaining chapters laid out again batch by
//!    batch. Layout is deterministic and the shaping cache is warm, so the second pass gives
//!    the same pages as the first (a test compares the PDF bytes) at a fraction of its cost.
//!
//! Memory is then the kept pages, one batch of rows and the pages krilla holds; time is linear
//! in the notes. A book under the budget is laid out once.

use super::book::{ChapterOut, Shared, checked_links, furnish_body_page, lay_out_chapters};
use super::flow::{BodyPage, ChapterRows, Paginator};
use super::paged::{ItemKind, Page, StructElem, StructId};
use crate::diag::{Diagnostic, Span};
use std::collections::{HashSet, VecDeque};

/// Chapters laid out together (in parallel); their rows are what pagination holds at a time.
const BATCH: usize = 32;

/// Where the second pass starts laying chapters out again.
pub(super) struct Resume {
    /// First chapter not yet fed to `paginator`.
    chapter: usize,
    /// Body pages finished before it (kept whole).
    page: usize,
    /// Pagination state just before that chapter.
    paginator: Paginator,
}

/// The first pass: every body page (complete up to the resume point, a skeleton after it),
/// the structure elements of the body, the diagnostics.
pub(super) struct Measured {
    /// Body pages in order; from `resume`'s first page on, without items.
    pub body: Vec<BodyPage>,
    /// The body's structure elements, book-wide ids.
    pub structure: Vec<StructElem>,
    /// Layout warnings, and one missing-character warning per note and script.
    pub diagnostics: Vec<Diagnostic>,
    /// Structure id offset of each chapter.
    offsets: Vec<u32>,
    /// Set when pages were dropped.
    resume: Option<Resume>,
}

/// Lays out and paginates the body, keeping pages up to the memory budget (module docs).
pub(super) fn measure(sh: &Shared<'_>) -> Measured {
    let chapters = sh.book.chapters.len();
    let mut out = Measured {
        body: Vec::new(),
        structure: Vec::new(),
        diagnostics: Vec::new(),
        offsets: Vec::with_capacity(chapters),
        resume: None,
    };
    let mut missing: Vec<(char, Span)> = Vec::new();
    let mut paginator = Paginator::new(&sh.m);
    let mut kept = 0usize;
    let mut start = 0;
    while start < chapters {
        if out.resume.is_none() && kept >= sh.options.page_memory {
            out.resume = Some(Resume {
                chapter: start,
                page: out.body.len(),
                paginator: paginator.clone(),
            });
        }
        let end = (start + BATCH).min(chapters);
        for (i, ch) in (start..end).zip(lay_out_chapters(sh, start..end)) {
            let offset = u32::try_from(out.structure.len()).unwrap_or(u32::MAX);
            out.offsets.push(offset);
            out.structure.extend(ch.elems.into_iter().map(|mut e| {
                e.parent = e.parent.map(|p| StructId(p.0 + offset));
                e
            }));
            out.diagnostics.extend(ch.diags);
            missing.extend(ch.missing);
            paginator.feed(
                i,
                ChapterRows {
                    rows: ch.rows,
                    elem_offset: offset,
                },
            );
        }
        keep(&mut out, paginator.take_pages(), &mut kept);
        start = end;
    }
    paginator.finish();
    keep(&mut out, paginator.take_pages(), &mut kept);
    out.diagnostics
        .extend(super::book::missing_warnings(&missing));
    out
}

/// Appends finished pages: whole before the resume point, as skeletons after it.
fn keep(out: &mut Measured, pages: Vec<BodyPage>, kept: &mut usize) {
    for mut page in pages {
        if out.resume.is_some() {
            page.items = Vec::new();
        } else {
            *kept += page_bytes(&page);
        }
        out.body.push(page);
    }
}

/// Rough heap size of a laid-out page: its items, their glyphs and text.
fn page_bytes(page: &BodyPage) -> usize {
    let items: usize = page
        .items
        .iter()
        .map(|item| match &item.kind {
            ItemKind::Text { run, .. } => {
                run.glyphs.len() * std::mem::size_of::<crate::text::Glyph>() + run.text.len()
            }
            _ => 0,
        })
        .sum();
    items + page.items.len() * std::mem::size_of::<super::paged::PageItem>()
}

/// The second pass: every page of the book, in order, ready to draw.
pub struct PageStream<'a> {
    sh: Shared<'a>,
    title: String,
    names: HashSet<String>,
    front: std::vec::IntoIter<BodyPage>,
    /// The body pages kept by the first pass.
    kept: std::vec::IntoIter<BodyPage>,
    /// Body pages in the book, and the number of the next one handed out (0-based).
    body_len: usize,
    next_body: usize,
    /// The chapters laid out again, when the first pass dropped pages.
    again: Option<Again>,
    ready: VecDeque<BodyPage>,
}

struct Again {
    next_chapter: usize,
    paginator: Paginator,
    offsets: Vec<u32>,
    finished: bool,
}

impl<'a> PageStream<'a> {
    /// `front`: the furnished front matter; `measured`: the first pass (its `body` already
    /// used for destinations and the contents); `names`: every destination in the book.
    pub(super) fn new(
        sh: Shared<'a>,
        title: String,
        front: Vec<BodyPage>,
        mut measured: Measured,
        names: HashSet<String>,
    ) -> Self {
        let body_len = measured.body.len();
        let again = measured.resume.map(|r| {
            // The skeletons after the resume point are laid out again: drop them.
            measured.body.truncate(r.page);
            Again {
                next_chapter: r.chapter,
                paginator: r.paginator,
                offsets: measured.offsets,
                finished: false,
            }
        });
        PageStream {
            sh,
            title,
            names,
            front: front.into_iter(),
            kept: measured.body.into_iter(),
            body_len,
            next_body: 0,
            again,
            ready: VecDeque::new(),
        }
    }

    /// A body page with its page number, running head and checked links.
    fn finish_body(&mut self, mut page: BodyPage) -> Page {
        furnish_body_page(
            &self.sh,
            &self.title,
            &mut page,
            (self.next_body, self.body_len),
        );
        self.next_body += 1;
        to_page(page, &self.names)
    }

    /// Lays out the next batch of chapters again; `false` when there is nothing left.
    fn lay_out_again(&mut self) -> bool {
        let Some(again) = self.again.as_mut() else {
            return false;
        };
        if again.finished {
            return false;
        }
        let chapters = self.sh.book.chapters.len();
        if again.next_chapter >= chapters {
            again.paginator.finish();
            again.finished = true;
        } else {
            let (start, end) = (
                again.next_chapter,
                (again.next_chapter + BATCH).min(chapters),
            );
            let outs: Vec<ChapterOut> = lay_out_chapters(&self.sh, start..end);
            for (i, ch) in (start..end).zip(outs) {
                let elem_offset = again.offsets.get(i).copied().unwrap_or(u32::MAX);
                again.paginator.feed(
                    i,
                    ChapterRows {
                        rows: ch.rows,
                        elem_offset,
                    },
                );
            }
            again.next_chapter = end;
        }
        self.ready.extend(again.paginator.take_pages());
        true
    }
}

/// A page with only the links whose destination exists.
fn to_page(page: BodyPage, names: &HashSet<String>) -> Page {
    Page {
        items: page.items,
        links: checked_links(page.links, names),
    }
}

impl Iterator for PageStream<'_> {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        if let Some(page) = self.front.next() {
            return Some(to_page(page, &self.names));
        }
        if let Some(page) = self.kept.next() {
            return Some(self.finish_body(page));
        }
        loop {
            if let Some(page) = self.ready.pop_front() {
                if self.next_body >= self.body_len {
                    // Never more pages than measured (layout is deterministic; a guard).
                    return None;
                }
                return Some(self.finish_body(page));
            }
            if !self.lay_out_again() {
                return None;
            }
        }
    }
}
