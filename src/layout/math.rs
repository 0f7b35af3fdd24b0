//! Math for the PDF: TeX → a drawn formula. latex-rust (pure Rust, TeX's Appendix G layout,
//! STIX Two Math outlines) typesets the formula as SVG paths; usvg reads them into a tree the
//! PDF writer draws as vectors. The TeX source is the `Alt` text of the formula's `Formula`
//! structure element (PDF 32000 §14.9.3), so a screen reader reads what the author wrote.
//!
//! A formula latex-rust cannot typeset is reported by the caller and shown as its TeX source
//! in the code font, as before. Nothing here runs for a book without math: the math font is
//! parsed on the first formula.

use super::context::{Ctx, Frame};
use super::flow::Row;
use super::paged::{ItemKind, PageItem, Rect, StructId};
use super::svg::svg_tree;
use crate::diag::Span;
use crate::font::Pt;
use latex_rust::{Dim, MathFont, MathStyle, SvgOptions};
use std::sync::{Arc, OnceLock};

/// A typeset formula and its box, in points at the size it was set.
#[derive(Clone, Debug)]
pub(crate) struct Formula {
    /// The drawing, origin at the box's top-left corner.
    pub tree: Arc<usvg::Tree>,
    /// Advance width.
    pub width: Pt,
    /// Height above the baseline.
    pub ascent: Pt,
    /// Depth below the baseline.
    pub descent: Pt,
}

/// The em size formulas are rendered at; the drawing is scaled to the text size when placed.
const RENDER_EM: i64 = 10;

/// STIX Two Math, parsed once per process on the first formula.
fn math_font() -> Option<&'static MathFont> {
    static FONT: OnceLock<Option<MathFont>> = OnceLock::new();
    FONT.get_or_init(|| MathFont::stix_two_math().ok()).as_ref()
}

/// Typesets `tex` (display style when `display`) at `size`; `Err` says why it cannot be.
pub(crate) fn typeset(tex: &str, display: bool, size: Pt) -> Result<Formula, String> {
    let tex = tex.trim();
    if tex.is_empty() {
        return Err("the formula is empty".to_string());
    }
    let font = math_font().ok_or("the math font could not be read")?;
    let tex = &katex_macros(tex);
    // A bug in the typesetter must not end the build: treat a panic as "cannot typeset".
    let made = std::panic::catch_unwind(|| render(tex, display, font))
        .map_err(|_| "the math typesetter failed on it".to_string())??;
    let (svg, w, h, d) = made;
    let tree = svg_tree(svg.as_bytes()).ok_or("its drawing could not be read")?;
    let em = size.0;
    Ok(Formula {
        tree,
        width: Pt(w * em),
        ascent: Pt(h * em),
        descent: Pt(d * em),
    })
}

/// Display math: the formula centred in the frame on a row of its own (scaled down to the
/// frame's width when wider), or its TeX source in the code font with a warning.
pub(crate) fn display_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    tex: &str,
    elem: Option<StructId>,
    span: &Span,
    out: &mut Vec<Row>,
) {
    let f = match typeset(tex, true, frame.size) {
        Ok(f) => f,
        Err(why) => {
            ctx.warn(
                "math-unsupported",
                span,
                format!("formula cannot be typeset in the PDF ({why}); its TeX source is shown"),
            );
            super::code::math_rows(ctx, frame, tex, elem, out);
            return;
        }
    };
    let k = if f.width > frame.width && f.width.0 > 0.0 {
        frame.width.0 / f.width.0
    } else {
        1.0
    };
    let (width, height) = (f.width * k, (f.ascent + f.descent) * k);
    let pad = frame.size * 0.4;
    let mut row = Row {
        height: height + pad * 2.0,
        space_before: frame.size * 0.8,
        decos: frame.decos.clone(),
        ..Row::default()
    };
    let rect = Rect {
        x: frame.left + (frame.width - width) / 2.0,
        y: pad,
        width,
        height,
    };
    row.items.push(PageItem {
        kind: ItemKind::Svg { rect, tree: f.tree },
        elem,
    });
    out.push(row);
}

/// KaTeX's number-set shorthands (`\R`, `\N`, `\Z`, `\Q`, `\C`), which notes written for
/// Obsidian and the web use and TeX itself lacks, spelled out as `\mathbb{…}`.
fn katex_macros(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        if matches!(name, "R" | "N" | "Z" | "Q" | "C") {
            out.push_str("\\mathbb{");
            out.push_str(name);
            out.push('}');
            rest = &after[name_len..];
        } else {
            // Copy the backslash and the next character (so `\\` stays one unit).
            let step = after.chars().next().map_or(0, char::len_utf8);
            out.push('\\');
            out.push_str(&after[..step]);
            rest = &after[step..];
        }
    }
    out.push_str(rest);
    out
}

/// The SVG of `tex` and its width, height and depth in em.
fn render(tex: &str, display: bool, font: &MathFont) -> Result<(String, f32, f32, f32), String> {
    let ast = latex_rust::parse(tex).map_err(|e| e.to_string())?;
    let style = if display {
        MathStyle::Display
    } else {
        MathStyle::Text
    };
    let em = Dim::from_i64(RENDER_EM);
    let boxed =
        latex_rust::layout_with_em_size_pt(&ast, font, style, &em).map_err(|e| e.to_string())?;
    let options = SvgOptions {
        font_size_pt: em,
        display,
        ..SvgOptions::new()
    };
    let svg = latex_rust::render_svg(&boxed, font, &options).map_err(|e| e.to_string())?;
    let f = |d: &Dim| f32::from_bits(d.to_ieee32_bits());
    let (w, h, d) = (f(&boxed.width), f(&boxed.height), f(&boxed.depth));
    if !(w.is_finite() && h.is_finite() && d.is_finite()) || w <= 0.0 || h + d <= 0.0 {
        return Err("it has no size".to_string());
    }
    Ok((svg, w, h.max(0.0), d.max(0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formula set of issue 10: every one typesets, with a sensible box.
    #[test]
    fn typesets_the_formula_set() {
        let set = [
            r"\frac{n(n+1)}{2}",
            r"\sum_{k=1}^{n} k",
            r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}",
            r"x_i^2 + y_{j}^{3}",
            r"\sqrt{x} + \sqrt[3]{y}",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
            r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}",
            r"f(x) = \begin{cases} 0 & x < 0 \\ 1 & x \ge 0 \end{cases}",
            r"\begin{aligned} a &= b + c \\ d &= e \end{aligned}",
            r"\mathbb{R} \subset \mathbb{C}, \mathcal{O}(n \log n)",
            r"\alpha + \beta = \gamma, \Delta \Omega \lambda",
            r"a \le b \ne c \approx d \times e \cdot f \pm g \to \infty",
            r"\prod_{i=1}^n i = n!",
            r"\lim_{x \to 0} \frac{\sin x}{x} = 1",
        ];
        let mut failed = Vec::new();
        for tex in set {
            match typeset(tex, true, Pt(10.0)) {
                Ok(f) => {
                    assert!(f.width.0 > 5.0 && f.ascent.0 > 2.0, "{tex}: {f:?}");
                }
                Err(e) => failed.push(format!("{tex}: {e}")),
            }
        }
        assert!(failed.is_empty(), "{failed:#?}");
    }

    #[test]
    fn inline_is_smaller_than_display_and_scales_with_size() {
        let tex = r"\sum_{k=1}^{n} k";
        let (Ok(inline), Ok(display)) =
            (typeset(tex, false, Pt(10.0)), typeset(tex, true, Pt(10.0)))
        else {
            panic!("typeset")
        };
        assert!(inline.ascent.0 + inline.descent.0 < display.ascent.0 + display.descent.0);
        let Ok(big) = typeset(tex, false, Pt(20.0)) else {
            panic!("typeset")
        };
        assert!((big.width.0 - 2.0 * inline.width.0).abs() < 0.01);
    }

    #[test]
    fn katex_number_sets_are_spelled_out() {
        assert_eq!(
            katex_macros(r"f\colon\R\to\N"),
            r"f\colon\mathbb{R}\to\mathbb{N}"
        );
        assert_eq!(
            katex_macros(r"\Rightarrow \\R x_\Z"),
            r"\Rightarrow \\R x_\mathbb{Z}"
        );
        assert!(typeset(r"F\colon[a,b]\to\R", false, Pt(10.0)).is_ok());
    }

    #[test]
    fn bad_tex_is_an_error_not_a_panic() {
        for tex in [
            r"\frac{1}",
            r"\begin{pmatrix} a",
            r"\notacommand{x}",
            "",
            "}{",
            r"\\\\",
        ] {
            // Either typesets or says why; never panics.
            let _ = typeset(tex, false, Pt(10.0));
        }
        assert!(typeset(r"\frac{1}", false, Pt(10.0)).is_err());
        assert!(typeset(r"\notacommand{x}", false, Pt(10.0)).is_err());
    }
}
