//! Math: TeX → MathML with latex2mathml when it converts to well-formed MathML we trust,
//! otherwise `None` (the caller shows the TeX source in a code-styled span).
//!
//! latex2mathml 0.2 can emit malformed markup (an unescaped `<` operator, a misspelled closing
//! tag), so its output is checked by a small strict XML scanner that only admits MathML
//! presentation elements (EPUB 3.3 §6.1.4.3: MathML must be valid presentation markup).

use latex2mathml::{DisplayStyle, latex_to_mathml};

/// MathML presentation elements we accept in the converter's output.
const ELEMENTS: &[&str] = &[
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "menclose",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mprescripts",
    "none",
    "mtable",
    "mtr",
    "mtd",
];

/// Attributes we accept (all valid on the elements latex2mathml writes them on).
const ATTRIBUTES: &[&str] = &[
    "xmlns",
    "display",
    "mathvariant",
    "stretchy",
    "form",
    "accent",
    "width",
    "linethickness",
    "columnalign",
    "maxsize",
    "minsize",
    "displaystyle",
    "scriptlevel",
    "mathsize",
    "fence",
    "separator",
    "lspace",
    "rspace",
];

/// Converts TeX to a `<math>` element, or `None` when the conversion fails or looks invalid.
pub(super) fn tex_to_mathml(tex: &str, display: bool) -> Option<String> {
    if tex.trim().is_empty() || tex.len() > 16 * 1024 {
        return None;
    }
    let style = if display {
        DisplayStyle::Block
    } else {
        DisplayStyle::Inline
    };
    let mathml = std::panic::catch_unwind(|| latex_to_mathml(tex, style))
        .ok()?
        .ok()?;
    // latex2mathml writes `<` and `>` operators raw and ⟨⟩ as HTML entities XML lacks.
    let mathml = mathml
        .replace("<mo><</mo>", "<mo>&lt;</mo>")
        .replace("<mo>></mo>", "<mo>&gt;</mo>")
        .replace("&lang;", "\u{27E8}")
        .replace("&rang;", "\u{27E9}");
    // latex2mathml reports unknown commands inside the MathML instead of failing.
    if mathml.contains("[PARSE ERROR") || !is_safe_mathml(&mathml) {
        return None;
    }
    // Accessibility: the TeX source as alternative text.
    let rest = mathml.strip_prefix("<math")?;
    Some(format!(
        "<math alttext=\"{}\"{rest}",
        super::escape::attr(tex)
    ))
}

/// Strict well-formedness and vocabulary check of a MathML fragment.
pub(super) fn is_safe_mathml(s: &str) -> bool {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = s;
    let mut saw_root = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let Some(end) = after.find('>') else {
                return false;
            };
            let tag = &after[..end];
            rest = &after[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name.trim()) {
                    return false;
                }
                continue;
            }
            let (tag, self_closing) = match tag.strip_suffix('/') {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
            let name = &tag[..name_end];
            if !ELEMENTS.contains(&name) || !attributes_ok(&tag[name_end..]) {
                return false;
            }
            if stack.is_empty() {
                if saw_root || name != "math" {
                    return false;
                }
                saw_root = true;
            }
            if !self_closing {
                stack.push(name);
            }
        } else {
            if stack.is_empty() {
                return false;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            if !text_ok(&rest[..end]) {
                return false;
            }
            rest = &rest[end..];
        }
    }
    saw_root && stack.is_empty()
}

fn attributes_ok(mut s: &str) -> bool {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return true;
        }
        let Some(eq) = s.find('=') else {
            return false;
        };
        let name = s[..eq].trim();
        if !ATTRIBUTES.contains(&name) {
            return false;
        }
        let Some(v) = s[eq + 1..].trim_start().strip_prefix('"') else {
            return false;
        };
        let Some(close) = v.find('"') else {
            return false;
        };
        let value = &v[..close];
        if value.is_empty() || value.contains('<') || !text_ok(value) {
            return false;
        }
        s = &v[close + 1..];
    }
}

/// Text with only the five XML entities or numeric character references.
fn text_ok(s: &str) -> bool {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';') else {
            return false;
        };
        let ent = &after[..semi];
        let ok = matches!(ent, "lt" | "gt" | "amp" | "quot" | "apos")
            || ent
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
            || ent
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return false;
        }
        rest = &after[semi + 1..];
    }
    !s.contains('>')
        && s.chars().all(|c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_tex_converts() {
        let m = tex_to_mathml("x^2 + y_1", false).expect("converts");
        assert!(m.starts_with("<math alttext=\"x^2 + y_1\""));
        assert!(m.contains("<msup>"));
    }

    #[test]
    fn checker_rejects_malformed_output() {
        assert!(!is_safe_mathml("<math><mo><</mo></math>"));
        assert!(!is_safe_mathml("<math><mrow><mo>(</mro></mrow></math>"));
        assert!(!is_safe_mathml("<math><script>x</script></math>"));
        assert!(!is_safe_mathml("<math><mi onclick=\"x\">a</mi></math>"));
        assert!(!is_safe_mathml("<math><mi>&nbsp;</mi></math>"));
        assert!(is_safe_mathml(
            "<math display=\"block\"><mi>a</mi><mo>&lt;</mo><mspace width=\"1em\"/></math>"
        ));
    }

    #[test]
    fn operators_and_angle_brackets_are_escaped() {
        let m = tex_to_mathml("a < b > c \\langle x \\rangle", false).expect("converts");
        assert!(m.contains("<mo>&lt;</mo>"));
        assert!(m.contains('\u{27E8}'));
    }

    #[test]
    fn bad_tex_falls_back() {
        assert!(tex_to_mathml("\\frac{", true).is_none());
        assert!(tex_to_mathml("", true).is_none());
        assert!(tex_to_mathml("\\unknowncommand{x}", false).is_none());
    }
}
