//! Bytes → one or two notes → `parse_book` (Markdown, Obsidian, MDX, embeds, links, HTML).
//!
//! Input layout: byte 0 holds flags (bit 0: first note is `.mdx`, bit 1: second note is `.mdx`);
//! the rest is split at the first NUL byte into the bodies of `a` and `b`, so wikilinks and embeds
//! (`[[b]]`, `![[b#h]]`, `![[a]]`) have a real target, including embed cycles.
#![no_main]

use hanji::load::{Note, note_from_bytes};
use hanji::parse::{ParseOptions, parse_book};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

/// Parsing is roughly linear; bigger inputs cost time without reaching new code.
const MAX_INPUT: usize = 16 * 1024;

/// Decodes one note the way `load` would; invalid UTF-8 is skipped there too.
fn note(name: &str, mdx: bool, bytes: &[u8]) -> Option<Note> {
    let path = format!("{name}.{}", if mdx { "mdx" } else { "md" });
    note_from_bytes(Arc::from(path.as_str()), bytes)
        .ok()
        .map(|w| w.value)
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT || data.is_empty() {
        return;
    }
    let (flags, rest) = (data[0], &data[1..]);
    let (first, second) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut notes = Vec::new();
    notes.extend(note("a", flags & 1 != 0, first));
    if let Some(second) = second {
        notes.extend(note("b", flags & 2 != 0, second));
    }
    // The root does not exist: image references resolve to nothing and become placeholders,
    // and nothing outside it may be read.
    let options = ParseOptions {
        root: "/nonexistent/hanji-fuzz-root".into(),
        ..ParseOptions::default()
    };
    let _ = parse_book(&notes, &options);
});
