//! Code highlighting: syntect (pure-Rust fancy-regex engine, default syntaxes) parses the code
//! into scopes; we map the scopes to a dozen token classes (`<span class="hl-keyword">` …) and
//! style those in the stylesheet. Short class names keep chapters small; colours only (no bold
//! or italic faces needed, so the mono font subset stays one face).
//!
//! The syntax set is loaded once per process (`OnceLock`). Unknown languages are not
//! highlighted (the caller writes the escaped code as is).

use super::escape::push_text;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Code longer than this is not highlighted (keeps pathological inputs fast).
const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;

/// Most snippets kept in the highlight cache.
const CACHE_ENTRIES: usize = 4096;

/// Scope prefix → class, most specific first (TextMate scope naming conventions).
const CLASSES: &[(&str, &str)] = &[
    ("comment", "hl-comment"),
    ("constant.character.escape", "hl-escape"),
    ("string", "hl-string"),
    ("constant.numeric", "hl-number"),
    ("constant", "hl-constant"),
    ("keyword.operator", "hl-operator"),
    ("keyword", "hl-keyword"),
    ("storage", "hl-keyword"),
    ("entity.name.function", "hl-function"),
    ("support.function", "hl-function"),
    ("variable.function", "hl-function"),
    ("entity.name.tag", "hl-tag"),
    ("entity.other.attribute-name", "hl-attr"),
    ("entity.name", "hl-type"),
    ("support.type", "hl-type"),
    ("support.class", "hl-type"),
    ("variable.language", "hl-constant"),
    ("meta.preprocessor", "hl-keyword"),
    ("markup.heading", "hl-keyword"),
    ("markup.inserted", "hl-string"),
    ("markup.deleted", "hl-keyword"),
];

/// The stylesheet rules for the classes above (colours from GitHub's light theme).
const CSS: &str = "\
pre.code .hl-comment { color: #6a737d; font-style: italic; }
pre.code .hl-string { color: #032f62; }
pre.code .hl-escape { color: #22863a; }
pre.code .hl-number, pre.code .hl-constant { color: #005cc5; }
pre.code .hl-keyword, pre.code .hl-operator { color: #d73a49; }
pre.code .hl-function, pre.code .hl-attr { color: #6f42c1; }
pre.code .hl-type { color: #b35900; }
pre.code .hl-tag { color: #22863a; }
";

fn syntaxes() -> &'static SyntaxSet {
    crate::syntax::syntax_set()
}

fn classes() -> &'static [(Scope, &'static str)] {
    static C: OnceLock<Vec<(Scope, &'static str)>> = OnceLock::new();
    C.get_or_init(|| {
        CLASSES
            .iter()
            .filter_map(|&(s, c)| Scope::new(s).ok().map(|s| (s, c)))
            .collect()
    })
}

type Cache = Mutex<HashMap<(String, String), Option<String>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
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

/// The class of the innermost scope on `stack` that we style.
fn class_of(stack: &ScopeStack) -> Option<&'static str> {
    let classes = classes();
    stack.as_slice().iter().rev().find_map(|&scope| {
        classes
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(scope))
            .map(|&(_, c)| c)
    })
}

fn highlight_uncached(token: &str, code: &str) -> Option<String> {
    let ss = syntaxes();
    let syntax = ss.find_syntax_by_token(token)?;
    if syntax.name == "Plain Text" {
        return None;
    }
    // syntect should not panic, but a highlighting bug must never abort a build.
    let runs = std::panic::catch_unwind(|| {
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        // (class, text) runs, adjacent runs of one class merged.
        let mut runs: Vec<(Option<&'static str>, String)> = Vec::new();
        let mut push = |class: Option<&'static str>, text: &str| {
            if text.is_empty() {
                return;
            }
            match runs.last_mut() {
                Some((c, t)) if *c == class => t.push_str(text),
                _ => runs.push((class, text.to_string())),
            }
        };
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, ss).ok()?;
            let mut pos = 0;
            for (at, op) in ops {
                let at = at.min(line.len());
                if at > pos {
                    push(class_of(&stack), line.get(pos..at)?);
                    pos = at;
                }
                stack.apply(&op).ok()?;
            }
            push(class_of(&stack), line.get(pos..)?);
        }
        Some(runs)
    })
    .ok()
    .flatten()?;
    let mut html = String::with_capacity(code.len() * 2);
    for (class, text) in runs {
        match class {
            Some(c) => {
                html.push_str("<span class=\"");
                html.push_str(c);
                html.push_str("\">");
                push_text(&mut html, &text);
                html.push_str("</span>");
            }
            None => push_text(&mut html, &text),
        }
    }
    Some(html)
}

/// CSS rules for the highlight classes.
pub fn highlight_css() -> &'static str {
    CSS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_as_classed_spans() {
        let html =
            highlight_code("rust", "fn main() { let x = a < b && c; } // 주석").expect("rust");
        assert!(
            html.contains("<span class=\"hl-keyword\">fn</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-comment\">// 주석</span>"),
            "{html}"
        );
        assert!(html.contains("&lt;"));
        assert!(!html.contains("&&"));
        let py = highlight_code("py", "s = \"a\\n\"  # c").expect("python");
        assert!(py.contains("hl-string") && py.contains("hl-escape"), "{py}");
    }

    #[test]
    fn unknown_language_is_plain() {
        assert!(highlight_code("no-such-lang", "x").is_none());
    }

    #[test]
    fn css_has_rules_for_every_class() {
        for (_, class) in CLASSES {
            assert!(highlight_css().contains(&format!(".{class}")), "{class}");
        }
    }
}
