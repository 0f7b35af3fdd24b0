//! Heading levels: where a note's `#`…`######` sit in each book. The chapter title is level 1
//! (EPUB `h1`, the PDF outline's top entry), so a note's body headings start at level 2: its
//! H1 and H2 both become level 2 (a note's `#` usually repeats or replaces the title).

use crate::model::{BlockKind, Chapter, HeadingLevel, visit};

/// The book level (2..=6) of a note heading written at `level` (1..=6; anything outside is
/// clamped). Used for the EPUB `<hN>` and the PDF structure tree, outline and contents.
pub fn heading_level(level: u8) -> u8 {
    level.clamp(2, 6)
}

/// Closes gaps in a chapter's heading outline: a heading may be at most one level below the
/// heading before it (the chapter title being level 1), so a note that jumps from `#` to
/// `###` gets an `h2`, not an `h3` after nothing (WCAG 1.3.1, Ace's `heading-order`). Headings
/// inside callouts, quotes and embedded notes count in document order, as a reader meets them.
/// Rewrites the model once, so the EPUB headings, the PDF outline and its contents agree.
pub(crate) fn close_level_gaps(chapter: &mut Chapter) {
    let mut previous = 1u8;
    visit::chapter_blocks_mut(chapter, &mut |block| {
        if let BlockKind::Heading { level, .. } = &mut block.kind {
            let book_level = heading_level(level.get()).min(previous + 1);
            *level = HeadingLevel::clamped(book_level);
            previous = book_level;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_in_the_outline_close_and_steps_back_stay() {
        use crate::model::{Block, BlockKind, Chapter, HeadingLevel};
        let heading = |n: u8| Block {
            kind: BlockKind::Heading {
                level: HeadingLevel::clamped(n),
                id: format!("h{n}"),
                content: Vec::new(),
            },
            span: crate::diag::Span::default(),
            anchor: None,
        };
        let mut chapter = Chapter::new("c", "c.md", [3, 5, 2, 4, 4, 6].map(heading).to_vec());
        close_level_gaps(&mut chapter);
        let levels: Vec<u8> = chapter
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { level, .. } => Some(level.get()),
                _ => None,
            })
            .collect();
        assert_eq!(levels, [2, 3, 2, 3, 4, 5]);
    }

    #[test]
    fn body_headings_sit_under_the_chapter_title() {
        let mapped: Vec<u8> = (0..=8).map(heading_level).collect();
        assert_eq!(mapped, [2, 2, 2, 3, 4, 5, 6, 6, 6]);
    }
}
