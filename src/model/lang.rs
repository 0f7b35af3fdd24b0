//! The one BCP 47 language-tag check of the crate: front matter, `hanji.yaml`, `--lang` and HTML
//! `lang=` attributes all go through [`LangTag::parse`] or [`read_lang`]; the model holds a
//! [`LangTag`], so the writers never check a tag again.
//!
//! Rule implemented (RFC 5646 §2.1, well-formedness only, no registry lookup): a primary subtag
//! of 2–3 or 5–8 letters, then subtags of 1–8 letters or digits separated by `-`. Case is not
//! significant (§2.1.1) and is normalised to the conventions: language lower case, a four-letter
//! script title case (`Hant`), a two-letter region upper case (`KR`). The `oxilangtag` and
//! `language-tags` crates validate the full ABNF; this is the subset the brief and EPUBCheck need,
//! and both writers must agree with the readers, so one small function is kept here.

use std::fmt;

/// A well-formed, normalised BCP 47 language tag (`ko`, `en-US`, `zh-Hant-TW`): valid by
/// construction, so the writers can write it as it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct LangTag(String);

impl LangTag {
    /// The tag when `text` is a well-formed tag (re-cased), `None` otherwise (`x`, `1`, `한국어`).
    pub fn parse(text: &str) -> Option<LangTag> {
        normalise(text).map(LangTag)
    }

    /// Korean (`ko`), the default language of a hanji book.
    pub fn korean() -> LangTag {
        LangTag("ko".to_string())
    }

    /// The tag as text, e.g. for an `xml:lang` attribute.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the primary language is Korean (`ko`, `ko-KR`): Korean labels and line breaking.
    pub fn is_korean(&self) -> bool {
        self.0 == "ko" || self.0.starts_with("ko-")
    }
}

impl Default for LangTag {
    /// Korean: hanji's books are Korean unless configured otherwise.
    fn default() -> Self {
        LangTag::korean()
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The normalised tag text, or `None` when `text` is not well-formed.
fn normalise(text: &str) -> Option<String> {
    let mut parts = text.split('-');
    let primary = parts.next()?;
    if !(matches!(primary.len(), 2 | 3 | 5..=8) && primary.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return None;
    }
    let mut out = primary.to_ascii_lowercase();
    let mut after_singleton = false;
    for part in parts {
        if !(1..=8).contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        // RFC 5646 §2.1.1: casing conventions apply before any extension / private-use singleton.
        if after_singleton {
            out.push_str(&part.to_ascii_lowercase());
            continue;
        }
        match part.len() {
            1 => {
                after_singleton = true;
                out.push_str(&part.to_ascii_lowercase());
            }
            2 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                out.push_str(&part.to_ascii_uppercase())
            }
            4 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let lower = part.to_ascii_lowercase();
                let (first, rest) = lower.split_at(1);
                out.push_str(&first.to_ascii_uppercase());
                out.push_str(rest);
            }
            _ => out.push_str(&part.to_ascii_lowercase()),
        }
    }
    Some(out)
}

/// How a written language value was understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LangReading {
    /// A well-formed tag, possibly re-cased (`KO-kr` → `ko-KR`, no warning: case is not
    /// significant in BCP 47).
    Tag(LangTag),
    /// Not a tag but an obvious name or spelling of one (`한국어`, `Korean`, `ko_KR`): use the tag,
    /// and tell the user what to write.
    Normalised(LangTag),
    /// Neither: ignore it with a warning.
    Invalid,
}

/// Reads a language as people write it in front matter and configuration.
pub fn read_lang(text: &str) -> LangReading {
    let text = text.trim();
    // Names first: `Korean` and `English` are also well-formed (5–8 letter) primary subtags.
    let name = match text.to_lowercase().as_str() {
        "한국어" | "한글" | "korean" | "조선어" => Some("ko"),
        "영어" | "english" => Some("en"),
        "일본어" | "japanese" | "日本語" => Some("ja"),
        "중국어" | "chinese" | "中文" => Some("zh"),
        _ => None,
    };
    if let Some(tag) = name {
        return LangReading::Normalised(LangTag(tag.to_string()));
    }
    if let Some(tag) = LangTag::parse(text) {
        return LangReading::Tag(tag);
    }
    // POSIX locale spelling: `ko_KR`, `ko_KR.UTF-8`.
    let posix = text.split('.').next().unwrap_or(text).replace('_', "-");
    match LangTag::parse(&posix) {
        Some(tag) if posix != text => LangReading::Normalised(tag),
        _ => LangReading::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_tags_are_accepted_and_recased() {
        for (text, want) in [
            ("ko", "ko"),
            ("KO-kr", "ko-KR"),
            ("en-US", "en-US"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("sgn-BE-FR", "sgn-BE-FR"),
            ("de-CH-1901", "de-CH-1901"),
            ("en-a-BBB-x-A-CCC", "en-a-bbb-x-a-ccc"),
            ("hangul", "hangul"),
        ] {
            let tag = LangTag::parse(text);
            assert_eq!(tag.as_ref().map(LangTag::as_str), Some(want), "{text}");
        }
    }

    #[test]
    fn malformed_tags_are_rejected() {
        for text in [
            "",
            "x",
            "1",
            "k",
            "abcd",
            "ko-",
            "-ko",
            "ko--KR",
            "ko_KR",
            "ko KR",
            "한국어",
            "abcdefghi",
            "ko-abcdefghi",
            "k1",
            "ko-KR!",
            "ko\u{a0}",
        ] {
            assert_eq!(LangTag::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn names_and_posix_locales_are_normalised() {
        for (text, want) in [
            ("한국어", "ko"),
            ("Korean", "ko"),
            ("korean", "ko"),
            ("English", "en"),
            ("영어", "en"),
            ("ko_KR", "ko-KR"),
            ("ko_kr.UTF-8", "ko-KR"),
        ] {
            assert_eq!(
                read_lang(text),
                LangReading::Normalised(LangTag(want.into())),
                "{text}"
            );
        }
        assert_eq!(read_lang(" ko "), LangReading::Tag(LangTag::korean()));
        assert_eq!(read_lang("Klingonish!"), LangReading::Invalid);
        assert_eq!(read_lang("x"), LangReading::Invalid);
        assert_eq!(read_lang("_"), LangReading::Invalid);
    }
}

#[cfg(test)]
mod tag_tests {
    use super::*;

    #[test]
    fn korean_is_the_primary_subtag_only() {
        for (text, ko) in [("ko", true), ("KO-kr", true), ("kok", false), ("en", false)] {
            let tag = LangTag::parse(text).expect(text);
            assert_eq!(tag.is_korean(), ko, "{text}");
        }
        assert_eq!(LangTag::default().as_str(), "ko");
    }
}
