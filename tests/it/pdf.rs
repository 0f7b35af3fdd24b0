//! Layout and PDF end to end: books built in code → `layout_book` → `write_pdf`.
//!
//! Golden layout dumps (`tests/golden/layout-*/`: `input.txt` paragraphs in, `layout.txt`
//! lines out as `page x y | text`; `UPDATE_GOLDEN=1` rewrites them) pin keep-all breaking,
//! overlong words, the KLREQ line-start and line-end prohibitions, mixed scripts, long URLs,
//! old Hangul, Hanja and a character no font has. Validation tests run the independent tools
//! (qpdf, pdffonts, pdftotext) on the PDF and check links, destinations and determinism.

#![allow(dead_code)]

use crate::tools::{temp_dir, tool};
use hanji::diag::Span;
use hanji::font::{FontBook, FontOptions, Pt};
use hanji::layout::{
    LayoutOptions, LinkTarget as PdfTarget, PagedDocument, layout_book, text_lines,
};
use hanji::model::{
    Align, Block, BlockKind, Book, BookMeta, Chapter, ChapterId, ChapterMeta, ExternalUrl,
    Footnote, HeadingLevel, Image, Inline, InlineKind, LangTag, LinkTarget, ListItem, Style,
};
use hanji::pdf::{PdfOptions, write_pdf};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

fn fonts() -> &'static FontBook {
    static F: OnceLock<FontBook> = OnceLock::new();
    F.get_or_init(|| FontBook::load(&FontOptions::default()).expect("embedded fonts load"))
}

fn span(file: &str, line: u32, col: u32) -> Span {
    Span::new(Arc::from(file), line, col)
}

fn text(s: &str, line: u32) -> Inline {
    Inline {
        kind: InlineKind::Text(s.to_string()),
        span: span("note.md", line, 1),
    }
}

fn inl(kind: InlineKind, line: u32) -> Inline {
    Inline {
        kind,
        span: span("note.md", line, 1),
    }
}

fn block(kind: BlockKind, line: u32) -> Block {
    Block {
        kind,
        span: span("note.md", line, 1),
        anchor: None,
    }
}

fn para(s: &str, line: u32) -> Block {
    block(BlockKind::Paragraph(vec![text(s, line)]), line)
}

fn chapter(id: &str, title: &str, blocks: Vec<Block>) -> Chapter {
    Chapter {
        id: id.to_string(),
        source: format!("{title}.md"),
        title: title.to_string(),
        title_id: "title".to_string(),
        lang: None,
        meta: ChapterMeta::default(),
        part: None,
        blocks,
        footnotes: Vec::new(),
        span: span(&format!("{title}.md"), 1, 1),
    }
}

fn book(chapters: Vec<Chapter>) -> Book {
    Book {
        meta: BookMeta {
            title: "한지 시험 책".to_string(),
            authors: vec!["홍길동".to_string()],
            language: LangTag::korean(),
            description: Some("레이아웃 시험".to_string()),
            keywords: vec!["한지".to_string(), "test".to_string()],
            ..BookMeta::default()
        },
        chapters,
        assets: Vec::new(),
        attachments: Vec::new(),
    }
}

const PROSE: &str = "밤 열한 시가 되면 사람들은 하루의 마지막 메모를 남긴다. 이 시간대에는 생각이 느려지고, 문장은 길어지며, 쉼표가 늘어난다. 우리는 이 현상을 '열한 시의 정점'이라고 부르기로 했다.";

/// A sample book touching every block kind: headings, lists, tasks, quotes, callouts, code,
/// tables, figures (one missing), math, footnotes, internal and external links.
pub(crate) fn sample_book() -> Book {
    let png = tiny_png();
    let mut c1 = chapter(
        "c001",
        "첫 번째 메모: 열한 시의 정점",
        vec![
            para(PROSE, 3),
            block(
                BlockKind::Heading { level: HeadingLevel::clamped(2), id: "관찰".into(), content: vec![text("관찰", 5)] },
                5,
            ),
            block(
                BlockKind::Paragraph(vec![
                    text("자세한 내용은 여기저기 흩어진 여러 자료 가운데에서도 특히 ", 7),
                    inl(
                        InlineKind::Link {
                            target: LinkTarget::External(ExternalUrl::parse("https://example.com/a/very/long/path?query=1&other=2").expect("URL")),
                            content: vec![text("예시 사이트의 아주 긴 링크 텍스트가 줄을 넘어가도록 충분히 길게 쓴 설명 문장", 7)],
                        },
                        7,
                    ),
                    text("를 참고하고, ", 7),
                    inl(InlineKind::Styled(Style::Strong, vec![text("강조", 7)]), 7),
                    text("를 보라. 각주도 있다", 7),
                    inl(InlineKind::FootnoteRef { id: "fn-1".into(), number: 1 }, 7),
                    text(". 두 번째 장으로 가는 ", 7),
                    inl(
                        InlineKind::Link {
                            target: LinkTarget::Internal { chapter: ChapterId(1), anchor: Some("결론".into()) },
                            content: vec![text("내부 링크", 7)],
                        },
                        7,
                    ),
                    text("와 ", 7),
                    inl(InlineKind::Code("let x = 1;".into()), 7),
                    text(" 코드.", 7),
                ]),
                7,
            ),
            block(
                BlockKind::List {
                    start: None,
                    tight: true,
                    items: vec![
                        ListItem { task: None, blocks: vec![para("첫째 항목", 9)], span: span("note.md", 9, 1) },
                        ListItem {
                            task: None,
                            blocks: vec![
                                para("둘째 항목", 10),
                                block(
                                    BlockKind::List {
                                        start: Some(3),
                                        tight: true,
                                        items: vec![
                                            ListItem { task: None, blocks: vec![para("중첩 셋", 11)], span: span("note.md", 11, 1) },
                                            ListItem { task: None, blocks: vec![para("중첩 넷", 12)], span: span("note.md", 12, 1) },
                                        ],
                                    },
                                    11,
                                ),
                            ],
                            span: span("note.md", 10, 1),
                        },
                        ListItem { task: Some(true), blocks: vec![para("끝낸 일", 13)], span: span("note.md", 13, 1) },
                        ListItem { task: Some(false), blocks: vec![para("남은 일", 14)], span: span("note.md", 14, 1) },
                    ],
                },
                9,
            ),
            block(BlockKind::Quote(vec![para(PROSE, 16)]), 16),
            block(
                BlockKind::Callout { kind: "warning".into(), title: None, folded: None, blocks: vec![para("조심해야 할 점이 있다.", 18)] },
                18,
            ),
            block(
                BlockKind::Code {
                    lang: Some("rust".into()),
                    text: "fn main() {\n    // 한국어 주석\n    let s = \"a very long line of code that certainly does not fit on one line of the page and must wrap\";\n    println!(\"{s}\");\n}".into(),
                },
                20,
            ),
            block(
                BlockKind::Table {
                    align: vec![Align::Left, Align::Right, Align::Center],
                    header: vec![vec![text("이름", 27)], vec![text("값", 27)], vec![text("설명", 27)]],
                    rows: (0..4)
                        .map(|i| vec![vec![text(&format!("항목 {i}"), 28)], vec![text(&format!("{}", i * 100), 28)], vec![text("표 안의 긴 설명은 여러 줄로 감싸져야 한다", 28)]])
                        .collect(),
                },
                27,
            ),
            block(
                BlockKind::Figure {
                    image: Image { asset: Some(hanji::model::AssetId(0)), src: "fig.png".into(), alt: "작은 그림".into(), width: None },
                    caption: vec![text("그림 1. 작은 그림", 33)],
                },
                33,
            ),
            block(
                BlockKind::Figure {
                    image: Image { asset: None, src: "missing.png".into(), alt: "없는 그림".into(), width: None },
                    caption: vec![],
                },
                35,
            ),
            block(BlockKind::Math("E = mc^2".into()), 37),
            block(BlockKind::Rule, 39),
        ],
    );
    c1.footnotes.push(Footnote {
        id: "fn-1".into(),
        number: 1,
        blocks: vec![para("각주 내용이다. 페이지 아래에 있어야 한다.", 41)],
        span: span("note.md", 41, 1),
    });
    let c2 = chapter(
        "c002",
        "두 번째 메모",
        vec![
            para(PROSE, 3),
            block(
                BlockKind::Heading {
                    level: HeadingLevel::clamped(2),
                    id: "결론".into(),
                    content: vec![text("결론", 5)],
                },
                5,
            ),
            para(&PROSE.repeat(6), 7),
        ],
    );
    let mut b = book(vec![c1, c2]);
    b.assets.push(hanji::model::Asset {
        path: "fig.png".into(),
        media_type: "image/png",
        data: png.into(),
    });
    b
}

/// A valid 2×2 RGB PNG.
fn tiny_png() -> Vec<u8> {
    // IHDR 2×2 8-bit RGB, one zlib IDAT, IEND (CRCs computed with zlib).
    let hex = "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001249444154789c63386163635371820142010025a20579b87dcb570000000049454e44ae426082";
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Lays out and writes `book`; returns the document, PDF bytes and warning codes.
pub(crate) fn build(book: &Book, options: &LayoutOptions) -> (PagedDocument, Vec<u8>, Vec<String>) {
    let laid = layout_book(book, fonts(), options);
    let pdf = write_pdf(
        laid.value.clone(),
        fonts(),
        &PdfOptions {
            creation_date: None,
            ..PdfOptions::default()
        },
    )
    .expect("PDF is written");
    let diags = laid.diagnostics.iter().map(|d| d.to_string()).collect();
    (laid.value, pdf, diags)
}

fn write_tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = temp_dir(name);
    let path = dir.join("book.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

fn run(mut cmd: std::process::Command) -> (bool, String) {
    let out = cmd.output().expect("run tool");
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), s)
}

// ---------------------------------------------------------------- golden layout dumps

/// Options of the golden cases: a narrow text block so breaks happen often.
fn golden_options() -> LayoutOptions {
    LayoutOptions {
        page_width: Pt(220.0),
        page_height: Pt(400.0),
        margins: [Pt(40.0), Pt(20.0), Pt(40.0), Pt(20.0)],
        chapter_page_break: true,
        ..LayoutOptions::default()
    }
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Body lines of a golden case's chapter (front matter, title and page numbers left out).
fn golden_lines(input: &str) -> Vec<(usize, f32, f32, String)> {
    let blocks: Vec<Block> = input
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .enumerate()
        .map(|(i, p)| para(&p.trim().replace('\n', " "), i as u32 + 1))
        .collect();
    let b = book(vec![chapter("c001", "T", blocks)]);
    let laid = layout_book(&b, fonts(), &golden_options());
    let doc = laid.value;
    let front = doc.page_labels.get(1).map_or(0, |r| r.first_page);
    let opts = golden_options();
    let bottom = opts.page_height.0 - opts.margins[2].0;
    let mut out = Vec::new();
    for l in text_lines(&doc) {
        if l.page <= front || l.y > bottom + 1.0 || l.text == "T" {
            continue;
        }
        out.push((l.page - front, l.x, l.y, l.text));
    }
    out
}

fn check_golden(case: &str) -> Vec<String> {
    let dir = golden_dir().join(case);
    let input = std::fs::read_to_string(dir.join("input.txt")).expect("golden input.txt");
    let lines = golden_lines(&input);
    let dump: String = lines
        .iter()
        .map(|(p, x, y, t)| format!("{p} {x:.1} {y:.1} | {t}\n"))
        .collect();
    let path = dir.join("layout.txt");
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") || !path.exists() {
        std::fs::write(&path, &dump).expect("write golden");
    } else {
        let want = std::fs::read_to_string(&path).expect("read golden");
        assert_eq!(
            dump, want,
            "layout of {case} changed (UPDATE_GOLDEN=1 to accept)"
        );
    }
    lines.into_iter().map(|l| l.3).collect()
}

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// KLREQ: no line starts with closing punctuation and no line ends with opening punctuation.
fn assert_prohibitions(lines: &[String]) {
    const NO_START: &str = ")]}」』》〉’”.,?!·:;。、";
    const NO_END: &str = "([{「『《〈‘“";
    for l in lines {
        let t = l.trim();
        if let Some(c) = t.chars().next() {
            assert!(!NO_START.contains(c), "line starts with {c:?}: {l:?}");
        }
        if let Some(c) = t.chars().last() {
            assert!(!NO_END.contains(c), "line ends with {c:?}: {l:?}");
        }
    }
}

/// Words of the input that are split across two lines (keep-all forbids it unless overlong).
fn split_words(input: &str, lines: &[String]) -> Vec<String> {
    let words: std::collections::HashSet<&str> = input.split_whitespace().collect();
    let mut out = Vec::new();
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].trim_end(), pair[1].trim_start());
        let last = a.split_whitespace().last().unwrap_or("");
        let first = b.split_whitespace().next().unwrap_or("");
        let joined = format!("{last}{first}");
        if last.chars().last().is_some_and(is_hangul)
            && first.chars().next().is_some_and(is_hangul)
            && words.contains(joined.as_str())
        {
            out.push(joined);
        }
    }
    out
}

#[test]
fn golden_keep_all() {
    let lines = check_golden("layout-keep-all");
    let input =
        std::fs::read_to_string(golden_dir().join("layout-keep-all/input.txt")).expect("input");
    assert!(lines.len() > 5, "the paragraph should take several lines");
    assert_eq!(
        split_words(&input, &lines),
        Vec::<String>::new(),
        "keep-all: no word split across lines"
    );
}

#[test]
fn golden_overlong_word() {
    let lines = check_golden("layout-overlong-word");
    // The word alone is wider than the line: it must be broken, and nothing may overflow.
    assert!(
        lines
            .iter()
            .any(|l| l.chars().all(is_hangul) && l.chars().count() > 5),
        "{lines:#?}"
    );
}

#[test]
fn golden_no_line_start_closing() {
    assert_prohibitions(&check_golden("layout-line-start-closing"));
}

#[test]
fn golden_no_line_start_stops() {
    assert_prohibitions(&check_golden("layout-line-start-stops"));
}

#[test]
fn golden_no_line_end_opening() {
    assert_prohibitions(&check_golden("layout-line-end-opening"));
}

#[test]
fn golden_mixed_korean_latin() {
    let lines = check_golden("layout-mixed");
    assert!(
        lines
            .iter()
            .any(|l| l.chars().any(is_hangul) && l.chars().any(|c| c.is_ascii_alphabetic()))
    );
}

#[test]
fn golden_long_url() {
    let lines = check_golden("layout-long-url");
    assert!(lines.len() >= 3);
}

#[test]
fn golden_old_hangul() {
    let lines = check_golden("layout-old-hangul");
    assert!(
        lines.iter().any(|l| l.contains('ᆞ')),
        "old Hangul jamo survive: {lines:#?}"
    );
}

#[test]
fn golden_hanja() {
    let lines = check_golden("layout-hanja");
    assert!(lines.iter().any(|l| l.contains('水')));
}

#[test]
fn golden_missing_char() {
    let lines = check_golden("layout-missing-char");
    assert!(!lines.is_empty());
    let input =
        std::fs::read_to_string(golden_dir().join("layout-missing-char/input.txt")).expect("input");
    let b = book(vec![chapter(
        "c001",
        "T",
        vec![para(input.trim(), 1), para(input.trim(), 2)],
    )]);
    let laid = layout_book(&b, fonts(), &golden_options());
    let missing: Vec<_> = laid
        .diagnostics
        .iter()
        .filter(|d| d.code == "font-missing-char")
        .collect();
    assert_eq!(
        missing.len(),
        1,
        "one warning per character: {:?}",
        laid.diagnostics
    );
    let at = missing[0]
        .span
        .as_ref()
        .expect("the warning has a position");
    assert_eq!(
        (at.line, at.col > 1),
        (1, true),
        "first occurrence, with its column: {at}"
    );
}

// ---------------------------------------------------------------- PDF validation

#[test]
fn sample_book_passes_qpdf_and_pdffonts() {
    let (doc, pdf, _) = build(&sample_book(), &LayoutOptions::default());
    assert!(doc.pages.len() >= 4);
    let path = write_tmp("qpdf", &pdf);
    if let Some(mut qpdf) = tool("qpdf") {
        qpdf.arg("--check").arg(&path);
        let (ok, out) = run(qpdf);
        assert!(ok && !out.contains("WARNING"), "qpdf --check: {out}");
    }
    if let Some(mut pdffonts) = tool("pdffonts") {
        pdffonts.arg(&path);
        let (ok, out) = run(pdffonts);
        assert!(ok, "{out}");
        let fonts: Vec<&str> = out.lines().skip(2).collect();
        assert!(!fonts.is_empty());
        for f in fonts {
            let cols: Vec<&str> = f.split_whitespace().collect();
            // name type encoding emb sub uni object ID: the last five are emb sub uni obj gen.
            let n = cols.len();
            assert!(n >= 7, "{f}");
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "embedded, subset, ToUnicode: {f}"
            );
        }
    }
}

#[test]
fn text_round_trips_through_pdftotext() {
    let (_, pdf, _) = build(&sample_book(), &LayoutOptions::default());
    let path = write_tmp("pdftotext", &pdf);
    let Some(mut cmd) = tool("pdftotext") else {
        return;
    };
    cmd.arg(&path).arg("-");
    let (ok, out) = run(cmd);
    assert!(ok, "{out}");
    let squash = |s: &str| s.chars().filter(|c| is_hangul(*c)).collect::<String>();
    let got = squash(&out);
    for sentence in PROSE.split(". ") {
        assert!(got.contains(&squash(sentence)), "missing {sentence:?}");
    }
    assert!(out.contains("let x = 1;"), "inline code is extractable");
}

#[test]
fn every_internal_link_resolves() {
    let (doc, _, _) = build(&sample_book(), &LayoutOptions::default());
    let names: std::collections::HashSet<&str> =
        doc.destinations.iter().map(|d| d.name.as_str()).collect();
    let mut internal = 0;
    let mut uris = 0;
    for page in &doc.pages {
        for l in &page.links {
            match &l.target {
                PdfTarget::Named(n) => {
                    internal += 1;
                    assert!(
                        names.contains(n.as_str()),
                        "link to missing destination {n}"
                    );
                }
                PdfTarget::Uri(u) => {
                    uris += 1;
                    assert!(u.starts_with("https://"));
                }
            }
        }
    }
    assert!(
        internal >= 4,
        "TOC, footnote both ways, internal link: {internal}"
    );
    assert!(
        uris >= 2,
        "the wrapped external link has one rectangle per line: {uris}"
    );
    for name in ["c001", "c002", "c002/결론", "c001/fn-1", "c001/fnref-fn-1"] {
        assert!(names.contains(name), "destination {name} exists");
    }
    fn walk(
        e: &[hanji::layout::OutlineEntry],
        names: &std::collections::HashSet<&str>,
        n: &mut usize,
    ) {
        for x in e {
            assert!(names.contains(x.dest.as_str()));
            *n += 1;
            walk(&x.children, names, n);
        }
    }
    let mut n = 0;
    walk(&doc.outline, &names, &mut n);
    assert!(n >= 4, "chapters and their headings are in the outline");
}

#[test]
fn pdf_has_named_destinations_uri_links_lang_and_tags() {
    let (_, pdf, _) = build(&sample_book(), &LayoutOptions::default());
    let path = write_tmp("qdf", &pdf);
    let Some(mut qpdf) = tool("qpdf") else { return };
    let out_path = path.with_file_name("qdf.pdf");
    qpdf.args(["--qdf", "--object-streams=disable"])
        .arg(&path)
        .arg(&out_path);
    let (ok, out) = run(qpdf);
    assert!(ok, "{out}");
    let raw = std::fs::read(&out_path).expect("qdf");
    let s = String::from_utf8_lossy(&raw);
    assert!(s.contains("/Lang (ko)"), "document language");
    assert!(s.contains("/StructTreeRoot"), "tagged");
    assert!(
        s.contains("/URI (https://example.com/a/very/long/path?query=1&other=2)"),
        "URI action"
    );
    assert!(s.contains("/Dests"), "named destinations");
    assert!(s.contains("/PageLabels"), "page labels");
    assert!(s.contains("/Outlines"), "outline");
    assert!(
        !s.contains("/CreationDate"),
        "no date unless asked (deterministic)"
    );
}

#[test]
fn pdf_is_deterministic() {
    let b = sample_book();
    let (_, a, _) = build(&b, &LayoutOptions::default());
    let (_, c, _) = build(&b, &LayoutOptions::default());
    assert!(a == c, "same input, same bytes");
    let laid = layout_book(&b, fonts(), &LayoutOptions::default());
    let dated = write_pdf(
        laid.value,
        fonts(),
        &PdfOptions {
            creation_date: Some(1_700_000_000),
            ..PdfOptions::default()
        },
    )
    .expect("pdf");
    assert!(
        String::from_utf8_lossy(&dated).contains("2023"),
        "creation date from SOURCE_DATE_EPOCH"
    );
}

#[test]
fn missing_image_is_a_placeholder() {
    let (doc, _, _) = build(&sample_book(), &LayoutOptions::default());
    let all: String = text_lines(&doc)
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("missing.png"), "placeholder names the file");
}

#[test]
fn footnote_sits_on_the_page_that_cites_it() {
    let (doc, _, _) = build(&sample_book(), &LayoutOptions::default());
    let page_of = |name: &str| {
        doc.destinations
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.page)
    };
    let (note, cite) = (page_of("c001/fn-1"), page_of("c001/fnref-fn-1"));
    assert!(
        note.is_some() && note == cite,
        "note on {note:?}, cited on {cite:?}"
    );
}

#[test]
fn long_table_repeats_its_header() {
    let rows = (0..90)
        .map(|i| vec![vec![text(&format!("행 {i}"), 2)], vec![text("값", 2)]])
        .collect();
    let table = block(
        BlockKind::Table {
            align: vec![Align::Left, Align::Left],
            header: vec![vec![text("머리칸", 1)], vec![text("둘째 머리칸", 1)]],
            rows,
        },
        1,
    );
    let (doc, _, _) = build(
        &book(vec![chapter("c001", "표", vec![table])]),
        &LayoutOptions::default(),
    );
    let pages: std::collections::BTreeSet<usize> = text_lines(&doc)
        .into_iter()
        .filter(|l| l.text.starts_with("머리칸"))
        .map(|l| l.page)
        .collect();
    assert!(
        pages.len() >= 2,
        "header on every page of the table: {pages:?}"
    );
}

#[test]
fn heading_never_ends_a_page() {
    // Enough paragraphs that some heading lands near a page bottom.
    let mut blocks = Vec::new();
    for i in 0..40 {
        blocks.push(block(
            BlockKind::Heading {
                level: HeadingLevel::clamped(2),
                id: format!("h{i}"),
                content: vec![text(&format!("소제목 {i}"), 1)],
            },
            1,
        ));
        blocks.push(para(&PROSE.repeat(1 + i % 3), 2));
    }
    let (doc, _, _) = build(
        &book(vec![chapter("c001", "긴 글", blocks)]),
        &LayoutOptions::default(),
    );
    let lines = text_lines(&doc);
    let m_bottom = LayoutOptions::default().page_height.0 - LayoutOptions::default().margins[2].0;
    let front = doc.page_labels.get(1).map_or(0, |r| r.first_page);
    for (i, l) in lines.iter().enumerate() {
        if l.page > front && l.text.starts_with("소제목") {
            let next = lines.get(i + 1).expect("something follows each heading");
            assert!(
                next.page == l.page && next.y < m_bottom,
                "heading {:?} is the last line of page {}",
                l.text,
                l.page
            );
        }
    }
}

#[test]
fn chapters_can_run_on() {
    let chapters = |n: usize| {
        (0..n)
            .map(|i| {
                chapter(
                    &format!("c{i:03}"),
                    &format!("메모 {i}"),
                    vec![para(PROSE, 2)],
                )
            })
            .collect::<Vec<_>>()
    };
    let breaking = LayoutOptions::default();
    let running = LayoutOptions {
        chapter_page_break: false,
        ..LayoutOptions::default()
    };
    let (a, _, _) = build(&book(chapters(6)), &breaking);
    let (b, pdf, _) = build(&book(chapters(6)), &running);
    assert!(
        b.pages.len() < a.pages.len(),
        "{} pages run on vs {} with breaks",
        b.pages.len(),
        a.pages.len()
    );
    let names: std::collections::HashSet<&str> =
        b.destinations.iter().map(|d| d.name.as_str()).collect();
    assert!(
        (0..6).all(|i| names.contains(format!("c{i:03}").as_str())),
        "every chapter still has its destination"
    );
    assert!(!pdf.is_empty());
}

#[test]
fn garden_corpus_builds() {
    let Some(dir) = crate::tools::garden_corpus() else {
        return;
    };
    let notes = hanji::load::load_notes(&hanji::load::LoadOptions {
        root: dir.clone(),
        ..Default::default()
    })
    .expect("garden loads")
    .value;
    let meta = BookMeta {
        title: "garden".into(),
        language: LangTag::korean(),
        ..BookMeta::default()
    };
    let book = hanji::parse::parse_book(
        &notes,
        &hanji::parse::ParseOptions {
            root: dir,
            meta,
            ..hanji::parse::ParseOptions::default()
        },
    )
    .value;
    let (doc, pdf, diags) = build(&book, &LayoutOptions::default());
    assert!(doc.pages.len() > 50);
    // Laid out twice (`layout::stream`, every page dropped after measuring): the same PDF.
    let again = LayoutOptions {
        page_memory: 0,
        ..LayoutOptions::default()
    };
    assert!(
        build(&book, &again).1 == pdf,
        "the garden's pages laid out again differ"
    );
    assert!(
        diags.iter().any(|d| d.contains("no font has")),
        "emoji are reported, not lost silently"
    );
    let names: std::collections::HashSet<&str> =
        doc.destinations.iter().map(|d| d.name.as_str()).collect();
    for page in &doc.pages {
        for l in &page.links {
            match &l.target {
                PdfTarget::Named(n) => assert!(names.contains(n.as_str()), "{n}"),
                PdfTarget::Uri(u) => assert!(u.is_ascii(), "URI is 7-bit: {u}"),
            }
        }
    }
    let path = write_tmp("garden", &pdf);
    if let Some(mut qpdf) = tool("qpdf") {
        qpdf.arg("--check").arg(&path);
        let (ok, out) = run(qpdf);
        assert!(ok && !out.contains("WARNING"), "qpdf --check: {out}");
    }
}

/// Right edges (`xMax`) of the lines pdftotext finds in a one-chapter book of long Korean
/// paragraphs, rounded to 0.1 pt, and the book's plain text.
fn right_edges(options: &LayoutOptions) -> Option<(Vec<i64>, String)> {
    let long = [PROSE; 6].join(" ");
    let book = Book {
        meta: sample_book().meta,
        chapters: vec![chapter(
            "c001",
            "정렬",
            (0..4).map(|i| para(&long, 2 + i)).collect(),
        )],
        assets: Vec::new(),
        attachments: Vec::new(),
    };
    let (_, pdf, _) = build(&book, options);
    let path = write_tmp(&format!("align-{}", options.justify), &pdf);
    let mut cmd = tool("pdftotext")?;
    cmd.arg("-bbox-layout").arg(&path).arg("-");
    let (ok, out) = run(cmd);
    assert!(ok, "{out}");
    // Every line of the page body (pdftotext may make each line its own block); paragraph
    // last lines and the title are a small minority of them.
    let mut edges = Vec::new();
    for line in out.split("<line ").skip(1) {
        let x_max = line
            .split("xMax=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse::<f64>().ok());
        if let Some(x) = x_max {
            edges.push((x * 10.0).round() as i64);
        }
    }
    let (_, plain) = run({
        let mut c = tool("pdftotext")?;
        c.arg(&path).arg("-");
        c
    });
    Some((edges, plain))
}

#[test]
fn justified_lines_share_one_right_edge_and_left_aligned_lines_do_not() {
    let Some((justified, text)) = right_edges(&LayoutOptions::default()) else {
        return;
    };
    let Some((ragged, _)) = right_edges(&LayoutOptions {
        justify: false,
        ..LayoutOptions::default()
    }) else {
        return;
    };
    let max = *justified.iter().max().unwrap_or(&0);
    let flush = justified.iter().filter(|&&x| (max - x).abs() <= 5).count();
    assert!(
        justified.len() >= 20 && flush * 3 >= justified.len() * 2,
        "justified: {flush} of {} lines end at the right edge",
        justified.len()
    );
    let ragged_max = *ragged.iter().max().unwrap_or(&0);
    let ragged_flush = ragged
        .iter()
        .filter(|&&x| (ragged_max - x).abs() <= 5)
        .count();
    assert!(
        ragged_flush * 4 < ragged.len(),
        "--align left: {ragged_flush} of {} lines still end at one edge",
        ragged.len()
    );
    // Inter-syllable expansion must not make pdftotext split a word: every word of the prose
    // comes back whole (line ends joined with a space, as pdftotext prints them).
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    for word in PROSE.split_whitespace() {
        assert!(words.contains(word), "word {word:?} came apart: {text}");
    }
}

// ---------------------------------------------------------------- bounded memory (issue 13)

/// A book of `n` chapters that exercises what pagination carries from one chapter to the next:
/// long footnotes cited at a chapter's end (they continue onto the pages the next chapter
/// starts on when chapters run on), tables with repeated headers, links to later chapters,
/// parts (a part page before every tenth chapter from the fifth on).
fn long_book(n: usize) -> Book {
    let chapters = (0..n)
        .map(|i| {
            let target = ChapterId((i * 7 + 3) % n);
            let mut c = chapter(
                &format!("c{i:03}"),
                &format!("메모 {i}"),
                vec![
                    para(&PROSE.repeat(1 + i % 4), 2),
                    block(
                        BlockKind::Heading {
                            level: HeadingLevel::clamped(2),
                            id: format!("h{i}"),
                            content: vec![text(&format!("절 {i}"), 3)],
                        },
                        3,
                    ),
                    block(
                        BlockKind::Table {
                            align: vec![Align::Left, Align::Right],
                            header: vec![vec![text("이름", 4)], vec![text("값", 4)]],
                            rows: (0..(i % 3) * 12)
                                .map(|r| {
                                    vec![
                                        vec![text(&format!("항목 {r}"), 5)],
                                        vec![text(&r.to_string(), 5)],
                                    ]
                                })
                                .collect(),
                        },
                        4,
                    ),
                    block(
                        BlockKind::Paragraph(vec![
                            text(PROSE, 6),
                            inl(
                                InlineKind::Link {
                                    target: LinkTarget::Internal {
                                        chapter: target,
                                        anchor: Some(format!("h{}", target.0)),
                                    },
                                    content: vec![text("다른 메모", 6)],
                                },
                                6,
                            ),
                            inl(
                                InlineKind::FootnoteRef {
                                    id: "fn-1".into(),
                                    number: 1,
                                },
                                6,
                            ),
                        ]),
                        6,
                    ),
                ],
            );
            c.footnotes.push(Footnote {
                id: "fn-1".into(),
                number: 1,
                blocks: vec![para(&PROSE.repeat(2 + i % 9), 8)],
                span: span("note.md", 8, 1),
            });
            c.part = (i >= 5).then(|| hanji::model::Part {
                id: format!("part-{:02}", (i - 5) / 10 + 1),
                title: format!("제{}부", (i - 5) / 10 + 1),
            });
            c
        })
        .collect();
    book(chapters)
}

/// The second pass that keeps memory bounded (`layout::stream`) lays chapters out again from a
/// saved pagination state: the PDF must be byte-identical whether every page was kept, none,
/// or the first batch only (resuming mid-book with footnotes and a page still open), and
/// whether the pages were collected or drawn as they came.
#[test]
fn pages_laid_out_again_are_the_same_pages() {
    let b = long_book(75);
    for run_on in [false, true] {
        let options = |page_memory| LayoutOptions {
            chapter_page_break: !run_on,
            page_memory,
            ..golden_options()
        };
        let (kept, whole, diags) = build(&b, &options(usize::MAX));
        assert!(kept.pages.len() > 150, "{} pages", kept.pages.len());
        for memory in [0, 1, 200_000] {
            let (again, pdf, again_diags) = build(&b, &options(memory));
            assert_eq!(again.pages.len(), kept.pages.len(), "page_memory {memory}");
            assert!(
                pdf == whole,
                "page_memory {memory}, run on {run_on}: PDF differs"
            );
            assert_eq!(again_diags, diags);
        }
        let streamed = hanji::layout::layout_book_streamed(&b, fonts(), &options(1)).value;
        let drawn = hanji::pdf::write_pdf_pages(
            streamed.document,
            streamed.pages,
            fonts(),
            &PdfOptions::default(),
        )
        .expect("PDF is written");
        assert!(drawn == whole, "streamed pages differ (run on {run_on})");
    }
    let path = write_tmp(
        "stream-pdf",
        &build(
            &b,
            &LayoutOptions {
                page_memory: 0,
                ..golden_options()
            },
        )
        .1,
    );
    let Some(mut qpdf) = tool("qpdf") else { return };
    qpdf.arg("--check").arg(&path);
    let (ok, out) = run(qpdf);
    assert!(ok, "qpdf --check: {out}");
}
