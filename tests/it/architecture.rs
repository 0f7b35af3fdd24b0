//! Keeps the stage boundaries of ../shared/STYLE.md true: a stage may only `use crate::` the
//! stages it is allowed to depend on. Reads `use` trees properly (`use crate::{parse, model};`,
//! nested groups, `pub use`, multi-line) and paths written inline (`crate::epub::write_epub(…)`),
//! with comments and string literals removed first so that prose cannot hide or fake a use.

use std::path::Path;

/// Allowed `crate::` dependencies per stage folder (besides itself and `diag`/`limits`).
const ALLOWED: &[(&str, &[&str])] = &[
    ("load", &["model"]),
    ("parse", &["load", "model", "font"]),
    ("model", &[]),
    ("font", &[]),
    ("text", &["font"]),
    ("resolve", &["model", "syntax", "load"]),
    ("layout", &["model", "resolve", "text", "font", "syntax"]),
    ("pdf", &["layout", "text", "font"]),
    ("epub", &["model", "resolve", "font", "syntax"]),
];

/// Every top-level module of the crate that counts as a stage (a `use` of anything else, such as
/// `diag` or `limits`, is always allowed).
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

/// The source with `//` and `/* */` comments and string/char literals blanked out.
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < b.len() && !(b[i] == '*' && b.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(next, Some('"') | Some('#')) && !prev_is_ident(&b, i) {
            // Raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && is_char_literal(&b, i) {
            i += 1;
            while i < b.len() && b[i] != '\'' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// `'x'` or `'\n'` (a char literal), not a lifetime `'a`.
fn is_char_literal(b: &[char], i: usize) -> bool {
    matches!(
        (b.get(i + 1), b.get(i + 2)),
        (Some('\\'), _) | (Some(_), Some('\''))
    )
}

/// The top-level modules a `use` tree names, given the text after `crate::` (`{a, b::c}` or
/// `a::b`).
fn tree_roots(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    if let Some(inner) = tree.strip_prefix('{') {
        let inner = inner.strip_suffix('}').unwrap_or(inner);
        split_top_level(inner)
            .into_iter()
            .filter_map(|item| {
                let item = item.trim();
                let name: String = item
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                (!name.is_empty() && name != "self").then_some(name)
            })
            .collect()
    } else {
        let name: String = tree
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        vec![name]
    }
}

/// Splits `a, b::{c, d}, e` at the commas that are not inside braces.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// Every top-level crate module that `code` refers to: through `use crate::…` trees (with the
/// whitespace of multi-line groups removed) and through inline `crate::name::` paths.
fn crate_modules_used(code: &str) -> Vec<String> {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let mut used = Vec::new();
    let mut rest = compact.as_str();
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let end = if after.starts_with('{') {
            let mut depth = 0;
            after
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(after.len(), |(i, _)| i + 1)
        } else {
            after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len())
        };
        used.extend(tree_roots(&after[..end]));
        rest = &after[end..];
    }
    used
}

#[test]
fn use_trees_are_read_with_groups_and_comments_removed() {
    let src = "use crate::{\n    parse,\n    model::{Book, Chapter},\n};\n\
               // use crate::epub;\nlet s = \"crate::pdf::x\";\n\
               fn f() { crate::layout::layout_book(); }\npub(crate) use crate::text::Pt;";
    let mut used = crate_modules_used(&code_only(src));
    used.sort();
    assert_eq!(used, ["layout", "model", "parse", "text"]);
}

#[test]
fn stages_only_use_allowed_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (stage, allowed) in ALLOWED {
        let mut files = Vec::new();
        rust_files(&src.join(stage), &mut files);
        let single = src.join(format!("{stage}.rs"));
        if single.exists() {
            files.push(single);
        }
        assert!(!files.is_empty(), "stage src/{stage} has no files");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read source");
            let mut used = crate_modules_used(&code_only(&text));
            used.sort();
            used.dedup();
            for module in used {
                if module != *stage
                    && STAGES.contains(&module.as_str())
                    && !allowed.contains(&module.as_str())
                {
                    violations.push(format!("{} uses `crate::{module}`", file.display()));
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
