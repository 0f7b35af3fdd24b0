//! Font subsetting for the EPUB: keep only the glyphs of the characters a book uses.
//!
//! EPUB reading systems (and browsers underneath them) reject fonts without `cmap` or `OS/2`.
//! HarfBuzz's subsetter (hb-subset, bundled by `mkwebfont_hb-subset`) keeps them, and keeps the
//! layout tables (GSUB/GPOS/GDEF) closed over the kept glyphs: old-Hangul jamo sequences still
//! compose (`ljmo/vjmo/tjmo`), kerning survives. Measured on every embedded face for a typical
//! note (174 characters; `scripts/bench` has the book-level figures): on the TrueType faces it
//! is 5× faster than allsorts (0.4–0.5 ms against 1.6–2.7 ms, the time `--each` spends per
//! face per book) and slightly smaller; on the Noto CJK cuts (CFF) 0.2–0.5 ms slower but the
//! sans subsets are half the size (24 KB against 48 KB). allsorts' `Minimal` profile (which
//! drops GSUB/GPOS) stays as the fallback for a face HarfBuzz refuses.

use super::FontError;
use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::OpenTypeFont;
use std::collections::BTreeSet;

/// See `crate::font::subset_for_web`; `index` picks the face of a collection (TTC), whose
/// subset is a standalone font.
pub(crate) fn subset_for_web(
    data: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, FontError> {
    ttf_parser::Face::parse(data, index)
        .map_err(|e| FontError(format!("cannot parse font for subsetting: {e}")))?;
    match hb_subset_face(data, index, chars) {
        Some(font) if is_web_font(&font) => Ok(font),
        _ => subset_with_allsorts(data, index, chars),
    }
}

/// HarfBuzz's subset of face `index` (the crate's `subset` helper reads face 0 only).
fn hb_subset_face(data: &[u8], index: u32, chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let mut input = hb_subset::SubsetInput::new().ok()?;
    let mut set = input.unicode_set();
    for &c in chars {
        set.insert(c);
    }
    let blob = hb_subset::Blob::from_bytes(data).ok()?;
    let face = hb_subset::FontFace::new_with_index(blob, index).ok()?;
    let font = input.subset_font(&face).ok()?;
    Some(font.underlying_blob().to_vec())
}

/// Whether `font` parses and has the tables reading systems require.
fn is_web_font(font: &[u8]) -> bool {
    ttf_parser::Face::parse(font, 0)
        .is_ok_and(|f| f.tables().cmap.is_some() && f.tables().os2.is_some())
}

/// The fallback subsetter: cmap, head, hhea, hmtx, maxp, name, OS/2, post and the outlines,
/// with a Unicode cmap; no layout tables (a jamo sequence then shows as separate letters).
fn subset_with_allsorts(
    data: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, FontError> {
    let face = ttf_parser::Face::parse(data, index)
        .map_err(|e| FontError(format!("cannot parse font for subsetting: {e}")))?;
    // allsorts: glyph 0 (.notdef) first, no duplicates; composite components are added by it.
    let mut glyphs: BTreeSet<u16> = BTreeSet::new();
    for &c in chars {
        if let Some(g) = face.glyph_index(c) {
            glyphs.insert(g.0);
        }
    }
    glyphs.remove(&0);
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let font = ReadScope::new(data)
        .read::<OpenTypeFont<'_>>()
        .map_err(|e| FontError(format!("cannot read font for subsetting: {e}")))?;
    let provider = font
        .table_provider(index as usize)
        .map_err(|e| FontError(format!("cannot read font tables: {e}")))?;
    subset(
        &provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| FontError(format!("cannot subset font: {e}")))
}
