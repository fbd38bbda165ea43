//! The local tantivy index as a [`Sink`]: the article writer, the quote
//! index beside it, and what a commit and the end of a run do to them.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use tantivy::index::SegmentId;
use tantivy::{Index, IndexWriter, Term};

use super::quotes::QuoteWriter;
use super::{abort_for_tests, open_writer, Held, Refused, Seen, Sink, SkipReason};
use crate::article::Article;
use crate::config::IndexConfig;
use crate::error::IndexError;
use crate::merge;
use crate::schema::{Fingerprint, NewsSchema};
use crate::state::{self, IndexSettings};
use crate::store::{self, Opened};

/// The index folder being written.
pub(super) struct LocalSink<'a> {
    config: &'a IndexConfig,
    index: Index,
    schema: NewsSchema,
    writer: IndexWriter,
    /// The quote records' index, committed just before `writer`.
    quotes: QuoteWriter,
    opened: Opened,
    settings: IndexSettings,
    commits: usize,
    /// The article segments the index had before this run.
    before: HashSet<SegmentId>,
}

impl<'a> LocalSink<'a> {
    /// Opens (or creates) the index, checks it was built from this folder
    /// with these settings, and reads what it holds.
    pub(super) fn open(config: &'a IndexConfig) -> anyhow::Result<(LocalSink<'a>, Held)> {
        let started = Instant::now();
        let root = config.dir.canonicalize().with_context(|| {
            format!("cannot read the folder to index: {}", config.dir.display())
        })?;
        let (index, schema, opened) = store::open_for_writing(&config.index, config.full)?;
        let before = index
            .searchable_segment_ids()
            .map_err(|e| IndexError::damaged(&config.index, e))?
            .into_iter()
            .collect();
        let writer = open_writer(
            &index,
            &config.index,
            config.writer_threads,
            config.memory_bytes,
        )?;
        let settings = IndexSettings::current(root, config.timezone_name.clone());
        let damaged = |e: anyhow::Error| {
            e.context(IndexError::Damaged {
                path: config.index.clone(),
                cause: None,
            })
        };
        let (mut known, remembered) = match opened {
            Opened::Created => (Default::default(), Seen::default()),
            Opened::Replacing => {
                // Everything goes at the commit that brings the new articles.
                writer.delete_all_documents()?;
                (Default::default(), Seen::default())
            }
            Opened::Existing => {
                let reader = index.reader().map_err(|e| damaged(e.into()))?;
                let searcher = reader.searcher();
                // An empty index without settings is one a killed run
                // created before it could record them: nothing to protect.
                if searcher.num_docs() > 0 || IndexSettings::load(&config.index)?.is_some() {
                    state::check_settings(&config.index, &settings)?;
                }
                let known =
                    state::file_fingerprints(&searcher, &schema).map_err(|e| damaged(e.into()))?;
                (known, Seen::load(&index).map_err(damaged)?)
            }
        };
        let quotes = QuoteWriter::open(&config.index, opened, &mut known, config.memory_bytes)?;
        if opened != Opened::Replacing {
            // Recorded before the first commit, so a crash never leaves
            // documents without the settings that explain them. A rebuild
            // records them after its commit: until then the old index, and
            // its settings, stand.
            settings.save(&config.index)?;
        }
        let sink = LocalSink {
            config,
            index,
            schema,
            writer,
            quotes,
            opened,
            settings,
            commits: 0,
            before,
        };
        let held = Held {
            files: known,
            rejected: remembered,
            started: Some(started),
        };
        Ok((sink, held))
    }

    fn index_dir(&self) -> &Path {
        &self.config.index
    }
}

impl Sink for LocalSink<'_> {
    fn commits_midway(&self) -> bool {
        self.opened != Opened::Replacing
    }

    fn must_commit(&self) -> bool {
        self.opened != Opened::Existing || self.quotes.repaired
    }

    fn delete_file(&self, file: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.schema.file, file));
        self.quotes.delete_file(&self.schema, file);
    }

    fn add_article(
        &self,
        article: &Article,
        file: &str,
        fingerprint: Fingerprint,
    ) -> Result<(), SkipReason> {
        let doc = self.schema.to_document(article, file, fingerprint);
        // The quotes go first: an article whose quotes failed is not added.
        self.quotes
            .add(&self.schema, article, file, fingerprint)
            .and_then(|()| self.writer.add_document(doc))
            .map(|_| ())
            // The writer only fails here when its indexing threads died;
            // the file itself was fine, so say so rather than blame it.
            .map_err(|e| SkipReason::WriterFailed(e.to_string()))
    }

    fn remove_file(&mut self, file: &str, had_articles: bool) {
        if had_articles {
            self.delete_file(file);
        }
    }

    /// Commits the documents and, in the same step, what is remembered of
    /// rejected files (see `seen`).
    ///
    /// Most of a commit is its preparing: each writer's threads write out
    /// their segments. The quote writer's one thread and the article
    /// writer's do it at once, where one after the other left a core idle
    /// for the quotes' part (half a second of a 100k build's mid-run
    /// commit); the two are then made the indexes' in the order the
    /// quote index's module documentation gives, which is what keeps a
    /// killed run exact.
    fn commit(&mut self, seen: &Seen) -> anyhow::Result<Refused> {
        let payload = seen.to_payload();
        let index = self.index_dir().to_path_buf();
        let (quotes, writer) = (&mut self.quotes, &mut self.writer);
        let (quotes_prepared, prepared) = std::thread::scope(|scope| {
            let quoted = scope.spawn(|| quotes.prepare_commit());
            let prepared = writer.prepare_commit();
            let quoted = quoted
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (quoted, prepared)
        });
        let mut prepared = prepared
            .with_context(|| format!("cannot commit to the index at {}", index.display()))?;
        quotes_prepared?.commit()?;
        abort_for_tests("NEWSIDX_TEST_ABORT_AFTER_QUOTE_COMMITS", self.commits + 1);
        prepared.set_payload(&payload);
        prepared
            .commit()
            .with_context(|| format!("cannot commit to the index at {}", index.display()))?;
        self.commits += 1;
        Ok(Refused::default())
    }

    /// Merges, the count of what the index now holds, and the registry of
    /// people.
    fn finish(self: Box<Self>, touched: bool) -> anyhow::Result<u64> {
        let LocalSink {
            config,
            index,
            schema,
            writer,
            quotes,
            opened,
            settings,
            before,
            ..
        } = *self;
        if touched {
            if opened == Opened::Replacing {
                settings.save(&config.index)?;
            }
            // Waiting for merges leaves fewer, larger segments, which makes
            // every later query faster; it is part of building the index.
            writer
                .wait_merging_threads()
                .with_context(|| format!("cannot merge segments of {}", config.index.display()))?;
            let quotes = quotes.wait_merging_threads()?;
            // With the writers' buffers given back, a run that wrote many
            // segments merges them, both indexes at once (one merge thread
            // each).
            give_back_freed_memory();
            std::thread::scope(|scope| -> anyhow::Result<()> {
                let quoted = scope.spawn(|| quotes.merge_run());
                merge::merge_run(&index, &config.index, &before, config.memory_bytes as u64)
                    .with_context(|| {
                        format!("cannot merge segments of {}", config.index.display())
                    })?;
                quoted
                    .join()
                    .map_err(|_| anyhow::anyhow!("the quote index's merges failed unexpectedly"))?
                    .map(drop)
            })?;
        }
        let reader = index
            .reader()
            .with_context(|| format!("cannot read back the index at {}", config.index.display()))?;
        let total = reader.searcher().num_docs();
        give_back_freed_memory();
        // Who is who across the archive, for the commit just made (or for
        // the last one, if a crash came between it and its registry).
        crate::people::rebuild(&config.index, &index, &schema).with_context(|| {
            format!(
                "cannot build the speaker registry of {}",
                config.index.display()
            )
        })?;
        Ok(total)
    }
}

/// Returns to the system what the writers and their merges freed before
/// the registry is built. glibc keeps freed memory in the arena of the
/// thread that used it, so without this the registry's build allocated on
/// top of everything the indexing threads had held: a million articles
/// peaked at 1,223 MB resident, and at 861 MB with it (BENCHMARKS.md).
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases free memory of glibc's own
    // arenas; it reads or moves nothing this program holds.
    unsafe {
        libc::malloc_trim(0);
    }
}
