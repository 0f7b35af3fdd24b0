//! The book's language when neither `hanji.yaml` nor `--lang` names one: the front-matter
//! `lang` most notes carry, else the script most of the prose is written in. An English vault
//! becomes an English book (`/Lang en`, English labels) without configuration.

use crate::load::Note;
use crate::model::LangTag;
use std::collections::BTreeMap;

/// How much of each note's body is read for the script count (enough to decide, bounded).
const SAMPLE_BYTES: usize = 16 * 1024;
/// A Hangul syllable or CJK character carries about as much text as three Latin letters.
const SYLLABLE_WEIGHT: usize = 3;

/// The language most notes declare, when at least half of them declare one; else the
/// language of the dominant script; `None` when the notes hold no letters at all.
pub(super) fn detect_language(notes: &[Note]) -> Option<LangTag> {
    declared_majority(notes).or_else(|| dominant_script(notes))
}

fn declared_majority(notes: &[Note]) -> Option<LangTag> {
    let mut counts: BTreeMap<&str, (usize, &LangTag)> = BTreeMap::new();
    for lang in notes.iter().filter_map(|n| n.front.lang.as_ref()) {
        counts.entry(lang.as_str()).or_insert((0, lang)).0 += 1;
    }
    let declared: usize = counts.values().map(|c| c.0).sum();
    if declared == 0 || declared * 2 < notes.len() {
        return None;
    }
    // Most notes first; among equals the first tag in code-point order (deterministic).
    let (_, (_, tag)) = counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))?;
    Some((*tag).clone())
}

/// Letters counted per script over the prose of every note (fenced code skipped).
fn dominant_script(notes: &[Note]) -> Option<LangTag> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for note in notes {
        let mut in_fence = false;
        let sample = note
            .body
            .get(..floor_char(&note.body, SAMPLE_BYTES))
            .unwrap_or("");
        for line in sample.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                continue;
            }
            for c in line.chars() {
                if let Some((lang, weight)) = script_of(c) {
                    *counts.entry(lang).or_insert(0) += weight;
                }
            }
        }
    }
    let (lang, _) = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    LangTag::parse(lang)
}

/// The language a letter's script suggests, with its weight.
fn script_of(c: char) -> Option<(&'static str, usize)> {
    let tag = match c {
        '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => "ko",
        '\u{3040}'..='\u{30FF}' => "ja",
        '\u{4E00}'..='\u{9FFF}' => "zh",
        '\u{0400}'..='\u{04FF}' => "ru",
        '\u{0600}'..='\u{06FF}' => "ar",
        '\u{0590}'..='\u{05FF}' => "he",
        '\u{0E00}'..='\u{0E7F}' => "th",
        c if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => "en",
        _ => return None,
    };
    let weight = if matches!(tag, "ko" | "ja" | "zh") {
        SYLLABLE_WEIGHT
    } else {
        1
    };
    Some((tag, weight))
}

/// The largest char boundary of `s` at or below `max`.
fn floor_char(s: &str, max: usize) -> usize {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::note_from_bytes;
    use std::sync::Arc;

    fn note(name: &str, text: &str) -> Note {
        note_from_bytes(Arc::from(name), text.as_bytes())
            .map(|w| w.value)
            .expect("note")
    }

    #[test]
    fn english_prose_with_some_korean_is_english() {
        let notes = [
            note(
                "a.md",
                "# Setup\n\nOpen the settings and choose **Sync**. 설정.\n",
            ),
            note(
                "b.md",
                "```rust\nfn 한글() {}\n```\nPlain English text here.\n",
            ),
        ];
        assert_eq!(
            detect_language(&notes).map(|t| t.as_str().to_string()),
            Some("en".into())
        );
    }

    #[test]
    fn korean_prose_with_english_terms_is_korean() {
        let notes = [note(
            "a.md",
            "# 메모\n\n오늘은 harfrust로 shaping을 했고 EPUB 파일을 만들었다.\n",
        )];
        assert_eq!(
            detect_language(&notes).map(|t| t.as_str().to_string()),
            Some("ko".into())
        );
    }

    #[test]
    fn declared_languages_win_when_most_notes_declare_one() {
        let notes = [
            note("a.md", "---\nlang: en\n---\n한국어 본문입니다.\n"),
            note("b.md", "---\nlang: en\n---\n또 한국어.\n"),
            note("c.md", "English without a declaration.\n"),
        ];
        assert_eq!(
            detect_language(&notes).map(|t| t.as_str().to_string()),
            Some("en".into())
        );
        assert_eq!(detect_language(&[]), None);
    }
}
