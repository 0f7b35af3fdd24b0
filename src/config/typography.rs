//! `page.line_height`, `page.paragraph_spacing` and `page.link_color`: the typography keys both
//! books honour (see [`Typography`]). A value out of range is clamped with a warning; a link
//! colour that does not reach WCAG AA contrast on the white page is kept with a warning.

use super::file::{FileFonts, Lenient};
use super::read::Warner;
use crate::resolve::{Rgb, Typography};

/// The three keys as written in the `page:` section.
pub(super) struct TypographyKeys {
    pub line_height: Option<Lenient<f64>>,
    pub paragraph_spacing: Option<Lenient<f64>>,
    pub link_color: Option<Lenient<String>>,
}

/// Reads the keys into `t`.
pub(super) fn apply_typography(t: &mut Typography, keys: TypographyKeys, w: &mut Warner<'_>) {
    t.line_height = ems(
        keys.line_height,
        "page.line_height",
        Typography::LINE_HEIGHT_RANGE,
        Typography::LINE_HEIGHT,
        w,
    )
    .or(t.line_height);
    t.paragraph_spacing = ems(
        keys.paragraph_spacing,
        "page.paragraph_spacing",
        Typography::PARAGRAPH_SPACING_RANGE,
        Typography::PARAGRAPH_SPACING,
        w,
    )
    .or(t.paragraph_spacing);
    let expected = "a colour `#rrggbb`";
    if let Some(text) = w.valid(keys.link_color, "page.link_color", expected, "the default") {
        match parse_hex_color(&text) {
            Some(c) => {
                let contrast = c.contrast(Rgb {
                    r: 255,
                    g: 255,
                    b: 255,
                });
                if contrast < 4.5 {
                    w.warn(
                        "page.link_color",
                        format!(
                            "page.link_color `{text}` has a contrast of {contrast:.2}:1 on the \
                             white page; WCAG AA asks for 4.5:1 (kept as written)"
                        ),
                    );
                }
                t.link_color = Some(c);
            }
            None => w.warn(
                "page.link_color",
                format!("page.link_color `{text}` is not {expected}; using the default"),
            ),
        }
    }
}

/// A number of ems within `range`: clamped with a warning when outside it.
fn ems(
    field: Option<Lenient<f64>>,
    key: &str,
    range: std::ops::RangeInclusive<f32>,
    default: f32,
    w: &mut Warner<'_>,
) -> Option<f32> {
    let expected = format!("a number {}–{}", range.start(), range.end());
    let v = w.valid(field, key, &expected, &default.to_string())?;
    if v.is_nan() {
        return None;
    }
    let clamped = (v as f32).clamp(*range.start(), *range.end());
    // Compared in f32: 2.4 as f64 and as f32 differ in their last bits.
    if clamped != v as f32 {
        w.warn(
            key,
            format!(
                "{key} {v} is out of range {}–{}; using {clamped}",
                range.start(),
                range.end()
            ),
        );
    }
    Some(clamped)
}

/// `#rrggbb` or `#rgb` (case-insensitive), as CSS writes them.
pub(super) fn parse_hex_color(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some(Rgb {
            r: channel(&hex[0..2])?,
            g: channel(&hex[2..4])?,
            b: channel(&hex[4..6])?,
        }),
        3 => {
            let d = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some(Rgb {
                r: d(0)?,
                g: d(1)?,
                b: d(2)?,
            })
        }
        _ => None,
    }
}

/// The `fonts:` section: a family name per role (looked up when the fonts load).
pub(super) fn fonts_section(
    section: Option<Lenient<FileFonts>>,
    w: &mut Warner<'_>,
) -> crate::font::RoleFonts {
    let Some(section) = w.valid(
        section,
        "fonts",
        "a mapping (body, heading, code) of font family names",
        "the embedded fonts",
    ) else {
        return crate::font::RoleFonts::default();
    };
    for key in section.unknown.keys() {
        w.warn(key, format!("unknown key `fonts.{key}` ignored"));
    }
    let mut name = |field, key| {
        w.valid(field, key, "a font family name", "the embedded font")
            .map(|n: String| n.trim().to_string())
            .filter(|n| !n.is_empty())
    };
    crate::font::RoleFonts {
        body: name(section.body, "fonts.body"),
        heading: name(section.heading, "fonts.heading"),
        code: name(section.code, "fonts.code"),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_hex_color;
    use crate::resolve::Rgb;

    #[test]
    fn colours_parse_as_css_writes_them() {
        let navy = Rgb {
            r: 0x1f,
            g: 0x4e,
            b: 0x9a,
        };
        assert_eq!(parse_hex_color("#1f4e9a"), Some(navy));
        assert_eq!(parse_hex_color(" #1F4E9A "), Some(navy));
        assert_eq!(
            parse_hex_color("#fff"),
            Some(Rgb {
                r: 255,
                g: 255,
                b: 255
            })
        );
        for bad in ["1f4e9a", "#1f4e9", "#ggg", "blue", "#", "#１２３"] {
            assert_eq!(parse_hex_color(bad), None, "{bad}");
        }
    }
}
