//! Navigation: the EPUB 3 navigation document (`nav.xhtml`: table of contents nested by
//! heading level, landmarks) and the EPUB 2 `toc.ncx` for older reading systems. The tree
//! itself is `resolve::toc`'s; this file only writes it.

use super::escape::{push_attr, push_text};
use super::xhtml::{Labels, doc_start};

/// One entry of the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TocEntry {
    /// Text shown.
    pub title: String,
    /// Target, relative to the package directory (`c001.xhtml#id`).
    pub href: String,
    /// Nested entries.
    pub children: Vec<TocEntry>,
}

/// Depth of the deepest entry (1 for a flat list, 0 for none).
pub(super) fn depth(entries: &[TocEntry]) -> usize {
    entries
        .iter()
        .map(|e| 1 + depth(&e.children))
        .max()
        .unwrap_or(0)
}

/// A landmark: `epub:type`, target, label.
pub(super) struct Landmark {
    /// Structural semantics type (`cover`, `titlepage`, `toc`, `bodymatter`).
    pub kind: &'static str,
    /// Target href.
    pub href: String,
    /// Label.
    pub label: String,
}

fn push_ol(out: &mut String, entries: &[TocEntry], indent: usize) {
    let pad = "  ".repeat(indent);
    out.push_str(&pad);
    out.push_str("<ol>\n");
    for e in entries {
        out.push_str(&pad);
        out.push_str("  <li><a href=\"");
        push_attr(out, &e.href);
        out.push_str("\">");
        push_text(out, &e.title);
        out.push_str("</a>");
        if e.children.is_empty() {
            out.push_str("</li>\n");
        } else {
            out.push('\n');
            push_ol(out, &e.children, indent + 2);
            out.push_str(&pad);
            out.push_str("  </li>\n");
        }
    }
    out.push_str(&pad);
    out.push_str("</ol>\n");
}

/// Writes `nav.xhtml` (EPUB 3.3 §7: `nav epub:type="toc"` and `nav epub:type="landmarks"`).
pub(super) fn nav_xhtml(
    lang: &str,
    labels: &Labels,
    toc: &[TocEntry],
    landmarks: &[Landmark],
    page_marks: &[(String, String)],
) -> String {
    let mut out = String::with_capacity(4096 + toc.len() * 96);
    doc_start(&mut out, lang, labels.toc, Some("frontmatter"));
    out.push_str("<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>");
    push_text(&mut out, labels.toc);
    out.push_str("</h1>\n");
    push_ol(&mut out, toc, 0);
    out.push_str("</nav>\n");
    if !landmarks.is_empty() {
        out.push_str("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n");
        for l in landmarks {
            out.push_str("  <li><a epub:type=\"");
            out.push_str(l.kind);
            out.push_str("\" href=\"");
            push_attr(&mut out, &l.href);
            out.push_str("\">");
            push_text(&mut out, &l.label);
            out.push_str("</a></li>\n");
        }
        out.push_str("</ol>\n</nav>\n");
    }
    if !page_marks.is_empty() {
        // EPUB 3.3 §7.4.3: the print edition's pages (hanji's PDF), each linked to its marker.
        out.push_str("<nav epub:type=\"page-list\" id=\"page-list\" role=\"doc-pagelist\" hidden=\"hidden\">\n<h2>");
        push_text(&mut out, labels.pages);
        out.push_str("</h2>\n<ol>\n");
        for (label, href) in page_marks {
            out.push_str("  <li><a href=\"");
            push_attr(&mut out, href);
            out.push_str("\">");
            push_text(&mut out, label);
            out.push_str("</a></li>\n");
        }
        out.push_str("</ol>\n</nav>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Writes `toc.ncx` (OPF 2.0.1 §2.4.1, for EPUB 2 reading systems); `uid` must equal the
/// package's unique identifier.
pub(super) fn toc_ncx(uid: &str, lang: &str, title: &str, toc: &[TocEntry]) -> String {
    let mut out = String::with_capacity(2048 + toc.len() * 160);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"",
    );
    push_attr(&mut out, lang);
    out.push_str("\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
    push_attr(&mut out, uid);
    out.push_str(&format!(
        "\"/>\n<meta name=\"dtb:depth\" content=\"{}\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>",
        depth(toc).max(1)
    ));
    push_text(&mut out, title);
    out.push_str("</text></docTitle>\n<navMap>\n");
    let mut order = 0usize;
    fn points(out: &mut String, entries: &[TocEntry], order: &mut usize, indent: usize) {
        for e in entries {
            *order += 1;
            let pad = "  ".repeat(indent);
            out.push_str(&format!(
                "{pad}<navPoint id=\"np-{0}\" playOrder=\"{0}\">\n{pad}  <navLabel><text>",
                *order
            ));
            push_text(out, &e.title);
            out.push_str("</text></navLabel>\n");
            out.push_str(&pad);
            out.push_str("  <content src=\"");
            push_attr(out, &e.href);
            out.push_str("\"/>\n");
            points(out, &e.children, order, indent + 1);
            out.push_str(&pad);
            out.push_str("</navPoint>\n");
        }
    }
    points(&mut out, toc, &mut order, 0);
    out.push_str("</navMap>\n</ncx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(t: &str) -> TocEntry {
        TocEntry {
            title: t.into(),
            href: format!("{t}.xhtml"),
            children: vec![],
        }
    }

    #[test]
    fn depth_counts_nesting() {
        let mut a = e("a");
        a.children.push(e("b"));
        assert_eq!(depth(&[a, e("c")]), 2);
        assert_eq!(depth(&[]), 0);
    }

    #[test]
    fn ncx_escapes_and_orders() {
        let ncx = toc_ncx("urn:x", "ko", "A & B", &[e("a<b")]);
        assert!(ncx.contains("<text>A &amp; B</text>"));
        assert!(ncx.contains("playOrder=\"1\""));
        assert!(ncx.contains("<text>a&lt;b</text>"));
    }
}
