//! Embedded fonts: each default face (`font::embedded_fonts`) subset to the characters the
//! book shows in that face's role (serif body, sans headings, mono code), plus the
//! `@font-face` descriptions and `font-family` stacks the stylesheet needs.
//!
//! The subsets keep `cmap` and `OS/2` (`font::subset_for_web`), which reading systems need.
//! Faces with old-Hangul GSUB keep it when the book uses conjoining jamo (HarfBuzz's subsetter,
//! see `font::subset`).

use super::css::FontFace;
use super::ocf::Entry;
use super::opf::Item;
use super::xhtml::Chars;
use crate::diag::Diagnostic;
use crate::font::{self, EmbeddedFont, Family, FontBook, FontOptions};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// Subset fonts ready to package.
pub(super) struct EmbeddedFonts {
    /// For the stylesheet's `@font-face` rules.
    pub faces: Vec<FontFace>,
    /// Per family, the CSS names of the packaged faces in fallback order.
    pub stacks: Vec<(Family, Vec<String>)>,
    /// Zip entries (`OEBPS/fonts/…`).
    pub entries: Vec<Entry>,
    /// Manifest items.
    pub items: Vec<Item>,
    /// Faces that could not be subset.
    pub diagnostics: Vec<Diagnostic>,
}

const FAMILIES: [Family; 3] = [Family::Serif, Family::Sans, Family::Mono];

/// Characters the first face of each used chain keeps: printable ASCII (labels, numbers,
/// punctuation the writer generates), so a small edit of the text never shows tofu.
fn base_chars() -> BTreeSet<char> {
    (' '..='~').collect()
}

/// Indices into `embedded_fonts()` for a (family, weight) chain: the font module's fallback
/// chain (primary → jamo → Hanja/symbol fallback), then every other embedded face of that
/// weight as a last resort.
fn chain(
    book: Option<&FontBook>,
    fonts: &[EmbeddedFont],
    family: Family,
    bold: bool,
) -> Vec<usize> {
    let mut order: Vec<usize> = book
        .map(|b| {
            b.chain(family, bold)
                .iter()
                .map(|id| usize::from(id.0))
                .filter(|&i| i < fonts.len())
                .collect()
        })
        .unwrap_or_default();
    let own = fonts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.bold == bold && f.family == family);
    let others = fonts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.bold == bold && f.family != family);
    for (i, _) in own.chain(others) {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

/// For each embedded face, the characters it must carry: walking each used (family, weight)
/// chain in order, a face gets the characters it draws that no earlier face of the chain
/// draws. A face that gets nothing is left out of the book.
fn plan(
    fonts: &[EmbeddedFont],
    chains: &[(Family, bool, Vec<usize>)],
    chars: &Chars,
) -> Vec<BTreeSet<char>> {
    let mut plan = vec![BTreeSet::new(); fonts.len()];
    for (family, bold, order) in chains {
        let shown = chars.get(*family, *bold);
        if shown.is_empty() {
            continue;
        }
        let mut remaining: BTreeSet<char> = shown.clone();
        remaining.extend(base_chars());
        for &i in order {
            // A face is inflated (and its coverage read) when a chain first reaches it: most
            // books never need the fallbacks.
            let covered: Vec<char> = remaining
                .iter()
                .copied()
                .filter(|&c| font::embedded_face_draws(i, c))
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
    plan
}

/// A file name safe inside the zip.
fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Subsets every embedded face to the characters of its roles in `chars`.
pub(super) fn embed_fonts(chars: &Chars) -> EmbeddedFonts {
    let fonts: &[EmbeddedFont] = font::embedded_fonts();
    let book = FontBook::load(&FontOptions::default()).ok();
    let chains: Vec<(Family, bool, Vec<usize>)> = FAMILIES
        .iter()
        .flat_map(|&f| [false, true].map(|b| (f, b, chain(book.as_ref(), fonts, f, b))))
        .collect();
    let plan = plan(fonts, &chains, chars);
    let results: Vec<(usize, Result<Vec<u8>, font::FontError>)> = plan
        .par_iter()
        .enumerate()
        // A face no chain needs (say, bold code in a book without any) ships no file at all.
        .filter(|(_, set)| !set.is_empty())
        .map(|(i, set)| (i, font::subset_for_web(fonts[i].data(), set)))
        .collect();
    let mut out = EmbeddedFonts {
        faces: Vec::new(),
        stacks: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut packaged = vec![false; fonts.len()];
    for (i, result) in results {
        let f = &fonts[i];
        match result {
            Ok(data) => {
                packaged[i] = true;
                let (media_type, format) = if f.file_name.to_ascii_lowercase().ends_with(".otf") {
                    ("font/otf", "opentype")
                } else {
                    ("font/ttf", "truetype")
                };
                let file = safe_file_name(f.file_name);
                out.faces.push(FontFace {
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
    // CSS stacks in chain order (regular chain, then bold), packaged faces only.
    for family in FAMILIES {
        let mut names: Vec<String> = Vec::new();
        for (_, _, order) in chains.iter().filter(|(f, _, _)| *f == family) {
            for &i in order {
                let name = fonts[i].css_name.to_string();
                if packaged[i] && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        out.stacks.push((family, names));
    }
    out
}
