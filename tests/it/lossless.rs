//! The PDF layout loses nothing (issue 8, item 5): notes built to stress pagination (a footnote
//! longer than a page, tables wider than the text block, lists and quotes nested as deep as the parser keeps them, a
//! 500-line code block, a 3,000-character URL) go through the `hanji` binary, and every word
//! of every case must come back, in order, from `pdftotext` — an independent reader of the
//! PDF. `qpdf --check` must pass and the page count must stay sane.

use crate::tools::{temp_dir, tool};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds `notes` (file name → Markdown) with the real binary; returns the PDF's path.
fn build_pdf(name: &str, notes: &[(&str, String)]) -> PathBuf {
    let root = temp_dir(&format!("lossless-{name}"));
    let dir = root.join("notes");
    std::fs::create_dir_all(&dir).expect("notes dir");
    for (file, text) in notes {
        std::fs::write(dir.join(file), text).expect("write note");
    }
    let out = root.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_hanji"))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["build", "--format", "pdf", "-q", "-j", "1", "-o"])
        .arg(&out)
        .arg(&dir)
        .output()
        .expect("run hanji");
    assert!(
        o.status.success(),
        "hanji build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out.join("book.pdf")
}

/// The PDF's text as `pdftotext` reads it, or `None` when poppler is not installed.
fn pdf_text(pdf: &Path) -> Option<String> {
    let out = tool("pdftotext")?
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Page count from `pdfinfo`.
fn page_count(pdf: &Path) -> Option<usize> {
    let out = tool("pdfinfo")?.arg(pdf).output().expect("run pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// `qpdf --check` passes.
fn assert_qpdf_ok(pdf: &Path) {
    let Some(mut cmd) = tool("qpdf") else {
        return;
    };
    let out = cmd.arg("--check").arg(pdf).output().expect("run qpdf");
    assert!(
        out.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Whitespace-separated tokens with surrounding punctuation trimmed (whitespace normalised;
/// a word broken across lines becomes two tokens and so does not match).
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Words of `expected` missing from `text`, looking for each in order after the previous one.
fn missing_in_order(text: &str, expected: &[String]) -> Vec<String> {
    let toks = tokens(text);
    let mut at = 0;
    let mut missing = Vec::new();
    for w in expected {
        match toks[at..].iter().position(|t| t == w) {
            Some(i) => at += i + 1,
            None => missing.push(w.clone()),
        }
    }
    missing
}

/// Asserts every word is found in order; reports how many were lost and the first few.
fn assert_all_in_order(case: &str, text: &str, expected: &[String]) {
    let missing = missing_in_order(text, expected);
    assert!(
        missing.is_empty(),
        "{case}: {} of {} words lost, first: {:?}",
        missing.len(),
        expected.len(),
        &missing[..missing.len().min(8)]
    );
}

/// Common checks on a built case: qpdf, page count at most `max_pages`, words in order.
fn check_case(case: &str, pdf: &Path, expected: &[String], max_pages: usize) {
    assert_qpdf_ok(pdf);
    let Some(text) = pdf_text(pdf) else {
        return;
    };
    if let Some(pages) = page_count(pdf) {
        assert!(pages <= max_pages, "{case}: {pages} pages (> {max_pages})");
    }
    assert_all_in_order(case, &text, expected);
}

#[test]
fn footnote_longer_than_a_page_continues() {
    let mut note = String::from("# Long note\n\nBody cites the note here.[^long]\n\n");
    let mut expected = vec!["Body".to_string(), "cites".to_string()];
    let mut body_words = Vec::new();
    for i in 0..60 {
        let w = format!("body{i:03}");
        let _ = write!(note, "Paragraph {w} follows the citing one.\n\n");
        body_words.push(w);
    }
    note.push_str("[^long]: ");
    let mut fn_words = Vec::new();
    for i in 0..1500 {
        let (a, b) = (format!("fa{i:04}"), format!("fb{i:04}"));
        let _ = write!(note, "Sentence {a} of the note {b}. ");
        fn_words.push(a);
        fn_words.push(b);
    }
    note.push('\n');
    let pdf = build_pdf("footnote", &[("long.md", note)]);
    expected.extend(body_words);
    check_case("body", &pdf, &expected, 80);
    check_case("footnote", &pdf, &fn_words, 80);
}

/// A pipe table of `cols` columns and `rows` rows; each cell holds a Korean eojeol and a
/// Latin word, both unique.
fn table(cols: usize, rows: usize) -> (String, Vec<String>) {
    let mut md = String::from("# Table\n\n|");
    let mut words = Vec::new();
    for c in 0..cols {
        let _ = write!(md, " 열{c}제목 head{c} |");
        words.push(format!("열{c}제목"));
        words.push(format!("head{c}"));
    }
    md.push_str("\n|");
    for _ in 0..cols {
        md.push_str(" --- |");
    }
    md.push('\n');
    for r in 0..rows {
        md.push('|');
        for c in 0..cols {
            let _ = write!(md, " 값{r}번{c}칸 cell{r}x{c} |");
            words.push(format!("값{r}번{c}칸"));
            words.push(format!("cell{r}x{c}"));
        }
        md.push('\n');
    }
    (md, words)
}

#[test]
fn wide_tables_keep_every_cell_word() {
    for (cols, rows) in [(40, 6), (12, 8)] {
        let (md, words) = table(cols, rows);
        let pdf = build_pdf(&format!("table{cols}"), &[("table.md", md)]);
        assert_qpdf_ok(&pdf);
        let Some(text) = pdf_text(&pdf) else {
            return;
        };
        // A cell's words are whole tokens somewhere (pdftotext orders table cells its own way).
        let toks: std::collections::HashSet<String> = tokens(&text).into_iter().collect();
        let lost: Vec<&String> = words.iter().filter(|w| !toks.contains(*w)).collect();
        assert!(
            lost.is_empty(),
            "{cols} columns: {} of {} cell words lost, first: {:?}",
            lost.len(),
            words.len(),
            &lost[..lost.len().min(8)]
        );
        if let Some(pages) = page_count(&pdf) {
            assert!(pages <= 20, "{cols} columns: {pages} pages");
        }
    }
}

/// A key (first) column whose one cell is a single 3,000-syllable run with no space is wider
/// than the page even at the smallest table type: it must still be drawn (broken at syllable
/// boundaries), header and all, with the other column set after it.
#[test]
fn table_whose_key_column_is_one_huge_word_keeps_it() {
    let run = "가나다라".repeat(750);
    let md =
        format!("# T\n\n| keyhead | otherhead |\n|---|---|\n| {run} | othercell |\n\nafterword\n");
    let pdf = build_pdf("hugekey", &[("t.md", md)]);
    assert_qpdf_ok(&pdf);
    let Some(text) = pdf_text(&pdf) else {
        return;
    };
    let syllables = text.chars().filter(|c| "가나다라".contains(*c)).count();
    assert_eq!(syllables, 3000, "syllables of the key cell in the PDF");
    let words: Vec<String> = ["keyhead", "otherhead", "othercell", "afterword"]
        .map(String::from)
        .to_vec();
    assert_all_in_order("huge key column", &text, &words);
}

/// Lists and quotes nested as deep as the parser keeps them (it flattens past
/// `parse::markdown::MAX_DEPTH` containers): indentation is capped, so deep items keep a
/// usable width and their words stay whole.
#[test]
fn deep_lists_and_quotes_keep_their_words() {
    let mut list = String::from("# List\n\n");
    let mut quote = String::from("# Quote\n\n");
    let mut list_words = Vec::new();
    let mut quote_words = Vec::new();
    for i in 0..22 {
        let _ = writeln!(list, "{}- level{i} 깊이{i}단계 넓이{i}까지", "  ".repeat(i));
        list_words.extend([
            format!("level{i}"),
            format!("깊이{i}단계"),
            format!("넓이{i}까지"),
        ]);
    }
    for i in 0..45 {
        let _ = writeln!(quote, "{} quote{i} 인용{i}번 문단{i}끝", ">".repeat(i + 1));
        let _ = writeln!(quote, "{}", ">".repeat(i + 1));
        quote_words.extend([
            format!("quote{i}"),
            format!("인용{i}번"),
            format!("문단{i}끝"),
        ]);
    }
    let pdf = build_pdf("nested", &[("a-list.md", list), ("b-quote.md", quote)]);
    check_case("list", &pdf, &list_words, 10);
    check_case("quote", &pdf, &quote_words, 10);
}

#[test]
fn long_code_and_urls_wrap_without_loss() {
    let mut code = String::from("# Code\n\n```text\n");
    let mut words = Vec::new();
    for i in 0..500 {
        if i == 250 {
            let long: Vec<String> = (0..66).map(|k| format!("long{k:02}")).collect();
            let _ = writeln!(code, "{}", long.join(" "));
            words.extend(long);
        }
        let _ = writeln!(code, "line{i:03} = value{i:03};");
        words.push(format!("line{i:03}"));
        words.push(format!("value{i:03}"));
    }
    code.push_str("```\n");
    let url: String = std::iter::once("https://example.com/".to_string())
        .chain((0..340).map(|k| format!("p{k:04}seg/")))
        .collect();
    assert!(url.len() >= 3000);
    let link = format!("# Link\n\nBefore the address {url} after it.\n");
    // No running heads or page numbers: the URL crosses a page, and the furniture printed
    // between its two halves is not part of it.
    let bare = "pdf:\n  header_even: \"\"\n  header_odd: \"\"\n  footer: \"\"\n".to_string();
    let pdf = build_pdf(
        "code",
        &[
            ("a-code.md", code),
            ("b-url.md", link),
            ("hanji.yaml", bare),
        ],
    );
    check_case("code", &pdf, &words, 40);
    let Some(text) = pdf_text(&pdf) else {
        return;
    };
    // A single over-wide word may break anywhere, but no character of it may go missing.
    let joined: String = text.split_whitespace().collect();
    assert!(
        joined.contains(&url),
        "the 3,000-character URL lost characters"
    );
}
