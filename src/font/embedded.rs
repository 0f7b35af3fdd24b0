//! The default faces compiled into the binary from `fonts/` (see `fonts/README.md` for where each
//! file came from and why), compressed by `build.rs` (zstd) and unpacked on first use.

use super::{EmbeddedFont, FaceId, Family};
use std::sync::{Arc, OnceLock};

/// Index in `EMBEDDED` of each role, used to build the fallback chains.
pub(crate) mod idx {
    use super::FaceId;
    pub(crate) const SERIF_R: FaceId = FaceId(0);
    pub(crate) const SERIF_B: FaceId = FaceId(1);
    pub(crate) const SERIF_FB_R: FaceId = FaceId(2);
    pub(crate) const SERIF_FB_B: FaceId = FaceId(3);
    pub(crate) const SANS_R: FaceId = FaceId(4);
    pub(crate) const SANS_B: FaceId = FaceId(5);
    pub(crate) const SANS_JAMO_R: FaceId = FaceId(6);
    pub(crate) const SANS_JAMO_B: FaceId = FaceId(7);
    pub(crate) const MONO_R: FaceId = FaceId(8);
    pub(crate) const MONO_B: FaceId = FaceId(9);
    pub(crate) const SERIF_JAMO_R: FaceId = FaceId(10);
    pub(crate) const SERIF_JAMO_B: FaceId = FaceId(11);
    pub(crate) const LATIN_R: FaceId = FaceId(12);
    pub(crate) const LATIN_B: FaceId = FaceId(13);
}

/// The characters the Latin text serif sets in body text: letters and marks of the Latin and
/// Greek scripts, digits, ASCII and Latin-1 punctuation and signs, the hyphen and dashes — as a
/// Korean book's composite font gives its "Roman" part. Not spaces (a space takes its
/// neighbour's face, so a space between Korean words keeps Nanum Myeongjo's width), and not the
/// curly quotes, ellipsis and middle dot that Korean text uses (Nanum Myeongjo's, drawn for it).
pub(crate) fn latin_text(c: char) -> bool {
    matches!(c,
        '!'..='~'
        | '\u{00A1}'..='\u{00AC}'
        | '\u{00AE}'..='\u{00B6}'
        | '\u{00B8}'..='\u{024F}'
        | '\u{0250}'..='\u{02AF}'
        | '\u{0300}'..='\u{036F}'
        | '\u{0370}'..='\u{03FF}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2010}'..='\u{2015}')
}

/// The compressed bytes of `fonts/$name`, as `build.rs` wrote them.
macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".zst"))
    };
}

/// A face's file as stored in the binary: compressed, unpacked once per process on first use
/// (a book that never sets code never inflates D2Coding's 4 MB).
pub(super) struct Packed {
    packed: &'static [u8],
    unpacked: OnceLock<Arc<Vec<u8>>>,
}

impl Packed {
    const fn new(packed: &'static [u8]) -> Self {
        Packed {
            packed,
            unpacked: OnceLock::new(),
        }
    }

    /// The font file, shared (the `Face` type holds `Arc<Vec<u8>>`).
    pub(crate) fn shared(&self) -> Arc<Vec<u8>> {
        self.unpacked
            .get_or_init(|| Arc::new(unpack(self.packed)))
            .clone()
    }

    /// The font file.
    pub(crate) fn bytes(&self) -> &[u8] {
        self.unpacked.get_or_init(|| Arc::new(unpack(self.packed)))
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes packed)", self.packed.len())
    }
}

/// `build.rs`'s format: the unpacked length (u32, little-endian), then one zstd frame.
/// Empty on a corrupt frame, which the font code then reports as a face it cannot parse (the
/// tests unpack and parse every face, so a release cannot ship one).
fn unpack(packed: &[u8]) -> Vec<u8> {
    let Some((len, frame)) = packed.split_first_chunk::<4>() else {
        return Vec::new();
    };
    let len = u32::from_le_bytes(*len) as usize;
    match zstd::bulk::decompress(frame, len) {
        Ok(out) if out.len() == len => out,
        _ => Vec::new(),
    }
}

/// Every embedded face. Order matters: `idx` above, and "chain order per family" for writers
/// (primary first, then that family's fallback).
pub(crate) static EMBEDDED: [EmbeddedFont; 14] = [
    EmbeddedFont::new(
        Family::Serif,
        false,
        "Nanum Myeongjo",
        "serif-regular.ttf",
        Packed::new(font_file!("NanumMyeongjo.ttf")),
    ),
    EmbeddedFont::new(
        Family::Serif,
        true,
        "Nanum Myeongjo",
        "serif-bold.ttf",
        Packed::new(font_file!("NanumMyeongjoBold.ttf")),
    ),
    // Hanja, accented Latin and symbols that Nanum Myeongjo lacks.
    EmbeddedFont::new(
        Family::Serif,
        false,
        "Hanji Serif Fallback",
        "serif-fallback-regular.otf",
        Packed::new(font_file!("NotoSerifCJKkr-Fallback-Regular.otf")),
    ),
    EmbeddedFont::new(
        Family::Serif,
        true,
        "Hanji Serif Fallback",
        "serif-fallback-bold.otf",
        Packed::new(font_file!("NotoSerifCJKkr-Fallback-Bold.otf")),
    ),
    EmbeddedFont::new(
        Family::Sans,
        false,
        "Hanji Sans",
        "sans-regular.otf",
        Packed::new(font_file!("NotoSansCJKkr-Hangul-Regular.otf")),
    ),
    EmbeddedFont::new(
        Family::Sans,
        true,
        "Hanji Sans",
        "sans-bold.otf",
        Packed::new(font_file!("NotoSansCJKkr-Hangul-Bold.otf")),
    ),
    // Old-Hangul jamo and Latin-1 in a gothic design, for the sans and mono chains.
    EmbeddedFont::new(
        Family::Sans,
        false,
        "Hanji Sans Jamo",
        "sans-jamo-regular.otf",
        Packed::new(font_file!("NotoSansCJKkr-Jamo-Regular.otf")),
    ),
    EmbeddedFont::new(
        Family::Sans,
        true,
        "Hanji Sans Jamo",
        "sans-jamo-bold.otf",
        Packed::new(font_file!("NotoSansCJKkr-Jamo-Bold.otf")),
    ),
    EmbeddedFont::new(
        Family::Mono,
        false,
        "D2Coding",
        "mono-regular.ttf",
        Packed::new(font_file!("D2Coding-Regular.ttf")),
    ),
    EmbeddedFont::new(
        Family::Mono,
        true,
        "D2Coding",
        "mono-bold.ttf",
        Packed::new(font_file!("D2Coding-Bold.ttf")),
    ),
    // Old-Hangul jamo with the GSUB that composes them (ljmo/vjmo/tjmo); last so that the ids
    // above stay stable. The EPUB subsets it with HarfBuzz, which keeps the GSUB (font::subset).
    EmbeddedFont::new(
        Family::Serif,
        false,
        "Hanji Serif Jamo",
        "serif-jamo-regular.otf",
        Packed::new(font_file!("NotoSerifCJKkr-Jamo-Regular.otf")),
    ),
    EmbeddedFont::new(
        Family::Serif,
        true,
        "Hanji Serif Jamo",
        "serif-jamo-bold.otf",
        Packed::new(font_file!("NotoSerifCJKkr-Jamo-Bold.otf")),
    ),
    // The Latin text serif paired with Nanum Myeongjo (issue 11): first in the serif chains,
    // but it sets only `latin_text` characters. Its em is 8.6 % smaller than Source Serif 4's
    // (see fonts/README.md), so it sits with the Hangul at the same point size.
    EmbeddedFont::latin_text(
        false,
        "Hanji Latin Serif",
        "serif-latin-regular.ttf",
        Packed::new(font_file!("HanjiLatinSerif-Regular.ttf")),
    ),
    EmbeddedFont::latin_text(
        true,
        "Hanji Latin Serif",
        "serif-latin-bold.ttf",
        Packed::new(font_file!("HanjiLatinSerif-Bold.ttf")),
    ),
];

/// Noto Emoji (monochrome outlines, OFL, 0.9 MB): the PDF's last embedded resort, after every
/// family's chain, so emoji are drawn instead of boxes. Not in `EMBEDDED`: the EPUB leaves
/// emoji to the reader's own emoji font (its CSS font stack), so it never ships this face.
pub(crate) static EMOJI: EmbeddedFont = EmbeddedFont::new(
    Family::Sans,
    false,
    "Noto Emoji",
    "emoji.ttf",
    Packed::new(font_file!("NotoEmoji-Regular.ttf")),
);

/// The embedded fallback chain (ids = indices into `EMBEDDED`) for a family and weight.
pub(crate) fn chain(family: Family, bold: bool) -> &'static [FaceId] {
    use idx::*;
    // (Serif: the Latin text serif for its characters →) primary → its own-design jamo
    // fallback → the serif fallback (Hanja, symbols).
    match (family, bold) {
        (Family::Serif, false) => &[LATIN_R, SERIF_R, SERIF_JAMO_R, SERIF_FB_R],
        (Family::Serif, true) => &[LATIN_B, SERIF_B, SERIF_JAMO_B, SERIF_FB_B],
        (Family::Sans, false) => &[SANS_R, SANS_JAMO_R, SERIF_FB_R],
        (Family::Sans, true) => &[SANS_B, SANS_JAMO_B, SERIF_FB_B],
        (Family::Mono, false) => &[MONO_R, SANS_JAMO_R, SERIF_FB_R],
        (Family::Mono, true) => &[MONO_B, SANS_JAMO_B, SERIF_FB_B],
    }
}
