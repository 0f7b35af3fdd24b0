//! Set lines → rows: each line of a set paragraph becomes a `Row` of positioned glyph runs, with
//! the rectangles behind highlighted and code text, underline and strike rules, one link
//! rectangle per link per line, and the footnotes cited on the line.

use super::context::{Ctx, Frame};
use super::flow::Row;
use super::paged::{ItemKind, LinkArea, PageItem, Rect};
use super::paragraph::{Built, CODE, MARK, STRIKE, Setup, UNDERLINE};
use super::style::{CODE_BG, MARK_BG};
use crate::font::Pt;
use crate::text::{GlyphRun, Line, LineOptions, SetParagraph, set_paragraph};

/// Nominal ascent and descent of the body faces, in em. NanumMyeongjo and Noto Sans CJK draw
/// Hangul within about 0.88 em above and 0.12 em below the baseline; Latin descenders and the
/// fallback faces reach 0.24 em. Used instead of each face's own metrics so that a fallback
/// face's taller ascender does not push one line off the baseline grid.
const NOMINAL_ASCENT: f32 = 0.88;
const NOMINAL_DESCENT: f32 = 0.24;
/// The least gap between lines, in em, even when the leading asks for less.
const MIN_LINE_GAP: f32 = 0.15;
/// The box behind highlighted or code text: from 0.92 em above the baseline, 1.2 em tall
/// (covers accents and descenders), 0.5 pt wider than the text on each side.
const BACKGROUND_TOP: f32 = 0.92;
const BACKGROUND_HEIGHT: f32 = 1.2;
const BACKGROUND_BLEED: Pt = Pt(0.5);
/// Underline 0.14 em below the baseline, strike-through 0.3 em above it (the x-height middle
/// of the Latin and the centre of Hangul), both 0.06 em thick (the faces' own underline weight).
const UNDERLINE_OFFSET: f32 = 0.14;
const STRIKE_OFFSET: f32 = -0.3;
const RULE_THICKNESS: f32 = 0.06;
/// A link's clickable area: from 0.95 em above the baseline, 1.25 em tall (the whole line box,
/// so taps between ascender and descender still hit).
const LINK_TOP: f32 = 0.95;
const LINK_HEIGHT: f32 = 1.25;
/// A line may exceed the frame by this much before it counts as overfull (rounding).
const OVERFULL_TOLERANCE: f32 = 1.0;

/// Sets `built` in `frame` and returns one row per line (no spacing, no keep flags yet).
pub(crate) fn set_rows(ctx: &mut Ctx<'_>, built: &Built, frame: &Frame, setup: &Setup) -> Vec<Row> {
    if built.para.text.trim().is_empty() && !built.para.text.contains('\n') {
        return Vec::new();
    }
    let opts = LineOptions {
        width: frame.width,
        first_indent: setup.first_indent,
        justify: setup.justify,
        korean: ctx.options.korean_break,
        hyphenate: true,
    };
    let set: SetParagraph = set_paragraph(&built.para, ctx.fonts, ctx.cache, &opts);
    record_missing(ctx, built, &set);
    let base_size = built.para.styles.first().map_or(ctx.m.base, |s| s.1.size);
    let mut rows = Vec::with_capacity(set.lines.len());
    let mut overfull = false;
    for (i, line) in set.lines.into_iter().enumerate() {
        let indent = if i == 0 { setup.first_indent } else { Pt::ZERO };
        let avail = frame.width - indent;
        overfull |= line.width.0 > avail.0 + OVERFULL_TOLERANCE;
        let x0 = frame.left + indent + line_shift(setup, avail, line.width);
        let mut row = line_box(&line, setup.leading, base_size, built);
        let mut items = RowItems::default();
        for run in line.runs {
            items.push_run(ctx, built, setup, &mut row, x0, base_size, run);
        }
        items.finish(built, &mut row);
        row.decos = frame.decos.clone();
        rows.push(row);
    }
    if overfull {
        ctx.warn(
            "overfull-line",
            &built.src,
            "a line is wider than the text block".to_string(),
        );
    }
    rows
}

/// The row's height and baseline. Keeps a regular baseline grid: the baseline sits where the
/// nominal ascent and descent of the paragraph's size centre it in the leading; a line grows only
/// when its glyphs (a larger inline run) clearly need more room.
fn line_box(line: &Line, leading: Pt, base_size: Pt, built: &Built) -> Row {
    let (ascent, descent) = (base_size * NOMINAL_ASCENT, base_size * NOMINAL_DESCENT);
    let mut height = leading.max(ascent + descent + base_size * MIN_LINE_GAP);
    let mut baseline = (height - ascent - descent) / 2.0 + ascent;
    let max_size = line.runs.iter().fold(base_size, |m, r| m.max(r.size));
    // Inline objects (a tall formula, a sized image) need their own ascent and descent.
    let (obj_up, obj_down) = object_extent(line, built);
    let need_up = (max_size * NOMINAL_ASCENT).max(obj_up);
    if need_up > baseline {
        height += need_up - baseline;
        baseline = need_up;
    }
    let need_down = (max_size * NOMINAL_DESCENT).max(obj_down);
    if baseline + need_down > height {
        height = baseline + need_down;
    }
    Row {
        height,
        baseline,
        ..Row::default()
    }
}

/// The largest ascent and descent of the inline objects on `line` (zero without any).
fn object_extent(line: &Line, built: &Built) -> (Pt, Pt) {
    let mut extent = (Pt::ZERO, Pt::ZERO);
    for run in &line.runs {
        let object = built
            .spans
            .get(run.style.tag as usize)
            .and_then(|s| s.object)
            .and_then(|i| built.objects.get(i));
        if let Some(o) = object {
            let shift = run.style.baseline_shift;
            extent.0 = extent.0.max(o.ascent + shift);
            extent.1 = extent.1.max(o.descent - shift);
        }
    }
    extent
}

/// How far a line moves right: centred, flush right, or not at all.
fn line_shift(setup: &Setup, avail: Pt, width: Pt) -> Pt {
    if setup.center {
        ((avail - width) / 2.0).max(Pt::ZERO)
    } else if setup.right {
        (avail - width).max(Pt::ZERO)
    } else {
        Pt::ZERO
    }
}

/// A row's items by layer: backgrounds under the text, rules over it.
#[derive(Default)]
struct RowItems {
    back: Vec<PageItem>,
    front: Vec<PageItem>,
    rules: Vec<PageItem>,
    /// One rectangle per link per line: (span tag of the link's last run, area).
    links: Vec<(usize, Rect)>,
}

impl RowItems {
    /// Places one run at `x0 + run.x` with its background, rules, link area and footnote.
    #[allow(clippy::too_many_arguments)]
    fn push_run(
        &mut self,
        ctx: &mut Ctx<'_>,
        built: &Built,
        setup: &Setup,
        row: &mut Row,
        x0: Pt,
        base_size: Pt,
        run: GlyphRun,
    ) {
        let tag = run.style.tag as usize;
        let Some(info) = built.spans.get(tag) else {
            return;
        };
        let x = x0 + run.x;
        let y = row.baseline - run.style.baseline_shift;
        if let Some(object) = info.object.and_then(|i| built.objects.get(i)) {
            // The object itself, not its U+FFFC placeholder glyph.
            if info.link.is_some() {
                let rect = Rect {
                    x,
                    y: y - object.ascent,
                    width: run.width,
                    height: object.ascent + object.descent,
                };
                self.add_link_area(built, tag, rect);
            }
            let link = info.link.as_ref().and_then(|l| l.1);
            self.front.push(PageItem {
                kind: object.item(x, y),
                elem: object.elem.or(link).or(setup.elem),
            });
            return;
        }
        let size = run.size;
        if info.deco & (MARK | CODE) != 0 {
            let color = if info.deco & MARK != 0 {
                MARK_BG
            } else {
                CODE_BG
            };
            let rect = Rect {
                x: x - BACKGROUND_BLEED,
                y: y - size * BACKGROUND_TOP,
                width: run.width + BACKGROUND_BLEED * 2.0,
                height: size * BACKGROUND_HEIGHT,
            };
            self.back.push(PageItem {
                kind: ItemKind::Rect { rect, color },
                elem: None,
            });
        }
        for (flag, dy) in [(UNDERLINE, UNDERLINE_OFFSET), (STRIKE, STRIKE_OFFSET)] {
            if info.deco & flag != 0 {
                self.rules.push(PageItem {
                    kind: ItemKind::Rule {
                        x1: x,
                        y1: y + size * dy,
                        x2: x + run.width,
                        y2: y + size * dy,
                        thickness: size * RULE_THICKNESS,
                        color: info.color,
                    },
                    elem: None,
                });
            }
        }
        if info.link.is_some() {
            let em = base_size.max(size);
            let rect = Rect {
                x,
                y: row.baseline - em * LINK_TOP,
                width: run.width,
                height: em * LINK_HEIGHT,
            };
            self.add_link_area(built, tag, rect);
        }
        if let Some(id) = &info.footnote {
            if let Some(rows) = ctx.footnotes.get(id) {
                row.footnotes.push(rows.clone());
            }
            if ctx.fn_refs.insert(id.clone()) {
                row.dests
                    .push((ctx.local_dest(&format!("fnref-{id}")), Pt::ZERO));
            }
        }
        let elem = info.link.as_ref().and_then(|l| l.1).or(setup.elem);
        self.front.push(PageItem {
            kind: ItemKind::Text {
                x,
                y,
                run,
                color: info.color,
            },
            elem,
        });
    }

    /// Extends the last link rectangle when this run continues the same link, else starts one.
    fn add_link_area(&mut self, built: &Built, tag: usize, r: Rect) {
        match self.links.last_mut() {
            Some((t, prev)) if same_link(built, *t, tag) => {
                let right = (r.x + r.width).max(prev.x + prev.width);
                prev.x = prev.x.min(r.x);
                prev.width = right - prev.x;
                *t = tag;
            }
            _ => self.links.push((tag, r)),
        }
    }

    /// Moves the items into the row: backgrounds, text, rules, then link areas.
    fn finish(self, built: &Built, row: &mut Row) {
        for (tag, rect) in self.links {
            if let Some((target, elem)) = built.spans.get(tag).and_then(|s| s.link.clone()) {
                row.links.push(LinkArea { rect, target, elem });
            }
        }
        row.items = self.back;
        row.items.extend(self.front);
        row.items.extend(self.rules);
    }
}

fn same_link(built: &Built, a: usize, b: usize) -> bool {
    match (
        built.spans.get(a).and_then(|s| s.link.as_ref()),
        built.spans.get(b).and_then(|s| s.link.as_ref()),
    ) {
        (Some(x), Some(y)) => x.0 == y.0 && x.1 == y.1,
        _ => false,
    }
}

/// Maps characters no font covers back to the source (every occurrence, for the count).
fn record_missing(ctx: &mut Ctx<'_>, built: &Built, set: &SetParagraph) {
    for mc in &set.missing {
        let span = built
            .spans
            .iter()
            .find(|s| s.range.contains(&mc.offset))
            .map(|s| {
                let mut sp = s.src.clone();
                if s.exact && sp.col > 0 {
                    let before = built
                        .para
                        .text
                        .get(s.range.start..mc.offset)
                        .map_or(0, |t| t.chars().count());
                    sp.col += u32::try_from(before).unwrap_or(0);
                }
                sp
            })
            .unwrap_or_else(|| built.src.clone());
        ctx.missing.push((mc.c, span));
    }
}

/// Marks widow/orphan keeps on a paragraph's rows: the first line never ends a page alone,
/// and the last line never starts one alone (KLREQ / common book practice).
pub(crate) fn keep_lines(rows: &mut [Row]) {
    let n = rows.len();
    if n >= 2 {
        rows[0].keep_with_next = true;
        rows[n - 2].keep_with_next = true;
    }
}
