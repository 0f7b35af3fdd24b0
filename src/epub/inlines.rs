//! Inline rendering of a chapter: text and styles, code, inline math, breaks, links (internal
//! `cNNN.xhtml#id`, external sanitised), inline images, and footnotes (EPUB 3 `noteref` →
//! `aside epub:type="footnote"` with a back link).

use super::escape::{encode_fragment, push_attr};
use super::xhtml::Writer;
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::model::{BlockKind, Footnote, Inline, InlineKind, LinkTarget, Style};

impl Writer<'_> {
    pub(super) fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    pub(super) fn inline(&mut self, inline: &Inline) {
        match &inline.kind {
            InlineKind::Text(t) => self.text(t),
            InlineKind::Styled(style, content) => {
                let tag = match style {
                    Style::Emphasis => "em",
                    Style::Strong => "strong",
                    Style::Strikethrough => "s",
                    Style::Superscript => "sup",
                    Style::Subscript => "sub",
                    Style::Underline => "u",
                    Style::Highlight => "mark",
                    Style::Keyboard => "kbd",
                    Style::Small => "small",
                };
                self.out.push('<');
                self.out.push_str(tag);
                self.out.push('>');
                let (prev, prev_bold) = (self.family, self.bold);
                if *style == Style::Keyboard {
                    self.family = Family::Mono;
                }
                if *style == Style::Strong {
                    self.bold = true;
                }
                self.inlines(content);
                self.family = prev;
                self.bold = prev_bold;
                self.out.push_str("</");
                self.out.push_str(tag);
                self.out.push('>');
            }
            InlineKind::Code(c) => {
                self.out.push_str("<code>");
                let prev = std::mem::replace(&mut self.family, Family::Mono);
                self.text(c);
                self.family = prev;
                self.out.push_str("</code>");
            }
            InlineKind::Math(tex) => self.math(tex, false),
            InlineKind::SoftBreak => self.out.push('\n'),
            InlineKind::LineBreak => self.out.push_str("<br/>\n"),
            InlineKind::Link { target, content } => self.link(target, content, inline),
            InlineKind::Image(img) => self.image(img, false),
            InlineKind::FootnoteRef { id, number } => self.footnote_ref(id, *number),
        }
    }

    pub(super) fn link(&mut self, target: &LinkTarget, content: &[Inline], inline: &Inline) {
        let href = match target {
            // An `ExternalUrl` is checked and encoded by construction (model/url.rs).
            LinkTarget::External(url) => Some(url.as_str().to_string()),
            LinkTarget::Internal { chapter, anchor } => {
                self.internal_href(chapter.0, anchor.as_deref(), inline)
            }
            // EPUB 3.3 §3.1 / EPUBCheck RSC-026: a link may not leave the container, so a link
            // to a sibling book (`--each`) keeps only its text here (the PDF links it).
            LinkTarget::Sibling { .. } => None,
        };
        match href {
            Some(h) if self.link_depth == 0 => {
                self.out.push_str("<a href=\"");
                push_attr(&mut self.out, &h);
                self.out.push_str("\">");
                self.link_depth += 1;
                self.inlines(content);
                self.link_depth -= 1;
                self.out.push_str("</a>");
            }
            _ => self.inlines(content),
        }
    }

    /// `cNNN.xhtml#id` for a place in the book; the id must exist there (else the chapter start).
    pub(super) fn internal_href(
        &mut self,
        chapter: usize,
        anchor: Option<&str>,
        inline: &Inline,
    ) -> Option<String> {
        let Some(file) = self.ctx.files.get(chapter) else {
            self.diagnostics.push(Diagnostic::warning(
                "link-unresolved",
                Some(inline.span.clone()),
                "link to a chapter that is not in the book; kept as text",
            ));
            return None;
        };
        let mut href = file.clone();
        if let Some(a) = anchor {
            match self.ctx.ids[chapter].get(a) {
                Some(id) => {
                    href.push('#');
                    href.push_str(&encode_fragment(id));
                }
                None => self.diagnostics.push(Diagnostic::warning(
                    "link-anchor-missing",
                    Some(inline.span.clone()),
                    format!(
                        "no heading `{a}` in `{}`; linking to the note itself",
                        self.ctx.book.chapters[chapter].source
                    ),
                )),
            }
        }
        Some(href)
    }

    pub(super) fn footnote_ref(&mut self, id: &str, number: u32) {
        let target = self.ctx.ids[self.index()].get(id).cloned();
        let known = self.chapter.footnotes.iter().any(|f| f.id == id);
        match target {
            Some(t) if known && self.link_depth == 0 => {
                let count = self.ref_count.entry(id.to_string()).or_insert(0);
                *count += 1;
                let base = format!("{t}-ref");
                let ref_id = self.fresh_id(&base);
                self.first_ref
                    .entry(id.to_string())
                    .or_insert(ref_id.clone());
                self.out.push_str(
                    "<sup class=\"fn-ref\"><a epub:type=\"noteref\" role=\"doc-noteref\" id=\"",
                );
                push_attr(&mut self.out, &ref_id);
                self.out.push_str("\" href=\"#");
                push_attr(&mut self.out, &encode_fragment(&t));
                self.out.push_str("\">");
                self.text(&number.to_string());
                self.out.push_str("</a></sup>");
            }
            _ => {
                self.out.push_str("<sup class=\"fn-ref\">");
                self.text(&number.to_string());
                self.out.push_str("</sup>");
            }
        }
    }

    pub(super) fn footnotes(&mut self, notes: &[Footnote]) {
        if notes.is_empty() {
            return;
        }
        self.out
            .push_str("<section class=\"footnotes\" epub:type=\"footnotes\" aria-label=\"");
        push_attr(&mut self.out, self.labels.footnotes);
        self.out.push_str("\">\n<hr class=\"footnotes-sep\"/>\n");
        for f in notes {
            self.out
                .push_str("<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\"");
            self.id_attr(&f.id);
            self.out.push_str(">\n");
            let back = self.first_ref.get(&f.id).cloned();
            let mut blocks = f.blocks.as_slice();
            self.out.push_str("<p>");
            self.footnote_number(f.number, back.as_deref());
            if let Some(first) = blocks.first()
                && let BlockKind::Paragraph(inl) = &first.kind
            {
                self.inlines(inl);
                blocks = &blocks[1..];
            }
            self.out.push_str("</p>\n");
            self.blocks(blocks);
            self.out.push_str("</aside>\n");
        }
        self.out.push_str("</section>\n");
    }

    pub(super) fn footnote_number(&mut self, number: u32, back: Option<&str>) {
        let n = format!("{number}.");
        match back {
            Some(b) => {
                self.out
                    .push_str("<a class=\"fn-back\" role=\"doc-backlink\" href=\"#");
                push_attr(&mut self.out, &encode_fragment(b));
                self.out.push_str("\" title=\"");
                push_attr(&mut self.out, self.labels.back);
                self.out.push_str("\">");
                self.text(&n);
                self.out.push_str("</a> ");
            }
            None => {
                self.out.push_str("<span class=\"fn-num\">");
                self.text(&n);
                self.out.push_str("</span> ");
            }
        }
    }
}
