//! The reference evaluator: what a query tree matches, worked out by brute
//! force over articles held in memory, with the index's analyzers and no
//! index.
//!
//! Every article keeps, per searchable text field, its terms with the
//! positions tantivy gives them (values of one field follow one another,
//! one position apart: see [`FieldTerms::of_values`]). A leaf is decided
//! article by article from those; words that expand (prefixes, fuzzy words,
//! regular expressions) are first matched against the field's vocabulary,
//! the set of every term of every article, which is how any engine must
//! expand them too. Sets of articles are plain vectors of booleans: at a few
//! thousand articles nothing cleverer pays for its bugs.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use newsidx::article::Article;
use newsidx::schema::NewsSchema;
use newsidx::search::syntax::{DateSpan, Expr, Pattern, SearchField};
use newsidx::search::{Bucket, Facet, FacetField, FacetRequest};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

/// The fields searched by terms, in the order [`Oracle`] keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextField {
    /// `text`: title three times, lead twice, body, speakers.
    Any = 0,
    Title = 1,
    Lead = 2,
    Speakers = 3,
    /// `outlet:`: the outlet's name, tokenised as names are.
    Outlet = 4,
    /// `author:`: the authors' names, one value each.
    Author = 5,
}

/// How many fields are searched by terms.
const TEXT_FIELDS: usize = 6;

/// Why a query has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Every operand was ignored (no word survived analysis).
    Nothing,
    /// A `/regex/` the `regex` crate does not compile.
    BadRegex(String),
    /// A `lang:` value that is no language tag.
    BadLanguage(String),
    /// A tree the parser is not supposed to build.
    Unexpected(String),
}

/// The analyzers of an index, one per searchable text field.
#[derive(Clone)]
pub struct Analyzers {
    by_field: [TextAnalyzer; TEXT_FIELDS],
    /// The words as written (lower-cased, folded, not stemmed), for
    /// `=word`.
    exact: TextAnalyzer,
}

impl Analyzers {
    /// The analyzers `index` (a newsidx index, its tokenizers registered)
    /// uses for its fields.
    pub fn of_index(index: &Index) -> Analyzers {
        let schema = NewsSchema::new();
        NewsSchema::register_tokenizers(index);
        let get = |field| index.tokenizer_for_field(field).unwrap();
        Analyzers {
            by_field: [
                get(schema.text),
                get(schema.title),
                get(schema.lead),
                get(schema.speakers),
                get(schema.source.outlet_words),
                get(schema.source.authors),
            ],
            // Every word as written, not the index's `forms` twin (only
            // the words unlike their stems): the evaluator looks at the
            // words themselves.
            exact: newsidx::tokenizer::folding_chain(),
        }
    }

    /// The tokens of `text` in `field`, as the index has them.
    fn tokens(&self, field: TextField, text: &str) -> Vec<Token> {
        tokens_of(self.by_field[field as usize].clone(), text)
    }

    /// The words of `text` as written, the compounds' parts left out as
    /// in [`Analyzers::query_tokens`].
    fn forms(&self, text: &str) -> Vec<String> {
        without_parts(tokens_of(self.exact.clone(), text))
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    /// The tokens a query asks for in `text`: those of the index, less the
    /// parts of a compound (`1` and `5` of `1.5`, which the analyzer adds
    /// beside it; see `newsidx::tokenizer`): typed, a compound means
    /// itself, so `1.5` does not find "1-5/8".
    fn query_tokens(&self, field: TextField, text: &str) -> Vec<Token> {
        without_parts(self.tokens(field, text))
    }
}

fn tokens_of(mut analyzer: TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Token {
            term: t.text.clone(),
            position: t.position as u32,
            length: t.position_length as u32,
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

fn without_parts(all: Vec<Token>) -> Vec<Token> {
    all.iter()
        .filter(|t| {
            !all.iter()
                .any(|c| c.from <= t.from && t.to <= c.to && c.to - c.from > t.to - t.from)
        })
        .cloned()
        .collect()
}

/// One token of analysed text.
#[derive(Debug, Clone)]
struct Token {
    term: String,
    position: u32,
    /// Positions it spans (1 for every token newsidx's analyzers make).
    length: u32,
    /// Byte range in the text.
    from: usize,
    to: usize,
}

/// The terms of one field of one article, each with its sorted positions.
#[derive(Debug, Default, Clone)]
pub struct FieldTerms {
    terms: FxHashMap<String, Vec<u32>>,
}

impl FieldTerms {
    /// The terms of a field with these values, positioned as tantivy's
    /// `PostingsWriter::index_text` does: a value's tokens start at the
    /// current base; the next value's base is one past the end of the
    /// furthest token (its position plus its length), so there is exactly
    /// one empty position between the last word of a value and the first of
    /// the next. An empty value still moves the base by one. A phrase with
    /// slop 0 therefore never spans two values, and one with slop 1 or more
    /// can, as it can in tantivy.
    fn of_values(analyzers: &Analyzers, field: TextField, values: &[&str]) -> FieldTerms {
        let mut terms: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut base = 0u32;
        for value in values {
            let mut end = base;
            for token in analyzers.tokens(field, value) {
                let at = base + token.position;
                end = end.max(at + token.length);
                terms.entry(token.term).or_default().push(at);
            }
            base = end + 1;
        }
        FieldTerms { terms }
    }

    fn positions(&self, term: &str) -> Option<&[u32]> {
        self.terms.get(term).map(Vec::as_slice)
    }

    fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// One article as the evaluator sees it.
#[derive(Debug, Clone)]
pub struct OracleDoc {
    /// The identity, as hits report it.
    pub path: String,
    /// For messages.
    pub title: String,
    /// Seconds since the epoch, as the index stores it (second precision).
    date: Option<i64>,
    fields: [FieldTerms; TEXT_FIELDS],
    /// The words as written of `text`, `title` and `lead` (the fields
    /// whose terms are stemmed), for `=word`.
    forms: [FxHashSet<String>; 3],
    /// The speakers as the article names them.
    speakers: Vec<String>,
    /// Outlet, authors and language as the article gives them.
    outlet: Option<String>,
    authors: Vec<String>,
    lang: Option<String>,
}

/// A set of articles, by their index in [`Oracle::docs`].
pub type DocSet = Vec<bool>;

/// Articles held in memory, analysed, ready to be queried.
pub struct Oracle {
    analyzers: Analyzers,
    docs: Vec<OracleDoc>,
    /// Every term of each field, for expanding patterns.
    vocabulary: [Vec<String>; TEXT_FIELDS],
    /// The same terms as characters, for measuring edit distances.
    vocabulary_chars: [Vec<Vec<char>>; TEXT_FIELDS],
    /// The speaker registry's links: (article path, name as written, the
    /// person's name across the archive).
    people: Vec<(String, String, String)>,
    /// The aliases file's joined names (the first shown) and pairs kept
    /// apart.
    joined: Vec<Vec<String>>,
    apart: Vec<(String, String)>,
}

/// A slot of a phrase: the terms that may stand there, and its offset from
/// the phrase's first slot.
struct Slot {
    terms: Vec<String>,
    offset: u32,
}

impl Oracle {
    /// Analyses `articles` with `analyzers`, laying out the fields as
    /// `NewsSchema::to_document` does.
    pub fn new(analyzers: Analyzers, articles: &[Article]) -> Oracle {
        let docs: Vec<OracleDoc> = articles
            .iter()
            .map(|a| {
                let meta = &a.meta;
                let lead: Vec<&str> = meta.lead.iter().map(String::as_str).collect();
                let speakers: Vec<&str> = meta.speakers.iter().map(String::as_str).collect();
                let outlet: Vec<&str> = meta.outlet.iter().map(String::as_str).collect();
                let authors: Vec<&str> = meta.authors.iter().map(String::as_str).collect();
                let mut text = vec![meta.title.as_str(); 3];
                for l in &lead {
                    text.extend([*l, *l]);
                }
                text.push(&a.body);
                text.extend(&speakers);
                let title = [meta.title.as_str()];
                let forms_of = |values: &[&str]| -> FxHashSet<String> {
                    values
                        .iter()
                        .flat_map(|v| tokens_of(analyzers.exact.clone(), v))
                        .map(|t| t.term)
                        .collect()
                };
                OracleDoc {
                    path: meta.path.clone(),
                    title: meta.title.clone(),
                    date: meta.date.map(|d| d.timestamp()),
                    fields: [
                        FieldTerms::of_values(&analyzers, TextField::Any, &text),
                        FieldTerms::of_values(&analyzers, TextField::Title, &title),
                        FieldTerms::of_values(&analyzers, TextField::Lead, &lead),
                        FieldTerms::of_values(&analyzers, TextField::Speakers, &speakers),
                        FieldTerms::of_values(&analyzers, TextField::Outlet, &outlet),
                        FieldTerms::of_values(&analyzers, TextField::Author, &authors),
                    ],
                    forms: [forms_of(&text), forms_of(&title), forms_of(&lead)],
                    speakers: meta.speakers.clone(),
                    outlet: meta.outlet.clone(),
                    authors: meta.authors.clone(),
                    lang: meta.lang.clone(),
                }
            })
            .collect();
        let vocabulary = std::array::from_fn(|f| {
            let mut all: Vec<String> = docs
                .iter()
                .flat_map(|d| d.fields[f].terms.keys().cloned())
                .collect::<FxHashSet<_>>()
                .into_iter()
                .collect();
            all.sort();
            all
        });
        let vocabulary_chars = std::array::from_fn(|f| {
            vocabulary[f]
                .iter()
                .map(|t: &String| t.chars().collect())
                .collect()
        });
        Oracle {
            analyzers,
            docs,
            vocabulary,
            vocabulary_chars,
            people: Vec::new(),
            joined: Vec::new(),
            apart: Vec::new(),
        }
    }

    /// The same, with the index's speaker registry: `speaker:NAME` then
    /// also means every article where a speaker is, by the registry, a
    /// person one of whose names holds NAME's words in a row (their
    /// canonical name, or a name an article writes for them).
    pub fn with_people(mut self, links: Vec<(String, String, String)>) -> Oracle {
        self.people = links;
        self
    }

    /// The names of the persons the registry links under another name than
    /// an article writes, sorted.
    pub fn linked_persons(&self) -> Vec<String> {
        let mut persons: Vec<String> = self.people.iter().map(|(_, _, c)| c.clone()).collect();
        persons.sort();
        persons.dedup();
        persons
    }

    /// Takes an aliases file's rules: `joined` lines of names (the first
    /// shown) and pairs of names kept `apart`.
    pub fn set_aliases(&mut self, joined: Vec<Vec<String>>, apart: Vec<(String, String)>) {
        self.joined = joined;
        self.apart = apart;
    }

    /// The person a speaker written `written` is, given the registry's
    /// link (`linked`), as the README states the aliases file's rules:
    /// a pair kept apart undoes the link; then a joined line takes a
    /// mention written with one of its names, or linked to one, under its
    /// first. Also whether the link was undone.
    fn person_of(&self, written: &str, linked: Option<&str>) -> (String, bool) {
        let same = |a: &str, b: &str| alias_key(a) == alias_key(b);
        let mut person = linked.unwrap_or(written);
        let undone = linked.is_some_and(|linked| {
            self.apart.iter().any(|(a, b)| {
                same(a, written) && same(b, linked) || same(b, written) && same(a, linked)
            })
        });
        if undone {
            person = written;
        }
        let line = self
            .joined
            .iter()
            .find(|names| names.iter().any(|n| same(n, written)))
            .or_else(|| {
                self.joined
                    .iter()
                    .find(|names| names.iter().any(|n| same(n, person)))
            });
        (line.map_or(person, |names| &names[0]).to_string(), undone)
    }

    /// The articles a `speaker:` search for `text` finds beyond the
    /// speakers written with its words: those where a speaker is a person
    /// one of whose names holds the words. A person's names: the name it is
    /// shown by, every name its mentions are written with, the registry's
    /// name for them (unless the aliases undo that link), and its aliases
    /// line.
    fn same_person(&self, text: &str) -> Option<DocSet> {
        let words = |name: &str| -> Vec<String> {
            self.analyzers
                .tokens(TextField::Speakers, name)
                .into_iter()
                .map(|t| t.term)
                .collect()
        };
        let asked = words(text);
        if asked.is_empty() || (self.people.is_empty() && self.joined.is_empty()) {
            return None;
        }
        let says = |name: &str| {
            words(name)
                .windows(asked.len())
                .any(|w| w == asked.as_slice())
        };
        let linked: FxHashMap<(&str, &str), &str> = self
            .people
            .iter()
            .map(|(path, name, canonical)| ((path.as_str(), name.as_str()), canonical.as_str()))
            .collect();
        let mut names_of: FxHashMap<String, FxHashSet<String>> = FxHashMap::default();
        let mut persons_of: Vec<Vec<String>> = Vec::with_capacity(self.docs.len());
        for doc in &self.docs {
            let mut persons = Vec::new();
            for written in &doc.speakers {
                let link = linked.get(&(doc.path.as_str(), written.as_str())).copied();
                let (person, undone) = self.person_of(written, link);
                let names = names_of.entry(person.clone()).or_default();
                names.insert(person.clone());
                names.insert(written.clone());
                if let (Some(link), false) = (link, undone) {
                    names.insert(link.to_string());
                }
                persons.push(person);
            }
            persons_of.push(persons);
        }
        for line in &self.joined {
            names_of
                .entry(line[0].clone())
                .or_default()
                .extend(line.iter().cloned());
        }
        let meant: FxHashSet<&str> = names_of
            .iter()
            .filter(|(_, names)| names.iter().any(|n| says(n)))
            .map(|(person, _)| person.as_str())
            .collect();
        if meant.is_empty() {
            return None;
        }
        Some(
            persons_of
                .iter()
                .map(|persons| persons.iter().any(|p| meant.contains(p.as_str())))
                .collect(),
        )
    }

    /// Every term of the `text` field, sorted.
    pub fn text_terms(&self) -> &[String] {
        &self.vocabulary[TextField::Any as usize]
    }

    /// Whether `word` analyses, in `text`, to itself alone.
    pub fn analyses_to_itself(&self, word: &str) -> bool {
        matches!(self.analyzers.tokens(TextField::Any, word).as_slice(), [t] if t.term == word)
    }

    /// The articles, in the order [`DocSet`]s index them.
    pub fn docs(&self) -> &[OracleDoc] {
        &self.docs
    }

    /// The articles `expr` matches, by index into [`Oracle::docs`].
    pub fn eval(&self, expr: &Expr) -> Result<DocSet, Refusal> {
        self.eval_part(expr)?.ok_or(Refusal::Nothing)
    }

    /// The paths of the articles `expr` matches.
    pub fn matching_paths(&self, expr: &Expr) -> Result<Vec<String>, Refusal> {
        let set = self.eval(expr)?;
        Ok(self
            .docs
            .iter()
            .zip(set)
            .filter(|(_, hit)| *hit)
            .map(|(d, _)| d.path.clone())
            .collect())
    }

    /// The facets of the articles `expr` matches, counted the plain way:
    /// article by article, speakers by the person each mention resolves
    /// to (the registry's link, then the aliases), periods from the date
    /// in UTC with every period between the first and the last.
    pub fn facets(&self, expr: &Expr, wanted: &[FacetRequest]) -> Result<Vec<Facet>, Refusal> {
        let set = self.eval(expr)?;
        let linked: FxHashMap<(&str, &str), &str> = self
            .people
            .iter()
            .map(|(path, name, canonical)| ((path.as_str(), name.as_str()), canonical.as_str()))
            .collect();
        let matched: Vec<&OracleDoc> = self
            .docs
            .iter()
            .zip(set)
            .filter(|(_, hit)| *hit)
            .map(|(d, _)| d)
            .collect();
        let mut out = Vec::new();
        for request in wanted {
            let mut counts: BTreeMap<String, u64> = BTreeMap::new();
            let mut missing = 0;
            for doc in &matched {
                let values: BTreeSet<String> = match request.field {
                    FacetField::Speaker => doc
                        .speakers
                        .iter()
                        .map(|s| {
                            let link = linked.get(&(doc.path.as_str(), s.as_str())).copied();
                            self.person_of(s, link).0
                        })
                        .collect(),
                    FacetField::Folder => doc
                        .path
                        .split_once('/')
                        .map(|(folder, _)| folder.to_string())
                        .into_iter()
                        .collect(),
                    FacetField::Outlet => doc.outlet.iter().cloned().collect(),
                    FacetField::Author => doc.authors.iter().cloned().collect(),
                    FacetField::Lang => doc.lang.iter().cloned().collect(),
                    period => doc
                        .date
                        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
                        .map(|date| match period {
                            FacetField::Year => date.format("%Y").to_string(),
                            FacetField::Month => date.format("%Y-%m").to_string(),
                            _ => date.format("%Y-%m-%d").to_string(),
                        })
                        .into_iter()
                        .collect(),
                };
                if values.is_empty() {
                    missing += 1;
                }
                for value in values {
                    *counts.entry(value).or_default() += 1;
                }
            }
            let (buckets, other) = if request.field.is_period() {
                (every_period(request.field, &counts), 0)
            } else {
                let mut all: Vec<(String, u64)> = counts.into_iter().collect();
                all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let other = all.iter().skip(request.size).map(|(_, n)| n).sum();
                all.truncate(request.size);
                (
                    all.into_iter()
                        .map(|(key, count)| Bucket { key, count })
                        .collect(),
                    other,
                )
            };
            out.push(Facet {
                field: request.field.name(),
                buckets,
                other,
                missing,
            });
        }
        Ok(out)
    }

    fn all(&self, value: bool) -> DocSet {
        vec![value; self.docs.len()]
    }

    fn each(&self, test: impl Fn(&OracleDoc) -> bool) -> DocSet {
        self.docs.iter().map(test).collect()
    }

    /// `None` is an operand that analysis left empty: its parent drops it.
    fn eval_part(&self, expr: &Expr) -> Result<Option<DocSet>, Refusal> {
        Ok(match expr {
            Expr::All => Some(self.all(true)),
            Expr::Has(field) => Some(self.has(*field)),
            Expr::Dates(span) => Some(self.dated(span)),
            Expr::Match { field, pattern } => self.matches(*field, pattern)?,
            Expr::And(parts) => self.combine(parts, |a, b| a && b)?,
            Expr::Or(parts) => self.combine(parts, |a, b| a || b)?,
            Expr::Not(inner) => self
                .eval_part(inner)?
                .map(|set| set.into_iter().map(|hit| !hit).collect()),
            Expr::Ranked { required, optional } => match self.eval_part(required)? {
                Some(set) => {
                    // Parts that only rank still have to be searchable: a
                    // bad regex among them refuses the query all the same.
                    self.combine(optional, |a, b| a || b)?;
                    Some(set)
                }
                // The `+` operands vanished, and with them what made the
                // others optional: the run means what it would have meant
                // typed without them, every word required.
                None => self.combine(optional, |a, b| a && b)?,
            },
            Expr::Boost(inner, _) => self.eval_part(inner)?,
        })
    }

    fn combine(
        &self,
        parts: &[Expr],
        join: impl Fn(bool, bool) -> bool,
    ) -> Result<Option<DocSet>, Refusal> {
        let mut out: Option<DocSet> = None;
        for part in parts {
            let Some(set) = self.eval_part(part)? else {
                continue;
            };
            out = Some(match out {
                None => set,
                Some(acc) => acc.into_iter().zip(set).map(|(a, b)| join(a, b)).collect(),
            });
        }
        Ok(out)
    }

    fn has(&self, field: SearchField) -> DocSet {
        match text_field(field) {
            Some(f) => self.each(|d| !d.fields[f as usize].is_empty()),
            None if field == SearchField::Date => self.each(|d| d.date.is_some()),
            None if field == SearchField::Lang => self.each(|d| d.lang.is_some()),
            // Every article has a path.
            None => self.all(true),
        }
    }

    fn dated(&self, span: &DateSpan) -> DocSet {
        let from = span.from.map(|t| t.timestamp());
        let until = span.until.map(|t| t.timestamp());
        self.each(|d| {
            d.date.is_some_and(|t| {
                from.is_none_or(|from| t >= from) && until.is_none_or(|until| t < until)
            })
        })
    }

    fn matches(&self, field: SearchField, pattern: &Pattern) -> Result<Option<DocSet>, Refusal> {
        let plain = self.matches_as_written(field, pattern)?;
        let named = match (field, pattern) {
            (
                SearchField::Speakers,
                Pattern::Words(text) | Pattern::Exact(text) | Pattern::Phrase { text, slop: 0 },
            ) if plain.is_some() => self.same_person(text),
            _ => None,
        };
        Ok(match (plain, named) {
            (Some(a), Some(b)) => Some(a.into_iter().zip(b).map(|(x, y)| x || y).collect()),
            (plain, _) => plain,
        })
    }

    fn matches_as_written(
        &self,
        field: SearchField,
        pattern: &Pattern,
    ) -> Result<Option<DocSet>, Refusal> {
        let Some(f) = text_field(field) else {
            return match field {
                SearchField::Path => self.path_matches(pattern).map(Some),
                SearchField::Lang => self.lang_matches(pattern).map(Some),
                _ => Err(Refusal::Unexpected(format!(
                    "a {pattern:?} in the field {field:?}"
                ))),
            };
        };
        let slots = match pattern {
            Pattern::Words(text) => self.word_slots(f, text),
            Pattern::Phrase { text, slop } => {
                return Ok(self.phrase(f, self.word_slots(f, text), *slop));
            }
            Pattern::Prefix(text) => self.prefix_slots(f, text),
            Pattern::Exact(word) => {
                let plain = self.phrase(f, self.word_slots(f, word), 0);
                if matches!(
                    f,
                    TextField::Speakers | TextField::Outlet | TextField::Author
                ) {
                    // Names are not stemmed: as written is as usual.
                    return Ok(plain);
                }
                let forms = self.analyzers.forms(word);
                return Ok(plain.map(|set| {
                    set.into_iter()
                        .zip(&self.docs)
                        .map(|(hit, d)| {
                            hit && forms.iter().all(|form| d.forms[f as usize].contains(form))
                        })
                        .collect()
                }));
            }
            Pattern::Fuzzy { word, distance } => {
                let mut slots = self.word_slots(f, word);
                if slots.len() == 1 {
                    let typed: Vec<char> = slots[0].terms.remove(0).chars().collect();
                    let mut edits = Edits::default();
                    slots[0].terms = self.vocabulary[f as usize]
                        .iter()
                        .zip(&self.vocabulary_chars[f as usize])
                        .filter(|(_, chars)| edits.within(&typed, chars, *distance))
                        .map(|(t, _)| t.clone())
                        .collect();
                }
                slots
            }
            Pattern::Regex(text) => {
                let re = regex::Regex::new(&format!("^(?:{text})$"))
                    .map_err(|e| Refusal::BadRegex(e.to_string()))?;
                let terms = self.vocabulary[f as usize]
                    .iter()
                    .filter(|t| re.is_match(t))
                    .cloned()
                    .collect();
                vec![Slot { terms, offset: 0 }]
            }
        };
        Ok(self.phrase(f, slots, 0))
    }

    /// The words a query asks for in `text`, one term per slot, at the
    /// offsets the analyzer gives them (consecutive, unless it dropped an
    /// over-long word between two, or a compound took two places).
    fn word_slots(&self, field: TextField, text: &str) -> Vec<Slot> {
        let tokens = self.analyzers.query_tokens(field, text);
        let first = tokens.first().map_or(0, |t| t.position);
        tokens
            .into_iter()
            .map(|t| Slot {
                terms: vec![t.term],
                offset: t.position - first,
            })
            .collect()
    }

    /// A prefix of one word is every term starting with it, lower-cased and
    /// folded but not stemmed. A prefix of several words (`new-yo*`) is a
    /// phrase of those words, one after the other: each before the last as
    /// the field's analyzer makes it (stemmed, as it is indexed), then any
    /// term starting with the last, lower-cased and folded.
    fn prefix_slots(&self, field: TextField, text: &str) -> Vec<Slot> {
        let mut words = NewsSchema::prefix_words(text);
        let Some(last) = words.pop() else {
            return Vec::new();
        };
        let mut slots: Vec<Slot> = Vec::new();
        for (at, word) in words.iter().enumerate() {
            // A word of 40 bytes or more is not indexed: no article has
            // it, so the phrase matches none.
            let terms = self
                .analyzers
                .query_tokens(field, word)
                .into_iter()
                .map(|t| t.term)
                .collect();
            slots.push(Slot {
                terms,
                offset: at as u32,
            });
        }
        slots.push(Slot {
            terms: self.vocabulary[field as usize]
                .iter()
                .filter(|t| t.starts_with(&last))
                .cloned()
                .collect(),
            offset: words.len() as u32,
        });
        slots
    }

    /// Articles whose field holds the slots at their offsets, within `slop`;
    /// `None` when there is no slot (nothing survived analysis).
    fn phrase(&self, field: TextField, slots: Vec<Slot>, slop: u32) -> Option<DocSet> {
        if slots.is_empty() {
            return None;
        }
        let sets: Vec<FxHashSet<&str>> = slots
            .iter()
            .map(|s| s.terms.iter().map(String::as_str).collect())
            .collect();
        if let [slot] = slots.as_slice() {
            let set = &sets[0];
            return Some(self.each(|d| {
                let terms = &d.fields[field as usize].terms;
                if slot.terms.len() <= terms.len() {
                    slot.terms.iter().any(|t| terms.contains_key(t))
                } else {
                    terms.keys().any(|t| set.contains(t.as_str()))
                }
            }));
        }
        Some(self.each(|d| {
            let terms = &d.fields[field as usize];
            let mut aligned: Vec<Vec<i64>> = Vec::with_capacity(slots.len());
            for (slot, set) in slots.iter().zip(&sets) {
                let positions = slot_positions(terms, &slot.terms, set);
                if positions.is_empty() {
                    return false;
                }
                aligned.push(
                    positions
                        .into_iter()
                        .map(|p| i64::from(p) - i64::from(slot.offset))
                        .collect(),
                );
            }
            within_slop(&aligned, slop)
        }))
    }

    /// `lang:` compares the article's tag: a tag (written as any article's
    /// would be, `en_GB` as `en-gb`) is itself and, without a region,
    /// every regional form of it; a prefix is the start of the tag in
    /// lower case; a regex must match all of it. A value that is no tag
    /// refuses the query.
    fn lang_matches(&self, pattern: &Pattern) -> Result<DocSet, Refusal> {
        Ok(match pattern {
            Pattern::Words(text)
            | Pattern::Exact(text)
            | Pattern::Phrase { text, .. }
            | Pattern::Fuzzy { word: text, .. } => {
                let tag = newsidx::article::language_tag(text)
                    .ok_or_else(|| Refusal::BadLanguage(text.clone()))?;
                self.each(|d| {
                    d.lang.as_deref().is_some_and(|l| {
                        l == tag || (!tag.contains('-') && l.starts_with(&format!("{tag}-")))
                    })
                })
            }
            Pattern::Prefix(text) => {
                let start = text.to_lowercase();
                self.each(|d| d.lang.as_deref().is_some_and(|l| l.starts_with(&start)))
            }
            Pattern::Regex(text) => {
                let re = regex::Regex::new(&format!("^(?:{text})$"))
                    .map_err(|e| Refusal::BadRegex(e.to_string()))?;
                self.each(|d| d.lang.as_deref().is_some_and(|l| re.is_match(l)))
            }
        })
    }

    /// `path:` compares the whole path as typed: the field is untokenised,
    /// so nothing is lower-cased, folded or split.
    fn path_matches(&self, pattern: &Pattern) -> Result<DocSet, Refusal> {
        Ok(match pattern {
            Pattern::Words(text) | Pattern::Exact(text) | Pattern::Phrase { text, .. } => {
                self.each(|d| d.path == *text)
            }
            Pattern::Prefix(text) => self.each(|d| d.path.starts_with(text.as_str())),
            Pattern::Fuzzy { word, distance } => {
                self.each(|d| within_distance(word, &d.path, *distance))
            }
            Pattern::Regex(text) => {
                let re = regex::Regex::new(&format!("^(?:{text})$"))
                    .map_err(|e| Refusal::BadRegex(e.to_string()))?;
                self.each(|d| re.is_match(&d.path))
            }
        })
    }
}

fn text_field(field: SearchField) -> Option<TextField> {
    match field {
        SearchField::Any => Some(TextField::Any),
        SearchField::Title => Some(TextField::Title),
        SearchField::Lead => Some(TextField::Lead),
        SearchField::Speakers => Some(TextField::Speakers),
        SearchField::Outlet => Some(TextField::Outlet),
        SearchField::Author => Some(TextField::Author),
        SearchField::Path | SearchField::Date | SearchField::Folder | SearchField::Lang => None,
    }
}

/// The sorted positions, in one article's field, of any of a slot's terms.
fn slot_positions(terms: &FieldTerms, slot: &[String], set: &FxHashSet<&str>) -> Vec<u32> {
    let mut out: Vec<u32> = if slot.len() <= terms.terms.len() {
        slot.iter()
            .filter_map(|t| terms.positions(t))
            .flatten()
            .copied()
            .collect()
    } else {
        terms
            .terms
            .iter()
            .filter(|(t, _)| set.contains(t.as_str()))
            .flat_map(|(_, p)| p.iter().copied())
            .collect()
    };
    out.sort_unstable();
    out
}

/// Whether one position can be picked per slot (`aligned` holds each
/// slot's positions less its offset) so that the moves between
/// consecutive slots, `|a[i+1] - a[i]|`, add up to at most `slop`.
///
/// This is the meaning `PhraseQuery::set_slop` documents: a budget shared
/// by all the gaps, spent in either direction (`"a b"` with slop 2 matches
/// "b a"); two slots may even pick the same word. Searched exhaustively,
/// slot by slot, keeping the cheapest cost of reaching each position.
fn within_slop(aligned: &[Vec<i64>], slop: u32) -> bool {
    let slop = i64::from(slop);
    let mut reach: Vec<(i64, i64)> = aligned[0].iter().map(|&p| (p, 0)).collect();
    for next in &aligned[1..] {
        let mut step = Vec::new();
        for &p in next {
            let best = reach
                .iter()
                .map(|&(q, cost)| cost + (p - q).abs())
                .min()
                .unwrap_or(i64::MAX);
            if best <= slop {
                step.push((p, best));
            }
        }
        if step.is_empty() {
            return false;
        }
        reach = step;
    }
    true
}

/// Whether `a` and `b` are at most `max` edits apart, counting characters,
/// where an edit inserts, deletes or replaces one character or swaps two
/// adjacent ones (the optimal string alignment distance: no substring is
/// edited twice). That is what tantivy's Levenshtein automaton computes
/// with transpositions costing one; it differs from unrestricted
/// Damerau-Levenshtein only on pairs like `ca`/`abc` (3 here, 2 there).
pub fn within_distance(a: &str, b: &str, max: u8) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Edits::default().within(&a, &b, max)
}

/// The rows of the distance table, kept between calls: a fuzzy word is
/// measured against every term of a field, and fresh tables for each were
/// most of a run's time.
#[derive(Default)]
struct Edits {
    before_last: Vec<usize>,
    last: Vec<usize>,
    row: Vec<usize>,
}

impl Edits {
    fn within(&mut self, a: &[char], b: &[char], max: u8) -> bool {
        let max = usize::from(max);
        if a.len().abs_diff(b.len()) > max {
            return false;
        }
        let m = b.len();
        self.before_last.clear();
        self.before_last.resize(m + 1, 0);
        self.last.clear();
        self.last.extend(0..=m);
        for i in 1..=a.len() {
            self.row.clear();
            self.row.push(i);
            for j in 1..=m {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (self.last[j] + 1)
                    .min(self.row[j - 1] + 1)
                    .min(self.last[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(self.before_last[j - 2] + 1);
                }
                self.row.push(best);
            }
            // Every later cell costs at least the least of this row, give
            // or take a swap that reaches back one more row.
            let floor = self.row.iter().chain(&self.last).min().copied();
            if floor.is_some_and(|f| f > max) {
                return false;
            }
            std::mem::swap(&mut self.before_last, &mut self.last);
            std::mem::swap(&mut self.last, &mut self.row);
        }
        self.last[m] <= max
    }
}

/// A name as the aliases file compares it: case and spacing aside (the
/// test names are ASCII, so accents do not arise).
fn alias_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every period from the first key of `counts` to the last, by stepping a
/// calendar one day at a time and keeping each new key.
fn every_period(field: FacetField, counts: &BTreeMap<String, u64>) -> Vec<Bucket> {
    let (Some(first), Some(last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let key_of = |day: chrono::NaiveDate| match field {
        FacetField::Year => day.format("%Y").to_string(),
        FacetField::Month => day.format("%Y-%m").to_string(),
        _ => day.format("%Y-%m-%d").to_string(),
    };
    let start = match field {
        FacetField::Year => format!("{first}-01-01"),
        FacetField::Month => format!("{first}-01"),
        _ => first.clone(),
    };
    let mut day: chrono::NaiveDate = start.parse().unwrap();
    let mut out: Vec<Bucket> = Vec::new();
    loop {
        let key = key_of(day);
        if out.last().is_none_or(|b| b.key != key) {
            out.push(Bucket {
                count: counts.get(&key).copied().unwrap_or(0),
                key: key.clone(),
            });
        }
        if key == *last {
            // Step to the period's end before stopping.
            let next = day.succ_opt().unwrap();
            if key_of(next) != key {
                break;
            }
        }
        day = day.succ_opt().unwrap();
    }
    out
}
