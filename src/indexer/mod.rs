//! Walks a corpus folder, parses every article in parallel and feeds one
//! tantivy `IndexWriter`.
//!
//! One run is an `IndexRun`: open the index and learn what it holds, walk
//! the folder (on a thread of its own, see `walk`), read and parse in
//! chunks the files that changed, remove the articles of files that are
//! gone, commit. Files are parsed on a rayon pool; each worker adds its
//! documents straight to the shared writer, whose `add_document` takes
//! `&self`. Between chunks the writer commits when enough time has passed:
//! a commit is the unit of crash safety, and committing per file would make
//! indexing crawl. A rebuild (`--full`) commits once, at the end, so until
//! then queries see the whole old index.
//!
//! An article's identity is its path relative to the corpus root: a file
//! already in the index has its documents deleted by that path in the same
//! commit that adds them again, so re-indexing a folder replaces articles
//! instead of duplicating them.
//!
//! Nothing is dropped silently: every file or record that is not indexed
//! ends up in [`IndexReport::skipped`] with its reason, and every article
//! indexed with something missing (an unreadable date) in
//! [`IndexReport::notes`].

mod local;
mod quotes;
mod seen;
mod sink;
mod walk;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use rayon::prelude::*;
use tantivy::indexer::IndexWriterOptions;
use tantivy::{Index, IndexWriter};

use self::local::LocalSink;
pub use self::seen::{Seen, SkippedFile};
pub use self::sink::{Held, Refused, Sink};
use self::walk::Found;
use crate::article::{parse_file, ParseError, ParseNote};
use crate::config::IndexConfig;
use crate::merge::BoundedMergePolicy;
use crate::schema::Fingerprint;
use crate::store;

/// Files parsed between two chances to commit: small enough that commits
/// can follow `--commit-every`, large enough to keep every core busy.
const CHUNK_FILES: usize = 1024;

/// Batches the walker may run ahead of the parsers.
const WALK_QUEUE_BATCHES: usize = 16;

/// A file or record that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path as found under the corpus root.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// Why a file or record was not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// An extension newsidx does not read.
    Unsupported {
        /// The extension, if there is one.
        ext: Option<String>,
    },
    /// A symbolic link that leads back to a folder above it.
    LinkLoop,
    /// A symbolic link to nothing.
    BrokenLink,
    /// The file could not be read (permissions, I/O).
    Unreadable(String),
    /// The content is not a usable article.
    Rejected(ParseError),
    /// The index writer failed while adding the article.
    WriterFailed(String),
    /// Rejected by an earlier run, and unchanged since: not read again.
    Unchanged(String),
    /// Refused by the index it was sent to (a cluster's mapping), with
    /// the index's reason.
    Refused(String),
}

impl SkipReason {
    /// Whether the cause was an I/O failure rather than the content (such a
    /// failure sets the exit status to 2).
    pub fn is_io_error(&self) -> bool {
        matches!(
            self,
            SkipReason::Unreadable(_) | SkipReason::WriterFailed(_)
        )
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unsupported { ext: Some(ext) } => write!(
                f,
                "unsupported file type .{ext}{}",
                crate::article::archive_note(ext)
            ),
            SkipReason::Unsupported { ext: None } => {
                f.write_str("unsupported file type (no extension)")
            }
            SkipReason::LinkLoop => f.write_str("symbolic link loop"),
            SkipReason::BrokenLink => f.write_str("broken symbolic link"),
            SkipReason::Unreadable(err) => write!(f, "cannot read: {err}"),
            SkipReason::Rejected(err) => write!(f, "{err}"),
            SkipReason::WriterFailed(err) => write!(f, "the index writer failed: {err}"),
            SkipReason::Unchanged(reason) => write!(f, "{reason} (unchanged since the last run)"),
            SkipReason::Refused(reason) => write!(f, "refused by the index: {reason}"),
        }
    }
}

/// An article indexed with something missing, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted {
    /// The article's identity (path relative to the corpus root).
    pub path: String,
    /// What was missing.
    pub note: ParseNote,
}

/// What the indexer tells its caller as it goes, so each problem is named
/// on stderr while the run goes on.
#[derive(Debug, Clone, Copy)]
pub enum IndexEvent<'a> {
    /// A file or record was not indexed.
    Skipped(&'a Skipped),
    /// An article was indexed with something missing.
    Noted(&'a Noted),
}

/// What an indexing run did.
#[derive(Debug, Clone, Default)]
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
    /// Files new or changed of which nothing could be indexed, or that
    /// could not be read: each is named among `skipped`. Not counted as
    /// added or updated, which they are not.
    pub files_not_indexed: usize,
    /// Files or records not indexed, each with its reason.
    pub skipped: Vec<Skipped>,
    /// Articles indexed with something missing.
    pub notes: Vec<Noted>,
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
        self.skipped.iter().any(|s| s.reason.is_io_error())
    }

    /// Whether the run ended with no article in the index and nothing
    /// skipped to explain it: the folder holds no article newsidx reads.
    pub fn found_nothing(&self) -> bool {
        self.total_docs == 0 && self.skipped.is_empty()
    }
}

/// Indexes the folder `config.dir` into `config.index`, reading only what
/// changed since the last run.
///
/// `on_event` is called for each skipped file and each noted article as
/// soon as it is known.
pub fn index_folder(
    config: &IndexConfig,
    on_event: &mut dyn FnMut(IndexEvent<'_>),
) -> anyhow::Result<IndexReport> {
    let (sink, held) = LocalSink::open(config)?;
    IndexRun::start(config, Box::new(sink), held)?.run(on_event)
}

/// Indexes the folder `config.dir` into another store than the local
/// index (an OpenSearch cluster): the same walk, parsing, change
/// detection and report as [`index_folder`], with `sink` taking the
/// writes and `held` saying what it holds already. `config.index` is
/// not opened; the walk only passes over it if it lies in the folder.
pub fn index_folder_into(
    config: &IndexConfig,
    sink: Box<dyn Sink + '_>,
    held: Held,
    on_event: &mut dyn FnMut(IndexEvent<'_>),
) -> anyhow::Result<IndexReport> {
    IndexRun::start(config, sink, held)?.run(on_event)
}

/// The index writer as `newsidx index` sets it up: `threads` writer threads
/// sharing `memory_bytes` of buffer, one merge thread, and merges bounded
/// by the same budget (see [`crate::merge`]). Public so that the
/// raw-tantivy benchmark baseline writes exactly as newsidx does.
pub fn open_writer(
    index: &Index,
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

/// A file the walk found that newsidx may read.
struct Candidate {
    abs: PathBuf,
    rel: String,
    mtime: u64,
    size: u64,
    /// Its fingerprint in the index, if it is there.
    known: Option<Fingerprint>,
    /// What an earlier run rejected of it, if anything.
    rejected: Option<SkippedFile>,
}

impl Candidate {
    /// Size and time as the index last saw them: the file is not read.
    fn looks_unchanged(&self) -> bool {
        let same = |f: Fingerprint| f.size == self.size && f.mtime == self.mtime;
        match (self.known, &self.rejected) {
            (Some(known), _) => same(known),
            (None, Some(rejected)) => same(rejected.fingerprint()),
            (None, None) => false,
        }
    }

    /// The fingerprint the index holds for the file, from its documents or
    /// from what it remembers of a rejected file.
    fn last_seen(&self) -> Option<Fingerprint> {
        self.known
            .or_else(|| self.rejected.as_ref().map(SkippedFile::fingerprint))
    }
}

/// What became of one file.
struct Outcome {
    change: Change,
    fingerprint: Option<Fingerprint>,
    indexed: usize,
    undated: usize,
    skipped: Vec<Skipped>,
    notes: Vec<Noted>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Updated,
    Unchanged,
    /// Not read at all (an I/O error): what the index holds stays.
    Unread,
}

/// One `newsidx index` run, from opening the index to the last commit.
struct IndexRun<'a> {
    config: &'a IndexConfig,
    started: Instant,
    /// Where the articles go.
    sink: Box<dyn Sink + 'a>,
    /// Files in the index not yet found by the walk; what remains at the
    /// end is gone from disk.
    known: HashMap<String, Fingerprint>,
    /// Rejected files remembered by the last commit, not yet found.
    remembered: Seen,
    /// What the last commit remembered, as it wrote it: a run that would
    /// write the same again has nothing to commit.
    remembered_payload: String,
    /// What the next commit remembers.
    seen: Seen,
    pool: rayon::ThreadPool,
    progress: ProgressBar,
    report: IndexReport,
    last_commit: Instant,
    commits: usize,
    chunks: usize,
}

impl<'a> IndexRun<'a> {
    /// A run into `sink`, which holds `held` already.
    fn start(
        config: &'a IndexConfig,
        sink: Box<dyn Sink + 'a>,
        held: Held,
    ) -> anyhow::Result<IndexRun<'a>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(config.parse_threads)
            .build()
            .context("cannot start the parsing threads")?;
        Ok(IndexRun {
            config,
            started: held.started.unwrap_or_else(Instant::now),
            sink,
            known: held.files,
            remembered_payload: held.rejected.to_payload(),
            remembered: held.rejected,
            seen: Seen::default(),
            pool,
            progress: progress_bar(config.progress),
            report: IndexReport::default(),
            last_commit: Instant::now(),
            commits: 0,
            chunks: 0,
        })
    }

    fn run(mut self, on_event: &mut dyn FnMut(IndexEvent<'_>)) -> anyhow::Result<IndexReport> {
        self.report.hidden = self.walk_and_index(on_event)?;
        self.remove_gone();
        self.finish(on_event)
    }

    /// Walks the folder on a thread of its own and indexes what changed as
    /// the walk finds it; returns how many hidden entries were passed over.
    fn walk_and_index(
        &mut self,
        on_event: &mut dyn FnMut(IndexEvent<'_>),
    ) -> anyhow::Result<usize> {
        let config = self.config;
        let mut chunk: Vec<Candidate> = Vec::with_capacity(CHUNK_FILES);
        std::thread::scope(|scope| -> anyhow::Result<usize> {
            let (found_tx, found_rx) = std::sync::mpsc::sync_channel(WALK_QUEUE_BATCHES);
            let walker = scope.spawn(|| walk::walk(config, found_tx));
            for batch in found_rx {
                for found in batch {
                    match found {
                        Found::Skipped(skipped) => self.skip(skipped, on_event),
                        Found::File(candidate) => {
                            if let Some(candidate) = self.consider(candidate, on_event) {
                                chunk.push(candidate);
                            }
                        }
                    }
                    if chunk.len() == CHUNK_FILES {
                        self.index_chunk(&chunk, on_event);
                        chunk.clear();
                        self.maybe_commit(on_event)?;
                    }
                }
            }
            // The walk is over: the total is final.
            self.progress.set_message("");
            self.index_chunk(&chunk, on_event);
            // The walker only ends by running out of entries; a panic there
            // is a bug, and is reported as one rather than as a partial index.
            walker
                .join()
                .map_err(|_| anyhow::anyhow!("the folder walk failed unexpectedly"))
        })
    }

    /// Sorts out a file the walk found: the candidate to read, or `None`
    /// when size and time show it unchanged.
    fn consider(
        &mut self,
        mut candidate: Candidate,
        on_event: &mut dyn FnMut(IndexEvent<'_>),
    ) -> Option<Candidate> {
        // What remains in `known` after the walk is gone from disk.
        candidate.known = self.known.remove(&candidate.rel);
        candidate.rejected = self.remembered.skipped.remove(&candidate.rel);
        if !candidate.looks_unchanged() {
            self.progress.inc_length(1);
            return Some(candidate);
        }
        self.report.files_unchanged += 1;
        if let Some(rejected) = candidate.rejected {
            self.remember_again(&candidate.abs, &candidate.rel, rejected, on_event);
        }
        None
    }

    /// Names again what an earlier run rejected of an unchanged file, and
    /// keeps remembering it.
    fn remember_again(
        &mut self,
        abs: &Path,
        rel: &str,
        rejected: SkippedFile,
        on_event: &mut dyn FnMut(IndexEvent<'_>),
    ) {
        for reason in &rejected.reasons {
            let skipped = Skipped {
                path: abs.to_path_buf(),
                reason: SkipReason::Unchanged(reason.clone()),
            };
            self.skip(skipped, on_event);
        }
        self.seen.skipped.insert(rel.to_string(), rejected);
    }

    fn skip(&mut self, skipped: Skipped, on_event: &mut dyn FnMut(IndexEvent<'_>)) {
        // The bar is taken off the terminal while the line is written, so
        // that the two do not end up on one line.
        self.progress
            .suspend(|| on_event(IndexEvent::Skipped(&skipped)));
        self.report.skipped.push(skipped);
    }

    /// Reads, parses and adds one chunk of files on the parsing threads,
    /// then tallies what became of each.
    fn index_chunk(&mut self, chunk: &[Candidate], on_event: &mut dyn FnMut(IndexEvent<'_>)) {
        if chunk.is_empty() {
            return;
        }
        let (sink, config, progress) = (&*self.sink, self.config, &self.progress);
        let outcomes: Vec<Outcome> = self.pool.install(|| {
            chunk
                .par_iter()
                .map(|c| {
                    let outcome = index_file(c, sink, config);
                    progress.inc(1);
                    outcome
                })
                .collect()
        });
        for (candidate, outcome) in chunk.iter().zip(outcomes) {
            self.record(candidate, outcome, on_event);
        }
        self.chunks += 1;
        abort_for_tests("NEWSIDX_TEST_ABORT_AFTER_CHUNKS", self.chunks);
    }

    fn record(
        &mut self,
        candidate: &Candidate,
        outcome: Outcome,
        on_event: &mut dyn FnMut(IndexEvent<'_>),
    ) {
        let report = &mut self.report;
        let refused = outcome.indexed == 0 && !outcome.skipped.is_empty();
        match outcome.change {
            Change::Unchanged => report.files_unchanged += 1,
            Change::Unread => report.files_not_indexed += 1,
            Change::Added | Change::Updated if refused => report.files_not_indexed += 1,
            Change::Added => report.files_added += 1,
            Change::Updated => report.files_updated += 1,
        }
        report.indexed += outcome.indexed;
        report.undated += outcome.undated;
        for note in outcome.notes {
            self.progress.suspend(|| on_event(IndexEvent::Noted(&note)));
            self.report.notes.push(note);
        }
        if outcome.change == Change::Unchanged {
            // Same content as before: what was rejected of it still is.
            if let Some(rejected) = candidate.rejected.clone() {
                self.remember_again(&candidate.abs, &candidate.rel, rejected, on_event);
            }
            return;
        }
        let mut reasons = Vec::new();
        for skipped in outcome.skipped {
            // I/O failures are retried on the next run, never remembered.
            if !skipped.reason.is_io_error() {
                reasons.push(skipped.reason.to_string());
            }
            self.skip(skipped, on_event);
        }
        if let Some(fingerprint) = outcome.fingerprint {
            self.sink
                .file_settled(&candidate.rel, fingerprint, outcome.indexed, &reasons);
        }
        if let (Some(fingerprint), false) = (outcome.fingerprint, reasons.is_empty()) {
            self.seen.skipped.insert(
                candidate.rel.clone(),
                SkippedFile {
                    mtime: fingerprint.mtime,
                    size: fingerprint.size,
                    hash: fingerprint.hash,
                    reasons,
                },
            );
        }
    }

    /// Commits when `--commit-every` has passed since the last commit. A
    /// rebuild never commits half-way: the old index answers until the new
    /// one is whole.
    fn maybe_commit(&mut self, on_event: &mut dyn FnMut(IndexEvent<'_>)) -> anyhow::Result<()> {
        if self.sink.commits_midway() && self.last_commit.elapsed() >= self.config.commit_every {
            self.commit(on_event)?;
        }
        Ok(())
    }

    /// Commits the documents and, in the same step, what is remembered of
    /// rejected files (see `seen`).
    fn commit(&mut self, on_event: &mut dyn FnMut(IndexEvent<'_>)) -> anyhow::Result<()> {
        // What the sink refused only shows when it writes: those articles
        // were counted as indexed, and are skipped after all.
        let refused = self.sink.commit(&self.to_remember())?;
        for skipped in refused.articles {
            self.report.indexed = self.report.indexed.saturating_sub(1);
            self.skip(skipped, on_event);
        }
        for skipped in refused.quotes {
            self.skip(skipped, on_event);
        }
        self.last_commit = Instant::now();
        self.commits += 1;
        abort_for_tests("NEWSIDX_TEST_ABORT_AFTER_COMMITS", self.commits);
        Ok(())
    }

    /// What a commit made now remembers of rejected files: those this run
    /// rejected, and those the walk has not reached yet, as they were.
    fn to_remember(&self) -> Seen {
        let mut skipped = self.seen.skipped.clone();
        for (rel, rejected) in &self.remembered.skipped {
            skipped
                .entry(rel.clone())
                .or_insert_with(|| rejected.clone());
        }
        Seen { skipped }
    }

    /// Deletes the articles of files the walk did not find.
    fn remove_gone(&mut self) {
        for file in self.known.keys() {
            self.sink.remove_file(file, true);
            self.report.files_removed += 1;
        }
        // A rejected file that is gone is forgotten by the next commit.
        for file in std::mem::take(&mut self.remembered.skipped).into_keys() {
            self.sink.remove_file(&file, false);
        }
    }

    /// The last commit, and the count of what the sink now holds.
    fn finish(self, on_event: &mut dyn FnMut(IndexEvent<'_>)) -> anyhow::Result<IndexReport> {
        // What follows the last file takes most of a minute at a million
        // articles (the last segments, the merges, the registry): the bar
        // says so rather than standing still.
        let progress = self.progress.clone();
        progress.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        progress.set_message("finishing the index");
        progress.enable_steady_tick(std::time::Duration::from_millis(200));
        let finished = self.finish_touched(on_event);
        progress.finish_and_clear();
        finished
    }

    fn finish_touched(
        mut self,
        on_event: &mut dyn FnMut(IndexEvent<'_>),
    ) -> anyhow::Result<IndexReport> {
        let report = &self.report;
        // A run that found nothing to do leaves the index untouched: no
        // empty commit, no merge, and the quickest possible no-change run.
        // Rejected files the last commit remembered, found again as they
        // were, are nothing to do either.
        let touched = self.sink.must_commit()
            || report.files_added + report.files_updated + report.files_removed > 0
            || self.to_remember().to_payload() != self.remembered_payload;
        if touched {
            self.commit(on_event)?;
        }
        let IndexRun {
            sink,
            mut report,
            started,
            ..
        } = self;
        report.total_docs = sink.finish(touched)?;
        report.elapsed = started.elapsed();
        Ok(report)
    }
}

/// Test builds stop dead (as `kill -9` would) right after the `n`-th
/// commit or chunk when the variable says so, so the crash tests can land
/// on a half-written run on any machine, fast or slow. Release builds
/// never read the variable.
fn abort_for_tests(variable: &str, n: usize) {
    if cfg!(debug_assertions)
        && std::env::var(variable).is_ok_and(|v| v.parse::<usize>().is_ok_and(|at| at == n))
    {
        std::process::abort();
    }
}

/// The bar counts files as the walk finds them. While the walk runs the
/// total is still growing, which a `+` after it says (`900/2048+ files`),
/// and the bar shows no estimate of time left, which would be wrong.
fn progress_bar(enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_message("+");
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len}{msg} files ({rate})",
        )
        .map(|style| {
            style.with_key("rate", |state: &ProgressState, w: &mut dyn fmt::Write| {
                let _ = write!(w, "{:.0} files/s", state.per_sec());
            })
        })
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
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

/// Reads, parses and adds one file's articles (on a parsing thread).
fn index_file(candidate: &Candidate, sink: &dyn Sink, config: &IndexConfig) -> Outcome {
    let mut outcome = Outcome {
        change: Change::Unread,
        fingerprint: None,
        indexed: 0,
        undated: 0,
        skipped: Vec::new(),
        notes: Vec::new(),
    };
    let skip = |outcome: &mut Outcome, reason: SkipReason| {
        outcome.skipped.push(Skipped {
            path: candidate.abs.clone(),
            reason,
        });
    };
    let bytes = match read_file(&candidate.abs, candidate.size) {
        Ok(bytes) => bytes,
        Err(err) => {
            // The old articles stay: an unreadable file is not a deleted one.
            skip(&mut outcome, SkipReason::Unreadable(err.to_string()));
            return outcome;
        }
    };
    let fingerprint = Fingerprint {
        mtime: candidate.mtime,
        size: candidate.size,
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
    };
    outcome.fingerprint = Some(fingerprint);
    outcome.change = match candidate.last_seen() {
        // Touched but not changed: nothing to parse. The stored mtime stays
        // old, so the next run hashes this file again; that costs a read,
        // and rewriting the documents to record the new time would cost more.
        Some(old) if old.hash == fingerprint.hash && old.size == fingerprint.size => {
            outcome.change = Change::Unchanged;
            return outcome;
        }
        Some(_) => Change::Updated,
        None => Change::Added,
    };
    // Every record of the file goes, then what the file holds now comes back:
    // a JSON Lines file that lost lines loses their articles. A file new to
    // the index has nothing to delete, and a million needless deletes would
    // each be looked up in every segment at commit.
    if candidate.known.is_some() {
        sink.delete_file(&candidate.rel);
    }
    let records = match parse_file(&candidate.rel, &bytes, &config.parse_options) {
        Ok(records) => records,
        Err(err) => {
            skip(&mut outcome, SkipReason::Rejected(err));
            return outcome;
        }
    };
    for record in records {
        let mut article = match record {
            Ok(article) => article,
            Err(err) => {
                skip(&mut outcome, SkipReason::Rejected(err));
                continue;
            }
        };
        let notes = std::mem::take(&mut article.notes);
        let undated = article.meta.date.is_none();
        let path = article.meta.path.clone();
        match sink.add_article(&article, &candidate.rel, fingerprint) {
            Ok(_) => {
                outcome.indexed += 1;
                outcome.undated += usize::from(undated);
                outcome.notes.extend(notes.into_iter().map(|note| Noted {
                    path: path.clone(),
                    note,
                }));
            }
            Err(reason) => skip(&mut outcome, reason),
        }
    }
    outcome
}
