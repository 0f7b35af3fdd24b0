//! Page settings: the `page:` section of `hanji.yaml` and the `--page-size` / `--korean-break`
//! values, parsed into typed lengths (`Pt`): named and custom page sizes, CSS-order margins.

use super::file::FilePage;
use super::read::Warner;
use crate::font::Pt;
use crate::layout::LayoutOptions;
use crate::text::KoreanBreak;

/// Page settings (the `page:` section).
#[derive(Clone, Debug, PartialEq)]
pub struct PageConfig {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// Margins: top, right, bottom, left.
    pub margins: [Pt; 4],
    /// Body font size.
    pub base_size: Pt,
    /// Start every note on a new page.
    pub chapter_page_break: bool,
    /// Korean line-break style.
    pub korean_break: KoreanBreak,
    /// Justified (`true`) or ragged-right body text.
    pub justify: bool,
    /// Line height, paragraph spacing and link colour, when set (both books).
    pub typography: crate::resolve::Typography,
}

impl Default for PageConfig {
    fn default() -> Self {
        let l = LayoutOptions::default();
        PageConfig {
            width: l.page_width,
            height: l.page_height,
            margins: l.margins,
            base_size: l.base_size,
            chapter_page_break: l.chapter_page_break,
            korean_break: l.korean_break,
            justify: l.justify,
            typography: l.typography,
        }
    }
}

/// Applies a file's `page:` section to `page`; a bad value is a warning naming the key, the
/// value and what is accepted, and the default stays.
pub(super) fn apply_page_section(page: &mut PageConfig, p: FilePage, w: &mut Warner<'_>) {
    if let Some(size) = w.valid(p.size, "page.size", "a page size", "A4") {
        match parse_page_size(&size) {
            Some((width, height)) => (page.width, page.height) = (width, height),
            None => w.warn("page.size", unknown_size(&size)),
        }
    }
    if let Some(m) = p.margins {
        match parse_margins(&m) {
            Some(m) => page.margins = m,
            None => w.warn(
                "page.margins",
                format!(
                    "page.margins `{}` is not 1–4 lengths in CSS order (e.g. `25 22` in mm, or \
                     \"20mm 1in\"); using the defaults",
                    super::read::written(&m)
                ),
            ),
        }
    }
    let range = LayoutOptions::BASE_SIZE_PT;
    let expected = format!("a size in pt, {}–{}", range.start(), range.end());
    if let Some(s) = w.valid(p.base_size, "page.base_size", &expected, "10.5") {
        let size = (s as f32).clamp(*range.start(), *range.end());
        if f64::from(size) != s {
            w.warn(
                "page.base_size",
                format!(
                    "page.base_size {s} pt is out of range {}–{} pt; using {size} pt",
                    range.start(),
                    range.end()
                ),
            );
        }
        // NaN cannot come from YAML numbers, but must not reach layout either.
        page.base_size = Pt(if size.is_nan() { 10.5 } else { size });
    }
    let bool_default = page.chapter_page_break.to_string();
    let expected_bool = "`true` or `false`";
    if let Some(b) = w.valid(
        p.chapter_page_break,
        "page.chapter_page_break",
        expected_bool,
        &bool_default,
    ) {
        page.chapter_page_break = b;
    }
    let expected = "`word` or `syllable`";
    if let Some(k) = w.valid(p.korean_break, "page.korean_break", expected, "word") {
        match parse_korean_break(&k) {
            Some(k) => page.korean_break = k,
            None => w.warn(
                "page.korean_break",
                format!("page.korean_break `{k}` is not {expected}; using word"),
            ),
        }
    }
    let expected = "`justify` or `left`";
    if let Some(a) = w.valid(p.align, "page.align", expected, "justify") {
        match parse_align(&a) {
            Some(j) => page.justify = j,
            None => w.warn(
                "page.align",
                format!("page.align `{a}` is not {expected}; using justify"),
            ),
        }
    }
    let keys = super::typography::TypographyKeys {
        line_height: p.line_height,
        paragraph_spacing: p.paragraph_spacing,
        link_color: p.link_color,
    };
    super::typography::apply_typography(&mut page.typography, keys, w);
    for key in p.unknown.keys() {
        w.warn(key, format!("unknown key `page.{key}` ignored"));
    }
}

/// The warning for a page size that is neither named nor a `WxH` within range.
pub(super) fn unknown_size(size: &str) -> String {
    let r = LayoutOptions::PAGE_SIDE_PT;
    format!(
        "page.size `{size}` is not A4, A5, B5, Letter or WxH with sides of {:.1}–{:.0} mm; using A4",
        r.start() / 72.0 * 25.4,
        r.end() / 72.0 * 25.4
    )
}

/// Brings each margin within `LayoutOptions::MAX_MARGIN_SHARE` of its page side (once the
/// page size is final), reporting each one that was not.
pub(super) fn clamp_margins(page: &mut PageConfig, w: &mut Warner<'_>) {
    let sides = ["top", "right", "bottom", "left"];
    for (i, side) in sides.into_iter().enumerate() {
        let span = if i % 2 == 0 { page.height } else { page.width };
        let max = LayoutOptions::max_margin(span);
        let m = page.margins[i];
        if m.0 > max.0 {
            w.warn(
                "page.margins",
                format!(
                    "page.margins {side} {:.1} mm is out of range 0–{:.1} mm ({}% of the page); using {:.1} mm",
                    mm(m),
                    mm(max),
                    (LayoutOptions::MAX_MARGIN_SHARE * 100.0).round(),
                    mm(max)
                ),
            );
            page.margins[i] = max;
        }
    }
}

/// Points to millimetres (for messages: margins are written in mm).
fn mm(p: Pt) -> f32 {
    p.0 * 25.4 / 72.0
}

/// Parses `justify` / `left` (also `ragged`): whether body text is justified.
pub fn parse_align(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "justify" | "justified" | "both" => Some(true),
        "left" | "ragged" | "start" => Some(false),
        _ => None,
    }
}

/// Parses `word` / `syllable`.
pub fn parse_korean_break(s: &str) -> Option<KoreanBreak> {
    match s.trim().to_ascii_lowercase().as_str() {
        "word" | "keep-all" | "eojeol" => Some(KoreanBreak::Word),
        "syllable" | "char" | "normal" => Some(KoreanBreak::Syllable),
        _ => None,
    }
}

/// Parses a page size: `A4` (210×297 mm), `A5` (148×210), `B5` (ISO, 176×250), `Letter`
/// (8.5×11 in), or a custom `WxH` with a unit `mm` (default), `pt`, `in` or `cm`, e.g. `150x220 mm`.
pub fn parse_page_size(s: &str) -> Option<(Pt, Pt)> {
    let lower = s.trim().to_ascii_lowercase();
    let named = match lower.as_str() {
        "a4" => Some((210.0, 297.0)),
        "a5" => Some((148.0, 210.0)),
        "b5" => Some((176.0, 250.0)),
        "letter" => Some((215.9, 279.4)),
        _ => None,
    };
    if let Some((w, h)) = named {
        return Some((Pt::from_mm(w), Pt::from_mm(h)));
    }
    let (dims, unit) = split_unit(&lower);
    let (w, h) = dims.split_once(['x', '×', '*'])?;
    let w: f32 = w.trim().parse().ok()?;
    let h: f32 = h.trim().parse().ok()?;
    let (w, h) = (to_pt(w, unit)?, to_pt(h, unit)?);
    // Sanity: sides layout accepts, 144 pt (2 in) to 14400 pt (the PDF user-space limit).
    let ok = |v: Pt| LayoutOptions::PAGE_SIDE_PT.contains(&v.0);
    (ok(w) && ok(h)).then_some((w, h))
}

/// Splits a trailing unit (`mm`, `cm`, `pt`, `in`) off a length expression.
fn split_unit(s: &str) -> (&str, &str) {
    for unit in ["mm", "cm", "pt", "in"] {
        if let Some(rest) = s.strip_suffix(unit) {
            return (rest.trim(), unit);
        }
    }
    (s.trim(), "mm")
}

fn to_pt(v: f32, unit: &str) -> Option<Pt> {
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some(match unit {
        "mm" => Pt::from_mm(v),
        "cm" => Pt::from_mm(v * 10.0),
        "pt" => Pt(v),
        "in" => Pt(v * 72.0),
        _ => return None,
    })
}

/// Parses margins: a number (mm, all sides), a list of 1–4 numbers (mm) or a string of 1–4
/// lengths with optional units, in CSS order (top right bottom left).
pub fn parse_margins(v: &serde_json::Value) -> Option<[Pt; 4]> {
    let values: Vec<Pt> = match v {
        serde_json::Value::Number(n) => vec![to_pt(n.as_f64()? as f32, "mm")?],
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                serde_json::Value::Number(n) => to_pt(n.as_f64()? as f32, "mm"),
                serde_json::Value::String(s) => parse_length(s),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?,
        serde_json::Value::String(s) => s
            .split_whitespace()
            .map(parse_length)
            .collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    // CSS shorthand expansion (CSS Box Model §margin).
    match values.as_slice() {
        [a] => Some([*a; 4]),
        [v, h] => Some([*v, *h, *v, *h]),
        [t, h, b] => Some([*t, *h, *b, *h]),
        [t, r, b, l] => Some([*t, *r, *b, *l]),
        _ => None,
    }
}

/// One length such as `20`, `20mm`, `1.5cm`, `36pt`, `0.75in` (default unit mm).
fn parse_length(s: &str) -> Option<Pt> {
    let lower = s.trim().to_ascii_lowercase();
    let (num, unit) = split_unit(&lower);
    to_pt(num.parse().ok()?, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Pt, mm: f32) -> bool {
        (a.0 - Pt::from_mm(mm).0).abs() < 0.01
    }

    #[test]
    fn page_sizes() {
        let (w, h) = parse_page_size("Letter").expect("letter");
        assert!((w.0 - 612.0).abs() < 0.1 && (h.0 - 792.0).abs() < 0.1);
        let (w, h) = parse_page_size("150x220 mm").expect("custom");
        assert!(close(w, 150.0) && close(h, 220.0));
        let (w, _) = parse_page_size("6x9in").expect("inches");
        assert!((w.0 - 432.0).abs() < 0.1);
        assert!(parse_page_size("A7x").is_none());
        assert!(parse_page_size("0x0").is_none());
        assert!(parse_page_size("1e9x5").is_none());
    }

    #[test]
    fn margins_css_order() {
        let m = parse_margins(&serde_json::json!("10mm 20mm 30mm")).expect("3 values");
        assert!(close(m[0], 10.0) && close(m[1], 20.0) && close(m[2], 30.0) && close(m[3], 20.0));
        let m = parse_margins(&serde_json::json!(12)).expect("number");
        assert!(m.iter().all(|v| close(*v, 12.0)));
        let m = parse_margins(&serde_json::json!([1, "2cm", 3, 4])).expect("list");
        assert!(close(m[1], 20.0) && close(m[3], 4.0));
        assert!(parse_margins(&serde_json::json!("a b")).is_none());
        assert!(parse_margins(&serde_json::json!([1, 2, 3, 4, 5])).is_none());
    }
}
