//! Mutable walks over the model tree, shared by the resolution passes.

use crate::model::{Block, BlockKind, Inline, InlineKind};

/// Calls `f` on every inline sequence under `blocks`, innermost sequences first (so `f` may
/// splice a node's content into its parent after the content itself was visited).
pub(crate) fn inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => seq_mut(c, f),
            BlockKind::List { items, .. } => {
                for item in items {
                    inlines_mut(&mut item.blocks, f);
                }
            }
            BlockKind::Quote(b) | BlockKind::Embed { blocks: b, .. } => inlines_mut(b, f),
            BlockKind::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    seq_mut(t, f);
                }
                inlines_mut(blocks, f);
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    seq_mut(cell, f);
                }
            }
            BlockKind::Figure { caption, image } => {
                // The figure's image is visited as a one-element sequence, then put back.
                let span = block.span.clone();
                let mut one = vec![Inline {
                    kind: InlineKind::Image(image.clone()),
                    span,
                }];
                f(&mut one);
                if let Some(Inline {
                    kind: InlineKind::Image(img),
                    ..
                }) = one.pop()
                {
                    *image = img;
                }
                seq_mut(caption, f);
            }
            BlockKind::Code { .. } | BlockKind::Math(_) | BlockKind::Rule => {}
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
        match &mut block.kind {
            BlockKind::List { items, .. } => {
                for item in items {
                    block_lists_mut(&mut item.blocks, f);
                }
            }
            BlockKind::Quote(b)
            | BlockKind::Callout { blocks: b, .. }
            | BlockKind::Embed { blocks: b, .. } => block_lists_mut(b, f),
            _ => {}
        }
    }
}

/// Calls `f` on every heading (level, id, content) in document order.
pub(crate) fn headings_mut(blocks: &mut [Block], f: &mut impl FnMut(u8, &mut String, &[Inline])) {
    for block in blocks.iter_mut() {
        match &mut block.kind {
            BlockKind::Heading { level, id, content } => f(*level, id, content),
            BlockKind::List { items, .. } => {
                for item in items {
                    headings_mut(&mut item.blocks, f);
                }
            }
            BlockKind::Quote(b)
            | BlockKind::Callout { blocks: b, .. }
            | BlockKind::Embed { blocks: b, .. } => headings_mut(b, f),
            _ => {}
        }
    }
}

/// Calls `f` on every inline node under `blocks` in document order (pre-order: a node before
/// its content).
pub(crate) fn inline_nodes_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => nodes_mut(c, f),
            BlockKind::List { items, .. } => {
                for item in items {
                    inline_nodes_mut(&mut item.blocks, f);
                }
            }
            BlockKind::Quote(b) | BlockKind::Embed { blocks: b, .. } => inline_nodes_mut(b, f),
            BlockKind::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    nodes_mut(t, f);
                }
                inline_nodes_mut(blocks, f);
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    nodes_mut(cell, f);
                }
            }
            BlockKind::Figure { caption, .. } => nodes_mut(caption, f),
            BlockKind::Code { .. } | BlockKind::Math(_) | BlockKind::Rule => {}
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
