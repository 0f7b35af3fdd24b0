//! Obsidian syntax pulldown-cmark does not know:
//! - `%%comment%%` (inline or spanning lines) is private to the vault and never exported: the
//!   pre-pass [`comment_edits`] blanks it before parsing (code fences and code spans excepted);
//! - `==highlight==` becomes `Style::Highlight` ([`split_highlights`], on plain text only, so
//!   code never changes; a highlight cannot contain other formatting).

use super::fence::{Fences, body_lines};
use super::jsx::{find_run, run_len};
use super::source::Edit;
use super::tree::{Inline, InlineKind};
use crate::model::Style;
use std::ops::Range;

/// A comment longer than this many lines is still removed, but with a warning: a stray `%%`
/// pairing with a far-away one must never delete prose silently.
const LONG_COMMENT_LINES: usize = 5;

/// What the comment pass found: edits, and warnings as `(offset, code, message)`.
#[derive(Debug, Default)]
pub(crate) struct Comments {
    /// Edits blanking each comment (newlines kept).
    pub edits: Vec<Edit>,
    /// Warnings at body offsets.
    pub warnings: Vec<(usize, &'static str, String)>,
}

/// Edits removing `%%…%%` comments (Obsidian: inline or over several lines). Markers inside
/// code fences, code spans, math and the tags in `masks` (JSX attribute values, see `jsx.rs`)
/// are text, so the pass runs after tags are found. Conservative where Obsidian is not:
/// - an unclosed `%%` is kept as text with a warning (Obsidian would hide the rest of the note);
/// - a `%%` opened inside a line whose partner lies beyond a blank line is no comment (kept,
///   warned): inline comments stay within their paragraph;
/// - a comment of more than [`LONG_COMMENT_LINES`] lines is removed with a warning.
///
/// Newlines inside a comment are kept so line numbers stay right.
pub(crate) fn comment_edits(body: &str, masks: &[Range<usize>]) -> Comments {
    let mut out = Comments::default();
    if !body.contains("%%") {
        return out;
    }
    // 1. Every `%%` marker outside code, math and tags: (offset, starts its line).
    let mut markers: Vec<(usize, bool)> = Vec::new();
    let mut fences = Fences::new();
    let mut display_math = false;
    let mut mask = masks.iter().peekable();
    for (start, content) in body_lines(body) {
        while mask.peek().is_some_and(|m| m.end <= start) {
            mask.next();
        }
        // A line inside a multi-line tag opens no fence.
        let masked = mask.peek().is_some_and(|m| m.start < start);
        let skip = if masked {
            fences.in_code()
        } else {
            fences.skip_line(content)
        };
        if skip {
            continue;
        }
        let bytes = content.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let at = start + i;
            while mask.peek().is_some_and(|m| m.end <= at) {
                mask.next();
            }
            if let Some(m) = mask.peek().filter(|m| m.start <= at) {
                i = m.end - start;
                continue;
            }
            match bytes[i] {
                b'$' if bytes.get(i + 1) == Some(&b'$') => {
                    display_math = !display_math;
                    i += 2;
                }
                _ if display_math => i += 1,
                b'\\' => i += 2,
                b'`' => {
                    let n = run_len(bytes, i, b'`');
                    i = find_run(content, i + n, n).map_or(i + n, |c| c + n);
                }
                b'$' => {
                    // Inline math `$…$` (the closing `$` on the same line).
                    i = content[i + 1..].find('$').map_or(i + 1, |c| i + 1 + c + 1);
                }
                b'%' if bytes.get(i + 1) == Some(&b'%') => {
                    let line_start = content[..i].trim().is_empty();
                    markers.push((at, line_start));
                    i += 2;
                }
                _ => i += 1,
            }
        }
    }
    // 2. Pair them.
    let mut k = 0;
    while k < markers.len() {
        let (open, block) = markers[k];
        let Some(&(close, _)) = markers.get(k + 1) else {
            out.warnings.push((
                open,
                "comment-unclosed",
                "`%%` comment is never closed; kept as text".into(),
            ));
            break;
        };
        let inner = &body[open..close];
        if !block && crosses_blank_line(inner) {
            out.warnings.push((
                open,
                "comment-unclosed",
                "`%%` is not closed in its paragraph; kept as text".into(),
            ));
            k += 1;
            continue;
        }
        let lines = inner.matches('\n').count() + 1;
        if lines > LONG_COMMENT_LINES {
            out.warnings.push((
                open,
                "comment-long",
                format!("`%%` comment hides {lines} lines"),
            ));
        }
        out.edits.push(blank(body, open..close + 2));
        k += 2;
    }
    out
}

/// Whether `s` contains an empty (or blank) line.
fn crosses_blank_line(s: &str) -> bool {
    let parts: Vec<&str> = s.split('\n').collect();
    parts.len() > 2
        && parts[1..parts.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// An edit replacing `range` by its newlines only. An inline comment between two spaces takes
/// one of them along (`a %%x%% b` → `a b`).
fn blank(body: &str, mut range: std::ops::Range<usize>) -> Edit {
    if body[..range.start].ends_with(' ') && body[range.end..].starts_with(' ') {
        range.end += 1;
    }
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
        let mut edits = comment_edits(body, &super::super::jsx::jsx_edits(body).masks).edits;
        edits.sort_by_key(|e| e.range.start);
        let mut out = body.to_string();
        for e in edits.iter().rev() {
            out.replace_range(e.range.clone(), &e.text);
        }
        out
    }

    #[test]
    fn comments_vanish_outside_code() {
        assert_eq!(apply("a %%hidden%% b\n"), "a b\n");
        assert_eq!(apply("a\n%%\nsecret\n%%\nb\n"), "a\n\n\n\nb\n");
        assert_eq!(apply("`%%code%%` %%x%%\n"), "`%%code%%` \n");
        assert_eq!(apply("```\n%%kept%%\n```\n"), "```\n%%kept%%\n```\n");
        assert_eq!(
            apply("a %%never closed\nmore\n"),
            "a %%never closed\nmore\n"
        );
        assert_eq!(
            apply("$a %% b$ and $$\n%%\n$$ %%x%%\n"),
            "$a %% b$ and $$\n%%\n$$ \n"
        );
        assert_eq!(apply("``a %% ` b`` %%x%%\n"), "``a %% ` b`` \n");
    }

    #[test]
    fn comments_are_conservative() {
        // A marker inside a multi-line JSX attribute is no comment.
        let body = "<C\n  chart=\"\n%% note\n\"\n/>\n\n상세한 본문 %%x%%\n";
        let c = comment_edits(body, &super::super::jsx::jsx_edits(body).masks);
        assert_eq!(c.edits.len(), 1);
        assert!(c.warnings.is_empty());
        // Inline `%%` whose partner is beyond a blank line: kept, warned.
        let body = "100%% sure.\n\nNext paragraph %% here.\n";
        let c = comment_edits(body, &[]);
        assert!(c.edits.is_empty());
        assert_eq!(c.warnings.len(), 2);
        assert_eq!(apply(body), body);
        // A long block comment is removed, with a warning.
        let body = "%%\n1\n2\n3\n4\n5\n%%\nkept\n";
        let c = comment_edits(body, &[]);
        assert_eq!(c.edits.len(), 1);
        assert_eq!(c.warnings[0].1, "comment-long");
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
