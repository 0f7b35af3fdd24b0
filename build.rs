//! Compresses the embedded fonts (`fonts/*.ttf`, `fonts/*.otf`) into `OUT_DIR`, so the binary
//! carries 13 MB of zstd frames instead of 27 MB of font files and stays within its 50 MB
//! budget (issue 10 item 7); `font::embedded` unpacks each face on first use. zstd at level 19
//! (deflate -9 made 15 MB and unpacked 2-3x slower: a quarter of a small book's start-up), each
//! prefixed with the unpacked length (u32, little-endian) so it is unpacked into one allocation
//! of the right size.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=fonts");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut files: Vec<_> = std::fs::read_dir("fonts")
        .expect("fonts/ is part of the source tree")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
        .collect();
    files.sort();
    for path in files {
        let data = std::fs::read(&path).expect("read a font file");
        let len = u32::try_from(data.len()).expect("a font file under 4 GB");
        let mut packed = len.to_le_bytes().to_vec();
        packed.extend(zstd::bulk::compress(&data, 19).expect("zstd into memory"));
        let name = path.file_name().expect("a file name").to_string_lossy();
        std::fs::write(Path::new(&out).join(format!("{name}.zst")), packed)
            .expect("write into OUT_DIR");
    }
}
