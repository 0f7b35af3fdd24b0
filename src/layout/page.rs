//! Page furniture: running heads (book title on even pages at the left, chapter title on odd
//! pages at the right, none on a chapter's first page) and page numbers (roman in the front
//! matter, arabic in the body), all artifacts outside the logical structure.

use super::flow::BodyPage;
use super::paged::{ItemKind, LabelStyle, PageItem, push_runs};
use super::style::{GREY, Metrics, RULE, plain_style};
use crate::font::{Family, FontBook, Pt};
use crate::text::{ShapeCache, shape_line};

/// What to print around one page.
pub(crate) struct Furniture<'a> {
    /// Number to print, with its style; `None` = no number (title page).
    pub number: Option<(u32, LabelStyle)>,
    /// Running head text and whether it sits at the right.
    pub head: Option<(&'a str, bool)>,
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
    f: &Furniture<'_>,
    m: &Metrics,
    fonts: &FontBook,
    cache: &ShapeCache,
    lang: &str,
) {
    // Pages were shrunk to fit after pagination: grow by what is added here, not by doubling.
    page.items.reserve_exact(12);
    let small = plain_style(Family::Sans, m.base * 0.8);
    if let Some((n, style)) = f.number {
        let text = match style {
            LabelStyle::LowerRoman => roman(n),
            LabelStyle::Arabic => n.to_string(),
        };
        let line = shape_line(&text, small, lang, fonts, cache);
        let x = m.left + (m.width - line.width) / 2.0;
        let y = m.top + m.height + m.base * 2.6;
        push_runs(&mut page.items, line.runs, (x, y), GREY, None);
    }
    if let Some((text, right)) = f.head {
        let max_w = m.width * 0.8;
        let mut text = text.to_string();
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
