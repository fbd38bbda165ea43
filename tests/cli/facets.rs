//! `--facet`: the JSON lines, the tables and the timeline, and the limits.
//! Whether the counts are right is the semantics suite's question (it
//! counts article by article); these pin what a user sees.

use serde_json::Value;

use crate::testenv::{assert_one_error, TestEnv};

/// The facet lines of a `--json` run, by field, and the summary.
fn facet_lines(args: &[&str]) -> (Vec<Value>, Value) {
    let env = TestEnv::shared_sample();
    let out = env.query("*", args).arg("--json").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, rest) = lines.split_last().unwrap();
    let facets = rest
        .iter()
        .filter(|l| l["type"] == "facet")
        .cloned()
        .collect();
    (facets, summary.clone())
}

#[test]
fn facet_lines_come_before_the_summary_in_the_order_asked() {
    let (facets, summary) = facet_lines(&["--facet", "year", "--facet", "folder:2", "-n", "0"]);
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["total_exact"], true);
    let fields: Vec<&str> = facets
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["year", "folder"]);
    let years: Vec<(&str, u64)> = facets[0]["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["key"].as_str().unwrap(), b["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        years.iter().map(|y| y.0).collect::<Vec<_>>(),
        ["2023", "2024", "2025"]
    );
    let dated: u64 = years.iter().map(|y| y.1).sum();
    let total = summary["total_hits"].as_u64().unwrap();
    assert_eq!(dated + facets[0]["missing"].as_u64().unwrap(), total);
    // Two folders shown, the third summed in `other`; every sample
    // article is in a folder.
    let folders = facets[1]["buckets"].as_array().unwrap();
    assert_eq!(folders.len(), 2);
    let shown: u64 = folders.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(shown + facets[1]["other"].as_u64().unwrap(), total);
    assert_eq!(facets[1]["missing"], 0);
}

#[test]
fn a_month_timeline_shows_empty_months_as_lines_without_a_bar() {
    let env = TestEnv::shared_sample();
    let out = env
        .query("*", &["--facet", "month", "-n", "0", "--color", "never"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("   20")).collect();
    assert!(rows.len() >= 24, "{text}");
    for pair in rows.windows(2) {
        assert!(pair[0] < pair[1], "months in order: {pair:?}");
    }
    let empty = rows
        .iter()
        .filter(|r| !r.contains('█') && !r.contains('▏'))
        .count();
    assert!(empty > 0, "some months have no article: {text}");
    for row in &rows {
        assert!(
            row.chars().count() <= 80,
            "80 columns when not a terminal: {row:?}"
        );
        let count: u64 = row.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert_eq!(
            count == 0,
            !row.contains(['█', '▏', '▎', '▍', '▌', '▋', '▊', '▉']),
            "{row}"
        );
    }
    assert!(!text.contains('\u{1b}'), "no colour when told not to");
}

#[test]
fn facet_mistakes_say_what_is_allowed() {
    let env = TestEnv::shared_sample();
    for (value, says) in [
        (
            "spekaer",
            "the fields are speaker, folder, outlet, author, lang, year, month, day",
        ),
        ("speaker:0", "from 1 to 10000"),
        ("outlet:0", "from 1 to 10000"),
        ("author:x", "from 1 to 10000"),
        ("speaker:1000000000", "from 1 to 10000"),
        ("speaker:many", "from 1 to 10000"),
        ("month:5", "takes no count"),
    ] {
        let out = env.query("heatwave", &["--facet", value]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{value}: {out:?}");
        assert_one_error(&out.stderr, says);
    }
}

#[test]
fn speakers_are_counted_by_article_under_their_names() {
    let (facets, summary) = facet_lines(&["--facet", "speaker:10000", "-n", "0"]);
    let speakers = &facets[0];
    let buckets = speakers["buckets"].as_array().unwrap();
    assert!(buckets.len() > 10);
    let counts: Vec<u64> = buckets
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "largest first");
    assert_eq!(speakers["other"], 0, "every bucket shown");
    assert!(speakers["missing"].as_u64().unwrap() < summary["total_hits"].as_u64().unwrap());
}

#[test]
fn a_folder_bucket_is_followed_with_folder() {
    let env = TestEnv::shared_sample();
    let (facets, _) = facet_lines(&["--facet", "folder", "-n", "0"]);
    for bucket in facets[0]["buckets"].as_array().unwrap() {
        let folder = bucket["key"].as_str().unwrap();
        let paths = env.path_set(&format!("folder:{folder}"));
        assert_eq!(
            paths.len() as u64,
            bucket["count"].as_u64().unwrap(),
            "{folder}"
        );
        assert!(paths.iter().all(|p| p.starts_with(&format!("{folder}/"))));
    }
    let both = env.path_set("folder:(2023 OR 2025)");
    assert_eq!(
        both.len(),
        env.path_set("folder:2023").len() + env.path_set("folder:2025").len()
    );
    assert_eq!(env.path_set("folder:202*").len(), env.path_set("*").len());
    assert_eq!(env.path_set("folder:*").len(), env.path_set("*").len());
    assert!(env
        .path_set("folder:2023-02-14-rail-strike-talks.txt")
        .is_empty());
}

#[test]
fn a_mistyped_field_name_is_suggested_put_right() {
    let env = TestEnv::shared_sample();
    let (hits, summary) = env.query_json("tittle:heatwave", &[]);
    assert!(hits.is_empty());
    assert_eq!(
        summary.suggestions.first().map(String::as_str),
        Some("title:heatwave")
    );
    let (hits, _) = env.query_json("title:heatwave", &[]);
    assert!(!hits.is_empty());
}

/// `=heatwaves` asks for that one form, which the sample corpus never
/// writes; the answer offers the word in every form, which it does.
#[test]
fn a_word_in_a_form_the_archive_lacks_is_offered_in_every_form() {
    let env = TestEnv::shared_sample();
    let (hits, summary) = env.query_json("=heatwaves", &[]);
    assert!(hits.is_empty());
    assert_eq!(summary.suggestions, ["heatwaves"]);
    let (hits, _) = env.query_json("heatwaves", &[]);
    assert!(!hits.is_empty());
}
