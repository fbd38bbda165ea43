//! One query through both sides: the evaluator's match set against
//! newsidx's hits, and a report a developer can act on when they differ.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use newsidx::error::QueryError;
use newsidx::search::syntax::{parse, Expr};
use newsidx::search::{Backend, SearchError, SearchRequest, SortOrder};

use crate::corpus::Corpus;
use crate::oracle::Refusal;

/// Paths listed per side in a report: enough to look at, few enough to read.
const SHOWN_PATHS: usize = 5;

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
    // One hit more than the evaluator expects is enough to see any
    // difference (a larger set shows as an extra hit, a smaller or another
    // one in full), and building snippets for every article of a large
    // corpus would be most of the run.
    let request = SearchRequest {
        query: query.to_string(),
        limit: expected.as_ref().map_or(1, |e| e.len() + 1),
        offset: 0,
        sort: SortOrder::Relevance,
        dates: Default::default(),
        exact_count: true,
        // The query as written: no page filled with articles that have
        // most of its words.
        all_words: true,
    };
    let found = corpus.searcher.search(&request);
    match (expected, found) {
        (Ok(expected), Ok(results)) => {
            let found: Vec<String> = results
                .hits
                .iter()
                .map(|h| h.article.path.clone())
                .collect();
            let expected_set: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
            let found_set: BTreeSet<&str> = found.iter().map(String::as_str).collect();
            let mut problems = Vec::new();
            if expected_set != found_set {
                problems.push("the match sets differ".to_string());
            }
            if results.fill_hits > 0 || results.hits.iter().any(|h| !h.matched_all) {
                problems.push("newsidx fills the page though all_words is set".to_string());
            }
            if found_set.len() != found.len() {
                problems.push("newsidx returns an article twice".to_string());
            }
            if results.total_exact && results.total_hits != expected.len() {
                problems.push(format!(
                    "newsidx counts {} (exact) where the evaluator finds {}",
                    results.total_hits,
                    expected.len()
                ));
            }
            if problems.is_empty() {
                return Outcome::Agreed(expected.len());
            }
            let mut report = header(query, &tree);
            let _ = writeln!(
                report,
                "{}\nevaluator: {} articles; newsidx: {} hits, total_hits {} ({})",
                problems.join("; "),
                expected.len(),
                found.len(),
                results.total_hits,
                if results.total_exact {
                    "exact"
                } else {
                    "not exact"
                }
            );
            list_only(
                corpus,
                &mut report,
                "only the evaluator",
                &expected_set,
                &found_set,
            );
            list_only(
                corpus,
                &mut report,
                "only newsidx",
                &found_set,
                &expected_set,
            );
            Outcome::Differed(report)
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
