//! The whole book: chapters → rows in parallel (rayon; shaping dominates), then pagination,
//! then the front matter (title page, table of contents with the now known page numbers),
//! page furniture, destinations, outline, page labels and the check that every internal link
//! lands on a destination that exists.

use super::LayoutOptions;
use super::blocks::chapter_rows;
use super::context::{Ctx, HeadingEntry};
use super::flow::{BodyPage, ChapterRows, paginate};
use super::page::{Furniture, furnish};
use super::paged::{
    Destination, DocumentMeta, LabelStyle, LinkTarget, OutlineEntry, Page, PageLabelRange,
    PagedDocument, StructElem,
};
use super::style::Metrics;
use super::toc::{TocEntry, title_page, toc_rows};
use crate::diag::{Diagnostic, Span, Warned, catch_panic};
use crate::font::FontBook;
use crate::model::{Book, Chapter, ChapterMeta, plain_chapter};
use crate::text::ShapeCache;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Most TOC lines printed with sections; bigger books list chapters only.
const TOC_MAX_WITH_SECTIONS: usize = 600;

struct ChapterOut {
    rows: Vec<super::flow::Row>,
    elems: Vec<StructElem>,
    diags: Vec<Diagnostic>,
    missing: Vec<(char, Span)>,
    headings: Vec<HeadingEntry>,
}

fn lang_of(book: &Book) -> String {
    if book.meta.language.trim().is_empty() {
        "ko".to_string()
    } else {
        book.meta.language.clone()
    }
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
        lang: chapter.lang.clone().unwrap_or_else(|| lang_of(book)),
        elems: Vec::new(),
        diags: Vec::new(),
        missing: Vec::new(),
        headings: Vec::new(),
        footnotes: HashMap::new(),
        fn_refs: HashSet::new(),
        in_footnote: false,
    }
}

/// Lays out the book (see the module docs for the steps).
pub(crate) fn layout(
    book: &Book,
    fonts: &FontBook,
    options: &LayoutOptions,
) -> Warned<PagedDocument> {
    let m = Metrics::new(options);
    let cache = ShapeCache::default();
    let outs: Vec<ChapterOut> = book
        .chapters
        .par_iter()
        .enumerate()
        .map(|(i, chapter)| {
            let lay = |chapter: &Chapter| {
                let mut ctx = new_ctx(fonts, &cache, options, &m, book, chapter);
                let rows = chapter_rows(&mut ctx, options.chapter_page_break || i == 0);
                ChapterOut {
                    rows,
                    elems: ctx.elems,
                    diags: ctx.diags,
                    missing: ctx.missing,
                    headings: ctx.headings,
                }
            };
            // A chapter that makes layout panic (a bug) is laid out again as plain text.
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
        .collect();

    let mut diagnostics = Vec::new();
    let mut missing: Vec<(char, Span)> = Vec::new();
    let mut structure: Vec<StructElem> = Vec::new();
    let mut chapter_rows_list = Vec::with_capacity(outs.len());
    let mut headings = Vec::with_capacity(outs.len());
    for out in outs {
        let offset = u32::try_from(structure.len()).unwrap_or(u32::MAX);
        for mut e in out.elems {
            e.parent = e.parent.map(|p| super::paged::StructId(p.0 + offset));
            structure.push(e);
        }
        diagnostics.extend(out.diags);
        for (c, span) in out.missing {
            if !missing.iter().any(|(x, _)| *x == c) {
                missing.push((c, span));
            }
        }
        chapter_rows_list.push(ChapterRows {
            rows: out.rows,
            elem_offset: offset,
        });
        headings.push(out.headings);
    }
    for (c, span) in &missing {
        // One warning per character, at its first occurrence.
        diagnostics.push(Diagnostic::warning(
            "font-missing-char",
            Some(span.clone()),
            format!(
                "no font has U+{:04X} {c:?}; it is drawn as a box",
                u32::from(*c)
            ),
        ));
    }
    let body = paginate(chapter_rows_list, &m);

    // Where every destination is, in body page terms.
    let mut body_dest: HashMap<String, usize> = HashMap::new();
    for (i, p) in body.iter().enumerate() {
        for (name, _) in &p.dests {
            body_dest.entry(name.clone()).or_insert(i);
        }
    }

    // Front matter.
    let front_chapter = front_matter_chapter();
    let lang = lang_of(book);
    let mut fctx = new_ctx(fonts, &cache, options, &m, book, &front_chapter);
    fctx.lang = lang.clone();
    let title = if book.meta.title.trim().is_empty() {
        "Untitled".to_string()
    } else {
        book.meta.title.clone()
    };
    let mut front = vec![title_page(
        &mut fctx,
        &title,
        &book.meta.authors,
        book.meta.description.as_deref(),
    )];
    let toc_entries = toc_entries(book, &headings, &body_dest);
    let toc = toc_rows(&mut fctx, &toc_entries);
    let offset = u32::try_from(structure.len()).unwrap_or(u32::MAX);
    // The title page used chapter-local ids from 0 too: shift the title page's items.
    for it in front[0].items.iter_mut() {
        it.elem = it.elem.map(|e| super::paged::StructId(e.0 + offset));
    }
    let mut toc_pages = paginate(
        vec![ChapterRows {
            rows: toc,
            elem_offset: offset,
        }],
        &m,
    );
    for e in fctx.elems {
        let mut e = e;
        e.parent = e.parent.map(|p| super::paged::StructId(p.0 + offset));
        structure.push(e);
    }
    let front_len = 1 + toc_pages.len();
    for (i, p) in toc_pages.iter_mut().enumerate() {
        let n = u32::try_from(i + 2).unwrap_or(u32::MAX);
        furnish(
            p,
            &Furniture {
                number: Some((n, LabelStyle::LowerRoman)),
                head: None,
            },
            &m,
            fonts,
            &cache,
            &lang,
        );
    }
    front.extend(toc_pages);

    let mut body = body;
    for (i, p) in body.iter_mut().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let head = if p.chapter_start {
            None
        } else if n % 2 == 0 {
            Some((title.as_str(), false))
        } else {
            book.chapters
                .get(p.chapter)
                .map(|c| (c.title.as_str(), true))
        };
        furnish(
            p,
            &Furniture {
                number: Some((n, LabelStyle::Arabic)),
                head,
            },
            &m,
            fonts,
            &cache,
            &lang,
        );
    }

    let all: Vec<BodyPage> = front.into_iter().chain(body).collect();
    let mut destinations = Vec::new();
    let mut names = HashSet::new();
    for (i, p) in all.iter().enumerate() {
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
    let mut pages: Vec<Page> = Vec::with_capacity(all.len());
    let mut dropped = 0usize;
    for p in all {
        let mut links = Vec::with_capacity(p.links.len());
        for mut l in p.links {
            if let LinkTarget::Named(n) = &l.target
                && !names.contains(n)
            {
                // Every destination must exist: fall back to the chapter, else drop the link.
                let chapter = n.split('/').next().unwrap_or("").to_string();
                if names.contains(&chapter) {
                    l.target = LinkTarget::Named(chapter);
                } else {
                    dropped += 1;
                    continue;
                }
            }
            links.push(l);
        }
        pages.push(Page {
            items: p.items,
            links,
        });
    }
    if dropped > 0 {
        diagnostics.push(Diagnostic::warning(
            "link-target-missing",
            None,
            format!("{dropped} internal link(s) pointed at no destination and were left as text"),
        ));
    }

    let mut outline = outline(book, &headings, &names);
    if names.contains("toc") {
        outline.insert(
            0,
            OutlineEntry {
                title: crate::resolve::Labels::for_lang(&lang_of(book))
                    .toc
                    .to_string(),
                dest: "toc".to_string(),
                children: Vec::new(),
            },
        );
    }
    let doc = PagedDocument {
        page_width: m.page_w,
        page_height: m.page_h,
        pages,
        destinations,
        outline,
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
            title,
            authors: book.meta.authors.clone(),
            lang,
            subject: book.meta.description.clone(),
            keywords: book.meta.keywords.clone(),
        },
        structure,
    };
    Warned {
        value: doc,
        diagnostics,
    }
}

fn front_matter_chapter() -> Chapter {
    Chapter {
        id: "front".to_string(),
        source: String::new(),
        title: String::new(),
        title_id: "title".to_string(),
        lang: None,
        meta: ChapterMeta::default(),
        blocks: Vec::new(),
        footnotes: Vec::new(),
        span: Span::default(),
    }
}

fn toc_entries(
    book: &Book,
    headings: &[Vec<HeadingEntry>],
    body_dest: &HashMap<String, usize>,
) -> Vec<TocEntry> {
    let total: usize = book.chapters.len()
        + headings
            .iter()
            .map(|h| h.iter().filter(|e| e.level <= 2).count())
            .sum::<usize>();
    let with_sections = total <= TOC_MAX_WITH_SECTIONS;
    let mut out = Vec::new();
    for (chapter, hs) in book.chapters.iter().zip(headings) {
        let Some(page) = body_dest.get(&chapter.id) else {
            continue;
        };
        out.push(TocEntry {
            level: 1,
            title: chapter.title.clone(),
            dest: chapter.id.clone(),
            page: page + 1,
        });
        if with_sections {
            for h in hs.iter().filter(|h| h.level <= 2) {
                if let Some(p) = body_dest.get(&h.dest) {
                    out.push(TocEntry {
                        level: 2,
                        title: h.title.clone(),
                        dest: h.dest.clone(),
                        page: p + 1,
                    });
                }
            }
        }
    }
    out
}

/// Outline: one entry per chapter, headings nested under it by level.
fn outline(
    book: &Book,
    headings: &[Vec<HeadingEntry>],
    names: &HashSet<String>,
) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    for (chapter, hs) in book.chapters.iter().zip(headings) {
        if !names.contains(&chapter.id) {
            continue;
        }
        let mut root = OutlineEntry {
            title: chapter.title.clone(),
            dest: chapter.id.clone(),
            children: Vec::new(),
        };
        let entries: Vec<(u8, OutlineEntry)> = hs
            .iter()
            .filter(|h| names.contains(&h.dest))
            .map(|h| {
                (
                    h.level,
                    OutlineEntry {
                        title: h.title.clone(),
                        dest: h.dest.clone(),
                        children: Vec::new(),
                    },
                )
            })
            .collect();
        root.children = nest(&entries);
        out.push(root);
    }
    out
}

/// Nests a flat list of (level, entry) by level: an entry takes the following deeper ones.
fn nest(entries: &[(u8, OutlineEntry)]) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let (level, entry) = &entries[i];
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 > *level {
            j += 1;
        }
        let mut e = entry.clone();
        e.children = nest(&entries[i + 1..j]);
        out.push(e);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(l: u8, t: &str) -> (u8, OutlineEntry) {
        (
            l,
            OutlineEntry {
                title: t.into(),
                dest: t.into(),
                children: Vec::new(),
            },
        )
    }

    #[test]
    fn nests_by_level() {
        let n = nest(&[e(2, "a"), e(3, "a1"), e(3, "a2"), e(2, "b"), e(4, "b1")]);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].children.len(), 2);
        assert_eq!(n[1].children[0].title, "b1");
    }
}
