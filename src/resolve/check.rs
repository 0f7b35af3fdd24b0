//! The model-level checks both `hanji check` and `hanji build` run after parse, so that every
//! source problem is reported before (and whether or not) a writer runs, and the writers can
//! trust the model: an internal link leads to a chapter and an id that exist, and an image the
//! PDF cannot draw was reported at the figure.

use crate::diag::{Diagnostic, Warned};
use crate::model::{Block, BlockKind, Book, Chapter, Inline, InlineKind, LinkTarget, visit};
use std::collections::HashSet;

/// Image media types the PDF writer can draw (SVG as vectors, through krilla-svg); any other
/// shows a placeholder in the PDF.
pub const PDF_IMAGE_TYPES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/svg+xml",
];

/// What the passes need to know about the run.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions {
    /// A PDF will be written (its image limits are reported).
    pub pdf: bool,
    /// The PDF's standard needs alt text on every figure (PDF/UA-1): a figure without alt text
    /// or caption is reported (the PDF uses its file name instead).
    pub alt_text_required: bool,
}

/// Runs the whole-book checks over `book` and repairs what a writer could not render: a link
/// to a chapter that is not in the book becomes its text, a link to an id that does not exist
/// leads to the chapter's start. Every repair and every figure the PDF cannot draw is a warning
/// at the node's `file:line:col`.
pub fn resolve_book(mut book: Book, options: &ResolveOptions) -> Warned<Book> {
    let anchors: Vec<HashSet<String>> = book.chapters.iter().map(chapter_anchors).collect();
    let sources: Vec<String> = book.chapters.iter().map(|c| c.source.clone()).collect();
    let mut diagnostics = Vec::new();
    for chapter in &mut book.chapters {
        super::levels::close_level_gaps(chapter);
        visit::chapter_inline_lists_mut(chapter, &mut |list| {
            repair_links(list, &anchors, &sources, &mut diagnostics)
        });
    }
    if options.pdf {
        for chapter in &book.chapters {
            visit::chapter_blocks(chapter, &mut |b| {
                diagnostics.extend(undrawable_figure(b, &book));
                if options.alt_text_required {
                    diagnostics.extend(figure_without_alt(b));
                }
            });
        }
    }
    Warned {
        value: book,
        diagnostics,
    }
}

/// Every id a link may point at inside `chapter`: its title, headings (nested ones too), block
/// ids and footnotes.
fn chapter_anchors(chapter: &Chapter) -> HashSet<String> {
    let mut ids = HashSet::from([chapter.title_id.clone()]);
    ids.extend(chapter.footnotes.iter().map(|f| f.id.clone()));
    visit::chapter_blocks(chapter, &mut |b| {
        if let BlockKind::Heading { id, .. } = &b.kind {
            ids.insert(id.clone());
        }
        ids.extend(b.anchor.clone());
    });
    ids
}

/// Repairs the internal links of one sequence of inlines (see [`resolve_book`]).
fn repair_links(
    list: &mut Vec<Inline>,
    anchors: &[HashSet<String>],
    sources: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut out = Vec::with_capacity(list.len());
    for mut inline in std::mem::take(list) {
        let span = inline.span.clone();
        if let InlineKind::Link {
            target: LinkTarget::Internal { chapter, anchor },
            content,
        } = &mut inline.kind
        {
            let Some(ids) = anchors.get(chapter.0) else {
                diagnostics.push(Diagnostic::warning(
                    "link-unresolved",
                    Some(span),
                    "link to a chapter that is not in the book; kept as text",
                ));
                out.append(content);
                continue;
            };
            if let Some(a) = anchor.take_if(|a| !ids.contains(a.as_str())) {
                let source = sources.get(chapter.0).map_or("", String::as_str);
                diagnostics.push(Diagnostic::warning(
                    "link-anchor-missing",
                    Some(span),
                    format!("no heading `{a}` in `{source}`; linking to the note itself"),
                ));
            }
        }
        out.push(inline);
    }
    *list = out;
}

/// The warning for a figure with neither alt text nor a caption when the PDF standard needs
/// alt text (PDF/UA-1 §7.3); the PDF says the image's file name instead.
fn figure_without_alt(block: &Block) -> Option<Diagnostic> {
    let BlockKind::Figure { image, caption } = &block.kind else {
        return None;
    };
    if !image.alt.trim().is_empty() || !crate::model::plain_text(caption).trim().is_empty() {
        return None;
    }
    Some(Diagnostic::warning(
        "image-alt-missing",
        Some(block.span.clone()),
        format!(
            "image {} has no alt text, which PDF/UA-1 requires; its file name is used instead \
             (write ![what it shows]({}))",
            image.src, image.src
        ),
    ))
}

/// The warning for a figure whose image the PDF cannot draw (it shows a placeholder there).
fn undrawable_figure(block: &Block, book: &Book) -> Option<Diagnostic> {
    let BlockKind::Figure { image, .. } = &block.kind else {
        return None;
    };
    let asset = book.assets.get(image.asset?.0)?;
    if PDF_IMAGE_TYPES.contains(&asset.media_type) {
        return None;
    }
    Some(Diagnostic::warning(
        "image-unsupported",
        Some(block.span.clone()),
        format!(
            "image {} ({}) cannot be drawn in the PDF; a placeholder is shown",
            asset.path, asset.media_type
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::model::{Asset, AssetId, ChapterId, Image};
    use std::sync::Arc;

    fn span(line: u32) -> Span {
        Span::new(Arc::from("a.md"), line, 1)
    }

    fn link(chapter: usize, anchor: Option<&str>, line: u32) -> Inline {
        Inline {
            kind: InlineKind::Link {
                target: LinkTarget::Internal {
                    chapter: ChapterId(chapter),
                    anchor: anchor.map(str::to_string),
                },
                content: vec![Inline {
                    kind: InlineKind::Text("label".into()),
                    span: span(line),
                }],
            },
            span: span(line),
        }
    }

    fn book() -> Book {
        let blocks = vec![
            Block {
                kind: BlockKind::Heading {
                    level: crate::model::HeadingLevel::clamped(2),
                    id: "here".into(),
                    content: vec![],
                },
                span: span(1),
                anchor: None,
            },
            Block {
                kind: BlockKind::Paragraph(vec![
                    link(0, Some("here"), 2),
                    link(0, Some("gone"), 3),
                    link(7, None, 4),
                ]),
                span: span(2),
                anchor: None,
            },
            Block {
                kind: BlockKind::Figure {
                    image: Image {
                        asset: Some(AssetId(0)),
                        src: "x.avif".into(),
                        alt: String::new(),
                        width: None,
                    },
                    caption: vec![],
                },
                span: span(5),
                anchor: None,
            },
        ];
        Book {
            meta: Default::default(),
            chapters: vec![Chapter {
                id: "c".into(),
                source: "a.md".into(),
                title: "a".into(),
                title_id: "t".into(),
                lang: None,
                meta: Default::default(),
                part: None,
                blocks,
                footnotes: vec![],
                span: span(1),
            }],
            assets: vec![Asset {
                // No parse output is undrawable now; a type the PDF writer lacks stands in.
                path: "x.avif".into(),
                media_type: "image/avif",
                data: Arc::from(&b"...."[..]),
            }],
            attachments: Vec::new(),
        }
    }

    #[test]
    fn broken_links_are_repaired_and_reported_where_they_are() {
        let r = resolve_book(
            book(),
            &ResolveOptions {
                pdf: true,
                ..ResolveOptions::default()
            },
        );
        let got: Vec<(&str, u32)> = r
            .diagnostics
            .iter()
            .map(|d| (d.code, d.span.as_ref().map_or(0, |s| s.line)))
            .collect();
        assert_eq!(
            got,
            [
                ("link-anchor-missing", 3),
                ("link-unresolved", 4),
                ("image-unsupported", 5)
            ]
        );
        let BlockKind::Paragraph(inl) = &r.value.chapters[0].blocks[1].kind else {
            panic!("paragraph");
        };
        let targets: Vec<Option<&LinkTarget>> = inl
            .iter()
            .map(|i| match &i.kind {
                InlineKind::Link { target, .. } => Some(target),
                _ => None,
            })
            .collect();
        let internal = |a: Option<&str>| LinkTarget::Internal {
            chapter: ChapterId(0),
            anchor: a.map(str::to_string),
        };
        assert_eq!(
            targets,
            [Some(&internal(Some("here"))), Some(&internal(None)), None]
        );
        let epub_only = resolve_book(book(), &ResolveOptions::default());
        assert_eq!(
            epub_only.diagnostics.len(),
            2,
            "no PDF, no PDF image warning"
        );
    }
}
