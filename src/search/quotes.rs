//! Quote search (`newsidx quotes`): the quote index (`QUOTES_DIR`, written
//! by `indexer::quotes`) searched as any index is, then each hit made a
//! quote.
//!
//! The quote index has the articles' schema, one document a quote (see
//! `NewsSchema::quote_document`), so the query language, BM25 ranking,
//! `speaker:` and date filters, counting, paging and streaming are the
//! local backend's own, with nothing to keep in step. What a quote adds
//! to a hit is read back from its stored document: the whole quote (a
//! hit's snippet is a passage of at most a few hundred bytes) and its
//! paragraph; the article's title comes from the article index, which
//! quote records do not copy. The speaker is shown under the name the
//! archive knows them by (the registry of the article index, `people`);
//! `speaker:` matches the name the article gives, as the quote index
//! holds it, and `title:` matches no quote.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::said::{self, BestQuotes};
use super::within;
use super::{
    ArticleMeta, Backend, DateRange, Hit, HitStream, LocalSearcher, Parts, SearchRequest,
    SearchResults, SortOrder, SpeakerQuote,
};
use crate::article::quotes::QuoteKind;
use crate::error::{IndexError, SearchError};
use crate::schema::QUOTES_DIR;

/// Quotes of one article looked through, at most, to find a hit's own
/// record: far more than any article holds.
const QUOTES_PER_ARTICLE: usize = 1000;

/// One quote found: what `newsidx quotes --json` writes as a `quote` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteHit {
    /// 1-based position in the ranking (offset included).
    pub rank: usize,
    /// BM25 score of the quote's words.
    pub score: f32,
    /// Who said it, under the name the archive knows them by.
    pub speaker: String,
    /// The quoted words (or the sentence of reported speech), whole.
    pub quote: String,
    /// The article's identity.
    pub path: String,
    /// The article's title.
    pub title: String,
    /// The article's date.
    pub date: Option<DateTime<Utc>>,
    /// The quote's paragraph, counted from 1 with the lead as the first.
    pub paragraph: u64,
    /// Words between quotation marks (`direct`) or a sentence of reported
    /// speech (`reported`).
    pub kind: QuoteKind,
    /// Byte ranges `[start, end)` of matched words in `quote`.
    pub highlights: Vec<[usize; 2]>,
}

impl From<QuoteHit> for SpeakerQuote {
    fn from(quote: QuoteHit) -> SpeakerQuote {
        SpeakerQuote {
            text: quote.quote,
            kind: quote.kind,
            path: quote.path,
            title: quote.title,
            date: quote.date,
        }
    }
}

/// The quote index of an index folder, ready for queries.
pub struct QuoteSearcher {
    quotes: LocalSearcher,
    /// The article index: titles, and the registry for speakers' names.
    /// Shared, so that a server keeps one open for both kinds of search.
    articles: Arc<LocalSearcher>,
}

impl QuoteSearcher {
    /// Opens the quote index in the index folder `path`.
    pub fn open(path: &Path) -> Result<QuoteSearcher, SearchError> {
        // The article index first, so that a missing or foreign folder
        // gets the message every command gives.
        let articles = Arc::new(LocalSearcher::open(path)?);
        QuoteSearcher::beside(articles, path)?.ok_or_else(|| {
            IndexError::Damaged {
                path: path.to_path_buf(),
                cause: Some("it has no quote index (it was built by an older newsidx)".into()),
            }
            .into()
        })
    }

    /// Opens the quote index of the index folder `path`, whose article
    /// index `articles` is already open: `None` when the folder has no
    /// quote index (it was built before quote records), an error when it
    /// has one that cannot be read. The quote index commits before the
    /// articles' `meta.json`, so opened after `articles` it holds at least
    /// their quotes.
    pub fn beside(
        articles: Arc<LocalSearcher>,
        path: &Path,
    ) -> Result<Option<QuoteSearcher>, SearchError> {
        Ok(QuoteSearcher::quote_index(path)?.map(|quotes| QuoteSearcher::of(quotes, articles)))
    }

    /// The quote index in the index folder `path`, as
    /// [`QuoteSearcher::beside`] opens it, for a caller that opens the
    /// article index's segments meanwhile: it must have read the article
    /// index's list of segments first (`LocalSearcher::start_opening`).
    pub fn quote_index(path: &Path) -> Result<Option<LocalSearcher>, SearchError> {
        let dir = path.join(QUOTES_DIR);
        if !dir.join("meta.json").is_file() {
            return Ok(None);
        }
        LocalSearcher::open(&dir).map(Some)
    }

    /// The quote index `quotes` of the article index `articles`.
    pub fn of(quotes: LocalSearcher, articles: Arc<LocalSearcher>) -> QuoteSearcher {
        QuoteSearcher { quotes, articles }
    }

    /// One page of quotes, and the count and facets of every match.
    pub fn search(
        &self,
        request: &SearchRequest,
    ) -> Result<(Vec<QuoteHit>, SearchResults), SearchError> {
        let mut results = self.quotes.search(request)?;
        let quotes = results
            .hits
            .iter_mut()
            .map(|hit| self.quote_of(hit))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((quotes, results))
    }

    /// Every match, read as it is taken (`--limit all`).
    pub fn stream(&self, request: &SearchRequest) -> Result<HitStream<'_>, SearchError> {
        self.quotes.stream(request, Parts::ALL)
    }

    /// Gives each person of a `newsidx speakers QUERY` answer their
    /// representative quote ([`QuoteSearcher::representative`]); the
    /// command line and the server's `/api/speakers` both call this, so
    /// they answer alike.
    pub fn add_representatives(
        &self,
        request: &SearchRequest,
        results: &mut SearchResults,
    ) -> Result<(), SearchError> {
        let best = self.best_quotes(request)?;
        self.add_representatives_with(request, results, best.as_ref())
    }

    /// Every speaker's best quote of `request`'s query, from the said
    /// file (`said.rs`): what [`QuoteSearcher::add_representatives_with`]
    /// takes, found without the articles' results, so that a caller may
    /// run it beside their search. `None` for `*` (every quote matches)
    /// and for an index without a current said file.
    pub fn best_quotes(&self, request: &SearchRequest) -> Result<Option<BestQuotes>, SearchError> {
        if request.query.trim() == "*" {
            return Ok(None);
        }
        let ranked = representative_request(&request.query, SortOrder::Relevance, &request.dates);
        said::best_quotes(&self.quotes, &self.articles, &ranked)
    }

    /// [`QuoteSearcher::add_representatives`] with the best quotes already
    /// found by [`QuoteSearcher::best_quotes`] for the same request.
    pub fn add_representatives_with(
        &self,
        request: &SearchRequest,
        results: &mut SearchResults,
        best: Option<&BestQuotes>,
    ) -> Result<(), SearchError> {
        let names: Vec<&str> = results.speakers.iter().map(|s| s.name.as_str()).collect();
        let found = match best {
            Some(best) => self.best_of_each(best, &names)?,
            None => None,
        };
        if let Some(found) = found {
            for (speaker, best) in results.speakers.iter_mut().zip(found) {
                speaker.quote = self.representative_with(
                    &request.query,
                    &speaker.name,
                    &speaker.latest,
                    &request.dates,
                    StepOne::Found(best),
                    &|name, query, sort, dates| self.first_of(name, query, sort, dates),
                )?;
            }
            return Ok(());
        }
        // Without a said file (an index built before it), each surname is
        // searched instead.
        // People who share a surname share its searches, whose best ten
        // are the same for each of them: each search is ranked once (the
        // synthetic 1M corpus's fifty people for `oil` have 29 surnames).
        let ranked: RefCell<HashMap<(String, bool), Ranked>> = RefCell::default();
        let seen = RefCell::default();
        // The first step of everyone's quote, the query among the quotes
        // of each surname, ranked for all surnames in one pass over the
        // query's quotes (`within.rs`); a surname that pass cannot take is
        // searched below as before.
        if request.query.trim() != "*" && request.dates.is_unbounded() {
            let mut filters: Vec<String> = results
                .speakers
                .iter()
                .map(|speaker| surname_filter(&speaker.name))
                .collect();
            filters.sort();
            filters.dedup();
            let found = within::rank_within(&self.quotes, &request.query, &filters, LOOKED_AT)?;
            if let Some((searcher, found)) = found {
                let mut cache = ranked.borrow_mut();
                for (filter, best) in filters.iter().zip(found) {
                    if let Some(best) = best {
                        let key = (within_query(&request.query, filter), false);
                        cache.insert(key, Some((searcher.clone(), best)));
                    }
                }
            }
        }
        for speaker in &mut results.speakers {
            speaker.quote = self.representative_with(
                &request.query,
                &speaker.name,
                &speaker.latest,
                &request.dates,
                StepOne::BySurname,
                &|name, query, sort, dates| {
                    let key = (query.to_string(), sort == SortOrder::Date);
                    let found = ranked.borrow().get(&key).cloned();
                    let found = match found {
                        Some(found) => found,
                        None => {
                            let found = self.rank(query, sort, dates)?;
                            ranked.borrow_mut().insert(key, found.clone());
                            found
                        }
                    };
                    self.first_of_ranked(name, found, &seen)
                },
            )?;
        }
        Ok(())
    }

    /// One quote of the person the archive calls `name` to show beside
    /// them in `newsidx speakers QUERY`, whose latest matching article is
    /// `latest`: their best-ranked quote among the quotes `query` matches
    /// (every word required), else one of theirs in `latest`, else their
    /// latest anywhere (within `dates`).
    ///
    /// The quote index holds names as each article gives them ("Ms
    /// Solvang" is `Solvang` there, and Ingrid Solvang in the archive).
    /// The registry's said file numbers each record's speaker as the
    /// archive names them, and the first step is one pass over the query's
    /// quotes (`said.rs`). An index without that file (built before it)
    /// searches the query among the quotes of the person's surname
    /// instead, and keeps the first of the best ten that the registry
    /// names `name`: the same quote unless the surname's score reorders
    /// them or others of that surname fill the ten.
    ///
    /// Each search costs what its matches number: a phrase of the full
    /// name, or a search sorted by date, over the quotes of a common name
    /// took most of a million-article `speakers` process, so those come
    /// last, for people the cheaper steps do not find.
    pub fn representative(
        &self,
        query: &str,
        name: &str,
        latest: &ArticleMeta,
        dates: &DateRange,
    ) -> Result<Option<SpeakerQuote>, SearchError> {
        let first_of = |name: &str, query: &str, sort, dates: &DateRange| {
            self.first_of(name, query, sort, dates)
        };
        let step_one = match self.best_of_one(query, name, dates)? {
            Some(found) => StepOne::Found(found),
            None => StepOne::BySurname,
        };
        self.representative_with(query, name, latest, dates, step_one, &first_of)
    }

    /// Each person's quote of the first step, from the best quotes:
    /// `None` when the registry cannot name their speakers. The quotes
    /// are read from the store on two threads: each read decompresses a
    /// block of the quote index and one of the article index (its title).
    fn best_of_each(
        &self,
        best: &BestQuotes,
        names: &[&str],
    ) -> Result<Option<Vec<Option<SpeakerQuote>>>, SearchError> {
        let Some(found) = best.of_each(&self.quotes, &self.articles, names)? else {
            return Ok(None);
        };
        let read = |part: &[Option<tantivy::DocAddress>]| {
            part.iter()
                .map(|at| {
                    at.map(|at| self.speaker_quote(&best.searcher, at))
                        .transpose()
                })
                .collect::<Result<Vec<_>, SearchError>>()
        };
        let (first, second) = found.split_at(found.len() / 2);
        let (quotes, rest) = std::thread::scope(|scope| {
            let other = scope.spawn(|| read(second));
            let mine = read(first);
            (mine, other.join())
        });
        // A panic on the other thread is this thread's panic too.
        let rest = rest.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let mut quotes = quotes?;
        quotes.extend(rest?);
        Ok(Some(quotes))
    }

    /// [`QuoteSearcher::best_of_each`] for one person: `Some(None)` when
    /// no quote of theirs matches.
    fn best_of_one(
        &self,
        query: &str,
        name: &str,
        dates: &DateRange,
    ) -> Result<Option<Option<SpeakerQuote>>, SearchError> {
        let request = SearchRequest {
            query: query.to_string(),
            dates: *dates,
            ..SearchRequest::default()
        };
        let Some(best) = self.best_quotes(&request)? else {
            return Ok(None);
        };
        Ok(self
            .best_of_each(&best, &[name])?
            .map(|mut found| found.pop().flatten()))
    }

    /// The quote record at `address` as a person's quote, with its
    /// article's title.
    fn speaker_quote(
        &self,
        searcher: &tantivy::Searcher,
        address: tantivy::DocAddress,
    ) -> Result<SpeakerQuote, SearchError> {
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.quotes.location, e);
        let doc: TantivyDocument = searcher.doc(address).map_err(read)?;
        let record = self.quotes.schema.stored(&doc);
        Ok(self.quote_of_record(&doc, record))
    }

    /// The stored quote record `doc`, read as `record`, as a person's
    /// quote, with its article's title.
    fn quote_of_record(
        &self,
        doc: &TantivyDocument,
        record: crate::article::Article,
    ) -> SpeakerQuote {
        SpeakerQuote {
            text: record.body,
            kind: self.quotes.schema.stored_quote_kind(doc),
            path: record.meta.path,
            // The record keeps its article's title (`quote_title`).
            title: record.meta.title,
            date: record.meta.date,
        }
    }

    /// The steps of [`QuoteSearcher::representative`]: the first as
    /// `step_one` says, the later searches made by `first_of`.
    fn representative_with(
        &self,
        query: &str,
        name: &str,
        latest: &ArticleMeta,
        dates: &DateRange,
        step_one: StepOne,
        first_of: &FirstOf<'_>,
    ) -> Result<Option<SpeakerQuote>, SearchError> {
        let clean = name.replace('"', " ");
        let by_surname = surname_filter(name);
        // Every quote matches `*`: the latest article's serves at once.
        if query.trim() != "*" {
            let found = match step_one {
                StepOne::Found(found) => found,
                StepOne::BySurname => {
                    let matching = within_query(query, &by_surname);
                    first_of(name, &matching, SortOrder::Relevance, dates)?
                }
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        for record in self.article_quotes(&latest.path)? {
            let named = self
                .articles
                .people
                .as_ref()
                .and_then(|people| people.canonical(&latest.path, &record.speaker))
                .unwrap_or_else(|| record.speaker.clone());
            if named == name {
                return Ok(Some(SpeakerQuote {
                    text: record.words,
                    kind: record.kind,
                    path: latest.path.clone(),
                    title: latest.title.clone(),
                    date: latest.date,
                }));
            }
        }
        for (text, sort) in [
            (format!("speaker:\"{clean}\""), SortOrder::Date),
            (by_surname, SortOrder::Date),
        ] {
            if let Some(found) = first_of(name, &text, sort, dates)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    /// The first of the best ten quotes of `query` whose speaker the
    /// archive calls `name`.
    ///
    /// Only the ranking is asked for ([`LocalSearcher::rank_only`]): a
    /// full search would also count every match of `query` and the
    /// surname, and make a snippet of each of the ten, which for a common
    /// surname at a million articles cost tens of milliseconds a person
    /// (BENCHMARKS.md). The ten are read back one at a time, and only up
    /// to the first whose speaker is the person.
    fn first_of(
        &self,
        name: &str,
        query: &str,
        sort: SortOrder,
        dates: &DateRange,
    ) -> Result<Option<SpeakerQuote>, SearchError> {
        let ranked = self.rank(query, sort, dates)?;
        self.first_of_ranked(name, ranked, &RefCell::default())
    }

    /// The best ten quotes of `query`, ranked only; none when the query is
    /// not one a quote search can run (a field quotes do not have), where
    /// the other steps serve.
    fn rank(&self, query: &str, sort: SortOrder, dates: &DateRange) -> Result<Ranked, SearchError> {
        let request = representative_request(query, sort, dates);
        match self.quotes.rank_only(&request) {
            Ok(found) => Ok(Some(found)),
            Err(SearchError::Query(_)) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// The first of `ranked` whose speaker the archive calls `name`.
    ///
    /// Quotes read are kept in `seen`: people who share a surname look
    /// through the same ten, and each costs a block of the store
    /// decompressed and a registry lookup.
    fn first_of_ranked(
        &self,
        name: &str,
        ranked: Ranked,
        seen: &RefCell<HashMap<tantivy::DocAddress, Seen>>,
    ) -> Result<Option<SpeakerQuote>, SearchError> {
        let Some((searcher, addresses)) = ranked else {
            return Ok(None);
        };
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.quotes.location, e);
        let schema = &self.quotes.schema;
        for address in addresses {
            if let Some(known) = seen.borrow().get(&address) {
                if known.speaker != name {
                    continue;
                }
                if let Some(quote) = &known.quote {
                    return Ok(Some(quote.clone()));
                }
            }
            let doc: TantivyDocument = searcher.doc(address).map_err(read)?;
            let record = schema.stored(&doc);
            let written = record.meta.speakers.first().cloned().unwrap_or_default();
            let speaker = self.canonical(&record.meta.path, written);
            if speaker != name {
                seen.borrow_mut().insert(
                    address,
                    Seen {
                        speaker,
                        quote: None,
                    },
                );
                continue;
            }
            let quote = self.quote_of_record(&doc, record);
            seen.borrow_mut().insert(
                address,
                Seen {
                    speaker,
                    quote: Some(quote.clone()),
                },
            );
            return Ok(Some(quote));
        }
        Ok(None)
    }

    /// [`QuoteSearcher::representative`] the plain way, each step a whole
    /// search (counted, with snippets), the first step every quote of the
    /// query in rank order, each named from its stored record: kept for
    /// the tests that check the said file's pass and the ranking-only
    /// steps give the same quote.
    #[doc(hidden)]
    pub fn representative_by_search(
        &self,
        query: &str,
        name: &str,
        latest: &ArticleMeta,
        dates: &DateRange,
    ) -> Result<Option<SpeakerQuote>, SearchError> {
        let step_one = if query.trim() == "*" {
            StepOne::Found(None)
        } else {
            let mut request = representative_request(query, SortOrder::Relevance, dates);
            request.limit = usize::MAX / 2;
            let mut hits = match self.quotes.search(&request) {
                Ok(found) => found.hits,
                Err(SearchError::Query(_)) => Vec::new(),
                Err(err) => return Err(err),
            };
            let at = hits.iter().position(|hit| self.speaker_of(hit) == name);
            StepOne::Found(match at {
                Some(at) => Some(self.quote_of(&mut hits[at])?.into()),
                None => None,
            })
        };
        self.representative_with(
            query,
            name,
            latest,
            dates,
            step_one,
            &|name, query, sort, dates| self.first_by_search(name, query, sort, dates),
        )
    }

    /// [`QuoteSearcher::first_of`] through a whole search.
    fn first_by_search(
        &self,
        name: &str,
        query: &str,
        sort: SortOrder,
        dates: &DateRange,
    ) -> Result<Option<SpeakerQuote>, SearchError> {
        let request = representative_request(query, sort, dates);
        let mut results = match self.quotes.search(&request) {
            Ok(found) => found,
            Err(SearchError::Query(_)) => return Ok(None),
            Err(err) => return Err(err),
        };
        let Some(at) = results
            .hits
            .iter()
            .position(|hit| self.speaker_of(hit) == name)
        else {
            return Ok(None);
        };
        Ok(Some(self.quote_of(&mut results.hits[at])?.into()))
    }

    /// The name the archive knows the speaker `written` of the article
    /// `path` by.
    fn canonical(&self, path: &str, written: String) -> String {
        self.articles
            .people
            .as_ref()
            .and_then(|people| people.canonical(path, &written))
            .unwrap_or(written)
    }

    /// The quote a hit of the quote index is; `hit` is made to show it
    /// (the whole quote as its snippet, the speaker as its one speaker),
    /// for the printers of articles' hits.
    pub fn quote_of(&self, hit: &mut Hit) -> Result<QuoteHit, SearchError> {
        // The quote index records no corpus of its own: the article's file
        // is where the article index says its corpus is, so that a quote
        // is shown at a path the user can open, as a hit of `query` is.
        if hit.file.is_none() {
            hit.file = self.articles.file_of(&hit.article.path);
        }
        let (quote, paragraph, kind) = self.stored_quote(hit)?;
        let speaker = self.speaker_of(hit);
        // The hit already shows its article's title, which the record
        // keeps (`quote_title`).
        Ok(quote_hit(hit, quote, paragraph, kind, speaker, None))
    }

    /// Who said the quote of `hit`, under the name the archive knows them
    /// by.
    fn speaker_of(&self, hit: &Hit) -> String {
        let written = hit.article.speakers.first().cloned().unwrap_or_default();
        self.canonical(&hit.article.path, written)
    }

    /// The stored words and paragraph of the quote record behind `hit`:
    /// the article's record whose words hold the hit's snippet.
    fn stored_quote(&self, hit: &Hit) -> Result<(String, u64, QuoteKind), SearchError> {
        let written = hit.article.speakers.first().map(String::as_str);
        let records = self.article_quotes(&hit.article.path)?;
        let found = records.iter().position(|r| {
            Some(r.speaker.as_str()) == written && r.words.replace('\n', " ").contains(&hit.snippet)
        });
        Ok(match found.or((!records.is_empty()).then_some(0)) {
            Some(at) => (
                records[at].words.clone(),
                records[at].paragraph,
                records[at].kind,
            ),
            None => (hit.snippet.clone(), 0, QuoteKind::Direct),
        })
    }

    /// The article `path`'s quote records as (words, speaker) pairs, the
    /// speaker under the name the archive knows them by, in paragraph
    /// order: who said what in one article, for the server's article view.
    pub fn said_in(&self, path: &str) -> Result<Vec<(String, String)>, SearchError> {
        let people = self.articles.people.as_ref();
        Ok(self
            .article_quotes(path)?
            .into_iter()
            .map(|r| {
                let speaker = people
                    .and_then(|p| p.canonical(path, &r.speaker))
                    .unwrap_or(r.speaker);
                (r.words, speaker)
            })
            .collect())
    }

    /// The quote records of the article `path`, in paragraph order.
    fn article_quotes(&self, path: &str) -> Result<Vec<Record>, SearchError> {
        let searcher = self.quotes.reader.searcher();
        let schema = &self.quotes.schema;
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.quotes.location, e);
        let query = TermQuery::new(
            Term::from_field_text(schema.path, path),
            IndexRecordOption::Basic,
        );
        let found = searcher
            .search(
                &query,
                &TopDocs::with_limit(QUOTES_PER_ARTICLE).order_by_score(),
            )
            .map_err(read)?;
        let mut records = Vec::with_capacity(found.len());
        for (_, address) in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(read)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            records.push(Record {
                speaker: text(schema.speakers),
                words: text(schema.body),
                paragraph: schema.stored_paragraph(&doc).unwrap_or(0),
                kind: schema.stored_quote_kind(&doc),
            });
        }
        records.sort_by_key(|r| r.paragraph);
        Ok(records)
    }
}

/// The quote a hit of a quote index is, given its record's words,
/// paragraph and kind, who said it and its article's title (`None`: the
/// hit's own, which a quote record leaves empty); `hit` is made to show
/// it (the whole quote as its snippet, the speaker as its one speaker).
/// Shared by the local quote index and a cluster's (`opensearch`), so
/// both make the same quote of the same hit.
pub fn quote_hit(
    hit: &mut Hit,
    quote: String,
    paragraph: u64,
    kind: QuoteKind,
    speaker: String,
    title: Option<String>,
) -> QuoteHit {
    // The snippet is a passage of the quote, with spaces for its line
    // breaks; where it starts in the quote moves its highlights.
    let shift = quote.find(&hit.snippet).unwrap_or(0);
    let highlights: Vec<[usize; 2]> = hit
        .highlights
        .iter()
        .map(|[s, e]| [s + shift, e + shift])
        .filter(|[s, e]| quote.get(*s..*e).is_some())
        .collect();
    if let Some(title) = title {
        hit.article.title = title;
    }
    hit.article.speakers = vec![speaker.clone()];
    hit.snippet = quote.clone();
    hit.highlights = highlights.clone();
    QuoteHit {
        rank: hit.rank,
        score: hit.score,
        speaker,
        quote,
        path: hit.article.path.clone(),
        title: hit.article.title.clone(),
        date: hit.article.date,
        paragraph,
        kind,
        highlights,
    }
}

/// Puts the quote a hit shows (`QuoteSearcher::quote_of`) between
/// quotation marks when it is words as spoken, for people to read; a
/// sentence of reported speech stays as written. Its highlights move with
/// it. Tables and JSON keep the words bare, with the kind beside them.
pub fn mark_spoken_words(hit: &mut Hit, kind: QuoteKind) {
    const OPEN: &str = "\u{201c}";
    const CLOSE: &str = "\u{201d}";
    if kind != QuoteKind::Direct {
        return;
    }
    hit.snippet = format!("{OPEN}{}{CLOSE}", hit.snippet);
    for range in &mut hit.highlights {
        range[0] += OPEN.len();
        range[1] += OPEN.len();
    }
}

/// The best quotes of one step of a speaker's quote, by address, with the
/// searcher they belong to; `None` for a query quotes cannot answer.
type Ranked = Option<(tantivy::Searcher, Vec<tantivy::DocAddress>)>;

/// One step of a speaker's quote: the first of the best quotes of a query
/// whose speaker the archive calls a name (see `QuoteSearcher::first_of`).
type FirstOf<'a> =
    dyn Fn(&str, &str, SortOrder, &DateRange) -> Result<Option<SpeakerQuote>, SearchError> + 'a;

/// Quotes looked at for one whose speaker is the person: others may share
/// the surname.
const LOOKED_AT: usize = 10;

/// The filter of the quotes of everyone with the surname of `name` (the
/// last of its words; the quote index holds names as articles write them).
fn surname_filter(name: &str) -> String {
    let clean = name.replace('"', " ");
    let surname = clean.split_whitespace().last().unwrap_or_default();
    format!("speaker:\"{surname}\"")
}

/// The quotes matching `query` among those `filter` keeps.
fn within_query(query: &str, filter: &str) -> String {
    format!("({query}) {filter}")
}

/// The request of one step of a speaker's quote: the best ten, every word
/// required (a quote with only some of them is no answer).
fn representative_request(query: &str, sort: SortOrder, dates: &DateRange) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        limit: LOOKED_AT,
        sort,
        dates: *dates,
        all_words: true,
        ..SearchRequest::default()
    }
}

/// The first step of a person's quote: already found from the said file
/// (`None`: no quote of theirs matches), or still to be searched by
/// surname.
enum StepOne {
    Found(Option<SpeakerQuote>),
    BySurname,
}

/// A quote of a ranking read once: who said it, under the archive's name
/// for them, and the quote when it was the one a person wanted (a quote
/// that was never wanted is not read to the end).
struct Seen {
    speaker: String,
    quote: Option<SpeakerQuote>,
}

/// A quote record as stored: the speaker as the article names them.
struct Record {
    speaker: String,
    words: String,
    paragraph: u64,
    kind: QuoteKind,
}
