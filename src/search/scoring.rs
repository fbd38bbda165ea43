//! How a match is scored: tantivy's BM25, with weaker length normalisation.
//!
//! BM25 divides a word's weight by `tf + k1 * (1 - b + b * dl / avgdl)`.
//! tantivy 0.27 fixes k1 at 1.2 and b at 0.75 (`Bm25Weight`), and takes the
//! average length `avgdl` from statistics a caller may give it. Reporting
//! the average as [`LENGTH_FACTOR`] times the real one leaves `k1 * (1 -
//! b)` at 0.3 and divides `k1 * b` by the factor: with 4, the ranking is
//! that of BM25 with k1 = 0.525 and b = 0.429 (the factor `k1 + 1` in front
//! multiplies every word alike and orders nothing differently). Long
//! articles are penalised less and repeated words saturate sooner, which
//! is what ranked best on the development half of the Reuters topics
//! (`relevance.py --tune`; BENCHMARKS.md, "Relevance", has both halves).
//!
//! A scorer of its own would have freed k1 and b entirely, but tantivy's
//! block-max WAND only prunes its own term scorers; changing the statistics
//! keeps them. One thing does not carry over: each block of a posting list
//! stores, from indexing time, the (length, frequency) pair that scores
//! highest *under the index's own average length*, and WAND takes that
//! pair's score as the block's bound. Under another average, another pair
//! of the block may score higher, by at most [`BOUND_SLACK`] times (see
//! there), so `rank` hands WAND thresholds divided by it and compares the
//! real scores itself.

use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// How many times its real value the average field length is reported.
pub(super) const LENGTH_FACTOR: f64 = 4.0;

/// k1 * (1 - b) in tantivy's BM25, which the factor leaves as it is.
const C: f64 = 1.2 * (1.0 - 0.75);

/// How far a document's score can exceed its block's stored bound. For one
/// word, with norm(d) = c + k * len(d) at indexing and c + k / f * len(d)
/// now, the stored pair p beats every pair q at indexing (norm/tf of q is
/// at least that of p). The ratio of q's score to p's now, (1 + norm'(p) /
/// tf(p)) / (1 + norm'(q) / tf(q)), is largest for tf(p) = 1, a document
/// of no length, and tf(q) without bound: (1 + c) / (1 + c / f). Each
/// word's bound falls short by at most that factor, so the sum of the
/// bounds over a query's words does too. The last factor covers rounding
/// in f32.
pub(super) const BOUND_SLACK: f32 = ((1.0 + C) / (1.0 + C / LENGTH_FACTOR) * 1.001) as f32;

/// The threshold to give WAND for a real threshold: lower by the slack,
/// so that no block holding a better document is skipped.
pub(super) fn wand_threshold(threshold: tantivy::Score) -> tantivy::Score {
    if threshold > 0.0 {
        threshold / BOUND_SLACK
    } else {
        threshold
    }
}

/// The searcher's statistics, with the average field length scaled.
pub(crate) struct Statistics<'a> {
    searcher: &'a Searcher,
}

impl<'a> Statistics<'a> {
    pub(crate) fn new(searcher: &'a Searcher) -> Self {
        Statistics { searcher }
    }

    /// Scoring with these statistics, for `Query::weight`.
    pub(crate) fn scoring(&'a self) -> EnableScoring<'a> {
        EnableScoring::enabled_from_statistics_provider(self, self.searcher)
    }
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = Bm25StatisticsProvider::total_num_tokens(self.searcher, field)?;
        Ok((tokens as f64 * LENGTH_FACTOR).round() as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}
