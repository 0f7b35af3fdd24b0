//! Benchmark of stage ⑤a PDF: `PagedDocument` → PDF bytes (`hanji::pdf::write_pdf`), the
//! document laid out once outside the timed loop. Run: `cargo bench --bench pdf`.

mod common;

fn main() {
    common::header("pdf");
    for input in common::inputs() {
        let config = common::config_for(&input.dir);
        let book = common::book_of(&config);
        let fonts = common::fonts_of(&config);
        let doc = hanji::layout::layout_book(&book, &fonts, &config.layout_options()).value;
        let options = config.pdf_options();
        let s = common::measure(|| {
            // write_pdf consumes the document; the clone is part of the measured time.
            hanji::pdf::write_pdf(doc.clone(), &fonts, &options).map(|b| b.len())
        });
        common::row("pdf", &input.name, doc.pages.len(), "pages", &s);
    }
}
