//! The steps of `set_paragraph` in order: itemise → find breaks → shape words → measure →
//! choose breaks → build lines.

use super::breaks::{BreakKind, find_breaks, hyphenation_points};
use super::justify::{
    Hyphen, LETTER_STRETCH_EM, PGlyph, SPACE_SHRINK, SPACE_STRETCH, Setting, build_line, trim_end,
};
use super::linebreak::{Measure, break_lines};
use super::segment::{Run, itemize};
use super::shape::Cache;
use super::{LineOptions, Paragraph, SetParagraph, TextStyle};
use crate::font::FontBook;
use std::sync::Arc;

/// Whether `c` is a space that justification may stretch.
fn is_stretchable(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\t')
}

/// Shapes `text[range]` run by run, appending glyphs (in points) to `out`.
fn shape_range(
    paragraph: &Paragraph,
    range: std::ops::Range<usize>,
    runs: &[Run],
    lang: &Arc<str>,
    fonts: &FontBook,
    cache: &Cache,
    out: &mut Vec<PGlyph>,
) {
    let text = paragraph.text.as_str();
    let first = runs.partition_point(|r| r.range.end <= range.start);
    for (ri, run) in runs.iter().enumerate().skip(first) {
        if run.range.start >= range.end {
            break;
        }
        let (s, e) = (
            run.range.start.max(range.start),
            run.range.end.min(range.end),
        );
        let Some(part) = text.get(s..e) else {
            continue;
        };
        // Tabs shape as spaces (fonts rarely map U+0009); same byte length, same clusters.
        let owned;
        let part_text = if part.contains('\t') {
            owned = part.replace('\t', " ");
            owned.as_str()
        } else {
            part
        };
        let face = fonts.face(run.face);
        let scale = run.style.size.0 / f32::from(face.units_per_em.max(1));
        for g in cache
            .shape(fonts, run.face, run.script, lang, part_text)
            .iter()
        {
            let cluster = s + g.cluster as usize;
            let c = text
                .get(cluster..)
                .and_then(|t| t.chars().next())
                .unwrap_or(' ');
            if c.is_control() && c != '\t' {
                // Line feeds and other controls print nothing.
                continue;
            }
            if let Some(object) = paragraph.object_at(cluster) {
                // One advance for the object, whatever the font made of U+FFFC.
                if out.last().is_some_and(|g| g.cluster == cluster) {
                    continue;
                }
                out.push(PGlyph {
                    run: ri,
                    id: 0,
                    advance: object.width.0,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    cluster,
                    space: false,
                    letter: 0.0,
                });
                continue;
            }
            out.push(PGlyph {
                run: ri,
                id: g.id,
                advance: g.advance as f32 * scale,
                x_offset: g.x_offset as f32 * scale,
                y_offset: g.y_offset as f32 * scale,
                cluster,
                // Code keeps its own spaces: only text spaces stretch and shrink.
                space: is_stretchable(c) && run.style.family != crate::font::Family::Mono,
                letter: 0.0,
            });
        }
    }
}

/// Whether `c` is a syllable that justification may space from its neighbour: a Hangul
/// syllable or jamo (old Hangul composes from jamo) or a CJK ideograph (Hanja).
fn is_syllable(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}')
}

/// Marks the gaps justification may widen: after the last glyph of a syllable cluster that is
/// followed, with nothing between, by another syllable of the same run style (never in code).
fn mark_letter_gaps(text: &str, runs: &[Run], glyphs: &mut [PGlyph]) {
    let first_char = |pos: usize| text.get(pos..).and_then(|t| t.chars().next());
    for k in 0..glyphs.len().saturating_sub(1) {
        let (g, next) = (glyphs[k], glyphs[k + 1]);
        if g.cluster == next.cluster {
            continue;
        }
        let (Some(run), Some(next_run)) = (runs.get(g.run), runs.get(next.run)) else {
            continue;
        };
        let same_style = run.style.size == next_run.style.size
            && run.style.family == next_run.style.family
            && run.style.family != crate::font::Family::Mono;
        let syllables = first_char(g.cluster).is_some_and(is_syllable)
            && first_char(next.cluster).is_some_and(is_syllable)
            // A syllable cluster followed directly by the next one (no space, mark or letter
            // in between that shaped to no glyph).
            && text
                .get(g.cluster..next.cluster)
                .is_some_and(|t| t.chars().all(is_syllable));
        if same_style && syllables {
            glyphs[k].letter = LETTER_STRETCH_EM * run.style.size.0;
        }
    }
}

/// The hyphen for a break after glyph `g`: shaped in the same face and size.
fn hyphen_for(
    g: &PGlyph,
    runs: &[Run],
    lang: &Arc<str>,
    fonts: &FontBook,
    cache: &Cache,
) -> Hyphen {
    let run = &runs[g.run.min(runs.len() - 1)];
    let face = run.face;
    let scale = run.style.size.0 / f32::from(fonts.face(face).units_per_em.max(1));
    let glyphs = cache
        .shape(fonts, face, harfrust::Script::LATIN, lang, "-")
        .iter()
        .map(|h| (h.id, h.advance as f32 * scale))
        .collect();
    Hyphen { face, glyphs }
}

pub(crate) fn set(
    paragraph: &Paragraph,
    fonts: &FontBook,
    cache: &Cache,
    options: &LineOptions,
) -> SetParagraph {
    let text = paragraph.text.as_str();
    if text.is_empty() {
        return SetParagraph::default();
    }
    let lang: Arc<str> = Arc::from(paragraph.lang.as_str());
    let (runs, missing) = itemize(paragraph, fonts);
    if runs.is_empty() {
        return SetParagraph::default();
    }
    let hyphens = if options.hyphenate {
        hyphenation_points(text, &paragraph.lang)
    } else {
        Vec::new()
    };
    let breaks = find_breaks(text, options.korean, &hyphens);

    // Shape word by word (between ordinary opportunities): the cache's unit.
    let mut glyphs: Vec<PGlyph> = Vec::with_capacity(text.len() / 2);
    let mut start = 0;
    for b in &breaks {
        if matches!(b.kind, BreakKind::Normal | BreakKind::Mandatory) {
            shape_range(
                paragraph,
                start..b.pos,
                &runs,
                &lang,
                fonts,
                cache,
                &mut glyphs,
            );
            start = b.pos;
        }
    }
    mark_letter_gaps(text, &runs, &mut glyphs);
    let setting = Setting {
        text,
        runs: &runs,
        glyphs: &glyphs,
        fonts,
    };

    // Prefix sums of advances, of space advances (stretch and shrink are fractions of them)
    // and of inter-syllable expansion.
    let mut x = Vec::with_capacity(glyphs.len() + 1);
    let mut st = Vec::with_capacity(glyphs.len() + 1);
    let mut lt = Vec::with_capacity(glyphs.len() + 1);
    let (mut ax, mut ast, mut alt) = (0.0f32, 0.0f32, 0.0f32);
    x.push(0.0);
    st.push(0.0);
    lt.push(0.0);
    for g in &glyphs {
        ax += g.advance;
        if g.space {
            ast += g.advance;
        }
        alt += g.letter;
        x.push(ax);
        st.push(ast);
        lt.push(alt);
    }
    let n = breaks.len();
    let (mut x_at, mut x_trim, mut s_at, mut s_trim) =
        (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let mut l_at = vec![0.0f32; n];
    let mut hyphen_w = vec![0.0f32; n];
    let mut enabled = vec![true; n];
    let mut prev_pos = 0;
    for (j, b) in breaks.iter().enumerate() {
        let gi = setting.glyph_at(b.pos);
        let gt = setting.glyph_at(trim_end(text, prev_pos.min(b.pos), b.pos));
        x_at[j] = x[gi];
        s_at[j] = st[gi];
        x_trim[j] = x[gt];
        s_trim[j] = st[gt];
        l_at[j] = lt[gi];
        if matches!(
            b.kind,
            BreakKind::Hyphen | BreakKind::Emergency | BreakKind::Bracket
        ) {
            // Only at a glyph-cluster boundary (never inside a ligature or a composed syllable).
            let aligned = glyphs.get(gi).is_some_and(|g| g.cluster == b.pos) && gi > 0;
            enabled[j] = aligned;
            if aligned && b.kind == BreakKind::Hyphen {
                let h = hyphen_for(&glyphs[gi - 1], &runs, &lang, fonts, cache);
                hyphen_w[j] = h.glyphs.iter().map(|g| g.1).sum();
            }
        }
        prev_pos = b.pos;
    }
    let shrink = |v: &[f32]| -> Vec<f32> { v.iter().map(|w| w * SPACE_SHRINK).collect() };
    let (k_at, k_trim) = (shrink(&s_at), shrink(&s_trim));
    for v in s_at.iter_mut().chain(s_trim.iter_mut()) {
        *v *= SPACE_STRETCH;
    }
    let width = options.width.0.max(1.0);
    let first_width = (options.width.0 - options.first_indent.0).max(1.0);
    // klreq: break inside a word only when the word alone is wider than the line.
    let narrow = width.min(first_width);
    let mut word_start = 0usize; // break index after the previous ordinary opportunity
    let mut word_x = 0.0f32;
    for j in 0..n {
        if matches!(breaks[j].kind, BreakKind::Normal | BreakKind::Mandatory) {
            let word_w = x_trim[j] - word_x;
            if word_w <= narrow {
                for k in word_start..j {
                    if breaks[k].kind == BreakKind::Emergency {
                        enabled[k] = false;
                    }
                }
            }
            word_start = j + 1;
            word_x = x_at[j];
        }
    }
    if !options.hyphenate {
        for (k, b) in breaks.iter().enumerate() {
            // Soft hyphens typed by the author stay usable.
            let soft = text[..b.pos].ends_with('\u{00AD}');
            if b.kind == BreakKind::Hyphen && !soft {
                enabled[k] = false;
            }
        }
    }
    let measure = Measure {
        breaks: &breaks,
        enabled: &enabled,
        x_at: &x_at,
        x_trim: &x_trim,
        stretch_trim: &s_trim,
        stretch_at: &s_at,
        shrink_trim: &k_trim,
        shrink_at: &k_at,
        letter_at: &l_at,
        hyphen: &hyphen_w,
        first_width,
        width,
        stray_width: 2.2 * runs.last().map_or(10.0, |r| r.style.size.0),
    };
    let chosen = break_lines(&measure);

    let mut lines = Vec::with_capacity(chosen.len());
    let mut from = 0usize;
    for (li, &j) in chosen.iter().enumerate() {
        let b = breaks[j];
        let hyphen = (b.kind == BreakKind::Hyphen)
            .then(|| setting.glyph_at(b.pos).checked_sub(1))
            .flatten()
            .map(|gi| hyphen_for(&glyphs[gi], &runs, &lang, fonts, cache));
        let avail = if li == 0 { first_width } else { width };
        // The last line and lines ended by a forced break stay ragged.
        let justify = options.justify && b.kind != BreakKind::Mandatory;
        lines.push(build_line(&setting, from..b.pos, hyphen, avail, justify));
        from = b.pos;
    }
    SetParagraph { lines, missing }
}

/// One unbroken line in one style.
pub(crate) fn line(
    text: &str,
    style: TextStyle,
    lang: &str,
    fonts: &FontBook,
    cache: &Cache,
) -> super::Line {
    let paragraph = Paragraph {
        text: text.to_string(),
        styles: vec![(0..text.len(), style)],
        lang: lang.to_string(),
        objects: Vec::new(),
    };
    let (runs, _missing) = itemize(&paragraph, fonts);
    let lang: Arc<str> = Arc::from(lang);
    let mut glyphs = Vec::new();
    shape_range(
        &paragraph,
        0..text.len(),
        &runs,
        &lang,
        fonts,
        cache,
        &mut glyphs,
    );
    let setting = Setting {
        text,
        runs: &runs,
        glyphs: &glyphs,
        fonts,
    };
    build_line(&setting, 0..text.len(), None, f32::INFINITY, false)
}
