//! Loads the Reuters archive into an OpenSearch index with
//! `newsidx::opensearch::BulkLoader` and reports the throughput: until
//! `newsidx index --opensearch` exists, the way to measure the loader on
//! real news (BENCHMARKS.md, "OpenSearch").
//!
//! ```sh
//! scripts/opensearch-cluster.sh start
//! cargo run --release --example opensearch_load -- http://127.0.0.1:9250/reuters \
//!     [--shards 3] [--replicas 1] [--batch-mib 5] [--jsonl ../shared/corpora/reuters21578/reuters.jsonl.gz]
//! ```
//!
//! The index is deleted first if it exists. Parsing happens before the
//! clock starts for the load, and is timed apart.

use std::io::Read;
use std::time::Instant;

use anyhow::{bail, Context};
use newsidx::article::{parse_file, ParseOptions};
use newsidx::opensearch::{to_json, BulkLoader, Client, Credentials, Target};
use newsidx::schema::Fingerprint;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut target = None;
    let mut shards = 3;
    let mut replicas = 1;
    let mut batch_mib = 5usize;
    let mut jsonl = String::from("../shared/corpora/reuters21578/reuters.jsonl.gz");
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--shards" => shards = value()?.parse()?,
            "--replicas" => replicas = value()?.parse()?,
            "--batch-mib" => batch_mib = value()?.parse()?,
            "--jsonl" => jsonl = value()?,
            _ if target.is_none() => target = Some(Target::parse(&arg)?),
            _ => bail!("unexpected argument {arg:?}"),
        }
    }
    let target = target.context("give the index as http://HOST:PORT/INDEX")?;

    let started = Instant::now();
    let mut bytes = Vec::new();
    let file = std::fs::File::open(&jsonl).with_context(|| format!("opening {jsonl}"))?;
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)?;
    let records = parse_file("reuters.jsonl", &bytes, &ParseOptions::default())?;
    let fingerprint = Fingerprint {
        mtime: 0,
        size: bytes.len() as u64,
        hash: 0,
    };
    let docs: Vec<(String, serde_json::Value)> = records
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a.meta.path.clone(),
                to_json(&a, "reuters.jsonl", fingerprint),
            )
        })
        .collect();
    let parse_secs = started.elapsed().as_secs_f64();
    // A fault test waits for this line before it kills a node.
    eprintln!(
        "parsed {} articles in {parse_secs:.1} s; loading",
        docs.len()
    );

    let client = Client::new(&target, Credentials::from_env()?);
    if !client.ensure_index(&target.index, shards, replicas)? {
        bail!(
            "index {} exists; delete it first (curl -XDELETE {}/{})",
            target.index,
            client.base(),
            target.index
        );
    }
    let started = Instant::now();
    let mut loader = BulkLoader::new(&client, &target.index, batch_mib * 1024 * 1024);
    for (id, doc) in &docs {
        loader.add(id, doc)?;
    }
    let report = loader.finish()?;
    let load_secs = started.elapsed().as_secs_f64();
    let count = client.refresh_and_count(&target.index)?;
    let total_secs = started.elapsed().as_secs_f64();
    for rejected in &report.rejected {
        eprintln!(
            "refused {}: {} {}",
            rejected.id, rejected.status, rejected.reason
        );
    }
    println!(
        "{} articles parsed in {parse_secs:.1} s; loaded into {shards} shards x {} copies in {load_secs:.1} s \
         ({:.0} articles/s, {:.1} MB/s of bulk bodies), {} requests, {} retries, {} refused; \
         refresh and count {:.1} s: {count} documents",
        docs.len(),
        replicas + 1,
        docs.len() as f64 / load_secs,
        report.bytes as f64 / load_secs / 1e6,
        report.requests,
        report.retries,
        report.rejected.len(),
        total_secs - load_secs,
    );
    if count != report.accepted {
        bail!(
            "the cluster counts {count} documents, {} were accepted",
            report.accepted
        );
    }
    Ok(())
}
