//! Config: CLI arguments + optional `hanji.yaml` → each stage's options.
//!
//! Input: [`ConfigArgs`] (what the command line said) and the config file, either `--config FILE`
//! or `hanji.yaml` in the notes folder. Output: a [`Config`] that hands every stage its
//! `*Options` struct. Precedence: command line, then config file, then defaults (title = the
//! notes folder name, language `ko`, A4). Unknown or invalid keys are warnings that name the
//! file, line, key, value and accepted values, and the default applies; only an unreadable or
//! syntactically broken config file is fatal. Does not print and does not build.
//!
//! Steps: `file.rs` reads the file (each value kept as written when it has the wrong type),
//! `read.rs` turns a wrong value into its warning, `meta.rs` the book's metadata (with `-M`),
//! `page.rs` page settings, `css.rs` the sanitised `epub.css`; this file merges file and
//! command line ([`load_config`]) and hands out the stage options.
//!
//! The `hanji.yaml` schema is `src/cli/init.yaml` (what `hanji init` writes: every key, its
//! default) and README "hanji.yaml"; a test keeps the two and `--help` in agreement.

use crate::diag::{Diagnostic, Warned};
use crate::epub::EpubOptions;
use crate::font::FontOptions;
use crate::layout::{LayoutOptions, PagePattern};
use crate::limits::Limits;
use crate::load::{LoadOptions, PartsFrom, SortOrder};
use crate::model::BookMeta;
use crate::parse::ParseOptions;
use crate::pdf::{PdfOptions, PdfStandard};
use crate::text::KoreanBreak;
use std::path::{Path, PathBuf};

mod css;
mod file;
mod meta;
mod page;
mod read;
mod typography;

pub use page::{PageConfig, parse_align, parse_korean_break, parse_margins, parse_page_size};

use css::epub_section;
use file::StringList;
pub use meta::METADATA_KEYS;
use meta::{book_meta, cli_value};
use read::Warner;

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
    /// The resolved model as versioned JSON (`book.json`), for other tools (see README).
    Json,
}

impl Format {
    /// File extension of the output (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Model => "model.txt",
            Format::Json => "json",
        }
    }

    /// Parses one format name (`epub`, `pdf`, `model`, `json`), case-insensitively.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "epub" => Some(Format::Epub),
            "pdf" => Some(Format::Pdf),
            "model" | "model.txt" => Some(Format::Model),
            "json" => Some(Format::Json),
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
    /// `--parts`.
    pub parts: Option<PartsFrom>,
    /// `--no-embed-fonts`.
    pub no_embed_fonts: bool,
    /// `--page-list` (`Some(true)`) or `--no-page-list` (`Some(false)`).
    pub page_list: Option<bool>,
    /// `--font-dir` (repeatable).
    pub font_dirs: Vec<PathBuf>,
    /// `--page-size`.
    pub page_size: Option<String>,
    /// `--korean-break`.
    pub korean_break: Option<KoreanBreak>,
    /// `--align`: `Some(true)` justify, `Some(false)` ragged right.
    pub justify: Option<bool>,
    /// `--pdf-standard`.
    pub pdf_standard: Option<PdfStandard>,
    /// `--each`: one book per note.
    pub each: bool,
    /// `--shard i/n` (1-based `i`).
    pub shard: Option<(usize, usize)>,
    /// Value of `SOURCE_DATE_EPOCH` (the CLI reads the environment).
    pub source_date_epoch: Option<String>,
    /// `--name`: output file name without extension.
    pub name: Option<String>,
    /// `-M key=value` (repeatable): metadata over hanji.yaml's.
    pub metadata: Vec<(String, String)>,
    /// `--cache DIR`.
    pub cache: Option<PathBuf>,
    /// `--cache-size MB`.
    pub cache_size_mb: Option<u64>,
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
    /// Without a cover image, generate one (title and authors); `cover: none` turns it off.
    pub generate_cover: bool,
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
    /// Where the book's parts come from.
    pub parts: PartsFrom,
    /// Part titles that replace the found ones (folder name or SUMMARY.md title → title).
    pub part_titles: std::collections::BTreeMap<String, String>,
    /// Font families chosen per role (`fonts:`).
    pub fonts: crate::font::RoleFonts,
    /// Heading levels in the table of contents (1–6).
    pub toc_depth: u8,
    /// Embed subset fonts in the EPUB.
    pub embed_fonts: bool,
    /// Extra font folders.
    pub font_dirs: Vec<PathBuf>,
    /// Page settings for the PDF.
    pub page: PageConfig,
    /// Resource limits (`limits:` in hanji.yaml).
    pub limits: Limits,
    /// The standard the PDF claims (`--pdf-standard`, `pdf.standard`); default: tagged.
    pub pdf_standard: PdfStandard,
    /// The PDF's running heads and foot line (`pdf.header_even`, `pdf.header_odd`, `pdf.footer`).
    pub page_pattern: PagePattern,
    /// `SOURCE_DATE_EPOCH`, when set and valid.
    pub source_date_epoch: Option<i64>,
    /// Whether `--lang` or `hanji.yaml` named the book's language (else parse detects it).
    pub language_given: bool,
    /// Whether `--title` or `hanji.yaml` named the title (else an index note's title, else the
    /// folder's name, which `hanji check` warns about).
    pub title_given: bool,
    /// One book per note.
    pub each: bool,
    /// Shard `(i, n)`, 1-based `i`.
    pub shard: Option<(usize, usize)>,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
    /// Output file name without extension (`book`; `--name` / `name:`).
    pub name: String,
    /// A style sheet appended after hanji's in the EPUB (`epub.css`), already sanitised.
    pub epub_css: Option<String>,
    /// Print page numbers in the EPUB (`--page-list`, `epub.page_list`): `None` = when the PDF
    /// is made in the same run (its layout is then at hand).
    pub page_list: Option<bool>,
    /// The build cache's folder (`--cache`, `cache:`), if any.
    pub cache: Option<PathBuf>,
    /// The build cache's bound in bytes (`--cache-size`, `cache_size:`; default 4 GiB).
    pub cache_bytes: u64,
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

/// Builds the config: reads `--config FILE` or `hanji.yaml` in the notes folder (if present),
/// then applies the command line over it.
pub fn load_config(args: &ConfigArgs) -> Result<Warned<Config>, ConfigError> {
    let (mut file, config_path, text) = file::read_config_file(args)?;
    let mut w = Warner {
        file: file::span_file(args, config_path.as_deref()),
        text: &text,
        diagnostics: Vec::new(),
    };
    let page = page_settings(args, file.page.take(), &mut w);
    let limits = w
        .valid(
            file.limits.take(),
            "limits",
            "a mapping of limits",
            "the defaults",
        )
        .map_or_else(Limits::default, |l| apply_limits_section(l, &mut w));
    let (pdf_standard, page_pattern) = pdf_section(args, file.pdf.take(), &mut w);
    let sort = args.sort.or_else(|| {
        let s = w.valid(file.sort.take(), "sort", "`natural` or `path`", "natural")?;
        let parsed = parse_sort(&s);
        if parsed.is_none() {
            w.warn(
                "sort",
                format!("sort `{s}` is not `natural` or `path`; using natural"),
            );
        }
        parsed
    });
    let parts = args.parts.or_else(|| {
        let s = w.valid(file.parts.take(), "parts", PARTS_VALUES, "auto")?;
        let parsed = parse_parts(&s);
        if parsed.is_none() {
            w.warn(
                "parts",
                format!("parts `{s}` is not {PARTS_VALUES}; using auto"),
            );
        }
        parsed
    });
    let part_titles = w
        .valid(
            file.part_titles.take(),
            "part_titles",
            "a mapping of folder names (or SUMMARY.md part titles) to titles",
            "the found titles",
        )
        .unwrap_or_default();
    for key in file.unknown.keys() {
        w.warn(key, format!("unknown key `{key}` ignored"));
    }
    let toc_depth = toc_depth(file.toc_depth.take(), &mut w);
    let source_date_epoch = source_date_epoch(args, &mut w);
    let (cover, generate_cover) = cover(args, file.cover.take(), &mut w);
    let embed_fonts = w
        .valid(
            file.embed_fonts.take(),
            "embed_fonts",
            "`true` or `false`",
            "true",
        )
        .unwrap_or(true);
    let (meta, given) = book_meta(args, &mut file, &mut w);
    let name = output_name(args, file.name.take(), &mut w);
    let (epub_css, page_list) = epub_section(args, file.epub.take(), &mut w);
    let fonts = typography::fonts_section(file.fonts.take(), &mut w);
    let (cache, cache_bytes) = cache_settings(args, &mut file, &mut w);
    let list = |w: &mut Warner<'_>, field, key| {
        w.valid(field, key, "a string or a list of strings", "none")
            .map(StringList::into_vec)
            .unwrap_or_default()
    };
    let chapters = list(&mut w, file.chapters.take(), "chapters");
    let include = list(&mut w, file.include.take(), "include");
    let exclude = list(&mut w, file.exclude.take(), "exclude");

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
            meta,
            cover,
            generate_cover,
            chapters,
            include,
            exclude,
            drafts: args.drafts,
            sort: sort.unwrap_or_default(),
            parts: parts.unwrap_or_default(),
            part_titles,
            fonts,
            toc_depth,
            embed_fonts: !args.no_embed_fonts && embed_fonts,
            font_dirs,
            page,
            limits,
            pdf_standard,
            page_pattern,
            source_date_epoch,
            language_given: given.language,
            title_given: given.title,
            each: args.each,
            shard: args.shard,
            config_file: config_path,
            name,
            epub_css,
            page_list: args.page_list.or(page_list),
            cache,
            cache_bytes,
        },
        diagnostics: w.diagnostics,
    })
}

/// The `page:` section, then the command line over it; margins checked against the final size.
fn page_settings(
    args: &ConfigArgs,
    section: Option<file::Lenient<file::FilePage>>,
    w: &mut Warner<'_>,
) -> PageConfig {
    let mut page = PageConfig::default();
    if let Some(p) = w.valid(
        section,
        "page",
        "a mapping of page settings",
        "the defaults",
    ) {
        page::apply_page_section(&mut page, p, w);
    }
    // The command line wins over the file; a bad `--page-size` is read as `page.size` is.
    if let Some(size) = &args.page_size {
        match parse_page_size(size) {
            Some((w, h)) => (page.width, page.height) = (w, h),
            None => w.warn_cli(page::unknown_size(size).replace("page.size", "--page-size")),
        }
    }
    if let Some(k) = args.korean_break {
        page.korean_break = k;
    }
    if let Some(j) = args.justify {
        page.justify = j;
    }
    // Margins are checked against the final page size; layout receives only valid values.
    page::clamp_margins(&mut page, w);
    page
}

/// The output file name without extension: `--name`, else `-M name=`, else `name:`, else
/// `book`. A name with a path separator or nothing in it is a warning and `book` is used.
/// `--cache DIR` over `cache:` (a folder relative to the notes folder), and `--cache-size` over
/// `cache_size:` (megabytes, at least 1).
fn cache_settings(
    args: &ConfigArgs,
    file: &mut file::FileConfig,
    w: &mut Warner<'_>,
) -> (Option<PathBuf>, u64) {
    let from_file = w.valid(file.cache.take(), "cache", "a folder", "no cache");
    let dir = args.cache.clone().or_else(|| {
        from_file
            .filter(|d| !d.trim().is_empty())
            .map(|d| args.notes_dir.join(d.trim()))
    });
    let size = w.valid(
        file.cache_size.take(),
        "cache_size",
        "a size in megabytes",
        "4096",
    );
    let mb = args.cache_size_mb.or(size).unwrap_or(4096).max(1);
    (dir, mb.saturating_mul(1 << 20))
}

fn output_name(
    args: &ConfigArgs,
    field: Option<file::Lenient<String>>,
    w: &mut Warner<'_>,
) -> String {
    let file = w.valid(field, "name", "a file name", "book");
    let from_file = args.name.is_none() && cli_value(args, "name").is_none();
    let Some(name) = args
        .name
        .clone()
        .or_else(|| cli_value(args, "name"))
        .or(file)
    else {
        return "book".to_string();
    };
    let trimmed = name.trim();
    let bad = trimmed.is_empty()
        || trimmed.contains(['/', '\\', '\0'])
        || trimmed == "."
        || trimmed == "..";
    if !bad {
        return trimmed.to_string();
    }
    let message = format!("name `{name}` is not a file name (no `/`, `\\` or `..`); using book");
    if from_file {
        w.warn("name", message);
    } else {
        w.warn_cli(message.replace("name `", "--name `"));
    }
    "book".to_string()
}

/// `toc_depth`: 1–6, default 3; out of range is reported and the nearest valid value used.
fn toc_depth(field: Option<file::Lenient<i64>>, w: &mut Warner<'_>) -> u8 {
    match w.valid(field, "toc_depth", "an integer 1–6", "3") {
        Some(d @ 1..=6) => d as u8,
        Some(d) => {
            let used = if d < 1 { 1 } else { 6 };
            w.warn(
                "toc_depth",
                format!("toc_depth {d} is out of range 1–6; using {used}"),
            );
            used
        }
        None => 3,
    }
}

/// `SOURCE_DATE_EPOCH`: seconds since 1970, or a warning and none.
fn source_date_epoch(args: &ConfigArgs, w: &mut Warner<'_>) -> Option<i64> {
    match args.source_date_epoch.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => {
            let v = s.parse::<i64>().ok();
            if v.is_none() {
                w.warn_cli(format!(
                    "SOURCE_DATE_EPOCH `{s}` is not an integer; ignored"
                ));
            }
            v
        }
    }
}

/// `cover:`: a file in the notes folder. A missing one is reported against the config file
/// (it has no note to point at) and the book goes without.
fn cover(
    args: &ConfigArgs,
    field: Option<file::Lenient<String>>,
    w: &mut Warner<'_>,
) -> (Option<String>, bool) {
    let Some(cover) = w.valid(
        field,
        "cover",
        "a path to an image in the notes folder, or `none`",
        "a generated cover",
    ) else {
        return (None, true);
    };
    if matches!(cover.trim(), "none" | "false" | "off") {
        return (None, false);
    }
    let path = args.notes_dir.join(cover.trim_start_matches("./"));
    if path.is_file() {
        return (Some(cover), true);
    }
    w.warn(
        "cover",
        format!(
            "cover `{cover}` is not a file in the notes folder ({}); the book gets a generated cover",
            path.display()
        ),
    );
    (None, true)
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

/// The accepted `parts` values, as messages name them.
pub const PARTS_VALUES: &str = "`auto`, `folders` or `none`";

/// Parses a `parts` value: `auto` (SUMMARY.md part titles or Docusaurus categories when
/// present), `folders` (top-level folders) or `none`.
pub fn parse_parts(s: &str) -> Option<PartsFrom> {
    match s.trim().to_ascii_lowercase().as_str() {
        "auto" => Some(PartsFrom::Auto),
        "folders" | "folder" => Some(PartsFrom::Folders),
        "none" | "off" | "false" => Some(PartsFrom::None),
        _ => None,
    }
}

/// Parses a `sort` value: `natural` or `path`.
pub fn parse_sort(s: &str) -> Option<SortOrder> {
    match s.trim().to_ascii_lowercase().as_str() {
        "natural" => Some(SortOrder::Natural),
        "path" | "code-point" | "codepoint" => Some(SortOrder::Path),
        _ => None,
    }
}

/// Reads the `limits:` section: a zero (which would refuse everything), a value that is not a
/// positive integer or an unknown key is a warning, and that limit keeps its default.
/// The `pdf:` section: the standard the PDF claims (`--pdf-standard` wins) and the page
/// furniture patterns; an unknown standard, placeholder or key is a warning at its line and
/// the default stays.
fn pdf_section(
    args: &ConfigArgs,
    section: Option<file::Lenient<file::FilePdf>>,
    w: &mut Warner<'_>,
) -> (PdfStandard, PagePattern) {
    let mut standard = PdfStandard::default();
    let mut pattern = PagePattern::default();
    let accepted = "ua-1, a-2b, a-2u, a-3u or tagged";
    if let Some(file) = w.valid(
        section,
        "pdf",
        "a mapping (standard, header_even, header_odd, footer)",
        "tagged",
    ) {
        for (key, field, slot) in [
            (
                "pdf.header_even",
                file.header_even,
                &mut pattern.header_even,
            ),
            ("pdf.header_odd", file.header_odd, &mut pattern.header_odd),
            ("pdf.footer", file.footer, &mut pattern.footer),
        ] {
            let Some(text) = w.valid(field, key, "a string", "the default") else {
                continue;
            };
            let unknown = PagePattern::unknown_placeholders(&text);
            if unknown.is_empty() {
                *slot = text;
            } else {
                w.warn(
                    key,
                    format!(
                        "{key} `{text}` uses {}; the placeholders are {}; using the default",
                        unknown
                            .iter()
                            .map(|u| format!("{{{u}}}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        PagePattern::PLACEHOLDERS
                            .map(|p| format!("{{{p}}}"))
                            .join(", ")
                    ),
                );
            }
        }
        if let Some(name) = w.valid(file.standard, "pdf.standard", accepted, "tagged") {
            match PdfStandard::parse(&name) {
                Some(s) => standard = s,
                None => w.warn(
                    "pdf.standard",
                    format!("pdf.standard `{name}` is not {accepted}; using tagged"),
                ),
            }
        }
        for key in file.unknown.keys() {
            w.warn(key, format!("unknown key `pdf.{key}` ignored"));
        }
    }
    (args.pdf_standard.unwrap_or(standard), pattern)
}

fn apply_limits_section(file: file::FileLimits, w: &mut Warner<'_>) -> Limits {
    let mut limits = Limits::default();
    let mut set = |key: &str, value: Option<file::Lenient<u64>>, slot: &mut u64| {
        let dotted = format!("limits.{key}");
        match w.valid(value, &dotted, "a positive integer", &slot.to_string()) {
            Some(0) => w.warn(
                &dotted,
                format!("limits.{key} must be at least 1; using {slot}"),
            ),
            Some(v) => *slot = v,
            None => {}
        }
    };
    set("note_bytes", file.note_bytes, &mut limits.note_bytes);
    set("image_bytes", file.image_bytes, &mut limits.image_bytes);
    set("image_pixels", file.image_pixels, &mut limits.image_pixels);
    set("embed_factor", file.embed_factor, &mut limits.embed_factor);
    let mut depth = limits.embed_depth as u64;
    set("embed_depth", file.embed_depth, &mut depth);
    limits.embed_depth = usize::try_from(depth).unwrap_or(usize::MAX);
    for key in file.unknown.keys() {
        w.warn(key, format!("unknown key `limits.{key}` ignored"));
    }
    limits
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
            parts: self.parts,
            part_titles: self.part_titles.clone(),
            limits: self.limits,
        }
    }

    /// Options for ② parsing.
    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            root: self.notes_dir.clone(),
            meta: self.meta.clone(),
            cover: self.cover.clone(),
            limits: self.limits,
            detect_language: !self.language_given,
            detect_title: !self.title_given,
            generate_cover: self.generate_cover,
        }
    }

    /// Options for font loading.
    pub fn font_options(&self) -> FontOptions {
        FontOptions {
            font_dirs: self.font_dirs.clone(),
            system_fallback: true,
            roles: self.fonts.clone(),
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
            justify: self.page.justify,
            toc_depth: self.toc_depth,
            typography: self.page.typography,
            page_pattern: self.page_pattern.clone(),
            page_memory: crate::layout::PAGE_MEMORY,
        }
    }

    /// Whether the EPUB carries the PDF's page numbers: by default when both books are made
    /// (the layout is done anyway); `--page-list` with the EPUB alone lays the book out for them.
    pub fn epub_page_list(&self) -> bool {
        let (epub, pdf) = (
            self.formats.contains(&Format::Epub),
            self.formats.contains(&Format::Pdf),
        );
        epub && self.page_list.unwrap_or(pdf)
    }

    /// Whether the build lays the book out: for the PDF, or for the EPUB's page numbers.
    pub fn lays_out(&self) -> bool {
        self.formats.contains(&Format::Pdf) || self.epub_page_list()
    }

    /// Options for ⑤a the PDF writer.
    pub fn pdf_options(&self) -> PdfOptions {
        PdfOptions {
            creation_date: self.source_date_epoch,
            standard: self.pdf_standard,
        }
    }

    /// Options for ⑤b the EPUB writer.
    pub fn epub_options(&self) -> EpubOptions {
        EpubOptions {
            embed_fonts: self.embed_fonts,
            toc_depth: self.toc_depth,
            modified: self.source_date_epoch,
            extra_css: self.epub_css.clone(),
            typography: self.page.typography,
            fonts: FontOptions {
                font_dirs: self.font_dirs.clone(),
                // The EPUB packages the chosen faces and the embedded ones, never a fallback.
                system_fallback: false,
                roles: self.fonts.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::Pt;
    use std::fs;

    fn tmp(name: &str) -> PathBuf {
        crate::load::fresh_test_dir(&format!("config-{name}"))
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
    fn date_and_language_are_typed_with_warnings_at_their_lines() {
        let dir = tmp("date-lang");
        fs::write(
            dir.join("hanji.yaml"),
            "title: t\ndate: 2024년 5월 1일 (수)\nlang: Korean\n",
        )
        .expect("write");
        let c = load_config(&args(&dir)).expect("ok");
        assert_eq!(
            c.value.meta.date.map(|d| d.to_w3c()).as_deref(),
            Some("2024-05-01")
        );
        assert_eq!(c.value.meta.language.as_str(), "ko");
        let at: Vec<(u32, &str)> = c
            .diagnostics
            .iter()
            .map(|d| (d.span.as_ref().map_or(0, |s| s.line), d.code))
            .collect();
        assert_eq!(at, [(3, "config-invalid")], "{:?}", c.diagnostics);

        fs::write(dir.join("hanji.yaml"), "date: 어제\nlanguage: KO-kr\n").expect("write");
        let mut a = args(&dir);
        a.language = Some("x".into());
        let c = load_config(&a).expect("ok");
        assert_eq!(c.value.meta.date, None);
        // `--lang x` is no tag: warned, and the file's (re-cased) language applies.
        assert_eq!(c.value.meta.language.as_str(), "ko-KR");
        let lines: Vec<u32> = c
            .diagnostics
            .iter()
            .map(|d| d.span.as_ref().map_or(0, |s| s.line))
            .collect();
        assert_eq!(lines, [0, 1], "{:?}", c.diagnostics);
        fs::write(dir.join("hanji.yaml"), "date: 2024\n").expect("write");
        let c = load_config(&args(&dir)).expect("ok");
        assert_eq!(
            c.value.meta.date.map(|d| d.to_w3c()).as_deref(),
            Some("2024")
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn defaults_without_file() {
        let dir = tmp("내노트");
        let c = load_config(&args(&dir)).expect("ok");
        assert!(c.diagnostics.is_empty());
        let c = c.value;
        assert!(c.meta.title.starts_with("hanji-config-내노트"));
        assert_eq!(c.meta.language.as_str(), "ko");
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
        assert_eq!(c.meta.language.as_str(), "en");
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
    fn out_of_range_settings_are_reported_and_clamped_once() {
        let dir = tmp("ranges");
        fs::write(
            dir.join(CONFIG_FILE_NAME),
            "toc_depth: 0\npage:\n  base_size: 2\n  margins: 10 30\n",
        )
        .expect("write");
        // A 100 mm wide page (from the CLI) makes 30 mm side margins too wide: 30 % is 30 mm.
        let mut a = args(&dir);
        a.page_size = Some("99x150mm".into());
        let c = load_config(&a).expect("ok");
        let messages: Vec<(&str, u32)> = c
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.span.as_ref().map_or(0, |s| s.line)))
            .collect();
        assert!(messages.contains(&("toc_depth 0 is out of range 1–6; using 1", 1)));
        assert!(messages.contains(&("page.base_size 2 pt is out of range 5–40 pt; using 5 pt", 3)));
        let margin = |side: &str| {
            messages.iter().any(|(m, line)| {
                *line == 4 && m.starts_with(&format!("page.margins {side} 30.0 mm"))
            })
        };
        assert!(margin("right") && margin("left"), "{messages:?}");
        assert_eq!(messages.len(), 4, "{messages:?}");
        let l = c.value.layout_options();
        assert_eq!((l.toc_depth, l.base_size), (1, Pt(5.0)));
        assert!(close(l.margins[1], 29.7) && close(l.margins[0], 10.0));
        assert!(
            l.validated().diagnostics.is_empty(),
            "layout gets valid values"
        );
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
    fn formats_and_breaks() {
        assert_eq!(Format::parse(" PDF"), Some(Format::Pdf));
        assert_eq!(Format::parse("model"), Some(Format::Model));
        assert_eq!(Format::parse("JSON"), Some(Format::Json));
        assert_eq!(Format::parse("docx"), None);
        assert_eq!(parse_korean_break("Syllable"), Some(KoreanBreak::Syllable));
        assert_eq!(parse_korean_break("x"), None);
    }
}
