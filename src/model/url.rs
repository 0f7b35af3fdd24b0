//! The crate's one URL policy: which external links a book may hold, and in what form.
//!
//! Allowed schemes: `http`, `https` and `mailto`. Everything else (`javascript:`, `data:`,
//! `file:`, `ftp:`, `tel:` …) stays text. `tel:` is refused on purpose: EPUB reading systems and
//! PDF viewers handle it inconsistently (some dial, some show an error, EPUBCheck's reading-system
//! tests do not cover it), and a phone number shown as text is still readable and copyable.
//!
//! Form (RFC 3986): the scheme lower-cased (§3.1), a non-empty host (`http`, `https`) or address
//! (`mailto`), no whitespace or control characters (a URL copy-pasted with a space is a mistake,
//! not a link), and every byte outside the URL character set percent-encoded (§2.1), including
//! non-ASCII (`/wiki/한글`) and a stray `%`. EPUBCheck RSC-020 refuses the raw forms; PDF URI
//! actions are 7-bit ASCII (PDF 32000 §12.6.4.7). So writers write [`ExternalUrl::as_str`] as it is.

use std::fmt::Write;

/// An external link target of an allowed scheme, well-formed and percent-encoded: only
/// [`ExternalUrl::parse`] makes one, so a model that holds one needs no further check.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct ExternalUrl(String);

/// Why a text is not an [`ExternalUrl`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlRefusal {
    /// No scheme, or one outside the allowed `http`, `https`, `mailto`.
    Scheme,
    /// An allowed scheme, but no host or address, or whitespace or control characters inside.
    Malformed,
}

/// The schemes a book may link to.
const ALLOWED: [&str; 3] = ["http", "https", "mailto"];

impl ExternalUrl {
    /// Checks `text` against the policy and returns it in its written form (scheme lower-cased,
    /// percent-encoded). Surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<ExternalUrl, UrlRefusal> {
        let text = text.trim();
        let scheme = scheme_of(text).ok_or(UrlRefusal::Scheme)?;
        if !is_allowed_scheme(&scheme) {
            return Err(UrlRefusal::Scheme);
        }
        let rest = &text[scheme.len() + 1..];
        if !has_target(&scheme, rest) || text.chars().any(is_forbidden) {
            return Err(UrlRefusal::Malformed);
        }
        Ok(ExternalUrl(format!("{scheme}:{}", encode(rest))))
    }

    /// The URL as it is written into an `href` or a PDF URI action.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lower-case scheme: `http`, `https` or `mailto`.
    pub fn scheme(&self) -> &str {
        self.0.split(':').next().unwrap_or("")
    }
}

/// The lower-cased scheme of `text` when it starts with one (RFC 3986 §3.1: a letter, then
/// letters, digits, `+`, `-`, `.`, then `:`). One letter is not a scheme: `C:\notes` is a path.
pub fn scheme_of(text: &str) -> Option<String> {
    let colon = text.find(':')?;
    let scheme = &text[..colon];
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    let ok = colon > 1
        && first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    ok.then(|| scheme.to_ascii_lowercase())
}

/// Whether links with this (lower-case) scheme may be kept.
pub fn is_allowed_scheme(scheme: &str) -> bool {
    ALLOWED.contains(&scheme)
}

/// Whether a URL that names this scheme must be dropped wherever it appears (an `href`, an
/// image `src`): it has a scheme, and not an allowed one. Browsers ignore tabs and newlines
/// inside a scheme (WHATWG URL), so `java\tscript:` is read as `javascript:` here too.
pub fn is_refused_scheme(text: &str) -> bool {
    let squeezed: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(32)
        .collect();
    scheme_of(&squeezed).is_some_and(|s| !is_allowed_scheme(&s))
}

/// A host after `//` for `http(s)`, a non-empty address for `mailto`.
fn has_target(scheme: &str, rest: &str) -> bool {
    if scheme == "mailto" {
        return !rest.trim().is_empty();
    }
    let Some(host) = rest.strip_prefix("//") else {
        return false;
    };
    let end = host.find(['/', '?', '#']).unwrap_or(host.len());
    !host[..end].is_empty()
}

fn is_forbidden(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\')
}

/// Percent-encodes every byte outside the URL character set; keeps valid `%XX` escapes and the
/// first `#` (a second one is not allowed in a URL).
fn encode(rest: &str) -> String {
    let bytes = rest.as_bytes();
    let mut out = String::with_capacity(rest.len() + 8);
    let mut seen_hash = false;
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'%' => {
                bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            b'#' if !seen_hash => {
                seen_hash = true;
                true
            }
            b'#' => false,
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => true,
            b'-' | b'.' | b'_' | b'~' | b':' | b'@' | b'/' | b'?' | b'[' | b']' => true,
            b => b.is_ascii_alphanumeric(),
        };
        if keep {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        match ExternalUrl::parse(text) {
            Ok(u) => u.as_str().to_string(),
            Err(e) => panic!("{text:?} refused: {e:?}"),
        }
    }

    #[test]
    fn allowed_schemes_are_kept_and_encoded() {
        assert_eq!(ok("https://example.com/a?b#c"), "https://example.com/a?b#c");
        assert_eq!(ok("HTTP://x.org"), "http://x.org");
        assert_eq!(ok("mailto:a@b.kr"), "mailto:a@b.kr");
        assert_eq!(
            ok("https://ko.wikipedia.org/wiki/한글"),
            "https://ko.wikipedia.org/wiki/%ED%95%9C%EA%B8%80"
        );
        assert_eq!(ok("https://x.org/100%"), "https://x.org/100%25");
        assert_eq!(ok("https://x.org/%41"), "https://x.org/%41");
        assert_eq!(ok("https://x.org/#a#b"), "https://x.org/#a%23b");
        assert_eq!(ok("  https://x.org  "), "https://x.org");
    }

    #[test]
    fn other_schemes_are_refused() {
        for text in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "ftp://x.org",
            "tel:+82-2-123-4567",
            "vbscript:x",
            "no-scheme",
            "/relative/path",
            "C:\\notes",
            "",
        ] {
            assert_eq!(
                ExternalUrl::parse(text),
                Err(UrlRefusal::Scheme),
                "{text:?}"
            );
        }
    }

    #[test]
    fn malformed_urls_are_refused() {
        for text in [
            "https://",
            "https:x.org",
            "mailto:",
            "https:// x",
            "https://\u{2003}x",
            "https://a.kr/\u{a0}b",
            "https://a.kr/<b>",
            "https://a.kr/\u{0}",
        ] {
            assert_eq!(
                ExternalUrl::parse(text),
                Err(UrlRefusal::Malformed),
                "{text:?}"
            );
        }
    }

    #[test]
    fn refused_schemes_see_through_hidden_whitespace() {
        assert!(is_refused_scheme(" JavaScript:alert(1)"));
        assert!(is_refused_scheme("java\tscript:x"));
        assert!(is_refused_scheme("data:image/png;base64,AAAA"));
        assert!(!is_refused_scheme("https://a.b/"));
        assert!(!is_refused_scheme("img/a.png"));
        assert!(!is_refused_scheme("Note#Heading: part"));
    }

    #[test]
    fn the_scheme_is_reported() {
        let url = ExternalUrl::parse("MailTo:a@b.kr").ok();
        assert_eq!(url.as_ref().map(ExternalUrl::scheme), Some("mailto"));
    }
}
