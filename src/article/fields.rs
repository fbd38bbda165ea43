//! The field vocabulary and the rules every format parser shares.
//!
//! This module owns which keys name an article's title, lead, date, body,
//! outlet, authors, address and language (one ranked list per field, read by JSON objects and Markdown front
//! matter alike), how a field is chosen among several keys ([`Ranked`]: the
//! best-ranked key with a usable value wins), how a title or lead is made
//! one line ([`collapse_whitespace`]), and how a date line is found near the
//! top of a text ([`find_date_line`]). It leaves where keys are found (JSON
//! visitors, YAML events, `<meta>` tags) to the parsers, and what text is a
//! date to [`super::date`].
//!
//! Key decisions:
//!
//! - **One list per field, the union of what scrapers and static-site
//!   generators write.** A key a format never uses costs nothing, and a key
//!   known to one format and not another was a bug waiting to be found.
//!   Lists are ranked by how surely a key means the field: the common,
//!   specific keys first, the rarer or vaguer ones (`excerpt`,
//!   `meta_description`, `publish_date`) last, so that they never override
//!   a better key.
//! - **Exact spellings rank before case-insensitive matches**, whatever the
//!   lists' lengths: `Title` is used only when no listed key is present.
//! - **A value that cannot be used gives way to the next key**: an empty
//!   string, `null`, or a date no known form reads. An unreadable date is
//!   still kept ([`DateField`]), so that an article left without a date can
//!   say why.

use std::borrow::Cow;

use super::date::{parse_date, parse_date_header, ParsedDate};

/// An article field that documents name by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    Lead,
    Date,
    Body,
    Outlet,
    Authors,
    Url,
    Lang,
}

/// Title keys, best first.
pub(super) const TITLE_KEYS: &[&str] = &["title", "headline", "name"];

/// Lead keys, best first. `excerpt` (trafilatura, Jekyll) and
/// `meta_description` (newspaper) come last: they are often a cut of the
/// body rather than a standfirst.
pub(super) const LEAD_KEYS: &[&str] = &[
    "description",
    "summary",
    "lead",
    "abstract",
    "standfirst",
    "subtitle",
    "excerpt",
    "meta_description",
];

/// Date keys, best first. `created` and `created_at` may be when a record
/// was written rather than published, and `publish_date` is
/// newspaper3k/4k's alone, so they come late.
pub(super) const DATE_KEYS: &[&str] = &[
    "date",
    "date_publish",
    "published",
    "publishedAt",
    "published_at",
    "pubDate",
    "publishDate",
    "datePublished",
    "date_published",
    "created_at",
    "created",
    "timestamp",
    "publish_date",
];

/// Body keys, best first (Markdown's body is its text, so only JSON reads
/// these).
pub(super) const BODY_KEYS: &[&str] = &[
    "maintext",
    "text",
    "body",
    "content",
    "article",
    "article_text",
    "articleBody",
    "full_text",
];

/// Outlet keys, best first. `source` is NewsAPI's (an object with a
/// `name`) and some scrapers'; trafilatura's `source` is the address, which
/// is no outlet and gives way to the next key. Domains
/// (`source_domain`, news-please's) come last: a name is better.
pub(super) const OUTLET_KEYS: &[&str] = &[
    "outlet",
    "publisher",
    "site_name",
    "sitename",
    "source",
    "source_name",
    "source-hostname",
    "source_domain",
    "hostname",
];

/// Author keys, best first: a list, a name, or a byline to split.
pub(super) const AUTHOR_KEYS: &[&str] = &["authors", "author", "byline", "creator"];

/// Address keys, best first: a canonical address before a plain one, and
/// RSS's `link` after both.
pub(super) const URL_KEYS: &[&str] = &[
    "canonical_url",
    "canonical",
    "url",
    "link",
    "permalink",
    "article_url",
];

/// Language keys, best first.
pub(super) const LANG_KEYS: &[&str] = &["language", "lang", "inLanguage", "locale"];

const FIELD_KEYS: [(Field, &[&str]); 8] = [
    (Field::Title, TITLE_KEYS),
    (Field::Lead, LEAD_KEYS),
    (Field::Date, DATE_KEYS),
    (Field::Body, BODY_KEYS),
    (Field::Outlet, OUTLET_KEYS),
    (Field::Authors, AUTHOR_KEYS),
    (Field::Url, URL_KEYS),
    (Field::Lang, LANG_KEYS),
];

/// A key's preference: lower wins.
pub(super) type Rank = usize;

/// Every exact match outranks every case-insensitive one, whatever the
/// lists' lengths.
const CASE_INSENSITIVE_RANK: Rank = 1 << 8;

/// A key's rank in `keys`: its position when spelt exactly as listed, else
/// after every exact match when it differs only in ASCII case.
pub(super) fn rank_in(keys: &[&str], key: &str) -> Option<Rank> {
    keys.iter().position(|k| *k == key).or_else(|| {
        let i = keys.iter().position(|k| k.eq_ignore_ascii_case(key))?;
        Some(CASE_INSENSITIVE_RANK + i)
    })
}

/// The field a key names and its rank, or `None` for a key no field reads.
/// The lists share no key, even ignoring case, so a key has one field.
pub(super) fn classify(key: &str) -> Option<(Field, Rank)> {
    FIELD_KEYS
        .iter()
        .find_map(|&(field, keys)| Some((field, rank_in(keys, key)?)))
}

/// A field's best value so far, with the rank of the key it came from:
/// "rank the keys, first usable value wins".
#[derive(Debug)]
pub(super) struct Ranked<T>(Option<(Rank, T)>);

impl<T> Default for Ranked<T> {
    fn default() -> Self {
        Ranked(None)
    }
}

impl<T> Ranked<T> {
    /// Whether a value from a key of this rank would be taken: nothing is
    /// held yet, or what is held came from a worse key. Ask before reading
    /// a value that is costly to read.
    pub fn wants(&self, rank: Rank) -> bool {
        self.0.as_ref().is_none_or(|(held, _)| rank < *held)
    }

    /// Takes `value` unless it is unusable (`None`) or a better key already
    /// gave one; on equal ranks the first value stays.
    pub fn offer(&mut self, rank: Rank, value: Option<T>) {
        if let Some(value) = value {
            if self.wants(rank) {
                self.0 = Some((rank, value));
            }
        }
    }

    /// Whether any key gave a usable value.
    pub fn is_found(&self) -> bool {
        self.0.is_some()
    }

    /// The value of the best key, if any gave one.
    pub fn into_value(self) -> Option<T> {
        self.0.map(|(_, value)| value)
    }
}

/// The date a document declares under its date keys: the best one that
/// reads, and the best text that does not, kept so that an article left
/// without a date can say which text was not understood.
#[derive(Debug, Default)]
pub(super) struct DateField {
    date: Ranked<ParsedDate>,
    unreadable: Ranked<String>,
}

impl DateField {
    /// Whether a key of this rank could still give the date.
    pub fn wants(&self, rank: Rank) -> bool {
        self.date.wants(rank)
    }

    /// Considers the text under a date key. Blank text is no date at all;
    /// text [`parse_date`] does not read is kept as unreadable.
    pub fn offer_text(&mut self, rank: Rank, text: &str) {
        let text = text.trim();
        if text.is_empty() || !self.wants(rank) {
            return;
        }
        match parse_date(text) {
            Some(date) => self.date.offer(rank, Some(date)),
            None => self.offer_unreadable(rank, text),
        }
    }

    /// Takes a date already read (a timestamp).
    pub fn offer_date(&mut self, rank: Rank, date: ParsedDate) {
        self.date.offer(rank, Some(date));
    }

    /// Keeps a value that was given as a date and is not one.
    pub fn offer_unreadable(&mut self, rank: Rank, text: &str) {
        if self.unreadable.wants(rank) {
            self.unreadable.offer(rank, Some(text.to_string()));
        }
    }

    /// The date, and the unreadable text when there is no date.
    pub fn into_parts(self) -> (Option<ParsedDate>, Option<String>) {
        match self.date.into_value() {
            Some(date) => (Some(date), None),
            None => (None, self.unreadable.into_value()),
        }
    }
}

/// Text as one line: every run of whitespace (line breaks included) becomes
/// one space, and none is left at either end. A headline or lead never
/// spans lines in the index. Borrows when nothing but the ends changes.
pub(super) fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    let mut prev_space = false;
    let collapsed = trimmed.chars().all(|c| {
        let ok = if c == ' ' {
            !prev_space
        } else {
            !c.is_whitespace()
        };
        prev_space = c == ' ';
        ok
    });
    if collapsed {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether two lines have the same words, whatever their case and spacing
/// (a headline repeated at the top of a story, one author named twice).
pub(super) fn same_words(a: &str, b: &str) -> bool {
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y))
                if x.chars()
                    .flat_map(char::to_lowercase)
                    .eq(y.chars().flat_map(char::to_lowercase)) => {}
            _ => return false,
        }
    }
}

/// [`collapse_whitespace`] for owned text, reusing it when it is already one
/// line; `None` when nothing is left.
pub(super) fn one_line(text: String) -> Option<String> {
    let line = match collapse_whitespace(&text) {
        Cow::Borrowed(line) if line.len() == text.len() => text,
        other => other.into_owned(),
    };
    (!line.is_empty()).then_some(line)
}

/// How many lines after the title may hold the date line, in every format
/// that looks for one: the reference layout puts the date on line 3, after
/// title and lead, and a byline may push it one further.
pub(super) const DATE_LINES: usize = 3;

/// The date a line gives when it is wholly a date, or a `Date:` header.
pub(super) fn date_of_line(line: &str) -> Option<ParsedDate> {
    parse_date(line).or_else(|| parse_date_header(line))
}

/// The first date line among the first `within` of `lines`, each paired
/// with what the caller needs to find it again; returns that and the date.
pub(super) fn find_date_line<'a, T>(
    lines: impl IntoIterator<Item = (T, &'a str)>,
    within: usize,
) -> Option<(T, ParsedDate)> {
    lines
        .into_iter()
        .take(within)
        .find_map(|(at, line)| Some((at, date_of_line(line)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_belongs_to_two_fields_even_ignoring_case() {
        let all: Vec<&str> = FIELD_KEYS
            .iter()
            .flat_map(|(_, keys)| keys.iter().copied())
            .collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(!a.eq_ignore_ascii_case(b), "{a} and {b}");
            }
        }
    }

    #[test]
    fn every_listed_key_names_its_field() {
        for (field, keys) in FIELD_KEYS {
            for (i, key) in keys.iter().enumerate() {
                assert_eq!(classify(key), Some((field, i)), "{key}");
            }
        }
    }

    #[test]
    fn unknown_keys_name_no_field() {
        for key in ["tags", "titles", "image", "categories", "urlToImage"] {
            assert_eq!(classify(key), None, "{key}");
        }
    }

    #[test]
    fn exact_spelling_outranks_any_case_insensitive_match() {
        let loose = rank_in(TITLE_KEYS, "Title").unwrap();
        let exact_last = rank_in(TITLE_KEYS, "name").unwrap();
        assert!(exact_last < loose);
        assert_eq!(
            rank_in(DATE_KEYS, "PUBLISHEDAT"),
            Some(CASE_INSENSITIVE_RANK + 3)
        );
    }

    #[test]
    fn better_key_wins_whatever_the_order_offered() {
        let mut title = Ranked::default();
        title.offer(2, Some("from name"));
        title.offer(0, Some("from title"));
        title.offer(1, Some("from headline"));
        assert_eq!(title.into_value(), Some("from title"));
    }

    #[test]
    fn unusable_value_leaves_the_field_to_the_next_key() {
        let mut lead: Ranked<&str> = Ranked::default();
        lead.offer(0, None);
        assert!(lead.wants(0));
        lead.offer(3, Some("later key"));
        assert_eq!(lead.into_value(), Some("later key"));
    }

    #[test]
    fn equal_ranks_keep_the_first_value() {
        let mut date = Ranked::default();
        date.offer(1, Some("first"));
        date.offer(1, Some("second"));
        assert_eq!(date.into_value(), Some("first"));
    }

    #[test]
    fn unreadable_date_gives_way_to_a_readable_one() {
        let mut date = DateField::default();
        date.offer_text(0, "bad date");
        date.offer_text(5, "2024-12-04");
        let (read, unreadable) = date.into_parts();
        assert_eq!(
            read.map(|d| d.utc.to_rfc3339()).as_deref(),
            Some("2024-12-04T00:00:00+00:00")
        );
        assert_eq!(unreadable, None);
    }

    #[test]
    fn unreadable_date_is_kept_when_nothing_reads() {
        let mut date = DateField::default();
        date.offer_text(4, "soon");
        date.offer_text(1, "  bad date ");
        date.offer_text(0, "   ");
        assert_eq!(date.into_parts(), (None, Some("bad date".to_string())));
    }

    #[test]
    fn whitespace_runs_and_line_breaks_become_one_space() {
        assert_eq!(
            collapse_whitespace(" Storm closes\n  coast\t\troad\u{a0}today "),
            "Storm closes coast road today"
        );
    }

    #[test]
    fn one_line_text_is_borrowed_trimmed() {
        assert!(matches!(
            collapse_whitespace("  Plain headline "),
            Cow::Borrowed("Plain headline")
        ));
        assert!(matches!(collapse_whitespace("a\nb"), Cow::Owned(_)));
    }

    #[test]
    fn blank_text_is_no_line() {
        assert_eq!(one_line(" \n\t".to_string()), None);
        assert_eq!(one_line("Kept".to_string()).as_deref(), Some("Kept"));
    }

    #[test]
    fn date_line_is_found_among_the_first_lines_only() {
        let lines = ["Lead.", "By Ann Lee", "Published: 4 December 2024", "Text."];
        let found = find_date_line(lines.iter().copied().enumerate(), DATE_LINES);
        assert_eq!(found.map(|(i, _)| i), Some(2));
        let late = ["Lead.", "Byline", "Place", "4 December 2024"];
        assert!(find_date_line(late.iter().copied().enumerate(), DATE_LINES).is_none());
    }

    #[test]
    fn a_date_in_a_sentence_is_not_a_date_line() {
        assert!(date_of_line("On 4 December 2024 we met.").is_none());
        assert!(date_of_line("4 December 2024 16:16").is_some());
        assert!(date_of_line("Date: 2024-12-04").is_some());
    }
}
