//! From the text a user typed to a tantivy query.
//!
//! The text goes through tantivy's own grammar, then the parsed tree is
//! rewritten before tantivy's `QueryParser` turns it into a query: field
//! aliases (`speaker:` → `speakers:`) are resolved, unknown fields rejected
//! with a clear message, and every bound on `date` is widened to whole
//! calendar periods (see [`super::dates`]). Rewriting the tree rather than
//! the string keeps phrases and quoting intact.

use chrono::DateTime;
use tantivy::query::{Query, QueryParser, QueryParserError};
use tantivy::query_grammar::{self, Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::Index;

use super::dates::{rfc3339, Period};
use super::SearchRequest;
use crate::error::QueryError;
use crate::schema::{NewsSchema, DATE_FIELD, DAY_FIELD, SECONDS_PER_DAY, TEXT_FIELD};

/// How a `date:` bound is named in error messages.
const DATE_CONTEXT: &str = "a date: search";

/// The field searched when the query names none: title, lead, body and
/// speakers weighted into one (see [`crate::schema`]).
const DEFAULT_FIELDS: [&str; 1] = [TEXT_FIELD];

/// The tantivy query for a request, and whether it is one exact phrase and
/// nothing else (which the ranking can take a shortcut for).
pub(super) fn build(
    index: &Index,
    schema: &NewsSchema,
    request: &SearchRequest,
) -> Result<(Box<dyn Query>, bool), QueryError> {
    let text = request.query.trim();
    let mut ast = if text.is_empty() {
        if request.dates.is_unbounded() {
            return Err(QueryError::Empty);
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
    if !request.dates.is_unbounded() {
        let bound = |instant: Option<chrono::DateTime<chrono::Utc>>,
                     make: fn(String) -> UserInputBound| {
            instant.map_or(UserInputBound::Unbounded, |t| make(rfc3339(t)))
        };
        let filter = by_whole_days(UserInputLeaf::Range {
            field: Some(DATE_FIELD.to_string()),
            lower: bound(request.dates.from, UserInputBound::Inclusive),
            upper: bound(request.dates.until, UserInputBound::Exclusive),
        });
        ast = UserInputAst::Clause(vec![
            (Some(Occur::Must), ast),
            (Some(Occur::Must), UserInputAst::Leaf(Box::new(filter))),
        ]);
    }

    let mut parser = QueryParser::for_index(index, vec![schema.text]);
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
pub(super) fn rewrite(ast: UserInputAst) -> Result<UserInputAst, QueryError> {
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
                if field == DATE_FIELD {
                    let p = Period::parse(&literal.phrase, DATE_CONTEXT)?;
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
            if field == Some(DATE_FIELD) {
                by_whole_days(UserInputLeaf::Range {
                    field: Some(DATE_FIELD.to_string()),
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
            UserInputBound::Inclusive(rfc3339(Period::parse(&v, DATE_CONTEXT)?.start))
        }
        UserInputBound::Exclusive(v) => {
            UserInputBound::Inclusive(rfc3339(Period::parse(&v, DATE_CONTEXT)?.end))
        }
        UserInputBound::Unbounded => UserInputBound::Unbounded,
    })
}

/// `<= X` ends where the period X ends; `< X` where it starts.
fn widen_upper(bound: UserInputBound) -> Result<UserInputBound, QueryError> {
    Ok(match bound {
        UserInputBound::Inclusive(v) => {
            UserInputBound::Exclusive(rfc3339(Period::parse(&v, DATE_CONTEXT)?.end))
        }
        UserInputBound::Exclusive(v) => {
            UserInputBound::Exclusive(rfc3339(Period::parse(&v, DATE_CONTEXT)?.start))
        }
        UserInputBound::Unbounded => UserInputBound::Unbounded,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn range(lower: UserInputBound, upper: UserInputBound) -> UserInputLeaf {
        UserInputLeaf::Range {
            field: Some(DATE_FIELD.to_string()),
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
}
