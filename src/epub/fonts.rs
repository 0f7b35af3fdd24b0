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

/// For each embedded face, the characters it must carry. Each (family, weight) chain is
/// walked in order — its own faces, then the other families' faces of the same weight (the
/// stylesheet lists them in that order too, so old-Hangul jamo in code still find a face) — and
/// a face gets the characters it covers that no earlier face of the chain covered. A face that
/// gets nothing is left out of the book.
fn plan(fonts: &[EmbeddedFont], chars: &Chars) -> Vec<BTreeSet<char>> {
    let mut plan = vec![BTreeSet::new(); fonts.len()];
    let parsed: Vec<Option<ttf_parser::Face<'_>>> = fonts
        .iter()
        .map(|f| ttf_parser::Face::parse(f.data, 0).ok())
        .collect();
    for family in [Family::Serif, Family::Sans, Family::Mono] {
        for bold in [false, true] {
            let shown = chars.get(family, bold);
            if shown.is_empty() {
                continue;
            }
            let mut remaining: BTreeSet<char> = shown.clone();
            remaining.extend(base_chars());
            let chain = fonts
                .iter()
                .enumerate()
                .filter(|(_, f)| f.bold == bold && f.family == family)
                .chain(
                    fonts
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.bold == bold && f.family != family),
                );
            for (i, _) in chain {
                let Some(face) = &parsed[i] else { continue };
                let covered: Vec<char> = remaining
                    .iter()
                    .copied()
                    .filter(|&c| covers(face, c))
                    .collect();
                for c in covered {
                    remaining.remove(&c);
                    plan[i].insert(c);
                }
                if remaining.is_empty() {
                    break;
                }
            }
        }
    }
    plan
}

/// Whether `face` draws `c`: it maps `c` to a glyph that has an outline (NanumSquare maps
/// every Hanja to an empty glyph, which would show as a blank) — except for spaces and
/// invisible format characters, whose glyphs are empty by design.
fn covers(face: &ttf_parser::Face<'_>, c: char) -> bool {
    let Some(g) = face.glyph_index(c) else {
        return false;
    };
    let invisible = c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}');
    invisible || face.glyph_bounding_box(g).is_some()
}

/// Subsets every embedded face to the characters of its role in `chars`.
pub fn embed_fonts(chars: &Chars) -> EmbeddedFonts {
    let fonts: &[EmbeddedFont] = font::embedded_fonts();
    let plan = plan(fonts, chars);
    let results: Vec<_> = fonts
        .par_iter()
        .zip(plan.par_iter())
        // A face no chain needs (say, bold code in a book without any) ships no file at all.
        .filter(|(_, set)| !set.is_empty())
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
