//! The whole book: chapters → rows in parallel (rayon; shaping dominates) and pagination, in
//! batches (`stream.rs`: the body is measured first, and a big one laid out again as its pages
//! are taken), then the front matter (title page, table of contents with the now known page
//! numbers), page furniture, destinations, outline, page labels and the check that every
//! internal link lands on a destination that exists.

use super::LayoutOptions;
use super::blocks::chapter_rows;
use super::context::Ctx;
use super::flow::{BodyPage, ChapterRows, paginate};
use super::page::{Furniture, PageWords, expand, furnish, page_label};
use super::paged::{
    Destination, DocumentMeta, FileAttachment, LabelStyle, LinkArea, LinkTarget, OutlineEntry,
    PageLabelRange, PagedDocument, StructElem,
};
use super::stream::{self, PageStream};
use super::style::Metrics;
use super::toc::{TocLine, title_page, toc_rows};
use crate::diag::{Diagnostic, Span, Warned, catch_panic};
use crate::font::FontBook;
use crate::model::{Book, Chapter, ChapterMeta, PrintPage, PrintPages, plain_chapter};
use crate::resolve::{self, toc::TocEntry};
use crate::text::ShapeCache;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Most TOC lines printed with sections; bigger books list chapters only.
const TOC_MAX_WITH_SECTIONS: usize = 600;

pub(super) struct ChapterOut {
    pub rows: Vec<super::flow::Row>,
    pub elems: Vec<StructElem>,
    pub diags: Vec<Diagnostic>,
    pub missing: Vec<(char, Span)>,
}

fn new_ctx<'a>(
    fonts: &'a FontBook,
    cache: &'a ShapeCache,
    options: &'a LayoutOptions,
    m: &'a Metrics,
    book: &'a Book,
    chapter: &'a Chapter,
) -> Ctx<'a> {
    Ctx {
        fonts,
        cache,
        options,
        m,
        book,
        chapter,
        lang: chapter
            .lang
            .as_ref()
            .unwrap_or(&book.meta.language)
            .as_str()
            .to_string(),
        elems: Vec::new(),
        diags: Vec::new(),
        missing: Vec::new(),
        footnotes: HashMap::new(),
        fn_refs: HashSet::new(),
        in_footnote: false,
    }
}

/// What the whole layout shares: options, metrics, fonts and the shaping cache (kept from the
/// first pass to the second, see `stream.rs`).
pub(super) struct Shared<'a> {
    pub book: &'a Book,
    pub fonts: &'a FontBook,
    pub options: LayoutOptions,
    pub m: Metrics,
    pub cache: ShapeCache,
}

/// The laid-out book with its pages still to come: everything the PDF writer needs before the
/// first page (`document.pages` is empty), and the pages, made as they are taken.
pub struct StreamedBook<'a> {
    /// Destinations, outline, labels, metadata, structure, the EPUB's page map.
    pub document: PagedDocument,
    /// Every page in order (`document.page_count` of them).
    pub pages: PageStream<'a>,
}

/// Lays out the book with every page in memory (see the module docs for the steps).
pub(crate) fn layout(
    book: &Book,
    fonts: &FontBook,
    options: &LayoutOptions,
) -> Warned<PagedDocument> {
    let Warned { value, diagnostics } = layout_streamed(book, fonts, options.clone());
    let mut document = value.document;
    document.pages = value.pages.collect();
    Warned {
        value: document,
        diagnostics,
    }
}

/// Lays out the book, keeping in memory only what `options.page_memory` allows (`stream.rs`).
pub(crate) fn layout_streamed<'a>(
    book: &'a Book,
    fonts: &'a FontBook,
    options: LayoutOptions,
) -> Warned<StreamedBook<'a>> {
    let sh = Shared {
        book,
        fonts,
        m: Metrics::new(&options),
        options,
        cache: ShapeCache::default(),
    };
    let mut measured = stream::measure(&sh);
    let mut structure = std::mem::take(&mut measured.structure);
    let mut diagnostics = std::mem::take(&mut measured.diagnostics);
    let body = &measured.body;
    let print_pages = print_pages(body, book);
    // Where every destination is, in body page terms.
    let mut body_dest: HashMap<String, usize> = HashMap::new();
    for (i, p) in body.iter().enumerate() {
        for (name, _) in &p.dests {
            body_dest.entry(name.clone()).or_insert(i);
        }
    }
    // One contents tree for the printed contents page and the outline (and the EPUB nav).
    let tree = resolve::toc::toc_tree(book, sh.options.toc_depth);
    let title = if book.meta.title.trim().is_empty() {
        "Untitled".to_string()
    } else {
        book.meta.title.clone()
    };
    let front = front_matter(&sh, (&title, body.len()), &tree, &body_dest, &mut structure);
    let front_len = front.len();
    let (destinations, names) = destinations(front.iter().chain(body), &sh.m);
    let dropped = front
        .iter()
        .chain(body)
        .flat_map(|p| &p.links)
        .filter(|l| !lands(&l.target, &names))
        .count();
    if dropped > 0 {
        diagnostics.push(Diagnostic::warning(
            "link-target-missing",
            None,
            format!("{dropped} internal link(s) pointed at no destination and were left as text"),
        ));
    }
    let document = PagedDocument {
        print_pages,
        page_width: sh.m.page_w,
        page_height: sh.m.page_h,
        page_count: front_len + body.len(),
        outline: book_outline(&tree, book, &names),
        pages: Vec::new(),
        destinations,
        page_labels: vec![
            PageLabelRange {
                first_page: 0,
                style: LabelStyle::LowerRoman,
                start: 1,
            },
            PageLabelRange {
                first_page: front_len,
                style: LabelStyle::Arabic,
                start: 1,
            },
        ],
        meta: DocumentMeta {
            title: title.clone(),
            authors: book.meta.authors.clone(),
            lang: book.meta.language.as_str().to_string(),
            subject: book.meta.description.clone(),
            keywords: book.meta.keywords.clone(),
        },
        structure,
        attachments: book
            .attachments
            .iter()
            .map(|a| FileAttachment {
                path: a.path.clone(),
                media_type: a.media_type,
                data: a.data.clone(),
            })
            .collect(),
    };
    Warned {
        value: StreamedBook {
            document,
            pages: PageStream::new(sh, title, front, measured, names),
        },
        diagnostics,
    }
}

/// Chapters `range` laid out into rows, in parallel; a chapter that makes layout panic (a bug)
/// is laid out again as plain text.
pub(super) fn lay_out_chapters(sh: &Shared<'_>, range: Range<usize>) -> Vec<ChapterOut> {
    sh.book.chapters[range.clone()]
        .par_iter()
        .zip(range)
        .map(|(chapter, i)| {
            let lay = |chapter: &Chapter| {
                let mut ctx = new_ctx(sh.fonts, &sh.cache, &sh.options, &sh.m, sh.book, chapter);
                let previous = i.checked_sub(1).map(|p| &sh.book.chapters[p]);
                let part = chapter
                    .part
                    .as_ref()
                    .filter(|_| chapter.opens_part(previous));
                let rows = chapter_rows(&mut ctx, sh.options.chapter_page_break || i == 0, part);
                ChapterOut {
                    rows,
                    elems: ctx.elems,
                    diags: ctx.diags,
                    missing: ctx.missing,
                }
            };
            catch_panic(
                Some(&chapter.span),
                "laying out this note's PDF pages",
                || lay(chapter),
            )
            .unwrap_or_else(|d| {
                let mut out = lay(&plain_chapter(chapter));
                out.diags.insert(0, d);
                out
            })
        })
        .collect()
}

/// Characters no font has, grouped (style guide): one warning per note and script, at the
/// first occurrence, with how many there are and the first few of them.
pub(super) fn missing_warnings(missing: &[(char, Span)]) -> Vec<Diagnostic> {
    // (file, script) → (first position, count, distinct characters in order)
    type Group = ((String, harfrust::Script), Span, usize, Vec<char>);
    let mut groups: Vec<Group> = Vec::new();
    for (c, span) in missing {
        let key = (span.file.to_string(), harfrust::unicode::script(*c as u32));
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => {
                g.2 += 1;
                if !g.3.contains(c) {
                    g.3.push(*c);
                }
            }
            None => groups.push((key, span.clone(), 1, vec![*c])),
        }
    }
    groups
        .into_iter()
        .map(|(_, span, count, chars)| {
            let shown: Vec<String> = chars
                .iter()
                .take(5)
                .map(|c| format!("U+{:04X} {c:?}", u32::from(*c)))
                .collect();
            let more = if chars.len() > 5 { ", …" } else { "" };
            let message = if count == 1 {
                format!("no font has {}; it is drawn as a box", shown.join(", "))
            } else {
                format!(
                    "no font has {count} characters here ({}{more}); they are drawn as boxes",
                    shown.join(", ")
                )
            };
            Diagnostic::warning("font-missing-char", Some(span), message)
        })
        .collect()
}

/// The title page and the contents pages (numbered i, ii, …), their structure elements
/// appended to `structure`.
/// The cover, title and contents pages; `body_pages` is what `{pages}` says in their foot line.
fn front_matter(
    sh: &Shared<'_>,
    (title, body_pages): (&str, usize),
    tree: &[TocEntry],
    body_dest: &HashMap<String, usize>,
    structure: &mut Vec<StructElem>,
) -> Vec<BodyPage> {
    let book = sh.book;
    let front_chapter = front_matter_chapter();
    let lang = book.meta.language.as_str().to_string();
    let mut fctx = new_ctx(
        sh.fonts,
        &sh.cache,
        &sh.options,
        &sh.m,
        book,
        &front_chapter,
    );
    fctx.lang = lang.clone();
    // The cover (as the EPUB's), then the title page.
    let mut front: Vec<BodyPage> = super::figure::cover_page(&mut fctx).into_iter().collect();
    front.push(title_page(&mut fctx, title, &book.meta));
    let toc = toc_rows(&mut fctx, &toc_lines(tree, book, body_dest));
    let offset = u32::try_from(structure.len()).unwrap_or(u32::MAX);
    // The cover and title pages used chapter-local ids from 0 too: shift their items.
    for it in front.iter_mut().flat_map(|p| p.items.iter_mut()) {
        it.elem = it.elem.map(|e| super::paged::StructId(e.0 + offset));
    }
    let mut toc_pages = paginate(
        vec![ChapterRows {
            rows: toc,
            elem_offset: offset,
        }],
        &sh.m,
    );
    for mut e in fctx.elems {
        e.parent = e.parent.map(|p| super::paged::StructId(p.0 + offset));
        structure.push(e);
    }
    // Front matter counts i, ii, …: the contents pages come after the cover and title pages.
    let first = front.len() + 1;
    let authors = book.meta.authors.join(", ");
    let pages = body_pages.to_string();
    for (i, p) in toc_pages.iter_mut().enumerate() {
        let n = u32::try_from(i + first).unwrap_or(u32::MAX);
        let page = page_label(n, LabelStyle::LowerRoman);
        let words = PageWords {
            title,
            chapter: "",
            author: &authors,
            page: &page,
            pages: &pages,
        };
        let furniture = Furniture {
            foot: expand(&sh.options.page_pattern.footer, &words),
            head: None,
        };
        furnish(p, &furniture, &sh.m, sh.fonts, &sh.cache, &lang);
    }
    front.extend(toc_pages);
    front
}

/// Page number and running head of body page `index` of `total` (`PagePattern`: by default
/// the book title on even pages, the chapter title on odd ones), none on a chapter's first page.
pub(super) fn furnish_body_page(
    sh: &Shared<'_>,
    title: &str,
    p: &mut BodyPage,
    (index, total): (usize, usize),
) {
    let lang = sh.book.meta.language.as_str();
    let pattern = &sh.options.page_pattern;
    let authors = sh.book.meta.authors.join(", ");
    let pages = total.to_string();
    let n = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let page = page_label(n, LabelStyle::Arabic);
    let chapter = sh
        .book
        .chapters
        .get(p.chapter)
        .map_or("", |c| c.title.as_str());
    let words = PageWords {
        title,
        chapter,
        author: &authors,
        page: &page,
        pages: &pages,
    };
    let head = if p.chapter_start {
        None
    } else if n % 2 == 0 {
        expand(&pattern.header_even, &words).map(|h| (h, false))
    } else {
        expand(&pattern.header_odd, &words).map(|h| (h, true))
    };
    let furniture = Furniture {
        foot: expand(&pattern.footer, &words),
        head,
    };
    furnish(p, &furniture, &sh.m, sh.fonts, &sh.cache, lang);
}

/// Where each body page begins, numbered as its foot is (1, 2, …). A page of continued
/// footnotes only begins where the page before it did.
fn print_pages(body: &[BodyPage], book: &Book) -> PrintPages {
    let part_ids: HashSet<&str> = book
        .chapters
        .iter()
        .filter_map(|c| c.part.as_ref().map(|p| p.id.as_str()))
        .collect();
    let mut at = (0, None);
    let pages = body
        .iter()
        .enumerate()
        .map(|(i, page)| {
            at = page.begins.unwrap_or(at);
            PrintPage {
                label: (i + 1).to_string(),
                chapter: at.0,
                block: at.1,
                part_page: page
                    .dests
                    .iter()
                    .any(|(n, _)| part_ids.contains(n.as_str())),
            }
        })
        .collect();
    PrintPages { pages }
}

/// Every destination of `pages` (the whole book, in order) placed, and their names.
fn destinations<'p>(
    pages: impl Iterator<Item = &'p BodyPage>,
    m: &Metrics,
) -> (Vec<Destination>, HashSet<String>) {
    let mut destinations = Vec::new();
    let mut names = HashSet::new();
    for (i, p) in pages.enumerate() {
        for (name, y) in &p.dests {
            if names.insert(name.clone()) {
                // Land a little above the target so the line is not at the very edge.
                destinations.push(Destination {
                    name: name.clone(),
                    page: i,
                    y: (*y - m.base).max(crate::font::Pt::ZERO),
                });
            }
        }
    }
    (destinations, names)
}

/// The chapter a destination name belongs to (`chapter/anchor` → `chapter`).
fn chapter_of(name: &str) -> &str {
    name.split('/').next().unwrap_or("")
}

/// Whether a link lands somewhere: on its destination, or else on that destination's chapter.
fn lands(target: &LinkTarget, names: &HashSet<String>) -> bool {
    match target {
        LinkTarget::Named(n) => names.contains(n) || names.contains(chapter_of(n)),
        _ => true,
    }
}

/// The links that land (a missing heading falls back to its chapter); the others are dropped,
/// their text left as text.
pub(super) fn checked_links(links: Vec<LinkArea>, names: &HashSet<String>) -> Vec<LinkArea> {
    links
        .into_iter()
        .filter(|l| lands(&l.target, names))
        .map(|mut l| {
            if let LinkTarget::Named(n) = &l.target
                && !names.contains(n)
            {
                l.target = LinkTarget::Named(chapter_of(n).to_string());
            }
            l
        })
        .collect()
}

/// The PDF outline: the contents entry first, then the contents tree.
fn book_outline(tree: &[TocEntry], book: &Book, names: &HashSet<String>) -> Vec<OutlineEntry> {
    let mut out = outline(tree, book, names);
    if names.contains("toc") {
        out.insert(
            0,
            OutlineEntry {
                title: resolve::Labels::for_lang(book.meta.language.as_str())
                    .toc
                    .to_string(),
                dest: "toc".to_string(),
                children: Vec::new(),
            },
        );
    }
    out
}

fn front_matter_chapter() -> Chapter {
    Chapter {
        id: "front".to_string(),
        source: String::new(),
        title: String::new(),
        title_id: "title".to_string(),
        lang: None,
        meta: ChapterMeta::default(),
        part: None,
        blocks: Vec::new(),
        footnotes: Vec::new(),
        span: Span::default(),
    }
}

/// Destination name of a contents entry: the chapter id, or `chapter/anchor` (as `Ctx::local_dest`).
fn dest_of(entry: &TocEntry, book: &Book) -> Option<String> {
    let chapter = book.chapters.get(entry.chapter.0)?;
    Some(match &entry.anchor {
        Some(a) => format!("{}/{a}", chapter.id),
        None if entry.level == 0 => chapter.part.as_ref()?.id.clone(),
        None => chapter.id.clone(),
    })
}

/// The title a contents entry shows: a part's or a chapter's own (not collapsed), a heading's.
fn entry_title(entry: &TocEntry, book: &Book) -> Option<String> {
    let chapter = book.chapters.get(entry.chapter.0)?;
    Some(match (entry.level, &entry.anchor) {
        (_, Some(_)) => entry.title.clone(),
        (0, None) => chapter.part.as_ref()?.title.clone(),
        (_, None) => chapter.title.clone(),
    })
}

/// The printed contents page: every entry of the tree whose destination was laid out, with
/// its body page number (big books list chapters only).
fn toc_lines(tree: &[TocEntry], book: &Book, body_dest: &HashMap<String, usize>) -> Vec<TocLine> {
    let entries = resolve::toc::flatten(tree);
    let with_sections = entries.len() <= TOC_MAX_WITH_SECTIONS;
    entries
        .into_iter()
        .filter(|e| with_sections || e.level <= 1)
        .filter_map(|e| {
            let dest = dest_of(e, book)?;
            let page = body_dest.get(&dest)?;
            let title = entry_title(e, book)?;
            Some(TocLine {
                level: e.level,
                title,
                dest,
                page: page + 1,
            })
        })
        .collect()
}

/// The outline: the contents tree, keeping the entries whose destination exists (a missing
/// heading's children move up to its parent).
fn outline(tree: &[TocEntry], book: &Book, names: &HashSet<String>) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    for e in tree {
        let children = outline(&e.children, book, names);
        match dest_of(e, book).filter(|d| names.contains(d)) {
            Some(dest) => out.push(OutlineEntry {
                title: entry_title(e, book).unwrap_or_default(),
                dest,
                children,
            }),
            // A chapter without pages has no outline entry at all (as before).
            None if e.level <= 1 => {}
            None => out.extend(children),
        }
    }
    out
}
