//! ⑤a PDF: `PagedDocument` → PDF bytes, through krilla (pinned; used only inside this module).
//!
//! Input: IR 3 pages and the `FontBook`. Output: PDF bytes with subset fonts + ToUnicode,
//! `/Lang`, metadata, outline, named destinations, link annotations and tags.
//! Never sees the model.

use crate::font::{FontBook, FontError};
use crate::layout::PagedDocument;

/// PDF writing options.
#[derive(Clone, Debug, Default)]
pub struct PdfOptions {
    /// Creation date as seconds since the Unix epoch (`SOURCE_DATE_EPOCH`); `None` = no date.
    pub creation_date: Option<i64>,
}

/// Writes the document as PDF bytes.
pub fn write_pdf(document: &PagedDocument, fonts: &FontBook, options: &PdfOptions) -> Result<Vec<u8>, FontError> {
    let _ = (document, fonts, options);
    todo!("pdf helper")
}
