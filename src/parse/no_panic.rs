//! Property test (issue 8: no panic on any input): notes built from markup tokens, Unicode spaces,
//! Hangul (precomposed and conjoining jamo), Hanja, emoji sequences, combining marks, RTL letters
//! and odd front matter go through `load::note_from_bytes` and `parse::parse_book` without a
//! panic. Runs on stable Rust in `cargo test`; the cargo-fuzz targets explore further.

use crate::load::note_from_bytes;
use crate::parse::{ParseOptions, parse_book};
use proptest::prelude::*;
use std::sync::Arc;

/// Markup that the pre-passes and scanners look at, one token each.
const MARKUP: &[&str] = &[
    "*",
    "**",
    "***",
    "_",
    "__",
    "~",
    "~~",
    "==",
    "[[",
    "]]",
    "|",
    "\\|",
    "![[",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "#",
    "# ",
    "## ",
    "^",
    "^[",
    "[^1]",
    "[^1]: ",
    ">",
    "> ",
    "> [!note]",
    "> [!warning]- ",
    "[!tip]+",
    ":::",
    ":::note",
    "::: details ",
    "`",
    "``",
    "```",
    "```rust\n",
    "~~~",
    "$",
    "$$",
    "\\(",
    "\\[",
    "<",
    "</",
    "/>",
    ">",
    "&",
    "&amp;",
    "&#x",
    "&#",
    ";",
    "{",
    "}",
    "{/* ",
    " */}",
    "-",
    "- ",
    "- [ ] ",
    "- [x] ",
    "1.",
    "1. ",
    "1) ",
    "|---|",
    "|:--|--:|",
    "| a | b |",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "    ",
    " ",
    "\\",
    "%%",
    "#tag",
    "[[b]]",
    "[[b#h|x]]",
    "![[b]]",
    "![[b^id]]",
    "![[b#^id]]",
    "![[#h]]",
    "![[#^id]]",
    "[[#^id]]",
    " ^id",
    "^id",
    "^",
    "[[x.pdf]]",
    "<pre>",
    "</pre>",
    "<pre class=\"mermaid\">",
    "<div class=\"mermaid\">",
    "<code class=\"language-x\">",
    "![[x.png|300]]",
    "![a](x.png)",
    "[l](http://a.b/*c*)",
    "https://x.y/*a*",
    "<div>",
    "</div>",
    "<br/>",
    "<span lang=\"x\">",
    "<img src=\"/etc/passwd\">",
    "<script>",
    "</script>",
    "<details><summary>",
    "</summary>",
    "</details>",
    "<head>",
    "<html lang=\"KO-kr\">",
    "</head>",
    "<Tabs>",
    "</Tabs>",
    "<Comp a={1} />",
    "import X from 'x'\n",
    "export const a = 1\n",
    "<!--",
    "-->",
    "---\n",
    "***\n",
    "^abc",
    "\"",
    "'",
    "(",
    "”",
    "“",
    "「",
    "」",
    "、",
    "。",
    "…",
];

/// Text that stresses char-boundary handling: multi-byte spaces, scripts, sequences.
const TEXT: &[&str] = &[
    "\u{a0}",
    "\u{2000}",
    "\u{2003}",
    "\u{2009}",
    "\u{200a}",
    "\u{202f}",
    "\u{205f}",
    "\u{3000}",
    "\u{feff}",
    "\u{200b}",
    "\u{200d}",
    "\u{2028}",
    "\u{85}",
    "강조",
    "를",
    "는",
    "한국어",
    "\u{1100}\u{1161}\u{11a8}",
    "\u{1112}\u{1161}\u{11ab}",
    "\u{11a8}",
    "漢字",
    "韓國",
    "👍🏽",
    "👩\u{200d}👩\u{200d}👧",
    "🇰🇷",
    "e\u{301}",
    "a\u{20dd}",
    "\u{5d0}\u{5d1}",
    "مرحبا",
    "\u{202e}",
    "word",
    "Open",
    "A",
    "1",
    "x",
    "\u{fffd}",
    "\u{10ffff}",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
];

/// Front matter blocks with odd values (each ends with its closing fence).
const FRONT: &[&str] = &[
    "",
    "---\ntitle: 2024\ndate: 2024년 5월 1일\nlang: 한국어\n---\n",
    "---\ndate: 2024-13-45\nlang: x\ntags: a, b\n---\n",
    "---\ndate: 어제\ndraft: \"yes\"\norder: \"3\"\n---\n",
    "---\ntitle: [a, b]\naliases: {a: 1}\nauthors: [1, [2]]\n---\n",
    "---\ntitle: [unclosed\n---\n",
    "---\n: :\n---\n",
    "---\ndate: 2024-05-01T10:00:00+09:00\nlang: ko_KR\nslug: /r/x\n---\n",
    "---\ndate: \u{3000}2024.05.01\u{a0}\norder: 1.5\ndraft: [1]\n---\n",
    "---\ntitle: \"\u{feff}\u{200b}\"\ndescription: ~\ntags:\n  - \u{a0}\n---\n",
];

/// One note: optional front matter, then tokens drawn from markup and text.
fn note_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => prop::sample::select(MARKUP),
        2 => prop::sample::select(TEXT),
    ];
    (
        prop::sample::select(FRONT),
        prop::collection::vec(token, 0..48),
    )
        .prop_map(|(front, tokens)| {
            let mut s = front.to_string();
            s.extend(tokens);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // `HANJI_PROPTEST_CASES=100000` for a longer local hunt; 2000 cases take about a second.
        cases: std::env::var("HANJI_PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Two notes (`a.md` links and embeds `b.md`), as bytes that may also be cut mid-character.
    #[test]
    fn load_and_parse_never_panic(a in note_text(), b in note_text(), cut in 0usize..8) {
        let root = std::env::temp_dir().join("hanji-no-panic-empty-root");
        let options = ParseOptions { root, ..ParseOptions::default() };
        let mut b_bytes = b.into_bytes();
        // A note truncated inside a UTF-8 sequence exercises the lossy decoder too.
        b_bytes.truncate(b_bytes.len().saturating_sub(cut));
        let notes: Vec<_> = [("a.md", a.into_bytes()), ("b.mdx", b_bytes)]
            .into_iter()
            .filter_map(|(path, bytes)| note_from_bytes(Arc::from(path), &bytes).ok())
            .map(|w| w.value)
            .collect();
        prop_assert_eq!(notes.len(), 2, "no note is lost");
        let book = parse_book(&notes, &options);
        prop_assert_eq!(book.value.chapters.len(), 2);
    }
}
