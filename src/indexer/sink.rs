//! The seam between a run and where its articles go.
//!
//! A run (walk, change detection, parsing, the report) is the same
//! whether the articles land in the local tantivy index (`local`) or in
//! an OpenSearch cluster (`crate::opensearch::ingest`); what differs is
//! how a file's articles are replaced, how a file that vanished is
//! removed, and what makes the work durable. Those operations are this
//! trait, so a cluster run parses a folder exactly as a local one does.

use std::collections::HashMap;
use std::time::Instant;

use super::{Seen, SkipReason, Skipped};
use crate::article::Article;
use crate::schema::Fingerprint;

/// What a sink holds before the run: the state a run compares the
/// folder with.
#[derive(Debug, Default)]
pub struct Held {
    /// Files with articles in the sink, and the fingerprint they had.
    pub files: HashMap<String, Fingerprint>,
    /// Files an earlier run rejected (wholly or in part), and why.
    pub rejected: Seen,
    /// When the run began (opening the sink is part of it).
    pub started: Option<Instant>,
}

/// What a sink refused when it wrote, each named with the reason.
#[derive(Debug, Default)]
pub struct Refused {
    /// Articles, which the run had counted as indexed.
    pub articles: Vec<Skipped>,
    /// Quote records (their articles stay).
    pub quotes: Vec<Skipped>,
}

/// Where a run's articles go.
///
/// `delete_file` and `add_article` are called on the parsing threads,
/// hence `&self` and `Sync`; the rest on the run's own thread. Nothing
/// is durable before [`Sink::commit`] returns.
pub trait Sink: Sync {
    /// Whether the run may commit before the end. A local rebuild must
    /// not: the old index answers until the new one is whole.
    fn commits_midway(&self) -> bool {
        true
    }

    /// Whether the run must commit even when no file changed (the sink
    /// is new, being rebuilt, or repaired what a killed run left).
    fn must_commit(&self) -> bool;

    /// Drops what the sink holds of `file` before its articles are added
    /// again (the sink may defer it to the commit, as long as the
    /// articles added after it survive).
    fn delete_file(&self, file: &str);

    /// Adds one article of `file` (whose state is `fingerprint`) with its
    /// quote records; an error says why it could not be taken.
    fn add_article(
        &self,
        article: &Article,
        file: &str,
        fingerprint: Fingerprint,
    ) -> Result<(), SkipReason>;

    /// `file` was read in full: `articles` of it were added and
    /// `reasons` say what was rejected. Called after its articles.
    fn file_settled(
        &mut self,
        _file: &str,
        _fingerprint: Fingerprint,
        _articles: usize,
        _reasons: &[String],
    ) {
    }

    /// `file` is gone from the folder; `had_articles` is false for a
    /// file that was only remembered as rejected.
    fn remove_file(&mut self, file: &str, had_articles: bool);

    /// Makes everything so far durable, with `seen` as what is
    /// remembered of rejected files. Returns what the sink refused when
    /// it wrote it.
    fn commit(&mut self, seen: &Seen) -> anyhow::Result<Refused>;

    /// After the last commit (made when `touched`): how many articles
    /// the sink holds.
    fn finish(self: Box<Self>, touched: bool) -> anyhow::Result<u64>;
}
