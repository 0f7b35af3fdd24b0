//! Inline objects: a formula or an image set inside a line like a large character (the text
//! engine reserves its width at a U+FFFC; see `text::InlineObject`), drawn where its run lands
//! with its baseline on the line's baseline.

use super::figure::{Drawable, drawable};
use super::math::typeset;
use super::paged::{ItemKind, Rect, StructId};
use crate::font::Pt;
use crate::model::{Asset, Image};

/// What an inline object draws, with its box around the baseline.
pub(crate) struct InlineDrawing<'b> {
    /// The drawing.
    pub what: Drawable<'b>,
    /// Advance width.
    pub width: Pt,
    /// Height above the baseline.
    pub ascent: Pt,
    /// Depth below the baseline.
    pub descent: Pt,
    /// Structure element of its content (a `Formula` with the TeX as Alt), if its own.
    pub elem: Option<StructId>,
}

/// Share of the text size an unsized inline image takes: the line's height (0.88 em ascent +
/// 0.24 em descent of the body faces, see `rows.rs`) minus a little air.
const INLINE_IMAGE_EM: f32 = 1.05;
/// How far below the baseline an unsized inline image reaches, in em (the descender line).
const INLINE_IMAGE_DROP: f32 = 0.2;

impl<'b> InlineDrawing<'b> {
    /// Inline math at `size`; `Err` says why it cannot be typeset.
    pub(crate) fn formula(tex: &str, size: Pt) -> Result<Self, String> {
        let f = typeset(tex, false, size)?;
        Ok(InlineDrawing {
            what: Drawable::Vector(f.tree),
            width: f.width,
            ascent: f.ascent,
            descent: f.descent,
            elem: None,
        })
    }

    /// An inline image: as tall as the line at `size` unless the note gives a width (CSS px),
    /// never wider than `max_width`; `None` when the PDF cannot draw it.
    pub(crate) fn image(image: &Image, asset: &'b Asset, size: Pt, max_width: Pt) -> Option<Self> {
        let (what, w, h) = drawable(asset)?;
        if !(w > 0.0 && h > 0.0) {
            return None;
        }
        let (mut width, mut height) = match image.width {
            Some(px) => {
                let width = px as f32 * 0.75;
                (width, width * h / w)
            }
            None => {
                let height = size.0 * INLINE_IMAGE_EM;
                (height * w / h, height)
            }
        };
        if width > max_width.0 && width > 0.0 {
            height *= max_width.0 / width;
            width = max_width.0;
        }
        let descent = (size.0 * INLINE_IMAGE_DROP).min(height);
        Some(InlineDrawing {
            what,
            width: Pt(width),
            ascent: Pt(height - descent),
            descent: Pt(descent),
            elem: None,
        })
    }

    /// The page item drawing it with its left end at `x` and its baseline at `baseline`.
    pub(crate) fn item(&self, x: Pt, baseline: Pt) -> ItemKind {
        let rect = Rect {
            x,
            y: baseline - self.ascent,
            width: self.width,
            height: self.ascent + self.descent,
        };
        self.what.clone().item(rect)
    }
}
