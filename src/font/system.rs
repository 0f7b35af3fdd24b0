//! Fonts beyond the embedded chain: `--font-dir` folders, then system fonts (via fontdb).
//!
//! Nothing here runs unless a character is missing from every embedded face: scanning system
//! fonts costs tens of milliseconds and reading a CJK collection tens of megabytes, and a normal
//! Korean note never needs either. Results are cached per character.

use super::coverage::Coverage;
use super::{Face, FontOptions, face_from_data};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// A font file found on disk and its bytes, read on first use.
type LazyFile = (PathBuf, OnceLock<Option<Arc<Vec<u8>>>>);

/// One face found on disk, loaded (bytes, metrics, coverage) only when first consulted.
#[derive(Debug)]
struct ExtraFace {
    /// Index into `ExtraFonts::files`.
    file: usize,
    /// Face index inside the file (collections).
    index: u32,
    /// The loaded face, or `None` when the file turned out unusable.
    face: OnceLock<Option<(Face, Coverage)>>,
}

/// Lazily scanned extra fonts, shared by clones of a `FontBook`.
#[derive(Debug, Default)]
pub(crate) struct ExtraFonts {
    options: FontOptions,
    /// Files in search order; their bytes are read once, on first use.
    files: OnceLock<Vec<LazyFile>>,
    faces: OnceLock<Vec<ExtraFace>>,
    /// Character → index of the first extra face that has it (`None`: no face has it).
    found: Mutex<HashMap<char, Option<u16>>>,
}

impl ExtraFonts {
    pub(crate) fn new(options: &FontOptions) -> ExtraFonts {
        ExtraFonts {
            options: options.clone(),
            ..ExtraFonts::default()
        }
    }

    /// Scans `--font-dir` folders (first) and system fonts (if enabled), in a stable order.
    fn scan(&self) -> &[ExtraFace] {
        self.faces.get_or_init(|| {
            let mut found: Vec<(u8, PathBuf, u32)> = Vec::new();
            let mut collect = |db: &fontdb::Database, group: u8| {
                for info in db.faces() {
                    if let fontdb::Source::File(path) = &info.source {
                        found.push((group, path.clone(), info.index));
                    }
                }
            };
            let mut db = fontdb::Database::new();
            for dir in &self.options.font_dirs {
                db.load_fonts_dir(dir);
            }
            collect(&db, 0);
            if self.options.system_fallback {
                let mut sys = fontdb::Database::new();
                sys.load_system_fonts();
                collect(&sys, 1);
            }
            // Deterministic output: the same fonts give the same choice on every run.
            found.sort();
            found.dedup();
            let mut files: Vec<LazyFile> = Vec::new();
            let mut faces = Vec::new();
            for (_, path, index) in found {
                let file = match files.iter().position(|(p, _)| *p == path) {
                    Some(i) => i,
                    None => {
                        files.push((path, OnceLock::new()));
                        files.len() - 1
                    }
                };
                faces.push(ExtraFace {
                    file,
                    index,
                    face: OnceLock::new(),
                });
            }
            let _ = self.files.set(files);
            faces
        })
    }

    fn load(&self, k: usize) -> Option<&(Face, Coverage)> {
        let extra = self.scan().get(k)?;
        extra
            .face
            .get_or_init(|| {
                let (_, bytes) = self.files.get()?.get(extra.file)?;
                let path = &self.files.get()?.get(extra.file)?.0;
                let data = bytes
                    .get_or_init(|| std::fs::read(path).ok().map(Arc::new))
                    .clone()?;
                let face = face_from_data(data.clone(), extra.index, false).ok()?;
                let cov = Coverage::from_font(&data, extra.index);
                Some((face, cov))
            })
            .as_ref()
    }

    /// Index of the first extra face that maps `c`.
    pub(crate) fn find(&self, c: char) -> Option<u16> {
        if self.options.font_dirs.is_empty() && !self.options.system_fallback {
            return None;
        }
        if let Ok(map) = self.found.lock()
            && let Some(hit) = map.get(&c)
        {
            return *hit;
        }
        let n = self.scan().len().min(u16::MAX as usize);
        let hit = (0..n)
            .find(|&k| self.load(k).is_some_and(|(_, cov)| cov.contains(c)))
            .map(|k| k as u16);
        if let Ok(mut map) = self.found.lock() {
            map.insert(c, hit);
        }
        hit
    }

    /// The extra face `k`, if it was loaded (it always is once `find` returned it).
    pub(crate) fn face(&self, k: u16) -> Option<&Face> {
        self.faces
            .get()?
            .get(k as usize)?
            .face
            .get()?
            .as_ref()
            .map(|(f, _)| f)
    }

    /// Whether loaded extra face `k` maps `c`.
    pub(crate) fn covers(&self, k: u16, c: char) -> bool {
        self.faces
            .get()
            .and_then(|v| v.get(k as usize))
            .and_then(|e| e.face.get())
            .and_then(|f| f.as_ref())
            .is_some_and(|(_, cov)| cov.contains(c))
    }
}
