//! Footnotes: each definition is laid out once, small, at the text width, before the body;
//! a row citing it carries it, and pagination puts it at the bottom of that page under a
//! short rule. Linked both ways: the superscript number goes to `cNNN/<id>`, the number in
//! front of the note goes back to `cNNN/fnref-<id>`.

use super::blocks::blocks;
use super::context::{Ctx, Frame, MAX_INDENT_SHARE};
use super::flow::Row;
use super::paged::{ItemKind, LinkArea, LinkTarget, PageItem, Rect, StructKind};
use super::style::INK;
use crate::font::{Family, Pt};
use crate::text::{TextStyle, shape_line};
use std::sync::Arc;

/// Lays out every footnote of the chapter into `ctx.footnotes`.
pub(crate) fn prepare_footnotes(ctx: &mut Ctx<'_>) {
    let chapter = ctx.chapter;
    let section = if ctx.elems.is_empty() {
        None
    } else {
        Some(super::paged::StructId(0))
    };
    ctx.in_footnote = true;
    for note in &chapter.footnotes {
        let elem = ctx.elem(StructKind::Note, section);
        let size = ctx.m.note;
        let label_w = size * 1.8;
        let frame = Frame {
            left: ctx.m.left + label_w,
            width: ctx.m.width - label_w,
            decos: Vec::new(),
            parent: elem,
            list_depth: 0,
            nest: 0,
            indent_room: ctx.m.width * MAX_INDENT_SHARE,
            ink: INK,
            size,
            leading: size * 1.5,
            spacing: ctx.m.spacing,
        };
        let mut rows: Vec<Row> = Vec::new();
        blocks(ctx, &frame, &note.blocks, &mut rows);
        if rows.is_empty() {
            rows.push(Row {
                height: frame.leading,
                baseline: frame.leading * 0.7,
                ..Row::default()
            });
        }
        for r in rows.iter_mut() {
            // Inside a footnote, rows never wait for a next page: they are placed as one piece.
            r.keep_with_next = false;
            r.footnotes.clear();
        }
        rows[0].space_before = size * 0.35;
        rows[0].dests.push((ctx.local_dest(&note.id), Pt::ZERO));
        // The number in front of the note, linking back to where it is cited.
        let link = ctx.elem(StructKind::Link, elem);
        let label = format!("{}.", note.number);
        let style = TextStyle {
            family: Family::Sans,
            bold: false,
            italic: false,
            size: size * 0.95,
            baseline_shift: Pt::ZERO,
            tag: 0,
        };
        let line = shape_line(&label, style, &ctx.lang, ctx.fonts, ctx.cache);
        let baseline = rows[0].baseline;
        let x = ctx.m.left;
        let width = line.width;
        // The number comes first in reading order: insert it before the note's text.
        for (k, run) in line.runs.into_iter().enumerate() {
            let rx = x + run.x;
            rows[0].items.insert(
                k,
                PageItem {
                    kind: ItemKind::Text {
                        x: rx,
                        y: baseline,
                        run,
                        color: ctx.m.link,
                    },
                    elem: link,
                },
            );
        }
        let target = LinkTarget::Named(ctx.local_dest(&format!("fnref-{}", note.id)));
        rows[0].links.push(LinkArea {
            rect: Rect {
                x,
                y: baseline - size * 0.95,
                width,
                height: size * 1.25,
            },
            target,
            elem: link,
        });
        ctx.footnotes.insert(note.id.clone(), Arc::new(rows));
    }
    ctx.in_footnote = false;
}
