//! The model as versioned JSON (`hanji build --format json`, `book.json`), for tools that read a
//! book without parsing Markdown.
//!
//! Shape: `{"hanji_model": 1, "book": {...}}`; the book is the model's own fields in declaration
//! order (serde derives, so the key order is fixed and the output is deterministic), enums as
//! `{"kind_name": value}` in snake case, unit variants as a string (`"rule"`), spans as
//! `"file:line:col"`, asset bytes as a length only. [`MODEL_VERSION`] goes up when a field
//! changes meaning or disappears; adding a field or a node kind does not change it.

use super::{Book, Date};
use crate::diag::Span;
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// Version of the JSON model schema (see the module docs for when it changes).
pub const MODEL_VERSION: u32 = 1;

/// The top-level JSON document.
#[derive(Serialize)]
struct Document<'a> {
    hanji_model: u32,
    book: &'a Book,
}

/// Renders `book` as pretty-printed JSON with a trailing newline.
pub fn json_book(book: &Book) -> Result<String, serde_json::Error> {
    let doc = Document {
        hanji_model: MODEL_VERSION,
        book,
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// A span as `"file:line:col"`.
pub(super) fn span<S: Serializer>(span: &Span, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{}:{}:{}", span.file, span.line, span.col))
}

/// Asset bytes as their length: the JSON describes the book, it does not carry the files.
pub(super) fn byte_len<S: Serializer>(data: &Arc<[u8]>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(data.len() as u64)
}

impl Serialize for Date {
    /// As W3CDTF text (`2024-05-01`), the form the EPUB metadata uses.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_w3c())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Asset, Block, BlockKind, Chapter, ChapterMeta, HeadingLevel};

    fn book() -> Book {
        let span = Span::new("a.md".into(), 2, 1);
        let mut book = Book::default();
        book.assets.push(Asset {
            path: "img/x.png".into(),
            media_type: "image/png",
            data: Arc::from(vec![0u8; 42]),
        });
        book.chapters.push(Chapter {
            id: "c001".into(),
            source: "a.md".into(),
            title: "가".into(),
            title_id: "title".into(),
            lang: None,
            meta: ChapterMeta::default(),
            part: None,
            blocks: vec![Block {
                kind: BlockKind::Heading {
                    level: HeadingLevel::clamped(2),
                    id: "h".into(),
                    content: Vec::new(),
                },
                span: span.clone(),
                anchor: None,
            }],
            footnotes: Vec::new(),
            span,
        });
        book
    }

    #[test]
    fn json_has_version_assets_as_lengths_and_tagged_nodes() {
        let text = json_book(&book()).expect("serialises");
        let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(v["hanji_model"], 1);
        assert_eq!(v["book"]["meta"]["language"], "ko");
        assert_eq!(v["book"]["assets"][0]["bytes"], 42);
        assert_eq!(v["book"]["assets"][0]["media_type"], "image/png");
        let block = &v["book"]["chapters"][0]["blocks"][0];
        assert_eq!(block["kind"]["heading"]["level"], 2);
        assert_eq!(block["span"], "a.md:2:1");
    }

    #[test]
    fn json_is_deterministic() {
        let (a, b) = (json_book(&book()), json_book(&book()));
        assert_eq!(a.ok(), b.ok());
    }
}
