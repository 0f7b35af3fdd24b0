//! Code highlighted once for both books: syntect (pure-Rust regex engine, default grammars)
//! parses a fence's code into scopes, which map to a small closed set of token classes. The EPUB
//! turns classes into CSS classes, the PDF into colours, both from [`super::palette`].
//!
//! One alias table for fence tags, one size limit (a block over it stays plain), one memo of
//! recent results (notes repeat snippets; syntect costs far more than a lookup).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference};

/// Code longer than this (bytes) is not highlighted: pathological inputs stay fast, and
/// both books show the same plain text.
pub const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;

/// Most bytes (estimated: code, runs and their text) the memo keeps; cleared when full. A count
/// of entries was no bound: at 1,000 notes the memo held 34 MB, a fifth of the book's peak.
const CACHE_BYTES: usize = 8 << 20;

/// What a piece of code is, as far as colour goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// Anything else: identifiers, whitespace, punctuation the grammar leaves unscoped.
    Plain,
    /// Comments.
    Comment,
    /// Keywords, storage modifiers, preprocessor directives.
    Keyword,
    /// Operators.
    Operator,
    /// String literals.
    String,
    /// Escapes inside strings (`\n`).
    Escape,
    /// Numeric literals.
    Number,
    /// Other constants (`true`, `None`, `self`).
    Constant,
    /// Function names and attribute names.
    Function,
    /// Type and class names.
    Type,
    /// Markup tag names.
    Tag,
}

impl TokenClass {
    /// Every class, for stylesheets and tests.
    pub const ALL: [TokenClass; 11] = [
        TokenClass::Plain,
        TokenClass::Comment,
        TokenClass::Keyword,
        TokenClass::Operator,
        TokenClass::String,
        TokenClass::Escape,
        TokenClass::Number,
        TokenClass::Constant,
        TokenClass::Function,
        TokenClass::Type,
        TokenClass::Tag,
    ];

    /// A short lower-case name (the EPUB writes `hl-<name>` classes).
    pub fn name(self) -> &'static str {
        match self {
            TokenClass::Plain => "plain",
            TokenClass::Comment => "comment",
            TokenClass::Keyword => "keyword",
            TokenClass::Operator => "operator",
            TokenClass::String => "string",
            TokenClass::Escape => "escape",
            TokenClass::Number => "number",
            TokenClass::Constant => "constant",
            TokenClass::Function => "function",
            TokenClass::Type => "type",
            TokenClass::Tag => "tag",
        }
    }
}

/// One line of highlighted code: runs of text, adjacent runs of one class merged, no newline.
pub type TokenLine = Vec<(TokenClass, String)>;

/// A highlighted code block: one [`TokenLine`] per line of the source (`code.split('\n')`).
pub type Tokens = Arc<Vec<TokenLine>>;

/// Fence tag → a token syntect's default grammars know. The one alias table of both books.
const ALIASES: &[(&str, &str)] = &[
    ("sh", "bash"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("shellsession", "bash"),
    ("ts", "js"),
    ("typescript", "js"),
    ("tsx", "js"),
    ("jsx", "js"),
    ("mjs", "js"),
    ("cjs", "js"),
    ("javascript", "js"),
    ("kt", "java"),
    ("kotlin", "java"),
    ("py", "python"),
    ("py3", "python"),
    ("python3", "python"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("yml", "yaml"),
    ("rs", "rust"),
    ("md", "markdown"),
    ("c++", "cpp"),
    ("cxx", "cpp"),
    ("hpp", "cpp"),
    ("golang", "go"),
    ("rb", "ruby"),
    ("htm", "html"),
    ("xhtml", "html"),
    ("svg", "xml"),
];

/// Scope prefix → class, most specific first (TextMate scope naming conventions).
const CLASSES: &[(&str, TokenClass)] = &[
    ("comment", TokenClass::Comment),
    ("constant.character.escape", TokenClass::Escape),
    ("string", TokenClass::String),
    ("constant.numeric", TokenClass::Number),
    ("constant", TokenClass::Constant),
    ("keyword.operator", TokenClass::Operator),
    ("keyword", TokenClass::Keyword),
    ("storage", TokenClass::Keyword),
    ("entity.name.function", TokenClass::Function),
    ("support.function", TokenClass::Function),
    ("variable.function", TokenClass::Function),
    ("entity.name.tag", TokenClass::Tag),
    ("entity.other.attribute-name", TokenClass::Function),
    ("entity.name", TokenClass::Type),
    ("support.type", TokenClass::Type),
    ("support.class", TokenClass::Type),
    ("variable.language", TokenClass::Constant),
    ("meta.preprocessor", TokenClass::Keyword),
    ("markup.heading", TokenClass::Keyword),
    ("markup.inserted", TokenClass::String),
    ("markup.deleted", TokenClass::Keyword),
];

/// The syntect token for a fence tag (`TS` → `js`), lower-cased, aliases resolved.
pub fn canonical_lang(lang: &str) -> String {
    let lang = lang.trim().to_ascii_lowercase();
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == lang)
        .map_or(lang, |&(_, token)| token.to_string())
}

/// The grammar for a fence tag, if syntect knows one (plain text counts as none).
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let token = canonical_lang(lang);
    if token.is_empty() {
        return None;
    }
    crate::syntax::syntax_set()
        .find_syntax_by_token(&token)
        .filter(|s| s.name != "Plain Text")
}

/// Whether code in `lang` would be highlighted (a known grammar).
pub fn is_known_lang(lang: &str) -> bool {
    syntax_for(lang).is_some()
}

/// Highlights `code` fenced as `lang`: one line of `(class, text)` runs per source line. An
/// unknown or missing language, code over [`MAX_HIGHLIGHT_BYTES`] or a grammar failure gives
/// every line as one [`TokenClass::Plain`] run (empty lines as no runs). Memoised.
pub fn highlight_code(lang: Option<&str>, code: &str) -> Tokens {
    /// The memo and the bytes it holds.
    type Cache = Mutex<(HashMap<(String, String), Tokens>, usize)>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (
        lang.map(canonical_lang).unwrap_or_default(),
        code.to_string(),
    );
    if let Some(hit) = cache.lock().ok().and_then(|c| c.0.get(&key).cloned()) {
        return hit;
    }
    let tokens = Arc::new(highlight_uncached(lang, code));
    let bytes = memo_bytes(&key.1, &tokens);
    if let Ok(mut c) = cache.lock() {
        if c.1 + bytes > CACHE_BYTES {
            *c = Default::default();
        }
        if bytes <= CACHE_BYTES {
            c.0.insert(key, tokens.clone());
            c.1 += bytes;
        }
    }
    tokens
}

/// Heap bytes a memo entry takes, roughly: the code (the key) and every run with its text.
fn memo_bytes(code: &str, tokens: &[TokenLine]) -> usize {
    let run = std::mem::size_of::<(TokenClass, String)>();
    code.len()
        + tokens
            .iter()
            .map(|line| {
                std::mem::size_of::<TokenLine>()
                    + line.iter().map(|(_, t)| run + t.len()).sum::<usize>()
            })
            .sum::<usize>()
}

fn highlight_uncached(lang: Option<&str>, code: &str) -> Vec<TokenLine> {
    let syntax = lang
        .filter(|_| code.len() <= MAX_HIGHLIGHT_BYTES)
        .and_then(syntax_for);
    // syntect should not panic, but a highlighting bug must never abort a build.
    syntax
        .and_then(|s| {
            std::panic::catch_unwind(|| tokenize(s, code))
                .ok()
                .flatten()
        })
        .unwrap_or_else(|| plain_lines(code))
}

/// Every line as one plain run.
fn plain_lines(code: &str) -> Vec<TokenLine> {
    code.split('\n')
        .map(|l| {
            if l.is_empty() {
                Vec::new()
            } else {
                vec![(TokenClass::Plain, l.to_string())]
            }
        })
        .collect()
}

fn tokenize(syntax: &SyntaxReference, code: &str) -> Option<Vec<TokenLine>> {
    let ss = crate::syntax::syntax_set();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::new();
    for line in code.split('\n') {
        // Newline-mode grammars expect each line to end with its newline.
        let with_nl = format!("{line}\n");
        let mut runs = TokenLine::new();
        let mut pos = 0;
        for (at, op) in state.parse_line(&with_nl, ss).ok()? {
            let at = at.min(line.len());
            if at > pos {
                push_run(&mut runs, class_of(&stack), line.get(pos..at)?);
                pos = at;
            }
            stack.apply(&op).ok()?;
        }
        push_run(&mut runs, class_of(&stack), line.get(pos..)?);
        out.push(runs);
    }
    Some(out)
}

/// Appends a run, merged with the previous one when the class is the same.
fn push_run(runs: &mut TokenLine, class: TokenClass, text: &str) {
    if text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some((c, t)) if *c == class => t.push_str(text),
        _ => runs.push((class, text.to_string())),
    }
}

fn scope_classes() -> &'static [(Scope, TokenClass)] {
    static C: OnceLock<Vec<(Scope, TokenClass)>> = OnceLock::new();
    C.get_or_init(|| {
        CLASSES
            .iter()
            .filter_map(|&(s, c)| Scope::new(s).ok().map(|s| (s, c)))
            .collect()
    })
}

/// The class of the innermost scope on `stack` that has one.
fn class_of(stack: &ScopeStack) -> TokenClass {
    let classes = scope_classes();
    stack
        .as_slice()
        .iter()
        .rev()
        .find_map(|&scope| {
            classes
                .iter()
                .find(|(prefix, _)| prefix.is_prefix_of(scope))
                .map(|&(_, c)| c)
        })
        .unwrap_or(TokenClass::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(lines: &[TokenLine]) -> String {
        lines
            .iter()
            .map(|l| l.iter().map(|(_, t)| t.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_alias_names_a_grammar() {
        for (alias, token) in ALIASES {
            let s = crate::syntax::syntax_set().find_syntax_by_token(token);
            assert!(
                s.is_some_and(|s| s.name != "Plain Text"),
                "{alias} → {token}"
            );
            assert!(is_known_lang(alias), "{alias}");
        }
        for tag in [
            "ts", "tsx", "jsx", "kt", "py3", "jsonc", "sh", "shell", "bash", "zsh",
        ] {
            assert!(is_known_lang(tag), "{tag}");
        }
        for tag in ["yml", "rs", "js", "md", "c++", "Rust", "PY"] {
            assert!(is_known_lang(tag), "{tag}");
        }
        assert!(!is_known_lang("no-such-lang"));
        assert!(!is_known_lang(""));
    }

    #[test]
    fn rust_tokens_keep_the_text_and_classify_it() {
        let code = "fn main() {\n    let s = \"a\\n\"; // 주석\n}";
        let lines = highlight_code(Some("rs"), code);
        assert_eq!(lines.len(), 3);
        assert_eq!(text_of(&lines), code);
        assert!(lines[0].contains(&(TokenClass::Keyword, "fn".into())));
        let second = &lines[1];
        assert!(second.contains(&(TokenClass::Comment, "// 주석".into())));
        assert!(second.contains(&(TokenClass::Escape, "\\n".into())));
        assert!(second.iter().any(|(c, _)| *c == TokenClass::String));
    }

    #[test]
    fn typescript_and_kotlin_are_highlighted() {
        for (lang, code) in [
            ("ts", "const x: number = 1;"),
            ("kt", "class A { }"),
            ("py3", "def f(): pass"),
        ] {
            let lines = highlight_code(Some(lang), code);
            assert!(
                lines[0].iter().any(|(c, _)| *c == TokenClass::Keyword),
                "{lang}: {lines:?}"
            );
        }
    }

    #[test]
    fn unknown_missing_or_huge_code_is_plain() {
        let plain = vec![vec![(TokenClass::Plain, "fn a".to_string())], vec![]];
        assert_eq!(*highlight_code(Some("nosuchlang"), "fn a\n"), plain);
        assert_eq!(*highlight_code(None, "fn a\n"), plain);
        let huge = "fn a() {}\n".repeat(MAX_HIGHLIGHT_BYTES / 10 + 1);
        let lines = highlight_code(Some("rust"), &huge);
        assert!(lines.iter().flatten().all(|(c, _)| *c == TokenClass::Plain));
        assert_eq!(text_of(&lines), huge);
        let small = highlight_code(Some("rust"), "fn a() {}");
        assert!(small.iter().flatten().any(|(c, _)| *c != TokenClass::Plain));
    }
}
