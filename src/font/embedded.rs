//! The default faces compiled into the binary from `fonts/` (see `fonts/README.md` for where each
//! file came from and why), deflated by `build.rs` and inflated on first use.

use super::{EmbeddedFont, FaceId, Family};
use std::io::Read;
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
}

/// The deflated bytes of `fonts/$name`, as `build.rs` wrote them.
macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".deflate"))
    };
}

/// A face's file as stored in the binary: deflated, inflated once per process on first use
/// (a book that never sets code never inflates D2Coding's 4 MB).
pub(super) struct Packed {
    deflated: &'static [u8],
    inflated: OnceLock<Arc<Vec<u8>>>,
}

impl Packed {
    const fn new(deflated: &'static [u8]) -> Self {
        Packed {
            deflated,
            inflated: OnceLock::new(),
        }
    }

    /// The font file, shared (the `Face` type holds `Arc<Vec<u8>>`).
    pub(crate) fn shared(&self) -> Arc<Vec<u8>> {
        self.inflated
            .get_or_init(|| Arc::new(inflate(self.deflated)))
            .clone()
    }

    /// The font file.
    pub(crate) fn bytes(&self) -> &[u8] {
        self.inflated
            .get_or_init(|| Arc::new(inflate(self.deflated)))
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes deflated)", self.deflated.len())
    }
}

/// `build.rs`'s format: the inflated length (u32, little-endian), then a raw deflate stream.
/// Empty on a corrupt stream, which the font code then reports as a face it cannot parse (the
/// tests inflate and parse every face, so a release cannot ship one).
fn inflate(packed: &[u8]) -> Vec<u8> {
    let Some((len, stream)) = packed.split_first_chunk::<4>() else {
        return Vec::new();
    };
    let len = u32::from_le_bytes(*len) as usize;
    let mut out = Vec::with_capacity(len);
    let mut decoder = flate2::read::DeflateDecoder::new(stream).take(len as u64);
    match decoder.read_to_end(&mut out) {
        Ok(n) if n == len => out,
        _ => Vec::new(),
    }
}

/// Every embedded face. Order matters: `idx` above, and "chain order per family" for writers
/// (primary first, then that family's fallback).
pub(crate) static EMBEDDED: [EmbeddedFont; 12] = [
    EmbeddedFont {
        family: Family::Serif,
        bold: false,
        css_name: "Nanum Myeongjo",
        file_name: "serif-regular.ttf",
        data: Packed::new(font_file!("NanumMyeongjo.ttf")),
    },
    EmbeddedFont {
        family: Family::Serif,
        bold: true,
        css_name: "Nanum Myeongjo",
        file_name: "serif-bold.ttf",
        data: Packed::new(font_file!("NanumMyeongjoBold.ttf")),
    },
    // Hanja, accented Latin and symbols that Nanum Myeongjo lacks.
    EmbeddedFont {
        family: Family::Serif,
        bold: false,
        css_name: "Hanji Serif Fallback",
        file_name: "serif-fallback-regular.otf",
        data: Packed::new(font_file!("NotoSerifCJKkr-Fallback-Regular.otf")),
    },
    EmbeddedFont {
        family: Family::Serif,
        bold: true,
        css_name: "Hanji Serif Fallback",
        file_name: "serif-fallback-bold.otf",
        data: Packed::new(font_file!("NotoSerifCJKkr-Fallback-Bold.otf")),
    },
    EmbeddedFont {
        family: Family::Sans,
        bold: false,
        css_name: "Hanji Sans",
        file_name: "sans-regular.otf",
        data: Packed::new(font_file!("NotoSansCJKkr-Hangul-Regular.otf")),
    },
    EmbeddedFont {
        family: Family::Sans,
        bold: true,
        css_name: "Hanji Sans",
        file_name: "sans-bold.otf",
        data: Packed::new(font_file!("NotoSansCJKkr-Hangul-Bold.otf")),
    },
    // Old-Hangul jamo and Latin-1 in a gothic design, for the sans and mono chains.
    EmbeddedFont {
        family: Family::Sans,
        bold: false,
        css_name: "Hanji Sans Jamo",
        file_name: "sans-jamo-regular.otf",
        data: Packed::new(font_file!("NotoSansCJKkr-Jamo-Regular.otf")),
    },
    EmbeddedFont {
        family: Family::Sans,
        bold: true,
        css_name: "Hanji Sans Jamo",
        file_name: "sans-jamo-bold.otf",
        data: Packed::new(font_file!("NotoSansCJKkr-Jamo-Bold.otf")),
    },
    EmbeddedFont {
        family: Family::Mono,
        bold: false,
        css_name: "D2Coding",
        file_name: "mono-regular.ttf",
        data: Packed::new(font_file!("D2Coding-Regular.ttf")),
    },
    EmbeddedFont {
        family: Family::Mono,
        bold: true,
        css_name: "D2Coding",
        file_name: "mono-bold.ttf",
        data: Packed::new(font_file!("D2Coding-Bold.ttf")),
    },
    // Old-Hangul jamo with the GSUB that composes them (ljmo/vjmo/tjmo); last so that the ids
    // above stay stable. The EPUB subsets it with HarfBuzz, which keeps the GSUB (font::subset).
    EmbeddedFont {
        family: Family::Serif,
        bold: false,
        css_name: "Hanji Serif Jamo",
        file_name: "serif-jamo-regular.otf",
        data: Packed::new(font_file!("NotoSerifCJKkr-Jamo-Regular.otf")),
    },
    EmbeddedFont {
        family: Family::Serif,
        bold: true,
        css_name: "Hanji Serif Jamo",
        file_name: "serif-jamo-bold.otf",
        data: Packed::new(font_file!("NotoSerifCJKkr-Jamo-Bold.otf")),
    },
];

/// Noto Emoji (monochrome outlines, OFL, 0.9 MB): the PDF's last embedded resort, after every
/// family's chain, so emoji are drawn instead of boxes. Not in `EMBEDDED`: the EPUB leaves
/// emoji to the reader's own emoji font (its CSS font stack), so it never ships this face.
pub(crate) static EMOJI: EmbeddedFont = EmbeddedFont {
    family: Family::Sans,
    bold: false,
    css_name: "Noto Emoji",
    file_name: "emoji.ttf",
    data: Packed::new(font_file!("NotoEmoji-Regular.ttf")),
};

/// The embedded fallback chain (ids = indices into `EMBEDDED`) for a family and weight.
pub(crate) fn chain(family: Family, bold: bool) -> &'static [FaceId] {
    use idx::*;
    // Primary → its own-design jamo fallback → the serif fallback (Hanja, symbols).
    match (family, bold) {
        (Family::Serif, false) => &[SERIF_R, SERIF_JAMO_R, SERIF_FB_R],
        (Family::Serif, true) => &[SERIF_B, SERIF_JAMO_B, SERIF_FB_B],
        (Family::Sans, false) => &[SANS_R, SANS_JAMO_R, SERIF_FB_R],
        (Family::Sans, true) => &[SANS_B, SANS_JAMO_B, SERIF_FB_B],
        (Family::Mono, false) => &[MONO_R, SANS_JAMO_R, SERIF_FB_R],
        (Family::Mono, true) => &[MONO_B, SANS_JAMO_B, SERIF_FB_B],
    }
}
