//! Part documents: a titled page before the first chapter of each part (`model::Part`), in the
//! spine where the part begins, so that a reader pages through the part's title as in print;
//! the nav lists the part with its chapters under it.

use super::escape::{push_attr, push_text};
use super::xhtml::{Chars, doc_start};
use crate::font::Family;
use crate::model::{Book, Part, PrintPage};

/// One part's document.
pub(super) struct PartDoc {
    /// Index of the part's first chapter (the document goes before it).
    pub chapter: usize,
    /// File name in the package directory (`part-01.xhtml`).
    pub file: String,
    /// The XHTML document.
    pub xhtml: String,
    /// Page-break markers written: (printed page number, XML id).
    pub page_marks: Vec<(String, String)>,
}

/// The file of a part's document.
pub(super) fn part_file(part: &Part) -> String {
    format!("{}.xhtml", part.id)
}

/// Every part's document, in book order; `part_pages[i]` are the print pages of chapter `i`'s
/// part page (written as markers before the title).
pub(super) fn part_docs(
    book: &Book,
    lang: &str,
    part_pages: &[Vec<&PrintPage>],
    chars: &mut Chars,
) -> Vec<PartDoc> {
    let mut out = Vec::new();
    for (i, chapter) in book.chapters.iter().enumerate() {
        let Some(part) = &chapter.part else {
            continue;
        };
        if !chapter.opens_part(i.checked_sub(1).map(|p| &book.chapters[p])) {
            continue;
        }
        chars.add(Family::Sans, true, &part.title);
        let pages = part_pages.get(i).map_or(&[][..], Vec::as_slice);
        let (xhtml, page_marks) = part_xhtml(part, lang, pages);
        out.push(PartDoc {
            chapter: i,
            file: part_file(part),
            xhtml,
            page_marks,
        });
    }
    out
}

/// A part's page: its title as the document's heading, in a `doc-part` section.
fn part_xhtml(part: &Part, lang: &str, pages: &[&PrintPage]) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(768);
    doc_start(&mut out, lang, &part.title, Some("bodymatter"));
    let title_id = format!("{}-title", part.id);
    out.push_str("<section epub:type=\"part\" role=\"doc-part\" class=\"part\" aria-labelledby=\"");
    out.push_str(&title_id);
    out.push_str("\">\n");
    let mut marks = Vec::new();
    for page in pages {
        let id = format!("page-{}", page.label);
        out.push_str("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"");
        push_attr(&mut out, &id);
        out.push_str("\" aria-label=\"");
        push_attr(&mut out, &page.label);
        out.push_str("\"></span>\n");
        marks.push((page.label.clone(), id));
    }
    out.push_str("<h1 class=\"part-title\" id=\"");
    out.push_str(&title_id);
    out.push_str("\">");
    push_text(&mut out, &part.title);
    out.push_str("</h1>\n</section>\n</body>\n</html>\n");
    (out, marks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Chapter;

    #[test]
    fn one_document_per_part_before_its_first_chapter() {
        let part = |t: &str| {
            Some(Part {
                id: format!("part-0{t}"),
                title: format!("<{t}>"),
            })
        };
        let mut book = Book::default();
        for p in [None, part("1"), part("1"), part("2")] {
            let mut c = Chapter::new("c", "c.md", Vec::new());
            c.part = p;
            book.chapters.push(c);
        }
        let page = PrintPage {
            label: "3".into(),
            chapter: 1,
            block: None,
            part_page: true,
        };
        let pages = vec![vec![], vec![&page]];
        let docs = part_docs(&book, "ko", &pages, &mut Chars::default());
        let at: Vec<(usize, &str)> = docs.iter().map(|d| (d.chapter, d.file.as_str())).collect();
        assert_eq!(at, [(1, "part-01.xhtml"), (3, "part-02.xhtml")]);
        assert!(
            docs[0]
                .xhtml
                .contains("<h1 class=\"part-title\" id=\"part-01-title\">&lt;1&gt;</h1>")
        );
        assert_eq!(
            docs[0].page_marks,
            [("3".to_string(), "page-3".to_string())]
        );
        assert!(docs[1].page_marks.is_empty());
    }
}
