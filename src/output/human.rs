//! Hits as text for people, optionally coloured.
//!
//! Article text comes from files nobody vetted, so every string that reaches
//! the terminal first goes through [`escape`]: control characters (ANSI
//! escapes among them) and bidirectional overrides are shown as `\u{..}`
//! escapes instead of being obeyed.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use std::path::{Path, PathBuf};

use super::plural;
use crate::article::{split_record, ArticleMeta};
use crate::search::{Duplicates, Facet, FacetField, Hit, SearchResults, StoredArticle};

const TITLE: Style = Style::new().bold();
const META: Style = AnsiColor::Green.on_default();
const SPEAKERS: Style = AnsiColor::Cyan.on_default();
const PATH: Style = AnsiColor::Magenta.on_default();
const MATCH: Style = AnsiColor::Red.on_default().bold();
const BAR: Style = AnsiColor::Blue.on_default();

/// Authors a hit names before it counts the rest: a hit stays one line of
/// record.
const HIT_AUTHORS: usize = 2;

/// Writes hits and articles for a person to read.
pub struct HumanPrinter {
    color: bool,
    /// Where the user stands: files under it are shown relative to it.
    cwd: Option<PathBuf>,
}

impl HumanPrinter {
    /// A printer that emits ANSI colour when `color` is set, and shows
    /// files relative to `cwd` when they are under it.
    pub fn new(color: bool, cwd: Option<PathBuf>) -> HumanPrinter {
        HumanPrinter { color, cwd }
    }

    /// Writes every hit, separated by blank lines.
    pub fn write_results(&self, w: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
        let mut partial_seen = false;
        for (i, hit) in results.hits.iter().enumerate() {
            if i > 0 {
                writeln!(w)?;
            }
            if !hit.matched_all && !partial_seen {
                partial_seen = true;
                self.styled_line(w, META, "", "(articles with most of the words, not all)")?;
                writeln!(w)?;
            }
            self.write_hit(w, hit)?;
        }
        Ok(())
    }

    /// Writes one hit of a stream of every match (`--limit all`), after
    /// a blank line unless it is the `first`.
    pub fn write_streamed_hit(&self, w: &mut dyn Write, hit: &Hit, first: bool) -> io::Result<()> {
        if !first {
            writeln!(w)?;
        }
        self.write_hit(w, hit)
    }

    fn write_hit(&self, w: &mut dyn Write, hit: &Hit) -> io::Result<()> {
        let title = self.marked(&hit.article.title, &hit.title_highlights, Some(TITLE));
        writeln!(
            w,
            "{}{title}",
            self.paint(TITLE, &format!("{}. ", hit.rank))
        )?;
        self.write_meta(w, &hit.article, false)?;
        let shown = self.openable(&hit.article.path, hit.file.as_deref());
        self.styled_line(w, PATH, "   ", &escape(&shown))?;

        writeln!(w, "   {}", self.marked(&hit.snippet, &hit.highlights, None))?;
        match &hit.collapsed {
            Some(group) if group.duplicates > 0 => self.write_duplicates(w, group),
            _ => Ok(()),
        }
    }

    /// `+N near-duplicates: PATH, ...`: the rest of a collapsed hit's
    /// group, the first few named.
    fn write_duplicates(&self, w: &mut dyn Write, group: &Duplicates) -> io::Result<()> {
        const NAMED: usize = 3;
        let mut line = format!(
            "+{}",
            plural(group.duplicates, "near-duplicate", "near-duplicates")
        );
        let named: Vec<String> = group
            .duplicate_paths
            .iter()
            .take(NAMED)
            .map(|p| escape(p))
            .collect();
        if !named.is_empty() {
            line.push_str(": ");
            line.push_str(&named.join(", "));
            if group.duplicates > named.len() {
                line.push_str(", ...");
            }
        }
        self.styled_line(w, META, "   ", &line)
    }

    /// `text` escaped, the byte `ranges` painted as matches and the rest
    /// in `base`. Ranges that overlap or fall off a character boundary
    /// are skipped, never a panic.
    fn marked(&self, text: &str, ranges: &[[usize; 2]], base: Option<Style>) -> String {
        let plain = |s: &str| match base {
            Some(style) => self.paint(style, &escape(s)),
            None => escape(s),
        };
        let mut out = String::new();
        let mut at = 0;
        for &[start, end] in ranges {
            let (Some(before), Some(matched)) = (text.get(at..start), text.get(start..end)) else {
                continue;
            };
            out.push_str(&plain(before));
            out.push_str(&self.paint(MATCH, &escape(matched)));
            at = end;
        }
        out.push_str(&plain(text.get(at..).unwrap_or("")));
        out
    }

    /// Writes one stored article whole: title, lead, date and speakers,
    /// where it is, then its text.
    pub fn write_article(&self, w: &mut dyn Write, stored: &StoredArticle) -> io::Result<()> {
        let meta = &stored.article.meta;
        self.styled_line(w, TITLE, "", &escape(&meta.title))?;
        if let Some(lead) = &meta.lead {
            writeln!(w, "   {}", escape(lead))?;
        }
        self.write_meta(w, meta, true)?;
        let shown = self.openable(&meta.path, stored.file.as_deref());
        self.styled_line(w, PATH, "   ", &escape(&shown))?;
        if let Some(url) = &meta.url {
            self.styled_line(w, PATH, "   ", &escape(url))?;
        }
        writeln!(w)?;
        for paragraph in stored.article.body.lines() {
            writeln!(w, "{}", escape(paragraph))?;
        }
        Ok(())
    }

    /// The date line: the day (and time, when the article gave one), the
    /// outlet and the authors, then who speaks. A hit names two authors
    /// at most, and a count of the rest; `whole` (for `show`) names them
    /// all and adds the language.
    fn write_meta(&self, w: &mut dyn Write, article: &ArticleMeta, whole: bool) -> io::Result<()> {
        let date = match article.date {
            None => "no date".to_string(),
            Some(d) if article.date_has_time => d.format("%Y-%m-%d %H:%M UTC").to_string(),
            Some(d) => d.format("%Y-%m-%d").to_string(),
        };
        let mut meta = self.paint(META, &date);
        let mut source = String::new();
        if let Some(outlet) = &article.outlet {
            source.push_str(" · ");
            source.push_str(outlet);
        }
        if !article.authors.is_empty() {
            let shown = if whole {
                article.authors.len()
            } else {
                HIT_AUTHORS
            };
            source.push_str(" · by ");
            source.push_str(
                &article
                    .authors
                    .iter()
                    .take(shown)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            if article.authors.len() > shown {
                source.push_str(&format!(" +{}", article.authors.len() - shown));
            }
        }
        if let (true, Some(lang)) = (whole, &article.lang) {
            source.push_str(" · ");
            source.push_str(lang);
        }
        if !source.is_empty() {
            meta.push_str(&self.paint(META, &escape(&source)));
        }
        if !article.speakers.is_empty() {
            meta.push_str(" | ");
            meta.push_str(&self.paint(SPEAKERS, &escape(&article.speakers.join(", "))));
        }
        writeln!(w, "   {meta}")
    }

    /// A path the user can open from where they stand: the file relative
    /// to the current folder when it is under it, else absolute; with the
    /// record number (`#N`) of an article from a multi-article file. Without
    /// a file (an index that does not record its corpus), the identity.
    pub(crate) fn openable(&self, identity: &str, file: Option<&str>) -> String {
        let Some(file) = file else {
            return identity.to_string();
        };
        let path = Path::new(file);
        let shown = self
            .cwd
            .as_deref()
            .and_then(|cwd| path.strip_prefix(cwd).ok())
            .unwrap_or(path);
        match split_record(identity).1 {
            Some(n) if !file.ends_with(identity) => format!("{}#{n}", shown.display()),
            _ => shown.display().to_string(),
        }
    }

    /// Writes each facet: a table of the largest buckets, or for a date
    /// facet a timeline of bars scaled to `width` columns, one line a
    /// period, empty periods as lines without a bar.
    pub fn write_facets(
        &self,
        w: &mut dyn Write,
        facets: &[Facet],
        width: usize,
    ) -> io::Result<()> {
        for facet in facets {
            writeln!(w)?;
            let mut heading = facet.field.to_string();
            if facet.missing > 0 {
                heading.push_str(&format!(" ({} matches without one)", facet.missing));
            }
            self.styled_line(w, TITLE, "", &heading)?;
            if facet.buckets.is_empty() {
                self.styled_line(w, META, "   ", "(none)")?;
                continue;
            }
            let keys: Vec<String> = facet.buckets.iter().map(|b| escape(&b.key)).collect();
            let key_width = keys.iter().map(|k| k.chars().count()).max().unwrap_or(0);
            let counts: Vec<String> = facet.buckets.iter().map(|b| b.count.to_string()).collect();
            let count_width = counts.iter().map(String::len).max().unwrap_or(0);
            let period = FacetField::from_name(facet.field).is_some_and(FacetField::is_period);
            if !period {
                for (key, count) in keys.iter().zip(&counts) {
                    writeln!(w, "   {count:>count_width$}  {key}")?;
                }
                if facet.other > 0 {
                    let more = format!("{} more in buckets not shown", facet.other);
                    self.styled_line(w, META, "   ", &more)?;
                }
                continue;
            }
            let most = facet
                .buckets
                .iter()
                .map(|b| b.count)
                .max()
                .unwrap_or(0)
                .max(1);
            let room = width.saturating_sub(key_width + count_width + 7).max(10);
            for ((key, count), bucket) in keys.iter().zip(&counts).zip(&facet.buckets) {
                let pad = key_width - key.chars().count();
                let bar = bar(bucket.count, most, room);
                write!(w, "   {key}{:pad$}  {count:>count_width$}", "")?;
                if bar.is_empty() {
                    writeln!(w)?;
                } else {
                    writeln!(w, " {}", self.paint(BAR, &bar))?;
                }
            }
        }
        Ok(())
    }

    fn styled_line(
        &self,
        w: &mut dyn Write,
        style: Style,
        indent: &str,
        text: &str,
    ) -> io::Result<()> {
        writeln!(w, "{indent}{}", self.paint(style, text))
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

/// A bar of `count` against the largest, `most`, which fills `room`
/// columns: whole blocks, then an eighth block for the rest. A count above
/// zero always shows something.
fn bar(count: u64, most: u64, room: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if count == 0 {
        return String::new();
    }
    let eighths = ((count as f64 / most as f64) * (room * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut out: String = std::iter::repeat_n('█', eighths / 8).collect();
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8]);
    }
    out
}

/// Makes untrusted text safe to print on a terminal.
pub fn escape(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn hit(title: &str, snippet: &str, highlights: Vec<[usize; 2]>) -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            id: "MjAyNC9hLnR4dA".into(),
            article: ArticleMeta {
                path: "2024/a.txt".into(),
                title: title.into(),
                lead: None,
                date: Some("2024-12-04T16:16:00Z".parse().unwrap()),
                date_has_time: true,
                speakers: vec!["Mark Rutte".into(), "José Álvarez".into()],
                ..ArticleMeta::default()
            },
            file: None,
            snippet: snippet.into(),
            highlights,
            title_highlights: Vec::new(),
            matched_all: true,
            collapsed: None,
        }
    }

    fn render(color: bool, hit: Hit) -> String {
        let results = SearchResults {
            hits: vec![hit],
            total_hits: 1,
            total_exact: true,
            fill_hits: 0,
            facets: Vec::new(),
            groups: None,
            speakers: Vec::new(),
            speakers_total: 0,
            suggestions: Vec::new(),
            elapsed: Duration::ZERO,
            shard_failures: Vec::new(),
        };
        let mut out = Vec::new();
        HumanPrinter::new(color, None)
            .write_results(&mut out, &results)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_output_shows_every_field() {
        let text = render(
            false,
            hit("Winter plan", "a hard winter ahead", vec![[7, 13]]),
        );
        assert_eq!(
            text,
            "1. Winter plan\n   2024-12-04 16:16 UTC | Mark Rutte, José Álvarez\n   2024/a.txt\n   a hard winter ahead\n"
        );
    }

    #[test]
    fn the_outlet_stands_beside_the_date_and_two_authors_after_it() {
        let mut h = hit("T", "x", vec![]);
        h.article.outlet = Some("Coastal Herald".into());
        h.article.authors = vec!["Ann Lee".into(), "Bo Chen".into(), "Sam Poe".into()];
        h.article.lang = Some("en-gb".into());
        h.article.url = Some("https://a.example/x".into());
        let text = render(false, h);
        assert!(
            text.contains("\n   2024-12-04 16:16 UTC · Coastal Herald · by Ann Lee, Bo Chen +1 | Mark Rutte, José Álvarez\n   2024/a.txt\n"),
            "{text}"
        );
        assert!(
            !text.contains("en-gb") && !text.contains("a.example"),
            "{text}"
        );
    }

    #[test]
    fn show_names_every_author_the_language_and_the_address() {
        let mut article = crate::article::Article::default();
        article.meta.title = "T".into();
        article.meta.path = "a.html".into();
        article.meta.authors = vec!["Ann Lee".into(), "Bo Chen".into(), "Sam Poe".into()];
        article.meta.lang = Some("en-gb".into());
        article.meta.url = Some("https://a.example/x".into());
        article.body = "Text.".into();
        let stored = StoredArticle {
            article,
            file: None,
        };
        let mut out = Vec::new();
        HumanPrinter::new(false, None)
            .write_article(&mut out, &stored)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "T\n   no date · by Ann Lee, Bo Chen, Sam Poe · en-gb\n   a.html\n   https://a.example/x\n\nText.\n"
        );
    }

    #[test]
    fn date_without_a_time_shows_the_day_only() {
        let mut h = hit("T", "x", vec![]);
        h.article.date_has_time = false;
        assert!(render(false, h).contains("\n   2024-12-04 | Mark Rutte"));
    }

    #[test]
    fn colour_wraps_matches_in_bold_red() {
        let text = render(true, hit("T", "a hard winter ahead", vec![[7, 13]]));
        assert!(
            text.contains("\u{1b}[1m\u{1b}[31mwinter\u{1b}[0m"),
            "{text:?}"
        );
    }

    #[test]
    fn ansi_escape_in_title_is_shown_not_obeyed() {
        let text = render(false, hit("Bad \u{1b}[2J title", "x", vec![]));
        assert!(text.contains("Bad \\u{1b}[2J title"), "{text:?}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn files_show_relative_to_where_the_user_stands() {
        let printer = HumanPrinter::new(false, Some(PathBuf::from("/home/ann")));
        assert_eq!(
            printer.openable("2024/a.txt", Some("/home/ann/corpus/2024/a.txt")),
            "corpus/2024/a.txt"
        );
        assert_eq!(
            printer.openable("a.txt", Some("/srv/news/a.txt")),
            "/srv/news/a.txt"
        );
        assert_eq!(
            printer.openable("wire.jsonl#12", Some("/home/ann/corpus/wire.jsonl")),
            "corpus/wire.jsonl#12"
        );
        // A file whose own name has a `#` is not a record of another.
        assert_eq!(
            printer.openable("notes#2", Some("/home/ann/corpus/notes#2")),
            "corpus/notes#2"
        );
        assert_eq!(printer.openable("2024/a.txt", None), "2024/a.txt");
    }

    #[test]
    fn bidi_override_is_escaped() {
        assert_eq!(escape("a\u{202E}b"), "a\\u{202e}b");
    }

    #[test]
    fn ordinary_unicode_is_untouched() {
        assert_eq!(
            escape("Łukasz Wróbel – “quoted”"),
            "Łukasz Wróbel – “quoted”"
        );
    }
}
