//! Transclusion: `![[Other note]]` / `![[Other note#Heading]]` alone in a paragraph becomes
//! `Block::Embed` holding a copy of that note's (already expanded) blocks. Cycles (`A` embeds
//! `B` embeds `A`) and chains deeper than [`MAX_EMBED_DEPTH`] are cut: the embed becomes a link
//! plus an `embed-cycle` warning. Embedded headings are re-id'd to stay unique in the host;
//! embedded footnote references keep pointing at their own note's definitions.

use super::chapter::{Draft, assign_heading_ids, embedded_ref};
use super::links::{Index, resolve_wiki};
use super::markdown::PENDING_CHAPTER;
use super::walk;
use crate::diag::Diagnostic;
use crate::model::{Block, BlockKind, ChapterId, Inline, InlineKind, LinkTarget};

/// Longest chain of nested embeds kept.
pub(crate) const MAX_EMBED_DEPTH: usize = 16;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    InProgress,
    Done,
}

/// Expands every pending embed of every draft.
pub(crate) fn expand_embeds(drafts: &mut [Draft], ix: &Index) {
    let mut state = vec![State::Pending; drafts.len()];
    for i in 0..drafts.len() {
        if state[i] == State::Pending {
            expand(i, drafts, ix, &mut state, 0);
        }
    }
}

fn has_pending(blocks: &mut Vec<Block>) -> bool {
    let mut found = false;
    walk::block_lists_mut(blocks, &mut |list| {
        found |= list.iter().any(|b| {
            matches!(
                b.kind,
                BlockKind::Embed {
                    chapter: PENDING_CHAPTER,
                    ..
                }
            )
        });
    });
    found
}

fn expand(i: usize, drafts: &mut [Draft], ix: &Index, state: &mut [State], depth: usize) {
    state[i] = State::InProgress;
    let mut blocks = std::mem::take(&mut drafts[i].blocks);
    if has_pending(&mut blocks) {
        let mut diags: Vec<Diagnostic> = Vec::new();
        walk::block_lists_mut(&mut blocks, &mut |list| {
            for block in list.iter_mut() {
                let BlockKind::Embed {
                    chapter: PENDING_CHAPTER,
                    title: target,
                    ..
                } = &block.kind
                else {
                    continue;
                };
                let target = target.clone();
                let span = block.span.clone();
                let text = |t: String| Inline {
                    kind: InlineKind::Text(t),
                    span: span.clone(),
                };
                let Some((j, anchor)) = resolve_wiki(&target, i, ix, &span, &mut diags) else {
                    block.kind = BlockKind::Paragraph(vec![text(target)]);
                    continue;
                };
                if state[j] == State::InProgress || depth >= MAX_EMBED_DEPTH {
                    let msg = format!(
                        "embedding `{target}` would loop (or nest deeper than {MAX_EMBED_DEPTH}); linked instead"
                    );
                    diags.push(Diagnostic::warning("embed-cycle", Some(span.clone()), msg));
                    let link = InlineKind::Link {
                        target: LinkTarget::Internal {
                            chapter: ChapterId(j),
                            anchor,
                        },
                        content: vec![text(drafts[j].title.clone())],
                    };
                    block.kind = BlockKind::Paragraph(vec![Inline {
                        kind: link,
                        span: span.clone(),
                    }]);
                    continue;
                }
                if state[j] == State::Pending {
                    expand(j, drafts, ix, state, depth + 1);
                }
                let mut content = section(&drafts[j].blocks, anchor.as_deref());
                assign_heading_ids(&mut content, &mut drafts[i].ids, None);
                walk::inline_nodes_mut(&mut content, &mut |inline| {
                    if let InlineKind::FootnoteRef { id, .. } = &mut inline.kind
                        && !id.starts_with('\u{0}')
                    {
                        *id = embedded_ref(j, id);
                    }
                });
                block.kind = BlockKind::Embed {
                    chapter: ChapterId(j),
                    title: drafts[j].title.clone(),
                    blocks: content,
                };
            }
        });
        drafts[i].diagnostics.extend(diags);
    }
    drafts[i].blocks = blocks;
    state[i] = State::Done;
}

/// The blocks of the section starting at the top-level heading `anchor` (up to the next heading
/// of the same or a higher level), or all blocks.
fn section(blocks: &[Block], anchor: Option<&str>) -> Vec<Block> {
    let Some(anchor) = anchor else {
        return blocks.to_vec();
    };
    let start = blocks
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { id, .. } if id == anchor));
    let Some(start) = start else {
        return blocks.to_vec();
    };
    let level = match &blocks[start].kind {
        BlockKind::Heading { level, .. } => *level,
        _ => 6,
    };
    let end = blocks[start + 1..]
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { level: l, .. } if *l <= level))
        .map_or(blocks.len(), |p| start + 1 + p);
    blocks[start..end].to_vec()
}
