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
pub mod opensearch;
pub mod output;
pub mod people;
pub mod schema;
pub mod search;
pub mod serve;
pub mod state;
pub mod stem;
pub mod store;
pub mod tokenizer;

use std::io::{self, BufWriter, LineWriter, Write};
use std::path::Path;

use anyhow::Context;

use crate::article::ParseOptions;
use crate::cli::{Cli, Command, ParseArgs};
use crate::config::{IndexConfig, OutputFormat, QueryConfig, ShowConfig};
use crate::output::csv::CsvPrinter;
use crate::output::fields::Chosen;
use crate::output::human::HumanPrinter;
use crate::search::quotes::QuoteSearcher;
use crate::search::{Backend, LocalSearcher, Parts};

/// How a run ended, as grep and ripgrep report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Work done; for a query, at least one hit.
    Success,
    /// The query ran and matched nothing; `show` found no such article;
    /// `index` found no article in the folder.
    NoMatch,
    /// Something failed (details were already printed).
    Error,
    /// `index` finished, but skipped files or records (each was named).
    Skipped,
}

impl Status {
    /// The process exit code: 0, 1, 2 or 3.
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
        Command::Query(args) => match args.cluster.searcher()? {
            Some(cluster) => run_cluster_query(&QueryConfig::from_args(&args)?, &cluster),
            None => run_query(&QueryConfig::from_args(&args)?),
        },
        Command::Quotes(args) => run_quotes(
            &QueryConfig::from_args(&args)?,
            args.cluster.quote_searcher()?,
        ),
        Command::Parse(args) => run_parse(&args),
        Command::Show(args) => run_show(&ShowConfig::from_args(&args)),
        Command::Speakers(args) => run_speakers(&args),
        Command::Completions(args) => {
            let mut out = stdout_writer(false);
            cli::write_completions(args.shell, &mut out)?;
            out.flush()?;
            Ok(Status::Success)
        }
        Command::Serve(args) => {
            serve::run(serve::ServeConfig::from_args(&args)?)?;
            Ok(Status::Success)
        }
        Command::Man(args) => {
            let mut out = stdout_writer(false);
            cli::write_man_page(args.command, &mut out)?;
            out.flush()?;
            Ok(Status::Success)
        }
    }
}

fn run_index(config: &IndexConfig) -> anyhow::Result<Status> {
    let stderr = io::stderr();
    let mut on_event = |event: indexer::IndexEvent<'_>| {
        // A closed stderr must not stop indexing; the report still counts it.
        let _ = output::write_index_event(&mut stderr.lock(), event);
    };
    let report = match &config.opensearch {
        None => indexer::index_folder(config, &mut on_event)?,
        Some(settings) => {
            let (report, outcome) =
                opensearch::ingest::index_folder(config, settings, &mut on_event)?;
            if config.verbose {
                output::write_index_summary(&mut stderr.lock(), &report)?;
                opensearch::ingest::write_summary(&mut stderr.lock(), settings, &report, &outcome)?;
            }
            return index_status(config, &report);
        }
    };
    if config.verbose {
        output::write_index_summary(&mut stderr.lock(), &report)?;
    }
    index_status(config, &report)
}

/// The exit status of an index run, with the line that explains a
/// failure.
fn index_status(config: &IndexConfig, report: &indexer::IndexReport) -> anyhow::Result<Status> {
    let stderr = io::stderr();
    let status = if report.had_io_errors() {
        Status::Error
    } else if !report.skipped.is_empty() {
        if config.strict {
            output::write_strict_failure(&mut stderr.lock(), report.skipped.len())?;
            Status::Error
        } else {
            Status::Skipped
        }
    } else if report.found_nothing() {
        output::write_nothing_found(&mut stderr.lock(), &config.dir)?;
        Status::NoMatch
    } else {
        Status::Success
    };
    Ok(status)
}

fn run_query(config: &QueryConfig) -> anyhow::Result<Status> {
    let searcher = LocalSearcher::open(&config.index)?;
    if config.every_match {
        let status = run_every_match(config, &searcher);
        std::mem::forget(searcher);
        return status;
    }
    let results = searcher.search(&config.request)?;
    let status = write_query_page(config, &results)?;
    // The process ends here: the kernel unmaps the index's files at exit
    // all at once, which is cheaper than dropping the reader file by file
    // (about 3% of a one-query process on Reuters).
    std::mem::forget(searcher);
    Ok(status)
}

/// `newsidx query --opensearch`: the same request, answered by a cluster,
/// written as a local page is. `--limit all` asks for every match as one
/// page (the cluster reads it with a point in time).
fn run_cluster_query(
    config: &QueryConfig,
    cluster: &opensearch::ClusterSearcher,
) -> anyhow::Result<Status> {
    let mut request = config.request.clone();
    if config.every_match {
        request.limit = usize::MAX - request.offset;
    }
    let results = cluster.search(&request)?;
    write_query_page(config, &results)
}

/// One page of a query's results in the chosen format, and its status.
fn write_query_page(
    config: &QueryConfig,
    results: &search::SearchResults,
) -> anyhow::Result<Status> {
    output::write_shard_failures(&mut io::stderr().lock(), &results.shard_failures)?;
    let mut out = stdout_writer(config.stdout_tty);
    match config.format {
        OutputFormat::Json if config.fields.is_some() => {
            for hit in &results.hits {
                output::json::write_hit(&mut out, hit, config.fields.as_ref())?;
            }
            let query = &config.request.query;
            output::json::write_facets_and_summary(&mut out, query, results, results.hits.len())?
        }
        OutputFormat::Json => {
            output::json::write_results(&mut out, &config.request.query, results)?
        }
        OutputFormat::Csv => {
            write_csv_page(&mut out, config, results)?;
        }
        OutputFormat::Human { color } => {
            let printer = HumanPrinter::new(color, config.cwd.clone());
            printer.write_results(&mut out, results)?;
            printer.write_facets(
                &mut out,
                &results.facets,
                output::terminal_width(config.stdout_tty),
            )?;
            out.flush()?;
            output::write_query_tally(&mut io::stderr().lock(), results)?;
        }
    }
    out.flush()?;
    Ok(if results.total_hits > 0 || results.fill_hits > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
}

/// `--limit all`: every match, each hit written as it is read, then the
/// facets and the summary (JSON) or the tally (stderr).
fn run_every_match(config: &QueryConfig, searcher: &LocalSearcher) -> anyhow::Result<Status> {
    let parts = config.fields.as_ref().map_or(Parts::ALL, Chosen::parts);
    let mut stream = searcher.stream(&config.request, parts)?;
    let first = config.request.offset.saturating_add(1);
    let mut out = stdout_writer(config.stdout_tty);
    let mut written = 0;
    match config.format {
        OutputFormat::Json => {
            while let Some(hit) = stream.next_hit()? {
                output::json::write_hit(&mut out, &hit, config.fields.as_ref())?;
                written += 1;
            }
            let query = &config.request.query;
            output::json::write_facets_and_summary(&mut out, query, stream.summary(), written)?;
        }
        OutputFormat::Csv => {
            let fields = config.fields.clone().unwrap_or_else(Chosen::standard);
            let mut printer = CsvPrinter::new(&mut out, fields)?;
            while let Some(hit) = stream.next_hit()? {
                printer.write_hit(&hit)?;
                written += 1;
            }
            printer.finish()?.flush()?;
            output::write_stream_tally(&mut io::stderr().lock(), stream.summary(), first, written)?;
        }
        OutputFormat::Human { color } => {
            let printer = HumanPrinter::new(color, config.cwd.clone());
            while let Some(hit) = stream.next_hit()? {
                printer.write_streamed_hit(&mut out, &hit, written == 0)?;
                written += 1;
            }
            let width = output::terminal_width(config.stdout_tty);
            printer.write_facets(&mut out, &stream.summary().facets, width)?;
            out.flush()?;
            output::write_stream_tally(&mut io::stderr().lock(), stream.summary(), first, written)?;
        }
    }
    out.flush()?;
    Ok(if stream.summary().total_hits > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
}

/// One page of hits (articles, or quotes filled in as hits) as CSV with
/// the chosen columns, the tally on stderr.
fn write_csv_page(
    out: &mut dyn Write,
    config: &QueryConfig,
    results: &search::SearchResults,
) -> anyhow::Result<()> {
    let fields = config.fields.clone().unwrap_or_else(Chosen::standard);
    let mut printer = CsvPrinter::new(out, fields)?;
    for hit in &results.hits {
        printer.write_hit(hit)?;
    }
    printer.finish()?.flush()?;
    output::write_query_tally(&mut io::stderr().lock(), results)?;
    Ok(())
}

/// `newsidx quotes`: the quote index searched as `query` searches the
/// articles, each hit written as the quote it is; with `--opensearch`,
/// the cluster's quote records, written the same way.
fn run_quotes(
    config: &QueryConfig,
    cluster: Option<opensearch::ClusterQuotes>,
) -> anyhow::Result<Status> {
    if config.request.collapse || !config.request.facets.is_empty() {
        anyhow::bail!(
            "`newsidx quotes` takes neither --collapse nor --facet: they group and count articles; use them with `newsidx query`"
        );
    }
    if config.fields.is_some() && config.format == OutputFormat::Json {
        anyhow::bail!(
            "--fields chooses the columns of `newsidx quotes --format csv`; its JSON quote lines always hold every key"
        );
    }
    if let Some(cluster) = cluster {
        // `--limit all` is one page of every match, read past the window
        // with a point in time, as `query --opensearch` reads it.
        let mut request = config.request.clone();
        if config.every_match {
            request.limit = usize::MAX - request.offset;
        }
        let (quotes, mut results) = cluster.search(&request)?;
        output::write_shard_failures(&mut io::stderr().lock(), &results.shard_failures)?;
        let mut out = stdout_writer(config.stdout_tty);
        let found = write_quotes_page(&mut out, config, &quotes, &mut results)?;
        out.flush()?;
        return Ok(if found {
            Status::Success
        } else {
            Status::NoMatch
        });
    }
    let searcher = QuoteSearcher::open(&config.index)?;
    let mut out = stdout_writer(config.stdout_tty);
    let query = &config.request.query;
    let status = if config.every_match {
        let mut stream = searcher.stream(&config.request)?;
        let first = config.request.offset.saturating_add(1);
        let mut written = 0;
        match config.format {
            OutputFormat::Json => {
                while let Some(mut hit) = stream.next_hit()? {
                    output::json::write_quote(&mut out, &searcher.quote_of(&mut hit)?)?;
                    written += 1;
                }
                output::json::write_facets_and_summary(&mut out, query, stream.summary(), written)?;
            }
            OutputFormat::Csv => {
                let fields = config.fields.clone().unwrap_or_else(Chosen::standard);
                let mut printer = CsvPrinter::new(&mut out, fields)?;
                while let Some(mut hit) = stream.next_hit()? {
                    searcher.quote_of(&mut hit)?;
                    printer.write_hit(&hit)?;
                    written += 1;
                }
                printer.finish()?.flush()?;
            }
            OutputFormat::Human { color } => {
                let printer = HumanPrinter::new(color, config.cwd.clone());
                while let Some(mut hit) = stream.next_hit()? {
                    let quote = searcher.quote_of(&mut hit)?;
                    search::quotes::mark_spoken_words(&mut hit, quote.kind);
                    printer.write_streamed_hit(&mut out, &hit, written == 0)?;
                    written += 1;
                }
                out.flush()?;
            }
        }
        if !matches!(config.format, OutputFormat::Json) {
            output::write_stream_tally(&mut io::stderr().lock(), stream.summary(), first, written)?;
        }
        stream.summary().total_hits > 0
    } else {
        let (quotes, mut results) = searcher.search(&config.request)?;
        write_quotes_page(&mut out, config, &quotes, &mut results)?
    };
    out.flush()?;
    std::mem::forget(searcher);
    Ok(if status {
        Status::Success
    } else {
        Status::NoMatch
    })
}

/// One page of quotes in the chosen format, from either backend; whether
/// anything matched.
fn write_quotes_page(
    out: &mut dyn Write,
    config: &QueryConfig,
    quotes: &[search::quotes::QuoteHit],
    results: &mut search::SearchResults,
) -> anyhow::Result<bool> {
    let query = &config.request.query;
    match config.format {
        OutputFormat::Json => {
            for quote in quotes {
                output::json::write_quote(out, quote)?;
            }
            output::json::write_facets_and_summary(out, query, results, quotes.len())?;
        }
        OutputFormat::Csv => {
            write_csv_page(out, config, results)?;
        }
        OutputFormat::Human { color } => {
            for (hit, quote) in results.hits.iter_mut().zip(quotes) {
                search::quotes::mark_spoken_words(hit, quote.kind);
            }
            HumanPrinter::new(color, config.cwd.clone()).write_results(out, results)?;
            out.flush()?;
            output::write_query_tally(&mut io::stderr().lock(), results)?;
        }
    }
    Ok(results.total_hits > 0 || results.fill_hits > 0)
}

fn run_speakers(args: &cli::SpeakersArgs) -> anyhow::Result<Status> {
    if !args.query.is_empty() {
        return run_speakers_of(args);
    }
    if args.cluster.opensearch.is_some() {
        // Without a query it lists the registry, which a cluster lacks.
        return Err(opensearch::OpenSearchError::Unsupported {
            what: "newsidx speakers without a query".to_string(),
            hint: "give a query (newsidx speakers '*' --opensearch URL/INDEX counts the people of every article), or list a local index's registry with --index".to_string(),
        }
        .into());
    }
    // The index is opened first so that a missing or foreign folder gets
    // the same message as everywhere else.
    store::open_for_search(&args.index)?;
    let Some(persons) = people::persons(&args.index)? else {
        output::write_failure(
            &mut io::stderr().lock(),
            &format!(
                "the index at {} has no speaker registry yet",
                args.index.display()
            ),
            Some("run `newsidx index` once more to build it"),
        )?;
        return Ok(Status::Error);
    };
    let persons = people::Aliases::load(&args.index)?.apply(persons);
    let mut out = stdout_writer(false);
    output::write_persons(&mut out, &persons, args.limit, args.registry, args.json)?;
    out.flush()?;
    Ok(if persons.is_empty() {
        Status::NoMatch
    } else {
        Status::Success
    })
}

/// `newsidx speakers QUERY`: the speaker facet of the matches, with when
/// each person spoke and their latest article.
fn run_speakers_of(args: &cli::SpeakersArgs) -> anyhow::Result<Status> {
    if args.limit > search::facets::MAX_BUCKETS {
        anyhow::bail!(
            "--limit {} lists more people than a query's list holds (at most {}); without a query, `newsidx speakers` lists everyone",
            args.limit,
            search::facets::MAX_BUCKETS
        );
    }
    let query = args.query.join(" ");
    let request = search::SearchRequest {
        query: query.clone(),
        dates: search::DateRange::from_bounds(args.from.as_deref(), args.to.as_deref())?,
        speakers: Some(args.limit),
        ..Default::default()
    };
    if let Some(cluster) = args.cluster.searcher()? {
        let results = cluster.search(&request)?;
        return write_speakers_of(args, &query, &results, None);
    }
    // Everyone's best quote is found on a second thread while this one
    // counts the articles' speakers: neither needs the other's answer
    // until both are done (`search/said.rs`). The second thread also opens
    // the quote index while this one opens the articles' segments, once
    // the articles' list of segments is read.
    let opening = LocalSearcher::start_opening(&args.index)?;
    let (opened, quotes) = std::thread::scope(|scope| {
        let (give, take) = std::sync::mpsc::channel();
        let request = &request;
        let quotes = scope.spawn(move || -> anyhow::Result<_> {
            let Some(quotes) = QuoteSearcher::quote_index(&args.index)? else {
                return Ok(None);
            };
            // Nothing comes when the articles could not be opened, whose
            // error is the one told.
            let Ok(articles) = take.recv() else {
                return Ok(None);
            };
            let quotes = QuoteSearcher::of(quotes, articles);
            let best = quotes.best_quotes(request)?;
            Ok(Some((quotes, best)))
        });
        let opened = opening.finish().map(|searcher| {
            let searcher = std::sync::Arc::new(searcher);
            // The other thread may have stopped on an error of its own.
            let _ = give.send(searcher.clone());
            let results = searcher.search(request);
            (searcher, results)
        });
        drop(give);
        let quotes = quotes
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (opened, quotes)
    });
    let (searcher, results) = opened?;
    let mut results = results?;
    // People are listed without a quote from an index built before quote
    // records, rather than not at all.
    if let Some((quotes, best)) = quotes? {
        if !results.speakers.is_empty() {
            quotes.add_representatives_with(&request, &mut results, best.as_ref())?;
        }
        // The process ends soon after and lets go of everything at once;
        // unmapping the said file here, while the search's threads still
        // ran, took 0.8-3 ms of a million-article `newsidx speakers`.
        std::mem::forget(best);
        std::mem::forget(quotes);
    }
    let status = write_speakers_of(args, &query, &results, Some(&searcher))?;
    std::mem::forget(searcher);
    Ok(status)
}

/// The people of `newsidx speakers QUERY`, from whichever backend; a
/// local index (`local`) also says where its articles' files are, so that
/// the human output names files the user can open, as `query` does.
fn write_speakers_of(
    args: &cli::SpeakersArgs,
    query: &str,
    results: &search::SearchResults,
    local: Option<&LocalSearcher>,
) -> anyhow::Result<Status> {
    output::write_shard_failures(&mut io::stderr().lock(), &results.shard_failures)?;
    let mut out = stdout_writer(false);
    if args.json {
        output::json::write_speakers(&mut out, query, results)?;
    } else {
        let printer = HumanPrinter::new(false, std::env::current_dir().ok());
        let shown = |identity: &str| {
            let file = local.and_then(|searcher| searcher.file_of(identity));
            printer.openable(identity, file.as_deref())
        };
        output::write_speaker_summaries(&mut out, &mut io::stderr().lock(), results, &shown)?;
    }
    out.flush()?;
    Ok(if results.total_hits > 0 {
        Status::Success
    } else {
        Status::NoMatch
    })
}

fn run_show(config: &ShowConfig) -> anyhow::Result<Status> {
    let searcher = LocalSearcher::open(&config.index)?;
    let mut found = searcher.article(&config.path)?;
    if found.is_none() {
        // Not an identity: perhaps the file itself, as a path from here.
        if let Some(identity) = searcher.identity_of_file(&config.path, config.cwd.as_deref()) {
            found = searcher.article(&identity)?;
        }
    }
    let Some(article) = found else {
        output::write_not_in_index(&mut io::stderr().lock(), &config.path, &config.index)?;
        return Ok(Status::NoMatch);
    };
    let mut out = stdout_writer(false);
    match config.format {
        // `show` has no --format; CSV is a query's.
        OutputFormat::Json | OutputFormat::Csv => output::json::write_line(&mut out, &article)?,
        OutputFormat::Human { color } => {
            HumanPrinter::new(color, config.cwd.clone()).write_article(&mut out, &article)?
        }
    }
    out.flush()?;
    Ok(Status::Success)
}

fn run_parse(args: &ParseArgs) -> anyhow::Result<Status> {
    let options = config::parse_options(args.timezone.as_deref())?;
    let mut out = stdout_writer(false);
    let mut status = Status::Success;
    for path in &args.files {
        let mut fail = |out: &mut dyn Write, err: anyhow::Error| -> io::Result<()> {
            out.flush()?;
            output::write_error(&mut io::stderr().lock(), &err)?;
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
