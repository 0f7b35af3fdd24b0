//! Parse stage end to end: golden dumps of the model (`tests/golden/model-*/`), the garden
//! corpus, pathological input and a 1,000-note timing check.
//!
//! Each golden case is a folder with `notes/` (input) and `expected.txt` (the model dump followed
//! by the diagnostics). `UPDATE_GOLDEN=1 cargo test --test it model` rewrites the expectations.

use hanji::diag::Warned;
use hanji::load::{FrontMatter, LoadOptions, Note, load_notes};
use hanji::model::dump::dump_book;
use hanji::model::{Block, BlockKind, Book, Inline, InlineKind, LinkTarget};
use hanji::parse::{ParseOptions, parse_book};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Loads and parses `root` like `hanji check` does.
fn build(root: &Path) -> Warned<Book> {
    let loaded = load_notes(&LoadOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("load {}: {e}", root.display()));
    let mut parsed = parse_book(
        &loaded.value,
        &ParseOptions {
            root: root.to_path_buf(),
            ..Default::default()
        },
    );
    let mut diagnostics = loaded.diagnostics;
    diagnostics.append(&mut parsed.diagnostics);
    Warned {
        value: parsed.value,
        diagnostics,
    }
}

fn render(book: &Warned<Book>) -> String {
    let mut out = dump_book(&book.value);
    out.push_str("--- diagnostics\n");
    for d in &book.diagnostics {
        let span = d.span.as_ref().map_or(String::new(), |s| s.to_string());
        out.push_str(&format!(
            "{} [{}] {span}: {}\n",
            d.severity, d.code, d.message
        ));
    }
    out
}

fn check_golden(case: &str) -> String {
    let dir = golden_dir().join(case);
    let actual = render(&build(&dir.join("notes")));
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).expect("write expected.txt");
        return actual;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
        panic!(
            "{} missing; run with UPDATE_GOLDEN=1",
            expected_path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b);
        let n = line.unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{case}: dump differs at line {}\n expected: {:?}\n   actual: {:?}\n(UPDATE_GOLDEN=1 rewrites)",
            n + 1,
            expected.lines().nth(n),
            actual.lines().nth(n)
        );
    }
    actual
}

#[test]
fn golden_headings_ids() {
    let dump = check_golden("model-headings");
    assert!(
        dump.contains("heading h2 #hello-world-1"),
        "duplicate heading id"
    );
    // ASCII ids (issue 12 item 6): Hangul romanised in the id, kept in the text.
    assert!(
        dump.contains("heading h2 #hangukeo-matchumbeop-gaejeong"),
        "Hangul romanised in the id"
    );
    assert!(dump.contains("한국어 맞춤법"), "Hangul kept in the text");
    assert!(dump.contains("title=\"Front Title\""));
    assert!(dump.contains("title=\"stem-only\""));
}

#[test]
fn golden_lists_tasks() {
    let dump = check_golden("model-lists");
    assert!(dump.contains("list ordered start=3"));
    assert!(dump.contains("item [x]") && dump.contains("item [ ]"));
}

#[test]
fn golden_callouts_three_syntaxes() {
    let dump = check_golden("model-callouts");
    for needle in [
        "callout note",
        "callout tip",
        "callout question folded",
        "callout my-kind open",
        "callout danger",
        "callout details",
    ] {
        assert!(dump.contains(needle), "{needle}");
    }
    assert!(
        !dump.contains(":::"),
        "Docusaurus fences must not leak as text"
    );
}

#[test]
fn golden_code_tables() {
    let dump = check_golden("model-code-tables");
    assert!(dump.contains("code lang=Some(\"ruby\")"));
    assert!(dump.contains("table align=[Left, Center, Right, None]"));
}

#[test]
fn golden_footnotes_math() {
    let dump = check_golden("model-footnotes-math");
    assert!(dump.contains("math \"E = mc^2\""));
    assert!(dump.contains("$5 and $10"), "dollar amounts stay text");
}

#[test]
fn golden_links() {
    let dump = check_golden("model-links");
    let model = dump.split("--- diagnostics").next().unwrap_or_default();
    assert!(
        dump.contains("[link-unresolved] index.md:17:11"),
        "dangling link reported at file:line:col"
    );
    assert!(
        !model.contains("javascript:"),
        "javascript: URL must not survive"
    );
    assert!(
        model.contains("link chapter=4 #second-heading"),
        "[[Target#Heading]]"
    );
}

#[test]
fn golden_embeds() {
    let dump = check_golden("model-embed");
    assert!(dump.contains("[embed-cycle]"));
}

#[test]
fn golden_html_mdx() {
    let dump = check_golden("model-html");
    let model = dump.split("--- diagnostics").next().unwrap_or_default();
    for bad in [
        "<script", "<head", "<iframe", "<style", "import ", "export ", "<Tabs", "<YouTube",
        "onClick", "alert(",
    ] {
        assert!(!model.contains(bad), "{bad} leaked into the model");
    }
    assert!(model.contains("GSPH<3"), "a stray < stays text");
}

#[test]
fn golden_korean_emphasis() {
    let dump = check_golden("model-korean");
    assert!(
        dump.contains("strong @3:1\n      text \"\\\"인용 강조\\\"\""),
        "**\"인용 강조\"**는 is strong"
    );
    assert!(
        dump.contains("emphasis @5:1\n      text \"(괄호)\""),
        "*(괄호)*에서 is emphasised"
    );
    assert!(dump.contains("`*(코드)*에서`") || dump.contains("code \"*(코드)*에서\""));
    assert!(
        dump.contains("https://ko.wikipedia.org/wiki/*(괄호)*에서"),
        "URL untouched"
    );
}

#[test]
fn golden_obsidian_extras() {
    let dump = check_golden("model-obsidian");
    let model = dump.split("--- diagnostics").next().unwrap_or_default();
    assert!(
        !model.contains("private"),
        "%% comments %% never reach the model"
    );
    assert!(model.contains("highlight"));
    assert!(dump.contains("[footnote-missing]"));
}

#[test]
fn golden_jsx_multi_line_tags_and_mermaid() {
    let dump = check_golden("model-jsx");
    let model = dump.split("--- diagnostics").next().unwrap_or_default();
    // `<Mermaid chart="…"/>` over many lines is a mermaid code block; its `%%` and `->>` stay in
    // the chart and never start a comment that eats the prose after it. This chart mixes
    // sequence arrows into a flowchart, so it stays code, with a warning; the valid one is drawn.
    assert!(model.contains("code lang=Some(\"mermaid\") \"flowchart LR\\n    %% 드라마가 끝나면"));
    assert!(dump.contains("[mermaid-invalid] diagram.mdx:9:1"));
    assert!(model.contains("figure a0 src=\"mermaid\" alt=\"graph TD; A-->B\""));
    for kept in [
        "서버는 그 순간을 버텨야 한다.",
        "본문은 남는다.",
        "패널 안의 글은 글자로 남는다.",
        "마지막 문단: 100%% 확신은 없다.",
        "뒤 문단에도 %% 기호가 하나 있다.",
        "Visible text before.",
        "code \"a %% b\"",
        "x %% y",
        "a \\\\% b %% c",
    ] {
        assert!(model.contains(kept) || dump.contains(kept), "lost: {kept}");
    }
    // Attribute values and tags never leak into prose.
    for bad in [
        "<Mermaid",
        "<Panel",
        "여러 줄 속성",
        "limit",
        "rest",
        "숨긴 메모",
        "private",
    ] {
        assert!(!model.contains(bad), "{bad} leaked into the model");
    }
    // Stray markers are kept and reported, a long comment is reported.
    assert_eq!(dump.matches("[comment-unclosed]").count(), 2);
    assert_eq!(dump.matches("[comment-long]").count(), 1);
}

#[test]
fn golden_head_metadata() {
    let dump = check_golden("model-head");
    let model = dump.split("--- diagnostics").next().unwrap_or_default();
    let diags = dump.split("--- diagnostics").nth(1).unwrap_or_default();
    // `<head><html lang>` sets the language of a note without front-matter `lang`.
    assert!(model.contains("\"lang-from-head.md\" title=\"머리말로 정한 언어\""));
    assert!(model.contains("lang=\"ko-KR\""));
    // Front matter wins over the head; the description comes from `<meta name=description>`.
    assert!(model.contains("description=Some(\"A short summary for search engines.\")"));
    for bad in [
        "Page title for the web",
        "Tracked page",
        "track(",
        "<head",
        "utf-8",
    ] {
        assert!(!model.contains(bad), "{bad} leaked into the model");
    }
    // Only the head with a script is warned about.
    assert_eq!(diags.matches("[html-dropped]").count(), 1, "{diags}");
    assert!(diags.contains("with-script.md:6:1"), "{diags}");
}

fn note(path: &str, body: &str) -> Note {
    Note {
        path: Arc::from(path),
        body: body.to_string(),
        body_line: 1,
        front: FrontMatter::default(),
        mdx: false,
        part: None,
    }
}

/// Walks every inline of a block list.
fn visit(blocks: &[Block], f: &mut impl FnMut(&Inline)) {
    fn seq(inlines: &[Inline], f: &mut impl FnMut(&Inline)) {
        for i in inlines {
            f(i);
            if let InlineKind::Styled(_, c) | InlineKind::Link { content: c, .. } = &i.kind {
                seq(c, f);
            }
        }
    }
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => seq(c, f),
            BlockKind::List { items, .. } => items.iter().for_each(|i| visit(&i.blocks, f)),
            BlockKind::Quote(bs) | BlockKind::Embed { blocks: bs, .. } => visit(bs, f),
            BlockKind::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    seq(t, f);
                }
                visit(blocks, f);
            }
            BlockKind::Table { header, rows, .. } => {
                header
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|c| seq(c, f));
            }
            BlockKind::Figure { caption, .. } => seq(caption, f),
            _ => {}
        }
    }
}

#[test]
fn garden_corpus_parses_cleanly() {
    // Skips locally when absent; fails under HANJI_REQUIRE_TOOLS=1.
    let Some(root) = crate::tools::garden_corpus() else {
        return;
    };
    let book = build(&root);
    let chapters = book.value.chapters.len();
    assert!(chapters >= 80, "{chapters} chapters");
    let mut internal = 0;
    for ch in &book.value.chapters {
        let mut check = |i: &Inline| match &i.kind {
            InlineKind::Text(t) => {
                let lower = t.to_lowercase();
                assert!(
                    !lower.contains("<script") && !lower.contains("<head"),
                    "{}: raw markup {t:?}",
                    ch.source
                );
            }
            InlineKind::Link {
                target: LinkTarget::External(url),
                ..
            } => {
                let ok = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|p| url.as_str().to_lowercase().starts_with(p));
                assert!(
                    ok,
                    "{}: unresolved or unsafe link target {url:?}",
                    ch.source
                );
            }
            InlineKind::Link {
                target: LinkTarget::Internal { chapter, .. },
                ..
            } => {
                assert!(
                    chapter.0 < chapters,
                    "{}: link to chapter {}",
                    ch.source,
                    chapter.0
                );
                internal += 1;
            }
            _ => {}
        };
        visit(&ch.blocks, &mut check);
        for f in &ch.footnotes {
            visit(&f.blocks, &mut check);
        }
    }
    // Measured 192 internal links (wikilinks, slug links, anchors); most others point at notes
    // that are not part of the corpus and are reported as `link-unresolved`.
    assert!(internal >= 180, "only {internal} internal links resolved");
    // Issue 2: at least 184 of the corpus's 365 wikilinks resolve (the rest name notes that
    // are not in the corpus). Measured: 180 unresolved places, so 185 resolve.
    let unresolved_wiki = book
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-unresolved" && d.message.contains("`[["))
        .count();
    assert!(
        unresolved_wiki <= 365 - 184,
        "{unresolved_wiki} wikilinks unresolved"
    );
    let unresolved = book
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-unresolved")
        .count();
    assert!(
        unresolved > 0,
        "the corpus has dangling links; they must be reported"
    );
    for d in book
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-unresolved")
    {
        let span = d.span.as_ref().expect("link warnings carry a span");
        assert!(span.line > 0 && span.col > 0, "{d}");
    }
}

#[test]
fn pathological_notes_do_not_panic() {
    let deep_quotes = ">".repeat(10_000) + " deep\n";
    let deep_lists: String = (0..2_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let deep_emph = "*".repeat(5_000) + "x" + &"*".repeat(5_000);
    let deep_admonitions = ":::tip\n".repeat(3_000) + "x\n" + &":::\n".repeat(3_001);
    let deep_html = "<blockquote><b><details>".repeat(3_000) + "x";
    let unclosed =
        "<details>\n<summary>x\n\n:::tip\n<script>\n\n[[a|b]] ![[ ]] [](#) <a href='javascript:x'>";
    let notes = vec![
        note("deep.md", &deep_quotes),
        note("lists.md", &deep_lists),
        note("emph.md", &deep_emph),
        note("unclosed.md", unclosed),
        note("empty.md", ""),
        note("admonitions.md", &deep_admonitions),
        note("html.md", &deep_html),
    ];
    let book = parse_book(&notes, &ParseOptions::default());
    assert_eq!(book.value.chapters.len(), 7);
    assert!(
        book.diagnostics
            .iter()
            .any(|d| d.code == "nesting-too-deep")
    );
    let dump = dump_book(&book.value);
    assert!(dump.contains("deep"));
}

#[test]
fn ten_megabyte_note_parses() {
    // One long line of inline nodes (spans must stay linear) plus many ordinary paragraphs.
    let line: String = "**\"강조\"**는 [[a]] `c` *(괄호)*에서 ".repeat(40_000);
    let para = "밤 11시의 트래픽은 평소의 두 배입니다. *emphasis* and [link](https://e.x).\n\n";
    let mut body = line.clone();
    body.push_str("\n\n");
    while body.len() < 10 * 1024 * 1024 {
        body.push_str(para);
    }
    let start = std::time::Instant::now();
    let book = parse_book(
        &[note("big.md", &body), note("a.md", "small")],
        &ParseOptions::default(),
    );
    eprintln!("10 MB note parsed in {:?} (debug build)", start.elapsed());
    assert_eq!(book.value.chapters.len(), 2);
    let first = &book.value.chapters[0].blocks[0];
    let BlockKind::Paragraph(inlines) = &first.kind else {
        panic!("paragraph expected")
    };
    let last = inlines.last().map(|i| i.span.col).unwrap_or(0);
    assert!(
        last > 1_000_000,
        "columns keep counting along the long line: {last}"
    );
}

#[test]
fn thousand_notes_parse_quickly() {
    let notes: Vec<Note> = (0..1000)
        .map(|i| {
            let body = format!(
                "# Note {i}\n\n## 소개 {i}\n\n**\"인용 강조\"**는 [[n{}]] and [[n{}#소개 {}|label]] and [[missing {i}]].\n\n\
                 - item with `code` and $x^2$\n- [ ] task\n\n> [!tip] Title\n> body[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
                 [^1]: Footnote {i}.\n",
                (i + 1) % 1000,
                (i + 7) % 1000,
                (i + 7) % 1000
            );
            note(&format!("dir{}/n{i}.md", i % 10), &body)
        })
        .collect();
    let start = std::time::Instant::now();
    let book = parse_book(&notes, &ParseOptions::default());
    let took = start.elapsed();
    eprintln!("1,000 notes parsed in {took:?} (debug build)");
    assert_eq!(book.value.chapters.len(), 1000);
    let unresolved = book
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-unresolved")
        .count();
    assert_eq!(unresolved, 1000);
    assert!(
        book.diagnostics
            .iter()
            .all(|d| d.code != "link-anchor-missing"),
        "heading anchors resolve"
    );
    // Generous bound for an unoptimised build on a shared 2-core machine; release is far faster.
    assert!(took.as_secs_f64() < 10.0, "took {took:?}");
}

#[test]
fn random_markup_soup_never_panics() {
    // Deterministic pseudo-random notes built from the characters every pass reacts to.
    const ALPHABET: &[&str] = &[
        "*",
        "**",
        "_",
        "~",
        "`",
        "```\n",
        "$",
        "$$",
        "[",
        "]",
        "[[",
        "]]",
        "![[",
        "|",
        "#",
        "(",
        ")",
        "<",
        ">",
        "</",
        "/>",
        "<details>",
        "<summary>",
        "<script>",
        "<Tabs>",
        "{",
        "}",
        "%%",
        "==",
        ":::tip ",
        ":::\n",
        "> ",
        "> [!note]- ",
        "- ",
        "1. ",
        "[^a]",
        "[^a]: ",
        "\n",
        "\n\n",
        " ",
        "\"",
        "한",
        "글",
        "는",
        "ᆞ",
        "字",
        "😀",
        "a",
        "b",
        "&amp;",
        "&#",
        "\\",
        "http://x.y/",
        "import x from 'y'\n",
        "\t",
        "|---|\n",
    ];
    let mut state: u64 = std::env::var("HANJI_SOUP_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x2545_f491_4f6c_dd1d);
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // HANJI_SOUP_NOTES=20000 runs a longer search locally.
    let count: usize = std::env::var("HANJI_SOUP_NOTES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let notes: Vec<Note> = (0..count)
        .map(|i| {
            let body: String = (0..(next() % 300))
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            let mut n = note(&format!("soup/{i}.md"), &body);
            n.mdx = i % 3 == 0;
            n
        })
        .collect();
    let book = parse_book(&notes, &ParseOptions::default());
    assert_eq!(book.value.chapters.len(), count);
    let dump = dump_book(&book.value);
    // Code and TeX keep their text verbatim (writers escape it), and a title taken from an H1
    // includes its code spans; everywhere else `<script` must be gone.
    let verbatim = |l: &str| {
        let l = l.trim_start();
        ["code ", "math ", "chapter ", "embed "]
            .iter()
            .any(|p| l.starts_with(p))
    };
    let mut current = "";
    for line in dump.lines() {
        if let Some(rest) = line.strip_prefix("chapter ") {
            current = rest;
        }
        if verbatim(line) {
            continue;
        }
        // An image's `src` is the path as written (shown escaped in a placeholder); check the rest.
        let line = match line.split_once(" src=\"") {
            Some((head, rest)) => {
                format!("{head}{}", rest.split_once("\" alt=").map_or("", |r| r.1))
            }
            None => line.to_string(),
        };
        if line.to_lowercase().contains("<script") && std::env::var_os("HANJI_SOUP_DEBUG").is_some()
        {
            let idx: usize = current
                .split('"')
                .nth(1)
                .and_then(|p| {
                    p.trim_start_matches("soup/")
                        .trim_end_matches(".md")
                        .parse()
                        .ok()
                })
                .unwrap_or(0);
            eprintln!("SOURCE {current}\n{}", notes[idx].body);
        }
        assert!(
            !line.to_lowercase().contains("<script"),
            "raw markup survived: {line}"
        );
    }
    for d in &book.diagnostics {
        if let Some(s) = &d.span {
            assert!(s.line >= 1 && s.col >= 1, "{d}");
        }
    }
}

/// `hanji build --format json` on `notes/`: the versioned JSON model, read back with serde_json.
#[test]
fn json_model_of_the_sample_notes() {
    let out = std::env::temp_dir().join(format!("hanji-it-json-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("notes");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hanji"))
        .args(["build", "--format", "json", "-o"])
        .arg(&out)
        .arg(&notes)
        .status()
        .expect("run hanji");
    assert!(status.success(), "hanji build --format json failed");
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("out dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "only the JSON is written: {files:?}");
    assert_eq!(
        files[0].file_name().and_then(|n| n.to_str()),
        Some("book.json")
    );
    let text = std::fs::read_to_string(&files[0]).expect("read book.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["hanji_model"], 1);
    let book = &v["book"];
    assert_eq!(book["meta"]["title"], "한지 노트: 메모에서 책으로");
    assert_eq!(book["meta"]["language"], "ko");

    let chapters = book["chapters"].as_array().expect("chapters");
    assert_eq!(chapters.len(), 7);
    assert_eq!(chapters[0]["title"], "들어가며");
    assert_eq!(chapters[0]["id"], "c001");
    assert_eq!(chapters[1]["title"], "밤 11시, 메신저 트래픽이 치솟는 이유");

    // `[[02-밤-11시의-트래픽|링크]]` in chapter 1 is an internal link to chapter index 1.
    let mut links = Vec::new();
    find_links(&chapters[0]["blocks"], &mut links);
    let to_second = links.iter().any(|l| {
        l["target"]["internal"]["chapter"] == 1 && l["content"][0]["kind"]["text"] == "링크"
    });
    assert!(to_second, "no link `링크` to chapter 2 among {links:?}");
    // `[[아직 쓰지 않은 노트]]` does not resolve: text, never a link.
    assert!(
        !links
            .iter()
            .any(|l| l["content"][0]["kind"]["text"] == "아직 쓰지 않은 노트")
    );

    // The one image, by path, media type and byte length (no bytes in the JSON), then the
    // generated cover (the sample sets no `cover:`), which `meta.cover` names.
    let assets = book["assets"].as_array().expect("assets");
    assert_eq!(assets.len(), 2);
    assert_eq!(assets[1]["path"], "<generated cover>.svg");
    assert_eq!(assets[1]["media_type"], "image/svg+xml");
    assert_eq!(book["meta"]["cover"], 1);
    assert_eq!(assets[0]["path"], "images/traffic-23h.png");
    assert_eq!(assets[0]["media_type"], "image/png");
    let png = std::fs::metadata(notes.join("images/traffic-23h.png")).expect("png");
    assert_eq!(assets[0]["bytes"].as_u64(), Some(png.len()));
    let _ = std::fs::remove_dir_all(&out);
}

/// Every `{"link": {...}}` node under `v`, in document order.
fn find_links<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(link) = map.get("link") {
                out.push(link);
            }
            map.values().for_each(|x| find_links(x, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| find_links(x, out)),
        _ => {}
    }
}

/// Issue 15: inside a table cell Obsidian requires `[[Note\|label]]` and `![[img.png\|200]]`;
/// the escape's backslash is not part of the target, so the link and the sized image resolve.
#[test]
fn golden_table_escaped_wikilinks_resolve() {
    let dump = check_golden("model-table-escapes");
    let model = dump.split("--- diagnostics").next().unwrap_or_default();
    assert!(
        !model.contains('\\'),
        "a backslash reached the model:\n{model}"
    );
    assert!(model.contains("text \"다른 노트\""), "{model}");
    assert!(
        model.contains("width=120"),
        "the size after \\| is the image width:\n{model}"
    );
    assert!(!model.contains("image missing"), "{model}");
    let diagnostics = dump.split("--- diagnostics").nth(1).unwrap_or_default();
    assert!(
        diagnostics.contains("없는 노트"),
        "a dangling target is still reported"
    );
}

/// Obsidian block ids (issue 15 item 3) and embeds wherever they are written (item 4): markers
/// are never printed, links land on the named block, embeds show only that block (a list item,
/// a quote, a table, a heading's section), inside callouts and mid-paragraph too; a note may
/// embed a section of itself, and only a section that holds its own embed is a loop.
#[test]
fn golden_block_references_and_embeds_anywhere() {
    let dump = check_golden("model-block-refs");
    let (model, diagnostics) = dump.split_once("--- diagnostics").unwrap_or((&dump, ""));
    for line in model
        .lines()
        .filter(|l| l.trim_start().starts_with("text "))
    {
        let shown = line.replace("2^10", "").replace("x ^ y", "");
        assert!(!shown.contains('^'), "a block id marker is printed: {line}");
    }
    for id in [
        "first-para",
        "item-one",
        "nested",
        "quote-id",
        "table-id",
        "own",
    ] {
        assert!(
            model.contains(&format!("anchor #{id}")),
            "no anchor {id}:\n{model}"
        );
    }
    assert!(model.contains("#first-para"), "{model}");
    assert!(
        diagnostics.contains("block `^nope` not found"),
        "{diagnostics}"
    );
    assert!(diagnostics.contains("embed-inline"), "{diagnostics}");
    // `![[#Loop]]` sits inside the Loop section: the one loop; the other own-section embeds are not.
    assert_eq!(
        diagnostics.matches("embed-cycle").count(),
        1,
        "{diagnostics}"
    );
    assert!(!diagnostics.contains("link-unresolved"), "{diagnostics}");
}

/// Attachments (issue 15 item 5): a link or embed naming a file of the vault that is not a note
/// is no unresolved link: a link keeps its label, with an `attachment` warning (the EPUB cannot
/// link to it); an embed is a `media` block; every such file is read once into the book.
#[test]
fn golden_attachments_are_not_unresolved() {
    let dump = check_golden("model-attachments");
    let (model, diagnostics) = dump.split_once("--- diagnostics").unwrap_or((&dump, ""));
    assert!(model.contains("the manual"), "{model}");
    assert!(
        model.contains("media f0 src=\"files/sound.ogg\""),
        "{model}"
    );
    for file in ["files/sound.ogg", "files/guide.pdf", "files/manual.pdf"] {
        assert!(
            model.contains("attachment f") && model.contains(file),
            "{file}"
        );
    }
    assert_eq!(
        diagnostics.matches("[attachment]").count(),
        2,
        "{diagnostics}"
    );
    assert_eq!(
        diagnostics.matches("link-unresolved").count(),
        1,
        "{diagnostics}"
    );
    assert!(diagnostics.contains("missing.pdf"), "{diagnostics}");
}
