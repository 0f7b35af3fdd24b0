//! Embedded fonts: each default face (`font::embedded_fonts`) subset to the characters the
//! book shows in that face's role (serif body, sans headings, mono code), plus the
//! `@font-face` descriptions the stylesheet needs.
//!
//! The subsets keep `cmap` and `OS/2` (`font::subset_for_web`), which reading systems need.

use super::css::FontFace;
use super::ocf::Entry;
use super::opf::Item;
use super::xhtml::Chars;
use crate::diag::Diagnostic;
use crate::font::{self, EmbeddedFont, Family};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Subset fonts ready to package.
pub struct EmbeddedFonts {
    /// For the stylesheet.
    pub faces: Vec<FontFace>,
    /// Zip entries (`OEBPS/fonts/…`).
    pub entries: Vec<Entry>,
    /// Manifest items.
    pub items: Vec<Item>,
    /// Faces that could not be subset.
    pub diagnostics: Vec<Diagnostic>,
}

/// Characters the first face of each chain keeps: printable ASCII (labels, numbers,
/// punctuation the writer generates), so small later edits to the CSS never show tofu.
fn base_chars() -> BTreeSet<char> {
    (' '..='~').collect()
}

/// For each embedded face, the characters it must carry: walking each (family, weight) chain
/// in order, a face gets the characters it covers that no earlier face of the chain covered.
/// A fallback face that adds nothing gets an empty set (and is left out).
fn plan(fonts: &[EmbeddedFont], chars: &Chars) -> Vec<BTreeSet<char>> {
    let mut plan = vec![BTreeSet::new(); fonts.len()];
    for family in [Family::Serif, Family::Sans, Family::Mono] {
        for bold in [false, true] {
            let mut remaining: BTreeSet<char> = chars.get(family, bold).clone();
            let mut first = true;
            for (i, f) in fonts.iter().enumerate() {
                if f.family != family || f.bold != bold {
                    continue;
                }
                if first {
                    remaining.extend(base_chars());
                }
                let Ok(face) = ttf_parser::Face::parse(f.data, 0) else {
                    continue;
                };
                let covered: BTreeSet<char> = remaining
                    .iter()
                    .copied()
                    .filter(|&c| face.glyph_index(c).is_some())
                    .collect();
                // The primary face is kept even when the book shows nothing in it: it still
                // carries the ASCII base so the family declared in the CSS exists.
                if first || !covered.is_empty() {
                    remaining.retain(|c| !covered.contains(c));
                    plan[i] = covered;
                }
                first = false;
            }
        }
    }
    plan
}

/// Subsets every embedded face to the characters of its role in `chars`.
pub fn embed_fonts(chars: &Chars) -> EmbeddedFonts {
    let fonts: &[EmbeddedFont] = font::embedded_fonts();
    let plan = plan(fonts, chars);
    let results: Vec<_> = fonts
        .par_iter()
        .zip(plan.par_iter())
        // A chain the book never shows (say, bold code) ships no file at all.
        .filter(|(f, set)| !set.is_empty() && !chars.get(f.family, f.bold).is_empty())
        .map(|(f, set)| (f, font::subset_for_web(f.data, set)))
        .collect();
    let mut out = EmbeddedFonts {
        faces: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
        diagnostics: Vec::new(),
    };
    for (i, (f, result)) in results.into_iter().enumerate() {
        let f: &EmbeddedFont = f;
        match result {
            Ok(data) => {
                let lower = f.file_name.to_ascii_lowercase();
                let (media_type, format) = if lower.ends_with(".otf") {
                    ("font/otf", "opentype")
                } else {
                    ("font/ttf", "truetype")
                };
                let file: String = f
                    .file_name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                out.faces.push(FontFace {
                    family: f.family,
                    css_name: f.css_name.to_string(),
                    url: format!("../fonts/{file}"),
                    bold: f.bold,
                    format,
                });
                out.items.push(Item {
                    id: format!("font-{}", i + 1),
                    href: format!("fonts/{file}"),
                    media_type,
                    properties: vec![],
                });
                out.entries.push(Entry {
                    path: format!("OEBPS/fonts/{file}"),
                    data,
                    stored: false,
                });
            }
            Err(e) => out.diagnostics.push(Diagnostic::warning(
                "font-subset",
                None,
                format!(
                    "could not subset embedded font {}: {e}; left out of the EPUB",
                    f.file_name
                ),
            )),
        }
    }
    out
}

