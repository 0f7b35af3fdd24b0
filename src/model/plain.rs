//! The words of blocks as plain text, in reading order: what a writer shows when rendering a
//! chapter failed (a caught panic), so no word is lost even then.

use super::{Block, BlockKind, Chapter, HeadingLevel, Inline, InlineKind, Stage, plain_text};

/// One leaf of the block tree, as plain text.
enum Leaf<'a, S: Stage> {
    /// A heading: kept as a heading so links to its id still land.
    Heading(&'a Block<S>, HeadingLevel, &'a str, String),
    /// Any other text-bearing block.
    Text(&'a Block<S>, String),
}

/// Calls `f` on every leaf block under `blocks`, in document order: paragraph and heading text,
/// code and math source, table cells (one row per leaf), figure alt text and captions.
fn leaves<'a, S: Stage>(blocks: &'a [Block<S>], f: &mut impl FnMut(Leaf<'a, S>)) {
    // An explicit stack, not recursion: a fallback must not overflow on 10,000 nested quotes.
    let mut stack: Vec<&Block<S>> = blocks.iter().rev().collect();
    while let Some(block) = stack.pop() {
        match &block.kind {
            BlockKind::Heading { level, id, content } => {
                f(Leaf::Heading(block, *level, id, plain_text(content)))
            }
            BlockKind::Paragraph(c) => f(Leaf::Text(block, plain_text(c))),
            BlockKind::Code { text, .. } | BlockKind::Math(text) => {
                f(Leaf::Text(block, text.clone()))
            }
            BlockKind::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    let cells: Vec<String> = row.iter().map(|c| plain_text(c)).collect();
                    f(Leaf::Text(block, cells.join(" | ")));
                }
            }
            BlockKind::Figure { image, caption } => {
                let text = format!("{} {}", image.alt, plain_text(caption));
                f(Leaf::Text(block, text.trim().to_string()))
            }
            BlockKind::Rule => {}
            BlockKind::Media { src, .. } => f(Leaf::Text(block, src.clone())),
            BlockKind::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    f(Leaf::Text(block, plain_text(t)));
                }
                stack.extend(blocks.iter().rev());
            }
            BlockKind::Quote(b) | BlockKind::Embed { blocks: b, .. } => {
                stack.extend(b.iter().rev())
            }
            BlockKind::List { items, .. } => {
                for item in items.iter().rev() {
                    stack.extend(item.blocks.iter().rev());
                }
            }
        }
    }
}

/// Appends the text of every leaf block under `blocks` to `out`, in document order (empty
/// leaves left out).
pub fn block_texts<S: Stage>(blocks: &[Block<S>], out: &mut Vec<String>) {
    leaves(blocks, &mut |leaf| {
        let text = match leaf {
            Leaf::Heading(_, _, _, t) | Leaf::Text(_, t) => t,
        };
        if !text.trim().is_empty() {
            out.push(text);
        }
    });
}

/// `chapter` reduced to headings (ids kept, so links to them still land) and plain
/// paragraphs, its footnotes' text appended at the end: the last-resort form a writer lays out
/// when the chapter itself made it panic.
pub fn plain_chapter(chapter: &Chapter) -> Chapter {
    let mut blocks = Vec::new();
    let text = |b: &Block, t: String| Inline {
        kind: InlineKind::Text(t),
        span: b.span.clone(),
    };
    let mut push = |leaf: Leaf<'_, super::Resolved>| match leaf {
        Leaf::Heading(b, level, id, t) => blocks.push(Block {
            kind: BlockKind::Heading {
                level,
                id: id.to_string(),
                content: vec![text(b, t)],
            },
            span: b.span.clone(),
            anchor: None,
        }),
        Leaf::Text(b, t) if !t.trim().is_empty() => blocks.push(Block {
            kind: BlockKind::Paragraph(vec![text(b, t)]),
            span: b.span.clone(),
            anchor: None,
        }),
        Leaf::Text(..) => {}
    };
    leaves(&chapter.blocks, &mut push);
    for f in &chapter.footnotes {
        leaves(&f.blocks, &mut push);
    }
    Chapter {
        blocks,
        footnotes: Vec::new(),
        ..chapter.clone()
    }
}
