//! "Did you mean": for a query that matched nothing, the archive's words
//! nearest to the words it does not know.
//!
//! A word of the query that no article has is looked up in the index's
//! own words within one edit, else two for words longer than five letters
//! (a swap of neighbouring letters is one); of the commonest few, those
//! nearest to the word as typed are offered first. The index holds stems
//! (`volcker`, `inflat`), and a person should be offered a word they can
//! type: each stem is spelled back as an article wrote it, taken from the
//! first article that has it. That costs one stored document per
//! suggestion, and is only done when there were no hits to show.
//!
//! The words within reach are found by walking the term dictionary with
//! the edit-distance table as the automaton's state ([`EditRows`]),
//! hand-written rather than taken from `levenshtein_automata` (which the
//! fuzzy query uses): that crate precomputes every state of a distance's
//! automaton before its first use, milliseconds at distance 2, paid again
//! by every `newsidx query` process, while the table costs only what the
//! walk visits. It counts bytes, so a letter outside ASCII counts as two
//! edits here; a suggestion is a hint, not a match.

use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use std::collections::BTreeMap;

use tantivy::schema::Field;
use tantivy_fst::Automaton;

use super::compile::words_accepted;
use super::syntax::SearchField;

use crate::schema::{terms_of, NewsSchema};

/// Suggestions for one unknown word, at most.
const PER_WORD: usize = 3;

/// Candidates for one word spelled out and ranked, the commonest first:
/// each costs a stored document, paid only when nothing matched.
const CONSIDERED: usize = 8;

/// Words the archive has, near the `words` of a query that it does not
/// have, commonest first for each word; words it has get none.
pub(super) fn suggest(
    schema: &NewsSchema,
    searcher: &Searcher,
    words: &[String],
) -> tantivy::Result<Vec<String>> {
    let mut analyzer = searcher.index().tokenizer_for_field(schema.text)?;
    let mut out = Vec::new();
    for word in words {
        let stems = terms_of(&mut analyzer, word);
        let [stem] = stems.as_slice() else {
            continue;
        };
        let term = Term::from_field_text(schema.text, stem);
        if searcher.doc_freq(&term)? > 0 || stem.chars().count() < 3 || stem.len() > MAX_WORD {
            continue;
        }
        // As `word~`: one edit in words of up to five letters, two in
        // longer ones; two edits in a short word reach too many others.
        let widest = if stem.chars().count() <= 5 { 1 } else { 2 };
        let mut near = Vec::new();
        for distance in 1..=widest {
            near = near_spellings(searcher, schema.text, stem, distance)?
                .into_iter()
                .collect();
            if !near.is_empty() {
                break;
            }
        }
        // Commonest first; ties in dictionary order, so the answer is stable.
        near.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // The distance above is between stems, where `cofee` (stem `cofe`)
        // is one edit from `come` as from `coffe`; between the word as
        // typed and each candidate as articles spell it, `coffee` is the
        // nearer. So the commonest few are spelled out and offered nearest
        // first, commonest among equals (the sort is stable).
        let typed = word.to_lowercase();
        let mut spelled_near: Vec<(usize, String)> = Vec::new();
        for (bytes, _) in near.into_iter().take(CONSIDERED) {
            let Ok(candidate) = String::from_utf8(bytes) else {
                continue;
            };
            if let Some(spelled) = spelling(schema, searcher, &mut analyzer, &candidate)? {
                if !out.contains(&spelled) && spelled_near.iter().all(|(_, s)| *s != spelled) {
                    let distance = strsim::osa_distance(&typed, &spelled.to_lowercase());
                    spelled_near.push((distance, spelled));
                }
            }
        }
        spelled_near.sort_by_key(|&(distance, _)| distance);
        out.extend(spelled_near.into_iter().take(PER_WORD).map(|(_, s)| s));
    }
    Ok(out)
}

/// The query put right where its syntax, not its words, found nothing,
/// for a query that matched nothing:
/// - a mistyped field name: `tittle:obama` is searched as text (a name
///   before a colon that is no field is text, since URLs and times have
///   colons), and `title:obama` is what was meant; field names within two
///   edits;
/// - a word asked for in one form: `=heatwaves` finds no article when the
///   archive only writes `heatwave`, and `heatwaves` (every form) is offered,
///   as is `title:heatwaves` for `title:=heatwaves`.
///
/// Both come from the query's text alone, so every backend offers them
/// alike.
pub(crate) fn field_fixes(query: &str) -> Vec<String> {
    let mut fixed = false;
    let words: Vec<String> = query
        .split(' ')
        .map(|chunk| {
            let lead = chunk.len() - chunk.trim_start_matches(['+', '-', '(', '!']).len();
            let (before, rest) = chunk.split_at(lead);
            if let Some(word) = any_form(rest) {
                fixed = true;
                return format!("{before}{word}");
            }
            let Some((name, value)) = rest.split_once(':') else {
                return chunk.to_string();
            };
            if let Some(word) =
                any_form(value).filter(|_| SearchField::from_name(&name.to_lowercase()).is_some())
            {
                fixed = true;
                return format!("{before}{name}:{word}");
            }
            let lower = name.to_lowercase();
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphabetic())
                || SearchField::from_name(&lower).is_some()
            {
                return chunk.to_string();
            }
            match nearest_name(&lower, &TYPED_FIELDS) {
                Some(field) => {
                    fixed = true;
                    format!("{before}{field}:{value}")
                }
                None => chunk.to_string(),
            }
        })
        .collect();
    if fixed {
        vec![words.join(" ")]
    } else {
        Vec::new()
    }
}

/// `=word` as the word in any form, read as the query syntax reads it.
fn any_form(text: &str) -> Option<&str> {
    super::syntax::exact(text).ok().flatten()
}

/// The field names a query may use, as a fix offers them.
const TYPED_FIELDS: [&str; 10] = [
    "title", "lead", "body", "speaker", "path", "date", "folder", "outlet", "author", "lang",
];

/// The index's words in `field` within `distance` byte edits of `word`
/// and with its first byte, each with the number of articles that have it.
fn near_spellings(
    searcher: &Searcher,
    field: Field,
    word: &str,
    distance: u8,
) -> tantivy::Result<BTreeMap<Vec<u8>, u64>> {
    let rows = EditRows {
        word: word.as_bytes(),
        distance,
    };
    words_accepted(searcher, field, &rows)
}

/// Longest word suggestions are looked for, in bytes: the automaton's
/// state is two rows of the table, kept on the stack.
const MAX_WORD: usize = 32;

/// Words that start with the same byte as `word` and are within
/// `distance` edits of it (insertions, deletions, substitutions and swaps
/// of neighbouring bytes), as an automaton over a dictionary's bytes: the
/// state is the last two rows of the edit-distance table and the byte read
/// last. `word` is at most [`MAX_WORD`] bytes.
///
/// The first letter is taken as typed, as Lucene's spell checker does by
/// default: typing errors are rarest there, and the walk then visits one
/// branch of the dictionary instead of all of it (at 100,000 articles,
/// 6 ms became well under one).
struct EditRows<'a> {
    word: &'a [u8],
    distance: u8,
}

#[derive(Clone, Copy)]
struct Rows {
    before: [u8; MAX_WORD + 1],
    current: [u8; MAX_WORD + 1],
    /// The byte read last; none at the start, when `before` means nothing.
    last: Option<u8>,
}

impl Automaton for &EditRows<'_> {
    type State = Rows;

    fn start(&self) -> Rows {
        let cap = self.distance + 1;
        let mut current = [cap; MAX_WORD + 1];
        for (i, cell) in current.iter_mut().enumerate().take(self.word.len() + 1) {
            *cell = (i as u8).min(cap);
        }
        Rows {
            before: [cap; MAX_WORD + 1],
            current,
            last: None,
        }
    }

    fn is_match(&self, state: &Rows) -> bool {
        state.current[self.word.len()] <= self.distance
    }

    fn can_match(&self, state: &Rows) -> bool {
        state.current[..=self.word.len()]
            .iter()
            .any(|&d| d <= self.distance)
    }

    fn accept(&self, state: &Rows, byte: u8) -> Rows {
        // Values past the distance are all the same to the walk: capping
        // them keeps a byte enough.
        let cap = self.distance + 1;
        let word = self.word;
        if state.last.is_none() && word.first().is_some_and(|&first| first != byte) {
            return Rows {
                before: [cap; MAX_WORD + 1],
                current: [cap; MAX_WORD + 1],
                last: Some(byte),
            };
        }
        let mut next = [cap; MAX_WORD + 1];
        next[0] = state.current[0].saturating_add(1).min(cap);
        for j in 1..=word.len() {
            let substitution = state.current[j - 1] + u8::from(word[j - 1] != byte);
            let mut cost = substitution.min(state.current[j] + 1).min(next[j - 1] + 1);
            if state
                .last
                .is_some_and(|last| j > 1 && word[j - 1] == last && word[j - 2] == byte)
            {
                cost = cost.min(state.before[j - 2] + 1);
            }
            next[j] = cost.min(cap);
        }
        Rows {
            before: state.current,
            current: next,
            last: Some(byte),
        }
    }
}

/// How the first article that has the indexed word `stem` wrote it, in
/// lower case: the word a person can type to find it again.
fn spelling(
    schema: &NewsSchema,
    searcher: &Searcher,
    analyzer: &mut TextAnalyzer,
    stem: &str,
) -> tantivy::Result<Option<String>> {
    let term = Term::from_field_text(schema.text, stem);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let index = reader.inverted_index(schema.text)?;
        let Some(postings) = index.read_postings(&term, IndexRecordOption::Basic)? else {
            continue;
        };
        let doc = postings.doc();
        if doc == TERMINATED {
            continue;
        }
        let stored: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc))?;
        let article = schema.stored(&stored);
        let texts = [
            Some(article.meta.title.as_str()),
            article.meta.lead.as_deref(),
            Some(article.body.as_str()),
        ];
        for text in texts.into_iter().flatten() {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                if token.text == stem {
                    let written = &text[token.offset_from..token.offset_to];
                    return Ok(Some(written.to_lowercase()));
                }
            }
        }
    }
    Ok(None)
}

/// The one of `known` that `name` (in lower case) is a slip of one or two
/// letters from ("speakr", "mnth"), the nearest first; none for a name
/// so short that two edits would make it anything.
pub(crate) fn nearest_name<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|field| (strsim::damerau_levenshtein(name, field), *field))
        .filter(|&(distance, _)| distance <= 2 && distance < name.len())
        .min()
        .map(|(_, field)| field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_field_name_is_put_right() {
        assert_eq!(field_fixes("tittle:obama"), ["title:obama"]);
        assert_eq!(
            field_fixes("-Speakr:\"bob dole\" grain"),
            ["-speaker:\"bob dole\" grain"]
        );
        assert_eq!(
            field_fixes("dat:2024 foldr:1987-03"),
            ["date:2024 folder:1987-03"]
        );
        assert_eq!(
            field_fixes("outlt:reuters auther:lee lnag:en"),
            ["outlet:reuters author:lee lang:en"]
        );
        assert!(field_fixes("title:obama").is_empty());
        assert!(field_fixes("http://example.com 10:30").is_empty());
        assert!(field_fixes("xyzzy:obama").is_empty());
    }

    #[test]
    fn a_word_asked_for_in_one_form_is_offered_in_every_form() {
        assert_eq!(field_fixes("=heatwaves"), ["heatwaves"]);
        assert_eq!(
            field_fixes("title:=Heatwaves -=rate storm"),
            ["title:Heatwaves -rate storm"]
        );
        assert_eq!(field_fixes("tittle:=floods"), ["title:=floods"]);
        // `=` that is no exact word, and a field that is none, stay.
        assert!(field_fixes("a == b =").is_empty());
        assert!(field_fixes("xyzzy:=floods heatwave").is_empty());
        assert!(field_fixes("\"=heat waves\"").is_empty());
    }
    use proptest::prelude::*;

    /// Optimal string alignment distance, from the whole table: the plain
    /// definition the automaton must agree with.
    fn osa(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    /// The plain definition: first byte as typed, then the distance.
    fn within(word: &str, candidate: &str, distance: u8) -> bool {
        // An empty word or candidate has no first letter to differ.
        let same_start = word.is_empty()
            || candidate.is_empty()
            || word.bytes().next() == candidate.bytes().next();
        same_start && osa(word.as_bytes(), candidate.as_bytes()) <= usize::from(distance)
    }

    fn accepts(word: &str, candidate: &str, distance: u8) -> bool {
        let rows = EditRows {
            word: word.as_bytes(),
            distance,
        };
        let automaton = &rows;
        let mut state = automaton.start();
        for &b in candidate.as_bytes() {
            state = automaton.accept(&state, b);
        }
        automaton.is_match(&state)
    }

    proptest! {
        #[test]
        fn the_automaton_accepts_exactly_the_words_within_the_distance(
            word in "[abcd]{0,7}",
            candidate in "[abcd]{0,9}",
            distance in 0u8..=2,
        ) {
            prop_assert_eq!(
                accepts(&word, &candidate, distance),
                within(&word, &candidate, distance)
            );
        }
    }

    #[test]
    fn a_swap_is_one_edit() {
        assert!(accepts("volcker", "volkcer", 1));
        assert!(accepts("heatwave", "heatwaev", 1));
        assert!(!accepts("heatwave", "haetwvae", 1));
        // The first letter is not corrected.
        assert!(!accepts("volcker", "bolcker", 2));
    }
}
