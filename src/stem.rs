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
//! the word, so each thread keeps the stems of the first words it meets,
//! and a word met again costs one lookup.
//!
//! Why a table of its own rather than a hash map of strings: the map this
//! replaced (`FxHashMap<Box<str>, Option<Box<str>>>`) read three places
//! in memory a lookup (the control bytes, the entry, the word it points
//! to, and the stem when there was one), each a cache miss beside the
//! postings writer's tables, and compared the words with a `memcmp` call;
//! a profile of the 100k build gave it 7% of the CPU and tripled
//! `memcmp` (BENCHMARKS.md, session 12). Here a word of up to
//! [`INLINE`] bytes is kept in its slot with its stem, 32 bytes aligned to
//! 32, so a lookup reads one cache line and compares two integers. Longer
//! words (a few in a thousand) are stemmed every time.
//!
//! The table is one a thread (tantivy's writer threads each index with
//! their own copies of the analyzers, and every field's copy on a thread
//! now shares it), it grows from 1,024 slots, so a query that stems three
//! words touches 32 KiB, and it is bounded ([`MAX_REMEMBERED`] words, 2
//! MiB): news vocabulary is Zipfian, so the first words met include nearly
//! all the frequent ones, and a word beyond the bound is stemmed as
//! tantivy would, every time. The stemmer is the same `frostem` algorithm
//! tantivy calls, so the terms of an index do not change; `tests` compares
//! the two on generated text.
//!
//! The words of a text are looked up as a run ([`stem_run`]), each slot
//! asked of memory a few words before it is read (an `unsafe` intrinsic
//! call, but only a hint: nothing is read through the pointer).

use std::borrow::Cow;
use std::cell::RefCell;

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Longest word (in bytes) a slot holds; its length takes the 16th byte.
const INLINE: usize = 15;

/// Words a table remembers: a table is then half full, at 65,536 slots of
/// 32 bytes.
const MAX_REMEMBERED: usize = 1 << 15;

/// Slots of a new table.
const FIRST_SLOTS: usize = 1 << 10;

/// The last byte of a slot's stem when the stem is the word itself (most
/// words of news text), so nothing is copied back.
const SAME: u8 = 0xFF;

/// English stemming that remembers its stems (see the module
/// documentation).
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

thread_local! {
    static STEMS: RefCell<Stems> = RefCell::new(Stems::default());
}

/// How many words ahead [`stem_run`] asks for a slot.
const AHEAD: usize = 8;

/// Stems each of `words` (lower-cased, folded) as [`stem_in_place`] would,
/// handing `out` each stem in order.
///
/// A run of words is where the table's cost can be hidden: a lookup is
/// one read at a random place in 2 MiB, which the postings writer's own
/// tables keep out of the caches, so nearly every first word of a text
/// waits on memory (a profile of the 100k build put 84% of this table's
/// time on that one read). Here the slot of the word [`AHEAD`] places on
/// is asked for before this word's is read, so the reads overlap. In the
/// same profile, stemming fell from 8.5% to 5.5% of the samples.
pub fn stem_run<'w, I>(words: I, mut out: impl FnMut(&str))
where
    I: Iterator<Item = &'w str> + Clone,
{
    let mut ahead = words.clone().skip(AHEAD);
    let mut word = String::new();
    STEMS.with(|stems| {
        let mut stems = stems.try_borrow_mut().ok();
        for next in words {
            if let (Some(stems), Some(later)) = (&stems, ahead.next()) {
                stems.prefetch(later);
            }
            word.clear();
            word.push_str(next);
            if !left_alone(&word) {
                stem_with(stems.as_deref_mut(), &mut word);
            }
            out(&word);
        }
    });
}

/// Puts the English stem of `word` (lower-cased, folded) in its place, as
/// tantivy's `Stemmer` filter would.
pub fn stem_in_place(word: &mut String) {
    if left_alone(word) {
        return;
    }
    STEMS.with(|stems| stem_with(stems.try_borrow_mut().ok().as_deref_mut(), word));
}

/// Stems `word` through the thread's table (`stems`) when it could be
/// borrowed. Nothing a lookup calls stems, so the table is never found
/// borrowed; were it, the word is stemmed without it, not a panic.
fn stem_with(stems: Option<&mut Stems>, word: &mut String) {
    match stems {
        Some(stems) => stems.stem(word),
        None => Stems::default().stem_uncached(word),
    }
}

/// A word and its stem, each as 16 bytes whose last is the length (the
/// stem's is [`SAME`] when it is the word). A word's length is at least 3
/// (see [`left_alone`]), so an empty slot, all zeroes, matches no word.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(32))]
struct Slot {
    word: Packed,
    stem: Packed,
}

/// Up to [`INLINE`] bytes of text and, last, their count.
type Packed = [u8; 16];

const EMPTY: Packed = [0; 16];

/// The stems a thread has made, by word.
struct Stems {
    stemmer: Stemmer,
    slots: Vec<Slot>,
    /// Words held.
    held: usize,
}

impl Default for Stems {
    fn default() -> Stems {
        Stems {
            stemmer: Stemmer::new(Algorithm::English),
            slots: Vec::new(),
            held: 0,
        }
    }
}

impl Stems {
    /// Puts the stem of `word` in its place.
    fn stem(&mut self, word: &mut String) {
        let Some(key) = pack(word) else {
            self.stem_uncached(word);
            return;
        };
        if let Some(at) = self.find(&key) {
            let stem = &self.slots[at].stem;
            let len = usize::from(stem[15]);
            // Always UTF-8 (it was packed from a `String`); SAME is no length.
            if let Some(text) = stem.get(..len).and_then(|b| std::str::from_utf8(b).ok()) {
                word.clear();
                word.push_str(text);
            }
            return;
        }
        self.stem_uncached(word);
        let stem = if *word.as_bytes() == key[..usize::from(key[15])] {
            let mut same = EMPTY;
            same[15] = SAME;
            Some(same)
        } else {
            pack(word)
        };
        if let Some(stem) = stem {
            self.insert(Slot { word: key, stem });
        }
    }

    fn stem_uncached(&self, word: &mut String) {
        let stem = match self.stemmer.stem(word) {
            Cow::Borrowed(same) if same.len() == word.len() => return,
            stem => stem.into_owned(),
        };
        *word = stem;
    }

    /// Asks for the slot where the lookup of `word` starts, without
    /// waiting for it.
    fn prefetch(&self, word: &str) {
        if self.slots.is_empty() || left_alone(word) {
            return;
        }
        if let Some(key) = pack(word) {
            let slot = &self.slots[home(&key, self.slots.len())];
            prefetch_read(std::ptr::from_ref(slot).cast());
        }
    }

    /// The slot holding `key`, if the table has it.
    fn find(&self, key: &Packed) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = home(key, self.slots.len());
        loop {
            let slot = &self.slots[at];
            if slot.word == *key {
                return Some(at);
            }
            if slot.word == EMPTY {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, slot: Slot) {
        if self.held >= MAX_REMEMBERED {
            return;
        }
        // At most half full, so a probe ends soon at an empty slot.
        if (self.held + 1) * 2 > self.slots.len() {
            self.grow();
        }
        put(&mut self.slots, slot);
        self.held += 1;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(FIRST_SLOTS);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.word != EMPTY) {
            put(&mut self.slots, slot);
        }
    }
}

/// Puts `slot` in the first free slot from its word's home.
fn put(slots: &mut [Slot], slot: Slot) {
    let mask = slots.len() - 1;
    let mut at = home(&slot.word, slots.len());
    while slots[at].word != EMPTY {
        at = (at + 1) & mask;
    }
    slots[at] = slot;
}

/// Where a word's probe starts in a table of `size` slots (a power of
/// two): the high bits of a multiplicative hash of its two halves.
fn home(key: &Packed, size: usize) -> usize {
    let (low, high) = key.split_at(8);
    let half = |bytes: &[u8]| {
        let mut word = [0u8; 8];
        word.copy_from_slice(bytes);
        u64::from_le_bytes(word)
    };
    let hash = (half(low) ^ half(high).wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (hash >> (64 - size.trailing_zeros())) as usize
}

/// Starts reading the cache line at `at` into the nearest cache. Reading
/// ahead is only a hint: nothing is read through the pointer.
#[cfg(target_arch = "x86_64")]
fn prefetch_read(at: *const i8) {
    use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
    // SAFETY: every x86-64 processor has SSE, and a prefetch reads nothing
    // a program can see: it never faults, whatever the address.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(at) };
}

#[cfg(not(target_arch = "x86_64"))]
fn prefetch_read(_at: *const i8) {}

/// `text` with its length in the last byte, if it fits.
fn pack(text: &str) -> Option<Packed> {
    let bytes = text.as_bytes();
    if bytes.len() > INLINE {
        return None;
    }
    let mut packed = EMPTY;
    packed[..bytes.len()].copy_from_slice(bytes);
    packed[15] = bytes.len() as u8;
    Some(packed)
}

/// Whether the English algorithm gives `word` back unchanged, known
/// without running it or looking the word up: it stems nothing shorter
/// than three characters (its first test), and every suffix it removes or
/// rewrites, and every exception it lists, is made of the letters `a` to
/// `z` and the apostrophe, so a word with none of those (a figure such as
/// `1,250.75` or `3%`) keeps its form. About a quarter of the words of
/// the benchmark corpus are such words (`of`, `to`, `a`, figures: 24% of
/// the first 1,000 articles), and each costs no lookup.
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
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The tokens of one text, stemmed.
pub struct CachedStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_in_place(&mut self.tail.token_mut().text);
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
    use crate::tokenizer::tests::analyzed as tokens;
    use crate::tokenizer::NewsTokenizer;
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, TextAnalyzer,
    };

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
    fn a_run_of_words_gets_the_stems_of_words_one_at_a_time() {
        let words: Vec<String> = "the generals nationally attacked running runs attacks \
            happiness 1.5% it's flies cries agreed skies generously oil prices"
            .split(' ')
            .cycle()
            .take(3 * AHEAD + 5)
            .map(str::to_string)
            .collect();
        let mut run = Vec::new();
        stem_run(words.iter().map(String::as_str), |stem| {
            run.push(stem.to_string())
        });
        let one_at_a_time: Vec<String> = words
            .iter()
            .map(|word| {
                let mut word = word.clone();
                stem_in_place(&mut word);
                word
            })
            .collect();
        assert_eq!(run, one_at_a_time);
        assert_eq!(run[1], "general");
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
    fn words_about_the_inline_bound_and_a_grown_table_keep_the_algorithms_stems() {
        let (mut cached, mut plain) = analyzers();
        // 13 to 22 bytes: each side of the 15 a slot holds.
        let long = "generalization generalizations internationally \
            internationalization nationalisations conditionalities \
            sensationalizing professionalism";
        assert_eq!(tokens(&mut cached, long), tokens(&mut plain, long));
        assert_eq!(tokens(&mut cached, long), tokens(&mut plain, long));
        // Enough words to grow the table from its first size four times,
        // then all of them again, read from the table.
        let many: Vec<String> = (0..FIRST_SLOTS * 8)
            .map(|n| format!("w{n}ational"))
            .collect();
        let text = many.join(" ");
        let first = tokens(&mut cached, &text);
        assert_eq!(first, tokens(&mut plain, &text));
        assert_eq!(tokens(&mut cached, &text), first);
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
