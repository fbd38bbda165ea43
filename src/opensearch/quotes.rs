//! `newsidx quotes --opensearch URL/INDEX`: the quote records of
//! `INDEX-quotes` searched as `newsidx quotes` searches a local quote
//! index, and the records of one article for the server's article view.
//!
//! The quote records carry the articles' fields (`document::quote_to_json`
//! fills them as `NewsSchema::quote_document` fills the local quote
//! index), so the search itself is [`ClusterSearcher`]'s over another
//! index: the same translation of the query, BM25, date filters, paging
//! past the window and snippets cut on this side. What makes a hit a
//! quote is shared with the local backend (`search::quotes::quote_hit`);
//! the record's whole words, paragraph and kind come with the hit's
//! `_source`, where the local index reads them back from the record.
//!
//! Two things differ from a local quote search, both for want of the
//! speaker registry, which a cluster does not hold (README): speakers are
//! shown as their articles name them ("Baker", not "James Baker"), and
//! `speaker:` matches those names only. Titles come from `INDEX`, one
//! request a page.

use std::collections::HashMap;

use serde_json::json;

use super::search::ClusterSearcher;
use super::{Access, OpenSearchError, Target};
use crate::search::quotes::{quote_hit, QuoteHit};
use crate::search::{SearchError, SearchRequest, SearchResults};

/// Paths whose titles one request reads: far under the cluster's limits
/// on terms (65,536) and on a page (10,000).
const TITLES_PER_REQUEST: usize = 1000;

/// Quote records of one article read at most for the article view: far
/// more than any article holds.
const QUOTES_PER_ARTICLE: usize = 1000;

/// The quote records of a cluster index, ready for queries.
#[derive(Debug)]
pub struct ClusterQuotes {
    quotes: ClusterSearcher,
    articles: ClusterSearcher,
}

impl ClusterQuotes {
    /// The quote records beside the articles of `target.index`
    /// (`INDEX-quotes`, as `newsidx index --opensearch` names them), with
    /// `nodes` to fail over to.
    pub fn open(target: &Target, nodes: &[String]) -> Result<ClusterQuotes, OpenSearchError> {
        let articles = ClusterSearcher::open(target, nodes)?;
        Ok(ClusterQuotes::beside(articles))
    }

    /// [`ClusterQuotes::open`] with the given `access` (credentials and CA
    /// file) and every request to the cluster bounded by `limit`
    /// (`newsidx serve`).
    pub fn open_bounded(
        target: &Target,
        nodes: &[String],
        access: &Access,
        limit: std::time::Duration,
    ) -> Result<ClusterQuotes, OpenSearchError> {
        let articles = ClusterSearcher::open_with(target, nodes, access)?.with_time_limit(limit);
        Ok(ClusterQuotes::beside(articles))
    }

    /// The quote records beside an open article searcher.
    pub fn beside(articles: ClusterSearcher) -> ClusterQuotes {
        let quotes = articles.records_beside(format!("{}-quotes", articles.index()));
        ClusterQuotes { quotes, articles }
    }

    /// The article searcher the quote records belong beside.
    pub fn articles(&self) -> &ClusterSearcher {
        &self.articles
    }

    /// One page of quotes, and the count of every match.
    pub fn search(
        &self,
        request: &SearchRequest,
    ) -> Result<(Vec<QuoteHit>, SearchResults), SearchError> {
        let (mut results, records) = self.quotes.run_page(request)?;
        let paths: Vec<String> = results
            .hits
            .iter()
            .map(|h| h.article.path.clone())
            .collect();
        let titles = self.titles(&paths)?;
        let mut quotes = Vec::with_capacity(results.hits.len());
        for (hit, record) in results.hits.iter_mut().zip(records) {
            let speaker = hit.article.speakers.first().cloned().unwrap_or_default();
            let title = titles.get(&hit.article.path).cloned();
            // Every document of INDEX-quotes is a record; one without a
            // paragraph would be foreign, and shows its snippet as it is.
            let (words, paragraph, kind) = match record {
                Some(r) => (r.words, r.paragraph, r.kind),
                None => (
                    hit.snippet.clone(),
                    0,
                    crate::article::quotes::QuoteKind::Direct,
                ),
            };
            quotes.push(quote_hit(hit, words, paragraph, kind, speaker, title));
        }
        Ok((quotes, results))
    }

    /// The titles of the articles `paths`, from the article index.
    fn titles(&self, paths: &[String]) -> Result<HashMap<String, String>, OpenSearchError> {
        let mut distinct: Vec<&String> = paths.iter().collect();
        distinct.sort();
        distinct.dedup();
        let mut titles = HashMap::with_capacity(distinct.len());
        let url = format!("/{}/_search", self.articles.index());
        for chunk in distinct.chunks(TITLES_PER_REQUEST) {
            let body = json!({
                "query": { "terms": { "path": chunk } },
                "size": chunk.len(),
                "_source": ["path", "title"],
            });
            let answer = self
                .articles
                .call("reading titles", "POST", &url, Some(&body))?;
            for hit in answer["hits"]["hits"].as_array().map_or(&[][..], |h| h) {
                if let (Some(path), Some(title)) = (
                    hit["_source"]["path"].as_str(),
                    hit["_source"]["title"].as_str(),
                ) {
                    titles.insert(path.to_string(), title.to_string());
                }
            }
        }
        Ok(titles)
    }

    /// The article `path`'s quote records as (words, speaker) pairs in
    /// paragraph order, the speaker as the article names them: who said
    /// what in one article, for the server's article view.
    pub fn said_in(&self, path: &str) -> Result<Vec<(String, String)>, OpenSearchError> {
        let body = json!({
            "query": { "term": { "path": path } },
            "size": QUOTES_PER_ARTICLE,
            "sort": [{ "paragraph": "asc" }],
            "_source": ["body", "speakers"],
        });
        let url = format!("/{}/_search", self.quotes.index());
        let answer = self
            .quotes
            .call("reading an article's quotes", "POST", &url, Some(&body))?;
        Ok(answer["hits"]["hits"]
            .as_array()
            .map_or(&[][..], |h| h)
            .iter()
            .map(|hit| {
                let source = &hit["_source"];
                let speaker = match &source["speakers"] {
                    serde_json::Value::Array(names) => names.first().and_then(|n| n.as_str()),
                    other => other.as_str(),
                };
                (
                    source["body"].as_str().unwrap_or_default().to_string(),
                    speaker.unwrap_or_default().to_string(),
                )
            })
            .collect())
    }
}
