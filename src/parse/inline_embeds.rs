//! Note embeds wherever they are written (issue 15 item 4). Obsidian shows `![[Note]]` as the
//! note's content at that point even inside a callout, a quote, a list item or the middle of a
//! paragraph; the parse of a paragraph only turns a *lone* embed into `BlockKind::Embed`
//! (`frames.rs`), and a callout's first paragraph is split from its title after that.
//!
//! So this pass, over the whole note: a paragraph that holds embeds at its top level is split
//! around them (text before, the embed as a block, text after). An embed where no block may go
//! (a heading, a table cell, a callout title, inside emphasis or a link) stays a link to its
//! target, labelled as Obsidian labels links, with an `embed-inline` warning.

use super::tree::{Block, BlockKind, EmbedRef, Inline, InlineKind, Pending};
use super::walk;
use crate::diag::Diagnostic;

/// Splits paragraphs around their embeds and degrades the embeds that cannot be blocks.
pub(crate) fn place_embeds(blocks: &mut Vec<Block>, diags: &mut Vec<Diagnostic>) {
    walk::block_lists_mut(blocks, &mut |list| {
        if list.iter().any(has_top_level_embed) {
            let old = std::mem::take(list);
            for block in old {
                split_paragraph(block, list);
            }
        }
    });
    walk::inline_nodes_mut(blocks, &mut |inline| {
        if let InlineKind::Link {
            target: Pending::Embed(target),
            content,
        } = &mut inline.kind
        {
            let msg = format!(
                "`![[{target}]]` is inside a heading, table cell, title or styled text, where a note cannot be shown; linked instead"
            );
            diags.push(Diagnostic::warning(
                "embed-inline",
                Some(inline.span.clone()),
                msg,
            ));
            relabel(target, content);
            let target = std::mem::take(target);
            inline.kind = InlineKind::Link {
                target: Pending::Wiki(target),
                content: std::mem::take(content),
            };
        }
    });
}

fn is_embed(inline: &Inline) -> bool {
    matches!(
        inline.kind,
        InlineKind::Link {
            target: Pending::Embed(_),
            ..
        }
    )
}

fn has_top_level_embed(block: &Block) -> bool {
    matches!(&block.kind, BlockKind::Paragraph(c) if c.iter().any(is_embed))
}

/// Pushes `block` onto `out`, split into paragraph pieces and embed blocks if it is a paragraph
/// holding embeds.
fn split_paragraph(block: Block, out: &mut Vec<Block>) {
    if !has_top_level_embed(&block) {
        out.push(block);
        return;
    }
    let Block {
        kind: BlockKind::Paragraph(content),
        span,
        anchor,
    } = block
    else {
        return;
    };
    let first = out.len();
    let mut piece: Vec<Inline> = Vec::new();
    for inline in content {
        match inline.kind {
            InlineKind::Link {
                target: Pending::Embed(target),
                ..
            } => {
                flush(&mut piece, out);
                out.push(Block::new(
                    BlockKind::Embed {
                        chapter: EmbedRef::Target(target.clone()),
                        title: target,
                        blocks: Vec::new(),
                    },
                    inline.span,
                ));
            }
            kind => piece.push(Inline {
                kind,
                span: inline.span,
            }),
        }
    }
    flush(&mut piece, out);
    // The paragraph's own id (if any) goes with its first piece.
    if let Some(b) = out.get_mut(first) {
        b.anchor = anchor;
        if matches!(b.kind, BlockKind::Paragraph(_)) {
            b.span = span;
        }
    }
}

/// Ends the paragraph piece collected so far (without the breaks and blanks at its edges).
fn flush(piece: &mut Vec<Inline>, out: &mut Vec<Block>) {
    let is_blank = |i: &Inline| match &i.kind {
        InlineKind::SoftBreak | InlineKind::LineBreak => true,
        InlineKind::Text(t) => t.trim().is_empty(),
        _ => false,
    };
    while piece.first().is_some_and(is_blank) {
        piece.remove(0);
    }
    while piece.last().is_some_and(is_blank) {
        piece.pop();
    }
    if let Some(Inline {
        kind: InlineKind::Text(t),
        ..
    }) = piece.first_mut()
    {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline {
        kind: InlineKind::Text(t),
        ..
    }) = piece.last_mut()
    {
        *t = t.trim_end().to_string();
    }
    if piece.is_empty() {
        return;
    }
    let span = piece[0].span.clone();
    out.push(Block::new(
        BlockKind::Paragraph(std::mem::take(piece)),
        span,
    ));
}

/// The label of the link an embed becomes: as a wikilink's ([`super::links::wiki_label`]); a
/// label the note gave (`![[Note|label]]`) is kept.
fn relabel(target: &str, content: &mut [Inline]) {
    let [
        Inline {
            kind: InlineKind::Text(t),
            ..
        },
    ] = content
    else {
        return;
    };
    if t == target {
        *t = super::links::wiki_label(target);
    }
}
