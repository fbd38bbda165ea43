//! Facets: how many of the matching articles have each speaker, folder,
//! outlet, author, language or period, counted over every match, not over
//! the page shown.
//!
//! One pass over the matches reads the fast columns (speaker names, path,
//! date) and keeps, per segment, only numbers: the speaker terms of each
//! matching article, the path terms, the days. Names are read from the
//! columns' dictionaries afterwards, once per distinct term and a block at
//! a time, and never from stored articles.
//!
//! Speakers are counted under the name the archive knows them by (the
//! registry and the aliases file), each article once per person. Most
//! names mean the same person wherever they are written; for the few the
//! registry links article by article ("Reagan"), its links file names the
//! segment and document, which are this searcher's (the file is of the
//! index's generation). Looking them up by path read the path dictionary
//! and the links file a mention at a time: a hundred milliseconds at a
//! million articles.
//!
//! Where the registry's docs file says who speaks in each document
//! (`people-docs.bin`, written after each commit), speakers are counted
//! from it instead: two array reads a match give the speakers as the
//! registry's numbers, links already applied, the same in every segment,
//! where the column gives the segment's term numbers after a row lookup of
//! about 160 instructions. The aliases file is applied afterwards, to the
//! numbers counted. An index whose file is missing, stale or damaged is
//! counted from the columns (the plain way, which tests compare it with).
//!
//! tantivy's aggregations count terms and date histograms too, but not
//! under names that depend on the article, and their date histogram skips
//! no empty buckets at the ends nor fills them in the middle by calendar
//! month; a collector over the same columns does all of it in one pass.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Datelike, Months, NaiveDate};
use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{Query, Weight};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::QueryError;
use crate::people::{LinkedMentions, Registry, SpeakerTable, TableSegment};
use crate::schema::{
    column_terms, AUTHOR_NAME_FIELD, DATE_FIELD, LANG_FIELD, OUTLET_FIELD, PATH_FIELD,
    SECONDS_PER_DAY, SPEAKER_NAME_FIELD,
};

/// Buckets shown when a facet names no count.
pub const DEFAULT_BUCKETS: usize = 10;
/// The most buckets a facet shows: beyond this a table is an export.
pub const MAX_BUCKETS: usize = 10_000;
/// The most periods a date facet draws, gaps included.
pub const MAX_PERIODS: usize = 20_000;

/// What a facet counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    /// The people quoted, by the name the archive knows them by.
    Speaker,
    /// The first part of the article's path.
    Folder,
    /// The outlet that published the article.
    Outlet,
    /// Who wrote it, each author once per article.
    Author,
    /// Its language tag (`en`, `en-gb`).
    Lang,
    /// The calendar year of the article's date (UTC).
    Year,
    /// The calendar month.
    Month,
    /// The day.
    Day,
}

impl FacetField {
    /// Every field, in the order help text lists them.
    pub const ALL: [FacetField; 8] = [
        FacetField::Speaker,
        FacetField::Folder,
        FacetField::Outlet,
        FacetField::Author,
        FacetField::Lang,
        FacetField::Year,
        FacetField::Month,
        FacetField::Day,
    ];

    /// The name users type and JSON writes.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Speaker => "speaker",
            FacetField::Folder => "folder",
            FacetField::Outlet => "outlet",
            FacetField::Author => "author",
            FacetField::Lang => "lang",
            FacetField::Year => "year",
            FacetField::Month => "month",
            FacetField::Day => "day",
        }
    }

    /// The field named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<FacetField> {
        FacetField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether buckets are calendar periods, shown in date order with the
    /// empty ones between, rather than the largest first.
    pub fn is_period(self) -> bool {
        matches!(self, FacetField::Year | FacetField::Month | FacetField::Day)
    }
}

/// One facet asked for: the field and how many buckets to show (periods
/// are all shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacetRequest {
    /// What to count by.
    pub field: FacetField,
    /// How many buckets, the largest first.
    pub size: usize,
}

/// A facet's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facet {
    /// The field counted by.
    pub field: &'static str,
    /// The buckets shown: the largest first, or every period in date order.
    pub buckets: Vec<Bucket>,
    /// The counts of the buckets not shown, summed (an article quoting two
    /// such people counts twice).
    pub other: u64,
    /// Matching articles with no value: no speaker, no date, a path with
    /// no folder, no outlet, author or language.
    pub missing: u64,
}

/// One value and how many matching articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The value: a name, a folder, or a period (`1987`, `1987-03`,
    /// `1987-03-04`).
    pub key: String,
    /// Matching articles.
    pub count: u64,
}

/// What [`count`] found.
pub(super) struct Counted {
    /// The facets, in the order asked.
    pub facets: Vec<Facet>,
    /// Every match.
    pub matched: u64,
    /// With `spans`, when each speaker shown spoke among the matches, by
    /// the bucket's name.
    pub spans: FxHashMap<String, Span>,
    /// How many people the matches quote, shown or not.
    pub persons: usize,
}

/// When a speaker spoke among the matches: the first and last date
/// (microseconds since the epoch, UTC; `None` if no article of theirs has a
/// date) and their latest article (of those with the last date, the first
/// in the index's order, and an undated one only if none has a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub latest: DocAddress,
}

/// A [`Span`] being gathered.
#[derive(Debug, Clone, Copy)]
struct SpanSoFar {
    first: i64,
    last: i64,
    latest: Option<DocAddress>,
}

impl Default for SpanSoFar {
    fn default() -> Self {
        SpanSoFar {
            first: i64::MAX,
            last: i64::MIN,
            latest: None,
        }
    }
}

impl SpanSoFar {
    /// Whether an article of `last` date at `at` is later than the latest
    /// so far. Ties go to the first in the index's order, so that the
    /// answer does not depend on the order articles are added in (the
    /// docs file's pass and the columns' differ).
    fn replaces(&self, last: i64, at: DocAddress) -> bool {
        match self.latest {
            None => true,
            Some(latest) => last > self.last || (last == self.last && at < latest),
        }
    }

    fn add(&mut self, date: Option<i64>, at: DocAddress) {
        if self.replaces(date.unwrap_or(i64::MIN), at) {
            self.latest = Some(at);
        }
        if let Some(date) = date {
            self.first = self.first.min(date);
            self.last = self.last.max(date);
        }
    }

    fn merge(&mut self, other: &SpanSoFar) {
        let Some(at) = other.latest else {
            return;
        };
        if self.replaces(other.last, at) {
            self.latest = Some(at);
        }
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
    }

    fn done(&self) -> Option<Span> {
        let dated = self.first <= self.last;
        Some(Span {
            first: dated.then_some(self.first),
            last: dated.then_some(self.last),
            latest: self.latest?,
        })
    }
}

/// Whether `wanted` asks for the speaker facet, which reads the
/// registry's docs table.
pub(super) fn wants_speakers(wanted: &[FacetRequest]) -> bool {
    wanted.iter().any(|w| w.field == FacetField::Speaker)
}

/// Counts the facets `wanted` over every article `query` matches; with
/// `spans`, also when each speaker shown spoke. `table` is the registry's
/// docs table (`people`'s), read once by the caller, who names articles'
/// speakers with it too.
pub(super) fn count(
    searcher: &Searcher,
    query: &dyn Query,
    wanted: &[FacetRequest],
    people: Option<&Registry>,
    table: Option<&SpeakerTable>,
    spans: bool,
) -> Result<Counted, FacetError> {
    if let Some(counted) = count_with(searcher, query, wanted, people, table, spans, true)? {
        return Ok(counted);
    }
    // The docs file named a speaker out of range: it is damaged, and the
    // columns count instead.
    count_with(searcher, query, wanted, people, table, spans, false)?.ok_or_else(|| {
        FacetError::Index(tantivy::TantivyError::InternalError(
            "speakers were counted from the columns and still found damaged".into(),
        ))
    })
}

/// [`count`], from the docs file's speakers of each document when
/// `by_document` and the file has them for every segment, else from the
/// columns; `None` when the file turned out damaged.
fn count_with(
    searcher: &Searcher,
    query: &dyn Query,
    wanted: &[FacetRequest],
    people: Option<&Registry>,
    table: Option<&SpeakerTable>,
    spans: bool,
    by_document: bool,
) -> Result<Option<Counted>, FacetError> {
    let speakers_wanted = wants_speakers(wanted);
    let spans = spans && speakers_wanted;
    // The registry's table, or one made now from the segments'
    // dictionaries and the links file when the index has none yet (it was
    // written before the table existed): the same numbers either way.
    let made: Vec<u8>;
    let made_table: SpeakerTable;
    let mut fast = false;
    let table = match table {
        _ if !speakers_wanted => None,
        Some(table) if by_document && says_who_speaks(table, searcher) => {
            fast = true;
            Some(table)
        }
        Some(table) if covers(table, searcher) => Some(table),
        _ => {
            made = crate::people::speaker_table_bytes(searcher, people)?;
            made_table = SpeakerTable::read(&made).ok_or_else(|| {
                FacetError::Index(tantivy::TantivyError::InternalError(
                    "the speaker table made for a facet does not read back".into(),
                ))
            })?;
            Some(&made_table)
        }
    };
    let fast = match &table {
        Some(table) if fast => Some(BySpeakerNumber::new(
            table,
            people.is_some_and(Registry::has_aliases),
            spans,
        )),
        _ => None,
    };
    let linked = match (&table, people, &fast) {
        (Some(table), Some(people), None) => people.linked_mentions_in(table),
        _ => LinkedMentions::default(),
    };
    let collector = FacetCollector {
        speakers: speakers_wanted && fast.is_none(),
        folders: wanted.iter().any(|w| w.field == FacetField::Folder),
        days: wanted.iter().any(|w| w.field.is_period()),
        spans,
        // With aliases, two names of one article may be one person, so
        // every article's names are kept to be counted once per person.
        every_article: people.is_some_and(Registry::has_aliases),
        linked: &linked,
        by_number: fast.as_ref(),
        columns: wanted
            .iter()
            .filter_map(|w| Some((w.field, column_of(w.field)?)))
            .collect(),
    };
    let fruits = collect_in_parallel(searcher, query, &collector)?;
    let matched: u64 = fruits.iter().map(|f| f.matched).sum();
    let mut by_name = table
        .as_ref()
        .map(|table| ByName::new(table, people, spans));

    let mut folders: FxHashMap<String, u64> = FxHashMap::default();
    let mut days = DayCounts::covering(fruits.iter().map(|f| &f.days));
    let (mut no_speaker, mut no_folder, mut undated) = (0, 0, 0);
    if let Some(fast) = &fast {
        let tally = fast.total();
        if tally.damaged {
            return Ok(None);
        }
        no_speaker = tally.no_speaker;
        if let Some(by_name) = &mut by_name {
            by_name.add_numbers(&tally);
        }
    }
    for fruit in &fruits {
        let segment = searcher.segment_reader(fruit.segment);
        if collector.speakers {
            no_speaker += fruit.no_speaker;
            let id = segment.segment_id().uuid_string();
            let links = linked.of_segment(&id);
            if let (Some(by_name), Some(table)) = (&mut by_name, &table) {
                if let Some(names) = table.segment(&id) {
                    by_name.add_segment(names, fruit, &linked.pairs, links);
                }
            }
        }
        if collector.folders {
            no_folder += count_folders(segment, &fruit.paths, &mut folders)?;
        }
        undated += fruit.undated;
        days.add(&fruit.days);
    }
    let by_value = count_values(searcher, &collector.columns, &fruits)?;
    let mut facets = Vec::with_capacity(wanted.len());
    let mut shown_spans = FxHashMap::default();
    for request in wanted {
        let facet = match request.field {
            FacetField::Speaker => largest(
                request,
                by_name.as_ref().map_or_else(Vec::new, ByName::counts),
                no_speaker,
            ),
            FacetField::Folder => largest(request, pairs_of(&folders), no_folder),
            FacetField::Outlet | FacetField::Author | FacetField::Lang => {
                match by_value
                    .iter()
                    .find(|(field, _, _)| *field == request.field)
                {
                    Some((_, counts, missing)) => largest(request, pairs_of(counts), *missing),
                    None => largest(request, Vec::new(), 0),
                }
            }
            period => periods(period, &days.sorted(), undated)?,
        };
        if let (FacetField::Speaker, Some(by_name)) = (request.field, &by_name) {
            for bucket in &facet.buckets {
                if let Some(span) = by_name.span_of(&bucket.key) {
                    shown_spans.insert(bucket.key.clone(), span);
                }
            }
        }
        facets.push(facet);
    }
    Ok(Some(Counted {
        facets,
        matched,
        spans: shown_spans,
        persons: by_name
            .as_ref()
            .map_or(0, |b| b.counts.iter().filter(|&&n| n > 0).count()),
    }))
}

/// What `searcher.search(query, collector)` does, with the segments
/// spread over the search's pool ([`super::on_pool`]) rather than taken
/// one after another:
/// whichever thread is free takes the next, so a facet pass over a
/// quarter of a million matches shares the cores with whatever else the
/// command runs meanwhile (`newsidx speakers` ranks quotes on another
/// thread) instead of leaving one idle once that is done.
fn collect_in_parallel(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &FacetCollector,
) -> tantivy::Result<Vec<SegmentFacets>> {
    use rayon::prelude::*;
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        searcher,
    ))?;
    super::on_pool(|| {
        searcher
            .segment_readers()
            .par_iter()
            .enumerate()
            .map(|(ord, reader)| collector.collect_segment(&*weight, ord as SegmentOrdinal, reader))
            .collect()
    })
}

fn pairs_of(counts: &FxHashMap<String, u64>) -> Vec<(&str, u64)> {
    counts.iter().map(|(k, &n)| (k.as_str(), n)).collect()
}

/// Why facets could not be counted.
#[derive(Debug)]
pub(crate) enum FacetError {
    /// The index could not be read.
    Index(tantivy::TantivyError),
    /// The question is the user's to narrow.
    Query(QueryError),
}

impl From<tantivy::TantivyError> for FacetError {
    fn from(err: tantivy::TantivyError) -> Self {
        FacetError::Index(err)
    }
}

impl From<std::io::Error> for FacetError {
    fn from(err: std::io::Error) -> Self {
        FacetError::Index(err.into())
    }
}

/// The `size` largest buckets of `counts`, the largest first (ties by
/// key), and the rest summed.
fn largest(request: &FacetRequest, mut all: Vec<(&str, u64)>, missing: u64) -> Facet {
    let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    let total: u64 = all.iter().map(|&(_, n)| n).sum();
    if request.size < all.len() {
        // Tens of thousands of names, ten shown: only those are sorted.
        all.select_nth_unstable_by(request.size, order);
        all.truncate(request.size);
    }
    all.sort_unstable_by(order);
    let shown: u64 = all.iter().map(|&(_, n)| n).sum();
    Facet {
        field: request.field.name(),
        buckets: all
            .into_iter()
            .map(|(key, count)| Bucket {
                key: key.to_string(),
                count,
            })
            .collect(),
        other: total - shown,
        missing,
    }
}

/// Every period from the first with a match to the last, empty ones
/// included, in date order.
fn periods(
    field: FacetField,
    days: &BTreeMap<i64, u64>,
    missing: u64,
) -> Result<Facet, FacetError> {
    let mut counts: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for (&day, &n) in days {
        let Some(date) = DateTime::from_timestamp(day * SECONDS_PER_DAY, 0) else {
            continue;
        };
        *counts
            .entry(period_start(field, date.date_naive()))
            .or_default() += n;
    }
    let mut buckets = Vec::new();
    if let (Some((&first, _)), Some((&last, _))) =
        (counts.first_key_value(), counts.last_key_value())
    {
        let mut at = first;
        while at <= last {
            if buckets.len() == MAX_PERIODS {
                return Err(FacetError::Query(QueryError::FacetTooWide {
                    field: field.name(),
                    first: period_key(field, first),
                    last: period_key(field, last),
                    limit: MAX_PERIODS,
                }));
            }
            buckets.push(Bucket {
                key: period_key(field, at),
                count: counts.get(&at).copied().unwrap_or(0),
            });
            let Some(next) = next_period(field, at) else {
                break;
            };
            at = next;
        }
    }
    Ok(Facet {
        field: field.name(),
        buckets,
        other: 0,
        missing,
    })
}

/// The first day of the period `date` falls in.
fn period_start(field: FacetField, date: NaiveDate) -> NaiveDate {
    let start = match field {
        FacetField::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1),
        FacetField::Month => NaiveDate::from_ymd_opt(date.year(), date.month(), 1),
        _ => Some(date),
    };
    start.unwrap_or(date)
}

fn next_period(field: FacetField, start: NaiveDate) -> Option<NaiveDate> {
    match field {
        FacetField::Year => start.checked_add_months(Months::new(12)),
        FacetField::Month => start.checked_add_months(Months::new(1)),
        _ => start.succ_opt(),
    }
}

/// A period as keys write it: `1987`, `1987-03` or `1987-03-04`.
fn period_key(field: FacetField, start: NaiveDate) -> String {
    match field {
        FacetField::Year => format!("{:04}", start.year()),
        FacetField::Month => format!("{:04}-{:02}", start.year(), start.month()),
        _ => start.format("%Y-%m-%d").to_string(),
    }
}

/// Whether the registry's table numbers every speaker term of every
/// segment `searcher` reads (it is of the same generation, so it should).
fn covers(table: &SpeakerTable, searcher: &Searcher) -> bool {
    searcher.segment_readers().iter().all(|segment| {
        match segment.fast_fields().str(SPEAKER_NAME_FIELD) {
            Ok(None) => true,
            Ok(Some(column)) => table
                .segment(&segment.segment_id().uuid_string())
                .is_some_and(|names| names.num_terms() == column.num_terms()),
            Err(_) => false,
        }
    })
}

/// Whether the registry's table says who speaks in every document of
/// every segment `searcher` reads. The table is of the same generation, so
/// it should; one written before it held documents does not, and is
/// counted the plain way.
fn says_who_speaks(table: &SpeakerTable, searcher: &Searcher) -> bool {
    searcher.segment_readers().iter().all(|segment| {
        table
            .segment(&segment.segment_id().uuid_string())
            .is_some_and(|part| part.documents() == Some(segment.max_doc()))
    })
}

/// Speakers counted by the registry's name numbers, which are the same in
/// every segment: counts add up by number and only the names of persons
/// with a count are looked at, never a segment's dictionary.
struct ByName<'t> {
    table: &'t SpeakerTable<'t>,
    people: Option<&'t Registry>,
    /// The person of each name number where the aliases file may make it
    /// another name's; `UNSET` until first needed.
    person_of_name: Vec<u32>,
    /// The person of each linked pair of names; `UNSET` until first needed.
    person_of_pair: Vec<u32>,
    /// Persons beyond the table's names (a name only the aliases give),
    /// numbered after them.
    extra: Vec<String>,
    extra_of: FxHashMap<String, u32>,
    /// Articles by person number.
    counts: Vec<u64>,
    /// When each person spoke, by number, if asked.
    spans: Option<Vec<SpanSoFar>>,
}

impl<'t> ByName<'t> {
    const UNSET: u32 = u32::MAX;

    fn new(table: &'t SpeakerTable<'t>, people: Option<&'t Registry>, spans: bool) -> ByName<'t> {
        let person_of_name = if people.is_some_and(Registry::has_aliases) {
            vec![Self::UNSET; table.names.len()]
        } else {
            Vec::new()
        };
        ByName {
            table,
            people,
            person_of_name,
            person_of_pair: Vec::new(),
            extra: Vec::new(),
            extra_of: FxHashMap::default(),
            counts: vec![0; table.names.len()],
            spans: spans.then(|| vec![SpanSoFar::default(); table.names.len()]),
        }
    }

    /// When the person shown as `name` spoke, if spans were asked for.
    fn span_of(&self, name: &str) -> Option<Span> {
        let person = match self.table.number(name) {
            Some(number) => number,
            None => *self.extra_of.get(name)?,
        };
        self.spans.as_ref()?.get(person as usize)?.done()
    }

    /// The person a speaker term of name number `name` is, where no link
    /// names it otherwise.
    fn person_of_name(&mut self, name: u32) -> u32 {
        if self.person_of_name.is_empty() {
            return name;
        }
        let known = self.person_of_name[name as usize];
        if known != Self::UNSET {
            return known;
        }
        let written = self.table.names[name as usize];
        let shown = self
            .people
            .map_or_else(|| written.to_string(), |p| p.unlinked(written));
        let person = self.person_named(&shown);
        self.person_of_name[name as usize] = person;
        person
    }

    /// The person a linked mention of pair number `pair` is shown as.
    fn person_of_pair(&mut self, pair: u32, pairs: &[(String, String)]) -> u32 {
        self.person_of_pair_shown(pair, |_| pairs[pair as usize].1.clone())
    }

    /// The person of pair number `pair`, whose name shown `shown` gives
    /// (asked once a pair).
    fn person_of_pair_shown(&mut self, pair: u32, shown: impl FnOnce(&Self) -> String) -> u32 {
        if let Some(&known) = self.person_of_pair.get(pair as usize) {
            if known != Self::UNSET {
                return known;
            }
        }
        let shown = shown(self);
        let person = self.person_named(&shown);
        if self.person_of_pair.len() <= pair as usize {
            self.person_of_pair.resize(pair as usize + 1, Self::UNSET);
        }
        self.person_of_pair[pair as usize] = person;
        person
    }

    fn person_named(&mut self, name: &str) -> u32 {
        if let Some(number) = self.table.number(name) {
            return number;
        }
        if let Some(&person) = self.extra_of.get(name) {
            return person;
        }
        let person = (self.table.names.len() + self.extra.len()) as u32;
        self.extra.push(name.to_string());
        self.extra_of.insert(name.to_string(), person);
        self.counts.push(0);
        if let Some(spans) = &mut self.spans {
            spans.push(SpanSoFar::default());
        }
        person
    }

    /// Adds a segment's matches: the articles the collector counted by
    /// term, then one by one those whose names a link or an alias may make
    /// another person's, each person once an article.
    fn add_segment(
        &mut self,
        names: &TableSegment,
        fruit: &SegmentFacets,
        pairs: &[(String, String)],
        mut links: &[(DocId, u32)],
    ) {
        for (ord, &n) in fruit.by_term.iter().enumerate() {
            if n > 0 {
                if let Some(name) = names.name_of(ord as u64) {
                    let person = self.person_of_name(name);
                    self.add_counted(person, n, fruit.spans.get(ord));
                }
            }
        }
        let mut of_article: Vec<u32> = Vec::new();
        let mut at = 0;
        for article in fruit.speakers.chunk_by(|a, b| a.0 == b.0) {
            of_article.clear();
            let doc = article[0].0;
            let date = fruit.speaker_dates.get(at).copied().flatten();
            at += article.len();
            while links.first().is_some_and(|&(d, _)| d < doc) {
                links = &links[1..];
            }
            let linked = &links[..links.partition_point(|&(d, _)| d == doc)];
            for &(_, ord) in article {
                let Some(name) = names.name_of(ord) else {
                    continue;
                };
                let written = self.table.names[name as usize];
                let pair = linked
                    .iter()
                    .map(|&(_, pair)| pair)
                    .find(|&pair| pairs[pair as usize].0 == written);
                of_article.push(match pair {
                    Some(pair) => self.person_of_pair(pair, pairs),
                    None => self.person_of_name(name),
                });
            }
            self.add_article(&mut of_article, date, DocAddress::new(fruit.segment, doc));
        }
    }

    /// Adds `n` articles of `person`, who spoke as `span` says.
    fn add_counted(&mut self, person: u32, n: u32, span: Option<&SpanSoFar>) {
        self.counts[person as usize] += u64::from(n);
        if let (Some(spans), Some(span)) = (&mut self.spans, span) {
            spans[person as usize].merge(span);
        }
    }

    /// Adds the article at `at` to each of `persons`, once a person.
    fn add_article(&mut self, persons: &mut Vec<u32>, date: Option<i64>, at: DocAddress) {
        persons.sort_unstable();
        persons.dedup();
        for &person in persons.iter() {
            self.counts[person as usize] += 1;
            if let Some(spans) = &mut self.spans {
                spans[person as usize].add(date, at);
            }
        }
    }

    /// The person a speaker numbered as the docs file numbers them is
    /// (see [`SpeakerTable::code_count`]).
    fn person_of_number(&mut self, number: u32) -> u32 {
        let names = self.table.names.len() as u32;
        if number < names {
            return self.person_of_name(number);
        }
        let pair = number - names;
        let Some((written, canonical)) = self.table.pair(pair) else {
            // `BySpeakerNumber` counts no number out of range.
            return number;
        };
        let Some(people) = self.people.filter(|p| p.has_aliases()) else {
            return canonical;
        };
        self.person_of_pair_shown(pair, |this| {
            let names = &this.table.names;
            people.shown(
                names[written as usize],
                names[canonical as usize].to_string(),
            )
        })
    }

    /// Adds what the docs file's pass counted: the articles counted by
    /// speaker number, then one by one those whose speakers may be one
    /// person twice, each person once an article.
    fn add_numbers(&mut self, tally: &NumberTally) {
        for (number, &n) in tally.by_number.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let person = self.person_of_number(number as u32);
            self.add_counted(person, n, tally.spans.get(number));
        }
        let mut of_article: Vec<u32> = Vec::new();
        let mut at = 0;
        for article in tally.careful.chunk_by(|a, b| a.0 == b.0) {
            let address = article[0].0;
            let date = tally.careful_dates.get(at).copied().flatten();
            at += article.len();
            of_article.clear();
            for &(_, number) in article {
                let person = self.person_of_number(number);
                of_article.push(person);
            }
            self.add_article(&mut of_article, date, address);
        }
    }

    /// Every person with a count, by name.
    fn counts(&self) -> Vec<(&str, u64)> {
        let names = self.table.names.iter().copied();
        names
            .chain(self.extra.iter().map(String::as_str))
            .zip(self.counts.iter().copied())
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

/// Adds the folders of a segment's matches (their path terms) to
/// `counts`; returns how many have none (a file at the top).
fn count_folders(
    segment: &SegmentReader,
    paths: &[u64],
    counts: &mut FxHashMap<String, u64>,
) -> Result<u64, FacetError> {
    let Some(column) = segment.fast_fields().str(PATH_FIELD)? else {
        return Ok(0);
    };
    let mut ords = paths.to_vec();
    ords.sort_unstable();
    let mut distinct = ords.clone();
    distinct.dedup();
    let names = column_terms(&column, &distinct)?;
    let mut missing = 0;
    for ord in ords {
        let Some(path) = distinct
            .binary_search(&ord)
            .ok()
            .and_then(|at| names.get(at))
        else {
            continue;
        };
        match path.split_once('/') {
            Some((folder, _)) => *counts.entry(folder.to_string()).or_default() += 1,
            None => missing += 1,
        }
    }
    Ok(missing)
}

/// Matches by day. A segment's days lie between its date column's least
/// and greatest value, so most are counted in a table over that span: a
/// hash map of the days of one query at a million articles (40 years,
/// 15,000 days, in 21 segments) and their merge into a sorted map took a
/// third of the facet's time. A span too wide for a table (a stray year 1
/// beside 2024) falls back to the map.
#[derive(Debug, Default)]
struct DayCounts {
    /// The day `table[0]` counts.
    first: i64,
    table: Vec<u64>,
    /// Days outside the table.
    others: FxHashMap<i64, u64>,
}

impl DayCounts {
    /// The widest span counted in a table: about 270 years, 800 KB.
    const MAX_TABLE: i64 = 100_000;

    /// Counts with a table over `first..=last` if it is narrow enough.
    fn spanning(first: i64, last: i64) -> DayCounts {
        let span = last.saturating_sub(first).saturating_add(1);
        let table = if (1..=Self::MAX_TABLE).contains(&span) {
            vec![0; span as usize]
        } else {
            Vec::new()
        };
        DayCounts {
            first,
            table,
            others: FxHashMap::default(),
        }
    }

    fn count(&mut self, day: i64, n: u64) {
        let slot = usize::try_from(day.wrapping_sub(self.first))
            .ok()
            .and_then(|at| self.table.get_mut(at));
        match slot {
            Some(count) => *count += n,
            None => *self.others.entry(day).or_default() += n,
        }
    }

    /// A table over every day the segments' tables span, for their sum.
    fn covering<'a>(segments: impl Iterator<Item = &'a DayCounts>) -> DayCounts {
        let spans = segments
            .filter(|days| !days.table.is_empty())
            .map(|days| (days.first, days.first + days.table.len() as i64 - 1));
        match spans.reduce(|(a, b), (c, d)| (a.min(c), b.max(d))) {
            Some((first, last)) => DayCounts::spanning(first, last),
            None => DayCounts::default(),
        }
    }

    fn add(&mut self, other: &DayCounts) {
        for (at, &n) in other.table.iter().enumerate() {
            if n > 0 {
                self.count(other.first + at as i64, n);
            }
        }
        for (&day, &n) in &other.others {
            self.count(day, n);
        }
    }

    fn sorted(&self) -> BTreeMap<i64, u64> {
        let mut days: Vec<(i64, u64)> = self.others.iter().map(|(&d, &n)| (d, n)).collect();
        days.extend(
            self.table
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(at, &n)| (self.first + at as i64, n)),
        );
        // A day is in the table or among the others, never both.
        days.into_iter().collect()
    }
}

/// The exact string column a facet of an article's source counts by.
fn column_of(field: FacetField) -> Option<&'static str> {
    match field {
        FacetField::Outlet => Some(OUTLET_FIELD),
        FacetField::Author => Some(AUTHOR_NAME_FIELD),
        FacetField::Lang => Some(LANG_FIELD),
        _ => None,
    }
}

/// The counts by value of each source column (`columns`, in order), from
/// the segments' counts by term number: names are read once per distinct
/// term of a segment, a dictionary block at a time. Also how many matches
/// had no value.
#[allow(clippy::type_complexity)]
fn count_values(
    searcher: &Searcher,
    columns: &[(FacetField, &'static str)],
    fruits: &[SegmentFacets],
) -> Result<Vec<(FacetField, FxHashMap<String, u64>, u64)>, FacetError> {
    let mut out = Vec::with_capacity(columns.len());
    for (at, &(field, name)) in columns.iter().enumerate() {
        let mut counts: FxHashMap<String, u64> = FxHashMap::default();
        let mut missing = 0;
        for fruit in fruits {
            let Some(tally) = fruit.values.get(at) else {
                continue;
            };
            missing += tally.missing;
            let segment = searcher.segment_reader(fruit.segment);
            let Some(column) = segment.fast_fields().str(name)? else {
                continue;
            };
            let ords: Vec<u64> = (0..tally.by_term.len() as u64)
                .filter(|&ord| tally.by_term[ord as usize] > 0)
                .collect();
            let names = column_terms(&column, &ords)?;
            for (value, ord) in names.into_iter().zip(&ords) {
                *counts.entry(value).or_default() += u64::from(tally.by_term[*ord as usize]);
            }
        }
        out.push((field, counts, missing));
    }
    Ok(out)
}

/// One segment's matches counted by the term numbers of one source
/// column: each article once per distinct value.
#[derive(Default)]
struct ValueTally {
    by_term: Vec<u32>,
    missing: u64,
}

/// Reads the columns a facet needs for every match.
struct FacetCollector<'a> {
    speakers: bool,
    folders: bool,
    days: bool,
    /// Gather when each speaker spoke.
    spans: bool,
    /// Keep every article's speaker terms, not only the linked ones'.
    every_article: bool,
    linked: &'a LinkedMentions,
    /// Speakers counted from the docs file rather than the column.
    by_number: Option<&'a BySpeakerNumber<'a>>,
    /// The source facets asked for and their columns.
    columns: Vec<(FacetField, &'static str)>,
}

/// Speakers counted from the docs file's numbers of who speaks in each
/// document, in tallies that span segments (the numbers are the index's,
/// not a segment's). tantivy's segment collectors must own what they hold,
/// and the file is borrowed, so this is counted in
/// [`FacetCollector::collect_segment`], beside the segment collector.
///
/// Segments are counted side by side on the search's pool
/// ([`collect_in_parallel`]), so each thread of the pool keeps a tally of
/// its own, summed once the pass is over: a tally is as long as the
/// index's speaker numbers, too long to keep one a segment.
struct BySpeakerNumber<'a> {
    table: &'a SpeakerTable<'a>,
    /// Numbers below this are names; from it on, links' pairs.
    names: u32,
    /// Numbers from this on are out of range: the file is damaged.
    numbers: u32,
    /// Whether the aliases file may make two names one person.
    aliases: bool,
    /// Without aliases, the name number each link's pair is shown as.
    shown: Vec<u32>,
    /// Whether tallies gather when each number spoke.
    spans: bool,
    /// One slot a thread of the pool (any thread may take any slot: the
    /// lock keeps it right, the spread keeps it from waiting).
    tallies: Vec<Mutex<Option<NumberTally>>>,
}

/// What [`BySpeakerNumber`] counted.
#[derive(Default)]
struct NumberTally {
    /// Articles by speaker number, where each number is a person once.
    by_number: Vec<u32>,
    /// When each number spoke, with spans.
    spans: Vec<SpanSoFar>,
    /// With aliases, (article, speaker number) of the articles with two
    /// speakers or more, which the aliases may make one person, in the
    /// order met.
    careful: Vec<(DocAddress, u32)>,
    /// The date of each of `careful`, with spans.
    careful_dates: Vec<Option<i64>>,
    no_speaker: u64,
    /// A number or an offset out of range was met.
    damaged: bool,
    /// The persons of one article, reused.
    persons: Vec<u32>,
}

impl NumberTally {
    /// Adds what `other` counted, over other segments. Each segment is
    /// counted whole by one thread, so an article's `careful` entries stay
    /// together; their order between segments does not matter (spans
    /// break ties by address, not by order met).
    fn absorb(&mut self, other: NumberTally) {
        for (sum, n) in self.by_number.iter_mut().zip(other.by_number) {
            *sum += n;
        }
        for (sum, span) in self.spans.iter_mut().zip(&other.spans) {
            sum.merge(span);
        }
        self.careful.extend(other.careful);
        self.careful_dates.extend(other.careful_dates);
        self.no_speaker += other.no_speaker;
        self.damaged |= other.damaged;
    }
}

impl<'a> BySpeakerNumber<'a> {
    fn new(table: &'a SpeakerTable<'a>, aliases: bool, spans: bool) -> BySpeakerNumber<'a> {
        let numbers = table.code_count();
        let pairs = numbers - table.names.len() as u32;
        let shown = if aliases {
            Vec::new()
        } else {
            (0..pairs)
                .map(|pair| table.pair(pair).map_or(0, |(_, shown)| shown))
                .collect()
        };
        BySpeakerNumber {
            table,
            names: table.names.len() as u32,
            numbers,
            aliases,
            shown,
            spans,
            tallies: (0..super::SEARCH_THREADS)
                .map(|_| Mutex::new(None))
                .collect(),
        }
    }

    /// A tally with nothing counted yet.
    fn empty_tally(&self) -> NumberTally {
        let numbers = self.numbers as usize;
        NumberTally {
            by_number: vec![0; numbers],
            spans: if self.spans {
                vec![SpanSoFar::default(); numbers]
            } else {
                Vec::new()
            },
            ..NumberTally::default()
        }
    }

    /// The slot of the thread counting now.
    fn slot(&self) -> &Mutex<Option<NumberTally>> {
        let thread = rayon::current_thread_index().unwrap_or(0);
        &self.tallies[thread % self.tallies.len()]
    }

    /// Every thread's tally summed, taken out of the slots.
    fn total(&self) -> NumberTally {
        let mut total: Option<NumberTally> = None;
        for slot in &self.tallies {
            let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
            match (&mut total, taken) {
                (_, None) => {}
                (None, Some(tally)) => total = Some(tally),
                (Some(sum), Some(tally)) => sum.absorb(tally),
            }
        }
        total.unwrap_or_else(|| self.empty_tally())
    }

    /// Counts a block of one segment's matches (`segment`: the table's
    /// part for it); `dates` are theirs, when read.
    fn count_block(
        &self,
        segment: Option<&TableSegment>,
        ordinal: SegmentOrdinal,
        docs: &[DocId],
        dates: &[Option<tantivy::DateTime>],
        tally: &mut NumberTally,
    ) {
        let Some(segment) = segment else {
            // `says_who_speaks` found every segment in the table.
            tally.damaged = true;
            return;
        };
        let spans = !tally.spans.is_empty();
        for (i, &doc) in docs.iter().enumerate() {
            let Some(speakers) = segment.speakers_of(doc) else {
                tally.damaged = true;
                return;
            };
            if speakers.is_empty() {
                tally.no_speaker += 1;
                continue;
            }
            let number = |at: &[u8]| u32::from_le_bytes([at[0], at[1], at[2], at[3]]);
            let at = DocAddress::new(ordinal, doc);
            let date = || {
                dates
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|d| d.into_timestamp_micros())
            };
            // The names of one article are distinct, so without aliases
            // only a link can make two of its numbers one person; that
            // link's person is known now, and the article is counted once
            // for each person here. With aliases, any two names may be one
            // person, which is decided after the pass, once a name.
            let many = speakers.len() > 4;
            if many && !self.aliases && speakers.chunks_exact(4).any(|n| number(n) >= self.names) {
                let mut persons = std::mem::take(&mut tally.persons);
                persons.clear();
                for n in speakers.chunks_exact(4) {
                    let n = number(n);
                    let person = match n.checked_sub(self.names) {
                        None => Some(n),
                        Some(pair) => self.shown.get(pair as usize).copied(),
                    };
                    let Some(person) = person else {
                        tally.damaged = true;
                        return;
                    };
                    persons.push(person);
                }
                persons.sort_unstable();
                persons.dedup();
                for &person in &persons {
                    tally.by_number[person as usize] += 1;
                    if let Some(span) = tally.spans.get_mut(person as usize) {
                        span.add(date(), at);
                    }
                }
                tally.persons = persons;
                continue;
            }
            let careful = many && self.aliases;
            for n in speakers.chunks_exact(4) {
                let n = number(n);
                if n >= self.numbers {
                    tally.damaged = true;
                    return;
                }
                if careful {
                    tally.careful.push((at, n));
                    if spans {
                        tally.careful_dates.push(date());
                    }
                } else {
                    tally.by_number[n as usize] += 1;
                    if let Some(span) = tally.spans.get_mut(n as usize) {
                        span.add(date(), at);
                    }
                }
            }
        }
    }
}

/// What one segment's matches hold, as term and day numbers.
struct SegmentFacets {
    segment: SegmentOrdinal,
    matched: u64,
    /// (document, speaker term) pairs, in document order, of the articles
    /// whose speakers the registry links one by one (of every article
    /// with aliases).
    speakers: Vec<(DocId, u64)>,
    /// The date of each of `speakers` (microseconds, UTC), with spans.
    speaker_dates: Vec<Option<i64>>,
    /// The other articles, counted by speaker term.
    by_term: Vec<u32>,
    /// When each speaker term spoke among the others, with spans.
    spans: Vec<SpanSoFar>,
    no_speaker: u64,
    /// The path term of each match, for folders.
    paths: Vec<u64>,
    /// Matches by day (days since 1970-01-01, UTC).
    days: DayCounts,
    undated: u64,
    /// Counts of each source column asked for, in the collector's order.
    values: Vec<ValueTally>,
}

struct FacetSegmentCollector {
    speakers: Option<StrColumn>,
    by_term: Vec<u32>,
    spans: Vec<SpanSoFar>,
    /// Whether days are counted (dates are also read for spans).
    count_days: bool,
    /// The documents whose speakers go as pairs, sorted, and how far the
    /// matches (which come in document order) have gone through them.
    as_pairs: Vec<DocId>,
    every_article: bool,
    next: usize,
    paths: Option<StrColumn>,
    dates: Option<tantivy::columnar::Column<tantivy::DateTime>>,
    dates_of_block: Vec<Option<tantivy::DateTime>>,
    /// The source columns, in the collector's order (`None` in a segment
    /// where no article has a value).
    values: Vec<Option<StrColumn>>,
    fruit: SegmentFacets,
}

impl Collector for FacetCollector<'_> {
    type Fruit = Vec<SegmentFacets>;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = reader.fast_fields();
        let speakers = if self.speakers {
            fast.str(SPEAKER_NAME_FIELD)?
        } else {
            None
        };
        let mut as_pairs: Vec<DocId> = self
            .linked
            .of_segment(&reader.segment_id().uuid_string())
            .iter()
            .map(|&(doc, _)| doc)
            .collect();
        as_pairs.dedup();
        let dates = if self.days || self.spans {
            Some(fast.date(DATE_FIELD)?)
        } else {
            None
        };
        let days = match &dates {
            Some(column) if self.days && column.num_docs() > 0 => {
                let day = |date: tantivy::DateTime| {
                    date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY)
                };
                DayCounts::spanning(day(column.min_value()), day(column.max_value()))
            }
            _ => DayCounts::default(),
        };
        let mut values = Vec::with_capacity(self.columns.len());
        let mut tallies = Vec::with_capacity(self.columns.len());
        for (_, name) in &self.columns {
            let column = fast.str(name)?;
            tallies.push(ValueTally {
                by_term: vec![0; column.as_ref().map_or(0, |c| c.num_terms())],
                missing: 0,
            });
            values.push(column);
        }
        let terms = speakers.as_ref().map_or(0, |c| c.num_terms());
        Ok(FacetSegmentCollector {
            values,
            by_term: vec![0; terms],
            spans: if self.spans {
                vec![SpanSoFar::default(); terms]
            } else {
                Vec::new()
            },
            count_days: self.days,
            speakers,
            as_pairs,
            every_article: self.every_article,
            next: 0,
            paths: if self.folders {
                fast.str(PATH_FIELD)?
            } else {
                None
            },
            dates,
            dates_of_block: Vec::new(),
            fruit: SegmentFacets {
                segment,
                matched: 0,
                speakers: Vec::new(),
                speaker_dates: Vec::new(),
                by_term: Vec::new(),
                spans: Vec::new(),
                no_speaker: 0,
                paths: Vec::new(),
                days,
                undated: 0,
                values: tallies,
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    /// tantivy's own loop (matches in blocks, nothing scored, deleted
    /// documents left out), with the docs file's speakers counted beside
    /// the segment collector when asked for.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let mut child = self.for_segment(segment, reader)?;
        let mut by_number = self.by_number.map(|by_number| {
            let part = by_number.table.segment(&reader.segment_id().uuid_string());
            // One lock a segment, held by the one thread counting it.
            let tally = by_number
                .slot()
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            (by_number, part, tally)
        });
        let alive = reader.alive_bitset();
        let mut kept: Vec<DocId> = Vec::new();
        weight.for_each_no_score(reader, &mut |docs| {
            let docs = match alive {
                Some(bits) => {
                    kept.clear();
                    kept.extend(docs.iter().copied().filter(|&doc| bits.is_alive(doc)));
                    kept.as_slice()
                }
                None => docs,
            };
            child.collect_block(docs);
            if let Some((by_number, part, tally)) = &mut by_number {
                let tally = tally.get_or_insert_with(|| by_number.empty_tally());
                by_number.count_block(*part, segment, docs, &child.dates_of_block, tally);
            }
        })?;
        Ok(child.harvest())
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFacets>) -> tantivy::Result<Vec<SegmentFacets>> {
        Ok(fruits)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentFacets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_block(&[doc]);
    }

    /// Matches come here in blocks when nothing is scored: the dates of a
    /// block are read in one call, which for a column every article has
    /// is a tight loop rather than an index lookup per match.
    fn collect_block(&mut self, docs: &[DocId]) {
        let fruit = &mut self.fruit;
        fruit.matched += docs.len() as u64;
        if let Some(column) = &self.dates {
            self.dates_of_block.clear();
            self.dates_of_block.resize(docs.len(), None);
            column.first_vals(docs, &mut self.dates_of_block);
        }
        let spans = !self.spans.is_empty();
        if let Some(column) = &self.speakers {
            for (i, &doc) in docs.iter().enumerate() {
                while self.as_pairs.get(self.next).is_some_and(|&d| d < doc) {
                    self.next += 1;
                }
                let date = || {
                    self.dates_of_block
                        .get(i)
                        .copied()
                        .flatten()
                        .map(|d| d.into_timestamp_micros())
                };
                let mut any = false;
                if self.every_article || self.as_pairs.get(self.next) == Some(&doc) {
                    for ord in column.term_ords(doc) {
                        fruit.speakers.push((doc, ord));
                        if spans {
                            fruit.speaker_dates.push(date());
                        }
                        any = true;
                    }
                } else {
                    // An article's speakers are distinct names, so each
                    // term is one person once.
                    for ord in column.term_ords(doc) {
                        if let Some(n) = self.by_term.get_mut(ord as usize) {
                            *n += 1;
                        }
                        if let Some(span) = self.spans.get_mut(ord as usize) {
                            span.add(date(), DocAddress::new(fruit.segment, doc));
                        }
                        any = true;
                    }
                }
                if !any {
                    fruit.no_speaker += 1;
                }
            }
        }
        if let Some(column) = &self.paths {
            for &doc in docs {
                fruit.paths.extend(column.term_ords(doc).next());
            }
        }
        for (column, tally) in self.values.iter().zip(&mut fruit.values) {
            for &doc in docs {
                let mut any = false;
                if let Some(column) = column {
                    // An article's authors are distinct names, so each
                    // term is one author once.
                    for ord in column.term_ords(doc) {
                        if let Some(n) = tally.by_term.get_mut(ord as usize) {
                            *n += 1;
                        }
                        any = true;
                    }
                }
                if !any {
                    tally.missing += 1;
                }
            }
        }
        if self.count_days {
            for date in &self.dates_of_block {
                match date {
                    Some(date) => {
                        let day = date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY);
                        fruit.days.count(day, 1);
                    }
                    None => fruit.undated += 1,
                }
            }
        }
    }

    fn harvest(mut self) -> SegmentFacets {
        self.fruit.by_term = self.by_term;
        self.fruit.spans = self.spans;
        self.fruit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        let date: NaiveDate = text.parse().unwrap();
        date.and_hms_opt(12, 0, 0).unwrap().and_utc().timestamp() / SECONDS_PER_DAY
    }

    #[test]
    fn periods_run_from_the_first_to_the_last_with_the_gaps_as_zero() {
        let days: BTreeMap<i64, u64> = [(day("1987-02-27"), 2), (day("1987-05-01"), 3)].into();
        let facet = periods(FacetField::Month, &days, 4).unwrap_or_else(|_| panic!());
        let keys: Vec<(&str, u64)> = facet
            .buckets
            .iter()
            .map(|b| (b.key.as_str(), b.count))
            .collect();
        assert_eq!(
            keys,
            [
                ("1987-02", 2),
                ("1987-03", 0),
                ("1987-04", 0),
                ("1987-05", 3)
            ]
        );
        assert_eq!(facet.missing, 4);
        let years = periods(FacetField::Year, &days, 0).unwrap_or_else(|_| panic!());
        assert_eq!(
            years.buckets,
            [Bucket {
                key: "1987".into(),
                count: 5
            }]
        );
        let by_day = periods(FacetField::Day, &days, 0).unwrap_or_else(|_| panic!());
        assert_eq!(by_day.buckets.len(), 64);
        assert_eq!(by_day.buckets[1].key, "1987-02-28");
        assert_eq!(by_day.buckets[2].key, "1987-03-01");
    }

    #[test]
    fn too_many_periods_is_the_users_to_narrow() {
        let days: BTreeMap<i64, u64> = [(day("1900-01-01"), 1), (day("2024-01-01"), 1)].into();
        assert!(matches!(
            periods(FacetField::Day, &days, 0),
            Err(FacetError::Query(QueryError::FacetTooWide { .. }))
        ));
        assert_eq!(
            periods(FacetField::Year, &days, 0)
                .unwrap_or_else(|_| panic!())
                .buckets
                .len(),
            125
        );
    }

    #[test]
    fn the_largest_buckets_are_shown_and_the_rest_summed() {
        let counts: FxHashMap<String, u64> = [("b", 5), ("a", 5), ("c", 1), ("d", 2)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let facet = largest(
            &FacetRequest {
                field: FacetField::Speaker,
                size: 2,
            },
            pairs_of(&counts),
            7,
        );
        let keys: Vec<&str> = facet.buckets.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!((facet.other, facet.missing), (3, 7));
    }
}
