//! Tables: column widths from content (natural and minimum widths, the slack shared in
//! proportion to what each column wants), wrapped cells, a tinted header row that repeats
//! when the table continues on the next page, thin rules between rows.

use super::blocks::body_style_of;
use super::context::{Ctx, Frame};
use super::flow::Row;
use super::paged::push_runs;
use super::paged::{ItemKind, PageItem, Rect, StructKind};
use super::paragraph::{Builder, Setup, set_rows};
use super::style::{GREY, RULE, TABLE_HEAD_BG, plain_style};
use super::table_plan::{ColumnNeeds, cell_pad, column_widths, plan_table};
use crate::diag::Span;
use crate::font::{Family, Pt};
use crate::model::{Align, Inline};
use crate::text::{TextStyle, shape_line};
use std::sync::Arc;

/// Rows of a table: planned to fit (smaller type, then column groups with the key column
/// repeated, see `table_plan`), each group set as its own table, one after the other.
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
    let style = TextStyle {
        size: frame.size * 0.9,
        ..body_style_of(frame)
    };
    let needs = ColumnNeeds::measure(ctx, header, rows, ncols, style);
    let plan = plan_table(&needs, frame.width);
    let parts = plan.groups.len();
    for (k, cols) in plan.groups.iter().enumerate() {
        if parts > 1 && k > 0 {
            continuation_mark(ctx, frame, cols, ncols, out);
        }
        let pick = |cells: &[Vec<Inline>]| -> Vec<Vec<Inline>> {
            cols.iter()
                .map(|&c| cells.get(c).cloned().unwrap_or_default())
                .collect()
        };
        let part = Part {
            align: cols
                .iter()
                .map(|&c| align.get(c).copied().unwrap_or(Align::None))
                .collect(),
            header: pick(header),
            rows: rows.iter().map(|r| pick(r)).collect(),
            widths: column_widths(&needs, cols, plan.size, frame.width),
            size: plan.size,
        };
        table_part(ctx, frame, &part, span, out);
    }
}

/// One table as set: the columns of one group.
struct Part {
    align: Vec<Align>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    widths: Vec<Pt>,
    size: Pt,
}

/// A short grey line before a later column group: which columns continue the table.
fn continuation_mark(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    cols: &[usize],
    ncols: usize,
    out: &mut Vec<Row>,
) {
    let first = cols.iter().copied().find(|&c| c > 0).unwrap_or(0) + 1;
    let last = cols.last().copied().unwrap_or(0) + 1;
    let text = (crate::resolve::Labels::for_lang(&ctx.lang).table_continued)(first, last, ncols);
    let size = frame.size * 0.8;
    let line = shape_line(
        &text,
        plain_style(Family::Sans, size),
        &ctx.lang,
        ctx.fonts,
        ctx.cache,
    );
    let mut row = Row {
        height: size * 1.6,
        baseline: size * 1.2,
        space_before: frame.size * 0.8,
        keep_with_next: true,
        decos: frame.decos.clone(),
        ..Row::default()
    };
    push_runs(
        &mut row.items,
        line.runs,
        (frame.left, size * 1.2),
        GREY,
        None,
    );
    out.push(row);
}

/// Rows of one table part: header (repeated on each page), then body rows.
fn table_part(ctx: &mut Ctx<'_>, frame: &Frame, part: &Part, span: &Span, out: &mut Vec<Row>) {
    let table = ctx.elem(StructKind::Table, frame.parent);
    let size = part.size;
    let style = TextStyle {
        size,
        ..body_style_of(frame)
    };
    let head_style = TextStyle {
        bold: true,
        ..style
    };
    let widths = &part.widths;
    let (align, header, rows) = (&part.align, &part.header, &part.rows);
    let mut f = frame.clone();
    f.size = size;
    f.leading = size * 1.5;
    let grid = Grid {
        frame: f,
        align,
        widths,
        table,
        span,
    };

    let head = if header.iter().any(|c| !c.is_empty()) || !header.is_empty() {
        let mut r = table_row(ctx, &grid, header, head_style, StructKind::TableHeader)
            .into_iter()
            .fold(Row::default(), |a, b| {
                if a.height == Pt::ZERO {
                    b
                } else {
                    append(a, b)
                }
            });
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
        let mut pieces = table_row(ctx, &grid, cells, style, StructKind::TableCell);
        let last = i + 1 == n;
        if let Some(r) = pieces.last_mut() {
            let h = r.height;
            rule(
                r,
                frame.left,
                total,
                h,
                if last { Pt(0.8) } else { Pt(0.3) },
            );
        }
        for (k, mut r) in pieces.into_iter().enumerate() {
            r.header = head_arc.clone();
            if head_arc.is_none() && i == 0 && k == 0 {
                r.space_before = frame.size * 0.8;
            }
            out.push(r);
        }
    }
}

/// A header taller than a page is kept as one row (it repeats; splitting it would not help).
fn append(mut a: Row, b: Row) -> Row {
    let dy = a.height;
    let height = b.height;
    move_row_into(&mut a, b, dy);
    a.height += height;
    a
}

/// Moves `from`'s items, link areas, destinations and footnotes into `to`, `dy` lower.
fn move_row_into(to: &mut Row, from: Row, dy: Pt) {
    for mut it in from.items {
        shift_item(&mut it.kind, dy);
        to.items.push(it);
    }
    for mut link in from.links {
        link.rect.y += dy;
        to.links.push(link);
    }
    to.dests
        .extend(from.dests.into_iter().map(|(n, y)| (n, y + dy)));
    to.footnotes.extend(from.footnotes);
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

/// One table row: every cell set in its column, the row as tall as its tallest cell. A row
/// taller than most of a page is cut between lines into several rows (each cell's lines flow
/// on), so that no line falls past the bottom margin.
#[allow(clippy::too_many_arguments)]
/// What every row of one table part shares: its frame (cell type size), column alignment and
/// widths, the table's structure element and the source position.
struct Grid<'a> {
    frame: Frame,
    align: &'a [Align],
    widths: &'a [Pt],
    table: Option<super::paged::StructId>,
    span: &'a Span,
}

/// One table row (a `TableRow` structure element of `kind` cells), cut into pieces no taller
/// than most of a page.
fn table_row(
    ctx: &mut Ctx<'_>,
    grid: &Grid<'_>,
    cells: &[Vec<Inline>],
    style: TextStyle,
    kind: StructKind,
) -> Vec<Row> {
    let (f, align, widths, span) = (&grid.frame, grid.align, grid.widths, grid.span);
    let tr = ctx.elem(StructKind::TableRow, grid.table);
    let py = f.size * 0.45;
    let px = cell_pad(f.size);
    // Leave room for the repeated header and the rules on a page.
    let piece_h = Pt((ctx.m.height.0 * 0.75).max(f.leading.0 * 2.0));
    let mut pieces: Vec<Row> = vec![Row::default()];
    let mut height = Pt::ZERO;
    let mut x = f.left;
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
            // The piece this line starts in; a line crossing a piece's end moves to the next.
            let mut k = (y.0 / piece_h.0).floor().max(0.0) as usize;
            let top = piece_h * k as f32;
            if y + l.height > top + piece_h && y > top {
                y = top + piece_h;
                k += 1;
            }
            while pieces.len() <= k {
                pieces.push(Row::default());
            }
            let dy = y - piece_h * k as f32;
            let row = &mut pieces[k];
            if row.baseline == Pt::ZERO {
                row.baseline = dy + l.baseline;
            }
            y += l.height;
            move_row_into(row, l, dy);
        }
        height = height.max(y + py);
        x += *w;
    }
    let height = height.max(f.leading);
    let n = pieces.len();
    for (k, r) in pieces.iter_mut().enumerate() {
        r.height = if k + 1 == n {
            height - piece_h * k as f32
        } else {
            piece_h
        };
        r.decos = f.decos.clone();
    }
    pieces
}

fn shift_item(kind: &mut ItemKind, dy: Pt) {
    match kind {
        ItemKind::Text { y, .. } => *y += dy,
        ItemKind::Rect { rect, .. } | ItemKind::Image { rect, .. } | ItemKind::Svg { rect, .. } => {
            rect.y += dy
        }
        ItemKind::Rule { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
    }
}
