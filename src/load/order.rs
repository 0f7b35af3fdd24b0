//! Book order: an explicit chapter list first, then front-matter `order`, then the natural sort
//! of paths (`2` before `10`).

use super::docusaurus::{FolderPositions, sidebar_cmp};
use super::{Note, SortOrder};
use crate::diag::{Diagnostic, Span};
use std::cmp::Ordering;
use std::sync::Arc;

/// Compares two strings "naturally": runs of ASCII digits compare as numbers (`2` < `10`),
/// other text compares case-insensitively first and by exact text only to break ties, so the
/// order is total and stable (`a` < `B` < `b` < `c`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let primary = natural_cmp_by(a, b, true);
    if primary != Ordering::Equal {
        return primary;
    }
    natural_cmp_by(a, b, false).then_with(|| a.cmp(b))
}

fn natural_cmp_by(a: &str, b: &str, fold_case: bool) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = digit_run(a);
                let db = digit_run(b);
                let na = da.trim_start_matches('0');
                let nb = db.trim_start_matches('0');
                let ord = na
                    .len()
                    .cmp(&nb.len())
                    .then_with(|| na.cmp(nb))
                    // Equal values: fewer leading zeros first ("1" < "01").
                    .then_with(|| da.len().cmp(&db.len()));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da.len()..];
                b = &b[db.len()..];
            }
            (Some(x), Some(y)) => {
                let ord = if fold_case {
                    x.to_lowercase().cmp(y.to_lowercase())
                } else {
                    x.cmp(&y)
                };
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

fn digit_run(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    &s[..end]
}

/// Compares two `/`-separated paths segment by segment with [`natural_cmp`].
pub fn natural_path_cmp(a: &str, b: &str) -> Ordering {
    let mut sa = a.split('/');
    let mut sb = b.split('/');
    loop {
        match (sa.next(), sb.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = natural_cmp(x, y);
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// Puts `notes` in book order. `chapter_order` entries are note paths (`dir/a.md`), paths
/// without extension (`dir/a`) or names (the file stem `a`, or the front-matter title); exact
/// matches are tried before case-insensitive ones. Unmatched entries produce a warning.
pub fn order_notes(
    notes: Vec<Note>,
    chapter_order: &[String],
    sort: SortOrder,
) -> (Vec<Note>, Vec<Diagnostic>) {
    order_notes_in(notes, chapter_order, sort, &FolderPositions::new())
}

/// [`order_notes`] with Docusaurus folder positions (`_category_.json`); notes' own
/// `sidebar_position` is read from their front matter.
pub(super) fn order_notes_in(
    notes: Vec<Note>,
    chapter_order: &[String],
    sort: SortOrder,
    folders: &FolderPositions,
) -> (Vec<Note>, Vec<Diagnostic>) {
    let path_cmp = |a: &str, b: &str| match sort {
        SortOrder::Natural => natural_path_cmp(a, b),
        SortOrder::Path => a.cmp(b),
    };
    let mut diagnostics = Vec::new();
    let mut rest: Vec<Option<Note>> = notes.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(rest.len());
    for entry in chapter_order {
        let wanted = entry.trim().trim_start_matches("./");
        match find_entry(&rest, wanted) {
            Some(i) => {
                if let Some(note) = rest[i].take() {
                    ordered.push(note);
                }
            }
            None => diagnostics.push(Diagnostic::warning(
                "chapter-missing",
                Some(Span::file_only(Arc::from("hanji.yaml"))),
                format!("chapter `{entry}` in the chapter list matches no note"),
            )),
        }
    }
    let mut rest: Vec<Note> = rest.into_iter().flatten().collect();
    rest.sort_by(|a, b| match (a.front.order, b.front.order) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| path_cmp(&a.path, &b.path)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => sidebar_cmp(a, b, folders, &path_cmp),
    });
    ordered.extend(rest);
    (ordered, diagnostics)
}

/// Index of the still-unplaced note that a chapter-list entry names, trying the most exact
/// interpretation first.
fn find_entry(notes: &[Option<Note>], wanted: &str) -> Option<usize> {
    let tests: [&dyn Fn(&Note) -> bool; 4] = [
        &|n| &*n.path == wanted || strip_ext(&n.path) == wanted,
        &|n| stem(&n.path) == wanted || n.front.title.as_deref() == Some(wanted),
        &|n| {
            n.path.eq_ignore_ascii_case(wanted)
                || strip_ext(&n.path).to_lowercase() == wanted.to_lowercase()
        },
        &|n| {
            stem(&n.path).to_lowercase() == wanted.to_lowercase()
                || n.front
                    .title
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase() == wanted.to_lowercase())
        },
    ];
    tests
        .iter()
        .find_map(|test| notes.iter().position(|n| n.as_ref().is_some_and(test)))
}

fn strip_ext(path: &str) -> &str {
    path.rsplit_once('.')
        .filter(|(_, ext)| !ext.contains('/'))
        .map_or(path, |(p, _)| p)
}

fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    strip_ext(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FrontMatter;

    fn note(path: &str, order: Option<i64>) -> Note {
        Note {
            path: Arc::from(path),
            body: String::new(),
            body_line: 1,
            front: FrontMatter {
                order,
                ..FrontMatter::default()
            },
            mdx: false,
            part: None,
        }
    }

    fn paths(notes: &[Note]) -> Vec<&str> {
        notes.iter().map(|n| &*n.path).collect()
    }

    #[test]
    fn numbers_sort_by_value() {
        let mut v = vec!["10.md", "2.md", "1.md", "02.md", "a10b.md", "a9b.md"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["1.md", "2.md", "02.md", "10.md", "a9b.md", "a10b.md"]);
    }

    #[test]
    fn case_is_secondary_and_order_total() {
        let mut v = vec!["b.md", "B.md", "a.md", "C.md"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["a.md", "B.md", "b.md", "C.md"]);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
    }

    #[test]
    fn hangul_and_paths() {
        let mut v = vec!["나/1.md", "가/10.md", "가/9.md", "가.md"];
        v.sort_by(|a, b| natural_path_cmp(a, b));
        assert_eq!(v, ["가/9.md", "가/10.md", "가.md", "나/1.md"]);
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        assert_eq!(
            natural_cmp("99999999999999999999999", "100000000000000000000000"),
            Ordering::Less
        );
    }

    #[test]
    fn front_matter_order_before_natural() {
        let notes = vec![
            note("b.md", None),
            note("z.md", Some(2)),
            note("a10.md", None),
            note("y.md", Some(1)),
            note("a2.md", None),
        ];
        let (out, d) = order_notes(notes, &[], SortOrder::Natural);
        assert!(d.is_empty());
        assert_eq!(paths(&out), ["y.md", "z.md", "a2.md", "a10.md", "b.md"]);
    }

    #[test]
    fn chapter_list_first_by_path_or_name() {
        let notes = vec![
            note("intro.md", None),
            note("part/Second.md", Some(1)),
            note("last.md", None),
            note("first.md", None),
        ];
        let list = vec![
            "first".to_string(),
            "part/Second.md".to_string(),
            "missing".to_string(),
        ];
        let (out, d) = order_notes(notes, &list, SortOrder::Natural);
        assert_eq!(
            paths(&out),
            ["first.md", "part/Second.md", "intro.md", "last.md"]
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "chapter-missing");
    }

    #[test]
    fn chapter_list_case_insensitive_fallback() {
        let notes = vec![note("Alpha.md", None), note("beta.md", None)];
        let (out, _) = order_notes(notes, &["BETA".to_string()], SortOrder::Natural);
        assert_eq!(paths(&out), ["beta.md", "Alpha.md"]);
    }
}
