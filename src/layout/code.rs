//! Code blocks and display math: the mono font on a light background, coloured by syntax
//! (syntect's default syntaxes and the InspiredGitHub theme, loaded once), long lines wrapped
//! with a continuation mark at the right edge, one row per visual line so a block splits
//! across pages.

use super::blocks::container_done;
use super::context::{Ctx, Frame};
use super::flow::{Deco, Row};
use super::paged::{PageItem, Rgb, StructId, StructKind, push_runs};
use super::paragraph::{Builder, Setup, set_rows};
use super::style::{CODE_BG, GREY, INK, plain_style};
use crate::font::{Family, Pt};
use crate::text::{TextStyle, shape_line};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntect::easy::HighlightLines;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

struct Highlighting {
    syntaxes: &'static SyntaxSet,
    theme: Theme,
}

/// Syntax definitions and theme, loaded once per process (they take tens of milliseconds).
fn highlighting() -> &'static Highlighting {
    static H: OnceLock<Highlighting> = OnceLock::new();
    H.get_or_init(|| {
        let mut themes = ThemeSet::load_defaults();
        let theme = themes.themes.remove("InspiredGitHub").unwrap_or_default();
        Highlighting {
            // Shared with the EPUB writer: grammars load and compile once per process.
            syntaxes: crate::syntax::syntax_set(),
            theme,
        }
    })
}

type Coloured = Arc<Vec<Vec<(Rgb, String)>>>;
type ColourCache = Mutex<HashMap<(Option<String>, String), Coloured>>;

/// Colours each line of `text`, memoised: notes repeat snippets, and syntect costs far more
/// than a lookup (the cache is shared by all threads of a build and the process).
fn colour_lines_cached(lang: Option<&str>, text: &str) -> Coloured {
    static CACHE: OnceLock<ColourCache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (lang.map(str::to_string), text.to_string());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let value = Arc::new(colour_lines(lang, text));
    if let Ok(mut c) = cache.lock() {
        if c.len() > 4096 {
            c.clear();
        }
        c.insert(key, value.clone());
    }
    value
}

/// Colours each line of `text` (one `Vec` of (colour, piece) per line); plain when the
/// language is unknown.
fn colour_lines(lang: Option<&str>, text: &str) -> Vec<Vec<(Rgb, String)>> {
    let h = highlighting();
    let syntax = lang.and_then(|l| h.syntaxes.find_syntax_by_token(&alias(l)));
    let mut out = Vec::new();
    match syntax {
        Some(syntax) => {
            let mut hl = HighlightLines::new(syntax, &h.theme);
            for line in text.split('\n') {
                let with_nl = format!("{line}\n");
                match hl.highlight_line(&with_nl, h.syntaxes) {
                    Ok(pieces) => out.push(
                        pieces
                            .into_iter()
                            .map(|(st, s)| {
                                (
                                    Rgb(st.foreground.r, st.foreground.g, st.foreground.b),
                                    s.trim_end_matches('\n').to_string(),
                                )
                            })
                            .filter(|(_, s)| !s.is_empty())
                            .collect(),
                    ),
                    Err(_) => out.push(vec![(INK, line.to_string())]),
                }
            }
        }
        None => out.extend(text.split('\n').map(|l| vec![(INK, l.to_string())])),
    }
    out
}

fn alias(lang: &str) -> String {
    let l = lang.to_ascii_lowercase();
    match l.as_str() {
        "sh" | "shell" | "zsh" | "console" => "bash".into(),
        "ts" | "typescript" | "tsx" | "jsx" | "mjs" => "js".into(),
        "yml" => "yaml".into(),
        "kt" | "kotlin" => "java".into(),
        "c++" => "cpp".into(),
        _ => l,
    }
}

/// The continuation mark drawn where a code line wraps: the first of ↩ ⏎ ↵ the mono chain
/// covers, else `None` (a drawn hook is used).
fn continuation_mark(ctx: &Ctx<'_>) -> Option<&'static str> {
    ["↩", "⏎", "↵"].into_iter().find(|m| {
        m.chars()
            .next()
            .is_some_and(|c| ctx.fonts.face_for_char(Family::Mono, false, c).is_some())
    })
}

/// Rows of a code block.
pub(crate) fn code_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    lang: Option<&str>,
    text: &str,
    span: &crate::diag::Span,
    out: &mut Vec<Row>,
) {
    let elem = ctx.elem(StructKind::Code, frame.parent);
    let size = frame.size * 0.86;
    let leading = size * 1.5;
    let pad = size * 0.9;
    let mut f = frame.clone();
    f.decos.push(Deco {
        x: frame.left,
        width: frame.width,
        color: CODE_BG,
        extend_up: false,
    });
    let mark = continuation_mark(ctx);
    let mark_w = size * 1.2;
    f.left += pad;
    f.width -= pad * 2.0 + mark_w;
    f.leading = leading;
    f.size = size;
    let start = out.len();
    out.push(Row {
        height: pad * 0.7,
        decos: f.decos.clone(),
        keep_with_next: true,
        ..Row::default()
    });
    let lang_tag = ctx.lang.clone();
    let text = text.replace('\t', "    ");
    for pieces in colour_lines_cached(lang, &text).iter() {
        let mut b = Builder::new(ctx, elem);
        for (color, piece) in pieces.iter() {
            b.plain(piece, mono(size), *color, span);
        }
        let built = b.finish(&lang_tag, span);
        let setup = Setup::left(leading, elem);
        let mut rows = set_rows(ctx, &built, &f, &setup);
        if rows.is_empty() {
            rows.push(Row {
                height: leading,
                decos: f.decos.clone(),
                ..Row::default()
            });
        }
        let n = rows.len();
        for r in rows.iter_mut().take(n - 1) {
            draw_mark(ctx, r, mark, f.left + f.width + size * 0.3, size);
        }
        out.extend(rows);
    }
    out.push(Row {
        height: pad * 0.7,
        decos: f.decos.clone(),
        ..Row::default()
    });
    container_done(out, start, frame.decos.len(), frame.size * 0.8);
}

fn mono(size: Pt) -> TextStyle {
    plain_style(Family::Mono, size)
}

/// Continuation mark at the right end of a wrapped line (an artifact: not part of the code).
fn draw_mark(ctx: &Ctx<'_>, row: &mut Row, mark: Option<&str>, x: Pt, size: Pt) {
    let y = row.baseline;
    match mark {
        Some(m) => {
            let line = shape_line(m, mono(size), "und", ctx.fonts, ctx.cache);
            push_runs(&mut row.items, line.runs, (x, y), GREY, None);
        }
        None => {
            // A drawn hook arrow: down from the line end, then left.
            let (x0, y0, x1, y1) = (
                x + size * 0.7,
                y - size * 0.6,
                x + size * 0.15,
                y - size * 0.15,
            );
            for stroke in [
                (x0, y0, x0, y1),
                (x0, y1, x1, y1),
                (x1, y1, x1 + size * 0.2, y1 - size * 0.2),
                (x1, y1, x1 + size * 0.2, y1 + size * 0.2),
            ] {
                row.items
                    .push(PageItem::rule(stroke, size * 0.07, GREY, None));
            }
        }
    }
}

/// Display math as TeX source in the mono font, centred (no math renderer yet).
pub(crate) fn math_rows(
    ctx: &mut Ctx<'_>,
    frame: &Frame,
    tex: &str,
    elem: Option<StructId>,
    out: &mut Vec<Row>,
) {
    let size = frame.size * 0.92;
    let mut f = frame.clone();
    f.leading = size * 1.6;
    f.size = size;
    let lang = ctx.lang.clone();
    let start = out.len();
    for line in tex.trim().split('\n') {
        let mut b = Builder::new(ctx, elem);
        b.plain(line.trim(), mono(size), INK, &crate::diag::Span::default());
        let built = b.finish(&lang, &crate::diag::Span::default());
        let setup = Setup::centered(f.leading, elem);
        out.extend(set_rows(ctx, &built, &f, &setup));
    }
    if let Some(first) = out.get_mut(start) {
        first.space_before = frame.size * 0.8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_rust() {
        let lines = colour_lines(Some("rust"), "fn main() {\n    let x = 1;\n}");
        assert_eq!(lines.len(), 3);
        let colours: std::collections::HashSet<Rgb> = lines.iter().flatten().map(|p| p.0).collect();
        assert!(
            colours.len() > 1,
            "keywords should get a colour of their own"
        );
        let text: String = lines[1].iter().map(|p| p.1.as_str()).collect();
        assert_eq!(text, "    let x = 1;");
    }

    #[test]
    fn unknown_language_is_plain() {
        let lines = colour_lines(Some("nosuchlang"), "a\nb");
        assert_eq!(
            lines,
            vec![vec![(INK, "a".to_string())], vec![(INK, "b".to_string())]]
        );
    }
}
