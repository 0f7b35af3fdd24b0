//! Reading `hanji.yaml`: the file as written (typed, unknown keys kept), where a key stands (for
//! warnings at `file:line:col`), and a fatal error for unreadable or broken YAML.

use super::{CONFIG_FILE_NAME, ConfigArgs, ConfigError};
use crate::diag::{Diagnostic, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `hanji.yaml` as written.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FileConfig {
    /// `title`.
    pub(super) title: Option<Lenient<String>>,
    /// `authors` / `author`.
    #[serde(alias = "author")]
    pub(super) authors: Option<Lenient<StringList>>,
    /// `language` / `lang`.
    #[serde(alias = "lang")]
    pub(super) language: Option<Lenient<String>>,
    /// `date`, any scalar (`2024` is a YAML integer); read by `model::Date::parse` later.
    pub(super) date: Option<serde_json::Value>,
    /// `identifier`.
    pub(super) identifier: Option<Lenient<String>>,
    /// `description`.
    pub(super) description: Option<Lenient<String>>,
    /// `keywords` / `tags` / `subjects`.
    #[serde(alias = "tags", alias = "subjects")]
    pub(super) keywords: Option<Lenient<StringList>>,
    /// `cover`.
    pub(super) cover: Option<Lenient<String>>,
    /// `publisher`.
    pub(super) publisher: Option<Lenient<String>>,
    /// `rights`.
    pub(super) rights: Option<Lenient<String>>,
    /// `series`.
    pub(super) series: Option<Lenient<String>>,
    /// `series_index`.
    pub(super) series_index: Option<Lenient<String>>,
    /// `isbn` (written as the identifier `urn:isbn:…`).
    pub(super) isbn: Option<Lenient<String>>,
    /// `name`: the output file name without extension.
    pub(super) name: Option<Lenient<String>>,
    /// The `epub:` section.
    pub(super) epub: Option<Lenient<FileEpub>>,
    /// The `fonts:` section.
    pub(super) fonts: Option<Lenient<FileFonts>>,
    /// `chapters`.
    pub(super) chapters: Option<Lenient<StringList>>,
    /// `include`.
    pub(super) include: Option<Lenient<StringList>>,
    /// `exclude`.
    pub(super) exclude: Option<Lenient<StringList>>,
    /// `toc_depth` (checked against 1–6 later).
    pub(super) toc_depth: Option<Lenient<i64>>,
    /// `embed_fonts`.
    pub(super) embed_fonts: Option<Lenient<bool>>,
    /// `sort`.
    pub(super) sort: Option<Lenient<String>>,
    /// `parts`.
    pub(super) parts: Option<Lenient<String>>,
    /// `part_titles`: part title per folder (or per SUMMARY.md part title).
    pub(super) part_titles: Option<Lenient<BTreeMap<String, String>>>,
    /// The `page:` section.
    pub(super) page: Option<Lenient<FilePage>>,
    /// The `limits:` section.
    pub(super) limits: Option<Lenient<FileLimits>>,
    /// The `pdf:` section.
    pub(super) pdf: Option<Lenient<FilePdf>>,
    /// `cache`: the build cache's folder.
    pub(super) cache: Option<Lenient<String>>,
    /// `cache_size`: the build cache's bound in megabytes.
    pub(super) cache_size: Option<Lenient<u64>>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `page:` section as written.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FilePage {
    /// `size`.
    pub(super) size: Option<Lenient<String>>,
    /// `margins` (a number, list or string).
    pub(super) margins: Option<serde_json::Value>,
    /// `base_size` in pt.
    pub(super) base_size: Option<Lenient<f64>>,
    /// `chapter_page_break`.
    pub(super) chapter_page_break: Option<Lenient<bool>>,
    /// `korean_break`.
    pub(super) korean_break: Option<Lenient<String>>,
    /// `align`: `justify` or `left`.
    pub(super) align: Option<Lenient<String>>,
    /// `line_height` in ems.
    pub(super) line_height: Option<Lenient<f64>>,
    /// `paragraph_spacing` in ems.
    pub(super) paragraph_spacing: Option<Lenient<f64>>,
    /// `link_color`: `#rrggbb`.
    pub(super) link_color: Option<Lenient<String>>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `fonts:` section as written: a family name per role.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FileFonts {
    /// `body`: body text.
    pub(super) body: Option<Lenient<String>>,
    /// `heading`: headings and labels.
    pub(super) heading: Option<Lenient<String>>,
    /// `code`: code.
    pub(super) code: Option<Lenient<String>>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `epub:` section as written.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FileEpub {
    /// `css`: a style sheet in the notes folder, appended after hanji's.
    pub(super) css: Option<Lenient<String>>,
    /// `page_list`: print page numbers from the PDF (default: when the PDF is made too).
    pub(super) page_list: Option<Lenient<bool>>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `limits:` section as written (see [`crate::limits::Limits`]).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FileLimits {
    /// `note_bytes`.
    pub(super) note_bytes: Option<Lenient<u64>>,
    /// `image_bytes`.
    pub(super) image_bytes: Option<Lenient<u64>>,
    /// `image_pixels`.
    pub(super) image_pixels: Option<Lenient<u64>>,
    /// `embed_depth`.
    pub(super) embed_depth: Option<Lenient<u64>>,
    /// `embed_factor`.
    pub(super) embed_factor: Option<Lenient<u64>>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `pdf:` section as written.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FilePdf {
    /// `standard`: `ua-1`, `a-2b`, `a-2u`, `a-3u` or `tagged`.
    pub(super) standard: Option<Lenient<String>>,
    /// `header_even`: running head of even pages (a pattern with `{title}` …).
    pub(super) header_even: Option<Lenient<String>>,
    /// `header_odd`: running head of odd pages.
    pub(super) header_odd: Option<Lenient<String>>,
    /// `footer`: the foot line.
    pub(super) footer: Option<Lenient<String>>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// A value as written: of the type hanji expects, or anything else (kept, so the warning can
/// quote it and the build goes on with the default instead of stopping at a serde error).
pub(super) enum Lenient<T> {
    /// The value has the expected type.
    Valid(T),
    /// The value as written, of another type.
    Invalid(serde_json::Value),
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        if let Ok(v) = serde_json::from_value::<T>(value.clone()) {
            return Ok(Lenient::Valid(v));
        }
        // A scalar where text is expected (`title: 2024`) is read as its text.
        let as_text = match &value {
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        if let Some(t) = as_text
            && let Ok(v) = serde_json::from_value::<T>(serde_json::Value::String(t))
        {
            return Ok(Lenient::Valid(v));
        }
        Ok(Lenient::Invalid(value))
    }
}

/// A string or a list of strings.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum StringList {
    One(String),
    Many(Vec<String>),
}

impl StringList {
    /// The strings, one or many.
    pub(super) fn into_vec(self) -> Vec<String> {
        match self {
            StringList::One(s) => vec![s],
            StringList::Many(v) => v,
        }
    }
}

/// Reads `--config FILE` (any read error is fatal) or `hanji.yaml` in the notes folder (absent is
/// fine): the parsed file, the path that was read, and its text (for key positions).
pub(super) fn read_config_file(
    args: &ConfigArgs,
) -> Result<(FileConfig, Option<PathBuf>, String), ConfigError> {
    let read = match &args.config_file {
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
    Ok(read)
}

/// The file name diagnostics about the config file point at.
pub(super) fn span_file(args: &ConfigArgs, config_path: Option<&Path>) -> Arc<str> {
    Arc::from(config_path.map_or(CONFIG_FILE_NAME.to_string(), |p| {
        if args.config_file.is_some() {
            display_name(p)
        } else {
            CONFIG_FILE_NAME.to_string()
        }
    }))
}

/// Parses config text; a YAML error is fatal and points at `file:line:col`.
pub(super) fn parse_config_text(text: &str, file: &str) -> Result<FileConfig, ConfigError> {
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
pub(super) fn key_position(text: &str, key: &str) -> (u32, u32) {
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

/// A path as shown in diagnostics, `/`-separated.
fn display_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
