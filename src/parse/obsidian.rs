//! Obsidian syntax pulldown-cmark does not know:
//! - `%%comment%%` (inline or spanning lines) is private to the vault and never exported: the
//!   pre-pass [`comment_edits`] blanks it before parsing (code fences and code spans excepted);
//! - `==highlight==` becomes `Style::Highlight` ([`split_highlights`], on plain text only, so
//!   code never changes; a highlight cannot contain other formatting).

use super::html::fence_marker;
use super::source::Edit;
use crate::model::{Inline, InlineKind, Style};

/// Edits removing `%%…%%` comments outside code fences and code spans. Newlines inside a
/// comment are kept so line numbers stay right.
pub(crate) fn comment_edits(body: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    if !body.contains("%%") {
        return edits;
    }
    let mut fence: Option<(u8, usize)> = None;
    let mut open: Option<usize> = None; // start offset of an open comment
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.strip_suffix('\n').unwrap_or(line);
        if open.is_none() {
            if let Some(f) = fence_marker(content) {
                match fence {
                    None => fence = Some(f),
                    Some((c, n)) if f.0 == c && f.1 >= n => fence = None,
                    _ => {}
                }
                continue;
            }
            if fence.is_some() {
                continue;
            }
        }
        let bytes = content.as_bytes();
        let mut i = 0;
        let mut in_code = false;
        while i < bytes.len() {
            match bytes[i] {
                b'`' if open.is_none() => in_code = !in_code,
                b'%' if !in_code && bytes.get(i + 1) == Some(&b'%') => {
                    match open.take() {
                        None => open = Some(start + i),
                        Some(s) => edits.push(blank(body, s..start + i + 2)),
                    }
                    i += 2;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    // An unclosed `%%` hides the rest of the note, as in Obsidian.
    if let Some(s) = open {
        edits.push(blank(body, s..body.len()));
    }
    edits
}

/// An edit replacing `range` by its newlines only.
fn blank(body: &str, range: std::ops::Range<usize>) -> Edit {
    let text = body[range.clone()].chars().filter(|&c| c == '\n').collect();
    Edit { range, text }
}

/// Splits `==marked==` runs inside text inlines into highlight nodes.
pub(crate) fn split_highlights(content: Vec<Inline>) -> Vec<Inline> {
    if !content
        .iter()
        .any(|i| matches!(&i.kind, InlineKind::Text(t) if t.contains("==")))
    {
        return content;
    }
    let mut out = Vec::with_capacity(content.len() + 2);
    for inline in content {
        let InlineKind::Text(t) = &inline.kind else {
            out.push(inline);
            continue;
        };
        let mut rest = t.as_str();
        let mut changed = false;
        let mut pieces = Vec::new();
        while let Some((before, marked, after)) = find_highlight(rest) {
            if !before.is_empty() {
                pieces.push(InlineKind::Text(before.to_string()));
            }
            let inner = Inline {
                kind: InlineKind::Text(marked.to_string()),
                span: inline.span.clone(),
            };
            pieces.push(InlineKind::Styled(Style::Highlight, vec![inner]));
            rest = after;
            changed = true;
        }
        if !changed {
            out.push(inline);
            continue;
        }
        if !rest.is_empty() {
            pieces.push(InlineKind::Text(rest.to_string()));
        }
        out.extend(pieces.into_iter().map(|kind| Inline {
            kind,
            span: inline.span.clone(),
        }));
    }
    out
}

/// `(before, marked, after)` of the first `==x==` in `s` (x not starting or ending with space).
fn find_highlight(s: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(o) = s[from..].find("==").map(|p| from + p) {
        let inner_start = o + 2;
        let starts_ok = s[inner_start..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '=');
        if starts_ok && let Some(c) = s[inner_start..].find("==").map(|p| inner_start + p) {
            let inner = &s[inner_start..c];
            if !inner.ends_with(char::is_whitespace) {
                return Some((&s[..o], inner, &s[c + 2..]));
            }
        }
        from = inner_start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn apply(body: &str) -> String {
        let mut edits = comment_edits(body);
        edits.sort_by_key(|e| e.range.start);
        let mut out = body.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.range.clone(), &e.text);
        }
        out
    }

    #[test]
    fn comments_vanish_outside_code() {
        assert_eq!(apply("a %%hidden%% b\n"), "a  b\n");
        assert_eq!(apply("a\n%%\nsecret\n%%\nb\n"), "a\n\n\n\nb\n");
        assert_eq!(apply("`%%code%%` %%x%%\n"), "`%%code%%` \n");
        assert_eq!(apply("```\n%%kept%%\n```\n"), "```\n%%kept%%\n```\n");
        assert_eq!(apply("a %%never closed\nmore\n"), "a \n\n");
    }

    #[test]
    fn highlights_split() {
        let text = |s: &str| Inline {
            kind: InlineKind::Text(s.into()),
            span: Span::default(),
        };
        let out = split_highlights(vec![text("a ==marked== b == c")]);
        assert_eq!(out.len(), 3);
        assert!(
            matches!(&out[1].kind, InlineKind::Styled(Style::Highlight, c) if crate::model::plain_text(c) == "marked")
        );
        assert!(matches!(&out[2].kind, InlineKind::Text(t) if t == " b == c"));
        assert_eq!(split_highlights(vec![text("x == y")]).len(), 1);
    }
}
