//! mdBook's `SUMMARY.md`: when the notes folder has one and `hanji.yaml` lists no `chapters`,
//! the notes it links, in its order, are the book's chapter order (the rest follow, sorted).
//! `SUMMARY.md` itself is a table of contents, not a chapter. Its part titles (a `# Heading`
//! after the first, which mdBook reads as the summary's own title) group the notes linked
//! under them into parts (`parts.rs`); nesting below chapters is not read.

use crate::diag::{Diagnostic, Span};
use std::path::Path;
use std::sync::Arc;

/// The file name mdBook reads at the root of `src/`.
pub(super) const SUMMARY: &str = "SUMMARY.md";

/// What `SUMMARY.md` says: the notes it links in order, and the part each is listed under.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Summary {
    /// Linked note paths (relative to the notes folder, `/`-separated), each once.
    pub order: Vec<String>,
    /// Part title of each entry of `order` (`None`: before the first part title).
    pub parts: Vec<Option<String>>,
}

/// `SUMMARY.md` of the notes folder, `None` when there is no such file.
pub(super) fn read_summary(root: &Path) -> Option<Summary> {
    let text = std::fs::read_to_string(root.join(SUMMARY)).ok()?;
    Some(parse_summary(&text))
}

/// Reads a summary line by line: level-1 headings are part titles (the first, when nothing
/// is linked before it, is the summary's title: mdBook ignores it), links are notes.
fn parse_summary(text: &str) -> Summary {
    let mut out = Summary::default();
    let mut part: Option<String> = None;
    let mut title_seen = false;
    let mut in_fence = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if let Some(heading) = t.strip_prefix("# ") {
            if title_seen || !out.order.is_empty() {
                let heading = heading.trim().trim_end_matches('#').trim();
                part = (!heading.is_empty()).then(|| heading.to_string());
            }
            title_seen = true;
            continue;
        }
        for target in linked_notes(line) {
            if !out.order.contains(&target) {
                out.order.push(target);
                out.parts.push(part.clone());
            }
        }
    }
    out
}

/// Every local `.md`/`.mdx` link target of a Markdown text (`[Intro](./intro.md)`,
/// `[A](<a b.md>)`, `[B](b%20c.md)`), in order, without `./` and fragments.
fn linked_notes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(close) = after.find(')') else {
            break;
        };
        let target = after[..close]
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>');
        let target = target.split('#').next().unwrap_or("").replace("%20", " ");
        let target = target.trim_start_matches("./").to_string();
        let lower = target.to_ascii_lowercase();
        if !target.contains("://")
            && (lower.ends_with(".md") || lower.ends_with(".mdx"))
            && !out.contains(&target)
        {
            out.push(target);
        }
        rest = &after[close..];
    }
    out
}

/// The order list's problems point at `SUMMARY.md`, not at `hanji.yaml`.
pub(super) fn point_at_summary(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code == "chapter-missing")
    {
        d.span = Some(Span::file_only(Arc::from(SUMMARY)));
        d.message = d.message.replace("the chapter list", SUMMARY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_titles_group_the_links_under_them() {
        let text = "# Summary\n\n[Intro](intro.md)\n\n# 첫째 마당\n\n- [A](a.md)\n- [B](b.md)\n\n\
                    # Second part #\n\n- [C](c.md)\n\n```\n# not a part\n```\n";
        let s = parse_summary(text);
        assert_eq!(s.order, ["intro.md", "a.md", "b.md", "c.md"]);
        let part = |t: &str| Some(t.to_string());
        assert_eq!(
            s.parts,
            [
                None,
                part("첫째 마당"),
                part("첫째 마당"),
                part("Second part")
            ]
        );
        // Without a title line, a first heading after a link is a part.
        let s = parse_summary("[I](i.md)\n# P\n[A](a.md)\n");
        assert_eq!(s.parts, [None, part("P")]);
    }

    #[test]
    fn odd_summaries_never_panic() {
        for text in [
            "# ",
            "#",
            "[](",
            "# 가\n# 나\n[a](가.md)",
            "](](",
            "```\n[a](a.md)",
            "# \u{0}\n[x](<y.md",
        ] {
            let s = parse_summary(text);
            assert_eq!(s.order.len(), s.parts.len(), "{text:?}");
        }
        assert_eq!(
            parse_summary("# 가\n# 나\n[a](a.md)").parts,
            [Some("나".to_string())]
        );
    }

    #[test]
    fn links_in_order_without_duplicates_or_urls() {
        let text = "# Summary\n\n[Intro](./intro.md)\n\n# Part\n\n- [A](part/a.md#top)\n  \
                    - [B](<part/b c.md>)\n- [C](c%20d.mdx)\n- [Web](https://x.kr/a.md)\n\
                    - [Again](intro.md)\n- [Draft]()\n";
        assert_eq!(
            linked_notes(text),
            ["intro.md", "part/a.md", "part/b c.md", "c d.mdx"]
        );
    }
}
