//! Heading anchor ids: Unicode-preserving slugs, unique within a chapter.
//!
//! Rule (issue 2 item 5): letters and digits of every script are kept (Hangul and Hanja
//! included; Latin is lower-cased), whitespace becomes `-`, punctuation and symbols are dropped,
//! and duplicates get `-1`, `-2`, … suffixes. The `slug` crate is not used: it romanizes Korean.
//!
//! [`IdSet`] is the one allocator of a chapter's ids (title, headings, embedded headings,
//! footnotes): each id is a valid XML `NCName` and unique in its chapter by construction, so the
//! writers use the model's ids as they are.

use std::collections::HashSet;

/// The base slug of a heading text (no uniqueness suffix); `section` when nothing is left.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
        // Everything else (punctuation, symbols, emoji, marks) is dropped.
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Whether `c` may be part of an id. Conservative subset of XML `NameChar` (XML 1.0 §2.3) that
/// every validator's tables agree on: ASCII letters, digits, `-`, `_`, `.`, and non-ASCII letters
/// and digits of the Basic Multilingual Plane (Hangul, Han, Latin with accents).
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.')
        || (!c.is_ascii() && c.is_alphanumeric() && (c as u32) < 0x10000)
}

/// `base` as an XML `NCName` (EPUBCheck RSC-005 validates XHTML ids as one): unsupported
/// characters become `-`; a digit, `-` or `.` first gets a `_` prefix; empty becomes `_`.
fn ncname(base: &str) -> String {
    let mut out: String = base
        .chars()
        .map(|c| if is_id_char(c) { c } else { '-' })
        .collect();
    match out.chars().next() {
        None => "_".to_string(),
        Some(c) if c == '-' || c == '.' || c.is_numeric() => {
            out.insert(0, '_');
            out
        }
        Some(_) => out,
    }
}

/// The set of ids already used in one chapter; hands out unique ones.
#[derive(Debug, Default, Clone)]
pub(crate) struct IdSet {
    used: HashSet<String>,
}

impl IdSet {
    /// Returns `base` (made an NCName) if free, else the first free `base-1`, `base-2`, …, and
    /// reserves it.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let base = ncname(base);
        let base = base.as_str();
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 1u32;
        loop {
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_hangul_and_drops_punctuation() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("한국어 맞춤법 (개정)"), "한국어-맞춤법-개정");
        assert_eq!(slugify("水適穿石"), "水適穿石");
        assert_eq!(slugify("  --A  b--  "), "a-b");
        assert_eq!(slugify("?!"), "section");
        assert_eq!(slugify("Ünïcode Ärger"), "ünïcode-ärger");
        assert_eq!(slugify("C++ & Rust_2024"), "c-rust_2024");
    }

    #[test]
    fn ids_are_ncnames() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("한글-제목"), "한글-제목");
        assert_eq!(ids.unique("1-intro"), "_1-intro");
        assert_eq!(ids.unique("a b:c"), "a-b-c");
        assert_eq!(ids.unique(""), "_");
        assert_eq!(ids.unique("-x"), "_-x");
        assert_eq!(ids.unique("😀"), "_-");
        // Two bases that read alike as NCNames still get two ids.
        assert_eq!(ids.unique("a:b"), "a-b");
        assert_eq!(ids.unique("a b"), "a-b-1");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut ids = IdSet::default();
        ids.unique("intro");
        assert_eq!(ids.unique("intro"), "intro-1");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique("a"), "a");
        ids.unique("b-1");
        assert_eq!(ids.unique("b"), "b");
        assert_eq!(ids.unique("b"), "b-2");
    }
}
