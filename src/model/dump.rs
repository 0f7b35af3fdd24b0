//! A stable, line-oriented text dump of the model, for golden tests and `hanji build --format model`.
//!
//! Format: one node per line, two spaces of indentation per level, `kind key=value… "text"`,
//! then `@line:col` (or `@file:line:col` when the node comes from another note, e.g. an embed).
//! Strings are quoted with Rust escapes so every node stays on one line. Asset bytes are shown
//! as a length only.

use super::{Block, BlockKind, Book, Chapter, Image, Inline, InlineKind, LinkTarget, Style};
use crate::diag::Span;
use std::fmt::Write;

/// Renders `book` as indented text, one node per line. Owned by the parse helper; stable format.
pub fn dump_book(book: &Book) -> String {
    let mut d = Dumper {
        out: String::new(),
        file: String::new(),
    };
    let m = &book.meta;
    let _ = write!(
        d.out,
        "book title={:?} lang={:?} authors={:?}",
        m.title,
        m.language.as_str(),
        m.authors
    );
    if let Some(date) = &m.date {
        let _ = write!(d.out, " date={:?}", date.to_w3c());
    }
    if let Some(c) = m.cover {
        let _ = write!(d.out, " cover=a{}", c.0);
    }
    d.out.push('\n');
    for (i, a) in book.assets.iter().enumerate() {
        let _ = writeln!(
            d.out,
            "asset a{i} {:?} {} {} bytes",
            a.path,
            a.media_type,
            a.data.len()
        );
    }
    for (i, a) in book.attachments.iter().enumerate() {
        let _ = writeln!(
            d.out,
            "attachment f{i} {:?} {} {} bytes",
            a.path,
            a.media_type,
            a.data.len()
        );
    }
    for ch in &book.chapters {
        d.chapter(ch);
    }
    d.out
}

struct Dumper {
    out: String,
    file: String,
}

impl Dumper {
    fn line(&mut self, depth: usize, text: &str, span: &Span) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        if &*span.file == self.file.as_str() || span.file.is_empty() {
            let _ = writeln!(self.out, " @{}:{}", span.line, span.col);
        } else {
            let _ = writeln!(self.out, " @{}:{}:{}", span.file, span.line, span.col);
        }
    }

    fn chapter(&mut self, ch: &Chapter) {
        self.file = ch.source.clone();
        let mut head = format!(
            "chapter {} {:?} title={:?} title_id={:?}",
            ch.id, ch.source, ch.title, ch.title_id
        );
        if let Some(l) = &ch.lang {
            let _ = write!(head, " lang={:?}", l.as_str());
        }
        self.line(0, &head, &ch.span);
        let m = &ch.meta;
        if m.date.is_some()
            || !m.authors.is_empty()
            || !m.tags.is_empty()
            || m.description.is_some()
        {
            self.line(
                1,
                &format!(
                    "meta date={:?} authors={:?} tags={:?} description={:?}",
                    m.date.map(|d| d.to_w3c()),
                    m.authors,
                    m.tags,
                    m.description
                ),
                &ch.span,
            );
        }
        self.blocks(1, &ch.blocks);
        for f in &ch.footnotes {
            self.line(1, &format!("footnote {} [{}]", f.id, f.number), &f.span);
            self.blocks(2, &f.blocks);
        }
    }

    fn blocks(&mut self, depth: usize, blocks: &[Block]) {
        for b in blocks {
            self.block(depth, b);
        }
    }

    fn block(&mut self, depth: usize, b: &Block) {
        if let Some(anchor) = &b.anchor {
            self.line(depth, &format!("anchor #{anchor}"), &b.span);
        }
        match &b.kind {
            BlockKind::Paragraph(c) => {
                self.line(depth, "paragraph", &b.span);
                self.inlines(depth + 1, c);
            }
            BlockKind::Heading { level, id, content } => {
                self.line(depth, &format!("heading h{level} #{id}"), &b.span);
                self.inlines(depth + 1, content);
            }
            BlockKind::List {
                start,
                tight,
                items,
            } => {
                let kind = match start {
                    Some(n) => format!("list ordered start={n}"),
                    None => "list bullet".to_string(),
                };
                self.line(
                    depth,
                    &format!("{kind} {}", if *tight { "tight" } else { "loose" }),
                    &b.span,
                );
                for item in items {
                    let task = match item.task {
                        Some(true) => " [x]",
                        Some(false) => " [ ]",
                        None => "",
                    };
                    self.line(depth + 1, &format!("item{task}"), &item.span);
                    self.blocks(depth + 2, &item.blocks);
                }
            }
            BlockKind::Quote(blocks) => {
                self.line(depth, "quote", &b.span);
                self.blocks(depth + 1, blocks);
            }
            BlockKind::Callout {
                kind,
                title,
                folded,
                blocks,
            } => {
                let fold = match folded {
                    Some(true) => " open",
                    Some(false) => " folded",
                    None => "",
                };
                self.line(depth, &format!("callout {kind}{fold}"), &b.span);
                if let Some(t) = title {
                    self.line(depth + 1, "title", &b.span);
                    self.inlines(depth + 2, t);
                }
                self.blocks(depth + 1, blocks);
            }
            BlockKind::Code { lang, text } => {
                self.line(depth, &format!("code lang={lang:?} {text:?}"), &b.span);
            }
            BlockKind::Table {
                align,
                header,
                rows,
            } => {
                self.line(depth, &format!("table align={align:?}"), &b.span);
                self.line(depth + 1, "header", &b.span);
                for cell in header {
                    self.line(depth + 2, "cell", &b.span);
                    self.inlines(depth + 3, cell);
                }
                for row in rows {
                    self.line(depth + 1, "row", &b.span);
                    for cell in row {
                        self.line(depth + 2, "cell", &b.span);
                        self.inlines(depth + 3, cell);
                    }
                }
            }
            BlockKind::Figure { image, caption } => {
                self.line(depth, &format!("figure {}", image_fields(image)), &b.span);
                if !caption.is_empty() {
                    self.line(depth + 1, "caption", &b.span);
                    self.inlines(depth + 2, caption);
                }
            }
            BlockKind::Math(tex) => self.line(depth, &format!("math {tex:?}"), &b.span),
            BlockKind::Rule => self.line(depth, "rule", &b.span),
            BlockKind::Media { attachment, src } => {
                let id = attachment.map_or("-".to_string(), |a| format!("f{}", a.0));
                self.line(depth, &format!("media {id} src={src:?}"), &b.span)
            }
            BlockKind::Embed {
                chapter,
                title,
                blocks,
            } => {
                self.line(
                    depth,
                    &format!("embed chapter={} title={title:?}", chapter.0),
                    &b.span,
                );
                self.blocks(depth + 1, blocks);
            }
        }
    }

    fn inlines(&mut self, depth: usize, inlines: &[Inline]) {
        for i in inlines {
            match &i.kind {
                InlineKind::Text(t) => self.line(depth, &format!("text {t:?}"), &i.span),
                InlineKind::Styled(style, c) => {
                    self.line(depth, style_name(*style), &i.span);
                    self.inlines(depth + 1, c);
                }
                InlineKind::Code(t) => self.line(depth, &format!("code {t:?}"), &i.span),
                InlineKind::Math(t) => self.line(depth, &format!("math {t:?}"), &i.span),
                InlineKind::SoftBreak => self.line(depth, "softbreak", &i.span),
                InlineKind::LineBreak => self.line(depth, "linebreak", &i.span),
                InlineKind::Link { target, content } => {
                    let t = match target {
                        LinkTarget::External(url) => format!("link external {:?}", url.as_str()),
                        LinkTarget::Internal {
                            chapter,
                            anchor: Some(a),
                        } => format!("link chapter={} #{a}", chapter.0),
                        LinkTarget::Internal {
                            chapter,
                            anchor: None,
                        } => format!("link chapter={}", chapter.0),
                        LinkTarget::Sibling { path, anchor, .. } => {
                            format!("link sibling {path:?} #{}", anchor.as_deref().unwrap_or(""))
                        }
                    };
                    self.line(depth, &t, &i.span);
                    self.inlines(depth + 1, content);
                }
                InlineKind::Image(img) => {
                    self.line(depth, &format!("image {}", image_fields(img)), &i.span)
                }
                InlineKind::FootnoteRef { id, number } => {
                    self.line(depth, &format!("footnote-ref {id} [{number}]"), &i.span)
                }
            }
        }
    }
}

fn image_fields(img: &Image) -> String {
    let asset = img
        .asset
        .map_or("missing".to_string(), |a| format!("a{}", a.0));
    let mut s = format!("{asset} src={:?} alt={:?}", img.src, img.alt);
    if let Some(w) = img.width {
        let _ = write!(s, " width={w}");
    }
    s
}

fn style_name(s: Style) -> &'static str {
    match s {
        Style::Emphasis => "emphasis",
        Style::Strong => "strong",
        Style::Strikethrough => "strikethrough",
        Style::Superscript => "superscript",
        Style::Subscript => "subscript",
        Style::Underline => "underline",
        Style::Highlight => "highlight",
        Style::Keyboard => "keyboard",
        Style::Small => "small",
    }
}
