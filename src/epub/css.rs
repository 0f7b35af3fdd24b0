//! The stylesheet: `@font-face` rules for the embedded subsets, then Korean typography
//! (W3C klreq: break between words, strict line breaking, generous leading), and styles for
//! every construct the chapter writer emits (code, tables, callouts, figures, tasks, notes).

use crate::font::Family;
use crate::resolve::labels::known_kind_names;
use crate::resolve::palette::{CODE_BACKGROUND, token_color};
use crate::resolve::{TokenClass, Typography, callout_colors};
use std::fmt::Write as _;

/// One embedded face as the stylesheet sees it.
#[derive(Clone, Debug)]
pub(super) struct FontFace {
    /// CSS family name.
    pub css_name: String,
    /// Path relative to the stylesheet, e.g. `../fonts/serif-regular.ttf`.
    pub url: String,
    /// Bold face.
    pub bold: bool,
    /// CSS `format()` hint: `truetype` or `opentype`.
    pub format: &'static str,
}

/// Rules for the typography the user set (`page.line_height`, `page.paragraph_spacing`,
/// `page.link_color`), after hanji's own so they win; empty when none is set.
pub(super) fn typography_css(t: &Typography) -> String {
    let mut css = String::new();
    if let Some(lh) = t.line_height {
        let _ = writeln!(css, "html, body {{ line-height: {lh}; }}");
    }
    if let Some(sp) = t.paragraph_spacing {
        let _ = writeln!(css, "p {{ margin: 0 0 {sp}em 0; }}");
    }
    if let Some(c) = t.link_color {
        let _ = writeln!(css, "a, a:link, a:visited {{ color: {}; }}", c.css());
    }
    if !css.is_empty() {
        css.insert_str(0, "\n/* page: typography from hanji.yaml */\n");
    }
    css
}

/// System fallbacks behind the embedded faces, per role (Korean first, then generic).
fn fallback_stack(family: Family) -> &'static str {
    match family {
        Family::Serif => {
            "\"Noto Serif CJK KR\", \"Noto Serif KR\", \"Nanum Myeongjo\", \"NanumMyeongjo\", \"AppleMyungjo\", \"Batang\", serif"
        }
        Family::Sans => {
            "\"Noto Sans CJK KR\", \"Noto Sans KR\", \"Nanum Gothic\", \"NanumGothic\", \"Apple SD Gothic Neo\", \"Malgun Gothic\", sans-serif"
        }
        Family::Mono => {
            "\"D2Coding\", \"Nanum Gothic Coding\", \"NanumGothicCoding\", \"Noto Sans Mono CJK KR\", \"DejaVu Sans Mono\", monospace"
        }
    }
}

/// The full `font-family` value for `family`: the embedded faces (in fallback-chain order,
/// from `stacks`), then system fallbacks.
fn stack(stacks: &[(Family, Vec<String>)], family: Family) -> String {
    let mut s = String::new();
    for (_, names) in stacks.iter().filter(|(f, _)| *f == family) {
        for n in names {
            let _ = write!(s, "\"{}\", ", n.replace(['"', '\\'], ""));
        }
    }
    s.push_str(fallback_stack(family));
    s
}

/// Builds `style.css` with `@font-face` rules for `faces` and `font-family` stacks from
/// `stacks`. `highlight_css` is appended when some code block was highlighted.
pub(super) fn stylesheet(
    faces: &[FontFace],
    stacks: &[(Family, Vec<String>)],
    highlight_css: Option<&str>,
) -> String {
    let mut css = String::with_capacity(8 * 1024);
    css.push_str("@charset \"UTF-8\";\n/* hanji: generated stylesheet */\n\n");
    for f in faces {
        let _ = writeln!(
            css,
            "@font-face {{\n  font-family: \"{}\";\n  src: url(\"{}\") format(\"{}\");\n  font-weight: {};\n  font-style: normal;\n}}\n",
            f.css_name.replace(['"', '\\'], ""),
            f.url,
            f.format,
            if f.bold { "bold" } else { "normal" }
        );
    }
    let serif = stack(stacks, Family::Serif);
    let sans = stack(stacks, Family::Sans);
    let mono = stack(stacks, Family::Mono);
    let code_bg = CODE_BACKGROUND.css();
    let code_ink = token_color(TokenClass::Plain).css();
    let note = callout_colors("note");
    let (note_accent, note_bg, note_title) =
        (note.accent.css(), note.background.css(), note.title.css());
    let _ = write!(
        css,
        r#"html, body {{
  font-family: {serif};
  line-height: 1.7;
}}

body {{
  margin: 0 0.5em;
  text-align: justify;
  /* Korean is justified by stretching the spaces between words, not between syllables or Hanja. */
  text-justify: inter-word;
  orphans: 2;
  widows: 2;
}}

/* W3C klreq: Korean breaks between words (eojeol), never inside one, with strict rules
   for closing punctuation; Hangul is never hyphenated. */
:lang(ko) {{
  word-break: keep-all;
  line-break: strict;
  overflow-wrap: break-word;
  hyphens: manual;
}}

:lang(en) {{
  hyphens: auto;
}}

h1, h2, h3, h4, h5, h6, .callout-title, .chapter-meta, .chapter-tags, .embed-source, th, nav, .titlepage, .part, figcaption {{
  font-family: {sans};
}}

h1, h2, h3, h4, h5, h6 {{
  line-height: 1.4;
  text-align: left;
  page-break-after: avoid;
  break-after: avoid;
}}

h1 {{ font-size: 1.6em; margin: 1em 0 0.8em 0; }}
h2 {{ font-size: 1.35em; margin: 1.4em 0 0.6em 0; }}
h3 {{ font-size: 1.15em; margin: 1.2em 0 0.5em 0; }}
h4, h5, h6 {{ font-size: 1em; margin: 1em 0 0.4em 0; }}

p {{ margin: 0 0 0.8em 0; }}

code, kbd, pre, .math-tex {{
  font-family: {mono};
  font-size: 0.9em;
}}

kbd {{
  border: 1px solid #999;
  border-radius: 3px;
  padding: 0 0.2em;
}}

pre.code {{
  white-space: pre-wrap;
  overflow-wrap: break-word;
  word-break: break-all;
  line-height: 1.45;
  text-align: left;
  background-color: {code_bg};
  color: {code_ink};
  border: 1px solid #d0d7de;
  border-radius: 4px;
  padding: 0.6em 0.8em;
  margin: 0 0 1em 0;
}}

pre.code code {{ font-size: 1em; }}

mark {{ background-color: #fff3a3; }}

blockquote {{
  margin: 0 0 1em 0;
  padding: 0 0 0 1em;
  border-left: 3px solid #bbb;
  color: #444;
}}

hr {{ border: none; border-top: 1px solid #bbb; margin: 1.5em 0; }}

ul, ol {{ margin: 0 0 0.8em 0; padding-left: 1.6em; }}
/* Task items draw their checkbox where the bullet would be; other items keep bullets. */
li.task {{ list-style-type: none; }}
input.task-box {{ margin: 0 0.4em 0 -1.3em; vertical-align: middle; }}

.table-wrap {{ overflow-x: auto; margin: 0 0 1em 0; }}
table {{ border-collapse: collapse; }}
th, td {{
  border: 1px solid #bbb;
  padding: 0.25em 0.6em;
  vertical-align: top;
}}
th {{ background-color: #f0f0f0; font-weight: bold; }}
.align-left {{ text-align: left; }}
.align-center {{ text-align: center; }}
.align-right {{ text-align: right; }}

figure.figure {{ margin: 1em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }}
img {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 0.9em; color: #555; margin-top: 0.4em; }}
.missing-image {{
  display: inline-block;
  border: 2px dashed #c00;
  color: #c00;
  padding: 0.5em 1em;
  font-family: {sans};
  font-size: 0.9em;
}}
div.missing-image {{ display: block; }}

.math-display {{ text-align: center; margin: 0.8em 0; }}

.callout {{
  border-left: 4px solid {note_accent};
  background-color: {note_bg};
  padding: 0.5em 0.9em;
  margin: 0 0 1em 0;
  page-break-inside: avoid;
  break-inside: avoid;
}}
.callout-title {{ font-weight: bold; margin: 0 0 0.3em 0; color: {note_title}; }}
.callout > :last-child {{ margin-bottom: 0; }}
summary.callout-title {{ display: list-item; cursor: pointer; }}
details.callout:not([open]) > summary.callout-title {{ margin-bottom: 0; }}
.embed {{
  border: 1px solid #ccc;
  border-radius: 4px;
  padding: 0.5em 0.9em;
  margin: 0 0 1em 0;
}}
.embed-source {{ font-size: 0.85em; color: #555; }}

.chapter-meta, .chapter-tags {{ font-size: 0.85em; color: #555; }}
.tag {{ margin-right: 0.3em; }}

sup.fn-ref {{ font-size: 0.75em; line-height: 0; }}
.footnotes {{ font-size: 0.9em; margin-top: 2em; }}
aside.footnote p {{ margin: 0 0 0.4em 0; }}
/* WCAG 1.4.1: links in text are underlined, not told apart by colour alone. */
a {{ text-decoration: underline; }}

.titlepage {{ text-align: center; margin-top: 20%; }}
.part {{ text-align: center; margin-top: 30%; }}
.part-title {{ font-size: 2em; text-align: center; }}
.book-title {{ font-size: 2em; text-align: center; }}
.book-authors {{ font-size: 1.2em; margin-top: 1.5em; }}
.book-date {{ color: #555; }}
.book-imprint {{ color: #555; font-size: 0.85em; margin: 0; }}
.book-imprint:first-of-type {{ margin-top: 4em; }}
.cover {{ text-align: center; }}
.cover img {{ max-height: 95vh; }}

nav ol {{ list-style-type: none; padding-left: 1em; }}
nav > ol {{ padding-left: 0; }}
"#
    );
    push_callout_rules(&mut css);
    if let Some(h) = highlight_css {
        css.push_str("\n/* code highlighting (syntect scopes → token classes) */\n");
        css.push_str(h);
    }
    css
}

/// One rule per known callout kind (aliases included), from the shared palette; a custom kind
/// keeps the `.callout` rule's note colours.
fn push_callout_rules(css: &mut String) {
    css.push_str("\n/* callouts: the shared palette (resolve::palette) */\n");
    for kind in known_kind_names() {
        let c = callout_colors(kind);
        let _ = writeln!(
            css,
            ".callout-{kind} {{ border-left-color: {}; background-color: {}; }}\n\
             .callout-{kind} > .callout-title {{ color: {}; }}",
            c.accent.css(),
            c.background.css(),
            c.title.css()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_faces_come_first_and_korean_rules_exist() {
        let faces = vec![FontFace {
            css_name: "Hanji Serif".into(),
            url: "../fonts/serif.ttf".into(),
            bold: false,
            format: "truetype",
        }];
        let css = stylesheet(&faces, &[(Family::Serif, vec!["Hanji Serif".into()])], None);
        assert!(css.contains("@font-face"));
        assert!(css.contains("font-family: \"Hanji Serif\", \"Noto Serif CJK KR\""));
        assert!(css.contains("word-break: keep-all"));
        assert!(css.contains("line-break: strict"));
        assert!(css.contains("white-space: pre-wrap"));
        assert!(!stylesheet(&[], &[], None).contains("@font-face"));
    }

    #[test]
    fn callout_rules_come_from_the_palette() {
        let css = stylesheet(&[], &[], None);
        for kind in ["caution", "bug", "tldr", "hint"] {
            let c = callout_colors(kind);
            let rule = format!(
                ".callout-{kind} {{ border-left-color: {}; background-color: {}; }}",
                c.accent.css(),
                c.background.css()
            );
            assert!(css.contains(&rule), "{rule}");
            let title = format!(
                ".callout-{kind} > .callout-title {{ color: {}; }}",
                c.title.css()
            );
            assert!(css.contains(&title), "{title}");
        }
        assert_eq!(callout_colors("caution"), callout_colors("warning"));
    }
}
