//! Link resolution (issue 2 item 6): pending link targets → `LinkTarget::Internal` /
//! `External`, or plain text plus a warning.
//!
//! Forms: `[[Target]]`, `[[Target|label]]`, `[[Target#Heading]]`, `[[#Heading]]`, relative
//! Markdown links to `.md` files, slug links (`/r/AF2E5E`, `/ko/r/02B616` match front-matter
//! `slug: /AF2E5E`), `#anchor`, and external URLs (only `http`, `https`, `mailto` survive).
//! Name lookup order: file stem exact, file stem case-insensitive, alias, title, slug; several
//! matches → the note nearest to the linking note (longest shared folder prefix) and a warning.
//! The index is built once (hash maps), so resolving is O(links).

use super::tree::{Block, Inline, InlineKind, Pending};
use super::walk;
use crate::diag::{Diagnostic, Span};
use crate::model::url::{UrlRefusal, scheme_of};
use crate::model::{ChapterId, ExternalUrl, LinkTarget};
use std::borrow::Cow;
use std::collections::HashMap;

/// What the index knows about one note.
#[derive(Debug, Clone)]
pub(crate) struct NoteKey {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// Title of the chapter.
    pub title: String,
    /// Front-matter aliases.
    pub aliases: Vec<String>,
    /// Front-matter slug.
    pub slug: Option<String>,
}

/// Lookup tables over all notes, built once.
#[derive(Debug, Default)]
pub(crate) struct Index {
    paths: Vec<String>,
    titles: Vec<String>,
    by_path: HashMap<String, usize>,
    by_stem: HashMap<String, Vec<usize>>,
    by_stem_lower: HashMap<String, Vec<usize>>,
    by_alias: HashMap<String, Vec<usize>>,
    by_title: HashMap<String, Vec<usize>>,
    by_slug: HashMap<String, Vec<usize>>,
    /// Per chapter: heading text slug or id → final anchor id.
    anchors: Vec<HashMap<String, String>>,
    /// The notes folder, for attachments (files that are not notes), listed on first need.
    root: Option<std::path::PathBuf>,
    attachments: std::sync::OnceLock<Attachments>,
    /// Attachments that links and embeds named, in path order (the build carries them).
    named: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

/// The files of the notes folder that are not notes, by name and by path (NFC, lower case), as
/// Obsidian finds attachments: `[[manual.pdf]]` anywhere in the vault.
#[derive(Debug, Default)]
struct Attachments {
    by_name: HashMap<String, String>,
    by_path: HashMap<String, String>,
}

impl Attachments {
    /// Lists `root` (hidden folders and `node_modules` skipped; nothing is read).
    fn list(root: &std::path::Path) -> Self {
        let mut files = Attachments::default();
        let walker = walkdir::WalkDir::new(root).into_iter().filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            e.depth() == 0 || !(n.starts_with('.') || n == "node_modules")
        });
        for entry in walker.flatten() {
            let name = entry.file_name().to_string_lossy();
            let is_note = name.ends_with(".md") || name.ends_with(".mdx");
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            if !entry.file_type().is_file() || is_note {
                continue;
            }
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            files
                .by_name
                .entry(nfc(&name).to_lowercase())
                .or_insert_with(|| rel.clone());
            files.by_path.insert(nfc(&rel).to_lowercase(), rel);
        }
        files
    }
}

/// The result of a name lookup.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// Exactly one note.
    One(usize),
    /// Several notes; the nearest is chosen (count of candidates).
    Ambiguous(usize, usize),
    /// Nothing.
    None,
}

impl Found {
    /// The note a link goes to: an ambiguous name (`written`) warns and takes the nearest, no
    /// match warns with `unresolved()` and gives `None`.
    fn choose(
        self,
        written: &str,
        ix: &Index,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
        unresolved: impl FnOnce() -> String,
    ) -> Option<usize> {
        match self {
            Found::One(i) => Some(i),
            Found::Ambiguous(i, n) => {
                warn(
                    diags,
                    "link-ambiguous",
                    span,
                    format!("`{written}` matches {n} notes; using {}", ix.path(i)),
                );
                Some(i)
            }
            Found::None => {
                warn(diags, "link-unresolved", span, unresolved());
                None
            }
        }
    }
}

/// `s` in Unicode NFC, the form every name is compared in: macOS writes Hangul file names
/// decomposed (NFD) while notes are typed composed, and the two must meet.
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

fn strip_md(name: &str) -> &str {
    name.strip_suffix(".md")
        .or_else(|| name.strip_suffix(".mdx"))
        .unwrap_or(name)
}

fn stem_of(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    strip_md(file)
}

/// Normalises a slug or slug link: no leading/trailing `/`, no locale (`ko/`) or route (`r/`,
/// `w/`) prefix, lower case. `/ko/r/02B616` and `/02B616` both give `02b616`.
pub(crate) fn normalize_slug(s: &str) -> String {
    let mut parts: Vec<&str> = s
        .trim_matches('/')
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 && parts[0].len() == 2 && parts[0].bytes().all(|b| b.is_ascii_lowercase()) {
        parts.remove(0);
    }
    if parts.len() > 1 && matches!(parts[0], "r" | "w" | "docs" | "blog") {
        parts.remove(0);
    }
    parts.join("/").to_lowercase()
}

impl Index {
    /// Builds the index over `keys` (chapter order) and each chapter's anchors.
    pub(crate) fn build(
        keys: &[NoteKey],
        anchors: Vec<HashMap<String, String>>,
        root: Option<&std::path::Path>,
    ) -> Self {
        let mut ix = Index {
            anchors,
            root: root.map(std::path::Path::to_path_buf),
            ..Default::default()
        };
        for (i, k) in keys.iter().enumerate() {
            ix.paths.push(k.path.clone());
            ix.titles.push(k.title.clone());
            let path = nfc(&k.path);
            ix.by_path.insert(strip_md(&path).to_lowercase(), i);
            let stem = stem_of(&path);
            ix.by_stem.entry(stem.to_string()).or_default().push(i);
            ix.by_stem_lower
                .entry(stem.to_lowercase())
                .or_default()
                .push(i);
            for a in &k.aliases {
                ix.by_alias
                    .entry(nfc(a.trim()).to_lowercase())
                    .or_default()
                    .push(i);
            }
            ix.by_title
                .entry(nfc(k.title.trim()).to_lowercase())
                .or_default()
                .push(i);
            if let Some(s) = &k.slug {
                ix.by_slug
                    .entry(normalize_slug(&nfc(s)))
                    .or_default()
                    .push(i);
            }
        }
        ix
    }

    /// Finds a note by name (wikilink target), in the documented order.
    pub(crate) fn lookup_name(&self, name: &str, from: usize) -> Found {
        let name = nfc(name);
        let name = strip_md(name.trim());
        if name.is_empty() {
            return Found::None;
        }
        if name.contains('/') {
            let lower = name
                .trim_start_matches("./")
                .trim_start_matches('/')
                .to_lowercase();
            if let Some(&i) = self.by_path.get(&lower) {
                return Found::One(i);
            }
            // A partial path `folder/Note`: candidates by stem whose path ends with it.
            let suffix = format!("/{lower}");
            let cands: Vec<usize> = self
                .by_stem_lower
                .get(&stem_of(&lower).to_lowercase())
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| {
                    strip_md(&nfc(&self.paths[i]))
                        .to_lowercase()
                        .ends_with(&suffix)
                })
                .collect();
            if !cands.is_empty() {
                return self.pick(&cands, from);
            }
        }
        let lower = name.to_lowercase();
        for cands in [
            self.by_stem.get(name),
            self.by_stem_lower.get(&lower),
            self.by_alias.get(&lower),
            self.by_title.get(&lower),
            self.by_slug.get(&normalize_slug(name)),
        ]
        .into_iter()
        .flatten()
        {
            if !cands.is_empty() {
                return self.pick(cands, from);
            }
        }
        Found::None
    }

    /// Finds a note by exact relative path (without extension, case-insensitive).
    pub(crate) fn lookup_path(&self, path: &str) -> Option<usize> {
        self.by_path
            .get(&strip_md(&nfc(path)).to_lowercase())
            .copied()
    }

    /// Finds a note by slug link.
    pub(crate) fn lookup_slug(&self, link: &str, from: usize) -> Found {
        match self.by_slug.get(&normalize_slug(&nfc(link))) {
            Some(c) if !c.is_empty() => self.pick(c, from),
            _ => Found::None,
        }
    }

    /// The anchor id for `fragment` (heading text or id) in chapter `ch`.
    pub(crate) fn anchor(&self, ch: usize, fragment: &str) -> Option<&str> {
        let map = self.anchors.get(ch)?;
        let fragment = nfc(fragment);
        map.get(fragment.as_ref())
            .or_else(|| map.get(&super::ids::slugify(&fragment)))
            .map(|s| s.as_str())
    }

    fn pick(&self, cands: &[usize], from: usize) -> Found {
        if cands.len() == 1 {
            return Found::One(cands[0]);
        }
        let from_dirs: Vec<&str> = self
            .paths
            .get(from)
            .map_or(Vec::new(), |p| p.split('/').collect());
        let score = |i: usize| {
            let p = &self.paths[i];
            let shared = p
                .split('/')
                .zip(&from_dirs)
                .take_while(|(a, b)| a == *b)
                .count();
            (std::cmp::Reverse(shared), p.len(), i)
        };
        let best = cands
            .iter()
            .copied()
            .min_by_key(|&i| score(i))
            .unwrap_or(cands[0]);
        Found::Ambiguous(best, cands.len())
    }

    /// The root-relative path of the attachment (a file that is not a note) a wikilink target
    /// names: by path from the root or the linking note, else by file name anywhere.
    pub(crate) fn attachment(&self, name: &str, from: usize) -> Option<&str> {
        let root = self.root.as_deref()?;
        let name = nfc(name.trim());
        let file = name.rsplit('/').next().unwrap_or(&name);
        if !file.contains('.') {
            return None;
        }
        let files = self.attachments.get_or_init(|| Attachments::list(root));
        let relative = join_relative(self.path(from), &name).map(|p| p.to_lowercase());
        let candidates = [Some(name.trim_start_matches('/').to_lowercase()), relative];
        candidates
            .iter()
            .flatten()
            .find_map(|p| files.by_path.get(p))
            .or_else(|| files.by_name.get(&file.to_lowercase()))
            .map(String::as_str)
    }

    /// Records that a link or embed names attachment `file` (a root-relative path).
    fn name_attachment(&self, file: &str) {
        if let Ok(mut named) = self.named.lock() {
            named.insert(file.to_string());
        }
    }

    /// The attachments links and embeds named, in path order.
    pub(crate) fn named_attachments(&self) -> Vec<String> {
        self.named
            .lock()
            .map(|n| n.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Path of chapter `i`.
    pub(crate) fn path(&self, i: usize) -> &str {
        self.paths.get(i).map_or("", |s| s.as_str())
    }
}

/// Resolves every pending link in `blocks` (written in chapter `from`); unresolved links become
/// their label as text. Warnings go to `diags`.
pub(crate) fn resolve_links(
    blocks: &mut [Block],
    from: usize,
    ix: &Index,
    diags: &mut Vec<Diagnostic>,
) {
    walk::inlines_mut(blocks, &mut |seq: &mut Vec<Inline>| {
        if !seq
            .iter()
            .any(|i| matches!(i.kind, InlineKind::Link { .. }))
        {
            return;
        }
        let old = std::mem::take(seq);
        for inline in old {
            match inline.kind {
                InlineKind::Link { target, content } if !matches!(target, Pending::Resolved(_)) => {
                    // A link cannot contain a link (HTML forbids nested <a>): inner ones, already
                    // resolved, give way to their text.
                    let mut content = unlink(content);
                    match resolve_dest(&target, from, ix, &inline.span, diags) {
                        Some(resolved) => {
                            title_for_block_ref(&target, &resolved, &mut content, ix);
                            seq.push(Inline {
                                kind: InlineKind::Link {
                                    target: Pending::Resolved(resolved),
                                    content,
                                },
                                span: inline.span,
                            })
                        }
                        None => push_merged(seq, content), // label as plain text
                    }
                }
                kind => push_merged(
                    seq,
                    vec![Inline {
                        kind,
                        span: inline.span,
                    }],
                ),
            }
        }
    });
}

/// `[[#^id]]` written without a label shows `^id` until here: a block id is not words, so the
/// link shows the title of the note it goes to.
fn title_for_block_ref(written: &Pending, target: &LinkTarget, content: &mut [Inline], ix: &Index) {
    let (
        Pending::Wiki(w) | Pending::Embed(w),
        LinkTarget::Internal { chapter, .. },
        [
            Inline {
                kind: InlineKind::Text(t),
                ..
            },
        ],
    ) = (written, target, content)
    else {
        return;
    };
    if w.trim().strip_prefix('#') == Some(t.as_str())
        && t.starts_with('^')
        && let Some(title) = ix.titles.get(chapter.0)
    {
        *t = title.clone();
    }
}

/// Appends inlines, merging adjacent text (a dangling link's label joins the text around it).
fn push_merged(seq: &mut Vec<Inline>, inlines: Vec<Inline>) {
    for inline in inlines {
        if let (
            InlineKind::Text(new),
            Some(Inline {
                kind: InlineKind::Text(prev),
                ..
            }),
        ) = (&inline.kind, seq.last_mut())
        {
            prev.push_str(new);
            continue;
        }
        seq.push(inline);
    }
}

/// `content` with every link replaced by its own content (also inside styles).
fn unlink(content: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(content.len());
    for inline in content {
        match inline.kind {
            InlineKind::Link { content, .. } => push_merged(&mut out, unlink(content)),
            InlineKind::Styled(style, c) => out.push(Inline {
                kind: InlineKind::Styled(style, unlink(c)),
                span: inline.span,
            }),
            kind => push_merged(
                &mut out,
                vec![Inline {
                    kind,
                    span: inline.span,
                }],
            ),
        }
    }
    out
}

fn warn(diags: &mut Vec<Diagnostic>, code: &'static str, span: &Span, msg: String) {
    diags.push(Diagnostic::warning(code, Some(span.clone()), msg));
}

/// Resolves a wikilink-style target (`Note`, `Note#Heading`, `#Heading`). `None` = unresolved
/// (already reported).
pub(crate) fn resolve_wiki(
    target: &str,
    from: usize,
    ix: &Index,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<(usize, Option<String>)> {
    let (name, fragment) = match target.split_once('#') {
        Some((n, f)) => (n.trim(), Some(f.trim())),
        None => (target.trim(), None),
    };
    let ch = if name.is_empty() {
        from
    } else {
        match ix.lookup_name(name, from) {
            Found::None if attachment(name, from, ix, span, diags) => return None,
            found => found.choose(name, ix, span, diags, || {
                format!("unresolved link `[[{target}]]`")
            })?,
        }
    };
    Some((
        ch,
        fragment.and_then(|f| resolve_anchor(ch, f, ix, span, diags)),
    ))
}

fn resolve_anchor(
    ch: usize,
    fragment: &str,
    ix: &Index,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    // Obsidian heading paths `Note#Part#Section` name the innermost heading last.
    let fragment = fragment.rsplit('#').next().unwrap_or(fragment).trim();
    if fragment.is_empty() {
        return None;
    }
    if let Some(block) = fragment.strip_prefix('^') {
        return resolve_block_id(ch, block, ix, span, diags);
    }
    match ix.anchor(ch, fragment) {
        Some(id) => Some(id.to_string()),
        None => {
            let msg = format!(
                "heading `{fragment}` not found in {}; linking to the note",
                ix.path(ch)
            );
            warn(diags, "link-anchor-missing", span, msg);
            None
        }
    }
}

/// The label Obsidian shows for a wikilink written without one: `Note`, `Note > Heading`
/// (`Note#Part#Section` gives `Note > Part > Section`), the heading alone for `[[#Heading]]`.
/// A block id is not words: `[[Note#^id]]` shows `Note`; `[[#^id]]` keeps `^id` here and gets
/// the chapter's title when it is resolved ([`resolve_links`]).
pub(crate) fn wiki_label(target: &str) -> String {
    let mut parts = target.split('#').map(str::trim);
    let name = parts.next().unwrap_or_default();
    let mut shown: Vec<&str> = Vec::new();
    if !name.is_empty() {
        shown.push(name);
    }
    for part in parts.filter(|p| !p.is_empty()) {
        if part.starts_with('^') && !shown.is_empty() {
            break;
        }
        shown.push(part);
    }
    if shown.is_empty() {
        return target.trim().to_string();
    }
    shown.join(" > ")
}

/// The attachment an embed `![[talk.mp3]]` shows, when its target names no note but a file of
/// the vault (recorded, so the build carries it); `embed.rs` makes it a `Media` block.
pub(crate) fn embedded_attachment(target: &str, from: usize, ix: &Index) -> Option<String> {
    let name = target.split('#').next().unwrap_or(target).trim();
    if name.is_empty() || !matches!(ix.lookup_name(name, from), Found::None) {
        return None;
    }
    let file = ix.attachment(name, from)?.to_string();
    ix.name_attachment(&file);
    Some(file)
}

/// Whether `name` is an attachment, a file of the vault that is not a note (`[[manual.pdf]]`):
/// the link keeps its label as text (an EPUB may not link to a file outside its reading order),
/// the PDF carries the file as an embedded file, and an `attachment` warning says so.
fn attachment(
    name: &str,
    from: usize,
    ix: &Index,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let Some(file) = ix.attachment(name, from) else {
        return false;
    };
    ix.name_attachment(file);
    let msg = format!(
        "`{name}` is an attachment ({file}), not a note: the books show the link's text, and the PDF carries the file as an attachment"
    );
    warn(diags, "attachment", span, msg);
    true
}

/// The anchor of the block named `^id` in chapter `ch` (`block_ids.rs`); an unknown id warns
/// and links to the note.
fn resolve_block_id(
    ch: usize,
    id: &str,
    ix: &Index,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let found = ix
        .anchors
        .get(ch)
        .and_then(|map| map.get(&super::block_ids::block_key(id)));
    if found.is_none() {
        let msg = format!(
            "block `^{id}` not found in {}; linking to the note",
            ix.path(ch)
        );
        warn(diags, "block-ref-missing", span, msg);
    }
    found.cloned()
}

/// Percent-decodes `%XX` sequences (invalid ones are kept).
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Joins a relative path onto the folder of `from_path`, normalising `.` and `..` (never above
/// the root: `None`).
pub(crate) fn join_relative(from_path: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_path.split('/').collect();
    parts.pop(); // the file itself
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// An external link through the crate's one URL policy (`model/url.rs`); a refused URL becomes
/// text with a warning.
fn external(dest: &str, span: &Span, diags: &mut Vec<Diagnostic>) -> Option<LinkTarget> {
    let shown: String = dest.chars().take(60).collect();
    match ExternalUrl::parse(dest) {
        Ok(url) => Some(LinkTarget::External(url)),
        Err(UrlRefusal::Malformed) => {
            let msg = format!("link `{shown}` is not a valid URL; kept as text");
            warn(diags, "link-invalid", span, msg);
            None
        }
        Err(UrlRefusal::Scheme) => {
            let msg = format!("link `{shown}` uses an unsupported scheme; kept as text");
            warn(diags, "link-scheme", span, msg);
            None
        }
    }
}

/// Resolves one pending destination. `None` = becomes text (already reported).
fn resolve_dest(
    dest: &Pending,
    from: usize,
    ix: &Index,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<LinkTarget> {
    let internal = |(ch, anchor): (usize, Option<String>)| LinkTarget::Internal {
        chapter: ChapterId(ch),
        anchor,
    };
    let dest = match dest {
        Pending::Wiki(t) | Pending::Embed(t) => {
            return resolve_wiki(t, from, ix, span, diags).map(internal);
        }
        Pending::Resolved(target) => return Some(target.clone()),
        Pending::Dest(d) => d.trim(),
    };
    if dest.is_empty() {
        return None;
    }
    if scheme_of(dest).is_some() {
        return external(dest, span, diags);
    }
    if dest.starts_with("//") {
        return external(&format!("https:{dest}"), span, diags);
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path = percent_decode(path.split('?').next().unwrap_or(path));
    if path.is_empty() {
        // `#anchor` within this note.
        let f = fragment.unwrap_or_default();
        return Some(internal((from, resolve_anchor(from, &f, ix, span, diags))));
    }
    let anchor_of = |ch: usize, diags: &mut Vec<Diagnostic>| {
        fragment
            .as_deref()
            .and_then(|f| resolve_anchor(ch, f, ix, span, diags))
    };
    let found = if path.starts_with('/') {
        // Slug link (`/r/AF2E5E`), else a root-relative note path.
        match ix.lookup_slug(&path, from) {
            Found::None => ix
                .lookup_path(path.trim_start_matches('/'))
                .map_or(Found::None, Found::One),
            f => f,
        }
    } else {
        let joined = join_relative(ix.path(from), &path);
        match joined.as_deref().and_then(|j| ix.lookup_path(j)) {
            Some(i) => Found::One(i),
            None if !path.rsplit('/').next().unwrap_or("").contains('.')
                || path.ends_with(".md")
                || path.ends_with(".mdx") =>
            {
                match ix.lookup_name(stem_of(&path), from) {
                    // `./ko/r/FC0D3A`-style slug links written as relative paths.
                    Found::None => ix.lookup_slug(&path, from),
                    f => f,
                }
            }
            None => Found::None,
        }
    };
    if matches!(found, Found::None) && attachment(&path, from, ix, span, diags) {
        return None;
    }
    let i = found.choose(&path, ix, span, diags, || {
        format!("unresolved link `{dest}`")
    })?;
    Some(internal((i, anchor_of(i, diags))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &str, title: &str, aliases: &[&str], slug: Option<&str>) -> NoteKey {
        NoteKey {
            path: path.into(),
            title: title.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            slug: slug.map(|s| s.into()),
        }
    }

    fn index() -> Index {
        let keys = vec![
            key("a/Note.md", "First", &["Alias One"], Some("/AF2E5E")),
            key("b/note.md", "Second", &[], None),
            key("b/Other.md", "The Other", &[], Some("/02B616")),
            key("c/Other.md", "Other C", &[], None),
        ];
        Index::build(&keys, vec![HashMap::new(); 4], None)
    }

    #[test]
    fn lookup_order() {
        let ix = index();
        assert_eq!(ix.lookup_name("Note", 3), Found::One(0)); // exact stem beats case-insensitive
        assert_eq!(ix.lookup_name("NOTE", 2), Found::Ambiguous(1, 2)); // nearest folder wins
        assert_eq!(ix.lookup_name("alias one", 2), Found::One(0));
        assert_eq!(ix.lookup_name("The Other", 0), Found::One(2));
        assert_eq!(ix.lookup_name("Other", 3), Found::Ambiguous(3, 2));
        assert_eq!(ix.lookup_name("b/Other", 3), Found::One(2));
        assert_eq!(ix.lookup_name("Missing", 0), Found::None);
    }

    #[test]
    fn names_meet_in_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd = |s: &str| s.nfd().collect::<String>();
        let keys = vec![
            key(&format!("{}.md", nfd("한글 노트")), "x", &[], None),
            key("b.md", "y", &[&nfd("별칭")], None),
        ];
        let ix = Index::build(&keys, vec![HashMap::new(); 2], None);
        assert_ne!(nfd("한글 노트"), "한글 노트");
        assert_eq!(ix.lookup_name("한글 노트", 1), Found::One(0));
        assert_eq!(ix.lookup_name(&nfd("한글 노트"), 1), Found::One(0));
        assert_eq!(ix.lookup_path("한글 노트.md"), Some(0));
        assert_eq!(ix.lookup_name("별칭", 0), Found::One(1));
        // Old Hangul has no precomposed form: NFC leaves its jamo as they are.
        assert_eq!(nfc("ᄒᆞᆫ글"), "ᄒᆞᆫ글");
    }

    #[test]
    fn wiki_labels() {
        assert_eq!(wiki_label("Note"), "Note");
        assert_eq!(wiki_label("Note#Part#Section"), "Note > Part > Section");
        assert_eq!(wiki_label("#Heading"), "Heading");
        assert_eq!(wiki_label("Note#^abc"), "Note");
        assert_eq!(wiki_label("#^abc"), "^abc");
    }

    #[test]
    fn slugs() {
        let ix = index();
        assert_eq!(ix.lookup_slug("/r/AF2E5E", 1), Found::One(0));
        assert_eq!(ix.lookup_slug("/ko/r/02B616", 1), Found::One(2));
        assert_eq!(normalize_slug("/ko/w/ABC"), "abc");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            join_relative("a/b/c.md", "../d.md").as_deref(),
            Some("a/d.md")
        );
        assert_eq!(join_relative("c.md", "../d.md"), None);
        assert_eq!(percent_decode("My%20Note%ZZ"), "My Note%ZZ");
    }
}
