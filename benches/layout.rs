//! Benchmark of stage ④ layout: `Book` → `PagedDocument` (`hanji::layout::layout_book`), the
//! book parsed and the fonts loaded once outside the timed loop. The shape cache is built per
//! call, as in a build; process-wide caches (highlighted code, font faces) stay warm after the
//! first run, which the `first run` column shows apart. Run: `cargo bench --bench layout`.

mod common;

fn main() {
    common::header("layout");
    let mut fonts_row = false;
    for input in common::inputs() {
        let config = common::config_for(&input.dir);
        if !fonts_row {
            // Font loading is part of every PDF build (and of the one-note budget).
            let options = config.font_options();
            let s = common::measure(|| hanji::font::FontBook::load(&options).is_ok());
            common::row("fonts (load)", "-", 0, "", &s);
            fonts_row = true;
        }
        let book = common::book_of(&config);
        let fonts = common::fonts_of(&config);
        let options = config.layout_options();
        let s = common::measure(|| hanji::layout::layout_book(&book, &fonts, &options).value);
        let pages = hanji::layout::layout_book(&book, &fonts, &options)
            .value
            .pages
            .len();
        common::row("layout", &input.name, pages, "pages", &s);
    }
}
