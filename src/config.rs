//! Turns parsed arguments into checked settings, once.
//!
//! Everything that depends on the environment (is stdout a terminal, is
//! `NO_COLOR` set, how many cores) is decided here, so that the indexer,
//! the searcher and the printers take plain values and stay testable.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::article::ParseOptions;
use crate::cli::{self, ColorWhen, Format, HitLimit, IndexArgs, QueryArgs, ShowArgs, UsageError};
use crate::error::IndexError;
use crate::output::fields::Chosen;
use crate::search::{DateRange, SearchRequest, SortOrder};
use crate::state::IndexSettings;
use crate::store;

/// The smallest writer budget tantivy accepts per indexing thread is 15 MB,
/// and the writer threads share `--memory`.
pub const MIN_MEMORY_MIB: usize = 32;

/// The most one writer thread may buffer: tantivy refuses 4 GiB less 1 MB
/// or more.
const MAX_MIB_PER_WRITER: usize = 4095;

/// More writer threads than this only make more, smaller segments to merge.
const MAX_WRITERS: usize = 4;

/// The largest `--memory`: a full slice for each of the most writer threads
/// (a budget past what one slice takes gets more threads, whatever the
/// cores).
pub const MAX_MEMORY_MIB: usize = MAX_MIB_PER_WRITER * MAX_WRITERS;

/// The most parsing threads `-j` takes. Parsing is bound by the cores, and
/// threads past them cost only start-up: on 2 cores and the sample corpus,
/// 256 threads took 0.15 s in all, 1,024 took 4.6 s and 4,096 took 42 s.
pub const MAX_THREADS: usize = 256;

/// `--memory` when it is not given; the command line shows the same.
pub const DEFAULT_MEMORY_MIB: usize = 256;

/// `--commit-every` when it is not given.
pub const DEFAULT_COMMIT_EVERY_SECS: u64 = 30;

/// Settings for `newsidx index`.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The corpus root.
    pub dir: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// The `--memory` budget, in bytes: the writer threads buffer this much
    /// before writing segments, and no merge reads more (see
    /// [`crate::merge`]).
    pub memory_bytes: usize,
    /// Threads that parse articles.
    pub parse_threads: usize,
    /// Threads inside the tantivy writer.
    pub writer_threads: usize,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// Print the summary and notices on stderr.
    pub verbose: bool,
    /// How articles are read.
    pub parse_options: ParseOptions,
    /// The `--timezone` name as given, recorded in the index.
    pub timezone_name: Option<String>,
    /// Rebuild from scratch.
    pub full: bool,
    /// Treat skipped files as an error (exit 2 instead of 3).
    pub strict: bool,
    /// Least time between two commits.
    pub commit_every: std::time::Duration,
    /// Where in a cluster to index instead of the local folder.
    pub opensearch: Option<crate::opensearch::ingest::IngestSettings>,
}

impl IndexConfig {
    /// Checks `args` and fills in defaults that depend on the machine.
    pub fn from_args(args: &IndexArgs) -> anyhow::Result<Self> {
        let dir = match &args.dir {
            Some(dir) => dir.clone(),
            // A cluster records no folder: the walk needs one named.
            None if args.opensearch.is_some() => bail!(
                "newsidx index --opensearch needs the folder to index: \
                 newsidx index DIR --opensearch {}",
                args.opensearch.as_deref().unwrap_or("URL/INDEX")
            ),
            None => recorded_corpus(&args.index)?,
        };
        let stderr_tty = std::io::stderr().is_terminal();
        let mut config = IndexConfig::with_defaults(dir, args.index.clone(), args.memory)?;
        // The command line has checked the range (1 to MAX_THREADS).
        config.parse_threads = args.threads.unwrap_or(config.parse_threads);
        config.progress = stderr_tty && !args.quiet;
        config.verbose = !args.quiet;
        config.parse_options = parse_options(args.timezone.as_deref())?;
        config.timezone_name = args.timezone.clone();
        config.full = args.full;
        config.strict = args.strict;
        config.commit_every = std::time::Duration::from_secs(args.commit_every);
        config.opensearch = opensearch_settings(args)?;
        Ok(config)
    }

    /// The settings `newsidx index DIR --index INDEX --quiet` gets, for
    /// callers that are not the command line (benchmarks, other faces).
    pub fn for_folder(dir: &Path, index: &Path) -> anyhow::Result<Self> {
        IndexConfig::with_defaults(dir.to_path_buf(), index.to_path_buf(), DEFAULT_MEMORY_MIB)
    }

    fn with_defaults(dir: PathBuf, index: PathBuf, memory_mib: usize) -> anyhow::Result<Self> {
        // The command line has checked the range (MIN_MEMORY_MIB to
        // MAX_MEMORY_MIB); a 32-bit machine still cannot address all of it.
        let memory_bytes = memory_mib.checked_mul(1024 * 1024).with_context(|| {
            format!("--memory {memory_mib} MiB is more than this machine can address")
        })?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let metadata = std::fs::metadata(&dir)
            .with_context(|| format!("cannot read the folder to index: {}", dir.display()))?;
        if !metadata.is_dir() {
            bail!(
                "{} is not a folder: give the folder that holds the articles",
                dir.display()
            );
        }
        Ok(IndexConfig {
            dir,
            index,
            memory_bytes,
            parse_threads: cores,
            writer_threads: writer_threads(cores, memory_mib),
            progress: false,
            verbose: false,
            parse_options: ParseOptions::default(),
            timezone_name: None,
            full: false,
            strict: false,
            commit_every: std::time::Duration::from_secs(DEFAULT_COMMIT_EVERY_SECS),
            opensearch: None,
        })
    }
}

/// How many threads share the writer's budget. tantivy gives each an equal
/// slice, which must be from 15 MB to just under 4 GiB: one per core up to
/// [`MAX_WRITERS`] while slices stay 16 MiB or more, and as many as a large
/// budget needs to keep slices under the top.
fn writer_threads(cores: usize, memory_mib: usize) -> usize {
    cores
        .clamp(1, MAX_WRITERS)
        .min(memory_mib / 16)
        .max(memory_mib.div_ceil(MAX_MIB_PER_WRITER))
        .max(1)
}

/// The cluster settings of `newsidx index --opensearch`, checked.
fn opensearch_settings(
    args: &IndexArgs,
) -> anyhow::Result<Option<crate::opensearch::ingest::IngestSettings>> {
    use crate::opensearch::{ingest, Access, Target};
    let Some(given) = &args.opensearch else {
        return Ok(None);
    };
    Ok(Some(ingest::IngestSettings {
        target: Target::parse(given)?,
        nodes: args.opensearch_nodes.clone(),
        shards: args.opensearch_shards,
        replicas: args.opensearch_replicas,
        batch_bytes: ingest::DEFAULT_BATCH_BYTES,
        access: Access::from_env(args.opensearch_ca.as_deref())?,
    }))
}

/// The folder an existing index was built from, for `newsidx index`
/// without a folder.
fn recorded_corpus(index: &Path) -> anyhow::Result<PathBuf> {
    let settings = if index.is_dir() {
        IndexSettings::load(index)?
    } else {
        None
    };
    match settings {
        Some(settings) => Ok(settings.corpus_root),
        // `newsidx index --index corpus` most likely meant to index corpus.
        None => Err(match store::no_index_at(index) {
            err @ (IndexError::NotAFolder { .. } | IndexError::HoldsArticles { .. }) => err,
            _ => IndexError::NoFolder {
                path: index.to_path_buf(),
            },
        }
        .into()),
    }
}

/// Reading options from `--timezone`.
pub fn parse_options(timezone: Option<&str>) -> anyhow::Result<ParseOptions> {
    let timezone = timezone
        .map(|name| {
            name.parse::<chrono_tz::Tz>().map_err(|_| {
                anyhow::anyhow!(
                    "unknown time zone {name:?}: give an IANA name such as Europe/Oslo or America/New_York"
                )
            })
        })
        .transpose()?;
    Ok(ParseOptions { timezone })
}

/// How hits are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Text for people, coloured or not.
    Human {
        /// Emit ANSI colour.
        color: bool,
    },
    /// JSON Lines for scripts.
    Json,
    /// CSV rows under a header (`newsidx query` only).
    Csv,
}

/// Settings for `newsidx query`.
#[derive(Debug, Clone)]
pub struct QueryConfig {
    /// The search to run.
    pub request: SearchRequest,
    /// The index folder.
    pub index: PathBuf,
    /// Output format.
    pub format: OutputFormat,
    /// Whether stdout is a terminal (line-buffer it then).
    pub stdout_tty: bool,
    /// Where the user stands: hits show file paths relative to it.
    pub cwd: Option<PathBuf>,
    /// `--limit all`: every match, streamed, instead of a page of
    /// `request.limit`.
    pub every_match: bool,
    /// `--fields`: what each CSV row and JSON hit line holds; `None` for
    /// all of it.
    pub fields: Option<Chosen>,
}

impl QueryConfig {
    /// Checks the date bounds and resolves colour and buffering against the
    /// real environment.
    pub fn from_args(args: &QueryArgs) -> anyhow::Result<Self> {
        let stdout_tty = std::io::stdout().is_terminal();
        let format = match (args.format, args.json) {
            (Some(Format::Csv), _) => OutputFormat::Csv,
            (Some(Format::Json), _) | (None, true) => OutputFormat::Json,
            (Some(Format::Human), _) | (None, false) => {
                output_format(false, args.color, stdout_tty)
            }
        };
        check_table_options(args, format)?;
        let (limit, every_match) = match args.limit {
            HitLimit::Count(n) => (n, false),
            HitLimit::All => (0, true),
        };
        let request = SearchRequest {
            query: args.query_text(),
            limit,
            offset: args.offset,
            sort: match args.sort {
                cli::SortOrder::Relevance => SortOrder::Relevance,
                cli::SortOrder::Date => SortOrder::Date,
            },
            dates: DateRange::from_bounds(args.from.as_deref(), args.to.as_deref())?,
            exact_count: args.exact_count,
            all_words: args.all_words,
            facets: args.facets.clone(),
            collapse: args.collapse,
            speakers: None,
        };
        Ok(QueryConfig {
            request,
            index: args.index.clone(),
            format,
            stdout_tty,
            cwd: std::env::current_dir().ok(),
            every_match,
            fields: args.fields.clone(),
        })
    }
}

/// Refuses `--fields` and `--limit` where they would say nothing: fields
/// for the human output, which shows every field in its own layout, and a
/// CSV of no rows, which has no summary line to carry the count.
fn check_table_options(args: &QueryArgs, format: OutputFormat) -> Result<(), UsageError> {
    // Groups are made from every match before the first is shown, which a
    // stream of every match is built to avoid.
    if args.collapse && args.limit == HitLimit::All {
        return Err(UsageError {
            message: "--collapse with --limit all is not supported yet: groups are made from every match before the first is written".into(),
            hint: Some("page through the groups with --limit N --offset M, or export every match without --collapse".into()),
        });
    }
    if args.fields.is_some() && matches!(format, OutputFormat::Human { .. }) {
        return Err(UsageError {
            message: "--fields chooses the fields of --format csv and --format json; the human output shows them all".into(),
            hint: Some("add --format csv (or --json)".into()),
        });
    }
    if format == OutputFormat::Csv && args.limit == HitLimit::Count(0) {
        return Err(UsageError {
            message: "--limit 0 with --format csv writes a header and no rows".into(),
            hint: Some(
                "--limit all writes every match; --json --limit 0 gives the count alone".into(),
            ),
        });
    }
    Ok(())
}

/// Settings for `newsidx show`.
#[derive(Debug, Clone)]
pub struct ShowConfig {
    /// The article's identity or its file, as typed.
    pub path: String,
    /// The index folder.
    pub index: PathBuf,
    /// Output format.
    pub format: OutputFormat,
    /// Where the user stands, to read a relative file path and show one.
    pub cwd: Option<PathBuf>,
}

impl ShowConfig {
    /// Resolves colour against the real environment.
    pub fn from_args(args: &ShowArgs) -> ShowConfig {
        let stdout_tty = std::io::stdout().is_terminal();
        ShowConfig {
            path: args.path.clone(),
            index: args.index.clone(),
            format: output_format(args.json, args.color, stdout_tty),
            cwd: std::env::current_dir().ok(),
        }
    }
}

fn output_format(json: bool, color: ColorWhen, stdout_tty: bool) -> OutputFormat {
    if json {
        OutputFormat::Json
    } else {
        let env = |name: &str| std::env::var_os(name);
        OutputFormat::Human {
            color: color_enabled(color, stdout_tty, env("NO_COLOR"), env("TERM")),
        }
    }
}

/// Decides colour as ripgrep and fd do: `auto` needs a terminal, an empty or
/// unset `NO_COLOR`, and a `TERM` other than `dumb`.
fn color_enabled(
    when: ColorWhen,
    stdout_tty: bool,
    no_color: Option<std::ffi::OsString>,
    term: Option<std::ffi::OsString>,
) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            let no_color_set = no_color.is_some_and(|v| !v.is_empty());
            let dumb = term.is_some_and(|t| t == "dumb");
            stdout_tty && !no_color_set && !dumb
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<std::ffi::OsString> {
        Some(s.into())
    }

    #[test]
    fn every_writer_slice_is_one_tantivy_takes() {
        for cores in [1, 2, 3, 4, 8, 64] {
            for memory in [
                MIN_MEMORY_MIB,
                33,
                64,
                256,
                4095,
                4096,
                9000,
                MAX_MEMORY_MIB,
            ] {
                let threads = writer_threads(cores, memory);
                let slice = memory / threads;
                assert!(
                    (16..=MAX_MIB_PER_WRITER).contains(&slice),
                    "{cores} cores, {memory} MiB: {threads} threads of {slice} MiB"
                );
                assert!(threads <= MAX_WRITERS);
            }
        }
    }

    #[test]
    fn small_budgets_keep_one_writer_per_core() {
        assert_eq!(writer_threads(2, 256), 2);
        assert_eq!(writer_threads(8, 256), 4);
        assert_eq!(writer_threads(8, 32), 2);
        assert_eq!(writer_threads(1, 9000), 3);
    }

    #[test]
    fn auto_colours_a_terminal() {
        assert!(color_enabled(ColorWhen::Auto, true, None, os("xterm")));
    }

    #[test]
    fn auto_does_not_colour_a_pipe() {
        assert!(!color_enabled(ColorWhen::Auto, false, None, os("xterm")));
    }

    #[test]
    fn no_color_turns_auto_off() {
        assert!(!color_enabled(ColorWhen::Auto, true, os("1"), os("xterm")));
    }

    #[test]
    fn empty_no_color_is_ignored() {
        assert!(color_enabled(ColorWhen::Auto, true, os(""), os("xterm")));
    }

    #[test]
    fn dumb_terminal_gets_no_colour() {
        assert!(!color_enabled(ColorWhen::Auto, true, None, os("dumb")));
    }

    #[test]
    fn always_beats_no_color() {
        assert!(color_enabled(ColorWhen::Always, false, os("1"), os("dumb")));
    }
}
