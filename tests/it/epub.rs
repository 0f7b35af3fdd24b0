//! EPUB writer end to end, on books built in code (independent of `load`/`parse`): every block
//! and inline kind, links, footnotes, images, math, code; EPUBCheck must report nothing; two
//! builds must give the same bytes.

use crate::tools;
use hanji::diag::Span;
use hanji::epub::{EpubOptions, write_epub as try_write_epub};
use hanji::model::*;
use std::io::Read;
use std::sync::Arc;

/// The writer, which must succeed on every book of these tests (its error path is covered by
/// the build's unit test).
fn write_epub(book: &Book, options: &EpubOptions) -> hanji::diag::Warned<Vec<u8>> {
    try_write_epub(book, options, None).expect("EPUB written")
}

fn sp(file: &str, line: u32) -> Span {
    Span::new(Arc::from(file), line, 1)
}

fn t(s: &str) -> Inline {
    Inline {
        kind: InlineKind::Text(s.into()),
        span: Span::default(),
    }
}

fn il(kind: InlineKind) -> Inline {
    Inline {
        kind,
        span: Span::default(),
    }
}

fn b(kind: BlockKind) -> Block {
    Block {
        kind,
        span: Span::default(),
        anchor: None,
    }
}

fn para(inlines: Vec<Inline>) -> Block {
    b(BlockKind::Paragraph(inlines))
}

fn heading(level: u8, id: &str, text: &str) -> Block {
    b(BlockKind::Heading {
        level: HeadingLevel::new(level).expect("level 1-6"),
        id: id.into(),
        content: vec![t(text)],
    })
}

fn chapter(
    i: usize,
    title: &str,
    lang: Option<&str>,
    blocks: Vec<Block>,
    footnotes: Vec<Footnote>,
) -> Chapter {
    Chapter {
        id: format!("c{:03}", i + 1),
        source: format!("notes/{title}.md"),
        title: title.into(),
        title_id: "title".into(),
        lang: lang.map(|l| LangTag::parse(l).expect("tag")),
        meta: ChapterMeta::default(),
        part: None,
        blocks,
        footnotes,
        span: sp(&format!("notes/{title}.md"), 1),
    }
}

/// A 1×1 transparent PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A book that uses every block and inline kind of the model, with awkward text everywhere.
pub(crate) fn every_kind_book() -> Book {
    let internal = |chapter: usize, anchor: Option<&str>, text: &str| {
        il(InlineKind::Link {
            target: LinkTarget::Internal {
                chapter: ChapterId(chapter),
                anchor: anchor.map(str::to_string),
            },
            content: vec![t(text)],
        })
    };
    let external = |url: &str, text: &str| {
        il(InlineKind::Link {
            target: LinkTarget::External(ExternalUrl::parse(url).expect("allowed URL")),
            content: vec![t(text)],
        })
    };
    let styled = |s: Style, text: &str| il(InlineKind::Styled(s, vec![t(text)]));
    let image = |asset: Option<usize>, src: &str| Image {
        asset: asset.map(AssetId),
        src: src.into(),
        alt: format!("그림 \"{src}\" <alt>"),
        width: Some(300),
    };
    let first = chapter(
        0,
        "한글 & <노트> \"첫째\"",
        None,
        vec![
            para(vec![
                t("**강조**를 쓰는 문장 <tag> & \"quote\" 'apos' "),
                styled(Style::Strong, "굵게"),
                t("를, "),
                styled(Style::Emphasis, "기울임"),
                t(", "),
                styled(Style::Strikethrough, "취소"),
                styled(Style::Superscript, "위"),
                styled(Style::Subscript, "아래"),
                styled(Style::Underline, "밑줄"),
                styled(Style::Highlight, "형광"),
                styled(Style::Keyboard, "Ctrl+C"),
                styled(Style::Small, "작게"),
                il(InlineKind::SoftBreak),
                il(InlineKind::Code("a < b && c > d".into())),
                il(InlineKind::LineBreak),
                il(InlineKind::Math("x^2 + y_1 = \\frac{a}{b}".into())),
                t(" "),
                il(InlineKind::Math("\\unknowncommand{<}".into())),
                il(InlineKind::FootnoteRef {
                    id: "fn-1".into(),
                    number: 1,
                }),
                t(" "),
                il(InlineKind::FootnoteRef {
                    id: "fn-1".into(),
                    number: 1,
                }),
                il(InlineKind::FootnoteRef {
                    id: "fn-note".into(),
                    number: 2,
                }),
            ]),
            heading(2, "id-1-소개", "1. 소개 & <개요>"),
            para(vec![
                external("https://example.com/search?q=a%20b&lang=ko#frag", "검색"),
                t(" "),
                external("https://ko.wikipedia.org/wiki/한글", "위키"),
                t(" "),
                external("mailto:someone@example.com", "메일"),
                t(" "),
                // A `javascript:` link cannot be an `ExternalUrl`: parse leaves its text.
                t("나쁜 링크"),
                t(" "),
                internal(1, Some("둘째-제목"), "둘째 노트의 제목"),
                t(" "),
                internal(1, None, "둘째 노트"),
                t(" "),
                internal(0, Some("id-1-소개"), "여기"),
                t(" "),
                internal(1, Some("no-such-anchor"), "없는 앵커"),
                t(" "),
                il(InlineKind::Link {
                    target: LinkTarget::External(
                        ExternalUrl::parse("https://example.com/").expect("allowed URL"),
                    ),
                    content: vec![t("링크 안의 "), internal(1, None, "링크")],
                }),
            ]),
            heading(3, "하위-제목", "하위 제목: 공백 포함 id"),
            b(BlockKind::List {
                start: None,
                tight: true,
                items: vec![
                    ListItem {
                        task: Some(true),
                        blocks: vec![para(vec![t("끝난 일")])],
                        span: Span::default(),
                    },
                    ListItem {
                        task: Some(false),
                        blocks: vec![
                            para(vec![t("남은 일")]),
                            b(BlockKind::List {
                                start: Some(3),
                                tight: false,
                                items: vec![ListItem {
                                    task: None,
                                    blocks: vec![
                                        para(vec![t("중첩 셋")]),
                                        para(vec![t("둘째 문단")]),
                                    ],
                                    span: Span::default(),
                                }],
                            }),
                        ],
                        span: Span::default(),
                    },
                    ListItem {
                        task: None,
                        blocks: vec![],
                        span: Span::default(),
                    },
                ],
            }),
            b(BlockKind::Quote(vec![para(vec![t("인용문 > 안")])])),
            b(BlockKind::Callout {
                kind: "warning".into(),
                title: None,
                folded: None,
                blocks: vec![para(vec![t("경고 본문")])],
            }),
            b(BlockKind::Callout {
                kind: "My Custom!".into(),
                title: Some(vec![t("직접 쓴 제목 & 기호")]),
                folded: Some(false),
                blocks: vec![para(vec![t("접힌 콜아웃")])],
            }),
            b(BlockKind::Callout {
                kind: "tip".into(),
                title: Some(vec![t("펼친 콜아웃")]),
                folded: Some(true),
                blocks: vec![para(vec![t("접을 수 있지만 열려 있음")])],
            }),
            b(BlockKind::Callout {
                kind: "details".into(),
                title: None,
                folded: None,
                blocks: vec![],
            }),
            b(BlockKind::Code {
                lang: Some("rust".into()),
                text: "fn main() {\n    // 한글 주석 <&>\n    let x = \"a\" < \"b\";\n}".into(),
            }),
            b(BlockKind::Code {
                lang: Some("no-such-language".into()),
                text: "plain <text> & stuff\u{1b}".into(),
            }),
            b(BlockKind::Code {
                lang: None,
                text: "".into(),
            }),
            b(BlockKind::Table {
                align: vec![Align::None, Align::Left, Align::Center, Align::Right],
                header: vec![
                    vec![t("이름")],
                    vec![t("왼쪽")],
                    vec![t("가운데")],
                    vec![t("오른쪽 & <")],
                ],
                rows: vec![vec![
                    vec![t("가")],
                    vec![il(InlineKind::Code("x<y".into()))],
                    vec![styled(Style::Strong, "굵게")],
                    vec![t("1,000")],
                ]],
            }),
            b(BlockKind::Figure {
                image: image(Some(0), "attachments/fig.png"),
                caption: vec![t("그림 1: 캡션 & <설명>")],
            }),
            b(BlockKind::Figure {
                image: image(None, "attachments/없는 그림.png"),
                caption: vec![],
            }),
            para(vec![
                t("인라인 그림 "),
                il(InlineKind::Image(image(Some(0), "fig.png"))),
                il(InlineKind::Image(image(None, "missing <inline>.png"))),
            ]),
            b(BlockKind::Math(
                "\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}".into(),
            )),
            b(BlockKind::Math("\\begin{broken".into())),
            b(BlockKind::Math("\\operatorname{sin} x \\not= y \\cdots \\vec{v} \\binom{n}{k} \\mathcal{L} \\displaystyle \\sum x".into())),
            b(BlockKind::Rule),
            b(BlockKind::Embed {
                chapter: ChapterId(1),
                title: "둘째 노트".into(),
                blocks: vec![
                    heading(2, "embedded-heading", "포함된 제목"),
                    para(vec![t("포함된 본문")]),
                ],
            }),
            heading(2, "id-1-소개-1", "중복 id 제목"),
            heading(1, "빈-id", "빈 id"),
            heading(4, "깊은", "4단계 제목"),
        ],
        vec![
            Footnote {
                id: "fn-1".into(),
                number: 1,
                blocks: vec![
                    para(vec![t("각주 내용 & <기호>")]),
                    para(vec![t("둘째 문단")]),
                ],
                span: Span::default(),
            },
            Footnote {
                id: "fn-note".into(),
                number: 2,
                blocks: vec![b(BlockKind::Code {
                    lang: None,
                    text: "code in a footnote".into(),
                })],
                span: Span::default(),
            },
            Footnote {
                id: "fn-unused".into(),
                number: 3,
                blocks: vec![para(vec![t("참조 없는 각주")])],
                span: Span::default(),
            },
        ],
    );
    // TeX that latex2mathml handles in many ways (MathML, malformed output, errors): every
    // result must pass EPUBCheck.
    let mut first = first;
    for tex in [
        "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
        "\\mathbb{R} \\mathcal{L} \\mathrm{d} \\mathbf{x}",
        "\\left( x \\right) \\left[ y \\right]",
        "\\sqrt[3]{x} \\hat{x} \\overline{AB} \\vec{v}",
        "a \\leq b < c > d",
        "\\alpha \\beta \\int_0^1 f(x)\\,dx",
        "\\text{텍스트} \\lim_{n \\to \\infty}",
        "\\big( \\bigg) \\Big[",
        "\\begin{align} a &= b \\\\ c &= d \\end{align}",
        "f'(x) \\prime x^{\\prime}",
        "\\{ a \\} \\langle x \\rangle | y \\|",
    ] {
        first.blocks.push(b(BlockKind::Math(tex.into())));
        first
            .blocks
            .push(para(vec![il(InlineKind::Math(tex.into()))]));
    }
    let mut second = chapter(
        1,
        "Second note",
        Some("en"),
        vec![
            heading(2, "둘째-제목", "Heading"),
            para(vec![t("English text. "), internal(0, None, "back")]),
        ],
        vec![],
    );
    second.meta = ChapterMeta {
        date: Date::parse("2024-03-05"),
        authors: vec!["Kim".into()],
        tags: vec!["태그".into(), "tag".into()],
        description: None,
    };
    // No language of its own (parse drops `not a tag!` with a warning): the book's applies.
    let third = chapter(2, "", None, vec![], vec![]);
    Book {
        meta: BookMeta {
            title: "모든 종류 & <책>".into(),
            authors: vec!["홍길동".into(), "Jane \"J\" Doe".into()],
            language: LangTag::korean(),
            date: Date::parse("2024-03-01"),
            identifier: None,
            description: Some("설명 & 요약".into()),
            keywords: vec!["노트".into()],
            cover: Some(AssetId(1)),
            ..BookMeta::default()
        },
        chapters: vec![first, second, third],
        assets: vec![
            Asset {
                path: "attachments/fig.png".into(),
                media_type: "image/png",
                data: Arc::from(PNG),
            },
            Asset {
                path: "cover.png".into(),
                media_type: "image/png",
                data: Arc::from(PNG),
            },
            Asset {
                path: "unused.png".into(),
                media_type: "image/png",
                data: Arc::from(PNG),
            },
        ],
        attachments: Vec::new(),
    }
}

/// A book with `n` generated chapters (for timing).
pub(crate) fn many_chapters_book(n: usize) -> Book {
    let chapters = (0..n)
        .map(|i| {
            let mut blocks = Vec::new();
            for s in 0..4 {
                blocks.push(heading(2, &format!("섹션-{s}"), &format!("섹션 {s}")));
                for _ in 0..5 {
                    blocks.push(para(vec![
                        t("한국어 문장은 띄어쓰기 단위로 줄을 바꾼다. Korean text & <markup> mixed in. "),
                        il(InlineKind::Link {
                            target: LinkTarget::Internal {
                                chapter: ChapterId((i + 1) % n),
                                anchor: Some("섹션-1".into()),
                            },
                            content: vec![t("다음 노트")],
                        }),
                    ]));
                }
                blocks.push(b(BlockKind::Code {
                    lang: Some("python".into()),
                    text: "def f(x):\n    # 주석\n    return x < 3 and x > 1\n".into(),
                }));
            }
            chapter(i, &format!("노트 {i}"), None, blocks, vec![])
        })
        .collect();
    Book {
        meta: BookMeta {
            title: "많은 노트".into(),
            language: LangTag::korean(),
            ..Default::default()
        },
        chapters,
        assets: vec![],
        attachments: Vec::new(),
    }
}

fn opts(embed_fonts: bool) -> EpubOptions {
    EpubOptions {
        embed_fonts,
        ..EpubOptions::default()
    }
}

/// Reads one entry of an EPUB zip as text.
fn entry(epub: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("zip");
    let mut f = zip.by_name(name).expect("entry");
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}

/// Runs EPUBCheck on `epub`; panics with its report on any fatal, error or warning.
fn assert_epubcheck_clean(epub: &[u8], name: &str) {
    let dir = tools::temp_dir(name);
    let path = dir.join(format!("{name}.epub"));
    std::fs::write(&path, epub).expect("write epub");
    tools::assert_epubcheck_clean(&path);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_kind_passes_epubcheck() {
    let book = every_kind_book();
    let out = write_epub(&book, &opts(false));
    assert!(!out.value.is_empty());
    assert_epubcheck_clean(&out.value, "every-kind");
}

#[test]
fn every_kind_with_fonts_passes_epubcheck() {
    let book = every_kind_book();
    let out = write_epub(&book, &opts(true));
    let opf = entry(&out.value, "OEBPS/content.opf");
    assert!(opf.contains("font/"), "fonts in the manifest:\n{opf}");
    let css = entry(&out.value, "OEBPS/css/style.css");
    assert!(css.contains("@font-face"));
    assert_epubcheck_clean(&out.value, "every-kind-fonts");
}

#[test]
fn empty_book_passes_epubcheck() {
    let out = write_epub(&Book::default(), &opts(true));
    assert_epubcheck_clean(&out.value, "empty");
}

#[test]
fn many_chapters_pass_epubcheck() {
    let book = many_chapters_book(30);
    let out = write_epub(&book, &opts(false));
    assert_epubcheck_clean(&out.value, "many");
}

#[test]
fn same_book_same_bytes() {
    let book = every_kind_book();
    let a = write_epub(&book, &opts(true)).value;
    let b = write_epub(&book, &opts(true)).value;
    assert_eq!(a, b, "two builds differ");
    let many = many_chapters_book(50);
    assert_eq!(
        write_epub(&many, &opts(false)).value,
        write_epub(&many, &opts(false)).value
    );
}

#[test]
fn mimetype_first_and_stored() {
    let epub = write_epub(&every_kind_book(), &opts(false)).value;
    assert_eq!(&epub[30..38], b"mimetype");
    assert_eq!(&epub[38..58], b"application/epub+zip");
    assert_eq!(u16::from_le_bytes([epub[8], epub[9]]), 0, "stored");
    assert_eq!(
        u16::from_le_bytes([epub[28], epub[29]]),
        0,
        "no extra field"
    );
}

#[test]
fn documents_escape_link_and_label_correctly() {
    let out = write_epub(&every_kind_book(), &opts(false));
    let c1 = entry(&out.value, "OEBPS/c001.xhtml");
    let c2 = entry(&out.value, "OEBPS/c002.xhtml");
    // Language: book language, then the note's own; none of its own falls back to the book's.
    assert!(c1.contains("lang=\"ko\" xml:lang=\"ko\""));
    assert!(c2.contains("lang=\"en\" xml:lang=\"en\""));
    assert!(entry(&out.value, "OEBPS/c003.xhtml").contains("lang=\"ko\""));
    // Escaping.
    assert!(c1.contains("한글 &amp; &lt;노트&gt; \"첫째\"</h1>"));
    assert!(c1.contains("<code>a &lt; b &amp;&amp; c &gt; d</code>"));
    assert!(c1.contains("alt=\"그림 &quot;attachments/fig.png&quot; &lt;alt&gt;\""));
    assert!(!c1.contains('\u{1b}'));
    // Ids: kept when valid, made NCNames otherwise, never repeated.
    assert!(c1.contains("<h1 id=\"title\">"));
    assert!(c1.contains("id=\"id-1-소개\""));
    assert!(c1.contains("id=\"하위-제목\""));
    assert_eq!(c1.matches("id=\"id-1-소개\"").count(), 1);
    // Links: internal to file#id (percent-encoded), external sanitised, bad schemes dropped.
    assert!(c1.contains("href=\"c002.xhtml#%EB%91%98%EC%A7%B8-%EC%A0%9C%EB%AA%A9\""));
    assert!(c1.contains("href=\"c002.xhtml\">둘째 노트</a>"));
    assert!(c1.contains("href=\"https://example.com/search?q=a%20b&amp;lang=ko#frag\""));
    assert!(c1.contains("href=\"https://ko.wikipedia.org/wiki/%ED%95%9C%EA%B8%80\""));
    assert!(!c1.contains("javascript:"));
    assert!(c1.contains("나쁜 링크"));
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.code == "link-anchor-missing")
    );
    // Footnotes: noteref → aside, with a back link to the first reference.
    assert!(c1.contains("epub:type=\"noteref\""));
    assert!(c1.contains("<aside epub:type=\"footnote\""));
    assert!(c1.contains("role=\"doc-backlink\" href=\"#fn-1-ref\""));
    assert!(c1.contains("id=\"fn-1-ref-2\""));
    // Callouts, tasks, tables, figures, placeholders, embeds.
    assert!(c1.contains("class=\"callout callout-warning\""));
    assert!(c1.contains(">경고</p>"));
    assert!(c1.contains("class=\"callout callout-my-custom-\""));
    assert!(c1.contains("checked=\"checked\""));
    assert!(c1.contains("<th class=\"align-center\">"));
    assert!(c1.contains("<figcaption>"));
    assert!(c1.contains("class=\"missing-image\""));
    assert!(c1.contains("attachments/없는 그림.png"));
    assert!(c1.contains("<div class=\"embed\">"));
    assert!(c1.contains("<span class=\"hl-"));
    assert!(c1.contains("<math"));
    assert!(c1.contains("class=\"math-tex"));
}

#[test]
fn package_document_and_nav() {
    let epub = write_epub(&every_kind_book(), &opts(false)).value;
    let opf = entry(&epub, "OEBPS/content.opf");
    assert!(opf.contains("<dc:identifier id=\"pub-id\">urn:uuid:"));
    assert!(opf.contains("<dc:language>ko</dc:language>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2024-03-05T00:00:00Z</meta>"));
    assert!(opf.contains("properties=\"mathml\""));
    assert!(opf.contains("properties=\"cover-image\""));
    assert!(opf.contains("schema:accessibilitySummary"));
    assert!(!opf.contains("unused"), "unreferenced assets are left out");
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("epub:type=\"toc\""));
    assert!(nav.contains("epub:type=\"landmarks\""));
    // toc_depth 3: the h4 heading is not listed, the h3 one is nested.
    assert!(!nav.contains("4단계 제목"));
    assert!(nav.contains("하위 제목: 공백 포함 id"));
    let ncx = entry(&epub, "OEBPS/toc.ncx");
    let id = opf
        .split("<dc:identifier id=\"pub-id\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("id");
    assert!(ncx.contains(&format!("content=\"{id}\"")));
    // SOURCE_DATE_EPOCH wins.
    let with_epoch = write_epub(
        &every_kind_book(),
        &EpubOptions {
            modified: Some(1_700_000_000),
            embed_fonts: false,
            ..EpubOptions::default()
        },
    )
    .value;
    assert!(entry(&with_epoch, "OEBPS/content.opf").contains("2023-11-14T22:13:20Z"));
}

#[test]
fn writes_1000_chapters_quickly() {
    let book = many_chapters_book(1000);
    let start = std::time::Instant::now();
    let out = write_epub(&book, &opts(false));
    let elapsed = start.elapsed();
    eprintln!("1000 chapters: {elapsed:?}, {} bytes", out.value.len());
    assert!(out.value.len() > 10_000);
}

/// `tests/golden/epub-every-kind/` (works when this file is compiled from another crate too).
fn golden_dir() -> std::path::PathBuf {
    let here = std::path::Path::new(file!());
    let tests = if here.is_absolute() {
        here.parent()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    } else {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
    };
    tests.join("golden/epub-every-kind")
}

/// The zip listing (name, method, size) and the text documents of the every-kind book match
/// the golden files; `UPDATE_GOLDEN=1` rewrites them.
#[test]
fn every_kind_matches_golden() {
    let epub = write_epub(&every_kind_book(), &opts(false)).value;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&epub)).expect("zip");
    let mut listing = String::new();
    for i in 0..zip.len() {
        let f = zip.by_index(i).expect("entry");
        listing.push_str(&format!(
            "{:?} {} {}\n",
            f.compression(),
            f.size(),
            f.name().unwrap_or_default()
        ));
    }
    let mut actual = vec![("listing.txt".to_string(), listing)];
    for name in [
        "content.opf",
        "nav.xhtml",
        "toc.ncx",
        "title.xhtml",
        "c001.xhtml",
        "c002.xhtml",
    ] {
        actual.push((name.to_string(), entry(&epub, &format!("OEBPS/{name}"))));
    }
    let dir = golden_dir();
    let update = std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1");
    if update {
        std::fs::create_dir_all(&dir).expect("golden dir");
    }
    for (name, text) in actual {
        let path = dir.join(&name);
        if update {
            std::fs::write(&path, &text).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
        assert!(
            expected == text,
            "{} differs from the golden file (UPDATE_GOLDEN=1 rewrites it):\n{text}",
            path.display()
        );
    }
}
