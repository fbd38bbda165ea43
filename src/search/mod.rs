//! Searching an index: the request and result types every face and every
//! backend share, and the local tantivy backend.
//!
//! A face (the command line, and later a web page) builds a
//! [`SearchRequest`] from its own input and hands it to a [`Backend`]; what
//! comes back is plain data ([`SearchResults`], [`Hit`] derives
//! `Serialize`) or a [`SearchError`]. Nothing here prints, and nothing here
//! knows a command-line type, so a second backend (a search cluster) can
//! stand beside [`LocalSearcher`] behind the same trait.
//!
//! The local backend is split by concern: [`syntax`] parses the user's
//! text into a tree, `compile` turns the tree into tantivy queries,
//! [`query`] adds the date filter, `count` counts matches, `rank` finds the
//! best `k` without scoring every match, and `snippet` picks the passage
//! to show.
//!
//! Words are joined with AND by default: a person searching an archive for
//! `ukraine winter` wants articles about both; `OR` is there when they want
//! either. When too few articles have every word of a plain query to fill
//! the page, the page is filled with the best articles that have most of
//! them, each marked (`matched_all`), rather than left empty.

mod collapse;
mod compile;
mod count;
pub mod dates;
mod exact;
pub mod facets;
pub mod id;
mod local;
mod marking;
pub mod query;
pub mod quotes;
mod rank;
mod said;
pub use said::BestQuotes;
mod scoring;
mod sloppy;
mod snippet;
mod stream;
pub(crate) mod suggest;
pub mod syntax;
mod within;

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub(crate) use self::collapse::components as collapse_components;
pub use self::collapse::{Duplicates, MAX_DUPLICATE_PATHS};
pub use self::compile::minimum_words;
pub use self::dates::{DateRange, Period};
pub use self::facets::{Bucket, Facet, FacetField, FacetRequest};
pub use self::local::{mark_articles, mark_text, LocalSearcher, Opening, PageMarks, TextMarks};
pub use self::stream::{HitStream, Parts};
use crate::article::{Article, ArticleMeta};
pub use crate::error::SearchError;

/// Threads a search spreads its work over, at most.
const SEARCH_THREADS: usize = 4;

/// Runs `work` on the search's pool of threads, so that the parallel
/// iterators inside it (a facet pass by segment, stored documents read
/// side by side) share at most [`SEARCH_THREADS`] cores: rayon's global
/// pool, like tantivy's executor, starts a thread for every core, and on a
/// large server starting them costs a one-query process more than the
/// work they share. Without threads to start, `work` runs here.
pub(crate) fn on_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores.min(SEARCH_THREADS))
            .thread_name(|i| format!("newsidx-search-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Hit ordering.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best BM25 score first.
    #[default]
    Relevance,
    /// Newest first; undated articles last.
    Date,
}

/// One query, as any face builds it and any backend answers it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query text, in the syntax the README documents.
    pub query: String,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Ranking.
    pub sort: SortOrder,
    /// Only articles dated within this range (`--from`/`--to`).
    pub dates: DateRange,
    /// Count every match, however long it takes; otherwise a count that
    /// would take ten times the search stops early (see `count`).
    pub exact_count: bool,
    /// Only articles with every word: no filling of a short page with
    /// articles that have most of the words.
    pub all_words: bool,
    /// Facets to count over every match (the count is then exact).
    pub facets: Vec<FacetRequest>,
    /// One hit per group of near-duplicate matches (`collapse`): limit
    /// and offset then count groups, and the page is not filled.
    pub collapse: bool,
    /// The people quoted in the matches to summarise (`newsidx speakers
    /// QUERY`): at most this many, the most quoted first.
    pub speakers: Option<usize>,
}

/// One ranked article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position in the full ranking (offset included).
    pub rank: usize,
    /// BM25 score.
    pub score: f32,
    /// The article's opaque id ([`id`]): what `/api/article` takes.
    pub id: String,
    /// The article's record: path, title, lead, date, speakers.
    #[serde(flatten)]
    pub article: ArticleMeta,
    /// The source file as an absolute path, when the index records where
    /// its corpus is (the JSON Lines file, for one of its records).
    pub file: Option<String>,
    /// A passage of the body (or lead) around the matches, newlines as spaces.
    pub snippet: String,
    /// Byte ranges `[start, end)` of matched terms in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Byte ranges `[start, end)` of matched terms in the title.
    pub title_highlights: Vec<[usize; 2]>,
    /// False for an article that has most of a plain query's words but
    /// not all, shown because too few have them all.
    pub matched_all: bool,
    /// Under `collapse`: the other matches of the hit's group.
    #[serde(flatten)]
    pub collapsed: Option<Duplicates>,
}

/// The answer to a query.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// Hits in rank order.
    pub hits: Vec<Hit>,
    /// Articles matching the query as written, before limit and offset:
    /// exact, or a lower bound when counting stopped early.
    pub total_hits: usize,
    /// Whether `total_hits` (and `fill_hits`) are exact.
    pub total_exact: bool,
    /// Articles with most but not all of a plain query's words, which
    /// filled a page the query left short; 0 when none were needed.
    pub fill_hits: usize,
    /// When nothing matched the query as written: the archive's words
    /// nearest to the query's unknown words, to try instead.
    pub suggestions: Vec<String>,
    /// The facets asked for, in the order asked.
    pub facets: Vec<Facet>,
    /// Under `collapse`: the groups of near-duplicates among the matches
    /// (exact, as `total_hits` then is).
    pub groups: Option<usize>,
    /// The people quoted in the matches, if asked for, the most quoted
    /// first.
    pub speakers: Vec<SpeakerSummary>,
    /// How many people the matches quote in all, when `speakers` was
    /// asked for.
    pub speakers_total: usize,
    /// Time spent parsing, searching and building snippets.
    pub elapsed: Duration,
    /// Parts of the archive that did not answer (a search cluster's
    /// failed shards, each with the reason): the hits and counts are then
    /// of the rest. Always empty for a local index.
    pub shard_failures: Vec<String>,
}

/// A person quoted in the matches of a query: how often, when, and where
/// last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerSummary {
    /// The name the archive knows the person by.
    pub name: String,
    /// Matching articles that quote them.
    pub articles: u64,
    /// The earliest date among those articles (`None` if none is dated).
    pub first: Option<DateTime<Utc>>,
    /// The latest date among them.
    pub last: Option<DateTime<Utc>>,
    /// Their latest article among the matches (the first found among
    /// articles of the same date).
    pub latest: ArticleMeta,
    /// One thing they said (`quotes::QuoteSearcher::representative`):
    /// absent when the index holds no quote of theirs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<SpeakerQuote>,
}

/// A speaker's representative quote, with its article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerQuote {
    /// The quoted words, or the sentence of reported speech.
    pub text: String,
    /// Which of the two `text` is: only direct quotes go between
    /// quotation marks.
    pub kind: crate::article::quotes::QuoteKind,
    /// The article's identity.
    pub path: String,
    /// The article's title.
    pub title: String,
    /// The article's date.
    pub date: Option<DateTime<Utc>>,
}

/// A whole stored article, as `newsidx show` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredArticle {
    /// Record and text.
    #[serde(flatten)]
    pub article: Article,
    /// The source file as an absolute path, when known (see [`Hit::file`]).
    pub file: Option<String>,
}

/// What a search backend answers. The local tantivy index is one; a search
/// cluster can be another, and the faces cannot tell them apart.
pub trait Backend {
    /// Runs one query.
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError>;

    /// The stored article whose identity (path relative to the corpus root,
    /// `path#N` for a record of a multi-article file) is `path`.
    fn article(&self, path: &str) -> Result<Option<StoredArticle>, SearchError>;
}
