//! Front-matter values → typed fields, leniently (issue 8 item 2: nothing lost, nothing fatal).
//!
//! Every known key is read into its type; a value that cannot be read is a `front-matter-invalid`
//! warning at the key's `file:line:col` and the field is ignored, or normalised when the intent is
//! obvious (`draft: "yes"`, `order: "3"`, `lang: 한국어`). Unknown keys are kept as text.

use super::FrontMatter;
use crate::diag::{Diagnostic, Span};
use crate::model::{Date, LangReading, LangTag, read_lang};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Reads the keys of one front-matter block, collecting warnings that point into the file.
pub(super) struct FieldReader<'a> {
    /// The YAML text (to find a key's line and column).
    yaml: &'a str,
    /// The note's path.
    file: &'a Arc<str>,
    /// File line of the YAML's first line.
    yaml_line: u32,
    /// Warnings so far.
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl<'a> FieldReader<'a> {
    /// A reader for `yaml`, whose first line is line `yaml_line` of `file`.
    pub(super) fn new(yaml: &'a str, file: &'a Arc<str>, yaml_line: u32) -> Self {
        FieldReader {
            yaml,
            file,
            yaml_line,
            diagnostics: Vec::new(),
        }
    }

    /// Converts a parsed mapping key by key.
    pub(super) fn read(&mut self, map: BTreeMap<String, Value>) -> FrontMatter {
        let mut f = FrontMatter::default();
        for (key, value) in map {
            match key.as_str() {
                "title" => f.title = self.text(&key, value),
                "description" => f.description = self.text(&key, value),
                "slug" => f.slug = self.text(&key, value),
                "lang" => f.lang = self.lang(&key, value),
                "date" => f.date = self.date(&key, value),
                "aliases" => f.aliases = self.list(&key, value, false),
                // Obsidian: `tags: a, b` and `tags: a b` are two tags (a tag has no spaces).
                "tags" => f.tags = self.list(&key, value, true),
                "authors" | "author" => f.authors.extend(self.list(&key, value, false)),
                "draft" => f.draft = self.flag(&key, value),
                "order" => f.order = self.order(&key, value),
                _ => {
                    f.extra.insert(key.clone(), value_text(&value));
                }
            }
        }
        f
    }

    /// A `front-matter-invalid` warning at the value of top-level `key`.
    fn warn(&mut self, key: &str, message: String) {
        let (line, col) = key_position(self.yaml, key);
        self.diagnostics.push(Diagnostic::warning(
            "front-matter-invalid",
            Some(Span::new(
                self.file.clone(),
                line.saturating_add(self.yaml_line.saturating_sub(1)),
                col,
            )),
            format!("front matter `{key}`: {message}"),
        ));
    }

    /// A scalar as text: `title: 2024` is the title "2024". A list or map is ignored.
    fn text(&mut self, key: &str, value: Value) -> Option<String> {
        match scalar_text(&value) {
            Ok(t) => t,
            Err(kind) => {
                self.warn(key, format!("expected text, found {kind}; ignored"));
                None
            }
        }
    }

    /// One string or a list of them; `split` also splits strings at commas and spaces.
    fn list(&mut self, key: &str, value: Value, split: bool) -> Vec<String> {
        let items = match value {
            Value::Array(items) => items,
            Value::Object(_) => {
                self.warn(key, "expected a list of text, found a map; ignored".into());
                return Vec::new();
            }
            one => vec![one],
        };
        let mut out = Vec::new();
        for item in items {
            match scalar_text(&item) {
                Ok(Some(t)) if split => out.extend(
                    t.split(|c: char| c == ',' || c.is_whitespace())
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                ),
                Ok(Some(t)) if !t.trim().is_empty() => out.push(t),
                Ok(_) => {}
                Err(kind) => self.warn(key, format!("a list item is {kind}, not text; dropped")),
            }
        }
        out
    }

    /// `true` / `false`; the strings `true`, `yes`, `on` (and their opposites) with a warning.
    fn flag(&mut self, key: &str, value: Value) -> bool {
        match value {
            Value::Bool(b) => b,
            Value::Null => false,
            Value::String(s) => {
                let b = match s.trim().to_lowercase().as_str() {
                    "true" | "yes" | "on" | "y" => Some(true),
                    "false" | "no" | "off" | "n" | "" => Some(false),
                    _ => None,
                };
                match b {
                    Some(b) => {
                        self.warn(key, format!("`{s}` read as `{b}`; write `{key}: {b}`"));
                        b
                    }
                    None => {
                        self.warn(key, format!("`{s}` is not true or false; read as false"));
                        false
                    }
                }
            }
            other => {
                let kind = kind_of(&other);
                self.warn(
                    key,
                    format!("expected true or false, found {kind}; read as false"),
                );
                false
            }
        }
    }

    /// An integer; a numeric string is accepted with a warning.
    fn order(&mut self, key: &str, value: Value) -> Option<i64> {
        match value {
            Value::Null => None,
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::String(s) => match s.trim().parse::<i64>() {
                Ok(n) => {
                    self.warn(key, format!("the text `{s}` read as the number {n}"));
                    Some(n)
                }
                Err(_) => {
                    self.warn(key, format!("`{s}` is not a whole number; ignored"));
                    None
                }
            },
            other => {
                let kind = kind_of(&other);
                self.warn(
                    key,
                    format!("expected a whole number, found {kind}; ignored"),
                );
                None
            }
        }
    }

    /// A date in any form [`Date::parse`] reads (`2024-05-01`, `2024년 5월 1일`, …).
    fn date(&mut self, key: &str, value: Value) -> Option<Date> {
        let text = match scalar_text(&value) {
            Ok(t) => t?,
            Err(kind) => {
                self.warn(key, format!("expected a date, found {kind}; ignored"));
                return None;
            }
        };
        let date = Date::parse(&text);
        if date.is_none() {
            self.warn(
                key,
                format!("`{text}` is not a date (write 2024-05-01 or 2024년 5월 1일); ignored"),
            );
        }
        date
    }

    /// A BCP 47 tag; an obvious language name (`한국어`) is normalised with a warning.
    fn lang(&mut self, key: &str, value: Value) -> Option<LangTag> {
        let text = match scalar_text(&value) {
            Ok(t) => t?,
            Err(kind) => {
                self.warn(
                    key,
                    format!("expected a language tag, found {kind}; ignored"),
                );
                return None;
            }
        };
        match read_lang(&text) {
            LangReading::Tag(tag) => Some(tag),
            LangReading::Normalised(tag) => {
                self.warn(
                    key,
                    format!("`{text}` read as `{tag}`; write `{key}: {tag}`"),
                );
                Some(tag)
            }
            LangReading::Invalid => {
                self.warn(
                    key,
                    format!("`{text}` is not a BCP 47 language tag (e.g. ko, en-US); ignored"),
                );
                None
            }
        }
    }
}

/// A scalar's text (`None` for null), or the kind of a list or map as the error.
fn scalar_text(value: &Value) -> Result<Option<String>, &'static str> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(kind_of(other)),
    }
}

/// A value's kind, for messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// An unknown key's value as text: strings as written, everything else as compact JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// 1-based line (within the YAML) and column of the value of top-level `key`, or (1, 1).
pub(super) fn key_position(yaml: &str, key: &str) -> (u32, u32) {
    for (i, line) in yaml.lines().enumerate() {
        let Some(rest) = line.strip_prefix(key) else {
            continue;
        };
        let after = rest.trim_start_matches([' ', '\t']);
        if let Some(value) = after.strip_prefix(':') {
            // `trim_start` removes whole characters, so `value_start` is a char boundary.
            let value_start = line.len() - value.trim_start().len();
            let col = line.get(..value_start).map_or(0, |s| s.chars().count()) + 1;
            return (
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                u32::try_from(col).unwrap_or(1),
            );
        }
    }
    (1, 1)
}
