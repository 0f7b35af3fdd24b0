//! Heading levels: where a note's `#`…`######` sit in each book. The chapter title is level 1
//! (EPUB `h1`, the PDF outline's top entry), so a note's body headings start at level 2: its
//! H1 and H2 both become level 2 (a note's `#` usually repeats or replaces the title).

/// The book level (2..=6) of a note heading written at `level` (1..=6; anything outside is
/// clamped). Used for the EPUB `<hN>` and the PDF structure tree, outline and contents.
pub fn heading_level(level: u8) -> u8 {
    level.clamp(2, 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_headings_sit_under_the_chapter_title() {
        let mapped: Vec<u8> = (0..=8).map(heading_level).collect();
        assert_eq!(mapped, [2, 2, 2, 3, 4, 5, 6, 6, 6]);
    }
}
