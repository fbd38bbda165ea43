//! `kill -9` during `index` loses nothing: the index stays readable at its
//! last commit, and the next run finishes the work without duplicates.

use std::collections::HashSet;
use std::time::Duration;

use crate::testenv::TestEnv;

const ARTICLES: usize = 3000;

fn write_corpus(env: &TestEnv) {
    for i in 0..ARTICLES {
        env.write(
            &format!("batch{}/a{i:05}.txt", i / 500),
            format!(
                "Godwit survey number {i}\nCounts from site {i}.\n4 December 2024 16:16\n\"We counted {i} birds,\" said Ann Lee.\n"
            ),
        );
    }
}

#[test]
fn killing_the_indexer_at_any_point_loses_and_duplicates_nothing() {
    let env = TestEnv::empty();
    write_corpus(&env);
    let mut committed: Vec<usize> = Vec::new();
    // Different moments: while creating, while parsing, near the commit.
    for delay_ms in [5, 60, 150, 250, 400] {
        let mut child = env.spawn_index();
        std::thread::sleep(Duration::from_millis(delay_ms));
        // On Unix this is SIGKILL: no destructor, no flush, no commit.
        let _ = child.kill();
        let _ = child.wait();

        if env.index_dir().join("meta.json").exists() {
            // Whatever was committed must open, answer, and hold each
            // article at most once.
            let out = env
                .query("godwit", &["--json", "--limit", "100000"])
                .output()
                .unwrap();
            let code = out.status.code();
            assert!(
                code == Some(0) || code == Some(1),
                "after a kill at {delay_ms} ms the index does not answer: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let (hits, summary) = crate::testenv::parse_json_lines(&out.stdout);
            let unique: HashSet<&str> = hits.iter().map(|h| h.path.as_str()).collect();
            assert_eq!(unique.len(), summary.total_hits, "duplicates after a kill");
            assert!(summary.total_hits <= ARTICLES);
            committed.push(summary.total_hits);
        }
    }

    eprintln!("articles committed after each kill: {committed:?}");
    env.index_cmd(&[]).assert().success();
    let (hits, summary) = env.query_json("godwit", &["--limit", "100000"]);
    assert_eq!(summary.total_hits, ARTICLES);
    let paths: HashSet<&str> = hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(paths.len(), ARTICLES, "duplicates in the index");
    for i in [0, 1499, 2999] {
        let p = format!("batch{}/a{i:05}.txt", i / 500);
        assert!(paths.contains(p.as_str()), "{p} is missing");
    }
    // And a rerun finds nothing left to do.
    env.index().stderr(predicates::str::contains(format!(
        "0 added, 0 updated, 0 removed, {ARTICLES} unchanged"
    )));
}
