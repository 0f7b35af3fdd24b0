//! hanji: a folder of Markdown notes → an EPUB 3 e-book and a paginated PDF, with Korean
//! typography, embedded fonts and working links.
//!
//! The pipeline, one module per stage:
//! 1. [`load`]: notes folder → `Vec<Note>` (walk, front matter, order).
//! 2. [`parse`]: notes → [`model::Book`] (IR 1; links resolved, raw HTML sanitised).
//!    [`resolve`]: passes over the whole model and the presentation both writers share.
//! 3. [`text`]: shaping and line breaking (knows nothing of Markdown).
//! 4. [`layout`]: model → pages (IR 3).
//! 5. [`pdf`] writes pages as PDF; [`epub`] writes the model as EPUB.
//!
//! [`config`] turns the command line and `hanji.yaml` into each stage's options, [`build()`] runs
//! the stages and writes the files atomically, and [`cli`] is the only place that prints.
//!
//! A small book built in memory, without touching the disk:
//!
//! ```
//! use hanji::{load, model, parse};
//! use std::sync::Arc;
//!
//! let text = "---\ntitle: 한지\n---\n# 첫 장\n\n[[없는 노트]]로 가는 링크.\n";
//! let note = load::note_from_bytes(Arc::from("first.md"), text.as_bytes()).unwrap().value;
//! assert_eq!(note.front.title.as_deref(), Some("한지"));
//! assert_eq!(note.body_line, 4);
//!
//! let options = parse::ParseOptions::default();
//! let book = parse::parse_book(&[note], &options);
//! assert_eq!(book.value.chapters.len(), 1);
//! assert_eq!(book.value.chapters[0].title, "한지");
//! // The dangling link is a warning at file:line:col, never a failure.
//! assert!(book.diagnostics.iter().any(|d| d.span.as_ref().is_some_and(|s| s.line == 6)));
//! let dump = model::dump::dump_book(&book.value);
//! assert!(dump.contains("없는 노트"));
//! ```

pub mod build;
pub mod cli;
pub mod config;
pub mod diag;
pub mod epub;
pub mod font;
pub mod layout;
pub mod limits;
pub mod load;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod resolve;
mod syntax;
pub mod text;

pub use build::{
    BookOutcome, BuildError, BuildOutcome, NoteOutcome, NoteStatus, OutputFile, Progress, Timings,
    build, build_with, check, check_with, write_all_atomic, write_atomic,
};
