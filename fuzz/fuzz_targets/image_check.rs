//! Bytes of one image file → `parse::check_image`: format sniffing, header and pixel limit,
//! the raster decode test and SVG sanitising (usvg). Issue 8: no file may panic, and whatever
//! passes as SVG must come out without script, event attributes, entities or foreignObject.
#![no_main]

use hanji::limits::Limits;
use libfuzzer_sys::fuzz_target;

/// Small limits keep one execution fast; the checks are the same at any size.
const LIMITS: Limits = Limits {
    note_bytes: 1 << 20,
    image_bytes: 256 * 1024,
    image_pixels: 4_000_000,
    embed_depth: 16,
    embed_factor: 10,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(("image/svg+xml", clean)) = hanji::parse::check_image(data, &LIMITS) {
        let text = String::from_utf8_lossy(&clean).to_lowercase();
        for bad in ["<script", "<!entity", "foreignobject", "javascript:", " onload="] {
            assert!(!text.contains(bad), "sanitised SVG still holds `{bad}`");
        }
    }
});
