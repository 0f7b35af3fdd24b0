//! JSX / HTML opening tags that pulldown-cmark cannot see as tags (issue 2 item 7), found
//! before any other pre-pass:
//! - an opening tag spread over several lines (`<Mermaid\n  chart="…"\n/>`), or one with JSX
//!   `{…}` attribute expressions, is rewritten onto one line in plain HTML syntax
//!   (`<Name a="v">`, values entity-escaped), so CommonMark sees an HTML block (type 7 needs the
//!   whole tag on its first line) and `sanitize.rs` applies the usual rules — attribute values
//!   never leak into prose;
//! - `<Mermaid chart="…"/>` (Docusaurus/MDX diagrams) becomes a fenced ```` ```mermaid ````
//!   code block holding the chart source: readers see the diagram's source instead of losing it;
//! - every tag's byte range is returned as a *mask*, so the `%%comment%%` pass (`obsidian.rs`)
//!   never starts or ends a comment inside an attribute value.
//!
//! Tags are tracked with their quoting (`"…"`, `'…'`, newlines allowed) and balanced `{…}`
//! expressions (with string literals inside) until the closing `>` or `/>`. Code fences and
//! code spans are skipped. Does not decide what a tag means (`html.rs`, `sanitize.rs` do).

use super::fence::Fences;
use super::html::decode_entities;
use super::source::Edit;
use std::ops::Range;

/// Longest opening tag scanned (a bigger "tag" is treated as text).
const MAX_TAG: usize = 256 * 1024;

/// An opening tag found in the body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OpenTag {
    /// Tag name as written (`Mermaid`, `div`).
    pub name: String,
    /// Attributes in order: names as written, values entity-decoded (JSX expressions keep their
    /// source without the braces and surrounding quotes).
    pub attrs: Vec<(String, String)>,
    /// Written as `<name … />`.
    pub self_closing: bool,
    /// Whether any attribute was a `{…}` expression.
    pub has_expr: bool,
    /// Byte offset just after the closing `>`.
    pub end: usize,
}

/// What the pre-pass found: edits for pulldown-cmark and the ranges of every tag.
#[derive(Debug, Default)]
pub(crate) struct JsxPass {
    /// Rewrites of multi-line / JSX-expression tags and Mermaid diagrams.
    pub edits: Vec<Edit>,
    /// Byte ranges of all opening tags outside code (for the `%%` pass).
    pub masks: Vec<Range<usize>>,
}

/// Finds opening tags outside code fences and code spans; rewrites those at the start of a
/// line that CommonMark would not recognise (see the module docs).
pub(crate) fn jsx_edits(body: &str) -> JsxPass {
    let mut pass = JsxPass::default();
    if !body.contains('<') {
        return pass;
    }
    let bytes = body.as_bytes();
    // Failed scans cost what they read; past this budget the pass stops (a hostile note of
    // `<a {<a {…` must stay linear), leaving the rest to CommonMark as before.
    let mut budget = body.len().saturating_mul(16).saturating_add(1 << 20);
    let mut fences = Fences::new();
    let mut pos = 0;
    while pos < body.len() {
        let line_end = body[pos..].find('\n').map_or(body.len(), |e| pos + e);
        let content = &body[pos..line_end];
        if fences.skip_line(content) || !content.contains('<') {
            pos = line_end + 1;
            continue;
        }
        let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
        let mut i = pos;
        let mut next_line = line_end + 1;
        let mut ran_over = false;
        while i < line_end {
            match bytes[i] {
                b'`' => {
                    // CommonMark code span: a run of n backticks closed by the next run of n.
                    let n = run_len(bytes, i, b'`');
                    i = find_run(&body[..line_end], i + n, n).map_or(i + n, |c| c + n);
                }
                b'\\' => i += 2,
                b'<' => {
                    let tag = match scan_reach(body, i) {
                        Ok(tag) => tag,
                        Err(reach) => {
                            budget = budget.saturating_sub(reach.saturating_sub(i));
                            if budget == 0 {
                                return pass;
                            }
                            i += 1;
                            continue;
                        }
                    };
                    pass.masks.push(i..tag.end);
                    // Four columns of indentation make an indented code block (CommonMark
                    // §4.4), whose text must stay as written.
                    let columns: usize = body[pos..i]
                        .bytes()
                        .map(|c| if c == b'\t' { 4 } else { 1 })
                        .sum();
                    let mut skip_to = tag.end;
                    if i == pos + indent
                        && columns < 4
                        && let Some(edit) = rewrite(body, i, &tag, &body[pos..i])
                    {
                        // An element rewritten whole (`<pre>…</pre>`) is not scanned inside.
                        skip_to = skip_to.max(edit.range.end);
                        pass.edits.push(edit);
                    }
                    i = skip_to;
                    if i > line_end {
                        // The tag ran over several lines: continue on the line where it ends.
                        let end = body[i..].find('\n').map_or(body.len(), |e| i + e);
                        next_line = end + 1;
                        ran_over = true;
                        break;
                    }
                }
                _ => i += 1,
            }
        }
        if ran_over {
            // Rest of the line the multi-line tag ended on: look for more tags there.
            let end = next_line.saturating_sub(1).min(body.len());
            let mut j = i;
            while let Some(off) = body[j..end].find('<') {
                let at = j + off;
                match scan_open_tag(body, at) {
                    Some(tag) if tag.end <= end => {
                        pass.masks.push(at..tag.end);
                        j = tag.end;
                    }
                    _ => j = at + 1,
                }
            }
        }
        pos = next_line;
    }
    pass
}

/// The edit for a tag starting a line (after `indent`), if CommonMark needs one.
fn rewrite(body: &str, start: usize, tag: &OpenTag, indent: &str) -> Option<Edit> {
    if let Some(edit) = preformatted(body, start, tag, indent) {
        return Some(edit);
    }
    let rest_of_line = body[tag.end..].split('\n').next().unwrap_or("");
    if tag.name.eq_ignore_ascii_case("mermaid") && rest_of_line.trim().is_empty() {
        let chart = tag.attrs.iter().find(|(k, _)| k == "chart").map(|a| &a.1);
        if let Some(chart) = chart.filter(|c| !c.trim().is_empty()) {
            // A fence interrupts a paragraph but not an HTML block: start after a blank line.
            let before = &body[..start - indent.len()];
            let prev_blank = before
                .strip_suffix('\n')
                .is_none_or(|b| b.rsplit('\n').next().is_none_or(|l| l.trim().is_empty()));
            let mut text = String::new();
            if !prev_blank {
                text.push('\n');
            }
            text.push_str(&mermaid_fence(chart, indent));
            return Some(Edit {
                range: start - indent.len()..tag.end,
                text,
            });
        }
    }
    let multi_line = body[start..tag.end].contains('\n');
    if !multi_line && !tag.has_expr {
        return None;
    }
    Some(Edit {
        range: start..tag.end,
        text: one_line(tag),
    })
}

/// `<pre>…</pre>` (its text as written, line breaks kept) and mermaid.js's own embedding,
/// `<pre class="mermaid">` or `<div class="mermaid">`, become fenced code blocks: HTML would
/// otherwise be read as a paragraph and lose every line break (and a diagram its meaning). The
/// language is `mermaid` for diagrams, else a `language-…` class on `<pre>` or `<code>`.
fn preformatted(body: &str, start: usize, tag: &OpenTag, indent: &str) -> Option<Edit> {
    let name = tag.name.to_ascii_lowercase();
    let class = tag
        .attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("class"))
        .map_or("", |(_, v)| v.as_str());
    let mermaid = class.split_whitespace().any(|c| c == "mermaid");
    if tag.self_closing || !(name == "pre" || (name == "div" && mermaid)) {
        return None;
    }
    let close = format!("</{name}>");
    let rest = &body[tag.end..];
    let inner_len = rest.to_ascii_lowercase().find(&close)?;
    let inner = &rest[..inner_len];
    if inner.to_ascii_lowercase().contains(&format!("<{name}")) {
        return None; // nested: left to the HTML reader
    }
    let lang = if mermaid {
        "mermaid".to_string()
    } else {
        language_class(class)
            .or_else(|| {
                let code = inner.trim_start().strip_prefix("<code")?;
                let attrs = &code[..code.find('>')?];
                let class = attrs.split("class=").nth(1)?.trim_matches(['"', '\'', ' ']);
                language_class(class.split(['"', '\'']).next().unwrap_or(""))
            })
            .unwrap_or_default()
    };
    let text = super::html::decode_entities(&super::html::strip_tags(inner));
    let end = tag.end + inner_len + close.len();
    Some(Edit {
        range: start - indent.len()..end,
        text: fence(&lang, &text, indent),
    })
}

/// The language of a `language-rust` (or `lang-rust`) class.
fn language_class(class: &str) -> Option<String> {
    class
        .split_whitespace()
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        })
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

/// `<Name a="v" …>` on one line, values escaped so `html.rs` decodes them back.
fn one_line(tag: &OpenTag) -> String {
    let mut s = format!("<{}", tag.name);
    for (k, v) in &tag.attrs {
        s.push(' ');
        s.push_str(k);
        s.push_str("=\"");
        for c in v.chars() {
            match c {
                '&' => s.push_str("&amp;"),
                '"' => s.push_str("&quot;"),
                '<' => s.push_str("&lt;"),
                '>' => s.push_str("&gt;"),
                '\n' | '\r' | '\t' => s.push(' '),
                c => s.push(c),
            }
        }
        s.push('"');
    }
    s.push_str(if tag.self_closing { " />" } else { ">" });
    s
}

/// A fenced code block with language `mermaid` holding `chart` (edge blank lines trimmed),
/// every line prefixed with `indent` so it stays inside a list item.
fn mermaid_fence(chart: &str, indent: &str) -> String {
    fence("mermaid", chart, indent)
}

/// A fenced code block in `lang` holding `chart` (edge blank lines trimmed), every line
/// prefixed with `indent` so it stays inside a list item.
fn fence(lang: &str, chart: &str, indent: &str) -> String {
    let chart = chart.replace("\r\n", "\n");
    let lines: Vec<&str> = chart.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .unwrap_or(0);
    let body = lines.get(first..=last).unwrap_or(&[]);
    // The fence must be longer than any backtick run in the chart.
    let longest = body
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = format!("{indent}{fence}{lang}\n");
    for l in body {
        out.push_str(indent);
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str(&fence);
    out
}

/// Scans an opening tag at `start` (a `<`), across lines: `None` when it is no tag (a stray `<`
/// in prose, a blank line or a `<` outside quotes before the closing `>`).
pub(crate) fn scan_open_tag(s: &str, start: usize) -> Option<OpenTag> {
    scan_reach(s, start).ok()
}

/// [`scan_open_tag`], failing with the offset the scan reached (its cost).
fn scan_reach(s: &str, start: usize) -> Result<OpenTag, usize> {
    let b = s.as_bytes();
    let limit = s.len().min(start.saturating_add(MAX_TAG));
    let name_start = start + 1;
    if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return Err(start);
    }
    let mut pos = name_start;
    while pos < limit
        && (b[pos].is_ascii_alphanumeric() || matches!(b[pos], b'-' | b'_' | b'.' | b':'))
    {
        pos += 1;
    }
    let name = s[name_start..pos].to_string();
    let mut attrs = Vec::new();
    let mut has_expr = false;
    loop {
        let ws = pos;
        while pos < limit && b[pos].is_ascii_whitespace() {
            pos += 1;
        }
        // A blank line ends any tag (CommonMark: it ends the paragraph or HTML block too).
        if s[ws..pos].matches('\n').count() > 1 || pos >= limit {
            return Err(pos);
        }
        let spaced = pos > ws;
        match b[pos] {
            b'>' => {
                return Ok(OpenTag {
                    name,
                    attrs,
                    self_closing: false,
                    has_expr,
                    end: pos + 1,
                });
            }
            b'/' if b.get(pos + 1) == Some(&b'>') => {
                return Ok(OpenTag {
                    name,
                    attrs,
                    self_closing: true,
                    has_expr,
                    end: pos + 2,
                });
            }
            // Attributes and spreads follow whitespace (`<a@b.c>` is an e-mail autolink).
            _ if !spaced => return Err(pos),
            b'{' => {
                // `{...props}`: a spread, no attribute kept.
                pos = skip_expr(b, pos, limit).ok_or(limit)?;
                has_expr = true;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b':' || c == b'@' => {
                let an_start = pos;
                while pos < limit
                    && (b[pos].is_ascii_alphanumeric()
                        || matches!(b[pos], b'-' | b'_' | b'.' | b':' | b'@'))
                {
                    pos += 1;
                }
                let an = s[an_start..pos].to_string();
                let mut p = pos;
                while p < limit && matches!(b[p], b' ' | b'\t') {
                    p += 1;
                }
                let mut value = String::new();
                if b.get(p) == Some(&b'=') {
                    p += 1;
                    while p < limit && b[p].is_ascii_whitespace() {
                        p += 1;
                    }
                    match b.get(p) {
                        Some(&q @ (b'"' | b'\'')) => {
                            let close = s
                                .get(p + 1..limit)
                                .and_then(|v| v.find(q as char))
                                .ok_or(limit)?
                                + p
                                + 1;
                            value = decode_entities(&s[p + 1..close]);
                            pos = close + 1;
                        }
                        Some(b'{') => {
                            let end = skip_expr(b, p, limit).ok_or(limit)?;
                            value = s[p + 1..end - 1]
                                .trim()
                                .trim_matches(['"', '\'', '`'])
                                .to_string();
                            has_expr = true;
                            pos = end;
                        }
                        Some(_) => {
                            let vs = p;
                            while p < limit
                                && !b[p].is_ascii_whitespace()
                                && !matches!(b[p], b'>' | b'"' | b'\'' | b'<' | b'=' | b'`')
                            {
                                p += 1;
                            }
                            if p == vs {
                                return Err(pos);
                            }
                            value = decode_entities(&s[vs..p]);
                            pos = p;
                        }
                        None => return Err(pos),
                    }
                }
                attrs.push((an, value));
                // Attributes must be separated by whitespace.
                if pos < limit && !b[pos].is_ascii_whitespace() && !matches!(b[pos], b'>' | b'/') {
                    return Err(pos);
                }
            }
            _ => return Err(pos), // `<`, quotes, other punctuation: not a tag
        }
    }
}

/// Offset after the `}` matching the `{` at `pos`, skipping string literals inside.
fn skip_expr(b: &[u8], mut pos: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    while pos < limit {
        match b[pos] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(pos + 1);
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                pos += 1;
                while pos < limit && b[pos] != q {
                    if b[pos] == b'\\' {
                        pos += 1;
                    }
                    pos += 1;
                }
            }
            _ => {}
        }
        pos += 1;
    }
    None
}

/// Length of the run of `c` at `i`.
pub(crate) fn run_len(b: &[u8], i: usize, c: u8) -> usize {
    b[i..].iter().take_while(|&&x| x == c).count()
}

/// Start of the next run of exactly `n` backticks in `s` from `from`.
pub(crate) fn find_run(s: &str, mut from: usize, n: usize) -> Option<usize> {
    let b = s.as_bytes();
    while from < b.len() {
        if b[from] == b'`' {
            let m = run_len(b, from, b'`');
            if m == n {
                return Some(from);
            }
            from += m;
        } else {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::source::Edited;

    fn apply(body: &str) -> String {
        Edited::new(body, &jsx_edits(body).edits).text
    }

    #[test]
    fn multi_line_tag_with_quotes_and_gt() {
        let body = "<Chart\n  data=\"a->>b\n%% x\"\n  big={{ a: '}' }}\n/>\ntext\n";
        let tag = scan_open_tag(body, 0).expect("a tag");
        assert!(tag.self_closing && tag.has_expr);
        assert_eq!(tag.attrs[0], ("data".into(), "a->>b\n%% x".into()));
        assert_eq!(&body[tag.end..], "\ntext\n");
        assert_eq!(
            apply(body),
            "<Chart data=\"a-&gt;&gt;b %% x\" big=\"{ a: '}' }\" />\ntext\n"
        );
        assert_eq!(jsx_edits(body).masks, vec![0..tag.end]);
    }

    #[test]
    fn pre_and_mermaid_divs_become_fences() {
        assert_eq!(
            apply("A.\n\n<pre class=\"mermaid\">\ngraph TD\n  A --&gt; B\n</pre>\n\nB.\n"),
            "A.\n\n```mermaid\ngraph TD\n  A --> B\n```\n\nB.\n"
        );
        assert_eq!(
            apply("<div class=\"mermaid\">\ngraph LR\n  x --> y\n</div>\n"),
            "```mermaid\ngraph LR\n  x --> y\n```\n"
        );
        assert_eq!(
            apply(
                "<pre><code class=\"language-rust\">fn main() {\n    a &amp;&amp; b;\n}</code></pre>\n"
            ),
            "```rust\nfn main() {\n    a && b;\n}\n```\n"
        );
        // A plain div is no code; an unclosed pre is left to the HTML reader.
        assert!(
            jsx_edits("<div class=\"note\">\ntext\n</div>\n")
                .edits
                .is_empty()
        );
        assert!(jsx_edits("<pre>\nno end\n").edits.is_empty());
    }

    #[test]
    fn mermaid_becomes_a_fence() {
        let body = "Intro.\n\n<Mermaid\n  chart=\"\ngraph TD\n  A-->B\n\"\n/>\n\nAfter.\n";
        assert_eq!(
            apply(body),
            "Intro.\n\n```mermaid\ngraph TD\n  A-->B\n```\n\nAfter.\n"
        );
        // Four spaces: an indented code block, left alone.
        let body = "Text.\n\n    <Mermaid chart=\"graph LR\" />\n";
        assert_eq!(apply(body), body);
        // Indented in a list item, right after a paragraph line.
        let body = "- item\n  <Mermaid chart=\"graph LR; a-->b\" />\n";
        assert_eq!(
            apply(body),
            "- item\n\n  ```mermaid\n  graph LR; a-->b\n  ```\n"
        );
    }

    #[test]
    fn stray_lt_and_code_are_no_tags() {
        for s in [
            "a <3 b",
            "x < y",
            "<a \"b\">",
            "<b\n\nc>",
            "<i =x>",
            "<a@b.c>",
            "<x:y/z>",
        ] {
            let i = s.find('<').unwrap_or(0);
            assert_eq!(scan_open_tag(s, i), None, "{s}");
        }
        let body = "`<X\n` and\n```\n<Y\n a=\"1\"\n/>\n```\n";
        let pass = jsx_edits(body);
        assert!(pass.edits.is_empty() && pass.masks.is_empty());
        // Single-line plain HTML is left to CommonMark, but masked.
        let pass = jsx_edits("<div class=\"a%%b\">x</div>\n");
        assert!(pass.edits.is_empty());
        assert_eq!(pass.masks, vec![0..18]);
    }

    #[test]
    fn hostile_input_stays_linear() {
        let body = "<a {".repeat(250_000);
        let t = std::time::Instant::now();
        let pass = jsx_edits(&body);
        assert!(pass.edits.is_empty());
        assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
    }
}
