//! Benchmark of stage ③ text: paragraphs → shaped, broken, justified lines
//! (`hanji::text::set_paragraph`), one thread, on every body paragraph of the book (text of the
//! model's paragraph, heading and list blocks, with bold and code styles), at the default
//! A4 text width. Two rows per input: a fresh `ShapeCache` per run (cold: every word shaped) and
//! one cache kept across runs (warm: only breaking and justification).
//! Run: `cargo bench --bench text`.

mod common;

use hanji::font::{Family, Pt};
use hanji::model::{Block, BlockKind, Book, Inline, InlineKind, Style};
use hanji::text::{KoreanBreak, LineOptions, Paragraph, ShapeCache, TextStyle, set_paragraph};

/// Appends `inlines` to `p` with the style they carry.
fn push_inlines(p: &mut Paragraph, inlines: &[Inline], style: TextStyle) {
    let push = |p: &mut Paragraph, s: &str, style: TextStyle| {
        if s.is_empty() {
            return;
        }
        let start = p.text.len();
        p.text.push_str(s);
        p.styles.push((start..p.text.len(), style));
    };
    for inline in inlines {
        match &inline.kind {
            InlineKind::Text(s) | InlineKind::Math(s) => push(p, s, style),
            InlineKind::Code(s) => push(
                p,
                s,
                TextStyle {
                    family: Family::Mono,
                    ..style
                },
            ),
            InlineKind::SoftBreak => push(p, " ", style),
            InlineKind::LineBreak => push(p, "\n", style),
            InlineKind::FootnoteRef { number, .. } => push(p, &number.to_string(), style),
            InlineKind::Styled(s, content) => {
                let inner = TextStyle {
                    bold: style.bold || *s == Style::Strong,
                    italic: style.italic || *s == Style::Emphasis,
                    ..style
                };
                push_inlines(p, content, inner);
            }
            InlineKind::Link { content, .. } => push_inlines(p, content, style),
            InlineKind::Image(_) => {}
        }
    }
}

/// Adds one `Paragraph` made of `inlines` to `out` (unless empty).
fn one(inlines: &[Inline], lang: &str, style: TextStyle, out: &mut Vec<Paragraph>) {
    let mut p = Paragraph {
        text: String::new(),
        styles: Vec::new(),
        lang: lang.to_string(),
        objects: Vec::new(),
    };
    push_inlines(&mut p, inlines, style);
    if !p.text.is_empty() {
        out.push(p);
    }
}

/// Collects one `Paragraph` per text block, recursing into containers.
fn collect(blocks: &[Block], lang: &str, style: TextStyle, out: &mut Vec<Paragraph>) {
    for block in blocks {
        match &block.kind {
            BlockKind::Paragraph(inlines) => one(inlines, lang, style, out),
            BlockKind::Heading { content, .. } => one(
                content,
                lang,
                TextStyle {
                    family: Family::Sans,
                    bold: true,
                    ..style
                },
                out,
            ),
            BlockKind::List { items, .. } => {
                for item in items {
                    collect(&item.blocks, lang, style, out);
                }
            }
            BlockKind::Quote(inner)
            | BlockKind::Callout { blocks: inner, .. }
            | BlockKind::Embed { blocks: inner, .. } => collect(inner, lang, style, out),
            _ => {}
        }
    }
}

/// Every text paragraph of the book, in order.
fn paragraphs(book: &Book) -> Vec<Paragraph> {
    let style = TextStyle {
        family: Family::Serif,
        bold: false,
        italic: false,
        size: Pt(10.5),
        baseline_shift: Pt(0.0),
        tag: 0,
    };
    let mut out = Vec::new();
    for chapter in &book.chapters {
        let lang = chapter
            .lang
            .as_ref()
            .unwrap_or(&book.meta.language)
            .as_str();
        collect(&chapter.blocks, lang, style, &mut out);
    }
    out
}

fn main() {
    common::header("text");
    for input in common::inputs() {
        let config = common::config_for(&input.dir);
        let book = common::book_of(&config);
        let fonts = common::fonts_of(&config);
        let layout = config.layout_options();
        let options = LineOptions {
            width: Pt(layout.page_width.0 - layout.margins[1].0 - layout.margins[3].0),
            first_indent: Pt(0.0),
            justify: true,
            korean: KoreanBreak::Word,
            hyphenate: true,
        };
        let paras = paragraphs(&book);
        let set_all = |cache: &ShapeCache| {
            paras
                .iter()
                .map(|p| set_paragraph(p, &fonts, cache, &options).lines.len())
                .sum::<usize>()
        };
        let s = common::measure(|| set_all(&ShapeCache::new()));
        common::row("text (cold cache)", &input.name, paras.len(), "paras", &s);
        let warm = ShapeCache::new();
        let s = common::measure(|| set_all(&warm));
        common::row("text (warm cache)", &input.name, paras.len(), "paras", &s);
    }
}
