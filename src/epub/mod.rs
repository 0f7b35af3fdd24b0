//! ⑤b EPUB: model → EPUB 3 bytes.
//!
//! Input: the `Book` and `EpubOptions`. Output: a reproducible EPUB 3 zip (our own OCF packager
//! on `zip`), XHTML per chapter, package document, nav + NCX, subset embedded fonts, stylesheet.
//! Never sees pages: the reading system lays out the text. Does not read files (images are
//! already in `Book::assets`) and does not resolve links (the model's links are resolved).
//!
//! Steps, one file each: `xhtml` (one document per chapter, in parallel; its `blocks` and
//! `inlines` halves) → `pages` (title/cover) → `nav` (nav.xhtml, toc.ncx) → `fonts` (subsets
//! of what each family shows) → `css` → `opf` → `ocf` (zip, compressed in parallel).
//! Helpers: `escape` (XML, ids, URLs, dates), `highlight` (syntect), `math` (TeX → MathML).
//!
//! Same book and options ⇒ same bytes: no clock, no hash-map order, fixed zip metadata.

mod blocks;
mod css;
mod escape;
mod fallback;
mod fonts;
mod highlight;
mod inlines;
mod math;
mod media;
mod nav;
mod ocf;
mod opf;
mod pages;
mod parts;
mod xhtml;

use crate::diag::{Diagnostic, Warned, catch_panic};
use crate::model::{AssetId, BlockKind, Book, InlineKind, PrintPage, PrintPages, visit};
use nav::{Landmark, TocEntry};
use ocf::Entry;
use opf::{Item, Itemref};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use xhtml::{BookContext, Chars, RenderedChapter};

/// EPUB writing options.
#[derive(Clone, Debug)]
pub struct EpubOptions {
    /// Embed (subset) the default Hangul fonts.
    pub embed_fonts: bool,
    /// Heading levels in the table of contents (1–6).
    pub toc_depth: u8,
    /// `dcterms:modified` as seconds since the Unix epoch (`SOURCE_DATE_EPOCH`); `None` = derived from the notes.
    pub modified: Option<i64>,
    /// The user's style sheet (`epub.css`, sanitised by the config), appended after hanji's so
    /// its rules win.
    pub extra_css: Option<String>,
    /// Line height, paragraph spacing and link colour the user set (`page:` keys).
    pub typography: crate::resolve::Typography,
    /// Where the faces chosen by role (`fonts:`) are found; they head the packaged stacks.
    pub fonts: crate::font::FontOptions,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            embed_fonts: true,
            toc_depth: 3,
            modified: None,
            extra_css: None,
            typography: crate::resolve::Typography::default(),
            fonts: crate::font::FontOptions::default(),
        }
    }
}

/// Package directory inside the zip.
const PKG: &str = "OEBPS";
const XHTML: &str = "application/xhtml+xml";
/// `dcterms:modified` when neither the options nor the notes give a date.
const FALLBACK_MODIFIED: &str = "2000-01-01T00:00:00Z";

/// Why an EPUB could not be written. The model is trusted, so only packaging can fail; the
/// caller then writes no file at all (never an empty or partial book).
#[derive(Debug)]
pub enum EpubError {
    /// The zip packager failed.
    Zip(zip::result::ZipError),
}

impl std::fmt::Display for EpubError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EpubError::Zip(e) => write!(f, "could not write the EPUB zip: {e}"),
        }
    }
}

impl std::error::Error for EpubError {}

/// Writes the book as EPUB bytes, with the warnings met on the way; an `Err` when the book
/// cannot be packaged.
pub fn write_epub(
    book: &Book,
    options: &EpubOptions,
    print_pages: Option<&PrintPages>,
) -> Result<Warned<Vec<u8>>, EpubError> {
    let title = book_title(book);
    // ① Names: chapter files, XML ids, packaged images, where the print pages begin.
    let ctx = book_context(book, print_pages);
    // ② Chapters, in parallel (each is independent).
    let rendered = render_chapters(&ctx);
    let mut diagnostics: Vec<Diagnostic> = rendered
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    let uses_math = rendered.iter().any(|r| r.uses_math);
    let uses_highlight = rendered
        .iter()
        .any(|r| r.xhtml.contains("<span class=\"hl-"));
    // ③ Generated pages and navigation.
    let mut chars = Chars::default();
    let part_docs = parts::part_docs(book, &ctx.book_lang, &ctx.part_pages, &mut chars);
    let page_marks = page_marks(&ctx, &rendered, &part_docs);
    let front = front_pages(&ctx, &title, options.toc_depth, &page_marks, &mut chars);
    // ④ Fonts: subsets of what each family shows.
    for r in &rendered {
        chars.merge(r.chars.clone());
    }
    let embedded = options
        .embed_fonts
        .then(|| fonts::embed_fonts(&chars, &options.fonts));
    if let Some(e) = &embedded {
        diagnostics.extend(e.diagnostics.iter().cloned());
    }
    let faces = embedded.as_ref().map_or(&[][..], |e| e.faces.as_slice());
    let stacks = embedded.as_ref().map_or(&[][..], |e| e.stacks.as_slice());
    let mut stylesheet =
        css::stylesheet(faces, stacks, uses_highlight.then(highlight::highlight_css));
    stylesheet.push_str(&css::typography_css(&options.typography));
    if let Some(extra) = &options.extra_css {
        stylesheet.push_str("\n/* epub.css from hanji.yaml */\n");
        stylesheet.push_str(extra);
    }
    // ⑤ Package document: every file, in reading order.
    let mut package = Package::default();
    if let Some(c) = front.cover_xhtml {
        package.document("cover", "cover.xhtml", vec![], c);
    }
    package.document("titlepage", "title.xhtml", vec![], front.title_xhtml);
    package.document("nav", "nav.xhtml", vec!["nav"], front.nav_xhtml);
    let mut part_docs = part_docs.into_iter().peekable();
    for (i, r) in rendered.into_iter().enumerate() {
        while let Some(part) = part_docs.next_if(|p| p.chapter <= i) {
            let id = part.file.trim_end_matches(".xhtml").to_string();
            package.document(&id, &part.file, vec![], part.xhtml);
        }
        let id = format!("ch-{}", ctx.files[i].trim_end_matches(".xhtml"));
        let props = if r.uses_math { vec!["mathml"] } else { vec![] };
        package.document(&id, &ctx.files[i], props, r.xhtml);
    }
    package.file("ncx", "toc.ncx", "application/x-dtbncx+xml", front.ncx);
    package.file("css", "css/style.css", "text/css", stylesheet);
    if let Some(e) = embedded {
        package.items.extend(e.items);
        package.entries.extend(e.entries);
    }
    let cover_id = package.images(&ctx);
    package.media(&ctx);
    let page_source = (!page_marks.is_empty()).then(|| format!("{title} (PDF)"));
    let metadata = opf::Metadata {
        identifier: front.identifier,
        title,
        creators: book.meta.authors.clone(),
        language: ctx.book_lang.clone(),
        // The model's date is valid by construction: written as W3CDTF (OPF `dc:date`).
        date: book.meta.date.map(|d| d.to_w3c()),
        description: book.meta.description.clone(),
        subjects: book.meta.keywords.clone(),
        modified: modified(book, options),
        has_images: ctx.assets.iter().any(Option::is_some),
        has_math: uses_math,
        cover_id,
        page_source,
        publication: (
            book.meta.publisher.clone(),
            book.meta.rights.clone(),
            book.meta.series.clone(),
        ),
    };
    // ⑥ Zip.
    let bytes = package.finish(&metadata).map_err(EpubError::Zip)?;
    Ok(Warned {
        value: bytes,
        diagnostics,
    })
}

/// The nav's page list: every marker, in reading order (a part's page before its chapters').
fn page_marks(
    ctx: &BookContext<'_>,
    rendered: &[RenderedChapter],
    part_docs: &[parts::PartDoc],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, (r, file)) in rendered.iter().zip(&ctx.files).enumerate() {
        for part in part_docs.iter().filter(|p| p.chapter == i) {
            for (label, id) in &part.page_marks {
                out.push((label.clone(), format!("{}#{id}", part.file)));
            }
        }
        for (label, id) in &r.page_marks {
            out.push((label.clone(), format!("{file}#{id}")));
        }
    }
    out
}

/// The book's title, or its first chapter's when the book has none.
fn book_title(book: &Book) -> String {
    if book.meta.title.trim().is_empty() {
        book.chapters
            .first()
            .map(xhtml::chapter_title)
            .unwrap_or_else(|| "Untitled".to_string())
    } else {
        book.meta.title.clone()
    }
}

/// What every chapter needs to know of the others: file names, XML ids, packaged images.
fn book_context<'a>(book: &'a Book, print_pages: Option<&'a PrintPages>) -> BookContext<'a> {
    let mut pages_of: Vec<Vec<&PrintPage>> = vec![Vec::new(); book.chapters.len()];
    let mut part_pages: Vec<Vec<&PrintPage>> = vec![Vec::new(); book.chapters.len()];
    for page in print_pages.map_or(&[][..], |p| &p.pages) {
        let lists = if page.part_page {
            &mut part_pages
        } else {
            &mut pages_of
        };
        if let Some(list) = lists.get_mut(page.chapter) {
            list.push(page);
        }
    }
    let used_assets = used_assets(book);
    let assets: Vec<Option<String>> = book
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| {
            used_assets
                .contains(&AssetId(i))
                .then(|| format!("images/img-{:03}.{}", i + 1, image_extension(a.media_type)))
        })
        .collect();
    BookContext {
        book,
        media: media::packaged(book),
        files: chapter_files(book),
        ids: book.chapters.par_iter().map(xhtml::chapter_ids).collect(),
        assets,
        // A `LangTag` by construction: written as it is.
        book_lang: book.meta.language.as_str().to_string(),
        print_pages: pages_of,
        part_pages,
    }
}

/// Every chapter's XHTML; a chapter whose writer panics is written as plain text instead.
fn render_chapters(ctx: &BookContext<'_>) -> Vec<RenderedChapter> {
    (0..ctx.book.chapters.len())
        .into_par_iter()
        .map(|i| {
            let span = &ctx.book.chapters[i].span;
            catch_panic(Some(span), "writing this note's EPUB chapter", || {
                xhtml::render_chapter(ctx, i)
            })
            .unwrap_or_else(|d| fallback::fallback_chapter(ctx, i, d))
        })
        .collect()
}

/// The generated documents around the chapters.
struct FrontPages {
    title_xhtml: String,
    cover_xhtml: Option<String>,
    nav_xhtml: String,
    ncx: String,
    /// The book's identifier (configured, or derived from its title and sources).
    identifier: String,
}

/// Title page, cover page, nav document and NCX; the characters they show go into `chars`.
fn front_pages(
    ctx: &BookContext<'_>,
    title: &str,
    toc_depth: u8,
    page_marks: &[(String, String)],
    chars: &mut Chars,
) -> FrontPages {
    let (book, lang) = (ctx.book, ctx.book_lang.as_str());
    let cover_href = book
        .meta
        .cover
        .and_then(|c| ctx.assets.get(c.0).cloned().flatten());
    let title_xhtml = pages::title_page(&book.meta, title, lang, chars);
    let cover_xhtml = cover_href
        .as_deref()
        .map(|h| pages::cover_page(title, lang, h));
    let mut toc = table_of_contents(ctx, toc_depth);
    if toc.is_empty() {
        // EPUB nav and NCX need at least one entry: a book without notes lists its title page.
        toc.push(TocEntry {
            title: title.to_string(),
            href: "title.xhtml".into(),
            children: vec![],
        });
    }
    let labels = xhtml::labels(lang);
    let landmarks = landmarks(ctx, &labels, cover_xhtml.is_some());
    chars.add(crate::font::Family::Sans, true, labels.toc);
    for l in &landmarks {
        chars.add(crate::font::Family::Sans, false, &l.label);
    }
    add_toc_chars(&toc, chars);
    let identifier = match &book.meta.identifier {
        Some(id) if !id.trim().is_empty() => id.trim().to_string(),
        _ => {
            let mut parts: Vec<&str> = vec![title];
            parts.extend(book.chapters.iter().map(|c| c.source.as_str()));
            escape::derived_uuid(&parts)
        }
    };
    FrontPages {
        nav_xhtml: nav::nav_xhtml(lang, &labels, &toc, &landmarks, page_marks),
        ncx: nav::toc_ncx(&identifier, lang, title, &toc),
        title_xhtml,
        cover_xhtml,
        identifier,
    }
}

/// The nav document's landmarks: cover, title page, contents, start of the body.
fn landmarks(ctx: &BookContext<'_>, labels: &xhtml::Labels, cover: bool) -> Vec<Landmark> {
    let mut out = Vec::new();
    if cover {
        out.push(Landmark {
            kind: "cover",
            href: "cover.xhtml".into(),
            label: labels.cover.into(),
        });
    }
    out.push(Landmark {
        kind: "titlepage",
        href: "title.xhtml".into(),
        label: labels.title_page.into(),
    });
    out.push(Landmark {
        kind: "toc",
        href: "nav.xhtml#toc".into(),
        label: labels.toc.into(),
    });
    let first_part = ctx.book.chapters.first().and_then(|c| c.part.as_ref());
    if let Some(first) = first_part
        .map(parts::part_file)
        .or_else(|| ctx.files.first().cloned())
    {
        out.push(Landmark {
            kind: "bodymatter",
            href: first,
            label: labels.body.into(),
        });
    }
    out
}

/// The package's manifest items, spine and zip entries, gathered file by file.
#[derive(Default)]
struct Package {
    items: Vec<Item>,
    spine: Vec<Itemref>,
    entries: Vec<Entry>,
}

impl Package {
    /// An XHTML document in the spine (reading order).
    fn document(&mut self, id: &str, href: &str, properties: Vec<&'static str>, data: String) {
        self.items.push(Item {
            id: id.to_string(),
            href: href.to_string(),
            media_type: XHTML,
            properties,
        });
        self.entry(href, data.into_bytes(), false);
        self.spine.push(Itemref {
            idref: id.to_string(),
            linear: true,
        });
    }

    /// A file outside the spine (NCX, stylesheet).
    fn file(&mut self, id: &str, href: &str, media_type: &'static str, data: String) {
        self.items.push(Item {
            id: id.to_string(),
            href: href.to_string(),
            media_type,
            properties: vec![],
        });
        self.entry(href, data.into_bytes(), false);
    }

    fn entry(&mut self, href: &str, data: Vec<u8>, stored: bool) {
        self.entries.push(Entry {
            path: format!("{PKG}/{href}"),
            data,
            stored,
        });
    }

    /// The packaged images; returns the manifest id of the cover image, if any.
    fn images(&mut self, ctx: &BookContext<'_>) -> Option<String> {
        let mut cover_id = None;
        for (i, href) in ctx.assets.iter().enumerate() {
            let (Some(href), Some(asset)) = (href, ctx.book.assets.get(i)) else {
                continue;
            };
            let id = format!("img-{:03}", i + 1);
            let is_cover = ctx.book.meta.cover == Some(AssetId(i));
            if is_cover {
                cover_id = Some(id.clone());
            }
            self.items.push(Item {
                id,
                href: href.clone(),
                media_type: asset.media_type,
                properties: if is_cover {
                    vec!["cover-image"]
                } else {
                    vec![]
                },
            });
            // Already-compressed formats gain nothing from deflate.
            let stored = asset.media_type != "image/svg+xml";
            self.entry(href, asset.data.to_vec(), stored);
        }
        cover_id
    }

    /// The audio and video files the chapters play, stored (they are compressed already).
    fn media(&mut self, ctx: &BookContext<'_>) {
        for (i, href) in ctx.media.iter().enumerate() {
            let (Some(href), Some(file)) = (href, ctx.book.attachments.get(i)) else {
                continue;
            };
            self.items.push(Item {
                id: format!("media-{:03}", i + 1),
                href: href.clone(),
                media_type: file.media_type,
                properties: vec![],
            });
            self.entry(href, file.data.to_vec(), true);
        }
    }

    /// The package document first, then the zip (EPUB OCF: mimetype first, stored).
    fn finish(mut self, metadata: &opf::Metadata) -> Result<Vec<u8>, zip::result::ZipError> {
        let opf = opf::package_document(metadata, &self.items, &self.spine);
        self.entries.insert(
            0,
            Entry {
                path: format!("{PKG}/content.opf"),
                data: opf.into_bytes(),
                stored: false,
            },
        );
        ocf::package_epub(&format!("{PKG}/content.opf"), &self.entries)
    }
}

/// File name per chapter: `{Chapter::id}.xhtml` when the id is a safe ASCII name, else
/// `c{index}.xhtml`; always unique.
fn chapter_files(book: &Book) -> Vec<String> {
    let mut seen = HashSet::new();
    book.chapters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let safe = !c.id.is_empty()
                && c.id.len() <= 64
                && c.id.starts_with(|ch: char| ch.is_ascii_alphabetic())
                && c.id
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
            let reserved = matches!(c.id.as_str(), "nav" | "title" | "cover" | "toc")
                || c.id.starts_with("part-");
            let mut name = if safe && !reserved {
                c.id.clone()
            } else {
                format!("c{:03}", i + 1)
            };
            while !seen.insert(name.clone()) {
                name = format!("{name}-{}", i + 1);
            }
            format!("{name}.xhtml")
        })
        .collect()
}

fn image_extension(media_type: &str) -> &'static str {
    match media_type {
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/svg+xml" => "svg",
        "image/webp" => "webp",
        _ => "png",
    }
}

/// Assets referenced by some image of the book, plus the cover.
fn used_assets(book: &Book) -> BTreeSet<AssetId> {
    let mut out = BTreeSet::new();
    for c in &book.chapters {
        visit::chapter_blocks(c, &mut |b| {
            if let BlockKind::Figure { image, .. } = &b.kind {
                out.extend(image.asset);
            }
        });
        visit::chapter_inlines(c, &mut |i| {
            if let InlineKind::Image(image) = &i.kind {
                out.extend(image.asset);
            }
        });
    }
    out.extend(book.meta.cover);
    out.retain(|a| a.0 < book.assets.len());
    out
}

/// The navigation entries: the shared contents tree (`resolve::toc`) with hrefs into the
/// chapter files. An entry whose heading has no XHTML id (cannot happen for a resolved model)
/// is left out and its children move up.
fn table_of_contents(ctx: &BookContext<'_>, toc_depth: u8) -> Vec<TocEntry> {
    nav_entries(ctx, &crate::resolve::toc::toc_tree(ctx.book, toc_depth))
}

fn nav_entries(ctx: &BookContext<'_>, tree: &[crate::resolve::toc::TocEntry]) -> Vec<TocEntry> {
    let mut out = Vec::new();
    for e in tree {
        let i = e.chapter.0;
        let (Some(file), Some(chapter)) = (ctx.files.get(i), ctx.book.chapters.get(i)) else {
            continue;
        };
        let children = nav_entries(ctx, &e.children);
        let target = match &e.anchor {
            None if e.level == 0 => chapter
                .part
                .as_ref()
                .map(|p| (non_empty(&p.title, &p.id), parts::part_file(p))),
            None => Some((xhtml::chapter_title(chapter), file.clone())),
            Some(anchor) => ctx.ids.get(i).and_then(|ids| ids.get(anchor)).map(|xid| {
                let href = format!("{file}#{}", escape::encode_fragment(xid));
                (non_empty(&e.title, xid), href)
            }),
        };
        match target {
            Some((title, href)) => out.push(TocEntry {
                title,
                href,
                children,
            }),
            None => out.extend(children),
        }
    }
    out
}

fn non_empty(s: &str, fallback: &str) -> String {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        fallback.to_string()
    } else {
        t
    }
}

fn add_toc_chars(entries: &[TocEntry], chars: &mut Chars) {
    for e in entries {
        chars.add(crate::font::Family::Sans, false, &e.title);
        add_toc_chars(&e.children, chars);
    }
}

/// `dcterms:modified`: the options' epoch (`SOURCE_DATE_EPOCH`), else the latest date found in
/// the notes (book date, chapter dates), else a fixed value — never the clock, so builds repeat.
fn modified(book: &Book, options: &EpubOptions) -> String {
    if let Some(secs) = options.modified {
        return escape::format_epoch(secs);
    }
    let dates = book
        .chapters
        .iter()
        .filter_map(|c| c.meta.date)
        .chain(book.meta.date);
    dates
        .filter_map(|d| d.day_string())
        .max()
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| FALLBACK_MODIFIED.to_string())
}
