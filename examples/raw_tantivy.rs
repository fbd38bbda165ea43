//! The raw-tantivy baseline of the indexing benchmark: the same articles,
//! the same schema, tokenizers, writer threads, memory budget and merge
//! policy as `newsidx index`, but read pre-split from JSON Lines, so nothing is walked,
//! decoded or parsed. What newsidx spends beyond this is the cost of turning
//! real files into fields.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --n 100000 --out /tmp/c --jsonl /tmp/c.jsonl
//! cargo run --release --example raw_tantivy -- /tmp/c.jsonl /tmp/raw-index
//! ```
//!
//! Each line holds `path`, `title`, `lead`, `date` (RFC 3339), `speakers`
//! and `body`, as `gen_corpus --jsonl` writes them.

use std::io::BufRead;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::Parser;
use newsidx::article::{Article, ArticleMeta};
use newsidx::schema::Fingerprint;
use rayon::prelude::*;

/// Lines decoded in parallel at a time.
const CHUNK_LINES: usize = 4096;

#[derive(Parser)]
struct Args {
    /// Pre-split articles, one JSON object a line.
    jsonl: PathBuf,
    /// Index folder to create (emptied first).
    index: PathBuf,
    /// Writer memory budget in MiB (newsidx's default).
    #[arg(long, default_value_t = 256)]
    memory: usize,
    /// Writer threads (newsidx uses one per core, at most 4).
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(serde::Deserialize)]
struct Fields {
    path: String,
    title: String,
    lead: Option<String>,
    date: Option<DateTime<Utc>>,
    #[serde(default)]
    speakers: Vec<String>,
    body: String,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let start = Instant::now();
    let (index, schema, _) = newsidx::store::open_for_writing(&args.index, true)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = args.threads.unwrap_or(cores.clamp(1, 4));
    // The same writer as newsidx's: threads, buffer, merge thread, merge
    // policy.
    let mut writer =
        newsidx::indexer::open_writer(&index, &args.index, threads, args.memory * 1024 * 1024)?;
    let input = std::fs::File::open(&args.jsonl)
        .with_context(|| format!("cannot open {}", args.jsonl.display()))?;
    let reader = std::io::BufReader::with_capacity(1 << 20, input);
    // Lines are decoded and turned into documents on all cores, as newsidx
    // parses files on all cores: a single decoding thread would starve the
    // writer and make the baseline look slower than tantivy is.
    let mut count = 0u64;
    let mut lines = reader.lines();
    loop {
        let chunk: Vec<String> = lines.by_ref().take(CHUNK_LINES).collect::<Result<_, _>>()?;
        if chunk.is_empty() {
            break;
        }
        chunk
            .par_iter()
            .enumerate()
            .try_for_each(|(i, line)| -> anyhow::Result<()> {
                let number = count + i as u64 + 1;
                let fields: Fields = serde_json::from_str(line)
                    .with_context(|| format!("line {number} of {}", args.jsonl.display()))?;
                let fingerprint = Fingerprint {
                    mtime: 0,
                    size: line.len() as u64,
                    hash: number,
                };
                let article = Article {
                    meta: ArticleMeta {
                        path: fields.path,
                        title: fields.title,
                        lead: fields.lead,
                        date: fields.date,
                        date_has_time: fields.date.is_some(),
                        speakers: fields.speakers,
                        ..ArticleMeta::default()
                    },
                    body: fields.body,
                    notes: Vec::new(),
                    quotes: Vec::new(),
                };
                writer.add_document(schema.to_document(
                    &article,
                    &article.meta.path,
                    fingerprint,
                ))?;
                Ok(())
            })?;
        count += chunk.len() as u64;
    }
    let fed = start.elapsed().as_secs_f64();
    writer.commit()?;
    let committed = start.elapsed().as_secs_f64();
    writer.wait_merging_threads()?;
    eprintln!("raw_tantivy: fed {fed:.2} s, committed {committed:.2} s");
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "raw_tantivy: indexed {count} articles in {secs:.2} s ({:.0} articles/s)",
        count as f64 / secs
    );
    Ok(())
}
