//! Where the pages of the book's print edition (hanji's own PDF of the same book) begin, in
//! model terms, so that the EPUB can carry the same page numbers (a `page-list` and page-break
//! markers) and a reader of either book can cite the same page.

/// The body pages of the PDF, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrintPages {
    /// One entry per body page (the front matter — cover, title, contents — has its own
    /// documents in the EPUB and is not listed).
    pub pages: Vec<PrintPage>,
}

/// One printed page: its number as printed, and where its text begins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintPage {
    /// The page number as printed at its foot (`1`, `2`, …).
    pub label: String,
    /// Index of the chapter (`Book::chapters`) whose text the page begins with.
    pub chapter: usize,
    /// The chapter's top-level block (`Chapter::blocks` index) the page begins in, or `None`
    /// when the page begins before the first block (with the chapter's title).
    ///
    /// Block granularity: a page that begins inside a long paragraph is marked at the start of
    /// that paragraph, never after the page's first words.
    pub block: Option<usize>,
    /// The page is the part page before `chapter` (the chapter opens a part): its marker
    /// belongs in the part's own document.
    pub part_page: bool,
}
