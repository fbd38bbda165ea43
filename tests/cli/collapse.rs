//! `--collapse`: a planted near-copy of a sample story is shown once,
//! with its copy named, while unrelated stories on the same subject stay
//! hits of their own; counts and facets still count articles; pages of
//! groups never repeat one. Whether the groups are right on many queries
//! is the semantics suite's question (`tests/semantics/collapse.rs`).

use std::collections::BTreeSet;

use crate::testenv::{sample_corpus, TestEnv};

const ORIGINAL: &str = "2024/2024-08-13-heatwave-grid-strain.txt";
const COPY: &str = "2024/wire/heatwave-grid-strain-update.txt";

/// The sample corpus with a rewrite of one heatwave story: another
/// headline, two words changed, two paragraphs swapped, dated a day
/// later, as a wire update is.
fn env_with_copy() -> TestEnv {
    let env = TestEnv::with_sample_corpus();
    let text = std::fs::read_to_string(sample_corpus().join(ORIGINAL)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[0] = "UPDATE 1-Grid calls on reserve plants as heat drives record demand".into();
    lines[2] = "14 August 2024 09:10".into();
    lines.swap(3, 5);
    let body = lines
        .join("\n")
        .replace("four hours", "five hours")
        .replace("thinner", "tighter");
    env.write(COPY, body);
    env.index();
    env
}

#[test]
fn a_planted_near_copy_collapses_and_unrelated_stories_do_not() {
    let env = env_with_copy();
    let (plain, summary) = env.query_json("heatwave", &["--all-words"]);
    let plain_paths: BTreeSet<String> = plain.iter().map(|h| h.path.clone()).collect();
    assert!(plain_paths.contains(ORIGINAL) && plain_paths.contains(COPY));
    assert!(plain.len() >= 3, "{plain_paths:?}");
    assert!(plain.iter().all(|h| h.duplicates.is_none()));
    assert_eq!(summary.groups, None);

    let (hits, collapsed) = env.query_json("heatwave", &["--collapse"]);
    assert_eq!(
        collapsed.total_hits, summary.total_hits,
        "articles, not groups"
    );
    assert_eq!(collapsed.groups, Some(plain.len() - 1));
    assert_eq!(hits.len(), plain.len() - 1);
    let ranks: Vec<usize> = hits.iter().map(|h| h.rank).collect();
    assert_eq!(ranks, (1..=hits.len()).collect::<Vec<_>>());
    for hit in &hits {
        let paths = hit.duplicate_paths.clone().unwrap();
        if hit.path == ORIGINAL || hit.path == COPY {
            let other = if hit.path == ORIGINAL { COPY } else { ORIGINAL };
            assert_eq!((hit.duplicates, paths), (Some(1), vec![other.to_string()]));
        } else {
            assert_eq!((hit.duplicates, paths.len()), (Some(0), 0), "{}", hit.path);
        }
    }
    // The group is shown by its better-ranked member.
    let first_of_pair = plain
        .iter()
        .find(|h| h.path == ORIGINAL || h.path == COPY)
        .unwrap();
    assert!(hits.iter().any(|h| h.path == first_of_pair.path));
}

#[test]
fn pages_of_groups_never_repeat_a_group() {
    let env = env_with_copy();
    let (all, summary) = env.query_json("*", &["--collapse", "--limit", "100"]);
    let groups = summary.groups.unwrap();
    assert_eq!(all.len(), groups);
    assert_eq!(summary.total_hits, groups + 1);
    let mut paged = Vec::new();
    for offset in (0..groups).step_by(7) {
        let offset = offset.to_string();
        let (page, _) = env.query_json("*", &["--collapse", "-n", "7", "--offset", &offset]);
        paged.extend(page.into_iter().map(|h| (h.rank, h.path)));
    }
    let whole: Vec<(usize, String)> = all.into_iter().map(|h| (h.rank, h.path)).collect();
    assert_eq!(paged, whole);
}

#[test]
fn sorted_by_date_a_group_is_shown_by_its_newest_article() {
    let env = env_with_copy();
    let (hits, _) = env.query_json("heatwave", &["--collapse", "--sort", "date"]);
    assert!(
        hits.iter().any(|h| h.path == COPY),
        "the copy is a day newer"
    );
    assert!(hits.iter().all(|h| h.path != ORIGINAL));
    let dates: Vec<String> = hits.iter().filter_map(|h| h.date.clone()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
}

#[test]
fn human_output_names_the_near_duplicates_and_counts_groups() {
    let env = env_with_copy();
    let out = env.query("heatwave", &["--collapse"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("+1 near-duplicate: ").count(), 1, "{stdout}");
    assert!(!stdout.contains("near-duplicates"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("newsidx: groups 1-") && stderr.contains(" matching articles ("),
        "{stderr}"
    );
}

#[test]
fn facets_under_collapse_count_articles() {
    let env = env_with_copy();
    let facet = |args: &[&str]| -> String {
        let out = env.query("heatwave", args).arg("--json").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines()
            .find(|l| l.contains(r#""type":"facet""#))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        facet(&["--facet", "year", "--collapse"]),
        facet(&["--facet", "year", "--all-words"])
    );
}
