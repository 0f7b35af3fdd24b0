//! Fast "does this face map this character" checks: a bitset of the face's `cmap`, built once
//! per face on first use.

/// The set of characters a face maps to a real glyph (not `.notdef`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Coverage {
    /// One bit per Basic Multilingual Plane code point.
    bmp: Vec<u64>,
    /// Supplementary-plane code points, sorted.
    astral: Vec<u32>,
}

/// Whether glyph `g` really draws character `cp`. Some fonts map characters to empty glyphs
/// (NanumSquare maps 8,693 of its 11,172 syllables and all its Hanja to outline-less glyphs), which would print blanks:
/// such a mapping is not coverage, so fallback moves on to a face that has the outline. Spaces
/// and other invisible characters legitimately have no outline.
fn draws_something(outlines: &Outlines<'_>, g: ttf_parser::GlyphId, cp: u32) -> bool {
    let invisible = char::from_u32(cp).is_none_or(is_invisible);
    invisible || outlines.has_outline(g)
}

/// Characters whose glyphs are empty by design: spaces, controls, joiners and selectors,
/// Hangul fillers.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

/// Which glyphs of a face have an outline. TrueType: a glyph without one has an empty range
/// in `loca` — read from the offsets alone, because ttf-parser's `glyph_bounding_box` outlines
/// the whole glyph (that cost 35 % of a small book's run when every mapped glyph was checked).
/// CFF faces: the charstring would have to run, and the CFF faces we ship have no empty
/// mappings, so every glyph counts.
pub(crate) struct Outlines<'a> {
    loca: Option<ttf_parser::loca::Table<'a>>,
}

impl<'a> Outlines<'a> {
    pub(crate) fn of(face: &ttf_parser::Face<'a>) -> Self {
        let loca = face.tables().glyf.and_then(|_| {
            let raw = face
                .raw_face()
                .table(ttf_parser::Tag::from_bytes(b"loca"))?;
            let glyphs = std::num::NonZeroU16::new(face.number_of_glyphs())?;
            let format = face.tables().head.index_to_location_format;
            ttf_parser::loca::Table::parse(glyphs, format, raw)
        });
        Outlines { loca }
    }

    /// Whether `g` has outline data (a non-empty `loca` range: `glyph_range` is `None` for an
    /// empty one).
    pub(crate) fn has_outline(&self, g: ttf_parser::GlyphId) -> bool {
        self.loca.is_none_or(|loca| loca.glyph_range(g).is_some())
    }
}

impl Coverage {
    /// Reads the Unicode `cmap` subtables of face `index` in `data`. An unparsable face covers nothing.
    pub(crate) fn from_font(data: &[u8], index: u32) -> Coverage {
        Coverage::from_font_where(data, index, |_| true)
    }

    /// The characters of face `index` in `data` (as `from_font`) for which `keep` holds: a face
    /// that sets only part of what it draws (the Latin text serif) covers only that part.
    pub(crate) fn from_font_where(data: &[u8], index: u32, keep: fn(char) -> bool) -> Coverage {
        let mut cov = Coverage {
            bmp: vec![0; 0x10000 / 64],
            astral: Vec::new(),
        };
        let Ok(face) = ttf_parser::Face::parse(data, index) else {
            return cov;
        };
        let Some(cmap) = face.tables().cmap else {
            return cov;
        };
        let outlines = Outlines::of(&face);
        for sub in cmap.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                if sub
                    .glyph_index(cp)
                    .is_some_and(|g| g.0 != 0 && draws_something(&outlines, g, cp))
                    && char::from_u32(cp).is_some_and(keep)
                {
                    cov.insert(cp);
                }
            });
        }
        cov.astral.sort_unstable();
        cov.astral.dedup();
        cov
    }

    fn insert(&mut self, cp: u32) {
        if cp < 0x10000 {
            self.bmp[(cp / 64) as usize] |= 1 << (cp % 64);
        } else {
            self.astral.push(cp);
        }
    }

    /// Whether `c` has a glyph.
    pub(crate) fn contains(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < 0x10000 {
            self.bmp
                .get((cp / 64) as usize)
                .is_some_and(|w| w & (1 << (cp % 64)) != 0)
        } else {
            self.astral.binary_search(&cp).is_ok()
        }
    }

    /// Number of characters covered (for tests and reports).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.bmp
            .iter()
            .map(|w| w.count_ones() as usize)
            .sum::<usize>()
            + self.astral.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Coverage;

    /// Every embedded face that claims a Hangul syllable draws it (the check that would have
    /// caught NanumSquare's empty glyphs), and each primary covers all 11,172 syllables.
    #[test]
    fn embedded_faces_draw_what_they_map() {
        for face in crate::font::embedded_fonts() {
            let cov = Coverage::from_font(face.data(), 0);
            let syllables = ('가'..='힣').filter(|&c| cov.contains(c)).count();
            if matches!(
                face.file_name,
                "serif-regular.ttf"
                    | "serif-bold.ttf"
                    | "sans-regular.otf"
                    | "sans-bold.otf"
                    | "mono-regular.ttf"
                    | "mono-bold.ttf"
            ) {
                assert_eq!(syllables, 11_172, "{} ({})", face.css_name, face.file_name);
            }
            assert!(
                cov.contains(' ') || !cov.contains('A'),
                "{}",
                face.file_name
            );
        }
    }
}
