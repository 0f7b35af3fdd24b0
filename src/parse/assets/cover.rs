//! A generated cover for a book that has no `cover:` image: the title and the authors set on a
//! plain ground, as an SVG asset that both writers then treat as any cover (the EPUB's
//! `cover-image` and cover page, the PDF's first page), so the book has a face in a reader's
//! library. The text is laid out by usvg with the embedded fonts and written as outlines: an
//! image shown by `<img>` cannot load the book's fonts, and the title page after it carries
//! the same words as text. The page has the A-series proportions (1 : √2), those of A4 and A5.

use super::svg::Sanitised;
use crate::model::{Asset, BookMeta};
use std::fmt::Write as _;
use std::sync::Arc;

/// Width and height of the cover's coordinate system.
const W: f32 = 1000.0;
const H: f32 = 1414.0;
/// Left edge of the text and width it may take.
const TEXT_X: f32 = 140.0;
const TEXT_W: f32 = 760.0;
/// Most title characters and lines the cover shows (at the smallest size, 40 units).
const MAX_TITLE_CHARS: usize = 300;
const MAX_LINES: usize = 14;
/// Ground, accent band and ink.
const GROUND: &str = "#f3eee4";
const ACCENT: &str = "#7a1f1f";
const INK: &str = "#1d1d1b";
const SOFT_INK: &str = "#4a4a46";

/// The path the generated cover has among the book's assets (no note's image can have it: it
/// is not a file name a note may hold, assets of notes are paths inside the notes folder).
pub(in crate::parse) const COVER_PATH: &str = "<generated cover>.svg";

/// The generated cover of a book titled `meta.title` by `meta.authors`; `None` when usvg
/// cannot lay it out (it always can with the embedded fonts: a bug, not a user's problem).
pub(in crate::parse) fn generated_cover(meta: &BookMeta) -> Option<Asset> {
    let authors = meta.authors.join(", ");
    let svg = cover_svg(meta.title.trim(), &authors);
    let fonts = crate::font::cover_fontdb(&format!("{} {authors}", meta.title));
    let Sanitised { data, .. } = outlined(&svg, fonts)?;
    Some(Asset {
        path: COVER_PATH.to_string(),
        media_type: "image/svg+xml",
        data: Arc::from(data),
    })
}

/// The cover as SVG source with `<text>`: ground, a band at the left edge, the title in bold
/// sans (as large as lets it fit in at most six lines), a rule, the authors in regular sans.
fn cover_svg(title: &str, authors: &str) -> String {
    let title = if title.is_empty() { "Untitled" } else { title };
    // A title too long for the cover is cut there (the title page sets all of it).
    let title: String = title.chars().take(MAX_TITLE_CHARS).collect();
    let (size, mut lines) = [112.0, 96.0, 80.0, 68.0, 56.0, 46.0]
        .into_iter()
        .map(|size| (size, wrap(&title, TEXT_W / size)))
        .find(|(_, lines)| lines.len() <= 6)
        .unwrap_or_else(|| (40.0, wrap(&title, TEXT_W / 40.0)));
    if lines.len() > MAX_LINES || title.chars().count() == MAX_TITLE_CHARS {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    let mut out = String::with_capacity(1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\">\
         <rect width=\"{W}\" height=\"{H}\" fill=\"{GROUND}\"/>\
         <rect width=\"56\" height=\"{H}\" fill=\"{ACCENT}\"/>"
    );
    let leading = size * 1.25;
    let mut y = H * 0.30 + size;
    for line in &lines {
        let _ = write!(
            out,
            "<text x=\"{TEXT_X}\" y=\"{y:.1}\" font-family=\"sans-serif\" font-weight=\"bold\" \
             font-size=\"{size}\" fill=\"{INK}\">{}</text>",
            escape(line)
        );
        y += leading;
    }
    y += size * 0.35;
    let _ = write!(
        out,
        "<rect x=\"{TEXT_X}\" y=\"{y:.1}\" width=\"120\" height=\"6\" fill=\"{ACCENT}\"/>"
    );
    y += 90.0;
    for line in wrap(authors, TEXT_W / 50.0) {
        let _ = write!(
            out,
            "<text x=\"{TEXT_X}\" y=\"{y:.1}\" font-family=\"sans-serif\" font-size=\"50\" \
             fill=\"{SOFT_INK}\">{}</text>",
            escape(&line)
        );
        y += 64.0;
    }
    out.push_str("</svg>");
    out
}

/// Lines of at most `ems` ems (estimated: a Hangul or CJK character is 1 em, other letters
/// about half), broken at spaces; a word longer than a line is broken between characters.
fn wrap(text: &str, ems: f32) -> Vec<String> {
    let width = |s: &str| s.chars().map(char_ems).sum::<f32>();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate) <= ems {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if width(&line) + char_ems(c) > ems && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Estimated advance of `c` in ems.
fn char_ems(c: char) -> f32 {
    match c {
        ' ' => 0.3,
        c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.65,
        c if c.is_ascii() => 0.55,
        c if (c as u32) < 0x1100 => 0.6,
        _ => 1.0,
    }
}

/// Text escaped for an SVG text node.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The SVG with its text laid out by usvg in `fonts` and written as paths.
fn outlined(svg: &str, fonts: Arc<usvg::fontdb::Database>) -> Option<Sanitised> {
    let options = usvg::Options {
        resources_dir: None,
        fontdb: fonts,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let write = usvg::WriteOptions {
        preserve_text: false,
        ..usvg::WriteOptions::default()
    };
    Some(Sanitised {
        data: tree.to_string(&write).into_bytes(),
        warning: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_title_is_cut_on_the_cover() {
        let svg = cover_svg(&"가".repeat(100_000), "");
        assert!(svg.len() < 20_000, "{}", svg.len());
        assert!(svg.contains('…'));
        assert!(!cover_svg("짧은 제목", "").contains('…'));
    }

    #[test]
    fn titles_wrap_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("한지 노트 모음", 5.0), ["한지 노트", "모음"]);
        assert_eq!(wrap("가나다라마바", 4.0), ["가나다라", "마바"]);
        assert!(wrap("", 4.0).is_empty());
    }

    #[test]
    fn the_cover_is_an_svg_of_outlines_with_every_character_escaped() {
        let meta = BookMeta {
            title: "한지 & <노트>".into(),
            authors: vec!["홍길동".into()],
            ..BookMeta::default()
        };
        let source = cover_svg(&meta.title, "홍길동");
        assert!(source.contains("한지 &amp; &lt;노트&gt;"), "{source}");
        let asset = generated_cover(&meta).expect("cover");
        let svg = String::from_utf8(asset.data.to_vec()).expect("utf-8");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(!svg.contains("<text"), "text is outlined");
        // The title and the author are there as groups of glyph outlines after the shapes.
        assert!(svg.matches("<g>").count() >= 2 && svg.len() > 4000, "{svg}");
    }
}
