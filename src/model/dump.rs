//! A stable, line-oriented text dump of the model, for golden tests and `hanji build --format model`.

use super::Book;

/// Renders `book` as indented text, one node per line. Owned by the parse helper; stable format.
pub fn dump_book(book: &Book) -> String {
    format!("{book:#?}")
}
