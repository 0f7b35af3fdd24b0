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
    pub(super) title: Option<String>,
    /// `authors` / `author`.
    #[serde(alias = "author")]
    pub(super) authors: Option<StringList>,
    /// `language` / `lang`.
    #[serde(alias = "lang")]
    pub(super) language: Option<String>,
    /// `date`, any scalar (`2024` is a YAML integer); read by `model::Date::parse` later.
    pub(super) date: Option<serde_json::Value>,
    /// `identifier`.
    pub(super) identifier: Option<String>,
    /// `description`.
    pub(super) description: Option<String>,
    /// `keywords` / `tags`.
    #[serde(alias = "tags")]
    pub(super) keywords: Option<StringList>,
    /// `cover`.
    pub(super) cover: Option<String>,
    /// `chapters`.
    pub(super) chapters: Option<StringList>,
    /// `include`.
    pub(super) include: Option<StringList>,
    /// `exclude`.
    pub(super) exclude: Option<StringList>,
    /// `toc_depth` (checked against 1–6 later).
    pub(super) toc_depth: Option<i64>,
    /// `embed_fonts`.
    pub(super) embed_fonts: Option<bool>,
    /// `sort`.
    pub(super) sort: Option<String>,
    /// The `page:` section.
    pub(super) page: Option<FilePage>,
    /// The `limits:` section.
    pub(super) limits: Option<FileLimits>,
    /// The `pdf:` section.
    pub(super) pdf: Option<FilePdf>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `page:` section as written.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FilePage {
    /// `size`.
    pub(super) size: Option<String>,
    /// `margins` (a number, list or string).
    pub(super) margins: Option<serde_json::Value>,
    /// `base_size` in pt.
    pub(super) base_size: Option<f64>,
    /// `chapter_page_break`.
    pub(super) chapter_page_break: Option<bool>,
    /// `korean_break`.
    pub(super) korean_break: Option<String>,
    /// `align`: `justify` or `left`.
    pub(super) align: Option<String>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `limits:` section as written (see [`crate::limits::Limits`]).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FileLimits {
    /// `note_bytes`.
    pub(super) note_bytes: Option<u64>,
    /// `image_bytes`.
    pub(super) image_bytes: Option<u64>,
    /// `image_pixels`.
    pub(super) image_pixels: Option<u64>,
    /// `embed_depth`.
    pub(super) embed_depth: Option<u64>,
    /// `embed_factor`.
    pub(super) embed_factor: Option<u64>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// The `pdf:` section as written.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct FilePdf {
    /// `standard`: `ua-1`, `a-2b`, `a-2u`, `a-3u` or `tagged`.
    pub(super) standard: Option<String>,
    /// Keys hanji does not know (warned about, then ignored).
    #[serde(flatten)]
    pub(super) unknown: BTreeMap<String, serde_json::Value>,
}

/// Reads the `pdf:` section into `standard`; an unknown standard or key is a warning at its
/// line (`warn(key, message)`) and the default stays.
pub(super) fn apply_pdf_section(
    standard: &mut crate::pdf::PdfStandard,
    file: FilePdf,
    warn: &mut dyn FnMut(&str, String),
) {
    if let Some(name) = file.standard {
        match crate::pdf::PdfStandard::parse(&name) {
            Some(s) => *standard = s,
            None => warn(
                "standard",
                format!("pdf.standard must be ua-1, a-2b, a-2u, a-3u or tagged, not `{name}`"),
            ),
        }
    }
    for key in file.unknown.keys() {
        warn(key, format!("unknown key `pdf.{key}` ignored"));
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
