//! ②b Resolving: passes over the model and the presentation both writers read.
//!
//! Input: the [`crate::model::Book`] that parse made. Output: the same model, rewritten by
//! passes that need the whole book (`--each` sibling links, the contents tree), and the
//! decisions both writers must share (interface labels per language, the callout and code
//! palettes, heading levels, highlighted code), so that the EPUB and the PDF never disagree.
//! Does not parse notes, lay out pages or write files.

mod check;
pub mod each;
pub mod highlight;
pub mod labels;
mod levels;
pub mod palette;
pub mod toc;
pub mod typography;

pub use check::{PDF_IMAGE_TYPES, ResolveOptions, resolve_book};
pub use highlight::{TokenClass, TokenLine, Tokens, highlight_code};
pub use labels::{Labels, is_korean};
pub use levels::heading_level;
pub use palette::{CalloutColors, Rgb, callout_colors};
pub use typography::Typography;
