//! Block-level rendering of a chapter: paragraphs, headings, lists and tasks, quotes,
//! callouts, code (highlighted), tables, figures and images, display math, rules, embeds.

use super::escape::{push_attr, push_text};
use super::xhtml::{Writer, class_word};
use super::{highlight, math};
use crate::font::Family;
use crate::model::{Align, Block, BlockKind, Image, Inline, ListItem, plain_text};
use crate::resolve::heading_level;
use crate::resolve::labels::CALLOUT_TITLE_SEPARATOR;

impl Writer<'_> {
    pub(super) fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    pub(super) fn block(&mut self, block: &Block) {
        let start = self.out.len();
        self.block_content(block);
        if let Some(anchor) = &block.anchor {
            self.anchor_first_tag(start, anchor);
        }
    }

    /// Puts a block's own id (`^id`) on the first element written for it since `start`, or,
    /// when that element already has an id, on an empty `<span>` before it.
    fn anchor_first_tag(&mut self, start: usize, model_id: &str) {
        let tail = self.out.split_off(start);
        let tag_end = tail.find('>').unwrap_or(tail.len());
        let name_end = tail[..tag_end].find([' ', '/']).unwrap_or(tag_end);
        if tail.starts_with('<') && !tail[..tag_end].contains(" id=\"") {
            self.out.push_str(&tail[..name_end]);
            self.id_attr(model_id);
            self.out.push_str(&tail[name_end..]);
        } else {
            self.anchor_span(model_id);
            self.out.push_str(&tail);
        }
    }

    /// An empty `<span>` carrying a block's id, for content written without its own element
    /// (the first paragraph of a list item).
    pub(super) fn anchor_span(&mut self, model_id: &str) {
        self.out.push_str("<span");
        self.id_attr(model_id);
        self.out.push_str("></span>");
    }

    fn block_content(&mut self, block: &Block) {
        match &block.kind {
            BlockKind::Paragraph(inl) => {
                self.out.push_str("<p>");
                self.inlines(inl);
                self.out.push_str("</p>\n");
            }
            BlockKind::Heading { level, id, content } => {
                let h = heading_level(level.get());
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
                folded,
                blocks,
            } => self.callout(kind.as_str(), title.as_deref(), *folded, blocks),
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
            BlockKind::Media { attachment, src } => self.media(*attachment, src),
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

    /// A callout: a titled box classed by kind (the stylesheet colours it from the shared
    /// palette), the label in the chapter's language, then the title unless it repeats it.
    /// A foldable one (Obsidian `-`/`+`) is a `<details>` whose `<summary>` is the title, open
    /// for `+`, so the reader folds it as Obsidian does.
    fn callout(
        &mut self,
        kind: &str,
        title: Option<&[Inline]>,
        folded: Option<bool>,
        blocks: &[Block],
    ) {
        // HTML: <details> starts with one <summary> (phrasing content); XHTML needs open="open".
        let (tag, head_tag) = match folded {
            Some(_) => ("details", "summary"),
            None => ("div", "p"),
        };
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push_str(" class=\"callout callout-");
        self.out.push_str(&class_word(kind));
        self.out.push('"');
        if folded == Some(true) {
            self.out.push_str(" open=\"open\"");
        }
        self.out.push_str(">\n<");
        self.out.push_str(head_tag);
        self.out.push_str(" class=\"callout-title\">");
        let prev = std::mem::replace(&mut self.family, Family::Sans);
        let prev_bold = std::mem::replace(&mut self.bold, true);
        let labels = self.labels;
        let head = labels.callout_heading(kind, &title.map(plain_text).unwrap_or_default());
        if let Some(label) = &head.label {
            self.text(label);
        }
        if let Some(t) = title.filter(|_| head.title) {
            if head.label.is_some() {
                self.text(CALLOUT_TITLE_SEPARATOR);
            }
            self.inlines(t);
        }
        self.family = prev;
        self.bold = prev_bold;
        self.out.push_str("</");
        self.out.push_str(head_tag);
        self.out.push_str(">\n");
        self.blocks(blocks);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    pub(super) fn list(&mut self, start: Option<u64>, tight: bool, items: &[ListItem]) {
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
                if let Some(anchor) = &first.anchor {
                    self.anchor_span(anchor);
                }
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
                        if let Some(anchor) = &b.anchor {
                            self.anchor_span(anchor);
                        }
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

    pub(super) fn task_box(&mut self, task: Option<bool>) {
        // A disabled checkbox: readers draw it natively, no font needed for ☐/☑. WCAG 4.1.2:
        // a form control needs an accessible name, in the chapter's language.
        let (label, checked) = match task {
            Some(true) => (self.labels.task_done, " checked=\"checked\""),
            Some(false) => (self.labels.task_open, ""),
            None => return,
        };
        self.out.push_str(
            "<input type=\"checkbox\" class=\"task-box\" disabled=\"disabled\" aria-label=\"",
        );
        self.out.push_str(label);
        self.out.push('"');
        self.out.push_str(checked);
        self.out.push_str("/> ");
    }

    pub(super) fn code_block(&mut self, lang: Option<&str>, text: &str) {
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
        match lang.and_then(|l| highlight::highlighted_html(l, text)) {
            Some(html) => self.out.push_str(&html),
            None => push_text(&mut self.out, text),
        }
        self.out.push_str("</code></pre>\n");
    }

    pub(super) fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) {
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

    pub(super) fn image(&mut self, image: &Image, block: bool) {
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
                let label = self.labels.missing_image_text(&image.src, &image.alt);
                self.text(&label);
                self.family = prev;
                self.out.push_str(&format!("</{tag}>"));
            }
        }
    }

    pub(super) fn math(&mut self, tex: &str, display: bool) {
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
}
