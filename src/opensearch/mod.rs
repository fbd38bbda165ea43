//! The OpenSearch backend (issue 15): where a cluster is, how newsidx
//! talks to it, the index it creates there and the bulk loading of
//! articles into it.
//!
//! This module owns the cluster's side of the seam: HTTP, the template
//! (`opensearch/template.json`, embedded), documents as JSON and the
//! `_bulk` protocol. It knows nothing of folders or of the command line;
//! the indexer hands it parsed articles, as it hands them to tantivy.
//!
//! The client is ureq, blocking like the rest of the indexer: a bulk load
//! is bounded by the cluster, not by waiting on sockets, and one request
//! in flight with batches of a few megabytes keeps a cluster busy without
//! an async runtime in a command-line tool.
//!
//! Credentials come from the environment (see [`Credentials`]) and are
//! never part of an error, a log line or `Debug` output: every error here
//! names the cluster by its address without user information.

mod bulk;
mod client;
mod document;
mod dsl;
mod quotes;
mod search;

pub use self::bulk::{BulkLoader, BulkReport, Rejected, RetryPolicy};
pub use self::client::{Access, CaFile, Client, Credentials, Target, CA_FILE_VAR};
pub use self::document::to_json;
pub use self::quotes::ClusterQuotes;
pub use self::search::{ClusterSearcher, DFS_BELOW};

// `newsidx index --opensearch`: the indexer's run into the cluster.
pub mod ingest;
pub use self::document::{article_doc_id, quote_doc_id, quote_to_json};

/// The index newsidx creates: analyzers and mappings matching the local
/// schema (see `opensearch/README.md`).
pub const TEMPLATE: &str = include_str!("../../opensearch/template.json");

/// The revision of [`TEMPLATE`] within one schema version
/// (`_meta.newsidx_template_version`; an index without one is revision
/// 1): what the cluster alone adds, which needs no local index rebuilt.
/// Revision 2 added `folder`, the first part of the path, for `--facet
/// folder`. An index of an older revision is searched as before but for
/// what it lacks, and refuses incremental loads (its strict mapping would
/// reject every document); `newsidx index --full` rebuilds it.
pub const TEMPLATE_VERSION: u64 = 2;

/// What can go wrong between newsidx and a cluster. Messages name the
/// cluster by scheme, host and port only.
#[derive(Debug, thiserror::Error)]
pub enum OpenSearchError {
    /// `--opensearch` was given something that is not `URL/INDEX`.
    #[error(
        "not a cluster address: {given:?}: {why}; give it as http://HOST:PORT/INDEX or \
         https://HOST:PORT/INDEX"
    )]
    BadTarget {
        /// What was given, user information removed.
        given: String,
        /// What is wrong with it.
        why: String,
    },
    /// A credentials setting that cannot be used.
    #[error("OpenSearch credentials: {0}")]
    Credentials(String),
    /// No answer from the cluster (refused, reset, timed out).
    #[error("no answer from {url}: {reason}")]
    Unreachable {
        /// The address asked.
        url: String,
        /// What the transport said.
        reason: String,
    },
    /// An answer with an error status.
    #[error("{what} at {url}: the cluster answered {status}: {body}")]
    Status {
        /// The request, in words.
        what: String,
        /// The address asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the answer.
        body: String,
    },
    /// An answer that is not the JSON expected.
    #[error("{what} at {url}: unexpected answer: {detail}")]
    Answer {
        /// The request, in words.
        what: String,
        /// The address asked.
        url: String,
        /// What was wrong with it.
        detail: String,
    },
    /// The index exists with another schema than this newsidx writes.
    #[error(
        "index {index:?} was made for newsidx schema {found}, this newsidx writes schema {wanted}; \
         index into a new index name, or delete this one"
    )]
    SchemaMismatch {
        /// The index.
        index: String,
        /// Its schema version, or "none" when it was not made by newsidx.
        found: String,
        /// This build's.
        wanted: u32,
    },
    /// The cluster index was loaded by a newsidx whose extraction rules
    /// give other speakers, quotes or dates: an incremental run would mix
    /// the two, as a local index refuses to.
    #[error(
        "index {index:?} was loaded with extraction rules version {found} (this newsidx has {wanted})"
    )]
    OtherRules {
        /// The index.
        index: String,
        /// The version it was loaded with (1 when it recorded none).
        found: u64,
        /// This build's.
        wanted: u32,
    },
    /// Something a local index answers that a cluster does not yet.
    #[error("{what} is not supported against an OpenSearch cluster yet")]
    Unsupported {
        /// The option or request, in words.
        what: String,
        /// What to do instead.
        hint: String,
    },
    /// A CA certificate file that cannot be used.
    #[error("the CA certificate file {path} (from {origin}) {why}")]
    CaFile {
        /// The file, as given.
        path: String,
        /// The option or variable that named it.
        origin: &'static str,
        /// What is wrong with it.
        why: String,
    },
    /// A connection that was made but cannot be used: TLS refused or the
    /// wrong protocol on the other end. Not a node being down, so not
    /// [`OpenSearchError::Unreachable`].
    #[error("cannot talk to {url}: {reason}")]
    Connection {
        /// The address asked.
        url: String,
        /// What went wrong, in words.
        reason: String,
        /// What to do about it.
        hint: String,
    },
    /// The index was made from an older revision of the template than
    /// this newsidx writes ([`TEMPLATE_VERSION`]).
    #[error(
        "index {index:?} was made from newsidx's cluster template revision {found}, which lacks {lacks}; \
         this newsidx writes revision {wanted}"
    )]
    OldTemplate {
        /// The index.
        index: String,
        /// Its template revision.
        found: u64,
        /// This build's.
        wanted: u64,
        /// What the older revision lacks, in words.
        lacks: String,
    },
    /// After a load the cluster holds another number of documents than
    /// were accepted.
    #[error("index {index:?} holds {found} documents after the load, {expected} expected")]
    CountMismatch {
        /// The index.
        index: String,
        /// Documents accepted.
        expected: u64,
        /// Documents the cluster counts.
        found: u64,
    },
}

/// What the query half of the backend adds to the errors (kept apart from
/// the list above so both halves can grow it without meeting).
impl OpenSearchError {
    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            OpenSearchError::Unreachable { .. } => Some(
                "check that the cluster runs and the address is right; name further nodes with --opensearch-node URL"
                    .to_string(),
            ),
            OpenSearchError::Status { status: 404, .. } => Some(
                "the index does not exist there: check its name, or load it with newsidx index --opensearch"
                    .to_string(),
            ),
            OpenSearchError::Status {
                status: 401 | 403, ..
            } => Some(
                "set NEWSIDX_OPENSEARCH_USER and NEWSIDX_OPENSEARCH_PASSWORD (or _PASSWORD_FILE)"
                    .to_string(),
            ),
            OpenSearchError::Unsupported { hint, .. } => Some(hint.clone()),
            OpenSearchError::Connection { hint, .. } => Some(hint.clone()),
            OpenSearchError::CaFile { .. } => Some(format!(
                "give the CA's certificate as a PEM file with --opensearch-ca FILE or {}",
                CA_FILE_VAR
            )),
            OpenSearchError::OtherRules { .. } => Some(
                "reload it with newsidx index DIR --opensearch URL/INDEX --full (searches keep the old one until the new one is whole)"
                    .to_string(),
            ),
            OpenSearchError::OldTemplate { .. } => Some(
                "rebuild it with newsidx index DIR --opensearch URL/INDEX --full (searches keep the old one until the new one is whole)"
                    .to_string(),
            ),
            _ => None,
        }
    }
}
