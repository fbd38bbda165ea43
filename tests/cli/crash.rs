//! A crash during `index` loses nothing: the index stays readable at its
//! last commit, and the next run finishes the work without duplicates.
//!
//! Timed `kill -9`s land wherever the machine's speed puts them, so they
//! may never hit a half-written run. The deterministic tests make the debug
//! binary abort right after its N-th commit (`NEWSIDX_TEST_ABORT_AFTER_COMMITS`,
//! read in debug builds only), so a run with some but not all articles
//! committed is always tested.

use std::collections::HashSet;
use std::time::Duration;

use crate::testenv::TestEnv;

const ARTICLES: usize = 3000;
/// Files the indexer parses between two commits under `--commit-every 0`.
const CHUNK: usize = 1024;

fn write_corpus(env: &TestEnv) {
    for i in 0..ARTICLES {
        env.write(&article_path(i), format!(
            "Godwit survey number {i}\nCounts from site {i}.\n4 December 2024 16:16\n\"We counted {i} birds,\" said Ann Lee.\n"
        ));
    }
}

fn article_path(i: usize) -> String {
    format!("batch{}/a{i:05}.txt", i / 500)
}

/// The articles the index holds now, after checking that it answers, that
/// no article is there twice, and that each is whole (its title belongs to
/// its path).
fn committed(env: &TestEnv) -> HashSet<String> {
    let (hits, summary) = env.query_json("godwit", &["--limit", "100000", "--exact-count"]);
    assert!(summary.total_exact);
    assert_eq!(summary.total_hits, hits.len());
    let mut paths = HashSet::new();
    for hit in hits {
        let i: usize = hit.title["Godwit survey number ".len()..].parse().unwrap();
        assert_eq!(hit.path, article_path(i), "{hit:?}");
        assert!(paths.insert(hit.path), "duplicate article after a crash");
    }
    // The quote index commits just before the articles: after a crash it
    // holds the quote of every committed article, once (and, when the
    // crash fell between the two commits, the next ones' too).
    assert!(
        paths.is_subset(&quoted(env)),
        "a committed article lost its quote"
    );
    paths
}

/// The articles whose quote the quote index holds, after checking that
/// none is there twice.
fn quoted(env: &TestEnv) -> HashSet<String> {
    let out = env
        .cmd()
        .args(["quotes", "*", "--index", "idx", "--limit", "all", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut quoted = HashSet::new();
    for line in text.lines().filter(|l| l.contains(r#""type":"quote""#)) {
        let quote: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(quote["speaker"], "Ann Lee");
        let path = quote["path"].as_str().unwrap().to_string();
        assert!(quoted.insert(path), "a quote twice after a crash");
    }
    quoted
}

/// `newsidx index`, committing after every chunk, made to abort right
/// after its `commits`-th commit.
fn index_until_abort(env: &TestEnv, commits: usize) {
    let out = env
        .index_cmd(&["--quiet", "--commit-every", "0"])
        .env("NEWSIDX_TEST_ABORT_AFTER_COMMITS", commits.to_string())
        .output()
        .unwrap();
    // abort() ends the process by a signal, so there is no exit code.
    assert_eq!(
        out.status.code(),
        None,
        "the indexer did not abort after commit {commits}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A normal run finishes the work: it adds only what was not committed,
/// the index then holds every article once, and a rerun has nothing to do.
fn finish(env: &TestEnv, committed_before: usize) {
    env.index().stderr(predicates::str::contains(format!(
        "{} added, 0 updated, 0 removed, {committed_before} unchanged",
        ARTICLES - committed_before
    )));
    let paths = committed(env);
    assert_eq!(paths.len(), ARTICLES);
    assert_eq!(
        quoted(env),
        paths,
        "quotes and articles differ after a full run"
    );
    for i in [0, 1499, 2999] {
        assert!(paths.contains(&article_path(i)), "article {i} is missing");
    }
    env.index().stderr(predicates::str::contains(format!(
        "0 added, 0 updated, 0 removed, {ARTICLES} unchanged"
    )));
}

#[test]
fn an_abort_after_the_first_commit_keeps_it_and_the_next_runs_resume() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the abort hook exists in debug builds only");
        return;
    }
    let env = TestEnv::empty();
    write_corpus(&env);

    index_until_abort(&env, 1);
    let first = committed(&env);
    eprintln!(
        "articles committed after an abort after commit 1: {}",
        first.len()
    );
    assert_eq!(first.len(), CHUNK);

    // A second interrupted run skips what is committed and adds one chunk.
    index_until_abort(&env, 1);
    let second = committed(&env);
    eprintln!(
        "articles committed after a second such abort: {}",
        second.len()
    );
    assert_eq!(second.len(), 2 * CHUNK);
    assert!(first.is_subset(&second));

    finish(&env, 2 * CHUNK);
}

#[test]
fn an_abort_after_the_second_commit_keeps_both() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the abort hook exists in debug builds only");
        return;
    }
    let env = TestEnv::empty();
    write_corpus(&env);

    index_until_abort(&env, 2);
    let kept = committed(&env).len();
    eprintln!("articles committed after an abort after commit 2: {kept}");
    assert_eq!(kept, 2 * CHUNK);

    finish(&env, 2 * CHUNK);
}

#[test]
fn killing_the_indexer_at_any_moment_loses_and_duplicates_nothing() {
    let env = TestEnv::empty();
    write_corpus(&env);
    let mut kept: Vec<usize> = Vec::new();
    // Wherever these land on this machine: while creating, while parsing,
    // near a commit. The tests above make sure a half-written run is hit.
    for delay_ms in [5, 60, 150, 250, 400] {
        let mut child = env.spawn_index();
        std::thread::sleep(Duration::from_millis(delay_ms));
        // On Unix this is SIGKILL: no destructor, no flush, no commit.
        let _ = child.kill();
        let _ = child.wait();
        if env.index_dir().join("meta.json").exists() {
            kept.push(committed(&env).len());
        }
    }
    eprintln!("articles committed after each timed kill: {kept:?}");
    let before = kept.last().copied().unwrap_or(0);
    finish(&env, before);
}
