//! ④ Layout: model → `PagedDocument` (IR 3: pages of positioned glyph runs, rules, images, links).
//!
//! Input: the `Book`, a `FontBook` and `LayoutOptions`. Output: pages ready to be written, with
//! the outline, named destinations, page labels, metadata and logical structure.
//! Does not shape or break lines (that is `text`) and does not write PDF bytes (that is `pdf`).
//!
//! Steps, one file each: `paragraph` (inlines → styled text, set lines → rows), `blocks`
//! (headings, quotes, callouts …), `list`, `code`, `table`, `figure`, `footnote` (block → rows),
//! `flow` (rows → pages: keeps, widows/orphans, footnotes, repeated table headers), `toc`
//! (title page, contents), `page` (running heads, page numbers), `book` (the whole: chapters
//! in parallel, then pagination, front matter, destinations, outline), `stream` (a big book
//! in bounded memory: measured, then laid out again page by page as the PDF writer asks).

mod blocks;
mod book;
mod code;
mod context;
mod dump;
mod figure;
mod flow;
mod footnote;
mod inline_object;
mod list;
mod math;
mod page;
mod paged;
mod paragraph;
mod rows;
mod stream;
mod style;
mod svg;
mod table;
mod table_plan;
mod toc;

pub use book::StreamedBook;
pub use dump::{DumpLine, dump_lines, text_lines};
pub use page::PagePattern;
pub use paged::{
    Destination, DocumentMeta, FileAttachment, ItemKind, LabelStyle, LinkArea, LinkTarget,
    OutlineEntry, Page, PageItem, PageLabelRange, PagedDocument, Rect, Rgb, StructElem, StructId,
    StructKind,
};
pub use stream::PageStream;

use crate::diag::{Diagnostic, Warned};
use crate::font::{FontBook, Pt};
use crate::model::Book;
use crate::text::KoreanBreak;
use std::ops::RangeInclusive;

/// Page geometry and typography choices.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Page width.
    pub page_width: Pt,
    /// Page height.
    pub page_height: Pt,
    /// Margins: top, right, bottom, left.
    pub margins: [Pt; 4],
    /// Body font size.
    pub base_size: Pt,
    /// Start every note on a new page.
    pub chapter_page_break: bool,
    /// Korean line-break style.
    pub korean_break: KoreanBreak,
    /// Justify body paragraphs (`page.align: justify`, the default) or set them ragged right
    /// (`left`).
    pub justify: bool,
    /// Heading levels shown in the table of contents and outline (1–6).
    pub toc_depth: u8,
    /// Line height, paragraph spacing and link colour (`page:` keys; defaults when unset).
    pub typography: crate::resolve::Typography,
    /// What the running heads and the foot line say (`pdf.header_even`, `pdf.header_odd`,
    /// `pdf.footer`).
    pub page_pattern: PagePattern,
    /// Laid-out pages kept in memory (estimated bytes) between measuring the book and writing
    /// it; the pages after them are dropped once measured and laid out again as the PDF
    /// writer asks for them, so a book of any size takes bounded memory. 0 keeps none (every
    /// chapter is laid out twice; the pages are the same).
    pub page_memory: usize,
}

/// Default `LayoutOptions::page_memory`: 64 MiB of pages (about 1,300 A4 pages of text) are
/// laid out once; a bigger book's later chapters are laid out again while the PDF is written.
pub const PAGE_MEMORY: usize = 64 << 20;

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            page_width: Pt::from_mm(210.0),
            page_height: Pt::from_mm(297.0),
            margins: [
                Pt::from_mm(25.0),
                Pt::from_mm(22.0),
                Pt::from_mm(25.0),
                Pt::from_mm(22.0),
            ],
            base_size: Pt(10.5),
            chapter_page_break: true,
            korean_break: KoreanBreak::Word,
            justify: true,
            toc_depth: 3,
            typography: crate::resolve::Typography::default(),
            page_pattern: PagePattern::default(),
            page_memory: PAGE_MEMORY,
        }
    }
}

impl LayoutOptions {
    /// Body sizes layout accepts, in pt: smaller is unreadable, larger breaks the page grid.
    pub const BASE_SIZE_PT: RangeInclusive<f32> = 5.0..=40.0;
    /// Largest share of the page width (left, right) or height (top, bottom) one margin takes,
    /// so the text block is never degenerate.
    pub const MAX_MARGIN_SHARE: f32 = 0.3;
    /// Page sides layout accepts, in pt: 2 in up to the PDF user-space limit of 200 in.
    pub const PAGE_SIDE_PT: RangeInclusive<f32> = 144.0..=14400.0;
    /// Heading levels the contents may list.
    pub const TOC_DEPTH: RangeInclusive<u8> = 1..=6;

    /// The largest margin allowed on a page side of length `side`.
    pub fn max_margin(side: Pt) -> Pt {
        side * Self::MAX_MARGIN_SHARE
    }

    /// These options with every value brought into its range, and one warning per value that
    /// was not (the config already reports them against hanji.yaml; this catches library use).
    pub fn validated(&self) -> Warned<LayoutOptions> {
        let mut o = self.clone();
        let mut diagnostics = Vec::new();
        let mut fix = |name: &str, value: f32, range: &RangeInclusive<f32>| -> f32 {
            let fixed = if value.is_nan() {
                *range.start()
            } else {
                value.clamp(*range.start(), *range.end())
            };
            if fixed != value {
                diagnostics.push(out_of_range(name, value, range));
            }
            fixed
        };
        o.base_size = Pt(fix("base_size", o.base_size.0, &Self::BASE_SIZE_PT));
        let t = &mut o.typography;
        use crate::resolve::Typography as T;
        t.line_height = t
            .line_height
            .map(|v| fix("line_height", v, &T::LINE_HEIGHT_RANGE));
        t.paragraph_spacing = t
            .paragraph_spacing
            .map(|v| fix("paragraph_spacing", v, &T::PARAGRAPH_SPACING_RANGE));
        o.page_width = Pt(fix("page_width", o.page_width.0, &Self::PAGE_SIDE_PT));
        o.page_height = Pt(fix("page_height", o.page_height.0, &Self::PAGE_SIDE_PT));
        let (w, h) = (
            Self::max_margin(o.page_width).0,
            Self::max_margin(o.page_height).0,
        );
        for (i, side) in ["top", "right", "bottom", "left"].into_iter().enumerate() {
            let limit = if i % 2 == 0 { h } else { w };
            o.margins[i] = Pt(fix(side, o.margins[i].0, &(0.0..=limit)));
        }
        let depth = o
            .toc_depth
            .clamp(*Self::TOC_DEPTH.start(), *Self::TOC_DEPTH.end());
        if depth != o.toc_depth {
            diagnostics.push(out_of_range(
                "toc_depth",
                f32::from(o.toc_depth),
                &(1.0..=6.0),
            ));
            o.toc_depth = depth;
        }
        Warned {
            value: o,
            diagnostics,
        }
    }
}

fn out_of_range(name: &str, value: f32, range: &RangeInclusive<f32>) -> Diagnostic {
    Diagnostic::warning(
        "layout-options",
        None,
        format!(
            "layout option {name} = {value} is outside {}–{}; clamped",
            range.start(),
            range.end()
        ),
    )
}

/// Lays out the whole book, every page in memory. Options out of range are brought into range
/// with a warning.
pub fn layout_book(
    book: &Book,
    fonts: &FontBook,
    options: &LayoutOptions,
) -> Warned<PagedDocument> {
    let options = options.validated();
    let mut laid = book::layout(book, fonts, &options.value);
    laid.diagnostics.splice(0..0, options.diagnostics);
    laid
}

/// Lays out the whole book for writing page by page: what comes before the pages now, the
/// pages as they are taken, so memory stays bounded (`LayoutOptions::page_memory`). The same
/// pages as [`layout_book`].
pub fn layout_book_streamed<'a>(
    book: &'a Book,
    fonts: &'a FontBook,
    options: &LayoutOptions,
) -> Warned<StreamedBook<'a>> {
    let options = options.validated();
    let mut laid = book::layout_streamed(book, fonts, options.value);
    laid.diagnostics.splice(0..0, options.diagnostics);
    laid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_out_of_range_are_clamped_with_one_warning_each() {
        let bad = LayoutOptions {
            base_size: Pt(f32::NAN),
            page_width: Pt(10.0),
            margins: [Pt(0.0), Pt(500.0), Pt(0.0), Pt(-3.0)],
            toc_depth: 0,
            ..LayoutOptions::default()
        };
        let fixed = bad.validated();
        let o = &fixed.value;
        assert_eq!(
            (o.base_size, o.page_width, o.toc_depth),
            (Pt(5.0), Pt(144.0), 1)
        );
        assert_eq!(o.margins[1], LayoutOptions::max_margin(Pt(144.0)));
        assert_eq!(o.margins[3], Pt(0.0));
        // base_size, page_width, right, left, toc_depth.
        assert_eq!(fixed.diagnostics.len(), 5, "{:?}", fixed.diagnostics);
        assert!(LayoutOptions::default().validated().diagnostics.is_empty());
    }
}
