//! `--each`: one single-note book per chapter, at `<relative path>.epub/.pdf`. Links to other
//! notes become links to their sibling books (`LinkTarget::Sibling`, relative paths), or their
//! text when the other note is not exported.

use crate::model::{Block, BlockKind, Book, ChapterId, Inline, InlineKind, LinkTarget};
use crate::{load, model};
use std::collections::BTreeMap;

/// How many chapters share each output stem (case-folded, as on case-insensitive disks).
pub(super) fn stem_counts(book: &Book) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for c in &book.chapters {
        *counts
            .entry(strip_note_ext(&c.source).to_lowercase())
            .or_insert(0) += 1;
    }
    counts
}

/// Output path stem of a note with `--each`: `dir/note.md` → `dir/note`, or `dir/note.md`
/// when another note (`dir/note.mdx`, `dir/Note.md`) would write the same files.
pub(super) fn each_stem(note: &str, counts: &BTreeMap<String, usize>) -> String {
    let stem = strip_note_ext(note);
    if counts.get(&stem.to_lowercase()).copied().unwrap_or(0) > 1 {
        note.to_string()
    } else {
        stem.to_string()
    }
}

/// `dir/note.md` → `dir/note`.
pub(super) fn strip_note_ext(path: &str) -> &str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".mdx") {
        &path[..path.len() - 4]
    } else if lower.ends_with(".md") {
        &path[..path.len() - 3]
    } else {
        path
    }
}

/// `--each`: the chapters to export as single-note books (optionally one shard of them), in
/// natural path order.
pub(super) fn each_order(book: &Book, shard: Option<(usize, usize)>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..book.chapters.len()).collect();
    order.sort_by(|&a, &b| {
        load::natural_path_cmp(&book.chapters[a].source, &book.chapters[b].source)
    });
    order
        .into_iter()
        .enumerate()
        // Shard i/n (1-based) takes every n-th note of the sorted list: deterministic, disjoint,
        // and together the shards cover every note.
        .filter(|(k, _)| shard.is_none_or(|(i, n)| n == 0 || k % n == i.saturating_sub(1)))
        .map(|(_, c)| c)
        .collect()
}

/// The book made of chapter `index` alone, with its images and no cover. Links to other
/// chapters become their text (the other note is not in this book); their count is returned.
pub(super) fn single_chapter_book(
    book: &Book,
    index: usize,
    siblings: &[Option<String>],
) -> (Book, usize) {
    let mut chapter = book.chapters[index].clone();
    let mut l = Localizer {
        keep: index,
        book,
        siblings,
        here: siblings.get(index).cloned().flatten().unwrap_or_default(),
        flattened: 0,
        assets: AssetMap::default(),
    };
    l.blocks(&mut chapter.blocks);
    for f in &mut chapter.footnotes {
        l.blocks(&mut f.blocks);
    }
    let Localizer {
        flattened, assets, ..
    } = l;
    let mut meta = book.meta.clone();
    meta.title = chapter.title.clone();
    if !chapter.meta.authors.is_empty() {
        meta.authors = chapter.meta.authors.clone();
    }
    if let Some(lang) = &chapter.lang {
        meta.language = lang.clone();
    }
    if chapter.meta.description.is_some() {
        meta.description = chapter.meta.description.clone();
    }
    if chapter.meta.date.is_some() {
        meta.date = chapter.meta.date;
    }
    meta.cover = None;
    meta.identifier = None;
    let assets = assets
        .order
        .iter()
        .filter_map(|id| book.assets.get(id.0).cloned())
        .collect();
    (
        Book {
            meta,
            chapters: vec![chapter],
            assets,
        },
        flattened,
    )
}

/// Old → new asset ids for a single-chapter book.
#[derive(Default)]
struct AssetMap {
    new_ids: BTreeMap<model::AssetId, model::AssetId>,
    order: Vec<model::AssetId>,
}

impl AssetMap {
    fn map(&mut self, old: model::AssetId) -> model::AssetId {
        let next = model::AssetId(self.order.len());
        *self.new_ids.entry(old).or_insert_with(|| {
            self.order.push(old);
            next
        })
    }
}

/// Rewrites one chapter's nodes for its single-note book.
struct Localizer<'a> {
    /// Index of the chapter being exported.
    keep: usize,
    /// The whole book (for the ids of other chapters).
    book: &'a Book,
    /// Output stem of every chapter, `None` when that note is not exported.
    siblings: &'a [Option<String>],
    /// Output stem of the chapter being exported.
    here: String,
    /// Links turned into text.
    flattened: usize,
    /// Images of this book.
    assets: AssetMap,
}

impl Localizer<'_> {
    /// Relative path from this book's file to the sibling book of chapter `index`.
    fn sibling_path(&self, index: usize) -> Option<String> {
        let there = self.siblings.get(index)?.as_deref()?;
        Some(relative_path(&self.here, there))
    }

    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match &mut block.kind {
                BlockKind::Paragraph(inlines) => self.inlines(inlines),
                BlockKind::Heading { content, .. } => self.inlines(content),
                BlockKind::List { items, .. } => {
                    for item in items {
                        self.blocks(&mut item.blocks);
                    }
                }
                BlockKind::Quote(b) => self.blocks(b),
                BlockKind::Callout { title, blocks, .. } => {
                    if let Some(t) = title {
                        self.inlines(t);
                    }
                    self.blocks(blocks);
                }
                BlockKind::Table { header, rows, .. } => {
                    for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.inlines(cell);
                    }
                }
                BlockKind::Figure { image, caption } => {
                    image.asset = image.asset.map(|a| self.assets.map(a));
                    self.inlines(caption);
                }
                BlockKind::Embed {
                    chapter, blocks, ..
                } => {
                    // The embedded note's text stays; its source is not in this book.
                    *chapter = ChapterId(0);
                    self.blocks(blocks);
                }
                BlockKind::Code { .. } | BlockKind::Math(_) | BlockKind::Rule => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &mut Vec<Inline>) {
        let mut out = Vec::with_capacity(inlines.len());
        for mut inline in std::mem::take(inlines) {
            match &mut inline.kind {
                InlineKind::Link { target, content }
                    if matches!(target, LinkTarget::Internal { .. }) =>
                {
                    self.inlines(content);
                    let LinkTarget::Internal { chapter, anchor } = target else {
                        unreachable!("matched above")
                    };
                    if chapter.0 == self.keep {
                        *chapter = ChapterId(0);
                    } else if let Some(path) = self.sibling_path(chapter.0) {
                        *target = LinkTarget::Sibling {
                            path,
                            chapter_id: self.book.chapters[chapter.0].id.clone(),
                            anchor: anchor.take(),
                        };
                    } else {
                        // The target note is not exported: keep the label only.
                        self.flattened += 1;
                        out.append(content);
                        continue;
                    }
                }
                InlineKind::Link { content, .. } | InlineKind::Styled(_, content) => {
                    self.inlines(content);
                }
                InlineKind::Image(image) => image.asset = image.asset.map(|a| self.assets.map(a)),
                _ => {}
            }
            out.push(inline);
        }
        *inlines = out;
    }
}

/// `from` and `to` are output stems relative to the output folder (`a/b`, `c/d`); the result
/// leads from the folder of `from` to `to` (`../c/d`).
fn relative_path(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::relative_path;

    #[test]
    fn sibling_paths_are_relative_to_the_book_folder() {
        assert_eq!(relative_path("a", "b"), "b");
        assert_eq!(relative_path("dir/a", "dir/b"), "b");
        assert_eq!(relative_path("dir/a", "b"), "../b");
        assert_eq!(relative_path("a", "dir/b"), "dir/b");
        assert_eq!(relative_path("x/y/a", "x/z/b"), "../z/b");
        assert_eq!(relative_path("x/a", "x/a/b"), "a/b");
    }
}
