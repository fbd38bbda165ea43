//! English stemming for the `news` analyzer, remembering the stems it has
//! made: a drop-in for tantivy's `Stemmer` filter that gives the same
//! tokens.
//!
//! Why not tantivy's filter as it is: it runs the Snowball algorithm on
//! every token, and news text repeats its words (the title alone goes into
//! `text` three times, and a quote record's words were already stemmed
//! once in its article). In a profile of a 10,000-article build, the
//! stemmer was 14% of all the CPU time, more than parsing the articles
//! (BENCHMARKS.md, "Quote records"). A word's stem depends on nothing but
//! the word, so each analyzer keeps the stems of the first words it meets,
//! and a word met again costs one hash lookup. tantivy gives each writer
//! thread its own copy of each field's analyzer, so a table is never
//! shared and needs no lock; it starts empty with each segment.
//!
//! The table is bounded ([`MAX_REMEMBERED`] words): news vocabulary is
//! Zipfian, so the first words met include nearly all the frequent ones,
//! and a word beyond the bound is stemmed as tantivy would, every time.
//! The stemmer is the same `frostem` algorithm tantivy calls, so the terms
//! of an index do not change; `tests` compares the two on generated text.

use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words a table remembers: about 2 MB of words and stems at most, for
/// each field of each writer thread.
const MAX_REMEMBERED: usize = 1 << 15;

/// English stemming that remembers its stems (see the module
/// documentation).
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stems: Stems::default(),
        }
    }
}

/// The stems a filter has made, by word.
#[derive(Clone)]
struct Stems {
    stemmer: Stemmer,
    /// A word's stem, or `None` where the stem is the word itself (most
    /// words of news text, which then cost no second copy).
    known: FxHashMap<Box<str>, Option<Box<str>>>,
}

impl Default for Stems {
    fn default() -> Stems {
        Stems {
            stemmer: Stemmer::new(Algorithm::English),
            known: FxHashMap::default(),
        }
    }
}

impl Stems {
    /// Puts the stem of `token.text` in its place.
    fn stem(&mut self, token: &mut Token) {
        if left_alone(&token.text) {
            return;
        }
        if let Some(stem) = self.known.get(token.text.as_str()) {
            if let Some(stem) = stem {
                token.text.clear();
                token.text.push_str(stem);
            }
            return;
        }
        let stem = match self.stemmer.stem(&token.text) {
            Cow::Borrowed(same) if same.len() == token.text.len() => None,
            stem => Some(stem.into_owned()),
        };
        if self.known.len() < MAX_REMEMBERED {
            let word = token.text.as_str().into();
            self.known.insert(word, stem.as_deref().map(Box::from));
        }
        if let Some(stem) = stem {
            token.text = stem;
        }
    }
}

/// Whether the English algorithm gives `word` back unchanged, known
/// without running it or looking the word up: it stems nothing shorter
/// than three characters (its first test), and every suffix it removes or
/// rewrites, and every exception it lists, is made of the letters `a` to
/// `z` and the apostrophe, so a word with none of those (a figure such as
/// `1,250.75` or `3%`) keeps its form. About a quarter of the words of
/// the benchmark corpus are such words (`of`, `to`, `a`, figures: 24% of
/// the first 1,000 articles), and each costs no hash lookup.
fn left_alone(word: &str) -> bool {
    word.len() < 3
        || !word
            .bytes()
            .any(|byte| byte.is_ascii_lowercase() || byte == b'\'')
}

/// A tokenizer followed by [`CachedStemmer`].
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    stems: Stems,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

/// The tokens of one text, stemmed.
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut Stems,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stems.stem(self.tail.token_mut());
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenizer::NewsTokenizer;
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, TextAnalyzer,
    };

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    fn analyzers() -> (TextAnalyzer, TextAnalyzer) {
        let chain = || {
            TextAnalyzer::builder(NewsTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
        };
        (
            chain().filter(CachedStemmer).build(),
            chain()
                .filter(tantivy::tokenizer::Stemmer::new(Language::English))
                .build(),
        )
    }

    #[test]
    fn a_word_met_again_gets_the_stem_it_got_first() {
        let (mut cached, mut plain) = analyzers();
        let text = "Attacks attacked the attacking attackers; generously generous running runs";
        let first = tokens(&mut cached, text);
        assert_eq!(first, tokens(&mut plain, text));
        // The second time every word comes from the table.
        assert_eq!(tokens(&mut cached, text), first);
        assert_eq!(first[0].0, "attack");
    }

    #[test]
    fn words_past_the_bound_are_still_stemmed() {
        let (mut cached, mut plain) = analyzers();
        let many: Vec<String> = (0..MAX_REMEMBERED + 50)
            .map(|n| format!("w{n}ing"))
            .collect();
        let text = many.join(" ");
        assert_eq!(tokens(&mut cached, &text), tokens(&mut plain, &text));
        // Past the bound, as before it.
        let late = format!("{} {}", many[MAX_REMEMBERED + 10], "runnings");
        assert_eq!(tokens(&mut cached, &late), tokens(&mut plain, &late));
    }

    #[test]
    fn short_words_and_figures_keep_their_form_as_tantivys_stemmer_leaves_them() {
        let (mut cached, mut plain) = analyzers();
        let text = "is as us ys ss ed 's it's 1,250.75 3% 1990s 12th 0.5 <KLY> aa ye yes";
        assert_eq!(tokens(&mut cached, text), tokens(&mut plain, text));
        for word in ["is", "ed", "1,250.75", "3%", "2024"] {
            assert!(left_alone(word), "{word}");
        }
        // Letters, however few a figure has, go through the algorithm.
        for word in ["1990s", "12th", "yes", "it's", "ies"] {
            assert!(!left_alone(word), "{word}");
        }
    }

    proptest::proptest! {
        /// The same tokens as tantivy's own stemmer, over several texts
        /// through one analyzer (so the table is read as well as filled),
        /// words drawn from English endings the algorithm rewrites.
        #[test]
        fn the_tokens_are_tantivys_stemmer_tokens(
            texts in proptest::collection::vec(
                "((run|attack|general|nation|happi|fli|agre|sky|news|oil|price|cri)(s|es|ed|ing|ly|ness|ation|ational|ies|e|y|er|ers|ement)?[ ,.]{1,2}|[A-Za-zÉéü0-9%.<>]{1,12} |[0-9]{1,4}([.,][0-9]{1,3})?(%|s|th|'s)? |[a-zA-Z']{1,3} ){0,30}",
                1..6,
            )
        ) {
            let (mut cached, mut plain) = analyzers();
            for text in &texts {
                proptest::prop_assert_eq!(tokens(&mut cached, text), tokens(&mut plain, text));
            }
        }
    }
}
