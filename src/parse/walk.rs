//! Mutable walks over the model tree, shared by the resolution passes. One function,
//! [`parts_mut`], knows the shape of every block; the walks only choose what to visit and in
//! which order.

use super::tree::{Block, BlockKind, Inline, InlineKind};
use crate::diag::Span;
use crate::model::{HeadingLevel, Image};

/// What one block holds directly: its own inline sequences, its figure image, and its nested
/// block lists (document order within each group).
struct Parts<'a> {
    /// The block's span (for the one-element image sequence of a figure).
    span: &'a Span,
    /// A figure's image, visited before the caption.
    image: Option<&'a mut Image>,
    /// Inline sequences of the block itself (paragraph text, heading, callout title, table
    /// cells, figure caption).
    inlines: Vec<&'a mut Vec<Inline>>,
    /// Nested block lists (list items, quote, callout and embed contents).
    blocks: Vec<&'a mut Vec<Block>>,
}

/// Splits `block` into the parts the walks descend into.
fn parts_mut(block: &mut Block) -> Parts<'_> {
    let mut parts = Parts {
        span: &block.span,
        image: None,
        inlines: Vec::new(),
        blocks: Vec::new(),
    };
    match &mut block.kind {
        BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => parts.inlines.push(c),
        BlockKind::List { items, .. } => {
            parts.blocks.extend(items.iter_mut().map(|i| &mut i.blocks))
        }
        BlockKind::Quote(b) | BlockKind::Embed { blocks: b, .. } => parts.blocks.push(b),
        BlockKind::Callout { title, blocks, .. } => {
            parts.inlines.extend(title.as_mut());
            parts.blocks.push(blocks);
        }
        BlockKind::Table { header, rows, .. } => parts
            .inlines
            .extend(header.iter_mut().chain(rows.iter_mut().flatten())),
        BlockKind::Figure { caption, image } => {
            parts.image = Some(image);
            parts.inlines.push(caption);
        }
        BlockKind::Code { .. } | BlockKind::Math(_) | BlockKind::Rule | BlockKind::Media { .. } => {
        }
    }
    parts
}

/// Calls `f` on every inline sequence under `blocks`, innermost sequences first (so `f` may
/// splice a node's content into its parent after the content itself was visited).
pub(crate) fn inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        let parts = parts_mut(block);
        if let Some(image) = parts.image {
            // The figure's image is visited as a one-element sequence, then put back.
            let mut one = vec![Inline {
                kind: InlineKind::Image(image.clone()),
                span: parts.span.clone(),
            }];
            f(&mut one);
            if let Some(Inline {
                kind: InlineKind::Image(img),
                ..
            }) = one.pop()
            {
                *image = img;
            }
        }
        for seq in parts.inlines {
            seq_mut(seq, f);
        }
        for list in parts.blocks {
            inlines_mut(list, f);
        }
    }
}

fn seq_mut(seq: &mut Vec<Inline>, f: &mut impl FnMut(&mut Vec<Inline>)) {
    for inline in seq.iter_mut() {
        if let InlineKind::Styled(_, c) | InlineKind::Link { content: c, .. } = &mut inline.kind {
            seq_mut(c, f);
        }
    }
    f(seq);
}

/// Calls `f` on every block list under `blocks` (including `blocks` itself), outermost first.
pub(crate) fn block_lists_mut(blocks: &mut Vec<Block>, f: &mut impl FnMut(&mut Vec<Block>)) {
    f(blocks);
    for block in blocks.iter_mut() {
        for list in parts_mut(block).blocks {
            block_lists_mut(list, f);
        }
    }
}

/// Calls `f` on every heading (level, id, content) in document order.
pub(crate) fn headings_mut(
    blocks: &mut [Block],
    f: &mut impl FnMut(HeadingLevel, &mut String, &[Inline]),
) {
    for block in blocks.iter_mut() {
        if let BlockKind::Heading { level, id, content } = &mut block.kind {
            f(*level, id, content);
            continue;
        }
        for list in parts_mut(block).blocks {
            headings_mut(list, f);
        }
    }
}

/// Calls `f` on every inline node under `blocks` in document order (pre-order: a node before
/// its content).
pub(crate) fn inline_nodes_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    for block in blocks {
        let parts = parts_mut(block);
        for seq in parts.inlines {
            nodes_mut(seq, f);
        }
        for list in parts.blocks {
            inline_nodes_mut(list, f);
        }
    }
}

fn nodes_mut(seq: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for inline in seq {
        f(inline);
        if let InlineKind::Styled(_, c) | InlineKind::Link { content: c, .. } = &mut inline.kind {
            nodes_mut(c, f);
        }
    }
}
