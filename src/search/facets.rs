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
//! tantivy's aggregations count terms and date histograms too, but not
//! under names that depend on the article, and their date histogram skips
//! no empty buckets at the ends nor fills them in the middle by calendar
//! month; a collector over the same columns does all of it in one pass.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate};
use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::Query;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::QueryError;
use crate::people::{LinkedMentions, Registry};
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

/// Counts the facets `wanted` over every article `query` matches; also
/// returns how many it matches.
pub(super) fn count(
    searcher: &Searcher,
    query: &dyn Query,
    wanted: &[FacetRequest],
    people: Option<&Registry>,
) -> Result<(Vec<Facet>, u64), FacetError> {
    let speakers_wanted = wanted.iter().any(|w| w.field == FacetField::Speaker);
    let linked = match (speakers_wanted, people) {
        (true, Some(people)) => people.linked_mentions(),
        _ => LinkedMentions::default(),
    };
    let collector = FacetCollector {
        speakers: speakers_wanted,
        folders: wanted.iter().any(|w| w.field == FacetField::Folder),
        days: wanted.iter().any(|w| w.field.is_period()),
        // With aliases, two names of one article may be one person, so
        // every article's names are kept to be counted once per person.
        every_article: people.is_some_and(Registry::has_aliases),
        linked: &linked,
        columns: wanted
            .iter()
            .filter_map(|w| Some((w.field, column_of(w.field)?)))
            .collect(),
    };
    let fruits = searcher.search(query, &collector)?;
    let matched: u64 = fruits.iter().map(|f| f.matched).sum();

    let mut speakers: FxHashMap<String, u64> = FxHashMap::default();
    let mut folders: FxHashMap<String, u64> = FxHashMap::default();
    let mut days: BTreeMap<i64, u64> = BTreeMap::new();
    let (mut no_speaker, mut no_folder, mut undated) = (0, 0, 0);
    for fruit in &fruits {
        let segment = searcher.segment_reader(fruit.segment);
        if collector.speakers {
            no_speaker += fruit.no_speaker;
            let links = linked.of_segment(&segment.segment_id().uuid_string());
            count_speakers(segment, fruit, people, &linked.pairs, links, &mut speakers)?;
        }
        if collector.folders {
            no_folder += count_folders(segment, &fruit.paths, &mut folders)?;
        }
        undated += fruit.undated;
        for (&day, &n) in &fruit.days {
            *days.entry(day).or_default() += n;
        }
    }
    let by_value = count_values(searcher, &collector.columns, &fruits)?;
    let mut facets = Vec::with_capacity(wanted.len());
    for request in wanted {
        let facet = match request.field {
            FacetField::Speaker => largest(request, &speakers, no_speaker),
            FacetField::Folder => largest(request, &folders, no_folder),
            FacetField::Outlet | FacetField::Author | FacetField::Lang => {
                match by_value
                    .iter()
                    .find(|(field, _, _)| *field == request.field)
                {
                    Some((_, counts, missing)) => largest(request, counts, *missing),
                    None => largest(request, &FxHashMap::default(), 0),
                }
            }
            period => periods(period, &days, undated)?,
        };
        facets.push(facet);
    }
    Ok((facets, matched))
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
fn largest(request: &FacetRequest, counts: &FxHashMap<String, u64>, missing: u64) -> Facet {
    let mut all: Vec<(&String, &u64)> = counts.iter().collect();
    all.sort_unstable_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let other = all.iter().skip(request.size).map(|(_, &n)| n).sum();
    Facet {
        field: request.field.name(),
        buckets: all
            .into_iter()
            .take(request.size)
            .map(|(key, &count)| Bucket {
                key: key.clone(),
                count,
            })
            .collect(),
        other,
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

/// Adds the speakers of a segment's matches to `counts`, under the name
/// the archive knows each by, each article once per person.
///
/// Names are resolved once per distinct term, to a number per person;
/// articles are counted with those numbers. Only the articles where the
/// registry names a speaker otherwise (`links`, by document, naming
/// `pairs`) are resolved
/// one by one.
fn count_speakers(
    segment: &SegmentReader,
    fruit: &SegmentFacets,
    people: Option<&Registry>,
    pairs: &[(String, String)],
    mut links: &[(DocId, u32)],
    counts: &mut FxHashMap<String, u64>,
) -> Result<(), FacetError> {
    let Some(column) = segment.fast_fields().str(SPEAKER_NAME_FIELD)? else {
        return Ok(());
    };
    let mut ords: Vec<u64> = fruit.speakers.iter().map(|&(_, ord)| ord).collect();
    ords.extend((0..fruit.by_term.len() as u64).filter(|&ord| fruit.by_term[ord as usize] > 0));
    ords.sort_unstable();
    ords.dedup();
    let names = column_terms(&column, &ords)?;
    // Each distinct term's person where no link says otherwise. Without
    // aliases a name is its own person, numbered as its term.
    let mut persons = Persons::new(&names);
    let person_of_term: Vec<u32> = match people.filter(|p| p.has_aliases()) {
        None => (0..names.len() as u32).collect(),
        Some(people) => names
            .iter()
            .map(|name| persons.number(&people.unlinked(name)))
            .collect(),
    };
    let mut index_of_ord = vec![0u32; column.num_terms()];
    for (i, &ord) in ords.iter().enumerate() {
        if let Some(slot) = index_of_ord.get_mut(ord as usize) {
            *slot = i as u32;
        }
    }
    let term_of = |ord: u64| index_of_ord.get(ord as usize).map_or(0, |&i| i as usize);

    let mut of_article: Vec<u32> = Vec::new();
    let mut tally: FxHashMap<u32, u64> = FxHashMap::default();
    let mut dense = vec![0u64; names.len()];
    // Articles counted by term in the collector: their names are theirs.
    for (ord, &n) in fruit.by_term.iter().enumerate() {
        if n > 0 {
            let person = person_of_term[term_of(ord as u64)];
            match dense.get_mut(person as usize) {
                Some(count) => *count += u64::from(n),
                None => *tally.entry(person).or_default() += u64::from(n),
            }
        }
    }
    for article in fruit.speakers.chunk_by(|a, b| a.0 == b.0) {
        of_article.clear();
        let doc = article[0].0;
        // Articles and links both come in document order.
        while links.first().is_some_and(|&(d, _)| d < doc) {
            links = &links[1..];
        }
        let linked = &links[..links.partition_point(|&(d, _)| d == doc)];
        if linked.is_empty() {
            of_article.extend(article.iter().map(|&(_, ord)| person_of_term[term_of(ord)]));
        } else {
            for &(_, ord) in article {
                let name = &names[term_of(ord)];
                let shown = linked
                    .iter()
                    .map(|&(_, pair)| &pairs[pair as usize])
                    .find(|(written, _)| written == name);
                match shown {
                    Some((_, shown)) => of_article.push(persons.number(shown)),
                    None => of_article.push(person_of_term[term_of(ord)]),
                }
            }
        }
        if of_article.len() > 1 {
            of_article.sort_unstable();
            of_article.dedup();
        }
        for &person in &of_article {
            match dense.get_mut(person as usize) {
                Some(n) => *n += 1,
                None => *tally.entry(person).or_default() += 1,
            }
        }
    }
    for (person, n) in dense
        .into_iter()
        .enumerate()
        .chain(tally.into_iter().map(|(p, n)| (p as usize, n)))
    {
        if n == 0 {
            continue;
        }
        let name = persons.name(person);
        match counts.get_mut(name) {
            Some(count) => *count += n,
            None => {
                counts.insert(name.to_string(), n);
            }
        }
    }
    Ok(())
}

/// The persons of a segment's facet, by number: first its speaker terms'
/// names (numbered as the terms), then other names (an alias, a name the
/// registry gives) as they come.
struct Persons<'a> {
    names: &'a [String],
    /// The terms' names, by name; made on the first lookup.
    by_name: Option<FxHashMap<&'a str, u32>>,
    others: Vec<String>,
    other_of: FxHashMap<String, u32>,
}

impl<'a> Persons<'a> {
    fn new(names: &'a [String]) -> Persons<'a> {
        Persons {
            names,
            by_name: None,
            others: Vec::new(),
            other_of: FxHashMap::default(),
        }
    }

    /// The number of the person named `name`.
    fn number(&mut self, name: &str) -> u32 {
        let names = self.names;
        let by_name = self.by_name.get_or_insert_with(|| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_str(), i as u32))
                .collect()
        });
        if let Some(&i) = by_name.get(name) {
            return i;
        }
        if let Some(&i) = self.other_of.get(name) {
            return i;
        }
        let i = (names.len() + self.others.len()) as u32;
        self.others.push(name.to_string());
        self.other_of.insert(name.to_string(), i);
        i
    }

    fn name(&self, number: usize) -> &str {
        match self.names.get(number) {
            Some(name) => name,
            None => &self.others[number - self.names.len()],
        }
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
    /// Keep every article's speaker terms, not only the linked ones'.
    every_article: bool,
    linked: &'a LinkedMentions,
    /// The source facets asked for and their columns.
    columns: Vec<(FacetField, &'static str)>,
}

/// What one segment's matches hold, as term and day numbers.
struct SegmentFacets {
    segment: SegmentOrdinal,
    matched: u64,
    /// (document, speaker term) pairs, in document order, of the articles
    /// whose speakers the registry links one by one (of every article
    /// with aliases).
    speakers: Vec<(DocId, u64)>,
    /// The other articles, counted by speaker term.
    by_term: Vec<u32>,
    no_speaker: u64,
    /// The path term of each match, for folders.
    paths: Vec<u64>,
    /// Matches by day (days since 1970-01-01, UTC).
    days: FxHashMap<i64, u64>,
    undated: u64,
    /// Counts of each source column asked for, in the collector's order.
    values: Vec<ValueTally>,
}

struct FacetSegmentCollector {
    speakers: Option<StrColumn>,
    by_term: Vec<u32>,
    /// The documents whose speakers go as pairs, sorted, and how far the
    /// matches (which come in document order) have gone through them.
    as_pairs: Vec<DocId>,
    every_article: bool,
    next: usize,
    paths: Option<StrColumn>,
    dates: Option<tantivy::columnar::Column<tantivy::DateTime>>,
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
        let dates = if self.days {
            Some(fast.date(DATE_FIELD)?)
        } else {
            None
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
        Ok(FacetSegmentCollector {
            values,
            by_term: vec![0; speakers.as_ref().map_or(0, |c| c.num_terms())],
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
            fruit: SegmentFacets {
                segment,
                matched: 0,
                speakers: Vec::new(),
                by_term: Vec::new(),
                no_speaker: 0,
                paths: Vec::new(),
                days: FxHashMap::default(),
                undated: 0,
                values: tallies,
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFacets>) -> tantivy::Result<Vec<SegmentFacets>> {
        Ok(fruits)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentFacets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let fruit = &mut self.fruit;
        fruit.matched += 1;
        if let Some(column) = &self.speakers {
            while self.as_pairs.get(self.next).is_some_and(|&d| d < doc) {
                self.next += 1;
            }
            let mut any = false;
            if self.every_article || self.as_pairs.get(self.next) == Some(&doc) {
                for ord in column.term_ords(doc) {
                    fruit.speakers.push((doc, ord));
                    any = true;
                }
            } else {
                // An article's speakers are distinct names, so each term
                // is one person once.
                for ord in column.term_ords(doc) {
                    if let Some(n) = self.by_term.get_mut(ord as usize) {
                        *n += 1;
                    }
                    any = true;
                }
            }
            if !any {
                fruit.no_speaker += 1;
            }
        }
        if let Some(column) = &self.paths {
            fruit.paths.extend(column.term_ords(doc).next());
        }
        for (column, tally) in self.values.iter().zip(&mut fruit.values) {
            let mut any = false;
            if let Some(column) = column {
                // An article's authors are distinct names, so each term
                // is one author once.
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
        if let Some(column) = &self.dates {
            match column.first(doc) {
                Some(date) => {
                    let day = date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY);
                    *fruit.days.entry(day).or_default() += 1;
                }
                None => fruit.undated += 1,
            }
        }
    }

    fn harvest(mut self) -> SegmentFacets {
        self.fruit.by_term = self.by_term;
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
            &counts,
            7,
        );
        let keys: Vec<&str> = facet.buckets.iter().map(|b| b.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!((facet.other, facet.missing), (3, 7));
    }
}
