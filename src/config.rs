//! Turns parsed arguments into checked settings, once.
//!
//! Everything that depends on the environment (is stdout a terminal, is
//! `NO_COLOR` set, how many cores) is decided here, so that the indexer,
//! the searcher and the printers take plain values and stay testable.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::article::ParseOptions;
use crate::cli::{ColorWhen, IndexArgs, QueryArgs, SortOrder};

/// The smallest writer budget tantivy accepts per indexing thread is 15 MB,
/// and the writer threads share `--memory`.
const MIN_MEMORY_MIB: usize = 32;

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
        if args.memory < MIN_MEMORY_MIB {
            bail!(
                "--memory {} is too small: the index writer needs at least {MIN_MEMORY_MIB} MiB",
                args.memory
            );
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parse_threads = match args.threads {
            Some(0) => bail!("--threads must be at least 1"),
            Some(n) => n,
            None => cores,
        };
        // tantivy gives each writer thread an equal slice of the budget and requires at least 15 MB per slice; more than 4 threads
        // only makes more, smaller segments to merge.
        let writer_threads = cores.clamp(1, 4).min(args.memory / 16).max(1);
        let metadata = std::fs::metadata(&args.dir)
            .with_context(|| format!("cannot read the folder to index: {}", args.dir.display()))?;
        if !metadata.is_dir() {
            bail!(
                "{} is not a folder: give the folder that holds the articles",
                args.dir.display()
            );
        }
        let stderr_tty = std::io::stderr().is_terminal();
        Ok(IndexConfig {
            dir: args.dir.clone(),
            index: args.index.clone(),
            memory_bytes: args.memory * 1024 * 1024,
            parse_threads,
            writer_threads,
            progress: stderr_tty && !args.quiet,
            verbose: !args.quiet,
            parse_options: parse_options(args.timezone.as_deref())?,
            timezone_name: args.timezone.clone(),
            full: args.full,
            strict: args.strict,
            commit_every: std::time::Duration::from_secs(args.commit_every),
        })
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
    /// The query text as the user typed it.
    pub query: String,
    /// The index folder.
    pub index: PathBuf,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Hit order.
    pub sort: SortOrder,
    /// Lower date bound, as typed.
    pub from: Option<String>,
    /// Upper date bound, as typed.
    pub to: Option<String>,
    /// Output format.
    pub format: OutputFormat,
    /// Whether stdout is a terminal (line-buffer it then).
    pub stdout_tty: bool,
    /// Count every match instead of estimating large counts.
    pub exact_count: bool,
}

impl QueryConfig {
    /// Resolves colour and buffering against the real environment.
    pub fn from_args(args: &QueryArgs) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        let format = if args.json {
            OutputFormat::Json
        } else {
            let env = |name: &str| std::env::var_os(name);
            OutputFormat::Human {
                color: color_enabled(args.color, stdout_tty, env("NO_COLOR"), env("TERM")),
            }
        };
        QueryConfig {
            query: args.query.clone(),
            index: args.index.clone(),
            limit: args.limit,
            offset: args.offset,
            sort: args.sort,
            from: args.from.clone(),
            to: args.to.clone(),
            format,
            stdout_tty,
            exact_count: args.exact_count,
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
