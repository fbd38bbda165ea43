//! From the request a user made to the tantivy query that answers it: the
//! query text parsed ([`super::syntax`]), compiled ([`super::compile`]),
//! and the `--from`/`--to` filter added.

use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query};
use tantivy::{Index, Searcher};

use super::compile::Compiler;
use super::syntax::{self, DateSpan, Expr, Pattern};
use super::SearchRequest;
use crate::error::QueryError;
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
}

/// Builds the queries for a request.
pub(super) fn build(
    index: &Index,
    schema: &NewsSchema,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<Built, QueryError> {
    let compiler = Compiler::new(index, schema, searcher);
    let text = request.query.trim();
    let (expr, plain) = if text.is_empty() {
        (None, false)
    } else {
        let (expr, plain) = syntax::parse_with_form(text)?;
        (Some(expr), plain)
    };
    let query = match &expr {
        Some(expr) => compiler.compile(expr)?,
        None => None,
    };
    let most_words = match &expr {
        Some(expr) if plain && !request.all_words => compiler.most_words(expr)?,
        _ => None,
    };
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
    })
}
