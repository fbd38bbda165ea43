//! Paths that open from where the user stands, and `newsidx show`.

use predicates::prelude::*;

use crate::testenv::TestEnv;

const ARTICLE: &str = "Harbour wall repaired\nThe council finished the work early.\n4 December 2024 16:16\nThe wall held through the storm, said Ann Lee.\nWork began in May.\n";

fn env_with_articles() -> TestEnv {
    let env = TestEnv::empty();
    env.write("2024/harbour.txt", ARTICLE);
    env.write(
        "wire.jsonl",
        concat!(
            r#"{"title": "Ferry timetable cut", "date": "2024-12-05", "text": "The ferry will sail twice a day."}"#,
            "\n",
            r#"{"title": "Harbour fees rise", "date": "2024-12-06", "text": "Fees at the harbour rise in January."}"#,
            "\n"
        ),
    );
    env.index();
    env
}

#[test]
fn json_hits_keep_the_relative_path_and_add_the_absolute_file() {
    let env = env_with_articles();
    let (hits, _) = env.query_json("harbour", &["--sort", "date"]);
    let corpus = env.corpus().canonicalize().unwrap();
    let by_path: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.path.as_str(), h.file.as_deref().unwrap()))
        .collect();
    let jsonl = corpus.join("wire.jsonl");
    let txt = corpus.join("2024/harbour.txt");
    assert_eq!(
        by_path,
        [
            ("wire.jsonl#2", jsonl.to_str().unwrap()),
            ("2024/harbour.txt", txt.to_str().unwrap()),
        ]
    );
}

#[test]
fn human_output_shows_a_path_that_opens_from_here() {
    let env = env_with_articles();
    let out = env.query("harbour", &["--sort", "date"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The command runs beside `corpus/`, so paths start there.
    let shown: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("corpus/"))
        .map(str::trim)
        .collect();
    assert_eq!(shown, ["corpus/wire.jsonl#2", "corpus/2024/harbour.txt"]);
    for path in shown {
        let file = path.split('#').next().unwrap();
        assert!(
            env.corpus().parent().unwrap().join(file).is_file(),
            "{file}"
        );
    }
}

/// `quotes` and `speakers` name an article as `query` does: the file,
/// from where the command runs, not the path inside the indexed folder.
#[test]
fn quotes_and_speakers_show_the_path_query_shows() {
    let env = env_with_articles();
    let stdout = |args: &[&str]| {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let hits = stdout(&["query", "storm", "--index", "idx"]);
    assert!(hits.contains("   corpus/2024/harbour.txt\n"), "{hits}");
    let quotes = stdout(&["quotes", "storm", "--index", "idx"]);
    assert!(quotes.contains("   corpus/2024/harbour.txt\n"), "{quotes}");
    let speakers = stdout(&["speakers", "storm", "--index", "idx"]);
    assert!(
        speakers.contains("latest: Harbour wall repaired (corpus/2024/harbour.txt)"),
        "{speakers}"
    );
    assert!(
        speakers.contains(
            "reported: The wall held through the storm, said Ann Lee. (corpus/2024/harbour.txt)\n"
        ),
        "{speakers}"
    );
    // Scripts keep the identity, which every command takes back.
    let json = stdout(&["quotes", "storm", "--index", "idx", "--json"]);
    assert!(json.contains("\"path\":\"2024/harbour.txt\""), "{json}");
}

#[test]
fn show_prints_the_stored_article_by_its_path() {
    let env = env_with_articles();
    env.cmd()
        .args(["show", "2024/harbour.txt", "--index", "idx"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Harbour wall repaired\n"))
        .stdout(predicate::str::contains(
            "   The council finished the work early.\n",
        ))
        .stdout(predicate::str::contains("2024-12-04 16:16 UTC | Ann Lee"))
        .stdout(predicate::str::contains("   corpus/2024/harbour.txt\n"))
        .stdout(predicate::str::ends_with(
            "The wall held through the storm, said Ann Lee.\nWork began in May.\n",
        ));
}

#[test]
fn show_takes_the_file_itself_and_a_record_of_a_jsonl_file() {
    let env = env_with_articles();
    let out = env
        .cmd()
        .args([
            "show",
            "corpus/2024/harbour.txt",
            "--index",
            "idx",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["path"], "2024/harbour.txt");
    assert_eq!(value["title"], "Harbour wall repaired");
    assert_eq!(value["speakers"], serde_json::json!(["Ann Lee"]));
    assert!(value["body"].as_str().unwrap().starts_with("The wall held"));
    // The keys of `newsidx parse`, and where the file is.
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["body", "date", "file", "lead", "path", "speakers", "title"]
    );
    assert_eq!(
        value["file"].as_str(),
        env.corpus()
            .canonicalize()
            .unwrap()
            .join("2024/harbour.txt")
            .to_str()
    );

    env.cmd()
        .args(["show", "wire.jsonl#1", "--index", "idx"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Ferry timetable cut\n"));
}

#[test]
fn show_of_an_unknown_article_says_so_and_exits_one() {
    let env = env_with_articles();
    env.cmd()
        .args(["show", "2024/nothing.txt", "--index", "idx"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no article \"2024/nothing.txt\" in the index",
        ))
        .stderr(predicate::str::contains("hint:"));
}
