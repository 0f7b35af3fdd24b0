//! `--each` orchestration: which notes are exported (in natural order, optionally one shard)
//! and where each book's files go (`<relative path>.epub/.pdf`). The single-note book itself,
//! with its sibling links and its own images, is made by `resolve::each`.

use crate::load;
use crate::model::Book;
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
