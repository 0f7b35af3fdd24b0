//! One chapter → one XHTML content document (EPUB 3.3 §6.1: XHTML syntax of HTML, well-formed
//! XML, `epub:` namespace for structural semantics).
//!
//! Every block and inline kind of the model is rendered here; the characters written are
//! recorded per font family so the embedded fonts can be subset to exactly what is shown.

use super::escape::{push_attr, push_text, xml_id};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::model::{Block, BlockKind, Book, Chapter, PrintPage};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Characters shown in each font family and weight (for subsetting).
#[derive(Clone, Debug, Default)]
pub(super) struct Chars {
    /// `[family][bold]`, family in the order serif, sans, mono.
    sets: [[BTreeSet<char>; 2]; 3],
}

fn family_index(family: Family) -> usize {
    match family {
        Family::Serif => 0,
        Family::Sans => 1,
        Family::Mono => 2,
    }
}

impl Chars {
    /// The characters shown in `family` at this weight.
    pub(super) fn get(&self, family: Family, bold: bool) -> &BTreeSet<char> {
        &self.sets[family_index(family)][usize::from(bold)]
    }

    /// Records the characters of `s` for `family` at this weight.
    pub(super) fn add(&mut self, family: Family, bold: bool, s: &str) {
        let set = &mut self.sets[family_index(family)][usize::from(bold)];
        set.extend(s.chars().filter(|c| !c.is_control()));
    }

    /// Adds everything in `other`.
    pub(super) fn merge(&mut self, other: Chars) {
        for (mine, theirs) in self.sets.iter_mut().zip(other.sets) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.extend(t);
            }
        }
    }
}

/// What the chapter writer needs to know about the rest of the book.
pub(super) struct BookContext<'a> {
    /// The book.
    pub book: &'a Book,
    /// File name (relative to the package directory) of each chapter, e.g. `c001.xhtml`.
    pub files: Vec<String>,
    /// Per chapter: model id → the XML id written for it.
    pub ids: Vec<HashMap<String, String>>,
    /// Per asset: its path inside the package directory, when it is packaged.
    pub assets: Vec<Option<String>>,
    /// Per attachment: its path inside the package directory, when a reading system can play
    /// it (see [`playable`](super::media::playable)).
    pub media: Vec<Option<String>>,
    /// Language of the book (already validated).
    pub book_lang: String,
    /// Per chapter: the print pages that begin in it (see [`crate::model::PrintPages`]).
    pub print_pages: Vec<Vec<&'a PrintPage>>,
    /// Per chapter that opens a part: the print page of the part's page.
    pub part_pages: Vec<Vec<&'a PrintPage>>,
}

/// A rendered chapter.
pub(super) struct RenderedChapter {
    /// The XHTML document.
    pub xhtml: String,
    /// Whether it contains MathML (OPF manifest property `mathml`).
    pub uses_math: bool,
    /// Characters written, per family.
    pub chars: Chars,
    /// Problems found while writing.
    pub diagnostics: Vec<Diagnostic>,
    /// The page-break markers written: (printed page number, XML id), in page order.
    pub page_marks: Vec<(String, String)>,
}

/// Localised labels for generated text: the shared table of both books.
pub(super) use crate::resolve::Labels;

/// Labels in the language `lang` (Korean for `ko`/`ko-*`, English otherwise).
pub(super) fn labels(lang: &str) -> Labels {
    *Labels::for_lang(lang)
}

/// A CSS class fragment from a free-form callout kind: ASCII lower-case letters, digits, `-`.
pub(super) fn class_word(kind: &str) -> String {
    let s: String = kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "custom".into() } else { s }
}

/// Every id the chapter defines (title, headings, footnotes, block ids, at any depth), mapped to the id
/// written for it: itself, since parse's one allocator (`parse/ids.rs`) already made each a
/// unique XML NCName. The map answers "does this anchor exist here?" for internal links.
pub(super) fn chapter_ids(chapter: &Chapter) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut add = |id: &str| {
        map.entry(id.to_string()).or_insert_with(|| id.to_string());
    };
    add(&chapter.title_id);
    let mut stack: Vec<&[Block]> = vec![&chapter.blocks];
    for f in &chapter.footnotes {
        add(&f.id);
        stack.push(&f.blocks);
    }
    while let Some(blocks) = stack.pop() {
        for b in blocks {
            if let Some(anchor) = &b.anchor {
                add(anchor);
            }
            match &b.kind {
                BlockKind::Heading { id, .. } => add(id),
                BlockKind::Quote(bs)
                | BlockKind::Callout { blocks: bs, .. }
                | BlockKind::Embed { blocks: bs, .. } => stack.push(bs),
                BlockKind::List { items, .. } => stack.extend(items.iter().map(|i| &i.blocks[..])),
                _ => {}
            }
        }
    }
    map
}

/// The chapter's title, never empty (EPUB: `title` and nav entries must have text).
pub(super) fn chapter_title(chapter: &Chapter) -> String {
    let t = chapter
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !t.is_empty() {
        return t;
    }
    let stem = chapter
        .source
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md")
        .trim();
    if stem.is_empty() {
        chapter.id.clone()
    } else {
        stem.to_string()
    }
}

/// The XHTML document prologue up to and including `<body>`.
pub(super) fn doc_start(out: &mut String, lang: &str, title: &str, body_type: Option<&str>) {
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"",
    );
    push_attr(out, lang);
    out.push_str("\" xml:lang=\"");
    push_attr(out, lang);
    out.push_str("\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    push_text(out, title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"css/style.css\"/>\n</head>\n<body",
    );
    if let Some(t) = body_type {
        out.push_str(" epub:type=\"");
        out.push_str(t);
        out.push('"');
    }
    out.push_str(">\n");
}

/// Renders chapter `index` of the book as a complete XHTML document.
pub(super) fn render_chapter(ctx: &BookContext<'_>, index: usize) -> RenderedChapter {
    let chapter = &ctx.book.chapters[index];
    // A `LangTag` by construction (parse checked it): written as it is.
    let tag = chapter.lang.as_ref().unwrap_or(&ctx.book.meta.language);
    let lang = tag.as_str().to_string();
    let mut w = Writer {
        ctx,
        index,
        chapter,
        out: String::with_capacity(8 * 1024),
        family: Family::Serif,
        bold: false,
        chars: Chars::default(),
        emitted: HashSet::new(),
        first_ref: HashMap::new(),
        ref_count: HashMap::new(),
        uses_math: false,
        link_depth: 0,
        labels: Labels::for_lang(&lang),
        diagnostics: Vec::new(),
        page_marks: Vec::new(),
    };
    let title = chapter_title(chapter);
    doc_start(&mut w.out, &lang, &title, None);
    w.out
        .push_str("<section epub:type=\"chapter\" role=\"doc-chapter\" class=\"chapter\">\n");
    w.page_breaks(None);
    w.out.push_str("<h1");
    w.id_attr(&chapter.title_id);
    w.out.push('>');
    w.family = Family::Sans;
    w.bold = true;
    w.text(&title);
    w.bold = false;
    w.family = Family::Serif;
    w.out.push_str("</h1>\n");
    w.chapter_meta();
    for (i, block) in chapter.blocks.iter().enumerate() {
        w.page_breaks(Some(i));
        w.block(block);
    }
    w.footnotes(&chapter.footnotes);
    w.out.push_str("</section>\n</body>\n</html>\n");
    RenderedChapter {
        xhtml: w.out,
        uses_math: w.uses_math,
        chars: w.chars,
        diagnostics: w.diagnostics,
        page_marks: w.page_marks,
    }
}

pub(super) struct Writer<'a> {
    pub(super) ctx: &'a BookContext<'a>,
    pub(super) index: usize,
    pub(super) chapter: &'a Chapter,
    pub(super) out: String,
    pub(super) family: Family,
    /// Inside bold text (strong, headings, table headers, callout titles: see css.rs).
    pub(super) bold: bool,
    pub(super) chars: Chars,
    /// XML ids already written in this document (an id is written once).
    pub(super) emitted: HashSet<String>,
    /// Footnote model id → id of its first reference (the back link's target).
    pub(super) first_ref: HashMap<String, String>,
    pub(super) ref_count: HashMap<String, u32>,
    pub(super) uses_math: bool,
    /// How many `<a>` we are inside (HTML forbids nested links).
    pub(super) link_depth: u32,
    /// Generated words in the chapter's language (the chapter's `lang`, else the book's).
    pub(super) labels: &'static Labels,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Page-break markers written so far: (page number, id).
    pub(super) page_marks: Vec<(String, String)>,
}

impl Writer<'_> {
    pub(super) fn text(&mut self, s: &str) {
        self.chars.add(self.family, self.bold, s);
        push_text(&mut self.out, s);
    }

    /// Writes ` id="…"` for a model id, once per document.
    pub(super) fn id_attr(&mut self, model_id: &str) {
        let Some(id) = self.ctx.ids[self.index()].get(model_id) else {
            return;
        };
        if self.emitted.insert(id.clone()) {
            self.out.push_str(" id=\"");
            push_attr(&mut self.out, id);
            self.out.push('"');
        }
    }

    pub(super) fn index(&self) -> usize {
        self.index
    }

    /// A fresh id not used by the model nor already written.
    pub(super) fn fresh_id(&mut self, base: &str) -> String {
        let taken = |s: &String, w: &Self| {
            w.emitted.contains(s) || w.ctx.ids[w.index()].values().any(|v| v == s)
        };
        let base = xml_id(base);
        let mut cand = base.clone();
        let mut n = 1;
        while taken(&cand, self) {
            n += 1;
            cand = format!("{base}-{n}");
        }
        self.emitted.insert(cand.clone());
        cand
    }

    /// Writes the page-break markers of the print pages that begin at top-level block `block`
    /// of this chapter (`None`: at its title), as DPUB-ARIA asks: an empty element with the
    /// page number as its accessible name.
    fn page_breaks(&mut self, block: Option<usize>) {
        let ctx = self.ctx;
        let pages = &ctx.print_pages[self.index];
        for page in pages.iter().filter(|p| p.block == block) {
            let id = self.fresh_id(&format!("page-{}", page.label));
            self.out
                .push_str("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"");
            self.out.push_str(&id);
            self.out.push_str("\" aria-label=\"");
            push_attr(&mut self.out, &page.label);
            self.out.push_str("\"></span>\n");
            self.page_marks.push((page.label.clone(), id));
        }
    }

    fn chapter_meta(&mut self) {
        let meta = &self.chapter.meta;
        if let Some(byline) = meta.byline() {
            self.out.push_str("<p class=\"chapter-meta\">");
            self.family = Family::Sans;
            self.text(&byline);
            self.family = Family::Serif;
            self.out.push_str("</p>\n");
        }
        if !meta.tags.is_empty() {
            self.out.push_str("<p class=\"chapter-tags\">");
            self.family = Family::Sans;
            for (i, t) in meta.tag_words().iter().enumerate() {
                if i > 0 {
                    self.out.push(' ');
                }
                self.out.push_str("<span class=\"tag\">");
                self.text(t);
                self.out.push_str("</span>");
            }
            self.family = Family::Serif;
            self.out.push_str("</p>\n");
        }
    }
}
