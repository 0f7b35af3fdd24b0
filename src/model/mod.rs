//! IR 1, the document model: a `Book` of `Chapter`s made of `Block`s and `Inline`s.
//!
//! Input: built by `parse` from loaded notes. Output: read by `epub` (directly) and by `layout`
//! (for the PDF). Plain data only: every link is already resolved (a dangling link is already
//! plain text), every image is already read into `Book::assets`, raw HTML is already gone.
//! Every node carries a `Span` so later stages can point at the source.
//! This module does not parse, render or validate anything.

pub mod callout;
pub mod date;
pub mod dump;
pub mod heading;
pub mod json;
pub mod lang;
mod plain;
pub mod print_pages;
pub mod url;
pub mod visit;

pub use callout::CalloutKind;
pub use date::{Date, TimeOfDay};
pub use heading::HeadingLevel;
pub use lang::{LangReading, LangTag, read_lang};
pub use plain::{block_texts, plain_chapter};
pub use print_pages::{PrintPage, PrintPages};
pub use url::ExternalUrl;

use crate::diag::Span;
use serde::Serialize;
use std::fmt::Debug;
use std::sync::Arc;

/// What the links and embeds of a block tree point at. The public model is [`Resolved`]; parse
/// builds its trees in its own stage, whose targets are still as written, so no placeholder
/// target (a sentinel URL or chapter id) can ever be seen in a `Book`.
pub trait Stage: Clone + Debug {
    /// The target of an `InlineKind::Link`.
    type Link: Clone + Debug + Serialize;
    /// The target of a `BlockKind::Embed`.
    type Embed: Clone + Debug + Serialize;
}

/// The stage of the public model: every link and embed resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved;

impl Stage for Resolved {
    type Link = LinkTarget;
    type Embed = ChapterId;
}

/// A whole book: metadata, chapters in reading order and the image files they use.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Book {
    /// Title, authors, language and the rest of the book-level metadata.
    pub meta: BookMeta,
    /// Chapters in reading order (one per exported note).
    pub chapters: Vec<Chapter>,
    /// Image files referenced by `Image::asset`, deduplicated by path.
    pub assets: Vec<Asset>,
    /// Files of the vault that are not notes or images (`[[manual.pdf]]`, `![[talk.mp3]]`),
    /// in order of first use: the PDF carries each as an embedded file, the EPUB packages the
    /// audio and video a `BlockKind::Media` plays.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// Book-level metadata (from `hanji.yaml`, the CLI, or defaults).
#[derive(Clone, Debug, Default, Serialize)]
pub struct BookMeta {
    /// Book title.
    pub title: String,
    /// Authors in order.
    pub authors: Vec<String>,
    /// BCP 47 language of the book, e.g. `ko` (the default).
    pub language: LangTag,
    /// Publication date, validated when read (written as W3CDTF).
    pub date: Option<Date>,
    /// Stable identifier (e.g. `urn:uuid:…`), if configured; writers derive one otherwise.
    pub identifier: Option<String>,
    /// One-paragraph description, if any.
    pub description: Option<String>,
    /// Subject keywords (union of configured keywords).
    pub keywords: Vec<String>,
    /// Cover image, if configured.
    pub cover: Option<AssetId>,
    /// Publisher (`dc:publisher`), if configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Rights statement (`dc:rights`), if configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    /// The series the book belongs to, if configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Series>,
}

/// A series (EPUB 3 `belongs-to-collection` of type `series`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Series {
    /// The series' name.
    pub name: String,
    /// The book's position in it (`1`, `2.5`), if given.
    pub index: Option<String>,
}

/// Index into `Book::assets`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AssetId(pub usize);

/// An image file read from inside the notes root and checked once by parse: within the size and
/// pixel limits, its format sniffed from the bytes, a raster decoded as the PDF writer will, an
/// SVG rewritten from its usvg tree (no script, entity or external reference). Writers trust it.
/// As JSON: path, media type and byte length, never the bytes.
#[derive(Clone, Debug, Serialize)]
pub struct Asset {
    /// Path relative to the notes root, `/`-separated (unique within the book).
    pub path: String,
    /// Media type sniffed from the bytes: `image/png`, `image/jpeg`, `image/gif`, `image/svg+xml`, `image/webp`.
    pub media_type: &'static str,
    /// The file's bytes (for SVG, the sanitised SVG written by usvg).
    #[serde(rename = "bytes", serialize_with = "json::byte_len")]
    pub data: Arc<[u8]>,
}

/// Index into `Book::attachments`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AttachmentId(pub usize);

/// A file of the vault a note links to or embeds that is neither a note nor an image, read
/// once by parse (within `limits.image_bytes`). As JSON: path, media type and byte length.
#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    /// Path relative to the notes root, `/`-separated (unique within the book).
    pub path: String,
    /// Media type from the file's extension (`audio/mpeg`, `video/mp4`, `application/pdf`, …;
    /// `application/octet-stream` when unknown).
    pub media_type: &'static str,
    /// The file's bytes.
    #[serde(rename = "bytes", serialize_with = "json::byte_len")]
    pub data: Arc<[u8]>,
}

impl Attachment {
    /// The file name, without folders.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
}

/// Index into `Book::chapters`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ChapterId(pub usize);

/// A part of the book: a titled group of consecutive chapters (from folders, mdBook
/// `SUMMARY.md` part titles or Docusaurus categories, see `load::parts`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Part {
    /// File-safe id, unique in the book (`part-01`): the part's destination and file name.
    pub id: String,
    /// Title printed on the part page and in the contents.
    pub title: String,
}

impl Chapter {
    /// Whether this chapter opens its part (the chapter before it is in another part or none).
    pub fn opens_part(&self, previous: Option<&Chapter>) -> bool {
        match (&self.part, previous.and_then(|p| p.part.as_ref())) {
            (Some(a), Some(b)) => a.id != b.id,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

/// One exported note.
#[derive(Clone, Debug, Serialize)]
pub struct Chapter {
    /// File-safe unique id of the chapter within the book, e.g. `c001` (used for file names and anchors).
    pub id: String,
    /// Source path relative to the notes root, `/`-separated.
    pub source: String,
    /// Chapter title: front-matter title, else the first H1, else the file stem.
    pub title: String,
    /// Anchor id of the chapter title (unique within the chapter; headings never reuse it).
    pub title_id: String,
    /// BCP 47 language of the note (front-matter `lang`), `None` = the book language.
    pub lang: Option<LangTag>,
    /// Front-matter data that writers may show (date, tags, authors, description).
    pub meta: ChapterMeta,
    /// The part the chapter belongs to; a part's chapters are consecutive, and the first of
    /// them opens it (a part page in the PDF, a part document in the EPUB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// Body blocks. The H1 used as the title is not repeated here.
    pub blocks: Vec<Block>,
    /// Footnote definitions in order of first reference.
    pub footnotes: Vec<Footnote>,
    /// Position of the note (line 1, col 1 of the file).
    #[serde(serialize_with = "json::span")]
    pub span: Span,
}

impl Chapter {
    /// A chapter of `blocks` with id `id`, from the note at `source` (also its title), with no
    /// footnotes, language or front matter: for a book built by hand (tests, other front ends).
    pub fn new(id: &str, source: &str, blocks: Vec<Block>) -> Chapter {
        Chapter {
            id: id.to_string(),
            source: source.to_string(),
            title: source.to_string(),
            title_id: "t".to_string(),
            lang: None,
            meta: ChapterMeta::default(),
            part: None,
            blocks,
            footnotes: Vec::new(),
            span: Span::new(Arc::from(source), 1, 1),
        }
    }
}

impl BookMeta {
    /// The imprint both title pages print at their foot, one line each: the series (`Name ·
    /// 3`), the publisher, the rights statement (issue 14: metadata a reader of either book
    /// can see, not only the EPUB's OPF).
    pub fn imprint(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(s) = self.series.as_ref().filter(|s| !s.name.trim().is_empty()) {
            lines.push(match s.index.as_deref().map(str::trim) {
                Some(i) if !i.is_empty() => format!("{} · {i}", s.name.trim()),
                _ => s.name.trim().to_string(),
            });
        }
        for field in [&self.publisher, &self.rights] {
            if let Some(v) = field.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                lines.push(v.to_string());
            }
        }
        lines
    }
}

impl ChapterMeta {
    /// The line both books print under the chapter title: authors, then the date
    /// (`Kim, Lee · 2024-05-01`); `None` when the note has neither.
    pub fn byline(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        if !self.authors.is_empty() {
            parts.push(self.authors.join(", "));
        }
        if let Some(d) = &self.date {
            parts.push(d.to_w3c());
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// The tags as both books print them (`#rust`).
    pub fn tag_words(&self) -> Vec<String> {
        self.tags.iter().map(|t| format!("#{t}")).collect()
    }
}

/// Front-matter values kept for display.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ChapterMeta {
    /// Front-matter date, validated when read (`2024년 5월 1일` is 2024-05-01).
    pub date: Option<Date>,
    /// Authors of this note.
    pub authors: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Description.
    pub description: Option<String>,
}

/// A footnote definition.
#[derive(Clone, Debug, Serialize)]
#[serde(bound = "")]
pub struct Footnote<S: Stage = Resolved> {
    /// Anchor id, unique within the chapter, e.g. `fn-1`.
    pub id: String,
    /// Display number (1-based, in order of first reference within the chapter).
    pub number: u32,
    /// Content of the footnote.
    pub blocks: Vec<Block<S>>,
    /// Where the definition is.
    #[serde(serialize_with = "json::span")]
    pub span: Span,
}

/// A block-level node.
#[derive(Clone, Debug, Serialize)]
#[serde(bound = "")]
pub struct Block<S: Stage = Resolved> {
    /// What the block is.
    pub kind: BlockKind<S>,
    /// Where it starts in the note.
    #[serde(serialize_with = "json::span")]
    pub span: Span,
    /// The block's own anchor id, from an Obsidian block id (`text ^id`, or `^id` on the line
    /// after a table, quote or list): links `[[Note#^id]]` land here, so each writer puts this id
    /// on the first thing it draws for the block. Unique in the chapter (the one id allocator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

impl<S: Stage> Block<S> {
    /// A block of `kind` at `span`, with no anchor of its own.
    pub fn new(kind: BlockKind<S>, span: Span) -> Self {
        Block {
            kind,
            span,
            anchor: None,
        }
    }
}

/// The kinds of block.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum BlockKind<S: Stage = Resolved> {
    /// A paragraph of inline content.
    Paragraph(Vec<Inline<S>>),
    /// A heading (`level` 1–6) with an id unique within the chapter.
    Heading {
        /// 1–6 as written in the note.
        level: HeadingLevel,
        /// Unique, Unicode-preserving anchor id (Hangul kept, punctuation dropped, `-1` suffixes):
        /// the one allocator of the chapter's ids (`parse/ids.rs`), so writers use it as it is.
        id: String,
        /// Heading text.
        content: Vec<Inline<S>>,
    },
    /// A bulleted or numbered list.
    List {
        /// `Some(start)` for an ordered list, `None` for bullets.
        start: Option<u64>,
        /// Whether the list is tight (items without blank lines between them).
        tight: bool,
        /// Items in order.
        items: Vec<ListItem<S>>,
    },
    /// A block quote.
    Quote(Vec<Block<S>>),
    /// A callout / admonition (GFM alert, Obsidian callout, Docusaurus `:::`, `<details>`).
    Callout {
        /// The kind: a known one (aliases such as `hint` already resolved) or a custom word.
        kind: CalloutKind,
        /// Explicit title, if given (otherwise writers show the kind's label).
        title: Option<Vec<Inline<S>>>,
        /// Obsidian fold marker: `Some(true)` for `+` (open), `Some(false)` for `-` (closed).
        folded: Option<bool>,
        /// Body.
        blocks: Vec<Block<S>>,
    },
    /// A fenced or indented code block.
    Code {
        /// Language tag from the fence info string (first word), if any.
        lang: Option<String>,
        /// Code text, lines separated by `\n`, without a trailing newline.
        text: String,
    },
    /// A table.
    Table {
        /// Alignment per column.
        align: Vec<Align>,
        /// Header row cells.
        header: Vec<Vec<Inline<S>>>,
        /// Body rows; every row has `align.len()` cells.
        rows: Vec<Vec<Vec<Inline<S>>>>,
    },
    /// An image on its own, with an optional caption.
    Figure {
        /// The image.
        image: Image,
        /// Caption (from `<figcaption>` or the image title), possibly empty.
        caption: Vec<Inline<S>>,
    },
    /// Display math, kept as TeX source.
    Math(String),
    /// An embedded audio, video or other file (`![[talk.mp3]]`): the EPUB plays audio and
    /// video of the EPUB core media types, otherwise both books show a labelled placeholder.
    Media {
        /// The file, or `None` when it could not be read (parse already warned).
        attachment: Option<AttachmentId>,
        /// Its path relative to the notes root (the placeholder's label).
        src: String,
    },
    /// A thematic break.
    Rule,
    /// Another note's blocks transcluded with `![[Note]]`.
    Embed {
        /// The embedded chapter (for a link to its source).
        chapter: S::Embed,
        /// Title of the embedded note.
        title: String,
        /// The embedded blocks (heading ids already made unique within the host chapter).
        blocks: Vec<Block<S>>,
    },
}

/// Table column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Not specified.
    None,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// A list item.
#[derive(Clone, Debug, Serialize)]
#[serde(bound = "")]
pub struct ListItem<S: Stage = Resolved> {
    /// `Some(checked)` for a task item.
    pub task: Option<bool>,
    /// Content blocks.
    pub blocks: Vec<Block<S>>,
    /// Where the item starts.
    #[serde(serialize_with = "json::span")]
    pub span: Span,
}

/// An inline node.
#[derive(Clone, Debug, Serialize)]
#[serde(bound = "")]
pub struct Inline<S: Stage = Resolved> {
    /// What the inline is.
    pub kind: InlineKind<S>,
    /// Where it starts in the note.
    #[serde(serialize_with = "json::span")]
    pub span: Span,
}

/// The kinds of inline.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum InlineKind<S: Stage = Resolved> {
    /// Plain text (never contains markup; writers escape it).
    Text(String),
    /// Styled content (emphasis, strong, …).
    Styled(Style, Vec<Inline<S>>),
    /// Inline code.
    Code(String),
    /// Inline math, kept as TeX source.
    Math(String),
    /// A soft line break (a space, or nothing between Hangul and Hangul is NOT assumed: writers emit a space).
    SoftBreak,
    /// A hard line break.
    LineBreak,
    /// A resolved link.
    Link {
        /// Where it goes.
        target: S::Link,
        /// Link text.
        content: Vec<Inline<S>>,
    },
    /// An inline image.
    Image(Image),
    /// A reference to a footnote of the same chapter.
    FootnoteRef {
        /// `Footnote::id` of the definition.
        id: String,
        /// Its display number.
        number: u32,
    },
}

/// Inline styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// `*em*`.
    Emphasis,
    /// `**strong**`.
    Strong,
    /// `~~struck~~`, `<s>`, `<del>`.
    Strikethrough,
    /// `^sup^`, `<sup>`.
    Superscript,
    /// `~sub~`, `<sub>`.
    Subscript,
    /// `<u>`, `<ins>`.
    Underline,
    /// `==mark==`, `<mark>`.
    Highlight,
    /// `<kbd>`.
    Keyboard,
    /// `<small>`.
    Small,
}

/// A resolved link target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkTarget {
    /// An external URL of an allowed scheme (see [`ExternalUrl`]).
    External(ExternalUrl),
    /// A place in the book: a chapter, optionally a heading (or footnote) id inside it.
    Internal {
        /// Target chapter.
        chapter: ChapterId,
        /// Anchor id within that chapter; `None` = the chapter's start.
        anchor: Option<String>,
    },
    /// A note exported as its own book next to this one (`hanji build --each`).
    Sibling {
        /// Path of the sibling book relative to this book's file, `/`-separated, without the
        /// extension (`../b/note`): each writer adds its own (`.pdf`).
        path: String,
        /// Id of the note's chapter inside its own book.
        chapter_id: String,
        /// Anchor id within that chapter; `None` = the start.
        anchor: Option<String>,
    },
}

/// An image reference.
#[derive(Clone, Debug, Serialize)]
pub struct Image {
    /// The image file, or `None` when it is missing, outside the root or failed the check
    /// (writers show a visible placeholder; parse already warned).
    pub asset: Option<AssetId>,
    /// The path as written in the note (for the placeholder text).
    pub src: String,
    /// Alternative text.
    pub alt: String,
    /// Requested display width in CSS pixels (`![[x.png|300]]`), if any.
    pub width: Option<u32>,
}

/// Collects the plain text of inlines (for titles, alt text, outline entries).
pub fn plain_text<S: Stage>(inlines: &[Inline<S>]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

fn push_plain_text<S: Stage>(inlines: &[Inline<S>], out: &mut String) {
    for inline in inlines {
        match &inline.kind {
            InlineKind::Text(t) | InlineKind::Code(t) | InlineKind::Math(t) => out.push_str(t),
            InlineKind::Styled(_, c) | InlineKind::Link { content: c, .. } => {
                push_plain_text(c, out)
            }
            InlineKind::SoftBreak | InlineKind::LineBreak => out.push(' '),
            InlineKind::Image(img) => out.push_str(&img.alt),
            InlineKind::FootnoteRef { .. } => {}
        }
    }
}
