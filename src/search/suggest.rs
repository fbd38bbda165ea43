//! "Did you mean": for a query that matched nothing, the archive's words
//! nearest to the words it does not know.
//!
//! A word of the query that no article has is looked up in the index's
//! own words within one edit, else two for words longer than five letters
//! (a swap of neighbouring letters is one), and the commonest are offered. The index holds stems
//! (`volcker`, `inflat`), and a person should be offered a word they can
//! type: each stem is spelled back as an article wrote it, taken from the
//! first article that has it. That costs one stored document per
//! suggestion, and is only done when there were no hits to show.

use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use super::compile::words_within;
use crate::schema::NewsSchema;

/// Suggestions for one unknown word, at most.
const PER_WORD: usize = 3;

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
        let stems = analyzed(&mut analyzer, word);
        let [stem] = stems.as_slice() else {
            continue;
        };
        let term = Term::from_field_text(schema.text, stem);
        if searcher.doc_freq(&term)? > 0 || stem.chars().count() < 3 {
            continue;
        }
        // As `word~`: one edit in words of up to five letters, two in
        // longer ones; two edits in a short word reach too many others.
        let widest = if stem.chars().count() <= 5 { 1 } else { 2 };
        let mut near = Vec::new();
        for distance in 1..=widest {
            near = words_within(searcher, schema.text, stem, distance)?
                .into_iter()
                .collect();
            if !near.is_empty() {
                break;
            }
        }
        // Commonest first; ties in dictionary order, so the answer is stable.
        near.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut offered = 0;
        for (bytes, _) in near {
            if offered == PER_WORD {
                break;
            }
            let Ok(candidate) = String::from_utf8(bytes) else {
                continue;
            };
            if let Some(spelled) = spelling(schema, searcher, &mut analyzer, &candidate)? {
                if !out.contains(&spelled) {
                    out.push(spelled);
                    offered += 1;
                }
            }
        }
    }
    Ok(out)
}

/// The terms `analyzer` makes of `text`.
fn analyzed(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
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
