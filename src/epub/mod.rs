//! ⑤b EPUB: model → EPUB 3 bytes.
//!
//! Input: the `Book` and `EpubOptions`. Output: a reproducible EPUB 3 zip (our own OCF packager
//! on `zip`), XHTML per chapter, package document, nav + NCX, subset embedded fonts, stylesheet.
//! Never sees pages: the reading system lays out the text.

use crate::diag::Warned;
use crate::model::Book;

/// EPUB writing options.
#[derive(Clone, Debug)]
pub struct EpubOptions {
    /// Embed (subset) the default Hangul fonts.
    pub embed_fonts: bool,
    /// Heading levels in the table of contents (1–6).
    pub toc_depth: u8,
    /// `dcterms:modified` as seconds since the Unix epoch (`SOURCE_DATE_EPOCH`); `None` = derived from the notes.
    pub modified: Option<i64>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            embed_fonts: true,
            toc_depth: 3,
            modified: None,
        }
    }
}

/// Writes the book as EPUB bytes.
pub fn write_epub(book: &Book, options: &EpubOptions) -> Warned<Vec<u8>> {
    let _ = (book, options);
    todo!("epub helper")
}
