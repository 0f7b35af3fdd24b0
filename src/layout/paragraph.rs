//! Model inlines → a `text::Paragraph` whose style tags index a table of spans (colour, link,
//! decoration, footnote, source position); then the set lines → rows of positioned runs,
//! link rectangles (one per line a link covers), decorations and footnote attachments.

use super::context::Ctx;
use super::inline_object::InlineDrawing;
use super::paged::{LinkTarget, Rgb, StructId, StructKind};
use super::style::{CODE_INK, GREY};
use crate::diag::Span;
use crate::font::{Family, Pt};
use crate::model::{Inline, InlineKind, LinkTarget as ModelTarget, Style};
use crate::text::{InlineObject, OBJECT_CHAR, Paragraph, TextStyle};

pub(crate) use super::rows::{keep_lines, set_rows};

/// Decoration flags of a span (`SpanInfo::deco`).
pub(crate) const UNDERLINE: u8 = 1;
pub(crate) const STRIKE: u8 = 2;
pub(crate) const MARK: u8 = 4;
pub(crate) const CODE: u8 = 8;

/// What a stretch of paragraph text is, beyond its font style.
#[derive(Clone, Debug)]
pub(crate) struct SpanInfo {
    /// Byte range in the paragraph text.
    pub range: std::ops::Range<usize>,
    /// Text colour.
    pub color: Rgb,
    /// Link target, if the text is (inside) a link.
    pub link: Option<(LinkTarget, Option<StructId>)>,
    /// Decoration flags.
    pub deco: u8,
    /// Footnote cited here.
    pub footnote: Option<String>,
    /// Source position of the inline (for missing characters).
    pub src: Span,
    /// Whether `src` points at the first character of this text (plain text on one line).
    pub exact: bool,
    /// The inline object this span is (index into `Built::objects`), if it is one.
    pub object: Option<usize>,
}

/// A paragraph ready to be set.
pub(crate) struct Built<'a> {
    /// Text and styles (tag = index into `spans`).
    pub para: Paragraph,
    /// Span table.
    pub spans: Vec<SpanInfo>,
    /// Position of the first inline.
    pub src: Span,
    /// Inline objects (formulas, images) in text order.
    pub objects: Vec<InlineDrawing<'a>>,
}

#[derive(Clone)]
struct State {
    style: TextStyle,
    color: Rgb,
    link: Option<(LinkTarget, Option<StructId>)>,
    deco: u8,
}

/// Builds paragraphs from inlines.
pub(crate) struct Builder<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    text: String,
    styles: Vec<(std::ops::Range<usize>, TextStyle)>,
    spans: Vec<SpanInfo>,
    parent: Option<StructId>,
    objects: Vec<InlineDrawing<'a>>,
    placed: Vec<InlineObject>,
}

impl<'c, 'a> Builder<'c, 'a> {
    /// A builder whose links become children of `parent`.
    pub(crate) fn new(ctx: &'c mut Ctx<'a>, parent: Option<StructId>) -> Self {
        Builder {
            ctx,
            text: String::new(),
            styles: Vec::new(),
            spans: Vec::new(),
            parent,
            objects: Vec::new(),
            placed: Vec::new(),
        }
    }

    /// Appends inlines in `style` and `color`.
    pub(crate) fn inlines(&mut self, inlines: &[Inline], style: TextStyle, color: Rgb) {
        let st = State {
            style,
            color,
            link: None,
            deco: 0,
        };
        self.walk(inlines, &st);
    }

    /// Appends plain text.
    pub(crate) fn plain(&mut self, text: &str, style: TextStyle, color: Rgb, src: &Span) {
        let st = State {
            style,
            color,
            link: None,
            deco: 0,
        };
        self.push(text, &st, src, false, None);
    }

    /// Appends plain text that links to `target`.
    pub(crate) fn linked(
        &mut self,
        text: &str,
        style: TextStyle,
        color: Rgb,
        target: LinkTarget,
        src: &Span,
    ) {
        let elem = self.ctx.elem(StructKind::Link, self.parent);
        let st = State {
            style,
            color,
            link: Some((target, elem)),
            deco: 0,
        };
        self.push(text, &st, src, false, None);
    }

    fn push(&mut self, text: &str, st: &State, src: &Span, exact: bool, footnote: Option<String>) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        let range = start..self.text.len();
        let tag = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
        self.styles
            .push((range.clone(), TextStyle { tag, ..st.style }));
        self.spans.push(SpanInfo {
            range,
            color: st.color,
            link: st.link.clone(),
            deco: st.deco,
            footnote,
            src: src.clone(),
            exact,
            object: None,
        });
    }

    /// Appends an inline object: a U+FFFC of its own span that the text engine sets `width` wide.
    fn push_object(&mut self, drawing: InlineDrawing<'a>, st: &State, src: &Span) {
        let at = self.text.len();
        let mut buf = [0u8; 4];
        self.push(OBJECT_CHAR.encode_utf8(&mut buf), st, src, false, None);
        if let Some(span) = self.spans.last_mut() {
            span.object = Some(self.objects.len());
        }
        self.placed.push(InlineObject {
            at,
            width: drawing.width,
        });
        self.objects.push(drawing);
    }

    /// Inline math: typeset when latex-rust can, else its TeX source in the code font with a
    /// warning at its position. Either way a `Formula` element with the TeX as Alt.
    fn math(&mut self, tex: &str, st: &State, src: &Span) {
        match InlineDrawing::formula(tex, st.style.size) {
            Ok(mut drawing) => {
                drawing.elem = self
                    .ctx
                    .elem(StructKind::Formula(tex.to_string()), self.parent);
                self.push_object(drawing, st, src);
            }
            Err(why) => {
                self.ctx.warn(
                    "math-unsupported",
                    src,
                    format!("formula `{tex}` cannot be typeset in the PDF ({why}); its TeX source is shown"),
                );
                self.code(tex, st, src);
            }
        }
    }

    /// Code (or TeX shown as source): the mono font on the code background.
    fn code(&mut self, code: &str, st: &State, src: &Span) {
        let mut s = st.clone();
        s.style.family = Family::Mono;
        s.style.size = st.style.size * 0.9;
        s.style.bold = false;
        s.style.italic = false;
        if s.link.is_none() {
            s.color = CODE_INK;
        }
        s.deco |= CODE;
        let code = code.replace(['\n', '\t'], " ");
        self.push(&code, &s, src, true, None);
    }

    fn walk(&mut self, inlines: &[Inline], st: &State) {
        for inline in inlines {
            self.inline(inline, st);
        }
    }

    fn inline(&mut self, inline: &Inline, st: &State) {
        let src = &inline.span;
        match &inline.kind {
            InlineKind::Text(t) => {
                let t = t.replace(['\n', '\t'], " ");
                self.push(&t, st, src, true, None)
            }
            InlineKind::Styled(style, content) => {
                let mut s = st.clone();
                let size = st.style.size;
                match style {
                    Style::Strong => s.style.bold = true,
                    Style::Emphasis => s.style.italic = true,
                    Style::Strikethrough => s.deco |= STRIKE,
                    Style::Underline => s.deco |= UNDERLINE,
                    Style::Highlight => s.deco |= MARK,
                    Style::Superscript => {
                        s.style.size = size * 0.7;
                        s.style.baseline_shift = st.style.baseline_shift + size * 0.35;
                    }
                    Style::Subscript => {
                        s.style.size = size * 0.7;
                        s.style.baseline_shift = st.style.baseline_shift - size * 0.15;
                    }
                    Style::Keyboard => {
                        s.style.family = Family::Mono;
                        s.style.size = size * 0.9;
                        s.deco |= CODE;
                    }
                    Style::Small => s.style.size = size * 0.85,
                }
                self.walk(content, &s);
            }
            InlineKind::Code(code) => self.code(code, st, src),
            InlineKind::Math(tex) => self.math(tex, st, src),
            InlineKind::SoftBreak => self.push(" ", st, src, false, None),
            InlineKind::LineBreak => self.push("\n", st, src, false, None),
            InlineKind::Link { target, content } => {
                let target = match target {
                    // Encoded once by `ExternalUrl` (7-bit ASCII, PDF 32000 §12.6.4.7).
                    ModelTarget::External(url) => Some(LinkTarget::Uri(url.as_str().to_string())),
                    ModelTarget::Internal { chapter, anchor } => self
                        .ctx
                        .dest_name(chapter.0, anchor.as_deref())
                        .map(LinkTarget::Named),
                    // `--each`: a relative URI to the sibling PDF, with the named destination
                    // the sibling's own layout gives that place (same `chapter/anchor` scheme);
                    // PDF 32000 §12.6.4.7 URI actions, no launch action.
                    ModelTarget::Sibling {
                        path,
                        chapter_id,
                        anchor,
                    } => {
                        let dest = match anchor {
                            Some(a) => format!("{chapter_id}/{a}"),
                            None => chapter_id.clone(),
                        };
                        Some(LinkTarget::Uri(ascii_uri(&format!(
                            "{path}.pdf#nameddest={dest}"
                        ))))
                    }
                };
                let mut s = st.clone();
                if let Some(t) = target {
                    let elem = if st.link.is_some() {
                        st.link.as_ref().and_then(|l| l.1)
                    } else {
                        self.ctx.elem(StructKind::Link, self.parent)
                    };
                    s.link = Some((t, elem));
                    s.color = self.ctx.m.link;
                }
                self.walk(content, &s);
            }
            InlineKind::Image(img) => {
                let book = self.ctx.book;
                let asset = img.asset.and_then(|a| book.assets.get(a.0));
                let max = self.ctx.m.width;
                if let Some(d) =
                    asset.and_then(|a| InlineDrawing::image(img, a, st.style.size, max))
                {
                    self.push_object(d, st, src);
                    return;
                }
                let mut s = st.clone();
                s.color = GREY;
                let label = if img.alt.is_empty() {
                    format!("[{}]", img.src)
                } else {
                    format!("[{}]", img.alt)
                };
                self.push(&label, &s, src, false, None);
            }
            InlineKind::FootnoteRef { id, number } => {
                if self.ctx.in_footnote {
                    return;
                }
                let mut s = st.clone();
                let size = st.style.size;
                s.style.size = size * 0.68;
                s.style.baseline_shift = size * 0.38;
                s.style.family = Family::Sans;
                s.color = self.ctx.m.link;
                let target = LinkTarget::Named(self.ctx.local_dest(id));
                let elem = self.ctx.elem(StructKind::Link, self.parent);
                s.link = Some((target, elem));
                self.push(&number.to_string(), &s, src, false, Some(id.clone()));
            }
        }
    }

    /// Finishes the paragraph.
    pub(crate) fn finish(self, lang: &str, src: &Span) -> Built<'a> {
        Built {
            para: Paragraph {
                text: self.text,
                styles: self.styles,
                lang: lang.to_string(),
                objects: self.placed,
            },
            spans: self.spans,
            src: src.clone(),
            objects: self.objects,
        }
    }
}

/// PDF 32000 §12.6.4.7: a URI action holds 7-bit ASCII; other bytes (Hangul paths and
/// queries) and characters not allowed in URIs are percent-encoded as UTF-8.
pub(crate) fn ascii_uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How to set a paragraph's lines.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Setup {
    /// Distance between baselines.
    pub leading: Pt,
    /// Justify (all but the last line).
    pub justify: bool,
    /// Centre lines.
    pub center: bool,
    /// Align lines to the right edge.
    pub right: bool,
    /// Indent of the first line.
    pub first_indent: Pt,
    /// Structure element of the paragraph text.
    pub elem: Option<StructId>,
}

impl Setup {
    /// Ragged-right lines (no justification, no first-line indent).
    pub(crate) fn left(leading: Pt, elem: Option<StructId>) -> Self {
        Setup {
            leading,
            justify: false,
            center: false,
            right: false,
            first_indent: Pt::ZERO,
            elem,
        }
    }

    /// Centred lines (no justification, no first-line indent).
    pub(crate) fn centered(leading: Pt, elem: Option<StructId>) -> Self {
        Setup {
            center: true,
            ..Setup::left(leading, elem)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ascii_uri;

    #[test]
    fn uris_are_ascii() {
        assert_eq!(
            ascii_uri("https://ko.wikipedia.org/wiki/한지"),
            "https://ko.wikipedia.org/wiki/%ED%95%9C%EC%A7%80"
        );
        assert_eq!(
            ascii_uri("https://a.b/?q=1&r=%20 x"),
            "https://a.b/?q=1&r=%20%20x"
        );
    }
}
