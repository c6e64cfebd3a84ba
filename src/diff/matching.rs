//! Which old row each new row is: the same text wherever it went, then the same id, then the
//! most alike text.
//!
//! 1. **The same text** (and kind and level): an unchanged row is found however it was
//!    renumbered or moved; among several equal rows, the one with the same id first, then the
//!    first unused.
//! 2. **The most alike**, among the rows left: each new row is compared with the old row of
//!    its id, a candidate however unlike (a row rewritten under its number is a changed row, not
//!    a removed and an added one) scoring [`SAME_ID`] more; unless that row is [`SURE`]ly it
//!    (the common revision, a few rows reworded in place: one comparison a row), also with the
//!    old rows of its kind near its place ([`WINDOW`] either side, among the rows left), each
//!    pair at least [`ALIKE`] alike ([`super::words::similarity`]) a candidate. Candidates are
//!    taken best first. Pairs whose characters in common could not make them alike are not
//!    compared: the work stays proportional to the rows, whatever the tables.
//!
//! What is left is added (new) or removed (old).

use std::collections::HashMap;

use super::{words, Kind, Matched, Row};

/// How alike two texts under different ids must be to be one row renumbered.
pub const ALIKE: f64 = 0.5;
/// What the same id adds to a pair's score.
pub const SAME_ID: f64 = 0.25;
/// How alike a row and the old row of its id must be to be taken for it changed in place
/// without looking for a more alike row elsewhere.
pub const SURE: f64 = 0.8;
/// How many of the rows left, either side of a new row's place, it is compared with.
pub const WINDOW: usize = 12;

/// For each new row, its old row and how it was found.
pub fn pair(old: &[Row], new: &[Row]) -> Vec<Option<(usize, Matched)>> {
    let mut pairs: Vec<Option<(usize, Matched)>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    let how = |o: &Row, n: &Row| {
        if o.id.is_some() && o.id == n.id {
            Matched::Id
        } else {
            Matched::Text
        }
    };

    // 1. The same text.
    type Key<'r> = (Kind, &'r str, Option<crate::model::Level>, Option<&'r str>);
    let mut by_text: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (i, row) in old.iter().enumerate() {
        by_text
            .entry((
                row.kind,
                row.text.as_str(),
                row.level,
                row.own_level.as_deref(),
            ))
            .or_default()
            .push(i);
    }
    for (j, row) in new.iter().enumerate() {
        let wanted = (
            row.kind,
            row.text.as_str(),
            row.level,
            row.own_level.as_deref(),
        );
        let Some(candidates) = by_text.get(&wanted) else {
            continue;
        };
        let free = |&&i: &&usize| !used[i];
        let chosen = candidates
            .iter()
            .filter(free)
            .find(|&&i| old[i].id == row.id)
            .or_else(|| candidates.iter().find(free))
            .copied();
        if let Some(i) = chosen {
            used[i] = true;
            pairs[j] = Some((i, how(&old[i], row)));
        }
    }

    // 2. The most alike among the rows left.
    let old_left: Vec<usize> = (0..old.len()).filter(|&i| !used[i]).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&j| pairs[j].is_none()).collect();
    if old_left.is_empty() || new_left.is_empty() {
        return pairs;
    }
    let by_id: HashMap<(&str, Kind), usize> = old_left
        .iter()
        .filter_map(|&i| old[i].id.as_deref().map(|id| ((id, old[i].kind), i)))
        .collect();
    let histogram = |text: &str| {
        let mut h: HashMap<char, u32> = HashMap::new();
        for c in text.chars() {
            *h.entry(c).or_default() += 1;
        }
        h
    };
    let old_hist: HashMap<usize, HashMap<char, u32>> = old_left
        .iter()
        .map(|&i| (i, histogram(&old[i].text)))
        .collect();
    let mut scored: Vec<(f64, usize, usize, usize)> = Vec::new();
    for (p, &j) in new_left.iter().enumerate() {
        let n = &new[j];
        // The old row of its id: a candidate however unlike, and when it is surely this row
        // changed in place (the common revision), the only one: one comparison a row.
        let same_id =
            n.id.as_deref()
                .and_then(|id| by_id.get(&(id, n.kind)))
                .map(|&i| (i, words::similarity(&old[i].text, &n.text)));
        if let Some((i, s)) = same_id {
            scored.push((s + SAME_ID, j, i, j.abs_diff(i)));
            if s >= SURE {
                continue;
            }
        }
        let n_hist = histogram(&n.text);
        let n_len = n.text.chars().count();
        let centre = p * old_left.len() / new_left.len();
        let near =
            &old_left[centre.saturating_sub(WINDOW)..(centre + WINDOW + 1).min(old_left.len())];
        for &i in near {
            let o = &old[i];
            if o.kind != n.kind || same_id.is_some_and(|(k, _)| k == i) {
                continue;
            }
            // What the texts share is at most the characters they have in common, counted
            // with repeats: pairs that cannot be alike are not compared.
            let total = o.text.chars().count() + n_len;
            let common: u32 = old_hist[&i]
                .iter()
                .map(|(c, k)| (*k).min(n_hist.get(c).copied().unwrap_or(0)))
                .sum();
            if total > 0 && 2.0 * f64::from(common) / (total as f64) < ALIKE {
                continue;
            }
            let s = words::similarity(&o.text, &n.text);
            if s >= ALIKE {
                scored.push((s, j, i, j.abs_diff(i)));
            }
        }
    }
    // Best first; of equal scores the nearer pair, then document order.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.3.cmp(&b.3)).then(a.1.cmp(&b.1)));
    for (_, j, i, _) in scored {
        if pairs[j].is_none() && !used[i] {
            used[i] = true;
            pairs[j] = Some((i, how(&old[i], &new[j])));
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(id: &str, text: &str) -> Row {
        Row {
            kind: Kind::Requirement,
            id: Some(id.into()),
            label: format!("{id}."),
            text: text.into(),
            level: Some(crate::model::Level::Mandatory),
            own_level: None,
        }
    }

    fn paired(old: &[Row], new: &[Row]) -> Vec<Option<(String, Matched)>> {
        pair(old, new)
            .into_iter()
            .map(|p| p.map(|(i, m)| (old[i].id.clone().unwrap(), m)))
            .collect()
    }

    #[test]
    fn renumbered_rows_meet_their_old_selves_changed_or_not() {
        let old = [
            req("1.1", "データセンターは国内にあること。"),
            req("1.2", "ISO/IEC 27001:2013認証を取得していること。"),
            req("1.3", "ログを1年間保存できること。"),
        ];
        // A row put in at 1.1: the others move down one, and 1.2 also changed.
        let new = [
            req("1.1", "生成AIの学習に用いないこと。"),
            req("1.2", "データセンターは国内にあること。"),
            req("1.3", "ISO/IEC 27001:2022認証を取得していること。"),
            req("1.4", "ログを1年間保存できること。"),
        ];
        let got = paired(&old, &new);
        assert_eq!(got[0], None, "the new row is added");
        assert_eq!(got[1], Some(("1.1".into(), Matched::Text)));
        assert_eq!(got[2], Some(("1.2".into(), Matched::Text)));
        assert_eq!(got[3], Some(("1.3".into(), Matched::Text)));
    }

    #[test]
    fn a_row_rewritten_under_its_id_is_changed_and_unlike_rows_elsewhere_are_not_paired() {
        let old = [
            req("1.1", "暗号化すること。"),
            req("1.2", "監査を受けること。"),
        ];
        let new = [
            req("1.1", "全く別の内容に書き換えた要件。"),
            req("1.3", "バックアップを取得すること。"),
        ];
        let got = paired(&old, &new);
        assert_eq!(got[0], Some(("1.1".into(), Matched::Id)));
        assert_eq!(got[1], None);
    }
}
