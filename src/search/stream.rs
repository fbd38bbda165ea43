//! Every match of a query, handed out hit by hit: what `--limit all`
//! writes.
//!
//! A page (`local.rs`) keeps the best `k` in a heap and reads the stored
//! documents of those `k` alone. An export wants every match, a hundred
//! thousand or a million, and must not hold them all. So the matches are
//! first listed as one small [`Match`] each (its score, its date and its
//! address: 24 bytes, 2.4 MB at 100,000 matches, 24 MB at a million, and
//! no text), sorted, and then turned into hits a batch at a time. Only
//! one batch of documents and snippets is alive at once, and the printer
//! writes each hit before the next batch is read, so memory does not grow
//! with the hits written.
//!
//! A batch is read in address order and handed out in rank order: articles
//! stored side by side share a compressed block of the document store,
//! and tantivy's block cache then decompresses that block once for all of
//! them rather than once each. Paths read from the `path` column are
//! looked up in the column's dictionary in sorted order, one pass per
//! batch and segment, for the same reason.
//!
//! The order is the page's: by score, equal scores in index order, as
//! `rank` ranks a page, or by date, newest first, undated last, equal
//! dates in index order, as tantivy's `TopDocs::order_by_fast_field`
//! sorts a page by date. Scores come from one unpruned pass of the query's
//! scorer over every match, the pass `rank::top_and_count` makes, so
//! `--limit all` lists what paging through with `--limit` and `--offset`
//! lists; the tests below compare the two on generated queries.
//!
//! What is read depends on what is written ([`Parts`]): rank, score, path,
//! date, title and speakers come from the ranking and the index's columns,
//! without touching the document store; the lead and the source fields
//! need the stored document, and a snippet a passage picked from its body.
//! The store is what an export of scattered matches pays most for, a
//! 16 KiB block decompressed for nearly every hit, so a title and its
//! speakers are kept in columns too: at a million articles, a match in
//! eleven written with title and speakers went from about 80,000 rows a
//! second (from the store) to 175,000 (from the columns; BENCHMARKS.md).
//!
//! A stream answers the query as written: it never fills a short list with
//! articles that have most of the words, as a page may (see `local.rs`),
//! so its hits are exactly the `total_hits` it reports.

use std::time::Instant;

use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocAddress, DocSet, Score, TantivyDocument, TERMINATED};

use super::facets::{self, FacetError};
use super::scoring::Statistics;
use super::snippet::{self, Generators};
use super::SortOrder;
use super::{query, suggest, Hit, LocalSearcher, SearchError, SearchRequest, SearchResults};
use crate::article::ArticleMeta;
use crate::error::IndexError;
use crate::people::{LinkedMentions, Registry};
use crate::schema::from_tantivy_date;

/// Hits read from the document store at a time: enough that articles
/// next to each other in the store are often in one batch when the matches
/// are dense, few enough that a batch of documents with their snippets
/// stays small (a few MB of text).
pub const BATCH: usize = 1024;

/// Hits read at a time when only the columns are read: a path costs a
/// block of the column's dictionary (zstd-compressed) unless the one
/// before it was in the same block, and a batch this large over a match
/// in five at a million articles puts several paths in most blocks it
/// decodes (at 1,024 nearly every path cost a block of its own), while
/// the batch, a path and a date a hit, stays about 15 MB (about 30 MB
/// with a title and speakers; a title's column is looked up the same way).
pub const COLUMN_BATCH: usize = 64 * 1024;

/// What a stream reads for each hit, beyond its rank, score, path and
/// date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// The title and the speakers, from their columns.
    pub names: bool,
    /// The stored document: title, lead, speakers and the source fields
    /// (implies `names`).
    pub record: bool,
    /// The snippet and its highlights, and the title's highlights (from
    /// the body; implies `record`).
    pub snippet: bool,
}

impl Parts {
    /// Everything a hit holds, as a page gives it.
    pub const ALL: Parts = Parts {
        names: true,
        record: true,
        snippet: true,
    };
}

/// One match, as long as it waits for its turn: no text.
#[derive(Debug, Clone, Copy)]
struct Match {
    /// Seconds since 1970, `i64::MIN` when undated; read only to sort by
    /// date.
    date: i64,
    score: Score,
    address: DocAddress,
}

/// A hit read from the columns, waiting for its turn.
struct Light {
    found: Match,
    rank: usize,
    path: String,
    date: Option<chrono::DateTime<chrono::Utc>>,
    /// Empty unless [`Parts::names`].
    title: String,
    /// The speakers as written, in the article's order; empty unless
    /// [`Parts::names`].
    speakers: Vec<String>,
}

/// One segment's columns, as far as a stream reads them.
#[derive(Clone)]
struct SegmentColumns {
    path: StrColumn,
    date: Column<tantivy::DateTime>,
    /// With [`Parts::names`] only.
    title: Option<StrColumn>,
    /// The speaker column and every name of its dictionary by ordinal
    /// (a few thousand at a million articles, so read whole once), with
    /// [`Parts::names`] and when any article of the segment has a speaker.
    speakers: Option<(StrColumn, std::sync::Arc<Vec<String>>)>,
}

/// Every match of a query, in order, as hits. Made by
/// [`LocalSearcher::stream`].
pub struct HitStream<'a> {
    owner: &'a LocalSearcher,
    searcher: tantivy::Searcher,
    /// Every match from the offset on, in order.
    order: Vec<Match>,
    /// The first match of `order` not yet read.
    next: usize,
    /// The rank of `order[0]`, less one.
    offset: usize,
    parts: Parts,
    snippets: Option<Generators>,
    /// The current batch read from the store, in rank order, last hit
    /// first (popped from the end).
    batch: Vec<Hit>,
    /// The current batch read from the columns alone, likewise: a path and
    /// a date each (and a title and speakers with [`Parts::names`]), the
    /// rest of a hit made as it is taken, since a whole `Hit` is ten times
    /// the size and this batch is sixteen times longer.
    light: Vec<Light>,
    /// Each segment's columns, opened when first needed.
    columns: Vec<Option<SegmentColumns>>,
    /// The speakers the registry names otherwise than written, by segment
    /// (in this searcher's order) and document.
    links: Links,
    summary: SearchResults,
}

impl LocalSearcher {
    /// Every match of `request`'s query from its offset on, in its order,
    /// with `parts` read for each; `request.limit` is not looked at. The
    /// count of matches, the facets and the suggestions are ready at once
    /// ([`HitStream::summary`]); the hits are read as they are taken.
    pub fn stream(
        &self,
        request: &SearchRequest,
        parts: Parts,
    ) -> Result<HitStream<'_>, SearchError> {
        let start = Instant::now();
        let searcher = self.reader.searcher();
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.location, e);
        let built = query::build(
            &self.index,
            &self.schema,
            &searcher,
            self.people.as_ref(),
            request,
        )?;
        let query = built.query;
        let mut order = every_match(&searcher, &*query, request.sort).map_err(read)?;
        let total_hits = order.len();
        order.drain(..request.offset.min(total_hits));

        let facets = if request.facets.is_empty() {
            Vec::new()
        } else {
            facets::count(
                &searcher,
                &*query,
                &request.facets,
                self.people.as_ref(),
                self.people
                    .as_ref()
                    .filter(|_| facets::wants_speakers(&request.facets))
                    .and_then(Registry::speaker_table)
                    .as_ref(),
                false,
            )
            .map_err(|e| match e {
                FacetError::Index(e) => SearchError::from(read(e)),
                FacetError::Query(e) => SearchError::from(e),
            })?
            .facets
        };
        let suggestions = if total_hits == 0 {
            let mut offered = suggest::field_fixes(&request.query);
            offered.extend(suggest::suggest(&self.schema, &searcher, &built.words).map_err(read)?);
            offered
        } else {
            Vec::new()
        };
        let snippets = if parts.snippet {
            Some(snippet::generators(&self.schema, &searcher, &*query).map_err(read)?)
        } else {
            None
        };
        let segments = searcher.segment_readers().len();
        let links = match self
            .people
            .as_ref()
            .filter(|_| parts.names || parts.record || parts.snippet)
        {
            Some(people) => Links::new(people.linked_mentions(), &searcher),
            None => Links::default(),
        };
        Ok(HitStream {
            owner: self,
            searcher,
            order,
            next: 0,
            offset: request.offset,
            parts: Parts {
                names: parts.names || parts.record || parts.snippet,
                record: parts.record || parts.snippet,
                snippet: parts.snippet,
            },
            snippets,
            batch: Vec::new(),
            light: Vec::new(),
            columns: (0..segments).map(|_| None).collect(),
            links,
            summary: SearchResults {
                hits: Vec::new(),
                total_hits,
                total_exact: true,
                fill_hits: 0,
                suggestions,
                facets,
                speakers: Vec::new(),
                speakers_total: 0,
                groups: None,
                elapsed: start.elapsed(),
                shard_failures: Vec::new(),
            },
        })
    }
}

/// Every live match of `query` with its score (and date, to sort by date),
/// in `sort`'s order: by score, best first, or by date, newest first and
/// undated last; ties in index order either way.
fn every_match(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    sort: SortOrder,
) -> tantivy::Result<Vec<Match>> {
    let statistics = Statistics::new(searcher);
    let weight = query.weight(statistics.scoring())?;
    let mut all = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let dates = match sort {
            SortOrder::Date => Some(reader.fast_fields().date(crate::schema::DATE_FIELD)?),
            SortOrder::Relevance => None,
        };
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let segment_ord = ord as u32;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                let date = dates
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .map_or(i64::MIN, |d| d.into_timestamp_secs());
                all.push(Match {
                    date,
                    score: scorer.score(),
                    address: DocAddress::new(segment_ord, doc),
                });
            }
            doc = scorer.advance();
        }
    }
    match sort {
        SortOrder::Relevance => {
            all.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.address.cmp(&b.address)))
        }
        SortOrder::Date => {
            all.sort_unstable_by(|a, b| b.date.cmp(&a.date).then(a.address.cmp(&b.address)))
        }
    }
    Ok(all)
}

impl HitStream<'_> {
    /// The count of matches (exact), the facets and the suggestions, with
    /// no hits: what the printers write around the hits.
    pub fn summary(&self) -> &SearchResults {
        &self.summary
    }

    /// How many hits are still to come.
    pub fn remaining(&self) -> usize {
        self.order.len() - self.next + self.batch.len() + self.light.len()
    }

    /// The next hit, or `None` after the last.
    pub fn next_hit(&mut self) -> Result<Option<Hit>, SearchError> {
        if self.batch.is_empty() && self.light.is_empty() && self.next < self.order.len() {
            self.read_batch()
                .map_err(|e| IndexError::damaged(&self.owner.location, e))?;
        }
        if let Some(hit) = self.batch.pop() {
            return Ok(Some(hit));
        }
        Ok(self.light.pop().map(|light| {
            let mut meta = ArticleMeta {
                path: light.path,
                date: light.date,
                date_has_time: true,
                title: light.title,
                speakers: light.speakers,
                ..ArticleMeta::default()
            };
            if self.parts.names {
                self.name_speakers(light.found.address, &mut meta);
            }
            self.hit(light.found, light.rank, meta)
        }))
    }

    /// Reads the next batch of matches ([`BATCH`] or [`COLUMN_BATCH`])
    /// into hits.
    fn read_batch(&mut self) -> tantivy::Result<()> {
        let size = if self.parts.record {
            BATCH
        } else {
            COLUMN_BATCH
        };
        let end = (self.next + size).min(self.order.len());
        let first_rank = self.offset + self.next + 1;
        let matches: Vec<Match> = self.order[self.next..end].to_vec();
        let mut by_address: Vec<usize> = (0..matches.len()).collect();
        by_address.sort_unstable_by_key(|&i| matches[i].address);

        if self.parts.record {
            let mut hits: Vec<Option<Hit>> = (0..matches.len()).map(|_| None).collect();
            let articles = self.read_articles(&matches, &by_address)?;
            for (&i, article) in by_address.iter().zip(articles) {
                let found = matches[i];
                let mut meta = article.meta;
                self.name_speakers(found.address, &mut meta);
                let mut hit = self.hit(found, first_rank + i, meta);
                if let Some(snippets) = self.snippets.as_mut() {
                    let (text, highlights) =
                        snippets.snippet(&article.body, hit.article.lead.as_deref());
                    hit.snippet = text;
                    hit.highlights = highlights;
                    hit.title_highlights = snippets.title_highlights(&hit.article.title);
                }
                hits[i] = Some(hit);
            }
            self.batch = hits.into_iter().rev().flatten().collect();
        } else {
            let mut light: Vec<Light> = matches
                .iter()
                .enumerate()
                .map(|(i, &found)| Light {
                    found,
                    rank: first_rank + i,
                    path: String::new(),
                    date: None,
                    title: String::new(),
                    speakers: Vec::new(),
                })
                .collect();
            // A run of `by_address` is one segment's matches.
            for run in by_address
                .chunk_by(|&a, &b| matches[a].address.segment_ord == matches[b].address.segment_ord)
            {
                let segment = matches[run[0]].address.segment_ord;
                let columns = self.columns_of(segment)?;
                let docs: Vec<(usize, u32)> = run
                    .iter()
                    .map(|&i| (i, matches[i].address.doc_id))
                    .collect();
                read_first_terms(&columns.path, &docs, &mut light, |l| &mut l.path)?;
                if let Some(title) = &columns.title {
                    read_first_terms(title, &docs, &mut light, |l| &mut l.title)?;
                }
                for &(i, doc) in &docs {
                    light[i].date = columns.date.first(doc).and_then(from_tantivy_date);
                    if let Some((column, names)) = &columns.speakers {
                        light[i].speakers = column
                            .term_ords(doc)
                            .filter_map(|ord| names.get(ord as usize).cloned())
                            .collect();
                    }
                }
            }
            light.reverse();
            self.light = light;
        }
        self.next = end;
        Ok(())
    }

    /// The stored articles of `matches`, taken in the order `by_address`
    /// gives, and returned in that order.
    ///
    /// Each article of an export scattered over a large index costs a
    /// block of the store decompressed for itself alone (a 16 KB LZ4
    /// block: over half of an export's time at a million articles), so the
    /// batch is read in as many runs of neighbouring addresses as there
    /// are threads, each on a core of its own. Runs keep neighbours
    /// together, so a block shared by two articles is still decompressed
    /// once.
    fn read_articles(
        &self,
        matches: &[Match],
        by_address: &[usize],
    ) -> tantivy::Result<Vec<crate::article::Article>> {
        use rayon::prelude::*;
        let schema = &self.owner.schema;
        let searcher = &self.searcher;
        let runs: Vec<tantivy::Result<Vec<crate::article::Article>>> = super::on_pool(|| {
            let threads = rayon::current_num_threads().max(1);
            let run = by_address.len().div_ceil(threads).max(1);
            by_address
                .par_chunks(run)
                .map(|run| {
                    run.iter()
                        .map(|&i| {
                            let doc: TantivyDocument = searcher.doc(matches[i].address)?;
                            Ok(schema.stored(&doc))
                        })
                        .collect()
                })
                .collect()
        });
        let mut articles = Vec::with_capacity(by_address.len());
        for run in runs {
            articles.extend(run?);
        }
        Ok(articles)
    }

    /// A segment's columns, opened once.
    fn columns_of(&mut self, segment: u32) -> tantivy::Result<SegmentColumns> {
        let slot = &mut self.columns[segment as usize];
        if let Some(columns) = slot {
            return Ok(columns.clone());
        }
        let reader = self.searcher.segment_reader(segment);
        let schema = &self.owner.schema;
        let (path, date) = schema.path_and_date_columns(reader)?;
        let mut columns = SegmentColumns {
            path,
            date,
            title: None,
            speakers: None,
        };
        if self.parts.names {
            columns.title = Some(schema.title_column(reader)?);
            if let Some(column) = schema.speaker_column(reader)? {
                let every: Vec<u64> = (0..column.num_terms() as u64).collect();
                let names = crate::schema::column_terms(&column, &every)?;
                columns.speakers = Some((column, std::sync::Arc::new(names)));
            }
        }
        *slot = Some(columns.clone());
        Ok(columns)
    }

    /// The article's speakers under the names the archive knows them by,
    /// each once: what `LocalSearcher::name_speakers` gives a page, from
    /// the links read once for the stream rather than looked up in the
    /// links file name by name (a binary search each, which took a third
    /// of an export's time).
    fn name_speakers(&self, address: DocAddress, meta: &mut ArticleMeta) {
        let Some(people) = &self.owner.people else {
            return;
        };
        let linked = self.links.of(address);
        let mut named: Vec<String> = Vec::with_capacity(meta.speakers.len());
        for name in &meta.speakers {
            let shown = linked
                .iter()
                .map(|&(_, pair)| &self.links.pairs[pair as usize])
                .find(|(written, _)| written == name)
                .map_or_else(|| people.unlinked(name), |(_, shown)| shown.clone());
            if !named.contains(&shown) {
                named.push(shown);
            }
        }
        meta.speakers = named;
    }

    fn hit(&self, found: Match, rank: usize, meta: ArticleMeta) -> Hit {
        Hit {
            rank,
            score: found.score,
            id: super::id::article_id(&meta.path),
            file: self.owner.file_of(&meta.path),
            article: meta,
            snippet: String::new(),
            highlights: Vec::new(),
            title_highlights: Vec::new(),
            matched_all: true,
            collapsed: None,
        }
    }
}

/// The registry's links for a stream: [`LinkedMentions`] with its
/// segments put in the searcher's order.
#[derive(Default)]
struct Links {
    /// Each distinct (name written, name shown) pair.
    pairs: Vec<(String, String)>,
    /// Per segment ordinal, its documents' links sorted: (document, pair).
    segments: Vec<Vec<(u32, u32)>>,
}

impl Links {
    fn new(linked: LinkedMentions, searcher: &tantivy::Searcher) -> Links {
        let ids: Vec<String> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id().uuid_string())
            .collect();
        let mut segments = vec![Vec::new(); ids.len()];
        for (id, docs) in linked.segments {
            if let Some(ord) = ids.iter().position(|known| *known == id) {
                segments[ord] = docs;
            }
        }
        Links {
            pairs: linked.pairs,
            segments,
        }
    }

    /// The links of one document.
    fn of(&self, address: DocAddress) -> &[(u32, u32)] {
        let Some(docs) = self.segments.get(address.segment_ord as usize) else {
            return &[];
        };
        let start = docs.partition_point(|&(doc, _)| doc < address.doc_id);
        let end = start + docs[start..].partition_point(|&(doc, _)| doc == address.doc_id);
        &docs[start..end]
    }
}

/// Fills the text `slot` picks of `light[i]` for each `(i, doc)` of `docs`
/// with the document's first value in one segment's `column` (a path, a
/// title): the ordinals looked up in sorted order, in one pass through the
/// column's dictionary, rather than a dictionary block decoded per value.
fn read_first_terms(
    column: &StrColumn,
    docs: &[(usize, u32)],
    light: &mut [Light],
    slot: impl Fn(&mut Light) -> &mut String,
) -> tantivy::Result<()> {
    let mut wanted: Vec<(u64, usize)> = docs
        .iter()
        .filter_map(|&(i, doc)| Some((column.term_ords(doc).next()?, i)))
        .collect();
    wanted.sort_unstable();
    let mut ords: Vec<u64> = wanted.iter().map(|w| w.0).collect();
    ords.dedup();
    let names = crate::schema::column_terms(column, &ords)?;
    let mut name = names.iter();
    let mut current: Option<(u64, &String)> = None;
    for (ord, i) in wanted {
        if current.is_none_or(|(seen, _)| seen != ord) {
            current = name.next().map(|n| (ord, n));
        }
        if let Some((_, text)) = current {
            slot(&mut light[i]).clone_from(text);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tantivy::Term;

    use super::*;
    use crate::article::Article;
    use crate::search::local::tests::{add_article, large_searcher, ram_index};
    use crate::search::Backend;

    /// Queries of every shape the compiler makes: a word (ranked with
    /// pruning by a page), AND, OR, NOT, phrases, boosts, a field, `*`.
    const QUERIES: [&str; 12] = [
        "alpha",
        "mu",
        "alpha beta",
        "iota OR mu",
        "alpha OR zeta OR mu",
        "\"alpha beta\"",
        "alpha -beta",
        "title:gamma",
        "alpha^3 beta",
        "(gamma OR delta)^0.5 theta",
        "kappa lambda",
        "*",
    ];

    /// The title and speakers from their columns, and from the store.
    const NAMES: Parts = Parts {
        names: true,
        record: false,
        snippet: false,
    };
    const RECORD: Parts = Parts {
        record: true,
        ..NAMES
    };

    /// What a hit is compared by.
    type Row = (Score, String, String);

    fn streamed(searcher: &LocalSearcher, request: &SearchRequest, parts: Parts) -> Vec<Row> {
        let mut stream = searcher.stream(request, parts).unwrap();
        let expected = stream.remaining();
        let mut rows = Vec::new();
        while let Some(hit) = stream.next_hit().unwrap() {
            assert_eq!(hit.rank, request.offset + rows.len() + 1);
            rows.push((hit.score, hit.article.path, hit.snippet));
        }
        assert_eq!(rows.len(), expected);
        rows
    }

    fn paged(searcher: &LocalSearcher, request: &SearchRequest) -> Vec<Row> {
        let results = searcher.search(request).unwrap();
        results
            .hits
            .into_iter()
            .map(|hit| (hit.score, hit.article.path, hit.snippet))
            .collect()
    }

    fn close(a: Score, b: Score) -> bool {
        (a - b).abs() <= 1e-5 * a.abs().max(1.0)
    }

    /// The same hits in the same order, up to rounding: scores agree
    /// pairwise, and a run of equal scores holds the same articles (a
    /// page ranked with pruning adds a document's word scores in another
    /// order, so two equal scores may differ in the last bit and trade
    /// places).
    fn assert_same_ranking(what: &str, ours: &[Row], theirs: &[Row]) {
        assert_eq!(ours.len(), theirs.len(), "{what}");
        for (a, b) in ours.iter().zip(theirs) {
            assert!(close(a.0, b.0), "{what}: {a:?} {b:?}");
        }
        let mut start = 0;
        while start < theirs.len() {
            let mut end = start + 1;
            while end < theirs.len() && close(theirs[end].0, theirs[end - 1].0) {
                end += 1;
            }
            let mut a: Vec<&Row> = ours[start..end].iter().collect();
            let mut b: Vec<&Row> = theirs[start..end].iter().collect();
            a.sort_by(|x, y| x.1.cmp(&y.1));
            b.sort_by(|x, y| x.1.cmp(&y.1));
            let paths = |rows: &[&Row]| -> Vec<(String, String)> {
                rows.iter().map(|r| (r.1.clone(), r.2.clone())).collect()
            };
            assert_eq!(paths(&a), paths(&b), "{what}: ranks {start}..{end}");
            start = end;
        }
    }

    #[test]
    fn a_stream_ranks_every_match_as_a_page_of_them_all_does() {
        let searcher = large_searcher();
        for text in QUERIES {
            let request = SearchRequest {
                query: text.to_string(),
                all_words: true,
                ..SearchRequest::default()
            };
            // Snippets are compared on a page from the middle below; here
            // the order alone, which is what a page of every match costs.
            let all = streamed(&searcher, &request, Parts::default());
            assert!(!all.is_empty(), "{text} matched nothing");
            let whole_page = SearchRequest {
                limit: all.len() + 5,
                ..request.clone()
            };
            let without_snippets = |rows: Vec<Row>| -> Vec<Row> {
                rows.into_iter()
                    .map(|(s, p, _)| (s, p, String::new()))
                    .collect()
            };
            let page_of_all = without_snippets(paged(&searcher, &whole_page));
            assert_same_ranking(text, &all, &page_of_all);

            // From an offset, with every part, against a page from there.
            let offset = all.len() / 3;
            let from_offset = SearchRequest {
                offset,
                ..request.clone()
            };
            let rest = streamed(&searcher, &from_offset, Parts::ALL);
            assert_same_ranking(text, &without_snippets(rest.clone()), &all[offset..]);
            let middle = SearchRequest {
                offset,
                limit: 40,
                ..request.clone()
            };
            let page = paged(&searcher, &middle);
            assert_same_ranking(text, &rest[..page.len()], &page);
        }
    }

    #[test]
    fn reading_fewer_parts_gives_the_same_paths_and_scores() {
        let searcher = large_searcher();
        for text in ["alpha beta", "iota OR mu", "*"] {
            let request = SearchRequest {
                query: text.to_string(),
                ..SearchRequest::default()
            };
            let all = streamed(&searcher, &request, Parts::ALL);
            let bare = streamed(&searcher, &request, Parts::default());
            let titled = streamed(&searcher, &request, NAMES);
            let record = streamed(&searcher, &request, RECORD);
            for rows in [&bare, &titled, &record] {
                assert_eq!(rows.len(), all.len(), "{text}");
                for (a, b) in rows.iter().zip(&all) {
                    assert_eq!((a.0, &a.1), (b.0, &b.1), "{text}");
                    assert!(a.2.is_empty(), "a snippet made unasked: {a:?}");
                }
            }
        }
    }

    /// What the columns give of a hit, against what the stored document
    /// gives: the title and the speakers in the article's order.
    fn names_of(searcher: &LocalSearcher, request: &SearchRequest, parts: Parts) -> Vec<Names> {
        let mut stream = searcher.stream(request, parts).unwrap();
        let mut rows = Vec::new();
        while let Some(hit) = stream.next_hit().unwrap() {
            rows.push((hit.article.path, hit.article.title, hit.article.speakers));
        }
        rows
    }

    type Names = (String, String, Vec<String>);

    #[test]
    fn titles_and_speakers_from_the_columns_are_the_stored_ones() {
        // Speakers in no sorted order, shared between articles, repeated
        // titles, an empty one, several segments merged (a merge rewrites
        // the columns' dictionaries and ordinals) and others not, deletes.
        let people = [
            "Zoë Ødegaard",
            "Mark Rutte",
            "Anna Kowalska",
            "de la Cruz",
            "Mark",
            "Ólafur Ragnar Grímsson",
            "Bo",
        ];
        let (schema, index, mut writer) = ram_index();
        for n in 0..1_500u64 {
            let speakers: Vec<String> = (0..n % 5)
                .map(|k| people[((n * 3 + k * 5) % 7) as usize].to_string())
                .collect();
            let title = match n % 11 {
                0 => String::new(),
                1 | 2 => "Storm warning, \"red\" for the coast".to_string(),
                _ => format!("Storm report {n}"),
            };
            let article = Article {
                meta: ArticleMeta {
                    path: format!("{n:04}.txt"),
                    title,
                    speakers,
                    ..ArticleMeta::default()
                },
                body: format!(
                    "storm report {n} {}",
                    ["harbour", "flood"][(n % 2) as usize]
                ),
                notes: Vec::new(),
                quotes: Vec::new(),
            };
            add_article(&mut writer, &schema, &article, n);
            if n % 300 == 299 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let ids = index.searchable_segment_ids().unwrap();
        assert_eq!(ids.len(), 5);
        writer.merge(&ids[1..4]).wait().unwrap();
        for n in (0..1_500u64).filter(|n| n % 13 == 6) {
            writer.delete_term(Term::from_field_text(schema.file, &format!("{n:04}.txt")));
        }
        writer.commit().unwrap();
        let searcher = LocalSearcher::from_index(index, schema).unwrap();
        for (text, sort) in [
            ("*", SortOrder::Relevance),
            ("harbour", SortOrder::Relevance),
            ("storm", SortOrder::Date),
        ] {
            let request = SearchRequest {
                query: text.to_string(),
                sort,
                ..SearchRequest::default()
            };
            let from_columns = names_of(&searcher, &request, NAMES);
            let stored = names_of(&searcher, &request, RECORD);
            assert!(from_columns.len() > 500, "{text}: {}", from_columns.len());
            assert_eq!(from_columns, stored, "{text}");
            assert!(from_columns.iter().any(|r| r.2.len() == 4));
            let bare = names_of(&searcher, &request, Parts::default());
            assert!(bare.iter().all(|r| r.1.is_empty() && r.2.is_empty()));
        }
    }

    /// 2,400 articles in two segments, dated over 40 days (so many share
    /// a date), every ninth undated, every seventh deleted.
    fn dated_searcher() -> LocalSearcher {
        let (schema, index, mut writer) = ram_index();
        for n in 0..2_400u64 {
            let words = ["storm", "flood", "harbour", "storm flood"][(n % 4) as usize];
            let date = (n % 9 != 4).then(|| {
                let day = (n * 7_919) % 40;
                chrono::DateTime::from_timestamp(1_700_000_000 + day as i64 * 86_400, 0).unwrap()
            });
            let article = Article {
                meta: ArticleMeta {
                    path: format!("{n:05}.txt"),
                    title: format!("{words} {n}"),
                    date,
                    ..ArticleMeta::default()
                },
                body: format!("{words} report number {n}"),
                notes: Vec::new(),
                quotes: Vec::new(),
            };
            add_article(&mut writer, &schema, &article, n);
            if n == 1_300 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        for n in (0..2_400u64).filter(|n| n % 7 == 2) {
            writer.delete_term(Term::from_field_text(schema.file, &format!("{n:05}.txt")));
        }
        writer.commit().unwrap();
        LocalSearcher::from_index(index, schema).unwrap()
    }

    #[test]
    fn a_stream_by_date_lists_what_pages_by_date_list() {
        let searcher = dated_searcher();
        for text in ["storm", "storm OR harbour", "flood -storm", "*"] {
            let request = SearchRequest {
                query: text.to_string(),
                sort: SortOrder::Date,
                all_words: true,
                ..SearchRequest::default()
            };
            let all = streamed(&searcher, &request, Parts::default());
            let mut pages = Vec::new();
            for offset in (0..all.len() + 100).step_by(100) {
                let page = SearchRequest {
                    offset,
                    limit: 100,
                    ..request.clone()
                };
                pages.extend(paged(&searcher, &page));
            }
            let paths =
                |rows: &[Row]| -> Vec<String> { rows.iter().map(|r| r.1.clone()).collect() };
            assert_eq!(paths(&all), paths(&pages), "{text}");
            for (a, b) in all.iter().zip(&pages) {
                assert!(close(a.0, b.0), "{text}: {a:?} {b:?}");
            }
        }
    }
}
