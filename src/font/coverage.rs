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

impl Coverage {
    /// Reads the Unicode `cmap` subtables of face `index` in `data`. An unparsable face covers nothing.
    pub(crate) fn from_font(data: &[u8], index: u32) -> Coverage {
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
        for sub in cmap.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
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
