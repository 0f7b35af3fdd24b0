//! Model blocks → rows: chapter title, headings, paragraphs, lists (see `list`),
//! block quotes, callouts, rules, display math, embeds; code, tables and figures have their
//! own files. Rows get their spacing, keeps and container decorations here.

use super::context::{Ctx, Frame, MAX_INDENT_SHARE};
use super::flow::{Deco, Row};
use super::paged::{ItemKind, LinkTarget, PageItem, Rgb, StructId, StructKind};
use super::paragraph::{Builder, Setup, keep_lines, set_rows};
use super::style::{GREY, INK, RULE, bold_sans, plain_style, rgb};
use super::{code, figure, list, math, table};
use crate::font::{Family, Pt};
use crate::model::{Block, BlockKind, Inline, plain_text};
use crate::resolve::labels::CALLOUT_TITLE_SEPARATOR;
use crate::resolve::{Labels, callout_colors, heading_level};
use crate::text::TextStyle;

/// The frame of a chapter's body.
pub(crate) fn body_frame(ctx: &Ctx<'_>, parent: Option<StructId>) -> Frame {
    Frame {
        left: ctx.m.left,
        width: ctx.m.width,
        decos: Vec::new(),
        parent,
        list_depth: 0,
        nest: 0,
        indent_room: ctx.m.width * MAX_INDENT_SHARE,
        ink: INK,
        size: ctx.m.base,
        leading: ctx.m.leading,
        spacing: ctx.m.spacing,
    }
}

/// Rows of a whole chapter: title, then body blocks.
pub(crate) fn chapter_rows(
    ctx: &mut Ctx<'_>,
    break_before: bool,
    opens_part: Option<&crate::model::Part>,
) -> Vec<Row> {
    let mut out = Vec::new();
    if let Some(part) = opens_part {
        part_page_rows(ctx, part, &mut out);
    }
    let break_before = break_before || opens_part.is_some();
    let section = ctx.elem(StructKind::Section, None);
    if let (Some(s), Some(lang)) = (section, ctx.chapter.lang.clone()) {
        ctx.elems[s.0 as usize].lang = Some(lang.as_str().to_string());
    }
    let frame = body_frame(ctx, section);
    let title_at = out.len();
    title_rows(ctx, &frame, &mut out);
    if let Some(first) = out.get_mut(title_at) {
        first.break_before = break_before;
        first.space_before = if break_before {
            Pt::ZERO
        } else {
            ctx.m.base * 3.0
        };
    }
    super::footnote::prepare_footnotes(ctx);
    let chapter = ctx.chapter;
    let starts = blocks_at(ctx, &frame, &chapter.blocks, &mut out);
    // In block order, so that a block without rows leaves its mark to the next one.
    for (i, start) in starts.into_iter().enumerate() {
        if let Some(row) = out.get_mut(start) {
            row.starts_block = Some(i);
        }
    }
    out
}

/// A part's page: its title, large and centred a third of the way down a page of its own
/// (the chapter after it starts a new page), the part's destination at its top.
fn part_page_rows(ctx: &mut Ctx<'_>, part: &crate::model::Part, out: &mut Vec<Row>) {
    let size = ctx.m.heading_size(0) * 1.35;
    let elem = ctx.elem(StructKind::Heading(1, part.title.clone()), None);
    let frame = body_frame(ctx, elem);
    let span = ctx.chapter.span.clone();
    let lang = ctx.lang.clone();
    let mut b = Builder::new(ctx, elem);
    b.plain(&part.title, bold_sans(size), INK, &span);
    let built = b.finish(&lang, &span);
    let mut rows = set_rows(ctx, &built, &frame, &Setup::centered(size * 1.3, elem));
    if rows.is_empty() {
        rows.push(Row {
            height: size * 1.3,
            ..Row::default()
        });
    }
    // An empty row opens the page and lowers the title (space before a page's first row is
    // dropped); it carries the part's destination.
    out.push(Row {
        height: ctx.m.height * 0.3,
        break_before: true,
        keep_with_next: true,
        dests: vec![(part.id.clone(), Pt::ZERO)],
        ..Row::default()
    });
    out.extend(rows);
}

fn title_rows(ctx: &mut Ctx<'_>, frame: &Frame, out: &mut Vec<Row>) {
    let title = ctx.chapter.title.clone();
    let size = ctx.m.heading_size(0);
    let elem = ctx.elem(StructKind::Heading(1, title.clone()), frame.parent);
    let span = ctx.chapter.span.clone();
    let lang = ctx.lang.clone();
    let mut b = Builder::new(ctx, elem);
    b.plain(&title, bold_sans(size), INK, &span);
    let built = b.finish(&lang, &span);
    let setup = Setup::left(size * 1.3, elem);
    let mut rows = set_rows(ctx, &built, frame, &setup);
    if rows.is_empty() {
        rows.push(Row {
            height: size * 1.3,
            ..Row::default()
        });
    }
    let chapter_dest = ctx.chapter.id.clone();
    let title_dest = ctx.local_dest(&ctx.chapter.title_id.clone());
    rows[0].dests.push((chapter_dest, Pt::ZERO));
    rows[0].dests.push((title_dest, Pt::ZERO));
    for r in rows.iter_mut() {
        r.keep_with_next = true;
    }
    // A rule under the title, then the note's byline and tags (`meta_rows`).
    let mut rule = Row {
        height: ctx.m.base * 1.6,
        keep_with_next: true,
        ..Row::default()
    };
    rule.items.push(PageItem {
        kind: ItemKind::Rule {
            x1: frame.left,
            y1: ctx.m.base * 0.5,
            x2: frame.left + frame.width,
            y2: ctx.m.base * 0.5,
            thickness: Pt(0.6),
            color: RULE,
        },
        elem: None,
    });
    out.extend(rows);
    out.push(rule);
    meta_rows(ctx, frame, out);
}

/// The note's authors and date, then its tags, under the title in small grey sans, as the
/// EPUB prints them (the same words: `ChapterMeta::byline`, `tag_words`).
fn meta_rows(ctx: &mut Ctx<'_>, frame: &Frame, out: &mut Vec<Row>) {
    let meta = &ctx.chapter.meta;
    let tags = meta.tag_words().join(" ");
    let lines: Vec<String> = meta
        .byline()
        .into_iter()
        .chain((!tags.is_empty()).then_some(tags))
        .collect();
    let span = ctx.chapter.span.clone();
    let lang = ctx.lang.clone();
    let size = ctx.m.base * 0.85;
    for text in lines {
        let elem = ctx.elem(StructKind::Paragraph, frame.parent);
        let mut b = Builder::new(ctx, elem);
        b.plain(&text, plain_style(Family::Sans, size), GREY, &span);
        let built = b.finish(&lang, &span);
        let mut rows = set_rows(ctx, &built, frame, &Setup::left(size * 1.5, elem));
        for r in rows.iter_mut() {
            r.keep_with_next = true;
        }
        if let Some(last) = rows.last_mut() {
            last.height += size * 0.4;
        }
        out.extend(rows);
    }
}

/// Lays out `blocks` in `frame`, appending rows to `out`.
pub(crate) fn blocks(ctx: &mut Ctx<'_>, frame: &Frame, blocks: &[Block], out: &mut Vec<Row>) {
    blocks_at(ctx, frame, blocks, out);
}

/// [`blocks`], returning the index in `out` of each block's first row.
fn blocks_at(ctx: &mut Ctx<'_>, frame: &Frame, blocks: &[Block], out: &mut Vec<Row>) -> Vec<usize> {
    let mut starts = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let start = out.len();
        starts.push(start);
        block(ctx, frame, b, out);
        if let Some(anchor) = &b.anchor {
            // A block id (`^id`): links land on the block's first row.
            let dest = ctx.local_dest(anchor);
            if let Some(r) = out.get_mut(start) {
                r.dests.push((dest, Pt::ZERO));
            }
        }
        if i == 0
            && let Some(r) = out.get_mut(start)
        {
            // The first block of a container sits closer to what precedes it.
            r.space_before = r.space_before.min(frame.size * 0.4);
        }
    }
    starts
}

/// Space between blocks of a frame.
pub(crate) fn gap(frame: &Frame) -> Pt {
    frame.size * frame.spacing
}

/// The frame of a quote or an embedded note: indented, with a bar of `color` at the left per
/// level while there is room for it (deeper levels keep the last bar), and its structure
/// element (a block quote).
fn barred_frame(ctx: &mut Ctx<'_>, frame: &Frame, color: Rgb) -> (Frame, Option<StructId>) {
    let elem = ctx.elem(StructKind::BlockQuote, frame.parent);
    let (mut f, indent) = frame.nested(frame.size * 1.3, Pt::ZERO);
    if indent.0 >= 4.0 {
        f.decos.push(Deco {
            x: frame.left + Pt(1.0),
            width: Pt(2.2),
            color,
            extend_up: false,
        });
    }
    f.parent = elem;
    (f, elem)
}

/// Sets `inlines` as a paragraph of `frame`'s body style.
pub(crate) fn paragraph_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    inlines: &[Inline],
    elem: Option<StructId>,
    style: TextStyle,
    justify: bool,
    src: &crate::diag::Span,
) -> Vec<Row> {
    let lang = ctx.lang.clone();
    let mut b = Builder::new(ctx, elem);
    b.inlines(inlines, style, frame.ink);
    let built = b.finish(&lang, src);
    let setup = Setup {
        leading: frame.leading * (style.size.0 / frame.size.0).max(1.0),
        justify,
        center: false,
        right: false,
        first_indent: Pt::ZERO,
        elem,
    };
    set_rows(ctx, &built, frame, &setup)
}

/// Body text style of a frame.
pub(crate) fn body_style_of(frame: &Frame) -> TextStyle {
    plain_style(Family::Serif, frame.size)
}

fn block(ctx: &mut Ctx<'_>, frame: &Frame, b: &Block, out: &mut Vec<Row>) {
    match &b.kind {
        BlockKind::Paragraph(inlines) => {
            let elem = ctx.elem(StructKind::Paragraph, frame.parent);
            let mut rows = paragraph_rows(
                ctx,
                frame,
                inlines,
                elem,
                body_style_of(frame),
                ctx.options.justify,
                &b.span,
            );
            keep_lines(&mut rows);
            push_rows(out, rows, gap(frame));
        }
        BlockKind::Heading { level, id, content } => {
            heading(ctx, frame, level.get(), id, content, &b.span, out)
        }
        BlockKind::List {
            start,
            tight,
            items,
        } => list::list_rows(ctx, frame, *start, *tight, items, out),
        BlockKind::Quote(inner) => {
            let (mut f, _) = barred_frame(ctx, frame, RULE);
            f.ink = Rgb(0x44, 0x44, 0x44);
            let start = out.len();
            blocks(ctx, &f, inner, out);
            container_done(out, start, frame.decos.len(), gap(frame));
        }
        BlockKind::Callout {
            kind,
            title,
            blocks: inner,
            ..
        } => callout(
            ctx,
            frame,
            kind.as_str(),
            title.as_deref(),
            inner,
            &b.span,
            out,
        ),
        BlockKind::Code { lang, text } => {
            code::code_rows(ctx, frame, lang.as_deref(), text, &b.span, out)
        }
        BlockKind::Table {
            align,
            header,
            rows,
        } => table::table_rows(ctx, frame, align, header, rows, &b.span, out),
        BlockKind::Figure { image, caption } => {
            figure::figure_rows(ctx, frame, image, caption, &b.span, out)
        }
        BlockKind::Media { src, .. } => figure::media_rows(ctx, frame, src, &b.span, out),
        BlockKind::Math(tex) => {
            let elem = ctx.elem(StructKind::Formula(tex.clone()), frame.parent);
            math::display_rows(ctx, frame, tex, elem, &b.span, out);
        }
        BlockKind::Rule => {
            let h = frame.leading * 1.2;
            let mut row = Row {
                height: h,
                space_before: gap(frame),
                decos: frame.decos.clone(),
                ..Row::default()
            };
            let w = frame.width * 0.3;
            let x = frame.left + (frame.width - w) / 2.0;
            row.items.push(PageItem {
                kind: ItemKind::Rule {
                    x1: x,
                    y1: h / 2.0,
                    x2: x + w,
                    y2: h / 2.0,
                    thickness: Pt(0.6),
                    color: RULE,
                },
                elem: None,
            });
            out.push(row);
        }
        BlockKind::Embed {
            chapter,
            title,
            blocks: inner,
        } => {
            let (f, elem) = barred_frame(ctx, frame, Rgb(0x9c, 0xb4, 0xd8));
            let start = out.len();
            // The embedded note's title, linking to the note itself.
            let lang = ctx.lang.clone();
            let p = ctx.elem(StructKind::Paragraph, elem);
            let target = ctx.dest_name(chapter.0, None).map(LinkTarget::Named);
            let link = ctx.m.link;
            let mut bl = Builder::new(ctx, p);
            let style = bold_sans(frame.size * 0.92);
            match target {
                Some(t) => bl.linked(title, style, link, t, &b.span),
                None => bl.plain(title, style, GREY, &b.span),
            }
            let built = bl.finish(&lang, &b.span);
            let setup = Setup::left(frame.leading, p);
            let mut rows = set_rows(ctx, &built, &f, &setup);
            if let Some(l) = rows.last_mut() {
                l.keep_with_next = true;
            }
            out.extend(rows);
            blocks(ctx, &f, inner, out);
            container_done(out, start, frame.decos.len(), gap(frame));
        }
    }
}

/// Appends a block's rows, giving the first the space before the block.
pub(crate) fn push_rows(out: &mut Vec<Row>, mut rows: Vec<Row>, space: Pt) {
    if let Some(first) = rows.first_mut() {
        first.space_before = first.space_before.max(space);
    }
    out.extend(rows);
}

/// After a container's rows are in `out[start..]`: its decoration (at `depth`) also covers
/// the gaps between its rows, and the container gets space before it.
pub(crate) fn container_done(out: &mut [Row], start: usize, depth: usize, space: Pt) {
    for (i, r) in out[start..].iter_mut().enumerate() {
        if let Some(d) = r.decos.get_mut(depth) {
            d.extend_up = i > 0;
        }
    }
    if let Some(first) = out.get_mut(start) {
        first.space_before = space;
    }
}

fn heading(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    level: u8,
    id: &str,
    content: &[Inline],
    span: &crate::diag::Span,
    out: &mut Vec<Row>,
) {
    let level = level.clamp(1, 6);
    let size = ctx.m.heading_size(level);
    let title = plain_text(content);
    // The chapter title is level 1 of the outline; H1 and H2 of the body sit under it.
    let depth = heading_level(level);
    let elem = ctx.elem(StructKind::Heading(depth, title.clone()), frame.parent);
    let style = bold_sans(size);
    let mut f = frame.clone();
    f.leading = size * 1.4;
    f.size = size;
    let mut rows = paragraph_rows(ctx, &f, content, elem, style, false, span);
    if rows.is_empty() {
        return;
    }
    let dest = ctx.local_dest(id);
    rows[0].dests.push((dest, Pt::ZERO));
    for r in rows.iter_mut() {
        r.keep_with_next = true;
    }
    if let Some(last) = rows.last_mut() {
        // Space after the heading belongs to the heading (it keeps with the next block).
        last.height += size * 0.25;
    }
    let before = if level <= 2 { size * 1.1 } else { size * 0.9 };
    push_rows(out, rows, before);
}

fn callout(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    kind: &str,
    title: Option<&[Inline]>,
    inner: &[Block],
    span: &crate::diag::Span,
    out: &mut Vec<Row>,
) {
    let elem = ctx.elem(StructKind::BlockQuote, frame.parent);
    let colors = callout_colors(kind);
    let (accent, tint) = (rgb(colors.accent), rgb(colors.background));
    let pad = frame.size * 0.9;
    let (mut f, _) = frame.nested(pad, pad * 0.8);
    f.decos.push(Deco {
        x: frame.left,
        width: frame.width,
        color: tint,
        extend_up: false,
    });
    f.decos.push(Deco {
        x: frame.left,
        width: Pt(2.5),
        color: accent,
        extend_up: false,
    });
    f.parent = elem;
    let start = out.len();
    out.push(Row {
        height: frame.size * 0.5,
        decos: f.decos.clone(),
        keep_with_next: true,
        ..Row::default()
    });
    callout_heading(ctx, &f, kind, title, (elem, rgb(colors.title)), span, out);
    blocks(ctx, &f, inner, out);
    out.push(Row {
        height: frame.size * 0.7,
        decos: f.decos.clone(),
        ..Row::default()
    });
    let depth = frame.decos.len();
    container_done(out, start, depth, gap(frame));
    container_done(out, start, depth + 1, gap(frame));
}

/// A callout's heading line, kept with what follows: its kind's label (and a title that does
/// not repeat it) in the palette's title colour `ink`, as the EPUB shows it.
fn callout_heading(
    ctx: &mut Ctx<'_>,
    f: &Frame,
    kind: &str,
    title: Option<&[Inline]>,
    (elem, ink): (Option<StructId>, Rgb),
    span: &crate::diag::Span,
    out: &mut Vec<Row>,
) {
    let p = ctx.elem(StructKind::Paragraph, elem);
    let lang = ctx.lang.clone();
    let head =
        Labels::for_lang(&lang).callout_heading(kind, &title.map(plain_text).unwrap_or_default());
    let style = bold_sans(f.size * 0.95);
    let mut b = Builder::new(ctx, p);
    if let Some(label) = &head.label {
        b.plain(label, style, ink, span);
    }
    if let Some(t) = title.filter(|_| head.title) {
        if head.label.is_some() {
            b.plain(CALLOUT_TITLE_SEPARATOR, style, ink, span);
        }
        b.inlines(t, style, ink);
    }
    let built = b.finish(&lang, span);
    let setup = Setup::left(f.leading, p);
    let mut rows = set_rows(ctx, &built, f, &setup);
    for r in rows.iter_mut() {
        r.keep_with_next = true;
    }
    out.extend(rows);
}
