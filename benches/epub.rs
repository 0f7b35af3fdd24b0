//! Benchmark of stage ⑤b EPUB: `Book` → EPUB bytes (`hanji::epub::write_epub`), with and
//! without embedded (subset) fonts, the book parsed once outside the timed loop.
//! Run: `cargo bench --bench epub`.

mod common;

fn main() {
    common::header("epub");
    for input in common::inputs() {
        let config = common::config_for(&input.dir);
        let book = common::book_of(&config);
        let n = book.chapters.len();
        let mut options = config.epub_options();
        let s = common::measure(|| hanji::epub::write_epub(&book, &options, None).map(|w| w.value));
        common::row("epub", &input.name, n, "chapters", &s);
        // Font subsetting is a separate cost worth seeing on its own.
        options.embed_fonts = false;
        let s = common::measure(|| hanji::epub::write_epub(&book, &options, None).map(|w| w.value));
        common::row("epub (no fonts)", &input.name, n, "chapters", &s);
    }
}
