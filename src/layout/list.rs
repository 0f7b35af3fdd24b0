//! Lists: bullets by depth (• – ·), ordered lists from their start number with the marker
//! right-aligned before the text, tasks as drawn boxes (checked ones filled, with a tick), and
//! tight or loose spacing. Markers are labels (`Lbl`) placed before the item body in reading order.

use super::blocks::{blocks, body_style_of, gap};
use super::context::{Ctx, Frame};
use super::flow::Row;
use super::paged::{ItemKind, PageItem, Rect, Rgb, StructId, StructKind, push_outline, push_runs};
use super::style::GREY;
use crate::font::Pt;
use crate::model::ListItem;
use crate::text::shape_line;

/// Rows of a list.
pub(crate) fn list_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    start: Option<u64>,
    tight: bool,
    items: &[ListItem],
    out: &mut Vec<Row>,
) {
    let elem = ctx.elem(StructKind::List(start.is_some()), frame.parent);
    let marker_style = body_style_of(frame);
    let last_number = start.unwrap_or(1).saturating_add(items.len() as u64);
    let want = match start {
        Some(_) => frame.size * (0.9 + 0.55 * last_number.to_string().len() as f32),
        None => frame.size * 1.5,
    };
    // Deep lists keep the capped indent; the marker is still drawn in the gutter.
    let (inner, indent) = frame.nested(want, Pt::ZERO);
    let list_start = out.len();
    for (i, item) in items.iter().enumerate() {
        let li = ctx.elem(StructKind::ListItem, elem);
        let lbl = ctx.elem(StructKind::Label, li);
        let body = ctx.elem(StructKind::ListBody, li);
        let mut f = inner.clone();
        f.parent = body;
        f.list_depth += 1;
        let item_start = out.len();
        blocks(ctx, &f, &item.blocks, out);
        if out.len() == item_start {
            out.push(Row {
                height: frame.leading,
                baseline: frame.leading * 0.7,
                decos: frame.decos.clone(),
                ..Row::default()
            });
        }
        let space = if i == 0 {
            Pt::ZERO
        } else if tight {
            frame.size * 0.2
        } else {
            gap(frame)
        };
        out[item_start].space_before = space;
        let baseline = match out[item_start].baseline {
            b if b > Pt::ZERO => b,
            _ => frame.leading * 0.7,
        };
        let marker_right = frame.left + indent - frame.size * 0.45;
        // The marker is drawn before the item's text, so the label comes first in reading order.
        let mut marker = Row::default();
        match item.task {
            Some(checked) => task_box(
                &mut marker,
                marker_right,
                baseline,
                frame.size,
                checked,
                lbl,
            ),
            None => {
                let text = match start {
                    Some(s) => format!("{}.", s.saturating_add(i as u64)),
                    None => ["•", "–", "·"][frame.list_depth % 3].to_string(),
                };
                let line = shape_line(&text, marker_style, &ctx.lang, ctx.fonts, ctx.cache);
                let x = marker_right - line.width;
                push_runs(&mut marker.items, line.runs, (x, baseline), frame.ink, lbl);
            }
        }
        let first = &mut out[item_start];
        marker.items.append(&mut first.items);
        first.items = marker.items;
    }
    if let Some(first) = out.get_mut(list_start) {
        first.space_before = gap(frame);
    }
}

/// A task-list box (drawn, so no font needs a ballot-box glyph), checked or not.
fn task_box(
    row: &mut Row,
    right: Pt,
    baseline: Pt,
    size: Pt,
    checked: bool,
    elem: Option<StructId>,
) {
    let s = size * 0.72;
    let x = right - s;
    let y = baseline - s * 0.95;
    let color = if checked { Rgb(0x2e, 0x6d, 0xb4) } else { GREY };
    let t = Pt(0.7);
    let rect = Rect {
        x,
        y,
        width: s,
        height: s,
    };
    push_outline(&mut row.items, rect, t, color, elem);
    if checked {
        row.items.push(PageItem {
            kind: ItemKind::Rect { rect, color },
            elem,
        });
        let w = Rgb(255, 255, 255);
        let th = s * 0.14;
        for stroke in [
            (x + s * 0.2, y + s * 0.52, x + s * 0.42, y + s * 0.75),
            (x + s * 0.42, y + s * 0.75, x + s * 0.8, y + s * 0.25),
        ] {
            row.items.push(PageItem::rule(stroke, th, w, elem));
        }
    }
}
