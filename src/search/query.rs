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

/// The tantivy query for a request, and whether it is one exact phrase and
/// nothing else (which the ranking can take a shortcut for).
pub(super) fn build(
    index: &Index,
    schema: &NewsSchema,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<(Box<dyn Query>, bool), QueryError> {
    let compiler = Compiler::new(index, schema, searcher);
    let text = request.query.trim();
    let expr = if text.is_empty() {
        None
    } else {
        Some(syntax::parse(text)?)
    };
    let query = match &expr {
        Some(expr) => compiler.compile(expr)?,
        None => None,
    };
    let sloppy = matches!(
        expr,
        Some(Expr::Match {
            pattern: Pattern::Phrase { slop, .. },
            ..
        }) if slop > 0
    );
    let dates = DateSpan {
        from: request.dates.from,
        until: request.dates.until,
    };
    if request.dates.is_unbounded() {
        let query = query.ok_or(QueryError::Empty)?;
        let lone_phrase = query.is::<PhraseQuery>() && !sloppy;
        return Ok((query, lone_phrase));
    }
    let filter = compiler.dates(&dates);
    let query = match query {
        Some(query) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, filter),
        ])) as Box<dyn Query>,
        None => filter,
    };
    Ok((query, false))
}
