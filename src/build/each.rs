//! `--each`: one single-note book per chapter, at `<relative path>.epub/.pdf`; links to notes
//! that are not in the single-note book become their text.

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
pub(super) fn single_chapter_book(book: &Book, index: usize) -> (Book, usize) {
    let mut chapter = book.chapters[index].clone();
    let mut flattened = 0;
    let mut assets = AssetMap::default();
    localize_blocks(&mut chapter.blocks, index, &mut flattened, &mut assets);
    for f in &mut chapter.footnotes {
        localize_blocks(&mut f.blocks, index, &mut flattened, &mut assets);
    }
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
        meta.date = chapter.meta.date.clone();
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

fn localize_blocks(
    blocks: &mut [Block],
    keep: usize,
    flattened: &mut usize,
    assets: &mut AssetMap,
) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Paragraph(inlines) => localize_inlines(inlines, keep, flattened, assets),
            BlockKind::Heading { content, .. } => {
                localize_inlines(content, keep, flattened, assets)
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    localize_blocks(&mut item.blocks, keep, flattened, assets);
                }
            }
            BlockKind::Quote(b) => localize_blocks(b, keep, flattened, assets),
            BlockKind::Callout { title, blocks, .. } => {
                if let Some(t) = title {
                    localize_inlines(t, keep, flattened, assets);
                }
                localize_blocks(blocks, keep, flattened, assets);
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    localize_inlines(cell, keep, flattened, assets);
                }
            }
            BlockKind::Figure { image, caption } => {
                image.asset = image.asset.map(|a| assets.map(a));
                localize_inlines(caption, keep, flattened, assets);
            }
            BlockKind::Embed {
                chapter, blocks, ..
            } => {
                // The embedded note's text stays; its source is not in this book.
                *chapter = ChapterId(0);
                localize_blocks(blocks, keep, flattened, assets);
            }
            BlockKind::Code { .. } | BlockKind::Math(_) | BlockKind::Rule => {}
        }
    }
}

fn localize_inlines(
    inlines: &mut Vec<Inline>,
    keep: usize,
    flattened: &mut usize,
    assets: &mut AssetMap,
) {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in std::mem::take(inlines) {
        match &mut inline.kind {
            InlineKind::Link {
                target: LinkTarget::Internal { chapter, .. },
                content,
            } => {
                localize_inlines(content, keep, flattened, assets);
                if chapter.0 == keep {
                    *chapter = ChapterId(0);
                } else {
                    // The target note is not exported in this book: keep the label only.
                    *flattened += 1;
                    out.append(content);
                    continue;
                }
            }
            InlineKind::Link { content, .. } | InlineKind::Styled(_, content) => {
                localize_inlines(content, keep, flattened, assets);
            }
            InlineKind::Image(image) => image.asset = image.asset.map(|a| assets.map(a)),
            _ => {}
        }
        out.push(inline);
    }
    *inlines = out;
}
