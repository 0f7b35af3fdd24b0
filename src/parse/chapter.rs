//! Chapter assembly: title (front matter, else first H1, else file stem; a leading H1 that is
//! the title is dropped from the body), heading ids unique within the chapter and never equal to
//! the title id or a footnote id, and footnotes numbered by first reference.

use super::ids::{IdSet, slugify};
use super::tree::{Block, BlockKind, Footnote, InlineKind};
use super::walk;
use crate::diag::{Diagnostic, Span};
use crate::load::Note;
use crate::model::{HeadingLevel, plain_text};
use std::collections::HashMap;

/// A chapter between parsing and the final `Chapter`.
#[derive(Debug)]
pub(crate) struct Draft {
    /// Chapter title.
    pub title: String,
    /// Anchor id of the title.
    pub title_id: String,
    /// Body blocks.
    pub blocks: Vec<Block>,
    /// Footnote definitions by label.
    pub footnotes: Vec<(String, Vec<Block>, Span)>,
    /// Ids used in the chapter.
    pub ids: IdSet,
    /// Heading text slug / id → anchor id (moved into the link index).
    pub anchors: HashMap<String, String>,
    /// Warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The file stem of a note path.
pub(crate) fn file_stem(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('.').map_or(file, |(s, _)| s)
}

/// Title, heading ids and anchors for one parsed note.
pub(crate) fn assemble(
    note: &Note,
    mut blocks: Vec<Block>,
    footnotes: Vec<(String, Vec<Block>, Span)>,
    mut diagnostics: Vec<Diagnostic>,
) -> Draft {
    super::inline_embeds::place_embeds(&mut blocks, &mut diagnostics);
    super::block_ids::strip_heading_markers(&mut blocks);
    // Front-matter titles are plain text: tags in them are stripped like raw HTML elsewhere.
    let front_title = note
        .front
        .title
        .as_deref()
        .map(super::html::strip_tags)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let front_title = front_title.as_deref();
    let mut title_id_base = None;
    let leading_h1 = match blocks.first() {
        Some(Block {
            kind:
                BlockKind::Heading {
                    level: HeadingLevel::H1,
                    content,
                    id,
                },
            ..
        }) => Some((plain_text(content), id.clone())),
        _ => None,
    };
    let title = match (front_title, leading_h1) {
        (Some(t), Some((h1, id))) if h1.trim() == t => {
            blocks.remove(0);
            title_id_base = (!id.is_empty()).then_some(id);
            t.to_string()
        }
        (Some(t), _) => t.to_string(),
        (None, Some((h1, id))) => {
            blocks.remove(0);
            title_id_base = (!id.is_empty()).then_some(id);
            h1.trim().to_string()
        }
        (None, None) => first_h1(&blocks)
            .unwrap_or_else(|| super::links::nfc(file_stem(&note.path)).into_owned()),
    };
    let mut ids = IdSet::default();
    let title_id = ids.unique(&slugify(title_id_base.as_deref().unwrap_or(&title)));
    let mut anchors = HashMap::new();
    anchors.insert(slugify(&title), title_id.clone());
    anchors.insert(title.clone(), title_id.clone());
    assign_heading_ids(&mut blocks, &mut ids, Some(&mut anchors));
    super::block_ids::take_block_ids(&mut blocks, &mut ids, &mut anchors);
    Draft {
        title,
        title_id,
        blocks,
        footnotes,
        ids,
        anchors,
        diagnostics,
    }
}

fn first_h1(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading {
            level: HeadingLevel::H1,
            content,
            ..
        } => Some(plain_text(content).trim().to_string()),
        _ => None,
    })
}

/// Gives every heading a unique id (existing ids are the base, so explicit `{#id}` and
/// re-id'd embedded headings both work). Records text slug → id in `anchors` (first wins).
pub(crate) fn assign_heading_ids(
    blocks: &mut [Block],
    ids: &mut IdSet,
    mut anchors: Option<&mut HashMap<String, String>>,
) {
    walk::headings_mut(blocks, &mut |_, id, content| {
        let text = plain_text(content);
        let base = if id.is_empty() {
            slugify(&text)
        } else {
            slugify(id)
        };
        let explicit = (!id.is_empty()).then(|| id.clone());
        *id = ids.unique(&base);
        if let Some(a) = anchors.as_deref_mut() {
            a.entry(slugify(&text)).or_insert_with(|| id.clone());
            a.entry(text.trim().to_string())
                .or_insert_with(|| id.clone());
            a.entry(id.clone()).or_insert_with(|| id.clone());
            if let Some(e) = explicit {
                a.entry(e).or_insert_with(|| id.clone());
            }
        }
    });
}

/// Footnote reference key of a ref inside content transcluded from chapter `source`: `]N]label`.
/// A written label never starts with `]` (CommonMark: no unescaped `]` in a link label), and
/// [`number_footnotes`] replaces every key with an allocated id before the model leaves parse.
pub(crate) fn embedded_ref(source: usize, label: &str) -> String {
    format!("]{source}]{label}")
}

/// Whether a footnote reference key was already made by [`embedded_ref`].
pub(crate) fn is_embedded_ref(id: &str) -> bool {
    id.starts_with(']')
}

fn split_ref(id: &str, current: usize) -> (usize, String) {
    if let Some(rest) = id.strip_prefix(']')
        && let Some((n, label)) = rest.split_once(']')
        && let Ok(n) = n.parse()
    {
        return (n, label.to_string());
    }
    (current, id.to_string())
}

/// Numbers footnotes of chapter `host` by first reference (including references inside
/// embedded blocks and inside footnotes), gives them ids unique in the chapter and rewrites
/// every reference. `defs[c]` are chapter `c`'s definitions.
pub(crate) fn number_footnotes(
    host: usize,
    blocks: &mut [Block],
    defs: &[Vec<(String, Vec<Block>, Span)>],
    ids: &mut IdSet,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Footnote> {
    let mut numbers: HashMap<(usize, String), (String, u32)> = HashMap::new();
    let mut out: Vec<Footnote> = Vec::new();
    let mut queue: Vec<(usize, Vec<Block>)> = Vec::new(); // (source chapter, footnote index in out)
    let mut visit = |source: usize,
                     blocks: &mut [Block],
                     out: &mut Vec<Footnote>,
                     queue: &mut Vec<(usize, Vec<Block>)>| {
        walk::inline_nodes_mut(blocks, &mut |inline| {
            let InlineKind::FootnoteRef { id, number } = &mut inline.kind else {
                return;
            };
            let key = split_ref(id, source);
            if let Some((fid, n)) = numbers.get(&key) {
                *id = fid.clone();
                *number = *n;
                return;
            }
            let def = defs
                .get(key.0)
                .and_then(|d| d.iter().find(|(l, _, _)| *l == key.1));
            match def {
                Some((_, body, span)) => {
                    let n = out.len() as u32 + 1;
                    let fid = ids.unique(&format!("fn-{n}"));
                    numbers.insert(key.clone(), (fid.clone(), n));
                    out.push(Footnote {
                        id: fid.clone(),
                        number: n,
                        blocks: Vec::new(),
                        span: span.clone(),
                    });
                    queue.push((key.0, body.clone()));
                    *id = fid;
                    *number = n;
                }
                None => {
                    diags.push(Diagnostic::warning(
                        "footnote-missing",
                        Some(inline.span.clone()),
                        format!("footnote `[^{}]` has no definition", key.1),
                    ));
                    inline.kind = InlineKind::Text(format!("[^{}]", key.1));
                }
            }
        });
    };
    visit(host, blocks, &mut out, &mut queue);
    let mut done = 0;
    while done < queue.len() {
        let (source, mut body) = (queue[done].0, std::mem::take(&mut queue[done].1));
        visit(source, &mut body, &mut out, &mut queue);
        if let Some(f) = out.get_mut(done) {
            f.blocks = body;
        }
        done += 1;
    }
    if let Some(own) = defs.get(host) {
        for (label, _, span) in own {
            if !numbers.contains_key(&(host, label.clone())) {
                let msg = format!("footnote `[^{label}]` is never referenced; left out");
                diags.push(Diagnostic::warning(
                    "footnote-unused",
                    Some(span.clone()),
                    msg,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(file_stem("a/b/My Note.md"), "My Note");
        assert_eq!(file_stem("x.mdx"), "x");
        assert_eq!(split_ref(&embedded_ref(3, "a"), 0), (3, "a".to_string()));
        assert_eq!(split_ref("b", 2), (2, "b".to_string()));
    }
}
