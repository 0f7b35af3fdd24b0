//! hanji in CI: a shard answers only for its own notes and follows `--sort`; `--quiet
//! --deny-warnings` still says why it fails; no notes is a failure; `--each` removes the books
//! of deleted notes it wrote earlier (and nothing else); the report counts what this run did.

use crate::tools::{path_arg as s, run_hanji as run, stderr_of as stderr};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A fresh temporary folder for this module's test `name`.
fn tmp(name: &str) -> PathBuf {
    crate::tools::temp_dir(&format!("ci-{name}"))
}

fn report(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("report")).expect("json")
}

/// `2.md` has a broken link and links to `3.md`; natural order is 2, 3, 10 and code-point
/// order 10, 2, 3.
fn three_notes(notes: &Path) {
    std::fs::create_dir_all(notes).expect("mkdir");
    std::fs::write(notes.join("2.md"), "# 둘\n\n[[없는 노트]]와 [[3]].\n").expect("write");
    std::fs::write(notes.join("3.md"), "# 셋\n\n본문.\n").expect("write");
    std::fs::write(notes.join("10.md"), "# 열\n\n본문.\n").expect("write");
}

fn shard(notes: &Path, out: &Path, i: &str, extra: &[&str]) -> (Output, serde_json::Value) {
    let rep = out.with_extension(format!("{}.json", i.replace('/', "-")));
    let mut args = vec![
        "build",
        s(notes),
        "-o",
        s(out),
        "--format",
        "epub",
        "--each",
        "--shard",
        i,
        "--deny-warnings",
        "--report",
        s(&rep),
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    (o, report(&rep))
}

#[test]
fn a_shard_answers_for_its_own_notes_in_the_sort_order() {
    let dir = tmp("shards");
    let notes = dir.join("notes");
    three_notes(&notes);
    // Code-point order (10, 2, 3): shard 1 is 10 and 3, clean; the broken link is shard 2's.
    let (o, r) = shard(&notes, &dir.join("p1"), "1/2", &["--sort", "path"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("p1/10.epub").is_file() && dir.join("p1/3.epub").is_file());
    assert!(!dir.join("p1/2.epub").exists());
    assert_eq!(r["counts"]["exported"], 2, "{r:#}");
    assert_eq!(r["counts"]["notes"], 2, "{r:#}");
    assert_eq!(r["counts"]["warnings"], 0, "{r:#}");
    // Shard 2 owns the broken link: it fails, and says why even with --quiet.
    let (o, r) = shard(
        &notes,
        &dir.join("p2"),
        "2/2",
        &["--sort", "path", "--quiet"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err.trim(),
        "hanji: failing because of --deny-warnings: 1 warning",
        "{err}"
    );
    assert_eq!(r["counts"]["exported"], 1, "{r:#}");
    // 2.md's link to 3 is a sibling link: text in its EPUB, counted.
    assert_eq!(r["books"][0]["note"], "2.md");
    assert_eq!(r["books"][0]["links_flattened"], 1, "{r:#}");
    assert!(
        r["timings_note"]
            .as_str()
            .is_some_and(|t| t.contains("elapsed_ms"))
    );
    // Natural order (2, 3, 10): now shard 1 holds 2.md and fails.
    let (o, _) = shard(&notes, &dir.join("n1"), "1/2", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(dir.join("n1/2.epub").is_file() && dir.join("n1/10.epub").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_notes_is_a_failure_with_a_reason() {
    let dir = tmp("empty");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    std::fs::write(empty.join("readme.txt"), "not a note").expect("write");
    for (notes, reason) in [
        (empty.clone(), "no notes (.md, .mdx) to export in"),
        (dir.join("typo"), "cannot read notes folder"),
    ] {
        let out = dir.join("out");
        let o = run(&["build", s(&notes), "-o", s(&out), "--format", "epub"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains(reason), "{}", stderr(&o));
        assert!(!out.join("book.epub").exists(), "no empty book");
    }
    let o = run(&["check", s(&empty)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn each_removes_the_books_of_deleted_notes_and_nothing_else() {
    let dir = tmp("sweep");
    let notes = dir.join("notes");
    three_notes(&notes);
    std::fs::create_dir_all(notes.join("sub")).expect("mkdir");
    std::fs::write(notes.join("sub/4.md"), "# 넷\n").expect("write");
    let out = dir.join("out");
    let build = || {
        let rep = dir.join("r.json");
        let args = [
            "build",
            s(&notes),
            "-o",
            s(&out),
            "--format",
            "epub",
            "--each",
            "--report",
            s(&rep),
        ];
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (stderr(&o), report(&rep))
    };
    build();
    assert!(out.join("3.epub").is_file() && out.join("sub/4.epub").is_file());
    // A file of the user's, named like a book: hanji did not write it, so it stays.
    std::fs::write(out.join("mine.epub"), b"mine").expect("write");
    std::fs::remove_file(notes.join("3.md")).expect("rm");
    std::fs::remove_file(notes.join("sub/4.md")).expect("rm");
    let (err, r) = build();
    assert!(!out.join("3.epub").exists() && !out.join("sub").exists());
    assert!(out.join("mine.epub").is_file() && out.join("2.epub").is_file());
    assert_eq!(r["counts"]["removed"], 2, "{r:#}");
    assert!(
        err.contains("removed 2 outputs of notes that are gone"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_book_shows_no_standing_zero_of_one_bar() {
    // A terminal is needed for the progress display: `script` gives the run one.
    let Some(mut script) = crate::tools::tool("script") else {
        return;
    };
    let dir = tmp("tty");
    let notes = dir.join("notes");
    three_notes(&notes);
    let command = format!(
        "{} build {} -o {} --format epub",
        env!("CARGO_BIN_EXE_hanji"),
        s(&notes),
        s(&dir.join("out"))
    );
    let o = script
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script");
    let screen = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(screen.contains("hanji: built 3 notes"), "{screen}");
    assert!(!screen.contains("0/1"), "{screen}");
    let _ = std::fs::remove_dir_all(&dir);
}
