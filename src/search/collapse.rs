//! `--collapse`: one hit per group of near-duplicate matches.
//!
//! A group is defined over the matches of the query (after its date
//! filter), never over the page: two matches are linked when their bodies
//! share a near-duplicate band key (`article::fingerprint`, stored in the
//! `dup_keys` column at index time), and a group is a connected component
//! of that link graph. A match whose body has no words has no keys and is
//! a group of its own. Because groups depend only on the match set, and
//! the order only on scores (or dates) and document addresses, every page
//! of a collapsed search is a slice of one sequence of groups: page 2
//! never repeats a group of page 1.
//!
//! Each group is shown by its best member: the best-scored match under
//! relevance (equal scores in index order), the newest under `--sort
//! date` (undated last, then index order), and groups are ordered by that
//! member. The others are counted in `duplicates` and named, best first,
//! up to [`MAX_DUPLICATE_PATHS`] of them, in `duplicate_paths`.
//!
//! This costs one scored pass over every match, as facets do, and a hash
//! map of their keys: the page cannot be known before every group is. The
//! scores come from that one pass, the same however long the page, so a
//! tie between two matches falls the same way on every page.

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::columnar::StrColumn;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, Searcher};

use super::SortOrder;
use crate::schema::{DATE_FIELD, DUP_KEYS_FIELD, PATH_FIELD};

/// The most paths of other members a collapsed hit names: enough to open
/// a few, and a bound on what one hit costs to print when a template
/// story has hundreds of copies (`duplicates` still counts them all).
pub const MAX_DUPLICATE_PATHS: usize = 10;

/// What a collapsed hit carries about the rest of its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicates {
    /// Other matches in the hit's group.
    pub duplicates: usize,
    /// The paths of the best-ranked of them, at most
    /// [`MAX_DUPLICATE_PATHS`], best first.
    pub duplicate_paths: Vec<String>,
}

/// A collapsed page.
pub(super) struct Collapsed {
    /// The shown member of each group on the page, in order, with its score.
    pub page: Vec<(Score, DocAddress)>,
    /// The rest of each of those groups.
    pub duplicates: Vec<Duplicates>,
    /// Every match (what `total_hits` counts).
    pub matches: usize,
    /// Groups among the matches.
    pub groups: usize,
}

/// One match, as the pass over every match reads it.
struct Match {
    address: DocAddress,
    score: Score,
    /// Seconds since the epoch; `None` when undated or not sorting by date.
    date: Option<i64>,
}

/// The page of groups `offset..offset + limit` among the matches of
/// `weight`, ordered by `sort`.
pub(super) fn collapse(
    searcher: &Searcher,
    weight: &dyn Weight,
    sort: SortOrder,
    offset: usize,
    limit: usize,
) -> tantivy::Result<Collapsed> {
    let mut matches: Vec<Match> = Vec::new();
    // Each match's keys, as a range of `keys`.
    let mut keys: Vec<u64> = Vec::new();
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let key_column = fast.u64(DUP_KEYS_FIELD)?;
        let dates = match sort {
            SortOrder::Date => Some(fast.date(DATE_FIELD)?),
            SortOrder::Relevance => None,
        };
        let alive = segment.alive_bitset();
        weight.for_each(segment, &mut |doc, score| {
            if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                return;
            }
            let start = keys.len() as u32;
            keys.extend(key_column.values_for_doc(doc));
            spans.push((start, keys.len() as u32));
            matches.push(Match {
                address: DocAddress::new(ord as u32, doc),
                score,
                date: dates
                    .as_ref()
                    .and_then(|c| c.first(doc))
                    .map(|d| d.into_timestamp_secs()),
            });
        })?;
    }
    let group = components(&keys, &spans);

    let mut order: Vec<usize> = (0..matches.len()).collect();
    match sort {
        SortOrder::Relevance => order.sort_by(|&a, &b| {
            let (a, b) = (&matches[a], &matches[b]);
            b.score.total_cmp(&a.score).then(a.address.cmp(&b.address))
        }),
        SortOrder::Date => order.sort_by(|&a, &b| {
            let (a, b) = (&matches[a], &matches[b]);
            // Newest first, undated last: `None` sorts below every date.
            b.date.cmp(&a.date).then(a.address.cmp(&b.address))
        }),
    }
    // Members of each group in ranking order, groups in the order of
    // their first member.
    let mut slot: FxHashMap<u32, usize> = FxHashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for &m in &order {
        let next = members.len();
        let s = *slot.entry(group[m]).or_insert(next);
        if s == next {
            members.push(Vec::new());
        }
        members[s].push(m);
    }

    let shown = members.iter().skip(offset).take(limit);
    let mut page = Vec::new();
    let mut duplicates = Vec::new();
    // Opening a string column reads its dictionary's index: once a segment.
    let mut path_columns: FxHashMap<u32, StrColumn> = FxHashMap::default();
    for list in shown {
        let best = &matches[list[0]];
        page.push((best.score, best.address));
        let mut paths = Vec::new();
        for &m in list[1..].iter().take(MAX_DUPLICATE_PATHS) {
            let address = matches[m].address;
            let column = match path_columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(path_column(searcher, address.segment_ord)?)
                }
            };
            paths.push(path_of(column, address.doc_id)?);
        }
        duplicates.push(Duplicates {
            duplicates: list.len() - 1,
            duplicate_paths: paths,
        });
    }
    Ok(Collapsed {
        page,
        duplicates,
        matches: matches.len(),
        groups: members.len(),
    })
}

/// The connected components of matches linked by a shared key: for each
/// match (`spans` gives its keys in `keys`), the least match of its group.
///
/// One band at a time: every body with words has one key a band, in band
/// order (`article::fingerprint`), and keys of two bands never equal each
/// other, so a key is only ever shared at the same place in two matches'
/// lists. A map of one key a match, emptied between bands, stays in the
/// caches; one map of every key was sixteen times larger, and its page
/// faults and misses were most of a collapsed query over 26,000 matches.
pub(crate) fn components(keys: &[u64], spans: &[(u32, u32)]) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..spans.len() as u32).collect();
    let bands = spans
        .iter()
        .map(|&(start, end)| end - start)
        .max()
        .unwrap_or(0);
    let mut first: FxHashMap<u64, u32> = FxHashMap::default();
    first.reserve(spans.len());
    for band in 0..bands {
        first.clear();
        for (m, &(start, end)) in spans.iter().enumerate() {
            if start + band < end {
                let key = keys[(start + band) as usize];
                let other = *first.entry(key).or_insert(m as u32);
                union(&mut parent, m as u32, other);
            }
        }
    }
    (0..spans.len() as u32)
        .map(|m| root(&mut parent, m))
        .collect()
}

fn root(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        // Path halving keeps the trees shallow without recursion.
        parent[i as usize] = parent[parent[i as usize] as usize];
        i = parent[i as usize];
    }
    i
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (a, b) = (root(parent, a), root(parent, b));
    // The smaller root wins, so a group's root is its least match.
    if a != b {
        parent[a.max(b) as usize] = a.min(b);
    }
}

/// A segment's path column.
fn path_column(searcher: &Searcher, segment_ord: u32) -> tantivy::Result<StrColumn> {
    searcher
        .segment_reader(segment_ord)
        .fast_fields()
        .str(PATH_FIELD)?
        .ok_or_else(|| tantivy::TantivyError::SchemaError("no path column".to_string()))
}

/// An article's path from the path column, without reading its stored
/// document.
fn path_of(column: &StrColumn, doc: DocId) -> tantivy::Result<String> {
    let mut path = String::new();
    if let Some(ord) = column.term_ords(doc).next() {
        column.ord_to_str(ord, &mut path)?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Groups by comparing every pair, merging until nothing changes.
    fn groups_by_pairs(keys: &[Vec<u64>]) -> Vec<u32> {
        let mut group: Vec<u32> = (0..keys.len() as u32).collect();
        loop {
            let mut changed = false;
            for i in 0..keys.len() {
                for j in 0..keys.len() {
                    let linked = keys[i].iter().any(|k| keys[j].contains(k));
                    if linked && group[j] < group[i] {
                        group[i] = group[j];
                        changed = true;
                    }
                }
            }
            if !changed {
                return group;
            }
        }
    }

    #[test]
    fn components_are_those_of_every_pair_compared() {
        // xorshift: fixed cases, with keys drawn from a small range so
        // that chains and lone matches both occur.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        for case in 0..200 {
            let n = 1 + next(40) as usize;
            let range = 5 + next(3 * n as u64 + 5);
            // As the index holds them: no keys for a body without words,
            // else one a band, the band in the top bits.
            let keys: Vec<Vec<u64>> = (0..n)
                .map(|_| match next(5) {
                    0 => Vec::new(),
                    _ => (0..3).map(|band| band << 40 | next(range)).collect(),
                })
                .collect();
            let mut flat = Vec::new();
            let mut spans = Vec::new();
            for k in &keys {
                let start = flat.len() as u32;
                flat.extend(k);
                spans.push((start, flat.len() as u32));
            }
            assert_eq!(
                components(&flat, &spans),
                groups_by_pairs(&keys),
                "case {case}: {keys:?}"
            );
        }
    }
}
