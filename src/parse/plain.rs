//! The last-resort reading of a note: when parsing it panicked (a bug, reported as an
//! `internal-error`), its body becomes plain paragraphs split at blank lines, so every word
//! still reaches both books.

use super::markdown::ParsedNote;
use super::tree::{Block, BlockKind, Inline, InlineKind};
use crate::diag::{Diagnostic, Span};
use crate::load::Note;

/// `note`'s body as plain-text paragraphs, carrying `diagnostic` (the caught panic, if this
/// note's own parse panicked).
pub(crate) fn plain_note(note: &Note, diagnostic: Option<Diagnostic>) -> ParsedNote {
    let mut blocks = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let mut first_line = note.body_line;
    let mut flush = |lines: &mut Vec<&str>, at: u32| {
        if lines.is_empty() {
            return;
        }
        let span = Span::new(note.path.clone(), at, 1);
        let text = Inline {
            kind: InlineKind::Text(lines.join(" ")),
            span: span.clone(),
        };
        blocks.push(Block::new(BlockKind::Paragraph(vec![text]), span));
        lines.clear();
    };
    for (i, line) in note.body.lines().enumerate() {
        let at = note
            .body_line
            .saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        if line.trim().is_empty() {
            flush(&mut lines, first_line);
        } else {
            if lines.is_empty() {
                first_line = at;
            }
            lines.push(line.trim());
        }
    }
    flush(&mut lines, first_line);
    ParsedNote {
        blocks,
        footnotes: Vec::new(),
        diagnostics: diagnostic.into_iter().collect(),
        head: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn every_line_survives_as_plain_paragraphs() {
        let note = Note {
            path: Arc::from("a.md"),
            body: "첫 줄 **굵게**\n둘째 줄\n\n\n셋째 [[링크]]\n".into(),
            body_line: 4,
            front: Default::default(),
            mdx: false,
            part: None,
        };
        let parsed = plain_note(&note, None);
        let texts: Vec<(String, u32)> = parsed
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Paragraph(i) => (crate::model::plain_text(i), b.span.line),
                _ => panic!("only paragraphs"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("첫 줄 **굵게** 둘째 줄".to_string(), 4),
                ("셋째 [[링크]]".to_string(), 8)
            ]
        );
        assert!(parsed.diagnostics.is_empty());
    }
}
