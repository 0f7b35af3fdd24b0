//! Step 3b of images: an SVG is parsed by `usvg` and written back from the normalised tree, so
//! only what usvg models reaches the EPUB. That removes, by construction: `<script>`, event
//! attributes (`onload=`…), `<foreignObject>`, `<a href="javascript:…">` (links are not kept),
//! entity declarations (the output has no DTD), and every external reference.
//!
//! - References: the `ImageHrefResolver` refuses every path and URL (usvg's default resolver
//!   reads any local file, even `/etc/passwd` or `/dev/zero`); an embedded `data:` raster is
//!   kept only when it passes the same raster check as an image file.
//! - Entities: roxmltree (under usvg) expands internal entities only to depth 10 with at most
//!   255 references each and reports loops, and never fetches external ones; usvg caps the
//!   document at 1,000,000 nodes and 1,024 levels. A billion-laughs file is refused (tested).
//! - Text: usvg keeps a `<text>` only if a font lays it out, and we write it back as text
//!   (`preserve_text`), so the reader's own fonts draw it and every word stays searchable.
//!   Any font serves for that layout; one process-wide fontdb of the system fonts is loaded on
//!   the first SVG that has text (not per SVG: a scan costs tens of milliseconds). On a system
//!   without fonts, text is dropped and a warning says so.
//! - Size: the sanitised SVG is written with usvg's `WriteOptions` defaults otherwise.

use super::Problem;
use super::raster::check_raster;
use super::sniff::{Format, Sniffed, sniff};
use crate::limits::Limits;
use std::sync::{Arc, OnceLock};
use usvg::fontdb;

/// The sanitised SVG bytes, plus a warning when text had to be dropped.
pub(super) struct Sanitised {
    /// SVG 1.1 written from the usvg tree.
    pub data: Vec<u8>,
    /// A non-fatal problem to report (text dropped for lack of fonts).
    pub warning: Option<Problem>,
}

/// Parses and rewrites an SVG file; `Err` when usvg cannot parse it. Text is laid out with
/// the system fonts (an SVG file names the fonts of the machine it was drawn on).
pub(super) fn sanitise_svg(data: &[u8], limits: &Limits) -> Result<Sanitised, Problem> {
    let has_text = has_text_elements(data);
    let fonts = if has_text {
        system_fonts()
    } else {
        Arc::new(fontdb::Database::new())
    };
    sanitise_svg_with_fonts(data, limits, fonts)
}

/// Whether the SVG source has `<text>` elements (only then are fonts worth loading).
fn has_text_elements(data: &[u8]) -> bool {
    let text = String::from_utf8_lossy(data);
    text.contains("<text") || text.contains(":text")
}

/// [`sanitise_svg`] with `fonts` laying out the text (usvg keeps only text a font can set).
pub(super) fn sanitise_svg_with_fonts(
    data: &[u8],
    limits: &Limits,
    fonts: Arc<fontdb::Database>,
) -> Result<Sanitised, Problem> {
    let text = std::str::from_utf8(data)
        .map_err(|_| Problem::invalid("it is not UTF-8 text, as an SVG must be".to_string()))?;
    let text = text.trim_start_matches('\u{feff}');
    let has_text = has_text_elements(text.as_bytes());
    let limits = *limits;
    let options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(move |_mime, data, _| embedded_raster(data, &limits)),
            // No file paths, no `file:`, no URLs: nothing outside the SVG is read.
            resolve_string: Box::new(|_, _| None),
        },
        fontdb: fonts.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(text, &options)
        .map_err(|e| Problem::invalid(format!("it is not an SVG usvg can read ({e})")))?;
    let warning = (has_text && fonts.is_empty() && !has_text_nodes(tree.root())).then(|| {
        Problem::invalid_text("its text was dropped: no system font was found to lay it out")
    });
    let write = usvg::WriteOptions {
        preserve_text: true,
        ..usvg::WriteOptions::default()
    };
    Ok(Sanitised {
        data: tree.to_string(&write).into_bytes(),
        warning,
    })
}

/// A `data:` image inside an SVG: kept only as a raster that passes `check_raster` (a nested
/// SVG is refused: one level of sanitising is all we vouch for).
fn embedded_raster(data: Arc<Vec<u8>>, limits: &Limits) -> Option<usvg::ImageKind> {
    let Sniffed::Supported(format) = sniff(&data) else {
        return None;
    };
    if format == Format::Svg || data.len() as u64 > limits.image_bytes {
        return None;
    }
    check_raster(format, &data, limits).ok()?;
    Some(match format {
        Format::Png => usvg::ImageKind::PNG(data),
        Format::Jpeg => usvg::ImageKind::JPEG(data),
        Format::Gif => usvg::ImageKind::GIF(data),
        Format::Webp | Format::Svg => usvg::ImageKind::WEBP(data),
    })
}

/// Whether any `<text>` survived in the tree.
fn has_text_nodes(group: &usvg::Group) -> bool {
    group.children().iter().any(|node| match node {
        usvg::Node::Text(_) => true,
        usvg::Node::Group(g) => has_text_nodes(g),
        _ => false,
    })
}

/// The system fonts, scanned once per process on first need (names only; fontdb reads a face
/// when usvg lays text out with it).
fn system_fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            // usvg's last resort is the generic `serif` (Times New Roman unless set): on a
            // system without it, text would be dropped though other fonts are installed.
            let serif = fontdb::Query {
                families: &[fontdb::Family::Serif],
                ..fontdb::Query::default()
            };
            let first = db.faces().find_map(|f| f.families.first().cloned());
            if db.query(&serif).is_none()
                && let Some((name, _)) = first
            {
                db.set_serif_family(name);
            }
            Arc::new(db)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> Result<String, Problem> {
        sanitise_svg(svg.as_bytes(), &Limits::default())
            .map(|s| String::from_utf8_lossy(&s.data).into_owned())
    }

    #[test]
    fn drops_script_events_foreign_object_and_external_refs() {
        let out = clean(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
                 width="10" height="10" onload="alert(1)">
               <script>alert(2)</script>
               <a href="javascript:alert(3)"><rect width="5" height="5" onclick="x()"/></a>
               <foreignObject width="5" height="5"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
               <image href="/etc/passwd" width="5" height="5"/>
               <image xlink:href="file:///etc/hosts" width="5" height="5"/>
               <image href="https://example.com/a.png" width="5" height="5"/>
             </svg>"#,
        );
        let out = out.unwrap_or_default();
        assert!(out.contains("<rect") || out.contains("<path"), "{out}");
        for bad in [
            "script",
            "onload",
            "onclick",
            "javascript",
            "foreignObject",
            "passwd",
            "file:",
            "https:",
            "<image",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
    }

    #[test]
    fn refuses_billion_laughs_and_keeps_no_entities() {
        let mut svg = String::from("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY l0 \"lol\">");
        for i in 1..10 {
            let prev = format!("&l{};", i - 1);
            svg.push_str(&format!("<!ENTITY l{i} \"{}\">", prev.repeat(10)));
        }
        svg.push_str("]><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><desc>&l9;</desc></svg>");
        let started = std::time::Instant::now();
        let out = clean(&svg);
        assert!(started.elapsed().as_secs() < 5);
        if let Ok(out) = out {
            assert!(
                !out.contains("ENTITY") && out.len() < 10_000,
                "{}",
                out.len()
            );
        }
        let ext = clean(
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
             <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><desc>&x;</desc></svg>",
        );
        if let Ok(out) = ext {
            assert!(!out.contains("root:") && !out.contains("ENTITY"), "{out}");
        }
    }

    #[test]
    fn keeps_a_checked_data_png_and_refuses_a_broken_one() {
        let good = super::super::raster::tests::tiny_png(2, 2);
        let bad = good[..good.len() - 10].to_vec();
        let svg = |png: &[u8]| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\">\
                 <image width=\"4\" height=\"4\" href=\"data:image/png;base64,{}\"/></svg>",
                base64_encode(png)
            )
        };
        assert!(clean(&svg(&good)).unwrap_or_default().contains("<image"));
        assert!(!clean(&svg(&bad)).unwrap_or_default().contains("<image"));
    }

    /// Standard base64 (RFC 4648), for building fixtures only.
    fn base64_encode(data: &[u8]) -> String {
        const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn refuses_what_usvg_cannot_parse() {
        assert!(clean("<svg").is_err());
        assert!(
            clean("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>").is_err()
        );
    }
}
