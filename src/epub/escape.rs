//! Pure string helpers for the EPUB documents: XML escaping, XML-safe ids, URL sanitising,
//! language tags (through the model's one check), epoch times, derived ids.

use std::fmt::Write as _;

/// Whether `c` may appear in an XML 1.0 document at all (XML 1.0 §2.2 `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` escaped for XML character data (`&`, `<`, `>`), dropping characters XML forbids.
pub(super) fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `text` escaped for a double-quoted XML attribute value.
pub(super) fn push_attr(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML attribute-value normalisation would turn these into spaces anyway.
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `text` escaped for XML character data.
#[cfg(test)]
fn text(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    push_text(&mut s, text);
    s
}

/// `text` escaped for a double-quoted attribute value.
pub(super) fn attr(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    push_attr(&mut s, text);
    s
}

/// Whether `c` may be part of an id we write. Conservative subset of XML `NameChar` (XML 1.0
/// §2.3) that every validator's tables agree on: ASCII letters, digits, `-`, `_`, `.`, and
/// non-ASCII letters and digits of the Basic Multilingual Plane (Hangul, Han, Latin with accents).
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.')
        || (!c.is_ascii() && c.is_alphanumeric() && (c as u32) < 0x10000)
}

/// Turns a model id into a valid XHTML id. XHTML content documents validate `id` as an XML
/// `NCName` (EPUBCheck RSC-005 otherwise): no spaces or colons, and it may not start with a
/// digit, `-` or `.`. Unsupported characters become `-`; a bad first character gets a `_` prefix.
pub(super) fn xml_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 1);
    for c in id.chars() {
        out.push(if is_id_char(c) { c } else { '-' });
    }
    // As `parse::ids`: an id begins with an ASCII letter (Calibre refuses any other start).
    match out.chars().next() {
        None => "id".to_string(),
        Some(c) if !c.is_ascii_alphabetic() => {
            out.insert_str(0, "id-");
            out
        }
        Some(_) => out,
    }
}

/// Percent-encodes a fragment identifier for use in an `href` (RFC 3986 §3.5): non-ASCII as
/// UTF-8 `%XX`, ASCII kept when allowed in a fragment.
pub(super) fn encode_fragment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$'()*+,;=:@/?".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ` (UTC), the form
/// `dcterms:modified` requires (EPUB 3.3 §5.5.6).
pub(super) fn format_epoch(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days → civil date algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    let y = y.clamp(0, 9999);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A 128-bit FNV-1a style hash of `parts` (with separators), for derived identifiers.
pub(super) fn hash128(parts: &[&str]) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0xff]) {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(byte))
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(29);
        }
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out
}

/// `urn:uuid:` of a version-8 (RFC 9562 custom) UUID made from a hash of `parts`.
pub(super) fn derived_uuid(parts: &[&str]) -> String {
    let mut h = hash128(parts);
    h[6] = (h[6] & 0x0f) | 0x80; // version 8
    h[8] = (h[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(text("a<b>&c \"q\""), "a&lt;b&gt;&amp;c \"q\"");
        assert_eq!(attr("a\"b&<\n"), "a&quot;b&amp;&lt; ");
        assert_eq!(text("bad\u{0}\u{1b}ok\u{FFFE}"), "badok");
    }

    #[test]
    fn ids_are_ncnames() {
        assert_eq!(xml_id("한글-제목"), "id-한글-제목");
        assert_eq!(xml_id("1-intro"), "id-1-intro");
        assert_eq!(xml_id("a b:c"), "a-b-c");
        assert_eq!(xml_id(""), "id");
        assert_eq!(xml_id("-x"), "id--x");
        assert_eq!(xml_id("😀"), "id--");
    }

    #[test]
    fn fragments_are_percent_encoded() {
        assert_eq!(encode_fragment("abc-1"), "abc-1");
        assert_eq!(encode_fragment("한"), "%ED%95%9C");
        assert_eq!(encode_fragment("a b"), "a%20b");
    }

    #[test]
    fn epoch_formatting() {
        assert_eq!(format_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_epoch(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(format_epoch(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn derived_uuid_is_stable_and_well_formed() {
        let a = derived_uuid(&["책", "a.md"]);
        assert_eq!(a, derived_uuid(&["책", "a.md"]));
        assert_ne!(a, derived_uuid(&["책", "b.md"]));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a[23..24], "8");
    }
}
