//! Parts: titled groups of consecutive chapters. Read from what the notes folder already says
//! when it says it (`PartsFrom::Auto`): mdBook `SUMMARY.md` part titles, else Docusaurus
//! categories (a top-level folder with a `_category_.json` makes every top-level folder a
//! part, titled by its `label`); `PartsFrom::Folders` makes parts of top-level folders in any
//! vault (titled by the `_category_.json` label, else the folder name without a Docusaurus
//! number prefix: `01-basics` → `basics`); `PartsFrom::None` reads none. Notes at the root
//! belong to no part. A part's notes are moved next to each other, parts in the order their
//! first note comes, so that a part is one run of chapters.

use super::Note;
use super::summary::Summary;
use std::collections::HashMap;
use std::path::Path;

/// Where parts come from (`hanji.yaml` `parts:`, `--parts`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PartsFrom {
    /// `SUMMARY.md` part titles, else Docusaurus categories, else none.
    #[default]
    Auto,
    /// Top-level folders.
    Folders,
    /// No parts.
    None,
}

/// Sets every note's part and groups each part's notes together (see the module docs), then
/// applies `options.part_titles` (hanji.yaml), which win over the found titles.
pub(super) fn assign_parts(
    root: &Path,
    notes: Vec<Note>,
    options: &super::LoadOptions,
    summary: Option<&Summary>,
) -> Vec<Note> {
    let mut notes = find_parts(root, notes, options.parts, summary);
    let titles = &options.part_titles;
    if !titles.is_empty() {
        for note in &mut notes {
            let folder = top_folder(&note.path).map(str::to_string);
            if let Some(part) = &mut note.part {
                let by_folder = folder.and_then(|f| titles.get(&f));
                if let Some(t) = by_folder.or_else(|| titles.get(part.as_str())) {
                    *part = t.clone();
                }
            }
        }
    }
    notes
}

/// Every note's found part, each part's notes together.
fn find_parts(
    root: &Path,
    notes: Vec<Note>,
    mode: PartsFrom,
    summary: Option<&Summary>,
) -> Vec<Note> {
    let summary_parts = summary.filter(|s| s.parts.iter().any(Option::is_some));
    let mut notes = notes;
    match (mode, summary_parts) {
        (PartsFrom::None, _) => return notes,
        (PartsFrom::Auto, Some(s)) => {
            let part_of: HashMap<&str, &Option<String>> =
                s.order.iter().map(String::as_str).zip(&s.parts).collect();
            for note in &mut notes {
                note.part = part_of.get(&*note.path).and_then(|p| (*p).clone());
            }
        }
        (PartsFrom::Auto, None) if !has_categories(root, &notes) => return notes,
        _ => {
            let mut titles: HashMap<String, String> = HashMap::new();
            for note in &mut notes {
                note.part = top_folder(&note.path).map(|folder| {
                    titles
                        .entry(folder.to_string())
                        .or_insert_with(|| folder_title(root, folder))
                        .clone()
                });
            }
        }
    }
    group_parts(notes)
}

/// The note's top-level folder, `None` for a note at the root.
fn top_folder(path: &str) -> Option<&str> {
    path.split_once('/').map(|(folder, _)| folder)
}

/// Whether a top-level folder holding notes has a `_category_.json` (a Docusaurus docs tree).
fn has_categories(root: &Path, notes: &[Note]) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    notes.iter().filter_map(|n| top_folder(&n.path)).any(|f| {
        if seen.contains(&f) {
            return false;
        }
        seen.push(f);
        root.join(f).join("_category_.json").is_file()
    })
}

/// The part title of a top-level folder: its `_category_.json` label, else its name without
/// a number prefix (Docusaurus strips `01-`, `2_`, `3.`), else its name.
fn folder_title(root: &Path, folder: &str) -> String {
    super::docusaurus::category_label(&root.join(folder).join("_category_.json")).unwrap_or_else(
        || {
            let rest = folder.trim_start_matches(|c: char| c.is_ascii_digit());
            let stripped = rest.trim_start_matches(['-', '_', '.', ' ']);
            if rest.len() < folder.len() && stripped.len() < rest.len() && !stripped.is_empty() {
                stripped.to_string()
            } else {
                folder.to_string()
            }
        },
    )
}

/// The notes with each part's notes moved together, at the place of the part's first note
/// (stable: order within a part, and of notes without a part, is kept).
fn group_parts(notes: Vec<Note>) -> Vec<Note> {
    let mut groups: Vec<(Option<String>, Vec<Note>)> = Vec::new();
    for note in notes {
        let key = note.part.clone();
        let found = groups
            .iter_mut()
            .find(|(k, _)| k.is_some() && *k == key)
            .map(|(_, list)| list);
        match found {
            Some(list) => list.push(note),
            None => match groups.last_mut() {
                Some((None, list)) if key.is_none() => list.push(note),
                _ => groups.push((key, vec![note])),
            },
        }
    }
    groups.into_iter().flat_map(|(_, list)| list).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn note(path: &str) -> Note {
        Note {
            path: Arc::from(path),
            body: String::new(),
            body_line: 1,
            front: Default::default(),
            mdx: false,
            part: None,
        }
    }

    fn shape(notes: &[Note]) -> Vec<(String, Option<String>)> {
        notes
            .iter()
            .map(|n| (n.path.to_string(), n.part.clone()))
            .collect()
    }

    #[test]
    fn folders_become_parts_grouped_where_they_first_come() {
        let root = crate::load::fresh_test_dir("parts-folders");
        std::fs::create_dir_all(root.join("02-guide")).unwrap();
        std::fs::write(
            root.join("02-guide/_category_.json"),
            r#"{"label": "안내서", "position": 2}"#,
        )
        .unwrap();
        let notes = [
            "intro.md",
            "01-basics/a.md",
            "zeta.md",
            "01-basics/b.md",
            "02-guide/c.md",
        ]
        .map(note)
        .to_vec();
        let out = find_parts(&root, notes, PartsFrom::Folders, None);
        let part = |t: &str| Some(t.to_string());
        assert_eq!(
            shape(&out),
            [
                ("intro.md".into(), None),
                ("01-basics/a.md".into(), part("basics")),
                ("01-basics/b.md".into(), part("basics")),
                ("zeta.md".into(), None),
                ("02-guide/c.md".into(), part("안내서")),
            ]
        );
        // Auto reads folders only for a Docusaurus tree (one `_category_.json` is enough).
        let auto = find_parts(&root, out.clone(), PartsFrom::Auto, None);
        assert_eq!(shape(&auto), shape(&out));
        let none = find_parts(&root, vec![note("a/b.md")], PartsFrom::None, None);
        assert_eq!(none[0].part, None);
        let plain = crate::load::fresh_test_dir("parts-plain");
        let auto = find_parts(&plain, vec![note("a/b.md")], PartsFrom::Auto, None);
        assert_eq!(auto[0].part, None);
    }

    #[test]
    fn hanji_yaml_titles_replace_found_ones() {
        let root = crate::load::fresh_test_dir("parts-titles");
        let options = crate::load::LoadOptions {
            parts: PartsFrom::Folders,
            part_titles: [("01-basics", "기초"), ("guide", "안내")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .into(),
            ..Default::default()
        };
        let notes = vec![
            note("01-basics/a.md"),
            note("guide/b.md"),
            note("other/c.md"),
        ];
        let out = assign_parts(&root, notes, &options, None);
        let titles: Vec<Option<&str>> = out.iter().map(|n| n.part.as_deref()).collect();
        assert_eq!(titles, [Some("기초"), Some("안내"), Some("other")]);
    }

    #[test]
    fn summary_part_titles_win_in_auto() {
        let root = crate::load::fresh_test_dir("parts-summary");
        let summary = Summary {
            order: vec!["i.md".into(), "x/a.md".into()],
            parts: vec![None, Some("첫째".into())],
        };
        let out = find_parts(
            &root,
            vec![note("i.md"), note("x/a.md"), note("other.md")],
            PartsFrom::Auto,
            Some(&summary),
        );
        assert_eq!(
            shape(&out),
            [
                ("i.md".into(), None),
                ("x/a.md".into(), Some("첫째".into())),
                ("other.md".into(), None),
            ]
        );
    }
}
