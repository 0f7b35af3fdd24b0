//! Bytes of a note file → text: UTF-8 validation, BOM stripping, line-ending normalisation.

/// Where a file stops being valid UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Byte offset of the first invalid byte in the file (BOM included).
    pub offset: usize,
    /// 1-based line of that byte.
    pub line: u32,
    /// 1-based column (in characters) of that byte on its line.
    pub col: u32,
}

/// How the bytes of a note were turned into text, when it was not plain UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// UTF-16 with a byte-order mark (Windows Notepad's "Unicode"): decoded, no warning needed.
    Utf16,
    /// Not UTF-8 but clean in this legacy encoding (old Korean Windows notes): decoded with a
    /// warning naming it.
    Legacy(&'static str),
    /// Neither: decoded as UTF-8 with U+FFFD for each bad sequence, from this first bad byte.
    Lossy(InvalidUtf8),
}

/// A note's text and how it was decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, BOM stripped, line endings normalised to `\n`.
    pub text: String,
    /// `None` for UTF-8; otherwise what was done.
    pub fallback: Option<Fallback>,
}

/// Decodes a note file, never losing it (issue 8: nothing lost): UTF-8 (BOM stripped), UTF-16
/// with a BOM, else CP949 / EUC-KR when the bytes are clean in it, else lossy UTF-8.
/// Line endings `\r\n` and lone `\r` become `\n` (CommonMark §2.1 treats all three as line endings).
pub fn decode_note(bytes: &[u8]) -> Decoded {
    let (text, fallback) = decode_text(bytes);
    Decoded {
        text: normalise_line_endings(text),
        fallback,
    }
}

/// The decoding step of [`decode_note`].
fn decode_text(bytes: &[u8]) -> (String, Option<Fallback>) {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = bytes.get(bom..).unwrap_or_default();
    let err = match std::str::from_utf8(body) {
        Ok(t) => return (t.to_string(), None),
        Err(e) => e,
    };
    // Encoding Standard §6 (BOM sniffing): FF FE is UTF-16LE, FE FF is UTF-16BE.
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes)
        && enc != encoding_rs::UTF_8
    {
        let (text, _, _) = enc.decode(bytes);
        return (text.into_owned(), Some(Fallback::Utf16));
    }
    // WHATWG `EUC-KR` is Windows code page 949 (UHC), a superset of KS X 1001 EUC-KR.
    if let Some(text) =
        encoding_rs::EUC_KR.decode_without_bom_handling_and_without_replacement(body)
    {
        return (text.into_owned(), Some(Fallback::Legacy("CP949 (EUC-KR)")));
    }
    let valid = err.valid_up_to();
    let prefix = body.get(..valid).unwrap_or_default();
    // The prefix up to the error is valid UTF-8 by construction.
    let prefix = std::str::from_utf8(prefix).unwrap_or_default();
    let line = prefix.matches('\n').count() + 1;
    let col = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let at = InvalidUtf8 {
        offset: bom + valid,
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    };
    (
        String::from_utf8_lossy(body).into_owned(),
        Some(Fallback::Lossy(at)),
    )
}

/// `\r\n` and lone `\r` → `\n`.
fn normalise_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        decode_note(bytes).text
    }

    #[test]
    fn strips_bom() {
        assert_eq!(
            decode_note(b"\xEF\xBB\xBF# A"),
            Decoded {
                text: "# A".into(),
                fallback: None
            }
        );
    }

    #[test]
    fn normalises_line_endings() {
        assert_eq!(text("a\r\nb\rc\n한\r\n".as_bytes()), "a\nb\nc\n한\n");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "# 제목\r\n본문".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        for bytes in [le, be] {
            let d = decode_note(&bytes);
            assert_eq!(d.text, "# 제목\n본문");
            assert_eq!(d.fallback, Some(Fallback::Utf16));
        }
    }

    #[test]
    fn cp949_is_decoded_with_its_name() {
        // `똠` is outside KS X 1001, in CP949's UHC extension: still clean.
        let (bytes, _, bad) = encoding_rs::EUC_KR.encode("# 한글 노트\n똠방각하\n");
        assert!(!bad);
        let d = decode_note(&bytes);
        assert_eq!(d.text, "# 한글 노트\n똠방각하\n");
        assert_eq!(d.fallback, Some(Fallback::Legacy("CP949 (EUC-KR)")));
    }

    #[test]
    fn invalid_bytes_are_replaced_and_located() {
        let mut bytes = b"\xEF\xBB\xBFab\n".to_vec();
        bytes.extend_from_slice("한x".as_bytes());
        bytes.push(0xFF);
        bytes.extend_from_slice(b"end");
        let d = decode_note(&bytes);
        assert_eq!(d.text, "ab\n한x\u{FFFD}end");
        // BOM (3) + "ab\n" (3) + "한" (3) + "x" (1)
        assert_eq!(
            d.fallback,
            Some(Fallback::Lossy(InvalidUtf8 {
                offset: 10,
                line: 2,
                col: 3
            }))
        );
    }

    #[test]
    fn empty_file_is_fine() {
        assert_eq!(text(b""), "");
    }
}
