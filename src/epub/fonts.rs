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
use crate::font::{self, EmbeddedFont, FaceId, Family, FontBook, FontOptions};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

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

/// A face the EPUB may package: an embedded default, or a face chosen by role (`fonts:`).
struct Candidate {
    /// Its id in the font book.
    id: FaceId,
    /// `font-family` name in the style sheet.
    css_name: String,
    /// File name in the package (`fonts/…`).
    file_name: String,
    bold: bool,
    family: Family,
    /// The font file, and the face's index in it (collections); `None` for an embedded face,
    /// inflated only if the book needs it.
    file: Option<(Arc<Vec<u8>>, u32)>,
}

impl Candidate {
    /// A subset of the face keeping `chars`.
    fn subset(&self, chars: &BTreeSet<char>) -> Result<Vec<u8>, font::FontError> {
        match &self.file {
            Some((data, index)) => font::subset_face_for_web(data, *index, chars),
            None => {
                font::subset_for_web(font::embedded_fonts()[usize::from(self.id.0)].data(), chars)
            }
        }
    }
}

/// Every face the book's chains may use: the embedded defaults (by `embedded_fonts()` index,
/// so their ids are their indices), then the role faces found in `book`.
fn candidates(book: &FontBook) -> Vec<Candidate> {
    let fonts: &[EmbeddedFont] = font::embedded_fonts();
    let mut out: Vec<Candidate> = Vec::new();
    for (i, f) in fonts.iter().enumerate() {
        let id = FaceId(i as u16);
        out.push(Candidate {
            id,
            css_name: f.css_name.to_string(),
            file_name: safe_file_name(f.file_name),
            bold: f.bold,
            family: f.family,
            file: None,
        });
    }
    for family in FAMILIES {
        for bold in [false, true] {
            let Some(&id) = book.chain(family, bold).first() else {
                continue;
            };
            let face = book.face(id);
            if usize::from(id.0) < fonts.len() || face.embedded {
                continue;
            }
            let role = match family {
                Family::Serif => "body",
                Family::Sans => "heading",
                Family::Mono => "code",
            };
            let weight = if bold { "bold" } else { "regular" };
            let otf = face.data.get(..4) == Some(b"OTTO".as_slice())
                || face.data.get(..4) == Some(b"ttcf".as_slice()) && is_cff(face);
            out.push(Candidate {
                id,
                css_name: format!("Hanji {role} {}", face.name),
                file_name: format!("{role}-{weight}.{}", if otf { "otf" } else { "ttf" }),
                bold,
                family,
                file: Some((face.data.clone(), face.index)),
            });
        }
    }
    out
}

/// Whether a face has CFF outlines (an `.otf` once subset).
fn is_cff(face: &font::Face) -> bool {
    ttf_parser::Face::parse(&face.data, face.index).is_ok_and(|f| f.tables().cff.is_some())
}

/// Positions in `cands` for a (family, weight) chain: the font book's chain (role face →
/// primary → jamo → Hanja/symbol fallback), then every other embedded face of that weight as
/// a last resort.
fn chain(book: &FontBook, cands: &[Candidate], family: Family, bold: bool) -> Vec<usize> {
    let at = |id: FaceId| cands.iter().position(|c| c.id == id);
    let mut order: Vec<usize> = book
        .chain(family, bold)
        .iter()
        .filter_map(|&id| at(id))
        .collect();
    let embedded = cands.iter().enumerate().filter(|(_, c)| c.bold == bold);
    let own = embedded.clone().filter(|(_, c)| c.family == family);
    let others = embedded.filter(|(_, c)| c.family != family);
    for (i, c) in own.chain(others) {
        if usize::from(c.id.0) < font::embedded_fonts().len() && !order.contains(&i) {
            order.push(i);
        }
    }
    order
}

/// For each candidate face, the characters it must carry: walking each used (family, weight)
/// chain in order, a face gets the characters it draws that no earlier face of the chain
/// draws. A face that gets nothing is left out of the book.
fn plan(
    book: &FontBook,
    cands: &[Candidate],
    chains: &[(Family, bool, Vec<usize>)],
    chars: &Chars,
) -> Vec<BTreeSet<char>> {
    let mut plan = vec![BTreeSet::new(); cands.len()];
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
            let id = cands[i].id;
            let covered: Vec<char> = remaining
                .iter()
                .copied()
                .filter(|&c| draws(book, id, c))
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

/// Whether face `id` draws `c` (the embedded faces: a visible glyph, not an empty one).
fn draws(book: &FontBook, id: FaceId, c: char) -> bool {
    let k = usize::from(id.0);
    if k < font::embedded_fonts().len() {
        font::embedded_face_draws(k, c)
    } else {
        book.has_char(id, c)
    }
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

/// Subsets every face the chains use to the characters of its roles in `chars`; `options`
/// says which faces head the chains (`fonts:` in hanji.yaml).
pub(super) fn embed_fonts(chars: &Chars, options: &FontOptions) -> EmbeddedFonts {
    let mut out = EmbeddedFonts {
        faces: Vec::new(),
        stacks: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
        diagnostics: Vec::new(),
    };
    // Only a missing `--font-dir` fails (the build checked it): then the defaults alone.
    let Ok(book) = FontBook::load(options).or_else(|_| FontBook::load(&FontOptions::default()))
    else {
        return out;
    };
    let cands = candidates(&book);
    let chains: Vec<(Family, bool, Vec<usize>)> = FAMILIES
        .iter()
        .flat_map(|&f| [false, true].map(|b| (f, b, chain(&book, &cands, f, b))))
        .collect();
    let plan = plan(&book, &cands, &chains, chars);
    let results: Vec<(usize, Result<Vec<u8>, font::FontError>)> = plan
        .par_iter()
        .enumerate()
        // A face no chain needs (say, bold code in a book without any) ships no file at all.
        .filter(|(_, set)| !set.is_empty())
        .map(|(i, set)| (i, cands[i].subset(set)))
        .collect();
    let mut packaged = vec![false; cands.len()];
    for (i, result) in results {
        let c = &cands[i];
        match result {
            Ok(data) => {
                packaged[i] = true;
                let (media_type, format) = if c.file_name.to_ascii_lowercase().ends_with(".otf") {
                    ("font/otf", "opentype")
                } else {
                    ("font/ttf", "truetype")
                };
                out.faces.push(FontFace {
                    css_name: c.css_name.clone(),
                    url: format!("../fonts/{}", c.file_name),
                    bold: c.bold,
                    format,
                });
                out.items.push(Item {
                    id: format!("font-{}", i + 1),
                    href: format!("fonts/{}", c.file_name),
                    media_type,
                    properties: vec![],
                });
                out.entries.push(Entry {
                    path: format!("OEBPS/fonts/{}", c.file_name),
                    data,
                    stored: false,
                });
            }
            Err(e) => out.diagnostics.push(Diagnostic::warning(
                "font-subset",
                None,
                format!(
                    "could not subset font {}: {e}; left out of the EPUB",
                    c.file_name
                ),
            )),
        }
    }
    // CSS stacks in chain order (regular chain, then bold), packaged faces only.
    for family in FAMILIES {
        let mut names: Vec<String> = Vec::new();
        for (_, _, order) in chains.iter().filter(|(f, _, _)| *f == family) {
            for &i in order {
                let name = cands[i].css_name.clone();
                if packaged[i] && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        out.stacks.push((family, names));
    }
    out
}
