//! The analyzer that finds a query's words in the text of a hit, for its
//! snippet and its title's marks.
//!
//! It must give each word the term the index gave it (the `news` analyzer,
//! `schema::register_tokenizers`), but it runs on the whole text of every
//! hit shown, in every query process, where the index's analyzer spends
//! most of its time lower-casing, folding and stemming words the query
//! does not hold. Two filters of its own cut that work: [`StemGate`] lets
//! through only the words that can stem to a term the query looks for, and
//! [`MemoStemmer`] stems each distinct word once (a hit repeats its
//! subject's words). Both are hand-written because tantivy has no
//! equivalent; the stemming itself stays tantivy's. The tests compare the
//! result with the index's analyzer.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::tokenizer::NewsTokenizer;

/// The `news` analyzer for marking text, when only the words that can stem
/// to one of `terms` matter. A skipped word comes out with empty text,
/// which matches no term, at its place and offsets.
pub(super) fn analyzer<'t>(terms: impl IntoIterator<Item = &'t str>) -> TextAnalyzer {
    TextAnalyzer::builder(NewsTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(StemGate::new(terms))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer::default())
        .build()
}

/// Empties the text of tokens that cannot stem to one of a set of terms,
/// so the filters after it have nothing to do for them (see
/// [`analyzer`]). Offsets are kept, so matches are
/// still marked where they are.
///
/// It rests on one property of the Snowball English stemmer: a word's stem
/// keeps the word's first two letters (lower-cased), or is a one-letter
/// prefix of it. The stemmer rewrites only endings, inside a region that
/// starts at the third letter at the earliest, or after a vowel it keeps;
/// its `y` to `i` rule needs a consonant before the `y` that is not the
/// first letter. Its exceptions keep the first two letters too (`skies` to
/// `sky`) but three: `dying`, `lying` and `tying` become `die`, `lie` and
/// `tie`, so a second letter `y` also passes for a stem whose second letter
/// is `i`. A word that starts with a byte outside ASCII always passes, and
/// so does one whose second byte is outside ASCII, when its first letter
/// fits, since folding may make either ASCII. Tests check the property on
/// every word of the project's corpora and on generated words.
#[derive(Clone)]
struct StemGate {
    /// First bytes of the terms.
    first: [bool; 256],
    /// First bytes of the terms of one byte.
    single: [bool; 256],
    /// First two bytes of the longer terms.
    pairs: Vec<[u8; 2]>,
}

impl StemGate {
    /// A gate for words that may stem to one of `terms`.
    fn new<'t>(terms: impl IntoIterator<Item = &'t str>) -> StemGate {
        let mut gate = StemGate {
            first: [false; 256],
            single: [false; 256],
            pairs: Vec::new(),
        };
        for term in terms {
            match *term.as_bytes() {
                [] => {}
                [b0] => {
                    gate.first[usize::from(b0)] = true;
                    gate.single[usize::from(b0)] = true;
                }
                [b0, b1, ..] => {
                    gate.first[usize::from(b0)] = true;
                    if !gate.pairs.contains(&[b0, b1]) {
                        gate.pairs.push([b0, b1]);
                    }
                }
            }
        }
        gate
    }

    /// Whether `word`, as the tokenizer cut it (before lower-casing), may
    /// stem to one of the terms.
    fn passes(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let Some(&b0) = bytes.first() else {
            return false;
        };
        if !b0.is_ascii() {
            return true;
        }
        let b0 = b0.to_ascii_lowercase();
        if !self.first[usize::from(b0)] {
            return false;
        }
        let Some(&b1) = bytes.get(1) else {
            return true;
        };
        if !b1.is_ascii() || self.single[usize::from(b0)] {
            return true;
        }
        let b1 = b1.to_ascii_lowercase();
        self.pairs
            .iter()
            .any(|&[p0, p1]| p0 == b0 && (p1 == b1 || (b1 == b'y' && p1 == b'i')))
    }
}

impl TokenFilter for StemGate {
    type Tokenizer<T: Tokenizer> = StemGateFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemGateFilter<T> {
        StemGateFilter { gate: self, inner }
    }
}

#[derive(Clone)]
struct StemGateFilter<T> {
    gate: StemGate,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemGateFilter<T> {
    type TokenStream<'a> = StemGateStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemGateStream {
            gate: &self.gate,
            inner: self.inner.token_stream(text),
        }
    }
}

struct StemGateStream<'a, S> {
    gate: &'a StemGate,
    inner: S,
}

impl<S: TokenStream> TokenStream for StemGateStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        if !self.gate.passes(&token.text) {
            token.text.clear();
        }
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// tantivy's English stemmer, applied once to each distinct word. The
/// memory lasts as long as the analyzer: one query.
#[derive(Clone, Default)]
struct MemoStemmer {
    stems: FxHashMap<String, String>,
}

/// Past this many words the memory is cleared, so that a query over huge
/// hits cannot grow it without bound.
const MEMO_WORDS: usize = 16_384;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            stems: self.stems,
            one_word: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            inner,
        }
    }
}

#[derive(Clone)]
struct MemoStemmerFilter<T> {
    stems: FxHashMap<String, String>,
    /// tantivy's stemmer, over a text that is one word.
    one_word: TextAnalyzer,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            stems: &mut self.stems,
            one_word: &mut self.one_word,
            inner: self.inner.token_stream(text),
        }
    }
}

struct MemoStemmerStream<'a, S> {
    stems: &'a mut FxHashMap<String, String>,
    one_word: &'a mut TextAnalyzer,
    inner: S,
}

impl<S: TokenStream> TokenStream for MemoStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        if token.text.is_empty() {
            return true;
        }
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let mut stream = self.one_word.token_stream(&token.text);
        let stem = if stream.advance() {
            stream.token().text.clone()
        } else {
            String::new()
        };
        drop(stream);
        if self.stems.len() >= MEMO_WORDS {
            self.stems.clear();
        }
        let word = std::mem::replace(&mut token.text, stem.clone());
        self.stems.insert(word, stem);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::schema::{terms_of, NewsSchema};

    /// The index's analyzer.
    fn full_analyzer() -> TextAnalyzer {
        let index = tantivy::Index::create_in_ram(NewsSchema::new().schema);
        NewsSchema::register_tokenizers(&index);
        index.tokenizer_for_field(NewsSchema::new().text).unwrap()
    }

    /// Each word of `text` as the news tokenizer cuts it (before any
    /// filter changes it), with the term the index makes of it.
    fn words_and_terms(full: &mut TextAnalyzer, text: &str) -> Vec<(String, String)> {
        let mut cut = TextAnalyzer::builder(NewsTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .build();
        let (mut words, mut terms) = (cut.token_stream(text), full.token_stream(text));
        let mut pairs = Vec::new();
        while words.advance() {
            assert!(terms.advance());
            let (word, term) = (words.token(), terms.token());
            assert_eq!(
                (word.offset_from, word.offset_to),
                (term.offset_from, term.offset_to)
            );
            pairs.push((word.text.clone(), term.text.clone()));
        }
        assert!(!terms.advance());
        pairs
    }

    /// Whether a gate built from the term a word is indexed as lets the
    /// word through: what marking relies on.
    fn passes_own_term((word, term): &(String, String)) -> bool {
        StemGate::new([term.as_str()]).passes(word)
    }

    #[test]
    fn every_word_of_the_project_corpora_passes_the_gate_of_its_terms() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut full = full_analyzer();
        let mut pairs = BTreeSet::new();
        for folder in ["sample_corpus", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(folder)) {
                let entry = entry.unwrap();
                if !entry.file_type().is_file() {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).unwrap();
                pairs.extend(words_and_terms(&mut full, &String::from_utf8_lossy(&bytes)));
            }
        }
        assert!(pairs.len() > 5_000, "only {} distinct words", pairs.len());
        let failed: Vec<_> = pairs.iter().filter(|pair| !passes_own_term(pair)).collect();
        assert!(failed.is_empty(), "the gate stops {failed:?}");
    }

    #[test]
    fn the_stemmer_exceptions_pass() {
        let mut full = full_analyzer();
        let text = "dying Lying TYING skies news early aing ies";
        for pair in words_and_terms(&mut full, text) {
            assert!(passes_own_term(&pair), "{pair:?}");
        }
    }

    #[test]
    fn words_that_cannot_stem_to_a_term_are_stopped() {
        let gate = StemGate::new(["cocoa", "x"]);
        assert!(gate.passes("Cocoa"));
        assert!(gate.passes("COCOAS"));
        // Only two letters are checked: these go on to the stemmer.
        assert!(gate.passes("coffee"));
        assert!(!gate.passes("sugar"));
        assert!(!gate.passes("cane"));
        assert!(!gate.passes("Cyprus"));
        assert!(gate.passes("xylophone"));
        assert!(gate.passes("Çocoa"));
    }

    fn analysed(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            out.push((token.text.clone(), token.offset_from, token.offset_to));
        }
        out
    }

    proptest! {
        #[test]
        fn generated_words_pass_the_gate_of_their_terms(
            word in "[a-zA-Z]{1,3}[aeiouy]?[a-z]{0,6}(ing|ingly|ed|edly|ies|ied|y|ly|li|s|ss|sses|ational|ization|fulness)?",
        ) {
            let mut full = full_analyzer();
            for pair in words_and_terms(&mut full, &word) {
                prop_assert!(passes_own_term(&pair), "{:?}", pair);
            }
        }

        #[test]
        fn marking_finds_the_terms_the_index_finds(
            text in proptest::collection::vec("[a-zA-Z]{1,2}[a-z]{0,8}(ing|ed|ies|y|s)?", 0..40),
            query in proptest::collection::vec("[a-zA-Z]{1,2}[a-z]{0,8}(ing|ed|ies|y|s)?", 1..4),
        ) {
            let text = text.join(" ");
            let mut full = full_analyzer();
            let terms: BTreeSet<String> = query.iter().flat_map(|w| terms_of(&mut full, w)).collect();
            let mut marking = analyzer(terms.iter().map(String::as_str));
            // Twice over the same analyzer, so that the second pass reads
            // the stems it remembered.
            for _ in 0..2 {
                let expected: Vec<_> = analysed(&mut full, &text)
                    .into_iter()
                    .filter(|(term, _, _)| terms.contains(term))
                    .collect();
                let found: Vec<_> = analysed(&mut marking, &text)
                    .into_iter()
                    .filter(|(term, _, _)| terms.contains(term))
                    .collect();
                prop_assert_eq!(expected, found);
            }
        }
    }

    #[test]
    fn decimals_are_marked_whole() {
        let mut marking = analyzer(["1.5"]);
        let tokens = analysed(&mut marking, "rose 1.5 pct");
        assert!(tokens.contains(&("1.5".to_string(), 5, 8)), "{tokens:?}");
    }
}
