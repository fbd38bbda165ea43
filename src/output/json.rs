//! JSON Lines: one `hit` object per line, one `facet` object per facet
//! asked for, then one `summary` object. With `--fields`, a hit line holds
//! `type` and the chosen fields alone ([`super::fields`]); a stream of
//! every match (`--limit all`) writes its hits one by one, then the rest.
//!
//! This is a public interface for scripts, so it is built from typed structs
//! (never by formatting strings) and pinned by the integration tests. Keys
//! are snake_case, dates RFC 3339 in UTC, and highlights are byte ranges
//! into the snippet, which is plain text.

use std::io::{self, Write};

use serde::Serialize;

use super::fields::{Chosen, JsonPairs};
use crate::search::quotes::QuoteHit;
use crate::search::{Facet, Hit, SearchResults, SpeakerSummary};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Line<'a> {
    Hit(&'a Hit),
    Facet(&'a Facet),
    Summary(Summary<'a>),
}

/// A query's summary: the last JSON line, and the `summary` of the
/// server's one document ([`write_document`]).
#[derive(Serialize)]
struct Summary<'a> {
    query: &'a str,
    total_hits: usize,
    total_exact: bool,
    fill_hits: usize,
    suggestions: &'a [String],
    returned: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<usize>,
    elapsed_ms: f64,
    /// A cluster's shards that failed: present only when some did, so a
    /// reader never mistakes a partial answer for a whole one.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    shard_failures: &'a [String],
}

impl<'a> Summary<'a> {
    fn new(query: &'a str, results: &'a SearchResults, returned: usize) -> Self {
        Summary {
            query,
            total_hits: results.total_hits,
            total_exact: results.total_exact,
            fill_hits: results.fill_hits,
            suggestions: &results.suggestions,
            returned,
            groups: results.groups,
            elapsed_ms: elapsed_ms(results),
            shard_failures: &results.shard_failures,
        }
    }
}

fn elapsed_ms(results: &SearchResults) -> f64 {
    (results.elapsed.as_secs_f64() * 1e6).round() / 1e3
}

/// The lines of `--json` as one JSON document, `{"hits":[...],
/// "facets":[...],"summary":{...}}`, for `newsidx serve`: the same hit,
/// facet and summary objects, without their `type` keys.
pub fn write_document(w: &mut dyn Write, query: &str, results: &SearchResults) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        hits: &'a [Hit],
        facets: &'a [Facet],
        summary: Summary<'a>,
    }
    let document = Document {
        hits: &results.hits,
        facets: &results.facets,
        summary: Summary::new(query, results, results.hits.len()),
    };
    serde_json::to_writer(w, &document).map_err(io::Error::from)
}

/// Writes every hit, then each facet, then the summary.
pub fn write_results(w: &mut dyn Write, query: &str, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        write_line(w, &Line::Hit(hit))?;
    }
    write_facets_and_summary(w, query, results, results.hits.len())
}

/// Writes one hit line: every key, or with `fields` (`--fields`) the
/// chosen fields alone, in their order, after `"type":"hit"`.
pub fn write_hit(w: &mut dyn Write, hit: &Hit, fields: Option<&Chosen>) -> io::Result<()> {
    let Some(fields) = fields else {
        return write_line(w, &Line::Hit(hit));
    };
    let mut pairs: JsonPairs = vec![("type", "hit".into())];
    for field in fields.fields() {
        field.add_json(hit, &mut pairs);
    }
    write_line(w, &Pairs(&pairs))
}

/// Writes one quote line of `newsidx quotes`: `{"type":"quote",...}`.
pub fn write_quote(w: &mut dyn Write, quote: &QuoteHit) -> io::Result<()> {
    #[derive(Serialize)]
    struct QuoteLine<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        #[serde(flatten)]
        quote: &'a QuoteHit,
    }
    write_line(
        w,
        &QuoteLine {
            kind: "quote",
            quote,
        },
    )
}

/// `newsidx quotes QUERY --json` as one document, `{"quotes":[...],
/// "summary":{...}}`, for `newsidx serve`: the quote lines' objects without
/// their `type`, and the summary line's.
pub fn write_quotes_document(
    w: &mut dyn Write,
    query: &str,
    quotes: &[QuoteHit],
    results: &SearchResults,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        quotes: &'a [QuoteHit],
        summary: Summary<'a>,
    }
    let document = Document {
        quotes,
        summary: Summary::new(query, results, quotes.len()),
    };
    serde_json::to_writer(w, &document).map_err(io::Error::from)
}

/// Writes each facet, then the summary of `returned` hits written (by
/// [`write_hit`], as a stream); `results` holds the count, not the hits.
pub fn write_facets_and_summary(
    w: &mut dyn Write,
    query: &str,
    results: &SearchResults,
    returned: usize,
) -> io::Result<()> {
    for facet in &results.facets {
        write_line(w, &Line::Facet(facet))?;
    }
    write_line(w, &Line::Summary(Summary::new(query, results, returned)))
}

/// `newsidx speakers QUERY --json`: a `speaker` line per person, then
/// the summary.
pub fn write_speakers(w: &mut dyn Write, query: &str, results: &SearchResults) -> io::Result<()> {
    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum SpeakerLine<'a> {
        Speaker(&'a SpeakerSummary),
        Summary(SpeakersSummary<'a>),
    }
    for speaker in &results.speakers {
        write_line(w, &SpeakerLine::Speaker(speaker))?;
    }
    write_line(
        w,
        &SpeakerLine::Summary(SpeakersSummary::new(query, results)),
    )
}

/// `newsidx speakers QUERY --json` as one document, `{"speakers":[...],
/// "summary":{...}}`, for `newsidx serve`.
pub fn write_speakers_document(
    w: &mut dyn Write,
    query: &str,
    results: &SearchResults,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        speakers: &'a [SpeakerSummary],
        summary: SpeakersSummary<'a>,
    }
    let document = Document {
        speakers: &results.speakers,
        summary: SpeakersSummary::new(query, results),
    };
    serde_json::to_writer(w, &document).map_err(io::Error::from)
}

#[derive(Serialize)]
struct SpeakersSummary<'a> {
    query: &'a str,
    total_hits: usize,
    total_exact: bool,
    suggestions: &'a [String],
    speakers: usize,
    returned: usize,
    elapsed_ms: f64,
}

impl<'a> SpeakersSummary<'a> {
    fn new(query: &'a str, results: &'a SearchResults) -> Self {
        SpeakersSummary {
            query,
            total_hits: results.total_hits,
            total_exact: results.total_exact,
            suggestions: &results.suggestions,
            speakers: results.speakers_total,
            returned: results.speakers.len(),
            elapsed_ms: elapsed_ms(results),
        }
    }
}

/// Keys and values serialised as an object in their order.
struct Pairs<'a>(&'a JsonPairs);

impl Serialize for Pairs<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Writes any serialisable value as one line (used by `newsidx parse` too).
pub fn write_line<T: Serialize>(w: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn results() -> SearchResults {
        SearchResults {
            hits: vec![Hit {
                rank: 1,
                score: 2.5,
                id: "MjAyNC9hLnR4dA".into(),
                article: crate::article::ArticleMeta {
                    path: "2024/a.txt".into(),
                    title: "Title".into(),
                    lead: None,
                    date: Some("2024-12-04T16:16:00Z".parse().unwrap()),
                    date_has_time: true,
                    speakers: vec!["Mark Rutte".into()],
                    ..crate::article::ArticleMeta::default()
                },
                file: Some("/srv/news/2024/a.txt".into()),
                snippet: "winter is near".into(),
                highlights: vec![[0, 6]],
                title_highlights: vec![[0, 5]],
                matched_all: true,
                collapsed: None,
            }],
            total_hits: 3,
            total_exact: true,
            fill_hits: 0,
            facets: Vec::new(),
            groups: None,
            speakers: Vec::new(),
            speakers_total: 0,
            suggestions: Vec::new(),
            elapsed: Duration::from_micros(1500),
            shard_failures: Vec::new(),
        }
    }

    #[test]
    fn hit_line_is_tagged_and_dated_in_rfc3339() {
        let mut out = Vec::new();
        write_results(&mut out, "winter", &results()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let first = text.lines().next().unwrap();
        assert_eq!(
            first,
            r#"{"type":"hit","rank":1,"score":2.5,"id":"MjAyNC9hLnR4dA","path":"2024/a.txt","title":"Title","lead":null,"date":"2024-12-04T16:16:00Z","speakers":["Mark Rutte"],"file":"/srv/news/2024/a.txt","snippet":"winter is near","highlights":[[0,6]],"title_highlights":[[0,5]],"matched_all":true}"#
        );
    }

    #[test]
    fn chosen_fields_are_written_alone_in_their_order() {
        let mut out = Vec::new();
        let fields = Chosen::parse("path,rank,snippet").unwrap();
        write_hit(&mut out, &results().hits[0], Some(&fields)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"type\":\"hit\",\"path\":\"2024/a.txt\",\"rank\":1,\"snippet\":\"winter is near\",\"highlights\":[[0,6]]}\n"
        );
        let mut whole = Vec::new();
        write_hit(&mut whole, &results().hits[0], None).unwrap();
        let mut page = Vec::new();
        write_results(&mut page, "winter", &results()).unwrap();
        assert!(page.starts_with(&whole));
    }

    #[test]
    fn source_keys_follow_the_speakers_when_known() {
        let mut results = results();
        let meta = &mut results.hits[0].article;
        meta.outlet = Some("Coastal Herald".into());
        meta.authors = vec!["Ann Lee".into()];
        meta.url = Some("https://a.example/x".into());
        meta.lang = Some("en-gb".into());
        let mut out = Vec::new();
        write_results(&mut out, "winter", &results).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r#""speakers":["Mark Rutte"],"outlet":"Coastal Herald","authors":["Ann Lee"],"url":"https://a.example/x","lang":"en-gb","file""#),
            "{text}"
        );
    }

    #[test]
    fn document_holds_the_lines_without_their_types() {
        let mut lines = Vec::new();
        write_results(&mut lines, "winter", &results()).unwrap();
        let mut document = Vec::new();
        write_document(&mut document, "winter", &results()).unwrap();
        let document: serde_json::Value = serde_json::from_slice(&document).unwrap();
        let mut lines: Vec<serde_json::Value> = String::from_utf8(lines)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        for line in &mut lines {
            line.as_object_mut().unwrap().remove("type");
        }
        assert_eq!(document["hits"][0], lines[0]);
        assert_eq!(document["summary"], lines[1]);
        assert_eq!(document["facets"], serde_json::json!([]));
    }

    #[test]
    fn summary_comes_last() {
        let mut out = Vec::new();
        write_results(&mut out, "winter", &results()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().last().unwrap(),
            r#"{"type":"summary","query":"winter","total_hits":3,"total_exact":true,"fill_hits":0,"suggestions":[],"returned":1,"elapsed_ms":1.5}"#
        );
    }
}
