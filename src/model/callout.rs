//! Callout kinds: the known kinds of GFM alerts, Obsidian callouts and Docusaurus admonitions,
//! their aliases resolved once here, and any other word kept as a custom kind.

use std::fmt;

/// The kind of a callout. Writers key presentation (label, colours, CSS class) on
/// [`CalloutKind::as_str`], which is stable for the known kinds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CalloutKind {
    /// `note` (GFM, Obsidian, Docusaurus).
    Note,
    /// `tip`; alias `hint`.
    Tip,
    /// `important` (GFM).
    Important,
    /// `warning`; alias `attention`.
    Warning,
    /// `caution` (GFM, Docusaurus).
    Caution,
    /// `info` (Obsidian, Docusaurus).
    Info,
    /// `danger`; alias `error`.
    Danger,
    /// `details`: an HTML `<details>` element.
    Details,
    /// `example` (Obsidian).
    Example,
    /// `quote`; alias `cite`.
    Quote,
    /// `question`; aliases `help`, `faq`.
    Question,
    /// `success`; aliases `check`, `done`.
    Success,
    /// `abstract`; aliases `summary`, `tldr`.
    Abstract,
    /// `todo` (Obsidian).
    Todo,
    /// `bug` (Obsidian).
    Bug,
    /// `failure`; aliases `fail`, `missing`.
    Failure,
    /// Any other word, lower-cased (writers show it capitalised).
    Custom(String),
}

/// Every known kind with its canonical name and aliases (Obsidian's callout list, GFM alerts,
/// Docusaurus admonitions).
const KNOWN: [(CalloutKind, &str, &[&str]); 16] = [
    (CalloutKind::Note, "note", &[]),
    (CalloutKind::Tip, "tip", &["hint"]),
    (CalloutKind::Important, "important", &[]),
    (CalloutKind::Warning, "warning", &["attention"]),
    (CalloutKind::Caution, "caution", &[]),
    (CalloutKind::Info, "info", &[]),
    (CalloutKind::Danger, "danger", &["error"]),
    (CalloutKind::Details, "details", &[]),
    (CalloutKind::Example, "example", &[]),
    (CalloutKind::Quote, "quote", &["cite"]),
    (CalloutKind::Question, "question", &["help", "faq"]),
    (CalloutKind::Success, "success", &["check", "done"]),
    (CalloutKind::Abstract, "abstract", &["summary", "tldr"]),
    (CalloutKind::Todo, "todo", &[]),
    (CalloutKind::Bug, "bug", &[]),
    (CalloutKind::Failure, "failure", &["fail", "missing"]),
];

impl CalloutKind {
    /// The kind a written word names, case-insensitively; aliases give their canonical kind
    /// (`HINT` → `Tip`); an empty word is a `Note`; any other word is `Custom`.
    pub fn parse(word: &str) -> CalloutKind {
        let word = word.trim().to_lowercase();
        if word.is_empty() {
            return CalloutKind::Note;
        }
        KNOWN
            .iter()
            .find(|(_, name, aliases)| *name == word || aliases.contains(&word.as_str()))
            .map(|(kind, _, _)| kind.clone())
            .unwrap_or(CalloutKind::Custom(word))
    }

    /// The lower-case kind name (`tip` for `hint` too); a custom kind's own word.
    pub fn as_str(&self) -> &str {
        if let CalloutKind::Custom(word) = self {
            return word;
        }
        KNOWN
            .iter()
            .find(|(kind, _, _)| kind == self)
            .map_or("note", |(_, name, _)| name)
    }
}

impl From<&str> for CalloutKind {
    /// [`CalloutKind::parse`]: every word names a kind, so this cannot fail.
    fn from(word: &str) -> Self {
        CalloutKind::parse(word)
    }
}

impl fmt::Display for CalloutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for CalloutKind {
    /// As its [`CalloutKind::as_str`] name: the JSON model shows `"kind": "tip"`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_round_trip_through_their_names() {
        for (kind, name, aliases) in KNOWN.iter() {
            assert_eq!(CalloutKind::parse(name), *kind);
            assert_eq!(kind.as_str(), *name);
            for alias in aliases.iter() {
                assert_eq!(CalloutKind::parse(alias).as_str(), *name, "{alias}");
            }
        }
    }

    #[test]
    fn words_are_case_insensitive_and_custom_words_survive() {
        assert_eq!(CalloutKind::parse("HINT"), CalloutKind::Tip);
        assert_eq!(CalloutKind::parse(" Warning "), CalloutKind::Warning);
        assert_eq!(CalloutKind::parse("Recipe").as_str(), "recipe");
        assert_eq!(CalloutKind::parse("메모").as_str(), "메모");
        assert_eq!(CalloutKind::parse(""), CalloutKind::Note);
    }
}
