//! The book's metadata from the command line (`--title`, `--author`, `--lang`, `-M key=value`)
//! and `hanji.yaml`: title, authors, language, date, identifier or ISBN, description, subjects,
//! publisher, rights, series. The command line wins; every value is checked by the crate's one
//! reader for its kind (BCP 47, dates) and a bad one is a warning, never fatal.

use super::file::{FileConfig, StringList};
use super::read::{Warner, written};
use super::{ConfigArgs, folder_name};
use crate::model::{BookMeta, Date, LangReading, LangTag, Series, read_lang};

/// The keys `-M key=value` accepts (hanji.yaml's metadata keys; aliases are mapped by `canonical`).
pub const METADATA_KEYS: [&str; 13] = [
    "title",
    "author",
    "language",
    "date",
    "identifier",
    "isbn",
    "description",
    "keywords",
    "publisher",
    "rights",
    "series",
    "series_index",
    "name",
];

/// A `-M` key's canonical name (`authors`/`lang`/`tags`/`subjects` are aliases), or `None`.
fn canonical(key: &str) -> Option<&'static str> {
    let key = key.trim().to_ascii_lowercase();
    let key = match key.as_str() {
        "authors" => "author",
        "lang" => "language",
        "tags" | "subjects" => "keywords",
        k => k,
    };
    METADATA_KEYS.iter().copied().find(|k| *k == key)
}

/// The `-M` values given for `key` (canonical), in order.
fn cli_values<'a>(args: &'a ConfigArgs, key: &str) -> Vec<&'a str> {
    args.metadata
        .iter()
        .filter(|(k, _)| canonical(k) == Some(key))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The last `-M` value for `key`.
pub(super) fn cli_value(args: &ConfigArgs, key: &str) -> Option<String> {
    cli_values(args, key).last().map(|v| v.to_string())
}

/// Warns about each `-M` key hanji does not know.
fn check_cli_keys(args: &ConfigArgs, w: &mut Warner<'_>) {
    for (k, _) in &args.metadata {
        if canonical(k).is_none() {
            w.warn_cli(format!(
                "-M `{k}` is not a metadata key (one of {}); ignored",
                METADATA_KEYS.join(", ")
            ));
        }
    }
}

/// The book's metadata, and whether `--lang` or the file named its language (else parse
/// detects it). Takes the metadata keys out of `file`.
pub(super) fn book_meta(
    args: &ConfigArgs,
    file: &mut FileConfig,
    w: &mut Warner<'_>,
) -> (BookMeta, Given) {
    check_cli_keys(args, w);
    // `-M key=value` wins over the file's key, as every option does.
    let text_key = |w: &mut Warner<'_>, field, key: &str| {
        let file = w.valid(field, key, "text", "none");
        cli_value(args, key).or(file)
    };
    let title = text_key(w, file.title.take(), "title");
    let title = args.title.clone().or(title);
    let title_given = title.is_some();
    let title = title.unwrap_or_else(|| folder_name(&args.notes_dir));
    let list = |w: &mut Warner<'_>, field, key| {
        w.valid(field, key, "a string or a list of strings", "none")
            .map(StringList::into_vec)
            .unwrap_or_default()
    };
    let authors_key = key_as_written(w.text, &["authors", "author"]);
    let file_authors = list(w, file.authors.take(), authors_key);
    let cli_authors: Vec<String> = cli_values(args, "author")
        .into_iter()
        .map(str::to_string)
        .chain(args.authors.iter().cloned())
        .collect();
    let authors = if cli_authors.is_empty() {
        file_authors
    } else {
        cli_authors
    };
    // `--lang` wins over `language:`; each is read by the crate's one BCP 47 check.
    let cli_language = args
        .language
        .as_deref()
        .and_then(|l| checked_language(l, "--lang", &mut |m| w.warn_cli(m)));
    let lang_key = key_as_written(w.text, &["language", "lang"]);
    let file_language = w
        .valid(
            file.language.take(),
            lang_key,
            "a BCP 47 language tag",
            "none",
        )
        .and_then(|l| checked_language(&l, lang_key, &mut |m| w.warn(lang_key, m)));
    let cli_language = cli_language.or_else(|| {
        let l = cli_value(args, "language")?;
        checked_language(&l, "-M language", &mut |m| w.warn_cli(m))
    });
    let language_given = cli_language.is_some() || file_language.is_some();
    let language = cli_language.or(file_language).unwrap_or_default();
    let date_value = match cli_value(args, "date") {
        Some(d) => Some(serde_json::Value::String(d)),
        None => file.date.take(),
    };
    let date = date_value.and_then(|v| {
        if v.is_null() {
            return None;
        }
        let text = written(&v);
        let date = Date::parse(&text);
        if date.is_none() {
            w.warn(
                "date",
                format!(
                    "date `{text}` is not a date (write 2024-05-01 or 2024년 5월 1일); ignored"
                ),
            );
        }
        date
    });
    let identifier = text_key(w, file.identifier.take(), "identifier");
    let isbn = text_key(w, file.isbn.take(), "isbn").map(|i| isbn_urn(&i));
    let description = text_key(w, file.description.take(), "description");
    let keywords_key = key_as_written(w.text, &["keywords", "tags", "subjects"]);
    let mut keywords = list(w, file.keywords.take(), keywords_key);
    let cli_keywords = cli_values(args, "keywords");
    if !cli_keywords.is_empty() {
        keywords = cli_keywords
            .iter()
            .flat_map(|v| v.split(','))
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
    }
    let series = text_key(w, file.series.take(), "series");
    let series_index = text_key(w, file.series_index.take(), "series_index");
    let meta = BookMeta {
        title,
        authors,
        language,
        date,
        // An ISBN is the identifier when no other is given.
        identifier: identifier.or(isbn),
        description,
        keywords,
        cover: None,
        publisher: text_key(w, file.publisher.take(), "publisher"),
        rights: text_key(w, file.rights.take(), "rights"),
        series: series.map(|name| Series {
            name,
            index: series_index,
        }),
    };
    let given = Given {
        language: language_given,
        title: title_given,
    };
    (meta, given)
}

/// Which book values the user set (the rest parse may take from the notes).
pub(super) struct Given {
    /// `--lang`, `-M language` or `language:` named the language.
    pub language: bool,
    /// `--title`, `-M title` or `title:` named the title.
    pub title: bool,
}

/// Which of a key's spellings (`language` / its alias `lang`) the file uses, for messages.
fn key_as_written(text: &str, names: &[&'static str]) -> &'static str {
    names
        .iter()
        .copied()
        .find(|k| text_has_key(text, k))
        .unwrap_or(names[0])
}

/// A language as written in `--lang` or `hanji.yaml` (`what`): the normalised tag, or `None`
/// with a warning when it is not one (then the next source applies).
fn checked_language(text: &str, what: &str, warn: &mut dyn FnMut(String)) -> Option<LangTag> {
    match read_lang(text) {
        LangReading::Tag(tag) => Some(tag),
        LangReading::Normalised(tag) => {
            warn(format!("{what} `{text}` read as `{tag}`; write `{tag}`"));
            Some(tag)
        }
        LangReading::Invalid => {
            warn(format!(
                "{what} `{text}` is not a BCP 47 language tag (e.g. ko, en-US); ignored"
            ));
            None
        }
    }
}

/// Whether the config text has a top-level `key:` line.
fn text_has_key(text: &str, key: &str) -> bool {
    text.lines().any(|l| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })
}

/// An ISBN as a URN (RFC 8254): `978-89-…` → `urn:isbn:97889…`; already a URN stays as is.
fn isbn_urn(isbn: &str) -> String {
    let isbn = isbn.trim();
    if isbn.to_ascii_lowercase().starts_with("urn:") {
        return isbn.to_string();
    }
    let digits: String = isbn
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .collect();
    format!("urn:isbn:{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbn_and_metadata_keys() {
        assert_eq!(isbn_urn("978-89-01-23456-7"), "urn:isbn:9788901234567");
        assert_eq!(isbn_urn("urn:isbn:123"), "urn:isbn:123");
        assert_eq!(canonical("Lang"), Some("language"));
        assert_eq!(canonical("subjects"), Some("keywords"));
        assert_eq!(canonical("colour"), None);
    }
}
