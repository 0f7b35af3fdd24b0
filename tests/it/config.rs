//! `hanji.yaml` problems as a user meets them: each is a warning that names the file and line,
//! the key, the value and what is accepted, and the build goes on with the default; only a file
//! that cannot be read or parsed at all stops it.

use crate::tools::{path_arg as s, run_hanji as run, stderr_of as stderr};
use std::path::PathBuf;

/// A fresh temporary folder for this module's test `name`.
fn tmp(name: &str) -> PathBuf {
    crate::tools::temp_dir(&format!("config-{name}"))
}

#[test]
fn wrong_types_are_warnings_that_name_file_key_value_and_accepted_values() {
    let dir = tmp("types");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::write(notes.join("a.md"), "# 가\n\n본문.\n").expect("write");
    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 책\ntoc_depth: \"three\"\nembed_fonts: \"yes\"\ncover: missing.png\n\
         page:\n  base_size: big\n  size: B7\n  margins: 200 200\n",
    )
    .expect("write");
    let out = dir.join("out");
    let o = run(&["build", s(&notes), "-o", s(&out), "--format", "model"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "the build goes on: {err}");
    let yaml = format!("{}", notes.join("hanji.yaml").display());
    for (line, expected) in [
        (2, "toc_depth `three` is not an integer 1–6; using 3"),
        (3, "embed_fonts `yes` is not `true` or `false`; using true"),
        (4, "cover `missing.png` is not a file in the notes folder"),
        (
            6,
            "page.base_size `big` is not a size in pt, 5–40; using 10.5",
        ),
        (7, "page.size `B7` is not A4, A5, B5, Letter or WxH"),
        (8, "page.margins top 200.0 mm is out of range"),
    ] {
        let want = format!("{yaml}:{line}:");
        assert!(
            err.lines()
                .any(|l| l.starts_with(&want) && l.contains("warning: ") && l.contains(expected)),
            "no `{want} … {expected}` in:\n{err}"
        );
    }
    assert!(out.join("book.model.txt").is_file());
    // The same page size on the command line is read the same way: a warning, then A4.
    let o = run(&[
        "build",
        s(&notes),
        "-o",
        s(&out),
        "--format",
        "model",
        "--page-size",
        "B7",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: --page-size `B7` is not A4, A5, B5, Letter or WxH"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_config_is_an_error_with_the_reason() {
    let dir = tmp("broken");
    std::fs::write(dir.join("a.md"), "# 가\n").expect("write");
    std::fs::write(dir.join("hanji.yaml"), "title: a\npage: [unclosed\n").expect("write");
    let o = run(&[
        "build",
        s(&dir),
        "-o",
        s(&dir.join("out")),
        "--format",
        "model",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("hanji.yaml:") && err.contains("error: invalid config file"),
        "{err}"
    );
    assert!(!dir.join("out/book.model.txt").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
