//! The best `k` matches by score, without scoring every match.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Score, TERMINATED};

use super::count;
use super::scoring::{wand_threshold, Statistics};

/// The `k` best matches of one exact phrase, as tantivy ranks them, but
/// without scoring every match: tantivy checks the positions of each
/// document that has all the words, and a common phrase has tens of
/// thousands of them at a million articles.
///
/// A phrase occurs in a document at most as often as its rarest word, and
/// BM25 grows with frequency, so a document's phrase score is at most the
/// score of the AND of its words. That AND runs with block-max WAND, which
/// skips blocks whose best possible score cannot beat the threshold; the
/// threshold given back is the k-th best *phrase* score so far, and only
/// documents above it have their positions checked. The result is exact.
pub(super) fn top_phrase_matches(
    searcher: &tantivy::Searcher,
    phrase: &PhraseQuery,
    k: usize,
) -> tantivy::Result<Ranking> {
    let words: Vec<(Occur, Box<dyn Query>)> = phrase
        .phrase_terms()
        .into_iter()
        .map(|term| {
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Must, query)
        })
        .collect();
    let all_words = BooleanQuery::new(words);
    let statistics = Statistics::new(searcher);
    let scoring = statistics.scoring();
    top_matches(
        searcher,
        &*all_words.weight(scoring)?,
        Some(&*phrase.weight(scoring)?),
        k,
    )
}

/// The `k` best documents by score, best first, ties in index order.
///
/// Each segment runs `weight`'s pruned loop (block-max WAND for terms,
/// unions and intersections of terms), and the threshold it is given is the
/// k-th best score found so far in *any* segment; tantivy's own top-k
/// collector starts every segment from zero. With `exact`, `weight`'s
/// scores are only upper bounds: a document above the threshold is scored
/// by `exact`, and counts only if `exact` matches it.
pub(super) fn top_matches(
    searcher: &tantivy::Searcher,
    weight: &dyn Weight,
    exact: Option<&dyn Weight>,
    k: usize,
) -> tantivy::Result<Ranking> {
    let mut best = Best::new(k);
    // The lowest score there is, as tantivy's own collector starts: a
    // match may score zero (`oil^0`), and until k are found every match
    // must be kept.
    let mut threshold: Score = Score::MIN;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut exact_scorer = exact.map(|w| w.scorer(reader, 1.0)).transpose()?;
        let alive = reader.alive_bitset();
        let segment_ord = ord as u32;
        // WAND sees a lower threshold (see `scoring`); the real one
        // decides here.
        weight.for_each_pruning(wand_threshold(threshold), reader, &mut |doc, upper| {
            if upper <= threshold || alive.is_some_and(|bits| bits.is_deleted(doc)) {
                return wand_threshold(threshold);
            }
            let score = match exact_scorer.as_mut() {
                None => upper,
                Some(scorer) => {
                    if scorer.doc() < doc {
                        scorer.seek(doc);
                    }
                    if scorer.doc() != doc {
                        return wand_threshold(threshold);
                    }
                    scorer.score()
                }
            };
            best.offer(Ranked {
                score,
                address: DocAddress::new(segment_ord, doc),
            });
            if let Some(worst) = best.worst_when_full() {
                threshold = worst;
            }
            wand_threshold(threshold)
        })?;
    }
    Ok(best.into_ranking())
}

/// The `k` best documents by score and the number of matches, from one
/// pass that scores every match; `None` if the pass is still running at
/// `deadline`.
///
/// Counting visits every match anyway, so when the count is going to be
/// exact, a second, pruned pass for the ranking is mostly work done twice:
/// under the scaled statistics WAND prunes little on common words (see
/// `scoring`). At a million articles one pass took 7% to 19% fewer
/// instructions than two for an AND, a NOT, an OR and a phrase
/// (BENCHMARKS.md); a phrase gains least, since scoring it counts every
/// occurrence where counting stops at the first. A pass that would run
/// long (a count that is going to be cut short) is given up at the
/// deadline, and the caller ranks with pruning instead.
pub(super) fn top_and_count(
    searcher: &tantivy::Searcher,
    weight: &dyn Weight,
    k: usize,
    deadline: Option<Instant>,
) -> tantivy::Result<Option<(Ranking, usize)>> {
    let mut best = Best::new(k);
    let mut count = 0usize;
    let mut since_clock = 0u32;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let segment_ord = ord as u32;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                count += 1;
                best.offer(Ranked {
                    score: scorer.score(),
                    address: DocAddress::new(segment_ord, doc),
                });
            }
            since_clock += 1;
            if since_clock == count::CLOCK_EVERY {
                since_clock = 0;
                if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                    return Ok(None);
                }
            }
            doc = scorer.advance();
        }
    }
    Ok(Some((best.into_ranking(), count)))
}

/// Documents with their scores, best first.
pub(super) type Ranking = Vec<(Score, DocAddress)>;

/// The `k` best of `scored`, ordered as every ranking here is (best
/// first, equal scores in index order).
pub(super) fn best_of(k: usize, scored: impl IntoIterator<Item = (Score, DocAddress)>) -> Ranking {
    let mut best = Best::new(k);
    for (score, address) in scored {
        best.offer(Ranked { score, address });
    }
    best.into_ranking()
}

/// The `k` best documents offered so far, the worst on top.
struct Best {
    heap: BinaryHeap<Reverse<Ranked>>,
    k: usize,
}

impl Best {
    fn new(k: usize) -> Best {
        Best {
            heap: BinaryHeap::with_capacity(k.min(1024) + 1),
            k,
        }
    }

    /// Keeps `ranked` if it is among the `k` best so far.
    fn offer(&mut self, ranked: Ranked) {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(ranked));
        } else if self.heap.peek().is_some_and(|worst| ranked > worst.0) {
            self.heap.pop();
            self.heap.push(Reverse(ranked));
        }
    }

    /// The score a document must beat to be kept, once `k` are kept.
    fn worst_when_full(&self) -> Option<Score> {
        if self.heap.len() == self.k {
            Some(self.heap.peek().map_or(Score::MIN, |worst| worst.0.score))
        } else {
            None
        }
    }

    /// Best first; equal scores in index order, as tantivy's TopDocs.
    fn into_ranking(self) -> Ranking {
        let mut ranked: Ranking = self
            .heap
            .into_iter()
            .map(|Reverse(r)| (r.score, r.address))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
    }
}

/// A scored document, ordered by score, then the earlier document first.
#[derive(PartialEq)]
struct Ranked {
    score: Score,
    address: DocAddress,
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.address.cmp(&self.address))
    }
}
