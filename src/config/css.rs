//! `epub: {css: my.css}`: the user's style sheet, read from the notes folder and made safe
//! before it reaches the EPUB. Comments are dropped; `@import` (a remote or unpackaged file the
//! reader would fetch), `@charset` (only valid first), and every declaration that calls
//! `url()` on anything but a `data:image/` URL, `expression()`, `behavior` or `-moz-binding`
//! are removed, each with a warning; the rest is kept as written.

use super::ConfigArgs;
use super::file::{FileEpub, Lenient};
use super::read::Warner;

/// The `epub:` section: the sanitised style sheet (`None`, with a warning, when the file is
/// missing or unreadable) and `page_list` (`None`: the default).
pub(super) fn epub_section(
    args: &ConfigArgs,
    section: Option<Lenient<FileEpub>>,
    w: &mut Warner<'_>,
) -> (Option<String>, Option<bool>) {
    let Some(section) = w.valid(
        section,
        "epub",
        "a mapping (css, page_list)",
        "the defaults",
    ) else {
        return (None, None);
    };
    for key in section.unknown.keys() {
        w.warn(key, format!("unknown key `epub.{key}` ignored"));
    }
    let page_list = w.valid(
        section.page_list,
        "epub.page_list",
        "`true` or `false`",
        "the default (with the PDF)",
    );
    (style_sheet(args, section.css, w), page_list)
}

/// The sanitised style sheet `epub.css` names.
fn style_sheet(
    args: &ConfigArgs,
    css: Option<Lenient<String>>,
    w: &mut Warner<'_>,
) -> Option<String> {
    let file = w.valid(css, "epub.css", "a path to a .css file", "none")?;
    let path = args.notes_dir.join(file.trim_start_matches("./"));
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            w.warn(
                "epub.css",
                format!(
                    "epub.css `{file}` cannot be read ({}): {e}; ignored",
                    path.display()
                ),
            );
            return None;
        }
    };
    let (css, dropped) = sanitize_css(&text);
    for (line, what) in dropped {
        w.warn(
            "epub.css",
            format!("epub.css `{file}` line {line}: {what} removed (EPUB style sheets may not load or run anything)"),
        );
    }
    Some(css)
}

/// The safe part of a style sheet, and what was removed (1-based line in the input, what).
pub(super) fn sanitize_css(text: &str) -> (String, Vec<(usize, String)>) {
    let text = strip_comments(text);
    let mut out = String::with_capacity(text.len());
    let mut dropped = Vec::new();
    let mut line = 1;
    let mut start = 0;
    // Statements end at `;`, `{` or `}` (outside strings): each is kept or dropped whole.
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b';' | b'{' | b'}') => {
                let piece = &text[start..=i];
                match unsafe_reason(piece) {
                    Some(what) => {
                        dropped.push((line + leading_newlines(piece), what));
                        // A dropped block opener keeps its brace so the braces still balance.
                        if b == b'{' {
                            out.push_str("@media not all {");
                        } else if b == b'}' {
                            out.push('}');
                        }
                    }
                    None => out.push_str(piece),
                }
                line += piece.matches('\n').count();
                start = i + 1;
            }
            _ => {}
        }
    }
    let rest = &text[start..];
    match unsafe_reason(rest) {
        Some(what) => dropped.push((line + leading_newlines(rest), what)),
        None => out.push_str(rest),
    }
    (out, dropped)
}

/// Why a statement may not stay, if it may not.
fn unsafe_reason(piece: &str) -> Option<String> {
    let squeezed: String = piece
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect::<String>()
        .to_ascii_lowercase();
    if squeezed.starts_with("@import") {
        return Some("@import".to_string());
    }
    if squeezed.starts_with("@charset") {
        return Some("@charset".to_string());
    }
    for bad in ["expression(", "behavior:", "-moz-binding"] {
        if squeezed.contains(bad) {
            return Some(format!("`{}`", bad.trim_end_matches(['(', ':'])));
        }
    }
    let mut rest = squeezed.as_str();
    while let Some(at) = rest.find("url(") {
        let arg = rest[at + 4..].trim_start_matches(['"', '\'']);
        if !arg.starts_with("data:image/") {
            let shown: String = arg.chars().take_while(|c| *c != ')').take(40).collect();
            return Some(format!("url({shown})"));
        }
        rest = &rest[at + 4..];
    }
    None
}

/// Newlines before the first non-space character (so a warning names the statement's line).
fn leading_newlines(piece: &str) -> usize {
    let lead = piece.len() - piece.trim_start().len();
    piece[..lead].matches('\n').count()
}

/// The text without `/* … */` comments (newlines inside them kept, so lines still count).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("/*") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find("*/") {
            Some(end) => {
                out.extend(after[..end].chars().filter(|c| *c == '\n'));
                rest = &after[end + 2..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_rules_go_and_the_rest_stays() {
        let css = "@import url(https://evil.example/x.css);\nbody { color: #333; }\n\
                   p { background: url(javascript:alert(1)); margin: 0 }\n\
                   /* @import \"hidden\"; */ h1 { font-size: 2em }\n\
                   .x { background: url('data:image/png;base64,AAAA') }\n\
                   a { b\\ehavior: url(x.htc) }\n";
        let (out, dropped) = sanitize_css(css);
        assert!(out.contains("body { color: #333; }"), "{out}");
        assert!(out.contains("margin: 0 }"), "{out}");
        assert!(out.contains("h1 { font-size: 2em }"), "{out}");
        assert!(out.contains("data:image/png"), "{out}");
        let low = out.to_ascii_lowercase();
        assert!(!low.contains("import") && !low.contains("javascript") && !low.contains("htc"));
        let lines: Vec<usize> = dropped.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 3, 6], "{dropped:?}");
        assert_eq!(out.matches('{').count(), out.matches('}').count());
    }
}
