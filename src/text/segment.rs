//! Itemisation: paragraph text → runs of one style, one face and one script.
//!
//! Fallback is per grapheme cluster (so an old-Hangul jamo sequence such as ᄒᆞᆫ stays in one
//! face that can compose it): the first face of the style's chain that has every character of
//! the cluster wins; failing that, each character picks its own face; a character no face has is
//! reported as `MissingChar` and drawn as the `.notdef` box of the chain's last face (the Noto
//! fallback, whose `.notdef` has an outline) — never dropped.

use super::{MissingChar, Paragraph, TextStyle};
use crate::font::{FaceId, Family, FontBook, Pt};
use harfrust::Script;
use icu_segmenter::GraphemeClusterSegmenter;
use std::ops::Range;

/// A maximal piece of text with one style, face and script.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Run {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// Style of the run.
    pub style: TextStyle,
    /// Face that shapes the run.
    pub face: FaceId,
    /// Script for shaping (common characters take their neighbours' script).
    pub script: Script,
}

/// A cluster (or character) before merging: range, style, face (`None`: a space, decided
/// by its neighbours) and script (`None`: common).
type Piece = (Range<usize>, TextStyle, Option<FaceId>, Option<Script>);

/// The style used where a paragraph's style ranges leave a gap.
pub(crate) fn default_style() -> TextStyle {
    TextStyle {
        family: Family::Serif,
        bold: false,
        italic: false,
        size: Pt(10.0),
        baseline_shift: Pt::ZERO,
        tag: 0,
    }
}

/// Characters that take no glyph of their own and never decide a cluster's face.
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{E0000}'..='\u{E0FFF}')
        || (c.is_control() && c != '\t')
}

/// Script of a character; `None` for common and inherited characters (punctuation, digits,
/// spaces, combining marks), which join the run around them.
fn script_of(c: char) -> Option<Script> {
    let s = harfrust::unicode::script(c as u32);
    if s == Script::COMMON || s == Script::INHERITED || s == Script::UNKNOWN {
        None
    } else {
        Some(s)
    }
}

/// Splits `paragraph` into runs and lists the characters no font covers.
pub(crate) fn itemize(paragraph: &Paragraph, fonts: &FontBook) -> (Vec<Run>, Vec<MissingChar>) {
    let text = paragraph.text.as_str();
    let mut missing = Vec::new();
    // (range, style, face, script) per piece, merged into runs afterwards.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut styles = paragraph.styles.iter().peekable();
    let mut current = paragraph
        .styles
        .first()
        .map(|(_, s)| *s)
        .unwrap_or_else(default_style);
    let bounds: Vec<usize> = GraphemeClusterSegmenter::new().segment_str(text).collect();
    for w in bounds.windows(2) {
        let (s, e) = (w[0], w[1]);
        let Some(cluster) = text.get(s..e) else {
            continue;
        };
        // Style ranges are sorted; advance to the one containing `s`.
        while let Some((r, st)) = styles.peek() {
            if r.end <= s {
                styles.next();
            } else {
                if r.start <= s {
                    current = *st;
                }
                break;
            }
        }
        let style = current;
        if cluster.starts_with(super::OBJECT_CHAR) && paragraph.object_at(s).is_some() {
            // An inline object: no font draws it, so it takes the style's first face.
            let face = fonts.primary(style.family, style.bold);
            pieces.push((s..e, style, Some(face), None));
            continue;
        }
        let script = cluster.chars().find_map(script_of);
        let base: Vec<char> = cluster.chars().filter(|&c| !is_ignorable(c)).collect();
        if base.iter().all(|c| c.is_whitespace()) {
            // Spaces and controls: shaped with the neighbouring face (decided below).
            pieces.push((s..e, style, None, script));
            continue;
        }
        let chain = fonts.chain(style.family, style.bold);
        if let Some(&face) = chain
            .iter()
            .find(|&&f| base.iter().all(|&c| fonts.has_char(f, c)))
        {
            pieces.push((s..e, style, Some(face), script));
            continue;
        }
        // No single face: each character on its own (a syllable + a tone mark from two faces).
        let box_face = chain.last().copied().unwrap_or(FaceId(0));
        let mut at = s;
        for c in cluster.chars() {
            let len = c.len_utf8();
            let face = if is_ignorable(c) {
                None
            } else {
                match fonts.face_for_char(style.family, style.bold, c) {
                    Some(f) => Some(f),
                    None => {
                        // Visible box, never silent loss.
                        missing.push(MissingChar { c, offset: at });
                        Some(box_face)
                    }
                }
            };
            pieces.push((at..at + len, style, face, script_of(c).or(script)));
            at += len;
        }
    }
    (merge(text, pieces, fonts), missing)
}

/// Fills in the faces of spaces and the scripts of common characters from their neighbours,
/// then merges equal neighbours into runs.
fn merge(text: &str, mut pieces: Vec<Piece>, fonts: &FontBook) -> Vec<Run> {
    // Faces: a space takes the previous face of the same style, else the next, else the primary.
    // Never the emoji face: its space is as wide as an emoji.
    // (Zero-width joiners and variation selectors do take it: they hold emoji sequences together.)
    let emoji = fonts.emoji_face();
    let is_space = |r: &Range<usize>| {
        text.get(r.clone())
            .is_some_and(|t| t.contains(char::is_whitespace))
    };
    let mut prev: Option<(TextStyle, FaceId)> = None;
    for p in pieces.iter_mut() {
        match p.2 {
            Some(f) => prev = Some((p.1, f)),
            None => {
                if let Some((st, f)) = prev
                    && st == p.1
                    && !(f == emoji && is_space(&p.0))
                {
                    p.2 = Some(f);
                }
            }
        }
    }
    let mut next: Option<(TextStyle, FaceId)> = None;
    for p in pieces.iter_mut().rev() {
        match p.2 {
            Some(f) => next = Some((p.1, f)),
            None => {
                p.2 = Some(match next {
                    Some((st, f)) if st == p.1 && !(f == emoji && is_space(&p.0)) => f,
                    _ => fonts.primary(p.1.family, p.1.bold),
                });
            }
        }
    }
    // Scripts: common characters join the preceding script, or the following one at the start.
    let mut last: Option<Script> = None;
    for p in pieces.iter_mut() {
        match p.3 {
            Some(s) => last = Some(s),
            None => p.3 = last,
        }
    }
    let mut following: Option<Script> = None;
    for p in pieces.iter_mut().rev() {
        match p.3 {
            Some(s) => following = Some(s),
            None => p.3 = following,
        }
    }
    let mut runs: Vec<Run> = Vec::new();
    for (range, style, face, script) in pieces {
        let face = face.unwrap_or(FaceId(0));
        let script = script.unwrap_or(Script::LATIN);
        if let Some(r) = runs.last_mut()
            && r.range.end == range.start
            && r.style == style
            && r.face == face
            && r.script == script
        {
            r.range.end = range.end;
            continue;
        }
        runs.push(Run {
            range,
            style,
            face,
            script,
        });
    }
    debug_assert!(runs.last().is_none_or(|r| r.range.end == text.len()));
    runs
}
