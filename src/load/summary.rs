//! mdBook's `SUMMARY.md`: when the notes folder has one and `hanji.yaml` lists no `chapters`,
//! the notes it links, in its order, are the book's chapter order (the rest follow, sorted).
//! `SUMMARY.md` itself is a table of contents, not a chapter. Parts and nesting are not read
//! (the book has no part level yet): only the order.

use crate::diag::{Diagnostic, Span};
use std::path::Path;
use std::sync::Arc;

/// The file name mdBook reads at the root of `src/`.
pub(super) const SUMMARY: &str = "SUMMARY.md";

/// The note paths `SUMMARY.md` links, in order (relative to the notes folder, `/`-separated);
/// `None` when there is no such file.
pub(super) fn summary_order(root: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(root.join(SUMMARY)).ok()?;
    Some(linked_notes(&text))
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
