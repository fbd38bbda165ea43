//! JSON and JSON Lines articles: scraper output (news-please, newspaper,
//! trafilatura), API responses (NewsAPI) and exports with one article per
//! line.
//!
//! This module owns two questions: where the articles are in a file (one
//! object, an array of objects, an object wrapping an array under
//! `articles`, `items`, `data` or `results`, or one object per line), and
//! what each object's keys hold. Which keys name the title, lead, date and
//! body, and which of several wins, is [`super::fields`]' vocabulary;
//! decoding, numbering records as `path#N`, trimming, speaker extraction and
//! time zones are left to the dispatcher ([`super::parse_file`]), and date
//! text to [`super::date`].
//!
//! Key decisions:
//!
//! - **Keys are ranked lists** ([`super::fields`]): each field takes the
//!   best-ranked key that holds a usable value; an empty string, `null` or a
//!   date that does not parse gives way to the next key. A date key whose
//!   text no known form reads is remembered, so that a record left undated
//!   says why.
//! - **A visitor, not a syntax tree.** Objects are read by serde visitors
//!   that skip unknown keys without allocating and convert what they keep at
//!   once. A JSON Lines file (often hundreds of megabytes) is parsed one
//!   line at a time, so memory follows the articles kept, not a
//!   `serde_json::Value` tree of the whole file.
//! - **Records are numbered**: N is the line for JSON Lines and the 1-based
//!   element for an array, and the dispatcher makes it the record's identity
//!   (`path#N`). A bad record fails alone; only broken JSON syntax in a
//!   `.json` file fails the whole file, because nothing after the break can
//!   be trusted.
//! - **Authors are not speakers.** `author`, `authors` and `byline` are read
//!   as the article's authors (a string, an object with a `name`, or a list
//!   of either), and the assembly keeps their names out of the speakers:
//!   the writer of a story is not quoted in it. Outlet, author, address
//!   and language values are small, so they are read as `serde_json`
//!   values and checked at once ([`super::provenance`]).

use std::borrow::Cow;
use std::fmt;

use chrono::DateTime;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::date::ParsedDate;
use serde_json::Value;

use super::fields::{self, DateField, Field, Rank, Ranked};
use super::provenance;
use super::{Numbered, ParseError, Parts, Source};

/// Keys under which a response object wraps its list of articles (NewsAPI
/// uses `articles`).
const LIST_KEYS: &[&str] = &["articles", "items", "data", "results"];

/// Keys of an object that stands for its text (`{"text": "..."}`), as some
/// scrapers write a body.
const NESTED_TEXT_KEYS: &[&str] = &["text", "value"];

/// Above this a numeric timestamp counts milliseconds: 10^11 seconds is the
/// year 5138, while 10^11 milliseconds is March 1973.
const MILLIS_ABOVE: f64 = 1e11;

/// What a `.json` file holds.
#[derive(Debug)]
pub(super) enum Document {
    /// A single article object: its identity is the plain path.
    One(Parts<'static>),
    /// An array of articles, bare or wrapped in a response object.
    Many(Vec<Numbered<'static>>),
}

/// Parses a `.json` file: one article object, an array of them, or an
/// object wrapping an array under one of [`LIST_KEYS`].
///
/// An object with a title is an article even when it also has such a key.
/// Invalid JSON, or a top level that is neither object nor array, fails the
/// file; a bad element of an array fails alone.
pub(super) fn parse_json(text: &str) -> Result<Document, ParseError> {
    let node = from_str_seed(text, NodeSeed { top: true }).map_err(invalid)?;
    match node {
        Node::Object(mut found) => match std::mem::take(&mut found.list).into_value() {
            Some(list) if !found.title.is_found() => Ok(Document::Many(list)),
            _ => Ok(Document::One(found.into_parts())),
        },
        Node::Array(list) => Ok(Document::Many(list)),
        Node::Other(kind) => Err(ParseError::Invalid {
            format: "JSON",
            message: format!("expected an article object or an array of them, found {kind}"),
        }),
    }
}

/// Parses JSON Lines: one article object per non-blank line. A line that is
/// not JSON, not an object, or has no title becomes
/// [`ParseError::AtLine`]; the other lines are unaffected.
pub(super) fn parse_lines(text: &str) -> Vec<Numbered<'static>> {
    text.split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let number = i + 1;
            let record = from_str_seed(line, NodeSeed { top: false })
                .map_err(invalid_in_line)
                .and_then(Node::into_record)
                .map_err(|error| at_line(number, error));
            (number, record)
        })
        .collect()
}

fn invalid(err: serde_json::Error) -> ParseError {
    ParseError::Invalid {
        format: "JSON",
        message: err.to_string(),
    }
}

/// Like [`invalid`], but serde_json counts lines within the one line it was
/// given, so only the column is worth saying; [`ParseError::AtLine`] gives
/// the line.
fn invalid_in_line(err: serde_json::Error) -> ParseError {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let message = match message.strip_suffix(&position) {
        Some(what) => format!("{what} at column {}", err.column()),
        None => message,
    };
    ParseError::Invalid {
        format: "JSON",
        message,
    }
}

/// Deserializes all of `text` with `seed`: trailing non-whitespace is an
/// error, as in `serde_json::from_str`.
fn from_str_seed<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    seed: S,
) -> Result<S::Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = seed.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// What a key of an article object feeds: a field, or (at the top of a
/// `.json` file) the wrapped article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Field(Field),
    List,
}

/// A key's slot and rank, or `None` for a key we skip.
fn classify(key: &str) -> Option<(Slot, Rank)> {
    fields::classify(key)
        .map(|(field, rank)| (Slot::Field(field), rank))
        .or_else(|| Some((Slot::List, fields::rank_in(LIST_KEYS, key)?)))
}

/// What one JSON object yields. Title and lead are kept as their non-empty
/// lines, the body as its paragraphs.
#[derive(Debug, Default)]
struct Found {
    title: Ranked<Vec<String>>,
    lead: Ranked<Vec<String>>,
    date: DateField,
    body: Ranked<Vec<String>>,
    /// Outlet, author texts, address and language, each already checked
    /// so that an unusable value gives way to the next key.
    outlet: Ranked<String>,
    authors: Ranked<Vec<String>>,
    url: Ranked<String>,
    lang: Ranked<String>,
    /// The wrapped article list; only collected at the top level.
    list: Ranked<Vec<Numbered<'static>>>,
}

impl Found {
    fn into_parts(self) -> Parts<'static> {
        let (date, unreadable_date) = self.date.into_parts();
        Parts {
            title: Cow::Owned(
                self.title
                    .into_value()
                    .and_then(one_line)
                    .unwrap_or_default(),
            ),
            lead: self.lead.into_value().and_then(one_line).map(Cow::Owned),
            date,
            unreadable_date: unreadable_date.map(Cow::Owned),
            paragraphs: self
                .body
                .into_value()
                .map(|b| b.into_iter().map(Cow::Owned).collect())
                .unwrap_or_default(),
            source: Source {
                outlets: self.outlet.into_value().into_iter().collect(),
                authors: self.authors.into_value().unwrap_or_default(),
                urls: self.url.into_value().into_iter().collect(),
                langs: self.lang.into_value().into_iter().collect(),
                authors_in_markup: false,
            },
        }
    }
}

/// The lines of a title or lead as one line, as the other formats give it.
fn one_line(lines: Vec<String>) -> Option<String> {
    let text = match <[String; 1]>::try_from(lines) {
        Ok([line]) => line,
        Err(lines) => lines.join(" "),
    };
    fields::one_line(text)
}

/// A JSON value read where an article may be.
#[derive(Debug)]
enum Node {
    /// Boxed: a `Found` holds a slot for every field, and the other
    /// variants are a word or three.
    Object(Box<Found>),
    /// A top-level array: its elements, read as articles.
    Array(Vec<Numbered<'static>>),
    /// Anything else, by a name for messages (`a string`).
    Other(&'static str),
}

impl Node {
    /// One record of a multi-article file: it must be an object (one with
    /// neither title nor story is refused as untitled when assembled).
    fn into_record(self) -> Result<Parts<'static>, ParseError> {
        match self {
            Node::Object(found) => Ok(found.into_parts()),
            Node::Array(_) => Err(not_an_object("an array")),
            Node::Other(kind) => Err(not_an_object(kind)),
        }
    }
}

fn not_an_object(kind: &str) -> ParseError {
    ParseError::Invalid {
        format: "JSON",
        message: format!("expected an article object, found {kind}"),
    }
}

/// Reads a [`Node`]; `top` allows the arrays and wrapped lists that only a
/// whole `.json` file may hold.
struct NodeSeed {
    top: bool,
}

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Node, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an article object")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Other("true or false"))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Other("a number"))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Other("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Other("a number"))
    }

    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Other("a string"))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Other("null"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Node, A::Error> {
        if self.top {
            read_elements(seq).map(Node::Array)
        } else {
            drain_seq(seq)?;
            Ok(Node::Other("an array"))
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut found = Found::default();
        while let Some(Key(key)) = map.next_key()? {
            match key {
                Some((Slot::Field(Field::Title), rank)) if found.title.wants(rank) => {
                    let lines = map.next_value_seed(TextSeed { body: false })?;
                    found.title.offer(rank, lines);
                }
                Some((Slot::Field(Field::Lead), rank)) if found.lead.wants(rank) => {
                    let lines = map.next_value_seed(TextSeed { body: false })?;
                    found.lead.offer(rank, lines);
                }
                Some((Slot::Field(Field::Date), rank)) if found.date.wants(rank) => {
                    map.next_value_seed(DateSeed {
                        date: &mut found.date,
                        rank,
                    })?;
                }
                Some((Slot::Field(Field::Body), rank)) if found.body.wants(rank) => {
                    let paragraphs = map.next_value_seed(TextSeed { body: true })?;
                    found.body.offer(rank, paragraphs);
                }
                Some((Slot::Field(Field::Outlet), rank)) if found.outlet.wants(rank) => {
                    let value: Value = map.next_value()?;
                    found.outlet.offer(
                        rank,
                        name_in(&value).and_then(|n| provenance::outlet_name(&n)),
                    );
                }
                Some((Slot::Field(Field::Authors), rank)) if found.authors.wants(rank) => {
                    let value: Value = map.next_value()?;
                    let texts: Vec<String> = match &value {
                        Value::Array(items) => items.iter().filter_map(name_in).collect(),
                        one => name_in(one).into_iter().collect(),
                    };
                    let usable = texts
                        .iter()
                        .any(|t| !provenance::author_names(t, false).is_empty());
                    found.authors.offer(rank, usable.then_some(texts));
                }
                Some((Slot::Field(Field::Url), rank)) if found.url.wants(rank) => {
                    let value: Value = map.next_value()?;
                    found
                        .url
                        .offer(rank, value.as_str().and_then(provenance::address));
                }
                Some((Slot::Field(Field::Lang), rank)) if found.lang.wants(rank) => {
                    let value: Value = map.next_value()?;
                    found
                        .lang
                        .offer(rank, value.as_str().and_then(provenance::language_tag));
                }
                Some((Slot::List, rank)) if self.top && found.list.wants(rank) => {
                    let list = map.next_value_seed(ListSeed)?;
                    found.list.offer(rank, list);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Node::Object(Box::new(found)))
    }
}

/// The name a source or author value gives: a string, or an object's
/// `name` (NewsAPI's `source: {"id": ..., "name": ...}`, JSON-LD-like
/// `{"@type": "Person", "name": ...}`).
fn name_in(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.get("name")?.as_str().map(str::to_string),
        _ => None,
    }
}

/// `error` as the failure of element `number` of a JSON array.
pub(super) fn at_element(number: usize, error: ParseError) -> ParseError {
    // The file-level message already says "invalid JSON".
    let detail = match error {
        ParseError::Invalid { message, .. } => message,
        other => other.to_string(),
    };
    ParseError::Invalid {
        format: "JSON",
        message: format!("element {number}: {detail}"),
    }
}

/// `error` as the failure of line `number` of a JSON Lines file.
pub(super) fn at_line(number: usize, error: ParseError) -> ParseError {
    ParseError::AtLine {
        line: number,
        error: Box::new(error),
    }
}

/// Reads an array's elements as records numbered from 1. An element that is
/// not a usable article fails alone, with its number in the message.
fn read_elements<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<Numbered<'static>>, A::Error> {
    let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
    while let Some(node) = seq.next_element_seed(NodeSeed { top: false })? {
        let number = records.len() + 1;
        let record = node
            .into_record()
            .map_err(|error| at_element(number, error));
        records.push((number, record));
    }
    Ok(records)
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// An object key, classified as it is read so that it is never allocated.
struct Key(Option<(Slot, Rank)>);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Key, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_str<E>(self, key: &str) -> Result<Key, E> {
                Ok(Key(classify(key)))
            }
        }

        de.deserialize_str(KeyVisitor)
    }
}

/// Whether a key of a nested object is one of [`NESTED_TEXT_KEYS`].
struct NestedTextKey(bool);

impl<'de> serde::Deserialize<'de> for NestedTextKey {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<NestedTextKey, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = NestedTextKey;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_str<E>(self, key: &str) -> Result<NestedTextKey, E> {
                Ok(NestedTextKey(
                    NESTED_TEXT_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)),
                ))
            }
        }

        de.deserialize_str(KeyVisitor)
    }
}

/// Reads a text value into its non-empty lines, or `None` when it holds
/// none. `body` also strips NewsAPI's truncation marker.
struct TextSeed {
    body: bool,
}

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Option<Vec<String>>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        let mut lines = Vec::new();
        Collect {
            lines: &mut lines,
            body: self.body,
        }
        .deserialize(de)?;
        Ok(Some(lines).filter(|l| !l.is_empty()))
    }
}

/// Appends the lines of a string, of each element of an array, or of the
/// text of a `{"text": ...}` object; numbers, booleans and `null` hold no
/// text.
struct Collect<'a> {
    lines: &'a mut Vec<String>,
    body: bool,
}

impl<'de> DeserializeSeed<'de> for Collect<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Collect<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, text: &str) -> Result<(), E> {
        let text = if self.body {
            strip_truncation(text)
        } else {
            text
        };
        // Single newlines separate paragraphs as much as blank lines do in
        // scraper output; a lone `\r` is an old Mac line end.
        self.lines.extend(
            text.split(['\n', '\r'])
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Collect { lines, body } = self;
        while seq
            .next_element_seed(Collect {
                lines: &mut *lines,
                body,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Collect { lines, body } = self;
        let before = lines.len();
        while let Some(NestedTextKey(is_text)) = map.next_key()? {
            // The first text key that holds any text wins, as at the top.
            if is_text && lines.len() == before {
                map.next_value_seed(Collect {
                    lines: &mut *lines,
                    body,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// Removes a trailing `… [+1234 chars]`: NewsAPI cuts `content` short and
/// says by how much, and the note is not the article's text.
fn strip_truncation(text: &str) -> &str {
    let Some(rest) = text.trim_end().strip_suffix(" chars]") else {
        return text;
    };
    let Some((before, count)) = rest.rsplit_once("[+") else {
        return text;
    };
    if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    let before = before.trim_end();
    before
        .strip_suffix('…')
        .or_else(|| before.strip_suffix("..."))
        .unwrap_or(before)
}

/// Reads the value of a date key into `date`: text through
/// [`DateField::offer_text`], a number as a Unix timestamp. `null`, `true`,
/// arrays and objects hold no date; text or a timestamp that gives none is
/// kept as unreadable.
struct DateSeed<'a> {
    date: &'a mut DateField,
    rank: Rank,
}

impl<'de> DeserializeSeed<'de> for DateSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl DateSeed<'_> {
    /// `written` is the number as the file gave it; Debug, because it
    /// writes `1e300` where Display writes three hundred zeros.
    fn timestamp(self, n: f64, written: &dyn fmt::Debug) {
        match from_unix(n) {
            Some(date) => self.date.offer_date(self.rank, date),
            None => self
                .date
                .offer_unreadable(self.rank, &format!("{written:?}")),
        }
    }
}

impl<'de> Visitor<'de> for DateSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date")
    }

    fn visit_str<E>(self, text: &str) -> Result<(), E> {
        self.date.offer_text(self.rank, text);
        Ok(())
    }

    // f64 holds every millisecond timestamp exactly up to the year 287,000,
    // so going through it loses nothing.
    fn visit_i64<E>(self, n: i64) -> Result<(), E> {
        self.timestamp(n as f64, &n);
        Ok(())
    }

    fn visit_u64<E>(self, n: u64) -> Result<(), E> {
        self.timestamp(n as f64, &n);
        Ok(())
    }

    fn visit_f64<E>(self, n: f64) -> Result<(), E> {
        self.timestamp(n, &n);
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        drain_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        drain_map(map)
    }
}

/// A Unix timestamp in seconds, or in milliseconds above [`MILLIS_ABOVE`].
/// A timestamp is an instant, so it counts as having both time and zone.
fn from_unix(n: f64) -> Option<ParsedDate> {
    let millis = if n.abs() > MILLIS_ABOVE {
        n
    } else {
        n * 1000.0
    };
    // `as` saturates, and chrono rejects the saturated ends as out of range.
    let utc = DateTime::from_timestamp_millis(millis.round() as i64)?;
    Some(ParsedDate {
        utc,
        has_time: true,
        has_zone: true,
    })
}

/// Reads a wrapped article list: an array's elements, or `None` for any
/// other value under a list key.
struct ListSeed;

impl<'de> DeserializeSeed<'de> for ListSeed {
    type Value = Option<Vec<Numbered<'static>>>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed {
    type Value = Option<Vec<Numbered<'static>>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of articles")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        read_elements(seq).map(Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map)?;
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::fields::{BODY_KEYS, DATE_KEYS, LEAD_KEYS};
    use crate::article::{parse_file, Article, Format, ParseNote, ParseOptions, Record};

    fn utc(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(s.parse().unwrap())
    }

    /// The one article of a `.json` text, assembled as the dispatcher does.
    fn article(json: &str) -> Result<Article, ParseError> {
        match parse_json(json)? {
            Document::One(parts) => parts.into_article("a.json", &ParseOptions::default()),
            Document::Many(_) => panic!("expected one article"),
        }
    }

    fn records(path: &str, text: &str) -> Vec<Record> {
        parse_file(path, text.as_bytes(), &ParseOptions::default()).unwrap()
    }

    fn fixture(name: &str) -> Vec<Record> {
        let path = format!("{}/tests/fixtures/json/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        parse_file(&format!("json/{name}"), &bytes, &ParseOptions::default()).unwrap()
    }

    #[test]
    fn title_key_outranks_headline_and_name() {
        let a = article(r#"{"name": "N", "headline": "H", "title": "T"}"#).unwrap();
        assert_eq!(a.meta.title, "T");
    }

    #[test]
    fn headline_and_name_are_title_keys() {
        assert_eq!(
            article(r#"{"headline": "H", "name": "N"}"#)
                .unwrap()
                .meta
                .title,
            "H"
        );
        assert_eq!(article(r#"{"name": "N"}"#).unwrap().meta.title, "N");
    }

    #[test]
    fn empty_or_null_title_gives_way_to_the_next_key() {
        let a = article(r#"{"title": "  ", "headline": null, "name": "N"}"#).unwrap();
        assert_eq!(a.meta.title, "N");
    }

    #[test]
    fn keys_match_case_insensitively_as_a_fallback() {
        let a = article(r#"{"Title": "T", "PUBLISHEDAT": "2024-12-04", "Body": "B."}"#).unwrap();
        assert_eq!(a.meta.title, "T");
        assert_eq!(a.meta.date, utc("2024-12-04T00:00:00Z"));
        assert_eq!(a.body, "B.");
    }

    #[test]
    fn exact_key_outranks_a_case_insensitive_match() {
        let a = article(r#"{"Title": "Loose", "headline": "Exact"}"#).unwrap();
        assert_eq!(a.meta.title, "Exact");
    }

    #[test]
    fn every_date_key_is_read() {
        for key in DATE_KEYS {
            let a = article(&format!(
                r#"{{"title": "T", "{key}": "2024-12-04T16:16:00Z"}}"#
            ))
            .unwrap();
            assert_eq!(a.meta.date, utc("2024-12-04T16:16:00Z"), "key {key}");
        }
    }

    #[test]
    fn date_keys_are_ranked_by_the_list() {
        let a = article(
            r#"{"title": "T", "created_at": "2020-01-01", "publishedAt": "2021-01-01", "date_publish": "2022-01-01"}"#,
        )
        .unwrap();
        assert_eq!(a.meta.date, utc("2022-01-01T00:00:00Z"));
    }

    #[test]
    fn unparseable_date_gives_way_to_the_next_key() {
        let a =
            article(r#"{"title": "T", "date": "last Tuesday", "pubDate": "2024-12-04"}"#).unwrap();
        assert_eq!(a.meta.date, utc("2024-12-04T00:00:00Z"));
    }

    #[test]
    fn number_date_is_unix_seconds() {
        let a = article(r#"{"title": "T", "timestamp": 1733328960}"#).unwrap();
        assert_eq!(a.meta.date, utc("2024-12-04T16:16:00Z"));
    }

    #[test]
    fn number_date_above_1e11_is_unix_milliseconds() {
        let a = article(r#"{"title": "T", "timestamp": 1733328960500}"#).unwrap();
        assert_eq!(a.meta.date, utc("2024-12-04T16:16:00.500Z"));
    }

    #[test]
    fn fractional_seconds_timestamp_keeps_its_milliseconds() {
        let a = article(r#"{"title": "T", "created_at": 1733328960.25}"#).unwrap();
        assert_eq!(a.meta.date, utc("2024-12-04T16:16:00.250Z"));
    }

    #[test]
    fn timestamp_is_an_instant_not_shifted_by_the_timezone_option() {
        let Document::One(parts) = parse_json(r#"{"title": "T", "timestamp": 0}"#).unwrap() else {
            panic!("expected one article");
        };
        let options = ParseOptions {
            timezone: Some(chrono_tz::Europe::Oslo),
        };
        let a = parts.into_article("a.json", &options).unwrap();
        assert_eq!(a.meta.date, utc("1970-01-01T00:00:00Z"));
    }

    #[test]
    fn unreadable_date_is_named_when_no_key_reads() {
        let a = article(r#"{"title": "T", "date": "bad date"}"#).unwrap();
        assert_eq!(a.meta.date, None);
        assert_eq!(
            a.notes,
            [ParseNote::UnreadableDate {
                text: "bad date".into()
            }]
        );
    }

    #[test]
    fn unreadable_date_is_not_named_when_another_key_reads() {
        let a = article(r#"{"title": "T", "date": "bad date", "created": "2024-12-04"}"#).unwrap();
        assert_eq!(a.meta.date, utc("2024-12-04T00:00:00Z"));
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn best_ranked_unreadable_date_is_the_one_named() {
        let a = article(r#"{"title": "T", "timestamp": "n/a", "date": "bad date"}"#).unwrap();
        assert_eq!(
            a.notes,
            [ParseNote::UnreadableDate {
                text: "bad date".into()
            }]
        );
    }

    #[test]
    fn out_of_range_timestamp_is_named_as_written() {
        let a = article(r#"{"title": "T", "timestamp": 1e300}"#).unwrap();
        assert_eq!(a.meta.date, None);
        assert_eq!(
            a.notes,
            [ParseNote::UnreadableDate {
                text: "1e300".into()
            }]
        );
    }

    #[test]
    fn blank_or_null_date_is_no_date_and_no_note() {
        for value in [r#""  ""#, "null", "true", "[]"] {
            let a = article(&format!(r#"{{"title": "T", "date": {value}}}"#)).unwrap();
            assert_eq!((a.meta.date, a.notes.len()), (None, 0), "{value}");
        }
    }

    #[test]
    fn jsonl_record_with_an_unreadable_date_is_indexed_with_a_note() {
        let got = records(
            "f.jsonl",
            "{\"title\": \"A\", \"date\": \"2024-12-04\"}\n{\"title\": \"B\", \"date\": \"bad date\"}\n",
        );
        let b = got[1].as_ref().unwrap();
        assert_eq!(b.meta.path, "f.jsonl#2");
        assert_eq!(
            b.notes,
            [ParseNote::UnreadableDate {
                text: "bad date".into()
            }]
        );
        assert!(got[0].as_ref().unwrap().notes.is_empty());
    }

    #[test]
    fn every_body_key_is_read() {
        for key in BODY_KEYS {
            let a = article(&format!(r#"{{"title": "T", "{key}": "Para."}}"#)).unwrap();
            assert_eq!(a.body, "Para.", "key {key}");
        }
    }

    #[test]
    fn maintext_outranks_text_and_body() {
        let a = article(r#"{"title": "T", "body": "B", "text": "X", "maintext": "M"}"#).unwrap();
        assert_eq!(a.body, "M");
    }

    #[test]
    fn every_lead_key_is_read() {
        for key in LEAD_KEYS {
            let a = article(&format!(r#"{{"title": "T", "{key}": "Lead."}}"#)).unwrap();
            assert_eq!(a.meta.lead.as_deref(), Some("Lead."), "key {key}");
        }
    }

    #[test]
    fn description_outranks_summary() {
        let a = article(r#"{"title": "T", "summary": "S", "description": "D"}"#).unwrap();
        assert_eq!(a.meta.lead.as_deref(), Some("D"));
    }

    #[test]
    fn body_splits_on_single_and_blank_newlines() {
        let a = article(r#"{"title": "T", "body": "One.\nTwo.\n\n\nThree.\r\nFour."}"#).unwrap();
        assert_eq!(a.body, "One.\nTwo.\nThree.\nFour.");
    }

    #[test]
    fn body_array_of_strings_gives_one_paragraph_each() {
        let a = article(r#"{"title": "T", "text": ["One.", "", null, "Two.\nThree."]}"#).unwrap();
        assert_eq!(a.body, "One.\nTwo.\nThree.");
    }

    #[test]
    fn nested_text_or_value_object_is_the_body() {
        let a =
            article(r#"{"title": "T", "body": {"format": "plain", "text": "Inner."}}"#).unwrap();
        assert_eq!(a.body, "Inner.");
        let a =
            article(r#"{"title": "T", "content": [{"value": "A."}, {"value": "B."}]}"#).unwrap();
        assert_eq!(a.body, "A.\nB.");
    }

    #[test]
    fn title_array_is_joined_on_one_line() {
        let a = article(r#"{"title": ["Storm closes", "coast road"]}"#).unwrap();
        assert_eq!(a.meta.title, "Storm closes coast road");
    }

    #[test]
    fn title_with_a_line_break_becomes_one_line() {
        let a = article(r#"{"title": "Storm closes\n coast road"}"#).unwrap();
        assert_eq!(a.meta.title, "Storm closes coast road");
    }

    #[test]
    fn newsapi_truncation_marker_is_removed() {
        let a = article(r#"{"title": "T", "content": "He said the plan would … [+1234 chars]"}"#)
            .unwrap();
        assert_eq!(a.body, "He said the plan would");
    }

    #[test]
    fn bracketed_text_that_is_not_the_marker_is_kept() {
        assert_eq!(strip_truncation("Prices rose [sic]"), "Prices rose [sic]");
        assert_eq!(strip_truncation("Cut [+ chars]"), "Cut [+ chars]");
    }

    #[test]
    fn authors_and_bylines_are_never_speakers() {
        let a = article(
            r#"{"title": "T", "authors": ["Karin Vik"], "author": "Lars Dal", "byline": "By Eva Berg", "text": "Rain fell all day."}"#,
        )
        .unwrap();
        assert!(a.meta.speakers.is_empty());
        assert!(!a.body.contains("Karin"));
        // `authors` is the best-ranked author key: it alone is read.
        assert_eq!(a.meta.authors, ["Karin Vik"]);
    }

    #[test]
    fn an_author_quoted_in_the_text_is_not_a_speaker() {
        let a = article(
            r#"{"title": "T", "author": "Lars Dal", "text": "\"We will be back,\" said Lars Dal.\n\"Not before spring,\" said Eva Berg."}"#,
        )
        .unwrap();
        assert_eq!(a.meta.speakers, ["Eva Berg"]);
    }

    #[test]
    fn an_unusable_source_value_gives_way_to_the_next_key() {
        let a = article(
            r#"{"title": "T", "source": "https://a.example/x", "source_domain": "a.example", "author": "Staff", "byline": "By Eva Berg", "url": "x", "link": "https://a.example/x", "language": "und", "lang": "EN_us"}"#,
        )
        .unwrap();
        assert_eq!(a.meta.outlet.as_deref(), Some("a.example"));
        assert_eq!(a.meta.authors, ["Eva Berg"]);
        assert_eq!(a.meta.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(a.meta.lang.as_deref(), Some("en-us"));
    }

    #[test]
    fn authors_may_be_objects_and_sources_objects_with_a_name() {
        let a = article(
            r#"{"title": "T", "source": {"id": null, "name": "Coastal Herald"}, "authors": [{"name": "Ann Lee"}, "Bo Chen", 7, null]}"#,
        )
        .unwrap();
        assert_eq!(a.meta.outlet.as_deref(), Some("Coastal Herald"));
        assert_eq!(a.meta.authors, ["Ann Lee", "Bo Chen"]);
    }

    #[test]
    fn unknown_nested_values_are_skipped() {
        let a = article(
            r#"{"meta": {"title": "Not this", "tags": [[1, 2], {"x": null}]}, "title": "T", "n": 1.5, "ok": true}"#,
        )
        .unwrap();
        assert_eq!(a.meta.title, "T");
    }

    #[test]
    fn object_without_title_fails_in_the_dispatcher() {
        assert_eq!(article(r#"{"body": "Text."}"#), Err(ParseError::NoTitle));
    }

    #[test]
    fn newsapi_response_gives_one_record_per_article() {
        let json = r#"{"status": "ok", "totalResults": 2, "articles": [
            {"source": {"name": "Herald"}, "title": "A", "publishedAt": "2024-12-03T09:15:00Z"},
            {"source": {"name": "Times"}, "title": "B", "publishedAt": "2024-12-02T16:40:00Z"}]}"#;
        let got = records("feed/news.json", json);
        let paths: Vec<_> = got
            .iter()
            .map(|r| r.as_ref().unwrap().meta.path.as_str())
            .collect();
        assert_eq!(paths, ["feed/news.json#1", "feed/news.json#2"]);
        assert_eq!(got[1].as_ref().unwrap().meta.title, "B");
    }

    #[test]
    fn items_data_and_results_also_wrap_lists() {
        for key in ["items", "data", "results"] {
            let got = records("w.json", &format!(r#"{{"{key}": [{{"title": "A"}}]}}"#));
            assert_eq!(got[0].as_ref().unwrap().meta.path, "w.json#1", "key {key}");
        }
    }

    #[test]
    fn object_with_a_title_is_an_article_even_with_a_list_key() {
        let got = records("a.json", r#"{"title": "T", "items": [{"title": "X"}]}"#);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].as_ref().unwrap().meta.path, "a.json");
        assert_eq!(got[0].as_ref().unwrap().meta.title, "T");
    }

    #[test]
    fn top_level_array_numbers_its_elements() {
        let got = records(
            "a.json",
            r#"[{"title": "A"}, {"title": "B"}, {"title": "C"}]"#,
        );
        let paths: Vec<_> = got
            .iter()
            .map(|r| r.as_ref().unwrap().meta.path.as_str())
            .collect();
        assert_eq!(paths, ["a.json#1", "a.json#2", "a.json#3"]);
    }

    #[test]
    fn bad_array_element_fails_alone_and_names_its_number() {
        let got = records("a.json", r#"[{"title": "A"}, "stray", {"body": "x"}]"#);
        assert_eq!(got[0].as_ref().unwrap().meta.path, "a.json#1");
        assert_eq!(
            got[1],
            Err(ParseError::Invalid {
                format: "JSON",
                message: "element 2: expected an article object, found a string".into()
            })
        );
        assert_eq!(
            got[2],
            Err(ParseError::Invalid {
                format: "JSON",
                message: "element 3: no title found".into()
            })
        );
    }

    #[test]
    fn invalid_json_reports_line_and_column() {
        let err = parse_json("{\n  \"title\": \"T\",\n  oops\n}").unwrap_err();
        let ParseError::Invalid { format, message } = err else {
            panic!("expected Invalid, got {err:?}");
        };
        assert_eq!(format, "JSON");
        assert!(message.contains("line 3 column 3"), "{message}");
    }

    #[test]
    fn scalar_top_level_is_invalid() {
        assert_eq!(
            parse_json(r#""just a string""#).unwrap_err(),
            ParseError::Invalid {
                format: "JSON",
                message: "expected an article object or an array of them, found a string".into()
            }
        );
    }

    #[test]
    fn jsonl_bad_line_fails_alone_with_its_line_number() {
        let text = "{\"title\": \"A\"}\n{\"title\": \"B\",\n{\"title\": \"C\"}\n";
        let got = records("f.jsonl", text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().meta.path, "f.jsonl#1");
        assert_eq!(
            got[1],
            Err(ParseError::AtLine {
                line: 2,
                error: Box::new(ParseError::Invalid {
                    format: "JSON",
                    message: "EOF while parsing a value at column 14".into()
                })
            })
        );
        assert_eq!(got[2].as_ref().unwrap().meta.path, "f.jsonl#3");
        assert_eq!(got[2].as_ref().unwrap().meta.title, "C");
    }

    #[test]
    fn jsonl_blank_lines_are_skipped_but_counted() {
        let got = records(
            "f.ndjson",
            "\n{\"title\": \"A\"}\n   \n\n{\"title\": \"B\"}\n\n",
        );
        let paths: Vec<_> = got
            .iter()
            .map(|r| r.as_ref().unwrap().meta.path.as_str())
            .collect();
        assert_eq!(paths, ["f.ndjson#2", "f.ndjson#5"]);
    }

    #[test]
    fn jsonl_line_that_is_an_array_or_a_string_is_an_error() {
        let got = parse_lines("[{\"title\": \"A\"}]\n\"B\"\n");
        assert_eq!(
            got[0].1.as_ref().unwrap_err(),
            &ParseError::AtLine {
                line: 1,
                error: Box::new(not_an_object("an array"))
            }
        );
        assert_eq!(
            got[1].1.as_ref().unwrap_err(),
            &ParseError::AtLine {
                line: 2,
                error: Box::new(not_an_object("a string"))
            }
        );
    }

    #[test]
    fn jsonl_line_without_title_or_story_is_an_error_at_that_line() {
        let got = records(
            "f.jsonl",
            "{\"title\": \"A\"}\n{\"body\": \"No headline.\"}\n",
        );
        assert!(got[0].is_ok());
        assert_eq!(
            got[1].as_ref().unwrap_err(),
            &ParseError::AtLine {
                line: 2,
                error: Box::new(ParseError::NoTitle)
            }
        );
    }

    #[test]
    fn a_record_with_a_story_but_no_title_is_titled_by_its_first_sentence() {
        let line = r#"{"text": "Ferries resumed on Monday. The harbour reopened after three days of storms.", "date": "2024-12-04"}"#;
        let got = records("f.jsonl", line);
        let a = got[0].as_ref().unwrap();
        assert_eq!(a.meta.title, "Ferries resumed on Monday.");
        assert_eq!(a.meta.path, "f.jsonl#1");
    }

    #[test]
    fn jsonl_crlf_line_endings_are_handled() {
        let got = records(
            "f.jsonl",
            "{\"title\": \"A\", \"body\": \"x\\r\\ny\"}\r\n{\"title\": \"B\"}\r\n",
        );
        let a = got[0].as_ref().unwrap();
        assert_eq!((a.meta.title.as_str(), a.body.as_str()), ("A", "x\ny"));
        assert_eq!(got[1].as_ref().unwrap().meta.path, "f.jsonl#2");
    }

    #[test]
    fn json_extensions_pick_the_json_formats() {
        use std::path::Path;
        assert_eq!(Format::from_path(Path::new("a.JSON")), Some(Format::Json));
        assert_eq!(
            Format::from_path(Path::new("a.jsonl")),
            Some(Format::JsonLines)
        );
        assert_eq!(
            Format::from_path(Path::new("a.NDJSON")),
            Some(Format::JsonLines)
        );
    }

    #[test]
    fn news_please_fixture_is_one_article_at_the_plain_path() {
        let got = fixture("news_please.json");
        assert_eq!(got.len(), 1);
        let a = got[0].as_ref().unwrap();
        assert_eq!(a.meta.path, "json/news_please.json");
        assert_eq!(
            a.meta.title,
            "Lindholm ferry to stop in March as board rejects repair bill"
        );
        assert!(a
            .meta
            .lead
            .as_deref()
            .unwrap()
            .starts_with("The Lindholm ferry"));
        assert_eq!(a.meta.date, utc("2024-11-18T17:35:00Z"));
        assert_eq!(a.body.lines().count(), 6);
        assert_eq!(a.meta.speakers, ["Petra Nyquist", "Anders Holm"]);
    }

    #[test]
    fn newsapi_fixture_gives_three_numbered_articles() {
        let got = fixture("newsapi_response.json");
        let got: Vec<&Article> = got.iter().map(|r| r.as_ref().unwrap()).collect();
        let paths: Vec<_> = got.iter().map(|a| a.meta.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "json/newsapi_response.json#1",
                "json/newsapi_response.json#2",
                "json/newsapi_response.json#3"
            ]
        );
        assert_eq!(
            got[2].meta.title,
            "City council delays vote on tram extension"
        );
        assert_eq!(got[0].meta.date, utc("2024-12-03T09:15:00Z"));
        assert!(got[0].body.ends_with("adding that"));
        assert_eq!(got[1].body.lines().count(), 2);
        assert_eq!(
            (got[2].meta.lead.as_deref(), got[2].body.as_str()),
            (None, "")
        );
        assert!(!got
            .iter()
            .any(|a| a.meta.speakers.iter().any(|s| s == "Jonas Ekberg")));
    }

    #[test]
    fn jsonl_fixture_keeps_good_lines_and_reports_the_broken_one() {
        let got = fixture("feed.jsonl");
        assert_eq!(got.len(), 6);
        let ok: Vec<(&str, &str)> = got
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|a| (a.meta.path.as_str(), a.meta.title.as_str()))
            .collect();
        assert_eq!(
            ok,
            [
                (
                    "json/feed.jsonl#1",
                    "Library extends opening hours during exam season"
                ),
                (
                    "json/feed.jsonl#2",
                    "Water main burst floods Harbour Street"
                ),
                (
                    "json/feed.jsonl#4",
                    "School board approves new science wing"
                ),
                (
                    "json/feed.jsonl#6",
                    "Marathon route changed after bridge closure"
                ),
                (
                    "json/feed.jsonl#7",
                    "Museum returns carved chest to village church"
                ),
            ]
        );
        assert!(matches!(got[2], Err(ParseError::AtLine { line: 3, .. })));
        let dates: Vec<_> = got
            .iter()
            .filter_map(|r| r.as_ref().ok()?.meta.date)
            .collect();
        assert_eq!(dates[1], utc("2024-05-06T09:30:00Z").unwrap());
        assert_eq!(dates[3], utc("2024-05-07T18:45:00Z").unwrap());
    }

    /// Checks every line of the Reuters-21578 JSON Lines export: set
    /// `NEWSIDX_REUTERS_JSONL` to the gunzipped
    /// `shared/corpora/reuters21578/reuters.jsonl.gz` and run with
    /// `--ignored`.
    #[test]
    #[ignore = "needs the Reuters corpus, unpacked"]
    fn reuters_jsonl_every_line_keeps_its_title_and_date() {
        let Some(path) = std::env::var_os("NEWSIDX_REUTERS_JSONL") else {
            eprintln!("skipped: NEWSIDX_REUTERS_JSONL is unset");
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let got = records("reuters.jsonl", &text);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(got.len(), lines.len());
        for (record, line) in got.iter().zip(&lines) {
            let want: serde_json::Value = serde_json::from_str(line).unwrap();
            let a = record.as_ref().unwrap();
            assert_eq!(
                a.meta.title,
                want["title"].as_str().unwrap(),
                "{}",
                a.meta.path
            );
            let date = a
                .meta
                .date
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            assert_eq!(date.as_deref(), want["date"].as_str(), "{}", a.meta.path);
        }
        eprintln!("{} Reuters articles checked", got.len());
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_errors_without_panicking(text in "\\PC{0,400}") {
            let _ = parse_json(&text);
            let _ = parse_lines(&text);
        }

        #[test]
        fn json_like_text_parses_or_errors_without_panicking(text in "[\\[\\]{}\":,0-9a-z\\\\ \\n.e+-]{0,300}") {
            let _ = parse_json(&text);
            let _ = parse_lines(&text);
        }

        #[test]
        fn any_title_string_round_trips(title in "(\\PC|[\n\r\t ]){0,80}", body in "\\PC{0,200}") {
            let json = serde_json::json!({ "title": title, "body": body }).to_string();
            let want = title.split_whitespace().collect::<Vec<_>>().join(" ");
            match article(&json) {
                Ok(a) => proptest::prop_assert_eq!(a.meta.title, want),
                // Only a title with no text in it may fail, and only for
                // want of a title.
                Err(e) => {
                    proptest::prop_assert_eq!(e, ParseError::NoTitle);
                    proptest::prop_assert_eq!(want, "");
                }
            }
        }
    }
}
