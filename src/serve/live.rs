//! The index as the server sees it: reopened after each commit of a
//! `newsidx index` run beside it, with its speaker registry.
//!
//! tantivy's own reload policy (`OnCommitWithDelay`) would reload the
//! segments alone, but a searcher here is the segments *and* the people
//! side files (`people.json`, `people-links.tsv`, ...) that `newsidx index`
//! writes after its commit, and [`LocalSearcher`] reads both at open. So
//! the server watches the files that make up a commit, `meta.json` and
//! the side files, and when any of them changes opens a whole new
//! [`LocalSearcher`] and swaps it in. Requests under way keep the one they
//! started with (an `Arc`), so a reload never blocks or fails a search; an
//! open that fails (a side file caught half-written) keeps the old one and
//! is tried again at the next tick.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

use crate::people::{ALIASES_FILE, LINKS_FILE, PEOPLE_FILE};
use crate::search::LocalSearcher;
use crate::state::SETTINGS_FILE;

/// How often the index folder is looked at.
const POLL: Duration = Duration::from_millis(250);

/// The files whose change means a new commit to open. `people-docs.bin`
/// is written with the links, so their pair covers it.
const WATCHED: [&str; 5] = [
    "meta.json",
    PEOPLE_FILE,
    LINKS_FILE,
    ALIASES_FILE,
    SETTINGS_FILE,
];

/// Size and modification time of each watched file (`None`: absent).
type Signature = Vec<Option<(SystemTime, u64)>>;

/// The searcher of the index's last commit.
pub struct LiveIndex {
    path: PathBuf,
    current: RwLock<Arc<LocalSearcher>>,
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
        let searcher = LocalSearcher::open(path)?;
        Ok(LiveIndex {
            path: path.to_path_buf(),
            current: RwLock::new(Arc::new(searcher)),
            seen: Mutex::new(seen),
            reloads: Default::default(),
        })
    }

    /// The searcher to answer a request with.
    pub fn searcher(&self) -> Arc<LocalSearcher> {
        // A poisoned lock means a panic while swapping an `Arc`, after
        // which the value is still a whole `Arc`.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Reopens the index if a watched file changed since the last look;
    /// true if a new searcher was swapped in.
    pub fn refresh(&self) -> bool {
        let now = signature(&self.path);
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if *seen == now {
            return false;
        }
        let Ok(searcher) = LocalSearcher::open(&self.path) else {
            return false;
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(searcher);
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
