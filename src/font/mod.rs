//! Fonts: font files → `FontBook`.
//!
//! Input: the OFL fonts embedded from `fonts/`, system fonts (fontdb) and `--font-dir` folders.
//! Output: a `FontBook` of faces with metrics and per-family fallback chains, plus subsetting of
//! embedded faces for the EPUB (which keeps `cmap`/`OS/2`, unlike PDF subsetting).
//! Does not shape text (that is `text`) and does not write PDF fonts (krilla subsets for PDF).

mod coverage;
mod embedded;
mod roles;
mod subset;
mod svg;
mod system;
mod units;

pub use roles::RoleFonts;
pub use svg::{cover_fontdb, svg_default_family, svg_fontdb};
pub use units::{Em, Pt};

use coverage::Coverage;
use embedded::EMBEDDED;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

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
    /// Families chosen per role (`fonts:` in hanji.yaml), heading their chains.
    pub roles: RoleFonts,
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
///
/// Faces `0..embedded_fonts().len()` are the embedded defaults, in `embedded_fonts()` order;
/// higher ids are `--font-dir` and system faces, loaded only when a character needs them.
#[derive(Clone, Debug)]
pub struct FontBook {
    /// Embedded faces; each is built (and its bytes copied into the `Arc` that `Face` holds) on
    /// first use, so a book that never touches D2Coding never copies its 4 MB.
    faces: Vec<OnceLock<Face>>,
    /// Faces chosen by role, ids right after the built-in ones.
    roles: Arc<roles::RoleFaces>,
    /// Chain per (family, weight), `chain_slot` order: a role face first, then the embedded.
    chains: Arc<[Vec<FaceId>; 6]>,
    extra: Arc<system::ExtraFonts>,
}

/// Index of a (family, weight) chain in `FontBook::chains`.
fn chain_slot(family: Family, bold: bool) -> usize {
    let f = match family {
        Family::Serif => 0,
        Family::Sans => 1,
        Family::Mono => 2,
    };
    f * 2 + usize::from(bold)
}

impl FontBook {
    /// Loads the embedded defaults plus `options`' extra sources.
    ///
    /// Cheap: the embedded bytes are shared process-wide and only table directories are read;
    /// extra folders and system fonts are scanned on the first character the embedded chain lacks.
    pub fn load(options: &FontOptions) -> Result<FontBook, FontError> {
        for dir in &options.font_dirs {
            if !dir.is_dir() {
                return Err(FontError(format!(
                    "font folder {} does not exist or is not a folder",
                    dir.display()
                )));
            }
        }
        // The embedded faces are inflated and parsed on first use, not here (start-up stays
        // cheap); the tests parse every one, and a face that did not parse would fall back to
        // default metrics in `embedded_face`, never panic.
        let roles = roles::load_roles(&options.roles, &options.font_dirs);
        let chains = [Family::Serif, Family::Sans, Family::Mono]
            .into_iter()
            .flat_map(|f| [false, true].map(|b| (f, b)))
            .map(|(family, bold)| {
                let chosen = roles
                    .faces
                    .iter()
                    .position(|r| r.family == family && r.face.bold == bold)
                    .map(|i| FaceId((BUILTIN + i) as u16));
                chosen
                    .into_iter()
                    .chain(embedded::chain(family, bold).iter().copied())
                    .collect::<Vec<FaceId>>()
            })
            .collect::<Vec<_>>()
            .try_into()
            .unwrap_or_else(|_: Vec<Vec<FaceId>>| std::array::from_fn(|_| Vec::new()));
        Ok(FontBook {
            faces: (0..BUILTIN).map(|_| OnceLock::new()).collect(),
            roles,
            chains: Arc::new(chains),
            extra: Arc::new(system::ExtraFonts::new(options)),
        })
    }

    /// Problems finding the role fonts (`fonts:` in hanji.yaml), as warnings to report.
    pub fn role_warnings(&self) -> &[String] {
        &self.roles.warnings
    }

    /// Id of the first face past the built-in and role faces (`--font-dir` and system faces).
    fn extra_base(&self) -> usize {
        self.faces.len() + self.roles.faces.len()
    }

    /// The face with this id.
    pub fn face(&self, id: FaceId) -> &Face {
        let k = id.0 as usize;
        if k < self.faces.len() {
            return self.embedded_face(k);
        }
        if let Some(role) = self.roles.faces.get(k - self.faces.len()) {
            return &role.face;
        }
        // Extra ids are only handed out after their face loaded; anything else gets the
        // primary serif rather than a panic.
        match self.extra.face((k - self.extra_base()) as u16) {
            Some(face) => face,
            None => self.embedded_face(0),
        }
    }

    fn embedded_face(&self, k: usize) -> &Face {
        self.faces[k].get_or_init(|| {
            let data = embedded_data(k);
            // The tests parse every embedded face; this default is unreachable in a release.
            face_from_data(data, 0, true).unwrap_or_else(|_| Face {
                name: EMBEDDED
                    .get(k)
                    .map_or("Noto Emoji", |f| f.css_name)
                    .to_string(),
                data: embedded_data(k),
                index: 0,
                bold: EMBEDDED.get(k).is_some_and(|f| f.bold),
                embedded: true,
                units_per_em: 1000,
                ascender: Em(0.88),
                descender: Em(-0.12),
            })
        })
    }

    /// Faces to try, in order, for text of `family` (bold or not): primary first, then fallbacks.
    ///
    /// Only the embedded chain; `face_for_char` continues with `--font-dir` and system faces.
    pub fn chain(&self, family: Family, bold: bool) -> &[FaceId] {
        &self.chains[chain_slot(family, bold)]
    }

    /// The face that sets `family`'s text by default (Nanum Myeongjo for the serif, not the
    /// Latin text serif before it in the chain): for spaces with no neighbour, inline objects
    /// and empty lines.
    pub fn primary(&self, family: Family, bold: bool) -> FaceId {
        self.chain(family, bold)
            .iter()
            .copied()
            .find(|id| {
                EMBEDDED
                    .get(usize::from(id.0))
                    .is_none_or(|f| !f.latin_only)
            })
            .unwrap_or(FaceId(0))
    }

    /// The first face in `chain(family, bold)` that has a glyph for `c`, if any.
    ///
    /// After the embedded chain come `--font-dir` faces, then system faces (when enabled).
    pub fn face_for_char(&self, family: Family, bold: bool, c: char) -> Option<FaceId> {
        for &id in self.chain(family, bold) {
            if self.has_char(id, c) {
                return Some(id);
            }
        }
        if self.has_char(EMOJI_FACE, c) {
            return Some(EMOJI_FACE);
        }
        let k = self.extra.find(c)?;
        Some(FaceId(self.extra_base() as u16 + k))
    }

    /// Whether face `id` maps `c` to a real glyph (cached `cmap` bitset lookup).
    pub fn has_char(&self, id: FaceId, c: char) -> bool {
        let k = id.0 as usize;
        if k < self.faces.len() {
            embedded_coverage(k).contains(c)
        } else if let Some(role) = self.roles.faces.get(k - self.faces.len()) {
            role.coverage.contains(c)
        } else {
            self.extra.covers((k - self.extra_base()) as u16, c)
        }
    }

    /// The bytes of an embedded face as a `'static` slice (no copy); `None` for other faces.
    pub fn static_data(&self, id: FaceId) -> Option<&'static [u8]> {
        let k = id.0 as usize;
        (k < BUILTIN).then(|| builtin_bytes(k))
    }

    /// The embedded emoji face, tried after every family's chain (see `face_for_char`).
    pub fn emoji_face(&self) -> FaceId {
        EMOJI_FACE
    }

    /// What the fonts outside the binary contribute to a book showing `chars`, for the build
    /// cache's key: for every character some family's embedded chain (and the emoji face) lacks,
    /// the `--font-dir` or system face that would set it (file, size, modification time), or
    /// `-` when none has it. Empty when the embedded faces cover everything: then no font file
    /// on the machine can change the book.
    pub fn fallback_fingerprint(&self, chars: impl IntoIterator<Item = char>) -> String {
        let families = [Family::Serif, Family::Sans, Family::Mono];
        // The role faces set text whatever the characters: their files are always in the key.
        let mut out: String = self
            .roles
            .faces
            .iter()
            .map(|r| format!("role={};", r.identity))
            .collect();
        for c in chars {
            let embedded = self.has_char(EMOJI_FACE, c)
                || families.iter().all(|&f| {
                    [false, true]
                        .iter()
                        .all(|&b| self.chain(f, b).iter().any(|&id| self.has_char(id, c)))
                });
            if !embedded {
                let face = self.extra.find(c).map(|k| self.extra.identity(k));
                out.push_str(&format!(
                    "U+{:04X}={};",
                    c as u32,
                    face.as_deref().unwrap_or("-")
                ));
            }
        }
        out
    }

    /// Number of embedded faces (ids below this are embedded).
    pub fn embedded_count(&self) -> usize {
        self.faces.len()
    }
}

/// Builds a `Face` (name, metrics) from font bytes; fails when the bytes are not a usable font.
pub(crate) fn face_from_data(
    data: Arc<Vec<u8>>,
    index: u32,
    embedded: bool,
) -> Result<Face, FontError> {
    let parsed = ttf_parser::Face::parse(&data, index)
        .map_err(|e| FontError(format!("cannot parse font: {e}")))?;
    let upem = parsed.units_per_em().max(1);
    let name = parsed
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
        .find_map(|n| n.to_string())
        .unwrap_or_default();
    let bold = parsed.is_bold() || parsed.weight().to_number() >= 600;
    let ascender = Em(parsed.ascender() as f32 / upem as f32);
    let descender = Em(parsed.descender() as f32 / upem as f32);
    Ok(Face {
        name,
        data: data.clone(),
        index,
        bold,
        embedded,
        units_per_em: upem,
        ascender,
        descender,
    })
}

/// Bytes of embedded face `k`, inflated once per process into a shared buffer (the `Face`
/// type holds `Arc<Vec<u8>>`), on first use.
fn embedded_data(k: usize) -> Arc<Vec<u8>> {
    builtin(k).data.shared()
}

/// Unpacks the faces nearly every book sets (body serif, its Latin and fallback cuts, the sans of
/// headings) and builds their coverage, one background task each, so they are ready before
/// layout and the EPUB ask: on first use they were unpacked one after another on the critical
/// path, a thread waiting for every face another thread was unpacking.
pub fn warm_up() {
    use embedded::idx;
    for k in [
        idx::SERIF_R,
        idx::SERIF_B,
        idx::LATIN_R,
        idx::SANS_B,
        idx::SERIF_FB_R,
        idx::LATIN_B,
        idx::SANS_R,
    ] {
        rayon::spawn(move || {
            embedded_coverage(k.0 as usize);
        });
    }
}

/// Coverage bitset of embedded face `k`, built on first use and shared process-wide.
fn embedded_coverage(k: usize) -> &'static Coverage {
    static COV: [OnceLock<Coverage>; BUILTIN] = [const { OnceLock::new() }; BUILTIN];
    COV[k.min(BUILTIN - 1)].get_or_init(|| {
        let keep = if builtin(k).latin_only {
            embedded::latin_text
        } else {
            |_| true
        };
        Coverage::from_font_where(builtin_bytes(k), 0, keep)
    })
}

/// Faces compiled in: the `EMBEDDED` ones, then the emoji face.
const BUILTIN: usize = EMBEDDED.len() + 1;

/// Id of the emoji face (right after the `EMBEDDED` faces; extra fonts come after it).
const EMOJI_FACE: FaceId = FaceId(EMBEDDED.len() as u16);

/// Bytes of built-in face `k` (`EMBEDDED[k]`, or the emoji face past them).
fn builtin_bytes(k: usize) -> &'static [u8] {
    builtin(k).data()
}

/// Built-in face `k`: `EMBEDDED[k]`, or the emoji face past them.
fn builtin(k: usize) -> &'static EmbeddedFont {
    EMBEDDED.get(k).unwrap_or(&embedded::EMOJI)
}

/// One embedded default face, for writers that ship font files (the EPUB).
#[derive(Debug)]
pub struct EmbeddedFont {
    /// Role of the face.
    pub family: Family,
    /// Bold or regular.
    pub bold: bool,
    /// CSS family name to use in `@font-face`.
    pub css_name: &'static str,
    /// File name for the subset inside the EPUB (e.g. `serif-regular.ttf`).
    pub file_name: &'static str,
    /// The font file, stored compressed: see [`EmbeddedFont::data`].
    data: embedded::Packed,
    /// Whether this face sets only Latin text in its chain (`embedded::latin_text`), not all
    /// it draws.
    latin_only: bool,
}

impl EmbeddedFont {
    const fn new(
        family: Family,
        bold: bool,
        css_name: &'static str,
        file_name: &'static str,
        data: embedded::Packed,
    ) -> Self {
        EmbeddedFont {
            family,
            bold,
            css_name,
            file_name,
            data,
            latin_only: false,
        }
    }

    /// A face that sets only Latin text (`embedded::latin_text`) in its serif chain.
    const fn latin_text(
        bold: bool,
        css_name: &'static str,
        file_name: &'static str,
        data: embedded::Packed,
    ) -> Self {
        EmbeddedFont {
            family: Family::Serif,
            bold,
            css_name,
            file_name,
            data,
            latin_only: true,
        }
    }

    /// The full font file, inflated on first use (once per process).
    pub fn data(&self) -> &[u8] {
        self.data.bytes()
    }
}

/// Whether embedded face `k` (an index into [`embedded_fonts`]) draws `c`: maps it to a glyph
/// with an outline, or to the empty glyph of an invisible character. Answered from the same
/// process-wide bitset as the PDF's fallback, so both books pick the same face.
pub(crate) fn embedded_face_draws(k: usize, c: char) -> bool {
    k < EMBEDDED.len() && embedded_coverage(k).contains(c)
}

/// The embedded default fonts (from `fonts/`), in chain order per family.
///
/// Ids (`FaceId(i)` = entry `i`): 0/1 Nanum Myeongjo (serif regular/bold), 2/3 "Hanji Serif
/// Fallback" (Noto Serif CJK KR cut: Hanja, accented Latin, symbols), 4/5 Noto Sans CJK KR Hangul cut (sans),
/// 6/7 "Hanji Sans Jamo" (Noto Sans CJK KR cut: old-Hangul jamo + GSUB, Latin-1), 8/9 D2Coding
/// (mono), 10/11 "Hanji Serif Jamo" (Noto Serif CJK KR cut: old-Hangul jamo + GSUB). Per family
/// the entries have no characters in common that matter, so any order of one family's faces
/// works as a CSS stack. `FontBook::chain` adds cross-family fallbacks (mono → sans jamo →
/// serif fallback; sans → sans jamo → serif fallback).
pub fn embedded_fonts() -> &'static [EmbeddedFont] {
    &EMBEDDED
}

/// Subsets a TrueType/OpenType font to `chars` for web use (EPUB), keeping `cmap` and `OS/2`
/// so reading systems accept it. Returns the new font file bytes.
pub fn subset_for_web(data: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, FontError> {
    subset::subset_for_web(data, 0, chars)
}

/// [`subset_for_web`] of face `index` of a font file (a face of a TTC collection).
pub fn subset_face_for_web(
    data: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, FontError> {
    subset::subset_for_web(data, index, chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> FontBook {
        FontBook::load(&FontOptions::default()).expect("embedded fonts load")
    }

    #[test]
    fn embedded_faces_have_metrics() {
        let b = book();
        assert_eq!(
            b.embedded_count(),
            embedded_fonts().len() + 1,
            "+ the emoji face"
        );
        for k in 0..b.embedded_count() {
            let f = b.face(FaceId(k as u16));
            assert!(f.embedded && f.units_per_em > 0, "{}", f.name);
            assert!(f.ascender.0 > 0.5 && f.descender.0 < 0.0, "{}", f.name);
        }
        assert_eq!(b.face(FaceId(0)).name, "NanumMyeongjo");
        assert!(b.face(FaceId(1)).bold);
    }

    #[test]
    fn chains_cover_hangul_hanja_jamo_latin1() {
        // fonts/README.md: every chain covers syllables, KS X 1001 Hanja, jamo and Latin-1.
        let b = book();
        for family in [Family::Serif, Family::Sans, Family::Mono] {
            for bold in [false, true] {
                for c in [
                    '가', '힣', '漢', '字', 'ᄒ', 'ᆞ', 'ᆫ', 'é', '·', '…', '「', '〮',
                ] {
                    assert!(
                        b.face_for_char(family, bold, c).is_some(),
                        "{family:?} {bold} lacks {c}"
                    );
                }
            }
        }
        // Nanum Myeongjo has no Hanja: the serif fallback (id 2) supplies it; jamo come from
        // the serif jamo face (id 10).
        assert_eq!(b.face_for_char(Family::Serif, false, 'ᆞ'), Some(FaceId(10)));
        assert_eq!(b.face_for_char(Family::Sans, true, 'ᆞ'), Some(FaceId(7)));
        assert_eq!(b.face_for_char(Family::Serif, false, '漢'), Some(FaceId(2)));
        assert_eq!(b.face_for_char(Family::Serif, false, '가'), Some(FaceId(0)));
        assert_eq!(b.face_for_char(Family::Mono, true, 'a'), Some(FaceId(9)));
    }

    #[test]
    fn coverage_counts_syllables() {
        let cov = Coverage::from_font(EMBEDDED[0].data(), 0);
        let syl = ('\u{AC00}'..='\u{D7A3}')
            .filter(|&c| cov.contains(c))
            .count();
        assert_eq!(syl, 11_172);
        assert!(cov.len() > 11_172);
    }

    #[test]
    fn missing_char_without_system_fonts_is_none() {
        let b = book();
        // A private-use character is in no embedded face; system fallback is off by default.
        assert_eq!(b.face_for_char(Family::Serif, false, '\u{10FFFD}'), None);
        // Emoji come from the embedded emoji face, after every family's own chain.
        for family in [Family::Serif, Family::Sans, Family::Mono] {
            for c in ['\u{1F600}', '\u{1F44D}', '\u{1F1F0}', '\u{1F3FD}'] {
                assert_eq!(b.face_for_char(family, true, c), Some(b.emoji_face()));
            }
        }
    }

    #[test]
    fn bad_font_dir_is_an_error() {
        let opts = FontOptions {
            font_dirs: vec![PathBuf::from("/nonexistent/hanji-fonts")],
            system_fallback: false,
            roles: RoleFonts::default(),
        };
        assert!(FontBook::load(&opts).is_err());
    }

    #[test]
    fn subset_keeps_cmap_and_os2() {
        let chars: BTreeSet<char> = "한지 책 Hanji, 漢字!".chars().collect();
        for (k, f) in embedded_fonts().iter().enumerate() {
            let out = subset_for_web(f.data(), &chars).expect("subset");
            assert!(
                out.len() < 200_000,
                "{} subset is {} bytes",
                f.file_name,
                out.len()
            );
            let face = ttf_parser::Face::parse(&out, 0).expect("subset parses");
            assert!(face.tables().os2.is_some(), "{} lost OS/2", f.file_name);
            let orig = Coverage::from_font(f.data(), 0);
            for c in chars.iter().copied().filter(|&c| orig.contains(c)) {
                assert!(
                    face.glyph_index(c).is_some(),
                    "{} lost {c} (face {k})",
                    f.file_name
                );
            }
        }
    }

    #[test]
    fn jamo_faces_keep_gsub_when_old_hangul_is_used() {
        let chars: BTreeSet<char> = "ᄒᆞᆫ글".chars().collect();
        let jamo = &embedded_fonts()[10];
        assert_eq!(jamo.css_name, "Hanji Serif Jamo");
        let out = subset_for_web(jamo.data(), &chars).expect("subset");
        // A HarfBuzz subset: far smaller than the face, with the GSUB that composes the jamo.
        assert!(out.len() < jamo.data().len() / 10, "{} bytes", out.len());
        let face = ttf_parser::Face::parse(&out, 0).expect("subset parses");
        assert!(face.tables().gsub.is_some() && face.tables().cmap.is_some());
        // Without old Hangul the same face is subset like any other.
        let plain: BTreeSet<char> = "한글".chars().collect();
        assert!(subset_for_web(jamo.data(), &plain).expect("subset").len() < 10_000);
    }

    #[test]
    fn subset_rejects_garbage() {
        let chars: BTreeSet<char> = "가".chars().collect();
        assert!(subset_for_web(b"not a font", &chars).is_err());
    }

    /// Writes subsets to `$HANJI_DUMP_SUBSETS` for checking with independent tools (fontTools,
    /// `fc-query`): `HANJI_DUMP_SUBSETS=/tmp/x cargo test --lib font::tests::dump -- --ignored`.
    #[test]
    #[ignore]
    fn dump_subsets() {
        let Some(dir) = std::env::var_os("HANJI_DUMP_SUBSETS") else {
            return;
        };
        let chars: BTreeSet<char> = "한지 책 Hanji, 漢字! café ᄒᆞᆫ".chars().collect();
        for f in embedded_fonts() {
            let out = subset_for_web(f.data(), &chars).expect("subset");
            std::fs::write(std::path::Path::new(&dir).join(f.file_name), out).expect("write");
        }
    }

    /// Timing report: `cargo test --release --lib font::tests::system_scan_timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn system_scan_timing() {
        let opts = FontOptions {
            font_dirs: Vec::new(),
            system_fallback: true,
            roles: RoleFonts::default(),
        };
        let b = FontBook::load(&opts).expect("load");
        let t = std::time::Instant::now();
        let hit = b.face_for_char(Family::Serif, false, '\u{1F600}');
        eprintln!("missing char, system scan: {:?} -> {hit:?}", t.elapsed());
        let t = std::time::Instant::now();
        let hit = b.face_for_char(Family::Serif, false, 'Ǳ');
        eprintln!(
            "second char: {:?} -> {hit:?} {:?}",
            t.elapsed(),
            hit.map(|h| b.face(h).name.clone())
        );
    }
}
