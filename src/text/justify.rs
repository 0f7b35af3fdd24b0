//! Turning chosen breaks into `Line`s: slice the shaped glyphs, drop trailing spaces, add the
//! hyphen, stretch the spaces of every line but the last (justification), group into runs.

use super::segment::{Run, default_style};
use super::{Glyph, GlyphRun, Line};
use crate::font::{FaceId, FontBook, Pt};
use std::ops::Range;

/// One shaped glyph placed in the paragraph, in points.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PGlyph {
    /// Index of its run in the paragraph's runs.
    pub run: usize,
    /// Glyph id in the run's face.
    pub id: u16,
    /// Advance, offsets (points).
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// Byte offset of its cluster in the paragraph text.
    pub cluster: usize,
    /// Whether it is a stretchable space (U+0020, U+00A0, tab).
    pub space: bool,
    /// How far justification may widen the gap after this glyph when it ends a Hangul or Hanja
    /// syllable followed by another (points; 0 elsewhere, never inside Latin words or code).
    pub letter: f32,
}

/// How much of its natural width a space stretches by at adjustment ratio 1 (TeX's 1/3 em
/// space stretches by 1/6 em: half of itself).
pub(crate) const SPACE_STRETCH: f32 = 0.5;
/// How much of its natural width a space may shrink by (to 80 % of natural, book practice for
/// Korean text; TeX's plain space shrinks by a third).
pub(crate) const SPACE_SHRINK: f32 = 0.2;
/// The most justification adds between two Hangul or Hanja syllables, in em (klreq §3.8:
/// inter-character spacing before word spaces grow). Measured on the garden, `notes/` and 300
/// synthetic notes: 0.03 em leaves 1.7 % of lines loose, 0.05 em 1.1 %, 0.08 em 0.5 %; at 0.1 em
/// pdftotext starts to split words (its word break is 0.1 em: words in order fell from 0.982 to
/// 0.975), so 0.08 em is the most that keeps every word whole in extraction.
pub(crate) const LETTER_STRETCH_EM: f32 = 0.08;

/// Extra glyphs to append at the end of a line (the hyphen of a hyphenated word).
pub(crate) struct Hyphen {
    /// Face and glyphs of the hyphen.
    pub face: FaceId,
    pub glyphs: Vec<(u16, f32)>,
}

/// Everything `build_line` needs about the paragraph.
pub(crate) struct Setting<'a> {
    pub text: &'a str,
    pub runs: &'a [Run],
    pub glyphs: &'a [PGlyph],
    pub fonts: &'a FontBook,
}

impl Setting<'_> {
    /// Index of the first glyph whose cluster is at or after `pos`.
    pub(crate) fn glyph_at(&self, pos: usize) -> usize {
        self.glyphs.partition_point(|g| g.cluster < pos)
    }
}

/// `pos` moved back over spaces, line feeds and soft hyphens (they do not print at a line
/// end; a soft hyphen there is replaced by the visible hyphen `build_line` adds).
pub(crate) fn trim_end(text: &str, start: usize, pos: usize) -> usize {
    let s = text.get(start..pos).unwrap_or("");
    start
        + s.trim_end_matches(|c: char| c.is_whitespace() || c.is_control() || c == '\u{00AD}')
            .len()
}

/// Spreads `slack` over a line's glyph advances: a line too wide shrinks its spaces (at most
/// `SPACE_SHRINK` of each); with `justify`, a line too short widens its inter-syllable gaps and
/// its spaces in proportion to what each may give (`LineFit` in linebreak.rs rates lines the
/// same way), then, once the syllables are at their cap, only its spaces.
fn adjust(advances: &mut [f32], slice: &[PGlyph], slack: f32, justify: bool) {
    let spaces: f32 = slice.iter().filter(|g| g.space).map(|g| g.advance).sum();
    if slack < 0.0 {
        if spaces > 0.0 {
            let k = (slack / spaces).max(-SPACE_SHRINK);
            for (a, g) in advances.iter_mut().zip(slice).filter(|(_, g)| g.space) {
                *a += g.advance * k;
            }
        }
        return;
    }
    if !justify || slack <= 0.0 {
        return;
    }
    // The gap after the line's last glyph is at the line end: nothing to widen there.
    let inner = slice.len().saturating_sub(1);
    let letters: f32 = slice[..inner].iter().map(|g| g.letter).sum();
    let stretch = spaces * SPACE_STRETCH;
    if stretch + letters <= 0.0 {
        return;
    }
    let (letter_k, space_extra) = if slack <= stretch + letters {
        let r = slack / (stretch + letters);
        (r, stretch * r)
    } else if spaces > 0.0 {
        (1.0, slack - letters)
    } else {
        (1.0, 0.0)
    };
    for (k, (a, g)) in advances.iter_mut().zip(slice).enumerate() {
        if g.space && spaces > 0.0 {
            *a += space_extra * g.advance / spaces;
        } else if k < inner {
            *a += g.letter * letter_k;
        }
    }
}

/// Builds the line of text `source`; `avail` is the line's width, `justify` whether to stretch
/// its spaces to fill it.
pub(crate) fn build_line(
    s: &Setting<'_>,
    source: Range<usize>,
    hyphen: Option<Hyphen>,
    avail: f32,
    justify: bool,
) -> Line {
    let end = trim_end(s.text, source.start, source.end);
    let (g0, g1) = (s.glyph_at(source.start), s.glyph_at(end));
    let slice = s.glyphs.get(g0..g1).unwrap_or(&[]);
    let mut advances: Vec<f32> = slice.iter().map(|g| g.advance).collect();
    let hyphen_width: f32 = hyphen
        .as_ref()
        .map_or(0.0, |h| h.glyphs.iter().map(|g| g.1).sum());
    let natural: f32 = advances.iter().sum::<f32>() + hyphen_width;
    adjust(&mut advances, slice, avail - natural, justify);
    let mut runs: Vec<GlyphRun> = Vec::new();
    let mut x = 0.0f32;
    let mut i = 0;
    while i < slice.len() {
        let run_idx = slice[i].run;
        let mut j = i;
        while j < slice.len() && slice[j].run == run_idx {
            j += 1;
        }
        let src_start = if i == 0 {
            source.start
        } else {
            slice[i].cluster
        };
        let src_end = if j < slice.len() {
            slice[j].cluster
        } else {
            end
        };
        let run = &s.runs[run_idx.min(s.runs.len().saturating_sub(1))];
        let text = s.text.get(src_start..src_end).unwrap_or("").to_string();
        let mut glyphs = Vec::with_capacity(j - i);
        let mut width = 0.0f32;
        for k in i..j {
            let g = &slice[k];
            // The glyph stands for its cluster: up to the next glyph with a different cluster.
            let next = slice[k + 1..j]
                .iter()
                .map(|n| n.cluster)
                .find(|&c| c != g.cluster)
                .unwrap_or(src_end);
            let a = g.cluster.saturating_sub(src_start).min(text.len());
            let b = next.saturating_sub(src_start).clamp(a, text.len());
            glyphs.push(Glyph {
                id: g.id,
                x_advance: Pt(advances[k]),
                x_offset: Pt(g.x_offset),
                y_offset: Pt(g.y_offset),
                // Byte offsets within one run fit u32 (Glyph is stored per glyph: keep it small).
                text: a as u32..b as u32,
            });
            width += advances[k];
        }
        runs.push(GlyphRun {
            face: run.face,
            size: run.style.size,
            style: run.style,
            x: Pt(x),
            width: Pt(width),
            text,
            glyphs,
            source: src_start..src_end,
        });
        x += width;
        i = j;
    }
    if let Some(h) = hyphen {
        // The hyphen joins the last run when it has the same face, else gets a run of its own.
        let style = runs.last().map(|r| r.style).unwrap_or_else(default_style);
        let need_new = runs.last().is_none_or(|r| r.face != h.face);
        if need_new {
            runs.push(GlyphRun {
                face: h.face,
                size: style.size,
                style,
                x: Pt(x),
                width: Pt::ZERO,
                text: String::new(),
                glyphs: Vec::new(),
                source: end..end,
            });
        }
        if let Some(r) = runs.last_mut() {
            let at = r.text.len();
            r.text.push('-');
            for (id, adv) in h.glyphs {
                r.glyphs.push(Glyph {
                    id,
                    x_advance: Pt(adv),
                    x_offset: Pt::ZERO,
                    y_offset: Pt::ZERO,
                    text: at as u32..at as u32 + 1,
                });
                r.width += Pt(adv);
                x += adv;
            }
        }
    }
    // UAX #9: right-to-left words are drawn right to left.
    super::bidi::reorder_line(&mut runs);
    let (mut ascent, mut descent) = (Pt::ZERO, Pt::ZERO);
    for r in &runs {
        let f = s.fonts.face(r.face);
        ascent = ascent.max(f.ascender.at(r.size));
        descent = descent.max(-f.descender.at(r.size));
    }
    if runs.is_empty() {
        // An empty line (blank line, lone line feed) still has the height of its style.
        let style = s
            .runs
            .iter()
            .find(|r| r.range.contains(&source.start))
            .or(s.runs.last())
            .map(|r| r.style)
            .unwrap_or_else(default_style);
        let f = s.fonts.face(s.fonts.primary(style.family, style.bold));
        ascent = f.ascender.at(style.size);
        descent = -f.descender.at(style.size);
    }
    Line {
        runs,
        width: Pt(x),
        ascent,
        descent,
        source,
    }
}
