//! Bare URLs as links (GFM "extended autolinks", as GitHub and Obsidian render them):
//! `https://…`, `http://…` and `www.…` in text that is not already inside a link or code.
//!
//! pulldown-cmark has no extended-autolink option, so this is a pass over a parsed note's text
//! nodes. The rules follow GFM 0.29 §6.9: a link starts at the beginning of a text run or after
//! whitespace or `*`, `_`, `~`, `(`; the domain is labels of alphanumerics, `-` and `_` with at
//! least one `.`, and no `_` in its last two labels; the link runs to the next whitespace or
//! `<`; then trailing `?`, `!`, `.`, `,`, `:`, `*`, `_`, `~` stay outside, as does a `)` without
//! its `(` and an entity-like `&name;`. `www.` links get `http://`. Korean rules on top: a
//! Hangul (or other non-ASCII) letter right after an ASCII letter or digit ends the link, so
//! `https://example.com에서` and `…?q=1에서` link the address and leave the particle as text,
//! while `https://ko.wikipedia.org/wiki/한지` (Hangul after a delimiter) keeps its path; and a
//! particle after closing punctuation (`(https://example.com/a)를`) is not part of the link. Links never nest: a URL inside
//! a link's label stays text.

use super::tree::{Block, Inline, InlineKind, Pending};
use super::walk;
use crate::diag::Span;
use crate::model::{ExternalUrl, LinkTarget};

/// Turns bare URLs in `blocks` and `footnotes` into external links.
pub(crate) fn link_bare_urls(blocks: &mut [Block], footnotes: &mut [(String, Vec<Block>, Span)]) {
    walk::inlines_mut(blocks, &mut link_sequence);
    for (_, blocks, _) in footnotes {
        walk::inlines_mut(blocks, &mut link_sequence);
    }
}

/// One inline sequence: its text nodes split at URLs. Sequences are visited innermost first,
/// so a link's label was already visited as a sequence of its own: links found there are
/// turned back into text (links never nest).
fn link_sequence(seq: &mut Vec<Inline>) {
    for inline in seq.iter_mut() {
        if let InlineKind::Link { content, .. } = &mut inline.kind {
            unlink(content);
        }
    }
    if !seq
        .iter()
        .any(|i| matches!(&i.kind, InlineKind::Text(t) if may_hold_url(t)))
    {
        return;
    }
    let old = std::mem::take(seq);
    for inline in old {
        match inline.kind {
            InlineKind::Text(text) if may_hold_url(&text) => split_text(&text, &inline.span, seq),
            kind => seq.push(Inline {
                kind,
                span: inline.span,
            }),
        }
    }
}

/// Replaces every link this pass made inside `content` (and styled text in it) by its text.
fn unlink(content: &mut Vec<Inline>) {
    let old = std::mem::take(content);
    for mut inline in old {
        match inline.kind {
            InlineKind::Link {
                target: Pending::Resolved(LinkTarget::External(_)),
                content: inner,
            } if is_autolink(&inner) => content.extend(inner),
            InlineKind::Styled(_, ref mut c) => {
                unlink(c);
                content.push(inline);
            }
            _ => content.push(inline),
        }
    }
}

/// Whether a link's content is what this pass makes: one text that is itself a bare URL.
fn is_autolink(content: &[Inline]) -> bool {
    matches!(content, [Inline { kind: InlineKind::Text(t), .. }]
        if find_url(t, 0).is_some_and(|(s, e)| s == 0 && e == t.len()))
}

/// A cheap test before the real scan.
fn may_hold_url(text: &str) -> bool {
    text.contains("://") || text.contains("www.")
}

/// Pushes `text` split into text and links onto `out`; each piece's column is its offset in
/// characters from `span`.
fn split_text(text: &str, span: &Span, out: &mut Vec<Inline>) {
    let mut from = 0;
    let at = |offset: usize| {
        let chars = text[..offset].chars().count();
        let col = if span.col == 0 {
            0
        } else {
            span.col + u32::try_from(chars).unwrap_or(0)
        };
        Span::new(span.file.clone(), span.line, col)
    };
    let mut search = 0;
    while let Some((start, end)) = find_url(text, search) {
        let written = &text[start..end];
        let href = if written.starts_with("www.") {
            format!("http://{written}")
        } else {
            written.to_string()
        };
        let Ok(url) = ExternalUrl::parse(&href) else {
            search = end;
            continue;
        };
        if start > from {
            out.push(Inline {
                kind: InlineKind::Text(text[from..start].to_string()),
                span: at(from),
            });
        }
        out.push(Inline {
            kind: InlineKind::Link {
                target: Pending::Resolved(LinkTarget::External(url)),
                content: vec![Inline {
                    kind: InlineKind::Text(written.to_string()),
                    span: at(start),
                }],
            },
            span: at(start),
        });
        from = end;
        search = end;
    }
    if from < text.len() || from == 0 {
        out.push(Inline {
            kind: InlineKind::Text(text[from..].to_string()),
            span: at(from),
        });
    }
}

/// The byte range of the first bare URL in `text` at or after `from`.
fn find_url(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i < text.len() {
        let rest = &text[i..];
        let scheme = ["https://", "http://", "www."].into_iter().find(|p| {
            rest.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        });
        if let Some(p) = scheme
            && starts_here(text, i)
            && let Some(end) = url_end(text, i, i + p.len())
        {
            return Some((i, end));
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// GFM: an autolink starts at the beginning, or after whitespace or `*`, `_`, `~`, `(`.
fn starts_here(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | '('))
}

/// The end of a URL whose domain starts at `domain`, or `None` when the domain is not valid.
fn url_end(text: &str, start: usize, domain: usize) -> Option<usize> {
    let rest = &text[domain..];
    let domain_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(rest.len());
    let host = rest[..domain_len].trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    let www = text[start..domain].eq_ignore_ascii_case("www.");
    // `www.` already holds one period; a scheme needs one in the host.
    let enough = if www {
        !host.is_empty()
    } else {
        labels.len() >= 2
    };
    if !enough || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    if labels.iter().rev().take(2).any(|l| l.contains('_')) {
        return None;
    }
    let after_domain = domain + domain_len;
    let path_len = text[after_domain..]
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(text.len() - after_domain);
    let end = particle_after_word(text, domain, after_domain + path_len);
    let end = particle_after_punctuation(text, start, end);
    Some(trim_trailing(text, start, end))
}

/// Korean rule: a letter outside ASCII right after an ASCII letter or digit starts a particle
/// (`https://example.com에서`, `…?q=1에서`), so the link ends there; a Hangul path segment
/// follows a delimiter instead (`/wiki/한지`, `?q=한지`) and is kept.
fn particle_after_word(text: &str, domain: usize, end: usize) -> usize {
    let mut prev_alnum = false;
    for (i, c) in text[domain..end].char_indices() {
        if !c.is_ascii() && c.is_alphabetic() && prev_alnum {
            return domain + i;
        }
        prev_alnum = c.is_ascii_alphanumeric();
    }
    end
}

/// Korean rule: a run of non-ASCII letters at the end that follows closing punctuation
/// (`(https://example.com/a)를`, `https://example.com/a.에`) is a particle after the link, not
/// part of it: the link ends before it, and the punctuation is then trimmed as usual.
fn particle_after_punctuation(text: &str, start: usize, end: usize) -> usize {
    let url = &text[start..end];
    let Some((at, c)) = url.char_indices().rev().find(|(_, c)| c.is_ascii()) else {
        return end;
    };
    let tail = &url[at + 1..];
    let particle = !tail.is_empty() && tail.chars().all(char::is_alphabetic);
    let head = &url[..=at];
    // Only punctuation GFM would leave outside anyway: an unmatched `)`, or a sentence mark.
    let closing = match c {
        ')' => head.matches(')').count() > head.matches('(').count(),
        c => matches!(c, '.' | ',' | '!' | '?' | '\'' | '"'),
    };
    if particle && closing {
        start + at + 1
    } else {
        end
    }
}

/// GFM extended autolink path validation: trailing punctuation, unmatched `)` and a trailing
/// entity-like `&name;` are not part of the link.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let url = &text[start..end];
        let Some(last) = url.chars().next_back() else {
            return end;
        };
        let unmatched_paren = last == ')' && url.matches(')').count() > url.matches('(').count();
        if matches!(last, '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~') || unmatched_paren {
            end -= 1;
        } else if last == ';'
            && let Some(amp) = url.rfind('&')
            && url[amp + 1..url.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        {
            end = start + amp;
        } else {
            return end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some((s, e)) = find_url(text, from) {
            out.push(&text[s..e]);
            from = e;
        }
        out
    }

    #[test]
    fn gfm_extended_autolinks() {
        // GFM spec examples 621–631 (extended autolinks), in substance.
        assert_eq!(urls("www.commonmark.org"), ["www.commonmark.org"]);
        assert_eq!(
            urls("Visit www.commonmark.org/help for more information."),
            ["www.commonmark.org/help"]
        );
        assert_eq!(urls("Visit www.commonmark.org."), ["www.commonmark.org"]);
        assert_eq!(
            urls("Visit www.commonmark.org/a.b."),
            ["www.commonmark.org/a.b"]
        );
        assert_eq!(
            urls("www.google.com/search?q=Markup+(business)"),
            ["www.google.com/search?q=Markup+(business)"]
        );
        assert_eq!(
            urls("(www.google.com/search?q=Markup+(business))"),
            ["www.google.com/search?q=Markup+(business)"]
        );
        assert_eq!(
            urls("www.google.com/search?q=(business))+ok"),
            ["www.google.com/search?q=(business))+ok"]
        );
        assert_eq!(
            urls("www.google.com/search?q=commonmark&hl=en"),
            ["www.google.com/search?q=commonmark&hl=en"]
        );
        assert_eq!(
            urls("www.google.com/search?q=commonmark&hl;"),
            ["www.google.com/search?q=commonmark"]
        );
        assert_eq!(urls("www.commonmark.org/he<lp"), ["www.commonmark.org/he"]);
        assert_eq!(
            urls(
                "http://commonmark.org\n\n(Visit https://encrypted.google.com/search?q=Markup+(business))"
            ),
            [
                "http://commonmark.org",
                "https://encrypted.google.com/search?q=Markup+(business)"
            ]
        );
        // Not links: no period, an underscore in the last labels, mid-word.
        assert!(urls("http://localhost and www.").is_empty());
        assert!(urls("https://a.b_c").is_empty());
        assert!(urls("xhttps://example.com").is_empty());
    }

    #[test]
    fn korean_particles_stay_outside() {
        assert_eq!(
            urls("https://example.com에서 보세요."),
            ["https://example.com"]
        );
        assert_eq!(
            urls("https://ko.wikipedia.org/wiki/한지 참고"),
            ["https://ko.wikipedia.org/wiki/한지"]
        );
        assert_eq!(urls("(https://example.com/a)를"), ["https://example.com/a"]);
        assert_eq!(
            urls("https://x.kr/wiki/A_(B)를"),
            ["https://x.kr/wiki/A_(B)를"]
        );
        assert_eq!(
            urls("https://example.com/docs?q=1에서,"),
            ["https://example.com/docs?q=1"]
        );
        assert_eq!(
            urls("https://x.kr/search?q=한지와"),
            ["https://x.kr/search?q=한지와"]
        );
    }

    #[test]
    fn text_is_split_into_links_with_columns() {
        let span = Span::new("a.md".into(), 3, 5);
        let mut out = Vec::new();
        split_text("가 www.example.com, 끝", &span, &mut out);
        let kinds: Vec<String> = out
            .iter()
            .map(|i| match &i.kind {
                InlineKind::Text(t) => format!("text {t:?} @{}", i.span.col),
                InlineKind::Link {
                    target: Pending::Resolved(LinkTarget::External(u)),
                    ..
                } => format!("link {} @{}", u.as_str(), i.span.col),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "text \"가 \" @5",
                "link http://www.example.com @7",
                "text \", 끝\" @22"
            ]
        );
    }
}
