//! Images and SVG checked once, before any writer sees them (issue 8 items 3 and 4): a folder of
//! hostile images builds both books (exit 0 or 1, never a panic), each bad image is a warning at
//! `file:line:col` naming it, good images are embedded, and no script, entity or external
//! reference reaches the EPUB — all judged by independent tools (EPUBCheck, unzip, qpdf,
//! pdfinfo, pdfimages).

use super::tools;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Small valid images made with Pillow (tests/it/fixtures/assets).
const GOOD_PNG: &[u8] = include_bytes!("fixtures/assets/good.png");
const GOOD_JPG: &[u8] = include_bytes!("fixtures/assets/good.jpg");
const GOOD_GIF: &[u8] = include_bytes!("fixtures/assets/good.gif");
const GOOD_WEBP: &[u8] = include_bytes!("fixtures/assets/good.webp");
const BMP: &[u8] = include_bytes!("fixtures/assets/bad.bmp");
const TIFF: &[u8] = include_bytes!("fixtures/assets/bad.tiff");

fn hanji() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hanji"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The header of a PNG declaring `w` × `h` pixels (IHDR, then a tiny IDAT).
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&w.to_be_bytes());
    png.extend_from_slice(&h.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png.extend_from_slice(&[0, 0, 0, 2, b'I', b'D', b'A', b'T', 0x78, 0x9c, 0, 0, 0, 0]);
    png
}

/// Hostile SVGs, one kind each: (file, text).
fn hostile_svgs() -> Vec<(&'static str, String)> {
    let ns = r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;
    let mut laughs = String::from("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        laughs.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    laughs.push_str(&format!(
        "]><svg {ns} width=\"10\" height=\"10\"><desc>&l9;</desc><rect width=\"5\" height=\"5\"/></svg>"
    ));
    vec![
        (
            "script.svg",
            format!(
                "<svg {ns} width=\"20\" height=\"20\" onload=\"alert(1)\"><script>alert(2)</script>\
                 <rect width=\"10\" height=\"10\" fill=\"red\" onclick=\"alert(3)\"/></svg>"
            ),
        ),
        (
            "js-link.svg",
            format!(
                "<svg {ns} width=\"20\" height=\"20\"><a xlink:href=\"javascript:alert(1)\">\
                 <circle cx=\"10\" cy=\"10\" r=\"5\"/></a></svg>"
            ),
        ),
        (
            "foreign.svg",
            format!(
                "<svg {ns} width=\"20\" height=\"20\"><foreignObject width=\"20\" height=\"20\">\
                 <div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>\
                 <rect width=\"4\" height=\"4\"/></svg>"
            ),
        ),
        (
            "external-entity.svg",
            format!(
                "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
                 <svg {ns} width=\"20\" height=\"20\"><desc>&x;</desc><rect width=\"4\" height=\"4\"/></svg>"
            ),
        ),
        (
            "passwd-image.svg",
            format!(
                "<svg {ns} width=\"20\" height=\"20\"><image href=\"/etc/passwd\" width=\"9\" height=\"9\"/>\
                 <image xlink:href=\"file:///etc/hostname\" width=\"9\" height=\"9\"/>\
                 <image href=\"../secret.png\" width=\"9\" height=\"9\"/><rect width=\"4\" height=\"4\"/></svg>"
            ),
        ),
        ("laughs.svg", laughs),
        ("broken.svg", format!("<svg {ns} width=\"20\"")),
    ]
}

/// The hostile folder: each bad image referenced from its own line of `bad.md`.
fn hostile_folder(root: &Path) -> Vec<(&'static str, u32)> {
    let good_png_len = GOOD_PNG.len();
    write(root, "img/good.png", GOOD_PNG);
    write(root, "img/good.jpg", GOOD_JPG);
    write(root, "img/good.gif", GOOD_GIF);
    write(root, "img/good.webp", GOOD_WEBP);
    write(
        root,
        "img/good.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"20\"><rect width=\"30\" height=\"20\" fill=\"teal\"/></svg>",
    );
    write(root, "img/truncated.png", &GOOD_PNG[..good_png_len / 2]);
    let mut jpeg = GOOD_JPG[..20].to_vec();
    jpeg.extend_from_slice(&[0x55; 200]);
    write(root, "img/corrupt.jpg", &jpeg);
    write(
        root,
        "img/text.png",
        b"this is a text file named like an image\n",
    );
    write(root, "img/huge.png", &png_declaring(70_000, 70_000));
    write(root, "img/empty.png", b"");
    write(root, "img/old.bmp", BMP);
    write(root, "img/scan.tiff", TIFF);
    let svgs = hostile_svgs();
    for (name, text) in &svgs {
        write(root, &format!("img/{name}"), text.as_bytes());
    }
    write(
        root,
        "good.md",
        b"# Good\n\n![png](img/good.png)\n\n![jpg](img/good.jpg)\n\n![gif](img/good.gif)\n\n\
          ![webp](img/good.webp)\n\n![svg](img/good.svg)\n",
    );
    let mut bad = String::from("# Bad\n\n");
    let mut expected = Vec::new();
    let mut names: Vec<&'static str> = vec![
        "truncated.png",
        "corrupt.jpg",
        "text.png",
        "huge.png",
        "empty.png",
        "old.bmp",
        "scan.tiff",
    ];
    names.extend(svgs.iter().map(|(n, _)| *n).filter(|n| *n == "broken.svg"));
    for name in names {
        // Line of this reference: the heading, a blank, then two lines per image.
        let line = 3 + 2 * expected.len() as u32;
        bad.push_str(&format!("![{name}](img/{name})\n\n"));
        expected.push((name, line));
    }
    bad.push_str("Hostile SVGs that are cleaned, not refused:\n\n");
    for (name, _) in svgs.iter().filter(|(n, _)| *n != "broken.svg") {
        bad.push_str(&format!("![{name}](img/{name})\n\n"));
    }
    write(root, "bad.md", bad.as_bytes());
    expected
}

fn tmp(name: &str) -> PathBuf {
    tools::temp_dir(&format!("assets-{name}"))
}

fn run(args: &[&str]) -> Output {
    hanji().args(args).output().expect("run hanji")
}

/// Every entry of the EPUB, unzipped by `unzip -p` (an independent reader), as text.
fn unzipped(epub: &Path) -> Option<String> {
    let out = Command::new("unzip").arg("-p").arg(epub).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn hostile_images_degrade_and_both_books_are_clean() {
    let dir = tmp("hostile");
    let notes = dir.join("notes");
    let expected = hostile_folder(&notes);
    write(
        &notes,
        "hanji.yaml",
        b"title: Images\ncover: img/truncated.png\n",
    );
    let out = dir.join("out");
    let report = dir.join("report.json");
    let o = run(&["build", s(&notes), "-o", s(&out), "--report", s(&report)]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let code = o.status.code();
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}: {stderr}");
    let epub = out.join("book.epub");
    let pdf = out.join("book.pdf");
    assert!(epub.is_file() && pdf.is_file(), "{stderr}");

    // Each bad image: a warning at the note's file:line:col that names it.
    for (name, line) in &expected {
        let at = format!("bad.md:{line}:");
        assert!(
            stderr.lines().any(|l| l.contains(&at) && l.contains(name)),
            "no warning at {at} naming {name}:\n{stderr}"
        );
    }
    let report = std::fs::read_to_string(&report).unwrap_or_default();
    for code in ["image-invalid", "image-too-large", "image-unsupported"] {
        assert!(
            report.contains(code),
            "{code} missing from the report:\n{report}"
        );
    }
    assert!(stderr.contains("truncated.png"), "cover warning:\n{stderr}");
    for refused in ["external-entity.svg", "laughs.svg"] {
        assert!(
            stderr.contains(refused),
            "{refused} not reported:\n{stderr}"
        );
    }

    // `hanji check` sees the same image diagnostics.
    let c = run(&["check", s(&notes)]);
    let check_err = format!(
        "{}{}",
        String::from_utf8_lossy(&c.stdout),
        String::from_utf8_lossy(&c.stderr)
    );
    for (name, line) in &expected {
        let at = format!("bad.md:{line}:");
        assert!(
            check_err
                .lines()
                .any(|l| l.contains(&at) && l.contains(name)),
            "check: no warning at {at} naming {name}:\n{check_err}"
        );
    }

    // EPUB: valid, and nothing hostile in any entry.
    tools::assert_epubcheck_clean(&epub);
    if let Some(all) = unzipped(&epub) {
        let lower = all.to_ascii_lowercase();
        for bad in [
            "<script",
            "<!entity",
            "foreignobject",
            "javascript:",
            "file:",
            "/etc/",
            "../secret",
        ] {
            let at = lower
                .find(bad)
                .map(|i| &lower[i.saturating_sub(80)..(i + 80).min(lower.len())]);
            assert!(at.is_none(), "`{bad}` in the EPUB: {at:?}");
        }
        let event = regex_free_event_attribute(&lower);
        assert!(event.is_none(), "event attribute {event:?} in the EPUB");
        assert!(!all.contains("scripted"), "OPF marks the book scripted");
        // good.svg and the four cleaned hostile ones (roxmltree refuses the external entity and
        // the entity loop; broken.svg does not parse), and the generated cover.
        let svgs = all.matches("<svg").count();
        assert_eq!(svgs, 6, "{svgs} SVGs in the EPUB:\n{stderr}");
    }

    // PDF: accepted by qpdf and pdfinfo; the four good rasters are embedded.
    if let Some(mut q) = tools::tool("qpdf") {
        let r = q.arg("--check").arg(&pdf).output().expect("qpdf");
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stdout));
    }
    if let Some(mut i) = tools::tool("pdfinfo") {
        assert!(i.arg(&pdf).output().expect("pdfinfo").status.success());
    }
    if let Some(mut l) = tools::tool("pdfimages") {
        let r = l.arg("-list").arg(&pdf).output().expect("pdfimages");
        let list = String::from_utf8_lossy(&r.stdout);
        let sizes: Vec<(&str, &str)> = list
            .lines()
            .skip(2)
            .filter_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                (f.get(2) == Some(&"image")).then(|| (f[3], f[4]))
            })
            .collect();
        // All four fixtures are 64 × 48.
        let drawn = sizes.iter().filter(|s| **s == ("64", "48")).count();
        assert_eq!(drawn, 4, "{list}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The first `on…=` attribute in `text`, found without a regex crate: a space, `on`, letters,
/// then `=`.
fn regex_free_event_attribute(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find(" on") {
        let start = i + off + 1;
        let mut j = start + 2;
        while j < bytes.len() && bytes[j].is_ascii_lowercase() {
            j += 1;
        }
        if j > start + 2 && bytes.get(j) == Some(&b'=') {
            return Some(text[start..=j].to_string());
        }
        i = start;
    }
    None
}

#[test]
fn image_over_the_byte_limit_is_refused_before_reading() {
    let dir = tmp("bytes");
    let notes = dir.join("notes");
    write(&notes, "img/good.png", GOOD_PNG);
    write(&notes, "a.md", b"# A\n\n![x](img/good.png)\n");
    write(&notes, "hanji.yaml", b"limits:\n  image_bytes: 100\n");
    let o = run(&["check", s(&notes)]);
    let text = String::from_utf8_lossy(&o.stderr);
    assert!(
        text.lines().any(|l| l.contains("a.md:3:")
            && l.contains("limits.image_bytes")
            && l.contains("good.png")),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
