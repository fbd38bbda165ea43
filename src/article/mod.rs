//! Articles: the fields newsidx extracts from one file, and the parsers that
//! extract them.
//!
//! This module owns bytes → [`Article`]: choosing a format by extension,
//! decoding text, and delegating layout to the format parsers, the key
//! vocabulary and rules they share to `fields`, dates to [`date`] and
//! attribution to [`speakers`]. Parsers return `Parts` (a multi-article
//! file, numbered parts); [`parse_file`] alone makes them articles. It
//! knows nothing of tantivy or of walking folders; the indexer hands it a
//! path and bytes.
//!
//! Decoding is decided here, once, for every format: UTF-8 (a BOM is
//! dropped), UTF-16 with a BOM, and otherwise the legacy encoding chardetng
//! guesses from the bytes (in practice mostly Windows-1252, the superset of
//! Latin-1 that old Western news files are written in). A NUL byte in text that is
//! not UTF-16 marks a binary file, which is refused rather than indexed as
//! garbage.

mod compressed;
pub mod date;
mod detect;
mod fields;
pub mod fingerprint;
mod html;
mod json;
mod markdown;
mod provenance;
pub mod quotes;
pub mod speakers;
mod text;

use std::borrow::Cow;
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use self::date::ParsedDate;
pub use self::provenance::language_tag;
pub(crate) use self::provenance::Source;
pub use crate::error::ParseError;

/// What newsidx knows of an article besides its text: the record every
/// face shows (a hit embeds it, `newsidx show` prints it, exports write it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleMeta {
    /// Path relative to the corpus root, with `/` separators: the article's
    /// identity (`path#N` for line N of a JSON Lines file).
    pub path: String,
    /// The headline.
    pub title: String,
    /// The standfirst under the headline, when the article has one.
    pub lead: Option<String>,
    /// Publication time in UTC; `None` when no line parses as a date.
    pub date: Option<DateTime<Utc>>,
    /// Whether the article gave a time of day (else `date` is midnight).
    /// Not part of the JSON, whose keys are fixed.
    #[serde(skip)]
    pub date_has_time: bool,
    /// People quoted or reported speaking, under their fullest names.
    pub speakers: Vec<String>,
    /// The outlet that published the article (`og:site_name`, a
    /// `publisher` or `source` key); absent from the JSON when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Who wrote it, from bylines and author fields; never among the
    /// speakers. Absent from the JSON when none is known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The article's canonical address (`link rel=canonical`, `og:url`, a
    /// `url` key), absolute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its language: a lower-case BCP 47 primary tag, with the region when
    /// the file gave one (`en`, `en-gb`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// One news article, as indexed: its record and its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Title, lead, date, speakers and identity.
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// The text, one paragraph (or subheading) per line.
    pub body: String,
    /// Who said what: each attributed quote and sentence of reported
    /// speech (`quotes`), the index's quote records. Absent from the JSON
    /// when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<quotes::Quote>,
    /// What was found but could not be used (an unreadable date): the
    /// article is indexed all the same, and the indexer names each note.
    #[serde(skip)]
    pub notes: Vec<ParseNote>,
}

/// Something a parser found in an article and could not use. The article
/// is still indexed; the note says what is missing from it and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseNote {
    /// A date was given (a JSON date key, front matter, a date `<meta>`
    /// tag or JSON-LD) that no known form reads, and nothing else dated the
    /// article; it is indexed without a date.
    UnreadableDate {
        /// The text as it appeared, cut to a readable length.
        text: String,
    },
}

impl std::fmt::Display for ParseNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseNote::UnreadableDate { text } => {
                write!(
                    f,
                    "date {text:?} is not a date newsidx reads; indexed without a date"
                )
            }
        }
    }
}

/// How to read articles: settings that apply to every format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The zone of dates that carry none; UTC when unset.
    pub timezone: Option<chrono_tz::Tz>,
}

impl ParseOptions {
    /// The instant a parsed date names under these options: a date with a
    /// zone is already exact; one without is read in [`Self::timezone`].
    pub fn resolve(&self, date: ParsedDate) -> DateTime<Utc> {
        match self.timezone {
            Some(tz) if !date.has_zone => tz
                .from_local_datetime(&date.utc.naive_utc())
                // In a DST gap no local time exists; the earliest mapping
                // (or, failing that, UTC) keeps the date on the right day.
                .earliest()
                .map_or(date.utc, |local| local.with_timezone(&Utc)),
            _ => date.utc,
        }
    }
}

/// A title longer than this is not a headline but a file with no line
/// breaks; it is cut (at a character boundary) rather than indexed whole.
const MAX_TITLE_BYTES: usize = 1000;
/// Leads are a sentence or two; the same cut applies.
const MAX_LEAD_BYTES: usize = 4000;
/// How much text speaker extraction reads: far more than any news story.
const MAX_SPEAKER_TEXT_BYTES: usize = 256 * 1024;
/// An unreadable date is quoted back to the user, never a whole field.
const MAX_NOTE_BYTES: usize = 80;

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The pieces a format parser finds, before speakers are extracted and the
/// body is joined. Every format ends in [`Parts::into_article`], so all
/// articles are assembled the same way.
#[derive(Debug, Default)]
pub(crate) struct Parts<'a> {
    pub title: Cow<'a, str>,
    pub lead: Option<Cow<'a, str>>,
    pub date: Option<ParsedDate>,
    /// A date the article gave that no known form reads, kept to be named.
    pub unreadable_date: Option<Cow<'a, str>>,
    pub paragraphs: Vec<Cow<'a, str>>,
    /// Outlet, authors, address and language, as the file declared them.
    pub source: Source,
}

impl Parts<'_> {
    /// Trims every piece, drops empty paragraphs, finds the speakers.
    pub fn into_article(self, path: &str, options: &ParseOptions) -> Result<Article, ParseError> {
        let title = truncate(self.title.trim(), MAX_TITLE_BYTES);
        let lead = self
            .lead
            .as_deref()
            .map(|l| truncate(l.trim(), MAX_LEAD_BYTES))
            .filter(|l| !l.is_empty());
        let paragraphs: Vec<&str> = self
            .paragraphs
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        let derived;
        let title = if title.is_empty() {
            derived = title_from_story(&paragraphs).ok_or(ParseError::NoTitle)?;
            truncate(&derived, MAX_TITLE_BYTES)
        } else {
            title
        };
        let speakers = {
            // Attribution is read from the opening of very long texts only:
            // a 50 MB "article" (a log, a book) must not cost memory in
            // proportion to its size for a list of names.
            let mut budget = MAX_SPEAKER_TEXT_BYTES;
            let mut spoken: Vec<&str> = Vec::with_capacity(paragraphs.len() + 1);
            for p in lead.iter().chain(&paragraphs) {
                if budget == 0 {
                    break;
                }
                let p = truncate(p, budget);
                budget -= p.len();
                spoken.push(p);
            }
            let (speakers, attributions) = speakers::extract_attributions(&spoken);
            (speakers, quotes::attributed_quotes(&spoken, &attributions))
        };
        let (speakers, mut quotes) = speakers;
        let source = self.source.into_checked();
        // A byline is often part of the text speakers are read from ("By
        // Ann Lee" over the story, "Ann Lee, Reuters" under it); whoever
        // wrote the story is not quoted in it.
        let mut speakers = speakers;
        if !source.authors.is_empty() {
            speakers.retain(|s| !provenance::is_author(s, &source.authors));
            quotes.retain(|q| !provenance::is_author(&q.speaker, &source.authors));
        }
        let notes = match (&self.date, &self.unreadable_date) {
            (None, Some(text)) => vec![ParseNote::UnreadableDate {
                text: truncate(text.trim(), MAX_NOTE_BYTES).to_string(),
            }],
            _ => Vec::new(),
        };
        Ok(Article {
            meta: ArticleMeta {
                path: path.to_string(),
                title: title.to_string(),
                lead: lead.map(str::to_string),
                date: self.date.map(|d| options.resolve(d)),
                date_has_time: self.date.is_some_and(|d| d.has_time),
                speakers,
                outlet: source.outlet,
                authors: source.authors,
                url: source.url,
                lang: source.lang,
            },
            body: paragraphs.join("\n"),
            quotes,
            notes,
        })
    }
}

/// Words a story needs before an untitled one is read: below this, a file
/// without a title is more likely a menu, a stub or a settings file than an
/// article.
const UNTITLED_STORY_WORDS: usize = 10;

/// Bytes of the story's opening that title an untitled article.
const UNTITLED_TITLE_BYTES: usize = 100;

/// A title for an article that has none (an HTML fragment, a scraped
/// record with only its text): the story's first sentence when it is
/// short, else its opening cut at a word and marked with an ellipsis.
/// Refusing it would keep a story out of the index for want of a heading.
fn title_from_story(paragraphs: &[&str]) -> Option<String> {
    let words: usize = paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    if words < UNTITLED_STORY_WORDS {
        return None;
    }
    let first = paragraphs
        .first()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let sentence_end = first
        .match_indices(['.', '!', '?'])
        .map(|(at, mark)| at + mark.len())
        .find(|&end| first[end..].is_empty() || first[end..].starts_with(' '));
    if let Some(end) = sentence_end.filter(|&end| end <= UNTITLED_TITLE_BYTES) {
        return Some(first[..end].to_string());
    }
    if first.len() <= UNTITLED_TITLE_BYTES {
        return Some(first);
    }
    let mut cut = UNTITLED_TITLE_BYTES;
    while !first.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = first[..cut].rfind(' ').unwrap_or(cut);
    Some(format!(
        "{}…",
        first[..cut].trim_end_matches([',', ';', ':'])
    ))
}

/// One record of a multi-article file with its number: the 1-based line of
/// a JSON Lines file, or the 1-based element of a JSON array.
pub(crate) type Numbered<'a> = (usize, Result<Parts<'a>, ParseError>);

/// The article formats newsidx reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The reference plain-text layout (title, lead, date, paragraphs).
    Text,
    /// One JSON article, an array of them, or a response wrapping a list.
    Json,
    /// JSON Lines: one article object per line.
    JsonLines,
    /// Markdown, with optional YAML or TOML front matter.
    Markdown,
    /// A saved web page (`.html`, `.htm`): the story inside the site's chrome.
    Html,
}

impl Format {
    /// The format a file's extension announces, if newsidx reads it; for a
    /// gzip-compressed file, the extension under `.gz`.
    pub fn from_path(path: &Path) -> Option<Format> {
        detect::from_extension(Format::content_name(path))
    }

    /// Whether the walker should read this file: a known extension, or
    /// none at all (its content may still show a format), compressed with
    /// gzip or not.
    pub fn worth_reading(path: &Path) -> bool {
        Format::content_name(path).extension().is_none() || Format::from_path(path).is_some()
    }

    /// The name that says what the content is: the file's own, or the
    /// name under `.gz`.
    fn content_name(path: &Path) -> &Path {
        if compressed::is_gzip(path) {
            compressed::inner_name(path)
        } else {
            path
        }
    }
}

/// The extension of a file newsidx does not read, as a skip message shows
/// it: both parts of a compressed one (`tar.gz`, `docx.gz`).
pub fn shown_extension(path: &Path) -> Option<String> {
    compressed::shown_extension(path)
}

/// What to add to a skip message about a file with extension `ext`: for
/// an archive of many files, what to do with it.
pub fn archive_note(ext: &str) -> &'static str {
    if compressed::is_archive_extension(ext) {
        " (an archive of files: unpack it into the folder to index what it holds)"
    } else {
        ""
    }
}

/// One article of a file, or why that part of the file was not usable.
pub type Record = Result<Article, ParseError>;

/// Parses the file at `rel_path` (relative to the corpus root; used as the
/// article's identity and to pick the format) from its raw bytes.
///
/// Most files hold one article; a JSON Lines file holds one per line, and a
/// bad line fails alone. An `Err` means the whole file is unusable.
pub fn parse_file(
    rel_path: &str,
    bytes: &[u8],
    options: &ParseOptions,
) -> Result<Vec<Record>, ParseError> {
    let path = Path::new(rel_path);
    let declared = Format::from_path(path);
    let unsupported = || ParseError::UnsupportedType {
        ext: shown_extension(path),
    };
    if declared.is_none() && Format::content_name(path).extension().is_some() {
        return Err(unsupported());
    }
    let inflated;
    let bytes = if compressed::is_gzip(path) {
        inflated = compressed::gunzip(bytes, compressed::MAX_INFLATED_BYTES)?;
        &inflated[..]
    } else {
        bytes
    };
    let text = decode(bytes)?;
    let format = detect::refine(declared, &text).ok_or_else(unsupported)?;
    match format {
        Format::Text => Ok(vec![text::parse(&text)?.into_article(rel_path, options)]),
        Format::Json => match json::parse_json(&text)? {
            json::Document::One(parts) => Ok(vec![parts.into_article(rel_path, options)]),
            json::Document::Many(records) => Ok(numbered_articles(
                rel_path,
                records,
                options,
                json::at_element,
            )),
        },
        Format::JsonLines => Ok(numbered_articles(
            rel_path,
            json::parse_lines(&text),
            options,
            json::at_line,
        )),
        Format::Markdown => Ok(vec![markdown::parse(&text)?.into_article(rel_path, options)]),
        Format::Html => Ok(vec![html::parse(&text)?.into_article(rel_path, options)]),
    }
}

/// Makes the records of a multi-article file into articles, each
/// identified as `path#N`; a record that fails as an article (no title
/// and no story) is named by its number, as `numbered` writes it.
fn numbered_articles(
    rel_path: &str,
    records: Vec<Numbered<'_>>,
    options: &ParseOptions,
    numbered: fn(usize, ParseError) -> ParseError,
) -> Vec<Record> {
    records
        .into_iter()
        .map(|(n, parts)| {
            parts.and_then(|p| {
                p.into_article(&record_identity(rel_path, n), options)
                    .map_err(|error| numbered(n, error))
            })
        })
        .collect()
}

/// The identity of record `n` of the multi-article file `rel_path`.
fn record_identity(rel_path: &str, n: usize) -> String {
    format!("{rel_path}#{n}")
}

/// Splits an identity into its file and, for a record of a multi-article
/// file, the record number (`wire.jsonl#12` gives `wire.jsonl` and `12`).
/// A single-article file whose own name ends in `#N` looks the same; only
/// the disk can tell the two apart.
pub fn split_record(identity: &str) -> (&str, Option<&str>) {
    match identity.rsplit_once('#') {
        Some((file, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (file, Some(n))
        }
        _ => (identity, None),
    }
}

/// Parses a file that must hold exactly one article.
pub fn parse_article(rel_path: &str, bytes: &[u8]) -> Result<Article, ParseError> {
    let mut records = parse_file(rel_path, bytes, &ParseOptions::default())?;
    match records.len() {
        1 => records.remove(0),
        n => Err(ParseError::NotOneArticle { count: n }),
    }
}

/// Decodes article bytes to text (see the module docs for the rules).
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ParseError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return not_blank(text);
    }
    // UTF-16 without a BOM is rare in news archives; a NUL anywhere else
    // means the file is not text at all.
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ParseError::Binary { offset });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => legacy_encoding(bytes).decode_without_bom_handling(bytes).0,
    };
    not_blank(text)
}

/// Guesses the single- or multi-byte legacy encoding of text that is not
/// UTF-8. chardetng is what Firefox uses for unlabelled pages; for the
/// Western European text most archives hold it answers Windows-1252.
fn legacy_encoding(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

fn not_blank(text: Cow<'_, str>) -> Result<Cow<'_, str>, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_without_breaks_gives_a_bounded_title() {
        let text = "é".repeat(600_000);
        let article = parse_article("long.txt", text.as_bytes()).unwrap();
        assert!(article.meta.title.len() <= MAX_TITLE_BYTES);
        assert!(article.meta.title.chars().all(|c| c == 'é'));
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let text = decode(b"\xEF\xBB\xBFTitle\n").unwrap();
        assert_eq!(text, "Title\n");
    }

    #[test]
    fn utf16_le_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "José said".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "José said");
    }

    #[test]
    fn utf16_be_with_bom_is_decoded() {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in "Zoë Brønstad".encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Zoë Brønstad");
    }

    #[test]
    fn latin1_falls_back_to_windows_1252() {
        assert_eq!(
            decode(b"Jos\xE9 \x93quoted\x94").unwrap(),
            "José \u{201C}quoted\u{201D}"
        );
    }

    #[test]
    fn central_european_legacy_text_is_detected() {
        let (bytes, _, _) = encoding_rs::ISO_8859_2.encode(
            "Łukasz Wróbel powiedział, że rząd przedstawi plan w środę. Żadnych zmian nie będzie.",
        );
        let text = decode(&bytes).unwrap();
        assert!(text.starts_with("Łukasz Wróbel"), "{text}");
    }

    #[test]
    fn nul_byte_marks_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(ParseError::Binary { offset: 8 })
        );
    }

    #[test]
    fn blank_file_is_empty() {
        assert_eq!(decode(b" \n\t\n"), Err(ParseError::Empty));
    }

    #[test]
    fn unknown_extension_is_unsupported() {
        assert_eq!(
            parse_article("photo.jpg", b"x"),
            Err(ParseError::UnsupportedType {
                ext: Some("jpg".into())
            })
        );
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_in_any_format_give_records_or_an_error(
            ext in proptest::sample::select(vec!["txt", "md", "json", "jsonl", "html", "", "bin"]),
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..1024),
        ) {
            let name = if ext.is_empty() { "noext".to_string() } else { format!("a.{ext}") };
            let _ = parse_file(&name, &bytes, &ParseOptions::default());
        }

        #[test]
        fn any_text_in_any_format_gives_records_or_an_error(
            ext in proptest::sample::select(vec!["txt", "md", "json", "jsonl", "html", ""]),
            text in "(\\PC|[{}\\[\\]\":,<>/#*-]|\n){0,600}",
        ) {
            let name = if ext.is_empty() { "noext".to_string() } else { format!("a.{ext}") };
            let _ = parse_file(&name, text.as_bytes(), &ParseOptions::default());
        }

        #[test]
        fn any_bytes_give_an_article_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = parse_article("any.txt", &bytes);
        }

        #[test]
        fn any_text_with_a_date_line_keeps_its_title(title in "[A-Za-z][A-Za-z ]{0,40}[a-z]", body in "[ -~\n]{0,400}") {
            let text = format!("{title}\nA lead.\n4 December 2024 16:16\n{body}");
            let article = parse_article("t.txt", text.as_bytes()).unwrap();
            proptest::prop_assert_eq!(article.meta.title, title.trim());
            proptest::prop_assert_eq!(article.meta.date.map(|d| d.to_rfc3339()), Some("2024-12-04T16:16:00+00:00".to_string()));
        }
    }

    #[test]
    fn extension_match_ignores_case() {
        assert_eq!(Format::from_path(Path::new("a/B.TXT")), Some(Format::Text));
    }
}
