//! The structure tree (PDF 32000 §14.7–14.8): IR 3 structure elements + the marked content
//! drawn for them → a krilla `TagTree` in reading order.
//!
//! An element joins its parent when its first content is drawn, so the order of children is
//! the drawing order (pages in order, items in reading order); elements without content are
//! dropped (krilla discards empty groups anyway).

use crate::layout::{StructElem, StructId, StructKind};
use krilla::tagging::{Identifier, ListNumbering, Node, Tag, TagGroup, TagKind, TagTree};
use std::num::NonZeroU16;

enum Child {
    Elem(usize),
    Content(Identifier),
}

/// Collects marked-content identifiers per element while pages are drawn.
pub(super) struct TreeBuilder<'a> {
    elems: &'a [StructElem],
    children: Vec<Vec<Child>>,
    attached: Vec<bool>,
    roots: Vec<usize>,
}

impl<'a> TreeBuilder<'a> {
    pub(super) fn new(elems: &'a [StructElem]) -> Self {
        TreeBuilder {
            elems,
            children: (0..elems.len()).map(|_| Vec::new()).collect(),
            attached: vec![false; elems.len()],
            roots: Vec::new(),
        }
    }

    /// Records content (marked content or an annotation) of element `elem`.
    pub(super) fn push_content(&mut self, elem: StructId, id: Identifier) {
        let e = elem.0 as usize;
        if e >= self.elems.len() {
            // Unknown element: krilla requires every identifier to have one parent.
            self.roots_content(id);
            return;
        }
        self.attach(e);
        self.children[e].push(Child::Content(id));
    }

    fn roots_content(&mut self, id: Identifier) {
        // Park stray content under a synthetic paragraph at the root.
        self.children.push(vec![Child::Content(id)]);
        self.attached.push(true);
        self.roots.push(self.children.len() - 1);
    }

    fn attach(&mut self, e: usize) {
        let mut chain = Vec::new();
        let mut cur = Some(e);
        while let Some(c) = cur {
            if c >= self.elems.len() || self.attached[c] {
                break;
            }
            self.attached[c] = true;
            chain.push(c);
            cur = self.elems[c]
                .parent
                .map(|p| p.0 as usize)
                .filter(|&p| p < self.elems.len() && p != c);
        }
        for &c in chain.iter().rev() {
            match self.elems[c]
                .parent
                .map(|p| p.0 as usize)
                .filter(|&p| p < self.elems.len() && p != c)
            {
                Some(p) => self.children[p].push(Child::Elem(c)),
                None => self.roots.push(c),
            }
        }
    }

    /// Builds the tag tree (document language on the root).
    pub(super) fn finish(mut self, lang: Option<String>) -> TagTree {
        let mut tree = TagTree::new().with_lang(lang);
        let roots = std::mem::take(&mut self.roots);
        for r in roots {
            tree.push(self.group(r));
        }
        tree
    }

    fn group(&mut self, e: usize) -> TagGroup {
        let kids = std::mem::take(&mut self.children[e]);
        let mut nodes: Vec<Node> = Vec::with_capacity(kids.len());
        for k in kids {
            match k {
                Child::Elem(c) => nodes.push(self.group(c).into()),
                Child::Content(id) => nodes.push(id.into()),
            }
        }
        let (kind, lang) = match self.elems.get(e) {
            Some(el) => (tag_kind(&el.kind), el.lang.clone()),
            None => (Tag::P.into(), None),
        };
        let kind = match lang {
            Some(l) => with_lang(kind, l),
            None => kind,
        };
        TagGroup::with_children(kind, nodes)
    }
}

fn with_lang(kind: TagKind, lang: String) -> TagKind {
    kind.with_lang(Some(lang))
}

fn tag_kind(kind: &StructKind) -> TagKind {
    match kind {
        StructKind::Section => Tag::Section.into(),
        StructKind::Title => Tag::Title.into(),
        StructKind::Heading(level, title) => {
            let l = NonZeroU16::new(u16::from((*level).clamp(1, 6))).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(l, Some(title.clone())).into()
        }
        StructKind::Paragraph => Tag::P.into(),
        StructKind::List(ordered) => Tag::L(if *ordered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        StructKind::ListItem => Tag::LI.into(),
        StructKind::Label => Tag::Lbl.into(),
        StructKind::ListBody => Tag::LBody.into(),
        StructKind::BlockQuote => Tag::BlockQuote.into(),
        StructKind::Code => Tag::Code.into(),
        StructKind::Table => Tag::Table.into(),
        StructKind::TableRow => Tag::TR.into(),
        StructKind::TableHeader => Tag::TH(krilla::tagging::TableHeaderScope::Column).into(),
        StructKind::TableCell => Tag::TD.into(),
        StructKind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        StructKind::Caption => Tag::Caption.into(),
        StructKind::Formula(alt) => Tag::Formula(Some(alt.clone())).into(),
        StructKind::Link => Tag::Link.into(),
        StructKind::Note => Tag::Note.into(),
        StructKind::Toc => Tag::TOC.into(),
        StructKind::TocItem => Tag::TOCI.into(),
    }
}
