//! Painting one page: IR 3 items → krilla surface calls, and link areas → annotations.

use super::tags::TreeBuilder;
use crate::font::{FaceId, FontBook, FontError};
use crate::layout::{ItemKind, LinkArea, LinkTarget, OutlineEntry, PageItem, Rect, Rgb};
use crate::text::{Glyph as ShapedGlyph, GlyphRun};
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::{Destination, NamedDestination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag};
use krilla::text::{Font, GlyphId};
use krilla_svg::{SurfaceExt, SvgSettings};
use std::collections::HashMap;
use std::ops::Range;

/// krilla fonts made from `FontBook` faces, created once per face (hashing a face is costly).
pub(super) struct FontCache<'a> {
    fonts: &'a FontBook,
    made: HashMap<FaceId, Font>,
    /// Images by the address of their bytes: a figure used on many pages is decoded once.
    images: HashMap<usize, Option<Image>>,
    /// Whether viewers may smooth scaled images (PDF/A forbids `/Interpolate true`).
    interpolate: bool,
}

impl<'a> FontCache<'a> {
    pub(super) fn new(fonts: &'a FontBook, interpolate: bool) -> Self {
        FontCache {
            fonts,
            made: HashMap::new(),
            images: HashMap::new(),
            interpolate,
        }
    }

    fn get(&mut self, id: FaceId) -> Result<Font, FontError> {
        if let Some(f) = self.made.get(&id) {
            return Ok(f.clone());
        }
        let face = self.fonts.face(id);
        let font = Font::new(face.data.clone().into(), face.index)
            .ok_or_else(|| FontError(format!("cannot use font {} for PDF", face.name)))?;
        self.made.insert(id, font.clone());
        Ok(font)
    }
}

/// A shaped glyph as krilla wants it: krilla asks for metrics at a size (it calls
/// `x_advance(1.0)` for em units), so values are stored per em and scaled on request.
struct PdfGlyph {
    id: u16,
    x_advance: f32,
    x_offset: f32,
    y_offset: f32,
    text: Range<usize>,
}

impl PdfGlyph {
    /// `g` of `run` in per-em units, its text range clamped to the run's text and moved by `base`
    /// (where the run's text starts in the string handed to krilla).
    fn of(g: &ShapedGlyph, run: &GlyphRun, base: usize) -> Self {
        let size = run.size.0;
        let r = clamp_range(&g.text_range(), run.text.len());
        PdfGlyph {
            id: g.id,
            x_advance: g.x_advance.0 / size,
            x_offset: g.x_offset.0 / size,
            y_offset: g.y_offset.0 / size,
            text: base + r.start..base + r.end,
        }
    }
}

impl krilla::text::Glyph for PdfGlyph {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.id))
    }
    // PDF 32000 §9.10: the text range feeds ToUnicode / ActualText, so copy and search work.
    fn text_range(&self) -> Range<usize> {
        self.text.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.x_advance * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.x_offset * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.y_offset * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

/// Draws the items of one page, marking content for the structure tree. Consecutive items of
/// the same element share one marked-content sequence (fewer operators, same structure).
pub(super) fn draw_items(
    surface: &mut Surface<'_>,
    items: &[PageItem],
    fonts: &mut FontCache<'_>,
    tree: &mut TreeBuilder,
) -> Result<(), FontError> {
    let mut i = 0;
    while i < items.len() {
        let elem = items[i].elem;
        let mut j = i + 1;
        while j < items.len() && items[j].elem == elem {
            j += 1;
        }
        match elem {
            Some(e) => {
                let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                tree.push_content(e, id);
            }
            None => {
                // PDF 32000 §14.8.2.2: running heads, page numbers and decoration are artifacts.
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Layout,
                )));
            }
        }
        let group = &items[i..j];
        let mut k = 0;
        while k < group.len() {
            // Runs of one line in the same face, size and colour become one text object.
            let n = mergeable_len(&group[k..]);
            if n > 1 {
                draw_text_group(surface, &group[k..k + n], fonts)?;
            } else {
                draw_item(surface, &group[k], fonts)?;
            }
            k += n.max(1);
        }
        surface.end_tagged();
        i = j;
    }
    Ok(())
}

fn draw_item(
    surface: &mut Surface<'_>,
    item: &PageItem,
    fonts: &mut FontCache<'_>,
) -> Result<(), FontError> {
    match &item.kind {
        ItemKind::Text { x, y, run, color } => draw_run(surface, x.0, y.0, run, *color, fonts)?,
        ItemKind::Rect { rect, color } => {
            let mut pb = PathBuilder::new();
            if let Some(r) = krilla::geom::Rect::from_xywh(
                rect.x.0,
                rect.y.0,
                rect.width.0.max(0.01),
                rect.height.0.max(0.01),
            ) {
                pb.push_rect(r);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(fill(*color)));
                surface.draw_path(&path);
            }
        }
        ItemKind::Rule {
            x1,
            y1,
            x2,
            y2,
            thickness,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(x1.0, y1.0);
            pb.line_to(x2.0, y2.0);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(color.0, color.1, color.2).into(),
                    width: thickness.0.max(0.1),
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        ItemKind::Image {
            rect,
            data,
            media_type,
        } => {
            let key = data.as_ptr() as usize;
            let smooth = fonts.interpolate;
            let image = fonts
                .images
                .entry(key)
                .or_insert_with(|| {
                    let bytes: krilla::Data = data.to_vec().into();
                    match *media_type {
                        "image/png" => Image::from_png(bytes, smooth).ok(),
                        "image/jpeg" => Image::from_jpeg(bytes, smooth).ok(),
                        "image/gif" => Image::from_gif(bytes, smooth).ok(),
                        "image/webp" => Image::from_webp(bytes, smooth).ok(),
                        _ => None,
                    }
                })
                .clone();
            // Layout checked the header; a body that fails to decode is skipped, not fatal.
            if let (Some(image), Some(size)) = (
                image,
                Size::from_wh(rect.width.0.max(0.1), rect.height.0.max(0.1)),
            ) {
                surface.push_transform(&Transform::from_translate(rect.x.0, rect.y.0));
                surface.draw_image(image, size);
                surface.pop();
            }
        }
        ItemKind::Svg { rect, tree } => {
            if let Some(size) = Size::from_wh(rect.width.0.max(0.1), rect.height.0.max(0.1)) {
                surface.push_transform(&Transform::from_translate(rect.x.0, rect.y.0));
                // Text stays text (embedded, searchable) in the faces usvg chose from our fonts.
                surface.draw_svg(tree, size, SvgSettings::default());
                surface.pop();
            }
        }
    }
    Ok(())
}

/// How many items from the start of `items` are text runs that can be drawn as one: same
/// face, size, colour, style and baseline, each starting at or after the previous one's end.
fn mergeable_len(items: &[PageItem]) -> usize {
    let Some(PageItem {
        kind: ItemKind::Text { x, y, run, color },
        ..
    }) = items.first()
    else {
        return 0;
    };
    let mut end = *x + run.width;
    let mut n = 1;
    for it in &items[1..] {
        match &it.kind {
            ItemKind::Text {
                x: x2,
                y: y2,
                run: r2,
                color: c2,
            } if r2.face == run.face
                && r2.size == run.size
                && c2 == color
                && r2.style.italic == run.style.italic
                && (y2.0 - y.0).abs() < 0.001
                && x2.0 >= end.0 - 0.01 =>
            {
                end = *x2 + r2.width;
                n += 1;
            }
            _ => break,
        }
    }
    n
}

/// Draws consecutive mergeable text items (see `mergeable_len`) with one `draw_glyphs` call;
/// the gaps between runs go into the advance of each run's last glyph.
fn draw_text_group(
    surface: &mut Surface<'_>,
    items: &[PageItem],
    fonts: &mut FontCache<'_>,
) -> Result<(), FontError> {
    let mut text = String::new();
    let mut glyphs: Vec<PdfGlyph> = Vec::new();
    let mut first: Option<(f32, f32, &GlyphRun, Rgb)> = None;
    let mut cursor = 0.0f32;
    for it in items {
        let ItemKind::Text { x, y, run, color } = &it.kind else {
            continue;
        };
        let size = run.size.0;
        if size <= 0.0 {
            continue;
        }
        match first {
            None => {
                first = Some((x.0, y.0, run, *color));
                cursor = x.0;
            }
            Some(_) => {
                let gap = x.0 - cursor;
                if let Some(last) = glyphs.last_mut() {
                    last.x_advance += gap / size;
                }
                cursor = x.0;
            }
        }
        let base = text.len();
        text.push_str(&run.text);
        for g in &run.glyphs {
            glyphs.push(PdfGlyph::of(g, run, base));
            cursor += g.x_advance.0;
        }
    }
    let Some((x, y, run, color)) = first else {
        return Ok(());
    };
    if glyphs.is_empty() {
        return Ok(());
    }
    let font = fonts.get(run.face)?;
    fill_glyphs(surface, fonts, font, (x, y, run, color), &glyphs, &text);
    Ok(())
}

/// Fills `glyphs` (whose ranges index `text`) in `font` at `run`'s size with the pen at
/// (`x`, `y`), skewed about the baseline when the italic is synthetic.
fn fill_glyphs(
    surface: &mut Surface<'_>,
    fonts: &FontCache<'_>,
    font: Font,
    (x, y, run, color): (f32, f32, &GlyphRun, Rgb),
    glyphs: &[PdfGlyph],
    text: &str,
) {
    surface.set_stroke(None);
    surface.set_fill(Some(fill(color)));
    let skew = synthetic_italic(fonts, run);
    if skew {
        surface.push_transform(&Transform::from_row(1.0, 0.0, -0.2, 1.0, 0.2 * y, 0.0));
    }
    surface.draw_glyphs(Point::from_xy(x, y), glyphs, font, text, run.size.0, false);
    if skew {
        surface.pop();
    }
}

/// No italic faces ship: italic is synthesised by skewing about the baseline.
fn synthetic_italic(fonts: &FontCache<'_>, run: &GlyphRun) -> bool {
    run.style.italic
        && !fonts
            .fonts
            .face(run.face)
            .name
            .to_lowercase()
            .contains("italic")
}

fn draw_run(
    surface: &mut Surface<'_>,
    x: f32,
    y: f32,
    run: &GlyphRun,
    color: Rgb,
    fonts: &mut FontCache<'_>,
) -> Result<(), FontError> {
    if run.glyphs.is_empty() {
        return Ok(());
    }
    let font = fonts.get(run.face)?;
    let size = run.size.0;
    if size <= 0.0 {
        return Ok(());
    }
    let glyphs: Vec<PdfGlyph> = run.glyphs.iter().map(|g| PdfGlyph::of(g, run, 0)).collect();
    fill_glyphs(surface, fonts, font, (x, y, run, color), &glyphs, &run.text);
    Ok(())
}

fn clamp_range(r: &Range<usize>, len: usize) -> Range<usize> {
    let start = r.start.min(len);
    start..r.end.clamp(start, len)
}

/// The annotation for a link area (no border: links are coloured text, see layout).
pub(super) fn link_annotation(
    link: &LinkArea,
    named: &HashMap<&str, (usize, f32)>,
    titles: &HashMap<&str, &str>,
) -> Option<Annotation> {
    let rect = to_krilla_rect(&link.rect)?;
    let target = match &link.target {
        LinkTarget::Uri(uri) => Target::Action(Action::Link(LinkAction::new(uri.clone()))),
        LinkTarget::Named(name) => {
            let (page, y) = *named.get(name.as_str())?;
            let dest = NamedDestination::new(
                name.clone(),
                XyzDestination::new(page, Point::from_xy(0.0, y)),
            );
            Target::Destination(Destination::Named(dest))
        }
    };
    // PDF/UA-1 §7.18.1: every annotation has Contents: the URI, the heading it leads to, else
    // the destination's name.
    let alt = match &link.target {
        LinkTarget::Uri(uri) => uri.clone(),
        LinkTarget::Named(name) => titles
            .get(name.as_str())
            .map_or(name.clone(), |t| t.to_string()),
    };
    Some(Annotation::new_link(
        LinkAnnotation::new(rect, target),
        Some(alt),
    ))
}

/// Destination name → the title of the outline entry that leads there (for link contents).
pub(super) fn destination_titles(outline: &[OutlineEntry]) -> HashMap<&str, &str> {
    let mut out = HashMap::new();
    let mut stack: Vec<&OutlineEntry> = outline.iter().collect();
    while let Some(e) = stack.pop() {
        out.entry(e.dest.as_str()).or_insert(e.title.as_str());
        stack.extend(e.children.iter());
    }
    out
}

fn to_krilla_rect(r: &Rect) -> Option<krilla::geom::Rect> {
    krilla::geom::Rect::from_xywh(r.x.0, r.y.0, r.width.0.max(0.5), r.height.0.max(0.5))
}
