//! Callouts and admonitions, in three syntaxes, all becoming `BlockKind::Callout`:
//! - GFM alerts `> [!NOTE]` (recognised by pulldown-cmark, mapped by [`gfm_kind`]);
//! - Obsidian callouts `> [!tip]+ Title` with any custom kind and `+`/`-` fold markers
//!   ([`obsidian_callout`], applied to every block quote);
//! - Docusaurus admonitions `:::tip Title` … `:::`, nestable ([`docusaurus_edits`]): pulldown-cmark
//!   does not know them, so before parsing each fence line is replaced by an HTML comment marker
//!   (`<!--hanji:open:N-->` / `<!--hanji:close-->`), which may interrupt a paragraph (CommonMark
//!   HTML block type 2); the builder turns the markers into a container.
//!
//! `<details><summary>` is handled with the other HTML in `markdown.rs`.

use super::fence::{Fences, body_lines};
use super::source::Edit;
use super::tree::{Block, BlockKind, Inline, InlineKind};
use crate::model::CalloutKind;
use pulldown_cmark::BlockQuoteKind;

/// One Docusaurus admonition opening found before parsing.
#[derive(Clone, Debug)]
pub(crate) struct Admonition {
    /// Lower-case kind (`tip`, `info`, …).
    pub kind: String,
    /// Title written after the kind, if any.
    pub title: Option<String>,
}

/// A marker comment produced by [`docusaurus_edits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    /// Opens admonition number N.
    Open(usize),
    /// Closes the innermost open admonition.
    Close,
}

const OPEN: &str = "hanji:open:";
const CLOSE: &str = "hanji:close";

/// Recognises a marker comment's inner text.
pub(crate) fn parse_marker(comment: &str) -> Option<Marker> {
    if comment == CLOSE {
        return Some(Marker::Close);
    }
    comment.strip_prefix(OPEN)?.parse().ok().map(Marker::Open)
}

/// Replaces Docusaurus `:::kind Title` / `:::` lines (outside code fences) by marker comments.
pub(crate) fn docusaurus_edits(body: &str) -> (Vec<Edit>, Vec<Admonition>) {
    let mut edits = Vec::new();
    let mut found = Vec::new();
    if !body.contains(":::") {
        return (edits, found);
    }
    let mut fences = Fences::new();
    let mut depth = 0usize;
    for (start, content) in body_lines(body) {
        if fences.skip_line(content) {
            continue;
        }
        let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
        let t = &content[indent..];
        let colons = t.bytes().take_while(|&b| b == b':').count();
        if colons < 3 {
            continue;
        }
        let rest = t[colons..].trim();
        let range = start + indent..start + content.len();
        if rest.is_empty() {
            if depth > 0 {
                depth -= 1;
                edits.push(Edit {
                    range,
                    text: format!("<!--{CLOSE}-->"),
                });
            }
            continue;
        }
        let kind_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        if kind_len == 0 {
            continue;
        }
        let kind = rest[..kind_len].to_lowercase();
        let mut title = rest[kind_len..].trim();
        if let Some(inner) = title.strip_prefix('[').and_then(|t| t.split_once(']')) {
            title = inner.0.trim(); // `:::tip[Title]`
        }
        if let Some(cut) = title.find('{') {
            title = title[..cut].trim(); // `{#id}` attributes
        }
        edits.push(Edit {
            range,
            text: format!("<!--{OPEN}{}-->", found.len()),
        });
        found.push(Admonition {
            kind,
            title: (!title.is_empty()).then(|| super::html::strip_tags(title)),
        });
        depth += 1;
    }
    (edits, found)
}

/// The kind word of a GFM alert.
pub(crate) fn gfm_kind(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Obsidian: a block quote whose first line is `[!kind]`, `[!kind]+ Title` or `[!kind]- Title`
/// becomes a callout; anything else is returned unchanged as `Err(blocks)`.
pub(crate) fn obsidian_callout(mut blocks: Vec<Block>) -> Result<BlockKind, Vec<Block>> {
    let Some(Block {
        kind: BlockKind::Paragraph(inlines),
        span,
        ..
    }) = blocks.first()
    else {
        return Err(blocks);
    };
    let Some(Inline {
        kind: InlineKind::Text(first),
        span: tspan,
    }) = inlines.first()
    else {
        return Err(blocks);
    };
    let Some((kind, folded, rest)) = split_marker(first) else {
        return Err(blocks);
    };
    let (span, tspan, rest) = (span.clone(), tspan.clone(), rest.to_string());
    let Block {
        kind: BlockKind::Paragraph(inlines),
        ..
    } = blocks.remove(0)
    else {
        return Err(blocks);
    };
    // The title is the rest of the first line; the body starts after the first line break.
    let mut title = Vec::new();
    let trimmed = rest.trim_start();
    if !trimmed.is_empty() {
        title.push(Inline {
            kind: InlineKind::Text(trimmed.to_string()),
            span: tspan,
        });
    }
    let mut iter = inlines.into_iter().skip(1);
    let mut body_inlines = Vec::new();
    for inline in iter.by_ref() {
        if matches!(inline.kind, InlineKind::SoftBreak | InlineKind::LineBreak) {
            break;
        }
        title.push(inline);
    }
    body_inlines.extend(iter);
    trim_trailing_space(&mut title);
    let mut body = Vec::with_capacity(blocks.len() + 1);
    if !body_inlines.is_empty() {
        let bspan = body_inlines[0].span.clone();
        body.push(Block::new(BlockKind::Paragraph(body_inlines), bspan));
    }
    let _ = span;
    body.extend(blocks);
    Ok(BlockKind::Callout {
        kind: CalloutKind::parse(&kind),
        title: (!title.is_empty()).then_some(title),
        folded,
        blocks: body,
    })
}

fn trim_trailing_space(inlines: &mut Vec<Inline>) {
    if let Some(Inline {
        kind: InlineKind::Text(t),
        ..
    }) = inlines.last_mut()
    {
        let n = t.trim_end().len();
        t.truncate(n);
        if t.is_empty() {
            inlines.pop();
        }
    }
}

/// Splits `[!kind]±rest` into (kind, fold, rest).
fn split_marker(text: &str) -> Option<(String, Option<bool>, &str)> {
    let inner = text.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let kind = &inner[..close];
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut rest = &inner[close + 1..];
    let folded = match rest.chars().next() {
        Some('+') => Some(true),
        Some('-') => Some(false),
        _ => None,
    };
    if folded.is_some() {
        rest = &rest[1..];
    }
    Some((kind.to_lowercase(), folded, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docusaurus_fences_become_markers() {
        let body = "a\n:::tip Title\nx\n::::note[Inner]\ny\n::::\n:::\n```\n:::\n```\n:::\n";
        let (edits, found) = docusaurus_edits(body);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].kind, "tip");
        assert_eq!(found[0].title.as_deref(), Some("Title"));
        assert_eq!(found[1].title.as_deref(), Some("Inner"));
        // Two opens, two closes; the `:::` inside the code fence and the unmatched one stay.
        assert_eq!(edits.len(), 4);
    }

    #[test]
    fn markers_round_trip() {
        assert_eq!(parse_marker("hanji:open:3"), Some(Marker::Open(3)));
        assert_eq!(parse_marker("hanji:close"), Some(Marker::Close));
        assert_eq!(parse_marker("other"), None);
    }

    #[test]
    fn obsidian_marker_split() {
        assert_eq!(
            split_marker("[!tip]+ Hi"),
            Some(("tip".into(), Some(true), " Hi"))
        );
        assert_eq!(
            split_marker("[!My-Kind]-"),
            Some(("my-kind".into(), Some(false), ""))
        );
        assert_eq!(split_marker("[!x y]"), None);
        assert_eq!(split_marker("[x]"), None);
    }
}
