//! Fonts chosen by role (`fonts: {body, heading, code}` in hanji.yaml): a family name looked up
//! among the `--font-dir` folders and the system fonts (fontdb), its regular and bold faces
//! read whole once, at load. Each heads its role's chain (body → serif, heading → sans, code →
//! mono); the embedded faces follow it for what it lacks (a Latin-only face still gets its
//! Hangul from Nanum). A name that matches nothing is a warning and the role keeps its
//! default; a family without a bold face leaves bold text of that role to the default bold.

use super::coverage::Coverage;
use super::{Face, Family, face_from_data};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The family names the user chose per role (`None`: the default).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RoleFonts {
    /// Body text (serif role).
    pub body: Option<String>,
    /// Headings and labels (sans role).
    pub heading: Option<String>,
    /// Code (mono role).
    pub code: Option<String>,
}

impl RoleFonts {
    /// Whether any role has a chosen family.
    pub fn any(&self) -> bool {
        self.body.is_some() || self.heading.is_some() || self.code.is_some()
    }

    fn named(&self) -> Vec<(Family, &'static str, &str)> {
        [
            (Family::Serif, "body", &self.body),
            (Family::Sans, "heading", &self.heading),
            (Family::Mono, "code", &self.code),
        ]
        .into_iter()
        .filter_map(|(f, key, name)| Some((f, key, name.as_deref()?.trim())))
        .filter(|(_, _, name)| !name.is_empty())
        .collect()
    }
}

/// One chosen face, loaded.
#[derive(Debug)]
pub(crate) struct RoleFace {
    /// Its role.
    pub family: Family,
    /// The face (name, bytes, metrics; `embedded` false).
    pub face: Face,
    /// What it maps.
    pub coverage: Coverage,
    /// Path, face index, size and modification time (the build cache's key).
    pub identity: String,
}

/// The chosen faces and what went wrong finding them.
#[derive(Debug, Default)]
pub(crate) struct RoleFaces {
    /// Loaded faces; `bold` on each says which chain it heads.
    pub faces: Vec<RoleFace>,
    /// One message per name that matched nothing (or a family without bold).
    pub warnings: Vec<String>,
}

/// The faces `roles` names, found once per process for each (names, folders): every
/// `FontBook` of a run asks again (the layout's, and the EPUB writer's for each book — once per
/// note with `--each`), and a system font scan plus reading the files costs tens of
/// milliseconds. (`hanji watch` therefore sees a font installed while it runs after a restart.)
pub(crate) fn load_roles(roles: &RoleFonts, font_dirs: &[PathBuf]) -> Arc<RoleFaces> {
    type Found = (RoleFonts, Vec<PathBuf>, Arc<RoleFaces>);
    static FOUND: Mutex<Vec<Found>> = Mutex::new(Vec::new());
    if !roles.any() {
        return Arc::new(RoleFaces::default());
    }
    let hit = |found: &[Found]| {
        found
            .iter()
            .find(|(r, d, _)| r == roles && d == font_dirs)
            .map(|(_, _, faces)| faces.clone())
    };
    if let Some(faces) = FOUND.lock().ok().and_then(|f| hit(&f)) {
        return faces;
    }
    let faces = Arc::new(find_roles(roles, font_dirs));
    if let Ok(mut found) = FOUND.lock() {
        found.push((roles.clone(), font_dirs.to_vec(), faces.clone()));
    }
    faces
}

/// Finds and reads the faces `roles` names, in `font_dirs` first, then the system's fonts.
fn find_roles(roles: &RoleFonts, font_dirs: &[PathBuf]) -> RoleFaces {
    let mut out = RoleFaces::default();
    let named = roles.named();
    if named.is_empty() {
        return out;
    }
    let mut db = fontdb::Database::new();
    for dir in font_dirs {
        db.load_fonts_dir(dir);
    }
    db.load_system_fonts();
    for (family, key, name) in named {
        let regular = find(&db, name, false);
        let Some(regular) = regular else {
            out.warnings.push(format!(
                "fonts.{key}: no font family `{name}` in --font-dir folders or the system fonts; \
                 the {key} text keeps the default font"
            ));
            continue;
        };
        out.faces.push(RoleFace { family, ..regular });
        match find(&db, name, true) {
            Some(bold) => out.faces.push(RoleFace { family, ..bold }),
            None => out.warnings.push(format!(
                "fonts.{key}: font family `{name}` has no bold face; bold {key} text keeps the \
                 default bold"
            )),
        }
    }
    out
}

/// The face of family `name` (case-insensitive) of the weight asked for, read whole; `None`
/// when the family has no such face (a regular face never stands in for a bold one).
fn find(db: &fontdb::Database, name: &str, bold: bool) -> Option<RoleFace> {
    let wanted = name.to_lowercase();
    let mut candidates: Vec<&fontdb::FaceInfo> = db
        .faces()
        .filter(|f| f.families.iter().any(|(n, _)| n.to_lowercase() == wanted))
        .filter(|f| f.style == fontdb::Style::Normal)
        .filter(|f| (f.weight.0 >= 600) == bold)
        .collect();
    // The weight closest to 400 (regular) or 700 (bold), then a stable order.
    let target: i32 = if bold { 700 } else { 400 };
    candidates.sort_by_key(|f| {
        let path = match &f.source {
            fontdb::Source::File(p) => p.clone(),
            _ => PathBuf::new(),
        };
        ((i32::from(f.weight.0) - target).abs(), path, f.index)
    });
    let info = candidates.first()?;
    let fontdb::Source::File(path) = &info.source else {
        return None;
    };
    let data = Arc::new(std::fs::read(path).ok()?);
    let mut face = face_from_data(data.clone(), info.index, false).ok()?;
    face.bold = bold;
    let coverage = Coverage::from_font(&data, info.index);
    Some(RoleFace {
        family: Family::Serif,
        face,
        coverage,
        identity: super::system::file_identity(path, info.index),
    })
}
