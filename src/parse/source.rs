//! Source bookkeeping for one note: byte offset → `line:col` (a line index), and the edits the
//! pre-passes make (MDX lines blanked, `:::` fences turned into markers, Korean emphasis
//! sentinels) with a map from edited offsets back to the original body.

use crate::diag::Span;
use std::cell::Cell;
use std::ops::Range;
use std::sync::Arc;

/// Start offsets of every line of the original body, to turn byte offsets into `line:col`.
#[derive(Debug)]
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// 1-based file line of the first body line.
    first_line: u32,
    /// Last answer `(line index, offset, 0-based column)`: spans arrive mostly in increasing
    /// order, so counting continues from there and a 10 MB one-line note stays linear.
    last: Cell<(usize, usize, usize)>,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of the file.
    pub(crate) fn new(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            first_line: first_line.max(1),
            last: Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// 1-based line and column (in characters) of byte `offset` of `text`.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let (last_line, last_offset, last_col) = self.last.get();
        let (from, base) = if last_line == line && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (start, 0)
        };
        // Columns count Unicode scalar values (diag::Span); a mid-character offset rounds down.
        let col = base + text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last.set((line, offset, col));
        (self.first_line + line as u32, col as u32 + 1)
    }
}

/// One replacement of a byte range of the original body.
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    /// Range in the original body (empty for an insertion).
    pub range: Range<usize>,
    /// Replacement text.
    pub text: String,
}

/// The body after edits, with a map back to original offsets.
#[derive(Debug)]
pub(crate) struct Edited {
    /// Edited text that pulldown-cmark parses.
    pub text: String,
    /// Segments `(edited start, original start, copied?)` in order.
    segs: Vec<(usize, usize, bool)>,
}

impl Edited {
    /// Applies `edits` (any order, non-overlapping) to `orig`.
    pub(crate) fn new(orig: &str, edits: &[Edit]) -> Self {
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        // Insertions at a point go before a replacement starting at the same point.
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        let mut text = String::with_capacity(orig.len() + 16);
        let mut segs = Vec::with_capacity(sorted.len() * 2 + 1);
        let mut pos = 0;
        for e in sorted {
            if e.range.start < pos
                || e.range.end < e.range.start
                || !orig.is_char_boundary(e.range.start)
                || !orig.is_char_boundary(e.range.end)
            {
                continue; // overlapping or invalid edit: ignore rather than corrupt the text
            }
            if e.range.start > pos {
                segs.push((text.len(), pos, true));
                text.push_str(&orig[pos..e.range.start]);
            }
            segs.push((text.len(), e.range.start, false));
            text.push_str(&e.text);
            pos = e.range.end;
        }
        segs.push((text.len(), pos, true));
        text.push_str(&orig[pos..]);
        Edited { text, segs }
    }

    /// The original offset of edited offset `m` (inside a replacement: the replaced range's start).
    pub(crate) fn to_orig(&self, m: usize) -> usize {
        let i = self.segs.partition_point(|s| s.0 <= m).saturating_sub(1);
        match self.segs.get(i) {
            Some(&(ms, os, true)) => os + (m - ms),
            Some(&(_, os, false)) => os,
            None => m,
        }
    }
}

/// Everything needed to turn an edited offset into a `Span`.
#[derive(Debug)]
pub(crate) struct SourceMap<'a> {
    /// The note's path (span file).
    pub file: Arc<str>,
    /// Original body.
    pub orig: &'a str,
    /// Line index of the original body.
    pub lines: LineIndex,
    /// The edited text and its offset map.
    pub edited: Edited,
}

impl SourceMap<'_> {
    /// Span of edited offset `m`.
    pub(crate) fn span(&self, m: usize) -> Span {
        let (line, col) = self.lines.line_col(self.orig, self.edited.to_orig(m));
        Span::new(self.file.clone(), line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\n한글x\n";
        let idx = LineIndex::new(text, 3);
        assert_eq!(idx.line_col(text, 0), (3, 1));
        assert_eq!(idx.line_col(text, 3), (4, 1));
        assert_eq!(idx.line_col(text, 3 + 6), (4, 3));
        // Out of order after the cache moved on.
        assert_eq!(idx.line_col(text, 3 + 3), (4, 2));
        assert_eq!(idx.line_col(text, 1), (3, 2));
    }

    #[test]
    fn edits_inside_a_character_are_ignored() {
        // `한` is bytes 1..4: an edit ending at byte 2 would slice inside it.
        let e = Edited::new(
            "a한b",
            &[Edit {
                range: 0..2,
                text: "X".into(),
            }],
        );
        assert_eq!(e.text, "a한b");
    }

    #[test]
    fn edits_map_back() {
        let orig = "abcdef";
        let e = Edited::new(
            orig,
            &[
                Edit {
                    range: 2..2,
                    text: "XX".into(),
                },
                Edit {
                    range: 4..5,
                    text: "".into(),
                },
            ],
        );
        assert_eq!(e.text, "abXXcdf");
        assert_eq!(e.to_orig(0), 0);
        assert_eq!(e.to_orig(2), 2);
        assert_eq!(e.to_orig(4), 2);
        assert_eq!(e.to_orig(6), 5);
    }
}
