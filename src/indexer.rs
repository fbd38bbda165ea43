//! Walks a corpus folder, parses every article in parallel and feeds one
//! tantivy `IndexWriter`.
//!
//! The walk comes first and is cheap (names and types only), so the progress
//! bar knows its length. Files are then read and parsed in chunks on a rayon
//! pool; each worker adds its documents straight to the shared writer, whose
//! `add_document` takes `&self`. Between chunks the writer commits when
//! enough time has passed: a commit is the unit of crash safety, and
//! committing per file would make indexing crawl.
//!
//! An article's identity is its path relative to the corpus root: each
//! document is added after a delete of that path in the same commit, so
//! re-indexing a folder replaces articles instead of duplicating them.
//!
//! Nothing is dropped silently: every file that is not indexed ends up in
//! [`IndexReport::skipped`] with its reason.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::{IndexWriter, TantivyDocument, Term};
use walkdir::WalkDir;

use crate::article::{parse_file, Format};
use crate::config::IndexConfig;
use crate::error::IndexError;
use crate::schema::{Fingerprint, NewsSchema};
use crate::state::{self, IndexSettings};
use crate::store;

/// Files parsed between two chances to commit: small enough that commits
/// can follow `--commit-every`, large enough to keep every core busy.
const CHUNK_FILES: usize = 1024;

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
    let mut writer: IndexWriter = index
        .writer_with_num_threads(config.writer_threads, config.memory_bytes)
        .map_err(|e| store::writer_error(e, &config.index))?;

    let settings = IndexSettings::current(root.clone(), config.timezone_name.clone());
    let known = if fresh {
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
    let candidates = walk(config, &mut report, on_skip);

    let (unchanged, work): (Vec<&Candidate>, Vec<&Candidate>) = candidates.iter().partition(|c| {
        known
            .get(&c.rel)
            .is_some_and(|f| f.size == c.size && f.mtime == c.mtime)
    });
    report.files_unchanged = unchanged.len();

    let seen: HashSet<&str> = candidates.iter().map(|c| c.rel.as_str()).collect();
    for file in known.keys().filter(|f| !seen.contains(f.as_str())) {
        writer.delete_term(Term::from_field_text(schema.file, file));
        report.files_removed += 1;
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.parse_threads)
        .build()
        .context("cannot start the parsing threads")?;
    let progress = progress_bar(config.progress, work.len());
    let mut last_commit = Instant::now();
    for chunk in work.chunks(CHUNK_FILES) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|c| {
                    let outcome = index_file(c, known.get(&c.rel), &schema, &writer, config);
                    progress.inc(1);
                    outcome
                })
                .collect()
        });
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
        if last_commit.elapsed() >= config.commit_every {
            commit(&mut writer, &config.index)?;
            last_commit = Instant::now();
        }
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

fn commit(writer: &mut IndexWriter, index: &Path) -> anyhow::Result<()> {
    writer
        .commit()
        .with_context(|| format!("cannot commit to the index at {}", index.display()))?;
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

/// Lists the files under the corpus root that may hold articles, recording
/// everything else.
fn walk(
    config: &IndexConfig,
    report: &mut IndexReport,
    on_skip: &mut dyn FnMut(&Skipped),
) -> Vec<Candidate> {
    let root = config.dir.as_path();
    // An index folder inside the corpus holds tantivy's own files; walking
    // into it would report each of them as an unsupported file.
    let index_dir = config.index.canonicalize().ok();
    let mut hidden = 0;
    let mut candidates = Vec::new();
    let mut skip = |report: &mut IndexReport, path: PathBuf, reason: String, io_error: bool| {
        let skipped = Skipped {
            path,
            reason,
            io_error,
        };
        on_skip(&skipped);
        report.skipped.push(skipped);
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
                skip(report, path, reason, io_error);
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
            skip(report, path.to_path_buf(), reason, false);
            continue;
        }
        let metadata = match entry.metadata() {
            Ok(metadata) => metadata,
            Err(err) => {
                skip(
                    report,
                    path.to_path_buf(),
                    format!("cannot read: {err}"),
                    true,
                );
                continue;
            }
        };
        candidates.push(Candidate {
            abs: path.to_path_buf(),
            rel: relative_identity(root, path),
            mtime: metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
            size: metadata.len(),
        });
    }
    report.hidden = hidden;
    candidates
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

fn index_file(
    candidate: &Candidate,
    known: Option<&Fingerprint>,
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
    let bytes = match std::fs::read(&candidate.abs) {
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
    outcome.change = Some(match known {
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
    // a JSON Lines file that lost lines loses their articles.
    writer.delete_term(Term::from_field_text(schema.file, &candidate.rel));
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
