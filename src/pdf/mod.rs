//! ⑤a PDF: `PagedDocument` → PDF bytes, through krilla (pinned; used only inside this module).
//!
//! Input: IR 3 pages and the `FontBook`. Output: PDF bytes with subset fonts + ToUnicode,
//! `/Lang`, metadata, outline, named destinations, link annotations and tags.
//! Never sees the model, never lays anything out: every position comes from the `PagedDocument`.

mod draw;
mod standard;
mod tags;

pub use standard::PdfStandard;

use crate::font::{FontBook, FontError};
use crate::layout::{FileAttachment, LabelStyle, OutlineEntry, Page, PagedDocument};
use krilla::destination::{NamedDestination, XyzDestination};
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::{Document, SerializeSettings};
use std::collections::HashMap;
use std::num::NonZeroU32;

/// PDF writing options.
#[derive(Clone, Debug, Default)]
pub struct PdfOptions {
    /// Creation date as seconds since the Unix epoch (`SOURCE_DATE_EPOCH`); `None` = no date
    /// (PDF/A needs one: then the time of the run).
    pub creation_date: Option<i64>,
    /// The standard the PDF claims and krilla validates (`--pdf-standard`); default: tagged.
    pub standard: PdfStandard,
}

/// Writes the document as PDF bytes (every page in `document.pages`).
pub fn write_pdf(
    mut document: PagedDocument,
    fonts: &FontBook,
    options: &PdfOptions,
) -> Result<Vec<u8>, FontError> {
    let pages = std::mem::take(&mut document.pages);
    document.page_count = pages.len();
    write_pdf_pages(document, pages, fonts, options)
}

/// Writes the document as PDF bytes, drawing `pages` (`document.page_count` of them) as they
/// come: each page's items are freed once krilla has drawn them, so a `StreamedBook` never has
/// its laid-out pages in memory at once.
pub fn write_pdf_pages(
    document: PagedDocument,
    pages: impl IntoIterator<Item = Page>,
    fonts: &FontBook,
    options: &PdfOptions,
) -> Result<Vec<u8>, FontError> {
    let settings = SerializeSettings {
        // PDF 32000 §14.8: tagged PDF (logical structure + marked content).
        enable_tagging: true,
        xmp_metadata: true,
        compress_content_streams: true,
        // PDF/UA-1, PDF/A-2/3: krilla checks the standard while it writes and refuses the PDF
        // (with every reason) when the book cannot meet it.
        configuration: options.standard.configuration(),
        ..SerializeSettings::default()
    };
    let mut pdf = Document::new_with(settings);
    let mut font_cache = draw::FontCache::new(fonts, !options.standard.is_archival());
    let mut tree = tags::TreeBuilder::new(&document.structure);
    let page_w = document.page_width.0.max(1.0);
    let page_h = document.page_height.0.max(1.0);
    let page_count = document.page_count;
    // Named destinations first, so link annotations can point at them by name.
    let mut named: HashMap<&str, (usize, f32)> = HashMap::new();
    for dest in &document.destinations {
        let page = dest.page.min(page_count.saturating_sub(1));
        let y = dest.y.0.clamp(0.0, page_h);
        named.entry(dest.name.as_str()).or_insert((page, y));
    }

    let document = &document;
    let titles = draw::destination_titles(&document.outline);
    let mut drawn = 0usize;
    for (index, page) in pages.into_iter().enumerate() {
        drawn += 1;
        let mut settings = PageSettings::from_wh(page_w, page_h)
            .ok_or_else(|| FontError("invalid page size".into()))?;
        if let Some(label) = page_label(document, index) {
            settings = settings.with_page_label(label);
        }
        let mut out = pdf.start_page_with(settings);
        {
            let mut surface = out.surface();
            draw::draw_items(&mut surface, &page.items, &mut font_cache, &mut tree)?;
            surface.finish();
        }
        for link in &page.links {
            let Some(annotation) = draw::link_annotation(link, &named, &titles) else {
                continue;
            };
            match link.elem {
                Some(elem) => {
                    let id = out.add_tagged_annotation(annotation);
                    tree.push_content(elem, id);
                }
                None => out.add_annotation(annotation),
            }
        }
        out.finish();
    }
    // A PDF needs at least one page, and every destination a page to land on (a stream that
    // ended early would be a layout bug: blank pages keep the file valid).
    while drawn < page_count.max(1) {
        let settings = PageSettings::from_wh(page_w, page_h)
            .ok_or_else(|| FontError("invalid page size".into()))?;
        pdf.start_page_with(settings).finish();
        drawn += 1;
    }

    // Register every destination, also those no link points at (outline and external use).
    let mut names: Vec<&str> = named.keys().copied().collect();
    names.sort_unstable();
    for name in names {
        if let Some(dest) = named_destination(name, &named) {
            let _ = pdf.register_named_destination(dest);
        }
    }

    let mut outline = Outline::new();
    for entry in &document.outline {
        if let Some(node) = outline_node(entry, &named) {
            outline.push_child(node);
        }
    }
    pdf.set_outline(outline);
    if !options.standard.is_archival() {
        embed_files(&mut pdf, &document.attachments);
    }
    pdf.set_metadata(metadata(document, options));
    pdf.set_tag_tree(tree.finish(lang_or_none(&document.meta.lang)));
    pdf.finish().map_err(|e| export_error(e, options.standard))
}

/// The notes' attachments as embedded files, which a viewer lists in its attachments panel.
/// Not in PDF/A-2, which forbids files that are not PDF/A themselves (PDF/A-3 would need each
/// file's relationship and date): there the files stay in the vault.
fn embed_files(pdf: &mut Document, files: &[FileAttachment]) {
    for file in files {
        let data: std::sync::Arc<dyn AsRef<[u8]> + Send + Sync> =
            std::sync::Arc::new(file.data.clone());
        let compressed = file.media_type.starts_with("audio/")
            || file.media_type.starts_with("video/")
            || file.media_type.starts_with("image/")
            || file.media_type == "application/zip";
        // Two files of one name (in different folders) would collide: the path names each.
        let _ = pdf.embed_file(krilla::embed::EmbeddedFile {
            path: file.path.clone(),
            mime_type: krilla::embed::MimeType::new(file.media_type),
            description: None,
            association_kind: krilla::embed::AssociationKind::Unspecified,
            data: data.into(),
            modification_date: None,
            compress: Some(!compressed),
            location: None,
        });
    }
}

/// The reason a PDF could not be written; for a standard the book cannot meet, the standard
/// and each distinct problem in words (PDF/UA-1 forbids .notdef glyphs, PDF/A needs a date, …).
fn export_error(error: krilla::error::KrillaError, standard: PdfStandard) -> FontError {
    match error {
        krilla::error::KrillaError::Validation(errors) => {
            let mut reasons: Vec<String> =
                errors.iter().map(|(e, _)| standard::describe(e)).collect();
            reasons.sort();
            reasons.dedup();
            FontError(format!(
                "the book cannot be written as {}: {}",
                standard.title(),
                reasons.join("; ")
            ))
        }
        other => FontError(format!("PDF export failed: {other:?}")),
    }
}

fn lang_or_none(lang: &str) -> Option<String> {
    (!lang.is_empty()).then(|| lang.to_string())
}

/// PDF 32000 §12.4.2: page labels (roman front matter, arabic body).
fn page_label(document: &PagedDocument, index: usize) -> Option<PageLabel> {
    let range = document
        .page_labels
        .iter()
        .rev()
        .find(|r| r.first_page <= index)?;
    let number = range.start as usize + (index - range.first_page);
    let style = match range.style {
        LabelStyle::LowerRoman => NumberingStyle::LowerRoman,
        LabelStyle::Arabic => NumberingStyle::Arabic,
    };
    // Every page carries its own full label: an unlabelled page would start an empty range.
    Some(PageLabel::new(
        Some(style),
        None,
        NonZeroU32::new(u32::try_from(number).unwrap_or(u32::MAX)),
    ))
}

/// The named destination `name`, if the document defines it.
fn named_destination(name: &str, named: &HashMap<&str, (usize, f32)>) -> Option<NamedDestination> {
    let (page, y) = *named.get(name)?;
    Some(NamedDestination::new(
        name.to_string(),
        XyzDestination::new(page, Point::from_xy(0.0, y)),
    ))
}

fn outline_node(entry: &OutlineEntry, named: &HashMap<&str, (usize, f32)>) -> Option<OutlineNode> {
    let (page, y) = *named.get(entry.dest.as_str())?;
    let xyz = XyzDestination::new(page, Point::from_xy(0.0, y));
    let mut node = OutlineNode::new(entry.title.clone(), xyz);
    for child in &entry.children {
        if let Some(c) = outline_node(child, named) {
            node.push_child(c);
        }
    }
    Some(node)
}

fn metadata(document: &PagedDocument, options: &PdfOptions) -> Metadata {
    let meta = &document.meta;
    let mut m = Metadata::new()
        .creator("hanji".to_string())
        .producer(format!("hanji {}", env!("CARGO_PKG_VERSION")));
    if !meta.title.is_empty() {
        m = m.title(meta.title.clone());
    }
    if !meta.authors.is_empty() {
        m = m.authors(meta.authors.clone());
    }
    if !meta.lang.is_empty() {
        m = m.language(meta.lang.clone());
    }
    if let Some(subject) = &meta.subject {
        m = m.description(subject.clone());
    }
    if !meta.keywords.is_empty() {
        m = m.keywords(meta.keywords.clone());
    }
    let date = options.creation_date.or_else(|| {
        // PDF/A records when the file was made (xmp:CreateDate); without SOURCE_DATE_EPOCH
        // that is now.
        options.standard.is_archival().then(now_secs)
    });
    if let Some(secs) = date {
        m = m.creation_date(date_time(secs));
    }
    m
}

/// The current time in seconds since the Unix epoch (0 if the clock is before it).
fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Seconds since the Unix epoch → UTC calendar date (Howard Hinnant's `civil_from_days`).
fn date_time(secs: i64) -> DateTime {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    DateTime::new(year.clamp(0, 9999) as u16)
        .month(month as u8)
        .day(day as u8)
        .hour((rem / 3600) as u8)
        .minute((rem % 3600 / 60) as u8)
        .second((rem % 60) as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_dates() {
        let d = format!("{:?}", date_time(0));
        assert!(d.contains("1970"), "{d}");
        let d = format!("{:?}", date_time(1_700_000_000));
        assert!(d.contains("2023"), "{d}");
    }
}
