//! Markdown → blocks for one note: runs the pre-passes (MDX lines, Docusaurus fences, Korean
//! emphasis), feeds pulldown-cmark's events through a frame-stack builder and returns model
//! blocks whose links, images and embeds are still *pending* (see `tree.rs`); `links.rs`
//! and `images.rs` resolve them once every note is parsed. The builder's frame stacks are in
//! `frames.rs`, its raw-HTML handling in `sanitize.rs`.
//!
//! Nesting deeper than [`MAX_DEPTH`] is flattened with one warning (10,000 nested block quotes
//! must not overflow the stack, and the model is walked recursively later).

use super::callouts::{self, Admonition};
use super::frames::{BlockFrame, BlockFrameKind, InlineFrame, InlineFrameKind, TableState};
use super::html;
use super::jsx;
use super::korean_emphasis;
use super::mdx;
use super::obsidian;
use super::source::{Edit, Edited, LineIndex, SourceMap};
use super::tree::{Block, BlockKind, InlineKind, Pending};
use crate::diag::{Diagnostic, Span};
use crate::load::Note;
use crate::model::{Align, Style};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Deepest block or inline nesting kept; deeper containers are flattened.
pub(crate) const MAX_DEPTH: usize = 48;

/// The pulldown-cmark extensions hanji enables (issue 2 item 1; YAML blocks are removed by load).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
}

/// One note's blocks before link resolution.
#[derive(Debug, Default)]
pub(crate) struct ParsedNote {
    /// Body blocks (links pending).
    pub blocks: Vec<Block>,
    /// Footnote definitions: label, blocks, span.
    pub footnotes: Vec<(String, Vec<Block>, Span)>,
    /// Warnings found while parsing.
    pub diagnostics: Vec<Diagnostic>,
    /// Page metadata from a `<head>` element (see `html::head_metadata`).
    pub head: html::HeadMeta,
}

/// Parses one note's body into blocks.
pub(crate) fn parse_markdown(note: &Note) -> ParsedNote {
    // Tags first: a `%%` or an `import` inside a JSX attribute value is no Markdown.
    let tags = jsx::jsx_edits(&note.body);
    let mut edits = tags.edits;
    edits.extend(mdx::mdx_edits(&note.body, note.mdx));
    let comments = obsidian::comment_edits(&note.body, &tags.masks);
    edits.extend(comments.edits);
    let (fences, admonitions) = callouts::docusaurus_edits(&note.body);
    edits.extend(fences);
    let opts = options();
    let mut edited = Edited::new(&note.body, &edits);
    let mut sentinel = None;
    let insertions = korean_emphasis::find_insertions(&edited.text, opts);
    if !insertions.is_empty()
        && let Some(s) = korean_emphasis::choose_sentinel(&note.body)
    {
        for m in insertions {
            let o = edited.to_orig(m);
            edits.push(Edit {
                range: o..o,
                text: s.to_string(),
            });
        }
        edited = Edited::new(&note.body, &edits);
        sentinel = Some(s);
    }
    let map = SourceMap {
        file: note.path.clone(),
        orig: &note.body,
        lines: LineIndex::new(&note.body, note.body_line),
        edited,
    };
    let mut b = Builder::new(&map, &admonitions, sentinel);
    b.mdx = note.mdx;
    for (offset, code, message) in comments.warnings {
        let (line, col) = map.lines.line_col(map.orig, offset);
        let span = Span::new(map.file.clone(), line, col);
        b.warn(code, span, message);
    }
    for (event, range) in Parser::new_ext(&map.edited.text, opts).into_offset_iter() {
        b.event(event, range);
    }
    b.finish()
}

/// Turns pulldown-cmark events into model blocks (methods split over `frames.rs` and
/// `sanitize.rs`).
pub(super) struct Builder<'a> {
    /// The edited body and the way back to original offsets (for spans).
    pub(super) map: &'a SourceMap<'a>,
    /// Docusaurus admonitions found by the pre-pass, indexed by their markers.
    pub(super) admonitions: &'a [Admonition],
    /// The Korean-emphasis sentinel inserted by the pre-pass, removed from text again.
    pub(super) sentinel: Option<char>,
    /// Open block containers, outermost first.
    pub(super) blocks: Vec<BlockFrame>,
    /// Open inline containers, outermost first.
    pub(super) inlines: Vec<InlineFrame>,
    /// Tables being built (nested through HTML containers).
    pub(super) tables: Vec<TableState>,
    /// The open code block: language, text so far, span.
    pub(super) code: Option<(Option<String>, String, Span)>,
    /// Raw HTML of the open HTML block: (edited offset, text) per event.
    pub(super) html_pieces: Vec<(usize, String)>,
    /// Names of dropped elements we are inside (`script`, `head`, …): their text vanishes.
    pub(super) suppress: Vec<String>,
    /// Ends of Start events skipped because nesting was too deep.
    pub(super) skipped: Vec<TagEnd>,
    pub(super) warned_depth: bool,
    /// While Markdown inside an HTML block is parsed, the span every node gets.
    pub(super) span_override: Option<Span>,
    /// Docusaurus admonitions not opened because nesting was too deep.
    pub(super) skipped_admonitions: usize,
    /// The note is MDX: JSX left in text by pulldown-cmark is stripped too.
    pub(super) mdx: bool,
    pub(super) footnotes: Vec<(String, Vec<Block>, Span)>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Page metadata read from `<head>` elements.
    pub(super) head: html::HeadMeta,
    /// Why the `<head>` about to be dropped is not metadata only (for its warning).
    pub(super) head_reason: Option<String>,
}

impl<'a> Builder<'a> {
    /// A builder writing spans through `map`.
    pub(super) fn new(
        map: &'a SourceMap<'a>,
        admonitions: &'a [Admonition],
        sentinel: Option<char>,
    ) -> Self {
        Builder {
            map,
            admonitions,
            sentinel,
            blocks: vec![BlockFrame {
                kind: BlockFrameKind::Root,
                blocks: Vec::new(),
                span: map.span(0),
            }],
            inlines: Vec::new(),
            tables: Vec::new(),
            code: None,
            html_pieces: Vec::new(),
            suppress: Vec::new(),
            skipped: Vec::new(),
            warned_depth: false,
            span_override: None,
            skipped_admonitions: 0,
            mdx: false,
            footnotes: Vec::new(),
            diagnostics: Vec::new(),
            head: html::HeadMeta::default(),
            head_reason: None,
        }
    }

    /// The span of edited offset `offset` (or the override while parsing an HTML fragment).
    pub(super) fn span_at(&self, offset: usize) -> Span {
        match &self.span_override {
            Some(span) => span.clone(),
            None => self.map.span(offset),
        }
    }

    /// Records a warning.
    pub(super) fn warn(&mut self, code: &'static str, span: Span, message: String) {
        self.diagnostics
            .push(Diagnostic::warning(code, Some(span), message));
    }

    /// Consumes one pulldown-cmark event.
    pub(super) fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Event::End(end) = event {
            // End events need no span; skipping them keeps span lookups in increasing order
            // (see `LineIndex::line_col`).
            if self.skipped.last() == Some(&end) {
                self.skipped.pop();
                self.separate_flattened(&end);
            } else {
                self.end(end);
            }
            return;
        }
        let span = self.span_at(range.start);
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(_) => {}
            Event::Text(t) => {
                if let Some((_, code, _)) = &mut self.code {
                    code.push_str(&t);
                } else {
                    self.push_text(&t, span);
                }
            }
            Event::Code(t) => self.push_inline(InlineKind::Code(t.to_string()), span),
            Event::InlineMath(t) => self.push_inline(InlineKind::Math(t.to_string()), span),
            Event::DisplayMath(t) => {
                self.push_inline(InlineKind::Math(t.trim().to_string()), span);
                if let Some(top) = self.inlines.last_mut() {
                    top.display_math.push(top.content.len().saturating_sub(1));
                }
            }
            Event::Html(t) => self.html_pieces.push((range.start, t.to_string())),
            Event::InlineHtml(t) => {
                for (_, tok) in html::tokenize(&t) {
                    self.html_token(tok, span.clone(), false);
                }
            }
            Event::FootnoteReference(label) => self.push_inline(
                InlineKind::FootnoteRef {
                    id: label.to_string(),
                    number: 0,
                },
                span,
            ),
            Event::SoftBreak => self.push_inline(InlineKind::SoftBreak, span),
            Event::HardBreak => self.push_inline(InlineKind::LineBreak, span),
            Event::Rule => {
                self.flush_inlines();
                self.push_block(BlockKind::Rule, span);
            }
            Event::TaskListMarker(checked) => {
                if let Some(BlockFrameKind::Item { task }) = self
                    .blocks
                    .iter_mut()
                    .rev()
                    .map(|f| &mut f.kind)
                    .find(|k| matches!(k, BlockFrameKind::Item { .. }))
                {
                    *task = Some(checked);
                }
            }
        }
    }

    /// Whether a container start must be skipped because nesting exceeds [`MAX_DEPTH`]
    /// (its end event is then skipped too).
    pub(super) fn too_deep(&mut self, end: TagEnd, span: &Span) -> bool {
        if self.blocks.len() + self.inlines.len() < MAX_DEPTH && self.skipped.is_empty() {
            return false;
        }
        if !self.warned_depth {
            self.warned_depth = true;
            self.warn(
                "nesting-too-deep",
                span.clone(),
                format!("nesting deeper than {MAX_DEPTH} levels is flattened"),
            );
        }
        self.separate_flattened(&end);
        self.skipped.push(end);
        true
    }

    /// Where a block nested too deep starts or ends, its text is flattened into the enclosing
    /// paragraph: a line break keeps it from running into the neighbouring block's words
    /// (`깊이22` + `깊이23` must not become one word). Inline containers need no separator.
    fn separate_flattened(&mut self, end: &TagEnd) {
        let inline = matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        );
        let last = self
            .inlines
            .last()
            .and_then(|f| f.content.last())
            .filter(|i| !matches!(i.kind, InlineKind::LineBreak));
        if let (false, Some(last)) = (inline, last) {
            let span = last.span.clone();
            self.push_inline(InlineKind::LineBreak, span);
        }
    }

    /// Handles a start tag.
    pub(super) fn start(&mut self, tag: Tag<'_>, span: Span) {
        let end = tag.to_end();
        match tag {
            Tag::Paragraph => {
                self.flush_inlines();
                if matches!(
                    self.blocks.last().map(|f| &f.kind),
                    Some(BlockFrameKind::Item { .. })
                ) {
                    let n = self.blocks.len();
                    if let Some(BlockFrame {
                        kind: BlockFrameKind::List { loose, .. },
                        ..
                    }) = self.blocks.get_mut(n.wrapping_sub(2))
                    {
                        *loose = true;
                    }
                }
                self.open_inline(InlineFrameKind::Para, span);
            }
            Tag::Heading { level, id, .. } => {
                self.flush_inlines();
                let id = id.map(|s| s.to_string());
                self.open_inline(
                    InlineFrameKind::Heading {
                        level: level as u8,
                        id,
                    },
                    span,
                );
            }
            Tag::BlockQuote(kind) => {
                if !self.too_deep(end, &span) {
                    self.open_block(BlockFrameKind::Quote(kind), span);
                }
            }
            Tag::CodeBlock(kind) => {
                self.flush_inlines();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|s| !s.is_empty())
                        .map(|s| s.to_string()),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new(), span));
            }
            Tag::HtmlBlock => {
                self.flush_inlines();
                self.html_pieces.clear();
            }
            Tag::List(start) => {
                if !self.too_deep(end, &span) {
                    self.open_block(
                        BlockFrameKind::List {
                            start,
                            loose: false,
                            items: Vec::new(),
                        },
                        span,
                    );
                }
            }
            Tag::Item => {
                if !self.too_deep(end, &span) {
                    self.open_block(BlockFrameKind::Item { task: None }, span);
                }
            }
            Tag::FootnoteDefinition(label) => {
                if !self.too_deep(end, &span) {
                    self.open_block(BlockFrameKind::Footnote(label.to_string()), span);
                }
            }
            Tag::Table(align) => {
                self.flush_inlines();
                let align = align
                    .iter()
                    .map(|a| match a {
                        Alignment::None => Align::None,
                        Alignment::Left => Align::Left,
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                    })
                    .collect();
                self.tables.push(TableState {
                    align,
                    header: Vec::new(),
                    rows: Vec::new(),
                    row: Vec::new(),
                    span,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.open_inline(InlineFrameKind::Cell, span),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {
                let style = match end {
                    TagEnd::Emphasis => Style::Emphasis,
                    TagEnd::Strong => Style::Strong,
                    TagEnd::Strikethrough => Style::Strikethrough,
                    TagEnd::Superscript => Style::Superscript,
                    _ => Style::Subscript,
                };
                if !self.too_deep(end, &span) {
                    self.open_inline(InlineFrameKind::Styled(style), span);
                }
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let dest = match link_type {
                    LinkType::WikiLink { .. } => Pending::Wiki(wiki_target(&dest_url)),
                    // `<a@b.c>` autolinks carry the bare address.
                    LinkType::Email => Pending::Dest(format!("mailto:{dest_url}")),
                    _ => Pending::Dest(dest_url.to_string()),
                };
                let relabel = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                if !self.too_deep(end, &span) {
                    self.open_inline(InlineFrameKind::Link { dest, relabel }, span);
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let (wiki, pothole) = match link_type {
                    LinkType::WikiLink { has_pothole } => (true, has_pothole),
                    _ => (false, false),
                };
                if !self.too_deep(end, &span) {
                    let kind = InlineFrameKind::Image {
                        dest: if wiki {
                            wiki_target(&dest_url)
                        } else {
                            dest_url.to_string()
                        },
                        title: title.to_string(),
                        wiki,
                        pothole,
                    };
                    self.open_inline(kind, span);
                }
            }
            Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    /// Handles an end tag.
    pub(super) fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.close_inline_until(|k| {
                    matches!(k, InlineFrameKind::Para | InlineFrameKind::Heading { .. })
                });
                self.suppress.clear();
            }
            TagEnd::CodeBlock => {
                if let Some((lang, mut text, span)) = self.code.take() {
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    // A ```math fence is display math (GitHub, Obsidian).
                    let kind = match lang.as_deref() {
                        Some("math") => BlockKind::Math(text),
                        _ => BlockKind::Code { lang, text },
                    };
                    self.push_block(kind, span);
                }
            }
            TagEnd::HtmlBlock => {
                let pieces = std::mem::take(&mut self.html_pieces);
                self.html_block(&pieces);
                self.flush_inlines();
                self.suppress.clear();
            }
            TagEnd::BlockQuote(_) => {
                self.close_block_until(|k| matches!(k, BlockFrameKind::Quote(_)));
            }
            TagEnd::List(_) => {
                self.close_block_until(|k| matches!(k, BlockFrameKind::List { .. }));
            }
            TagEnd::Item => {
                self.close_block_until(|k| matches!(k, BlockFrameKind::Item { .. }));
            }
            TagEnd::FootnoteDefinition => {
                self.close_block_until(|k| matches!(k, BlockFrameKind::Footnote(_)));
            }
            TagEnd::Table => {
                self.flush_inlines();
                if let Some(t) = self.tables.pop() {
                    let cols = t.align.len();
                    let mut header = t.header;
                    header.resize_with(cols, Vec::new);
                    let rows = t
                        .rows
                        .into_iter()
                        .map(|mut r| {
                            r.resize_with(cols, Vec::new);
                            r
                        })
                        .collect();
                    self.push_block(
                        BlockKind::Table {
                            align: t.align,
                            header,
                            rows,
                        },
                        t.span,
                    );
                }
            }
            TagEnd::TableHead => {
                self.close_inline_until(|k| *k == InlineFrameKind::Cell);
                if let Some(t) = self.tables.last_mut() {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::TableCell => self.close_inline_until(|k| *k == InlineFrameKind::Cell),
            TagEnd::Emphasis => {
                self.close_inline_until(|k| *k == InlineFrameKind::Styled(Style::Emphasis))
            }
            TagEnd::Strong => {
                self.close_inline_until(|k| *k == InlineFrameKind::Styled(Style::Strong))
            }
            TagEnd::Strikethrough => {
                self.close_inline_until(|k| *k == InlineFrameKind::Styled(Style::Strikethrough))
            }
            TagEnd::Superscript => {
                self.close_inline_until(|k| *k == InlineFrameKind::Styled(Style::Superscript))
            }
            TagEnd::Subscript => {
                self.close_inline_until(|k| *k == InlineFrameKind::Styled(Style::Subscript))
            }
            TagEnd::Link => self.close_inline_until(|k| matches!(k, InlineFrameKind::Link { .. })),
            TagEnd::Image => {
                self.close_inline_until(|k| matches!(k, InlineFrameKind::Image { .. }))
            }
            TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    /// Closes everything still open and returns the note.
    pub(super) fn finish(mut self) -> ParsedNote {
        self.flush_inlines();
        while self.blocks.len() > 1 {
            let Some(frame) = self.blocks.pop() else {
                break;
            };
            if let BlockFrameKind::Callout {
                docusaurus: true, ..
            } = frame.kind
            {
                self.warn(
                    "admonition-unclosed",
                    frame.span.clone(),
                    "`:::` admonition is never closed".into(),
                );
            }
            self.finish_block(frame);
        }
        ParsedNote {
            blocks: self.blocks.pop().map(|f| f.blocks).unwrap_or_default(),
            footnotes: self.footnotes,
            diagnostics: self.diagnostics,
            head: self.head,
        }
    }
}

/// A wikilink's target as Obsidian reads it. Inside a table cell the pipe before the label
/// must be escaped (`[[Note\|label]]`, `![[img.png\|200]]`); the escape's backslash then ends
/// pulldown-cmark's target. No note or file name ends in a backslash, so it is dropped.
fn wiki_target(dest: &str) -> String {
    dest.strip_suffix('\\').unwrap_or(dest).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Every item of a list nested past [`MAX_DEPTH`] keeps its words apart from its
    /// neighbours' (one line each), so no word is lost by running into the next.
    #[test]
    fn flattened_nesting_keeps_words_apart() {
        let mut body = String::new();
        for d in 0..80 {
            body.push_str(&"  ".repeat(d));
            body.push_str(&format!("- 깊이{d:03}\n"));
        }
        let note = Note {
            path: Arc::from("deep.md"),
            body,
            body_line: 1,
            front: Default::default(),
            mdx: false,
            part: None,
        };
        let parsed = parse_markdown(&note);
        let mut texts = Vec::new();
        crate::model::block_texts(&parsed.blocks, &mut texts);
        let words: Vec<&str> = texts.iter().flat_map(|t| t.split_whitespace()).collect();
        for d in 0..80 {
            let w = format!("깊이{d:03}");
            assert!(words.contains(&w.as_str()), "{w} lost in {words:?}");
        }
        assert!(
            parsed
                .diagnostics
                .iter()
                .any(|d| d.code == "nesting-too-deep")
        );
    }
}
