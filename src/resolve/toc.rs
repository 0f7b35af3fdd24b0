//! The contents tree, built once from the model: the EPUB nav and NCX, the PDF outline and the
//! printed contents page all read it, so they list the same headings at the same depth.
//!
//! Level 1 is a chapter (its title); body headings sit under it at their HTML level (a body
//! `#` is an `h2`, as the chapter title is the `h1`). Only a chapter's own top-level headings are
//! listed (not headings inside quotes, callouts or embeds), in reading order, each id once.

use crate::model::{Block, BlockKind, Book, ChapterId, plain_text};
use std::collections::HashSet;

/// One entry of the contents: a chapter or a heading, with the entries nested under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocEntry {
    /// Text shown (whitespace collapsed; may be empty, writers supply their own fallback).
    pub title: String,
    /// The chapter the entry is in.
    pub chapter: ChapterId,
    /// Heading id within the chapter; `None` = the chapter itself.
    pub anchor: Option<String>,
    /// 0 for a part (its chapters are its children), 1 for a chapter, 2–6 for headings
    /// (HTML level).
    pub level: u8,
    /// Entries nested under this one.
    pub children: Vec<TocEntry>,
}

/// The contents of `book`: one entry per chapter with its headings of level ≤ `toc_depth`
/// nested under it by level (a skipped level nests directly: `h2` then `h4` is one step); a
/// part's chapters nested under a level-0 entry for the part (its `chapter` is the part's first).
pub fn toc_tree(book: &Book, toc_depth: u8) -> Vec<TocEntry> {
    let chapters = chapter_entries(book, toc_depth);
    let mut out: Vec<TocEntry> = Vec::new();
    for (i, entry) in chapters.into_iter().enumerate() {
        let chapter = &book.chapters[i];
        match &chapter.part {
            Some(part) if chapter.opens_part(i.checked_sub(1).map(|p| &book.chapters[p])) => {
                out.push(TocEntry {
                    title: collapse(&part.title),
                    chapter: ChapterId(i),
                    anchor: None,
                    level: 0,
                    children: vec![entry],
                });
            }
            Some(_) => match out.last_mut() {
                Some(part) if part.level == 0 => part.children.push(entry),
                _ => out.push(entry),
            },
            None => out.push(entry),
        }
    }
    out
}

/// One entry per chapter, its headings nested under it.
fn chapter_entries(book: &Book, toc_depth: u8) -> Vec<TocEntry> {
    book.chapters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut seen: HashSet<String> = HashSet::from([c.title_id.clone()]);
            let headings: Vec<TocEntry> = c
                .blocks
                .iter()
                .filter_map(|b| heading_entry(b, ChapterId(i)))
                .filter(|e| e.level <= toc_depth)
                .filter(|e| e.anchor.as_ref().is_some_and(|a| seen.insert(a.clone())))
                .collect();
            TocEntry {
                title: collapse(&c.title),
                chapter: ChapterId(i),
                anchor: None,
                level: 1,
                children: nest(headings),
            }
        })
        .collect()
}

/// Every entry of `tree` in reading order (depth first, parent before children).
pub fn flatten(tree: &[TocEntry]) -> Vec<&TocEntry> {
    let mut out = Vec::new();
    fn walk<'a>(entries: &'a [TocEntry], out: &mut Vec<&'a TocEntry>) {
        for e in entries {
            out.push(e);
            walk(&e.children, out);
        }
    }
    walk(tree, &mut out);
    out
}

/// Depth of the deepest entry (1 for a flat list, 0 for none).
pub fn depth(entries: &[TocEntry]) -> usize {
    entries
        .iter()
        .map(|e| 1 + depth(&e.children))
        .max()
        .unwrap_or(0)
}

/// A top-level heading as a (childless) entry.
fn heading_entry(block: &Block, chapter: ChapterId) -> Option<TocEntry> {
    let BlockKind::Heading { level, id, content } = &block.kind else {
        return None;
    };
    Some(TocEntry {
        title: collapse(&plain_text(content)),
        chapter,
        anchor: Some(id.clone()),
        // The chapter title is the h1: body headings start at level 2.
        level: super::heading_level(level.get()),
        children: Vec::new(),
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Nests a flat list (in document order) by level: each entry goes under the nearest
/// preceding entry with a smaller level.
fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    let mut stack: Vec<TocEntry> = Vec::new();
    fn close(stack: &mut Vec<TocEntry>, roots: &mut Vec<TocEntry>) {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for entry in flat {
        while stack.last().is_some_and(|top| top.level >= entry.level) {
            close(&mut stack, &mut roots);
        }
        stack.push(entry);
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::model::{Chapter, Inline, InlineKind};

    fn heading(level: u8, id: &str) -> Block {
        Block {
            kind: BlockKind::Heading {
                level: crate::model::HeadingLevel::clamped(level),
                id: id.into(),
                content: vec![Inline {
                    kind: InlineKind::Text(format!(" {id}  text ")),
                    span: Span::default(),
                }],
            },
            span: Span::default(),
            anchor: None,
        }
    }

    fn book(blocks: Vec<Block>) -> Book {
        Book {
            meta: Default::default(),
            chapters: vec![Chapter {
                id: "c".into(),
                source: "c.md".into(),
                title: "Chapter".into(),
                title_id: "title".into(),
                lang: None,
                meta: Default::default(),
                part: None,
                blocks,
                footnotes: Vec::new(),
                span: Span::default(),
            }],
            assets: Vec::new(),
            attachments: Vec::new(),
        }
    }

    fn titles(tree: &[TocEntry]) -> Vec<(u8, String)> {
        flatten(tree)
            .iter()
            .map(|e| (e.level, e.title.clone()))
            .collect()
    }

    #[test]
    fn parts_nest_their_chapters() {
        let mut b = book(vec![heading(2, "h")]);
        let part = |t: &str| {
            Some(crate::model::Part {
                id: format!("part-{t}"),
                title: t.into(),
            })
        };
        let first = b.chapters[0].clone();
        b.chapters = [None, part("A"), part("A"), None, part("B")]
            .into_iter()
            .map(|p| Chapter {
                part: p,
                ..first.clone()
            })
            .collect();
        let tree = toc_tree(&b, 2);
        let shape: Vec<(u8, usize, usize)> = tree
            .iter()
            .map(|e| (e.level, e.chapter.0, e.children.len()))
            .collect();
        assert_eq!(shape, [(1, 0, 1), (0, 1, 2), (1, 3, 1), (0, 4, 1)]);
        assert_eq!(tree[1].title, "A");
        assert_eq!(tree[1].children[1].chapter.0, 2);
    }

    #[test]
    fn nests_by_level_and_honours_the_depth() {
        let b = book(vec![
            heading(2, "a"),
            heading(4, "b"),
            heading(3, "c"),
            heading(2, "d"),
            heading(1, "e"),
        ]);
        let tree = toc_tree(&b, 6);
        assert_eq!(tree.len(), 1);
        let top: Vec<&str> = tree[0].children.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(top, ["a text", "d text", "e text"], "a body h1 is level 2");
        assert_eq!(
            tree[0].children[0].children.len(),
            2,
            "h4 then h3 both under h2"
        );
        assert_eq!(depth(&tree), 3);
        assert_eq!(
            titles(&toc_tree(&b, 2)),
            [
                (1, "Chapter".to_string()),
                (2, "a text".to_string()),
                (2, "d text".to_string()),
                (2, "e text".to_string())
            ]
        );
        assert_eq!(
            titles(&toc_tree(&b, 3)).len(),
            5,
            "h3 `c` listed at depth 3"
        );
    }

    #[test]
    fn each_id_once_and_never_the_title_id() {
        let tree = toc_tree(
            &book(vec![heading(2, "x"), heading(2, "x"), heading(2, "title")]),
            3,
        );
        assert_eq!(tree[0].children.len(), 1);
        assert_eq!(tree[0].children[0].anchor.as_deref(), Some("x"));
    }
}
