//! Reading the typed file into settings: every value that is not what hanji expects becomes a
//! `config-invalid` warning at the key's `file:line:col` that names the key, the value as
//! written and the accepted values, and the default applies (only unreadable YAML is fatal).

use super::file::{self, Lenient};
use crate::diag::{Diagnostic, Span};
use std::sync::Arc;

/// Collects the warnings about one config file, each pointed at its key's line.
pub(super) struct Warner<'a> {
    /// The file name diagnostics show (`hanji.yaml` or the `--config` path).
    pub(super) file: Arc<str>,
    /// The file's text (for key positions).
    pub(super) text: &'a str,
    /// Everything reported so far.
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl Warner<'_> {
    /// A problem with `key` (dotted, `page.size`), pointed at the key's line.
    pub(super) fn warn(&mut self, key: &str, message: String) {
        let leaf = key.rsplit('.').next().unwrap_or(key);
        let (line, col) = file::key_position(self.text, leaf);
        self.diagnostics.push(Diagnostic::warning(
            "config-invalid",
            Some(Span::new(self.file.clone(), line, col)),
            message,
        ));
    }

    /// A problem that comes from the command line or the environment (no file position).
    pub(super) fn warn_cli(&mut self, message: String) {
        self.diagnostics
            .push(Diagnostic::warning("config-invalid", None, message));
    }

    /// The value of `key` when it has the expected type; otherwise a warning naming the key, the
    /// value, what is `expected` and the `default` used instead, and `None`.
    pub(super) fn valid<T>(
        &mut self,
        field: Option<Lenient<T>>,
        key: &str,
        expected: &str,
        default: &str,
    ) -> Option<T> {
        match field? {
            Lenient::Valid(v) => Some(v),
            Lenient::Invalid(v) => {
                self.warn(
                    key,
                    format!("{key} `{}` is not {expected}; using {default}", written(&v)),
                );
                None
            }
        }
    }
}

/// A value as the user wrote it: strings bare, anything else as compact JSON-like text.
pub(super) fn written(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_values_are_named_with_what_is_accepted() {
        let text = "title: t\ntoc_depth: three\n";
        let mut w = Warner {
            file: Arc::from("hanji.yaml"),
            text,
            diagnostics: Vec::new(),
        };
        let bad: Option<Lenient<i64>> = Some(Lenient::Invalid(serde_json::json!("three")));
        assert_eq!(w.valid(bad, "toc_depth", "an integer 1–6", "3"), None);
        let good = Some(Lenient::Valid(2_i64));
        assert_eq!(w.valid(good, "toc_depth", "an integer 1–6", "3"), Some(2));
        assert_eq!(w.diagnostics.len(), 1);
        let d = &w.diagnostics[0];
        assert_eq!(
            d.to_string(),
            "hanji.yaml:2:1: warning: toc_depth `three` is not an integer 1–6; using 3"
        );
    }
}
