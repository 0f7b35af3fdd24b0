//! ④ Layout: model → `PagedDocument` (IR 3: pages of positioned glyph runs, rules, images, links).
//!
//! Input: the `Book`, a `FontBook` and `LayoutOptions`. Output: pages ready to be written, with
//! the outline, named destinations and page labels. Does not write PDF bytes (that is `pdf`).

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
            margins: [Pt::from_mm(25.0), Pt::from_mm(22.0), Pt::from_mm(25.0), Pt::from_mm(22.0)],
            base_size: Pt(10.5),
            chapter_page_break: true,
            korean_break: KoreanBreak::Word,
            toc_depth: 3,
        }
    }
}

/// IR 3: the laid-out book (defined by the layout helper).
#[derive(Clone, Debug, Default)]
pub struct PagedDocument {}

/// Lays out the whole book.
pub fn layout_book(book: &Book, fonts: &FontBook, options: &LayoutOptions) -> Warned<PagedDocument> {
    let _ = (book, fonts, options);
    todo!("layout helper")
}
