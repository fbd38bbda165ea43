//! The query language: from the text a user typed to a tree of what it asks
//! for, before any index is looked at.
//!
//! Hand-written rather than tantivy's grammar, for what a news archive's
//! users type: apostrophes inside names (`O'Neill`, `d'Ivoire`), pasted
//! sentences with stray dashes, brackets and colons, URLs, upper-case words
//! that are not operators. Here every such text searches, and only three
//! things are errors: a quote that is never closed, a date that does not
//! exist, and a date range that ends before it starts. The tree also states
//! the semantics the README documents, which tantivy's does not: a negation
//! stands for the articles without the word wherever it appears, so
//! `a (b OR -c)` is a AND (b OR NOT c), and `NOT a` alone is every article
//! without a. The reference evaluator in `tests/semantics` checks the
//! engine against this tree.
//!
//! Precedence, loosest first: `OR`, then `AND` (or words side by side),
//! then `NOT`, `-` and `+` on one operand. `AND`, `OR` and `NOT` are
//! operators only in upper case and only where an operator can stand
//! (`AND` between two operands, `NOT` before one); elsewhere they are words.
//! Nesting is bounded, so no query can exhaust the stack.

use chrono::{DateTime, Utc};

use super::dates::Period;
use crate::error::QueryError;

/// Deepest nesting of parentheses a query may have.
pub const MAX_DEPTH: usize = 64;

/// Largest edit distance a fuzzy word may ask for.
pub const MAX_FUZZY_DISTANCE: u8 = 2;

/// How a `date:` search is named in error messages.
pub(crate) const DATE_CONTEXT: &str = "a date: search";

/// What a query asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Every article (`*`).
    All,
    /// Articles with any value in a field (`title:*`, `date:*`).
    Has(SearchField),
    /// Articles whose field matches a pattern.
    Match {
        /// Where to look.
        field: SearchField,
        /// What to look for.
        pattern: Pattern,
    },
    /// Articles dated in a span (`date:2024-12`, `date:[a TO b]`).
    Dates(DateSpan),
    /// Articles matching every part.
    And(Vec<Expr>),
    /// Articles matching any part.
    Or(Vec<Expr>),
    /// Articles not matching the part.
    Not(Box<Expr>),
    /// `+wind solar`: the articles `required` matches, ranked higher when
    /// they also match the optional parts, which never add or remove one.
    Ranked {
        /// What decides the match.
        required: Box<Expr>,
        /// What only ranks.
        optional: Vec<Expr>,
    },
    /// A part whose score counts `f32` times (`wind^2`).
    Boost(Box<Expr>, f32),
}

/// A field as queries name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchField {
    /// No field named: title, lead, body and speakers together (`body:`
    /// too, since the body is not indexed on its own).
    Any,
    /// `title:`.
    Title,
    /// `lead:`.
    Lead,
    /// `speaker:` or `speakers:`.
    Speakers,
    /// `path:`, the article's name relative to the indexed folder.
    Path,
    /// `date:`; only `date:*` reaches [`Expr::Has`] with it, other date
    /// searches become [`Expr::Dates`].
    Date,
    /// `folder:`, the first part of the path (what a folder facet counts
    /// by). The parser writes it as a search of the path (`folder:1987-03`
    /// is the paths starting `1987-03/`), so no tree holds it.
    Folder,
    /// `outlet:`, the publisher's name, matched by its words as `speaker:`
    /// matches names.
    Outlet,
    /// `author:` or `authors:`, the bylines' names, matched the same way.
    Author,
    /// `lang:` or `language:`: a language tag, which matches itself and
    /// its regional forms (`lang:en` finds `en` and `en-gb`).
    Lang,
}

impl SearchField {
    /// The field a name typed before `:` means, in any case; `None` for
    /// names that are not fields (`http:` in a URL).
    pub fn from_name(name: &str) -> Option<SearchField> {
        Some(match name.to_lowercase().as_str() {
            "title" => SearchField::Title,
            "lead" => SearchField::Lead,
            "body" => SearchField::Any,
            "speaker" | "speakers" => SearchField::Speakers,
            "path" => SearchField::Path,
            "date" => SearchField::Date,
            "folder" => SearchField::Folder,
            "outlet" => SearchField::Outlet,
            "author" | "authors" => SearchField::Author,
            "lang" | "language" => SearchField::Lang,
            _ => return None,
        })
    }
}

/// What to look for in a text field.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// A word as typed. The analyzer may make it one term, several (then
    /// they must follow one another, as in `O'Neill` or `1-5/8`) or none
    /// (punctuation alone, which is then ignored).
    Words(String),
    /// Words in this order, with at most `slop` moves (`"a b"~3`).
    Phrase {
        /// The text between the quotes.
        text: String,
        /// How far the words may stray.
        slop: u32,
    },
    /// Words starting with this text (`heatwav*`).
    Prefix(String),
    /// Words within an edit distance of this one (`volcer~1`).
    Fuzzy {
        /// The word as typed.
        word: String,
        /// Most insertions, deletions, substitutions and transpositions.
        distance: u8,
    },
    /// Indexed words (lower-cased, stemmed) that a regular expression
    /// matches whole (`/volc.*/`).
    Regex(String),
    /// A word in exactly this form, apart from case and accents (`=rates`
    /// finds "Rates" but not "rate"): the word as [`Pattern::Words`]
    /// finds it, in an article (or field) that also holds each of its
    /// tokens unstemmed.
    Exact(String),
}

/// Articles dated in `[from, until)`; a `None` side is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    /// First instant included.
    pub from: Option<DateTime<Utc>>,
    /// First instant excluded.
    pub until: Option<DateTime<Utc>>,
}

/// Parses a query. Blank text is [`QueryError::Empty`].
pub fn parse(text: &str) -> Result<Expr, QueryError> {
    parse_with_form(text).map(|(expr, _)| expr)
}

/// Parses a query, and says whether it was typed as plain words: no
/// `AND`, `OR`, `+` or parentheses (exclusions and fields may be there).
/// A page too few articles fill is completed only for plain words: a query
/// written with operators means exactly what it says.
pub fn parse_with_form(text: &str) -> Result<(Expr, bool), QueryError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        operators: false,
    };
    let expr = parser.parse_or(SearchField::Any, 0)?;
    Ok((expr.ok_or(QueryError::Empty)?, !parser.operators))
}

/// A lexical unit.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    /// `field:(`: a group whose words search that field.
    OpenIn(SearchField),
    Close,
    /// `+` before an operand.
    Plus,
    /// `-` or `!` before an operand.
    Minus,
    /// `&&`: AND where an operator can stand, else nothing.
    AndSign,
    /// `||`: OR where an operator can stand, else nothing.
    OrSign,
    /// A bare word, kept apart from [`Token::Leaf`] because `AND`, `OR`
    /// and `NOT` are operators or words depending on where they stand.
    Word(String),
    /// Any other operand.
    Leaf(Expr),
}

impl Token {
    /// Whether an operand can start with this token.
    fn starts_operand(&self) -> bool {
        matches!(
            self,
            Token::Open
                | Token::OpenIn(_)
                | Token::Plus
                | Token::Minus
                | Token::Word(_)
                | Token::Leaf(_)
        )
    }

    /// Whether an operand can end with this token.
    fn ends_operand(&self) -> bool {
        matches!(self, Token::Close | Token::Word(_) | Token::Leaf(_))
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{201D}')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{201C}')
}

/// Characters that end a word.
fn is_break(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || is_open_quote(c)
}

fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '(' {
            tokens.push(Token::Open);
            rest = &rest[1..];
            continue;
        }
        if c == ')' {
            tokens.push(Token::Close);
            rest = &rest[1..];
            continue;
        }
        if is_open_quote(c) {
            let (leaf, after) = lex_phrase(text, rest, SearchField::Any)?;
            tokens.push(Token::Leaf(leaf));
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix("&&") {
            tokens.push(Token::AndSign);
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix("||") {
            tokens.push(Token::OrSign);
            rest = after;
            continue;
        }
        if matches!(c, '+' | '-' | '!') {
            // A sign counts only when it is glued to what it qualifies; a
            // dash between spaces is punctuation in a pasted sentence.
            let after = &rest[1..];
            match after.chars().next() {
                Some(next) if !next.is_whitespace() && next != ')' => {
                    tokens.push(if c == '+' { Token::Plus } else { Token::Minus });
                }
                _ => {}
            }
            rest = after;
            continue;
        }
        let end = rest.find(is_break).unwrap_or(rest.len());
        let chunk = &rest[..end];
        rest = &rest[end..];
        lex_chunk(text, chunk, &mut rest, &mut tokens)?;
    }
    Ok(tokens)
}

/// Reads a phrase starting at the opening quote in `rest`, with its `~N`
/// and `^N` suffixes; returns the leaf and what follows it.
fn lex_phrase<'a>(
    query: &str,
    rest: &'a str,
    field: SearchField,
) -> Result<(Expr, &'a str), QueryError> {
    let open = rest.chars().next().map_or(0, char::len_utf8);
    let body = &rest[open..];
    let Some(close) = body.find(is_close_quote) else {
        return Err(QueryError::LoneQuote {
            at: query.len() - rest.len(),
        });
    };
    let phrase = &body[..close];
    let close_len = body[close..].chars().next().map_or(1, char::len_utf8);
    let mut after = &body[close + close_len..];
    let mut slop = 0;
    if let Some(tail) = after.strip_prefix('~') {
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        slop = tail[..digits]
            .parse()
            .unwrap_or(if digits == 0 { 0 } else { u32::MAX });
        after = &tail[digits..];
    }
    let mut boost = None;
    if let Some(tail) = after.strip_prefix('^') {
        let len = tail.len()
            - tail
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .len();
        if let Ok(factor) = tail[..len].parse::<f32>() {
            if factor.is_finite() {
                boost = Some(factor);
                after = &tail[len..];
            }
        }
    }
    if phrase
        .split_whitespace()
        .any(|word| exact(word).is_ok_and(|w| w.is_some()))
    {
        return Err(QueryError::ExactInPhrase {
            phrase: phrase.to_string(),
        });
    }
    let leaf = match field {
        SearchField::Date => date_leaf(phrase)?,
        _ => on_path(Expr::Match {
            field,
            pattern: Pattern::Phrase {
                text: phrase.to_string(),
                slop,
            },
        }),
    };
    Ok((boosted(leaf, boost), after))
}

/// `chunk` is a run of text up to a space, a parenthesis or a quote; `rest`
/// is what follows, which a field prefix (`title:"…"`, `date:[a TO b]`) may
/// take more from.
fn lex_chunk<'a>(
    query: &'a str,
    chunk: &str,
    rest: &mut &'a str,
    tokens: &mut Vec<Token>,
) -> Result<(), QueryError> {
    let field = chunk
        .split_once(':')
        .and_then(|(name, value)| SearchField::from_name(name).map(|f| (f, value)));
    let Some((field, value)) = field else {
        tokens.push(word_token(chunk)?);
        return Ok(());
    };
    if value.is_empty() {
        // The field's value is what follows: a phrase or a group. A field
        // name with nothing after its colon (`title:` at the end, `speaker:
        // rutte` with a space) is a slip to point out, for every field
        // alike: searching the field's name as a word instead would answer
        // a question nobody asked.
        match rest.chars().next() {
            Some(c) if is_open_quote(c) => {
                let (leaf, after) = lex_phrase(query, rest, field)?;
                tokens.push(Token::Leaf(leaf));
                *rest = after;
            }
            Some('(') if field != SearchField::Date => {
                tokens.push(Token::OpenIn(field));
                *rest = &rest[1..];
            }
            _ => {
                // `title: opec`: the word after the space was most likely
                // meant as the value, so the hint can write the query out.
                let next = rest
                    .split(|c: char| c.is_whitespace() || c == ')')
                    .find(|w| !w.is_empty())
                    .filter(|w| !w.contains(':') && !matches!(*w, "AND" | "OR" | "NOT"))
                    .map(str::to_string);
                return Err(QueryError::NoValue {
                    field: chunk.trim_end_matches(':').to_string(),
                    next,
                });
            }
        }
        return Ok(());
    }
    if field == SearchField::Date && (value.starts_with('[') || value.starts_with('{')) {
        // A range holds spaces (`[a TO b]`): read on to its closing bracket.
        let start = query.len() - rest.len() - value.len();
        let tail = &query[start..];
        let Some(close) = tail.find([']', '}']) else {
            return Err(QueryError::BadRange {
                range: tail.to_string(),
                reason: "it has no closing ] or }".to_string(),
            });
        };
        let range = &tail[..=close];
        let after = &tail[close + 1..];
        let suffix_end = after.find(is_break).unwrap_or(after.len());
        let (suffix, after) = after.split_at(suffix_end);
        let (_, boost) = split_boost(&format!("x{suffix}"));
        tokens.push(Token::Leaf(boosted(date_range(range)?, boost)));
        *rest = after;
        return Ok(());
    }
    tokens.push(Token::Leaf(field_leaf(field, value)?));
    Ok(())
}

/// A bare chunk: a word, or `*`, or a word with a suffix.
fn word_token(chunk: &str) -> Result<Token, QueryError> {
    Ok(match leaf(SearchField::Any, chunk)? {
        Expr::Match {
            pattern: Pattern::Words(word),
            ..
        } => Token::Word(word),
        expr => Token::Leaf(expr),
    })
}

fn field_leaf(field: SearchField, value: &str) -> Result<Expr, QueryError> {
    if field == SearchField::Date {
        let (value, boost) = split_boost(value);
        return Ok(boosted(date_leaf(value)?, boost));
    }
    leaf(field, value).map(on_path)
}

/// A `folder:` search as the search of the path it is: a name is the paths
/// that start with it and a slash, a prefix or a pattern names folders
/// the same way, and `folder:*` is every path with a folder. A fuzzy
/// folder is searched as its name.
fn on_path(expr: Expr) -> Expr {
    let path = |pattern| Expr::Match {
        field: SearchField::Path,
        pattern,
    };
    match expr {
        Expr::Match {
            field: SearchField::Folder,
            pattern,
        } => path(match pattern {
            Pattern::Words(name) | Pattern::Exact(name) | Pattern::Phrase { text: name, .. } => {
                Pattern::Prefix(format!("{name}/"))
            }
            Pattern::Fuzzy { word, .. } => Pattern::Prefix(format!("{word}/")),
            Pattern::Prefix(start) => {
                Pattern::Regex(format!("{}[^/]*/.*", regex_syntax::escape(&start)))
            }
            Pattern::Regex(folders) => Pattern::Regex(format!("(?:{folders})/.*")),
        }),
        Expr::Has(SearchField::Folder) => path(Pattern::Regex("[^/]*/.*".to_string())),
        Expr::Boost(inner, factor) => Expr::Boost(Box::new(on_path(*inner)), factor),
        other => other,
    }
}

/// The operand a chunk names in `field`: `*`, `/regex/`, `word*`,
/// `word~N`, or words, each with an optional `^boost`.
fn leaf(field: SearchField, chunk: &str) -> Result<Expr, QueryError> {
    let (value, boost) = split_boost(chunk);
    let expr = if value == "*" {
        if field == SearchField::Any {
            Expr::All
        } else {
            Expr::Has(field)
        }
    } else if value.len() >= 3 && value.starts_with('/') && value.ends_with('/') {
        Expr::Match {
            field,
            pattern: Pattern::Regex(value[1..value.len() - 1].to_string()),
        }
    } else if let Some(word) = exact(value)? {
        Expr::Match {
            field,
            pattern: Pattern::Exact(word.to_string()),
        }
    } else if let Some((word, distance)) = fuzzy(value)? {
        Expr::Match {
            field,
            pattern: Pattern::Fuzzy {
                word: word.to_string(),
                distance,
            },
        }
    } else if value.len() > 1 && value.ends_with('*') && !value.trim_end_matches('*').is_empty() {
        Expr::Match {
            field,
            pattern: Pattern::Prefix(value.trim_end_matches('*').to_string()),
        }
    } else {
        Expr::Match {
            field,
            pattern: Pattern::Words(value.to_string()),
        }
    };
    Ok(boosted(expr, boost))
}

/// `=word`: the word, or `None` when the text does not start with `=`
/// and a letter or digit (`=` alone, or `==>` pasted from somewhere, is
/// punctuation, which searches nothing).
pub(super) fn exact(value: &str) -> Result<Option<&str>, QueryError> {
    let Some(word) = value.strip_prefix('=') else {
        return Ok(None);
    };
    if !word.chars().next().is_some_and(char::is_alphanumeric) {
        return Ok(None);
    }
    if word.ends_with('*') || fuzzy(word)?.is_some() {
        return Err(QueryError::ExactPattern {
            word: value.to_string(),
        });
    }
    Ok(Some(word))
}

/// `word~` and `word~N`: the word and the distance. `~` alone allows one
/// edit in words of up to five letters and two in longer ones, as typos
/// grow with length. Text with `~` elsewhere is not fuzzy.
fn fuzzy(value: &str) -> Result<Option<(&str, u8)>, QueryError> {
    let Some((word, distance)) = value.rsplit_once('~') else {
        return Ok(None);
    };
    if word.is_empty() || !word.chars().all(char::is_alphanumeric) {
        return Ok(None);
    }
    let distance = if distance.is_empty() {
        if word.chars().count() <= 5 {
            1
        } else {
            2
        }
    } else {
        match distance.parse::<u8>() {
            Ok(d) if d <= MAX_FUZZY_DISTANCE => d,
            Ok(_) => {
                return Err(QueryError::FuzzyDistance {
                    word: value.to_string(),
                })
            }
            Err(_) => return Ok(None),
        }
    };
    Ok(Some((word, distance)))
}

/// Splits a trailing `^2` or `^1.5` off; a caret followed by anything else
/// stays part of the text.
fn split_boost(text: &str) -> (&str, Option<f32>) {
    if let Some((head, factor)) = text.rsplit_once('^') {
        if let Ok(factor) = factor.parse::<f32>() {
            if factor.is_finite() && factor >= 0.0 && !head.is_empty() {
                return (head, Some(factor));
            }
        }
    }
    (text, None)
}

fn boosted(expr: Expr, boost: Option<f32>) -> Expr {
    match boost {
        Some(factor) => Expr::Boost(Box::new(expr), factor),
        None => expr,
    }
}

/// `date:` followed by a period, `*`, or a comparison (`>=2024-12`).
fn date_leaf<'a>(value: &'a str) -> Result<Expr, QueryError> {
    let value = value.trim();
    if value == "*" {
        return Ok(Expr::Has(SearchField::Date));
    }
    // `2016..2018`, as other search tools write a range: both ends
    // included, an empty side open.
    if let Some((low, high)) = value.split_once("..") {
        let side = |v: &'a str| if v.is_empty() { "*" } else { v };
        return span_between(value, side(low), side(high), (true, true));
    }
    let period = |v: &str| Period::parse(v, DATE_CONTEXT);
    let span = if let Some(v) = value.strip_prefix(">=") {
        DateSpan {
            from: Some(period(v)?.start),
            until: None,
        }
    } else if let Some(v) = value.strip_prefix("<=") {
        DateSpan {
            from: None,
            until: Some(period(v)?.end),
        }
    } else if let Some(v) = value.strip_prefix('>') {
        DateSpan {
            from: Some(period(v)?.end),
            until: None,
        }
    } else if let Some(v) = value.strip_prefix('<') {
        DateSpan {
            from: None,
            until: Some(period(v)?.start),
        }
    } else {
        let p = period(value)?;
        DateSpan {
            from: Some(p.start),
            until: Some(p.end),
        }
    };
    Ok(Expr::Dates(span))
}

/// `[a TO b]` includes both periods, `{a TO b}` excludes both; `*` leaves
/// a side open. A range that holds no instant is refused: it can only be
/// a mistake.
fn date_range(range: &str) -> Result<Expr, QueryError> {
    let bad = |reason: &str| QueryError::BadRange {
        range: range.to_string(),
        reason: reason.to_string(),
    };
    let inclusive_low = range.starts_with('[');
    let inclusive_high = range.ends_with(']');
    let inner = &range[1..range.len() - 1];
    let words: Vec<&str> = inner.split_whitespace().collect();
    let [low, to, high] = words.as_slice() else {
        return Err(bad("write it as [FROM TO UNTIL]"));
    };
    if !to.eq_ignore_ascii_case("to") {
        return Err(bad("write it as [FROM TO UNTIL]"));
    }
    span_between(range, low, high, (inclusive_low, inclusive_high))
}

/// The instants from `low` to `high` (periods or `*`), each end's period
/// included or not; `range` is the text as written, for the error.
fn span_between(
    range: &str,
    low: &str,
    high: &str,
    (inclusive_low, inclusive_high): (bool, bool),
) -> Result<Expr, QueryError> {
    let period = |v: &str| Period::parse(v, DATE_CONTEXT);
    let from = match low {
        "*" => None,
        v if inclusive_low => Some(period(v)?.start),
        v => Some(period(v)?.end),
    };
    let until = match high {
        "*" => None,
        v if inclusive_high => Some(period(v)?.end),
        v => Some(period(v)?.start),
    };
    if let (Some(from), Some(until)) = (from, until) {
        if from >= until {
            return Err(QueryError::BadRange {
                range: range.to_string(),
                reason: "it ends before it starts".to_string(),
            });
        }
    }
    Ok(Expr::Dates(DateSpan { from, until }))
}

/// How an operand in a run of operands was marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Nothing: required, unless the run has `+` operands.
    None,
    /// `+`: required.
    Plus,
    /// `-`, `!` or `NOT`: excluded.
    Minus,
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Whether an operator other than an exclusion was read.
    operators: bool,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.pos + offset)
    }

    /// Whether the token at the cursor is an operator word or sign that
    /// stands between two operands (`OR`, `||`, `AND`, `&&`).
    fn infix_here(&self, word: &str, sign: &Token) -> bool {
        let here = match self.peek() {
            Some(Token::Word(w)) => w == word,
            Some(t) => t == sign,
            None => false,
        };
        let before = self.pos > 0 && self.tokens[self.pos - 1].ends_operand();
        let after = self.peek_at(1).is_some_and(Token::starts_operand);
        here && before && after
    }

    /// Whether `NOT` at the cursor is an operator: something follows it.
    fn not_here(&self) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w == "NOT")
            && self.peek_at(1).is_some_and(Token::starts_operand)
    }

    fn parse_or(&mut self, field: SearchField, depth: usize) -> Result<Option<Expr>, QueryError> {
        let mut alternatives = Vec::new();
        loop {
            if let Some(expr) = self.parse_and(field, depth)? {
                alternatives.push(expr);
            }
            if self.infix_here("OR", &Token::OrSign) {
                self.pos += 1;
                self.operators = true;
                continue;
            }
            break;
        }
        Ok(match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Expr::Or(alternatives)),
        })
    }

    /// A run of operands joined by `AND` or by being side by side, up to
    /// an `OR`, a closing parenthesis that belongs to a group, or the end.
    fn parse_and(&mut self, field: SearchField, depth: usize) -> Result<Option<Expr>, QueryError> {
        let mut parts: Vec<(Mark, Expr)> = Vec::new();
        // Operands joined by an explicit AND are required even in a run
        // with `+` operands.
        let mut joined = Vec::new();
        let mut join_next = false;
        loop {
            match self.peek() {
                None => break,
                Some(Token::Close) => {
                    if depth > 0 {
                        break;
                    }
                    // A stray closing parenthesis in pasted text.
                    self.pos += 1;
                    continue;
                }
                Some(_) if self.infix_here("OR", &Token::OrSign) => break,
                Some(_) if self.infix_here("AND", &Token::AndSign) => {
                    self.pos += 1;
                    self.operators = true;
                    if let Some(last) = parts.len().checked_sub(1) {
                        joined.push(last);
                    }
                    join_next = true;
                    continue;
                }
                Some(Token::AndSign | Token::OrSign) => {
                    self.pos += 1;
                    continue;
                }
                Some(_) => {}
            }
            let Some((mark, expr)) = self.parse_unary(field, depth)? else {
                continue;
            };
            if join_next {
                joined.push(parts.len());
                join_next = false;
            }
            parts.push((mark, expr));
        }
        Ok(combine(parts, &joined))
    }

    /// One operand with its marks: `+x`, `-x`, `!x`, `NOT x`, `NOT -x`.
    /// Marks are read in a loop, so a long run of them cannot nest deep.
    fn parse_unary(
        &mut self,
        field: SearchField,
        depth: usize,
    ) -> Result<Option<(Mark, Expr)>, QueryError> {
        let mut negations = 0usize;
        let mut plus = false;
        loop {
            match self.peek() {
                Some(Token::Plus) => {
                    plus = true;
                    self.operators = true;
                }
                Some(Token::Minus) => negations += 1,
                Some(Token::Word(_)) if self.not_here() => negations += 1,
                _ => break,
            }
            self.pos += 1;
        }
        let Some(expr) = self.parse_primary(field, depth)? else {
            return Ok(None);
        };
        Ok(Some(if negations % 2 == 1 {
            (Mark::Minus, expr)
        } else if plus {
            (Mark::Plus, expr)
        } else {
            (Mark::None, expr)
        }))
    }

    fn parse_primary(
        &mut self,
        field: SearchField,
        depth: usize,
    ) -> Result<Option<Expr>, QueryError> {
        let Some(token) = self.peek().cloned() else {
            return Ok(None);
        };
        self.pos += 1;
        match token {
            Token::Open | Token::OpenIn(_) => {
                let inner_field = match token {
                    Token::OpenIn(f) => f,
                    _ => field,
                };
                if depth + 1 > MAX_DEPTH {
                    return Err(QueryError::TooDeep { limit: MAX_DEPTH });
                }
                self.operators = true;
                let inner = self.parse_or(inner_field, depth + 1)?;
                // A group left open at the end closes there.
                if self.peek() == Some(&Token::Close) {
                    self.pos += 1;
                }
                let boost = self.group_boost();
                Ok(inner.map(|e| boosted(e, boost)))
            }
            Token::Word(word) => Ok(Some(in_field(leaf_word(&word), field))),
            Token::Leaf(expr) => Ok(Some(in_field(expr, field))),
            // Signs and closers with nothing to qualify: punctuation.
            Token::Close | Token::Plus | Token::Minus | Token::AndSign | Token::OrSign => Ok(None),
        }
    }

    /// `(a b)^2`: a boost glued to a closing parenthesis arrives as the
    /// next word, `^2`.
    fn group_boost(&mut self) -> Option<f32> {
        let Some(Token::Word(w)) = self.peek() else {
            return None;
        };
        let factor = w.strip_prefix('^')?.parse::<f32>().ok()?;
        if !factor.is_finite() || factor < 0.0 {
            return None;
        }
        self.pos += 1;
        Some(factor)
    }
}

/// A bare word as an operand (`AND`, `OR` and `NOT` that stand where no
/// operator can arrive here as words).
fn leaf_word(word: &str) -> Expr {
    Expr::Match {
        field: SearchField::Any,
        pattern: Pattern::Words(word.to_string()),
    }
}

/// Gives operands without a field of their own the field of the group
/// they stand in (`title:(a OR b)`).
fn in_field(expr: Expr, field: SearchField) -> Expr {
    if field == SearchField::Any {
        return expr;
    }
    on_path(match expr {
        Expr::Match {
            field: SearchField::Any,
            pattern,
        } => Expr::Match { field, pattern },
        Expr::All => Expr::Has(field),
        Expr::Boost(inner, factor) => Expr::Boost(Box::new(in_field(*inner, field)), factor),
        other => other,
    })
}

/// The tree for a run of marked operands (see [`Expr::Ranked`]).
fn combine(parts: Vec<(Mark, Expr)>, joined: &[usize]) -> Option<Expr> {
    let ranked = parts.iter().any(|(mark, _)| *mark == Mark::Plus);
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for (i, (mark, expr)) in parts.into_iter().enumerate() {
        match mark {
            Mark::Minus => required.push(Expr::Not(Box::new(expr))),
            Mark::None if ranked && !joined.contains(&i) => optional.push(expr),
            _ => required.push(expr),
        }
    }
    // A run is ranked only when a `+` operand, which is required, is in
    // it: with nothing required there is nothing optional either.
    let required = match required.len() {
        0 => return None,
        1 => required.pop()?,
        _ => Expr::And(required),
    };
    Some(if optional.is_empty() {
        required
    } else {
        Expr::Ranked {
            required: Box::new(required),
            optional,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Expr {
        Expr::Match {
            field: SearchField::Any,
            pattern: Pattern::Words(w.to_string()),
        }
    }

    fn not(e: Expr) -> Expr {
        Expr::Not(Box::new(e))
    }

    fn p(q: &str) -> Expr {
        parse(q).unwrap_or_else(|e| panic!("{q}: {e}"))
    }

    #[test]
    fn words_side_by_side_are_all_required() {
        assert_eq!(
            p("grid winter"),
            Expr::And(vec![word("grid"), word("winter")])
        );
    }

    #[test]
    fn and_not_is_a_negation_like_minus() {
        let expected = Expr::And(vec![word("cocoa"), not(word("coffee"))]);
        assert_eq!(p("cocoa AND NOT coffee"), expected);
        assert_eq!(p("cocoa NOT coffee"), expected);
        assert_eq!(p("cocoa -coffee"), expected);
        assert_eq!(p("cocoa && !coffee"), expected);
        assert_eq!(p("(cocoa) AND (NOT coffee)"), expected);
    }

    #[test]
    fn negation_inside_or_stays_a_negation() {
        assert_eq!(
            p("a (b OR -c)"),
            Expr::And(vec![word("a"), Expr::Or(vec![word("b"), not(word("c"))])])
        );
        assert_eq!(p("NOT a AND b"), Expr::And(vec![not(word("a")), word("b")]));
        assert_eq!(p("-a"), not(word("a")));
    }

    #[test]
    fn or_binds_looser_than_and() {
        assert_eq!(
            p("a OR b c"),
            Expr::Or(vec![word("a"), Expr::And(vec![word("b"), word("c")])])
        );
        assert_eq!(p("a || b"), Expr::Or(vec![word("a"), word("b")]));
    }

    #[test]
    fn plus_makes_the_unmarked_optional() {
        assert_eq!(
            p("+wind solar"),
            Expr::Ranked {
                required: Box::new(word("wind")),
                optional: vec![word("solar")],
            }
        );
        // Operands joined by AND are required beside a `+` one.
        assert_eq!(
            p("+wind solar AND grid -coal"),
            Expr::And(vec![
                word("wind"),
                word("solar"),
                word("grid"),
                not(word("coal")),
            ])
        );
    }

    #[test]
    fn operator_words_where_no_operator_can_stand_are_words() {
        assert_eq!(p("AND"), word("AND"));
        assert_eq!(p("OR cocoa"), Expr::And(vec![word("OR"), word("cocoa")]));
        assert_eq!(p("cocoa OR"), Expr::And(vec![word("cocoa"), word("OR")]));
        assert_eq!(p("cocoa NOT"), Expr::And(vec![word("cocoa"), word("NOT")]));
        assert_eq!(
            p("made IN china"),
            Expr::And(vec![word("made"), word("IN"), word("china")])
        );
        assert_eq!(
            p("rock and roll"),
            Expr::And(vec![word("rock"), word("and"), word("roll")])
        );
    }

    #[test]
    fn apostrophes_urls_and_brackets_are_text() {
        assert_eq!(p("Reagan's"), word("Reagan's"));
        assert_eq!(
            p("O'Neill d'Ivoire"),
            Expr::And(vec![word("O'Neill"), word("d'Ivoire")])
        );
        assert_eq!(p("http://www.reuters.com"), word("http://www.reuters.com"));
        assert_eq!(p("<KLY>"), word("<KLY>"));
        assert_eq!(
            p("\"reagan's budget\""),
            Expr::Match {
                field: SearchField::Any,
                pattern: Pattern::Phrase {
                    text: "reagan's budget".into(),
                    slop: 0
                }
            }
        );
    }

    #[test]
    fn pasted_punctuation_searches() {
        assert_eq!(
            p("prices fell - analysts said"),
            p("prices fell analysts said")
        );
        assert_eq!(p("(cocoa"), word("cocoa"));
        assert_eq!(p("cocoa)"), word("cocoa"));
        assert_eq!(
            p("cocoa ) ( coffee"),
            Expr::And(vec![word("cocoa"), word("coffee")])
        );
    }

    #[test]
    fn a_quote_never_closed_is_an_error() {
        assert!(matches!(
            parse("\"cocoa"),
            Err(QueryError::LoneQuote { at: 0 })
        ));
        assert!(matches!(
            parse("cocoa \""),
            Err(QueryError::LoneQuote { at: 6 })
        ));
    }

    #[test]
    fn curly_quotes_make_phrases() {
        assert_eq!(p("\u{201C}interest rates\u{201D}"), p("\"interest rates\""));
    }

    #[test]
    fn fields_are_read_in_any_case() {
        let title = |w: &str| Expr::Match {
            field: SearchField::Title,
            pattern: Pattern::Words(w.to_string()),
        };
        assert_eq!(p("Title:cocoa"), title("cocoa"));
        assert_eq!(p("TITLE:cocoa"), title("cocoa"));
        assert_eq!(
            p("title:(cocoa OR coffee)"),
            Expr::Or(vec![title("cocoa"), title("coffee")])
        );
        assert_eq!(p("editor:smith"), word("editor:smith"));
    }

    #[test]
    fn outlet_author_and_lang_are_fields_that_need_a_value() {
        let field = |field, w: &str| Expr::Match {
            field,
            pattern: Pattern::Words(w.to_string()),
        };
        assert_eq!(p("Outlet:reuters"), field(SearchField::Outlet, "reuters"));
        assert_eq!(p("authors:smith"), field(SearchField::Author, "smith"));
        assert_eq!(p("LANGUAGE:en-GB"), field(SearchField::Lang, "en-GB"));
        assert_eq!(p("author:*"), Expr::Has(SearchField::Author));
        for empty in ["lang:", "wind outlet:", "author: smith", "-lang:"] {
            assert!(
                matches!(parse(empty), Err(QueryError::NoValue { .. })),
                "{empty}: {:?}",
                parse(empty)
            );
        }
        assert_eq!(
            p("author:(lee OR chen)"),
            Expr::Or(vec![
                field(SearchField::Author, "lee"),
                field(SearchField::Author, "chen")
            ])
        );
    }

    #[test]
    fn every_field_name_with_nothing_after_its_colon_is_refused_alike() {
        for name in [
            "title", "lead", "body", "speaker", "speakers", "path", "date", "folder", "outlet",
            "author", "authors", "lang", "language", "Title",
        ] {
            assert!(SearchField::from_name(name).is_some(), "{name}");
            for query in [
                format!("{name}:"),
                format!("wind {name}:"),
                format!("{name}: wind"),
                format!("-{name}:"),
                format!("({name}:)"),
            ] {
                match parse(&query) {
                    Err(QueryError::NoValue { field, .. }) => assert_eq!(field, name, "{query}"),
                    other => panic!("{query}: {other:?}"),
                }
            }
            // With a value right after the colon it parses (a date needs
            // one that reads as a date).
            let value = if name == "date" { "2024-12" } else { "wind" };
            assert!(parse(&format!("{name}:{value}")).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_value_after_a_space_is_offered_back_in_the_hint() {
        let next = |query: &str| match parse(query) {
            Err(QueryError::NoValue { next, .. }) => next,
            other => panic!("{query}: {other:?}"),
        };
        assert_eq!(next("title: opec"), Some("opec".to_string()));
        assert_eq!(next("(speaker: rutte)"), Some("rutte".to_string()));
        assert_eq!(next("title:"), None);
        assert_eq!(next("title: OR wind"), None);
        assert_eq!(next("title: speaker:rutte"), None);
    }

    #[test]
    fn a_word_that_is_not_a_field_keeps_its_colon_as_part_of_the_text() {
        assert_eq!(p("http:"), word("http:"));
        assert!(parse("note: wind").is_ok());
    }

    #[test]
    fn field_stars_ask_whether_the_field_has_a_value() {
        assert_eq!(p("title:*"), Expr::Has(SearchField::Title));
        assert_eq!(p("speaker:*"), Expr::Has(SearchField::Speakers));
        assert_eq!(p("date:*"), Expr::Has(SearchField::Date));
        assert_eq!(p("*"), Expr::All);
    }

    #[test]
    fn suffixes_make_prefixes_fuzzy_words_and_boosts() {
        let any = |pattern| Expr::Match {
            field: SearchField::Any,
            pattern,
        };
        assert_eq!(p("heatwav*"), any(Pattern::Prefix("heatwav".into())));
        assert_eq!(
            p("volcer~"),
            any(Pattern::Fuzzy {
                word: "volcer".into(),
                distance: 2
            })
        );
        assert_eq!(
            p("wind~1"),
            any(Pattern::Fuzzy {
                word: "wind".into(),
                distance: 1
            })
        );
        assert_eq!(
            p("wind~"),
            any(Pattern::Fuzzy {
                word: "wind".into(),
                distance: 1
            })
        );
        assert!(matches!(
            parse("wind~3"),
            Err(QueryError::FuzzyDistance { .. })
        ));
        assert_eq!(p("wind^2"), Expr::Boost(Box::new(word("wind")), 2.0));
        assert_eq!(
            p("(wind solar)^2"),
            Expr::Boost(Box::new(Expr::And(vec![word("wind"), word("solar")])), 2.0)
        );
        assert_eq!(p("/volc.*/"), any(Pattern::Regex("volc.*".into())));
    }

    #[test]
    fn phrases_take_a_slop() {
        assert_eq!(
            p("\"interest rates\"~3"),
            Expr::Match {
                field: SearchField::Any,
                pattern: Pattern::Phrase {
                    text: "interest rates".into(),
                    slop: 3
                }
            }
        );
    }

    fn at(s: &str) -> Option<DateTime<Utc>> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn dates_become_spans() {
        assert_eq!(
            p("date:1987-03"),
            Expr::Dates(DateSpan {
                from: at("1987-03-01T00:00:00Z"),
                until: at("1987-04-01T00:00:00Z"),
            })
        );
        assert_eq!(
            p("date:[1987-03-01 TO 1987-03-15]"),
            Expr::Dates(DateSpan {
                from: at("1987-03-01T00:00:00Z"),
                until: at("1987-03-16T00:00:00Z"),
            })
        );
        assert_eq!(
            p("date:{1987-03-01 TO *}"),
            Expr::Dates(DateSpan {
                from: at("1987-03-02T00:00:00Z"),
                until: None,
            })
        );
        assert_eq!(
            p("date:<1987"),
            Expr::Dates(DateSpan {
                from: None,
                until: at("1987-01-01T00:00:00Z"),
            })
        );
    }

    #[test]
    fn two_dots_are_a_range_with_both_ends_included() {
        assert_eq!(p("date:1987..1988-06"), p("date:[1987 TO 1988-06]"));
        assert_eq!(p("date:1987-03-01.."), p("date:[1987-03-01 TO *]"));
        assert_eq!(p("date:..1987-03"), p("date:[* TO 1987-03]"));
        assert!(matches!(
            parse("date:1988..1987"),
            Err(QueryError::BadRange { range, .. }) if range == "1988..1987"
        ));
        assert!(matches!(
            parse("date:1987..march"),
            Err(QueryError::BadDate { .. })
        ));
    }

    #[test]
    fn impossible_dates_and_reversed_ranges_are_errors() {
        assert!(matches!(
            parse("date:1987-13"),
            Err(QueryError::BadDate { .. })
        ));
        assert!(matches!(
            parse("date:[1987-03-15 TO 1987-03-01]"),
            Err(QueryError::BadRange { .. })
        ));
        assert!(matches!(
            parse("date:[1987-03-15 TO"),
            Err(QueryError::BadRange { .. })
        ));
    }

    #[test]
    fn nesting_is_bounded_and_long_sign_runs_do_not_recurse() {
        let deep = format!(
            "{}wind{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert!(matches!(parse(&deep), Err(QueryError::TooDeep { .. })));
        let ok = format!("{}wind{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert_eq!(p(&ok), word("wind"));
        let nots = format!("{}wind", "NOT ".repeat(100_001));
        assert_eq!(p(&nots), not(word("wind")));
        let minuses = format!("{}wind", "-".repeat(100_000));
        assert_eq!(p(&minuses), word("wind"));
    }

    #[test]
    fn plain_words_are_told_from_queries_with_operators() {
        for plain in [
            "wind solar",
            "wind -solar",
            "title:wind solar",
            "\"wind farm\" solar",
        ] {
            assert!(parse_with_form(plain).unwrap().1, "{plain}");
        }
        for written in [
            "wind AND solar",
            "wind OR solar",
            "+wind solar",
            "(wind solar)",
            "wind && solar",
        ] {
            assert!(!parse_with_form(written).unwrap().1, "{written}");
        }
    }

    #[test]
    fn blank_and_punctuation_only_queries_are_empty() {
        assert!(matches!(parse("   "), Err(QueryError::Empty)));
        assert!(matches!(parse("( )"), Err(QueryError::Empty)));
    }
}
