//! `index --full` rebuilds beside the old index: until the rebuild commits,
//! queries see the whole old index, and an interrupted rebuild leaves it.

use std::process::Command;

use crate::testenv::{assert_one_error, TestEnv};

/// More files than one parsing chunk (1,024), so a rebuild has a moment
/// between chunks at which it can be stopped.
const ARTICLES: usize = 1500;

fn write_corpus(env: &TestEnv, word: &str, count: usize) {
    for i in 0..count {
        env.write(
            &format!("part{}/a{i:05}.txt", i / 500),
            format!(
                "{word} report {i}\nA lead.\n4 December 2024 16:16\nThe {word} count was {i}.\n"
            ),
        );
    }
}

fn total(env: &TestEnv, query: &str) -> usize {
    env.query_json(query, &["--limit", "0"]).1.total_hits
}

fn full_rebuild(env: &TestEnv) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("newsidx"));
    cmd.args(["index", "corpus", "--index", "idx", "--full", "--quiet"])
        .current_dir(env.corpus().parent().unwrap());
    cmd
}

#[test]
fn an_interrupted_rebuild_leaves_the_old_index_whole() {
    let env = TestEnv::empty();
    write_corpus(&env, "godwit", ARTICLES);
    env.index();
    // The folder changes, then a rebuild stops dead after its first chunk
    // (test builds abort there when asked, as `kill -9` would).
    std::fs::remove_dir_all(env.corpus()).unwrap();
    write_corpus(&env, "curlew", ARTICLES - 100);
    let status = full_rebuild(&env)
        .env("NEWSIDX_TEST_ABORT_AFTER_CHUNKS", "1")
        .status()
        .unwrap();
    assert!(!status.success(), "the rebuild was meant to be stopped");
    assert_eq!(total(&env, "godwit"), ARTICLES);
    assert_eq!(total(&env, "curlew"), 0);
    assert_eq!(total(&env, "*"), ARTICLES);

    // Finished, the rebuild replaces the old articles at once.
    assert!(full_rebuild(&env).status().unwrap().success());
    assert_eq!(total(&env, "godwit"), 0);
    assert_eq!(total(&env, "curlew"), ARTICLES - 100);
    assert_eq!(total(&env, "*"), ARTICLES - 100);
}

#[test]
fn queries_during_a_rebuild_see_the_old_index_or_the_new_one() {
    let env = TestEnv::empty();
    write_corpus(&env, "godwit", ARTICLES);
    env.index();
    std::fs::remove_dir_all(env.corpus()).unwrap();
    write_corpus(&env, "curlew", ARTICLES - 100);
    let mut child = full_rebuild(&env).spawn().unwrap();
    let mut seen = Vec::new();
    loop {
        let done = child.try_wait().unwrap().is_some();
        // One query sees one state of the index: count both kinds in it.
        let (hits, summary) = env.query_json("godwit OR curlew", &["--limit", "5000"]);
        assert_eq!(hits.len(), summary.total_hits);
        let godwit = hits
            .iter()
            .filter(|h| h.title.starts_with("godwit"))
            .count();
        let curlew = hits
            .iter()
            .filter(|h| h.title.starts_with("curlew"))
            .count();
        assert!(
            (godwit, curlew) == (ARTICLES, 0) || (godwit, curlew) == (0, ARTICLES - 100),
            "a query saw {godwit} old and {curlew} new articles"
        );
        seen.push(curlew > 0);
        if done {
            break;
        }
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(seen.last(), Some(&true), "the rebuild did not switch");
    eprintln!(
        "queries during the rebuild: {} saw the old index, {} the new",
        seen.iter().filter(|new| !**new).count(),
        seen.iter().filter(|new| **new).count()
    );
}

#[test]
fn a_rebuild_with_other_settings_switches_them_with_the_articles() {
    let env = TestEnv::empty();
    env.write(
        "a.txt",
        "Tern colony\nA lead.\n4 December 2024 00:30\nThe terns are back.\n",
    );
    env.index();
    // Dates without a zone read in Oslo are an hour earlier, the day before.
    env.index_cmd(&["--full", "--timezone", "Europe/Oslo"])
        .assert()
        .success();
    let (hits, _) = env.query_json("tern", &[]);
    assert_eq!(hits[0].date.as_deref(), Some("2024-12-03T23:30:00Z"));
    // And the index now records Oslo: an update without it is refused.
    env.index_cmd(&[]).assert().code(2);
    env.index_cmd(&["--timezone", "Europe/Oslo"])
        .assert()
        .success();
}

#[test]
fn an_index_of_another_version_is_refused_with_the_command_that_rebuilds_it() {
    let env = TestEnv::empty();
    env.write(
        "a.txt",
        "Tern colony\nA lead.\n4 December 2024\nThe terns.\n",
    );
    env.index();
    // As the schema before titles had a column left it.
    let meta = env.index_dir().join("meta.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    let title = json["schema"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|field| field["name"] == "title")
        .unwrap();
    assert_eq!(title["options"]["fast"], true);
    title["options"]["fast"] = false.into();
    std::fs::write(&meta, json.to_string()).unwrap();
    let out = env
        .cmd()
        .args(["query", "tern", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_one_error(&out.stderr, "built by an incompatible version of newsidx");
    // The hint names the folder the index was built from, so that it can
    // be pasted as it is.
    let corpus = env.corpus().canonicalize().unwrap();
    let hint = format!(
        "newsidx: hint: rebuild it with `newsidx index {} --index idx --full`",
        corpus.display()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&hint), "{stderr}");
    env.index_cmd(&["--full"]).assert().success();
    assert_eq!(total(&env, "tern"), 1);
}
