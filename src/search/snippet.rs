//! The passage shown under a hit, with the matched words marked, and the
//! matched words of its title.
//!
//! The body's best passage comes first; the lead's when the body has no
//! match (a title-only hit); else the body's opening, so every hit shows
//! some text. A `speaker:` search marks the person's name in the body, so
//! its passage is where the article names them, most often beside what
//! they said. Passages are plain text with byte ranges, so each printer
//! marks them its own way.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::Query;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Term};

use crate::schema::{terms_of, NewsSchema};

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;

/// Snippet generators for the body and the lead, highlighting the words
/// the query looks for in `text` (which holds both), and the names it
/// looks for in `speakers`; rarer words weigh more in picking the passage,
/// as in tantivy's own generator. The weights are looked up once and
/// shared.
pub(super) fn generators(
    schema: &NewsSchema,
    searcher: &tantivy::Searcher,
    query: &dyn Query,
) -> tantivy::Result<Generators> {
    let mut text_terms = Vec::new();
    let mut title_words = BTreeSet::new();
    let mut speaker_words = Vec::new();
    query.query_terms(&mut |term, _| {
        let field = term.field();
        let value = term.value();
        let Some(word) = value.as_str() else {
            return;
        };
        if field == schema.text {
            text_terms.push(term.clone());
            title_words.insert(word.to_string());
        } else if field == schema.title {
            title_words.insert(word.to_string());
        } else if field == schema.speakers {
            speaker_words.push(word.to_string());
        }
    });
    // A name is indexed unstemmed in `speakers`; the body's words are
    // stemmed, so the name is looked for as the body spells it.
    let mut news = searcher.index().tokenizer_for_field(schema.text)?;
    for word in &speaker_words {
        for stem in terms_of(&mut news, word) {
            text_terms.push(Term::from_field_text(schema.text, &stem));
        }
    }
    let mut weights = BTreeMap::new();
    for term in text_terms {
        let value = term.value();
        let Some(word) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(&term)?;
        if doc_freq > 0 {
            weights.insert(word.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    let first_bytes: Vec<u8> = weights
        .keys()
        .chain(&title_words)
        .filter_map(|w| w.bytes().next())
        .collect();
    let tokenizer = NewsSchema::snippet_analyzer(&first_bytes);
    let lead = SnippetGenerator::new(
        weights.clone(),
        tokenizer.clone(),
        schema.lead,
        SNIPPET_CHARS,
    );
    let body = SnippetGenerator::new(weights, tokenizer.clone(), schema.body, SNIPPET_CHARS);
    Ok(Generators {
        body,
        lead,
        title_words,
        analyzer: tokenizer,
    })
}

/// What one query needs to mark its hits.
pub(super) struct Generators {
    body: SnippetGenerator,
    lead: SnippetGenerator,
    /// The words to mark in titles, as the index spells them.
    title_words: BTreeSet<String>,
    /// The analyzer that spells them so.
    analyzer: TextAnalyzer,
}

impl Generators {
    /// The byte ranges of `title` that hold a word the query looks for in
    /// titles (or in every field), in order, overlaps merged.
    pub(super) fn title_highlights(&self, title: &str) -> Vec<[usize; 2]> {
        if self.title_words.is_empty() {
            return Vec::new();
        }
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(title);
        let mut ranges: Vec<[usize; 2]> = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if self.title_words.contains(&token.text) {
                ranges.push([token.offset_from, token.offset_to]);
            }
        }
        ranges.sort_unstable();
        let mut merged: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
        for [start, end] in ranges {
            match merged.last_mut() {
                Some(last) if start <= last[1] => last[1] = last[1].max(end),
                _ => merged.push([start, end]),
            }
        }
        merged
    }

    /// The passage to show for an article, and the byte ranges to mark.
    pub(super) fn snippet(&self, body: &str, lead: Option<&str>) -> (String, Vec<[usize; 2]>) {
        pick_snippet(
            self.body.snippet(body),
            || lead.map(|lead| self.lead.snippet(lead)),
            body,
        )
    }
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
    use proptest::prelude::*;

    /// Words whose stems are not a prefix of the word, or fold or change
    /// case, beside plain ones: the cases a first-letter shortcut could get
    /// wrong.
    const WORDS: [&str; 24] = [
        "dying",
        "die",
        "skies",
        "sky",
        "lying",
        "happy",
        "happiness",
        "generously",
        "ugly",
        "early",
        "news",
        "Ähnlich",
        "Álvarez",
        "alvarez",
        "ÉCOLE",
        "école",
        "said",
        "says",
        "running",
        "runner",
        "x",
        "Dying",
        "SKY",
        "über",
    ];

    /// The full `news` analyzer, as the index uses it.
    fn full_analyzer() -> tantivy::tokenizer::TextAnalyzer {
        let index = tantivy::Index::create_in_ram(NewsSchema::new().schema);
        NewsSchema::register_tokenizers(&index);
        index.tokenizer_for_field(NewsSchema::new().text).unwrap()
    }

    proptest! {
        #[test]
        fn gated_analyzer_marks_what_the_full_analyzer_marks(
            text in proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 0..60),
            query in proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 1..4),
        ) {
            let text = text.join(" ");
            let mut full = full_analyzer();
            // The query's terms, as the index spells them.
            let weights: BTreeMap<String, Score> = query
                .iter()
                .flat_map(|word| terms_of(&mut full, word))
                .map(|term| (term, 1.0))
                .collect();
            let first_bytes: Vec<u8> = weights.keys().filter_map(|w| w.bytes().next()).collect();
            let field = NewsSchema::new().body;
            let plain = SnippetGenerator::new(weights.clone(), full, field, SNIPPET_CHARS);
            let gated = SnippetGenerator::new(
                weights,
                NewsSchema::snippet_analyzer(&first_bytes),
                field,
                SNIPPET_CHARS,
            );
            let (a, b) = (plain.snippet(&text), gated.snippet(&text));
            prop_assert_eq!(a.fragment(), b.fragment());
            prop_assert_eq!(a.highlighted(), b.highlighted());
        }
    }

    #[test]
    fn opening_cuts_at_a_word_boundary() {
        assert_eq!(opening("alpha beta gamma", 8), "alpha");
        assert_eq!(opening("short", 8), "short");
    }
}
