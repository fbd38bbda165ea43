//! From a parsed query ([`Expr`]) to the tantivy query that runs it.
//!
//! Negations keep their logical meaning: a purely negative part (`-c`, or
//! `NOT a` alone) is "every article, less those", which tantivy would
//! otherwise read as matching nothing. Words go through the analyzer of
//! the field they search, so a word the analyzer splits (`O'Neill`,
//! `1-5/8`) becomes a phrase, and one it drops entirely (punctuation) is
//! left out of the query instead of matching nothing.
//!
//! Prefixes and fuzzy words are expanded into the index's own words, each
//! scored with BM25 as if typed (so `volck*` ranks like `volcker` and its
//! words are marked in snippets). Past [`MAX_EXPANSIONS`] words, the
//! commonest are scored and the rest still match, at no score.

use std::collections::BTreeMap;
use std::ops::Bound;

use chrono::{DateTime, Utc};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use tantivy::query::{
    AllQuery, BitSetDocSet, BooleanQuery, BoostQuery, ConstScoreQuery, ConstScorer, EmptyQuery,
    EnableScoring, ExistsQuery, Explanation, FuzzyTermQuery, InvertedIndexRangeQuery, Occur,
    PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, RegexQuery, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{BitSet, DocId, Index, Score, Searcher, SegmentReader, TantivyError, Term};
use tantivy_fst::Automaton;

use super::exact::ExactForm;
use super::sloppy::SloppyPhraseQuery;
use super::syntax::{DateSpan, Expr, Pattern, SearchField};
use crate::article::language_tag;
use crate::error::QueryError;
use crate::people::{Registry, SamePerson};
use crate::schema::{terms_of, NewsSchema, DATE_FIELD, LANG_FIELD, SECONDS_PER_DAY};
use crate::tokenizer::stems_and_forms;

/// Most index words a prefix or fuzzy word is scored as.
pub const MAX_EXPANSIONS: usize = 128;

/// Compiles queries against one searcher (prefixes and fuzzy words read
/// its term dictionaries).
pub(super) struct Compiler<'a> {
    index: &'a Index,
    schema: &'a NewsSchema,
    searcher: &'a Searcher,
    /// Who is who across the archive, for `speaker:`.
    people: Option<&'a Registry>,
}

type Clause = (Occur, Box<dyn Query>);

impl<'a> Compiler<'a> {
    pub(super) fn new(
        index: &'a Index,
        schema: &'a NewsSchema,
        searcher: &'a Searcher,
        people: Option<&'a Registry>,
    ) -> Self {
        Compiler {
            index,
            schema,
            searcher,
            people,
        }
    }

    /// The query for `expr`; `None` when nothing in it can be searched
    /// (only punctuation).
    pub(super) fn compile(&self, expr: &Expr) -> Result<Option<Box<dyn Query>>, QueryError> {
        Ok(match expr {
            Expr::All => Some(Box::new(AllQuery)),
            Expr::Has(field) => Some(self.has(*field)),
            Expr::Match { field, pattern } => self.pattern(*field, pattern)?,
            Expr::Dates(span) => Some(self.dates(span)),
            Expr::And(parts) => self.all_of(parts, Vec::new())?,
            Expr::Or(parts) => {
                let mut clauses = Vec::new();
                for part in parts {
                    if let Some(query) = self.compile(part)? {
                        clauses.push((Occur::Should, query));
                    }
                }
                boolean(clauses)
            }
            // Every article less the part; a negation of nothing (`-!!!`)
            // is nothing.
            Expr::Not(_) => self.all_of(std::slice::from_ref(expr), Vec::new())?,
            Expr::Ranked { required, optional } => {
                let mut extra = Vec::new();
                for part in optional {
                    if let Some(query) = self.compile(part)? {
                        extra.push((Occur::Should, query));
                    }
                }
                let parts = match &**required {
                    Expr::And(parts) => parts.as_slice(),
                    other => std::slice::from_ref(other),
                };
                match self.all_of(parts, extra)? {
                    Some(query) => Some(query),
                    // The required part was only punctuation: what is
                    // left is the optional parts, all required.
                    None => self.all_of(optional, Vec::new())?,
                }
            }
            Expr::Boost(inner, factor) => self
                .compile(inner)?
                .map(|query| Box::new(BoostQuery::new(query, *factor)) as Box<dyn Query>),
        })
    }

    /// For a plain query (words and phrases side by side, perhaps with
    /// exclusions and filters: fields, dates), the query of the articles
    /// that have most of its words: at least [`minimum_words`] of them,
    /// every filter still met and the exclusions still excluded. `None`
    /// for any other query, or one of fewer than two words.
    pub(super) fn most_words(&self, expr: &Expr) -> Result<Option<Box<dyn Query>>, QueryError> {
        let Expr::And(parts) = expr else {
            return Ok(None);
        };
        let mut wanted = Vec::new();
        let mut kept = Vec::new();
        for part in parts {
            match part {
                Expr::Match {
                    field: SearchField::Any,
                    ..
                } => {
                    if let Some(query) = self.compile(part)? {
                        wanted.push((Occur::Should, query));
                    }
                }
                // A field, a date or a field's presence is a filter the
                // user set, not a word that may be missing: `oil prices
                // speaker:yamani` fills its page with Yamani's articles
                // only, never with anyone's about oil.
                Expr::Match { .. } | Expr::Has(_) | Expr::Dates(_) => {
                    if let Some(query) = self.compile(part)? {
                        kept.push((Occur::Must, query));
                    }
                }
                Expr::Not(inner) => {
                    if let Some(query) = self.compile(inner)? {
                        kept.push((Occur::MustNot, query));
                    }
                }
                _ => return Ok(None),
            }
        }
        if wanted.len() < 2 {
            return Ok(None);
        }
        let minimum = minimum_words(wanted.len());
        wanted.extend(kept);
        Ok(Some(Box::new(BooleanQuery::with_minimum_required_clauses(
            wanted, minimum,
        ))))
    }

    /// Every part required, negations excluded, plus `extra` clauses that
    /// only rank. With no positive part, the base is every article.
    fn all_of(
        &self,
        parts: &[Expr],
        extra: Vec<Clause>,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        let mut clauses = Vec::new();
        let mut positive = false;
        for part in parts {
            match part {
                Expr::Not(inner) => {
                    if let Some(query) = self.compile(inner)? {
                        clauses.push((Occur::MustNot, query));
                    }
                }
                _ => {
                    if let Some(query) = self.compile(part)? {
                        clauses.push((Occur::Must, query));
                        positive = true;
                    }
                }
            }
        }
        if clauses.is_empty() {
            return Ok(None);
        }
        if !positive {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if extra.is_empty() && clauses.len() == 1 {
            return Ok(clauses.pop().map(|(_, query)| query));
        }
        clauses.extend(extra);
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    fn field(&self, field: SearchField) -> Field {
        match field {
            SearchField::Any => self.schema.text,
            SearchField::Title => self.schema.title,
            SearchField::Lead => self.schema.lead,
            SearchField::Speakers => self.schema.speakers,
            // The parser writes `folder:` as a search of the path.
            SearchField::Path | SearchField::Folder => self.schema.path,
            SearchField::Date => self.schema.date,
            SearchField::Outlet => self.schema.source.outlet_words,
            SearchField::Author => self.schema.source.authors,
            SearchField::Lang => self.schema.source.lang,
        }
    }

    fn analyzer(&self, field: Field) -> Result<TextAnalyzer, QueryError> {
        self.index
            .tokenizer_for_field(field)
            .map_err(|e| QueryError::Internal(e.to_string()))
    }

    /// The terms the analyzer makes of `text` in `field`, with positions.
    /// Where the analyzer adds a compound beside its parts (`1.5` beside
    /// `1` and `5`, see [`crate::tokenizer`]), the query asks for the
    /// compound alone: the longest token wins the text it covers.
    fn terms(&self, field: Field, text: &str) -> Result<Vec<(usize, Term)>, QueryError> {
        let mut analyzer = self.analyzer(field)?;
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            let token = stream.token();
            tokens.push((
                token.offset_from,
                token.offset_to,
                token.position,
                token.text.clone(),
            ));
        }
        // By start, longer first; a token inside one kept is a part.
        tokens.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut covered_to = 0;
        let mut terms = Vec::new();
        for (from, to, position, text) in tokens {
            if from < covered_to && to <= covered_to {
                continue;
            }
            covered_to = covered_to.max(to);
            terms.push((position, Term::from_field_text(field, &text)));
        }
        Ok(terms)
    }

    fn has(&self, field: SearchField) -> Box<dyn Query> {
        match field {
            SearchField::Path => Box::new(AllQuery),
            SearchField::Date => Box::new(ExistsQuery::new(DATE_FIELD.to_string(), false)),
            SearchField::Lang => Box::new(ExistsQuery::new(LANG_FIELD.to_string(), false)),
            other => Box::new(HasTokensQuery {
                field: self.field(other),
            }),
        }
    }

    fn pattern(
        &self,
        field: SearchField,
        pattern: &Pattern,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        let tantivy_field = self.field(field);
        if field == SearchField::Lang {
            return self.language(pattern).map(Some);
        }
        if let (
            SearchField::Speakers,
            Some(people),
            Pattern::Words(text) | Pattern::Phrase { text, slop: 0 } | Pattern::Exact(text),
        ) = (field, self.people, pattern)
        {
            let written = phrase(self.terms(tantivy_field, text)?, 0);
            return Ok(match written {
                Some(written) => Some(self.same_person(written, text, people)?),
                None => None,
            });
        }
        Ok(match pattern {
            Pattern::Words(text) => phrase(self.terms(tantivy_field, text)?, 0),
            Pattern::Phrase { text, slop } => phrase(self.terms(tantivy_field, text)?, *slop),
            Pattern::Prefix(text) => self.prefix(field, text)?,
            Pattern::Fuzzy { word, distance } => {
                let terms = self.terms(tantivy_field, word)?;
                match <[(usize, Term); 1]>::try_from(terms) {
                    Ok([(_, term)]) => Some(self.fuzzy(term, *distance)?),
                    Err(terms) => phrase(terms, 0),
                }
            }
            Pattern::Exact(word) => self.exact(tantivy_field, word)?,
            Pattern::Regex(pattern) => Some(Box::new(
                RegexQuery::from_pattern(pattern, tantivy_field).map_err(|e| {
                    QueryError::BadRegex {
                        pattern: pattern.clone(),
                        reason: regex_reason(&e),
                    }
                })?,
            )),
        })
    }

    /// `lang:TAG` finds the articles in that language: the tag itself and
    /// its regional forms (`en` is `en` and every `en-*`; `en-gb` only
    /// itself). The tag is read as articles' tags are written
    /// (`lang:en_GB` is `en-gb`). A prefix or a regular expression matches
    /// the tags as stored, lower-case.
    fn language(&self, pattern: &Pattern) -> Result<Box<dyn Query>, QueryError> {
        let field = self.schema.source.lang;
        let typed = match pattern {
            Pattern::Words(text) | Pattern::Exact(text) | Pattern::Phrase { text, .. } => text,
            Pattern::Fuzzy { word, .. } => word,
            Pattern::Prefix(start) => {
                return self.expand_prefix(field, start.to_lowercase().as_bytes());
            }
            Pattern::Regex(pattern) => {
                return Ok(Box::new(RegexQuery::from_pattern(pattern, field).map_err(
                    |e| QueryError::BadRegex {
                        pattern: pattern.clone(),
                        reason: regex_reason(&e),
                    },
                )?));
            }
        };
        let tag = language_tag(typed).ok_or_else(|| QueryError::BadLanguage {
            value: typed.clone(),
        })?;
        let itself: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(field, &tag),
            IndexRecordOption::Basic,
        ));
        if tag.contains('-') {
            return Ok(itself);
        }
        let regional = self.expand_prefix(field, format!("{tag}-").as_bytes())?;
        Ok(Box::new(BooleanQuery::new(vec![
            (Occur::Should, itself),
            (Occur::Should, regional),
        ])))
    }

    /// `speaker:NAME` finds a person by any of their names: the articles
    /// whose speakers are written so (`written`), and those where the
    /// registry names a speaker otherwise written by a name of the same
    /// person ("Reagan", linked to Ronald Reagan, for `speaker:"ronald
    /// reagan"`; every "Robert Dole" for `speaker:"bob dole"`). The added
    /// articles score a constant 1: the person is there, under a name the
    /// query did not use.
    fn same_person(
        &self,
        written: Box<dyn Query>,
        text: &str,
        people: &Registry,
    ) -> Result<Box<dyn Query>, QueryError> {
        let mut names = self.analyzer(self.schema.speakers)?;
        let asked = terms_of(&mut names, text);
        let says = |name: &str| {
            let words = terms_of(&mut names, name);
            !asked.is_empty() && words.windows(asked.len()).any(|w| w == asked.as_slice())
        };
        let found = people.same_person(&asked, says);
        if found == SamePerson::default() {
            return Ok(written);
        }
        let mut clauses: Vec<Clause> = vec![(Occur::Should, written)];
        let constant = |query: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(query, 1.0))
        };
        for name in &found.names {
            let term = Term::from_field_text(self.schema.speaker_name, name);
            clauses.push((
                Occur::Should,
                constant(Box::new(TermQuery::new(term, IndexRecordOption::Basic))),
            ));
        }
        for name in &found.any_case {
            // The names of an aliases line as the articles write them,
            // whatever the case the user typed them in.
            let pattern = format!("(?i){}", regex_syntax::escape(name));
            let query = RegexQuery::from_pattern(&pattern, self.schema.speaker_name)
                .map_err(|e| QueryError::Internal(e.to_string()))?;
            clauses.push((Occur::Should, constant(Box::new(query))));
        }
        for path in &found.paths {
            let term = Term::from_field_text(self.schema.path, path);
            clauses.push((
                Occur::Should,
                constant(Box::new(TermQuery::new(term, IndexRecordOption::Basic))),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// `=word`: the word as usual, which ranks, and each of its tokens as
    /// written, which only filters (it scores nothing; see `exact.rs`). A
    /// field with no twin (speakers, path) is not stemmed, so there the
    /// word as usual is already exact.
    fn exact(&self, field: Field, word: &str) -> Result<Option<Box<dyn Query>>, QueryError> {
        let words = phrase(self.terms(field, word)?, 0);
        let Some(twins) = self.schema.twins_of(field) else {
            return Ok(words);
        };
        let Some(words) = words else {
            return Ok(None);
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        for (stem, form) in stems_and_forms(word) {
            let filter = ExactForm::new(field, &stem, &form, twins.clone());
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    /// `word*`; `new-yo*` is a phrase whose last word is a prefix. Paths
    /// are matched as written, case and all.
    fn prefix(&self, field: SearchField, text: &str) -> Result<Option<Box<dyn Query>>, QueryError> {
        let tantivy_field = self.field(field);
        if field == SearchField::Path {
            return Ok(Some(self.expand_prefix(tantivy_field, text.as_bytes())?));
        }
        let mut words = NewsSchema::prefix_words(text);
        let Some(last) = words.pop() else {
            return Ok(None);
        };
        if words.is_empty() {
            return Ok(Some(self.expand_prefix(tantivy_field, last.as_bytes())?));
        }
        let mut terms = self.terms(tantivy_field, &words.join(" "))?;
        let next = terms.last().map_or(0, |(position, _)| position + 1);
        terms.push((next, Term::from_field_text(tantivy_field, &last)));
        // tantivy expands the last word to its first 50 index words unless
        // told otherwise, and a match past them would be missed silently;
        // it also reserves room for as many as it is told, so it is told
        // how many there are.
        let words = self.words_with_prefix(tantivy_field, last.as_bytes())?;
        let mut query = PhrasePrefixQuery::new_with_offset(terms);
        query.set_max_expansions(u32::try_from(words.max(1)).unwrap_or(u32::MAX));
        Ok(Some(Box::new(query)))
    }

    /// How many index words of `field` start with `prefix`, in the
    /// segment that has most of them.
    fn words_with_prefix(&self, field: Field, prefix: &[u8]) -> Result<usize, QueryError> {
        let mut counts = vec![0usize; self.searcher.segment_readers().len()];
        self.each_word_with_prefix(field, prefix, |segment, _, _| counts[segment] += 1)?;
        Ok(counts.into_iter().max().unwrap_or(0))
    }

    /// Calls `visit` with the segment, the bytes and the document
    /// frequency of every index word of `field` that starts with `prefix`.
    fn each_word_with_prefix(
        &self,
        field: Field,
        prefix: &[u8],
        mut visit: impl FnMut(usize, &[u8], u64),
    ) -> Result<(), QueryError> {
        let upper = prefix_end(prefix);
        for (segment, reader) in self.searcher.segment_readers().iter().enumerate() {
            let index = reader.inverted_index(field).map_err(internal)?;
            let mut range = index.terms().range().ge(prefix);
            if let Some(upper) = &upper {
                range = range.lt(upper);
            }
            let mut stream = range.into_stream().map_err(internal)?;
            while stream.advance() {
                visit(segment, stream.key(), u64::from(stream.value().doc_freq));
            }
        }
        Ok(())
    }

    fn expand_prefix(&self, field: Field, prefix: &[u8]) -> Result<Box<dyn Query>, QueryError> {
        let mut found = BTreeMap::new();
        self.each_word_with_prefix(field, prefix, |_, word, doc_freq| {
            *found.entry(word.to_vec()).or_insert(0u64) += doc_freq;
        })?;
        let upper = prefix_end(prefix);
        let from_dictionary = !column_holds_index_words(self.schema.schema.get_field_entry(field));
        let rest = || -> Box<dyn Query> {
            let lower = Bound::Included(text_term(field, prefix));
            let upper = upper
                .as_ref()
                .map_or(Bound::Unbounded, |u| Bound::Excluded(text_term(field, u)));
            if from_dictionary {
                Box::new(InvertedIndexRangeQuery::new(lower, upper))
            } else {
                Box::new(RangeQuery::new(lower, upper))
            }
        };
        Ok(scored_expansion(field, found, rest))
    }

    fn fuzzy(&self, term: Term, distance: u8) -> Result<Box<dyn Query>, QueryError> {
        let field = term.field();
        let word = term.value().as_str().unwrap_or_default().to_string();
        let found = words_within(self.searcher, field, &word, distance).map_err(internal)?;
        let rest =
            || -> Box<dyn Query> { Box::new(FuzzyTermQuery::new(term.clone(), distance, true)) };
        Ok(scored_expansion(field, found, rest))
    }

    /// Dates in a span. Spans whose ends fall on midnights (every span
    /// written with years, months or days) search the `day` field: one
    /// term per day, so a month is about thirty posting lists, where the
    /// `date` column would be read for every article. Spans with an exact
    /// instant use the `date` column.
    pub(super) fn dates(&self, span: &DateSpan) -> Box<dyn Query> {
        if span.from.is_none() && span.until.is_none() {
            return self.has(SearchField::Date);
        }
        let day_of = |t: DateTime<Utc>| {
            let seconds = t.timestamp();
            (seconds.rem_euclid(SECONDS_PER_DAY) == 0).then(|| seconds.div_euclid(SECONDS_PER_DAY))
        };
        let whole_days = span.from.is_none_or(|t| day_of(t).is_some())
            && span.until.is_none_or(|t| day_of(t).is_some());
        if whole_days {
            let term = |t: DateTime<Utc>| {
                Term::from_field_i64(self.schema.day, day_of(t).unwrap_or_default())
            };
            return Box::new(RangeQuery::new(
                span.from
                    .map_or(Bound::Unbounded, |t| Bound::Included(term(t))),
                span.until
                    .map_or(Bound::Unbounded, |t| Bound::Excluded(term(t))),
            ));
        }
        let term = |t: DateTime<Utc>| {
            Term::from_field_date(
                self.schema.date,
                tantivy::DateTime::from_timestamp_secs(t.timestamp()),
            )
        };
        Box::new(RangeQuery::new(
            span.from
                .map_or(Bound::Unbounded, |t| Bound::Included(term(t))),
            span.until
                .map_or(Bound::Unbounded, |t| Bound::Excluded(term(t))),
        ))
    }
}

/// How many of a plain query's `words` an article must have to fill a
/// page that too few articles with every word left short: half, rounded
/// up.
pub fn minimum_words(words: usize) -> usize {
    words.div_ceil(2).max(1)
}

/// The index's words in `field` within `distance` edits of `word` (a swap
/// of two neighbouring letters is one edit), each with the number of
/// articles that have it.
fn words_within(
    searcher: &Searcher,
    field: Field,
    word: &str,
    distance: u8,
) -> tantivy::Result<BTreeMap<Vec<u8>, u64>> {
    let dfa = LevenshteinAutomatonBuilder::new(distance, true).build_dfa(word);
    words_accepted(searcher, field, Levenshtein(&dfa))
}

/// The index's words in `field` that `automaton` accepts, each with the
/// number of articles that have it, summed over the segments.
pub(super) fn words_accepted<A>(
    searcher: &Searcher,
    field: Field,
    automaton: A,
) -> tantivy::Result<BTreeMap<Vec<u8>, u64>>
where
    A: Automaton + Copy,
    A::State: Clone,
{
    let mut found = BTreeMap::new();
    for reader in searcher.segment_readers() {
        let index = reader.inverted_index(field)?;
        let mut stream = index.terms().search(automaton).into_stream()?;
        while stream.advance() {
            *found.entry(stream.key().to_vec()).or_insert(0u64) +=
                u64::from(stream.value().doc_freq);
        }
    }
    Ok(found)
}

/// One term, or the terms in order (within `slop` moves); none is nothing.
fn phrase(mut terms: Vec<(usize, Term)>, slop: u32) -> Option<Box<dyn Query>> {
    match terms.len() {
        0 => None,
        1 => terms
            .pop()
            .map(|(_, term)| Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as _),
        // Three words or more spend one budget over two gaps or more,
        // which tantivy decides greedily (see `sloppy`).
        n if slop > 0 && n >= 3 => Some(Box::new(SloppyPhraseQuery::new(terms, slop))),
        _ => {
            let mut query = PhraseQuery::new_with_offset(terms);
            query.set_slop(slop);
            Some(Box::new(query))
        }
    }
}

/// A BooleanQuery of `clauses`, or the one clause alone.
fn boolean(mut clauses: Vec<Clause>) -> Option<Box<dyn Query>> {
    match clauses.len() {
        0 => None,
        1 => clauses.pop().map(|(_, query)| query),
        _ => Some(Box::new(BooleanQuery::new(clauses))),
    }
}

/// The words found for a prefix or fuzzy word, scored; past
/// [`MAX_EXPANSIONS`], the commonest are scored and `rest` (which matches
/// all of them) keeps the others matching at no score.
fn scored_expansion(
    field: Field,
    found: BTreeMap<Vec<u8>, u64>,
    rest: impl FnOnce() -> Box<dyn Query>,
) -> Box<dyn Query> {
    if found.is_empty() {
        return Box::new(EmptyQuery);
    }
    let complete = found.len() <= MAX_EXPANSIONS;
    let mut words: Vec<(Vec<u8>, u64)> = found.into_iter().collect();
    // Commonest first; ties in dictionary order, so the choice is stable.
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(MAX_EXPANSIONS);
    let mut clauses: Vec<Clause> = words
        .into_iter()
        .map(|(bytes, _)| {
            let term = text_term(field, &bytes);
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>,
            )
        })
        .collect();
    if !complete {
        clauses.push((Occur::Should, Box::new(BoostQuery::new(rest(), 0.0))));
    }
    boolean(clauses).unwrap_or_else(|| Box::new(EmptyQuery))
}

/// The first byte string after every string that starts with `prefix`;
/// `None` when there is none (a prefix of 0xFF bytes).
pub(super) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// Whether a range of a field's index words may be answered from its fast
/// column, as tantivy's `RangeQuery` answers it whenever the field has
/// one: only when the column holds the same words, made by the same
/// tokenizer (a path, a language tag). The title's column holds each
/// title whole, for exports, so a range of its words (`title:t*` with more
/// words than are scored one by one) is read from the dictionary instead.
fn column_holds_index_words(entry: &tantivy::schema::FieldEntry) -> bool {
    let tantivy::schema::FieldType::Str(options) = entry.field_type() else {
        return entry.is_fast();
    };
    match (
        options.get_indexing_options(),
        options.get_fast_field_tokenizer_name(),
    ) {
        (Some(indexing), Some(column)) => indexing.tokenizer() == column,
        _ => false,
    }
}

/// A term of a text field from the bytes of a dictionary key, or a bound
/// past them, which need not be UTF-8.
fn text_term(field: Field, bytes: &[u8]) -> Term {
    let mut term = Term::from_field_text(field, "");
    term.set_bytes(bytes);
    term
}

fn internal(err: impl std::fmt::Display) -> QueryError {
    QueryError::Internal(err.to_string())
}

/// The regex library's complaint, on one line.
fn regex_reason(err: &TantivyError) -> String {
    let text = err.to_string();
    text.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("not a valid regular expression")
        .to_string()
}

/// A Levenshtein automaton over term bytes, as tantivy's term dictionary
/// walks it.
#[derive(Clone, Copy)]
struct Levenshtein<'a>(&'a DFA);

impl Automaton for Levenshtein<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Articles with at least one word in a field: `title:*`. The field's
/// norms (its length in words, one byte an article) say it without
/// reading a posting list; tantivy's `ExistsQuery` needs a fast column,
/// which text fields do not have here.
#[derive(Debug, Clone)]
struct HasTokensQuery {
    field: Field,
}

impl Query for HasTokensQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(HasTokensWeight { field: self.field }))
    }
}

struct HasTokensWeight {
    field: Field,
}

impl Weight for HasTokensWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let norms = reader.get_fieldnorms_reader(self.field)?;
        let mut docs = BitSet::with_max_value(reader.max_doc());
        for doc in 0..reader.max_doc() {
            if norms.fieldnorm_id(doc) > 0 {
                docs.insert(doc);
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let norms = reader.get_fieldnorms_reader(self.field)?;
        if doc < reader.max_doc() && norms.fieldnorm_id(doc) > 0 {
            Ok(Explanation::new("the field has words", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} has no words in the field"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_is_the_first_string_past_the_prefix() {
        assert_eq!(prefix_end(b"abc"), Some(b"abd".to_vec()));
        assert_eq!(prefix_end(b"ab\xff"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(b"\xff\xff"), None);
        assert_eq!(prefix_end(b""), None);
    }
}
