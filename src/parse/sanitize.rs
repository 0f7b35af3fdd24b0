//! Applying the raw-HTML rules of `html.rs` inside the builder: HTML blocks and inline tags
//! become frames (styles, links, quotes, `<details>` callouts, figure captions) or vanish;
//! dropped elements (`<script>`, `<head>`…) swallow their content; `:::` markers open and close
//! Docusaurus admonitions; tags left in text by pulldown-cmark are stripped; finished inline
//! text is tidied (`tidy_text`).

use super::callouts::{self, Marker};
use super::frames::{BlockFrameKind, InlineFrameKind, parse_width};
use super::html::{self, TagClass, Token};
use super::markdown::{Builder, MAX_DEPTH, options};
use super::obsidian;
use super::tree::{BlockKind, Inline, InlineKind};
use crate::diag::{Diagnostic, Span};
use crate::model::Image;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

impl Builder<'_> {
    /// Text clean-ups on a finished inline sequence: tags left in text (`sanitize.rs`),
    /// `==highlight==` (`obsidian.rs`), and a warning for `[^label]` references that
    /// pulldown-cmark left as text because no definition exists.
    pub(super) fn tidy_text(&mut self, content: Vec<Inline>) -> Vec<Inline> {
        let content = self.strip_text_tags(content);
        for inline in &content {
            if let InlineKind::Text(t) = &inline.kind {
                for label in dangling_footnote_labels(t) {
                    let msg = format!("footnote `[^{label}]` has no definition; kept as text");
                    self.warn("footnote-missing", inline.span.clone(), msg);
                }
            }
        }
        obsidian::split_highlights(content)
    }

    /// Tags pulldown-cmark left in text (JSX it cannot parse, e.g. `<button onClick={() => …}>`)
    /// vanish in MDX notes; in Markdown notes only dangerous ones (`<script`, `<head`…) do, so
    /// prose about `<div>` survives. No raw markup reaches the model either way.
    pub(super) fn strip_text_tags(&mut self, content: Vec<Inline>) -> Vec<Inline> {
        if !content
            .iter()
            .any(|i| matches!(&i.kind, InlineKind::Text(t) if t.contains('<')))
        {
            return content;
        }
        let mdx = self.mdx;
        let relevant = |tok: &Token| match tok {
            Token::Open { name, .. } | Token::Close(name) => {
                mdx || matches!(html::classify(name), TagClass::DropAll | TagClass::DropTag)
            }
            Token::Comment(_) => mdx,
            Token::Text(_) => false,
        };
        let mut out: Vec<Inline> = Vec::with_capacity(content.len());
        let mut dropping: Option<String> = None;
        for inline in content {
            let toks = match &inline.kind {
                InlineKind::Text(t) if t.contains('<') => html::tokenize_with(t, false),
                _ => {
                    if dropping.is_none() {
                        out.push(inline);
                    }
                    continue;
                }
            };
            if dropping.is_none() && !toks.iter().any(|(_, t)| relevant(t)) {
                out.push(inline);
                continue;
            }
            for (_, tok) in toks {
                match tok {
                    Token::Text(t) if dropping.is_none() => {
                        if let Some(Inline {
                            kind: InlineKind::Text(prev),
                            ..
                        }) = out.last_mut()
                        {
                            prev.push_str(&t);
                        } else {
                            out.push(Inline {
                                kind: InlineKind::Text(t),
                                span: inline.span.clone(),
                            });
                        }
                    }
                    Token::Open {
                        name, self_closing, ..
                    } if dropping.is_none() => match html::classify(&name) {
                        TagClass::DropAll => {
                            self.warn(
                                "html-dropped",
                                inline.span.clone(),
                                format!("dropped <{name}> element and its content"),
                            );
                            if !self_closing {
                                dropping = Some(name);
                            }
                        }
                        TagClass::DropTag => self.warn(
                            "html-dropped",
                            inline.span.clone(),
                            format!("dropped <{name}> tag"),
                        ),
                        TagClass::Break => out.push(Inline {
                            kind: InlineKind::LineBreak,
                            span: inline.span.clone(),
                        }),
                        _ => {}
                    },
                    Token::Close(name) if dropping.as_deref() == Some(name.as_str()) => {
                        dropping = None
                    }
                    _ => {}
                }
            }
        }
        out
    }

    // ----- raw HTML -----

    /// Processes a whole HTML block (its pieces with their offsets).
    pub(super) fn html_block(&mut self, pieces: &[(usize, String)]) {
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(pieces.len());
        for (offset, text) in pieces {
            starts.push((joined.len(), *offset));
            joined.push_str(text);
        }
        // Text stays raw here: it may be Markdown (see `html_text`), which decodes entities itself.
        let tokens = html::tokenize_with(&joined, false);
        let mut skip_until = 0;
        for (k, (pos, tok)) in tokens.iter().cloned().enumerate() {
            if k < skip_until {
                continue;
            }
            if self.suppress.is_empty()
                && let Some(end) = self.head_metadata_block(&tokens, k)
            {
                skip_until = end + 1;
                continue;
            }
            let i = starts.partition_point(|s| s.0 <= pos).saturating_sub(1);
            let (js, es) = starts.get(i).copied().unwrap_or((0, 0));
            // Text spans point at the first visible character, not the newline after a tag.
            let lead = match &tok {
                Token::Text(t) => t.len() - t.trim_start().len(),
                _ => 0,
            };
            let span = self.span_at(es + (pos - js) + lead);
            self.html_token(tok, span, true);
        }
    }

    /// When `tokens[k]` opens a `<head>` that only carries page metadata (`html.rs`,
    /// [`html::head_metadata`]), records it and returns the index of its `</head>`: the element
    /// is consumed silently. Otherwise `None`, and the usual rule drops it with a warning.
    fn head_metadata_block(&mut self, tokens: &[html::Located], k: usize) -> Option<usize> {
        let (_, Token::Open { name, .. }) = &tokens[k] else {
            return None;
        };
        if !name.eq_ignore_ascii_case("head") {
            return None;
        }
        let end = k + tokens[k..]
            .iter()
            .position(|(_, t)| matches!(t, Token::Close(n) if n.eq_ignore_ascii_case("head")))?;
        let inner: Vec<Token> = tokens[k + 1..end].iter().map(|(_, t)| t.clone()).collect();
        let meta = match html::head_metadata(&inner) {
            Ok(meta) => meta,
            Err(what) => {
                self.head_reason = Some(what);
                return None;
            }
        };
        let head = &mut self.head;
        head.lang = head.lang.take().or(meta.lang);
        head.title = head.title.take().or(meta.title);
        head.description = head.description.take().or(meta.description);
        if head.keywords.is_empty() {
            head.keywords = meta.keywords;
        }
        Some(end)
    }

    /// Text between tags of an HTML block. MDX (and so Docusaurus) parses Markdown inside JSX
    /// components, and notes rely on it (`<DisplayFlex>` around `![[a.png]]` lines), so text
    /// with Markdown punctuation is parsed as Markdown (dedented, so HTML indentation is no code
    /// block; its nodes take the text's span). Other text follows HTML rendering: entities
    /// decoded, whitespace runs collapsed to one space.
    pub(super) fn html_text(&mut self, raw: &str, span: Span) {
        if raw.contains(['[', '*', '_', '`', '$', '~']) && self.span_override.is_none() {
            // Dedent HTML indentation only (spaces, tabs): a leading U+3000 is text.
            let dedented: Vec<&str> = raw
                .lines()
                .map(|l| l.trim_start_matches([' ', '\t']))
                .collect();
            let dedented = dedented.join("\n");
            // Whitespace at the edges separates the fragment from the tags around it.
            if raw.starts_with(char::is_whitespace) && !self.inlines.is_empty() {
                self.push_inline(InlineKind::Text(" ".into()), span.clone());
            }
            let outer = self.span_override.replace(span.clone());
            for (event, range) in Parser::new_ext(&dedented, options()).into_offset_iter() {
                // Paragraph boundaries of the fragment are not boundaries of the HTML around it
                // (`<summary>**bold**</summary>` stays one title).
                if !matches!(
                    event,
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                ) {
                    self.event(event, range);
                }
            }
            self.span_override = outer;
            if raw.ends_with(char::is_whitespace) && !self.inlines.is_empty() {
                self.push_inline(InlineKind::Text(" ".into()), span);
            }
            return;
        }
        let collapsed = collapse_whitespace(&html::decode_entities(raw));
        if collapsed.trim_matches(' ').is_empty() && self.inlines.is_empty() {
            return;
        }
        self.push_inline(InlineKind::Text(collapsed), span);
    }

    /// Applies one HTML token; `block` is true inside an HTML block.
    pub(super) fn html_token(&mut self, tok: Token, span: Span, block: bool) {
        match tok {
            Token::Comment(c) => {
                if !block || !self.suppress.is_empty() {
                    return;
                }
                match callouts::parse_marker(&c) {
                    Some(Marker::Open(n)) => {
                        let Some(adm) = self.admonitions.get(n) else {
                            return;
                        };
                        let title = adm.title.clone().map(|t| {
                            vec![Inline {
                                kind: InlineKind::Text(t),
                                span: span.clone(),
                            }]
                        });
                        let kind = BlockFrameKind::Callout {
                            kind: adm.kind.clone(),
                            title,
                            folded: None,
                            docusaurus: true,
                        };
                        if self.blocks.len() + self.inlines.len() >= MAX_DEPTH {
                            // Too deep: flattened; its `:::` close is skipped too.
                            self.skipped_admonitions += 1;
                            return;
                        }
                        self.open_block(kind, span);
                    }
                    Some(Marker::Close) if self.skipped_admonitions > 0 => {
                        self.skipped_admonitions -= 1;
                    }
                    Some(Marker::Close) => {
                        self.flush_inlines();
                        if !self.close_html_block(|k| {
                            matches!(
                                k,
                                BlockFrameKind::Callout {
                                    docusaurus: true,
                                    ..
                                }
                            )
                        }) {
                            self.warn(
                                "admonition-unbalanced",
                                span,
                                "`:::` closes an admonition opened in another container".into(),
                            );
                        }
                    }
                    None => {}
                }
            }
            Token::Text(t) => {
                if !self.suppress.is_empty() {
                    return;
                }
                if block {
                    self.html_text(&t, span);
                } else {
                    self.push_inline(InlineKind::Text(t), span);
                }
            }
            Token::Open {
                name,
                attrs,
                self_closing,
            } => self.html_open(name, attrs, self_closing, span, block),
            Token::Close(name) => self.html_close(&name, block),
        }
    }

    /// An opening tag: a frame, a node, a dropped element, or nothing.
    pub(super) fn html_open(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
        span: Span,
        block: bool,
    ) {
        let class = html::classify(&name);
        let name = name.to_ascii_lowercase();
        if let Some(inside) = self.suppress.last() {
            if *inside == name && !self_closing {
                self.suppress.push(name);
            }
            return;
        }
        let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        for (k, _) in attrs.iter().filter(|(k, _)| k.starts_with("on")) {
            let msg = format!("dropped event-handler attribute `{k}` on <{name}>");
            self.diagnostics
                .push(Diagnostic::warning("html-dropped", Some(span.clone()), msg));
        }
        match class {
            TagClass::DropAll => {
                let why = match self.head_reason.take() {
                    Some(what) if name == "head" => format!(" ({what} is not page metadata)"),
                    _ => String::new(),
                };
                self.warn(
                    "html-dropped",
                    span,
                    format!("dropped <{name}> element and its content{why}"),
                );
                if !self_closing {
                    self.suppress.push(name);
                }
            }
            TagClass::DropTag => self.warn("html-dropped", span, format!("dropped <{name}> tag")),
            TagClass::Style(style) => {
                if !self_closing && self.inlines.len() < MAX_DEPTH {
                    self.open_inline(InlineFrameKind::HtmlStyled(style, name), span);
                }
            }
            TagClass::Break => self.push_inline(InlineKind::LineBreak, span),
            TagClass::Link => {
                // Docusaurus `<Link to=…>` names its target `to`.
                let dest = attr("href")
                    .or_else(|| attr("to"))
                    .filter(|h| !h.is_empty());
                let dest = match dest {
                    Some(h) if crate::model::url::is_refused_scheme(&h) => {
                        self.warn(
                            "html-dropped",
                            span.clone(),
                            format!("dropped unsafe link URL `{}`", truncate(&h)),
                        );
                        None
                    }
                    d => d,
                };
                if !self_closing && self.inlines.len() < MAX_DEPTH {
                    self.open_inline(InlineFrameKind::HtmlLink { dest }, span);
                }
            }
            TagClass::Img => {
                let Some(src) = attr("src").filter(|s| !s.is_empty()) else {
                    return;
                };
                if crate::model::url::is_refused_scheme(&src) {
                    self.warn(
                        "html-dropped",
                        span,
                        format!("dropped image with unsafe URL `{}`", truncate(&src)),
                    );
                    return;
                }
                let alt = attr("alt").unwrap_or_default();
                let width = attr("width").and_then(|w| parse_width(&w));
                let title = attr("title").unwrap_or_default();
                self.push_inline(
                    InlineKind::Image(Image {
                        asset: None,
                        src,
                        alt,
                        width,
                    }),
                    span,
                );
                if let Some(top) = self.inlines.last_mut() {
                    top.image_title = title;
                }
            }
            TagClass::Block => {
                if block {
                    self.flush_inlines();
                    if name == "hr" {
                        self.push_block(BlockKind::Rule, span);
                    }
                }
            }
            TagClass::Quote => {
                if block && !self_closing && self.blocks.len() < MAX_DEPTH {
                    self.open_block(BlockFrameKind::HtmlQuote, span);
                }
            }
            TagClass::Details => {
                if block && !self_closing && self.blocks.len() < MAX_DEPTH {
                    // <details open> is shown unfolded, like Obsidian's `+`.
                    let folded = Some(attr("open").is_some());
                    let kind = BlockFrameKind::Callout {
                        kind: "details".into(),
                        title: None,
                        folded,
                        docusaurus: false,
                    };
                    self.open_block(kind, span);
                }
            }
            TagClass::Summary => {
                if !self_closing {
                    if block {
                        self.flush_inlines();
                    }
                    self.open_inline(InlineFrameKind::Summary, span);
                }
            }
            TagClass::Figcaption => {
                if !self_closing {
                    if block {
                        self.flush_inlines();
                    }
                    self.open_inline(InlineFrameKind::Figcaption, span);
                }
            }
            TagClass::Component if block => self.flush_inlines(),
            TagClass::Component | TagClass::Transparent => {}
        }
    }

    /// A closing tag: closes the matching frame, if any.
    pub(super) fn html_close(&mut self, name: &str, block: bool) {
        let class = html::classify(name);
        let lower = name.to_ascii_lowercase();
        let name = lower.as_str();
        if !self.suppress.is_empty() {
            if self.suppress.last().is_some_and(|s| s == name) {
                self.suppress.pop();
            }
            return;
        }
        match class {
            TagClass::Style(_) => self.close_inline_until(
                |k| matches!(k, InlineFrameKind::HtmlStyled(_, n) if n == name),
            ),
            TagClass::Link => {
                self.close_inline_until(|k| matches!(k, InlineFrameKind::HtmlLink { .. }))
            }
            TagClass::Block | TagClass::Component if block => self.flush_inlines(),
            TagClass::Quote if block => {
                self.flush_inlines();
                self.close_html_block(|k| matches!(k, BlockFrameKind::HtmlQuote));
            }
            TagClass::Details if block => {
                self.flush_inlines();
                self.close_html_block(|k| {
                    matches!(
                        k,
                        BlockFrameKind::Callout {
                            docusaurus: false,
                            ..
                        }
                    )
                });
            }
            TagClass::Summary => self.close_inline_until(|k| *k == InlineFrameKind::Summary),
            TagClass::Figcaption => self.close_inline_until(|k| *k == InlineFrameKind::Figcaption),
            _ => {}
        }
    }
}

/// HTML text rendering: runs of collapsible white space become one space. CSS Text 3 §4.1.1:
/// only spaces, tabs and segment breaks collapse; U+00A0, U+3000 (the ideographic space a Korean
/// paragraph may start with), U+2003 and the other Unicode spaces are kept as written.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Labels of `[^label]` written in plain text (not followed by `:`, which would be a definition).
fn dangling_footnote_labels(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find("[^") {
        let after = &rest[p + 2..];
        match after.find(']') {
            Some(e)
                if e > 0
                    && !after[..e].contains(char::is_whitespace)
                    && !after[e + 1..].starts_with(':') =>
            {
                out.push(&after[..e]);
                rest = &after[e + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::collapse_whitespace;

    #[test]
    fn only_html_white_space_collapses() {
        assert_eq!(collapse_whitespace("a \t\n b"), "a b");
        // Unicode spaces are content, not HTML white space.
        for keep in ["\u{a0}", "\u{3000}", "\u{2003}", "\u{202f}"] {
            let s = format!("{keep}들여쓴 문단{keep}끝");
            assert_eq!(collapse_whitespace(&s), s);
        }
    }
}
