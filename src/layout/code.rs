//! Code blocks and display math: the mono font on the shared code background, coloured by the
//! shared token stream and code palette ([`crate::resolve::highlight`], as in the EPUB), long lines wrapped
//! with a continuation mark at the right edge, one row per visual line so a block splits
//! across pages.

use super::blocks::container_done;
use super::context::{Ctx, Frame};
use super::flow::{Deco, Row};
use super::paged::{PageItem, StructId, StructKind, push_runs};
use super::paragraph::{Builder, Setup, set_rows};
use super::style::{CODE_BG, GREY, INK, plain_style, rgb};
use crate::font::{Family, Pt};
use crate::resolve::highlight_code;
use crate::resolve::palette::token_color;
use crate::text::{TextStyle, shape_line};

/// The continuation mark drawn where a code line wraps: the first of ↩ ⏎ ↵ the mono chain
/// covers, else `None` (a drawn hook is used).
fn continuation_mark(ctx: &Ctx<'_>) -> Option<&'static str> {
    ["↩", "⏎", "↵"].into_iter().find(|m| {
        m.chars()
            .next()
            .is_some_and(|c| ctx.fonts.face_for_char(Family::Mono, false, c).is_some())
    })
}

/// Rows of a code block.
pub(crate) fn code_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    lang: Option<&str>,
    text: &str,
    span: &crate::diag::Span,
    out: &mut Vec<Row>,
) {
    let elem = ctx.elem(StructKind::Code, frame.parent);
    let size = frame.size * 0.86;
    let leading = size * 1.5;
    let pad = size * 0.9;
    let mut f = frame.clone();
    f.decos.push(Deco {
        x: frame.left,
        width: frame.width,
        color: CODE_BG,
        extend_up: false,
    });
    let mark = continuation_mark(ctx);
    let mark_w = size * 1.2;
    f.left += pad;
    f.width -= pad * 2.0 + mark_w;
    f.leading = leading;
    f.size = size;
    let start = out.len();
    out.push(Row {
        height: pad * 0.7,
        decos: f.decos.clone(),
        keep_with_next: true,
        ..Row::default()
    });
    let lang_tag = ctx.lang.clone();
    for pieces in highlight_code(lang, text).iter() {
        let mut b = Builder::new(ctx, elem);
        for (class, piece) in pieces.iter() {
            let piece = piece.replace('\t', "    ");
            b.plain(&piece, mono(size), rgb(token_color(*class)), span);
        }
        let built = b.finish(&lang_tag, span);
        let setup = Setup::left(leading, elem);
        let mut rows = set_rows(ctx, &built, &f, &setup);
        if rows.is_empty() {
            rows.push(Row {
                height: leading,
                decos: f.decos.clone(),
                ..Row::default()
            });
        }
        let n = rows.len();
        for r in rows.iter_mut().take(n - 1) {
            draw_mark(ctx, r, mark, f.left + f.width + size * 0.3, size);
        }
        out.extend(rows);
    }
    out.push(Row {
        height: pad * 0.7,
        decos: f.decos.clone(),
        ..Row::default()
    });
    container_done(out, start, frame.decos.len(), frame.size * 0.8);
}

fn mono(size: Pt) -> TextStyle {
    plain_style(Family::Mono, size)
}

/// Continuation mark at the right end of a wrapped line (an artifact: not part of the code).
fn draw_mark(ctx: &Ctx<'_>, row: &mut Row, mark: Option<&str>, x: Pt, size: Pt) {
    let y = row.baseline;
    match mark {
        Some(m) => {
            let line = shape_line(m, mono(size), "und", ctx.fonts, ctx.cache);
            push_runs(&mut row.items, line.runs, (x, y), GREY, None);
        }
        None => {
            // A drawn hook arrow: down from the line end, then left.
            let (x0, y0, x1, y1) = (
                x + size * 0.7,
                y - size * 0.6,
                x + size * 0.15,
                y - size * 0.15,
            );
            for stroke in [
                (x0, y0, x0, y1),
                (x0, y1, x1, y1),
                (x1, y1, x1 + size * 0.2, y1 - size * 0.2),
                (x1, y1, x1 + size * 0.2, y1 + size * 0.2),
            ] {
                row.items
                    .push(PageItem::rule(stroke, size * 0.07, GREY, None));
            }
        }
    }
}

/// Display math as TeX source in the mono font, centred: the fallback for a formula latex-rust
/// cannot typeset.
pub(crate) fn math_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    tex: &str,
    elem: Option<StructId>,
    out: &mut Vec<Row>,
) {
    let size = frame.size * 0.92;
    let mut f = frame.clone();
    f.leading = size * 1.6;
    f.size = size;
    let lang = ctx.lang.clone();
    let start = out.len();
    for line in tex.trim().split('\n') {
        let mut b = Builder::new(ctx, elem);
        b.plain(line.trim(), mono(size), INK, &crate::diag::Span::default());
        let built = b.finish(&lang, &crate::diag::Span::default());
        let setup = Setup::centered(f.leading, elem);
        out.extend(set_rows(ctx, &built, &f, &setup));
    }
    if let Some(first) = out.get_mut(start) {
        first.space_before = frame.size * 0.8;
    }
}
