//! `--cache DIR` (hanji.yaml `cache:`): rendered books kept by the content of everything they
//! are made from, so a run that meets the same book again copies its files instead of setting
//! them.
//!
//! What is cached: the output of `render` for one book (every requested format's bytes, the
//! page count, the diagnostics only rendering finds). With `--each` that is one note's books;
//! without it, the whole book. Loading, parsing and resolving always run (together under 10 %
//! of a cold run): the key is computed from their result, so everything a note's book depends
//! on — the note, the notes it embeds, the titles and anchors of the notes it links to, its
//! images and attachments — is in the key by construction, not by a list kept in step.
//!
//! The key (BLAKE3) covers: this hanji binary's own bytes (a new version or build never reuses
//! an old one's output), the requested formats, the writers' options (page, fonts, standard,
//! `SOURCE_DATE_EPOCH`, style sheet), the resolved book as JSON, every image and attachment's
//! bytes, and which fonts outside the binary would set characters the embedded faces lack. A
//! wrong hit would be the worst possible bug, so anything the writers read is in the key.
//!
//! Entries are single files `DIR/ab/abcdef….book`, renamed into place, with a checksum of
//! their bytes; a corrupt, torn or foreign one is a miss. The cache is bounded: after a run, the
//! least recently used entries go until the folder is within its size (`--cache-size`, default
//! 4 GiB), but never one this run used (a bound too small for one run is a warning instead).
//! A cache that cannot be read or written costs speed, never a build.

#[cfg(test)]
use super::atomic::write_atomic;
use crate::config::{Config, Format};
use crate::diag::{Diagnostic, Severity, Span};
use crate::font::FontBook;
use crate::model::Book;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// First line of every entry: the layout of the file, not hanji's version (that is in the key).
const MAGIC: &[u8] = b"hanji-cache 1\n";

/// Default bound of the cache folder: 4 GiB, room for about 15,000 notes' `--each` books (an
/// EPUB and a PDF of a typical note take about 260 KB), within GitHub's 10 GB per repository.
pub const DEFAULT_CACHE_BYTES: u64 = 4 << 30;

/// What rendering one book produced: files in format order, and the diagnostics of rendering.
pub(super) struct Rendered {
    /// Format, bytes, page count (PDF).
    pub files: Vec<(Format, Vec<u8>, Option<usize>)>,
    /// What the writers reported (layout warnings and the like).
    pub diagnostics: Vec<Diagnostic>,
}

/// An open cache folder.
pub(super) struct Cache {
    dir: PathBuf,
    max_bytes: u64,
    /// BLAKE3 of the running binary, computed on first use.
    binary: OnceLock<[u8; 32]>,
}

/// A cache key: BLAKE3 of a book's inputs.
#[derive(Clone, Copy)]
pub(super) struct Key([u8; 32]);

impl Key {
    fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl Cache {
    pub(super) fn new(dir: PathBuf, max_bytes: u64) -> Cache {
        Cache {
            dir,
            max_bytes,
            binary: OnceLock::new(),
        }
    }

    /// The running executable's BLAKE3 (unreadable: a random value, so nothing is ever reused).
    fn binary(&self) -> &[u8; 32] {
        self.binary.get_or_init(|| {
            std::env::current_exe()
                .and_then(std::fs::read)
                .map(|bytes| *blake3::hash(&bytes).as_bytes())
                .unwrap_or_else(|_| {
                    let now = format!("{:?}{}", SystemTime::now(), std::process::id());
                    *blake3::hash(now.as_bytes()).as_bytes()
                })
        })
    }

    /// The key of rendering `book` with `config` and `fonts`; `None` when the book cannot be
    /// described (it is then rendered, never cached).
    pub(super) fn key(
        &self,
        config: &Config,
        book: &Book,
        fonts: Option<&FontBook>,
    ) -> Option<Key> {
        let json = serde_json::to_vec(book).ok()?;
        let mut h = blake3::Hasher::new();
        let mut field = |bytes: &[u8]| {
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        field(MAGIC);
        field(self.binary());
        field(format!("{:?}", config.formats).as_bytes());
        field(format!("{:?}", config.epub_options()).as_bytes());
        field(format!("{:?}", config.layout_options()).as_bytes());
        field(format!("{:?}", config.pdf_options()).as_bytes());
        field(&json);
        for asset in &book.assets {
            field(asset.path.as_bytes());
            field(&asset.data);
        }
        for file in &book.attachments {
            field(file.path.as_bytes());
            field(&file.data);
        }
        // (The role fonts' files are in it too, whatever the format: the EPUB packages them.)
        if let Some(fonts) =
            fonts.filter(|_| config.formats.contains(&Format::Pdf) || config.fonts.any())
        {
            // Every character of the book is in its JSON (serde_json leaves non-ASCII as is).
            let text = String::from_utf8_lossy(&json);
            let chars: BTreeSet<char> = text.chars().filter(|c| !c.is_ascii()).collect();
            field(fonts.fallback_fingerprint(chars).as_bytes());
        }
        Some(Key(*h.finalize().as_bytes()))
    }

    fn path(&self, key: Key) -> PathBuf {
        let hex = key.hex();
        self.dir.join(&hex[..2]).join(format!("{hex}.book"))
    }

    /// The cached result for `key`, marked as just used; `None` on a miss or an unreadable
    /// entry (which is removed).
    pub(super) fn get(&self, key: Key) -> Option<Rendered> {
        let path = self.path(key);
        let bytes = std::fs::read(&path).ok()?;
        let Some(rendered) = decode(&bytes) else {
            let _ = std::fs::remove_file(&path);
            return None;
        };
        // Least recently used goes first when the cache is trimmed: a hit counts as a use.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(rendered)
    }

    /// Stores `rendered` under `key`: a temporary file renamed into place, not fsynced (a torn
    /// entry after a crash fails its checksum and is a miss); a failure only costs time.
    pub(super) fn put(&self, key: Key, rendered: &Rendered) {
        let path = self.path(key);
        let Some(dir) = path.parent() else { return };
        let tmp = dir.join(format!(
            ".{}.{}.{:?}.tmp",
            key.hex(),
            std::process::id(),
            std::thread::current().id()
        ));
        let stored = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, encode(rendered)))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if stored.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Removes the least recently used entries until the folder is within its bound, never one
    /// this run used (since `run_start`): a bound smaller than one run's books would otherwise
    /// evict what the next run needs. Returns a warning when the bound is too small for that.
    pub(super) fn trim(&self, run_start: SystemTime) -> Option<Diagnostic> {
        let mut entries = entries(&self.dir);
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        entries.sort();
        for (used, len, path) in entries {
            if total <= self.max_bytes || used >= run_start {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        (total > self.max_bytes).then(|| {
            let mb = total.div_ceil(1 << 20);
            Diagnostic::warning(
                "cache-too-small",
                None,
                format!(
                    "this run's books take {mb} MB of the build cache, more than its bound of {} MB: set --cache-size (or cache_size:) to at least {mb}, or older books are rendered again every run",
                    self.max_bytes >> 20
                ),
            )
        })
    }
}

/// Every entry under `dir`: (last use, size, path).
fn entries(dir: &Path) -> Vec<(SystemTime, u64, PathBuf)> {
    let mut out = Vec::new();
    let Ok(shards) = std::fs::read_dir(dir) else {
        return out;
    };
    for shard in shards.flatten() {
        let Ok(files) = std::fs::read_dir(shard.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "book")
                && let Ok(meta) = file.metadata()
            {
                let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                out.push((used, meta.len(), path));
            }
        }
    }
    out
}

/// `MAGIC`, one line of JSON describing the files and diagnostics, then the files' bytes.
fn encode(rendered: &Rendered) -> Vec<u8> {
    let files: Vec<Value> = rendered
        .files
        .iter()
        .map(|(format, bytes, pages)| {
            json!({"format": format.extension(), "len": bytes.len(), "pages": pages})
        })
        .collect();
    let diagnostics: Vec<Value> = rendered.diagnostics.iter().map(diagnostic_json).collect();
    let check = payload_hash(rendered.files.iter().map(|f| f.1.as_slice()));
    let head = json!({"files": files, "diagnostics": diagnostics, "blake3": check}).to_string();
    let mut out = Vec::with_capacity(
        MAGIC.len() + head.len() + 1 + rendered.files.iter().map(|f| f.1.len()).sum::<usize>(),
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(head.as_bytes());
    out.push(b'\n');
    for (_, bytes, _) in &rendered.files {
        out.extend_from_slice(bytes);
    }
    out
}

/// The inverse of [`encode`]; `None` for anything else.
fn decode(bytes: &[u8]) -> Option<Rendered> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let newline = rest.iter().position(|&b| b == b'\n')?;
    let head: Value = serde_json::from_slice(&rest[..newline]).ok()?;
    let mut body = &rest[newline + 1..];
    let mut files = Vec::new();
    for f in head.get("files")?.as_array()? {
        let format = Format::parse(f.get("format")?.as_str()?)?;
        let len = usize::try_from(f.get("len")?.as_u64()?).ok()?;
        let pages = match f.get("pages")? {
            Value::Null => None,
            v => Some(usize::try_from(v.as_u64()?).ok()?),
        };
        let (data, tail) = body.split_at_checked(len)?;
        files.push((format, data.to_vec(), pages));
        body = tail;
    }
    if !body.is_empty()
        || head.get("blake3")?.as_str()? != payload_hash(files.iter().map(|f| f.1.as_slice()))
    {
        return None;
    }
    let diagnostics = head
        .get("diagnostics")?
        .as_array()?
        .iter()
        .map(diagnostic_from_json)
        .collect::<Option<Vec<_>>>()?;
    Some(Rendered { files, diagnostics })
}

/// BLAKE3 of the files' bytes, in hex: an entry torn by a crash is a miss, not a wrong book.
fn payload_hash<'a>(files: impl Iterator<Item = &'a [u8]>) -> String {
    let mut h = blake3::Hasher::new();
    for f in files {
        h.update(&(f.len() as u64).to_le_bytes());
        h.update(f);
    }
    h.finalize().to_hex().to_string()
}

fn diagnostic_json(d: &Diagnostic) -> Value {
    let span = d
        .span
        .as_ref()
        .map(|s| json!({"file": &*s.file, "line": s.line, "col": s.col}));
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    json!({"severity": severity, "code": d.code, "message": d.message, "span": span})
}

fn diagnostic_from_json(v: &Value) -> Option<Diagnostic> {
    let severity = match v.get("severity")?.as_str()? {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => return None,
    };
    let span = match v.get("span")? {
        Value::Null => None,
        s => Some(Span::new(
            Arc::from(s.get("file")?.as_str()?),
            u32::try_from(s.get("line")?.as_u64()?).ok()?,
            u32::try_from(s.get("col")?.as_u64()?).ok()?,
        )),
    };
    Some(Diagnostic {
        severity,
        code: intern(v.get("code")?.as_str()?),
        message: v.get("message")?.as_str()?.to_string(),
        span,
    })
}

/// Diagnostic codes are `&'static str`: a code read back from the cache is leaked once per
/// distinct code (a few dozen exist), never once per use.
fn intern(code: &str) -> &'static str {
    static CODES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let Ok(mut codes) = CODES.lock() else {
        return "cached";
    };
    if let Some(known) = codes.get(code) {
        return known;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered() -> Rendered {
        Rendered {
            files: vec![
                (Format::Epub, b"PK epub".to_vec(), None),
                (Format::Pdf, b"%PDF-1.7 \n\x00\xff".to_vec(), Some(3)),
            ],
            diagnostics: vec![
                Diagnostic::warning(
                    "font-missing-char",
                    Some(Span::new("가/나.md".into(), 3, 7)),
                    "no font has U+E000",
                ),
                Diagnostic::error("pdf-failed", None, "x"),
            ],
        }
    }

    #[test]
    fn entries_read_back_exactly() {
        let back = decode(&encode(&rendered())).expect("decodes");
        let want = rendered();
        assert_eq!(back.files, want.files);
        assert_eq!(back.diagnostics, want.diagnostics);
    }

    #[test]
    fn damaged_entries_are_misses() {
        let good = encode(&rendered());
        // Same length, one payload byte changed (a torn write): the checksum sees it.
        let mut torn = good.clone();
        let last = torn.len() - 1;
        torn[last] ^= 0xff;
        assert!(decode(&torn).is_none());
        for bad in [
            &good[..good.len() - 1],
            &good[1..],
            b"hanji-cache 1\n{}\n".as_slice(),
            b"".as_slice(),
        ] {
            assert!(decode(bad).is_none());
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
    }

    #[test]
    fn trim_removes_least_recently_used_first() {
        let dir = crate::load::fresh_test_dir("cache-trim");
        let cache = Cache::new(dir.clone(), 150);
        let old = dir.join("aa/old.book");
        let new = dir.join("bb/new.book");
        write_atomic(&old, &[0; 200]).expect("write");
        write_atomic(&new, &[0; 200]).expect("write");
        let long_ago = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .append(true)
            .open(&old)
            .and_then(|f| f.set_modified(long_ago))
            .expect("set time");
        // The entry this run used stays even though the bound is exceeded, and that is said.
        let run_start = SystemTime::now() - std::time::Duration::from_secs(60);
        let warning = cache.trim(run_start).expect("bound too small for this run");
        assert_eq!(warning.code, "cache-too-small");
        assert!(!old.exists() && new.exists());
        // A bound that fits: nothing more goes, nothing is said.
        let roomy = Cache::new(dir.clone(), 1 << 20);
        assert!(roomy.trim(run_start).is_none());
        assert!(new.exists());
    }
}
