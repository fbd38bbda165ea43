use predicates::prelude::*;

use crate::testenv::{count_files, sample_corpus, TestEnv};

#[test]
fn indexing_the_sample_corpus_reports_every_article() {
    let env = TestEnv::with_sample_corpus();
    let articles = count_files(&sample_corpus(), "txt");
    assert!(articles >= 40, "the sample corpus should hold 40+ articles");
    env.index()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!(
            "indexed {articles} articles"
        )))
        .stderr(predicate::str::contains("0 skipped, 2 without a date"))
        .stderr(predicate::str::contains("articles/s"));
    let (_, summary) = env.query_json("*", &[]);
    assert_eq!(summary.total_hits, articles);
}

#[test]
fn reindexing_the_same_folder_adds_no_duplicates() {
    let env = TestEnv::with_sample_corpus();
    let articles = count_files(&sample_corpus(), "txt");
    env.index();
    env.index();
    let (_, summary) = env.query_json("*", &[]);
    assert_eq!(summary.total_hits, articles);
    assert_eq!(env.paths("quillmarsh", &[]).len(), 1);
}

#[test]
fn reindexing_replaces_a_changed_article() {
    let env = TestEnv::empty();
    env.write(
        "a.txt",
        "Old headline about otters\nLead.\n4 December 2024 16:16\nBody.\n",
    );
    env.index();
    env.write(
        "a.txt",
        "New headline about beavers\nLead.\n4 December 2024 16:16\nBody.\n",
    );
    env.index();
    assert!(env.paths("otters", &[]).is_empty());
    assert_eq!(env.paths("beavers", &[]), ["a.txt"]);
    assert_eq!(env.query_json("*", &[]).1.total_hits, 1);
}

#[test]
fn index_summary_names_each_skipped_file_and_counts_them() {
    let env = TestEnv::empty();
    env.write(
        "good.txt",
        "A headline\nA lead.\n4 December 2024 16:16\nText.\n",
    );
    env.write("empty.txt", "");
    env.write("picture.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    env.write("notes.pdf", "%PDF-1.4");
    env.index_run()
        .code(3)
        .stderr(predicate::str::contains("empty.txt: the file is empty"))
        .stderr(predicate::str::contains("picture.txt: binary content"))
        .stderr(predicate::str::contains(
            "notes.pdf: unsupported file type .pdf",
        ))
        .stderr(predicate::str::contains("indexed 1 article in"))
        .stderr(predicate::str::contains("3 skipped"));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn gzip_compressed_articles_are_read_and_archives_are_named() {
    let env = TestEnv::empty();
    env.write(
        "story.txt.gz",
        gzip(b"Otters return to the estuary\nA lead.\n4 December 2024 16:16\nText.\n"),
    );
    let lines = concat!(
        r#"{"title": "Beavers dam the brook", "date": "2024-12-05", "body": "Beavers were seen."}"#,
        "\n",
        r#"{"title": "Beavers leave the brook", "date": "2024-12-06", "body": "Gone again."}"#,
        "\n",
        "{not json\n",
    );
    env.write("feed.JSONL.GZ", gzip(lines.as_bytes()));
    let mut cut = gzip(b"Cut short\nA lead.\n4 December 2024 16:16\nText.\n");
    cut.truncate(cut.len() / 2);
    env.write("cut.txt.gz", cut);
    env.write("pack.tar.gz", gzip(b"not read"));
    env.write("memo.docx.gz", gzip(b"not read"));
    env.index_run()
        .code(3)
        .stderr(predicate::str::contains("indexed 3 articles in"))
        .stderr(predicate::str::contains(
            "feed.JSONL.GZ: line 3: invalid JSON",
        ))
        .stderr(predicate::str::contains(
            "cut.txt.gz: cannot decompress gzip",
        ))
        .stderr(predicate::str::contains(
            "pack.tar.gz: unsupported file type .tar.gz (an archive of files: unpack it",
        ))
        .stderr(predicate::str::contains(
            "memo.docx.gz: unsupported file type .docx.gz",
        ))
        .stderr(predicate::str::contains("4 skipped"));
    assert_eq!(env.paths("otters", &[]), ["story.txt.gz"]);
    assert_eq!(
        env.path_set("beavers"),
        ["feed.JSONL.GZ#1", "feed.JSONL.GZ#2"]
    );
    // Unchanged compressed files are not read again; a changed one is.
    env.index_run()
        .stderr(predicate::str::contains("0 updated"));
    env.write(
        "story.txt.gz",
        gzip(b"Herons return to the estuary\nA lead.\n4 December 2024 16:16\nText.\n"),
    );
    env.index_run()
        .stderr(predicate::str::contains("1 updated"));
    assert!(env.paths("otters", &[]).is_empty());
    assert_eq!(env.paths("herons", &[]), ["story.txt.gz"]);
}

#[test]
fn hidden_files_and_folders_are_not_indexed() {
    let env = TestEnv::empty();
    env.write(
        "seen.txt",
        "Visible walrus story\nLead.\n2024-12-04\nText.\n",
    );
    env.write(
        ".draft.txt",
        "Hidden walrus draft\nLead.\n2024-12-04\nText.\n",
    );
    env.write(
        ".git/objects/x.txt",
        "Walrus in git\nLead.\n2024-12-04\nText.\n",
    );
    env.index()
        .stderr(predicate::str::contains("passed over 2 hidden"));
    assert_eq!(env.paths("walrus", &[]), ["seen.txt"]);
}

#[test]
fn articles_in_nested_folders_keep_their_relative_path() {
    let env = TestEnv::empty();
    env.write(
        "2024/12/deep.txt",
        "Pelican report\nLead.\n2024-12-04\nText.\n",
    );
    env.index();
    assert_eq!(env.paths("pelican", &[]), ["2024/12/deep.txt"]);
}

#[test]
fn undated_article_is_indexed_and_counted() {
    let env = TestEnv::empty();
    env.write("nodate.txt", "Heron sighting\nA lead line.\nA body line.\n");
    env.index()
        .stderr(predicate::str::contains("1 without a date"));
    let (hits, _) = env.query_json("heron", &[]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].date, None);
}

#[test]
fn indexing_a_missing_folder_fails_with_a_clear_message() {
    let env = TestEnv::empty();
    env.cmd()
        .args(["index", "no-such-folder", "--index", "idx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read the folder to index: no-such-folder",
        ));
}

#[test]
fn indexing_into_a_folder_of_other_files_is_refused() {
    let env = TestEnv::empty();
    env.write("a.txt", "T\nL\n2024-12-04\nB\n");
    std::fs::create_dir(env.index_dir()).unwrap();
    std::fs::write(env.index_dir().join("thesis.docx"), "precious").unwrap();
    env.index_cmd(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a newsidx index"));
    assert!(env.index_dir().join("thesis.docx").exists());
}

#[test]
fn an_index_folder_inside_the_corpus_is_not_walked() {
    let env = TestEnv::empty();
    env.write("a.txt", "Stoat news\nL\n2024-12-04\nB\n");
    for _ in 0..2 {
        env.cmd()
            .args(["index", "corpus", "--index", "corpus/idx"])
            .assert()
            .success()
            .stderr(predicate::str::contains("0 skipped"));
    }
}

#[test]
fn every_format_in_one_folder_is_indexed_and_bad_records_are_named() {
    let env = TestEnv::empty();
    env.write(
        "a.txt",
        "Otter census\nLead.\n2024-12-04\n\"We counted 40,\" said Ann Lee.\n",
    );
    env.write(
        "b.md",
        "---\ntitle: Otter tunnel opens\ndate: 2024-12-05\n---\nThe **tunnel** is open.\n",
    );
    env.write(
        "c.json",
        r#"{"title": "Otter rescue", "date_publish": "2024-12-06 10:00:00", "maintext": "Crews freed an otter."}"#,
    );
    env.write(
        "feed.jsonl",
        "{\"title\": \"Otter one\", \"date\": \"2024-12-07\", \"text\": \"x\"}\n{broken\n{\"title\": \"Otter two\", \"text\": \"y\"}\n",
    );
    env.write("export", r#"{"title": "Otter export", "body": "z"}"#);
    env.write("LICENSE", "Permission is hereby granted");
    env.index_run()
        .code(3)
        .stderr(predicate::str::contains("feed.jsonl: line 2: invalid JSON"))
        .stderr(predicate::str::contains(
            "LICENSE: unsupported file type (no extension",
        ))
        .stderr(predicate::str::contains("indexed 6 articles"))
        .stderr(predicate::str::contains("2 skipped"));
    let mut paths = env.paths("otter", &[]);
    paths.sort();
    assert_eq!(
        paths,
        [
            "a.txt",
            "b.md",
            "c.json",
            "export",
            "feed.jsonl#1",
            "feed.jsonl#3"
        ]
    );
    assert!(env.paths("tunnel", &[]).contains(&"b.md".to_string()));
    assert!(env
        .paths("speaker:\"ann lee\"", &[])
        .contains(&"a.txt".to_string()));
}

#[test]
fn strict_makes_a_skipped_file_an_error() {
    let env = TestEnv::empty();
    env.write(
        "good.txt",
        "A headline\nA lead.\n4 December 2024 16:16\nText.\n",
    );
    env.write("empty.txt", "");
    env.index_cmd(&["--strict"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty.txt: the file is empty"))
        .stderr(predicate::str::contains("--strict"));
}

#[test]
fn jsonl_record_with_an_unreadable_date_is_indexed_and_named() {
    let env = TestEnv::empty();
    env.write(
        "feed.jsonl",
        concat!(
            r#"{"title": "Ferry timetable cut", "date": "2024-12-04", "body": "Fewer crossings."}"#,
            "\n",
            r#"{"title": "Harbour wall repaired", "date": "bad date", "body": "The wall holds."}"#,
            "\n",
        ),
    );
    env.index()
        .code(0)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            r#"feed.jsonl#2: date "bad date" is not a date newsidx reads; indexed without a date"#,
        ))
        .stderr(predicate::str::contains("indexed 2 articles"))
        .stderr(predicate::str::contains("0 skipped, 1 without a date"));
    assert_eq!(env.paths("harbour", &[]), ["feed.jsonl#2"]);
}
