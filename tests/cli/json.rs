//! The `--json` output contract: every line parses into strict structs.

use crate::testenv::TestEnv;

#[test]
fn hits_carry_every_field_with_rfc3339_dates() {
    let (hits, summary) = TestEnv::shared_sample().query_json("quillmarsh", &[]);
    assert_eq!(summary.query, "quillmarsh");
    assert_eq!(summary.total_hits, 1);
    // `elapsed_ms` is pinned by the strict summary struct: present, and a
    // JSON number. Its value is a timing, which tests do not assert.
    let hit = &hits[0];
    assert_eq!(hit.rank, 1);
    assert!(hit.score > 0.0);
    assert_eq!(hit.path, "2024/2024-06-27-drought-quillmarsh.txt");
    assert_eq!(
        hit.title,
        "Hosepipe ban announced as Quillmarsh reservoir falls to record low"
    );
    assert!(hit
        .lead
        .as_deref()
        .is_some_and(|l| l.starts_with("Around 1.8 million")));
    assert_eq!(hit.date.as_deref(), Some("2024-06-27T16:50:00Z"));
    assert!(!hit.speakers.is_empty());
}

#[test]
fn every_hit_has_an_id_that_is_not_its_path_and_differs_between_articles() {
    let env = TestEnv::shared_sample();
    let (hits, _) = env.query_json("*", &["--limit", "100"]);
    let mut ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    for hit in &hits {
        assert!(!hit.id.is_empty() && !hit.id.contains('/'), "{}", hit.id);
        assert!(!hit.id.contains(&hit.path));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), hits.len());
    // Under a date order, the same article has the same id.
    let (by_date, _) = env.query_json("quillmarsh", &["--sort", "date"]);
    let same = hits.iter().find(|h| h.path == by_date[0].path).unwrap();
    assert_eq!(same.id, by_date[0].id);
}

#[test]
fn highlights_are_byte_ranges_of_matched_words_in_the_snippet() {
    let (hits, _) = TestEnv::shared_sample().query_json("heatwave", &[]);
    assert_eq!(hits.len(), 3);
    for hit in &hits {
        assert!(!hit.highlights.is_empty(), "{hit:?}");
        for &[start, end] in &hit.highlights {
            let word = hit
                .snippet
                .get(start..end)
                .expect("range on char boundaries");
            assert_eq!(word.to_lowercase(), "heatwave", "{hit:?}");
        }
        assert!(!hit.snippet.contains('\n'));
    }
}

#[test]
fn non_ascii_text_survives_as_utf8() {
    let (hits, _) = TestEnv::shared_sample().query_json("speaker:wróbel", &[]);
    assert!(hits
        .iter()
        .all(|h| h.speakers.iter().any(|s| s == "Łukasz Wróbel")));
}

#[test]
fn ranks_follow_the_offset() {
    let (hits, _) = TestEnv::shared_sample().query_json("wind", &["--offset", "2", "--limit", "3"]);
    let ranks: Vec<usize> = hits.iter().map(|h| h.rank).collect();
    assert_eq!(ranks, [3, 4, 5]);
}

#[test]
fn scores_never_increase_down_the_ranking() {
    let (hits, _) = TestEnv::shared_sample().query_json("wind OR solar", &["--limit", "100"]);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
}
