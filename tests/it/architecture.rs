//! Keeps the stage boundaries of ../shared/STYLE.md true: a stage may only `use crate::` the
//! stages it is allowed to depend on.

use std::path::Path;

/// Allowed `crate::` dependencies per stage folder (besides itself and `diag`).
const ALLOWED: &[(&str, &[&str])] = &[
    ("load", &["model"]),
    ("parse", &["load", "model"]),
    ("model", &[]),
    ("font", &[]),
    ("text", &["font"]),
    ("resolve", &["model", "syntax", "load"]),
    ("layout", &["model", "resolve", "text", "font", "syntax"]),
    ("pdf", &["layout", "text", "font"]),
    ("epub", &["model", "resolve", "font", "syntax"]),
];

const STAGES: &[&str] = &[
    "load", "parse", "model", "font", "text", "layout", "pdf", "epub", "cli", "config", "build",
    "syntax", "resolve",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn stages_only_use_allowed_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (stage, allowed) in ALLOWED {
        let mut files = Vec::new();
        rust_files(&src.join(stage), &mut files);
        assert!(!files.is_empty(), "stage folder src/{stage} has no files");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read source");
            for used in STAGES {
                if used == stage || allowed.contains(used) {
                    continue;
                }
                for pattern in [
                    format!("crate::{used}::"),
                    format!("crate::{used};"),
                    format!("crate::{used}}}"),
                ] {
                    if text.contains(&pattern) {
                        violations.push(format!("{} uses `crate::{used}`", file.display()));
                    }
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "forbidden stage dependencies:\n{}",
        violations.join("\n")
    );
}
