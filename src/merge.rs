//! Which segments the index writer merges, bounded by bytes.
//!
//! tantivy's `LogMergePolicy` merges segments of similar document counts
//! with no limit on the size of the result. Merging reads every input
//! segment through memory maps, and those pages count towards the process's
//! resident memory: at a million articles its last merges read the whole
//! index, over a gigabyte, which blew the memory budget `newsidx index`
//! promises. This policy merges in tiers, like Lucene's tiered policy, but
//! only segments under an eighth of `max_merge_bytes`, never more than that
//! bound at once. A full build writes segments about as large as the
//! writer's buffer (the same budget) and keeps them: a million articles end
//! in about sixteen segments, as many as merging within the bound gave,
//! without rewriting the index a second time.
//!
//! Sizes come from the segment files on disk, not document counts: one
//! archive's articles are a few hundred bytes, another's are whole books.

use std::path::{Path, PathBuf};

use tantivy::index::SegmentComponent;
use tantivy::indexer::{MergeCandidate, MergePolicy};
use tantivy::SegmentMeta;

/// Segments merged at once when a tier is full.
const MERGE_FACTOR: usize = 8;

/// Segments below this size all count as the smallest tier, so that many
/// tiny segments (from frequent commits) merge together early.
const FLOOR_BYTES: u64 = 4 << 20;

/// Segments larger than the bound divided by this are left as they are.
const FINAL_SHARE: u64 = 8;

/// A segment with more than this share of deleted documents is rewritten
/// on its own, to give back the space and the time spent skipping them.
const MAX_DELETED_SHARE: f64 = 0.3;

/// Merges segments in tiers of `MERGE_FACTOR`, never more than
/// `max_merge_bytes` of input at once.
#[derive(Debug, Clone)]
pub struct BoundedMergePolicy {
    index_dir: PathBuf,
    max_merge_bytes: u64,
}

impl BoundedMergePolicy {
    /// A policy for the index in `index_dir`.
    pub fn new(index_dir: &Path, max_merge_bytes: u64) -> BoundedMergePolicy {
        BoundedMergePolicy {
            index_dir: index_dir.to_path_buf(),
            max_merge_bytes,
        }
    }

    /// Bytes on disk of one segment; files that vanished count as empty
    /// (a segment being garbage-collected is no candidate anyway).
    fn segment_bytes(&self, meta: &SegmentMeta) -> u64 {
        // The deletes file is a bitset, small beside the rest.
        [
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
            SegmentComponent::Terms,
            SegmentComponent::Store,
        ]
        .into_iter()
        .filter_map(|component| {
            std::fs::metadata(self.index_dir.join(meta.relative_path(component))).ok()
        })
        .map(|m| m.len())
        .sum()
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized: Vec<(u64, &SegmentMeta)> = segments
            .iter()
            .map(|meta| (self.segment_bytes(meta), meta))
            .collect();
        plan(&sized, self.max_merge_bytes)
            .into_iter()
            .map(|group| MergeCandidate(group.iter().map(|meta| meta.id()).collect()))
            .collect()
    }
}

/// The merges to run, given each segment's size in bytes.
fn plan<'a>(segments: &[(u64, &'a SegmentMeta)], max_bytes: u64) -> Vec<Vec<&'a SegmentMeta>> {
    let mut merges = Vec::new();
    let mut tiers: Vec<Vec<(u64, &SegmentMeta)>> = Vec::new();
    for &(bytes, meta) in segments {
        let deleted_share = f64::from(meta.num_deleted_docs()) / f64::from(meta.max_doc().max(1));
        if deleted_share > MAX_DELETED_SHARE {
            merges.push(vec![meta]);
            continue;
        }
        // Alive bytes: what the merged segment will be.
        let alive = (bytes as f64 * (1.0 - deleted_share)) as u64;
        // Segments of a full build are written when the writer's buffer,
        // about the bound, fills, and come out at a fifth to a half of it:
        // already few and large, and merging them would rewrite the whole
        // index once more (a fifth of a million-article build's time).
        // Merges are for the small segments of commits and incremental runs,
        // and eight of those never add up to more than the bound.
        if alive > max_bytes / FINAL_SHARE {
            continue;
        }
        let tier = tier_of(alive);
        if tiers.len() <= tier {
            tiers.resize_with(tier + 1, Vec::new);
        }
        tiers[tier].push((alive, meta));
    }
    for mut tier in tiers {
        if tier.len() < MERGE_FACTOR {
            continue;
        }
        // Smallest first, up to MERGE_FACTOR at a time and within the
        // bound: near the top of the bound that is fewer than the factor,
        // and the result is a segment of final size.
        tier.sort_by_key(|&(bytes, _)| bytes);
        let mut rest = tier.as_slice();
        while rest.len() >= MERGE_FACTOR {
            let mut group_bytes = 0;
            let group: Vec<&SegmentMeta> = rest
                .iter()
                .take(MERGE_FACTOR)
                .take_while(|&&(bytes, _)| {
                    group_bytes += bytes;
                    group_bytes <= max_bytes
                })
                .map(|&(_, meta)| meta)
                .collect();
            if group.len() < 2 {
                break;
            }
            rest = &rest[group.len()..];
            merges.push(group);
        }
    }
    merges
}

/// Tier 0 holds everything below the floor; each tier above spans a factor
/// of `MERGE_FACTOR` in size, so a full tier merges into the next one.
fn tier_of(bytes: u64) -> usize {
    let mut tier = 0;
    let mut limit = FLOOR_BYTES;
    while bytes >= limit {
        tier += 1;
        limit = limit.saturating_mul(MERGE_FACTOR as u64);
    }
    tier
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::index::SegmentId;
    use tantivy::schema::Schema;
    use tantivy::Index;

    const MB: u64 = 1 << 20;

    fn metas(n: usize) -> Vec<SegmentMeta> {
        let index = Index::create_in_ram(Schema::builder().build());
        (0..n)
            .map(|_| index.new_segment_meta(SegmentId::generate_random(), 1000))
            .collect()
    }

    #[test]
    fn a_full_tier_of_small_segments_merges() {
        let metas = metas(9);
        let sized: Vec<_> = metas.iter().map(|m| (MB, m)).collect();
        let merges = plan(&sized, 256 * MB);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].len(), MERGE_FACTOR);
    }

    #[test]
    fn fewer_segments_than_the_factor_stay_apart() {
        let metas = metas(MERGE_FACTOR - 1);
        let sized: Vec<_> = metas.iter().map(|m| (MB, m)).collect();
        assert!(plan(&sized, 256 * MB).is_empty());
    }

    #[test]
    fn no_merge_reads_more_than_the_bound() {
        // Eight segments just under an eighth of the bound merge, within it.
        let metas = metas(8);
        let sized: Vec<_> = metas.iter().map(|m| (30 * MB, m)).collect();
        let merges = plan(&sized, 256 * MB);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].len(), 8);
        // A smaller bound makes them final.
        assert!(plan(&sized, 200 * MB).is_empty());
    }

    #[test]
    fn segments_over_an_eighth_of_the_bound_are_final() {
        let metas = metas(10);
        let sized: Vec<_> = metas.iter().map(|m| (40 * MB, m)).collect();
        assert!(plan(&sized, 256 * MB).is_empty());
    }

    #[test]
    fn sizes_in_different_tiers_do_not_mix() {
        let metas = metas(16);
        let sized: Vec<_> = metas
            .iter()
            .enumerate()
            .map(|(i, m)| (if i % 2 == 0 { MB } else { 10 * MB }, m))
            .collect();
        // Eight of 1 MB (tier 0) and eight of 10 MB (tier 1): two merges,
        // each of one size.
        let merges = plan(&sized, 1024 * MB);
        assert_eq!(merges.len(), 2);
        for merge in merges {
            let first = sized
                .iter()
                .find(|(_, m)| m.id() == merge[0].id())
                .map(|s| s.0);
            assert!(merge.iter().all(|meta| sized
                .iter()
                .find(|(_, m)| m.id() == meta.id())
                .map(|s| s.0)
                == first));
        }
    }

    #[test]
    fn a_segment_mostly_deleted_is_rewritten_alone() {
        let metas = metas(2);
        let deleted = metas[0].clone().with_delete_meta(600, 1);
        let sized = vec![(MB, &deleted), (MB, &metas[1])];
        let merges = plan(&sized, 256 * MB);
        assert_eq!(merges.len(), 1);
        assert_eq!(merges[0].len(), 1);
        assert_eq!(merges[0][0].id(), deleted.id());
    }
}
