//! The routes: the page's files and the JSON API.
//!
//! Each API route reads its parameters into the request the command line
//! would build ([`SearchRequest`]), runs it on the live index's searcher in
//! tokio's blocking pool, and answers with what the matching subcommand's
//! `--json` writes, gathered into one document by [`crate::output::json`].
//! Parameters are bounded here (query length, limit, offset, facets) so
//! that one request cannot ask for unbounded work; the request as a whole
//! is bounded by [`super::guard`].

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{self, HeaderValue};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use tokio::sync::Semaphore;

use super::cluster::ClusterArchive;
use super::guard::{self, Access, Guard};
use super::live::LiveIndex;
use super::page;
use crate::search::{
    id, Backend, DateRange, FacetRequest, SearchError, SearchRequest, SearchResults, SortOrder,
    StoredArticle, TextMarks,
};

/// The most time one request may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The longest query text, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The most hits (or people) one page may hold.
pub const MAX_LIMIT: usize = 100;
/// The deepest page: hits skipped at most.
pub const MAX_OFFSET: usize = 10_000;
/// The most facets one search may count.
pub const MAX_FACETS: usize = 8;
/// The most buckets one facet may show.
pub const MAX_FACET_SIZE: usize = 200;
/// Hits on a page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 10;

/// Where the server's answers come from.
#[derive(Clone)]
pub enum Source {
    /// An index folder, reopened after each commit beside it.
    Local(Arc<LiveIndex>),
    /// A cluster index (`serve --opensearch`).
    Cluster(Arc<ClusterArchive>),
}

impl Source {
    /// Runs one search of the articles.
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        match self {
            Source::Local(live) => live.searcher().search(request),
            Source::Cluster(cluster) => cluster.with(|s| s.articles().search(request)),
        }
    }
}

/// Everything a route needs.
#[derive(Clone)]
struct App {
    source: Source,
    /// Searches under way at once; the rest wait their turn (within the
    /// time limit), so a burst queues instead of piling up threads.
    running: Arc<Semaphore>,
}

/// The server's routes, behind the guard.
pub fn router(source: Source, access: Access, time_limit: Duration) -> Router {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let app = App {
        source,
        running: Arc::new(Semaphore::new(cores * 2)),
    };
    let guard = Guard {
        access: Arc::new(access),
        time_limit,
    };
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/api/search", get(search))
        .route("/api/speakers", get(speakers))
        .route("/api/quotes", get(quotes))
        .route("/api/article", get(article))
        .route("/api/health", get(health))
        .fallback(not_found)
        .with_state(app)
        .layer(axum::middleware::from_fn_with_state(guard, guard::guard))
}

/// A refusal or a failure, as JSON: `{"error": ..., "hint": ...}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: String,
    hint: Option<String>,
}

impl ApiError {
    /// An error with its status and, when known, what to do.
    pub fn new(status: StatusCode, error: String, hint: Option<&str>) -> ApiError {
        ApiError {
            status,
            error,
            hint: hint.map(str::to_string),
        }
    }

    fn bad(error: String, hint: &str) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, error, Some(hint))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: &'a str,
            hint: Option<&'a str>,
        }
        let body = serde_json::to_vec(&Body {
            error: &self.error,
            hint: self.hint.as_deref(),
        })
        .unwrap_or_default();
        json_response(self.status, body)
    }
}

impl From<crate::opensearch::OpenSearchError> for ApiError {
    fn from(err: crate::opensearch::OpenSearchError) -> ApiError {
        ApiError::from(SearchError::from(err))
    }
}

impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> ApiError {
        let status = match err {
            SearchError::Query(_) => StatusCode::BAD_REQUEST,
            SearchError::Index(_) => StatusCode::INTERNAL_SERVER_ERROR,
            // The cluster, not the server, failed to answer.
            SearchError::Cluster(_) => StatusCode::BAD_GATEWAY,
        };
        let err = anyhow::Error::new(err);
        ApiError {
            status,
            error: format!("{err:#}"),
            hint: crate::error::hint(&err),
        }
    }
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    // Answers change with each commit; nothing may serve an old one.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn not_found(uri: Uri) -> ApiError {
    let path = uri.path();
    let hint =
        "the routes are /, /api/search, /api/quotes, /api/speakers, /api/article and /api/health";
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("nothing is served at {path}"),
        Some(hint),
    )
}

/// The parameters of a request, in order, each name checked against the
/// route's list so that a misspelt one is an error, not silently ignored.
struct Params(Vec<(String, String)>);

impl Params {
    fn read(uri: &Uri, known: &[&str]) -> Result<Params, ApiError> {
        let pairs = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map_err(|e| {
                ApiError::bad(
                    format!("cannot read the parameters: {e}"),
                    "encode them as a URL query: ?q=cocoa&limit=10",
                )
            })?
            .0;
        if let Some((name, _)) = pairs
            .iter()
            .find(|(name, _)| !known.contains(&name.as_str()))
        {
            return Err(ApiError::bad(
                format!("no parameter {name:?} here"),
                &format!("the parameters are {}", known.join(", ")),
            ));
        }
        Ok(Params(pairs))
    }

    /// The last value given for `name`, as `--limit 5 --limit 6` takes the last.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn query(&self) -> Result<String, ApiError> {
        let q = self.get("q").unwrap_or_default();
        let chars = q.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(ApiError::new(
                StatusCode::URI_TOO_LONG,
                format!(
                    "the query is {chars} characters long; at most {MAX_QUERY_CHARS} are searched"
                ),
                Some("shorten the query"),
            ));
        }
        Ok(q.to_string())
    }

    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(text) = self.get(name) else {
            return Ok(default);
        };
        match text.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            Ok(n) => Err(ApiError::bad(
                format!("{name}={n} is more than this server allows ({max})"),
                &format!("give {name} from 0 to {max}"),
            )),
            Err(_) => Err(ApiError::bad(
                format!("{name}={text:?} is not a whole number"),
                &format!("give {name} from 0 to {max}"),
            )),
        }
    }

    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name) {
            None | Some("0" | "false" | "") => Ok(false),
            Some("1" | "true") => Ok(true),
            Some(other) => Err(ApiError::bad(
                format!("{name}={other:?} is neither true nor false"),
                &format!("give {name}=1 or {name}=0"),
            )),
        }
    }

    fn dates(&self) -> Result<DateRange, ApiError> {
        let from = self.get("from").filter(|d| !d.is_empty());
        let to = self.get("to").filter(|d| !d.is_empty());
        DateRange::from_bounds(from, to).map_err(|e| ApiError::from(SearchError::Query(e)))
    }
}

const SEARCH_PARAMS: &[&str] = &[
    "q",
    "from",
    "to",
    "sort",
    "limit",
    "offset",
    "facet",
    "collapse",
    "all_words",
    "exact_count",
];

fn search_request(params: &Params) -> Result<SearchRequest, ApiError> {
    let sort = match params.get("sort").unwrap_or("relevance") {
        "relevance" | "" => SortOrder::Relevance,
        "date" => SortOrder::Date,
        other => {
            return Err(ApiError::bad(
                format!("sort={other:?} is no order"),
                "give sort=relevance or sort=date",
            ))
        }
    };
    let mut facets: Vec<FacetRequest> = Vec::new();
    for spec in params.all("facet") {
        let facet = crate::cli::facet_spec(spec)
            .map_err(|e| ApiError::bad(e, "give facet=FIELD or facet=FIELD:N, as --facet takes"))?;
        if facet.size > MAX_FACET_SIZE {
            return Err(ApiError::bad(
                format!(
                    "facet={spec} asks for more buckets than this server shows ({MAX_FACET_SIZE})"
                ),
                &format!("give a count up to {MAX_FACET_SIZE}"),
            ));
        }
        facets.push(facet);
    }
    if facets.len() > MAX_FACETS {
        return Err(ApiError::bad(
            format!(
                "{} facets asked for; at most {MAX_FACETS} are counted at once",
                facets.len()
            ),
            "ask for fewer facets",
        ));
    }
    Ok(SearchRequest {
        query: params.query()?,
        limit: params.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?,
        offset: params.number("offset", 0, MAX_OFFSET)?,
        sort,
        dates: params.dates()?,
        exact_count: params.flag("exact_count")?,
        all_words: params.flag("all_words")?,
        facets,
        collapse: params.flag("collapse")?,
        speakers: None,
    })
}

/// Runs `work` on the blocking pool once a search slot is free.
async fn run<F>(app: &App, work: F) -> Result<Response, ApiError>
where
    F: FnOnce(&Source) -> Result<Vec<u8>, ApiError> + Send + 'static,
{
    let _slot = app.running.acquire().await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is stopping".into(),
            None,
        )
    })?;
    let source = app.source.clone();
    let body = tokio::task::spawn_blocking(move || work(&source))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the search failed unexpectedly".into(),
                Some("try again; if it fails again, report the query"),
            )
        })??;
    Ok(json_response(StatusCode::OK, body))
}

fn written(result: std::io::Result<()>) -> Result<(), ApiError> {
    result.map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write the answer: {e}"),
            None,
        )
    })
}

/// How a route writes its results: one of the `--json` writers as a
/// document.
type Writer = fn(&mut dyn std::io::Write, &str, &SearchResults) -> std::io::Result<()>;

/// Runs `request` and writes its results with `write`.
async fn answer(app: &App, request: SearchRequest, write: Writer) -> Result<Response, ApiError> {
    run(app, move |source| {
        let mut results = source.search(&request)?;
        for hit in &mut results.hits {
            hit.file = None;
        }
        let mut out = Vec::with_capacity(4096);
        written(write(&mut out, &request.query, &results))?;
        Ok(out)
    })
    .await
}

async fn search(State(app): State<App>, uri: Uri) -> Result<Response, ApiError> {
    let params = Params::read(&uri, SEARCH_PARAMS)?;
    let request = search_request(&params)?;
    answer(&app, request, crate::output::json::write_document).await
}

async fn speakers(State(app): State<App>, uri: Uri) -> Result<Response, ApiError> {
    let params = Params::read(&uri, &["q", "from", "to", "limit"])?;
    let request = SearchRequest {
        query: params.query()?,
        dates: params.dates()?,
        speakers: Some(params.number("limit", 50, MAX_LIMIT)?),
        ..SearchRequest::default()
    };
    run(&app, move |source| {
        let results = match source {
            Source::Local(live) => {
                let snapshot = live.snapshot();
                let mut results = snapshot.articles.search(&request)?;
                // An index built before quote records lists people without
                // a quote, as `newsidx speakers` does.
                if let (false, Some(quotes)) = (results.speakers.is_empty(), snapshot.quotes()?) {
                    quotes.add_representatives(&request, &mut results)?;
                }
                results
            }
            // A cluster has no registry to pick a person's quote by: its
            // people come without one (README).
            Source::Cluster(_) => source.search(&request)?,
        };
        let mut out = Vec::with_capacity(4096);
        written(crate::output::json::write_speakers_document(
            &mut out,
            &request.query,
            &results,
        ))?;
        Ok(out)
    })
    .await
}

/// The quote records, searched as `newsidx quotes` searches them: the
/// same parameters as `/api/search` but facets and collapsing, which count
/// and group articles.
async fn quotes(State(app): State<App>, uri: Uri) -> Result<Response, ApiError> {
    let params = Params::read(&uri, SEARCH_PARAMS)?;
    if params.get("facet").is_some() || params.get("collapse").is_some() {
        return Err(ApiError::bad(
            "quotes take no facet or collapse: both count and group articles".into(),
            "ask /api/search for facets and collapsing",
        ));
    }
    let request = search_request(&params)?;
    run(&app, move |source| {
        let (quotes, results) = match source {
            Source::Local(live) => {
                let snapshot = live.snapshot();
                let Some(searcher) = snapshot.quotes()? else {
                    return Err(ApiError::new(
                        StatusCode::NOT_FOUND,
                        "this index has no quote records: it was built by an older newsidx".into(),
                        Some("rebuild it with `newsidx index --full` to search quotes"),
                    ));
                };
                searcher.search(&request)?
            }
            Source::Cluster(cluster) => cluster.with(|s| s.search(&request))?,
        };
        let mut out = Vec::with_capacity(4096);
        written(crate::output::json::write_quotes_document(
            &mut out,
            &request.query,
            &quotes,
            &results,
        ))?;
        Ok(out)
    })
    .await
}

/// One article as `show --json` gives it, with its id and the quoted
/// passages of its text.
#[derive(Serialize)]
struct ArticleView {
    id: String,
    #[serde(flatten)]
    article: StoredArticle,
    /// With `q`: the query's words in the title and in the body (byte
    /// ranges of the whole body, lines joined by `\n`), as hits mark them.
    #[serde(skip_serializing_if = "Option::is_none")]
    title_highlights: Option<Vec<[usize; 2]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_highlights: Option<Vec<[usize; 2]>>,
    /// Quoted passages, by paragraph (0-based line of `body`) and byte
    /// range within it, with who said each (`null` when the article does
    /// not name them).
    quotes: Vec<QuoteView>,
}

#[derive(Serialize)]
struct QuoteView {
    paragraph: usize,
    range: [usize; 2],
    speaker: Option<String>,
}

/// The quoted passages [`crate::article::quotes`] finds in the stored
/// text, each with its speaker from the article's quote records: the
/// record whose words are the passage's (or hold it, or are held in it). A passage no record
/// holds (its speaker was not named) keeps `speaker` null.
fn quotes_of(body: &str, said: &[(String, String)]) -> Vec<QuoteView> {
    // Whitespace squeezed and closing punctuation cut: a record holds the
    // words without the comma that closes them inside the marks.
    let squeeze = |text: &str| {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        text.trim_end_matches([',', '.', ';', ':']).to_string()
    };
    let said: Vec<(String, &str)> = said
        .iter()
        .map(|(words, speaker)| (squeeze(words), speaker.as_str()))
        .collect();
    let paragraphs: Vec<&str> = body.lines().collect();
    crate::article::quotes::find_quotes(&paragraphs)
        .into_iter()
        .map(|q| {
            let passage = squeeze(&paragraphs[q.paragraph][q.range.clone()]);
            let speaker = said
                .iter()
                .find(|(words, _)| {
                    !passage.is_empty()
                        && !words.is_empty()
                        && (words.contains(&passage) || passage.contains(words))
                })
                .map(|(_, speaker)| speaker.to_string());
            QuoteView {
                paragraph: q.paragraph,
                range: [q.range.start, q.range.end],
                speaker,
            }
        })
        .collect()
}

async fn article(State(app): State<App>, uri: Uri) -> Result<Response, ApiError> {
    let params = Params::read(&uri, &["id", "q"])?;
    let query = params.query()?;
    let given = params.get("id").unwrap_or_default().to_string();
    let Some(identity) = id::identity_of(&given) else {
        return Err(ApiError::bad(
            format!("{given:?} is not an article id"),
            "take the id from a hit of /api/search",
        ));
    };
    run(&app, move |source| {
        let Some((mut article, marks, said)) = read_article(source, &identity, &query)? else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "no article has this id in the index".into(),
                Some("it may have been removed from the archive; search again"),
            ));
        };
        // Where the server keeps its articles is none of a reader's
        // business: `file` (an absolute path on the server) stays null.
        article.file = None;
        let (title_highlights, body_highlights) = match marks {
            Some(marks) => (Some(marks.title), Some(marks.body)),
            None => (None, None),
        };
        let view = ArticleView {
            id: given,
            quotes: quotes_of(&article.article.body, &said),
            title_highlights,
            body_highlights,
            article,
        };
        serde_json::to_vec(&view).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot write the answer: {e}"),
                None,
            )
        })
    })
    .await
}

/// An article, the query's words marked in it (with a query), and who
/// said what in it, from either source; `None` when no article has the
/// identity.
type ArticleParts = (StoredArticle, Option<TextMarks>, Vec<(String, String)>);

fn read_article(
    source: &Source,
    identity: &str,
    query: &str,
) -> Result<Option<ArticleParts>, ApiError> {
    let wants_marks = !query.trim().is_empty();
    match source {
        Source::Local(live) => {
            let snapshot = live.snapshot();
            let searcher = &snapshot.articles;
            let Some(article) = searcher.article(identity)? else {
                return Ok(None);
            };
            let marks = if wants_marks {
                let text = &article.article;
                Some(searcher.marks(query, &text.meta.title, &text.body)?)
            } else {
                None
            };
            // An index built before quote records has none to give: then
            // every passage keeps a null speaker. One that cannot be read
            // is reported, not taken for that.
            let said = match snapshot.quotes()? {
                Some(quotes) => quotes.said_in(identity)?,
                None => Vec::new(),
            };
            Ok(Some((article, marks, said)))
        }
        // The stored fields and the quote records come from the cluster;
        // the marks are made here by the local code, over the article
        // alone.
        Source::Cluster(cluster) => cluster.with(|s| {
            let Some(article) = s.articles().article(identity)? else {
                return Ok(None);
            };
            let said = s.said_in(identity)?;
            let marks = if wants_marks {
                Some(crate::search::mark_text(query, &article.article)?)
            } else {
                None
            };
            Ok::<_, ApiError>(Some((article, marks, said)))
        }),
    }
}

async fn health(State(app): State<App>, uri: Uri) -> Result<Response, ApiError> {
    Params::read(&uri, &[])?;
    #[derive(Serialize)]
    struct Health {
        status: &'static str,
        documents: u64,
        last_commit: Option<chrono::DateTime<chrono::Utc>>,
        reloads: u64,
        version: &'static str,
    }
    let live = match &app.source {
        Source::Local(live) => live,
        Source::Cluster(cluster) => {
            // Counting asks the cluster: off the async workers, bounded.
            let cluster = cluster.clone();
            return run(&app, move |_| {
                let documents = cluster.with(|s| s.articles().count())?;
                let health = Health {
                    status: "ok",
                    documents,
                    last_commit: None,
                    reloads: 0,
                    version: env!("CARGO_PKG_VERSION"),
                };
                Ok(serde_json::to_vec(&health).unwrap_or_default())
            })
            .await;
        }
    };
    let health = Health {
        status: "ok",
        documents: live.searcher().tantivy_searcher().num_docs(),
        last_commit: live.last_commit(),
        reloads: live.reloads(),
        version: env!("CARGO_PKG_VERSION"),
    };
    let body = serde_json::to_vec(&health).unwrap_or_default();
    Ok(json_response(StatusCode::OK, body))
}
