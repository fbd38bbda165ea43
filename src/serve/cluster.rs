//! `newsidx serve --opensearch URL/INDEX`: the page and its API answered
//! by a cluster instead of an index folder.
//!
//! A cluster searcher keeps a query translator (the local analyzers) and
//! what it learnt of the index (its article count, its template) in
//! cells, so it is used by one request at a time: the server keeps a few
//! in a pool, each request takes one (or opens one when all are busy) and
//! gives it back, so neither the analyzers nor those answers are rebuilt
//! for every request and no request waits for another's.
//!
//! Every request to the cluster is bounded ([`CLUSTER_SHARE`] of the
//! server's time limit), so a cluster that stops answering is an error
//! the page shows, naming the cluster, before the server's own limit cuts
//! the request off with a bare "took too long".
//!
//! What a cluster lacks, the server lacks with it: people's registry
//! names (speakers are shown as their articles name them) and speakers'
//! representative quotes (`/api/speakers` lists people without one); the
//! README lists both.

use std::sync::Mutex;
use std::time::Duration;

use crate::opensearch::{Access, ClusterQuotes, OpenSearchError, Target};

/// The part of the server's time limit one request to the cluster may
/// take: the rest is the server's own work and the answer's writing.
const CLUSTER_SHARE: f64 = 0.8;

/// Searchers kept for the next requests; more are opened under a burst
/// and dropped after.
const POOL: usize = 8;

/// A cluster index served: where it is, and searchers ready for requests.
pub struct ClusterArchive {
    target: Target,
    nodes: Vec<String>,
    access: Access,
    time_limit: Duration,
    spare: Mutex<Vec<ClusterQuotes>>,
}

impl ClusterArchive {
    /// The cluster index `target` with failover `nodes`, reached with
    /// `access` (credentials, CA file), each request
    /// bounded for a server whose time limit is `server_limit`; checked
    /// to answer, so that `serve` fails at start rather than on the first
    /// search.
    pub fn open(
        target: Target,
        nodes: Vec<String>,
        access: Access,
        server_limit: Duration,
    ) -> Result<ClusterArchive, OpenSearchError> {
        let archive = ClusterArchive {
            target,
            nodes,
            access,
            time_limit: server_limit.mul_f64(CLUSTER_SHARE),
            spare: Mutex::new(Vec::new()),
        };
        archive.with(|searcher| searcher.articles().count())?;
        Ok(archive)
    }

    /// The address served, as the start-up line shows it (no credentials:
    /// they never are part of the address).
    pub fn name(&self) -> String {
        // Without its scheme, so that the line's one URL is the server's.
        let host = self
            .target
            .base
            .split_once("://")
            .map_or(&*self.target.base, |(_, h)| h);
        format!("OpenSearch index {} at {host}", self.target.index)
    }

    /// Runs `work` with a searcher of the pool.
    pub fn with<T, E>(&self, work: impl FnOnce(&ClusterQuotes) -> Result<T, E>) -> Result<T, E>
    where
        E: From<OpenSearchError>,
    {
        let taken = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let searcher = match taken {
            Some(searcher) => searcher,
            None => ClusterQuotes::open_bounded(
                &self.target,
                &self.nodes,
                &self.access,
                self.time_limit,
            )?,
        };
        let result = work(&searcher);
        let mut spare = self.spare.lock().unwrap_or_else(|e| e.into_inner());
        if spare.len() < POOL {
            spare.push(searcher);
        }
        result
    }
}
