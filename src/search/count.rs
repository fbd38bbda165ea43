//! Counting the matches of a query.
//!
//! Counting is a pass of its own, apart from ranking: together, every match
//! would be scored, while alone the ranking can skip blocks that cannot
//! reach the top. Past [`EXACT_COUNT_LIMIT`] matches the count is
//! extrapolated from the share of the index those matches covered. That is
//! an estimate, not a bound: Lucene, by contrast, stops counting and
//! reports a lower bound. Which of the two newsidx should give is the
//! subject of its own change; until then the estimate is labelled `about`
//! and `total_exact` is false.

use tantivy::collector::Count;
use tantivy::query::{AllQuery, EnableScoring, Query, TermQuery};
use tantivy::{DocSet, TERMINATED};

/// Matches counted one by one before the rest of the count is estimated.
pub const EXACT_COUNT_LIMIT: usize = 1000;

/// Counts the matches of `query`: exactly when asked, when tantivy can
/// count without visiting them (one term, or everything), or when there are
/// at most [`EXACT_COUNT_LIMIT`]; otherwise visits matches up to the limit
/// and scales by the share of documents those covered, rounded to three
/// significant digits. Articles are added in folder order, which has
/// nothing to do with what they say, so the share is a fair sample.
pub(super) fn count_matches(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    exact: bool,
) -> tantivy::Result<(usize, bool)> {
    let cheap = query.is::<TermQuery>() || query.is::<AllQuery>();
    if exact || cheap {
        return Ok((searcher.search(query, &Count)?, true));
    }
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let total_docs: u64 = searcher
        .segment_readers()
        .iter()
        .map(|r| u64::from(r.max_doc()))
        .sum();
    let mut counted = 0usize;
    let mut covered = 0u64;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                counted += 1;
                if counted > EXACT_COUNT_LIMIT {
                    let covered = covered + u64::from(doc) + 1;
                    let estimate = counted as f64 * total_docs as f64 / covered as f64;
                    return Ok((round_to_three_digits(estimate), false));
                }
            }
            doc = scorer.advance();
        }
        covered += u64::from(reader.max_doc());
    }
    Ok((counted, true))
}

fn round_to_three_digits(value: f64) -> usize {
    if value < 1000.0 {
        return value.round() as usize;
    }
    let scale = 10f64.powi(value.log10().floor() as i32 - 2);
    ((value / scale).round() * scale) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_keep_three_significant_digits() {
        assert_eq!(round_to_three_digits(999.4), 999);
        assert_eq!(round_to_three_digits(113_246.0), 113_000);
        assert_eq!(round_to_three_digits(71_583.2), 71_600);
        assert_eq!(round_to_three_digits(1_004.9), 1_000);
    }
}
