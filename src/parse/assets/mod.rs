//! Images, checked once before any writer sees them (issue 8 items 3 and 4).
//!
//! Input: the drafts' `Image` nodes and the configured cover. Output: `Book::assets` (each file
//! once, in order of first use) and `Image::asset` set on every reference whose file passed.
//! A reference that fails keeps `asset: None` (both writers show a placeholder) and gets a
//! warning at its `file:line:col` naming the file and the problem.
//!
//! Steps, one file each:
//! 1. `resolve.rs` — reference → file inside the notes root (sequential, book order, so asset
//!    ids are deterministic); `image-remote`, `image-outside-root`, `image-missing`.
//! 2. `check` below, per file in parallel (rayon): size from metadata before reading
//!    (`image-too-large`), real format from the bytes (`sniff.rs`; `image-invalid` for "not an
//!    image", `image-unsupported` for BMP, TIFF, AVIF…), then
//! 3. `raster.rs` (header, pixel limit, decode test as krilla would) or `svg.rs` (usvg
//!    sanitising) — `image-invalid` / `image-too-large`.
//!
//! The PDF and EPUB writers may then trust every asset: nothing here is re-checked there.

mod attachments;
mod cover;
mod mermaid;
mod raster;
mod resolve;
mod sniff;
mod svg;

use super::chapter::Draft;
use super::walk;
use crate::diag::{Diagnostic, Span};
use crate::limits::Limits;
use crate::load::Note;
use crate::model::{Asset, AssetId};
use crate::parse::tree::{Block, InlineKind};
pub(super) use attachments::read_attachments;
pub(super) use cover::generated_cover;
pub(super) use mermaid::render_diagrams;
use rayon::prelude::*;
use resolve::Resolver;
use sniff::{Sniffed, sniff};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// Why an image file cannot be used: a diagnostic code and the reason, worded to follow
/// "image `path` …".
#[derive(Clone, Debug)]
pub(super) struct Problem {
    /// `image-invalid`, `image-too-large` or `image-unsupported`.
    pub code: &'static str,
    /// What is wrong, e.g. "it is not a valid PNG image (unexpected end of file)".
    pub reason: String,
}

impl Problem {
    /// Corrupt, truncated, empty or not an image at all.
    pub(super) fn invalid(reason: String) -> Self {
        Problem {
            code: "image-invalid",
            reason,
        }
    }

    /// Over `limits.image_bytes` or `limits.image_pixels`.
    pub(super) fn too_large(reason: String) -> Self {
        Problem {
            code: "image-too-large",
            reason,
        }
    }

    /// A warning about SVG text that could not be kept (the image itself is used).
    pub(super) fn invalid_text(reason: &str) -> Self {
        Problem {
            code: "image-svg-text",
            reason: reason.to_string(),
        }
    }
}

/// The images of a book: its assets and the cover's id.
pub(super) struct Resolved {
    /// Files that passed, in order of first use.
    pub assets: Vec<Asset>,
    /// The cover, when configured and usable.
    pub cover: Option<AssetId>,
    /// Warnings about the cover (it has no note to carry them).
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves, checks and assigns every image of the drafts (and the cover).
pub(super) fn resolve_images(
    notes: &[Note],
    drafts: &mut [Draft],
    root: &Path,
    cover: Option<&str>,
    limits: &Limits,
) -> Resolved {
    // 1. Resolve every reference in book order; one candidate per file, by first use.
    let mut resolver = Resolver::new(root);
    let mut keys: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut intern = |key: Option<String>| {
        key.map(|k| {
            let next = keys.len();
            *index.entry(k.clone()).or_insert_with(|| {
                keys.push(k);
                next
            })
        })
    };
    let mut refs: Vec<Option<usize>> = Vec::new();
    for (note, d) in notes.iter().zip(drafts.iter_mut()) {
        let mut diags = std::mem::take(&mut d.diagnostics);
        for blocks in blocks_of(d) {
            let resolve = |src: &str, span: &Span, diags: &mut Vec<Diagnostic>| {
                // Obsidian finds `![[name.png]]` anywhere in the vault: search by name when no
                // folder is given.
                let by_name = !src.contains('/');
                let key = resolver.resolve(src, &note.path, by_name, span, diags);
                refs.push(intern(key));
                None
            };
            images_mut(blocks, resolve, &mut diags);
        }
        d.diagnostics = diags;
    }
    let mut diagnostics = Vec::new();
    let cover_span = cover.map(|c| Span::file_only(c.into()));
    let cover_cand = match (cover, &cover_span) {
        (Some(c), Some(span)) => intern(resolver.resolve(c, "", false, span, &mut diagnostics)),
        _ => None,
    };

    // 2–3. Check each file once, in parallel (independent per file).
    let checked: Vec<Result<Checked, Problem>> = keys
        .par_iter()
        .map(|key| check(&resolver.path_of(key), limits))
        .collect();

    // Ids in order of first use, counting only files that passed.
    let mut assets = Vec::new();
    let mut ids: Vec<Result<AssetId, Problem>> = Vec::with_capacity(keys.len());
    let mut notices: Vec<Option<Problem>> = Vec::with_capacity(keys.len());
    for (key, result) in keys.iter().zip(checked) {
        match result {
            Ok(c) => {
                ids.push(Ok(AssetId(assets.len())));
                notices.push(c.warning);
                assets.push(Asset {
                    path: key.clone(),
                    media_type: c.media_type,
                    data: Arc::from(c.data),
                });
            }
            Err(p) => {
                ids.push(Err(p));
                notices.push(None);
            }
        }
    }

    // 4. Assign, in the same walk order; each reference to a bad file gets its own warning.
    let mut refs = refs.into_iter();
    for d in drafts.iter_mut() {
        let mut diags = std::mem::take(&mut d.diagnostics);
        for blocks in blocks_of(d) {
            let assign = |_: &str, span: &Span, diags: &mut Vec<Diagnostic>| {
                let cand = refs.next().flatten()?;
                outcome(&keys[cand], &ids[cand], &notices[cand], span, diags)
            };
            images_mut(blocks, assign, &mut diags);
        }
        d.diagnostics = diags;
    }
    let cover = match (cover_cand, &cover_span) {
        (Some(cand), Some(span)) => outcome(
            &keys[cand],
            &ids[cand],
            &notices[cand],
            span,
            &mut diagnostics,
        ),
        _ => None,
    };
    Resolved {
        assets,
        cover,
        diagnostics,
    }
}

/// The asset id for one reference, warning at `span` when the file failed (or passed with a
/// notice).
fn outcome(
    key: &str,
    id: &Result<AssetId, Problem>,
    notice: &Option<Problem>,
    span: &Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<AssetId> {
    let warn = |diags: &mut Vec<Diagnostic>, p: &Problem, tail: &str| {
        diags.push(Diagnostic::warning(
            p.code,
            Some(span.clone()),
            format!("image `{key}`: {}{tail}", p.reason),
        ))
    };
    match id {
        Ok(id) => {
            if let Some(p) = notice {
                warn(diags, p, "");
            }
            Some(*id)
        }
        Err(p) => {
            warn(diags, p, "; a placeholder is shown");
            None
        }
    }
}

/// Calls `f` on every block of a draft (body, then footnotes; nested blocks included), in
/// document order: the walk the diagram and attachment steps share.
fn each_block(d: &mut Draft, f: &mut impl FnMut(&mut Block)) {
    for list in blocks_of(d) {
        walk::block_lists_mut(list, &mut |blocks| blocks.iter_mut().for_each(&mut *f));
    }
}

/// The body and footnote block lists of a draft.
fn blocks_of(d: &mut Draft) -> impl Iterator<Item = &mut Vec<Block>> {
    std::iter::once(&mut d.blocks).chain(d.footnotes.iter_mut().map(|(_, b, _)| b))
}

/// Calls `f(src, span, diags)` on every image not yet resolved, in document order, and stores
/// what it returns as the image's asset.
fn images_mut(
    blocks: &mut [Block],
    mut f: impl FnMut(&str, &Span, &mut Vec<Diagnostic>) -> Option<AssetId>,
    diags: &mut Vec<Diagnostic>,
) {
    walk::inlines_mut(blocks, &mut |seq| {
        for inline in seq.iter_mut() {
            if let InlineKind::Image(img) = &mut inline.kind
                && img.asset.is_none()
            {
                img.asset = f(&img.src, &inline.span, diags);
            }
        }
    });
}

/// A file that passed: the bytes to embed (sanitised for SVG) and its media type.
struct Checked {
    data: Vec<u8>,
    media_type: &'static str,
    warning: Option<Problem>,
}

/// Reads and checks one image file (the whole of step 2–3 for one file).
fn check(path: &Path, limits: &Limits) -> Result<Checked, Problem> {
    check_bytes(read_bounded(path, limits.image_bytes)?, limits)
}

/// Checks an image file's bytes for both books: its media type and what the books should
/// carry (an SVG written again from its sanitised tree), or why it cannot be used. For library
/// users and the `image_check` fuzz target; parse runs the same check on every referenced file.
pub fn check_image(data: &[u8], limits: &Limits) -> Result<(&'static str, Vec<u8>), String> {
    if data.len() as u64 > limits.image_bytes {
        return Err(format!("over limits.image_bytes ({})", limits.image_bytes));
    }
    check_bytes(data.to_vec(), limits)
        .map(|c| (c.media_type, c.data))
        .map_err(|p| format!("{}: {}", p.code, p.reason))
}

/// Step 2–3 on bytes already read.
fn check_bytes(data: Vec<u8>, limits: &Limits) -> Result<Checked, Problem> {
    if data.is_empty() {
        return Err(Problem::invalid("the file is empty (0 bytes)".to_string()));
    }
    let format = match sniff(&data) {
        Sniffed::Supported(f) => f,
        Sniffed::Unsupported(name) => {
            return Err(Problem {
                code: "image-unsupported",
                reason: format!(
                    "it is a {name} image; only PNG, JPEG, GIF, WebP and SVG can go into both books"
                ),
            });
        }
        Sniffed::Unknown => {
            return Err(Problem::invalid(
                "it is not an image (its bytes match no image format)".to_string(),
            ));
        }
    };
    if format == sniff::Format::Svg {
        let clean = svg::sanitise_svg(&data, limits)?;
        return Ok(Checked {
            data: clean.data,
            media_type: format.media_type(),
            warning: clean.warning,
        });
    }
    raster::check_raster(format, &data, limits)?;
    Ok(Checked {
        data,
        media_type: format.media_type(),
        warning: None,
    })
}

/// Reads a file of at most `max` bytes: the size is checked from metadata before reading, and
/// the read is capped too (a file that grows meanwhile, or a device, cannot exceed it).
fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, Problem> {
    let cannot = |e: std::io::Error| Problem::invalid(format!("it cannot be read ({e})"));
    let len = std::fs::metadata(path).map_err(cannot)?.len();
    let too_large = |len: u64| {
        Problem::too_large(format!(
            "the file has {len} bytes, over the limit of {max} (limits.image_bytes)"
        ))
    };
    if len > max {
        return Err(too_large(len));
    }
    let mut data = Vec::with_capacity(len as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(max.saturating_add(1)).read_to_end(&mut data))
        .map_err(cannot)?;
    if data.len() as u64 > max {
        return Err(too_large(data.len() as u64));
    }
    Ok(data)
}
