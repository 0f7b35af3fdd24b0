//! The font database SVG drawing uses (usvg lays out `<text>` with it; krilla-svg embeds the
//! glyphs it chose): our embedded faces only, so an SVG's text renders in the book's fonts and
//! the PDF does not depend on what the machine has installed.

use super::embedded::{EMBEDDED, idx};
use std::sync::{Arc, OnceLock};
use usvg::fontdb::{Database, Source};

/// The embedded faces as a fontdb, with the generic families (`serif`, `sans-serif`,
/// `monospace`) mapped to our serif, sans and mono faces. Built once per process, on the first
/// SVG or formula that needs it (a book without SVG pays nothing); the face bytes are the
/// `'static` embedded ones, not copied.
pub fn svg_fontdb() -> Arc<Database> {
    static DB: OnceLock<Arc<Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = Database::new();
        let mut names: Vec<Option<String>> = Vec::with_capacity(EMBEDDED.len());
        for f in EMBEDDED.iter() {
            let source = Source::Binary(Arc::new(f.data()));
            let ids = db.load_font_source(source);
            let name = ids
                .first()
                .and_then(|id| db.face(*id))
                .and_then(|face| face.families.first())
                .map(|(name, _)| name.clone());
            names.push(name);
        }
        let name = |id: super::FaceId| names.get(id.0 as usize).cloned().flatten();
        if let Some(n) = name(idx::SERIF_R) {
            db.set_serif_family(n);
        }
        if let Some(n) = name(idx::SANS_R) {
            db.set_sans_serif_family(n);
        }
        if let Some(n) = name(idx::MONO_R) {
            db.set_monospace_family(n);
        }
        Arc::new(db)
    })
    .clone()
}

/// A small font database for the generated cover (`parse::assets::cover`), which sets `text`
/// in `sans-serif` only: the embedded sans (regular and bold, which the PDF's headings inflate
/// anyway), plus the serif fallback and the emoji face only when `text` has a character the
/// sans does not draw. Not `svg_fontdb`: that inflates all 26 MB of faces, which a book whose
/// only SVG is its cover should not pay for.
pub fn cover_fontdb(text: &str) -> Arc<Database> {
    let sans = [idx::SANS_R, idx::SANS_B];
    let draws = |id: super::FaceId, c: char| super::embedded_face_draws(usize::from(id.0), c);
    let lacking = text
        .chars()
        .any(|c| !c.is_whitespace() && !sans.iter().any(|&id| draws(id, c)));
    let mut faces: Vec<&'static super::EmbeddedFont> =
        sans.iter().map(|id| &EMBEDDED[usize::from(id.0)]).collect();
    if lacking {
        faces.push(&EMBEDDED[usize::from(idx::SERIF_FB_R.0)]);
        faces.push(&EMBEDDED[usize::from(idx::SERIF_FB_B.0)]);
        faces.push(&super::embedded::EMOJI);
    }
    let mut db = Database::new();
    let mut sans_name = None;
    for f in faces {
        let ids = db.load_font_source(Source::Binary(Arc::new(f.data())));
        if sans_name.is_none() {
            sans_name = ids
                .first()
                .and_then(|id| db.face(*id))
                .and_then(|face| face.families.first())
                .map(|(name, _)| name.clone());
        }
    }
    if let Some(n) = sans_name {
        db.set_sans_serif_family(n);
    }
    Arc::new(db)
}

/// The family name SVG text without a `font-family` gets: our serif.
pub fn svg_default_family() -> String {
    let db = svg_fontdb();
    db.family_name(&usvg::fontdb::Family::Serif).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_families_are_embedded_faces() {
        let db = svg_fontdb();
        assert_eq!(db.len(), EMBEDDED.len());
        for family in [
            usvg::fontdb::Family::Serif,
            usvg::fontdb::Family::SansSerif,
            usvg::fontdb::Family::Monospace,
        ] {
            let query = usvg::fontdb::Query {
                families: &[family],
                ..Default::default()
            };
            assert!(db.query(&query).is_some(), "{family:?}");
        }
        assert_ne!(svg_default_family(), "Times New Roman");
    }
}
