//! Highlighted code as XHTML: the token stream from [`crate::resolve::highlight`] becomes
//! `<span class="hl-keyword">` … runs, and the stylesheet colours those classes from the one
//! code palette ([`crate::resolve::palette::token_color`]). Colours only (no bold or italic
//! faces needed, so the mono font subset stays one face).

use super::escape::push_text;
use crate::resolve::palette::token_color;
use crate::resolve::{TokenClass, highlight_code};
use std::sync::OnceLock;

/// `code` fenced as `lang` as XHTML-safe classed spans, or `None` when nothing in it is
/// highlighted (unknown language, over the size limit): the caller writes it escaped.
pub(super) fn highlighted_html(lang: &str, code: &str) -> Option<String> {
    let lines = highlight_code(Some(lang), code);
    if lines.iter().flatten().all(|(c, _)| *c == TokenClass::Plain) {
        return None;
    }
    let mut html = String::with_capacity(code.len() * 2);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            html.push('\n');
        }
        for (class, text) in line {
            push_run(&mut html, *class, text);
        }
    }
    Some(html)
}

fn push_run(html: &mut String, class: TokenClass, text: &str) {
    if class == TokenClass::Plain {
        push_text(html, text);
        return;
    }
    html.push_str("<span class=\"hl-");
    html.push_str(class.name());
    html.push_str("\">");
    push_text(html, text);
    html.push_str("</span>");
}

/// CSS rules for the highlight classes, from the shared code palette.
pub(super) fn highlight_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let mut css = String::new();
        for class in TokenClass::ALL.into_iter().skip(1) {
            let style = if class == TokenClass::Comment {
                " font-style: italic;"
            } else {
                ""
            };
            css.push_str(&format!(
                "pre.code .hl-{} {{ color: {};{style} }}\n",
                class.name(),
                token_color(class).css()
            ));
        }
        css
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_as_classed_spans() {
        let html =
            highlighted_html("rust", "fn main() { let x = a < b && c; } // 주석").expect("rust");
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
        let py = highlighted_html("py", "s = \"a\\n\"  # c").expect("python");
        assert!(py.contains("hl-string") && py.contains("hl-escape"), "{py}");
    }

    #[test]
    fn unknown_language_is_plain() {
        assert!(highlighted_html("no-such-lang", "x").is_none());
    }

    #[test]
    fn css_colours_every_class_from_the_palette() {
        for class in TokenClass::ALL.into_iter().skip(1) {
            let rule = format!(
                ".hl-{} {{ color: {};",
                class.name(),
                token_color(class).css()
            );
            assert!(highlight_css().contains(&rule), "{rule}");
        }
    }
}
