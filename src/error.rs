//! Library error types, one enum per concern.
//!
//! Each error says what went wrong and where; [`hint`] finds, anywhere in an
//! `anyhow` cause chain, the one line that tells the user what to do next.
//! Printing is left to `main`, which does it once.

use std::path::{Path, PathBuf};

/// Any error, boxed, as the cause of one of ours.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why an article file could not be turned into an [`crate::article::Article`].
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but whitespace.
    #[error("the file is empty")]
    Empty,
    /// NUL bytes mean an image, archive or other binary, not text.
    #[error("binary content (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// No title could be found.
    #[error("no title found")]
    NoTitle,
    /// A caller wanted one article from a file that holds another number.
    #[error("expected one article, found {count}")]
    NotOneArticle {
        /// How many records the file held.
        count: usize,
    },
    /// The text is not valid in its format (bad JSON, broken front matter).
    #[error("invalid {format}: {message}")]
    Invalid {
        /// The format that was expected.
        format: &'static str,
        /// What the format's parser said.
        message: String,
    },
    /// A record of a multi-article file (a JSON Lines line) failed.
    #[error("line {line}: {error}")]
    AtLine {
        /// 1-based line number.
        line: usize,
        /// What was wrong with it.
        error: Box<ParseError>,
    },
    /// A gzip-compressed file that could not be inflated, or inflates to
    /// more than newsidx holds in memory.
    #[error("cannot decompress gzip: {message}")]
    Compressed {
        /// What went wrong.
        message: String,
    },
    /// The extension is not one newsidx reads.
    #[error("unsupported file type{}", ext.as_deref().map_or_else(|| " (no extension, and the content is not JSON, HTML or Markdown with front matter)".to_string(), |e| format!(" .{e}{}", crate::article::archive_note(e))))]
    UnsupportedType {
        /// The file's extension, if any.
        ext: Option<String>,
    },
}

/// Why a query could not be run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A query with no words left to search: blank, or punctuation only.
    #[error("the query has no words to search for")]
    Empty,
    /// A date bound that is not a day, month, year or RFC 3339 time.
    #[error("invalid date {value:?} in {context}")]
    BadDate {
        /// The text that failed.
        value: String,
        /// Where it was used (`date:` in the query, `--from`, `--to`).
        context: String,
    },
    /// A double quote that no other closes.
    #[error("the quote at character {} is never closed", at + 1)]
    LoneQuote {
        /// Byte offset of the quote in the query.
        at: usize,
    },
    /// Parentheses nested deeper than the parser follows.
    #[error("the query nests parentheses more than {limit} deep")]
    TooDeep {
        /// The deepest nesting allowed.
        limit: usize,
    },
    /// A date range that is malformed or holds no time at all.
    #[error("the date range {range:?} cannot be searched: {reason}")]
    BadRange {
        /// The range as typed.
        range: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A fuzzy word asking for more edits than are searched.
    #[error("{word:?} asks for more edits than fuzzy search allows")]
    FuzzyDistance {
        /// The word with its `~N`.
        word: String,
    },
    /// `=` before something other than a plain word (`=rate*`, `=rate~`).
    #[error("{word:?}: '=' asks for one word exactly as written, so it cannot take '*' or '~'")]
    ExactPattern {
        /// The chunk as typed.
        word: String,
    },
    /// `=word` inside quotes, where words are matched by their stems.
    #[error("\"{phrase}\": '=' marks a single word; a phrase matches its words by their stems")]
    ExactInPhrase {
        /// The text between the quotes.
        phrase: String,
    },
    /// A `/regex/` that does not compile.
    #[error("/{pattern}/ is not a regular expression newsidx can search: {reason}")]
    BadRegex {
        /// The pattern between the slashes.
        pattern: String,
        /// What the regex library said.
        reason: String,
    },
    /// A field name with nothing after its colon (`title:`, `speaker: rutte`).
    #[error("{field}: has nothing to search for after the colon")]
    NoValue {
        /// The field name as typed.
        field: String,
        /// The word after the space, when one follows (`title: opec`).
        next: Option<String>,
    },
    /// A `lang:` value that is no language tag.
    #[error("{value:?} in lang: is not a language tag")]
    BadLanguage {
        /// The value as typed.
        value: String,
    },
    /// A date facet whose periods, gaps included, are too many to draw.
    #[error("the {field} facet would span more than {limit} periods, from {first} to {last}")]
    FacetTooWide {
        /// `day`, `month` or `year`.
        field: &'static str,
        /// The first period with a match.
        first: String,
        /// The last.
        last: String,
        /// The most periods drawn.
        limit: usize,
    },
    /// The index could not answer a question about its words (a damaged
    /// term dictionary).
    #[error("cannot read the index's words: {0}")]
    Internal(String),
}

/// Why an index could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index at the path.
    #[error("no index at {}", path.display())]
    Missing {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder exists, holds other files and no index.
    #[error("{} is not a newsidx index and is not empty", path.display())]
    NotAnIndex {
        /// The index folder.
        path: PathBuf,
    },
    /// A file where the index folder should be.
    #[error("{} is a file, not an index folder", path.display())]
    NotAFolder {
        /// What `--index` named.
        path: PathBuf,
    },
    /// A folder of articles where the index should be: the corpus given
    /// for the index.
    #[error("{} holds articles, not an index", path.display())]
    HoldsArticles {
        /// What `--index` named.
        path: PathBuf,
    },
    /// The index was built with different fields.
    #[error("the index at {} was built by an incompatible version of newsidx", path.display())]
    SchemaMismatch {
        /// The index folder.
        path: PathBuf,
    },
    /// The index was built from another folder that still exists.
    #[error("the index at {} was built from {}, not {}", path.display(), recorded.display(), given.display())]
    OtherCorpus {
        /// The index folder.
        path: PathBuf,
        /// The corpus root it records.
        recorded: PathBuf,
        /// The folder given now.
        given: PathBuf,
    },
    /// The index was built with other settings (extraction rules, zone).
    #[error("the index at {} was built with {what}", path.display())]
    Outdated {
        /// The index folder.
        path: PathBuf,
        /// What differs, in words.
        what: String,
    },
    /// tantivy could not open or read the files (truncated, deleted,
    /// garbage).
    #[error("cannot open the index at {}: it is damaged or unreadable", path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What the reader reported.
        #[source]
        cause: Option<BoxError>,
    },

    /// `newsidx index` without a folder, and no index that records one.
    #[error("no folder to index: the index at {} does not exist yet", path.display())]
    NoFolder {
        /// The index folder.
        path: PathBuf,
    },
    /// Another process holds the writer lock.
    #[error("the index at {} is being written by another process", path.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// The user's corrections to the speaker registry cannot be read.
    #[error("{}{}: {reason}", path.display(), if *line > 0 { format!(", line {line}") } else { String::new() })]
    BadAliases {
        /// The aliases file.
        path: PathBuf,
        /// The 1-based line at fault; 0 for the whole file.
        line: usize,
        /// What is wrong, in words.
        reason: String,
    },
}

/// Why a search could not be answered: the query, or the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query is the user's to fix.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The index is missing, incompatible or damaged.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A search cluster did not answer, or answered with an error.
    #[error(transparent)]
    Cluster(#[from] crate::opensearch::OpenSearchError),
}

impl IndexError {
    /// The index at `path` could not be read, for the reason `cause` gives.
    pub fn damaged(path: &Path, cause: impl Into<BoxError>) -> IndexError {
        IndexError::Damaged {
            path: path.to_path_buf(),
            cause: Some(cause.into()),
        }
    }
}

impl QueryError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            QueryError::Empty => {
                "give some words to search for, or '*' to match every article".to_string()
            }
            QueryError::BadDate { context, .. } => {
                let forms =
                    "write dates as YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339 (2024-12-04T16:16:00Z)";
                if context == crate::search::syntax::DATE_CONTEXT {
                    format!("{forms}, and a range as date:2016..2018 or date:[2016 TO 2018]")
                } else {
                    forms.to_string()
                }
            }
            QueryError::LoneQuote { .. } => {
                "close the phrase with another \", or remove the quote to search the words".to_string()
            }
            QueryError::TooDeep { .. } => "remove some of the parentheses".to_string(),
            QueryError::BadRange { .. } => {
                "write the earlier date first: date:[2024-12-01 TO 2024-12-31]".to_string()
            }
            QueryError::FuzzyDistance { .. } => {
                "use word~1 or word~2 (word~ picks by the word's length)".to_string()
            }
            QueryError::ExactPattern { word } => {
                let bare = word
                    .trim_start_matches('=')
                    .split(['*', '~'])
                    .next()
                    .unwrap_or_default();
                format!(
                    "write ={bare} for that form only, {bare}* for every word starting with {bare}, or {bare}~ for near spellings"
                )
            }
            QueryError::ExactInPhrase { .. } => {
                "take the = out of the quotes, or search the word on its own beside the phrase: \"interest rates\" =rates".to_string()
            }
            QueryError::BadRegex { .. } => {
                "a regular expression matches whole indexed words, lower-cased and stemmed: /volc.*/"
                    .to_string()
            }
            QueryError::NoValue { field, next } => {
                if let Some(next) = next {
                    return Some(format!(
                        "put the value right after the colon: {field}:{next}"
                    ));
                }
                let example = match field.to_lowercase().as_str() {
                    "lang" | "language" => "lang:en or lang:en-gb",
                    "outlet" => "outlet:reuters or outlet:\"new york times\"",
                    "author" | "authors" => "author:\"ann lee\" or author:lee",
                    "speaker" | "speakers" => "speaker:rutte or speaker:\"mark rutte\"",
                    "date" => "date:2024-12 or date:[2024-01-01 TO 2024-06-30]",
                    "folder" => "folder:2024 or folder:reuters",
                    "path" => "path:2024/heatwave.txt or path:2024*",
                    "lead" => "lead:budget or lead:\"interest rates\"",
                    _ => "title:budget or title:\"interest rates\"",
                };
                format!("put the value right after the colon: {example}")
            }
            QueryError::BadLanguage { .. } => {
                "write a language as a tag, with the region if you want one: lang:en, lang:en-gb, lang:pt-br".to_string()
            }
            QueryError::FacetTooWide { field, .. } => format!(
                "count by a longer period ({}), or narrow the dates with --from and --to",
                if *field == "day" { "month or year" } else { "year" }
            ),
            QueryError::Internal(_) => return None,
        })
    }
}

/// The folder the index at `index` was built from, as a hint can give it
/// to be pasted into a shell: the root its settings recorded, when that
/// still exists and needs no quoting, and `DIR` otherwise.
fn recorded_folder(index: &std::path::Path) -> String {
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || "/._-+,:@%".contains(c))
    };
    crate::state::IndexSettings::load(index)
        .ok()
        .flatten()
        .map(|settings| settings.corpus_root)
        .filter(|root| root.is_dir())
        .and_then(|root| root.to_str().filter(|s| plain(s)).map(str::to_string))
        .unwrap_or_else(|| "DIR".to_string())
}

impl IndexError {
    fn hint(&self) -> Option<String> {
        Some(match self {
            IndexError::Missing { path } => format!(
                "build one with `newsidx index DIR --index {}`, or point --index at an existing one",
                path.display()
            ),
            IndexError::NotAnIndex { .. } => {
                "give --index the folder of an index, or an empty or new folder for `newsidx index` to build one in".to_string()
            }
            IndexError::NotAFolder { .. } => {
                "give --index a folder: the one `newsidx index` wrote (index/ by default), or a new one for it to write".to_string()
            }
            IndexError::HoldsArticles { path } => format!(
                "index them with `newsidx index {} --index PATH` (PATH a new folder; index/ when left out), or give --index the folder an index is in",
                path.display()
            ),
            IndexError::SchemaMismatch { path }
            | IndexError::Outdated { path, .. }
            | IndexError::Damaged { path, .. } => format!(
                "rebuild it with `newsidx index {} --index {} --full`",
                recorded_folder(path),
                path.display()
            ),
            IndexError::OtherCorpus { path, given, .. } => format!(
                "rebuild it from {} with `--full`, or give another `--index` than {}",
                given.display(),
                path.display()
            ),
            IndexError::NoFolder { path } => format!(
                "name the folder of articles: `newsidx index DIR --index {}`",
                path.display()
            ),
            IndexError::Locked { .. } => {
                "wait for the other `newsidx index` to finish, then run again".to_string()
            }
            IndexError::BadAliases { .. } => {
                "write one rule a line: `Ronald Reagan = Reagan` for names of one person (the first is shown), `Chris Clark != Christopher Clark` for two people; # starts a comment".to_string()
            }
        })
    }
}

/// The advice to print under an error, if any part of its chain has one.
pub fn hint(err: &anyhow::Error) -> Option<String> {
    // `downcast_ref` on the error itself also finds values attached with
    // `.context(...)`, which walking the chain does not.
    if let Some(e) = err.downcast_ref::<IndexError>() {
        return e.hint();
    }
    if let Some(e) = err.downcast_ref::<QueryError>() {
        return e.hint();
    }
    if let Some(e) = err.downcast_ref::<SearchError>() {
        return search_hint(e);
    }
    if let Some(e) = err.downcast_ref::<crate::opensearch::OpenSearchError>() {
        return e.hint();
    }
    if let Some(e) = err.downcast_ref::<crate::cli::UsageError>() {
        return e.hint.clone();
    }
    err.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<QueryError>() {
            e.hint()
        } else if let Some(e) = cause.downcast_ref::<IndexError>() {
            e.hint()
        } else if let Some(e) = cause.downcast_ref::<SearchError>() {
            search_hint(e)
        } else {
            None
        }
    })
}

fn search_hint(err: &SearchError) -> Option<String> {
    match err {
        SearchError::Query(e) => e.hint(),
        SearchError::Index(e) => e.hint(),
        SearchError::Cluster(e) => e.hint(),
    }
}
