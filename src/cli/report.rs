//! `--report FILE.json`: a machine-readable account of a run, for CI.
//!
//! Schema `hanji-report/1` (all times in milliseconds, paths as printed: outputs relative to
//! the working directory, note files relative to the notes folder with `/` separators):
//!
//! ```json
//! {
//!   "schema": "hanji-report/1",
//!   "command": "build",                 // "build" | "check"
//!   "status": "ok",                     // "ok" | "warnings" | "failed"
//!   "error": null,                      // fatal error message when the run stopped early
//!   "notes_dir": "notes",
//!   "out_dir": "output",
//!   "elapsed_ms": 812.4,
//!   "timings_ms": { "load": 3.1, "parse": 9.8, "resolve": 0.4, "fonts": 40.2, "epub": 60.0,
//!                   "layout": 300.5, "pdf": 120.7, "write": 2.0 },
//!   "timings_note": "…",                // why the stages may add up to more than elapsed_ms
//!   "counts": { "notes": 8, "exported": 8, "failed": 0, "warnings": 1, "errors": 0,
//!               "outputs": 2, "bytes": 123456, "removed": 0, "cached": 0 },
//!                                       // cached: books taken from --cache, not rendered
//!                                       // with --shard: this shard's notes only
//!   "removed": ["output/old.pdf"],      // --each: outputs of notes that are gone
//!   "outputs": [                        // every file written
//!     { "format": "epub", "path": "output/book.epub", "bytes": 98765, "pages": null,
//!       "note": null },                 // with --each: the note the file was made from
//!     { "format": "pdf", "path": "output/book.pdf", "bytes": 24691, "pages": 12, "note": null }
//!   ],
//!   "books": [                          // one book, or one per note with --each
//!     { "note": null, "chapters": 8, "links_flattened": 0, "cached": false,
//!       "outputs": ["output/book.epub", "output/book.pdf"], "timings_ms": { … } }
//!   ],
//!   "notes": [                          // every note found (book order), then failed ones
//!     { "path": "intro.md", "status": "warnings",    // "ok" | "warnings" | "failed"
//!       "outputs": ["output/intro.epub"],             // --each only; else []
//!       "timings_ms": { … },                          // --each only; else {}
//!       "diagnostics": [ <diagnostic>, … ] }          // this note's diagnostics
//!   ],
//!   "diagnostics": [                    // every diagnostic of the run, in order found
//!     { "code": "link-unresolved", "severity": "warning",   // "warning" | "error"
//!       "message": "…", "file": "intro.md", "line": 12, "col": 5 }  // file/line/col may be null
//!   ]
//! }
//! ```

use crate::config::Format;
use crate::diag::{Diagnostic, Severity};
use crate::{BuildOutcome, NoteStatus, Timings};
use serde_json::{Map, Value, json};
use std::path::Path;

/// Why `timings_ms` may add up to more than `elapsed_ms` (written in every report).
const TIMINGS_NOTE: &str = "timings_ms sums each stage over all books: the EPUB is written \
    while the PDF is laid out, and with --each several books render in parallel, so the stages \
    may add up to more than elapsed_ms";

/// The schema identifier written in every report.
pub const REPORT_SCHEMA: &str = "hanji-report/1";

/// Writes the report for `outcome` to `path` (atomically); `dirs` are the notes and output
/// folders. `error` is the fatal error message
/// when the run stopped early.
pub fn write_report(
    path: &Path,
    is_check: bool,
    dirs: (&Path, &Path),
    outcome: &BuildOutcome,
    error: Option<&str>,
) -> std::io::Result<()> {
    let value = report_value(is_check, dirs, outcome, error);
    let mut text = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
    text.push('\n');
    crate::write_atomic(path, text.as_bytes())
}

/// Builds the report as a JSON value (schema in the module docs). `dirs` are the notes and
/// output folders.
pub(super) fn report_value(
    is_check: bool,
    (notes_dir, out_dir): (&Path, &Path),
    outcome: &BuildOutcome,
    error: Option<&str>,
) -> Value {
    let warnings = outcome.count(Severity::Warning);
    let errors = outcome.count(Severity::Error);
    let failed = outcome
        .notes
        .iter()
        .filter(|n| n.status == NoteStatus::Failed)
        .count();
    let status = if error.is_some() || errors > 0 {
        "failed"
    } else if warnings > 0 {
        "warnings"
    } else {
        "ok"
    };
    let mut outputs = Vec::new();
    let mut bytes = 0u64;
    let books: Vec<Value> = outcome
        .books
        .iter()
        .map(|b| {
            for f in &b.outputs {
                bytes += f.bytes;
                outputs.push(json!({
                    "format": format_name(f.format),
                    "path": path_text(&f.path),
                    "bytes": f.bytes,
                    "pages": f.pages,
                    "note": b.note,
                }));
            }
            json!({
                "note": b.note,
                "chapters": b.chapters,
                "links_flattened": b.links_flattened,
                "cached": b.cached,
                "outputs": b.outputs.iter().map(|f| path_text(&f.path)).collect::<Vec<_>>(),
                "timings_ms": timings_value(&b.timings),
            })
        })
        .collect();
    // With --each, a note is exported when its book was written; else every loaded note is.
    let exported = if outcome.books.iter().any(|b| b.note.is_some()) {
        outcome
            .books
            .iter()
            .filter(|b| b.note.is_some() && !b.outputs.is_empty())
            .count()
    } else {
        outcome.notes.len() - failed
    };
    let notes: Vec<Value> = outcome
        .notes
        .iter()
        .map(|n| {
            let book = outcome
                .books
                .iter()
                .find(|b| b.note.as_deref() == Some(n.path.as_str()));
            let diagnostics: Vec<Value> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.span.as_ref().is_some_and(|s| *s.file == *n.path))
                .map(diagnostic_value)
                .collect();
            json!({
                "path": n.path,
                "status": n.status.as_str(),
                "outputs": book.map_or(Vec::new(), |b| b.outputs.iter().map(|f| path_text(&f.path)).collect()),
                "timings_ms": book.map_or(Value::Object(Map::new()), |b| timings_value(&b.timings)),
                "diagnostics": diagnostics,
            })
        })
        .collect();
    json!({
        "schema": REPORT_SCHEMA,
        "command": if is_check { "check" } else { "build" },
        "status": status,
        "error": error,
        "notes_dir": path_text(notes_dir),
        "out_dir": path_text(out_dir),
        "elapsed_ms": ms(outcome.elapsed),
        "timings_ms": timings_value(&outcome.timings),
        "timings_note": TIMINGS_NOTE,
        "counts": {
            "notes": outcome.notes.len(),
            "exported": exported,
            "failed": failed,
            "warnings": warnings,
            "errors": errors,
            "outputs": outputs.len(),
            "bytes": bytes,
            "removed": outcome.removed.len(),
            "cached": outcome.books.iter().filter(|b| b.cached).count(),
        },
        "removed": outcome.removed.iter().map(|p| path_text(p)).collect::<Vec<_>>(),
        "outputs": outputs,
        "books": books,
        "notes": notes,
        "diagnostics": outcome.diagnostics.iter().map(diagnostic_value).collect::<Vec<_>>(),
    })
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Epub => "epub",
        Format::Pdf => "pdf",
        Format::Model => "model",
        Format::Json => "json",
    }
}

fn path_text(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn ms(d: std::time::Duration) -> f64 {
    // Rounded to 0.1 ms: enough for CI dashboards, stable to read.
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}

fn timings_value(t: &Timings) -> Value {
    Value::Object(
        t.0.iter()
            .map(|(s, d)| ((*s).to_string(), json!(ms(*d))))
            .collect(),
    )
}

fn diagnostic_value(d: &Diagnostic) -> Value {
    let span = d.span.as_ref();
    let nonzero = |v: u32| (v > 0).then_some(v);
    json!({
        "code": d.code,
        "severity": d.severity.to_string(),
        "message": d.message,
        "file": span.map(|s| s.file.to_string()),
        "line": span.and_then(|s| nonzero(s.line)),
        "col": span.and_then(|s| nonzero(s.col)),
    })
}
