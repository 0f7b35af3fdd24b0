//! Issue 10: the PDF shows what the notes show. A note with inline and display math, a bad
//! formula, an inline PNG, a coloured SVG with text and emoji is built; the PDF is checked with
//! poppler (pdftotext for the text, pdftoppm for the pixels, pdffonts for the faces).

use crate::tools::{temp_dir, tool};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/fidelity")
}

/// Builds the fixture; returns the PDF path and the diagnostics hanji printed.
fn build(name: &str) -> (PathBuf, String) {
    let out = temp_dir(name);
    let o = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .arg("build")
        .arg(fixture())
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run hanji");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    (out.join("book.pdf"), stderr)
}

/// The last page (the note) as RGB pixels: (width, height, bytes).
fn render_last_page(pdf: &Path, dir: &Path) -> Option<(usize, usize, Vec<u8>)> {
    let mut cmd = tool("pdftoppm")?;
    let pages = page_count(pdf)?;
    let prefix = dir.join("page");
    let status = cmd
        .args(["-r", "50", "-singlefile"])
        .args(["-f", &pages.to_string(), "-l", &pages.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("run pdftoppm");
    assert!(status.success());
    let data = std::fs::read(prefix.with_extension("ppm")).expect("ppm written");
    parse_ppm(&data)
}

fn page_count(pdf: &Path) -> Option<usize> {
    let out = tool("pdfinfo")?.arg(pdf).output().expect("run pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// A binary PPM (P6, maxval 255).
fn parse_ppm(data: &[u8]) -> Option<(usize, usize, Vec<u8>)> {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 && i < data.len() {
        while i < data.len() && data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < data.len() && !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
    }
    let (w, h): (usize, usize) = (fields.get(1)?.parse().ok()?, fields.get(2)?.parse().ok()?);
    let pixels = data.get(i + 1..)?.to_vec();
    (fields[0] == "P6" && pixels.len() >= w * h * 3).then_some((w, h, pixels))
}

/// How many pixels are within 40 of `rgb` in every channel.
fn count_near(pixels: &[u8], rgb: (u8, u8, u8)) -> usize {
    pixels
        .chunks_exact(3)
        .filter(|p| {
            p[0].abs_diff(rgb.0) < 40 && p[1].abs_diff(rgb.1) < 40 && p[2].abs_diff(rgb.2) < 40
        })
        .count()
}

fn pdf_text(pdf: &Path) -> Option<String> {
    let out = tool("pdftotext")?
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn svg_and_inline_image_are_drawn_in_their_colours() {
    let (pdf, _) = build("fidelity-pixels");
    let dir = temp_dir("fidelity-pixels-png");
    let Some((w, h, px)) = render_last_page(&pdf, &dir) else {
        return;
    };
    assert!(w > 100 && h > 100);
    // shapes.svg: a red square and a blue circle, 100×100 px each at 96 dpi → about 52 px wide
    // at 50 dpi; the inline dot.png is green.
    let red = count_near(&px, (0xe0, 0x30, 0x1e));
    let blue = count_near(&px, (0x1e, 0x60, 0xe0));
    let green = count_near(&px, (0, 160, 0));
    assert!(red > 1000, "red square drawn: {red} px");
    assert!(blue > 800, "blue circle drawn: {blue} px");
    assert!(green > 10, "inline image drawn: {green} px");
    let text = pdf_text(&pdf).unwrap_or_default();
    assert!(!text.contains("그림 없음"), "no placeholder: {text}");
    assert!(
        !text.contains("[점]"),
        "the inline image is not its alt text: {text}"
    );
    // The SVG's text is drawn (as text, in our fonts) and extractable.
    assert!(text.contains("도형 SVG"), "SVG text: {text}");
}

#[test]
fn math_is_typeset_and_a_bad_formula_falls_back_with_a_warning() {
    let (pdf, stderr) = build("fidelity-math");
    let Some(text) = pdf_text(&pdf) else {
        return;
    };
    for source in [r"\sum", r"\frac{n", r"\int", r"\begin{pmatrix}", r"\sqrt"] {
        assert!(!text.contains(source), "{source} printed as TeX: {text}");
    }
    assert!(text.contains("본문 속 수식"), "{text}");
    // `$\frac{1}$` (line 13) cannot be typeset: its source stays, with a warning there.
    assert!(text.contains(r"\frac{1}"), "{text}");
    assert!(
        stderr.contains("fidelity.md:13:") && stderr.contains("math-unsupported")
            || stderr.contains("fidelity.md:13:") && stderr.contains("cannot be typeset"),
        "{stderr}"
    );
    // The formulas are tagged with their TeX as alternative text (PDF/UA: Formula + Alt).
    let Some(mut qpdf) = tool("qpdf") else {
        return;
    };
    let qdf = temp_dir("fidelity-math-qdf").join("book.qdf");
    let _ = qpdf
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg(&qdf)
        .status();
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap_or_default()).into_owned();
    assert!(raw.contains("/S /Formula"), "Formula structure elements");
}

#[test]
fn emoji_are_drawn_from_the_emoji_face_not_as_boxes() {
    let (pdf, stderr) = build("fidelity-emoji");
    assert!(
        !stderr.contains("U+1F44D") && !stderr.contains("U+1F1F0"),
        "no missing-glyph warning for emoji: {stderr}"
    );
    let Some(mut pdffonts) = tool("pdffonts") else {
        return;
    };
    let out = pdffonts.arg(&pdf).output().expect("run pdffonts");
    let fonts = String::from_utf8_lossy(&out.stdout);
    assert!(fonts.contains("NotoEmoji"), "{fonts}");
}

#[test]
fn right_to_left_words_extract_in_logical_order() {
    let (pdf, _) = build("fidelity-bidi");
    let Some(text) = pdf_text(&pdf) else {
        return;
    };
    // Drawn right to left, so poppler (which orders RTL text itself) gives the logical order;
    // drawn left to right (before issue 10) it gave the letters reversed.
    assert!(
        text.contains("שלום עולם"),
        "Hebrew in logical order: {text}"
    );
    assert!(text.contains("مرحبا"), "Arabic in logical order: {text}");
    assert!(!text.contains("םולש"), "Hebrew not reversed: {text}");
    assert!(text.contains("그리고 히브리어"), "{text}");
}

/// Mermaid flowcharts and sequence diagrams are drawn in both books from one SVG (issue 10
/// item 4): their labels are text in the PDF and in the EPUB's image, their source is printed
/// nowhere; a diagram type that is not drawn stays code, with a warning at its block.
#[test]
fn mermaid_diagrams_are_drawn_in_both_books() {
    let (pdf, stderr) = build("fidelity-mermaid");
    assert!(
        stderr
            .contains("0-diagrams.md:24:1: warning: Mermaid diagram: `pie` diagrams are not drawn"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("Mermaid diagram").count(), 1, "{stderr}");
    let labels = [
        "주문 접수",
        "재고 확인",
        "배송 시작",
        "입고 대기",
        "주문 요청",
        "영수증 발급",
    ];
    if let Some(text) = pdf_text(&pdf) {
        for label in labels {
            assert!(text.contains(label), "{label} drawn in the PDF: {text}");
        }
        for source in [
            "flowchart TD",
            "-->",
            "sequenceDiagram",
            "participant",
            "->>",
        ] {
            assert!(
                !text.contains(source),
                "{source} printed in the PDF: {text}"
            );
        }
        assert!(
            text.contains("pie title"),
            "the pie chart stays code: {text}"
        );
    }
    let epub = pdf.with_extension("epub");
    let file = std::fs::File::open(&epub).expect("open the EPUB");
    let mut zip = zip::ZipArchive::new(file).expect("the EPUB is a zip");
    let mut svgs = String::new();
    let mut chapters = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("zip entry");
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let mut text = String::new();
        if name.ends_with(".svg") {
            std::io::Read::read_to_string(&mut entry, &mut svgs).expect("svg is text");
        } else if name.ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut entry, &mut text).expect("xhtml is text");
            chapters.push_str(&text);
        }
    }
    for label in labels {
        assert!(svgs.contains(label), "{label} in the EPUB's SVG");
    }
    for bad in ["<script", "foreignObject", "<style", "onload"] {
        assert!(!svgs.contains(bad), "{bad} in the EPUB's SVG");
    }
    assert!(
        !chapters.contains("flowchart TD\n"),
        "no Mermaid source as code in the EPUB"
    );
    assert!(chapters.contains("pie title"), "the pie chart stays code");
}
