//! `--opensearch URL/INDEX` and `--opensearch-node URL`: the options that
//! point `query`, `quotes`, `speakers` and `serve` at a search cluster
//! instead of a local index folder. One struct, flattened into each
//! command's arguments, so they read and say the same everywhere.

use std::path::PathBuf;

use clap::Args;

use crate::opensearch::{Access, ClusterQuotes, ClusterSearcher, OpenSearchError, Target};

/// Where a cluster index is, for the commands that search.
#[derive(Debug, Clone, Default, Args)]
pub struct ClusterArgs {
    /// Search this OpenSearch index instead of a local one:
    /// http://HOST:PORT/INDEX or https://HOST:PORT/INDEX. Credentials come from
    /// NEWSIDX_OPENSEARCH_USER and NEWSIDX_OPENSEARCH_PASSWORD (or
    /// _PASSWORD_FILE), never from the address.
    #[arg(long, value_name = "URL/INDEX")]
    pub opensearch: Option<String>,

    /// Another node of the same cluster (http://HOST:PORT), asked when
    /// the nodes before it do not answer. Repeat for several.
    #[arg(long = "opensearch-node", value_name = "URL", requires = "opensearch")]
    pub opensearch_nodes: Vec<String>,

    /// The CA certificate (PEM) that signs an https:// cluster's
    /// certificate; it replaces the built-in public roots. Default:
    /// NEWSIDX_OPENSEARCH_CA_FILE.
    #[arg(long = "opensearch-ca", value_name = "FILE", requires = "opensearch")]
    pub opensearch_ca: Option<PathBuf>,
}

impl ClusterArgs {
    /// The cluster searcher these options name; `None` without
    /// `--opensearch`.
    pub fn searcher(&self) -> Result<Option<ClusterSearcher>, OpenSearchError> {
        let Some(given) = &self.opensearch else {
            return Ok(None);
        };
        let target = Target::parse(given)?;
        let access = Access::from_env(self.opensearch_ca.as_deref())?;
        ClusterSearcher::open_with(&target, &self.opensearch_nodes, &access).map(Some)
    }

    /// The cluster's quote records (`INDEX-quotes`) these options name;
    /// `None` without `--opensearch`.
    pub fn quote_searcher(&self) -> Result<Option<ClusterQuotes>, OpenSearchError> {
        Ok(self.searcher()?.map(ClusterQuotes::beside))
    }
}
