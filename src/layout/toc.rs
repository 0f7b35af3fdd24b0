//! Front matter: the title page and the table of contents (leader dots, right-aligned page
//! numbers, every entry clickable). Laid out after the body, when page numbers are known;
//! the numbers shown are body page labels, so the length of the front matter never changes them.

use super::context::{Ctx, Frame, MAX_INDENT_SHARE};
use super::flow::{BodyPage, Row};
use super::paged::{ItemKind, LinkArea, LinkTarget, PageItem, Rect, StructKind, push_runs};
use super::paragraph::{Builder, Setup, set_rows};
use super::style::{GREY, INK};
use crate::diag::Span;
use crate::font::{Family, Pt};
use crate::model::BookMeta;
use crate::text::{Glyph, GlyphRun, TextStyle, shape_line};

/// One line of the table of contents.
#[derive(Clone, Debug)]
pub(crate) struct TocLine {
    /// Nesting level (0 = part, 1 = chapter).
    pub level: u8,
    /// Shown text.
    pub title: String,
    /// Destination it links to.
    pub dest: String,
    /// Body page label (arabic).
    pub page: usize,
}

fn sans(size: Pt, bold: bool) -> TextStyle {
    TextStyle {
        family: Family::Sans,
        bold,
        italic: false,
        size,
        baseline_shift: Pt::ZERO,
        tag: 0,
    }
}

fn serif(size: Pt) -> TextStyle {
    TextStyle {
        family: Family::Serif,
        bold: false,
        italic: false,
        size,
        baseline_shift: Pt::ZERO,
        tag: 0,
    }
}

/// The title page: title, authors, date and description centred in the upper third, the
/// imprint (series, publisher, rights) at the foot, as the EPUB's title page has them.
pub(crate) fn title_page(ctx: &mut Ctx<'_>, title: &str, meta: &BookMeta) -> BodyPage {
    let m = ctx.m.clone();
    let mut page = BodyPage::default();
    let elem = ctx.elem(StructKind::Title, None);
    let frame = Frame {
        left: m.left,
        width: m.width,
        decos: Vec::new(),
        parent: elem,
        list_depth: 0,
        nest: 0,
        indent_room: m.width * MAX_INDENT_SHARE,
        ink: INK,
        size: m.base,
        leading: m.leading,
        spacing: m.spacing,
    };
    let mut y = m.top + m.height * 0.28;
    let pieces: Vec<(String, TextStyle, super::paged::Rgb, Pt)> = {
        let mut v = vec![(
            title.to_string(),
            sans(m.base * 2.5, true),
            INK,
            m.base * 3.3,
        )];
        if !meta.authors.is_empty() {
            let authors = meta.authors.join(", ");
            v.push((authors, serif(m.base * 1.3), INK, m.base * 2.2));
        }
        if let Some(d) = meta.date {
            v.push((d.to_w3c(), serif(m.base), GREY, m.leading));
        }
        let description = meta.description.as_deref().map(str::trim);
        if let Some(d) = description.filter(|d| !d.is_empty()) {
            v.push((d.to_string(), serif(m.base), GREY, m.leading));
        }
        v
    };
    let lang = ctx.lang.clone();
    for (i, (text, style, color, leading)) in pieces.into_iter().enumerate() {
        if i == 1 {
            y += m.base * 2.5;
            page.items.push(PageItem {
                kind: ItemKind::Rule {
                    x1: m.left + m.width * 0.4,
                    y1: y,
                    x2: m.left + m.width * 0.6,
                    y2: y,
                    thickness: Pt(0.8),
                    color: GREY,
                },
                elem: None,
            });
            y += m.base * 2.0;
        }
        let mut b = Builder::new(ctx, elem);
        b.plain(&text, style, color, &Span::default());
        let built = b.finish(&lang, &Span::default());
        let setup = Setup::centered(leading, elem);
        for row in set_rows(ctx, &built, &frame, &setup) {
            for it in row.items {
                let mut it = it;
                if let ItemKind::Text { y: ty, .. } = &mut it.kind {
                    *ty += y;
                }
                page.items.push(it);
            }
            y += row.height;
        }
    }
    imprint_lines(ctx, &frame, elem, &meta.imprint(), &mut page);
    page.dests.push(("title".to_string(), m.top));
    page
}

/// The imprint, small and grey, its last line at the foot of the text block.
fn imprint_lines(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    elem: Option<super::paged::StructId>,
    lines: &[String],
    page: &mut BodyPage,
) {
    let m = ctx.m.clone();
    let size = m.base * 0.85;
    let leading = size * 1.5;
    let lang = ctx.lang.clone();
    let mut y = m.top + m.height - leading * lines.len() as f32;
    for line in lines {
        let mut b = Builder::new(ctx, elem);
        b.plain(line, serif(size), GREY, &Span::default());
        let built = b.finish(&lang, &Span::default());
        for row in set_rows(ctx, &built, frame, &Setup::centered(leading, elem)) {
            for mut it in row.items {
                if let ItemKind::Text { y: ty, .. } = &mut it.kind {
                    *ty += y;
                }
                page.items.push(it);
            }
            y += row.height;
        }
    }
}

/// Rows of the table of contents.
pub(crate) fn toc_rows(ctx: &mut Ctx<'_>, entries: &[TocLine]) -> Vec<Row> {
    let m = ctx.m.clone();
    let toc = ctx.elem(StructKind::Toc, None);
    let mut rows = Vec::new();
    // The contents heading, in the book's language.
    let title = crate::resolve::Labels::for_lang(&ctx.lang).toc;
    let head = ctx.elem(StructKind::Heading(1, title.into()), toc);
    let line = shape_line(
        title,
        sans(m.heading_size(0), true),
        &ctx.lang,
        ctx.fonts,
        ctx.cache,
    );
    let h = m.heading_size(0) * 1.3;
    let mut row = Row {
        height: h + m.base * 2.0,
        keep_with_next: true,
        ..Row::default()
    };
    push_runs(&mut row.items, line.runs, (m.left, h * 0.8), INK, head);
    row.dests.push(("toc".to_string(), Pt::ZERO));
    rows.push(row);
    let num_w = m.base * 3.0;
    let dot = shape_line(".", serif(m.base), &ctx.lang, ctx.fonts, ctx.cache);
    let lang = ctx.lang.clone();
    for e in entries {
        let item = ctx.elem(StructKind::TocItem, toc);
        let link = ctx.elem(StructKind::Link, item);
        let chapter = e.level <= 1;
        let size = match e.level {
            0 => m.base * 1.15,
            1 => m.base,
            _ => m.base * 0.93,
        };
        let style = if chapter {
            sans(size, true)
        } else {
            serif(size)
        };
        let indent = m.base * 1.6 * f32::from(e.level.saturating_sub(1));
        let frame = Frame {
            left: m.left + indent,
            width: m.width - indent - num_w - m.base,
            decos: Vec::new(),
            parent: link,
            list_depth: 0,
            nest: 0,
            indent_room: m.width * MAX_INDENT_SHARE,
            ink: INK,
            size,
            leading: m.leading,
            spacing: m.spacing,
        };
        let mut b = Builder::new(ctx, link);
        b.plain(&e.title, style, INK, &Span::default());
        let built = b.finish(&lang, &Span::default());
        let setup = Setup::left(size * 1.65, link);
        let mut lines = set_rows(ctx, &built, &frame, &setup);
        if lines.is_empty() {
            continue;
        }
        let n = lines.len();
        let top_gap = match e.level {
            0 => m.base * 1.4,
            1 => m.base * 0.6,
            _ => Pt::ZERO,
        };
        lines[0].space_before = top_gap;
        for (i, r) in lines.iter_mut().enumerate() {
            r.keep_with_next = i + 1 < n;
            let text_right = r.items.iter().filter_map(|it| match &it.kind {
                ItemKind::Text { x, run, .. } => Some(*x + run.width),
                _ => None,
            });
            let text_right = text_right.fold(frame.left, Pt::max);
            r.links.push(LinkArea {
                rect: Rect {
                    x: frame.left,
                    y: Pt::ZERO,
                    width: m.left + m.width - frame.left,
                    height: r.height,
                },
                target: LinkTarget::Named(e.dest.clone()),
                elem: link,
            });
            if i + 1 == n {
                let number =
                    shape_line(&e.page.to_string(), style, &ctx.lang, ctx.fonts, ctx.cache);
                let nx = m.left + m.width - number.width;
                let y = r.baseline;
                if let Some(leader) = leaders(
                    &dot,
                    text_right + m.base * 0.5,
                    nx - m.base * 0.5,
                    m.left,
                    m.base * 0.55,
                ) {
                    r.items.push(PageItem {
                        kind: ItemKind::Text {
                            x: leader.x,
                            y,
                            run: leader,
                            color: GREY,
                        },
                        elem: None,
                    });
                }
                for run in number.runs {
                    let x = nx + run.x;
                    r.items.push(PageItem {
                        kind: ItemKind::Text {
                            x,
                            y,
                            run,
                            color: INK,
                        },
                        elem: link,
                    });
                }
            }
        }
        rows.extend(lines);
    }
    rows
}

/// A run of leader dots between `from` and `to`, on a grid from `origin` so dots of
/// successive lines align vertically. The run's `x` is its absolute start.
fn leaders(dot: &crate::text::Line, from: Pt, to: Pt, origin: Pt, step: Pt) -> Option<GlyphRun> {
    let proto = dot.runs.first()?;
    let g = proto.glyphs.first()?;
    let first = ((from - origin).0 / step.0).ceil().max(0.0);
    let start = origin + step * first;
    let count = ((to - start).0 / step.0).floor();
    if count < 2.0 {
        return None;
    }
    let count = count as usize;
    let mut run = proto.clone();
    run.x = start;
    run.width = step * count as f32;
    run.text = ".".repeat(count);
    run.source = 0..count;
    run.glyphs = (0..count)
        .map(|i| Glyph {
            x_advance: step,
            text: i as u32..i as u32 + 1,
            ..g.clone()
        })
        .collect();
    Some(run)
}
