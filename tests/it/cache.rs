//! The build cache (`--cache`) and `hanji watch`: a cached build writes the same bytes as a
//! clean one after every kind of edit (a note, a note it embeds, a link target's title, a rename,
//! a deletion, an image, the config), re-rendering only what changed; `watch` rewrites the book
//! after a save and stops cleanly on Ctrl-C.

use crate::tools::{path_arg as s, run_hanji as run, stderr_of as stderr};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn tmp(name: &str) -> PathBuf {
    crate::tools::temp_dir(&format!("cache-{name}"))
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("list").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "epub" || x == "pdf") {
                let rel = p.strip_prefix(dir).expect("inside").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn report(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("report")).expect("json")
}

/// A 1×1 PNG (from the model golden's notes).
fn pixel() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/model-links/notes/pixel.png"
    ))
    .expect("pixel.png")
}

/// `a` embeds a section of `b` and links to `c` and `d`; `c` shows an image.
fn vault(notes: &Path) {
    std::fs::create_dir_all(notes.join("img")).expect("mkdir");
    let write = |name: &str, text: &str| std::fs::write(notes.join(name), text).expect("write");
    write("hanji.yaml", "title: 캐시 시험\n");
    write(
        "a.md",
        "# 가\n\n![[b#둘째 절]]\n\n[[c]]와 [[d]]를 보세요. [[d#절]]도.\n",
    );
    write(
        "b.md",
        "# 나\n\n## 첫째 절\n\n첫 문단.\n\n## 둘째 절\n\n끼워 넣을 문단.\n",
    );
    write("c.md", "# 다\n\n![그림](img/p.png)\n\n본문.\n");
    write("d.md", "---\ntitle: 라\n---\n\n## 절\n\n본문.\n");
    std::fs::write(notes.join("img/p.png"), pixel()).expect("png");
}

/// Builds `--each` with the cache into `warm` and without it into a fresh `cold` folder;
/// asserts byte-identical books and returns how many books came from the cache.
fn build_both(dir: &Path, notes: &Path, step: &str) -> u64 {
    let cache = dir.join("cache");
    let warm = dir.join("warm");
    let rep = dir.join(format!("{step}.json"));
    let o = run(&[
        "build",
        s(notes),
        "-o",
        s(&warm),
        "--each",
        "--cache",
        s(&cache),
        "--report",
        s(&rep),
    ]);
    assert_eq!(o.status.code(), Some(0), "{step}: {}", stderr(&o));
    let cold = dir.join(format!("cold-{step}"));
    let o2 = run(&["build", s(notes), "-o", s(&cold), "--each"]);
    assert_eq!(o2.status.code(), Some(0), "{step}: {}", stderr(&o2));
    let (w, c) = (files(&warm), files(&cold));
    assert_eq!(
        w.keys().collect::<Vec<_>>(),
        c.keys().collect::<Vec<_>>(),
        "{step}: the same books"
    );
    for (name, bytes) in &w {
        assert!(
            bytes == &c[name],
            "{step}: {name} differs from a clean build"
        );
    }
    // The warnings are the same too (a hit replays what rendering reported).
    let warm_err = stderr(&o);
    let cold_err = stderr(&o2);
    let warnings = |e: &str| e.lines().filter(|l| l.contains(": warning:")).count();
    assert_eq!(
        warnings(&warm_err),
        warnings(&cold_err),
        "{step}: {warm_err}\n{cold_err}"
    );
    report(&rep)["counts"]["cached"]
        .as_u64()
        .expect("cached count")
}

#[test]
fn cached_books_are_the_books_a_clean_build_writes() {
    let dir = tmp("identical");
    let notes = dir.join("notes");
    vault(&notes);
    assert_eq!(build_both(&dir, &notes, "first"), 0);
    assert_eq!(build_both(&dir, &notes, "again"), 4, "nothing changed");

    // The embedded section changes: a (which shows it) and b re-render; c and d come back.
    let b = std::fs::read_to_string(notes.join("b.md")).expect("b");
    std::fs::write(notes.join("b.md"), b.replace("끼워 넣을", "바뀐")).expect("write");
    assert_eq!(build_both(&dir, &notes, "embedded"), 2);
    // A section of b that nothing embeds: only b.
    let b = std::fs::read_to_string(notes.join("b.md")).expect("b");
    std::fs::write(notes.join("b.md"), b.replace("첫 문단", "새 문단")).expect("write");
    assert_eq!(build_both(&dir, &notes, "own"), 3);
    // A link target's title: d's book, and a (its link says the title).
    std::fs::write(
        notes.join("d.md"),
        "---\ntitle: 라라\n---\n\n## 절\n\n본문.\n",
    )
    .expect("w");
    build_both(&dir, &notes, "title");
    // A rename: a's link to c now leads nowhere.
    std::fs::rename(notes.join("c.md"), notes.join("e.md")).expect("rename");
    build_both(&dir, &notes, "rename");
    // A deletion.
    std::fs::remove_file(notes.join("d.md")).expect("rm");
    build_both(&dir, &notes, "delete");
    // An image's bytes (the note that shows it does not change).
    std::fs::write(notes.join("img/p.png"), with_text_chunk(&pixel(), b"v")).expect("png");
    assert_eq!(
        build_both(&dir, &notes, "image"),
        2,
        "only e.md shows the image"
    );
    // The config: every book.
    std::fs::write(
        notes.join("hanji.yaml"),
        "title: 캐시 시험\npage:\n  size: A5\n",
    )
    .expect("write");
    assert_eq!(build_both(&dir, &notes, "config"), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Another valid PNG: the same picture with one more ancillary `tEXt` chunk before `IEND`, so
/// the bytes differ and decoders still read it.
fn with_text_chunk(png: &[u8], text: &[u8]) -> Vec<u8> {
    let iend = png.len() - 12;
    let mut out = png[..iend].to_vec();
    out.extend(crate::hostile::chunk(
        b"tEXt",
        &[b"k\0".as_slice(), text].concat(),
    ));
    out.extend_from_slice(&png[iend..]);
    out
}

#[test]
fn the_cache_drops_what_is_no_longer_used_and_says_when_too_small() {
    let dir = tmp("bound");
    let notes = dir.join("notes");
    vault(&notes);
    // c's image carries 1.5 MB of text: the EPUB packages the file as is, so c's books alone
    // are more than a 1 MB bound.
    let big = with_text_chunk(&pixel(), &vec![b'x'; 3 << 19]);
    std::fs::write(notes.join("img/p.png"), big).expect("png");
    let cache = dir.join("cache");
    let build = |size: &str| {
        let o = run(&[
            "build",
            s(&notes),
            "-o",
            s(&dir.join("out")),
            "--each",
            "--cache",
            s(&cache),
            "--cache-size",
            size,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stderr(&o)
    };
    build("100");
    let first = entries(&cache);
    assert_eq!(first.len(), 4, "{first:?}");
    // Every note changes; over a 1 MB bound every old book goes, this run's four stay, and
    // the bound is said to be too small.
    for name in ["a.md", "b.md", "c.md", "d.md"] {
        let text = std::fs::read_to_string(notes.join(name)).expect("read");
        std::fs::write(notes.join(name), format!("{text}\n덧붙인 문단.\n")).expect("write");
    }
    // An old entry of 2 MB (unused for a long time) puts the cache over a 1 MB bound.
    std::fs::create_dir_all(cache.join("00")).expect("mkdir");
    let stale = cache.join("00").join(format!("{}.book", "0".repeat(64)));
    std::fs::write(&stale, vec![0u8; 2 << 20]).expect("write");
    let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
    std::fs::File::options()
        .append(true)
        .open(&stale)
        .and_then(|f| f.set_modified(long_ago))
        .expect("set time");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let err = build("1");
    assert!(!stale.exists(), "the least recently used entry goes first");
    let second = entries(&cache);
    assert_eq!(second.len(), 4, "{second:?}");
    let stale_name = format!("{}.book", "0".repeat(64));
    assert!(!second.contains(&stale_name));
    assert!(
        second.iter().all(|e| !first.contains(e)),
        "old entries remain"
    );
    let size = walk_sizes(&cache);
    if size > 1 << 20 {
        assert!(
            err.contains("cache-too-small") || err.contains("--cache-size"),
            "{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The entry files of a cache folder.
fn entries(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for shard in std::fs::read_dir(dir).expect("cache").flatten() {
        for e in std::fs::read_dir(shard.path()).expect("shard").flatten() {
            out.push(e.file_name().to_string_lossy().to_string());
        }
    }
    out.sort();
    out
}

fn walk_sizes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|it| {
            it.flatten()
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        walk_sizes(&p)
                    } else {
                        e.metadata().map_or(0, |m| m.len())
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Waits up to `limit` for `done`, polling.
fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn watch_rebuilds_after_a_save_and_stops_on_ctrl_c() {
    let dir = tmp("watch");
    let notes = dir.join("notes");
    vault(&notes);
    let out = dir.join("out");
    let pdf = out.join("book.pdf");
    let mut child = crate::tools::hanji()
        .args(["watch", s(&notes), "-o", s(&out), "--format", "pdf"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn hanji watch");
    assert!(
        wait_for(Duration::from_secs(60), || pdf.is_file()),
        "first build"
    );
    let before = std::fs::read(&pdf).expect("pdf");
    // Let the watcher start, then save a note as an editor does.
    std::thread::sleep(Duration::from_millis(500));
    let saved = Instant::now();
    std::fs::write(
        notes.join("d.md"),
        "---\ntitle: 라\n---\n\n## 절\n\n새로 쓴 문단.\n",
    )
    .expect("save");
    let rebuilt = wait_for(Duration::from_secs(20), || {
        std::fs::read(&pdf).is_ok_and(|now| now != before)
    });
    let took = saved.elapsed();
    assert!(rebuilt, "the PDF was not rewritten after the save");
    assert!(took < Duration::from_secs(10), "rebuilt after {took:?}");
    if let Some(mut pdftotext) = crate::tools::tool("pdftotext") {
        let text = pdftotext.args([s(&pdf), "-"]).output().expect("pdftotext");
        assert!(String::from_utf8_lossy(&text.stdout).contains("새로 쓴 문단"));
    }
    // Ctrl-C: the process stops by itself, with 0, and leaves no temporary file behind.
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let stopped = wait_for(Duration::from_secs(20), || {
        child.try_wait().ok().flatten().is_some()
    });
    if !stopped {
        let _ = child.kill();
    }
    let output = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(stopped, "still running after Ctrl-C: {err}");
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("after d.md changed"), "{err}");
    assert!(err.contains("stopped watching"), "{err}");
    let left: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(left, ["book.pdf"], "{left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
