//! `hanji init [DIR]`: a folder to start from, a commented `hanji.yaml` with every key and its
//! default, and one sample note. Never overwrites: an existing file is left as it is and named.

use std::path::Path;

/// The commented config file `init` writes (every key, commented out, with its default).
pub(super) const INIT_CONFIG: &str = include_str!("init.yaml");

/// The sample note `init` writes.
const INIT_NOTE: &str = include_str!("init.md");

/// Writes the files that do not exist yet; returns the exit code (1 when nothing could be
/// written, or a write failed).
pub(super) fn run_init(dir: &Path) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("hanji: error: cannot create {}: {e}", dir.display());
        return 1;
    }
    let mut wrote = 0;
    for (name, text) in [("hanji.yaml", INIT_CONFIG), ("시작하며.md", INIT_NOTE)] {
        let path = dir.join(name);
        // `create_new` refuses an existing file atomically: never overwrite.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match file.and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes())) {
            Ok(()) => {
                eprintln!("hanji: wrote {}", path.display());
                wrote += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                eprintln!("hanji: {} exists; left as it is", path.display());
            }
            Err(e) => {
                eprintln!("hanji: error: cannot write {}: {e}", path.display());
                return 1;
            }
        }
    }
    if wrote == 0 {
        eprintln!(
            "hanji: error: nothing to do: {} is already set up",
            dir.display()
        );
        return 1;
    }
    eprintln!(
        "hanji: next: hanji build {}   (writes output/book.epub and output/book.pdf)",
        dir.display()
    );
    0
}
