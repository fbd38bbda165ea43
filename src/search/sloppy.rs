//! Phrases of three or more words with slop (`"a b c"~2`), matched as the
//! README defines slop: one budget of moves shared by all the gaps between
//! consecutive words, spent in either direction.
//!
//! tantivy 0.27's `PhraseQuery` decides these greedily, word by word, and
//! its scorer and its count disagree on some documents (which depends on
//! where the indexer put them), so newsidx matched different articles than
//! it counted. Two-word phrases have one gap, where greedy is exact, and
//! stay tantivy's; longer ones come here. The reference evaluator in
//! `tests/semantics` decides the same rule by the same exhaustive search,
//! written apart.
//!
//! A match is scored as tantivy scores a phrase: BM25 over the summed
//! inverse document frequencies of the words, with the phrase's frequency
//! taken as the number of positions where its last word can end within
//! the budget.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Words at offsets from the phrase's first word, matched within `slop`
/// moves in all.
#[derive(Clone, Debug)]
pub(super) struct SloppyPhraseQuery {
    terms: Vec<(usize, Term)>,
    slop: u32,
}

impl SloppyPhraseQuery {
    /// `terms` with their offsets, at least two, all of one field.
    pub(super) fn new(terms: Vec<(usize, Term)>, slop: u32) -> SloppyPhraseQuery {
        debug_assert!(terms.len() >= 2);
        SloppyPhraseQuery { terms, slop }
    }
}

impl Query for SloppyPhraseQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let terms: Vec<Term> = self.terms.iter().map(|(_, t)| t.clone()).collect();
                Some(Bm25Weight::for_terms(statistics_provider, &terms)?)
            }
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(SloppyPhraseWeight {
            terms: self.terms.clone(),
            slop: self.slop,
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, term) in &self.terms {
            visitor(term, true);
        }
    }
}

struct SloppyPhraseWeight {
    terms: Vec<(usize, Term)>,
    slop: u32,
    bm25: Option<Bm25Weight>,
}

impl SloppyPhraseWeight {
    fn phrase_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<SloppyPhraseScorer>> {
        let field = self.terms[0].1.field();
        let index = reader.inverted_index(field)?;
        let mut words = Vec::with_capacity(self.terms.len());
        for (offset, term) in &self.terms {
            match index.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                Some(postings) => words.push((*offset as u32, postings)),
                None => return Ok(None),
            }
        }
        let norms = reader.get_fieldnorms_reader(field)?;
        let mut scorer = SloppyPhraseScorer {
            words,
            slop: i64::from(self.slop),
            bm25: self.bm25.clone(),
            norms,
            boost,
            frequency: 0,
            reach: Vec::new(),
            step: Vec::new(),
            positions: Vec::new(),
            doc: 0,
        };
        scorer.doc = scorer.settle(scorer.lead_doc());
        Ok(Some(scorer))
    }
}

impl Weight for SloppyPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.phrase_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if let Some(mut scorer) = self.phrase_scorer(reader, 1.0)? {
            if scorer.seek(doc) == doc {
                return Ok(Explanation::new(
                    "sloppy phrase (BM25 of its frequency)",
                    scorer.score(),
                ));
            }
        }
        Err(TantivyError::InvalidArgument(format!(
            "document {doc} does not hold the phrase"
        )))
    }
}

/// The documents of a segment that hold the phrase within the budget.
struct SloppyPhraseScorer {
    /// Each word's offset in the phrase and its postings, in phrase order.
    words: Vec<(u32, SegmentPostings)>,
    slop: i64,
    bm25: Option<Bm25Weight>,
    norms: FieldNormReader,
    boost: Score,
    /// Where the phrase's last word can end, in the current document.
    frequency: u32,
    reach: Vec<(i64, i64)>,
    step: Vec<(i64, i64)>,
    positions: Vec<u32>,
    doc: DocId,
}

impl SloppyPhraseScorer {
    fn lead_doc(&self) -> DocId {
        self.words[0].1.doc()
    }

    /// The first document from `candidate` on that holds every word and
    /// the phrase within the budget; every postings list left on it.
    fn settle(&mut self, mut candidate: DocId) -> DocId {
        loop {
            candidate = self.align(candidate);
            if candidate == TERMINATED || self.matches() {
                return candidate;
            }
            candidate = self.words[0].1.advance();
        }
    }

    /// Moves every postings list to the first document from `candidate`
    /// on that all of them hold.
    fn align(&mut self, mut candidate: DocId) -> DocId {
        'again: loop {
            for (_, postings) in &mut self.words {
                let doc = if postings.doc() < candidate {
                    postings.seek(candidate)
                } else {
                    postings.doc()
                };
                if doc == TERMINATED {
                    return TERMINATED;
                }
                if doc > candidate {
                    candidate = doc;
                    continue 'again;
                }
            }
            return candidate;
        }
    }

    /// Whether the current document holds the phrase: one position per
    /// word such that the moves between consecutive words (each position
    /// less its offset) add up to at most the budget. Searched word by
    /// word, keeping the cheapest way to reach each position; the
    /// frequency is how many positions of the last word are reached.
    fn matches(&mut self) -> bool {
        self.frequency = 0;
        self.reach.clear();
        for (i, (offset, postings)) in self.words.iter_mut().enumerate() {
            self.positions.clear();
            postings.positions(&mut self.positions);
            let offset = i64::from(*offset);
            if i == 0 {
                self.reach
                    .extend(self.positions.iter().map(|&p| (i64::from(p) - offset, 0)));
                continue;
            }
            self.step.clear();
            for &p in &self.positions {
                let p = i64::from(p) - offset;
                let cheapest = self
                    .reach
                    .iter()
                    .map(|&(q, cost)| cost + (p - q).abs())
                    .min()
                    .unwrap_or(i64::MAX);
                if cheapest <= self.slop {
                    self.step.push((p, cheapest));
                }
            }
            if self.step.is_empty() {
                return false;
            }
            std::mem::swap(&mut self.reach, &mut self.step);
        }
        self.frequency = self.reach.len() as u32;
        true
    }
}

impl DocSet for SloppyPhraseScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = self.words[0].1.advance();
        self.doc = self.settle(next);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.doc = self.settle(target);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.words
            .iter()
            .map(|(_, postings)| postings.size_hint())
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for SloppyPhraseScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(bm25) => {
                bm25.score(self.norms.fieldnorm_id(self.doc), self.frequency) * self.boost
            }
            None => self.boost,
        }
    }
}
