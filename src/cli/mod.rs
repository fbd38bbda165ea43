//! Command-line surface: the clap definitions, and everything that needs
//! them.
//!
//! The derive types stay dumb on purpose. Defaults that depend on the
//! environment (terminal detection, `NO_COLOR`) are resolved once in
//! [`crate::config`], so the rest of the crate never looks at raw arguments.
//!
//! Only this module (with `main.rs`, `lib.rs` and `config.rs`) may name
//! clap, so whatever is derived from the clap definitions lives here too:
//! the reading of `newsidx query`'s words ([`words`]), the checks of
//! numeric options ([`numbers`]), one-line usage errors ([`usage`]), the
//! query cheat sheet ([`syntax`]), and the shell completions and manual
//! pages ([`generate`]), which write to the writer they are handed, as the
//! printers in [`crate::output`] do.

mod cluster;
mod generate;
mod numbers;
mod syntax;
mod usage;
mod words;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::output::fields::Chosen;
use crate::search::FacetRequest;

pub use cluster::ClusterArgs;
pub use generate::{write_completions, write_man_page};
pub use usage::UsageError;

/// Fast, field-aware full-text search for folders of news articles.
#[derive(Debug, Parser)]
// An option given twice takes its last value, as in ripgrep: a shell alias
// such as `newsidx query --limit 5` can then be overridden after the words.
#[command(
    name = "newsidx",
    version,
    about,
    max_term_width = 100,
    args_override_self = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk a folder of articles and build (or update) the search index.
    Index(IndexArgs),
    /// Search the index and print ranked hits with highlighted snippets.
    // The cheat sheet after the options is added by `parse`, for help only.
    #[command(long_about = syntax::QUERY_ABOUT)]
    Query(QueryArgs),
    /// Search what people said: the quote records, ranked, with who said
    /// each, in which article and paragraph. Takes the arguments of
    /// `query` (`speaker:`, `date:`, --from/--to, --limit, --json,
    /// --format csv); its words match the quotes' words only.
    Quotes(QueryArgs),
    /// Print the fields newsidx extracts from article files, as JSON Lines.
    Parse(ParseArgs),
    /// Print one indexed article whole: its fields and its text.
    Show(ShowArgs),
    /// List the archive's speakers, most quoted first, under one name each.
    Speakers(SpeakersArgs),
    /// Print a shell completion script, to be saved where the shell looks.
    Completions(CompletionsArgs),
    /// Print a manual page (roff), for `newsidx man > newsidx.1`.
    Man(ManArgs),
    /// Serve a search page and a JSON API over the index, on this machine
    /// by default.
    Serve(ServeArgs),
}

/// Arguments of `newsidx serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the index lives; a `newsidx index` run into it is picked up
    /// after each of its commits.
    #[arg(long, default_value = "index", value_name = "PATH")]
    pub index: PathBuf,

    /// Address and port to listen on; any address but a loopback one makes
    /// the archive readable from the network.
    #[arg(long, default_value = crate::serve::DEFAULT_ADDR, value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,

    /// A host name the server may be reached by, besides the address it
    /// listens on and localhost (a reverse proxy's name). Repeat for several.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,

    /// A file holding an access token that every request must carry (an
    /// `Authorization: Bearer` header, or the cookie `/?token=` sets).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Serve a search cluster's index instead of the local one.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Reads a facet given as `FIELD[:N]` (`--facet`, and the server's
/// `facet=` parameter), with the same checks and messages.
pub fn facet_spec(value: &str) -> Result<FacetRequest, String> {
    numbers::facet(value).map_err(|e| e.to_string())
}

/// Arguments of `newsidx index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of articles to index (searched recursively); default: the
    /// folder the index was built from.
    pub dir: Option<PathBuf>,

    /// Where the index lives.
    #[arg(long, default_value = "index", value_name = "PATH")]
    pub index: PathBuf,

    /// Memory budget in MiB: new articles are buffered up to this much, and no segment merge reads more.
    #[arg(
        long,
        default_value_t = crate::config::DEFAULT_MEMORY_MIB,
        value_name = "MIB",
        value_parser = numbers::memory_mib,
        allow_negative_numbers = true,
    )]
    pub memory: usize,

    /// Parsing threads (default: all cores).
    #[arg(
        long,
        short = 'j',
        value_name = "N",
        value_parser = numbers::thread_count,
        allow_negative_numbers = true,
    )]
    pub threads: Option<usize>,

    /// Print nothing on stderr but errors and skipped files.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Zone of dates written without one (an IANA name such as Europe/Oslo); default UTC.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,

    /// Rebuild the index from scratch instead of updating what changed.
    #[arg(long)]
    pub full: bool,

    /// Exit with 2 instead of 3 when files had to be skipped.
    #[arg(long)]
    pub strict: bool,

    /// Commit at least this often, in seconds: the most work a crash can cost.
    #[arg(
        long,
        default_value_t = crate::config::DEFAULT_COMMIT_EVERY_SECS,
        value_name = "SECS",
        value_parser = numbers::seconds,
        allow_negative_numbers = true,
    )]
    pub commit_every: u64,

    /// Index into an OpenSearch cluster instead of a local folder: the
    /// index's address, http://HOST:PORT/INDEX or https://HOST:PORT/INDEX
    /// (credentials from NEWSIDX_OPENSEARCH_USER with
    /// NEWSIDX_OPENSEARCH_PASSWORD or NEWSIDX_OPENSEARCH_PASSWORD_FILE).
    /// Quote records go to
    /// INDEX-quotes, fingerprints to INDEX-files.
    #[arg(long, value_name = "URL/INDEX", help_heading = "OpenSearch")]
    pub opensearch: Option<String>,

    /// Another node of the same cluster (http://HOST:PORT), asked when
    /// the one in use does not answer. Repeat for several.
    #[arg(
        long = "opensearch-node",
        value_name = "URL",
        requires = "opensearch",
        help_heading = "OpenSearch"
    )]
    pub opensearch_nodes: Vec<String>,

    /// The CA certificate (PEM) that signs an https:// cluster's
    /// certificate; it replaces the built-in public roots. Default:
    /// NEWSIDX_OPENSEARCH_CA_FILE.
    #[arg(
        long = "opensearch-ca",
        value_name = "FILE",
        requires = "opensearch",
        help_heading = "OpenSearch"
    )]
    pub opensearch_ca: Option<std::path::PathBuf>,

    /// Primary shards of an index the run creates in the cluster.
    #[arg(
        long,
        default_value_t = 3,
        value_name = "N",
        requires = "opensearch",
        value_parser = clap::value_parser!(u32).range(1..=1024),
        help_heading = "OpenSearch"
    )]
    pub opensearch_shards: u32,

    /// Copies of each shard beyond the primary, for an index the run
    /// creates in the cluster.
    #[arg(
        long,
        default_value_t = 1,
        value_name = "N",
        requires = "opensearch",
        value_parser = clap::value_parser!(u32).range(0..=16),
        help_heading = "OpenSearch"
    )]
    pub opensearch_replicas: u32,
}

/// Arguments of `newsidx query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query: words, "phrases", AND/OR/-/+, (groups), field:term, date
    /// ranges. Several words are joined with spaces.
    // [`parse`] hands clap every word after `--`, so a word that starts
    // with `-` never reaches clap's option matching (see `words`).
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,

    /// Where the index lives.
    #[arg(long, default_value = "index", value_name = "PATH")]
    pub index: PathBuf,

    /// How many hits to print, or `all`: every match, written as it is
    /// read (in rank or date order, with bounded memory).
    #[arg(
        long,
        short = 'n',
        default_value = "10",
        value_name = "N|all",
        value_parser = numbers::hit_limit,
        allow_negative_numbers = true,
    )]
    pub limit: HitLimit,

    /// Skip this many hits first (for paging).
    #[arg(
        long,
        default_value_t = 0,
        value_name = "N",
        value_parser = numbers::hits_to_skip,
        allow_negative_numbers = true,
    )]
    pub offset: usize,

    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,

    /// Only articles dated on or after this day (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only articles dated on or before this day (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Print JSON Lines: one object per hit, then a summary (the same as
    /// `--format json`).
    #[arg(long)]
    pub json: bool,

    /// Output format: text for people, JSON Lines, or CSV (a header row,
    /// then a row per hit).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<Format>,

    /// The fields of each CSV row or JSON hit line, in order, separated by
    /// commas: rank, score, date, title, speakers, path, snippet (the
    /// default), and lead, outlet, authors, url, lang, duplicates (with
    /// --collapse). Without snippet, no snippet is made.
    #[arg(long, value_name = "FIELD,...", value_parser = field_list)]
    pub fields: Option<Chosen>,

    /// Count every match, however long it takes; by default a count that
    /// would take ten times the search stops early, as a lower bound.
    #[arg(long)]
    pub exact_count: bool,

    /// Only articles with every word; by default a page that too few fill
    /// is completed with articles that have most of the words.
    #[arg(long)]
    pub all_words: bool,

    /// Count every match by a field, FIELD[:N]: speaker, folder (the first
    /// part of the path), outlet, author, lang, year, month or day; N
    /// buckets for all but the dates (10 unless given). Repeat for several.
    /// The count of matches is then exact.
    #[arg(long = "facet", value_name = "FIELD[:N]", value_parser = numbers::facet)]
    pub facets: Vec<FacetRequest>,

    /// Show one hit per group of near-duplicate articles (wire stories
    /// run again or rewritten): the best-ranked, or with --sort date the
    /// newest, with how many others the group holds. --limit and --offset
    /// count groups; the count of hits and the facets still count
    /// articles, not groups.
    #[arg(long)]
    pub collapse: bool,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// A search cluster instead of the local index.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Arguments of `newsidx show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article: its path as hits show it (relative to the indexed
    /// folder, `file.jsonl#N` for a record), or the file itself.
    pub path: String,

    /// Where the index lives.
    #[arg(long, default_value = "index", value_name = "PATH")]
    pub index: PathBuf,

    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

/// Arguments of `newsidx speakers`.
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// Only the people quoted in articles this query matches (the query
    /// language of `newsidx query`), with how many articles, when first
    /// and last, and their latest article; without it, everyone in the
    /// archive.
    #[arg(value_name = "QUERY", conflicts_with = "registry")]
    pub query: Vec<String>,

    /// Where the index lives.
    #[arg(long, default_value = "index", value_name = "PATH")]
    pub index: PathBuf,

    /// Show who is who: every name each person goes by in the archive.
    #[arg(long)]
    pub registry: bool,

    /// With a query: only articles dated on or after this day (YYYY,
    /// YYYY-MM, YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", requires = "query")]
    pub from: Option<String>,

    /// With a query: only articles dated on or before this day.
    #[arg(long, value_name = "DATE", requires = "query")]
    pub to: Option<String>,

    /// How many people to list, the most quoted first.
    #[arg(
        long,
        short = 'n',
        default_value_t = 50,
        value_name = "N",
        value_parser = numbers::people_count,
        allow_negative_numbers = true,
    )]
    pub limit: usize,

    /// Print JSON Lines, one person a line.
    #[arg(long)]
    pub json: bool,

    /// A search cluster instead of the local index (with a query only).
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Arguments of `newsidx parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Article files to parse.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Zone of dates written without one (an IANA name such as Europe/Oslo); default UTC.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
}

/// Arguments of `newsidx completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `newsidx man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command to print the page of (`newsidx-query.1`); without one, the
    /// page of newsidx itself (`newsidx.1`).
    #[arg(value_enum, value_name = "COMMAND")]
    pub command: Option<ManPage>,
}

/// The commands that have a manual page of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ManPage {
    /// `newsidx index`.
    Index,
    /// `newsidx query`.
    Query,
    /// `newsidx quotes`.
    Quotes,
    /// `newsidx parse`.
    Parse,
    /// `newsidx show`.
    Show,
    /// `newsidx speakers`.
    Speakers,
    /// `newsidx completions`.
    Completions,
    /// `newsidx man`.
    Man,
    /// `newsidx serve`.
    Serve,
}

/// Hit ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    /// Best BM25 score first.
    Relevance,
    /// Newest first; undated articles last.
    Date,
}

/// `--limit`: a number of hits, or every match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitLimit {
    /// At most this many hits (a page).
    Count(usize),
    /// Every match (`--limit all`).
    All,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people, coloured on a terminal.
    Human,
    /// JSON Lines, as `--json` writes them.
    Json,
    /// CSV (RFC 4180) with a header row.
    Csv,
}

/// `--fields`: the names, checked against the table of fields; a name that
/// is not there is refused with the names that are.
fn field_list(value: &str) -> Result<Chosen, numbers::NumberRule> {
    Chosen::parse(value).map_err(|err| numbers::NumberRule {
        rule: err.to_string(),
        example: "--fields rank,title,path",
        too_large: false,
    })
}

/// Colour choice, as in ripgrep and fd.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when stdout is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl QueryArgs {
    /// The query as one string: the words as given, joined with single
    /// spaces, as grep-like tools read several words.
    pub fn query_text(&self) -> String {
        self.query.join(" ")
    }
}

/// Reads a command line (program name first).
///
/// `Err` is clap's own error: help and `--version` (which clap prints
/// itself; [`UsageError::from_clap`] gives `None` for them), or a usage
/// error to report in one line with [`UsageError::from_clap`].
pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // A query process pays for no more than it uses: clap builds only the
    // subcommand it enters, and the sections after the options of `--help`
    // are formatted only when help may be printed (always, they cost a
    // query 80,000 instructions, 4% of a whole search).
    let mut cmd = Cli::command();
    if asks_for_help(&args) {
        cmd = generate::with_long_help(cmd);
    }
    let args = words::gather_query_words(&cmd, args);
    // Taking the values out of the matches, rather than copying them, is
    // what clap's own `parse` does.
    let mut matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|err| err.with_cmd(&cmd))
}

/// Whether clap may print a long help: `--help` anywhere, or the `help`
/// command (`newsidx help query`).
fn asks_for_help(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .any(|arg| arg == "--help" || arg == "help")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_of(args: &[&str]) -> QueryArgs {
        let argv = std::iter::once("newsidx").chain(args.iter().copied());
        match parse(argv).unwrap().command {
            Command::Query(query) => query,
            other => panic!("not a query: {other:?}"),
        }
    }

    #[test]
    fn the_clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_a_manual_page() {
        let pages: Vec<String> = ManPage::value_variants()
            .iter()
            .filter_map(|page| page.to_possible_value())
            .map(|value| value.get_name().to_string())
            .collect();
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|sub| sub.get_name().to_string())
            .collect();
        assert_eq!(pages, commands);
    }

    #[test]
    fn words_are_joined_with_single_spaces() {
        assert_eq!(
            query_of(&["query", "cocoa", "coffee"]).query_text(),
            "cocoa coffee"
        );
        assert_eq!(
            query_of(&["query", "cocoa  coffee"]).query_text(),
            "cocoa  coffee"
        );
    }

    #[test]
    fn options_before_between_and_after_the_words_are_options() {
        let args = query_of(&[
            "query",
            "--limit",
            "5",
            "cocoa",
            "--json",
            "coffee",
            "-n",
            "3",
            "--sort=date",
        ]);
        assert_eq!(args.query_text(), "cocoa coffee");
        assert_eq!(args.limit, HitLimit::Count(3));
        assert!(args.json);
        assert_eq!(args.sort, SortOrder::Date);
    }

    #[test]
    fn a_word_that_starts_with_a_dash_is_part_of_the_query() {
        let args = query_of(&["query", "wind", "-solar", "-nuclear", "--limit", "2"]);
        assert_eq!(args.query_text(), "wind -solar -nuclear");
        assert_eq!(args.limit, HitLimit::Count(2));
        assert_eq!(
            query_of(&["query", "-draft +budget"]).query_text(),
            "-draft +budget"
        );
        assert_eq!(
            query_of(&["query", "-draft", "+budget"]).query_text(),
            "-draft +budget"
        );
    }

    #[test]
    fn everything_after_a_double_dash_is_the_query() {
        let args = query_of(&["query", "--json", "--", "-draft", "--limit", "-n"]);
        assert_eq!(args.query_text(), "-draft --limit -n");
        assert!(args.json);
        assert_eq!(args.limit, HitLimit::Count(10));
    }

    #[test]
    fn a_short_option_with_its_value_attached_is_an_option() {
        let args = query_of(&["query", "wind", "-n5"]);
        assert_eq!(
            (args.query_text().as_str(), args.limit),
            ("wind", HitLimit::Count(5))
        );
    }

    #[test]
    fn limit_all_is_every_match() {
        assert_eq!(
            query_of(&["query", "wind", "--limit", "all"]).limit,
            HitLimit::All
        );
        assert_eq!(
            query_of(&["query", "wind", "-n", "ALL"]).limit,
            HitLimit::All
        );
    }

    #[test]
    fn the_help_of_fields_names_every_field() {
        let cmd = Cli::command();
        let query = cmd.find_subcommand("query").unwrap();
        let fields = query
            .get_arguments()
            .find(|arg| arg.get_id() == "fields")
            .unwrap();
        let help = fields.get_help().unwrap().to_string();
        for field in &crate::output::fields::FIELDS {
            assert!(help.contains(field.name), "{} not in: {help}", field.name);
        }
    }

    #[test]
    fn other_commands_are_left_alone() {
        let cli = parse(["newsidx", "show", "-x.txt"]);
        assert!(cli.is_err(), "show takes no option -x");
        let cli = parse(["newsidx", "parse", "a.txt", "b.txt"]).unwrap();
        assert!(
            matches!(cli.command, Command::Parse(ParseArgs { ref files, .. }) if files.len() == 2)
        );
    }
}
