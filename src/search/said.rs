//! Each person's best quote for a query, in one pass over the query's
//! quote records: the first step of every person's quote in `newsidx
//! speakers QUERY` (`quotes.rs`), where the registry's said file
//! (`people/said.rs`) says who said each record.
//!
//! A person's best quote is the first of their records in the ranking a
//! quote search of the query gives (every word required, the date range
//! applied): the highest score, ties to the earlier record in index
//! order, as `rank` breaks them. The pass keeps the best record of every
//! speaker, so it needs nothing from the articles' facet pass that picks
//! the people shown, and `newsidx speakers` runs the two side by side on
//! two cores. Its cost is the query's quotes walked and scored once, where
//! searching each person's surname walked the query's matches again for
//! every surname and read candidates back from the store to learn who
//! said them.

use rustc_hash::FxHashMap;
use tantivy::{DocAddress, DocSet, Score, TantivyDocument, TERMINATED};

use super::query;
use super::scoring::Statistics;
use super::{LocalSearcher, SearchError, SearchRequest};
use crate::error::IndexError;
use crate::people::{Registry, SaidFile, SaidTable, UNKNOWN_SPEAKER};

/// Each speaker's best quote record of a query, found before anyone
/// asks for it, so that the pass can run beside the articles' facet pass
/// that decides who is asked about.
pub struct BestQuotes {
    /// The quote index as the pass saw it: the addresses are its.
    pub(super) searcher: tantivy::Searcher,
    /// The said file the pass read, for its names.
    said: SaidFile,
    /// The best record by speaker key (see [`BestQuotes::key_of`]).
    by_key: FxHashMap<u32, (Score, DocAddress)>,
    /// Records the said file does not number (none in a file written by
    /// this version, which numbers every speaker an article gives):
    /// named from the store when asked.
    unknown: Vec<(Score, DocAddress)>,
    /// Whether keys are the docs file's speaker numbers as written (an
    /// aliases file may join any two of them, so each is named when
    /// asked), rather than the name number of the person shown.
    by_code: bool,
}

impl BestQuotes {
    /// The key a record of speaker number `code` counts under: without
    /// aliases, the name number of the person the archive shows (a link
    /// gives its canonical name), so that a person's records meet under
    /// one key and the person is found by name number alone.
    fn key_of(table: &SaidTable, code: u32, by_code: bool) -> Option<u32> {
        let names = table.name_count();
        if by_code || code < names {
            return Some(code);
        }
        table.pair(code - names).map(|(_, shown)| shown)
    }

    /// The best record of each of `wanted` (names as the archive shows
    /// them), ties to the earlier record in index order.
    pub(super) fn of_each(
        &self,
        quotes: &LocalSearcher,
        articles: &LocalSearcher,
        wanted: &[&str],
    ) -> Result<Option<Vec<Option<DocAddress>>>, SearchError> {
        let Some(table) = self.said.table() else {
            return Ok(None);
        };
        let people = articles.people.as_ref();
        let mut best: Vec<Option<(Score, DocAddress)>> = vec![None; wanted.len()];
        let better = |slot: &mut Option<(Score, DocAddress)>, found: (Score, DocAddress)| {
            let wins = match *slot {
                None => true,
                Some((score, at)) => found.0 > score || (found.0 == score && found.1 < at),
            };
            if wins {
                *slot = Some(found);
            }
        };
        let mut persons = Persons::new(&table, people, wanted);
        if self.by_code {
            for (&code, &found) in &self.by_key {
                let person = persons.of_code(code);
                if person != NOT_WANTED {
                    better(&mut best[person as usize], found);
                }
            }
        } else {
            for (slot, name) in best.iter_mut().zip(wanted) {
                if let Some(found) = table.number(name).and_then(|n| self.by_key.get(&n)) {
                    better(slot, *found);
                }
            }
        }
        for &(score, address) in &self.unknown {
            let person = persons.of_stored(quotes, &self.searcher, address)?;
            if person != NOT_WANTED {
                better(&mut best[person as usize], (score, address));
            }
        }
        Ok(Some(
            best.into_iter().map(|b| b.map(|(_, at)| at)).collect(),
        ))
    }
}

/// Every speaker's best quote record of `request` (see the module
/// documentation), keyed as [`BestQuotes::key_of`] says; `None` when the
/// index has no current said file, and a person's quote must be searched
/// the slower way.
pub(super) fn best_quotes(
    quotes: &LocalSearcher,
    articles: &LocalSearcher,
    request: &SearchRequest,
) -> Result<Option<BestQuotes>, SearchError> {
    let searcher = quotes.reader.searcher();
    let damaged = |e: anyhow::Error| IndexError::damaged(&articles.location, e);
    let Some(said) = SaidFile::open(&articles.location, &articles.reader.searcher(), &searcher)
        .map_err(damaged)?
    else {
        return Ok(None);
    };
    let by_code = articles.people.as_ref().is_some_and(Registry::has_aliases);
    let mut by_key = FxHashMap::default();
    let mut unknown = Vec::new();
    {
        let Some(table) = said.table() else {
            return Ok(None);
        };
        if !walk_quotes(
            quotes,
            &searcher,
            &table,
            request,
            by_code,
            &mut by_key,
            &mut unknown,
        )? {
            return Ok(None);
        }
    }
    Ok(Some(BestQuotes {
        searcher,
        said,
        by_key,
        unknown,
        by_code,
    }))
}

/// Walks the quotes of `request` in index order, keeping each speaker's
/// best in `by_key` (and those the file does not number in `unknown`);
/// false when the file does not describe a segment as it is.
fn walk_quotes(
    quotes: &LocalSearcher,
    searcher: &tantivy::Searcher,
    table: &SaidTable,
    request: &SearchRequest,
    by_code: bool,
    by_key: &mut FxHashMap<u32, (Score, DocAddress)>,
    unknown: &mut Vec<(Score, DocAddress)>,
) -> Result<bool, SearchError> {
    let built = match query::build(
        &quotes.index,
        &quotes.schema,
        searcher,
        quotes.people.as_ref(),
        request,
    ) {
        Ok(built) => built,
        // A query quote records cannot answer (a field they lack, a
        // word that is no term): no quote of anyone's matches it, as a
        // ranked search of it finds none.
        Err(_) => return Ok(true),
    };
    let read = |e: tantivy::TantivyError| IndexError::damaged(&quotes.location, e);
    let statistics = Statistics::new(searcher);
    let weight = built.query.weight(statistics.scoring()).map_err(read)?;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let id = segment.segment_id().uuid_string();
        let Some(speakers) = table.segment(&id) else {
            return Ok(false);
        };
        if speakers.documents() != segment.max_doc() {
            return Ok(false);
        }
        let mut scorer = weight.scorer(segment, 1.0).map_err(read)?;
        let alive = segment.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                let address = DocAddress::new(ord as u32, doc);
                let key = match speakers.speaker_of(doc) {
                    UNKNOWN_SPEAKER => None,
                    code => BestQuotes::key_of(table, code, by_code),
                };
                let score = scorer.score();
                match key {
                    // Index order is walked forward: a tie keeps the first.
                    Some(key) => {
                        let slot = by_key.entry(key).or_insert((score, address));
                        if score > slot.0 {
                            *slot = (score, address);
                        }
                    }
                    None => unknown.push((score, address)),
                }
            }
            doc = scorer.advance();
        }
    }
    Ok(true)
}

/// Not one of the people asked about.
const NOT_WANTED: u32 = u32::MAX;

/// Which of the people asked about each speaker number is, worked out
/// once a number.
struct Persons<'a> {
    table: &'a SaidTable<'a>,
    people: Option<&'a Registry>,
    wanted: FxHashMap<&'a str, u32>,
    known: FxHashMap<u32, u32>,
}

impl<'a> Persons<'a> {
    fn new(
        table: &'a SaidTable<'a>,
        people: Option<&'a Registry>,
        wanted: &[&'a str],
    ) -> Persons<'a> {
        let mut by_name = FxHashMap::default();
        for (at, &name) in wanted.iter().enumerate() {
            by_name.entry(name).or_insert(at as u32);
        }
        Persons {
            table,
            people,
            wanted: by_name,
            known: FxHashMap::default(),
        }
    }

    /// The person asked about whom the file's number `code` is, as a
    /// speaker facet names them: a name the registry left as written (its
    /// aliases line's, if any), or a link's name shown.
    fn of_code(&mut self, code: u32) -> u32 {
        if let Some(&person) = self.known.get(&code) {
            return person;
        }
        let table = self.table;
        let shown = match code.checked_sub(table.name_count()) {
            None => table.name(code).map(|written| match self.people {
                Some(people) => people.unlinked(written),
                None => written.to_string(),
            }),
            Some(pair) => table.pair(pair).and_then(|(written, canonical)| {
                let (written, canonical) = (table.name(written)?, table.name(canonical)?);
                Some(match self.people {
                    Some(people) => people.shown(written, canonical.to_string()),
                    None => canonical.to_string(),
                })
            }),
        };
        let person = shown
            .and_then(|name| self.wanted.get(name.as_str()).copied())
            .unwrap_or(NOT_WANTED);
        self.known.insert(code, person);
        person
    }

    /// The person asked about who said the record at `address`, which
    /// the said file does not number: read from the store and named by
    /// the registry, as a hit of a quote search is.
    fn of_stored(
        &self,
        quotes: &LocalSearcher,
        searcher: &tantivy::Searcher,
        address: DocAddress,
    ) -> Result<u32, SearchError> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| IndexError::damaged(&quotes.location, e))?;
        let record = quotes.schema.stored(&doc);
        let written = record.meta.speakers.first().cloned().unwrap_or_default();
        let name = self
            .people
            .and_then(|people| people.canonical(&record.meta.path, &written))
            .unwrap_or(written);
        Ok(self
            .wanted
            .get(name.as_str())
            .copied()
            .unwrap_or(NOT_WANTED))
    }
}
