//! Table planning: how a table fits the text block. Column widths come from content (natural
//! and minimum widths, the slack shared in proportion to what each column wants). A table
//! whose words do not fit side by side first has its type shrunk, down to `MIN_TABLE_SIZE`;
//! if it still does not fit, its columns are split into groups that each fit, the first (key)
//! column repeated in every group, so that no cell ever breaks inside a word (issue 8: nothing
//! lost; a word split across lines cannot be found again). Only a single word wider than the
//! whole text block is broken (at grapheme boundaries, by the line breaker).

use super::context::Ctx;
use crate::font::Pt;
use crate::model::{Inline, plain_text};
use crate::text::{TextStyle, shape_line};

/// Smallest type a table is shrunk to before its columns are split into groups.
pub(crate) const MIN_TABLE_SIZE: Pt = Pt(7.0);

/// Horizontal cell padding (each side) for a type size.
pub(crate) fn cell_pad(size: Pt) -> Pt {
    size * 0.6
}

/// Natural (unbroken) and minimum (longest word) content widths of each column, at one size.
pub(crate) struct ColumnNeeds {
    /// Width of each column's widest cell set on one line.
    pub natural: Vec<Pt>,
    /// Width of each column's widest word.
    pub minimum: Vec<Pt>,
    /// The size these were measured at.
    pub size: Pt,
}

impl ColumnNeeds {
    /// Measures every cell of the table (the header in bold) at `style`'s size.
    pub(crate) fn measure(
        ctx: &Ctx<'_>,
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        ncols: usize,
        style: TextStyle,
    ) -> Self {
        let mut natural = vec![Pt::ZERO; ncols];
        let mut minimum = vec![Pt::ZERO; ncols];
        let bold = TextStyle {
            bold: true,
            ..style
        };
        let measure =
            |text: &str, st: TextStyle| shape_line(text, st, &ctx.lang, ctx.fonts, ctx.cache).width;
        for (cells, st) in
            std::iter::once((header, bold)).chain(rows.iter().map(|r| (r.as_slice(), style)))
        {
            for (c, cell) in cells.iter().enumerate().take(ncols) {
                let text = plain_text(cell);
                natural[c] = natural[c].max(measure(text.trim(), st));
                for word in text.split_whitespace() {
                    minimum[c] = minimum[c].max(measure(word, st));
                }
            }
        }
        ColumnNeeds {
            natural,
            minimum,
            size: style.size,
        }
    }

    /// Minimum column width (longest word plus padding) of column `c` at `size`.
    fn min_at(&self, c: usize, size: Pt) -> Pt {
        let k = size.0 / self.size.0.max(0.01);
        self.minimum.get(c).map_or(Pt::ZERO, |m| *m * k) + cell_pad(size) * 2.0
    }

    /// Natural column width (content plus padding) of column `c` at `size`.
    fn nat_at(&self, c: usize, size: Pt) -> Pt {
        let k = size.0 / self.size.0.max(0.01);
        self.natural.get(c).map_or(Pt::ZERO, |m| *m * k) + cell_pad(size) * 2.0
    }
}

/// How a table is set: one type size and one or more groups of columns, each set as a table.
#[derive(Debug, PartialEq)]
pub(crate) struct TablePlan {
    /// Type size of the cells.
    pub size: Pt,
    /// Column indices of each part, in order.
    pub groups: Vec<Vec<usize>>,
}

/// Chooses the size and the column groups so that every column's longest word fits.
pub(crate) fn plan_table(needs: &ColumnNeeds, avail: Pt) -> TablePlan {
    let ncols = needs.minimum.len();
    let all: Vec<usize> = (0..ncols).collect();
    let sum_min = |size: Pt| all.iter().fold(Pt::ZERO, |a, &c| a + needs.min_at(c, size));
    let size = needs.size;
    if sum_min(size) <= avail {
        return TablePlan {
            size,
            groups: vec![all],
        };
    }
    // Widths scale with the size: the size at which the words just fit side by side.
    let fit = Pt(size.0 * avail.0 / sum_min(size).0.max(0.01));
    if fit >= MIN_TABLE_SIZE {
        let fit = Pt((fit.0 * 20.0).floor() / 20.0);
        return TablePlan {
            size: fit,
            groups: vec![all],
        };
    }
    let size = MIN_TABLE_SIZE.min(size);
    TablePlan {
        size,
        groups: column_groups(ncols, avail, |c| needs.min_at(c, size)),
    }
}

/// Splits columns 1.. into groups that fit `avail` next to column 0 (the key column, repeated
/// in every group); a column too wide to sit beside the key gets a group of its own.
fn column_groups(ncols: usize, avail: Pt, min: impl Fn(usize) -> Pt) -> Vec<Vec<usize>> {
    let key = min(0);
    if ncols > 1 && (1..ncols).all(|c| key + min(c) > avail) {
        // The key column cannot sit beside any other: it stands alone, first, and the rest
        // are packed into groups without it (repeating it would give every column a table).
        let mut groups = vec![vec![0]];
        groups.extend(pack_columns(1..ncols, avail, &min));
        return groups;
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = vec![0];
    let mut used = key;
    for c in 1..ncols {
        let w = min(c);
        if cur.len() > 1 && used + w > avail {
            groups.push(std::mem::replace(&mut cur, vec![0]));
            used = key;
        }
        if cur.len() == 1 && key + w > avail {
            // Not even beside the key column: this column stands alone.
            groups.push(vec![c]);
            continue;
        }
        cur.push(c);
        used += w;
    }
    if cur.len() > 1 || groups.is_empty() {
        groups.push(cur);
    }
    groups
}

/// Consecutive columns packed greedily into groups no wider than `avail` (a column wider than
/// `avail` gets a group of its own).
fn pack_columns(
    cols: impl Iterator<Item = usize>,
    avail: Pt,
    min: impl Fn(usize) -> Pt,
) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut used = Pt::ZERO;
    for c in cols {
        let w = min(c);
        match groups.last_mut() {
            Some(g) if used + w <= avail => g.push(c),
            _ => {
                groups.push(vec![c]);
                used = Pt::ZERO;
            }
        }
        used += w;
    }
    groups
}

/// Final widths of `cols` at `size`: natural widths when they fit, else every column gets its
/// longest word and the slack is shared by how much more each column wants.
pub(crate) fn column_widths(needs: &ColumnNeeds, cols: &[usize], size: Pt, avail: Pt) -> Vec<Pt> {
    let nat: Vec<Pt> = cols.iter().map(|&c| needs.nat_at(c, size)).collect();
    let want: Pt = nat.iter().fold(Pt::ZERO, |a, n| a + *n);
    if want <= avail {
        return nat;
    }
    let mins: Vec<Pt> = cols.iter().map(|&c| needs.min_at(c, size)).collect();
    let min_sum: Pt = mins.iter().fold(Pt::ZERO, |a, m| a + *m);
    if min_sum >= avail {
        // Only when one word is wider than the whole block: scale down; the line breaker then
        // breaks that word at grapheme boundaries.
        let k = avail.0 / min_sum.0.max(0.01);
        return mins.iter().map(|m| *m * k).collect();
    }
    let extra = avail - min_sum;
    let wants: Vec<f32> = nat
        .iter()
        .zip(&mins)
        .map(|(n, m)| (*n - *m).0.max(0.0))
        .collect();
    let wsum: f32 = wants.iter().sum();
    mins.iter()
        .zip(&wants)
        .map(|(m, w)| {
            if wsum > 0.0 {
                *m + extra * (w / wsum)
            } else {
                *m + extra / cols.len() as f32
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(min: &[f32], size: f32) -> ColumnNeeds {
        ColumnNeeds {
            natural: min.iter().map(|m| Pt(m * 2.0)).collect(),
            minimum: min.iter().map(|m| Pt(*m)).collect(),
            size: Pt(size),
        }
    }

    #[test]
    fn narrow_table_is_one_group_at_its_size() {
        let p = plan_table(&needs(&[20.0, 30.0], 9.45), Pt(450.0));
        assert_eq!(p.size, Pt(9.45));
        assert_eq!(p.groups, vec![vec![0, 1]]);
    }

    #[test]
    fn somewhat_wide_table_shrinks_its_type() {
        // 12 columns of 35 pt words plus padding ≈ 556 pt at 9.45 pt > 450 pt.
        let p = plan_table(&needs(&[35.0; 12], 9.45), Pt(450.0));
        assert!(
            p.size < Pt(9.45) && p.size >= MIN_TABLE_SIZE,
            "{:?}",
            p.size
        );
        assert_eq!(p.groups.len(), 1);
    }

    #[test]
    fn very_wide_table_splits_columns_repeating_the_key() {
        let n = needs(&[40.0; 40], 9.45);
        let p = plan_table(&n, Pt(450.0));
        assert_eq!(p.size, MIN_TABLE_SIZE);
        assert!(p.groups.len() > 1);
        let mut seen: Vec<usize> = Vec::new();
        for g in &p.groups {
            assert_eq!(g[0], 0, "key column first in every group");
            let w = g.iter().fold(Pt::ZERO, |a, &c| a + n.min_at(c, p.size));
            assert!(w <= Pt(450.0), "group too wide: {w:?}");
            seen.extend(&g[1..]);
        }
        assert_eq!(
            seen,
            (1..40).collect::<Vec<_>>(),
            "every column once, in order"
        );
    }

    #[test]
    fn column_wider_than_the_block_stands_alone() {
        let p = plan_table(&needs(&[100.0, 900.0, 50.0], 9.45), Pt(450.0));
        assert_eq!(p.groups, vec![vec![1], vec![0, 2]]);
    }

    #[test]
    fn key_column_wider_than_the_block_is_kept() {
        // The key column never fits beside another: every column still appears exactly once.
        let p = plan_table(&needs(&[900.0, 30.0, 40.0], 9.45), Pt(450.0));
        assert_eq!(p.groups, vec![vec![0], vec![1, 2]]);
    }
}
