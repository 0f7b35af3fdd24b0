//! Heading levels, 1–6 by construction (CommonMark ATX and Setext headings, HTML `h1`–`h6`).

/// A heading level from 1 to 6: nothing else can be made, so writers need no clamping against
/// nonsense (they still choose how deep to show it: the EPUB's `h2`–`h6`, the PDF's outline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct HeadingLevel(u8);

impl HeadingLevel {
    /// The top level, `#`.
    pub const H1: HeadingLevel = HeadingLevel(1);

    /// The level when `n` is 1–6, else `None`.
    pub fn new(n: u8) -> Option<HeadingLevel> {
        (1..=6).contains(&n).then_some(HeadingLevel(n))
    }

    /// The nearest level to `n`: 0 → 1, 9 → 6 (for input that only roughly names a level).
    pub fn clamped(n: u8) -> HeadingLevel {
        HeadingLevel(n.clamp(1, 6))
    }

    /// The level as a number, 1–6.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for HeadingLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_to_six_are_levels() {
        assert_eq!(HeadingLevel::new(0), None);
        assert_eq!(HeadingLevel::new(7), None);
        assert_eq!(HeadingLevel::new(3).map(HeadingLevel::get), Some(3));
        assert_eq!(HeadingLevel::clamped(0), HeadingLevel::H1);
        assert_eq!(HeadingLevel::clamped(200).get(), 6);
    }
}
