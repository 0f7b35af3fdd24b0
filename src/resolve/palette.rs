//! The colours both books use for callouts and highlighted code: the EPUB writes them into its
//! stylesheet, the PDF paints them. Every text colour reaches WCAG 2.2 contrast ≥ 4.5:1 (SC 1.4.3,
//! normal text) on its background; the tests compute every pair.

use super::highlight::TokenClass;
use super::labels::canonical_kind;

/// An sRGB colour, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

/// Shorthand for a colour from `0xRRGGBB`.
const fn hex(v: u32) -> Rgb {
    Rgb {
        r: (v >> 16) as u8,
        g: (v >> 8) as u8,
        b: v as u8,
    }
}

impl Rgb {
    /// CSS notation, `#rrggbb`.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// WCAG 2.2 relative luminance (sRGB channels linearised, weighted 0.2126/0.7152/0.0722).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// WCAG 2.2 contrast ratio with `other`: (L1 + 0.05) / (L2 + 0.05), lighter over darker.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// How a callout kind is painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CalloutColors {
    /// The bar at the left edge (border).
    pub accent: Rgb,
    /// The box's tint.
    pub background: Rgb,
    /// The label and title text.
    pub title: Rgb,
}

/// Body text inside a callout: the near-black both books use for prose.
pub const CALLOUT_TEXT: Rgb = hex(0x1a1a1a);

/// One colour family: accent (bar), background (tint), title text.
const fn family(accent: u32, background: u32, title: u32) -> CalloutColors {
    CalloutColors {
        accent: hex(accent),
        background: hex(background),
        title: hex(title),
    }
}

/// Blue: note, info, todo and every custom kind.
const BLUE: CalloutColors = family(0x0969da, 0xeef5ff, 0x0550ae);
/// Green: tip, success.
const GREEN: CalloutColors = family(0x1a7f37, 0xeefaf1, 0x116329);
/// Purple: important, abstract.
const PURPLE: CalloutColors = family(0x8250df, 0xf5f0ff, 0x6639ba);
/// Amber: warning, caution, question.
const AMBER: CalloutColors = family(0xbf8700, 0xfff8e5, 0x7d4e00);
/// Red: danger, bug, failure.
const RED: CalloutColors = family(0xcf222e, 0xfff0f0, 0xa40e26);
/// Grey: details, example, quote.
const GREY: CalloutColors = family(0x6e7781, 0xf6f8fa, 0x424a53);

/// The colours of a callout kind (any alias, case-insensitive); a custom kind gets the note
/// colours.
pub fn callout_colors(kind: &str) -> CalloutColors {
    match canonical_kind(kind) {
        Some("tip" | "success") => GREEN,
        Some("important" | "abstract") => PURPLE,
        Some("warning" | "caution" | "question") => AMBER,
        Some("danger" | "bug" | "failure") => RED,
        Some("details" | "example" | "quote") => GREY,
        _ => BLUE,
    }
}

/// Background of a code block (both books).
pub const CODE_BACKGROUND: Rgb = hex(0xf6f8fa);

/// The colour of a highlighted token class on [`CODE_BACKGROUND`] (GitHub light, darkened
/// where it fell under 4.5:1).
pub fn token_color(class: TokenClass) -> Rgb {
    match class {
        TokenClass::Plain => hex(0x1f2328),
        TokenClass::Comment => hex(0x57606a),
        TokenClass::Keyword | TokenClass::Operator => hex(0xb31d28),
        TokenClass::String => hex(0x0a3069),
        TokenClass::Escape | TokenClass::Tag => hex(0x116329),
        TokenClass::Number | TokenClass::Constant => hex(0x0550ae),
        TokenClass::Function => hex(0x6639ba),
        TokenClass::Type => hex(0x953800),
    }
}

#[cfg(test)]
mod tests {
    use super::super::labels::{CALLOUT_KINDS, known_kind_names};
    use super::*;

    const AA: f64 = 4.5;

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let black = hex(0x000000);
        let white = hex(0xffffff);
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // The old keyword red on the code background: 4.29:1, under AA.
        let old = hex(0xd73a49).contrast(hex(0xf6f8fa));
        assert!((old - 4.29).abs() < 0.01, "{old}");
        assert_eq!(hex(0x0a0b0c).css(), "#0a0b0c");
    }

    #[test]
    fn every_callout_text_colour_reaches_aa_on_its_background() {
        for kind in known_kind_names().chain(["custom-kind"]) {
            let c = callout_colors(kind);
            let title = c.title.contrast(c.background);
            let body = CALLOUT_TEXT.contrast(c.background);
            assert!(title >= AA, "{kind}: title {title:.2}");
            assert!(body >= AA, "{kind}: body {body:.2}");
        }
    }

    #[test]
    fn kinds_share_families_and_custom_is_note() {
        assert_eq!(callout_colors("caution"), callout_colors("warning"));
        assert_eq!(callout_colors("bug"), callout_colors("danger"));
        assert_eq!(callout_colors("fail"), callout_colors("error"));
        assert_eq!(callout_colors("recipe"), callout_colors("note"));
        assert_eq!(callout_colors("HINT"), callout_colors("tip"));
        assert_ne!(callout_colors("tip"), callout_colors("danger"));
        let families: std::collections::HashSet<_> = CALLOUT_KINDS
            .iter()
            .map(|k| callout_colors(k).accent)
            .collect();
        assert_eq!(families.len(), 6);
    }

    #[test]
    fn every_token_colour_reaches_aa_on_the_code_background() {
        for class in TokenClass::ALL {
            let ratio = token_color(class).contrast(CODE_BACKGROUND);
            assert!(ratio >= AA, "{class:?}: {ratio:.2}");
        }
    }
}
