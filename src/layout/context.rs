//! Per-chapter layout state: fonts and caches, the chapter's structure elements, outline
//! entries, footnotes and diagnostics. Each chapter gets its own `Ctx`, so chapters lay out
//! in parallel; their results are merged in order afterwards.

use super::LayoutOptions;
use super::flow::Row;
use super::paged::{StructElem, StructId, StructKind};
use super::style::Metrics;
use crate::diag::{Diagnostic, Span};
use crate::font::{FontBook, Pt};
use crate::model::{Book, Chapter};
use crate::text::ShapeCache;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Where content goes horizontally, and what surrounds it.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    /// Left edge of the content.
    pub left: Pt,
    /// Width of the content.
    pub width: Pt,
    /// Decorations of enclosing containers (quote bars, callout tints), outermost first.
    pub decos: Vec<super::flow::Deco>,
    /// Structure parent of the blocks in this frame.
    pub parent: Option<StructId>,
    /// Nesting depth of lists (for bullets).
    pub list_depth: usize,
    /// Nesting depth of indenting containers (lists, quotes, callouts, embeds).
    pub nest: usize,
    /// How much further nested containers may still indent.
    pub indent_room: Pt,
    /// Text colour of body text in this frame.
    pub ink: super::paged::Rgb,
    /// Body text size in this frame (smaller in footnotes).
    pub size: Pt,
    /// Distance between baselines of body text in this frame.
    pub leading: Pt,
    /// Space between blocks, in ems of `size` (`page.paragraph_spacing`).
    pub spacing: f32,
}

/// Indenting containers nested deeper than this keep the indentation they have.
pub(crate) const MAX_NESTED_INDENTS: usize = 8;

/// Share of the text width all nested indentation together may take, so deep nesting never
/// squeezes text into a column a few millimetres wide (issue 8: nothing garbled).
pub(crate) const MAX_INDENT_SHARE: f32 = 0.4;

impl Frame {
    /// The frame of a container nested in this one, indented by `want` on the left and
    /// `right` on the right while the caps allow (at most `MAX_NESTED_INDENTS` levels and
    /// `MAX_INDENT_SHARE` of the text width); deeper levels get no further indent.
    /// Returns the frame and the indent actually given on the left.
    pub(crate) fn nested(&self, want: Pt, right: Pt) -> (Frame, Pt) {
        let total = want + right;
        let k = if self.nest >= MAX_NESTED_INDENTS || self.indent_room.0 <= 0.0 {
            0.0
        } else if total > self.indent_room {
            self.indent_room.0 / total.0
        } else {
            1.0
        };
        let (left, right) = (want * k, right * k);
        let mut f = self.clone();
        f.left += left;
        f.width -= left + right;
        f.nest += 1;
        f.indent_room = self.indent_room - left - right;
        (f, left)
    }
}

/// Layout state of one chapter.
pub(crate) struct Ctx<'a> {
    /// Fonts of the build.
    pub fonts: &'a FontBook,
    /// Shared shaping cache.
    pub cache: &'a ShapeCache,
    /// Options.
    pub options: &'a LayoutOptions,
    /// Derived sizes.
    pub m: &'a Metrics,
    /// The whole book (for link targets and assets).
    pub book: &'a Book,
    /// The chapter being laid out.
    pub chapter: &'a Chapter,
    /// Language of the chapter's text.
    pub lang: String,
    /// Chapter-local structure elements.
    pub elems: Vec<StructElem>,
    /// Diagnostics in order.
    pub diags: Vec<Diagnostic>,
    /// Characters no font covers, with where they first occur in this chapter.
    pub missing: Vec<(char, Span)>,
    /// Laid-out footnotes by id.
    pub footnotes: HashMap<String, Arc<Vec<Row>>>,
    /// Footnote ids whose reference already has a back-link destination.
    pub fn_refs: HashSet<String>,
    /// Whether a footnote is being laid out (no nested footnotes).
    pub in_footnote: bool,
}

impl<'a> Ctx<'a> {
    /// A new structure element; returns its chapter-local id.
    pub(crate) fn elem(&mut self, kind: StructKind, parent: Option<StructId>) -> Option<StructId> {
        let id = StructId(u32::try_from(self.elems.len()).unwrap_or(u32::MAX));
        self.elems.push(StructElem {
            kind,
            parent,
            lang: None,
        });
        Some(id)
    }

    /// Destination name of a place in the book: `c003` or `c003/anchor`.
    pub(crate) fn dest_name(&self, chapter: usize, anchor: Option<&str>) -> Option<String> {
        let c = self.book.chapters.get(chapter)?;
        Some(match anchor {
            Some(a) => format!("{}/{}", c.id, a),
            None => c.id.clone(),
        })
    }

    /// Destination name inside this chapter.
    pub(crate) fn local_dest(&self, anchor: &str) -> String {
        format!("{}/{}", self.chapter.id, anchor)
    }

    /// Records a warning.
    pub(crate) fn warn(&mut self, code: &'static str, span: &Span, message: String) {
        self.diags
            .push(Diagnostic::warning(code, Some(span.clone()), message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame {
            left: Pt(60.0),
            width: Pt(450.0),
            decos: Vec::new(),
            parent: None,
            list_depth: 0,
            nest: 0,
            indent_room: Pt(450.0) * MAX_INDENT_SHARE,
            ink: super::super::style::INK,
            size: Pt(10.5),
            leading: Pt(17.0),
            spacing: 0.7,
        }
    }

    #[test]
    fn nesting_indent_is_capped_by_levels_and_width() {
        let mut f = frame();
        for _ in 0..200 {
            f = f.nested(Pt(15.75), Pt::ZERO).0;
        }
        // 8 levels of 15.75 pt = 126 pt < 40 % of 450 pt = 180 pt: the level cap wins.
        assert!(
            (f.left.0 - (60.0 + 8.0 * 15.75)).abs() < 0.01,
            "{:?}",
            f.left
        );
        assert!(f.width.0 >= 450.0 * 0.6 - 0.01);
        let mut g = frame();
        for _ in 0..200 {
            g = g.nested(Pt(40.0), Pt::ZERO).0;
        }
        // Wide indents stop at 40 % of the width.
        assert!((g.width.0 - 450.0 * 0.6).abs() < 0.01, "{:?}", g.width);
    }
}
