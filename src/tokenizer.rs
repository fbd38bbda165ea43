//! The tokenizer of article text: words as tantivy's `SimpleTokenizer`
//! cuts them (runs of letters and digits), plus the compound tokens news
//! needs whole: decimal numbers (`1.5`, `1,250.75`), percentages (`3%`,
//! `1.5%`) and exchange tickers (`<KLY>`).
//!
//! A compound is added beside its parts, at the position of its first
//! part, never instead of them: `1.5` is indexed as `1.5`, `1` and `5`, so
//! the phrase `"1 5"` still finds it, while the query `1.5` asks for the
//! compound alone (see `search::compile`) and no longer matches `1-5/8`.
//! Words with apostrophes and hyphens stay split as before, so `company`
//! still finds "company's" and `march` "mid-March".
//!
//! Hand-written because no maintained tantivy tokenizer adds tokens beside
//! the simple ones; the word rule is the same as `SimpleTokenizer`'s, so
//! indexes keep their words.
//!
//! [`SharedTokens`] is the `news` and `forms` analyzers' front: it
//! remembers, a thread, the tokens of the last few texts it analysed.
//! tantivy analyses a document's fields one after the other on one writer
//! thread, and an article hands it the same texts many times: the title
//! to `title`, three times to `text` and to `title_exact`; the lead four
//! times; the body and each speaker to `text` and `exact`; a quote record
//! its words to `text` and `exact`. So most of the tokens an article
//! gives tantivy were cut before (BENCHMARKS.md, session 12). A text met
//! again is copied from the memo, its stems and forms included, instead
//! of being cut, lower-cased, folded and stemmed again.
//! The tokens are those of the plain chain (`NewsTokenizer`, then
//! `RemoveLongFilter`, `LowerCaser`, `AsciiFoldingFilter` and, for
//! `news`, `CachedStemmer`; `forms` pairs the words with their stems),
//! which `tests` compares it with on generated texts, repeats included.
//! Hand-written because tantivy's analyzers keep nothing between texts,
//! and pre-tokenized values would be cloned whole by the writer and
//! allocate a string a token.

use std::cell::RefCell;
use std::collections::VecDeque;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

use crate::stem::stem_run;

/// Longest ticker symbol between angle brackets.
const MAX_TICKER: usize = 12;

/// Words, and compound numbers and tickers beside them.
#[derive(Clone, Default)]
pub struct NewsTokenizer {
    token: Token,
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        self.token.reset();
        NewsTokenStream {
            text,
            cursor: 0,
            next_position: 0,
            compounds: VecDeque::new(),
            checked: None,
            token: &mut self.token,
        }
    }
}

/// The tokens of one text.
pub struct NewsTokenStream<'a> {
    text: &'a str,
    /// Where the scan for the next word starts.
    cursor: usize,
    /// The position the next word takes.
    next_position: usize,
    /// Compounds found at the current word, to emit before it, as byte
    /// ranges.
    compounds: VecDeque<(usize, usize)>,
    /// The word whose compounds were looked for last, by its first byte.
    checked: Option<usize>,
    token: &'a mut Token,
}

impl NewsTokenStream<'_> {
    fn emit(&mut self, from: usize, to: usize, position: usize) {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        self.token.position_length = 1;
    }

    /// Finds the compounds that start at `start`, the first byte of a
    /// word, or at the `<` before it.
    fn find_compounds(&mut self, start: usize) {
        let bytes = self.text.as_bytes();
        if start > 0 && bytes[start - 1] == b'<' {
            let inner = &bytes[start..];
            let len = inner
                .iter()
                .take(MAX_TICKER + 1)
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'.')
                .count();
            if (1..=MAX_TICKER).contains(&len) && inner.get(len) == Some(&b'>') {
                self.compounds.push_back((start - 1, start + len + 1));
            }
        }
        // A digit run after `1.` or `1,` is inside a number already seen.
        let inside_number = start >= 2
            && matches!(bytes[start - 1], b'.' | b',')
            && bytes[start - 2].is_ascii_digit();
        if !bytes[start].is_ascii_digit() || inside_number {
            return;
        }
        let digits = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut end = start + digits(start);
        let mut separated = false;
        while end + 1 < bytes.len()
            && matches!(bytes[end], b'.' | b',')
            && bytes[end + 1].is_ascii_digit()
        {
            end += 1 + digits(end + 1);
            separated = true;
        }
        if separated {
            self.compounds.push_back((start, end));
        }
        if bytes.get(end) == Some(&b'%') {
            self.compounds.push_back((start, end + 1));
        }
    }
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some((from, to)) = self.compounds.pop_front() {
            self.emit(from, to, self.next_position);
            return true;
        }
        let rest = &self.text[self.cursor..];
        let Some((offset, _)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric()) else {
            self.cursor = self.text.len();
            return false;
        };
        let start = self.cursor + offset;
        // A word begins: its compounds come first, at its position, and
        // the word on the next call.
        if self.checked != Some(start) {
            self.checked = Some(start);
            self.find_compounds(start);
            if let Some((from, to)) = self.compounds.pop_front() {
                self.emit(from, to, self.next_position);
                return true;
            }
        }
        let end = self.text[start..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(self.text.len(), |(i, _)| start + i);
        let position = self.next_position;
        self.emit(start, end, position);
        self.next_position += 1;
        self.cursor = end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Texts a thread remembers the tokens of: an article's title, lead and
/// body and five speakers.
const MEMO_TEXTS: usize = 8;

/// Longest text remembered; a longer one is cut every time, so a thread
/// never holds more than a few hundred KiB of tokens.
const MEMO_MAX_BYTES: usize = 1 << 16;

/// The `news` chain without its stemmer: what the `exact` fields index.
pub fn folding_chain() -> TextAnalyzer {
    TextAnalyzer::builder(NewsTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// What separates a stem from the form it was cut from in a token of the
/// `forms` analyzer (`attack attacks`). No token holds a space, so the
/// forms of one stem are the index words that start with the stem and it.
pub const FORM_SEPARATOR: char = ' ';

/// Each token of `text` as its stem and its folded form, as the `news`
/// and `forms` analyzers see it: what `=word` looks for.
pub fn stems_and_forms(text: &str) -> Vec<(String, String)> {
    let mut folded = Tokens::default();
    folded.cut(&mut folding_chain(), text, Kind::Folded);
    let mut stemmed = Tokens::default();
    folded.stem_into(&mut stemmed);
    let pairs = folded.places.iter().zip(&stemmed.places);
    pairs
        .map(|(form, stem)| {
            (
                stemmed.word(stem).to_string(),
                folded.word(form).to_string(),
            )
        })
        .collect()
}

/// Which tokens an analyzer gives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Folded, not stemmed: words as written.
    Folded,
    /// Folded and stemmed: the `news` analyzer.
    Stemmed,
    /// Only the words whose folded form is not their own stem, each as
    /// its stem, [`FORM_SEPARATOR`] and the form: the `forms` analyzer.
    Forms,
}

/// The folded (and, for `news`, stemmed) tokens of a text, remembered a
/// thread across analyzers (see the module documentation).
#[derive(Clone)]
pub struct SharedTokens {
    kind: Kind,
    tokens: Tokens,
    /// The token a stream shows, refilled at each step.
    current: Token,
}

impl SharedTokens {
    fn of(kind: Kind) -> SharedTokens {
        SharedTokens {
            kind,
            tokens: Tokens::default(),
            current: Token::default(),
        }
    }

    /// The `news` analyzer's tokens: folded and stemmed.
    pub fn stemmed() -> SharedTokens {
        SharedTokens::of(Kind::Stemmed)
    }

    /// Words as written: folded, not stemmed.
    pub fn folded() -> SharedTokens {
        SharedTokens::of(Kind::Folded)
    }

    /// The `forms` analyzer's tokens: a word whose form differs from its
    /// stem, as `stem form` (`rate rates`); a word that is its own stem
    /// gives none. What `=word` needs (see `schema.rs`) at a fraction of
    /// the postings of every form.
    pub fn forms() -> SharedTokens {
        SharedTokens::of(Kind::Forms)
    }
}

/// A token's place: its text in [`Tokens::words`], and the rest of it.
#[derive(Clone, Copy)]
struct Place {
    word: (usize, usize),
    offset_from: usize,
    offset_to: usize,
    position: usize,
    position_length: usize,
}

/// The tokens of one text, their words end to end in one string: copying
/// them is two copies of contiguous memory, where a list of `Token`s would
/// write to a string of its own a token, scattered over the heap (which
/// doubled the first-level cache misses of the build's writes under
/// cachegrind, BENCHMARKS.md session 12).
#[derive(Clone, Default)]
struct Tokens {
    words: String,
    places: Vec<Place>,
}

impl Tokens {
    fn clear(&mut self) {
        self.words.clear();
        self.places.clear();
    }

    fn push(&mut self, token: &Token, word: &str) {
        let start = self.words.len();
        self.words.push_str(word);
        self.places.push(Place {
            word: (start, self.words.len()),
            offset_from: token.offset_from,
            offset_to: token.offset_to,
            position: token.position,
            position_length: token.position_length,
        });
    }

    fn copy_from(&mut self, other: &Tokens) {
        self.words.clone_from(&other.words);
        self.places.clone_from(&other.places);
    }

    fn word(&self, place: &Place) -> &str {
        self.words
            .get(place.word.0..place.word.1)
            .unwrap_or_default()
    }

    /// Cuts `text` with `chain` into these tokens, of `kind`.
    fn cut(&mut self, chain: &mut TextAnalyzer, text: &str, kind: Kind) {
        self.clear();
        let mut stream = chain.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            self.push(token, &token.text);
        }
        if kind == Kind::Folded {
            return;
        }
        let folded = std::mem::take(self);
        let mut stemmed = Tokens::default();
        folded.stem_into(&mut stemmed);
        match kind {
            Kind::Stemmed => *self = stemmed,
            _ => folded.forms_into(&stemmed, self),
        }
    }

    /// These tokens stemmed, into `out`.
    fn stem_into(&self, out: &mut Tokens) {
        out.clear();
        let mut places = self.places.iter();
        stem_run(self.places.iter().map(|place| self.word(place)), |stem| {
            // One stem a word, in order: `places` runs beside them.
            let Some(place) = places.next() else {
                return;
            };
            let start = out.words.len();
            out.words.push_str(stem);
            out.places.push(Place {
                word: (start, out.words.len()),
                ..*place
            });
        });
    }

    /// The `forms` tokens of these folded tokens, whose stems are
    /// `stemmed`, into `out`.
    fn forms_into(&self, stemmed: &Tokens, out: &mut Tokens) {
        out.clear();
        for (place, stem_place) in self.places.iter().zip(&stemmed.places) {
            let (form, stem) = (self.word(place), stemmed.word(stem_place));
            if form == stem {
                continue;
            }
            let start = out.words.len();
            out.words.push_str(stem);
            out.words.push(FORM_SEPARATOR);
            out.words.push_str(form);
            out.places.push(Place {
                word: (start, out.words.len()),
                ..*place
            });
        }
    }
}

/// One remembered text.
#[derive(Default)]
struct Remembered {
    text: String,
    folded: Tokens,
    stemmed: Tokens,
    /// Whether `stemmed` holds this text's stems.
    has_stems: bool,
    forms: Tokens,
    /// Whether `forms` holds this text's forms.
    has_forms: bool,
}

/// A thread's remembered texts, replaced oldest first.
struct Memo {
    chain: TextAnalyzer,
    texts: Vec<Remembered>,
    oldest: usize,
}

impl Memo {
    /// Fills `out` with the tokens of `text`, of `kind`.
    fn tokens(&mut self, text: &str, kind: Kind, out: &mut Tokens) {
        if text.len() > MEMO_MAX_BYTES {
            out.cut(&mut self.chain, text, kind);
            return;
        }
        let at = match self.texts.iter().position(|r| r.text == text) {
            Some(at) => at,
            None => {
                let at = if self.texts.len() < MEMO_TEXTS {
                    self.texts.push(Remembered::default());
                    self.texts.len() - 1
                } else {
                    let at = self.oldest;
                    self.oldest = (self.oldest + 1) % MEMO_TEXTS;
                    at
                };
                let entry = &mut self.texts[at];
                entry.text.clear();
                entry.text.push_str(text);
                entry.folded.cut(&mut self.chain, text, Kind::Folded);
                entry.has_stems = false;
                entry.has_forms = false;
                at
            }
        };
        let entry = &mut self.texts[at];
        if kind == Kind::Folded {
            out.copy_from(&entry.folded);
            return;
        }
        if !entry.has_stems {
            entry.folded.stem_into(&mut entry.stemmed);
            entry.has_stems = true;
        }
        if kind == Kind::Stemmed {
            out.copy_from(&entry.stemmed);
            return;
        }
        if !entry.has_forms {
            entry.folded.forms_into(&entry.stemmed, &mut entry.forms);
            entry.has_forms = true;
        }
        out.copy_from(&entry.forms);
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo {
        chain: folding_chain(),
        texts: Vec::new(),
        oldest: 0,
    });
}

impl Tokenizer for SharedTokens {
    type TokenStream<'a> = SharedTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SharedTokenStream<'a> {
        let (kind, tokens) = (self.kind, &mut self.tokens);
        MEMO.with(|memo| match memo.try_borrow_mut() {
            Ok(mut memo) => memo.tokens(text, kind, tokens),
            // A stream opened while the memo is in use on this thread
            // (never by tantivy's writer, which reads a stream to its end
            // before it opens the next) is cut without it.
            Err(_) => tokens.cut(&mut folding_chain(), text, kind),
        });
        // `token()` before the first `advance()` reads a blank token, as
        // tantivy's own streams give.
        self.current.reset();
        SharedTokenStream {
            tokens: &self.tokens,
            current: &mut self.current,
            next: 0,
        }
    }
}

/// The tokens of one text, read from a [`SharedTokens`] buffer.
pub struct SharedTokenStream<'a> {
    tokens: &'a Tokens,
    current: &'a mut Token,
    next: usize,
}

impl TokenStream for SharedTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(place) = self.tokens.places.get(self.next) else {
            return false;
        };
        self.next += 1;
        let token = &mut *self.current;
        token.text.clear();
        token.text.push_str(self.tokens.word(place));
        token.offset_from = place.offset_from;
        token.offset_to = place.offset_to;
        token.position = place.position;
        token.position_length = place.position_length;
        true
    }

    fn token(&self) -> &Token {
        self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        self.current
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use tantivy::tokenizer::SimpleTokenizer;

    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        analyzed(&mut TextAnalyzer::from(NewsTokenizer::default()), text)
    }

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn decimals_and_percentages_are_added_beside_their_parts() {
        assert_eq!(
            tokens("rose 1.5 pct"),
            vec![
                ("rose".into(), 0, 0, 4),
                ("1.5".into(), 1, 5, 8),
                ("1".into(), 1, 5, 6),
                ("5".into(), 2, 7, 8),
                ("pct".into(), 3, 9, 12),
            ]
        );
        assert_eq!(words("up 3%"), ["up", "3%", "3"]);
        assert_eq!(words("1.5% more"), ["1.5", "1.5%", "1", "5", "more"]);
        assert_eq!(
            words("1,250.75 dlrs"),
            ["1,250.75", "1", "250", "75", "dlrs"]
        );
    }

    #[test]
    fn tickers_keep_their_brackets() {
        assert_eq!(
            words("Kelly Oil <KLY> said"),
            ["Kelly", "Oil", "<KLY>", "KLY", "said"]
        );
        assert_eq!(words("<BRK.A>"), ["<BRK.A>", "BRK", "A"]);
        // Not a ticker: nothing closes it, or it is too long.
        assert_eq!(words("a <b c>"), ["a", "b", "c"]);
        assert_eq!(words("<ABCDEFGHIJKLMN>"), ["ABCDEFGHIJKLMN"]);
    }

    #[test]
    fn fractions_ranges_and_sentence_ends_stay_split() {
        assert_eq!(words("1-5/8"), ["1", "5", "8"]);
        assert_eq!(words("in 1987. Then"), ["in", "1987", "Then"]);
        assert_eq!(
            words("company's mid-March"),
            ["company", "s", "mid", "March"]
        );
    }

    /// Each token of `text` as (text, position, offsets).
    pub(crate) fn analyzed(
        analyzer: &mut TextAnalyzer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    /// The plain chains the shared tokens stand for: tantivy's own
    /// stemmer, nothing remembered.
    fn plain_chains() -> (TextAnalyzer, TextAnalyzer) {
        let stemmed = TextAnalyzer::builder(NewsTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(tantivy::tokenizer::Stemmer::new(
                tantivy::tokenizer::Language::English,
            ))
            .build();
        (stemmed, folding_chain())
    }

    /// What the `forms` analyzer stands for, from the plain chains: the
    /// tokens whose stem differs from the word, as `stem form`.
    fn plain_forms(
        stemmed: &mut TextAnalyzer,
        folded: &mut TextAnalyzer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let stems = analyzed(stemmed, text);
        let forms = analyzed(folded, text);
        assert_eq!(stems.len(), forms.len(), "{text:?}");
        stems
            .into_iter()
            .zip(forms)
            .filter(|(stem, form)| stem.0 != form.0)
            .map(|(stem, form)| (format!("{} {}", stem.0, form.0), form.1, form.2, form.3))
            .collect()
    }

    /// Feeds `texts` in turn to the shared analyzers and the plain ones,
    /// each text to the analyzer `kinds[k]` picks, and compares.
    fn compare(texts: &[String], kinds: &[Kind]) {
        let (mut plain_stemmed, mut plain_folded) = plain_chains();
        // Two of each, as tantivy gives every field its own copy.
        let mut shared = [Kind::Stemmed, Kind::Folded, Kind::Forms].map(|kind| {
            [
                TextAnalyzer::from(SharedTokens::of(kind)),
                TextAnalyzer::from(SharedTokens::of(kind)),
            ]
        });
        for (k, text) in texts.iter().enumerate() {
            let kind = kinds[k % kinds.len()];
            let which = match kind {
                Kind::Stemmed => 0,
                Kind::Folded => 1,
                Kind::Forms => 2,
            };
            let plain = match kind {
                Kind::Stemmed => analyzed(&mut plain_stemmed, text),
                Kind::Folded => analyzed(&mut plain_folded, text),
                Kind::Forms => plain_forms(&mut plain_stemmed, &mut plain_folded, text),
            };
            assert_eq!(
                analyzed(&mut shared[which][k % 2], text),
                plain,
                "text {k} ({text:?}), {kind:?}"
            );
        }
    }

    #[test]
    fn an_articles_texts_met_again_give_the_plain_chains_tokens() {
        let title = "Rutte attacks 1.5% rise in <KLY> prices".to_string();
        let lead = "Ministers said flying costs were rising generously".to_string();
        let body = "The agreed plans' failings: running 1,250.75 dlrs.\nNew line".to_string();
        // As tantivy hands them over: title, lead, text (title three
        // times, lead twice, body), title_exact, lead_exact, exact.
        let order = [&title, &lead, &title, &title, &title, &lead, &lead, &body];
        let mut texts: Vec<String> = order.iter().map(|t| t.to_string()).collect();
        let mut kinds = vec![Kind::Stemmed; texts.len()];
        for t in [&title, &lead, &body] {
            texts.push(t.to_string());
            kinds.push(Kind::Forms);
        }
        compare(&texts, &kinds);
        let mut forms = TextAnalyzer::from(SharedTokens::forms());
        let words: Vec<String> = analyzed(&mut forms, &title)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            words,
            ["rutt rutte", "attack attacks", "kli kly", "price prices"]
        );
        assert_eq!(
            stems_and_forms("Attacks rise"),
            [
                ("attack".to_string(), "attacks".to_string()),
                ("rise".to_string(), "rise".to_string())
            ]
        );
    }

    #[test]
    fn texts_past_the_memo_and_long_texts_are_cut_as_ever() {
        let texts: Vec<String> = (0..3 * MEMO_TEXTS)
            .map(|n| format!("story {n} flies {}", "x".repeat(n % 3)))
            .chain(std::iter::once("agreed ".repeat(MEMO_MAX_BYTES / 7 + 10)))
            .collect();
        let twice: Vec<String> = texts.iter().chain(texts.iter().rev()).cloned().collect();
        compare(
            &twice,
            &[Kind::Stemmed, Kind::Folded, Kind::Forms, Kind::Folded],
        );
        compare(
            &["".to_string(), " ".to_string(), "".to_string()],
            &[Kind::Stemmed, Kind::Forms, Kind::Folded],
        );
    }

    #[test]
    fn a_blank_text_gives_no_token_and_a_blank_current_one() {
        let mut shared = SharedTokens::folded();
        let mut stream = shared.token_stream("");
        assert_eq!(stream.token().text, "");
        assert!(!stream.advance());
    }

    proptest::proptest! {
        /// Leave the compounds out and what remains is exactly what
        /// `SimpleTokenizer` makes, positions and offsets included: the
        /// words of an index do not change.
        #[test]
        fn without_compounds_the_words_are_simple_tokenizer_words(
            text in "[a-zA-Z0-9 .,%<>'\\-éü]{0,60}"
        ) {
            let ours: Vec<_> = tokens(&text)
                .into_iter()
                .filter(|t| t.0.chars().all(char::is_alphanumeric))
                .collect();
            let mut simple = SimpleTokenizer::default();
            let mut stream = simple.token_stream(&text);
            let mut theirs = Vec::new();
            while stream.advance() {
                let t = stream.token();
                theirs.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
            }
            proptest::prop_assert_eq!(ours, theirs);
        }

        /// Any run of texts, repeated in any order and asked for stemmed,
        /// folded or as forms, gives the plain chains' tokens, positions
        /// and offsets.
        #[test]
        fn shared_tokens_are_the_plain_chains_tokens(
            pool in proptest::collection::vec(
                "([A-Za-zÉéü0-9%.,<>' \\-]|running|flies|agreed|nation|1\\.5%){0,24}",
                1..12,
            ),
            order in proptest::collection::vec(0usize..12, 1..40),
            picks in proptest::collection::vec(0usize..3, 1..5),
        ) {
            let texts: Vec<String> = order.iter().map(|k| pool[k % pool.len()].clone()).collect();
            let kinds: Vec<Kind> = picks
                .iter()
                .map(|k| [Kind::Stemmed, Kind::Folded, Kind::Forms][*k])
                .collect();
            compare(&texts, &kinds);
        }
    }
}
