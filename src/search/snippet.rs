//! The passage shown under a hit, with the matched words marked, and the
//! matched words of its title.
//!
//! The body's best passage comes first; the lead's when the body has no
//! match (a title-only hit); else the body's opening, so every hit shows
//! some text. A `speaker:` search marks the person's name in the body, so
//! its passage is where the article names them, most often beside what
//! they said. Passages are plain text with byte ranges, so each printer
//! marks them its own way.
//!
//! The passage is found as tantivy's `SnippetGenerator` finds it (windows
//! of at most [`SNIPPET_BYTES`] cut at the word that would overflow them,
//! each scored by the rarity of the words it holds, the best and then the
//! earliest kept), by a loop of its own: tantivy's allocates a lower-cased
//! copy of every word of every hit and looks it up in a `BTreeMap`, which
//! was a tenth of a one-query process. A test compares the two on
//! generated texts.
//!
//! `=rates` asks for one form of a stem: a word whose stem the query looks
//! for is then marked only in a form the query names (see [`Forms`]).

use std::collections::BTreeSet;
use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::query::Query;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Term};

use super::marking;
use crate::schema::{terms_of, NewsSchema};

/// Longest passage, in bytes.
const SNIPPET_BYTES: usize = 220;

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
    let mut forms = Vec::new();
    let exact_fields = [schema.exact, schema.title_exact, schema.lead_exact];
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
        } else if exact_fields.contains(&field) {
            forms.push(word.to_string());
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
    let mut weights = FxHashMap::default();
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
    let analyzer = marking::analyzer(weights.keys().chain(&title_words).map(String::as_str));
    let mut passages = Passages::new(weights, analyzer, SNIPPET_BYTES);
    passages.forms = Forms::new(&mut news, forms);
    Ok(Generators {
        passages,
        title_words,
    })
}

/// What one query needs to mark its hits.
pub(super) struct Generators {
    passages: Passages,
    /// The words to mark in titles, as the index spells them.
    title_words: BTreeSet<String>,
}

impl Generators {
    /// The byte ranges of `title` that hold a word the query looks for in
    /// titles (or in every field), in order, overlaps merged.
    pub(super) fn title_highlights(&mut self, title: &str) -> Vec<[usize; 2]> {
        if self.title_words.is_empty() {
            return Vec::new();
        }
        let mut stream = self.passages.analyzer.token_stream(title);
        let mut ranges: Vec<[usize; 2]> = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if self.title_words.contains(&token.text)
                && self
                    .passages
                    .forms
                    .allows(&token.text, &title[token.offset_from..token.offset_to])
            {
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

    /// The byte ranges of a whole `text` (an article's body, for the
    /// server's article view) that hold a word the query looks for, in
    /// order: the words a snippet of it would mark.
    pub(super) fn text_highlights(&mut self, text: &str) -> Vec<[usize; 2]> {
        let passages = &mut self.passages;
        let mut stream = passages.analyzer.token_stream(text);
        let mut ranges: Vec<[usize; 2]> = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if weight_of(&passages.weights, &token.text).is_some()
                && passages
                    .forms
                    .allows(&token.text, &text[token.offset_from..token.offset_to])
            {
                match ranges.last_mut() {
                    Some(last) if token.offset_from <= last[1] => {
                        last[1] = last[1].max(token.offset_to)
                    }
                    _ => ranges.push([token.offset_from, token.offset_to]),
                }
            }
        }
        ranges
    }

    /// The passage to show for an article, and the byte ranges to mark:
    /// the body's around the matches; else the lead's (analysed only then,
    /// since tokenizing and stemming it is wasted work otherwise); else the
    /// body's opening.
    pub(super) fn snippet(&mut self, body: &str, lead: Option<&str>) -> (String, Vec<[usize; 2]>) {
        let passages = &mut self.passages;
        let chosen = match passages.best(body) {
            Some(passage) => Some((passage, body)),
            None => lead.and_then(|lead| passages.best(lead).map(|passage| (passage, lead))),
        };
        shown(chosen, body)
    }
}

/// A passage of a text: its byte range and the ranges of its marked words,
/// relative to the text.
#[derive(Debug, PartialEq)]
struct Passage {
    range: Range<usize>,
    marks: Vec<Range<usize>>,
}

/// The forms `=word` asks for, by stem: a word whose stem is here is
/// marked only in one of its forms. Empty for most queries, which then pay
/// nothing.
#[derive(Default)]
struct Forms {
    by_stem: FxHashMap<String, Vec<String>>,
    /// Lower-cases and folds one word, as the index spells forms.
    folding: Option<TextAnalyzer>,
}

impl Forms {
    /// `forms` as the unstemmed fields spell them; `stemming` is the
    /// index's analyzer, which gives their stems.
    fn new(stemming: &mut TextAnalyzer, forms: Vec<String>) -> Forms {
        if forms.is_empty() {
            return Forms::default();
        }
        let mut by_stem: FxHashMap<String, Vec<String>> = FxHashMap::default();
        for form in forms {
            for stem in terms_of(stemming, &form) {
                by_stem.entry(stem).or_default().push(form.clone());
            }
        }
        Forms {
            by_stem,
            folding: Some(NewsSchema::folding()),
        }
    }

    /// Whether `written`, a word whose stem is `stem`, may be marked.
    fn allows(&mut self, stem: &str, written: &str) -> bool {
        let (Some(forms), Some(folding)) = (self.by_stem.get(stem), self.folding.as_mut()) else {
            return true;
        };
        terms_of(folding, written)
            .first()
            .is_some_and(|form| forms.contains(form))
    }
}

/// Finds the best passage of a text for a set of weighted terms.
struct Passages {
    weights: FxHashMap<String, Score>,
    analyzer: TextAnalyzer,
    max_bytes: usize,
    forms: Forms,
}

impl Passages {
    fn new(weights: FxHashMap<String, Score>, analyzer: TextAnalyzer, max_bytes: usize) -> Self {
        Passages {
            weights,
            analyzer,
            max_bytes,
            forms: Forms::default(),
        }
    }

    /// The window with the highest sum of weights (the earliest of equal
    /// ones), or `None` when no term occurs in `text`.
    fn best(&mut self, text: &str) -> Option<Passage> {
        let mut best: Option<(Score, Passage)> = None;
        let mut score: Score = 0.0;
        let mut window = Passage {
            range: 0..0,
            marks: Vec::new(),
        };
        let mut stream = self.analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            if token.offset_to - window.range.start > self.max_bytes {
                let next = Passage {
                    range: token.offset_from..token.offset_from,
                    marks: Vec::new(),
                };
                let full = std::mem::replace(&mut window, next);
                if score > 0.0 && best.as_ref().is_none_or(|(top, _)| score > *top) {
                    best = Some((score, full));
                }
                score = 0.0;
            }
            window.range.end = token.offset_to;
            if let Some(weight) = weight_of(&self.weights, &token.text).filter(|_| {
                self.forms
                    .allows(&token.text, &text[token.offset_from..token.offset_to])
            }) {
                score += weight;
                window.marks.push(token.offset_from..token.offset_to);
            }
        }
        if score > 0.0 && best.as_ref().is_none_or(|(top, _)| score > *top) {
            best = Some((score, window));
        }
        best.map(|(_, passage)| passage)
    }
}

/// The weight of an analysed word, if it is a term looked for. The
/// analyzer lower-cases already, but folding comes after it; the word is
/// looked up lower-cased, as tantivy's generator does.
fn weight_of(weights: &FxHashMap<String, Score>, word: &str) -> Option<Score> {
    if word.is_empty() {
        return None;
    }
    // Outside ASCII, lower-casing may change letters that are not
    // capitals (title-case ones), so such a word always goes through it.
    if !word.is_ascii() || word.bytes().any(|b| b.is_ascii_uppercase()) {
        weights.get(&word.to_lowercase()).copied()
    } else {
        weights.get(word).copied()
    }
}

/// The passage chosen (with the text it is in), else the body's opening,
/// so every hit shows some text; paragraph breaks made spaces.
fn shown(chosen: Option<(Passage, &str)>, body_text: &str) -> (String, Vec<[usize; 2]>) {
    match chosen {
        Some((passage, text)) => {
            let start = passage.range.start;
            let highlights = passage
                .marks
                .iter()
                .map(|r| [r.start - start, r.end - start])
                .collect();
            (flatten_lines(&text[passage.range]), highlights)
        }
        None => (flatten_lines(opening(body_text, SNIPPET_BYTES)), Vec::new()),
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
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use tantivy::snippet::SnippetGenerator;

    use super::*;

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

    /// The passage tantivy's own generator picks with the index's
    /// analyzer, and the one `Passages` picks with the marking analyzer.
    fn both_passages(
        text: &str,
        query: &[String],
        weight: impl Fn(usize) -> Score,
        max_bytes: usize,
    ) -> (Option<Passage>, Option<Passage>) {
        let mut full = full_analyzer();
        // The query's terms, as the index spells them, weighed as rarer
        // or commoner words would be.
        let weights: BTreeMap<String, Score> = query
            .iter()
            .flat_map(|word| terms_of(&mut full, word))
            .enumerate()
            .map(|(i, term)| (term, weight(i)))
            .collect();
        let field = NewsSchema::new().body;
        let mut plain = SnippetGenerator::new(weights.clone(), full, field, max_bytes);
        plain.set_max_num_chars(max_bytes);
        let snippet = plain.snippet(text);
        let expected = (!snippet.highlighted().is_empty()).then(|| {
            let range = snippet.fragment_range();
            let marks = snippet
                .highlighted()
                .iter()
                .map(|r| r.start + range.start..r.end + range.start)
                .collect();
            Passage { range, marks }
        });
        let marking = marking::analyzer(weights.keys().map(String::as_str));
        let mut ours = Passages::new(weights.into_iter().collect(), marking, max_bytes);
        // Twice, so that the second reads the stems the first remembered.
        let first = ours.best(text);
        assert_eq!(first, ours.best(text));
        (expected, first)
    }

    proptest! {
        #[test]
        fn passages_are_the_ones_tantivy_picks(
            text in proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 0..80),
            query in proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 1..4),
            weights in proptest::collection::vec(1u8..4, 4),
            max_bytes in 10usize..120,
        ) {
            let query: Vec<String> = query.into_iter().map(String::from).collect();
            let weight = |i: usize| 1.0 / Score::from(weights[i % weights.len()]);
            let (expected, found) = both_passages(&text.join(" "), &query, weight, max_bytes);
            prop_assert_eq!(expected, found);
        }

        #[test]
        fn passages_of_generated_words_are_the_ones_tantivy_picks(
            text in proptest::collection::vec("[a-zA-Z]{1,2}[a-z]{0,7}(ing|ed|ies|y|s)?[.,]?", 0..120),
            query in proptest::collection::vec("[a-zA-Z]{1,2}[a-z]{0,7}(ing|ed|ies|y|s)?", 1..4),
        ) {
            let (expected, found) = both_passages(&text.join(" "), &query, |_| 0.5, SNIPPET_BYTES);
            prop_assert_eq!(expected, found);
        }
    }

    #[test]
    fn passages_agree_on_the_project_corpora() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
        let query: Vec<String> = ["wind", "minister", "said", "energy", "Rutte"]
            .map(String::from)
            .to_vec();
        let mut compared = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for n in 1..=query.len() {
                let (expected, found) = both_passages(
                    &text,
                    &query[..n],
                    |i| 1.0 / (2.0 + i as Score),
                    SNIPPET_BYTES,
                );
                assert_eq!(expected, found, "{}", entry.path().display());
                compared += 1;
            }
        }
        assert!(compared > 50, "only {compared} texts");
    }

    #[test]
    fn opening_cuts_at_a_word_boundary() {
        assert_eq!(opening("alpha beta gamma", 8), "alpha");
        assert_eq!(opening("short", 8), "short");
    }
}
