//! The words of blocks as plain text, one string per leaf block, in reading order: what a
//! writer shows when rendering a chapter failed (a caught panic), so no word is lost even then.

use super::{Block, BlockKind, plain_text};

/// Appends the text of every leaf block under `blocks` to `out`, in document order: paragraph
/// and heading text, code and math source, table cells (one row per string), figure captions.
pub fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    // An explicit stack, not recursion: a fallback must not overflow on 10,000 nested quotes.
    let mut stack: Vec<&Block> = blocks.iter().rev().collect();
    while let Some(block) = stack.pop() {
        match &block.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => {
                out.push(plain_text(c))
            }
            BlockKind::Code { text, .. } | BlockKind::Math(text) => out.push(text.clone()),
            BlockKind::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    let cells: Vec<String> = row.iter().map(|c| plain_text(c)).collect();
                    out.push(cells.join(" | "));
                }
            }
            BlockKind::Figure { image, caption } => out.push(
                format!("{} {}", image.alt, plain_text(caption))
                    .trim()
                    .to_string(),
            ),
            BlockKind::Rule => {}
            BlockKind::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    out.push(plain_text(t));
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
    out.retain(|s| !s.trim().is_empty());
}
