//! MDX pre-pass: `import` / `export` statements and `{/* comments */}` on their own lines are
//! blanked before pulldown-cmark sees the body (MDX is JavaScript there, never prose).

use super::fence::{Fences, body_lines};
use super::source::Edit;

/// MDX: `import` / `export` statements at the start of a line (outside code fences) vanish.
/// The lines are blanked (kept as empty lines) so line numbers stay right. Docusaurus treats
/// `.md` as MDX too, so plain Markdown notes get the same pass with a stricter test
/// ([`looks_like_es_statement`]) that leaves prose such as "import duties rose" alone.
pub(crate) fn mdx_edits(body: &str, mdx: bool) -> Vec<Edit> {
    if !body.contains("import") && !body.contains("export") && !body.contains("{/*") {
        return Vec::new();
    }
    let mut edits = Vec::new();
    let mut fences = Fences::strict();
    let mut in_stmt = false;
    let mut depth: i32 = 0;
    for (start, content) in body_lines(body) {
        if fences.skip_line(content) {
            continue;
        }
        let starts_stmt = if mdx {
            content.starts_with("import ")
                || content.starts_with("import{")
                || content.starts_with("export ")
        } else {
            looks_like_es_statement(content)
        };
        // MDX comments `{/* … */}` on their own line vanish too.
        let comment =
            content.trim_start().starts_with("{/*") && content.trim_end().ends_with("*/}");
        if in_stmt || starts_stmt || comment {
            if !comment {
                depth += content.matches(['{', '(', '[']).count() as i32;
                depth -= content.matches(['}', ')', ']']).count() as i32;
                in_stmt = depth > 0;
            }
            edits.push(Edit {
                range: start..start + content.len(),
                text: String::new(),
            });
        }
    }
    edits
}

/// `import X from 'y'`, `import 'y'`, `import {`, `export const|default|function|let …`.
fn looks_like_es_statement(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_start();
        return rest.starts_with(['\'', '"', '{'])
            || rest.contains(" from '")
            || rest.contains(" from \"");
    }
    [
        "export const ",
        "export default ",
        "export function ",
        "export let ",
    ]
    .iter()
    .any(|p| line.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdx_lines_vanish() {
        let body = "import Tabs from '@theme/Tabs';\nexport const x = {\n  a: 1,\n};\ntext import y\n```\nimport z\n```\n";
        let edits = mdx_edits(body, true);
        assert_eq!(edits.len(), 4);
        assert_eq!(&body[edits[3].range.clone()], "};");
        // In `.md` notes only lines that really look like ES statements go.
        let md = "import Tabs from '@theme/Tabs'
import duties rose in 1930.
export default x;
";
        let edits = mdx_edits(md, false);
        assert_eq!(edits.len(), 2);
        assert_eq!(&md[edits[1].range.clone()], "export default x;");
    }
}
