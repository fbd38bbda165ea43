//! The index as the server sees it: reopened after each commit of a
//! `newsidx index` run beside it, with its speaker registry and its quote
//! records.
//!
//! tantivy's own reload policy (`OnCommitWithDelay`) would reload the
//! segments alone, but a searcher here is the segments *and* the people
//! side files (`people.json`, `people-links.tsv`, ...) that `newsidx index`
//! writes after its commit, and [`LocalSearcher`] reads both at open. So
//! the server watches the files that make up a commit, `meta.json` and
//! the side files, and when any of them changes opens a whole new
//! [`Snapshot`] and swaps it in. Requests under way keep the one they
//! started with (an `Arc`), so a reload never blocks or fails a search; an
//! open that fails (a side file caught half-written) keeps the old one and
//! is tried again at the next tick.
//!
//! The quote index (`quotes/`) is part of the snapshot, opened beside the
//! article index it shares: `newsidx index` commits it before the
//! articles' `meta.json`, so the reload that `meta.json` triggers finds
//! the quotes of every article it sees. A quote index that cannot be read
//! does not stop the server, since article search needs none of it; the
//! routes that need quotes report it, each time they are asked.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

use crate::people::{ALIASES_FILE, LINKS_FILE, PEOPLE_FILE, SAID_FILE};
use crate::search::quotes::QuoteSearcher;
use crate::search::{LocalSearcher, SearchError};
use crate::state::SETTINGS_FILE;

/// How often the index folder is looked at.
const POLL: Duration = Duration::from_millis(250);

/// The files whose change means a new commit to open. `people-docs.bin`
/// is written with the links, so their pair covers it; the said file
/// comes last, after both.
const WATCHED: [&str; 6] = [
    "meta.json",
    PEOPLE_FILE,
    LINKS_FILE,
    SAID_FILE,
    ALIASES_FILE,
    SETTINGS_FILE,
];

/// Size and modification time of each watched file (`None`: absent).
type Signature = Vec<Option<(SystemTime, u64)>>;

/// One commit of the index, opened: its articles and its quotes.
pub struct Snapshot {
    /// The article index, with its registry.
    pub articles: Arc<LocalSearcher>,
    /// The quote records: `None` when the index was built before them,
    /// the error's message when they cannot be read.
    quotes: Result<Option<QuoteSearcher>, String>,
}

impl Snapshot {
    fn open(path: &Path) -> Result<Snapshot, SearchError> {
        let articles = Arc::new(LocalSearcher::open(path)?);
        let quotes = QuoteSearcher::beside(articles.clone(), path)
            .map_err(|e| format!("{:#}", anyhow::Error::new(e)));
        Ok(Snapshot { articles, quotes })
    }

    /// The quote records, for the routes that need them: `Ok(None)` for an
    /// index built before quote records, an error when they cannot be read.
    pub fn quotes(&self) -> Result<Option<&QuoteSearcher>, SearchError> {
        match &self.quotes {
            Ok(quotes) => Ok(quotes.as_ref()),
            Err(message) => Err(crate::error::IndexError::Damaged {
                path: PathBuf::from(crate::schema::QUOTES_DIR),
                cause: Some(message.clone().into()),
            }
            .into()),
        }
    }
}

/// The searchers of the index's last commit.
pub struct LiveIndex {
    path: PathBuf,
    current: RwLock<Arc<Snapshot>>,
    seen: Mutex<Signature>,
    reloads: std::sync::atomic::AtomicU64,
}

impl LiveIndex {
    /// The index folder served.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the index at `path`.
    pub fn open(path: &Path) -> Result<LiveIndex, crate::search::SearchError> {
        let seen = signature(path);
        let snapshot = Snapshot::open(path)?;
        Ok(LiveIndex {
            path: path.to_path_buf(),
            current: RwLock::new(Arc::new(snapshot)),
            seen: Mutex::new(seen),
            reloads: Default::default(),
        })
    }

    /// The commit to answer a request with.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        // A poisoned lock means a panic while swapping an `Arc`, after
        // which the value is still a whole `Arc`.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The article searcher to answer a request with.
    pub fn searcher(&self) -> Arc<LocalSearcher> {
        self.snapshot().articles.clone()
    }

    /// Reopens the index if a watched file changed since the last look;
    /// true if a new searcher was swapped in.
    pub fn refresh(&self) -> bool {
        let now = signature(&self.path);
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if *seen == now {
            return false;
        }
        let Ok(snapshot) = Snapshot::open(&self.path) else {
            return false;
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        *seen = now;
        self.reloads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    /// When the index last committed: the time `meta.json` was written.
    pub fn last_commit(&self) -> Option<DateTime<Utc>> {
        let modified = std::fs::metadata(self.path.join("meta.json"))
            .and_then(|m| m.modified())
            .ok()?;
        Some(DateTime::<Utc>::from(modified))
    }

    /// How many times the index was reopened since the server started.
    pub fn reloads(&self) -> u64 {
        self.reloads.load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn signature(dir: &Path) -> Signature {
    WATCHED
        .iter()
        .map(|name| {
            let meta = std::fs::metadata(dir.join(name)).ok()?;
            Some((meta.modified().ok()?, meta.len()))
        })
        .collect()
}

/// Looks at the index folder every [`POLL`] until the task is aborted.
pub async fn watch(live: Arc<LiveIndex>) {
    loop {
        tokio::time::sleep(POLL).await;
        let live = live.clone();
        // Opening reads the registry from disk: off the async workers.
        let _ = tokio::task::spawn_blocking(move || live.refresh()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::IndexConfig;
    use crate::search::Backend;

    /// An index of one quoting article in a fresh folder.
    fn indexed() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(
            corpus.join("quarry.txt"),
            "Quarry reopens\nThe old quarry takes workers again.\n3 March 2025 10:00\n\
             \"We start on Monday,\" said Ines Bakker, the quarry's manager.\n",
        )
        .unwrap();
        let config = IndexConfig::for_folder(&corpus, &dir.path().join("idx")).unwrap();
        crate::indexer::index_folder(&config, &mut |_| {}).unwrap();
        dir
    }

    #[test]
    fn a_snapshot_holds_the_quotes_of_its_commit() {
        let dir = indexed();
        let live = LiveIndex::open(&dir.path().join("idx")).unwrap();
        let snapshot = live.snapshot();
        let quotes = snapshot.quotes().unwrap().expect("the index has quotes");
        let said = quotes.said_in("quarry.txt").unwrap();
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].1, "Ines Bakker");
    }

    #[test]
    fn an_index_without_quotes_is_served_and_says_so() {
        let dir = indexed();
        let idx = dir.path().join("idx");
        std::fs::remove_dir_all(idx.join(crate::schema::QUOTES_DIR)).unwrap();
        let live = LiveIndex::open(&idx).unwrap();
        assert!(live.snapshot().quotes().unwrap().is_none());
    }

    #[test]
    fn a_damaged_quote_index_is_reported_and_articles_still_searched() {
        let dir = indexed();
        let idx = dir.path().join("idx");
        std::fs::write(idx.join(crate::schema::QUOTES_DIR).join("meta.json"), "{").unwrap();
        let live = LiveIndex::open(&idx).unwrap();
        let snapshot = live.snapshot();
        let err = snapshot
            .quotes()
            .err()
            .expect("a damaged quote index is an error");
        assert!(err.to_string().contains(crate::schema::QUOTES_DIR), "{err}");
        let request = crate::search::SearchRequest {
            query: "quarry".into(),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(snapshot.articles.search(&request).unwrap().total_hits, 1);
    }
}
