//! Bytes → one note → model → EPUB (`write_epub`) and PDF (`layout_book` → `write_pdf`).
//!
//! Byte 0 holds flags (bit 0: `.mdx`; bit 1: embed subset fonts in the EPUB, the slow path, so
//! only half the inputs take it); the rest is the note file. Inputs are capped at 2 KB so one
//! execution (shaping, line breaking, page layout, PDF serialisation) stays well under a second.
#![no_main]

use hanji::epub::{EpubOptions, write_epub};
use hanji::font::{FontBook, FontOptions};
use hanji::layout::{LayoutOptions, layout_book};
use hanji::load::note_from_bytes;
use hanji::parse::{ParseOptions, parse_book};
use hanji::pdf::{PdfOptions, write_pdf};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

/// Keeps each execution short (see the module comment).
const MAX_INPUT: usize = 2 * 1024;

/// The embedded fonts, loaded once per process: loading per input would dominate the run.
fn fonts() -> &'static FontBook {
    static FONTS: OnceLock<FontBook> = OnceLock::new();
    FONTS.get_or_init(|| FontBook::load(&FontOptions::default()).expect("embedded fonts load"))
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT || data.is_empty() {
        return;
    }
    let (flags, rest) = (data[0], &data[1..]);
    let path = if flags & 1 != 0 { "a.mdx" } else { "a.md" };
    let Ok(note) = note_from_bytes(Arc::from(path), rest) else {
        return;
    };
    let options = ParseOptions {
        root: "/nonexistent/hanji-fuzz-root".into(),
        ..ParseOptions::default()
    };
    let book = parse_book(&[note.value], &options).value;
    let epub = EpubOptions {
        embed_fonts: flags & 2 != 0,
        modified: Some(0),
        ..EpubOptions::default()
    };
    let mut paged = layout_book(&book, fonts(), &LayoutOptions::default()).value;
    // The EPUB with the layout's page numbers, as a build of both books writes it.
    let print_pages = std::mem::take(&mut paged.print_pages);
    let _ = write_epub(&book, &epub, Some(&print_pages));
    let _ = write_pdf(paged, fonts(), &PdfOptions::default());
});
