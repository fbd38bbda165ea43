//! One query ranked within each of several filters, in one pass over the
//! query's matches: the first step of every person's quote in `newsidx
//! speakers QUERY` (`quotes.rs`), which ranks `(QUERY) speaker:"SURNAME"`
//! once per surname.
//!
//! Each of those searches intersects the query with a surname that the
//! synthetic million-article corpus gives tens of thousands of quotes, and
//! scores every document of the intersection: 175 M of the 340 M
//! instructions of `newsidx speakers oil` went there (BENCHMARKS.md). Here
//! the query's matches and scores are listed once, and each filter's own
//! postings are walked against that list.
//!
//! The answer must be the one the search of `(QUERY) FILTER` gives, so
//! this is only done where the two provably score alike: that query
//! parses to the query and the filter side by side, which compile to a
//! conjunction of the two, whose score tantivy sums as the two scores
//! added (in either order, which for two numbers is the same). Anything
//! else (a query that is a lone negation, which the conjunction would
//! absorb; a date range, which adds a third clause; a filter that compiles
//! to nothing) is left to the plain search, and a test compares the two on
//! generated stories.

use tantivy::query::{Bm25Weight, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::query::{self, parse_request};
use super::rank;
use super::scoring::Statistics;
use super::syntax::Expr;
use super::{LocalSearcher, SearchError, SearchRequest};
use crate::error::IndexError;

/// How many times larger than the query's matches a filter's postings may
/// be and still be walked whole rather than sought in.
const SEEK_RATIO: usize = 8;

/// What [`rank_within`] found for one filter: the `k` best addresses, or
/// `None` when that filter must be searched the plain way.
pub(super) type Within = Option<Vec<DocAddress>>;

/// The `k` best matches of `(QUERY) FILTER` for each of `filters`, every
/// word of the query required, as [`LocalSearcher::rank_only`] ranks
/// them; `None` when the query cannot be taken this way at all.
pub(super) fn rank_within(
    searcher: &LocalSearcher,
    query: &str,
    filters: &[String],
    k: usize,
) -> Result<Option<(tantivy::Searcher, Vec<Within>)>, SearchError> {
    let request = |text: &str| SearchRequest {
        query: text.to_string(),
        limit: k,
        all_words: true,
        ..SearchRequest::default()
    };
    let parsed = |text: &str| parse_request(&request(text)).ok().and_then(|(e, _)| e);
    // A lone negation would be read as one clause of the conjunction, not
    // as "everything less it" with a score of its own.
    let Some(base_expr) = parsed(query).filter(|e| !matches!(e, Expr::Not(_))) else {
        return Ok(None);
    };
    let index_searcher = searcher.reader.searcher();
    let build = |text: &str| {
        query::build(
            &searcher.index,
            &searcher.schema,
            &index_searcher,
            searcher.people.as_ref(),
            &request(text),
        )
    };
    let Ok(base) = build(query) else {
        return Ok(None);
    };
    let read = |e: tantivy::TantivyError| IndexError::damaged(&searcher.location, e);
    let statistics = Statistics::new(&index_searcher);
    let weight = base.query.weight(statistics.scoring()).map_err(read)?;

    // Every live match of the query, with its score, segment by segment
    // and in document order.
    let mut matches: Vec<Vec<(DocId, Score)>> = Vec::new();
    for reader in index_searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0).map_err(read)?;
        let alive = reader.alive_bitset();
        let mut listed = Vec::new();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                listed.push((doc, scorer.score()));
            }
            doc = scorer.advance();
        }
        matches.push(listed);
    }

    // Each filter's weight, or `None` where the plain search must serve.
    let mut weights: Vec<Option<FilterWeight>> = Vec::with_capacity(filters.len());
    for filter in filters {
        let combined = parsed(&format!("({query}) {filter}"));
        let side_by_side = match (combined, parsed(filter)) {
            (Some(Expr::And(parts)), Some(filter_expr)) => {
                parts.len() == 2 && parts[0] == base_expr && parts[1] == filter_expr
            }
            _ => false,
        };
        weights.push(match build(filter).ok().filter(|_| side_by_side) {
            Some(built) => Some(match built.query.downcast_ref::<TermQuery>() {
                Some(term) => FilterWeight::Term(
                    term.term().clone(),
                    Bm25Weight::for_terms(&statistics, std::slice::from_ref(term.term()))
                        .map_err(read)?,
                ),
                None => FilterWeight::Any(built.query.weight(statistics.scoring()).map_err(read)?),
            }),
            None => None,
        });
    }

    let mut scored: Vec<Vec<(Score, DocAddress)>> = vec![Vec::new(); filters.len()];
    // The query's score of each document of a segment, NaN where it does
    // not match: a filter's documents are looked up in it as they come.
    let mut by_doc: Vec<Score> = Vec::new();
    for (ord, reader) in index_searcher.segment_readers().iter().enumerate() {
        let listed = &matches[ord];
        if listed.is_empty() {
            continue;
        }
        by_doc.clear();
        by_doc.resize(reader.max_doc() as usize, Score::NAN);
        for &(doc, score) in listed {
            by_doc[doc as usize] = score;
        }
        for (weight, scored) in weights.iter().zip(&mut scored) {
            let weight = match weight {
                None => continue,
                Some(FilterWeight::Term(term, bm25)) => {
                    walk_term(reader, term, bm25, &by_doc, ord as u32, scored).map_err(read)?;
                    continue;
                }
                Some(FilterWeight::Any(weight)) => weight,
            };
            let mut scorer = weight.scorer(reader, 1.0).map_err(read)?;
            let mut keep =
                |doc: DocId, score: Score, scorer: &mut Box<dyn tantivy::query::Scorer>| {
                    scored.push((score + scorer.score(), DocAddress::new(ord as u32, doc)));
                };
            let mut doc = scorer.doc();
            if (scorer.size_hint() as usize) <= listed.len().saturating_mul(SEEK_RATIO) {
                // Walking the filter's postings costs a few instructions a
                // document; seeking in them, a hundred or more.
                while doc != TERMINATED {
                    let score = by_doc[doc as usize];
                    if !score.is_nan() {
                        keep(doc, score, &mut scorer);
                    }
                    doc = scorer.advance();
                }
            } else {
                // A filter far larger than the query: leapfrog, each side
                // skipping to the other's document.
                let mut at = 0;
                while doc != TERMINATED && at < listed.len() {
                    let (wanted, score) = listed[at];
                    if doc < wanted {
                        doc = scorer.seek(wanted);
                    } else if doc > wanted {
                        at += listed[at..].partition_point(|&(d, _)| d < doc);
                    } else {
                        keep(doc, score, &mut scorer);
                        at += 1;
                        doc = scorer.advance();
                    }
                }
            }
        }
    }
    let found = weights
        .iter()
        .zip(scored)
        .map(|(weight, scored)| {
            weight.as_ref().map(|_| {
                let best = rank::best_of(k, scored);
                best.into_iter().map(|(_, a)| a).collect()
            })
        })
        .collect();
    Ok(Some((index_searcher, found)))
}

/// How a filter is matched and scored.
enum FilterWeight {
    /// One term (a one-word surname): its postings are read a block at a
    /// time and scored as tantivy's term scorer scores them, with the same
    /// BM25 weight.
    Term(Term, Bm25Weight),
    /// Anything else, through its scorer.
    Any(Box<dyn Weight>),
}

/// Adds to `scored` the documents of `term`'s postings in one segment that
/// `by_doc` scores (not NaN), with the term's score added.
///
/// tantivy's term scorer decodes the same blocks but moves through them a
/// document at a time behind a virtual call; over the quotes of a common
/// surname (a hundred thousand at a million articles, for each of thirty
/// surnames) that walk was most of this pass.
fn walk_term(
    reader: &SegmentReader,
    term: &Term,
    bm25: &Bm25Weight,
    by_doc: &[Score],
    segment: u32,
    scored: &mut Vec<(Score, DocAddress)>,
) -> tantivy::Result<()> {
    let inverted = reader.inverted_index(term.field())?;
    let Some(info) = inverted.get_term_info(term)? else {
        return Ok(());
    };
    let mut block =
        inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
    let norms = reader.get_fieldnorms_reader(term.field())?;
    loop {
        let docs = block.docs();
        if docs.is_empty() {
            return Ok(());
        }
        for (at, &doc) in docs.iter().enumerate() {
            let Some(&score) = by_doc.get(doc as usize) else {
                continue;
            };
            if score.is_nan() {
                continue;
            }
            // A field indexed without frequencies counts each term once,
            // as the term scorer does.
            let freq = block.freqs().get(at).copied().unwrap_or(1);
            let term_score = bm25.score(norms.fieldnorm_id(doc), freq);
            scored.push((score + term_score, DocAddress::new(segment, doc)));
        }
        block.advance();
    }
}
