//! Benchmark of stage ② parse: `Vec<Note>` → `Book` (`hanji::parse::parse_book`), notes loaded
//! once outside the timed loop (image files are still read inside it, as in a build).
//! Run: `cargo bench --bench parse`.

mod common;

fn main() {
    common::header("parse");
    for input in common::inputs() {
        let config = common::config_for(&input.dir);
        let notes = common::notes_of(&config);
        let options = config.parse_options();
        let s = common::measure(|| hanji::parse::parse_book(&notes, &options).value);
        common::row("parse", &input.name, notes.len(), "notes", &s);
    }
}
