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

use std::collections::VecDeque;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

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

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::SimpleTokenizer;

    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = NewsTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
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
    }
}
