//! ② Parsing: `Vec<Note>` → `Book` (IR 1).
//!
//! Input: loaded notes in book order. Output: the model with every link resolved, images read,
//! raw HTML and MDX reduced to model nodes or text, Korean emphasis fixed. Never fails: bad input
//! degrades (a dangling link becomes its label) and produces a warning with `file:line:col`.
//! Does not lay out, shape, or write anything.
//!
//! Steps (one file each):
//! 1. `markdown.rs` — per note, in parallel: pre-passes that skip fenced code (`fence.rs`):
//!    `jsx.rs` multi-line JSX tags and Mermaid charts, `mdx.rs` MDX `import`/`export` lines,
//!    `obsidian.rs` `%%comments%%` outside tags and code, `callouts.rs` Docusaurus fences,
//!    `korean_emphasis.rs`; then
//!    pulldown-cmark events → blocks with pending links (`frames.rs` container stacks,
//!    `sanitize.rs` raw HTML and JSX, `obsidian.rs` `==highlights==`; offsets → `line:col` in
//!    `source.rs`; tree walks in `walk.rs`).
//! 2. `chapter.rs` — title, heading ids (`ids.rs`), anchors.
//! 3. `links.rs` — one index over all notes (stem, alias, title, slug), then every link resolved.
//! 4. `images.rs` — image files read once into `Book::assets`.
//! 5. `embed.rs` — `![[Note]]` transclusion with cycle detection.
//! 6. `chapter.rs` — footnotes numbered by first reference.

mod callouts;
mod chapter;
mod embed;
mod fence;
mod frames;
mod html;
mod ids;
mod images;
mod jsx;
mod korean_emphasis;
mod links;
mod markdown;
mod mdx;
mod obsidian;
mod sanitize;
mod source;
mod walk;

use crate::diag::{Diagnostic, Span, Warned};
use crate::load::Note;
use crate::model::{Block, Book, BookMeta, Chapter, ChapterMeta, InlineKind};
use images::AssetStore;
use links::{Index, NoteKey};
use rayon::prelude::*;
use std::path::PathBuf;

/// Options for turning notes into a book.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Notes root: images are resolved inside it and never outside.
    pub root: PathBuf,
    /// Book metadata to start from (title, authors, language, …).
    pub meta: BookMeta,
    /// Cover image path relative to the root, if configured.
    pub cover: Option<String>,
    /// Image size and embed limits.
    pub limits: crate::limits::Limits,
}

/// Parses all notes into one book.
pub fn parse_book(notes: &[Note], options: &ParseOptions) -> Warned<Book> {
    // 1–2. Per note, independent of the others: safe to run in parallel.
    let (mut drafts, heads): (Vec<chapter::Draft>, Vec<html::HeadMeta>) = notes
        .par_iter()
        .map(|note| {
            let parsed = markdown::parse_markdown(note);
            let draft =
                chapter::assemble(note, parsed.blocks, parsed.footnotes, parsed.diagnostics);
            (draft, parsed.head)
        })
        .unzip();

    // 3. One index, then links resolved per chapter in parallel.
    let keys: Vec<NoteKey> = notes
        .iter()
        .zip(&drafts)
        .map(|(n, d)| NoteKey {
            path: n.path.to_string(),
            title: d.title.clone(),
            aliases: n.front.aliases.clone(),
            slug: n.front.slug.clone(),
        })
        .collect();
    let anchors = drafts
        .iter_mut()
        .map(|d| std::mem::take(&mut d.anchors))
        .collect();
    let index = Index::build(&keys, anchors);
    drafts.par_iter_mut().enumerate().for_each(|(i, d)| {
        links::resolve_links(&mut d.blocks, i, &index, &mut d.diagnostics);
        for (_, blocks, _) in &mut d.footnotes {
            links::resolve_links(blocks, i, &index, &mut d.diagnostics);
        }
    });

    // 4. Images: read once each, in book order (deterministic asset ids).
    let mut store = AssetStore::new(&options.root);
    for (note, d) in notes.iter().zip(drafts.iter_mut()) {
        resolve_images(&mut d.blocks, &note.path, &mut store, &mut d.diagnostics);
        for (_, blocks, _) in &mut d.footnotes {
            resolve_images(blocks, &note.path, &mut store, &mut d.diagnostics);
        }
    }
    let mut diagnostics = Vec::new();
    let mut meta = options.meta.clone();
    if let Some(cover) = &options.cover {
        let span = Span::file_only(cover.as_str().into());
        meta.cover = store.resolve(cover, "", false, &span, &mut diagnostics);
    }

    // 5. Transclusion.
    embed::expand_embeds(&mut drafts, &index);

    // 6. Footnotes, then the chapters.
    let defs: Vec<_> = drafts
        .iter_mut()
        .map(|d| std::mem::take(&mut d.footnotes))
        .collect();
    let mut chapters = Vec::with_capacity(notes.len());
    for (i, ((note, mut d), head)) in notes.iter().zip(drafts).zip(heads).enumerate() {
        let mut footnotes =
            chapter::number_footnotes(i, &mut d.blocks, &defs, &mut d.ids, &mut d.diagnostics);
        for f in &mut footnotes {
            chapter::assign_heading_ids(&mut f.blocks, &mut d.ids, None);
        }
        diagnostics.append(&mut d.diagnostics);
        let f = &note.front;
        chapters.push(Chapter {
            id: format!("c{:03}", i + 1),
            source: note.path.to_string(),
            title: d.title,
            title_id: d.title_id,
            // A `<head><html lang>` applies when the front matter sets no language.
            lang: f.lang.clone().or(head.lang),
            meta: ChapterMeta {
                date: f.date.clone(),
                authors: f.authors.clone(),
                tags: f.tags.clone(),
                description: f.description.clone().or(head.description),
            },
            blocks: d.blocks,
            footnotes,
            span: note.span(),
        });
    }
    Warned {
        value: Book {
            meta,
            chapters,
            assets: store.assets,
        },
        diagnostics,
    }
}

/// Resolves every image under `blocks` against the store.
fn resolve_images(
    blocks: &mut [Block],
    note_path: &str,
    store: &mut AssetStore,
    diags: &mut Vec<Diagnostic>,
) {
    walk::inlines_mut(blocks, &mut |seq| {
        for inline in seq.iter_mut() {
            if let InlineKind::Image(img) = &mut inline.kind
                && img.asset.is_none()
            {
                // Obsidian finds `![[name.png]]` anywhere in the vault: search by name when no folder is given.
                let by_name = !img.src.contains('/');
                img.asset = store.resolve(&img.src, note_path, by_name, &inline.span, diags);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_notes};
    use crate::model::LinkTarget;

    /// Debugging aid, not a check (tests/it/model.rs checks the corpus): parses a folder
    /// (`HANJI_DUMP_ROOT`, default the garden corpus), prints timing and link counts, and writes
    /// the model dump to `HANJI_DUMP_GARDEN` when set. Run with `--ignored --nocapture`.
    #[test]
    #[ignore]
    fn garden_wikilink_stats() {
        // Default relative to the checkout, never a machine path (issue 8 item 10).
        let root = std::env::var_os("HANJI_DUMP_ROOT")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/garden")
            });
        if !root.is_dir() {
            eprintln!("skipped: corpus absent");
            return;
        }
        let Ok(loaded) = load_notes(&LoadOptions {
            root: root.clone(),
            ..Default::default()
        }) else {
            return;
        };
        let t = std::time::Instant::now();
        let book = parse_book(
            &loaded.value,
            &ParseOptions {
                root,
                ..Default::default()
            },
        );
        eprintln!("parse took {:?}", t.elapsed());
        let mut internal = 0;
        for ch in &book.value.chapters {
            let mut blocks = ch.blocks.clone();
            walk::inline_nodes_mut(&mut blocks, &mut |i| {
                if let InlineKind::Link {
                    target: LinkTarget::Internal { .. },
                    ..
                } = i.kind
                {
                    internal += 1;
                }
            });
        }
        let unresolved = book
            .diagnostics
            .iter()
            .filter(|d| d.code == "link-unresolved")
            .count();
        eprintln!("internal links {internal}, unresolved {unresolved}");
        if let Ok(out) = std::env::var("HANJI_DUMP_GARDEN") {
            std::fs::write(out, crate::model::dump::dump_book(&book.value)).ok();
        }
    }
}
