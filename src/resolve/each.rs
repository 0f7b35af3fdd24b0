//! `--each`: the book made of one note. Links to other notes become links to their sibling
//! books (`LinkTarget::Sibling`, relative paths), or their text when the other note is not
//! exported; the note's images are the book's only assets. Which notes are exported and where
//! their files go is the build's business (`build/each.rs`).

use crate::model::{self, Book, ChapterId, Inline, InlineKind, LinkTarget, visit};
use std::collections::BTreeMap;

/// One note as a book of its own (see [`single_note_book`]).
#[derive(Clone, Debug)]
pub struct SingleNoteBook {
    /// The book: the note's chapter, its images, metadata from its front matter, no cover.
    pub book: Book,
    /// Links to notes that are not exported, turned into their text.
    pub links_flattened: usize,
}

/// The book made of chapter `index` alone. `siblings[i]` is the output stem (path relative to
/// the output folder, without extension) of chapter `i`'s own book, `None` when that note is
/// not exported; links to it become sibling links or, failing that, their text. An `index`
/// outside the book gives an empty book.
pub fn single_note_book(book: &Book, index: usize, siblings: &[Option<String>]) -> SingleNoteBook {
    let Some(chapter) = book.chapters.get(index) else {
        return SingleNoteBook {
            book: Book {
                meta: book.meta.clone(),
                chapters: Vec::new(),
                assets: Vec::new(),
                attachments: Vec::new(),
            },
            links_flattened: 0,
        };
    };
    let mut chapter = chapter.clone();
    // A one-note book has no parts (its part page would be a page of nothing).
    chapter.part = None;
    let mut l = Localizer {
        keep: index,
        book,
        siblings,
        here: siblings.get(index).cloned().flatten().unwrap_or_default(),
        flattened: 0,
        assets: IdMap::default(),
        attachments: IdMap::default(),
    };
    visit::chapter_blocks_mut(&mut chapter, &mut |block| l.block(block));
    let assets = l
        .assets
        .order
        .iter()
        .filter_map(|id| book.assets.get(id.0).cloned())
        .collect();
    let attachments = l
        .attachments
        .order
        .iter()
        .filter_map(|id| book.attachments.get(id.0).cloned())
        .collect();
    SingleNoteBook {
        book: Book {
            meta: note_meta(book, &chapter),
            chapters: vec![chapter],
            assets,
            attachments,
        },
        links_flattened: l.flattened,
    }
}

/// The book's metadata for a single note: the note's own front matter wins; no cover, and no
/// identifier (each book derives its own).
fn note_meta(book: &Book, chapter: &model::Chapter) -> model::BookMeta {
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
    meta
}

/// Old → new asset (or attachment) ids for a single-note book, in order of first use.
struct IdMap<T> {
    new_ids: BTreeMap<T, T>,
    order: Vec<T>,
}

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        IdMap {
            new_ids: BTreeMap::new(),
            order: Vec::new(),
        }
    }
}

impl<T: Copy + Ord> IdMap<T> {
    /// The id in the single-note book of `old` (`make` builds an id from an index).
    fn map(&mut self, old: T, make: fn(usize) -> T) -> T {
        let next = make(self.order.len());
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
    assets: IdMap<model::AssetId>,
    /// Embedded files of this book (linked ones stay with the whole book).
    attachments: IdMap<model::AttachmentId>,
}

impl Localizer<'_> {
    /// Relative path from this book's file to the sibling book of chapter `index`.
    fn sibling_path(&self, index: usize) -> Option<String> {
        let there = self.siblings.get(index)?.as_deref()?;
        Some(relative_path(&self.here, there))
    }

    /// One block: its figure image and embed source, then its own inlines (document order).
    fn block(&mut self, block: &mut model::Block) {
        match &mut block.kind {
            model::BlockKind::Figure { image, .. } => {
                image.asset = image.asset.map(|a| self.assets.map(a, model::AssetId));
            }
            model::BlockKind::Media { attachment, .. } => {
                *attachment = attachment.map(|a| self.attachments.map(a, model::AttachmentId));
            }
            // The embedded note's text stays; its source is not in this book.
            model::BlockKind::Embed { chapter, .. } => *chapter = ChapterId(0),
            _ => {}
        }
        visit::own_inline_lists_mut(block, &mut |list| self.inlines(list));
    }

    /// One sequence of inlines (its links' content already rewritten).
    fn inlines(&mut self, inlines: &mut Vec<Inline>) {
        let mut out = Vec::with_capacity(inlines.len());
        for mut inline in std::mem::take(inlines) {
            if let InlineKind::Link { target, content } = &mut inline.kind
                && !self.retarget(target)
            {
                // The target note is not exported: keep the label only.
                self.flattened += 1;
                out.append(content);
                continue;
            }
            if let InlineKind::Image(image) = &mut inline.kind {
                image.asset = image.asset.map(|a| self.assets.map(a, model::AssetId));
            }
            out.push(inline);
        }
        *inlines = out;
    }

    /// Points an internal link at this book or a sibling book; `false` when it has nowhere to go.
    fn retarget(&self, target: &mut LinkTarget) -> bool {
        let LinkTarget::Internal { chapter, anchor } = target else {
            return true;
        };
        if chapter.0 == self.keep {
            *chapter = ChapterId(0);
            return true;
        }
        let (Some(path), Some(other)) = (
            self.sibling_path(chapter.0),
            self.book.chapters.get(chapter.0),
        ) else {
            return false;
        };
        *target = LinkTarget::Sibling {
            path,
            chapter_id: other.id.clone(),
            anchor: anchor.take(),
        };
        true
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
    use super::*;
    use crate::diag::Span;
    use crate::model::{Asset, Block, BlockKind, Chapter, Image};
    use std::sync::Arc;

    fn span() -> Span {
        Span::new(Arc::from("a.md"), 1, 1)
    }

    fn text(s: &str) -> Inline {
        Inline {
            kind: InlineKind::Text(s.into()),
            span: span(),
        }
    }

    fn chapter(source: &str, blocks: Vec<Block>) -> Chapter {
        Chapter::new(&source.replace(".md", ""), source, blocks)
    }

    fn link(c: usize) -> Inline {
        Inline {
            kind: InlineKind::Link {
                target: LinkTarget::Internal {
                    chapter: ChapterId(c),
                    anchor: Some("h".into()),
                },
                content: vec![text("label")],
            },
            span: span(),
        }
    }

    fn para(inlines: Vec<Inline>) -> Block {
        Block {
            kind: BlockKind::Paragraph(inlines),
            span: span(),
            anchor: None,
        }
    }

    fn book() -> Book {
        let image = |a: usize| Inline {
            kind: InlineKind::Image(Image {
                asset: Some(model::AssetId(a)),
                src: "x.png".into(),
                alt: String::new(),
                width: None,
            }),
            span: span(),
        };
        let asset = |p: &str| Asset {
            path: p.into(),
            media_type: "image/png",
            data: Arc::from(&b"x"[..]),
        };
        // A link to another note inside a callout title: the walk must reach it too.
        let callout = Block {
            kind: BlockKind::Callout {
                kind: "note".into(),
                title: Some(vec![link(0)]),
                folded: None,
                blocks: vec![para(vec![image(2), image(1)])],
            },
            span: span(),
            anchor: None,
        };
        Book {
            meta: Default::default(),
            chapters: vec![
                chapter("10.md", vec![para(vec![link(1), link(0)])]),
                chapter("dir/2.md", vec![callout]),
            ],
            assets: vec![asset("a.png"), asset("b.png"), asset("c.png")],
            attachments: Vec::new(),
        }
    }

    #[test]
    fn links_to_unexported_notes_become_text_and_own_links_stay() {
        let one = single_note_book(&book(), 0, &[]);
        assert_eq!(one.links_flattened, 1);
        let BlockKind::Paragraph(inl) = &one.book.chapters[0].blocks[0].kind else {
            panic!("paragraph");
        };
        assert!(matches!(&inl[0].kind, InlineKind::Text(t) if t == "label"));
        assert!(matches!(
            &inl[1].kind,
            InlineKind::Link {
                target: LinkTarget::Internal {
                    chapter: ChapterId(0),
                    ..
                },
                ..
            }
        ));
    }

    #[test]
    fn links_to_exported_notes_lead_to_the_sibling_book_and_assets_are_remapped() {
        let siblings = [Some("10".to_string()), Some("dir/2".to_string())];
        let two = single_note_book(&book(), 1, &siblings);
        assert_eq!(two.links_flattened, 0);
        let paths: Vec<&str> = two.book.assets.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(
            paths,
            ["c.png", "b.png"],
            "only this note's images, in order of use"
        );
        let BlockKind::Callout { title, blocks, .. } = &two.book.chapters[0].blocks[0].kind else {
            panic!("callout");
        };
        let target = title.as_ref().and_then(|t| match &t[0].kind {
            InlineKind::Link { target, .. } => Some(target.clone()),
            _ => None,
        });
        assert_eq!(
            target,
            Some(LinkTarget::Sibling {
                path: "../10".into(),
                chapter_id: "10".into(),
                anchor: Some("h".into()),
            })
        );
        let BlockKind::Paragraph(images) = &blocks[0].kind else {
            panic!("paragraph");
        };
        assert!(
            matches!(&images[0].kind, InlineKind::Image(i) if i.asset == Some(model::AssetId(0)))
        );
        assert!(
            single_note_book(&book(), 9, &siblings)
                .book
                .chapters
                .is_empty()
        );
    }

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
