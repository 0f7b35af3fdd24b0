//! Config: CLI arguments + optional `hanji.yaml` → each stage's options.
//!
//! Input: [`ConfigArgs`] (what the command line said) and the config file, either `--config FILE`
//! or `hanji.yaml` in the notes folder. Output: a [`Config`] that hands every stage its
//! `*Options` struct. Precedence: command line, then config file, then defaults (title = the
//! notes folder name, language `ko`, A4). Unknown or invalid keys are warnings; only an
//! unreadable or syntactically broken config file is fatal. Does not print and does not build.
//!
//! The `hanji.yaml` schema (every key optional):
//!
//! ```yaml
//! title: 한지 노트          # book title (default: the notes folder name)
//! authors: [홍길동]         # or `author: 홍길동`
//! language: ko              # BCP 47 (alias `lang`)
//! date: 2026-11-27
//! identifier: urn:uuid:…    # default: derived by the writers
//! description: One paragraph.
//! keywords: [한지, notes]   # subject keywords (alias `tags`)
//! cover: images/cover.png   # relative to the notes folder
//! chapters: [intro, part/2.md]   # explicit order: note paths or names; the rest follow
//! include: ["**/*.md"]      # globs relative to the notes folder
//! exclude: ["private/**"]
//! toc_depth: 3              # 1–6
//! embed_fonts: true         # EPUB: embed subset Hangul fonts
//! sort: natural             # natural (2 before 10) | path (code-point order of paths)
//! page:
//!   size: A4                # A4 | A5 | B5 | Letter | "150x220 mm" (mm, pt or in)
//!   margins: 25 22          # mm, CSS order (1–4 values), or "20mm 18mm", or a list
//!   base_size: 10.5         # body size in pt
//!   chapter_page_break: true
//!   korean_break: word      # word (keep-all) | syllable
//! ```

use crate::diag::{Diagnostic, Span, Warned};
use crate::epub::EpubOptions;
use crate::font::{FontOptions, Pt};
use crate::layout::LayoutOptions;
use crate::load::{LoadOptions, SortOrder};
use crate::model::BookMeta;
use crate::parse::ParseOptions;
use crate::pdf::PdfOptions;
use crate::text::KoreanBreak;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Name of the config file looked up in the notes folder.
pub const CONFIG_FILE_NAME: &str = "hanji.yaml";

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// EPUB 3 (`book.epub`).
    Epub,
    /// Paginated PDF (`book.pdf`).
    Pdf,
    /// Text dump of the document model (`book.model.txt`), for debugging.
    Model,
}

impl Format {
    /// File extension of the output (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Model => "model.txt",
        }
    }

    /// Parses one format name (`epub`, `pdf`, `model`), case-insensitively.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "epub" => Some(Format::Epub),
            "pdf" => Some(Format::Pdf),
            "model" | "model.txt" => Some(Format::Model),
            _ => None,
        }
    }
}

/// What the command line asked for (everything optional; `None`/empty = not given).
#[derive(Clone, Debug, Default)]
pub struct ConfigArgs {
    /// Notes folder (`NOTES_DIR`).
    pub notes_dir: PathBuf,
    /// Output folder (`-o`).
    pub out_dir: PathBuf,
    /// Output formats (`--format`); empty = EPUB and PDF.
    pub formats: Vec<Format>,
    /// Config file (`--config`); `None` = `hanji.yaml` in the notes folder if present.
    pub config_file: Option<PathBuf>,
    /// `--title`.
    pub title: Option<String>,
    /// `--author` (repeatable); non-empty replaces the configured authors.
    pub authors: Vec<String>,
    /// `--lang`.
    pub language: Option<String>,
    /// `--drafts`.
    pub drafts: bool,
    /// `--sort`.
    pub sort: Option<SortOrder>,
    /// `--no-embed-fonts`.
    pub no_embed_fonts: bool,
    /// `--font-dir` (repeatable).
    pub font_dirs: Vec<PathBuf>,
    /// `--page-size`.
    pub page_size: Option<String>,
    /// `--korean-break`.
    pub korean_break: Option<KoreanBreak>,
    /// `--each`: one book per note.
    pub each: bool,
    /// `--shard i/n` (1-based `i`).
    pub shard: Option<(usize, usize)>,
    /// Value of `SOURCE_DATE_EPOCH` (the CLI reads the environment).
    pub source_date_epoch: Option<String>,
}

/// Page settings (the `page:` section).
#[derive(Clone, Debug, PartialEq)]
pub struct PageConfig {
    /// Page width.
    pub width: Pt,
    /// Page height.
    pub height: Pt,
    /// Margins: top, right, bottom, left.
    pub margins: [Pt; 4],
    /// Body font size.
    pub base_size: Pt,
    /// Start every note on a new page.
    pub chapter_page_break: bool,
    /// Korean line-break style.
    pub korean_break: KoreanBreak,
}

impl Default for PageConfig {
    fn default() -> Self {
        let l = LayoutOptions::default();
        PageConfig {
            width: l.page_width,
            height: l.page_height,
            margins: l.margins,
            base_size: l.base_size,
            chapter_page_break: l.chapter_page_break,
            korean_break: l.korean_break,
        }
    }
}

/// Everything a build needs, resolved from the command line, the config file and defaults.
#[derive(Clone, Debug)]
pub struct Config {
    /// Notes folder.
    pub notes_dir: PathBuf,
    /// Output folder.
    pub out_dir: PathBuf,
    /// Formats to write, sorted, without duplicates.
    pub formats: Vec<Format>,
    /// Book metadata (title, authors, language, date, identifier, description).
    pub meta: BookMeta,
    /// Cover image path relative to the notes folder.
    pub cover: Option<String>,
    /// Explicit chapter order (note paths or names).
    pub chapters: Vec<String>,
    /// Include globs.
    pub include: Vec<String>,
    /// Exclude globs.
    pub exclude: Vec<String>,
    /// Keep draft notes.
    pub drafts: bool,
    /// Order of notes not placed by the chapter list or front-matter `order`.
    pub sort: SortOrder,
    /// Heading levels in the table of contents (1–6).
    pub toc_depth: u8,
    /// Embed subset fonts in the EPUB.
    pub embed_fonts: bool,
    /// Extra font folders.
    pub font_dirs: Vec<PathBuf>,
    /// Page settings for the PDF.
    pub page: PageConfig,
    /// `SOURCE_DATE_EPOCH`, when set and valid.
    pub source_date_epoch: Option<i64>,
    /// One book per note.
    pub each: bool,
    /// Shard `(i, n)`, 1-based `i`.
    pub shard: Option<(usize, usize)>,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
}

/// A config file that cannot be used at all.
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read (only fatal for an explicit `--config`).
    Read(PathBuf, std::io::Error),
    /// The file is not valid YAML or not a mapping.
    Syntax(Diagnostic),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Read(p, e) => write!(f, "cannot read config file {}: {e}", p.display()),
            ConfigError::Syntax(d) => write!(f, "{d}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// `hanji.yaml` as written.
#[derive(Deserialize, Default)]
#[serde(default)]
struct FileConfig {
    title: Option<String>,
    #[serde(alias = "author")]
    authors: Option<StringList>,
    #[serde(alias = "lang")]
    language: Option<String>,
    date: Option<String>,
    identifier: Option<String>,
    description: Option<String>,
    #[serde(alias = "tags")]
    keywords: Option<StringList>,
    cover: Option<String>,
    chapters: Option<StringList>,
    include: Option<StringList>,
    exclude: Option<StringList>,
    toc_depth: Option<i64>,
    embed_fonts: Option<bool>,
    sort: Option<String>,
    page: Option<FilePage>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FilePage {
    size: Option<String>,
    margins: Option<serde_json::Value>,
    base_size: Option<f64>,
    chapter_page_break: Option<bool>,
    korean_break: Option<String>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_json::Value>,
}

/// A string or a list of strings.
#[derive(Deserialize)]
#[serde(untagged)]
enum StringList {
    One(String),
    Many(Vec<String>),
}

impl StringList {
    fn into_vec(self) -> Vec<String> {
        match self {
            StringList::One(s) => vec![s],
            StringList::Many(v) => v,
        }
    }
}

/// Builds the config: reads `--config FILE` or `hanji.yaml` in the notes folder (if present),
/// then applies the command line over it.
pub fn load_config(args: &ConfigArgs) -> Result<Warned<Config>, ConfigError> {
    let mut diagnostics = Vec::new();
    let (file, config_path, text) = match &args.config_file {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| ConfigError::Read(path.clone(), e))?;
            (
                parse_config_text(&text, &display_name(path))?,
                Some(path.clone()),
                text,
            )
        }
        None => {
            let path = args.notes_dir.join(CONFIG_FILE_NAME);
            match std::fs::read_to_string(&path) {
                Ok(text) => (
                    parse_config_text(&text, CONFIG_FILE_NAME)?,
                    Some(path),
                    text,
                ),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    (FileConfig::default(), None, String::new())
                }
                Err(e) => return Err(ConfigError::Read(path, e)),
            }
        }
    };
    let span_file: Arc<str> = Arc::from(config_path.as_deref().map_or(
        CONFIG_FILE_NAME.to_string(),
        |p| {
            if args.config_file.is_some() {
                display_name(p)
            } else {
                CONFIG_FILE_NAME.to_string()
            }
        },
    ));
    // A problem with `key` of the file, pointed at the key's line.
    let warn = |diagnostics: &mut Vec<Diagnostic>, key: &str, message: String| {
        let (line, col) = key_position(&text, key);
        diagnostics.push(Diagnostic::warning(
            "config-invalid",
            Some(Span::new(span_file.clone(), line, col)),
            message,
        ));
    };

    let mut page = PageConfig::default();
    if let Some(p) = file.page {
        if let Some(size) = p.size {
            match parse_page_size(&size) {
                Some((w, h)) => (page.width, page.height) = (w, h),
                None => warn(
                    &mut diagnostics,
                    "size",
                    format!("unknown page size `{size}`, using A4"),
                ),
            }
        }
        if let Some(m) = p.margins {
            match parse_margins(&m) {
                Some(m) => page.margins = m,
                None => warn(
                    &mut diagnostics,
                    "margins",
                    format!("invalid page margins `{m}`, using the defaults"),
                ),
            }
        }
        if let Some(s) = p.base_size {
            if (4.0..=72.0).contains(&s) {
                page.base_size = Pt(s as f32);
            } else {
                warn(
                    &mut diagnostics,
                    "base_size",
                    format!("page base_size {s} pt is out of range 4–72, using the default"),
                );
            }
        }
        if let Some(b) = p.chapter_page_break {
            page.chapter_page_break = b;
        }
        if let Some(k) = p.korean_break {
            match parse_korean_break(&k) {
                Some(k) => page.korean_break = k,
                None => warn(
                    &mut diagnostics,
                    "korean_break",
                    format!("page korean_break must be `word` or `syllable`, not `{k}`"),
                ),
            }
        }
        for key in p.unknown.keys() {
            warn(
                &mut diagnostics,
                key,
                format!("unknown key `page.{key}` ignored"),
            );
        }
    }
    let mut sort = SortOrder::default();
    if let Some(s) = file.sort {
        match parse_sort(&s) {
            Some(s) => sort = s,
            None => warn(
                &mut diagnostics,
                "sort",
                format!("sort must be `natural` or `path`, not `{s}`"),
            ),
        }
    }
    if let Some(s) = args.sort {
        sort = s;
    }
    for key in file.unknown.keys() {
        warn(
            &mut diagnostics,
            key,
            format!("unknown key `{key}` ignored"),
        );
    }

    // The command line wins over the file.
    if let Some(size) = &args.page_size {
        match parse_page_size(size) {
            Some((w, h)) => (page.width, page.height) = (w, h),
            None => diagnostics.push(Diagnostic::warning(
                "config-invalid",
                None,
                format!("unknown page size `{size}`, using A4"),
            )),
        }
    }
    if let Some(k) = args.korean_break {
        page.korean_break = k;
    }

    let toc_depth = match file.toc_depth {
        Some(d @ 1..=6) => d as u8,
        Some(d) => {
            warn(
                &mut diagnostics,
                "toc_depth",
                format!("toc_depth {d} is out of range 1–6, using 3"),
            );
            3
        }
        None => 3,
    };

    let source_date_epoch = match args.source_date_epoch.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match s.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                diagnostics.push(Diagnostic::warning(
                    "config-invalid",
                    None,
                    format!("SOURCE_DATE_EPOCH `{s}` is not an integer; ignored"),
                ));
                None
            }
        },
    };

    let title = args
        .title
        .clone()
        .or(file.title)
        .unwrap_or_else(|| folder_name(&args.notes_dir));
    let authors = if args.authors.is_empty() {
        file.authors.map(StringList::into_vec).unwrap_or_default()
    } else {
        args.authors.clone()
    };
    let language = args
        .language
        .clone()
        .or(file.language)
        .unwrap_or_else(|| "ko".to_string());

    let mut formats = if args.formats.is_empty() {
        vec![Format::Epub, Format::Pdf]
    } else {
        args.formats.clone()
    };
    formats.sort();
    formats.dedup();

    let mut font_dirs = args.font_dirs.clone();
    font_dirs.dedup();

    Ok(Warned {
        value: Config {
            notes_dir: args.notes_dir.clone(),
            out_dir: args.out_dir.clone(),
            formats,
            meta: BookMeta {
                title,
                authors,
                language,
                date: file.date,
                identifier: file.identifier,
                description: file.description,
                keywords: file.keywords.map(StringList::into_vec).unwrap_or_default(),
                cover: None,
            },
            cover: file.cover,
            chapters: file.chapters.map(StringList::into_vec).unwrap_or_default(),
            include: file.include.map(StringList::into_vec).unwrap_or_default(),
            exclude: file.exclude.map(StringList::into_vec).unwrap_or_default(),
            drafts: args.drafts,
            sort,
            toc_depth,
            embed_fonts: !args.no_embed_fonts && file.embed_fonts.unwrap_or(true),
            font_dirs,
            page,
            source_date_epoch,
            each: args.each,
            shard: args.shard,
            config_file: config_path,
        },
        diagnostics,
    })
}

/// Parses config text; a YAML error is fatal and points at `file:line:col`.
fn parse_config_text(text: &str, file: &str) -> Result<FileConfig, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(FileConfig::default());
    }
    match serde_saphyr::from_str_with_options::<Option<FileConfig>>(
        text,
        crate::load::yaml_options(),
    ) {
        Ok(c) => Ok(c.unwrap_or_default()),
        Err(e) => {
            let (line, col) = e.location().map_or((0, 0), |l| {
                (
                    u32::try_from(l.line()).unwrap_or(0),
                    u32::try_from(l.column()).unwrap_or(0),
                )
            });
            let message = e
                .without_snippet()
                .to_string()
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            Err(ConfigError::Syntax(Diagnostic::error(
                "config-invalid",
                Some(Span::new(Arc::from(file), line, col)),
                format!("invalid config file: {message}"),
            )))
        }
    }
}

/// 1-based line and column of the first line that sets `key` (at any indentation), or (0, 0).
fn key_position(text: &str, key: &str) -> (u32, u32) {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix(key) else {
            continue;
        };
        if rest.trim_start_matches([' ', '\t']).starts_with(':') {
            let col = line[..line.len() - trimmed.len()].chars().count() + 1;
            return (
                u32::try_from(i + 1).unwrap_or(0),
                u32::try_from(col).unwrap_or(0),
            );
        }
    }
    (0, 0)
}

fn display_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The notes folder's own name (for the default title), resolving `.` and `..`.
fn folder_name(dir: &Path) -> String {
    let canon = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    canon
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "notes".to_string())
}

/// Parses `word` / `syllable`.
pub fn parse_korean_break(s: &str) -> Option<KoreanBreak> {
    match s.trim().to_ascii_lowercase().as_str() {
        "word" | "keep-all" | "eojeol" => Some(KoreanBreak::Word),
        "syllable" | "char" | "normal" => Some(KoreanBreak::Syllable),
        _ => None,
    }
}

/// Parses a page size: `A4` (210×297 mm), `A5` (148×210), `B5` (ISO, 176×250), `Letter`
/// (8.5×11 in), or a custom `WxH` with a unit `mm` (default), `pt`, `in` or `cm`, e.g. `150x220 mm`.
pub fn parse_page_size(s: &str) -> Option<(Pt, Pt)> {
    let lower = s.trim().to_ascii_lowercase();
    let named = match lower.as_str() {
        "a4" => Some((210.0, 297.0)),
        "a5" => Some((148.0, 210.0)),
        "b5" => Some((176.0, 250.0)),
        "letter" => Some((215.9, 279.4)),
        _ => None,
    };
    if let Some((w, h)) = named {
        return Some((Pt::from_mm(w), Pt::from_mm(h)));
    }
    let (dims, unit) = split_unit(&lower);
    let (w, h) = dims.split_once(['x', '×', '*'])?;
    let w: f32 = w.trim().parse().ok()?;
    let h: f32 = h.trim().parse().ok()?;
    let (w, h) = (to_pt(w, unit)?, to_pt(h, unit)?);
    // Sanity: between 50 pt (≈18 mm) and 14400 pt (the PDF user-space limit, 200 in).
    let ok = |v: Pt| (50.0..=14400.0).contains(&v.0);
    (ok(w) && ok(h)).then_some((w, h))
}

/// Splits a trailing unit (`mm`, `cm`, `pt`, `in`) off a length expression.
fn split_unit(s: &str) -> (&str, &str) {
    for unit in ["mm", "cm", "pt", "in"] {
        if let Some(rest) = s.strip_suffix(unit) {
            return (rest.trim(), unit);
        }
    }
    (s.trim(), "mm")
}

fn to_pt(v: f32, unit: &str) -> Option<Pt> {
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some(match unit {
        "mm" => Pt::from_mm(v),
        "cm" => Pt::from_mm(v * 10.0),
        "pt" => Pt(v),
        "in" => Pt(v * 72.0),
        _ => return None,
    })
}

/// Parses margins: a number (mm, all sides), a list of 1–4 numbers (mm) or a string of 1–4
/// lengths with optional units, in CSS order (top right bottom left).
pub fn parse_margins(v: &serde_json::Value) -> Option<[Pt; 4]> {
    let values: Vec<Pt> = match v {
        serde_json::Value::Number(n) => vec![to_pt(n.as_f64()? as f32, "mm")?],
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                serde_json::Value::Number(n) => to_pt(n.as_f64()? as f32, "mm"),
                serde_json::Value::String(s) => parse_length(s),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?,
        serde_json::Value::String(s) => s
            .split_whitespace()
            .map(parse_length)
            .collect::<Option<Vec<_>>>()?,
        _ => return None,
    };
    // CSS shorthand expansion (CSS Box Model §margin).
    match values.as_slice() {
        [a] => Some([*a; 4]),
        [v, h] => Some([*v, *h, *v, *h]),
        [t, h, b] => Some([*t, *h, *b, *h]),
        [t, r, b, l] => Some([*t, *r, *b, *l]),
        _ => None,
    }
}

/// One length such as `20`, `20mm`, `1.5cm`, `36pt`, `0.75in` (default unit mm).
fn parse_length(s: &str) -> Option<Pt> {
    let lower = s.trim().to_ascii_lowercase();
    let (num, unit) = split_unit(&lower);
    to_pt(num.parse().ok()?, unit)
}

/// Parses a `sort` value: `natural` or `path`.
pub fn parse_sort(s: &str) -> Option<SortOrder> {
    match s.trim().to_ascii_lowercase().as_str() {
        "natural" => Some(SortOrder::Natural),
        "path" | "code-point" | "codepoint" => Some(SortOrder::Path),
        _ => None,
    }
}

impl Config {
    /// Options for ① loading.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            root: self.notes_dir.clone(),
            skip_dirs: vec![self.out_dir.clone()],
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            chapter_order: self.chapters.clone(),
            drafts: self.drafts,
            sort: self.sort,
        }
    }

    /// Options for ② parsing.
    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            root: self.notes_dir.clone(),
            meta: self.meta.clone(),
            cover: self.cover.clone(),
        }
    }

    /// Options for font loading.
    pub fn font_options(&self) -> FontOptions {
        FontOptions {
            font_dirs: self.font_dirs.clone(),
            system_fallback: true,
        }
    }

    /// Options for ④ layout.
    pub fn layout_options(&self) -> LayoutOptions {
        LayoutOptions {
            page_width: self.page.width,
            page_height: self.page.height,
            margins: self.page.margins,
            base_size: self.page.base_size,
            chapter_page_break: self.page.chapter_page_break,
            korean_break: self.page.korean_break,
            toc_depth: self.toc_depth,
        }
    }

    /// Options for ⑤a the PDF writer.
    pub fn pdf_options(&self) -> PdfOptions {
        PdfOptions {
            creation_date: self.source_date_epoch,
        }
    }

    /// Options for ⑤b the EPUB writer.
    pub fn epub_options(&self) -> EpubOptions {
        EpubOptions {
            embed_fonts: self.embed_fonts,
            toc_depth: self.toc_depth,
            modified: self.source_date_epoch,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tmp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hanji-config-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("tmp dir");
        dir
    }

    fn args(dir: &Path) -> ConfigArgs {
        ConfigArgs {
            notes_dir: dir.to_path_buf(),
            out_dir: dir.join("out"),
            ..ConfigArgs::default()
        }
    }

    fn close(a: Pt, mm: f32) -> bool {
        (a.0 - Pt::from_mm(mm).0).abs() < 0.01
    }

    #[test]
    fn defaults_without_file() {
        let dir = tmp("내노트");
        let c = load_config(&args(&dir)).expect("ok");
        assert!(c.diagnostics.is_empty());
        let c = c.value;
        assert!(c.meta.title.starts_with("hanji-config-내노트"));
        assert_eq!(c.meta.language, "ko");
        assert_eq!(c.formats, [Format::Epub, Format::Pdf]);
        assert_eq!(c.layout_options(), LayoutOptions::default());
        assert!(c.embed_fonts);
        assert_eq!(c.load_options().skip_dirs, vec![dir.join("out")]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn file_and_cli_precedence() {
        let dir = tmp("file");
        fs::write(
            dir.join(CONFIG_FILE_NAME),
            "title: 책\nauthor: 김\nlang: en\nchapters: [b, a.md]\nexclude: drafts/**\nkeywords: 종이\n\
             toc_depth: 2\nembed_fonts: false\nsurprise: 1\n\
             page:\n  size: A5\n  margins: 20 15\n  base_size: 11\n  korean_break: syllable\n  colour: red\n",
        )
        .expect("write");
        let mut a = args(&dir);
        a.title = Some("CLI".into());
        a.source_date_epoch = Some("1700000000".into());
        let c = load_config(&a).expect("ok");
        let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(c.diagnostics.len(), 2, "{codes:?}");
        assert!(codes.iter().any(|m| m.contains("surprise")));
        assert!(codes.iter().any(|m| m.contains("page.colour")));
        let colour = c.diagnostics.iter().find(|d| d.message.contains("colour"));
        let span = colour.and_then(|d| d.span.clone()).expect("span");
        assert_eq!((span.line, span.col), (15, 3));
        let c = c.value;
        assert_eq!(c.meta.title, "CLI");
        assert_eq!(c.meta.authors, ["김"]);
        assert_eq!(c.meta.keywords, ["종이"]);
        assert_eq!(c.meta.language, "en");
        assert_eq!(c.chapters, ["b", "a.md"]);
        assert_eq!(c.exclude, ["drafts/**"]);
        assert!(!c.embed_fonts);
        let l = c.layout_options();
        assert_eq!(l.toc_depth, 2);
        assert!(close(l.page_width, 148.0) && close(l.page_height, 210.0));
        assert!(close(l.margins[0], 20.0) && close(l.margins[1], 15.0));
        assert_eq!(l.base_size, Pt(11.0));
        assert_eq!(l.korean_break, KoreanBreak::Syllable);
        assert_eq!(c.pdf_options().creation_date, Some(1_700_000_000));
        assert_eq!(c.epub_options().modified, Some(1_700_000_000));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn broken_file_is_fatal_with_position() {
        let dir = tmp("broken");
        fs::write(dir.join(CONFIG_FILE_NAME), "title: a\npage: [unclosed\n").expect("write");
        match load_config(&args(&dir)) {
            Err(ConfigError::Syntax(d)) => {
                let s = d.span.expect("span");
                assert_eq!(&*s.file, "hanji.yaml");
                assert!(s.line >= 2);
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn explicit_missing_config_is_fatal() {
        let dir = tmp("missing");
        let mut a = args(&dir);
        a.config_file = Some(dir.join("nope.yaml"));
        assert!(matches!(load_config(&a), Err(ConfigError::Read(..))));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn page_sizes() {
        let (w, h) = parse_page_size("Letter").expect("letter");
        assert!((w.0 - 612.0).abs() < 0.1 && (h.0 - 792.0).abs() < 0.1);
        let (w, h) = parse_page_size("150x220 mm").expect("custom");
        assert!(close(w, 150.0) && close(h, 220.0));
        let (w, _) = parse_page_size("6x9in").expect("inches");
        assert!((w.0 - 432.0).abs() < 0.1);
        assert!(parse_page_size("A7x").is_none());
        assert!(parse_page_size("0x0").is_none());
        assert!(parse_page_size("1e9x5").is_none());
    }

    #[test]
    fn margins_css_order() {
        let m = parse_margins(&serde_json::json!("10mm 20mm 30mm")).expect("3 values");
        assert!(close(m[0], 10.0) && close(m[1], 20.0) && close(m[2], 30.0) && close(m[3], 20.0));
        let m = parse_margins(&serde_json::json!(12)).expect("number");
        assert!(m.iter().all(|v| close(*v, 12.0)));
        let m = parse_margins(&serde_json::json!([1, "2cm", 3, 4])).expect("list");
        assert!(close(m[1], 20.0) && close(m[3], 4.0));
        assert!(parse_margins(&serde_json::json!("a b")).is_none());
        assert!(parse_margins(&serde_json::json!([1, 2, 3, 4, 5])).is_none());
    }

    #[test]
    fn formats_and_breaks() {
        assert_eq!(Format::parse(" PDF"), Some(Format::Pdf));
        assert_eq!(Format::parse("model"), Some(Format::Model));
        assert_eq!(Format::parse("docx"), None);
        assert_eq!(parse_korean_break("Syllable"), Some(KoreanBreak::Syllable));
        assert_eq!(parse_korean_break("x"), None);
    }
}
