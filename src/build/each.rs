//! `--each` orchestration: which notes are exported (in natural order, optionally one shard)
//! and where each book's files go (`<relative path>.epub/.pdf`). The single-note book itself,
//! with its sibling links and its own images, is made by `resolve::each`.

use crate::diag::Diagnostic;
use crate::load::{self, SortOrder};
use crate::model::{Book, Chapter, InlineKind, LinkTarget, visit};
use std::collections::{BTreeMap, BTreeSet};

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
/// the run's sort order (`--sort`: natural or code-point order of the paths).
pub(super) fn each_order(
    book: &Book,
    shard: Option<(usize, usize)>,
    sort: SortOrder,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..book.chapters.len()).collect();
    let (a, b) = (&book.chapters, &book.chapters);
    order.sort_by(|&i, &j| path_cmp(sort, &a[i].source, &b[j].source));
    order
        .into_iter()
        .enumerate()
        // Shard i/n (1-based) takes every n-th note of the sorted list: deterministic, disjoint,
        // and together the shards cover every note.
        .filter(|(k, _)| in_shard(*k, shard))
        .map(|(_, c)| c)
        .collect()
}

/// Whether position `k` (0-based) of the sorted list belongs to shard `i/n`.
fn in_shard(k: usize, shard: Option<(usize, usize)>) -> bool {
    shard.is_none_or(|(i, n)| n == 0 || k % n == i.saturating_sub(1))
}

/// Compares two note paths in the run's sort order.
fn path_cmp(sort: SortOrder, a: &str, b: &str) -> std::cmp::Ordering {
    match sort {
        SortOrder::Natural => load::natural_path_cmp(a, b),
        SortOrder::Path => a.cmp(b),
    }
}

/// The note files another shard answers for: the chapters it exports, and the notes that failed
/// to load (they have no chapter) dealt out over the shards in the same sort order. A shard
/// reports, counts and fails only on its own notes (and on what belongs to no note: the config).
pub(super) fn other_shards_files(
    book: &Book,
    mine: &[usize],
    failed: &[String],
    shard: Option<(usize, usize)>,
    sort: SortOrder,
) -> BTreeSet<String> {
    let Some(shard) = shard else {
        return BTreeSet::new();
    };
    let mine: BTreeSet<usize> = mine.iter().copied().collect();
    let mut others: BTreeSet<String> = (0..book.chapters.len())
        .filter(|i| !mine.contains(i))
        .map(|i| book.chapters[i].source.to_string())
        .collect();
    let mut failed: Vec<&String> = failed.iter().collect();
    failed.sort_by(|a, b| path_cmp(sort, a, b));
    failed.dedup();
    for (k, f) in failed.into_iter().enumerate() {
        if !in_shard(k, Some(shard)) {
            others.insert(f.clone());
        }
    }
    others
}

/// Whether a diagnostic is about a note another shard answers for.
pub(super) fn about_other_shard(d: &Diagnostic, others: &BTreeSet<String>) -> bool {
    d.span.as_ref().is_some_and(|s| others.contains(&*s.file))
}

/// Links of a single-note book that its EPUB shows as text: links to sibling books (an EPUB
/// may not link outside its container, EPUB 3.3 §3.1.3).
pub(super) fn sibling_links(chapter: &Chapter) -> usize {
    let mut n = 0;
    visit::chapter_inlines(chapter, &mut |inline| {
        if matches!(
            &inline.kind,
            InlineKind::Link {
                target: LinkTarget::Sibling { .. },
                ..
            }
        ) {
            n += 1;
        }
    });
    n
}
