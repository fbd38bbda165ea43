//! One query through both sides: the evaluator's match set against
//! newsidx's, and a report a developer can act on when they differ.
//!
//! newsidx is asked as a face asks it (`Backend::search`, counting
//! exactly, no page filling) for a page one longer than the evaluator's
//! set, so on the sample corpus the page is the whole answer. On larger
//! corpora the page stops at [`PAGE`], and the whole set is also read from
//! the tantivy query newsidx compiles for the request; both must agree with
//! the evaluator, and so must the exact count.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use newsidx::error::QueryError;
use newsidx::search::syntax::{parse, Expr};
use newsidx::search::{
    Backend, FacetField, FacetRequest, SearchError, SearchRequest, SearchResults, SortOrder,
};

use crate::corpus::Corpus;
use crate::oracle::Refusal;

/// Paths listed per side in a report: enough to look at, few enough to read.
const SHOWN_PATHS: usize = 5;

/// Most hits asked of `search`. Every hit costs a stored document and a
/// snippet, which at thousands of hits a query was nine tenths of a run on
/// Reuters; past this page, newsidx's whole match set is read from the
/// query it compiles (the same query its count runs), without snippets.
const PAGE: usize = 50;

/// How one query came out.
#[derive(Debug)]
pub enum Outcome {
    /// Both sides matched the same articles; how many.
    Agreed(usize),
    /// Both refused the query (nothing left to search, a bad regex).
    BothRefused,
    /// The parser rejected the text with one of the errors the language
    /// keeps (a lone quote, an impossible date, a reversed range, too many
    /// fuzzy edits); the name of the error.
    Skipped(&'static str),
    /// A difference, described.
    Differed(String),
}

/// The parse errors a query may end in; any other is a failure.
fn allowed_error(err: &QueryError) -> Option<&'static str> {
    match err {
        QueryError::LoneQuote { .. } => Some("lone quote"),
        QueryError::BadDate { .. } => Some("bad date"),
        QueryError::BadRange { .. } => Some("bad range"),
        QueryError::FuzzyDistance { .. } => Some("fuzzy distance"),
        _ => None,
    }
}

/// Runs `query` on both sides of `corpus`.
pub fn check(corpus: &Corpus, query: &str) -> Outcome {
    let tree = match parse(query) {
        Ok(tree) => tree,
        Err(err) => {
            return match allowed_error(&err) {
                Some(name) => Outcome::Skipped(name),
                None => {
                    Outcome::Differed(format!("query: {query:?}\nthe parser rejects it: {err}\n"))
                }
            }
        }
    };
    let expected = corpus.oracle.matching_paths(&tree);
    let request = SearchRequest {
        query: query.to_string(),
        // One hit more than the evaluator expects shows any difference in
        // the page itself (a larger set as an extra hit, a smaller or
        // another one in full), up to PAGE hits.
        limit: expected.as_ref().map_or(1, |e| (e.len() + 1).min(PAGE)),
        offset: 0,
        sort: SortOrder::Relevance,
        dates: Default::default(),
        exact_count: true,
        // The query as written: no page filled with articles that have
        // most of its words.
        all_words: true,
        facets: Vec::new(),
        speakers: None,
    };
    let found = corpus.searcher.search(&request);
    match (expected, found) {
        (Ok(expected), Ok(results)) => {
            let engine = corpus.engine_paths(&request);
            compare_sets(corpus, query, &tree, &expected, &results, &engine)
        }
        (Err(Refusal::Nothing | Refusal::BadRegex(_)), Err(SearchError::Query(_))) => {
            Outcome::BothRefused
        }
        (Err(refusal), Ok(results)) => Outcome::Differed(format!(
            "{}the evaluator refuses it ({refusal:?}); newsidx answers {} hits\n",
            header(query, &tree),
            results.total_hits
        )),
        (Ok(expected), Err(err)) => Outcome::Differed(format!(
            "{}the evaluator finds {} articles; newsidx fails: {err:#}\n",
            header(query, &tree),
            expected.len()
        )),
        (Err(refusal), Err(err)) => Outcome::Differed(format!(
            "{}the evaluator refuses it ({refusal:?}); newsidx fails: {err:#}\n",
            header(query, &tree)
        )),
    }
}

/// The evaluator's articles against newsidx's: its page of hits, its count,
/// and every article its query matches.
fn compare_sets(
    corpus: &Corpus,
    query: &str,
    tree: &Expr,
    expected: &[String],
    results: &SearchResults,
    engine: &[String],
) -> Outcome {
    let expected_set: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    let engine_set: BTreeSet<&str> = engine.iter().map(String::as_str).collect();
    let page: Vec<&str> = results
        .hits
        .iter()
        .map(|h| h.article.path.as_str())
        .collect();
    let page_set: BTreeSet<&str> = page.iter().copied().collect();
    let mut problems = Vec::new();
    if expected_set != engine_set {
        problems.push("the match sets differ".to_string());
    }
    let strays = page_set.difference(&expected_set).count();
    if strays > 0 {
        problems.push(format!("{strays} hits the evaluator does not match"));
    }
    if page.len() != expected.len().min(PAGE) {
        problems.push(format!(
            "{} hits on a page of {} where the evaluator finds {}",
            page.len(),
            (expected.len() + 1).min(PAGE),
            expected.len()
        ));
    }
    if page_set.len() != page.len() {
        problems.push("newsidx returns an article twice".to_string());
    }
    if results.fill_hits > 0 || results.hits.iter().any(|h| !h.matched_all) {
        problems.push("newsidx fills the page though all_words is set".to_string());
    }
    if !results.total_exact {
        problems.push("newsidx's count is not exact though exact_count is set".to_string());
    } else if results.total_hits != expected.len() {
        problems.push(format!(
            "newsidx counts {} (exact) where the evaluator finds {}",
            results.total_hits,
            expected.len()
        ));
    }
    if problems.is_empty() {
        return Outcome::Agreed(expected.len());
    }
    let mut report = header(query, tree);
    let _ = writeln!(
        report,
        "{}\nevaluator: {} articles; newsidx: its query matches {}, {} hits, total_hits {}",
        problems.join("; "),
        expected.len(),
        engine.len(),
        page.len(),
        results.total_hits,
    );
    list_only(
        corpus,
        &mut report,
        "only the evaluator",
        &expected_set,
        &engine_set,
    );
    list_only(
        corpus,
        &mut report,
        "only newsidx's query",
        &engine_set,
        &expected_set,
    );
    let page_only: BTreeSet<&str> = page_set.difference(&expected_set).copied().collect();
    list_only(
        corpus,
        &mut report,
        "hits the evaluator does not match",
        &page_only,
        &BTreeSet::new(),
    );
    Outcome::Differed(report)
}

fn header(query: &str, tree: &Expr) -> String {
    format!("query: {query:?}\ntree: {tree:?}\n")
}

fn list_only(
    corpus: &Corpus,
    report: &mut String,
    side: &str,
    these: &BTreeSet<&str>,
    other: &BTreeSet<&str>,
) {
    let only: Vec<&&str> = these.difference(other).collect();
    if only.is_empty() {
        return;
    }
    let _ = writeln!(report, "{side} ({}):", only.len());
    for path in only.iter().take(SHOWN_PATHS) {
        let title = corpus
            .oracle
            .docs()
            .iter()
            .find(|d| d.path == ***path)
            .map_or("?", |d| d.title.as_str());
        let _ = writeln!(report, "  {path}  {title:?}");
    }
}

/// One query's facets, newsidx's against the evaluator's: every field at
/// once, `size` buckets for speaker and folder; `None` when they agree (or
/// the query is refused, which `check` covers), else a report.
pub fn check_facets(corpus: &Corpus, query: &str, size: usize) -> Option<String> {
    let tree = parse(query).ok()?;
    let wanted: Vec<FacetRequest> = FacetField::ALL
        .into_iter()
        .map(|field| FacetRequest { field, size })
        .collect();
    let expected = corpus.oracle.facets(&tree, &wanted).ok()?;
    let request = SearchRequest {
        query: query.to_string(),
        limit: 0,
        offset: 0,
        sort: SortOrder::Relevance,
        dates: Default::default(),
        exact_count: true,
        all_words: true,
        facets: wanted,
        speakers: None,
    };
    let found = match corpus.searcher.search(&request) {
        Ok(results) => results.facets,
        Err(SearchError::Query(QueryError::FacetTooWide { .. })) => return None,
        Err(err) => return Some(format!("{query}: newsidx fails: {err:#}")),
    };
    (found != expected).then(|| {
        let mut report = format!("{query}: the facets differ\n");
        for (f, e) in found.iter().zip(&expected) {
            if f != e {
                let _ = writeln!(report, "  newsidx:   {f:?}\n  evaluator: {e:?}");
            }
        }
        report
    })
}
