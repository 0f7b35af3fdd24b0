//! Accessibility of the EPUB, judged by Ace by DAISY 1.4.6 (the checker EPUB publishers and
//! certification programmes use: axe-core in headless Chromium on every content document, plus
//! the package's accessibility metadata). `.ci/run` installs it (npm `@daisy/ace-cli` with
//! Debian's Chromium) and points `HANJI_ACE` at it; locally the shared tools' copy is found.

use crate::tools::{self, assert_epubcheck_clean, temp_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `ace-cli` launcher: `$HANJI_ACE`, else `ace-cli` on `PATH`, else the shared tools' copy
/// (`~/.cache/hanji-tools/ace`). `None` (after saying why) when absent and tools are not
/// required; a panic under `HANJI_REQUIRE_TOOLS=1`.
fn ace() -> Option<PathBuf> {
    let found = std::env::var_os("HANJI_ACE")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| {
            let paths = std::env::var_os("PATH")?;
            std::env::split_paths(&paths)
                .map(|dir| dir.join("ace-cli"))
                .find(|p| p.is_file())
        })
        .or_else(|| {
            let home = std::env::var_os("HOME")?;
            let p = Path::new(&home).join(".cache/hanji-tools/ace/node_modules/.bin/ace-cli");
            p.is_file().then_some(p)
        });
    match found {
        Some(p) => Some(p),
        None if tools::tools_required() => {
            panic!("Ace (`ace-cli`) is required (HANJI_REQUIRE_TOOLS=1) but not installed")
        }
        None => {
            eprintln!("skipping: Ace by DAISY (`ace-cli`) is not installed (see .ci/run)");
            None
        }
    }
}

/// One Ace violation: the rule, its impact and the document it was found in.
#[derive(Debug)]
struct Violation {
    rule: String,
    impact: String,
    doc: String,
}

/// Every violation in Ace's `report.json`: the assertions (nested per document) that carry an
/// `earl:test`, as `check-epub-a11y` reads them.
fn violations(report: &serde_json::Value) -> Vec<Violation> {
    fn walk(node: &serde_json::Value, doc: &str, out: &mut Vec<Violation>) {
        let Some(list) = node.get("assertions").and_then(|a| a.as_array()) else {
            return;
        };
        for a in list {
            let doc = a
                .pointer("/earl:testSubject/url")
                .and_then(|u| u.as_str())
                .unwrap_or(doc);
            if let Some(test) = a.get("earl:test") {
                let field = |k: &str| test.get(k).and_then(|v| v.as_str()).unwrap_or("?");
                out.push(Violation {
                    rule: field("dct:title").to_string(),
                    impact: field("earl:impact").to_string(),
                    doc: doc.to_string(),
                });
            }
            walk(a, doc, out);
        }
    }
    let mut out = Vec::new();
    walk(report, "", &mut out);
    out
}

/// Runs Ace on `epub` and returns its outcome and violations (`None` when Ace is absent).
fn run_ace(epub: &Path, name: &str) -> Option<(String, Vec<Violation>)> {
    let ace = ace()?;
    let dir = temp_dir(&format!("ace-{name}"));
    let report_dir = dir.join("report");
    let chromium =
        std::env::var_os("PUPPETEER_EXECUTABLE_PATH").unwrap_or_else(|| "/usr/bin/chromium".into());
    let out = Command::new(&ace)
        .env("PUPPETEER_EXECUTABLE_PATH", chromium)
        .arg("-f")
        .arg("-s")
        .arg("-o")
        .arg(&report_dir)
        .arg("-t")
        .arg(dir.join("work"))
        .arg(epub)
        .output()
        .expect("run ace-cli");
    let json = std::fs::read_to_string(report_dir.join("report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report for {}:\n{}{}",
            epub.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&json).expect("Ace report is JSON");
    let outcome = report
        .pointer("/earl:result/earl:outcome")
        .and_then(|o| o.as_str())
        .unwrap_or("?")
        .to_string();
    let _ = std::fs::remove_dir_all(&dir);
    Some((outcome, violations(&report)))
}

/// Ace passes `epub` with no violation at all.
fn assert_ace_clean(epub: &Path, name: &str) {
    let Some((outcome, found)) = run_ace(epub, name) else {
        return;
    };
    assert!(
        outcome == "pass" && found.is_empty(),
        "Ace on {}: outcome {outcome}, {} violations: {found:#?}",
        epub.display(),
        found.len()
    );
}

/// Builds `notes` (EPUB only) into a fresh folder and returns the EPUB's path.
pub(crate) fn build_epub(notes: &Path, name: &str) -> PathBuf {
    let out = temp_dir(name);
    let run = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .arg("build")
        .arg(notes)
        .arg("-o")
        .arg(&out)
        .args(["--format", "epub", "--quiet"])
        .output()
        .expect("run hanji");
    assert!(
        run.status.success(),
        "hanji build {} failed:\n{}",
        notes.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    out.join("book.epub")
}

/// A small book with every construct Ace has opinions about: callouts (plain, folded, open),
/// tables, task lists, footnotes, code, an image, math and Korean headings.
pub(crate) fn synthetic_notes(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.join("images")).expect("images dir");
    std::fs::copy(
        manifest.join("notes/images/traffic-23h.png"),
        dir.join("images/chart.png"),
    )
    .expect("copy image");
    let notes = [
        (
            "01-구성.md",
            "---\ntitle: 구성 요소\nlang: ko\n---\n\n# 구성 요소\n\n## 표와 할 일\n\n\
             | 단계 | 입력 | 출력 |\n|:--|:--:|--:|\n| 읽기 | 폴더 | 노트 |\n| 해석 | 노트 | 모델 |\n\n\
             - [x] 노트 읽기\n- [ ] 쪽 나누기\n\n## 각주와 코드\n\n\
             본문에 각주가 있습니다.[^1] 그리고 [[#표와 할 일]]로 돌아갑니다.\n\n\
             ```rust\nfn main() {\n    println!(\"안녕\");\n}\n```\n\n\
             [^1]: 각주 내용입니다.\n",
        ),
        (
            "02-callouts.md",
            "---\ntitle: Callouts and images\nlang: en\n---\n\n# Callouts and images\n\n\
             > [!note]\n> A plain note.\n\n\
             > [!tip]- Folded tip\n> Hidden until opened.\n\n\
             > [!warning]+ Open warning\n> Shown, but can be folded.\n\n\
             ![A traffic chart](images/chart.png)\n\n\
             Inline math $e^{i\\pi} + 1 = 0$ and a link to [[01-구성#각주와 코드]].\n",
        ),
    ];
    for (file, text) in notes {
        std::fs::write(dir.join(file), text).expect("write note");
    }
    dir
}

#[test]
fn ace_finds_no_violation_in_the_sample_notes() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let epub = build_epub(&notes, "a11y-notes");
    assert_ace_clean(&epub, "notes");
}

/// The text of `name` inside the EPUB at `epub`.
pub(crate) fn epub_entry(epub: &Path, name: &str) -> String {
    let file = std::fs::File::open(epub).expect("open EPUB");
    let mut zip = zip::ZipArchive::new(file).expect("EPUB is a zip");
    let mut entry = zip.by_name(name).expect("entry in EPUB");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).expect("UTF-8 entry");
    text
}

#[test]
fn ace_finds_no_violation_in_a_book_of_every_construct() {
    let notes = synthetic_notes("a11y-synthetic-notes");
    let epub = build_epub(&notes, "a11y-synthetic");
    assert_epubcheck_clean(&epub);
    assert_ace_clean(&epub, "synthetic");
}

#[test]
fn folded_callouts_fold_in_the_epub() {
    let notes = synthetic_notes("a11y-fold-notes");
    let epub = build_epub(&notes, "a11y-fold");
    let chapter = epub_entry(&epub, "OEBPS/c002.xhtml");
    // `-`: closed details; `+`: open details; no marker: a plain box, as before.
    assert!(
        chapter
            .contains("<details class=\"callout callout-tip\">\n<summary class=\"callout-title\">"),
        "{chapter}"
    );
    assert!(
        chapter.contains("<details class=\"callout callout-warning\" open=\"open\">\n<summary"),
        "{chapter}"
    );
    assert!(
        chapter.contains("<div class=\"callout callout-note\">\n<p class=\"callout-title\">"),
        "{chapter}"
    );
    assert_eq!(chapter.matches("<details").count(), 2, "{chapter}");
    assert_eq!(chapter.matches("</details>").count(), 2, "{chapter}");
}

#[test]
fn ace_report_violations_are_read() {
    // The reader must see a violation where Ace reports one, or a clean verdict proves nothing.
    let report = serde_json::json!({
        "earl:result": {"earl:outcome": "fail"},
        "assertions": [{
            "earl:testSubject": {"url": "/OEBPS/c001.xhtml"},
            "assertions": [{
                "earl:test": {"dct:title": "label", "earl:impact": "critical"}
            }]
        }]
    });
    let found = violations(&report);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, "label");
    assert_eq!(found[0].impact, "critical");
    assert_eq!(found[0].doc, "/OEBPS/c001.xhtml");
}

/// The values of every `name="…"` attribute in `text` (hanji writes attributes with `"`).
fn attr_values<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let pat = format!(" {name}=\"");
    text.match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &text[i + pat.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Every internal link of the EPUB at `epub` (XHTML `href`s and NCX `src`s) names its target
/// id byte for byte, in ASCII with nothing percent-encoded, and every id is ASCII; returns
/// the number of fragments checked.
fn assert_fragments_match_ids(epub: &Path) -> usize {
    let file = std::fs::File::open(epub).expect("open EPUB");
    let mut zip = zip::ZipArchive::new(file).expect("EPUB is a zip");
    let mut docs: Vec<(String, String)> = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().unwrap_or_default().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".ncx") {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text).expect("UTF-8");
            docs.push((name.trim_start_matches("OEBPS/").to_string(), text));
        }
    }
    let ids: std::collections::HashMap<&str, std::collections::HashSet<&str>> = docs
        .iter()
        .map(|(name, text)| (name.as_str(), attr_values(text, "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    for (name, text) in &docs {
        for id in &ids[name.as_str()] {
            assert!(id.is_ascii(), "{name}: id `{id}` is not ASCII");
        }
        let links = attr_values(text, "href")
            .into_iter()
            .chain(attr_values(text, "src"));
        for link in links.filter(|l| !l.contains(':')) {
            let Some((target, fragment)) = link.split_once('#') else {
                continue;
            };
            let target = if target.is_empty() {
                name.as_str()
            } else {
                target
            };
            assert!(
                fragment.is_ascii() && !fragment.contains('%'),
                "{name}: fragment of `{link}` needs decoding"
            );
            let Some(target_ids) = ids.get(target) else {
                continue; // not a content document (an image, say)
            };
            assert!(
                target_ids.contains(fragment),
                "{name}: `{link}` names no id of {target}"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_fragment_is_an_ascii_id_in_the_sample_notes() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let epub = build_epub(&notes, "a11y-ids-notes");
    // notes/ links to Korean headings, footnotes and the nav: there is something to check.
    assert!(assert_fragments_match_ids(&epub) > 20);
    let synthetic = build_epub(&synthetic_notes("a11y-ids-syn-notes"), "a11y-ids-syn");
    assert!(assert_fragments_match_ids(&synthetic) > 3);
}

#[test]
fn every_fragment_is_an_ascii_id_in_the_garden() {
    let Some(garden) = tools::garden_corpus() else {
        return;
    };
    let out = temp_dir("a11y-ids-garden");
    let run = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .arg("build")
        .arg(&garden)
        .arg("-o")
        .arg(&out)
        .args(["--format", "epub", "--drafts", "--sort", "path", "--quiet"])
        .output()
        .expect("run hanji");
    assert!(run.status.success() || out.join("book.epub").is_file());
    assert!(assert_fragments_match_ids(&out.join("book.epub")) > 100);
}

#[test]
fn the_fragment_check_sees_a_mismatch() {
    // A link whose fragment is percent-encoded Hangul while the id is raw Hangul: the check fails.
    let dir = temp_dir("a11y-ids-bad");
    let path = dir.join("bad.epub");
    {
        let file = std::fs::File::create(&path).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("OEBPS/c001.xhtml", opts).expect("entry");
        std::io::Write::write_all(
            &mut zip,
            "<h2 id=\"데스크톱\">데스크톱</h2><a href=\"#%EB%8D%B0\">x</a>".as_bytes(),
        )
        .expect("write");
        zip.finish().expect("finish");
    }
    let result = std::panic::catch_unwind(|| assert_fragments_match_ids(&path));
    assert!(
        result.is_err(),
        "a non-ASCII id and an encoded fragment must fail the check"
    );
}

// ------------------------------------------------------------------ PDF standards

/// Builds `notes` as a PDF with `--pdf-standard standard`; returns the run and the PDF path.
fn build_pdf(notes: &Path, name: &str, standard: &str) -> (std::process::Output, PathBuf) {
    let out = temp_dir(name);
    let run = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .arg("build")
        .arg(notes)
        .arg("-o")
        .arg(&out)
        .args(["--format", "pdf", "--pdf-standard", standard])
        .output()
        .expect("run hanji");
    (run, out.join("book.pdf"))
}

/// The PDF's XMP metadata as poppler reads it (`pdfinfo -meta`).
fn xmp(pdf: &Path) -> Option<String> {
    let out = tools::tool("pdfinfo")?
        .arg("-meta")
        .arg(pdf)
        .output()
        .expect("pdfinfo");
    assert!(out.status.success(), "pdfinfo -meta {}", pdf.display());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// qpdf finds no damage and the shared `check-pdf` passes the file.
fn assert_pdf_checks(pdf: &Path) {
    if let Some(mut qpdf) = tools::tool("qpdf") {
        let out = qpdf.arg("--check").arg(pdf).output().expect("qpdf");
        assert!(out.status.success(), "qpdf --check {}", pdf.display());
    }
    let check = tools::shared_dir().join("tools/check-pdf");
    if !check.is_file() {
        assert!(!tools::tools_required(), "{} is required", check.display());
        eprintln!("skipping check-pdf: {} is not present", check.display());
        return;
    }
    let out = Command::new(&check)
        .arg(pdf)
        .output()
        .expect("run check-pdf");
    assert!(
        out.status.success(),
        "check-pdf {}:\n{}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `<tag>value</tag>` or `tag="value"` of an XMP property.
fn xmp_value(xmp: &str, tag: &str) -> Option<String> {
    if let Some(rest) = xmp.split(&format!("<{tag}>")).nth(1) {
        return rest.split('<').next().map(str::to_string);
    }
    let rest = xmp.split(&format!("{tag}=\"")).nth(1)?;
    rest.split('"').next().map(str::to_string)
}

#[test]
fn pdf_ua_1_is_claimed_and_sound() {
    let notes = synthetic_notes("a11y-ua-notes");
    // An image without alt text or caption: a warning at its line, the file name as alt.
    std::fs::write(
        notes.join("03-bare.md"),
        "# Bare image\n\nText.\n\n![](images/chart.png)\n",
    )
    .expect("write note");
    let (run, pdf) = build_pdf(&notes, "a11y-ua", "ua-1");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("03-bare.md:5:1") && stderr.contains("has no alt text"),
        "{stderr}"
    );
    if let Some(meta) = xmp(&pdf) {
        assert_eq!(
            xmp_value(&meta, "pdfuaid:part").as_deref(),
            Some("1"),
            "{meta}"
        );
        assert!(meta.contains("dc:title"), "{meta}");
    }
    assert_pdf_checks(&pdf);
    if let Some(mut qpdf) = tools::tool("qpdf") {
        // DisplayDocTitle, and the image's Figure says its file name.
        let out = qpdf
            .args(["--qdf", "--object-streams=disable"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("qpdf --qdf");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("/DisplayDocTitle true"));
        assert!(text.contains("/Alt (chart.png)"), "no file-name alt text");
    }
}

#[test]
fn pdf_a_2u_is_claimed_and_sound() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let (run, pdf) = build_pdf(&notes, "a11y-a2u", "a-2u");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    if let Some(meta) = xmp(&pdf) {
        assert_eq!(
            xmp_value(&meta, "pdfaid:part").as_deref(),
            Some("2"),
            "{meta}"
        );
        assert_eq!(
            xmp_value(&meta, "pdfaid:conformance").as_deref(),
            Some("U"),
            "{meta}"
        );
        assert!(meta.contains("xmp:CreateDate"), "{meta}");
    }
    assert_pdf_checks(&pdf);
}

#[test]
fn default_pdf_claims_no_standard() {
    let notes = synthetic_notes("a11y-plain-notes");
    let (run, pdf) = build_pdf(&notes, "a11y-plain", "tagged");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    if let Some(meta) = xmp(&pdf) {
        assert!(
            !meta.contains("pdfuaid") && !meta.contains("pdfaid"),
            "{meta}"
        );
    }
}

// ------------------------------------------------------------------ old-Hangul subsets

/// Per cluster (in order), how many glyphs a HarfBuzz-compatible shaper (harfrust) makes of
/// `text` with the face `data`, and whether any glyph is `.notdef`.
fn clusters(data: &[u8], text: &str) -> (Vec<(u32, usize)>, bool) {
    use harfrust::{Buffer, Direction, Script, ShapeOptions, ShapePlan, ShaperFont};
    let font = harfrust::Font::new(data.to_vec(), 0).expect("font parses");
    let plan = ShapePlan::new(
        &font,
        Direction::LeftToRight,
        Some(Script::HANGUL),
        None,
        &[],
    );
    let shaper = ShaperFont::new(&font);
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::LeftToRight);
    buffer.set_script(Some(Script::HANGUL));
    harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(&plan))).expect("shape");
    let mut out: Vec<(u32, usize)> = Vec::new();
    let mut notdef = false;
    for info in buffer.glyph_infos() {
        notdef |= info.glyph_id == 0;
        match out.last_mut() {
            Some((c, n)) if *c == info.cluster => *n += 1,
            _ => out.push((info.cluster, 1)),
        }
    }
    (out, notdef)
}

/// Whether `c` is a conjoining jamo (composes into a syllable only through GSUB).
fn is_jamo(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{A960}'..='\u{A97F}' | '\u{D7B0}'..='\u{D7FF}')
}

#[test]
fn old_hangul_faces_are_subsets_that_still_compose() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let epub = build_epub(&root.join("notes"), "a11y-fonts");
    // EPUB ≤ 250 KB (issue 12: it was 547 KB with the jamo faces whole).
    let size = std::fs::metadata(&epub).expect("EPUB").len();
    assert!(size <= 250_000, "notes/ EPUB is {size} bytes");
    // Every run of conjoining jamo in notes/ (old-Hangul words such as ᄒᆞᆫ).
    let text = std::fs::read_to_string(root.join("notes/06-옛한글과-한자.md")).expect("note");
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_jamo(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    assert!(words.len() >= 5, "old Hangul in notes/: {words:?}");
    let file = std::fs::File::open(&epub).expect("open EPUB");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut checked = 0;
    for (entry, full) in [
        (
            "OEBPS/fonts/serif-jamo-regular.otf",
            "fonts/NotoSerifCJKkr-Jamo-Regular.otf",
        ),
        (
            "OEBPS/fonts/sans-jamo-regular.otf",
            "fonts/NotoSansCJKkr-Jamo-Regular.otf",
        ),
    ] {
        let Ok(mut f) = zip.by_name(entry) else {
            continue; // that role shows no old Hangul in notes/
        };
        let mut subset = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut subset).expect("font bytes");
        let full = std::fs::read(root.join(full)).expect("full face");
        assert!(
            subset.len() < full.len() / 4,
            "{entry}: {} of {} bytes",
            subset.len(),
            full.len()
        );
        // The table directory as ttf-parser (not our subsetter) reads it.
        let face = ttf_parser::Face::parse(&subset, 0).expect("subset parses");
        assert!(face.tables().gsub.is_some(), "{entry} lost GSUB");
        assert!(face.tables().cmap.is_some(), "{entry} lost cmap");
        for word in &words {
            let (sub, notdef) = clusters(&subset, word);
            let (whole, _) = clusters(&full, word);
            assert!(
                !notdef,
                "{entry}: `{word}` has .notdef glyphs in the subset"
            );
            assert_eq!(
                sub, whole,
                "{entry}: `{word}` shapes differently in the subset"
            );
            assert!(
                sub.len() < word.chars().count(),
                "{entry}: `{word}` did not compose"
            );
        }
        checked += 1;
    }
    assert!(checked >= 1, "no old-Hangul face in the notes/ EPUB");
}
