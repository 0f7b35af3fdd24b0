//! The EPUB carries the PDF's page numbers (issue 12 item 2): a `page-list` with one entry per
//! body page of the PDF, each leading to a page-break marker placed where that page's text
//! begins. Judged with poppler (`pdftotext -bbox`: the first words printed on each page) against
//! the EPUB's own text, and with EPUBCheck.

use crate::a11y::epub_entry;
use crate::conservation::{attr, spine_documents, squeeze, tags, xhtml_text};
use crate::tools::{self, assert_epubcheck_clean, path_arg, run_hanji, temp_dir};
use std::path::Path;

/// Stands for a page-break marker in the EPUB's text: `MARK` + page number + `END`.
const MARK: char = '\u{E000}';
const END: char = '\u{E001}';

/// The EPUB's reading text without whitespace, each page-break marker replaced by
/// `MARK number END`.
fn marked_text(epub: &Path) -> String {
    let mut out = String::new();
    for doc in spine_documents(epub) {
        let mut doc = doc;
        for tag in tags(&doc.clone(), "span") {
            if tag.contains("epub:type=\"pagebreak\"") {
                let label = attr(tag, "aria-label").expect("a pagebreak has an aria-label");
                doc = doc.replacen(tag, &format!("<x/>{MARK}{label}{END}<span"), 1);
            }
        }
        out.push_str(&squeeze(&xhtml_text(&doc)));
    }
    out
}

/// Byte offset of page `label`'s marker in `text`.
fn marker_at(text: &str, label: &str) -> usize {
    text.find(&format!("{MARK}{label}{END}"))
        .unwrap_or_else(|| panic!("no page-break marker for page {label}"))
}

/// The first `n` words printed in the text block of each page (the running head above it
/// left out), from `pdftotext -bbox`, with whitespace removed; `None` for a page with no text.
fn first_words(pdf: &Path, n: usize) -> Option<Vec<Option<String>>> {
    let out = tools::tool("pdftotext")?
        .args(["-bbox", path_arg(pdf), "-"])
        .output()
        .expect("run pdftotext");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<Vec<(f32, String)>> = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let words = chunk
            .split("<word ")
            .skip(1)
            .filter_map(|w| {
                let y: f32 = attr(&format!(" {w}"), "yMin")?.parse().ok()?;
                let text = w.split_once('>')?.1.split_once("</word>")?.0;
                Some((y, crate::conservation::decode_entities(text)))
            })
            .collect();
        pages.push(words);
    }
    // Running heads sit on one line above the text block, the highest line of the book.
    let head_y = pages
        .iter()
        .flat_map(|p| p.iter().map(|w| w.0))
        .fold(f32::MAX, f32::min);
    Some(
        pages
            .iter()
            .map(|words| {
                let body: Vec<&str> = words
                    .iter()
                    .filter(|w| w.0 > head_y + 2.0)
                    .map(|w| w.1.as_str())
                    .take(n)
                    .collect();
                (!body.is_empty()).then(|| squeeze(&body.join(" ")))
            })
            .collect(),
    )
}

/// Index of the first page the PDF labels in decimal (`/S /D`), from `qpdf --json`.
fn first_decimal_page(pdf: &Path) -> Option<usize> {
    let out = tools::tool("qpdf")?
        .args(["--json", "--json-key=pagelabels", path_arg(pdf)])
        .output()
        .expect("run qpdf");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("qpdf JSON");
    json["pagelabels"]
        .as_array()?
        .iter()
        .find(|l| l["label"]["/S"] == "/D")
        .and_then(|l| l["index"].as_u64())
        .map(|i| i as usize)
}

/// Builds `notes` into both books and checks the page list against the PDF's pages.
fn check_page_numbers(notes: &Path, name: &str, extra: &[&str]) {
    let out = temp_dir(name);
    let mut args = vec!["build", path_arg(notes), "-o", path_arg(&out), "--quiet"];
    args.extend_from_slice(extra);
    let run = run_hanji(&args);
    assert!(run.status.success(), "{}", tools::stderr_of(&run));
    let (epub, pdf) = (out.join("book.epub"), out.join("book.pdf"));
    assert_epubcheck_clean(&epub);
    let Some(words) = first_words(&pdf, 3) else {
        return;
    };
    // The body pages are numbered 1, 2, … at their foot; the front matter (cover, title,
    // contents) in roman numerals, which the EPUB has as documents of its own.
    let nav = epub_entry(&epub, "OEBPS/nav.xhtml");
    let list = nav
        .split("epub:type=\"page-list\"")
        .nth(1)
        .expect("the nav has a page-list")
        .split("</nav>")
        .next()
        .unwrap_or_default();
    let labels: Vec<String> = list
        .split("<li><a ")
        .skip(1)
        .map(|li| {
            li.split_once('>')
                .unwrap()
                .1
                .split_once('<')
                .unwrap()
                .0
                .to_string()
        })
        .collect();
    let front = words.len() - labels.len();
    let expected: Vec<String> = (1..=labels.len()).map(|n| n.to_string()).collect();
    assert_eq!(labels, expected, "one entry per body page, in order");
    // The PDF's own page labels (qpdf): decimal numbering starts right after the front matter.
    if let Some(decimal_from) = first_decimal_page(&pdf) {
        assert_eq!(
            decimal_from, front,
            "the page list starts at the PDF's page 1"
        );
    }
    let text = marked_text(&epub);
    let mut checked = 0;
    for (i, label) in labels.iter().enumerate() {
        let Some(first) = &words[front + i] else {
            continue;
        };
        let at = marker_at(&text, label);
        // Page N's first words come after its marker and before the next marker that stands
        // at a later place in the text (pages that begin in one long block share a place).
        let next_place = text[at..]
            .match_indices(MARK)
            .map(|(k, _)| at + k)
            .find(|&k| {
                let between = &text[at..k];
                between
                    .chars()
                    .any(|c| c != MARK && c != END && !c.is_ascii_digit())
            })
            .unwrap_or(text.len());
        if !text.contains(first.as_str()) {
            // Text the two books spell differently (a formula's glyphs, a diagram's labels).
            continue;
        }
        let found = text[at..].find(first.as_str()).map(|k| at + k);
        assert!(
            found.is_some_and(|k| k < next_place),
            "page {label} begins with {first:?}, not found between its marker and the next place"
        );
        checked += 1;
    }
    assert!(
        checked * 10 >= labels.len() * 8,
        "only {checked} of {} pages could be compared",
        labels.len()
    );
    // `--no-page-list` leaves them out; the default EPUB alone has none.
    let none = temp_dir(&format!("{name}-none"));
    let mut args = vec!["build", path_arg(notes), "-o", path_arg(&none), "--quiet"];
    args.extend_from_slice(&["--format", "epub"]);
    args.extend_from_slice(extra);
    assert!(run_hanji(&args).status.success());
    let nav = epub_entry(&none.join("book.epub"), "OEBPS/nav.xhtml");
    assert!(!nav.contains("page-list"));
}

#[test]
fn the_epub_numbers_its_pages_as_the_pdf_does() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    check_page_numbers(&notes, "pages-notes", &[]);
}

#[test]
fn the_garden_epub_numbers_its_pages_as_the_pdf_does() {
    let Some(garden) = tools::garden_corpus() else {
        return;
    };
    check_page_numbers(&garden, "pages-garden", &["--drafts", "--sort", "path"]);
}

#[test]
fn page_list_with_the_epub_alone_lays_the_book_out() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let both = temp_dir("pages-both");
    let alone = temp_dir("pages-alone");
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec!["build", path_arg(&notes), "-o", path_arg(out), "--quiet"];
        args.extend_from_slice(extra);
        let o = run_hanji(&args);
        assert!(o.status.success(), "{}", tools::stderr_of(&o));
    };
    run(&both, &[]);
    run(&alone, &["--format", "epub", "--page-list"]);
    assert!(!alone.join("book.pdf").exists());
    // The same page numbers in the same places: the same EPUB.
    assert_eq!(
        std::fs::read(both.join("book.epub")).unwrap(),
        std::fs::read(alone.join("book.epub")).unwrap()
    );
    let opf = epub_entry(&alone.join("book.epub"), "OEBPS/content.opf");
    for needed in [
        "pageBreakMarkers",
        "pageNavigation",
        "source-of\">pagination<",
        "<dc:source",
    ] {
        assert!(opf.contains(needed), "{needed} in content.opf");
    }
    let off = temp_dir("pages-off");
    run(&off, &["--no-page-list"]);
    let nav = epub_entry(&off.join("book.epub"), "OEBPS/nav.xhtml");
    assert!(!nav.contains("page-list"));
}
