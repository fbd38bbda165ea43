//! Exit codes and the messages users see when something is wrong.

use predicates::prelude::*;

use crate::testenv::TestEnv;

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

/// An error is one `error:` line, then at most one `hint:` line.
fn assert_one_error(stderr: &[u8], needle: &str) {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("newsidx: error: ") && lines[0].contains(needle),
        "{text}"
    );
    assert!(lines.len() <= 2, "{text}");
    assert!(
        lines[1..].iter().all(|l| l.starts_with("newsidx: hint: ")),
        "{text}"
    );
    assert!(!text.contains("panicked"), "{text}");
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
fn unbalanced_parenthesis_is_a_syntax_error() {
    let out = sample().query("title:(", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_one_error(&out.stderr, "invalid query syntax");
}

#[test]
fn unbalanced_quote_is_a_syntax_error() {
    let out = sample().query("\"harsh winter", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "invalid query syntax");
}

#[test]
fn unknown_field_is_named() {
    let out = sample().query("author:smith", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "unknown field \"author\"");
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
    let out = sample().query("  ", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "the query is empty");
}

#[test]
fn only_excluded_terms_is_explained() {
    let out = sample().query("-wind", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "the query only excludes terms");
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
fn wildcard_without_a_word_is_explained() {
    for (query, shown) in [("title:!*", "\"!*\""), ("_*", "\"_*\""), ("..*", "\"..*\"")] {
        let out = sample().query(query, &[]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert_one_error(
            &out.stderr,
            &format!("invalid query syntax in {shown}: a wildcard needs one word before the *"),
        );
    }
}

#[test]
fn wildcard_after_a_minus_is_a_syntax_error() {
    // tantivy's grammar rejects this before newsidx sees the wildcard, so
    // the message is the general one.
    let out = sample().query("title:-*", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "invalid query syntax in \"title:-*\"");
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
fn deeply_nested_parentheses_answer_as_the_bare_word() {
    // Grouping one word changes nothing, however deep: the same articles in
    // the same order as `wind`.
    let query = format!("{}wind{}", "(".repeat(5000), ")".repeat(5000));
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
fn leading_wildcard_does_not_crash() {
    let out = sample().query("*wind", &["--json"]).output().unwrap();
    assert!(matches!(out.status.code(), Some(0) | Some(1) | Some(2)));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn a_huge_limit_returns_every_hit_without_reserving_for_the_limit() {
    let (hits, summary) = sample().query_json("wind", &["--limit", "1000000"]);
    assert_eq!(hits.len(), summary.total_hits);
}
