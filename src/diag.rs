//! Diagnostics shared by every stage: where a problem is (`Span`), how bad it is (`Severity`),
//! and a value that carries the warnings produced while computing it (`Warned<T>`).
//!
//! Stages never print: they return diagnostics and `cli` prints them as
//! `path:line:col: warning: message`.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A position in a source note: the file (relative to the notes root, `/`-separated), 1-based line
/// and 1-based column counted in Unicode scalar values.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Path of the note relative to the notes root, with `/` separators.
    pub file: Arc<str>,
    /// 1-based line number (0 when unknown).
    pub line: u32,
    /// 1-based column in characters (0 when unknown).
    pub col: u32,
}

impl Span {
    /// A span at `line:col` of `file`.
    pub fn new(file: Arc<str>, line: u32, col: u32) -> Self {
        Span { file, line, col }
    }

    /// A span that names only the file (line and column unknown).
    pub fn file_only(file: Arc<str>) -> Self {
        Span {
            file,
            line: 0,
            col: 0,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) => write!(f, "{}", self.file),
            (l, 0) => write!(f, "{}:{}", self.file, l),
            (l, c) => write!(f, "{}:{}:{}", self.file, l, c),
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The output was produced, degraded (e.g. a dangling link became text).
    Warning,
    /// The note or output could not be produced.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in the input, with a stable machine-readable code (e.g. `link-unresolved`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Stable kebab-case code for reports and grouping, e.g. `link-unresolved`, `image-missing`.
    pub code: &'static str,
    /// Human-readable message (one line, no trailing period needed).
    pub message: String,
    /// Where the problem is, when known.
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A warning at `span`.
    pub fn warning(code: &'static str, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            span,
        }
    }

    /// An error at `span`.
    pub fn error(code: &'static str, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.span {
            Some(span) => write!(f, "{span}: {}: {}", self.severity, self.message),
            None => write!(f, "hanji: {}: {}", self.severity, self.message),
        }
    }
}

/// A value together with the diagnostics produced while computing it.
#[derive(Clone, Debug)]
pub struct Warned<T> {
    /// The (possibly degraded) result.
    pub value: T,
    /// Everything worth telling the user, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    /// A value with no diagnostics.
    pub fn clean(value: T) -> Self {
        Warned {
            value,
            diagnostics: Vec::new(),
        }
    }

    /// Maps the value, keeping the diagnostics.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Warned<U> {
        Warned {
            value: f(self.value),
            diagnostics: self.diagnostics,
        }
    }
}

/// How many [`catch_panic`] boundaries are active, on any thread (rayon workers panic on their
/// own threads, then the panic travels to the boundary's thread).
static CATCHING: AtomicUsize = AtomicUsize::new(0);
/// Where the last caught panic happened (`message at file:line`), recorded by the hook.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Installs the process's panic hook: inside a [`catch_panic`] boundary a panic is recorded for
/// the `internal-error` diagnostic instead of printed (the diagnostic says it all, once);
/// elsewhere the default hook prints as usual. The CLI calls this once at start.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if CATCHING.load(Ordering::SeqCst) == 0 {
            return default(info);
        }
        let reason = panic_reason(info.payload());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("{reason}{at}"));
        }
    }));
}

/// The message a panic carries.
fn panic_reason(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs `f`, turning a panic into an `internal-error` diagnostic at `span` instead of ending
/// the run: the last line of defence at the boundary of one note or one asset (STYLE: nothing
/// fatal). The caller decides the fallback. Every panic caught here is a bug to fix with a
/// regression test; the message says so.
pub fn catch_panic<T>(
    span: Option<&Span>,
    what: &str,
    f: impl FnOnce() -> T,
) -> Result<T, Diagnostic> {
    CATCHING.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.fetch_sub(1, Ordering::SeqCst);
    result.map_err(|payload| {
        let recorded = LAST_PANIC.lock().ok().and_then(|mut l| l.take());
        let reason = recorded.unwrap_or_else(|| panic_reason(payload.as_ref()));
        Diagnostic::error(
            "internal-error",
            span.cloned(),
            format!("internal error while {what} ({reason}); please report this bug"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_an_internal_error_at_the_note() {
        let span = Span::new(Arc::from("a.md"), 1, 1);
        let ok = catch_panic(Some(&span), "testing", || 7);
        assert_eq!(ok, Ok(7));
        let err = catch_panic(Some(&span), "testing", || -> u8 { panic!("boom {}", 1) });
        let d = err.expect_err("the panic is caught");
        assert_eq!((d.code, d.severity), ("internal-error", Severity::Error));
        assert_eq!(d.span, Some(span));
        assert!(d.message.contains("boom 1"), "{}", d.message);
    }
}
