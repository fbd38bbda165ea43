//! Issue 10, item 14: `newsidx query cocoa coffee`, unquoted, is one query
//! of every word after `query`, with options before, between or after the
//! words.

use crate::testenv::{parse_json_lines, JsonSummary, TestEnv};

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

/// `newsidx ARGS...` on the shared sample index, read as JSON Lines.
fn run(args: &[&str]) -> (Vec<String>, JsonSummary) {
    let out = sample().cmd().args(args).output().unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (hits, summary) = parse_json_lines(&out.stdout);
    (hits.into_iter().map(|h| h.path).collect(), summary)
}

#[test]
fn unquoted_words_are_one_query_joined_with_spaces() {
    let (paths, summary) = run(&["query", "grid", "winter", "--index", "idx", "--json"]);
    assert_eq!(summary.query, "grid winter");
    let (quoted, _) = run(&["query", "grid winter", "--index", "idx", "--json"]);
    assert_eq!(paths, quoted);
    // Both words count: the articles with both come first, and are fewer
    // than those with grid.
    assert_eq!(
        paths[..summary.total_hits],
        sample().paths("grid winter", &[])[..]
    );
    assert!(summary.total_hits < sample().paths("grid", &[]).len());
}

#[test]
fn a_word_that_starts_with_a_dash_excludes_as_in_a_quoted_query() {
    let (paths, summary) = run(&["query", "wind", "-solar", "--index", "idx", "--json"]);
    assert_eq!(summary.query, "wind -solar");
    assert_eq!(paths, sample().paths("wind -solar", &[]));
    // The exclusion took effect: solar's articles are gone from wind's.
    assert!(paths.len() < sample().paths("wind", &[]).len());
}

#[test]
fn a_limit_before_or_after_the_words_is_the_limit() {
    let all = sample().paths("wind -solar", &[]);
    assert!(all.len() > 2);
    for args in [
        &[
            "query", "--limit", "2", "wind", "-solar", "--index", "idx", "--json",
        ][..],
        &[
            "query", "wind", "-solar", "--limit", "2", "--index", "idx", "--json",
        ],
        &[
            "query", "wind", "--limit", "2", "-solar", "--json", "--index", "idx",
        ],
        &[
            "query",
            "wind",
            "-solar",
            "-n",
            "2",
            "--index=idx",
            "--json",
        ],
        &["query", "-n2", "wind", "-solar", "--index", "idx", "--json"],
    ] {
        let (paths, summary) = run(args);
        assert_eq!(summary.query, "wind -solar", "{args:?}");
        assert_eq!(paths, all[..2], "{args:?}");
        assert_eq!(summary.total_hits, all.len(), "{args:?}");
    }
}

#[test]
fn a_query_that_starts_with_a_dash_works_quoted_unquoted_or_after_double_dash() {
    let quoted = run(&["query", "-draft +budget", "--index", "idx", "--json"]);
    let unquoted = run(&["query", "-draft", "+budget", "--index", "idx", "--json"]);
    let escaped = run(&[
        "query", "--index", "idx", "--json", "--", "-draft", "+budget",
    ]);
    for (paths, summary) in [&quoted, &unquoted, &escaped] {
        assert_eq!(summary.query, "-draft +budget");
        assert_eq!(*paths, quoted.0);
    }
    assert!(!quoted.0.is_empty());
}

#[test]
fn words_after_a_double_dash_are_searched_even_when_they_look_like_options() {
    // `-n` would be --limit, and take `1` as its value, before the `--`.
    let (_, summary) = run(&["query", "--index", "idx", "--json", "--", "wind", "-n", "1"]);
    assert_eq!(summary.query, "wind -n 1");
}

#[test]
fn an_option_given_again_after_the_words_wins() {
    // As a shell alias with `--limit 5` built in would be overridden.
    let (paths, _) = run(&[
        "query", "--limit", "5", "wind", "--index", "idx", "--json", "--limit", "1",
    ]);
    assert_eq!(paths.len(), 1);
}
