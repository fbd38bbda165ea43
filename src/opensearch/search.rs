//! The search backend of a cluster: [`ClusterSearcher`] answers
//! [`SearchRequest`]s as [`crate::search::LocalSearcher`] does, so the
//! faces print its results without knowing where they came from.
//!
//! One `_search` request answers most queries: the query (`dsl`), the
//! page, the count, the facets as aggregations and "did you mean" as a
//! term suggester. Two things take more:
//!
//! - A page past the cluster's window (`from + size` over 10,000, the
//!   default `index.max_result_window`) is read with a point in time and
//!   `search_after`, sorted by score (or date) and then by `path`, which
//!   is unique, so no hit is skipped or repeated; the hits before the
//!   offset are read without their documents.
//! - A plain query that leaves the page short is filled as locally with
//!   the articles that have most of its words (`minimum_should_match`),
//!   less those that have all, in a second request.
//!
//! BM25 needs each word's document frequency. A shard knows only its own,
//! so with several shards the same article scores differently than in one
//! index. `dfs_query_then_fetch` asks every shard for its frequencies
//! first: one more round trip, and the scores of a single index. It is
//! used below [`DFS_BELOW`] articles; above, shards hold enough articles
//! each that their frequencies agree closely, and the round trip is saved.
//!
//! Snippets are cut on this side by the local snippet code
//! (`search::mark_articles`) from each hit's body, rather than by the
//! cluster's highlighter: the template keeps `body` unanalysed (it is
//! searched through `text`, which is not in `_source`), and the local code
//! gives the byte ranges a local search gives, by construction.
//!
//! A failed shard does not fail the search (the others' hits are still
//! worth having) but is never hidden: [`SearchResults::shard_failures`]
//! names it, and the faces print it.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use super::dsl::{self, Translator};
use super::{Access, Client, OpenSearchError, Target};
use crate::article::quotes::QuoteKind;
use crate::article::{Article, ArticleMeta};
use crate::error::QueryError;
use crate::schema::quote_kind_name;
use crate::search::facets::{Bucket, Facet, FacetField, MAX_PERIODS};
use crate::search::syntax::DateSpan;
use crate::search::{
    id, mark_articles, query, suggest, Backend, Duplicates, Hit, SearchError, SearchRequest,
    SearchResults, SortOrder, SpeakerSummary, StoredArticle, MAX_DUPLICATE_PATHS,
};

/// Indexes with fewer articles are searched with `dfs_query_then_fetch`:
/// below a million articles, a shard of a few hundred thousand or fewer
/// can hold a rare word's articles very unevenly, and scores drift from
/// the local index's.
pub const DFS_BELOW: u64 = 1_000_000;

/// `index.max_result_window`'s default: pages reaching past it are read
/// with a point in time.
const WINDOW: usize = 10_000;

/// Hits a request reads when paging with `search_after`.
const PAGE: usize = 1_000;

/// The fields of `_source` a hit is made of (never `text`, which is not
/// kept, nor the fingerprints).
const SOURCE_FIELDS: [&str; 13] = [
    "path",
    "title",
    "lead",
    "body",
    "speakers",
    "date",
    "date_has_time",
    "outlet",
    "authors",
    "url",
    "lang",
    // Quote records only (`INDEX-quotes`); articles have neither.
    "paragraph",
    "quote_kind",
];

/// How many terms each shard reports for a facet: more than asked, so
/// that the merged counts are exact unless a value's articles are spread
/// very unevenly (OpenSearch reports the possible error, which is
/// checked).
fn shard_size(size: usize) -> usize {
    size.saturating_mul(10).max(1_000)
}

/// A cluster index, searched as a local index is.
pub struct ClusterSearcher {
    /// Node 1, turning to the failover nodes when it gives no answer.
    client: Client,
    index: String,
    translator: RefCell<Translator>,
    /// The index's article count, read once (for the choice of search
    /// type).
    articles: OnceCell<u64>,
    /// Whether the index's template holds what `--facet folder` counts
    /// by, asked once when first needed.
    template_checked: OnceCell<()>,
    /// Whether several documents share a path (quote records), so that
    /// a ranking read with `search_after` needs `_id` to break ties.
    shared_paths: bool,
}

impl std::fmt::Debug for ClusterSearcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterSearcher")
            .field("client", &self.client)
            .field("index", &self.index)
            .finish()
    }
}

/// A hit as the cluster returned it.
struct RawHit {
    score: f32,
    article: Article,
    /// What a quote record adds; `None` for an article.
    quote: Option<QuoteFields>,
}

/// What a hit of a quote index holds beyond an article's fields: the
/// whole quote (a hit's snippet is a passage of it), its paragraph and
/// its kind.
#[derive(Debug, Clone)]
pub(super) struct QuoteFields {
    pub words: String,
    pub paragraph: u64,
    pub kind: QuoteKind,
}

/// One `_search` answer, read.
struct Answer {
    hits: Vec<RawHit>,
    total: usize,
    exact: bool,
    failures: Vec<String>,
    json: Value,
}

impl ClusterSearcher {
    /// The index `target.index` at `target.base`, with `nodes` (each
    /// `http://HOST:PORT`) to try in turn when a node does not answer;
    /// credentials and any CA file from the environment
    /// ([`Access::from_env`]).
    pub fn open(target: &Target, nodes: &[String]) -> Result<ClusterSearcher, OpenSearchError> {
        ClusterSearcher::open_with(target, nodes, &Access::from_env(None)?)
    }

    /// As [`ClusterSearcher::open`], with the credentials and CA file of
    /// `access`.
    pub fn open_with(
        target: &Target,
        nodes: &[String],
        access: &Access,
    ) -> Result<ClusterSearcher, OpenSearchError> {
        Ok(ClusterSearcher {
            client: Client::connect(target, nodes, access)?,
            index: target.index.clone(),
            translator: RefCell::new(Translator::new()),
            articles: OnceCell::new(),
            template_checked: OnceCell::new(),
            shared_paths: false,
        })
    }

    /// The same searcher with every request to the cluster bounded by
    /// `limit` (`newsidx serve`).
    pub fn with_time_limit(mut self, limit: std::time::Duration) -> ClusterSearcher {
        self.client = self.client.with_time_limit(limit);
        self
    }

    /// The number of articles the index holds.
    pub fn count(&self) -> Result<u64, OpenSearchError> {
        let answer = self.call(
            "counting articles",
            "GET",
            &format!("/{}/_count", self.index),
            None,
        )?;
        Ok(answer["count"].as_u64().unwrap_or(0))
    }

    /// The index searched.
    pub fn index(&self) -> &str {
        &self.index
    }

    /// A searcher of the quote records `index` of the same cluster,
    /// through the same nodes (`INDEX-quotes` beside `INDEX`).
    pub(super) fn records_beside(&self, index: String) -> ClusterSearcher {
        ClusterSearcher {
            client: self.client.clone(),
            index,
            translator: RefCell::new(Translator::new()),
            articles: OnceCell::new(),
            template_checked: OnceCell::new(),
            shared_paths: true,
        }
    }

    /// One JSON request, to the node in use or, when it gives no answer,
    /// the next that does (the client's failover, as indexing has it).
    pub(super) fn call(
        &self,
        what: &str,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, OpenSearchError> {
        self.client.json(what, method, path, body)
    }

    /// `dfs_query_then_fetch` for indexes under [`DFS_BELOW`] articles.
    fn search_type(&self) -> Result<&'static str, OpenSearchError> {
        let articles = match self.articles.get() {
            Some(n) => *n,
            None => {
                let answer = self.call(
                    "counting articles",
                    "GET",
                    &format!("/{}/_count", self.index),
                    None,
                )?;
                let n = answer["count"].as_u64().unwrap_or(0);
                let _ = self.articles.set(n);
                n
            }
        };
        Ok(if articles < DFS_BELOW {
            "dfs_query_then_fetch"
        } else {
            "query_then_fetch"
        })
    }

    fn search_path(&self, search_type: &str) -> String {
        format!("/{}/_search?search_type={search_type}", self.index)
    }

    /// One page of hits, with what each quote record among them adds
    /// (in the order of the hits).
    pub(super) fn run_page(
        &self,
        request: &SearchRequest,
    ) -> Result<(SearchResults, Vec<Option<QuoteFields>>), SearchError> {
        let start = Instant::now();
        if request.facets.iter().any(|f| f.field == FacetField::Folder) {
            // Counted by the `folder` keyword, which indexes made from the
            // first revision of the template lack (they would count every
            // article as having none).
            if self.template_checked.get().is_none() {
                super::ingest::check_template(&self.client, &self.index)?;
                let _ = self.template_checked.set(());
            }
        }
        let (expr, plain) = query::parse_request(request)?;
        let (mut main, mut most) = {
            let mut translator = self.translator.borrow_mut();
            let main = match &expr {
                Some(expr) => translator.query(expr)?,
                None => None,
            };
            let most = match &expr {
                Some(expr) if plain && !request.all_words => translator.most_words(expr)?,
                _ => None,
            };
            (main, most)
        };
        if !request.dates.is_unbounded() {
            let filter = dsl::dates(&DateSpan {
                from: request.dates.from,
                until: request.dates.until,
            });
            let with =
                |query: Value| json!({ "bool": { "must": [query], "filter": [filter.clone()] } });
            main = Some(match main {
                Some(query) => with(query),
                None => filter.clone(),
            });
            most = most.map(with);
        }
        let main = main.ok_or(QueryError::Empty)?;
        let mut words = Vec::new();
        if let Some(expr) = &expr {
            query::wanted_words(expr, &mut words);
        }
        let search_type = self.search_type()?;

        let counted = request.exact_count
            || request.collapse
            || !request.facets.is_empty()
            || request.speakers.is_some();
        let mut body = json!({
            "query": main,
            "track_total_hits": if counted { json!(true) } else { json!(WINDOW) },
            "_source": SOURCE_FIELDS,
        });
        let sort = sort_of(request.sort, self.shared_paths);
        if request.sort == SortOrder::Date {
            body["sort"] = sort.clone();
            body["track_scores"] = json!(true);
        }
        let aggs = aggregations(request);
        if !aggs.is_empty() {
            body["aggs"] = Value::Object(aggs);
        }
        if !words.is_empty() {
            body["suggest"] = suggester(&words);
        }
        let k = request.offset.saturating_add(request.limit);
        // Groups are made over every match (`collapsed`); this request
        // only counts, with the facets and suggestions.
        let mut grouped = None;
        let answer = if request.collapse {
            body["size"] = json!(0);
            let mut answer = self.search(search_type, &body)?;
            let (hits, duplicates, groups, failures) =
                self.collapsed(search_type, &main, &sort, request)?;
            answer.hits = hits;
            answer.failures.extend(failures);
            grouped = Some((duplicates, groups));
            answer
        } else if k <= WINDOW {
            body["from"] = json!(request.offset);
            body["size"] = json!(request.limit);
            self.search(search_type, &body)?
        } else {
            body["size"] = json!(0);
            let mut answer = self.search(search_type, &body)?;
            let (hits, failures) = self.deep_page(search_type, &body, &sort, request)?;
            answer.hits = hits;
            answer.failures.extend(failures);
            answer
        };
        let Answer {
            hits: raw,
            total,
            exact,
            mut failures,
            json: answer,
        } = answer;
        let mut page: Vec<(RawHit, bool)> = raw.into_iter().map(|h| (h, true)).collect();

        // Fewer matches than the page reaches: filled, as locally.
        let mut fill_hits = 0;
        let mut total_exact = exact;
        if let Some(most) = most.filter(|_| {
            request.sort == SortOrder::Relevance
                && !request.collapse
                && exact
                && total < k
                && k <= WINDOW
        }) {
            let ceiling = self.last_score(search_type, &main, total, &page, request.offset)?;
            let from = request.offset.saturating_sub(total);
            let size = k - request.offset.max(total);
            let more = json!({
                "query": { "bool": { "must": [most], "must_not": [main] } },
                "track_total_hits": if request.exact_count { json!(true) } else { json!(WINDOW) },
                "_source": SOURCE_FIELDS,
                "from": from,
                "size": size,
            });
            let filled = self.search(search_type, &more)?;
            fill_hits = filled.total;
            total_exact &= filled.exact;
            failures.extend(filled.failures);
            for mut hit in filled.hits {
                if let Some(ceiling) = ceiling {
                    hit.score = hit.score.min(ceiling);
                }
                page.push((hit, false));
            }
        }

        let facets = read_facets(request, &answer)?;
        let (speakers, speakers_total) = read_speakers(&answer);
        let suggestions = if total == 0 && fill_hits == 0 {
            let mut offered = suggest::field_fixes(&request.query);
            offered.extend(read_suggestions(&answer));
            offered
        } else {
            Vec::new()
        };

        let articles: Vec<Article> = page.iter().map(|(h, _)| h.article.clone()).collect();
        let quotes: Vec<Option<QuoteFields>> = page.iter().map(|(h, _)| h.quote.clone()).collect();
        let marks = if articles.is_empty() {
            Vec::new()
        } else {
            mark_articles(&request.query, &articles)?
        };
        let (duplicates, groups) = match grouped {
            Some((duplicates, groups)) => {
                (duplicates.into_iter().map(Some).collect(), Some(groups))
            }
            None => (Vec::new(), None),
        };
        let mut duplicates = duplicates.into_iter();
        let hits = page
            .into_iter()
            .zip(marks)
            .enumerate()
            .map(
                |(i, ((raw, matched_all), (snippet, highlights, title_highlights)))| Hit {
                    rank: request.offset + i + 1,
                    score: raw.score,
                    id: id::article_id(&raw.article.meta.path),
                    article: raw.article.meta,
                    file: None,
                    snippet,
                    highlights,
                    title_highlights,
                    matched_all,
                    collapsed: duplicates.next().flatten(),
                },
            )
            .collect();
        let results = SearchResults {
            hits,
            total_hits: total,
            total_exact,
            fill_hits,
            suggestions,
            facets,
            groups,
            speakers,
            speakers_total,
            elapsed: start.elapsed(),
            shard_failures: failures,
        };
        Ok((results, quotes))
    }

    /// `--collapse`: the page `[offset, offset + limit)` of the groups of
    /// near-duplicates among every match of `query`, as the local backend
    /// makes them (`search::collapse`): every match is read once, in
    /// ranking order, with its band keys (`dup_keys`, in `_source` in the
    /// order they were computed), grouped by shared keys with the local
    /// code, each group shown by its best member. Returns the shown
    /// members (read whole), the rest of each group, and how many groups
    /// there are.
    #[allow(clippy::type_complexity)]
    fn collapsed(
        &self,
        search_type: &str,
        query: &Value,
        sort: &Value,
        request: &SearchRequest,
    ) -> Result<(Vec<RawHit>, Vec<Duplicates>, usize, Vec<String>), OpenSearchError> {
        let pit = self.open_pit()?;
        let mut matches: Vec<(f32, String)> = Vec::new();
        let mut keys: Vec<u64> = Vec::new();
        let mut spans: Vec<(u32, u32)> = Vec::new();
        let mut failures = Vec::new();
        let mut after: Option<Value> = None;
        let path = format!("/_search?search_type={search_type}");
        let read = loop {
            let mut page = json!({
                "query": query,
                "size": PAGE,
                "pit": { "id": pit, "keep_alive": "2m" },
                "sort": sort,
                "track_scores": true,
                "track_total_hits": false,
                "_source": ["path", "dup_keys"],
            });
            if let Some(after) = &after {
                page["search_after"] = after.clone();
            }
            let json = match self.call("reading every match", "POST", &path, Some(&page)) {
                Ok(json) => json,
                Err(e) => break Err(e),
            };
            let hits = json["hits"]["hits"].as_array().cloned().unwrap_or_default();
            after = hits.last().map(|h| h["sort"].clone());
            match read_answer(json, &path) {
                Ok(answer) => failures.extend(answer.failures),
                Err(e) => break Err(e),
            }
            for hit in &hits {
                let start = keys.len() as u32;
                keys.extend(
                    hit["_source"]["dup_keys"]
                        .as_array()
                        .map_or(&[][..], |k| k)
                        .iter()
                        .filter_map(Value::as_u64),
                );
                spans.push((start, keys.len() as u32));
                matches.push((
                    hit["_score"].as_f64().unwrap_or(0.0) as f32,
                    hit["_source"]["path"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                ));
            }
            if hits.len() < PAGE {
                break Ok(());
            }
        };
        let _ = self.client.json(
            "closing a point in time",
            "DELETE",
            "/_search/point_in_time",
            Some(&json!({ "pit_id": [pit] })),
        );
        read?;
        failures.dedup();
        let group = crate::search::collapse_components(&keys, &spans);
        // Members of each group in ranking order, groups in the order of
        // their first member, as locally.
        let mut slot: HashMap<u32, usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (m, g) in group.iter().enumerate() {
            let next = members.len();
            let s = *slot.entry(*g).or_insert(next);
            if s == next {
                members.push(Vec::new());
            }
            members[s].push(m);
        }
        let shown: Vec<&Vec<usize>> = members
            .iter()
            .skip(request.offset)
            .take(request.limit)
            .collect();
        let wanted: Vec<&str> = shown.iter().map(|l| matches[l[0]].1.as_str()).collect();
        let mut found: HashMap<String, Article> = HashMap::new();
        for chunk in wanted.chunks(PAGE) {
            let body = json!({
                "query": { "terms": { "path": chunk } },
                "size": chunk.len(),
                "_source": SOURCE_FIELDS,
            });
            let url = format!("/{}/_search", self.index);
            let answer = read_answer(
                self.call("reading the groups' articles", "POST", &url, Some(&body))?,
                &url,
            )?;
            for hit in answer.hits {
                found.insert(hit.article.meta.path.clone(), hit.article);
            }
        }
        let mut hits = Vec::with_capacity(shown.len());
        let mut duplicates = Vec::with_capacity(shown.len());
        for list in shown {
            let (score, path) = &matches[list[0]];
            let Some(article) = found.remove(path) else {
                continue;
            };
            hits.push(RawHit {
                score: *score,
                article,
                quote: None,
            });
            duplicates.push(Duplicates {
                duplicates: list.len() - 1,
                duplicate_paths: list[1..]
                    .iter()
                    .take(MAX_DUPLICATE_PATHS)
                    .map(|&m| matches[m].1.clone())
                    .collect(),
            });
        }
        Ok((hits, duplicates, members.len(), failures))
    }

    /// Opens a point in time on the index, for reading a ranking in pages.
    fn open_pit(&self) -> Result<String, OpenSearchError> {
        let opened = self.call(
            "opening a point in time",
            "POST",
            &format!("/{}/_search/point_in_time?keep_alive=2m", self.index),
            None,
        )?;
        Ok(opened["pit_id"]
            .as_str()
            .ok_or_else(|| OpenSearchError::Answer {
                what: "opening a point in time".to_string(),
                url: self.index.clone(),
                detail: "no pit_id".to_string(),
            })?
            .to_string())
    }

    /// One `_search`, read.
    fn search(&self, search_type: &str, body: &Value) -> Result<Answer, OpenSearchError> {
        let path = self.search_path(search_type);
        let json = self.call("searching", "POST", &path, Some(body))?;
        read_answer(json, &path)
    }

    /// The score of the last article with every word, which caps the
    /// scores of the articles that fill the page (as locally): from the
    /// page when it holds it, else asked for.
    fn last_score(
        &self,
        search_type: &str,
        query: &Value,
        total: usize,
        page: &[(RawHit, bool)],
        offset: usize,
    ) -> Result<Option<f32>, OpenSearchError> {
        if total == 0 {
            return Ok(None);
        }
        if offset < total {
            return Ok(page.last().map(|(h, _)| h.score));
        }
        let body = json!({ "query": query, "from": total - 1, "size": 1, "_source": false });
        let json = self.call(
            "searching",
            "POST",
            &self.search_path(search_type),
            Some(&body),
        )?;
        Ok(json["hits"]["hits"][0]["_score"].as_f64().map(|s| s as f32))
    }

    /// The page `[offset, offset + limit)` of a ranking that reaches past
    /// the window: read with a point in time, the hits before the offset
    /// without their documents.
    fn deep_page(
        &self,
        search_type: &str,
        body: &Value,
        sort: &Value,
        request: &SearchRequest,
    ) -> Result<(Vec<RawHit>, Vec<String>), OpenSearchError> {
        let pit = self.open_pit()?;
        let result = self.read_past_window(search_type, body, sort, request, &pit);
        // A point in time left open holds segments until it expires; a
        // failure to close it costs the cluster two minutes, not the user
        // an answer.
        let _ = self.call(
            "closing a point in time",
            "DELETE",
            "/_search/point_in_time",
            Some(&json!({ "pit_id": [pit] })),
        );
        result
    }

    fn read_past_window(
        &self,
        search_type: &str,
        body: &Value,
        sort: &Value,
        request: &SearchRequest,
        pit: &str,
    ) -> Result<(Vec<RawHit>, Vec<String>), OpenSearchError> {
        let mut hits = Vec::new();
        let mut failures = Vec::new();
        let mut seen = 0usize;
        let mut after: Option<Value> = None;
        let end = request.offset.saturating_add(request.limit);
        let path = format!("/_search?search_type={search_type}");
        while seen < end {
            let skipping = seen + PAGE <= request.offset;
            let mut page = json!({
                "query": body["query"],
                "size": PAGE.min(end - seen),
                "pit": { "id": pit, "keep_alive": "2m" },
                "sort": sort,
                "track_scores": true,
                "track_total_hits": false,
                "_source": if skipping { json!(false) } else { json!(SOURCE_FIELDS) },
            });
            if let Some(after) = &after {
                page["search_after"] = after.clone();
            }
            let json = self.call("reading a page", "POST", &path, Some(&page))?;
            after = json["hits"]["hits"]
                .as_array()
                .and_then(|h| h.last())
                .map(|h| h["sort"].clone());
            let answer = read_answer(json, &path)?;
            failures.extend(answer.failures);
            let got = answer.hits.len();
            for hit in answer.hits {
                if seen >= request.offset {
                    hits.push(hit);
                }
                seen += 1;
            }
            if got == 0 || after.is_none() {
                break;
            }
        }
        failures.dedup();
        Ok((hits, failures))
    }
}

/// The order of a ranking, `path` breaking ties so that `search_after`
/// never skips or repeats an article; where documents share a path
/// (quote records), then `_id`, which the cluster sorts by through
/// field data (OpenSearch allows it by default; Elasticsearch 8 only with
/// `indices.id_field_data.enabled`).
fn sort_of(order: SortOrder, shared_paths: bool) -> Value {
    let mut sort = match order {
        SortOrder::Relevance => json!([{ "_score": "desc" }, { "path": "asc" }]),
        SortOrder::Date => json!([
            { "date": { "order": "desc", "missing": "_last" } },
            { "path": "asc" },
        ]),
    };
    if let (true, Some(keys)) = (shared_paths, sort.as_array_mut()) {
        keys.push(json!({ "_id": "asc" }));
    }
    sort
}

/// Reads hits, the count and failures from a `_search` answer.
fn read_answer(json: Value, url: &str) -> Result<Answer, OpenSearchError> {
    let bad = |detail: &str| OpenSearchError::Answer {
        what: "searching".to_string(),
        url: url.to_string(),
        detail: detail.to_string(),
    };
    if !json["hits"].is_object() {
        return Err(bad("no hits"));
    }
    // Pages read past the window do not count (`track_total_hits:
    // false`); their count is never used.
    let total = json["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize;
    let exact = json["hits"]["total"]["relation"].as_str() != Some("gte");
    let mut hits = Vec::new();
    for hit in json["hits"]["hits"].as_array().map_or(&[][..], |h| h) {
        let score = hit["_score"].as_f64().unwrap_or(0.0) as f32;
        let source = &hit["_source"];
        let article = article_of(source).ok_or_else(|| bad("a hit without a path"))?;
        let quote = quote_fields(source, &article);
        hits.push(RawHit {
            score,
            article,
            quote,
        });
    }
    let mut failures = Vec::new();
    if json["_shards"]["failed"].as_u64().unwrap_or(0) > 0 {
        for failure in json["_shards"]["failures"]
            .as_array()
            .map_or(&[][..], |f| f)
        {
            failures.push(format!(
                "shard {} of {} on node {}: {}: {}",
                failure["shard"],
                failure["index"].as_str().unwrap_or("?"),
                failure["node"].as_str().unwrap_or("?"),
                failure["reason"]["type"].as_str().unwrap_or("?"),
                failure["reason"]["reason"].as_str().unwrap_or("?"),
            ));
        }
        if failures.is_empty() {
            failures.push(format!(
                "{} of {} shards failed without a reason",
                json["_shards"]["failed"], json["_shards"]["total"]
            ));
        }
    }
    if json["timed_out"].as_bool() == Some(true) {
        failures.push("the search timed out on some shards".to_string());
    }
    Ok(Answer {
        hits,
        total,
        exact,
        failures,
        json,
    })
}

/// An article from a document's `_source` (`None` without a path); an
/// `_source` left out (while skipping) gives an empty one.
fn article_of(source: &Value) -> Option<Article> {
    if source.is_null() {
        return Some(Article {
            meta: ArticleMeta::default(),
            body: String::new(),
            notes: Vec::new(),
            quotes: Vec::new(),
        });
    }
    let text = |key: &str| source[key].as_str().map(str::to_string);
    let list = |key: &str| -> Vec<String> {
        match &source[key] {
            Value::Array(values) => values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Value::String(one) => vec![one.clone()],
            _ => Vec::new(),
        }
    };
    let date = text("date")
        .and_then(|d| DateTime::parse_from_rfc3339(&d).ok())
        .map(|d| d.with_timezone(&Utc));
    Some(Article {
        meta: ArticleMeta {
            path: text("path")?,
            title: text("title").unwrap_or_default(),
            lead: text("lead"),
            date,
            date_has_time: source["date_has_time"].as_bool().unwrap_or(false),
            speakers: list("speakers"),
            outlet: text("outlet"),
            authors: list("authors"),
            url: text("url"),
            lang: text("lang"),
        },
        body: text("body").unwrap_or_default(),
        notes: Vec::new(),
        quotes: Vec::new(),
    })
}

/// What a quote record's `_source` adds to its article fields; `None`
/// for an article, which has no paragraph.
fn quote_fields(source: &Value, article: &Article) -> Option<QuoteFields> {
    let paragraph = source["paragraph"].as_u64()?;
    let kind = match source["quote_kind"].as_str() {
        Some(kind) if kind == quote_kind_name(QuoteKind::Reported) => QuoteKind::Reported,
        _ => QuoteKind::Direct,
    };
    Some(QuoteFields {
        words: article.body.clone(),
        paragraph,
        kind,
    })
}

/// The keyword a facet counts by.
fn facet_field(field: FacetField) -> &'static str {
    match field {
        FacetField::Speaker => "speakers.name",
        FacetField::Folder => "folder",
        FacetField::Outlet => "outlet",
        FacetField::Author => "authors.name",
        FacetField::Lang => "lang",
        FacetField::Year | FacetField::Month | FacetField::Day => "date",
    }
}

/// The aggregations for the facets and the speaker summary asked for,
/// named `facet_N` and `speakers` (with `missing_N` beside each facet).
fn aggregations(request: &SearchRequest) -> Map<String, Value> {
    let mut aggs = Map::new();
    for (n, facet) in request.facets.iter().enumerate() {
        let field = facet_field(facet.field);
        let (counting, missing) = match facet.field {
            FacetField::Year | FacetField::Month | FacetField::Day => {
                let (interval, format) = match facet.field {
                    FacetField::Year => ("year", "yyyy"),
                    FacetField::Month => ("month", "yyyy-MM"),
                    _ => ("day", "yyyy-MM-dd"),
                };
                (
                    json!({ "date_histogram": {
                        "field": "date",
                        "calendar_interval": interval,
                        "format": format,
                        "min_doc_count": 0,
                    } }),
                    json!({ "missing": { "field": field } }),
                )
            }
            _ => (
                json!({ "terms": {
                    "field": field,
                    "size": facet.size.max(1),
                    "shard_size": shard_size(facet.size),
                    "order": [{ "_count": "desc" }, { "_key": "asc" }],
                } }),
                json!({ "missing": { "field": field } }),
            ),
        };
        aggs.insert(format!("facet_{n}"), counting);
        aggs.insert(format!("missing_{n}"), missing);
    }
    if let Some(size) = request.speakers {
        aggs.insert(
            "speakers".to_string(),
            json!({ "terms": {
                "field": "speakers.name",
                "size": size.max(1),
                "shard_size": shard_size(size),
                "order": [{ "_count": "desc" }, { "_key": "asc" }],
            }, "aggs": {
                "first": { "min": { "field": "date" } },
                "last": { "max": { "field": "date" } },
                "latest": { "top_hits": {
                    "size": 1,
                    "sort": [{ "date": { "order": "desc", "missing": "_last" } }, { "path": "asc" }],
                    "_source": SOURCE_FIELDS.iter().filter(|f| **f != "body").collect::<Vec<_>>(),
                } },
            } }),
        );
        aggs.insert(
            "speaker_count".to_string(),
            json!({ "cardinality": { "field": "speakers.name", "precision_threshold": 40_000 } }),
        );
    }
    aggs
}

/// The facets asked for, from the answer's aggregations, shaped as the
/// local facets are (periods with the empty ones between, `other` the sum
/// of the buckets not shown).
fn read_facets(request: &SearchRequest, answer: &Value) -> Result<Vec<Facet>, QueryError> {
    let mut facets = Vec::new();
    for (n, asked) in request.facets.iter().enumerate() {
        let agg = &answer["aggregations"][format!("facet_{n}")];
        let missing = answer["aggregations"][format!("missing_{n}")]["doc_count"]
            .as_u64()
            .unwrap_or(0);
        let raw = agg["buckets"].as_array().map_or(&[][..], |b| b);
        let buckets: Vec<Bucket> = raw
            .iter()
            .map(|b| Bucket {
                key: b["key_as_string"]
                    .as_str()
                    .or_else(|| b["key"].as_str())
                    .map_or_else(|| b["key"].to_string(), str::to_string),
                count: b["doc_count"].as_u64().unwrap_or(0),
            })
            .collect();
        if asked.field.is_period() && buckets.len() > MAX_PERIODS {
            return Err(QueryError::FacetTooWide {
                field: asked.field.name(),
                first: buckets[0].key.clone(),
                last: buckets[buckets.len() - 1].key.clone(),
                limit: MAX_PERIODS,
            });
        }
        facets.push(Facet {
            field: asked.field.name(),
            other: agg["sum_other_doc_count"].as_u64().unwrap_or(0),
            buckets,
            missing,
        });
    }
    Ok(facets)
}

/// `newsidx speakers QUERY`'s people, from the `speakers` aggregation.
fn read_speakers(answer: &Value) -> (Vec<SpeakerSummary>, usize) {
    let aggs = &answer["aggregations"];
    let Some(buckets) = aggs["speakers"]["buckets"].as_array() else {
        return (Vec::new(), 0);
    };
    let date = |v: &Value| {
        v["value"]
            .as_f64()
            .and_then(|ms| DateTime::from_timestamp_millis(ms as i64))
    };
    let speakers = buckets
        .iter()
        .filter_map(|b| {
            let latest = article_of(&b["latest"]["hits"]["hits"][0]["_source"])?;
            Some(SpeakerSummary {
                name: b["key"].as_str()?.to_string(),
                articles: b["doc_count"].as_u64().unwrap_or(0),
                first: date(&b["first"]),
                last: date(&b["last"]),
                latest: latest.meta,
                quote: None,
            })
        })
        .collect();
    let total = aggs["speaker_count"]["value"].as_u64().unwrap_or(0) as usize;
    (speakers, total)
}

/// A term suggester for each word, on the unstemmed words (so that what
/// is offered is a word people type, as the local suggestions are).
fn suggester(words: &[String]) -> Value {
    let mut suggest = Map::new();
    for (n, word) in words.iter().enumerate() {
        suggest.insert(
            format!("word_{n}"),
            json!({ "text": word, "term": {
                "field": "text.exact",
                "suggest_mode": "missing",
                "size": 3,
                "max_edits": 2,
                "min_word_length": 3,
            } }),
        );
    }
    Value::Object(suggest)
}

fn read_suggestions(answer: &Value) -> Vec<String> {
    let mut offered: Vec<String> = Vec::new();
    let Some(suggest) = answer["suggest"].as_object() else {
        return offered;
    };
    let mut names: Vec<&String> = suggest.keys().collect();
    names.sort_by_key(|name| name[5..].parse::<usize>().unwrap_or(0));
    for name in names {
        for entry in suggest[name].as_array().map_or(&[][..], |e| e) {
            for option in entry["options"].as_array().map_or(&[][..], |o| o) {
                if let Some(text) = option["text"].as_str() {
                    if !offered.iter().any(|o| o == text) {
                        offered.push(text.to_string());
                    }
                }
            }
        }
    }
    offered
}

impl Backend for ClusterSearcher {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.run_page(request).map(|(results, _)| results)
    }

    fn article(&self, path: &str) -> Result<Option<StoredArticle>, SearchError> {
        let body = json!({
            "query": { "term": { "path": path } },
            "size": 1,
            "_source": SOURCE_FIELDS,
        });
        let url = format!("/{}/_search", self.index);
        let json = self.call("reading an article", "POST", &url, Some(&body))?;
        let answer = read_answer(json, &url)?;
        Ok(answer.hits.into_iter().next().map(|hit| StoredArticle {
            article: hit.article,
            file: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_shard_is_named_with_its_reason() {
        let answer = json!({
            "timed_out": false,
            "_shards": { "total": 3, "successful": 2, "failed": 1, "failures": [
                { "shard": 1, "index": "news", "node": "n2",
                  "reason": { "type": "node_not_connected_exception", "reason": "gone" } }
            ] },
            "hits": { "total": { "value": 4, "relation": "eq" }, "hits": [] }
        });
        let read = read_answer(answer, "/news/_search").unwrap();
        assert_eq!(read.total, 4);
        assert_eq!(
            read.failures,
            ["shard 1 of news on node n2: node_not_connected_exception: gone"]
        );
    }

    #[test]
    fn a_bounded_count_is_not_exact() {
        let answer = json!({
            "_shards": { "total": 3, "successful": 3, "failed": 0 },
            "hits": { "total": { "value": 10000, "relation": "gte" }, "hits": [] }
        });
        let read = read_answer(answer, "/news/_search").unwrap();
        assert!(!read.exact);
        assert!(read.failures.is_empty());
    }

    #[test]
    fn a_document_becomes_the_article_it_was_made_from() {
        let source = json!({
            "path": "a/b.txt", "title": "T", "body": "B", "speakers": ["X Y"],
            "date": "1987-03-01T12:00:00Z", "date_has_time": true, "authors": "Z"
        });
        let article = article_of(&source).unwrap();
        assert_eq!(article.meta.path, "a/b.txt");
        assert_eq!(article.meta.speakers, ["X Y"]);
        assert_eq!(article.meta.authors, ["Z"]);
        assert_eq!(article.meta.date.map(|d| d.timestamp()), Some(541_598_400));
        assert!(article_of(&json!({ "title": "no path" })).is_none());
    }
}
