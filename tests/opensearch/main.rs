//! newsidx against a real OpenSearch cluster (issue 15).
//!
//! The tests read the cluster's address from `NEWSIDX_OPENSEARCH_URL`
//! (`scripts/opensearch-cluster.sh start` prints it). Without it, as on a
//! developer machine with no cluster running, each test that needs one
//! prints why it skipped and passes; `.ci/run` starts the cluster and sets
//! the variable, so there a missing or unreachable cluster fails.
//!
//! - `template`: the index template in `opensearch/template.json` is
//!   accepted by the cluster and maps every field the local schema has.
//! - `bulk`: `newsidx::opensearch` loads articles in batches, each once
//!   under its path, and names what the cluster refuses.
//! - `analysis`: the template's analyzers against the ones newsidx
//!   registers with tantivy, token for token, on 10,000 Reuters sentences.
//! - `ingest`: `newsidx index --opensearch` against a local run of the
//!   same folder, incremental runs, `--full`, refusals, credentials, and
//!   a node killed during a load (alone, with `NEWSIDX_OPENSEARCH_FAULTS`).
//! - `parity`: `newsidx query --opensearch` against `newsidx query` on
//!   Reuters: the same counts, facets and nearly the same top 10.
//! - `faults`: node 2 killed while queries go to node 1.
//! - `query`: failover between nodes, pages past the 10,000 window, exit
//!   codes and refused addresses, through the binary.
//! - `tls`: `https://` through a TLS proxy made in the test in front of
//!   node 1: the same answers as plain HTTP with the CA file, refusals
//!   of an unknown CA and of another name, the wrong protocol on either
//!   side, unusable CA files, and the password in no output.

mod analysis;
mod bulk;
mod cluster;
mod faults;
mod ingest;
mod parity;
mod query;
mod quotes;
mod serve;
mod template;
mod tls;
#[path = "../common/tree.rs"]
mod tree;
