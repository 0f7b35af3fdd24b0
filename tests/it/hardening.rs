//! Nothing lost, nothing fatal (issue 8): `hanji check` sees every source problem `hanji build`
//! sees, and embeds that fan out stay within the book's budget.

use crate::tools::{garden_corpus, temp_dir};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Runs `hanji <args>` with a JSON report; returns the exit code and the report.
fn run_with_report(args: &[&str], report: &Path) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .args(args)
        .arg("--report")
        .arg(report)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run hanji");
    let code = out.status.code().expect("exited normally, not by a signal");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "hanji panicked:\n{stderr}");
    let text = std::fs::read_to_string(report).expect("report written");
    (code, serde_json::from_str(&text).expect("report is JSON"))
}

/// Diagnostics that only layout and the writers can know: glyph coverage and line fitting
/// need fonts and page geometry (STYLE: they may stay in `build`); and the one piece of advice
/// only `hanji check` gives (a book titled after its folder).
const NEEDS_PAGES: &[&str] = &[
    "font-missing-char",
    "overfull-line",
    "font-subset",
    "title-default",
];

/// Every diagnostic of a report as `code file:line:col message`.
fn diagnostics(report: &serde_json::Value) -> BTreeSet<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| !NEEDS_PAGES.contains(&d["code"].as_str().unwrap_or("")))
        .map(|d| {
            format!(
                "{} {}:{}:{} {}",
                d["code"], d["file"], d["line"], d["col"], d["message"]
            )
        })
        .collect()
}

/// `hanji check DIR` and `hanji build DIR` report the same source-level diagnostics.
fn assert_check_sees_what_build_sees(dir: &Path, name: &str) {
    let tmp = temp_dir(&format!("check-build-{name}"));
    let d = dir.to_str().expect("utf-8 path");
    let out = tmp.join("out");
    let (_, checked) = run_with_report(&["check", d], &tmp.join("check.json"));
    let (code, built) = run_with_report(
        &["build", d, "-o", out.to_str().expect("utf-8")],
        &tmp.join("build.json"),
    );
    assert!(code <= 1, "build of {name} exited {code}");
    let (checked, built) = (diagnostics(&checked), diagnostics(&built));
    let only_build: Vec<_> = built.difference(&checked).collect();
    let only_check: Vec<_> = checked.difference(&built).collect();
    assert!(
        only_build.is_empty() && only_check.is_empty(),
        "{name}: check and build disagree\nonly build: {only_build:#?}\nonly check: {only_check:#?}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn check_sees_what_build_sees_on_sample_notes_and_golden_cases() {
    assert_check_sees_what_build_sees(&repo().join("notes"), "notes");
    let golden = repo().join("tests/golden");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&golden)
        .expect("golden cases")
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("notes"))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "golden cases found: {}", cases.len());
    for case in cases {
        let name = case
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert_check_sees_what_build_sees(&case, &name);
    }
}

#[test]
fn check_sees_what_build_sees_on_the_garden() {
    let Some(garden) = garden_corpus() else {
        return;
    };
    assert_check_sees_what_build_sees(&garden, "garden");
}

/// A folder of source problems of every stage: an unreadable date and an invalid `lang` in
/// front matter (load), a broken link and a missing image (parse), an SVG figure (drawn in the
/// PDF since issue 10: no warning), and settings out of range (config). `check` reports each one, at the same
/// place and in the same words as `build`; the settings warnings name the key, the value and
/// the accepted range.
#[test]
fn check_sees_what_build_sees_on_front_matter_and_settings_problems() {
    let root = temp_dir("problem-notes");
    let notes = root.join("notes");
    write(
        &notes,
        "a.md",
        "---\ntitle: 가\ndate: 어느 봄날\nlang: 한국어입니다\n---\n## 절\n\n[[없는 노트]], [[b#없는 절]].\n\n![없음](missing.png)\n\n![그림](pic.svg)\n",
    );
    write(&notes, "b.md", "# 나\n\n본문.\n");
    write(
        &notes,
        "pic.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>",
    );
    write(
        &notes,
        "hanji.yaml",
        "toc_depth: 9\npage:\n  base_size: 80\n  margins: 100\n",
    );
    assert_check_sees_what_build_sees(&notes, "problems");
    let (_, checked) = run_with_report(
        &["check", notes.to_str().expect("utf-8")],
        &root.join("check.json"),
    );
    let all: Vec<String> = checked["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["line"], d["message"]))
        .collect();
    let has = |needle: &str| all.iter().any(|d| d.contains(needle));
    for needle in [
        "toc_depth 9 is out of range 1–6; using 6",
        "page.base_size 80 pt is out of range 5–40 pt; using 40 pt",
        "page.margins top 100.0 mm is out of range 0–89.1 mm",
        "어느 봄날",
        "한국어입니다",
    ] {
        assert!(has(needle), "`{needle}` not reported by check:\n{all:#?}");
    }
    assert!(!has("image-unsupported"), "the SVG is drawn:\n{all:#?}");
    let _ = std::fs::remove_dir_all(&root);
}

/// Four levels of notes that each embed the next twenty times would copy the last one 160,000
/// times; the embed budget turns the excess into links, with a warning, in well under a minute.
#[test]
fn embeds_that_fan_out_stay_within_the_budget() {
    let root = temp_dir("embed-fanout");
    let notes = root.join("notes");
    for level in 0..5 {
        let mut text = format!("# 단계 {level}\n\n단계{level}의 고유한 문장입니다.\n\n");
        if level < 4 {
            for _ in 0..20 {
                text.push_str(&format!("![[level{}]]\n\n", level + 1));
            }
        }
        write(&notes, &format!("level{level}.md"), &text);
    }
    let out = root.join("out");
    let started = std::time::Instant::now();
    let (code, report) = run_with_report(
        &[
            "build",
            notes.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ],
        &root.join("report.json"),
    );
    assert!(code <= 1, "exit {code}");
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    let budget_warnings = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "embed-budget")
        .count();
    assert!(budget_warnings > 0, "no embed-budget warning: {report:#}");
    for book in ["book.epub", "book.pdf"] {
        let size = std::fs::metadata(out.join(book)).expect(book).len();
        assert!(size < 20_000_000, "{book} is {size} bytes");
    }
    // Every note's own sentence is still in the book (the PDF text, via pdftotext).
    if let Some(mut cmd) = crate::tools::tool("pdftotext") {
        let text = cmd
            .arg(out.join("book.pdf"))
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        for level in 0..5 {
            assert!(
                text.contains(&format!("단계{level}의")),
                "level {level} lost"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// `hanji check --layout` lays the PDF out without writing it, so a character no font has
/// (found only in layout) fails `check --deny-warnings` as it fails `build --deny-warnings`,
/// at the same `file:line:col` (issue 14).
#[test]
fn check_with_layout_sees_missing_glyphs_as_build_does() {
    let tmp = temp_dir("check-layout");
    let notes = tmp.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::write(
        notes.join("a.md"),
        "---\ntitle: 글자\n---\n\n첫 줄.\n\n없는 문자 \u{10FFFD} 하나.\n",
    )
    .expect("note");
    std::fs::write(notes.join("hanji.yaml"), "title: 글자 책\n").expect("config");
    let d = notes.to_str().expect("utf-8 path");
    let codes = |report: &serde_json::Value| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|x| x["code"] == "font-missing-char")
            .map(|x| format!("{}:{}:{}", x["file"], x["line"], x["col"]))
            .collect()
    };
    let (plain, checked) = run_with_report(&["check", d, "--deny-warnings"], &tmp.join("c.json"));
    assert_eq!(
        codes(&checked),
        Vec::<String>::new(),
        "plain check lays nothing out"
    );
    let (laid, laid_out) = run_with_report(
        &["check", d, "--layout", "--deny-warnings"],
        &tmp.join("l.json"),
    );
    let out = tmp.join("out");
    let (built, build) = run_with_report(
        &[
            "build",
            d,
            "-o",
            out.to_str().expect("utf-8"),
            "--deny-warnings",
        ],
        &tmp.join("b.json"),
    );
    assert_eq!((plain, laid, built), (0, 1, 1));
    assert_eq!(codes(&laid_out), codes(&build));
    assert_eq!(codes(&build).len(), 1, "{build}");
    assert!(codes(&build)[0].ends_with(":7:7"), "{:?}", codes(&build));
    let _ = std::fs::remove_dir_all(&tmp);
}
