//! Step 5 of images: Mermaid diagrams (```` ```mermaid ```` fences, and `<Mermaid chart=…>` or
//! `<pre class="mermaid">`, which the pre-passes already made fences) become figures of a
//! generated SVG asset, so that both books draw the same picture (issue 10 item 4).
//!
//! - Rendering: merman (a Rust port of mermaid.js, no JavaScript or browser), with flowcharts and
//!   sequence diagrams compiled in; its `resvg_safe` pipeline replaces HTML labels
//!   (`<foreignObject>`) with SVG `<text>`. Its deterministic text measurer is used, so the same
//!   source gives the same bytes on every machine.
//! - Sanitising: the SVG then goes through the same usvg rewrite as an SVG file (`svg.rs`), with
//!   the embedded fonts laying out the labels (the machine's fonts may lack Hangul, and usvg
//!   drops text no font can set). The rewritten SVG keeps the labels as text: searchable in the
//!   PDF, drawn in the reader's sans-serif in the EPUB.
//! - Text alternative: Mermaid's own `accTitle` / `accDescr` when the diagram has them, else the
//!   diagram's source, which is its textual form (nodes, edges, messages).
//! - A diagram type not compiled in, source merman cannot read, or a diagram past merman's
//!   resource limits (nesting, size) stays a code block with a `mermaid-unsupported`,
//!   `mermaid-invalid` or `mermaid-too-large` warning at the block.
//!
//! Each distinct source is rendered once (in parallel); asset ids follow the first use in book
//! order, after the image files.

use super::Problem;
use super::svg::sanitise_svg_with_fonts;
use crate::diag::{Diagnostic, catch_panic};
use crate::limits::Limits;
use crate::model::{Asset, AssetId, Image};
use crate::parse::chapter::Draft;
use crate::parse::tree::{Block, BlockKind};
use merman::svg::SvgPipeline;
use merman::{OperationControl, RenderError, RenderOutput, RenderRequest, Renderer, SvgRequest};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// `Image::src` of a diagram (shown only if a writer ever needed a placeholder).
const DIAGRAM_SRC: &str = "mermaid";

/// Replaces every Mermaid code block of the drafts that merman can draw with a figure of its
/// SVG, appending the SVGs to `assets`; the others stay code, with a warning.
pub(in crate::parse) fn render_diagrams(
    drafts: &mut [Draft],
    assets: &mut Vec<Asset>,
    limits: &Limits,
) {
    let mut sources: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for d in drafts.iter_mut() {
        for_each_diagram(d, |source, _| {
            if !seen.contains_key(source) {
                seen.insert(source.to_string(), sources.len());
                sources.push(source.to_string());
            }
        });
    }
    if sources.is_empty() {
        return;
    }
    let rendered: Vec<Result<Vec<u8>, Problem>> =
        sources.par_iter().map(|s| render_one(s, limits)).collect();
    let mut ids: Vec<Result<AssetId, Problem>> = Vec::with_capacity(sources.len());
    for (source, result) in sources.iter().zip(rendered) {
        ids.push(result.map(|svg| {
            assets.push(Asset {
                path: asset_key(source),
                media_type: "image/svg+xml",
                data: Arc::from(svg),
            });
            AssetId(assets.len() - 1)
        }));
    }
    for d in drafts.iter_mut() {
        let mut diags = Vec::new();
        for_each_diagram(d, |source, block| match &ids[seen[source]] {
            Ok(id) => {
                block.kind = BlockKind::Figure {
                    image: Image {
                        asset: Some(*id),
                        src: DIAGRAM_SRC.to_string(),
                        alt: text_alternative(source),
                        width: None,
                    },
                    caption: Vec::new(),
                };
            }
            Err(p) => diags.push(Diagnostic::warning(
                p.code,
                Some(block.span.clone()),
                format!("Mermaid diagram: {}; it is shown as code", p.reason),
            )),
        });
        d.diagnostics.append(&mut diags);
    }
}

/// Calls `f(source, block)` on every Mermaid code block of a draft (body, then footnotes), in
/// document order.
fn for_each_diagram(d: &mut Draft, mut f: impl FnMut(&str, &mut Block)) {
    super::each_block(d, &mut |block| {
        if let BlockKind::Code {
            lang: Some(lang),
            text,
        } = &block.kind
            && lang.eq_ignore_ascii_case("mermaid")
        {
            let source = text.clone();
            f(&source, block);
        }
    });
}

/// A key for the asset list that no file path can equal (`Asset::path` must be unique; the
/// writers name files by index, so this is never shown).
fn asset_key(source: &str) -> String {
    // FNV-1a: stable across runs and machines (std's hasher is seeded).
    let hash = source.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("<mermaid {hash:016x}>.svg")
}

/// One diagram's sanitised SVG, or why it stays code. merman is third-party code run on
/// untrusted text: a panic in it is caught and reported as this diagram's problem.
fn render_one(source: &str, limits: &Limits) -> Result<Vec<u8>, Problem> {
    let svg = catch_panic(None, "drawing a Mermaid diagram", || draw(source))
        .map_err(|d| Problem::invalid(d.message))??;
    let clean = sanitise_svg_with_fonts(svg.as_bytes(), limits, crate::font::svg_fontdb())?;
    Ok(clean.data)
}

/// merman's SVG of `source`, prepared for usvg.
fn draw(source: &str) -> Result<String, Problem> {
    let request = SvgRequest {
        pipeline: Some(SvgPipeline::resvg_safe()),
        ..SvgRequest::default()
    };
    let output =
        Renderer::new().render(RenderRequest::svg(source, OperationControl::new(), request));
    match output {
        Ok(RenderOutput::Svg(Some(svg))) => Ok(svg.into_parts().0),
        Ok(_) | Err(RenderError::NoDiagram) => Err(Problem::invalid(
            "no diagram type was recognised (the first line names it: `flowchart`, `sequenceDiagram`, …)"
                .to_string(),
        )),
        Err(RenderError::Parse(e)) => Err(parse_problem(source, &e)),
        Err(RenderError::ResourceLimitExceeded(e)) => Err(Problem {
            code: "mermaid-too-large",
            reason: format!("it is too large to draw ({e})"),
        }),
        Err(e) => Err(Problem::invalid(e.to_string())),
    }
}

/// A parse failure as a problem: an unsupported diagram type, or where the source is wrong.
fn parse_problem(source: &str, e: &merman::TerminalDiagnostic) -> Problem {
    let details = e.terminal_diagnostic_details();
    if details.code.ends_with("unsupported_diagram") {
        let kind = details.diagram_type.unwrap_or_default();
        return Problem {
            code: "mermaid-unsupported",
            reason: format!(
                "`{kind}` diagrams are not drawn (flowcharts and sequence diagrams are)"
            ),
        };
    }
    let at = details.span.map(|s| {
        let line = source[..s.start.min(source.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count();
        format!(" (line {} of the diagram)", line + 1)
    });
    Problem {
        code: "mermaid-invalid",
        reason: format!("{}{}", e.terminal_safe_message(), at.unwrap_or_default()),
    }
}

/// The figure's alt text: `accTitle` and `accDescr` (Mermaid's accessibility lines) when the
/// diagram has them, else its source with blank lines, indentation and `%%` comments dropped.
fn text_alternative(source: &str) -> String {
    let mut title = None;
    let mut descr = None;
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if let Some(t) = line.strip_prefix("accTitle:") {
            title = Some(t.trim().to_string());
        } else if let Some(d) = line.strip_prefix("accDescr:") {
            descr = Some(d.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("accDescr")
            && rest.trim_start().starts_with('{')
        {
            let mut text: Vec<&str> = Vec::new();
            for l in lines.by_ref() {
                let l = l.trim();
                if let Some(last) = l.strip_suffix('}') {
                    text.push(last.trim());
                    break;
                }
                text.push(l);
            }
            descr = Some(text.join(" ").trim().to_string());
        }
    }
    let given: Vec<String> = [title, descr].into_iter().flatten().collect();
    if !given.is_empty() {
        return given.join(". ");
    }
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("%%"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg_of(source: &str) -> Result<String, Problem> {
        render_one(source, &Limits::default()).map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn a_korean_flowchart_becomes_an_svg_with_its_labels_as_text() {
        let svg = svg_of("flowchart TD\n  A[시작] --> B{조건?}\n  B -->|예| C[끝]\n")
            .unwrap_or_else(|p| panic!("{}", p.reason));
        for label in ["시작", "조건?", "예", "끝"] {
            assert!(svg.contains(label), "{label} missing");
        }
        for bad in ["foreignObject", "<script", "<style", "onload"] {
            assert!(!svg.contains(bad), "{bad} in the SVG");
        }
    }

    #[test]
    fn a_sequence_diagram_is_drawn() {
        let svg = svg_of("sequenceDiagram\n  사용자->>서버: 요청\n  서버-->>사용자: 응답\n")
            .unwrap_or_else(|p| panic!("{}", p.reason));
        assert!(svg.contains("요청") && svg.contains("응답"));
    }

    #[test]
    fn the_same_source_gives_the_same_bytes() {
        let a = svg_of("graph LR\n  a --> b\n").ok();
        assert!(a.is_some());
        assert_eq!(a, svg_of("graph LR\n  a --> b\n").ok());
    }

    #[test]
    fn other_types_and_bad_source_are_named_problems() {
        let pie = svg_of("pie title Pets\n  \"Dogs\" : 386\n").err();
        assert_eq!(pie.map(|p| p.code), Some("mermaid-unsupported"));
        let bad = svg_of("graph TD\n A-->\n").err();
        assert_eq!(bad.as_ref().map(|p| p.code), Some("mermaid-invalid"));
        assert!(bad.is_some_and(|p| p.reason.contains("line")));
        assert!(svg_of("").is_err());
        assert!(svg_of("not a diagram at all").is_err());
        let mut nested = String::from("flowchart TD\n");
        for i in 0..300 {
            nested.push_str(&format!("subgraph s{i}\n"));
        }
        nested.push_str("a-->b\n");
        nested.push_str(&"end\n".repeat(300));
        assert!(svg_of(&nested).is_err());
    }

    #[test]
    fn alt_text_prefers_the_accessibility_lines() {
        let src = "flowchart LR\n  accTitle: 주문 흐름\n  accDescr {\n    주문이\n    배송된다\n  }\n  a-->b";
        assert_eq!(text_alternative(src), "주문 흐름. 주문이 배송된다");
        assert_eq!(
            text_alternative("graph LR\n\n    %% note\n    a --> b\n"),
            "graph LR\na --> b"
        );
    }
}
