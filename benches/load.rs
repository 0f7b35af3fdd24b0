//! Benchmark of stage ① load: notes folder → `Vec<Note>` (`hanji::load::load_notes`).
//! Walks and reads the real folder each run (warm page cache). Run: `cargo bench --bench load`.

mod common;

fn main() {
    common::header("load");
    for input in common::inputs() {
        let config = common::config_for(&input.dir);
        let options = config.load_options();
        let notes = common::notes_of(&config).len();
        let s = common::measure(|| hanji::load::load_notes(&options).map(|w| w.value.len()));
        common::row("load", &input.name, notes, "notes", &s);
    }
}
