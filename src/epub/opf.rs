//! The package document `content.opf` (EPUB 3.3 §5): metadata (Dublin Core, `dcterms:modified`,
//! schema.org accessibility), manifest and spine.

use super::escape::{push_attr, push_text};

/// One manifest item.
#[derive(Clone, Debug)]
pub(super) struct Item {
    /// XML id (an NCName).
    pub id: String,
    /// Path relative to the package document.
    pub href: String,
    /// Media type.
    pub media_type: &'static str,
    /// Space-separated `properties` (`nav`, `mathml`, `cover-image`), possibly empty.
    pub properties: Vec<&'static str>,
}

/// One spine entry.
#[derive(Clone, Debug)]
pub(super) struct Itemref {
    /// Manifest id.
    pub idref: String,
    /// `linear="no"` when false.
    pub linear: bool,
}

/// Book-level facts for the metadata block.
#[derive(Clone, Debug, Default)]
pub(super) struct Metadata {
    /// `dc:identifier` (unique-identifier).
    pub identifier: String,
    /// `dc:title`.
    pub title: String,
    /// `dc:creator`s in order.
    pub creators: Vec<String>,
    /// `dc:language`.
    pub language: String,
    /// `dc:date` (already W3CDTF).
    pub date: Option<String>,
    /// `dc:description`.
    pub description: Option<String>,
    /// `dc:subject`s.
    pub subjects: Vec<String>,
    /// `dcterms:modified` (`YYYY-MM-DDThh:mm:ssZ`).
    pub modified: String,
    /// The book contains images (accessMode visual, alternativeText).
    pub has_images: bool,
    /// The book contains MathML.
    pub has_math: bool,
    /// What the page-break markers and `page-list` number (`dc:source` refined as the source
    /// of pagination), when the book has them.
    pub page_source: Option<String>,
    /// Manifest id of the cover image, if any (EPUB 2 `meta name="cover"`).
    pub cover_id: Option<String>,
    /// `dc:publisher`, `dc:rights` and the series (name, position), when configured.
    pub publication: (Option<String>, Option<String>, Option<crate::model::Series>),
}

fn element(out: &mut String, name: &str, attrs: &str, value: &str) {
    out.push_str("    <");
    out.push_str(name);
    out.push_str(attrs);
    out.push('>');
    push_text(out, value);
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

fn meta(out: &mut String, property: &str, value: &str) {
    element(out, "meta", &format!(" property=\"{property}\""), value);
}

/// `dc:publisher`, `dc:rights` and the series (EPUB 3.3 §5.5.6: `belongs-to-collection`
/// refined by `collection-type` and `group-position`).
fn publication(
    out: &mut String,
    p: &(Option<String>, Option<String>, Option<crate::model::Series>),
) {
    if let Some(v) = &p.0 {
        element(out, "dc:publisher", "", v);
    }
    if let Some(v) = &p.1 {
        element(out, "dc:rights", "", v);
    }
    if let Some(series) = &p.2 {
        element(
            out,
            "meta",
            " property=\"belongs-to-collection\" id=\"series\"",
            &series.name,
        );
        element(
            out,
            "meta",
            " refines=\"#series\" property=\"collection-type\"",
            "series",
        );
        if let Some(i) = &series.index {
            element(
                out,
                "meta",
                " refines=\"#series\" property=\"group-position\"",
                i,
            );
        }
    }
}

/// Writes the package document.
pub(super) fn package_document(meta_: &Metadata, items: &[Item], spine: &[Itemref]) -> String {
    let mut out = String::with_capacity(4096 + items.len() * 128);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"",
    );
    push_attr(&mut out, &meta_.language);
    out.push_str("\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    element(
        &mut out,
        "dc:identifier",
        " id=\"pub-id\"",
        &meta_.identifier,
    );
    element(&mut out, "dc:title", " id=\"title\"", &meta_.title);
    for (i, c) in meta_.creators.iter().enumerate() {
        element(
            &mut out,
            "dc:creator",
            &format!(" id=\"creator-{}\"", i + 1),
            c,
        );
        element(
            &mut out,
            "meta",
            &format!(
                " refines=\"#creator-{}\" property=\"role\" scheme=\"marc:relators\"",
                i + 1
            ),
            "aut",
        );
    }
    element(&mut out, "dc:language", "", &meta_.language);
    if let Some(d) = &meta_.date {
        element(&mut out, "dc:date", "", d);
    }
    if let Some(d) = &meta_.description {
        element(&mut out, "dc:description", "", d);
    }
    for s in &meta_.subjects {
        element(&mut out, "dc:subject", "", s);
    }
    if let Some(source) = &meta_.page_source {
        // EPUB 3.3 §D.3.10 `source-of`: the publication the page-break markers come from.
        element(&mut out, "dc:source", " id=\"pagination-source\"", source);
        element(
            &mut out,
            "meta",
            " refines=\"#pagination-source\" property=\"source-of\"",
            "pagination",
        );
    }
    publication(&mut out, &meta_.publication);
    meta(&mut out, "dcterms:modified", &meta_.modified);
    // EPUB Accessibility 1.1 §2: discovery metadata.
    meta(&mut out, "schema:accessMode", "textual");
    if meta_.has_images {
        meta(&mut out, "schema:accessMode", "visual");
    }
    meta(&mut out, "schema:accessModeSufficient", "textual");
    let mut features = vec!["structuralNavigation", "tableOfContents", "readingOrder"];
    if meta_.has_images {
        features.push("alternativeText");
    }
    if meta_.has_math {
        features.push("MathML");
    }
    if meta_.page_source.is_some() {
        features.extend(["pageBreakMarkers", "pageNavigation"]);
    }
    for f in features {
        meta(&mut out, "schema:accessibilityFeature", f);
    }
    meta(&mut out, "schema:accessibilityHazard", "none");
    meta(
        &mut out,
        "schema:accessibilitySummary",
        accessibility_summary(&meta_.language, meta_.has_images),
    );
    if !meta_.has_images {
        // EPUB Accessibility 1.1 §3: claimed only where it holds without judgement. A text-only
        // book (headings, landmarks, named controls, contrast from the shared palette, underlined
        // links) passes Ace with no violation; with images, the alternative text is the author's
        // and cannot be vouched for.
        meta(
            &mut out,
            "dcterms:conformsTo",
            "EPUB Accessibility 1.1 - WCAG 2.2 Level AA",
        );
    }
    if let Some(c) = &meta_.cover_id {
        empty_element(&mut out, "meta", &[("name", "cover"), ("content", c)]);
    }
    out.push_str("  </metadata>\n  <manifest>\n");
    for it in items {
        let properties = it.properties.join(" ");
        let mut attrs = vec![
            ("id", it.id.as_str()),
            ("href", it.href.as_str()),
            ("media-type", it.media_type),
        ];
        if !properties.is_empty() {
            attrs.push(("properties", &properties));
        }
        empty_element(&mut out, "item", &attrs);
    }
    out.push_str("  </manifest>\n  <spine toc=\"ncx\">\n");
    for r in spine {
        let mut attrs = vec![("idref", r.idref.as_str())];
        if !r.linear {
            attrs.push(("linear", "no"));
        }
        empty_element(&mut out, "itemref", &attrs);
    }
    out.push_str("  </spine>\n</package>\n");
    out
}

/// The accessibility summary, in the book's language (Korean or English).
fn accessibility_summary(language: &str, has_images: bool) -> &'static str {
    match (crate::resolve::is_korean(language), has_images) {
        (true, true) => {
            "제목 구조, 차례, 이동할 수 있는 링크를 갖춘 텍스트입니다. 그림에는 노트에 적힌 대체 텍스트가 있습니다."
        }
        (true, false) => {
            "제목 구조, 차례, 이동할 수 있는 링크를 갖춘 텍스트입니다. 그림은 없습니다."
        }
        (false, true) => {
            "Text with headings, a table of contents and navigable links. Images carry the alternative text written in the notes."
        }
        (false, false) => "Text with headings, a table of contents and navigable links. No images.",
    }
}

/// Writes `    <name a="v" …/>` and a line feed, every value escaped as an attribute.
fn empty_element(out: &mut String, name: &str, attrs: &[(&str, &str)]) {
    out.push_str("    <");
    out.push_str(name);
    for (key, value) in attrs {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        push_attr(out, value);
        out.push('"');
    }
    out.push_str("/>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_metadata_manifest_spine() {
        let m = Metadata {
            identifier: "urn:uuid:x".into(),
            title: "책 & 노트".into(),
            creators: vec!["가".into(), "나".into()],
            language: "ko".into(),
            modified: "2024-01-01T00:00:00Z".into(),
            has_math: true,
            ..Default::default()
        };
        let items = [Item {
            id: "nav".into(),
            href: "nav.xhtml".into(),
            media_type: "application/xhtml+xml",
            properties: vec!["nav"],
        }];
        let opf = package_document(
            &m,
            &items,
            &[Itemref {
                idref: "nav".into(),
                linear: true,
            }],
        );
        assert!(opf.contains("<dc:title id=\"title\">책 &amp; 노트</dc:title>"));
        assert!(opf.contains("id=\"creator-2\""));
        assert!(opf.contains("properties=\"nav\""));
        assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">MathML</meta>"));
        assert!(opf.contains("<meta property=\"dcterms:modified\">2024-01-01T00:00:00Z</meta>"));
    }
}
