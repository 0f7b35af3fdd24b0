//! One presentation layer, two books: a folder with every callout kind (a Korean and an English
//! chapter) and code in a few languages is built by the CLI, then the EPUB (its XHTML and CSS,
//! read from the zip) and the PDF (`mutool draw -F trace` for text with its fill colour,
//! `pdftotext` for the words) must show the same labels in the same colours, and the same code
//! tokens in the same colours.

use crate::tools::{temp_dir, tool};
use hanji::resolve::Labels;
use hanji::resolve::labels::CALLOUT_KINDS;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// `(kind, explicit title)` of every callout of a chapter, in order.
fn callouts() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = CALLOUT_KINDS.iter().map(|k| (*k, "")).collect();
    all.extend([("hint", ""), ("tldr", ""), ("recipe", "")]);
    all
}

/// A chapter of callouts; `titled` are extra `(kind, title)` callouts at the end.
fn callout_note(title: &str, lang: &str, titled: &[(&str, &str)]) -> String {
    let mut s = format!("---\ntitle: {title}\nlang: {lang}\n---\n\n");
    for (kind, t) in callouts().iter().chain(titled) {
        s.push_str(&format!("> [!{kind}] {t}\n> body of {kind}\n\n"));
    }
    s
}

const CODE_NOTE: &str = "---\ntitle: Code\nlang: en\n---\n\n\
```rust\nfn main() { let n = 1; }\n```\n\n\
```ts\nconst x: number = 2;\n```\n\n\
```py3\ndef f(): return 3\n```\n\n\
```sh\nif true; then echo hi; fi\n```\n";

const KO_TITLED: &[(&str, &str)] = &[("tip", "팁"), ("tip", "Tip"), ("warning", "뜨거움")];
const EN_TITLED: &[(&str, &str)] = &[("tip", "tip "), ("caution", "Hot pan"), ("recipe", "Soup")];

/// The label line each callout of a chapter shows, in order.
fn expected_labels(lang: &str, titled: &[(&str, &str)]) -> Vec<String> {
    let labels = Labels::for_lang(lang);
    callouts()
        .iter()
        .chain(titled)
        .map(|(kind, title)| labels.callout_heading(kind, title).text(title))
        .collect()
}

/// Builds the folder with the CLI; returns (epub, pdf) bytes' paths' folder.
fn build_books(dir: &Path) {
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).expect("mkdir");
    let write = |name: &str, s: &str| std::fs::write(notes.join(name), s).expect("write");
    write("1-ko.md", &callout_note("한국어", "ko", KO_TITLED));
    write("2-en.md", &callout_note("English", "en", EN_TITLED));
    write("3-code.md", CODE_NOTE);
    let out = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .env_remove("SOURCE_DATE_EPOCH")
        .arg("build")
        .arg(&notes)
        .args(["--lang", "ko", "-o"])
        .arg(dir.join("out"))
        .output()
        .expect("run hanji");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every entry of the EPUB whose name ends with `suffix`, in name order.
fn epub_entries(epub: &Path, suffix: &str) -> Vec<(String, String)> {
    let file = std::fs::File::open(epub).expect("open epub");
    let mut zip = zip::ZipArchive::new(file).expect("epub is a zip");
    let mut names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.ends_with(suffix))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let mut s = String::new();
            zip.by_name(&n)
                .expect("entry")
                .read_to_string(&mut s)
                .expect("utf-8");
            (n, s)
        })
        .collect()
}

/// Text with tags removed and the entities the writer uses decoded.
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// `(class word, title text)` of every callout of an XHTML document, in order.
fn epub_callouts(xhtml: &str) -> Vec<(String, String)> {
    xhtml
        .split("<div class=\"callout callout-")
        .skip(1)
        .map(|piece| {
            let class = piece.split('"').next().unwrap_or("").to_string();
            let title = piece
                .split_once("<p class=\"callout-title\">")
                .and_then(|(_, rest)| rest.split_once("</p>"))
                .map(|(t, _)| strip_tags(t))
                .unwrap_or_default();
            (class, title)
        })
        .collect()
}

/// `#rrggbb` → (r, g, b).
fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.trim().strip_prefix('#')?;
    let v = u32::from_str_radix(h.get(..6)?, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// The colour a CSS rule starting with `selector {` gives to `property`.
fn css_color(css: &str, selector: &str, property: &str) -> Option<(u8, u8, u8)> {
    let rule = css
        .split(&format!("{selector} {{"))
        .nth(1)?
        .split('}')
        .next()?;
    let value = rule
        .split(&format!("{property}:"))
        .nth(1)?
        .split(';')
        .next()?;
    parse_hex(value)
}

/// Attribute `name` of the XML start tag `line`.
fn attr<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    line.split(&format!(" {name}=\"")).nth(1)?.split('"').next()
}

/// mutool's `color="0.5 0.25 1"` (DeviceRGB) as 8-bit channels.
fn trace_color(line: &str) -> Option<(u8, u8, u8)> {
    let v: Vec<u8> = attr(line, "color")?
        .split_whitespace()
        .filter_map(|x| x.parse::<f64>().ok())
        .map(|x| (x * 255.0).round().clamp(0.0, 255.0) as u8)
        .collect();
    (v.len() == 3).then(|| (v[0], v[1], v[2]))
}

/// What `mutool draw -F trace` saw: text runs with their fill colour (consecutive runs of one
/// colour merged, spaces dropped) and the colours of filled paths.
struct Trace {
    runs: Vec<((u8, u8, u8), String)>,
    fills: HashSet<(u8, u8, u8)>,
}

fn read_trace(trace: &str) -> Trace {
    let mut runs: Vec<((u8, u8, u8), String)> = Vec::new();
    let mut fills = HashSet::new();
    let mut current = None;
    for line in trace.lines().map(str::trim) {
        if line.starts_with("<fill_text") {
            current = trace_color(line);
        } else if line.starts_with("<fill_path") {
            fills.extend(trace_color(line));
        } else if line.starts_with("<g ")
            && let (Some(c), Some(u)) = (current, attr(line, "unicode"))
        {
            let u = strip_tags(u);
            match runs.last_mut() {
                Some((rc, t)) if *rc == c => t.push_str(&u),
                _ => runs.push((c, u)),
            }
        } else if line.starts_with("</fill_text") {
            current = None;
        }
    }
    for (_, t) in runs.iter_mut() {
        t.retain(|c| !c.is_whitespace());
    }
    Trace { runs, fills }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn both_books_show_the_same_callouts_and_code_colours() {
    let dir = temp_dir("presentation");
    build_books(&dir);
    let (epub, pdf) = (dir.join("out/book.epub"), dir.join("out/book.pdf"));
    let css = epub_entries(&epub, ".css")
        .into_iter()
        .map(|(_, s)| s)
        .collect::<String>();
    let chapters: Vec<String> = epub_entries(&epub, ".xhtml")
        .into_iter()
        .filter(|(_, x)| x.contains("class=\"callout ") || x.contains("data-lang"))
        .map(|(_, x)| x)
        .collect();
    assert_eq!(chapters.len(), 3, "two callout chapters and a code chapter");

    // EPUB labels: the chapter's language, the title shown once.
    let mut epub_seq = Vec::new();
    for (xhtml, (lang, titled)) in chapters.iter().zip([("ko", KO_TITLED), ("en", EN_TITLED)]) {
        let found = epub_callouts(xhtml);
        let titles: Vec<String> = found.iter().map(|(_, t)| t.clone()).collect();
        assert_eq!(titles, expected_labels(lang, titled), "{lang}");
        epub_seq.extend(found);
    }
    // Spot checks that do not go through the library's tables.
    let titles: Vec<&str> = epub_seq.iter().map(|(_, t)| t.as_str()).collect();
    for must in [
        "주의",
        "버그",
        "팁",
        "경고 · 뜨거움",
        "Caution",
        "Bug",
        "Caution · Hot pan",
        "Recipe",
        "Soup",
    ] {
        assert!(titles.contains(&must), "{must} in {titles:?}");
    }
    assert!(
        !titles
            .iter()
            .any(|t| t.contains("팁 · ") || t.contains("Tip · "))
    );

    // EPUB colours of each callout, read from the stylesheet rule of its class.
    let title_colour = |class: &str| {
        css_color(&css, &format!(".callout-{class} > .callout-title"), "color")
            .or_else(|| css_color(&css, ".callout-title", "color"))
            .unwrap_or_else(|| panic!("no title colour for {class}"))
    };
    let background = |class: &str| {
        css_color(&css, &format!(".callout-{class}"), "background-color")
            .or_else(|| css_color(&css, ".callout", "background-color"))
            .unwrap_or_else(|| panic!("no background for {class}"))
    };
    assert_eq!(title_colour("caution"), title_colour("warning"));
    assert_eq!(title_colour("bug"), title_colour("danger"));
    assert_eq!(title_colour("recipe"), title_colour("note"));
    assert_ne!(title_colour("tip"), title_colour("danger"));

    // PDF words: every label line, in reading order, through pdftotext.
    if let Some(mut cmd) = tool("pdftotext") {
        let out = cmd.arg(&pdf).arg("-").output().expect("pdftotext");
        let text = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let mut at = 0;
        for (_, label) in &epub_seq {
            let pos = lines[at..].iter().position(|l| squash(l) == squash(label));
            let pos = pos.unwrap_or_else(|| panic!("`{label}` after line {at} of the PDF text"));
            at += pos + 1;
        }
    }

    // PDF colours: the label runs, in order, are painted in the EPUB's title colours, and
    // every callout background of the EPUB is a filled box in the PDF.
    let Some(mut cmd) = tool("mutool") else {
        return;
    };
    let out = cmd
        .args(["draw", "-F", "trace", "-o", "-"])
        .arg(&pdf)
        .output()
        .expect("mutool");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trace = read_trace(&String::from_utf8_lossy(&out.stdout));
    let title_colours: HashSet<_> = epub_seq.iter().map(|(c, _)| title_colour(c)).collect();
    let pdf_seq: Vec<_> = trace
        .runs
        .iter()
        .filter(|(c, _)| title_colours.contains(c))
        .take(epub_seq.len())
        .cloned()
        .collect();
    let epub_expect: Vec<_> = epub_seq
        .iter()
        .map(|(class, label)| (title_colour(class), squash(label)))
        .collect();
    assert_eq!(pdf_seq, epub_expect);
    for (class, _) in &epub_seq {
        let bg = background(class);
        assert!(
            trace.fills.contains(&bg),
            "{class}: background {bg:?} not painted in the PDF"
        );
    }

    // Code: the same keywords in the same colour (the EPUB class's CSS colour) in both books.
    let code = &chapters[2];
    let keyword = css_color(&css, "pre.code .hl-keyword", "color").expect("keyword colour");
    let by_colour: HashMap<_, Vec<&str>> =
        trace.runs.iter().fold(HashMap::new(), |mut m, (c, t)| {
            m.entry(*c).or_default().push(t.as_str());
            m
        });
    for word in ["fn", "let", "const", "def", "return"] {
        assert!(
            code.contains(&format!("<span class=\"hl-keyword\">{word}</span>")),
            "EPUB keyword {word}"
        );
        assert!(
            by_colour.get(&keyword).is_some_and(|ts| ts.contains(&word)),
            "PDF keyword {word} in {keyword:?}: {:?}",
            by_colour.get(&keyword)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
