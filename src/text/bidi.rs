//! Bidirectional text on a set line (Unicode Bidirectional Algorithm, UAX #9, for the common
//! case of right-to-left words in a left-to-right paragraph): a run whose first strong character
//! is right-to-left (bidi class R or AL: Hebrew, Arabic…) is drawn with its clusters in reverse
//! order, and neighbouring right-to-left runs (with only neutral runs between them) swap places,
//! so the words read right to left while the glyphs keep their logical text ranges (extraction
//! gives the logical order back). Spaces at a run's ends stay where they are.
//!
//! Not handled: a right-to-left paragraph direction and numbers inside right-to-left text
//! (they are reversed with it). Shaping stays in logical order; Arabic joining forms come from
//! the shaper's logical pass.

use super::GlyphRun;
use crate::font::Pt;
use unicode_bidi::{BidiClass, bidi_class};

/// The direction of a run: from its first strong character, `None` when it has none.
fn run_rtl(run: &GlyphRun) -> Option<bool> {
    run.text.chars().find_map(|c| match bidi_class(c) {
        BidiClass::R | BidiClass::AL => Some(true),
        BidiClass::L => Some(false),
        _ => None,
    })
}

/// Reorders the runs of one line for display (see the module docs) and recomputes their `x`.
pub(crate) fn reorder_line(runs: &mut [GlyphRun]) {
    let dirs: Vec<Option<bool>> = runs.iter().map(run_rtl).collect();
    if !dirs.contains(&Some(true)) {
        return;
    }
    for (run, dir) in runs.iter_mut().zip(&dirs) {
        if *dir == Some(true) {
            reverse_clusters(run);
        }
    }
    // Maximal stretches of RTL runs (neutral runs inside a stretch belong to it) swap places.
    let mut i = 0;
    while i < runs.len() {
        if dirs[i] != Some(true) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut last_rtl = i;
        while j < runs.len() && dirs[j] != Some(false) {
            if dirs[j] == Some(true) {
                last_rtl = j;
            }
            j += 1;
        }
        runs[i..=last_rtl].reverse();
        i = last_rtl + 1;
    }
    let mut x = runs.first().map_or(Pt::ZERO, |r| r.x);
    for run in runs.iter_mut() {
        run.x = x;
        x += run.width;
    }
}

/// Reverses the order of a run's clusters between its leading and trailing spaces (glyphs of
/// one cluster, a base and its marks, keep their order).
fn reverse_clusters(run: &mut GlyphRun) {
    let is_space = |g: &super::Glyph| {
        run.text
            .get(g.text_range())
            .is_some_and(|t| !t.is_empty() && t.chars().all(char::is_whitespace))
    };
    let n = run.glyphs.len();
    let start = run.glyphs.iter().position(|g| !is_space(g)).unwrap_or(n);
    let end = run
        .glyphs
        .iter()
        .rposition(|g| !is_space(g))
        .map_or(start, |e| e + 1);
    if end <= start + 1 {
        return;
    }
    let core = &run.glyphs[start..end];
    let mut clusters: Vec<&[super::Glyph]> = Vec::new();
    let mut k = 0;
    while k < core.len() {
        let mut m = k + 1;
        while m < core.len() && core[m].text == core[k].text {
            m += 1;
        }
        clusters.push(&core[k..m]);
        k = m;
    }
    let reversed: Vec<super::Glyph> = clusters.into_iter().rev().flatten().cloned().collect();
    run.glyphs.splice(start..end, reversed);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::FaceId;
    use crate::text::{Glyph, segment::default_style};

    fn run(text: &str, x: f32) -> GlyphRun {
        let mut glyphs = Vec::new();
        for (i, c) in text.char_indices() {
            glyphs.push(Glyph {
                id: c as u16,
                x_advance: Pt(1.0),
                x_offset: Pt::ZERO,
                y_offset: Pt::ZERO,
                text: i as u32..(i + c.len_utf8()) as u32,
            });
        }
        GlyphRun {
            face: FaceId(0),
            size: Pt(10.0),
            style: default_style(),
            x: Pt(x),
            width: Pt(glyphs.len() as f32),
            text: text.to_string(),
            glyphs,
            source: 0..text.len(),
        }
    }

    fn visual(runs: &[GlyphRun]) -> String {
        runs.iter()
            .flat_map(|r| r.glyphs.iter().map(|g| r.text[g.text_range()].to_string()))
            .collect()
    }

    #[test]
    fn hebrew_words_read_right_to_left_between_korean() {
        let mut runs = vec![run("가 ", 0.0), run("שלום עולם ", 2.0), run("나", 12.0)];
        reorder_line(&mut runs);
        assert_eq!(visual(&runs), "가 םלוע םולש 나");
        let xs: Vec<f32> = runs.iter().map(|r| r.x.0).collect();
        assert_eq!(xs, [0.0, 2.0, 12.0]);
    }

    #[test]
    fn adjacent_rtl_runs_swap_places_and_ltr_lines_are_untouched() {
        let mut runs = vec![run("אב", 0.0), run(" ", 2.0), run("גד", 3.0)];
        reorder_line(&mut runs);
        assert_eq!(visual(&runs), "דג בא");
        let mut ltr = vec![run("abc ", 0.0), run("가나", 4.0)];
        let before = ltr.clone();
        reorder_line(&mut ltr);
        assert_eq!(ltr, before);
    }
}
