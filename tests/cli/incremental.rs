//! Incremental indexing: only what changed is read, and the index always
//! equals the folder.

use std::time::{Duration, SystemTime};

use predicates::prelude::*;

use crate::testenv::{count_files, sample_corpus, TestEnv};

fn article(title: &str) -> String {
    format!("{title}\nA lead.\n4 December 2024 16:16\nA body paragraph.\n")
}

#[test]
fn a_rerun_with_nothing_changed_parses_nothing() {
    let env = TestEnv::with_sample_corpus();
    let files = count_files(&sample_corpus(), "txt");
    env.index();
    env.index()
        .stderr(predicate::str::contains("indexed 0 articles"))
        .stderr(predicate::str::contains(format!(
            "files: 0 added, 0 updated, 0 removed, {files} unchanged"
        )));
    assert_eq!(env.query_json("*", &[]).1.total_hits, files);
}

#[test]
fn added_changed_and_deleted_files_are_followed() {
    let env = TestEnv::empty();
    env.write("keep.txt", article("Kestrel keeps"));
    env.write("change.txt", article("Kestrel before"));
    env.write("delete.txt", article("Kestrel doomed"));
    env.index();
    env.write("new.txt", article("Kestrel arrives"));
    env.write("change.txt", article("Kestrel after the change"));
    std::fs::remove_file(env.corpus().join("delete.txt")).unwrap();
    env.index()
        .stderr(predicate::str::contains("indexed 2 articles"))
        .stderr(predicate::str::contains(
            "files: 1 added, 1 updated, 1 removed, 1 unchanged",
        ));
    let mut paths = env.paths("kestrel", &[]);
    paths.sort();
    assert_eq!(paths, ["change.txt", "keep.txt", "new.txt"]);
    assert!(env.paths("before", &[]).is_empty());
    assert!(env.paths("doomed", &[]).is_empty());
}

#[test]
fn a_touched_but_unchanged_file_is_not_reindexed() {
    let env = TestEnv::empty();
    let path = env.write("a.txt", article("Plover news"));
    env.index();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    env.index()
        .stderr(predicate::str::contains("indexed 0 articles"))
        .stderr(predicate::str::contains(
            "0 updated, 0 removed, 1 unchanged",
        ));
}

#[test]
fn a_json_lines_file_that_lost_lines_loses_their_articles() {
    let env = TestEnv::empty();
    let line = |t: &str| format!("{{\"title\": \"{t}\", \"text\": \"Sandpiper count.\"}}\n");
    env.write(
        "feed.jsonl",
        [line("One"), line("Two"), line("Three")].concat(),
    );
    env.index();
    assert_eq!(env.paths("sandpiper", &[]).len(), 3);
    env.write("feed.jsonl", line("Only"));
    env.index()
        .stderr(predicate::str::contains("0 added, 1 updated"));
    assert_eq!(env.paths("sandpiper", &[]), ["feed.jsonl#1"]);
    assert_eq!(env.paths("title:only", &[]), ["feed.jsonl#1"]);
}

#[test]
fn a_moved_corpus_is_not_duplicated() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Curlew survey"));
    env.write("sub/b.txt", article("Curlew return"));
    env.index();
    std::fs::rename(env.corpus(), env.index_dir().with_file_name("moved")).unwrap();
    env.cmd()
        .args(["index", "moved", "--index", "idx"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "0 added, 0 updated, 0 removed, 2 unchanged",
        ));
    assert_eq!(env.query_json("*", &[]).1.total_hits, 2);
}

#[test]
fn another_folder_into_the_same_index_is_refused() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Lapwing"));
    env.index();
    let other = env.index_dir().with_file_name("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("b.txt"), article("Dunlin")).unwrap();
    let out = env
        .cmd()
        .args(["index", "other", "--index", "idx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("was built from"), "{stderr}");
    assert!(stderr.contains("--full"), "{stderr}");
    assert_eq!(env.paths("lapwing", &[]), ["a.txt"]);

    env.cmd()
        .args(["index", "other", "--index", "idx", "--full"])
        .assert()
        .success()
        .stderr(predicate::str::contains("files: 1 added"));
    assert!(env.paths("lapwing", &[]).is_empty());
    assert_eq!(env.paths("dunlin", &[]), ["b.txt"]);
}

#[test]
fn changing_the_timezone_asks_for_a_full_rebuild() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Godwit"));
    env.index();
    let out = env
        .cmd()
        .args([
            "index",
            "corpus",
            "--index",
            "idx",
            "--timezone",
            "Europe/Oslo",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--timezone UTC (now Europe/Oslo)"),
        "{stderr}"
    );
    assert!(stderr.contains("--full"), "{stderr}");
}

#[test]
fn full_rebuild_reindexes_every_file() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Redshank"));
    env.index();
    env.index_cmd(&["--full"])
        .assert()
        .success()
        .stderr(predicate::str::contains("indexed 1 article in"))
        .stderr(predicate::str::contains(
            "files: 1 added, 0 updated, 0 removed, 0 unchanged",
        ));
    assert_eq!(env.paths("redshank", &[]), ["a.txt"]);
}

#[test]
fn a_second_writer_is_refused_at_once() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Avocet"));
    env.index();
    let index = tantivy::Index::open_in_dir(env.index_dir()).unwrap();
    let _held = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 50_000_000)
        .unwrap();
    let out = env.index_cmd(&[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is being written by another process"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn damaged_settings_are_reported() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Turnstone"));
    env.index();
    std::fs::write(env.index_dir().join("newsidx.json"), "{ garbage").unwrap();
    let out = env.index_cmd(&[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newsidx.json is damaged"));
}

fn segment_files(env: &TestEnv, ext: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(env.index_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect()
}

#[test]
fn a_deleted_segment_file_is_reported_and_full_repairs_it() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Whimbrel"));
    env.index();
    for file in segment_files(&env, "term") {
        std::fs::remove_file(file).unwrap();
    }
    let out = env.query("whimbrel", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(stderr.contains("--full"), "{stderr}");
    assert!(!stderr.contains("panicked"));

    env.index_cmd(&["--full"]).assert().success();
    assert_eq!(env.paths("whimbrel", &[]), ["a.txt"]);
}

#[test]
fn a_truncated_segment_file_is_an_error_not_a_panic() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Greenshank"));
    env.index();
    for ext in ["store", "idx", "fast"] {
        for file in segment_files(&env, ext) {
            let f = std::fs::File::options().write(true).open(file).unwrap();
            f.set_len(3).unwrap();
        }
    }
    let out = env.query("greenshank", &[]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("--full"), "{stderr}");
}

#[test]
fn queries_see_the_last_commit_while_an_index_runs() {
    let env = TestEnv::empty();
    env.write("first.txt", article("Sanderling first"));
    env.index();
    for i in 0..3000 {
        env.write(&format!("more/{i:04}.txt"), article("Sanderling more"));
    }
    let mut child = env.spawn_index();
    let mut answers = Vec::new();
    while child.try_wait().unwrap().is_none() && answers.len() < 50 {
        let (_, summary) = env.query_json("sanderling", &["--limit", "0"]);
        answers.push(summary.total_hits);
    }
    assert!(child.wait().unwrap().success());
    assert!(
        answers.iter().all(|&n| n >= 1),
        "a query saw less than the last commit: {answers:?}"
    );
    assert!(answers.windows(2).all(|w| w[0] <= w[1]), "{answers:?}");
    assert_eq!(
        env.query_json("sanderling", &["--limit", "0"]).1.total_hits,
        3001
    );
}

#[test]
fn rejected_files_are_remembered_not_added_on_every_run() {
    let env = TestEnv::empty();
    env.write("good.txt", article("Plover"));
    env.write("empty.txt", "");
    env.write("noext", "just some words, not an article format");
    env.write(
        "mixed.jsonl",
        "{\"title\": \"Dunlin\", \"text\": \"A dunlin.\"}\nnot json\n",
    );
    env.index_run()
        .code(3)
        .stderr(predicate::str::contains(
            "files: 2 added, 0 updated, 0 removed, 0 unchanged, 2 not indexed (named above)",
        ))
        .stderr(predicate::str::contains("3 skipped"));
    // Nothing changed: nothing is read or added, and every rejected file or
    // record is named again, so the second run reports what the first did.
    // It commits nothing either: what it would remember is what the last
    // commit remembered.
    // (A commit of nothing writes the same bytes again: the file's time
    // tells.)
    let meta = || {
        std::fs::metadata(env.index_dir().join("meta.json"))
            .and_then(|m| m.modified())
            .unwrap()
    };
    let committed = meta();
    env.index_run()
        .code(3)
        .stderr(predicate::str::contains(
            "files: 0 added, 0 updated, 0 removed, 4 unchanged",
        ))
        .stderr(predicate::str::contains("3 skipped"))
        .stderr(predicate::str::contains(
            "empty.txt: the file is empty (unchanged since the last run)",
        ))
        .stderr(predicate::str::contains("noext: unsupported file type"))
        .stderr(predicate::str::contains("mixed.jsonl: line 2:"));
    assert_eq!(meta(), committed, "a run with nothing to do committed");
    // Fixed, the file is read again and indexed; gone, it is forgotten.
    env.write("empty.txt", article("Sanderling"));
    std::fs::remove_file(env.corpus().join("noext")).unwrap();
    env.index_run()
        .code(3)
        .stderr(predicate::str::contains(
            "files: 0 added, 1 updated, 0 removed, 2 unchanged",
        ))
        .stderr(predicate::str::contains("1 skipped"));
    assert_eq!(env.paths("sanderling", &[]), ["empty.txt"]);
}

#[test]
fn a_file_that_changes_into_one_nothing_can_be_read_from_is_not_counted_as_updated() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Curlew"));
    env.write("b.txt", article("Godwit"));
    env.index();
    env.write("a.txt", "");
    env.index_run()
        .code(3)
        .stderr(predicate::str::contains(
            "files: 0 added, 0 updated, 0 removed, 1 unchanged, 1 not indexed (named above)\n",
        ))
        .stderr(predicate::str::contains("a.txt: the file is empty"));
    // What the file held before is gone with it, as its new content says.
    assert!(env.paths("curlew", &[]).is_empty());
    assert_eq!(env.paths("godwit", &[]), ["b.txt"]);
}

#[test]
fn index_without_a_folder_updates_the_folder_the_index_records() {
    let env = TestEnv::empty();
    env.write("a.txt", article("Whimbrel"));
    env.index();
    env.write("b.txt", article("Whimbrel again"));
    env.cmd()
        .args(["index", "--index", "idx"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "files: 1 added, 0 updated, 0 removed, 1 unchanged",
        ));
}

#[test]
fn index_without_a_folder_or_an_index_asks_for_one() {
    TestEnv::empty()
        .cmd()
        .args(["index", "--index", "idx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no folder to index"))
        .stderr(predicate::str::contains(
            "hint: name the folder of articles",
        ));
}

#[test]
fn a_folder_without_articles_says_so_and_exits_one() {
    let env = TestEnv::empty();
    env.index_run()
        .code(1)
        .stderr(predicate::str::contains("no articles found in corpus"));
}
