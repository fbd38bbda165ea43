//! Counting the matches of a query.
//!
//! A query whose matches must be visited to be counted is first ranked
//! and counted in one pass (`rank::top_and_count`), which gives an exact
//! count when it ends in time. Past that, counting is a pass of its own,
//! after a pruned ranking: together, every match would be scored, while
//! alone the ranking skips blocks that cannot reach the top. The count is exact unless it would cost far more than the
//! search it belongs to: it may take [`BUDGET_FACTOR`] times as long as
//! the ranking took (and never less than [`MIN_BUDGET`]); past that it
//! stops and reports the matches counted so far, a lower bound, as Lucene
//! does. It never extrapolates. `--exact-count` lifts the budget.

use std::time::{Duration, Instant};

use tantivy::query::{AllQuery, EnableScoring, Query, TermQuery};
use tantivy::{DocSet, TERMINATED};

/// How many times the ranking's time a count may take.
pub const BUDGET_FACTOR: u32 = 10;

/// The least time a count may take, so that a ranking that skipped nearly
/// everything does not leave an ordinary count unfinished.
pub const MIN_BUDGET: Duration = Duration::from_millis(5);

/// Matches visited between two looks at the clock (here and in
/// `rank::top_and_count`).
pub(super) const CLOCK_EVERY: u32 = 4096;

/// How long counting may take after a ranking that took `ranking`.
pub(super) fn budget(ranking: Duration) -> Duration {
    (ranking * BUDGET_FACTOR).max(MIN_BUDGET)
}

/// Whether the index's statistics count `query`'s matches without a
/// pass over them: one word, or `*`.
pub(super) fn from_statistics(query: &dyn Query) -> bool {
    query.is::<TermQuery>() || query.is::<AllQuery>()
}

/// Counts the matches of `query`, and whether the count is exact. One
/// word and `*` are counted from the index's own statistics, whatever
/// the budget; other queries visit their matches until `budget`, when
/// given, runs out.
pub(super) fn count_matches(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    budget: Option<Duration>,
) -> tantivy::Result<(usize, bool)> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let Some(budget) = budget.filter(|_| !from_statistics(query)) else {
        let mut total = 0usize;
        for reader in searcher.segment_readers() {
            total += weight.count(reader)? as usize;
        }
        return Ok((total, true));
    };
    let deadline = Instant::now() + budget;
    let mut counted = 0usize;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut since_clock = 0u32;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                counted += 1;
            }
            since_clock += 1;
            if since_clock == CLOCK_EVERY {
                since_clock = 0;
                if Instant::now() >= deadline {
                    return Ok((counted, false));
                }
            }
            doc = scorer.advance();
        }
    }
    Ok((counted, true))
}

#[cfg(test)]
mod tests {
    use tantivy::collector::Count;
    use tantivy::query::{BooleanQuery, Occur};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    use super::*;

    /// 12,000 articles, every second with both words.
    fn pairs() -> (tantivy::Searcher, BooleanQuery) {
        let mut builder = Schema::builder();
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..12_000 {
            let text = if i % 2 == 0 { "godwit tern" } else { "godwit" };
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(body, w),
                IndexRecordOption::Basic,
            ))
        };
        let both = BooleanQuery::new(vec![
            (Occur::Must, term("godwit")),
            (Occur::Must, term("tern")),
        ]);
        (index.reader().unwrap().searcher(), both)
    }

    #[test]
    fn a_count_cut_short_is_a_lower_bound_and_says_so() {
        let (searcher, both) = pairs();
        let truth = searcher.search(&both, &Count).unwrap();
        assert_eq!(truth, 6000);
        let (short, exact) = count_matches(&searcher, &both, Some(Duration::ZERO)).unwrap();
        assert!(!exact);
        assert!(short > 0 && short < truth, "{short}");
        assert_eq!(
            count_matches(&searcher, &both, None).unwrap(),
            (truth, true)
        );
        assert_eq!(
            count_matches(&searcher, &both, Some(Duration::from_secs(60))).unwrap(),
            (truth, true)
        );
    }

    #[test]
    fn the_budget_follows_the_ranking_with_a_floor() {
        assert_eq!(budget(Duration::ZERO), MIN_BUDGET);
        assert_eq!(budget(Duration::from_millis(7)), Duration::from_millis(70));
    }
}
