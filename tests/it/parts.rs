//! Parts (issue 14: "a book structured by folders or by SUMMARY.md"): top-level folders with
//! `--parts folders`, mdBook `SUMMARY.md` part titles and Docusaurus `_category_.json` labels
//! read by default. Checked with EPUBCheck (the part documents and nested nav), unzip (nav and
//! spine), pdftotext (a part page holding only the part title, before its first chapter) and
//! qpdf's JSON outline (chapters nested under their part).

use crate::tools::{assert_epubcheck_clean, temp_dir, tool, zip_entry as entry};
use crate::tools::{path_arg as s, run_hanji as run};
use std::path::{Path, PathBuf};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Builds `notes` with `args`; returns the output folder.
fn build(notes: &Path, out: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec!["build", s(notes), "-o", s(out)];
    all.extend_from_slice(args);
    let o = run(&all);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    out.to_path_buf()
}

/// Asserts every needle occurs in `hay`, each after the one before (panics naming the first
/// missing one, or the whole text when the order is wrong).
fn assert_in_order(hay: &str, needles: &[&str]) {
    let at: Vec<usize> = needles
        .iter()
        .map(|n| {
            hay.find(n)
                .unwrap_or_else(|| panic!("{n:?} not in:\n{hay}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "order of {needles:?} in:\n{hay}"
    );
}

/// The EPUB's table of contents (`nav.xhtml` up to the end of the `toc` nav).
fn toc_nav(epub: &Path) -> String {
    let nav = entry(epub, "OEBPS/nav.xhtml");
    nav[..nav.find("</nav>").expect("toc nav")].to_string()
}

/// The PDF's pages as pdftotext reads them, whitespace removed (`None` without poppler).
fn pdf_pages(pdf: &Path) -> Option<Vec<String>> {
    let out = tool("pdftotext")?
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        text.split('\u{c}')
            .map(|p| p.split_whitespace().collect())
            .collect(),
    )
}

/// (title, kid titles) of the PDF outline's top level, from qpdf's JSON.
fn outline(pdf: &Path) -> Option<Vec<(String, Vec<String>)>> {
    let out = tool("qpdf")?
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .expect("qpdf");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("qpdf json");
    let title = |v: &serde_json::Value| v["title"].as_str().unwrap_or("").to_string();
    Some(
        json["outlines"]
            .as_array()
            .expect("outlines")
            .iter()
            .map(|o| {
                let kids = o["kids"]
                    .as_array()
                    .map_or(Vec::new(), |k| k.iter().map(title).collect());
                (title(o), kids)
            })
            .collect(),
    )
}

#[test]
fn folders_become_parts_in_both_books() {
    let dir = temp_dir("parts-folders");
    let notes = dir.join("notes");
    write(
        &notes,
        "0-intro.md",
        "---\ntitle: 들어가며\n---\n\n책의 시작.\n",
    );
    write(
        &notes,
        "01-기초/a.md",
        "# 첫 장\n\n기초 하나.\n\n## 소절\n\n본문.\n",
    );
    write(&notes, "01-기초/b.md", "# 둘째 장\n\n기초 둘.\n");
    write(&notes, "guide/c.md", "# Guide one\n\nGuide text.\n");
    let out = build(&notes, &dir.join("out"), &["--parts", "folders"]);
    let epub = out.join("book.epub");
    assert_epubcheck_clean(&epub);
    // Nav: each part links its own document and nests its chapters, in book order.
    assert_in_order(
        &toc_nav(&epub),
        &[
            ">들어가며</a>",
            "<a href=\"part-01.xhtml\">기초</a>\n    <ol>",
            ">첫 장</a>",
            ">소절</a>",
            ">둘째 장</a>",
            "<a href=\"part-02.xhtml\">guide</a>\n    <ol>",
            ">Guide one</a>",
        ],
    );
    // Spine: the part document right before its first chapter.
    let opf = entry(&epub, "OEBPS/content.opf");
    let spine = &opf[opf.find("<spine").expect("spine")..];
    assert_in_order(
        spine,
        &[
            "idref=\"ch-c001\"",
            "idref=\"part-01\"",
            "idref=\"ch-c002\"",
        ],
    );
    let part = entry(&epub, "OEBPS/part-01.xhtml");
    assert!(
        part.contains("role=\"doc-part\"") && part.contains(">기초</h1>"),
        "{part}"
    );
    // The page list reaches the part page's marker.
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    assert!(
        nav.contains("href=\"part-01.xhtml#page-"),
        "page list: {nav}"
    );

    let pdf = out.join("book.pdf");
    let Some(pages) = pdf_pages(&pdf) else {
        return;
    };
    // A page holding only the part title (and its folio), the chapter on the next page.
    let i = pages
        .iter()
        .position(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()) == "기초")
        .unwrap_or_else(|| panic!("no part page: {pages:?}"));
    assert!(pages[i + 1].starts_with("첫장"), "{:?}", &pages[i + 1]);
    assert!(
        pages.iter().any(|p| p.starts_with("guide")),
        "second part page: {pages:?}"
    );
    // Contents page lists the parts; the outline nests chapters under them.
    assert!(
        pages
            .iter()
            .any(|p| p.contains("기초") && p.contains("첫장") && p.contains("차례"))
    );
    if let Some(top) = outline(&pdf) {
        let titles: Vec<&str> = top.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(titles, ["차례", "들어가며", "기초", "guide"], "{top:?}");
        assert_eq!(top[2].1, ["첫 장", "둘째 장"]);
    }
}

#[test]
fn summary_and_docusaurus_parts_are_read_unless_turned_off() {
    let dir = temp_dir("parts-summary");
    let notes = dir.join("notes");
    write(
        &notes,
        "SUMMARY.md",
        "# Summary\n\n[머리말](preface.md)\n\n# 첫째 마당\n\n- [하나](one.md)\n- [둘](sub/two.md)\n\n\
         # 둘째 마당\n\n- [셋](three.md)\n",
    );
    write(&notes, "preface.md", "# 머리말\n\n머리.\n");
    write(&notes, "one.md", "# 하나\n\n일.\n");
    write(&notes, "sub/two.md", "# 둘\n\n이.\n");
    write(&notes, "three.md", "# 셋\n\n삼.\n");
    let out = build(&notes, &dir.join("out"), &["--format", "epub"]);
    let epub = out.join("book.epub");
    assert_epubcheck_clean(&epub);
    assert_in_order(
        &toc_nav(&epub),
        &[
            ">머리말</a>",
            ">첫째 마당</a>",
            ">하나</a>",
            ">둘</a>",
            ">둘째 마당</a>",
            ">셋</a>",
        ],
    );
    // `--parts none` (or `parts: none` in hanji.yaml) keeps the order but no parts.
    let out = build(
        &notes,
        &dir.join("none"),
        &["--format", "epub", "--parts", "none"],
    );
    let nav = entry(&out.join("book.epub"), "OEBPS/nav.xhtml");
    assert!(!nav.contains("마당") && !nav.contains("part-0"), "{nav}");
    // `part_titles` renames a part by the title found.
    write(
        &notes,
        "hanji.yaml",
        "part_titles:\n  둘째 마당: 마지막 마당\n",
    );
    let out = build(&notes, &dir.join("renamed"), &["--format", "epub"]);
    let nav = entry(&out.join("book.epub"), "OEBPS/nav.xhtml");
    assert!(
        nav.contains(">마지막 마당</a>") && nav.contains(">첫째 마당</a>"),
        "{nav}"
    );
    write(&notes, "hanji.yaml", "parts: nonsense\n");
    let o = run(&[
        "build",
        s(&notes),
        "-o",
        s(&dir.join("bad")),
        "--format",
        "epub",
    ]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(
        err.contains("hanji.yaml") && err.contains("parts") && err.contains("`folders`"),
        "{err}"
    );

    // Docusaurus: a `_category_.json` label titles its folder's part.
    let docs = dir.join("docs");
    write(&docs, "intro.md", "# Intro\n\nHello.\n");
    write(
        &docs,
        "basics/_category_.json",
        r#"{"label": "기초 다지기", "position": 1}"#,
    );
    write(&docs, "basics/a.md", "# Step A\n\nA.\n");
    write(&docs, "extra/b.md", "# Step B\n\nB.\n");
    let out = build(&docs, &dir.join("docs-out"), &["--format", "epub"]);
    assert_in_order(
        &toc_nav(&out.join("book.epub")),
        &[
            ">기초 다지기</a>",
            ">Step A</a>",
            ">extra</a>",
            ">Step B</a>",
        ],
    );
}
