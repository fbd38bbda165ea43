//! `newsidx index DIR --opensearch URL/INDEX`: the indexer's run (walk,
//! parsing, change detection, the report; `crate::indexer`) with a
//! cluster as its [`Sink`].
//!
//! **Three indexes.** `INDEX` holds the articles, `INDEX-quotes` their
//! quote records and `INDEX-files` one document per file read: its
//! fingerprint (mtime, size, hash), how many articles and quote records
//! it gave, and what was rejected of it. Quote records get an index of
//! their own for the reason the local index keeps them in `quotes/`:
//! counts, BM25 statistics and facets over `INDEX` then see articles
//! only. The fingerprints get one so that a second machine continues
//! where the first stopped without reading every article.
//!
//! **Replacing a file.** Its articles and quote records are sent with
//! their ids (the local hit's `id`), so an article still in the file is
//! overwritten in place and stays searchable. What the file no longer
//! holds (a JSON Lines record removed, a quote gone) is found at the
//! commit, after a refresh, as the documents of the file whose
//! `file_hash` is not the file's new hash, and deleted by query.
//!
//! **Crash safety: the order of a commit.** (1) the articles and quote
//! records are flushed and acknowledged; (2) the stale documents of
//! replaced files and all documents of vanished files are deleted;
//! (3) only then are the files' fingerprints written (and those of
//! vanished files deleted). A run killed before (3) leaves fingerprints
//! that still describe the old state, so the next run reads those files
//! again and repeats (1) and (2), which are idempotent. A file whose
//! documents landed but whose fingerprint never did is found when a run
//! opens the cluster: the (file, hash) pairs the documents hold are read
//! with a composite aggregation and compared with the fingerprints, and
//! each file that disagrees is read again as changed (or, gone from the
//! folder, removed). The comparison costs a few requests per thousand
//! files (5 s of a 5 s no-change run on Reuters), so it is skipped after
//! a run that finished: see the next paragraph.
//!
//! **The "last run finished" marker.** A run that ends with its counts
//! checked writes, last of all, `newsidx_last_run` into the `_meta` of
//! `INDEX-files` (when it finished, and how many fingerprints, articles
//! and quote records they describe). The next run reads it first; when
//! it is there and agrees with the fingerprints just read, the documents
//! are known to match them and the comparison above is skipped. Before
//! sending anything, that run takes the marker away, so a run killed
//! midway leaves none and the run after it compares everything. The
//! marker lives in the mapping's `_meta` rather than in a document, so
//! that no search of the fingerprints meets it and the strict mapping
//! needs no field for it; writing it is a mapping update, one small
//! cluster-state change at each end of a run.
//!
//! **`--full`** builds new concrete indexes (`INDEX-<UTC time>`, with
//! `-quotes` and `-files`), loads them and checks the count, then moves
//! the three aliases to them in one `_aliases` request, which the cluster
//! applies atomically: searches see the old indexes, then the new ones,
//! never a half-built one. The old concrete indexes are then deleted. A
//! concrete index that already bears the alias's name (made by an older
//! run or by hand) is replaced in the same request (`remove_index`). The
//! first run into a name that does not exist builds a generation the same
//! way and puts the aliases on it at once, so every later run, `--full`
//! or not, finds aliases. Generations a killed `--full` left behind (no
//! alias on them) are deleted by the next `--full`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::document::{article_doc_id, quote_doc_id, quote_to_json};
use super::{to_json, BulkLoader, Client, OpenSearchError, RetryPolicy, Target, TEMPLATE};
use crate::article::Article;
use crate::config::IndexConfig;
use crate::indexer::{
    self, Held, IndexEvent, IndexReport, Refused, Seen, Sink, SkipReason, Skipped, SkippedFile,
};
use crate::schema::{Fingerprint, SCHEMA_VERSION};
use crate::search::id::identity_of;
use crate::state::EXTRACTION_VERSION;

/// Bytes of a `_bulk` request: a few megabytes keep a cluster busy and
/// stay far below its `http.max_content_length` (100 MB by default).
pub const DEFAULT_BATCH_BYTES: usize = 5 << 20;

/// Clauses of one delete-by-query: under the cluster's default limit of
/// 1,024 clauses in a boolean query.
const DELETE_CLAUSES: usize = 500;

/// The longest `_id` OpenSearch takes; a longer one fails the whole
/// `_bulk` request it is in.
const MAX_ID_BYTES: usize = 512;

/// What a quote record's id adds to its article's (`.` and a number).
const QUOTE_ID_ROOM: usize = 8;

/// Documents found and deleted per round when replacing a file.
const DELETE_PAGE: usize = 5_000;

/// Fingerprints read per request.
const FILES_PAGE: usize = 5_000;

/// How `newsidx index --opensearch` reaches the cluster and shapes the
/// indexes it creates.
#[derive(Debug, Clone)]
pub struct IngestSettings {
    /// The first node and the index name.
    pub target: Target,
    /// Further nodes, tried in turn when the one in use does not answer.
    pub nodes: Vec<String>,
    /// Primary shards of a new article or quote index.
    pub shards: u32,
    /// Copies of each shard beyond the primary.
    pub replicas: u32,
    /// Bytes of one `_bulk` request.
    pub batch_bytes: usize,
    /// Credentials and the CA file, read once with the settings.
    pub access: super::Access,
}

/// What the cluster side of a run did, beside the indexer's report.
#[derive(Debug, Clone, Default)]
pub struct IngestOutcome {
    /// The name searched (`INDEX`, an alias or a concrete index).
    pub index: String,
    /// The concrete index the run created, if it did.
    pub created: Option<String>,
    /// Concrete indexes the aliases left and that were deleted.
    pub replaced: Vec<String>,
    /// Indexes a killed `--full` had left, deleted.
    pub leftovers: Vec<String>,
    /// Quote records the cluster holds after the run.
    pub quotes: u64,
    /// Whether any document was sent or deleted.
    pub sent: bool,
    /// Files whose documents disagreed with their fingerprint (a killed
    /// run's), read again.
    pub repaired: usize,
    /// Whether the documents were compared with the fingerprints; not
    /// when the last run left its marker of a clean finish.
    pub checked: bool,
}

/// Indexes `config.dir` into the cluster `settings` name.
pub fn index_folder(
    config: &IndexConfig,
    settings: &IngestSettings,
    on_event: &mut dyn FnMut(IndexEvent<'_>),
) -> anyhow::Result<(IndexReport, IngestOutcome)> {
    let started = Instant::now();
    let client = Client::connect(&settings.target, &settings.nodes, &settings.access)?;
    let mut outcome = IngestOutcome {
        index: settings.target.index.clone(),
        ..IngestOutcome::default()
    };
    let (sink, mut held) = ClusterSink::open(&client, config, settings, &mut outcome)?;
    held.started = Some(started);
    let report = indexer::index_folder_into(config, Box::new(sink), held, on_event)?;
    Ok((report, outcome))
}

/// The names of the three indexes of one generation, or the aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Names {
    articles: String,
    quotes: String,
    files: String,
}

impl Names {
    fn of(base: &str) -> Names {
        Names {
            articles: base.to_string(),
            quotes: format!("{base}-quotes"),
            files: format!("{base}-files"),
        }
    }

    fn pairs<'n>(&'n self, other: &'n Names) -> [(&'n str, &'n str); 3] {
        [
            (&self.articles, &other.articles),
            (&self.quotes, &other.quotes),
            (&self.files, &other.files),
        ]
    }
}

/// What `INDEX-files` holds of one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    file: String,
    file_mtime: u64,
    file_size: u64,
    file_hash: u64,
    articles: u64,
    quotes: u64,
    #[serde(default)]
    reasons: Vec<String>,
}

impl FileDoc {
    fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            mtime: self.file_mtime,
            size: self.file_size,
            hash: self.file_hash,
        }
    }
}

/// The marker of a run that finished, kept in the `_meta` of
/// `INDEX-files`: when, and what the fingerprints it left describe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct LastRun {
    /// RFC 3339, UTC; for people reading the mapping.
    finished: String,
    /// Fingerprint documents.
    files: u64,
    /// Articles and quote records the fingerprints add up to.
    articles: u64,
    quotes: u64,
}

impl LastRun {
    /// What a marker written over the fingerprints `docs` would say, with
    /// the time `finished`: a marker that differs was written over other
    /// fingerprints (edited since by hand, or by a run of an older
    /// newsidx that wrote none), and is not trusted.
    fn describing(docs: &[FileDoc], finished: String) -> LastRun {
        LastRun {
            finished,
            files: docs.len() as u64,
            articles: docs.iter().map(|d| d.articles).sum(),
            quotes: docs.iter().map(|d| d.quotes).sum(),
        }
    }
}

/// The `_meta` of `INDEX-files`, with the marker `last_run` when given.
fn files_meta(last_run: Option<&LastRun>) -> Value {
    let mut meta = json!({
        "newsidx_schema_version": SCHEMA_VERSION,
        "newsidx_extraction_version": EXTRACTION_VERSION,
        "newsidx_kind": "files",
    });
    if let Some(last_run) = last_run {
        meta["newsidx_last_run"] = json!(last_run);
    }
    meta
}

/// The `_meta` of `files` (an alias or an index); null when it has none.
fn read_files_meta(client: &Client, files: &str) -> Result<Value, OpenSearchError> {
    let path = format!("/{files}/_mapping");
    let mapping =
        retrying(|| client.json("reading the fingerprints' mapping", "GET", &path, None))?;
    // Keyed by the concrete index behind the alias.
    Ok(mapping
        .as_object()
        .and_then(|m| m.values().next())
        .map_or(Value::Null, |m| m["mappings"]["_meta"].clone()))
}

/// The marker of the last run's clean finish in a `_meta`, if any.
fn last_run_in(meta: &Value) -> Option<LastRun> {
    let marker = &meta["newsidx_last_run"];
    // A marker this build cannot read is no marker: the full check.
    (!marker.is_null())
        .then(|| serde_json::from_value(marker.clone()).ok())
        .flatten()
}

/// Sets the marker in the `_meta` of `files`, or takes it away.
fn write_last_run(client: &Client, files: &str, last_run: Option<&LastRun>) -> anyhow::Result<()> {
    let path = format!("/{files}/_mapping");
    let body = json!({ "_meta": files_meta(last_run) });
    let what = match last_run {
        Some(_) => "recording that the run finished",
        None => "clearing the last run's marker",
    };
    retrying(|| client.json(what, "PUT", &path, Some(&body)))?;
    Ok(())
}

/// The mappings of `INDEX-files`.
fn files_template(replicas: u32) -> Value {
    json!({
        "settings": { "index": { "number_of_shards": 1, "number_of_replicas": replicas } },
        "mappings": {
            "dynamic": "strict",
            "_meta": files_meta(None),
            "properties": {
                "file": { "type": "keyword" },
                "file_mtime": { "type": "unsigned_long", "index": false },
                "file_size": { "type": "unsigned_long", "index": false },
                "file_hash": { "type": "unsigned_long", "index": false },
                "articles": { "type": "long", "index": false },
                "quotes": { "type": "long", "index": false },
                "reasons": { "type": "keyword", "index": false, "doc_values": false }
            }
        }
    })
}

/// Locks a mutex whose holder may have panicked: the loaders hold no
/// invariant a panic could break halfway (a batch is sent whole or kept).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Sends `call` again on the answers a bulk batch is retried on (no
/// answer, 429, 5xx), with the bulk loader's waits.
fn retrying<T>(mut call: impl FnMut() -> Result<T, OpenSearchError>) -> Result<T, OpenSearchError> {
    let policy = RetryPolicy::default();
    let mut attempt = 1;
    loop {
        match call() {
            Err(e) if attempt < policy.attempts && is_transient(&e) => {
                std::thread::sleep(policy.wait(attempt));
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn is_transient(e: &OpenSearchError) -> bool {
    match e {
        OpenSearchError::Unreachable { .. } => true,
        OpenSearchError::Status { status, .. } => *status == 429 || *status >= 500,
        _ => false,
    }
}

/// The cluster as the indexer's sink.
struct ClusterSink<'o> {
    client: Client,
    dir: PathBuf,
    /// Where this run writes: the aliases, or a new generation.
    write: Names,
    /// With `--full`: the aliases to move to `write` at the end.
    switch_to: Option<Names>,
    must_commit: bool,
    articles: Mutex<BulkLoader>,
    quotes: Mutex<BulkLoader>,
    files: BulkLoader,
    /// The first loader error: the run stops at its next commit.
    failed: Mutex<Option<String>>,
    /// Files whose old documents go at the next commit.
    replaced: Mutex<Vec<String>>,
    /// Quote records added per file since the last commit.
    quotes_added: Mutex<HashMap<String, u64>>,
    /// Files settled since the last commit, with their new fingerprint.
    settled: HashMap<String, FileDoc>,
    /// Files gone, whose documents go at the next commit.
    removed: Vec<String>,
    /// Files whose fingerprint goes at the next commit.
    forgotten: Vec<String>,
    /// Articles and quote records per file, as the cluster should hold
    /// them once the run ends.
    counts: HashMap<String, (u64, u64)>,
    outcome: &'o mut IngestOutcome,
}

impl<'o> ClusterSink<'o> {
    fn open(
        client: &Client,
        config: &IndexConfig,
        settings: &IngestSettings,
        outcome: &'o mut IngestOutcome,
    ) -> anyhow::Result<(ClusterSink<'o>, Held)> {
        let base = &settings.target.index;
        let aliases = Names::of(base);
        let found = exists(client, &aliases.articles)?;
        let mut held = Held::default();
        let mut counts = HashMap::new();
        let (write, switch_to) = if config.full || !found {
            let generation = Names::of(&format!(
                "{base}-{}",
                chrono::Utc::now().format("%Y%m%d%H%M%S%3f")
            ));
            if config.full {
                outcome.leftovers = delete_leftovers(client, base)?;
            }
            create(client, &generation, settings)?;
            outcome.created = Some(generation.articles.clone());
            if found {
                (generation, Some(aliases))
            } else {
                // Nothing to replace: the aliases go on the new indexes at
                // once, so that a killed first run is continued, not
                // started again beside a generation nobody finds.
                switch_aliases(client, &aliases, &generation)?;
                (aliases, None)
            }
        } else {
            client.ensure_index(&aliases.articles, settings.shards, settings.replicas)?;
            client.ensure_index(&aliases.quotes, settings.shards, settings.replicas)?;
            // Documents now carry fields an older revision's strict
            // mapping would reject, one by one: refused before any is sent.
            for index in [&aliases.articles, &aliases.quotes] {
                check_template(client, index)?;
            }
            if !exists(client, &aliases.files)? {
                put_index(client, &aliases.files, &files_template(settings.replicas))?;
            }
            // Unchanged files are not parsed again, so documents of other
            // rules would stay beside the new ones.
            let meta = read_files_meta(client, &aliases.files)?;
            check_rules(&meta, &aliases.files)?;
            // What the last run wrote may not be searchable yet.
            for index in [&aliases.articles, &aliases.quotes, &aliases.files] {
                refresh(client, index)?;
            }
            // Checked first: the marker of the last run's clean finish.
            let last_run = last_run_in(&meta);
            let docs = read_files(client, &aliases.files)?;
            let finished_cleanly = last_run
                .as_ref()
                .is_some_and(|last| *last == LastRun::describing(&docs, last.finished.clone()));
            for doc in docs {
                counts.insert(doc.file.clone(), (doc.articles, doc.quotes));
                if !doc.reasons.is_empty() {
                    held.rejected.skipped.insert(
                        doc.file.clone(),
                        SkippedFile {
                            mtime: doc.file_mtime,
                            size: doc.file_size,
                            hash: doc.file_hash,
                            reasons: doc.reasons.clone(),
                        },
                    );
                }
                if doc.articles > 0 {
                    held.files.insert(doc.file.clone(), doc.fingerprint());
                }
            }
            if !finished_cleanly {
                outcome.checked = true;
                outcome.repaired = repair(client, &aliases, &mut held)?;
            }
            // Gone before anything is sent, so that this run, killed
            // midway, leaves no marker for the next to trust.
            if last_run.is_some() {
                write_last_run(client, &aliases.files, None)?;
            }
            (aliases, None)
        };
        let batch = settings.batch_bytes;
        let sink = ClusterSink {
            client: client.clone(),
            dir: config.dir.clone(),
            articles: Mutex::new(BulkLoader::new(client, &write.articles, batch)),
            quotes: Mutex::new(BulkLoader::new(client, &write.quotes, batch)),
            files: BulkLoader::new(client, &write.files, batch),
            must_commit: outcome.created.is_some() || outcome.repaired > 0,
            write,
            switch_to,
            failed: Mutex::new(None),
            replaced: Mutex::new(Vec::new()),
            quotes_added: Mutex::new(HashMap::new()),
            settled: HashMap::new(),
            removed: Vec::new(),
            forgotten: Vec::new(),
            counts,
            outcome,
        };
        Ok((sink, held))
    }

    /// The file an article's identity belongs to: the identity itself, or
    /// what comes before `#N` for a record of a JSON Lines file.
    fn file_of(&self, path: &str) -> String {
        if self.settled.contains_key(path) || self.counts.contains_key(path) {
            return path.to_string();
        }
        match path.rsplit_once('#') {
            Some((file, n)) if n.bytes().all(|b| b.is_ascii_digit()) => file.to_string(),
            _ => path.to_string(),
        }
    }

    /// Turns the loaders' refusals into skipped articles (and quote
    /// records), taking them out of their files' counts.
    fn refusals(&mut self) -> (Vec<Skipped>, Vec<Skipped>) {
        let mut articles = Vec::new();
        let mut others = Vec::new();
        let refused_articles = lock(&self.articles).take_rejected();
        let refused_quotes = lock(&self.quotes).take_rejected();
        for (rejected, is_article) in refused_articles
            .into_iter()
            .map(|r| (r, true))
            .chain(refused_quotes.into_iter().map(|r| (r, false)))
        {
            let article_id = if is_article {
                rejected.id.as_str()
            } else {
                rejected.id.split('.').next().unwrap_or("")
            };
            let path = identity_of(article_id).unwrap_or_else(|| rejected.id.clone());
            let file = self.file_of(&path);
            let what = if is_article {
                format!("{} {}", rejected.status, rejected.reason)
            } else {
                format!("a quote record: {} {}", rejected.status, rejected.reason)
            };
            if let Some(doc) = self.settled.get_mut(&file) {
                if is_article {
                    doc.articles = doc.articles.saturating_sub(1);
                } else {
                    doc.quotes = doc.quotes.saturating_sub(1);
                }
                doc.reasons
                    .push(format!("{path}: refused by the index: {what}"));
            }
            let skipped = Skipped {
                path: self.dir.join(&path),
                reason: SkipReason::Refused(what),
            };
            if is_article {
                articles.push(skipped);
            } else {
                others.push(skipped);
            }
        }
        (articles, others)
    }

    /// Deletes the documents of vanished files, and those of replaced
    /// files that the new version did not overwrite.
    fn delete_stale(&mut self, replaced: &[String]) -> anyhow::Result<()> {
        let mut clauses = Vec::new();
        for file in replaced {
            match self.settled.get(file) {
                Some(doc) => clauses.push(json!({ "bool": {
                    "filter": [{ "term": { "file": file } }],
                    "must_not": [{ "term": { "file_hash": doc.file_hash } }],
                }})),
                // Replaced but never settled cannot happen (a file is
                // settled once read); deleting all of it is the safe side.
                None => clauses.push(json!({ "term": { "file": file } })),
            }
        }
        for file in &self.removed {
            clauses.push(json!({ "term": { "file": file } }));
        }
        if clauses.is_empty() {
            return Ok(());
        }
        for index in [&self.write.articles, &self.write.quotes] {
            // Documents sent since the last refresh are invisible to the
            // query; refreshed, the new versions carry the new hash.
            refresh(&self.client, index)?;
            for chunk in clauses.chunks(DELETE_CLAUSES) {
                let query = json!({ "bool": { "should": chunk, "minimum_should_match": 1 } });
                delete_matching(&self.client, index, &query)?;
            }
        }
        Ok(())
    }

    fn counted(&self) -> (u64, u64) {
        self.counts
            .values()
            .fold((0, 0), |(a, q), (da, dq)| (a + da, q + dq))
    }
}

impl Sink for ClusterSink<'_> {
    fn must_commit(&self) -> bool {
        self.must_commit
    }

    fn delete_file(&self, file: &str) {
        lock(&self.replaced).push(file.to_string());
    }

    fn add_article(
        &self,
        article: &Article,
        file: &str,
        fingerprint: Fingerprint,
    ) -> Result<(), SkipReason> {
        if let Some(failure) = lock(&self.failed).clone() {
            return Err(SkipReason::WriterFailed(failure));
        }
        let path = &article.meta.path;
        let id = article_doc_id(path);
        if id.len() + QUOTE_ID_ROOM > MAX_ID_BYTES {
            // The cluster would refuse the whole batch it came in, not
            // just this article: refused here, named, and the run goes on.
            return Err(SkipReason::Refused(format!(
                "its path is {} bytes; its id would be {} bytes, and OpenSearch takes ids of at \
                 most {MAX_ID_BYTES} bytes (with room for quote numbers): shorten the folder or \
                 file names",
                path.len(),
                id.len()
            )));
        }
        let doc = to_json(article, file, fingerprint);
        let quotes: Vec<(String, Value)> = article
            .quotes
            .iter()
            .enumerate()
            .map(|(n, q)| {
                (
                    quote_doc_id(path, n),
                    quote_to_json(article, q, file, fingerprint),
                )
            })
            .collect();
        let sent = (|| {
            let mut loader = lock(&self.quotes);
            for (id, quote) in &quotes {
                loader.add(id, quote)?;
            }
            drop(loader);
            lock(&self.articles).add(&id, &doc)
        })();
        match sent {
            Ok(()) => {
                *lock(&self.quotes_added)
                    .entry(file.to_string())
                    .or_default() += quotes.len() as u64;
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                lock(&self.failed).get_or_insert_with(|| message.clone());
                Err(SkipReason::WriterFailed(message))
            }
        }
    }

    fn file_settled(
        &mut self,
        file: &str,
        fingerprint: Fingerprint,
        articles: usize,
        reasons: &[String],
    ) {
        let quotes = lock(&self.quotes_added).remove(file).unwrap_or(0);
        self.settled.insert(
            file.to_string(),
            FileDoc {
                file: file.to_string(),
                file_mtime: fingerprint.mtime,
                file_size: fingerprint.size,
                file_hash: fingerprint.hash,
                articles: articles as u64,
                quotes,
                reasons: reasons.to_vec(),
            },
        );
    }

    fn remove_file(&mut self, file: &str, had_articles: bool) {
        if had_articles {
            self.removed.push(file.to_string());
        }
        self.counts.remove(file);
        self.forgotten.push(file.to_string());
    }

    fn commit(&mut self, _seen: &Seen) -> anyhow::Result<Refused> {
        if let Some(failure) = lock(&self.failed).clone() {
            bail!("loading into the cluster failed: {failure}");
        }
        // (1) Every document sent and acknowledged.
        lock(&self.articles).flush()?;
        lock(&self.quotes).flush()?;
        let (refused, refused_quotes) = self.refusals();
        // (2) What the new versions did not overwrite, and vanished files.
        let replaced = std::mem::take(&mut *lock(&self.replaced));
        self.delete_stale(&replaced)?;
        // (3) Only now the fingerprints that say all of that is done.
        let mut settled: Vec<FileDoc> = self.settled.drain().map(|(_, doc)| doc).collect();
        settled.sort_by(|a, b| a.file.cmp(&b.file));
        for doc in &settled {
            let value = serde_json::to_value(doc)
                .with_context(|| format!("recording the fingerprint of {}", doc.file))?;
            self.files.add(&file_doc_id(&doc.file), &value)?;
            self.counts
                .insert(doc.file.clone(), (doc.articles, doc.quotes));
        }
        for file in std::mem::take(&mut self.forgotten) {
            if !settled.iter().any(|d| d.file == file) {
                self.files.delete(&file_doc_id(&file))?;
            }
        }
        self.files.flush()?;
        if let Some(refused) = self.files.take_rejected().first() {
            bail!(
                "the cluster refused the fingerprint {}: {} {}",
                identity_of(&refused.id).unwrap_or_default(),
                refused.status,
                refused.reason
            );
        }
        let requests = lock(&self.articles).report().requests
            + lock(&self.quotes).report().requests
            + self.files.report().requests;
        self.outcome.sent |= requests > 0 || !replaced.is_empty() || !self.removed.is_empty();
        self.removed.clear();
        Ok(Refused {
            articles: refused,
            quotes: refused_quotes,
        })
    }

    fn finish(self: Box<Self>, _touched: bool) -> anyhow::Result<u64> {
        let this = *self;
        let (articles, quotes) = this.counted();
        for (index, expected) in [
            (&this.write.articles, articles),
            (&this.write.quotes, quotes),
        ] {
            let found = retrying(|| this.client.refresh_and_count(index))?;
            if found != expected {
                return Err(OpenSearchError::CountMismatch {
                    index: index.to_string(),
                    expected,
                    found,
                }
                .into());
            }
            if *index == this.write.quotes {
                this.outcome.quotes = found;
            }
        }
        if let Some(aliases) = &this.switch_to {
            let (old, removed) = switch_aliases(&this.client, aliases, &this.write)?;
            for index in &old {
                retrying(|| {
                    this.client.json(
                        "deleting the old index",
                        "DELETE",
                        &format!("/{index}"),
                        None,
                    )
                })?;
            }
            this.outcome.replaced = old.into_iter().chain(removed).collect();
        }
        // Last of all: everything above held, so the next run may trust
        // the fingerprints without comparing.
        let (files, (articles, quotes)) = (this.counts.len() as u64, this.counted());
        let last_run = LastRun {
            finished: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            files,
            articles,
            quotes,
        };
        write_last_run(&this.client, &this.write.files, Some(&last_run))?;
        Ok(articles)
    }
}

/// Deletes every document of `index` that `query` matches: found by
/// search, deleted by id in `_bulk`, again until none is left. Not
/// `_delete_by_query`, which lives in a module (reindex) a cluster may
/// lack, as the test cluster does.
fn delete_matching(client: &Client, index: &str, query: &Value) -> anyhow::Result<()> {
    let body =
        json!({ "query": query, "size": DELETE_PAGE, "_source": false, "track_total_hits": true });
    let path = format!("/{index}/_search");
    let mut left = u64::MAX;
    loop {
        let answer =
            retrying(|| client.json("finding replaced documents", "POST", &path, Some(&body)))?;
        let total = answer["hits"]["total"]["value"].as_u64().unwrap_or(0);
        if total == 0 {
            return Ok(());
        }
        if total >= left {
            bail!(
                "deleting replaced documents from {index} at {}: {total} remain after a delete; \
                 the cluster did not take it",
                client.base()
            );
        }
        left = total;
        let mut loader = BulkLoader::new(client, index, DEFAULT_BATCH_BYTES);
        for hit in answer["hits"]["hits"].as_array().into_iter().flatten() {
            if let Some(id) = hit["_id"].as_str() {
                loader.delete(id)?;
            }
        }
        let report = loader.finish()?;
        if let Some(refused) = report.rejected.first() {
            bail!(
                "the cluster refused to delete {} from {index}: {} {}",
                refused.id,
                refused.status,
                refused.reason
            );
        }
        refresh(client, index)?;
    }
}

/// An error unless `index` (or the index the alias `index` names) was
/// made from this newsidx's revision of the template
/// ([`super::TEMPLATE_VERSION`]); an index without a revision is
/// revision 1.
pub(super) fn check_template(client: &Client, index: &str) -> Result<(), OpenSearchError> {
    let mapping = client.json(
        "reading the mapping",
        "GET",
        &format!("/{index}/_mapping"),
        None,
    )?;
    let found = mapping
        .as_object()
        .and_then(|m| m.values().next())
        .and_then(|m| m["mappings"]["_meta"]["newsidx_template_version"].as_u64())
        .unwrap_or(1);
    if found < super::TEMPLATE_VERSION {
        return Err(OpenSearchError::OldTemplate {
            index: index.to_string(),
            found,
            wanted: super::TEMPLATE_VERSION,
            lacks: "the folder field (--facet folder)".to_string(),
        });
    }
    Ok(())
}

/// An error unless the fingerprints in `files`, whose `_meta` is `meta`,
/// were written by a run with this build's extraction rules
/// ([`EXTRACTION_VERSION`]); the fingerprints of a newsidx that recorded
/// none are of version 1.
fn check_rules(meta: &Value, files: &str) -> Result<(), OpenSearchError> {
    let found = meta["newsidx_extraction_version"].as_u64().unwrap_or(1);
    if found != u64::from(EXTRACTION_VERSION) {
        return Err(OpenSearchError::OtherRules {
            index: files.trim_end_matches("-files").to_string(),
            found,
            wanted: EXTRACTION_VERSION,
        });
    }
    Ok(())
}

/// The `_id` of a file's fingerprint: its path as an article id, or, for
/// a path too long for an id, a hash of it (after `~`, which the id
/// alphabet lacks). The file's name is in the document either way.
fn file_doc_id(file: &str) -> String {
    let id = article_doc_id(file);
    if id.len() <= MAX_ID_BYTES {
        id
    } else {
        format!("~{:032x}", xxhash_rust::xxh3::xxh3_128(file.as_bytes()))
    }
}

/// Whether `name` is an index or an alias on the cluster.
fn exists(client: &Client, name: &str) -> Result<bool, OpenSearchError> {
    let answer = retrying(|| client.send("HEAD", &format!("/{name}"), "", None))?;
    Ok(answer.status == 200)
}

fn put_index(client: &Client, name: &str, body: &Value) -> Result<(), OpenSearchError> {
    client.json("creating the index", "PUT", &format!("/{name}"), Some(body))?;
    Ok(())
}

/// Creates the three indexes of a generation.
fn create(client: &Client, names: &Names, settings: &IngestSettings) -> anyhow::Result<()> {
    let mut template: Value =
        serde_json::from_str(TEMPLATE).context("the built-in template is not JSON")?;
    template["settings"]["index"]["number_of_shards"] = settings.shards.into();
    template["settings"]["index"]["number_of_replicas"] = settings.replicas.into();
    put_index(client, &names.articles, &template)?;
    put_index(client, &names.quotes, &template)?;
    put_index(client, &names.files, &files_template(settings.replicas))?;
    Ok(())
}

fn refresh(client: &Client, index: &str) -> Result<(), OpenSearchError> {
    retrying(|| {
        client.json(
            "refreshing",
            "POST",
            &format!("/{index}/_refresh"),
            // No body, not even `null`: Elasticsearch 8 refuses one here.
            None,
        )
    })?;
    Ok(())
}

/// Points each alias of `aliases` at its index of `generation` in one
/// request. Returns the concrete indexes the aliases left, which the
/// caller deletes, and those the request removed itself (a concrete
/// index bearing an alias's name).
fn switch_aliases(
    client: &Client,
    aliases: &Names,
    generation: &Names,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let mut actions = Vec::new();
    let mut old = Vec::new();
    let mut removed = Vec::new();
    for (alias, target) in aliases.pairs(generation) {
        if alias == target {
            continue;
        }
        let held = client.send("GET", &format!("/_alias/{alias}"), "", None)?;
        if held.status == 200 {
            let indexes: Value = serde_json::from_str(&held.body).unwrap_or(Value::Null);
            for index in indexes.as_object().into_iter().flat_map(|o| o.keys()) {
                actions.push(json!({ "remove": { "index": index, "alias": alias } }));
                old.push(index.clone());
            }
        } else if exists(client, alias)? {
            // A concrete index of that name: gone in the same step.
            actions.push(json!({ "remove_index": { "index": alias } }));
            removed.push(alias.to_string());
        }
        actions.push(json!({ "add": { "index": target, "alias": alias } }));
    }
    retrying(|| {
        client.json(
            "switching the aliases",
            "POST",
            "/_aliases",
            Some(&json!({ "actions": actions })),
        )
    })?;
    old.retain(|o| o != &generation.articles && o != &generation.quotes && o != &generation.files);
    Ok((old, removed))
}

/// Deletes the generations of `base` that no alias points at: what a
/// `--full` killed before its switch left.
fn delete_leftovers(client: &Client, base: &str) -> anyhow::Result<Vec<String>> {
    let answer = client.json(
        "listing indexes",
        "GET",
        &format!("/_cat/indices/{base}-*?format=json&h=index&expand_wildcards=open"),
        None,
    )?;
    let aliased = client.send("GET", &format!("/{base}*/_alias"), "", None)?;
    let aliased: Value = serde_json::from_str(&aliased.body).unwrap_or(Value::Null);
    let mut deleted = Vec::new();
    for row in answer.as_array().into_iter().flatten() {
        let Some(index) = row["index"].as_str() else {
            continue;
        };
        let is_generation = index
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('-'))
            .map(|rest| rest.trim_end_matches("-quotes").trim_end_matches("-files"))
            .is_some_and(|stamp| stamp.len() == 17 && stamp.bytes().all(|b| b.is_ascii_digit()));
        let has_alias = aliased[index]["aliases"]
            .as_object()
            .is_some_and(|a| !a.is_empty());
        if is_generation && !has_alias {
            client.json(
                "deleting a leftover index",
                "DELETE",
                &format!("/{index}"),
                None,
            )?;
            deleted.push(index.to_string());
        }
    }
    Ok(deleted)
}

/// Every fingerprint `INDEX-files` holds.
fn read_files(client: &Client, index: &str) -> anyhow::Result<Vec<FileDoc>> {
    let mut docs = Vec::new();
    let mut after: Option<Value> = None;
    loop {
        let mut body = json!({ "size": FILES_PAGE, "sort": [{ "file": "asc" }] });
        if let Some(after) = &after {
            body["search_after"] = after.clone();
        }
        let path = format!("/{index}/_search");
        let answer =
            retrying(|| client.json("reading the fingerprints", "POST", &path, Some(&body)))?;
        let hits = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for hit in &hits {
            let doc: FileDoc =
                serde_json::from_value(hit["_source"].clone()).with_context(|| {
                    format!(
                        "{index} at {} holds a fingerprint newsidx cannot read: {}",
                        client.base(),
                        hit["_source"]
                    )
                })?;
            docs.push(doc);
        }
        if hits.len() < FILES_PAGE {
            return Ok(docs);
        }
        after = hits.last().map(|h| h["sort"].clone());
    }
}

/// Compares the (file, hash) pairs the documents hold with the
/// fingerprints, and marks each file that disagrees as changed, so the
/// run reads it again (or removes it, if it is gone). Returns how many.
fn repair(client: &Client, aliases: &Names, held: &mut Held) -> anyhow::Result<usize> {
    let mut disagree = std::collections::BTreeSet::new();
    for index in [&aliases.articles, &aliases.quotes] {
        let mut after: Option<Value> = None;
        loop {
            let mut composite = json!({
                "size": 1000,
                "sources": [
                    { "file": { "terms": { "field": "file" } } },
                    { "hash": { "terms": { "field": "file_hash" } } }
                ]
            });
            if let Some(after) = &after {
                composite["after"] = after.clone();
            }
            let body = json!({ "size": 0, "aggs": { "pairs": { "composite": composite } } });
            let path = format!("/{index}/_search");
            let answer = retrying(|| {
                client.json(
                    "reading what the documents hold",
                    "POST",
                    &path,
                    Some(&body),
                )
            })?;
            let agg = &answer["aggregations"]["pairs"];
            let buckets = agg["buckets"].as_array().cloned().unwrap_or_default();
            for bucket in &buckets {
                let file = bucket["key"]["file"].as_str().unwrap_or_default();
                let hash = bucket["key"]["hash"].as_u64();
                if held.files.get(file).map(|f| f.hash) != hash {
                    disagree.insert(file.to_string());
                }
            }
            if buckets.is_empty() || agg["after_key"].is_null() {
                break;
            }
            after = Some(agg["after_key"].clone());
        }
    }
    for file in &disagree {
        // Unlike any content a file can have, so the run reads it again
        // and replaces what the cluster holds of it.
        let poison = held.files.get(file).map_or(
            Fingerprint {
                mtime: u64::MAX,
                size: u64::MAX,
                hash: 0,
            },
            |f| Fingerprint {
                mtime: u64::MAX,
                size: f.size,
                hash: !f.hash,
            },
        );
        held.files.insert(file.clone(), poison);
    }
    Ok(disagree.len())
}

/// The lines `newsidx index --opensearch` ends with, after the local
/// run's summary: where the articles went, the cluster's own count, and
/// what happened to indexes.
pub fn write_summary(
    w: &mut dyn std::io::Write,
    settings: &IngestSettings,
    report: &IndexReport,
    outcome: &IngestOutcome,
) -> std::io::Result<()> {
    let at = format!("{}/{}", settings.target.base, outcome.index);
    if outcome.repaired > 0 {
        writeln!(
            w,
            "newsidx: {} file(s) held documents their fingerprint did not describe (a run \
             stopped midway) and were read again",
            outcome.repaired
        )?;
    }
    for leftover in &outcome.leftovers {
        writeln!(
            w,
            "newsidx: deleted {leftover}, left by a --full run that did not finish"
        )?;
    }
    if !outcome.sent {
        writeln!(
            w,
            "newsidx: nothing changed in the folder; nothing sent to {at}"
        )?;
    }
    writeln!(
        w,
        "newsidx: {at} holds {} articles and {} quote records (the cluster's count after a \
         refresh, as the fingerprints expect)",
        report.total_docs, outcome.quotes
    )?;
    match (&outcome.created, outcome.replaced.as_slice()) {
        (Some(created), []) => writeln!(
            w,
            "newsidx: created {created} behind the alias {}",
            outcome.index
        ),
        (Some(created), old) => writeln!(
            w,
            "newsidx: the alias {} now points at {created}; deleted the index it replaced: {}",
            outcome.index,
            old.join(", ")
        ),
        (None, _) => Ok(()),
    }
}
