//! Korean emphasis (issue 2 item 8): `**"인용 강조"**는` and `*(괄호)*에서` must be emphasised.
//!
//! CommonMark's flanking rule: a closing `**` preceded by punctuation must be followed by
//! whitespace or punctuation, so `"**는` cannot close; symmetrically `은**"` cannot open.
//! pulldown-cmark 0.13 has no CJK-friendly switch (checked: no such `Options` flag), so this
//! one pre-pass applies the CommonMark CJK-friendly amendment (markdown-cjk-friendly spec): a
//! `*` run between punctuation and a CJK character counts as flanking on the CJK side.
//!
//! The same holds for `~~strikethrough~~` runs, which are handled alike.
//!
//! How: parse once, find `*` (and `~`) runs outside code, math, HTML and link destinations whose one
//! neighbour is punctuation and the other a CJK character, and insert an invisible sentinel
//! punctuation character on the CJK side. That makes the run flanking for pulldown-cmark; the
//! builder deletes the sentinel from text afterwards. Notes without such a run are parsed once.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Candidate sentinels: rare punctuation (Unicode Po) that pulldown-cmark treats as punctuation.
/// The first one absent from the note is used.
const SENTINELS: [char; 3] = ['\u{2E4F}', '\u{2E4E}', '\u{2E4D}'];

/// The sentinel to use for `body`, or `None` when all candidates occur in it.
pub(crate) fn choose_sentinel(body: &str) -> Option<char> {
    SENTINELS.into_iter().find(|&c| !body.contains(c))
}

/// Whether `c` is a CJK character (Hangul, Han, kana, CJK symbols, full-width forms).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3130..=0x318F | 0x3190..=0x31FF
        | 0x3200..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// CommonMark "Unicode punctuation" (P and S categories), approximated without tables: ASCII
/// punctuation, or any non-alphanumeric, non-whitespace, non-control character.
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    !(c.is_alphanumeric() || c.is_whitespace() || c.is_control())
}

/// Offsets in `text` where the sentinel must be inserted (sorted, unique).
pub(crate) fn find_insertions(text: &str, options: Options) -> Vec<usize> {
    if !text.contains(['*', '~']) || text.is_ascii() {
        return Vec::new();
    }
    // Pass 1: ranges where a `*` is not a delimiter candidate.
    let mut protected: Vec<Range<usize>> = Vec::new();
    let mut links: Vec<(usize, usize)> = Vec::new(); // (start, end of last child)
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Html(_)
            | Event::InlineHtml(_) => protected.push(range.clone()),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                protected.push(range.clone())
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                links.push((range.start, range.start))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((_, child_end)) = links.pop() {
                    // `](destination "title")` after the link text.
                    protected.push(child_end.max(range.start)..range.end);
                }
            }
            _ => {}
        }
        if !matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. }))
            && let Some(top) = links.last_mut()
        {
            top.1 = top.1.max(range.end);
        }
    }
    protected.sort_by_key(|r| r.start);
    let is_protected = |pos: usize| {
        let i = protected.partition_point(|r| r.start <= pos);
        protected[..i]
            .iter()
            .rev()
            .take(8)
            .any(|r| r.contains(&pos))
    };
    // Pass 2: scan `*` runs.
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let delim = bytes[i];
        if delim != b'*' && delim != b'~' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == delim {
            i += 1;
        }
        let end = i;
        if is_protected(start) || (start > 0 && bytes[start - 1] == b'\\') || in_url(text, start) {
            continue;
        }
        let prev = text[..start].chars().next_back();
        let next = text[end..].chars().next();
        let (Some(p), Some(n)) = (prev, next) else {
            continue;
        };
        // An ideographic space (U+3000) lies in the CJK block but is CommonMark Unicode
        // whitespace: a run next to it is already flanking, so it is no CJK letter here.
        let cjk_letter = |c: char| is_cjk(c) && !is_punct(c) && !c.is_whitespace();
        if is_punct(p) && cjk_letter(n) {
            out.push(end); // closing side: `"**는` → `"**◌는`
        } else if cjk_letter(p) && is_punct(n) {
            out.push(start); // opening side: `은**"` → `은◌**"`
        }
    }
    out
}

/// Whether `pos` lies inside a bare URL: after a `://` in the same whitespace-delimited word.
fn in_url(text: &str, pos: usize) -> bool {
    // `rsplit` yields the text after the last whitespace character whatever its UTF-8 length
    // (U+00A0, U+3000 are 2–3 bytes): no byte arithmetic, so no slice inside a character.
    text[..pos]
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|word| word.contains("://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH | Options::ENABLE_WIKILINKS
    }

    fn apply(text: &str) -> String {
        let mut s = text.to_string();
        for pos in find_insertions(text, opts()).into_iter().rev() {
            s.insert(pos, '|');
        }
        s
    }

    #[test]
    fn must_change() {
        assert_eq!(apply("**\"인용 강조\"**는"), "**\"인용 강조\"**|는");
        assert_eq!(apply("*(괄호)*에서"), "*(괄호)*|에서");
        // Strikethrough runs follow the same flanking rule.
        assert_eq!(apply("~~\"취소\"~~는"), "~~\"취소\"~~|는");
        assert_eq!(apply("이것은**\"인용\"**이다"), "이것은|**\"인용\"**|이다");
        // Link text changes, its destination never does.
        assert_eq!(
            apply("[*(링크)*에](https://x.y/*(a)*에)"),
            "[*(링크)*|에](https://x.y/*(a)*에)"
        );
    }

    #[test]
    fn must_not_change() {
        for s in [
            "**강조**를 한다",
            "2*3*4 ascii only",
            "`*(괄호)*에서` 코드",
            "$*(a)*에$ 수식",
            "[링크](https://x.y/*(a)*에) 링크",
            "https://ko.wikipedia.org/wiki/*(괄호)*에서 주소",
            "<span title=\"*(a)*에\">x</span> 태그",
            "\\*(괄호)\\*에서 escaped",
            "**bold** 한국어",
        ] {
            let out = apply(s);
            assert_eq!(out, s, "{s}");
        }
    }

    #[test]
    fn unicode_whitespace_before_a_run_is_no_panic() {
        // Regression: `Select\u{a0}**Open**.` sliced inside U+00A0 (2 bytes) in `in_url`.
        for space in [
            '\u{a0}', '\u{2003}', '\u{3000}', '\u{202f}', '\u{205f}', '\u{2009}',
        ] {
            let s = format!("Select{space}**Open**. 한국어{space}**\"강조\"**는");
            let out = apply(&s);
            assert_eq!(
                out,
                format!("Select{space}**Open**. 한국어{space}**\"강조\"**|는")
            );
        }
        assert!(!in_url(
            "https://x.y\u{3000}*",
            "https://x.y\u{3000}*".len() - 1
        ));
        assert!(in_url(
            "\u{3000}https://x.y/*",
            "\u{3000}https://x.y/*".len() - 1
        ));
    }

    #[test]
    fn sentinel_is_pulldown_punctuation() {
        // With the sentinel inserted, pulldown-cmark must see a closing delimiter.
        for sentinel in SENTINELS {
            let s = format!("*(괄호)*{sentinel}에서");
            let emph =
                Parser::new_ext(&s, opts()).any(|e| matches!(e, Event::Start(Tag::Emphasis)));
            assert!(emph, "{sentinel:?}");
        }
    }
}
