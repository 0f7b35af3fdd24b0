//! Generated pages: the title page (title, authors, date, description, imprint) and, when the book has
//! a cover image, a cover page showing it.

use super::escape::{push_attr, push_text};
use super::xhtml::{Chars, doc_start};
use crate::font::Family;
use crate::model::BookMeta;

/// Writes `title.xhtml`; records its characters (shown in the sans family).
pub(super) fn title_page(meta: &BookMeta, title: &str, lang: &str, chars: &mut Chars) -> String {
    let mut out = String::with_capacity(1024);
    doc_start(&mut out, lang, title, Some("frontmatter"));
    out.push_str(
        "<section epub:type=\"titlepage\" class=\"titlepage\">\n<h1 class=\"book-title\">",
    );
    push_text(&mut out, title);
    chars.add(Family::Sans, true, title);
    out.push_str("</h1>\n");
    if !meta.authors.is_empty() {
        let authors = meta.authors.join(", ");
        chars.add(Family::Sans, false, &authors);
        out.push_str("<p class=\"book-authors\">");
        push_text(&mut out, &authors);
        out.push_str("</p>\n");
    }
    if let Some(d) = meta.date.map(|d| d.to_w3c()) {
        chars.add(Family::Sans, false, &d);
        out.push_str("<p class=\"book-date\">");
        push_text(&mut out, &d);
        out.push_str("</p>\n");
    }
    if let Some(d) = &meta.description {
        chars.add(Family::Sans, false, d);
        out.push_str("<p class=\"book-description\">");
        push_text(&mut out, d);
        out.push_str("</p>\n");
    }
    for line in meta.imprint() {
        chars.add(Family::Sans, false, &line);
        out.push_str("<p class=\"book-imprint\">");
        push_text(&mut out, &line);
        out.push_str("</p>\n");
    }
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

/// Writes `cover.xhtml` showing the cover image at `image_href`.
pub(super) fn cover_page(title: &str, lang: &str, image_href: &str) -> String {
    let mut out = String::with_capacity(1024);
    doc_start(&mut out, lang, title, Some("cover"));
    out.push_str("<section epub:type=\"cover\" class=\"cover\">\n<img src=\"");
    push_attr(&mut out, image_href);
    out.push_str("\" alt=\"");
    push_attr(&mut out, title);
    out.push_str("\"/>\n</section>\n</body>\n</html>\n");
    out
}
