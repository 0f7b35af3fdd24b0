//! Tables: column widths from content (natural and minimum widths, the slack shared in
//! proportion to what each column wants), wrapped cells, a tinted header row that repeats
//! when the table continues on the next page, thin rules between rows.

use super::blocks::body_style_of;
use super::context::{Ctx, Frame};
use super::flow::Row;
use super::paged::{ItemKind, PageItem, Rect, StructKind};
use super::paragraph::{Builder, Setup, set_rows};
use super::style::{RULE, TABLE_HEAD_BG};
use crate::diag::Span;
use crate::font::Pt;
use crate::model::{Align, Inline, plain_text};
use crate::text::{TextStyle, shape_line};
use std::sync::Arc;

/// Rows of a table.
pub(crate) fn table_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    align: &[Align],
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    span: &Span,
    out: &mut Vec<Row>,
) {
    let ncols = align
        .len()
        .max(header.len())
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if ncols == 0 {
        return;
    }
    let table = ctx.elem(StructKind::Table, frame.parent);
    let size = frame.size * 0.9;
    let style = TextStyle {
        size,
        ..body_style_of(frame)
    };
    let head_style = TextStyle {
        bold: true,
        ..style
    };
    let px = size * 0.6;
    let widths = column_widths(ctx, frame, header, rows, ncols, style, px);
    let mut f = frame.clone();
    f.size = size;
    f.leading = size * 1.5;

    let head = if header.iter().any(|c| !c.is_empty()) || !header.is_empty() {
        let tr = ctx.elem(StructKind::TableRow, table);
        let mut r = table_row(
            ctx,
            &f,
            header,
            align,
            &widths,
            head_style,
            tr,
            StructKind::TableHeader,
            span,
        );
        let total: Pt = widths.iter().fold(Pt::ZERO, |a, w| a + *w);
        r.items.insert(
            0,
            PageItem {
                kind: ItemKind::Rect {
                    rect: Rect {
                        x: frame.left,
                        y: Pt::ZERO,
                        width: total,
                        height: r.height,
                    },
                    color: TABLE_HEAD_BG,
                },
                elem: None,
            },
        );
        rule(&mut r, frame.left, total, Pt::ZERO, Pt(0.8));
        let h = r.height;
        rule(&mut r, frame.left, total, h, Pt(0.6));
        r.keep_with_next = true;
        r.space_before = frame.size * 0.8;
        Some(r)
    } else {
        None
    };
    let head_arc = head.as_ref().map(|h| Arc::new(vec![h.clone()]));
    if let Some(h) = head {
        out.push(h);
    }
    let total: Pt = widths.iter().fold(Pt::ZERO, |a, w| a + *w);
    let n = rows.len();
    for (i, cells) in rows.iter().enumerate() {
        let tr = ctx.elem(StructKind::TableRow, table);
        let mut r = table_row(
            ctx,
            &f,
            cells,
            align,
            &widths,
            style,
            tr,
            StructKind::TableCell,
            span,
        );
        let last = i + 1 == n;
        let h = r.height;
        rule(
            &mut r,
            frame.left,
            total,
            h,
            if last { Pt(0.8) } else { Pt(0.3) },
        );
        r.header = head_arc.clone();
        if head_arc.is_none() && i == 0 {
            r.space_before = frame.size * 0.8;
        }
        out.push(r);
    }
}

fn rule(r: &mut Row, x: Pt, w: Pt, y: Pt, t: Pt) {
    r.items.push(PageItem {
        kind: ItemKind::Rule {
            x1: x,
            y1: y,
            x2: x + w,
            y2: y,
            thickness: t,
            color: RULE,
        },
        elem: None,
    });
}

/// Natural (unbroken) and minimum (longest word) widths per column → final widths.
fn column_widths(
    ctx: &Ctx<'_>,
    frame: &Frame,
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    ncols: usize,
    style: TextStyle,
    px: Pt,
) -> Vec<Pt> {
    let mut nat = vec![Pt::ZERO; ncols];
    let mut min = vec![Pt::ZERO; ncols];
    let bold = TextStyle {
        bold: true,
        ..style
    };
    let measure =
        |text: &str, st: TextStyle| shape_line(text, st, &ctx.lang, ctx.fonts, ctx.cache).width;
    for (cells, st) in
        std::iter::once((header, bold)).chain(rows.iter().map(|r| (r.as_slice(), style)))
    {
        for (c, cell) in cells.iter().enumerate().take(ncols) {
            let text = plain_text(cell);
            nat[c] = nat[c].max(measure(text.trim(), st));
            for word in text.split_whitespace() {
                min[c] = min[c].max(measure(word, st));
            }
        }
    }
    let pad = px * 2.0;
    let avail = frame.width;
    let want: Pt = nat.iter().fold(Pt::ZERO, |a, n| a + *n + pad);
    if want <= avail {
        return nat.iter().map(|n| *n + pad).collect();
    }
    // Cap minimums so the table always fits; share the rest by how much more each column wants.
    let cap = avail / ncols as f32 * 1.5;
    let mins: Vec<Pt> = min.iter().map(|m| m.min(cap) + pad).collect();
    let min_sum: Pt = mins.iter().fold(Pt::ZERO, |a, m| a + *m);
    if min_sum >= avail {
        let k = avail.0 / min_sum.0;
        return mins.iter().map(|m| *m * k).collect();
    }
    let extra = avail - min_sum;
    let wants: Vec<f32> = nat
        .iter()
        .zip(&mins)
        .map(|(n, m)| ((*n + pad) - *m).0.max(0.0))
        .collect();
    let wsum: f32 = wants.iter().sum();
    mins.iter()
        .zip(&wants)
        .map(|(m, w)| {
            if wsum > 0.0 {
                *m + extra * (w / wsum)
            } else {
                *m + extra / ncols as f32
            }
        })
        .collect()
}

/// One table row: every cell set in its column, the row as tall as its tallest cell.
#[allow(clippy::too_many_arguments)]
fn table_row(
    ctx: &mut Ctx<'_>,
    f: &Frame,
    cells: &[Vec<Inline>],
    align: &[Align],
    widths: &[Pt],
    style: TextStyle,
    tr: Option<super::paged::StructId>,
    kind: StructKind,
    span: &Span,
) -> Row {
    let py = f.size * 0.45;
    let px = f.size * 0.6;
    let mut row = Row::default();
    let mut x = f.left;
    let mut height = Pt::ZERO;
    let lang = ctx.lang.clone();
    for (c, w) in widths.iter().enumerate() {
        let cell_elem = ctx.elem(kind.clone(), tr);
        let empty = Vec::new();
        let cell = cells.get(c).unwrap_or(&empty);
        let mut cf = f.clone();
        cf.left = x + px;
        cf.width = (*w - px * 2.0).max(Pt(4.0));
        cf.decos = Vec::new();
        let mut b = Builder::new(ctx, cell_elem);
        b.inlines(cell, style, f.ink);
        let built = b.finish(&lang, cell.first().map_or(span, |i| &i.span));
        let a = align.get(c).copied().unwrap_or(Align::None);
        let setup = Setup {
            leading: f.leading,
            justify: false,
            center: a == Align::Center,
            right: a == Align::Right,
            first_indent: Pt::ZERO,
            elem: cell_elem,
        };
        let lines = set_rows(ctx, &built, &cf, &setup);
        let mut y = py;
        for l in lines {
            if row.baseline == Pt::ZERO {
                row.baseline = y + l.baseline;
            }
            for mut it in l.items {
                shift_item(&mut it.kind, y);
                row.items.push(it);
            }
            for mut link in l.links {
                link.rect.y += y;
                row.links.push(link);
            }
            for (n, dy) in l.dests {
                row.dests.push((n, dy + y));
            }
            row.footnotes.extend(l.footnotes);
            y += l.height;
        }
        height = height.max(y + py);
        x += *w;
    }
    row.height = height.max(f.leading);
    row.decos = f.decos.clone();
    row
}

fn shift_item(kind: &mut ItemKind, dy: Pt) {
    match kind {
        ItemKind::Text { y, .. } => *y += dy,
        ItemKind::Rect { rect, .. } | ItemKind::Image { rect, .. } => rect.y += dy,
        ItemKind::Rule { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
    }
}
