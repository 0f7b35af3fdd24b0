//! Step 2 of images: what a file really is, from its first bytes (never from its extension:
//! a `.png` that is text is "not an image", a `.png` that is a JPEG is a JPEG).

/// An image format both books can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// PNG (ISO/IEC 15948).
    Png,
    /// JPEG (JFIF / Exif).
    Jpeg,
    /// GIF 87a / 89a.
    Gif,
    /// WebP (RIFF container).
    Webp,
    /// SVG as XML text (sanitised before use).
    Svg,
}

impl Format {
    /// The media type the EPUB manifest and the PDF writer key on (EPUB 3 core media types).
    pub(crate) fn media_type(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
            Format::Svg => "image/svg+xml",
        }
    }

    /// A short name for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Svg => "SVG",
        }
    }
}

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// A format hanji embeds.
    Supported(Format),
    /// A known image format that neither book can carry (named for the message).
    Unsupported(&'static str),
    /// Not an image at all.
    Unknown,
}

/// Sniffs the format from the magic bytes (the signatures of each format's specification).
pub(crate) fn sniff(data: &[u8]) -> Sniffed {
    if let Some(format) = sniff_supported(data) {
        return Sniffed::Supported(format);
    }
    match sniff_unsupported(data) {
        Some(name) => Sniffed::Unsupported(name),
        None => Sniffed::Unknown,
    }
}

/// The supported format of `data`, if any.
fn sniff_supported(data: &[u8]) -> Option<Format> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some(Format::Gif)
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some(Format::Webp)
    } else {
        looks_like_svg(data).then_some(Format::Svg)
    }
}

/// XML text whose first kilobyte opens an `<svg` element (after an optional BOM, declaration,
/// comment or doctype).
fn looks_like_svg(data: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&data[..data.len().min(1024)]);
    let t = head.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with("<?xml")
        || t.starts_with("<svg")
        || t.starts_with("<!--")
        || t.starts_with("<!DOCTYPE"))
        && head.contains("<svg")
}

/// Known image formats that the EPUB 3 core media types and krilla do not include.
fn sniff_unsupported(data: &[u8]) -> Option<&'static str> {
    let at = |i: usize, sig: &[u8]| data.get(i..i + sig.len()) == Some(sig);
    if at(0, b"BM") && data.len() >= 26 {
        Some("BMP")
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        Some("TIFF")
    } else if at(4, b"ftypavif") || at(4, b"ftypavis") {
        Some("AVIF")
    } else if at(4, b"ftypheic") || at(4, b"ftypheix") || at(4, b"ftypmif1") {
        Some("HEIF")
    } else if at(0, &[0xFF, 0x0A]) || at(4, b"JXL ") {
        Some("JPEG XL")
    } else if at(4, b"jP  ") || at(0, &[0xFF, 0x4F, 0xFF, 0x51]) {
        Some("JPEG 2000")
    } else if at(0, &[0, 0, 1, 0]) {
        Some("ICO")
    } else if at(0, b"8BPS") {
        Some("Photoshop")
    } else if at(0, b"%PDF-") {
        Some("PDF")
    } else if at(0, &[0x1F, 0x8B]) {
        Some("gzip-compressed (SVGZ?)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_supported_formats_from_bytes() {
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\nxxxx"),
            Sniffed::Supported(Format::Png)
        );
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Sniffed::Supported(Format::Jpeg)
        );
        assert_eq!(sniff(b"GIF89a..."), Sniffed::Supported(Format::Gif));
        assert_eq!(
            sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Sniffed::Supported(Format::Webp)
        );
        assert_eq!(
            sniff(b"  <svg xmlns='http://www.w3.org/2000/svg'/>"),
            Sniffed::Supported(Format::Svg)
        );
        assert_eq!(
            sniff(b"<!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>"),
            Sniffed::Supported(Format::Svg)
        );
    }

    #[test]
    fn names_unsupported_formats_and_refuses_text() {
        let mut bmp = b"BM".to_vec();
        bmp.resize(40, 0);
        assert_eq!(sniff(&bmp), Sniffed::Unsupported("BMP"));
        assert_eq!(sniff(b"II*\0abcd"), Sniffed::Unsupported("TIFF"));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif"), Sniffed::Unsupported("AVIF"));
        assert_eq!(sniff(b"hello, I am text"), Sniffed::Unknown);
        assert_eq!(sniff(b""), Sniffed::Unknown);
        assert_eq!(sniff(b"<html><body>no svg</body></html>"), Sniffed::Unknown);
    }
}
