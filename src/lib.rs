//! hanji: a folder of Markdown notes → an EPUB 3 e-book and a paginated PDF, with Korean
//! typography, embedded fonts and working links.
//!
//! The pipeline, one module per stage:
//! 1. [`load`]: notes folder → `Vec<Note>` (walk, front matter, order).
//! 2. [`parse`]: notes → [`model::Book`] (IR 1; links resolved, raw HTML sanitised).
//! 3. [`text`]: shaping and line breaking (knows nothing of Markdown).
//! 4. [`layout`]: model → pages (IR 3).
//! 5. [`pdf`] writes pages as PDF; [`epub`] writes the model as EPUB.

pub mod cli;
pub mod config;
pub mod diag;
pub mod epub;
pub mod font;
pub mod layout;
pub mod load;
pub mod model;
pub mod parse;
pub mod pdf;
pub mod text;
