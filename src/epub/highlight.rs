//! Code highlighting: syntect (pure-Rust fancy-regex engine, default syntaxes) → classed
//! `<span class="hl-…">` markup, plus the stylesheet for those classes.
//!
//! The syntax set is loaded once per process (`OnceLock`). Unknown languages are not
//! highlighted (the caller writes the escaped code as is).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix so syntect's scope names never collide with our own classes.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Code longer than this is not highlighted (keeps pathological inputs fast).
const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a fence tag such as `rust`, `py`, `sh`) as XHTML-safe
/// classed spans, or `None` when the language is unknown or highlighting fails.
pub fn highlight_code(lang: &str, code: &str) -> Option<String> {
    if code.len() > MAX_HIGHLIGHT_BYTES || lang.is_empty() {
        return None;
    }
    let lang = lang.to_ascii_lowercase();
    let token = match lang.as_str() {
        "shell" | "zsh" | "console" => "bash",
        "jsonc" | "json5" => "json",
        "c++" => "cpp",
        "py3" | "python3" => "python",
        other => other,
    };
    // The same snippet (a template repeated across notes) is highlighted once.
    let key = (token.to_string(), code.to_string());
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let html = highlight_uncached(token, code);
    if let Ok(mut c) = cache().lock()
        && c.len() < CACHE_ENTRIES
    {
        c.insert(key, html.clone());
    }
    html
}

/// Most snippets kept in the highlight cache.
const CACHE_ENTRIES: usize = 4096;

type Cache = Mutex<HashMap<(String, String), Option<String>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn highlight_uncached(token: &str, code: &str) -> Option<String> {
    let ss = syntaxes();
    let syntax = ss.find_syntax_by_token(token)?;
    if syntax.name == "Plain Text" {
        return None;
    }
    // syntect should not panic, but a highlighting bug must never abort a build.
    std::panic::catch_unwind(|| {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    })
    .ok()
    .flatten()
    .map(|html| strip_invalid_xml(&html))
}

/// Removes characters XML 1.0 forbids (syntect passes code text through escaped but unfiltered).
fn strip_invalid_xml(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        })
        .collect()
}

/// CSS rules for the highlight classes (light theme "InspiredGitHub").
pub fn highlight_css() -> String {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        themes
            .themes
            .get("InspiredGitHub")
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_as_classed_spans() {
        let html = highlight_code("rust", "fn main() { let x = a < b && c; }").expect("rust");
        assert!(html.contains("<span class=\"hl-"));
        assert!(html.contains("&lt;"));
        assert!(html.contains("&amp;"));
        assert!(!html.contains("&&"));
        assert!(!html.contains("a < b"));
    }

    #[test]
    fn unknown_language_is_plain() {
        assert!(highlight_code("no-such-lang", "x").is_none());
    }

    #[test]
    fn css_has_rules() {
        assert!(highlight_css().contains(".hl-"));
    }
}
