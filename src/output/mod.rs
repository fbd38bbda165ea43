//! Everything newsidx writes for people and scripts.
//!
//! Printers take any `io::Write`, so tests render into a `Vec<u8>` and the
//! binary decides buffering. Results go to the writer it is handed (stdout);
//! the index summary and notices are written to whatever stderr-like writer
//! the caller passes.

pub mod csv;
pub mod fields;
pub mod human;
pub mod json;

use std::io::{self, Write};
use std::path::Path;

use crate::article::quotes::QuoteKind;
use crate::indexer::{IndexEvent, IndexReport};
use crate::people::Person;
use crate::search::SearchResults;

/// `1 file`, `2 files`: counts in messages read as English.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Names one skipped file or one noted article; called as the indexer
/// finds it.
pub fn write_index_event(w: &mut dyn Write, event: IndexEvent<'_>) -> io::Result<()> {
    match event {
        IndexEvent::Skipped(skipped) => writeln!(
            w,
            "newsidx: skipped {}: {}",
            human::escape(&skipped.path.display().to_string()),
            skipped.reason
        ),
        IndexEvent::Noted(noted) => writeln!(
            w,
            "newsidx: note: {}: {}",
            human::escape(&noted.path),
            human::escape(&noted.note.to_string())
        ),
    }
}

/// The closing summary of `newsidx index`.
pub fn write_index_summary(w: &mut dyn Write, report: &IndexReport) -> io::Result<()> {
    writeln!(
        w,
        "newsidx: indexed {} in {:.2} s ({:.0} articles/s); {} skipped, {} without a date; {} in the index",
        plural(report.indexed, "article", "articles"),
        report.elapsed.as_secs_f64(),
        report.rate(),
        report.skipped.len(),
        report.undated,
        plural(report.total_docs as usize, "document", "documents"),
    )?;
    write!(
        w,
        "newsidx: files: {} added, {} updated, {} removed, {} unchanged",
        report.files_added, report.files_updated, report.files_removed, report.files_unchanged,
    )?;
    if report.files_not_indexed > 0 {
        write!(
            w,
            ", {} not indexed (named above)",
            report.files_not_indexed
        )?;
    }
    writeln!(w)?;
    if !report.notes.is_empty() {
        writeln!(
            w,
            "newsidx: {} indexed with a note (named above)",
            plural(report.notes.len(), "article", "articles")
        )?;
    }
    if report.hidden > 0 {
        writeln!(
            w,
            "newsidx: passed over {} (names starting with '.')",
            plural(
                report.hidden,
                "hidden file or folder",
                "hidden files or folders"
            )
        )?;
    }
    Ok(())
}

/// Why `index --strict` failed.
pub fn write_strict_failure(w: &mut dyn Write, skipped: usize) -> io::Result<()> {
    writeln!(
        w,
        "newsidx: error: {} skipped and --strict is set",
        plural(skipped, "file or record was", "files or records were")
    )
}

/// A folder with no article newsidx reads.
pub fn write_nothing_found(w: &mut dyn Write, dir: &Path) -> io::Result<()> {
    writeln!(
        w,
        "newsidx: no articles found in {}",
        human::escape(&dir.display().to_string())
    )?;
    writeln!(
        w,
        "newsidx: hint: newsidx reads .txt, .md, .json, .jsonl and .html files; check the folder"
    )
}

/// The one-line tally under human query output, and the suggestions when
/// nothing matched.
pub fn write_query_tally(w: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    let first = results.hits.first().map(|hit| hit.rank);
    write_tally_line(w, results, first, results.hits.len())?;
    write_suggestions(w, results)
}

/// The tally of a stream of every match (`--limit all`): `shown` hits
/// written from rank `first` on; `results` holds the count, not the hits.
pub fn write_stream_tally(
    w: &mut dyn Write,
    results: &SearchResults,
    first: usize,
    shown: usize,
) -> io::Result<()> {
    write_tally_line(w, results, (shown > 0).then_some(first), shown)?;
    write_suggestions(w, results)
}

fn write_suggestions(w: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    if !results.suggestions.is_empty() {
        let words: Vec<String> = results
            .suggestions
            .iter()
            .map(|s| human::escape(s))
            .collect();
        writeln!(w, "newsidx: did you mean: {}", words.join(", "))?;
    }
    Ok(())
}

fn write_tally_line(
    w: &mut dyn Write,
    results: &SearchResults,
    first: Option<usize>,
    shown: usize,
) -> io::Result<()> {
    if let Some(groups) = results.groups {
        return write_collapsed_tally(w, results, groups);
    }
    let total = total_description(results);
    let elapsed_ms = results.elapsed.as_secs_f64() * 1e3;
    let range = |first: usize| match shown {
        1 => format!("hit {first}"),
        _ => format!("hits {first}-{}", first + shown - 1),
    };
    match first {
        // Said whatever the page's size: "hit 1 of 0" alone would read as
        // a contradiction when the hit has most of the words, not all.
        Some(first) if results.fill_hits > 0 => writeln!(
            w,
            "newsidx: {} of {total} with every word and {} with most of them ({elapsed_ms:.1} ms)",
            range(first),
            results.fill_hits,
        ),
        Some(first) => writeln!(
            w,
            "newsidx: {} of {total} ({elapsed_ms:.1} ms)",
            range(first)
        ),
        None => writeln!(
            w,
            "newsidx: {total} {}, none shown",
            if results.total_exact && results.total_hits == 1 {
                "hit"
            } else {
                "hits"
            }
        ),
    }
}

/// The tally of a collapsed search: hits are groups, numbered among the
/// groups, and the articles they hold are counted after.
fn write_collapsed_tally(
    w: &mut dyn Write,
    results: &SearchResults,
    groups: usize,
) -> io::Result<()> {
    let elapsed_ms = results.elapsed.as_secs_f64() * 1e3;
    let articles = plural(results.total_hits, "matching article", "matching articles");
    match (results.hits.first(), results.hits.last()) {
        (Some(first), Some(last)) => writeln!(
            w,
            "newsidx: groups {}-{} of {groups} among {articles} ({elapsed_ms:.1} ms)",
            first.rank, last.rank
        ),
        _ => writeln!(
            w,
            "newsidx: {} among {articles}, none shown",
            plural(groups, "group", "groups")
        ),
    }
}

/// The count as people read it: `7195`, or `at least 113000` when
/// counting stopped early.
pub fn total_description(results: &SearchResults) -> String {
    if results.total_exact {
        results.total_hits.to_string()
    } else {
        format!("at least {}", results.total_hits)
    }
}

/// The columns a timeline may fill: the terminal's width, or 80 when the
/// output is not a terminal (a file, a pipe), so that it reads the same
/// wherever it was made.
pub fn terminal_width(stdout_tty: bool) -> usize {
    const NOT_A_TERMINAL: usize = 80;
    if !stdout_tty {
        return NOT_A_TERMINAL;
    }
    terminal_size::terminal_size()
        .map(|(width, _)| usize::from(width.0))
        .unwrap_or(NOT_A_TERMINAL)
}

/// The people of the speaker registry, most quoted first, at most
/// `limit`: a line each (`mentions  name`, then the other names it goes by
/// with `registry`), or a JSON object each.
pub fn write_persons(
    w: &mut dyn Write,
    persons: &[Person],
    limit: usize,
    registry: bool,
    json: bool,
) -> io::Result<()> {
    for person in persons.iter().take(limit) {
        if json {
            serde_json::to_writer(&mut *w, person)?;
            writeln!(w)?;
            continue;
        }
        write!(
            w,
            "{:>7}  {}",
            person.mentions,
            human::escape(&person.canonical)
        )?;
        if registry {
            let others: Vec<String> = person
                .names
                .keys()
                .filter(|n| **n != person.canonical)
                .map(|n| human::escape(n))
                .collect();
            if !others.is_empty() {
                write!(w, "  (also: {})", others.join(", "))?;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}

/// The people quoted in a query's matches, most quoted first: per person
/// the number of articles, the first and last day, the name, and on the
/// next line their latest article; then, on `tally`, how many matched.
/// `shown` gives the path to print for an article's identity (a file the
/// user can open, where the index knows its corpus).
pub fn write_speaker_summaries(
    w: &mut dyn Write,
    tally: &mut dyn Write,
    results: &SearchResults,
    shown: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    let day = |date: Option<chrono::DateTime<chrono::Utc>>| {
        date.map_or_else(
            || "undated".to_string(),
            |d| d.format("%Y-%m-%d").to_string(),
        )
    };
    let counts: Vec<String> = results
        .speakers
        .iter()
        .map(|s| plural(s.articles as usize, "article", "articles"))
        .collect();
    let width = counts.iter().map(String::len).max().unwrap_or(1);
    for (speaker, count) in results.speakers.iter().zip(&counts) {
        let (first, last) = (day(speaker.first), day(speaker.last));
        let span = if first == last {
            first
        } else {
            format!("{first} to {last}")
        };
        writeln!(
            w,
            "{count:>width$}  {span:<24}  {}",
            human::escape(&speaker.name),
        )?;
        writeln!(
            w,
            "{:>width$}  latest: {} ({})",
            "",
            human::escape(&speaker.latest.title),
            human::escape(&shown(&speaker.latest.path)),
        )?;
        if let Some(quote) = &speaker.quote {
            // Quotation marks claim the person's own words; a sentence of
            // reported speech ("Rutte added that ...") is the reporter's.
            let text = human::escape(&quote.text);
            let said = match quote.kind {
                QuoteKind::Direct => format!("said: \u{201c}{text}\u{201d}"),
                QuoteKind::Reported => format!("reported: {text}"),
            };
            writeln!(
                w,
                "{:>width$}  {said} ({})",
                "",
                human::escape(&shown(&quote.path)),
            )?;
        }
    }
    w.flush()?;
    let total = total_description(results);
    let matches = if results.total_hits == 1 {
        "match"
    } else {
        "matches"
    };
    let shown = if results.speakers.len() < results.speakers_total {
        format!(", the {} most quoted shown", results.speakers.len())
    } else {
        String::new()
    };
    writeln!(
        tally,
        "newsidx: {} quoted in {total} {matches}{shown} ({:.1} ms)",
        plural(results.speakers_total, "person", "people"),
        results.elapsed.as_secs_f64() * 1e3
    )?;
    write_suggestions(tally, results)
}

/// `newsidx show` found nothing by that name.
pub fn write_not_in_index(w: &mut dyn Write, path: &str, index: &Path) -> io::Result<()> {
    writeln!(
        w,
        "newsidx: no article {:?} in the index at {}",
        human::escape(path),
        index.display()
    )?;
    writeln!(
        w,
        "newsidx: hint: give the path a hit shows (relative to the indexed folder, `file.jsonl#N` for a record), or the file itself"
    )
}

/// An error that ends the run, then what to do about it when that is known:
/// `newsidx: error: ...` and `newsidx: hint: ...`, a line each.
pub fn write_failure(
    w: &mut dyn Write,
    what: &dyn std::fmt::Display,
    hint: Option<&str>,
) -> io::Result<()> {
    writeln!(w, "newsidx: error: {what}")?;
    if let Some(hint) = hint {
        writeln!(w, "newsidx: hint: {hint}")?;
    }
    Ok(())
}

/// An error that ends one item of a command but not the command.
pub fn write_error(w: &mut dyn Write, err: &anyhow::Error) -> io::Result<()> {
    writeln!(w, "newsidx: error: {err:#}")
}

/// A search cluster's shards that did not answer, one warning each: the
/// results above or below are of the other shards, which a reader must
/// know. Nothing for a whole answer.
pub fn write_shard_failures(w: &mut dyn Write, failures: &[String]) -> io::Result<()> {
    for failure in failures {
        writeln!(
            w,
            "newsidx: warning: part of the index did not answer, so hits and counts are of the rest: {failure}"
        )?;
    }
    Ok(())
}
