//! `--opensearch URL/INDEX` and `--opensearch-node URL`: the options that
//! point `query`, `quotes`, `speakers` and `serve` at a search cluster
//! instead of a local index folder. One struct, flattened into each
//! command's arguments, so they read and say the same everywhere.

use clap::Args;

use crate::opensearch::{ClusterQuotes, ClusterSearcher, OpenSearchError, Target};

/// Where a cluster index is, for the commands that search.
#[derive(Debug, Clone, Default, Args)]
pub struct ClusterArgs {
    /// Search this OpenSearch index instead of a local one:
    /// http://HOST:PORT/INDEX. Credentials come from
    /// NEWSIDX_OPENSEARCH_USER and NEWSIDX_OPENSEARCH_PASSWORD (or
    /// _PASSWORD_FILE), never from the address.
    #[arg(long, value_name = "URL/INDEX")]
    pub opensearch: Option<String>,

    /// Another node of the same cluster (http://HOST:PORT), asked when
    /// the nodes before it do not answer. Repeat for several.
    #[arg(long = "opensearch-node", value_name = "URL", requires = "opensearch")]
    pub opensearch_nodes: Vec<String>,
}

impl ClusterArgs {
    /// The cluster searcher these options name; `None` without
    /// `--opensearch`.
    pub fn searcher(&self) -> Result<Option<ClusterSearcher>, OpenSearchError> {
        let Some(given) = &self.opensearch else {
            return Ok(None);
        };
        let target = Target::parse(given)?;
        ClusterSearcher::open(&target, &self.opensearch_nodes).map(Some)
    }

    /// The cluster's quote records (`INDEX-quotes`) these options name;
    /// `None` without `--opensearch`.
    pub fn quote_searcher(&self) -> Result<Option<ClusterQuotes>, OpenSearchError> {
        Ok(self.searcher()?.map(ClusterQuotes::beside))
    }
}
