//! Query building, BM25 top-k and snippets. Returns plain data; never prints.
//!
//! The query text goes through tantivy's own grammar, then the parsed tree is
//! rewritten before tantivy's `QueryParser` turns it into a query: field
//! aliases (`speaker:` → `speakers:`) are resolved, unknown fields rejected
//! with a clear message, and every bound on `date` is widened to whole
//! calendar periods. Users think in days, months and years, tantivy in
//! instants: `date:2024-12` becomes `[2024-12-01T00:00:00Z, 2025-01-01T00:00:00Z)`,
//! and an inclusive upper bound `2024-12-31` ends at the first instant of the
//! next day, so the boundary day is always included. Rewriting the tree
//! rather than the string keeps phrases and quoting intact.
//!
//! Words are joined with AND by default: a person searching an archive for
//! `ukraine winter` wants articles about both; `OR` is there when they want
//! either.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EnableScoring, PhraseQuery, Query, QueryParser, QueryParserError,
    TermQuery, Weight,
};
use tantivy::query_grammar::{self, Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, Order, ReloadPolicy, Score, TantivyDocument, TERMINATED,
};

use crate::cli::SortOrder;
use crate::error::QueryError;
use crate::schema::{NewsSchema, DAY_FIELD, SECONDS_PER_DAY, TEXT_FIELD};

/// How a `date:` bound is named in error messages.
const DATE_CONTEXT: &str = "a date: search";

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// The field searched when the query names none: title, lead, body and
/// speakers weighted into one (see [`crate::schema`]).
const DEFAULT_FIELDS: [&str; 1] = [TEXT_FIELD];

/// One query, as the searcher needs it.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    /// The query text.
    pub query: &'a str,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Ranking.
    pub sort: SortOrder,
    /// Only articles on or after this date (day, month, year or instant).
    pub from: Option<&'a str>,
    /// Only articles on or before this date (day, month, year or instant).
    pub to: Option<&'a str>,
    /// Count every match, however many; otherwise counts past
    /// [`EXACT_COUNT_LIMIT`] are estimated.
    pub exact_count: bool,
}

/// One ranked article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based position in the full ranking (offset included).
    pub rank: usize,
    /// BM25 score.
    pub score: Score,
    /// Path relative to the corpus root.
    pub path: String,
    /// Headline.
    pub title: String,
    /// Standfirst, if any.
    pub lead: Option<String>,
    /// Publication time, if known.
    pub date: Option<DateTime<Utc>>,
    /// Whether the article gave a time of day (the JSON keeps its fixed keys).
    #[serde(skip)]
    pub date_has_time: bool,
    /// People quoted or reported speaking.
    pub speakers: Vec<String>,
    /// A passage of the body (or lead) around the matches, newlines as spaces.
    pub snippet: String,
    /// Byte ranges `[start, end)` of matched terms in `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

/// The answer to a query.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// Hits in rank order.
    pub hits: Vec<Hit>,
    /// Articles matching the query, before limit and offset: exact, or an
    /// estimate rounded to three significant digits.
    pub total_hits: usize,
    /// Whether `total_hits` is exact.
    pub total_exact: bool,
    /// Time spent parsing, searching and building snippets.
    pub elapsed: Duration,
}

impl SearchResults {
    /// The count as people read it: `7195`, or `about 113000`.
    pub fn total_description(&self) -> String {
        if self.total_exact {
            self.total_hits.to_string()
        } else {
            format!("about {}", self.total_hits)
        }
    }
}

/// Matches counted one by one before the rest of the count is estimated.
pub const EXACT_COUNT_LIMIT: usize = 1000;

/// An open index, ready for queries.
pub struct Searcher {
    index: Index,
    schema: NewsSchema,
    reader: IndexReader,
}

impl Searcher {
    /// Wraps an index opened by [`crate::store::open_for_search`].
    pub fn new(index: Index, schema: NewsSchema) -> anyhow::Result<Searcher> {
        // Segments are searched one after the other. A thread pool to search
        // them in parallel took a two-word AND at a million articles from
        // 1.13 to 0.90 ms, but starting its threads cost the one-query
        // process more than that (about 1.3 ms of 8).
        //
        // One process answers one query: a reader that watches for new
        // commits would only start a thread for nothing.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Searcher {
            index,
            schema,
            reader,
        })
    }

    /// Runs a query.
    pub fn search(&self, request: &SearchRequest<'_>) -> anyhow::Result<SearchResults> {
        let start = Instant::now();
        let (query, lone_phrase) = self.build_query(request)?;
        let searcher = self.reader.searcher();
        let phrase = query
            .downcast_ref::<PhraseQuery>()
            .filter(|_| lone_phrase && request.sort == SortOrder::Relevance);

        let wanted = request
            .limit
            .min((searcher.num_docs() as usize).saturating_sub(request.offset));
        // Counting and ranking are separate passes: together, every match
        // would be scored, while alone the ranking takes tantivy's block-max
        // WAND shortcut and skips blocks that cannot reach the top. Counting
        // stops at EXACT_COUNT_LIMIT and extrapolates, as Lucene does: at a
        // million articles an exact count of a two-word AND costs more than
        // finding its best ten.
        let (total_hits, total_exact) = count_matches(&searcher, &*query, request.exact_count)?;
        let ranked: Vec<(Option<Score>, DocAddress)> = if wanted == 0 || total_hits == 0 {
            Vec::new()
        } else {
            let top = TopDocs::with_limit(wanted).and_offset(request.offset);
            match request.sort {
                SortOrder::Relevance => {
                    let k = request.offset + wanted;
                    let best = match phrase {
                        Some(phrase) => top_phrase_matches(&searcher, phrase, k)?,
                        None => {
                            let scoring = EnableScoring::enabled_from_searcher(&searcher);
                            top_matches(&searcher, &*query.weight(scoring)?, None, k)?
                        }
                    };
                    best.into_iter()
                        .skip(request.offset)
                        .map(|(s, d)| (Some(s), d))
                        .collect()
                }
                SortOrder::Date => {
                    let by_date = top.order_by_fast_field::<tantivy::DateTime>("date", Order::Desc);
                    searcher
                        .search(&query, &by_date)?
                        .into_iter()
                        .map(|(_, d)| (None, d))
                        .collect()
                }
            }
        };

        let (body_snippets, lead_snippets) = self.snippet_generators(&searcher, &*query)?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (i, (score, address)) in ranked.into_iter().enumerate() {
            let score = match score {
                Some(score) => score,
                None => query.explain(&searcher, address)?.value(),
            };
            let doc: TantivyDocument = searcher.doc(address)?;
            let stored = self.schema.stored(&doc);
            let (snippet, highlights) = pick_snippet(
                body_snippets.snippet(&stored.body),
                || {
                    stored
                        .lead
                        .as_deref()
                        .map(|lead| lead_snippets.snippet(lead))
                },
                &stored.body,
            );
            hits.push(Hit {
                rank: request.offset + i + 1,
                score,
                path: stored.path,
                title: stored.title,
                lead: stored.lead,
                date: stored.date,
                date_has_time: stored.date_has_time,
                speakers: stored.speakers,
                snippet,
                highlights,
            });
        }
        Ok(SearchResults {
            hits,
            total_hits,
            total_exact,
            elapsed: start.elapsed(),
        })
    }

    /// Snippet generators for the body and the lead, highlighting the words
    /// the query looks for in `text`, which holds both; rarer words weigh
    /// more in picking the passage, as in tantivy's own generator. The
    /// weights are looked up once and shared.
    fn snippet_generators(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
    ) -> anyhow::Result<(SnippetGenerator, SnippetGenerator)> {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.schema.text {
                terms.push(term.clone());
            }
        });
        let mut weights = BTreeMap::new();
        for term in terms {
            let value = term.value();
            let Some(word) = value.as_str() else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                weights.insert(word.to_string(), 1.0 / (1.0 + doc_freq as Score));
            }
        }
        let tokenizer = self.index.tokenizer_for_field(self.schema.text)?;
        let lead = SnippetGenerator::new(
            weights.clone(),
            tokenizer.clone(),
            self.schema.lead,
            SNIPPET_CHARS,
        );
        let body = SnippetGenerator::new(weights, tokenizer, self.schema.body, SNIPPET_CHARS);
        Ok((body, lead))
    }

    /// The query, and whether it is one exact phrase and nothing else (which
    /// [`top_phrase_matches`] can rank without visiting every match).
    fn build_query(&self, request: &SearchRequest<'_>) -> anyhow::Result<(Box<dyn Query>, bool)> {
        let text = request.query.trim();
        let mut ast = if text.is_empty() {
            if request.from.is_none() && request.to.is_none() {
                return Err(QueryError::Empty.into());
            }
            UserInputAst::Leaf(Box::new(UserInputLeaf::All))
        } else {
            let ast = query_grammar::parse_query(text).map_err(|_| syntax_error(text))?;
            rewrite(ast)?
        };
        let lone_phrase = matches!(&ast, UserInputAst::Leaf(leaf) if matches!(
            &**leaf,
            UserInputLeaf::Literal(literal)
                if literal.delimiter == Delimiter::DoubleQuotes
                    && literal.slop == 0
                    && !literal.prefix
        ));
        if request.from.is_some() || request.to.is_some() {
            let lower = match request.from {
                None => UserInputBound::Unbounded,
                Some(v) => UserInputBound::Inclusive(rfc3339(period(v, "--from")?.start)),
            };
            let upper = match request.to {
                None => UserInputBound::Unbounded,
                Some(v) => UserInputBound::Exclusive(rfc3339(period(v, "--to")?.end)),
            };
            let filter = by_whole_days(UserInputLeaf::Range {
                field: Some("date".to_string()),
                lower,
                upper,
            });
            ast = UserInputAst::Clause(vec![
                (Some(Occur::Must), ast),
                (Some(Occur::Must), UserInputAst::Leaf(Box::new(filter))),
            ]);
        }

        let mut parser = QueryParser::for_index(&self.index, vec![self.schema.text]);
        parser.set_conjunction_by_default();
        parser.allow_regexes();
        parser
            .build_query_from_user_input_ast(ast)
            .map_err(|err| match err {
                QueryParserError::FieldDoesNotExist(field) => QueryError::UnknownField(field),
                QueryParserError::AllButQueryForbidden => QueryError::OnlyExclusions,
                other => QueryError::Invalid(other),
            })
            .map(|query| (query, lone_phrase))
            .map_err(Into::into)
    }
}

/// The `k` best matches of one exact phrase, as tantivy ranks them, but
/// without scoring every match: tantivy checks the positions of each
/// document that has all the words, and a common phrase has tens of
/// thousands of them at a million articles.
///
/// A phrase occurs in a document at most as often as its rarest word, and
/// BM25 grows with frequency, so a document's phrase score is at most the
/// score of the AND of its words. That AND runs with block-max WAND, which
/// skips blocks whose best possible score cannot beat the threshold; the
/// threshold given back is the k-th best *phrase* score so far, and only
/// documents above it have their positions checked. The result is exact.
fn top_phrase_matches(
    searcher: &tantivy::Searcher,
    phrase: &PhraseQuery,
    k: usize,
) -> anyhow::Result<Vec<(Score, DocAddress)>> {
    let words: Vec<(Occur, Box<dyn Query>)> = phrase
        .phrase_terms()
        .into_iter()
        .map(|term| {
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Must, query)
        })
        .collect();
    let all_words = BooleanQuery::new(words);
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    top_matches(
        searcher,
        &*all_words.weight(scoring)?,
        Some(&*phrase.weight(scoring)?),
        k,
    )
}

/// The `k` best documents by score, best first, ties in index order.
///
/// Each segment runs `weight`'s pruned loop (block-max WAND for terms,
/// unions and intersections of terms), and the threshold it is given is the
/// k-th best score found so far in *any* segment; tantivy's own top-k
/// collector starts every segment from zero. With `exact`, `weight`'s
/// scores are only upper bounds: a document above the threshold is scored
/// by `exact`, and counts only if `exact` matches it.
fn top_matches(
    searcher: &tantivy::Searcher,
    weight: &dyn Weight,
    exact: Option<&dyn Weight>,
    k: usize,
) -> anyhow::Result<Vec<(Score, DocAddress)>> {
    // The k best so far, worst on top.
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(k.min(1024) + 1);
    let mut threshold: Score = 0.0;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut exact_scorer = exact.map(|w| w.scorer(reader, 1.0)).transpose()?;
        let alive = reader.alive_bitset();
        let segment_ord = ord as u32;
        weight.for_each_pruning(threshold, reader, &mut |doc, upper| {
            if upper <= threshold || alive.is_some_and(|bits| bits.is_deleted(doc)) {
                return threshold;
            }
            let score = match exact_scorer.as_mut() {
                None => upper,
                Some(scorer) => {
                    if scorer.doc() < doc {
                        scorer.seek(doc);
                    }
                    if scorer.doc() != doc {
                        return threshold;
                    }
                    scorer.score()
                }
            };
            best.push(Reverse(Ranked {
                score,
                address: DocAddress::new(segment_ord, doc),
            }));
            if best.len() > k {
                best.pop();
            }
            if best.len() == k {
                threshold = best.peek().map_or(0.0, |worst| worst.0.score);
            }
            threshold
        })?;
    }
    let mut ranked: Vec<(Score, DocAddress)> = best
        .into_iter()
        .map(|Reverse(r)| (r.score, r.address))
        .collect();
    // Best first; equal scores in index order, as tantivy's TopDocs.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(ranked)
}

/// A scored document, ordered by score, then the earlier document first.
#[derive(PartialEq)]
struct Ranked {
    score: Score,
    address: DocAddress,
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.address.cmp(&self.address))
    }
}

/// Counts the matches of `query`: exactly when asked, when tantivy can
/// count without visiting them (one term, or everything), or when there are
/// at most [`EXACT_COUNT_LIMIT`]; otherwise visits matches up to the limit
/// and scales by the share of documents those covered, rounded to three
/// significant digits. Articles are added in folder order, which has
/// nothing to do with what they say, so the share is a fair sample.
fn count_matches(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    exact: bool,
) -> anyhow::Result<(usize, bool)> {
    let cheap = query.is::<TermQuery>() || query.is::<AllQuery>();
    if exact || cheap {
        return Ok((searcher.search(query, &Count)?, true));
    }
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let total_docs: u64 = searcher
        .segment_readers()
        .iter()
        .map(|r| u64::from(r.max_doc()))
        .sum();
    let mut counted = 0usize;
    let mut covered = 0u64;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                counted += 1;
                if counted > EXACT_COUNT_LIMIT {
                    let covered = covered + u64::from(doc) + 1;
                    let estimate = counted as f64 * total_docs as f64 / covered as f64;
                    return Ok((round_to_three_digits(estimate), false));
                }
            }
            doc = scorer.advance();
        }
        covered += u64::from(reader.max_doc());
    }
    Ok((counted, true))
}

fn round_to_three_digits(value: f64) -> usize {
    if value < 1000.0 {
        return value.round() as usize;
    }
    let scale = 10f64.powi(value.log10().floor() as i32 - 2);
    ((value / scale).round() * scale) as usize
}

/// Builds the syntax error, with the grammar's own diagnosis when it has one.
fn syntax_error(text: &str) -> QueryError {
    let (_, errors) = query_grammar::parse_query_lenient(text);
    let detail = errors.first().map(|e| {
        let near: String = text.get(e.pos..).unwrap_or("").chars().take(20).collect();
        if near.is_empty() {
            format!("{} at the end", e.message)
        } else {
            format!("{} near {near:?}", e.message)
        }
    });
    QueryError::Syntax {
        query: text.to_string(),
        detail,
    }
}

/// Resolves field aliases and widens date bounds throughout the tree.
fn rewrite(ast: UserInputAst) -> Result<UserInputAst, QueryError> {
    Ok(match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| rewrite(sub).map(|sub| (occur, sub)))
                .collect::<Result<_, _>>()?,
        ),
        UserInputAst::Boost(sub, boost) => UserInputAst::Boost(Box::new(rewrite(*sub)?), boost),
        UserInputAst::Leaf(leaf) => match *leaf {
            // The grammar keeps the `*` of `wind*` in the word itself.
            UserInputLeaf::Literal(literal)
                if literal.delimiter == Delimiter::None
                    && literal.phrase.len() > 1
                    && literal.phrase.ends_with('*') =>
            {
                prefix_query(
                    literal.field_name.as_deref(),
                    literal.phrase.trim_end_matches('*'),
                )?
            }
            leaf => UserInputAst::Leaf(Box::new(rewrite_leaf(leaf)?)),
        },
    })
}

/// `wind*` matches every term starting with `wind` in the named field, or
/// in each searched field. tantivy reads a lone `term*` as a phrase prefix,
/// which needs two words; a regex over the term dictionary is what users
/// mean. The prefix goes through the same lower-casing and folding as the
/// index, and is alphanumeric afterwards, so it needs no escaping.
fn prefix_query(field: Option<&str>, text: &str) -> Result<UserInputAst, QueryError> {
    let Some(prefix) = NewsSchema::normalize_prefix(text) else {
        return Err(QueryError::Syntax {
            query: format!("{text}*"),
            detail: Some("a wildcard needs one word before the *".to_string()),
        });
    };
    let fields: Vec<&str> = match field {
        Some(name) => vec![canonical_field(name)?],
        None => DEFAULT_FIELDS.to_vec(),
    };
    let clauses = fields
        .into_iter()
        .map(|field| {
            let leaf = UserInputLeaf::Regex {
                field: Some(field.to_string()),
                pattern: format!("{prefix}.*"),
            };
            (Some(Occur::Should), UserInputAst::Leaf(Box::new(leaf)))
        })
        .collect();
    Ok(UserInputAst::Clause(clauses))
}

fn rewrite_leaf(leaf: UserInputLeaf) -> Result<UserInputLeaf, QueryError> {
    Ok(match leaf {
        UserInputLeaf::Literal(mut literal) => match literal.field_name.as_deref() {
            None => UserInputLeaf::Literal(literal),
            Some(name) => {
                let field = canonical_field(name)?;
                if field == "date" {
                    let p = period(&literal.phrase, DATE_CONTEXT)?;
                    by_whole_days(UserInputLeaf::Range {
                        field: Some(field.to_string()),
                        lower: UserInputBound::Inclusive(rfc3339(p.start)),
                        upper: UserInputBound::Exclusive(rfc3339(p.end)),
                    })
                } else {
                    literal.field_name = Some(field.to_string());
                    UserInputLeaf::Literal(literal)
                }
            }
        },
        UserInputLeaf::Range {
            field,
            lower,
            upper,
        } => {
            let field = field.map(|f| canonical_field(&f)).transpose()?;
            if field == Some("date") {
                by_whole_days(UserInputLeaf::Range {
                    field: Some("date".to_string()),
                    lower: widen_lower(lower)?,
                    upper: widen_upper(upper)?,
                })
            } else {
                UserInputLeaf::Range {
                    field: field.map(str::to_string),
                    lower,
                    upper,
                }
            }
        }
        UserInputLeaf::Set { field, elements } => UserInputLeaf::Set {
            field: field
                .map(|f| canonical_field(&f).map(str::to_string))
                .transpose()?,
            elements,
        },
        UserInputLeaf::Exists { field } => UserInputLeaf::Exists {
            field: canonical_field(&field)?.to_string(),
        },
        UserInputLeaf::Regex { field, pattern } => UserInputLeaf::Regex {
            field: field
                .map(|f| canonical_field(&f).map(str::to_string))
                .transpose()?,
            pattern,
        },
        UserInputLeaf::All => UserInputLeaf::All,
    })
}

fn canonical_field(name: &str) -> Result<&'static str, QueryError> {
    NewsSchema::resolve_field_name(name).ok_or_else(|| QueryError::UnknownField(name.to_string()))
}

/// `>= X` starts where the period X starts; `> X` where it ends.
fn widen_lower(bound: UserInputBound) -> Result<UserInputBound, QueryError> {
    Ok(match bound {
        UserInputBound::Inclusive(v) => {
            UserInputBound::Inclusive(rfc3339(period(&v, DATE_CONTEXT)?.start))
        }
        UserInputBound::Exclusive(v) => {
            UserInputBound::Inclusive(rfc3339(period(&v, DATE_CONTEXT)?.end))
        }
        UserInputBound::Unbounded => UserInputBound::Unbounded,
    })
}

/// `<= X` ends where the period X ends; `< X` where it starts.
fn widen_upper(bound: UserInputBound) -> Result<UserInputBound, QueryError> {
    Ok(match bound {
        UserInputBound::Inclusive(v) => {
            UserInputBound::Exclusive(rfc3339(period(&v, DATE_CONTEXT)?.end))
        }
        UserInputBound::Exclusive(v) => {
            UserInputBound::Exclusive(rfc3339(period(&v, DATE_CONTEXT)?.start))
        }
        UserInputBound::Unbounded => UserInputBound::Unbounded,
    })
}

/// A half-open span of time named by a year, a month, a day or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

/// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 instant.
fn period(text: &str, context: &str) -> Result<Period, QueryError> {
    let bad = || QueryError::BadDate {
        value: text.to_string(),
        context: context.to_string(),
    };
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        let start = instant.with_timezone(&Utc);
        return Ok(Period {
            start,
            end: start + chrono::Duration::seconds(1),
        });
    }
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Result<u32, QueryError> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN));
    let (start, end) = match parts.as_slice() {
        [y] => {
            let y = number(y, 4)? as i32;
            let start = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
            (start, NaiveDate::from_ymd_opt(y + 1, 1, 1).ok_or_else(bad)?)
        }
        [y, m] => {
            let start =
                NaiveDate::from_ymd_opt(number(y, 4)? as i32, number(m, 2)?, 1).ok_or_else(bad)?;
            (start, next_month(start).ok_or_else(bad)?)
        }
        [y, m, d] => {
            let start = NaiveDate::from_ymd_opt(number(y, 4)? as i32, number(m, 2)?, number(d, 2)?)
                .ok_or_else(bad)?;
            (start, start.succ_opt().ok_or_else(bad)?)
        }
        _ => return Err(bad()),
    };
    Ok(Period {
        start: midnight(start),
        end: midnight(end),
    })
}

fn next_month(first: NaiveDate) -> Option<NaiveDate> {
    if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
}

/// A date range whose bounds fall on midnights (every range written with
/// years, months or days) searches the `day` field instead: one term per
/// day, so a month is about thirty posting lists, and forty years some
/// fifteen thousand. The `date` field's fast column would scan every
/// article's date instead, and its second-precision terms number one per
/// article. Ranges with an exact instant keep `date`.
fn by_whole_days(leaf: UserInputLeaf) -> UserInputLeaf {
    let UserInputLeaf::Range {
        field,
        lower,
        upper,
    } = leaf
    else {
        return leaf;
    };
    let day_of = |value: &str| {
        let instant = DateTime::parse_from_rfc3339(value).ok()?;
        let seconds = instant.timestamp();
        (seconds.rem_euclid(SECONDS_PER_DAY) == 0).then(|| seconds.div_euclid(SECONDS_PER_DAY))
    };
    let as_day = |bound: &UserInputBound| match bound {
        UserInputBound::Inclusive(v) => day_of(v).map(|d| UserInputBound::Inclusive(d.to_string())),
        UserInputBound::Exclusive(v) => day_of(v).map(|d| UserInputBound::Exclusive(d.to_string())),
        UserInputBound::Unbounded => Some(UserInputBound::Unbounded),
    };
    match (as_day(&lower), as_day(&upper)) {
        (Some(day_lower), Some(day_upper)) => UserInputLeaf::Range {
            field: Some(DAY_FIELD.to_string()),
            lower: day_lower,
            upper: day_upper,
        },
        _ => UserInputLeaf::Range {
            field,
            lower,
            upper,
        },
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The body passage around the matches; else the lead's; else the body's
/// opening, so every hit shows some text.
///
/// The lead is only analysed when the body has no match: tokenizing and
/// stemming it is wasted work otherwise.
fn pick_snippet(
    body: Snippet,
    lead: impl FnOnce() -> Option<Snippet>,
    body_text: &str,
) -> (String, Vec<[usize; 2]>) {
    let chosen = if !body.highlighted().is_empty() {
        Some(body)
    } else {
        lead().filter(|s| !s.highlighted().is_empty())
    };
    match chosen {
        Some(snippet) => {
            let highlights = snippet
                .highlighted()
                .iter()
                .map(|r| [r.start, r.end])
                .collect();
            (flatten_lines(snippet.fragment()), highlights)
        }
        None => (flatten_lines(opening(body_text, SNIPPET_CHARS)), Vec::new()),
    }
}

/// Paragraph breaks become spaces; both are one byte, so ranges stay valid.
fn flatten_lines(text: &str) -> String {
    text.replace('\n', " ")
}

/// The first `max_chars` characters of `text`, cut at a word boundary.
fn opening(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        None => text,
        Some((cut, _)) => {
            let head = &text[..cut];
            head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of the schema's fields in three segments, with words of
    /// varied frequency and documents of varied length, so that scores
    /// differ and blocks can be skipped.
    fn three_segment_searcher() -> Searcher {
        let schema = NewsSchema::new();
        let index = Index::create_in_ram(schema.schema.clone());
        NewsSchema::register_tokenizers(&index);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
        for segment in 0..3u64 {
            for i in 0..400u64 {
                let n = segment * 400 + i;
                let body: Vec<&str> = (0..(n % 37 + 3))
                    .map(|j| words[((n * 7 + j * j) % 6) as usize])
                    .collect();
                let article = crate::article::Article {
                    path: format!("{n}.txt"),
                    title: words[(n % 6) as usize].to_string(),
                    lead: None,
                    date: None,
                    date_has_time: false,
                    speakers: Vec::new(),
                    body: body.join(" "),
                };
                let fingerprint = crate::schema::Fingerprint {
                    mtime: 0,
                    size: 0,
                    hash: n,
                };
                writer
                    .add_document(schema.to_document(&article, &article.path, fingerprint))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        Searcher::new(index, schema).unwrap()
    }

    #[test]
    fn pruned_top_k_ranks_as_tantivy_does() {
        let searcher = three_segment_searcher();
        let tantivy_searcher = searcher.reader.searcher();
        assert_eq!(tantivy_searcher.segment_readers().len(), 3);
        for text in [
            "alpha",
            "alpha beta",
            "alpha OR zeta",
            "\"alpha beta\"",
            "\"beta epsilon\"",
            "alpha -beta",
            "title:gamma",
            "*",
        ] {
            for k in [1, 10, 57] {
                let request = SearchRequest {
                    query: text,
                    limit: k,
                    offset: 0,
                    sort: SortOrder::Relevance,
                    from: None,
                    to: None,
                    exact_count: false,
                };
                let ours: Vec<(Score, String)> = searcher
                    .search(&request)
                    .unwrap()
                    .hits
                    .into_iter()
                    .map(|hit| (hit.score, hit.path))
                    .collect();
                let (query, _) = searcher.build_query(&request).unwrap();
                let theirs: Vec<(Score, String)> = tantivy_searcher
                    .search(&query, &TopDocs::with_limit(k).order_by_score())
                    .unwrap()
                    .into_iter()
                    .map(|(score, address)| {
                        let doc: TantivyDocument = tantivy_searcher.doc(address).unwrap();
                        (score, searcher.schema.stored(&doc).path)
                    })
                    .collect();
                assert!(!theirs.is_empty(), "{text} matched nothing");
                assert_eq!(ours, theirs, "{text}, k = {k}");
            }
        }
    }

    fn day(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn year_is_a_whole_year() {
        let p = period("2024", "t").unwrap();
        assert_eq!(p.start, day("2024-01-01T00:00:00Z"));
        assert_eq!(p.end, day("2025-01-01T00:00:00Z"));
    }

    #[test]
    fn december_ends_at_new_year() {
        let p = period("2024-12", "t").unwrap();
        assert_eq!(p.start, day("2024-12-01T00:00:00Z"));
        assert_eq!(p.end, day("2025-01-01T00:00:00Z"));
    }

    #[test]
    fn day_ends_at_next_midnight() {
        let p = period("2024-02-29", "t").unwrap();
        assert_eq!(p.end, day("2024-03-01T00:00:00Z"));
    }

    #[test]
    fn estimates_keep_three_significant_digits() {
        assert_eq!(round_to_three_digits(999.4), 999);
        assert_eq!(round_to_three_digits(113_246.0), 113_000);
        assert_eq!(round_to_three_digits(71_583.2), 71_600);
        assert_eq!(round_to_three_digits(1_004.9), 1_000);
    }

    fn range(lower: UserInputBound, upper: UserInputBound) -> UserInputLeaf {
        UserInputLeaf::Range {
            field: Some("date".to_string()),
            lower,
            upper,
        }
    }

    #[test]
    fn whole_day_ranges_search_the_day_field() {
        let leaf = by_whole_days(range(
            UserInputBound::Inclusive("1969-12-31T00:00:00Z".into()),
            UserInputBound::Exclusive("1970-01-02T00:00:00Z".into()),
        ));
        assert_eq!(
            leaf,
            UserInputLeaf::Range {
                field: Some(DAY_FIELD.to_string()),
                lower: UserInputBound::Inclusive("-1".into()),
                upper: UserInputBound::Exclusive("1".into()),
            }
        );
        let open = by_whole_days(range(
            UserInputBound::Unbounded,
            UserInputBound::Exclusive("2025-01-01T00:00:00Z".into()),
        ));
        assert!(matches!(open, UserInputLeaf::Range { field: Some(f), .. } if f == DAY_FIELD));
    }

    #[test]
    fn ranges_with_an_instant_keep_the_date_field() {
        let instant = range(
            UserInputBound::Inclusive("2024-12-04T16:00:00Z".into()),
            UserInputBound::Exclusive("2024-12-05T00:00:00Z".into()),
        );
        assert_eq!(by_whole_days(instant.clone()), instant);
    }

    #[test]
    fn rfc3339_instant_is_converted_to_utc() {
        let p = period("2024-12-04T17:16:00+01:00", "t").unwrap();
        assert_eq!(p.start, day("2024-12-04T16:16:00Z"));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2024-13",
            "2024-13-45",
            "2023-02-29",
            "24-12-01",
            "x",
            "2024-1-5",
            "",
        ] {
            assert!(period(bad, "t").is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn inclusive_upper_day_bound_covers_the_whole_day() {
        let b = widen_upper(UserInputBound::Inclusive("2024-12-31".into())).unwrap();
        assert_eq!(b, UserInputBound::Exclusive("2025-01-01T00:00:00Z".into()));
    }

    #[test]
    fn exclusive_lower_day_bound_starts_the_next_day() {
        let b = widen_lower(UserInputBound::Exclusive("2024-12-01".into())).unwrap();
        assert_eq!(b, UserInputBound::Inclusive("2024-12-02T00:00:00Z".into()));
    }

    #[test]
    fn speaker_alias_becomes_speakers() {
        let ast = rewrite(query_grammar::parse_query("speaker:rutte").unwrap()).unwrap();
        assert!(format!("{ast:?}").contains("\"speakers\":rutte"), "{ast:?}");
    }

    #[test]
    fn unknown_field_is_named() {
        let err = rewrite(query_grammar::parse_query("author:smith").unwrap()).unwrap_err();
        assert!(matches!(err, QueryError::UnknownField(f) if f == "author"));
    }

    #[test]
    fn opening_cuts_at_a_word_boundary() {
        assert_eq!(opening("alpha beta gamma", 8), "alpha");
        assert_eq!(opening("short", 8), "short");
    }
}
