//! Front matter: split the YAML block off the top of a note and deserialize it into
//! [`FrontMatter`], keeping unknown keys.
//!
//! Rule implemented (Jekyll / Obsidian / Docusaurus convention): the block starts with a `---`
//! line as the very first line of the file and ends at the next line that is exactly `---` or
//! `...`. Without a closing line there is no front matter (the `---` is a thematic break).

use super::FrontMatter;
use super::fields::FieldReader;
use crate::diag::{Diagnostic, Span, Warned};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A note's text split at the end of its front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences (`None` when the note has no front matter).
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line in the file (the line after the opening `---`).
    pub yaml_line: u32,
    /// The Markdown body after the closing fence.
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: u32,
}

/// Splits `text` (BOM already stripped, `\n` line endings) into front matter and body.
pub fn split_front_matter(text: &str) -> Split<'_> {
    let none = Split {
        yaml: None,
        yaml_line: 0,
        body: text,
        body_line: 1,
    };
    let Some(first_end) = text.find('\n') else {
        return none;
    };
    if text[..first_end].trim_end() != "---" {
        return none;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    let mut line = 2u32;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            let yaml = &text[yaml_start..pos];
            if !looks_like_mapping(yaml) {
                // `---` prose `---` at the top is two thematic breaks, not front matter.
                return none;
            }
            let body_start = (end + 1).min(text.len());
            return Split {
                yaml: Some(yaml),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            };
        }
        pos = end + 1;
        line += 1;
    }
    none
}

/// Whether a fenced block can be front matter: empty, or with at least one `key:` line at the
/// left margin (comments aside). Guards against a note that merely starts with a thematic break.
fn looks_like_mapping(block: &str) -> bool {
    let mut lines = block
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .peekable();
    if lines.peek().is_none() {
        return true;
    }
    lines.any(|l| {
        !l.starts_with([' ', '\t', '-'])
            && l.split_once(':')
                .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// Deserializes the YAML of a front matter block. `yaml_line` is the file line of the YAML's
/// first line, so that diagnostics point into the file, not into the block.
/// Malformed YAML yields default front matter and one warning at `file:line:col`; a key whose
/// value has the wrong type is a warning of its own and the other keys are kept
/// (`FieldReader`).
pub fn parse_front_matter(yaml: &str, file: &Arc<str>, yaml_line: u32) -> Warned<FrontMatter> {
    if yaml.trim().is_empty() {
        return Warned::clean(FrontMatter::default());
    }
    let err = match serde_saphyr::from_str_with_options::<Option<BTreeMap<String, Value>>>(
        yaml,
        yaml_options(),
    ) {
        Ok(map) => {
            let mut reader = FieldReader::new(yaml, file, yaml_line);
            let front = reader.read(map.unwrap_or_default());
            return Warned {
                value: front,
                diagnostics: reader.diagnostics,
            };
        }
        Err(err) => err,
    };
    let (line, col) = match err.location() {
        Some(loc) if loc.line() > 0 => (
            u32::try_from(loc.line())
                .unwrap_or(u32::MAX)
                .saturating_add(yaml_line.saturating_sub(1)),
            u32::try_from(loc.column()).unwrap_or(0),
        ),
        _ => (yaml_line.saturating_sub(1).max(1), 1),
    };
    let message = first_line(&err.without_snippet().to_string());
    Warned {
        value: FrontMatter::default(),
        diagnostics: vec![Diagnostic::warning(
            "front-matter-invalid",
            Some(Span::new(file.clone(), line, col)),
            format!("malformed front matter ignored: {message}"),
        )],
    }
}

/// YAML 1.2 Core, as Obsidian and Docusaurus read front matter: only `true`/`false` are
/// booleans (`y`, `no`, `on` stay text), and no snippet rendering (we print one line).
pub fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    }
}

/// One line of an error message: the library's first line, without a trailing location that
/// we already print in front.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or("").trim();
    match line.rfind(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        Arc::from("a/note.md")
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split_front_matter("---\ntitle: A\n---\n# Body\n");
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn dots_close_front_matter_too() {
        let s = split_front_matter("---\na: 1\n...\nbody");
        assert_eq!(s.yaml, Some("a: 1\n"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn unclosed_fence_is_no_front_matter() {
        let s = split_front_matter("---\ntitle: A\nno end\n");
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
        let s = split_front_matter("text\n---\na: 1\n---\n");
        assert_eq!(s.yaml, None);
    }

    #[test]
    fn thematic_breaks_are_not_front_matter() {
        let s = split_front_matter("---\nJust prose between rules.\n---\nmore");
        assert_eq!(s.yaml, None);
        let s = split_front_matter("---\n- a\n- b\n---\n");
        assert_eq!(s.yaml, None);
        let s = split_front_matter("---\n# comment\nkey:\n  - x\n---\n");
        assert!(s.yaml.is_some());
        let s = split_front_matter("---\nurl: http://x\n---\n");
        assert!(s.yaml.is_some());
    }

    #[test]
    fn closing_fence_at_end_of_file() {
        let s = split_front_matter("---\na: 1\n---");
        assert_eq!(s.yaml, Some("a: 1\n"));
        assert_eq!(s.body, "");
        let s = split_front_matter("---\n---\nx");
        assert_eq!(s.yaml, Some(""));
        assert_eq!(s.body, "x");
    }

    #[test]
    fn typed_keys_and_unknown_keys() {
        let yaml = "title: 제목\nlang: ko\nslug: /r/AF2E5E\naliases: 별칭\nauthor: 김\n\
                    tags: [a, b]\ndate: 2024-05-01\ndraft: true\norder: 3\ncssclass: wide\n\
                    rating: 5\n";
        let w = parse_front_matter(yaml, &file(), 2);
        assert!(w.diagnostics.is_empty(), "{:?}", w.diagnostics);
        let f = w.value;
        assert_eq!(f.title.as_deref(), Some("제목"));
        assert_eq!(f.lang.as_ref().map(|l| l.as_str()), Some("ko"));
        assert_eq!(f.slug.as_deref(), Some("/r/AF2E5E"));
        assert_eq!(f.aliases, vec!["별칭"]);
        assert_eq!(f.authors, vec!["김"]);
        assert_eq!(f.tags, vec!["a", "b"]);
        assert_eq!(f.date.map(|d| d.to_w3c()).as_deref(), Some("2024-05-01"));
        assert!(f.draft);
        assert_eq!(f.order, Some(3));
        assert_eq!(f.extra.get("cssclass").map(String::as_str), Some("wide"));
        assert_eq!(f.extra.get("rating").map(String::as_str), Some("5"));
    }

    #[test]
    fn lists_and_numbers_as_strings() {
        let yaml = "title: 2024\naliases:\n  - one\n  - 2\nauthors: [A, B]\ndate: \"May 2024\"\n";
        let w = parse_front_matter(yaml, &file(), 2);
        let f = w.value;
        assert_eq!(f.title.as_deref(), Some("2024"));
        assert_eq!(f.aliases, vec!["one", "2"]);
        assert_eq!(f.authors, vec!["A", "B"]);
        // Not a date hanji reads: ignored with a warning at the value (file line 7, col 7).
        assert_eq!(f.date, None);
        assert_eq!(w.diagnostics.len(), 1, "{:?}", w.diagnostics);
        let span = w.diagnostics[0].span.clone().expect("span");
        assert_eq!((span.line, span.col), (7, 7));
        assert!(!f.draft);
    }

    #[test]
    fn empty_and_null_values() {
        let f = parse_front_matter("aliases:\ntags: ~\n", &file(), 2).value;
        assert!(f.aliases.is_empty() && f.tags.is_empty());
        let w = parse_front_matter("\n  \n", &file(), 2);
        assert!(w.diagnostics.is_empty());
    }

    #[test]
    fn malformed_yaml_warns_with_file_line() {
        // Line 3 of the YAML block = line 4 of the file (the block starts on line 2).
        let yaml = "title: ok\ntags: [a, b\nother: : :\n";
        let w = parse_front_matter(yaml, &file(), 2);
        assert_eq!(w.diagnostics.len(), 1);
        let d = &w.diagnostics[0];
        assert_eq!(d.code, "front-matter-invalid");
        let span = d.span.clone().expect("span");
        assert_eq!(&*span.file, "a/note.md");
        assert!(
            span.line >= 3,
            "line {} should be offset into the file",
            span.line
        );
        assert!(span.col >= 1);
        assert!(!d.message.contains('\n'));
        assert!(w.value.title.is_none());
    }

    #[test]
    fn malformed_yaml_line_offset_is_exact() {
        // A reserved indicator on YAML line 3 → file line 4 (the block starts on line 2).
        let yaml = "a: 1\nb: 2\nc: @x\n";
        let w = parse_front_matter(yaml, &file(), 2);
        let span = w.diagnostics[0].span.clone().expect("span");
        assert_eq!((span.line, span.col), (4, 4), "{}", w.diagnostics[0]);
    }

    #[test]
    fn non_mapping_front_matter_warns() {
        let w = parse_front_matter("- a\n- b\n", &file(), 2);
        assert_eq!(w.diagnostics.len(), 1);
        let w = parse_front_matter("just text\n", &file(), 2);
        assert_eq!(w.diagnostics.len(), 1);
        let w = parse_front_matter("title: kept\norder: first\n", &file(), 2);
        assert_eq!(w.diagnostics.len(), 1);
        assert_eq!(w.value.title.as_deref(), Some("kept"));
        let span = w.diagnostics[0].span.clone().expect("span");
        assert_eq!((span.line, span.col), (3, 8));
        assert!(w.diagnostics[0].message.contains("`order`"));
    }

    /// The warnings of `yaml`, as `(file line, key named in the message)`.
    fn warned(yaml: &str) -> (FrontMatter, Vec<(u32, String)>) {
        let w = parse_front_matter(yaml, &file(), 2);
        let d = w
            .diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.code, "front-matter-invalid");
                (d.span.as_ref().map_or(0, |s| s.line), d.message.clone())
            })
            .collect();
        (w.value, d)
    }

    #[test]
    fn dates_in_every_accepted_form() {
        for (yaml, want) in [
            ("date: 2024-05-01", "2024-05-01"),
            (
                "date: 2024-05-01T10:00:00+09:00",
                "2024-05-01T10:00:00+09:00",
            ),
            ("date: 2024-05-01 10:00:00", "2024-05-01T10:00:00Z"),
            ("date: 2024년 5월 1일", "2024-05-01"),
            ("date: 2024년 5월 1일 (수)", "2024-05-01"),
            ("date: 2024년 5월", "2024-05"),
            ("date: 2024. 5. 1.", "2024-05-01"),
            ("date: 2024.05.01", "2024-05-01"),
            ("date: 2024/05/01", "2024-05-01"),
            ("date: 2024", "2024"),
            ("date: \"2024-05-01\"", "2024-05-01"),
        ] {
            let (f, d) = warned(yaml);
            assert!(d.is_empty(), "{yaml}: {d:?}");
            assert_eq!(f.date.map(|d| d.to_w3c()).as_deref(), Some(want), "{yaml}");
        }
    }

    #[test]
    fn bad_dates_warn_and_are_ignored() {
        for yaml in [
            "date: 어제",
            "date: 2024-13-45",
            "date: 2023-02-29",
            "date: [2024]",
            "date: {y: 1}",
        ] {
            let (f, d) = warned(&format!("title: t\n{yaml}\n"));
            assert_eq!(f.date, None, "{yaml}");
            assert_eq!(f.title.as_deref(), Some("t"));
            assert_eq!(d.len(), 1, "{yaml}: {d:?}");
            assert_eq!(d[0].0, 3, "{yaml}");
            assert!(d[0].1.contains("`date`"), "{:?}", d[0]);
        }
    }

    #[test]
    fn languages_are_tags_names_are_normalised() {
        for (yaml, want, warns) in [
            ("lang: ko", Some("ko"), 0),
            ("lang: KO-kr", Some("ko-KR"), 0),
            ("lang: zh-hant", Some("zh-Hant"), 0),
            ("lang: 한국어", Some("ko"), 1),
            ("lang: Korean", Some("ko"), 1),
            ("lang: korean", Some("ko"), 1),
            ("lang: English", Some("en"), 1),
            ("lang: 영어", Some("en"), 1),
            ("lang: ko_KR", Some("ko-KR"), 1),
            ("lang: x", None, 1),
            ("lang: 1", None, 1),
            ("lang: Klingon?", None, 1),
            ("lang: [ko, en]", None, 1),
        ] {
            let (f, d) = warned(yaml);
            assert_eq!(f.lang.as_ref().map(|l| l.as_str()), want, "{yaml}");
            assert_eq!(d.len(), warns, "{yaml}: {d:?}");
        }
    }

    #[test]
    fn text_fields_take_scalars_and_refuse_collections() {
        let (f, d) = warned("title: true\ndescription: 3.5\nslug: 42\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.title.as_deref(), Some("true"));
        assert_eq!(f.description.as_deref(), Some("3.5"));
        assert_eq!(f.slug.as_deref(), Some("42"));
        let (f, d) = warned("title: [a, b]\ndescription: {a: 1}\nslug: ok\n");
        assert_eq!((f.title, f.description), (None, None));
        assert_eq!(f.slug.as_deref(), Some("ok"));
        let lines: Vec<u32> = d.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 2], "{d:?}");
    }

    #[test]
    fn lists_split_tags_and_drop_nested_items() {
        let (f, d) = warned("tags: 독서, 메모 idea\naliases: a, b\nauthors: 김\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.tags, ["독서", "메모", "idea"]);
        assert_eq!(f.aliases, ["a, b"]);
        assert_eq!(f.authors, ["김"]);
        let (f, d) = warned("tags: [a, 1, true, ~, [x], {k: v}]\naliases: {a: 1}\n");
        assert_eq!(f.tags, ["a", "1", "true"]);
        assert!(f.aliases.is_empty());
        assert_eq!(d.len(), 3, "{d:?}");
    }

    #[test]
    fn draft_and_order_accept_text_with_a_warning() {
        let (f, d) = warned("draft: \"true\"\norder: \"3\"\n");
        assert!(f.draft);
        assert_eq!(f.order, Some(3));
        assert_eq!(d.len(), 2, "{d:?}");
        let (f, d) = warned("draft: yes\norder: 2\n");
        assert!(f.draft);
        assert_eq!(f.order, Some(2));
        assert_eq!(d.len(), 1, "{d:?}");
        let (f, d) = warned("draft: maybe\norder: first\n");
        assert!(!f.draft);
        assert_eq!(f.order, None);
        assert_eq!(d.len(), 2, "{d:?}");
        let (f, d) = warned("draft: [1]\norder: 1.5\n");
        assert!(!f.draft);
        assert_eq!(f.order, None);
        assert_eq!(d.len(), 2, "{d:?}");
    }
}
