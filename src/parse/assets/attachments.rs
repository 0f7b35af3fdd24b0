//! Step 7 of parse: attachments, the files of the vault that notes link to or embed but that
//! are neither notes nor images (`[[manual.pdf]]`, `![[talk.mp3]]`; issue 15 item 5).
//!
//! Each is read once, within `limits.image_bytes`, into `Book::attachments`: embedded ones
//! first, in book order, then the linked ones in path order (deterministic ids). A `Media`
//! block gets its file's id; a file that cannot be read leaves it `None` (a placeholder in both
//! books) with a warning at the embed. Writers decide what they can carry: the PDF embeds every
//! file (its attachments panel), the EPUB plays audio and video of its core media types.

use super::read_bounded;
use crate::diag::Diagnostic;
use crate::limits::Limits;
use crate::model::{Attachment, AttachmentId};
use crate::parse::chapter::Draft;
use crate::parse::tree::BlockKind;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Reads the attachments the drafts embed and `linked` names, and sets each `Media` block's id.
pub(in crate::parse) fn read_attachments(
    drafts: &mut [Draft],
    linked: Vec<String>,
    root: &Path,
    limits: &Limits,
) -> Vec<Attachment> {
    let mut paths: Vec<String> = Vec::new();
    for d in drafts.iter_mut() {
        for_each_media(d, |src, _| paths.push(src.to_string()));
    }
    paths.extend(linked);
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    let read: Vec<Result<Vec<u8>, String>> = paths
        .par_iter()
        .map(|p| read_bounded(&root.join(p), limits.image_bytes).map_err(|e| e.reason))
        .collect();
    let mut attachments = Vec::new();
    let mut ids: HashMap<&str, Result<AttachmentId, String>> = HashMap::new();
    for (path, result) in paths.iter().zip(read) {
        let id = result.map(|data| {
            attachments.push(Attachment {
                path: path.clone(),
                media_type: media_type(path),
                data: Arc::from(data),
            });
            AttachmentId(attachments.len() - 1)
        });
        ids.insert(path, id);
    }
    for d in drafts.iter_mut() {
        let mut diags = Vec::new();
        for_each_media(d, |src, block| match ids.get(src) {
            Some(Ok(id)) => {
                if let BlockKind::Media { attachment, .. } = &mut block.kind {
                    *attachment = Some(*id);
                }
            }
            Some(Err(reason)) => diags.push(Diagnostic::warning(
                "attachment-unreadable",
                Some(block.span.clone()),
                format!("attachment `{src}`: {reason}; a placeholder is shown"),
            )),
            None => {}
        });
        d.diagnostics.append(&mut diags);
    }
    attachments
}

/// Calls `f(src, block)` on every `Media` block of a draft not yet given its file.
fn for_each_media(d: &mut Draft, mut f: impl FnMut(&str, &mut crate::parse::tree::Block)) {
    super::each_block(d, &mut |block| {
        if let BlockKind::Media {
            attachment: None,
            src,
        } = &block.kind
        {
            let src = src.clone();
            f(&src, block);
        }
    });
}

/// The media type of a file from its extension: what a writer needs to decide whether it can
/// play or package it (the EPUB's core audio types, its video exemption).
pub(in crate::parse) fn media_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "mp3" => "audio/mpeg",
        "m4a" | "aac" => "audio/mp4",
        "opus" => "audio/opus",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "webm" => "video/webm",
        "mp4" | "m4v" => "video/mp4",
        "ogv" => "video/ogg",
        "mov" => "video/quicktime",
        "mkv" => "video/x-matroska",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::media_type;

    #[test]
    fn media_types_come_from_the_extension() {
        assert_eq!(media_type("a/talk.MP3"), "audio/mpeg");
        assert_eq!(media_type("clip.webm"), "video/webm");
        assert_eq!(media_type("manual.pdf"), "application/pdf");
        assert_eq!(media_type("README"), "application/octet-stream");
    }
}
