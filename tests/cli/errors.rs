//! Exit codes and the messages users see when something is wrong.

use predicates::prelude::*;

use crate::testenv::{assert_one_error, TestEnv};

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

#[test]
fn a_hit_exits_zero() {
    sample().query("heatwave", &[]).assert().code(0);
}

#[test]
fn no_hit_exits_one_with_empty_stdout() {
    sample()
        .query("zzyzxqv", &[])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
}

#[test]
fn no_hit_in_json_still_prints_the_summary() {
    let out = sample().query("zzyzxqv", &["--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let (hits, summary) = crate::testenv::parse_json_lines(&out.stdout);
    assert!(hits.is_empty());
    assert_eq!(summary.total_hits, 0);
}

#[test]
fn unbalanced_parentheses_in_pasted_text_still_search() {
    // A group left open closes at the end; a stray `)` is punctuation.
    assert_eq!(
        sample().paths("(heatwave", &[]),
        sample().paths("heatwave", &[])
    );
    assert_eq!(
        sample().paths("title:(heatwave", &[]),
        sample().paths("title:heatwave", &[])
    );
    assert_eq!(
        sample().paths("heatwave)", &[]),
        sample().paths("heatwave", &[])
    );
    assert!(!sample().paths("heatwave", &[]).is_empty());
}

#[test]
fn a_quote_never_closed_is_an_error_that_says_where() {
    let out = sample().query("harsh \"winter", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_one_error(&out.stderr, "the quote at character 7 is never closed");
}

#[test]
fn a_name_that_is_not_a_field_is_searched_as_text() {
    // `author:` is no field: the text is words, as a URL's `http:` is.
    let (_, summary) = sample().query_json("author:smith", &["--limit", "0"]);
    assert_eq!(summary.total_hits, 0);
    assert_eq!(
        sample().path_set("grid:winter"),
        sample().path_set("\"grid winter\"")
    );
}

#[test]
fn equals_with_a_wildcard_or_inside_quotes_is_an_error_with_a_way_out() {
    for (query, says) in [
        ("=rate*", "cannot take '*' or '~'"),
        ("=rate~1", "cannot take '*' or '~'"),
        ("\"interest =rates\"", "'=' marks a single word"),
    ] {
        let out = sample().query(query, &[]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert!(out.stdout.is_empty(), "{query}");
        assert_one_error(&out.stderr, says);
    }
    let out = sample().query("=rate*", &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hint: write =rate for that form only, rate* for every word"),
        "{stderr}"
    );
    // `=` not before a letter or digit is punctuation, as pasted text has it.
    assert_eq!(sample().path_set("= rates"), sample().path_set("rates"));
    assert_eq!(sample().path_set("==> rates"), sample().path_set("rates"));
}

#[test]
fn impossible_date_is_rejected() {
    let out = sample()
        .query("date:[2024-13-45 TO x]", &[])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "invalid date \"2024-13-45\"");
}

#[test]
fn bad_from_flag_is_rejected() {
    let out = sample()
        .query("*", &["--from", "yesterday"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "invalid date \"yesterday\" in --from");
}

#[test]
fn empty_query_says_what_to_type() {
    for query in ["  ", "( )", "- !", "title:!*", "_*", "..*", "title:-*"] {
        let out = sample().query(query, &[]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert_one_error(&out.stderr, "the query has no words to search for");
    }
}

#[test]
fn a_query_of_exclusions_alone_means_every_other_article() {
    let without = sample().path_set("-wind");
    assert!(!without.is_empty());
    assert_eq!(without, sample().path_set("* -wind"));
    assert_eq!(without, sample().path_set("NOT wind"));
    let wind = sample().path_set("wind");
    assert!(without.iter().all(|path| !wind.contains(path)));
}

#[test]
fn exclusions_from_everything_work() {
    let all = sample().query_json("*", &["--limit", "0"]).1.total_hits;
    let without_wind = sample()
        .query_json("* -wind", &["--limit", "0"])
        .1
        .total_hits;
    let wind = sample().query_json("wind", &["--limit", "0"]).1.total_hits;
    assert_eq!(without_wind, all - wind);
}

#[test]
fn missing_index_says_how_to_build_one() {
    let env = TestEnv::empty();
    let out = env.query("wind", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "no index at idx");
    assert!(String::from_utf8_lossy(&out.stderr).contains("newsidx index"));
}

#[test]
fn garbage_index_is_an_error_not_a_panic() {
    let env = TestEnv::empty();
    std::fs::create_dir(env.index_dir()).unwrap();
    std::fs::write(env.index_dir().join("meta.json"), "{ not json").unwrap();
    let out = env.query("wind", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "cannot open the index at idx");
}

#[test]
fn usage_error_exits_two() {
    TestEnv::empty().cmd().arg("frobnicate").assert().code(2);
}

#[test]
fn a_100_kb_query_returns_quickly_with_an_answer() {
    let query = "wind ".repeat(20_000);
    let out = sample()
        .query(&query, &["--json", "--limit", "3"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn thousands_of_distinct_terms_are_handled() {
    let query: String = (0..5000)
        .map(|i| format!("term{i} OR "))
        .collect::<String>()
        + "wind";
    let out = sample()
        .query(&query, &["--json", "--limit", "3"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn nesting_past_the_limit_is_an_error_not_a_crash() {
    for query in [
        format!("{}wind{}", "(".repeat(20_000), ")".repeat(20_000)),
        "(dollar OR ".repeat(2_000),
    ] {
        let out = sample().query(&query, &[]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_one_error(&out.stderr, "nests parentheses more than 64 deep");
    }
}

#[test]
fn deeply_nested_parentheses_answer_as_the_bare_word() {
    // Grouping one word changes nothing, up to the limit: the same
    // articles in the same order as `wind`.
    let query = format!("{}wind{}", "(".repeat(64), ")".repeat(64));
    let out = sample()
        .query(&query, &["--json", "--limit", "1000"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (hits, summary) = crate::testenv::parse_json_lines(&out.stdout);
    assert_eq!(summary.total_hits, hits.len());
    let nested: Vec<String> = hits.into_iter().map(|h| h.path).collect();
    assert_eq!(nested, sample().paths("wind", &[]));
    assert!(!nested.is_empty());
}

#[test]
fn a_leading_wildcard_is_punctuation() {
    assert_eq!(sample().paths("*wind", &[]), sample().paths("wind", &[]));
}

#[test]
fn a_huge_limit_returns_every_hit_without_reserving_for_the_limit() {
    let (hits, summary) = sample().query_json("wind", &["--limit", "1000000"]);
    assert_eq!(hits.len(), summary.total_hits);
}

/// `--index` naming the corpus instead of the index: say so, and never
/// suggest building an index inside the corpus.
#[test]
fn an_index_option_naming_the_corpus_says_it_holds_articles() {
    let env = TestEnv::with_sample_corpus();
    for args in [
        &["query", "wind", "--index", "corpus"][..],
        &["show", "2024/x.txt", "--index", "corpus"],
        &["index", "--index", "corpus"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_one_error(&out.stderr, "corpus holds articles, not an index");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("hint: index them with `newsidx index corpus --index PATH`"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("--index corpus`"), "{args:?}: {stderr}");
    }
    assert!(!env.corpus().join("meta.json").exists());
}

#[test]
fn an_index_option_naming_a_file_says_it_is_a_file() {
    let env = TestEnv::with_sample_corpus();
    std::fs::write(env.index_dir(), "not a folder").unwrap();
    for args in [
        &["query", "wind", "--index", "idx"][..],
        &["show", "a.txt", "--index", "idx"],
        &["index", "corpus", "--index", "idx"],
        &["index", "--index", "idx"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_one_error(&out.stderr, "idx is a file, not an index folder");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("hint: give --index a folder"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn an_index_option_naming_some_other_folder_does_not_suggest_building_there() {
    let env = TestEnv::empty();
    std::fs::create_dir(env.index_dir()).unwrap();
    std::fs::write(env.index_dir().join("notes.odt"), "x").unwrap();
    let out = env.query("wind", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "idx is not a newsidx index and is not empty");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hint: give --index the folder of an index"),
        "{stderr}"
    );
}
