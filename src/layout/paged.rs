//! IR 3, the paged document: pages of positioned glyph runs, filled rectangles, rules, images
//! and link areas, plus the named destinations, outline, page labels, metadata and the logical
//! structure (tags) that the PDF writer needs. Plain data: no fonts are opened and nothing from
//! the model survives here (the writer never sees the model).
//!
//! Coordinates are PDF points with the origin at the top-left corner of the page and `y` growing
//! downwards (krilla's convention); text items are placed by their baseline.

use crate::font::Pt;
use crate::text::GlyphRun;
use std::sync::Arc;

/// The laid-out book.
#[derive(Clone, Debug, Default)]
pub struct PagedDocument {
    /// Width of every page.
    pub page_width: Pt,
    /// Height of every page.
    pub page_height: Pt,
    /// Pages in order (empty while a `StreamedBook` hands them out).
    pub pages: Vec<Page>,
    /// Number of pages in the book (`pages.len()` once they are all here).
    pub page_count: usize,
    /// Named destinations (every internal link target), in order of creation.
    pub destinations: Vec<Destination>,
    /// Document outline (bookmarks), nested by heading level.
    pub outline: Vec<OutlineEntry>,
    /// Page label ranges, sorted by first page.
    pub page_labels: Vec<PageLabelRange>,
    /// Document metadata.
    pub meta: DocumentMeta,
    /// Logical structure elements; `StructId(i)` is `structure[i]`; parents come before children.
    pub structure: Vec<StructElem>,
    /// Files the notes link to or embed, carried as embedded files (the viewer's attachments).
    pub attachments: Vec<FileAttachment>,
    /// Where each body page begins, for the EPUB's print page numbers.
    pub print_pages: crate::model::PrintPages,
}

/// A file the PDF carries as an embedded file.
#[derive(Clone, Debug)]
pub struct FileAttachment {
    /// Path relative to the notes root (unique in the book).
    pub path: String,
    /// Media type, e.g. `audio/mpeg`.
    pub media_type: &'static str,
    /// The file's bytes.
    pub data: std::sync::Arc<[u8]>,
}

/// One page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// What is drawn, in reading (and painting) order.
    pub items: Vec<PageItem>,
    /// Clickable areas.
    pub links: Vec<LinkArea>,
}

/// An RGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
}

/// A rectangle (top-left origin).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width.
    pub width: Pt,
    /// Height.
    pub height: Pt,
}

/// A drawn item with the structure element it belongs to.
#[derive(Clone, Debug)]
pub struct PageItem {
    /// What to draw.
    pub kind: ItemKind,
    /// Structure element of the content; `None` = artifact (running heads, backgrounds, rules).
    pub elem: Option<StructId>,
}

impl PageItem {
    /// A straight line from (`x1`, `y1`) to (`x2`, `y2`).
    pub(crate) fn rule(
        (x1, y1, x2, y2): (Pt, Pt, Pt, Pt),
        thickness: Pt,
        color: Rgb,
        elem: Option<StructId>,
    ) -> Self {
        PageItem {
            kind: ItemKind::Rule {
                x1,
                y1,
                x2,
                y2,
                thickness,
                color,
            },
            elem,
        }
    }
}

/// Appends the four sides of `rect` as rules, clockwise from its top-left corner.
pub(crate) fn push_outline(
    items: &mut Vec<PageItem>,
    rect: Rect,
    thickness: Pt,
    color: Rgb,
    elem: Option<StructId>,
) {
    let Rect {
        x,
        y,
        width: w,
        height: h,
    } = rect;
    for side in [
        (x, y, x + w, y),
        (x + w, y, x + w, y + h),
        (x + w, y + h, x, y + h),
        (x, y + h, x, y),
    ] {
        items.push(PageItem::rule(side, thickness, color, elem));
    }
}

/// Appends the runs of one shaped line as text items, the line's pen starting at (`x`, `y`).
pub(crate) fn push_runs(
    items: &mut Vec<PageItem>,
    runs: Vec<GlyphRun>,
    (x, y): (Pt, Pt),
    color: Rgb,
    elem: Option<StructId>,
) {
    items.extend(runs.into_iter().map(|run| PageItem {
        kind: ItemKind::Text {
            x: x + run.x,
            y,
            run,
            color,
        },
        elem,
    }));
}

/// The kinds of drawn item.
#[derive(Clone, Debug)]
pub enum ItemKind {
    /// A glyph run with its baseline start at (`x`, `y`).
    Text {
        /// Pen position of the run's first glyph.
        x: Pt,
        /// Baseline (baseline shift already applied).
        y: Pt,
        /// The glyphs (face, size, glyph ids, advances, text ranges for ToUnicode).
        run: GlyphRun,
        /// Fill colour.
        color: Rgb,
    },
    /// A filled rectangle.
    Rect {
        /// Where.
        rect: Rect,
        /// Fill colour.
        color: Rgb,
    },
    /// A straight line.
    Rule {
        /// Start point x.
        x1: Pt,
        /// Start point y.
        y1: Pt,
        /// End point x.
        x2: Pt,
        /// End point y.
        y2: Pt,
        /// Stroke width.
        thickness: Pt,
        /// Stroke colour.
        color: Rgb,
    },
    /// A raster image scaled into `rect`.
    Image {
        /// Where.
        rect: Rect,
        /// The image file bytes.
        data: Arc<[u8]>,
        /// Media type of `data` (`image/png`, `image/jpeg`, `image/gif`, `image/webp`).
        media_type: &'static str,
    },
    /// A vector drawing (an SVG image or a typeset formula) scaled into `rect`.
    Svg {
        /// Where.
        rect: Rect,
        /// The drawing: a usvg tree whose text is laid out in the embedded fonts. A formula's
        /// TeX source is the `Alt` of its `Formula` structure element.
        tree: Arc<usvg::Tree>,
    },
}

/// A clickable area.
#[derive(Clone, Debug)]
pub struct LinkArea {
    /// Area on the page.
    pub rect: Rect,
    /// Where it goes.
    pub target: LinkTarget,
    /// `Link` structure element the annotation belongs to.
    pub elem: Option<StructId>,
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// An external URI (`http`, `https`, `mailto`).
    Uri(String),
    /// A named destination of this document (see `PagedDocument::destinations`).
    Named(String),
}

/// A named place in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Destination {
    /// Unique name, e.g. `c003`, `c003/heading-id`, `c003/fn-1`.
    pub name: String,
    /// Page index (0-based).
    pub page: usize,
    /// Vertical position on that page (top of the target).
    pub y: Pt,
}

/// One outline (bookmark) entry.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    /// Shown title.
    pub title: String,
    /// Named destination it opens.
    pub dest: String,
    /// Nested entries.
    pub children: Vec<OutlineEntry>,
}

/// Numbering style of a page label range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelStyle {
    /// i, ii, iii (front matter).
    LowerRoman,
    /// 1, 2, 3 (body).
    Arabic,
}

/// Pages from `first_page` on are labelled `style` starting at `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageLabelRange {
    /// First page (0-based index) of the range.
    pub first_page: usize,
    /// Numbering style.
    pub style: LabelStyle,
    /// Number of the first page of the range.
    pub start: u32,
}

/// Document information.
#[derive(Clone, Debug, Default)]
pub struct DocumentMeta {
    /// Title.
    pub title: String,
    /// Authors in order.
    pub authors: Vec<String>,
    /// BCP 47 language (`/Lang`).
    pub lang: String,
    /// Subject (the book description), if any.
    pub subject: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
}

/// Index into `PagedDocument::structure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StructId(pub u32);

/// One element of the logical structure.
#[derive(Clone, Debug)]
pub struct StructElem {
    /// What it is.
    pub kind: StructKind,
    /// Parent element; `None` = child of the document root.
    pub parent: Option<StructId>,
    /// Language if it differs from the document's.
    pub lang: Option<String>,
}

/// Kinds of structure element (PDF 32000 §14.8.4 standard structure types).
#[derive(Clone, Debug, PartialEq)]
pub enum StructKind {
    /// A chapter (`Sect`).
    Section,
    /// The book title on the title page (`Title`).
    Title,
    /// Heading `H1`–`H6` with its text.
    Heading(u8, String),
    /// Paragraph (`P`).
    Paragraph,
    /// List (`L`); `true` = ordered.
    List(bool),
    /// List item (`LI`).
    ListItem,
    /// List label (`Lbl`).
    Label,
    /// List item body (`LBody`).
    ListBody,
    /// Block quote or callout (`BlockQuote`).
    BlockQuote,
    /// Code block (`Code`).
    Code,
    /// Table.
    Table,
    /// Table row (`TR`).
    TableRow,
    /// Header cell (`TH`).
    TableHeader,
    /// Data cell (`TD`).
    TableCell,
    /// Figure with alternative text.
    Figure(String),
    /// Caption.
    Caption,
    /// Formula (display math) with alternative text.
    Formula(String),
    /// A link (`Link`): its text and its annotation(s).
    Link,
    /// A footnote (`Note`).
    Note,
    /// Table of contents (`TOC`).
    Toc,
    /// TOC item (`TOCI`).
    TocItem,
}
