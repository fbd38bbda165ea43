//! From the request a user made to the tantivy query that answers it: the
//! query text parsed ([`super::syntax`]), compiled ([`super::compile`]),
//! and the `--from`/`--to` filter added.

use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query};
use tantivy::{Index, Searcher};

use super::compile::Compiler;
use super::syntax::{self, DateSpan, Expr, Pattern, SearchField};
use super::SearchRequest;
use crate::error::QueryError;
use crate::people::Registry;
use crate::schema::NewsSchema;

/// The tantivy queries for a request.
pub(super) struct Built {
    /// The query as written.
    pub query: Box<dyn Query>,
    /// Whether it is one exact phrase and nothing else (which the ranking
    /// can take a shortcut for).
    pub lone_phrase: bool,
    /// For a plain query of several words, the articles with most of them
    /// (see [`Compiler::most_words`]), to fill a page the query leaves
    /// short.
    pub most_words: Option<Box<dyn Query>>,
    /// The words the query asks for in text fields (not those it
    /// excludes), for suggestions when nothing matched.
    pub words: Vec<String>,
}

/// Builds the queries for a request.
pub(super) fn build(
    index: &Index,
    schema: &NewsSchema,
    searcher: &Searcher,
    people: Option<&Registry>,
    request: &SearchRequest,
) -> Result<Built, QueryError> {
    let compiler = Compiler::new(index, schema, searcher, people);
    let (expr, plain) = parse_request(request)?;
    let query = match &expr {
        Some(expr) => compiler.compile(expr)?,
        None => None,
    };
    let most_words = match &expr {
        Some(expr) if plain && !request.all_words => compiler.most_words(expr)?,
        _ => None,
    };
    let mut words = Vec::new();
    if let Some(expr) = &expr {
        wanted_words(expr, &mut words);
    }
    let sloppy = matches!(
        expr,
        Some(Expr::Match {
            pattern: Pattern::Phrase { slop, .. },
            ..
        }) if slop > 0
    );
    if request.dates.is_unbounded() {
        let query = query.ok_or(QueryError::Empty)?;
        let lone_phrase = query.is::<PhraseQuery>() && !sloppy;
        return Ok(Built {
            query,
            lone_phrase,
            most_words,
            words,
        });
    }
    let dates = DateSpan {
        from: request.dates.from,
        until: request.dates.until,
    };
    let filtered = |query: Box<dyn Query>| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, compiler.dates(&dates)),
        ]))
    };
    Ok(Built {
        query: match query {
            Some(query) => filtered(query),
            None => compiler.dates(&dates),
        },
        lone_phrase: false,
        most_words: most_words.map(filtered),
        words,
    })
}

/// A request's query text as a tree (`None` when blank, as a search by
/// dates alone is), and whether it was written as plain words: what every
/// backend compiles from.
pub(crate) fn parse_request(request: &SearchRequest) -> Result<(Option<Expr>, bool), QueryError> {
    let text = request.query.trim();
    if text.is_empty() {
        return Ok((None, false));
    }
    let (expr, plain) = syntax::parse_with_form(text)?;
    Ok((Some(expr), plain))
}

/// The plain words `expr` looks for in titles, leads and bodies, outside
/// negations.
pub(crate) fn wanted_words(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Match {
            field: SearchField::Any | SearchField::Title | SearchField::Lead,
            pattern: Pattern::Words(word) | Pattern::Exact(word),
        } => out.push(word.clone()),
        Expr::And(parts) | Expr::Or(parts) => parts.iter().for_each(|p| wanted_words(p, out)),
        Expr::Ranked { required, optional } => {
            wanted_words(required, out);
            optional.iter().for_each(|p| wanted_words(p, out));
        }
        Expr::Boost(inner, _) => wanted_words(inner, out),
        _ => {}
    }
}
