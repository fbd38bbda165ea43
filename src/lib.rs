//! newsidx: fast, field-aware full-text search for folders of news articles.
//!
//! `newsidx index DIR` walks a folder, extracts from each article its title,
//! lead, date, body and speakers ([`article`]) and writes a tantivy index
//! ([`indexer`], [`schema`], [`store`]). `newsidx query` ranks matches with
//! BM25 and returns hits with highlighted snippets ([`search`]), which
//! [`output`] prints for people or as JSON Lines.
//!
//! The binary is a thin shell over [`run`]: everything worth testing lives
//! here.

#![warn(missing_docs)]
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod article;
pub mod cli;
pub mod config;
pub mod error;
pub mod indexer;
pub mod merge;
pub mod output;
pub mod schema;
pub mod search;
pub mod state;
pub mod store;

use std::io::{self, BufWriter, LineWriter, Write};
use std::path::Path;

use anyhow::Context;

use crate::article::ParseOptions;
use crate::cli::{Cli, Command, ParseArgs};
use crate::config::{IndexConfig, OutputFormat, QueryConfig};
use crate::output::human::HumanPrinter;
use crate::search::{SearchRequest, Searcher};

/// How a run ended, as grep and ripgrep report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Work done; for a query, at least one hit.
    Success,
    /// The query ran and matched nothing.
    NoMatch,
    /// Something failed (details were already printed).
    Error,
    /// `index` finished, but skipped files or records (each was named).
    Skipped,
}

impl Status {
    /// The process exit code: 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::NoMatch => 1,
            Status::Error => 2,
            Status::Skipped => 3,
        }
    }
}

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Index(args) => run_index(&IndexConfig::from_args(&args)?),
        Command::Query(args) => run_query(&QueryConfig::from_args(&args)),
        Command::Parse(args) => run_parse(&args),
    }
}

fn run_index(config: &IndexConfig) -> anyhow::Result<Status> {
    let stderr = io::stderr();
    let report = indexer::index_folder(config, &mut |skipped| {
        // A closed stderr must not stop indexing; the report still counts it.
        let _ = output::write_skip_notice(&mut stderr.lock(), skipped);
    })?;
    if config.verbose {
        output::write_index_summary(&mut stderr.lock(), &report)?;
    }
    Ok(if report.had_io_errors() {
        Status::Error
    } else if !report.skipped.is_empty() {
        if config.strict {
            eprintln!(
                "newsidx: error: {} files or records were skipped and --strict is set",
                report.skipped.len()
            );
            Status::Error
        } else {
            Status::Skipped
        }
    } else {
        Status::Success
    })
}

fn run_query(config: &QueryConfig) -> anyhow::Result<Status> {
    let (index, schema) = store::open_for_search(&config.index)?;
    let damaged = || error::IndexError::Damaged {
        path: config.index.clone(),
    };
    let searcher = Searcher::new(index, schema).map_err(|e| e.context(damaged()))?;
    let results = searcher
        .search(&SearchRequest {
            query: &config.query,
            limit: config.limit,
            offset: config.offset,
            sort: config.sort,
            from: config.from.as_deref(),
            to: config.to.as_deref(),
            exact_count: config.exact_count,
        })
        .map_err(|e| {
            // A bad query is the user's to fix; anything else tantivy
            // reports while reading means the files are not what it wrote.
            if e.downcast_ref::<error::QueryError>().is_some() {
                e
            } else {
                e.context(damaged())
            }
        })?;

    let mut out = stdout_writer(config.stdout_tty);
    match config.format {
        OutputFormat::Json => output::json::write_results(&mut out, &config.query, &results)?,
        OutputFormat::Human { color } => {
            HumanPrinter::new(color).write_results(&mut out, &results)?;
            out.flush()?;
            let shown = results.hits.len();
            let first = results.hits.first().map_or(0, |h| h.rank);
            let mut err = io::stderr().lock();
            if shown > 0 {
                writeln!(
                    err,
                    "newsidx: hits {first}-{} of {} ({:.1} ms)",
                    first + shown - 1,
                    results.total_description(),
                    results.elapsed.as_secs_f64() * 1e3
                )?;
            } else {
                writeln!(
                    err,
                    "newsidx: {} hits, none shown",
                    results.total_description()
                )?;
            }
        }
    }
    out.flush()?;
    Ok(if results.total_hits > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
}

fn run_parse(args: &ParseArgs) -> anyhow::Result<Status> {
    let options = config::parse_options(args.timezone.as_deref())?;
    let mut out = stdout_writer(false);
    let mut status = Status::Success;
    for path in &args.files {
        let mut fail = |out: &mut dyn Write, err: anyhow::Error| -> io::Result<()> {
            out.flush()?;
            eprintln!("newsidx: error: {err:#}");
            status = Status::Error;
            Ok(())
        };
        let records = match parse_path(path, &options) {
            Ok(records) => records,
            Err(err) => {
                fail(&mut out, err)?;
                continue;
            }
        };
        for record in records {
            match record {
                Ok(article) => output::json::write_line(&mut out, &article)?,
                Err(err) => fail(
                    &mut out,
                    anyhow::Error::new(err).context(format!("cannot parse {}", path.display())),
                )?,
            }
        }
    }
    out.flush()?;
    Ok(status)
}

fn parse_path(path: &Path, options: &ParseOptions) -> anyhow::Result<Vec<article::Record>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.to_string_lossy().replace('\\', "/");
    article::parse_file(&name, &bytes, options)
        .with_context(|| format!("cannot parse {}", path.display()))
}

/// Line-buffered on a terminal so hits appear as they come; block-buffered
/// into a pipe, where throughput matters more.
fn stdout_writer(tty: bool) -> Box<dyn Write> {
    if tty {
        Box::new(LineWriter::new(io::stdout()))
    } else {
        Box::new(BufWriter::new(io::stdout()))
    }
}
