//! Front matter: split the YAML block off the top of a note and deserialize it into
//! [`FrontMatter`], keeping unknown keys.
//!
//! Rule implemented (Jekyll / Obsidian / Docusaurus convention): the block starts with a `---`
//! line as the very first line of the file and ends at the next line that is exactly `---` or
//! `...`. Without a closing line there is no front matter (the `---` is a thematic break).

use super::FrontMatter;
use crate::diag::{Diagnostic, Span, Warned};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
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
/// Malformed YAML yields default front matter and one warning at `file:line:col`.
pub fn parse_front_matter(yaml: &str, file: &Arc<str>, yaml_line: u32) -> Warned<FrontMatter> {
    if yaml.trim().is_empty() {
        return Warned::clean(FrontMatter::default());
    }
    let err =
        match serde_saphyr::from_str_with_options::<Option<RawFrontMatter>>(yaml, yaml_options()) {
            Ok(raw) => {
                return Warned::clean(raw.map(RawFrontMatter::into_front).unwrap_or_default());
            }
            Err(err) => err,
        };
    // Valid YAML with a wrongly typed key (`order: first`): keep the good keys, drop the bad
    // ones with a warning each, rather than losing the whole front matter.
    if let Ok(Some(map)) = serde_saphyr::from_str_with_options::<
        Option<BTreeMap<String, serde_json::Value>>,
    >(yaml, yaml_options())
    {
        return lenient_front_matter(map, yaml, file, yaml_line);
    }
    let (line, col) = match err.location() {
        Some(loc) if loc.line() > 0 => (
            u32::try_from(loc.line())
                .unwrap_or(u32::MAX)
                .saturating_add(yaml_line - 1),
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

/// Converts a parsed mapping key by key; a key of the wrong type is dropped with a warning at
/// its line.
fn lenient_front_matter(
    map: BTreeMap<String, serde_json::Value>,
    yaml: &str,
    file: &Arc<str>,
    yaml_line: u32,
) -> Warned<FrontMatter> {
    fn take<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }
    let mut raw = RawFrontMatter::default();
    let mut diagnostics = Vec::new();
    for (key, value) in map {
        let result = match key.as_str() {
            "title" => take(value).map(|v| raw.title = v),
            "lang" => take(value).map(|v| raw.lang = v),
            "slug" => take(value).map(|v| raw.slug = v),
            "aliases" => take(value).map(|v| raw.aliases = v),
            "date" => take(value).map(|v| raw.date = v),
            "authors" | "author" => take(value).map(|v| raw.authors = v),
            "tags" => take(value).map(|v| raw.tags = v),
            "description" => take(value).map(|v| raw.description = v),
            "draft" => take(value).map(|v| raw.draft = v),
            "order" => take(value).map(|v| raw.order = v),
            _ => {
                raw.extra.insert(key.clone(), value);
                Ok(())
            }
        };
        if let Err(e) = result {
            let (line, col) = key_position(yaml, &key);
            diagnostics.push(Diagnostic::warning(
                "front-matter-invalid",
                Some(Span::new(file.clone(), line + yaml_line - 1, col)),
                format!("front matter key `{key}` ignored: {e}"),
            ));
        }
    }
    Warned {
        value: raw.into_front(),
        diagnostics,
    }
}

/// 1-based line (within the YAML) and column of the value of top-level `key`, or (1, 1).
fn key_position(yaml: &str, key: &str) -> (u32, u32) {
    for (i, line) in yaml.lines().enumerate() {
        let Some(rest) = line.strip_prefix(key) else {
            continue;
        };
        let after = rest.trim_start_matches([' ', '\t']);
        if let Some(value) = after.strip_prefix(':') {
            let value_start = line.len() - value.trim_start().len();
            let col = line[..value_start].chars().count() + 1;
            return (
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                u32::try_from(col).unwrap_or(1),
            );
        }
    }
    (1, 1)
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

/// The typed front matter as written; converted to [`FrontMatter`].
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawFrontMatter {
    title: Option<Scalar>,
    lang: Option<Scalar>,
    slug: Option<Scalar>,
    aliases: OneOrMany,
    date: Option<Scalar>,
    #[serde(alias = "author")]
    authors: OneOrMany,
    tags: OneOrMany,
    description: Option<Scalar>,
    draft: Option<Flag>,
    order: Option<i64>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

impl RawFrontMatter {
    fn into_front(self) -> FrontMatter {
        FrontMatter {
            title: self.title.map(|s| s.0),
            lang: self.lang.map(|s| s.0),
            slug: self.slug.map(|s| s.0),
            aliases: self.aliases.0,
            date: self.date.map(|s| s.0),
            authors: self.authors.0,
            tags: self.tags.0,
            description: self.description.map(|s| s.0),
            draft: self.draft.is_some_and(|f| f.0),
            order: self.order,
            extra: self
                .extra
                .into_iter()
                .map(|(k, v)| (k, value_text(&v)))
                .collect(),
        }
    }
}

/// An unknown key's value as text: strings as written, everything else as compact JSON.
fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Any YAML scalar (string, number, bool, date) as its text: `title: 2024` is the title "2024",
/// and `date: 2024-05-01` (a YAML 1.1 timestamp) stays "2024-05-01".
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor).map(Scalar)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean or date")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// A list of scalars, or one scalar meaning a list of one (`aliases: x` = `aliases: [x]`).
/// `null` is the empty list.
#[derive(Default)]
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(vec![v])
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(vec![v.to_string()])
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Vec::new())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Option<Scalar>>()? {
                    if let Some(Scalar(s)) = item {
                        out.push(s);
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_any(V).map(OneOrMany)
    }
}

/// `draft: true`, also accepting the strings `"true"`/`"yes"` that hand-written notes use.
struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = d.deserialize_any(ScalarVisitor)?;
        Ok(Flag(matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "on" | "1"
        )))
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
        assert_eq!(f.lang.as_deref(), Some("ko"));
        assert_eq!(f.slug.as_deref(), Some("/r/AF2E5E"));
        assert_eq!(f.aliases, vec!["별칭"]);
        assert_eq!(f.authors, vec!["김"]);
        assert_eq!(f.tags, vec!["a", "b"]);
        assert_eq!(f.date.as_deref(), Some("2024-05-01"));
        assert!(f.draft);
        assert_eq!(f.order, Some(3));
        assert_eq!(f.extra.get("cssclass").map(String::as_str), Some("wide"));
        assert_eq!(f.extra.get("rating").map(String::as_str), Some("5"));
    }

    #[test]
    fn lists_and_numbers_as_strings() {
        let yaml = "title: 2024\naliases:\n  - one\n  - 2\nauthors: [A, B]\ndate: \"May 2024\"\n";
        let f = parse_front_matter(yaml, &file(), 2).value;
        assert_eq!(f.title.as_deref(), Some("2024"));
        assert_eq!(f.aliases, vec!["one", "2"]);
        assert_eq!(f.authors, vec!["A", "B"]);
        assert_eq!(f.date.as_deref(), Some("May 2024"));
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
}
