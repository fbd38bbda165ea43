//! The query language's tree ([`Expr`]) as OpenSearch's query DSL.
//!
//! Each node becomes what the local compiler (`search::compile`) makes of
//! it, over the template's fields: words and phrases are `match_phrase`
//! on the field's analysed text (the cluster's analyzer is the local one,
//! `opensearch/README.md`), negations keep their meaning of "every
//! article, less those", prefixes and fuzzy words score the words they
//! expand to. Words are analysed on this side too, with the local
//! analyzers, for three things the cluster cannot be asked for in one
//! query: a word that analyses to nothing is left out (as locally, where
//! OpenSearch would match nothing), a compound (`1.5`, `3%`, `<KLY>`) is
//! looked for in the `compounds` sub-field beside the phrase of its parts,
//! and `=word` filters on each unstemmed token in the `exact` sub-field.
//!
//! Differences that remain, each in the README: a phrase with slop follows
//! Lucene's sloppy phrase (a swap costs two moves), a regular expression
//! is Lucene's syntax, a fuzzy word matches its 50 nearest words (Lucene's
//! expansion limit; locally all match and 128 are scored), and
//! `speaker:` matches names as written (the registry that links
//! "Reagan" to Ronald Reagan lives beside a local index only).

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tantivy::tokenizer::TextAnalyzer;

use crate::article::language_tag;
use crate::error::QueryError;
use crate::schema::{terms_of, NewsSchema, SECONDS_PER_DAY};
use crate::search::syntax::{DateSpan, Expr, Pattern, SearchField};

/// How many expansions of a prefix are scored, as locally
/// (`compile::MAX_EXPANSIONS`); the rest match at no score.
const SCORED_EXPANSIONS: usize = 128;

/// The local analyzers, to see what the cluster will make of a word.
pub(super) struct Analyzers {
    news: TextAnalyzer,
    exact: TextAnalyzer,
    names: TextAnalyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers::new()
    }
}

impl Analyzers {
    /// The analyzers the local schema registers.
    pub(super) fn new() -> Analyzers {
        let schema = NewsSchema::new();
        let index = tantivy::Index::create_in_ram(schema.schema.clone());
        NewsSchema::register_tokenizers(&index);
        let get = |field| {
            index
                .tokenizer_for_field(field)
                .unwrap_or_else(|_| NewsSchema::news_analyzer())
        };
        Analyzers {
            news: get(schema.text),
            // The cluster indexes every form as written (its own
            // `text.exact`), not the local `forms` twin.
            exact: TextAnalyzer::from(crate::tokenizer::SharedTokens::folded()),
            names: get(schema.speakers),
        }
    }
}

/// Translates query trees, analysing words with the local analyzers.
pub(super) struct Translator {
    analyzers: Analyzers,
}

/// How a field of the query language is held in the cluster.
struct Target {
    /// The field searched.
    field: &'static str,
    /// Whether it is analysed with `newsidx_text` (stemmed, with `exact`
    /// and `compounds` sub-fields).
    stemmed: bool,
}

fn target(field: SearchField) -> Target {
    let (field, stemmed) = match field {
        SearchField::Any => ("text", true),
        SearchField::Title => ("title", true),
        SearchField::Lead => ("lead", true),
        SearchField::Speakers => ("speakers", false),
        SearchField::Path | SearchField::Folder => ("path", false),
        SearchField::Date => ("date", false),
        SearchField::Outlet => ("outlet.words", false),
        SearchField::Author => ("authors", false),
        SearchField::Lang => ("lang", false),
    };
    Target { field, stemmed }
}

impl Default for Translator {
    fn default() -> Self {
        Translator::new()
    }
}

impl Translator {
    /// A translator with the local analyzers.
    pub(super) fn new() -> Translator {
        Translator {
            analyzers: Analyzers::new(),
        }
    }

    /// The query for `expr`; `None` when nothing in it can be searched
    /// (only punctuation).
    pub(super) fn query(&mut self, expr: &Expr) -> Result<Option<Value>, QueryError> {
        Ok(match expr {
            Expr::All => Some(json!({ "match_all": {} })),
            Expr::Has(field) => Some(has(*field)),
            Expr::Match { field, pattern } => self.pattern(*field, pattern)?,
            Expr::Dates(span) => Some(dates(span)),
            Expr::And(parts) => self.all_of(parts, Vec::new())?,
            Expr::Or(parts) => {
                let mut should = Vec::new();
                for part in parts {
                    if let Some(query) = self.query(part)? {
                        should.push(query);
                    }
                }
                one_or_bool(should, "should")
            }
            Expr::Not(_) => self.all_of(std::slice::from_ref(expr), Vec::new())?,
            Expr::Ranked { required, optional } => {
                let mut extra = Vec::new();
                for part in optional {
                    if let Some(query) = self.query(part)? {
                        extra.push(query);
                    }
                }
                let parts = match &**required {
                    Expr::And(parts) => parts.as_slice(),
                    other => std::slice::from_ref(other),
                };
                match self.all_of(parts, extra)? {
                    Some(query) => Some(query),
                    None => self.all_of(optional, Vec::new())?,
                }
            }
            Expr::Boost(inner, factor) => self
                .query(inner)?
                .map(|query| json!({ "bool": { "must": [query], "boost": factor } })),
        })
    }

    /// For a plain query (words and phrases side by side, perhaps with
    /// exclusions), the articles with at least half of its words
    /// (`compile::minimum_words`), through `minimum_should_match`.
    pub(super) fn most_words(&mut self, expr: &Expr) -> Result<Option<Value>, QueryError> {
        let Expr::And(parts) = expr else {
            return Ok(None);
        };
        let mut wanted = Vec::new();
        let mut excluded = Vec::new();
        for part in parts {
            match part {
                Expr::Match { .. } => {
                    if let Some(query) = self.query(part)? {
                        wanted.push(query);
                    }
                }
                Expr::Not(inner) => {
                    if let Some(query) = self.query(inner)? {
                        excluded.push(query);
                    }
                }
                _ => return Ok(None),
            }
        }
        if wanted.len() < 2 {
            return Ok(None);
        }
        let minimum = crate::search::minimum_words(wanted.len());
        Ok(Some(json!({ "bool": {
            "should": wanted,
            "must_not": excluded,
            "minimum_should_match": minimum,
        } })))
    }

    /// Every part required, negations excluded, `extra` only ranking; with
    /// no positive part, the base is every article.
    fn all_of(&mut self, parts: &[Expr], extra: Vec<Value>) -> Result<Option<Value>, QueryError> {
        let mut must = Vec::new();
        let mut must_not = Vec::new();
        for part in parts {
            match part {
                Expr::Not(inner) => {
                    if let Some(query) = self.query(inner)? {
                        must_not.push(query);
                    }
                }
                _ => {
                    if let Some(query) = self.query(part)? {
                        must.push(query);
                    }
                }
            }
        }
        if must.is_empty() && must_not.is_empty() {
            return Ok(None);
        }
        if must.is_empty() {
            must.push(json!({ "match_all": {} }));
        }
        if extra.is_empty() && must_not.is_empty() && must.len() == 1 {
            return Ok(must.pop());
        }
        let mut bool_query = json!({ "must": must });
        if !must_not.is_empty() {
            bool_query["must_not"] = json!(must_not);
        }
        if !extra.is_empty() {
            bool_query["should"] = json!(extra);
        }
        Ok(Some(json!({ "bool": bool_query })))
    }

    fn pattern(
        &mut self,
        field: SearchField,
        pattern: &Pattern,
    ) -> Result<Option<Value>, QueryError> {
        if field == SearchField::Lang {
            return language(pattern).map(Some);
        }
        let target = target(field);
        if field == SearchField::Path || field == SearchField::Folder {
            return Ok(Some(match pattern {
                Pattern::Prefix(text) => json!({ "prefix": { "path": text } }),
                Pattern::Regex(text) => json!({ "regexp": { "path": text } }),
                Pattern::Words(text)
                | Pattern::Exact(text)
                | Pattern::Phrase { text, .. }
                | Pattern::Fuzzy { word: text, .. } => json!({ "term": { "path": text } }),
            }));
        }
        Ok(match pattern {
            Pattern::Words(text) => self.words(&target, text, 0),
            Pattern::Phrase { text, slop } => self.words(&target, text, *slop),
            Pattern::Prefix(text) => prefix(&target, text),
            Pattern::Fuzzy { word, distance } => {
                let tokens = self.tokens(&target, word);
                if tokens.len() == 1 && !is_compound(&tokens[0]) {
                    Some(json!({ "match": { target.field: {
                        "query": word,
                        "fuzziness": distance,
                        "fuzzy_transpositions": true,
                        "prefix_length": 0,
                        "max_expansions": SCORED_EXPANSIONS,
                        "fuzzy_rewrite": format!("top_terms_{SCORED_EXPANSIONS}"),
                    } } }))
                } else {
                    self.words(&target, word, 0)
                }
            }
            Pattern::Exact(word) => {
                let Some(words) = self.words(&target, word, 0) else {
                    return Ok(None);
                };
                if !target.stemmed {
                    return Ok(Some(words));
                }
                let forms: Vec<Value> = terms_of(&mut self.analyzers.exact, word)
                    .into_iter()
                    .filter(|t| !is_compound(t))
                    .map(|t| json!({ "term": { format!("{}.exact", target.field): t } }))
                    .collect();
                Some(json!({ "bool": { "must": [words], "filter": forms } }))
            }
            Pattern::Regex(text) => Some(json!({ "regexp": { target.field: { "value": text } } })),
        })
    }

    /// The local analyzer's tokens of `text` in a field.
    fn tokens(&mut self, target: &Target, text: &str) -> Vec<String> {
        if target.stemmed {
            terms_of(&mut self.analyzers.news, text)
        } else {
            terms_of(&mut self.analyzers.names, text)
        }
    }

    /// Words in order within `slop` moves: a phrase of the words the
    /// cluster splits the text into, and each compound the local analyzer
    /// adds (which the cluster holds in `compounds`) as a filter.
    fn words(&mut self, target: &Target, text: &str, slop: u32) -> Option<Value> {
        let tokens = self.tokens(target, text);
        if tokens.is_empty() {
            return None;
        }
        let compounds: Vec<&String> = tokens.iter().filter(|t| is_compound(t)).collect();
        let phrase = json!({ "match_phrase": { target.field: { "query": text, "slop": slop } } });
        if compounds.is_empty() || !target.stemmed {
            return Some(phrase);
        }
        let filters: Vec<Value> = compounds
            .iter()
            .map(|c| json!({ "term": { format!("{}.compounds", target.field): c } }))
            .collect();
        // A compound alone (`1.5`): its parts score as locally the
        // compound's one term does not, so the compound is what scores.
        Some(json!({ "bool": { "must": [phrase], "filter": filters } }))
    }
}

/// Whether a token of the local analyzer is one of its compounds (a
/// decimal, a percentage, a ticker), which hold a character no word does.
fn is_compound(token: &str) -> bool {
    token.contains(['.', ',', '%', '<', '>'])
}

/// `word*`; `new yo*` is a phrase whose last word is a prefix.
fn prefix(target: &Target, text: &str) -> Option<Value> {
    let mut words = NewsSchema::prefix_words(text);
    let last = words.pop()?;
    let field = target.field;
    if words.is_empty() {
        // The commonest expansions scored (Lucene's top_terms rewrite
        // keeps a bounded number), the rest still matching at no score,
        // as locally.
        return Some(json!({ "bool": { "should": [
            { "prefix": { field: { "value": last, "rewrite": format!("top_terms_{SCORED_EXPANSIONS}") } } },
            { "constant_score": { "filter": { "prefix": { field: last } }, "boost": 0.0 } },
        ] } }));
    }
    let analyzer = if target.stemmed {
        "newsidx_exact"
    } else {
        "newsidx_name"
    };
    Some(json!({ "intervals": { field: { "all_of": {
        "ordered": true,
        "max_gaps": 0,
        "intervals": [
            { "match": { "query": words.join(" "), "ordered": true, "max_gaps": 0 } },
            { "prefix": { "prefix": last, "analyzer": analyzer } },
        ],
    } } } }))
}

/// `field:*`.
fn has(field: SearchField) -> Value {
    match field {
        SearchField::Path | SearchField::Folder => json!({ "match_all": {} }),
        other => json!({ "exists": { "field": target(other).field } }),
    }
}

/// `lang:TAG`: the tag and its regional forms, as locally.
fn language(pattern: &Pattern) -> Result<Value, QueryError> {
    let typed = match pattern {
        Pattern::Words(text) | Pattern::Exact(text) | Pattern::Phrase { text, .. } => text,
        Pattern::Fuzzy { word, .. } => word,
        Pattern::Prefix(start) => {
            return Ok(json!({ "prefix": { "lang": start.to_lowercase() } }));
        }
        Pattern::Regex(text) => return Ok(json!({ "regexp": { "lang": text } })),
    };
    let tag = language_tag(typed).ok_or_else(|| QueryError::BadLanguage {
        value: typed.clone(),
    })?;
    if tag.contains('-') {
        return Ok(json!({ "term": { "lang": tag } }));
    }
    Ok(json!({ "bool": { "should": [
        { "term": { "lang": tag } },
        { "prefix": { "lang": format!("{tag}-") } },
    ] } }))
}

/// Articles dated in a span: whole days on the `day` field (as locally),
/// an exact instant on `date`.
pub(super) fn dates(span: &DateSpan) -> Value {
    if span.from.is_none() && span.until.is_none() {
        return json!({ "exists": { "field": "date" } });
    }
    let day_of = |t: DateTime<Utc>| {
        let seconds = t.timestamp();
        (seconds.rem_euclid(SECONDS_PER_DAY) == 0).then(|| seconds.div_euclid(SECONDS_PER_DAY))
    };
    let whole_days = span.from.is_none_or(|t| day_of(t).is_some())
        && span.until.is_none_or(|t| day_of(t).is_some());
    let mut range = serde_json::Map::new();
    if whole_days {
        if let Some(from) = span.from.and_then(day_of) {
            range.insert("gte".into(), json!(from));
        }
        if let Some(until) = span.until.and_then(day_of) {
            range.insert("lt".into(), json!(until));
        }
        return json!({ "range": { "day": range } });
    }
    if let Some(from) = span.from {
        range.insert("gte".into(), json!(from.timestamp()));
    }
    if let Some(until) = span.until {
        range.insert("lt".into(), json!(until.timestamp()));
    }
    range.insert("format".into(), json!("epoch_second"));
    json!({ "range": { "date": range } })
}

/// One query alone, or a bool of them under `occur`.
fn one_or_bool(mut queries: Vec<Value>, occur: &str) -> Option<Value> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(json!({ "bool": { occur: queries } })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::syntax::parse;

    fn dsl(text: &str) -> Value {
        Translator::new()
            .query(&parse(text).unwrap())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn words_side_by_side_are_all_required() {
        let query = dsl("oil prices");
        let must = query["bool"]["must"].as_array().unwrap();
        assert_eq!(must.len(), 2);
        assert_eq!(must[0]["match_phrase"]["text"]["query"], "oil");
        assert_eq!(must[1]["match_phrase"]["text"]["query"], "prices");
    }

    #[test]
    fn a_lone_negation_is_every_article_less_the_word() {
        let query = dsl("-oil");
        assert_eq!(query["bool"]["must"][0], json!({ "match_all": {} }));
        assert_eq!(
            query["bool"]["must_not"][0]["match_phrase"]["text"]["query"],
            "oil"
        );
    }

    #[test]
    fn punctuation_alone_is_left_out() {
        let query = dsl("oil --- ");
        assert_eq!(query["match_phrase"]["text"]["query"], "oil");
    }

    #[test]
    fn a_compound_is_filtered_in_its_sub_field() {
        let query = dsl("1.5%");
        let filters = query["bool"]["filter"].as_array().unwrap();
        let wanted: Vec<&str> = filters
            .iter()
            .map(|f| f["term"]["text.compounds"].as_str().unwrap())
            .collect();
        assert!(wanted.contains(&"1.5%"), "{query}");
    }

    #[test]
    fn fields_name_the_template_fields() {
        assert_eq!(
            dsl("title:oil")["match_phrase"]["title"]["query"],
            json!("oil")
        );
        assert_eq!(
            dsl("speaker:\"james baker\"")["match_phrase"]["speakers"]["query"],
            json!("james baker")
        );
        assert_eq!(
            dsl("outlet:reuters")["match_phrase"]["outlet.words"]["query"],
            json!("reuters")
        );
        assert_eq!(dsl("folder:1987-03")["prefix"]["path"], json!("1987-03/"));
    }

    #[test]
    fn whole_days_search_the_day_field_and_instants_the_date() {
        let month = dsl("date:1987-03");
        assert_eq!(month["range"]["day"]["gte"], json!(6268));
        assert_eq!(month["range"]["day"]["lt"], json!(6299));
        let instant = dsl("date:[1987-03-01T12:00:00Z TO *]");
        assert_eq!(instant["range"]["date"]["gte"], json!(541_598_400));
    }

    #[test]
    fn plain_words_fill_with_half_of_them() {
        let mut translator = Translator::new();
        let most = translator
            .most_words(&parse("oil prices opec cut -iran").unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(most["bool"]["minimum_should_match"], json!(2));
        assert_eq!(most["bool"]["must_not"].as_array().unwrap().len(), 1);
        assert!(translator
            .most_words(&parse("oil OR gas").unwrap())
            .unwrap()
            .is_none());
    }
}
