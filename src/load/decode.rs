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

/// Decodes a note file: strips a UTF-8 BOM, rejects invalid UTF-8 (with the exact byte offset)
/// and normalises `\r\n` and lone `\r` to `\n` (CommonMark §2.1 treats all three as line endings).
pub fn decode_note(bytes: &[u8]) -> Result<String, InvalidUtf8> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = match std::str::from_utf8(&bytes[bom..]) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.valid_up_to();
            // The prefix up to the error is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(&bytes[bom..bom + valid]).unwrap_or_default();
            let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
            let line = prefix.matches('\n').count() + 1;
            let col = prefix[line_start..].chars().count() + 1;
            return Err(InvalidUtf8 {
                offset: bom + valid,
                line: u32::try_from(line).unwrap_or(u32::MAX),
                col: u32::try_from(col).unwrap_or(u32::MAX),
            });
        }
    };
    if !text.contains('\r') {
        return Ok(text.to_string());
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
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom() {
        assert_eq!(decode_note(b"\xEF\xBB\xBF# A").as_deref(), Ok("# A"));
    }

    #[test]
    fn normalises_line_endings() {
        assert_eq!(
            decode_note("a\r\nb\rc\n한\r\n".as_bytes()).as_deref(),
            Ok("a\nb\nc\n한\n")
        );
    }

    #[test]
    fn invalid_utf8_reports_offset_line_col() {
        let mut bytes = b"\xEF\xBB\xBFab\n".to_vec();
        bytes.extend_from_slice("한x".as_bytes());
        bytes.push(0xFF);
        let e = decode_note(&bytes).unwrap_err();
        // BOM (3) + "ab\n" (3) + "한" (3) + "x" (1)
        assert_eq!(e.offset, 10);
        assert_eq!(e.line, 2);
        assert_eq!(e.col, 3);
    }

    #[test]
    fn empty_file_is_fine() {
        assert_eq!(decode_note(b"").as_deref(), Ok(""));
    }
}
