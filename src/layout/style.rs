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
/// Code block background.
pub(crate) const CODE_BG: Rgb = Rgb(0xf5, 0xf5, 0xf2);
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
}

impl Metrics {
    /// Derives the metrics from the options (already in range: `LayoutOptions::validated`).
    pub(crate) fn new(o: &LayoutOptions) -> Metrics {
        let base = o.base_size;
        let (page_w, page_h) = (o.page_width, o.page_height);
        let [mt, mr, mb, ml] = o.margins;
        Metrics {
            base,
            leading: base * 1.7,
            page_w,
            page_h,
            left: ml,
            top: mt,
            width: page_w - ml - mr,
            height: page_h - mt - mb,
            note: base * 0.85,
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

/// Accent and tint colours of a callout kind.
pub(crate) fn callout_colors(kind: &str) -> (Rgb, Rgb) {
    match kind {
        "tip" | "hint" | "success" | "check" | "done" => {
            (Rgb(0x2e, 0x7d, 0x32), Rgb(0xed, 0xf7, 0xee))
        }
        "important" | "abstract" | "summary" | "tldr" => {
            (Rgb(0x6a, 0x3d, 0x9a), Rgb(0xf3, 0xee, 0xf9))
        }
        "warning" | "caution" | "question" | "faq" => {
            (Rgb(0xb2, 0x6a, 0x00), Rgb(0xfd, 0xf4, 0xe3))
        }
        "danger" | "error" => (Rgb(0xb7, 0x1c, 0x1c), Rgb(0xfc, 0xec, 0xec)),
        _ => (Rgb(0x1f, 0x5f, 0xa8), Rgb(0xec, 0xf3, 0xfb)),
    }
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
