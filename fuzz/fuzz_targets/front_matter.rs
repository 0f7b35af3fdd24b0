//! Bytes of one note file → `note_from_bytes`: UTF-8 decoding (BOM, line endings) and the YAML
//! front matter split and typed. Issue 8: no input may panic; bad bytes are a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

/// Larger inputs only slow the search down: the code under test is linear in the input.
const MAX_INPUT: usize = 16 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_INPUT {
        return;
    }
    // Both extensions: `.mdx` flips the note into MDX mode.
    for path in ["note.md", "note.mdx"] {
        let _ = hanji::load::note_from_bytes(Arc::from(path), data);
    }
});
