//! The quote index: every attributed quote as a record of its own, in a
//! second tantivy index in the index folder (`quotes/`), kept in step with
//! the articles by the same `newsidx index` run.
//!
//! Why a second index rather than a kind of document in the first: every
//! count, ranking statistic and fast path of a query (`*`, `total_hits`,
//! BM25's document count and average length, facets, the registry of
//! people) reads the whole article index, and each would need to leave
//! quote records out. Beside it, quote records cannot reach a query at
//! all, and a quote search is an ordinary query over an index of the same
//! schema (`NewsSchema::quote_document`).
//!
//! Two indexes cannot commit as one, so the order of commits keeps them
//! exact: the quotes commit first, then the articles. A run killed between
//! the two leaves quotes of files the article index does not yet hold, or
//! holds in another version; the next run deletes those quotes before
//! anything else and reads those files again (see [`QuoteWriter::open`]),
//! as it reads any file the article index does not know.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::Context;
use tantivy::index::SegmentId;
use tantivy::indexer::PreparedCommit;
use tantivy::{Index, IndexWriter, Term};

use super::open_writer;
use crate::article::Article;
use crate::error::IndexError;
use crate::merge;
use crate::schema::{Fingerprint, NewsSchema, QUOTES_DIR};
use crate::state;
use crate::store::{self, Opened};

/// The quote writer's buffer: quote records are a few hundred bytes each,
/// a small share of what the articles take, so a slice of the budget
/// serves (a quarter; an eighth made more, smaller segments to merge);
/// tantivy asks at least 15 MB of a writer thread.
const MIN_MEMORY_BYTES: usize = 16 << 20;
const MAX_MEMORY_BYTES: usize = 128 << 20;

/// The quote index being written.
pub(super) struct QuoteWriter {
    pub(super) writer: IndexWriter,
    dir: PathBuf,
    /// Whether opening deleted quotes a killed run left, which the run
    /// must commit even when no file changed.
    pub(super) repaired: bool,
    /// The segments the index had before this run.
    before: HashSet<SegmentId>,
    /// The writer's budget, which bounds its merges.
    memory_bytes: usize,
}

/// The quote index once its writer is gone, for the merges that end a run.
pub(super) struct QuoteMerges {
    index: Index,
    dir: PathBuf,
    before: HashSet<SegmentId>,
    memory_bytes: usize,
}

impl QuoteWriter {
    /// Opens (or creates) the quote index beside the article index at
    /// `index_dir`, opened as `articles`, whose files and fingerprints
    /// are `known`. Quotes of files the article index does not hold, or
    /// holds with another fingerprint (a run killed between the two
    /// commits), are deleted; a file of the second kind is marked in
    /// `known` as changed, so that it is read again.
    pub(super) fn open(
        index_dir: &std::path::Path,
        articles: Opened,
        known: &mut HashMap<String, Fingerprint>,
        memory_bytes: usize,
    ) -> anyhow::Result<QuoteWriter> {
        let dir = index_dir.join(QUOTES_DIR);
        let full = articles != Opened::Existing;
        let (index, schema, opened) = store::open_for_writing(&dir, full)?;
        let memory_bytes = (memory_bytes / 4).clamp(MIN_MEMORY_BYTES, MAX_MEMORY_BYTES);
        let before = index
            .searchable_segment_ids()
            .map_err(|e| IndexError::damaged(&dir, e))?
            .into_iter()
            .collect();
        let writer = open_writer(&index, &dir, 1, memory_bytes)?;
        let mut repaired = false;
        match opened {
            Opened::Replacing => {
                writer.delete_all_documents()?;
            }
            Opened::Created if articles == Opened::Existing && !known.is_empty() => {
                // The articles' quotes were never written, or were removed:
                // only reading every file again can bring them back.
                return Err(anyhow::Error::new(IndexError::Damaged {
                    path: dir,
                    cause: None,
                })
                .context("the index has no quote index beside its articles"));
            }
            Opened::Created => {}
            Opened::Existing => {
                let reader = index.reader().map_err(|e| IndexError::damaged(&dir, e))?;
                let held = state::file_fingerprints(&reader.searcher(), &schema)
                    .map_err(|e| IndexError::damaged(&dir, e))?;
                for (file, fingerprint) in held {
                    repaired |= known.get(&file) != Some(&fingerprint);
                    match known.get_mut(&file) {
                        Some(article) if *article == fingerprint => {}
                        Some(article) => {
                            // Unlike any content the file can have, so the
                            // run reads it and replaces both sides.
                            article.mtime = u64::MAX;
                            article.hash = !fingerprint.hash;
                            writer.delete_term(Term::from_field_text(schema.file, &file));
                        }
                        None => {
                            writer.delete_term(Term::from_field_text(schema.file, &file));
                        }
                    }
                }
            }
        }
        Ok(QuoteWriter {
            writer,
            dir,
            repaired,
            before,
            memory_bytes,
        })
    }

    /// Adds the quote records of `article`, read from `file`.
    pub(super) fn add(
        &self,
        schema: &NewsSchema,
        article: &Article,
        file: &str,
        fingerprint: Fingerprint,
    ) -> tantivy::Result<()> {
        for quote in &article.quotes {
            self.writer
                .add_document(schema.quote_document(article, quote, file, fingerprint))?;
        }
        Ok(())
    }

    /// Deletes the quote records of `file`.
    pub(super) fn delete_file(&self, schema: &NewsSchema, file: &str) {
        self.writer
            .delete_term(Term::from_field_text(schema.file, file));
    }

    /// Writes out what was added since the last commit, without yet
    /// making it the index's: the articles' writer prepares its own
    /// commit meanwhile (`LocalSink::commit`).
    pub(super) fn prepare_commit(&mut self) -> anyhow::Result<QuoteCommit<'_>> {
        let dir = &self.dir;
        let prepared = self
            .writer
            .prepare_commit()
            .with_context(|| format!("cannot commit to the quote index at {}", dir.display()))?;
        Ok(QuoteCommit { prepared, dir })
    }

    /// Waits for the quote index's merges and closes its writer.
    pub(super) fn wait_merging_threads(self) -> anyhow::Result<QuoteMerges> {
        let QuoteWriter {
            writer,
            dir,
            before,
            memory_bytes,
            ..
        } = self;
        let index = writer.index().clone();
        writer
            .wait_merging_threads()
            .with_context(|| format!("cannot merge segments of {}", dir.display()))?;
        Ok(QuoteMerges {
            index,
            dir,
            before,
            memory_bytes,
        })
    }
}

/// A commit of the quote index written out and not yet made the index's.
pub(super) struct QuoteCommit<'a> {
    prepared: PreparedCommit<'a>,
    dir: &'a std::path::Path,
}

impl QuoteCommit<'_> {
    /// Makes the commit the index's; always before the articles' commit
    /// (see the module documentation).
    pub(super) fn commit(self) -> anyhow::Result<()> {
        let dir = self.dir;
        self.prepared
            .commit()
            .with_context(|| format!("cannot commit to the quote index at {}", dir.display()))?;
        Ok(())
    }
}

impl QuoteMerges {
    /// Merges what the run wrote into few segments ([`merge::merge_run`]).
    pub(super) fn merge_run(&self) -> anyhow::Result<usize> {
        merge::merge_run(
            &self.index,
            &self.dir,
            &self.before,
            self.memory_bytes as u64,
        )
        .with_context(|| format!("cannot merge segments of {}", self.dir.display()))
    }
}
