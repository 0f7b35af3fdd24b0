//! Interface labels per language: every word a writer shows that the notes did not contain
//! (contents, footnotes, landmarks, missing images, continued tables, callout kinds), so the EPUB
//! and the PDF say the same thing. A table per language; English for any non-Korean language.
//! Labels follow the chapter's language (the chapter's `lang`, else the book's).

use std::borrow::Cow;

/// The words one language uses for generated text. Add a language by adding a `static` table
/// and a branch in [`Labels::for_lang`]; a test checks every table names every callout kind.
#[derive(Clone, Copy, Debug)]
pub struct Labels {
    /// Title of the table of contents (EPUB nav, PDF contents page and outline entry).
    pub toc: &'static str,
    /// Heading of the footnotes section (EPUB `aria-label`).
    pub footnotes: &'static str,
    /// Wording of a missing-image placeholder, followed by the path the note wrote.
    pub missing_image: &'static str,
    /// Wording of an embedded file (audio, video, a document) shown as a placeholder,
    /// followed by its name.
    pub attachment: &'static str,
    /// Prefix of an embedded note's source link.
    pub embed_prefix: &'static str,
    /// Title page landmark.
    pub title_page: &'static str,
    /// Heading of the EPUB's list of print pages (`page-list`).
    pub pages: &'static str,
    /// Landmark for the first chapter (where reading starts).
    pub body: &'static str,
    /// Cover landmark.
    pub cover: &'static str,
    /// Footnote back-link label (read aloud, never shown).
    pub back: &'static str,
    /// Note before a later column group of a table too wide for the page:
    /// Accessible name of a ticked task-list checkbox.
    pub task_done: &'static str,
    /// Accessible name of an open task-list checkbox.
    pub task_open: &'static str,
    /// `(first column, last column, column count)` → the words shown.
    pub table_continued: fn(usize, usize, usize) -> String,
    /// Callout label per canonical kind (see [`canonical_kind`]), in [`CALLOUT_KINDS`] order.
    pub callouts: [&'static str; CALLOUT_KINDS.len()],
}

/// The callout kinds that have a label, a colour family and aliases of their own; any other
/// kind is custom (its own word, capitalised, in the note colours).
pub const CALLOUT_KINDS: [&str; 16] = [
    "note",
    "tip",
    "important",
    "warning",
    "caution",
    "info",
    "danger",
    "details",
    "example",
    "quote",
    "question",
    "success",
    "abstract",
    "todo",
    "bug",
    "failure",
];

/// Other names of the canonical kinds (Obsidian's callout aliases).
const KIND_ALIASES: &[(&str, &str)] = &[
    ("hint", "tip"),
    ("error", "danger"),
    ("faq", "question"),
    ("help", "question"),
    ("check", "success"),
    ("done", "success"),
    ("summary", "abstract"),
    ("tldr", "abstract"),
    ("fail", "failure"),
    ("missing", "failure"),
    ("cite", "quote"),
    ("attention", "warning"),
];

/// Korean labels.
static KO: Labels = Labels {
    toc: "차례",
    footnotes: "각주",
    missing_image: "그림 없음",
    attachment: "첨부 파일",
    embed_prefix: "포함된 노트: ",
    title_page: "표제지",
    pages: "쪽 번호",
    body: "본문",
    cover: "표지",
    back: "본문으로 돌아가기",
    task_done: "완료한 할 일",
    task_open: "할 일",
    table_continued: |first, last, n| match first == last {
        true => format!("(표 계속: {first}열 / {n}열)"),
        false => format!("(표 계속: {first}–{last}열 / {n}열)"),
    },
    callouts: [
        "참고",
        "팁",
        "중요",
        "경고",
        "주의",
        "정보",
        "위험",
        "자세히",
        "예시",
        "인용",
        "질문",
        "성공",
        "요약",
        "할 일",
        "버그",
        "실패",
    ],
};

/// English labels (and the labels of every language without a table).
static EN: Labels = Labels {
    toc: "Contents",
    footnotes: "Footnotes",
    missing_image: "Image missing",
    attachment: "Attached file",
    embed_prefix: "Embedded note: ",
    title_page: "Title page",
    pages: "Pages",
    body: "Start",
    cover: "Cover",
    back: "Back to text",
    task_done: "Done task",
    task_open: "Open task",
    table_continued: |first, last, n| match first == last {
        true => format!("(table continued: column {first} of {n})"),
        false => format!("(table continued: columns {first}–{last} of {n})"),
    },
    callouts: [
        "Note",
        "Tip",
        "Important",
        "Warning",
        "Caution",
        "Info",
        "Danger",
        "Details",
        "Example",
        "Quote",
        "Question",
        "Success",
        "Summary",
        "To do",
        "Bug",
        "Failure",
    ],
};

/// Every table, for checks that must look at all languages (a title equal to a label).
static ALL: [&Labels; 2] = [&KO, &EN];

/// Whether `lang` (a BCP 47 tag such as `ko`, `ko-KR`, `en`) is Korean: the one answer to
/// that question, used for labels and Korean-only typography.
pub fn is_korean(lang: &str) -> bool {
    let primary = lang.trim().split(['-', '_']).next().unwrap_or("");
    primary.eq_ignore_ascii_case("ko") || primary.eq_ignore_ascii_case("kor")
}

/// The canonical kind of a callout kind name (`hint` → `tip`), case-insensitive; `None` for a
/// custom kind.
pub fn canonical_kind(kind: &str) -> Option<&'static str> {
    let kind = kind.trim();
    CALLOUT_KINDS
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(kind))
        .or_else(|| {
            KIND_ALIASES
                .iter()
                .find(|(alias, _)| alias.eq_ignore_ascii_case(kind))
                .map(|&(_, k)| k)
        })
}

/// Every kind name the writers recognise (canonical kinds and aliases), for stylesheet rules.
pub fn known_kind_names() -> impl Iterator<Item = &'static str> {
    CALLOUT_KINDS
        .iter()
        .copied()
        .chain(KIND_ALIASES.iter().map(|&(alias, _)| alias))
}

/// Separator between a callout's label and its explicit title (`팁 · 제목`).
pub const CALLOUT_TITLE_SEPARATOR: &str = " · ";

impl Labels {
    /// The labels for the language tag `lang`: Korean for `ko`/`ko-*`, English otherwise.
    pub fn for_lang(lang: &str) -> &'static Labels {
        if is_korean(lang) { &KO } else { &EN }
    }

    /// The label of a callout kind: its word in this language for a known kind, the kind
    /// itself (capitalised) for a custom one, the note label for an empty kind.
    pub fn callout(&self, kind: &str) -> Cow<'static, str> {
        if let Some(i) = canonical_kind(kind).and_then(kind_index) {
            return Cow::Borrowed(self.callouts[i]);
        }
        let mut cs = kind.trim().chars();
        match cs.next() {
            Some(c) => Cow::Owned(c.to_uppercase().chain(cs).collect()),
            None => Cow::Borrowed(self.callouts[0]),
        }
    }

    /// Whether a callout's explicit title (its plain text) is shown after the label: not when
    /// it is empty or merely repeats the label in any language or a name of the kind
    /// (`> [!tip] 팁`, `> [!tip] Tip`), so the label shows once, not "팁 · 팁".
    fn callout_title_shown(&self, kind: &str, title: &str) -> bool {
        let title = title.trim();
        if title.is_empty() {
            return false;
        }
        let same = |s: &str| s.trim().to_lowercase() == title.to_lowercase();
        let repeats_label = ALL.iter().any(|l| same(&l.callout(kind)));
        // `> [!tip] Hint`: another name of the same kind.
        let names_kind = canonical_kind(title).is_some_and(|t| canonical_kind(kind) == Some(t));
        !(repeats_label || same(kind) || names_kind)
    }

    /// What a callout's heading line shows: the kind's label, then (after
    /// [`CALLOUT_TITLE_SEPARATOR`]) the explicit title unless it repeats the label. A custom kind
    /// with a title shows the title alone: its "label" is only the kind word, untranslated.
    pub fn callout_heading(&self, kind: &str, title: &str) -> CalloutHeading {
        let shows_title = self.callout_title_shown(kind, title);
        let label = (!shows_title || canonical_kind(kind).is_some()).then(|| self.callout(kind));
        CalloutHeading {
            label,
            title: shows_title,
        }
    }

    /// The text of an embedded file's placeholder: the wording and the file's path.
    pub fn attachment_text(&self, src: &str) -> String {
        format!("{}: {src}", self.attachment)
    }

    /// The text of a missing-image placeholder: the wording, the path, and the alternative text
    /// when there is one.
    pub fn missing_image_text(&self, src: &str, alt: &str) -> String {
        if alt.trim().is_empty() {
            format!("{}: {src}", self.missing_image)
        } else {
            format!("{}: {src} ({alt})", self.missing_image)
        }
    }
}

/// The parts of a callout's heading line, decided once for both writers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalloutHeading {
    /// The kind's label in the chapter's language, when shown.
    pub label: Option<Cow<'static, str>>,
    /// Whether the explicit title follows (after the separator when there is a label).
    pub title: bool,
}

impl CalloutHeading {
    /// The heading as plain text, given the title's plain text (for tests and dumps).
    pub fn text(&self, title: &str) -> String {
        match (&self.label, self.title) {
            (Some(l), true) => format!("{l}{CALLOUT_TITLE_SEPARATOR}{}", title.trim()),
            (Some(l), false) => l.to_string(),
            (None, _) => title.trim().to_string(),
        }
    }
}

fn kind_index(kind: &str) -> Option<usize> {
    CALLOUT_KINDS.iter().position(|k| *k == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_is_recognised_by_primary_subtag_only() {
        for ko in ["ko", "ko-KR", "KO", "ko_KR", " ko "] {
            assert!(is_korean(ko), "{ko}");
        }
        for other in ["en", "kok", "en-KO", "", "k"] {
            assert!(!is_korean(other), "{other}");
        }
    }

    #[test]
    fn any_non_korean_language_gets_english() {
        assert_eq!(Labels::for_lang("ko-KR").toc, "차례");
        assert_eq!(Labels::for_lang("en").toc, "Contents");
        assert_eq!(Labels::for_lang("fr").toc, "Contents");
        assert_eq!(Labels::for_lang("").missing_image, "Image missing");
        assert_eq!(Labels::for_lang("ko").missing_image, "그림 없음");
    }

    #[test]
    fn aliases_share_their_kind_label() {
        let ko = Labels::for_lang("ko");
        let en = Labels::for_lang("en");
        assert_eq!(ko.callout("hint"), "팁");
        assert_eq!(en.callout("TLDR"), "Summary");
        assert_eq!(en.callout("done"), "Success");
        assert_eq!(ko.callout("fail"), "실패");
        assert_eq!(ko.callout("caution"), "주의");
        for (alias, kind) in KIND_ALIASES {
            assert_eq!(canonical_kind(alias), Some(*kind));
            assert!(kind_index(kind).is_some(), "{alias} → {kind}");
        }
    }

    #[test]
    fn custom_kinds_show_themselves_and_empty_is_note() {
        let ko = Labels::for_lang("ko");
        assert_eq!(ko.callout("recipe"), "Recipe");
        assert_eq!(ko.callout("요리"), "요리");
        assert_eq!(ko.callout(""), "참고");
        assert_eq!(canonical_kind("recipe"), None);
    }

    #[test]
    fn every_table_labels_every_kind_distinctly() {
        for table in ALL {
            let mut seen: Vec<&str> = table.callouts.to_vec();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), CALLOUT_KINDS.len());
            assert!(table.callouts.iter().all(|l| !l.trim().is_empty()));
        }
    }

    #[test]
    fn a_title_repeating_the_label_is_not_shown_twice() {
        let ko = Labels::for_lang("ko");
        let en = Labels::for_lang("en");
        assert!(!ko.callout_title_shown("tip", " 팁 "));
        assert!(!ko.callout_title_shown("tip", "TIP"));
        assert!(!en.callout_title_shown("hint", "tip"));
        assert!(!en.callout_title_shown("tip", "Hint"));
        assert!(!en.callout_title_shown("recipe", "recipe"));
        assert!(!en.callout_title_shown("note", ""));
        assert!(ko.callout_title_shown("tip", "팁: 빨리 찾기"));
        assert!(en.callout_title_shown("warning", "Hot"));
    }

    #[test]
    fn callout_heading_lines() {
        let ko = Labels::for_lang("ko");
        let en = Labels::for_lang("en");
        let line = |l: &Labels, kind: &str, title: &str| l.callout_heading(kind, title).text(title);
        assert_eq!(line(ko, "tip", "팁"), "팁");
        assert_eq!(line(ko, "tip", "Tip"), "팁");
        assert_eq!(line(ko, "warning", "뜨거움"), "경고 · 뜨거움");
        assert_eq!(line(en, "caution", ""), "Caution");
        assert_eq!(line(en, "recipe", ""), "Recipe");
        assert_eq!(line(en, "recipe", "Soup"), "Soup");
        assert_eq!(ko.callout_heading("recipe", "Soup").label, None);
    }

    #[test]
    fn generated_sentences() {
        let ko = Labels::for_lang("ko");
        assert_eq!(ko.missing_image_text("a.png", ""), "그림 없음: a.png");
        assert_eq!(
            Labels::for_lang("en").missing_image_text("a.png", "cat"),
            "Image missing: a.png (cat)"
        );
        assert_eq!((ko.table_continued)(3, 5, 9), "(표 계속: 3–5열 / 9열)");
        assert_eq!((ko.table_continued)(2, 2, 2), "(표 계속: 2열 / 2열)");
    }
}
