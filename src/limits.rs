//! Limits that keep one hostile note or asset from taking the whole run down: every one is a
//! documented default (README, "Limits"), raised or lowered with the `limits:` section of
//! `hanji.yaml`. Past a limit the note or asset degrades with a diagnostic; the books are still
//! written.

/// Resource limits for one run. Plain data: `config` fills it in, the stages read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest note file read, in bytes; a larger note is skipped with an error diagnostic.
    pub note_bytes: u64,
    /// Largest image file read, in bytes; a larger image becomes a placeholder.
    pub image_bytes: u64,
    /// Most pixels (width × height, as the image header declares) an image may have.
    pub image_pixels: u64,
    /// Longest chain of nested embeds (`![[A]]` embeds `![[B]]` …) kept; deeper ones are links.
    pub embed_depth: usize,
    /// Embedded text may add at most this many times the book's own text; past that budget
    /// embeds become links (four levels of twenty embeds each would otherwise copy a note
    /// 160,000 times).
    pub embed_factor: u64,
}

impl Limits {
    /// 50 MB of image file: larger than any photo a notes vault holds, small enough to decode.
    pub const DEFAULT_IMAGE_BYTES: u64 = 50_000_000;
    /// 50 megapixels (an 8,660 × 5,773 image): decoding takes about 200 MB.
    pub const DEFAULT_IMAGE_PIXELS: u64 = 50_000_000;
    /// 16 MiB of Markdown, about 5,000 pages of prose.
    pub const DEFAULT_NOTE_BYTES: u64 = 16 << 20;
    /// Obsidian itself stops nested embeds early; 16 levels is far past what notes use.
    pub const DEFAULT_EMBED_DEPTH: usize = 16;
    /// Embeds may grow the book to ten times its own text.
    pub const DEFAULT_EMBED_FACTOR: u64 = 10;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            note_bytes: Self::DEFAULT_NOTE_BYTES,
            image_bytes: Self::DEFAULT_IMAGE_BYTES,
            image_pixels: Self::DEFAULT_IMAGE_PIXELS,
            embed_depth: Self::DEFAULT_EMBED_DEPTH,
            embed_factor: Self::DEFAULT_EMBED_FACTOR,
        }
    }
}
