//! A text dump of the laid-out lines (page, x, y, text), for golden tests and debugging.

use super::paged::{ItemKind, PagedDocument};
use std::fmt::Write as _;

/// One line of text as drawn: page (1-based), left x, baseline y, text of its runs in order.
#[derive(Clone, Debug, PartialEq)]
pub struct DumpLine {
    /// Page number (1-based physical page).
    pub page: usize,
    /// Left edge of the first run, in points.
    pub x: f32,
    /// Baseline, in points from the top of the page.
    pub y: f32,
    /// The text of the runs on this baseline, in drawing order.
    pub text: String,
}

/// Groups the text items of every page by baseline (items of one line share it).
pub fn text_lines(doc: &PagedDocument) -> Vec<DumpLine> {
    let mut out: Vec<DumpLine> = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        let start = out.len();
        for item in &page.items {
            let ItemKind::Text { x, y, run, .. } = &item.kind else {
                continue;
            };
            // Superscripts sit a little above the baseline: same line within a third of the size.
            let tolerance = run.size.0 * 0.45;
            let found = out[start..]
                .iter_mut()
                .rev()
                .find(|l| (l.y - y.0).abs() <= tolerance);
            match found {
                Some(line) => {
                    if x.0 < line.x {
                        line.x = x.0;
                    }
                    line.text.push_str(&run.text);
                }
                None => out.push(DumpLine {
                    page: p + 1,
                    x: x.0,
                    y: y.0,
                    text: run.text.clone(),
                }),
            }
        }
    }
    out
}

/// The dump as text: `page x y | text`, one line per set line, positions rounded to 0.1 pt.
pub fn dump_lines(doc: &PagedDocument) -> String {
    let mut s = String::new();
    for l in text_lines(doc) {
        let _ = writeln!(s, "{} {:.1} {:.1} | {}", l.page, l.x, l.y, l.text);
    }
    s
}
