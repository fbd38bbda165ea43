//! The local backend: a tantivy index on this machine's disk.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::collector::TopDocs;
use tantivy::query::{EnableScoring, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, Order, ReloadPolicy, Score, TantivyDocument, Term};

use super::{
    count, query, rank, snippet, Backend, Hit, SearchError, SearchRequest, SearchResults,
    SortOrder, StoredArticle,
};
use crate::error::IndexError;
use crate::schema::{NewsSchema, DATE_FIELD};
use crate::state::IndexSettings;
use crate::store;

/// An open index, ready for queries.
pub struct LocalSearcher {
    index: Index,
    schema: NewsSchema,
    reader: IndexReader,
    /// Where the index lives, for messages.
    location: PathBuf,
    /// The corpus folder the index records, to give hits a file that opens.
    corpus_root: Option<PathBuf>,
}

impl LocalSearcher {
    /// Opens the index folder at `path`.
    pub fn open(path: &Path) -> Result<LocalSearcher, SearchError> {
        let (index, schema) = store::open_for_search(path)?;
        let corpus_root = IndexSettings::load(path)
            .map_err(|e| IndexError::damaged(path, e))?
            .map(|settings| settings.corpus_root);
        let mut searcher = LocalSearcher::from_index(index, schema)?;
        searcher.location = path.to_path_buf();
        searcher.corpus_root = corpus_root;
        Ok(searcher)
    }

    /// Wraps an index already opened (in memory, for tests and benches);
    /// hits then have no `file`.
    pub fn from_index(index: Index, schema: NewsSchema) -> Result<LocalSearcher, SearchError> {
        // Segments are searched one after the other. A thread pool to search
        // them in parallel took a two-word AND at a million articles from
        // 1.13 to 0.90 ms, but starting its threads cost the one-query
        // process more than that (about 1.3 ms of 8).
        //
        // One process answers one query: a reader that watches for new
        // commits would only start a thread for nothing.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| IndexError::damaged(Path::new(""), e))?;
        Ok(LocalSearcher {
            index,
            schema,
            reader,
            location: PathBuf::new(),
            corpus_root: None,
        })
    }

    /// The corpus folder the index was built from, as it recorded it.
    pub fn corpus_root(&self) -> Option<&Path> {
        self.corpus_root.as_deref()
    }

    /// The identity of the article in `file` (a path from `cwd`, or
    /// absolute; `file.jsonl#N` for a record), if the file is inside the
    /// corpus the index records.
    pub fn identity_of_file(&self, file: &str, cwd: Option<&Path>) -> Option<String> {
        let root = self.corpus_root.as_deref()?;
        let (name, record) = match file.rsplit_once('#') {
            Some((name, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                (name, Some(n))
            }
            _ => (file, None),
        };
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
        Ok(query::build(&self.index, &self.schema, request)?.0)
    }

    /// The tantivy searcher over the index as it was opened.
    #[doc(hidden)]
    pub fn tantivy_searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    fn run(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let start = Instant::now();
        let (query, lone_phrase) = query::build(&self.index, &self.schema, request)?;
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.location, e);
        let searcher = self.reader.searcher();
        let phrase = query
            .downcast_ref::<PhraseQuery>()
            .filter(|_| lone_phrase && request.sort == SortOrder::Relevance);

        let wanted = request
            .limit
            .min((searcher.num_docs() as usize).saturating_sub(request.offset));
        // At a million articles an exact count of a two-word AND costs more
        // than finding its best ten; see `count` for what is counted.
        let (total_hits, total_exact) =
            count::count_matches(&searcher, &*query, request.exact_count).map_err(read)?;
        let ranked: Vec<(Option<Score>, DocAddress)> = if wanted == 0 || total_hits == 0 {
            Vec::new()
        } else {
            match request.sort {
                SortOrder::Relevance => {
                    let k = request.offset + wanted;
                    let best = match phrase {
                        Some(phrase) => rank::top_phrase_matches(&searcher, phrase, k),
                        None => {
                            let scoring = EnableScoring::enabled_from_searcher(&searcher);
                            query
                                .weight(scoring)
                                .and_then(|weight| rank::top_matches(&searcher, &*weight, None, k))
                        }
                    }
                    .map_err(read)?;
                    best.into_iter()
                        .skip(request.offset)
                        .map(|(s, d)| (Some(s), d))
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
                        .map(|(_, d)| (None, d))
                        .collect()
                }
            }
        };

        let snippets =
            snippet::generators(&self.index, &self.schema, &searcher, &*query).map_err(read)?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (i, (score, address)) in ranked.into_iter().enumerate() {
            let score = match score {
                Some(score) => score,
                None => query.explain(&searcher, address).map_err(read)?.value(),
            };
            let doc: TantivyDocument = searcher.doc(address).map_err(read)?;
            let article = self.schema.stored(&doc);
            let (snippet, highlights) =
                snippets.snippet(&article.body, article.meta.lead.as_deref());
            let file = self.file_of(&searcher, address).map_err(read)?;
            hits.push(Hit {
                rank: request.offset + i + 1,
                score,
                article: article.meta,
                file,
                snippet,
                highlights,
            });
        }
        Ok(SearchResults {
            hits,
            total_hits,
            total_exact,
            elapsed: start.elapsed(),
        })
    }

    /// The absolute path of the file a document came from, read from the
    /// `file` column (a JSON Lines record's file is the whole file).
    fn file_of(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
    ) -> tantivy::Result<Option<String>> {
        let Some(root) = &self.corpus_root else {
            return Ok(None);
        };
        let column = self
            .schema
            .file_column(searcher.segment_reader(address.segment_ord))?;
        let Some(ord) = column.term_ords(address.doc_id).next() else {
            return Ok(None);
        };
        let mut name = String::new();
        column.ord_to_str(ord, &mut name)?;
        Ok(Some(root.join(name).to_string_lossy().into_owned()))
    }
}

impl Backend for LocalSearcher {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.run(request)
    }

    fn article(&self, path: &str) -> Result<Option<StoredArticle>, SearchError> {
        let read = |e: tantivy::TantivyError| IndexError::damaged(&self.location, e);
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.schema.path, path),
            IndexRecordOption::Basic,
        );
        let found = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .map_err(read)?;
        let Some((_, address)) = found.into_iter().next() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address).map_err(read)?;
        Ok(Some(StoredArticle {
            article: self.schema.stored(&doc),
            file: self.file_of(&searcher, address).map_err(read)?,
        }))
    }
}
