//! Obsidian block ids (issue 15 item 3): `text ^id` at the end of a paragraph, list item or
//! heading, or `^id` alone on the line after a table, quote, callout or list, names that block.
//! The marker is never printed; the block gets an anchor id from the chapter's one allocator
//! (`ids.rs`), recorded under `^id` in the chapter's anchors so `[[Note#^id]]` lands on it and
//! `![[Note#^id]]` embeds only it.
//!
//! Where the marker goes, as Obsidian reads it: at the end of a paragraph's text it names the
//! paragraph (in a list item: the item); on a line of its own as the last line of a quote or
//! callout it names the quote or callout; as a paragraph of its own it names the block before it.

use super::ids::IdSet;
use super::tree::{Block, BlockKind, Inline, InlineKind};
use super::walk;
use std::collections::HashMap;

/// The key a block id is stored under in a chapter's anchors: `^` and the id in lower case
/// (Obsidian matches block ids without regard to case).
pub(crate) fn block_key(id: &str) -> String {
    format!("^{}", id.to_lowercase())
}

/// Strips the markers of headings (`## Heading ^id`) before titles and heading ids are made from
/// their text; the id waits in the heading's `anchor` until [`take_block_ids`] records it.
pub(crate) fn strip_heading_markers(blocks: &mut Vec<Block>) {
    walk::block_lists_mut(blocks, &mut |list| {
        for b in list.iter_mut() {
            if matches!(b.kind, BlockKind::Heading { .. })
                && let Some((id, _)) = trailing_marker(b)
            {
                b.anchor = Some(id);
            }
        }
    });
}

/// Finds, strips and records every block id marker under `blocks` (not footnotes).
pub(crate) fn take_block_ids(
    blocks: &mut Vec<Block>,
    ids: &mut IdSet,
    anchors: &mut HashMap<String, String>,
) {
    let mut names = Names { ids, anchors };
    if let Some((at, id)) = names.list(blocks)
        && let Some(b) = blocks.get_mut(at)
    {
        names.name(b, &id);
    }
}

/// The chapter's allocator and anchors, lent to the walk.
struct Names<'a> {
    ids: &'a mut IdSet,
    anchors: &'a mut HashMap<String, String>,
}

impl Names<'_> {
    /// Processes one block list. A marker on its own line at the end of the list's last block is
    /// not applied but returned (with that block's index): inside a quote or callout it names the
    /// container; elsewhere the caller gives it to that block.
    fn list(&mut self, blocks: &mut Vec<Block>) -> Option<(usize, String)> {
        let mut k = 0;
        let mut pending = None;
        let mut carried: Vec<String> = Vec::new();
        while k < blocks.len() {
            if let Some(id) = lone_marker(&blocks[k]) {
                blocks.remove(k);
                // `^id` as a paragraph of its own names the block before it (or, first in its
                // container, the first block after it that is not a marker too).
                match k.checked_sub(1).and_then(|before| blocks.get_mut(before)) {
                    Some(b) => self.name(b, &id),
                    None => carried.push(id),
                }
                continue;
            }
            for id in carried.drain(..) {
                self.name(&mut blocks[k], &id);
            }
            let b = &mut blocks[k];
            if let BlockKind::Heading { id, .. } = &b.kind
                && let Some(marker) = &b.anchor
            {
                // Waiting since `strip_heading_markers`: the key points to the heading's id.
                self.anchors
                    .entry(block_key(marker))
                    .or_insert_with(|| id.clone());
                b.anchor = None;
            }
            self.nested(&mut blocks[k]);
            if let Some((id, own_line)) = trailing_marker(&mut blocks[k]) {
                if own_line && k + 1 == blocks.len() {
                    pending = Some((k, id));
                } else {
                    self.name(&mut blocks[k], &id);
                }
            }
            k += 1;
        }
        pending
    }

    /// Descends into a block's own block lists.
    fn nested(&mut self, block: &mut Block) {
        match &mut block.kind {
            BlockKind::Quote(inner) | BlockKind::Callout { blocks: inner, .. } => {
                if let Some((_, id)) = self.list(inner) {
                    self.name(block, &id);
                }
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    if let Some((at, id)) = self.list(&mut item.blocks)
                        && let Some(b) = item.blocks.get_mut(at)
                    {
                        self.name(b, &id);
                    }
                }
            }
            BlockKind::Embed { blocks: inner, .. } => {
                if let Some((at, id)) = self.list(inner)
                    && let Some(b) = inner.get_mut(at)
                {
                    self.name(b, &id);
                }
            }
            _ => {}
        }
    }

    /// Gives `block` the block id `id`: a heading keeps its own id (the key points to it);
    /// any other block gets a new unique id (a second marker on it points to the first).
    fn name(&mut self, block: &mut Block, id: &str) {
        let key = block_key(id);
        if self.anchors.contains_key(&key) {
            return; // the first block with this id keeps it, as in Obsidian
        }
        let anchor = match (&block.kind, &block.anchor) {
            (BlockKind::Heading { id: heading, .. }, _) => heading.clone(),
            (_, Some(existing)) => existing.clone(),
            _ => {
                let fresh = self.ids.unique(id);
                block.anchor = Some(fresh.clone());
                fresh
            }
        };
        self.anchors.insert(key, anchor);
    }
}

/// Whether `c` may appear in a block id (Obsidian: Latin letters, digits and dashes).
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// The id of a marker `^id` that is all of `text` (ignoring surrounding whitespace).
fn marker_id(text: &str) -> Option<&str> {
    let id = text.trim().strip_prefix('^')?;
    (!id.is_empty() && id.chars().all(is_id_char)).then_some(id)
}

/// A paragraph that holds nothing but a marker.
fn lone_marker(block: &Block) -> Option<String> {
    let BlockKind::Paragraph(content) = &block.kind else {
        return None;
    };
    match content.as_slice() {
        [
            Inline {
                kind: InlineKind::Text(t),
                ..
            },
        ] => marker_id(t).map(str::to_string),
        _ => None,
    }
}

/// Strips a marker from the end of a paragraph or heading: the id, and whether it stood on a
/// line of its own (after a line break).
fn trailing_marker(block: &mut Block) -> Option<(String, bool)> {
    let content = match &mut block.kind {
        BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => c,
        _ => return None,
    };
    let Some(Inline {
        kind: InlineKind::Text(text),
        ..
    }) = content.last_mut()
    else {
        return None;
    };
    let trimmed = text.trim_end();
    let caret = trimmed.rfind('^')?;
    let (before, marker) = trimmed.split_at(caret);
    let id = marker_id(marker)?.to_string();
    if !before.is_empty() && !before.ends_with(char::is_whitespace) {
        return None; // `2^10`, `x^y`: not a marker
    }
    if before.trim().is_empty() {
        content.pop();
        let own_line = match content.last() {
            None => true,
            Some(i) => matches!(i.kind, InlineKind::SoftBreak | InlineKind::LineBreak),
        };
        while content.last().is_some_and(|i| {
            matches!(i.kind, InlineKind::SoftBreak | InlineKind::LineBreak)
                || matches!(&i.kind, InlineKind::Text(t) if t.trim().is_empty())
        }) {
            content.pop();
        }
        return Some((id, own_line));
    }
    let kept = before.trim_end().to_string();
    *text = kept;
    Some((id, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn text(s: &str) -> Inline {
        Inline {
            kind: InlineKind::Text(s.to_string()),
            span: Span::default(),
        }
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block::new(BlockKind::Paragraph(inlines), Span::default())
    }

    fn soft() -> Inline {
        Inline {
            kind: InlineKind::SoftBreak,
            span: Span::default(),
        }
    }

    fn run(blocks: &mut Vec<Block>) -> HashMap<String, String> {
        let mut ids = IdSet::default();
        let mut anchors = HashMap::new();
        take_block_ids(blocks, &mut ids, &mut anchors);
        anchors
    }

    fn only_text(b: &Block) -> String {
        match &b.kind {
            BlockKind::Paragraph(c) => crate::model::plain_text(c),
            _ => String::new(),
        }
    }

    #[test]
    fn marker_at_the_end_of_a_paragraph() {
        let mut blocks = vec![para(vec![text("Some text ^abc-1")])];
        let anchors = run(&mut blocks);
        assert_eq!(only_text(&blocks[0]), "Some text");
        assert_eq!(blocks[0].anchor.as_deref(), Some("abc-1"));
        assert_eq!(anchors["^abc-1"], "abc-1");
    }

    #[test]
    fn not_a_marker() {
        for s in ["2^10", "x ^", "caret ^ alone", "a ^b.c", "끝^id"] {
            let mut blocks = vec![para(vec![text(s)])];
            let anchors = run(&mut blocks);
            assert!(anchors.is_empty(), "{s}");
            assert_eq!(only_text(&blocks[0]), s);
        }
    }

    #[test]
    fn lone_marker_names_the_block_before() {
        let table = Block::new(
            BlockKind::Table {
                align: vec![],
                header: vec![],
                rows: vec![],
            },
            Span::default(),
        );
        let mut blocks = vec![table, para(vec![text("^T1")])];
        let anchors = run(&mut blocks);
        assert_eq!(blocks.len(), 1);
        // Lower-case key, id as written (an NCName: a letter first).
        assert_eq!(anchors["^t1"], "T1");
        assert_eq!(blocks[0].anchor.as_deref(), Some("T1"));
    }

    #[test]
    fn leading_markers_name_the_first_real_block() {
        let mut blocks = vec![
            para(vec![text("^a")]),
            para(vec![text("^b")]),
            para(vec![text("first words")]),
        ];
        let anchors = run(&mut blocks);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].anchor.as_deref(), Some("a"));
        assert_eq!(anchors["^a"], "a");
        assert_eq!(anchors["^b"], "a");
    }

    #[test]
    fn own_line_marker_names_the_quote() {
        let quote = Block::new(
            BlockKind::Quote(vec![para(vec![text("wise words"), soft(), text("^q")])]),
            Span::default(),
        );
        let mut blocks = vec![quote];
        run(&mut blocks);
        assert_eq!(blocks[0].anchor.as_deref(), Some("q"));
        let BlockKind::Quote(inner) = &blocks[0].kind else {
            panic!("quote expected");
        };
        assert_eq!(only_text(&inner[0]), "wise words");
        assert!(inner[0].anchor.is_none());
    }

    #[test]
    fn digit_first_ids_are_ncnames_and_duplicates_keep_the_first() {
        let mut blocks = vec![para(vec![text("one ^1a")]), para(vec![text("two ^1A")])];
        let anchors = run(&mut blocks);
        assert_eq!(anchors["^1a"], "id-1a");
        assert!(blocks[1].anchor.is_none());
        assert_eq!(only_text(&blocks[1]), "two");
    }
}
