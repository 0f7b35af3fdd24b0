//! The builder's frame stacks: block containers (quotes, lists, items, footnotes, callouts)
//! and inline containers (paragraphs, headings, styles, links, images, table cells), and what
//! each becomes when it closes. Paragraph rules live here: a paragraph of lone images becomes
//! figures, of lone `![[Note]]` embeds becomes `Block::Embed`s, of lone `$$…$$` becomes
//! `Block::Math`.

use super::callouts;
use super::html;
use super::markdown::Builder;
use super::tree::{Block, BlockKind, EmbedRef, Inline, InlineKind, ListItem, Pending};
use crate::diag::Span;
use crate::model::{Align, CalloutKind, HeadingLevel, Image, Style, plain_text};
use pulldown_cmark::BlockQuoteKind;

/// An open block container.
#[derive(Debug)]
pub(super) enum BlockFrameKind {
    Root,
    Quote(Option<BlockQuoteKind>),
    HtmlQuote,
    List {
        start: Option<u64>,
        loose: bool,
        items: Vec<ListItem>,
    },
    Item {
        task: Option<bool>,
    },
    Footnote(String),
    Callout {
        kind: String,
        title: Option<Vec<Inline>>,
        folded: Option<bool>,
        docusaurus: bool,
    },
}

impl BlockFrameKind {
    /// Frames opened by HTML or `:::` markers may be closed implicitly by Markdown structure.
    pub(super) fn is_html(&self) -> bool {
        matches!(
            self,
            BlockFrameKind::HtmlQuote | BlockFrameKind::Callout { .. }
        )
    }
}

/// An open block container and the blocks collected so far.
#[derive(Debug)]
pub(super) struct BlockFrame {
    /// What the container becomes when it closes.
    pub(super) kind: BlockFrameKind,
    /// Blocks collected so far.
    pub(super) blocks: Vec<Block>,
    /// Where the container starts.
    pub(super) span: Span,
}

/// An open inline container.
#[derive(Debug, PartialEq)]
pub(super) enum InlineFrameKind {
    Para,
    Heading {
        level: u8,
        id: Option<String>,
    },
    Styled(Style),
    HtmlStyled(Style, String),
    Link {
        dest: Pending,
        /// `[[Note#Heading]]` without `|label`: shown as `Note > Heading`.
        relabel: bool,
    },
    HtmlLink {
        dest: Option<String>,
    },
    Image {
        dest: String,
        title: String,
        wiki: bool,
        pothole: bool,
    },
    Cell,
    Summary,
    Figcaption,
}

/// An open inline container and the inlines collected so far.
#[derive(Debug)]
pub(super) struct InlineFrame {
    /// What the container becomes when it closes.
    pub(super) kind: InlineFrameKind,
    /// Inlines collected so far.
    pub(super) content: Vec<Inline>,
    /// Where the container starts.
    pub(super) span: Span,
    /// Indices of `content` that came from `$$…$$` display math.
    pub(super) display_math: Vec<usize>,
    /// Title of the last image pushed (caption of a lone-image figure).
    pub(super) image_title: String,
}

/// A table being built.
#[derive(Debug)]
pub(super) struct TableState {
    /// Column alignments.
    pub(super) align: Vec<Align>,
    /// Header cells.
    pub(super) header: Vec<Vec<Inline>>,
    /// Finished body rows.
    pub(super) rows: Vec<Vec<Vec<Inline>>>,
    /// Cells of the row being read.
    pub(super) row: Vec<Vec<Inline>>,
    /// Where the table starts.
    pub(super) span: Span,
}

impl Builder<'_> {
    // ----- inline frames -----

    /// Opens an inline container.
    pub(super) fn open_inline(&mut self, kind: InlineFrameKind, span: Span) {
        self.inlines.push(InlineFrame {
            kind,
            content: Vec::new(),
            span,
            display_math: Vec::new(),
            image_title: String::new(),
        });
    }

    /// Adds text, removing Korean-emphasis sentinels (`korean_emphasis.rs`).
    pub(super) fn push_text(&mut self, text: &str, span: Span) {
        if let Some(s) = self.sentinel.filter(|&s| text.contains(s)) {
            let cleaned: String = text.chars().filter(|&c| c != s).collect();
            if !cleaned.is_empty() {
                self.push_inline(InlineKind::Text(cleaned), span);
            }
            return;
        }
        self.push_inline(InlineKind::Text(text.to_string()), span);
    }

    /// Adds an inline to the innermost container (opening an implicit paragraph when
    /// none is open: tight list items and HTML blocks); adjacent text is merged.
    pub(super) fn push_inline(&mut self, kind: InlineKind, span: Span) {
        if !self.suppress.is_empty() {
            return;
        }
        if self.inlines.is_empty() {
            // Tight list items and HTML blocks carry inline content without a paragraph.
            self.open_inline(InlineFrameKind::Para, span.clone());
        }
        let Some(top) = self.inlines.last_mut() else {
            return;
        };
        if let (
            InlineKind::Text(new),
            Some(Inline {
                kind: InlineKind::Text(prev),
                ..
            }),
        ) = (&kind, top.content.last_mut())
        {
            prev.push_str(new);
            return;
        }
        top.content.push(Inline { kind, span });
    }

    /// Closes inline frames from the top until one matching `pred` is closed. Frames opened by
    /// HTML tags in between are closed implicitly. Does nothing if no frame matches.
    pub(super) fn close_inline_until(&mut self, pred: impl Fn(&InlineFrameKind) -> bool) {
        if !self.inlines.iter().any(|f| pred(&f.kind)) {
            return;
        }
        while let Some(frame) = self.inlines.pop() {
            let done = pred(&frame.kind);
            self.finish_inline(frame);
            if done {
                break;
            }
        }
    }

    /// Closes every open inline frame (before a block-level event).
    pub(super) fn flush_inlines(&mut self) {
        while let Some(frame) = self.inlines.pop() {
            self.finish_inline(frame);
        }
    }

    /// Moves inlines into the enclosing container (a link whose URL was dropped).
    pub(super) fn append_to_parent(&mut self, inlines: Vec<Inline>) {
        for i in inlines {
            if let (InlineKind::Text(t), false) = (&i.kind, self.inlines.is_empty()) {
                let t = t.clone();
                self.push_inline(InlineKind::Text(t), i.span);
            } else {
                self.push_inline(i.kind, i.span);
            }
        }
    }

    /// Turns a closed inline container into an inline or a block.
    pub(super) fn finish_inline(&mut self, frame: InlineFrame) {
        let InlineFrame {
            kind,
            content,
            span,
            display_math,
            image_title,
        } = frame;
        // Paragraphs are stripped in `finish_paragraph`, after display-math indices are used.
        let content = if kind == InlineFrameKind::Para {
            content
        } else {
            self.tidy_text(content)
        };
        match kind {
            InlineFrameKind::Para => {
                self.finish_paragraph(content, span, &display_math, image_title)
            }
            InlineFrameKind::Heading { level, id } => {
                let content = trim_inlines(content);
                self.push_block(
                    BlockKind::Heading {
                        level: HeadingLevel::clamped(level),
                        id: id.unwrap_or_default(),
                        content,
                    },
                    span,
                );
            }
            InlineFrameKind::Styled(style) | InlineFrameKind::HtmlStyled(style, _) => {
                if !content.is_empty() {
                    self.push_inline(InlineKind::Styled(style, content), span);
                }
            }
            InlineFrameKind::Link { dest, relabel } => {
                let mut content = content;
                if let (
                    [
                        Inline {
                            kind: InlineKind::Text(t),
                            ..
                        },
                    ],
                    true,
                ) = (content.as_mut_slice(), relabel)
                {
                    *t = super::links::wiki_label(t);
                }
                self.push_inline(
                    InlineKind::Link {
                        target: dest,
                        content,
                    },
                    span,
                )
            }
            InlineFrameKind::HtmlLink { dest: Some(dest) } => self.push_inline(
                InlineKind::Link {
                    target: Pending::Dest(dest),
                    content,
                },
                span,
            ),
            InlineFrameKind::HtmlLink { dest: None } => self.append_to_parent(content),
            InlineFrameKind::Image {
                dest,
                title,
                wiki,
                pothole,
            } => {
                let text = plain_text(&content);
                let is_image = has_image_extension(&dest);
                if wiki && !is_image {
                    // `![[Other note]]`: a transclusion; alone in a paragraph it becomes an Embed.
                    // The target as written may hold anything; no markup may survive in its label.
                    let dest = html::strip_tags(&dest);
                    let content = if pothole {
                        content
                    } else {
                        vec![Inline {
                            kind: InlineKind::Text(dest.clone()),
                            span: span.clone(),
                        }]
                    };
                    self.push_inline(
                        InlineKind::Link {
                            target: Pending::Embed(dest),
                            content,
                        },
                        span,
                    );
                    return;
                }
                let (alt, width) = if wiki {
                    let stem = dest.rsplit('/').next().unwrap_or(&dest);
                    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s).to_string();
                    match pothole.then(|| parse_width(&text)).flatten() {
                        Some(w) => (stem, Some(w)),
                        None if pothole => (text, None),
                        None => (stem, None),
                    }
                } else {
                    (text, None)
                };
                let image = Image {
                    asset: None,
                    src: dest,
                    alt,
                    width,
                };
                self.push_inline(InlineKind::Image(image), span);
                if let Some(top) = self.inlines.last_mut() {
                    top.image_title = title;
                }
            }
            InlineFrameKind::Cell => {
                let content = trim_inlines(content);
                if let Some(t) = self.tables.last_mut() {
                    t.row.push(content);
                }
            }
            InlineFrameKind::Summary => {
                let content = trim_inlines(content);
                if let Some(BlockFrameKind::Callout { title, .. }) =
                    self.blocks.last_mut().map(|f| &mut f.kind)
                {
                    if !content.is_empty() {
                        *title = Some(content);
                    }
                } else if !content.is_empty() {
                    self.push_block(BlockKind::Paragraph(content), span);
                }
            }
            InlineFrameKind::Figcaption => {
                let content = trim_inlines(content);
                let last = self.blocks.last_mut().and_then(|f| f.blocks.last_mut());
                if let Some(Block {
                    kind: BlockKind::Figure { caption, .. },
                    ..
                }) = last
                {
                    *caption = content;
                } else if !content.is_empty() {
                    self.push_block(BlockKind::Paragraph(content), span);
                }
            }
        }
    }

    /// A finished paragraph: lone images become figures, lone `![[Note]]` embeds, lone `$$…$$`
    /// display math; anything else stays a paragraph.
    pub(super) fn finish_paragraph(
        &mut self,
        content: Vec<Inline>,
        span: Span,
        display_math: &[usize],
        image_title: String,
    ) {
        let is_blank = |i: &Inline| match &i.kind {
            InlineKind::SoftBreak | InlineKind::LineBreak => true,
            InlineKind::Text(t) => t.trim().is_empty(),
            _ => false,
        };
        let is_embed = |i: &Inline| {
            matches!(
                &i.kind,
                InlineKind::Link {
                    target: Pending::Embed(_),
                    ..
                }
            )
        };
        let content = trim_inlines(content);
        if content.is_empty() {
            return;
        }
        let lone = content
            .iter()
            .all(|i| is_blank(i) || matches!(i.kind, InlineKind::Image(_)) || is_embed(i));
        if lone {
            let images = content
                .iter()
                .filter(|i| matches!(i.kind, InlineKind::Image(_)))
                .count();
            for inline in content {
                match inline.kind {
                    InlineKind::Image(image) => {
                        let caption = if images == 1 && !image_title.is_empty() {
                            vec![Inline {
                                kind: InlineKind::Text(image_title.clone()),
                                span: inline.span.clone(),
                            }]
                        } else {
                            Vec::new()
                        };
                        self.push_block(BlockKind::Figure { image, caption }, inline.span);
                    }
                    InlineKind::Link {
                        target: Pending::Embed(target),
                        ..
                    } => {
                        self.push_block(
                            BlockKind::Embed {
                                chapter: EmbedRef::Target(target.clone()),
                                title: target,
                                blocks: Vec::new(),
                            },
                            inline.span,
                        );
                    }
                    _ => {}
                }
            }
            return;
        }
        if !display_math.is_empty()
            && content
                .iter()
                .enumerate()
                .all(|(n, i)| is_blank(i) || display_math.contains(&n))
        {
            for inline in content {
                if let InlineKind::Math(tex) = inline.kind {
                    self.push_block(BlockKind::Math(tex), inline.span);
                }
            }
            return;
        }
        let content = self.tidy_text(content);
        self.push_block(BlockKind::Paragraph(content), span);
    }

    // ----- block frames -----

    /// Appends a block to the innermost block container.
    pub(super) fn push_block(&mut self, kind: BlockKind, span: Span) {
        if let Some(top) = self.blocks.last_mut() {
            top.blocks.push(Block::new(kind, span));
        }
    }

    /// Opens a block container (closing any open paragraph first).
    pub(super) fn open_block(&mut self, kind: BlockFrameKind, span: Span) {
        self.flush_inlines();
        self.blocks.push(BlockFrame {
            kind,
            blocks: Vec::new(),
            span,
        });
    }

    /// Closes block frames until one matching `pred`; only HTML-opened frames may be closed on
    /// the way (a stray `</details>` never closes a Markdown list).
    pub(super) fn close_block_until(&mut self, pred: impl Fn(&BlockFrameKind) -> bool) -> bool {
        self.flush_inlines();
        let Some(pos) = self.blocks.iter().rposition(|f| pred(&f.kind)) else {
            return false;
        };
        if pos == 0 {
            return false;
        }
        while self.blocks.len() > pos {
            let Some(frame) = self.blocks.pop() else {
                break;
            };
            self.finish_block(frame);
        }
        true
    }

    /// Closes the nearest container matching `pred` if only HTML-opened containers lie
    /// above it; returns whether it did.
    pub(super) fn close_html_block(&mut self, pred: impl Fn(&BlockFrameKind) -> bool) -> bool {
        let ok = self
            .blocks
            .iter()
            .rev()
            .take_while(|f| f.kind.is_html())
            .any(|f| pred(&f.kind));
        ok && self.close_block_until(pred)
    }

    /// Turns a closed block container into a block (or list item, or footnote).
    pub(super) fn finish_block(&mut self, frame: BlockFrame) {
        let BlockFrame { kind, blocks, span } = frame;
        match kind {
            BlockFrameKind::Root => {}
            BlockFrameKind::Quote(Some(kind)) => self.push_block(
                BlockKind::Callout {
                    kind: CalloutKind::parse(callouts::gfm_kind(kind)),
                    title: None,
                    folded: None,
                    blocks,
                },
                span,
            ),
            BlockFrameKind::Quote(None) => match callouts::obsidian_callout(blocks) {
                Ok(callout) => self.push_block(callout, span),
                Err(blocks) => self.push_block(BlockKind::Quote(blocks), span),
            },
            BlockFrameKind::HtmlQuote => self.push_block(BlockKind::Quote(blocks), span),
            BlockFrameKind::List {
                start,
                loose,
                items,
            } => self.push_block(
                BlockKind::List {
                    start,
                    tight: !loose,
                    items,
                },
                span,
            ),
            BlockFrameKind::Item { task } => {
                let item = ListItem { task, blocks, span };
                match self.blocks.last_mut() {
                    Some(BlockFrame {
                        kind: BlockFrameKind::List { items, .. },
                        ..
                    }) => items.push(item),
                    Some(parent) => parent.blocks.extend(item.blocks),
                    None => {}
                }
            }
            BlockFrameKind::Footnote(label) => self.footnotes.push((label, blocks, span)),
            BlockFrameKind::Callout {
                kind,
                title,
                folded,
                ..
            } => self.push_block(
                BlockKind::Callout {
                    kind: CalloutKind::parse(&kind),
                    title,
                    folded,
                    blocks,
                },
                span,
            ),
        }
    }
}

/// Drops leading/trailing breaks and whitespace-only text, trims the outer text.
pub(super) fn trim_inlines(mut content: Vec<Inline>) -> Vec<Inline> {
    let blank = |i: &Inline| match &i.kind {
        InlineKind::SoftBreak | InlineKind::LineBreak => true,
        InlineKind::Text(t) => t.trim().is_empty(),
        _ => false,
    };
    while content.last().is_some_and(blank) {
        content.pop();
    }
    let lead = content.iter().take_while(|i| blank(i)).count();
    content.drain(..lead);
    if let Some(Inline {
        kind: InlineKind::Text(t),
        ..
    }) = content.first_mut()
        && t.starts_with(char::is_whitespace)
    {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline {
        kind: InlineKind::Text(t),
        ..
    }) = content.last_mut()
    {
        let n = t.trim_end().len();
        t.truncate(n);
    }
    content
}

/// `300`, `300px` or `300x200` → 300.
pub(super) fn parse_width(s: &str) -> Option<u32> {
    let s = s.trim();
    let digits: &str = &s[..s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())];
    let rest = &s[digits.len()..];
    if digits.is_empty() || !(rest.is_empty() || rest == "px" || rest.starts_with('x')) {
        return None;
    }
    digits.parse().ok().filter(|&w| w > 0)
}

/// Whether a path names an image file hanji can embed.
pub(crate) fn has_image_extension(path: &str) -> bool {
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "bmp")
    )
}
