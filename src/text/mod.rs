//! ③ Text: styled paragraph text → shaped glyphs → broken, justified lines.
//!
//! Input: a `Paragraph` (plain text plus style ranges) and a `FontBook`. Output: `Line`s of
//! positioned `GlyphRun`s. Itemises by script and font (per-cluster fallback), shapes with
//! harfrust (cached per word), finds break opportunities (icu_segmenter, KLREQ rules, keep-all by
//! default), chooses breaks with a total-fit breaker and justifies by stretching spaces.
//! Knows nothing of Markdown, the model or pages.

mod bidi;
mod breaks;
mod justify;
mod linebreak;
mod paragraph;
mod segment;
mod shape;

use crate::font::{FaceId, Family, FontBook, Pt};
use std::ops::Range;

/// Style of a range of paragraph text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Font role.
    pub family: Family,
    /// Bold face.
    pub bold: bool,
    /// Italic (synthesised by skewing in the PDF when the face has no italic).
    pub italic: bool,
    /// Font size.
    pub size: Pt,
    /// Baseline shift (positive = up), for superscript/subscript.
    pub baseline_shift: Pt,
    /// Opaque value chosen by the caller (colour, link, decoration index); copied to every
    /// `GlyphRun` made from this range, so layout can find links and colours again.
    pub tag: u32,
}

/// A paragraph to set: text plus non-overlapping, sorted style ranges covering all of it.
#[derive(Clone, Debug)]
pub struct Paragraph {
    /// The text. `\n` is a forced line break.
    pub text: String,
    /// Byte ranges of `text` with their style, sorted, covering `0..text.len()`.
    pub styles: Vec<(Range<usize>, TextStyle)>,
    /// Language (BCP 47) for shaping and hyphenation, e.g. `ko`, `en`.
    pub lang: String,
    /// Inline objects (a formula, an image) set in the line like a character, sorted by `at`.
    pub objects: Vec<InlineObject>,
}

/// Something drawn inside a line that is not text: at byte `at` the paragraph text holds
/// U+FFFC OBJECT REPLACEMENT CHARACTER in a style range of its own; it breaks like an
/// ideograph and advances by `width`. Its run in the set line carries no drawable glyph: the
/// caller draws the object where the run is and sizes the line for its height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InlineObject {
    /// Byte offset of its U+FFFC in `Paragraph::text`.
    pub at: usize,
    /// Advance width.
    pub width: Pt,
}

/// The character that stands for an inline object in paragraph text.
pub const OBJECT_CHAR: char = '\u{FFFC}';

impl Paragraph {
    /// The object whose U+FFFC is at byte `at`, if any.
    pub(crate) fn object_at(&self, at: usize) -> Option<&InlineObject> {
        self.objects
            .binary_search_by_key(&at, |o| o.at)
            .ok()
            .and_then(|i| self.objects.get(i))
    }
}

/// How Korean words may break.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KoreanBreak {
    /// Between words (eojeol) only, like CSS `word-break: keep-all`; inside a word only when it alone overflows.
    #[default]
    Word,
    /// Between any two syllables.
    Syllable,
}

/// How to break and justify lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineOptions {
    /// Available width of every line.
    pub width: Pt,
    /// Indent of the first line (reduces its width).
    pub first_indent: Pt,
    /// Stretch spaces so every line but the last fills `width`.
    pub justify: bool,
    /// Korean break style.
    pub korean: KoreanBreak,
    /// Hyphenate Latin words (never Hangul).
    pub hyphenate: bool,
}

/// One shaped glyph.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Horizontal advance.
    pub x_advance: Pt,
    /// Horizontal offset from the pen position.
    pub x_offset: Pt,
    /// Vertical offset from the baseline (positive = up).
    pub y_offset: Pt,
    /// Byte range in `GlyphRun::text` this glyph represents (for ToUnicode / copy-paste).
    pub text: Range<u32>,
}

impl Glyph {
    /// `text` as a byte range for slicing `GlyphRun::text`.
    pub fn text_range(&self) -> Range<usize> {
        self.text.start as usize..self.text.end as usize
    }
}

/// Glyphs of one face and style, placed on a line.
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphRun {
    /// Face of every glyph in the run.
    pub face: FaceId,
    /// Font size.
    pub size: Pt,
    /// Style the run came from (tag, italic, baseline shift).
    pub style: TextStyle,
    /// Horizontal position of the run's start from the line's start (justification included).
    pub x: Pt,
    /// Total advance of the run.
    pub width: Pt,
    /// The text the glyphs represent (a trailing hyphen added by hyphenation included).
    pub text: String,
    /// Glyphs in visual order.
    pub glyphs: Vec<Glyph>,
    /// Byte range of the paragraph text this run covers.
    pub source: Range<usize>,
}

/// A set line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Runs in order.
    pub runs: Vec<GlyphRun>,
    /// Width actually used (equals the available width on a justified line).
    pub width: Pt,
    /// Largest ascent of the line's runs (positive).
    pub ascent: Pt,
    /// Largest descent of the line's runs (positive).
    pub descent: Pt,
    /// Byte range of the paragraph text on this line.
    pub source: Range<usize>,
}

/// A character no font in the chain has (shown as a box), with its byte offset in the paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingChar {
    /// The character.
    pub c: char,
    /// Byte offset in `Paragraph::text`.
    pub offset: usize,
}

/// A paragraph broken into lines.
#[derive(Clone, Debug, Default)]
pub struct SetParagraph {
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
    /// Characters drawn as boxes because no font covers them.
    pub missing: Vec<MissingChar>,
}

/// Shapes and breaks `paragraph` into lines. Shaped words are cached in `cache` (shared, thread-safe).
pub fn set_paragraph(
    paragraph: &Paragraph,
    fonts: &FontBook,
    cache: &ShapeCache,
    options: &LineOptions,
) -> SetParagraph {
    paragraph::set(paragraph, fonts, &cache.inner, options)
}

/// Shapes a single line of text without breaking (labels, running heads, page numbers, TOC).
pub fn shape_line(
    text: &str,
    style: TextStyle,
    lang: &str,
    fonts: &FontBook,
    cache: &ShapeCache,
) -> Line {
    paragraph::line(text, style, lang, fonts, &cache.inner)
}

/// Cache of shaped words, shared by all paragraphs (and threads) of a build.
///
/// Keyed by face bytes, script, language and text, so one cache may serve several `FontBook`s.
#[derive(Debug, Default)]
pub struct ShapeCache {
    inner: shape::Cache,
}

impl ShapeCache {
    /// An empty cache.
    pub fn new() -> ShapeCache {
        ShapeCache::default()
    }
}

#[cfg(test)]
mod tests;
