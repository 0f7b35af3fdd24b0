//! ② Parsing: `Vec<Note>` → `Book` (IR 1).
//!
//! Input: loaded notes in book order. Output: the model with every link resolved, images read,
//! raw HTML and MDX reduced to model nodes or text, Korean emphasis fixed. Never fails: bad input
//! degrades (a dangling link becomes its label) and produces a warning with `file:line:col`.
//! Does not lay out, shape, or write anything.

use crate::diag::Warned;
use crate::load::Note;
use crate::model::{Book, BookMeta};
use std::path::PathBuf;

/// Options for turning notes into a book.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Notes root: images are resolved inside it and never outside.
    pub root: PathBuf,
    /// Book metadata to start from (title, authors, language, …).
    pub meta: BookMeta,
    /// Cover image path relative to the root, if configured.
    pub cover: Option<String>,
}

/// Parses all notes into one book.
pub fn parse_book(notes: &[Note], options: &ParseOptions) -> Warned<Book> {
    let _ = (notes, options);
    todo!("parse helper")
}
