//! Which segments the index writer merges, bounded by bytes.
//!
//! tantivy's `LogMergePolicy` merges segments of similar document counts
//! with no limit on the size of the result. Merging reads every input
//! segment through memory maps, and those pages count towards the process's
//! resident memory: at a million articles its last merges read the whole
//! index, over a gigabyte, while the writers still held their buffers.
//! While a run writes, this policy merges in tiers, like Lucene's tiered
//! policy, but only segments under an eighth of `max_merge_bytes`, never
//! more than that bound at once: the small segments of commits and
//! incremental runs. A full build's segments, about as large as the
//! writer's buffer, are left alone until the run ends.
//!
//! Sizes come from the segment files on disk, not document counts: one
//! archive's articles are a few hundred bytes, another's are whole books.
//!
//! Every command opens every segment (a handful of files each, mapped,
//! their footers read), and at a million articles the 19 segments of
//! articles and 19 of quotes a default build wrote were most of what a
//! search took. So a run that wrote more than [`RUN_SEGMENTS`] segments
//! merges them at its end, once the writers are gone and their buffers
//! given back, into that many of about equal size ([`merge_run`]), each
//! merge reading up to [`RUN_MERGE_BUDGETS`] budgets of mapped segments.
//! That rewrites what the run wrote once more (a million articles: 18%
//! more build time, BENCHMARKS.md, session 20) for searches a quarter to
//! a half faster. A run that writes few segments (an archive up to about
//! two hundred thousand articles at the default budget, every small
//! incremental run) merges nothing more.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tantivy::index::{SegmentComponent, SegmentId};
use tantivy::indexer::{IndexWriterOptions, MergeCandidate, MergePolicy, NoMergePolicy};
use tantivy::{Index, IndexWriter, SegmentMeta};

/// Segments merged at once when a tier is full.
const MERGE_FACTOR: usize = 8;

/// Segments below this size all count as the smallest tier, so that many
/// tiny segments (from frequent commits) merge together early.
const FLOOR_BYTES: u64 = 4 << 20;

/// Segments larger than the bound divided by this are left as they are.
const FINAL_SHARE: u64 = 8;

/// The most segments a run leaves of what it wrote; see [`merge_run`].
pub const RUN_SEGMENTS: usize = 4;

/// A merge at the end of a run reads at most about this many budgets.
const RUN_MERGE_BUDGETS: u64 = 4;

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
}

/// Bytes on disk of one segment of the index in `index_dir`; files that
/// vanished count as empty (a segment being garbage-collected is no
/// candidate anyway).
fn segment_bytes(index_dir: &Path, meta: &SegmentMeta) -> u64 {
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
    .filter_map(|component| std::fs::metadata(index_dir.join(meta.relative_path(component))).ok())
    .map(|m| m.len())
    .sum()
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sized: Vec<(u64, &SegmentMeta)> = segments
            .iter()
            .map(|meta| (segment_bytes(&self.index_dir, meta), meta))
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

/// Merges the segments of `index` (in `index_dir`) that a run wrote, those
/// not in `before`, into at most [`RUN_SEGMENTS`] of about equal size, and
/// waits for the merges; returns how many segments it merged away.
///
/// Call it once the run's writer is gone: it takes the index's lock. Each
/// merge commits on its own, as tantivy's merges of committed segments
/// do, keeping the last commit's payload; a crash midway leaves a whole
/// index with some of the merges done.
pub fn merge_run(
    index: &Index,
    index_dir: &Path,
    before: &HashSet<SegmentId>,
    max_merge_bytes: u64,
) -> tantivy::Result<usize> {
    let written: Vec<(u64, SegmentId)> = index
        .searchable_segment_metas()?
        .iter()
        .filter(|meta| !before.contains(&meta.id()))
        .map(|meta| (segment_bytes(index_dir, meta), meta.id()))
        .collect();
    let sizes: Vec<u64> = written.iter().map(|&(bytes, _)| bytes).collect();
    let groups = run_groups(&sizes, max_merge_bytes);
    if groups.is_empty() {
        return Ok(0);
    }
    let options = IndexWriterOptions::builder()
        .num_worker_threads(1)
        .num_merge_threads(1)
        .build();
    let mut writer: IndexWriter = index.writer_with_options(options)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let merges: Vec<_> = groups
        .iter()
        .map(|group| {
            let ids: Vec<SegmentId> = group.iter().map(|&at| written[at].1).collect();
            writer.merge(&ids)
        })
        .collect();
    for merge in merges {
        merge.wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(groups.iter().map(|group| group.len() - 1).sum())
}

/// Which of segments of these sizes to merge, by their places, so that
/// at most [`RUN_SEGMENTS`] remain (more when they add up to more than
/// that many merges of [`RUN_MERGE_BUDGETS`] budgets). Largest first, each
/// into the group that holds least so far, which keeps the results about
/// equal; groups of one are left alone.
fn run_groups(sizes: &[u64], max_merge_bytes: u64) -> Vec<Vec<usize>> {
    let total: u64 = sizes.iter().sum();
    let most_bytes = max_merge_bytes.saturating_mul(RUN_MERGE_BUDGETS).max(1);
    let keep = RUN_SEGMENTS.max(usize::try_from(total.div_ceil(most_bytes)).unwrap_or(usize::MAX));
    if sizes.len() <= keep {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&at| std::cmp::Reverse(sizes[at]));
    let mut groups: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); keep];
    for at in order {
        // `keep` is at least RUN_SEGMENTS, so there is a least group.
        if let Some(least) = groups.iter_mut().min_by_key(|(bytes, _)| *bytes) {
            least.0 += sizes[at];
            least.1.push(at);
        }
    }
    groups
        .into_iter()
        .map(|(_, group)| group)
        .filter(|group| group.len() > 1)
        .collect()
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
    use tantivy::schema::Schema;

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

    /// Every place in `groups` once, and which places were merged.
    fn merged_places(groups: &[Vec<usize>], count: usize) -> HashSet<usize> {
        let merged: Vec<usize> = groups.iter().flatten().copied().collect();
        let set: HashSet<usize> = merged.iter().copied().collect();
        assert_eq!(set.len(), merged.len(), "a segment in two merges");
        assert!(set.iter().all(|&at| at < count));
        set
    }

    #[test]
    fn a_run_of_few_segments_merges_nothing_at_its_end() {
        assert!(run_groups(&[100 * MB; RUN_SEGMENTS], 256 * MB).is_empty());
        assert!(run_groups(&[], 256 * MB).is_empty());
    }

    #[test]
    fn a_run_of_many_segments_ends_with_as_many_as_allowed_of_about_equal_size() {
        let sizes = [100 * MB; 19];
        let groups = run_groups(&sizes, 256 * MB);
        let merged = merged_places(&groups, sizes.len());
        let left = sizes.len() - merged.len() + groups.len();
        assert_eq!(left, RUN_SEGMENTS);
        // 19 into 4: three of five and one of four, every segment merged.
        let mut lengths: Vec<usize> = groups.iter().map(Vec::len).collect();
        lengths.sort_unstable();
        assert_eq!(lengths, [4, 5, 5, 5]);
    }

    #[test]
    fn small_segments_of_a_run_go_with_the_smallest() {
        // Four large segments and three small ones (the last commits):
        // the small ones join the smallest large one, and the others are
        // not rewritten.
        let sizes = [100 * MB, 90 * MB, 99 * MB, 98 * MB, MB, 2 * MB, 3 * MB];
        let groups = run_groups(&sizes, 256 * MB);
        let merged = merged_places(&groups, sizes.len());
        assert_eq!(sizes.len() - merged.len() + groups.len(), RUN_SEGMENTS);
        assert_eq!(groups, [vec![1, 6, 5, 4]]);
    }

    #[test]
    fn a_huge_run_keeps_each_merge_within_its_budgets() {
        // 200 segments of 100 MB with a 256 MB budget: merges of at most
        // four budgets leave 20 segments, not 8.
        let sizes = vec![100 * MB; 200];
        let groups = run_groups(&sizes, 256 * MB);
        let merged = merged_places(&groups, sizes.len());
        assert_eq!(sizes.len() - merged.len() + groups.len(), 20);
        for group in &groups {
            let bytes: u64 = group.iter().map(|&at| sizes[at]).sum();
            assert!(bytes <= RUN_MERGE_BUDGETS * 256 * MB);
        }
    }

    #[test]
    fn merging_a_run_leaves_older_segments_documents_and_payload_as_they_were() {
        use tantivy::schema::{STORED, STRING};
        use tantivy::{doc, TantivyDocument};

        let dir = tempfile::tempdir().unwrap();
        let mut builder = Schema::builder();
        let name = builder.add_text_field("name", STRING | STORED);
        let index = Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let commit = |writer: &mut IndexWriter<TantivyDocument>, at: usize| {
            for n in 0..10 {
                writer
                    .add_document(doc!(name => format!("{at}-{n}")))
                    .unwrap();
            }
            let mut prepared = writer.prepare_commit().unwrap();
            prepared.set_payload(&format!("commit {at}"));
            prepared.commit().unwrap();
        };
        for at in 0..2 {
            commit(&mut writer, at);
        }
        let before: HashSet<SegmentId> = index
            .searchable_segment_ids()
            .unwrap()
            .into_iter()
            .collect();
        for at in 2..14 {
            commit(&mut writer, at);
        }
        writer.wait_merging_threads().unwrap();
        assert_eq!(index.searchable_segment_ids().unwrap().len(), 14);

        let merged = merge_run(&index, dir.path(), &before, 256 * MB).unwrap();
        assert_eq!(merged, 12 - RUN_SEGMENTS);
        let after: HashSet<SegmentId> = index
            .searchable_segment_ids()
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(after.len(), 2 + RUN_SEGMENTS);
        assert!(before.is_subset(&after));
        let meta = index.load_metas().unwrap();
        assert_eq!(meta.payload.as_deref(), Some("commit 13"));
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.num_docs(), 140);
        // A second call finds nothing more to merge.
        assert_eq!(merge_run(&index, dir.path(), &before, 256 * MB).unwrap(), 0);
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
