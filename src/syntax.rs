//! The one syntect `SyntaxSet` of the process, shared by both writers (EPUB classes, PDF
//! colours). Loading the grammars and compiling their regexes (done lazily inside the set) were
//! the largest cost of a one-note build when each writer kept its own set; shared, they are paid
//! once. Knows nothing of the model, pages or themes.

use std::sync::OnceLock;
use syntect::parsing::SyntaxSet;

/// syntect's default grammars (newline mode), loaded on first use.
pub(crate) fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Loads the grammars in the background (a book with fenced code will need them: ~10 ms that
/// then overlap parsing instead of delaying the first code block's layout).
pub(crate) fn warm_up() {
    rayon::spawn(|| {
        syntax_set();
    });
}
