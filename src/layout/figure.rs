//! Figures: an image scaled to fit the text width and the page height (never cut: an image
//! row is atomic and moves to the next page), centred, with its caption kept under it. A
//! missing or undrawable image becomes a visible placeholder box naming the file.

use super::context::{Ctx, Frame};
use super::flow::Row;
use super::paged::{ItemKind, PageItem, Rect, StructKind, push_outline};
use super::paragraph::{Builder, Setup, set_rows};
use super::style::{GREY, PLACEHOLDER_BG, RULE, plain_style};
use super::svg::svg_tree;
use crate::diag::Span;
use crate::font::{Family, Pt};
use crate::model::{Asset, Image, Inline};
use crate::resolve::Labels;
use std::sync::Arc;

/// Rows of a figure.
pub(crate) fn figure_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    image: &Image,
    caption: &[Inline],
    span: &Span,
    out: &mut Vec<Row>,
) {
    // PDF/UA-1 §7.3: a Figure has alt text; with neither alt nor caption, the file name
    // (resolve warned when the standard asks for it).
    let alt = if !image.alt.trim().is_empty() {
        image.alt.clone()
    } else {
        let caption = crate::model::plain_text(caption);
        if caption.trim().is_empty() {
            image
                .src
                .rsplit('/')
                .next()
                .unwrap_or(&image.src)
                .to_string()
        } else {
            caption
        }
    };
    let fig = ctx.elem(StructKind::Figure(alt.clone()), frame.parent);
    let asset = image.asset.and_then(|a| ctx.book.assets.get(a.0));
    let drawn = asset.and_then(drawable);
    let mut row = match drawn {
        Some((what, w, h)) if w > 0.0 && h > 0.0 => {
            // CSS px → pt (96 px per inch); a requested width wins over the natural one.
            let want = image.width.map_or(w * 0.75, |px| px as f32 * 0.75);
            let max_h = ctx.m.height * 0.82;
            let mut width = want.min(frame.width.0);
            let mut height = width * h / w;
            if height > max_h.0 {
                height = max_h.0;
                width = height * w / h;
            }
            let x = frame.left + (frame.width - Pt(width)) / 2.0;
            let mut row = Row {
                height: Pt(height),
                ..Row::default()
            };
            let rect = Rect {
                x,
                y: Pt::ZERO,
                width: Pt(width),
                height: Pt(height),
            };
            row.items.push(PageItem {
                kind: what.item(rect),
                elem: fig,
            });
            row
        }
        // An image the PDF cannot draw was reported by `resolve` (image-unsupported).
        _ => {
            let lang = ctx.lang.clone();
            let label = Labels::for_lang(&lang).missing_image_text(&image.src, &image.alt);
            placeholder(ctx, frame, &label, fig, span)
        }
    };
    row.space_before = frame.size * 0.9;
    row.decos = frame.decos.clone();
    let caption_rows = if caption.is_empty() {
        Vec::new()
    } else {
        let cap = ctx.elem(StructKind::Caption, fig);
        let lang = ctx.lang.clone();
        let size = frame.size * 0.88;
        let mut b = Builder::new(ctx, cap);
        b.inlines(caption, plain_style(Family::Sans, size), GREY);
        let built = b.finish(&lang, span);
        let setup = Setup::centered(size * 1.5, cap);
        set_rows(ctx, &built, frame, &setup)
    };
    row.keep_with_next = !caption_rows.is_empty();
    out.push(row);
    let n = caption_rows.len();
    for (i, mut r) in caption_rows.into_iter().enumerate() {
        if i == 0 {
            r.space_before = frame.size * 0.3;
        }
        r.keep_with_next = i + 1 < n;
        out.push(r);
    }
}

/// An embedded file (`![[talk.mp3]]`): the PDF cannot play it, so a box names it, as the EPUB
/// does when it cannot play it either (the PDF carries the file itself as an attachment).
pub(crate) fn media_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    src: &str,
    span: &Span,
    out: &mut Vec<Row>,
) {
    let lang = ctx.lang.clone();
    let label = Labels::for_lang(&lang).attachment_text(src);
    let elem = ctx.elem(StructKind::Paragraph, frame.parent);
    let mut row = placeholder(ctx, frame, &label, elem, span);
    row.space_before = frame.size * 0.9;
    row.decos = frame.decos.clone();
    out.push(row);
}

/// A tinted, bordered box with `label` (which image is missing, which file is attached).
fn placeholder(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    label: &str,
    fig: Option<super::paged::StructId>,
    span: &Span,
) -> Row {
    let size = frame.size * 0.85;
    let lang = ctx.lang.clone();
    let mut b = Builder::new(ctx, fig);
    let style = plain_style(Family::Sans, size);
    b.plain(label, style, GREY, span);
    let built = b.finish(&lang, span);
    let mut inner = frame.clone();
    inner.left += size * 1.5;
    inner.width -= size * 3.0;
    inner.decos = Vec::new();
    let setup = Setup::centered(size * 1.5, fig);
    let lines = set_rows(ctx, &built, &inner, &setup);
    let pad = size * 1.1;
    let text_h: Pt = lines.iter().fold(Pt::ZERO, |h, l| h + l.height);
    let height = text_h + pad * 2.0;
    let mut row = Row {
        height,
        ..Row::default()
    };
    let frame_rect = Rect {
        x: frame.left,
        y: Pt::ZERO,
        width: frame.width,
        height,
    };
    row.items.push(PageItem {
        kind: ItemKind::Rect {
            rect: frame_rect,
            color: PLACEHOLDER_BG,
        },
        elem: None,
    });
    push_outline(&mut row.items, frame_rect, Pt(0.6), RULE, None);
    let mut y = pad;
    for l in lines {
        for mut it in l.items {
            if let ItemKind::Text { y: ty, .. } = &mut it.kind {
                *ty += y;
            }
            row.items.push(it);
        }
        y += l.height;
    }
    row
}

/// What an image asset draws as: a raster's bytes or an SVG's tree.
#[derive(Clone)]
pub(crate) enum Drawable<'b> {
    /// PNG, JPEG, GIF or WebP bytes.
    Raster(&'b Asset),
    /// An SVG read with the embedded fonts.
    Vector(Arc<usvg::Tree>),
}

impl Drawable<'_> {
    /// The page item drawing this image into `rect`.
    pub(crate) fn item(self, rect: Rect) -> ItemKind {
        match self {
            Drawable::Raster(asset) => ItemKind::Image {
                rect,
                data: asset.data.clone(),
                media_type: asset.media_type,
            },
            Drawable::Vector(tree) => ItemKind::Svg { rect, tree },
        }
    }
}

/// The asset as something the PDF can draw, with its natural size in CSS px (an SVG's own
/// width and height, which usvg reads in px); `None` when the PDF cannot draw it.
pub(crate) fn drawable(asset: &Asset) -> Option<(Drawable<'_>, f32, f32)> {
    if !crate::resolve::PDF_IMAGE_TYPES.contains(&asset.media_type) {
        return None;
    }
    if asset.media_type == "image/svg+xml" {
        let tree = svg_tree(&asset.data)?;
        let size = tree.size();
        let (w, h) = (size.width(), size.height());
        return Some((Drawable::Vector(tree), w, h));
    }
    let size = imagesize::blob_size(&asset.data).ok()?;
    Some((
        Drawable::Raster(asset),
        size.width as f32,
        size.height as f32,
    ))
}

/// The cover page (`cover:` in hanji.yaml), as the EPUB has one: the image as large as the page
/// allows, centred, nothing else on the page. `None` when there is no cover or the PDF cannot
/// draw it (parse or resolve already warned).
pub(crate) fn cover_page(ctx: &mut Ctx<'_>) -> Option<super::flow::BodyPage> {
    let book = ctx.book;
    let asset = book.meta.cover.and_then(|a| book.assets.get(a.0))?;
    let (what, w, h) = drawable(asset)?;
    if w <= 0.0 || h <= 0.0 {
        return None;
    }
    let (page_w, page_h) = (ctx.m.page_w.0, ctx.m.page_h.0);
    let scale = (page_w / w).min(page_h / h);
    let (width, height) = (w * scale, h * scale);
    let rect = Rect {
        x: Pt((page_w - width) / 2.0),
        y: Pt((page_h - height) / 2.0),
        width: Pt(width),
        height: Pt(height),
    };
    let lang = ctx.lang.clone();
    let alt = Labels::for_lang(&lang).cover.to_string();
    let elem = ctx.elem(StructKind::Figure(alt), None);
    Some(super::flow::BodyPage {
        items: vec![PageItem {
            kind: what.item(rect),
            elem,
        }],
        ..Default::default()
    })
}
