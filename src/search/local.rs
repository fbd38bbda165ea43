//! The local backend: a tantivy index on this machine's disk.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::query::{PhraseQuery, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, Order, ReloadPolicy, Score, TantivyDocument, Term,
};

use super::facets::FacetError;
use super::scoring::Statistics;
use super::{
    collapse, count, facets, query, rank, snippet, suggest, Backend, Hit, SearchError,
    SearchRequest, SearchResults, SortOrder, StoredArticle,
};
use super::{FacetField, FacetRequest, SpeakerSummary};
use crate::article::split_record;
use crate::article::ArticleMeta;
use crate::error::IndexError;
use crate::people::{Registry, SpeakerTable};
use crate::schema::{NewsSchema, DATE_FIELD};
use crate::state::IndexSettings;
use crate::store;
use chrono::DateTime;

/// How long a query may spend ranking and counting its matches in one
/// pass (`rank::top_and_count`) before it is ranked with pruning and
/// counted apart, the count then cut short by its own budget if need be.
const ONE_PASS_BUDGET: Duration = Duration::from_millis(10);

/// Decompressed blocks of stored documents kept per segment (see
/// `from_index`).
const DOC_STORE_CACHE_BLOCKS: usize = 1;

/// The words of a query in one article's title and body
/// ([`LocalSearcher::marks`]): byte ranges, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMarks {
    /// Ranges in the title.
    pub title: Vec<[usize; 2]>,
    /// Ranges in the whole body (lines joined by `\n`).
    pub body: Vec<[usize; 2]>,
}

/// An open index, ready for queries.
pub struct LocalSearcher {
    pub(super) index: Index,
    pub(super) schema: NewsSchema,
    pub(super) reader: IndexReader,
    /// Where the index lives, for messages.
    pub(super) location: PathBuf,
    /// The corpus folder the index records, to give hits a file that opens.
    corpus_root: Option<PathBuf>,
    /// Who is who across the archive (`people`), when the index has a
    /// registry that describes it.
    pub(super) people: Option<Registry>,
}

/// An index whose list of segments is read: [`LocalSearcher::start_opening`].
pub struct Opening {
    index: Index,
    schema: NewsSchema,
    path: PathBuf,
}

impl Opening {
    /// Opens the segments and the speaker registry.
    pub fn finish(self) -> Result<LocalSearcher, SearchError> {
        let path = &self.path;
        let corpus_root = IndexSettings::load(path)
            .map_err(|e| IndexError::damaged(path, e))?
            .map(|settings| settings.corpus_root);
        let mut searcher = LocalSearcher::from_index(self.index, self.schema)?;
        searcher.people = Registry::load(path, &searcher.reader.searcher())?;
        searcher.location = self.path;
        searcher.corpus_root = corpus_root;
        Ok(searcher)
    }
}

impl LocalSearcher {
    /// Opens the index folder at `path`.
    pub fn open(path: &Path) -> Result<LocalSearcher, SearchError> {
        LocalSearcher::start_opening(path)?.finish()
    }

    /// The first step of [`LocalSearcher::open`]: the index's list of
    /// segments is read (what it holds is fixed from here), its segments
    /// not yet opened. What must be read after this list (the quote index,
    /// which commits first) may be opened while the segments are.
    pub fn start_opening(path: &Path) -> Result<Opening, SearchError> {
        let (index, schema) = store::open_for_search(path)?;
        Ok(Opening {
            index,
            schema,
            path: path.to_path_buf(),
        })
    }

    /// Wraps an index already opened (in memory, for tests and benches);
    /// hits then have no `file`.
    pub fn from_index(index: Index, schema: NewsSchema) -> Result<LocalSearcher, SearchError> {
        // Segments are ranked one after the other. A thread pool to search
        // them in parallel took a two-word AND at a million articles from
        // 1.13 to 0.90 ms, but starting its threads cost the one-query
        // process more than that (about 1.3 ms of 8). A pass over every
        // match (facets, `newsidx speakers`) is worth its threads, and
        // takes the search's pool (`on_pool`).
        //
        // One process answers one query: a reader that watches for new
        // commits would only start a thread for nothing.
        //
        // tantivy keeps 100 decompressed blocks of stored documents per
        // segment by default. A page reads a few documents, each from a
        // block of its own, and an export (`stream`) reads each batch in
        // address order, so one block is reused while it lasts and older
        // ones never are; the default only let an export of a million
        // articles grow by 1.6 MB per segment it passed (28 MB over 21
        // segments), and each block kept is memory touched for the first
        // time (4 blocks: 180 more page faults of `newsidx speakers` at a
        // million articles than 1).
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()
            .map_err(|e| IndexError::damaged(Path::new(""), e))?;
        Ok(LocalSearcher {
            index,
            schema,
            reader,
            location: PathBuf::new(),
            corpus_root: None,
            people: None,
        })
    }

    /// The speakers of the article at `at` under the names the archive
    /// knows them by ("Reagan" in a story that never says "Ronald" is
    /// Ronald Reagan), each once; `table` is the registry's docs table,
    /// when the caller has read it (see [`Registry::named_speakers`]).
    fn name_speakers(
        &self,
        meta: &mut ArticleMeta,
        searcher: &tantivy::Searcher,
        at: DocAddress,
        table: Option<&SpeakerTable>,
    ) {
        let Some(people) = &self.people else {
            return;
        };
        let segment = searcher.segment_reader(at.segment_ord).segment_id();
        meta.speakers = people.named_speakers(
            table,
            &segment.uuid_string(),
            at.doc_id,
            &meta.path,
            &meta.speakers,
        );
    }

    /// The identity of the article in `file` (a path from `cwd`, or
    /// absolute; `file.jsonl#N` for a record), if the file is inside the
    /// corpus the index records.
    pub fn identity_of_file(&self, file: &str, cwd: Option<&Path>) -> Option<String> {
        let root = self.corpus_root.as_deref()?;
        let (name, record) = split_record(file);
        let path = Path::new(name);
        let path = match cwd {
            Some(cwd) if path.is_relative() => cwd.join(path),
            _ => path.to_path_buf(),
        };
        let path = path.canonicalize().ok()?;
        let rel = path
            .strip_prefix(root)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        Some(match record {
            Some(n) => format!("{rel}#{n}"),
            None => rel,
        })
    }

    /// The tantivy query a request turns into (for tests that compare the
    /// fast paths with tantivy's own collectors).
    #[doc(hidden)]
    pub fn tantivy_query(&self, request: &SearchRequest) -> Result<Box<dyn Query>, SearchError> {
        let searcher = self.reader.searcher();
        Ok(query::build(
            &self.index,
            &self.schema,
            &searcher,
            self.people.as_ref(),
            request,
        )?
        .query)
    }

    /// The words of `query` in an article's `title` and whole `body`, as
    /// byte ranges: what a hit's snippet would mark, over all the text
    /// (the server's article view).
    pub fn marks(&self, query: &str, title: &str, body: &str) -> Result<TextMarks, SearchError> {
        let searcher = self.reader.searcher();
        let request = SearchRequest {
            query: query.to_string(),
            ..SearchRequest::default()
        };
        let built = query::build(
            &self.index,
            &self.schema,
            &searcher,
            self.people.as_ref(),
            &request,
        )?;
        let mut generators = snippet::generators(&self.schema, &searcher, &*built.query)
            .map_err(|e| IndexError::damaged(&self.location, e))?;
        Ok(TextMarks {
            title: generators.title_highlights(title),
            body: generators.text_highlights(body),
        })
    }

    /// The tantivy searcher over the index as it was opened.
    #[doc(hidden)]
    pub fn tantivy_searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The addresses of the first `request.limit` matches, in the order
    /// [`Backend::search`] ranks them, and nothing else: no count, no
    /// filling of a short page, no snippet, no stored document read. A
    /// caller that wants one match of a few (a speaker's quote) would
    /// otherwise pay for counting every match, which for a common word at a
    /// million documents is most of the search. Relevance ranks as `run`
    /// does (one pass while it is quick, else with pruning; both give the
    /// same best `k`, ties in index order).
    pub(super) fn rank_only(
        &self,
        request: &SearchRequest,
    ) -> Result<(tantivy::Searcher, Vec<DocAddress>), SearchError> {
        let searcher = self.reader.searcher();
        let built = query::build(
            &self.index,
            &self.schema,
            &searcher,
            self.people.as_ref(),
            request,
        )?;
        if request.limit == 0 {
            return Ok((searcher, Vec::new()));
        }
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.location, e);
        let k = request.offset.saturating_add(request.limit);
        let addresses = match request.sort {
            SortOrder::Relevance => {
                let statistics = Statistics::new(&searcher);
                let phrase = built
                    .query
                    .downcast_ref::<PhraseQuery>()
                    .filter(|_| built.lone_phrase);
                // As `run` ranks: one pass that scores every match while
                // it is quick (an intersection, such as a query and a
                // speaker's surname, gets nothing from pruning, which cost
                // it more), else the pruned ranking.
                let scoring = statistics.scoring();
                let fused = if count::from_statistics(&*built.query) || phrase.is_some() {
                    None
                } else {
                    let deadline = Instant::now() + ONE_PASS_BUDGET;
                    built
                        .query
                        .weight(scoring)
                        .and_then(|weight| {
                            rank::top_and_count(&searcher, &*weight, k, Some(deadline))
                        })
                        .map_err(read)?
                };
                match (fused, phrase) {
                    (Some((best, _)), _) => Ok(best),
                    (None, Some(phrase)) => rank::top_phrase_matches(&searcher, phrase, k),
                    (None, None) => built
                        .query
                        .weight(scoring)
                        .and_then(|weight| rank::top_matches(&searcher, &*weight, None, k)),
                }
                .map_err(read)?
                .into_iter()
                .skip(request.offset)
                .map(|(_, address)| address)
                .collect()
            }
            SortOrder::Date => {
                let by_date = TopDocs::with_limit(request.limit)
                    .and_offset(request.offset)
                    .order_by_fast_field::<tantivy::DateTime>(DATE_FIELD, Order::Desc);
                searcher
                    .search(&built.query, &by_date)
                    .map_err(read)?
                    .into_iter()
                    .map(|(_, address)| address)
                    .collect()
            }
        };
        Ok((searcher, addresses))
    }

    fn run(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let start = Instant::now();
        let searcher = self.reader.searcher();
        let statistics = Statistics::new(&searcher);
        let built = query::build(
            &self.index,
            &self.schema,
            &searcher,
            self.people.as_ref(),
            request,
        )?;
        let query = built.query;
        let lone_phrase = built.lone_phrase;
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.location, e);
        let phrase = query
            .downcast_ref::<PhraseQuery>()
            .filter(|_| lone_phrase && request.sort == SortOrder::Relevance);

        let wanted = request
            .limit
            .min((searcher.num_docs() as usize).saturating_sub(request.offset));
        // Ranked first, counted after: the count's budget is a multiple
        // of the ranking's time (see `count`).
        let mut ranking = Instant::now();
        let mut seen_all = None;
        let mut filled = false;
        // Groups are found among every match, so a collapsed search ranks
        // and counts in that one pass (see `collapse`).
        let collapsed = if request.collapse {
            let weight = query.weight(statistics.scoring()).map_err(read)?;
            let page =
                collapse::collapse(&searcher, &*weight, request.sort, request.offset, wanted);
            Some(page.map_err(read)?)
        } else {
            None
        };
        if let Some(collapsed) = &collapsed {
            seen_all = Some(collapsed.matches);
        }
        let ranked: Vec<(Option<Score>, DocAddress, bool)> = if wanted == 0 {
            Vec::new()
        } else if let Some(collapsed) = &collapsed {
            collapsed
                .page
                .iter()
                .map(|&(score, address)| (Some(score), address, true))
                .collect()
        } else {
            match request.sort {
                SortOrder::Relevance => {
                    let k = request.offset + wanted;
                    let scoring = statistics.scoring();
                    // A lone phrase is left to the pruned ranking: scored,
                    // tantivy counts every occurrence in every match, where
                    // counting stops at the first, so one pass costs more
                    // than two (at a million articles it ran past the
                    // deadline, and the time spent was lost).
                    let fused = if count::from_statistics(&*query) || phrase.is_some() {
                        None
                    } else {
                        let deadline = (!request.exact_count).then(|| ranking + ONE_PASS_BUDGET);
                        query
                            .weight(scoring)
                            .and_then(|weight| {
                                rank::top_and_count(&searcher, &*weight, k, deadline)
                            })
                            .map_err(read)?
                    };
                    let best = match fused {
                        Some((best, total)) => {
                            seen_all = Some(total);
                            best
                        }
                        None => {
                            ranking = Instant::now();
                            match phrase {
                                Some(phrase) => rank::top_phrase_matches(&searcher, phrase, k),
                                None => query.weight(scoring).and_then(|weight| {
                                    rank::top_matches(&searcher, &*weight, None, k)
                                }),
                            }
                            .map_err(read)?
                        }
                    };
                    // Fewer than asked for: the ranking saw every match.
                    if best.len() < k {
                        seen_all = Some(best.len());
                    }
                    let mut page: Vec<(Score, DocAddress, bool)> =
                        best.into_iter().map(|(s, d)| (s, d, true)).collect();
                    if let Some(most) = built.most_words.as_ref().filter(|_| page.len() < k) {
                        filled = true;
                        let more = most
                            .weight(scoring)
                            .and_then(|weight| rank::top_matches(&searcher, &*weight, None, k))
                            .map_err(read)?;
                        fill_page(&mut page, more, k);
                    }
                    page.into_iter()
                        .skip(request.offset)
                        .map(|(s, d, all)| (Some(s), d, all))
                        .collect()
                }
                SortOrder::Date => {
                    let by_date =
                        TopDocs::with_limit(wanted)
                            .and_offset(request.offset)
                            .order_by_fast_field::<tantivy::DateTime>(DATE_FIELD, Order::Desc);
                    searcher
                        .search(&query, &by_date)
                        .map_err(read)?
                        .into_iter()
                        .map(|(_, d)| (None, d, true))
                        .collect()
                }
            }
        };
        let budget = (!request.exact_count).then(|| count::budget(ranking.elapsed()));
        // Facets see every match, so they count them too.
        let mut facets = Vec::new();
        let mut speakers = Vec::new();
        let mut speakers_total = 0;
        // Read once for the speaker facet and for naming the speakers of
        // what is shown, where a facet pass reads it anyway.
        let wants_table = request.speakers.is_some() || facets::wants_speakers(&request.facets);
        let table = match &self.people {
            Some(people) if wants_table => people.speaker_table(),
            _ => None,
        };
        if !request.facets.is_empty() || request.speakers.is_some() {
            let mut wanted = request.facets.clone();
            if let Some(size) = request.speakers {
                wanted.push(FacetRequest {
                    field: FacetField::Speaker,
                    size,
                });
            }
            let counted = facets::count(
                &searcher,
                &*query,
                &wanted,
                self.people.as_ref(),
                table.as_ref(),
                request.speakers.is_some(),
            )
            .map_err(|e| match e {
                FacetError::Index(e) => SearchError::from(read(e)),
                FacetError::Query(e) => SearchError::from(e),
            })?;
            facets = counted.facets;
            if request.speakers.is_some() {
                use rayon::prelude::*;
                let asked: Vec<_> = facets
                    .pop()
                    .map_or_else(Vec::new, |f| f.buckets)
                    .into_iter()
                    .filter_map(|bucket| Some((counted.spans.get(&bucket.key)?, bucket)))
                    .collect();
                // Each latest article is a block of the store decompressed
                // for itself alone: fifty of them, read one after another,
                // were a tenth of a million-article `newsidx speakers`.
                let read_all = || {
                    asked
                        .into_par_iter()
                        .map(|(span, bucket)| {
                            let doc: TantivyDocument = searcher.doc(span.latest).map_err(read)?;
                            let mut latest = self.schema.stored(&doc).meta;
                            self.name_speakers(&mut latest, &searcher, span.latest, table.as_ref());
                            let date = |micros: Option<i64>| {
                                micros.and_then(DateTime::from_timestamp_micros)
                            };
                            Ok(SpeakerSummary {
                                name: bucket.key,
                                articles: bucket.count,
                                first: date(span.first),
                                last: date(span.last),
                                latest,
                                quote: None,
                            })
                        })
                        .collect::<Result<_, SearchError>>()
                };
                speakers = super::on_pool(read_all)?;
            }
            speakers_total = counted.persons;
            seen_all = Some(counted.matched as usize);
        }
        let (total_hits, mut total_exact) = match seen_all {
            Some(total) => (total, true),
            None => count::count_matches(&searcher, &*query, budget).map_err(read)?,
        };
        let mut fill_hits = 0;
        if let Some(most) = built.most_words.as_ref().filter(|_| filled) {
            let (most, exact) = count::count_matches(&searcher, &**most, budget).map_err(read)?;
            fill_hits = most.saturating_sub(total_hits);
            total_exact &= exact;
        }

        let suggestions = if total_hits == 0 {
            let mut offered = suggest::field_fixes(&request.query);
            offered.extend(suggest::suggest(&self.schema, &searcher, &built.words).map_err(read)?);
            offered
        } else {
            Vec::new()
        };
        let mut snippets = snippet::generators(&self.schema, &searcher, &*query).map_err(read)?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (i, (score, address, matched_all)) in ranked.into_iter().enumerate() {
            let score = match score {
                Some(score) => score,
                None => query
                    .weight(statistics.scoring())
                    .and_then(|weight| {
                        let segment = searcher.segment_reader(address.segment_ord);
                        weight.explain(segment, address.doc_id)
                    })
                    .map_err(read)?
                    .value(),
            };
            let doc: TantivyDocument = searcher.doc(address).map_err(read)?;
            let article = self.schema.stored(&doc);
            let (snippet, highlights) =
                snippets.snippet(&article.body, article.meta.lead.as_deref());
            let title_highlights = snippets.title_highlights(&article.meta.title);
            let file = self.file_of(&article.meta.path);
            let mut meta = article.meta;
            self.name_speakers(&mut meta, &searcher, address, table.as_ref());
            hits.push(Hit {
                rank: request.offset + i + 1,
                score,
                id: super::id::article_id(&meta.path),
                article: meta,
                file,
                snippet,
                highlights,
                title_highlights,
                matched_all,
                collapsed: collapsed.as_ref().map(|c| c.duplicates[i].clone()),
            });
        }
        Ok(SearchResults {
            hits,
            total_hits,
            total_exact,
            fill_hits,
            suggestions,
            facets,
            groups: collapsed.map(|c| c.groups),
            speakers,
            speakers_total,
            elapsed: start.elapsed(),
            shard_failures: Vec::new(),
        })
    }

    /// The absolute path of the file an article came from: the corpus
    /// root joined with its identity, without the `#N` of a record of a
    /// multi-article file.
    ///
    /// The index's `file` column says the same, but reading a name back
    /// from it decodes a dictionary block per hit, which cost more than
    /// the rest of a query's hits together; the identity is at hand. Only a
    /// single-article file whose own name ends in `#N` looks like a record,
    /// and the file on disk tells the two apart.
    pub fn file_of(&self, identity: &str) -> Option<String> {
        let root = self.corpus_root.as_deref()?;
        let whole = root.join(identity);
        let file = match split_record(identity) {
            (name, Some(_)) if !whole.is_file() => root.join(name),
            _ => whole,
        };
        Some(file.to_string_lossy().into_owned())
    }

    /// Where the article `path` is, found by the path's postings in each
    /// segment rather than a ranked search (which, for fifty articles,
    /// once spent a third of a million-article `newsidx speakers`).
    fn address_of(
        &self,
        searcher: &tantivy::Searcher,
        path: &str,
    ) -> Result<Option<DocAddress>, SearchError> {
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.location, e);
        let term = Term::from_field_text(self.schema.path, path);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let postings = segment
                .inverted_index(self.schema.path)
                .and_then(|index| Ok(index.read_postings(&term, IndexRecordOption::Basic)?))
                .map_err(read)?;
            let Some(mut postings) = postings else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if !segment.is_deleted(doc) {
                    return Ok(Some(DocAddress::new(ord as u32, doc)));
                }
                doc = postings.advance();
            }
        }
        Ok(None)
    }
}

/// The snippet, its marks and the title's marks of one article, as a
/// hit carries them.
pub type PageMarks = (String, Vec<[usize; 2]>, Vec<[usize; 2]>);

/// [`LocalSearcher::marks`] for an article held in no local index (a
/// cluster's, for the server's article view): the article alone in an
/// index in memory, as [`mark_articles`] does for a page.
pub fn mark_text(query: &str, article: &crate::article::Article) -> Result<TextMarks, SearchError> {
    in_memory(std::slice::from_ref(article))?.marks(query, &article.meta.title, &article.body)
}

/// A searcher of `articles` alone, in an index in memory.
fn in_memory(articles: &[crate::article::Article]) -> Result<LocalSearcher, SearchError> {
    let broken = |e: tantivy::TantivyError| IndexError::damaged(Path::new("(page in memory)"), e);
    let schema = NewsSchema::new();
    let index = Index::create_in_ram(schema.schema.clone());
    NewsSchema::register_tokenizers(&index);
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(1, 15_000_000)
        .map_err(broken)?;
    let none = crate::schema::Fingerprint {
        mtime: 0,
        size: 0,
        hash: 0,
    };
    for article in articles {
        writer
            .add_document(schema.to_document(article, &article.meta.path, none))
            .map_err(broken)?;
    }
    writer.commit().map_err(broken)?;
    LocalSearcher::from_index(index, schema)
}

/// Snippets and marks for articles another backend found (a search
/// cluster's page of hits), made by the same code a local hit's are:
/// the articles are put in an index in memory and the query compiled
/// against it, so prefixes and fuzzy words expand to the words these
/// articles hold and each range is one a local search would mark. Word
/// rarity, which picks the passage, is the page's rather than the
/// archive's.
pub fn mark_articles(
    query: &str,
    articles: &[crate::article::Article],
) -> Result<Vec<PageMarks>, SearchError> {
    let broken = |e: tantivy::TantivyError| IndexError::damaged(Path::new("(page in memory)"), e);
    let searcher = in_memory(articles)?;
    let tantivy_searcher = searcher.reader.searcher();
    let query: Box<dyn Query> = if query.trim().is_empty() {
        Box::new(tantivy::query::AllQuery)
    } else {
        let request = SearchRequest {
            query: query.to_string(),
            ..SearchRequest::default()
        };
        query::build(
            &searcher.index,
            &searcher.schema,
            &tantivy_searcher,
            None,
            &request,
        )?
        .query
    };
    let mut generators =
        snippet::generators(&searcher.schema, &tantivy_searcher, &*query).map_err(broken)?;
    Ok(articles
        .iter()
        .map(|article| {
            let (snippet, highlights) =
                generators.snippet(&article.body, article.meta.lead.as_deref());
            let title = generators.title_highlights(&article.meta.title);
            (snippet, highlights, title)
        })
        .collect())
}

/// Appends to `page` (the articles with every word, best first) the best
/// of `more` (articles with most of the words, best first, which include
/// those of `page`) until it holds `k`. An article with only some of the
/// words never scores above one with all of them: its score is capped at
/// the last such score, so the page stays in score order.
fn fill_page(page: &mut Vec<(Score, DocAddress, bool)>, more: Vec<(Score, DocAddress)>, k: usize) {
    let shown: std::collections::HashSet<DocAddress> = page.iter().map(|p| p.1).collect();
    let ceiling = page.last().map(|p| p.0);
    for (score, address) in more {
        if page.len() >= k {
            break;
        }
        if shown.contains(&address) {
            continue;
        }
        let score = ceiling.map_or(score, |c| score.min(c));
        page.push((score, address, false));
    }
}

impl Backend for LocalSearcher {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.run(request)
    }

    fn article(&self, path: &str) -> Result<Option<StoredArticle>, SearchError> {
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.location, e);
        let searcher = self.reader.searcher();
        let Some(address) = self.address_of(&searcher, path)? else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address).map_err(read)?;
        let mut article = self.schema.stored(&doc);
        self.name_speakers(&mut article.meta, &searcher, address, None);
        let file = self.file_of(&article.meta.path);
        Ok(Some(StoredArticle { article, file }))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use tantivy::indexer::NoMergePolicy;

    use super::*;
    use crate::article::{Article, ArticleMeta};
    use crate::schema::Fingerprint;

    const WORDS: [&str; 12] = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu",
    ];

    /// A deterministic word stream skewed like text: word `i` is about
    /// twice as common as word `i + 1`, so posting lists range from most
    /// documents to a few hundred and blocks can be skipped.
    struct Words(u64);

    impl Words {
        fn next(&mut self) -> &'static str {
            // xorshift64: fixed, so the index is the same on every run.
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            let rank = (self.0 % 4095).leading_zeros() as usize - 52;
            WORDS[rank.min(WORDS.len() - 1)]
        }
    }

    /// Adds `article` as read from a file of its own path, its content
    /// hash `hash`.
    pub(in crate::search) fn add_article(
        writer: &mut tantivy::IndexWriter,
        schema: &NewsSchema,
        article: &Article,
        hash: u64,
    ) {
        let fingerprint = Fingerprint {
            mtime: 0,
            size: 0,
            hash,
        };
        writer
            .add_document(schema.to_document(article, &article.meta.path, fingerprint))
            .unwrap();
    }

    /// An empty index in memory with newsidx's schema and analyzers, and
    /// a writer on one thread that never merges, so that each commit is a
    /// segment of its own.
    pub(in crate::search) fn ram_index() -> (NewsSchema, Index, tantivy::IndexWriter) {
        let schema = NewsSchema::new();
        let index = Index::create_in_ram(schema.schema.clone());
        NewsSchema::register_tokenizers(&index);
        let writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 50_000_000).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        (schema, index, writer)
    }

    /// Three segments of 12,000 articles of varied length (past tantivy's
    /// block size of 128 many times over), then one in seven deleted, so
    /// that the pruned loops meet long lists, skipped blocks and deletes.
    pub(in crate::search) fn large_searcher() -> LocalSearcher {
        let (schema, index, mut writer) = ram_index();
        let mut words = Words(0x9E37_79B9_7F4A_7C15);
        for segment in 0..3u64 {
            for i in 0..12_000u64 {
                let n = segment * 12_000 + i;
                let length = 3 + (n * 31 % 97) as usize;
                let body: Vec<&str> = (0..length).map(|_| words.next()).collect();
                let title: Vec<&str> = (0..1 + n % 3).map(|_| words.next()).collect();
                let article = Article {
                    meta: ArticleMeta {
                        path: format!("{n}.txt"),
                        title: title.join(" "),
                        ..ArticleMeta::default()
                    },
                    body: body.join(" "),
                    notes: Vec::new(),
                    quotes: Vec::new(),
                };
                add_article(&mut writer, &schema, &article, n);
            }
            writer.commit().unwrap();
        }
        for n in (0..36_000u64).filter(|n| n % 7 == 3) {
            writer.delete_term(Term::from_field_text(schema.file, &format!("{n}.txt")));
        }
        writer.commit().unwrap();
        LocalSearcher::from_index(index, schema).unwrap()
    }

    /// Every live match scored, with no pruning, best first and equal
    /// scores in index order: what the pruned ranking must give.
    fn every_match_ranked(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        statistics: &Statistics,
    ) -> Vec<(Score, DocAddress)> {
        let weight = query.weight(statistics.scoring()).unwrap();
        let mut all = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let alive = reader.alive_bitset();
            weight
                .for_each(reader, &mut |doc, score| {
                    if alive.is_none_or(|bits| bits.is_alive(doc)) {
                        all.push((score, DocAddress::new(ord as u32, doc)));
                    }
                })
                .unwrap();
        }
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all
    }

    #[test]
    fn pruned_top_k_ranks_as_an_unpruned_ranking_does() {
        let searcher = large_searcher();
        let tantivy_searcher = searcher.tantivy_searcher();
        assert_eq!(tantivy_searcher.segment_readers().len(), 3);
        assert_eq!(tantivy_searcher.num_docs(), 36_000 - 36_000 / 7 - 1);
        let path_of = |address: DocAddress| {
            let doc: TantivyDocument = tantivy_searcher.doc(address).unwrap();
            searcher.schema.stored(&doc).meta.path
        };
        for text in [
            "alpha",
            "lambda",
            "mu",
            "alpha beta",
            "kappa lambda",
            "iota OR mu",
            "alpha OR zeta OR mu",
            "\"alpha beta\"",
            "\"alpha alpha\"",
            "\"kappa alpha\"",
            "\"alpha beta gamma\"~2",
            "alpha -beta",
            "title:gamma",
            "alpha^3 beta",
            "alpha^0",
            "title:beta^2 OR iota",
            "(gamma OR delta)^0.5 theta",
            "path:123.txt",
            "*",
        ] {
            for (k, offset) in [(1, 0), (10, 0), (10, 7), (100, 0), (50, 250)] {
                // The ranking alone: no page filled with most-words hits,
                // which tantivy's collector knows nothing of.
                let request = SearchRequest {
                    query: text.to_string(),
                    limit: k,
                    offset,
                    all_words: true,
                    facets: Vec::new(),
                    ..SearchRequest::default()
                };
                let ours: Vec<(Score, String)> = searcher
                    .search(&request)
                    .unwrap()
                    .hits
                    .into_iter()
                    .map(|hit| (hit.score, hit.article.path))
                    .collect();
                let query = searcher.tantivy_query(&request).unwrap();
                let statistics = Statistics::new(&tantivy_searcher);
                let every = every_match_ranked(&tantivy_searcher, &*query, &statistics);
                let page = |ranked: Vec<(Score, DocAddress)>| -> Vec<(Score, String)> {
                    ranked
                        .into_iter()
                        .skip(offset)
                        .take(k)
                        .map(|(score, address)| (score, path_of(address)))
                        .collect()
                };
                let theirs = page(every.clone());
                if offset == 0 {
                    assert!(!theirs.is_empty(), "{text} matched nothing");
                }
                let what = format!("{text}, k = {k}, offset = {offset}");
                assert_same_ranking(&format!("search: {what}"), &ours, &theirs);

                // Both ways the search may rank, each on its own: the one
                // pass that also counts, and the pruned pass.
                let top = offset + k;
                let weight = query.weight(statistics.scoring()).unwrap();
                let (one_pass, total) = rank::top_and_count(&tantivy_searcher, &*weight, top, None)
                    .unwrap()
                    .expect("no deadline");
                assert_eq!(total, every.len(), "{what}");
                assert_same_ranking(&format!("one pass: {what}"), &page(one_pass), &theirs);
                let pruned = match query.downcast_ref::<PhraseQuery>() {
                    Some(phrase) => rank::top_phrase_matches(&tantivy_searcher, phrase, top),
                    None => rank::top_matches(&tantivy_searcher, &*weight, None, top),
                }
                .unwrap();
                assert_same_ranking(&format!("pruned: {what}"), &page(pruned), &theirs);
            }
        }
    }

    /// Two rankings of the same page agree: the same scores to rounding,
    /// and the same documents apart from ties at the page's edges. The
    /// pruned loops add a document's word scores in another order than the
    /// plain one, so scores agree to rounding, and documents whose scores
    /// agree so may trade places.
    fn assert_same_ranking(what: &str, ours: &[(Score, String)], theirs: &[(Score, String)]) {
        let close = |a: Score, b: Score| (a - b).abs() <= 1e-5 * a.abs().max(1.0);
        assert_eq!(ours.len(), theirs.len(), "{what}");
        for (a, b) in ours.iter().zip(theirs) {
            assert!(close(a.0, b.0), "{what}: {a:?} {b:?}");
        }
        let near_edge = |score: Score| {
            [ours.first(), ours.last()]
                .into_iter()
                .flatten()
                .any(|edge| close(edge.0, score))
        };
        let inner = |ranked: &[(Score, String)]| {
            let mut paths: Vec<String> = ranked
                .iter()
                .filter(|r| !near_edge(r.0))
                .map(|r| r.1.clone())
                .collect();
            paths.sort();
            paths
        };
        assert_eq!(inner(ours), inner(theirs), "{what}");
    }

    #[test]
    fn a_title_prefix_past_the_scored_words_matches_by_the_titles_words() {
        // More title words with the prefix than are scored one by one, so
        // the rest is matched as a range of the dictionary's words. The
        // title's fast column holds whole titles ("Report on taab"), which
        // tantivy reads for a range over a fast field unless told not to:
        // then no title starting "Report" would be in the range t..u.
        let (schema, index, mut writer) = ram_index();
        let words = crate::search::compile::MAX_EXPANSIONS as u64 * 2;
        let letters = |mut n: u64| -> String {
            let mut word = String::from("t");
            for _ in 0..3 {
                word.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
            word
        };
        for n in 0..words + 10 {
            let title = if n < words {
                format!("Report on {}", letters(n))
            } else {
                "Report on harbours".to_string()
            };
            let article = Article {
                meta: ArticleMeta {
                    path: format!("{n}.txt"),
                    title,
                    ..ArticleMeta::default()
                },
                body: "filler".to_string(),
                notes: Vec::new(),
                quotes: Vec::new(),
            };
            add_article(&mut writer, &schema, &article, n);
        }
        writer.commit().unwrap();
        let searcher = LocalSearcher::from_index(index, schema).unwrap();
        let count = |query: &str| {
            let request = SearchRequest {
                query: query.to_string(),
                exact_count: true,
                ..SearchRequest::default()
            };
            searcher.search(&request).unwrap().total_hits
        };
        assert_eq!(count("title:t*") as u64, words);
        assert_eq!(count("report -title:t*"), 10);
        assert_eq!(count("title:report"), words as usize + 10);
    }
}
