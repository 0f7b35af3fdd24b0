//! Conservation (issue 8 item 9): every word of the notes reaches both books.
//!
//! A `proptest` property generates small note folders — nested lists and quotes, tables,
//! footnotes, embeds, callouts, raw HTML, Korean, English and emoji — whose prose is made of
//! distinct, numbered words, builds them with the binary, and reads the books back with
//! independent tools (the `zip` crate for the EPUB's spine, poppler's `pdftotext` for the PDF).
//! The same check runs on the real notes of `notes/` and the shared garden corpus, with the
//! shared `expected-text` script (not hanji's code) as the oracle.

use crate::tools::{self, garden_corpus, temp_dir};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A shape of Markdown block; words are numbered when the folder is written, so every case's
/// words are distinct however proptest shrinks the shapes.
#[derive(Clone, Debug)]
enum Shape {
    /// A paragraph of `n` words; `style` picks plain, bold, italic or `<b>` HTML around one word.
    Para { n: usize, style: u8 },
    /// An ATX heading of the given level.
    Heading { level: u8, n: usize },
    /// A list nested `depth` levels deep (one item per level), bullets or numbers.
    List {
        depth: usize,
        ordered: bool,
        n: usize,
    },
    /// A block quote nested `depth` levels deep.
    Quote { depth: usize, n: usize },
    /// A pipe table; cell words are checked for presence only (cells reflow per column).
    Table { cols: usize, rows: usize },
    /// A paragraph with a footnote reference and a definition of `n` words (presence only:
    /// footnotes move to the page foot and the chapter end).
    Footnote { n: usize },
    /// `![[other note]]`: the embedded words are extra copies, so they add nothing to check.
    Embed,
    /// `> [!tip]` (Obsidian) or `:::note` (Docusaurus) with `n` words of body.
    Callout { docusaurus: bool, n: usize },
    /// `<details><summary>…</summary>` with Markdown inside.
    Details { n: usize },
}

/// One note: optional `lang: en` front matter and its blocks.
#[derive(Clone, Debug)]
struct NoteShape {
    english: bool,
    blocks: Vec<Shape>,
}

/// Words the books must keep: `ordered` in reading order, `present` anywhere.
#[derive(Default, Debug)]
struct Expected {
    ordered: Vec<String>,
    present: Vec<String>,
}

/// The `n`-th word: even numbers are Latin (`w12q`: digits keep hyphenation out), odd numbers two
/// Hangul syllables after `한` — distinct for every `n` below 10,000.
fn word(n: usize) -> String {
    if n.is_multiple_of(2) {
        format!("w{n}q")
    } else {
        let hi = char::from_u32(0xAC00 + (n / 100) as u32 * 28).unwrap_or('가');
        let lo = char::from_u32(0xB2E4 + (n % 100) as u32 * 28).unwrap_or('다');
        format!("한{hi}{lo}")
    }
}

/// Hands out numbered words and records where they must appear.
struct Writer {
    next: usize,
    expected: Expected,
}

impl Writer {
    /// `n` fresh words joined by spaces, each recorded as ordered (or present-only).
    fn words(&mut self, n: usize, ordered: bool) -> String {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n.max(1) {
            let w = word(self.next);
            self.next += 1;
            if ordered {
                self.expected.ordered.push(w.clone());
            } else {
                self.expected.present.push(w.clone());
            }
            out.push(w);
        }
        out.join(" ")
    }

    /// Writes one block of Markdown for `shape` into `md`.
    fn block(&mut self, md: &mut String, shape: &Shape, note: usize, notes: usize) {
        // Emoji end paragraphs, untracked: no embedded font has them, so the PDF draws a box
        // (with the warning `no font has U+1F642`) that `pdftotext` cannot read; mid-line, the
        // box's gap makes pdftotext split the line into two columns and misorder the words.
        match shape {
            Shape::Para { n, style } => {
                let head = self.words(*n, true);
                let tail = self.words(1, true);
                let tail = match style % 4 {
                    0 => tail,
                    1 => format!("**{tail}**"),
                    2 => format!("*{tail}*"),
                    _ => format!("<b>{tail}</b>"),
                };
                let _ = writeln!(md, "{head} {tail} 🙂\n");
            }
            Shape::Heading { level, n } => {
                let hashes = "#".repeat(usize::from(*level).clamp(1, 6));
                let _ = writeln!(md, "{hashes} {}\n", self.words(*n, true));
            }
            Shape::List { depth, ordered, n } => {
                let (marker, indent) = if *ordered { ("1. ", 3) } else { ("- ", 2) };
                for level in 0..*depth {
                    let pad = " ".repeat(level * indent);
                    let _ = writeln!(md, "{pad}{marker}{}", self.words(*n, true));
                }
                md.push('\n');
            }
            Shape::Quote { depth, n } => {
                for level in 1..=*depth {
                    let _ = writeln!(md, "{} {}", ">".repeat(level), self.words(*n, true));
                    let _ = writeln!(md, "{}", ">".repeat(level));
                }
                md.push('\n');
            }
            Shape::Table { cols, rows } => {
                let row = |w: &mut Writer| {
                    let cells: Vec<String> = (0..*cols).map(|_| w.words(1, false)).collect();
                    format!("| {} |\n", cells.join(" | "))
                };
                let header = row(self);
                let _ = writeln!(md, "{header}|{}", "---|".repeat(*cols));
                for _ in 0..*rows {
                    md.push_str(&row(self));
                }
                md.push('\n');
            }
            Shape::Footnote { n } => {
                let label = self.next;
                let _ = writeln!(md, "{}[^f{label}]\n", self.words(2, true));
                let _ = writeln!(md, "[^f{label}]: {}\n", self.words(*n, false));
            }
            Shape::Embed => {
                if notes > 1 {
                    let _ = writeln!(md, "![[n{}]]\n", (note + 1) % notes + 1);
                }
            }
            Shape::Callout {
                docusaurus: true,
                n,
            } => {
                let _ = writeln!(md, ":::note\n\n{}\n\n:::\n", self.words(*n, true));
            }
            Shape::Callout {
                docusaurus: false,
                n,
            } => {
                let title = self.words(1, true);
                let _ = writeln!(md, "> [!tip] {title}\n> {}\n", self.words(*n, true));
            }
            Shape::Details { n } => {
                let summary = self.words(1, true);
                let body = self.words(*n, true);
                let _ = writeln!(
                    md,
                    "<details>\n<summary>{summary}</summary>\n\n{body}\n\n</details>\n"
                );
            }
        }
    }
}

/// Writes the notes `n1.md`, `n2.md`, … (natural order = book order) and returns what they hold.
fn write_folder(dir: &Path, notes: &[NoteShape]) -> Expected {
    let mut w = Writer {
        next: 1,
        expected: Expected::default(),
    };
    for (i, note) in notes.iter().enumerate() {
        let mut md = String::new();
        if note.english {
            md.push_str("---\nlang: en\n---\n\n");
        }
        for shape in &note.blocks {
            w.block(&mut md, shape, i, notes.len());
        }
        std::fs::write(dir.join(format!("n{}.md", i + 1)), md).expect("write note");
    }
    w.expected
}

/// Block shapes, weighted towards the ordinary; the rare heavy ones are the cases layout must
/// not lose (issue 8): nesting past 20 levels, a footnote longer than a page, a 12-column table.
fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        4 => (1..12usize, any::<u8>()).prop_map(|(n, style)| Shape::Para { n, style }),
        2 => (1..=6u8, 1..4usize).prop_map(|(level, n)| Shape::Heading { level, n }),
        3 => (1..5usize, any::<bool>(), 1..4usize)
            .prop_map(|(depth, ordered, n)| Shape::List { depth, ordered, n }),
        2 => (1..4usize, 1..5usize).prop_map(|(depth, n)| Shape::Quote { depth, n }),
        2 => (1..5usize, 1..4usize).prop_map(|(cols, rows)| Shape::Table { cols, rows }),
        2 => (1..8usize).prop_map(|n| Shape::Footnote { n }),
        1 => Just(Shape::Embed),
        2 => (any::<bool>(), 1..6usize).prop_map(|(docusaurus, n)| Shape::Callout { docusaurus, n }),
        1 => (1..6usize).prop_map(|n| Shape::Details { n }),
        // Heavy cases, rare.
        1 => (20..26usize, any::<bool>()).prop_map(|(depth, ordered)| Shape::List { depth, ordered, n: 1 }),
        1 => (20..26usize).prop_map(|depth| Shape::Quote { depth, n: 1 }),
        1 => (500..700usize).prop_map(|n| Shape::Footnote { n }),
        1 => (10..13usize).prop_map(|cols| Shape::Table { cols, rows: 2 }),
    ]
}

/// One to three notes of one to eight blocks.
fn folder() -> impl Strategy<Value = Vec<NoteShape>> {
    let note = (any::<bool>(), prop::collection::vec(shape(), 1..8))
        .prop_map(|(english, blocks)| NoteShape { english, blocks });
    prop::collection::vec(note, 1..4)
}

/// Builds `notes` into `out` with the binary; asserts no panic (exit 0 or 1) and both books.
fn build(notes: &Path, out: &Path) -> (PathBuf, PathBuf) {
    let o = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .arg("build")
        .arg(notes)
        .arg("-o")
        .arg(out)
        .args(["--drafts", "--quiet"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run hanji");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        matches!(o.status.code(), Some(0 | 1)) && !err.contains("panicked"),
        "hanji build {} exited {:?}:\n{err}",
        notes.display(),
        o.status.code()
    );
    let (epub, pdf) = (out.join("book.epub"), out.join("book.pdf"));
    assert!(
        epub.is_file() && pdf.is_file(),
        "both books written:\n{err}"
    );
    (epub, pdf)
}

/// The value of attribute `name` in the tag text `tag`.
pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Every `<tag …>` start tag in `xml`.
pub(crate) fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    xml.match_indices(&format!("<{tag} "))
        .filter_map(|(i, _)| xml[i..].find('>').map(|end| &xml[i..i + end]))
        .collect()
}

/// Decodes the XML entities XHTML uses (`&amp;`, numeric references …); unknown ones stay.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "mdash" => Some('—'),
            "ndash" => Some('–'),
            "hellip" => Some('…'),
            "middot" => Some('·'),
            "lsquo" => Some('‘'),
            "rsquo" => Some('’'),
            "ldquo" => Some('“'),
            "rdquo" => Some('”'),
            "times" => Some('×'),
            "rarr" => Some('→'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text of an XHTML document: the `<body>`, tags stripped, entities decoded.
pub(crate) fn xhtml_text(xml: &str) -> String {
    let body = xml.find("<body").map_or(xml, |i| &xml[i..]);
    let mut text = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_entities(&text)
}

/// The EPUB's reading text: spine documents in spine order (the nav document left out, so a
/// heading word cannot be found only in the table of contents), read with the `zip` crate.
fn epub_text(epub: &Path) -> String {
    let mut text = String::new();
    for doc in spine_documents(epub) {
        text.push_str(&xhtml_text(&doc));
        text.push('\n');
    }
    text
}

/// The EPUB's spine documents in spine order, the nav document left out.
pub(crate) fn spine_documents(epub: &Path) -> Vec<String> {
    let file = std::fs::File::open(epub).expect("open epub");
    let mut zip = zip::ZipArchive::new(file).expect("epub is a zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name} in {}: {e}", epub.display()))
            .read_to_string(&mut s)
            .expect("utf-8 entry");
        s
    };
    let container = read("META-INF/container.xml");
    let opf_path = tags(&container, "rootfile")
        .into_iter()
        .find_map(|t| attr(t, "full-path"))
        .expect("rootfile")
        .to_string();
    let opf = read(&opf_path);
    let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut docs = Vec::new();
    let items = tags(&opf, "item");
    for itemref in tags(&opf, "itemref") {
        let idref = attr(itemref, "idref").expect("idref");
        let item = items
            .iter()
            .find(|t| attr(t, "id") == Some(idref))
            .expect("spine item in manifest");
        if attr(item, "properties").is_some_and(|p| p.split(' ').any(|p| p == "nav")) {
            continue;
        }
        let href = attr(item, "href").expect("href");
        let path = if base.is_empty() {
            href.to_string()
        } else {
            format!("{base}/{href}")
        };
        docs.push(read(&path));
    }
    docs
}

/// The PDF's text from `pdftotext` (`None` when poppler is absent and tools are not required).
fn pdf_text(pdf: &Path) -> Option<String> {
    let mut cmd = tools::tool("pdftotext")?;
    let out = cmd.arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `text` without whitespace, soft hyphens or end-of-line hyphens, so words split across lines
/// (or hyphenated there) match whole; the generated words hold no hyphen themselves.
pub(crate) fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' && chars.peek().is_some_and(|n| *n == '\n') {
            continue;
        }
        if !c.is_whitespace() && c != '\u{ad}' {
            out.push(c);
        }
    }
    out
}

/// Words of `expected` missing from `text`, or out of order there, as a readable message.
/// `glue` accepts a word found in two halves (see `glued`): only for the real-notes oracle,
/// never for generated words, whose numbers would match across neighbours.
fn lost_words(text: &str, expected: &Expected, glue: bool) -> Option<String> {
    let text = squeeze(text);
    let mut problems = Vec::new();
    let mut at = 0;
    for w in &expected.ordered {
        match text[at..].find(w.as_str()) {
            Some(i) => at += i + w.len(),
            None if text.contains(w.as_str()) => problems.push(format!("{w} (out of order)")),
            None => problems.push(format!("{w} (missing)")),
        }
    }
    for w in &expected.present {
        let found = text.contains(w.as_str()) || (glue && glued(&text, w));
        if !found {
            problems.push(format!("{w} (missing)"));
        }
    }
    let total = expected.ordered.len() + expected.present.len();
    (!problems.is_empty()).then(|| {
        format!(
            "{} of {total} words lost: {}",
            problems.len(),
            problems
                .iter()
                .take(60)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Whether `w` is in `text` in two halves with a few characters between them. The oracle drops
/// footnote references, wikilinks, inline code and URLs and glues what surrounds them into one
/// word: `각주[^1]와` reads `각주와`, `부유[[비행선]]에` reads `부유에`, `피크(`x`)를` reads
/// `피크()를`; the books show the marker, link text or code between the halves.
fn glued(text: &str, w: &str) -> bool {
    /// Longest text (bytes) a removed reference, link or code span may leave between the halves.
    const GAP: usize = 160;
    w.char_indices().skip(1).any(|(i, _)| {
        let (head, tail) = w.split_at(i);
        text.match_indices(head).any(|(at, _)| {
            let from = at + head.len();
            let mut to = (from + GAP + tail.len()).min(text.len());
            while !text.is_char_boundary(to) {
                to -= 1;
            }
            text[from..to].contains(tail)
        })
    })
}

/// Runs one generated case: write, build, read back both books.
fn check_case(notes: &[NoteShape], case: usize) -> Result<(), TestCaseError> {
    let dir = temp_dir(&format!("conservation-{case}"));
    let src = dir.join("notes");
    std::fs::create_dir_all(&src).expect("notes dir");
    let expected = write_folder(&src, notes);
    let (epub, pdf) = build(&src, &dir.join("out"));
    if let Some(lost) = lost_words(&epub_text(&epub), &expected, false) {
        return Err(TestCaseError::fail(format!("EPUB: {lost}")));
    }
    if let Some(text) = pdf_text(&pdf)
        && let Some(lost) = lost_words(&text, &expected, false)
    {
        return Err(TestCaseError::fail(format!("PDF: {lost}")));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn generated_notes_keep_every_word_in_both_books() {
    // 24 cases keep the test under 90 s in CI (each case runs the binary once); shrinking is
    // capped for the same reason. The seed is fixed so CI runs are reproducible; set
    // PROPTEST_RNG_SEED to explore others. Nothing is persisted into the source tree.
    let config = Config {
        cases: std::env::var("HANJI_CONSERVATION_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(24),
        max_shrink_iters: 24,
        failure_persistence: None,
        rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
        ..Config::default()
    };
    let seed: u64 = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = proptest::test_runner::TestRng::from_seed(
        proptest::test_runner::RngAlgorithm::ChaCha,
        &seed_bytes,
    );
    let mut runner = TestRunner::new_with_rng(config, rng);
    let case = std::sync::atomic::AtomicUsize::new(0);
    let result = runner.run(&folder(), |notes| {
        let n = case.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        check_case(&notes, n)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Whitespace-separated words of the `expected-text` oracle's prose for `dir`.
fn oracle_words(dir: &Path) -> Option<Vec<String>> {
    let script = tools::shared_dir().join("tools/expected-text");
    if !script.is_file() {
        assert!(
            !tools::tools_required(),
            "{} is required (HANJI_REQUIRE_TOOLS=1)",
            script.display()
        );
        eprintln!(
            "skipping: {} is not present (set HANJI_SHARED)",
            script.display()
        );
        return None;
    }
    let out = Command::new("python3")
        .arg(&script)
        .arg(dir)
        .output()
        .expect("run python3 expected-text");
    assert!(out.status.success(), "expected-text {}", dir.display());
    let text = String::from_utf8(out.stdout).expect("utf-8 oracle");
    // MDX `import … from '…'` lines are module code, never shown; the oracle keeps them.
    let shown: String = text
        .lines()
        .filter(|l| !(l.starts_with("import ") && l.contains(" from ")))
        .flat_map(|l| [l, "\n"])
        .collect();
    // The oracle keeps entities as written (`&mdash;`); the books show the character.
    let shown = decode_entities(&without_comments(&without_math(&without_mermaid(&shown))));
    Some(shown.split_whitespace().filter_map(shown_word).collect())
}

/// The oracle's text without TeX math (`$$…$$` blocks, `$…$` spans): the oracle keeps the TeX
/// source, the books show typeset math (MathML in the EPUB, glyphs in the PDF), not `\frac`.
fn without_math(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split("$$").enumerate() {
        // Odd parts lie between `$$` fences.
        if i % 2 == 1 {
            continue;
        }
        for (j, piece) in part.split('$').enumerate() {
            if j % 2 == 0 {
                out.push_str(piece);
            }
            out.push(' ');
        }
    }
    out
}

/// The oracle's text without the source of `<Mermaid chart="…" />` diagrams, which it keeps as
/// prose (fenced ```` ```mermaid ```` it drops as code): the books draw the diagram (its labels
/// as SVG text, checked in `fidelity.rs`), not its source.
fn without_mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<Mermaid") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("/>").map_or("", |end| &rest[i + end + 2..]);
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// The oracle's text without HTML comments (`<!-- truncate -->`), which no book shows.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |end| &rest[i + end + 3..]);
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// A word of the oracle as Markdown shows it, or `None` for syntax the oracle keeps but no
/// renderer prints: callout type markers (`[!tip]-`: the books print a label such as "Tip"),
/// Docusaurus fences (`:::info`), the backslash of a hard line break (`break\`), and emphasis
/// and strikethrough delimiters at a word's edge (`_must_`, `발전**`, GFM's `(~22.07) … (22.07~)`
/// strikes the text between); the oracle keeps those when a wikilink it removes separated them.
/// Also left out: what remains of syntax the oracle half-strips — backticks of a removed code
/// span, link destinations it could not parse (`](https://…)`, `<…>)`), and JSX/HTML tags that
/// span lines (`<Mermaid`, `chart="`); backslash escapes (`1\.`, `\[`) count as the character.
fn shown_word(w: &str) -> Option<String> {
    let url = w.contains("](") || w.ends_with(">)") || w.contains("%20");
    let tag = w.starts_with('<') && w[1..].starts_with(|c: char| c.is_ascii_alphabetic());
    if w.starts_with("[!") || w.starts_with(":::") || url || tag || w.ends_with("=\"") {
        return None;
    }
    let w = w.strip_suffix('\\').unwrap_or(w);
    // `[\[NPM\] …](url)`: the link's own `[` opens the shown text `[NPM]`.
    let w = if w.starts_with("[\\[") { &w[1..] } else { w };
    let mut plain = String::with_capacity(w.len());
    let mut chars = w.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {}
            '~' | '*' | '`' => {}
            _ => plain.push(c),
        }
    }
    let plain = plain.trim_matches('_');
    (!plain.is_empty()).then(|| plain.to_string())
}

/// Builds `dir` and asserts every word the oracle reads from its notes is in both books.
fn assert_corpus_conserved(dir: &Path, name: &str) {
    let Some(words) = oracle_words(dir) else {
        return;
    };
    assert!(words.len() > 100, "oracle found {} words", words.len());
    let out = temp_dir(name);
    let (epub, pdf) = build(dir, &out);
    let expected = Expected {
        ordered: Vec::new(),
        present: words,
    };
    let total = expected.present.len();
    if let Some(lost) = lost_words(&epub_text(&epub), &expected, true) {
        panic!("{}: EPUB: {lost}", dir.display());
    }
    if let Some(text) = pdf_text(&pdf)
        && let Some(lost) = lost_words(&text, &expected, true)
    {
        panic!("{}: PDF: {lost}", dir.display());
    }
    eprintln!("{}: all {total} oracle words in both books", dir.display());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn sample_notes_keep_every_word_in_both_books() {
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    assert_corpus_conserved(&notes, "conservation-notes");
}

#[test]
fn garden_notes_keep_every_word_in_both_books() {
    let Some(garden) = garden_corpus() else {
        return;
    };
    assert_corpus_conserved(&garden, "conservation-garden");
}

/// Found by hand while checking the property (the generator reaches each shape, rarely all three
/// in one note, and the loss depends on where the page breaks fall): after a footnote longer
/// than a page and a list nested 25 deep, a 12-column table keeps its header row in the PDF but
/// loses its body row (the EPUB keeps both). Each of the three alone, or in another order, keeps
/// every word. Fixed by the layout work on long footnotes and wide tables (issue 8).
#[test]
fn long_footnote_deep_list_wide_table_keep_every_word() {
    let words = |range: std::ops::Range<usize>| range.map(word).collect::<Vec<_>>();
    let row = |range| format!("| {} |\n", words(range).join(" | "));
    let mut md = format!(
        "lead {}[^f1]\n\n[^f1]: {}\n\n",
        word(0),
        words(1..650).join(" ")
    );
    for depth in 0..25 {
        let _ = writeln!(md, "{}- {}", "  ".repeat(depth), word(1000 + depth));
    }
    let _ = write!(
        md,
        "\n{}|{}\n{}",
        row(2000..2012),
        "---|".repeat(12),
        row(2100..2112)
    );
    let dir = temp_dir("conservation-wide-table");
    let src = dir.join("notes");
    std::fs::create_dir_all(&src).expect("notes dir");
    std::fs::write(src.join("n1.md"), md).expect("write note");
    let mut expected = Expected {
        ordered: words(0..1),
        present: words(1..650),
    };
    expected.ordered.extend(words(1000..1025));
    expected
        .present
        .extend(words(2000..2012).into_iter().chain(words(2100..2112)));
    let (epub, pdf) = build(&src, &dir.join("out"));
    assert_eq!(
        lost_words(&epub_text(&epub), &expected, false),
        None,
        "EPUB"
    );
    if let Some(text) = pdf_text(&pdf) {
        assert_eq!(lost_words(&text, &expected, false), None, "PDF");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
