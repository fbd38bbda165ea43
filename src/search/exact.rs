//! `=word`: which documents hold a word as written, answered from the
//! `forms` twins of a field (`schema.rs`), which index only the words
//! whose form is not their own stem, as `stem form`.
//!
//! - A form unlike its stem (`=rates`) is an index word of its own: a
//!   document holds it when a twin of the searched field has
//!   `rate rates`.
//! - A form that is its own stem (`=rate`) is never written down. A
//!   document holds it when the stem occurs in the searched field more
//!   often than all its other forms do together: `rate` counted in `text`,
//!   against every `rate *` counted in the twins, each twin's count
//!   weighed by how many times its text goes into the field (the title
//!   three times into `text`).
//!
//! Hand-written because no tantivy query compares the frequencies of
//! words in two fields. It only filters (it scores nothing); the word as
//! usual ranks beside it.

use tantivy::postings::Postings;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::compile::prefix_end;
use crate::tokenizer::FORM_SEPARATOR;

/// The documents whose `field` holds `form`, a word as written.
#[derive(Clone, Debug)]
pub(super) struct ExactForm {
    field: Field,
    stem: String,
    form: String,
    /// The twins of `field` and how many times each one's text goes into it.
    twins: Vec<(Field, u32)>,
    /// What the query looks for, as a snippet highlights it: the form in
    /// the first twin.
    shown: Term,
}

impl ExactForm {
    /// `=form` in `field`, whose words are stemmed to `stem`.
    pub(super) fn new(field: Field, stem: &str, form: &str, twins: Vec<(Field, u32)>) -> Self {
        let shown_field = twins.first().map_or(field, |(twin, _)| *twin);
        ExactForm {
            field,
            stem: stem.to_string(),
            form: form.to_string(),
            twins,
            shown: Term::from_field_text(shown_field, form),
        }
    }
}

impl Query for ExactForm {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.shown, false);
    }
}

impl ExactForm {
    /// The documents of a segment that hold the form.
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let stem_of = |form: &str| format!("{}{FORM_SEPARATOR}{form}", self.stem);
        if self.form != self.stem {
            let word = stem_of(&self.form);
            for (twin, _) in &self.twins {
                let term = Term::from_field_text(*twin, &word);
                let index = reader.inverted_index(*twin)?;
                if let Some(mut postings) = index.read_postings(&term, IndexRecordOption::Basic)? {
                    while postings.doc() != TERMINATED {
                        docs.insert(postings.doc());
                        postings.advance();
                    }
                }
            }
            return Ok(docs);
        }
        let index = reader.inverted_index(self.field)?;
        let term = Term::from_field_text(self.field, &self.stem);
        let Some(mut stems) = index.read_postings(&term, IndexRecordOption::WithFreqs)? else {
            return Ok(docs);
        };
        // Every other form of the stem, in every twin, with its weight.
        let prefix = stem_of("");
        let mut others = Vec::new();
        for (twin, weight) in &self.twins {
            let index = reader.inverted_index(*twin)?;
            let mut range = index.terms().range().ge(&prefix);
            if let Some(upper) = prefix_end(prefix.as_bytes()) {
                range = range.lt(upper);
            }
            let mut words = range.into_stream()?;
            while words.advance() {
                let postings = index
                    .read_postings_from_terminfo(words.value(), IndexRecordOption::WithFreqs)?;
                others.push((postings, *weight));
            }
        }
        while stems.doc() != TERMINATED {
            let doc = stems.doc();
            let mut other = 0u64;
            for (postings, weight) in &mut others {
                if postings.doc() < doc {
                    postings.seek(doc);
                }
                if postings.doc() == doc {
                    other += u64::from(postings.term_freq()) * u64::from(*weight);
                }
            }
            if u64::from(stems.term_freq()) > other {
                docs.insert(doc);
            }
            stems.advance();
        }
        Ok(docs)
    }
}

impl Weight for ExactForm {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self.docs(reader)?;
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if doc < reader.max_doc() && self.docs(reader)?.contains(doc) {
            Ok(Explanation::new("holds the form as written", 0.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not hold ={}",
                self.form
            )))
        }
    }
}
