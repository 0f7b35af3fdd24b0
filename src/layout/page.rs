//! Page furniture: running heads (by default the book title on even pages at the left, the
//! chapter title on odd pages at the right, none on a chapter's first page) and the foot line
//! (by default the page number: roman in the front matter, arabic in the body), all artifacts
//! outside the logical structure. `pdf.header_even`, `pdf.header_odd` and `pdf.footer` in
//! hanji.yaml change the words ([`PagePattern`]).

use super::flow::BodyPage;
use super::paged::{ItemKind, LabelStyle, PageItem, push_runs};

/// The page number as printed: roman in the front matter, arabic in the body.
pub(crate) fn page_label(n: u32, style: LabelStyle) -> String {
    match style {
        LabelStyle::LowerRoman => roman(n),
        LabelStyle::Arabic => n.to_string(),
    }
}
use super::style::{GREY, Metrics, RULE, plain_style};
use crate::font::{Family, FontBook, Pt};
use crate::text::{ShapeCache, shape_line};

/// What the running heads and the foot line say: text with placeholders `{title}` (the book),
/// `{chapter}` (the note the page belongs to), `{author}`, `{page}` (the number printed at the
/// foot: roman in the front matter) and `{pages}` (the body's page count). Empty: nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagePattern {
    /// Head of even (left-hand) pages, at the left.
    pub header_even: String,
    /// Head of odd (right-hand) pages, at the right.
    pub header_odd: String,
    /// Foot of every numbered page, centred.
    pub footer: String,
}

impl Default for PagePattern {
    fn default() -> Self {
        PagePattern {
            header_even: "{title}".into(),
            header_odd: "{chapter}".into(),
            footer: "{page}".into(),
        }
    }
}

impl PagePattern {
    /// The placeholders a pattern may use.
    pub const PLACEHOLDERS: [&'static str; 5] = ["title", "chapter", "author", "page", "pages"];

    /// The placeholders of `pattern` that are not in [`PagePattern::PLACEHOLDERS`].
    pub fn unknown_placeholders(pattern: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + len];
            if !Self::PLACEHOLDERS.contains(&name) {
                out.push(name.to_string());
            }
            rest = &rest[open + len + 1..];
        }
        out
    }
}

/// The words a pattern's placeholders stand for on one page.
pub(crate) struct PageWords<'a> {
    pub title: &'a str,
    pub chapter: &'a str,
    pub author: &'a str,
    pub page: &'a str,
    pub pages: &'a str,
}

/// `pattern` with its placeholders filled in, trimmed (`None` when nothing is left).
pub(crate) fn expand(pattern: &str, w: &PageWords<'_>) -> Option<String> {
    let text = pattern
        .replace("{title}", w.title)
        .replace("{chapter}", w.chapter)
        .replace("{author}", w.author)
        .replace("{pages}", w.pages)
        .replace("{page}", w.page);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// What to print around one page.
pub(crate) struct Furniture {
    /// The foot line (the page number by default); `None` = nothing (title page).
    pub foot: Option<String>,
    /// Running head text and whether it sits at the right.
    pub head: Option<(String, bool)>,
}

/// Lower-case roman numeral (front matter page labels).
pub(crate) fn roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Adds the running head and page number to `page`.
pub(crate) fn furnish(
    page: &mut BodyPage,
    f: &Furniture,
    m: &Metrics,
    fonts: &FontBook,
    cache: &ShapeCache,
    lang: &str,
) {
    // Pages were shrunk to fit after pagination: grow by what is added here, not by doubling.
    page.items.reserve_exact(12);
    let small = plain_style(Family::Sans, m.base * 0.8);
    if let Some(text) = &f.foot {
        let line = shape_line(text, small, lang, fonts, cache);
        let x = m.left + (m.width - line.width) / 2.0;
        let y = m.top + m.height + m.base * 2.6;
        push_runs(&mut page.items, line.runs, (x, y), GREY, None);
    }
    if let Some((text, right)) = &f.head {
        let right = *right;
        let max_w = m.width * 0.8;
        let mut text = text.clone();
        let mut line = shape_line(&text, small, lang, fonts, cache);
        // Long titles are shortened with an ellipsis so the head stays on one line.
        while line.width > max_w && text.chars().count() > 4 {
            let keep = text.chars().count() * 4 / 5;
            text = text.chars().take(keep).collect::<String>() + "…";
            line = shape_line(&text, small, lang, fonts, cache);
        }
        let x = if right {
            m.left + m.width - line.width
        } else {
            m.left
        };
        let y = m.top - m.base * 1.9;
        push_runs(&mut page.items, line.runs, (x, y), GREY, None);
        let ry = m.top - m.base * 1.3;
        page.items.push(PageItem {
            kind: ItemKind::Rule {
                x1: m.left,
                y1: ry,
                x2: m.left + m.width,
                y2: ry,
                thickness: Pt(0.4),
                color: RULE,
            },
            elem: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(2026), "mmxxvi");
    }
}
