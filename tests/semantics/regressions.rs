//! The wrong answers issue 10 found, and those the comparison found since,
//! as named queries on the sample corpus: each must give the evaluator's
//! answer, and the evaluator's answer must be what the issue expects.

use newsidx::search::syntax::parse;
use newsidx::search::{Backend, SearchRequest, SortOrder};

use crate::compare::{check, Outcome};
use crate::corpus::SAMPLE;

/// How many articles `query` matches; panics with the report unless
/// newsidx and the evaluator agree.
fn agreed(query: &str) -> usize {
    match check(&SAMPLE, query) {
        Outcome::Agreed(n) => n,
        other => panic!("{query}: {other:?}"),
    }
}

/// The evaluator's paths for `query`.
fn expected(query: &str) -> Vec<String> {
    SAMPLE
        .oracle
        .matching_paths(&parse(query).unwrap())
        .unwrap()
}

/// How many articles of the sample corpus mention `word` in any field.
fn with_word(word: &str) -> usize {
    agreed(word)
}

#[test]
fn issue_10_and_not_is_a_negation_like_minus() {
    let n = agreed("wind -solar");
    assert!(n > 0 && n < with_word("wind"), "wind -solar: {n}");
    assert_eq!(expected("wind AND NOT solar"), expected("wind -solar"));
    assert_eq!(agreed("wind AND NOT solar"), n);
    assert_eq!(agreed("(wind) AND (NOT solar)"), n);
    assert_eq!(agreed("wind NOT solar"), n);
}

#[test]
fn issue_10_lucene_signs_are_operators() {
    assert_eq!(expected("wind && !solar"), expected("wind -solar"));
    assert_eq!(agreed("wind && !solar"), agreed("wind -solar"));
    assert_eq!(expected("wind || solar"), expected("wind OR solar"));
    assert_eq!(agreed("wind || solar"), agreed("wind OR solar"));
}

#[test]
fn issue_10_negation_stands_for_the_articles_without() {
    let all = SAMPLE.articles.len();
    assert_eq!(agreed("-wind") + with_word("wind"), all);
    assert_eq!(agreed("NOT wind"), all - with_word("wind"));
    let n = agreed("wind (solar OR -grid)");
    assert!(n > agreed("wind solar"), "the negated branch adds articles");
    assert!(agreed("NOT wind AND grid") > 0);
}

#[test]
fn issue_10_plus_requires_only_the_marked_word() {
    assert_eq!(expected("+wind solar"), expected("wind"));
    assert_eq!(agreed("+wind solar"), with_word("wind"));
}

#[test]
fn issue_10_a_path_query_alone_shows_its_article() {
    let path = "2024/2024-12-04-grid-winter-plan.txt";
    assert_eq!(agreed(&format!("path:{path}")), 1);
    let request = SearchRequest {
        query: format!("path:{path}"),
        limit: 10,
        offset: 0,
        sort: SortOrder::Relevance,
        dates: Default::default(),
        exact_count: false,
        all_words: true,
        facets: Vec::new(),
        speakers: None,
    };
    let results = SAMPLE.searcher.search(&request).unwrap();
    assert_eq!(results.hits.len(), 1, "the hit is shown, not only counted");
    assert_eq!(results.hits[0].article.path, path);
}

#[test]
fn issue_10_field_stars_ask_for_articles_with_that_field() {
    let all = SAMPLE.articles.len();
    assert_eq!(agreed("title:*"), all);
    assert_eq!(agreed("path:*"), all);
    assert_eq!(agreed("body:*"), all);
    let dated = SAMPLE
        .articles
        .iter()
        .filter(|a| a.meta.date.is_some())
        .count();
    assert_eq!(agreed("date:*"), dated);
    assert!(dated < all, "the sample corpus has undated articles");
    let with_lead = agreed("lead:*");
    assert!(with_lead > 0 && with_lead <= all);
    assert!(agreed("speaker:*") > 0);
    assert_eq!(agreed("-speaker:*") + agreed("speaker:*"), all);
}

#[test]
fn issue_10_apostrophes_and_pasted_text_search() {
    let n = agreed("operator's");
    assert!(n >= 1 && n <= with_word("operator"), "operator's: {n}");
    assert_eq!(agreed("\"Grid operator's winter plan\""), 1);
    assert!(agreed("http://www.reuters.com") <= 1);
    assert!(agreed("<KLY>") <= 1);
}

#[test]
fn issue_10_counts_with_dates_and_stars_are_exact() {
    let all = SAMPLE.articles.len();
    let in_2024 = agreed("date:2024");
    assert!(in_2024 > 0);
    assert_eq!(agreed("* -date:2024"), all - in_2024);
    assert!(agreed("date:2024-12") > 0);
}

#[test]
fn issue_10_prefixes_and_fuzzy_words_match() {
    assert!(agreed("heatwav*") >= 3);
    assert_eq!(expected("wnid~1"), expected("wind"));
    assert_eq!(agreed("wnid~1"), with_word("wind"));
}

#[test]
fn multi_word_prefixes_expand_to_every_word() {
    // "the c..." is in most articles, through far more than 50 words in c.
    let n = agreed("the-c*");
    assert!(n > 30, "the-c*: {n}");
    agreed("in-the-s*");
}

#[test]
fn sloppy_phrases_of_three_words_spend_one_budget() {
    // tantivy 0.27's own answer here depended on the order the indexer's
    // threads wrote the articles in: it failed in most runs, not all
    // (`search::sloppy` now decides these).
    // "we have seen clear evidence of": clear, seen, evidence, of stand
    // two, then one, then no places from where the phrase puts them:
    // three moves, one more than allowed.
    assert_eq!(agreed("\"clear seen evidence of\"~2"), 0);
    assert_eq!(agreed("\"clear seen evidence of\"~3"), 1);
}

#[test]
fn an_exact_instant_under_a_negation_does_not_panic() {
    // tantivy 0.27's date column range subtracts a later, smaller seek
    // target here; built with overflow checks, as tests were before
    // Cargo.toml turned them off for dependencies, it aborted five runs in
    // six (which depends on where the indexer's threads put the articles).
    let all = SAMPLE.articles.len();
    let n = agreed("-(said date:<2024-06-01T12:00:00Z)");
    assert!(n > 0 && n < all, "{n}");
}

#[test]
fn issue_10_equals_asks_for_the_word_as_written() {
    // The sample corpus has "rate" and "rates" in different articles, so
    // the stem finds more than either form.
    let stem = with_word("rates");
    let plural = agreed("=rates");
    let singular = agreed("=rate");
    assert!(plural > 0 && plural < stem, "=rates {plural}, rates {stem}");
    assert!(
        singular > 0 && singular < stem,
        "=rate {singular}, rates {stem}"
    );
    assert_eq!(agreed("=RATES"), plural, "case does not matter");
    assert!(agreed("title:=rates") <= agreed("title:rates"));
    // Names are not stemmed: as written is as usual.
    assert_eq!(
        expected("speaker:=lindqvist"),
        expected("speaker:lindqvist")
    );

    let request = SearchRequest {
        query: "=rates".to_string(),
        limit: 50,
        offset: 0,
        sort: SortOrder::Relevance,
        dates: Default::default(),
        exact_count: false,
        all_words: true,
        facets: Vec::new(),
        speakers: None,
    };
    let results = SAMPLE.searcher.search(&request).unwrap();
    assert_eq!(results.total_hits, plural);
    for hit in &results.hits {
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|[from, to]| &hit.snippet[*from..*to])
            .chain(
                hit.title_highlights
                    .iter()
                    .map(|[from, to]| &hit.article.title[*from..*to]),
            )
            .collect();
        assert!(!marked.is_empty(), "{}", hit.article.path);
        for word in marked {
            assert!(
                word.eq_ignore_ascii_case("rates"),
                "{}: marked {word:?}",
                hit.article.path
            );
        }
    }
}
