//! Transclusion: `![[Other note]]`, `![[Other note#Heading]]` (that section) and
//! `![[Other note#^id]]` (that block; a list item's id gives the item) become `Block::Embed`
//! holding a copy of those (already expanded) blocks. Cycles (`A` embeds `B` embeds `A`) and
//! chains deeper than `limits.embed_depth` are cut: the embed becomes a link plus an
//! `embed-cycle` warning. A note may embed a section or block of itself (`![[#Heading]]`),
//! unless that section holds the embed. Embedded headings are re-id'd to stay unique in the
//! host and embedded block ids dropped (links to them go to the original); embedded footnote
//! references keep pointing at their own note's definitions.
//!
//! Copies fan out: four notes that each embed the next twenty times copy the last one 160,000
//! times. So the whole book has an embed budget, `limits.embed_factor` times the notes' own
//! text; an embed whose copy would exceed what is left becomes a link with an
//! `embed-budget` warning (first come, first served, in book order: deterministic).

use super::chapter::{Draft, assign_heading_ids, embedded_ref, is_embedded_ref};
use super::links::{Index, resolve_wiki};
use super::tree::{Block, BlockKind, EmbedRef, Inline, InlineKind, Pending};
use super::walk;
use crate::diag::{Diagnostic, Span};
use crate::limits::Limits;
use crate::model::{ChapterId, HeadingLevel, LinkTarget};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    InProgress,
    Done,
}

/// What every expansion shares: the note index, the limits, and the bytes still allowed.
struct Expansion<'a> {
    ix: &'a Index,
    max_depth: usize,
    /// Text bytes that embedded copies may still add to the book.
    budget: u64,
    state: Vec<State>,
}

/// Expands every pending embed of every draft. `own_bytes` is the size of the notes' own text,
/// the base of the embed budget.
pub(crate) fn expand_embeds(drafts: &mut [Draft], ix: &Index, limits: &Limits, own_bytes: u64) {
    let mut run = Expansion {
        ix,
        max_depth: limits.embed_depth,
        budget: own_bytes.saturating_mul(limits.embed_factor),
        state: vec![State::Pending; drafts.len()],
    };
    for i in 0..drafts.len() {
        if run.state[i] == State::Pending {
            expand(i, drafts, &mut run, 0);
        }
    }
}

/// Text bytes a copy of `blocks` adds to the book (inline text and code), the embed budget's unit.
fn copy_size(blocks: &mut Vec<Block>) -> u64 {
    let mut size = 0u64;
    walk::inline_nodes_mut(blocks, &mut |inline| {
        size += match &inline.kind {
            InlineKind::Text(t) | InlineKind::Code(t) | InlineKind::Math(t) => t.len() as u64,
            _ => 1,
        };
    });
    walk::block_lists_mut(blocks, &mut |list| {
        for block in list.iter() {
            size += match &block.kind {
                BlockKind::Code { text, .. } | BlockKind::Math(text) => text.len() as u64,
                _ => 1,
            };
        }
    });
    size
}

/// The target as written of an embed not expanded yet.
fn pending_target(block: &Block) -> Option<String> {
    match &block.kind {
        BlockKind::Embed {
            chapter: EmbedRef::Target(target),
            ..
        } => Some(target.clone()),
        _ => None,
    }
}

fn has_pending(blocks: &mut Vec<Block>) -> bool {
    let mut found = false;
    walk::block_lists_mut(blocks, &mut |list| {
        found |= list.iter().any(|b| {
            matches!(
                b.kind,
                BlockKind::Embed {
                    chapter: EmbedRef::Target(_),
                    ..
                }
            )
        });
    });
    found
}

fn expand(i: usize, drafts: &mut [Draft], run: &mut Expansion<'_>, depth: usize) {
    run.state[i] = State::InProgress;
    let mut blocks = std::mem::take(&mut drafts[i].blocks);
    if has_pending(&mut blocks) {
        let mut diags: Vec<Diagnostic> = Vec::new();
        expand_others(i, &mut blocks, drafts, run, depth, &mut diags);
        if has_pending(&mut blocks) {
            expand_own_sections(i, &mut blocks, drafts, run, &mut diags);
        }
        drafts[i].diagnostics.extend(diags);
    }
    drafts[i].blocks = blocks;
    run.state[i] = State::Done;
}

/// An embed that degrades to a link to what it would have shown.
fn embed_link(span: &Span, chapter: usize, title: String, anchor: Option<String>) -> BlockKind {
    let kind = InlineKind::Link {
        target: Pending::Resolved(LinkTarget::Internal {
            chapter: ChapterId(chapter),
            anchor,
        }),
        content: vec![Inline {
            kind: InlineKind::Text(title),
            span: span.clone(),
        }],
    };
    BlockKind::Paragraph(vec![Inline {
        kind,
        span: span.clone(),
    }])
}

/// Embeds of a section or block of chapter `i` itself, once everything else is expanded: the
/// copy comes from a snapshot of the chapter, and a section that holds an embed of itself (the
/// only real loop) becomes a link.
fn expand_own_sections(
    i: usize,
    blocks: &mut Vec<Block>,
    drafts: &mut [Draft],
    run: &mut Expansion<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let snapshot = blocks.clone();
    walk::block_lists_mut(blocks, &mut |list| {
        for block in list.iter_mut() {
            let Some(target) = pending_target(block) else {
                continue;
            };
            // Already reported (if at all) by the first pass.
            let Some((j, Some(anchor))) =
                resolve_wiki(&target, i, run.ix, &block.span, &mut Vec::new())
            else {
                continue;
            };
            if j != i {
                continue;
            }
            let mut content = section(&snapshot, Some(&anchor));
            let size = copy_size(&mut content);
            if has_pending(&mut content) || size > run.budget {
                let msg = format!(
                    "embedding `{target}` would loop (the section holds the embed) or pass the embed budget; linked instead"
                );
                diags.push(Diagnostic::warning(
                    "embed-cycle",
                    Some(block.span.clone()),
                    msg,
                ));
                block.kind = embed_link(&block.span, j, drafts[j].title.clone(), Some(anchor));
                continue;
            }
            run.budget -= size;
            block.kind = adopt(content, i, j, drafts);
        }
    });
}

/// The embed of a copy of chapter `j`'s blocks in chapter `i`, made to fit its host: headings
/// re-id'd from the host's allocator, block ids dropped (they stay with the original), footnote
/// references marked as `j`'s.
fn adopt(mut content: Vec<Block>, i: usize, j: usize, drafts: &mut [Draft]) -> BlockKind {
    assign_heading_ids(&mut content, &mut drafts[i].ids, None);
    walk::block_lists_mut(&mut content, &mut |list| {
        for b in list.iter_mut() {
            b.anchor = None;
        }
    });
    walk::inline_nodes_mut(&mut content, &mut |inline| {
        if let InlineKind::FootnoteRef { id, .. } = &mut inline.kind
            && !is_embedded_ref(id)
        {
            *id = embedded_ref(j, id);
        }
    });
    BlockKind::Embed {
        chapter: EmbedRef::Chapter(ChapterId(j)),
        title: drafts[j].title.clone(),
        blocks: content,
    }
}

/// Expands the embeds of chapter `i` that show other notes (its own sections wait for
/// [`expand_own_sections`]).
fn expand_others(
    i: usize,
    blocks: &mut Vec<Block>,
    drafts: &mut [Draft],
    run: &mut Expansion<'_>,
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) {
    walk::block_lists_mut(blocks, &mut |list| {
        for block in list.iter_mut() {
            let Some(target) = pending_target(block) else {
                continue;
            };
            let span = block.span.clone();
            if let Some(file) = super::links::embedded_attachment(&target, i, run.ix) {
                // `![[talk.mp3]]`: a file, not a note; `assets/attachments.rs` reads it.
                block.kind = BlockKind::Media {
                    attachment: None,
                    src: file,
                };
                continue;
            }
            let Some((j, anchor)) = resolve_wiki(&target, i, run.ix, &span, diags) else {
                block.kind = BlockKind::Paragraph(vec![Inline {
                    kind: InlineKind::Text(super::links::wiki_label(&target)),
                    span,
                }]);
                continue;
            };
            if j == i && anchor.is_some() {
                continue; // a section of this note: after the rest (`expand_own_sections`)
            }
            if j == i && target.contains('#') {
                // Its heading or block is missing (already reported): a link, not a loop.
                block.kind = embed_link(&span, j, drafts[j].title.clone(), None);
                continue;
            }
            if run.state[j] == State::InProgress || depth >= run.max_depth {
                let msg = format!(
                    "embedding `{target}` would loop (or nest deeper than limits.embed_depth = {}); linked instead",
                    run.max_depth
                );
                diags.push(Diagnostic::warning("embed-cycle", Some(span.clone()), msg));
                block.kind = embed_link(&span, j, drafts[j].title.clone(), anchor);
                continue;
            }
            if run.state[j] == State::Pending {
                expand(j, drafts, run, depth + 1);
            }
            let mut content = section(&drafts[j].blocks, anchor.as_deref());
            let size = copy_size(&mut content);
            if size > run.budget {
                let msg = format!(
                    "embedding `{target}` would pass the book's embed budget (limits.embed_factor × the notes' own text); linked instead"
                );
                diags.push(Diagnostic::warning("embed-budget", Some(span.clone()), msg));
                block.kind = embed_link(&span, j, drafts[j].title.clone(), anchor);
                continue;
            }
            run.budget -= size;
            block.kind = adopt(content, i, j, drafts);
        }
    });
}

/// The blocks of the section starting at the top-level heading `anchor` (up to the next heading
/// of the same or a higher level), else the block whose id is `anchor`, else all blocks.
fn section(blocks: &[Block], anchor: Option<&str>) -> Vec<Block> {
    let Some(anchor) = anchor else {
        return blocks.to_vec();
    };
    let start = blocks
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { id, .. } if id == anchor));
    let Some(start) = start else {
        return named_block(blocks, anchor).unwrap_or_else(|| blocks.to_vec());
    };
    let level = match &blocks[start].kind {
        BlockKind::Heading { level, .. } => *level,
        _ => HeadingLevel::clamped(6),
    };
    let end = blocks[start + 1..]
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { level: l, .. } if *l <= level))
        .map_or(blocks.len(), |p| start + 1 + p);
    blocks[start..end].to_vec()
}

/// The block whose own id (or, for a heading deeper down, heading id) is `anchor`, at any depth;
/// the first paragraph of a list item names the item, which comes as a one-item list.
fn named_block(blocks: &[Block], anchor: &str) -> Option<Vec<Block>> {
    for b in blocks {
        let named = b.anchor.as_deref() == Some(anchor)
            || matches!(&b.kind, BlockKind::Heading { id, .. } if id == anchor);
        if named {
            return Some(vec![b.clone()]);
        }
        let found = match &b.kind {
            BlockKind::List {
                start,
                tight,
                items,
            } => items.iter().enumerate().find_map(|(n, item)| {
                if item.blocks.first().and_then(|f| f.anchor.as_deref()) == Some(anchor) {
                    let kind = BlockKind::List {
                        start: start.map(|s| s + n as u64),
                        tight: *tight,
                        items: vec![item.clone()],
                    };
                    return Some(vec![Block::new(kind, item.span.clone())]);
                }
                named_block(&item.blocks, anchor)
            }),
            BlockKind::Quote(inner)
            | BlockKind::Callout { blocks: inner, .. }
            | BlockKind::Embed { blocks: inner, .. } => named_block(inner, anchor),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}
