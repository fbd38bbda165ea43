//! What a page declares about its article: title, publication date and
//! lead from `<meta>` tags, JSON-LD and, failing those, markup (`<h1>`,
//! `<time>`, `<title>`, a byline, a standfirst).
//!
//! This module owns the order in which those sources are believed (see
//! [`super::parse`]) and the cleaning of what they say: entities a site
//! encoded twice, whitespace, a site name around a headline. It leaves
//! finding the elements to the page walk ([`super::story::Scan`]) and
//! reading date text to [`crate::article::date`].
//!
//! `<meta>` tags are kept by name ([`Metas`]), each from the first tag of
//! that name with content, so that a rule asks for `og_title`, not for a
//! slot number in a table.

use std::borrow::Cow;
use std::cmp::Reverse;

use scraper::{Html, Node};
use serde_json::Value;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};

use super::story::Scan;
use super::text::extract_text;
use super::{Attrs, Nd};
use crate::article::date::{parse_date, ParsedDate};
use crate::article::fields::{collapse_whitespace, date_of_line, DateField};
use crate::article::provenance::{author_names, is_byline, page_address};
use crate::article::Source;

/// Generic date `<meta>` names, best first; `article:published_time` and
/// JSON-LD outrank all of them.
const DATE_METAS: [&str; 16] = [
    "date",
    "pubdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "publishdate",
    "publish_date",
    "published_at",
    "published-date",
    "article.published",
    "article_date_original",
    "datepublished",
    "dcterms.date",
    "dcterms.created",
];

/// Author `<meta>` names, best first (`byl` is the New York Times' "By
/// ..." line).
const AUTHOR_METAS: [&str; 8] = [
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "twitter:creator",
    "byl",
];

/// The `<meta>` tags the rules read, each from the first tag with that
/// `name` or `property` (sites mix the two up) and non-blank content.
#[derive(Debug, Default)]
pub(super) struct Metas<'a> {
    og_title: Option<&'a str>,
    twitter_title: Option<&'a str>,
    og_site_name: Option<&'a str>,
    application_name: Option<&'a str>,
    published_time: Option<&'a str>,
    /// The page's own address, where many sites put the day.
    pub og_url: Option<&'a str>,
    /// The generic date metas, by their rank in [`DATE_METAS`].
    dates: [Option<&'a str>; DATE_METAS.len()],
    og_description: Option<&'a str>,
    description: Option<&'a str>,
    twitter_description: Option<&'a str>,
    og_locale: Option<&'a str>,
    /// `<meta http-equiv="content-language">`.
    content_language: Option<&'a str>,
    /// The author metas, by their rank in [`AUTHOR_METAS`].
    authors: [Option<&'a str>; AUTHOR_METAS.len()],
}

impl<'a> Metas<'a> {
    /// Records a `<meta>` tag's content under its name and its property.
    pub fn record(&mut self, a: &Attrs<'a>) {
        let Some(content) = a.content.filter(|c| !c.trim().is_empty()) else {
            return;
        };
        if a.http_equiv
            .is_some_and(|h| h.trim().eq_ignore_ascii_case("content-language"))
        {
            self.content_language.get_or_insert(content);
        }
        for key in [a.property, a.name].into_iter().flatten() {
            if let Some(slot) = self.slot(key) {
                slot.get_or_insert(content);
            }
        }
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<&'a str>> {
        let key = key.trim().to_ascii_lowercase();
        Some(match key.as_str() {
            "og:title" => &mut self.og_title,
            "twitter:title" => &mut self.twitter_title,
            "og:site_name" => &mut self.og_site_name,
            "application-name" => &mut self.application_name,
            "article:published_time" => &mut self.published_time,
            "og:url" => &mut self.og_url,
            "og:description" => &mut self.og_description,
            "description" => &mut self.description,
            "twitter:description" => &mut self.twitter_description,
            "og:locale" => &mut self.og_locale,
            other => match DATE_METAS.iter().position(|k| *k == other) {
                Some(at) => &mut self.dates[at],
                None => &mut self.authors[AUTHOR_METAS.iter().position(|k| *k == other)?],
            },
        })
    }
}

impl<'a> Scan<'a> {
    fn site_name(&self) -> Option<&'a str> {
        self.metas
            .og_site_name
            .or(self.metas.application_name)
            .map(str::trim)
    }

    pub fn title(&self, linked: &LinkedData) -> Option<String> {
        let site = self.site_name();
        let strip = |t: String| match site.and_then(|s| strip_site_name(&t, s)) {
            Some(shorter) => shorter.to_string(),
            None => t,
        };
        let declared = [
            self.metas.og_title,
            self.metas.twitter_title,
            linked.headline.as_deref(),
        ];
        declared
            .into_iter()
            .flatten()
            .find_map(clean)
            .map(strip)
            .or_else(|| {
                [self.h1_in_story, self.h1]
                    .into_iter()
                    .flatten()
                    .find_map(|h1| extract_text(h1, false, &self.weights).pop())
            })
            .or_else(|| {
                let title = extract_text(self.title?, false, &self.weights).pop()?;
                let shorter = match site.and_then(|s| strip_site_name(&title, s)) {
                    Some(shorter) => shorter,
                    None => strip_title_suffix(&title),
                };
                Some(shorter.to_string())
            })
    }

    /// The publication date, and the text of a declared date that no known
    /// form reads (to be named when no date is found at all). `body` is the
    /// story's container, whose own `<time>`s beat those of teasers
    /// elsewhere on the page.
    pub fn date(&self, linked: &LinkedData, body: Nd<'a>) -> (Option<ParsedDate>, Option<String>) {
        let declared = [
            self.metas.published_time,
            linked.date_published.as_deref(),
            linked.date_created.as_deref(),
        ]
        .into_iter()
        .chain(self.metas.dates)
        .chain([self.itemprop_date, linked.any_date.as_deref()])
        .flatten();
        let mut date = DateField::default();
        for (rank, text) in declared.enumerate() {
            let text = text.trim();
            match parse_date(text) {
                Some(d) if is_plausible(d) => date.offer_date(rank, d),
                _ if text.is_empty() => {}
                _ => date.offer_unreadable(rank, text),
            }
        }
        match date.into_parts() {
            (None, unreadable) => (self.marked_up_date(body), unreadable),
            found => found,
        }
    }

    /// A date on a line of its own just after the headline, in an element
    /// that nothing marks as a date or a byline (`<p class="pubinfo">`,
    /// `<div class="info">`): where a page without metadata says when it
    /// was published. Only short elements count, each line wholly a date or
    /// a date header, and only those between the headline and the first
    /// long block (the story), so that no date written in prose does.
    pub fn headline_date(&self) -> Option<ParsedDate> {
        /// Elements looked at after the headline, at each of two levels.
        const NEAR: usize = 6;
        /// Longer than this, an element is story, not the story's header.
        const MAX_HEADER_TEXT: usize = 200;
        let h1 = self.h1_in_story.or(self.h1)?;
        let after = |n: Nd<'a>| {
            n.next_siblings()
                .filter(|s| s.value().is_element())
                .take(NEAR)
        };
        // The headline's own neighbours, then those of its wrapper
        // (`<header><h1>…</h1></header><p>date</p>`).
        let near = after(h1).chain(h1.parent().into_iter().flat_map(after));
        let mut found = None;
        for node in near {
            let lines = extract_text(node, true, &self.weights);
            if lines.iter().map(String::len).sum::<usize>() > MAX_HEADER_TEXT {
                break;
            }
            found = lines.iter().find_map(|line| date_of_line(line));
            if found.is_some() {
                break;
            }
        }
        found.filter(|d| is_plausible(*d))
    }

    /// The day in the page's address (`/2019/11/20/`), from the canonical
    /// link or `og:url`: the last resort, a day without a time.
    pub fn url_date(&self) -> Option<ParsedDate> {
        [self.canonical, self.metas.og_url]
            .into_iter()
            .flatten()
            .find_map(date_in_url)
            .filter(|d| is_plausible(*d))
    }

    /// The date the markup gives: a `<time>`'s `datetime`, the text of a
    /// `<time>`, then a byline's text.
    fn marked_up_date(&self, body: Nd<'a>) -> Option<ParsedDate> {
        let mut times: Vec<((bool, u8), Nd<'a>)> = self
            .times
            .iter()
            .map(|&(rank, t)| ((t.ancestors().any(|a| a.id() == body.id()), rank), t))
            .collect();
        // Stable, so equal ranks keep document order.
        times.sort_by_key(|&(rank, _)| Reverse(rank));
        let date_in_text =
            |node: Nd<'a>| date_in_byline(&extract_text(node, false, &self.weights).pop()?);
        times
            .iter()
            .filter_map(|(_, t)| t.value().as_element()?.attr("datetime"))
            .find_map(parse_date)
            .or_else(|| times.iter().find_map(|&(_, t)| date_in_text(t)))
            .or_else(|| self.bylines.iter().find_map(|&b| date_in_text(b)))
            .filter(|d| is_plausible(*d))
    }

    pub fn lead(&self, linked: &LinkedData) -> Option<String> {
        let declared = [
            self.metas.og_description,
            self.metas.description,
            linked.description.as_deref(),
            self.metas.twitter_description,
        ];
        declared
            .into_iter()
            .flatten()
            .find_map(clean)
            .or_else(|| extract_text(self.standfirst?, false, &self.weights).pop())
    }
}

impl<'a> Scan<'a> {
    /// Outlet, authors, address and language, each from the first source
    /// that gives one: what the page declares for search engines and
    /// social cards first, then its markup. `story_bylines` are the `By
    /// ...` lines the story's text opened with (left out of its body).
    ///
    /// - Outlet: `og:site_name`, JSON-LD `publisher`, `application-name`.
    /// - Authors: JSON-LD `author`, the author metas ([`AUTHOR_METAS`]),
    ///   `[itemprop=author]`/`[rel=author]` and `author`- or
    ///   `byline`-classed elements, byline elements, the story's bylines.
    /// - Address: `<link rel=canonical>`, `og:url`, JSON-LD `url` and
    ///   `mainEntityOfPage`.
    /// - Language: JSON-LD `inLanguage`, `<html lang>`,
    ///   `content-language`, `og:locale`.
    pub fn source(&self, linked: &LinkedData, story_bylines: Vec<String>) -> Source {
        let text_of = |node: Nd<'a>| -> String {
            let mut text = String::new();
            for inner in node.descendants() {
                if let Node::Text(t) = inner.value() {
                    text.push_str(t);
                }
            }
            collapse_whitespace(&text).into_owned()
        };
        // Marked elements hold a name, or a short line with one; an
        // author box with a biography is not a byline.
        let marked: Vec<String> = self
            .author_marks
            .iter()
            .map(|&n| text_of(n))
            .filter(|t| is_byline(t) || t.split_whitespace().count() <= SHORT_AUTHOR_WORDS)
            .collect();
        let bylines: Vec<String> = self
            .bylines
            .iter()
            .map(|&n| text_of(n))
            .filter(|t| is_byline(t))
            .collect();
        let metas: Vec<String> = self
            .metas
            .authors
            .iter()
            .flatten()
            .map(|a| a.to_string())
            .collect();
        // Declared authors first, then markup, whose names must look like
        // names (a byline element may hold a date or a role as well).
        let tiers = [
            (linked.authors.clone(), false),
            (metas, false),
            (marked, true),
            (bylines, true),
            (story_bylines, true),
        ];
        let (authors, authors_in_markup) = tiers
            .into_iter()
            .find(|(tier, markup)| tier.iter().any(|t| !author_names(t, *markup).is_empty()))
            .unwrap_or_default();
        let strings = |found: &[Option<&str>]| -> Vec<String> {
            found.iter().flatten().map(|s| s.to_string()).collect()
        };
        let mut outlets = strings(&[self.metas.og_site_name]);
        outlets.extend(linked.publisher.clone());
        outlets.extend(strings(&[self.metas.application_name]));
        let mut urls = strings(&[self.canonical, self.metas.og_url]);
        urls.extend(linked.urls.iter().cloned());
        let mut langs: Vec<String> = linked.in_language.iter().cloned().collect();
        langs.extend(strings(&[
            self.lang,
            self.metas.content_language,
            self.metas.og_locale,
        ]));
        Source {
            outlets: outlets.into_iter().filter_map(|o| clean(&o)).collect(),
            authors: authors.into_iter().filter_map(|a| clean(&a)).collect(),
            authors_in_markup,
            urls: urls.into_iter().filter_map(|u| page_address(&u)).collect(),
            langs,
        }
    }
}

/// Words an author-marked element may hold without a `By`: a name, or a
/// name and a role.
const SHORT_AUTHOR_WORDS: usize = 8;

/// Whether a date can be a publication date: not a placeholder a
/// publishing system writes for "unset" (the Unix epoch, 1900-01-01; years
/// before 1000 are never read at all), and not after tomorrow.
pub(super) fn is_plausible(date: ParsedDate) -> bool {
    let day = date.utc.date_naive();
    let placeholder = [(1970, 1, 1), (1900, 1, 1)]
        .iter()
        .any(|&(y, m, d)| (day.year(), day.month(), day.day()) == (y, m, d));
    !placeholder && date.utc <= Utc::now() + TimeDelta::days(1)
}

/// The date a byline gives: the whole line as a date or a `Published:`
/// header, else the longest run of its words at either end that is a date
/// ("By Ann Lee, November 20, 2019"; "Nov 20, 2019 by Ann Lee").
pub(super) fn date_in_byline(line: &str) -> Option<ParsedDate> {
    /// Past this a line is prose, not a byline.
    const MAX_BYLINE_LEN: usize = 200;
    if line.len() > MAX_BYLINE_LEN {
        return None;
    }
    date_of_line(line).or_else(|| {
        let cuts = || {
            line.char_indices()
                .filter(|(_, c)| c.is_whitespace())
                .map(|(i, c)| (i, i + c.len_utf8()))
        };
        fn trim(s: &str) -> &str {
            s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '-'))
        }
        cuts()
            .find_map(|(_, after)| date_of_line(trim(&line[after..])))
            .or_else(|| {
                let ends: Vec<usize> = cuts().map(|(at, _)| at).collect();
                ends.into_iter()
                    .rev()
                    .find_map(|at| date_of_line(trim(&line[..at])))
            })
    })
}

/// The day of an address with `/2019/11/20/` or `/2019-11-20` in its path.
fn date_in_url(url: &str) -> Option<ParsedDate> {
    let path = url.split(['?', '#']).next()?;
    let bytes = path.as_bytes();
    let number = |at: usize, len: usize| -> Option<u32> {
        let digits = bytes.get(at..at + len)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())?
    };
    let ends_part = |at: usize| bytes.get(at).is_none_or(|b| !b.is_ascii_digit());
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'/')
        .find_map(|(slash, _)| {
            let year = number(slash + 1, 4)?;
            let sep = *bytes.get(slash + 5)?;
            if sep != b'/' && sep != b'-' {
                return None;
            }
            let month = number(slash + 6, 2)?;
            if bytes.get(slash + 8) != Some(&sep) {
                return None;
            }
            let day = number(slash + 9, 2).filter(|_| ends_part(slash + 11))?;
            let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
            Some(ParsedDate {
                utc: date.and_time(NaiveTime::MIN).and_utc(),
                has_time: false,
                has_zone: false,
            })
        })
}

/// Separators between a headline and a site name, surest first: a `|`
/// is almost never part of a headline, a dash often is.
const TITLE_SEPARATORS: [&str; 7] = [" | ", " :: ", " — ", " – ", " - ", " · ", " • "];

/// A site name is short; a longer tail after a separator is more likely part of
/// the headline.
const MAX_SITE_NAME_WORDS: usize = 5;

/// Cuts a known site name, and its separator, from either end of a title.
fn strip_site_name<'t>(title: &'t str, site: &str) -> Option<&'t str> {
    if site.is_empty() {
        return None;
    }
    let cut = title.len().checked_sub(site.len())?;
    if let (Some(head), Some(tail)) = (title.get(..cut), title.get(cut..)) {
        if tail.eq_ignore_ascii_case(site) {
            if let Some(head) = TITLE_SEPARATORS.iter().find_map(|s| head.strip_suffix(s)) {
                return Some(head.trim()).filter(|h| !h.is_empty());
            }
        }
    }
    if let (Some(head), Some(tail)) = (title.get(..site.len()), title.get(site.len()..)) {
        if head.eq_ignore_ascii_case(site) {
            if let Some(tail) = TITLE_SEPARATORS.iter().find_map(|s| tail.strip_prefix(s)) {
                return Some(tail.trim()).filter(|t| !t.is_empty());
            }
        }
    }
    None
}

/// Cuts a trailing ` | Site` from a `<title>` when no site name is known.
fn strip_title_suffix(title: &str) -> &str {
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let head = head.trim();
            if !head.is_empty() && tail.split_whitespace().count() <= MAX_SITE_NAME_WORDS {
                return head;
            }
            return title;
        }
    }
    title
}

/// Text from metadata made ready to use: entities a site encoded twice
/// decoded, whitespace collapsed; `None` when nothing is left.
fn clean(text: &str) -> Option<String> {
    let decoded = decode_leftover_entities(text);
    let line = collapse_whitespace(&decoded);
    (!line.is_empty()).then(|| line.into_owned())
}

/// Decodes character references still present in text html5ever has
/// already decoded once (`&amp;amp;` in a `content` attribute), or in
/// JSON-LD, which is script text and never decoded. html5ever itself does
/// the decoding, with `<` escaped so no markup can form.
fn decode_leftover_entities(text: &str) -> Cow<'_, str> {
    if !has_entity_reference(text) {
        return Cow::Borrowed(text);
    }
    let fragment = Html::parse_fragment(&text.replace('<', "&lt;"));
    let mut out = String::with_capacity(text.len());
    for node in fragment.tree.root().descendants() {
        if let Node::Text(t) = node.value() {
            out.push_str(t);
        }
    }
    Cow::Owned(out)
}

/// Whether text holds `&name;`, `&#123;` or `&#x1F;`.
fn has_entity_reference(text: &str) -> bool {
    /// Longer than any entity name or numeric reference.
    const MAX_REFERENCE: usize = 32;
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'&')
        .any(|(i, _)| {
            let rest = bytes.get(i + 1..).unwrap_or_default();
            let (body, allowed): (&[u8], fn(&u8) -> bool) = match rest {
                [b'#', b'x' | b'X', body @ ..] => (body, u8::is_ascii_hexdigit),
                [b'#', body @ ..] => (body, u8::is_ascii_digit),
                _ => (rest, u8::is_ascii_alphanumeric),
            };
            let len = body
                .iter()
                .take(MAX_REFERENCE + 1)
                .take_while(|b| allowed(b))
                .count();
            (1..=MAX_REFERENCE).contains(&len) && body.get(len) == Some(&b';')
        })
}

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default)]
pub(super) struct LinkedData {
    headline: Option<String>,
    date_published: Option<String>,
    /// An article's `dateCreated`, for articles that give no `datePublished`.
    date_created: Option<String>,
    /// The first `datePublished` (or `dateCreated`) of any type: a fact
    /// check is a `ClaimReview`, a post a `SocialMediaPosting`.
    any_date: Option<String>,
    description: Option<String>,
    /// The article's `publisher` (its `name`, or the string).
    publisher: Option<String>,
    /// The article's `author`s' names, or strings.
    authors: Vec<String>,
    /// The article's `url` and `mainEntityOfPage` (or its `@id`).
    urls: Vec<String>,
    /// The article's `inLanguage`.
    in_language: Option<String>,
}

/// schema.org types of a news story (and any `*NewsArticle`).
const ARTICLE_TYPES: [&str; 5] = [
    "Article",
    "NewsArticle",
    "ReportageNews",
    "BlogPosting",
    "LiveBlogPosting",
];

/// How deep arrays, `@graph` and `mainEntity` are followed; real pages need
/// three or four levels.
const MAX_LD_DEPTH: usize = 16;

impl LinkedData {
    pub fn from_scripts(scripts: &[Nd<'_>]) -> Self {
        let mut linked = LinkedData::default();
        let mut raw = String::new();
        for script in scripts {
            raw.clear();
            for node in script.descendants() {
                if let Node::Text(t) = node.value() {
                    raw.push_str(t);
                }
            }
            if let Some(value) = parse_json_ld(&raw) {
                linked.visit(&value, 0);
            }
        }
        linked
    }

    fn visit(&mut self, value: &Value, depth: usize) {
        if depth > MAX_LD_DEPTH {
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.visit(item, depth + 1);
                }
            }
            Value::Object(map) => {
                if map.get("@type").is_some_and(is_article_type) {
                    fill(&mut self.headline, map.get("headline"));
                    fill(&mut self.date_published, map.get("datePublished"));
                    fill(&mut self.date_created, map.get("dateCreated"));
                    fill(&mut self.description, map.get("description"));
                    self.read_source(map);
                }
                fill(
                    &mut self.any_date,
                    map.get("datePublished").or_else(|| map.get("dateCreated")),
                );
                for key in ["@graph", "mainEntity"] {
                    if let Some(inner) = map.get(key) {
                        self.visit(inner, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

impl LinkedData {
    /// Outlet, authors, address and language from an article's object;
    /// the first article object that gives each keeps it.
    fn read_source(&mut self, map: &serde_json::Map<String, Value>) {
        if self.publisher.is_none() {
            self.publisher = map.get("publisher").and_then(name_of);
        }
        if self.authors.is_empty() {
            match map.get("author") {
                Some(Value::Array(items)) => {
                    self.authors = items.iter().filter_map(name_of).collect();
                }
                Some(one) => self.authors.extend(name_of(one)),
                None => {}
            }
        }
        if self.urls.is_empty() {
            for key in ["url", "mainEntityOfPage"] {
                let address = match map.get(key) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Object(inner)) => inner
                        .get("@id")
                        .or_else(|| inner.get("url"))
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    _ => None,
                };
                self.urls.extend(address);
            }
        }
        if self.in_language.is_none() {
            self.in_language = map.get("inLanguage").and_then(|l| match l {
                Value::String(s) => Some(s.clone()),
                Value::Object(inner) => inner
                    .get("alternateName")
                    .or_else(|| inner.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                _ => None,
            });
        }
    }
}

/// A person's or organisation's name: a string, or an object's `name`.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.get("name").and_then(|n| match n {
            Value::String(s) => Some(s.clone()),
            _ => None,
        }),
        _ => None,
    }
}

/// Fills an empty slot from a JSON-LD string (or the first of a list of
/// them), entities decoded and whitespace collapsed.
fn fill(slot: &mut Option<String>, value: Option<&Value>) {
    if slot.is_some() {
        return;
    }
    let text = match value {
        Some(Value::String(s)) => s,
        Some(Value::Array(items)) => match items.first() {
            Some(Value::String(s)) => s,
            _ => return,
        },
        _ => return,
    };
    *slot = clean(text);
}

fn is_article_type(kind: &Value) -> bool {
    match kind {
        Value::String(s) => names_article_type(s),
        Value::Array(kinds) => kinds
            .iter()
            .any(|k| k.as_str().is_some_and(names_article_type)),
        _ => false,
    }
}

fn names_article_type(name: &str) -> bool {
    // `schema:NewsArticle`, `https://schema.org/NewsArticle`.
    let bare = name.rsplit(['/', ':', '#']).next().unwrap_or(name).trim();
    ARTICLE_TYPES.contains(&bare) || bare.ends_with("NewsArticle")
}

/// Parses a JSON-LD script, forgiving the wrappers (`<!-- -->`, CDATA) and
/// raw line breaks inside strings that real pages carry.
fn parse_json_ld(raw: &str) -> Option<Value> {
    let mut body = raw.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = body.strip_prefix(open).and_then(|b| b.strip_suffix(close)) {
            body = inner.trim();
        }
    }
    serde_json::from_str(body).ok().or_else(|| {
        // Control characters are invalid only inside strings, and as
        // spaces they are harmless between tokens.
        if !body.contains(char::is_control) {
            return None;
        }
        let spaced: String = body
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&spaced).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::html::testkit::{date_of, page, parse, utc};
    use crate::article::ParseNote;

    const ALL_TITLES: &str = r#"
        <title>From title | Site</title>
        <meta property="og:title" content="From og">
        <meta name="twitter:title" content="From twitter">
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"From JSON-LD"}</script>"#;

    const H1S: &str =
        "<h1>First h1</h1><article><h1>Article h1</h1><p>Text of the story.</p></article>";

    #[test]
    fn a_story_header_outside_article_dates_the_page_and_a_site_header_does_not() {
        let story = "<div class=\"post\"><header class=\"entry-header\"><h1>Cuts</h1>\
            <span class=\"entry-date\">Posted on 3 February 2026 at 4:47pm</span></header>\
            <div class=\"entry-content\"><p>The council met.</p></div></div>";
        assert_eq!(date_of("", story), utc("2026-02-03T16:47:00Z"));
        // A site header shows today's date, not the story's.
        let site =
            "<header class=\"site-header\"><span class=\"date\">Monday 30 November 2026</span>\
            </header><div><p>The council met.</p></div>";
        assert_eq!(date_of("", site), None);
        // A theme's visible date, marked by a `date` class word, inside the story.
        let marked = "<article><h1>Fiesta</h1><span class=\"posted-on\"><span class=\"date\">\
            Sunday 14 September 2025 • 21:47</span></span><p>Crowds came.</p></article>";
        assert_eq!(date_of("", marked), utc("2025-09-14T21:47:00Z"));
    }

    #[test]
    fn a_date_line_after_the_headline_dates_a_page_that_gives_no_other() {
        let story = "<article><h1>Prize won</h1><p class=\"pubinfo\">Published 9 June 2026, \
            22:10 BST</p><div class=\"body\"><p>The writer won the prize on Tuesday night \
            after a long evening of readings and speeches in the hall.</p></div></article>";
        assert_eq!(date_of("", story), utc("2026-06-09T21:10:00Z"));
        // After a wrapper around the headline, a bare day with its weekday.
        let wrapped = "<article><header><h1>Songs</h1></header><p class=\"info\">Friday 27 \
            March 2026</p><p>The singer spoke to us at length about the album and the \
            tour, and about the years before either of them began.</p></article>";
        assert_eq!(date_of("", wrapped), utc("2026-03-27T00:00:00Z"));
        // A date in the story's prose, past its first long block, is no date
        // of the page, nor is a line that only ends with one.
        let prose = "<article><h1>Vote</h1><div class=\"body\"><p>The council will vote on \
            the budget after a long debate, and the leader expects a close result on the \
            night itself.</p><p>Most members have said how they will vote, and the rest \
            are expected to follow their groups when the roll is called.</p><p>A third \
            paragraph.</p><p>A fourth.</p></div>\
            <p class=\"x\">Published 4 December 2025</p></article>";
        assert_eq!(date_of("", prose), None);
        let ends = "<article><h1>Vote</h1><p>The vote is set for 4 December 2025</p>\
            <p>Text.</p></article>";
        assert_eq!(date_of("", ends), None);
    }

    #[test]
    fn og_title_comes_first() {
        assert_eq!(parse(&page(ALL_TITLES, H1S)).meta.title, "From og");
    }

    #[test]
    fn twitter_title_beats_json_ld() {
        let head = ALL_TITLES.replace("og:title", "og:other");
        assert_eq!(parse(&page(&head, H1S)).meta.title, "From twitter");
    }

    #[test]
    fn json_ld_headline_beats_h1() {
        let head = ALL_TITLES
            .replace("og:title", "x")
            .replace("twitter:title", "y");
        assert_eq!(parse(&page(&head, H1S)).meta.title, "From JSON-LD");
    }

    #[test]
    fn h1_in_article_beats_first_h1() {
        assert_eq!(
            parse(&page("<title>T | Site</title>", H1S)).meta.title,
            "Article h1"
        );
    }

    #[test]
    fn first_h1_is_used_outside_any_article() {
        let a = parse(&page("<title>T</title>", "<h1> Plain\n  h1 </h1><p>x</p>"));
        assert_eq!(a.meta.title, "Plain h1");
    }

    #[test]
    fn h1_in_site_header_is_not_the_title() {
        let body = r#"<header><h1 class="logo">Riverton Gazette</h1></header><p>Text.</p>"#;
        let a = parse(&page(
            "<title>Flood waters recede | Riverton Gazette</title>",
            body,
        ));
        assert_eq!(a.meta.title, "Flood waters recede");
    }

    #[test]
    fn title_element_loses_its_site_suffix() {
        for title in [
            "Bridge reopens | The Courier",
            "Bridge reopens - The Courier",
            "Bridge reopens — The Courier",
            "Bridge reopens :: The Courier",
        ] {
            let a = parse(&page(&format!("<title>{title}</title>"), "<p>x</p>"));
            assert_eq!(a.meta.title, "Bridge reopens", "{title}");
        }
    }

    #[test]
    fn long_tail_after_dash_stays_in_title() {
        let title = "Storm hits coast - thousands of homes are left without power overnight";
        let a = parse(&page(&format!("<title>{title}</title>"), "<p>x</p>"));
        assert_eq!(a.meta.title, title);
    }

    #[test]
    fn pipe_is_cut_before_a_dash_in_the_headline() {
        let a = parse(&page(
            "<title>Storm hits coast - power cut | The Courier</title>",
            "<p>x</p>",
        ));
        assert_eq!(a.meta.title, "Storm hits coast - power cut");
    }

    #[test]
    fn known_site_name_is_cut_from_og_title() {
        let head = r#"<meta property="og:site_name" content="The Courier">
            <meta property="og:title" content="The Courier | Bridge reopens">"#;
        assert_eq!(parse(&page(head, "<p>x</p>")).meta.title, "Bridge reopens");
    }

    #[test]
    fn title_entities_are_decoded_and_whitespace_collapsed() {
        let a = parse(&page(
            "<title>Caf&eacute;   owners\n &amp; the&nbsp;council</title>",
            "",
        ));
        assert_eq!(a.meta.title, "Café owners & the council");
    }

    #[test]
    fn doubly_encoded_meta_title_is_decoded() {
        let head = r#"<meta property="og:title" content="Fish &amp;amp; chips &amp;lt;3">"#;
        assert_eq!(parse(&page(head, "")).meta.title, "Fish & chips <3");
    }

    #[test]
    fn published_time_meta_comes_first() {
        let head = r#"<meta name="date" content="2020-01-01">
            <meta property="article:published_time" content="2024-03-07T09:45:00+01:00">"#;
        assert_eq!(date_of(head, ""), utc("2024-03-07T08:45:00Z"));
    }

    #[test]
    fn json_ld_date_beats_named_metas() {
        let head = r#"<meta name="pubdate" content="2020-01-01">
            <script type="application/ld+json">{"@type":"ReportageNews","datePublished":"2024-03-07T09:45:00Z"}</script>"#;
        assert_eq!(date_of(head, ""), utc("2024-03-07T09:45:00Z"));
    }

    #[test]
    fn each_named_date_meta_is_read() {
        for name in [
            "date",
            "pubdate",
            "publish-date",
            "dc.date",
            "DC.date.issued",
            "sailthru.date",
            "parsely-pub-date",
        ] {
            let head = format!(r#"<meta name="{name}" content="2024-03-07 09:45">"#);
            assert_eq!(date_of(&head, ""), utc("2024-03-07T09:45:00Z"), "{name}");
        }
    }

    #[test]
    fn itemprop_date_published_meta_is_read() {
        let body =
            r#"<article><meta itemprop="datePublished" content="2024-03-07"><p>x</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn unparseable_meta_date_falls_through_to_the_next() {
        let head = r#"<meta property="article:published_time" content="yesterday">
            <meta name="date" content="2024-03-07">"#;
        assert_eq!(date_of(head, ""), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn unreadable_meta_date_is_named_when_nothing_dates_the_page() {
        let head =
            r#"<title>T</title><meta property="article:published_time" content="yesterday">"#;
        let a = parse(&page(head, "<p>Text.</p>"));
        assert_eq!(a.meta.date, None);
        assert_eq!(
            a.notes,
            [ParseNote::UnreadableDate {
                text: "yesterday".into()
            }]
        );
    }

    #[test]
    fn unreadable_json_ld_date_is_named() {
        let head = r#"<title>T</title><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"TBC"}</script>"#;
        let a = parse(&page(head, ""));
        assert_eq!(a.notes, [ParseNote::UnreadableDate { text: "TBC".into() }]);
    }

    #[test]
    fn unreadable_meta_date_is_not_named_when_a_time_dates_the_page() {
        let head = r#"<title>T</title><meta name="date" content="yesterday">"#;
        let body = r#"<article><time datetime="2024-03-07">7 March</time><p>x</p></article>"#;
        let a = parse(&page(head, body));
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn metas_are_kept_by_name_whatever_the_case() {
        let doc = Html::parse_document(
            r#"<meta property="OG:Title" content="First"><meta name="og:title" content="Second">
            <meta name=" DC.Date.Issued " content="2024-03-07"><meta name="keywords" content="x">"#,
        );
        let mut metas = Metas::default();
        for node in doc.tree.root().descendants() {
            if let Some(e) = node.value().as_element() {
                metas.record(&Attrs::of(e));
            }
        }
        assert_eq!(metas.og_title, Some("First"));
        let issued = DATE_METAS.iter().position(|k| *k == "dc.date.issued");
        assert_eq!(metas.dates[issued.unwrap()], Some("2024-03-07"));
        assert_eq!(metas.description, None);
    }

    #[test]
    fn time_in_article_beats_time_in_page() {
        let body = r#"<div><time datetime="2020-01-01">Jan 1</time></div>
            <article><time datetime="2024-03-07T10:00:00Z">7 March</time><p>x</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T10:00:00Z"));
    }

    #[test]
    fn marked_time_beats_unmarked_and_modified_comes_last() {
        let body = r#"<article>
            <time class="updated" datetime="2024-03-09">9 March</time>
            <time datetime="2024-03-08">8 March</time>
            <time itemprop="datePublished" datetime="2024-03-07">7 March</time><p>x</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn time_in_related_aside_is_ignored() {
        let body = r#"<aside class="related"><time datetime="2020-01-01">old</time></aside>
            <article><p>x</p><time>7 March 2024 09:45</time></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T09:45:00Z"));
    }

    #[test]
    fn time_in_a_byline_gives_the_date() {
        let body = r#"<article><h1>Head</h1><div class="byline">By <a href="/a">Ann Lee</a>
            <time datetime="2024-11-12T08:30:00+00:00">Tuesday</time></div><p>Text here.</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-11-12T08:30:00Z"));
    }

    #[test]
    fn time_text_is_read_when_no_datetime() {
        let body = "<article><p>By Ann Lee, <time>Published: 7 March 2024</time></p></article>";
        assert_eq!(date_of("", body), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn json_ld_in_a_graph_is_found() {
        let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","name":"Not this"},
            {"@type":["NewsArticle"],"headline":"Graph headline","datePublished":"2024-03-07",
             "description":"Graph lead."}]}</script>"#;
        let a = parse(&page(head, ""));
        assert_eq!(a.meta.title, "Graph headline");
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert_eq!(a.meta.lead.as_deref(), Some("Graph lead."));
    }

    #[test]
    fn json_ld_in_an_array_skips_other_types() {
        let head = r#"<script type="application/ld+json">
            [{"@type":"Organization","headline":"Org"},
             {"@type":"schema:BlogPosting","headline":"Blog &amp; array\nheadline"}]
            </script>"#;
        assert_eq!(parse(&page(head, "")).meta.title, "Blog & array headline");
    }

    #[test]
    fn broken_json_ld_is_skipped() {
        let head = r#"<title>Fallback</title><script type="application/ld+json">{"@type":"NewsArticle","headline":</script>"#;
        assert_eq!(parse(&page(head, "")).meta.title, "Fallback");
    }

    #[test]
    fn lead_comes_from_og_description() {
        let head = r#"<title>T</title><meta name="description" content="Plain description.">
            <meta property="og:description" content="The og lead.">"#;
        assert_eq!(
            parse(&page(head, "")).meta.lead.as_deref(),
            Some("The og lead.")
        );
    }

    #[test]
    fn standfirst_in_article_header_is_the_lead_when_no_meta() {
        let body = r#"<article><header><h1>Head</h1><p class="standfirst">The short version.</p>
            <p class="byline">By Ann Lee</p></header><p>Body text.</p></article>"#;
        let a = parse(&page("", body));
        assert_eq!(a.meta.lead.as_deref(), Some("The short version."));
        assert_eq!(a.body, "Body text.");
    }

    #[test]
    fn issue_12_any_json_ld_type_with_a_date_dates_the_page() {
        let head = r#"<script type="application/ld+json">{"@type":"ClaimReview","datePublished":"2019-11-20"}</script>"#;
        assert_eq!(date_of(head, ""), utc("2019-11-20T00:00:00Z"));
        let head = r#"<script type="application/ld+json">{"@type":"SocialMediaPosting","dateCreated":"2019-11-21T10:00:00Z"}</script>"#;
        assert_eq!(date_of(head, ""), utc("2019-11-21T10:00:00Z"));
    }

    #[test]
    fn issue_12_json_ld_date_with_microseconds_is_read() {
        let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2017-11-03 03:01:00.000000"}</script>"#;
        assert_eq!(date_of(head, ""), utc("2017-11-03T03:01:00Z"));
    }

    #[test]
    fn issue_12_more_date_meta_names_are_read() {
        for name in ["published_at", "publishdate", "dcterms.created"] {
            let head = format!(r#"<meta name="{name}" content="05/29/2007 09:49:00">"#);
            assert_eq!(date_of(&head, ""), utc("2007-05-29T09:49:00Z"), "{name}");
        }
    }

    #[test]
    fn issue_12_placeholder_dates_are_not_dates() {
        let head = r#"<meta property="article:published_time" content="1970-01-01T00:00:00Z">
            <meta name="date" content="2019-11-20">"#;
        assert_eq!(date_of(head, ""), utc("2019-11-20T00:00:00Z"));
        let head = r#"<meta property="article:published_time" content="0001-01-01T00:00:00Z">"#;
        assert_eq!(date_of(head, ""), None);
    }

    #[test]
    fn issue_12_the_address_gives_the_day_as_a_last_resort() {
        let head =
            r#"<link rel="canonical" href="https://example.org/news/2019/11/20/council-votes/">"#;
        let a = parse(&page(&format!("<title>T</title>{head}"), "<p>Text.</p>"));
        assert_eq!(a.meta.date, utc("2019-11-20T00:00:00Z"));
        assert!(!a.meta.date_has_time);
        let head = r#"<meta property="og:url" content="/2019-11-21-council-votes"><meta name="date" content="2019-11-20 10:00">"#;
        assert_eq!(date_of(head, ""), utc("2019-11-20T10:00:00Z"));
        assert_eq!(
            date_of(r#"<meta property="og:url" content="/2019/13/45/x">"#, ""),
            None
        );
    }

    #[test]
    fn issue_12_a_date_in_the_visible_byline_is_read() {
        let body = r#"<article><p class="byline">By Ann Lee, November 20, 2019</p><p>Text of the story.</p></article>"#;
        assert_eq!(date_of("", body), utc("2019-11-20T00:00:00Z"));
        let body = r#"<div class="meta">By Ann Lee | Published : 07:15 PM IST, Nov 20, 2019</div><article><p>Text.</p></article>"#;
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(a.meta.date, utc("2019-11-20T13:45:00Z"), "{}", a.body);
        assert_eq!(
            date_in_byline("Nov 20, 2019 by Ann Lee").map(|d| d.utc),
            utc("2019-11-20T00:00:00Z")
        );
    }

    #[test]
    fn entity_references_are_recognised() {
        assert!(has_entity_reference("a &amp; b"));
        assert!(has_entity_reference("&#8212;"));
        assert!(has_entity_reference("&#x2014;"));
        assert!(!has_entity_reference("AT&T and fish & chips"));
        assert!(!has_entity_reference("&#;"));
    }

    /// The source fields of a page with this head and body.
    fn source_of(
        head: &str,
        body: &str,
    ) -> (Option<String>, Vec<String>, Option<String>, Option<String>) {
        let meta = parse(&page(&format!("<title>T</title>{head}"), body)).meta;
        (meta.outlet, meta.authors, meta.url, meta.lang)
    }

    const STORY: &str =
        "<article><p>The council met on Tuesday and voted on the plan.</p></article>";

    #[test]
    fn json_ld_author_may_be_a_string_an_object_or_a_list() {
        for (author, names) in [
            (r#""Ann Lee""#, vec!["Ann Lee"]),
            (r#"{"@type": "Person", "name": "Ann Lee"}"#, vec!["Ann Lee"]),
            (
                r#"[{"@type": "Person", "name": "Ann Lee"}, "Bo Chen"]"#,
                vec!["Ann Lee", "Bo Chen"],
            ),
        ] {
            let head = format!(
                r#"<meta name="author" content="Meta Name"><script type="application/ld+json">{{"@type": "NewsArticle", "author": {author}}}</script>"#
            );
            assert_eq!(source_of(&head, STORY).1, names, "{author}");
        }
    }

    #[test]
    fn author_meta_then_marked_elements_then_bylines() {
        let byline = r#"<article><p class="byline">By Dee Ray</p><p>The council met on Tuesday and voted on the plan.</p></article>"#;
        let marked = r#"<article><span itemprop="author">Cy Fox</span><p class="byline">By Dee Ray</p><p>The council met on Tuesday and voted on the plan.</p></article>"#;
        let meta = r#"<meta name="author" content="Bo Chen">"#;
        assert_eq!(source_of(meta, marked).1, ["Bo Chen"]);
        // Marked elements are one source: a page marks each of several
        // authors, and a byline class is a mark too.
        assert_eq!(source_of("", marked).1, ["Cy Fox", "Dee Ray"]);
        assert_eq!(source_of("", byline).1, ["Dee Ray"]);
        assert!(source_of("", STORY).1.is_empty());
    }

    #[test]
    fn an_author_box_with_a_biography_is_no_byline() {
        let body = r#"<article><p>The council met on Tuesday and voted on the plan.</p><div class="author-bio">Ann Lee has covered the council for ten years and lives by the river with two cats.</div></article>"#;
        assert!(source_of("", body).1.is_empty());
    }

    #[test]
    fn the_language_is_json_ld_then_html_lang_then_metas() {
        let ld = r#"<script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "de-AT"}</script>"#;
        let metas = r#"<meta http-equiv="Content-Language" content="fr"><meta property="og:locale" content="es_ES">"#;
        let with_lang = |head: &str, lang: &str| {
            let html = format!(
                "<!doctype html><html lang=\"{lang}\"><head><title>T</title>{head}</head><body>{STORY}</body></html>"
            );
            parse(&html).meta.lang
        };
        assert_eq!(
            with_lang(&format!("{ld}{metas}"), "en-GB").as_deref(),
            Some("de-at")
        );
        assert_eq!(with_lang(metas, "en-GB").as_deref(), Some("en-gb"));
        assert_eq!(with_lang(metas, "x-default").as_deref(), Some("fr"));
        assert_eq!(
            source_of(r#"<meta property="og:locale" content="es_ES">"#, STORY)
                .3
                .as_deref(),
            Some("es-es")
        );
    }

    #[test]
    fn outlet_and_address_come_from_the_metas_before_json_ld() {
        let ld = r#"<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "LD Times"}, "url": "https://ld.example/a"}</script>"#;
        let metas = r#"<meta property="og:site_name" content="OG Times"><link rel="canonical" href="https://og.example/a">"#;
        let (outlet, _, url, _) = source_of(&format!("{ld}{metas}"), STORY);
        assert_eq!(outlet.as_deref(), Some("OG Times"));
        assert_eq!(url.as_deref(), Some("https://og.example/a"));
        let (outlet, _, url, _) = source_of(ld, STORY);
        assert_eq!(outlet.as_deref(), Some("LD Times"));
        assert_eq!(url.as_deref(), Some("https://ld.example/a"));
        assert_eq!(source_of("", STORY), (None, vec![], None, None));
    }
}
