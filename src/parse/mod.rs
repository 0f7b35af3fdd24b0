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
//! 2. `chapter.rs` — embeds placed where they are written (`inline_embeds.rs`), title, heading
//!    ids (`ids.rs`), Obsidian block ids (`block_ids.rs`), anchors.
//! 3. `links.rs` — one index over all notes (stem, alias, title, slug), then every link resolved.
//! 4. `assets/` — image files found, size- and format-checked, decode-tested (rasters) or
//!    sanitised (SVG) once each, in parallel, into `Book::assets`.
//!    `assets/mermaid.rs` draws Mermaid code blocks as SVG figures.
//! 5. `embed.rs` — `![[Note]]` transclusion with cycle detection.
//! 6. `assets/attachments.rs` — files that are not notes or images, read once each.
//! 7. `chapter.rs` — footnotes numbered by first reference.

mod assets;
mod autolink;
mod block_ids;
mod callouts;
mod chapter;
mod embed;
mod fence;
mod frames;
mod html;
mod ids;
mod inline_embeds;
mod jsx;
mod korean_emphasis;
mod language;
mod links;
mod markdown;
mod mdx;
#[cfg(test)]
mod no_panic;
mod obsidian;
mod plain;
mod sanitize;
mod source;
pub(crate) mod tree;
mod walk;

pub use assets::check_image;

use crate::diag::{Warned, catch_panic};
use crate::load::Note;
use crate::model::{Book, BookMeta, Chapter, ChapterMeta, Part};
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
    /// Take the book's language from the notes (the `lang` most notes declare, else the script
    /// most of the prose is in) instead of `meta.language`: set when no language is configured.
    pub detect_language: bool,
    /// Take the book's title from the notes' index note (`index.md`, `README.md`, `_index.md`
    /// at the root: its front-matter title, else its first heading) instead of `meta.title`:
    /// set when no title is configured.
    pub detect_title: bool,
    /// Give a book without a cover image a generated one (title and authors).
    pub generate_cover: bool,
}

/// Parses all notes into one book.
///
/// A panic is a bug, but never the end of the run: one note that panics while parsing is read
/// as plain paragraphs; a panic in the passes over the whole book (links, images, embeds)
/// parses the book again with every note as plain text. Either way an `internal-error`
/// diagnostic names the note (or the book) and both books are still written.
pub fn parse_book(notes: &[Note], options: &ParseOptions) -> Warned<Book> {
    match catch_panic(None, "resolving links, images and embeds", || {
        parse_with(notes, options, false)
    }) {
        Ok(book) => book,
        Err(d) => {
            let mut book = parse_with(notes, options, true);
            book.diagnostics.insert(0, d);
            book
        }
    }
}

/// [`parse_book`]'s pipeline; with `plain`, every note is read as plain paragraphs.
fn parse_with(notes: &[Note], options: &ParseOptions, plain: bool) -> Warned<Book> {
    // 1–2. Per note, independent of the others: safe to run in parallel.
    let (mut drafts, heads): (Vec<chapter::Draft>, Vec<html::HeadMeta>) = notes
        .par_iter()
        .map(|note| {
            let mut parsed = if plain {
                plain::plain_note(note, None)
            } else {
                catch_panic(Some(&note.span()), "parsing this note", || {
                    markdown::parse_markdown(note)
                })
                .unwrap_or_else(|d| plain::plain_note(note, Some(d)))
            };
            autolink::link_bare_urls(&mut parsed.blocks, &mut parsed.footnotes);
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
    let index = Index::build(&keys, anchors, Some(&options.root));
    drafts.par_iter_mut().enumerate().for_each(|(i, d)| {
        links::resolve_links(&mut d.blocks, i, &index, &mut d.diagnostics);
        for (_, blocks, _) in &mut d.footnotes {
            links::resolve_links(blocks, i, &index, &mut d.diagnostics);
        }
    });

    // 4. Images: resolved in book order (deterministic asset ids), each file checked once.
    let mut images = assets::resolve_images(
        notes,
        &mut drafts,
        &options.root,
        options.cover.as_deref(),
        &options.limits,
    );
    // Mermaid diagrams become figures of generated SVG assets, after the files.
    assets::render_diagrams(&mut drafts, &mut images.assets, &options.limits);
    let mut diagnostics = images.diagnostics;
    let mut meta = options.meta.clone();
    if options.detect_language
        && let Some(lang) = language::detect_language(notes)
    {
        meta.language = lang;
    }
    meta.cover = images.cover;
    if options.detect_title
        && let Some(title) = index_title(notes, &drafts)
    {
        meta.title = title;
    }
    if meta.cover.is_none()
        && options.generate_cover
        && let Some(cover) = assets::generated_cover(&meta)
    {
        images.assets.push(cover);
        meta.cover = Some(crate::model::AssetId(images.assets.len() - 1));
    }

    // 5. Transclusion.
    let own_bytes = notes.iter().map(|n| n.body.len() as u64).sum();
    embed::expand_embeds(&mut drafts, &index, &options.limits, own_bytes);
    // Attachments the notes embed or link to (after transclusion, which makes `Media` blocks).
    let attachments = assets::read_attachments(
        &mut drafts,
        index.named_attachments(),
        &options.root,
        &options.limits,
    );

    // 6. Footnotes, then the chapters.
    let defs: Vec<_> = drafts
        .iter_mut()
        .map(|d| std::mem::take(&mut d.footnotes))
        .collect();
    let mut chapters = Vec::with_capacity(notes.len());
    let parts = parts_of(notes);
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
                date: f.date,
                authors: f.authors.clone(),
                tags: f.tags.clone(),
                description: f.description.clone().or(head.description),
            },
            part: parts[i].clone(),
            // Parse's own tree becomes the model's: nothing pending survives.
            blocks: tree::finish_blocks(d.blocks),
            footnotes: tree::finish_footnotes(footnotes),
            span: note.span(),
        });
    }
    Warned {
        value: Book {
            meta,
            chapters,
            assets: images.assets,
            attachments,
        },
        diagnostics,
    }
}

/// Each note's part: consecutive notes with the same part title form one part, numbered in
/// book order (`part-01`, …).
fn parts_of(notes: &[Note]) -> Vec<Option<Part>> {
    let mut out: Vec<Option<Part>> = Vec::with_capacity(notes.len());
    let mut count = 0;
    for note in notes {
        let previous = out.last().cloned().flatten();
        out.push(note.part.as_ref().map(|title| match previous {
            Some(p) if &p.title == title => p,
            _ => {
                count += 1;
                Part {
                    id: format!("part-{count:02}"),
                    title: title.clone(),
                }
            }
        }));
    }
    out
}

/// The title of the vault's index note, if it has one worth a book's title page.
fn index_title(notes: &[Note], drafts: &[chapter::Draft]) -> Option<String> {
    notes.iter().zip(drafts).find_map(|(note, draft)| {
        let path: &str = &note.path;
        let stem = chapter::file_stem(path);
        let is_index = !path.contains('/')
            && ["index", "readme", "_index"].contains(&stem.to_lowercase().as_str());
        (is_index && draft.title != stem && !draft.title.trim().is_empty())
            .then(|| draft.title.clone())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_notes};
    use crate::model::InlineKind;

    /// Parse-internal markers that must never reach the model: NUL (old pending-link and
    /// footnote-key prefixes), the Korean-emphasis pre-pass sentinels U+2E4D..U+2E4F, and the
    /// pending chapter id `usize::MAX`. Found through the JSON form, which visits every field.
    fn sentinels_in(book: &Book) -> Vec<String> {
        let json = crate::model::json::json_book(book).unwrap_or_default();
        let mut found = Vec::new();
        if json.contains("\\u0000") {
            found.push("NUL".to_string());
        }
        for c in ['\u{2E4D}', '\u{2E4E}', '\u{2E4F}'] {
            if json.contains(c) {
                found.push(format!("U+{:04X}", c as u32));
            }
        }
        if json.contains(&usize::MAX.to_string()) {
            found.push("chapter usize::MAX".to_string());
        }
        found
    }

    fn parse_folder(root: PathBuf) -> Book {
        let loaded = load_notes(&LoadOptions {
            root: root.clone(),
            ..Default::default()
        });
        let notes = loaded.map(|l| l.value).unwrap_or_default();
        assert!(!notes.is_empty(), "no notes in {}", root.display());
        parse_book(
            &notes,
            &ParseOptions {
                root,
                ..Default::default()
            },
        )
        .value
    }

    #[test]
    fn no_parse_sentinel_reaches_the_model() {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut roots = vec![here.join("notes")];
        let golden = std::fs::read_dir(here.join("tests/golden")).expect("golden cases");
        roots.extend(golden.flatten().map(|e| e.path().join("notes")));
        roots.retain(|r| r.is_dir());
        assert!(roots.len() > 10, "golden cases not found");
        for root in roots {
            let found = sentinels_in(&parse_folder(root.clone()));
            assert!(found.is_empty(), "{}: {found:?}", root.display());
        }
    }

    #[test]
    fn the_sentinel_check_sees_each_marker() {
        let mut book = Book::default();
        let span = crate::diag::Span::new("a.md".into(), 1, 1);
        let text = |t: &str| crate::model::Inline {
            kind: InlineKind::Text(t.to_string()),
            span: span.clone(),
        };
        // What a leaked pending embed looked like: chapter `usize::MAX`.
        let leaked = crate::model::Block {
            kind: crate::model::BlockKind::Embed {
                chapter: crate::model::ChapterId(usize::MAX),
                title: "x".into(),
                blocks: Vec::new(),
            },
            span: span.clone(),
            anchor: None,
        };
        let para = vec![text("a\0b"), text("\u{2E4F}")];
        let kind = crate::model::BlockKind::Paragraph(para);
        book.chapters.push(Chapter {
            id: "c001".into(),
            source: "a.md".into(),
            title: "a".into(),
            title_id: "a".into(),
            lang: None,
            meta: ChapterMeta::default(),
            part: None,
            blocks: vec![
                crate::model::Block {
                    kind,
                    span: span.clone(),
                    anchor: None,
                },
                leaked,
            ],
            footnotes: Vec::new(),
            span,
        });
        let found = sentinels_in(&book);
        assert_eq!(found, ["NUL", "U+2E4F", "chapter usize::MAX"]);
    }

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
        let json = crate::model::json::json_book(&book.value).unwrap_or_default();
        let internal = json.matches("\"internal\"").count();
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
