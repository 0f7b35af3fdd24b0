//! Parse's own stage of the block tree: links and embeds whose targets are still as written.
//!
//! Parse builds [`Block`]s of the [`Parsing`] stage (the model's node types with parse-internal
//! targets), resolves them in place (`links.rs`, `embed.rs`), and [`finish_blocks`] turns them
//! into the public model's [`Resolved`] tree at the end. A target that was never resolved
//! becomes its label as text there, so the model cannot hold a placeholder.

use crate::model::{self, ChapterId, LinkTarget, Stage};
use serde::Serialize;

/// The stage of parse's trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parsing;

impl Stage for Parsing {
    type Link = Pending;
    type Embed = EmbedRef;
}

/// A link target during parsing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) enum Pending {
    /// A Markdown or HTML destination as written (`../a.md#x`, `https://…`, `#anchor`).
    Dest(String),
    /// A wikilink target as written (`Note#Heading`).
    Wiki(String),
    /// An inline `![[Note]]` (not alone in its paragraph): resolved like a wikilink.
    Embed(String),
    /// Resolved by `links.rs` or made by a later step.
    Resolved(LinkTarget),
}

/// An embed target during parsing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) enum EmbedRef {
    /// The note as written in `![[Note#Heading]]`.
    Target(String),
    /// The embedded chapter, once `embed.rs` expanded it.
    Chapter(ChapterId),
}

/// A block of parse's tree.
pub(crate) type Block = model::Block<Parsing>;
/// A block kind of parse's tree.
pub(crate) type BlockKind = model::BlockKind<Parsing>;
/// An inline of parse's tree.
pub(crate) type Inline = model::Inline<Parsing>;
/// An inline kind of parse's tree.
pub(crate) type InlineKind = model::InlineKind<Parsing>;
/// A list item of parse's tree.
pub(crate) type ListItem = model::ListItem<Parsing>;
/// A footnote of parse's tree.
pub(crate) type Footnote = model::Footnote<Parsing>;

/// Parse's blocks as the public model's: resolved targets kept, anything still pending reduced
/// to its text (a link to its label, an embed to its target as written).
pub(crate) fn finish_blocks(blocks: Vec<Block>) -> Vec<model::Block> {
    blocks.into_iter().map(finish_block).collect()
}

/// Parse's footnotes as the public model's.
pub(crate) fn finish_footnotes(footnotes: Vec<Footnote>) -> Vec<model::Footnote> {
    footnotes
        .into_iter()
        .map(|f| model::Footnote {
            id: f.id,
            number: f.number,
            blocks: finish_blocks(f.blocks),
            span: f.span,
        })
        .collect()
}

fn finish_block(block: Block) -> model::Block {
    use model::BlockKind as K;
    let kind = match block.kind {
        BlockKind::Paragraph(c) => K::Paragraph(finish_inlines(c)),
        BlockKind::Heading { level, id, content } => K::Heading {
            level,
            id,
            content: finish_inlines(content),
        },
        BlockKind::List {
            start,
            tight,
            items,
        } => K::List {
            start,
            tight,
            items: items
                .into_iter()
                .map(|i| model::ListItem {
                    task: i.task,
                    blocks: finish_blocks(i.blocks),
                    span: i.span,
                })
                .collect(),
        },
        BlockKind::Quote(b) => K::Quote(finish_blocks(b)),
        BlockKind::Callout {
            kind,
            title,
            folded,
            blocks,
        } => K::Callout {
            kind,
            title: title.map(finish_inlines),
            folded,
            blocks: finish_blocks(blocks),
        },
        BlockKind::Code { lang, text } => K::Code { lang, text },
        BlockKind::Table {
            align,
            header,
            rows,
        } => K::Table {
            align,
            header: header.into_iter().map(finish_inlines).collect(),
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(finish_inlines).collect())
                .collect(),
        },
        BlockKind::Figure { image, caption } => K::Figure {
            image,
            caption: finish_inlines(caption),
        },
        BlockKind::Math(t) => K::Math(t),
        BlockKind::Rule => K::Rule,
        BlockKind::Media { attachment, src } => K::Media { attachment, src },
        BlockKind::Embed {
            chapter: EmbedRef::Chapter(chapter),
            title,
            blocks,
        } => K::Embed {
            chapter,
            title,
            blocks: finish_blocks(blocks),
        },
        BlockKind::Embed {
            chapter: EmbedRef::Target(target),
            ..
        } => K::Paragraph(vec![model::Inline {
            kind: model::InlineKind::Text(target),
            span: block.span.clone(),
        }]),
    };
    model::Block {
        kind,
        span: block.span,
        anchor: block.anchor,
    }
}

fn finish_inlines(inlines: Vec<Inline>) -> Vec<model::Inline> {
    let mut out: Vec<model::Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        use model::InlineKind as K;
        let kind = match inline.kind {
            InlineKind::Text(t) => K::Text(t),
            InlineKind::Styled(style, c) => K::Styled(style, finish_inlines(c)),
            InlineKind::Code(t) => K::Code(t),
            InlineKind::Math(t) => K::Math(t),
            InlineKind::SoftBreak => K::SoftBreak,
            InlineKind::LineBreak => K::LineBreak,
            InlineKind::Link {
                target: Pending::Resolved(target),
                content,
            } => K::Link {
                target,
                content: finish_inlines(content),
            },
            InlineKind::Link { content, .. } => {
                out.extend(finish_inlines(content));
                continue;
            }
            InlineKind::Image(image) => K::Image(image),
            InlineKind::FootnoteRef { id, number } => K::FootnoteRef { id, number },
        };
        out.push(model::Inline {
            kind,
            span: inline.span,
        });
    }
    out
}
