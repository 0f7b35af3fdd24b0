//! Font subsetting for the EPUB: keep only the glyphs of the characters a book uses.
//!
//! EPUB reading systems (and browsers underneath them) reject fonts without `cmap` or `OS/2`,
//! so this uses allsorts' `Minimal` profile (cmap, head, hhea, hmtx, maxp, name, OS/2, post,
//! plus glyf/loca or CFF) with a Unicode cmap. Layout tables (GSUB/GPOS) are dropped: the
//! reader shapes precomposed syllables from `cmap` alone. The one exception is old Hangul: jamo
//! sequences compose only through GSUB (`ljmo/vjmo/tjmo`), which allsorts cannot subset, so a
//! face with a GSUB whose text uses its conjoining jamo goes through HarfBuzz's own subsetter
//! (hb-subset, bundled by `mkwebfont_hb-subset`): it keeps GSUB/GPOS/GDEF closed over the kept
//! glyphs, so the jamo still compose (the jamo faces shrink from 0.26–0.56 MB to a few KB).

use super::FontError;
use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::OpenTypeFont;
use std::collections::BTreeSet;

/// See `crate::font::subset_for_web`.
pub(crate) fn subset_for_web(data: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, FontError> {
    let face = ttf_parser::Face::parse(data, 0)
        .map_err(|e| FontError(format!("cannot parse font for subsetting: {e}")))?;
    let has_jamo = chars
        .iter()
        .any(|&c| is_conjoining_jamo(c) && face.glyph_index(c).is_some());
    if has_jamo && face.tables().gsub.is_some() {
        // hb-subset's default layout features include Hangul's ljmo/vjmo/tjmo.
        return hb_subset::subset(data, chars.iter().copied())
            .map_err(|e| FontError(format!("cannot subset font with HarfBuzz: {e}")));
    }
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
        .table_provider(0)
        .map_err(|e| FontError(format!("cannot read font tables: {e}")))?;
    subset(
        &provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| FontError(format!("cannot subset font: {e}")))
}

/// Conjoining jamo and tone marks: the characters that need GSUB to display as syllables.
fn is_conjoining_jamo(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{A960}'..='\u{A97F}' | '\u{D7B0}'..='\u{D7FF}' | '\u{302E}' | '\u{302F}')
}
