//! Raw HTML and MDX sanitising (issue 2 item 7): a small tolerant tokenizer and the rules that
//! decide what each tag becomes. No raw markup ever reaches the model: safe tags become model
//! nodes (see `markdown.rs`, which applies these rules), everything else becomes its text content
//! or is dropped with a warning.
//!
//! Rules:
//! - `head`, `script`, `style`, `iframe` (and `title`, `noscript`, `template`, `object`, `embed`)
//!   are dropped with their content, with an `html-dropped` warning — except a `<head>` that
//!   only carries page metadata ([`head_metadata`]): it is consumed silently and its `lang` and
//!   description go to the chapter.
//! - `html`, `meta`, `link`, `base` tags are dropped (content kept), with a warning.
//! - `on*` attributes and URLs of a refused scheme (`javascript:`, `data:`, `file:` …: the one
//!   policy of `model/url.rs`) are dropped with a warning.
//! - Unknown tags and JSX components (`<Tabs>`, `<Admonition type="tip">`, `<YouTube/>`) are
//!   transparent: the tag vanishes, its text content stays.
//! - MDX `import` / `export` lines vanish before parsing (see `mdx.rs`).

use crate::model::{LangTag, Style};

/// One piece of raw HTML.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Token {
    /// Character data, entities decoded.
    Text(String),
    /// `<name attr=…>` or `<name/>`.
    Open {
        /// Lower-cased tag name (JSX names are lower-cased too).
        name: String,
        /// Attributes in order, names lower-cased, values entity-decoded.
        attrs: Vec<(String, String)>,
        /// Written as `<name/>` (or a void element).
        self_closing: bool,
    },
    /// `</name>`.
    Close(String),
    /// `<!-- … -->` with its inner text.
    Comment(String),
}

/// A token with its byte offset in the tokenized string.
pub(crate) type Located = (usize, Token);

/// What a tag means to hanji.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TagClass {
    /// Dropped with its content (`script`, `style`, `head`, `iframe`, …).
    DropAll,
    /// The tag is dropped with a warning, its content kept (`html`, `meta`).
    DropTag,
    /// An inline style.
    Style(Style),
    /// `<br>`.
    Break,
    /// `<a href>`.
    Link,
    /// `<img>`.
    Img,
    /// A paragraph-like block boundary (`p`, `div`, `section`, `figure`, headings…).
    Block,
    /// `<blockquote>`.
    Quote,
    /// `<details>`.
    Details,
    /// `<summary>`.
    Summary,
    /// `<figcaption>`.
    Figcaption,
    /// A JSX component: transparent, and a paragraph boundary in block HTML (each `<TabItem>`
    /// becomes its own paragraph).
    Component,
    /// Anything else (unknown tags, `span`, `abbr`): transparent.
    Transparent,
}

/// Classifies a tag name as written. PascalCase names are JSX components (`Tabs`, `Admonition`,
/// `YouTube`): transparent, except Docusaurus `Link` (a link) and names that are dangerous in
/// any case (`Script`). Other names are compared case-insensitively, as HTML does.
pub(crate) fn classify(name: &str) -> TagClass {
    let lower = name.to_ascii_lowercase();
    let class = classify_html(&lower);
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.contains(|c: char| c.is_ascii_lowercase());
    match (pascal, class) {
        (true, TagClass::DropAll) => TagClass::DropAll,
        (true, _) if lower == "link" => TagClass::Link,
        (true, _) => TagClass::Component,
        (false, class) => class,
    }
}

fn classify_html(name: &str) -> TagClass {
    match name {
        "head" | "script" | "style" | "iframe" | "title" | "noscript" | "template" | "object"
        | "embed" | "frame" | "frameset" | "svg" | "math" => TagClass::DropAll,
        "html" | "meta" | "link" | "base" | "form" | "input" => TagClass::DropTag,
        "sup" => TagClass::Style(Style::Superscript),
        "sub" => TagClass::Style(Style::Subscript),
        "kbd" => TagClass::Style(Style::Keyboard),
        "mark" => TagClass::Style(Style::Highlight),
        "u" | "ins" => TagClass::Style(Style::Underline),
        "s" | "del" | "strike" => TagClass::Style(Style::Strikethrough),
        "small" => TagClass::Style(Style::Small),
        "b" | "strong" => TagClass::Style(Style::Strong),
        "i" | "em" | "cite" => TagClass::Style(Style::Emphasis),
        "br" => TagClass::Break,
        "a" => TagClass::Link,
        "img" => TagClass::Img,
        "p" | "div" | "section" | "article" | "figure" | "center" | "h1" | "h2" | "h3" | "h4"
        | "h5" | "h6" | "ul" | "ol" | "li" | "table" | "tr" | "hr" | "pre" => TagClass::Block,
        "blockquote" => TagClass::Quote,
        "details" => TagClass::Details,
        "summary" => TagClass::Summary,
        "figcaption" => TagClass::Figcaption,
        _ => TagClass::Transparent,
    }
}

/// Page metadata found in a `<head>` that carries nothing else (Docusaurus writes
/// `<head><html lang="ko-KR"/></head>` and `<head><title>…</title><meta name="description" …/>`
/// in notes).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct HeadMeta {
    /// `<html lang>`: the chapter's language when the front matter sets none.
    pub lang: Option<LangTag>,
    /// `<title>` text (the chapter title comes from front matter or the first H1; kept only
    /// for the record).
    pub title: Option<String>,
    /// `<meta name="description">`: the chapter description when the front matter has none.
    pub description: Option<String>,
    /// `<meta name="keywords">`, split at commas.
    pub keywords: Vec<String>,
}

/// Reads the tokens *inside* a `<head>` element as page metadata. `Err` names the first thing
/// that is not metadata hanji can honour or safely ignore (`<script>`, `<style>`, `<link>`,
/// unknown tags, text outside `<title>`): then the whole element is dropped with a warning.
pub(crate) fn head_metadata(tokens: &[Token]) -> Result<HeadMeta, String> {
    let mut meta = HeadMeta::default();
    let mut in_title = false;
    let mut title = String::new();
    for tok in tokens {
        match tok {
            Token::Comment(_) => {}
            Token::Text(t) if in_title => title.push_str(t),
            Token::Text(t) if t.trim().is_empty() => {}
            Token::Text(_) => return Err("text outside <title>".into()),
            Token::Open { name, attrs, .. } => {
                let attr = |k: &str| {
                    attrs
                        .iter()
                        .find(|(n, _)| n == k)
                        .map(|(_, v)| v.trim().to_string())
                };
                match name.to_ascii_lowercase().as_str() {
                    "html" => {
                        // The crate's one BCP 47 check (LangTag::parse), so `x` or `1`
                        // never reaches a writer.
                        if let Some(lang) = attr("lang").and_then(|l| LangTag::parse(&l)) {
                            meta.lang = Some(lang);
                        }
                    }
                    "title" if !in_title => in_title = true,
                    // `<meta charset>`, `http-equiv`, `viewport`… mean nothing in a book.
                    "meta" => {
                        let name = attr("name").map(|n| n.to_ascii_lowercase());
                        let content = attr("content").filter(|c| !c.is_empty());
                        match name.as_deref() {
                            Some("description") => meta.description = content,
                            Some("keywords") => {
                                meta.keywords = content
                                    .iter()
                                    .flat_map(|c| c.split(','))
                                    .map(str::trim)
                                    .filter(|k| !k.is_empty())
                                    .map(str::to_string)
                                    .collect()
                            }
                            _ => {}
                        }
                    }
                    other => return Err(format!("<{other}>")),
                }
            }
            Token::Close(name) => match name.to_ascii_lowercase().as_str() {
                "title" => in_title = false,
                "html" | "meta" => {}
                other => return Err(format!("</{other}>")),
            },
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    meta.title = (!title.is_empty()).then_some(title);
    Ok(meta)
}

/// Whether `name` is a void element (never has a closing tag).
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img"
            | "hr"
            | "meta"
            | "link"
            | "base"
            | "input"
            | "wbr"
            | "source"
            | "col"
            | "area"
    )
}

/// The text of `s` without tags (and without the content of dropped elements such as
/// `<script>`), for strings that are shown as plain text: titles, targets as written.
pub(crate) fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut dropping: Option<String> = None;
    for (_, tok) in tokenize_with(s, false) {
        match tok {
            Token::Text(t) if dropping.is_none() => out.push_str(&t),
            Token::Open {
                name,
                self_closing: false,
                ..
            } if dropping.is_none() && classify(&name) == TagClass::DropAll => {
                dropping = Some(name.to_ascii_lowercase())
            }
            Token::Close(name) if dropping.as_deref() == Some(&name.to_ascii_lowercase()) => {
                dropping = None
            }
            _ => {}
        }
    }
    out
}

/// Tokenizes raw HTML. Never fails: a `<` that does not start a tag is text.
pub(crate) fn tokenize(s: &str) -> Vec<Located> {
    tokenize_with(s, true)
}

/// Tokenizes; `decode` says whether character references in text are decoded (Markdown text
/// from pulldown-cmark is already decoded).
pub(crate) fn tokenize_with(s: &str, decode: bool) -> Vec<Located> {
    let text = |t: &str| {
        if decode {
            decode_entities(t)
        } else {
            t.to_string()
        }
    };
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] == b'<'
            && let Some((tok, end)) = scan_tag(s, i)
        {
            if text_start < i {
                out.push((text_start, Token::Text(text(&s[text_start..i]))));
            }
            out.push((i, tok));
            i = end;
            text_start = end;
            continue;
        }
        i += 1;
    }
    if text_start < s.len() {
        out.push((text_start, Token::Text(text(&s[text_start..]))));
    }
    out
}

/// Scans a tag starting at `start` (a `<`); returns the token and the end offset.
fn scan_tag(s: &str, start: usize) -> Option<(Token, usize)> {
    let rest = &s[start..];
    if let Some(body) = rest.strip_prefix("<!--") {
        let end = body.find("-->").map_or(s.len(), |e| start + 4 + e + 3);
        let inner = body.get(..end.saturating_sub(start + 7)).unwrap_or(body);
        return Some((Token::Comment(inner.to_string()), end));
    }
    // `<!DOCTYPE …>`, `<![CDATA[…]]>`, `<?xml …?>`: declarations, dropped. Anything else after
    // `<!`/`<?`, or a `<` before the closing `>`, means this was no declaration.
    let decl = rest.starts_with("<?")
        || rest.starts_with("<![CDATA[")
        || rest
            .strip_prefix("<!")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()));
    if decl {
        let end = rest.find('>')?;
        if rest[1..end].contains('<') {
            return None;
        }
        return Some((Token::Comment(String::new()), start + end + 1));
    }
    let (closing, name_start) = if rest.starts_with("</") {
        (true, 2)
    } else {
        (false, 1)
    };
    let name_len = rest[name_start..]
        .find(|c: char| {
            !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' || c == ':')
        })
        .unwrap_or(rest.len() - name_start);
    if name_len == 0 || !rest[name_start..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None; // `<3`, `< b`: a stray `<` stays text
    }
    // Case is kept: `Tabs` (a JSX component) and `tabs` are told apart by [`classify`].
    let name = rest[name_start..name_start + name_len].to_string();
    let mut pos = name_start + name_len;
    let mut attrs = Vec::new();
    let rb = rest.as_bytes();
    loop {
        while pos < rb.len() && rb[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= rb.len() {
            return None;
        }
        match rb[pos] {
            // A `<` cannot occur inside a tag: this was no tag, and the `<` that follows may
            // start a real one (`</http://x/<script>` hides nothing).
            b'<' => return None,
            b'>' => {
                let tok = if closing {
                    Token::Close(name)
                } else {
                    let void = is_void(&name);
                    Token::Open {
                        name,
                        attrs,
                        self_closing: void,
                    }
                };
                return Some((tok, start + pos + 1));
            }
            b'/' if rb.get(pos + 1) == Some(&b'>') => {
                let tok = if closing {
                    Token::Close(name)
                } else {
                    Token::Open {
                        name,
                        attrs,
                        self_closing: true,
                    }
                };
                return Some((tok, start + pos + 2));
            }
            b'{' => {
                // JSX expression attribute `{...props}` or `prop={…}`: skip balanced braces.
                pos = skip_braces(rb, pos)?;
            }
            _ => {
                // HTML §13.2.5.32: attribute names end at ASCII whitespace; U+00A0 is a name
                // character, never a separator (a byte step inside it was a slice panic).
                let an_len = rest[pos..]
                    .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/' | '<'))
                    .unwrap_or(rest.len() - pos);
                if an_len == 0 {
                    // A lone `/` or `=`: skip one whole character.
                    pos += rest[pos..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                let an = rest[pos..pos + an_len].to_ascii_lowercase();
                pos += an_len;
                while pos < rb.len() && rb[pos].is_ascii_whitespace() {
                    pos += 1;
                }
                let mut value = String::new();
                if rb.get(pos) == Some(&b'=') {
                    pos += 1;
                    while pos < rb.len() && rb[pos].is_ascii_whitespace() {
                        pos += 1;
                    }
                    match rb.get(pos) {
                        Some(&q @ (b'"' | b'\'')) => {
                            let close = rest[pos + 1..].find(q as char)? + pos + 1;
                            value = decode_entities(&rest[pos + 1..close]);
                            pos = close + 1;
                        }
                        Some(b'{') => {
                            let end = skip_braces(rb, pos)?;
                            value = rest[pos + 1..end - 1]
                                .trim()
                                .trim_matches(['"', '\'', '`'])
                                .to_string();
                            pos = end;
                        }
                        _ => {
                            let vlen = rest[pos..]
                                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                                .unwrap_or(rest.len() - pos);
                            value = decode_entities(&rest[pos..pos + vlen]);
                            pos += vlen;
                        }
                    }
                }
                attrs.push((an, value));
            }
        }
    }
}

/// Returns the offset after the `}` matching the `{` at `pos`.
fn skip_braces(rb: &[u8], mut pos: usize) -> Option<usize> {
    let mut depth = 0usize;
    while pos < rb.len() {
        match rb[pos] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(pos + 1);
                }
            }
            _ => {}
        }
        pos += 1;
    }
    None
}

/// Decodes the common named entities and numeric character references.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&n| n <= 10);
        let decoded = semi.and_then(|n| {
            let ent = &after[..n];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "copy" => Some('©'),
                _ => {
                    let num = ent.strip_prefix('#')?;
                    let v = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(v).filter(|&c| c != '\0')
                }
            };
            c.map(|c| (c, n))
        });
        match decoded {
            Some((c, n)) => {
                out.push(c);
                rest = &after[n + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_tags_attrs_and_stray_lt() {
        let toks: Vec<Token> = tokenize("GSPH<3 <a href=\"x&amp;y\" onclick='e()'>t</a><br/>")
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(toks[0], Token::Text("GSPH<3 ".into()));
        assert_eq!(
            toks[1],
            Token::Open {
                name: "a".into(),
                attrs: vec![
                    ("href".into(), "x&y".into()),
                    ("onclick".into(), "e()".into())
                ],
                self_closing: false
            }
        );
        assert_eq!(toks[3], Token::Close("a".into()));
        assert!(matches!(&toks[4], Token::Open { name, self_closing: true, .. } if name == "br"));
    }

    #[test]
    fn jsx_components_tokenize() {
        let toks =
            tokenize("<Admonition type=\"tip\" data={{a: 1}}>hi</Admonition><YouTube id=\"x\"/>");
        assert!(matches!(&toks[0].1, Token::Open { name, .. } if name == "Admonition"));
        assert_eq!(toks[1].1, Token::Text("hi".into()));
        assert!(
            matches!(&toks[3].1, Token::Open { name, self_closing: true, .. } if name == "YouTube")
        );
        assert_eq!(classify("YouTube"), TagClass::Component);
        assert_eq!(classify("Link"), TagClass::Link);
        assert_eq!(classify("link"), TagClass::DropTag);
        assert_eq!(classify("SCRIPT"), TagClass::DropAll);
        assert_eq!(classify("Script"), TagClass::DropAll);
        assert_eq!(classify("abbr"), TagClass::Transparent);
    }

    #[test]
    fn strips_tags_from_plain_strings() {
        assert_eq!(
            strip_tags("a <b>bold</b> <script>x()</script>c"),
            "a bold c"
        );
        assert_eq!(strip_tags("GSPH<3"), "GSPH<3");
        assert_eq!(
            strip_tags("</http://x.y/<script>bad()</script>ok"),
            "</http://x.y/ok"
        );
    }

    #[test]
    fn head_with_only_metadata_is_read() {
        let inner = |s: &str| {
            let toks: Vec<Token> = tokenize(s).into_iter().map(|t| t.1).collect();
            head_metadata(&toks[1..toks.len() - 1])
        };
        let m = inner("<head>\n  <html lang=\"ko-KR\"/>\n</head>").expect("metadata");
        assert_eq!(m.lang.as_ref().map(LangTag::as_str), Some("ko-KR"));
        // One validator for the whole crate: `x` and `1` are not tags; case is normalised.
        // Regression: U+00A0 after an attribute name sliced inside the character.
        assert!(tokenize("*<word\u{a0}*").len() <= 3);
        assert!(tokenize("<a b\u{3000}=\u{a0}c\u{a0}>x").len() <= 3);
        for (attr, want) in [("x", None), ("1", None), ("KO-kr", Some("ko-KR"))] {
            let m = inner(&format!("<head><html lang=\"{attr}\"/></head>")).expect("metadata");
            assert_eq!(m.lang.as_ref().map(LangTag::as_str), want, "{attr}");
        }
        let m = inner(
            "<head><meta charset=\"utf-8\"><title>A  page</title>\
             <meta name=\"description\" content=\"About it\"/>\
             <meta name=\"keywords\" content=\"a, b\"></head>",
        )
        .expect("metadata");
        assert_eq!(m.title.as_deref(), Some("A page"));
        assert_eq!(m.description.as_deref(), Some("About it"));
        assert_eq!(m.keywords, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(m.lang, None);
    }

    #[test]
    fn head_with_anything_else_is_not_metadata() {
        let inner = |s: &str| {
            let toks: Vec<Token> = tokenize(s).into_iter().map(|t| t.1).collect();
            head_metadata(&toks[1..toks.len() - 1])
        };
        assert_eq!(
            inner("<head><title>t</title><script>x()</script></head>"),
            Err("<script>".into())
        );
        assert!(inner("<head><style>p{}</style></head>").is_err());
        assert!(inner("<head><link rel=\"stylesheet\" href=\"a.css\"></head>").is_err());
        assert!(inner("<head><Widget/></head>").is_err());
        assert!(inner("<head>loose text</head>").is_err());
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#54620; &#xD55C; &bogus; &"),
            "a <b> 한 한 &bogus; &"
        );
    }
}
