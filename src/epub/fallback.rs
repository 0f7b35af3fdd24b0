//! The plain-text chapter written when rendering a chapter panicked: every word of the note
//! as plain paragraphs, and every id other documents link to, so the book stays valid.

use super::escape::push_text;
use super::xhtml::{BookContext, Chars, RenderedChapter, doc_start};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::model::block_texts;

/// A chapter of plain paragraphs for chapter `index`, carrying `diagnostic` (the caught panic).
pub(super) fn fallback_chapter(
    ctx: &BookContext<'_>,
    index: usize,
    diagnostic: Diagnostic,
) -> RenderedChapter {
    let chapter = &ctx.book.chapters[index];
    let mut out = String::new();
    let mut chars = Chars::default();
    doc_start(&mut out, &ctx.book_lang, &chapter.title, None);
    out.push_str("<section epub:type=\"chapter\" role=\"doc-chapter\" class=\"chapter\">\n");
    // Links from other chapters still land: every XML id of the chapter, in a stable order.
    let mut ids: Vec<&String> = ctx.ids[index].values().collect();
    ids.sort();
    for id in ids {
        out.push_str("<span id=\"");
        push_text(&mut out, id);
        out.push_str("\"></span>\n");
    }
    out.push_str("<h1>");
    push_text(&mut out, &chapter.title);
    chars.add(Family::Sans, true, &chapter.title);
    out.push_str("</h1>\n");
    let mut texts = Vec::new();
    block_texts(&chapter.blocks, &mut texts);
    for f in &chapter.footnotes {
        block_texts(&f.blocks, &mut texts);
    }
    for t in &texts {
        out.push_str("<p>");
        push_text(&mut out, t);
        chars.add(Family::Serif, false, t);
        out.push_str("</p>\n");
    }
    out.push_str("</section>\n</body>\n</html>\n");
    RenderedChapter {
        xhtml: out,
        uses_math: false,
        chars,
        diagnostics: vec![diagnostic],
        // Page numbers need the chapter's blocks: a fallback chapter carries none.
        page_marks: Vec::new(),
    }
}
