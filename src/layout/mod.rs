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
//! in parallel, then pagination, front matter, destinations, outline).

mod blocks;
mod book;
mod code;
mod context;
mod dump;
mod figure;
mod flow;
mod footnote;
mod list;
mod page;
mod paged;
mod paragraph;
mod rows;
mod style;
mod table;
mod table_plan;
mod toc;

pub use dump::{DumpLine, dump_lines, text_lines};
pub use paged::{
    Destination, DocumentMeta, ItemKind, LabelStyle, LinkArea, LinkTarget, OutlineEntry, Page,
    PageItem, PageLabelRange, PagedDocument, Rect, Rgb, StructElem, StructId, StructKind,
};

use crate::diag::Warned;
use crate::font::{FontBook, Pt};
use crate::model::Book;
use crate::text::KoreanBreak;

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
    /// Heading levels shown in the table of contents and outline (1–6).
    pub toc_depth: u8,
}

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
            toc_depth: 3,
        }
    }
}

/// Lays out the whole book.
pub fn layout_book(
    book: &Book,
    fonts: &FontBook,
    options: &LayoutOptions,
) -> Warned<PagedDocument> {
    book::layout(book, fonts, options)
}
