//! Walks a corpus folder, parses every article in parallel and feeds one
//! tantivy `IndexWriter`.
//!
//! The walk runs on a thread of its own and streams what it finds, so a
//! large tree's directory reads and `stat` calls overlap with parsing and no
//! list of every file is ever held. Files that changed are read and parsed
//! in chunks on a rayon pool; each worker adds its documents straight to the
//! shared writer, whose `add_document` takes `&self`. Between chunks the
//! writer commits when enough time has passed: a commit is the unit of
//! crash safety, and committing per file would make indexing crawl.
//!
//! An article's identity is its path relative to the corpus root: a file
//! already in the index has its documents deleted by that path in the same
//! commit that adds them again, so re-indexing a folder replaces articles
//! instead of duplicating them.
//!
//! Nothing is dropped silently: every file that is not indexed ends up in
//! [`IndexReport::skipped`] with its reason.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::IndexWriterOptions;
use tantivy::{IndexWriter, TantivyDocument, Term};
use walkdir::WalkDir;

use crate::article::{parse_file, Format};
use crate::config::IndexConfig;
use crate::error::IndexError;
use crate::merge::BoundedMergePolicy;
use crate::schema::{Fingerprint, NewsSchema};
use crate::state::{self, IndexSettings};
use crate::store;

/// Files parsed between two chances to commit: small enough that commits
/// can follow `--commit-every`, large enough to keep every core busy.
const CHUNK_FILES: usize = 1024;

/// Entries the walker sends at a time, and batches it may run ahead.
const WALK_BATCH: usize = 256;
const WALK_QUEUE_BATCHES: usize = 16;

/// A file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The path as found under the corpus root.
    pub path: PathBuf,
    /// Why it was skipped, in words.
    pub reason: String,
    /// Whether the cause was an I/O error (sets the exit status to 2).
    pub io_error: bool,
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Articles added or replaced.
    pub indexed: usize,
    /// Of those, articles with no recognisable date.
    pub undated: usize,
    /// Files new to the index.
    pub files_added: usize,
    /// Files whose content changed since the last run.
    pub files_updated: usize,
    /// Files gone from the folder, whose articles were removed.
    pub files_removed: usize,
    /// Files left as they were (same size and time, or same content).
    pub files_unchanged: usize,
    /// Files or records not indexed, each with its reason.
    pub skipped: Vec<Skipped>,
    /// Hidden files and folders passed over (names starting with `.`).
    pub hidden: usize,
    /// Documents in the index after the run.
    pub total_docs: u64,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl IndexReport {
    /// Articles per second over the whole run.
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.indexed as f64 / secs
        } else {
            0.0
        }
    }

    /// Whether any skipped file failed with an I/O error.
    pub fn had_io_errors(&self) -> bool {
        self.skipped.iter().any(|s| s.io_error)
    }
}

/// A file the walk found that newsidx may read.
struct Candidate {
    abs: PathBuf,
    rel: String,
    mtime: u64,
    size: u64,
    /// Its fingerprint in the index, if it is there.
    known: Option<Fingerprint>,
}

/// What became of one file.
#[derive(Default)]
struct Outcome {
    change: Option<Change>,
    indexed: usize,
    undated: usize,
    skipped: Vec<Skipped>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Updated,
    Unchanged,
}

/// Indexes the folder `config.dir` into `config.index`, reading only what
/// changed since the last run.
///
/// `on_skip` is called for each skipped file as soon as it is known, so the
/// caller can name it on stderr while the run goes on.
pub fn index_folder(
    config: &IndexConfig,
    on_skip: &mut dyn FnMut(&Skipped),
) -> anyhow::Result<IndexReport> {
    let start = Instant::now();
    let root = config
        .dir
        .canonicalize()
        .with_context(|| format!("cannot read the folder to index: {}", config.dir.display()))?;
    let (index, schema, fresh) = store::open_for_writing(&config.index, config.full)?;
    let mut writer = open_writer(
        &index,
        &config.index,
        config.writer_threads,
        config.memory_bytes,
    )?;

    let settings = IndexSettings::current(root.clone(), config.timezone_name.clone());
    let mut known = if fresh {
        HashMap::new()
    } else {
        let reader = index.reader().map_err(|e| {
            anyhow::Error::new(e).context(IndexError::Damaged {
                path: config.index.clone(),
            })
        })?;
        let searcher = reader.searcher();
        // An empty index without settings is one a killed run created
        // before it could record them: nothing in it to protect.
        if searcher.num_docs() > 0 || IndexSettings::load(&config.index)?.is_some() {
            check_settings(&config.index, &settings)?;
        }
        state::file_fingerprints(&searcher).with_context(|| {
            format!(
                "cannot read the file list of the index at {}",
                config.index.display()
            )
        })?
    };
    // Recorded before the first commit, so a crash never leaves documents
    // without the settings that explain them.
    settings.save(&config.index)?;

    let mut report = IndexReport::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.parse_threads)
        .build()
        .context("cannot start the parsing threads")?;
    let progress = progress_bar(config.progress, 0);
    let mut last_commit = Instant::now();
    let mut chunk: Vec<Candidate> = Vec::with_capacity(CHUNK_FILES);
    // The walk runs on its own thread and hands over what it finds in
    // batches, so parsing starts at once and the directory reads and
    // `stat` calls of a large tree overlap with it instead of preceding it.
    let hidden = std::thread::scope(|scope| -> anyhow::Result<usize> {
        let (found_tx, found_rx) = std::sync::mpsc::sync_channel(WALK_QUEUE_BATCHES);
        let walker = scope.spawn(|| walk(config, found_tx));
        for batch in found_rx {
            for found in batch {
                let mut candidate = match found {
                    Found::File(candidate) => candidate,
                    Found::Skipped(skipped) => {
                        on_skip(&skipped);
                        report.skipped.push(skipped);
                        continue;
                    }
                };
                // What remains in `known` after the walk is gone from disk.
                candidate.known = known.remove(&candidate.rel);
                if candidate
                    .known
                    .is_some_and(|f| f.size == candidate.size && f.mtime == candidate.mtime)
                {
                    report.files_unchanged += 1;
                    continue;
                }
                progress.inc_length(1);
                chunk.push(candidate);
                if chunk.len() == CHUNK_FILES {
                    let outcomes = index_chunk(&chunk, &schema, &writer, config, &pool, &progress);
                    report.record(outcomes, on_skip);
                    chunk.clear();
                    if last_commit.elapsed() >= config.commit_every {
                        commit(&mut writer, &config.index)?;
                        last_commit = Instant::now();
                    }
                }
            }
        }
        let outcomes = index_chunk(&chunk, &schema, &writer, config, &pool, &progress);
        report.record(outcomes, on_skip);
        // The walker only ends by running out of entries; a panic there is
        // a bug, and is reported as one rather than as a partial index.
        walker
            .join()
            .map_err(|_| anyhow::anyhow!("the folder walk failed unexpectedly"))
    })?;
    report.hidden = hidden;
    for file in known.keys() {
        writer.delete_term(Term::from_field_text(schema.file, file));
        report.files_removed += 1;
    }
    progress.finish_and_clear();

    // A run that found nothing to do leaves the index untouched: no empty
    // commit, no merge, and the quickest possible no-change run.
    let touched = fresh
        || report.files_added + report.files_updated + report.files_removed > 0
        || !report.skipped.is_empty();
    if touched {
        commit(&mut writer, &config.index)?;
        // Waiting for merges leaves fewer, larger segments, which makes
        // every later query faster; it is part of building the index.
        writer
            .wait_merging_threads()
            .with_context(|| format!("cannot merge segments of {}", config.index.display()))?;
    }

    let reader = index
        .reader()
        .with_context(|| format!("cannot read back the index at {}", config.index.display()))?;
    report.total_docs = reader.searcher().num_docs();
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The index writer as `newsidx index` sets it up: `threads` writer threads
/// sharing `memory_bytes` of buffer, one merge thread, and merges bounded
/// by the same budget (see [`crate::merge`]). Public so that the
/// raw-tantivy benchmark baseline writes exactly as newsidx does.
pub fn open_writer(
    index: &tantivy::Index,
    index_dir: &Path,
    threads: usize,
    memory_bytes: usize,
) -> anyhow::Result<IndexWriter> {
    let options = IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(memory_bytes / threads.max(1))
        // One merge at a time: each reads its inputs through memory maps,
        // and two cores have no room for more anyway.
        .num_merge_threads(1)
        .build();
    let writer: IndexWriter = index
        .writer_with_options(options)
        .map_err(|e| store::writer_error(e, index_dir))?;
    writer.set_merge_policy(Box::new(BoundedMergePolicy::new(
        index_dir,
        memory_bytes as u64,
    )));
    Ok(writer)
}

/// Reads, parses and adds one chunk of files on the parsing threads.
fn index_chunk(
    chunk: &[Candidate],
    schema: &NewsSchema,
    writer: &IndexWriter,
    config: &IndexConfig,
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
) -> Vec<Outcome> {
    pool.install(|| {
        chunk
            .par_iter()
            .map(|c| {
                let outcome = index_file(c, schema, writer, config);
                progress.inc(1);
                outcome
            })
            .collect()
    })
}

impl IndexReport {
    /// Adds what became of a chunk's files.
    fn record(&mut self, outcomes: Vec<Outcome>, on_skip: &mut dyn FnMut(&Skipped)) {
        let report = self;
        for outcome in outcomes {
            match outcome.change {
                Some(Change::Added) => report.files_added += 1,
                Some(Change::Updated) => report.files_updated += 1,
                Some(Change::Unchanged) => report.files_unchanged += 1,
                None => {}
            }
            report.indexed += outcome.indexed;
            report.undated += outcome.undated;
            for skip in outcome.skipped {
                on_skip(&skip);
                report.skipped.push(skip);
            }
        }
    }
}

fn commit(writer: &mut IndexWriter, index: &Path) -> anyhow::Result<()> {
    writer
        .commit()
        .with_context(|| format!("cannot commit to the index at {}", index.display()))?;
    // A crash test has to land between two commits on any machine, which
    // timed kills cannot promise: tests/cli/crash.rs sets this variable to
    // die right after the N-th commit. Debug builds only (the tests drive
    // the debug binary); release builds never read it.
    #[cfg(debug_assertions)]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COMMITS: AtomicUsize = AtomicUsize::new(0);
        let done = COMMITS.fetch_add(1, Ordering::Relaxed) + 1;
        let abort_after = std::env::var("NEWSIDX_TEST_ABORT_AFTER_COMMITS").ok();
        if abort_after.and_then(|n| n.parse().ok()) == Some(done) {
            std::process::abort();
        }
    }
    Ok(())
}

/// Refuses to mix corpora or extraction settings in one index. A recorded
/// root that no longer exists means the corpus was moved, which is fine:
/// identities are relative to the root.
fn check_settings(index: &Path, now: &IndexSettings) -> anyhow::Result<()> {
    let Some(recorded) = IndexSettings::load(index)? else {
        return Err(IndexError::Outdated {
            path: index.to_path_buf(),
            what: "an older newsidx that kept no settings".to_string(),
        }
        .into());
    };
    if recorded.schema_version != now.schema_version {
        return Err(IndexError::SchemaMismatch {
            path: index.to_path_buf(),
        }
        .into());
    }
    if recorded.extraction_version != now.extraction_version {
        return Err(IndexError::Outdated {
            path: index.to_path_buf(),
            what: format!(
                "extraction rules version {} (this newsidx has {})",
                recorded.extraction_version, now.extraction_version
            ),
        }
        .into());
    }
    if recorded.timezone != now.timezone {
        let show = |tz: &Option<String>| tz.clone().unwrap_or_else(|| "UTC".to_string());
        return Err(IndexError::Outdated {
            path: index.to_path_buf(),
            what: format!(
                "--timezone {} (now {})",
                show(&recorded.timezone),
                show(&now.timezone)
            ),
        }
        .into());
    }
    if recorded.corpus_root != now.corpus_root && recorded.corpus_root.exists() {
        return Err(IndexError::OtherCorpus {
            path: index.to_path_buf(),
            recorded: recorded.corpus_root,
            given: now.corpus_root.clone(),
        }
        .into());
    }
    Ok(())
}

fn progress_bar(enabled: bool, len: usize) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({per_sec}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// What the walk found: a file to consider, or one it cannot index.
enum Found {
    File(Candidate),
    Skipped(Skipped),
}

/// Walks the corpus root, sending in batches the files that may hold
/// articles and the entries it must skip; returns how many hidden entries
/// it passed over. Ends early if the receiver is gone.
fn walk(config: &IndexConfig, found: SyncSender<Vec<Found>>) -> usize {
    let root = config.dir.as_path();
    // An index folder inside the corpus holds tantivy's own files; walking
    // into it would report each of them as an unsupported file.
    let index_dir = config.index.canonicalize().ok();
    let mut hidden = 0;
    let mut batch = Vec::with_capacity(WALK_BATCH);
    let skip = |path: PathBuf, reason: String, io_error: bool| {
        Found::Skipped(Skipped {
            path,
            reason,
            io_error,
        })
    };
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                hidden += 1;
                return false;
            }
            let is_index = entry.file_type().is_dir()
                && index_dir.is_some()
                && entry.path().canonicalize().ok() == index_dir;
            !is_index
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                let (reason, io_error) = if err.loop_ancestor().is_some() {
                    ("symbolic link loop".to_string(), false)
                } else {
                    match err.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            ("broken symbolic link".to_string(), false)
                        }
                        Some(io) => (format!("cannot read: {io}"), true),
                        None => (err.to_string(), true),
                    }
                };
                batch.push(skip(path, reason, io_error));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        if !Format::worth_reading(path) {
            let reason = match path.extension() {
                Some(ext) => format!("unsupported file type .{}", ext.to_string_lossy()),
                None => "unsupported file type (no extension)".to_string(),
            };
            batch.push(skip(path.to_path_buf(), reason, false));
        } else {
            match entry.metadata() {
                Ok(metadata) => batch.push(Found::File(Candidate {
                    abs: path.to_path_buf(),
                    rel: relative_identity(root, path),
                    mtime: metadata
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
                    size: metadata.len(),
                    known: None,
                })),
                Err(err) => batch.push(skip(
                    path.to_path_buf(),
                    format!("cannot read: {err}"),
                    true,
                )),
            }
        }
        if batch.len() == WALK_BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(WALK_BATCH));
            if found.send(full).is_err() {
                return hidden;
            }
        }
    }
    // A closed receiver means the indexer has stopped on an error of its own.
    let _ = found.send(batch);
    hidden
}

/// The article identity: the path under the root, `/`-separated.
fn relative_identity(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    // Walking components one by one showed up in profiles of no-change
    // runs; only Windows needs its separators rewritten.
    if std::path::MAIN_SEPARATOR == '/' {
        rel.into_owned()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Reads a whole file. The walk already knows its size, so unlike
/// `std::fs::read` (and `File::read_to_end`, which sizes its buffer with a
/// `statx` and an `lseek`) this asks the kernel for nothing but the bytes:
/// two system calls fewer per file, which a million-file build notices.
fn read_file(path: &Path, size: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // One byte more than expected, so the read that finds the end needs no
    // reallocation; a file that grew since the walk is still read whole.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn index_file(
    candidate: &Candidate,
    schema: &NewsSchema,
    writer: &IndexWriter<TantivyDocument>,
    config: &IndexConfig,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut skip = |reason: String, io_error: bool| {
        outcome.skipped.push(Skipped {
            path: candidate.abs.clone(),
            reason,
            io_error,
        });
    };
    let bytes = match read_file(&candidate.abs, candidate.size) {
        Ok(bytes) => bytes,
        Err(err) => {
            // The old articles stay: an unreadable file is not a deleted one.
            skip(format!("cannot read: {err}"), true);
            return outcome;
        }
    };
    let fingerprint = Fingerprint {
        mtime: candidate.mtime,
        size: candidate.size,
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
    };
    outcome.change = Some(match candidate.known {
        // Touched but not changed: nothing to parse. The stored mtime stays
        // old, so the next run hashes this file again; that costs a read,
        // and rewriting the documents to record the new time would cost more.
        Some(old) if old.hash == fingerprint.hash && old.size == fingerprint.size => {
            return Outcome {
                change: Some(Change::Unchanged),
                ..outcome
            };
        }
        Some(_) => Change::Updated,
        None => Change::Added,
    });
    // Every record of the file goes, then what the file holds now comes back:
    // a JSON Lines file that lost lines loses their articles. A file new to
    // the index has nothing to delete, and a million needless deletes would
    // each be looked up in every segment at commit.
    if candidate.known.is_some() {
        writer.delete_term(Term::from_field_text(schema.file, &candidate.rel));
    }
    let records = match parse_file(&candidate.rel, &bytes, &config.parse_options) {
        Ok(records) => records,
        Err(err) => {
            skip(err.to_string(), false);
            return outcome;
        }
    };
    for record in records {
        let article = match record {
            Ok(article) => article,
            Err(err) => {
                skip(err.to_string(), false);
                continue;
            }
        };
        let doc = schema.to_document(&article, &candidate.rel, fingerprint);
        match writer.add_document(doc) {
            Ok(_) => {
                outcome.indexed += 1;
                outcome.undated += usize::from(article.date.is_none());
            }
            // The writer only fails here when its indexing threads died; the
            // file itself was fine, so say so rather than blame it.
            Err(err) => skip(format!("the index writer failed: {err}"), true),
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_slash_separated_and_relative() {
        let root = Path::new("corpus");
        let path = Path::new("corpus").join("2024").join("a.txt");
        assert_eq!(relative_identity(root, &path), "2024/a.txt");
    }
}
