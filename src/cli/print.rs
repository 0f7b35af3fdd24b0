//! What the command line prints on stderr: one line per diagnostic, groups of repeated problems,
//! the summary line and the `--timings` table. Formatting only: it decides no exit code.

use crate::BuildOutcome;
use crate::diag::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The printer for one run.
pub(super) struct Printer {
    /// `--quiet`: warnings are not printed.
    pub(super) quiet: bool,
    /// The notes folder, to print paths that open from the working directory.
    pub(super) notes_dir: PathBuf,
}

impl Printer {
    /// `notes/a.md:3:5: warning: message`.
    pub(super) fn diagnostic(&self, d: &Diagnostic) -> String {
        match &d.span {
            Some(span) => format!("{}: {}: {}", self.location(span), d.severity, d.message),
            None => format!("hanji: {}: {}", d.severity, d.message),
        }
    }

    /// `notes/a.md:3:5`: the span's file under the notes folder, so editors and terminals can
    /// open it from the working directory; files outside it (an explicit `--config`) as given.
    pub(super) fn location(&self, span: &crate::diag::Span) -> String {
        let in_root = self.notes_dir.join(&*span.file);
        if self.notes_dir.as_os_str().is_empty()
            || self.notes_dir == Path::new(".")
            || !in_root.exists()
        {
            return span.to_string();
        }
        let mut s = in_root.display().to_string();
        if span.line > 0 {
            s.push_str(&format!(":{}", span.line));
            if span.col > 0 {
                s.push_str(&format!(":{}", span.col));
            }
        }
        s
    }

    /// Prints every diagnostic (warnings only without `--quiet`), one line each.
    pub(super) fn print_diagnostics(&self, diagnostics: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        for d in diagnostics {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            let _ =
                std::io::Write::write_all(&mut err, format!("{}\n", self.diagnostic(d)).as_bytes());
        }
    }
}

/// Groups repeated problems (same code and message, e.g. one dangling target used in many
/// notes) so the reader sees each cause once with where it occurs.
pub(super) fn print_groups(printer: &Printer, diagnostics: &[Diagnostic]) {
    let mut groups: BTreeMap<(&str, &str), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        groups
            .entry((d.code, d.message.as_str()))
            .or_default()
            .push(d);
    }
    let mut repeated: Vec<_> = groups.into_iter().filter(|(_, v)| v.len() > 1).collect();
    if repeated.is_empty() {
        return;
    }
    repeated.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let places: usize = repeated.iter().map(|(_, v)| v.len()).sum();
    eprintln!(
        "hanji: {} problem{} repeat at {places} places (e.g. one missing target linked from several notes):",
        repeated.len(),
        plural(repeated.len())
    );
    for ((code, message), ds) in repeated.iter().take(20) {
        let mut spans: Vec<String> = ds
            .iter()
            .take(3)
            .filter_map(|d| d.span.as_ref().map(|s| printer.location(s)))
            .collect();
        if ds.len() > 3 {
            spans.push(format!("… {} more", ds.len() - 3));
        }
        eprintln!("  {}× [{code}] {message} ({})", ds.len(), spans.join(", "));
    }
    if repeated.len() > 20 {
        eprintln!("  … and {} more repeated problems", repeated.len() - 20);
    }
}

/// `hanji: built 8 notes → output/book.epub (120.3 KiB), …; 1 warning, 0 errors in 0.84 s`.
pub(super) fn summary_line(
    is_check: bool,
    o: &BuildOutcome,
    warnings: usize,
    errors: usize,
) -> String {
    let failed = o
        .notes
        .iter()
        .filter(|n| n.status == crate::NoteStatus::Failed)
        .count();
    let exported = o.notes.len() - failed;
    let mut s = format!(
        "hanji: {} {exported} note{}",
        if is_check { "checked" } else { "built" },
        plural(exported)
    );
    if failed > 0 {
        s.push_str(&format!(" ({failed} failed)"));
    }
    let outputs: Vec<&crate::OutputFile> = o.books.iter().flat_map(|b| &b.outputs).collect();
    if o.books.len() == 1 {
        let list: Vec<String> = outputs
            .iter()
            .map(|f| match f.pages {
                Some(p) => format!(
                    "{} ({p} page{}, {})",
                    f.path.display(),
                    plural(p),
                    human_bytes(f.bytes)
                ),
                None => format!("{} ({})", f.path.display(), human_bytes(f.bytes)),
            })
            .collect();
        if !list.is_empty() {
            s.push_str(&format!(" → {}", list.join(", ")));
        }
    } else if !o.books.is_empty() {
        let bytes: u64 = outputs.iter().map(|f| f.bytes).sum();
        s.push_str(&format!(
            " → {} books, {} files ({})",
            o.books.len(),
            outputs.len(),
            human_bytes(bytes)
        ));
    }
    let cached = o.books.iter().filter(|b| b.cached).count();
    if cached > 0 {
        s.push_str(&format!(
            " ({cached} of {} book{} from the cache)",
            o.books.len(),
            plural(o.books.len())
        ));
    }
    if !o.removed.is_empty() {
        let n = o.removed.len();
        s.push_str(&format!(
            "; removed {n} output{} of notes that are gone",
            plural(n)
        ));
    }
    s.push_str(&format!(
        "; {warnings} warning{}, {errors} error{} in {:.2} s",
        plural(warnings),
        plural(errors),
        o.elapsed.as_secs_f64()
    ));
    s
}

/// `s` unless `n` is 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `512 B`, `2.0 KiB`, `1.3 MiB` (binary units, named as such: IEC 80000-13).
fn human_bytes(b: u64) -> String {
    if b < 1024 {
        format!("{b} B")
    } else if b < 1024 * 1024 {
        format!("{:.1} KiB", b as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
    }
}

/// The `--timings` table: milliseconds per stage, then the total.
pub(super) fn timings_text(o: &BuildOutcome) -> String {
    // With several books (`--each`) the books render in parallel, so the stages add up to more
    // than the wall time; with one book the EPUB and the PDF chains overlap.
    let mut s = String::from(
        "hanji: timings (stages summed over books, which render in parallel, and the EPUB \
         overlaps the PDF: the sum may exceed the total):",
    );
    for (stage, t) in &o.timings.0 {
        s.push_str(&format!(
            "\n  {stage:<8} {:>9.1} ms",
            t.as_secs_f64() * 1000.0
        ));
    }
    s.push_str(&format!(
        "\n  {:<8} {:>9.1} ms",
        "total",
        o.elapsed.as_secs_f64() * 1000.0
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_human() {
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(2048), "2.0 KiB");
        assert_eq!(human_bytes(3 << 20), "3.0 MiB");
    }
}
