//! End-to-end tests of the `hanji` binary: exit codes, `check`, batches with broken notes,
//! the `--report` schema, atomic output and the shared corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hanji() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hanji"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn run(args: &[&str]) -> Output {
    hanji().args(args).output().expect("run hanji")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh temporary folder for one test.
fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hanji-it-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Notes that must load: one clean, one with malformed front matter, one with a missing image.
fn batch_with_warnings(root: &Path) {
    write(
        root,
        "a-good.md",
        "# 좋은 노트\n\n본문 [[c-image]].\n".as_bytes(),
    );
    write(
        root,
        "b-bad-yaml.md",
        "---\ntitle: [unclosed\ntags: x\n---\n# 앞부분이 깨진 노트\n\n본문은 살아 있습니다.\n"
            .as_bytes(),
    );
    write(
        root,
        "c-image.md",
        "# 그림\n\n![[없는-그림.png]]\n".as_bytes(),
    );
}

#[test]
fn help_and_version_exit_0() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["--version"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
    }
    let help = String::from_utf8_lossy(&run(&["build", "--help"]).stdout).into_owned();
    for option in [
        "--out",
        "--format",
        "--config",
        "--title",
        "--author",
        "--lang",
        "--drafts",
        "--no-embed-fonts",
        "--font-dir",
        "--page-size",
        "--korean-break",
        "--align",
        "--deny-warnings",
        "--quiet",
        "--jobs",
        "--report",
        "--timings",
        "--each",
        "--shard",
    ] {
        assert!(
            help.contains(option),
            "build --help does not document {option}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--no-such-option"][..],
        &["build", "--format", "docx"],
        &["build", "--shard", "1/2"],
        &["build", "--each", "--shard", "3/2"],
        &["build", "--jobs", "zero"],
        &["check", "a", "b"],
        &["frobnicate", "x"],
    ] {
        let o = run(args);
        assert_eq!(
            code(&o),
            2,
            "{args:?} should be a usage error: {}",
            stderr(&o)
        );
    }
}

#[test]
fn unreadable_notes_folder_exits_1() {
    let o = run(&["check", "/nonexistent/hanji-notes"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("cannot read notes folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn broken_config_exits_1_with_position() {
    let root = tmp("config");
    write(&root, "a.md", b"# A\n");
    write(&root, "hanji.yaml", b"title: ok\npage: [unclosed\n");
    let report = root.join("report.json");
    let o = run(&["check", s(&root), "--report", s(&report)]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("hanji.yaml:2:"), "{err}");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    assert_eq!(r["status"], "failed");
    assert!(r["error"].is_string());
    assert_eq!(r["diagnostics"][0]["code"], "config-invalid");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn check_sample_notes() {
    let notes = repo().join("notes");
    let o = run(&["check", s(&notes)]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    // The one intended dangling link, reported at file:line:col.
    let dangling: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("아직 쓰지 않은 노트"))
        .collect();
    assert!(!dangling.is_empty(), "{err}");
    assert!(
        dangling[0].contains("01-들어가며.md:") && dangling[0].contains(": warning: "),
        "{err}"
    );
    assert!(!err.contains(": error: "), "{err}");
    // Issue 2: only the intended dangling-link warning (the <head> snippet is page metadata).
    assert_eq!(err.matches(": warning: ").count(), 1, "{err}");
    assert!(
        err.lines()
            .last()
            .is_some_and(|l| l.starts_with("hanji: checked 7 notes; 1 warning")),
        "{err}"
    );
}

#[test]
fn batch_warnings_pass_unless_denied() {
    let root = tmp("warn");
    batch_with_warnings(&root);
    let out = root.join("out");
    let o = run(&["build", s(&root), "-o", s(&out), "--format", "model"]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    // Malformed front matter: file:line:col inside the front matter, not at line 1 of the body.
    // (The YAML parser reports where the unclosed `[` fails: the `:` of `tags: x`, line 3.)
    assert!(err.contains("b-bad-yaml.md:3:5:"), "{err}");
    assert!(
        err.contains("c-image.md:3:"),
        "missing image at its line: {err}"
    );
    let dump = std::fs::read_to_string(out.join("book.model.txt")).expect("model dump");
    for text in ["좋은 노트", "본문은 살아 있습니다", "그림"] {
        assert!(dump.contains(text), "{text} missing from the dump");
    }
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--format",
        "model",
        "--deny-warnings",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn batch_with_broken_note_writes_the_others_and_exits_1() {
    let root = tmp("broken");
    batch_with_warnings(&root);
    // The one note that cannot be exported: over `limits.note_bytes`.
    write(&root, "hanji.yaml", b"limits:\n  note_bytes: 4096\n");
    write(&root, "d-huge.md", "가".repeat(2000).as_bytes());
    // Latin-1 is not UTF-8 and not CP949: decoded lossily with a warning, never lost.
    write(&root, "e-latin1.md", b"# Caf\xe9\n\nLatin-1, not UTF-8.\n");
    let out = root.join("out");
    let report = root.join("report.json");
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--format",
        "model",
        "--report",
        s(&report),
    ]);
    let err = stderr(&o);
    assert_eq!(
        code(&o),
        1,
        "a note that cannot be exported fails the run: {err}"
    );
    assert!(
        err.contains("d-huge.md: error: note is 6000 bytes"),
        "{err}"
    );
    assert!(
        err.contains("e-latin1.md:1:6: warning: invalid UTF-8 at byte offset 5"),
        "{err}"
    );
    let dump = std::fs::read_to_string(out.join("book.model.txt")).expect("others written");
    assert!(dump.contains("좋은 노트") && dump.contains("본문은 살아 있습니다"));
    assert!(dump.contains("Caf\u{fffd}") && dump.contains("Latin-1, not UTF-8."));
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.contains("(1 failed)") && last.contains("1 error"),
        "{last}"
    );

    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    assert_eq!(r["status"], "failed");
    let failed: Vec<&str> = r["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter(|n| n["status"] == "failed")
        .filter_map(|n| n["path"].as_str())
        .collect();
    assert_eq!(failed, ["d-huge.md"]);
    let _ = std::fs::remove_dir_all(&root);
}

/// Every front-matter field wrong at once (issue 8 item 2), plus text that is not UTF-8: both
/// `check` and `build` finish (exit 0, never 101), both books are written and valid, every note's
/// body is in them, and both commands report the same front-matter diagnostics.
#[test]
fn bad_front_matter_is_warned_never_fatal() {
    let root = tmp("bad-front");
    write(
        &root,
        "a-dates.md",
        "---\ntitle: 날짜\ndate: 2024년 5월 1일\nlang: 한국어\n---\n첫째 본문.\n".as_bytes(),
    );
    write(
        &root,
        "b-fields.md",
        "---\ntitle: [a, b]\ndate: 2023-02-29\nlang: x\ntags: 하나, 둘\naliases: {a: 1}\n\
         draft: maybe\norder: first\nauthors: [김, [중첩]]\n---\n둘째 본문.\n"
            .as_bytes(),
    );
    write(
        &root,
        "c-more.md",
        "---\ndate: 어제\nlang: ko_KR\ndraft: \"no\"\norder: \"2\"\ndescription: {x: 1}\n---\n\
         셋째 본문. Select\u{a0}**Open**.\n"
            .as_bytes(),
    );
    write(
        &root,
        "d-broken.md",
        b"---\ntitle: [unclosed\n---\nfourth body\n",
    );
    write(&root, "e-cp949.md", &cp949_note());
    let out = root.join("out");
    let check = run(&["check", s(&root)]);
    let check_err = stderr(&check);
    assert_eq!(code(&check), 0, "{check_err}");
    let build = run(&["build", s(&root), "-o", s(&out), "--format", "epub,pdf"]);
    let build_err = stderr(&build);
    assert_eq!(code(&build), 0, "{build_err}");

    let front = |err: &str| -> Vec<String> {
        let mut v: Vec<String> = err
            .lines()
            .filter(|l| l.contains("front matter"))
            .map(str::to_string)
            .collect();
        v.sort();
        v
    };
    let (in_check, in_build) = (front(&check_err), front(&build_err));
    assert_eq!(in_check, in_build);
    for expected in [
        "a-dates.md:4:7: warning: front matter `lang`: `한국어` read as `ko`",
        "b-fields.md:2:8: warning: front matter `title`",
        "b-fields.md:3:7: warning: front matter `date`: `2023-02-29` is not a date",
        "b-fields.md:4:7: warning: front matter `lang`: `x` is not a BCP 47",
        "b-fields.md:6:10: warning: front matter `aliases`",
        "b-fields.md:7:8: warning: front matter `draft`",
        "b-fields.md:8:8: warning: front matter `order`",
        "b-fields.md:9:10: warning: front matter `authors`",
        "c-more.md:2:7: warning: front matter `date`: `어제` is not a date",
        "c-more.md:3:7: warning: front matter `lang`: `ko_KR` read as `ko-KR`",
        "c-more.md:6:14: warning: front matter `description`",
        "d-broken.md:2:",
    ] {
        assert!(
            in_check.iter().any(|l| l.contains(expected)),
            "{expected} missing in\n{}",
            in_check.join("\n")
        );
    }
    assert!(check_err.contains("e-cp949.md: warning: note is not UTF-8; read as CP949"));

    let epub = out.join("book.epub");
    crate::tools::assert_epubcheck_clean(&epub);
    let pdf = out.join("book.pdf");
    let Some(mut pdftotext) = crate::tools::tool("pdftotext") else {
        return;
    };
    let o = pdftotext
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&o.stdout);
    for body in [
        "첫째 본문",
        "둘째 본문",
        "셋째 본문",
        "fourth body",
        "옛 한글 노트",
    ] {
        assert!(text.contains(body), "{body} missing from the PDF text");
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// `# 옛 한글 노트\n본문\n` in CP949 (KS X 1001 bytes, written out so the test needs no encoder).
fn cp949_note() -> Vec<u8> {
    // 옛 = BF BE, 한 = C7 D1, 글 = B1 DB, 노 = B3 EB, 트 = C6 AE, 본 = BA BB, 문 = B9 AE.
    let mut b = b"# ".to_vec();
    b.extend([
        0xBF, 0xBE, b' ', 0xC7, 0xD1, 0xB1, 0xDB, b' ', 0xB3, 0xEB, 0xC6, 0xAE, b'\n',
    ]);
    b.extend([0xBA, 0xBB, 0xB9, 0xAE, b'\n']);
    b
}

#[test]
fn report_schema() {
    let root = tmp("report");
    batch_with_warnings(&root);
    let out = root.join("out");
    let report = root.join("r/report.json");
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--format",
        "model",
        "--report",
        s(&report),
        "--quiet",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "--quiet prints nothing without errors: {}",
        stderr(&o)
    );
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    assert_eq!(r["schema"], "hanji-report/1");
    assert_eq!(r["command"], "build");
    assert_eq!(r["status"], "warnings");
    assert!(r["error"].is_null());
    assert!(r["elapsed_ms"].is_f64());
    for stage in ["load", "parse", "write"] {
        assert!(r["timings_ms"][stage].is_f64(), "timing {stage}");
    }
    let counts = &r["counts"];
    assert_eq!(counts["notes"], 3);
    assert_eq!(counts["exported"], 3);
    assert_eq!(counts["failed"], 0);
    assert_eq!(counts["errors"], 0);
    assert!(counts["warnings"].as_u64().is_some_and(|w| w >= 2));
    let outputs = r["outputs"].as_array().expect("outputs");
    assert_eq!(outputs.len(), 1);
    assert_eq!(outputs[0]["format"], "model");
    let path = outputs[0]["path"].as_str().expect("path");
    assert!(path.ends_with("book.model.txt"));
    let size = std::fs::metadata(path).expect("output exists").len();
    assert_eq!(outputs[0]["bytes"].as_u64(), Some(size));
    assert!(outputs[0]["pages"].is_null());
    let books = r["books"].as_array().expect("books");
    assert_eq!(books.len(), 1);
    assert_eq!(books[0]["chapters"], 3);
    let notes = r["notes"].as_array().expect("notes");
    let statuses: Vec<(&str, &str)> = notes
        .iter()
        .map(|n| {
            (
                n["path"].as_str().unwrap_or(""),
                n["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("a-good.md", "ok"),
            ("b-bad-yaml.md", "warnings"),
            ("c-image.md", "warnings")
        ]
    );
    let d = &notes[1]["diagnostics"][0];
    assert_eq!(d["code"], "front-matter-invalid");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "b-bad-yaml.md");
    assert_eq!(d["line"], 3);
    assert!(d["col"].as_u64().is_some_and(|c| c >= 1));
    assert!(d["message"].is_string());
    assert_eq!(
        r["diagnostics"].as_array().map(Vec::len),
        counts["warnings"].as_u64().map(|w| w as usize)
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn unwritable_output_folder_exits_1() {
    let root = tmp("unwritable");
    batch_with_warnings(&root);
    // The output folder cannot be created: a file is in the way.
    write(&root, "blocked", b"not a folder");
    let out = root.join("blocked").join("x");
    let o = run(&["build", s(&root), "-o", s(&out), "--format", "model", "-q"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn failed_write_keeps_previous_book_whole_and_leaves_no_temp() {
    let root = tmp("atomic");
    batch_with_warnings(&root);
    let out = root.join("out");
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--format",
        "epub,model",
        "-q",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let good_model = std::fs::read(out.join("book.model.txt")).expect("first build");
    let good_epub = std::fs::read(out.join("book.epub")).expect("first build");
    // Change the notes, then make one of the two files impossible to replace: a non-empty
    // folder now sits where book.epub was. Neither file may change ("never half a book").
    write(&root, "a-good.md", "# 바뀐 노트\n".as_bytes());
    std::fs::remove_file(out.join("book.epub")).expect("rm");
    std::fs::create_dir_all(out.join("book.epub/inside")).expect("mkdir");
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--format",
        "epub,model",
        "-q",
    ]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out.join("book.model.txt")).expect("kept"),
        good_model
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Once the folder is gone, the next run replaces both.
    std::fs::remove_dir_all(out.join("book.epub")).expect("rm dir");
    std::fs::write(out.join("book.epub"), &good_epub).expect("restore");
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--format",
        "epub,model",
        "-q",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let model = std::fs::read_to_string(out.join("book.model.txt")).expect("rebuilt");
    assert!(model.contains("바뀐 노트"));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn each_and_shards_cover_every_note_once() {
    let root = tmp("each");
    for i in 1..=5 {
        write(
            &root,
            &format!("n{i}.md"),
            format!("# Note {i}\n\n[[n1]]\n").as_bytes(),
        );
    }
    write(&root, "sub/n10.md", b"# Ten\n");
    let mut all = Vec::new();
    for shard in ["1/2", "2/2"] {
        let out = root.join(format!("out-{}", &shard[..1]));
        let o = run(&[
            "build",
            s(&root),
            "-o",
            s(&out),
            "--format",
            "model",
            "--each",
            "--shard",
            shard,
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        // `.hanji-each.json` is --each's record of the files it wrote (not a book).
        for entry in walk(&out)
            .into_iter()
            .filter(|e| !e.ends_with(".hanji-each.json"))
        {
            all.push(
                entry
                    .strip_prefix(&out)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    all.sort();
    assert_eq!(
        all,
        [
            "n1.model.txt",
            "n2.model.txt",
            "n3.model.txt",
            "n4.model.txt",
            "n5.model.txt",
            "sub/n10.model.txt"
        ]
    );
    let _ = std::fs::remove_dir_all(&root);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn default_build_writes_epub_and_pdf() {
    let out = tmp("default");
    let report = out.join("report.json");
    let o = hanji()
        .current_dir(repo())
        .args(["build", "-o", s(&out), "--report", s(&report), "--timings"])
        .output()
        .expect("run");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let epub = std::fs::read(out.join("book.epub")).expect("book.epub");
    assert!(epub.starts_with(b"PK\x03\x04") && epub[30..].starts_with(b"mimetype"));
    let pdf = std::fs::read(out.join("book.pdf")).expect("book.pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(stderr(&o).contains("timings"), "{}", stderr(&o));
    // The page count in the report is the one an independent reader sees.
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    let pages = r["outputs"]
        .as_array()
        .and_then(|a| a.iter().find(|o| o["format"] == "pdf"))
        .and_then(|o| o["pages"].as_u64())
        .expect("pdf pages in the report");
    if let Ok(info) = Command::new("pdfinfo").arg(out.join("book.pdf")).output() {
        let text = String::from_utf8_lossy(&info.stdout);
        let seen = text
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse::<u64>().ok());
        assert_eq!(seen, Some(pages), "{text}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn check_shared_garden_corpus() {
    // Relative to the checkout (no machine paths); fails under HANJI_REQUIRE_TOOLS=1 if absent.
    let Some(garden) = crate::tools::garden_corpus() else {
        return;
    };
    let o = run(&["check", s(&garden)]);
    let err = stderr(&o);
    assert!(matches!(code(&o), 0 | 1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    if code(&o) == 1 {
        // Only bad notes may fail the check, and each says where.
        assert!(err.lines().any(|l| l.contains(": error: ")), "{err}");
    }
    for line in err.lines().filter(|l| l.contains(": warning: ")) {
        assert!(
            line.split(": warning: ")
                .next()
                .is_some_and(|loc| loc.contains(".md") || loc.ends_with("hanji.yaml")),
            "{line}"
        );
    }
}

// ------------------------------------------------------------------ golden loader dumps

/// Golden cases `tests/golden/load-*/`: `notes/` (with an optional `hanji.yaml`) in, `load.txt`
/// out — every loaded note in book order with its typed front matter and body, then every
/// diagnostic. `UPDATE_GOLDEN=1` rewrites the expected files.
#[test]
fn golden_load_cases() {
    let golden = repo().join("tests/golden");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&golden)
        .expect("tests/golden")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("load-"))
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 2, "golden load cases missing");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for case in cases {
        let got = dump_load(&case.join("notes"));
        let expected_path = case.join("load.txt");
        if update {
            std::fs::write(&expected_path, &got).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{}: dump differs (UPDATE_GOLDEN=1 to accept)\n--- got\n{got}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The stable text dump of loading `notes` with its `hanji.yaml`.
fn dump_load(notes: &Path) -> String {
    use hanji::config::{ConfigArgs, load_config};
    use std::fmt::Write as _;
    let config = load_config(&ConfigArgs {
        notes_dir: notes.to_path_buf(),
        out_dir: notes.join("output"),
        ..ConfigArgs::default()
    })
    .expect("config");
    let loaded = hanji::load::load_notes(&config.value.load_options()).expect("load");
    let mut out = String::new();
    for note in &loaded.value {
        let f = &note.front;
        let _ = writeln!(
            out,
            "note {} mdx={} body_line={}",
            note.path, note.mdx, note.body_line
        );
        let opt = |name: &str, v: &Option<String>, out: &mut String| {
            if let Some(v) = v {
                let _ = writeln!(out, "  {name}: {v:?}");
            }
        };
        let list = |name: &str, v: &[String], out: &mut String| {
            if !v.is_empty() {
                let _ = writeln!(out, "  {name}: {v:?}");
            }
        };
        opt("title", &f.title, &mut out);
        opt("lang", &f.lang.as_ref().map(|l| l.to_string()), &mut out);
        opt("slug", &f.slug, &mut out);
        list("aliases", &f.aliases, &mut out);
        opt("date", &f.date.map(|d| d.to_w3c()), &mut out);
        list("authors", &f.authors, &mut out);
        list("tags", &f.tags, &mut out);
        opt("description", &f.description, &mut out);
        if f.draft {
            out.push_str("  draft: true\n");
        }
        if let Some(o) = f.order {
            let _ = writeln!(out, "  order: {o}");
        }
        for (k, v) in &f.extra {
            let _ = writeln!(out, "  extra {k}: {v:?}");
        }
        for line in note.body.lines() {
            let _ = writeln!(out, "  | {line}");
        }
    }
    out.push_str("diagnostics:\n");
    for d in config.diagnostics.iter().chain(&loaded.diagnostics) {
        let _ = writeln!(out, "  [{}] {d}", d.code);
    }
    out
}

#[test]
fn huge_and_deeply_nested_notes_do_not_stop_the_batch() {
    let root = tmp("huge");
    write(&root, "a-good.md", "# 멀쩡한 노트\n".as_bytes());
    // 10 MB of prose in one note.
    let line = "긴 노트의 한 줄입니다. A long note, line after line.\n\n";
    let big = line.repeat(10 * 1024 * 1024 / line.len() + 1);
    write(&root, "b-10mb.md", big.as_bytes());
    // 10,000 nested block quotes.
    let deep = format!("{} deep\n", ">".repeat(10_000));
    write(&root, "c-deep.md", deep.as_bytes());
    let out = root.join("out");
    let o = run(&["build", s(&root), "-o", s(&out), "--format", "model", "-q"]);
    assert!(matches!(code(&o), 0 | 1), "crashed: {}", stderr(&o));
    assert!(!stderr(&o).contains("overflow"), "{}", stderr(&o));
    let dump = std::fs::read_to_string(out.join("book.model.txt")).expect("dump");
    assert!(dump.contains("멀쩡한 노트"));
    let _ = std::fs::remove_dir_all(&root);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("list").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

#[test]
fn identical_input_gives_identical_bytes() {
    let root = tmp("repro");
    let a = root.join("a/notes");
    let b = root.join("b/deeper/notes");
    copy_dir(&repo().join("notes"), &a);
    copy_dir(&repo().join("notes"), &b);
    let build = |notes: &Path, out: &Path, jobs: &str| {
        let o = hanji()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["build", s(notes), "-o", s(out), "--jobs", jobs, "-q"])
            .output()
            .expect("run");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    };
    build(&a, &root.join("out1"), "1");
    build(&b, &root.join("out2"), "2");
    for file in ["book.epub", "book.pdf"] {
        let one = std::fs::read(root.join("out1").join(file)).expect("first");
        let two = std::fs::read(root.join("out2").join(file)).expect("second");
        assert!(
            one == two,
            "{file} differs between --jobs 1/2 and folder locations"
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn killed_run_leaves_no_partial_book() {
    let root = tmp("kill");
    for i in 0..300 {
        let body = format!("# 노트 {i}\n\n{}\n", "한지 노트의 문단입니다. ".repeat(40));
        write(&root, &format!("n{i}.md"), body.as_bytes());
    }
    let out = root.join("out");
    // A previous good book that a killed run must not destroy.
    write(&out, "book.model.txt", b"previous good book");
    for delay_ms in [50u64, 400, 1200] {
        let mut child = hanji()
            .args([
                "build",
                s(&root),
                "-o",
                s(&out),
                "--format",
                "model,epub",
                "-q",
            ])
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Every file under its final name is complete: the old one or a whole new one.
        let model = std::fs::read_to_string(out.join("book.model.txt")).expect("never deleted");
        assert!(
            model == "previous good book" || model.ends_with('\n'),
            "truncated model dump"
        );
        if let Ok(epub) = std::fs::read(out.join("book.epub")) {
            // A complete zip ends with its end-of-central-directory record.
            let tail = &epub[epub.len().saturating_sub(66_000)..];
            assert!(
                tail.windows(4).any(|w| w == b"PK\x05\x06"),
                "truncated EPUB"
            );
        }
    }
    // The next complete run removes temporary files left by killed runs.
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--format",
        "model,epub",
        "-q",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let temps: Vec<String> = std::fs::read_dir(&out)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".hanji-tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn font_failure_is_fatal_and_writes_nothing() {
    let root = tmp("fontfail");
    batch_with_warnings(&root);
    let out = root.join("out");
    let o = run(&[
        "build",
        s(&root),
        "-o",
        s(&out),
        "--font-dir",
        "/nonexistent/hanji-fonts",
        "-q",
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("hanji: error: cannot load fonts"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("book.epub").exists(), "never half a book");
    let _ = std::fs::remove_dir_all(&root);
}

/// Issue 15: with no `language:` and no `--lang`, the book's language comes from the notes: an
/// English vault is an English book (EPUB `dc:language`, PDF `/Lang`, English labels), and
/// `--lang` still wins.
#[test]
fn book_language_comes_from_the_notes_unless_configured() {
    let root = tmp("lang-detect");
    write(
        &root,
        "notes/setup.md",
        b"# Setup\n\nOpen the settings and choose **Sync**.\n\n> [!note]\n> Keep a backup first.\n",
    );
    write(
        &root,
        "notes/usage.md",
        b"# Usage\n\nWrite a note, then export it as a book.\n",
    );
    let notes = root.join("notes");
    let out = root.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out), "--format", "epub,json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json = std::fs::read_to_string(out.join("book.json")).expect("book.json");
    assert!(json.contains("\"language\": \"en\""), "{json}");
    let epub = std::fs::read(out.join("book.epub")).expect("book.epub");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("zip");
    let mut opf = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("OEBPS/content.opf").expect("opf"),
        &mut opf,
    )
    .expect("read opf");
    assert!(opf.contains("<dc:language>en</dc:language>"), "{opf}");
    let o = run(&[
        "build",
        s(&notes),
        "-o",
        s(&out),
        "--format",
        "json",
        "--lang",
        "ko",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let json = std::fs::read_to_string(out.join("book.json")).expect("book.json");
    assert!(
        json.contains("\"language\": \"ko\""),
        "--lang must win: {json}"
    );
}
