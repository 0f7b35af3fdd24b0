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
    /// This row is the first of the chapter's top-level block with this index (the print page
    /// map the EPUB uses: `model::PrintPages`).
    pub starts_block: Option<usize>,
}

/// Rows of one chapter, with the offset of its structure elements in the document.
pub(crate) struct ChapterRows {
    /// Rows in order.
    pub rows: Vec<Row>,
    /// Added to every chapter-local `StructId`.
    pub elem_offset: u32,
}

/// A body page before page numbers and running heads are added.
#[derive(Clone, Debug, Default)]
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
    /// Chapter and top-level block the page's first body row belongs to (`None` for a page of
    /// continued footnotes only).
    pub begins: Option<(usize, Option<usize>)>,
}

/// A body row on the page being filled, with the footnote rows it brought there.
#[derive(Clone)]
struct Placed {
    row: Row,
    offset: u32,
    chapter: usize,
    chapter_start: bool,
    /// The chapter's top-level block this row belongs to (`None`: its title rows).
    block: Option<usize>,
    /// Footnotes first cited on this page by this row.
    cited: Vec<Arc<Vec<Row>>>,
    /// Footnote rows this row put under this page's rule.
    notes: Vec<NoteRow>,
    /// How many footnote rows this row sent on to later pages (the tail of `pending`).
    deferred: usize,
}

impl Placed {
    fn new(row: Row, offset: u32, (chapter, block): (usize, Option<usize>), start: bool) -> Self {
        Placed {
            row,
            offset,
            chapter,
            chapter_start: start,
            block,
            cited: Vec::new(),
            notes: Vec::new(),
            deferred: 0,
        }
    }
}

/// One row of a footnote, with the structure offset of its chapter.
#[derive(Clone)]
struct NoteRow {
    row: Row,
    offset: u32,
}

/// Paginates all chapters in order.
pub(crate) fn paginate(chapters: Vec<ChapterRows>, m: &Metrics) -> Vec<BodyPage> {
    let mut p = Paginator::new(m);
    for (chapter, ch) in chapters.into_iter().enumerate() {
        p.feed(chapter, ch);
    }
    p.finish();
    p.take_pages()
}

/// Pagination state between chapters: the page being filled and the footnotes still to
/// place. Chapters are fed in order; finished pages are taken as they come, so a caller can
/// let them go while later chapters are still being laid out. A clone taken between two
/// chapters resumes pagination exactly there (`stream.rs` lays chapters out again from one).
#[derive(Clone)]
pub(crate) struct Paginator {
    m: Metrics,
    pages: Vec<BodyPage>,
    cur: Vec<Placed>,
    /// Rows at the start of `cur` that were moved or repeated there (never moved again).
    forced: usize,
    /// Footnote rows continued from the previous page: first in this page's footnote area.
    cont: Vec<NoteRow>,
    /// Footnote rows that did not fit and wait for the following pages, in order.
    pending: Vec<NoteRow>,
    /// Chapter of the last row placed (for pages holding only continued footnotes).
    chapter: usize,
}

impl Paginator {
    pub(crate) fn new(m: &Metrics) -> Self {
        Paginator {
            m: m.clone(),
            pages: Vec::new(),
            cur: Vec::new(),
            forced: 0,
            cont: Vec::new(),
            pending: Vec::new(),
            chapter: 0,
        }
    }

    /// Places the rows of chapter number `chapter`.
    pub(crate) fn feed(&mut self, chapter: usize, ch: ChapterRows) {
        let mut first = true;
        let mut block = None;
        for row in ch.rows {
            // A chapter's first page, or a page it opens (its title after its part's page).
            let start = first || row.break_before;
            first = false;
            block = row.starts_block.or(block);
            self.place(Placed::new(row, ch.elem_offset, (chapter, block), start));
        }
    }

    /// Ends the last page and writes out the footnotes still waiting.
    pub(crate) fn finish(&mut self) {
        self.flush();
        self.drain_notes();
    }

    /// The pages finished since the last call, in order.
    pub(crate) fn take_pages(&mut self) -> Vec<BodyPage> {
        std::mem::take(&mut self.pages)
    }
}

fn foot_height(rows: &[Row]) -> Pt {
    rows.iter()
        .fold(Pt::ZERO, |h, r| h + r.space_before + r.height)
}

fn note_rows_height(rows: &[NoteRow]) -> Pt {
    rows.iter()
        .fold(Pt::ZERO, |h, r| h + r.row.space_before + r.row.height)
}

/// Share of the text block that footnotes continued from an earlier page may take, so that a
/// page always keeps room for body text (TeX's \skip\footins / \dimen\footins idea).
const CONTINUED_SHARE: f32 = 0.5;

/// Lines of a newly cited footnote that must go on the citing page with it (when the
/// rest of the note does not fit, it continues on the next page).
const FIRST_NOTE_ROWS: usize = 2;

impl Paginator {
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

    /// Height of the footnote rows already under this page's rule (without the rule).
    fn notes_height(&self) -> Pt {
        self.cur.iter().fold(note_rows_height(&self.cont), |h, p| {
            h + note_rows_height(&p.notes)
        })
    }

    /// Space the footnote rule and the gap above it take.
    fn separator(&self) -> Pt {
        self.m.base * 1.4
    }

    /// Footnotes `row` cites that are not yet on this page.
    fn new_notes(&self, row: &Row) -> Vec<Arc<Vec<Row>>> {
        let mut out: Vec<Arc<Vec<Row>>> = Vec::new();
        for n in &row.footnotes {
            let on_page = self
                .cur
                .iter()
                .flat_map(|p| p.cited.iter())
                .chain(out.iter())
                .any(|x| Arc::ptr_eq(x, n));
            if !on_page {
                out.push(n.clone());
            }
        }
        out
    }

    /// Body height with `row` added to the page.
    fn body_with(&self, row: &Row) -> Pt {
        let space = if self.cur.is_empty() {
            Pt::ZERO
        } else {
            row.space_before
        };
        self.used() + space + row.height
    }

    /// Whether `row` fits on this page: with all its footnotes, or, when they are too long,
    /// with the first lines of the first new one (the rest continues on the next page).
    fn fits(&self, row: &Row) -> bool {
        let body = self.body_with(row);
        let notes = self.notes_height();
        let new = self.new_notes(row);
        let all_new: Pt = new.iter().fold(Pt::ZERO, |h, n| h + foot_height(n));
        let limit = self.m.height + Pt(0.01);
        let sep = |n: Pt| {
            if n.0 > 0.0 {
                self.separator()
            } else {
                Pt::ZERO
            }
        };
        let full = notes + all_new;
        if body + full + sep(full) <= limit {
            return true;
        }
        if !self.pending.is_empty() {
            // Notes already continue: new ones queue behind them, the body row needs only room.
            return body + notes + sep(notes) <= limit;
        }
        let Some(first) = new.first() else {
            return false;
        };
        let k = first.len().min(FIRST_NOTE_ROWS);
        let part = notes + foot_height(&first[..k]);
        body + part + sep(part) <= limit
    }

    /// Puts `p` on the page with as many of its new footnote rows as fit; the rest wait.
    fn push(&mut self, mut p: Placed) {
        let new = self.new_notes(&p.row);
        let mut room = self.m.height + Pt(0.01) - self.body_with(&p.row) - self.notes_height();
        let had_notes = self.notes_height().0 > 0.0 || !self.pending.is_empty();
        if !had_notes {
            room -= self.separator();
        }
        let all: Pt = new.iter().fold(Pt::ZERO, |h, n| h + foot_height(n));
        if all > room {
            // A note that must split takes at most half the page here (its first lines at
            // least), so body text after the citation still has room on this page.
            let first = new.first().map_or(Pt::ZERO, |n| {
                foot_height(&n[..n.len().min(FIRST_NOTE_ROWS)])
            });
            let share = self.m.height * CONTINUED_SHARE - self.notes_height() - self.separator();
            room = room.min(share.max(first));
        }
        for n in &new {
            for r in n.iter() {
                let nr = NoteRow {
                    row: r.clone(),
                    offset: p.offset,
                };
                let h = r.space_before + r.height;
                // Footnote order is kept: once one row waits, every later one waits too.
                if p.deferred == 0 && self.pending.is_empty() && h <= room {
                    room -= h;
                    p.notes.push(nr);
                } else {
                    p.deferred += 1;
                    self.pending.push(nr);
                }
            }
        }
        p.cited = new;
        self.chapter = p.chapter;
        self.cur.push(p);
    }

    /// Takes the last row off the page, with the footnote rows it brought.
    fn pop(&mut self) -> Option<Placed> {
        let mut p = self.cur.pop()?;
        let keep = self.pending.len().saturating_sub(p.deferred);
        self.pending.truncate(keep);
        p.notes.clear();
        p.cited.clear();
        p.deferred = 0;
        Some(p)
    }

    fn place(&mut self, p: Placed) {
        if p.row.break_before && !self.cur.is_empty() {
            self.flush();
            // A chapter's footnotes end with it: what still continues gets pages of its own.
            self.drain_notes();
        }
        // A page holding only moved or repeated rows takes the next row whatever its size.
        if self.cur.len() <= self.forced || self.fits(&p.row) {
            self.push(p);
            return;
        }
        // Move trailing keep-with-next rows (heading, orphan line) along to the next page,
        // never more than a few and never the whole page.
        let mut carry = Vec::new();
        while carry.len() < 6
            && self.cur.len() > self.forced.max(1)
            && self.cur.last().is_some_and(|l| l.row.keep_with_next)
        {
            if let Some(last) = self.pop() {
                carry.push(last);
            }
        }
        carry.reverse();
        let had_carry = !carry.is_empty();
        self.flush();
        self.repeat_header(carry.first().unwrap_or(&p));
        for c in carry {
            self.push(c);
        }
        self.forced = self.cur.len();
        if had_carry && !self.fits(&p.row) {
            self.flush();
            self.repeat_header(&p);
            self.forced = self.cur.len();
        }
        self.push(p);
    }

    /// Starts a page with the table header of `lead`'s table, if it has one.
    fn repeat_header(&mut self, lead: &Placed) {
        let Some(h) = lead.row.header.clone() else {
            return;
        };
        let (offset, at) = (lead.offset, (lead.chapter, lead.block));
        for r in h.iter() {
            let mut r = r.clone();
            // A repeated header is a pagination artifact: its content is tagged once.
            for it in &mut r.items {
                it.elem = None;
            }
            r.links.clear();
            r.dests.clear();
            r.footnotes.clear();
            self.cur.push(Placed::new(r, offset, at, false));
        }
    }

    /// Moves waiting footnote rows to the next page's footnote area, up to `share` of it
    /// (always at least one row, so every row is placed).
    fn continue_notes(&mut self, share: f32) {
        let cap = self.m.height * share - self.separator();
        let mut h = note_rows_height(&self.cont);
        let mut n = 0;
        for r in &self.pending {
            let rh = r.row.space_before + r.row.height;
            if n > 0 && h + rh > cap {
                break;
            }
            h += rh;
            n += 1;
        }
        self.cont.extend(self.pending.drain(..n));
    }

    /// Writes out footnotes still continuing, on pages of their own (end of a chapter).
    fn drain_notes(&mut self) {
        while !self.cont.is_empty() || !self.pending.is_empty() {
            self.continue_notes(1.0);
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.cur.is_empty() && self.cont.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.cur);
        let cont = std::mem::take(&mut self.cont);
        self.forced = 0;
        let m = self.m.clone();
        let mut page = BodyPage {
            chapter: rows.last().map_or(self.chapter, |p| p.chapter),
            chapter_start: rows.iter().any(|p| p.chapter_start),
            begins: rows.first().map(|p| (p.chapter, p.block)),
            ..BodyPage::default()
        };
        let mut y = m.top;
        let mut notes: Vec<NoteRow> = cont;
        for (i, p) in rows.into_iter().enumerate() {
            let gap = if i > 0 { p.row.space_before } else { Pt::ZERO };
            y += gap;
            notes.extend(p.notes);
            let height = p.row.height;
            emit_row(&mut page, p.row, y, gap, p.offset);
            y += height;
        }
        if !notes.is_empty() {
            let total = note_rows_height(&notes);
            // Footnotes sit at the foot of the text block; never above its top.
            let mut fy = (m.top + m.height - total).max(m.top + self.separator());
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
            for n in notes {
                fy += n.row.space_before;
                let h = n.row.height;
                emit_row(&mut page, n.row, fy, Pt::ZERO, n.offset);
                fy += h;
            }
        }
        page.items.shrink_to_fit();
        page.links.shrink_to_fit();
        self.pages.push(page);
        // TeX-style split footnotes: what did not fit continues on the next page first.
        self.continue_notes(CONTINUED_SHARE);
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
            ItemKind::Rect { rect, .. }
            | ItemKind::Image { rect, .. }
            | ItemKind::Svg { rect, .. } => rect.y += y,
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

    /// A row with a named destination, so tests can find where it was placed.
    fn named(h: f32, name: &str) -> Row {
        Row {
            height: Pt(h),
            dests: vec![(name.to_string(), Pt::ZERO)],
            ..Row::default()
        }
    }

    #[test]
    fn long_footnote_splits_and_continues() {
        let m = Metrics::new(&LayoutOptions::default());
        let note: Vec<Row> = (0..300).map(|i| named(12.0, &format!("n{i}"))).collect();
        let mut cite = named(20.0, "cite");
        cite.footnotes.push(Arc::new(note));
        let mut rows = vec![cite];
        rows.extend((0..100).map(|i| named(20.0, &format!("b{i}"))));
        let pages = paginate(
            vec![ChapterRows {
                rows,
                elem_offset: 0,
            }],
            &m,
        );
        let where_is = |name: &str| {
            pages
                .iter()
                .position(|p| p.dests.iter().any(|d| d.0 == name))
        };
        // Every footnote row is placed exactly once, in order, inside the text block.
        let mut last = 0;
        for i in 0..300 {
            let name = format!("n{i}");
            let hits: usize = pages
                .iter()
                .map(|p| p.dests.iter().filter(|d| d.0 == name).count())
                .sum();
            assert_eq!(hits, 1, "{name}");
            let page = where_is(&name).unwrap_or(usize::MAX);
            assert!(page >= last, "{name} out of order");
            last = page;
        }
        for p in &pages {
            for (_, y) in &p.dests {
                assert!(y.0 >= m.top.0 - 0.01 && y.0 <= (m.top + m.height).0 + 0.01);
            }
        }
        // The note starts under the page that cites it; body text goes on beside it.
        assert_eq!(where_is("cite"), where_is("n0"));
        assert_eq!(where_is("n1"), Some(0));
        // While body text remains, no page is only footnote.
        let last_body = where_is("b99").unwrap_or(usize::MAX);
        for p in pages.iter().take(last_body + 1) {
            assert!(p.dests.iter().any(|d| !d.0.starts_with('n')));
        }
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
