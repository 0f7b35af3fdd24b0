//! One walk over the model's tree, so passes do not each hand-write the recursion (and forget
//! a node kind: a callout title, a figure caption, a footnote).
//!
//! Blocks are visited in document order, parent before children; the inlines of a block are
//! visited before its child blocks. Inline sequences are visited innermost first (a link's
//! content before the sequence holding the link), so a pass that splices a node into its
//! parent sees already rewritten children. Recursion follows the model's nesting, which parse
//! bounds (`parse::markdown::MAX_DEPTH` containers, `limits.embed_depth` embeds).

use super::{Block, BlockKind, Chapter, Inline, InlineKind};

/// Calls `f` on every block under `blocks` (nested ones included), parent first.
pub fn blocks(blocks: &[Block], f: &mut impl FnMut(&Block)) {
    for block in blocks {
        f(block);
        for_child_blocks(block, &mut |children| self::blocks(children, f));
    }
}

/// Calls `f` on every block under `blocks`, parent first, with write access. Children are
/// visited after `f` returns, so `f` may rewrite a block's children before they are walked.
pub fn blocks_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        for_child_blocks_mut(block, &mut |children| blocks_mut(children, f));
    }
}

/// Calls `f` on every inline under `blocks`: in paragraphs, headings, callout titles, table
/// cells, captions, and nested inside links and styled text (parent first).
pub fn inlines(blocks: &[Block], f: &mut impl FnMut(&Inline)) {
    self::blocks(blocks, &mut |block| {
        for_inline_lists(block, &mut |list| walk_inlines(list, f));
    });
}

/// Calls `f` on every sequence of inlines under `blocks` (a paragraph, a heading, a link's
/// content, …), innermost first, with write access: `f` may replace, remove or splice nodes.
pub fn inline_lists_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>)) {
    blocks_mut(blocks, &mut |block| own_inline_lists_mut(block, f));
}

/// Calls `f` on every sequence of inlines of `block` itself (not of its child blocks),
/// innermost first: for a pass that also rewrites the block and wants one document order.
pub fn own_inline_lists_mut(block: &mut Block, f: &mut impl FnMut(&mut Vec<Inline>)) {
    for_inline_lists_mut(block, &mut |list| walk_lists_mut(list, f));
}

/// Calls `f` on every inline under `blocks` with write access, parent first.
pub fn inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    blocks_mut(blocks, &mut |block| {
        for_inline_lists_mut(block, &mut |list| walk_inlines_mut(list, f));
    });
}

/// [`blocks`] over a chapter's body and then its footnotes.
pub fn chapter_blocks(chapter: &Chapter, f: &mut impl FnMut(&Block)) {
    blocks(&chapter.blocks, f);
    for note in &chapter.footnotes {
        blocks(&note.blocks, f);
    }
}

/// [`inlines`] over a chapter's body and then its footnotes.
pub fn chapter_inlines(chapter: &Chapter, f: &mut impl FnMut(&Inline)) {
    inlines(&chapter.blocks, f);
    for note in &chapter.footnotes {
        inlines(&note.blocks, f);
    }
}

/// [`blocks_mut`] over a chapter's body and then its footnotes.
pub fn chapter_blocks_mut(chapter: &mut Chapter, f: &mut impl FnMut(&mut Block)) {
    blocks_mut(&mut chapter.blocks, f);
    for note in &mut chapter.footnotes {
        blocks_mut(&mut note.blocks, f);
    }
}

/// [`inline_lists_mut`] over a chapter's body and then its footnotes.
pub fn chapter_inline_lists_mut(chapter: &mut Chapter, f: &mut impl FnMut(&mut Vec<Inline>)) {
    inline_lists_mut(&mut chapter.blocks, f);
    for note in &mut chapter.footnotes {
        inline_lists_mut(&mut note.blocks, f);
    }
}

/// The shared and the mutable walk differ only in `&` against `&mut` and `iter` against
/// `iter_mut`: one macro writes both (as syn does for `Visit` and `VisitMut`), so the two can
/// never disagree about which node holds which children.
macro_rules! child_walkers {
    (
        $child_blocks:ident, $inline_lists:ident, $children:ident, $walk_inlines:ident,
        $list:ty, $iter:ident, [$($m:tt)?]
    ) => {
        /// The block sequences directly inside `block` (list items, quote, callout, embed).
        fn $child_blocks(block: &$($m)? Block, f: &mut impl FnMut(&$($m)? [Block])) {
            match &$($m)? block.kind {
                BlockKind::List { items, .. } => {
                    items.$iter().for_each(|item| f(&$($m)? item.blocks))
                }
                BlockKind::Quote(children)
                | BlockKind::Callout {
                    blocks: children, ..
                }
                | BlockKind::Embed {
                    blocks: children, ..
                } => f(children),
                BlockKind::Paragraph(_)
                | BlockKind::Heading { .. }
                | BlockKind::Code { .. }
                | BlockKind::Table { .. }
                | BlockKind::Figure { .. }
                | BlockKind::Math(_)
                | BlockKind::Media { .. }
                | BlockKind::Rule => {}
            }
        }

        /// The inline sequences that belong to `block` itself (not to its child blocks).
        #[allow(clippy::redundant_closure)]
        fn $inline_lists(block: &$($m)? Block, f: &mut impl FnMut($list)) {
            match &$($m)? block.kind {
                BlockKind::Paragraph(content) | BlockKind::Heading { content, .. } => f(content),
                BlockKind::Callout {
                    title: Some(title), ..
                } => f(title),
                BlockKind::Table { header, rows, .. } => header
                    .$iter()
                    .chain(rows.$iter().flatten())
                    .for_each(|c| f(c)),
                BlockKind::Figure { caption, .. } => f(caption),
                BlockKind::Callout { title: None, .. }
                | BlockKind::List { .. }
                | BlockKind::Quote(_)
                | BlockKind::Code { .. }
                | BlockKind::Math(_)
                | BlockKind::Rule
                | BlockKind::Media { .. }
                | BlockKind::Embed { .. } => {}
            }
        }

        /// The content of an inline that holds other inlines (links, styled text).
        fn $children(inline: &$($m)? Inline) -> Option<&$($m)? Vec<Inline>> {
            match &$($m)? inline.kind {
                InlineKind::Styled(_, c) | InlineKind::Link { content: c, .. } => Some(c),
                _ => None,
            }
        }

        fn $walk_inlines(list: &$($m)? [Inline], f: &mut impl FnMut(&$($m)? Inline)) {
            for inline in list {
                f(inline);
                if let Some(c) = $children(inline) {
                    $walk_inlines(c, f);
                }
            }
        }
    };
}

child_walkers!(
    for_child_blocks,
    for_inline_lists,
    children,
    walk_inlines,
    &[Inline],
    iter,
    []
);
child_walkers!(
    for_child_blocks_mut, for_inline_lists_mut, children_mut, walk_inlines_mut,
    &mut Vec<Inline>, iter_mut, [mut]
);

fn walk_lists_mut(list: &mut Vec<Inline>, f: &mut impl FnMut(&mut Vec<Inline>)) {
    for inline in list.iter_mut() {
        if let Some(c) = children_mut(inline) {
            walk_lists_mut(c, f);
        }
    }
    f(list);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::model::{Footnote, Image, ListItem, Style};

    fn text(s: &str) -> Inline {
        Inline {
            kind: InlineKind::Text(s.into()),
            span: Span::default(),
        }
    }

    fn block(kind: BlockKind) -> Block {
        Block {
            kind,
            span: Span::default(),
            anchor: None,
        }
    }

    /// One of every container, each holding a distinct word.
    fn every_container() -> Vec<Block> {
        let styled = Inline {
            kind: InlineKind::Styled(Style::Strong, vec![text("styled")]),
            span: Span::default(),
        };
        let link = Inline {
            kind: InlineKind::Link {
                target: crate::model::LinkTarget::External(
                    crate::model::ExternalUrl::parse("https://x").expect("valid url"),
                ),
                content: vec![text("link"), styled],
            },
            span: Span::default(),
        };
        let item = ListItem {
            task: None,
            blocks: vec![block(BlockKind::Paragraph(vec![text("item")]))],
            span: Span::default(),
        };
        let callout = BlockKind::Callout {
            kind: "note".into(),
            title: Some(vec![text("title")]),
            folded: None,
            blocks: vec![block(BlockKind::Quote(vec![block(BlockKind::Paragraph(
                vec![link],
            ))]))],
        };
        let figure = BlockKind::Figure {
            image: Image {
                asset: None,
                src: "x.png".into(),
                alt: String::new(),
                width: None,
            },
            caption: vec![text("caption")],
        };
        let table = BlockKind::Table {
            align: vec![crate::model::Align::None],
            header: vec![vec![text("head")]],
            rows: vec![vec![vec![text("cell")]]],
        };
        let embed = BlockKind::Embed {
            chapter: crate::model::ChapterId(0),
            title: "e".into(),
            blocks: vec![block(BlockKind::Heading {
                level: crate::model::HeadingLevel::H1,
                id: "h".into(),
                content: vec![text("embedded")],
            })],
        };
        vec![
            block(BlockKind::List {
                start: None,
                tight: true,
                items: vec![item],
            }),
            block(callout),
            block(figure),
            block(table),
            block(embed),
        ]
    }

    fn words(blocks: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        inlines(blocks, &mut |i| {
            if let InlineKind::Text(t) = &i.kind {
                out.push(t.clone());
            }
        });
        out
    }

    #[test]
    fn reaches_every_container_in_document_order() {
        assert_eq!(
            words(&every_container()),
            [
                "item", "title", "link", "styled", "caption", "head", "cell", "embedded"
            ]
        );
        let mut kinds = 0;
        blocks(&every_container(), &mut |_| kinds += 1);
        // 5 top-level blocks + item paragraph + quote + its paragraph + embedded heading.
        assert_eq!(kinds, 9);
    }

    #[test]
    fn mutable_walks_rewrite_every_inline_and_footnotes() {
        let mut chapter = Chapter {
            id: "c".into(),
            source: "c.md".into(),
            title: "c".into(),
            title_id: "t".into(),
            lang: None,
            meta: Default::default(),
            part: None,
            blocks: every_container(),
            footnotes: vec![Footnote {
                id: "fn-1".into(),
                number: 1,
                blocks: vec![block(BlockKind::Paragraph(vec![text("note")]))],
                span: Span::default(),
            }],
            span: Span::default(),
        };
        chapter_inline_lists_mut(&mut chapter, &mut |list| {
            for i in list.iter_mut() {
                if let InlineKind::Text(t) = &mut i.kind {
                    *t = t.to_uppercase();
                }
            }
        });
        assert_eq!(words(&chapter.blocks)[7], "EMBEDDED");
        assert_eq!(words(&chapter.footnotes[0].blocks), ["NOTE"]);
        let mut n = 0;
        inlines_mut(&mut chapter.blocks, &mut |_| n += 1);
        assert_eq!(n, 10, "8 texts, the link and the styled node");
    }
}
