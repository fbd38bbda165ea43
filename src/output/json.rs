//! JSON Lines: one `hit` object per line, one `facet` object per facet
//! asked for, then one `summary` object.
//!
//! This is a public interface for scripts, so it is built from typed structs
//! (never by formatting strings) and pinned by the integration tests. Keys
//! are snake_case, dates RFC 3339 in UTC, and highlights are byte ranges
//! into the snippet, which is plain text.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::{Facet, Hit, SearchResults, SpeakerSummary};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Line<'a> {
    Hit(&'a Hit),
    Facet(&'a Facet),
    Summary {
        query: &'a str,
        total_hits: usize,
        total_exact: bool,
        fill_hits: usize,
        suggestions: &'a [String],
        returned: usize,
        elapsed_ms: f64,
    },
}

/// Writes every hit, then each facet, then the summary.
pub fn write_results(w: &mut dyn Write, query: &str, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        write_line(w, &Line::Hit(hit))?;
    }
    for facet in &results.facets {
        write_line(w, &Line::Facet(facet))?;
    }
    write_line(
        w,
        &Line::Summary {
            query,
            total_hits: results.total_hits,
            total_exact: results.total_exact,
            fill_hits: results.fill_hits,
            suggestions: &results.suggestions,
            returned: results.hits.len(),
            elapsed_ms: (results.elapsed.as_secs_f64() * 1e6).round() / 1e3,
        },
    )
}

/// `newsidx speakers QUERY --json`: a `speaker` line per person, then
/// the summary.
pub fn write_speakers(w: &mut dyn Write, query: &str, results: &SearchResults) -> io::Result<()> {
    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum SpeakerLine<'a> {
        Speaker(&'a SpeakerSummary),
        Summary {
            query: &'a str,
            total_hits: usize,
            total_exact: bool,
            suggestions: &'a [String],
            speakers: usize,
            returned: usize,
            elapsed_ms: f64,
        },
    }
    for speaker in &results.speakers {
        write_line(w, &SpeakerLine::Speaker(speaker))?;
    }
    write_line(
        w,
        &SpeakerLine::Summary {
            query,
            total_hits: results.total_hits,
            total_exact: results.total_exact,
            suggestions: &results.suggestions,
            speakers: results.speakers_total,
            returned: results.speakers.len(),
            elapsed_ms: (results.elapsed.as_secs_f64() * 1e6).round() / 1e3,
        },
    )
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
                article: crate::article::ArticleMeta {
                    path: "2024/a.txt".into(),
                    title: "Title".into(),
                    lead: None,
                    date: Some("2024-12-04T16:16:00Z".parse().unwrap()),
                    date_has_time: true,
                    speakers: vec!["Mark Rutte".into()],
                },
                file: Some("/srv/news/2024/a.txt".into()),
                snippet: "winter is near".into(),
                highlights: vec![[0, 6]],
                title_highlights: vec![[0, 5]],
                matched_all: true,
            }],
            total_hits: 3,
            total_exact: true,
            fill_hits: 0,
            facets: Vec::new(),
            speakers: Vec::new(),
            speakers_total: 0,
            suggestions: Vec::new(),
            elapsed: Duration::from_micros(1500),
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
            r#"{"type":"hit","rank":1,"score":2.5,"path":"2024/a.txt","title":"Title","lead":null,"date":"2024-12-04T16:16:00Z","speakers":["Mark Rutte"],"file":"/srv/news/2024/a.txt","snippet":"winter is near","highlights":[[0,6]],"title_highlights":[[0,5]],"matched_all":true}"#
        );
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
