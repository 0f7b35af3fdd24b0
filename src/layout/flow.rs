//! Pagination: rows (atomic vertical pieces: a line of text, a code line, a table row, an image)
//! → body pages. Rows are built per chapter (in parallel, see `mod.rs`); this step is
//! sequential and cheap.
//!
//! Rules implemented here: a row marked `keep_with_next` never ends a page (headings keep with
//! the next block; a paragraph's first and next-to-last lines carry it, so no single orphan or
//! widow line is left); space before a row is dropped at the top of a page; footnotes go to the
//! bottom of the page that cites them, under a short rule; a table's header row is repeated
//! when the table continues on the next page; a row taller than the page is placed alone.

use super::paged::{ItemKind, LinkArea, PageItem, Rect, Rgb, StructId};
use super::style::{Metrics, RULE};
use crate::font::Pt;
use std::sync::Arc;

/// A full-height decoration of a row (quote bar, callout tint, code background).
#[derive(Clone, Debug)]
pub(crate) struct Deco {
    /// Left edge.
    pub x: Pt,
    /// Width.
    pub width: Pt,
    /// Colour.
    pub color: Rgb,
    /// Also cover the space before the row (inside a container, not at its first row).
    pub extend_up: bool,
}

/// An atomic vertical piece of a chapter; positions inside are relative to the row's top.
#[derive(Clone, Debug, Default)]
pub(crate) struct Row {
    /// Height of the content.
    pub height: Pt,
    /// Space above the row (dropped at the top of a page).
    pub space_before: Pt,
    /// Drawn items (`y` relative to the row top, `x` absolute).
    pub items: Vec<PageItem>,
    /// Link areas (`rect.y` relative to the row top).
    pub links: Vec<LinkArea>,
    /// Named destinations at a height relative to the row top.
    pub dests: Vec<(String, Pt)>,
    /// This row must not be the last on a page.
    pub keep_with_next: bool,
    /// Footnotes cited in this row (laid out at footnote width).
    pub footnotes: Vec<Arc<Vec<Row>>>,
    /// Background decorations, outermost first.
    pub decos: Vec<Deco>,
    /// Header rows to repeat if this row starts a page (table body rows).
    pub header: Option<Arc<Vec<Row>>>,
    /// Start a new page before this row (chapter starts).
    pub break_before: bool,
    /// Baseline of the first text line, relative to the row top (list markers align to it).
    pub baseline: Pt,
}

/// Rows of one chapter, with the offset of its structure elements in the document.
pub(crate) struct ChapterRows {
    /// Rows in order.
    pub rows: Vec<Row>,
    /// Added to every chapter-local `StructId`.
    pub elem_offset: u32,
}

/// A body page before page numbers and running heads are added.
#[derive(Debug, Default)]
pub(crate) struct BodyPage {
    /// Drawn items (absolute positions).
    pub items: Vec<PageItem>,
    /// Link areas (absolute positions).
    pub links: Vec<LinkArea>,
    /// Destinations on this page: name and y.
    pub dests: Vec<(String, Pt)>,
    /// Chapter whose text is on this page (the last one started).
    pub chapter: usize,
    /// Whether a chapter starts on this page (no running head then).
    pub chapter_start: bool,
}

struct Placed {
    row: Row,
    offset: u32,
    chapter: usize,
    chapter_start: bool,
}

/// Paginates all chapters in order.
pub(crate) fn paginate(chapters: Vec<ChapterRows>, m: &Metrics) -> Vec<BodyPage> {
    let mut p = Paginator {
        m,
        pages: Vec::new(),
        cur: Vec::new(),
        forced: 0,
    };
    for (chapter, ch) in chapters.into_iter().enumerate() {
        let mut first = true;
        for row in ch.rows {
            let start = first;
            first = false;
            p.place(Placed {
                row,
                offset: ch.elem_offset,
                chapter,
                chapter_start: start,
            });
        }
    }
    p.flush();
    p.pages
}

struct Paginator<'a> {
    m: &'a Metrics,
    pages: Vec<BodyPage>,
    cur: Vec<Placed>,
    /// Rows at the start of `cur` that were moved or repeated there (never moved again).
    forced: usize,
}

fn foot_height(rows: &[Row]) -> Pt {
    rows.iter()
        .fold(Pt::ZERO, |h, r| h + r.space_before + r.height)
}

impl Paginator<'_> {
    fn used(&self) -> Pt {
        let mut h = Pt::ZERO;
        for (i, p) in self.cur.iter().enumerate() {
            if i > 0 {
                h += p.row.space_before;
            }
            h += p.row.height;
        }
        h
    }

    fn notes_height(&self, extra: &[Arc<Vec<Row>>]) -> Pt {
        let mut seen: Vec<*const Vec<Row>> = Vec::new();
        let mut h = Pt::ZERO;
        for note in self
            .cur
            .iter()
            .flat_map(|p| p.row.footnotes.iter())
            .chain(extra.iter())
        {
            let ptr = Arc::as_ptr(note);
            if !seen.contains(&ptr) {
                seen.push(ptr);
                h += foot_height(note);
            }
        }
        if h.0 > 0.0 { h + self.m.base * 1.4 } else { h }
    }

    fn fits(&self, row: &Row) -> bool {
        let space = if self.cur.is_empty() {
            Pt::ZERO
        } else {
            row.space_before
        };
        self.used() + space + row.height + self.notes_height(&row.footnotes)
            <= self.m.height + Pt(0.01)
    }

    fn place(&mut self, p: Placed) {
        if p.row.break_before && !self.cur.is_empty() {
            self.flush();
        }
        // A page holding only moved or repeated rows takes the next row whatever its size.
        if self.cur.len() <= self.forced || self.fits(&p.row) {
            self.cur.push(p);
            return;
        }
        // Move trailing keep-with-next rows (heading, orphan line) along to the next page,
        // never more than a few and never the whole page.
        let mut carry = Vec::new();
        while carry.len() < 6
            && self.cur.len() > self.forced.max(1)
            && self.cur.last().is_some_and(|l| l.row.keep_with_next)
        {
            if let Some(last) = self.cur.pop() {
                carry.push(last);
            }
        }
        carry.reverse();
        let had_carry = !carry.is_empty();
        self.flush();
        self.repeat_header(carry.first().unwrap_or(&p));
        self.cur.extend(carry);
        self.forced = self.cur.len();
        if had_carry && !self.fits(&p.row) {
            self.flush();
            self.repeat_header(&p);
            self.forced = self.cur.len();
        }
        self.cur.push(p);
    }

    /// Starts a page with the table header of `lead`'s table, if it has one.
    fn repeat_header(&mut self, lead: &Placed) {
        let Some(h) = lead.row.header.clone() else {
            return;
        };
        let (offset, chapter) = (lead.offset, lead.chapter);
        for r in h.iter() {
            let mut r = r.clone();
            // A repeated header is a pagination artifact: its content is tagged once.
            for it in &mut r.items {
                it.elem = None;
            }
            r.links.clear();
            r.dests.clear();
            r.footnotes.clear();
            self.cur.push(Placed {
                row: r,
                offset,
                chapter,
                chapter_start: false,
            });
        }
    }

    fn flush(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.cur);
        self.forced = 0;
        let m = self.m;
        let mut page = BodyPage {
            chapter: rows.last().map_or(0, |p| p.chapter),
            chapter_start: rows.iter().any(|p| p.chapter_start),
            ..BodyPage::default()
        };
        let mut y = m.top;
        let mut notes: Vec<(Arc<Vec<Row>>, u32)> = Vec::new();
        for (i, p) in rows.into_iter().enumerate() {
            let gap = if i > 0 { p.row.space_before } else { Pt::ZERO };
            y += gap;
            for n in &p.row.footnotes {
                if !notes.iter().any(|(x, _)| Arc::ptr_eq(x, n)) {
                    notes.push((n.clone(), p.offset));
                }
            }
            let height = p.row.height;
            emit_row(&mut page, p.row, y, gap, p.offset);
            y += height;
        }
        if !notes.is_empty() {
            let total: Pt = notes.iter().fold(Pt::ZERO, |h, (n, _)| h + foot_height(n));
            let mut fy = m.top + m.height - total;
            // Footnote separator: a short rule above the notes.
            let ry = fy - m.base * 0.8;
            page.items.push(PageItem {
                kind: ItemKind::Rule {
                    x1: m.left,
                    y1: ry,
                    x2: m.left + m.width * 0.25,
                    y2: ry,
                    thickness: Pt(0.5),
                    color: RULE,
                },
                elem: None,
            });
            for (n, offset) in &notes {
                for r in n.iter() {
                    fy += r.space_before;
                    emit_row(&mut page, r.clone(), fy, Pt::ZERO, *offset);
                    fy += r.height;
                }
            }
        }
        page.items.shrink_to_fit();
        page.links.shrink_to_fit();
        self.pages.push(page);
    }
}

fn shift(e: Option<StructId>, offset: u32) -> Option<StructId> {
    e.map(|s| StructId(s.0 + offset))
}

fn emit_row(page: &mut BodyPage, row: Row, y: Pt, gap: Pt, offset: u32) {
    for d in &row.decos {
        let up = if d.extend_up { gap } else { Pt::ZERO };
        page.items.push(PageItem {
            kind: ItemKind::Rect {
                rect: Rect {
                    x: d.x,
                    y: y - up,
                    width: d.width,
                    height: row.height + up,
                },
                color: d.color,
            },
            elem: None,
        });
    }
    for mut it in row.items {
        match &mut it.kind {
            ItemKind::Text { y: ty, .. } => *ty += y,
            ItemKind::Rect { rect, .. } | ItemKind::Image { rect, .. } => rect.y += y,
            ItemKind::Rule { y1, y2, .. } => {
                *y1 += y;
                *y2 += y;
            }
        }
        it.elem = shift(it.elem, offset);
        page.items.push(it);
    }
    for mut l in row.links {
        l.rect.y += y;
        l.elem = shift(l.elem, offset);
        page.links.push(l);
    }
    for (name, dy) in row.dests {
        page.dests.push((name, dy + y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::LayoutOptions;

    fn row(h: f32, keep: bool) -> Row {
        Row {
            height: Pt(h),
            keep_with_next: keep,
            ..Row::default()
        }
    }

    #[test]
    fn keeps_heading_with_next_line() {
        let m = Metrics::new(&LayoutOptions::default());
        let lines = (m.height.0 / 20.0).floor() as usize;
        let mut rows: Vec<Row> = (0..lines - 1).map(|_| row(20.0, false)).collect();
        rows.push(row(20.0, true)); // heading as the last row that fits
        rows.push(row(20.0, false));
        let pages = paginate(
            vec![ChapterRows {
                rows,
                elem_offset: 0,
            }],
            &m,
        );
        assert_eq!(pages.len(), 2);
    }

    #[test]
    fn tall_row_is_placed_alone() {
        let m = Metrics::new(&LayoutOptions::default());
        let rows = vec![
            row(10.0, false),
            row(m.height.0 * 2.0, false),
            row(10.0, false),
        ];
        let pages = paginate(
            vec![ChapterRows {
                rows,
                elem_offset: 0,
            }],
            &m,
        );
        assert_eq!(pages.len(), 3);
    }
}
