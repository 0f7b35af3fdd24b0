//! What users reach for, end to end: `--name`, metadata from hanji.yaml and `-M` in the OPF,
//! a sanitised `epub.css` after hanji's, bare URLs as links in both books, and a `--version`
//! that names the embedded fonts. Checked with EPUBCheck, unzip and qpdf.

use crate::tools::{assert_epubcheck_clean, temp_dir, tool};
use crate::tools::{path_arg as s, run_hanji as run};
use std::path::Path;
use std::process::Command;

/// One entry of a zip, as text (via `unzip -p`).
fn entry(zip: &Path, name: &str) -> String {
    let out = Command::new("unzip")
        .arg("-p")
        .arg(zip)
        .arg(name)
        .output()
        .expect("unzip");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

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
    // Lines of one paragraph are `line_height` × 10.5 pt apart.
    let pitch = |out: &Path| {
        let ys = baselines(&out.join("book.pdf"), 3, 10.5);
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
            .arg("3")
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
        pages.iter().any(|p| p.contains(&format!("—ii/{n}—"))),
        "front matter in roman"
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
