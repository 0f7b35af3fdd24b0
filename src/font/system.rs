//! Fonts beyond the embedded chain: `--font-dir` folders, then system fonts (via fontdb).
//!
//! Nothing here runs unless a character is missing from every embedded face. Even then the cost
//! stays small: fontdb's scan reads only names, a face is tested by reading just its `cmap`
//! table (a seek and a few kilobytes, not a 27 MB CJK collection), and only the face that wins
//! is read whole. Results are cached per character.

use super::coverage::Coverage;
use super::{Face, FontOptions, face_from_data};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A font file found on disk and its bytes, read on first use.
type LazyFile = (PathBuf, OnceLock<Option<Arc<Vec<u8>>>>);

/// One face found on disk.
#[derive(Debug)]
struct ExtraFace {
    /// Index into `ExtraFonts::files`.
    file: usize,
    /// Face index inside the file (collections).
    index: u32,
    /// The raw `cmap` table, read on first query (`None`: unreadable).
    cmap: OnceLock<Option<Vec<u8>>>,
    /// The loaded face and its coverage, once the face has been chosen for some character.
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

fn be_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be_u32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn read_at(file: &mut File, offset: u64, len: usize) -> Option<Vec<u8>> {
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut buf = vec![0; len];
    file.read_exact(&mut buf).ok()?;
    Some(buf)
}

/// Reads the `cmap` table of face `index` of an sfnt file (TTF, OTF or a TTC collection),
/// touching only the headers and the table itself (OpenType spec: table directory).
fn read_cmap(path: &Path, index: u32) -> Option<Vec<u8>> {
    let mut file = File::open(path).ok()?;
    let head = read_at(&mut file, 0, 12)?;
    let face_offset = if &head[0..4] == b"ttcf" {
        let at = 12 + 4 * u64::from(index);
        u64::from(be_u32(&read_at(&mut file, at, 4)?, 0)?)
    } else {
        0
    };
    let dir = read_at(&mut file, face_offset, 12)?;
    let tables = usize::from(be_u16(&dir, 4)?);
    let records = read_at(&mut file, face_offset + 12, tables.min(512) * 16)?;
    for rec in records.chunks_exact(16) {
        if &rec[0..4] == b"cmap" {
            let offset = be_u32(rec, 8)?;
            let len = be_u32(rec, 12)?;
            // A cmap larger than 16 MB is not a real font's.
            if len > 16 << 20 {
                return None;
            }
            return read_at(&mut file, u64::from(offset), len as usize);
        }
    }
    None
}

/// Whether a raw `cmap` table maps `c` to a real glyph.
fn cmap_has(cmap: &[u8], c: char) -> bool {
    let Some(table) = ttf_parser::cmap::Table::parse(cmap) else {
        return false;
    };
    table
        .subtables
        .into_iter()
        .filter(|s| s.is_unicode())
        .any(|s| s.glyph_index(c as u32).is_some_and(|g| g.0 != 0))
}

/// Which font file a face is, as the build cache keys it: path, face index, size and
/// modification time (a font replaced in place changes the last two).
pub(crate) fn file_identity(path: &Path, index: u32) -> String {
    let meta = std::fs::metadata(path).ok();
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let len = meta.map_or(0, |m| m.len());
    format!("{}#{index}:{len}:{modified}", path.display())
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
                    cmap: OnceLock::new(),
                    face: OnceLock::new(),
                });
            }
            let _ = self.files.set(files);
            faces
        })
    }

    fn path(&self, extra: &ExtraFace) -> Option<&Path> {
        Some(self.files.get()?.get(extra.file)?.0.as_path())
    }

    /// Whether extra face `k` maps `c`, reading only its `cmap`.
    fn maps(&self, k: usize, c: char) -> bool {
        let Some(extra) = self.scan().get(k) else {
            return false;
        };
        let cmap = extra
            .cmap
            .get_or_init(|| self.path(extra).and_then(|p| read_cmap(p, extra.index)));
        cmap.as_deref().is_some_and(|t| cmap_has(t, c))
    }

    /// Reads extra face `k` whole (once).
    fn load(&self, k: usize) -> Option<&(Face, Coverage)> {
        let extra = self.scan().get(k)?;
        extra
            .face
            .get_or_init(|| {
                let (path, bytes) = self.files.get()?.get(extra.file)?;
                let data = bytes
                    .get_or_init(|| std::fs::read(path).ok().map(Arc::new))
                    .clone()?;
                let face = face_from_data(data.clone(), extra.index, false).ok()?;
                let cov = Coverage::from_font(&data, extra.index);
                Some((face, cov))
            })
            .as_ref()
    }

    /// Index of the first extra face that maps `c` (that face is then loaded).
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
            .find(|&k| self.maps(k, c) && self.load(k).is_some())
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

    /// Which file extra face `k` is, as the build cache keys it: path, face index, size and
    /// modification time (a font replaced in place changes the last two).
    pub(crate) fn identity(&self, k: u16) -> String {
        let Some(extra) = self.scan().get(k as usize) else {
            return "-".into();
        };
        let Some(path) = self.path(extra) else {
            return "-".into();
        };
        file_identity(path, extra.index)
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
