//! What users reach for, end to end: `--name`, metadata from hanji.yaml and `-M` in the OPF,
//! a sanitised `epub.css` after hanji's, bare URLs as links in both books, and a `--version`
//! that names the embedded fonts. Checked with EPUBCheck, unzip and qpdf.

use crate::tools::{assert_epubcheck_clean, temp_dir, tool, zip_entry as entry};
use crate::tools::{path_arg as s, run_hanji as run};
use std::path::Path;
use std::process::Command;

#[test]
fn name_metadata_css_and_bare_urls_reach_the_books() {
    let dir = temp_dir("customise");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::write(
        notes.join("a.md"),
        "# 주소\n\n자세한 내용은 https://example.com/docs?q=1에서, 또는 www.example.org.\n\n\
         `https://code.example.com` 과 [이름](https://named.example.com) 은 그대로.\n",
    )
    .expect("write");
    std::fs::write(
        notes.join("my.css"),
        "@import url(https://evil.example/x.css);\nh1 { color: #123456; }\n\
         p { background: url(javascript:alert(1)) }\n",
    )
    .expect("write");
    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 맞춤 책\nrights: © 2026 한지\nseries: 한지 문고\nseries_index: 2\n\
         isbn: 978-89-01-23456-7\nsubjects: [노트, 주소]\nepub:\n  css: my.css\n",
    )
    .expect("write");
    let out = dir.join("out");
    let o = run(&[
        "build",
        s(&notes),
        "-o",
        s(&out),
        "--name",
        "내-책",
        "-M",
        "publisher=한지 출판",
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    let epub = out.join("내-책.epub");
    let pdf = out.join("내-책.pdf");
    assert!(epub.is_file() && pdf.is_file(), "{err}");
    assert!(!out.join("book.epub").exists());
    // The CSS problems are named, with their lines.
    assert!(
        err.contains("epub.css `my.css` line 1: @import removed"),
        "{err}"
    );
    assert!(
        err.contains("epub.css `my.css` line 3: url(javascript:alert(1) removed"),
        "{err}"
    );
    assert_epubcheck_clean(&epub);

    let opf = entry(&epub, "OEBPS/content.opf");
    for want in [
        "<dc:publisher>한지 출판</dc:publisher>",
        "<dc:rights>© 2026 한지</dc:rights>",
        "<meta property=\"belongs-to-collection\" id=\"series\">한지 문고</meta>",
        "<meta refines=\"#series\" property=\"group-position\">2</meta>",
        ">urn:isbn:9788901234567</dc:identifier>",
        "<dc:subject>주소</dc:subject>",
    ] {
        assert!(opf.contains(want), "no {want} in\n{opf}");
    }
    let css = entry(&epub, "OEBPS/css/style.css");
    let user = css.find("color: #123456").expect("user rule kept");
    assert!(
        css.find("hanji: generated stylesheet")
            .is_some_and(|h| h < user)
    );
    assert!(
        !css.contains("@import") && !css.contains("javascript"),
        "{css}"
    );

    // Bare URLs are links in the EPUB (the particle and the final period outside); code and
    // an existing link are left as they were.
    let xhtml = entry(&epub, "OEBPS/*.xhtml");
    assert!(
        xhtml.contains(
            "<a href=\"https://example.com/docs?q=1\">https://example.com/docs?q=1</a>에서"
        ),
        "{xhtml}"
    );
    assert!(
        xhtml.contains("<a href=\"http://www.example.org\">www.example.org</a>."),
        "{xhtml}"
    );
    assert_eq!(
        xhtml
            .matches("<a href=\"https://named.example.com\"")
            .count(),
        1
    );
    assert!(
        !xhtml.contains("href=\"https://code.example.com"),
        "{xhtml}"
    );
    // … and URI link annotations in the PDF (qpdf's JSON view of the objects).
    if let Some(mut qpdf) = tool("qpdf") {
        let o = qpdf.arg("--json").arg(&pdf).output().expect("qpdf");
        let json = String::from_utf8_lossy(&o.stdout);
        for uri in ["https://example.com/docs?q=1", "http://www.example.org"] {
            assert!(json.contains(uri), "no URI {uri} in the PDF");
        }
        assert!(!json.contains("https://code.example.com"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn version_names_the_embedded_fonts() {
    let o = run(&["--version"]);
    let text = String::from_utf8_lossy(&o.stdout);
    for font in [
        "Nanum Myeongjo",
        "Noto Serif CJK KR",
        "Noto Sans CJK KR",
        "D2Coding",
    ] {
        assert!(text.contains(font), "{text}");
    }
}

/// `cover:` gives the PDF a cover page too (issue 14: it was EPUB-only): page 1 holds the image
/// and no text (poppler's `pdfimages` and `pdftotext`), the title page follows, and the contents
/// page is numbered iii.
#[test]
fn the_cover_is_the_first_page_of_the_pdf() {
    let dir = temp_dir("customise-cover");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/assets/good.png"),
        notes.join("cover.png"),
    )
    .expect("cover");
    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 표지 있는 책\ncover: cover.png\n",
    )
    .expect("config");
    std::fs::write(notes.join("a.md"), "# 첫 노트\n\n본문.\n").expect("note");
    let out = dir.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = out.join("book.pdf");
    let page_text = |n: &str| {
        tool("pdftotext").map(|mut c| {
            let o = c.args(["-f", n, "-l", n]).arg(&pdf).arg("-").output();
            String::from_utf8_lossy(&o.expect("pdftotext").stdout).into_owned()
        })
    };
    if let (Some(first), Some(second), Some(third)) =
        (page_text("1"), page_text("2"), page_text("3"))
    {
        assert!(
            first.trim().is_empty(),
            "the cover page has no text: {first}"
        );
        assert!(
            second.contains("표지 있는 책"),
            "the title page follows: {second}"
        );
        assert!(third.contains("iii"), "the contents page is iii: {third}");
    }
    if let Some(mut c) = tool("pdfimages") {
        let list = c.args(["-list", "-f", "1", "-l", "1"]).arg(&pdf).output();
        let list = String::from_utf8_lossy(&list.expect("pdfimages").stdout).into_owned();
        assert_eq!(list.lines().count(), 3, "one image on page 1: {list}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Dark pixels (grey < 60) in the right 80 % of the PDF's page 1, rendered at 20 dpi by poppler
/// as a greyscale PGM; `None` without poppler.
fn ink_on_first_page(pdf: &Path) -> Option<usize> {
    let dir = pdf.parent().expect("parent").join("render");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let prefix = dir.join("p1");
    let o = tool("pdftoppm")?
        .args(["-gray", "-r", "20", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm");
    assert!(o.status.success(), "pdftoppm");
    let pgm = std::fs::read(prefix.with_extension("pgm")).expect("pgm");
    // Binary PGM: "P5", width, height, maxval, each followed by whitespace, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().expect("w"), fields[2].parse().expect("h"));
    let pixels = &pgm[at + 1..];
    assert_eq!(pixels.len(), w * h, "PGM size");
    Some(
        pixels
            .chunks(w)
            .flat_map(|row| &row[w / 5..])
            .filter(|&&g| g < 60)
            .count(),
    )
}

/// Without `cover:`, both books get the same generated cover (title and authors, drawn as
/// outlines): the EPUB's `cover-image` SVG and cover page, the PDF's first page (no text, but
/// ink where the title is); `cover: none` leaves both without one.
#[test]
fn a_book_without_a_cover_gets_a_generated_one() {
    let dir = temp_dir("customise-generated-cover");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 생성된 표지의 책\nauthor: 홍길동\n",
    )
    .expect("config");
    std::fs::write(notes.join("a.md"), "# 첫 노트\n\n본문.\n").expect("note");
    let out = dir.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = out.join("book.epub");
    assert_epubcheck_clean(&epub);
    let opf = entry(&epub, "OEBPS/content.opf");
    let cover_item = opf
        .lines()
        .find(|l| l.contains("properties=\"cover-image\""))
        .unwrap_or_else(|| panic!("no cover image: {opf}"));
    assert!(cover_item.contains("image/svg+xml"), "{cover_item}");
    assert!(
        entry(&epub, "OEBPS/cover.xhtml").contains("<img"),
        "cover page"
    );
    let pdf = out.join("book.pdf");
    if let Some(mut c) = tool("pdftotext") {
        let o = c.args(["-f", "1", "-l", "2"]).arg(&pdf).arg("-").output();
        let text = String::from_utf8_lossy(&o.expect("pdftotext").stdout).into_owned();
        let pages: Vec<&str> = text.split('\u{c}').collect();
        assert!(
            pages[0].trim().is_empty(),
            "cover is outlines: {}",
            pages[0]
        );
        assert!(pages[1].contains("생성된 표지의 책"), "title page second");
    }
    if let Some(ink) = ink_on_first_page(&pdf) {
        assert!(
            ink > 40,
            "the title is drawn on the cover: {ink} dark pixels"
        );
    }

    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 생성된 표지의 책\ncover: none\n",
    )
    .expect("config");
    let bare = dir.join("bare");
    let o = run(&["build", s(&notes), "-o", s(&bare)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let opf = entry(&bare.join("book.epub"), "OEBPS/content.opf");
    assert!(!opf.contains("cover-image"), "{opf}");
    if let Some(mut c) = tool("pdftotext") {
        let o = c
            .args(["-f", "1", "-l", "1"])
            .arg(bare.join("book.pdf"))
            .arg("-")
            .output();
        let text = String::from_utf8_lossy(&o.expect("pdftotext").stdout).into_owned();
        assert!(
            text.contains("생성된 표지의 책"),
            "title page first: {text}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Publisher, rights and series (and the book's date) are printed on both title pages, the
/// same lines in the same order: the EPUB's `title.xhtml` and the PDF's title page (pdftotext).
#[test]
fn the_imprint_is_on_both_title_pages() {
    let dir = temp_dir("customise-imprint");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 메타데이터 책\nauthor: 홍길동\ndate: 2024-05-01\npublisher: 한지 출판사\n\
         rights: © 2024 홍길동, CC BY 4.0\nseries: 노트 총서\nseries_index: 3\ncover: none\n",
    )
    .expect("config");
    std::fs::write(notes.join("a.md"), "# 노트\n\n본문.\n").expect("note");
    let out = dir.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines = [
        "2024-05-01",
        "노트 총서 · 3",
        "한지 출판사",
        "© 2024 홍길동, CC BY 4.0",
    ];
    let title = entry(&out.join("book.epub"), "OEBPS/title.xhtml");
    let mut at = 0;
    for line in lines {
        let found = title[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{line}: {title}"));
        at += found;
    }
    let Some(mut c) = tool("pdftotext") else {
        return;
    };
    let o = c
        .args(["-f", "1", "-l", "1"])
        .arg(out.join("book.pdf"))
        .arg("-")
        .output();
    let text = String::from_utf8_lossy(&o.expect("pdftotext").stdout).into_owned();
    let mut at = 0;
    for line in lines {
        let found = text[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{line}: {text}"));
        at += found;
    }
}

/// `fonts: {body, heading, code}` picks families by name from `--font-dir` (here copies of the
/// repository's D2Coding and Hanji Latin Serif files): pdffonts shows the body set in D2Coding
/// and the headings in Hanji Latin Serif (their Hangul from the embedded sans, which the Latin
/// face lacks); the EPUB packages subsets of both and heads its stacks with them; a name that
/// matches nothing is a warning against hanji.yaml, and that role keeps its default.
#[test]
fn fonts_by_role_reach_both_books() {
    let dir = temp_dir("customise-role-fonts");
    let notes = dir.join("notes");
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::create_dir_all(&fonts).expect("mkdir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    for f in [
        "D2Coding-Regular.ttf",
        "D2Coding-Bold.ttf",
        "HanjiLatinSerif-Regular.ttf",
        "HanjiLatinSerif-Bold.ttf",
    ] {
        std::fs::copy(repo.join(f), fonts.join(f)).expect("copy font");
    }
    std::fs::write(
        notes.join("hanji.yaml"),
        "cover: none\nfonts:\n  body: d2coding\n  heading: Hanji Latin Serif\n  code: No Such Font\n",
    )
    .expect("config");
    std::fs::write(
        notes.join("a.md"),
        "# 제목 Heading\n\n본문 텍스트 body text입니다. **굵게 bold**\n",
    )
    .expect("note");
    let out = dir.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out), "--font-dir", s(&fonts)]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("hanji.yaml") && err.contains("fonts.code") && err.contains("No Such Font"),
        "{err}"
    );
    // `check` sees the missing family too (no layout needed).
    let o = run(&["check", s(&notes), "--font-dir", s(&fonts)]);
    let check_err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(check_err.contains("fonts.code"), "{check_err}");
    let epub = out.join("book.epub");
    assert_epubcheck_clean(&epub);
    let css = entry(&epub, "OEBPS/css/style.css");
    let body_stack = css
        .lines()
        .find(|l| l.contains("font-family: \"Hanji body D2Coding\","))
        .unwrap_or_else(|| panic!("no body stack: {css}"));
    assert!(body_stack.trim_end().ends_with("serif;"), "{body_stack}");
    let listing = Command::new("unzip")
        .arg("-l")
        .arg(&epub)
        .output()
        .expect("unzip");
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    for f in [
        "fonts/body-regular.ttf",
        "fonts/body-bold.ttf",
        "fonts/heading-bold.ttf",
    ] {
        assert!(listing.contains(f), "{f} packaged: {listing}");
    }
    let Some(mut c) = tool("pdffonts") else {
        return;
    };
    let o = c.arg(out.join("book.pdf")).output().expect("pdffonts");
    let list = String::from_utf8_lossy(&o.stdout).into_owned();
    for name in [
        "D2Coding",
        "D2CodingBold",
        "HanjiLatinSerif-Bold",
        "NotoSansCJKkr-Bold",
    ] {
        assert!(list.contains(&format!("+{name}")), "{name}: {list}");
    }
    assert!(
        !list.contains("NanumMyeongjo"),
        "the body is not in the default: {list}"
    );
}

/// A note's front-matter authors, date and tags are printed under its title in both books, in
/// the same words (issue 14: the PDF left them out).
#[test]
fn note_dates_and_tags_are_in_both_books() {
    let dir = temp_dir("customise-meta");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::write(notes.join("hanji.yaml"), "title: 책\n").expect("config");
    std::fs::write(
        notes.join("a.md"),
        "---\ntitle: 날짜와 태그\nauthors: [김철수, Lee]\ndate: 2024년 5월 1일\ntags: [rust, 한글]\n---\n\n본문.\n",
    )
    .expect("note");
    let out = dir.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xhtml = entry(&out.join("book.epub"), "OEBPS/c001.xhtml");
    let byline = "김철수, Lee · 2024-05-01";
    assert!(xhtml.contains(byline), "{xhtml}");
    assert!(
        xhtml.contains("#rust") && xhtml.contains("#한글"),
        "{xhtml}"
    );
    if let Some(mut c) = tool("pdftotext") {
        let o = c
            .arg(out.join("book.pdf"))
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains(byline), "{text}");
        assert!(text.contains("#rust #한글"), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Body baselines of page `page` (1-based) from `pdftotext -bbox`: the distinct `yMax` of the
/// words of lines set at `size` pt (running heads and page numbers are smaller).
fn baselines(pdf: &Path, page: u32, size: f32) -> Vec<f32> {
    let Some(mut cmd) = tool("pdftotext") else {
        return Vec::new();
    };
    let p = page.to_string();
    let out = cmd
        .args(["-bbox", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let num = |w: &str, key: &str| -> Option<f32> {
        let at = w.find(&format!("{key}=\""))? + key.len() + 2;
        w[at..].split('"').next()?.parse().ok()
    };
    let mut ys: Vec<f32> = Vec::new();
    for w in html.split("<word ").skip(1) {
        let (Some(y0), Some(y1)) = (num(w, "yMin"), num(w, "yMax")) else {
            continue;
        };
        // poppler's word box is the font's ascent to descent: size × (ascent − descent).
        if ((y1 - y0) / size - 1.15).abs() < 0.25 && !ys.iter().any(|y| (y - y1).abs() < 1.0) {
            ys.push(y1);
        }
    }
    ys.sort_by(f32::total_cmp);
    ys
}

/// `page.line_height`, `page.paragraph_spacing` and `page.link_color` change both books: the
/// PDF's baselines (pdftotext), its link colour (MuPDF's trace) and the EPUB's style sheet.
#[test]
fn typography_keys_reach_both_books() {
    let dir = temp_dir("customise-typography");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    let para = "한지는 닥나무 껍질로 만든 종이로, 질기고 오래가며 빛을 부드럽게 거른다. ".repeat(6);
    std::fs::write(
        notes.join("a.md"),
        format!("# 종이\n\n{para}\n\n{para} [링크](https://example.com)\n"),
    )
    .expect("write");
    let build = |name: &str, yaml: &str| {
        std::fs::write(notes.join("hanji.yaml"), yaml).expect("write");
        let out = dir.join(name);
        let o = run(&["build", s(&notes), "-o", s(&out)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        (out, String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let (plain, _) = build("plain", "title: 종이\n");
    let (set, err) = build(
        "set",
        "title: 종이\npage:\n  line_height: 2.4\n  paragraph_spacing: 2\n  link_color: \"#8b1a1a\"\n",
    );
    assert!(!err.contains("warning:"), "{err}");
    // Lines of one paragraph are `line_height` × 10.5 pt apart (page 4: the generated cover,
    // the title page and the contents come first).
    let pitch = |out: &Path| {
        let ys = baselines(&out.join("book.pdf"), 4, 10.5);
        let gaps: Vec<f32> = ys.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.iter().copied().fold(f32::MAX, f32::min)
    };
    if tool("pdftotext").is_some() {
        let (a, b) = (pitch(&plain), pitch(&set));
        assert!((a - 1.7 * 10.5).abs() < 0.3, "default pitch {a}");
        assert!((b - 2.4 * 10.5).abs() < 0.3, "set pitch {b}");
    }
    if let Some(mut cmd) = tool("mutool") {
        let out = cmd
            .args(["draw", "-F", "trace", "-o", "-"])
            .arg(set.join("book.pdf"))
            .arg("4-N")
            .output()
            .expect("mutool");
        let trace = String::from_utf8_lossy(&out.stdout);
        // Text filled in #8b1a1a (mutool writes DeviceRGB as `color="r g b"`, 0–1).
        let linked = trace.lines().map(str::trim).any(|l| {
            let Some(c) = l
                .strip_prefix("<fill_text")
                .and_then(|l| l.split(" color=\"").nth(1))
            else {
                return false;
            };
            let v: Vec<u8> = c
                .split('"')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|x| x.parse::<f64>().ok())
                .map(|x| (x * 255.0).round() as u8)
                .collect();
            v == [0x8b, 0x1a, 0x1a]
        });
        assert!(linked, "the link in the set colour");
    }
    let css = entry(&set.join("book.epub"), "OEBPS/css/style.css");
    for rule in [
        "html, body { line-height: 2.4; }",
        "p { margin: 0 0 2em 0; }",
        "a, a:link, a:visited { color: #8b1a1a; }",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
    assert!(!entry(&plain.join("book.epub"), "OEBPS/css/style.css").contains("typography"));
    assert_epubcheck_clean(&set.join("book.epub"));
    // A pale link colour is kept, with a warning naming the key and the contrast.
    let (_, err) = build(
        "pale",
        "title: 종이\npage:\n  link_color: \"#ffff00\"\n  line_height: 9\n",
    );
    assert!(
        err.contains("page.link_color") && err.contains("4.5:1"),
        "{err}"
    );
    assert!(
        err.contains("page.line_height 9 is out of range 1–3; using 3"),
        "{err}"
    );
}

/// `pdf.header_even`, `pdf.header_odd` and `pdf.footer` say what the running heads and the foot
/// line print (pdftotext per page); an unknown placeholder is a warning and the default stays.
#[test]
fn header_and_footer_patterns_reach_the_pdf() {
    let dir = temp_dir("customise-furniture");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    let para =
        "한지는 닥나무 껍질로 만든 종이로, 질기고 오래가며 빛을 부드럽게 거른다.\n\n".repeat(60);
    std::fs::write(notes.join("a.md"), format!("# 긴 글\n\n{para}")).expect("write");
    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 종이 책\nauthor: 홍길동\npdf:\n  header_even: \"{author} · {title}\"\n  \
         header_odd: \"\"\n  footer: \"— {page} / {pages} —\"\n",
    )
    .expect("write");
    let out = dir.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out), "--format", "pdf"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    let Some(mut cmd) = tool("pdftotext") else {
        return;
    };
    let text = cmd
        .args(["-layout"])
        .arg(out.join("book.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    // Each page's text without whitespace (pdftotext spaces small type unevenly).
    let pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    // Title page, contents (ii), then the body: pages 1 … n.
    let body: Vec<&String> = pages.iter().skip_while(|p| !p.contains("—1/")).collect();
    let n = body.len();
    assert!(n >= 3, "{n} body pages");
    for (i, page) in body.iter().enumerate() {
        assert!(page.contains(&format!("—{}/{n}—", i + 1)), "page {}", i + 1);
        let even = (i + 1) % 2 == 0;
        assert_eq!(page.contains("홍길동·종이책"), even, "page {}", i + 1);
    }
    assert!(
        pages.iter().any(|p| p.contains(&format!("—iii/{n}—"))),
        "front matter in roman: the contents page follows the cover and title pages"
    );
    // An unknown placeholder: a warning naming it, and the default foot line.
    std::fs::write(notes.join("hanji.yaml"), "pdf:\n  footer: \"{pgae}\"\n").expect("write");
    let out2 = dir.join("out2");
    let o = run(&["build", s(&notes), "-o", s(&out2), "--format", "pdf"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("pdf.footer") && err.contains("{pgae}"),
        "{err}"
    );
}
