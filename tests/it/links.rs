//! Links the way Obsidian resolves them, judged in the books themselves (issue 15): block ids
//! land in both books (EPUBCheck checks every fragment; qpdf shows the PDF's named
//! destinations and the links that use them), markers are never printed (pdftotext, unzip), and
//! names written composed (NFC) find files named decomposed (NFD, as macOS writes them).

use super::tools::{self, hanji, path_arg as s};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

const GOOD_PNG: &[u8] = include_bytes!("fixtures/assets/good.png");

fn golden_notes(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(case)
        .join("notes")
}

/// One file of the EPUB, as text.
fn epub_file(epub: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(epub).expect("open epub");
    let mut zip = zip::ZipArchive::new(file).expect("epub is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("entry")
        .read_to_string(&mut text)
        .expect("utf-8 entry");
    text
}

#[test]
fn block_ids_land_in_both_books() {
    let out = tools::temp_dir("block-ids");
    let o = hanji()
        .args(["build", s(&golden_notes("model-block-refs")), "-o", s(&out)])
        .output()
        .expect("run hanji");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("no heading"),
        "block ids are anchors: {stderr}"
    );
    let epub = out.join("book.epub");
    tools::assert_epubcheck_clean(&epub); // RSC-012: every fragment names an id
    let host = epub_file(&epub, "OEBPS/c001.xhtml");
    let source = epub_file(&epub, "OEBPS/c002.xhtml");
    assert!(host.contains("c002.xhtml#first-para"), "{host}");
    assert!(host.contains("c002.xhtml#item-one"), "{host}");
    assert!(host.contains("#own\""), "{host}");
    for id in ["first-para", "item-one", "quote-id", "table-id"] {
        assert!(
            source.contains(&format!("id=\"{id}\"")),
            "no id {id}:\n{source}"
        );
    }
    assert!(!source.contains("^first-para") && !host.contains("^own"));
    let pdf = out.join("book.pdf");
    if let Some(mut pdftotext) = tools::tool("pdftotext") {
        let o = pdftotext.arg(&pdf).arg("-").output().expect("pdftotext");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("첫 문단입니다"), "{text}");
        for marker in ["^first-para", "^item-one", "^quote-id", "^table-id", "^own"] {
            assert!(!text.contains(marker), "{marker} printed:\n{text}");
        }
    }
    if let Some(mut qpdf) = tools::tool("qpdf") {
        let qdf = out.join("q.pdf");
        let st = qpdf
            .args(["--qdf", "--object-streams=disable"])
            .arg(&pdf)
            .arg(&qdf)
            .status()
            .expect("qpdf");
        assert!(st.success());
        let bytes = std::fs::read(&qdf).expect("read");
        let raw = String::from_utf8_lossy(&bytes);
        // Each named once in the destination tree and at least once by a link.
        for dest in ["(c002/first-para)", "(c002/item-one)", "(c001/own)"] {
            assert!(
                raw.matches(dest).count() >= 2,
                "{dest} is not a linked destination"
            );
        }
    }
}

#[test]
fn composed_links_find_decomposed_file_names() {
    let root = tools::temp_dir("nfd");
    let notes = root.join("notes");
    std::fs::create_dir_all(notes.join("그림")).expect("mkdir");
    let nfd = |t: &str| t.nfd().collect::<String>();
    assert_ne!(nfd("한글 노트"), "한글 노트");
    std::fs::write(
        notes.join(format!("{}.md", nfd("한글 노트"))),
        "# 한글 노트\n\n본문.\n",
    )
    .expect("write");
    std::fs::write(notes.join("그림").join(nfd("사진.png")), GOOD_PNG).expect("write");
    std::fs::write(
        notes.join("a.md"),
        "# 처음\n\n[[한글 노트]]와 [[한글 노트#한글 노트|제목]].\n\n![[사진.png]]\n",
    )
    .expect("write");
    let o = hanji()
        .args(["check", s(&notes)])
        .output()
        .expect("run hanji");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("unresolved"), "{stderr}");
    assert!(
        !stderr.contains("image-missing") && !stderr.contains("not found"),
        "{stderr}"
    );
    assert_eq!(o.status.code(), Some(0), "{stderr}");
}

/// With no title configured, the book takes its index note's title; with none there either, it
/// is titled after the folder and `hanji check` says so (issue 15 item 7).
#[test]
fn untitled_vault_takes_its_index_notes_title() {
    let root = tools::temp_dir("index-title");
    let notes = root.join("vault");
    std::fs::create_dir_all(&notes).expect("mkdir");
    std::fs::write(notes.join("a.md"), "# 첫 노트\n\n본문.\n").expect("write");
    let check = |notes: &Path| {
        let o = hanji().args(["check", s(notes)]).output().expect("run");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(check(&notes).contains("titled after its folder, `vault`"));
    std::fs::write(
        notes.join("README.md"),
        "---\ntitle: 나의 정원\n---\n\n소개.\n",
    )
    .expect("write");
    assert!(!check(&notes).contains("titled after its folder"));
    let out = root.join("out");
    let o = hanji()
        .args(["build", s(&notes), "-o", s(&out), "--format", "epub"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    let opf = epub_file(&out.join("book.epub"), "OEBPS/content.opf");
    assert!(opf.contains(">나의 정원</dc:title>"), "{opf}");
}

/// A file of the vault that is neither a note nor an image reaches the books (issue 15 item
/// 5): an embedded MP3 or MP4 plays in the EPUB (`<audio>`/`<video>`, packaged, EPUBCheck
/// clean), an OGG (not an EPUB core type) is a labelled placeholder in both books, and the PDF
/// carries every linked or embedded file as an embedded file (poppler's `pdfdetach` lists them).
#[test]
fn attachments_are_played_placed_and_carried() {
    let dir = tools::temp_dir("links-attachments");
    let notes = dir.join("notes");
    std::fs::create_dir_all(notes.join("files")).expect("notes dir");
    // One MPEG-1 layer III frame header and silence; an MP4 `ftyp` box.
    let frame = [&[0xFF, 0xFB, 0x90, 0x64][..], &[0u8; 413][..]].concat();
    std::fs::write(notes.join("files/talk.mp3"), frame.repeat(8)).expect("mp3");
    std::fs::write(
        notes.join("files/clip.mp4"),
        b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom",
    )
    .expect("mp4");
    std::fs::write(notes.join("files/sound.ogg"), b"OggS\0\x02").expect("ogg");
    std::fs::write(notes.join("files/manual.pdf"), b"%PDF-1.4\n%%EOF\n").expect("pdf");
    std::fs::write(
        notes.join("talks.md"),
        "# Talks\n\nSee [[manual.pdf|the manual]].\n\n![[talk.mp3]]\n\n![[clip.mp4]]\n\n![[sound.ogg]]\n",
    )
    .expect("note");
    let out = dir.join("out");
    let o = hanji()
        .args(["build", s(&notes), "-o", s(&out)])
        .output()
        .expect("run hanji");
    assert!(o.status.success(), "{}", tools::stderr_of(&o));
    let epub = out.join("book.epub");
    let xhtml = epub_file(&epub, "OEBPS/c001.xhtml");
    assert!(
        xhtml.contains("<audio controls=\"controls\" src=\"media/"),
        "{xhtml}"
    );
    assert!(xhtml.contains("<video controls=\"controls\" src=\"media/"));
    assert!(xhtml.contains("Attached file: files/sound.ogg"), "{xhtml}");
    let opf = epub_file(&epub, "OEBPS/content.opf");
    assert!(opf.contains("media-type=\"audio/mpeg\""), "{opf}");
    assert!(!opf.contains("audio/ogg"), "an OGG is not packaged: {opf}");
    tools::assert_epubcheck_clean(&epub);
    let pdf = out.join("book.pdf");
    if let Some(mut cmd) = tools::tool("pdftotext") {
        let text = cmd.arg(&pdf).arg("-").output().expect("pdftotext").stdout;
        let text = String::from_utf8_lossy(&text);
        for shown in [
            "the manual",
            "Attached file: files/talk.mp3",
            "files/sound.ogg",
        ] {
            assert!(text.contains(shown), "{shown}: {text}");
        }
    }
    if let Some(mut cmd) = tools::tool("pdfdetach") {
        let list = cmd
            .arg("-list")
            .arg(&pdf)
            .output()
            .expect("pdfdetach")
            .stdout;
        let list = String::from_utf8_lossy(&list);
        for file in [
            "files/clip.mp4",
            "files/manual.pdf",
            "files/sound.ogg",
            "files/talk.mp3",
        ] {
            assert!(list.contains(file), "{file} embedded: {list}");
        }
        assert!(list.starts_with("4 embedded files"), "{list}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
