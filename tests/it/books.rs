//! Whole books from real notes, judged by independent validators: the sample notes in `notes/`
//! and (when `../shared` is present) the garden corpus, built by the release binary and checked
//! with EPUBCheck, qpdf, pdffonts and pdftotext.

use crate::tools::{self, assert_epubcheck_clean, garden_corpus, temp_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds `notes` into a fresh folder and returns (book.epub, book.pdf).
fn build(notes: &Path, name: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let out = temp_dir(name);
    let status = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .arg("build")
        .arg(notes)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .arg("--quiet")
        .env_remove("SOURCE_DATE_EPOCH")
        .status()
        .expect("run hanji");
    assert!(status.success(), "hanji build {} failed", notes.display());
    (out.join("book.epub"), out.join("book.pdf"))
}

/// qpdf finds no damage, and every font is embedded, subset and has a ToUnicode map.
fn assert_pdf_sound(pdf: &Path) {
    if let Some(mut qpdf) = tools::tool("qpdf") {
        let out = qpdf.arg("--check").arg(pdf).output().expect("run qpdf");
        assert!(
            out.status.success(),
            "qpdf --check {}:\n{}",
            pdf.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if let Some(mut pdffonts) = tools::tool("pdffonts") {
        let out = pdffonts.arg(pdf).output().expect("run pdffonts");
        let text = String::from_utf8_lossy(&out.stdout);
        let fonts: Vec<&str> = text.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "no fonts in {}", pdf.display());
        for line in fonts {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            // name type encoding emb sub uni object ID
            assert!(n >= 6, "{line}");
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "font not embedded+subset+ToUnicode: {line}"
            );
            assert!(cols[0].contains('+'), "subset tag missing: {line}");
        }
    }
}

/// The PDF's extracted text, with all whitespace removed (line breaks land anywhere).
fn pdf_text(pdf: &Path) -> Option<String> {
    let mut cmd = tools::tool("pdftotext")?;
    let out = cmd.arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(out.status.success());
    Some(
        String::from_utf8_lossy(&out.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

#[test]
fn sample_notes_make_valid_books() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let (epub, pdf) = build(&notes, "books-notes", &[]);
    assert_epubcheck_clean(&epub);
    assert_pdf_sound(&pdf);
    if let Some(text) = pdf_text(&pdf) {
        // Korean prose, old Hangul (composed by shaping) and Hanja copy out of the PDF intact.
        for expected in [
            "밤11시,메신저트래픽이치솟는이유",
            "한지(韓紙)는닥나무껍질로뜬우리종이입니다.",
            "訓民正音",
        ] {
            assert!(text.contains(expected), "`{expected}` not in the PDF text");
        }
    }
    // The EPUB with its subset fonts stays small (issue 3: under 1.5 MB).
    let size = std::fs::metadata(&epub).expect("epub").len();
    assert!(size < 1_500_000, "EPUB is {size} bytes");
}

#[test]
fn garden_corpus_makes_valid_books() {
    let Some(garden) = garden_corpus() else {
        return;
    };
    let (epub, pdf) = build(&garden, "books-garden", &["--drafts"]);
    assert_epubcheck_clean(&epub);
    assert_pdf_sound(&pdf);
}

/// The uncompressed text of a PDF (qpdf's QDF form), for finding link targets and names.
fn qdf(pdf: &Path) -> Option<String> {
    let mut cmd = tools::tool("qpdf")?;
    let out = cmd
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run qpdf");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn each_links_siblings_with_relative_uris_that_resolve() {
    let notes = temp_dir("books-each-notes");
    std::fs::create_dir_all(notes.join("sub")).expect("mkdir");
    std::fs::write(
        notes.join("a.md"),
        "# A\n\nSee [[b#Part two|the second part]].\n",
    )
    .expect("a");
    std::fs::write(
        notes.join("sub/b.md"),
        "# B\n\n## Part two\n\nBack to [[a]].\n",
    )
    .expect("b");
    let out = temp_dir("books-each-out");
    let status = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .arg("build")
        .arg(&notes)
        .arg("-o")
        .arg(&out)
        .args(["--each", "--quiet"])
        .status()
        .expect("run hanji");
    assert!(status.success());
    let (Some(a), Some(b)) = (qdf(&out.join("a.pdf")), qdf(&out.join("sub/b.pdf"))) else {
        return;
    };
    // a.pdf → sub/b.pdf at the heading; sub/b.pdf → ../a.pdf; each target name exists there.
    let to_b = a
        .split("/URI (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .expect("a URI link in a.pdf");
    assert!(to_b.starts_with("sub/b.pdf#nameddest="), "{to_b}");
    let dest = to_b.trim_start_matches("sub/b.pdf#nameddest=");
    assert!(
        b.contains(&format!("({dest})")),
        "destination {dest} missing in sub/b.pdf"
    );
    assert!(
        b.contains("/URI (../a.pdf#nameddest="),
        "no link back to ../a.pdf"
    );
    assert!(
        !a.contains("/Launch") && !b.contains("/Launch"),
        "no launch actions"
    );
    // The EPUBs keep the label as text (a link may not leave the container) and stay valid.
    assert_epubcheck_clean(&out.join("a.epub"));
}

/// The text of `nav.xhtml` inside an EPUB.
fn epub_nav(epub: &Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(epub).expect("open epub");
    let mut zip = zip::ZipArchive::new(file).expect("epub is a zip");
    let mut nav = String::new();
    zip.by_name("OEBPS/nav.xhtml")
        .expect("nav.xhtml")
        .read_to_string(&mut nav)
        .expect("utf-8 nav");
    nav
}

/// `toc_depth` is one setting for both books: with 3, an `###` heading is listed on the printed
/// contents page (pdftotext of page 3, after the generated cover and the title page) and in the
/// EPUB nav; with 2 it is
/// in neither; an `####` heading is never listed at 3.
#[test]
fn toc_depth_reaches_the_printed_contents_page_and_the_epub_nav() {
    let notes = temp_dir("toc-depth-notes");
    std::fs::write(
        notes.join("a.md"),
        "---\ntitle: 첫째 장\n---\n## 둘째 절\n\n본문.\n\n### 셋째 깊이\n\n본문.\n\n#### 넷째 깊이\n\n본문.\n",
    )
    .expect("write note");
    for depth in [2, 3] {
        std::fs::write(notes.join("hanji.yaml"), format!("toc_depth: {depth}\n")).expect("yaml");
        let (epub, pdf) = build(&notes, &format!("toc-depth-{depth}"), &[]);
        let nav = epub_nav(&epub);
        assert!(nav.contains("둘째 절"), "{nav}");
        assert_eq!(
            nav.contains("셋째 깊이"),
            depth >= 3,
            "depth {depth}:\n{nav}"
        );
        assert!(!nav.contains("넷째 깊이"), "{nav}");
        let Some(mut cmd) = tools::tool("pdftotext") else {
            continue;
        };
        let out = cmd
            .args(["-f", "3", "-l", "3"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("run pdftotext");
        let page: String = String::from_utf8_lossy(&out.stdout)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(page.contains("차례") && page.contains("둘째절"), "{page}");
        assert_eq!(
            page.contains("셋째깊이"),
            depth >= 3,
            "depth {depth}: {page}"
        );
        assert!(!page.contains("넷째깊이"), "{page}");
    }
}
