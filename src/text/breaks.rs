//! Break opportunities: UAX #14 (icu_segmenter) tailored by the W3C Korean layout requirements
//! (klreq), plus the emergency and hyphenation points the breaker may use when it must.

use super::KoreanBreak;
use icu_segmenter::options::{LineBreakOptions, LineBreakWordOption};
use icu_segmenter::{GraphemeClusterSegmenter, LineSegmenter};

/// What kind of break a position allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum BreakKind {
    /// A forced break (after `\n`).
    Mandatory,
    /// An ordinary opportunity: after spaces, after a hyphen or slash, between Hangul
    /// syllables in `KoreanBreak::Syllable` mode, between ideographs.
    Normal,
    /// Before an opening bracket inside a Korean word ("한지|(韓紙)는"): allowed by CSS
    /// keep-all (only breaks between letters are suppressed), but costlier than a space.
    Bracket,
    /// Inside a Latin word at a hyphenation point (adds a hyphen).
    Hyphen,
    /// Between grapheme clusters inside a word; used only when that word alone is wider than
    /// the line (klreq: keep-all, but break an overlong word rather than overflow).
    Emergency,
}

/// A position (byte offset, at a char boundary) where a line may end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Break {
    /// Byte offset in the paragraph text; the next line starts here.
    pub pos: usize,
    /// Kind of opportunity.
    pub kind: BreakKind,
}

/// klreq §3.1.7 (and JIS X 4051 practice): characters that must not start a line — closing
/// brackets and quotes, full stops, commas, `?`, `!`, middle dots, colons and semicolons.
pub(crate) fn no_line_start(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '>'
            | '\u{2019}'
            | '\u{201D}'
            | '\u{00BB}'
            | '\u{203A}'
            | '\u{3009}'
            | '\u{300B}'
            | '\u{300D}'
            | '\u{300F}'
            | '\u{3011}'
            | '\u{3015}'
            | '\u{3017}'
            | '\u{3019}'
            | '\u{301B}'
            | '\u{301E}'
            | '\u{301F}'
            | '\u{FF09}'
            | '\u{FF3D}'
            | '\u{FF5D}'
            | '\u{FF60}'
            | '\u{FF63}'
            | '\u{FF1E}'
            | '.'
            | ','
            | '?'
            | '!'
            | ':'
            | ';'
            | '\u{00B7}'
            | '\u{2027}'
            | '\u{30FB}'
            | '\u{FF65}'
            | '\u{3001}'
            | '\u{3002}'
            | '\u{FF0C}'
            | '\u{FF0E}'
            | '\u{FF1F}'
            | '\u{FF01}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '%'
            | '\u{2030}'
            | '\u{2032}'
            | '\u{2033}'
            | '\u{2103}'
            | '\u{FF05}'
    )
}

/// klreq: characters that must not end a line — opening brackets and quotes.
pub(crate) fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '\u{2018}'
            | '\u{201C}'
            | '\u{00AB}'
            | '\u{2039}'
            | '\u{3008}'
            | '\u{300A}'
            | '\u{300C}'
            | '\u{300E}'
            | '\u{3010}'
            | '\u{3014}'
            | '\u{3016}'
            | '\u{3018}'
            | '\u{301A}'
            | '\u{301D}'
            | '\u{FF08}'
            | '\u{FF3B}'
            | '\u{FF5B}'
            | '\u{FF5F}'
            | '\u{FF62}'
            | '\u{FF1C}'
    )
}

/// Characters whose runs are never split: ellipses and dashes (klreq "inseparable characters").
fn inseparable(c: char) -> bool {
    matches!(
        c,
        '\u{2026}' | '\u{2025}' | '\u{2014}' | '\u{2015}' | '\u{2013}' | '\u{2E3A}' | '\u{2E3B}'
    )
}

/// Whether a break between `before` and `after` is forbidden by klreq, whatever UAX #14 says.
pub(crate) fn klreq_forbids(before: Option<char>, after: Option<char>) -> bool {
    let (Some(b), Some(a)) = (before, after) else {
        return false;
    };
    no_line_start(a)
        || no_line_end(b)
        // Digit runs (1000, 3.14 handled by UAX #14 too) are never split.
        || (b.is_ascii_digit() && a.is_ascii_digit())
        || (matches!(b, '.' | ',') && a.is_ascii_digit())
        || (inseparable(b) && inseparable(a))
        || (b == '.' && a == '.')
        // Hangul is never hyphenated, and a jamo sequence is one syllable.
        || is_jamo_continuation(a)
}

fn is_jamo_continuation(c: char) -> bool {
    matches!(c, '\u{1160}'..='\u{11FF}' | '\u{D7B0}'..='\u{D7FF}' | '\u{302E}' | '\u{302F}')
}

/// Whether `c` is Hangul (syllables, jamo, compatibility jamo).
pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}' | '\u{D7B0}'..='\u{D7FF}')
}

/// Hangul or a CJK ideograph (Hanja).
fn is_hangul_or_han(c: char) -> bool {
    is_hangul(c)
        || matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}')
}

fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// All break positions of `text` (excluding 0, including `text.len()` as `Mandatory`), sorted.
///
/// `Normal` and `Mandatory` come from UAX #14 (keep-all for `KoreanBreak::Word`, so Hangul
/// words stay whole), filtered by klreq; `Emergency` points are every other grapheme boundary
/// klreq allows; `Hyphen` points come from `hyphens` (byte offsets from hypher).
pub(crate) fn find_breaks(text: &str, korean: KoreanBreak, hyphens: &[usize]) -> Vec<Break> {
    let mut options = LineBreakOptions::default();
    options.word_option = Some(match korean {
        KoreanBreak::Word => LineBreakWordOption::KeepAll,
        KoreanBreak::Syllable => LineBreakWordOption::Normal,
    });
    let segmenter = LineSegmenter::new_for_non_complex_scripts(options);
    let mut out: Vec<Break> = Vec::new();
    for pos in segmenter.segment_str(text) {
        if pos == 0 {
            continue;
        }
        let before = char_before(text, pos);
        // UAX #14 BK/CR/LF/NL: a break after a line terminator is forced.
        let mandatory = pos == text.len()
            || matches!(
                before,
                Some('\n' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}')
            )
            || (before == Some('\r') && char_at(text, pos) != Some('\n'));
        if mandatory {
            out.push(Break {
                pos,
                kind: BreakKind::Mandatory,
            });
            continue;
        }
        let after = char_at(text, pos);
        // After spaces klreq looks at the last visible character before them.
        let visible_before = text.get(..pos).and_then(|t| {
            t.trim_end_matches(|c: char| c.is_whitespace())
                .chars()
                .next_back()
        });
        if klreq_forbids(before, after) || visible_before.is_some_and(no_line_end) {
            continue;
        }
        // Keep-all: a Korean word (eojeol) is everything between spaces, so UAX #14's breaks
        // next to Hangul or Hanja inside it ("API를", "훈민정음(訓民正音)은") are only emergency
        // points, used when the word alone is wider than the line.
        let inside_korean_word = korean == KoreanBreak::Word
            && !before.is_some_and(char::is_whitespace)
            && (before.is_some_and(is_hangul_or_han) || after.is_some_and(is_hangul_or_han));
        let kind = if before == Some('\u{00AD}') {
            // A soft hyphen the author typed: breaking there shows a hyphen.
            BreakKind::Hyphen
        } else if !inside_korean_word {
            BreakKind::Normal
        } else if after.is_some_and(no_line_end) {
            BreakKind::Bracket
        } else {
            BreakKind::Emergency
        };
        out.push(Break { pos, kind });
    }
    let mut extra: Vec<Break> = Vec::new();
    for &pos in hyphens {
        if pos > 0 && pos < text.len() && text.is_char_boundary(pos) {
            extra.push(Break {
                pos,
                kind: BreakKind::Hyphen,
            });
        }
    }
    for pos in GraphemeClusterSegmenter::new().segment_str(text) {
        if pos == 0 || pos >= text.len() {
            continue;
        }
        let (b, a) = (char_before(text, pos), char_at(text, pos));
        if b.is_some_and(char::is_whitespace) || a.is_some_and(char::is_whitespace) {
            continue;
        }
        // UAX #14 BA/CM/ZWJ: nothing breaks before a soft hyphen, a joiner or a mark.
        let glued = a.is_some_and(|c| c == '\u{00AD}' || super::segment::is_ignorable(c));
        if klreq_forbids(b, a) || glued {
            continue;
        }
        extra.push(Break {
            pos,
            kind: BreakKind::Emergency,
        });
    }
    out.extend(extra);
    // One break per position, the most permissive kind (Mandatory < Normal < Bracket < Hyphen <
    // Emergency).
    out.sort_by_key(|b| (b.pos, b.kind));
    out.dedup_by_key(|b| b.pos);
    out
}

/// Hyphenation points (byte offsets) of the Latin words of `text` (hypher; never Hangul).
///
/// Tokens that look like URLs, paths, e-mail addresses or identifiers (`/ \\ @ : _ = ? & # .`
/// between letters, or digits) are never hyphenated: a hyphen would corrupt them when copied.
pub(crate) fn hyphenation_points(text: &str, lang: &str) -> Vec<usize> {
    let lang = hyphenation_lang(lang);
    let mut out = Vec::new();
    let mut offset = 0;
    for token in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += token.len();
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        let technical = core.contains(['/', '\\', '@', ':', '_', '=', '?', '&', '#', '.'])
            || core.chars().any(|c| c.is_ascii_digit());
        if technical {
            continue;
        }
        let mut word_start = None;
        for (i, c) in token
            .char_indices()
            .chain(std::iter::once((token.len(), ' ')))
        {
            let latin = c.is_alphabetic() && !is_hangul(c) && (c as u32) < 0x0250;
            match (latin, word_start) {
                (true, None) => word_start = Some(i),
                (false, Some(s)) => {
                    hyphenate_word(&token[s..i], start + s, lang, &mut out);
                    word_start = None;
                }
                _ => {}
            }
        }
    }
    out
}

fn hyphenate_word(word: &str, at: usize, lang: hypher::Lang, out: &mut Vec<usize>) {
    // Short words are never hyphenated; hypher's inline buffer holds 45 bytes.
    if word.chars().count() < 6 || word.len() > 45 {
        return;
    }
    let mut pos = at;
    let syllables: Vec<&str> = hypher::hyphenate(word, lang).collect();
    for syl in syllables.iter().take(syllables.len().saturating_sub(1)) {
        pos += syl.len();
        out.push(pos);
    }
}

fn hyphenation_lang(lang: &str) -> hypher::Lang {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    let bytes = primary.as_bytes();
    if bytes.len() == 2
        && let Some(l) = hypher::Lang::from_iso([bytes[0], bytes[1]])
    {
        return l;
    }
    // Latin words inside Korean (or unknown-language) text are most often English.
    hypher::Lang::English
}
