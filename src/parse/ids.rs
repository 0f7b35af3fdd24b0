//! Heading anchor ids: Unicode-preserving slugs, unique within a chapter.
//!
//! Rule (issue 2 item 5): letters and digits of every script are kept (Hangul and Hanja
//! included; Latin is lower-cased), whitespace becomes `-`, punctuation and symbols are dropped,
//! and duplicates get `-1`, `-2`, … suffixes. The `slug` crate is not used: it romanizes Korean.
//!
//! [`IdSet`] is the one allocator of a chapter's ids (title, headings, embedded headings,
//! footnotes): each id is an ASCII XML `NCName`, unique in its chapter by construction, so the
//! writers use the model's ids as they are.
//!
//! Ids are ASCII (issue 12 item 6): a link fragment is then the id byte for byte, with nothing to
//! percent-encode, and every reading system finds the destination (Calibre, for one, does not
//! decode `#%EB%8D%B0…` to match `id="데…"`). Hangul syllables are romanised (Revised
//! Romanization, syllable by syllable, no sound-change rules) so an id stays readable in a
//! location bar or a PDF named destination; what romanisation cannot spell (Hanja, old-Hangul
//! jamo, accented Latin, other scripts) is dropped and a short FNV-1a hash of the whole slug is
//! appended, so distinct headings keep distinct, stable ids. The slug of the text (Unicode, see
//! [`slugify`]) stays the key links are matched by; the Hangul stays in the visible text.

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

/// Whether `c` may be part of an id: the ASCII part of XML `NameChar` (XML 1.0 §2.3) — letters,
/// digits, `-`, `_`, `.` — which needs no percent-encoding in a URL fragment (RFC 3986 §3.5).
fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Revised Romanization of the 19 initial consonants of a Hangul syllable.
const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
/// Revised Romanization of the 21 vowels.
const VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
/// Revised Romanization of the 28 finals (none first), as pronounced at the end of a syllable.
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// The romanisation of a precomposed Hangul syllable (U+AC00–U+D7A3), `None` for anything else.
fn romanise_syllable(c: char) -> Option<String> {
    // Unicode §3.12: S = 0xAC00 + (L × 21 + V) × 28 + T.
    let s = (c as u32).checked_sub(0xAC00).filter(|s| *s < 11172)? as usize;
    let (l, v, t) = (s / (21 * 28), (s % (21 * 28)) / 28, s % 28);
    Some(format!("{}{}{}", INITIALS[l], VOWELS[v], FINALS[t]))
}

/// FNV-1a (32-bit): a tiny hash that is the same on every machine and in every build.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// `base` in ASCII: ASCII kept, Hangul syllables romanised, anything else dropped; when
/// something was dropped, `-` and six hex digits of the hash of `base` follow (`h` alone first
/// when nothing else is left), so the id is never empty and two such bases rarely meet.
fn ascii_base(base: &str) -> String {
    let mut out = String::with_capacity(base.len());
    let mut lossy = false;
    for c in base.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(r) = romanise_syllable(c) {
            out.push_str(&r);
        } else {
            lossy = true;
        }
    }
    if lossy {
        let kept = out.trim_matches('-');
        let head = if kept.is_empty() { "h" } else { kept };
        out = format!("{head}-{:06x}", fnv1a(base) & 0xff_ffff);
    }
    out
}

/// `base` as an XML `NCName` (EPUBCheck RSC-005 validates XHTML ids as one): unsupported
/// characters become `-`; a digit, `-` or `.` first gets a `_` prefix; empty becomes `_`.
fn ncname(base: &str) -> String {
    let mut out: String = base
        .chars()
        .map(|c| if is_id_char(c) { c } else { '-' })
        .collect();
    // Calibre (and HTML 4) accept only ids that begin with an ASCII letter: `id-` goes before
    // any other start (a digit, `_`, `-`), so `## 2024-05-01` is `id-2024-05-01`.
    match out.chars().next() {
        None => "id".to_string(),
        Some(c) if !c.is_ascii_alphabetic() => {
            out.insert_str(0, "id-");
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
        let base = ncname(&ascii_base(base));
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
    fn ids_are_ascii_ncnames() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("한글-제목"), "hangeul-jemok");
        assert_eq!(ids.unique("들어가며"), "deuleogamyeo");
        assert_eq!(ids.unique("1-intro"), "id-1-intro");
        assert_eq!(ids.unique("a b:c"), "a-b-c");
        assert_eq!(ids.unique(""), "id");
        assert_eq!(ids.unique("-x"), "id--x");
        // What romanisation cannot spell leaves a stable hash of the whole slug.
        let hanja = ids.unique("水適穿石");
        assert!(hanja.starts_with("h-") && hanja.len() == 8, "{hanja}");
        assert_eq!(hanja, IdSet::default().unique("水適穿石"), "stable");
        assert_ne!(hanja, IdSet::default().unique("水滴穿石"), "distinct texts");
        let mixed = ids.unique("한자-漢字");
        assert!(mixed.starts_with("hanja-") && mixed.len() == 12, "{mixed}");
        let old = ids.unique("ᄒᆞᆫ글");
        assert!(old.starts_with("geul-"), "{old}");
        for id in [&hanja, &mixed, &old] {
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            );
        }
        assert_eq!(
            ids.unique("😀"),
            format!("h-{:06x}", fnv1a("😀") & 0xff_ffff)
        );
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
