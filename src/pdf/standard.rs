//! The PDF standards a book can be written to (`--pdf-standard`, hanji.yaml `pdf.standard`):
//! PDF/UA-1 for accessibility, PDF/A-2b/2u/3u for archiving. krilla validates each one while it
//! writes; what a standard forbids and the book still contains fails the PDF with a message that
//! names the standard and every problem (the EPUB is still written).

use krilla::configure::{
    Accessibility, Archival, Configuration, ConfigurationBuilder, ValidationError, Validator,
};

/// The standard the PDF claims and krilla checks. The default is a tagged PDF 1.7 that claims
/// nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PdfStandard {
    /// Tagged PDF, no claim (the default).
    #[default]
    Tagged,
    /// PDF/UA-1 (ISO 14289-1): universal accessibility.
    Ua1,
    /// PDF/A-2b (ISO 19005-2, level b): archival, visual appearance.
    A2b,
    /// PDF/A-2u: PDF/A-2b plus Unicode for every glyph.
    A2u,
    /// PDF/A-3u: PDF/A-2u that may carry attachments.
    A3u,
}

/// Every standard with the name it is asked for by.
const NAMES: [(PdfStandard, &str); 5] = [
    (PdfStandard::Tagged, "tagged"),
    (PdfStandard::Ua1, "ua-1"),
    (PdfStandard::A2b, "a-2b"),
    (PdfStandard::A2u, "a-2u"),
    (PdfStandard::A3u, "a-3u"),
];

impl PdfStandard {
    /// The standard a name asks for (`ua-1`, `a-2b`, `a-2u`, `a-3u`, `tagged`), ignoring case,
    /// an optional `pdf/` prefix and `_` for `-` (`PDF/UA-1`, `a_2u`).
    pub fn parse(name: &str) -> Option<PdfStandard> {
        let name = name.trim().to_ascii_lowercase().replace('_', "-");
        let name = name.strip_prefix("pdf/").unwrap_or(&name);
        NAMES.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }

    /// The name as written in options (`ua-1`).
    pub fn as_str(self) -> &'static str {
        NAMES
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("tagged", |(_, n)| n)
    }

    /// The name readers know it by (`PDF/UA-1`).
    pub fn title(self) -> &'static str {
        match self {
            PdfStandard::Tagged => "tagged PDF",
            PdfStandard::Ua1 => "PDF/UA-1",
            PdfStandard::A2b => "PDF/A-2b",
            PdfStandard::A2u => "PDF/A-2u",
            PdfStandard::A3u => "PDF/A-3u",
        }
    }

    /// Whether every figure must have alternative text (PDF/UA-1 §7.3): then an image without
    /// alt text is worth a warning, and its file name stands in.
    pub fn needs_alt_text(self) -> bool {
        self == PdfStandard::Ua1
    }

    /// Whether the standard is a PDF/A part: it needs a document date (`xmp:CreateDate`) and
    /// forbids image interpolation (ISO 19005-2 §6.2.8.3).
    pub(super) fn is_archival(self) -> bool {
        matches!(self, PdfStandard::A2b | PdfStandard::A2u | PdfStandard::A3u)
    }

    /// krilla's validator and PDF version for the standard.
    pub(super) fn configuration(self) -> Configuration {
        let validator = match self {
            PdfStandard::Tagged => return Configuration::default(),
            PdfStandard::Ua1 => Validator::Ua(Accessibility::UA1),
            PdfStandard::A2b => Validator::A(Archival::A2_B),
            PdfStandard::A2u => Validator::A(Archival::A2_U),
            PdfStandard::A3u => Validator::A(Archival::A3_U),
        };
        ConfigurationBuilder::new()
            .set_validator(validator)
            .finish()
            .unwrap_or_default()
    }
}

/// One validation failure in words a reader of the notes can act on.
pub(super) fn describe(error: &ValidationError) -> String {
    match error {
        ValidationError::ContainsNotDefGlyph(_, _, text) => {
            format!("no font has a glyph for `{text}` (it would be drawn as .notdef)")
        }
        ValidationError::NoCodepointMapping(..) | ValidationError::InvalidCodepointMapping(..) => {
            "a glyph has no Unicode text to copy or read aloud".to_string()
        }
        ValidationError::UnicodePrivateArea(_, _, c, _) => {
            format!(
                "a glyph maps to the private-use character U+{:04X}",
                *c as u32
            )
        }
        ValidationError::NoDocumentTitle => "the book has no title".to_string(),
        ValidationError::NoDocumentLanguage => "the book has no language".to_string(),
        ValidationError::MissingAltText(_) => "a figure or formula has no alt text".to_string(),
        ValidationError::MissingAnnotationAltText(_) => "a link has no description".to_string(),
        ValidationError::MissingHeadingTitle => "a heading has no text".to_string(),
        ValidationError::MissingDocumentOutline => "the PDF has no outline".to_string(),
        ValidationError::MissingDocumentDate => "the book has no date".to_string(),
        ValidationError::RestrictedLicense(_) => {
            "a font's licence forbids embedding it".to_string()
        }
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (standard, name) in NAMES {
            assert_eq!(PdfStandard::parse(name), Some(standard));
            assert_eq!(standard.as_str(), name);
        }
        assert_eq!(PdfStandard::parse("PDF/UA-1"), Some(PdfStandard::Ua1));
        assert_eq!(PdfStandard::parse(" A_2U "), Some(PdfStandard::A2u));
        assert_eq!(PdfStandard::parse("a-1b"), None);
        assert_eq!(PdfStandard::parse(""), None);
    }

    #[test]
    fn each_standard_has_its_validator() {
        assert!(PdfStandard::Tagged.configuration().validators().is_empty());
        let ua = PdfStandard::Ua1.configuration().validators();
        assert_eq!(ua.accessibility(), Some(Accessibility::UA1));
        let a = PdfStandard::A2u.configuration().validators();
        assert_eq!(a.archival(), Some(Archival::A2_U));
        assert!(PdfStandard::A3u.is_archival() && !PdfStandard::Ua1.is_archival());
    }
}
