//! Fonts: font files → `FontBook`.
//!
//! Input: the OFL fonts embedded from `fonts/`, system fonts (fontdb) and `--font-dir` folders.
//! Output: a `FontBook` of faces with metrics and per-family fallback chains, plus subsetting of
//! embedded faces for the EPUB (which keeps `cmap`/`OS/2`, unlike PDF subsetting).
//! Does not shape text (that is `text`) and does not write PDF fonts (krilla subsets for PDF).

mod units;

pub use units::{Em, Pt};

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Index of a face in a `FontBook`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FaceId(pub u16);

/// The three roles a font plays in a book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Body text (a Korean serif / myeongjo).
    Serif,
    /// Headings, labels (a Korean sans / gothic).
    Sans,
    /// Code (a monospace with Hangul).
    Mono,
}

/// One loaded face.
#[derive(Clone, Debug)]
pub struct Face {
    /// Family name as in the font's `name` table.
    pub name: String,
    /// Font file bytes (shared; a TTC holds several faces).
    pub data: Arc<Vec<u8>>,
    /// Face index inside a collection (0 for a plain TTF/OTF).
    pub index: u32,
    /// Whether this is a bold face.
    pub bold: bool,
    /// Whether the face is one of hanji's embedded defaults (vs system / `--font-dir`).
    pub embedded: bool,
    /// Units per em.
    pub units_per_em: u16,
    /// Typographic ascender as a fraction of the em (positive).
    pub ascender: Em,
    /// Typographic descender as a fraction of the em (negative).
    pub descender: Em,
}

/// Where to find fonts besides the embedded defaults.
#[derive(Clone, Debug, Default)]
pub struct FontOptions {
    /// Extra folders to search (`--font-dir`), tried after the embedded chain, before system fonts.
    pub font_dirs: Vec<PathBuf>,
    /// Also search system fonts as a last resort.
    pub system_fallback: bool,
}

/// Error when the fonts needed cannot be loaded.
#[derive(Debug)]
pub struct FontError(pub String);

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FontError {}

/// All faces available to a build, with fallback chains per family and weight.
#[derive(Clone, Debug)]
pub struct FontBook {
    faces: Vec<Face>,
}

impl FontBook {
    /// Loads the embedded defaults plus `options`' extra sources.
    pub fn load(options: &FontOptions) -> Result<FontBook, FontError> {
        let _ = options;
        todo!("font helper")
    }

    /// The face with this id.
    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id.0 as usize]
    }

    /// Faces to try, in order, for text of `family` (bold or not): primary first, then fallbacks.
    pub fn chain(&self, family: Family, bold: bool) -> &[FaceId] {
        let _ = (family, bold);
        todo!("font helper")
    }

    /// The first face in `chain(family, bold)` that has a glyph for `c`, if any.
    pub fn face_for_char(&self, family: Family, bold: bool, c: char) -> Option<FaceId> {
        let _ = (family, bold, c);
        todo!("font helper")
    }
}

/// One embedded default face, for writers that ship font files (the EPUB).
#[derive(Clone, Copy, Debug)]
pub struct EmbeddedFont {
    /// Role of the face.
    pub family: Family,
    /// Bold or regular.
    pub bold: bool,
    /// CSS family name to use in `@font-face`.
    pub css_name: &'static str,
    /// File name for the subset inside the EPUB (e.g. `serif-regular.ttf`).
    pub file_name: &'static str,
    /// The full font file.
    pub data: &'static [u8],
}

/// The embedded default fonts (from `fonts/`), in chain order per family.
pub fn embedded_fonts() -> &'static [EmbeddedFont] {
    todo!("font helper")
}

/// Subsets a TrueType/OpenType font to `chars` for web use (EPUB), keeping `cmap` and `OS/2`
/// so reading systems accept it. Returns the new font file bytes.
pub fn subset_for_web(data: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, FontError> {
    let _ = (data, chars);
    todo!("font helper")
}
