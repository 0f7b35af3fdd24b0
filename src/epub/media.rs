//! Embedded audio and video (`![[talk.mp3]]`, issue 15 item 5): an `<audio>` or `<video>`
//! element when the file is one a reading system plays, else the placeholder both books show.
//!
//! What can be packaged follows EPUB 3.3: audio of the core media types MP3 (`audio/mpeg`) and
//! AAC in MP4 (`audio/mp4`); video is exempt from the core-type rules, and MP4 and WebM are what
//! reading systems play. Anything else (WAV, FLAC, a PDF) would need a fallback chain the book
//! cannot give, so it is not packaged; the PDF carries every attachment as an embedded file.

use super::xhtml::Writer;
use crate::font::Family;
use crate::model::{AttachmentId, BlockKind, Book, visit};

/// The element that plays a file of this media type, if a reading system can.
pub(super) fn playable(media_type: &str) -> Option<&'static str> {
    match media_type {
        "audio/mpeg" | "audio/mp4" => Some("audio"),
        "video/mp4" | "video/webm" => Some("video"),
        _ => None,
    }
}

/// Per attachment, its path in the package when a `Media` block plays it.
pub(super) fn packaged(book: &Book) -> Vec<Option<String>> {
    let mut used = vec![false; book.attachments.len()];
    for chapter in &book.chapters {
        visit::chapter_blocks(chapter, &mut |block| {
            if let BlockKind::Media {
                attachment: Some(id),
                ..
            } = &block.kind
                && let Some(u) = used.get_mut(id.0)
            {
                *u = true;
            }
        });
    }
    book.attachments
        .iter()
        .zip(used)
        .enumerate()
        .map(|(i, (file, used))| {
            let ext = file.path.rsplit_once('.').map_or("bin", |(_, e)| e);
            let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).collect();
            (used && playable(file.media_type).is_some())
                .then(|| format!("media/media-{:03}.{}", i + 1, ext.to_ascii_lowercase()))
        })
        .collect()
}

impl Writer<'_> {
    /// An embedded file: played when packaged, else a placeholder naming it.
    pub(super) fn media(&mut self, attachment: Option<AttachmentId>, src: &str) {
        let packaged = attachment.and_then(|a| {
            let href = self.ctx.media.get(a.0).cloned().flatten()?;
            let file = self.ctx.book.attachments.get(a.0)?;
            Some((href, playable(file.media_type)?))
        });
        let name = src.rsplit('/').next().unwrap_or(src);
        let prev = std::mem::replace(&mut self.family, Family::Sans);
        match packaged {
            Some((href, tag)) => {
                self.out.push_str("<figure class=\"media\">\n<");
                self.out.push_str(tag);
                self.out.push_str(" controls=\"controls\" src=\"");
                super::escape::push_attr(&mut self.out, &href);
                self.out.push_str("\">");
                self.text(name);
                self.out.push_str("</");
                self.out.push_str(tag);
                self.out.push_str(">\n<figcaption>");
                self.text(name);
                self.out.push_str("</figcaption>\n</figure>\n");
            }
            None => {
                self.out.push_str("<div class=\"missing-image\">");
                let label = self.labels.attachment_text(src);
                self.text(&label);
                self.out.push_str("</div>\n");
            }
        }
        self.family = prev;
    }
}
