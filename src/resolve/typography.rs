//! The typography both books share when the user sets it (`page:` keys in hanji.yaml): line
//! height, space between paragraphs, link colour. The PDF's layout uses each value; the EPUB
//! writes only the ones set (its own defaults already match the PDF's).

use super::palette::Rgb;

/// Line height and paragraph spacing as multiples of the text size; ranges enforced by config.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Typography {
    /// Distance between baselines of body text, in ems (`page.line_height`; default 1.7).
    pub line_height: Option<f32>,
    /// Space between blocks (paragraphs, lists, quotes…), in ems (`page.paragraph_spacing`;
    /// default 0.7).
    pub paragraph_spacing: Option<f32>,
    /// Colour of link text (`page.link_color`; default #1f4e9a in the PDF, the reading
    /// system's in the EPUB, underlined in both).
    pub link_color: Option<Rgb>,
}

impl Typography {
    /// Default line height in ems: Korean text wants generous leading (klreq).
    pub const LINE_HEIGHT: f32 = 1.7;
    /// Default space between blocks, in ems.
    pub const PARAGRAPH_SPACING: f32 = 0.7;
    /// Accepted line heights.
    pub const LINE_HEIGHT_RANGE: std::ops::RangeInclusive<f32> = 1.0..=3.0;
    /// Accepted paragraph spacings.
    pub const PARAGRAPH_SPACING_RANGE: std::ops::RangeInclusive<f32> = 0.0..=3.0;

    /// The line height in use.
    pub fn line_height(&self) -> f32 {
        self.line_height.unwrap_or(Self::LINE_HEIGHT)
    }

    /// The paragraph spacing in use.
    pub fn paragraph_spacing(&self) -> f32 {
        self.paragraph_spacing.unwrap_or(Self::PARAGRAPH_SPACING)
    }
}
