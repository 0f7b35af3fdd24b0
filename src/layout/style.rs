//! Typographic choices derived from `LayoutOptions`: sizes, leading, spacing and colours.
//! One place, so the look of the book can be tuned without touching the flow.

use super::LayoutOptions;
use super::paged::Rgb;
use crate::font::{Family, Pt};
use crate::text::TextStyle;

/// Body text colour (a soft black reads better than pure black on paper).
pub(crate) const INK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
/// Link text colour (links have no border; they are coloured instead).
pub(crate) const LINK: Rgb = Rgb(0x1f, 0x4e, 0x9a);
/// Secondary text (running heads, captions, quotes).
pub(crate) const GREY: Rgb = Rgb(0x5a, 0x5a, 0x5a);
/// Light rules and borders.
pub(crate) const RULE: Rgb = Rgb(0xb0, 0xb0, 0xb0);
/// Code background (blocks and inline code): the shared code palette's, as in the EPUB.
pub(crate) const CODE_BG: Rgb = rgb(crate::resolve::palette::CODE_BACKGROUND);
/// Inline code colour.
pub(crate) const CODE_INK: Rgb = Rgb(0x8a, 0x2b, 0x2b);
/// Highlight (`==mark==`) background.
pub(crate) const MARK_BG: Rgb = Rgb(0xff, 0xf0, 0x9e);
/// Table header background.
pub(crate) const TABLE_HEAD_BG: Rgb = Rgb(0xee, 0xee, 0xea);
/// Placeholder box background (missing image).
pub(crate) const PLACEHOLDER_BG: Rgb = Rgb(0xfb, 0xec, 0xec);

/// Sizes and spacing of one book.
#[derive(Clone, Debug)]
pub(crate) struct Metrics {
    /// Body size.
    pub base: Pt,
    /// Distance between baselines of body text (Korean wants generous leading: 1.7).
    pub leading: Pt,
    /// Page width.
    pub page_w: Pt,
    /// Page height.
    pub page_h: Pt,
    /// Left edge of the text block.
    pub left: Pt,
    /// Top of the text block.
    pub top: Pt,
    /// Width of the text block.
    pub width: Pt,
    /// Height of the text block.
    pub height: Pt,
    /// Footnote size.
    pub note: Pt,
    /// Space between blocks, in ems of the frame's text size.
    pub spacing: f32,
    /// Link text colour.
    pub link: Rgb,
}

impl Metrics {
    /// Derives the metrics from the options (already in range: `LayoutOptions::validated`).
    pub(crate) fn new(o: &LayoutOptions) -> Metrics {
        let base = o.base_size;
        let (page_w, page_h) = (o.page_width, o.page_height);
        let [mt, mr, mb, ml] = o.margins;
        Metrics {
            base,
            leading: base * o.typography.line_height(),
            page_w,
            page_h,
            left: ml,
            top: mt,
            width: page_w - ml - mr,
            height: page_h - mt - mb,
            note: base * 0.85,
            spacing: o.typography.paragraph_spacing(),
            link: o.typography.link_color.map_or(LINK, rgb),
        }
    }

    /// Heading size by level (0 = chapter title).
    pub(crate) fn heading_size(&self, level: u8) -> Pt {
        let k = match level {
            0 => 2.0,
            1 => 1.6,
            2 => 1.38,
            3 => 1.2,
            4 => 1.08,
            _ => 1.0,
        };
        self.base * k
    }
}

/// A colour of the shared palette ([`crate::resolve::palette`]) as the page items draw it.
pub(crate) const fn rgb(c: crate::resolve::Rgb) -> Rgb {
    Rgb(c.r, c.g, c.b)
}

/// Upright, regular-weight text of `family` at `size` (no baseline shift, no tag).
pub(crate) fn plain_style(family: Family, size: Pt) -> TextStyle {
    TextStyle {
        family,
        bold: false,
        italic: false,
        size,
        baseline_shift: Pt::ZERO,
        tag: 0,
    }
}

/// Bold sans text at `size`: the face of titles, labels and headings.
pub(crate) fn bold_sans(size: Pt) -> TextStyle {
    TextStyle {
        bold: true,
        ..plain_style(Family::Sans, size)
    }
}
