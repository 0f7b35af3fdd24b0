//! SVG for the PDF: an asset's sanitised SVG (written by parse from its usvg tree, so no
//! script, entity or external reference is left) or a typeset formula, read into a usvg tree
//! laid out with our embedded fonts, which the PDF writer draws as vectors.
//!
//! Why a second read of an SVG asset: parse lays SVG text out with whatever fonts it finds
//! (it may not depend on `font`), while the PDF must draw that text in the book's own fonts,
//! so the tree is rebuilt here once per asset and chapter, against `font::svg_fontdb`.

use std::sync::Arc;

/// Reads `data` (an SVG document) into a tree for drawing; `None` when it cannot be read or has
/// no area. Nothing outside the document is read: file and URL references resolve to nothing
/// (the sanitised SVG has none left; a `data:` raster in it was checked by parse).
pub(crate) fn svg_tree(data: &[u8]) -> Option<Arc<usvg::Tree>> {
    // An SVG without text (the generated cover, outlined; most drawings) needs no fonts: the
    // embedded database inflates every face (26 MB), which such a book should not pay for.
    let has_text = data.windows(5).any(|w| w == b"<text") || data.windows(5).any(|w| w == b":text");
    let (font_family, fontdb) = if has_text {
        (crate::font::svg_default_family(), crate::font::svg_fontdb())
    } else {
        (
            String::from("serif"),
            Arc::new(usvg::fontdb::Database::new()),
        )
    };
    let options = usvg::Options {
        resources_dir: None,
        font_family,
        fontdb,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(data, &options).ok()?;
    let size = tree.size();
    (size.width() > 0.0 && size.height() > 0.0).then(|| Arc::new(tree))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_svg_without_text_without_fonts() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
            <path d="M0 0 L40 20" stroke="#000"/></svg>"##;
        let tree = svg_tree(svg.as_bytes()).expect("read");
        assert!(tree.root().has_children());
    }

    #[test]
    fn reads_an_svg_with_text_in_our_fonts() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
            <rect width="40" height="20" fill="#ff0000"/>
            <text x="2" y="15" font-size="12">한지 ab</text></svg>"##;
        let tree = svg_tree(svg.as_bytes());
        let Some(tree) = tree else { panic!("not read") };
        assert_eq!(tree.size().width(), 40.0);
        fn has_text(g: &usvg::Group) -> bool {
            g.children().iter().any(|n| match n {
                usvg::Node::Text(_) => true,
                usvg::Node::Group(g) => has_text(g),
                _ => false,
            })
        }
        assert!(
            has_text(tree.root()),
            "text laid out with the embedded fonts"
        );
    }

    #[test]
    fn refuses_what_is_not_an_svg() {
        assert!(svg_tree(b"not svg").is_none());
        assert!(
            svg_tree(b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"/>")
                .is_none()
        );
    }
}
