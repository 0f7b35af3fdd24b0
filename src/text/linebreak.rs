//! Choosing line breaks: a total-fit breaker in the style of Knuth & Plass (1981), with a
//! greedy first-fit fallback for pathological paragraphs.
//!
//! The paragraph is measured once (`Measure`); a line from break `i` to break `j` has a natural
//! width (trailing spaces dropped), a stretchability (its spaces; klreq: spaces stretch, Hangul
//! spaces never shrink, so there is no shrink at all) and the penalty of the break at `j`.

use super::breaks::{Break, BreakKind};

/// Widths the breaker needs, all in points.
pub(crate) struct Measure<'a> {
    /// Candidate breaks, sorted by position; the last is the paragraph end (`Mandatory`).
    pub breaks: &'a [Break],
    /// Whether each break may be used (emergency points only inside overlong words, hyphens
    /// only when hyphenation is on).
    pub enabled: &'a [bool],
    /// Natural width from the paragraph start to each break, spaces before it included.
    pub x_at: &'a [f32],
    /// Natural width from the paragraph start to each break with the spaces just before it
    /// excluded (where a line ending there ends).
    pub x_trim: &'a [f32],
    /// Total stretch of spaces from the paragraph start to each break (trailing spaces excluded).
    pub stretch_trim: &'a [f32],
    /// Total stretch of spaces up to each break (spaces before it included).
    pub stretch_at: &'a [f32],
    /// Width of the hyphen added at each `Hyphen` break (0 elsewhere).
    pub hyphen: &'a [f32],
    /// Width of the first line.
    pub first_width: f32,
    /// Width of the other lines.
    pub width: f32,
    /// A last line narrower than this is a stray word (about two syllables at the text size).
    pub stray_width: f32,
}

/// Line penalty (TeX `\linepenalty`), added to every line's badness.
const LINE_PENALTY: f32 = 10.0;
/// Penalty of breaking before a bracket inside a Korean word (rather than at a space).
const BRACKET_PENALTY: f32 = 150.0;
/// Penalty of breaking at a hyphenation point.
const HYPHEN_PENALTY: f32 = 50.0;

/// Stretch assumed for a line without spaces, as a fraction of the line width.
const RIGID_STRETCH: f32 = 0.025;
/// Extra demerits for such a line (about one rather loose line).
const SHORT_LAST_DEMERITS: f32 = 5_000.0;
/// Above this many (active node × candidate) evaluations, give up and go greedy.
const WORK_LIMIT: usize = 4_000_000;

fn penalty(kind: BreakKind) -> f32 {
    match kind {
        BreakKind::Mandatory | BreakKind::Normal => 0.0,
        BreakKind::Bracket => BRACKET_PENALTY,
        BreakKind::Hyphen => HYPHEN_PENALTY,
        BreakKind::Emergency => 0.0,
    }
}

impl Measure<'_> {
    /// Natural width and stretch of the line from break `i` (or the start, `None`) to break `j`.
    fn line(&self, i: Option<usize>, j: usize) -> (f32, f32) {
        let (x0, s0) = i.map_or((0.0, 0.0), |i| (self.x_at[i], self.stretch_at[i]));
        let w = self.x_trim[j] - x0 + self.hyphen[j];
        (w, (self.stretch_trim[j] - s0).max(0.0))
    }

    fn avail(&self, i: Option<usize>) -> f32 {
        if i.is_none() {
            self.first_width
        } else {
            self.width
        }
    }

    /// Badness of a line (`None` when overfull).
    fn badness(&self, i: Option<usize>, j: usize, tolerance: f32) -> Option<f32> {
        let (w, stretch) = self.line(i, j);
        let avail = self.avail(i);
        let slack = avail - w;
        if slack < -0.01 {
            return None;
        }
        // Lines ending at a forced break (the last line included) are ragged: no badness.
        if self.breaks[j].kind == BreakKind::Mandatory {
            return Some(0.0);
        }
        if slack <= 0.01 {
            return Some(0.0);
        }
        // A line with nothing to stretch stays short; rate it as if it had a little stretch so
        // a nearly full rigid line beats a very loose one.
        let r = slack / stretch.max(avail * RIGID_STRETCH);
        if r > tolerance {
            return Some(f32::INFINITY);
        }
        Some(100.0 * r * r * r)
    }
}

/// What a way of breaking costs, compared in order: overfull lines (only where a piece cannot
/// be broken at all), then breaks inside overlong words (klreq: inside a word only when the
/// word alone is wider than the line — so as few as possible), then the usual demerits.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
struct Cost {
    overfull: u32,
    emergencies: u32,
    demerits: f64,
}

#[derive(Clone, Copy)]
struct Node {
    /// Break index, `None` for the paragraph start.
    at: Option<usize>,
    /// Best total cost to reach this break.
    cost: Cost,
    /// Index of the previous node in `nodes`.
    prev: Option<usize>,
}

/// Total-fit breaking: the set of breaks (indices into `m.breaks`, the last one always
/// included) that minimises the sum of squared badness over the paragraph. Falls back to
/// `greedy` when the paragraph is too large to search.
pub(crate) fn break_lines(m: &Measure<'_>) -> Vec<usize> {
    // First pass: spaces at most double (TeX's tolerance 200 spirit); second: anything goes,
    // the least-bad loose lines win.
    for tolerance in [2.0, f32::INFINITY] {
        if let Some(v) = total_fit(m, tolerance) {
            return v;
        }
    }
    greedy(m)
}

fn total_fit(m: &Measure<'_>, tolerance: f32) -> Option<Vec<usize>> {
    let n = m.breaks.len();
    let mut nodes: Vec<Node> = vec![Node {
        at: None,
        cost: Cost::default(),
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut work = 0usize;
    for j in 0..n {
        if !m.enabled[j] {
            continue;
        }
        let kind = m.breaks[j].kind;
        let mut best: Option<(Cost, usize)> = None;
        let mut still_active = Vec::with_capacity(active.len() + 1);
        for &a in &active {
            work += 1;
            let node = nodes[a];
            match m.badness(node.at, j, tolerance) {
                None => {
                    // Overfull: this node can never reach j or anything later, unless the line
                    // is a single piece that cannot be broken at all (then accept it, overfull).
                    let single = node.at.map_or(0, |i| i + 1)..j;
                    let unbreakable = single.clone().all(|k| !m.enabled[k]);
                    if unbreakable {
                        let d = Cost {
                            overfull: node.cost.overfull + 1,
                            ..node.cost
                        };
                        if best.is_none_or(|(bd, _)| d < bd) {
                            best = Some((d, a));
                        }
                    }
                }
                Some(b) => {
                    still_active.push(a);
                    if b.is_finite() {
                        let p = f64::from(penalty(kind));
                        let mut d = node.cost;
                        d.demerits += f64::from(LINE_PENALTY + b).powi(2) + p * p;
                        if kind == BreakKind::Emergency {
                            d.emergencies += 1;
                        }
                        if kind == BreakKind::Mandatory && j + 1 == n {
                            // A last line of one or two syllables looks like a stray word (the
                            // Korean 외톨이 줄); prefer re-breaking earlier lines to avoid it.
                            let (w, _) = m.line(node.at, j);
                            if w < m.stray_width && node.at.is_some() {
                                d.demerits += f64::from(SHORT_LAST_DEMERITS);
                            }
                        }
                        if best.is_none_or(|(bd, _)| d < bd) {
                            best = Some((d, a));
                        }
                    }
                }
            }
        }
        if work > WORK_LIMIT {
            return None;
        }
        active = still_active;
        if let Some((d, a)) = best {
            nodes.push(Node {
                at: Some(j),
                cost: d,
                prev: Some(a),
            });
            if kind == BreakKind::Mandatory {
                // A forced break: every line must end here.
                active.clear();
            }
            active.push(nodes.len() - 1);
        } else if kind == BreakKind::Mandatory || active.is_empty() {
            return None;
        }
    }
    // The last node is the paragraph end (the last break is always Mandatory and enabled).
    let mut out = Vec::new();
    let mut cur = nodes.len().checked_sub(1)?;
    if nodes[cur].at != Some(n.checked_sub(1)?) {
        return None;
    }
    while let Some(at) = nodes[cur].at {
        out.push(at);
        cur = nodes[cur].prev?;
    }
    out.reverse();
    Some(out)
}

/// First-fit: each line takes as much as fits; an unbreakable piece wider than the line
/// overflows on a line of its own.
pub(crate) fn greedy(m: &Measure<'_>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_fit: Option<usize> = None;
    let mut j = 0;
    while j < m.breaks.len() {
        if !m.enabled[j] {
            j += 1;
            continue;
        }
        let (w, _) = m.line(start, j);
        if w <= m.avail(start) + 0.01 {
            if m.breaks[j].kind == BreakKind::Mandatory {
                out.push(j);
                start = Some(j);
                last_fit = None;
            } else {
                last_fit = Some(j);
            }
            j += 1;
        } else if let Some(f) = last_fit {
            out.push(f);
            start = Some(f);
            last_fit = None;
            j = f + 1;
        } else {
            // Nothing fits: overflow with this piece.
            out.push(j);
            start = Some(j);
            j += 1;
        }
    }
    out
}
