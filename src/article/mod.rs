//! Articles: the fields newsidx extracts from one file, and the parsers that
//! extract them.
//!
//! This module owns bytes → [`Article`]: choosing a format by extension,
//! decoding text, and delegating layout to the format parsers, dates to
//! [`date`] and attribution to [`speakers`]. It knows nothing of tantivy or of
//! walking folders; the indexer hands it a path and bytes.
//!
//! Decoding is decided here, once, for every format: UTF-8 (a BOM is
//! dropped), UTF-16 with a BOM, and otherwise Windows-1252, the superset of
//! Latin-1 that legacy news files are written in. A NUL byte in text that is
//! not UTF-16 marks a binary file, which is refused rather than indexed as
//! garbage.

pub mod date;
mod html;
pub mod speakers;
mod text;

use std::borrow::Cow;
use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use self::date::ParsedDate;
pub use crate::error::ParseError;

/// One news article, as indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Path relative to the corpus root, with `/` separators: the article's
    /// identity (`path#N` for line N of a JSON Lines file).
    pub path: String,
    /// The headline.
    pub title: String,
    /// The standfirst under the headline, when the article has one.
    pub lead: Option<String>,
    /// Publication time in UTC; `None` when no line parses as a date.
    pub date: Option<DateTime<Utc>>,
    /// People quoted or reported speaking, under their fullest names.
    pub speakers: Vec<String>,
    /// The text, one paragraph (or subheading) per line.
    pub body: String,
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

/// The pieces a format parser finds, before speakers are extracted and the
/// body is joined. Every format ends in [`Parts::into_article`], so all
/// articles are assembled the same way.
#[derive(Debug, Default)]
pub(crate) struct Parts<'a> {
    pub title: Cow<'a, str>,
    pub lead: Option<Cow<'a, str>>,
    pub date: Option<ParsedDate>,
    pub paragraphs: Vec<Cow<'a, str>>,
}

impl Parts<'_> {
    /// Trims every piece, drops empty paragraphs, finds the speakers.
    pub fn into_article(self, path: &str, options: &ParseOptions) -> Result<Article, ParseError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(ParseError::NoTitle);
        }
        let lead = self
            .lead
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let paragraphs: Vec<&str> = self
            .paragraphs
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        let speakers = {
            let mut spoken: Vec<&str> = Vec::with_capacity(paragraphs.len() + 1);
            spoken.extend(lead);
            spoken.extend(&paragraphs);
            speakers::extract_speakers(&spoken)
        };
        Ok(Article {
            path: path.to_string(),
            title: title.to_string(),
            lead: lead.map(str::to_string),
            date: self.date.map(|d| options.resolve(d)),
            speakers,
            body: paragraphs.join("\n"),
        })
    }
}

/// The article formats newsidx reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The reference plain-text layout (title, lead, date, paragraphs).
    Text,
    /// A saved web page (`.html`, `.htm`): the story inside the site's chrome.
    Html,
}

impl Format {
    /// The format a file's extension announces, if newsidx reads it.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("txt") {
            Some(Format::Text)
        } else if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            Some(Format::Html)
        } else {
            None
        }
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
    let format =
        Format::from_path(Path::new(rel_path)).ok_or_else(|| ParseError::UnsupportedType {
            ext: Path::new(rel_path)
                .extension()
                .map(|e| e.to_string_lossy().into_owned()),
        })?;
    let text = decode(bytes)?;
    match format {
        Format::Text => Ok(vec![text::parse(&text)?.into_article(rel_path, options)]),
        Format::Html => Ok(vec![html::parse(&text)?.into_article(rel_path, options)]),
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
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    not_blank(text)
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
    fn latin1_falls_back_to_windows_1252() {
        assert_eq!(
            decode(b"Jos\xE9 \x93quoted\x94").unwrap(),
            "José \u{201C}quoted\u{201D}"
        );
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
        fn any_bytes_give_an_article_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = parse_article("any.txt", &bytes);
        }

        #[test]
        fn any_text_with_a_date_line_keeps_its_title(title in "[A-Za-z][A-Za-z ]{0,40}[a-z]", body in "[ -~\n]{0,400}") {
            let text = format!("{title}\nA lead.\n4 December 2024 16:16\n{body}");
            let article = parse_article("t.txt", text.as_bytes()).unwrap();
            proptest::prop_assert_eq!(article.title, title.trim());
            proptest::prop_assert_eq!(article.date.map(|d| d.to_rfc3339()), Some("2024-12-04T16:16:00+00:00".to_string()));
        }
    }

    #[test]
    fn extension_match_ignores_case() {
        assert_eq!(Format::from_path(Path::new("a/B.TXT")), Some(Format::Text));
    }
}
