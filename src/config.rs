//! Turns parsed arguments into checked settings, once.
//!
//! Everything that depends on the environment (is stdout a terminal, is
//! `NO_COLOR` set, how many cores) is decided here, so that the indexer,
//! the searcher and the printers take plain values and stay testable.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::article::ParseOptions;
use crate::cli::{self, ColorWhen, IndexArgs, QueryArgs, ShowArgs};
use crate::error::IndexError;
use crate::search::{DateRange, SearchRequest, SortOrder};
use crate::state::IndexSettings;
use crate::store;

/// The smallest writer budget tantivy accepts per indexing thread is 15 MB,
/// and the writer threads share `--memory`.
const MIN_MEMORY_MIB: usize = 32;

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
}

impl IndexConfig {
    /// Checks `args` and fills in defaults that depend on the machine.
    pub fn from_args(args: &IndexArgs) -> anyhow::Result<Self> {
        let dir = match &args.dir {
            Some(dir) => dir.clone(),
            None => recorded_corpus(&args.index)?,
        };
        let stderr_tty = std::io::stderr().is_terminal();
        let mut config = IndexConfig::with_defaults(dir, args.index.clone(), args.memory)?;
        config.parse_threads = match args.threads {
            Some(0) => bail!("--threads must be at least 1"),
            Some(n) => n,
            None => config.parse_threads,
        };
        config.progress = stderr_tty && !args.quiet;
        config.verbose = !args.quiet;
        config.parse_options = parse_options(args.timezone.as_deref())?;
        config.timezone_name = args.timezone.clone();
        config.full = args.full;
        config.strict = args.strict;
        config.commit_every = std::time::Duration::from_secs(args.commit_every);
        Ok(config)
    }

    /// The settings `newsidx index DIR --index INDEX --quiet` gets, for
    /// callers that are not the command line (benchmarks, other faces).
    pub fn for_folder(dir: &Path, index: &Path) -> anyhow::Result<Self> {
        IndexConfig::with_defaults(dir.to_path_buf(), index.to_path_buf(), DEFAULT_MEMORY_MIB)
    }

    fn with_defaults(dir: PathBuf, index: PathBuf, memory_mib: usize) -> anyhow::Result<Self> {
        if memory_mib < MIN_MEMORY_MIB {
            bail!("--memory {memory_mib} is too small: the index writer needs at least {MIN_MEMORY_MIB} MiB");
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        // tantivy gives each writer thread an equal slice of the budget and
        // requires at least 15 MB per slice; more than 4 threads only makes
        // more, smaller segments to merge.
        let writer_threads = cores.clamp(1, 4).min(memory_mib / 16).max(1);
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
            memory_bytes: memory_mib * 1024 * 1024,
            parse_threads: cores,
            writer_threads,
            progress: false,
            verbose: false,
            parse_options: ParseOptions::default(),
            timezone_name: None,
            full: false,
            strict: false,
            commit_every: std::time::Duration::from_secs(DEFAULT_COMMIT_EVERY_SECS),
        })
    }
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
}

impl QueryConfig {
    /// Checks the date bounds and resolves colour and buffering against the
    /// real environment.
    pub fn from_args(args: &QueryArgs) -> anyhow::Result<Self> {
        let stdout_tty = std::io::stdout().is_terminal();
        let request = SearchRequest {
            query: args.query.clone(),
            limit: args.limit,
            offset: args.offset,
            sort: match args.sort {
                cli::SortOrder::Relevance => SortOrder::Relevance,
                cli::SortOrder::Date => SortOrder::Date,
            },
            dates: DateRange::from_bounds(args.from.as_deref(), args.to.as_deref())?,
            exact_count: args.exact_count,
            all_words: args.all_words,
        };
        Ok(QueryConfig {
            request,
            index: args.index.clone(),
            format: output_format(args.json, args.color, stdout_tty),
            stdout_tty,
            cwd: std::env::current_dir().ok(),
        })
    }
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
