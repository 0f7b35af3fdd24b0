//! One chapter → one XHTML content document (EPUB 3.3 §6.1: XHTML syntax of HTML, well-formed
//! XML, `epub:` namespace for structural semantics).
//!
//! Every block and inline kind of the model is rendered here; the characters written are
//! recorded per font family so the embedded fonts can be subset to exactly what is shown.

use super::escape::{self, encode_fragment, push_attr, push_text, sanitize_url, xml_id};
use super::{highlight, math};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::model::{
    Align, Block, BlockKind, Book, Chapter, Footnote, Image, Inline, InlineKind, LinkTarget,
    ListItem, Style,
};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Characters shown in each font family and weight (for subsetting).
#[derive(Clone, Debug, Default)]
pub struct Chars {
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
    pub fn get(&self, family: Family, bold: bool) -> &BTreeSet<char> {
        &self.sets[family_index(family)][usize::from(bold)]
    }

    /// Records the characters of `s` for `family` at this weight.
    pub fn add(&mut self, family: Family, bold: bool, s: &str) {
        let set = &mut self.sets[family_index(family)][usize::from(bold)];
        set.extend(s.chars().filter(|c| !c.is_control()));
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: Chars) {
        for (mine, theirs) in self.sets.iter_mut().zip(other.sets) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.extend(t);
            }
        }
    }
}

/// What the chapter writer needs to know about the rest of the book.
pub struct BookContext<'a> {
    /// The book.
    pub book: &'a Book,
    /// File name (relative to the package directory) of each chapter, e.g. `c001.xhtml`.
    pub files: Vec<String>,
    /// Per chapter: model id → the XML id written for it.
    pub ids: Vec<HashMap<String, String>>,
    /// Per asset: its path inside the package directory, when it is packaged.
    pub assets: Vec<Option<String>>,
    /// Language of the book (already validated).
    pub book_lang: String,
}

/// A rendered chapter.
pub struct RenderedChapter {
    /// The XHTML document.
    pub xhtml: String,
    /// Whether it contains MathML (OPF manifest property `mathml`).
    pub uses_math: bool,
    /// Characters written, per family.
    pub chars: Chars,
    /// Problems found while writing.
    pub diagnostics: Vec<Diagnostic>,
}

/// Localised labels for generated text.
pub struct Labels {
    /// Prefix of an embedded note's source link.
    pub embed_prefix: &'static str,
    /// Label for a missing image.
    pub missing_image: &'static str,
    /// Heading of the footnotes section.
    pub footnotes: &'static str,
    /// Table of contents title.
    pub toc: &'static str,
    /// Landmark names.
    pub title_page: &'static str,
    /// Landmark for the first chapter.
    pub body: &'static str,
    /// Cover landmark.
    pub cover: &'static str,
    /// Back-link label for footnotes.
    pub back: &'static str,
}

/// Labels in the language `lang` (Korean or English).
pub fn labels(lang: &str) -> Labels {
    if lang == "ko" || lang.starts_with("ko-") {
        Labels {
            embed_prefix: "포함된 노트: ",
            missing_image: "이미지 없음",
            footnotes: "각주",
            toc: "차례",
            title_page: "표제지",
            body: "본문",
            cover: "표지",
            back: "본문으로 돌아가기",
        }
    } else {
        Labels {
            embed_prefix: "Embedded note: ",
            missing_image: "Missing image",
            footnotes: "Footnotes",
            toc: "Contents",
            title_page: "Title page",
            body: "Start",
            cover: "Cover",
            back: "Back to text",
        }
    }
}

/// The display label of a callout kind when it has no explicit title.
fn callout_label(kind: &str, ko: bool) -> String {
    let (k, e) = match kind {
        "note" => ("참고", "Note"),
        "tip" | "hint" => ("팁", "Tip"),
        "important" => ("중요", "Important"),
        "warning" => ("경고", "Warning"),
        "caution" => ("주의", "Caution"),
        "info" => ("정보", "Info"),
        "danger" | "error" => ("위험", "Danger"),
        "details" => ("자세히", "Details"),
        "example" => ("예시", "Example"),
        "quote" => ("인용", "Quote"),
        "question" | "faq" => ("질문", "Question"),
        "success" | "check" | "done" => ("성공", "Success"),
        "abstract" | "summary" | "tldr" => ("요약", "Summary"),
        "todo" => ("할 일", "To do"),
        "bug" => ("버그", "Bug"),
        "failure" | "fail" => ("실패", "Failure"),
        _ => {
            let mut cs = kind.chars();
            return match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect(),
                None => if ko { "참고" } else { "Note" }.to_string(),
            };
        }
    };
    if ko { k } else { e }.to_string()
}

/// A CSS class fragment from a free-form callout kind: ASCII lower-case letters, digits, `-`.
fn class_word(kind: &str) -> String {
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

/// Maps every id the chapter defines (title, headings, footnotes, at any depth) to a unique XML id.
pub fn chapter_ids(chapter: &Chapter) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut used = HashSet::new();
    let mut add = |id: &str, map: &mut HashMap<String, String>| {
        if map.contains_key(id) {
            return;
        }
        let base = xml_id(id);
        let mut candidate = base.clone();
        let mut n = 1;
        while used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        used.insert(candidate.clone());
        map.insert(id.to_string(), candidate);
    };
    add(&chapter.title_id, &mut map);
    let mut stack: Vec<&[Block]> = vec![&chapter.blocks];
    for f in &chapter.footnotes {
        add(&f.id, &mut map);
        stack.push(&f.blocks);
    }
    // Depth-first in document order so the first occurrence keeps the plain id.
    let mut order: Vec<&Block> = Vec::new();
    fn walk<'b>(blocks: &'b [Block], order: &mut Vec<&'b Block>) {
        for b in blocks {
            order.push(b);
            match &b.kind {
                BlockKind::Quote(bs)
                | BlockKind::Callout { blocks: bs, .. }
                | BlockKind::Embed { blocks: bs, .. } => walk(bs, order),
                BlockKind::List { items, .. } => {
                    for it in items {
                        walk(&it.blocks, order);
                    }
                }
                _ => {}
            }
        }
    }
    for blocks in stack {
        walk(blocks, &mut order);
    }
    for b in order {
        if let BlockKind::Heading { id, .. } = &b.kind {
            add(id, &mut map);
        }
    }
    map
}

/// The chapter's title, never empty (EPUB: `title` and nav entries must have text).
pub fn chapter_title(chapter: &Chapter) -> String {
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

/// HTML heading level for a body heading: the chapter title is the `h1`, so body headings
/// start at `h2` (a second `#` heading in a note becomes an `h2` too).
pub fn html_level(level: u8) -> u8 {
    level.clamp(2, 6)
}

/// The XHTML document prologue up to and including `<body>`.
pub fn doc_start(out: &mut String, lang: &str, title: &str, body_type: Option<&str>) {
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
pub fn render_chapter(ctx: &BookContext<'_>, index: usize) -> RenderedChapter {
    let chapter = &ctx.book.chapters[index];
    let lang = match &chapter.lang {
        Some(l) if escape::is_lang_tag(l) => l.clone(),
        _ => ctx.book_lang.clone(),
    };
    let mut diagnostics = Vec::new();
    if let Some(l) = &chapter.lang
        && !escape::is_lang_tag(l)
    {
        diagnostics.push(Diagnostic::warning(
            "lang-invalid",
            Some(chapter.span.clone()),
            format!(
                "`{l}` is not a BCP 47 language tag; using `{}`",
                ctx.book_lang
            ),
        ));
    }
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
        ko: lang == "ko" || lang.starts_with("ko-"),
        labels: labels(&lang),
        diagnostics,
    };
    let title = chapter_title(chapter);
    doc_start(&mut w.out, &lang, &title, None);
    w.out
        .push_str("<section epub:type=\"chapter\" class=\"chapter\">\n<h1");
    w.id_attr(&chapter.title_id);
    w.out.push('>');
    w.family = Family::Sans;
    w.bold = true;
    w.text(&title);
    w.bold = false;
    w.family = Family::Serif;
    w.out.push_str("</h1>\n");
    w.chapter_meta();
    w.blocks(&chapter.blocks);
    w.footnotes(&chapter.footnotes);
    w.out.push_str("</section>\n</body>\n</html>\n");
    RenderedChapter {
        xhtml: w.out,
        uses_math: w.uses_math,
        chars: w.chars,
        diagnostics: w.diagnostics,
    }
}

struct Writer<'a> {
    ctx: &'a BookContext<'a>,
    index: usize,
    chapter: &'a Chapter,
    out: String,
    family: Family,
    /// Inside bold text (strong, headings, table headers, callout titles: see css.rs).
    bold: bool,
    chars: Chars,
    /// XML ids already written in this document (an id is written once).
    emitted: HashSet<String>,
    /// Footnote model id → id of its first reference (the back link's target).
    first_ref: HashMap<String, String>,
    ref_count: HashMap<String, u32>,
    uses_math: bool,
    /// How many `<a>` we are inside (HTML forbids nested links).
    link_depth: u32,
    ko: bool,
    labels: Labels,
    diagnostics: Vec<Diagnostic>,
}

impl Writer<'_> {
    fn text(&mut self, s: &str) {
        self.chars.add(self.family, self.bold, s);
        push_text(&mut self.out, s);
    }

    /// Writes ` id="…"` for a model id, once per document.
    fn id_attr(&mut self, model_id: &str) {
        let Some(id) = self.ctx.ids[self.index()].get(model_id) else {
            return;
        };
        if self.emitted.insert(id.clone()) {
            self.out.push_str(" id=\"");
            push_attr(&mut self.out, id);
            self.out.push('"');
        }
    }

    fn index(&self) -> usize {
        self.index
    }

    /// A fresh id not used by the model nor already written.
    fn fresh_id(&mut self, base: &str) -> String {
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

    fn chapter_meta(&mut self) {
        let meta = &self.chapter.meta;
        let mut parts: Vec<String> = Vec::new();
        if !meta.authors.is_empty() {
            parts.push(meta.authors.join(", "));
        }
        if let Some(d) = &meta.date {
            parts.push(d.clone());
        }
        if !parts.is_empty() {
            self.out.push_str("<p class=\"chapter-meta\">");
            self.family = Family::Sans;
            self.text(&parts.join(" · "));
            self.family = Family::Serif;
            self.out.push_str("</p>\n");
        }
        if !meta.tags.is_empty() {
            self.out.push_str("<p class=\"chapter-tags\">");
            self.family = Family::Sans;
            for (i, t) in meta.tags.iter().enumerate() {
                if i > 0 {
                    self.out.push(' ');
                }
                self.out.push_str("<span class=\"tag\">");
                self.text(&format!("#{t}"));
                self.out.push_str("</span>");
            }
            self.family = Family::Serif;
            self.out.push_str("</p>\n");
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, block: &Block) {
        match &block.kind {
            BlockKind::Paragraph(inl) => {
                self.out.push_str("<p>");
                self.inlines(inl);
                self.out.push_str("</p>\n");
            }
            BlockKind::Heading { level, id, content } => {
                let h = html_level(*level);
                self.out.push_str(&format!("<h{h}"));
                self.id_attr(id);
                self.out.push('>');
                let prev = std::mem::replace(&mut self.family, Family::Sans);
                let prev_bold = std::mem::replace(&mut self.bold, true);
                self.inlines(content);
                self.family = prev;
                self.bold = prev_bold;
                self.out.push_str(&format!("</h{h}>\n"));
            }
            BlockKind::List {
                start,
                tight,
                items,
            } => self.list(*start, *tight, items),
            BlockKind::Quote(bs) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(bs);
                self.out.push_str("</blockquote>\n");
            }
            BlockKind::Callout {
                kind,
                title,
                folded: _,
                blocks,
            } => {
                self.out.push_str("<div class=\"callout callout-");
                self.out.push_str(&class_word(kind));
                self.out.push_str("\">\n<p class=\"callout-title\">");
                let prev = std::mem::replace(&mut self.family, Family::Sans);
                let prev_bold = std::mem::replace(&mut self.bold, true);
                match title {
                    Some(t) if !t.is_empty() => self.inlines(t),
                    _ => {
                        let label = callout_label(kind, self.ko);
                        self.text(&label);
                    }
                }
                self.family = prev;
                self.bold = prev_bold;
                self.out.push_str("</p>\n");
                self.blocks(blocks);
                self.out.push_str("</div>\n");
            }
            BlockKind::Code { lang, text } => self.code_block(lang.as_deref(), text),
            BlockKind::Table {
                align,
                header,
                rows,
            } => self.table(align, header, rows),
            BlockKind::Figure { image, caption } => {
                self.out.push_str("<figure class=\"figure\">\n");
                self.image(image, true);
                if !caption.is_empty() {
                    self.out.push_str("\n<figcaption>");
                    self.inlines(caption);
                    self.out.push_str("</figcaption>");
                }
                self.out.push_str("\n</figure>\n");
            }
            BlockKind::Math(tex) => {
                self.out.push_str("<div class=\"math-display\">");
                self.math(tex, true);
                self.out.push_str("</div>\n");
            }
            BlockKind::Rule => self.out.push_str("<hr/>\n"),
            BlockKind::Embed {
                chapter,
                title,
                blocks,
            } => {
                self.out
                    .push_str("<div class=\"embed\">\n<p class=\"embed-source\">");
                let prev = std::mem::replace(&mut self.family, Family::Sans);
                let prefix = self.labels.embed_prefix;
                self.text(prefix);
                match self.ctx.files.get(chapter.0) {
                    Some(file) if self.link_depth == 0 => {
                        self.out.push_str("<a href=\"");
                        push_attr(&mut self.out, file);
                        self.out.push_str("\">");
                        self.text(title);
                        self.out.push_str("</a>");
                    }
                    _ => self.text(title),
                }
                self.family = prev;
                self.out.push_str("</p>\n");
                self.blocks(blocks);
                self.out.push_str("</div>\n");
            }
        }
    }

    fn list(&mut self, start: Option<u64>, tight: bool, items: &[ListItem]) {
        let tag = if start.is_some() { "ol" } else { "ul" };
        let is_task = items.iter().any(|i| i.task.is_some());
        self.out.push('<');
        self.out.push_str(tag);
        if let Some(s) = start
            && s != 1
        {
            self.out.push_str(&format!(" start=\"{s}\""));
        }
        if is_task {
            self.out.push_str(" class=\"tasks\"");
        }
        self.out.push_str(">\n");
        for item in items {
            match item.task {
                Some(_) => self.out.push_str("<li class=\"task\">"),
                None => self.out.push_str("<li>"),
            }
            let mut blocks = item.blocks.as_slice();
            let mut box_written = false;
            if let Some(first) = blocks.first()
                && let BlockKind::Paragraph(inl) = &first.kind
            {
                if !tight {
                    self.out.push_str("<p>");
                }
                self.task_box(item.task);
                box_written = true;
                self.inlines(inl);
                if !tight {
                    self.out.push_str("</p>");
                }
                blocks = &blocks[1..];
            }
            if !box_written {
                self.task_box(item.task);
            }
            for b in blocks {
                match (&b.kind, tight) {
                    (BlockKind::Paragraph(inl), true) => {
                        self.out.push_str("<br/>");
                        self.inlines(inl);
                    }
                    _ => {
                        self.out.push('\n');
                        self.block(b);
                    }
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    fn task_box(&mut self, task: Option<bool>) {
        // A disabled checkbox: readers draw it natively, no font needed for ☐/☑.
        match task {
            Some(true) => self.out.push_str(
                "<input type=\"checkbox\" class=\"task-box\" disabled=\"disabled\" checked=\"checked\"/> ",
            ),
            Some(false) => self
                .out
                .push_str("<input type=\"checkbox\" class=\"task-box\" disabled=\"disabled\"/> "),
            None => {}
        }
    }

    fn code_block(&mut self, lang: Option<&str>, text: &str) {
        self.chars.add(Family::Mono, self.bold, text);
        self.out.push_str("<pre class=\"code\"");
        if let Some(l) = lang {
            self.out.push_str(" data-lang=\"");
            push_attr(&mut self.out, l);
            self.out.push('"');
        }
        self.out.push_str("><code");
        if let Some(l) = lang {
            self.out.push_str(" class=\"language-");
            self.out.push_str(&class_word(l));
            self.out.push('"');
        }
        self.out.push('>');
        match lang.and_then(|l| highlight::highlight_code(l, text)) {
            Some(html) => self.out.push_str(&html),
            None => push_text(&mut self.out, text),
        }
        self.out.push_str("</code></pre>\n");
    }

    fn table(&mut self, align: &[Align], header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let class = |i: usize| match align.get(i) {
            Some(Align::Left) => " class=\"align-left\"",
            Some(Align::Center) => " class=\"align-center\"",
            Some(Align::Right) => " class=\"align-right\"",
            _ => "",
        };
        self.out.push_str("<div class=\"table-wrap\">\n<table>\n");
        if !header.is_empty() {
            self.out.push_str("<thead>\n<tr>");
            let prev = std::mem::replace(&mut self.family, Family::Sans);
            let prev_bold = std::mem::replace(&mut self.bold, true);
            for (i, cell) in header.iter().enumerate() {
                self.out.push_str("<th");
                self.out.push_str(class(i));
                self.out.push('>');
                self.inlines(cell);
                self.out.push_str("</th>");
            }
            self.family = prev;
            self.bold = prev_bold;
            self.out.push_str("</tr>\n</thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    self.out.push_str("<td");
                    self.out.push_str(class(i));
                    self.out.push('>');
                    self.inlines(cell);
                    self.out.push_str("</td>");
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n</div>\n");
    }

    fn image(&mut self, image: &Image, block: bool) {
        let href = image
            .asset
            .and_then(|a| self.ctx.assets.get(a.0).cloned().flatten());
        match href {
            Some(href) => {
                self.out.push_str("<img src=\"");
                push_attr(&mut self.out, &href);
                self.out.push_str("\" alt=\"");
                push_attr(&mut self.out, &image.alt);
                self.out.push('"');
                if let Some(w) = image.width {
                    self.out.push_str(&format!(" width=\"{w}\""));
                }
                self.out.push_str("/>");
            }
            None => {
                // A visible placeholder naming the missing file.
                let tag = if block { "div" } else { "span" };
                self.out
                    .push_str(&format!("<{tag} class=\"missing-image\">"));
                let prev = std::mem::replace(&mut self.family, Family::Sans);
                let label = format!("[{}: {}]", self.labels.missing_image, image.src);
                self.text(&label);
                self.family = prev;
                self.out.push_str(&format!("</{tag}>"));
            }
        }
    }

    fn math(&mut self, tex: &str, display: bool) {
        match math::tex_to_mathml(tex, display) {
            Some(mathml) => {
                self.uses_math = true;
                // The characters the reader draws are the MathML's text, not the TeX.
                let mut text = String::new();
                let mut in_tag = false;
                for c in mathml.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                self.chars.add(Family::Serif, self.bold, &text);
                self.out.push_str(&mathml);
            }
            None => {
                self.out.push_str(if display {
                    "<code class=\"math-tex math-tex-display\">"
                } else {
                    "<code class=\"math-tex\">"
                });
                let prev = std::mem::replace(&mut self.family, Family::Mono);
                self.text(tex);
                self.family = prev;
                self.out.push_str("</code>");
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match &inline.kind {
            InlineKind::Text(t) => self.text(t),
            InlineKind::Styled(style, content) => {
                let tag = match style {
                    Style::Emphasis => "em",
                    Style::Strong => "strong",
                    Style::Strikethrough => "s",
                    Style::Superscript => "sup",
                    Style::Subscript => "sub",
                    Style::Underline => "u",
                    Style::Highlight => "mark",
                    Style::Keyboard => "kbd",
                    Style::Small => "small",
                };
                self.out.push('<');
                self.out.push_str(tag);
                self.out.push('>');
                let (prev, prev_bold) = (self.family, self.bold);
                if *style == Style::Keyboard {
                    self.family = Family::Mono;
                }
                if *style == Style::Strong {
                    self.bold = true;
                }
                self.inlines(content);
                self.family = prev;
                self.bold = prev_bold;
                self.out.push_str("</");
                self.out.push_str(tag);
                self.out.push('>');
            }
            InlineKind::Code(c) => {
                self.out.push_str("<code>");
                let prev = std::mem::replace(&mut self.family, Family::Mono);
                self.text(c);
                self.family = prev;
                self.out.push_str("</code>");
            }
            InlineKind::Math(tex) => self.math(tex, false),
            InlineKind::SoftBreak => self.out.push('\n'),
            InlineKind::LineBreak => self.out.push_str("<br/>\n"),
            InlineKind::Link { target, content } => self.link(target, content, inline),
            InlineKind::Image(img) => self.image(img, false),
            InlineKind::FootnoteRef { id, number } => self.footnote_ref(id, *number),
        }
    }

    fn link(&mut self, target: &LinkTarget, content: &[Inline], inline: &Inline) {
        let href = match target {
            LinkTarget::External(url) => match sanitize_url(url) {
                Ok(u) => Some(u),
                Err(_) => {
                    self.diagnostics.push(Diagnostic::warning(
                        "link-scheme",
                        Some(inline.span.clone()),
                        format!("link to `{url}` is not http, https or mailto; kept as text"),
                    ));
                    None
                }
            },
            LinkTarget::Internal { chapter, anchor } => {
                self.internal_href(chapter.0, anchor.as_deref(), inline)
            }
        };
        match href {
            Some(h) if self.link_depth == 0 => {
                self.out.push_str("<a href=\"");
                push_attr(&mut self.out, &h);
                self.out.push_str("\">");
                self.link_depth += 1;
                self.inlines(content);
                self.link_depth -= 1;
                self.out.push_str("</a>");
            }
            _ => self.inlines(content),
        }
    }

    /// `cNNN.xhtml#id` for a place in the book; the id must exist there (else the chapter start).
    fn internal_href(
        &mut self,
        chapter: usize,
        anchor: Option<&str>,
        inline: &Inline,
    ) -> Option<String> {
        let Some(file) = self.ctx.files.get(chapter) else {
            self.diagnostics.push(Diagnostic::warning(
                "link-unresolved",
                Some(inline.span.clone()),
                "link to a chapter that is not in the book; kept as text",
            ));
            return None;
        };
        let mut href = file.clone();
        if let Some(a) = anchor {
            match self.ctx.ids[chapter].get(a) {
                Some(id) => {
                    href.push('#');
                    href.push_str(&encode_fragment(id));
                }
                None => self.diagnostics.push(Diagnostic::warning(
                    "link-anchor-missing",
                    Some(inline.span.clone()),
                    format!(
                        "no heading `{a}` in `{}`; linking to the note itself",
                        self.ctx.book.chapters[chapter].source
                    ),
                )),
            }
        }
        Some(href)
    }

    fn footnote_ref(&mut self, id: &str, number: u32) {
        let target = self.ctx.ids[self.index()].get(id).cloned();
        let known = self.chapter.footnotes.iter().any(|f| f.id == id);
        match target {
            Some(t) if known && self.link_depth == 0 => {
                let count = self.ref_count.entry(id.to_string()).or_insert(0);
                *count += 1;
                let base = format!("{t}-ref");
                let ref_id = self.fresh_id(&base);
                self.first_ref
                    .entry(id.to_string())
                    .or_insert(ref_id.clone());
                self.out.push_str(
                    "<sup class=\"fn-ref\"><a epub:type=\"noteref\" role=\"doc-noteref\" id=\"",
                );
                push_attr(&mut self.out, &ref_id);
                self.out.push_str("\" href=\"#");
                push_attr(&mut self.out, &encode_fragment(&t));
                self.out.push_str("\">");
                self.text(&number.to_string());
                self.out.push_str("</a></sup>");
            }
            _ => {
                self.out.push_str("<sup class=\"fn-ref\">");
                self.text(&number.to_string());
                self.out.push_str("</sup>");
            }
        }
    }

    fn footnotes(&mut self, notes: &[Footnote]) {
        if notes.is_empty() {
            return;
        }
        self.out
            .push_str("<section class=\"footnotes\" epub:type=\"footnotes\" aria-label=\"");
        push_attr(&mut self.out, self.labels.footnotes);
        self.out.push_str("\">\n<hr class=\"footnotes-sep\"/>\n");
        for f in notes {
            self.out
                .push_str("<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\"");
            self.id_attr(&f.id);
            self.out.push_str(">\n");
            let back = self.first_ref.get(&f.id).cloned();
            let mut blocks = f.blocks.as_slice();
            self.out.push_str("<p>");
            self.footnote_number(f.number, back.as_deref());
            if let Some(first) = blocks.first()
                && let BlockKind::Paragraph(inl) = &first.kind
            {
                self.inlines(inl);
                blocks = &blocks[1..];
            }
            self.out.push_str("</p>\n");
            self.blocks(blocks);
            self.out.push_str("</aside>\n");
        }
        self.out.push_str("</section>\n");
    }

    fn footnote_number(&mut self, number: u32, back: Option<&str>) {
        let n = format!("{number}.");
        match back {
            Some(b) => {
                self.out
                    .push_str("<a class=\"fn-back\" role=\"doc-backlink\" href=\"#");
                push_attr(&mut self.out, &encode_fragment(b));
                self.out.push_str("\" title=\"");
                push_attr(&mut self.out, self.labels.back);
                self.out.push_str("\">");
                self.text(&n);
                self.out.push_str("</a> ");
            }
            None => {
                self.out.push_str("<span class=\"fn-num\">");
                self.text(&n);
                self.out.push_str("</span> ");
            }
        }
    }
}
