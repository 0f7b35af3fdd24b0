//! Choosing line breaks: a total-fit breaker in the style of Knuth & Plass (1981), with a
//! greedy first-fit fallback for pathological paragraphs.
//!
//! The paragraph is measured once (`Measure`); a line from break `i` to break `j` has a natural
//! width (trailing spaces dropped), what it may give and the penalty of the break at `j`.
//! What a line may give, in the order Korean book typesetting takes it (W3C klreq §3.8 on line
//! adjustment; book practice): a little inter-syllable expansion between Hangul and Hanja
//! syllables (`letter`, capped), word spaces that stretch (`stretch`), and word spaces that
//! shrink a little (`shrink`, to 80 % of natural). Badness follows TeX: the cube of the
//! adjustment ratio; consecutive lines of very different tightness cost extra (TeX's
//! `\adjdemerits`, through four fitness classes), so a loose line is not set next to a tight one.

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
    /// Total shrink of spaces from the paragraph start to each break (trailing spaces excluded).
    pub shrink_trim: &'a [f32],
    /// Total shrink of spaces up to each break (spaces before it included).
    pub shrink_at: &'a [f32],
    /// Total inter-syllable expansion available up to each break.
    pub letter_at: &'a [f32],
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
/// Extra demerits when two consecutive lines are more than one fitness class apart (TeX's
/// plain `\adjdemerits`).
const ADJ_DEMERITS: f64 = 10_000.0;

/// TeX's fitness classes, by adjustment ratio: very loose, loose, decent, tight.
fn fitness(ratio: f32) -> u8 {
    if ratio > 1.0 {
        0
    } else if ratio > 0.5 {
        1
    } else if ratio >= -0.5 {
        2
    } else {
        3
    }
}

/// What one line from break `i` to break `j` measures and may give.
#[derive(Clone, Copy, Debug)]
struct LineFit {
    /// Natural width (with the hyphen, without trailing spaces).
    width: f32,
    /// Stretch of its spaces.
    stretch: f32,
    /// Shrink of its spaces.
    shrink: f32,
    /// Inter-syllable expansion available.
    letter: f32,
}

fn penalty(kind: BreakKind) -> f32 {
    match kind {
        BreakKind::Mandatory | BreakKind::Normal => 0.0,
        BreakKind::Bracket => BRACKET_PENALTY,
        BreakKind::Hyphen => HYPHEN_PENALTY,
        BreakKind::Emergency => 0.0,
    }
}

impl Measure<'_> {
    /// What the line from break `i` (or the start, `None`) to break `j` measures and may give.
    fn line(&self, i: Option<usize>, j: usize) -> LineFit {
        let (x0, s0, k0, l0) = i.map_or((0.0, 0.0, 0.0, 0.0), |i| {
            (
                self.x_at[i],
                self.stretch_at[i],
                self.shrink_at[i],
                self.letter_at[i],
            )
        });
        LineFit {
            width: self.x_trim[j] - x0 + self.hyphen[j],
            stretch: (self.stretch_trim[j] - s0).max(0.0),
            shrink: (self.shrink_trim[j] - k0).max(0.0),
            // The gap after the line's last syllable is not inside the line; counting it gives a
            // line at most one gap of credit, well inside the tolerance.
            letter: (self.letter_at[j] - l0).max(0.0),
        }
    }

    fn avail(&self, i: Option<usize>) -> f32 {
        if i.is_none() {
            self.first_width
        } else {
            self.width
        }
    }

    /// Badness and adjustment ratio of a line (`None` when overfull even with its spaces
    /// shrunk). The ratio is the spaces' own: up to 1 while inter-syllable expansion and space
    /// stretch share the slack in proportion, above 1 once the syllables are at their cap and
    /// only the spaces grow.
    fn badness(&self, i: Option<usize>, j: usize, tolerance: f32) -> Option<(f32, f32)> {
        let fit = self.line(i, j);
        let avail = self.avail(i);
        let slack = avail - fit.width;
        if slack < -0.01 {
            if -slack > fit.shrink + 0.01 {
                return None;
            }
            let r = slack / fit.shrink.max(0.01);
            return Some((100.0 * (-r).powi(3), r));
        }
        // Lines ending at a forced break (the last line included) are ragged: no badness.
        if self.breaks[j].kind == BreakKind::Mandatory || slack <= 0.01 {
            return Some((0.0, 0.0));
        }
        // A line with nothing to stretch stays short; rate it as if it had a little stretch so
        // a nearly full rigid line beats a very loose one.
        let stretch = fit.stretch.max(avail * RIGID_STRETCH);
        let total = stretch + fit.letter;
        let r = if slack <= total {
            slack / total
        } else {
            (slack - fit.letter) / stretch
        };
        if r > tolerance {
            return Some((f32::INFINITY, r));
        }
        Some((100.0 * r * r * r, r))
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
    /// Fitness class of the line ending here (`fitness`); the start counts as decent.
    class: u8,
}

/// Total-fit breaking: the set of breaks (indices into `m.breaks`, the last one always
/// included) that minimises the sum of squared badness over the paragraph. Falls back to
/// `greedy` when the paragraph is too large to search.
pub(crate) fn break_lines(m: &Measure<'_>) -> Vec<usize> {
    // First pass: spaces at most double (TeX's tolerance 200 spirit); second: anything goes,
    // the least-bad loose lines win.
    match total_fit(m, 2.0) {
        // klreq: break inside a word as few times as possible. The tolerant pass may need more
        // such breaks than a looser setting (an overlong word started on a short line); then
        // the pass without a tolerance, which minimises them first, decides.
        Some((breaks, cost)) if cost.emergencies == 0 => breaks,
        first => {
            let loose = total_fit(m, f32::INFINITY);
            match (first, loose) {
                (Some((a, ca)), Some((b, cb))) => {
                    if cb.emergencies < ca.emergencies {
                        b
                    } else {
                        a
                    }
                }
                (Some((a, _)), None) | (None, Some((a, _))) => a,
                (None, None) => greedy(m),
            }
        }
    }
}

fn total_fit(m: &Measure<'_>, tolerance: f32) -> Option<(Vec<usize>, Cost)> {
    let n = m.breaks.len();
    let mut nodes: Vec<Node> = vec![Node {
        at: None,
        cost: Cost::default(),
        prev: None,
        class: 2,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut work = 0usize;
    for j in 0..n {
        if !m.enabled[j] {
            continue;
        }
        let kind = m.breaks[j].kind;
        // The best way to end a line at j, per fitness class of that line.
        let mut best: [Option<(Cost, usize)>; 4] = [None; 4];
        let mut still_active = Vec::with_capacity(active.len() + 4);
        for &a in &active {
            work += 1;
            let node = nodes[a];
            let Some((b, r)) = m.badness(node.at, j, tolerance) else {
                // Overfull: this node can never reach j or anything later, unless the line
                // is a single piece that cannot be broken at all (then accept it, overfull).
                let single = node.at.map_or(0, |i| i + 1)..j;
                if single.clone().all(|k| !m.enabled[k]) {
                    let d = Cost {
                        overfull: node.cost.overfull + 1,
                        ..node.cost
                    };
                    keep_best(&mut best[2], d, a);
                }
                continue;
            };
            still_active.push(a);
            if b.is_finite() {
                let class = fitness(r);
                let d = line_cost(m, node, j, b, class);
                keep_best(&mut best[usize::from(class)], d, a);
            }
        }
        if work > WORK_LIMIT {
            return None;
        }
        active = still_active;
        if kind == BreakKind::Mandatory && best.iter().any(Option::is_some) {
            // A forced break: every line must end here.
            active.clear();
        }
        let mut any = false;
        for (class, found) in best.iter().enumerate() {
            if let Some((d, a)) = *found {
                nodes.push(Node {
                    at: Some(j),
                    cost: d,
                    prev: Some(a),
                    class: class as u8,
                });
                active.push(nodes.len() - 1);
                any = true;
            }
        }
        if !any && (kind == BreakKind::Mandatory || active.is_empty()) {
            return None;
        }
    }
    // The best node at the paragraph end (the last break is always Mandatory and enabled).
    let last = n.checked_sub(1)?;
    let mut cur = (0..nodes.len())
        .filter(|&k| nodes[k].at == Some(last))
        .min_by(|&a, &b| {
            nodes[a]
                .cost
                .partial_cmp(&nodes[b].cost)
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
    let cost = nodes[cur].cost;
    let mut out = Vec::new();
    while let Some(at) = nodes[cur].at {
        out.push(at);
        cur = nodes[cur].prev?;
    }
    out.reverse();
    Some((out, cost))
}

/// The cost of reaching break `j` from `node` with a line of badness `b` and fitness `class`.
fn line_cost(m: &Measure<'_>, node: Node, j: usize, b: f32, class: u8) -> Cost {
    let kind = m.breaks[j].kind;
    let p = f64::from(penalty(kind));
    let mut d = node.cost;
    d.demerits += f64::from(LINE_PENALTY + b).powi(2) + p * p;
    if node.class.abs_diff(class) > 1 {
        d.demerits += ADJ_DEMERITS;
    }
    if kind == BreakKind::Emergency {
        d.emergencies += 1;
    }
    if kind == BreakKind::Mandatory && j + 1 == m.breaks.len() {
        // A last line of one or two syllables looks like a stray word (the Korean 외톨이 줄);
        // prefer re-breaking earlier lines to avoid it.
        if m.line(node.at, j).width < m.stray_width && node.at.is_some() {
            d.demerits += f64::from(SHORT_LAST_DEMERITS);
        }
    }
    d
}

fn keep_best(slot: &mut Option<(Cost, usize)>, d: Cost, a: usize) {
    if slot.is_none_or(|(bd, _)| d < bd) {
        *slot = Some((d, a));
    }
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
        let fit = m.line(start, j);
        if fit.width - fit.shrink <= m.avail(start) + 0.01 {
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
